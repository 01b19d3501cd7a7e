// status.cpp: 山西省高等教育自学考试毕业申请信息详情 (APP-5, APP-6) and 重新申请 (APP-7).
// The page shows the session examinee's latest application of the current batch: one row
// per major with its 审批进度, a link to the stored audit (audit_json, kept at submit for
// the reviewers), the 预审未通过 reason, and 重新申请 when it is allowed; then the status
// line ("长治市潞州区招办预审中"). It stays readable after the window closes.
// 重新申请 is allowed once: only from attempt 1 in 'prereview_failed', inside the window;
// it creates attempt 2 as a draft with the same step-1 data and majors.
// SECURITY: no id is read from the request (?id= is ignored): only the session
// examinee's application is shown or copied; the latest row is locked while deciding.
#include "common/base/refusal.hpp"
#include "common/domain/application_review.hpp"
#include "common/domain/money.hpp"
#include "common/domain/payments.hpp"
#include "common/store/applications.hpp"
#include "common/domain/graduation_photo.hpp"
#include "common/store/graduation_photos.hpp"
#include "common/store/reference.hpp"
#include "common/web/audit_view.hpp"
#include "common/web/payment_view.hpp"
#include "common/domain/registration_form_state.hpp"
#include "modules/apply/apply.hpp"

