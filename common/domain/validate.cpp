// validate.cpp: the implementation of validate.hpp: 身份证号 (GB 11643-1999), 准考证号,
// mobile numbers, strict UTF-8, display masks and the password policy.
// Trusts nothing it is given: every function accepts arbitrary bytes, never reads past
// them and never throws for bad input. Trusts only the system clock (for "birth date in
// the future").
#include "common/domain/validate.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>

namespace zk::validate {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

int digits_value(std::string_view s) {
    int value = 0;
    for (const char c : s) value = value * 10 + (c - '0');
    return value;
}

// ---- 身份证号 -----------------------------------------------------------------------------

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap(year)) return 29;
    return kDays[static_cast<std::size_t>(month - 1)];
}

// Local time, because the deployment runs in China and a birth "today" must pass there.
int today_yyyymmdd() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (localtime_r(&now, &local) == nullptr) return 99991231;  // fail open on the clock only
    return (local.tm_year + 1900) * 10000 + (local.tm_mon + 1) * 100 + local.tm_mday;
}

bool birth_date_ok(int year, int month, int day) {
    if (year < 1900 || month < 1 || month > 12) return false;
    if (day < 1 || day > days_in_month(year, month)) return false;
    return year * 10000 + month * 100 + day <= today_yyyymmdd();
}

// ISO 7064 MOD 11-2 as specified by GB 11643-1999.
char id_check_char(std::string_view first17) {
    static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                                     3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kCheck[] = "10X98765432";
    int sum = 0;
    for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
    return kCheck[sum % 11];
}

// ---- passwords --------------------------------------------------------------------------

// Well-known weak passwords from public leak statistics, weighted towards what Chinese
// users pick (pinyin, 520/1314 love numbers, keyboard walks) plus names of this system.
// Only entries of 8+ characters matter, since shorter ones already fail the length rule.
// Kept lower-case: the lookup folds ASCII case.
constexpr std::string_view kCommonPasswords[] = {
    // digits
    "12345678", "123456789", "1234567890", "0123456789", "01234567", "87654321",
    "987654321", "9876543210", "11111111", "111111111", "1111111111", "00000000",
    "000000000", "0000000000", "22222222", "33333333", "44444444", "55555555",
    "66666666", "666666666", "77777777", "88888888", "888888888", "99999999",
    "999999999", "12341234", "11223344", "11112222", "12121212", "123123123",
    "12312312", "12344321", "123321123", "123454321", "147258369", "147852369",
    "159357456", "159753456", "123654789", "963852741", "741852963", "789456123",
    "321321321", "110110110", "112233445566", "123456123", "1234512345", "31415926",
    "314159265", "20082008", "19491001", "12369874", "10203040", "13572468",
    "24682468", "11235813",
    // love numbers: 520 = 我爱你, 1314 = 一生一世
    "5201314520", "52013145", "52013141", "1314520520", "13145201314", "5201314a",
    "520520520", "521521521", "1314521521", "13141314", "52001314", "25251325",
    "77585210", "a5201314", "qq5201314", "woaini1314", "woaini520", "woaini521",
    "woaini123", "woaini1234", "woaini123456", "woaini1314520", "iloveyou",
    "iloveyou1", "iloveyou520", "iloveyou1314", "woaiwojia", "woainima", "woainimama",
    "woainibaobao", "woshishui", "wodemima", "nihao123", "nihao123456", "mima1234",
    "mima123456", "zhang123", "zhang123456", "wang123456", "li123456", "liu123456",
    "chen123456", "zhangwei", "wangwei123", "tingting", "xiaoming", "dearbook",
    "xiazhili", "huang123456", "qq123456", "qq123456789", "qq666666", "qq111111",
    "aa123456", "aa12345678", "aaa123456", "a1234567", "a12345678", "a123456789",
    "abc12345", "abc123456", "abc123abc", "abcd1234", "abcd123456", "abcdefgh",
    "abcdefg1", "1234abcd", "123456abc", "123abc123", "123456aa", "123456aaa",
    "123456789a", "12345678a", "1234567a", "a1b2c3d4", "1a2b3c4d", "q123456789",
    "w123456789", "z123456789", "qwe123456", "qwe123qwe", "asd123456", "zxc123456",
    // keyboard walks
    "qwertyuiop", "qwertyui", "qwerty123", "qwerty12", "qwer1234", "1234qwer",
    "asdfghjkl", "asdfghjk", "asdf1234", "1234asdf", "asdfasdf", "asdasdasd",
    "zxcvbnm1", "zxcvbnm123", "zxcv1234", "1qaz2wsx", "1qazxsw2", "zaq12wsx",
    "zaq1zaq1", "1qaz2wsx3edc", "1qaz!qaz", "1qaz@wsx", "!qaz2wsx", "qazwsxedc",
    "qazwsx123", "qweasdzxc", "qweasd123", "1q2w3e4r", "1q2w3e4r5t", "1q2w3e4r5t6y",
    "q1w2e3r4", "q1w2e3r4t5", "12qwaszx", "qwaszx12", "qqqqqqqq", "aaaaaaaa",
    // English-language favourites
    "password", "password1", "password12", "password123", "password!", "passw0rd",
    "p@ssw0rd", "p@ssword", "pa$$w0rd", "sunshine", "princess", "football",
    "baseball", "superman", "batman123", "trustno1", "letmein1", "welcome1",
    "welcome123", "whatever", "starwars", "computer", "internet", "michael1",
    "jennifer", "changeme", "iloveyou2", "monkey123", "dragon123",
    // administrators and this system
    "admin123", "admin1234", "admin12345", "admin888", "administrator", "root1234",
    "root123456", "test1234", "test12345", "test123456", "guest123", "zikao123",
    "zikao1234", "zikao123456", "zikao2023", "zikao2024", "zikao2025", "zikao2026",
    "sxzikao123", "shanxi123", "shanxi123456", "taiyuan123", "biye1234", "biye123456",
};

