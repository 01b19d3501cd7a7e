// sandbox.cpp: see sandbox.hpp.
#include "modules/paysim/sandbox.hpp"

#include <initializer_list>
#include <memory>
#include <mutex>

#include "common/domain/payment_provider.hpp"
#include "common/domain/stand_ins.hpp"

namespace zk::paysim {

namespace {

std::string get(const payment::Fields& f, const char* name) {
    const auto it = f.find(name);
    return it == f.end() ? std::string() : it->second;
}

// Decodes `text`, checks the merchant's signature over it and that it has exactly `names`
// (and `sign`), v = 1, a known channel with its merchant id and a well-formed order_no.
payment::Fields verified_fields(const Sandbox& s, std::string_view text, std::initializer_list<const char*> names,
                                payment::Channel& channel) {
    auto fields = payment::decode(text);
    if (!fields) throw Rejected("请求格式不正确。");
    if (!payment::verify(*fields, s.merchant_key())) throw Rejected("商户签名验证失败。");
    bool exact = fields->size() == names.size() + 1;
    for (const char* name : names) exact = exact && fields->contains(name);
    if (!exact) throw Rejected("请求的字段不符合支付接口。");
    const auto c = payment::channel_of(get(*fields, "channel"));
    if (get(*fields, "v") != "1" || !c) throw Rejected("接口版本或支付渠道不正确。");
    channel = *c;
    if (get(*fields, "merchant_id") != s.merchant_id(channel)) throw Rejected("商户号与支付渠道不符。");
    if (!payment::valid_order_no(get(*fields, "order_no"))) throw Rejected("商户订单号格式不正确。");
    return *fields;
}

bool web_url(const std::string& url) {
    const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    return scheme && url.find_first_of(" \t\r\n\"'<>\\") == std::string::npos;
}

constexpr std::int64_t kLatestTime = 4'102'444'800;  // 2100-01-01: what the protocol's times stay below

}  // namespace

Sandbox::Sandbox(const Config& config)
    : merchant_key_(payment::RsaKey::load_public(config.require("keys_dir") + "/pay_merchant_public.pem")) {
    const std::string keys = config.require("keys_dir");
    for (payment::Channel c : payment::kChannels) {
        const std::string code = payment::code_of(c);
        channel_keys_.push_back(payment::RsaKey::load_private(keys + "/paysim_" + code + "_private.pem"));
        merchant_ids_.push_back(payment::configured_merchant_id(config, c));
    }
}

const Sandbox& sandbox(const Config& config) {
    static std::once_flag once;
    static std::unique_ptr<Sandbox> made;
    std::call_once(once, [&] { made = std::make_unique<Sandbox>(config); });
    return *made;
}

bool refused_outside_development(Context& ctx) {
    if (stand_ins::development(ctx.app.config())) return false;
    ctx.fail(404, "您访问的页面不存在。");
    return true;
}

Checkout verified_checkout(const Sandbox& s, std::string_view query) {
    Checkout out;
    const payment::Fields f =
        verified_fields(s, query,
                        {"v", "channel", "merchant_id", "order_no", "amount_fen", "currency", "subject", "notify_url",
                         "return_url", "expires_at", "timestamp"},
                        out.channel);
    const auto amount = payment::parse_count(get(f, "amount_fen"), 100'000'000'00LL);
    if (!amount || *amount <= 0) throw Rejected("订单金额不正确。");
    if (get(f, "currency") != "CNY") throw Rejected("币种不正确（只支持人民币 CNY）。");
    const auto expires_at = payment::parse_count(get(f, "expires_at"), kLatestTime);
    if (!expires_at || !payment::parse_count(get(f, "timestamp"), kLatestTime)) throw Rejected("时间格式不正确。");
    if (get(f, "subject").empty()) throw Rejected("缺少商品名称。");
    if (!web_url(get(f, "notify_url")) || !web_url(get(f, "return_url")))
        throw Rejected("通知地址或返回地址不正确。");
    auto& t = out.trade;
    t.key = {get(f, "channel"), get(f, "merchant_id"), get(f, "order_no")};
    t.amount_fen = *amount;
    t.currency = "CNY";
    t.subject = get(f, "subject");
    t.notify_url = get(f, "notify_url");
    t.return_url = get(f, "return_url");
    t.expires_at = *expires_at;
    return out;
}

ServerRequest verified_server_request(const Sandbox& s, std::string_view body, std::int64_t now) {
    ServerRequest out;
    const payment::Fields f =
        verified_fields(s, body, {"v", "channel", "merchant_id", "order_no", "nonce", "timestamp"}, out.channel);
    if (!payment::valid_nonce(get(f, "nonce"))) throw Rejected("nonce 格式不正确。");
    const auto timestamp = payment::parse_count(get(f, "timestamp"), kLatestTime);
    if (!timestamp || *timestamp < now - kMaxClockSkewSeconds || *timestamp > now + kMaxClockSkewSeconds)
        throw Rejected("timestamp 与当前时间相差超过 600 秒。");
    out.key = {get(f, "channel"), get(f, "merchant_id"), get(f, "order_no")};
    out.nonce = get(f, "nonce");
    return out;
}

}  // namespace zk::paysim
