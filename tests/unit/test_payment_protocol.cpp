// test_payment_protocol.cpp: CppUnit tests of common/domain/payment_protocol: the canonical
// form (sorted, percent-encoded, `sign` left out), encode/decode and decode's refusals, RSA
// key files (written by write_rsa_pair in a private temp directory, the way zikao-ctl
// keygen makes them; short and non-RSA keys refused), signing and verifying (any change,
// another key or a garbage signature fails), the strict parsing of notifications and
// answers, and each channel's acknowledgement.
#include "common/domain/payment_protocol.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "tests/unit/temp_dir.hpp"

using namespace zk::payment;

namespace {

// Two merchant-like key pairs, made once for the whole suite (RSA generation is slow).
struct Keys {
    zk::test::TempDir dir;
    RsaKey a_private, a_public, b_private, b_public;
    Keys()
        : a_private(made(dir, "a")), a_public(RsaKey::load_public(dir.file("a_public.pem"))),
          b_private(made(dir, "b")), b_public(RsaKey::load_public(dir.file("b_public.pem"))) {}
    // Writes <name>_private.pem and <name>_public.pem; returns the private key.
    static RsaKey made(const zk::test::TempDir& dir, const std::string& name) {
        write_rsa_pair(dir.file(name + "_private.pem"), dir.file(name + "_public.pem"));
        return RsaKey::load_private(dir.file(name + "_private.pem"));
    }
};
const Keys& keys() {
    static const Keys k;
    return k;
}

mode_t file_mode(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return 0;
    return st.st_mode & 07777;
}

// Writes a key made by EVP_PKEY_Q_keygen(type, …) as a PEM private key file.
template <typename... Args>
void write_private_key(const std::string& path, const char* type, Args... args) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, type, args...),
                                                           &EVP_PKEY_free);
    CPPUNIT_ASSERT(key);
    std::unique_ptr<FILE, decltype(&fclose)> f(std::fopen(path.c_str(), "w"), &fclose);
    CPPUNIT_ASSERT(f);
    CPPUNIT_ASSERT_EQUAL(1, PEM_write_PrivateKey(f.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr));
}

Fields notification() {
    return {{"v", "1"},
            {"channel", "alipay"},
            {"merchant_id", "SANDBOX-ALIPAY"},
            {"notify_id", std::string(32, 'a')},
            {"notify_time", "1760000000"},
            {"order_no", "ZK202505170000000001"},
            {"trade_no", "ALSIM0123456789abcdef01234567"},
            {"trade_status", "SUCCESS"},
            {"amount_fen", "15000"},
            {"currency", "CNY"},
            {"paid_at", "1760000000"}};
}

Fields answer() {
    return {{"v", "1"},
            {"channel", "wechat"},
            {"merchant_id", "SANDBOX-WECHAT"},
            {"order_no", "ZK202505170000000002"},
            {"nonce", std::string(32, 'f')},
            {"trade_state", "SUCCESS"},
            {"trade_no", "WXSIM0123456789"},
            {"amount_fen", "15000"},
            {"currency", "CNY"},
            {"paid_at", "1760000000"}};
}

Fields with(Fields f, const std::string& name, const std::string& value) {
    f[name] = value;
    return f;
}
Fields without(Fields f, const std::string& name) {
    f.erase(name);
    return f;
}

}  // namespace

class PaymentProtocolTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PaymentProtocolTest);
    CPPUNIT_TEST(testChannels);
    CPPUNIT_TEST(testPercentEncoding);
    CPPUNIT_TEST(testCanonicalSortsAndLeavesOutSign);
    CPPUNIT_TEST(testEncodeDecodeRoundTrip);
    CPPUNIT_TEST(testDecodeAcceptsAnyOrderAndPlus);
    CPPUNIT_TEST(testDecodeRefusals);
    CPPUNIT_TEST(testKeyFiles);
    CPPUNIT_TEST(testKeyFilesRefused);
    CPPUNIT_TEST(testSignVerify);
    CPPUNIT_TEST(testVerifyFailsAfterAnyChange);
    CPPUNIT_TEST(testVerifyFailsWithAnotherKeyOrGarbage);
    CPPUNIT_TEST(testSignedFieldsReplacesSign);
    CPPUNIT_TEST(testNotificationRoundTrip);
    CPPUNIT_TEST(testNotificationRefusals);
    CPPUNIT_TEST(testAnswerRoundTrip);
    CPPUNIT_TEST(testAnswerRefusals);
    CPPUNIT_TEST(testSingleValues);
    CPPUNIT_TEST(testAcknowledgements);
    CPPUNIT_TEST_SUITE_END();

