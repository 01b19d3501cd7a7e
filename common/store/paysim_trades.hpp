// paysim_trades.hpp: the payment sandbox's own tables (schema paysim, sql/sandbox; the dev
// and test stacks only): its trades, one per (channel, merchant_id, order_no), and the
// notifications it sends to the merchant's notify_url until they are acknowledged. Used
// by modules/paysim only. Its statements are sandbox statements (db::SandboxSchema):
// prepared on first use, so zikao-ctl, which links every statement, still runs against a
// production database that has no schema paysim.
// SECURITY: trusts its caller (the sandbox) to have checked the merchant's signature and
// every field before anything is recorded; notification bodies are stored as signed.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::paysim_trades {

// Which trade: the merchant's order at one channel.
struct Key {
    std::string channel, merchant_id, order_no;
};

// What a checkout carries, as the merchant signed it.
struct NewTrade {
    Key key;
    std::int64_t amount_fen = 0;
    std::string currency, subject, notify_url, return_url;
    std::int64_t expires_at = 0;  // Unix seconds
};

struct Trade {
    std::int64_t id = 0;
    Key key;
    std::optional<std::int64_t> amount_fen;  // nullopt: a tombstone (closed before any checkout)
    std::string currency, subject, notify_url, return_url;
    std::int64_t expires_at = 0;  // Unix seconds; 0 for a tombstone
    std::string expires_shown;    // YYYY-MM-DD HH:MM:SS, China time ("" for a tombstone)
    std::string status;           // created | paid | closed
    bool live = false;            // created and not expired (the database's clock)
    std::string trade_no;         // set once paid
    std::int64_t paid_at = 0;     // Unix seconds, once paid
    std::string created;          // YYYY-MM-DD HH:MM:SS, China time
};

// Records the trade of a checkout unless its key exists already, then returns the trade of
// that key (the new one, or the one recorded before, as it was recorded) locked FOR UPDATE.
Trade record_and_lock(pqxx::transaction_base& tx, const NewTrade& t);
// The trade of `key`, locked FOR UPDATE; nullopt when there is none.
std::optional<Trade> lock(pqxx::transaction_base& tx, const Key& key);
// The trade of `key` as it is now (no lock); nullopt when there is none.
std::optional<Trade> find(pqxx::transaction_base& tx, const Key& key);
// Records a closed trade without an amount for an order the sandbox never saw, so that a
// later checkout of it is refused; false when the key has a trade already.
bool insert_tombstone(pqxx::transaction_base& tx, const Key& key);
// Pays a created trade now (paid_at to the second); returns paid_at in Unix seconds.
std::int64_t mark_paid(pqxx::transaction_base& tx, std::int64_t trade_id, const std::string& trade_no);
void mark_closed(pqxx::transaction_base& tx, std::int64_t trade_id);

// ---- notifications -----------------------------------------------------------------------

struct NewNotification {
    std::int64_t trade_id = 0;
    std::string notify_id, url, body;
    int delay_seconds = 0;  // the first attempt is due this long from now
};
void add_notification(pqxx::transaction_base& tx, const NewNotification& n);

struct Due {
    std::int64_t id = 0;
    std::string channel, url, body;
    int attempts = 0;  // attempts made before this one
};
// Claims up to `limit` due notifications (not acknowledged, next_attempt_at passed, fewer
// than `max_attempts` attempts), oldest due first, FOR UPDATE SKIP LOCKED.
std::vector<Due> claim_due(pqxx::transaction_base& tx, int limit, int max_attempts);
// One attempt: the HTTP status (0: no answer arrived), the start of the answer (clean
// UTF-8, at most 200 characters), and whether the merchant acknowledged it; otherwise the
// next attempt is retry_seconds away.
void record_attempt(pqxx::transaction_base& tx, std::int64_t id, long status, const std::string& answer,
                    bool acknowledged, int retry_seconds);

// ---- the developer's view ------------------------------------------------------------------

struct ListedNotification {
    std::string notify_id;
    int attempts = 0;
    std::optional<long> last_status;
    std::string last_answer;
    bool acknowledged = false;
    std::string next_attempt;  // YYYY-MM-DD HH:MM:SS, China time
};

struct Listed {
    Trade trade;
    std::vector<ListedNotification> notifications;  // oldest first
};

// The newest `limit` trades, newest first, each with its notifications.
std::vector<Listed> newest(pqxx::transaction_base& tx, int limit);

}  // namespace zk::store::paysim_trades
