// crypto.cpp: the OpenSSL 3 (libcrypto only) implementation of crypto.hpp.
// SECURITY: trusts OpenSSL's CSPRNG, KDF and cipher providers and the key files it is
// handed (after checking their permissions). Treats stored password hashes and encrypted
// blobs as untrusted input. Error messages name files and operations, never key bytes or
// plaintext. Every OpenSSL object is owned by a std::unique_ptr so no path leaks one.
#include "common/base/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace zk::crypto {
namespace {

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* p) const noexcept { EVP_CIPHER_CTX_free(p); }
};
struct KdfFree {
    void operator()(EVP_KDF* p) const noexcept { EVP_KDF_free(p); }
};
struct KdfCtxFree {
    void operator()(EVP_KDF_CTX* p) const noexcept { EVP_KDF_CTX_free(p); }
};
struct MacFree {
    void operator()(EVP_MAC* p) const noexcept { EVP_MAC_free(p); }
};
struct MacCtxFree {
    void operator()(EVP_MAC_CTX* p) const noexcept { EVP_MAC_CTX_free(p); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using KdfPtr = std::unique_ptr<EVP_KDF, KdfFree>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, KdfCtxFree>;
using MacPtr = std::unique_ptr<EVP_MAC, MacFree>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

// Closes on every exit path, including the throwing ones.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // For the one place that must see close()'s result (a key file write is not durable
    // until then).
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

private:
    int fd_;
};

// Key material and plaintext should not linger in freed heap memory.
class Wiper {
public:
    explicit Wiper(std::string& s) : s_(s) {}
    Wiper(const Wiper&) = delete;
    Wiper& operator=(const Wiper&) = delete;
    ~Wiper() { OPENSSL_cleanse(s_.data(), s_.size()); }

private:
    std::string& s_;
};

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr unsigned char kBlobVersion = 0x01;

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Upper bounds for parameters read back from the database: a tampered or corrupted row
// must not be able to make one login burn gigabytes or minutes.
constexpr std::uint64_t kMaxN = 1ULL << 20;
constexpr std::uint32_t kMaxR = 32;
constexpr std::uint32_t kMaxP = 16;
// OpenSSL's default scrypt memory cap is 32 MiB, just below what the default N=2^15, r=8
// needs, so it has to be raised; 256 MiB still bounds the damage of a hostile row.
constexpr std::uint64_t kScryptMaxMem = 256ULL * 1024 * 1024;

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Some OpenSSL calls treat a NULL pointer as "parameter not given" even with length 0, so
// empty inputs point here instead.
const unsigned char kEmpty[1] = {0};
const unsigned char* nonnull_bytes(std::string_view s) { return s.empty() ? kEmpty : bytes(s); }

// Attaches OpenSSL's reason and empties its thread-local error queue, so a stale entry
// cannot be mistaken for the cause of a later, unrelated failure.
[[noreturn]] void fail(const std::string& what) {
    std::string message = what;
    const unsigned long code = ERR_get_error();
    if (code != 0) {
        char reason[256];
        ERR_error_string_n(code, reason, sizeof reason);
        message += ": ";
        message += reason;
    }
    ERR_clear_error();
    throw CryptoError(message);
}

int checked_int(std::size_t n, const char* what) {
    if (n > static_cast<std::size_t>(INT_MAX)) throw CryptoError(std::string(what) + " too large");
    return static_cast<int>(n);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// ---- scrypt -----------------------------------------------------------------------------

// Mirrors the memory formula OpenSSL's scrypt checks against maxmem, so an over-large row
// is refused here as "malformed" rather than surfacing as an OpenSSL failure.
bool params_acceptable(std::uint64_t n, std::uint64_t r, std::uint64_t p) {
    if (n < 2 || n > kMaxN || (n & (n - 1)) != 0) return false;
    if (r < 1 || r > kMaxR || p < 1 || p > kMaxP) return false;
    const std::uint64_t memory = 128 * r * (n + 2) + 128 * r * p;
    return memory <= kScryptMaxMem;
}

std::string scrypt_derive(std::string_view password, std::string_view salt,
                          const ScryptParams& params, std::size_t out_len) {
    KdfPtr kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!kdf) fail("scrypt is not available");
    KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx) fail("cannot create scrypt context");

