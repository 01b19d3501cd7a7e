// graduation_photos.cpp: 毕业照片人工审核 (PHO-3, REV-1, REV-2, REV-3): the queue of
// graduation photos the verifier handed over to a person, one photo beside the examinee's
// photos on record (the registration 证件照 first), the decisions 通过 / 不通过 (with a
// reason the examinee sees), the pictures, and the upload as received while it is kept.
// Decisions go through common/domain/graduation_photo (approve()/refuse()), which lock the
// photo and the application, move the application to 照片已认证 on 通过, clear the kept
// original and append to the staff audit log; every view is logged there too.
// SECURITY: every read and lock goes through common/store/graduation_photo_reviews, whose
// statements carry the staff member's scope over the application's county; a photo
// outside the scope gets exactly the 404 of one that does not exist.
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/domain/graduation_photo.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/domain/validate.hpp"
#include "common/store/graduation_photo_reviews.hpp"
#include "modules/review/review.hpp"
#include "modules/review/scope.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {
const char* const kAlreadyDecided = "该毕业照片已处理，请返回列表刷新。";

namespace reviews = store::graduation_photo_reviews;


std::optional<std::int64_t> id_param(Context& ctx) { return validate::row_id(ctx.req.route_params["id"]); }

// Reads the photo's details inside the scope and logs the view in the same transaction.
std::optional<reviews::Detail> view_detail(Context& ctx, std::int64_t id) {
    const auto& sc = scope_of(*ctx.session);
    return ctx.db.write([&](pqxx::work& tx) -> std::optional<reviews::Detail> {
        auto d = reviews::detail(tx, id, sc);
        if (d) staff_audit::record_view(tx, ctx.session->subject_id, "graduation_photo", id, "detail");
        return d;
    });
}

void render_detail(Context& ctx, int status, const reviews::Detail& d, const std::string& reason,
                   const std::string& reason_message) {
    ctemplate::TemplateDictionary dict("review_photo_detail");
    add_examinee_head(ctx, dict, d);
    dict.SetValue("SUBMITTED", d.submitted);
    dict.SetValue("VERIFIER", d.verifier);
    dict.SetValue("OUTCOME", outcome_label(d.verifier_outcome));
    dict.SetValue("VERIFIER_REASON", d.verifier_reason);
    dict.SetValue("STATUS", status_label(d.status));
    dict.SetValue("PHOTO_ID", std::to_string(d.photo_id));
    const auto record = ctx.db.read([&](pqxx::nontransaction& tx) {
        return reviews::photos_on_record(tx, d.id, scope_of(*ctx.session));
    });
    for (const auto& p : record) {
        auto* tile = dict.AddSectionDictionary("RECORD_PHOTO");
        tile->SetValue("PHOTO_ID", std::to_string(p.id));
        tile->SetValue("LABEL", identity::kind_label(p.kind));
    }
    if (record.empty()) dict.ShowSection("NO_RECORD");
    if (d.has_original) dict.ShowSection("HAS_ORIGINAL");
    if (d.status == "manual") {
        auto* open = dict.AddSectionDictionary("OPEN");
        open->SetValue("REASON", reason);
        if (!reason_message.empty()) open->SetValueAndShowSection("REASON_ERROR", reason_message, "HAS_REASON_ERROR");
    } else {
        auto* decided = dict.AddSectionDictionary("DECIDED");
        decided->SetValue("DECIDED_AT", d.decided);
        decided->SetValue("DECIDED_BY", d.decided_by_name.empty() ? "系统认证" : d.decided_by_name);
        if (d.refusal_reason) decided->SetValueAndShowSection("REFUSAL", *d.refusal_reason, "HAS_REFUSAL");
    }
    staff_page(ctx, status, "毕业照片审核", "review/photo_detail.tpl", dict, "");
}

// Locks the photo inside the scope, then lets common/domain/graduation_photo decide
// (decide_waiting: 404 outside the scope, 409 when it is no longer waiting).
template <typename Decide>
void decide(Context& ctx, std::int64_t id, Decide&& apply) {
    decide_waiting(
        ctx, kAlreadyDecided, [&](pqxx::work& tx) { return reviews::lock_status(tx, id, scope_of(*ctx.session)); },
        apply);
}

void send_image(Context& ctx, std::string data, const std::string& type) {
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", type);
    ctx.res.set_header("Cache-Control", "private, no-store");
    ctx.res.body = std::move(data);
}
}  // namespace

