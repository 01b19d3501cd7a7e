// application_reviews.cpp: see application_reviews.hpp. Every back-office read joins the
// application `a` to its examinee `e` and the application's county `c`, and limits the rows
// with scope::condition over a.county_code. Each transition is a CTE: the conditional
// UPDATE of the current state, and the timeline row inserted from what it returned.
#include "common/store/application_reviews.hpp"

#include "common/base/db.hpp"
#include "common/store/arrays.hpp"
#include "common/store/scope.hpp"

namespace zk::store::application_reviews {
namespace {

using scope::china_time;

std::string in_scope(int first) { return scope::condition(first, "a.county_code"); }

const std::string kFrom =
    " FROM applications a JOIN examinees e ON e.id = a.examinee_id LEFT JOIN counties c ON c.code = a.county_code ";

// The timeline row for a transition made by `moved` (a CTE returning id); $from, $to and the
// actor's parameters are the caller's.
std::string record_event(const std::string& from, const std::string& to, const std::string& actor,
                         const std::string& staff, const std::string& note) {
    return " INSERT INTO application_events (application_id, from_status, to_status, actor, staff_id, note) "
           "SELECT id, " + from + ", " + to + ", " + actor + ", " + staff + ", " + note + " FROM moved";
}

bool moved(const pqxx::result& r) { return r.affected_rows() == 1; }

}  // namespace

// ---- transitions ----

// prereview_by_system says which of the two the system chose.
const db::Statement kSystemMove{"application_reviews_system_move",
    "WITH moved AS (UPDATE applications SET status = $2, prereview_by_system = ($2 = 'prereview_passed'), "
    "  updated_at = now() WHERE id = $1 AND status = 'submitted' RETURNING id)" +
        record_event("'submitted'", "$2", "'system'", "NULL", "$3")};
bool system_pass(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& note) {
    return moved(kSystemMove(tx, application_id, "prereview_passed", note));
}
bool system_to_prereview(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& note) {
    return moved(kSystemMove(tx, application_id, "prereview", note));
}

const db::Statement kStaffMove{"application_reviews_staff_move",
    "WITH moved AS (UPDATE applications SET status = $3, updated_at = now() "
    "  WHERE id = $1 AND status = $2 RETURNING id)" +
        record_event("$2", "$3", "'staff'", "$4", "''")};
bool staff_move(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& from,
                const std::string& to, std::int64_t staff_id) {
    return moved(kStaffMove(tx, application_id, from, to, staff_id));
}

const db::Statement kRefusePrereview{"application_reviews_refuse_prereview",
    "WITH moved AS (UPDATE applications SET status = 'prereview_failed', prereview_reason_code = $3, "
    "  prereview_reason = $4, updated_at = now() WHERE id = $1 AND status = 'prereview' RETURNING id)" +
        record_event("'prereview'", "'prereview_failed'", "'staff'", "$2", "$4")};
bool refuse_prereview(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                      const std::string& code, const std::string& reason) {
    return moved(kRefusePrereview(tx, application_id, staff_id, code, reason));
}

const db::Statement kRefuseFinal{"application_reviews_refuse_final",
    "WITH moved AS (UPDATE applications SET status = 'rejected', final_reason = $3, updated_at = now() "
    "  WHERE id = $1 AND status = 'materials_returned' RETURNING id)" +
        record_event("'materials_returned'", "'rejected'", "'staff'", "$2", "$3")};
bool refuse_final(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                  const std::string& reason) {
    return moved(kRefuseFinal(tx, application_id, staff_id, reason));
}

// 支付成功: the application's payment was settled (common/domain/payments).
const db::Statement kSystemPaid{"application_reviews_system_paid",
    "WITH moved AS (UPDATE applications SET status = 'paid', updated_at = now() "
    "  WHERE id = $1 AND status = 'prereview_passed' RETURNING id)" +
        record_event("'prereview_passed'", "'paid'", "'system'", "NULL", "$2")};
bool system_paid(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& note) {
    return moved(kSystemPaid(tx, application_id, note));
}

// ---- queues ----

namespace {
const std::string kUnchecked =
    "(SELECT count(*) FROM application_oldplan_courses o WHERE o.application_id = a.id AND o.checked_by IS NULL)";
const std::string kOldplanTotal =
    "(SELECT count(*) FROM application_oldplan_courses o WHERE o.application_id = a.id)";
}  // namespace

const db::Statement kCounts{"application_reviews_counts",
    "SELECT count(*) FILTER (WHERE a.status = 'prereview') AS prereview, "
    "  count(*) FILTER (WHERE a.status = 'prereview' AND " + kUnchecked + " > 0) AS oldplan, "
    "  count(*) FILTER (WHERE a.status = 'regform_filled') AS materials, "
    "  count(*) FILTER (WHERE a.status = 'materials_returned') AS final_review" + kFrom +
        "WHERE a.status IN ('prereview', 'regform_filled', 'materials_returned') AND " + in_scope(1)};
Counts counts(pqxx::transaction_base& tx, const StaffProfile& staff) {
    const auto r = kCounts(tx, staff.role, staff.county_code, staff.city_code)[0];
    return {r["prereview"].as<std::int64_t>(), r["oldplan"].as<std::int64_t>(), r["materials"].as<std::int64_t>(),
            r["final_review"].as<std::int64_t>()};
}

const db::Statement kList{"application_reviews_list",
    "SELECT a.id, a.examinee_id, a.attempt, a.status, a.prereview_by_system, e.name, e.ticket_no, e.id_number_enc, "
    "  COALESCE(c.city_name || c.name, '') AS county_name, "
    "  to_char(a.submitted_at" + china_time() + "AS submitted, to_char(a.updated_at" + china_time() + "AS updated, "
    "  (SELECT string_agg(i.name || ' ' || COALESCE(m.name, ''), '；' ORDER BY am.seq) FROM application_majors am "
    "     JOIN institutions i ON i.code = am.institution_code LEFT JOIN majors m ON m.id = am.major_id "
    "     WHERE am.application_id = a.id) AS majors, " +
        kUnchecked + " AS oldplan_unchecked, " + kOldplanTotal + " AS oldplan_total, count(*) OVER () AS total" +
        kFrom +
        "WHERE a.status = ANY($1::text[]) "
        "  AND ($2 = '' OR ($2 = 'unchecked' AND " + kUnchecked + " > 0) "
        "       OR ($2 = 'checked' AND " + kOldplanTotal + " > 0 AND " + kUnchecked + " = 0)) "
        "  AND " + scope::filter_condition(3, "a.county_code") + " AND " + in_scope(5) +
        " ORDER BY a.updated_at, a.id LIMIT $8 OFFSET $9"};
Page list(pqxx::transaction_base& tx, const Filter& f, const StaffProfile& staff) {
    std::string statuses = "{";
    for (std::size_t i = 0; i < f.statuses.size(); ++i) statuses += (i ? "," : "") + f.statuses[i];
    statuses += "}";
    const auto result = kList(tx, statuses, f.oldplan, f.county_code, f.search, staff.role, staff.county_code,
                              staff.city_code, f.limit, f.offset);
    Page page;
    page.total = scope::page_total(result);
    for (const auto& r : result) {
        Row row;
        row.id = r["id"].as<std::int64_t>();
        row.examinee_id = r["examinee_id"].as<std::int64_t>();
        row.attempt = r["attempt"].as<int>();
        row.status = db::text(r["status"]);
        row.by_system = r["prereview_by_system"].as<bool>();
        row.name = db::text(r["name"]);
        row.ticket_no = db::text(r["ticket_no"]);
        row.id_number_enc = db::optional_bytes(r["id_number_enc"]);
        row.county_name = db::text(r["county_name"]);
        row.submitted = db::text(r["submitted"]);
        row.updated = db::text(r["updated"]);
        row.majors = db::text(r["majors"]);
        row.oldplan_unchecked = r["oldplan_unchecked"].as<int>();
        row.oldplan_total = r["oldplan_total"].as<int>();
        page.rows.push_back(std::move(row));
    }
    return page;
}

// ---- one application ----

const db::Statement kDetail{"application_reviews_detail",
    "SELECT a.id, a.examinee_id, a.attempt, a.status, a.county_code, COALESCE(c.city_name || c.name, '') AS county_name, "
    "  a.address, to_char(a.submitted_at" + china_time() + "AS submitted, e.name, e.ticket_no, e.gender, "
    "  e.id_number_enc, a.phone_enc, a.prereview_by_system, a.prereview_reason, a.prereview_reason_code, "
    "  a.final_reason" + kFrom + "WHERE a.id = $1 AND a.status <> 'draft' AND " + in_scope(2)};
std::optional<Detail> detail(pqxx::transaction_base& tx, std::int64_t application_id, const StaffProfile& staff) {
    const auto r = kDetail(tx, application_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    Detail d;
    d.id = row["id"].as<std::int64_t>();
    d.examinee_id = row["examinee_id"].as<std::int64_t>();
    d.attempt = row["attempt"].as<int>();
    d.status = db::text(row["status"]);
    d.county_code = db::text(row["county_code"]);
    d.county_name = db::text(row["county_name"]);
    d.address = db::text(row["address"]);
    d.submitted = db::text(row["submitted"]);
    d.name = db::text(row["name"]);
    d.ticket_no = db::text(row["ticket_no"]);
    d.gender = db::text(row["gender"]);
    d.id_number_enc = db::optional_bytes(row["id_number_enc"]);
    d.phone_enc = db::optional_bytes(row["phone_enc"]);
    d.by_system = row["prereview_by_system"].as<bool>();
    d.prereview_reason = db::text(row["prereview_reason"]);
    d.prereview_reason_code = db::text(row["prereview_reason_code"]);
    d.final_reason = db::text(row["final_reason"]);
    return d;
}

const db::Statement kLockStatus{"application_reviews_lock_status",
    "SELECT a.status" + kFrom + "WHERE a.id = $1 AND a.status <> 'draft' AND " + in_scope(2) + " FOR UPDATE OF a"};
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t application_id,
                                       const StaffProfile& staff) {
    const auto r = kLockStatus(tx, application_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return db::text(r[0]["status"]);
}

const db::Statement kEvents{"application_reviews_events",
    "SELECT to_char(v.at" + china_time() + "AS at, v.from_status, v.to_status, v.actor, "
    "  COALESCE(s.display_name, '') AS staff_name, v.note "
    "FROM application_events v LEFT JOIN staff s ON s.id = v.staff_id WHERE v.application_id = $1 ORDER BY v.id"};
std::vector<Event> events(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<Event> out;
    for (const auto& r : kEvents(tx, application_id))
        out.push_back({db::text(r["at"]), db::text(r["from_status"]), db::text(r["to_status"]), db::text(r["actor"]),
                       db::text(r["staff_name"]), db::text(r["note"])});
    return out;
}

const db::Statement kSubstitutions{"application_reviews_substitutions", R"sql(
    SELECT r.kind, s.new_code, co.name AS new_name, s.old_codes
    FROM application_substitutions s JOIN substitution_rules r ON r.id = s.rule_id
    JOIN courses co ON co.code = s.new_code WHERE s.application_id = $1 ORDER BY s.new_code
)sql"};
std::vector<ChosenSubstitution> substitutions(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<ChosenSubstitution> out;
    for (const auto& r : kSubstitutions(tx, application_id))
        out.push_back({db::text(r["kind"]), db::text(r["new_code"]), db::text(r["new_name"]), text_array(r["old_codes"])});
    return out;
}

const db::Statement kEnglish{"application_reviews_english", R"sql(
    SELECT co.code, co.name, co.credits FROM application_english_courses x JOIN courses co ON co.code = x.course_code
    WHERE x.application_id = $1 ORDER BY co.code
)sql"};
std::vector<Course> english_courses(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<Course> out;
    for (const auto& r : kEnglish(tx, application_id))
        out.push_back({db::text(r["code"]), db::text(r["name"]), r["credits"].as<int>()});
    return out;
}

const db::Statement kOldplan{"application_reviews_oldplan",
    "SELECT o.course_code, o.course_name, to_char(o.passed_on, 'YYYY-MM-DD') AS passed_on, o.score, o.verified, "
    "  o.checked_by IS NOT NULL AS checked, COALESCE(s.display_name, '') AS checked_by, "
    "  COALESCE(to_char(o.checked_at" + china_time() + ", '') AS checked_at "
    "FROM application_oldplan_courses o LEFT JOIN staff s ON s.id = o.checked_by "
    "WHERE o.application_id = $1 ORDER BY o.course_code"};
std::vector<OldPlanCourse> oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<OldPlanCourse> out;
    for (const auto& r : kOldplan(tx, application_id)) {
        OldPlanCourse o;
        o.code = db::text(r["course_code"]);
        o.name = db::text(r["course_name"]);
        o.passed_on = db::text(r["passed_on"]);
        o.score = db::text(r["score"]);
        o.verified = r["verified"].as<bool>();
        o.checked = r["checked"].as<bool>();
        o.checked_by = db::text(r["checked_by"]);
        o.checked_at = db::text(r["checked_at"]);
        out.push_back(std::move(o));
    }
    return out;
}

// The state before is read in the same statement (the old row joined to the update).
const db::Statement kCheckOldplan{"application_reviews_check_oldplan", R"sql(
    UPDATE application_oldplan_courses o SET verified = $3, checked_by = $4, checked_at = now()
    FROM application_oldplan_courses prev
    WHERE o.application_id = $1 AND o.course_code = $2
      AND prev.application_id = o.application_id AND prev.course_code = o.course_code
    RETURNING prev.verified AS was_verified, prev.checked_by IS NOT NULL AS was_checked
)sql"};
std::optional<Checked> check_oldplan(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& code,
                                     bool verified, std::int64_t staff_id) {
    const auto r = kCheckOldplan(tx, application_id, code, verified, staff_id);
    if (r.empty()) return std::nullopt;
    return Checked{r[0]["was_verified"].as<bool>(), r[0]["was_checked"].as<bool>()};
}

// One row per entry (ord from 1), or a single row with NULL entry when the list is empty.
const db::Statement kArchive{"application_reviews_archive", R"sql(
    SELECT x.file_name, x.format, x.size_bytes, en.item->>'path' AS path, en.item->>'type' AS type,
           COALESCE((en.item->>'size')::bigint, 0) AS size
    FROM application_archives x
    LEFT JOIN LATERAL jsonb_array_elements(x.entries) WITH ORDINALITY AS en(item, ord) ON true
    WHERE x.application_id = $1 ORDER BY en.ord
)sql"};
std::optional<Archive> archive(pqxx::transaction_base& tx, std::int64_t application_id) {
    const auto r = kArchive(tx, application_id);
    if (r.empty()) return std::nullopt;
    Archive a{db::text(r[0]["file_name"]), db::text(r[0]["format"]), r[0]["size_bytes"].as<std::int64_t>(), {}};
    for (const auto& row : r)
        if (!row["path"].is_null())
            a.entries.push_back({db::text(row["path"]), db::text(row["type"]), row["size"].as<std::int64_t>()});
    return a;
}

const db::Statement kArchiveBytes{"application_reviews_archive_bytes",
    "SELECT x.data" + kFrom + "JOIN application_archives x ON x.application_id = a.id "
    "WHERE a.id = $1 AND a.status <> 'draft' AND " + in_scope(2)};
std::optional<std::string> archive_bytes(pqxx::transaction_base& tx, std::int64_t application_id,
                                         const StaffProfile& staff) {
    const auto r = kArchiveBytes(tx, application_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return db::bytes_of(r[0]["data"]);
}

const db::Statement kGraduationPhoto{"application_reviews_graduation_photo",
    "SELECT p.data" + kFrom + "JOIN graduation_photos g ON g.application_id = a.id AND g.status = 'approved' "
    "JOIN photos p ON p.id = g.photo_id WHERE a.id = $1 AND " + in_scope(2)};
std::optional<std::string> graduation_photo(pqxx::transaction_base& tx, std::int64_t application_id,
                                            const StaffProfile& staff) {
    const auto r = kGraduationPhoto(tx, application_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return db::bytes_of(r[0]["data"]);
}

}  // namespace zk::store::application_reviews
