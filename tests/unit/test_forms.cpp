// test_forms.cpp: CppUnit tests of common/base/forms (URL encoding, urlencoded bodies,
// multipart/form-data, Cookie headers), with emphasis on hostile and truncated input.
// Trusts only forms.hpp's contract and validate::is_clean_utf8.
#include "common/base/forms.hpp"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <string_view>

using namespace std::string_literals;
using zk::http::FormLimits;
using zk::http::ParseError;

namespace {

// Fails unless fn throws ParseError with this status; anything else escaping is a bug.
template <typename Fn>
void expect_parse_error(int status, Fn&& fn, const std::string& what) {
    try {
        fn();
    } catch (const ParseError& e) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, status, e.status);
        CPPUNIT_ASSERT_MESSAGE(what + ": message must not be empty", std::string(e.what()).size() > 0);
        return;
    }
    CPPUNIT_FAIL(what + ": expected ParseError " + std::to_string(status));
}

const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string part(const std::string& headers, const std::string& data) {
    return "--" + kBoundary + "\r\n" + headers + "\r\n\r\n" + data + "\r\n";
}

std::string field_part(const std::string& name, const std::string& value) {
    return part("Content-Disposition: form-data; name=\"" + name + "\"", value);
}

std::string file_part(const std::string& name, const std::string& filename, const std::string& data,
                      const std::string& type = "application/octet-stream") {
    return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
                    "\"\r\nContent-Type: " + type,
                data);
}

std::string closing() { return "--" + kBoundary + "--\r\n"; }

// Bytes a naive parser would stumble on: NULs, bare CR/LF, "\r\n--" not followed by the
// boundary, and a near-miss of the boundary itself.
std::string tricky_binary() {
    std::string s = "\x89PNG\r\n\x1a\n"s;
    s += std::string("\0\0\0", 3);
    s += "\r\n--";
    s += "\r\n--" + kBoundary.substr(0, kBoundary.size() - 1) + "X";
    s += "--" + kBoundary;  // not at a line start, so not a delimiter
    s += "\r\n\r\n";
    s += std::string("\0\xff\xfe\r", 4);
    s += "\r\n-";
    return s;
}

std::string valid_body() {
    return field_part("name", "张三") + field_part("note", "第一行\r\n第二行") +
           file_part("photo", "照片.png", tricky_binary(), "image/png") + closing();
}

}  // namespace

class FormsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FormsTest);
    CPPUNIT_TEST(testDecodeBasic);
    CPPUNIT_TEST(testEncodeUnreservedAndUpperCase);
    CPPUNIT_TEST(testRoundTripChinese);
    CPPUNIT_TEST(testRoundTripAllBytes);
    CPPUNIT_TEST(testBadEscapes);
    CPPUNIT_TEST(testUrlencodedBasic);
    CPPUNIT_TEST(testUrlencodedPlusAndChinese);
    CPPUNIT_TEST(testRepeatedNames);
    CPPUNIT_TEST(testFormMethods);
    CPPUNIT_TEST(testTooManyFields);
    CPPUNIT_TEST(testLongValue);
    CPPUNIT_TEST(testLongName);
    CPPUNIT_TEST(testUrlencodedInvalidUtf8);
    CPPUNIT_TEST(testBoundaryPlain);
    CPPUNIT_TEST(testBoundaryQuoted);
    CPPUNIT_TEST(testBoundaryExtraParams);
    CPPUNIT_TEST(testBoundaryUpperCase);
    CPPUNIT_TEST(testBoundaryMissing);
    CPPUNIT_TEST(testBoundaryLength);
    CPPUNIT_TEST(testBoundaryNotMultipart);
    CPPUNIT_TEST(testBoundaryMalformed);
    CPPUNIT_TEST(testMultipartNormal);
    CPPUNIT_TEST(testMultipartPreambleEpilogue);
    CPPUNIT_TEST(testMultipartEmptyValueAndHeaderCase);
    CPPUNIT_TEST(testFilenamePathStripping);
    CPPUNIT_TEST(testFilenameEscapesAndBadUtf8);
    CPPUNIT_TEST(testEmptyUnselectedFileSkipped);
    CPPUNIT_TEST(testMissingClosingBoundary);
    CPPUNIT_TEST(testMissingContentDisposition);
    CPPUNIT_TEST(testBadPartHeaders);
    CPPUNIT_TEST(testOversizedFile);
    CPPUNIT_TEST(testTooManyFiles);
    CPPUNIT_TEST(testHeadersTooBig);
    CPPUNIT_TEST(testTooManyParts);
    CPPUNIT_TEST(testMultipartFieldLimits);
    CPPUNIT_TEST(testTruncatedBodyNeverCrashes);
    CPPUNIT_TEST(testCorruptedBodyNeverCrashes);
    CPPUNIT_TEST(testCookiesNormal);
    CPPUNIT_TEST(testCookiesQuoted);
    CPPUNIT_TEST(testCookiesJunk);
    CPPUNIT_TEST(testCookiesDuplicate);
    CPPUNIT_TEST(testCookiesLimit);
    CPPUNIT_TEST(testCookiesLongValue);
    CPPUNIT_TEST_SUITE_END();

