// pages.cpp: the examinee's pages of 《毕业生登记表》 (seed steps 9–10).
// 毕业登记信息填写 starts from what the examinee gave at registration and at 毕业申请, and is
// saved at 下一步. 个人简历 is saved at 保存并导出PDF, which also renders the PDF once inside
// the saving transaction: the form is kept and the application becomes 登记表已填 only when
// the PDF could be made. 上一步 saves what is valid on the way back; 增加一行 only shows the
// page again with one more empty row. After an error every value comes back as typed with
// its message at its field, and nothing is saved.
// SECURITY: the application is always the session examinee's own; the gate (paid, not yet
// 材料已交回) is checked again under the row lock by every save (common/domain/regform).
#include <ctime>

#include "common/base/log.hpp"
#include "common/domain/reference.hpp"
#include "modules/regform/regform.hpp"

namespace zk::regform {

namespace {

namespace rf = registration_form;
using Gate = Standing::Gate;

const char* const kNoPdfYet = "请先填写并保存个人简历，再导出《毕业生登记表》。";
const char* const kPdfFailed = "《毕业生登记表》生成失败，请稍后再试；如多次失败，请联系县（市、区）自考部门。";

int today() {
    const std::string d = china_date(static_cast<long>(std::time(nullptr)));  // 2026-12-02
    return std::stoi(d.substr(0, 4)) * 10000 + std::stoi(d.substr(5, 2)) * 100 + std::stoi(d.substr(8, 2));
}

Standing load(Context& ctx) {
    return ctx.db.read([&](pqxx::nontransaction& tx) { return rf::standing(tx, ctx.app.cipher(), ctx.examinee_id()); });
}

void steps(ctemplate::TemplateDictionary& dict, int current) {
    reference::add_steps(dict, {"毕业登记信息填写", "个人简历填写", "导出并打印登记表"}, current);
}

// The page that says why the form cannot be opened, with the way on.
void refuse(Context& ctx, const Standing& s) {
    const int status = s.gate == Gate::NoApplication ? 404 : 403;
    ctx.fail(status, s.reason());
}

// ---- 毕业登记信息填写 ----

void render_personal(Context& ctx, int status, const Standing& s, const rf::Personal& p, const rf::Errors& errors) {
    ctemplate::TemplateDictionary dict("regform_personal");
    steps(dict, 0);
    ctx.add_examinee(dict);
    reference::add_options(dict, "ETHNICITY", reference::ethnicities(), p.ethnicity);
    reference::add_options(dict, "POLITICAL", reference::political_statuses(), p.political_status);
    dict.SetValue("OCCUPATION", p.occupation);
    dict.SetValue("PHONE", p.phone);
    dict.SetValue("EDUCATION", p.education);
    dict.SetValue("HEALTH", p.health);
    dict.SetValue("WORK_START", p.work_start_typed);
    if (p.overseas_relative) dict.ShowSection(*p.overseas_relative ? "OVERSEAS_YES" : "OVERSEAS_NO");
    dict.SetValue("NATIVE_PLACE", p.native_place);
    dict.SetValue("EMPLOYER", p.employer);
    dict.SetValue("ADDRESS", p.address);
    if (s.has_resume()) dict.ShowSection("HAS_RESUME");
    show_field_errors(dict, errors);
    ctx.page(status, "毕业登记信息填写", "regform/personal.tpl", dict);
}

// The whole saved form, read-only (after 材料已交回).
void render_locked(Context& ctx, const Standing& s) {
    ctemplate::TemplateDictionary dict("regform_view");
    ctx.add_examinee(dict);
    dict.SetValue("REASON", s.reason());
    if (s.form) {
        const auto& p = s.form->personal;
        auto* d = dict.AddSectionDictionary("FORM");
        for (const auto& [key, value] :
             std::vector<std::pair<const char*, std::string>>{{"ETHNICITY", p.ethnicity},
                                                              {"OCCUPATION", p.occupation},
                                                              {"POLITICAL", p.political_status},
                                                              {"PHONE", p.phone},
                                                              {"EDUCATION", p.education},
                                                              {"HEALTH", p.health},
                                                              {"WORK_START", p.work_start.text()},
                                                              {"OVERSEAS", p.overseas_relative.value_or(false) ? "是" : "否"},
                                                              {"NATIVE_PLACE", p.native_place},
                                                              {"EMPLOYER", p.employer},
                                                              {"ADDRESS", p.address}})
            d->SetValue(key, value);
        if (const auto& r = s.form->resume) {
            auto* rd = d->AddSectionDictionary("RESUME");
            for (const auto& row : r->rows) {
                auto* x = rd->AddSectionDictionary("ROW");
                x->SetValue("FROM", row.from_typed);
                x->SetValue("TO", row.to_typed);
                x->SetValue("PLACE", row.place);
            }
            for (const auto& m : r->family) {
                auto* x = rd->AddSectionDictionary("MEMBER");
                x->SetValue("MEMBER_NAME", m.name);
                x->SetValue("RELATION", m.relation);
                x->SetValue("EMPLOYER", m.employer);
                x->SetValue("POSITION", m.position);
            }
            if (r->family.empty()) rd->ShowSection("NO_MEMBER");
            rd->SetValue("REWARDS", r->rewards.empty() ? "无" : r->rewards);
            if (r->handwritten) rd->ShowSection("HANDWRITTEN");
            else rd->SetValueAndShowSection("SELF_EVALUATION", r->self_evaluation, "TYPED");
            rd->ShowSection("CAN_DOWNLOAD");
        }
    }
    ctx.page(200, "毕业生登记表", "regform/view.tpl", dict);
}

// ---- 个人简历 ----

void render_resume(Context& ctx, int status, const rf::Resume& r, const rf::Errors& errors, std::size_t rows,
                   std::size_t members) {
    ctemplate::TemplateDictionary dict("regform_resume");
    steps(dict, 1);
    ctx.add_examinee(dict);
    rows = std::min(std::max({rows, r.rows.size(), rf::kShownResumeRows}), rf::kMaxResumeRows);
    for (std::size_t i = 0; i < rows; ++i) {
        auto* d = dict.AddSectionDictionary("ROW");
        d->SetIntValue("N", static_cast<long>(i + 1));
        if (i < r.rows.size()) {
            d->SetValue("FROM", r.rows[i].from_typed);
            d->SetValue("TO", r.rows[i].to_typed);
            d->SetValue("PLACE", r.rows[i].place);
        }
        if (const auto e = errors.find("resume_" + std::to_string(i + 1)); e != errors.end())
            show_field_error(*d, "row", e->second);
    }
    if (rows < rf::kMaxResumeRows) dict.ShowSection("CAN_ADD_ROW");
    members = std::min(std::max({members, r.family.size(), rf::kShownFamily}), rf::kMaxFamily);
    for (std::size_t i = 0; i < members; ++i) {
        auto* d = dict.AddSectionDictionary("MEMBER");
        d->SetIntValue("N", static_cast<long>(i + 1));
        if (i < r.family.size()) {
            d->SetValue("MEMBER_NAME", r.family[i].name);
            d->SetValue("RELATION", r.family[i].relation);
            d->SetValue("EMPLOYER", r.family[i].employer);
            d->SetValue("POSITION", r.family[i].position);
        }
        if (const auto e = errors.find("member_" + std::to_string(i + 1)); e != errors.end())
            show_field_error(*d, "member", e->second);
    }
    if (members < rf::kMaxFamily) dict.ShowSection("CAN_ADD_MEMBER");
    dict.SetValue("REWARDS", r.rewards);
    dict.SetValue("SELF_EVALUATION", r.self_evaluation);
    dict.SetIntValue("HAN_COUNT", static_cast<long>(rf::han_count(r.self_evaluation)));
    dict.SetIntValue("MIN_HAN", static_cast<long>(rf::kMinSelfEvaluation));
    dict.SetIntValue("MAX_CHARS", static_cast<long>(rf::kMaxSelfEvaluation));
    dict.ShowSection(r.handwritten ? "MODE_HANDWRITTEN" : "MODE_TYPED");
    std::map<std::string, std::string> field_errors;
    for (const auto& [k, v] : errors)
        if (k.rfind("resume_", 0) != 0 && k.rfind("member_", 0) != 0) field_errors.emplace(k, v);
    show_field_errors(dict, field_errors);
    if (!errors.empty() && field_errors.empty())
        dict.SetValueAndShowSection("FORM_ERROR", "提交的信息有误，请按提示修改后重新提交。", "HAS_FORM_ERROR");
    ctx.page(status, "毕业申请个人简历填写", "regform/resume.tpl", dict);
}

// A refused save: the message page with its status.
void refused(Context& ctx, const Saved& saved) { ctx.fail(saved.status, saved.refusal); }

}  // namespace

void show_personal(Context& ctx) {
    const Standing s = load(ctx);
    if (s.gate == Gate::Locked) return render_locked(ctx, s);
    if (s.gate != Gate::Editable) return refuse(ctx, s);
    const rf::Personal p =
        s.form ? s.form->personal : rf::prefill(ctx.app.cipher(), ctx.session->examinee, *s.application);
    render_personal(ctx, 200, s, p, {});
}

void save_personal(Context& ctx) {
    rf::Errors errors;
    const rf::Personal p = rf::read_personal(ctx.req.form, today(), errors);
    if (!errors.empty()) {
        const Standing s = load(ctx);
        if (s.gate == Gate::Locked) return ctx.fail(409, s.reason());
        if (s.gate != Gate::Editable) return refuse(ctx, s);
        return render_personal(ctx, 422, s, p, errors);
    }
    const Saved saved = ctx.db.write([&](pqxx::work& tx) {
        return rf::store_personal(tx, ctx.app.cipher(), ctx.examinee_id(), p);
    });
    if (!saved.ok) return refused(ctx, saved);
    ctx.res.redirect("/regform/resume");
}

void show_resume(Context& ctx) {
    const Standing s = load(ctx);
    if (s.gate == Gate::Locked) return ctx.res.redirect("/regform");
    if (s.gate != Gate::Editable) return refuse(ctx, s);
    if (!s.form) return ctx.res.redirect("/regform");  // step 1 first
    rf::Resume r;
    if (s.form->resume) r = *s.form->resume;
    render_resume(ctx, 200, r, {}, 0, 0);
}

void save_resume(Context& ctx) {
    const std::string action = ctx.req.form.value("action");
    rf::Errors errors;
    rf::Resume r = rf::read_resume(ctx.req.form, today(), errors);
    const std::size_t posted_rows = ctx.req.form.all("resume_from").size();
    const std::size_t posted_members = ctx.req.form.all("member_name").size();
    if (action == "add_row" || action == "add_member") {
        // Only the page again, with what was typed and one more empty row; nothing is saved
        // and no message is shown yet.
        const Standing s = load(ctx);
        if (s.gate != Gate::Editable) return s.gate == Gate::Locked ? ctx.fail(409, s.reason()) : refuse(ctx, s);
        return render_resume(ctx, 200, r, {}, std::max(posted_rows, rf::kShownResumeRows) + (action == "add_row"),
                             std::max(posted_members, rf::kShownFamily) + (action == "add_member"));
    }
    if (action != "back" && action != "export") return ctx.fail(400, "请使用页面上的按钮提交。");
    if (!errors.empty()) {
        const Standing s = load(ctx);
        if (s.gate != Gate::Editable) return s.gate == Gate::Locked ? ctx.fail(409, s.reason()) : refuse(ctx, s);
        return render_resume(ctx, 422, r, errors, posted_rows, posted_members);
    }
    const bool exporting = action == "export";
    struct PdfFailed {};  // rolls the save back: nothing is kept without its PDF
    Saved saved;
    try {
        saved = ctx.db.write([&](pqxx::work& tx) {
            Saved sv = rf::store_resume(tx, ctx.app.cipher(), ctx.examinee_id(), r);
            if (!sv.ok || !exporting) return sv;
            const Standing s = rf::standing(tx, ctx.app.cipher(), ctx.examinee_id());
            const std::string photo = store::registration_forms::verified_photo(tx, sv.application_id).value_or("");
            try {
                render(ctx.app.config(), printable(ctx, s, photo));
            } catch (const std::exception& e) {
                log::error("regform.pdf_failed", {{"application", std::to_string(sv.application_id)}, {"error", e.what()}});
                throw PdfFailed{};
            }
            rf::exported(tx, sv.application_id);
            return sv;
        });
    } catch (const PdfFailed&) {
        return ctx.fail(500, kPdfFailed);
    }
    if (!saved.ok) return refused(ctx, saved);
    ctx.res.redirect(exporting ? "/regform/saved" : "/regform");
}

void show_saved(Context& ctx) {
    const Standing s = load(ctx);
    if (s.gate != Gate::Editable && s.gate != Gate::Locked) return refuse(ctx, s);
    if (!s.has_resume()) return ctx.res.redirect("/regform");
    ctemplate::TemplateDictionary dict("regform_saved");
    steps(dict, 2);
    ctx.add_examinee(dict);
    dict.SetValue("LAST_EXPORTED", s.form->last_exported_at);
    dict.SetIntValue("EXPORTS", s.form->exports);
    if (s.gate == Gate::Editable) dict.ShowSection("EDITABLE");
    ctx.page(200, "毕业生登记表已保存", "regform/saved.tpl", dict);
}

void download_pdf(Context& ctx) {
    const Standing s = load(ctx);
    if (s.gate != Gate::Editable && s.gate != Gate::Locked) return refuse(ctx, s);
    if (!s.has_resume()) return ctx.fail(404, kNoPdfYet);
    const std::string photo = ctx.db.read([&](pqxx::nontransaction& tx) {
        return store::registration_forms::verified_photo(tx, s.application->id).value_or("");
    });
    form_pdf::Rendered pdf;
    try {
        pdf = render(ctx.app.config(), printable(ctx, s, photo));
    } catch (const std::exception& e) {
        log::error("regform.pdf_failed", {{"application", std::to_string(s.application->id)}, {"error", e.what()}});
        return ctx.fail(500, kPdfFailed);
    }
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "application/pdf");
    ctx.res.set_header("Content-Disposition", pdf_file_name(ctx));
    // A citizen's personal data: never kept by a shared cache or the browser's.
    ctx.res.set_header("Cache-Control", "private, no-store");
    ctx.res.body = std::move(pdf.pdf);
}

}  // namespace zk::regform
