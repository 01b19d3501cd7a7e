// test_archive.cpp: CppUnit tests for common/domain/archive (SUB-3): archives are built in memory
// with libarchive's writer (zip) or byte by byte (a stored-file RAR 4 archive, which
// libarchive cannot write), then inspected: a valid zip of a JPEG and a PDF, a rar
// (also under a .zip name, which changes nothing: the type is the content's), unsafe
// paths, links, nested and encrypted archives, a zip bomb, an executable inside, too
// many entries, too many bytes, damaged and non-archive input. Names with control
// characters (a NUL hidden from libarchive's C strings, CR/LF, ESC, DEL, C1) and names whose
// raw bytes disagree with what libarchive reports come from libarchive-written zips patched
// byte for byte, or from make_stored_zip, which writes any header bytes it is given.
#include "common/domain/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <cppunit/extensions/HelperMacros.h>

#include <clocale>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/domain/image.hpp"
#include "tests/unit/test_images.hpp"

using namespace zk::archive;

namespace {

const std::string kPdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

struct WriteFree {
    void operator()(struct archive* a) const { archive_write_free(a); }
};

struct Item {
    Item(std::string p, std::string d, unsigned t = AE_IFREG, std::string l = "")
        : path(std::move(p)), data(std::move(d)), type(t), link(std::move(l)) {}
    std::string path;
    std::string data;
    unsigned type;
    std::string link;  // symlink target
};

// A zip written by libarchive into memory; `options` e.g. "zip:encryption=zipcrypt".
std::string make_zip(const std::vector<Item>& items, const char* options = nullptr, const char* passphrase = nullptr) {
    std::unique_ptr<struct archive, WriteFree> a(archive_write_new());
    archive_write_set_format_zip(a.get());
    if (options) CPPUNIT_ASSERT_EQUAL(ARCHIVE_OK, archive_write_set_options(a.get(), options));
    if (passphrase) CPPUNIT_ASSERT_EQUAL(ARCHIVE_OK, archive_write_set_passphrase(a.get(), passphrase));
    std::vector<char> buf(16 * 1024 * 1024);
    std::size_t used = 0;
    CPPUNIT_ASSERT_EQUAL(ARCHIVE_OK, archive_write_open_memory(a.get(), buf.data(), buf.size(), &used));
    for (const auto& it : items) {
        std::unique_ptr<struct archive_entry, void (*)(struct archive_entry*)> e(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(e.get(), it.path.c_str());
        archive_entry_set_filetype(e.get(), it.type);
        archive_entry_set_perm(e.get(), it.type == AE_IFLNK ? 0777 : 0644);
        archive_entry_set_mtime(e.get(), 1700000000, 0);
        if (it.type == AE_IFLNK) archive_entry_set_symlink(e.get(), it.link.c_str());
        archive_entry_set_size(e.get(), it.type == AE_IFREG ? static_cast<la_int64_t>(it.data.size()) : 0);
        CPPUNIT_ASSERT_EQUAL(ARCHIVE_OK, archive_write_header(a.get(), e.get()));
        if (!it.data.empty())
            CPPUNIT_ASSERT_EQUAL(static_cast<la_ssize_t>(it.data.size()),
                                 archive_write_data(a.get(), it.data.data(), it.data.size()));
    }
    CPPUNIT_ASSERT_EQUAL(ARCHIVE_OK, archive_write_close(a.get()));
    return std::string(buf.data(), used);
}

std::uint32_t crc32(const std::string& s) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : s) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

void le(std::string& out, std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// One RAR 4 block: HEAD_CRC (low 16 bits of the CRC32 of the rest) + the rest.
std::string rar_block(const std::string& rest) {
    std::string out;
    le(out, crc32(rest) & 0xFFFF, 2);
    return out + rest;
}

// A RAR 4 archive of stored (method 0x30) files, the layout of RAR 2.9+ technote.txt.
std::string make_rar4(const std::vector<Item>& files) {
    std::string out("Rar!\x1a\x07\x00", 7);
    std::string main;
    main += '\x73';
    le(main, 0, 2);   // flags
    le(main, 13, 2);  // header size
    le(main, 0, 6);   // reserved
    out += rar_block(main);
    for (const auto& f : files) {
        std::string h;
        h += '\x74';
        le(h, 0x8000, 2);  // LONG_BLOCK: data follows
        le(h, 32 + f.path.size(), 2);
        le(h, f.data.size(), 4);  // packed
        le(h, f.data.size(), 4);  // unpacked
        h += '\x00';              // host OS: MS-DOS
        le(h, crc32(f.data), 4);
        le(h, 0x5A210000, 4);     // DOS time 2025-01-01
        h += '\x14';              // version 2.0 needed
        h += '\x30';              // stored
        le(h, f.path.size(), 2);
        le(h, 0x20, 4);           // FILE_ATTRIBUTE_ARCHIVE
        h += f.path;
        out += rar_block(h) + f.data;
    }
    std::string end;
    end += '\x7b';
    le(end, 0x4000, 2);
    le(end, 7, 2);
    return out + rar_block(end);
}

std::string jpeg() { return zk::test::make_jpeg(64, 64, zk::test::noise()); }

// Replaces each occurrence of `from` by `to` (the same length, so every offset stays valid),
// at most `limit` of them from the start: a zip written by libarchive holds a name twice, in
// the local header first and then in the central directory.
std::string patched(std::string bytes, const std::string& from, const std::string& to,
                    std::size_t expected = 2, std::size_t limit = 2) {
    CPPUNIT_ASSERT_EQUAL(from.size(), to.size());
    std::size_t found = 0;
    for (std::size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + from.size())) {
        if (found < limit) bytes.replace(at, from.size(), to);
        ++found;
    }
    CPPUNIT_ASSERT_EQUAL(expected, found);
    return bytes;
}

// A zip of "a.pdfX.exe" (a PDF inside) with the X replaced by `c` in both headers.
std::string zip_with_char_in_name(char c) {
    return patched(make_zip({{"a.pdfX.exe", kPdf}}), "a.pdfX.exe", std::string("a.pdf") + c + ".exe");
}

// One file of a zip written by hand (stored, no data descriptor), so headers can say what
// libarchive's writer never would.
struct StoredFile {
    StoredFile(std::string n, std::string d) : name(std::move(n)), data(std::move(d)) {}
    std::string name;  // as stored in both headers, unless local_name is set
    std::string data;
    std::uint16_t flags = 0;  // general-purpose flags; bit 11: the name is UTF-8
    std::optional<std::string> local_name;
    std::string local_extra;             // extra fields of the local header
    std::uint32_t dos_attributes = 0x20;  // 0x10: a directory
    // Set: no local header or data of its own, just a central directory record pointing at
    // that file's local header.
    std::optional<std::size_t> shares_local_header_of;
};

const std::uint32_t kDosTime = 0x5A210000;  // 2025-01-01 00:00

// `central_order` lists the files in central directory order (default: as given).
std::string make_stored_zip(const std::vector<StoredFile>& files, std::vector<std::size_t> central_order = {}) {
    std::string out;
    std::vector<std::size_t> local_offset(files.size(), 0);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const StoredFile& f = files[i];
        if (f.shares_local_header_of) continue;
        const std::string& name = f.local_name ? *f.local_name : f.name;
        local_offset[i] = out.size();
        out += std::string("PK\x03\x04", 4);
        le(out, 20, 2);  // version needed 2.0, MS-DOS
        le(out, f.flags, 2);
        le(out, 0, 2);  // stored
        le(out, kDosTime, 4);
        le(out, crc32(f.data), 4);
        le(out, f.data.size(), 4);
        le(out, f.data.size(), 4);
        le(out, name.size(), 2);
        le(out, f.local_extra.size(), 2);
        out += name + f.local_extra + f.data;
    }
    if (central_order.empty())
        for (std::size_t i = 0; i < files.size(); ++i) central_order.push_back(i);
    const std::size_t central_offset = out.size();
    for (std::size_t i : central_order) {
        const StoredFile& f = files[i];
        const StoredFile& owner = f.shares_local_header_of ? files[*f.shares_local_header_of] : f;
        out += std::string("PK\x01\x02", 4);
        le(out, 20, 2);  // made by MS-DOS, 2.0
        le(out, 20, 2);
        le(out, f.flags, 2);
        le(out, 0, 2);
        le(out, kDosTime, 4);
        le(out, crc32(owner.data), 4);
        le(out, owner.data.size(), 4);
        le(out, owner.data.size(), 4);
        le(out, f.name.size(), 2);
        le(out, 0, 2);  // extra
        le(out, 0, 2);  // comment
        le(out, 0, 2);  // disk
        le(out, 0, 2);  // internal attributes
        le(out, f.dos_attributes, 4);
        le(out, local_offset[f.shares_local_header_of ? *f.shares_local_header_of : i], 4);
        out += f.name;
    }
    const std::size_t central_size = out.size() - central_offset;
    out += std::string("PK\x05\x06", 4);
    le(out, 0, 2);
    le(out, 0, 2);
    le(out, central_order.size(), 2);
    le(out, central_order.size(), 2);
    le(out, central_size, 4);
    le(out, central_offset, 4);
    le(out, 0, 2);  // comment
    return out;
}

