// payment_view.hpp: how the examinee's pages show payment (PAY-1, PAY-4): the seed's four
// prompts (templates/pay/prompts.tpl, included as PROMPTS) and one order's fields, shared
// by module pay and the 毕业申请信息详情 page of module apply.
// SECURITY: trusts its callers to pass only the session examinee's orders.
#pragma once
#include <ctemplate/template.h>

#include <string>

#include "common/domain/payments.hpp"

namespace zk::payment_view {

// {{>PROMPTS}} with ① … ④, naming `office` (the county's 招办).
void add_prompts(ctemplate::TemplateDictionary& dict, const std::string& office);

// ORDER_NO, AMOUNT (N.NN元), STATUS_TEXT, CREATED_AT, EXPIRES_AT; CHANNEL_NAME in
// HAS_CHANNEL; PAID_AT and TRADE_NO with IS_PAID shown for a paid order.
void add_order(ctemplate::TemplateDictionary& dict, const payments::Order& order);

}  // namespace zk::payment_view
