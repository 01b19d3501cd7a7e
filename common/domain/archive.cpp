// archive.cpp: libmagic + libarchive implementation of archive.hpp.
// SECURITY: trusts libmagic to name types and libarchive's zip and rar/rar5 readers to
// parse; only the reader matching the content's type is enabled, with no filters, so the
// bytes are never handed to any other parser. Sizes in headers are ignored: each entry's
// data is decompressed into a fixed buffer and counted, stopping at the first limit.
// Names are not taken on libarchive's word alone: it hands them over as C strings, so a NUL
// inside a stored name ("a.pdf\0.exe") would silently cut it short. Any name holding a
// control character is refused; for a zip the raw names are also read, with their exact
// lengths, from the central directory and every local header by a small bounds-checked
// parser here, and must agree with each other and, one to one and in order, with the names
// libarchive reports (a rar's names are only available through libarchive).
#include "common/domain/archive.hpp"

#include "common/base/json.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "common/domain/image.hpp"
#include "common/domain/validate.hpp"

namespace zk::archive {

namespace {

struct ReadFree {
    void operator()(struct archive* a) const { archive_read_free(a); }
};
using Reader = std::unique_ptr<struct archive, ReadFree>;

std::string mb_text(std::int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + "MB"; }

bool is_continuation_byte(unsigned char b) { return (b & 0xC0) == 0x80; }

// In valid UTF-8 the C1 controls U+0080–U+009F are exactly the pairs C2 80 … C2 9F.
bool is_c1_control_at(std::string_view s, std::size_t i) {
    return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
           static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

// Names come from the archive: show them only as clean UTF-8 without any control character
// and not too long. C0 and DEL bytes are never part of a UTF-8 sequence, so masking them
// first keeps the rest of a Chinese name readable; is_clean_utf8 would pass C1, masked too.
std::string shown(std::string_view raw) {
    std::string masked(raw);
    for (char& c : masked)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    std::string s;
    if (validate::is_clean_utf8(masked)) {
        for (std::size_t i = 0; i < masked.size(); ++i) {
            if (is_c1_control_at(masked, i)) {
                s += '?';
                ++i;
            } else {
                s += masked[i];
            }
        }
    } else {
        for (char c : masked) s += static_cast<unsigned char>(c) < 0x80 ? c : '?';
    }
    if (s.size() > 200) {
        std::size_t cut = 200;  // never in the middle of a character
        while (cut > 0 && is_continuation_byte(static_cast<unsigned char>(s[cut]))) --cut;
        s = s.substr(0, cut) + "…";
    }
    return s;
}

// C0 controls (NUL included) and DEL; with `utf8`, the C1 controls as well. Legacy charsets
// (GBK, CP437) never use bytes below 0x20 or 0x7F inside a character, so the byte test is
// safe for names of any charset.
bool has_control_characters(std::string_view name, bool utf8) {
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto b = static_cast<unsigned char>(name[i]);
        if (b < 0x20 || b == 0x7F || (utf8 && is_c1_control_at(name, i))) return true;
    }
    return false;
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

const char* const kControlCharacterName = "压缩包中的文件名含有控制字符，请修改文件名后重新压缩上传：";
const char* const kInconsistentName = "压缩包中的文件名记录前后不一致（压缩包可能被改动过），请重新压缩后上传：";
const char* const kUnreadableName = "压缩包中有无法识别的文件名，请将文件改为中文或英文名称后重新压缩上传。";

// A path is safe when it is relative and no component is "..", the last one included
// ("docs/.."): checked on the raw bytes with both separators, since zips made on Windows
// use '\'. Components of dots other than ".." ("." or "...") are harmless names.
bool unsafe_path(const std::string& p) {
    if (p.empty()) return true;
    if (p[0] == '/' || p[0] == '\\') return true;
    if (p.size() >= 2 && p[1] == ':') return true;  // C:\… or C:…
    std::size_t start = 0;
    for (std::size_t i = 0; i <= p.size(); ++i) {
        if (i == p.size() || p[i] == '/' || p[i] == '\\') {
            if (p.compare(start, i - start, "..") == 0 && i - start == 2) return true;
            start = i + 1;
        }
    }
    return p.find('\0') != std::string::npos;
}

bool is_archive_type(const std::string& t) {
    static const char* const kArchives[] = {
        "application/zip", "application/x-rar", "application/vnd.rar", "application/x-7z-compressed",
        "application/gzip", "application/x-gzip", "application/x-tar", "application/x-bzip2",
        "application/x-xz", "application/x-lzma", "application/zstd", "application/x-compress",
        "application/java-archive", "application/x-lzip", "application/x-arj", "application/x-lha",
        "application/vnd.ms-cab-compressed", "application/x-cpio", "application/x-iso9660-image"};
    for (const char* a : kArchives)
        if (t == a) return true;
    return false;
}

bool is_allowed_type(const std::string& t) { return t == "image/jpeg" || t == "image/png" || t == "application/pdf"; }

// ---- Raw zip names ------------------------------------------------------------------------
// Only as much of the zip format (PKWARE APPNOTE 4.3) as finding every name needs. Every
// offset and length comes from the upload, so each is checked with fits() before use.

constexpr std::size_t kEocdSize = 22;  // end of central directory record without its comment
constexpr std::size_t kMaxCommentSize = 0xFFFF;
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kZip64EocdSize = 56;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::uint64_t kUtf8NameFlag = 1u << 11;  // general-purpose flag bit 11
constexpr std::uint64_t kSaturated32 = 0xFFFFFFFF;  // "the real value is in the Zip64 extra field"
constexpr std::uint64_t kZip64ExtraId = 0x0001;
constexpr std::uint64_t kUnicodePathExtraId = 0x7075;  // Info-ZIP Unicode Path: libarchive may take the name from it

// True when `length` bytes from `at` lie inside `bytes`, without overflowing.
bool fits(std::string_view bytes, std::uint64_t at, std::uint64_t length) {
    return at <= bytes.size() && length <= bytes.size() - at;
}

// A little-endian field; the caller has checked fits(bytes, at, width).
std::uint64_t field(std::string_view bytes, std::uint64_t at, int width) {
    std::uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) {
        const auto byte = static_cast<unsigned char>(bytes[static_cast<std::size_t>(at + static_cast<std::uint64_t>(i))]);
        value = (value << 8) | byte;
    }
    return value;
}

bool signature_at(std::string_view bytes, std::uint64_t at, std::string_view signature) {
    return fits(bytes, at, signature.size()) && bytes.substr(static_cast<std::size_t>(at), signature.size()) == signature;
}

std::string_view slice(std::string_view bytes, std::uint64_t at, std::uint64_t length) {
    return bytes.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(length));
}

const std::string_view kEocdSignature("PK\x05\x06", 4);
const std::string_view kZip64LocatorSignature("PK\x06\x07", 4);
const std::string_view kZip64EocdSignature("PK\x06\x06", 4);
const std::string_view kCentralSignature("PK\x01\x02", 4);
const std::string_view kLocalSignature("PK\x03\x04", 4);

// What one file's two headers say about its name, bytes exactly as stored.
struct RawZipEntry {
    std::uint64_t local_header_offset = 0;
    std::string central_name;  // what unzip tools list
    std::string local_name;    // what libarchive reads and reports
    bool central_utf8 = false;
    bool local_utf8 = false;                 // libarchive decides the charset by this one
    std::vector<std::string> unicode_paths;  // Info-ZIP Unicode Path names (UTF-8), either header
};

// Calls visit(id, data) for each extra field; false when a field overruns the block or
// visit refuses it. Up to 3 trailing bytes are ignored, as libarchive ignores them.
template <typename Visit>
bool for_each_extra_field(std::string_view block, Visit&& visit) {
    std::uint64_t at = 0;
    while (fits(block, at, 4)) {
        const std::uint64_t id = field(block, at, 2);
        const std::uint64_t size = field(block, at + 2, 2);
        if (!fits(block, at + 4, size)) return false;
        if (!visit(id, slice(block, at + 4, size))) return false;
        at += 4 + size;
    }
    return true;
}

// Keeps the name of an Info-ZIP Unicode Path field: version (1), CRC-32 of the main name (4), name.
void keep_unicode_path(std::uint64_t id, std::string_view data, std::vector<std::string>& paths) {
    if (id == kUnicodePathExtraId && data.size() >= 5) paths.emplace_back(data.substr(5));
}

// The last end-of-central-directory record, searched for only where one can start: in the
// last 22 bytes plus the longest comment.
std::optional<std::uint64_t> find_eocd(std::string_view zip) {
    if (zip.size() < kEocdSize) return std::nullopt;
    const std::size_t lowest = zip.size() > kEocdSize + kMaxCommentSize ? zip.size() - kEocdSize - kMaxCommentSize : 0;
    for (std::size_t at = zip.size() - kEocdSize + 1; at-- > lowest;)
        if (signature_at(zip, at, kEocdSignature)) return at;
    return std::nullopt;
}

struct CentralDirectory {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;  // where the (Zip64) end record starts
};

// Where the central directory is: it must sit exactly where the end record says and end
// where that record starts, as every zip tool writes it. libarchive walks the same bytes
// (it starts at end − size); anything looser is refused rather than guessed at.
std::optional<CentralDirectory> locate_central_directory(std::string_view zip) {
    const auto eocd = find_eocd(zip);
    if (!eocd) return std::nullopt;
    // A single volume: this disk is 0, the directory starts on it and all of it is on it.
    if (field(zip, *eocd + 4, 2) != 0 || field(zip, *eocd + 6, 2) != 0 ||
        field(zip, *eocd + 8, 2) != field(zip, *eocd + 10, 2))
        return std::nullopt;
    if (*eocd >= kZip64LocatorSize && signature_at(zip, *eocd - kZip64LocatorSize, kZip64LocatorSignature)) {
        const std::uint64_t locator = *eocd - kZip64LocatorSize;
        if (field(zip, locator + 4, 4) != 0 || field(zip, locator + 16, 4) != 1) return std::nullopt;
        const std::uint64_t record = field(zip, locator + 8, 8);
        if (record > locator || locator - record < kZip64EocdSize || !signature_at(zip, record, kZip64EocdSignature))
            return std::nullopt;
        if (field(zip, record + 16, 4) != 0 || field(zip, record + 20, 4) != 0 ||
            field(zip, record + 24, 8) != field(zip, record + 32, 8))
            return std::nullopt;
        const std::uint64_t size = field(zip, record + 40, 8);
        const std::uint64_t offset = field(zip, record + 48, 8);
        if (offset > record || record - offset != size) return std::nullopt;
        return CentralDirectory{offset, record};
    }
    const std::uint64_t size = field(zip, *eocd + 12, 4);
    const std::uint64_t offset = field(zip, *eocd + 16, 4);
    if (size > *eocd || offset != *eocd - size) return std::nullopt;
    return CentralDirectory{offset, *eocd};
}

// Every file's names from the central directory and its local header, in local-header
// order, which is the order libarchive's seekable reader returns them in. nullopt when
// the structure cannot be followed.
std::optional<std::vector<RawZipEntry>> read_raw_zip_entries(std::string_view zip) {
    const auto directory = locate_central_directory(zip);
    if (!directory) return std::nullopt;
    const std::string_view central = zip.substr(0, static_cast<std::size_t>(directory->end));
    std::vector<RawZipEntry> entries;
    for (std::uint64_t at = directory->begin; at < directory->end;) {
        if (!fits(central, at, kCentralHeaderSize) || !signature_at(central, at, kCentralSignature)) return std::nullopt;
        const std::uint64_t name_length = field(central, at + 28, 2);
        const std::uint64_t extra_length = field(central, at + 30, 2);
        const std::uint64_t comment_length = field(central, at + 32, 2);
        const std::uint64_t name_at = at + kCentralHeaderSize;
        if (!fits(central, name_at, name_length + extra_length + comment_length)) return std::nullopt;

        RawZipEntry entry;
        entry.central_utf8 = (field(central, at + 8, 2) & kUtf8NameFlag) != 0;
        entry.central_name = std::string(slice(central, name_at, name_length));
        std::uint64_t local = field(central, at + 42, 4);
        // The Zip64 field holds, in this order, only the values saturated above.
        const bool extras_ok = for_each_extra_field(
            slice(central, name_at + name_length, extra_length), [&](std::uint64_t id, std::string_view data) {
                keep_unicode_path(id, data, entry.unicode_paths);
                if (id != kZip64ExtraId || local != kSaturated32) return true;
                std::uint64_t skip = 0;
                if (field(central, at + 24, 4) == kSaturated32) skip += 8;  // uncompressed size
                if (field(central, at + 20, 4) == kSaturated32) skip += 8;  // compressed size
                if (!fits(data, skip, 8)) return false;
                local = field(data, skip, 8);
                return true;
            });
        if (!extras_ok) return std::nullopt;

        if (!fits(zip, local, kLocalHeaderSize) || !signature_at(zip, local, kLocalSignature)) return std::nullopt;
        const std::uint64_t local_name_length = field(zip, local + 26, 2);
        const std::uint64_t local_extra_length = field(zip, local + 28, 2);
        const std::uint64_t local_name_at = local + kLocalHeaderSize;
        if (!fits(zip, local_name_at, local_name_length + local_extra_length)) return std::nullopt;
        entry.local_header_offset = local;
        entry.local_utf8 = (field(zip, local + 6, 2) & kUtf8NameFlag) != 0;
        entry.local_name = std::string(slice(zip, local_name_at, local_name_length));
        if (!for_each_extra_field(slice(zip, local_name_at + local_name_length, local_extra_length),
                                  [&](std::uint64_t id, std::string_view data) {
                                      keep_unicode_path(id, data, entry.unicode_paths);
                                      return true;
                                  }))
            return std::nullopt;

        entries.push_back(std::move(entry));
        at = name_at + name_length + extra_length + comment_length;
    }
    std::stable_sort(entries.begin(), entries.end(), [](const RawZipEntry& a, const RawZipEntry& b) {
        return a.local_header_offset < b.local_header_offset;
    });
    return entries;
}

// The checks the raw names need on their own, before libarchive's are compared with them.
void check_raw_zip_names(const std::vector<RawZipEntry>& entries, const std::string& damaged) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const RawZipEntry& raw = entries[i];
        // libarchive keeps one file per local header: two directory records sharing one
        // would list a name unzip shows but we never check.
        if (i > 0 && entries[i - 1].local_header_offset == raw.local_header_offset) throw ArchiveError(damaged);
        if (has_control_characters(raw.central_name, raw.central_utf8))
            throw ArchiveError(kControlCharacterName + shown(raw.central_name));
        if (has_control_characters(raw.local_name, raw.local_utf8))
            throw ArchiveError(kControlCharacterName + shown(raw.local_name));
        for (const std::string& path : raw.unicode_paths)
            if (has_control_characters(path, true)) throw ArchiveError(kControlCharacterName + shown(path));
        // Every zip tool writes the same name twice; a difference shows one name in unzip
        // tools and another here.
        if (raw.central_name != raw.local_name) throw ArchiveError(kInconsistentName + shown(raw.central_name));
    }
}

