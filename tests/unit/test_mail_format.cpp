// test_mail_format.cpp: CppUnit tests for modules/ctl/mail_format (what zikao-ctl
// deliver-messages hands to the SMS gateway and the mail server): the gateway's JSON, RFC
// 2047 subject words that never cut a UTF-8 character, the RFC 5322 message and its base64
// body, and the refusal of CR/LF in addresses and headers (header injection).
// Trusts crypto::base64_decode (tested in test_crypto) to read the encoded parts back.
#include "modules/ctl/mail_format.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

#include "common/base/crypto.hpp"
#include "common/domain/validate.hpp"

using namespace zk::ctl;

namespace {

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + separator.size())
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

MailMessage sample() {
    MailMessage m;
    m.from = "bysq@sxkszx.cn";
    m.to = "zhangsan@example.cn";
    m.subject = "山西省高等教育自学考试毕业网上申请：测试邮件";
    m.body = "第一行\n第二行";
    m.message_id = "<7.abc@sxkszx.cn>";
    m.date = 1700000000;
    return m;
}

}  // namespace

class MailFormatTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MailFormatTest);
    CPPUNIT_TEST(testSmsJson);
    CPPUNIT_TEST(testSubjectWordsKeepCharactersWhole);
    CPPUNIT_TEST(testDate);
    CPPUNIT_TEST(testComposeHeadersAndBody);
    CPPUNIT_TEST(testRefusesLineBreaks);
    CPPUNIT_TEST(testPlausibleAddresses);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSmsJson() {
        CPPUNIT_ASSERT_EQUAL(std::string("{\"phone\":\"13812345678\",\"text\":\"链接 \\\"a\\\"\\n\\\\b\"}"),
                             sms_gateway_json("13812345678", "链接 \"a\"\n\\b"));
    }

    void testSubjectWordsKeepCharactersWhole() {
        // 45 three-byte characters: a 39-byte cut would land inside one every time.
        std::string subject;
        for (int i = 0; i < 45; ++i) subject += "考";
        subject = "A" + subject;
        const auto words = split(rfc2047_words(subject), "\r\n ");
        CPPUNIT_ASSERT(words.size() >= 4);
        std::string decoded;
        for (const auto& w : words) {
            CPPUNIT_ASSERT_EQUAL(std::string("=?UTF-8?B?"), w.substr(0, 10));
            CPPUNIT_ASSERT_EQUAL(std::string("?="), w.substr(w.size() - 2));
            CPPUNIT_ASSERT(w.size() + 9 <= 78);  // with "Subject: " in front
            const std::string part = zk::crypto::base64_decode(w.substr(10, w.size() - 12));
            CPPUNIT_ASSERT(part.size() <= 39);
            CPPUNIT_ASSERT(zk::validate::is_clean_utf8(part));  // no character cut in two
            decoded += part;
        }
        CPPUNIT_ASSERT_EQUAL(subject, decoded);
        CPPUNIT_ASSERT_EQUAL(std::string(), rfc2047_words(""));
    }

    void testDate() {
        CPPUNIT_ASSERT_EQUAL(std::string("Thu, 01 Jan 1970 00:00:00 +0000"), rfc5322_date(0));
        CPPUNIT_ASSERT_EQUAL(std::string("Tue, 14 Nov 2023 22:13:20 +0000"), rfc5322_date(1700000000));
    }

    void testComposeHeadersAndBody() {
        const std::string mail = compose_mail(sample());
        const auto parts = split(mail, "\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parts.size());
        const auto headers = split(parts[0], "\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("From: bysq@sxkszx.cn"), headers.at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("To: zhangsan@example.cn"), headers.at(1));
        CPPUNIT_ASSERT_EQUAL(std::string("Subject: =?UTF-8?B?"), headers.at(2).substr(0, 19));
        const std::string tail = parts[0].substr(parts[0].find("\r\nDate: "));
        CPPUNIT_ASSERT_EQUAL(std::string("\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
                                         "Message-ID: <7.abc@sxkszx.cn>\r\n"
                                         "MIME-Version: 1.0\r\n"
                                         "Content-Type: text/plain; charset=UTF-8\r\n"
                                         "Content-Transfer-Encoding: base64"),
                             tail);
        // The body: base64 lines of at most 76 characters, CRLF line ends inside.
        std::string encoded;
        for (const auto& line : split(parts[1], "\r\n")) {
            CPPUNIT_ASSERT(line.size() <= 76);
            encoded += line;
        }
        CPPUNIT_ASSERT_EQUAL(std::string("第一行\r\n第二行"), zk::crypto::base64_decode(encoded));
        CPPUNIT_ASSERT(mail.size() >= 2 && mail.substr(mail.size() - 2) == "\r\n");
    }

    void testRefusesLineBreaks() {
        for (const char* to : {"a@example.cn\r\nBcc: x@evil.example", "a@example.cn\n", "a@exa\rmple.cn"}) {
            MailMessage m = sample();
            m.to = to;
            CPPUNIT_ASSERT_THROW(compose_mail(m), MessageRefused);
        }
        MailMessage m = sample();
        m.subject = "主题\r\nBcc: x@evil.example";
        CPPUNIT_ASSERT_THROW(compose_mail(m), MessageRefused);
        m = sample();
        m.from = "bysq@sxkszx.cn\nX: y";
        CPPUNIT_ASSERT_THROW(compose_mail(m), MessageRefused);
        m = sample();
        m.message_id = "<a@b>\r\nX: y";
        CPPUNIT_ASSERT_THROW(compose_mail(m), MessageRefused);
    }

    void testPlausibleAddresses() {
        for (const char* ok : {"a@b.cn", "zhang.san+bysq@example.com.cn"})
            CPPUNIT_ASSERT_MESSAGE(ok, plausible_mail_address(ok));
        for (const char* bad : {"", "a@", "@b.cn", "ab.cn", "a@@b.cn", "a@b@c.cn", "a b@c.cn", "a@b.cn\r\n",
                                "<a@b.cn>", "a@b.cn,c@d.cn", "\"a\"@b.cn", "张三@b.cn", "a@b.cn\t"})
            CPPUNIT_ASSERT_MESSAGE(bad, !plausible_mail_address(bad));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailFormatTest);
