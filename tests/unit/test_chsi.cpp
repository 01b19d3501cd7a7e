// test_chsi.cpp: CppUnit tests of common/domain/chsi: Ed25519 signing round trip with keys
// generated here (as PEM files in a private temp directory, the way the stack stores
// them), refusal of tampered payloads, wrong keys and malformed signatures, the strict
// canonical payload decoding, key-file errors, and the QR code SVG.
#include "common/domain/chsi.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <memory>
#include <string>

#include "common/base/crypto.hpp"
#include "tests/unit/temp_dir.hpp"

using namespace zk::chsi;

namespace {

// Writes a fresh Ed25519 pair as <prefix>_private.pem / <prefix>_public.pem.
void write_pair(const zk::test::TempDir& dir, const std::string& prefix) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"),
                                                           &EVP_PKEY_free);
    CPPUNIT_ASSERT(key);
    std::unique_ptr<FILE, decltype(&fclose)> priv(std::fopen(dir.file(prefix + "_private.pem").c_str(), "w"), &fclose);
    std::unique_ptr<FILE, decltype(&fclose)> pub(std::fopen(dir.file(prefix + "_public.pem").c_str(), "w"), &fclose);
    CPPUNIT_ASSERT(priv && pub);
    CPPUNIT_ASSERT_EQUAL(1, PEM_write_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr));
    CPPUNIT_ASSERT_EQUAL(1, PEM_write_PUBKEY(pub.get(), key.get()));
}

