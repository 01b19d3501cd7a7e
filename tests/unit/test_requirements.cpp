// test_requirements.cpp: docs/requirements.md against the source tree. Every requirement
// tag a file cites (ACC-3, AUD-5, …) must be listed there, and every entry there must be a
// tag of the specification's numbering, under its own section's heading, once. Reads the
// checkout at ZIKAO_SOURCE_DIR: the top-level places SPEC §1 allows (source, templates,
// SQL, nginx, systemd, tests, docs, README, build files), text files only.
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kSource{ZIKAO_SOURCE_DIR};
const fs::path kList{"docs/requirements.md"};
const fs::path kSelf{"tests/unit/test_requirements.cpp"};  // its examples cite nothing

// The section prefixes of the specification (SPEC.md is not kept in the repository).
// Only these make a tag, so "UTF-8", "SHA-256", "AES-256", "ISO-8859" or "%PDF-1.4" never do.
const std::set<std::string, std::less<>> kPrefixes{"ACC", "CTR", "CHSI", "AUD", "APP", "SUB", "PHO", "REV",
                                                   "PAY", "REG", "OPS", "LEG", "SEC", "PERF", "UI"};

// Where a tag may be cited (the layout of SPEC §1); build/, var/ and .git are not walked.
const std::vector<std::string> kRoots{"common", "modules",   "templates", "sql",        "nginx",
                                      "systemd", "tests",    "docs",      ".ci",        "README.md",
                                      "Makefile", "CMakeLists.txt", "BENCHMARKS.md"};

// Text files people write; data (CSV, images, fuzz inputs, package-lock.json) is left out.
const std::set<std::string, std::less<>> kTextExtensions{
    ".cpp", ".hpp", ".h",      ".c",      ".sql",    ".py",     ".sh",       ".mjs",      ".js",
    ".md",  ".in",  ".conf",   ".service", ".socket", ".timer", ".target",   ".path",     ".tpl",
    ".html", ".css", ".txt",   ".cmake",  ".yml",    ".yaml",   ".tmpfiles", ".sysusers"};
const std::set<std::string, std::less<>> kTextNames{"Makefile", "README", "CMakeLists.txt"};

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool word_char(char c) { return upper(c) || digit(c) || (c >= 'a' && c <= 'z') || c == '_'; }

// The tags in one line of text: a known prefix, '-', digits, glued to no letter or digit
// on either side ("GUI-1" and "ACC-1x" are not tags; "ACC-3..ACC-5" holds two).
std::vector<std::string> tags_in(std::string_view line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < line.size()) {
        if (!upper(line[i]) || (i > 0 && word_char(line[i - 1]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < line.size() && upper(line[j])) ++j;
        if (j + 1 < line.size() && line[j] == '-' && digit(line[j + 1]) && kPrefixes.count(line.substr(i, j - i))) {
            std::size_t k = j + 1;
            while (k < line.size() && digit(line[k])) ++k;
            if (k == line.size() || !word_char(line[k])) out.emplace_back(line.substr(i, k - i));
        }
        i = j;
    }
    return out;
}

bool is_text_file(const fs::path& p) {
    return kTextNames.count(p.filename().string()) || kTextExtensions.count(p.extension().string());
}

// tag -> where it is first cited ("path:line"), over every text file under kRoots except
// the list and this file.
struct Citations {
    std::map<std::string, std::string> first_seen;
    int files = 0;
};

void scan_file(const fs::path& file, Citations& out) {
    const fs::path rel = file.lexically_relative(kSource);
    if (rel == kList || rel == kSelf) return;
    std::ifstream in(file, std::ios::binary);
    CPPUNIT_ASSERT_MESSAGE("cannot read " + file.string(), in.good());
    ++out.files;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        for (const auto& tag : tags_in(line)) out.first_seen.emplace(tag, rel.string() + ":" + std::to_string(n));
}

Citations scan_tree() {
    Citations out;
    for (const auto& root : kRoots) {
        const fs::path top = kSource / root;
        if (fs::is_regular_file(top)) {
            scan_file(top, out);
            continue;
        }
        if (!fs::is_directory(top)) continue;
        for (auto it = fs::recursive_directory_iterator(top); it != fs::recursive_directory_iterator(); ++it) {
            if (it->is_directory() && it->path().filename() == "node_modules") {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file() && is_text_file(it->path())) scan_file(it->path(), out);
        }
    }
    return out;
}

struct Entry {
    std::string tag;
    std::string section;  // the prefix in the heading above it, e.g. "ACC" for "## 2. … (ACC)"
    int line = 0;
};

// Entries are lines "- **TAG** …"; headings "## N. Title (PREFIX)" open a section.
std::vector<Entry> read_list(const fs::path& file) {
    std::ifstream in(file);
    CPPUNIT_ASSERT_MESSAGE("cannot read " + file.string(), in.good());
    std::vector<Entry> out;
    std::string line, section;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.rfind("## ", 0) == 0) {
            const auto open = line.rfind('('), close = line.rfind(')');
            section = (open != std::string::npos && close == line.size() - 1) ? line.substr(open + 1, close - open - 1)
                                                                             : std::string{};
        } else if (line.rfind("- **", 0) == 0) {
            const auto end = line.find("**", 4);
            out.push_back(Entry{line.substr(4, end == std::string::npos ? std::string::npos : end - 4), section, n});
        }
    }
    return out;
}

