// verifications.cpp: the back office's 工作台 and 身份认证人工审核 (ACC-5, REV-1, REV-2):
// the queue of submissions handed over to a person, one submission with its photos and
// the verifier's opinion, the decisions 通过 / 不通过 (with a reason), and the photos
// themselves. Decisions go through common/domain/identity (approve()/refuse()), which lock the
// submission, apply the outcome to the examinee and append to the staff audit log.
// SECURITY: every read and lock goes through common/store/review_queue, whose statements
// carry the staff member's scope in their WHERE clause (scope.hpp); a submission or photo
// outside the scope gets exactly the 404 of one that does not exist, so ids of other
// counties cannot be probed. 身份证号 and 手机号 are decrypted in memory only to be
// masked; logs carry ids, never personal data.
#include <tuple>

#include "common/domain/identity.hpp"
#include "common/base/log.hpp"
#include "common/domain/recovery.hpp"
#include "common/domain/validate.hpp"
#include "common/base/strings.hpp"
#include "common/store/review_queue.hpp"
#include "modules/review/review.hpp"
#include "modules/review/scope.hpp"

namespace zk::review {

namespace {
const char* const kNotFound = "您访问的页面不存在。";
const char* const kAlreadyDecided = "该认证已处理，请返回列表刷新。";
constexpr int kQueueLimit = 200;  // rows on one page; oldest first, so only the newest wait for a refresh

namespace queue = store::review_queue;

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
std::string masked(const App& app, const std::optional<std::string>& blob, const char* context, Mask mask,
                   std::int64_t examinee_id) {
    if (!blob) return "";
    try {
        return mask(app.cipher().decrypt(*blob, context));
    } catch (const crypto::CryptoError&) {
        log::error("review.decrypt_failed", {{"examinee", std::to_string(examinee_id)}, {"field", context}});
        return "****";
    }
}

std::optional<std::string> reason_error(const std::string& reason) {
    if (reason.empty()) return "请填写不通过原因。";
    if (!validate::is_clean_utf8(reason)) return "不通过原因含有无法识别的字符，请重新填写。";
    const std::size_t n = validate::utf8_length(reason);
    if (n < 2) return "不通过原因至少填写2个字。";
    if (n > 200) return "不通过原因不能超过200个字。";
    return std::nullopt;
}

std::optional<queue::Detail> find_detail(Context& ctx, std::int64_t id) {
    return ctx.db.read([&](pqxx::nontransaction& tx) { return queue::detail(tx, id, scope_of(*ctx.session)); });
}

void add_photo(ctemplate::TemplateDictionary& dict, const std::optional<std::int64_t>& id, const char* kind) {
    if (!id) return;
    auto* photo = dict.AddSectionDictionary("PHOTO");
    photo->SetValue("PHOTO_ID", std::to_string(*id));
    photo->SetValue("LABEL", identity::kind_label(kind));
}

void render_detail(Context& ctx, int status, const queue::Detail& d, const std::string& reason,
                   const std::string& reason_message) {
    ctemplate::TemplateDictionary dict("review_detail");
    dict.SetValue("ID", std::to_string(d.id));
    dict.SetValue("NAME", d.name);
    dict.SetValue("ID_NUMBER", masked(ctx.app, d.id_number_enc, "id_number", validate::mask_id_number, d.examinee_id));
    dict.SetValue("GENDER", d.gender == "F" ? "女" : "男");
    dict.SetValue("COUNTY", d.county_name);
    dict.SetValue("PHONE", masked(ctx.app, d.phone_enc, "phone", validate::mask_phone, d.examinee_id));
    dict.SetValue("ORIGIN", origin_label(d.origin));
    dict.SetValue("PATH", path_label(d.path));
    dict.SetValue("SUBMITTED", d.submitted);
    dict.SetValue("VERIFIER", d.verifier);
    dict.SetValue("OUTCOME", outcome_label(d.verifier_outcome));
    dict.SetValue("VERIFIER_REASON", d.verifier_reason);
    dict.SetValue("STATUS", status_label(d.status));
    add_photo(dict, d.portrait_photo_id, "portrait");
    add_photo(dict, d.id_front_photo_id, "id_front");
    add_photo(dict, d.id_in_hand_photo_id, "id_in_hand");
    if (d.path == "reset") {
        // ACC-7: the clerk confirms a reset by comparing with the photos on record.
        dict.ShowSection("RESET");
        const auto record = ctx.db.read([&](pqxx::nontransaction& tx) {
            return queue::photos_on_record(tx, d.examinee_id, d.id, scope_of(*ctx.session));
        });
        for (const auto& p : record) {
            auto* tile = dict.AddSectionDictionary("RECORD_PHOTO");
            tile->SetValue("PHOTO_ID", std::to_string(p.id));
            tile->SetValue("LABEL", identity::kind_label(p.kind));
        }
        dict.ShowSection(record.empty() ? "NO_RECORD" : "HAS_RECORD");
    } else {
        dict.ShowSection("NOT_RESET");
    }
    if (d.status == "manual") {
        auto* open = dict.AddSectionDictionary("OPEN");
        open->SetValue("REASON", reason);
        if (!reason_message.empty()) open->SetValueAndShowSection("REASON_ERROR", reason_message, "HAS_REASON_ERROR");
    } else {
        auto* decided = dict.AddSectionDictionary("DECIDED");
        decided->SetValue("DECIDED_AT", d.decided);
        decided->SetValue("DECIDED_BY", d.decided_by_name);
        if (d.refusal_reason) decided->SetValueAndShowSection("REFUSAL", *d.refusal_reason, "HAS_REFUSAL");
    }
    ctx.page(status, "身份认证审核", "review/detail.tpl", dict);
}

// Locks the submission inside the scope, then lets common/domain/identity decide; refuses with
// 404 outside the scope (or when it does not exist) and 409 when it is no longer waiting.
// The scoped lock comes first so a submission outside the scope is never touched, and a
// second click (or a colleague) deciding at the same moment waits and then sees it decided.
template <typename Decide>
void decide(Context& ctx, std::int64_t id, Decide&& apply) {
    ctx.db.write([&](pqxx::work& tx) {
        const auto status = queue::lock_status(tx, id, scope_of(*ctx.session));
        if (!status) throw Refusal(404, kNotFound);
        if (*status != "manual" || !apply(tx)) throw Refusal(409, kAlreadyDecided);
    });
}
}  // namespace

void show_dashboard(Context& ctx) {
    const auto& sc = scope_of(*ctx.session);
    auto [names, pending] = ctx.db.read([&](pqxx::nontransaction& tx) {
        return std::make_pair(queue::area_names(tx, sc), queue::pending(tx, sc));
    });
    std::string area;
    if (sc.role == "county") area = names.county_name;
    else if (sc.role == "city") area = names.city_name + "各县区";
    else if (sc.role == "province" || sc.role == "admin") area = "全省";
    if (area.empty()) area = "无（请联系管理员设置管辖范围）";

    ctemplate::TemplateDictionary dict("review_dashboard");
    dict.SetValue("STAFF_NAME", ctx.session->display_name);
    dict.SetValue("ROLE", role_label(sc.role));
    dict.SetValue("AREA", area);
    dict.SetValue("PENDING", std::to_string(pending.count));
    if (pending.oldest) dict.SetValueAndShowSection("OLDEST", *pending.oldest, "HAS_OLDEST");
    ctx.page(200, "工作台", "review/dashboard.tpl", dict);
}

void show_queue(Context& ctx) {
    const std::string status = ctx.req.query_params.value("status");
    const bool history = status == "approved" || status == "refused";
    if (!history && !status.empty() && status != "manual") return ctx.fail(404, kNotFound);
    const auto& sc = scope_of(*ctx.session);
    // One row more than shown tells whether the list was cut.
    const auto rows = ctx.db.read([&](pqxx::nontransaction& tx) {
        if (history) return queue::decided(tx, status, sc, kQueueLimit + 1);
        return queue::waiting(tx, sc, kQueueLimit + 1);
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
        auto* row = table->AddSectionDictionary("ROW");
        row->SetIntValue("SEQ", ++n);
        row->SetValue("ID", std::to_string(r.id));
        row->SetValue("NAME", r.name);
        row->SetValue("ID_NUMBER", masked(ctx.app, r.id_number_enc, "id_number", validate::mask_id_number, r.examinee_id));
        row->SetValue("COUNTY", r.county_name);
        row->SetValue("PATH", path_label(r.path));
        row->SetValue("SUBMITTED", r.submitted);
        row->SetValue("VERIFIER_REASON", r.verifier_reason);
        if (history) {
            auto* h = row->AddSectionDictionary("HISTORY_CELLS");
            h->SetValue("DECIDED_AT", r.decided);
            h->SetValue("DECIDED_BY", r.decided_by_name);
            h->SetValue("REFUSAL", r.refusal_reason.value_or(""));
        }
    }
    if (n == 0) dict.ShowSection("EMPTY");
    ctx.page(200, "身份认证人工审核", "review/queue.tpl", dict);
}

void show_verification(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const auto d = find_detail(ctx, *id);
    if (!d) return ctx.fail(404, kNotFound);
    render_detail(ctx, 200, *d, "", "");
}

void do_approve(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const std::int64_t staff_id = ctx.session->subject_id;
    decide(ctx, *id, [&](pqxx::work& tx) {
        if (!identity::approve(tx, *id, staff_id)) return false;
        recovery::notify_reset_approved(tx, ctx.app.cipher(), *id);  // only for a 找回密码 request
        return true;
    });
    log::info("review.identity.approved", {{"staff", std::to_string(staff_id)}, {"verification", std::to_string(*id)}});
    ctx.res.redirect("/admin/verifications?done=approved");
}

void do_refuse(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const std::string typed = ctx.req.form.value("reason");
    // The reason is shown to the examinee: trimmed of ASCII and full-width (U+3000) spaces
    // at both ends before it is judged.
    const std::string reason = strings::trim(typed);
    if (const auto message = reason_error(reason)) {
        // The scope is checked before the form is judged: an id outside the scope gets
        // the same 404 with or without a reason.
        const auto d = find_detail(ctx, *id);
        if (!d) return ctx.fail(404, kNotFound);
        if (d->status != "manual") return ctx.fail(409, kAlreadyDecided);
        return render_detail(ctx, 400, *d, typed, *message);
    }
    const std::int64_t staff_id = ctx.session->subject_id;
    decide(ctx, *id, [&](pqxx::work& tx) { return identity::refuse(tx, *id, staff_id, reason); });
    log::info("review.identity.refused", {{"staff", std::to_string(staff_id)}, {"verification", std::to_string(*id)}});
    ctx.res.redirect("/admin/verifications?done=refused");
}

void serve_photo(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    auto jpeg = ctx.db.read(
        [&](pqxx::nontransaction& tx) { return queue::photo(tx, *id, scope_of(*ctx.session)); });
    if (!jpeg) return ctx.fail(404, kNotFound);
    ctx.res.status = 200;
    // Stored photos are always re-encoded JPEG (the photos table's CHECK); the browser
    // must not keep a citizen's ID card picture in its cache.
    ctx.res.set_header("Content-Type", "image/jpeg");
    ctx.res.set_header("Cache-Control", "no-store");
    ctx.res.body = std::move(*jpeg);
}

}  // namespace zk::review
