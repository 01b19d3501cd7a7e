// checkout.cpp: the sandbox's cashier page. The merchant (/pay's 确认支付) sends the browser
// to GET /pay-sim/checkout?<signed checkout>; the page shows the order and lets the
// developer pay or cancel, and choose what happens to the asynchronous notification: sent
// at once, after 10 seconds, or never (a lost notification, which the merchant's query
// must then discover). 支付 posts the signed checkout back with the choice: nothing is
// kept between the two requests but the trade itself, and the POST checks the signature
// again.
// SECURITY: only a checkout signed with the merchant's key records a trade. Paying is one
// transaction under the trade's row lock, so a double click pays once; the notification
// body is signed with the channel's key and stored as built.
#include "modules/paysim/handlers.hpp"

#include <ctime>

#include "common/base/crypto.hpp"
#include "common/base/log.hpp"
#include "common/domain/money.hpp"
#include "modules/paysim/sandbox.hpp"

namespace zk::paysim {

namespace {
namespace trades = store::paysim_trades;

// What the trade of a checkout allows.
enum class State { Payable, Paid, Closed };

const char* const kInvalid = "支付请求无效：";

// The sandbox, or a 503 page when its keys are missing (the dev stack's keygen makes them).
const Sandbox* sandbox_or_fail(Context& ctx) {
    try {
        return &sandbox(ctx.app.config());
    } catch (const std::exception& e) {
        log::error("paysim.keys", {{"what", e.what()}});
        ctx.fail(503, "支付沙箱未配置密钥（zikao-ctl keygen --with-pay-sandbox），无法处理支付请求。");
        return nullptr;
    }
}

Checkout checkout_or_refuse(const Sandbox& s, std::string_view query) {
    try {
        return verified_checkout(s, query);
    } catch (const Rejected& r) {
        throw Refusal(400, kInvalid + std::string(r.what()));
    }
}

// The checkout's trade, recorded if it is new, locked; refused when the order number was
// checked out before with another amount.
trades::Trade record(pqxx::work& tx, const Checkout& c) {
    trades::Trade t = trades::record_and_lock(tx, c.trade);
    if (t.amount_fen && *t.amount_fen != c.trade.amount_fen)
        throw Refusal(400, kInvalid + std::string("该商户订单号已以不同的金额下单。"));
    return t;
}

State state_of(const trades::Trade& t) {
    if (t.status == "paid") return State::Paid;
    return t.live ? State::Payable : State::Closed;
}

// trade_no: the channel's prefix and 24 random hex digits ([A-Za-z0-9]{8,64}).
std::string new_trade_no(payment::Channel c) {
    const char* prefix = c == payment::Channel::UnionPay ? "UPSIM" : c == payment::Channel::Alipay ? "ALSIM" : "WXSIM";
    return prefix + crypto::random_hex(12);
}

void show(Context& ctx, const Checkout& c, State state, const std::string& request) {
    ctemplate::TemplateDictionary dict("paysim_checkout");
    dict.SetValue("CHANNEL_NAME", payment::name_of(c.channel));
    dict.SetValue("MERCHANT_ID", c.trade.key.merchant_id);
    dict.SetValue("ORDER_NO", c.trade.key.order_no);
    dict.SetValue("AMOUNT", money::format_yuan(c.trade.amount_fen));
    dict.SetValue("SUBJECT", c.trade.subject);
    dict.SetValue("EXPIRES", china_date_time(static_cast<long>(c.trade.expires_at)));
    dict.SetValue("RETURN_URL", c.trade.return_url);
    switch (state) {
        case State::Payable:
            dict.SetValueAndShowSection("REQUEST", request, "PAYABLE");
            break;
        case State::Paid: dict.ShowSection("PAID"); break;
        case State::Closed: dict.ShowSection("CLOSED"); break;
    }
    ctx.page(state == State::Closed ? 410 : 200, std::string(payment::name_of(c.channel)) + "（沙箱）",
             "paysim/checkout.tpl", dict);
}
}  // namespace

void show_checkout(Context& ctx) {
    if (refused_outside_development(ctx)) return;
    const Sandbox* s = sandbox_or_fail(ctx);
    if (!s) return;
    const Checkout c = checkout_or_refuse(*s, ctx.req.query);
    const State state = ctx.db.write([&](pqxx::work& tx) { return state_of(record(tx, c)); });
    show(ctx, c, state, ctx.req.query);
}

void submit_checkout(Context& ctx) {
    if (refused_outside_development(ctx)) return;
    const Sandbox* s = sandbox_or_fail(ctx);
    if (!s) return;
    const std::string request = ctx.req.form.value("request");
    const Checkout c = checkout_or_refuse(*s, request);
    const std::string action = ctx.req.form.value("action");
    if (action == "cancel") return ctx.res.redirect(c.trade.return_url);
    const std::string notify = ctx.req.form.value("notify");
    if (action != "pay" || (notify != "now" && notify != "delay" && notify != "lose"))
        throw Refusal(400, kInvalid + std::string("请选择支付或取消，以及异步通知方式。"));

    const State state = ctx.db.write([&](pqxx::work& tx) {
        const trades::Trade t = record(tx, c);
        const State before = state_of(t);
        if (before != State::Payable) return before;
        payment::Notification n;
        n.paid = {c.channel, t.key.merchant_id, t.key.order_no, new_trade_no(c.channel), c.trade.amount_fen, "CNY", 0};
        n.paid.paid_at = trades::mark_paid(tx, t.id, n.paid.trade_no);
        if (notify != "lose") {
            n.notify_id = crypto::random_hex(16);
            n.notify_time = static_cast<std::int64_t>(std::time(nullptr));
            n.trade_status = "SUCCESS";
            const std::string body =
                payment::encode(payment::signed_fields(payment::notification_fields(n), s->channel_key(c.channel)));
            trades::add_notification(tx, {t.id, n.notify_id, t.notify_url, body, notify == "delay" ? 10 : 0});
        }
        log::info("paysim.paid", {{"trade", std::to_string(t.id)}, {"channel", t.key.channel}, {"notify", notify}});
        return State::Paid;
    });
    // Paid now or before (a second click): back to the merchant, who learns of it from the
    // notification or its query.
    if (state == State::Paid) return ctx.res.redirect(c.trade.return_url);
    show(ctx, c, state, request);
}

}  // namespace zk::paysim