    std::uint64_t n = params.N;
    std::uint32_t r = params.r;
    std::uint32_t p = params.p;
    std::uint64_t maxmem = kScryptMaxMem;
    // OSSL_PARAM wants non-const buffers, but the KDF only copies password and salt.
    OSSL_PARAM ossl_params[] = {
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_PASSWORD, const_cast<unsigned char*>(nonnull_bytes(password)),
            password.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                          const_cast<unsigned char*>(nonnull_bytes(salt)),
                                          salt.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    std::string out(out_len, '\0');
    if (EVP_KDF_derive(ctx.get(), bytes(out), out.size(), ossl_params) != 1) {
        fail("scrypt derivation failed");
    }
    return out;
}

struct StoredHash {
    ScryptParams params;
    std::string salt;
    std::string hash;
};

// Canonical decimal only: no sign, no spaces, no leading zeros, so one hash has one
// spelling.
std::optional<std::uint64_t> parse_decimal(std::string_view text) {
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text.front() == '0')) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

std::optional<std::string> decode_base64_field(std::string_view text) {
    try {
        return base64_decode(text);
    } catch (const CryptoError&) {
        return std::nullopt;
    }
}

// Returns nullopt for anything that is not exactly what hash_password writes (within the
// accepted parameter range); never throws on bad input.
std::optional<StoredHash> parse_stored(std::string_view stored) {
    std::array<std::string_view, 6> fields;
    std::size_t count = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dollar = stored.find('$', start);
        if (count == fields.size()) return std::nullopt;
        fields[count++] = stored.substr(start, dollar == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : dollar - start);
        if (dollar == std::string_view::npos) break;
        start = dollar + 1;
    }
    if (count != fields.size() || fields[0] != "scrypt") return std::nullopt;

    const auto n = parse_decimal(fields[1]);
    const auto r = parse_decimal(fields[2]);
    const auto p = parse_decimal(fields[3]);
    if (!n || !r || !p || !params_acceptable(*n, *r, *p)) return std::nullopt;

    auto salt = decode_base64_field(fields[4]);
    auto hash = decode_base64_field(fields[5]);
    if (!salt || !hash || salt->size() != kSaltBytes || hash->size() != kHashBytes) {
        return std::nullopt;
    }
    StoredHash result;
    result.params.N = *n;
    result.params.r = static_cast<std::uint32_t>(*r);
    result.params.p = static_cast<std::uint32_t>(*p);
    result.salt = std::move(*salt);
    result.hash = std::move(*hash);
    return result;
}

// ---- key files --------------------------------------------------------------------------

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            throw CryptoError(std::string("write failed: ") + std::strerror(errno));
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

// ---- random, encodings, digests ---------------------------------------------------------

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (n == 0) return out;
    if (RAND_bytes(bytes(out), checked_int(n, "random_bytes request")) != 1) {
        fail("random number generator failed");
    }
    return out;
}

std::string random_hex(std::size_t n) {
    std::string raw = random_bytes(n);
    Wiper wipe(raw);
    return to_hex(raw);
}

bool is_token_hex(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string to_hex(std::string_view raw) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(raw.size() * 2);
    for (const char c : raw) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0F]);
    }
    return out;
}

std::string from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) throw CryptoError("hex string has odd length");
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = hex_value(hex[i]);
        const int lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) throw CryptoError("hex string has a non-hex character");
        out.push_back(static_cast<char>((hi << 4) | lo));
    }
    return out;
}

