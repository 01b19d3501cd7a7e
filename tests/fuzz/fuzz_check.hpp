// fuzz_check.hpp: what the property-checking harnesses share: require() traps when a
// property breaks (so libFuzzer keeps the input as a crash), and the test that a message
// meant for people is clean UTF-8 with Chinese in it. Trusts nothing it is given.
#pragma once
#include <string_view>

#include "common/base/strings.hpp"

namespace zk::fuzz {

inline void require(bool ok) {
    if (!ok) __builtin_trap();
}

// Clean UTF-8 and at least one character beyond ASCII: a message users can read.
inline bool chinese_message(std::string_view s) {
    if (!strings::is_clean_utf8(s)) return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

}  // namespace zk::fuzz
