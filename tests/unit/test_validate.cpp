// test_validate.cpp: CppUnit tests for common/domain/validate: 身份证号 check digits and birth
// dates, 准考证号, mobile numbers, strict UTF-8, masks and the password policy.
// Trusts only the system clock, which the "future birth date" cases read to build IDs
// dated after today.
#include "common/domain/validate.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <ctime>
#include <string>
#include <vector>

using namespace zk::validate;

namespace {

const std::string kLengthError = "身份证号应为18位";
const std::string kCharsError = "身份证号前17位应为数字，最后一位为数字或X";
const std::string kDateError = "身份证号中的出生日期不正确";
const std::string kCheckError = "身份证号校验位不正确，请核对";

const std::string kPwLength = "密码长度应为8到128个字符";
const std::string kPwCommon = "密码过于常见，请换一个更难猜的密码";
const std::string kPwSame = "密码不能全部是同一个字符";

// Computed independently of the code under test, so date cases fail only on the date.
std::string with_check_digit(const std::string& first17) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * weights[i];
    return first17 + "10X98765432"[sum % 11];
}

// 身份证号 of someone born on the given date, region 140105 (太原市小店区).
std::string id_born(const std::string& yyyymmdd) { return with_check_digit("140105" + yyyymmdd + "003"); }

std::string local_date_plus_days(int days) {
    const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
    std::tm local{};
    localtime_r(&t, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d", &local);
    return buf;
}

std::string id_error(const std::string& id) { return check_id_number(id).error; }

std::string policy(const std::string& pw) { return password_policy_error(pw).value_or(""); }

}  // namespace

class ValidateTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ValidateTest);
    CPPUNIT_TEST(testValidIdMale);
    CPPUNIT_TEST(testValidIdFemale);
    CPPUNIT_TEST(testIdLowercaseXAndSpaces);
    CPPUNIT_TEST(testIdWrongCheckDigit);
    CPPUNIT_TEST(testIdWrongLength);
    CPPUNIT_TEST(testIdNonDigits);
    CPPUNIT_TEST(testIdImpossibleMonth);
    CPPUNIT_TEST(testIdFebruary30);
    CPPUNIT_TEST(testIdFebruary29);
    CPPUNIT_TEST(testIdDateRange);
    CPPUNIT_TEST(testIdFutureDate);
    CPPUNIT_TEST(testTicketNumber);
    CPPUNIT_TEST(testMobilePhone);
    CPPUNIT_TEST(testUtf8Valid);
    CPPUNIT_TEST(testUtf8Malformed);
    CPPUNIT_TEST(testUtf8Controls);
    CPPUNIT_TEST(testUtf8Length);
    CPPUNIT_TEST(testMaskIdNumber);
    CPPUNIT_TEST(testMaskPhone);
    CPPUNIT_TEST(testPasswordLength);
    CPPUNIT_TEST(testPasswordCommon);
    CPPUNIT_TEST(testPasswordSameCharacter);
    CPPUNIT_TEST(testPasswordInvalidUtf8);
    CPPUNIT_TEST(testPasswordAccepted);
    CPPUNIT_TEST(testRowId);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidIdMale() {
        const auto r = check_id_number("140105199003070012");
        CPPUNIT_ASSERT(r.info.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string(""), r.error);
        CPPUNIT_ASSERT_EQUAL(std::string("140105199003070012"), r.info->normalized);
        CPPUNIT_ASSERT_EQUAL(1990, r.info->birth_year);
        CPPUNIT_ASSERT_EQUAL(3, r.info->birth_month);
        CPPUNIT_ASSERT_EQUAL(7, r.info->birth_day);
        CPPUNIT_ASSERT_EQUAL('M', r.info->gender);
    }

    void testValidIdFemale() {
        const auto r = check_id_number("14010619970225006X");
        CPPUNIT_ASSERT(r.info.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("14010619970225006X"), r.info->normalized);
        CPPUNIT_ASSERT_EQUAL(1997, r.info->birth_year);
        CPPUNIT_ASSERT_EQUAL(2, r.info->birth_month);
        CPPUNIT_ASSERT_EQUAL(25, r.info->birth_day);
        CPPUNIT_ASSERT_EQUAL('F', r.info->gender);
    }

    void testIdLowercaseXAndSpaces() {
        const auto r = check_id_number("14010619970225006x");
        CPPUNIT_ASSERT(r.info.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("14010619970225006X"), r.info->normalized);
        const auto spaced = check_id_number("  140105199003070012 ");
        CPPUNIT_ASSERT(spaced.info.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("140105199003070012"), spaced.info->normalized);
    }

    void testIdWrongCheckDigit() {
        CPPUNIT_ASSERT_EQUAL(kCheckError, id_error("140105199003070013"));
        CPPUNIT_ASSERT_EQUAL(kCheckError, id_error("14010519900307001X"));
        CPPUNIT_ASSERT_EQUAL(kCheckError, id_error("140106199702250060"));
        CPPUNIT_ASSERT_EQUAL(kCheckError, id_error("240105199003070012"));  // digit swapped
        CPPUNIT_ASSERT(!check_id_number("140105199003070013").info.has_value());
    }

    void testIdWrongLength() {
        CPPUNIT_ASSERT_EQUAL(kLengthError, id_error("14010519900307001"));
        CPPUNIT_ASSERT_EQUAL(kLengthError, id_error("1401051990030700120"));
        CPPUNIT_ASSERT_EQUAL(kLengthError, id_error(""));
        CPPUNIT_ASSERT_EQUAL(kLengthError, id_error("   "));
        CPPUNIT_ASSERT_EQUAL(kLengthError, id_error("140105900307001"));  // old 15-digit form
        CPPUNIT_ASSERT_EQUAL(kLengthError, id_error("１４０１０５１９９００３０７００１２"));
    }

    void testIdNonDigits() {
        CPPUNIT_ASSERT_EQUAL(kCharsError, id_error("14010519900307A012"));
        CPPUNIT_ASSERT_EQUAL(kCharsError, id_error("1401051990030700XX"));
        CPPUNIT_ASSERT_EQUAL(kCharsError, id_error("14010519900307001Y"));
        CPPUNIT_ASSERT_EQUAL(kCharsError, id_error("abcdefghijklmnopqr"));
        CPPUNIT_ASSERT_EQUAL(kCharsError, id_error("1401051990 3070012"));
        CPPUNIT_ASSERT_EQUAL(kCharsError, id_error("-14010519900307001"));
        CPPUNIT_ASSERT_EQUAL(kCharsError, id_error(std::string("14010519900307001\0", 18)));
    }

    void testIdImpossibleMonth() {
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19991301")));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19990001")));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19990100")));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19990132")));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19990431")));
    }

    void testIdFebruary30() {
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("20000230")));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19990230")));
    }

    void testIdFebruary29() {
        CPPUNIT_ASSERT(check_id_number(id_born("20000229")).info.has_value());  // 400 rule
        CPPUNIT_ASSERT(check_id_number(id_born("19960229")).info.has_value());
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19990229")));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("19000229")));  // 100 rule
        CPPUNIT_ASSERT(check_id_number(id_born("19990228")).info.has_value());
    }

    void testIdDateRange() {
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("18991231")));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("00000000")));
        CPPUNIT_ASSERT(check_id_number(id_born("19000101")).info.has_value());
        CPPUNIT_ASSERT(check_id_number(id_born("19991231")).info.has_value());
    }

    void testIdFutureDate() {
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born(local_date_plus_days(2))));
        CPPUNIT_ASSERT_EQUAL(kDateError, id_error(id_born("20991231")));
        CPPUNIT_ASSERT(check_id_number(id_born(local_date_plus_days(-2))).info.has_value());
    }

    void testTicketNumber() {
        CPPUNIT_ASSERT(is_ticket_number("014012345678"));
        CPPUNIT_ASSERT(!is_ticket_number("01401234567"));
        CPPUNIT_ASSERT(!is_ticket_number("0140123456789"));
        CPPUNIT_ASSERT(!is_ticket_number("01401234567A"));
        CPPUNIT_ASSERT(!is_ticket_number(" 14012345678"));
        CPPUNIT_ASSERT(!is_ticket_number(""));
        CPPUNIT_ASSERT(is_ticket_number("0140123456", 10));
        CPPUNIT_ASSERT(!is_ticket_number("014012345678", 10));
        CPPUNIT_ASSERT(!is_ticket_number("", 0));
    }

    void testMobilePhone() {
        CPPUNIT_ASSERT(is_mobile_phone("13812345678"));
        CPPUNIT_ASSERT(is_mobile_phone("19912345678"));
        CPPUNIT_ASSERT(is_mobile_phone("15035123456"));
        CPPUNIT_ASSERT(!is_mobile_phone("12812345678"));
        CPPUNIT_ASSERT(!is_mobile_phone("10812345678"));
        CPPUNIT_ASSERT(!is_mobile_phone("23812345678"));
        CPPUNIT_ASSERT(!is_mobile_phone("1381234567"));
        CPPUNIT_ASSERT(!is_mobile_phone("138123456789"));
        CPPUNIT_ASSERT(!is_mobile_phone("1381234567a"));
        CPPUNIT_ASSERT(!is_mobile_phone("+8613812345"));
        CPPUNIT_ASSERT(!is_mobile_phone(""));
    }

    void testUtf8Valid() {
        CPPUNIT_ASSERT(is_clean_utf8(""));
        CPPUNIT_ASSERT(is_clean_utf8("plain ASCII ~"));
        CPPUNIT_ASSERT(is_clean_utf8("山西省高等教育自学考试毕业申请"));
        CPPUNIT_ASSERT(is_clean_utf8("\xc2\x80"));              // U+0080, smallest 2-byte
        CPPUNIT_ASSERT(is_clean_utf8("\xe0\xa0\x80"));          // U+0800, smallest 3-byte
        CPPUNIT_ASSERT(is_clean_utf8("\xed\x9f\xbf"));          // U+D7FF, below surrogates
        CPPUNIT_ASSERT(is_clean_utf8("\xee\x80\x80"));          // U+E000, above surrogates
        CPPUNIT_ASSERT(is_clean_utf8("\xf0\x9f\x98\x80"));      // U+1F600 emoji
        CPPUNIT_ASSERT(is_clean_utf8("\xf4\x8f\xbf\xbf"));      // U+10FFFF
        CPPUNIT_ASSERT(is_clean_utf8("𠀀 extension B"));
    }

    void testUtf8Malformed() {
        CPPUNIT_ASSERT(!is_clean_utf8("\xc0\xaf"));             // overlong '/'
        CPPUNIT_ASSERT(!is_clean_utf8("\xc1\xbf"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xe0\x80\xaf"));         // overlong 3-byte
        CPPUNIT_ASSERT(!is_clean_utf8("\xe0\x9f\xbf"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xf0\x8f\xbf\xbf"));     // overlong 4-byte
        CPPUNIT_ASSERT(!is_clean_utf8("\xed\xa0\x80"));         // U+D800
        CPPUNIT_ASSERT(!is_clean_utf8("\xed\xbf\xbf"));         // U+DFFF
        CPPUNIT_ASSERT(!is_clean_utf8("\xf4\x90\x80\x80"));     // U+110000
        CPPUNIT_ASSERT(!is_clean_utf8("\xf5\x80\x80\x80"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xf5"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xff"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xfe"));
        CPPUNIT_ASSERT(!is_clean_utf8("\x80"));                 // lone continuation
        CPPUNIT_ASSERT(!is_clean_utf8("abc\xbf"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xe4\xb8"));             // truncated 中
        CPPUNIT_ASSERT(!is_clean_utf8("\xe4\xb8" "a"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xe4"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xf0\x9f\x98"));
        CPPUNIT_ASSERT(!is_clean_utf8("\xc2"));
        CPPUNIT_ASSERT(!is_clean_utf8("中文\xe4\xb8"));
    }

    void testUtf8Controls() {
        CPPUNIT_ASSERT(!is_clean_utf8(std::string("a\0b", 3)));
        CPPUNIT_ASSERT(!is_clean_utf8(std::string(1, '\0')));
        CPPUNIT_ASSERT(!is_clean_utf8("\x01"));
        CPPUNIT_ASSERT(!is_clean_utf8("\x1b[31m"));
        CPPUNIT_ASSERT(!is_clean_utf8("\x1f"));
        CPPUNIT_ASSERT(!is_clean_utf8("\x7f"));
        CPPUNIT_ASSERT(!is_clean_utf8("\x08"));
        CPPUNIT_ASSERT(is_clean_utf8("a\tb\nc\r\n"));
        CPPUNIT_ASSERT(is_clean_utf8(" !~"));
    }

    void testUtf8Length() {
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), utf8_length(""));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), utf8_length("abc"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), utf8_length("自考"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), utf8_length("a中\xf0\x9f\x98\x80" "b"));
    }

    void testMaskIdNumber() {
        CPPUNIT_ASSERT_EQUAL(std::string("1401**********0012"), mask_id_number("140105199003070012"));
        CPPUNIT_ASSERT_EQUAL(std::string("1401**********006X"), mask_id_number("14010619970225006X"));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_id_number("14010519900307001"));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_id_number("1401051990030700120"));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_id_number(""));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_id_number("中文中文中文"));  // 18 bytes
    }

    void testMaskPhone() {
        CPPUNIT_ASSERT_EQUAL(std::string("138****5678"), mask_phone("13812345678"));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_phone("1381234567"));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_phone("138123456789"));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_phone(""));
        CPPUNIT_ASSERT_EQUAL(std::string("****"), mask_phone("\xe4\xb8\xad" "12345678"));
    }

    void testPasswordLength() {
        CPPUNIT_ASSERT_EQUAL(kPwLength, policy(""));
        CPPUNIT_ASSERT_EQUAL(kPwLength, policy("Zk#2024"));        // 7
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy("Zk#2024a"));  // 8
        std::string longest;
        for (int i = 0; i < 128; ++i) longest.push_back(static_cast<char>('a' + i % 26));
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy(longest));
        CPPUNIT_ASSERT_EQUAL(kPwLength, policy(longest + "x"));
        // Counted in code points: 4 Chinese characters are 12 bytes but 4 characters.
        CPPUNIT_ASSERT_EQUAL(kPwLength, policy("山西自考"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy("山西自考毕业申请"));
        std::string chinese128;
        for (int i = 0; i < 64; ++i) chinese128 += "山西";
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy(chinese128));
        CPPUNIT_ASSERT_EQUAL(kPwLength, policy(chinese128 + "考"));
    }

    void testPasswordCommon() {
        const std::vector<std::string> common = {
            "123456789", "12345678", "password", "qwertyuiop", "woaini1314", "5201314520",
            "1qaz2wsx", "a1234567", "abc12345", "zikao123", "password1", "iloveyou",
            "123123123", "qq123456", "admin123", "147258369", "1q2w3e4r", "1234567890",
            // case-insensitive
            "PASSWORD", "Password1", "Aa123456", "WoAiNi1314", "ZIKAO123", "QWERTYUIOP"};
        for (const auto& pw : common) CPPUNIT_ASSERT_EQUAL_MESSAGE(pw, kPwCommon, policy(pw));
    }

    void testPasswordSameCharacter() {
        CPPUNIT_ASSERT_EQUAL(kPwSame, policy("aaaaaaaa"));
        CPPUNIT_ASSERT_EQUAL(kPwSame, policy("88888888"));
        CPPUNIT_ASSERT_EQUAL(kPwSame, policy("11111111"));
        CPPUNIT_ASSERT_EQUAL(kPwSame, policy("          "));
        CPPUNIT_ASSERT_EQUAL(kPwSame, policy("考考考考考考考考"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy("考考考考考考考试"));
    }

    void testPasswordInvalidUtf8() {
        CPPUNIT_ASSERT(password_policy_error("abcdefg\xff").has_value());
        CPPUNIT_ASSERT(password_policy_error(std::string("abcd\0efgh", 9)).has_value());
        CPPUNIT_ASSERT(password_policy_error("abcdefgh\xe4\xb8").has_value());
        CPPUNIT_ASSERT(password_policy_error("\xc0\xaf\xc0\xaf\xc0\xaf\xc0\xaf").has_value());
        CPPUNIT_ASSERT(kPwLength != policy("abcdefg\xff"));
    }

    void testPasswordAccepted() {
        CPPUNIT_ASSERT(!password_policy_error("correct horse battery staple").has_value());
        CPPUNIT_ASSERT(!password_policy_error("Zk#2024考试通过").has_value());
        CPPUNIT_ASSERT(!password_policy_error("Tr0ub4dor&3").has_value());
        CPPUNIT_ASSERT(!password_policy_error("abababab").has_value());
        CPPUNIT_ASSERT(!password_policy_error("password!x").has_value());
    }

    void testRowId() {
        CPPUNIT_ASSERT(row_id("1") == std::optional<std::int64_t>(1));
        CPPUNIT_ASSERT(row_id("123456789012345678") == std::optional<std::int64_t>(123456789012345678LL));
        for (const char* bad : {"", "0", "-1", "+1", " 1", "1 ", "1a", "0x10", "1e3", "1234567890123456789"})
            CPPUNIT_ASSERT_MESSAGE(bad, !row_id(bad));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ValidateTest);
