// applications.cpp: the back office's application queues (REV-2, APP-5 … APP-7): 预审,
// 旧计划课程证书核验, 材料交回确认 and 毕业审定, each a list with tabs, filters (county,
// 准考证号/姓名) and pages; one application with everything a clerk decides on (the audit ✓/✗
// list, chosen substitutions, 旧计划 courses and the scans inside their archive, 学信网
// records, the graduation photo on request, the timeline); and the decisions.
// Decisions go through common/domain/application_review after the application is locked
// inside the staff member's scope (decide_in_state: 404 outside it, 409 "已被处理" when the
// state moved on). Who may decide is the route's access level (main.cpp): 县区招办 and
// 市招办 pre-review, check certificates and mark materials; the 省审定组 does 审定.
// SECURITY: every read and lock goes through common/store/application_reviews, whose
// statements carry the scope in their WHERE clause; ids outside the scope answer exactly
// the 404 of ids that do not exist. Scans are served from memory with their type by
// content, never as HTML. 身份证号 and 手机号 are decrypted only to be masked. Every view of
// an application, its photo or a scan is written to the staff audit log.
#include <tuple>

#include "common/base/forms.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/domain/application_record.hpp"
#include "common/domain/application_review.hpp"
#include "common/domain/archive.hpp"
#include "common/domain/graduation.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/domain/validate.hpp"
#include "common/store/application_reviews.hpp"
#include "common/store/applications.hpp"
#include "common/store/chsi_authorizations.hpp"
#include "common/web/audit_view.hpp"
#include "common/store/payment_orders.hpp"
#include "common/web/payment_view.hpp"
#include "modules/review/review.hpp"
#include "modules/review/scope.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {

namespace reviews = store::application_reviews;

const char* const kAlreadyHandled = "该申请已被处理（状态已变化），请返回列表刷新后查看。";

// ---- the four queues ----

struct Tab {
    const char* key;
    const char* label;
    std::vector<std::string> statuses;
    const char* oldplan;  // "", "unchecked", "checked"
};
struct Queue {
    const char* path;
    const char* title;
    std::vector<Tab> tabs;  // the first is what waits
};

// Everything from 预审通过 on: an application that passed and went further still counts as
// passed in the 预审 history.
const std::vector<std::string> kPassedOrLater = {"prereview_passed", "paid",     "regform_filled",
                                                 "materials_returned", "approved", "rejected"};

const Queue& prereview_queue() {
    static const Queue q{"/admin/prereview", "毕业申请预审",
                         {{"waiting", "待预审", {"prereview"}, ""},
                          {"passed", "已通过", kPassedOrLater, ""},
                          {"refused", "未通过", {"prereview_failed"}, ""}}};
    return q;
}
const Queue& oldplan_queue() {
    static const Queue q{"/admin/oldplan", "旧计划课程证书核验",
                         {{"waiting", "待核验", {"prereview"}, "unchecked"},
                          {"checked", "已核验",
                           {"prereview", "prereview_passed", "prereview_failed", "paid", "regform_filled",
                            "materials_returned", "approved", "rejected"},
                           "checked"}}};
    return q;
}
const Queue& materials_queue() {
    static const Queue q{"/admin/materials", "材料交回确认",
                         {{"waiting", "待交回", {"regform_filled"}, ""},
                          {"returned", "已交回", {"materials_returned", "approved", "rejected"}, ""}}};
    return q;
}
const Queue& final_queue() {
    static const Queue q{"/admin/final", "毕业审定",
                         {{"waiting", "待审定", {"materials_returned"}, ""},
                          {"approved", "审定通过", {"approved"}, ""},
                          {"rejected", "审定未通过", {"rejected"}, ""}}};
    return q;
}

