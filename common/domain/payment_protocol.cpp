// payment_protocol.cpp: see payment_protocol.hpp. RSA PKCS#1 v1.5 with SHA-256 through
// EVP_DigestSign / EVP_DigestVerify (RSA's default padding), PEM keys through PEM_read_*.
#include "common/domain/payment_protocol.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>

#include "common/base/crypto.hpp"
#include "common/base/strings.hpp"

namespace zk::payment {

namespace {
constexpr int kMinRsaBits = 2048;

bool all_of(std::string_view s, bool (*ok)(char)) {
    for (char c : s)
        if (!ok(c)) return false;
    return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
bool is_hex_lower(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

struct FileClose {
    void operator()(FILE* f) const { std::fclose(f); }
};
std::unique_ptr<FILE, FileClose> open_key_file(const std::string& path) {
    std::unique_ptr<FILE, FileClose> f(std::fopen(path.c_str(), "r"));
    if (!f) throw PaymentError("cannot read key file " + path);
    return f;
}

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::string get(const Fields& f, const char* name) {
    const auto it = f.find(name);
    return it == f.end() ? std::string() : it->second;
}

// Reads the fields every provider message shares into `paid`; false when one is bad.
bool parse_party(const Fields& f, Paid& paid) {
    const auto channel = channel_of(get(f, "channel"));
    if (get(f, "v") != "1" || !channel || !valid_merchant_id(get(f, "merchant_id")) ||
        !valid_order_no(get(f, "order_no")))
        return false;
    paid.channel = *channel;
    paid.merchant_id = get(f, "merchant_id");
    paid.order_no = get(f, "order_no");
    return true;
}

// trade_no, amount_fen, currency and paid_at of a payment.
bool parse_payment(const Fields& f, Paid& paid) {
    const auto amount = parse_count(get(f, "amount_fen"), 100'000'000'00LL);
    const auto paid_at = parse_count(get(f, "paid_at"), 4'102'444'800LL);  // before 2100
    const std::string currency = get(f, "currency");
    if (!valid_trade_no(get(f, "trade_no")) || !amount || !paid_at || currency.size() != 3 ||
        !all_of(currency, is_upper))
        return false;
    paid.trade_no = get(f, "trade_no");
    paid.amount_fen = *amount;
    paid.currency = currency;
    paid.paid_at = *paid_at;
    return true;
}

void put_payment(Fields& f, const Paid& p) {
    f["trade_no"] = p.trade_no;
    f["amount_fen"] = std::to_string(p.amount_fen);
    f["currency"] = p.currency;
    f["paid_at"] = std::to_string(p.paid_at);
}
}  // namespace

// ---- channels --------------------------------------------------------------------------------

const char* code_of(Channel c) {
    switch (c) {
        case Channel::UnionPay: return "unionpay";
        case Channel::Alipay: return "alipay";
        case Channel::WeChat: return "wechat";
    }
    return "";
}

const char* name_of(Channel c) {
    switch (c) {
        case Channel::UnionPay: return "银联在线支付";
        case Channel::Alipay: return "支付宝";
        case Channel::WeChat: return "微信支付";
    }
    return "";
}

std::optional<Channel> channel_of(std::string_view code) {
    for (Channel c : kChannels)
        if (code == code_of(c)) return c;
    return std::nullopt;
}

// ---- wire form ------------------------------------------------------------------------------

std::string percent_encode(std::string_view value) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (unsigned char c : value) {
        if (is_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string canonical(const Fields& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {  // std::map: sorted by name in byte order
        if (name == "sign") continue;
        if (!out.empty()) out += '&';
        out += name + "=" + percent_encode(value);
    }
    return out;
}

std::string encode(const Fields& fields) {
    std::string out = canonical(fields);
    if (const auto it = fields.find("sign"); it != fields.end())
        out += (out.empty() ? "" : "&") + std::string("sign=") + percent_encode(it->second);
    return out;
}

std::optional<Fields> decode(std::string_view body) {
    if (body.empty() || body.size() > kMaxMessageBytes) return std::nullopt;
    Fields out;
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t amp = body.find('&', start);
        if (amp == std::string_view::npos) amp = body.size();
        const std::string_view pair = body.substr(start, amp - start);
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        const std::string_view name = pair.substr(0, eq);
        if (name.empty() || name.size() > 32 || !all_of(name, is_name_char)) return std::nullopt;
        auto value = percent_decode(pair.substr(eq + 1));
        if (!value || value->size() > kMaxValueBytes || !strings::is_clean_utf8(*value)) return std::nullopt;
        if (!out.emplace(std::string(name), std::move(*value)).second) return std::nullopt;  // named twice
        if (out.size() > kMaxFields) return std::nullopt;
        if (amp == body.size()) break;
        start = amp + 1;
    }
    return out;
}

// ---- keys and signatures --------------------------------------------------------------------

void RsaKey::Free::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

namespace {
// Refuses anything but an RSA key of at least kMinRsaBits (`k` freed by the caller's RsaKey).
void require_rsa(EVP_PKEY* k, const std::string& path) {
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA) throw PaymentError("not an RSA key: " + path);
    if (EVP_PKEY_get_bits(k) < kMinRsaBits) throw PaymentError("RSA key shorter than 2048 bits: " + path);
}
}  // namespace

RsaKey RsaKey::load_public(const std::string& path) {
    auto f = open_key_file(path);
    EVP_PKEY* k = PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr);
    if (!k) throw PaymentError("not a PEM public key: " + path);
    RsaKey key(k);
    require_rsa(k, path);
    return key;
}

RsaKey RsaKey::load_private(const std::string& path) {
    auto f = open_key_file(path);
    EVP_PKEY* k = PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr);
    if (!k) throw PaymentError("not a PEM private key: " + path);
    RsaKey key(k);
    require_rsa(k, path);
    return key;
}

void write_rsa_pair(const std::string& private_path, const std::string& public_path) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}),
                                                           &EVP_PKEY_free);
    if (!key) throw PaymentError("RSA key generation failed");
    auto write = [](const std::string& path, mode_t mode, auto&& writer) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
        if (fd < 0) throw PaymentError("cannot create " + path);
        std::unique_ptr<FILE, FileClose> f(::fdopen(fd, "w"));
        if (!f) {
            ::close(fd);
            throw PaymentError("cannot open " + path);
        }
        if (writer(f.get()) != 1) throw PaymentError("cannot write " + path);
    };
    write(private_path, 0600, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    write(public_path, 0644, [&](FILE* f) { return PEM_write_PUBKEY(f, key.get()); });
}

