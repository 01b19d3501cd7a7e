// trades.cpp: GET /pay-sim/, the developer's view of the sandbox: the newest 50 trades,
// newest first, each with its notifications (attempts, the last HTTP status and answer,
// acknowledged or when the next attempt is due).
// SECURITY: dev-only like the whole module; order numbers and amounts are all it shows.
#include "common/domain/money.hpp"
#include "common/domain/payment_protocol.hpp"
#include "modules/paysim/handlers.hpp"
#include "modules/paysim/sandbox.hpp"

namespace zk::paysim {

namespace {
namespace trades = store::paysim_trades;
constexpr int kShown = 50;

const char* status_label(const trades::Trade& t) {
    if (t.status == "paid") return "已支付";
    if (t.status == "closed") return t.amount_fen ? "已关闭" : "已关闭（关单时未曾下单）";
    return t.live ? "待支付" : "已过期";
}
}  // namespace

void show_trades(Context& ctx) {
    if (refused_outside_development(ctx)) return;
    const auto rows = ctx.db.read([&](pqxx::nontransaction& tx) { return trades::newest(tx, kShown); });
    ctemplate::TemplateDictionary dict("paysim_trades");
    for (const auto& row : rows) {
        const trades::Trade& t = row.trade;
        auto* d = dict.AddSectionDictionary("TRADE");
        d->SetValue("CREATED", t.created);
        const auto channel = payment::channel_of(t.key.channel);
        d->SetValue("CHANNEL", channel ? payment::name_of(*channel) : t.key.channel);
        d->SetValue("MERCHANT_ID", t.key.merchant_id);
        d->SetValue("ORDER_NO", t.key.order_no);
        d->SetValue("AMOUNT", t.amount_fen ? money::format_yuan(*t.amount_fen) + "元" : "—");
        d->SetValue("STATUS", status_label(t));
        d->SetValue("STATUS_CODE", t.status);
        d->SetValue("TRADE_NO", t.trade_no);
        for (const auto& n : row.notifications) {
            auto* nd = d->AddSectionDictionary("NOTIFICATION");
            nd->SetValue("NOTIFY_ID", n.notify_id);
            nd->SetIntValue("ATTEMPTS", n.attempts);
            nd->SetValue("LAST_STATUS", n.last_status ? std::to_string(*n.last_status) : "—");
            nd->SetValue("LAST_ANSWER", n.last_answer);
            if (n.acknowledged) nd->ShowSection("ACKNOWLEDGED");
            else nd->SetValueAndShowSection("NEXT_ATTEMPT", n.next_attempt, "PENDING");
        }
        if (row.notifications.empty()) d->ShowSection("NO_NOTIFICATION");
    }
    if (rows.empty()) dict.ShowSection("EMPTY");
    ctx.page(200, "支付沙箱", "paysim/trades.tpl", dict);
}

}  // namespace zk::paysim
