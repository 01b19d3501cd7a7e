// english.cpp: 添加顶替英语二课程 (SUB-1, AUD-3). The examinee ticks passed courses that
// replace 00015 英语（二）; the server checks the set itself (each course a passed course of
// the examinee, not 00015, not used by an earlier graduation, not a new-plan substitute,
// distinct, ≥ 14 credits) and then runs the audit of every chosen major with the new set:
// a set that breaks another requirement is refused with the engine's reason.
// SECURITY: the candidate list is recomputed from the database on POST; nothing posted is
// trusted beyond being a code to look up.
#include <algorithm>
#include <map>
#include <set>

#include "common/base/log.hpp"
#include "common/store/plans.hpp"
#include "common/store/substitutions.hpp"
#include "modules/substitute/substitute.hpp"

namespace zk::substitute {

namespace {

struct Candidate {
    std::string code, name;
    int credits = 0;
    bool provisional = false;
};

// Passed courses that could replace 00015: not 00015 itself, with a pass not already used
// by an earlier graduation; one line per code however many passes it has (its credits
// count once), provisional only while none of those passes is verified.
std::vector<Candidate> candidates(const std::vector<eligibility::PassedCourse>& transcript) {
    std::vector<Candidate> out;
    std::map<std::string, std::size_t> line_of;
    for (const auto& p : transcript) {
        if (p.code == eligibility::kEnglishTwo || p.used_by_earlier_graduation) continue;
        auto [it, fresh] = line_of.emplace(p.code, out.size());
        if (fresh)
            out.push_back({p.code, p.name, p.credits, !p.verified});
        else if (p.verified)
            out[it->second].provisional = false;
    }
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.code < b.code; });
    return out;
}

struct EnglishView {
    State state;
    std::vector<Candidate> candidates;
    std::vector<std::string> saved;
    std::optional<std::vector<std::string>> suggestion;
    bool suggest_asked = false;
    std::string suggest_major;
};

EnglishView load(Context& ctx, bool suggest) {
    return ctx.db.read([&](pqxx::nontransaction& tx) {
        EnglishView v;
        v.state = load_state(tx, ctx.examinee_id());
        const std::int64_t app_id = v.state.app ? v.state.app->id : 0;
        const auto transcript = graduation::transcript(tx, ctx.examinee_id(), app_id);
        v.candidates = candidates(transcript);
        eligibility::Choices ch = app_id ? graduation::choices(tx, app_id) : eligibility::Choices{};
        v.saved = ch.english_replacement;
        v.suggest_asked = suggest;
        if (suggest) {
            // The suggestion ignores the saved set: it is a fresh answer to "which courses".
            ch.english_replacement.clear();
            const auto rules = store::plans::rules(tx);
            const auto plans = graduation::chosen_plans(tx, v.state.majors);
            for (const auto& m : v.state.majors) {
                const auto plan = plans.find(m.major_id);
                if (plan == plans.end()) continue;
                const bool has_english =
                    std::any_of(plan->second.plan.required.begin(), plan->second.plan.required.end(),
                                [](const eligibility::RequiredCourse& r) { return r.code == eligibility::kEnglishTwo; });
                if (!has_english) continue;
                v.suggest_major = m.major_code + " " + m.major_name;
                v.suggestion = eligibility::suggest_english_replacement(plan->second.plan, transcript, rules, ch);
                break;
            }
        }
        return v;
    });
}

void render(Context& ctx, int status, const EnglishView& v, const std::vector<std::string>& checked,
            const std::vector<std::string>& errors) {
    ctemplate::TemplateDictionary dict("english");
    add_common(dict, v.state);
    const std::set<std::string> on(checked.begin(), checked.end());
    int total = 0;
    for (const auto& c : v.candidates) {
        auto* d = dict.AddSectionDictionary("COURSE");
        d->SetValue("CODE", c.code);
        d->SetValue("NAME", c.name);
        d->SetIntValue("CREDITS", c.credits);
        if (c.provisional) d->ShowSection("PROVISIONAL");
        if (on.count(c.code)) {
            d->ShowSection("CHECKED");
            total += c.credits;
        }
    }
    if (v.candidates.empty()) dict.ShowSection("NO_CANDIDATES");
    dict.SetIntValue("CHECKED_CREDITS", total);
    // 点击查看本专业开考计划: the plan of each chosen major on /plans.
    for (const auto& m : v.state.majors) {
        auto* d = dict.AddSectionDictionary("PLAN_LINK");
        d->SetIntValue("MAJOR_ID", m.major_id);
        if (v.state.majors.size() > 1) d->SetValue("WHICH", "（" + m.major_code + " " + m.major_name + "）");
    }
    if (!v.saved.empty()) {
        std::string list;
        for (const auto& c : v.saved) list += (list.empty() ? "" : "、") + c;
        dict.SetValueAndShowSection("SAVED_LIST", list, "HAS_SAVED");
    }
    if (v.suggest_asked) {
        if (v.suggestion) {
            dict.SetValueAndShowSection("SUGGEST_MAJOR", v.suggest_major, "SUGGESTED");
        } else {
            dict.ShowSection("NO_SUGGESTION");
        }
    }
    if (!errors.empty()) {
        dict.ShowSection("HAS_ERRORS");
        for (const auto& e : errors) dict.AddSectionDictionary("ERROR_LINE")->SetValue("TEXT", e);
    }
    ctx.page(status, "添加顶替英语二课程", "substitute/english.tpl", dict);
}

}  // namespace