constexpr bool common_list_well_formed() {
    for (std::size_t i = 0; i < std::size(kCommonPasswords); ++i) {
        const std::string_view entry = kCommonPasswords[i];
        if (entry.size() < 8 || entry.size() > 128) return false;
        for (const char c : entry) {
            if (c >= 'A' && c <= 'Z') return false;
        }
        for (std::size_t j = i + 1; j < std::size(kCommonPasswords); ++j) {
            if (kCommonPasswords[j] == entry) return false;
        }
    }
    return true;
}
static_assert(std::size(kCommonPasswords) >= 150);
static_assert(common_list_well_formed(), "entries must be 8..128 long, lower-case, unique");

bool is_common_password(std::string_view password) {
    std::string folded(password);
    for (char& c : folded) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return std::find(std::begin(kCommonPasswords), std::end(kCommonPasswords), folded) !=
           std::end(kCommonPasswords);
}

}  // namespace

IdNumberResult check_id_number(std::string_view input) {
    IdNumberResult result;
    while (!input.empty() && input.front() == ' ') input.remove_prefix(1);
    while (!input.empty() && input.back() == ' ') input.remove_suffix(1);

    if (input.size() != 18) {
        result.error = "身份证号应为18位";
        return result;
    }
    std::string id(input);
    if (id[17] == 'x') id[17] = 'X';
    const std::string_view first17 = std::string_view(id).substr(0, 17);
    if (!all_digits(first17) || !(is_digit(id[17]) || id[17] == 'X')) {
        result.error = "身份证号前17位应为数字，最后一位为数字或X";
        return result;
    }
    const int year = digits_value(first17.substr(6, 4));
    const int month = digits_value(first17.substr(10, 2));
    const int day = digits_value(first17.substr(12, 2));
    if (!birth_date_ok(year, month, day)) {
        result.error = "身份证号中的出生日期不正确";
        return result;
    }
    if (id_check_char(first17) != id[17]) {
        result.error = "身份证号校验位不正确，请核对";
        return result;
    }
    IdNumberInfo info;
    info.birth_year = year;
    info.birth_month = month;
    info.birth_day = day;
    info.gender = ((id[16] - '0') % 2 == 1) ? 'M' : 'F';
    info.normalized = std::move(id);
    result.info = std::move(info);
    return result;
}

bool is_ticket_number(std::string_view input, std::size_t digits) {
    return digits > 0 && input.size() == digits && all_digits(input);
}

bool is_mobile_phone(std::string_view input) {
    return input.size() == 11 && all_digits(input) && input[0] == '1' && input[1] >= '3';
}

// Printable ASCII is required as well as the length: masking bytes of a multi-byte
// character would leave broken UTF-8 on the screen or in the log.
std::string mask_id_number(std::string_view id_number) {
    const bool printable = std::all_of(id_number.begin(), id_number.end(),
                                       [](char c) { return c > ' ' && c < 0x7F; });
    if (id_number.size() != 18 || !printable) return "****";
    return std::string(id_number.substr(0, 4)) + std::string(10, '*') +
           std::string(id_number.substr(14));
}

std::string mask_phone(std::string_view phone) {
    const bool printable =
        std::all_of(phone.begin(), phone.end(), [](char c) { return c > ' ' && c < 0x7F; });
    if (phone.size() != 11 || !printable) return "****";
    return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
}

std::optional<std::string> password_policy_error(std::string_view password) {
    if (!is_clean_utf8(password)) return "密码含有无效字符或控制字符";
    const std::size_t length = utf8_length(password);
    if (length < 8 || length > 128) return "密码长度应为8到128个字符";

    std::size_t i = 0;
    const char32_t first = *strings::decode_one(password, i);
    bool all_same = true;
    while (i < password.size()) {
        if (*strings::decode_one(password, i) != first) {
            all_same = false;
            break;
        }
    }
    if (all_same) return "密码不能全部是同一个字符";
    if (is_common_password(password)) return "密码过于常见，请换一个更难猜的密码";
    return std::nullopt;
}

std::optional<std::int64_t> row_id(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
    return v;
}

}  // namespace zk::validate
