// sandbox.hpp: what every part of the payment sandbox (module paysim) shares: its keys and
// the merchant ids it expects, read once from the configuration, the development-only
// gate, and the checks of the merchant's signed messages (the checkout the browser
// carries, the query and close the merchant's server posts).
// SECURITY: a merchant message counts only once its signature by pay_merchant_public.pem
// has been checked and every field has its form; anything else is Rejected.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/config.hpp"
#include "common/domain/payment_protocol.hpp"
#include "common/store/paysim_trades.hpp"
#include "common/web/app.hpp"

namespace zk::paysim {

// The sandbox's settings (see payment_provider.hpp for the merchant's side of them):
//   keys_dir/pay_merchant_public.pem     checks what the merchant signs
//   keys_dir/paysim_<channel>_private.pem signs as each channel's provider
//   pay_<channel>_merchant_id             the merchant id expected at each channel
//                                         (default SANDBOX-<CHANNEL>)
class Sandbox {
public:
    // Throws PaymentError for a missing or bad key, ConfigError for a bad merchant id.
    explicit Sandbox(const Config& config);
    const payment::RsaKey& merchant_key() const { return merchant_key_; }
    const payment::RsaKey& channel_key(payment::Channel c) const { return channel_keys_[static_cast<std::size_t>(c)]; }
    const std::string& merchant_id(payment::Channel c) const { return merchant_ids_[static_cast<std::size_t>(c)]; }

private:
    payment::RsaKey merchant_key_;
    std::vector<payment::RsaKey> channel_keys_;
    std::vector<std::string> merchant_ids_;
};

// The process's sandbox, made on first use from `config` (which never changes in a process).
const Sandbox& sandbox(const Config& config);

// The sandbox is a development stand-in: without development_stand_ins it answers 404
// (true, the answer given) everywhere.
bool refused_outside_development(Context& ctx);

// A merchant message that is not what the protocol allows; what() is a short Chinese reason.
struct Rejected : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A checkout the merchant signed, checked (channel, merchant id, order_no, amount > 0,
// CNY, subject, http(s) notify_url and return_url, timestamp). Whether it has expired is
// the trade's business (a checkout past expires_at shows 订单已关闭或已过期).
struct Checkout {
    payment::Channel channel = payment::Channel::Alipay;
    store::paysim_trades::NewTrade trade;
};
// Throws Rejected.
Checkout verified_checkout(const Sandbox& s, std::string_view query);

// A query or close the merchant's server signed: v channel merchant_id order_no nonce timestamp.
struct ServerRequest {
    payment::Channel channel = payment::Channel::Alipay;
    store::paysim_trades::Key key;
    std::string nonce;
};
inline constexpr std::int64_t kMaxClockSkewSeconds = 600;
// Throws Rejected; `now` in Unix seconds (the timestamp must be within kMaxClockSkewSeconds).
ServerRequest verified_server_request(const Sandbox& s, std::string_view body, std::int64_t now);

}  // namespace zk::paysim
