// plans.cpp: 查询中心 of module `center` (CTR-3). 合格成绩查询 lists every pass of the
// logged-in examinee with its date, score and source (a re-taken course once per pass, the
// later ones marked 重考; 待审核 certificates and passes 已用于以往毕业 say so), counting
// each course's credits once; 专业计划查询 lists every 主考院校 with its majors by level
// and shows one major's current plan version (the latest one in effect
// today, China time) with its courses, elective groups and the substitution rules that
// apply to it. Both pages only read, through common/store (plans: versions, courses, passed
// courses; catalog: majors, rules); the data comes from `zikao-ctl import`.
// SECURITY: /scores takes the examinee id from the session only, never from the request;
// the only request input is ?major=, accepted as a positive decimal id and passed as a
// parameter (anything else is the 404 of an unknown major). Values are escaped by the
// templates' AUTOESCAPE.
#include "modules/center/plans.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "common/domain/eligibility/engine.hpp"
#include "common/store/catalog.hpp"
#include "common/store/plans.hpp"

namespace zk::center {

namespace {

const char* const kUnknownMajor = "未找到该专业，请返回专业计划查询重新选择。";

// ?major= is a majors.id: a positive decimal that fits an int (serial).
std::optional<int> parse_major_id(const std::string& s) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

const char* source_label(eligibility::Source source, bool verified) {
    switch (source) {
        case eligibility::Source::Exam: return "考试合格";
        case eligibility::Source::Exemption: return "免考";
        case eligibility::Source::OldPlanCertificate: return verified ? "旧计划课程" : "旧计划课程(待审核)";
    }
    return "其他";
}

const char* requirement_label(const std::string& requirement) {
    if (requirement == "required") return "必考";
    if (requirement == "thesis") return "毕业论文";
    if (requirement == "practice") return "实践";
    return "选考";
}

void show_major_list(Context& ctx) {
    const auto rows = ctx.db.read([](pqxx::nontransaction& tx) { return store::catalog::majors_by_institution(tx); });
    ctemplate::TemplateDictionary dict("plans");
    ctemplate::TemplateDictionary* inst = nullptr;
    ctemplate::TemplateDictionary* level = nullptr;
    ctemplate::TemplateDictionary* group = nullptr;
    std::string inst_code, level_name;
    for (const auto& r : rows) {
        if (!inst || r.institution_code != inst_code) {
            inst_code = r.institution_code;
            inst = dict.AddSectionDictionary("INSTITUTION");
            inst->SetValue("NAME", r.institution_name);
            inst->SetValue("CODE", inst_code);
            level = nullptr;
            if (r.id == 0) inst->ShowSection("NO_MAJORS");
        }
        if (r.id == 0) continue;
        if (!level || r.level != level_name) {
            level_name = r.level;
            level = inst->AddSectionDictionary("LEVEL");
            level->SetValue("LEVEL", level_name);
            group = dict.AddSectionDictionary("OPTGROUP");
            group->SetValue("LABEL", r.institution_name + " · " + level_name);
        }
        for (auto* d : {level->AddSectionDictionary("MAJOR"), group->AddSectionDictionary("OPTION")}) {
            d->SetIntValue("ID", r.id);
            d->SetValue("CODE", r.code);
            d->SetValue("NAME", r.name);
        }
    }
    if (rows.empty())
        dict.ShowSection("EMPTY");
    else
        dict.ShowSection("CHOOSER");
    ctx.page(200, "专业计划查询", "center/plans.tpl", dict);
}

using Rule = store::catalog::PlanRule;

std::string join(const std::vector<std::string>& v, const std::string& sep, const std::string& last_sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : (i + 1 == v.size() ? last_sep : sep)) + v[i];
    return out;
}

std::string rule_text(const Rule& r) {
    const std::string subject = r.new_code + " " + r.new_name;
    std::vector<std::string> olds;  // "02331 数据结构"
    for (const auto& [code, name] : r.olds) olds.push_back(code + " " + name);
    if (r.kind == "one_to_one") return subject + " → " + join(olds, "、", "、") + "（一对一，自动顶替）";
    if (r.kind == "one_for_many") return subject + " 顶替 " + join(olds, "、", "、") + "（一门顶多门，需考生选择）";
    return subject + " 可任选顶替 " + join(olds, "、", " 或 ") + "（任选一门，需考生选择）";
}

// The dates bound when the substituting course was passed (AUD-2), not when it is used.
std::string rule_validity(const Rule& r) {
    std::string period;
    if (!r.valid_from.empty() && !r.valid_to.empty())
        period = r.valid_from + " 至 " + r.valid_to;
    else if (!r.valid_from.empty())
        period = r.valid_from + " 起";
    else if (!r.valid_to.empty())
        period = r.valid_to + " 止";
    else
        return "有效期：不限";
    return "有效期：" + period + "（以 " + r.new_code + " 的合格时间为准）";
}

// The groups as the page lists them: by the first place any of their courses has in the
// plan (groups without courses last), then by group id.
std::vector<store::plans::PlanGroup> in_plan_order(std::vector<store::plans::PlanGroup> groups,
                                                   const std::vector<store::plans::PlanCourse>& courses) {
    std::map<std::string, int> first;
    for (const auto& c : courses) {
        if (c.group_id.empty()) continue;
        auto it = first.find(c.group_id);
        if (it == first.end() || c.sort_order < it->second) first[c.group_id] = c.sort_order;
    }
    auto key = [&](const store::plans::PlanGroup& g) {
        auto it = first.find(g.id);
        return std::make_tuple(it == first.end(), it == first.end() ? 0 : it->second, g.id);
    };
    std::stable_sort(groups.begin(), groups.end(),
                     [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return groups;
}

void show_major(Context& ctx, int major_id) {
    struct Data {
        std::optional<store::catalog::Major> major;
        std::optional<store::plans::Version> plan;
        std::vector<store::plans::PlanCourse> courses;
        std::vector<store::plans::PlanGroup> groups;
        std::vector<Rule> rules;
    };
    Data d = ctx.db.read([&](pqxx::nontransaction& tx) {
        Data out;
        out.major = store::catalog::major(tx, major_id);
        if (!out.major) return out;
        out.plan = store::plans::current_version(tx, major_id);
        if (!out.plan) return out;
        out.courses = store::plans::courses_of(tx, {out.plan->plan_id});
        out.groups = in_plan_order(store::plans::groups_of(tx, {out.plan->plan_id}), out.courses);
        out.rules = store::catalog::plan_rules(tx, out.major->code, out.plan->plan_id);
        return out;
    });
    if (!d.major) return ctx.fail(404, kUnknownMajor);

    const auto& m = *d.major;
    ctemplate::TemplateDictionary dict("plan");
    dict.SetValue("MAJOR_CODE", m.code);
    dict.SetValue("MAJOR_NAME", m.name);
    dict.SetValue("LEVEL", m.level);
    dict.SetValue("INSTITUTION", m.institution_name);
    dict.SetValue("INSTITUTION_CODE", m.institution_code);
    const std::string title = "专业计划 " + m.code + " " + m.name;
    if (!d.plan) {
        dict.ShowSection("NO_PLAN");
        return ctx.page(200, title, "center/plans_major.tpl", dict);
    }

    const auto& p = *d.plan;
    auto* plan = dict.AddSectionDictionary("PLAN");
    plan->SetValue("VERSION", p.version);
    plan->SetValue("PERIOD", p.effective_from + (p.effective_to.empty() ? " 起" : " 至 " + p.effective_to));
    plan->SetIntValue("MIN_TOTAL", p.min_total_credits);

    std::map<std::string, ctemplate::TemplateDictionary*> group_dicts;
    std::map<std::string, int> group_seq, group_credits;
    int elective_minimum = 0;
    for (const auto& g : d.groups) {
        auto* gd = plan->AddSectionDictionary("GROUP");
        const std::string& id = g.id;
        const int min_credits = g.min_credits, min_count = g.min_count;
        gd->SetValue("TITLE", g.title);
        std::string minimum = "至少选考 ";
        if (min_count > 0) minimum += std::to_string(min_count) + " 门";
        if (min_count > 0 && min_credits > 0) minimum += "、";
        if (min_credits > 0) minimum += std::to_string(min_credits) + " 学分";
        gd->SetValue("MINIMUM", minimum);
        group_dicts[id] = gd;
        elective_minimum += min_credits;
    }

    int seq = 0, credits = 0;
    bool has_english = false;
    for (const auto& c : d.courses) {
        const std::string& requirement = c.requirement;
        const int course_credits = c.credits;
        ctemplate::TemplateDictionary* row = nullptr;
        if (requirement == "elective") {
            auto it = group_dicts.find(c.group_id);
            if (it == group_dicts.end()) continue;  // the schema's foreign key makes this impossible
            row = it->second->AddSectionDictionary("GROUP_COURSE");
            row->SetIntValue("SEQ", ++group_seq[it->first]);
            group_credits[it->first] += course_credits;
        } else {
            row = plan->AddSectionDictionary("COURSE");
            row->SetIntValue("SEQ", ++seq);
            row->SetValue("KIND", requirement_label(requirement));
            credits += course_credits;
        }
        if (c.code == eligibility::kEnglishTwo) has_english = true;
        row->SetValue("CODE", c.code);
        row->SetValue("NAME", c.name);
        row->SetIntValue("CREDITS", course_credits);
    }
    for (auto& [id, gd] : group_dicts) gd->SetIntValue("GROUP_CREDITS", group_credits[id]);
    plan->SetIntValue("COURSE_COUNT", seq);
    plan->SetIntValue("CREDITS", credits);
    if (seq == 0) plan->ShowSection("NO_COURSES");
    if (!d.groups.empty()) {
        auto* e = plan->AddSectionDictionary("ELECTIVE_MINIMUM");
        e->SetIntValue("ELECTIVE_CREDITS", elective_minimum);
    }
    if (has_english) plan->ShowSection("ENGLISH");

    for (const auto& r : d.rules) {
        auto* rd = plan->AddSectionDictionary("RULE");
        rd->SetValue("TEXT", rule_text(r));
        rd->SetValue("VALIDITY", rule_validity(r));
        if (!r.note.empty()) rd->AddSectionDictionary("NOTE")->SetValue("NOTE", r.note);
    }
    if (d.rules.empty())
        plan->ShowSection("NO_RULES");
    else
        plan->ShowSection("HAS_RULES");
    ctx.page(200, title, "center/plans_major.tpl", dict);
}

}  // namespace

void show_scores(Context& ctx) {
    const std::int64_t examinee = ctx.examinee_id();
    const auto passes = ctx.db.read([&](pqxx::nontransaction& tx) { return store::plans::passed_courses(tx, examinee); });
    // Every pass is a row. A course passed more than once (re-taken, or 免考 besides an exam)
    // counts once: its credits once, pending while no pass of it is verified, used by an
    // earlier graduation when every pass of it is.
    struct Course {
        int passes = 0, credits = 0;
        bool verified = false, unused = false;
    };
    std::map<std::string, Course> course_of;
    // The passes come in code, then date order: the nth of a course is its nth pass.
    struct Line {
        const eligibility::PassedCourse* pass;
        int nth;
    };
    std::vector<Line> lines;
    for (const auto& p : passes) {
        Course& c = course_of[p.code];
        c.credits = p.credits;
        c.verified = c.verified || p.verified;
        c.unused = c.unused || !p.used_by_earlier_graduation;
        lines.push_back({&p, ++c.passes});
    }
    // Listed by date, then code.
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.pass->passed_on < b.pass->passed_on; });
    ctemplate::TemplateDictionary dict("scores");
    dict.SetValue("NAME", ctx.session->examinee.name);
    dict.SetValue("TICKET_NO", ctx.session->examinee.ticket_no);
    int seq = 0;
    for (const auto& [p, nth] : lines) {
        auto* row = dict.AddSectionDictionary("ROW");
        row->SetIntValue("SEQ", ++seq);
        row->SetValue("CODE", p->code);
        row->SetValue("NAME", p->name);
        row->SetIntValue("CREDITS", p->credits);
        row->SetValue("SCORE", p->score);
        row->SetValue("PASSED_ON", store::plans::iso_date(p->passed_on));
        row->SetValue("SOURCE", source_label(p->source, p->verified));
        std::string note;
        const int of = course_of[p->code].passes;
        if (nth == 1 && of > 1) note = "首次合格（共" + std::to_string(of) + "次）";
        if (nth > 1)
            note = "第" + std::to_string(nth) + "次合格" + (p->source == eligibility::Source::Exam ? "（重考）" : "");
        if (p->used_by_earlier_graduation) note += (note.empty() ? "" : "；") + std::string("已用于以往毕业");
        row->SetValue("NOTE", note);
    }
    int credits = 0, pending = 0, used = 0;
    for (const auto& [code, c] : course_of) {
        credits += c.credits;
        if (!c.verified) pending += c.credits;
        if (!c.unused) used += c.credits;
    }
    if (seq == 0) {
        dict.ShowSection("EMPTY");
    } else {
        auto* total = dict.AddSectionDictionary("TOTAL");
        total->SetIntValue("COUNT", static_cast<int>(course_of.size()));
        total->SetIntValue("CREDITS", credits);
        if (seq > static_cast<int>(course_of.size())) total->AddSectionDictionary("RETAKES")->SetIntValue("ROWS", seq);
        if (pending > 0) total->AddSectionDictionary("PENDING")->SetIntValue("PENDING_CREDITS", pending);
        if (used > 0) total->AddSectionDictionary("USED")->SetIntValue("USED_CREDITS", used);
    }
    ctx.page(200, "合格成绩查询", "center/scores.tpl", dict);
}

void show_plans(Context& ctx) {
    auto major = ctx.req.query_params.get("major");
    if (!major) return show_major_list(ctx);
    auto id = parse_major_id(*major);
    if (!id) return ctx.fail(404, kUnknownMajor);
    show_major(ctx, *id);
}

}  // namespace zk::center
