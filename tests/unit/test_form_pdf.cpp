// test_form_pdf.cpp: CppUnit tests for common/domain/form_pdf, the 毕业生登记表 PDF: page count,
// A4 size, embedded subset fonts, the photo embedded as the very JPEG given, 自我鉴定 spilling
// onto page 2 without re-wrapping, long tables, empty optional fields, Chinese line-breaking
// rules (避头尾) next to Latin words, markup printed as text, malformed photos and missing
// fonts refused, several Renderers in several threads.
// Photos are made with libvips (tests/unit/test_images.hpp); the PDFs are read back with
// poppler's pdftotext and pdfinfo, which must be installed (poppler-utils). Fonts come from
// /usr/share/fonts/opentype/noto (fonts-noto-cjk).
#include "common/domain/form_pdf/form_pdf.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "common/domain/image.hpp"
#include "tests/unit/temp_dir.hpp"
#include "tests/unit/test_images.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace zk::form_pdf;

namespace {

const std::string kFontDir = "/usr/share/fonts/opentype/noto";

// One Renderer for the suite: building one loads the fonts, which takes a while.
const Renderer& renderer() {
    static const Renderer r(kFontDir);
    return r;
}

std::size_t count_chars(const std::string& s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// The first `n` code points of s.
std::string first_chars(const std::string& s, std::size_t n) {
    std::size_t i = 0;
    for (std::size_t k = 0; k < n && i < s.size(); ++k) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
    return s.substr(0, i);
}

std::string first_char(const std::string& s) { return first_chars(s, 1); }

std::string last_char(const std::string& s) {
    std::size_t i = s.size();
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    return i > 0 ? s.substr(i - 1) : std::string();
}

std::string without_newlines(std::string s) {
    std::erase(s, '\n');
    return s;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::size_t occurrences(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
    return n;
}

const std::array<std::string, 14> kClosing = {"，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "』", "”", "’", "…"};
const std::array<std::string, 6> kOpening = {"（", "《", "「", "『", "“", "‘"};

template <class Set>
bool in(const Set& set, const std::string& c) {
    for (const std::string& s : set)
        if (s == c) return true;
    return false;
}

const char* const kEvaluation500 =
    "本人自参加高等教育自学考试以来，始终坚持党的基本路线，认真学习马克思列宁主义、毛泽东思想和中国特色社会主义理论体系，"
    "关心国家大事，遵纪守法，诚实守信，积极参加单位组织的政治理论学习和志愿服务活动，思想上要求进步，政治立场坚定，"
    "具有良好的道德品质和社会公德意识，在单位和社区中起到了党员的模范带头作用。\n"
    "在工作中，本人热爱本职岗位，服从领导安排，团结同事，认真负责地完成各项工作任务。工作之余，我合理安排时间，"
    "克服工学矛盾，坚持利用业余时间系统学习专业课程，按照考试计划逐门报考，先后通过了全部课程的考试。在学习过程中，"
    "我注重理论联系实际，把所学的新闻采写、编辑和传播理论运用到单位的宣传工作中，撰写的十余篇稿件被市级媒体采用，"
    "工作能力和业务水平得到明显提高，多次被单位评为先进工作者。\n"
    "通过几年的自学考试，我不仅掌握了本专业的基础理论和基本技能，更培养了自主学习、独立思考和坚持不懈的品质，"
    "也深刻体会到终身学习的重要意义。当然，我也清醒地认识到自己还存在一些不足，例如理论功底还不够扎实，"
    "写作水平有待提高。今后我将继续努力学习，不断更新知识结构，以更加饱满的热情投入到工作中，为社会和单位作出更大的贡献。";

// About `n` characters of plausible 自我鉴定, in paragraphs of about 300, ending with "。".
std::string evaluation_of(std::size_t n) {
    static const std::array<std::string, 6> sentences = {
        "我始终严格要求自己，认真学习党的理论和方针政策，不断提高自身的政治素质和思想觉悟。",
        "在工作岗位上，我踏实肯干，勤于钻研，主动承担急难险重任务，多次受到领导和同事的好评。",
        "为了提高自身的专业水平，我利用业余时间参加高等教育自学考试，系统学习了本专业的全部课程。",
        "学习中遇到困难时，我虚心向老师和同学请教，坚持做好笔记，认真完成每一次作业和练习。",
        "通过自学考试，我的知识结构更加完善，分析问题和解决问题的能力也有了明显的提高。",
        "今后我将继续努力，把所学知识运用到实际工作中，以实际行动回报社会和单位的培养。"};
    std::string text;
    std::size_t since_break = 0;
    for (std::size_t i = 0; count_chars(text) - std::count(text.begin(), text.end(), '\n') < n; ++i) {
        const std::string& s = sentences[i % sentences.size()];
        if (since_break > 300) {
            text += '\n';
            since_break = 0;
        }
        text += s;
        since_break += count_chars(s);
    }
    // Cut to exactly n characters (newlines not counted) and end on a full stop.
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size() && chars < n;) {
        std::size_t len = 1;
        while (i + len < text.size() && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) ++len;
        if (text[i] != '\n') ++chars;
        out.append(text, i, len);
        i += len;
    }
    out = out.substr(0, out.size() - last_char(out).size()) + "。";
    return out;
}

Form typical_form() {
    Form f;
    f.majors = {{"山西大学", "汉语言文学(本科)"}};
    f.name = "王晓明";
    f.gender = "男";
    f.birth_date = "1996年03月12日";
    f.ethnicity = "汉族";
    f.political_status = "中共党员";
    f.health = "健康";
    f.id_number = "140105199603121234";
    f.native_place = "山西太原";
    f.education = "大学专科";
    f.occupation = "职员";
    f.work_start = "2017年07月";
    f.employer = "太原市小店区融媒体中心";
    f.phone = "13912345678";
    f.address = "山西省太原市小店区长治路111号山西转型综合改革示范区2号楼3单元502室";
    f.ticket_no = "010116100123";
    f.photo_jpeg = zk::test::make_portrait_jpeg(480, 640, {150, 200, 240}, {230, 190, 170});
    f.resume = {{"2002年09月", "2008年07月", "太原市小店区北格镇中心小学 学习"},
                {"2008年09月", "2011年07月", "太原市第四十八中学 学习"},
                {"2011年09月", "2014年07月", "太原市第五中学 学习"},
                {"2014年09月", "2017年07月", "山西职业技术学院 计算机应用技术专业 学习"},
                {"2017年07月", "2019年12月", "太原市小店区文化馆 职员"},
                {"2020年01月", "至今", "太原市小店区融媒体中心 编辑"},
                {"2019年04月", "2023年06月", "山西大学 汉语言文学专业 高等教育自学考试（本科）"}};
    f.family = {{"王建国", "父亲", "太原重型机械集团有限公司", "工程师"},
                {"李秀英", "母亲", "太原市小店区北格镇中心小学", "教师"},
                {"赵丽", "妻子", "山西省人民医院", "护士"}};
    f.rewards = "2021年被评为太原市小店区优秀共产党员";
    f.self_evaluation = kEvaluation500;
    f.footer = "生成时间：2026-12-02 10:30:00　编号：GA-2026-000123";
    return f;
}

// What a poppler tool prints for the PDF, written to a private temporary file first:
// `command` holds "{}" where the file's path goes.
std::string poppler(const std::string& command, const std::string& pdf) {
    zk::test::TempDir dir;
    const std::string path = dir.file("form.pdf");
    {
        std::ofstream out(path, std::ios::binary);
        out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
    }
    std::string cmd = command;
    cmd.replace(cmd.find("{}"), 2, "'" + path + "'");
    cmd += " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("popen failed: " + cmd);
    std::string text;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0;) text.append(buf, n);
    return text;
}

std::string pdf_text(const std::string& pdf) { return poppler("pdftotext -enc UTF-8 {} -", pdf); }
std::string pdf_info(const std::string& pdf) { return poppler("pdfinfo -enc UTF-8 {}", pdf); }

// The PDF without its one varying line (cairo writes the creation time).
std::string without_date(const std::string& pdf) {
    return std::regex_replace(pdf, std::regex("/CreationDate \\(D:[0-9]+Z?\\)"), "");
}

}  // namespace

class FormPdfTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FormPdfTest);
    CPPUNIT_TEST(typical_form_is_one_a4_page_with_subset_fonts);
    CPPUNIT_TEST(photo_is_embedded_as_the_given_jpeg);
    CPPUNIT_TEST(long_self_evaluation_continues_on_page_two);
    CPPUNIT_TEST(many_rows_and_long_text_still_lay_out);
    CPPUNIT_TEST(empty_optional_fields_make_one_page);
    CPPUNIT_TEST(two_majors_are_both_printed);
    CPPUNIT_TEST(chinese_line_breaking_rules_hold);
    CPPUNIT_TEST(unbreakable_latin_keeps_punctuation_rules);
    CPPUNIT_TEST(markup_is_printed_literally);
    CPPUNIT_TEST(text_is_cleaned_before_layout);
    CPPUNIT_TEST(overlong_values_stay_in_the_pdf_text);
    CPPUNIT_TEST(malformed_photos_are_refused);
    CPPUNIT_TEST(missing_fonts_are_refused);
    CPPUNIT_TEST(renderers_in_parallel_threads_agree);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { zk::image::init(); }

    void typical_form_is_one_a4_page_with_subset_fonts() {
        const Rendered r = renderer().render(typical_form());
        CPPUNIT_ASSERT_EQUAL(1, r.pages);
        CPPUNIT_ASSERT(r.pdf.rfind("%PDF-", 0) == 0);
        std::smatch m;
        CPPUNIT_ASSERT(std::regex_search(r.pdf, m, std::regex("/MediaBox \\[ *0 0 ([0-9.]+) ([0-9.]+) *\\]")));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(595.276, std::stod(m[1]), 0.01);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(841.89, std::stod(m[2]), 0.01);
        // Every font is a subset ("ABCDEF+Name") of the Simplified Chinese Noto Serif CJK.
        const std::regex font_name("/FontName /([A-Z]{6})\\+([A-Za-z-]+)");
        int fonts = 0;
        for (auto it = std::sregex_iterator(r.pdf.begin(), r.pdf.end(), font_name); it != std::sregex_iterator(); ++it) {
            ++fonts;
            CPPUNIT_ASSERT(contains((*it)[2], "NotoSerifCJKsc"));
        }
        CPPUNIT_ASSERT(fonts >= 1);
        CPPUNIT_ASSERT(contains(r.pdf, "/FontFile3"));  // embedded
        const std::string info = pdf_info(r.pdf);
        CPPUNIT_ASSERT(std::regex_search(info, std::regex("Title: +山西省高等教育自学考试毕业生登记表\n")));
        CPPUNIT_ASSERT(std::regex_search(info, std::regex("Pages: +1\n")));
        const std::string text = without_newlines(pdf_text(r.pdf));
        CPPUNIT_ASSERT(contains(text, "山西省高等教育自学考试毕业生登记表"));
        CPPUNIT_ASSERT(contains(text, "140105199603121234"));
        CPPUNIT_ASSERT(contains(text, "本人签字"));
        CPPUNIT_ASSERT(contains(text, "第1页／共1页"));
        CPPUNIT_ASSERT(!contains(text, "续见"));
    }

    void photo_is_embedded_as_the_given_jpeg() {
        const Form f = typical_form();
        const Rendered r = renderer().render(f);
        CPPUNIT_ASSERT(contains(r.pdf, "/DCTDecode"));
        CPPUNIT_ASSERT(contains(r.pdf, f.photo_jpeg));  // not re-encoded: the very bytes
        CPPUNIT_ASSERT(contains(r.pdf, "/Width 480"));
        CPPUNIT_ASSERT(contains(r.pdf, "/Height 640"));
    }

    void long_self_evaluation_continues_on_page_two() {
        Form f = typical_form();
        f.self_evaluation = evaluation_of(1800);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1800}, count_chars(without_newlines(f.self_evaluation)));
        const Rendered r = renderer().render(f);
        CPPUNIT_ASSERT_EQUAL(2, r.pages);

        const std::vector<std::string> lines = renderer().self_evaluation_lines(f.self_evaluation);
        CPPUNIT_ASSERT(lines.size() > 20);
        std::string joined;
        for (const std::string& l : lines) joined += l;
        CPPUNIT_ASSERT_EQUAL(without_newlines(f.self_evaluation), joined);

        const std::string text = pdf_text(r.pdf);
        const std::size_t page_break = text.find('\f');
        CPPUNIT_ASSERT(page_break != std::string::npos);
        const std::string page1 = without_newlines(text.substr(0, page_break));
        const std::string page2 = without_newlines(text.substr(page_break));
        CPPUNIT_ASSERT(contains(page1, "（续见第2页）"));
        CPPUNIT_ASSERT(!contains(page1, "本人签字"));
        CPPUNIT_ASSERT(contains(page2, "自我鉴定（续）"));
        CPPUNIT_ASSERT(contains(page2, "本人签字"));
        CPPUNIT_ASSERT(contains(page2, "第2页／共2页"));
        // The last line of the text is on page 2, the first on page 1.
        CPPUNIT_ASSERT(contains(page1, lines.front()));
        CPPUNIT_ASSERT(contains(page2, lines.back()));
    }

    void many_rows_and_long_text_still_lay_out() {
        Form f = typical_form();
        f.majors.push_back({"太原理工大学", "计算机科学与技术(本科)"});
        f.resume.clear();
        for (int i = 0; i < 10; ++i)
            f.resume.push_back({std::to_string(2000 + i) + "年09月", std::to_string(2001 + i) + "年07月",
                                "山西省太原市某某区某某街道某某单位第" + std::to_string(i + 1) +
                                    "分部综合管理办公室 学习与工作 负责文字材料的起草和审核"});
        f.family.clear();
        for (int i = 0; i < 6; ++i) f.family.push_back({"家庭成员" + std::to_string(i), "亲属", "山西省某某有限公司", "职员"});
        f.self_evaluation = evaluation_of(2000);
        Rendered r;
        CPPUNIT_ASSERT_NO_THROW(r = renderer().render(f));
        CPPUNIT_ASSERT(r.pages >= 2);
        CPPUNIT_ASSERT(r.pages <= 3);
        // One row more than the form has does not print a broken page.
        Form more = f;
        more.resume.push_back(f.resume.back());
        CPPUNIT_ASSERT_THROW(renderer().render(more), std::runtime_error);
        more = f;
        more.family.push_back(f.family.back());
        CPPUNIT_ASSERT_THROW(renderer().render(more), std::runtime_error);
        const std::string text = without_newlines(pdf_text(r.pdf));
        CPPUNIT_ASSERT(contains(text, "第10分部"));
        CPPUNIT_ASSERT(contains(text, "家庭成员5"));
        CPPUNIT_ASSERT(contains(text, "第" + std::to_string(r.pages) + "页／共" + std::to_string(r.pages) + "页"));
    }

    void empty_optional_fields_make_one_page() {
        Form f = typical_form();
        f.photo_jpeg.clear();
        f.rewards.clear();
        f.family.clear();
        f.handwritten = true;
        f.self_evaluation = evaluation_of(1800);  // ignored when handwritten
        const Rendered r = renderer().render(f);
        CPPUNIT_ASSERT_EQUAL(1, r.pages);
        CPPUNIT_ASSERT(!contains(r.pdf, "/DCTDecode"));
        const std::string text = without_newlines(pdf_text(r.pdf));
        CPPUNIT_ASSERT(contains(text, "照片"));
        CPPUNIT_ASSERT(contains(text, "二寸彩色近照"));
        CPPUNIT_ASSERT(contains(text, "无"));  // rewards
        CPPUNIT_ASSERT(contains(text, "本人签字"));
        CPPUNIT_ASSERT(!contains(text, first_chars(f.self_evaluation, 12)));
    }

    void two_majors_are_both_printed() {
        Form f = typical_form();
        f.majors = {{"山西大学", "汉语言文学(本科)"}, {"山西财经大学", "会计学(本科)"}};
        const Rendered r = renderer().render(f);
        const std::string text = without_newlines(pdf_text(r.pdf));
        CPPUNIT_ASSERT(contains(text, "汉语言文学(本科)"));
        CPPUNIT_ASSERT(contains(text, "山西财经大学"));
        CPPUNIT_ASSERT(contains(text, "会计学(本科)"));
    }

    // 避头尾 at every position of the sentence against the line end: no line starts with
    // closing punctuation or ends with opening punctuation, no Latin word is cut, no line
    // leaves the box, and the lines are the text.
    void chinese_line_breaking_rules_hold() {
        const std::string sentence = "我熟练使用PostgreSQL和C++，参加了“互联网+”大赛（获奖）。";
        for (int shift = 0; shift < 48; ++shift) {
            std::string text;
            for (int i = 0; i < shift; ++i) text += "学";
            for (int i = 0; i < 12; ++i) text += sentence + (i == 5 ? "\n" : "");
            check_breaking(text, "shift " + std::to_string(shift));
        }
    }

    // Pango falls back to character breaks inside a word longer than a line, and then
    // (without the renderer's glue attributes) breaks before "，" or after "“" too: with
    // 77 × "a" below, pango alone starts a line with "，" and ends one with "“".
    void unbreakable_latin_keeps_punctuation_rules() {
        for (std::size_t len = 60; len < 100; ++len) {
            const std::string word(len, 'a');
            for (int shift = 0; shift < 3; ++shift)
                check_breaking(std::string(static_cast<std::size_t>(shift), 'b') + word + "，" + word + "。（" + word +
                                   "）“" + word + "”",
                               "word of " + std::to_string(len) + ", shift " + std::to_string(shift));
        }
        std::string url = "https://example.edu.cn/";
        for (int i = 0; i < 15; ++i) url += "abcdefghij";
        for (int shift = 0; shift < 48; shift += 3) {
            std::string text;
            for (int i = 0; i < shift; ++i) text += "学";
            text += "材料见（" + url + "），“" + url + "”……" + url + "。" + url + "、（《" + url + "》）";
            check_breaking(text, "url shift " + std::to_string(shift));
        }
    }

    void markup_is_printed_literally() {
        Form f = typical_form();
        f.name = "<b>王晓明</b>";
        f.employer = "<script>alert(1)</script>";
        f.address = "太原市&amp;小店区 <i>长治路</i>";
        f.self_evaluation = "我在<script>alert(1)</script>中写过代码。&amp; 与 &lt; 原样打印。\n" + std::string(kEvaluation500);
        const Rendered r = renderer().render(f);
        const std::string text = without_newlines(pdf_text(r.pdf));
        CPPUNIT_ASSERT(contains(text, "<b>王晓明</b>"));
        CPPUNIT_ASSERT(contains(text, "<script>alert(1)</script>"));
        CPPUNIT_ASSERT(contains(text, "太原市&amp;小店区 <i>长治路</i>"));
        CPPUNIT_ASSERT(contains(text, "我在<script>alert(1)</script>中写过代码。&amp; 与 &lt; 原样打印。"));
        CPPUNIT_ASSERT(contains(text, "通过几年的自学考试，我不仅掌握了本专业的基础理论和基本技能"));
    }

    void text_is_cleaned_before_layout() {
        // CR LF, blank lines, indentation typed by the examinee, control characters, a bidi
        // override and invalid UTF-8.
        const std::string raw = "\r\n　　第一段。\r\n\r\n\r\n  第二段\u202e倒置\u202c文字\x07。\n\xff\xfe第三段。  \n";
        const std::vector<std::string> lines = renderer().self_evaluation_lines(raw);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("第一段。"), lines[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("第二段倒置文字。"), lines[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("\uFFFD\uFFFD第三段。"), lines[2]);
        CPPUNIT_ASSERT(renderer().self_evaluation_lines("").empty());
        CPPUNIT_ASSERT(renderer().self_evaluation_lines(" \n　\n").empty());
    }

    void overlong_values_stay_in_the_pdf_text() {
        // Values far too long for their cells shrink, wrap and are finally cut with "…",
        // and rendering still succeeds.
        Form f = typical_form();
        f.name = "阿卜杜热合曼·买买提艾力·司马义·吐尔逊江";
        f.address = std::string(300, 'x');
        f.employer.clear();
        for (int i = 0; i < 40; ++i) f.employer += "山西省太原市某某区某某单位";
        f.rewards = f.employer;
        Rendered r;
        CPPUNIT_ASSERT_NO_THROW(r = renderer().render(f));
        CPPUNIT_ASSERT_EQUAL(1, r.pages);
        // (The text of an ellipsised value is still all in the PDF: cairo maps the "…"
        // glyph to the characters it stands for.)
        const std::string text = without_newlines(pdf_text(r.pdf));
        CPPUNIT_ASSERT(contains(text, "阿卜杜热合曼·买买提艾力·司马义·吐尔逊江"));
        CPPUNIT_ASSERT(contains(text, "xxxxxxxxxx"));
    }

    void malformed_photos_are_refused() {
        const std::string good = zk::test::make_portrait_jpeg(480, 640, {150, 200, 240}, {230, 190, 170});
        std::vector<std::pair<std::string, std::string>> bad = {
            {"truncated", good.substr(0, good.size() / 2)},
            {"no end marker", good.substr(0, good.size() - 2)},
            {"header only", good.substr(0, 200)},
            {"PNG", zk::test::make_png(48, 64, zk::test::solid({1, 2, 3}))},
            {"SOI alone", std::string("\xFF\xD8", 2)},
            {"trailing bytes", good + "garbage"},
            {"random", std::string(5000, '\x5a')},
        };
        // A frame header claiming 60000 pixels across.
        std::string huge = good;
        const std::size_t sof = huge.find("\xFF\xC0");
        CPPUNIT_ASSERT(sof != std::string::npos);
        huge[sof + 7] = static_cast<char>(0xEA);
        huge[sof + 8] = static_cast<char>(0x60);
        bad.emplace_back("huge", huge);
        for (const auto& [what, bytes] : bad) {
            Form f = typical_form();
            f.photo_jpeg = bytes;
            CPPUNIT_ASSERT_THROW_MESSAGE(what, renderer().render(f), std::runtime_error);
        }
        // Grey and progressive JPEGs are fine.
        Form f = typical_form();
        zk::test::VipsImagePtr grey = zk::test::make_image(60, 80, zk::test::gradient(60, 80));
        VipsImage* one = nullptr;
        CPPUNIT_ASSERT_EQUAL(0, vips_colourspace(grey.get(), &one, VIPS_INTERPRETATION_B_W, nullptr));
        zk::test::VipsImagePtr b_w(one);
        f.photo_jpeg = zk::test::save_jpeg(b_w.get());
        CPPUNIT_ASSERT(contains(renderer().render(f).pdf, f.photo_jpeg));
        void* buf = nullptr;
        std::size_t len = 0;
        const int rc = vips_jpegsave_buffer(grey.get(), &buf, &len, "interlace", TRUE, nullptr);
        f.photo_jpeg = zk::test::take_buffer(rc, buf, len, "progressive jpegsave");
        CPPUNIT_ASSERT(contains(f.photo_jpeg, "\xFF\xC2"));
        CPPUNIT_ASSERT(contains(renderer().render(f).pdf, f.photo_jpeg));
    }

    void missing_fonts_are_refused() {
        zk::test::TempDir dir;
        try {
            const Renderer r(dir.dir());
            CPPUNIT_FAIL("a Renderer without fonts was built");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT(contains(e.what(), dir.file("NotoSerifCJK-Regular.ttc")));
        }
        // A file of that name that is no font.
        std::ofstream(dir.file("NotoSerifCJK-Regular.ttc")) << "not a font";
        try {
            const Renderer r(dir.dir());
            CPPUNIT_FAIL("a Renderer with a broken font was built");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT(contains(e.what(), "NotoSerifCJK-Regular.ttc"));
        }
    }

    // Renderers of their own in several threads at once produce what one thread produces.
    void renderers_in_parallel_threads_agree() {
        const Form f = typical_form();
        const std::string expected = without_date(renderer().render(f).pdf);
        constexpr int kThreads = 3;
        std::vector<std::string> results(kThreads);
        std::vector<std::string> errors(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                try {
                    const Renderer own(kFontDir);
                    for (int i = 0; i < 2; ++i) results[static_cast<std::size_t>(t)] = without_date(own.render(f).pdf);
                } catch (const std::exception& e) {
                    errors[static_cast<std::size_t>(t)] = e.what();
                }
            });
        for (std::thread& t : threads) t.join();
        for (int t = 0; t < kThreads; ++t) {
            CPPUNIT_ASSERT_EQUAL(std::string(), errors[static_cast<std::size_t>(t)]);
            CPPUNIT_ASSERT(expected == results[static_cast<std::size_t>(t)]);
        }
    }