void show_list(Context& ctx, const Queue& q) {
    const auto& sc = scope_of(*ctx.session);
    const std::string tab_key = ctx.req.query_params.value("tab");
    const Tab* tab = &q.tabs.front();
    for (const auto& t : q.tabs)
        if (tab_key == t.key) tab = &t;
    if (!tab_key.empty() && tab_key != tab->key) return ctx.fail(404, kNotFound);

    const auto q_page = queue_page(ctx);
    if (!q_page) return ctx.fail(404, kNotFound);
    const reviews::Filter f{q_page->filter, tab->statuses, tab->oldplan};
    const auto result = ctx.db.read([&](pqxx::nontransaction& tx) { return reviews::list(tx, f, sc); });

    ctemplate::TemplateDictionary dict("applications");
    dict.SetValue("TITLE", q.title);
    for (const auto& t : q.tabs) {
        auto* d = dict.AddSectionDictionary("TAB");
        d->SetValue("LABEL", t.label);
        d->SetValue("HREF", std::string(q.path) + (&t == &q.tabs.front() ? "" : std::string("?tab=") + t.key));
        d->ShowSection(&t == tab ? "CURRENT" : "LINK");
    }
    add_filter(dict, *q_page, q.path, "tab", tab->key, result.total, "毕业申请区县");
    const std::string done = ctx.req.query_params.value("done");
    for (const auto& [key, text] : {std::pair{"approved", "已预审通过该申请。"},
                                    std::pair{"refused", "已将该申请标记为预审未通过，考生可在申请详情中看到原因。"},
                                    std::pair{"returned", "已确认该考生的材料已交回。"},
                                    std::pair{"final_approved", "已审定通过。"},
                                    std::pair{"final_refused", "已标记为审定未通过。"}})
        if (done == key) dict.SetValueAndShowSection("DONE", text, "HAS_DONE");

    int seq = f.offset;
    ctemplate::TemplateDictionary* table = nullptr;
    for (const auto& r : result.rows) {
        if (!table) {
            table = dict.AddSectionDictionary("HAS_ROWS");
            if (q.path == oldplan_queue().path) table->ShowSection("OLDPLAN_HEAD");
        }
        auto* row = table->AddSectionDictionary("ROW");
        row->SetIntValue("SEQ", ++seq);
        row->SetValue("ID", std::to_string(r.id));
        row->SetValue("NAME", r.name);
        row->SetValue("TICKET_NO", r.ticket_no);
        row->SetValue("ID_NUMBER", masked(ctx.app, r.id_number_enc, "id_number", validate::mask_id_number, r.examinee_id));
        row->SetValue("COUNTY", r.county_name);
        row->SetValue("MAJORS", r.majors);
        row->SetIntValue("ATTEMPT", r.attempt);
        row->SetValue("STATUS", application_record::status_text(r.status) +
                                    (r.status == "prereview_passed" && r.by_system ? "（系统审核）" : ""));
        row->SetValue("UPDATED", r.updated);
        if (q.path == oldplan_queue().path) {
            auto* cell = row->AddSectionDictionary("OLDPLAN_CELL");
            cell->SetValue("OLDPLAN", r.oldplan_unchecked ? "待核验" + std::to_string(r.oldplan_unchecked) + "门/共" +
                                                                std::to_string(r.oldplan_total) + "门"
                                                          : "已核验" + std::to_string(r.oldplan_total) + "门");
        }
    }
    if (!table) dict.ShowSection("EMPTY");
    staff_page(ctx, 200, q.title, "review/applications.tpl", dict, q.path);
}

// ---- one application ----

std::string route_param(const Context& ctx, const char* name) {
    const auto it = ctx.req.route_params.find(name);
    return it == ctx.req.route_params.end() ? std::string() : it->second;
}
std::optional<std::int64_t> route_id(const Context& ctx) { return validate::row_id(route_param(ctx, "id")); }

const char* actor_label(const reviews::Event& e) {
    if (e.actor == "examinee") return "考生";
    if (e.actor == "system") return "系统";
    return "";
}

const char* rule_kind_label(const std::string& kind) {
    if (kind == "one_for_many") return "一门顶多门";
    if (kind == "any_one_of") return "任选一门";
    return "一对一";
}

