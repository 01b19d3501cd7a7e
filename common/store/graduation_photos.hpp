// graduation_photos.hpp: the graduation photos of applications (PHO-1 … PHO-4) as the
// examinee's side reads and writes them: the latest photo of an application, a new one
// with the verifier's outcome, the owner's own photo, the "photo verified" fact the pay
// module relies on, and a clerk's decision on one waiting for a person. The back office's
// scoped lists are in graduation_photo_reviews.
// SECURITY: trusts its callers for ids (the examinee id comes from the session); the
// owner's read carries the examinee id in its WHERE clause, so another examinee's id
// reads nothing.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace zk::store::graduation_photos {

// One photo of an application. Times are China time, "YYYY-MM-DD HH24:MI".
struct Attempt {
    std::int64_t id = 0;
    std::int64_t photo_id = 0;
    std::string status;  // manual / approved / refused
    std::string verifier_reason;
    std::optional<std::string> refusal_reason;
    std::string created, decided;  // decided: "" while undecided
    bool decided_by_staff = false;
};
// The application's latest photo (newest first), if any.
std::optional<Attempt> latest(pqxx::transaction_base& tx, std::int64_t application_id);

// How many photos were stored for the application in the last 24 hours.
int stored_today(pqxx::transaction_base& tx, std::int64_t application_id);

struct NewAttempt {
    std::int64_t application_id = 0, examinee_id = 0, photo_id = 0;
    std::string status;            // manual / approved / refused
    std::string verifier, verifier_outcome, verifier_reason;
    std::optional<std::string> refusal_reason;    // for 'refused'
    std::optional<std::string> original;          // the upload as received, only for 'manual'
    std::string original_type;                    // its type, with `original`
};
std::int64_t insert(pqxx::transaction_base& tx, const NewAttempt& attempt);

// The normalised JPEG of one of the examinee's own photos; nullopt for anyone else's.
std::optional<std::string> owner_jpeg(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t examinee_id);

// True when the application has a verified (approved) graduation photo.
bool verified(pqxx::transaction_base& tx, std::int64_t application_id);

// Locks a photo waiting for a person (FOR UPDATE); nullopt when it is not waiting.
struct Waiting {
    std::int64_t application_id = 0, examinee_id = 0;
};
std::optional<Waiting> lock_waiting(pqxx::transaction_base& tx, std::int64_t attempt_id);
// A clerk's decision ('approved' / 'refused' with a reason); clears the kept original.
// False when the photo was no longer waiting.
bool decide(pqxx::transaction_base& tx, std::int64_t attempt_id, const std::string& status, std::int64_t staff_id,
            const std::string& refusal_reason);

// Copies the verified photo of one application to another (重新申请); false when the first
// has none.
bool carry_approved(pqxx::transaction_base& tx, std::int64_t from_application_id, std::int64_t to_application_id);

}  // namespace zk::store::graduation_photos
