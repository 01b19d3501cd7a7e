// reconcile.hpp: zikao-ctl reconcile (PAY-3), run by zikao-reconcile.timer.
#pragma once
#include "common/base/config.hpp"

namespace zk::ctl {
// Asks the payment provider about every open order that was sent to it and settles the
// answer (paid: the order and the application as if the notification had arrived);
// closes expired orders at the provider and here. Prints what it did; exit 0, or 1 when
// the provider could not be asked about some orders (the timer tries again).
int reconcile(const Config& config);
}  // namespace zk::ctl
