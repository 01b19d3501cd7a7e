// chsi.hpp: 学信网 (CHSI) prior-education verification, the parts the application and the
// dev-only simulator share (CHSI-2): the adapter that says where the QR code points, the
// signed callback payload (its canonical encoding, Ed25519 signing and checking), PEM key
// loading, and the QR code rendered as inline SVG.
// SECURITY: a callback is trusted only because its exact bytes carry a valid Ed25519
// signature by 学信网's key (chsi_public.pem); transport, headers and the sender's address
// are never trusted. Decoding is strict and bounded: anything unexpected is refused.
#pragma once
#include <openssl/types.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/config.hpp"

namespace zk::chsi {

struct ChsiError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One 学历 as 学信网 reports it.
struct Record {
    std::string name;        // 姓名
    std::string id_number;   // 证件号码 (plaintext only in memory; stored encrypted)
    std::string gender;      // "M" / "F"
    std::string school;      // 院校名称
    std::string major;       // 专业名称
    std::string level;       // 层次: 专科 / 本科 / …
    std::string study_form;  // 学习形式
    std::string category;    // 学历类别
    int entry_year = 0;      // 入学年份
    int graduation_year = 0; // 毕业年份
    std::string conclusion;  // 毕业结论
};

struct CallbackPayload {
    std::string state;       // the state the QR code carried
    long issued_at = 0;      // Unix seconds, informational
    std::vector<Record> records;
};

// Where a pending authorisation's QR code points. The production adapter would return
// 学信网's URL; the simulator adapter points into this site (/chsi-sim/authorize).
class ChsiAdapter {
public:
    virtual ~ChsiAdapter() = default;
    // The URL or text the QR code encodes for `state`.
    virtual std::string begin(const std::string& state) const = 0;
};

class SimulatorAdapter final : public ChsiAdapter {
public:
    explicit SimulatorAdapter(std::string authorize_url = "/chsi-sim/authorize")
        : authorize_url_(std::move(authorize_url)) {}
    std::string begin(const std::string& state) const override;

private:
    std::string authorize_url_;
};

// The adapter the configuration asks for: `chsi_authorize_url` (default: the simulator).
std::unique_ptr<ChsiAdapter> make_adapter(const Config& config);

// True for the states this system issues: 64 lower-case hex characters (32 random bytes).
bool valid_state(std::string_view state);

// An Ed25519 key read from a PEM file (RAII over EVP_PKEY).
class Key {
public:
    // Throws ChsiError when the file is missing, unreadable or not an Ed25519 key.
    static Key load_public(const std::string& path);
    static Key load_private(const std::string& path);
    EVP_PKEY* get() const { return key_.get(); }

private:
    struct Free {
        void operator()(EVP_PKEY* k) const;
    };
    explicit Key(EVP_PKEY* k) : key_(k) {}
    std::unique_ptr<EVP_PKEY, Free> key_;
};

// The canonical signed bytes of a payload: urlencoded "v=1&state=…&issued_at=…&count=N"
// then name.0=…&id_number.0=…… for every record, in a fixed order.
std::string encode_payload(const CallbackPayload& payload);
// Strict inverse of encode_payload; nullopt for anything malformed or out of range.
std::optional<CallbackPayload> decode_payload(std::string_view body);

// Base64 Ed25519 signature of `message`.
std::string sign(std::string_view message, const Key& private_key);
bool verify_signature(std::string_view message, std::string_view signature_base64, const Key& public_key);

// The callback check: the signature must cover exactly `body`, then body must decode.
// nullopt when either fails (the caller answers 403 and stores nothing).
std::optional<CallbackPayload> verify_callback(std::string_view body, std::string_view signature_base64,
                                               const Key& public_key);

// The QR code of `text` as a self-contained <svg> element (one <path>, no script), with a
// 4-module quiet zone. Throws ChsiError when libqrencode cannot encode it.
std::string qr_svg(std::string_view text);

// 男 / 女 for "M" / "F".
std::string gender_label(std::string_view gender);

// One 学历 as the pages show it (the records page and the simulator's), as template
// field names (NAME, ID_NUMBER, …, CONCLUSION) with their values: the 证件号码 masked, the
// gender as 男 / 女.
std::vector<std::pair<std::string, std::string>> display_fields(const Record& record);

}  // namespace zk::chsi
