// forms.cpp: the parsers declared in forms.hpp (urlencoded bodies and query strings,
// multipart/form-data, Cookie headers).
// Trusts nothing in its input: every length is checked before it is used, every scan is
// bounded by a string_view, and bad input leaves as ParseError with an HTTP status. It
// trusts only strings::is_clean_utf8 to say what is safe to store and show.
#include "common/base/forms.hpp"

#include "common/base/strings.hpp"

#include <algorithm>
#include <limits>

namespace zk::http {

namespace {

const char* const kBadEncoding = "请求中的参数编码不正确";
const char* const kTooManyFields = "提交的字段过多";
const char* const kNameTooLong = "提交的字段名过长";
const char* const kValueTooLong = "提交的内容过长";
const char* const kBadCharacters = "提交的内容含有无效字符";
const char* const kBadMultipart = "上传的表单格式不正确";
const char* const kFileTooLarge = "上传的文件超过大小限制";
const char* const kTooManyFiles = "上传的文件过多";
const char* const kHeaderTooLarge = "上传的表单头部过长";

[[noreturn]] void fail(int status, const char* message) { throw ParseError(status, message); }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// Limits come from configuration; a careless "unlimited" (SIZE_MAX) must not wrap.
std::size_t saturating_add(std::size_t a, std::size_t b) {
    return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max()
                                                           : a + b;
}

struct Parameter {
    std::string name;  // lower-cased
    std::string value;
};

// Parses the "; name=value; name="quoted"" tail of Content-Type and Content-Disposition.
// Inside quotes a backslash escapes only '"' and '\': old Internet Explorer sends Windows
// paths such as "C:\fakepath\a.jpg" unescaped, and treating every backslash as an escape
// would glue the path components together and defeat the path stripping done later.
std::vector<Parameter> parse_parameters(std::string_view s) {
    std::vector<Parameter> out;
    std::size_t i = 0;
    auto skip_ows = [&] {
        while (i < s.size() && is_ows(s[i])) ++i;
    };
    for (;;) {
        skip_ows();
        if (i == s.size()) break;
        if (s[i] != ';') fail(400, kBadMultipart);
        ++i;
        skip_ows();
        if (i == s.size()) break;
        if (s[i] == ';') continue;  // tolerate ";;" the way browsers do

        const std::size_t name_start = i;
        while (i < s.size() && s[i] != '=' && s[i] != ';' && !is_ows(s[i])) ++i;
        Parameter p;
        p.name = to_lower(s.substr(name_start, i - name_start));
        skip_ows();
        if (p.name.empty() || i == s.size() || s[i] != '=') fail(400, kBadMultipart);
        ++i;
        skip_ows();
        if (i < s.size() && s[i] == '"') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                const char c = s[i];
                if (c == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
                    p.value.push_back(s[i + 1]);
                    i += 2;
                    continue;
                }
                p.value.push_back(c);
                ++i;
            }
            if (!closed) fail(400, kBadMultipart);
        } else {
            const std::size_t value_start = i;
            while (i < s.size() && s[i] != ';' && !is_ows(s[i])) ++i;
            p.value.assign(s.substr(value_start, i - value_start));
        }
        out.push_back(std::move(p));
    }
    return out;
}

// A repeated parameter means two parsers (ours and whatever sits in front of us) could
// disagree on which one counts, so it is refused rather than guessed.
const Parameter* find_unique(const std::vector<Parameter>& params, std::string_view name) {
    const Parameter* found = nullptr;
    for (const auto& p : params) {
        if (p.name != name) continue;
        if (found) fail(400, kBadMultipart);
        found = &p;
    }
    return found;
}

// RFC 2046 bchars; anything else (CR, LF, quotes, non-ASCII) could not have been meant.
bool is_boundary_char(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    switch (c) {
        case '\'': case '(': case ')': case '+': case '_': case ',': case '-':
        case '.': case '/': case ':': case '=': case '?': case ' ':
            return true;
        default:
            return false;
    }
}

void check_name(std::string_view name, const FormLimits& limits) {
    if (name.size() > limits.max_name_bytes) fail(413, kNameTooLong);
    if (!strings::is_clean_utf8(name)) fail(400, kBadCharacters);
}

void check_text_value(std::string_view value, const FormLimits& limits) {
    if (value.size() > limits.max_value_bytes) fail(413, kValueTooLong);
    if (!strings::is_clean_utf8(value)) fail(400, kBadCharacters);
}

// The browser's file name is only ever shown back to the user, but it still must not
// carry a path or bytes that cannot be displayed.
std::string safe_file_name(std::string_view raw) {
    const auto cut = raw.find_last_of("/\\");
    if (cut != std::string_view::npos) raw.remove_prefix(cut + 1);
    if (raw == "." || raw == ".." || !strings::is_clean_utf8(raw)) return {};
    return std::string(raw);
}