public:
    void testChannels() {
        CPPUNIT_ASSERT_EQUAL(std::string("unionpay"), std::string(code_of(Channel::UnionPay)));
        CPPUNIT_ASSERT_EQUAL(std::string("支付宝"), std::string(name_of(Channel::Alipay)));
        CPPUNIT_ASSERT(channel_of("wechat") == Channel::WeChat);
        CPPUNIT_ASSERT(!channel_of("WeChat"));
        CPPUNIT_ASSERT(!channel_of(""));
        for (Channel c : kChannels) CPPUNIT_ASSERT(channel_of(code_of(c)) == c);
    }

    void testPercentEncoding() {
        CPPUNIT_ASSERT_EQUAL(std::string("aZ09-._~"), percent_encode("aZ09-._~"));
        CPPUNIT_ASSERT_EQUAL(std::string("%E6%AF%95%E4%B8%9A"), percent_encode("毕业"));
        CPPUNIT_ASSERT_EQUAL(std::string("a%20b%26c%3Dd%2B%25%2F"), percent_encode("a b&c=d+%/"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), percent_encode(""));
    }

    void testCanonicalSortsAndLeavesOutSign() {
        const Fields f{{"subject", "毕业申请费 A&B=C"}, {"amount_fen", "15000"}, {"sign", "xyz"}, {"b", ""}, {"a_b", "1"}};
        CPPUNIT_ASSERT_EQUAL(std::string("a_b=1&amount_fen=15000&b=&subject=%E6%AF%95%E4%B8%9A%E7%94%B3%E8%AF%B7%E8%B4%B9"
                                         "%20A%26B%3DC"),
                             canonical(f));
        CPPUNIT_ASSERT_EQUAL(canonical(f) + "&sign=xyz", encode(f));
        CPPUNIT_ASSERT_EQUAL(canonical(f), canonical(without(f, "sign")));
        CPPUNIT_ASSERT_EQUAL(std::string(""), canonical(Fields{{"sign", "x"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("sign=x"), encode(Fields{{"sign", "x"}}));
    }

    void testEncodeDecodeRoundTrip() {
        const Fields f = with(notification(), "sign", "ab+/c=");
        const auto back = decode(encode(f));
        CPPUNIT_ASSERT(back);
        CPPUNIT_ASSERT(*back == f);
        const Fields odd{{"subject", "毕业 申请&费=%+"}, {"empty", ""}};
        CPPUNIT_ASSERT(decode(encode(odd)) == odd);
    }

    void testDecodeAcceptsAnyOrderAndPlus() {
        const auto f = decode("b=2&a=x+y&c=%E6%AF%95");
        CPPUNIT_ASSERT(f);
        CPPUNIT_ASSERT(*f == (Fields{{"a", "x y"}, {"b", "2"}, {"c", "毕"}}));
        CPPUNIT_ASSERT(decode("a=") == (Fields{{"a", ""}}));
    }

    void testDecodeRefusals() {
        CPPUNIT_ASSERT(!decode(""));
        CPPUNIT_ASSERT(!decode("a=" + std::string(kMaxMessageBytes, 'x')));        // over 16 KiB
        CPPUNIT_ASSERT(decode("a=" + std::string(kMaxValueBytes, 'x')));           // a value at the limit
        CPPUNIT_ASSERT(!decode("a=" + std::string(kMaxValueBytes + 1, 'x')));      // one byte past it
        CPPUNIT_ASSERT(!decode("a=1&a=1"));                                         // named twice
        CPPUNIT_ASSERT(!decode("a=1&b=2&a=3"));
        CPPUNIT_ASSERT(!decode("a=%4"));                                            // broken escapes
        CPPUNIT_ASSERT(!decode("a=%zz"));
        CPPUNIT_ASSERT(!decode("a=%"));
        CPPUNIT_ASSERT(!decode("a=1&"));                                            // an empty pair
        CPPUNIT_ASSERT(!decode("&a=1"));
        CPPUNIT_ASSERT(!decode("a"));                                               // no '='
        CPPUNIT_ASSERT(!decode("A=1"));                                             // bad names
        CPPUNIT_ASSERT(!decode("a1=1"));
        CPPUNIT_ASSERT(!decode("a-b=1"));
        CPPUNIT_ASSERT(!decode("=1"));
        CPPUNIT_ASSERT(!decode("%61=1"));
        CPPUNIT_ASSERT(!decode(std::string(33, 'a') + "=1"));
        CPPUNIT_ASSERT(decode(std::string(32, 'a') + "=1"));
        CPPUNIT_ASSERT(!decode("a=%FF"));                                           // invalid UTF-8
        CPPUNIT_ASSERT(!decode("a=%C0%AF"));                                        // overlong
        CPPUNIT_ASSERT(!decode("a=%ED%A0%80"));                                     // a surrogate
        CPPUNIT_ASSERT(!decode("a=%00"));                                           // NUL
        std::string fields;
        for (std::size_t i = 0; i < kMaxFields; ++i) {
            fields += (i ? "&" : "") + std::string(1, static_cast<char>('a' + i / 26)) +
                      std::string(1, static_cast<char>('a' + i % 26)) + "=1";
        }
        CPPUNIT_ASSERT(decode(fields));                                             // 32 fields
        CPPUNIT_ASSERT(!decode(fields + "&zz=1"));                                  // 33
    }

    void testKeyFiles() {
        zk::test::TempDir dir;
        write_rsa_pair(dir.file("p.pem"), dir.file("q.pem"));
        CPPUNIT_ASSERT_EQUAL(static_cast<mode_t>(0600), file_mode(dir.file("p.pem")));
        CPPUNIT_ASSERT_EQUAL(static_cast<mode_t>(0644), file_mode(dir.file("q.pem")));
        const RsaKey priv = RsaKey::load_private(dir.file("p.pem"));
        const RsaKey pub = RsaKey::load_public(dir.file("q.pem"));
        CPPUNIT_ASSERT(verify(signed_fields(answer(), priv), pub));
        // Never overwrites.
        CPPUNIT_ASSERT_THROW(write_rsa_pair(dir.file("p.pem"), dir.file("other.pem")), PaymentError);
        CPPUNIT_ASSERT(verify(signed_fields(answer(), RsaKey::load_private(dir.file("p.pem"))), pub));
    }

    void testKeyFilesRefused() {
        zk::test::TempDir dir;
        CPPUNIT_ASSERT_THROW(RsaKey::load_public(dir.file("missing.pem")), PaymentError);
        CPPUNIT_ASSERT_THROW(RsaKey::load_private(dir.file("missing.pem")), PaymentError);
        write_rsa_pair(dir.file("p.pem"), dir.file("q.pem"));
        CPPUNIT_ASSERT_THROW(RsaKey::load_public(dir.file("p.pem")), PaymentError);   // a private key
        CPPUNIT_ASSERT_THROW(RsaKey::load_private(dir.file("q.pem")), PaymentError);  // a public key
        write_private_key(dir.file("short.pem"), "RSA", std::size_t{1024});
        CPPUNIT_ASSERT_THROW(RsaKey::load_private(dir.file("short.pem")), PaymentError);
        write_private_key(dir.file("ed.pem"), "ED25519");
        CPPUNIT_ASSERT_THROW(RsaKey::load_private(dir.file("ed.pem")), PaymentError);
        std::unique_ptr<FILE, decltype(&fclose)> f(std::fopen(dir.file("junk.pem").c_str(), "w"), &fclose);
        std::fputs("not a key\n", f.get());
        f.reset();
        CPPUNIT_ASSERT_THROW(RsaKey::load_private(dir.file("junk.pem")), PaymentError);
    }

    void testSignVerify() {
        const Fields f = signed_fields(notification(), keys().a_private);
        CPPUNIT_ASSERT(verify(f, keys().a_public));
        CPPUNIT_ASSERT_EQUAL(std::size_t{344}, f.at("sign").size());  // base64 of 256 bytes
        // What the receiver decodes from the wire verifies too, whatever the field order.
        const auto wire = decode(encode(f));
        CPPUNIT_ASSERT(wire && verify(*wire, keys().a_public));
        CPPUNIT_ASSERT(verify(with(f, "sign", sign(notification(), keys().a_private)), keys().a_public));
    }

    void testVerifyFailsAfterAnyChange() {
        const Fields f = signed_fields(notification(), keys().a_private);
        for (const auto& [name, value] : f) {
            if (name == "sign") continue;
            CPPUNIT_ASSERT_MESSAGE(name, !verify(with(f, name, value + "0"), keys().a_public));
            CPPUNIT_ASSERT_MESSAGE(name, !verify(with(f, name, ""), keys().a_public));
            CPPUNIT_ASSERT_MESSAGE(name, !verify(without(f, name), keys().a_public));
        }
        CPPUNIT_ASSERT(!verify(with(f, "extra", "1"), keys().a_public));
        CPPUNIT_ASSERT(!verify(with(f, "extra", ""), keys().a_public));
    }

    void testVerifyFailsWithAnotherKeyOrGarbage() {
        const Fields f = signed_fields(answer(), keys().a_private);
        CPPUNIT_ASSERT(!verify(f, keys().b_public));
        CPPUNIT_ASSERT(!verify(signed_fields(answer(), keys().b_private), keys().a_public));
        CPPUNIT_ASSERT(!verify(answer(), keys().a_public));                        // no sign
        CPPUNIT_ASSERT(!verify(with(f, "sign", ""), keys().a_public));
        CPPUNIT_ASSERT(!verify(with(f, "sign", "not base64!"), keys().a_public));
        CPPUNIT_ASSERT(!verify(with(f, "sign", "AAAA"), keys().a_public));
        CPPUNIT_ASSERT(!verify(with(f, "sign", std::string(2000, 'A')), keys().a_public));
        std::string flipped = f.at("sign");
        flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT(!verify(with(f, "sign", flipped), keys().a_public));
    }

    void testSignedFieldsReplacesSign() {
        const Fields f = signed_fields(with(answer(), "sign", "stale"), keys().a_private);
        CPPUNIT_ASSERT(f.at("sign") != "stale");
        CPPUNIT_ASSERT(verify(f, keys().a_public));
    }

    void testNotificationRoundTrip() {
        const auto n = parse_notification(notification());
        CPPUNIT_ASSERT(n);
        CPPUNIT_ASSERT_EQUAL(std::string("SUCCESS"), n->trade_status);
        CPPUNIT_ASSERT(n->paid.channel == Channel::Alipay);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{15000}, n->paid.amount_fen);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1760000000}, n->notify_time);
        CPPUNIT_ASSERT(notification_fields(*n) == notification());
        // CLOSED carries no payment.
        Fields closed{{"v", "1"}, {"channel", "unionpay"}, {"merchant_id", "M1"}, {"notify_id", std::string(32, '0')},
                      {"notify_time", "1"}, {"order_no", "ZK000000000000000000"}, {"trade_status", "CLOSED"}};
        const auto c = parse_notification(closed);
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT(notification_fields(*c) == closed);
    }

    void testNotificationRefusals() {
        const Fields n = notification();
        for (const auto& [name, value] : n)
            CPPUNIT_ASSERT_MESSAGE("without " + name, !parse_notification(without(n, name)));
        const std::pair<std::string, std::string> bad[] = {
            {"v", "2"}, {"v", ""}, {"channel", "paypal"}, {"merchant_id", "有"}, {"merchant_id", std::string(33, 'm')},
            {"order_no", "ZK123"}, {"order_no", "zk202505170000000001"}, {"order_no", "ZK20250517000000000X"},
            {"notify_id", "ABC"}, {"notify_id", std::string(32, 'A')}, {"notify_time", "-1"},
            {"trade_status", "PAID"}, {"trade_status", "success"}, {"trade_no", "short"}, {"trade_no", "has space 123"},
            {"amount_fen", "015000"}, {"amount_fen", "+15000"}, {"amount_fen", "-15000"}, {"amount_fen", "1.5"},
            {"amount_fen", "10000000001"}, {"currency", "cny"}, {"currency", "CNYY"}, {"paid_at", "4102444801"},
        };
        for (const auto& [name, value] : bad)
            CPPUNIT_ASSERT_MESSAGE(name + "=" + value, !parse_notification(with(n, name, value)));
    }

    void testAnswerRoundTrip() {
        const auto a = parse_answer(answer());
        CPPUNIT_ASSERT(a);
        CPPUNIT_ASSERT_EQUAL(std::string(32, 'f'), a->nonce);
        CPPUNIT_ASSERT(a->paid.channel == Channel::WeChat);
        CPPUNIT_ASSERT(answer_fields(*a) == answer());
        for (const char* state : {"NOTPAY", "CLOSED", "NOT_FOUND"}) {
            Fields f = with(answer(), "trade_state", state);
            for (const char* name : {"trade_no", "amount_fen", "currency", "paid_at"}) f.erase(name);
            const auto other = parse_answer(f);
            CPPUNIT_ASSERT_MESSAGE(state, other);
            CPPUNIT_ASSERT_MESSAGE(state, answer_fields(*other) == f);
        }
    }

    void testAnswerRefusals() {
        const Fields a = answer();
        for (const auto& [name, value] : a)
            CPPUNIT_ASSERT_MESSAGE("without " + name, !parse_answer(without(a, name)));
        const std::pair<std::string, std::string> bad[] = {
            {"v", "0"}, {"channel", "UNIONPAY"}, {"order_no", "ZK1"}, {"nonce", "abc"},
            {"nonce", std::string(32, 'g')}, {"trade_state", "TRADE_SUCCESS"}, {"trade_state", ""},
            {"amount_fen", "00"}, {"amount_fen", "+1"}, {"amount_fen", " 1"}, {"paid_at", "x"},
        };
        for (const auto& [name, value] : bad)
            CPPUNIT_ASSERT_MESSAGE(name + "=" + value, !parse_answer(with(a, name, value)));
    }

    void testSingleValues() {
        CPPUNIT_ASSERT(valid_order_no("ZK202505170000000001"));
        CPPUNIT_ASSERT(!valid_order_no("ZK20250517000000001"));
        CPPUNIT_ASSERT(valid_merchant_id("SANDBOX-ALIPAY_1"));
        CPPUNIT_ASSERT(!valid_merchant_id(""));
        CPPUNIT_ASSERT(valid_trade_no("Ab345678"));
        CPPUNIT_ASSERT(!valid_trade_no("Ab34567"));
        CPPUNIT_ASSERT(!valid_trade_no(std::string(65, 'a')));
        CPPUNIT_ASSERT(valid_nonce(std::string(32, '9')));
        CPPUNIT_ASSERT(parse_count("0", 10) == 0);
        CPPUNIT_ASSERT(parse_count("10", 10) == 10);
        CPPUNIT_ASSERT(!parse_count("11", 10));
        CPPUNIT_ASSERT(!parse_count("01", 10));
        CPPUNIT_ASSERT(!parse_count("", 10));
        CPPUNIT_ASSERT(!parse_count("1e3", 10000));
        CPPUNIT_ASSERT(!parse_count("9999999999999999", INT64_MAX));  // 16 digits
    }

    void testAcknowledgements() {
        const Reply up_yes = acknowledgement(Channel::UnionPay, true), up_no = acknowledgement(Channel::UnionPay, false);
        CPPUNIT_ASSERT_EQUAL(200, up_yes.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), up_yes.body);
        CPPUNIT_ASSERT_EQUAL(400, up_no.status);
        CPPUNIT_ASSERT_EQUAL(std::string("fail"), up_no.body);
        const Reply ali_yes = acknowledgement(Channel::Alipay, true), ali_no = acknowledgement(Channel::Alipay, false);
        CPPUNIT_ASSERT_EQUAL(200, ali_yes.status);
        CPPUNIT_ASSERT_EQUAL(std::string("success"), ali_yes.body);
        CPPUNIT_ASSERT_EQUAL(200, ali_no.status);
        CPPUNIT_ASSERT_EQUAL(std::string("fail"), ali_no.body);
        const Reply wx_yes = acknowledgement(Channel::WeChat, true), wx_no = acknowledgement(Channel::WeChat, false);
        CPPUNIT_ASSERT_EQUAL(200, wx_yes.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"code":"SUCCESS","message":"成功"})"), wx_yes.body);
        CPPUNIT_ASSERT(wx_yes.content_type.rfind("application/json", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(400, wx_no.status);

        for (Channel c : kChannels) {
            const Reply yes = acknowledgement(c, true), no = acknowledgement(c, false);
            CPPUNIT_ASSERT(acknowledged(c, yes.status, yes.body));
            CPPUNIT_ASSERT(!acknowledged(c, no.status, no.body));
            CPPUNIT_ASSERT(!acknowledged(c, 500, yes.body));
            CPPUNIT_ASSERT(!acknowledged(c, yes.status, yes.body + "\n"));
            CPPUNIT_ASSERT(!acknowledged(c, yes.status, ""));
        }
        // One channel's acceptance is not another's.
        CPPUNIT_ASSERT(!acknowledged(Channel::Alipay, 200, "ok"));
        CPPUNIT_ASSERT(!acknowledged(Channel::UnionPay, 200, "success"));
        CPPUNIT_ASSERT(!acknowledged(Channel::WeChat, 200, "success"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PaymentProtocolTest);
