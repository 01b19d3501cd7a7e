// api.cpp: the sandbox's server-to-server interface, what the merchant's adapter
// (payment_provider.cpp) calls: POST /pay-sim/query and POST /pay-sim/close, each a form
// of v channel merchant_id order_no nonce timestamp signed with the merchant's key. The
// answer is HTTP 200 application/x-www-form-urlencoded, signed with the channel's key,
// the nonce echoed:
//   query  SUCCESS (with trade_no amount_fen currency paid_at) | NOTPAY | CLOSED (closed,
//          or past expires_at) | NOT_FOUND
//   close  SUCCESS (a paid trade cannot be closed) | CLOSED (closed now, before, or an
//          order never seen: recorded as a closed tombstone, so a later checkout of that
//          order number is refused)
// A request that is malformed, not signed by the merchant, for another merchant id or
// too far from the sandbox's clock is answered HTTP 400 text/plain and changes nothing.
// SECURITY: CSRF-exempt (a server posts it), so the merchant's signature is the only
// authority: nothing is read or written before it has been checked.
#include <ctime>

#include "common/base/log.hpp"
#include "modules/paysim/handlers.hpp"
#include "modules/paysim/sandbox.hpp"

namespace zk::paysim {

namespace {
namespace trades = store::paysim_trades;

enum class Kind { Query, Close };

// The answer's state and payment fields from a trade (nullopt: none).
void describe(payment::Answer& a, const std::optional<trades::Trade>& t) {
    if (!t) {
        a.trade_state = "NOT_FOUND";
    } else if (t->status == "paid") {
        a.trade_state = "SUCCESS";
        a.paid.trade_no = t->trade_no;
        a.paid.amount_fen = t->amount_fen.value_or(0);
        a.paid.currency = t->currency;
        a.paid.paid_at = t->paid_at;
    } else {
        a.trade_state = t->live ? "NOTPAY" : "CLOSED";
    }
}

void serve(Context& ctx, Kind kind) {
    if (refused_outside_development(ctx)) return;
    const char* what = kind == Kind::Query ? "query" : "close";
    const Sandbox* s = nullptr;
    ServerRequest r;
    try {
        s = &sandbox(ctx.app.config());
        r = verified_server_request(*s, ctx.req.body, static_cast<std::int64_t>(std::time(nullptr)));
    } catch (const Rejected& e) {
        log::warn("paysim.request_rejected", {{"call", what}, {"why", e.what()}});
        return ctx.res.text(400, std::string("请求无效：") + e.what() + "\n");
    } catch (const payment::PaymentError& e) {
        log::error("paysim.keys", {{"what", e.what()}});
        return ctx.res.text(503, "支付沙箱未配置密钥。\n");
    }

    payment::Answer a;
    a.nonce = r.nonce;
    a.paid.channel = r.channel;
    a.paid.merchant_id = r.key.merchant_id;
    a.paid.order_no = r.key.order_no;
    if (kind == Kind::Query) {
        describe(a, ctx.db.read([&](pqxx::nontransaction& tx) { return trades::find(tx, r.key); }));
    } else {
        ctx.db.write([&](pqxx::work& tx) {
            if (trades::insert_tombstone(tx, r.key)) {
                a.trade_state = "CLOSED";
                return;
            }
            const auto t = trades::lock(tx, r.key);
            if (t && t->status == "created") trades::mark_closed(tx, t->id);
            describe(a, t);
            if (a.trade_state != "SUCCESS") a.trade_state = "CLOSED";
        });
    }
    log::info("paysim.answered", {{"call", what}, {"channel", r.key.channel}, {"state", a.trade_state}});
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "application/x-www-form-urlencoded");
    ctx.res.body = payment::encode(payment::signed_fields(payment::answer_fields(a), s->channel_key(r.channel)));
}
}  // namespace

void answer_query(Context& ctx) { serve(ctx, Kind::Query); }
void answer_close(Context& ctx) { serve(ctx, Kind::Close); }

}  // namespace zk::paysim
