// import_rows.hpp: the kinds of file `zikao-ctl import` reads, the header each must start
// with, and the row reader they share: UTF-8 text, the exact header (plus the kind's
// optional columns), then rows of as many CSV fields as the header has. No database: the
// reader works on any stream, so it can be tested and fuzzed on bytes alone.
// SECURITY: the stream is untrusted; every line is checked (UTF-8, CSV quoting, column
// count) before it becomes a row, and each bad line is reported in Chinese by line number.
#pragma once
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace zk::ctl {

enum class ImportKind { Institutions, Courses, Majors, Plans, Rules, Passed, Examinees };

// "institutions", "courses", "majors", "plans", "rules", "passed", "examinees".
std::optional<ImportKind> import_kind(const std::string& name);
const char* import_kind_name(ImportKind kind);
// The header line a file of this kind must start with, exactly.
const char* import_header(ImportKind kind);
// The columns a file of this kind may add after those of import_header, in this order
// (a file may stop after any of them; each row then has as many fields as its header);
// "" when there are none. passed: "verified,used_by_graduation", each 是/否, true/false,
// 1/0 or empty: empty keeps a stored pass's flag and gives a new pass the default
// (verified, not used by an earlier graduation); only an old_plan_certificate row may be
// unverified (exam results and 免考 are the examination office's own record).
const char* import_optional_columns(ImportKind kind);

namespace import {

// One data row: its line in the file and its fields, trimmed, as many as the header has.
struct Row {
    int line = 0;
    std::vector<std::string> f;
};

// Told about each bad line: its number (1-based) and the reason, in Chinese.
using BadLine = std::function<void(int line, const std::string& reason)>;

// Reads a whole file of `kind`: an optional UTF-8 BOM, the header, then the rows (blank
// lines skipped, CRLF or LF). Every bad line is passed to `bad`; a bad header or an
// empty file stops the reading (nullopt), a bad row is skipped and reading goes on.
// `data_rows` counts the lines after the header that were not blank, good or bad.
std::optional<std::vector<Row>> read_rows(std::istream& in, ImportKind kind, const BadLine& bad, int& data_rows);

}  // namespace import
}  // namespace zk::ctl