// An Info-ZIP Unicode Path extra field: libarchive reports `utf8_name` instead of the
// header's name when `crc_of` (the header's name) matches.
std::string unicode_path_field(const std::string& utf8_name, const std::string& crc_of) {
    std::string data;
    data += '\x01';  // version
    le(data, crc32(crc_of), 4);
    data += utf8_name;
    std::string out;
    le(out, 0x7075, 2);
    le(out, data.size(), 2);
    return out + data;
}

const std::string kControlMessage = "压缩包中的文件名含有控制字符，请修改文件名后重新压缩上传：";
const std::string kInconsistentMessage = "压缩包中的文件名记录前后不一致（压缩包可能被改动过），请重新压缩后上传：";

// Messages go to a web page and the log: never a raw control character in them.
bool free_of_controls(const std::string& message) {
    for (std::size_t i = 0; i < message.size(); ++i) {
        const auto b = static_cast<unsigned char>(message[i]);
        if (b < 0x20 || b == 0x7F) return false;
        if (b == 0xC2 && i + 1 < message.size() && static_cast<unsigned char>(message[i + 1]) <= 0x9F &&
            static_cast<unsigned char>(message[i + 1]) >= 0x80)
            return false;
    }
    return true;
}

std::string message_of(const std::string& bytes, const ArchiveLimits& limits = {}) {
    try {
        inspect_archive(bytes, limits);
    } catch (const ArchiveError& e) {
        return e.what();
    }
    return "(accepted)";
}