void show_english(Context& ctx) {
    const bool suggest = ctx.req.query_params.value("suggest") == "1";
    EnglishView v = load(ctx, suggest);
    if (!window_open_or_fail(ctx, v.state)) return;
    render(ctx, 200, v, v.suggestion ? *v.suggestion : v.saved, {});
}

void post_english(Context& ctx) {
    const std::int64_t examinee = ctx.examinee_id();
    const bool clear = ctx.req.form.value("action") == "clear";
    const std::vector<std::string> posted = ctx.req.form.all("course");
    try {
        ctx.db.write([&](pqxx::work& tx) {
            const auto draft = lock_for_change(tx, examinee);
            if (clear) {
                store::substitutions::clear_english(tx, draft.id);
                return;
            }
            std::vector<std::string> errors;
            const auto transcript = graduation::transcript(tx, examinee, draft.id);
            const auto cands = candidates(transcript);
            eligibility::Choices current = graduation::choices(tx, draft.id);
            std::set<std::string> substitutes;
            for (const auto& s : current.substitutions) substitutes.insert(s.new_code);
            std::set<std::string> seen;
            int total = 0;
            if (posted.empty()) errors.push_back("请选择顶替英语（二）的课程。");
            if (posted.size() > 60) throw Refusal(400, "所选课程过多。");
            for (const auto& code : posted) {
                if (!is_course_code(code)) {
                    errors.push_back("课程代码“" + shown_input(code) + "”格式不正确，应为5位数字。");
                    continue;
                }
                if (!seen.insert(code).second) {
                    errors.push_back("课程 " + code + " 重复选择。");
                    continue;
                }
                if (code == eligibility::kEnglishTwo) {
                    errors.push_back("不能选择英语（二）本身。");
                    continue;
                }
                auto pass = std::find_if(transcript.begin(), transcript.end(),
                                         [&](const eligibility::PassedCourse& p) { return p.code == code; });
                if (pass == transcript.end()) {
                    errors.push_back("课程 " + code + " 不是您的合格课程。");
                    continue;
                }
                auto c = std::find_if(cands.begin(), cands.end(), [&](const Candidate& k) { return k.code == code; });
                if (c == cands.end()) {
                    errors.push_back("课程 " + code + " 已用于以往毕业申请，不能再次使用。");
                    continue;
                }
                if (substitutes.count(code)) {
                    errors.push_back("课程 " + code + " 已用于新计划顶替，不能再用于顶替英语（二）。");
                    continue;
                }
                total += c->credits;
            }
            if (errors.empty() && total < eligibility::kEnglishReplacementMinCredits)
                errors.push_back("所选课程合计" + std::to_string(total) + "学分，顶替英语（二）需要至少" +
                                 std::to_string(eligibility::kEnglishReplacementMinCredits) + "学分。");
            if (errors.empty()) {
                // The audit of each chosen major with the new set: whatever it newly
                // objects to, or a course of the set that another requirement needs, refuses.
                eligibility::Choices next = current;
                next.english_replacement = posted;
                const auto rules = store::plans::rules(tx);
                const auto majors = graduation::chosen_majors(tx, draft.id);
                const auto plans = graduation::chosen_plans(tx, majors);
                for (const auto& m : majors) {
                    const auto plan = plans.find(m.major_id);
                    if (plan == plans.end()) continue;
                    for (auto& line : new_objections(m, plan->second.plan, transcript, rules, current, next, true))
                        errors.push_back(std::move(line));
                }
            }
            if (!errors.empty()) {
                std::vector<Refusal::Message> messages;
                for (auto& e : errors) messages.push_back({"", std::move(e)});
                throw Refusal(400, std::move(messages));
            }
            store::substitutions::set_english(tx, draft.id, posted);
        });
    } catch (const Refusal& r) {
        if (r.status != 400) return ctx.fail(r.status, r.first());
        EnglishView v = load(ctx, false);
        std::vector<std::string> errors;
        for (const auto& msg : r.messages) errors.push_back(msg.text);
        std::vector<std::string> checked;
        for (const auto& c : posted)
            if (is_course_code(c)) checked.push_back(c);
        return render(ctx, 400, v, checked, errors);
    }
    log::info("substitute.english", {{"examinee", std::to_string(examinee)}, {"action", clear ? "clear" : "save"}});
    ctx.res.redirect(clear ? "/substitute/english" : "/apply/majors");
}

}  // namespace zk::substitute