struct PartHeaders {
    bool has_disposition = false;
    std::string name;
    bool has_filename = false;
    std::string filename;  // raw, as sent
    std::string content_type;
};

PartHeaders parse_part_headers(std::string_view block) {
    PartHeaders h;
    bool has_name = false;
    bool has_content_type = false;
    while (!block.empty()) {
        std::string_view line;
        const auto eol = block.find("\r\n");
        if (eol == std::string_view::npos) {
            line = block;
            block = {};
        } else {
            line = block.substr(0, eol);
            block.remove_prefix(eol + 2);
        }
        // Bare CR/LF, NUL and other controls have no business in a part header; letting
        // them through would smuggle them into stored file names and content types.
        for (char c : line) {
            const auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t') || u == 0x7f) fail(400, kBadMultipart);
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) fail(400, kBadMultipart);
        const auto name = trim_ows(line.substr(0, colon));
        const auto value = trim_ows(line.substr(colon + 1));
        if (name.empty()) fail(400, kBadMultipart);

        if (iequals(name, "content-disposition")) {
            if (h.has_disposition) fail(400, kBadMultipart);
            h.has_disposition = true;
            const auto semi = value.find(';');
            const auto type = trim_ows(value.substr(0, semi));
            if (!iequals(type, "form-data")) fail(400, kBadMultipart);
            const auto params =
                parse_parameters(semi == std::string_view::npos ? std::string_view{} : value.substr(semi));
            if (const auto* p = find_unique(params, "name")) {
                has_name = true;
                h.name = p->value;
            }
            if (const auto* p = find_unique(params, "filename")) {
                h.has_filename = true;
                h.filename = p->value;
            }
        } else if (iequals(name, "content-type")) {
            if (has_content_type) fail(400, kBadMultipart);
            has_content_type = true;
            h.content_type.assign(value);
        }
        // Other headers (Content-Transfer-Encoding and the like) are obsolete for
        // form-data and ignored.
    }
    if (!h.has_disposition || !has_name) fail(400, kBadMultipart);
    return h;
}

}  // namespace

// ---- Form -------------------------------------------------------------------------------

void Form::add(std::string name, std::string value) {
    pairs_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Form::get(std::string_view name) const {
    for (const auto& [n, v] : pairs_)
        if (n == name) return v;
    return std::nullopt;
}

std::string Form::value(std::string_view name) const {
    for (const auto& [n, v] : pairs_)
        if (n == name) return v;
    return {};
}

std::vector<std::string> Form::all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [n, v] : pairs_)
        if (n == name) out.push_back(v);
    return out;
}

bool Form::has(std::string_view name) const {
    return std::any_of(pairs_.begin(), pairs_.end(), [&](const auto& p) { return p.first == name; });
}

// ---- URL encoding -----------------------------------------------------------------------

std::string url_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (in.size() - i < 3) fail(400, kBadEncoding);
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) fail(400, kBadEncoding);
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string url_encode(std::string_view in) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size());
    for (char c : in) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0x0f]);
        }
    }
    return out;
}

// ---- application/x-www-form-urlencoded --------------------------------------------------

Form parse_urlencoded(std::string_view body, const FormLimits& limits) {
    Form form;
    std::size_t count = 0;
    while (!body.empty()) {
        std::string_view piece;
        const auto amp = body.find('&');
        if (amp == std::string_view::npos) {
            piece = body;
            body = {};
        } else {
            piece = body.substr(0, amp);
            body.remove_prefix(amp + 1);
        }
        if (piece.empty()) continue;
        if (++count > limits.max_fields) fail(413, kTooManyFields);

        const auto eq = piece.find('=');
        const auto raw_name = piece.substr(0, eq);
        const auto raw_value = eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
        // Each decoded byte takes at most three encoded ones, so these tests refuse only
        // what would be refused after decoding anyway, before allocating for it.
        if (raw_name.size() / 3 > limits.max_name_bytes) fail(413, kNameTooLong);
        if (raw_value.size() / 3 > limits.max_value_bytes) fail(413, kValueTooLong);

        std::string name = url_decode(raw_name);
        std::string value = url_decode(raw_value);
        check_name(name, limits);
        check_text_value(value, limits);
        form.add(std::move(name), std::move(value));
    }
    return form;
}

// ---- multipart/form-data ----------------------------------------------------------------