namespace zk::apply {

namespace {
const char* const kOnlyOnce = "只能在预审未通过后重新申请一次。";
const char* const kApproved = "毕业申请已审核通过，不能再修改或重新申请。";

bool passed_review(const std::string& status) {
    return status == "prereview_passed" || status == "paid" || status == "regform_filled" ||
           status == "materials_returned" || status == "approved";
}

std::string status_line(const graduation::Application& a, const std::string& office,
                        const std::optional<store::graduation_photos::Attempt>& photo) {
    const std::string& s = a.status;
    if (s == "draft") return "毕业申请尚未提交，请继续填报并提交。";
    if (s == "submitted" && photo && photo->status == "manual") return "已提交，毕业照片" + office + "自考部门人工审核中";
    if (s == "submitted" && photo && photo->status == "refused") return "已提交，毕业照片认证未通过，请重新上传毕业照片";
    if (s == "submitted") return "已提交，请上传毕业照片";
    if (s == "photo_verified") return "毕业照片已认证，等待系统审核或" + office + "招办预审";
    if (s == "prereview") return office + "招办预审中，请考生及时关注预审进度";
    if (s == "prereview_passed" && a.prereview_by_system) return "系统审核通过，请进行毕业申请支付";
    if (s == "prereview_passed") return office + "招办已预审通过，请进行毕业申请支付";
    if (s == "prereview_failed") return office + "招办预审未通过";
    if (s == "paid") return "已支付，请填报毕业生登记表";
    if (s == "regform_filled") return "毕业生登记表已填报，请在规定时间内交回县（市、区）自考部门";
    if (s == "materials_returned") return "材料已交回，等待毕业审定";
    if (s == "approved") return "毕业审定通过";
    if (s == "rejected") return "毕业审定未通过";
    return status_text(s);
}

const char* line_class(const std::string& s) {
    if (s == "prereview_failed" || s == "rejected") return "bad";
    if (passed_review(s)) return "ok";
    return "wait";
}
}  // namespace

void show_status(Context& ctx) {
    const auto w = current_window(ctx);
    // Without a current batch there is nothing to show; a closed window still lets the
    // examinee follow an application already made.
    if (!w) return show_closed(ctx);
    ctemplate::TemplateDictionary dict("status");
    ctx.add_examinee(dict);
    ctx.db.read([&](pqxx::nontransaction& tx) {
        auto app = graduation::latest_application(tx, ctx.examinee_id(), w->batch_id);
        if (!app) {
            dict.ShowSection("NO_APPLICATION");
            if (w->open) dict.ShowSection("CAN_START");
            return;
        }
        auto* a = dict.AddSectionDictionary("APPLICATION");
        const std::string office = store::reference::county_name(tx, app->county_code);
        a->SetValue("OFFICE", office.empty() ? "县（市、区）" : office);
        std::optional<store::graduation_photos::Attempt> photo;
        if (app->status != "draft") photo = store::graduation_photos::latest(tx, app->id);
        a->SetValue("STATUS_LINE", status_line(*app, office, photo));
        // 毕业证书电子注册图像采集 while a photo may be uploaded; the photo itself from then on
        // (查看考生毕业照).
        if (graduation_photo::stage_of(app, photo) == graduation_photo::Stage::Open) a->ShowSection("UPLOAD_PHOTO");
        if (photo) a->SetValueAndShowSection("PHOTO_ATTEMPT_ID", std::to_string(photo->id), "VIEW_PHOTO");
        a->SetValue("LINE_CLASS", line_class(app->status));
        a->SetIntValue("ATTEMPT", app->attempt);
        if (app->attempt == 2) a->ShowSection("SECOND_ATTEMPT");
        if (!app->submitted_at.empty()) a->SetValueAndShowSection("SUBMITTED_AT", app->submitted_at, "HAS_SUBMITTED_AT");
        if (app->status == "draft" && w->open) a->ShowSection("CONTINUE");
        const bool can_reapply = app->attempt == 1 && app->status == "prereview_failed" && w->open;
        // 毕业申请支付 reads the chosen majors for the fee; the rows below use the same.
        const auto pay = payments::standing_of(tx, *app, w->batch_id, office);
        const auto& majors = pay.majors;
        // 操作 "毕业生登记表" from payment on (read-only after 材料已交回).
        const bool regform_open = registration_form::gate_of(app->status) == registration_form::Standing::Gate::Editable ||
                                  registration_form::gate_of(app->status) == registration_form::Standing::Gate::Locked;
        if (regform_open) a->ShowSection("REGFORM_OPEN");
        for (const auto& m : majors) {
            auto* r = a->AddSectionDictionary("ROW");
            r->SetIntValue("SEQ", m.seq);
            r->SetValue("INSTITUTION_NAME", m.institution_name);
            r->SetValue("MAJOR_NAME", m.major_id ? m.major_code + m.major_name : "（未选择专业）");
            r->SetValue("STATUS", status_text(app->status));
            if (app->status == "prereview_failed")
                r->SetValueAndShowSection("REASON", "不通过原因：" + app->prereview_reason, "HAS_REASON");
            if (app->status == "rejected")
                r->SetValueAndShowSection("REASON", "不通过原因：" + app->final_reason, "HAS_REASON");
            if (can_reapply) r->ShowSection("REAPPLY");
            if (regform_open) r->ShowSection("REGFORM");
        }
        // 毕业申请支付: the fee, the button while it may be paid, the orders (seed step 8).
        if (pay.fee_fen && (pay.gate == payments::Standing::Gate::Allowed || pay.gate == payments::Standing::Gate::Paid))
            a->SetValueAndShowSection("FEE", money::format_yuan(*pay.fee_fen), "HAS_FEE");
        if (pay.gate == payments::Standing::Gate::Allowed) a->ShowSection("CAN_PAY");
        for (const auto& o : pay.orders) payment_view::add_order(*a->AddSectionDictionary("ORDER"), o);
        if (!pay.orders.empty()) a->ShowSection("HAS_ORDERS");
        if (pay.paid) a->ShowSection("PAID");
        payment_view::add_prompts(*a, office);
        // 查看: the audit stored with each major, one section per major (anchor #audit-<seq>).
        for (const auto& stored : store::applications::stored_audits(tx, app->id)) {
            auto* d = a->AddSectionDictionary("DETAIL");
            d->SetIntValue("SEQ", stored.seq);
            for (const auto& m : majors)
                if (m.seq == stored.seq) d->SetValue("MAJOR_NAME", m.institution_name + " " + m.major_code + m.major_name);
            d->SetValue("CREDITS_USED", stored.credits_used);
            d->SetValue("MIN_TOTAL", stored.min_total);
            audit_view::add_courses(*d, stored.required);
        }
    });
    ctx.page(200, "毕业申请信息详情", "apply/status.tpl", dict);
}

void do_reapply(Context& ctx) {
    if (refuse_if_closed(ctx, current_window(ctx))) return;
    try {
        ctx.db.write([&](pqxx::work& tx) {
            auto win = graduation::window(tx);
            if (!win || !win->open) throw Refusal(403, "");
            auto latest = store::applications::lock_latest(tx, ctx.examinee_id(), win->batch_id);
            if (!latest) throw Refusal(400, "您尚未提交毕业申请，无需重新申请。");
            if (latest->status == "draft" && latest->attempt == 2) return;  // already re-applying (a double click): back to step 1
            if (passed_review(latest->status)) throw Refusal(400, kApproved);
            if (latest->attempt != 1 || latest->status != "prereview_failed") throw Refusal(400, kOnlyOnce);
            if (!application_review::start_second_attempt(tx, ctx.examinee_id(), win->batch_id, *latest))
                throw Refusal(400, kOnlyOnce);
        });
    } catch (const Refusal& r) {
        if (r.status == 403) return show_closed(ctx);
        return ctx.fail(r.status, r.first());
    }
    ctx.res.redirect("/apply");
}

}  // namespace zk::apply