struct Typed {
    std::string form;     // "prereview" or "final": the form the error belongs to
    std::string code, text, message;
};

void render_detail(Context& ctx, int status, const reviews::Detail& d, const Typed& typed) {
    const auto& sc = scope_of(*ctx.session);
    ctemplate::TemplateDictionary dict("application");
    add_examinee_head(ctx, dict, d);
    dict.SetValue("PHONE", masked(ctx.app, d.phone_enc, "phone", validate::mask_phone, d.examinee_id));
    dict.SetValue("ADDRESS", d.address);
    dict.SetValue("SUBMITTED", d.submitted);
    dict.SetIntValue("ATTEMPT", d.attempt);
    dict.SetValue("STATUS", application_record::status_text(d.status) +
                                (d.status == "prereview_passed" && d.by_system ? "（系统审核通过）" : ""));
    if (d.status == "prereview_failed") dict.SetValueAndShowSection("REASON", d.prereview_reason, "HAS_PREREVIEW_REASON");
    if (d.status == "rejected") dict.SetValueAndShowSection("FINAL_REASON", d.final_reason, "HAS_FINAL_REASON");

    bool bachelor = false;
    ctx.db.read([&](pqxx::nontransaction& tx) {
        const auto majors = store::applications::majors(tx, d.id);
        const auto audits = store::applications::stored_audits_with_groups(tx, d.id);
        for (const auto& m : majors) {
            bachelor = bachelor || graduation::needs_prior_education(m.level);
            auto* md = dict.AddSectionDictionary("MAJOR");
            md->SetIntValue("SEQ", m.seq);
            md->SetValue("INSTITUTION", m.institution_name);
            md->SetValue("MAJOR", m.major_code + " " + m.major_name);
            bool found = false;
            for (const auto& a : audits) {
                if (a.seq != m.seq) continue;
                found = true;
                md->SetValue("VERDICT", a.eligible ? "符合毕业合格条件" : "不符合毕业合格条件");
                md->SetValue("VERDICT_CLASS", a.eligible ? "ok" : "bad");
                md->SetValue("CREDITS_USED", a.credits_used);
                md->SetValue("MIN_TOTAL", a.min_total);
                audit_view::add_courses(*md, a.required);
                for (const auto& g : a.groups) {
                    auto* row = md->AddSectionDictionary("GROUP");
                    row->SetValue("TITLE", g.title);
                    row->SetValue("MARK", g.satisfied ? "✓" : "✗");
                    row->SetValue("CREDITS", g.credits + "/" + g.min_credits + "学分，" + g.count + "/" + g.min_count + "门");
                    std::string by;
                    for (const auto& b : g.by_codes) by += (by.empty() ? "" : "、") + b;
                    row->SetValue("BY", by);
                }
                for (const auto& reason : a.reasons) md->SetValueAndShowSection("LINE", reason, "AUDIT_REASON");
            }
            if (!found) md->ShowSection("NO_AUDIT");
        }

        for (const auto& s : reviews::substitutions(tx, d.id)) {
            auto* row = dict.AddSectionDictionary("SUBSTITUTION");
            row->SetValue("KIND", rule_kind_label(s.rule_kind));
            row->SetValue("NEW", s.new_code + " " + s.new_name);
            std::string old;
            for (const auto& o : s.old_codes) old += (old.empty() ? "" : "、") + o;
            row->SetValue("OLD", old);
        }
        for (const auto& c : reviews::english_courses(tx, d.id)) {
            auto* row = dict.AddSectionDictionary("ENGLISH");
            row->SetValue("CODE", c.code);
            row->SetValue("NAME", c.name);
            row->SetIntValue("CREDITS", c.credits);
        }

        const bool can_check = d.status == "prereview" && (sc.role == "county" || sc.role == "city");
        const auto oldplan = reviews::oldplan_courses(tx, d.id);
        if (!oldplan.empty()) {
            auto* sec = dict.AddSectionDictionary("OLDPLAN");
            for (const auto& o : oldplan) {
                auto* row = sec->AddSectionDictionary("OLD_COURSE");
                row->SetValue("CODE", o.code);
                row->SetValue("NAME", o.name);
                row->SetValue("PASSED_ON", o.passed_on);
                row->SetValue("SCORE", o.score);
                row->SetValue("CHECK", !o.checked ? "待核验" : o.verified ? "核验通过" : "核验不通过");
                if (o.checked) row->SetValue("CHECKED_BY", o.checked_by + " " + o.checked_at);
                if (can_check) row->ShowSection("CAN_CHECK");
            }
            if (const auto ar = reviews::archive(tx, d.id)) {
                auto* a = sec->AddSectionDictionary("ARCHIVE");
                a->SetValue("FILE_NAME", ar->file_name);
                a->SetValue("FORMAT", ar->format);
                a->SetValue("SIZE", std::to_string((ar->size + 1023) / 1024) + " KB");
                int index = 0;
                for (const auto& e : ar->entries) {
                    auto* row = a->AddSectionDictionary("ENTRY");
                    row->SetValue("PATH", e.path);
                    row->SetValue("TYPE", e.type == "application/pdf" ? "PDF" : e.type == "directory" ? "文件夹" : "图片");
                    row->SetValue("SIZE", e.type == "directory" ? "" : std::to_string((e.size + 1023) / 1024) + " KB");
                    if (e.type != "directory") row->SetValueAndShowSection("INDEX", std::to_string(index), "OPEN");
                    ++index;
                }
            } else {
                sec->ShowSection("NO_ARCHIVE");
            }
        }

        if (bachelor) {
            auto* sec = dict.AddSectionDictionary("CHSI");
            const auto records = store::chsi_authorizations::records_of(tx, d.examinee_id);
            for (const auto& r : records) {
                auto* row = sec->AddSectionDictionary("CHSI_RECORD");
                row->SetValue("NAME", r.name);
                row->SetValue("GENDER", r.gender == "F" ? "女" : "男");
                row->SetValue("SCHOOL", r.school);
                row->SetValue("MAJOR", r.major);
                row->SetValue("LEVEL", r.level + "（" + r.study_form + "）");
                row->SetValue("YEARS", std::to_string(r.entry_year) + "—" + std::to_string(r.graduation_year));
                row->SetValue("CONCLUSION", r.conclusion);
            }
            if (records.empty()) sec->ShowSection("NO_CHSI");
        }

        // 支付: every order of the application and what the provider said about it.
        for (const auto& o : store::payment_orders::for_application(tx, d.id)) {
            auto* row = dict.AddSectionDictionary("ORDER");
            payment_view::add_order(*row, o);
            for (const auto& m : store::payment_orders::messages_of(tx, o.id)) {
                auto* msg = row->AddSectionDictionary("MESSAGE");
                msg->SetValue("AT", m.received_at);
                msg->SetValue("SOURCE", m.source == "notification" ? "异步通知" : m.source == "query" ? "对账查询" : "关闭订单");
                msg->SetValue("OUTCOME", m.outcome);
                msg->SetValue("DETAIL", m.detail);
            }
        }
        for (const auto& e : reviews::events(tx, d.id)) {
            auto* row = dict.AddSectionDictionary("EVENT");
            row->SetValue("AT", e.at);
            row->SetValue("FROM", application_record::status_text(e.from_status));
            row->SetValue("TO", application_record::status_text(e.to_status));
            row->SetValue("ACTOR", e.actor == "staff" ? e.staff_name : actor_label(e));
            row->SetValue("NOTE", e.note);
        }
    });

    const bool office = sc.role == "county" || sc.role == "city";
    if (d.status == "prereview" && office) {
        auto* f = dict.AddSectionDictionary("PREREVIEW_FORM");
        for (const auto& r : application_review::prereview_reasons()) {
            auto* o = f->AddSectionDictionary("REASON_OPTION");
            o->SetValue("CODE", r.code);
            o->SetValue("LABEL", r.label);
            if (typed.form == "prereview" && typed.code == r.code) o->ShowSection("CHECKED");
        }
        if (typed.form == "prereview") {
            f->SetValue("TEXT", typed.text);
            if (!typed.message.empty()) f->SetValueAndShowSection("ERROR", typed.message, "HAS_ERROR");
        }
    }
    if (d.status == "prereview" && !office) dict.ShowSection("PREREVIEW_ELSEWHERE");
    if (d.status == "regform_filled" && office) dict.ShowSection("MATERIALS_FORM");
    if (d.status == "materials_returned" && sc.role == "province") {
        auto* f = dict.AddSectionDictionary("FINAL_FORM");
        if (typed.form == "final") {
            f->SetValue("TEXT", typed.text);
            if (!typed.message.empty()) f->SetValueAndShowSection("ERROR", typed.message, "HAS_ERROR");
        }
    }
    staff_page(ctx, status, "毕业申请详情", "review/application.tpl", dict, "");
}

