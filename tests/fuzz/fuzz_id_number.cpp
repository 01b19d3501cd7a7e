// fuzz_id_number.cpp: libFuzzer harness for the 身份证号 check and the display masks
// (common/domain/validate): check_id_number, mask_id_number and mask_phone on any bytes.
// Trusts nothing in the input. Besides "no crash, no UB, no exception", it asserts:
//   - exactly one of info / error is set; an error is clean UTF-8 with Chinese in it;
//   - an accepted number is the input without its outer spaces, a final 'x' as 'X',
//     18 characters: 17 digits and a check character that this file recomputes
//     (ISO 7064 MOD 11-2), a birth date read from digits 7–14 that exists, and the
//     gender of digit 17;
//   - a mask is "****" or keeps at most the first 4 and last 4 (phone: 3 and 4)
//     characters of its input, stars in between, and is always clean UTF-8.
// Any broken property traps, so libFuzzer keeps the input.
#include "tests/fuzz/fuzz_check.hpp"
#include "common/domain/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using zk::fuzz::require;

// The check character of GB 11643, computed here independently of validate.cpp.
char check_char(std::string_view first17) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * weights[i];
    return "10X98765432"[sum % 11];
}

int number(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

// A mask keeps `head` and `tail` characters of a `length`-long printable input, or is "****".
void check_mask(std::string_view input, const std::string& masked, std::size_t length, std::size_t head,
                std::size_t tail) {
    require(zk::validate::is_clean_utf8(masked));
    if (masked == "****") return;
    require(input.size() == length && masked.size() == length);
    require(masked.substr(0, head) == input.substr(0, head));
    require(masked.substr(length - tail) == input.substr(length - tail));
    for (std::size_t i = head; i < length - tail; ++i) require(masked[i] == '*');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto result = zk::validate::check_id_number(input);
    require(result.info.has_value() == result.error.empty());
    if (!result.info) {
        require(zk::fuzz::chinese_message(result.error));
    } else {
        const auto& info = *result.info;
        const std::string& id = info.normalized;
        std::string_view trimmed = input;
        while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
        while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
        require(id.size() == 18 && trimmed.size() == 18);
        require(id.substr(0, 17) == trimmed.substr(0, 17));
        require(id[17] == trimmed[17] || (trimmed[17] == 'x' && id[17] == 'X'));
        for (std::size_t i = 0; i < 17; ++i) require(id[i] >= '0' && id[i] <= '9');
        require(check_char(std::string_view(id).substr(0, 17)) == id[17]);
        require(info.birth_year == number(std::string_view(id).substr(6, 4)));
        require(info.birth_month == number(std::string_view(id).substr(10, 2)));
        require(info.birth_day == number(std::string_view(id).substr(12, 2)));
        require(info.birth_year >= 1900 && info.birth_month >= 1 && info.birth_month <= 12);
        require(info.birth_day >= 1 && info.birth_day <= 31);
        require(info.gender == ((id[16] - '0') % 2 == 1 ? 'M' : 'F'));
        // Accepting is stable: the normalized form is accepted as itself.
        const auto again = zk::validate::check_id_number(id);
        require(again.info && again.info->normalized == id);
        // What screens and logs show of an accepted number: 4 + 10 stars + 4, never more.
        const std::string masked = zk::validate::mask_id_number(id);
        require(masked != "****");
        check_mask(id, masked, 18, 4, 4);
    }
    check_mask(input, zk::validate::mask_id_number(input), 18, 4, 4);
    check_mask(input, zk::validate::mask_phone(input), 11, 3, 4);
    return 0;
}
