// verifications.cpp: the back office's 工作台 and 身份认证人工审核 (ACC-5, REV-1, REV-2):
// the queue of submissions handed over to a person, one submission with its photos and
// the verifier's opinion, the decisions 通过 / 不通过 (with a reason), and the photos
// themselves. Decisions go through common/domain/identity (approve()/refuse()), which lock the
// submission, apply the outcome to the examinee and append to the staff audit log.
// SECURITY: every statement carries the staff member's scope in its WHERE clause
// (scope.hpp); a submission or photo outside the scope gets exactly the 404 of one that
// does not exist, so ids of other counties cannot be probed. 身份证号 and 手机号 are
// decrypted in memory only to be masked; logs carry ids, never personal data.
#include <tuple>

#include "common/domain/identity.hpp"
#include "common/base/log.hpp"
#include "common/domain/recovery.hpp"
#include "common/domain/validate.hpp"
#include "modules/review/review.hpp"
#include "modules/review/scope.hpp"

namespace zk::review {

namespace {
const char* const kNotFound = "您访问的页面不存在。";
const char* const kAlreadyDecided = "该认证已处理，请返回列表刷新。";
constexpr int kQueueLimit = 200;  // rows on one page; oldest first, so only the newest wait for a refresh

// The examinee behind a row, and its county: the `e` and `c` that scope_condition() uses.
const std::string kJoinExaminee =
    " JOIN examinees e ON e.id = v.examinee_id LEFT JOIN counties c ON c.code = e.county_code ";
const std::string kChinaTime = " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') ";

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }


const char* path_label(const std::string& path) {
    if (path == "new") return "三照";
    if (path == "enrolled") return "两照";
    if (path == "reset") return "两照（找回密码）";
    return "其他";
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

const char* origin_label(const std::string& origin) {
    if (origin == "imported") return "在籍考生（考籍库导入）";
    if (origin == "registered") return "新考生（网上注册）";
    return "未知";
}

// A blob that no longer decrypts is a data problem to investigate, not a reason to lose
// the whole queue page: it is shown as "****" and logged by row id.
using Mask = std::string (*)(std::string_view);
std::string masked(const App& app, const pqxx::field& blob, const char* context, Mask mask, std::int64_t examinee_id) {
    if (blob.is_null()) return "";
    try {
        return mask(app.cipher().decrypt(db::bytes_of(blob), context));
    } catch (const crypto::CryptoError&) {
        log::error("review.decrypt_failed", {{"examinee", std::to_string(examinee_id)}, {"field", context}});
        return "****";
    }
}

// The reason is shown to the examinee, so it is trimmed of ASCII and full-width (U+3000)
// spaces at both ends before it is judged.
std::string trimmed(const std::string& s) {
    static const std::string kIdeographicSpace = "\xE3\x80\x80";
    auto ascii_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    std::size_t b = 0, e = s.size();
    for (;;) {
        if (b < e && ascii_space(s[b])) ++b;
        else if (e - b >= 3 && s.compare(b, 3, kIdeographicSpace) == 0) b += 3;
        else break;
    }
    // 0xE3 is never a continuation byte, so a match at the end is a whole U+3000.
    for (;;) {
        if (e > b && ascii_space(s[e - 1])) --e;
        else if (e - b >= 3 && s.compare(e - 3, 3, kIdeographicSpace) == 0) e -= 3;
        else break;
    }
    return s.substr(b, e - b);
}

std::optional<std::string> reason_error(const std::string& reason) {
    if (reason.empty()) return "请填写不通过原因。";
    if (!validate::is_clean_utf8(reason)) return "不通过原因含有无法识别的字符，请重新填写。";
    const std::size_t n = validate::utf8_length(reason);
    if (n < 2) return "不通过原因至少填写2个字。";
    if (n > 200) return "不通过原因不能超过200个字。";
    return std::nullopt;
}

pqxx::result detail_row(Context& ctx, std::int64_t id) {
    const Scope sc = scope_of(*ctx.session);
    return ctx.db.read([&](pqxx::nontransaction& tx) {
        return tx.exec_prepared("review_detail", id, sc.role, sc.county_code, sc.city_code);
    });
}

void add_photo(ctemplate::TemplateDictionary& dict, const pqxx::field& id, const char* kind) {
    if (id.is_null()) return;
    auto* photo = dict.AddSectionDictionary("PHOTO");
    photo->SetValue("PHOTO_ID", id.as<std::string>());
    photo->SetValue("LABEL", identity::kind_label(kind));
}

void render_detail(Context& ctx, int status, const pqxx::row& r, const std::string& reason,
                   const std::string& reason_message) {
    const std::int64_t examinee_id = r["examinee_id"].as<std::int64_t>();
    ctemplate::TemplateDictionary dict("review_detail");
    dict.SetValue("ID", text(r["id"]));
    dict.SetValue("NAME", text(r["name"]));
    dict.SetValue("ID_NUMBER", masked(ctx.app, r["id_number_enc"], "id_number", validate::mask_id_number, examinee_id));
    dict.SetValue("GENDER", text(r["gender"]) == "F" ? "女" : "男");
    dict.SetValue("COUNTY", text(r["county_name"]));
    dict.SetValue("PHONE", masked(ctx.app, r["phone_enc"], "phone", validate::mask_phone, examinee_id));
    dict.SetValue("ORIGIN", origin_label(text(r["origin"])));
    dict.SetValue("PATH", path_label(text(r["path"])));
    dict.SetValue("SUBMITTED", text(r["submitted"]));
    dict.SetValue("VERIFIER", text(r["verifier"]));
    dict.SetValue("OUTCOME", outcome_label(text(r["verifier_outcome"])));
    dict.SetValue("VERIFIER_REASON", text(r["verifier_reason"]));
    dict.SetValue("STATUS", status_label(text(r["status"])));
    add_photo(dict, r["portrait_photo_id"], "portrait");
    add_photo(dict, r["id_front_photo_id"], "id_front");
    add_photo(dict, r["id_in_hand_photo_id"], "id_in_hand");
    if (text(r["path"]) == "reset") {
        // ACC-7: the clerk confirms a reset by comparing with the photos on record.
        dict.ShowSection("RESET");
        const Scope sc = scope_of(*ctx.session);
        const auto record = ctx.db.read([&](pqxx::nontransaction& tx) {
            return tx.exec_prepared("review_record_photos", examinee_id, r["id"].as<std::int64_t>(), sc.role,
                                    sc.county_code, sc.city_code);
        });
        for (const auto& p : record) {
            auto* tile = dict.AddSectionDictionary("RECORD_PHOTO");
            tile->SetValue("PHOTO_ID", text(p["id"]));
            tile->SetValue("LABEL", identity::kind_label(text(p["kind"])));
        }
        dict.ShowSection(record.empty() ? "NO_RECORD" : "HAS_RECORD");
    } else {
        dict.ShowSection("NOT_RESET");
    }
    if (text(r["status"]) == "manual") {
        auto* open = dict.AddSectionDictionary("OPEN");
        open->SetValue("REASON", reason);
        if (!reason_message.empty()) open->SetValueAndShowSection("REASON_ERROR", reason_message, "HAS_REASON_ERROR");
    } else {
        auto* decided = dict.AddSectionDictionary("DECIDED");
        decided->SetValue("DECIDED_AT", text(r["decided"]));
        decided->SetValue("DECIDED_BY", text(r["decided_by_name"]));
        if (!r["refusal_reason"].is_null()) decided->SetValueAndShowSection("REFUSAL", text(r["refusal_reason"]), "HAS_REFUSAL");
    }
    ctx.page(status, "身份认证审核", "review/detail.tpl", dict);
}

enum class Decided { NotFound, AlreadyDecided, Done };

// Locks the submission inside the scope, then lets common/domain/identity decide. The scoped
// lock comes first so a submission outside the scope is never touched, and a second
// click (or a colleague) deciding at the same moment waits and then sees it decided.
template <typename Decide>
Decided decide(Context& ctx, std::int64_t id, Decide&& apply) {
    const Scope sc = scope_of(*ctx.session);
    return ctx.db.write([&](pqxx::work& tx) {
        auto r = tx.exec_prepared("review_lock", id, sc.role, sc.county_code, sc.city_code);
        if (r.empty()) return Decided::NotFound;
        if (r[0]["status"].as<std::string>() != "manual") return Decided::AlreadyDecided;
        return apply(tx) ? Decided::Done : Decided::AlreadyDecided;
    });
}
}  // namespace

db::Statements verification_statements() {
    const std::string columns =
        "SELECT v.id, v.path, v.status, v.verifier_reason, v.refusal_reason, "
        "  to_char(v.created_at" + kChinaTime + "AS submitted, to_char(v.decided_at" + kChinaTime + "AS decided, "
        "  d.display_name AS decided_by_name, e.id AS examinee_id, e.name, e.id_number_enc, "
        "  COALESCE(c.city_name || c.name, '') AS county_name ";
    const std::string from = "FROM identity_verifications v" + kJoinExaminee + "LEFT JOIN staff d ON d.id = v.decided_by ";
    return {
        {"review_scope_names",
         "SELECT (SELECT city_name || name FROM counties WHERE code = CAST(NULLIF($1::text, '') AS char(6))) AS county_name, "
         "       (SELECT min(city_name) FROM counties WHERE city_code = CAST(NULLIF($2::text, '') AS char(6))) AS city_name"},
        {"review_pending_count",
         "SELECT count(*) AS pending, to_char(min(v.created_at)" + kChinaTime + "AS oldest "
         "FROM identity_verifications v" + kJoinExaminee + "WHERE v.status = 'manual' AND " + scope_condition(1)},
        {"review_queue",
         columns + from + "WHERE v.status = 'manual' AND " + scope_condition(1) +
             " ORDER BY v.created_at, v.id LIMIT $4"},
        {"review_history",
         columns + from + "WHERE v.status = $1 AND " + scope_condition(2) +
             " ORDER BY v.decided_at DESC NULLS LAST, v.id DESC LIMIT $5"},
        {"review_detail",
         "SELECT v.id, v.path, v.status, v.verifier, v.verifier_outcome, v.verifier_reason, v.refusal_reason, "
         "  v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id, "
         "  to_char(v.created_at" + kChinaTime + "AS submitted, to_char(v.decided_at" + kChinaTime + "AS decided, "
         "  d.display_name AS decided_by_name, e.id AS examinee_id, e.name, e.id_number_enc, e.gender, "
         "  e.phone_enc, e.origin, COALESCE(c.city_name || c.name, '') AS county_name " +
             from + "WHERE v.id = $1 AND " + scope_condition(2)},
        {"review_lock",
         "SELECT v.status FROM identity_verifications v" + kJoinExaminee + "WHERE v.id = $1 AND " +
             scope_condition(2) + " FOR UPDATE OF v"},
        // The photos of the examinee's last confirmed identity other than this submission.
        {"review_record_photos",
         "SELECT p.id, p.kind FROM photos p JOIN ("
         "  SELECT portrait_photo_id, id_front_photo_id, id_in_hand_photo_id FROM identity_verifications "
         "  WHERE examinee_id = $1 AND status = 'approved' AND id <> $2 ORDER BY decided_at DESC, id DESC LIMIT 1) v "
         "ON p.id IN (v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id) "
         "JOIN examinees e ON e.id = p.examinee_id LEFT JOIN counties c ON c.code = e.county_code "
         "WHERE " + scope_condition(3) + " ORDER BY p.kind DESC"},
        {"review_photo",
         "SELECT p.data FROM photos p JOIN examinees e ON e.id = p.examinee_id "
         "LEFT JOIN counties c ON c.code = e.county_code WHERE p.id = $1 AND " + scope_condition(2)},
    };
}

db::Statements statements() {
    db::Statements all = login_statements();
    for (auto& s : verification_statements()) all.push_back(std::move(s));
    for (auto& s : identity::statements()) all.push_back(std::move(s));
    for (auto& s : recovery::statements()) all.push_back(std::move(s));
    return all;
}

void show_dashboard(Context& ctx) {
    const Scope sc = scope_of(*ctx.session);
    auto [names, counts] = ctx.db.read([&](pqxx::nontransaction& tx) {
        return std::make_pair(tx.exec_prepared("review_scope_names", sc.county_code, sc.city_code),
                              tx.exec_prepared("review_pending_count", sc.role, sc.county_code, sc.city_code));
    });
    std::string area;
    if (sc.role == "county") area = text(names[0]["county_name"]);
    else if (sc.role == "city") area = text(names[0]["city_name"]) + "各县区";
    else if (sc.role == "province" || sc.role == "admin") area = "全省";
    if (area.empty()) area = "无（请联系管理员设置管辖范围）";

    ctemplate::TemplateDictionary dict("review_dashboard");
    dict.SetValue("STAFF_NAME", ctx.session->display_name);
    dict.SetValue("ROLE", role_label(sc.role));
    dict.SetValue("AREA", area);
    dict.SetValue("PENDING", text(counts[0]["pending"]));
    if (!counts[0]["oldest"].is_null()) dict.SetValueAndShowSection("OLDEST", text(counts[0]["oldest"]), "HAS_OLDEST");
    ctx.page(200, "工作台", "review/dashboard.tpl", dict);
}

void show_queue(Context& ctx) {
    const std::string status = ctx.req.query_params.value("status");
    const bool history = status == "approved" || status == "refused";
    if (!history && !status.empty() && status != "manual") return ctx.fail(404, kNotFound);
    const Scope sc = scope_of(*ctx.session);
    // One row more than shown tells whether the list was cut.
    auto rows = ctx.db.read([&](pqxx::nontransaction& tx) {
        if (history)
            return tx.exec_prepared("review_history", status, sc.role, sc.county_code, sc.city_code, kQueueLimit + 1);
        return tx.exec_prepared("review_queue", sc.role, sc.county_code, sc.city_code, kQueueLimit + 1);
    });

    ctemplate::TemplateDictionary dict("review_queue");
    // 待审核 / 已通过 / 未通过: the current one is text, the others are links.
    const std::string current = history ? status : "manual";
    for (const auto& [key, label, href] : {std::tuple{"manual", "待审核", "/admin/verifications"},
                                           std::tuple{"approved", "已通过", "/admin/verifications?status=approved"},
                                           std::tuple{"refused", "未通过", "/admin/verifications?status=refused"}}) {
        auto* tab = dict.AddSectionDictionary("TAB");
        tab->SetValue("LABEL", label);
        tab->SetValue("HREF", href);
        tab->ShowSection(current == key ? "CURRENT" : "LINK");
    }
    const std::string done = ctx.req.query_params.value("done");
    if (done == "approved") dict.SetValueAndShowSection("DONE", "已通过该考生的身份认证。", "HAS_DONE");
    if (done == "refused") dict.SetValueAndShowSection("DONE", "已将该身份认证标记为不通过，考生可重新提交。", "HAS_DONE");

    int n = 0;
    ctemplate::TemplateDictionary* table = nullptr;  // nested sections live in their parent's dictionary
    for (const auto& r : rows) {
        if (n == kQueueLimit) {
            dict.SetIntValue("LIMIT", kQueueLimit);
            dict.ShowSection("TRUNCATED");
            break;
        }
        if (!table) {
            table = dict.AddSectionDictionary("HAS_ROWS");
            if (history) table->ShowSection("HISTORY");
        }
        const std::int64_t examinee_id = r["examinee_id"].as<std::int64_t>();
        auto* row = table->AddSectionDictionary("ROW");
        row->SetIntValue("SEQ", ++n);
        row->SetValue("ID", text(r["id"]));
        row->SetValue("NAME", text(r["name"]));
        row->SetValue("ID_NUMBER", masked(ctx.app, r["id_number_enc"], "id_number", validate::mask_id_number, examinee_id));
        row->SetValue("COUNTY", text(r["county_name"]));
        row->SetValue("PATH", path_label(text(r["path"])));
        row->SetValue("SUBMITTED", text(r["submitted"]));
        row->SetValue("VERIFIER_REASON", text(r["verifier_reason"]));
        if (history) {
            auto* h = row->AddSectionDictionary("HISTORY_CELLS");
            h->SetValue("DECIDED_AT", text(r["decided"]));
            h->SetValue("DECIDED_BY", text(r["decided_by_name"]));
            h->SetValue("REFUSAL", text(r["refusal_reason"]));
        }
    }
    if (n == 0) dict.ShowSection("EMPTY");
    ctx.page(200, "身份认证人工审核", "review/queue.tpl", dict);
}

void show_verification(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const auto r = detail_row(ctx, *id);
    if (r.empty()) return ctx.fail(404, kNotFound);
    render_detail(ctx, 200, r[0], "", "");
}

void do_approve(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const std::int64_t staff_id = ctx.session->subject_id;
    const Decided d = decide(ctx, *id, [&](pqxx::work& tx) {
        if (!identity::approve(tx, *id, staff_id)) return false;
        recovery::notify_reset_approved(tx, ctx.app.cipher(), *id);  // only for a 找回密码 request
        return true;
    });
    if (d == Decided::NotFound) return ctx.fail(404, kNotFound);
    if (d == Decided::AlreadyDecided) return ctx.fail(409, kAlreadyDecided);
    log::info("review.identity.approved", {{"staff", std::to_string(staff_id)}, {"verification", std::to_string(*id)}});
    ctx.res.redirect("/admin/verifications?done=approved");
}

void do_refuse(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const std::string typed = ctx.req.form.value("reason");
    const std::string reason = trimmed(typed);
    if (const auto message = reason_error(reason)) {
        // The scope is checked before the form is judged: an id outside the scope gets
        // the same 404 with or without a reason.
        const auto r = detail_row(ctx, *id);
        if (r.empty()) return ctx.fail(404, kNotFound);
        if (text(r[0]["status"]) != "manual") return ctx.fail(409, kAlreadyDecided);
        return render_detail(ctx, 400, r[0], typed, *message);
    }
    const std::int64_t staff_id = ctx.session->subject_id;
    const Decided d =
        decide(ctx, *id, [&](pqxx::work& tx) { return identity::refuse(tx, *id, staff_id, reason); });
    if (d == Decided::NotFound) return ctx.fail(404, kNotFound);
    if (d == Decided::AlreadyDecided) return ctx.fail(409, kAlreadyDecided);
    log::info("review.identity.refused", {{"staff", std::to_string(staff_id)}, {"verification", std::to_string(*id)}});
    ctx.res.redirect("/admin/verifications?done=refused");
}

void serve_photo(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const Scope sc = scope_of(*ctx.session);
    auto r = ctx.db.read([&](pqxx::nontransaction& tx) {
        return tx.exec_prepared("review_photo", *id, sc.role, sc.county_code, sc.city_code);
    });
    if (r.empty()) return ctx.fail(404, kNotFound);
    ctx.res.status = 200;
    // Stored photos are always re-encoded JPEG (the photos table's CHECK); the browser
    // must not keep a citizen's ID card picture in its cache.
    ctx.res.set_header("Content-Type", "image/jpeg");
    ctx.res.set_header("Cache-Control", "no-store");
    ctx.res.body = db::bytes_of(r[0]["data"]);
}

}  // namespace zk::review