CallbackPayload sample() {
    CallbackPayload p;
    p.state = std::string(64, 'a');
    p.issued_at = 1760000000;
    p.records.push_back(Record{"张三", "140105199003070012", "M", "山西职业技术学院", "计算机应用技术", "专科",
                               "普通全日制", "普通", 2009, 2012, "毕业"});
    p.records.push_back(Record{"张三", "140105199003070012", "M", "太原理工大学", "软件工程", "本科", "网络教育",
                               "成人", 2013, 2016, "毕业"});
    return p;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

class ChsiTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ChsiTest);
    CPPUNIT_TEST(testSignatureRoundTrip);
    CPPUNIT_TEST(testTamperedPayloadRefused);
    CPPUNIT_TEST(testWrongKeyRefused);
    CPPUNIT_TEST(testMalformedSignatureRefused);
    CPPUNIT_TEST(testNonCanonicalPayloadRefused);
    CPPUNIT_TEST(testMissingKeyFileThrows);
    CPPUNIT_TEST(testQrSvg);
    CPPUNIT_TEST(testAdapterUrl);
    CPPUNIT_TEST(testDisplayFields);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSignatureRoundTrip() {
        zk::test::TempDir dir;
        write_pair(dir, "sim");
        const Key priv = Key::load_private(dir.file("sim_private.pem"));
        const Key pub = Key::load_public(dir.file("sim_public.pem"));
        const std::string body = encode_payload(sample());
        const std::string sig = sign(body, priv);
        auto p = verify_callback(body, sig, pub);
        CPPUNIT_ASSERT(p);
        CPPUNIT_ASSERT_EQUAL(std::string(64, 'a'), p->state);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), p->records.size());
        CPPUNIT_ASSERT_EQUAL(std::string("张三"), p->records[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("140105199003070012"), p->records[1].id_number);
        CPPUNIT_ASSERT_EQUAL(2016, p->records[1].graduation_year);
        CPPUNIT_ASSERT_EQUAL(std::string("网络教育"), p->records[1].study_form);
        // An empty record list is a valid answer (学信网 found nothing).
        CallbackPayload none = sample();
        none.records.clear();
        const std::string empty_body = encode_payload(none);
        auto q = verify_callback(empty_body, sign(empty_body, priv), pub);
        CPPUNIT_ASSERT(q && q->records.empty());
    }

    void testTamperedPayloadRefused() {
        zk::test::TempDir dir;
        write_pair(dir, "sim");
        const Key priv = Key::load_private(dir.file("sim_private.pem"));
        const Key pub = Key::load_public(dir.file("sim_public.pem"));
        const std::string body = encode_payload(sample());
        const std::string sig = sign(body, priv);
        CallbackPayload changed = sample();
        changed.records[0].level = "本科";
        CPPUNIT_ASSERT(!verify_callback(encode_payload(changed), sig, pub));
        std::string flipped = body;
        flipped[flipped.size() - 1] ^= 1;
        CPPUNIT_ASSERT(!verify_callback(flipped, sig, pub));
        CPPUNIT_ASSERT(!verify_callback(body + "&extra=1", sig, pub));
    }

    void testWrongKeyRefused() {
        zk::test::TempDir dir;
        write_pair(dir, "sim");
        write_pair(dir, "other");
        const std::string body = encode_payload(sample());
        const std::string sig = sign(body, Key::load_private(dir.file("other_private.pem")));
        CPPUNIT_ASSERT(!verify_callback(body, sig, Key::load_public(dir.file("sim_public.pem"))));
        CPPUNIT_ASSERT(verify_callback(body, sig, Key::load_public(dir.file("other_public.pem"))));
    }

    void testMalformedSignatureRefused() {
        zk::test::TempDir dir;
        write_pair(dir, "sim");
        const Key pub = Key::load_public(dir.file("sim_public.pem"));
        const std::string body = encode_payload(sample());
        CPPUNIT_ASSERT(!verify_callback(body, "", pub));
        CPPUNIT_ASSERT(!verify_callback(body, "not base64!", pub));
        CPPUNIT_ASSERT(!verify_callback(body, zk::crypto::base64_encode(std::string(64, '\0')), pub));
        CPPUNIT_ASSERT(!verify_callback(body, zk::crypto::base64_encode(std::string(63, 'x')), pub));
    }

    void testNonCanonicalPayloadRefused() {
        const std::string body = encode_payload(sample());
        CPPUNIT_ASSERT(decode_payload(body));
        CPPUNIT_ASSERT(!decode_payload(body + "&name.0=x"));        // repeated field
        CPPUNIT_ASSERT(!decode_payload("v=2" + body.substr(3)));     // unknown version
        CallbackPayload bad = sample();
        bad.state = "short";
        CPPUNIT_ASSERT(!decode_payload(encode_payload(bad)));
        bad = sample();
        bad.records[0].gender = "X";
        CPPUNIT_ASSERT(!decode_payload(encode_payload(bad)));
        bad = sample();
        bad.records[0].school.clear();
        CPPUNIT_ASSERT(!decode_payload(encode_payload(bad)));
        bad = sample();
        bad.records[0].entry_year = 1800;
        CPPUNIT_ASSERT(!decode_payload(encode_payload(bad)));
        CPPUNIT_ASSERT(!decode_payload("%zz"));
    }

    void testMissingKeyFileThrows() {
        zk::test::TempDir dir;
        CPPUNIT_ASSERT_THROW(Key::load_public(dir.file("nope.pem")), ChsiError);
        write_pair(dir, "sim");
        // A private key file is not a public key file, and the reverse.
        CPPUNIT_ASSERT_THROW(Key::load_public(dir.file("sim_private.pem")), ChsiError);
        CPPUNIT_ASSERT_THROW(Key::load_private(dir.file("sim_public.pem")), ChsiError);
    }

    void testQrSvg() {
        const std::string svg = qr_svg("/chsi-sim/authorize?state=" + std::string(64, 'f'));
        CPPUNIT_ASSERT(svg.rfind("<svg ", 0) == 0);
        CPPUNIT_ASSERT(contains(svg, "</svg>"));
        CPPUNIT_ASSERT(contains(svg, "<path"));
        CPPUNIT_ASSERT(contains(svg, "M4 4h7v1h-7z"));  // top row of the top-left finder pattern
        CPPUNIT_ASSERT(!contains(svg, "<script"));
        CPPUNIT_ASSERT(svg.size() > 1000);
        // Different text, different code.
        CPPUNIT_ASSERT(svg != qr_svg("/chsi-sim/authorize?state=" + std::string(64, 'e')));
    }

    void testAdapterUrl() {
        zk::Config c;
        const std::string state(64, '0');
        CPPUNIT_ASSERT_EQUAL("/chsi-sim/authorize?state=" + state, make_adapter(c)->begin(state));
        c.set("chsi_authorize_url", "https://chsi.example/auth");
        CPPUNIT_ASSERT_EQUAL("https://chsi.example/auth?state=" + state, make_adapter(c)->begin(state));
        CPPUNIT_ASSERT(valid_state(state));
        CPPUNIT_ASSERT(!valid_state(std::string(64, 'A')));
        CPPUNIT_ASSERT(!valid_state(std::string(32, 'a')));
    }

    // The records page and the simulator show a 学历 through the same fields: the
    // 证件号码 never in full.
    void testDisplayFields() {
        const auto fields = display_fields(sample().records[1]);
        const std::vector<std::pair<std::string, std::string>> expected{
            {"NAME", "张三"},           {"ID_NUMBER", "1401**********0012"}, {"GENDER", "男"},
            {"SCHOOL", "太原理工大学"}, {"MAJOR", "软件工程"},               {"LEVEL", "本科"},
            {"STUDY_FORM", "网络教育"}, {"CATEGORY", "成人"},                {"ENTRY_YEAR", "2013"},
            {"GRADUATION_YEAR", "2016"}, {"CONCLUSION", "毕业"}};
        CPPUNIT_ASSERT(fields == expected);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChsiTest);
