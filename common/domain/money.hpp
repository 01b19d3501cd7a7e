// money.hpp: amounts of money as an administrator types them (元, at most two decimals)
// and as the database keeps them (integer 分), for the 毕业申请费用 of PAY-1.
// Pure functions; trust nothing they are given. Messages are Chinese, shown at the field.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zk::money {

// The largest fee an administrator may set: 100000元.
inline constexpr std::int64_t kMaxFen = 100000 * 100;

struct Parsed {
    std::optional<std::int64_t> fen;  // set when the text is acceptable
    std::string error;                // the Chinese reason otherwise
};
// "150", "150.5", "150.50" (spaces around allowed) → 15000, 15050, 15050 分. Refuses an
// empty text, a sign, letters, a comma, more than two decimals and anything above kMaxFen.
Parsed parse_yuan(std::string_view typed);

// 15050 → "150.50" (what the forms show and the pages print with 元).
std::string format_yuan(std::int64_t fen);

}  // namespace zk::money
