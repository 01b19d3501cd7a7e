// csv.hpp: the one CSV dialect of the project (RFC 4180, UTF-8, CRLF line ends), read by
// zikao-ctl's imports and load-demo, written by its exports and by the back office's
// download of applications (REV-4), and the headers that hand such a file to a browser.
// Pure functions; trust nothing they are given.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace zk::csv {

// Splits one CSV line (RFC 4180 quoting; a field cannot span lines). Fields are returned
// as written; `error` (when given) is set for an unclosed quote or text after a closing one.
std::vector<std::string> fields(const std::string& line, std::string* error = nullptr);

// What a field that a spreadsheet would take for a formula becomes.
enum class Formulas {
    Keep,        // written as is: files read back by programs (zikao-ctl export → import)
    Neutralize,  // files opened by people in Excel/WPS: see spreadsheet_text()
};

// One line ending in CRLF; a field is quoted only when it needs it, quotes doubled.
std::string line(const std::vector<std::string>& fields, Formulas formulas = Formulas::Keep);

// The text of a field that a spreadsheet shows as text, never evaluates: a value starting
// with = + - @, a tab or a carriage return gets a leading apostrophe (OWASP "CSV
// injection"). Everything else is returned unchanged.
std::string spreadsheet_text(std::string_view value);

// The UTF-8 byte order mark: Excel on Windows reads a CSV file as the local code page
// (GBK) unless the file starts with it.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A Content-Disposition value for a download: `ascii_name` for old clients (letters,
// digits, '-', '_' and '.'; any other byte becomes '_'), and `utf8_name` in the
// RFC 6266/5987 filename*=UTF-8'' form, percent-encoded, which browsers prefer.
std::string attachment(const std::string& ascii_name, std::string_view utf8_name);

}  // namespace zk::csv
