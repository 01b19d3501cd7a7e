// center.cpp: 个人中心 (CTR-1, CTR-2): the examinee's profile with 身份证号 and 手机号
// masked, the 快捷入口 with each business's window for the current batch, and the links
// of 查询中心. A link to a service outside this system (the provincial site) opens in a new
// tab and says so (kExternalMark). The profile comes with the session (one query); the windows from a
// short-lived per-process cache. No writes.
// SECURITY: shows only the row of the logged-in examinee (id from the session, never
// from the request); decrypts in memory for masking and never logs the values.
#include "modules/center/center.hpp"

#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

#include "common/domain/validate.hpp"
#include "common/store/catalog.hpp"

namespace zk::center {

namespace {
struct QueryLink {
    const char* title;
    const char* config_key;  // configurable target for pages run elsewhere
    const char* built_in;    // our own page, or nullptr
};
// The seed's 查询中心, in its order.
const QueryLink kQueryLinks[] = {
    {"合格成绩查询", nullptr, "/scores"},
    {"当次成绩查询", "link_current_scores", nullptr},
    {"省际转入确认", "link_transfer_in", nullptr},
    {"报考简章", "link_exam_guide", nullptr},
    {"专业计划查询", nullptr, "/plans"},
    {"准考证打印", "link_admission_ticket", nullptr},
    {"当次免考审核结果查询", "link_exemption_results", nullptr},
    {"订单查询", nullptr, "/orders"},
    {"通知公告", nullptr, "/notices"},
    {"已毕业考生登记表", nullptr, "/regform"},
    {"学信网学历验证", nullptr, "/verify/chsi"},
};

// After the title of a link that leaves this system.
const char* const kExternalMark = "（山西招生考试网，新窗口打开）";
bool is_external(const std::string& href) { return href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0; }

void add_link(ctemplate::TemplateDictionary& dict, const std::string& href) {
    dict.SetValue(ZK_KEY("HREF"), href);
    if (is_external(href)) dict.SetValueAndShowSection(ZK_KEY("MARK"), kExternalMark, ZK_KEY("EXTERNAL"));
}

// The windows are the same for every examinee and change a few times a year, so each
// process keeps them for kWindowCacheSeconds; whether a window is open is still decided
// against the clock at every request.
constexpr int kWindowCacheSeconds = 10;

struct Window {
    std::string title, link, opens, closes;
    enum class Kind { NotOpen, AlwaysOpen, Dated } kind = Kind::NotOpen;
    long opens_epoch = 0, closes_epoch = 0;
};

// Shared, not copied: a request holds the list it was given even if a refresh replaces it.
std::shared_ptr<const std::vector<Window>> load_windows(Context& ctx) {
    static std::mutex mutex;
    static std::shared_ptr<const std::vector<Window>> cached;
    static long loaded_at = 0;
    const long now = static_cast<long>(std::time(nullptr));
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (loaded_at != 0 && now - loaded_at < kWindowCacheSeconds) return cached;
    }
    const auto rows = ctx.db.read([](pqxx::nontransaction& tx) { return store::catalog::business_windows(tx); });
    auto fresh = std::make_shared<std::vector<Window>>();
    for (const auto& r : rows) {
        Window w;
        w.title = r.title;
        w.link = r.link;
        if (r.has_window) {
            if (r.always_open) {
                w.kind = Window::Kind::AlwaysOpen;
            } else {
                w.kind = Window::Kind::Dated;
                w.opens = r.opens;
                w.closes = r.closes;
                w.opens_epoch = r.opens_epoch;
                w.closes_epoch = r.closes_epoch;
            }
        }
        fresh->push_back(std::move(w));
    }
    std::lock_guard<std::mutex> lock(mutex);
    cached = fresh;
    loaded_at = now;
    return fresh;
}
}  // namespace

void show_home(Context& ctx) {
    const session::ExamineeProfile& p = ctx.session->examinee;
    const auto& cipher = ctx.app.cipher();
    const long now = static_cast<long>(std::time(nullptr));

    ctemplate::TemplateDictionary dict("home");
    ctx.add_examinee(dict);  // NAME, ID_NUMBER (masked), GENDER, TICKET_NO
    if (p.ticket_no.empty()) dict.ShowSection(ZK_KEY("NO_TICKET"));  // a new examinee, before any exam
    dict.SetValue(ZK_KEY("ETHNICITY"), p.ethnicity);
    dict.SetValue(ZK_KEY("HUKOU"), p.hukou);
    dict.SetValue(ZK_KEY("EDUCATION"), p.education);
    dict.SetValue(ZK_KEY("OCCUPATION"), p.occupation);
    dict.SetValue(ZK_KEY("POLITICAL"), p.political_status);
    dict.SetValue(ZK_KEY("PHONE"), p.phone_enc.empty() ? std::string() : validate::mask_phone(cipher.decrypt(p.phone_enc, "phone")));
    dict.SetValue(ZK_KEY("COUNTY"), p.county_name);
    dict.SetValue(ZK_KEY("EMAIL"), p.email);

    // The next step of a submitted 毕业申请 (seed step 4): the graduation photo.
    const std::string& application = p.application_status;
    if (application == "submitted") dict.ShowSection(ZK_KEY("PHOTO_DUE"));
    else if (!application.empty() && application != "draft") dict.ShowSection(ZK_KEY("PHOTO_DONE"));

    const auto windows = load_windows(ctx);
    for (const Window& w : *windows) {
        auto* tile = dict.AddSectionDictionary(ZK_KEY("WINDOW"));
        tile->SetValue(ZK_KEY("TITLE"), w.title);
        add_link(*tile, w.link);
        bool open_now = false;
        switch (w.kind) {
            case Window::Kind::NotOpen: tile->ShowSection(ZK_KEY("NOT_OPEN")); break;
            case Window::Kind::AlwaysOpen:
                tile->ShowSection(ZK_KEY("ALWAYS_OPEN"));
                open_now = true;
                break;
            case Window::Kind::Dated: {
                open_now = now >= w.opens_epoch && now <= w.closes_epoch;
                auto* dates = tile->AddSectionDictionary(ZK_KEY("DATES"));
                dates->SetValue(ZK_KEY("OPENS"), w.opens);
                dates->SetValue(ZK_KEY("CLOSES"), w.closes);
                dates->SetValue(ZK_KEY("STATE"), open_now ? "已开放" : (now < w.opens_epoch ? "未开始" : "已结束"));
                dates->SetValue(ZK_KEY("STATE_CLASS"), open_now ? "open" : "closed");
                break;
            }
        }
        if (open_now) tile->ShowSection(ZK_KEY("ENTER"));
    }
    for (const auto& q : kQueryLinks) {
        auto* link = dict.AddSectionDictionary(ZK_KEY("QUERY_LINK"));
        link->SetValue(ZK_KEY("TITLE"), q.title);
        add_link(*link, q.built_in ? q.built_in : ctx.app.config().get(q.config_key, "http://www.sxkszx.cn/"));
    }
    ctx.page(200, "个人中心", "center/home.tpl", dict);
}

}  // namespace zk::center
