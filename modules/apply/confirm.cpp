// confirm.cpp: step 3 毕业申请信息确认页 (APP-4) and 提交 (APP-4, APP-8, SUB-4).
// 提交 is final and happens exactly once: one write locks the draft row (FOR UPDATE),
// re-checks everything on the server — window (SQL now()), step-1 data, 1–2 institutions,
// each major of its institution, each major eligible by a fresh audit with the chosen
// substitutions (any ChoiceProblem refuses), 学信网 for 本科 majors — and turns the draft
// into 'submitted' with UPDATE … WHERE status = 'draft'. Concurrent submits wait on the
// lock, then find no draft and are sent to the status page.
// SECURITY: trusts nothing the browser says about eligibility; the draft is the session
// examinee's; a refusal throws, so the transaction rolls back and nothing changes.
// The audit inputs and the plans are read once for all majors: the submit runs the same
// number of statements for one major as for two.
#include "common/base/refusal.hpp"
#include "common/domain/application_review.hpp"
#include "common/domain/graduation_photo.hpp"
#include "common/domain/identity.hpp"
#include "common/domain/reference.hpp"
#include "common/store/applications.hpp"
#include "common/store/plans.hpp"
#include "common/store/reference.hpp"
#include "modules/apply/apply.hpp"

namespace zk::apply {

namespace {
const char* const kConfirmFirst = "请先勾选“我已确认以上信息无误，提交后不可再进行网上毕业申请”，再点击“提交”。";

// The registration 证件照 (准考证照片): the portrait of the examinee's last approved
// identity submission; none for an examinee imported as verified.
std::optional<std::string> own_portrait(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    for (auto& p : identity::photos_on_record(tx, examinee_id))
        if (p.kind == "portrait") return std::move(p.jpeg);
    return std::nullopt;
}

struct Summary {
    enum class Go { Show, Fill, Majors, Status, Closed } go = Go::Show;
    std::string county, phone, address;
    std::vector<graduation::ChosenMajor> majors;
    std::vector<store::applications::OldPlanCourse> oldplan;
    eligibility::Choices choices;
    std::string prior_block;  // the 学信网 message when a 本科 major is blocked
    bool has_photo = false;
};

Summary going(Summary::Go g) {
    Summary s;
    s.go = g;
    return s;
}

// The confirm page's data. With `redirects`, a major no longer eligible (a substitution
// removed since step 2) sends them back to step 2.
Summary load(Context& ctx, bool redirects) {
    return ctx.db.read([&](pqxx::nontransaction& tx) {
        Summary s;
        auto win = graduation::window(tx);
        if (!win || !win->open) return going(Summary::Go::Closed);
        auto app = graduation::latest_application(tx, ctx.examinee_id(), win->batch_id);
        if (!app) return going(Summary::Go::Fill);
        if (app->status != "draft") return going(Summary::Go::Status);
        if (app->county_code.empty()) return going(Summary::Go::Fill);
        s.county = store::reference::county_name(tx, app->county_code);
        // In full: the examinee checks the number the county office will call.
        if (!app->phone_enc.empty()) s.phone = ctx.app.cipher().decrypt(app->phone_enc, "phone");
        s.has_photo = own_portrait(tx, ctx.examinee_id()).has_value();
        s.address = app->address;
        s.majors = graduation::chosen_majors(tx, app->id);
        if (s.majors.empty()) return going(Summary::Go::Fill);
        std::vector<int> ids;
        for (const auto& m : s.majors) {
            if (m.major_id == 0) return going(Summary::Go::Majors);
            ids.push_back(m.major_id);
        }
        auto inputs = graduation::audit_inputs(tx, ctx.examinee_id(), app->id);
        if (redirects) {
            const auto audits = graduation::audit_majors(tx, inputs, ids);
            for (const auto& m : s.majors) {
                auto a = audits.find(m.major_id);
                if (a == audits.end() || !a->second.result.eligible) return going(Summary::Go::Majors);
            }
        }
        bool needs_chsi = false;
        for (const auto& m : s.majors) needs_chsi = needs_chsi || graduation::needs_prior_education(m.level);
        s.oldplan = std::move(inputs.oldplan);
        s.choices = std::move(inputs.choices);
        if (needs_chsi)
            if (auto block = graduation::prior_education_block(tx, ctx.app.cipher(), ctx.examinee_id()))
                s.prior_block = *block;
        return s;
    });
}

void render(Context& ctx, int status, const Summary& s, const std::string& error) {
    ctemplate::TemplateDictionary dict("confirm");
    reference::add_steps(dict, steps(), 2);
    ctx.add_examinee(dict);
    dict.SetValue("COUNTY", s.county);
    dict.SetValue("PHONE", s.phone);
    dict.SetValue("ADDRESS", s.address);
    dict.ShowSection(s.has_photo ? "HAS_PHOTO" : "NO_PHOTO");
    for (const auto& m : s.majors) {
        auto* d = dict.AddSectionDictionary("MAJOR");
        d->SetIntValue("SEQ", m.seq);
        d->SetValue("INSTITUTION_NAME", m.institution_name);
        d->SetValue("MAJOR_NAME", m.major_code + m.major_name);
    }
    int i = 0;
    for (const auto& o : s.oldplan) {
        auto* d = dict.AddSectionDictionary("OLDPLAN");
        d->SetIntValue("SEQ", ++i);
        d->SetValue("CODE", o.code);
        d->SetValue("NAME", o.name);
        d->SetValue("PASSED_ON", store::plans::iso_date(o.passed_on));
        d->SetValue("SCORE", o.score);
    }
    dict.ShowSection(s.oldplan.empty() ? "NO_OLDPLAN" : "HAS_OLDPLAN");
    for (const auto& c : s.choices.substitutions) {
        std::string olds;
        for (const auto& o : c.old_codes) olds += (olds.empty() ? "" : "、") + o;
        auto* d = dict.AddSectionDictionary("SUBSTITUTION");
        d->SetValue("NEW_CODE", c.new_code);
        d->SetValue("OLD_CODES", olds);
    }
    if (!s.choices.substitutions.empty()) dict.ShowSection("HAS_SUBSTITUTIONS");
    if (!s.choices.english_replacement.empty()) {
        std::string codes;
        for (const auto& c : s.choices.english_replacement) codes += (codes.empty() ? "" : "、") + c;
        dict.SetValueAndShowSection("ENGLISH_CODES", codes, "HAS_ENGLISH");
    }
    if (!error.empty()) dict.SetValueAndShowSection("FORM_ERROR", error, "HAS_FORM_ERROR");
    else if (!s.prior_block.empty()) dict.SetValueAndShowSection("PRIOR_BLOCK", s.prior_block, "HAS_PRIOR_BLOCK");
    ctx.page(status, "毕业申请信息确认", "apply/confirm.tpl", dict);
}

bool follow(Context& ctx, Summary::Go go) {
    switch (go) {
        case Summary::Go::Closed: show_closed(ctx); return true;
        case Summary::Go::Fill: ctx.res.redirect("/apply"); return true;
        case Summary::Go::Majors: ctx.res.redirect("/apply/majors"); return true;
        case Summary::Go::Status: ctx.res.redirect("/apply/status"); return true;
        case Summary::Go::Show: return false;
    }
    return false;
}
}  // namespace

void show_photo(Context& ctx) {
    auto jpeg = ctx.db.read([&](pqxx::nontransaction& tx) { return own_portrait(tx, ctx.examinee_id()); });
    if (!jpeg) return ctx.fail(404, "您访问的页面不存在。");
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "image/jpeg");
    ctx.res.set_header("Content-Disposition", "inline");
    ctx.res.set_header("Cache-Control", "private, no-store");
    ctx.res.body = std::move(*jpeg);
}