std::string sign(const Fields& fields, const RsaKey& private_key) {
    const std::string message = canonical(fields);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, private_key.get()) != 1)
        throw PaymentError("EVP_DigestSignInit failed");
    std::size_t len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()) != 1) throw PaymentError("EVP_DigestSign failed");
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data, message.size()) != 1)
        throw PaymentError("EVP_DigestSign failed");
    sig.resize(len);
    return crypto::base64_encode(sig);
}

Fields signed_fields(Fields fields, const RsaKey& private_key) {
    fields.erase("sign");
    fields["sign"] = sign(fields, private_key);
    return fields;
}

bool verify(const Fields& fields, const RsaKey& public_key) {
    const auto it = fields.find("sign");
    if (it == fields.end() || it->second.empty() || it->second.size() > 1024) return false;
    std::string sig;
    try {
        sig = crypto::base64_decode(it->second);
    } catch (const std::exception&) {
        return false;
    }
    const std::string message = canonical(fields);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, public_key.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

// ---- provider messages ----------------------------------------------------------------------

std::optional<Notification> parse_notification(const Fields& f) {
    Notification n;
    if (!parse_party(f, n.paid)) return std::nullopt;
    n.notify_id = get(f, "notify_id");
    const auto time = parse_count(get(f, "notify_time"), 4'102'444'800LL);
    n.trade_status = get(f, "trade_status");
    if (!valid_nonce(n.notify_id) || !time) return std::nullopt;
    n.notify_time = *time;
    if (n.trade_status == "SUCCESS") {
        if (!parse_payment(f, n.paid)) return std::nullopt;
    } else if (n.trade_status != "CLOSED") {
        return std::nullopt;
    }
    return n;
}

Fields notification_fields(const Notification& n) {
    Fields f{{"v", "1"},
             {"channel", code_of(n.paid.channel)},
             {"merchant_id", n.paid.merchant_id},
             {"notify_id", n.notify_id},
             {"notify_time", std::to_string(n.notify_time)},
             {"order_no", n.paid.order_no},
             {"trade_status", n.trade_status}};
    if (n.trade_status == "SUCCESS") put_payment(f, n.paid);
    return f;
}

std::optional<Answer> parse_answer(const Fields& f) {
    Answer a;
    if (!parse_party(f, a.paid)) return std::nullopt;
    a.nonce = get(f, "nonce");
    a.trade_state = get(f, "trade_state");
    if (!valid_nonce(a.nonce)) return std::nullopt;
    if (a.trade_state == "SUCCESS") {
        if (!parse_payment(f, a.paid)) return std::nullopt;
    } else if (a.trade_state != "NOTPAY" && a.trade_state != "CLOSED" && a.trade_state != "NOT_FOUND") {
        return std::nullopt;
    }
    return a;
}

Fields answer_fields(const Answer& a) {
    Fields f{{"v", "1"},
             {"channel", code_of(a.paid.channel)},
             {"merchant_id", a.paid.merchant_id},
             {"order_no", a.paid.order_no},
             {"nonce", a.nonce},
             {"trade_state", a.trade_state}};
    if (a.trade_state == "SUCCESS") put_payment(f, a.paid);
    return f;
}

// ---- single values --------------------------------------------------------------------------

bool valid_order_no(std::string_view s) {
    return s.size() == 20 && s.substr(0, 2) == "ZK" && all_of(s.substr(2), is_digit);
}

bool valid_merchant_id(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
        if (!is_alnum(c) && c != '_' && c != '-') return false;
    return true;
}

bool valid_trade_no(std::string_view s) { return s.size() >= 8 && s.size() <= 64 && all_of(s, is_alnum); }

bool valid_nonce(std::string_view s) { return s.size() == 32 && all_of(s, is_hex_lower); }

std::optional<std::int64_t> parse_count(std::string_view s, std::int64_t max) {
    if (s.empty() || s.size() > 15 || !all_of(s, is_digit) || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    if (v > max) return std::nullopt;
    return v;
}

// ---- acknowledgements -----------------------------------------------------------------------

Reply acknowledgement(Channel c, bool accepted) {
    switch (c) {
        case Channel::UnionPay:
            return accepted ? Reply{200, "text/plain; charset=utf-8", "ok"} : Reply{400, "text/plain; charset=utf-8", "fail"};
        case Channel::Alipay:
            return Reply{200, "text/plain; charset=utf-8", accepted ? "success" : "fail"};
        case Channel::WeChat:
            return accepted ? Reply{200, "application/json; charset=utf-8", R"({"code":"SUCCESS","message":"成功"})"}
                            : Reply{400, "application/json; charset=utf-8", R"({"code":"FAIL","message":"失败"})"};
    }
    return Reply{400, "text/plain; charset=utf-8", "fail"};
}

bool acknowledged(Channel c, long http_status, std::string_view body) {
    const Reply yes = acknowledgement(c, true);
    return http_status == yes.status && body == yes.body;
}

}  // namespace zk::payment
