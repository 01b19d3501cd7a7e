// payment_protocol.hpp: the messages that pass between this system (the merchant) and a
// payment provider (PAY-2), in the form every channel of the provider adapter speaks, and
// the RSA-SHA256 signatures over them. Pure functions except for reading PEM key files.
//
// The wire form. Every message is a set of named text fields sent as
// application/x-www-form-urlencoded, plus the field `sign`: the base64 RSA PKCS#1 v1.5
// SHA-256 signature over the canonical form of the other fields. The canonical form lists
// the fields (all but `sign`) sorted by name in byte order, each as name=value with the
// value percent-encoded (RFC 3986 unreserved characters kept, every other byte %XX in
// upper case), joined by '&'. So it does not matter in which order or encoding a sender
// put the fields on the wire: the receiver rebuilds the canonical form from what it
// decoded and checks the signature over that. Names are [a-z_]{1,32}; a message has at
// most 32 fields of at most 2048 bytes of clean UTF-8 each; a field named twice, a broken
// %-escape or anything else unexpected makes the whole message malformed.
//
// The messages (v = 1 in all of them; times are Unix seconds; amounts integer 分):
//   checkout     merchant → provider, carried by the browser as the query of the
//                provider's checkout URL, signed with the merchant's key:
//                v channel merchant_id order_no amount_fen currency subject notify_url
//                return_url expires_at timestamp
//   notification provider → merchant, POST to notify_url, signed with the provider's key:
//                v channel merchant_id notify_id notify_time order_no trade_no
//                trade_status (SUCCESS | CLOSED) amount_fen currency paid_at
//   query, close merchant → provider, server to server, signed with the merchant's key:
//                v channel merchant_id order_no nonce timestamp
//   answer       provider → merchant, the reply to a query or close, signed with the
//                provider's key: v channel merchant_id order_no nonce (echoed) trade_state
//                (SUCCESS | NOTPAY | CLOSED | NOT_FOUND) and, for SUCCESS, trade_no
//                amount_fen currency paid_at
// The acknowledgement of a notification is what each channel's real provider expects
// (see acknowledgement()).
//
// SECURITY: a message is trusted only after its signature over the canonical form has
// been checked with the right key; parsing is strict and bounded before and after.
#pragma once
#include <openssl/types.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zk::payment {

struct PaymentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// ---- channels ------------------------------------------------------------------------------

enum class Channel { UnionPay, Alipay, WeChat };
inline constexpr std::array<Channel, 3> kChannels = {Channel::UnionPay, Channel::Alipay, Channel::WeChat};

const char* code_of(Channel c);   // "unionpay", "alipay", "wechat" (URLs, the database)
const char* name_of(Channel c);   // 银联在线支付, 支付宝, 微信支付
std::optional<Channel> channel_of(std::string_view code);

// ---- fields and their wire form ------------------------------------------------------------

using Fields = std::map<std::string, std::string>;

inline constexpr std::size_t kMaxMessageBytes = 16 * 1024;
inline constexpr std::size_t kMaxFields = 32;
inline constexpr std::size_t kMaxValueBytes = 2048;

std::string percent_encode(std::string_view value);
// The signed text: every field but `sign`, sorted, name=percent_encode(value), '&'-joined.
std::string canonical(const Fields& fields);
// The wire form of `fields` (canonical order, `sign` included where present).
std::string encode(const Fields& fields);
// Strict inverse of encode (accepts any field order and '+' for a space); nullopt for
// anything malformed or beyond the limits above.
std::optional<Fields> decode(std::string_view body);

// ---- keys and signatures -------------------------------------------------------------------

// An RSA key (at least 2048 bits) read from a PEM file.
class RsaKey {
public:
    // Throw PaymentError when the file is missing, unreadable, not RSA or too short.
    static RsaKey load_public(const std::string& path);
    static RsaKey load_private(const std::string& path);
    EVP_PKEY* get() const { return key_.get(); }

private:
    struct Free {
        void operator()(EVP_PKEY* k) const;
    };
    explicit RsaKey(EVP_PKEY* k) : key_(k, Free{}) {}
    std::shared_ptr<EVP_PKEY> key_;
};

// Writes a new RSA-2048 key pair (private 0600, created exclusively: never overwrites).
void write_rsa_pair(const std::string& private_path, const std::string& public_path);

// Base64 RSA-SHA256 signature of canonical(fields).
std::string sign(const Fields& fields, const RsaKey& private_key);
// `fields` with `sign` set to sign(fields).
Fields signed_fields(Fields fields, const RsaKey& private_key);
// True when fields["sign"] is a valid signature of canonical(fields) by `public_key`.
bool verify(const Fields& fields, const RsaKey& public_key);

// ---- the provider's messages -----------------------------------------------------------------

// What a notification or a SUCCESS answer says was paid.
struct Paid {
    Channel channel = Channel::Alipay;
    std::string merchant_id;
    std::string order_no;
    std::string trade_no;
    std::int64_t amount_fen = 0;
    std::string currency;
    std::int64_t paid_at = 0;
};

struct Notification {
    std::string notify_id;
    std::int64_t notify_time = 0;
    std::string trade_status;  // SUCCESS | CLOSED
    Paid paid;                 // trade_no, paid_at may be empty/0 for CLOSED
};

// The fields of a notification, checked for presence and form (not for signature, not
// against any order); nullopt when anything is missing or malformed.
std::optional<Notification> parse_notification(const Fields& fields);
Fields notification_fields(const Notification& n);

struct Answer {
    std::string trade_state;  // SUCCESS | NOTPAY | CLOSED | NOT_FOUND
    std::string nonce;
    Paid paid;                // channel, merchant_id, order_no always; the rest for SUCCESS
};
std::optional<Answer> parse_answer(const Fields& fields);
Fields answer_fields(const Answer& a);

// ---- forms of single values ------------------------------------------------------------------

bool valid_order_no(std::string_view s);     // ZK + 18 digits
bool valid_merchant_id(std::string_view s);  // [A-Za-z0-9_-]{1,32}
bool valid_trade_no(std::string_view s);     // [A-Za-z0-9]{8,64}
bool valid_nonce(std::string_view s);        // 32 lower-case hex
std::optional<std::int64_t> parse_count(std::string_view s, std::int64_t max);  // digits, no sign

// ---- acknowledgements ------------------------------------------------------------------------

// What the merchant answers a notification. `accepted`: stored and nothing left for the
// provider to do (applied, a duplicate, or a mismatch kept for the finance office);
// otherwise the provider is asked to send it again (it could not be checked or stored).
//   银联 (unionpay): HTTP 200 "ok" / HTTP 400 "fail"
//   支付宝 (alipay): HTTP 200 text "success" / "fail"
//   微信支付 (wechat): HTTP 200 {"code":"SUCCESS","message":"成功"} /
//                      HTTP 400 {"code":"FAIL","message":"失败"}
struct Reply {
    int status = 200;
    std::string content_type;
    std::string body;
};
Reply acknowledgement(Channel c, bool accepted);
// The provider's side: whether an HTTP answer is the channel's acceptance.
bool acknowledged(Channel c, long http_status, std::string_view body);

}  // namespace zk::payment