std::optional<reviews::Detail> find(Context& ctx, std::int64_t id) {
    return ctx.db.read([&](pqxx::nontransaction& tx) { return reviews::detail(tx, id, scope_of(*ctx.session)); });
}

void record_view(Context& ctx, std::int64_t id, const std::string& what) {
    const std::int64_t staff_id = ctx.session->subject_id;
    ctx.db.write([&](pqxx::work& tx) {
        staff_audit::record_view(tx, staff_id, "application", id, what);
    });
}

// One decision on the application in state `expected`, then back to `queue` with `done`.
template <typename Apply>
void decide(Context& ctx, std::int64_t id, const std::string& expected, Apply&& apply, const std::string& back) {
    const auto& sc = scope_of(*ctx.session);
    decide_in_state(
        ctx, expected, kAlreadyHandled, [&](pqxx::work& tx) { return reviews::lock_status(tx, id, sc); },
        std::forward<Apply>(apply));
    log::info("review.application.decided",
              {{"staff", std::to_string(ctx.session->subject_id)}, {"application", std::to_string(id)}, {"to", back}});
    ctx.res.redirect(back);
}

// A form refused for its reason: the scope and the state are checked first (404 / 409 as
// for a valid form), then the page again with the message at the field.
void refuse_form(Context& ctx, std::int64_t id, const std::string& expected, Typed typed) {
    const auto d = find(ctx, id);
    if (!d) return ctx.fail(404, kNotFound);
    if (d->status != expected) return ctx.fail(409, kAlreadyHandled);
    render_detail(ctx, 400, *d, typed);
}

}  // namespace

