// fuzz_payment.cpp: libFuzzer harness for the payment notification as the merchant reads it
// (common/domain/payment_protocol): decode of a hostile body, parse_notification and
// parse_answer of what it decodes to, and verify of its signature.
// Trusts nothing in the input. At start a throwaway RSA-2048 test key pair is generated
// into a temporary directory (removed at once; the key exists only in this process) and a
// fixed notification is signed with it. Besides "no crash, no UB, no leak, no exception",
// it asserts:
//   - decode is strict and bounded (≤ 32 fields, names [a-z_]{1,32}, values ≤ 2048 bytes
//     of clean UTF-8), and encode → decode gives the same fields back;
//   - a parsed notification/answer is what the fields say: the fields written back from it
//     are the ones the body carried;
//   - verify never accepts a body whose fields (all but sign) differ from what was signed:
//     neither with the body's own sign nor with the signed notification's sign put in.
// Slower per execution than the form parsers (RSA verify): run.sh gives it a fraction.
#include "tests/fuzz/fuzz_check.hpp"
#include "common/domain/payment_protocol.hpp"
#include "common/base/strings.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

using zk::fuzz::require;

using zk::payment::Fields;

struct Signed {
    std::optional<zk::payment::RsaKey> public_key;
    Fields fields;  // the signed notification, `sign` included
};
Signed* g_signed = nullptr;

Fields without_sign(Fields f) {
    f.erase("sign");
    return f;
}

bool name_ok(const std::string& name) {
    if (name.empty() || name.size() > 32) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
    return true;
}

// Every field `written` has is in `body` with the same value.
bool carried(const Fields& written, const Fields& body) {
    for (const auto& [name, value] : written) {
        const auto it = body.find(name);
        if (it == body.end() || it->second != value) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char dir[] = "/tmp/fuzz_payment.XXXXXX";
    if (!mkdtemp(dir)) std::abort();
    const std::string private_path = std::string(dir) + "/private.pem", public_path = std::string(dir) + "/public.pem";
    zk::payment::write_rsa_pair(private_path, public_path);
    const auto private_key = zk::payment::RsaKey::load_private(private_path);
    g_signed = new Signed{zk::payment::RsaKey::load_public(public_path), {}};
    std::remove(private_path.c_str());
    std::remove(public_path.c_str());
    rmdir(dir);
    // The notification of corpus/payment/notification_success (its sign differs per run).
    g_signed->fields = zk::payment::signed_fields({{"v", "1"},
                                                  {"channel", "alipay"},
                                                  {"merchant_id", "sxzk_test"},
                                                  {"notify_id", "0123456789abcdef0123456789abcdef"},
                                                  {"notify_time", "1767225600"},
                                                  {"order_no", "ZK202601010000000001"},
                                                  {"trade_no", "T2026010100000001"},
                                                  {"trade_status", "SUCCESS"},
                                                  {"amount_fen", "4000"},
                                                  {"currency", "CNY"},
                                                  {"paid_at", "1767225600"}},
                                                 private_key);
    require(zk::payment::verify(g_signed->fields, *g_signed->public_key));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace zk::payment;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const std::optional<Fields> fields = decode(body);
    if (!fields) return 0;

    require(!fields->empty() && fields->size() <= kMaxFields && body.size() <= kMaxMessageBytes);
    for (const auto& [name, value] : *fields) {
        require(name_ok(name));
        require(value.size() <= kMaxValueBytes && zk::strings::is_clean_utf8(value));
    }
    const auto again = decode(encode(*fields));
    require(again && *again == *fields);

    if (const auto n = parse_notification(*fields)) {
        require(carried(notification_fields(*n), *fields));
        const auto reparsed = parse_notification(notification_fields(*n));
        require(reparsed && reparsed->notify_id == n->notify_id && reparsed->paid.order_no == n->paid.order_no &&
                reparsed->paid.amount_fen == n->paid.amount_fen && reparsed->trade_status == n->trade_status);
    }
    if (const auto a = parse_answer(*fields)) require(carried(answer_fields(*a), *fields));

    const Fields signed_part = without_sign(g_signed->fields);
    const bool same = without_sign(*fields) == signed_part;
    if (verify(*fields, *g_signed->public_key)) require(same);
    Fields forged = *fields;
    forged["sign"] = g_signed->fields.at("sign");
    require(verify(forged, *g_signed->public_key) == same);
    return 0;
}
