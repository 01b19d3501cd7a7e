// mail_format.cpp: see mail_format.hpp.
#include "modules/ctl/mail_format.hpp"

#include <algorithm>
#include <cstdio>

#include "common/base/crypto.hpp"
#include "common/base/json.hpp"

namespace zk::ctl {
namespace {

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// Bytes of `text` starting at `from` that fit in `limit` without cutting a UTF-8
// sequence: continuation bytes (10xxxxxx) never start a chunk.
std::size_t utf8_chunk(std::string_view text, std::size_t from, std::size_t limit) {
    std::size_t end = std::min(text.size(), from + limit);
    while (end > from && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    // A single character longer than the limit (impossible for UTF-8 with limit >= 4).
    return end == from ? std::min(text.size() - from, limit) : end - from;
}

// Line ends of a text/plain body in canonical form (RFC 2045: CRLF) before base64.
std::string crlf_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (text[i] == '\n') {
            out += "\r\n";
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

bool plausible_mail_address(std::string_view a) {
    if (a.size() < 3 || a.size() > 254) return false;
    const std::size_t at = a.find('@');
    if (at == 0 || at == std::string_view::npos || at + 1 == a.size() || a.find('@', at + 1) != std::string_view::npos)
        return false;
    for (unsigned char c : a) {
        if (c <= 0x20 || c >= 0x7F) return false;
        if (std::string_view("<>()[],;:\"\\").find(static_cast<char>(c)) != std::string_view::npos) return false;
    }
    return true;
}

std::string sms_gateway_json(std::string_view phone, std::string_view text) {
    return "{\"phone\":" + json::quote(phone) + ",\"text\":" + json::quote(text) + "}";
}

std::string rfc2047_words(std::string_view text) {
    // 39 bytes → 52 base64 characters → a 64-character word; with "Subject: " in front
    // the first line is 73 characters, the RFC's recommended limit being 78.
    constexpr std::size_t kBytesPerWord = 39;
    std::string out;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t n = utf8_chunk(text, pos, kBytesPerWord);
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + crypto::base64_encode(text.substr(pos, n)) + "?=";
        pos += n;
    }
    return out;
}

std::string rfc5322_date(std::time_t when) {
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm t{};
    gmtime_r(&when, &t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[t.tm_wday], t.tm_mday,
                  kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    return buf;
}

std::string compose_mail(const MailMessage& m) {
    if (!plausible_mail_address(m.to)) throw MessageRefused("recipient is not a plain mail address");
    if (!plausible_mail_address(m.from)) throw MessageRefused("mail_from is not a plain mail address");
    if (has_line_break(m.subject)) throw MessageRefused("subject contains CR or LF");
    if (has_line_break(m.message_id)) throw MessageRefused("Message-ID contains CR or LF");

    std::string out;
    out += "From: " + m.from + "\r\n";
    out += "To: " + m.to + "\r\n";
    out += "Subject: " + rfc2047_words(m.subject) + "\r\n";
    out += "Date: " + rfc5322_date(m.date) + "\r\n";
    out += "Message-ID: " + m.message_id + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "\r\n";
    const std::string encoded = crypto::base64_encode(crlf_lines(m.body));
    for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
    return out;
}

}  // namespace zk::ctl
