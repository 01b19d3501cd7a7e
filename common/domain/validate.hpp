// validate.hpp: checks of what examinees type: 身份证号 (GB 11643, ISO 7064 MOD 11-2 and a
// real birth date), 准考证号, mainland mobile numbers, UTF-8, and the masks used on
// screens and in logs. Pure functions; trusts nothing it is given. Messages are Chinese
// and meant to be shown next to the field.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/base/strings.hpp"

namespace zk::validate {

struct IdNumberInfo {
    std::string normalized;  // 18 characters, trailing 'x' upper-cased
    int birth_year = 0, birth_month = 0, birth_day = 0;
    char gender = '?';       // 'M' (odd 17th digit) or 'F' (even)
};

// Trims ASCII spaces, upper-cases a final 'x'. Returns the Chinese reason on failure:
// wrong length, non-digits, impossible birth date (or in the future / before 1900),
// wrong check digit.
struct IdNumberResult {
    std::optional<IdNumberInfo> info;
    std::string error;  // empty when info is set
};
IdNumberResult check_id_number(std::string_view input);

// Default pattern: exactly 12 ASCII digits. `digits` lets configuration change the length.
bool is_ticket_number(std::string_view input, std::size_t digits = 12);
// 11 digits, starting 1[3-9].
bool is_mobile_phone(std::string_view input);
// The UTF-8 checks live in common/base/strings; named here too because every field
// check uses them.
using strings::is_clean_utf8;
using strings::utf8_length;

// "1401**********123X": first 4 and last 4 kept. Anything not 18 long becomes "****".
std::string mask_id_number(std::string_view id_number);
// "138****5678". Anything not 11 long becomes "****".
std::string mask_phone(std::string_view phone);

// A row id taken from a URL (route parameter, query or hidden field): a positive decimal
// that fits a bigint, nothing else (no sign, no spaces); nullopt otherwise.
std::optional<std::int64_t> row_id(std::string_view text);

// Password policy of ACC-6: 8..128 characters, valid UTF-8, not in the list of common
// passwords (case-insensitive), not all one character. Returns the Chinese reason, or
// nullopt when acceptable.
std::optional<std::string> password_policy_error(std::string_view password);

}  // namespace zk::validate
