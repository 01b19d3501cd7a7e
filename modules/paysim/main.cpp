// main.cpp: module `paysim` (binary zikao-paysim) — the dev stack's payment sandbox. It plays
// the payment provider of all three channels (银联在线支付, 支付宝, 微信支付) with the protocol
// of common/domain/payment_protocol.hpp, so that /pay can be developed and tested end to
// end: the cashier page the merchant's checkout URL opens (checkout.cpp), the signed
// asynchronous notifications to /pay/notify/<channel> with their retries (notifier.cpp),
// the server-to-server query and close (api.cpp) and a developer's list of what it did
// (trades.cpp). Its tables are the schema paysim of sql/sandbox.
// Dev-only: it pays without money, signs with keys the dev stack generates
// (zikao-ctl keygen --with-pay-sandbox) and answers 404 everywhere unless the configuration
// says development_stand_ins = true. It is never installed, nginx routes /pay-sim/ only in
// the dev and test configuration, and production talks to the real providers instead.
#include "common/domain/stand_ins.hpp"
#include "common/web/app.hpp"
#include "modules/paysim/handlers.hpp"
#include "modules/paysim/sandbox.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    using zk::http::RouteOptions;
    zk::ModuleDef def;
    def.name = "paysim";
    def.prefixes = {"/pay-sim/"};
    def.routes = [](zk::http::Router& r) {
        r.get("/pay-sim/", Access::Public, zk::paysim::show_trades);
        r.get("/pay-sim/checkout", Access::Public, zk::paysim::show_checkout);
        // The form carries the whole signed checkout (percent-encoded once more).
        r.post("/pay-sim/checkout", Access::Public, zk::paysim::submit_checkout, RouteOptions().body(64 * zk::http::KiB));
        r.post("/pay-sim/query", Access::Public, zk::paysim::answer_query,
               RouteOptions().body(16 * zk::http::KiB).without_csrf());
        r.post("/pay-sim/close", Access::Public, zk::paysim::answer_close,
               RouteOptions().body(16 * zk::http::KiB).without_csrf());
    };
    // In development the keys must be there before anything is served (they are read once).
    def.check_config = [](const zk::Config& config) {
        if (zk::stand_ins::development(config)) zk::paysim::sandbox(config);
    };
    def.background = zk::paysim::deliver_notifications;
    return zk::run_module(argc, argv, std::move(def));
}
