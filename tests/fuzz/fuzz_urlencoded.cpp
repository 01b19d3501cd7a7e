// fuzz_urlencoded.cpp: libFuzzer harness for url_decode, url_encode and parse_urlencoded.
// Trusts nothing in the input. ParseError is the only acceptable way to refuse it; any
// other exception, a sanitizer report or a broken invariant below is a bug.
#include "common/base/forms.hpp"
#include "common/domain/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

void check(bool ok) {
    if (!ok) __builtin_trap();
}

bool only_encoded_chars(std::string_view s) {
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '.' || c == '_' || c == '~' || c == '%';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    // Encoding must be lossless for any bytes, and its output must survive a query string.
    const std::string encoded = zk::http::url_encode(input);
    check(only_encoded_chars(encoded));
    check(zk::http::url_decode(encoded) == input);

    try {
        const std::string decoded = zk::http::url_decode(input);
        check(decoded.size() <= input.size());
    } catch (const zk::http::ParseError& e) {
        check(e.status == 400);
    }

    // Small limits reach the 413 paths with short inputs; defaults cover normal use.
    zk::http::FormLimits tiny;
    tiny.max_fields = 4;
    tiny.max_name_bytes = 8;
    tiny.max_value_bytes = 16;
    for (const auto& limits : {zk::http::FormLimits{}, tiny}) {
        try {
            const auto form = zk::http::parse_urlencoded(input, limits);
            check(form.size() <= limits.max_fields);
            for (const auto& [name, value] : form.pairs()) {
                check(name.size() <= limits.max_name_bytes && value.size() <= limits.max_value_bytes);
                check(zk::validate::is_clean_utf8(name) && zk::validate::is_clean_utf8(value));
                check(form.has(name));
            }
        } catch (const zk::http::ParseError& e) {
            check(e.status == 400 || e.status == 413);
        }
    }
    return 0;
}