// Why an entry is not a tag of the specification's numbering under its own heading, or "".
std::string entry_problem(const Entry& e) {
    const auto dash = e.tag.find('-');
    if (dash == std::string::npos || !kPrefixes.count(e.tag.substr(0, dash))) return "not a SPEC section prefix";
    const std::string number = e.tag.substr(dash + 1);
    if (number.empty() || number[0] == '0' || number.find_first_not_of("0123456789") != std::string::npos)
        return "not a requirement number";
    if (tags_in(e.tag) != std::vector<std::string>{e.tag}) return "not a tag";
    if (e.tag.substr(0, dash) != e.section) return "listed under the section (" + e.section + ")";
    return "";
}

}  // namespace

class RequirementsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RequirementsTest);
    CPPUNIT_TEST(testTagsAreSpecPrefixesOnly);
    CPPUNIT_TEST(testEntryChecks);
    CPPUNIT_TEST(testListedTagsFollowSpecNumbering);
    CPPUNIT_TEST(testEveryCitedTagIsListed);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTagsAreSpecPrefixesOnly() {
        const auto found = tags_in(
            "UTF-8, SHA-256, AES-256-GCM, ISO-8859-1, GB-11643, %PDF-1.4, CRC-32, GUI-1, ACC-1x, acc-1, "
            "(ACC-3..ACC-5), AUD-1 … AUD-7, 添加顶替英语二课程 (SUB-1, AUD-3).\n\"CHSI-4 / APP-8\" UI-2");
        const std::vector<std::string> want{"ACC-3", "ACC-5", "AUD-1", "AUD-7", "SUB-1", "AUD-3", "CHSI-4", "APP-8", "UI-2"};
        CPPUNIT_ASSERT(found == want);
        CPPUNIT_ASSERT(tags_in("ACC-").empty());
        CPPUNIT_ASSERT(tags_in("PERF-2").size() == 1);
    }

    void testEntryChecks() {
        CPPUNIT_ASSERT_EQUAL(std::string{}, entry_problem(Entry{"ACC-3", "ACC", 1}));
        CPPUNIT_ASSERT_EQUAL(std::string{"not a SPEC section prefix"}, entry_problem(Entry{"UTF-8", "ACC", 1}));
        CPPUNIT_ASSERT_EQUAL(std::string{"not a SPEC section prefix"}, entry_problem(Entry{"ACC3", "ACC", 1}));
        CPPUNIT_ASSERT_EQUAL(std::string{"not a requirement number"}, entry_problem(Entry{"ACC-03", "ACC", 1}));
        CPPUNIT_ASSERT_EQUAL(std::string{"not a requirement number"}, entry_problem(Entry{"ACC-3a", "ACC", 1}));
        CPPUNIT_ASSERT_EQUAL(std::string{"listed under the section (AUD)"}, entry_problem(Entry{"ACC-3", "AUD", 1}));
    }

    void testListedTagsFollowSpecNumbering() {
        const auto entries = read_list(kSource / kList);
        CPPUNIT_ASSERT_MESSAGE("docs/requirements.md lists no requirement", !entries.empty());
        std::set<std::string> seen;
        std::ostringstream bad;
        for (const auto& e : entries) {
            if (const auto why = entry_problem(e); !why.empty())
                bad << "\n  docs/requirements.md:" << e.line << ": " << e.tag << ": " << why;
            if (!seen.insert(e.tag).second) bad << "\n  docs/requirements.md:" << e.line << ": " << e.tag << " listed twice";
        }
        CPPUNIT_ASSERT_MESSAGE("entries that are not requirements of the SPEC:" + bad.str(), bad.str().empty());
    }

    void testEveryCitedTagIsListed() {
        std::set<std::string> listed;
        for (const auto& e : read_list(kSource / kList)) listed.insert(e.tag);
        const Citations cited = scan_tree();
        CPPUNIT_ASSERT_MESSAGE("the source tree was not found at " + kSource.string(), cited.files > 50);
        CPPUNIT_ASSERT_MESSAGE("no requirement tag is cited anywhere: is the scan broken?", !cited.first_seen.empty());
        std::ostringstream missing;
        for (const auto& [tag, where] : cited.first_seen)
            if (!listed.count(tag)) missing << "\n  " << tag << " (cited in " << where << ")";
        CPPUNIT_ASSERT_MESSAGE("tags cited but not listed in docs/requirements.md:" + missing.str(), missing.str().empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequirementsTest);