void show_prereview_queue(Context& ctx) { show_list(ctx, prereview_queue()); }
void show_oldplan_queue(Context& ctx) { show_list(ctx, oldplan_queue()); }
void show_materials_queue(Context& ctx) { show_list(ctx, materials_queue()); }
void show_final_queue(Context& ctx) { show_list(ctx, final_queue()); }

void show_application(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const auto d = find(ctx, *id);
    if (!d) return ctx.fail(404, kNotFound);
    record_view(ctx, *id, "detail");
    render_detail(ctx, 200, *d, {});
}

void approve_prereview(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::int64_t staff = ctx.session->subject_id;
    decide(ctx, *id, "prereview", [&](pqxx::work& tx) { return application_review::approve_prereview(tx, *id, staff); },
           "/admin/prereview?done=approved");
}

void refuse_prereview(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::string code = ctx.req.form.value("reason_code");
    const std::string typed = ctx.req.form.value("reason");
    const std::string text = strings::trim(typed);
    if (const auto message = application_review::prereview_reason_error(code, text))
        return refuse_form(ctx, *id, "prereview", {"prereview", code, typed, *message});
    const std::int64_t staff = ctx.session->subject_id;
    decide(ctx, *id, "prereview",
           [&](pqxx::work& tx) { return application_review::refuse_prereview(tx, *id, staff, code, text); },
           "/admin/prereview?done=refused");
}

