// center.cpp: 个人中心 (CTR-1, CTR-2): the examinee's profile with 身份证号 and 手机号
// masked, the 快捷入口 with each business's window for the current batch, and the links
// of 查询中心. Two reads, no writes.
// SECURITY: shows only the row of the logged-in examinee (id from the session, never
// from the request); decrypts in memory for masking and never logs the values.
#include "modules/center/center.hpp"

#include "common/validate.hpp"

namespace zk::center {

db::Statements statements() {
    return {
        {"center_profile",
         "SELECT e.name, e.id_number_enc, e.ticket_no, e.gender, e.ethnicity, e.hukou, e.education, "
         "       e.occupation, e.political_status, e.phone_enc, e.email, "
         "       c.city_name || c.name AS county "
         "FROM examinees e LEFT JOIN counties c ON c.code = e.county_code WHERE e.id = $1"},
        {"center_windows",
         "SELECT b.code, b.title, b.link, w.always_open, "
         "       to_char(w.opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS opens, "
         "       to_char(w.closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closes, "
         "       COALESCE(w.always_open OR now() BETWEEN w.opens_at AND w.closes_at, false) AS open_now, "
         "       COALESCE(now() < w.opens_at, false) AS not_yet "
         "FROM businesses b "
         "LEFT JOIN business_windows w ON w.business_code = b.code "
         "     AND w.batch_id = (SELECT id FROM batches WHERE is_current) "
         "ORDER BY b.sort_order"},
    };
}

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

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }
}  // namespace

void show_home(Context& ctx) {
    const std::int64_t id = ctx.examinee_id();
    auto [profile, windows] = ctx.db.read([&](pqxx::nontransaction& tx) {
        return std::make_pair(tx.exec_prepared("center_profile", id), tx.exec_prepared("center_windows"));
    });
    if (profile.empty()) return ctx.fail(404, "未找到考生信息，请重新登录。");
    const auto& p = profile[0];
    const auto& cipher = ctx.app.cipher();

    ctemplate::TemplateDictionary dict("home");
    dict.SetValue("NAME", text(p["name"]));
    dict.SetValue("ID_NUMBER", validate::mask_id_number(cipher.decrypt(db::bytes_of(p["id_number_enc"]), "id_number")));
    dict.SetValue("TICKET_NO", text(p["ticket_no"]));
    dict.SetValue("GENDER", text(p["gender"]) == "F" ? "女" : "男");
    dict.SetValue("ETHNICITY", text(p["ethnicity"]));
    dict.SetValue("HUKOU", text(p["hukou"]));
    dict.SetValue("EDUCATION", text(p["education"]));
    dict.SetValue("OCCUPATION", text(p["occupation"]));
    dict.SetValue("POLITICAL", text(p["political_status"]));
    dict.SetValue("PHONE", p["phone_enc"].is_null() ? std::string()
                                                    : validate::mask_phone(cipher.decrypt(db::bytes_of(p["phone_enc"]), "phone")));
    dict.SetValue("COUNTY", text(p["county"]));
    dict.SetValue("EMAIL", text(p["email"]));

    for (const auto& w : windows) {
        auto* tile = dict.AddSectionDictionary("WINDOW");
        tile->SetValue("TITLE", text(w["title"]));
        tile->SetValue("LINK", text(w["link"]));
        const bool open_now = w["open_now"].as<bool>();
        if (w["always_open"].is_null()) {
            tile->ShowSection("NOT_OPEN");
        } else if (w["always_open"].as<bool>()) {
            tile->ShowSection("ALWAYS_OPEN");
        } else {
            auto* dates = tile->AddSectionDictionary("DATES");
            dates->SetValue("OPENS", text(w["opens"]));
            dates->SetValue("CLOSES", text(w["closes"]));
            dates->SetValue("STATE", open_now ? "已开放" : (w["not_yet"].as<bool>() ? "未开始" : "已结束"));
            dates->SetValue("STATE_CLASS", open_now ? "open" : "closed");
        }
        if (open_now) tile->ShowSection("ENTER");
    }
    for (const auto& q : kQueryLinks) {
        auto* link = dict.AddSectionDictionary("QUERY_LINK");
        link->SetValue("TITLE", q.title);
        link->SetValue("HREF", q.built_in ? q.built_in : ctx.app.config().get(q.config_key, "http://www.sxkszx.cn/"));
    }
    ctx.page(200, "个人中心", "center/home.tpl", dict);
}

}  // namespace zk::center
