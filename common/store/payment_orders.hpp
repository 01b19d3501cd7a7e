// payment_orders.hpp: 毕业申请支付 orders and the providers' messages about them
// (migration 0009_payments.sql). Every change of an order is one conditional UPDATE …
// WHERE status = 'open', so of two concurrent requests only one changes it; the partial
// unique indexes keep one open and one paid order per application.
// Times come out as China time text (YYYY-MM-DD HH:MM:SS).
// SECURITY: trusts its callers (common/domain/payments) for who may act on an order; the
// examinee-facing reads take the examinee id and return nothing of anyone else's.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::payment_orders {

struct Order {
    std::int64_t id = 0, application_id = 0, examinee_id = 0;
    std::string order_no;
    std::int64_t amount_fen = 0;
    std::string currency;
    std::string status;   // open | paid | closed
    std::string channel;  // "" until 确认支付
    std::string created_at, expires_at, paid_at, closed_at;
    std::int64_t expires_epoch = 0;
    bool expired = false;  // now() >= expires_at
    std::string trade_no, paid_via, close_reason;
};

// A new open order; nullopt when the application already has an open order or the order
// number is taken (the caller looks again).
std::optional<Order> create(pqxx::transaction_base& tx, const std::string& order_no, std::int64_t application_id,
                            std::int64_t examinee_id, std::int64_t amount_fen, int minutes);

std::optional<Order> open_for_application(pqxx::transaction_base& tx, std::int64_t application_id);
std::optional<Order> paid_for_application(pqxx::transaction_base& tx, std::int64_t application_id);
// Every order of the application, newest first.
std::vector<Order> for_application(pqxx::transaction_base& tx, std::int64_t application_id);
// The examinee's order `order_no`, nullopt when it is not theirs.
std::optional<Order> of_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& order_no);
// Every order of the examinee, newest first (订单查询).
std::vector<Order> for_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id);
// The order, locked FOR UPDATE until the transaction ends.
std::optional<Order> lock(pqxx::transaction_base& tx, const std::string& order_no);

// 确认支付: the channel of an open, unexpired order without one. False otherwise.
bool choose_channel(pqxx::transaction_base& tx, std::int64_t order_id, const std::string& channel);
// open → paid. False when it was not open.
bool mark_paid(pqxx::transaction_base& tx, std::int64_t order_id, const std::string& trade_no,
               std::int64_t paid_at_epoch, const std::string& via);
// open → closed (reason expired | cancelled). False when it was not open.
bool close(pqxx::transaction_base& tx, std::int64_t order_id, const std::string& reason);
// The order number a provider's trade number already paid, if any.
std::optional<std::string> order_of_trade(pqxx::transaction_base& tx, const std::string& channel,
                                          const std::string& trade_no);
// Open orders a reconciliation must look at: those sent to a provider, and expired ones.
std::vector<Order> unfinished(pqxx::transaction_base& tx, int limit);

// ---- the providers' messages ----

struct Message {
    std::string source;  // notification | query | close
    std::string channel;
    std::string body;
    std::string notify_id, order_no;
    std::optional<std::int64_t> order_id;
    std::string outcome, detail;
};
std::int64_t record(pqxx::transaction_base& tx, const Message& m);
// The body of the newest earlier message with this notify_id on this channel.
std::optional<std::string> earlier_body(pqxx::transaction_base& tx, const std::string& channel,
                                        const std::string& notify_id);
struct Recorded {
    std::string received_at, source, outcome, detail;
};
// The messages about an order, oldest first (the back office's detail page).
std::vector<Recorded> messages_of(pqxx::transaction_base& tx, std::int64_t order_id);

// ---- the finance office's export ----

struct PaidRow {
    std::string order_no, channel, trade_no, paid_at, settled_at, paid_via;
    std::int64_t amount_fen = 0;
    std::string ticket_no, name, county_code, county_name, batch_name;
    std::int64_t application_id = 0;
};
std::vector<PaidRow> paid(pqxx::transaction_base& tx);

}  // namespace zk::store::payment_orders
