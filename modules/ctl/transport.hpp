// transport.hpp: how zikao-ctl hands a queued message to the outside world. One small
// interface, two production transports made from the configuration, both on libcurl:
//
//   sms_gateway = http   — the generic SMS gateway contract (docs/runbook.md, "Messages to
//     examinees"): POST sms_gateway_url with
//         Content-Type: application/json; charset=utf-8
//         Authorization: Bearer <contents of sms_gateway_token_file>
//         Idempotency-Key: zikao-outbox-<message id>   (the same on every retry)
//         {"phone": "13812345678", "text": "…"}
//     2xx = accepted; 400 or 422 = this message can never be sent (given up at once);
//     anything else (other 4xx, 5xx, timeouts) is retried later. A province's SMS provider
//     is put behind this contract, or a thin adapter is added here. https only, unless
//     development_stand_ins = true (the tests' local sink). Connect timeout 5 s, 15 s in all.
//   mail_transport = smtp — libcurl's SMTP client: smtp_url (smtp://host:25 with STARTTLS
//     required unless smtp_starttls = false; smtps://host:465 for TLS from the start),
//     optional smtp_user + smtp_password_file, envelope and From: mail_from. The message
//     is composed by mail_format.hpp. Connect timeout 5 s, 30 s in all (greeting delays).
//   outbox — the development stand-in: no transport at all; the messages stay in the
//     table for /dev/outbox (modules/chsisim).
//
// SECURITY: trusts the configuration and the files it names. Secrets (the gateway token,
// the SMTP password) are read from files that group and others cannot read, go only into
// the request, and are never logged. TLS peers are verified (libcurl's defaults are kept),
// redirects are not followed, the response body is discarded unread. Error texts are
// short and hold no recipient, text or token: they are stored in last_error and logged.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "common/base/config.hpp"

namespace zk::ctl {

struct SendResult {
    bool ok = false;
    bool permanent = false;  // retrying cannot help (refused recipient, malformed message)
    std::string error;       // short, no personal data; empty when ok
};

struct OutgoingMessage {
    std::int64_t id = 0;  // outbound_messages.id (idempotency key, Message-ID)
    std::string recipient;
    std::string subject;  // mail only
    std::string body;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual SendResult send(const OutgoingMessage& message) = 0;
};

// Initialises libcurl for the life of the object (curl_global_init is not thread-safe:
// one instance in main's thread before any transport is made).
class CurlLibrary {
public:
    CurlLibrary();
    ~CurlLibrary();
    CurlLibrary(const CurlLibrary&) = delete;
    CurlLibrary& operator=(const CurlLibrary&) = delete;
};

// The configured transport of each channel; nullptr when it is `outbox`. Throws
// ConfigError for an unknown value or a missing/unreadable setting (URL, token file…).
std::unique_ptr<Transport> make_sms_transport(const Config& config);
std::unique_ptr<Transport> make_mail_transport(const Config& config);

}  // namespace zk::ctl
