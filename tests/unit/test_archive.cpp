// test_archive.cpp: CppUnit tests for common/archive (SUB-3): archives are built in memory
// with libarchive's writer (zip) or byte by byte (a stored-file RAR 4 archive, which
// libarchive cannot write), then inspected: a valid zip of a JPEG and a PDF, a rar
// (also under a .zip name, which changes nothing: the type is the content's), unsafe
// paths, links, nested and encrypted archives, a zip bomb, an executable inside, too
// many entries, too many bytes, damaged and non-archive input.
#include "common/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <cppunit/extensions/HelperMacros.h>

#include <clocale>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/image.hpp"
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
    CPPUNIT_TEST(too_many_entries);
    CPPUNIT_TEST(too_big);
    CPPUNIT_TEST(empty_archive);
    CPPUNIT_TEST(entries_json_escapes);
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(ArchiveTest);