void show_photo_queue(Context& ctx) {
    const auto asked = queue_status(ctx);
    const auto q = queue_page(ctx);
    if (!asked || !q) return ctx.fail(404, kNotFound);
    const std::string& status = *asked;
    const bool history = status != "manual";
    const auto& sc = scope_of(*ctx.session);
    const auto page = ctx.db.read([&](pqxx::nontransaction& tx) { return reviews::list(tx, status, q->filter, sc); });

    ctemplate::TemplateDictionary dict("review_photo_queue");
    add_queue_head(ctx, dict, "/admin/graduation-photos", status,
                   "已通过该考生的毕业照片；系统已审核该申请（系统审核通过，或转县区招办预审）。",
                   "已将该毕业照片标记为不通过，考生可重新上传。");
    add_filter(dict, *q, "/admin/graduation-photos", "status", status, page.total, "毕业申请区县");

    add_queue_rows(dict, page.rows, history, q->filter.offset, [&](ctemplate::TemplateDictionary& row, const auto& r) {
        row.SetValue("NAME", r.name);
        row.SetValue("TICKET_NO", r.ticket_no);
        row.SetValue("ID_NUMBER", masked(ctx.app, r.id_number_enc, "id_number", validate::mask_id_number, r.examinee_id));
        row.SetValue("COUNTY", r.county_name);
        row.SetValue("SUBMITTED", r.submitted);
        row.SetValue("VERIFIER_REASON", r.verifier_reason);
    });
    staff_page(ctx, 200, "毕业照片人工审核", "review/photo_queue.tpl", dict, "/admin/graduation-photos");
}

void show_photo_review(Context& ctx) {
    const auto id = id_param(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const auto d = view_detail(ctx, *id);
    if (!d) return ctx.fail(404, kNotFound);
    render_detail(ctx, 200, *d, "", "");
}

void approve_photo(Context& ctx) {
    const auto id = id_param(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::int64_t staff_id = ctx.session->subject_id;
    decide(ctx, *id, [&](pqxx::work& tx) { return graduation_photo::approve(tx, *id, staff_id); });
    log::info("review.graduation_photo.approved", {{"staff", std::to_string(staff_id)}, {"photo", std::to_string(*id)}});
    ctx.res.redirect("/admin/graduation-photos?done=approved");
}

void refuse_photo(Context& ctx) {
    const auto id = id_param(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::string typed = ctx.req.form.value("reason");
    const std::string reason = strings::trim(typed);
    if (const auto message = reason_error(reason)) {
        const auto d = view_detail(ctx, *id);  // the scope first: outside it, 404 with or without a reason
        if (!d) return ctx.fail(404, kNotFound);
        if (d->status != "manual") return ctx.fail(409, kAlreadyDecided);
        return render_detail(ctx, 400, *d, typed, *message);
    }
    const std::int64_t staff_id = ctx.session->subject_id;
    decide(ctx, *id, [&](pqxx::work& tx) { return graduation_photo::refuse(tx, *id, staff_id, reason); });
    log::info("review.graduation_photo.refused", {{"staff", std::to_string(staff_id)}, {"photo", std::to_string(*id)}});
    ctx.res.redirect("/admin/graduation-photos?done=refused");
}

void serve_photo_image(Context& ctx) {
    const auto id = id_param(ctx);
    const auto photo_id = validate::row_id(ctx.req.route_params["photo"]);
    if (!id || !photo_id) return ctx.fail(404, kNotFound);
    auto jpeg = ctx.db.write([&](pqxx::work& tx) {
        auto data = reviews::image(tx, *id, *photo_id, scope_of(*ctx.session));
        if (data) staff_audit::record_view(tx, ctx.session->subject_id, "graduation_photo", *id, "photo:" + std::to_string(*photo_id));
        return data;
    });
    if (!jpeg) return ctx.fail(404, kNotFound);
    send_image(ctx, std::move(*jpeg), "image/jpeg");  // stored photos are always re-encoded JPEG
}

void serve_photo_original(Context& ctx) {
    const auto id = id_param(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    auto original = ctx.db.write([&](pqxx::work& tx) {
        auto o = reviews::original(tx, *id, scope_of(*ctx.session));
        if (o) staff_audit::record_view(tx, ctx.session->subject_id, "graduation_photo", *id, "original");
        return o;
    });
    if (!original) return ctx.fail(404, kNotFound);
    // The upload as received passed the checks but was never re-encoded: it is handed over
    // as a download, never rendered in the back office's origin.
    const std::string ext = original->type == "image/png" ? "png" : "jpg";
    send_image(ctx, std::move(original->data), original->type);
    ctx.res.set_header("Content-Disposition", "attachment; filename=\"graduation-photo-" + std::to_string(*id) +
                                                  "-original." + ext + "\"");
}

}  // namespace zk::review
