// main.cpp: module `pay` — the route table. 毕业申请支付 (PAY-1 … PAY-4): the fee and
// 创建订单, the order with its 支付方式 and 确认支付 (→ the provider), the return from the
// provider, 订单支付成功 and the printable receipt, 订单查询; and the providers' signed
// notifications. The examinee's pages need a verified examinee; the notification is the
// provider's, not a browser's: its signature stands in for session and CSRF token.
#include "common/web/app.hpp"
#include "modules/pay/pay.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    using zk::http::RouteOptions;
    zk::ModuleDef def;
    def.name = "pay";
    def.prefixes = {"/pay/"};
    def.check_config = zk::pay::check_config;
    def.routes = [](zk::http::Router& r) {
        r.get("/pay", Access::Examinee, zk::pay::show_fee);
        r.post("/pay/orders", Access::Examinee, zk::pay::create_order);
        r.get("/pay/order/{no}", Access::Examinee, zk::pay::show_order);
        r.post("/pay/order/{no}/confirm", Access::Examinee, zk::pay::confirm);
        r.post("/pay/order/{no}/cancel", Access::Examinee, zk::pay::cancel);
        r.get("/pay/return/{channel}", Access::Examinee, zk::pay::show_return);
        r.get("/pay/success/{no}", Access::Examinee, zk::pay::show_success);
        r.get("/pay/receipt/{no}", Access::Examinee, zk::pay::show_receipt);
        r.get("/orders", Access::Examinee, zk::pay::show_orders);
        // A provider's notification: a few short fields (payment_protocol.hpp: 16 KiB at most).
        r.post("/pay/notify/{channel}", Access::Public, zk::pay::notify,
               RouteOptions().body(16 * zk::http::KiB).without_csrf().unparsed_body().limit("zikao_notify", 100));
        r.get("/pay/notify/{channel}", Access::Public, zk::pay::notify_by_get);
    };
    return zk::run_module(argc, argv, std::move(def));
}
