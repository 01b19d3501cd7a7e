// outbound_messages.hpp: the outbox table of messages to examinees (SMS and e-mail).
// Rows are written by common/domain/notify in the transaction of the event that causes
// them, delivered by zikao-ctl deliver-messages and listed by the dev page /dev/outbox.
// Recipient and body are stored encrypted; this layer only moves the ciphertexts.
// SECURITY: trusts its callers to pass ciphertexts, never clear text.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::outbound_messages {

struct NewMessage {
    std::string channel;  // "sms" / "mail"
    std::string purpose;
    std::int64_t examinee_id = 0;  // 0: no examinee (a test message)
    std::string recipient_enc, subject, body_enc;
};

// Queues the message; returns its id.
std::int64_t insert(pqxx::transaction_base& tx, const NewMessage& m);

struct Due {
    std::int64_t id = 0;
    std::string channel, purpose, recipient_enc, subject, body_enc;
    int attempts = 0;  // attempts made before this one
};

// Claims the oldest due message of the channels asked for (FOR UPDATE SKIP LOCKED: a
// second delivery run skips it); nullopt when none is due.
std::optional<Due> claim_due(pqxx::transaction_base& tx, bool sms, bool mail);
void mark_sent(pqxx::transaction_base& tx, std::int64_t id);
// A failed attempt to retry after retry_seconds.
void mark_deferred(pqxx::transaction_base& tx, std::int64_t id, const std::string& error, int retry_seconds);
// A failed attempt after which the message is given up.
void mark_failed(pqxx::transaction_base& tx, std::int64_t id, const std::string& error);
// Messages still waiting in the channels asked for.
long count_waiting(pqxx::transaction_base& tx, bool sms, bool mail);
// Deletes messages sent or given up more than 30 days ago; returns how many.
long purge_old(pqxx::transaction_base& tx);

struct Listed {
    std::string id, channel, purpose, recipient_enc, subject, body_enc;
    int attempts = 0;
    std::optional<std::string> last_error;
    std::string created;  // YYYY-MM-DD HH:MM:SS, China time
    bool sent = false, failed = false;
};

// The newest `limit` messages, newest first.
std::vector<Listed> newest(pqxx::transaction_base& tx, int limit);

}  // namespace zk::store::outbound_messages
