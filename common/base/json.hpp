// json.hpp: the one JSON string escaper (logs, audit snapshots, archive listings, the
// staff audit log). Produces valid JSON for any bytes: quotes, backslashes and control
// characters are escaped; everything else (UTF-8 included) passes through.
#pragma once
#include <string>
#include <string_view>

namespace zk::json {

// Appends the escaped text (without quotes) to `out`.
void escape_into(std::string& out, std::string_view s);
// "\"…\"": a complete JSON string literal.
std::string quote(std::string_view s);

}  // namespace zk::json