private:
    void check_breaking(const std::string& text, const std::string& where) {
        const Renderer::TextColumn column = renderer().self_evaluation_layout(text);
        CPPUNIT_ASSERT_MESSAGE(where, column.lines.size() > 1);
        std::string joined;
        for (std::size_t i = 0; i < column.lines.size(); ++i) {
            const Renderer::LineExtent& line = column.lines[i];
            const std::string msg = where + ", line " + std::to_string(i) + ": " + line.text;
            CPPUNIT_ASSERT_MESSAGE(msg, !line.text.empty());
            CPPUNIT_ASSERT_MESSAGE(msg, !in(kClosing, first_char(line.text)));
            CPPUNIT_ASSERT_MESSAGE(msg, !in(kOpening, last_char(line.text)));
            CPPUNIT_ASSERT_MESSAGE(msg, line.left >= -0.01);
            CPPUNIT_ASSERT_MESSAGE(msg, line.right <= column.width + 0.01);
            joined += line.text;
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, without_newlines(text), joined);
        // Latin words that fit on a line are never cut.
        std::size_t whole = 0;
        for (const Renderer::LineExtent& line : column.lines) whole += occurrences(line.text, "PostgreSQL");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, occurrences(text, "PostgreSQL"), whole);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FormPdfTest);
