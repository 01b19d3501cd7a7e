// reports.cpp: see reports.hpp. Both statements read applications `a` joined to their
// county `c` and limit them with scope::condition over a.county_code.
#include "common/store/reports.hpp"

#include "common/base/db.hpp"
#include "common/store/scope.hpp"

namespace zk::store::reports {

const db::Statement kBatches{"reports_batches", "SELECT id, name, is_current FROM batches ORDER BY id DESC"};
std::vector<Batch> batches(pqxx::transaction_base& tx) {
    std::vector<Batch> out;
    for (const auto& r : kBatches(tx)) out.push_back({r["id"].as<int>(), db::text(r["name"]), r["is_current"].as<bool>()});
    return out;
}

// The examinee count of a county (or of the whole scope) cannot be summed from its
// per-status counts (one examinee may have a refused first attempt and a second one), so
// every level is counted by the database in one pass.
const db::Statement kCounts{"reports_counts", R"sql(
    SELECT a.county_code::text AS county_code, COALESCE(c.city_name, '') AS city_name,
           COALESCE(c.name, a.county_code::text) AS county_name, a.status,
           GROUPING(a.status) = 1 AS county_total, GROUPING(a.county_code) = 1 AS grand_total,
           count(*) AS applications, count(*) FILTER (WHERE a.attempt > 1) AS reapplications,
           count(DISTINCT a.examinee_id) AS examinees
      FROM applications a
      LEFT JOIN counties c ON c.code = a.county_code
     WHERE a.batch_id = $1::integer AND a.status <> 'draft' AND )sql" + scope::condition(2, "a.county_code") + R"sql(
     GROUP BY GROUPING SETS ((a.county_code, c.city_name, c.name, a.status), (a.county_code, c.city_name, c.name), ())
     ORDER BY a.county_code NULLS LAST, a.status NULLS LAST
)sql"};
std::vector<Count> counts(pqxx::transaction_base& tx, int batch, const StaffProfile& staff) {
    std::vector<Count> out;
    for (const auto& r : kCounts(tx, batch, staff.role, staff.county_code, staff.city_code)) {
        Count c;
        c.county_code = db::text(r["county_code"]);
        c.city_name = db::text(r["city_name"]);
        c.county_name = db::text(r["county_name"]);
        c.status = db::text(r["status"]);
        c.county_total = r["county_total"].as<bool>();
        c.grand_total = r["grand_total"].as<bool>();
        c.applications = r["applications"].as<std::int64_t>();
        c.reapplications = r["reapplications"].as<std::int64_t>();
        c.examinees = r["examinees"].as<std::int64_t>();
        out.push_back(std::move(c));
    }
    return out;
}

// The majors of an application are gathered in a lateral subquery: one row per application.
const db::Statement kApplications{"reports_applications", R"sql(
    SELECT a.id, a.examinee_id, e.ticket_no, e.name, e.id_number_enc,
           COALESCE(c.city_name || c.name, a.county_code::text) AS county_name, a.attempt, a.status,
           to_char(a.submitted_at)sql" + scope::china_time() + R"sql(AS submitted,
           COALESCE(chosen.institutions, '') AS institutions, COALESCE(chosen.majors, '') AS majors
      FROM applications a
      JOIN examinees e ON e.id = a.examinee_id
      LEFT JOIN counties c ON c.code = a.county_code
      LEFT JOIN LATERAL (
           SELECT string_agg(COALESCE(i.name, am.institution_code), '；' ORDER BY am.seq) AS institutions,
                  string_agg(COALESCE(m.code || ' ' || m.name, ''), '；' ORDER BY am.seq) AS majors
             FROM application_majors am
             LEFT JOIN institutions i ON i.code = am.institution_code
             LEFT JOIN majors m ON m.id = am.major_id
            WHERE am.application_id = a.id) chosen ON true
     WHERE a.batch_id = $1::integer AND a.status <> 'draft'
       AND ($2::text = '' OR a.status = $2::text)
       AND ($3::text = '' OR a.county_code = CAST(NULLIF($3::text, '') AS char(6)))
       AND )sql" + scope::condition(4, "a.county_code") + R"sql(
     ORDER BY a.county_code, e.ticket_no, a.attempt, a.id
)sql"};
std::vector<ApplicationRow> applications(pqxx::transaction_base& tx, int batch, const std::string& status,
                                         const std::string& county_code, const StaffProfile& staff) {
    std::vector<ApplicationRow> out;
    for (const auto& r :
         kApplications(tx, batch, status, county_code, staff.role, staff.county_code, staff.city_code)) {
        ApplicationRow a;
        a.id = r["id"].as<std::int64_t>();
        a.examinee_id = r["examinee_id"].as<std::int64_t>();
        a.ticket_no = db::text(r["ticket_no"]);
        a.name = db::text(r["name"]);
        a.id_number_enc = db::optional_bytes(r["id_number_enc"]);
        a.county_name = db::text(r["county_name"]);
        a.attempt = r["attempt"].as<int>();
        a.status = db::text(r["status"]);
        a.submitted = db::text(r["submitted"]);
        a.institutions = db::text(r["institutions"]);
        a.majors = db::text(r["majors"]);
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace zk::store::reports
