// paysim_trades.cpp: see paysim_trades.hpp.
#include "common/store/paysim_trades.hpp"

#include "common/base/db.hpp"

namespace zk::store::paysim_trades {
namespace {

const db::SandboxSchema kPaysim{"paysim"};

// A trade as every statement that reads one returns it (t: paysim.trades).
constexpr const char* kTradeColumns = R"sql(
    t.id, t.channel, t.merchant_id, t.order_no, t.amount_fen, t.currency, t.subject, t.notify_url,
    t.return_url, COALESCE(extract(epoch FROM t.expires_at)::bigint, 0) AS expires_at,
    COALESCE(to_char(t.expires_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'), '') AS expires_shown,
    t.status, (t.status = 'created' AND t.expires_at > now()) AS live, t.trade_no,
    COALESCE(extract(epoch FROM t.paid_at)::bigint, 0) AS paid_at,
    to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS created
)sql";

std::string select_trade(const char* rest) { return std::string("SELECT ") + kTradeColumns + rest; }

Trade trade_of(const pqxx::row& row) {
    Trade t;
    t.id = row["id"].as<std::int64_t>();
    t.key = {db::text(row["channel"]), db::text(row["merchant_id"]), db::text(row["order_no"])};
    if (!row["amount_fen"].is_null()) t.amount_fen = row["amount_fen"].as<std::int64_t>();
    t.currency = db::text(row["currency"]);
    t.subject = db::text(row["subject"]);
    t.notify_url = db::text(row["notify_url"]);
    t.return_url = db::text(row["return_url"]);
    t.expires_at = row["expires_at"].as<std::int64_t>();
    t.expires_shown = db::text(row["expires_shown"]);
    t.status = db::text(row["status"]);
    t.live = row["live"].as<bool>(false);
    t.trade_no = db::text(row["trade_no"]);
    t.paid_at = row["paid_at"].as<std::int64_t>();
    t.created = db::text(row["created"]);
    return t;
}

std::optional<Trade> first_trade(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    return trade_of(r[0]);
}

}  // namespace

const db::Statement kInsert{"paysim_trades_insert", R"sql(
    INSERT INTO paysim.trades (channel, merchant_id, order_no, amount_fen, currency, subject, notify_url,
                               return_url, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9))
    ON CONFLICT (channel, merchant_id, order_no) DO NOTHING
)sql", kPaysim};
Trade record_and_lock(pqxx::transaction_base& tx, const NewTrade& t) {
    kInsert(tx, t.key.channel, t.key.merchant_id, t.key.order_no, t.amount_fen, t.currency, t.subject, t.notify_url,
            t.return_url, t.expires_at);
    auto locked = lock(tx, t.key);
    if (!locked) throw std::logic_error("paysim: the trade just recorded is missing");
    return *locked;
}

const db::Statement kLock{"paysim_trades_lock", select_trade(R"sql(
    FROM paysim.trades t WHERE t.channel = $1 AND t.merchant_id = $2 AND t.order_no = $3 FOR UPDATE
)sql"), kPaysim};
std::optional<Trade> lock(pqxx::transaction_base& tx, const Key& key) {
    return first_trade(kLock(tx, key.channel, key.merchant_id, key.order_no));
}

const db::Statement kFind{"paysim_trades_find", select_trade(R"sql(
    FROM paysim.trades t WHERE t.channel = $1 AND t.merchant_id = $2 AND t.order_no = $3
)sql"), kPaysim};
std::optional<Trade> find(pqxx::transaction_base& tx, const Key& key) {
    return first_trade(kFind(tx, key.channel, key.merchant_id, key.order_no));
}

const db::Statement kTombstone{"paysim_trades_tombstone", R"sql(
    INSERT INTO paysim.trades (channel, merchant_id, order_no, status) VALUES ($1, $2, $3, 'closed')
    ON CONFLICT (channel, merchant_id, order_no) DO NOTHING
)sql", kPaysim};
bool insert_tombstone(pqxx::transaction_base& tx, const Key& key) {
    return kTombstone(tx, key.channel, key.merchant_id, key.order_no).affected_rows() == 1;
}

const db::Statement kPaid{"paysim_trades_paid", R"sql(
    UPDATE paysim.trades SET status = 'paid', trade_no = $2, paid_at = date_trunc('second', now())
    WHERE id = $1 AND status = 'created' RETURNING extract(epoch FROM paid_at)::bigint
)sql", kPaysim};
std::int64_t mark_paid(pqxx::transaction_base& tx, std::int64_t trade_id, const std::string& trade_no) {
    const auto r = kPaid(tx, trade_id, trade_no);
    if (r.empty()) throw std::logic_error("paysim: only a created trade can be paid");
    return r[0][0].as<std::int64_t>();
}

const db::Statement kClosed{"paysim_trades_closed", R"sql(
    UPDATE paysim.trades SET status = 'closed' WHERE id = $1 AND status = 'created'
)sql", kPaysim};
void mark_closed(pqxx::transaction_base& tx, std::int64_t trade_id) { kClosed(tx, trade_id); }

const db::Statement kAddNotification{"paysim_notifications_add", R"sql(
    INSERT INTO paysim.notifications (trade_id, notify_id, url, body, due_at, next_attempt_at)
    VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), now() + make_interval(secs => $5))
)sql", kPaysim};
void add_notification(pqxx::transaction_base& tx, const NewNotification& n) {
    kAddNotification(tx, n.trade_id, n.notify_id, n.url, n.body, n.delay_seconds);
}

const db::Statement kClaimDue{"paysim_notifications_claim_due", R"sql(
    SELECT n.id, t.channel, n.url, n.body, n.attempts
    FROM paysim.notifications n JOIN paysim.trades t ON t.id = n.trade_id
    WHERE n.acknowledged_at IS NULL AND n.next_attempt_at <= now() AND n.attempts < $2
    ORDER BY n.next_attempt_at, n.id LIMIT $1 FOR UPDATE OF n SKIP LOCKED
)sql", kPaysim};
std::vector<Due> claim_due(pqxx::transaction_base& tx, int limit, int max_attempts) {
    std::vector<Due> out;
    for (const auto& row : kClaimDue(tx, limit, max_attempts))
        out.push_back(Due{row["id"].as<std::int64_t>(), db::text(row["channel"]), db::text(row["url"]),
                          db::text(row["body"]), row["attempts"].as<int>()});
    return out;
}

const db::Statement kAttempt{"paysim_notifications_attempt", R"sql(
    UPDATE paysim.notifications SET attempts = attempts + 1, last_status = NULLIF($2, 0), last_answer = $3,
      acknowledged_at = CASE WHEN $4 THEN now() END,
      next_attempt_at = CASE WHEN $4 THEN next_attempt_at ELSE now() + make_interval(secs => $5) END
    WHERE id = $1
)sql", kPaysim};
void record_attempt(pqxx::transaction_base& tx, std::int64_t id, long status, const std::string& answer,
                    bool acknowledged, int retry_seconds) {
    kAttempt(tx, id, status, answer, acknowledged, retry_seconds);
}

const db::Statement kNewest{"paysim_trades_newest", R"sql(
    WITH newest AS (SELECT * FROM paysim.trades ORDER BY created_at DESC, id DESC LIMIT $1)
)sql" + select_trade(R"sql(,
      n.notify_id, n.attempts, n.last_status, n.last_answer, n.acknowledged_at IS NOT NULL AS acknowledged,
      to_char(n.next_attempt_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS next_attempt
    FROM newest t LEFT JOIN paysim.notifications n ON n.trade_id = t.id
    ORDER BY t.created_at DESC, t.id DESC, n.id
)sql"), kPaysim};
std::vector<Listed> newest(pqxx::transaction_base& tx, int limit) {
    std::vector<Listed> out;
    for (const auto& row : kNewest(tx, limit)) {
        const auto id = row["id"].as<std::int64_t>();
        if (out.empty() || out.back().trade.id != id) out.push_back(Listed{trade_of(row), {}});
        if (row["notify_id"].is_null()) continue;
        ListedNotification n;
        n.notify_id = db::text(row["notify_id"]);
        n.attempts = row["attempts"].as<int>();
        if (!row["last_status"].is_null()) n.last_status = row["last_status"].as<long>();
        n.last_answer = db::text(row["last_answer"]);
        n.acknowledged = row["acknowledged"].as<bool>();
        n.next_attempt = db::text(row["next_attempt"]);
        out.back().notifications.push_back(std::move(n));
    }
    return out;
}

}  // namespace zk::store::paysim_trades
