// shared.cpp: see shared.hpp.
#include "modules/review/shared.hpp"

#include <tuple>

#include "common/base/forms.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "modules/review/scope.hpp"
#include "common/domain/validate.hpp"

namespace zk::review {

namespace {
struct NavLink {
    const char* href;
    const char* label;
    bool admin_only;
};
const NavLink kNav[] = {
    {"/admin", "工作台", false},
    {"/admin/verifications", "身份认证审核", false},
    {"/admin/graduation-photos", "毕业照片审核", false},
    {"/admin/prereview", "预审", false},
    {"/admin/oldplan", "旧计划核验", false},
    {"/admin/materials", "材料交回", false},
    {"/admin/final", "审定", false},
    {"/admin/reports", "统计报表", false},
    {"/admin/settings/windows", "业务开放时间", true},
    {"/admin/settings/fees", "毕业申请费用", true},
    {"/admin/notices", "通知公告", true},
    {"/admin/staff", "工作人员账号", true},
    {"/admin/logout", "退出登录", false},
};
}  // namespace

void staff_page(Context& ctx, int status, const std::string& title, const std::string& tpl,
                ctemplate::TemplateDictionary& dict, const std::string& current) {
    const bool admin = ctx.session && ctx.session->staff.role == "admin";
    auto* nav = dict.AddIncludeDictionary("NAV");
    nav->SetFilename("review/nav.tpl");
    for (const auto& link : kNav) {
        if (link.admin_only && !admin) continue;
        auto* a = nav->AddSectionDictionary("LINK");
        a->SetValue("HREF", link.href);
        a->SetValue("LABEL", link.label);
        if (current == link.href) a->ShowSection("CURRENT");
    }
    ctx.page(status, title, tpl, dict);
}

std::string masked(const App& app, const std::optional<std::string>& blob, const char* context, Mask mask,
                   std::int64_t examinee_id) {
    if (!blob) return "";
    try {
        return mask(app.cipher().decrypt(*blob, context));
    } catch (const crypto::CryptoError&) {
        // A data problem to investigate, not a reason to lose the whole page.
        log::error("review.decrypt_failed", {{"examinee", std::to_string(examinee_id)}, {"field", context}});
        return "****";
    }
}

const char* outcome_label(const std::string& outcome) {
    if (outcome == "pass") return "通过";
    if (outcome == "fail") return "不通过";
    if (outcome == "manual") return "转人工审核";
    return "未知";
}

const char* status_label(const std::string& status) {
    if (status == "manual") return "待人工审核";
    if (status == "approved") return "已通过";
    if (status == "refused") return "未通过";
    if (status == "superseded") return "已被考生新的提交取代";
    if (status == "cancelled") return "已由账号本人取消";
    return "未知";
}

std::optional<std::string> reason_error(const std::string& reason) {
    if (reason.empty()) return "请填写不通过原因。";
    if (!validate::is_clean_utf8(reason)) return "不通过原因含有无法识别的字符，请重新填写。";
    const std::size_t n = validate::utf8_length(reason);
    if (n < 2) return "不通过原因至少填写2个字。";
    if (n > 200) return "不通过原因不能超过200个字。";
    return std::nullopt;
}

std::optional<QueuePage> queue_page(Context& ctx) {
    QueuePage q;
    q.counties = ctx.db.read(
        [&](pqxx::nontransaction& tx) { return store::reference::counties_in_scope(tx, scope_of(*ctx.session)); });
    q.filter.county_code = ctx.req.query_params.value("county");
    if (!q.filter.county_code.empty()) {
        bool known = false;
        for (const auto& c : q.counties) known = known || c.code == q.filter.county_code;
        if (!known) return std::nullopt;
    }
    // A search that cannot match (too long, broken UTF-8) is dropped rather than refused.
    q.filter.search = strings::trim(ctx.req.query_params.value("q"));
    if (!validate::is_clean_utf8(q.filter.search) || validate::utf8_length(q.filter.search) > 30) q.filter.search.clear();
    const std::string page = ctx.req.query_params.value("page");
    if (!page.empty()) {
        const auto n = validate::row_id(page);
        if (!n || *n > 100000) return std::nullopt;
        q.page = static_cast<int>(*n);
    }
    q.filter.limit = kPageSize;
    q.filter.offset = (q.page - 1) * kPageSize;
    return q;
}

void add_filter(ctemplate::TemplateDictionary& dict, const QueuePage& q, const std::string& base,
                const std::string& keep_name, const std::string& keep_value, std::int64_t total,
                const char* county_label) {
    auto* f = dict.AddIncludeDictionary("FILTER");
    f->SetFilename("review/filter.tpl");
    f->SetValue("COUNTY_LABEL", county_label);
    f->SetValue("BASE", base);
    f->SetValue("KEEP_NAME", keep_name);
    f->SetValue("KEEP_VALUE", keep_value);
    if (q.counties.size() > 1) {
        auto* sel = f->AddSectionDictionary("COUNTY_FILTER");
        for (const auto& c : q.counties) {
            auto* o = sel->AddSectionDictionary("COUNTY_OPTION");
            o->SetValue("CODE", c.code);
            o->SetValue("NAME", c.city_name + c.name);
            if (c.code == q.filter.county_code) o->ShowSection("SELECTED");
        }
    }
    f->SetValue("Q", q.filter.search);
    f->SetValue("TOTAL", std::to_string(total));
    const std::int64_t pages = std::max<std::int64_t>(1, (total + kPageSize - 1) / kPageSize);
    f->SetIntValue("PAGE", q.page);
    f->SetValue("PAGES", std::to_string(pages));
    const std::string link = base + "?" + keep_name + "=" + http::url_encode(keep_value) +
                             "&county=" + http::url_encode(q.filter.county_code) +
                             "&q=" + http::url_encode(q.filter.search) + "&page=";
    if (q.page > 1) f->SetValueAndShowSection("PREV_HREF", link + std::to_string(q.page - 1), "PREV");
    if (q.page < pages) f->SetValueAndShowSection("NEXT_HREF", link + std::to_string(q.page + 1), "NEXT");
}

std::optional<std::string> queue_status(const Context& ctx) {
    const std::string status = ctx.req.query_params.value("status");
    if (status.empty() || status == "manual") return "manual";
    if (status == "approved" || status == "refused") return status;
    return std::nullopt;
}

void add_queue_head(const Context& ctx, ctemplate::TemplateDictionary& dict, const std::string& base,
                    const std::string& current, const char* approved_done, const char* refused_done) {
    for (const auto& [key, label, query] : {std::tuple{"manual", "待审核", ""},
                                            std::tuple{"approved", "已通过", "?status=approved"},
                                            std::tuple{"refused", "未通过", "?status=refused"}}) {
        auto* tab = dict.AddSectionDictionary("TAB");
        tab->SetValue("LABEL", label);
        tab->SetValue("HREF", base + query);
        tab->ShowSection(current == key ? "CURRENT" : "LINK");
    }
    const std::string done = ctx.req.query_params.value("done");
    if (done == "approved") dict.SetValueAndShowSection("DONE", approved_done, "HAS_DONE");
    if (done == "refused") dict.SetValueAndShowSection("DONE", refused_done, "HAS_DONE");
}

}  // namespace zk::review
