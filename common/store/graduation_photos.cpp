// graduation_photos.cpp: see graduation_photos.hpp.
#include "common/store/graduation_photos.hpp"

#include "common/base/db.hpp"

namespace zk::store::graduation_photos {

const db::Statement kLatest{"graduation_photos_latest", R"sql(
    SELECT id, photo_id, status, verifier_reason, refusal_reason, decided_by IS NOT NULL AS by_staff,
           to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS created,
           to_char(decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS decided
    FROM graduation_photos WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1
)sql"};
std::optional<Attempt> latest(pqxx::transaction_base& tx, std::int64_t application_id) {
    const auto r = kLatest(tx, application_id);
    if (r.empty()) return std::nullopt;
    Attempt a;
    a.id = r[0]["id"].as<std::int64_t>();
    a.photo_id = r[0]["photo_id"].as<std::int64_t>();
    a.status = db::text(r[0]["status"]);
    a.verifier_reason = db::text(r[0]["verifier_reason"]);
    a.refusal_reason = db::optional_text(r[0]["refusal_reason"]);
    a.created = db::text(r[0]["created"]);
    a.decided = db::text(r[0]["decided"]);
    a.decided_by_staff = r[0]["by_staff"].as<bool>();
    return a;
}

const db::Statement kStoredToday{"graduation_photos_stored_today", R"sql(
    SELECT count(*) FROM graduation_photos WHERE application_id = $1 AND created_at > now() - interval '24 hours'
)sql"};
int stored_today(pqxx::transaction_base& tx, std::int64_t application_id) {
    return kStoredToday(tx, application_id)[0][0].as<int>();
}

const db::Statement kInsert{"graduation_photos_insert", R"sql(
    INSERT INTO graduation_photos (application_id, examinee_id, photo_id, status, verifier, verifier_outcome,
                                   verifier_reason, refusal_reason, original, original_type, decided_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, ''), NULLIF($9, ''::bytea), NULLIF($10, ''),
            CASE WHEN $4 = 'manual' THEN NULL ELSE now() END)
    RETURNING id
)sql"};
std::int64_t insert(pqxx::transaction_base& tx, const NewAttempt& a) {
    // An empty original is the same as none: an upload is never empty.
    const std::string original = a.original.value_or(std::string());
    return kInsert(tx, a.application_id, a.examinee_id, a.photo_id, a.status, a.verifier, a.verifier_outcome,
                   a.verifier_reason, a.refusal_reason.value_or(std::string()), db::bytes(original),
                   original.empty() ? std::string() : a.original_type)[0][0]
        .as<std::int64_t>();
}

// 重新申请: the new attempt keeps the verified photo of the first (the same picture, a new
// row of its own, so each application's photo history stays its own).
const db::Statement kCarryApproved{"graduation_photos_carry_approved", R"sql(
    INSERT INTO graduation_photos (application_id, examinee_id, photo_id, status, verifier, verifier_outcome,
                                   verifier_reason, decided_at)
    SELECT $2, examinee_id, photo_id, 'approved', 'previous_attempt', 'pass', '沿用第1次申请已认证的毕业照片', now()
    FROM graduation_photos WHERE application_id = $1 AND status = 'approved'
)sql"};
bool carry_approved(pqxx::transaction_base& tx, std::int64_t from_application_id, std::int64_t to_application_id) {
    return kCarryApproved(tx, from_application_id, to_application_id).affected_rows() == 1;
}

const db::Statement kOwnerJpeg{"graduation_photos_owner_jpeg", R"sql(
    SELECT p.data FROM graduation_photos g JOIN photos p ON p.id = g.photo_id
    WHERE g.id = $1 AND g.examinee_id = $2
)sql"};
std::optional<std::string> owner_jpeg(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t examinee_id) {
    const auto r = kOwnerJpeg(tx, attempt_id, examinee_id);
    if (r.empty()) return std::nullopt;
    return db::bytes_of(r[0]["data"]);
}

const db::Statement kVerified{"graduation_photos_verified", R"sql(
    SELECT EXISTS (SELECT 1 FROM graduation_photos WHERE application_id = $1 AND status = 'approved')
)sql"};
bool verified(pqxx::transaction_base& tx, std::int64_t application_id) {
    return kVerified(tx, application_id)[0][0].as<bool>();
}

const db::Statement kLockWaiting{"graduation_photos_lock_waiting", R"sql(
    SELECT application_id, examinee_id FROM graduation_photos WHERE id = $1 AND status = 'manual' FOR UPDATE
)sql"};
std::optional<Waiting> lock_waiting(pqxx::transaction_base& tx, std::int64_t attempt_id) {
    const auto r = kLockWaiting(tx, attempt_id);
    if (r.empty()) return std::nullopt;
    return Waiting{r[0]["application_id"].as<std::int64_t>(), r[0]["examinee_id"].as<std::int64_t>()};
}

const db::Statement kDecide{"graduation_photos_decide", R"sql(
    UPDATE graduation_photos
    SET status = $2, decided_by = $3, decided_at = now(), refusal_reason = NULLIF($4, ''),
        original = NULL, original_type = NULL
    WHERE id = $1 AND status = 'manual'
)sql"};
bool decide(pqxx::transaction_base& tx, std::int64_t attempt_id, const std::string& status, std::int64_t staff_id,
            const std::string& refusal_reason) {
    return kDecide(tx, attempt_id, status, staff_id, refusal_reason).affected_rows() == 1;
}

}  // namespace zk::store::graduation_photos