std::string base64_encode(std::string_view raw) {
    std::string out;
    out.reserve((raw.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= raw.size(); i += 3) {
        const std::uint32_t v = (static_cast<unsigned char>(raw[i]) << 16) |
                                (static_cast<unsigned char>(raw[i + 1]) << 8) |
                                static_cast<unsigned char>(raw[i + 2]);
        out.push_back(kBase64Alphabet[(v >> 18) & 63]);
        out.push_back(kBase64Alphabet[(v >> 12) & 63]);
        out.push_back(kBase64Alphabet[(v >> 6) & 63]);
        out.push_back(kBase64Alphabet[v & 63]);
    }
    const std::size_t rest = raw.size() - i;
    if (rest == 1) {
        const std::uint32_t v = static_cast<unsigned char>(raw[i]) << 16;
        out.push_back(kBase64Alphabet[(v >> 18) & 63]);
        out.push_back(kBase64Alphabet[(v >> 12) & 63]);
        out.append("==");
    } else if (rest == 2) {
        const std::uint32_t v = (static_cast<unsigned char>(raw[i]) << 16) |
                                (static_cast<unsigned char>(raw[i + 1]) << 8);
        out.push_back(kBase64Alphabet[(v >> 18) & 63]);
        out.push_back(kBase64Alphabet[(v >> 12) & 63]);
        out.push_back(kBase64Alphabet[(v >> 6) & 63]);
        out.push_back('=');
    }
    return out;
}

// Strict on purpose (no whitespace, padding required, unused bits zero): every value this
// project decodes was produced by base64_encode, so anything else is damage or tampering.
std::string base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) throw CryptoError("base64 length is not a multiple of 4");
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::size_t pad = 0;
        if (last && text[i + 3] == '=') pad = (text[i + 2] == '=') ? 2 : 1;
        int v[4] = {0, 0, 0, 0};
        for (std::size_t k = 0; k < 4 - pad; ++k) {
            v[k] = base64_value(text[i + k]);
            if (v[k] < 0) throw CryptoError("base64 text has an invalid character");
        }
        const std::uint32_t group = (static_cast<std::uint32_t>(v[0]) << 18) |
                                    (static_cast<std::uint32_t>(v[1]) << 12) |
                                    (static_cast<std::uint32_t>(v[2]) << 6) |
                                    static_cast<std::uint32_t>(v[3]);
        out.push_back(static_cast<char>((group >> 16) & 0xFF));
        if (pad == 2) {
            if ((group & 0xFFFF) != 0) throw CryptoError("base64 text is not canonical");
            continue;
        }
        out.push_back(static_cast<char>((group >> 8) & 0xFF));
        if (pad == 1) {
            if ((group & 0xFF) != 0) throw CryptoError("base64 text is not canonical");
            continue;
        }
        out.push_back(static_cast<char>(group & 0xFF));
    }
    return out;
}

// Algorithms are fetched from the provider once per process: OpenSSL 3's implicit fetch
// (EVP_sha256(), EVP_aes_256_gcm() at every call) takes a global lock on each use and
// showed up under load. The fetched objects are immutable and shared by all threads.
namespace {
const EVP_MD* sha256_md() {
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!md) fail("SHA-256 is not available");
    return md;
}

EVP_MAC* hmac_algorithm() {
    static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (!mac) fail("HMAC is not available");
    return mac;
}

const EVP_CIPHER* aes_256_gcm() {
    static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (!cipher) fail("AES-256-GCM is not available");
    return cipher;
}
}  // namespace

std::string sha256(std::string_view data) {
    std::string out(32, '\0');
    unsigned int len = 0;
    if (EVP_Digest(nonnull_bytes(data), data.size(), bytes(out), &len, sha256_md(), nullptr) !=
            1 ||
        len != out.size()) {
        fail("SHA-256 failed");
    }
    return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    MacCtxPtr ctx(EVP_MAC_CTX_new(hmac_algorithm()));
    if (!ctx) fail("cannot create HMAC context");
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    // A NULL key would mean "keep the previous key" to EVP_MAC_init, hence nonnull_bytes.
    if (EVP_MAC_init(ctx.get(), nonnull_bytes(key), key.size(), params) != 1) {
        fail("HMAC init failed");
    }
    if (!data.empty() && EVP_MAC_update(ctx.get(), bytes(data), data.size()) != 1) {
        fail("HMAC update failed");
    }
    std::string out(32, '\0');
    std::size_t len = 0;
    if (EVP_MAC_final(ctx.get(), bytes(out), &len, out.size()) != 1 || len != out.size()) {
        fail("HMAC final failed");
    }
    return out;
}

// Lengths are compared openly: every caller compares fixed-size digests or tokens, whose
// length is public anyway.
bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- passwords --------------------------------------------------------------------------

