// csv.cpp: see csv.hpp.
#include "common/base/csv.hpp"

#include "common/base/forms.hpp"

namespace zk::csv {

std::vector<std::string> fields(const std::string& line, std::string* error) {
    std::vector<std::string> out(1);
    bool quoted = false, closed = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
                closed = true;
            } else {
                out.back() += c;
            }
        } else if (c == ',') {
            out.emplace_back();
            closed = false;
        } else if (closed) {
            // Text after a closing quote: kept (as the old reader did), but an error for imports.
            if (c == ' ' || c == '\t' || c == '\r') continue;
            if (error && error->empty())
                *error = "unexpected text after a closing quote in field " + std::to_string(out.size());
            out.back() += c;
        } else if (c == '"' && out.back().find_first_not_of(" \t") == std::string::npos) {
            out.back().clear();
            quoted = true;
        } else if (c != '\r') {
            out.back() += c;
        }
    }
    if (quoted && error)
        *error = "quote not closed in field " + std::to_string(out.size()) + " (a field cannot span lines)";
    return out;
}

namespace {
std::string field(const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}
}  // namespace

std::string line(const std::vector<std::string>& fields, Formulas formulas) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += field(formulas == Formulas::Neutralize ? spreadsheet_text(fields[i]) : fields[i]);
    }
    return out + "\r\n";
}

std::string spreadsheet_text(std::string_view value) {
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
        return "'" + std::string(value);
    return std::string(value);
}

std::string attachment(const std::string& ascii_name, std::string_view utf8_name) {
    // A quote or a control character would end the quoted string or the header itself.
    std::string safe = ascii_name;
    for (char& c : safe) {
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        if (!plain) c = '_';
    }
    return "attachment; filename=\"" + safe + "\"; filename*=UTF-8''" + http::url_encode(utf8_name);
}

}  // namespace zk::csv
