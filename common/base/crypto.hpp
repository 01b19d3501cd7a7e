// crypto.hpp: every cryptographic primitive the project uses, on OpenSSL 3 only.
// Random tokens, SHA-256/HMAC, scrypt password hashes (EVP_KDF), and AES-256-GCM field
// encryption with an HMAC blind index so encrypted columns can still be looked up.
// SECURITY: trusts OpenSSL and the key files it is given; never logs key material or
// plaintext. Every failure throws zk::crypto::CryptoError; none is silently ignored.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zk::crypto {

struct CryptoError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// n bytes from the OpenSSL CSPRNG.
std::string random_bytes(std::size_t n);
// Lower-case hex of n random bytes (2n characters).
std::string random_hex(std::size_t n);
// True for exactly what random_hex(32) makes: 64 lower-case hex characters (session
// tokens, pre-session cookies, cancel-link tokens), checked before any look-up.
bool is_token_hex(std::string_view s);

std::string to_hex(std::string_view raw);
// Throws CryptoError on odd length or a non-hex character.
std::string from_hex(std::string_view hex);
std::string base64_encode(std::string_view raw);          // standard alphabet, padded
std::string base64_decode(std::string_view text);         // throws CryptoError

std::string sha256(std::string_view data);                          // 32 raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
bool constant_time_equal(std::string_view a, std::string_view b);

// scrypt via EVP_KDF_fetch("SCRYPT"). Default N=2^15, r=8, p=1: about 0.1 s on one core
// (measured on the project's 2-core machine), 32 MiB of memory per hash.
struct ScryptParams {
    std::uint64_t N = 1ULL << 15;
    std::uint32_t r = 8;
    std::uint32_t p = 1;
};
// Returns "scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>" (16-byte salt, 32-byte hash),
// so the parameters live beside the hash and can be raised later.
std::string hash_password(std::string_view password, const ScryptParams& params = {});
// False for a wrong password and for a malformed stored string (never throws for those).
bool verify_password(std::string_view password, std::string_view stored);
// True when the stored hash used weaker parameters than `current` (re-hash at next login).
bool password_needs_rehash(std::string_view stored, const ScryptParams& current = {});

// Reads a 32-byte key from a file that holds either 32 raw bytes or 64 hex characters
// (trailing newline allowed). Throws CryptoError when missing, wrong length, or readable
// by group/others.
std::string read_key_file(const std::string& path);
// Writes a fresh random key (64 hex chars + newline) with mode 0600; refuses to overwrite.
void write_new_key_file(const std::string& path);

// AES-256-GCM for columns such as 身份证号 and 手机号. Blob layout: version byte 0x01,
// 12-byte random nonce, ciphertext, 16-byte tag. `context` (e.g. "id_number") is bound as
// associated data, so a blob copied into another column fails to decrypt.
class FieldCipher {
public:
    FieldCipher(std::string encryption_key, std::string index_key);  // 32 bytes each
    std::string encrypt(std::string_view plaintext, std::string_view context) const;
    // Throws CryptoError when the blob was altered, truncated, or has another context.
    std::string decrypt(std::string_view blob, std::string_view context) const;
    // HMAC-SHA256(index_key, context + '\0' + value): 32 raw bytes, deterministic, so a
    // UNIQUE index on it finds a row without decrypting anything.
    std::string blind_index(std::string_view value, std::string_view context) const;

private:
    std::string encryption_key_;
    std::string index_key_;
};

}  // namespace zk::crypto