std::string multipart_boundary(std::string_view content_type) {
    const auto semi = content_type.find(';');
    const auto media_type = trim_ows(content_type.substr(0, semi));
    if (!iequals(media_type, "multipart/form-data")) fail(400, kBadMultipart);
    if (semi == std::string_view::npos) fail(400, kBadMultipart);
    const auto params = parse_parameters(content_type.substr(semi));
    const auto* boundary = find_unique(params, "boundary");
    if (!boundary) fail(400, kBadMultipart);
    const std::string& b = boundary->value;
    if (b.empty() || b.size() > 70 || b.back() == ' ') fail(400, kBadMultipart);
    if (!std::all_of(b.begin(), b.end(), is_boundary_char)) fail(400, kBadMultipart);
    return b;
}

MultipartBody parse_multipart(std::string_view body, std::string_view boundary,
                              const FormLimits& limits) {
    if (boundary.empty() || boundary.size() > 70) fail(400, kBadMultipart);
    const std::string delimiter = "\r\n--" + std::string(boundary);
    // The dash-boundary without its leading CRLF, for the very first line of the body.
    const std::string_view dash_boundary = std::string_view(delimiter).substr(2);

    // pos always points just after a delimiter once the loop starts.
    std::size_t pos;
    if (body.substr(0, dash_boundary.size()) == dash_boundary) {
        pos = dash_boundary.size();
    } else {
        const auto first = body.find(delimiter);  // skips a preamble
        if (first == std::string_view::npos) fail(400, kBadMultipart);
        pos = first + delimiter.size();
    }

    MultipartBody result;
    std::size_t parts = 0;
    const std::size_t header_window = saturating_add(limits.max_header_bytes, 4);
    for (;;) {
        std::string_view rest = body.substr(pos);
        if (rest.substr(0, 2) == "--") return result;  // close delimiter; epilogue ignored

        // RFC 2046 transport padding, then the CRLF ending the delimiter line.
        while (!rest.empty() && is_ows(rest.front())) rest.remove_prefix(1);
        if (rest.substr(0, 2) != "\r\n") fail(400, kBadMultipart);
        rest.remove_prefix(2);

        if (++parts > limits.max_fields) fail(413, kTooManyFields);

        std::string_view header_block;
        if (rest.substr(0, 2) == "\r\n") {
            rest.remove_prefix(2);  // no headers at all; reported below as missing disposition
        } else {
            // Searching only a bounded window keeps a part with endless headers from
            // costing more than the limit allows.
            const auto end = rest.substr(0, header_window).find("\r\n\r\n");
            if (end == std::string_view::npos) {
                if (rest.size() >= header_window) fail(413, kHeaderTooLarge);
                fail(400, kBadMultipart);
            }
            header_block = rest.substr(0, end);
            rest.remove_prefix(end + 4);
        }
        const PartHeaders headers = parse_part_headers(header_block);
        check_name(headers.name, limits);

        // Scanning resumes where the last part ended, so the whole body is searched once.
        const auto data_end = rest.find(delimiter);
        if (data_end == std::string_view::npos) fail(400, kBadMultipart);
        const std::string_view data = rest.substr(0, data_end);
        pos = static_cast<std::size_t>(rest.data() - body.data()) + data_end + delimiter.size();

        if (headers.has_filename) {
            if (headers.filename.empty() && data.empty()) continue;  // unselected file input
            if (data.size() > limits.max_file_bytes) fail(413, kFileTooLarge);
            if (result.files.size() >= limits.max_files) fail(413, kTooManyFiles);
            UploadedFile file;
            file.field_name = headers.name;
            file.file_name = safe_file_name(headers.filename);
            if (strings::is_clean_utf8(headers.content_type)) file.content_type = headers.content_type;
            file.data.assign(data);
            result.files.push_back(std::move(file));
        } else {
            check_text_value(data, limits);
            result.fields.add(headers.name, std::string(data));
        }
    }
}

// ---- Cookie header ----------------------------------------------------------------------

std::map<std::string, std::string> parse_cookies(std::string_view header) {
    constexpr std::size_t kMaxCookies = 64;
    constexpr std::size_t kMaxValueBytes = 4096;
    std::map<std::string, std::string> cookies;
    while (!header.empty() && cookies.size() < kMaxCookies) {
        std::string_view piece;
        const auto semi = header.find(';');
        if (semi == std::string_view::npos) {
            piece = header;
            header = {};
        } else {
            piece = header.substr(0, semi);
            header.remove_prefix(semi + 1);
        }
        piece = trim_ows(piece);
        const auto eq = piece.find('=');
        if (eq == std::string_view::npos) continue;
        const auto name = trim_ows(piece.substr(0, eq));
        auto value = trim_ows(piece.substr(eq + 1));
        if (name.empty()) continue;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        if (value.size() > kMaxValueBytes) continue;
        // Other sites' junk cookies may hold anything; only what is safe to use is kept.
        if (!strings::is_clean_utf8(name) || !strings::is_clean_utf8(value)) continue;
        cookies.emplace(std::string(name), std::string(value));
    }
    return cookies;
}

}  // namespace zk::http
