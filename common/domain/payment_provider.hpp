// payment_provider.hpp: a payment provider behind one interface (PAY-2): create (the
// checkout URL the browser is sent to at 确认支付), verify a notification, acknowledge it
// as the channel expects, query an order and close it. The adapter is chosen by the
// configuration:
//   pay_provider = sandbox   the development sandbox (modules/paysim), which plays 银联,
//                            支付宝 and 微信支付 with the protocol of payment_protocol.hpp.
//                            A development stand-in: refused unless development_stand_ins.
//   (unset)                  no online payment: /pay says so and creates no order.
// The sandbox adapter's settings:
//   pay_sandbox_url                 the sandbox's base URL (…/pay-sim); checkout, query, close
//   pay_<channel>_merchant_id       this system's merchant id at each channel
//                                   (default SANDBOX-<CHANNEL>)
//   keys_dir/pay_merchant_private.pem    the merchant's RSA key (signs checkout, query, close)
//   keys_dir/pay_<channel>_public.pem    each channel's provider key (checks what it sends)
//   public_base_url                 where notify_url (/pay/notify/<channel>) and return_url
//                                   (/pay/return/<channel>) point
// SECURITY: a notification or an answer counts only once its signature by the channel's
// key has been checked; keys are read once, when the provider is made.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "common/base/config.hpp"
#include "common/domain/payment_protocol.hpp"

namespace zk::payment {

// The order as the provider is told of it at 确认支付.
struct Checkout {
    Channel channel = Channel::Alipay;
    std::string order_no;
    std::int64_t amount_fen = 0;
    std::string subject;       // 毕业申请费
    std::int64_t expires_at = 0;  // Unix seconds
};

// A message from the provider, checked: its fields, and whether it is one at all.
struct Checked {
    enum class Verdict { Malformed, BadSignature, Ok } verdict = Verdict::Malformed;
    Fields fields;  // as decoded (also when the signature is bad)
};

// The provider's answer to a query or close.
struct Exchange {
    std::string body;  // as received (stored with the outcome)
    Checked checked;
};

// The provider could not be reached or did not answer in time: try again later.
struct ProviderUnavailable : PaymentError {
    using PaymentError::PaymentError;
};

class Provider {
public:
    virtual ~Provider() = default;
    virtual std::string merchant_id(Channel c) const = 0;
    // create: where the browser goes to pay.
    virtual std::string checkout_url(const Checkout& order) const = 0;
    // The body of a notification POSTed to /pay/notify/<channel>.
    virtual Checked check_notification(Channel c, std::string_view body) const = 0;
    virtual Reply acknowledge(Channel c, bool accepted) const = 0;
    // Throw ProviderUnavailable when no answer arrived; `nonce` must come back in it.
    virtual Exchange query(Channel c, const std::string& order_no, const std::string& nonce) const = 0;
    virtual Exchange close(Channel c, const std::string& order_no, const std::string& nonce) const = 0;
};

// This system's merchant id at channel `c`: pay_<channel>_merchant_id, by default
// SANDBOX-<CHANNEL>. Throws ConfigError when it is not 1–32 letters, digits, _ or -. (The
// payment sandbox expects the same ids.)
std::string configured_merchant_id(const Config& config, Channel c);

// The configured provider, or nullptr when online payment is not configured. Throws
// ConfigError for an unknown pay_provider or PaymentError for a missing key.
std::unique_ptr<Provider> make_provider(const Config& config);

// The process's provider, made on first use from `config` (which never changes in a
// process). nullptr when not configured.
const Provider* provider(const Config& config);

}  // namespace zk::payment
