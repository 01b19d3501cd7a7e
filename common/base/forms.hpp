// forms.hpp: parsers for what browsers send: application/x-www-form-urlencoded bodies and
// query strings, multipart/form-data, and the Cookie header.
// SECURITY: input is hostile. Every parser enforces the limits it is given, never reads
// past its input, and reports bad input as ParseError carrying an HTTP status (400 for
// malformed, 413 for too large) and a Chinese message fit to show the user. Field names
// and values must be clean UTF-8 (strings::is_clean_utf8); file contents may be binary.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zk::http {

struct ParseError : std::runtime_error {
    ParseError(int status, const std::string& chinese_message)
        : std::runtime_error(chinese_message), status(status) {}
    int status;  // 400 or 413
};

struct FormLimits {
    std::size_t max_fields = 256;            // fields (parts) in one body or query
    std::size_t max_name_bytes = 128;
    std::size_t max_value_bytes = 64 * 1024;  // per text field
    std::size_t max_files = 8;
    std::size_t max_file_bytes = 2 * 1024 * 1024;
    std::size_t max_header_bytes = 4096;      // per multipart part header block
};

// Ordered name/value pairs; a name may repeat (checkbox lists).
class Form {
public:
    void add(std::string name, std::string value);
    // First value, or nullopt.
    std::optional<std::string> get(std::string_view name) const;
    // First value, or "".
    std::string value(std::string_view name) const;
    std::vector<std::string> all(std::string_view name) const;
    bool has(std::string_view name) const;
    std::size_t size() const { return pairs_.size(); }
    const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

private:
    std::vector<std::pair<std::string, std::string>> pairs_;
};

// "%41" -> "A", "+" -> " " (form encoding). Throws ParseError(400) on a bad escape.
std::string url_decode(std::string_view in);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_encode(std::string_view in);

// Parses "a=1&b=2" (also query strings). Empty pairs ("&&") are skipped; a pair with no
// '=' has an empty value.
Form parse_urlencoded(std::string_view body, const FormLimits& limits = {});

struct UploadedFile {
    std::string field_name;
    std::string file_name;     // as the browser sent it; never trusted for type or path
    std::string content_type;  // as the browser sent it; never trusted
    std::string data;          // raw bytes
};

struct MultipartBody {
    Form fields;
    std::vector<UploadedFile> files;
};

// Extracts the boundary parameter from a Content-Type header value (quoted or not).
// Throws ParseError(400) when it is not multipart/form-data or has no usable boundary
// (RFC 2046: 1..70 characters).
std::string multipart_boundary(std::string_view content_type);

// Parses a multipart/form-data body. A part with a filename parameter is a file (an empty
// filename with empty content is an unselected file input and is skipped); others are
// fields. Throws ParseError(400) on a missing closing boundary, a part without
// Content-Disposition, bad headers; ParseError(413) when a limit is exceeded.
MultipartBody parse_multipart(std::string_view body, std::string_view boundary,
                              const FormLimits& limits = {});

// Parses "a=1; b=2". Malformed pieces are skipped rather than fatal (browsers send junk
// cookies set by other sites); the first occurrence of a name wins. At most 64 cookies
// and 4096 bytes per value are kept.
std::map<std::string, std::string> parse_cookies(std::string_view header);

}  // namespace zk::http