// Whether libarchive reported the stored name. Its only own changes are '\' to '/' in a
// name without '/' and a '/' added to a directory; a UTF-8-flagged or plain-ASCII name has
// no charset to convert, so any other difference (a name cut at a NUL, one taken from an
// extra field) is refused. A legacy-charset name (GBK, CP437) cannot be compared byte for
// byte; its control characters were checked raw and are checked again as reported.
bool reported_as_stored(const RawZipEntry& raw, const char* pathname, const char* utf8_name) {
    if (!raw.local_utf8 && !is_ascii(raw.local_name)) return true;
    std::string slashed = raw.local_name;
    if (slashed.find('/') == std::string::npos) std::replace(slashed.begin(), slashed.end(), '\\', '/');
    const auto same = [&](const char* reported) {
        if (!reported) return false;
        const std::string_view name(reported);
        for (const std::string_view stored : {std::string_view(raw.local_name), std::string_view(slashed)}) {
            if (name == stored) return true;
            if (!stored.empty() && stored.back() != '/' && name.size() == stored.size() + 1 && name.back() == '/' &&
                name.substr(0, stored.size()) == stored)
                return true;
        }
        return false;
    };
    // In the module's C.UTF-8 locale both forms are the same bytes; under another locale a
    // non-ASCII locale form is a conversion, and its control characters are checked apart.
    return same(utf8_name) && (!pathname || same(pathname) || !is_ascii(raw.local_name));
}


