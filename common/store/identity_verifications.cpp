// identity_verifications.cpp: see identity_verifications.hpp.
#include "common/store/identity_verifications.hpp"

#include "common/base/db.hpp"

namespace zk::store::identity_verifications {
const db::Statement kPhotoElsewhere{"identity_verifications_photo_elsewhere", R"sql(
    SELECT 1 FROM photos WHERE sha256 = $1 AND examinee_id <> $2 LIMIT 1
)sql"};
bool photo_used_elsewhere(pqxx::transaction_base& tx, const std::string& sha256, std::int64_t examinee_id) {
    return !kPhotoElsewhere(tx, db::bytes(sha256), examinee_id).empty();
}

const db::Statement kInsertPhoto{"identity_verifications_insert_photo", R"sql(
    INSERT INTO photos (examinee_id, kind, content_type, width, height, sha256, data)
    VALUES ($1, $2, 'image/jpeg', $3, $4, $5, $6) RETURNING id
)sql"};
std::int64_t insert_photo(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& kind, int width,
                          int height, const std::string& sha256, const std::string& jpeg) {
    return kInsertPhoto(tx, examinee_id, kind, width, height, db::bytes(sha256), db::bytes(jpeg))[0][0]
        .as<std::int64_t>();
}

const db::Statement kPhotosOfLastApproved{"identity_verifications_photos_of_last_approved", R"sql(
    SELECT p.kind, p.data FROM photos p JOIN (
      SELECT portrait_photo_id, id_front_photo_id, id_in_hand_photo_id FROM identity_verifications
      WHERE examinee_id = $1 AND status = 'approved' ORDER BY decided_at DESC, id DESC LIMIT 1) v
    ON p.id IN (v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id) ORDER BY p.kind
)sql"};
std::vector<Photo> photos_of_last_approved(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    std::vector<Photo> out;
    for (const auto& row : kPhotosOfLastApproved(tx, examinee_id))
        out.push_back({row["kind"].as<std::string>(), db::bytes_of(row["data"])});
    return out;
}

const db::Statement kSupersede{"identity_verifications_supersede", R"sql(
    UPDATE identity_verifications SET status = 'superseded' WHERE examinee_id = $1 AND status = 'manual'
)sql"};
void supersede_waiting(pqxx::transaction_base& tx, std::int64_t examinee_id) { kSupersede(tx, examinee_id); }

const db::Statement kInsert{"identity_verifications_insert", R"sql(
    INSERT INTO identity_verifications (examinee_id, path, status, portrait_photo_id, id_front_photo_id,
      id_in_hand_photo_id, pending_password_hash, verifier, verifier_outcome, verifier_reason,
      decided_at, refusal_reason, cancel_token_hash)
    VALUES ($1, $2, $3, NULLIF($4, '')::bigint, $5, $6, NULLIF($7, ''), $8, $9, $10,
      CASE WHEN $3 = 'manual' THEN NULL ELSE now() END, CASE WHEN $3 = 'refused' THEN $10 END,
      NULLIF($11, ''::bytea)) RETURNING id
)sql"};
std::int64_t insert(pqxx::transaction_base& tx, const NewRequest& q) {
    const std::string portrait = q.portrait_photo_id ? std::to_string(*q.portrait_photo_id) : std::string();
    return kInsert(tx, q.examinee_id, q.path, q.status, portrait, q.id_front_photo_id, q.id_in_hand_photo_id,
                   q.pending_password_hash, q.verifier, q.verifier_outcome, q.reason, db::bytes(q.cancel_token_hash))
        [0][0].as<std::int64_t>();
}

const db::Statement kLockWaiting{"identity_verifications_lock_waiting", R"sql(
    SELECT examinee_id, path, pending_password_hash FROM identity_verifications
    WHERE id = $1 AND status = 'manual' FOR UPDATE
)sql"};
std::optional<Waiting> lock_waiting(pqxx::transaction_base& tx, std::int64_t verification_id) {
    auto r = kLockWaiting(tx, verification_id);
    if (r.empty()) return std::nullopt;
    return Waiting{r[0]["examinee_id"].as<std::int64_t>(), r[0]["path"].as<std::string>(),
                   db::text(r[0]["pending_password_hash"])};
}

const db::Statement kDecide{"identity_verifications_decide", R"sql(
    UPDATE identity_verifications SET status = $2, decided_by = $3, decided_at = now(),
      refusal_reason = NULLIF($4, '') WHERE id = $1
)sql"};
void decide(pqxx::transaction_base& tx, std::int64_t verification_id, const std::string& status,
            std::int64_t staff_id, const std::string& refusal_reason) {
    kDecide(tx, verification_id, status, staff_id, refusal_reason);
}

const db::Statement kApprovedResetExaminee{"identity_verifications_approved_reset_examinee", R"sql(
    SELECT examinee_id FROM identity_verifications WHERE id = $1 AND path = 'reset' AND status = 'approved'
)sql"};
std::optional<std::int64_t> approved_reset_examinee(pqxx::transaction_base& tx, std::int64_t verification_id) {
    auto r = kApprovedResetExaminee(tx, verification_id);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::int64_t>();
}

const db::Statement kResetLinkLock{"identity_verifications_reset_link_lock", R"sql(
    SELECT status, cancel_token_hash FROM identity_verifications WHERE id = $1 AND path = 'reset' FOR UPDATE
)sql"};
const db::Statement kResetLink{"identity_verifications_reset_link", R"sql(
    SELECT status, cancel_token_hash FROM identity_verifications WHERE id = $1 AND path = 'reset'
)sql"};
std::optional<ResetLink> reset_link(pqxx::transaction_base& tx, std::int64_t verification_id, bool lock) {
    auto r = lock ? kResetLinkLock(tx, verification_id) : kResetLink(tx, verification_id);
    if (r.empty()) return std::nullopt;
    ResetLink link{r[0]["status"].as<std::string>(), std::nullopt};
    if (!r[0]["cancel_token_hash"].is_null()) link.cancel_token_hash = db::bytes_of(r[0]["cancel_token_hash"]);
    return link;
}

const db::Statement kCancelReset{"identity_verifications_cancel_reset", R"sql(
    UPDATE identity_verifications SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2
    WHERE id = $1 AND status = 'manual' AND path = 'reset'
)sql"};
void cancel_reset(pqxx::transaction_base& tx, std::int64_t verification_id, const std::string& by) {
    kCancelReset(tx, verification_id, by);
}

const db::Statement kCancelResetsOnLogin{"identity_verifications_cancel_resets_on_login", R"sql(
    UPDATE identity_verifications SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'login'
    WHERE examinee_id = $1 AND status = 'manual' AND path = 'reset' RETURNING id
)sql"};
std::vector<std::int64_t> cancel_resets_on_login(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    std::vector<std::int64_t> ids;
    for (const auto& row : kCancelResetsOnLogin(tx, examinee_id)) ids.push_back(row[0].as<std::int64_t>());
    return ids;
}

}  // namespace zk::store::identity_verifications
