// notify.cpp: the providers' asynchronous notifications (PAY-2), POST
// /pay/notify/<channel>. The body, exactly as received, is handed to
// payments::settle_notification, which stores it with what was decided and — only for a
// correctly signed notification that agrees with an open order — marks the order paid and
// the application 已支付, in one transaction. The answer is the channel's own: its
// acceptance when the message is stored and nothing is left for the provider to do, its
// refusal (the provider sends it again) when it could not be checked or stored.
// SECURITY: no session and no CSRF token: the signature over the fields is the only
// thing trusted (payment_protocol.hpp). The body is bounded by nginx and the route
// (16 KiB); every refusal is stored and logged as an alarm by settle_notification.
#include "common/base/log.hpp"
#include "common/domain/payments.hpp"
#include "modules/pay/pay.hpp"

namespace zk::pay {

namespace {
void answer(Context& ctx, const payment::Reply& r) {
    ctx.res.status = r.status;
    ctx.res.set_header("Content-Type", r.content_type);
    ctx.res.body = r.body;
}

payment::Reply unknown_channel() { return {404, "text/plain; charset=utf-8", "fail"}; }
}  // namespace

void notify(Context& ctx) {
    const std::string channel_code = ctx.req.route_params["channel"];
    const auto channel = payment::channel_of(channel_code);
    const auto* provider = payment::provider(ctx.app.config());
    if (!provider) {
        log::error("pay.alarm", {{"source", "notification"}, {"detail", "online payment is not configured"},
                                 {"from", ctx.req.remote_addr}});
        return answer(ctx, unknown_channel());
    }
    payments::Outcome outcome;
    try {
        outcome = ctx.db.write([&](pqxx::work& tx) {
            return payments::settle_notification(tx, *provider, channel_code, ctx.req.body);
        });
    } catch (const db::Unavailable&) {
        throw;  // 503: the provider tries again later
    } catch (const std::exception& e) {
        // Not stored: ask the provider to send it again rather than lose it.
        log::error("pay.notification_failed", {{"channel", channel_code.substr(0, 32)}, {"what", e.what()}});
        return answer(ctx, channel ? provider->acknowledge(*channel, false) : unknown_channel());
    }
    if (!channel) return answer(ctx, unknown_channel());
    answer(ctx, provider->acknowledge(*channel, outcome.accepted));
}

void notify_by_get(Context& ctx) {
    log::error("pay.alarm", {{"source", "notification"},
                             {"detail", "GET instead of POST"},
                             {"channel", ctx.req.route_params["channel"].substr(0, 32)},
                             {"from", ctx.req.remote_addr}});
    ctx.res.set_header("Allow", "POST");
    answer(ctx, {405, "text/plain; charset=utf-8", "fail"});
}

}  // namespace zk::pay
