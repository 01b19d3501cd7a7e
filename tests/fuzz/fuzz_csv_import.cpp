// fuzz_csv_import.cpp: libFuzzer harness for the CSV reader of `zikao-ctl import`:
// csv::fields / csv::line (common/base/csv) and import::read_rows (modules/ctl/import_rows),
// which checks UTF-8, the exact header and the column count, without a database.
// Input: the first byte picks the kind of file (its header), the rest is the file.
// Trusts nothing in the input. Besides "no crash, no UB, no exception", it asserts:
//   - csv round trip: for every line x of the file, the fields of csv::line(fields(x))
//     are fields(x) again, without an error (what the exports write, the imports read);
//   - every bad line is reported once per line at most, in order, with a line number inside
//     the file, as clean UTF-8 with Chinese in it;
//   - every row has as many fields as the header, each trimmed and clean UTF-8, lines
//     increasing; the rows never outnumber the counted data rows, nor the bad lines plus
//     rows exceed them.
// Any broken property traps, so libFuzzer keeps the input.
#include "tests/fuzz/fuzz_check.hpp"
#include "common/base/csv.hpp"
#include "common/base/strings.hpp"
#include "modules/ctl/import_rows.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace {

using zk::fuzz::require;

void round_trip(const std::string& x) {
    const std::vector<std::string> f = zk::csv::fields(x);
    require(!f.empty());
    std::string written = zk::csv::line(f);
    require(written.size() >= 2 && written.ends_with("\r\n"));
    written.resize(written.size() - 2);
    std::string err;
    require(zk::csv::fields(written, &err) == f);
    require(err.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    using zk::ctl::ImportKind;
    static const ImportKind kinds[] = {ImportKind::Institutions, ImportKind::Courses, ImportKind::Majors,
                                       ImportKind::Plans,        ImportKind::Rules,   ImportKind::Passed,
                                       ImportKind::Examinees};
    const ImportKind kind = kinds[data[0] % 7];
    const std::string file(reinterpret_cast<const char*>(data) + 1, size - 1);

    std::istringstream lines(file);
    std::size_t line_count = 0;
    for (std::string x; std::getline(lines, x);) {
        ++line_count;
        round_trip(x);
    }

    std::vector<std::pair<int, std::string>> bad;
    int data_rows = -1;
    std::istringstream in(file);
    const auto rows = zk::ctl::import::read_rows(
        in, kind, [&](int line, const std::string& reason) { bad.emplace_back(line, reason); }, data_rows);

    for (std::size_t i = 0; i < bad.size(); ++i) {
        const auto& [line, reason] = bad[i];
        require(line >= 1 && static_cast<std::size_t>(line) <= std::max<std::size_t>(line_count, 1));
        if (i > 0) require(line > bad[i - 1].first);
        require(zk::fuzz::chinese_message(reason));
    }
    require(data_rows >= 0);
    if (!rows) {
        // A bad header or an empty file: reported, and nothing read after it.
        require(bad.size() == 1);
        return 0;
    }
    std::size_t columns = zk::csv::fields(zk::ctl::import_header(kind)).size();
    const std::size_t optional = std::string(zk::ctl::import_optional_columns(kind)).empty()
                                     ? 0
                                     : zk::csv::fields(zk::ctl::import_optional_columns(kind)).size();
    require(rows->size() + bad.size() == static_cast<std::size_t>(data_rows));
    int last = 1;  // the header
    for (const auto& row : *rows) {
        require(row.line > last);
        last = row.line;
        require(row.f.size() >= columns && row.f.size() <= columns + optional);
        require(row.f.size() == rows->front().f.size());
        for (const auto& field : row.f) {
            require(zk::strings::is_clean_utf8(field));
            require(zk::strings::trim(field) == field);
        }
    }
    return 0;
}
