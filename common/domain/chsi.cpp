// chsi.cpp: see chsi.hpp. Ed25519 through EVP_DigestSign/EVP_DigestVerify (one-shot: the
// algorithm hashes internally, so no digest is named), PEM keys through PEM_read_*, the QR
// code through libqrencode.
#include "common/domain/chsi.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <qrencode.h>

#include <cstdio>
#include <map>

#include "common/base/crypto.hpp"
#include "common/base/forms.hpp"
#include "common/domain/validate.hpp"

namespace zk::chsi {

namespace {
constexpr std::size_t kMaxRecords = 20;   // nobody has more 学历 than this
constexpr std::size_t kMaxText = 100;     // bytes per text field
const char* const kTextFields[] = {"name", "id_number", "gender", "school", "major",
                                   "level", "study_form", "category", "entry_year",
                                   "graduation_year", "conclusion"};

struct FileClose {
    void operator()(FILE* f) const { std::fclose(f); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct QrFree {
    void operator()(QRcode* q) const { QRcode_free(q); }
};

std::unique_ptr<FILE, FileClose> open_file(const std::string& path) {
    std::unique_ptr<FILE, FileClose> f(std::fopen(path.c_str(), "r"));
    if (!f) throw ChsiError("cannot read key file " + path);
    return f;
}

std::string field_of(const Record& r, std::string_view name) {
    if (name == "name") return r.name;
    if (name == "id_number") return r.id_number;
    if (name == "gender") return r.gender;
    if (name == "school") return r.school;
    if (name == "major") return r.major;
    if (name == "level") return r.level;
    if (name == "study_form") return r.study_form;
    if (name == "category") return r.category;
    if (name == "entry_year") return std::to_string(r.entry_year);
    if (name == "graduation_year") return std::to_string(r.graduation_year);
    return r.conclusion;
}

std::optional<long> number(const std::string& s, long lo, long hi) {
    if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const long v = std::stol(s);
    if (v < lo || v > hi) return std::nullopt;
    return v;
}
}  // namespace

std::string SimulatorAdapter::begin(const std::string& state) const {
    return authorize_url_ + "?state=" + state;
}

std::unique_ptr<ChsiAdapter> make_adapter(const Config& config) {
    return std::make_unique<SimulatorAdapter>(config.get("chsi_authorize_url", "/chsi-sim/authorize"));
}

bool valid_state(std::string_view state) {
    if (state.size() != 64) return false;
    for (char c : state)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

void Key::Free::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

Key Key::load_public(const std::string& path) {
    auto f = open_file(path);
    EVP_PKEY* k = PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr);
    if (!k) throw ChsiError("not a PEM public key: " + path);
    Key key(k);
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) throw ChsiError("not an Ed25519 key: " + path);
    return key;
}

Key Key::load_private(const std::string& path) {
    auto f = open_file(path);
    EVP_PKEY* k = PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr);
    if (!k) throw ChsiError("not a PEM private key: " + path);
    Key key(k);
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) throw ChsiError("not an Ed25519 key: " + path);
    return key;
}

std::string encode_payload(const CallbackPayload& p) {
    std::string out = "v=1&state=" + http::url_encode(p.state) + "&issued_at=" + std::to_string(p.issued_at) +
                      "&count=" + std::to_string(p.records.size());
    for (std::size_t i = 0; i < p.records.size(); ++i)
        for (const char* f : kTextFields)
            out += "&" + std::string(f) + "." + std::to_string(i) + "=" + http::url_encode(field_of(p.records[i], f));
    return out;
}

