// newplan.cpp: 添加一门顶多门或任选一门新计划顶替课程 (SUB-2, AUD-2). The examinee types a
// new-plan course code and an old-plan course code; the pair must be a 一门顶多门 or 任选一门
// rule applying to a chosen major. For 一门顶多门 every old course of the rule is replaced
// (whichever one was typed); for 任选一门 exactly the typed one. 一对一 rules are applied by
// the audit automatically and are never entered here.
// SECURITY: codes are checked to be 5 digits before any lookup; the old_codes array is
// passed as one parameter built only from codes of the rule table.
#include <algorithm>
#include <set>

#include "common/base/log.hpp"
#include "common/store/plans.hpp"
#include "common/store/substitutions.hpp"
#include "modules/substitute/substitute.hpp"

namespace zk::substitute {

namespace {

bool rule_applies(const eligibility::SubstitutionRule& r, const std::string& major_code) {
    return r.majors.empty() || std::find(r.majors.begin(), r.majors.end(), major_code) != r.majors.end();
}

std::string date_text(int yyyymmdd) {
    if (yyyymmdd == 0) return "";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    return buf;
}

std::string period(const eligibility::SubstitutionRule& r) {
    if (!r.valid_from && !r.valid_to) return "不限";
    return (r.valid_from ? date_text(r.valid_from) : std::string("不限")) + " 至 " +
           (r.valid_to ? date_text(r.valid_to) : std::string("今"));
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

const char* kind_name(eligibility::RuleKind k) {
    switch (k) {
        case eligibility::RuleKind::OneToOne: return "一对一（系统自动顶替）";
        case eligibility::RuleKind::OneForMany: return "一门顶多门";
        case eligibility::RuleKind::AnyOneOf: return "任选一门";
    }
    return "";
}

struct NewplanView {
    State state;
    std::vector<eligibility::SubstitutionRule> rules;  // applying to a chosen major
    eligibility::Choices choices;
};

NewplanView load(Context& ctx) {
    return ctx.db.read([&](pqxx::nontransaction& tx) {
        NewplanView v;
        v.state = load_state(tx, ctx.examinee_id());
        if (v.state.app) v.choices = graduation::choices(tx, v.state.app->id);
        for (auto& r : store::plans::rules(tx)) {
            bool any = false;
            for (const auto& m : v.state.majors) any = any || rule_applies(r, m.major_code);
            if (any) v.rules.push_back(std::move(r));
        }
        return v;
    });
}

void render(Context& ctx, int status, const NewplanView& v, const std::string& new_code, const std::string& old_code,
            const std::vector<Refusal::Message>& errors) {
    ctemplate::TemplateDictionary dict("newplan");
    add_common(dict, v.state);
    dict.SetValue("NEW_CODE", new_code);
    dict.SetValue("OLD_CODE", old_code);
    for (const auto& r : v.rules) {
        auto* d = dict.AddSectionDictionary(r.kind == eligibility::RuleKind::OneToOne ? "AUTO_RULE" : "RULE");
        d->SetValue("KIND", kind_name(r.kind));
        d->SetValue("NEW", join(r.new_codes, "、"));
        d->SetValue("OLD", join(r.old_codes, r.kind == eligibility::RuleKind::AnyOneOf ? " 或 " : "、"));
        d->SetValue("PERIOD", period(r));
        d->SetValue("MAJORS", r.majors.empty() ? std::string("全部专业") : join(r.majors, "、"));
    }
    if (std::none_of(v.rules.begin(), v.rules.end(),
                     [](const eligibility::SubstitutionRule& r) { return r.kind != eligibility::RuleKind::OneToOne; }))
        dict.ShowSection("NO_RULES");
    int seq = 0;
    for (const auto& s : v.choices.substitutions) {
        auto* d = dict.AddSectionDictionary("ADDED");
        d->SetIntValue("SEQ", ++seq);
        d->SetValue("RULE_ID", s.rule_id);  // the remove form's hidden field only; never shown
        auto rule = std::find_if(v.rules.begin(), v.rules.end(), [&](const auto& r) { return r.id == s.rule_id; });
        d->SetValue("KIND", rule == v.rules.end() ? std::string("新计划顶替") : std::string(kind_name(rule->kind)));
        d->SetValue("NEW", s.new_code);
        d->SetValue("OLD", join(s.old_codes, "、"));
    }
    if (v.choices.substitutions.empty()) dict.ShowSection("NONE_ADDED");
    for (const auto& [field, msg] : errors) {
        if (field == "new_code") dict.SetValueAndShowSection("ERR_NEW", msg, "HAS_ERR_NEW");
        else if (field == "old_code") dict.SetValueAndShowSection("ERR_OLD", msg, "HAS_ERR_OLD");
        else dict.AddSectionDictionary("ERROR_LINE")->SetValue("TEXT", msg);
    }
    if (!errors.empty()) dict.ShowSection("HAS_ERRORS");
    ctx.page(status, "添加新计划顶替课程", "substitute/newplan.tpl", dict);
}

bool plan_has(const eligibility::Plan& p, const std::string& code) {
    for (const auto& r : p.required)
        if (r.code == code) return true;
    for (const auto& g : p.electives)
        if (std::find(g.course_codes.begin(), g.course_codes.end(), code) != g.course_codes.end()) return true;
    return false;
}

// Checks the typed pair and returns the substitution to store; throws Refusal.
eligibility::ChosenSubstitution check_pair(pqxx::transaction_base& tx, std::int64_t examinee, std::int64_t app_id,
                                     const std::string& new_code, const std::string& old_code) {
    std::vector<Refusal::Message> errs;
    if (!is_course_code(new_code)) errs.push_back({"new_code", "新计划顶替课程代码应为5位数字。"});
    if (!is_course_code(old_code)) errs.push_back({"old_code", "旧计划课程代码应为5位数字。"});
    if (!errs.empty()) throw Refusal(400, std::move(errs));
    if (new_code == old_code) throw Refusal(400, {{"old_code", "新计划课程与旧计划课程不能相同。"}});

    std::vector<graduation::ChosenMajor> majors;
    for (auto& m : graduation::chosen_majors(tx, app_id))
        if (m.major_id) majors.push_back(std::move(m));
    if (majors.empty()) throw Refusal(400, "请先在毕业申请中选择申请专业，再添加顶替课程。");

    const auto rules = store::plans::rules(tx);
    const eligibility::SubstitutionRule* rule = nullptr;
    const eligibility::SubstitutionRule* other_major = nullptr;
    for (const auto& r : rules) {
        if (r.new_codes.empty() || r.new_codes[0] != new_code) continue;
        if (std::find(r.old_codes.begin(), r.old_codes.end(), old_code) == r.old_codes.end()) continue;
        bool applies = false;
        for (const auto& m : majors) applies = applies || rule_applies(r, m.major_code);
        if (applies && (!rule || rule->kind == eligibility::RuleKind::OneToOne)) rule = &r;
        if (!applies) other_major = &r;
    }
    if (!rule) {
        if (other_major)
            throw Refusal(400, "顶替规则（新计划课程 " + new_code + " 顶替旧计划课程 " + old_code +
                                   "）不适用于您所选的专业。");
        throw Refusal(400, "不存在该顶替规则：新计划课程 " + new_code + " 不能顶替旧计划课程 " + old_code + "。");
    }
    if (rule->kind == eligibility::RuleKind::OneToOne) throw Refusal(400, "一对一顶替由系统自动处理，无需手工添加。");

    const auto transcript = graduation::transcript(tx, examinee, app_id);
    auto pass = std::find_if(transcript.begin(), transcript.end(),
                             [&](const eligibility::PassedCourse& p) { return p.code == new_code; });
    if (pass == transcript.end())
        throw Refusal(400, {{"new_code", "新计划课程 " + new_code + " 不是您的合格课程（没有合格成绩）。"}});
    bool in_period = false;
    std::string when;  // every pass of the course (a re-taken one has several)
    for (const auto& p : transcript)
        if (p.code == new_code) {
            when += (when.empty() ? "" : "、") + date_text(p.passed_on);
            in_period = in_period || ((!rule->valid_from || p.passed_on >= rule->valid_from) &&
                                      (!rule->valid_to || p.passed_on <= rule->valid_to));
        }
    if (!in_period)
        throw Refusal(400, {{"new_code", "新计划课程 " + new_code + " 于 " + when + " 合格，不在该顶替规则的有效期（" +
                                              period(*rule) + "）内。"}});
    if (std::all_of(transcript.begin(), transcript.end(), [&](const eligibility::PassedCourse& p) {
            return p.code != new_code || p.used_by_earlier_graduation;
        }))
        throw Refusal(400, {{"new_code", "课程 " + new_code + " 已用于以往毕业申请，不能再次使用。"}});

    eligibility::ChosenSubstitution chosen{rule->id, new_code,
                                     rule->kind == eligibility::RuleKind::OneForMany ? rule->old_codes
                                                                                : std::vector<std::string>{old_code}};
    // The old course (for 一门顶多门: at least one of them) must be in the plan of a chosen
    // major the rule applies to; the audit replaces the ones a plan lists.
    const auto plans = graduation::chosen_plans(tx, majors);
    bool in_plan = false;
    std::string names;
    for (const auto& m : majors) {
        if (!rule_applies(*rule, m.major_code)) continue;
        names += (names.empty() ? "" : "、") + m.major_name;
        const auto plan = plans.find(m.major_id);
        if (plan != plans.end() && std::any_of(chosen.old_codes.begin(), chosen.old_codes.end(),
                                               [&](const std::string& c) { return plan_has(plan->second.plan, c); }))
            in_plan = true;
    }
    if (!in_plan)
        throw Refusal(400, {{"old_code", "旧计划课程 " + old_code + " 不在所选专业（" + names + "）的专业计划中。"}});

    const eligibility::Choices current = graduation::choices(tx, app_id);
    for (const auto& s : current.substitutions) {
        if (s.new_code == new_code)
            throw Refusal(400, {{"new_code", "新计划课程 " + new_code + " 已用于其他顶替，不能重复使用。"}});
        for (const auto& o : s.old_codes)
            if (std::find(chosen.old_codes.begin(), chosen.old_codes.end(), o) != chosen.old_codes.end())
                throw Refusal(400, {{"old_code", "旧计划课程 " + o + " 已由新计划课程 " + s.new_code + " 顶替。"}});
    }
    if (std::find(current.english_replacement.begin(), current.english_replacement.end(), new_code) !=
        current.english_replacement.end())
        throw Refusal(400, {{"new_code", "课程 " + new_code + " 已用于顶替英语（二），不能再用于新计划顶替。"}});

    // Whatever else the audit newly objects to (e.g. the course is needed by the plan itself).
    eligibility::Choices next = current;
    next.substitutions.push_back(chosen);
    std::vector<Refusal::Message> problems;
    for (const auto& m : majors) {
        if (!rule_applies(*rule, m.major_code)) continue;
        const auto plan = plans.find(m.major_id);
        if (plan == plans.end()) continue;
        for (auto& line : new_objections(m, plan->second.plan, transcript, rules, current, next, false))
            problems.push_back({"", std::move(line)});
    }
    if (!problems.empty()) throw Refusal(400, std::move(problems));
    return chosen;
}

}  // namespace

void show_newplan(Context& ctx) {
    NewplanView v = load(ctx);
    if (!window_open_or_fail(ctx, v.state)) return;
    render(ctx, 200, v, "", "", {});
}

void post_newplan(Context& ctx) {
    const std::int64_t examinee = ctx.examinee_id();
    const http::Form& f = ctx.req.form;
    const bool del = f.value("action") == "delete";
    const std::string new_code = f.value("new_code"), old_code = f.value("old_code");
    try {
        ctx.db.write([&](pqxx::work& tx) {
            const auto draft = lock_for_change(tx, examinee);
            if (del) {
                store::substitutions::remove_substitution(tx, draft.id, f.value("rule_id"), new_code);
                return;
            }
            store::substitutions::add_substitution(tx, draft.id, check_pair(tx, examinee, draft.id, new_code, old_code));
        });
    } catch (const Refusal& r) {
        if (r.status != 400) return ctx.fail(r.status, r.first());
        NewplanView v = load(ctx);
        return render(ctx, 400, v, is_course_code(new_code) ? new_code : shown_input(new_code),
                      is_course_code(old_code) ? old_code : shown_input(old_code), r.messages);
    }
    log::info("substitute.newplan", {{"examinee", std::to_string(examinee)}, {"action", del ? "delete" : "add"}});
    ctx.res.redirect(del ? "/substitute/newplan" : "/apply/majors");
}

}  // namespace zk::substitute