#define ASSERT_REFUSED(bytes, fragment)                                                                  \
    do {                                                                                               \
        const std::string m_ = message_of(bytes);                                                      \
        CPPUNIT_ASSERT_MESSAGE(m_ + " should contain " + (fragment), m_.find(fragment) != std::string::npos); \
    } while (0)

}  // namespace

class ArchiveTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ArchiveTest);
    CPPUNIT_TEST(valid_zip_with_jpeg_and_pdf);
    CPPUNIT_TEST(directories_are_fine);
    CPPUNIT_TEST(utf8_flagged_names);
    CPPUNIT_TEST(rar_is_read_and_named_by_content);
    CPPUNIT_TEST(damaged_rar_is_refused_clearly);
    CPPUNIT_TEST(not_an_archive);
    CPPUNIT_TEST(dot_dot_paths);
    CPPUNIT_TEST(absolute_paths);
    CPPUNIT_TEST(symlink);
    CPPUNIT_TEST(nested_archive);
    CPPUNIT_TEST(encrypted_zip);
    CPPUNIT_TEST(zip_bomb);
    CPPUNIT_TEST(ratio_is_judged_against_the_archive);
    CPPUNIT_TEST(executable_inside);
    CPPUNIT_TEST(signature_without_a_picture);
    CPPUNIT_TEST(too_many_entries);
    CPPUNIT_TEST(too_big);
    CPPUNIT_TEST(empty_archive);
    CPPUNIT_TEST(entries_json_escapes);
    CPPUNIT_TEST(nul_in_name_is_refused);
    CPPUNIT_TEST(line_breaks_in_name_are_refused);
    CPPUNIT_TEST(escape_delete_and_c1_in_name_are_refused);
    CPPUNIT_TEST(control_characters_in_rar_names_are_refused);
    CPPUNIT_TEST(central_and_local_names_must_agree);
    CPPUNIT_TEST(unicode_path_field_cannot_rename);
    CPPUNIT_TEST(unicode_path_field_is_checked_raw);
    CPPUNIT_TEST(utf8_flag_on_other_bytes);
    CPPUNIT_TEST(two_records_for_one_file_are_refused);
    CPPUNIT_TEST(directory_order_follows_local_headers);
    CPPUNIT_TEST(names_libarchive_may_change_are_accepted);
    CPPUNIT_TEST(valid_names_are_still_accepted);
    CPPUNIT_TEST(trailing_dot_dot_is_refused);
    CPPUNIT_TEST(zip64_end_record_is_followed);
    CPPUNIT_TEST(damaged_directory_never_crashes);
    CPPUNIT_TEST_SUITE_END();

    std::string saved_locale_;

