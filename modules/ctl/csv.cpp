// csv.cpp: see csv.hpp.
#include "modules/ctl/csv.hpp"

namespace zk::ctl::csv {

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

std::string line(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + field(fields[i]);
    return out + "\r\n";
}

}  // namespace zk::ctl::csv
