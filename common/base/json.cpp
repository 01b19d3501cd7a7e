// json.cpp: see json.hpp.
#include "common/base/json.hpp"

#include <cstdio>

namespace zk::json {

void escape_into(std::string& out, std::string_view s) {
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    escape_into(out, s);
    return out + "\"";
}

}  // namespace zk::json