public:
    // As in the module's main(): names inside archives are converted to the locale's charset.
    void setUp() override {
        zk::image::init();
        saved_locale_ = std::setlocale(LC_CTYPE, nullptr);
        std::setlocale(LC_CTYPE, "C.UTF-8");
    }
    void tearDown() override { std::setlocale(LC_CTYPE, saved_locale_.c_str()); }

    void utf8_flagged_names() {
        auto r = inspect_archive(make_zip({{"扫描件/卡片.pdf", kPdf}}, "zip:hdrcharset=UTF-8"));
        CPPUNIT_ASSERT_EQUAL(std::string("扫描件/卡片.pdf"), r.entries[0].path);
        ASSERT_REFUSED(make_zip({{"../扫描件.pdf", kPdf}}, "zip:hdrcharset=UTF-8"), "路径不安全：../扫描件.pdf");
    }

    void valid_zip_with_jpeg_and_pdf() {
        const std::string j = jpeg();
        auto r = inspect_archive(make_zip({{"扫描件/卡片1.jpg", j}, {"说明.pdf", kPdf}}));
        CPPUNIT_ASSERT_EQUAL(std::string("zip"), r.format);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("扫描件/卡片1.jpg"), r.entries[0].path);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.entries[0].type);
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(j.size()), r.entries[0].size);
        CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), r.entries[1].type);
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(j.size() + kPdf.size()), r.total_size);
    }

    void directories_are_fine() {
        auto r = inspect_archive(make_zip({{"scans/", "", AE_IFDIR}, {"scans/a.pdf", kPdf}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("directory"), r.entries[0].type);
    }

    // Entries are kept and served as uploaded, so a picture must be one, not a page behind a
    // JPEG or PNG signature (which libmagic alone names image/jpeg or image/png).
    void signature_without_a_picture() {
        const std::string html = "<html><body><script>alert(document.cookie)</script></body></html>";
        ASSERT_REFUSED(make_zip({{"scan.jpg", "\xFF\xD8\xFF\xE0" + html}}), "不是有效的图片：scan.jpg");
        // A PNG signature and header chunk, then a page: libmagic names it image/png.
        const std::string png_head = zk::test::make_png(64, 64, zk::test::noise()).substr(0, 33);
        ASSERT_REFUSED(make_rar4({{"scan.png", png_head + html}}), "不是有效的图片：scan.png");
        const std::string j = jpeg();
        ASSERT_REFUSED(make_zip({{"half.jpg", j.substr(0, 40)}}), "不是有效的图片：half.jpg");
        // Genuine pictures, a PNG too, and a JPEG with something appended (whose picture is real).
        const std::string png = zk::test::make_png(64, 64, zk::test::noise());
        auto r = inspect_archive(make_zip({{"a.jpg", j}, {"b.png", png}, {"c.jpg", j + html}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), r.entries[1].type);
    }

    void rar_is_read_and_named_by_content() {
        const std::string j = jpeg();
        const std::string rar = make_rar4({{"card.jpg", j}, {"card.pdf", kPdf}});
        CPPUNIT_ASSERT_EQUAL(std::string("rar"), format_of(rar));
        // Whatever name it was uploaded under (a rar renamed .zip), the format is the content's.
        auto r = inspect_archive(rar);
        CPPUNIT_ASSERT_EQUAL(std::string("rar"), r.format);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("card.jpg"), r.entries[0].path);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.entries[0].type);
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(j.size()), r.entries[0].size);
        CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), r.entries[1].type);
        // The same checks apply inside a rar.
        ASSERT_REFUSED(make_rar4({{"setup.exe", std::string("MZ") + std::string(4000, '\x90')}}), "只能包含图片或PDF文件");
        ASSERT_REFUSED(make_rar4({{"..\\..\\evil.pdf", kPdf}}), "路径不安全");
    }

    void damaged_rar_is_refused_clearly() {
        const std::string garbage = std::string("Rar!\x1a\x07\x00", 7) + std::string(500, '\x5a');
        ASSERT_REFUSED(garbage, "rar");
        ASSERT_REFUSED(garbage, "已损坏");
        std::string truncated = make_rar4({{"card.pdf", kPdf + std::string(3000, ' ')}});
        truncated.resize(truncated.size() / 2);
        ASSERT_REFUSED(truncated, "rar");
    }

    void not_an_archive() {
        ASSERT_REFUSED(kPdf, "只能上传 zip 或 rar 格式的压缩包（按文件内容识别）");
        ASSERT_REFUSED(jpeg(), "只能上传 zip 或 rar 格式的压缩包");
        ASSERT_REFUSED(std::string("hello, this is text\n"), "只能上传 zip 或 rar 格式的压缩包");
        ASSERT_REFUSED(std::string(), "空文件");
    }

    void dot_dot_paths() {
        ASSERT_REFUSED(make_zip({{"../../etc/cron.d/x.pdf", kPdf}}), "压缩包中的文件路径不安全：../../etc/cron.d/x.pdf");
        ASSERT_REFUSED(make_zip({{"a/../../b.pdf", kPdf}}), "路径不安全");
        ASSERT_REFUSED(make_zip({{"a\\..\\..\\b.pdf", kPdf}}), "路径不安全");
        // ".." inside a name is not a component.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), inspect_archive(make_zip({{"a..b.pdf", kPdf}})).entries.size());
    }

    void absolute_paths() {
        ASSERT_REFUSED(make_zip({{"/etc/passwd.pdf", kPdf}}), "路径不安全");
        ASSERT_REFUSED(make_zip({{"C:\\Windows\\x.pdf", kPdf}}), "路径不安全");
    }

    void symlink() {
        ASSERT_REFUSED(make_zip({{"a.pdf", kPdf}, {"link.pdf", "", AE_IFLNK, "/etc/shadow"}}), "压缩包中不能包含链接文件");
    }

    void nested_archive() {
        const std::string inner = make_zip({{"a.pdf", kPdf}});
        ASSERT_REFUSED(make_zip({{"inner.zip", inner}}), "压缩包中不能再包含压缩包：inner.zip");
        ASSERT_REFUSED(make_zip({{"inner.jpg", make_rar4({{"a.pdf", kPdf}})}}), "不能再包含压缩包");
        ASSERT_REFUSED(make_zip({{"x.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + std::string(40, 'a')}}),
                       "不能再包含压缩包");
    }

    void encrypted_zip() {
        ASSERT_REFUSED(make_zip({{"a.pdf", kPdf}}, "zip:encryption=zipcrypt", "secret"), "压缩包不能加密");
    }

    void zip_bomb() {
        const std::string bomb = make_zip({{"zeros.pdf", std::string(60 * 1024 * 1024, '\0')}});
        CPPUNIT_ASSERT(bomb.size() < 1024 * 1024);
        ASSERT_REFUSED(bomb, "压缩包解压后过大");
    }

    void ratio_is_judged_against_the_archive() {
        // 3 MB of one byte deflates to a few KB: over 100:1 though under the 50 MB cap.
        const std::string z = make_zip({{"a.pdf", kPdf + std::string(3 * 1024 * 1024, ' ')}});
        ASSERT_REFUSED(z, "压缩包解压后过大");
        // Under the floor a high ratio is harmless.
        CPPUNIT_ASSERT_NO_THROW(inspect_archive(make_zip({{"a.pdf", kPdf + std::string(200 * 1024, ' ')}})));
    }

    void executable_inside() {
        const std::string exe = std::string("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", 14) + std::string(2000, '\0');
        ASSERT_REFUSED(make_zip({{"a.pdf", kPdf}, {"setup.exe", exe}}), "压缩包中只能包含图片或PDF文件");
        ASSERT_REFUSED(make_zip({{"a.pdf", kPdf}, {"setup.exe", exe}}), "setup.exe");
        // A renamed executable is refused by content too.
        ASSERT_REFUSED(make_zip({{"card.jpg", exe}}), "card.jpg");
        ASSERT_REFUSED(make_zip({{"empty.pdf", ""}}), "只能包含图片或PDF文件");
    }

    void too_many_entries() {
        std::vector<Item> items;
        for (int i = 0; i < 51; ++i) items.push_back({"p" + std::to_string(i) + ".pdf", kPdf});
        ASSERT_REFUSED(make_zip(items), "压缩包中的文件不能超过50个");
        items.pop_back();
        CPPUNIT_ASSERT_EQUAL(std::size_t(50), inspect_archive(make_zip(items)).entries.size());
    }

    void too_big() {
        std::string big = make_zip({{"a.pdf", kPdf}});
        big += std::string(10 * 1024 * 1024, 'x');
        ASSERT_REFUSED(big, "压缩包应小于10MB");
        ArchiveLimits small;
        small.max_bytes = 100;
        CPPUNIT_ASSERT(message_of(make_zip({{"a.pdf", kPdf}}), small).find("压缩包应小于") != std::string::npos);
    }

    void empty_archive() {
        ASSERT_REFUSED(make_zip({{"scans/", "", AE_IFDIR}}), "没有文件");
    }

    void entries_json_escapes() {
        ArchiveReport r;
        r.entries.push_back({"a\"b\\c.pdf", 12, "application/pdf"});
        r.entries.push_back({"d/", 0, "directory"});
        CPPUNIT_ASSERT_EQUAL(std::string("[{\"path\":\"a\\\"b\\\\c.pdf\",\"size\":12,\"type\":\"application/pdf\"},"
                                         "{\"path\":\"d/\",\"size\":0,\"type\":\"directory\"}]"),
                             entries_json(r));
    }

    // libarchive reports "a.pdf\0.exe" as "a.pdf": only the raw central directory shows the rest.
    void nul_in_name_is_refused() {
        const std::string zip = zip_with_char_in_name('\0');
        const std::string m = message_of(zip);
        CPPUNIT_ASSERT_EQUAL(kControlMessage + "a.pdf?.exe", m);
        // Shown as UTF-8 even when the name around the NUL is Chinese.
        const std::string chinese = patched(make_zip({{"成绩单X.pdf", kPdf}}, "zip:hdrcharset=UTF-8"), "成绩单X.pdf",
                                            std::string("成绩单\0.pdf", 14));
        CPPUNIT_ASSERT_EQUAL(kControlMessage + "成绩单?.pdf", message_of(chinese));
    }

    void line_breaks_in_name_are_refused() {
        for (const char c : {'\r', '\n', '\t'}) {
            const std::string m = message_of(zip_with_char_in_name(c));
            CPPUNIT_ASSERT_MESSAGE(m, m.find("控制字符") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(m, m.find("a.pdf?.exe") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(m, free_of_controls(m));
        }
    }

    void escape_delete_and_c1_in_name_are_refused() {
        for (const char c : {'\x1b', '\x7f', '\x01'}) {
            const std::string m = message_of(zip_with_char_in_name(c));
            CPPUNIT_ASSERT_MESSAGE(m, m.find("控制字符") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(m, free_of_controls(m));
        }
        // A terminal escape inside a UTF-8-flagged Chinese name.
        const std::string esc = patched(make_zip({{"成绩单X[2J.pdf", kPdf}}, "zip:hdrcharset=UTF-8"), "成绩单X[2J.pdf",
                                        "成绩单\x1b[2J.pdf");
        CPPUNIT_ASSERT_EQUAL(kControlMessage + "成绩单?[2J.pdf", message_of(esc));
        // C1 controls are valid UTF-8 and libarchive writes them as they are: U+009B (CSI), U+0085 (NEL).
        for (const char* c1 : {"\xc2\x9b", "\xc2\x85"}) {
            const std::string m = message_of(make_zip({{std::string("成绩单") + c1 + "2J.pdf", kPdf}}, "zip:hdrcharset=UTF-8"));
            CPPUNIT_ASSERT_EQUAL(kControlMessage + "成绩单?2J.pdf", m);
        }
    }

    // A rar's names are only known through libarchive (a NUL in one cannot be seen there).
    void control_characters_in_rar_names_are_refused() {
        for (const char* name : {"a\x1b[2J.pdf", "a\r.pdf", "a\x7f.pdf"}) {
            const std::string m = message_of(make_rar4({{name, kPdf}}));
            CPPUNIT_ASSERT_MESSAGE(m, m.find("控制字符") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(m, free_of_controls(m));
        }
    }

    // libarchive reads the name from the local header; unzip tools list the central directory.
    void central_and_local_names_must_agree() {
        const std::string zip = make_zip({{"scan.pdf", kPdf}});
        CPPUNIT_ASSERT_EQUAL(kInconsistentMessage + "scan.pdf", message_of(patched(zip, "scan.pdf", "scan.exe", 2, 1)));
        const std::string central_only = patched(patched(zip, "scan.pdf", "XXXX.XXX", 2, 1), "scan.pdf", "scan.exe", 1);
        CPPUNIT_ASSERT_EQUAL(kInconsistentMessage + "scan.exe", message_of(patched(central_only, "XXXX.XXX", "scan.pdf", 1)));
        StoredFile differs("a.pdf", kPdf);
        differs.local_name = "b.pdf";
        CPPUNIT_ASSERT_EQUAL(kInconsistentMessage + "a.pdf", message_of(make_stored_zip({differs})));
    }

    // An Info-ZIP Unicode Path field whose CRC matches the header's name replaces it in
    // libarchive's report, so a plain-ASCII name could be shown as anything.
    void unicode_path_field_cannot_rename() {
        StoredFile renamed("a.pdf", kPdf);
        renamed.local_extra = unicode_path_field("b.exe", "a.pdf");
        CPPUNIT_ASSERT_EQUAL(kInconsistentMessage + "b.exe", message_of(make_stored_zip({renamed})));
        StoredFile flagged("扫描件.pdf", kPdf);
        flagged.flags = 1u << 11;
        flagged.local_extra = unicode_path_field("扫描件.exe", "扫描件.pdf");
        CPPUNIT_ASSERT_EQUAL(kInconsistentMessage + "扫描件.exe", message_of(make_stored_zip({flagged})));
    }

    // The UTF-8 flag promises UTF-8: libarchive cannot convert other bytes and gives no name
    // at all (were it to guess one, it would differ from the stored bytes and be refused).
    void utf8_flag_on_other_bytes() {
        StoredFile wrong("\xb3\xc9\xbc\xa8.pdf", kPdf);  // GBK
        wrong.flags = 1u << 11;
        ASSERT_REFUSED(make_stored_zip({wrong}), "压缩包中有无法识别的文件名");
    }

    // The field's own NUL is just as invisible in libarchive's report ("a.pdf" here).
    void unicode_path_field_is_checked_raw() {
        StoredFile hidden("a.pdf", kPdf);
        hidden.local_extra = unicode_path_field(std::string("a.pdf\0.exe", 10), "a.pdf");
        CPPUNIT_ASSERT_EQUAL(kControlMessage + "a.pdf?.exe", message_of(make_stored_zip({hidden})));
    }

    // libarchive keeps one file per local header, so a second directory record for one
    // would be a name unzip tools list and nothing here checks.
    void two_records_for_one_file_are_refused() {
        StoredFile a("a.pdf", kPdf), b("b.pdf", kPdf), a_again("a.exe", "");
        a_again.shares_local_header_of = 0;
        ASSERT_REFUSED(make_stored_zip({a, a_again, b}), "zip 压缩包：文件已损坏");
        StoredFile b_again("b.exe", "");
        b_again.shares_local_header_of = 1;
        ASSERT_REFUSED(make_stored_zip({a, b, b_again}), "zip 压缩包：文件已损坏");
    }

    // libarchive returns files in local-header order whatever the directory's order.
    void directory_order_follows_local_headers() {
        const std::string j = jpeg();
        auto r = inspect_archive(make_stored_zip({{"a.pdf", kPdf}, {"b.jpg", j}}, {1, 0}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a.pdf"), r.entries[0].path);
        CPPUNIT_ASSERT_EQUAL(std::string("b.jpg"), r.entries[1].path);
    }

    void names_libarchive_may_change_are_accepted() {
        // Windows separators: libarchive turns '\' into '/' in a name without '/'.
        StoredFile windows("扫描件\\卡片.pdf", kPdf);
        windows.flags = 1u << 11;
        auto r = inspect_archive(make_stored_zip({windows}));
        CPPUNIT_ASSERT_EQUAL(std::string("扫描件/卡片.pdf"), r.entries[0].path);
        // A directory by its attributes gets a '/' added.
        StoredFile dir("scans", "");
        dir.dos_attributes = 0x10;
        r = inspect_archive(make_stored_zip({dir, {"scans/a.pdf", kPdf}}));
        CPPUNIT_ASSERT_EQUAL(std::string("scans/"), r.entries[0].path);
        CPPUNIT_ASSERT_EQUAL(std::string("directory"), r.entries[0].type);
        // A GBK name without the UTF-8 flag (成绩单.pdf from a Chinese Windows) is not UTF-8,
        // so it cannot be compared byte for byte; with a Unicode Path field it reads as UTF-8.
        const std::string gbk = "\xb3\xc9\xbc\xa8\xb5\xa5.pdf";
        r = inspect_archive(make_stored_zip({{gbk, kPdf}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.entries.size());
        StoredFile gbk_with_unicode(gbk, kPdf);
        gbk_with_unicode.local_extra = unicode_path_field("成绩单.pdf", gbk);
        r = inspect_archive(make_stored_zip({gbk_with_unicode}));
        CPPUNIT_ASSERT_EQUAL(std::string("成绩单.pdf"), r.entries[0].path);
    }

    void valid_names_are_still_accepted() {
        for (const char* options : {static_cast<const char*>(nullptr), "zip:hdrcharset=UTF-8"}) {
            auto r = inspect_archive(make_zip({{"成绩单.pdf", kPdf}, {"扫描件/卡片 1.jpg", jpeg()}}, options));
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.entries.size());
            CPPUNIT_ASSERT_EQUAL(std::string("成绩单.pdf"), r.entries[0].path);
            CPPUNIT_ASSERT_EQUAL(std::string("扫描件/卡片 1.jpg"), r.entries[1].path);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("成绩单.pdf"), inspect_archive(make_stored_zip({{"成绩单.pdf", kPdf}})).entries[0].path);
        CPPUNIT_ASSERT_EQUAL(std::string("card.pdf"), inspect_archive(make_rar4({{"card.pdf", kPdf}})).entries[0].path);
    }

    void trailing_dot_dot_is_refused() {
        ASSERT_REFUSED(make_zip({{"docs/..", kPdf}}), "路径不安全：docs/..");
        ASSERT_REFUSED(make_zip({{"a/..\\", kPdf}}), "路径不安全");
        ASSERT_REFUSED(make_zip({{"docs\\..", kPdf}}), "路径不安全");
        ASSERT_REFUSED(make_zip({{"..", kPdf}}), "路径不安全");
        ASSERT_REFUSED(make_zip({{"a.pdf", kPdf}, {"docs/../", "", AE_IFDIR}}), "路径不安全");
        ASSERT_REFUSED(make_rar4({{"docs\\..", kPdf}}), "路径不安全");
        // Dots that are not a ".." component are harmless.
        for (const char* fine : {"./a.pdf", "a/./b.pdf", "a/.../b.pdf", "..a.pdf", "a../b.pdf", ".hidden.pdf"})
            CPPUNIT_ASSERT_NO_THROW(inspect_archive(make_zip({{fine, kPdf}})));
    }

    void zip64_end_record_is_followed() {
        const std::string zip = make_zip({{"a.pdf", kPdf}, {"b.pdf", kPdf}}, "zip:zip64");
        CPPUNIT_ASSERT(zip.find(std::string("PK\x06\x07", 4)) != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), inspect_archive(zip).entries.size());
        ASSERT_REFUSED(patched(zip, "b.pdf", std::string("b\0pdf", 5)), "控制字符");
    }

    // Every single byte of the central directory and end records overwritten with values
    // that make lengths and offsets wild: the answer is a verdict, never a crash (ASan).
    void damaged_directory_never_crashes() {
        const std::string zip = make_zip({{"a.pdf", kPdf}, {"b/c.pdf", kPdf}}, "zip:zip64");
        const std::size_t central = zip.find(std::string("PK\x01\x02", 4));
        CPPUNIT_ASSERT(central != std::string::npos);
        for (std::size_t at = central; at < zip.size(); ++at) {
            for (const char value : {'\x00', '\x01', '\x7f', '\xff'}) {
                std::string broken = zip;
                broken[at] = value;
                try {
                    inspect_archive(broken);
                } catch (const ArchiveError&) {
                }
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ArchiveTest);
