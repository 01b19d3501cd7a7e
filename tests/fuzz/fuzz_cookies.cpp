// fuzz_cookies.cpp: libFuzzer harness for parse_cookies.
// Trusts nothing in the input. parse_cookies skips junk rather than failing, but
// ParseError is tolerated in case the contract changes; anything else escaping, a
// sanitizer report or a broken invariant below is a bug.
#include "common/base/forms.hpp"
#include "common/domain/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view header(reinterpret_cast<const char*>(data), size);
    try {
        const auto cookies = zk::http::parse_cookies(header);
        if (cookies.size() > 64) __builtin_trap();
        for (const auto& [name, value] : cookies) {
            if (name.empty() || value.size() > 4096) __builtin_trap();
            if (name.find(';') != std::string_view::npos || value.find(';') != std::string_view::npos)
                __builtin_trap();
            if (!zk::validate::is_clean_utf8(name) || !zk::validate::is_clean_utf8(value)) __builtin_trap();
        }
    } catch (const zk::http::ParseError&) {
    }
    return 0;
}