void check_oldplan(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::string course = ctx.req.form.value("course");
    const std::string verdict = ctx.req.form.value("verdict");
    if (verdict != "verified" && verdict != "refused") return ctx.fail(400, "请选择核验结果（核验通过或核验不通过）。");
    const std::int64_t staff = ctx.session->subject_id;
    const auto& sc = scope_of(*ctx.session);
    decide_in_state(
        ctx, "prereview", "该申请已不在预审中，不能再核验旧计划课程。",
        [&](pqxx::work& tx) { return reviews::lock_status(tx, *id, sc); },
        [&](pqxx::work& tx) {
            const auto d = reviews::detail(tx, *id, sc);
            if (!d || !application_review::check_oldplan(tx, *id, d->examinee_id, course, verdict == "verified", staff))
                throw Refusal(404, "该申请没有这门旧计划课程。");
            return true;
        });
    ctx.res.redirect("/admin/applications/" + std::to_string(*id) + "#oldplan");
}

void mark_materials_returned(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::int64_t staff = ctx.session->subject_id;
    decide(ctx, *id, "regform_filled",
           [&](pqxx::work& tx) { return application_review::mark_materials_returned(tx, *id, staff); },
           "/admin/materials?done=returned");
}

void approve_final(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::int64_t staff = ctx.session->subject_id;
    decide(ctx, *id, "materials_returned",
           [&](pqxx::work& tx) { return application_review::approve_final(tx, *id, staff); },
           "/admin/final?done=final_approved");
}

void refuse_final(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::string typed = ctx.req.form.value("reason");
    const std::string text = strings::trim(typed);
    if (const auto message = application_review::final_reason_error(text))
        return refuse_form(ctx, *id, "materials_returned", {"final", "", typed, *message});
    const std::int64_t staff = ctx.session->subject_id;
    decide(ctx, *id, "materials_returned",
           [&](pqxx::work& tx) { return application_review::refuse_final(tx, *id, staff, text); },
           "/admin/final?done=final_refused");
}

void serve_application_photo(Context& ctx) {
    const auto id = route_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    auto jpeg = ctx.db.read(
        [&](pqxx::nontransaction& tx) { return reviews::graduation_photo(tx, *id, scope_of(*ctx.session)); });
    if (!jpeg) return ctx.fail(404, kNotFound);
    record_view(ctx, *id, "graduation_photo");
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "image/jpeg");
    ctx.res.set_header("Cache-Control", "private, no-store");
    ctx.res.body = std::move(*jpeg);
}

void serve_archive_entry(Context& ctx) {
    const auto id = route_id(ctx);
    const std::string index_text = route_param(ctx, "n");
    if (!id || index_text.empty() || index_text.size() > 3 ||
        index_text.find_first_not_of("0123456789") != std::string::npos)
        return ctx.fail(404, kNotFound);
    const auto bytes = ctx.db.read(
        [&](pqxx::nontransaction& tx) { return reviews::archive_bytes(tx, *id, scope_of(*ctx.session)); });
    if (!bytes) return ctx.fail(404, kNotFound);
    archive::EntryContent entry;
    try {
        entry = archive::read_entry(*bytes, static_cast<std::size_t>(std::stoi(index_text)));
    } catch (const archive::ArchiveError&) {
        return ctx.fail(404, kNotFound);
    }
    // Only what the upload check let in is shown, by its type now (never as HTML).
    if (entry.type != "image/jpeg" && entry.type != "image/png" && entry.type != "application/pdf")
        return ctx.fail(404, kNotFound);
    record_view(ctx, *id, "archive:" + index_text);
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", entry.type);
    ctx.res.set_header("Content-Disposition", "inline");
    ctx.res.set_header("Cache-Control", "private, no-store");
    ctx.res.body = std::move(entry.data);
}

}  // namespace zk::review
