// verifications.cpp: the back office's 工作台 and 身份认证人工审核 (ACC-5, REV-1, REV-2):
// the queue of submissions handed over to a person, one submission with its photos and
// the verifier's opinion, the decisions 通过 / 不通过 (with a reason), and the photos
// themselves. Decisions go through common/domain/identity (approve()/refuse()), which lock the
// submission, apply the outcome to the examinee and append to the staff audit log.
// SECURITY: every read and lock goes through common/store/review_queue, whose statements
// carry the staff member's scope in their WHERE clause (scope.hpp); a submission or photo
// outside the scope gets exactly the 404 of one that does not exist, so ids of other
// counties cannot be probed. The detail shows 身份证号 and 手机号 in full (the clerk compares
// them with the ID-card photo), and every rendering of it is written to the staff audit log
// in the transaction that read it; the queue masks them. A decision needs the "已核对" box
// ticked (the page's script asks once more before it is sent; the box is the guard without
// it). Logs carry ids, never personal data.
#include <tuple>

#include "common/domain/identity.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/base/log.hpp"
#include "common/domain/recovery.hpp"
#include "common/domain/validate.hpp"
#include "common/base/strings.hpp"
#include "common/store/application_reviews.hpp"
#include "common/store/graduation_photo_reviews.hpp"
#include "common/store/review_queue.hpp"
#include "modules/review/review.hpp"
#include "modules/review/scope.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {
const char* const kAlreadyDecided = "该认证已处理，请返回列表刷新。";
const char* const kNotChecked = "请先核对照片与考生信息，并勾选“已核对”。";

// The form a decision came from and what it left to say again on the page.
struct Typed {
    std::string form;            // "approve", "refuse" or "" (a plain view)
    std::string reason;          // the 不通过 reason as typed
    std::string reason_message;  // at the reason field
    std::string check_message;   // at the 已核对 box
};

namespace queue = store::review_queue;

const char* path_label(const std::string& path) {
    if (path == "new") return "三照";
    if (path == "enrolled") return "两照";
    if (path == "reset") return "两照（找回密码）";
    return "其他";
}


const char* origin_label(const std::string& origin) {
    if (origin == "imported") return "在籍考生（考籍库导入）";
    if (origin == "registered") return "新考生（网上注册）";
    return "未知";
}

std::string in_full(std::string_view value) { return std::string(value); }

// The submission inside the scope; its view (身份证号 and 手机号 in full) is logged in the
// same transaction.
std::optional<queue::Detail> view_detail(Context& ctx, std::int64_t id) {
    const std::int64_t staff_id = ctx.session->subject_id;
    return ctx.db.write([&](pqxx::work& tx) {
        auto d = queue::detail(tx, id, scope_of(*ctx.session));
        if (d) staff_audit::record_view(tx, staff_id, "identity_verification", id, "detail");
        return d;
    });
}

bool checked(const Context& ctx) { return ctx.req.form.value("checked") == "1"; }

void add_photo(ctemplate::TemplateDictionary& dict, const std::optional<std::int64_t>& id, const char* kind) {
    if (!id) return;
    auto* photo = dict.AddSectionDictionary("PHOTO");
    photo->SetValue("PHOTO_ID", std::to_string(*id));
    photo->SetValue("LABEL", identity::kind_label(kind));
}

void render_detail(Context& ctx, int status, const queue::Detail& d, const Typed& typed) {
    ctemplate::TemplateDictionary dict("review_detail");
    dict.SetValue("ID", std::to_string(d.id));
    dict.SetValue("NAME", d.name);
    dict.SetValue("ID_NUMBER", masked(ctx.app, d.id_number_enc, "id_number", in_full, d.examinee_id));
    dict.SetValue("GENDER", d.gender == "F" ? "女" : "男");
    dict.SetValue("COUNTY", d.county_name);
    dict.SetValue("PHONE", masked(ctx.app, d.phone_enc, "phone", in_full, d.examinee_id));
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
        open->SetValue("REASON", typed.reason);
        if (!typed.reason_message.empty())
            open->SetValueAndShowSection("REASON_ERROR", typed.reason_message, "HAS_REASON_ERROR");
        if (!typed.check_message.empty()) {
            const char* section = typed.form == "approve" ? "APPROVE_CHECK_ERROR" : "REFUSE_CHECK_ERROR";
            open->SetValueAndShowSection("CHECK_ERROR", typed.check_message, section);
        }
    } else {
        auto* decided = dict.AddSectionDictionary("DECIDED");
        decided->SetValue("DECIDED_AT", d.decided);
        decided->SetValue("DECIDED_BY", d.decided_by_name);
        if (d.refusal_reason) decided->SetValueAndShowSection("REFUSAL", *d.refusal_reason, "HAS_REFUSAL");
    }
    staff_page(ctx, status, "身份认证审核", "review/detail.tpl", dict, "");
}

