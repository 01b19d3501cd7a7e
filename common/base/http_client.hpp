// http_client.hpp: one HTTP POST to another server over libcurl, for the server-to-server
// calls of the payment adapters (the provider's query and close; the sandbox's
// notifications). Bounded in time (connect 5 s, all 15 s) and in the answer it keeps
// (64 KiB); redirects are not followed; TLS peers are verified (libcurl's defaults).
// SECURITY: trusts the URL it is given (from the configuration or from a signed message);
// plain http only where the caller allows it (development stand-ins).
#pragma once
#include <string>

namespace zk::http_client {

struct Answer {
    bool ok = false;       // a complete HTTP answer arrived (any status)
    long status = 0;
    std::string body;      // at most kMaxAnswerBytes
    std::string error;     // when !ok: short, no message content
};

inline constexpr std::size_t kMaxAnswerBytes = 64 * 1024;

// curl_global_init once per process, thread-safe (std::call_once); called by post().
void init();

// POSTs `body` with `content_type` to `url` (http:// only when allow_plain_http).
Answer post(const std::string& url, const std::string& body, const std::string& content_type,
            bool allow_plain_http, const std::string& user_agent);

}  // namespace zk::http_client
