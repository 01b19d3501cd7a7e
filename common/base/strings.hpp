// strings.hpp: text primitives every layer needs: strict UTF-8 checking (what passes is
// safe to store and show), code-point counting and trimming of what people type.
// Pure functions; trust nothing they are given.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zk::strings {

// Decodes one code point starting at s[i] and advances i; nullopt (i unchanged) for
// anything outside the strict grammar of RFC 3629. Requires i < s.size().
std::optional<char32_t> decode_one(std::string_view s, std::size_t& i);
// Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. NUL bytes and other
// C0 controls except \t \r \n are refused too, so what passes is safe to store and show.
bool is_clean_utf8(std::string_view input);
// Number of Unicode code points (bytes that are not continuation bytes).
std::size_t utf8_length(std::string_view input);
// Without ASCII white space (space, \t, \r, \n, \f, \v) and the ideographic space U+3000
// at either end: what a Chinese input method leaves around a typed value.
std::string trim(std::string_view s);
// The parts with `sep` between them ("" for none).
std::string join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace zk::strings
