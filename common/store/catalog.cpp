// catalog.cpp: see catalog.hpp.
#include "common/store/catalog.hpp"

#include "common/base/db.hpp"

namespace zk::store::catalog {
namespace {

// Rules for every major or for this one ($1), that replace a course of the plan ($2);
// one row per old course, in plan order.

Major major_of(const pqxx::row& r) {
    return {r["id"].is_null() ? 0 : r["id"].as<int>(), db::text(r["code"]),        db::text(r["name"]),
            db::text(r["level"]),                        db::text(r["institution_code"]), db::text(r["institution"])};
}

}  // namespace

const db::Statement kWindows{"catalog_windows", R"sql(
    SELECT b.code, b.title, b.link, w.always_open,
           to_char(w.opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS opens,
           to_char(w.closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closes,
           extract(epoch FROM w.opens_at)::bigint AS opens_epoch,
           extract(epoch FROM w.closes_at)::bigint AS closes_epoch
    FROM businesses b
    LEFT JOIN business_windows w ON w.business_code = b.code
         AND w.batch_id = (SELECT id FROM batches WHERE is_current)
    ORDER BY b.sort_order
)sql"};
std::vector<BusinessWindow> business_windows(pqxx::transaction_base& tx) {
    std::vector<BusinessWindow> out;
    for (const auto& r : kWindows(tx)) {
        BusinessWindow w;
        w.title = db::text(r["title"]);
        w.link = db::text(r["link"]);
        w.has_window = !r["always_open"].is_null();
        if (w.has_window) {
            w.always_open = r["always_open"].as<bool>();
            w.opens = db::text(r["opens"]);
            w.closes = db::text(r["closes"]);
            w.opens_epoch = r["opens_epoch"].is_null() ? 0 : r["opens_epoch"].as<long>();
            w.closes_epoch = r["closes_epoch"].is_null() ? 0 : r["closes_epoch"].as<long>();
        }
        out.push_back(std::move(w));
    }
    return out;
}

const db::Statement kMajors{"catalog_majors", R"sql(
    SELECT i.code AS institution_code, i.name AS institution, m.id, m.code, m.name, m.level
    FROM institutions i LEFT JOIN majors m ON m.institution_code = i.code
    ORDER BY i.sort_order, i.code,
             CASE m.level WHEN '专科' THEN 1 WHEN '本科' THEN 2 WHEN '专升本' THEN 3 ELSE 4 END, m.code
)sql"};
std::vector<Major> majors_by_institution(pqxx::transaction_base& tx) {
    std::vector<Major> out;
    for (const auto& r : kMajors(tx)) out.push_back(major_of(r));
    return out;
}

const db::Statement kMajor{"catalog_major", R"sql(
    SELECT m.id, m.code, m.name, m.level, i.code AS institution_code, i.name AS institution
    FROM majors m JOIN institutions i ON i.code = m.institution_code WHERE m.id = $1
)sql"};
std::optional<Major> major(pqxx::transaction_base& tx, int major_id) {
    auto r = kMajor(tx, major_id);
    if (r.empty()) return std::nullopt;
    return major_of(r[0]);
}

const db::Statement kPlanRules{"catalog_plan_rules", R"sql(
    SELECT r.id, r.kind, r.new_code, nc.name AS new_name,
           to_char(r.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(r.valid_to, 'YYYY-MM-DD') AS valid_to,
           r.note, o.course_code AS old_code, oc.name AS old_name
    FROM substitution_rules r
    JOIN courses nc ON nc.code = r.new_code
    JOIN substitution_rule_old_courses o ON o.rule_id = r.id
    JOIN courses oc ON oc.code = o.course_code
    LEFT JOIN plan_courses pc ON pc.plan_id = $2 AND pc.course_code = o.course_code
    WHERE (NOT EXISTS (SELECT 1 FROM substitution_rule_majors rm WHERE rm.rule_id = r.id)
           OR EXISTS (SELECT 1 FROM substitution_rule_majors rm WHERE rm.rule_id = r.id AND rm.major_code = $1))
      AND EXISTS (SELECT 1 FROM substitution_rule_old_courses o2
                  JOIN plan_courses p2 ON p2.plan_id = $2 AND p2.course_code = o2.course_code
                  WHERE o2.rule_id = r.id)
    ORDER BY CASE r.kind WHEN 'one_to_one' THEN 1 WHEN 'one_for_many' THEN 2 ELSE 3 END,
             r.valid_to IS NOT NULL, r.new_code, r.id, pc.sort_order NULLS LAST, o.course_code
)sql"};
std::vector<PlanRule> plan_rules(pqxx::transaction_base& tx, const std::string& major_code, int plan_id) {
    std::vector<PlanRule> out;
    for (const auto& r : kPlanRules(tx, major_code, plan_id)) {
        if (out.empty() || out.back().id != db::text(r["id"]))
            out.push_back({db::text(r["id"]), db::text(r["kind"]), db::text(r["new_code"]), db::text(r["new_name"]),
                           db::text(r["valid_from"]), db::text(r["valid_to"]), db::text(r["note"]), {}});
        out.back().olds.emplace_back(db::text(r["old_code"]), db::text(r["old_name"]));
    }
    return out;
}

}  // namespace zk::store::catalog
