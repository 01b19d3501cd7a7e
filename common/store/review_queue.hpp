// review_queue.hpp: what the staff back office reads and locks (REV-1, REV-2, ACC-7): the
// names of a staff member's area, the identity verifications handed over to a person
// (waiting or decided), one submission with its examinee, the photos of the examinee's
// last confirmed identity, and a photo itself.
// SECURITY: every function takes the logged-in staff member's profile, and its statement
// carries that scope (REV-1) in the WHERE clause: a county clerk (县区招办) sees the
// examinees registered in its county, a city office (市招办) those of its city's counties,
// the provincial review group (省审定组) and administrators everyone. An unknown role or
// a missing code matches no row (fail closed), so a row outside the scope is exactly as
// absent as one that does not exist. Nothing is read first and filtered in C++.
// Encrypted columns are returned encrypted.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/store/profiles.hpp"
#include "common/store/scope.hpp"

namespace zk::store::review_queue {

// The county's full name (city + county) for a county clerk, the city's name for a city
// office; "" when the code names no county (or the role has none).
struct AreaNames {
    std::string county_name;
    std::string city_name;
};
AreaNames area_names(pqxx::transaction_base& tx, const StaffProfile& staff);

// Submissions waiting for a person within the scope, and when the oldest was submitted
// (China time, "YYYY-MM-DD HH24:MI"; nullopt when none waits).
struct Pending {
    std::int64_t count = 0;
    std::optional<std::string> oldest;
};
Pending pending(pqxx::transaction_base& tx, const StaffProfile& staff);

// One submission as the queue lists it. Times are China time, "YYYY-MM-DD HH24:MI".
struct Row {
    std::int64_t id = 0;
    std::int64_t examinee_id = 0;
    std::string path;    // new / enrolled / reset
    std::string status;  // manual / approved / refused / superseded / cancelled
    std::string verifier_reason;
    std::optional<std::string> refusal_reason;
    std::string submitted, decided;  // decided: "" while undecided
    std::string decided_by_name;
    std::string name;                         // 姓名
    std::optional<std::string> id_number_enc;  // FieldCipher context "id_number"
    std::string county_name;                  // city + county, "" when none
};

// One page of the submissions with `status`: waiting ('manual') oldest first, decided
// ('approved' / 'refused') newest decision first; the filter's county is the examinee's.
using Page = scope::Page<Row>;
Page list(pqxx::transaction_base& tx, const std::string& status, const scope::QueueFilter& filter,
          const StaffProfile& staff);

// One submission with what the clerk judges it by.
struct Detail : Row {
    std::string verifier, verifier_outcome;  // outcome: pass / fail / manual
    std::optional<std::int64_t> portrait_photo_id, id_front_photo_id, id_in_hand_photo_id;
    std::string gender;                   // M / F
    std::optional<std::string> phone_enc;  // FieldCipher context "phone"
    std::string origin;                   // imported / registered
};
std::optional<Detail> detail(pqxx::transaction_base& tx, std::int64_t verification_id, const StaffProfile& staff);

// Locks the submission (FOR UPDATE) and returns its status; nullopt when it does not
// exist or lies outside the scope, in which case nothing is locked.
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t verification_id,
                                       const StaffProfile& staff);

// The photos of the examinee's last confirmed identity (latest approved submission other
// than `except_verification_id`), in the order the page shows them. The same "latest approved submission"
// as identity::photos_on_record(), which reads the pictures for a verifier.
struct RecordPhoto {
    std::int64_t id = 0;
    std::string kind;
};
std::vector<RecordPhoto> photos_on_record(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                          std::int64_t except_verification_id, const StaffProfile& staff);

// A stored photo's JPEG bytes.
std::optional<std::string> photo(pqxx::transaction_base& tx, std::int64_t photo_id, const StaffProfile& staff);

}  // namespace zk::store::review_queue