// A libarchive reader over `bytes` with only the reader for the format the content names;
// no decompression filters (zip and rar carry their own codecs), so nothing else in
// libarchive ever sees these bytes. The seekable zip reader takes the list of files from the
// central directory, which is what unzip tools show, but each name from the file's local
// header: inspect_archive holds both against the raw bytes.
Reader open_reader(std::string_view bytes, const std::string& format, const std::string& damaged) {
    Reader a(archive_read_new());
    if (!a) throw std::bad_alloc();
    if (format == "zip") {
        archive_read_support_format_zip_seekable(a.get());
    } else {
        archive_read_support_format_rar(a.get());
        archive_read_support_format_rar5(a.get());
    }
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) throw ArchiveError(damaged);
    return a;
}

}  // namespace

std::string format_of(std::string_view bytes) {
    if (bytes.empty()) return "";
    const std::string t = image::detect_type(bytes);
    if (t == "application/zip") return "zip";
    if (t == "application/x-rar" || t == "application/vnd.rar") return "rar";
    return "";
}

ArchiveReport inspect_archive(std::string_view bytes, const ArchiveLimits& limits) {
    if (bytes.empty()) throw ArchiveError("上传的压缩包是空文件。");
    if (bytes.size() >= limits.max_bytes)
        throw ArchiveError("压缩包应小于" + mb_text(static_cast<std::int64_t>(limits.max_bytes)) + "。");
    ArchiveReport report;
    report.format = format_of(bytes);
    if (report.format.empty()) throw ArchiveError("只能上传 zip 或 rar 格式的压缩包（按文件内容识别）。");
    const std::string damaged = report.format == "rar"
                                    ? "无法读取该 rar 压缩包：文件已损坏或为不支持的 rar 版本，请改用 zip 格式重新压缩后上传。"
                                    : "无法读取该 zip 压缩包：文件已损坏，请重新压缩后上传。";

    Reader a = open_reader(bytes, report.format, damaged);

    // A zip's names as stored, to hold libarchive's against (see the SECURITY note above).
    std::optional<std::vector<RawZipEntry>> raw_zip;
    if (report.format == "zip") {
        raw_zip = read_raw_zip_entries(bytes);
        if (!raw_zip) throw ArchiveError(damaged);
        check_raw_zip_names(*raw_zip, damaged);
    }

    const std::int64_t archive_bytes = static_cast<std::int64_t>(bytes.size());
    // libarchive does not report an entry's compressed size, and headers may lie; an entry
    // can never be larger than the archive compressed, so bounding decompressed output by
    // max_ratio × the whole archive is a ratio check every entry must also pass.
    const std::int64_t ratio_cap = std::max(limits.ratio_floor, limits.max_ratio * archive_bytes);
    const std::string bomb = "压缩包解压后过大（解压后总大小不能超过" + mb_text(limits.max_total_uncompressed) +
                             "，压缩比不能超过" + std::to_string(limits.max_ratio) + ":1）。";
    std::array<char, 64 * 1024> chunk{};
    std::string sniff;

    for (;;) {
        struct archive_entry* e = nullptr;
        const int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        // WARN is a name-charset conversion problem; anything worse means unreadable.
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) throw ArchiveError(damaged);
        if (report.entries.size() >= limits.max_entries)
            throw ArchiveError("压缩包中的文件不能超过" + std::to_string(limits.max_entries) + "个。");

        // Names are converted to the process locale (the module runs in C.UTF-8); a name
        // libarchive cannot convert comes back NULL and is refused rather than guessed at.
        const char* pathname = archive_entry_pathname(e);
        const char* utf8_name = archive_entry_pathname_utf8(e);
        if (!pathname && !utf8_name) throw ArchiveError(kUnreadableName);
        ArchiveEntry entry;
        entry.path = shown(utf8_name ? utf8_name : pathname);
        // The locale form is UTF-8 in the module's C.UTF-8, so C1 is judged there too when it is.
        if ((pathname && has_control_characters(pathname, validate::is_clean_utf8(pathname))) ||
            (utf8_name && has_control_characters(utf8_name, true)))
            throw ArchiveError(kControlCharacterName + entry.path);
        if (raw_zip) {
            // One to one, in order: the next stored name must be the one libarchive reports.
            const std::size_t index = report.entries.size();
            if (index >= raw_zip->size()) throw ArchiveError(damaged);
            if (!reported_as_stored((*raw_zip)[index], pathname, utf8_name))
                throw ArchiveError(kInconsistentName + entry.path);
        }
        if ((pathname && unsafe_path(pathname)) || (utf8_name && unsafe_path(utf8_name)))
            throw ArchiveError("压缩包中的文件路径不安全：" + entry.path);
        if (archive_entry_hardlink(e) != nullptr || archive_entry_symlink(e) != nullptr ||
            archive_entry_filetype(e) == AE_IFLNK)
            throw ArchiveError("压缩包中不能包含链接文件：" + entry.path);
        if (archive_entry_is_encrypted(e) || archive_read_has_encrypted_entries(a.get()) > 0)
            throw ArchiveError("压缩包不能加密，请去掉密码后重新压缩上传。");
        const auto filetype = archive_entry_filetype(e);
        if (filetype == AE_IFDIR) {
            entry.type = "directory";
            report.entries.push_back(std::move(entry));
            continue;
        }
        if (filetype != AE_IFREG) throw ArchiveError("压缩包中不能包含设备文件等特殊文件：" + entry.path);

        // Decompress through a fixed buffer, counting: the first sniff_bytes are kept for
        // libmagic, the rest is only counted, and reading stops at the first limit.
        sniff.clear();
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), chunk.data(), chunk.size());
            if (n == 0) break;
            if (n < 0) {
                if (archive_entry_is_encrypted(e)) throw ArchiveError("压缩包不能加密，请去掉密码后重新压缩上传。");
                throw ArchiveError(damaged);
            }
            entry.size += n;
            report.total_size += n;
            if (sniff.size() < limits.sniff_bytes)
                sniff.append(chunk.data(), std::min<std::size_t>(static_cast<std::size_t>(n), limits.sniff_bytes - sniff.size()));
            if (report.total_size > limits.max_total_uncompressed || report.total_size > ratio_cap)
                throw ArchiveError(bomb);
        }
        entry.type = sniff.empty() ? "application/x-empty" : image::detect_type(sniff);
        if (is_archive_type(entry.type)) throw ArchiveError("压缩包中不能再包含压缩包：" + entry.path);
        if (!is_allowed_type(entry.type))
            throw ArchiveError("压缩包中只能包含图片或PDF文件（JPG、PNG、PDF）：" + entry.path);
        // Kept and shown as uploaded: a picture must be one, not bytes behind its signature.
        if (entry.type != "application/pdf" && !image::header_readable(sniff, entry.type))
            throw ArchiveError("压缩包中的图片文件已损坏或不是有效的图片：" + entry.path);
        report.entries.push_back(std::move(entry));
    }
    // Fewer files listed than stored would leave stored names unchecked against libarchive's.
    if (raw_zip && report.entries.size() != raw_zip->size()) throw ArchiveError(damaged);
    bool any_file = false;
    for (const auto& en : report.entries) any_file = any_file || en.type != "directory";
    if (!any_file) throw ArchiveError("压缩包中没有文件，请放入扫描件后重新压缩上传。");
    return report;
}