std::optional<CallbackPayload> decode_payload(std::string_view body) {
    http::FormLimits limits;
    limits.max_fields = 4 + kMaxRecords * std::size(kTextFields);
    limits.max_value_bytes = kMaxText * 3;
    http::Form form;
    try {
        form = http::parse_urlencoded(body, limits);
    } catch (const http::ParseError&) {
        return std::nullopt;
    }
    if (form.value("v") != "1") return std::nullopt;
    CallbackPayload p;
    p.state = form.value("state");
    if (!valid_state(p.state)) return std::nullopt;
    auto issued = number(form.value("issued_at"), 0, 99999999999L);
    auto count = number(form.value("count"), 0, kMaxRecords);
    if (!issued || !count) return std::nullopt;
    p.issued_at = *issued;
    for (long i = 0; i < *count; ++i) {
        std::map<std::string, std::string> v;
        for (const char* f : kTextFields) {
            auto value = form.get(std::string(f) + "." + std::to_string(i));
            if (!value || value->empty() || value->size() > kMaxText || !validate::is_clean_utf8(*value))
                return std::nullopt;
            v[f] = *value;
        }
        Record r;
        r.name = v["name"];
        r.id_number = v["id_number"];
        r.gender = v["gender"];
        r.school = v["school"];
        r.major = v["major"];
        r.level = v["level"];
        r.study_form = v["study_form"];
        r.category = v["category"];
        r.conclusion = v["conclusion"];
        auto entry = number(v["entry_year"], 1949, 2100);
        auto grad = number(v["graduation_year"], 1949, 2100);
        if (!entry || !grad || (r.gender != "M" && r.gender != "F")) return std::nullopt;
        r.entry_year = static_cast<int>(*entry);
        r.graduation_year = static_cast<int>(*grad);
        p.records.push_back(std::move(r));
    }
    // Only the canonical encoding is accepted: no extra, repeated or reordered fields can
    // ride along under a valid signature and be read differently by another parser.
    if (encode_payload(p) != body) return std::nullopt;
    return p;
}

std::string sign(std::string_view message, const Key& private_key) {
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, private_key.get()) != 1)
        throw ChsiError("EVP_DigestSignInit failed");
    std::size_t len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()) != 1) throw ChsiError("EVP_DigestSign failed");
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data, message.size()) != 1)
        throw ChsiError("EVP_DigestSign failed");
    sig.resize(len);
    return crypto::base64_encode(sig);
}

bool verify_signature(std::string_view message, std::string_view signature_base64, const Key& public_key) {
    std::string sig;
    try {
        sig = crypto::base64_decode(signature_base64);
    } catch (const crypto::CryptoError&) {
        return false;
    }
    if (sig.size() != 64) return false;  // Ed25519 signatures are exactly 64 bytes
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, public_key.get()) != 1)
        throw ChsiError("EVP_DigestVerifyInit failed");
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

std::optional<CallbackPayload> verify_callback(std::string_view body, std::string_view signature_base64,
                                               const Key& public_key) {
    if (!verify_signature(body, signature_base64, public_key)) return std::nullopt;
    return decode_payload(body);
}

std::string qr_svg(std::string_view text) {
    const std::string s(text);  // libqrencode wants a NUL-terminated string
    std::unique_ptr<QRcode, QrFree> qr(QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!qr) throw ChsiError("QRcode_encodeString failed");
    const int w = qr->width, quiet = 4, size = w + 2 * quiet;
    std::string path;
    // One rectangle per horizontal run of dark modules (bit 0 of each byte) keeps the
    // inline markup small: about a third of one square per module.
    for (int y = 0; y < w; ++y)
        for (int x = 0; x < w;) {
            if (!(qr->data[y * w + x] & 1)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < w && (qr->data[y * w + x + run] & 1)) ++run;
            const std::string n = std::to_string(run);
            path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" + n + "v1h-" + n + "z";
            x += run;
        }
    const std::string n = std::to_string(size);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"240\" height=\"240\" viewBox=\"0 0 " + n +
           " " + n + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"学信网二维码\">"
           "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path +
           "\"/></svg>";
}

std::string gender_label(std::string_view gender) { return gender == "M" ? "男" : gender == "F" ? "女" : "—"; }

std::vector<std::pair<std::string, std::string>> display_fields(const Record& r) {
    return {{"NAME", r.name},
            {"ID_NUMBER", validate::mask_id_number(r.id_number)},
            {"GENDER", gender_label(r.gender)},
            {"SCHOOL", r.school},
            {"MAJOR", r.major},
            {"LEVEL", r.level},
            {"STUDY_FORM", r.study_form},
            {"CATEGORY", r.category},
            {"ENTRY_YEAR", std::to_string(r.entry_year)},
            {"GRADUATION_YEAR", std::to_string(r.graduation_year)},
            {"CONCLUSION", r.conclusion}};
}

}  // namespace zk::chsi