void show_confirm(Context& ctx) {
    if (refuse_if_closed(ctx, current_window(ctx))) return;
    Summary s = load(ctx, true);
    if (follow(ctx, s.go)) return;
    render(ctx, 200, s, "");
}

void do_submit(Context& ctx) {
    try {
        ctx.db.write([&](pqxx::work& tx) {
            auto win = graduation::window(tx);
            if (!win || !win->open) throw Refusal(403, "毕业申请未开放，不能提交。");
            auto draft = graduation::lock_draft(tx, ctx.examinee_id(), win->batch_id);
            if (!draft) return;  // already submitted: a repeated 提交 is not an error
            // 提交 is final: the examinee ticks that they know it (the page's script also asks).
            if (ctx.req.form.value("confirm_submit") != "1") throw Refusal(400, kConfirmFirst);
            if (draft->county_code.empty() || draft->phone_enc.empty() || draft->address.empty())
                throw Refusal(400, "请先填写毕业申请信息（毕业申请区县、手机号、地址）。");
            const auto majors = graduation::chosen_majors(tx, draft->id);
            if (majors.empty() || majors.size() > 2) throw Refusal(400, "请选择一至两所主考院校。");
            std::vector<int> ids;
            for (const auto& m : majors)
                if (m.major_id != 0) ids.push_back(m.major_id);
            // Read once for every major: transcript, choices, rules, then all plans together.
            const auto inputs = graduation::audit_inputs(tx, ctx.examinee_id(), draft->id);
            const auto audits = graduation::audit_majors(tx, inputs, ids);
            std::vector<store::applications::MajorAudit> stored;
            bool needs_chsi = false;
            for (const auto& m : majors) {
                if (m.major_id == 0) throw Refusal(400, "请为" + m.institution_name + "选择申请专业。");
                if (m.major_institution_code != m.institution_code) throw Refusal(400, "所选专业不属于该主考院校");
                auto a = audits.find(m.major_id);
                if (a == audits.end()) throw Refusal(400, m.major_name + "暂无现行的专业计划，不能申请。");
                const eligibility::Result& result = a->second.result;
                if (!result.problems.empty()) {
                    std::string why;
                    for (const auto& p : result.problems) why += (why.empty() ? "" : "；") + p.message;
                    throw Refusal(400, "所选顶替课程有误（" + m.major_name + "）：" + why);
                }
                if (!result.eligible)
                    throw Refusal(400, "所选专业不符合毕业合格条件：" + m.institution_name + " " + m.major_name + "。");
                stored.push_back({m.seq, m.major_id, true, audit_json(result)});
                needs_chsi = needs_chsi || graduation::needs_prior_education(m.level);
            }
            if (needs_chsi)
                if (auto block = graduation::prior_education_block(tx, ctx.app.cipher(), ctx.examinee_id()))
                    throw Refusal(400, *block);
            if (!store::applications::submit(tx, draft->id)) return;  // cannot happen under the lock
            store::applications::store_audits(tx, draft->id, stored);
            // 重新申请 keeps a verified photo: 系统审核 runs at once, as after an upload.
            if (draft->attempt == 2 && graduation_photo::verified(tx, draft->id))
                application_review::photo_verified(tx, draft->id, ctx.examinee_id());
        });
    } catch (const Refusal& r) {
        if (r.status == 403) return show_closed(ctx);
        Summary s = load(ctx, false);
        if (follow(ctx, s.go)) return;
        return render(ctx, r.status, s, r.first());
    }
    // Submitted now or before: both end on the status page.
    ctx.res.redirect("/apply/status");
}

}  // namespace zk::apply
