// payment_orders.cpp: see payment_orders.hpp.
#include "common/store/payment_orders.hpp"

#include "common/base/db.hpp"

namespace zk::store::payment_orders {
namespace {

std::string at(const char* column) {
    return std::string("to_char(") + column + " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')";
}

const std::string kColumns =
    "SELECT o.id, o.order_no, o.application_id, o.examinee_id, o.amount_fen, o.currency, o.status, "
    "coalesce(o.channel, ''), " + at("o.created_at") + ", " + at("o.expires_at") + ", coalesce(" + at("o.paid_at") +
    ", ''), coalesce(" + at("o.closed_at") + ", ''), extract(epoch FROM o.expires_at)::bigint, "
    "now() >= o.expires_at, coalesce(o.trade_no, ''), coalesce(o.paid_via, ''), coalesce(o.close_reason, '') "
    "FROM payment_orders o ";

Order order_of(const pqxx::row& r) {
    Order o;
    o.id = r[0].as<std::int64_t>();
    o.order_no = r[1].as<std::string>();
    o.application_id = r[2].as<std::int64_t>();
    o.examinee_id = r[3].as<std::int64_t>();
    o.amount_fen = r[4].as<std::int64_t>();
    o.currency = r[5].as<std::string>();
    o.status = r[6].as<std::string>();
    o.channel = r[7].as<std::string>();
    o.created_at = r[8].as<std::string>();
    o.expires_at = r[9].as<std::string>();
    o.paid_at = r[10].as<std::string>();
    o.closed_at = r[11].as<std::string>();
    o.expires_epoch = r[12].as<std::int64_t>();
    o.expired = r[13].as<bool>();
    o.trade_no = r[14].as<std::string>();
    o.paid_via = r[15].as<std::string>();
    o.close_reason = r[16].as<std::string>();
    return o;
}

std::optional<Order> first(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    return order_of(r[0]);
}

std::vector<Order> all(const pqxx::result& r) {
    std::vector<Order> out;
    for (const auto& row : r) out.push_back(order_of(row));
    return out;
}

}  // namespace

const db::Statement kCreate{"payment_orders_create",
    "WITH made AS (INSERT INTO payment_orders (order_no, application_id, examinee_id, amount_fen, expires_at) "
    "  VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5)) ON CONFLICT DO NOTHING RETURNING id) "
    "SELECT id FROM made"};
const db::Statement kById{"payment_orders_by_id", kColumns + "WHERE o.id = $1"};
std::optional<Order> create(pqxx::transaction_base& tx, const std::string& order_no, std::int64_t application_id,
                            std::int64_t examinee_id, std::int64_t amount_fen, int minutes) {
    const auto r = kCreate(tx, order_no, application_id, examinee_id, amount_fen, minutes);
    if (r.empty()) return std::nullopt;
    return first(kById(tx, r[0][0].as<std::int64_t>()));
}

const db::Statement kOpenFor{"payment_orders_open_for", kColumns + "WHERE o.application_id = $1 AND o.status = 'open'"};
std::optional<Order> open_for_application(pqxx::transaction_base& tx, std::int64_t application_id) {
    return first(kOpenFor(tx, application_id));
}

const db::Statement kPaidFor{"payment_orders_paid_for", kColumns + "WHERE o.application_id = $1 AND o.status = 'paid'"};
std::optional<Order> paid_for_application(pqxx::transaction_base& tx, std::int64_t application_id) {
    return first(kPaidFor(tx, application_id));
}

const db::Statement kForApplication{"payment_orders_for_application",
    kColumns + "WHERE o.application_id = $1 ORDER BY o.created_at DESC, o.id DESC"};
std::vector<Order> for_application(pqxx::transaction_base& tx, std::int64_t application_id) {
    return all(kForApplication(tx, application_id));
}

const db::Statement kOfExaminee{"payment_orders_of_examinee",
    kColumns + "WHERE o.examinee_id = $1 AND o.order_no = $2"};
std::optional<Order> of_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& order_no) {
    return first(kOfExaminee(tx, examinee_id, order_no));
}

const db::Statement kForExaminee{"payment_orders_for_examinee",
    kColumns + "WHERE o.examinee_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT 100"};
std::vector<Order> for_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    return all(kForExaminee(tx, examinee_id));
}

const db::Statement kLock{"payment_orders_lock", kColumns + "WHERE o.order_no = $1 FOR UPDATE"};
std::optional<Order> lock(pqxx::transaction_base& tx, const std::string& order_no) {
    return first(kLock(tx, order_no));
}

const db::Statement kChooseChannel{"payment_orders_choose_channel",
    "UPDATE payment_orders SET channel = $2, channel_chosen_at = now() "
    "WHERE id = $1 AND status = 'open' AND channel IS NULL AND now() < expires_at"};
bool choose_channel(pqxx::transaction_base& tx, std::int64_t order_id, const std::string& channel) {
    return kChooseChannel(tx, order_id, channel).affected_rows() == 1;
}

