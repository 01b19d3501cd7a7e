// reconcile.cpp: see reconcile.hpp. The work is payments::reconcile, which the pay
// module's 取消订单 shares order by order.
// SECURITY: trusts the configuration (the provider's URL and keys); every answer counts only
// once its signature has been checked (common/domain/payments).
#include "modules/ctl/reconcile.hpp"

#include <iostream>

#include "common/base/db.hpp"
#include "common/domain/payments.hpp"

namespace zk::ctl {

int reconcile(const Config& config) {
    const auto provider = payment::make_provider(config);
    db::Database database(config.require("database"));
    const payments::Reconciled r = payments::reconcile(database, provider.get());
    std::cout << "orders looked at: " << r.looked_at << "\n"
              << "paid (notification lost or late): " << r.paid << "\n"
              << "closed (expired): " << r.closed << "\n"
              << "still open: " << r.still_open << "\n"
              << "provider not reachable: " << r.unavailable << "\n";
    if (!provider) std::cout << "online payment is not configured (pay_provider): orders sent to a provider were left open\n";
    return r.unavailable == 0 ? 0 : 1;
}

}  // namespace zk::ctl