std::string hash_password(std::string_view password, const ScryptParams& params) {
    if (!params_acceptable(params.N, params.r, params.p)) {
        throw CryptoError("scrypt parameters out of range");
    }
    const std::string salt = random_bytes(kSaltBytes);
    std::string hash = scrypt_derive(password, salt, params, kHashBytes);
    Wiper wipe(hash);
    return "scrypt$" + std::to_string(params.N) + "$" + std::to_string(params.r) + "$" +
           std::to_string(params.p) + "$" + base64_encode(salt) + "$" + base64_encode(hash);
}

bool verify_password(std::string_view password, std::string_view stored) {
    auto parsed = parse_stored(stored);
    if (!parsed) return false;
    // A derivation failure on well-formed input is an OpenSSL fault, not a wrong
    // password, so it is allowed to throw.
    std::string candidate = scrypt_derive(password, parsed->salt, parsed->params, kHashBytes);
    Wiper wipe(candidate);
    return constant_time_equal(candidate, parsed->hash);
}

// Unreadable rows report true: re-hashing on the next successful login is the only repair.
bool password_needs_rehash(std::string_view stored, const ScryptParams& current) {
    const auto parsed = parse_stored(stored);
    if (!parsed) return true;
    return parsed->params.N < current.N || parsed->params.r < current.r ||
           parsed->params.p < current.p;
}

// ---- key files --------------------------------------------------------------------------

std::string read_key_file(const std::string& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        throw CryptoError("cannot open key file " + path + ": " + std::strerror(errno));
    }
    // fstat on the open descriptor, so the file checked is the file read.
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        throw CryptoError("cannot stat key file " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) throw CryptoError("key file " + path + " is not a regular file");
    if ((st.st_mode & 077) != 0) {
        throw CryptoError("key file " + path + " is accessible by group or others; chmod 600");
    }

    // Read one byte more than the longest valid form so an over-long file is detected.
    constexpr std::size_t kLongest = 2 * kKeyBytes + 2;  // hex + "\r\n"
    std::string content(kLongest + 1, '\0');
    Wiper wipe(content);
    std::size_t used = 0;
    while (used < content.size()) {
        const ssize_t got = ::read(fd.get(), content.data() + used, content.size() - used);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw CryptoError("cannot read key file " + path + ": " + std::strerror(errno));
        }
        if (got == 0) break;
        used += static_cast<std::size_t>(got);
    }

    std::string_view text(content.data(), used);
    if (text.size() == kKeyBytes) return std::string(text);
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.size() != 2 * kKeyBytes) {
        throw CryptoError("key file " + path +
                          " must hold 32 raw bytes or 64 hex characters");
    }
    try {
        return from_hex(text);
    } catch (const CryptoError&) {
        throw CryptoError("key file " + path + " has a non-hex character");
    }
}

void write_new_key_file(const std::string& path) {
    // O_EXCL also refuses an existing symlink, so nothing is ever written through one.
    FileDescriptor fd(
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) {
        throw CryptoError("cannot create key file " + path + ": " + std::strerror(errno));
    }
    try {
        // The umask can only remove bits; fchmod pins the mode to exactly 0600.
        if (::fchmod(fd.get(), 0600) != 0) {
            throw CryptoError(std::string("fchmod failed: ") + std::strerror(errno));
        }
        std::string text = random_hex(kKeyBytes) + "\n";
        Wiper wipe(text);
        write_all(fd.get(), text);
        if (::fsync(fd.get()) != 0) {
            throw CryptoError(std::string("fsync failed: ") + std::strerror(errno));
        }
        if (::close(fd.release()) != 0) {
            throw CryptoError(std::string("close failed: ") + std::strerror(errno));
        }
    } catch (const std::exception& e) {
        // A half-written key must not be picked up by the next start.
        ::unlink(path.c_str());
        throw CryptoError("cannot write key file " + path + ": " + e.what());
    }
}

// ---- field encryption -------------------------------------------------------------------

FieldCipher::FieldCipher(std::string encryption_key, std::string index_key)
    : encryption_key_(std::move(encryption_key)), index_key_(std::move(index_key)) {
    if (encryption_key_.size() != kKeyBytes || index_key_.size() != kKeyBytes) {
        throw CryptoError("FieldCipher keys must be 32 bytes each");
    }
}

