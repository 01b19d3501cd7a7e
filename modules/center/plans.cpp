// plans.cpp: 查询中心 of module `center` (CTR-3). 合格成绩查询 lists the logged-in
// examinee's passed courses with their source; 专业计划查询 lists every 主考院校 with its
// majors by level and shows one major's current plan version (the latest one in effect
// today, China time) with its courses, elective groups and the substitution rules that
// apply to it. Both pages only read; the data comes from `zikao-ctl import`.
// SECURITY: /scores takes the examinee id from the session only, never from the request;
// the only request input is ?major=, accepted as a positive decimal id and passed as a
// parameter (anything else is the 404 of an unknown major). Values are escaped by the
// templates' AUTOESCAPE.
#include "modules/center/plans.hpp"

#include <charconv>
#include <ctime>
#include <map>
#include <optional>
#include <vector>

#include "common/web/view.hpp"

namespace zk::center {

db::Statements query_statements() {
    return {
        {"scores_passed",
         "SELECT p.course_code, c.name, c.credits, p.score, to_char(p.passed_on, 'YYYY-MM-DD') AS passed_on, "
         "       p.source, p.verified "
         "FROM passed_courses p JOIN courses c ON c.code = p.course_code "
         "WHERE p.examinee_id = $1 "
         "ORDER BY p.passed_on, p.course_code"},
        {"plans_majors",
         "SELECT i.code AS institution_code, i.name AS institution, m.id, m.code, m.name, m.level "
         "FROM institutions i LEFT JOIN majors m ON m.institution_code = i.code "
         "ORDER BY i.sort_order, i.code, "
         "         CASE m.level WHEN '专科' THEN 1 WHEN '本科' THEN 2 WHEN '专升本' THEN 3 ELSE 4 END, m.code"},
        {"plans_major",
         "SELECT m.code, m.name, m.level, i.code AS institution_code, i.name AS institution "
         "FROM majors m JOIN institutions i ON i.code = m.institution_code WHERE m.id = $1"},
        // The version in effect on $2: the latest effective_from not after it, still open.
        {"plans_current",
         "SELECT id, version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, "
         "       to_char(effective_to, 'YYYY-MM-DD') AS effective_to, min_total_credits "
         "FROM plans WHERE major_id = $1 AND effective_from <= $2::date "
         "  AND (effective_to IS NULL OR effective_to >= $2::date) "
         "ORDER BY effective_from DESC, id DESC LIMIT 1"},
        {"plans_courses",
         "SELECT p.course_code, c.name, c.credits, p.requirement, p.group_id "
         "FROM plan_courses p JOIN courses c ON c.code = p.course_code "
         "WHERE p.plan_id = $1 ORDER BY p.sort_order, p.course_code"},
        {"plans_groups",
         "SELECT g.group_id, g.title, g.min_credits, g.min_count FROM plan_groups g WHERE g.plan_id = $1 "
         "ORDER BY (SELECT min(p.sort_order) FROM plan_courses p "
         "          WHERE p.plan_id = g.plan_id AND p.group_id = g.group_id) NULLS LAST, g.group_id"},
        // Rules for every major or for this one ($1), that replace a course of the plan ($2);
        // one row per old course, in plan order. Rules closed by a valid_to (old ones) last.
        {"plans_rules",
         "SELECT r.id, r.kind, r.new_code, nc.name AS new_name, "
         "       to_char(r.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(r.valid_to, 'YYYY-MM-DD') AS valid_to, "
         "       r.note, o.course_code AS old_code, oc.name AS old_name "
         "FROM substitution_rules r "
         "JOIN courses nc ON nc.code = r.new_code "
         "JOIN substitution_rule_old_courses o ON o.rule_id = r.id "
         "JOIN courses oc ON oc.code = o.course_code "
         "LEFT JOIN plan_courses pc ON pc.plan_id = $2 AND pc.course_code = o.course_code "
         "WHERE (NOT EXISTS (SELECT 1 FROM substitution_rule_majors rm WHERE rm.rule_id = r.id) "
         "       OR EXISTS (SELECT 1 FROM substitution_rule_majors rm WHERE rm.rule_id = r.id AND rm.major_code = $1)) "
         "  AND EXISTS (SELECT 1 FROM substitution_rule_old_courses o2 "
         "              JOIN plan_courses p2 ON p2.plan_id = $2 AND p2.course_code = o2.course_code "
         "              WHERE o2.rule_id = r.id) "
         "ORDER BY CASE r.kind WHEN 'one_to_one' THEN 1 WHEN 'one_for_many' THEN 2 ELSE 3 END, "
         "         r.valid_to IS NOT NULL, r.new_code, r.id, pc.sort_order NULLS LAST, o.course_code"},
    };
}

namespace {

const char* const kUnknownMajor = "未找到该专业，请返回专业计划查询重新选择。";

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

// ?major= is a majors.id: a positive decimal that fits an int (serial).
std::optional<int> parse_major_id(const std::string& s) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

const char* source_label(const std::string& source, bool verified) {
    if (source == "exam") return "考试合格";
    if (source == "exemption") return "免考";
    if (source == "old_plan_certificate") return verified ? "旧计划课程" : "旧计划课程(待审核)";
    return "其他";
}

const char* requirement_label(const std::string& requirement) {
    if (requirement == "required") return "必考";
    if (requirement == "thesis") return "毕业论文";
    if (requirement == "practice") return "实践";
    return "选考";
}

void show_major_list(Context& ctx) {
    auto rows = ctx.db.read([](pqxx::nontransaction& tx) { return tx.exec_prepared("plans_majors"); });
    ctemplate::TemplateDictionary dict("plans");
    ctemplate::TemplateDictionary* inst = nullptr;
    ctemplate::TemplateDictionary* level = nullptr;
    ctemplate::TemplateDictionary* group = nullptr;
    std::string inst_code, level_name;
    for (const auto& r : rows) {
        if (!inst || text(r["institution_code"]) != inst_code) {
            inst_code = text(r["institution_code"]);
            inst = dict.AddSectionDictionary("INSTITUTION");
            inst->SetValue("NAME", text(r["institution"]));
            inst->SetValue("CODE", inst_code);
            level = nullptr;
            if (r["id"].is_null()) inst->ShowSection("NO_MAJORS");
        }
        if (r["id"].is_null()) continue;
        if (!level || text(r["level"]) != level_name) {
            level_name = text(r["level"]);
            level = inst->AddSectionDictionary("LEVEL");
            level->SetValue("LEVEL", level_name);
            group = dict.AddSectionDictionary("OPTGROUP");
            group->SetValue("LABEL", text(r["institution"]) + " · " + level_name);
        }
        for (auto* d : {level->AddSectionDictionary("MAJOR"), group->AddSectionDictionary("OPTION")}) {
            d->SetValue("ID", text(r["id"]));
            d->SetValue("CODE", text(r["code"]));
            d->SetValue("NAME", text(r["name"]));
        }
    }
    if (rows.empty())
        dict.ShowSection("EMPTY");
    else
        dict.ShowSection("CHOOSER");
    ctx.page(200, "专业计划查询", "center/plans.tpl", dict);
}

struct Rule {
    std::string id, kind, new_code, new_name, valid_from, valid_to, note;
    std::vector<std::string> olds;  // "02331 数据结构"
};

std::string join(const std::vector<std::string>& v, const std::string& sep, const std::string& last_sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : (i + 1 == v.size() ? last_sep : sep)) + v[i];
    return out;
}

std::string rule_text(const Rule& r) {
    const std::string subject = r.new_code + " " + r.new_name;
    if (r.kind == "one_to_one") return subject + " → " + join(r.olds, "、", "、") + "（一对一，自动顶替）";
    if (r.kind == "one_for_many") return subject + " 顶替 " + join(r.olds, "、", "、") + "（一门顶多门，需考生选择）";
    return subject + " 可任选顶替 " + join(r.olds, "、", " 或 ") + "（任选一门，需考生选择）";
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

void show_major(Context& ctx, int major_id) {
    const std::string today = china_date(static_cast<long>(std::time(nullptr)));
    struct Data {
        pqxx::result major, plan, courses, groups, rules;
    };
    Data d = ctx.db.read([&](pqxx::nontransaction& tx) {
        Data out;
        out.major = tx.exec_prepared("plans_major", major_id);
        if (out.major.empty()) return out;
        out.plan = tx.exec_prepared("plans_current", major_id, today);
        if (out.plan.empty()) return out;
        const long plan_id = out.plan[0]["id"].as<long>();
        out.courses = tx.exec_prepared("plans_courses", plan_id);
        out.groups = tx.exec_prepared("plans_groups", plan_id);
        out.rules = tx.exec_prepared("plans_rules", text(out.major[0]["code"]), plan_id);
        return out;
    });
    if (d.major.empty()) return ctx.fail(404, kUnknownMajor);

    const auto& m = d.major[0];
    ctemplate::TemplateDictionary dict("plan");
    dict.SetValue("MAJOR_CODE", text(m["code"]));
    dict.SetValue("MAJOR_NAME", text(m["name"]));
    dict.SetValue("LEVEL", text(m["level"]));
    dict.SetValue("INSTITUTION", text(m["institution"]));
    dict.SetValue("INSTITUTION_CODE", text(m["institution_code"]));
    const std::string title = "专业计划 " + text(m["code"]) + " " + text(m["name"]);
    if (d.plan.empty()) {
        dict.ShowSection("NO_PLAN");
        return ctx.page(200, title, "center/plans_major.tpl", dict);
    }

    const auto& p = d.plan[0];
    auto* plan = dict.AddSectionDictionary("PLAN");
    plan->SetValue("VERSION", text(p["version"]));
    plan->SetValue(
        "PERIOD", text(p["effective_from"]) + (p["effective_to"].is_null() ? " 起" : " 至 " + text(p["effective_to"])));
    plan->SetValue("MIN_TOTAL", text(p["min_total_credits"]));

    std::map<std::string, ctemplate::TemplateDictionary*> group_dicts;
    std::map<std::string, int> group_seq, group_credits;
    int elective_minimum = 0;
    for (const auto& g : d.groups) {
        auto* gd = plan->AddSectionDictionary("GROUP");
        const std::string id = text(g["group_id"]);
        const int min_credits = g["min_credits"].as<int>(), min_count = g["min_count"].as<int>();
        gd->SetValue("TITLE", text(g["title"]));
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
        const std::string requirement = text(c["requirement"]);
        const int course_credits = c["credits"].as<int>();
        ctemplate::TemplateDictionary* row = nullptr;
        if (requirement == "elective") {
            auto it = group_dicts.find(text(c["group_id"]));
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
        const std::string code = text(c["course_code"]);
        if (code == "00015") has_english = true;
        row->SetValue("CODE", code);
        row->SetValue("NAME", text(c["name"]));
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

    std::vector<Rule> rules;
    for (const auto& r : d.rules) {
        if (rules.empty() || rules.back().id != text(r["id"]))
            rules.push_back({text(r["id"]),
                             text(r["kind"]),
                             text(r["new_code"]),
                             text(r["new_name"]),
                             text(r["valid_from"]),
                             text(r["valid_to"]),
                             text(r["note"]),
                             {}});
        rules.back().olds.push_back(text(r["old_code"]) + " " + text(r["old_name"]));
    }
    for (const auto& r : rules) {
        auto* rd = plan->AddSectionDictionary("RULE");
        rd->SetValue("TEXT", rule_text(r));
        rd->SetValue("VALIDITY", rule_validity(r));
        if (!r.note.empty()) rd->AddSectionDictionary("NOTE")->SetValue("NOTE", r.note);
    }
    if (rules.empty())
        plan->ShowSection("NO_RULES");
    else
        plan->ShowSection("HAS_RULES");
    ctx.page(200, title, "center/plans_major.tpl", dict);
}

}  // namespace

void show_scores(Context& ctx) {
    const std::int64_t examinee = ctx.examinee_id();
    auto rows = ctx.db.read([&](pqxx::nontransaction& tx) { return tx.exec_prepared("scores_passed", examinee); });
    ctemplate::TemplateDictionary dict("scores");
    dict.SetValue("NAME", ctx.session->examinee.name);
    dict.SetValue("TICKET_NO", ctx.session->examinee.ticket_no);
    int seq = 0, credits = 0, pending = 0;
    for (const auto& r : rows) {
        const bool verified = r["verified"].as<bool>();
        const std::string source = text(r["source"]);
        const int course_credits = r["credits"].as<int>();
        auto* row = dict.AddSectionDictionary("ROW");
        row->SetIntValue("SEQ", ++seq);
        row->SetValue("CODE", text(r["course_code"]));
        row->SetValue("NAME", text(r["name"]));
        row->SetIntValue("CREDITS", course_credits);
        row->SetValue("SCORE", text(r["score"]));
        row->SetValue("PASSED_ON", text(r["passed_on"]));
        row->SetValue("SOURCE", source_label(source, verified));
        credits += course_credits;
        if (!verified) pending += course_credits;
    }
    if (seq == 0) {
        dict.ShowSection("EMPTY");
    } else {
        auto* total = dict.AddSectionDictionary("TOTAL");
        total->SetIntValue("COUNT", seq);
        total->SetIntValue("CREDITS", credits);
        if (pending > 0) total->AddSectionDictionary("PENDING")->SetIntValue("PENDING_CREDITS", pending);
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
