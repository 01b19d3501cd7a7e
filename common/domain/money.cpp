// money.cpp: see money.hpp.
#include "common/domain/money.hpp"

#include "common/base/strings.hpp"

namespace zk::money {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

Parsed parse_yuan(std::string_view typed) {
    const std::string s = strings::trim(typed);
    if (s.empty()) return {std::nullopt, "请输入金额。"};
    if (s[0] == '-') return {std::nullopt, "金额不能为负数。"};
    const auto dot = s.find('.');
    const std::string_view whole = std::string_view(s).substr(0, dot);
    const std::string_view decimals = dot == std::string::npos ? std::string_view() : std::string_view(s).substr(dot + 1);
    const char* const format = "金额格式不正确：请输入数字（元），最多保留两位小数，例如 150 或 150.50。";
    if (whole.empty() || (dot != std::string::npos && decimals.empty())) return {std::nullopt, format};
    for (char c : whole)
        if (!is_digit(c)) return {std::nullopt, format};
    for (char c : decimals)
        if (!is_digit(c)) return {std::nullopt, format};
    if (decimals.size() > 2) return {std::nullopt, "金额最多保留两位小数（精确到分）。"};
    // Leading zeros are harmless; only the significant digits can overflow.
    const auto first = whole.find_first_not_of('0');
    if (first != std::string_view::npos && whole.size() - first > 6) return {std::nullopt, "金额不能超过100000元。"};
    std::int64_t fen = 0;
    for (char c : whole) fen = fen * 10 + (c - '0');
    fen *= 100;
    if (!decimals.empty()) fen += (decimals[0] - '0') * 10;
    if (decimals.size() == 2) fen += decimals[1] - '0';
    if (fen > kMaxFen) return {std::nullopt, "金额不能超过100000元。"};
    return {fen, ""};
}

std::string format_yuan(std::int64_t fen) {
    const bool negative = fen < 0;
    const std::uint64_t v = negative ? static_cast<std::uint64_t>(-(fen + 1)) + 1 : static_cast<std::uint64_t>(fen);
    std::string cents = std::to_string(v % 100);
    if (cents.size() < 2) cents.insert(0, "0");
    return (negative ? "-" : "") + std::to_string(v / 100) + "." + cents;
}

}  // namespace zk::money
