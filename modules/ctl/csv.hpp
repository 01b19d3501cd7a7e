// csv.hpp: the one CSV dialect of zikao-ctl (RFC 4180, UTF-8), read by the imports and
// load-demo and written by the exports.
// Pure functions; trust nothing they are given.
#pragma once
#include <string>
#include <vector>

namespace zk::ctl::csv {

// Splits one CSV line (RFC 4180 quoting; a field cannot span lines). Fields are returned
// as written; `error` (when given) is set for an unclosed quote or text after a closing one.
std::vector<std::string> fields(const std::string& line, std::string* error = nullptr);

// One line ending in CRLF; a field is quoted only when it needs it, quotes doubled.
std::string line(const std::vector<std::string>& fields);

}  // namespace zk::ctl::csv
