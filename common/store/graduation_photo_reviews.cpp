// graduation_photo_reviews.cpp: see graduation_photo_reviews.hpp. Every statement joins the
// photo `g` to its application `a` and the application's county `c`, and limits the rows
// with scope::condition over a.county_code.
#include "common/store/graduation_photo_reviews.hpp"

#include "common/base/db.hpp"
#include "common/store/scope.hpp"

namespace zk::store::graduation_photo_reviews {
namespace {

using scope::china_time;

std::string in_scope(int first) { return scope::condition(first, "a.county_code"); }

const std::string kFrom =
    " FROM graduation_photos g JOIN applications a ON a.id = g.application_id "
    "JOIN examinees e ON e.id = g.examinee_id LEFT JOIN counties c ON c.code = a.county_code ";

std::string row_columns() {
    return "SELECT g.id, g.examinee_id, g.application_id, g.photo_id, g.status, g.verifier_reason, g.refusal_reason, "
           "  to_char(g.created_at" + china_time() + "AS submitted, to_char(g.decided_at" + china_time() + "AS decided, "
           "  d.display_name AS decided_by_name, e.name, e.ticket_no, e.id_number_enc, "
           "  COALESCE(c.city_name || c.name, '') AS county_name ";
}
std::string row_from() { return kFrom + "LEFT JOIN staff d ON d.id = g.decided_by "; }

void read_row(const pqxx::row& r, Row& out) {
    out.id = r["id"].as<std::int64_t>();
    out.examinee_id = r["examinee_id"].as<std::int64_t>();
    out.application_id = r["application_id"].as<std::int64_t>();
    out.photo_id = r["photo_id"].as<std::int64_t>();
    out.status = db::text(r["status"]);
    out.verifier_reason = db::text(r["verifier_reason"]);
    out.refusal_reason = db::optional_text(r["refusal_reason"]);
    out.submitted = db::text(r["submitted"]);
    out.decided = db::text(r["decided"]);
    out.decided_by_name = db::text(r["decided_by_name"]);
    out.name = db::text(r["name"]);
    out.ticket_no = db::text(r["ticket_no"]);
    out.id_number_enc = db::optional_bytes(r["id_number_enc"]);
    out.county_name = db::text(r["county_name"]);
}

std::vector<Row> rows(const pqxx::result& result) {
    std::vector<Row> out;
    out.reserve(result.size());
    for (const auto& r : result) read_row(r, out.emplace_back());
    return out;
}

}  // namespace

const db::Statement kPending{"graduation_photo_reviews_pending",
    "SELECT count(*) AS pending, to_char(min(g.created_at)" + china_time() + "AS oldest" + kFrom +
        "WHERE g.status = 'manual' AND " + in_scope(1)};
Pending pending(pqxx::transaction_base& tx, const StaffProfile& staff) {
    const auto r = kPending(tx, staff.role, staff.county_code, staff.city_code);
    return {r[0]["pending"].as<std::int64_t>(), db::optional_text(r[0]["oldest"])};
}

// Decided: only decisions made by a person (a photo the verifier passed or refused by
// itself was never in this queue). $1: the status.
const db::Statement kList{"graduation_photo_reviews_list",
    row_columns() + ", count(*) OVER () AS total " + row_from() +
        "WHERE g.status = $1 AND ($1 = 'manual' OR g.decided_by IS NOT NULL) AND " + in_scope(2) + " AND " +
        scope::filter_condition(5, "a.county_code") +
        " ORDER BY CASE WHEN $1 = 'manual' THEN g.created_at END, CASE WHEN $1 = 'manual' THEN g.id END, "
        "  g.decided_at DESC, g.id DESC LIMIT $7 OFFSET $8"};
Page list(pqxx::transaction_base& tx, const std::string& status, const scope::QueueFilter& filter,
          const StaffProfile& staff) {
    const auto result = kList(tx, status, staff.role, staff.county_code, staff.city_code, filter.county_code,
                              filter.search, filter.limit, filter.offset);
    return {rows(result), scope::page_total(result)};
}

const db::Statement kDetail{"graduation_photo_reviews_detail",
    row_columns() + ", g.verifier, g.verifier_outcome, e.gender, a.status AS application_status, "
    "  g.original IS NOT NULL AS has_original, COALESCE(g.original_type, '') AS original_type" +
        row_from() + "WHERE g.id = $1 AND " + in_scope(2)};
std::optional<Detail> detail(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff) {
    const auto result = kDetail(tx, attempt_id, staff.role, staff.county_code, staff.city_code);
    if (result.empty()) return std::nullopt;
    const auto& r = result[0];
    Detail d;
    read_row(r, d);
    d.verifier = db::text(r["verifier"]);
    d.verifier_outcome = db::text(r["verifier_outcome"]);
    d.gender = db::text(r["gender"]);
    d.application_status = db::text(r["application_status"]);
    d.has_original = r["has_original"].as<bool>();
    d.original_type = db::text(r["original_type"]);
    return d;
}

const db::Statement kLock{"graduation_photo_reviews_lock",
    "SELECT g.status" + kFrom + "WHERE g.id = $1 AND " + in_scope(2) + " FOR UPDATE OF g"};
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff) {
    const auto r = kLock(tx, attempt_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return db::text(r[0]["status"]);
}

const db::Statement kPhotosOnRecord{"graduation_photo_reviews_photos_on_record",
    "SELECT p.id, p.kind" + kFrom +
        "JOIN LATERAL (SELECT portrait_photo_id, id_front_photo_id, id_in_hand_photo_id FROM identity_verifications v "
        "  WHERE v.examinee_id = g.examinee_id AND v.status = 'approved' ORDER BY v.decided_at DESC, v.id DESC LIMIT 1) v "
        "ON true JOIN photos p ON p.id IN (v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id) "
        "WHERE g.id = $1 AND " + in_scope(2) + " ORDER BY p.kind DESC"};
std::vector<RecordPhoto> photos_on_record(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff) {
    std::vector<RecordPhoto> out;
    for (const auto& r : kPhotosOnRecord(tx, attempt_id, staff.role, staff.county_code, staff.city_code))
        out.push_back({r["id"].as<std::int64_t>(), db::text(r["kind"])});
    return out;
}

const db::Statement kImage{"graduation_photo_reviews_image",
    "SELECT p.data" + kFrom + "JOIN photos p ON p.id = $2 AND p.examinee_id = g.examinee_id "
        "WHERE g.id = $1 AND " + in_scope(3)};
std::optional<std::string> image(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t photo_id,
                                 const StaffProfile& staff) {
    const auto r = kImage(tx, attempt_id, photo_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return db::bytes_of(r[0]["data"]);
}

const db::Statement kOriginal{"graduation_photo_reviews_original",
    "SELECT g.original, g.original_type" + kFrom + "WHERE g.id = $1 AND g.original IS NOT NULL AND " + in_scope(2)};
std::optional<Original> original(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff) {
    const auto r = kOriginal(tx, attempt_id, staff.role, staff.county_code, staff.city_code);
    if (r.empty()) return std::nullopt;
    return Original{db::bytes_of(r[0]["original"]), db::text(r[0]["original_type"])};
}

}  // namespace zk::store::graduation_photo_reviews
