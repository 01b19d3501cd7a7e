// majors.cpp: step 2 毕业申请专业选择 (APP-3): for each chosen 主考院校 its majors with a
// plan in force, grouped by level; the audit of the chosen major, stored with the
// application; and, when the major is not (yet) eligible, the 毕业申请专业限制条件 screen
// with ✓/✗ per plan course, the three substitution actions, the closest majors and the
// suggested 英语(二) replacement (AUD-6). Every GET re-runs the audit, so the screen is
// current after a substitution made in module `substitute`. Transcript, rules, choices and
// the plans of the chosen institutions are read once per request, whatever the number of
// institutions.
// SECURITY: a posted major id is accepted only if it is one of the listed majors of that
// institution (a plan in force); the application is the session examinee's draft.
#include <algorithm>
#include <map>

#include "common/domain/reference.hpp"
#include "common/store/applications.hpp"
#include "common/store/plans.hpp"
#include "modules/apply/apply.hpp"

namespace zk::apply {

namespace {
const char* const kNotOfInstitution = "所选专业不属于该主考院校";
const char* const kNotEligible = "所选专业不符合毕业合格条件，请先添加顶替课程或选择其他专业。";
const char* const kChooseMajor = "请选择申请专业。";

struct Closest {
    std::string institution, code, name;
    bool eligible = false;
    int missing = 0, missing_credits = 0;
};

// A substitution the examinee could add for a missing plan course: a 任选一门 or 一门顶多门
// rule of the chosen major whose new course they passed within the rule's period, not yet
// used elsewhere. The button posts it to /substitute/newplan, which checks it again.
struct Fill {
    std::string old_code, old_name, new_code, new_name;
    std::vector<std::string> also;  // 一门顶多门: the rule's other old courses
};

struct Section {
    graduation::ChosenMajor chosen;
    std::vector<Fill> fills;
    std::vector<store::plans::MajorPlan> options;  // majors of the institution with a plan in force
    std::optional<graduation::MajorAudit> audit;
    std::vector<Closest> closest;
    std::vector<std::pair<std::string, std::string>> english;  // suggested set: code, name
    int english_credits = 0;
    std::string error;
};

struct Screen {
    enum class Go { Show, Fill, Status, Closed, Confirm, Self } go = Go::Show;
    std::vector<Section> sections;
};

Screen going(Screen::Go g) {
    Screen s;
    s.go = g;
    return s;
}

// The locked draft step 2 works on, once step 1 is done; otherwise where to send the
// examinee instead (window closed, already submitted, step 1 not filled in).
std::optional<graduation::Application> step2_draft(pqxx::work& tx, Context& ctx, Screen::Go& elsewhere) {
    auto win = graduation::window(tx);
    if (!win || !win->open) {
        elsewhere = Screen::Go::Closed;
        return std::nullopt;
    }
    auto draft = graduation::lock_draft(tx, ctx.examinee_id(), win->batch_id);
    if (!draft) elsewhere = Screen::Go::Status;
    else if (draft->county_code.empty()) elsewhere = Screen::Go::Fill;
    else return draft;
    return std::nullopt;
}

bool rule_applies(const eligibility::SubstitutionRule& r, const std::string& major_code) {
    return r.majors.empty() || std::find(r.majors.begin(), r.majors.end(), major_code) != r.majors.end();
}

bool already_chosen(const eligibility::Choices& c, const eligibility::SubstitutionRule& r) {
    for (const auto& s : c.substitutions) {
        if (s.new_code == r.new_codes[0]) return true;
        for (const auto& o : s.old_codes)
            if (std::find(r.old_codes.begin(), r.old_codes.end(), o) != r.old_codes.end()) return true;
    }
    return std::find(c.english_replacement.begin(), c.english_replacement.end(), r.new_codes[0]) !=
           c.english_replacement.end();
}

// The pass of the rule's new course that the rule can use (passed within its period, not
// spent on an earlier graduation), if any.
const eligibility::PassedCourse* usable_pass(const eligibility::SubstitutionRule& r,
                                             const std::vector<eligibility::PassedCourse>& transcript) {
    for (const auto& p : transcript)
        if (p.code == r.new_codes[0] && !p.used_by_earlier_graduation && (!r.valid_from || p.passed_on >= r.valid_from) &&
            (!r.valid_to || p.passed_on <= r.valid_to))
            return &p;
    return nullptr;
}

// For each missing required course of the audit, the substitutions the examinee could add.
std::vector<Fill> fills_for(const Section& s, const graduation::AuditInputs& inputs) {
    std::vector<Fill> out;
    for (const auto& q : s.audit->result.required) {
        if (q.how != eligibility::How::Missing) continue;
        for (const auto& r : inputs.rules) {
            if (r.kind == eligibility::RuleKind::OneToOne || r.new_codes.empty() || !rule_applies(r, s.chosen.major_code))
                continue;
            if (std::find(r.old_codes.begin(), r.old_codes.end(), q.code) == r.old_codes.end()) continue;
            const auto* pass = usable_pass(r, inputs.transcript);
            if (!pass || already_chosen(inputs.choices, r)) continue;
            Fill f{q.code, q.name, pass->code, pass->name, {}};
            if (r.kind == eligibility::RuleKind::OneForMany)
                for (const auto& o : r.old_codes)
                    if (o != q.code) f.also.push_back(o);
            out.push_back(std::move(f));
        }
    }
    return out;
}

bool has_missing_english(const eligibility::Result& r) {
    for (const auto& q : r.required)
        if (q.code == eligibility::kEnglishTwo && q.how == eligibility::How::Missing) return true;
    return false;
}

// The majors with a plan in force of every chosen institution, by institution code.
using Options = std::map<std::string, std::vector<store::plans::MajorPlan>>;

Options options_of(pqxx::transaction_base& tx, const std::vector<graduation::ChosenMajor>& chosen) {
    std::vector<std::string> codes;
    for (const auto& m : chosen) codes.push_back(m.institution_code);
    return store::plans::institution_plans(tx, codes);
}

// Builds the screen of every chosen institution (and with `store`, keeps each audit in
// application_majors). The audit inputs and the plans are read once for all institutions;
// the chosen major's plan is the one listed for its institution.
std::vector<Section> load(pqxx::transaction_base& tx, std::int64_t examinee_id, std::int64_t application_id, bool store,
                          const Options* listed = nullptr) {
    std::vector<Section> out;
    const auto chosen = graduation::chosen_majors(tx, application_id);
    if (chosen.empty()) return out;
    const Options options = listed ? *listed : options_of(tx, chosen);
    const auto inputs = graduation::audit_inputs(tx, examinee_id, application_id);
    // A chosen major that is not listed for its institution (it lost its plan, or the
    // data changed) is audited as the major it is.
    std::vector<int> unlisted;
    for (const auto& m : chosen) {
        if (m.major_id == 0) continue;
        bool found = false;
        for (const auto& o : options.at(m.institution_code)) found = found || o.major_id == m.major_id;
        if (!found) unlisted.push_back(m.major_id);
    }
    const auto unlisted_audits = graduation::audit_majors(tx, inputs, unlisted);
    std::vector<store::applications::MajorAudit> stored;
    for (const auto& m : chosen) {
        Section s;
        s.chosen = m;
        s.options = options.at(m.institution_code);
        if (s.chosen.major_id != 0) {
            for (const auto& o : s.options)
                if (o.major_id == s.chosen.major_id) s.audit = graduation::audit(o.plan, inputs);
            if (auto it = unlisted_audits.find(s.chosen.major_id); !s.audit && it != unlisted_audits.end())
                s.audit = it->second;
            if (s.audit) {
                s.chosen.eligible = s.audit->result.eligible;
                if (store)
                    stored.push_back(
                        {s.chosen.seq, s.chosen.major_id, s.audit->result.eligible, audit_json(s.audit->result)});
            }
        }
        if (s.audit && !s.audit->result.eligible) {
            s.fills = fills_for(s, inputs);
            // AUD-6: the majors of every chosen institution (up to two), not only this one's.
            std::vector<eligibility::Plan> plans;
            std::vector<const store::plans::MajorPlan*> of_plan;
            for (const auto& [code, majors] : options)
                for (const auto& o : majors) {
                    if (o.major_id == s.chosen.major_id) continue;
                    plans.push_back(o.plan);
                    of_plan.push_back(&o);
                }
            for (const auto& w : eligibility::rank_majors(plans, inputs.transcript, inputs.rules, inputs.choices)) {
                if (s.closest.size() == 3) break;
                s.closest.push_back({of_plan[w.plan_index]->institution_name, w.major_code, w.major_name,
                                     w.result.eligible, w.result.missing_count, w.result.missing_credits});
            }
            if (has_missing_english(s.audit->result)) {
                if (auto set = eligibility::suggest_english_replacement(s.audit->plan, inputs.transcript, inputs.rules,
                                                                        inputs.choices)) {
                    std::map<std::string, const eligibility::PassedCourse*> by_code;
                    for (const auto& p : inputs.transcript) by_code[p.code] = &p;
                    for (const auto& code : *set) {
                        auto it = by_code.find(code);
                        s.english.emplace_back(code, it == by_code.end() ? std::string() : it->second->name);
                        if (it != by_code.end()) s.english_credits += it->second->credits;
                    }
                }
            }
        }
        out.push_back(std::move(s));
    }
    store::applications::store_audits(tx, application_id, stored);
    return out;
}

std::string fill_form_id(const Section& s, size_t i) {
    return "fill-" + std::to_string(s.chosen.seq) + "-" + std::to_string(i + 1);
}

void add_result(ctemplate::TemplateDictionary* d, const Section& s) {
    const eligibility::Result& r = s.audit->result;
    if (r.eligible) {
        d->ShowSection("ELIGIBLE");
        if (r.provisional) d->ShowSection("PROVISIONAL");
        return;
    }
    auto* n = d->AddSectionDictionary("NOT_ELIGIBLE");
    n->SetValue("PLAN_MAJOR", s.chosen.major_name);
    for (const auto& q : r.required) {
        auto* c = n->AddSectionDictionary("COURSE");
        c->SetValue("CODE", q.code);
        c->SetValue("NAME", q.name);
        c->SetIntValue("CREDITS", q.credits);
        const bool ok = q.how != eligibility::How::Missing;
        c->SetValue("MARK", ok ? "✓" : "✗");
        c->SetValue("MARK_CLASS", ok ? "ok" : "missing");
        c->SetValue("MARK_LABEL", ok ? "有合格成绩" : "无合格成绩");
        c->SetValue("NOTE", ok ? q.note : (q.note.empty() ? "缺少" : q.note));
    }
    for (const auto& g : r.groups) {
        auto* c = n->AddSectionDictionary("GROUP");
        c->SetValue("TITLE", g.title);
        c->SetIntValue("CREDITS", g.credits);
        c->SetIntValue("MIN_CREDITS", g.min_credits);
        c->SetIntValue("COUNT", g.count);
        c->SetIntValue("MIN_COUNT", g.min_count);
        c->SetValue("MARK", g.satisfied ? "✓" : "✗");
        c->SetValue("MARK_CLASS", g.satisfied ? "ok" : "missing");
        c->SetValue("MARK_LABEL", g.satisfied ? "已满足" : "未满足");
        std::string uses;
        for (const auto& u : g.uses) uses += (uses.empty() ? "" : "、") + u.code + u.name + u.note;
        c->SetValue("USES", uses.empty() ? "无" : uses);
    }
    if (!r.groups.empty()) n->ShowSection("HAS_GROUPS");
    for (size_t i = 0; i < s.fills.size(); ++i) {
        const Fill& f = s.fills[i];
        auto* c = n->AddSectionDictionary("FILL");
        c->SetValue("FORM_ID", fill_form_id(s, i));
        c->SetValue("OLD_CODE", f.old_code);
        c->SetValue("OLD_NAME", f.old_name);
        c->SetValue("NEW_CODE", f.new_code);
        c->SetValue("NEW_NAME", f.new_name);
        std::string also;
        for (const auto& o : f.also) also += (also.empty() ? "" : "、") + o;
        if (also.empty()) c->ShowSection("ANY_ONE_OF");
        else c->SetValueAndShowSection("ALSO", also, "ONE_FOR_MANY");
    }
    if (!s.fills.empty()) n->ShowSection("HAS_FILLS");
    n->SetIntValue("CREDITS_USED", r.credits_used);
    n->SetIntValue("MIN_TOTAL", r.min_total_credits);
    std::vector<std::string> reasons = r.reasons;
    if (reasons.empty()) {
        // The engine leaves reasons empty in some cases; the examinee still needs to read why.
        for (const auto& q : r.required)
            if (q.how == eligibility::How::Missing)
                reasons.push_back("缺少" + q.code + q.name + "（" + std::to_string(q.credits) + "学分）");
        for (const auto& g : r.groups)
            if (!g.satisfied) reasons.push_back("选考课程“" + g.title + "”未达到要求");
        if (r.credits_used < r.min_total_credits)
            reasons.push_back("已计入学分" + std::to_string(r.credits_used) + "，未达到毕业最低总学分" +
                              std::to_string(r.min_total_credits));
    }
    for (const auto& why : reasons) {
        n->ShowSection("REASONS");
        n->AddSectionDictionary("REASON_ITEM")->SetValue("REASON_TEXT", why);
    }
    for (const auto& p : r.problems) {
        auto* c = n->AddSectionDictionary("PROBLEM");
        c->SetValue("MESSAGE", p.message);
    }
    for (size_t i = 0; i < s.closest.size(); ++i) {
        auto* c = n->AddSectionDictionary("CLOSEST");
        c->SetIntValue("RANK", static_cast<long>(i + 1));
        c->SetValue("INSTITUTION", s.closest[i].institution);
        c->SetValue("CODE", s.closest[i].code);
        c->SetValue("NAME", s.closest[i].name);
        if (s.closest[i].eligible) c->ShowSection("CLOSEST_OK");
        else {
            c->SetValueAndShowSection("MISSING", std::to_string(s.closest[i].missing), "CLOSEST_MISSING");
            c->SetIntValue("MISSING_CREDITS", s.closest[i].missing_credits);
        }
    }
    if (!s.closest.empty()) n->ShowSection("HAS_CLOSEST");
    if (!s.english.empty()) {
        auto* e = n->AddSectionDictionary("ENGLISH");
        e->SetIntValue("ENGLISH_CREDITS", s.english_credits);
        for (const auto& [code, name] : s.english) {
            auto* c = e->AddSectionDictionary("ENGLISH_COURSE");
            c->SetValue("CODE", code);
            c->SetValue("NAME", name);
        }
    }
}

void render(Context& ctx, int status, const std::vector<Section>& sections, const std::string& form_error) {
    ctemplate::TemplateDictionary dict("majors");
    reference::add_steps(dict, steps(), 1);
    for (const auto& s : sections) {
        auto* d = dict.AddSectionDictionary("INSTITUTION");
        d->SetIntValue("SEQ", s.chosen.seq);
        d->SetValue("INSTITUTION_NAME", s.chosen.institution_name);
        ctemplate::TemplateDictionary* level = nullptr;
        std::string current_level;
        for (const auto& o : s.options) {
            if (!level || o.plan.level != current_level) {
                level = d->AddSectionDictionary("LEVEL");
                level->SetValue("LEVEL_NAME", o.plan.level);
                current_level = o.plan.level;
            }
            auto* m = level->AddSectionDictionary("MAJOR");
            m->SetIntValue("ID", o.major_id);
            m->SetValue("CODE", o.plan.major_code);
            m->SetValue("NAME", o.plan.major_name);
            if (o.major_id == s.chosen.major_id) m->ShowSection("CHECKED");
        }
        if (s.options.empty()) d->ShowSection("NO_MAJORS");
        if (!s.error.empty()) d->SetValueAndShowSection("ERROR", s.error, "HAS_ERROR");
        if (s.audit) {
            // Set on the institution's dictionary, so that both result sections see it.
            d->SetValue("CHOSEN_MAJOR", s.chosen.major_name);
            d->ShowSection("HAS_CHOSEN");
            add_result(d, s);
        }
        // The forms of the 顶替 buttons stand outside the step-2 form (forms do not nest).
        for (size_t i = 0; i < s.fills.size(); ++i) {
            auto* f = dict.AddSectionDictionary("FILL_FORM");
            f->SetValue("FORM_ID", fill_form_id(s, i));
            f->SetValue("NEW_CODE", s.fills[i].new_code);
            f->SetValue("OLD_CODE", s.fills[i].old_code);
        }
    }
    if (!form_error.empty()) dict.SetValueAndShowSection("FORM_ERROR", form_error, "HAS_FORM_ERROR");
    ctx.page(status, "毕业申请专业选择", "apply/majors.tpl", dict);
}

bool digits_only(const std::string& s) {
    if (s.empty() || s.size() > 9) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
}  // namespace

void show_majors(Context& ctx) {
    if (refuse_if_closed(ctx, current_window(ctx))) return;
    Screen screen = ctx.db.write([&](pqxx::work& tx) {
        Screen out;
        auto draft = step2_draft(tx, ctx, out.go);
        if (!draft) return out;
        out.sections = load(tx, ctx.examinee_id(), draft->id, true);
        if (out.sections.empty()) out.go = Screen::Go::Fill;
        return out;
    });
    switch (screen.go) {
        case Screen::Go::Closed: return show_closed(ctx);
        case Screen::Go::Status: return ctx.res.redirect("/apply/status");
        case Screen::Go::Fill: return ctx.res.redirect("/apply");
        default: break;
    }
    render(ctx, 200, screen.sections, "");
}

void do_majors(Context& ctx) {
    if (refuse_if_closed(ctx, current_window(ctx))) return;
    const http::Form& f = ctx.req.form;
    const bool next = f.value("action") == "next";
    int status = 400;
    std::string form_error;
    Screen screen = ctx.db.write([&](pqxx::work& tx) {
        Screen out;
        auto draft = step2_draft(tx, ctx, out.go);
        if (!draft) return out;
        const auto chosen = graduation::chosen_majors(tx, draft->id);
        if (chosen.empty()) return going(Screen::Go::Fill);
        // Check every posted choice before storing any of them.
        const Options options = options_of(tx, chosen);
        std::map<int, int> picks;  // seq → major id
        std::map<int, std::string> errors;
        for (const auto& m : chosen) {
            const std::string value = f.value("major_" + std::to_string(m.seq));
            if (value.empty()) continue;
            bool ok = false;
            if (digits_only(value)) {
                const int id = std::stoi(value);
                for (const auto& o : options.at(m.institution_code)) ok = ok || o.major_id == id;
                if (ok) picks[m.seq] = id;
            }
            if (!ok) errors[m.seq] = kNotOfInstitution;
        }
        // Unknown field names like major_3 are refused too: they name no chosen institution.
        for (const auto& [name, value] : f.pairs()) {
            if (name.rfind("major_", 0) != 0) continue;
            bool known = false;
            for (const auto& m : chosen) known = known || name == "major_" + std::to_string(m.seq);
            if (!known) {
                errors[chosen.front().seq] = kNotOfInstitution;
            }
        }
        if (!errors.empty()) {
            out.sections = load(tx, ctx.examinee_id(), draft->id, false, &options);
            for (auto& s : out.sections)
                if (errors.count(s.chosen.seq)) s.error = errors[s.chosen.seq];
            form_error = kNotOfInstitution;
            return out;
        }
        for (const auto& [seq, id] : picks) {
            for (const auto& m : chosen)
                if (m.seq == seq && m.major_id != id) store::applications::choose_major(tx, draft->id, seq, id);
        }
        out.sections = load(tx, ctx.examinee_id(), draft->id, true, &options);
        if (!next) return going(Screen::Go::Self);
        bool all_ok = true;
        for (auto& s : out.sections) {
            if (s.chosen.major_id == 0) s.error = kChooseMajor;
            else if (!s.audit || !s.audit->result.eligible) s.error = kNotEligible;
            all_ok = all_ok && s.error.empty();
        }
        if (all_ok) return going(Screen::Go::Confirm);
        form_error = "所选专业须全部符合毕业合格条件才能进入下一步。";
        return out;
    });
    switch (screen.go) {
        case Screen::Go::Closed: return show_closed(ctx);
        case Screen::Go::Status: return ctx.res.redirect("/apply/status");
        case Screen::Go::Fill: return ctx.res.redirect("/apply");
        case Screen::Go::Self: return ctx.res.redirect("/apply/majors");
        case Screen::Go::Confirm: return ctx.res.redirect("/apply/confirm");
        case Screen::Go::Show: break;
    }
    render(ctx, status, screen.sections, form_error);
}

}  // namespace zk::apply