public:
    // ---- URL encoding ------------------------------------------------------------------

    void testDecodeBasic() {
        CPPUNIT_ASSERT_EQUAL("A"s, zk::http::url_decode("%41"));
        CPPUNIT_ASSERT_EQUAL("a b c"s, zk::http::url_decode("a+b%20c"));
        CPPUNIT_ASSERT_EQUAL("1+1"s, zk::http::url_decode("1%2B1"));
        CPPUNIT_ASSERT_EQUAL("中"s, zk::http::url_decode("%e4%B8%ad"));
        CPPUNIT_ASSERT_EQUAL(std::string("\0", 1), zk::http::url_decode("%00"));
        CPPUNIT_ASSERT_EQUAL(""s, zk::http::url_decode(""));
        CPPUNIT_ASSERT_EQUAL("100%"s, zk::http::url_decode("100%25"));
    }

    void testEncodeUnreservedAndUpperCase() {
        CPPUNIT_ASSERT_EQUAL("AZaz09-._~"s, zk::http::url_encode("AZaz09-._~"));
        CPPUNIT_ASSERT_EQUAL("a%20b%2Bc%26d%3De%2F%3F%25"s, zk::http::url_encode("a b+c&d=e/?%"));
        CPPUNIT_ASSERT_EQUAL("%FF%00"s, zk::http::url_encode(std::string("\xff\0", 2)));
    }

    void testRoundTripChinese() {
        const std::string text = "山西省高等教育自学考试 毕业申请（2024年）";
        const std::string encoded = zk::http::url_encode(text);
        CPPUNIT_ASSERT_EQUAL("%E5%B1%B1%E8%A5%BF"s, encoded.substr(0, 18));
        CPPUNIT_ASSERT(encoded.find_first_of(" （）") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(text, zk::http::url_decode(encoded));
        // A browser would send spaces as '+'.
        CPPUNIT_ASSERT_EQUAL("张 三"s, zk::http::url_decode("%E5%BC%A0+%E4%B8%89"));
    }

    void testRoundTripAllBytes() {
        std::string all;
        for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
        CPPUNIT_ASSERT_EQUAL(all, zk::http::url_decode(zk::http::url_encode(all)));
    }

    void testBadEscapes() {
        for (const char* bad : {"%", "%4", "%zz", "abc%", "a%4", "%g1", "%1g", "x=%%41"}) {
            expect_parse_error(400, [&] { zk::http::url_decode(bad); }, std::string("decode ") + bad);
            expect_parse_error(400, [&] { zk::http::parse_urlencoded(std::string("a=") + bad); },
                               std::string("form ") + bad);
        }
    }

    // ---- urlencoded --------------------------------------------------------------------

    void testUrlencodedBasic() {
        const auto form = zk::http::parse_urlencoded("a=1&b=2&&c&d=&=e&f=x=y");
        CPPUNIT_ASSERT_EQUAL(std::size_t{6}, form.size());
        CPPUNIT_ASSERT_EQUAL("1"s, form.value("a"));
        CPPUNIT_ASSERT_EQUAL("2"s, form.value("b"));
        CPPUNIT_ASSERT(form.has("c"));
        CPPUNIT_ASSERT_EQUAL(""s, form.value("c"));
        CPPUNIT_ASSERT_EQUAL(""s, form.value("d"));
        CPPUNIT_ASSERT_EQUAL("x=y"s, form.value("f"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, zk::http::parse_urlencoded("").size());
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, zk::http::parse_urlencoded("&&&").size());
    }

    void testUrlencodedPlusAndChinese() {
        const auto form = zk::http::parse_urlencoded("xm=%E5%BC%A0%E4%B8%89&bz=a+b%2Bc&%E5%A4%87=1");
        CPPUNIT_ASSERT_EQUAL("张三"s, form.value("xm"));
        CPPUNIT_ASSERT_EQUAL("a b+c"s, form.value("bz"));
        CPPUNIT_ASSERT_EQUAL("1"s, form.value("备"));
    }

    void testRepeatedNames() {
        const auto form = zk::http::parse_urlencoded("course=01&other=x&course=02&course=03");
        const auto all = form.all("course");
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, all.size());
        CPPUNIT_ASSERT_EQUAL("01"s, all[0]);
        CPPUNIT_ASSERT_EQUAL("02"s, all[1]);
        CPPUNIT_ASSERT_EQUAL("03"s, all[2]);
        CPPUNIT_ASSERT_EQUAL("01"s, *form.get("course"));
        CPPUNIT_ASSERT_EQUAL("other"s, form.pairs()[1].first);
    }

    void testFormMethods() {
        zk::http::Form form;
        CPPUNIT_ASSERT(!form.get("x"));
        CPPUNIT_ASSERT_EQUAL(""s, form.value("x"));
        CPPUNIT_ASSERT(!form.has("x"));
        CPPUNIT_ASSERT(form.all("x").empty());
        form.add("x", "");
        CPPUNIT_ASSERT(form.has("x"));
        CPPUNIT_ASSERT(form.get("x").has_value());
        CPPUNIT_ASSERT_EQUAL(""s, *form.get("x"));
        form.add("x", "2");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, form.all("x").size());
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, form.size());
    }

    void testTooManyFields() {
        FormLimits limits;
        limits.max_fields = 3;
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, zk::http::parse_urlencoded("a=1&b=2&&c=3&", limits).size());
        expect_parse_error(413, [&] { zk::http::parse_urlencoded("a=1&b=2&c=3&d", limits); }, "4 of 3");

        std::string body;
        for (int i = 0; i < 257; ++i) body += "f" + std::to_string(i) + "=1&";
        expect_parse_error(413, [&] { zk::http::parse_urlencoded(body); }, "257 of default 256");
    }

    void testLongValue() {
        FormLimits limits;
        limits.max_value_bytes = 10;
        CPPUNIT_ASSERT_EQUAL("0123456789"s, zk::http::parse_urlencoded("v=0123456789", limits).value("v"));
        CPPUNIT_ASSERT_EQUAL("AAAAAAAAAA"s,
                             zk::http::parse_urlencoded("v=%41%41%41%41%41%41%41%41%41%41", limits).value("v"));
        expect_parse_error(413, [&] { zk::http::parse_urlencoded("v=01234567890", limits); }, "11 raw");
        expect_parse_error(413, [&] { zk::http::parse_urlencoded("v=%41%41%41%41%41%41%41%41%41%41%41", limits); },
                           "11 encoded");
        // Must be refused by the raw-length test, before decoding a megabyte.
        expect_parse_error(413, [&] { zk::http::parse_urlencoded("v=" + std::string(1 << 20, 'a')); }, "1 MiB");
    }

    void testLongName() {
        FormLimits limits;
        limits.max_name_bytes = 4;
        CPPUNIT_ASSERT(zk::http::parse_urlencoded("abcd=1", limits).has("abcd"));
        expect_parse_error(413, [&] { zk::http::parse_urlencoded("abcde=1", limits); }, "long name");
        expect_parse_error(413, [&] { zk::http::parse_urlencoded(std::string(100000, 'n') + "=1"); }, "huge name");
    }

    void testUrlencodedInvalidUtf8() {
        for (const char* bad : {"a=%FF", "a=%C0%AF", "a=%E4%B8", "a=%ED%A0%80", "a=%00", "a=%1B", "%FF=1",
                                "a=\xff"}) {
            expect_parse_error(400, [&] { zk::http::parse_urlencoded(bad); }, bad);
        }
        CPPUNIT_ASSERT_EQUAL("a\r\nb\tc"s, zk::http::parse_urlencoded("t=a%0D%0Ab%09c").value("t"));
    }

    // ---- multipart_boundary ------------------------------------------------------------

    void testBoundaryPlain() {
        CPPUNIT_ASSERT_EQUAL(kBoundary, zk::http::multipart_boundary("multipart/form-data; boundary=" + kBoundary));
        CPPUNIT_ASSERT_EQUAL("x"s, zk::http::multipart_boundary("multipart/form-data;boundary=x"));
        CPPUNIT_ASSERT_EQUAL("x"s, zk::http::multipart_boundary("  multipart/form-data ;\tboundary = x ; "));
    }

    void testBoundaryQuoted() {
        CPPUNIT_ASSERT_EQUAL("a b:c=d"s, zk::http::multipart_boundary("multipart/form-data; boundary=\"a b:c=d\""));
        CPPUNIT_ASSERT_EQUAL("abc"s, zk::http::multipart_boundary("multipart/form-data; boundary=\"abc\"; x=1"));
    }

    void testBoundaryExtraParams() {
        CPPUNIT_ASSERT_EQUAL("xyz"s, zk::http::multipart_boundary(
                                         "multipart/form-data; charset=utf-8; boundary=xyz; foo=\"bar;baz\""));
        CPPUNIT_ASSERT_EQUAL("xyz"s, zk::http::multipart_boundary(
                                         "multipart/form-data; foo=\"boundary=evil\"; boundary=xyz"));
    }

    void testBoundaryUpperCase() {
        CPPUNIT_ASSERT_EQUAL("AbC"s, zk::http::multipart_boundary("MULTIPART/FORM-DATA; BOUNDARY=AbC"));
        CPPUNIT_ASSERT_EQUAL("q"s, zk::http::multipart_boundary("Multipart/Form-Data; Boundary=\"q\""));
    }

    void testBoundaryMissing() {
        for (const char* ct : {"multipart/form-data", "multipart/form-data;", "multipart/form-data; charset=utf-8",
                               "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\""}) {
            expect_parse_error(400, [&] { zk::http::multipart_boundary(ct); }, ct);
        }
    }

    void testBoundaryLength() {
        const std::string b70(70, 'b');
        CPPUNIT_ASSERT_EQUAL(b70, zk::http::multipart_boundary("multipart/form-data; boundary=" + b70));
        expect_parse_error(400, [&] { zk::http::multipart_boundary("multipart/form-data; boundary=" + b70 + "b"); },
                           "71 chars");
        expect_parse_error(400,
                           [&] { zk::http::multipart_boundary("multipart/form-data; boundary=\"" + b70 + "b\""); },
                           "71 chars quoted");
    }

    void testBoundaryNotMultipart() {
        for (const char* ct : {"application/x-www-form-urlencoded; boundary=x", "multipart/mixed; boundary=x",
                               "multipart/form-datax; boundary=x", "text/plain", "", "boundary=x"}) {
            expect_parse_error(400, [&] { zk::http::multipart_boundary(ct); }, ct);
        }
    }

    void testBoundaryMalformed() {
        for (const char* ct : {"multipart/form-data; boundary=\"abc", "multipart/form-data; boundary=a\rb",
                               "multipart/form-data; boundary=\"a\nb\"", "multipart/form-data; boundary=\"ab \"",
                               "multipart/form-data; boundary=x; boundary=y", "multipart/form-data; junk",
                               "multipart/form-data; boundary=\xe4\xb8\xad"}) {
            expect_parse_error(400, [&] { zk::http::multipart_boundary(ct); }, ct);
        }
    }

    // ---- parse_multipart ---------------------------------------------------------------

    void testMultipartNormal() {
        const auto body = zk::http::parse_multipart(valid_body(), kBoundary);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, body.fields.size());
        CPPUNIT_ASSERT_EQUAL("张三"s, body.fields.value("name"));
        CPPUNIT_ASSERT_EQUAL("第一行\r\n第二行"s, body.fields.value("note"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, body.files.size());
        const auto& f = body.files[0];
        CPPUNIT_ASSERT_EQUAL("photo"s, f.field_name);
        CPPUNIT_ASSERT_EQUAL("照片.png"s, f.file_name);
        CPPUNIT_ASSERT_EQUAL("image/png"s, f.content_type);
        CPPUNIT_ASSERT_EQUAL(tricky_binary().size(), f.data.size());
        CPPUNIT_ASSERT(tricky_binary() == f.data);
    }

    void testMultipartPreambleEpilogue() {
        const std::string body = "This is a preamble.\r\n" + field_part("a", "1") + "--" + kBoundary +
                                 "--\r\nepilogue --" + kBoundary + "\r\njunk";
        const auto parsed = zk::http::parse_multipart(body, kBoundary);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, parsed.fields.size());
        CPPUNIT_ASSERT_EQUAL("1"s, parsed.fields.value("a"));
        // No final CRLF after the close delimiter, and transport padding after a delimiter.
        const std::string padded = "--" + kBoundary + " \t\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n--" +
                                   kBoundary + "--";
        CPPUNIT_ASSERT_EQUAL("2"s, zk::http::parse_multipart(padded, kBoundary).fields.value("b"));
        // A body that is only the close delimiter is empty, not malformed.
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, zk::http::parse_multipart(closing(), kBoundary).fields.size());
    }

    void testMultipartEmptyValueAndHeaderCase() {
        const std::string body =
            part("content-disposition: FORM-DATA; NAME=\"e\"", "") +
            part("X-Other: 1\r\nContent-Disposition:form-data;name=\"z\";filename=\"z.txt\"", "") + closing();
        const auto parsed = zk::http::parse_multipart(body, kBoundary);
        CPPUNIT_ASSERT(parsed.fields.has("e"));
        CPPUNIT_ASSERT_EQUAL(""s, parsed.fields.value("e"));
        // A named but empty file is kept: only an unselected input (no name, no data) is dropped.
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, parsed.files.size());
        CPPUNIT_ASSERT_EQUAL("z.txt"s, parsed.files[0].file_name);
        CPPUNIT_ASSERT_EQUAL(""s, parsed.files[0].content_type);
        CPPUNIT_ASSERT(parsed.files[0].data.empty());
    }

    void testFilenamePathStripping() {
        const std::string body = file_part("a", "C:\\fakepath\\a.jpg", "1") +      // as old IE sends it
                                 file_part("b", "C:\\\\fakepath\\\\b.jpg", "2") +  // properly escaped
                                 file_part("c", "../../etc/passwd", "3") + file_part("d", "dir/", "4") +
                                 file_part("e", "..", "5") + closing();
        const auto parsed = zk::http::parse_multipart(body, kBoundary);
        CPPUNIT_ASSERT_EQUAL(std::size_t{5}, parsed.files.size());
        CPPUNIT_ASSERT_EQUAL("a.jpg"s, parsed.files[0].file_name);
        CPPUNIT_ASSERT_EQUAL("b.jpg"s, parsed.files[1].file_name);
        CPPUNIT_ASSERT_EQUAL("passwd"s, parsed.files[2].file_name);
        CPPUNIT_ASSERT_EQUAL(""s, parsed.files[3].file_name);
        CPPUNIT_ASSERT_EQUAL(""s, parsed.files[4].file_name);
        CPPUNIT_ASSERT_EQUAL("3"s, parsed.files[2].data);
    }

    void testFilenameEscapesAndBadUtf8() {
        const std::string body = file_part("a", "say \\\"hi\\\".txt", "1") + file_part("b", "bad\xff.txt", "2") +
                                 part("Content-Disposition: form-data; name=c; filename=plain.txt", "3") + closing();
        const auto parsed = zk::http::parse_multipart(body, kBoundary);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, parsed.files.size());
        CPPUNIT_ASSERT_EQUAL("say \"hi\".txt"s, parsed.files[0].file_name);
        CPPUNIT_ASSERT_EQUAL(""s, parsed.files[1].file_name);
        CPPUNIT_ASSERT_EQUAL("2"s, parsed.files[1].data);
        CPPUNIT_ASSERT_EQUAL("plain.txt"s, parsed.files[2].file_name);
    }

    void testEmptyUnselectedFileSkipped() {
        const std::string body = field_part("a", "1") + file_part("photo", "", "") + field_part("b", "2") + closing();
        const auto parsed = zk::http::parse_multipart(body, kBoundary);
        CPPUNIT_ASSERT(parsed.files.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, parsed.fields.size());
        CPPUNIT_ASSERT(!parsed.fields.has("photo"));
    }

    void testMissingClosingBoundary() {
        const std::string ok = field_part("a", "1") + closing();
        for (const std::string& body :
             {field_part("a", "1"), field_part("a", "1") + "--" + kBoundary, field_part("a", "1") + "--" + kBoundary + "-",
              field_part("a", "1") + "--" + kBoundary + "x--", "--" + kBoundary + "\r\n", "no boundary at all"s, ""s,
              "--" + kBoundary + "\r\nContent-Disposition: form-data; name=a\r\n\r\n1--" + kBoundary + "--"}) {
            expect_parse_error(400, [&] { zk::http::parse_multipart(body, kBoundary); }, "body: " + body);
        }
        CPPUNIT_ASSERT_EQUAL("1"s, zk::http::parse_multipart(ok, kBoundary).fields.value("a"));
        // Wrong boundary given: nothing matches.
        expect_parse_error(400, [&] { zk::http::parse_multipart(ok, "other"); }, "other boundary");
        expect_parse_error(400, [&] { zk::http::parse_multipart(ok, ""); }, "empty boundary");
    }

    void testMissingContentDisposition() {
        for (const std::string& headers :
             {"Content-Type: text/plain"s, "Content-Disposition: form-data"s, "Content-Disposition: form-data; filename=\"a\""s,
              "Content-Disposition: attachment; name=\"a\""s}) {
            const std::string body = part(headers, "x") + closing();
            expect_parse_error(400, [&] { zk::http::parse_multipart(body, kBoundary); }, headers);
        }
        const std::string no_headers = "--" + kBoundary + "\r\n\r\nx\r\n" + closing();
        expect_parse_error(400, [&] { zk::http::parse_multipart(no_headers, kBoundary); }, "no headers");
    }

    void testBadPartHeaders() {
        for (const std::string& headers :
             {"Content-Disposition form-data; name=a"s, "Content-Disposition: form-data; name=\"a"s,
              "Content-Disposition: form-data; name=a; name=b"s,
              "Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b"s,
              "Content-Disposition: form-data; name=a\r\n continued"s, "Content-Disposition: form-data; name=a\nX: y"s,
              "Content-Disposition: form-data; name=\"a\0b\""s, ": x\r\nContent-Disposition: form-data; name=a"s,
              "Content-Disposition: form-data; name=\"\xff\""s}) {
            const std::string body = part(headers, "x") + closing();
            expect_parse_error(400, [&] { zk::http::parse_multipart(body, kBoundary); }, headers);
        }
    }

    void testOversizedFile() {
        FormLimits limits;
        limits.max_file_bytes = 10;
        const auto ok = zk::http::parse_multipart(file_part("f", "a.bin", std::string(10, '\0')) + closing(),
                                                  kBoundary, limits);
        CPPUNIT_ASSERT_EQUAL(std::size_t{10}, ok.files.at(0).data.size());
        expect_parse_error(
            413, [&] { zk::http::parse_multipart(file_part("f", "a.bin", std::string(11, 'x')) + closing(), kBoundary, limits); },
            "11 of 10");
        expect_parse_error(413,
                           [&] {
                               zk::http::parse_multipart(
                                   file_part("f", "a.bin", std::string(2 * 1024 * 1024 + 1, 'x')) + closing(), kBoundary);
                           },
                           "default limit");
    }

    void testTooManyFiles() {
        FormLimits limits;
        limits.max_files = 2;
        std::string two = file_part("f", "1.jpg", "1") + file_part("f", "2.jpg", "2");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, zk::http::parse_multipart(two + closing(), kBoundary, limits).files.size());
        const std::string three = two + file_part("f", "3.jpg", "3") + closing();
        expect_parse_error(413, [&] { zk::http::parse_multipart(three, kBoundary, limits); }, "3 of 2");
        std::string nine;
        for (int i = 0; i < 9; ++i) nine += file_part("f", std::to_string(i) + ".jpg", "x");
        expect_parse_error(413, [&] { zk::http::parse_multipart(nine + closing(), kBoundary); }, "9 of default 8");
    }

    void testHeadersTooBig() {
        FormLimits limits;
        limits.max_header_bytes = 100;
        const std::string fits = "Content-Disposition: form-data; name=\"a\"; filename=\"" + std::string(40, 'n') + "\"";
        CPPUNIT_ASSERT(fits.size() <= 100);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                             zk::http::parse_multipart(part(fits, "1") + closing(), kBoundary, limits).files.size());
        const std::string big = "Content-Disposition: form-data; name=\"a\"; filename=\"" + std::string(100, 'n') + "\"";
        expect_parse_error(413, [&] { zk::http::parse_multipart(part(big, "1") + closing(), kBoundary, limits); },
                           "long header");
        const std::string many_lines = "X-A: 1\r\nX-B: 2\r\nX-C: " + std::string(90, 'c') +
                                       "\r\nContent-Disposition: form-data; name=a";
        expect_parse_error(413,
                           [&] { zk::http::parse_multipart(part(many_lines, "1") + closing(), kBoundary, limits); },
                           "many header lines");
        // Headers that never end, with the default limit.
        const std::string endless = "--" + kBoundary + "\r\nX: " + std::string(10000, 'h');
        expect_parse_error(413, [&] { zk::http::parse_multipart(endless, kBoundary); }, "endless header");
    }

    void testTooManyParts() {
        FormLimits limits;
        limits.max_fields = 3;
        // Skipped empty file inputs count as parts too, so they cannot be used to pad a body.
        const std::string three = field_part("a", "1") + file_part("f", "", "") + field_part("b", "2");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2},
                             zk::http::parse_multipart(three + closing(), kBoundary, limits).fields.size());
        const std::string four = three + field_part("c", "3") + closing();
        expect_parse_error(413, [&] { zk::http::parse_multipart(four, kBoundary, limits); }, "4 of 3");
    }

    void testMultipartFieldLimits() {
        FormLimits limits;
        limits.max_value_bytes = 5;
        limits.max_name_bytes = 3;
        CPPUNIT_ASSERT_EQUAL("12345"s,
                             zk::http::parse_multipart(field_part("abc", "12345") + closing(), kBoundary, limits)
                                 .fields.value("abc"));
        expect_parse_error(413, [&] { zk::http::parse_multipart(field_part("a", "123456") + closing(), kBoundary, limits); },
                           "long value");
        expect_parse_error(413, [&] { zk::http::parse_multipart(field_part("abcd", "1") + closing(), kBoundary, limits); },
                           "long name");
        expect_parse_error(400, [&] { zk::http::parse_multipart(field_part("a", "\xff") + closing(), kBoundary); },
                           "bad utf-8 value");
        expect_parse_error(400,
                           [&] { zk::http::parse_multipart(field_part("a", std::string("x\0y", 3)) + closing(), kBoundary); },
                           "NUL in value");
        // File contents are binary and exempt from the text check.
        CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                             zk::http::parse_multipart(file_part("a", "f", "\xff") + closing(), kBoundary).files.size());
    }

    void testTruncatedBodyNeverCrashes() {
        const std::string body = valid_body();
        std::size_t successes = 0;
        for (std::size_t n = 0; n <= body.size(); ++n) {
            // A heap copy of exactly n bytes lets ASan catch any read past the end.
            const std::string prefix = body.substr(0, n);
            try {
                const auto parsed = zk::http::parse_multipart(prefix, kBoundary);
                ++successes;
                CPPUNIT_ASSERT_EQUAL(std::size_t{2}, parsed.fields.size());
            } catch (const ParseError& e) {
                CPPUNIT_ASSERT(e.status == 400 || e.status == 413);
            }
        }
        // Only bodies that still hold the whole close delimiter may succeed.
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, successes);
    }

    void testCorruptedBodyNeverCrashes() {
        const std::string body = valid_body();
        for (std::size_t i = 0; i < body.size(); ++i) {
            for (char c : {'\0', '\r', '\n', '-', '"', '\\', ';'}) {
                std::string bad = body;
                bad[i] = c;
                try {
                    zk::http::parse_multipart(bad, kBoundary);
                } catch (const ParseError&) {
                }
            }
        }
    }

    // ---- cookies -----------------------------------------------------------------------

    void testCookiesNormal() {
        const auto c = zk::http::parse_cookies("zk_session=abc123; theme=dark;lang=zh-CN");
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, c.size());
        CPPUNIT_ASSERT_EQUAL("abc123"s, c.at("zk_session"));
        CPPUNIT_ASSERT_EQUAL("dark"s, c.at("theme"));
        CPPUNIT_ASSERT_EQUAL("zh-CN"s, c.at("lang"));
        CPPUNIT_ASSERT(zk::http::parse_cookies("").empty());
        CPPUNIT_ASSERT_EQUAL("a=b"s, zk::http::parse_cookies("x=a=b").at("x"));
    }

    void testCookiesQuoted() {
        const auto c = zk::http::parse_cookies(" a=\"quoted value\" ;\tb=\"\"; c=\"; d=\"x");
        CPPUNIT_ASSERT_EQUAL("quoted value"s, c.at("a"));
        CPPUNIT_ASSERT_EQUAL(""s, c.at("b"));
        CPPUNIT_ASSERT_EQUAL("\""s, c.at("c"));
        CPPUNIT_ASSERT_EQUAL("\"x"s, c.at("d"));
    }

    void testCookiesJunk() {
        const auto c = zk::http::parse_cookies(";;  ; junk; =novalue; \t ;ok=1; bad=\xff\xfe; also ok = 2 ;");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, c.size());
        CPPUNIT_ASSERT_EQUAL("1"s, c.at("ok"));
        CPPUNIT_ASSERT_EQUAL("2"s, c.at("also ok"));
    }

    void testCookiesDuplicate() {
        const auto c = zk::http::parse_cookies("zk_session=first; zk_session=second; x=1; x=2");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, c.size());
        CPPUNIT_ASSERT_EQUAL("first"s, c.at("zk_session"));
        CPPUNIT_ASSERT_EQUAL("1"s, c.at("x"));
    }

    void testCookiesLimit() {
        std::string header;
        for (int i = 0; i < 65; ++i) header += "c" + std::to_string(i) + "=v; ";
        const auto c = zk::http::parse_cookies(header);
        CPPUNIT_ASSERT_EQUAL(std::size_t{64}, c.size());
        CPPUNIT_ASSERT(c.count("c0") == 1);
        CPPUNIT_ASSERT(c.count("c63") == 1);
        CPPUNIT_ASSERT(c.count("c64") == 0);
    }

    void testCookiesLongValue() {
        const std::string v4096(4096, 'v');
        const auto c = zk::http::parse_cookies("big=" + std::string(4097, 'v') + "; ok=" + v4096 + "; q=\"" + v4096 + "\"");
        CPPUNIT_ASSERT(c.count("big") == 0);
        CPPUNIT_ASSERT_EQUAL(v4096, c.at("ok"));
        CPPUNIT_ASSERT_EQUAL(v4096, c.at("q"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FormsTest);
