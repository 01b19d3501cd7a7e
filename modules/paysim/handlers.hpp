// handlers.hpp: the routes of the payment sandbox (module paysim) and its notifier.
#pragma once
#include <atomic>

#include "common/web/app.hpp"

namespace zk::paysim {
void show_checkout(Context& ctx);    // GET  /pay-sim/checkout?<signed checkout>   the cashier page
void submit_checkout(Context& ctx);  // POST /pay-sim/checkout  支付 / 取消
void answer_query(Context& ctx);     // POST /pay-sim/query     server to server, signed answer
void answer_close(Context& ctx);     // POST /pay-sim/close     server to server, signed answer
void show_trades(Context& ctx);      // GET  /pay-sim/          the newest trades and their notifications

// ModuleDef::background: delivers the due notifications until `stopping`.
void deliver_notifications(const App& app, const std::atomic<bool>& stopping);
}  // namespace zk::paysim
