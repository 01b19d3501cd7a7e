// payments.cpp: see payments.hpp.
#include "common/domain/payments.hpp"

#include <cstdio>
#include <ctime>

#include "common/base/crypto.hpp"
#include "common/base/log.hpp"
#include "common/domain/graduation_photo.hpp"
#include "common/store/application_reviews.hpp"
#include "common/store/reference.hpp"
#include "common/store/settings.hpp"

namespace zk::payments {

namespace orders = store::payment_orders;
using payment::Checked;

namespace {

// A replayed notification: older than the providers' retry period, or from the future.
constexpr std::int64_t kOldestNotificationSeconds = 2 * 24 * 3600;
constexpr std::int64_t kClockSkewSeconds = 600;

bool passed_review(const std::string& s) { return s == "prereview_passed"; }
bool paid_or_later(const std::string& s) {
    return s == "paid" || s == "regform_filled" || s == "materials_returned" || s == "approved" || s == "rejected";
}

// A new 商户订单号: ZK, the China-time date and time to the second, 4 random digits.
std::string new_order_no() {
    const std::string random = crypto::random_bytes(4);
    unsigned value = 0;
    for (unsigned char c : random) value = value * 256 + c;
    char digits[5];
    std::snprintf(digits, sizeof digits, "%04u", value % 10000);
    // China has one time zone without daylight saving: UTC+8.
    const std::time_t china = std::time(nullptr) + 8 * 3600;
    std::tm t{};
    gmtime_r(&china, &t);
    char when[16];
    std::strftime(when, sizeof when, "%Y%m%d%H%M%S", &t);
    return std::string("ZK") + when + digits;
}

std::string field(const payment::Fields& f, const char* name) {
    const auto it = f.find(name);
    return it == f.end() ? std::string() : it->second.substr(0, 64);
}

// Stores the message with its outcome and logs an alarm when it is one.
Outcome decide(pqxx::transaction_base& tx, orders::Message m, std::string outcome, bool accepted, std::string detail) {
    m.outcome = std::move(outcome);
    m.detail = std::move(detail);
    const std::int64_t id = orders::record(tx, m);
    Outcome o{m.outcome, accepted};
    if (o.alarm()) {
        log::error("pay.alarm", {{"message_id", std::to_string(id)},
                                 {"source", m.source},
                                 {"channel", m.channel.substr(0, 32)},
                                 {"order_no", m.order_no},
                                 {"outcome", m.outcome},
                                 {"detail", m.detail}});
    } else {
        log::info("pay.message", {{"message_id", std::to_string(id)},
                                  {"source", m.source},
                                  {"order_no", m.order_no},
                                  {"outcome", m.outcome}});
    }
    return o;
}

// The common part of a notification and an answer: `paid` was verified as the provider's
// word that the order was paid. Applies it or says why not.
Outcome apply_paid(pqxx::transaction_base& tx, const payment::Provider& provider, orders::Message m,
                   const payment::Paid& paid, const std::string& via) {
    const std::string channel = payment::code_of(paid.channel);
    if (paid.merchant_id != provider.merchant_id(paid.channel))
        return decide(tx, m, "wrong_merchant", true, "merchant_id " + paid.merchant_id.substr(0, 32) + " is not ours");
    const auto order = orders::lock(tx, paid.order_no);
    if (!order) return decide(tx, m, "unknown_order", true, "no such order");
    m.order_id = order->id;
    if (order->status == "paid") {
        if (order->channel == channel && order->trade_no == paid.trade_no && order->amount_fen == paid.amount_fen)
            return decide(tx, m, "duplicate", true, "");
        return decide(tx, m, "mismatch", true, "a second payment for an order already paid by " + order->trade_no);
    }
    if (order->status == "closed")
        return decide(tx, m, "order_closed", true, "paid at the provider after the order was closed (" + order->close_reason + ")");
    if (paid.currency != order->currency)
        return decide(tx, m, "mismatch", true, "currency " + paid.currency + ", order " + order->currency);
    if (paid.amount_fen != order->amount_fen)
        return decide(tx, m, "mismatch", true,
                      "amount " + std::to_string(paid.amount_fen) + " 分, order " + std::to_string(order->amount_fen) + " 分");
    if (order->channel != channel)
        return decide(tx, m, "mismatch", true,
                      "paid through " + channel + ", order sent to " + (order->channel.empty() ? "none" : order->channel));
    if (const auto other = orders::order_of_trade(tx, channel, paid.trade_no))
        return decide(tx, m, "mismatch", true, "trade " + paid.trade_no + " already paid order " + *other);
    const auto status = store::applications::lock_status(tx, order->application_id);
    if (!status || !passed_review(*status) || !graduation_photo::verified(tx, order->application_id))
        return decide(tx, m, "mismatch", true, "the application is " + status.value_or("missing") + ", not payable");
    if (!orders::mark_paid(tx, order->id, paid.trade_no, paid.paid_at, via) ||
        !store::application_reviews::system_paid(tx, order->application_id, "支付成功，订单号 " + order->order_no))
        throw std::runtime_error("payment of " + order->order_no + " could not be applied");
    return decide(tx, m, "applied", true, "");
}

}  // namespace

// ---- standing -----------------------------------------------------------------------------

std::string Standing::reason() const {
    switch (gate) {
        case Gate::NoWindow: return "当前没有毕业申请批次，无需支付。";
        case Gate::NoApplication: return "您在本批次尚未进行毕业申请，无需支付。";
        case Gate::NotSubmitted: return "毕业申请尚未提交，提交并通过审核后方可支付。";
        case Gate::PhotoNotVerified:
            return "毕业照片尚未认证通过：请先完成毕业证书电子注册图像采集，认证通过且系统审核或县区招办预审通过后方可支付。";
        case Gate::InReview:
            return "毕业申请尚未通过系统审核或" + office + "招办预审，通过后方可支付，请及时关注审批进度。";
        case Gate::ReviewFailed: return office + "招办预审未通过，不能支付；可在规定时间内重新申请一次。";
        case Gate::NoFee: return "毕业申请收费标准尚未公布，暂不能支付，请稍后再试。";
        case Gate::Allowed:
        case Gate::Paid: return "";
    }
    return "";
}

Standing standing(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    const auto w = graduation::window(tx);
    if (!w) return Standing{};
    const auto app = graduation::latest_application(tx, examinee_id, w->batch_id);
    if (!app) {
        Standing s;
        s.gate = Standing::Gate::NoApplication;
        return s;
    }
    return standing_of(tx, *app, w->batch_id, store::reference::county_name(tx, app->county_code));
}

Standing standing_of(pqxx::transaction_base& tx, const graduation::Application& app, int batch_id,
                     const std::string& office) {
    using Gate = Standing::Gate;
    Standing s;
    s.application = app;
    s.office = office.empty() ? "县（市、区）" : office;
    s.orders = orders::for_application(tx, app.id);
    for (const auto& o : s.orders) {
        if (o.status == "open") s.open = o;
        if (o.status == "paid") s.paid = o;
    }
    s.majors = graduation::chosen_majors(tx, app.id);
    std::optional<std::int64_t> total = 0;
    for (const auto& m : s.majors) {
        const auto fee = m.major_id ? store::settings::fee_for(tx, batch_id, m.major_id) : std::nullopt;
        total = fee && total ? std::optional<std::int64_t>(*total + *fee) : std::nullopt;
    }
    if (total && *total > 0) s.fee_fen = total;
    const bool photo = app.status != "draft" && graduation_photo::verified(tx, app.id);
    if (paid_or_later(app.status) || s.paid) s.gate = Gate::Paid;
    else if (app.status == "draft") s.gate = Gate::NotSubmitted;
    else if (app.status == "prereview_failed") s.gate = Gate::ReviewFailed;
    else if (!photo) s.gate = Gate::PhotoNotVerified;
    else if (!passed_review(app.status)) s.gate = Gate::InReview;
    else if (!s.fee_fen && !s.open) s.gate = Gate::NoFee;
    else s.gate = Gate::Allowed;
    return s;
}

int order_minutes(const Config& config) {
    const long m = config.get_int("pay_order_minutes", kDefaultOrderMinutes);
    if (m < 5 || m > 24 * 60) throw ConfigError("pay_order_minutes must be between 5 and 1440");
    return static_cast<int>(m);
}

Creation create_order(pqxx::transaction_base& tx, std::int64_t examinee_id, int minutes) {
    Creation c;
    const auto w = graduation::window(tx);
    // The row lock makes two 创建订单 of one examinee take turns: the second sees the first's order.
    if (w) store::applications::lock_latest(tx, examinee_id, w->batch_id);
    const Standing s = standing(tx, examinee_id);
    if (s.gate == Standing::Gate::Paid) {
        c.refusal = "您的毕业申请已支付成功，无需再次支付。";
        c.status = 409;
        return c;
    }
    if (s.gate != Standing::Gate::Allowed) {
        c.refusal = s.reason();
        c.status = 403;
        return c;
    }
    if (s.open) {
        c.existing = s.open;
        c.refusal = "您已有未完成的订单（商户订单号：" + s.open->order_no + "），请继续支付或取消该订单后再创建新订单。";
        c.status = 409;
        return c;
    }
    for (int attempt = 0; attempt < 5 && !c.created; ++attempt)
        c.created = orders::create(tx, new_order_no(), s.application->id, examinee_id, *s.fee_fen, minutes);
    if (!c.created) throw std::runtime_error("no free order number after 5 attempts");
    log::info("pay.order_created", {{"order_no", c.created->order_no}, {"amount_fen", std::to_string(*s.fee_fen)}});
    return c;
}

// ---- settling -----------------------------------------------------------------------------

bool Outcome::alarm() const { return outcome != "applied" && outcome != "duplicate" && outcome != "not_paid"; }

Outcome settle_notification(pqxx::transaction_base& tx, const payment::Provider& provider,
                            const std::string& channel_code, const std::string& body) {
    orders::Message m{"notification", channel_code, body, "", "", std::nullopt, "", ""};
    const auto channel = payment::channel_of(channel_code);
    if (!channel) return decide(tx, m, "malformed", false, "unknown channel in the URL");
    const Checked checked = provider.check_notification(*channel, body);
    m.notify_id = field(checked.fields, "notify_id");
    m.order_no = field(checked.fields, "order_no");
    if (checked.verdict == Checked::Verdict::Malformed) return decide(tx, m, "malformed", false, "not a message of the protocol");
    if (checked.verdict == Checked::Verdict::BadSignature)
        return decide(tx, m, "bad_signature", false, "signature does not verify with the channel's key");
    const auto n = payment::parse_notification(checked.fields);
    if (!n) return decide(tx, m, "malformed", true, "signed, but a field is missing or malformed");
    if (n->paid.channel != *channel)
        return decide(tx, m, "wrong_merchant", true, std::string("names channel ") + payment::code_of(n->paid.channel));
    if (const auto earlier = orders::earlier_body(tx, channel_code, n->notify_id); earlier && *earlier != body)
        return decide(tx, m, "replay", true, "notify_id seen before with another body");
    const std::int64_t now = std::time(nullptr);
    if (n->notify_time < now - kOldestNotificationSeconds || n->notify_time > now + kClockSkewSeconds)
        return decide(tx, m, "stale", true, "notify_time " + std::to_string(n->notify_time) + " outside the accepted period");
    if (n->trade_status != "SUCCESS") {
        if (const auto order = orders::lock(tx, n->paid.order_no)) m.order_id = order->id;
        return decide(tx, m, "not_paid", true, "trade_status " + n->trade_status);
    }
    return apply_paid(tx, provider, m, n->paid, "notification");
}

Outcome settle_answer(pqxx::transaction_base& tx, const payment::Provider& provider, const std::string& source,
                      const Order& order, const std::string& nonce, const payment::Exchange& exchange) {
    orders::Message m{source, order.channel, exchange.body, "", order.order_no, order.id, "", ""};
    if (exchange.checked.verdict == Checked::Verdict::Malformed) return decide(tx, m, "malformed", false, "answer is not a message of the protocol");
    if (exchange.checked.verdict == Checked::Verdict::BadSignature)
        return decide(tx, m, "bad_signature", false, "answer signature does not verify with the channel's key");
    const auto a = payment::parse_answer(exchange.checked.fields);
    if (!a) return decide(tx, m, "malformed", false, "signed answer with a missing or malformed field");
    if (a->nonce != nonce || a->paid.order_no != order.order_no || payment::code_of(a->paid.channel) != order.channel)
        return decide(tx, m, "replay", false, "the answer is not for this question (nonce, order or channel)");
    if (a->trade_state != "SUCCESS") {
        if (a->paid.merchant_id != provider.merchant_id(a->paid.channel))
            return decide(tx, m, "wrong_merchant", false, "merchant_id " + a->paid.merchant_id);
        return decide(tx, m, "not_paid", true, "trade_state " + a->trade_state);
    }
    return apply_paid(tx, provider, m, a->paid, "query");
}

// ---- finishing open orders ----------------------------------------------------------------

Finished finish(db::Database& db, const payment::Provider* provider, const Order& order, bool close,
                const std::string& close_reason) {
    using Result = Finished::Result;
    Finished f;
    if (order.channel.empty()) {
        if (!close) return f;
        const bool closed = db.write([&](pqxx::work& tx) { return orders::close(tx, order.id, close_reason); });
        f.result = closed ? Result::Closed : Result::StillOpen;
        return f;
    }
    if (!provider) {
        f.result = Result::Unavailable;
        f.detail = "online payment is not configured";
        return f;
    }
    const auto channel = payment::channel_of(order.channel);
    auto ask = [&](const char* source) -> std::optional<Outcome> {
        const std::string nonce = crypto::random_hex(16);
        payment::Exchange exchange;
        try {
            exchange = std::string(source) == "close" ? provider->close(*channel, order.order_no, nonce)
                                                      : provider->query(*channel, order.order_no, nonce);
        } catch (const payment::ProviderUnavailable& e) {
            f.result = Result::Unavailable;
            f.detail = e.what();
            log::warn("pay.provider_unavailable", {{"order_no", order.order_no}, {"what", e.what()}});
            return std::nullopt;
        }
        return db.write([&](pqxx::work& tx) { return settle_answer(tx, *provider, source, order, nonce, exchange); });
    };
    const auto queried = ask("query");
    if (!queried) return f;
    if (queried->applied() || queried->outcome == "duplicate") {
        f.result = Result::Paid;
        return f;
    }
    if (!queried->accepted) {  // the answer could not be trusted: leave the order as it is
        f.result = Result::Unavailable;
        f.detail = "query answer " + queried->outcome;
        return f;
    }
    if (!close) return f;
    const auto closed = ask("close");
    if (!closed) return f;
    if (closed->applied() || closed->outcome == "duplicate") {
        f.result = Result::Paid;
        return f;
    }
    if (closed->outcome != "not_paid") {
        f.result = Result::Unavailable;
        f.detail = "close answer " + closed->outcome;
        return f;
    }
    const bool done = db.write([&](pqxx::work& tx) { return orders::close(tx, order.id, close_reason); });
    f.result = done ? Result::Closed : Result::StillOpen;
    return f;
}

Reconciled reconcile(db::Database& db, const payment::Provider* provider) {
    Reconciled r;
    const auto open = db.read([](pqxx::nontransaction& tx) { return orders::unfinished(tx, 10000); });
    for (const auto& order : open) {
        ++r.looked_at;
        const Finished f = finish(db, provider, order, order.expired, "expired");
        switch (f.result) {
            case Finished::Result::Paid: ++r.paid; break;
            case Finished::Result::Closed: ++r.closed; break;
            case Finished::Result::StillOpen: ++r.still_open; break;
            case Finished::Result::Unavailable: ++r.unavailable; break;
        }
    }
    log::info("pay.reconciled", {{"looked_at", std::to_string(r.looked_at)},
                                 {"paid", std::to_string(r.paid)},
                                 {"closed", std::to_string(r.closed)},
                                 {"still_open", std::to_string(r.still_open)},
                                 {"unavailable", std::to_string(r.unavailable)}});
    return r;
}

std::string status_text(const Order& o) {
    if (o.status == "paid") return "支付成功";
    if (o.status == "closed") return o.close_reason == "cancelled" ? "已关闭（已取消）" : "已关闭（已过期）";
    if (o.expired) return "已过期";
    return o.channel.empty() ? "待支付" : "支付处理中";
}

}  // namespace zk::payments
