// outbound_messages.cpp: see outbound_messages.hpp.
#include "common/store/outbound_messages.hpp"

#include "common/base/db.hpp"

namespace zk::store::outbound_messages {
namespace {

// $1/$2: whether the sms/mail channel is delivered by this run.

}  // namespace

const db::Statement kInsert{"outbound_messages_insert", R"sql(
    INSERT INTO outbound_messages (channel, purpose, examinee_id, recipient_enc, subject, body_enc)
    VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6) RETURNING id
)sql"};
std::int64_t insert(pqxx::transaction_base& tx, const NewMessage& m) {
    return kInsert(tx, m.channel, m.purpose, m.examinee_id, db::bytes(m.recipient_enc), m.subject,
                   db::bytes(m.body_enc))[0][0]
        .as<std::int64_t>();
}

const db::Statement kClaimDue{"outbound_messages_claim_due", R"sql(
    SELECT id, channel, purpose, recipient_enc, subject, body_enc, attempts FROM outbound_messages
    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
      AND ((channel = 'sms' AND $1) OR (channel = 'mail' AND $2))
    ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
)sql"};
std::optional<Due> claim_due(pqxx::transaction_base& tx, bool sms, bool mail) {
    auto r = kClaimDue(tx, sms, mail);
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    Due d;
    d.id = row["id"].as<std::int64_t>();
    d.channel = db::text(row["channel"]);
    d.purpose = db::text(row["purpose"]);
    d.recipient_enc = db::bytes_of(row["recipient_enc"]);
    d.subject = db::text(row["subject"]);
    d.body_enc = db::bytes_of(row["body_enc"]);
    d.attempts = row["attempts"].as<int>();
    return d;
}

const db::Statement kSent{"outbound_messages_sent", R"sql(
    UPDATE outbound_messages SET attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id = $1
)sql"};
void mark_sent(pqxx::transaction_base& tx, std::int64_t id) { kSent(tx, id); }

const db::Statement kDeferred{"outbound_messages_deferred", R"sql(
    UPDATE outbound_messages SET attempts = attempts + 1, last_error = $2,
      next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1
)sql"};
void mark_deferred(pqxx::transaction_base& tx, std::int64_t id, const std::string& error, int retry_seconds) {
    kDeferred(tx, id, error, retry_seconds);
}

const db::Statement kFailed{"outbound_messages_failed", R"sql(
    UPDATE outbound_messages SET attempts = attempts + 1, last_error = $2, failed_at = now() WHERE id = $1
)sql"};
void mark_failed(pqxx::transaction_base& tx, std::int64_t id, const std::string& error) { kFailed(tx, id, error); }

const db::Statement kCountWaiting{"outbound_messages_count_waiting", R"sql(
    SELECT count(*) FROM outbound_messages WHERE sent_at IS NULL AND failed_at IS NULL
      AND ((channel = 'sms' AND $1) OR (channel = 'mail' AND $2))
)sql"};
long count_waiting(pqxx::transaction_base& tx, bool sms, bool mail) {
    return kCountWaiting(tx, sms, mail)[0][0].as<long>();
}

const db::Statement kPurgeOld{"outbound_messages_purge_old", R"sql(
    DELETE FROM outbound_messages
    WHERE sent_at < now() - interval '30 days' OR failed_at < now() - interval '30 days'
)sql"};
long purge_old(pqxx::transaction_base& tx) { return static_cast<long>(kPurgeOld(tx).affected_rows()); }

const db::Statement kNewest{"outbound_messages_newest", R"sql(
    SELECT id, channel, purpose, recipient_enc, subject, body_enc, attempts, last_error,
      to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS created,
      sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed
    FROM outbound_messages ORDER BY created_at DESC, id DESC LIMIT $1
)sql"};
std::vector<Listed> newest(pqxx::transaction_base& tx, int limit) {
    std::vector<Listed> out;
    for (const auto& row : kNewest(tx, limit)) {
        Listed m;
        m.id = db::text(row["id"]);
        m.channel = db::text(row["channel"]);
        m.purpose = db::text(row["purpose"]);
        m.recipient_enc = db::bytes_of(row["recipient_enc"]);
        m.subject = db::text(row["subject"]);
        m.body_enc = db::bytes_of(row["body_enc"]);
        m.attempts = row["attempts"].as<int>();
        if (!row["last_error"].is_null()) m.last_error = db::text(row["last_error"]);
        m.created = db::text(row["created"]);
        m.sent = row["sent"].as<bool>();
        m.failed = row["failed"].as<bool>();
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace zk::store::outbound_messages
