// exports.hpp: what `zikao-ctl export` (LEG-2) reads: the applications of a batch and its
// approved graduates with the id of their verified 480×640 graduation photo. Run inside one
// read-only repeatable-read transaction of the caller, so every file is one snapshot.
// SECURITY: 身份证号 stay encrypted here; the caller decrypts. Values go as parameters.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::exports {

struct Batch {
    int id = 0;
    std::string name;
};

// The batch marked is_current; nullopt when there is none.
std::optional<Batch> current_batch(pqxx::transaction_base& tx);
bool county_exists(pqxx::transaction_base& tx, const std::string& code);

// One row per 申请院校/专业 (an application without majors gives one row with them empty).
struct ApplicationRow {
    std::string application_id, name, id_number_enc, ticket_no, gender, county, institution, major_code,
        major_name, status, submitted;  // submitted: YYYY-MM-DD HH:MM:SS China time, or ""
};

// Applications of `batch`: status "" means every status but draft; county "" every county.
// Ordered by county, application, major order.
std::vector<ApplicationRow> applications(pqxx::transaction_base& tx, int batch, const std::string& status,
                                         const std::string& county);

// One row per 申请院校/专业 of an approved application whose audit did not find it
// ineligible.
struct GraduateRow {
    std::int64_t examinee_id = 0;
    std::string name, id_number_enc, gender, ticket_no, institution, major_code, major_name, level, county;
    std::optional<std::int64_t> photo_id;  // the application's approved graduation photo
};

// Ordered by county, examinee, major order.
std::vector<GraduateRow> graduates(pqxx::transaction_base& tx, int batch);
// The bytes of a photo.
std::string photo_data(pqxx::transaction_base& tx, std::int64_t photo_id);

}  // namespace zk::store::exports
