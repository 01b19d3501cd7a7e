// http_client.cpp: see http_client.hpp.
#include "common/base/http_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace zk::http_client {

namespace {
constexpr long kConnectTimeoutSeconds = 5;
constexpr long kTimeoutSeconds = 15;

struct EasyFree {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct ListFree {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

std::size_t keep_answer(char* data, std::size_t size, std::size_t count, void* user) {
    auto* out = static_cast<std::string*>(user);
    const std::size_t n = size * count;
    if (out->size() + n > kMaxAnswerBytes) return 0;  // too long: the transfer fails
    out->append(data, n);
    return n;
}

std::once_flag g_init;
}  // namespace

void init() {
    std::call_once(g_init, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    });
}

Answer post(const std::string& url, const std::string& body, const std::string& content_type, bool allow_plain_http,
            const std::string& user_agent) {
    init();
    Answer a;
    std::unique_ptr<CURL, EasyFree> h(curl_easy_init());
    if (!h) return {false, 0, "", "curl_easy_init failed"};
    std::unique_ptr<curl_slist, ListFree> headers;
    for (const std::string& item : {"Content-Type: " + content_type, std::string("Expect:")}) {
        curl_slist* head = curl_slist_append(headers.get(), item.c_str());
        if (!head) return {false, 0, "", "out of memory"};
        (void)headers.release();
        headers.reset(head);
    }
    bool set_ok = true;
    auto set = [&](CURLoption option, auto value) { set_ok = set_ok && curl_easy_setopt(h.get(), option, value) == CURLE_OK; };
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    set(CURLOPT_TIMEOUT, kTimeoutSeconds);
    set(CURLOPT_FOLLOWLOCATION, 0L);
    set(CURLOPT_URL, url.c_str());
    set(CURLOPT_PROTOCOLS_STR, allow_plain_http ? "http,https" : "https");
    set(CURLOPT_HTTPHEADER, headers.get());
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    set(CURLOPT_POSTFIELDS, body.c_str());
    set(CURLOPT_USERAGENT, user_agent.c_str());
    set(CURLOPT_WRITEFUNCTION, &keep_answer);
    set(CURLOPT_WRITEDATA, &a.body);
    if (!set_ok) return {false, 0, "", "libcurl refused an option"};
    const CURLcode rc = curl_easy_perform(h.get());
    if (rc != CURLE_OK) {
        a.error = curl_easy_strerror(rc);
        return a;
    }
    curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &a.status);
    a.ok = true;
    return a;
}

}  // namespace zk::http_client
