// fuzz_archive.cpp: libFuzzer harness for the archive inspector (common/domain/archive):
// inspect_archive on any bytes, then read_entry on every file it accepted.
// Trusts nothing in the input; trusts libmagic's database and libarchive as the product
// does. Limits are smaller than the product's (1 MB decompressed in all, the ratio judged
// above 64 KB) so that a bomb is stopped quickly and every execution stays cheap; the
// checks are the same code. Besides "no crash, no UB, no leak, only ArchiveError thrown",
// it asserts of an accepted archive:
//   - format zip or rar; at most max_entries entries; at least one file;
//   - each entry's path clean UTF-8, relative, without a ".." component or a control
//     character; its type JPEG, PNG, PDF or "directory"; sizes within the limits and
//     adding up to total_size;
//   - read_entry gives each file back with exactly the counted size and the same type;
// and of a refused one: the reason is clean UTF-8 with Chinese in it.
// Slow per execution (libmagic and decompression): run.sh gives it a fraction of the runs.
#include "tests/fuzz/fuzz_check.hpp"
#include "common/domain/archive.hpp"
#include "common/domain/validate.hpp"

#include <clocale>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using zk::fuzz::require;

bool safe_path(std::string_view p) {
    if (p.empty() || p[0] == '/' || p[0] == '\\' || (p.size() >= 2 && p[1] == ':')) return false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= p.size(); ++i) {
        if (i == p.size() || p[i] == '/' || p[i] == '\\') {
            if (p.substr(start, i - start) == "..") return false;
            start = i + 1;
        }
    }
    for (char c : p)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    return true;
}

zk::archive::ArchiveLimits fuzz_limits() {
    zk::archive::ArchiveLimits limits;
    limits.max_total_uncompressed = 1024 * 1024;
    limits.ratio_floor = 64 * 1024;
    return limits;
}

}  // namespace

// The modules run in C.UTF-8, which decides how libarchive converts names.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::setlocale(LC_ALL, "C.UTF-8");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace zk::archive;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    static const ArchiveLimits limits = fuzz_limits();
    ArchiveReport report;
    try {
        report = inspect_archive(bytes, limits);
    } catch (const ArchiveError& e) {
        const std::string_view reason = e.what();
        require(zk::fuzz::chinese_message(reason));
        return 0;
    }
    require(report.format == "zip" || report.format == "rar");
    require(report.format == format_of(bytes));
    require(!report.entries.empty() && report.entries.size() <= limits.max_entries);
    std::int64_t total = 0;
    bool any_file = false;
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        const ArchiveEntry& entry = report.entries[i];
        require(zk::validate::is_clean_utf8(entry.path) && safe_path(entry.path));
        require(entry.size >= 0 && entry.size <= limits.max_total_uncompressed);
        total += entry.size;
        if (entry.type == "directory") {
            require(entry.size == 0);
            continue;
        }
        any_file = true;
        require(entry.type == "image/jpeg" || entry.type == "image/png" || entry.type == "application/pdf");
        // What the back office later shows is what was inspected.
        try {
            const EntryContent content = read_entry(bytes, i, limits);
            require(static_cast<std::int64_t>(content.data.size()) == entry.size);
            require(content.type == entry.type);
            require(content.path == entry.path);
        } catch (const ArchiveError&) {
            require(false);
        }
    }
    require(any_file && total == report.total_size);
    require(total <= limits.max_total_uncompressed);
    require(!entries_json(report).empty());
    return 0;
}
