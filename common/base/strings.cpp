// strings.cpp: see strings.hpp.
#include "common/base/strings.hpp"

#include <algorithm>

namespace zk::strings {

// Decodes one code point starting at s[i] and advances i; nullopt (i unchanged) for
// anything outside the strict grammar of RFC 3629: overlongs, surrogates, values above
// U+10FFFF, stray continuation bytes and sequences cut short.
std::optional<char32_t> decode_one(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    // Bounds for the second byte do the overlong/surrogate/range checks in one place.
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return std::nullopt;
    }
    if (s.size() - i < len) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        const unsigned char min = (k == 1) ? lo : 0x80;
        const unsigned char max = (k == 1) ? hi : 0xBF;
        if (b < min || b > max) return std::nullopt;
        cp = (cp << 6) | (b & 0x3F);
    }
    i += len;
    return cp;
}

namespace {
bool is_refused_control(char32_t cp) {
    if (cp == U'\t' || cp == U'\n' || cp == U'\r') return false;
    return cp < 0x20 || cp == 0x7F;
}
}  // namespace

bool is_clean_utf8(std::string_view input) {
    std::size_t i = 0;
    while (i < input.size()) {
        const auto cp = decode_one(input, i);
        if (!cp || is_refused_control(*cp)) return false;
    }
    return true;
}

// Counts every byte that is not a continuation byte, so invalid input still gets a
// bounded, deterministic answer instead of undefined behaviour.
std::size_t utf8_length(std::string_view input) {
    return static_cast<std::size_t>(std::count_if(input.begin(), input.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string trim(std::string_view s) {
    static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
    auto ascii_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    std::size_t b = 0, e = s.size();
    for (;;) {
        if (b < e && ascii_space(s[b])) ++b;
        else if (e - b >= 3 && s.substr(b, 3) == kIdeographicSpace) b += 3;
        else break;
    }
    for (;;) {
        if (e > b && ascii_space(s[e - 1])) --e;
        else if (e - b >= 3 && s.substr(e - 3, 3) == kIdeographicSpace) e -= 3;
        else break;
    }
    return std::string(s.substr(b, e - b));
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += sep;
        out += parts[i];
    }
    return out;
}

}  // namespace zk::strings
