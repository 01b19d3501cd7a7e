// pay.hpp: handlers of module `pay` (毕业申请支付, PAY-1 … PAY-4).
#pragma once
#include "common/base/config.hpp"
#include "common/web/app.hpp"

namespace zk::pay {
void check_config(const Config& config);

// pages.cpp: the examinee's pages.
void show_fee(Context& ctx);      // GET  /pay                       毕业申请费用总计, 创建订单
void create_order(Context& ctx);  // POST /pay/orders                创建订单
void show_order(Context& ctx);    // GET  /pay/order/{no}            创建订单成功, 支付方式
void confirm(Context& ctx);       // POST /pay/order/{no}/confirm    确认支付 → the provider
void cancel(Context& ctx);        // POST /pay/order/{no}/cancel     取消订单
void show_return(Context& ctx);   // GET  /pay/return/{channel}      back from the provider
void show_success(Context& ctx);  // GET  /pay/success/{no}          订单支付成功
void show_receipt(Context& ctx);  // GET  /pay/receipt/{no}          查看订单并打印
void show_orders(Context& ctx);   // GET  /orders                    订单查询

// notify.cpp: the providers' side.
void notify(Context& ctx);         // POST /pay/notify/{channel}
void notify_by_get(Context& ctx);  // GET  /pay/notify/{channel}: refused, logged
}  // namespace zk::pay
