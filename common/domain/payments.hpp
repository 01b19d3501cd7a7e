// payments.hpp: 毕业申请支付 (PAY-1 … PAY-4) as the pay module, /apply/status and
// zikao-ctl reconcile share it: who may pay and how much (standing), creating an order,
// choosing its channel, and settling what a provider says — the one place that marks an
// order paid and moves the application to 已支付.
//
// Who may pay: the examinee's latest application of the current batch has passed 系统审核
// or 县区招办预审 (prereview_passed) AND its graduation photo is verified. The fee is the sum
// of the fees of the chosen majors (store::settings::fee_for), in 分; without a fee for
// every major no order can be made.
//
// Settling (settle): a provider's message is stored as received with what was decided, in
// the transaction that applies it. It pays an order only when it is signed by the
// channel's key, names this system's merchant id at that channel, names an open order of
// this system that was sent to that channel, and agrees with it on the amount and the
// currency; and its trade number has not paid another order. Then, under the order's row
// lock, the order becomes paid and the application 已支付. The same payment again is a
// duplicate (acknowledged, nothing changes); anything else is an alarm: stored, logged as
// an error, never applied. A notification older than two days or from the future is a
// replay; the same notify_id with another body is one too.
// SECURITY: nothing from the browser pays anything: the return from the provider only
// reads. Examinee-facing functions take the examinee id from the session.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/db.hpp"
#include "common/domain/graduation.hpp"
#include "common/domain/payment_provider.hpp"
#include "common/store/payment_orders.hpp"

namespace zk::payments {

using Order = store::payment_orders::Order;

// Where the examinee stands with paying.
struct Standing {
    enum class Gate {
        NoWindow,          // no current batch with a 毕业申请 window
        NoApplication,     // nothing applied in this batch
        NotSubmitted,      // a draft
        PhotoNotVerified,  // submitted, graduation photo not verified yet
        InReview,          // photo verified, 系统审核 / 预审 not passed yet
        ReviewFailed,      // 预审未通过
        NoFee,             // allowed, but no fee set for a chosen major
        Allowed,           // may create an order / pay the open one
        Paid,              // paid (or later in the process)
    } gate = Gate::NoWindow;
    std::optional<graduation::Application> application;
    std::string office;              // the county's name (预审 by …招办)
    std::optional<std::int64_t> fee_fen;
    std::vector<Order> orders;       // newest first
    std::optional<Order> open, paid;
    std::vector<graduation::ChosenMajor> majors;  // of the application, as read for the fee
    // Why the examinee cannot pay (empty when Allowed or Paid), in Chinese.
    std::string reason() const;
};
Standing standing(pqxx::transaction_base& tx, std::int64_t examinee_id);
// The same for an application the caller has read already (the 毕业申请信息详情 page), of
// `batch_id`, with its county's name `office` ("" when unknown).
Standing standing_of(pqxx::transaction_base& tx, const graduation::Application& application, int batch_id,
                     const std::string& office);

// The default and the configuration key of how long an unpaid order stays open.
inline constexpr int kDefaultOrderMinutes = 30;
int order_minutes(const Config& config);

// 创建订单 under the application's row lock. Created: the new order. Otherwise `refusal`
// says why (an open order exists: `existing` is it).
struct Creation {
    std::optional<Order> created, existing;
    std::string refusal;
    int status = 200;
};
Creation create_order(pqxx::transaction_base& tx, std::int64_t examinee_id, int minutes);

// What settle decided.
struct Outcome {
    std::string outcome;     // payment_messages.outcome
    bool accepted = false;   // acknowledge as the channel expects (false: ask for it again)
    bool applied() const { return outcome == "applied"; }
    bool alarm() const;
};

// A notification POSTed to /pay/notify/<channel_code> (the channel as the URL named it).
Outcome settle_notification(pqxx::transaction_base& tx, const payment::Provider& provider,
                            const std::string& channel_code, const std::string& body);
// The answer to a query or close (source "query" / "close") that this system asked the
// provider about `order` with `nonce`.
Outcome settle_answer(pqxx::transaction_base& tx, const payment::Provider& provider, const std::string& source,
                      const Order& order, const std::string& nonce, const payment::Exchange& exchange);

// What a query or close found for one order.
struct Finished {
    enum class Result { Paid, Closed, StillOpen, Unavailable } result = Result::StillOpen;
    std::string detail;
};
// Asks the provider about an open order and settles the answer: paid when the provider
// says so; when `close` (the examinee's 取消订单, or an expired order), closes it at the
// provider and here (reason cancelled / expired). An order never sent to a provider is
// closed here only. Runs its own short transactions: the provider is not asked while a
// row is locked.
Finished finish(db::Database& db, const payment::Provider* provider, const Order& order, bool close,
                const std::string& close_reason);

// zikao-ctl reconcile: finish() every unfinished order (those sent to a provider are
// queried; expired ones are closed). Counts of what happened.
struct Reconciled {
    int looked_at = 0, paid = 0, closed = 0, still_open = 0, unavailable = 0;
};
Reconciled reconcile(db::Database& db, const payment::Provider* provider);

// 支付状态 as the examinee reads it: 支付成功, 待支付, 已关闭（已过期/已取消）.
std::string status_text(const Order& o);

}  // namespace zk::payments
