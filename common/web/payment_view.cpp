// payment_view.cpp: see payment_view.hpp.
#include "common/web/payment_view.hpp"

#include "common/domain/money.hpp"

namespace zk::payment_view {

void add_prompts(ctemplate::TemplateDictionary& dict, const std::string& office) {
    auto* p = dict.AddIncludeDictionary("PROMPTS");
    p->SetFilename("pay/prompts.tpl");
    p->SetValue("OFFICE", office.empty() ? "县（市、区）" : office);
}

void add_order(ctemplate::TemplateDictionary& d, const payments::Order& o) {
    d.SetValue("ORDER_NO", o.order_no);
    d.SetValue("AMOUNT", money::format_yuan(o.amount_fen) + "元");
    d.SetValue("STATUS_TEXT", payments::status_text(o));
    d.SetValue("CREATED_AT", o.created_at);
    d.SetValue("EXPIRES_AT", o.expires_at);
    if (!o.channel.empty()) {
        const auto c = payment::channel_of(o.channel);
        // Set on the dictionary itself too (not only in the section), so that the receipt and
        // the order page can name the channel outside HAS_CHANNEL.
        d.SetValue("CHANNEL_NAME", c ? payment::name_of(*c) : o.channel);
        d.ShowSection("HAS_CHANNEL");
    }
    if (o.status == "paid") {
        d.SetValue("PAID_AT", o.paid_at);
        d.SetValue("TRADE_NO", o.trade_no);
        d.ShowSection("IS_PAID");
    }
}

}  // namespace zk::payment_view
