// payment_provider.cpp: see payment_provider.hpp. The sandbox adapter.
#include "common/domain/payment_provider.hpp"

#include <ctime>
#include <mutex>
#include <vector>

#include "common/base/http_client.hpp"
#include "common/domain/stand_ins.hpp"

namespace zk::payment {

namespace {

class SandboxProvider final : public Provider {
public:
    explicit SandboxProvider(const Config& config)
        : base_url_(config.require("pay_sandbox_url")),
          site_(stand_ins::public_base_url(config)),
          merchant_key_(RsaKey::load_private(config.require("keys_dir") + "/pay_merchant_private.pem")) {
        while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
        if (base_url_.rfind("http://", 0) != 0 && base_url_.rfind("https://", 0) != 0)
            throw ConfigError("pay_sandbox_url must be an http:// or https:// URL of the payment sandbox (…/pay-sim)");
        for (Channel c : kChannels) {
            const auto i = static_cast<std::size_t>(c);
            merchant_ids_[i] = configured_merchant_id(config, c);
            provider_keys_.push_back(
                RsaKey::load_public(config.require("keys_dir") + "/pay_" + code_of(c) + "_public.pem"));
        }
    }

    std::string merchant_id(Channel c) const override { return merchant_ids_[static_cast<std::size_t>(c)]; }

    std::string checkout_url(const Checkout& o) const override {
        const std::string channel = code_of(o.channel);
        Fields f{{"v", "1"},
                 {"channel", channel},
                 {"merchant_id", merchant_id(o.channel)},
                 {"order_no", o.order_no},
                 {"amount_fen", std::to_string(o.amount_fen)},
                 {"currency", "CNY"},
                 {"subject", o.subject},
                 {"notify_url", site_ + "/pay/notify/" + channel},
                 {"return_url", site_ + "/pay/return/" + channel + "?order_no=" + o.order_no},
                 {"expires_at", std::to_string(o.expires_at)},
                 {"timestamp", std::to_string(std::time(nullptr))}};
        return base_url_ + "/checkout?" + encode(signed_fields(std::move(f), merchant_key_));
    }

    Checked check_notification(Channel c, std::string_view body) const override { return check(c, body); }

    Reply acknowledge(Channel c, bool accepted) const override { return acknowledgement(c, accepted); }

    Exchange query(Channel c, const std::string& order_no, const std::string& nonce) const override {
        return call("/query", c, order_no, nonce);
    }
    Exchange close(Channel c, const std::string& order_no, const std::string& nonce) const override {
        return call("/close", c, order_no, nonce);
    }

private:
    Checked check(Channel c, std::string_view body) const {
        Checked out;
        auto fields = decode(body);
        if (!fields) return out;
        out.fields = std::move(*fields);
        out.verdict = verify(out.fields, provider_keys_[static_cast<std::size_t>(c)]) ? Checked::Verdict::Ok
                                                                                       : Checked::Verdict::BadSignature;
        return out;
    }

    Exchange call(const char* path, Channel c, const std::string& order_no, const std::string& nonce) const {
        Fields f{{"v", "1"},
                 {"channel", code_of(c)},
                 {"merchant_id", merchant_id(c)},
                 {"order_no", order_no},
                 {"nonce", nonce},
                 {"timestamp", std::to_string(std::time(nullptr))}};
        const auto answer = http_client::post(base_url_ + path, encode(signed_fields(std::move(f), merchant_key_)),
                                              "application/x-www-form-urlencoded", true, "zikao-pay/1");
        if (!answer.ok) throw ProviderUnavailable(std::string("payment sandbox ") + path + ": " + answer.error);
        if (answer.status != 200)
            throw ProviderUnavailable(std::string("payment sandbox ") + path + ": HTTP " + std::to_string(answer.status));
        return Exchange{answer.body, check(c, answer.body)};
    }

    std::string base_url_;
    std::string site_;
    RsaKey merchant_key_;
    std::string merchant_ids_[3];
    std::vector<RsaKey> provider_keys_;
};

}  // namespace

std::string configured_merchant_id(const Config& config, Channel c) {
    const std::string key = std::string("pay_") + code_of(c) + "_merchant_id";
    std::string fallback = std::string("SANDBOX-") + code_of(c);
    for (char& ch : fallback)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    std::string id = config.get(key, fallback);
    if (!valid_merchant_id(id)) throw ConfigError(key + " must be 1–32 letters, digits, _ or -");
    return id;
}

std::unique_ptr<Provider> make_provider(const Config& config) {
    const std::string kind = config.get("pay_provider");
    if (kind.empty()) return nullptr;
    if (kind == "sandbox") {
        if (!stand_ins::development(config))
            throw ConfigError("pay_provider = sandbox is a development stand-in (development_stand_ins = true only)");
        return std::make_unique<SandboxProvider>(config);
    }
    throw ConfigError("pay_provider = " + kind + " is unknown (sandbox, or unset for no online payment)");
}

const Provider* provider(const Config& config) {
    static std::once_flag once;
    static std::unique_ptr<Provider> made;
    std::call_once(once, [&] { made = make_provider(config); });
    return made.get();
}

}  // namespace zk::payment
