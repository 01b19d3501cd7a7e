// archive.cpp: libmagic + libarchive implementation of archive.hpp.
// SECURITY: trusts libmagic to name types and libarchive's zip and rar/rar5 readers to
// parse; only the reader matching the content's type is enabled, with no filters, so the
// bytes are never handed to any other parser. Sizes in headers are ignored: each entry's
// data is decompressed into a fixed buffer and counted, stopping at the first limit.
#include "common/archive.hpp"

#include "common/json.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>

#include "common/image.hpp"
#include "common/validate.hpp"

namespace zk::archive {

namespace {

struct ReadFree {
    void operator()(struct archive* a) const { archive_read_free(a); }
};
using Reader = std::unique_ptr<struct archive, ReadFree>;

std::string mb_text(std::int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + "MB"; }

// Names come from the archive: show them only as clean UTF-8 and not too long.
std::string shown(const std::string& raw) {
    std::string s;
    if (validate::is_clean_utf8(raw)) {
        s = raw;
    } else {
        for (char c : raw) s += (static_cast<unsigned char>(c) < 0x80 && c >= 0x20) ? c : '?';
    }
    if (s.size() > 200) s = s.substr(0, 200) + "…";
    return s;
}

// A path is safe when it is relative and no component is "..": checked on the raw bytes
// with both separators, since zips made on Windows use '\'.
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

    Reader a(archive_read_new());
    if (!a) throw std::bad_alloc();
    // Only the reader for the format the content names; no decompression filters (zip and
    // rar carry their own codecs), so nothing else in libarchive ever sees these bytes.
    // The seekable zip reader trusts the central directory, which is what unzip tools show.
    if (report.format == "zip") {
        archive_read_support_format_zip_seekable(a.get());
    } else {
        archive_read_support_format_rar(a.get());
        archive_read_support_format_rar5(a.get());
    }
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) throw ArchiveError(damaged);

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
        const char* raw_name = archive_entry_pathname(e);
        const char* utf8_name = archive_entry_pathname_utf8(e);
        if (!raw_name && !utf8_name)
            throw ArchiveError("压缩包中有无法识别的文件名，请将文件改为中文或英文名称后重新压缩上传。");
        ArchiveEntry entry;
        entry.path = shown(utf8_name ? utf8_name : raw_name);
        if ((raw_name && unsafe_path(raw_name)) || (utf8_name && unsafe_path(utf8_name)))
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
        report.entries.push_back(std::move(entry));
    }
    bool any_file = false;
    for (const auto& en : report.entries) any_file = any_file || en.type != "directory";
    if (!any_file) throw ArchiveError("压缩包中没有文件，请放入扫描件后重新压缩上传。");
    return report;
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