EntryContent read_entry(std::string_view bytes, std::size_t index, const ArchiveLimits& limits) {
    const std::string format = format_of(bytes);
    const std::string damaged = "压缩包无法读取。";
    if (format.empty()) throw ArchiveError(damaged);
    Reader a = open_reader(bytes, format, damaged);
    std::array<char, 64 * 1024> chunk{};
    for (std::size_t i = 0; i <= index && i < limits.max_entries; ++i) {
        struct archive_entry* e = nullptr;
        const int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) throw ArchiveError(damaged);
        if (i < index) continue;  // skipped entries are not decompressed
        if (archive_entry_filetype(e) != AE_IFREG) break;
        EntryContent out;
        const char* utf8_name = archive_entry_pathname_utf8(e);
        const char* pathname = archive_entry_pathname(e);
        out.path = shown(utf8_name ? utf8_name : pathname ? pathname : "");
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), chunk.data(), chunk.size());
            if (n == 0) break;
            if (n < 0) throw ArchiveError(damaged);
            out.data.append(chunk.data(), static_cast<std::size_t>(n));
            if (static_cast<std::int64_t>(out.data.size()) > limits.max_total_uncompressed) throw ArchiveError(damaged);
        }
        out.type = out.data.empty() ? "application/x-empty" : image::detect_type(out.data);
        return out;
    }
    throw ArchiveError("压缩包中没有该文件。");
}

std::string entries_json(const ArchiveReport& report) {
    std::string out = "[";
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        const auto& e = report.entries[i];
        if (i) out += ",";
        out += "{\"path\":" + json::quote(e.path) + ",\"size\":" + std::to_string(e.size) +
               ",\"type\":" + json::quote(e.type) + "}";
    }
    return out + "]";
}

}  // namespace zk::archive
