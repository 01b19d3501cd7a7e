// transport.cpp: the libcurl transports of transport.hpp (SMS gateway over HTTPS, mail over
// SMTP). Every libcurl handle and list is owned by a std::unique_ptr; one handle per
// message, so nothing (cookies, connections, credentials) carries over between messages.
#include "modules/ctl/transport.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <new>
#include <stdexcept>

#include "common/base/crypto.hpp"
#include "common/domain/stand_ins.hpp"
#include "common/domain/validate.hpp"
#include "modules/ctl/mail_format.hpp"

namespace zk::ctl {
namespace {

constexpr long kConnectTimeoutSeconds = 5;
constexpr long kHttpTimeoutSeconds = 15;
// SMTP servers may delay their greeting on purpose (postscreen and the like).
constexpr long kSmtpTimeoutSeconds = 30;

struct EasyDeleter {
    void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using List = std::unique_ptr<curl_slist, ListDeleter>;

void append(List& list, const std::string& item) {
    curl_slist* head = curl_slist_append(list.get(), item.c_str());
    if (head == nullptr) throw std::bad_alloc();
    // curl_slist_append returns the same head for a non-empty list: hand ownership over
    // without freeing it.
    (void)list.release();
    list.reset(head);
}

std::size_t discard_response(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// One transfer. Option errors throw (they mean this libcurl lacks a feature we rely on).
class Easy {
public:
    Easy() : handle_(curl_easy_init()) {
        if (!handle_) throw std::runtime_error("curl_easy_init failed");
        set(CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM
        set(CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
        set(CURLOPT_FOLLOWLOCATION, 0L);
        set(CURLOPT_WRITEFUNCTION, &discard_response);  // a gateway's answer may echo the text
    }
    template <typename T>
    void set(CURLoption option, T value) {
        if (curl_easy_setopt(handle_.get(), option, value) != CURLE_OK)
            throw std::runtime_error("libcurl refused option " + std::to_string(static_cast<int>(option)));
    }
    CURLcode perform() { return curl_easy_perform(handle_.get()); }
    long response_code() {
        long code = 0;
        curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &code);
        return code;
    }

private:
    std::unique_ptr<CURL, EasyDeleter> handle_;
};

SendResult sent() { return {true, false, ""}; }
SendResult retry_later(std::string error) { return {false, false, std::move(error)}; }
SendResult give_up(std::string error) { return {false, true, std::move(error)}; }

// A secret from a file only its owner can read (the systemd credential, or a root-only
// file in /etc/zikao/keys when the operator runs the tool). Trailing whitespace is
// dropped; a line break inside would end up in a protocol header, so it is refused.
std::string read_secret_file(const std::string& key, const std::string& path) {
    struct Fd {
        int fd;
        ~Fd() {
            if (fd >= 0) ::close(fd);
        }
    } f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
    struct stat st {};
    if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode))
        throw ConfigError(key + ": cannot read the file " + path);
    if ((st.st_mode & 077) != 0) throw ConfigError(key + ": " + path + " is readable by group or others; chmod 600");
    std::string text(4096, '\0');
    const ssize_t n = ::read(f.fd, text.data(), text.size());
    if (n < 0 || static_cast<std::size_t>(n) == text.size()) throw ConfigError(key + ": cannot read " + path);
    text.resize(static_cast<std::size_t>(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (text.empty()) throw ConfigError(key + ": " + path + " is empty");
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7F) throw ConfigError(key + ": " + path + " holds a control character");
    return text;
}

std::string curl_error(const char* what, CURLcode rc) { return std::string(what) + ": " + curl_easy_strerror(rc); }

class HttpSmsGateway : public Transport {
public:
    explicit HttpSmsGateway(const Config& config)
        : url_(config.require("sms_gateway_url")),
          token_(read_secret_file("sms_gateway_token_file", config.require("sms_gateway_token_file"))),
          https_only_(!stand_ins::development(config)) {
        const bool https = url_.rfind("https://", 0) == 0;
        if (!https && (https_only_ || url_.rfind("http://", 0) != 0))
            throw ConfigError("sms_gateway_url must be an https:// URL (plain http only with development_stand_ins)");
    }

    SendResult send(const OutgoingMessage& m) override {
        if (!validate::is_mobile_phone(m.recipient)) return give_up("recipient is not an 11-digit mobile number");
        const std::string body = sms_gateway_json(m.recipient, m.body);
        List headers;
        append(headers, "Content-Type: application/json; charset=utf-8");
        append(headers, "Authorization: Bearer " + token_);
        append(headers, "Idempotency-Key: zikao-outbox-" + std::to_string(m.id));
        append(headers, "Expect:");  // no 100-continue round trip for a small body
        Easy easy;
        easy.set(CURLOPT_URL, url_.c_str());
        easy.set(CURLOPT_PROTOCOLS_STR, https_only_ ? "https" : "http,https");
        easy.set(CURLOPT_TIMEOUT, kHttpTimeoutSeconds);
        easy.set(CURLOPT_HTTPHEADER, headers.get());
        easy.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        easy.set(CURLOPT_POSTFIELDS, body.c_str());  // not copied: body outlives perform()
        easy.set(CURLOPT_USERAGENT, "zikao-deliver/1");
        const CURLcode rc = easy.perform();
        if (rc != CURLE_OK) return retry_later(curl_error("sms gateway", rc));
        const long status = easy.response_code();
        if (status >= 200 && status < 300) return sent();
        const std::string error = "sms gateway: HTTP " + std::to_string(status);
        return status == 400 || status == 422 ? give_up(error) : retry_later(error);
    }

private:
    std::string url_, token_;
    bool https_only_;
};

class SmtpMail : public Transport {
public:
    explicit SmtpMail(const Config& config)
        : url_(config.require("smtp_url")),
          from_(config.require("mail_from")),
          user_(config.get("smtp_user")),
          starttls_(config.get_bool("smtp_starttls", true)) {
        if (url_.rfind("smtp://", 0) != 0 && url_.rfind("smtps://", 0) != 0)
            throw ConfigError("smtp_url must start with smtp:// (STARTTLS) or smtps:// (TLS)");
        if (!plausible_mail_address(from_)) throw ConfigError("mail_from must be a plain address like bysq@sxkszx.cn");
        domain_ = from_.substr(from_.find('@') + 1);
        if (!user_.empty()) password_ = read_secret_file("smtp_password_file", config.require("smtp_password_file"));
    }

    SendResult send(const OutgoingMessage& m) override {
        MailMessage mail{from_, m.recipient, m.subject, m.body,
                         "<" + std::to_string(m.id) + "." + crypto::random_hex(8) + "@" + domain_ + ">",
                         std::time(nullptr)};
        std::string data;
        try {
            data = compose_mail(mail);
        } catch (const MessageRefused& e) {
            return give_up(e.what());
        }
        Upload upload{data, 0};
        List recipients;
        append(recipients, "<" + m.recipient + ">");
        Easy easy;
        easy.set(CURLOPT_URL, url_.c_str());
        easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        // smtp://: CURLUSESSL_ALL makes STARTTLS mandatory (libcurl fails rather than send
        // in clear text when the server does not offer it).
        easy.set(CURLOPT_USE_SSL, static_cast<long>(starttls_ ? CURLUSESSL_ALL : CURLUSESSL_NONE));
        easy.set(CURLOPT_TIMEOUT, kSmtpTimeoutSeconds);
        easy.set(CURLOPT_MAIL_FROM, ("<" + from_ + ">").c_str());  // string options are copied
        easy.set(CURLOPT_MAIL_RCPT, recipients.get());
        if (!user_.empty()) {
            easy.set(CURLOPT_USERNAME, user_.c_str());
            easy.set(CURLOPT_PASSWORD, password_.c_str());
        }
        easy.set(CURLOPT_UPLOAD, 1L);
        easy.set(CURLOPT_READFUNCTION, &Upload::read);
        easy.set(CURLOPT_READDATA, &upload);
        const CURLcode rc = easy.perform();
        if (rc == CURLE_OK) return sent();
        // MAIL and RCPT refusals both arrive as CURLE_SEND_ERROR: a refused sender (our
        // configuration) cannot be told from a refused recipient, so both are retried and
        // the message is given up only after the last attempt.
        const long reply = easy.response_code();
        return retry_later(curl_error("smtp", rc) + (reply > 0 ? " (reply " + std::to_string(reply) + ")" : ""));
    }

private:
    struct Upload {
        const std::string& data;
        std::size_t offset;
        static std::size_t read(char* buffer, std::size_t size, std::size_t count, void* self) {
            auto* u = static_cast<Upload*>(self);
            const std::size_t n = std::min(size * count, u->data.size() - u->offset);
            u->data.copy(buffer, n, u->offset);
            u->offset += n;
            return n;
        }
    };

    std::string url_, from_, user_, password_, domain_;
    bool starttls_;
};

}  // namespace

CurlLibrary::CurlLibrary() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
}
CurlLibrary::~CurlLibrary() { curl_global_cleanup(); }

std::unique_ptr<Transport> make_sms_transport(const Config& config) {
    const std::string kind = config.get("sms_gateway", "outbox");
    if (kind == "outbox") return nullptr;
    if (kind == "http") return std::make_unique<HttpSmsGateway>(config);
    throw ConfigError("sms_gateway = " + kind + " is unknown (http, or outbox in development)");
}

std::unique_ptr<Transport> make_mail_transport(const Config& config) {
    const std::string kind = config.get("mail_transport", "outbox");
    if (kind == "outbox") return nullptr;
    if (kind == "smtp") return std::make_unique<SmtpMail>(config);
    throw ConfigError("mail_transport = " + kind + " is unknown (smtp, or outbox in development)");
}

}  // namespace zk::ctl