// Locks the submission inside the scope, then lets common/domain/identity decide
// (decide_waiting: 404 outside the scope, 409 when it is no longer waiting).
template <typename Decide>
void decide(Context& ctx, std::int64_t id, Decide&& apply) {
    decide_waiting(
        ctx, kAlreadyDecided, [&](pqxx::work& tx) { return queue::lock_status(tx, id, scope_of(*ctx.session)); },
        apply);
}

// A decision whose form is refused (no 已核对, or a bad reason): the scope and the state are
// checked first (the same 404 / 409 as for a valid form), then the page again with the
// message and a fresh logged view.
void refuse_form(Context& ctx, std::int64_t id, const Typed& typed) {
    const auto d = view_detail(ctx, id);
    if (!d) return ctx.fail(404, kNotFound);
    if (d->status != "manual") return ctx.fail(409, kAlreadyDecided);
    render_detail(ctx, 400, *d, typed);
}
}  // namespace

void show_dashboard(Context& ctx) {
    const auto& sc = scope_of(*ctx.session);
    auto [names, pending, photos, applications] = ctx.db.read([&](pqxx::nontransaction& tx) {
        return std::make_tuple(queue::area_names(tx, sc), queue::pending(tx, sc),
                               store::graduation_photo_reviews::pending(tx, sc),
                               store::application_reviews::counts(tx, sc));
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
    dict.SetValue("PHOTO_PENDING", std::to_string(photos.count));
    if (photos.oldest) dict.SetValueAndShowSection("PHOTO_OLDEST", *photos.oldest, "HAS_PHOTO_OLDEST");
    dict.SetValue("PREREVIEW_PENDING", std::to_string(applications.prereview));
    dict.SetValue("OLDPLAN_PENDING", std::to_string(applications.oldplan));
    dict.SetValue("MATERIALS_PENDING", std::to_string(applications.materials));
    dict.SetValue("FINAL_PENDING", std::to_string(applications.final_review));
    if (sc.role == "admin") dict.ShowSection("ADMIN");
    staff_page(ctx, 200, "工作台", "review/dashboard.tpl", dict, "/admin");
}

void show_queue(Context& ctx) {
    const auto asked = queue_status(ctx);
    const auto q = queue_page(ctx);
    if (!asked || !q) return ctx.fail(404, kNotFound);
    const std::string& status = *asked;
    const bool history = status != "manual";
    const auto& sc = scope_of(*ctx.session);
    const auto page = ctx.db.read([&](pqxx::nontransaction& tx) { return queue::list(tx, status, q->filter, sc); });

    ctemplate::TemplateDictionary dict("review_queue");
    add_queue_head(ctx, dict, "/admin/verifications", status, "已通过该考生的身份认证。",
                   "已将该身份认证标记为不通过，考生可重新提交。");
    add_filter(dict, *q, "/admin/verifications", "status", status, page.total, "报名区县");

    add_queue_rows(dict, page.rows, history, q->filter.offset, [&](ctemplate::TemplateDictionary& row, const auto& r) {
        row.SetValue("NAME", r.name);
        row.SetValue("ID_NUMBER", masked(ctx.app, r.id_number_enc, "id_number", validate::mask_id_number, r.examinee_id));
        row.SetValue("COUNTY", r.county_name);
        row.SetValue("PATH", path_label(r.path));
        row.SetValue("SUBMITTED", r.submitted);
        row.SetValue("VERIFIER_REASON", r.verifier_reason);
    });
    staff_page(ctx, 200, "身份认证人工审核", "review/queue.tpl", dict, "/admin/verifications");
}

void show_verification(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    const auto d = view_detail(ctx, *id);
    if (!d) return ctx.fail(404, kNotFound);
    render_detail(ctx, 200, *d, Typed{});
}

void do_approve(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    if (!checked(ctx)) return refuse_form(ctx, *id, Typed{"approve", "", "", kNotChecked});
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
    const auto message = reason_error(reason);
    // The scope is checked before the form is judged (refuse_form): an id outside the scope
    // gets the same 404 with or without a reason.
    if (message || !checked(ctx))
        return refuse_form(ctx, *id, Typed{"refuse", typed, message.value_or(""), checked(ctx) ? "" : kNotChecked});
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
