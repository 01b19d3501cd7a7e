// pages.cpp: the examinee's side of 毕业申请支付 (PAY-1, PAY-3, PAY-4; seed steps 5–8).
// /pay shows 毕业申请费用总计 and 创建订单 once the application may be paid
// (payments::standing: 系统审核 or 县区招办预审 passed, graduation photo verified), and
// otherwise says which condition is missing. An order page offers 银联在线支付 / 支付宝 /
// 微信支付; 确认支付 fixes the channel and sends the browser to the provider with the
// signed order. Back from the provider the page only reads: 订单支付成功 once the signed
// notification (or a reconciliation) has paid the order, "支付处理中，请稍候刷新" until
// then. 取消订单 closes the order at the provider first, so it can no longer be paid.
// SECURITY: every order is looked up with the session's examinee id (404 for anyone
// else's); nothing here marks anything paid.
#include "common/base/log.hpp"
#include "common/domain/money.hpp"
#include "common/domain/payments.hpp"
#include "common/web/payment_view.hpp"
#include "modules/pay/pay.hpp"

namespace zk::pay {

namespace {
using Gate = payments::Standing::Gate;
using payments::Order;

const char* const kNotFound = "您访问的订单不存在。";
const char* const kNoProvider = "网上支付暂未开通，请稍后再试或联系县（市、区）自考部门。";
const char* const kUnavailable = "暂时无法连接支付平台，请稍后再试。";

const payment::Provider* provider(Context& ctx) { return payment::provider(ctx.app.config()); }

std::string order_no_param(Context& ctx) {
    const std::string no = ctx.req.route_params["no"];
    if (!payment::valid_order_no(no)) throw Refusal(404, kNotFound);
    return no;
}

Order own_order(Context& ctx, const std::string& order_no) {
    auto o = ctx.db.read([&](pqxx::nontransaction& tx) {
        return store::payment_orders::of_examinee(tx, ctx.examinee_id(), order_no);
    });
    if (!o) throw Refusal(404, kNotFound);
    return *o;
}

payments::Standing load_standing(Context& ctx) {
    return ctx.db.read([&](pqxx::nontransaction& tx) { return payments::standing(tx, ctx.examinee_id()); });
}

using payment_view::add_order;

// A message page with a way on.
void notice(Context& ctx, int status, const std::string& title, const std::string& message, const std::string& href,
            const std::string& label) {
    ctemplate::TemplateDictionary dict("pay_notice");
    ctx.add_examinee(dict);
    dict.SetValue("HEADING", title);
    dict.SetValue("MESSAGE", message);
    dict.SetValue("HREF", href);
    dict.SetValue("LABEL", label);
    ctx.page(status, title, "pay/notice.tpl", dict);
}

// An expired open order is closed (at the provider first when it was sent there) before a
// new one is made; false when the provider could not be asked.
bool close_if_expired(Context& ctx, const std::optional<Order>& open) {
    if (!open || !open->expired) return true;
    const auto f = payments::finish(ctx.db, provider(ctx), *open, true, "expired");
    return f.result != payments::Finished::Result::Unavailable;
}
}  // namespace

void check_config(const Config& config) {
    payments::order_minutes(config);
    payment::provider(config);  // reads the keys now: a missing key stops the module at start
}

void show_fee(Context& ctx) {
    const auto s = load_standing(ctx);
    ctemplate::TemplateDictionary dict("pay");
    ctx.add_examinee(dict);
    payment_view::add_prompts(dict, s.office);
    if (s.application) {
        for (const auto& m : s.majors) {
            auto* r = dict.AddSectionDictionary("MAJOR");
            r->SetIntValue("SEQ", m.seq);
            r->SetValue("INSTITUTION_NAME", m.institution_name);
            r->SetValue("MAJOR_NAME", m.major_id ? m.major_code + m.major_name : "（未选择专业）");
        }
        dict.ShowSection("HAS_MAJORS");
    }
    if (s.fee_fen) dict.SetValueAndShowSection("FEE", money::format_yuan(*s.fee_fen), "HAS_FEE");
    int status = 200;
    if (s.gate == Gate::Paid && s.paid) {
        add_order(*dict.AddSectionDictionary("PAID"), *s.paid);
    } else if (s.gate == Gate::Allowed && s.open) {
        add_order(*dict.AddSectionDictionary("OPEN"), *s.open);
    } else if (s.gate == Gate::Allowed) {
        dict.ShowSection("CAN_CREATE");
    } else {
        status = s.gate == Gate::Paid ? 200 : 403;
        dict.SetValueAndShowSection("REASON", s.gate == Gate::Paid ? "您的毕业申请已支付。" : s.reason(), "REFUSED");
    }
    if (!provider(ctx)) dict.SetValueAndShowSection("NO_PROVIDER", kNoProvider, "HAS_NO_PROVIDER");
    ctx.page(status, "毕业申请支付", "pay/fee.tpl", dict);
}

void create_order(Context& ctx) {
    if (!provider(ctx)) return ctx.fail(503, kNoProvider);
    const auto s = load_standing(ctx);
    if (!close_if_expired(ctx, s.open)) return ctx.fail(503, kUnavailable);
    const int minutes = payments::order_minutes(ctx.app.config());
    const auto c = ctx.db.write([&](pqxx::work& tx) { return payments::create_order(tx, ctx.examinee_id(), minutes); });
    if (c.created) return ctx.res.redirect("/pay/order/" + c.created->order_no);
    if (c.existing)
        return notice(ctx, c.status, "已有未完成的订单", c.refusal, "/pay/order/" + c.existing->order_no, "继续支付");
    ctx.fail(c.status, c.refusal);
}

void show_order(Context& ctx) {
    const Order o = own_order(ctx, order_no_param(ctx));
    if (o.status == "paid") return ctx.res.redirect("/pay/success/" + o.order_no);
    ctemplate::TemplateDictionary dict("pay_order");
    ctx.add_examinee(dict);
    add_order(dict, o);
    if (o.status == "closed") {
        dict.ShowSection("CLOSED");
    } else if (o.expired) {
        dict.ShowSection("EXPIRED");
    } else {
        auto* open = dict.AddSectionDictionary("OPEN");
        if (ctx.req.query_params.value("created") == "1") open->ShowSection("JUST_CREATED");
        const auto chosen = payment::channel_of(o.channel);
        for (payment::Channel c : payment::kChannels) {
            auto* ch = open->AddSectionDictionary("CHANNEL");
            ch->SetValue("CODE", payment::code_of(c));
            ch->SetValue("NAME", payment::name_of(c));
            if (chosen ? *chosen == c : c == payment::Channel::Alipay) ch->ShowSection("CHECKED");
            if (chosen && *chosen != c) ch->ShowSection("DISABLED");
        }
        if (chosen) open->ShowSection("CHOSEN");
    }
    ctx.page(200, "毕业申请支付", "pay/order.tpl", dict);
}

void confirm(Context& ctx) {
    const std::string order_no = order_no_param(ctx);
    const auto* p = provider(ctx);
    if (!p) return ctx.fail(503, kNoProvider);
    const auto channel = payment::channel_of(ctx.req.form.value("channel"));
    if (!channel) return ctx.fail(400, "请选择支付方式（银联在线支付、支付宝或微信支付）。");
    const Order o = ctx.db.write([&](pqxx::work& tx) {
        auto locked = store::payment_orders::lock(tx, order_no);
        if (!locked || locked->examinee_id != ctx.examinee_id()) throw Refusal(404, kNotFound);
        if (locked->status == "paid") throw Refusal(409, "该订单已支付成功，无需再次支付。");
        if (locked->status == "closed" || locked->expired)
            throw Refusal(409, "该订单已关闭或已过期，请返回重新创建订单。");
        const auto s = payments::standing(tx, ctx.examinee_id());
        if (s.gate != Gate::Allowed) throw Refusal(403, s.reason());
        if (locked->channel.empty()) {
            store::payment_orders::choose_channel(tx, locked->id, payment::code_of(*channel));
            locked->channel = payment::code_of(*channel);
        } else if (locked->channel != payment::code_of(*channel)) {
            const auto was = payment::channel_of(locked->channel);
            throw Refusal(409, std::string("该订单已选择") + (was ? payment::name_of(*was) : "") +
                                   "，请继续使用该方式支付，或取消订单后重新创建。");
        }
        return *locked;
    });
    log::info("pay.checkout", {{"order_no", o.order_no}, {"channel", o.channel}});
    ctx.res.redirect(p->checkout_url({*channel, o.order_no, o.amount_fen, "山西省高等教育自学考试毕业申请费", o.expires_epoch}));
}

void cancel(Context& ctx) {
    const Order o = own_order(ctx, order_no_param(ctx));
    if (o.status == "paid") return ctx.res.redirect("/pay/success/" + o.order_no);
    if (o.status == "closed") return ctx.res.redirect("/pay/order/" + o.order_no);
    const auto f = payments::finish(ctx.db, provider(ctx), o, true, o.expired ? "expired" : "cancelled");
    switch (f.result) {
        case payments::Finished::Result::Paid: return ctx.res.redirect("/pay/success/" + o.order_no);
        case payments::Finished::Result::Closed:
        case payments::Finished::Result::StillOpen: return ctx.res.redirect("/pay/order/" + o.order_no);
        case payments::Finished::Result::Unavailable: return ctx.fail(503, kUnavailable);
    }
}

void show_return(Context& ctx) {
    if (!payment::channel_of(ctx.req.route_params["channel"])) throw Refusal(404, kNotFound);
    const std::string order_no = ctx.req.query_params.value("order_no");
    if (!payment::valid_order_no(order_no)) throw Refusal(404, kNotFound);
    const Order o = own_order(ctx, order_no);
    if (o.status == "paid") return ctx.res.redirect("/pay/success/" + o.order_no);
    if (o.status == "closed")
        return notice(ctx, 200, "订单已关闭", "该订单已关闭，未完成支付。如需支付，请返回重新创建订单。", "/pay", "返回毕业申请支付");
    ctemplate::TemplateDictionary dict("pay_pending");
    ctx.add_examinee(dict);
    add_order(dict, o);
    dict.SetValue("REFRESH", "/pay/return/" + o.channel + "?order_no=" + o.order_no);
    ctx.page(200, "支付处理中", "pay/pending.tpl", dict);
}

void show_success(Context& ctx) {
    const Order o = own_order(ctx, order_no_param(ctx));
    if (o.status != "paid") return ctx.res.redirect("/pay/order/" + o.order_no);
    ctemplate::TemplateDictionary dict("pay_success");
    ctx.add_examinee(dict);
    add_order(dict, o);
    ctx.page(200, "订单支付成功", "pay/success.tpl", dict);
}

void show_receipt(Context& ctx) {
    const Order o = own_order(ctx, order_no_param(ctx));
    if (o.status != "paid") return ctx.res.redirect("/pay/order/" + o.order_no);
    ctemplate::TemplateDictionary dict("pay_receipt");
    ctx.add_examinee(dict);
    add_order(dict, o);
    ctx.db.read([&](pqxx::nontransaction& tx) {
        for (const auto& m : graduation::chosen_majors(tx, o.application_id)) {
            auto* r = dict.AddSectionDictionary("MAJOR");
            r->SetValue("INSTITUTION_NAME", m.institution_name);
            r->SetValue("MAJOR_NAME", m.major_code + m.major_name);
        }
    });
    ctx.page(200, "毕业申请支付凭证", "pay/receipt.tpl", dict);
}

void show_orders(Context& ctx) {
    const auto orders = ctx.db.read([&](pqxx::nontransaction& tx) {
        return store::payment_orders::for_examinee(tx, ctx.examinee_id());
    });
    ctemplate::TemplateDictionary dict("pay_orders");
    ctx.add_examinee(dict);
    for (const auto& o : orders) {
        auto* r = dict.AddSectionDictionary("ORDER");
        add_order(*r, o);
    }
    if (orders.empty()) dict.ShowSection("NO_ORDERS");
    ctx.page(200, "订单查询", "pay/orders.tpl", dict);
}

}  // namespace zk::pay
