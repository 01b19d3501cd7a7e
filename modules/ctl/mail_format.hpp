// mail_format.hpp: the bytes zikao-ctl hands to the SMS gateway and the mail server, built
// without any network code so the unit tests can check them exactly: the JSON body of the
// generic SMS gateway contract, and an RFC 5322 message (UTF-8 subject as RFC 2047
// encoded words, base64 text body).
// SECURITY: recipients, subjects and bodies come from the outbox, i.e. from examinees'
// own rows and from our code; a CR or LF in an address or a header value could add
// headers or recipients, so such input is refused (MessageRefused), never cleaned up
// and sent. Error texts name the problem, never the address or the text.
#pragma once
#include <ctime>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zk::ctl {

// A message that can never be sent as it is (bad recipient or header): giving up at once
// is right, retrying would fail the same way.
struct MessageRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A plain ASCII mailbox "local@domain": one '@' with something on both sides, at most 254
// bytes, no spaces, controls (CR/LF included) or the characters that would let it name
// more than one mailbox or a display name (<>()[],;:"\).
bool plausible_mail_address(std::string_view address);

// {"phone":"…","text":"…"}: the body POSTed to the SMS gateway.
std::string sms_gateway_json(std::string_view phone, std::string_view text);

// "=?UTF-8?B?…?=" words of at most 39 bytes of text each (never splitting a UTF-8
// character), joined by CRLF + space so every header line stays under 78 characters.
std::string rfc2047_words(std::string_view text);

// "Tue, 04 Nov 2025 02:00:00 +0000" (RFC 5322 date-time, in UTC).
std::string rfc5322_date(std::time_t when);

struct MailMessage {
    std::string from;        // mail_from
    std::string to;          // the recipient
    std::string subject;     // UTF-8
    std::string body;        // UTF-8 plain text; LF or CRLF line ends
    std::string message_id;  // "<unique@domain>"
    std::time_t date = 0;
};

// The complete message with CRLF line ends: From, To, Subject, Date, Message-ID,
// MIME-Version, Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding base64,
// then the body in base64 lines of 76 characters. Throws MessageRefused for an
// implausible address or a CR/LF in a header value.
std::string compose_mail(const MailMessage& message);

}  // namespace zk::ctl
