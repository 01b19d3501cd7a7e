// identity_verifications.hpp: the photos of examinees and their identity verification
// requests (registration, first password of an enrolled examinee, forgotten password):
// the insert of a submission, a clerk's decision, and the one-time cancel link of a
// waiting password reset.
// SECURITY: trusts its callers for what a status means (common/domain/identity and
// recovery hold the rules); the cancel token is stored and returned only as its SHA-256.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::identity_verifications {

// Whether a photo with this SHA-256 belongs to an examinee other than `examinee_id`.
bool photo_used_elsewhere(pqxx::transaction_base& tx, const std::string& sha256, std::int64_t examinee_id);
// Stores a re-encoded JPEG; returns the photo's id.
std::int64_t insert_photo(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& kind, int width,
                          int height, const std::string& sha256, const std::string& jpeg);

struct Photo {
    std::string kind;
    std::string jpeg;
};
// The photos of the examinee's latest approved request, ordered by kind.
std::vector<Photo> photos_of_last_approved(pqxx::transaction_base& tx, std::int64_t examinee_id);

// Every request of the examinee still waiting for a clerk becomes 'superseded'.
void supersede_waiting(pqxx::transaction_base& tx, std::int64_t examinee_id);

struct NewRequest {
    std::int64_t examinee_id = 0;
    std::string path;    // 'new' / 'enrolled' / 'reset'
    std::string status;  // 'approved' / 'refused' / 'manual' (decided now unless 'manual')
    std::optional<std::int64_t> portrait_photo_id;
    std::int64_t id_front_photo_id = 0, id_in_hand_photo_id = 0;
    std::string pending_password_hash;  // "" = none
    std::string verifier, verifier_outcome, reason;
    std::string cancel_token_hash;      // "" = no cancel link
};
// Returns the request's id.
std::int64_t insert(pqxx::transaction_base& tx, const NewRequest& request);

// A request waiting for a clerk, locked for the rest of the transaction.
struct Waiting {
    std::int64_t examinee_id = 0;
    std::string path;
    std::string pending_password_hash;  // "" = none
};
std::optional<Waiting> lock_waiting(pqxx::transaction_base& tx, std::int64_t verification_id);
// A clerk's decision ('approved' / 'refused'); `refusal_reason` "" = none.
void decide(pqxx::transaction_base& tx, std::int64_t verification_id, const std::string& status,
            std::int64_t staff_id, const std::string& refusal_reason);

// The examinee of an approved password reset.
std::optional<std::int64_t> approved_reset_examinee(pqxx::transaction_base& tx, std::int64_t verification_id);

// A password reset as its cancel link sees it.
struct ResetLink {
    std::string status;
    std::optional<std::string> cancel_token_hash;  // raw SHA-256; none when it has no link
};
// With `lock`, the row stays locked for the rest of the transaction.
std::optional<ResetLink> reset_link(pqxx::transaction_base& tx, std::int64_t verification_id, bool lock);
// Cancels the reset if it still waits for a clerk; `by` says who ('link').
void cancel_reset(pqxx::transaction_base& tx, std::int64_t verification_id, const std::string& by);
// Cancels every waiting reset of the examinee as done by a login; returns their ids.
std::vector<std::int64_t> cancel_resets_on_login(pqxx::transaction_base& tx, std::int64_t examinee_id);

}  // namespace zk::store::identity_verifications
