// notices.cpp: 通知公告 (CTR-3), the public pages of 查询中心: /notices lists the published
// notices (not withdrawn, publish time reached), newest first, title and date, each
// linked; /notices/{id} shows one, its plain-text body as paragraphs (one per line).
// Administrators write them (modules/review/admin_notices.cpp).
// SECURITY: Access::Public; visibility is decided in SQL against now(), so a withdrawn,
// future or missing notice answers the same 404. The text is escaped by the templates
// (AUTOESCAPE), never inserted as HTML.
#include "common/domain/validate.hpp"
#include "common/store/notices.hpp"
#include "modules/center/center.hpp"

namespace zk::center {

namespace {
constexpr int kListLimit = 200;
const char* const kNoNotice = "该通知公告不存在或已撤回。";
}  // namespace

void show_notices(Context& ctx) {
    const auto rows = ctx.db.read([](pqxx::nontransaction& tx) { return store::notices::published(tx, kListLimit); });
    ctemplate::TemplateDictionary dict("notices");
    for (const auto& n : rows) {
        auto* row = dict.AddSectionDictionary("NOTICE");
        row->SetValue("ID", std::to_string(n.id));
        row->SetValue("TITLE", n.title);
        row->SetValue("DATE", n.published_date);
    }
    if (rows.empty()) dict.ShowSection("EMPTY");
    ctx.page(200, "通知公告", "center/notices.tpl", dict);
}

void show_notice(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNoNotice);
    const auto n = ctx.db.read([&](pqxx::nontransaction& tx) { return store::notices::find_published(tx, *id); });
    if (!n) return ctx.fail(404, kNoNotice);
    ctemplate::TemplateDictionary dict("notice");
    dict.SetValue("TITLE", n->title);
    dict.SetValue("PUBLISHED", n->published);
    // Each line is a paragraph; blank lines only separate.
    std::size_t start = 0;
    while (start <= n->body.size()) {
        std::size_t end = n->body.find('\n', start);
        if (end == std::string::npos) end = n->body.size();
        std::string line = n->body.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") != std::string::npos)
            dict.AddSectionDictionary("PARAGRAPH")->SetValue("LINE", line);
        start = end + 1;
    }
    ctx.page(200, n->title, "center/notice.tpl", dict);
}

}  // namespace zk::center
