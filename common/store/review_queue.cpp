// review_queue.cpp: see review_queue.hpp. The scope condition (scope.hpp) is built once,
// from constants, when the statements are defined; the staff member's role and codes only
// ever travel as parameters.
#include "common/store/review_queue.hpp"

#include "common/base/db.hpp"
#include "common/store/scope.hpp"

namespace zk::store::review_queue {
using db::optional_bytes;
using db::optional_id;
using db::optional_text;
namespace {

std::string scope_condition(int first) { return scope::condition(first); }

// The examinee behind a submission `v`, and its county: the `e` and `c` of scope_condition().
std::string join_examinee() {
    return " JOIN examinees e ON e.id = v.examinee_id LEFT JOIN counties c ON c.code = e.county_code ";
}
using scope::china_time;

std::string row_columns() {
    return "SELECT v.id, v.path, v.status, v.verifier_reason, v.refusal_reason, "
           "  to_char(v.created_at" + china_time() + "AS submitted, to_char(v.decided_at" + china_time() + "AS decided, "
           "  d.display_name AS decided_by_name, e.id AS examinee_id, e.name, e.id_number_enc, "
           "  COALESCE(c.city_name || c.name, '') AS county_name ";
}
std::string row_from() {
    return "FROM identity_verifications v" + join_examinee() + "LEFT JOIN staff d ON d.id = v.decided_by ";
}


void read_row(const pqxx::row& r, Row& out) {
    out.id = r["id"].as<std::int64_t>();
    out.examinee_id = r["examinee_id"].as<std::int64_t>();
    out.path = db::text(r["path"]);
    out.status = db::text(r["status"]);
    out.verifier_reason = db::text(r["verifier_reason"]);
    out.refusal_reason = optional_text(r["refusal_reason"]);
    out.submitted = db::text(r["submitted"]);
    out.decided = db::text(r["decided"]);
    out.decided_by_name = db::text(r["decided_by_name"]);
    out.name = db::text(r["name"]);
    out.id_number_enc = optional_bytes(r["id_number_enc"]);
    out.county_name = db::text(r["county_name"]);
}

std::vector<Row> rows(const pqxx::result& result) {
    std::vector<Row> out;
    out.reserve(result.size());
    for (const auto& r : result) read_row(r, out.emplace_back());
    return out;
}

}  // namespace

const db::Statement kAreaNames{"review_queue_area_names", R"sql(
    SELECT (SELECT city_name || name FROM counties WHERE code = CAST(NULLIF($1::text, '') AS char(6))) AS county_name,
           (SELECT min(city_name) FROM counties WHERE city_code = CAST(NULLIF($2::text, '') AS char(6))) AS city_name
)sql"};
AreaNames area_names(pqxx::transaction_base& tx, const StaffProfile& staff) {
    const auto r = kAreaNames(tx, staff.county_code, staff.city_code);
    return {db::text(r[0]["county_name"]), db::text(r[0]["city_name"])};
}

const db::Statement kPending{"review_queue_pending",
    "SELECT count(*) AS pending, to_char(min(v.created_at)" + china_time() + "AS oldest "
    "FROM identity_verifications v" + join_examinee() + "WHERE v.status = 'manual' AND " + scope_condition(1)};
Pending pending(pqxx::transaction_base& tx, const StaffProfile& staff) {
    const auto r = kPending(tx, staff.role, staff.county_code, staff.city_code);
    return {r[0]["pending"].as<std::int64_t>(), optional_text(r[0]["oldest"])};
}

// Waiting ('manual') oldest first; decided newest first. $1: the status.
const db::Statement kList{"review_queue_list",
    row_columns() + ", count(*) OVER () AS total " + row_from() + "WHERE v.status = $1 AND " + scope_condition(2) +
        " AND " + scope::filter_condition(5, "e.county_code") +
        " ORDER BY CASE WHEN $1 = 'manual' THEN v.created_at END, "
        "  CASE WHEN $1 = 'manual' THEN v.id END, v.decided_at DESC NULLS LAST, v.id DESC LIMIT $7 OFFSET $8"};
Page list(pqxx::transaction_base& tx, const std::string& status, const scope::QueueFilter& filter,
          const StaffProfile& staff) {
    const auto result = kList(tx, status, staff.role, staff.county_code, staff.city_code, filter.county_code,
                              filter.search, filter.limit, filter.offset);
    return {rows(result), scope::page_total(result)};
}

const db::Statement kDetail{"review_queue_detail",
    "SELECT v.id, v.path, v.status, v.verifier, v.verifier_outcome, v.verifier_reason, v.refusal_reason, "
    "  v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id, "
    "  to_char(v.created_at" + china_time() + "AS submitted, to_char(v.decided_at" + china_time() + "AS decided, "
    "  d.display_name AS decided_by_name, e.id AS examinee_id, e.name, e.id_number_enc, e.gender, "
    "  e.phone_enc, e.origin, COALESCE(c.city_name || c.name, '') AS county_name " +
        row_from() + "WHERE v.id = $1 AND " + scope_condition(2)};
std::optional<Detail> detail(pqxx::transaction_base& tx, std::int64_t verification_id, const StaffProfile& staff) {
    const auto result = kDetail(tx, verification_id, staff.role, staff.county_code, staff.city_code);
    if (result.empty()) return std::nullopt;
    const auto& r = result[0];
    Detail d;
    read_row(r, d);
    d.verifier = db::text(r["verifier"]);
    d.verifier_outcome = db::text(r["verifier_outcome"]);
    d.portrait_photo_id = optional_id(r["portrait_photo_id"]);
    d.id_front_photo_id = optional_id(r["id_front_photo_id"]);
    d.id_in_hand_photo_id = optional_id(r["id_in_hand_photo_id"]);
    d.gender = db::text(r["gender"]);
    d.phone_enc = optional_bytes(r["phone_enc"]);
    d.origin = db::text(r["origin"]);
    return d;
}

const db::Statement kLock{"review_queue_lock",
    "SELECT v.status FROM identity_verifications v" + join_examinee() + "WHERE v.id = $1 AND " + scope_condition(2) +
        " FOR UPDATE OF v"};
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t verification_id,
                                       const StaffProfile& staff) {
    const auto r = kLock(tx, verification_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return r[0]["status"].as<std::string>();
}

const db::Statement kPhotosOnRecord{"review_queue_photos_on_record",
    "SELECT p.id, p.kind FROM photos p JOIN ("
    "  SELECT portrait_photo_id, id_front_photo_id, id_in_hand_photo_id FROM identity_verifications "
    "  WHERE examinee_id = $1 AND status = 'approved' AND id <> $2 ORDER BY decided_at DESC, id DESC LIMIT 1) v "
    "ON p.id IN (v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id) "
    "JOIN examinees e ON e.id = p.examinee_id LEFT JOIN counties c ON c.code = e.county_code "
    "WHERE " + scope_condition(3) + " ORDER BY p.kind DESC"};
std::vector<RecordPhoto> photos_on_record(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                          std::int64_t except_verification_id, const StaffProfile& staff) {
    std::vector<RecordPhoto> out;
    for (const auto& r :
         kPhotosOnRecord(tx, examinee_id, except_verification_id, staff.role, staff.county_code, staff.city_code))
        out.push_back({r["id"].as<std::int64_t>(), db::text(r["kind"])});
    return out;
}

const db::Statement kPhoto{"review_queue_photo",
    "SELECT p.data FROM photos p JOIN examinees e ON e.id = p.examinee_id "
    "LEFT JOIN counties c ON c.code = e.county_code WHERE p.id = $1 AND " + scope_condition(2)};
std::optional<std::string> photo(pqxx::transaction_base& tx, std::int64_t photo_id, const StaffProfile& staff) {
    const auto r = kPhoto(tx, photo_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return db::bytes_of(r[0]["data"]);
}

}  // namespace zk::store::review_queue