// Random 96-bit nonces stay safe for about 2^32 encryptions under one key, far above the
// number of fields this system will ever encrypt.
std::string FieldCipher::encrypt(std::string_view plaintext, std::string_view context) const {
    const int plain_len = checked_int(plaintext.size(), "plaintext");
    const int aad_len = checked_int(context.size(), "context");

    std::string blob(1 + kNonceBytes + plaintext.size() + kTagBytes, '\0');
    blob[0] = static_cast<char>(kBlobVersion);
    unsigned char* nonce = bytes(blob) + 1;
    unsigned char* cipher_out = nonce + kNonceBytes;
    unsigned char* tag = cipher_out + plaintext.size();
    if (RAND_bytes(nonce, static_cast<int>(kNonceBytes)) != 1) fail("cannot draw a nonce");

    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) fail("cannot create cipher context");
    if (EVP_EncryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceBytes),
                            nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(encryption_key_), nonce) != 1) {
        fail("AES-GCM init failed");
    }
    int len = 0;
    if (aad_len > 0 && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(context), aad_len) != 1) {
        fail("AES-GCM associated data failed");
    }
    if (plain_len > 0) {
        if (EVP_EncryptUpdate(ctx.get(), cipher_out, &len, bytes(plaintext), plain_len) != 1 ||
            len != plain_len) {
            fail("AES-GCM encryption failed");
        }
    }
    int final_len = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), cipher_out + plaintext.size(), &final_len) != 1 ||
        final_len != 0) {
        fail("AES-GCM finalisation failed");
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag) !=
        1) {
        fail("AES-GCM tag failed");
    }
    return blob;
}

std::string FieldCipher::decrypt(std::string_view blob, std::string_view context) const {
    if (blob.size() < 1 + kNonceBytes + kTagBytes) throw CryptoError("encrypted field truncated");
    if (static_cast<unsigned char>(blob[0]) != kBlobVersion) {
        throw CryptoError("encrypted field has an unknown version");
    }
    const std::size_t cipher_size = blob.size() - 1 - kNonceBytes - kTagBytes;
    const int cipher_len = checked_int(cipher_size, "ciphertext");
    const int aad_len = checked_int(context.size(), "context");
    const unsigned char* nonce = bytes(blob) + 1;
    const unsigned char* cipher_in = nonce + kNonceBytes;
    // EVP_CTRL_GCM_SET_TAG takes a non-const pointer, so the tag is copied out.
    std::array<unsigned char, kTagBytes> tag{};
    std::memcpy(tag.data(), cipher_in + cipher_size, kTagBytes);

    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) fail("cannot create cipher context");
    if (EVP_DecryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceBytes),
                            nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(encryption_key_), nonce) != 1) {
        fail("AES-GCM init failed");
    }
    std::string plain(cipher_size, '\0');
    Wiper wipe_on_exit(plain);  // cleared on failure; on success the returned copy survives
    int len = 0;
    if (aad_len > 0 && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(context), aad_len) != 1) {
        fail("AES-GCM associated data failed");
    }
    if (cipher_len > 0) {
        if (EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, cipher_in, cipher_len) != 1 ||
            len != cipher_len) {
            fail("AES-GCM decryption failed");
        }
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                            tag.data()) != 1) {
        fail("AES-GCM tag failed");
    }
    int final_len = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + cipher_size, &final_len) != 1) {
        ERR_clear_error();
        throw CryptoError("encrypted field was altered, truncated, or belongs to another field");
    }
    return std::string(plain);
}

std::string FieldCipher::blind_index(std::string_view value, std::string_view context) const {
    // The NUL separator only keeps (context, value) pairs distinct if contexts hold no NUL.
    if (context.find('\0') != std::string_view::npos) {
        throw CryptoError("blind index context must not contain NUL");
    }
    std::string message;
    message.reserve(context.size() + 1 + value.size());
    message.append(context);
    message.push_back('\0');
    message.append(value);
    Wiper wipe(message);
    return hmac_sha256(index_key_, message);
}

}  // namespace zk::crypto