const db::Statement kMarkPaid{"payment_orders_mark_paid",
    "UPDATE payment_orders SET status = 'paid', trade_no = $2, paid_at = to_timestamp($3), paid_via = $4, "
    "  settled_at = now() WHERE id = $1 AND status = 'open' AND channel IS NOT NULL"};
bool mark_paid(pqxx::transaction_base& tx, std::int64_t order_id, const std::string& trade_no,
               std::int64_t paid_at_epoch, const std::string& via) {
    return kMarkPaid(tx, order_id, trade_no, paid_at_epoch, via).affected_rows() == 1;
}

const db::Statement kClose{"payment_orders_close",
    "UPDATE payment_orders SET status = 'closed', closed_at = now(), close_reason = $2 "
    "WHERE id = $1 AND status = 'open'"};
bool close(pqxx::transaction_base& tx, std::int64_t order_id, const std::string& reason) {
    return kClose(tx, order_id, reason).affected_rows() == 1;
}

const db::Statement kOrderOfTrade{"payment_orders_order_of_trade",
    "SELECT order_no FROM payment_orders WHERE channel = $1 AND trade_no = $2"};
std::optional<std::string> order_of_trade(pqxx::transaction_base& tx, const std::string& channel,
                                          const std::string& trade_no) {
    const auto r = kOrderOfTrade(tx, channel, trade_no);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

const db::Statement kUnfinished{"payment_orders_unfinished",
    kColumns + "WHERE o.status = 'open' AND (o.channel IS NOT NULL OR o.expires_at <= now()) "
               "ORDER BY o.created_at LIMIT $1"};
std::vector<Order> unfinished(pqxx::transaction_base& tx, int limit) { return all(kUnfinished(tx, limit)); }

// ---- messages ----

const db::Statement kRecord{"payment_orders_record_message",
    "INSERT INTO payment_messages (source, channel, body, notify_id, order_no, order_id, outcome, detail) "
    "VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), NULLIF($6::bigint, 0), $7, $8) RETURNING id"};
std::int64_t record(pqxx::transaction_base& tx, const Message& m) {
    const pqxx::binarystring body(m.body.data(), m.body.size());
    const std::string detail = m.detail.size() > 500 ? m.detail.substr(0, 500) : m.detail;
    return kRecord(tx, m.source, m.channel.substr(0, 32), body, m.notify_id, m.order_no, m.order_id.value_or(0), m.outcome, detail)[0][0]
        .as<std::int64_t>();
}

const db::Statement kEarlierBody{"payment_orders_earlier_body",
    "SELECT body FROM payment_messages WHERE channel = $1 AND notify_id = $2 ORDER BY id DESC LIMIT 1"};
std::optional<std::string> earlier_body(pqxx::transaction_base& tx, const std::string& channel,
                                        const std::string& notify_id) {
    const auto r = kEarlierBody(tx, channel, notify_id);
    if (r.empty()) return std::nullopt;
    return pqxx::binarystring(r[0][0]).str();
}

const db::Statement kMessagesOf{"payment_orders_messages_of",
    "SELECT " + at("received_at") + ", source, outcome, detail FROM payment_messages WHERE order_id = $1 ORDER BY id"};
std::vector<Recorded> messages_of(pqxx::transaction_base& tx, std::int64_t order_id) {
    std::vector<Recorded> out;
    for (const auto& r : kMessagesOf(tx, order_id))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()});
    return out;
}

const db::Statement kPaid{"payment_orders_paid",
    "SELECT o.order_no, o.channel, o.trade_no, " + at("o.paid_at") + ", " + at("o.settled_at") + ", o.paid_via, "
    "  o.amount_fen, coalesce(e.ticket_no, ''), e.name, coalesce(a.county_code, ''), coalesce(c.name, ''), b.name, "
    "  a.id "
    "FROM payment_orders o JOIN applications a ON a.id = o.application_id JOIN examinees e ON e.id = o.examinee_id "
    "JOIN batches b ON b.id = a.batch_id LEFT JOIN counties c ON c.code = a.county_code "
    "WHERE o.status = 'paid' ORDER BY o.paid_at, o.id"};
std::vector<PaidRow> paid(pqxx::transaction_base& tx) {
    std::vector<PaidRow> out;
    for (const auto& r : kPaid(tx)) {
        PaidRow p;
        p.order_no = r[0].as<std::string>();
        p.channel = r[1].as<std::string>();
        p.trade_no = r[2].as<std::string>();
        p.paid_at = r[3].as<std::string>();
        p.settled_at = r[4].as<std::string>();
        p.paid_via = r[5].as<std::string>();
        p.amount_fen = r[6].as<std::int64_t>();
        p.ticket_no = r[7].as<std::string>();
        p.name = r[8].as<std::string>();
        p.county_code = r[9].as<std::string>();
        p.county_name = r[10].as<std::string>();
        p.batch_name = r[11].as<std::string>();
        p.application_id = r[12].as<std::int64_t>();
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace zk::store::payment_orders
