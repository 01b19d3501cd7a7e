// graduation_photo_reviews.hpp: what the back office reads and locks of graduation photos
// handed over to a person (PHO-3, REV-1, REV-2): the count waiting, the lists (waiting or
// decided), one photo with its examinee and application, the examinee's photos on record
// to compare with, and the pictures themselves.
// SECURITY: every function takes the logged-in staff member's profile and its statement
// carries that scope (scope.hpp) in the WHERE clause, over the APPLICATION's county
// (毕业申请区县: the office the examinee applied through): a row outside the scope is as
// absent as one that does not exist. Encrypted columns are returned encrypted.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/store/profiles.hpp"
#include "common/store/scope.hpp"

namespace zk::store::graduation_photo_reviews {

// Photos waiting for a person within the scope, and when the oldest arrived (China time).
struct Pending {
    std::int64_t count = 0;
    std::optional<std::string> oldest;
};
Pending pending(pqxx::transaction_base& tx, const StaffProfile& staff);

// One photo as the list shows it. Times are China time, "YYYY-MM-DD HH24:MI".
struct Row {
    std::int64_t id = 0, examinee_id = 0, application_id = 0, photo_id = 0;
    std::string status;  // manual / approved / refused
    std::string verifier_reason;
    std::optional<std::string> refusal_reason;
    std::string submitted, decided, decided_by_name;
    std::string name, ticket_no;
    std::optional<std::string> id_number_enc;  // FieldCipher context "id_number"
    std::string county_name;                   // the application's county, city + county
};
// One page of the photos with `status`: waiting ('manual') oldest first; decided by a clerk
// ('approved' / 'refused') newest first. The filter's county is the application's.
using Page = scope::Page<Row>;
Page list(pqxx::transaction_base& tx, const std::string& status, const scope::QueueFilter& filter,
          const StaffProfile& staff);

struct Detail : Row {
    std::string verifier, verifier_outcome;  // outcome: pass / fail / manual
    std::string gender;                      // M / F
    std::string application_status;
    bool has_original = false;
    std::string original_type;
};
std::optional<Detail> detail(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff);

// Locks the photo's row (FOR UPDATE) and returns its status; nullopt outside the scope.
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff);

// The photos of the examinee's last confirmed identity (registration 证件照 first).
struct RecordPhoto {
    std::int64_t id = 0;
    std::string kind;
};
std::vector<RecordPhoto> photos_on_record(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff);

// A picture of the photo's examinee (the graduation photo or one on record), JPEG bytes.
std::optional<std::string> image(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t photo_id,
                                 const StaffProfile& staff);

// The upload as received, while it is kept (the photo waits for a person).
struct Original {
    std::string data, type;
};
std::optional<Original> original(pqxx::transaction_base& tx, std::int64_t attempt_id, const StaffProfile& staff);

}  // namespace zk::store::graduation_photo_reviews
