// archive.hpp: inspection of the one zip or rar of scans an examinee uploads with old-plan
// courses (SUB-3). The format is decided by content with libmagic, never by the file name;
// the archive is listed with libarchive straight from memory and nothing is ever extracted
// to disk. Every entry must be a regular file (or a directory) with a safe relative path,
// unencrypted, and a JPEG, PNG or PDF by content (a JPEG or PNG whose header its loader
// reads); counts and decompressed sizes are bounded
// while reading, so a zip bomb is stopped after at most the configured number of bytes.
// SECURITY: trusts libmagic and libarchive's zip/rar readers; the bytes, the names inside
// and every size stored in the archive's headers are hostile (sizes are counted, not read).
// Messages are Chinese, meant to be shown next to the file field.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zk::archive {

struct ArchiveError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ArchiveLimits {
    std::size_t max_bytes = 10 * 1024 * 1024;                  // the upload must be smaller ("小于10MB")
    std::size_t max_entries = 50;                               // files and directories together
    std::int64_t max_total_uncompressed = 50LL * 1024 * 1024;   // all entries, counted while decompressing
    std::int64_t max_ratio = 100;                               // decompressed : archive bytes
    std::int64_t ratio_floor = 1024 * 1024;                     // below this much output the ratio is not judged
    std::size_t sniff_bytes = 1024 * 1024;                      // prefix of each entry given to libmagic and
                                                                // to the image loader's header check
};

struct ArchiveEntry {
    std::string path;       // as stored (UTF-8 when the archive says so; other bytes shown as '?')
    std::int64_t size = 0;  // decompressed bytes, counted; 0 for directories
    std::string type;       // MIME type by content ("image/jpeg", "application/pdf"); "directory"
};

struct ArchiveReport {
    std::string format;  // "zip" or "rar"
    std::vector<ArchiveEntry> entries;
    std::int64_t total_size = 0;  // sum of the entries' decompressed sizes
};

// The format by content: "zip", "rar", or "" for anything else.
std::string format_of(std::string_view bytes);

// Lists and checks the archive; throws ArchiveError with the reason.
ArchiveReport inspect_archive(std::string_view bytes, const ArchiveLimits& limits = {});

// One file of an archive already inspected (the index-th entry, counting directories, as
// listed), decompressed in memory, its type by content. Throws ArchiveError when there is no
// such regular file or it cannot be read; still bounded by the limits.
struct EntryContent {
    std::string path, type, data;
};
EntryContent read_entry(std::string_view bytes, std::size_t index, const ArchiveLimits& limits = {});

// The entries as a JSON array [{"path":…,"size":…,"type":…}] for application_archives.entries.
std::string entries_json(const ArchiveReport& report);

}  // namespace zk::archive
