// form_pdf.hpp: 《山西省高等教育自学考试毕业生登记表》 as an A4 PDF (REG-3), made in memory
// with pango + cairo from one CJK font family that is embedded and subsetted.
// A library of its own, like the eligibility engine: it includes nothing of the project,
// reads no database and no clock; everything printed comes in the Form (already checked
// and decrypted by the caller). Text is laid out as plain text, never as markup, so
// "<script>" in a field is printed as those characters.
// Page 1 is the form: heading, personal data with the graduation photo, 个人简历, family,
// 奖励或处分, 自我鉴定 with the signature line, and the office-use boxes. A 自我鉴定 longer
// than its box continues on page 2 (自我鉴定（续）), where the signature line then goes.
// A Renderer is used by one thread at a time (the caller keeps a pool); it is expensive to
// build (font set-up) and cheap to reuse.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace zk::form_pdf {

struct ResumeRow {
    std::string from, to, place;  // as printed: "2010年09月01日", "至今", "太原市第五中学 学习"
};
struct FamilyMember {
    std::string name, relation, employer, position;  // 姓名, 称谓, 工作单位, 职务 ("" prints blank)
};
struct AppliedMajor {
    std::string institution, major;  // 山西大学, 新闻学(专科)
};

struct Form {
    std::vector<AppliedMajor> majors;  // one or two
    std::string name, gender, birth_date, ethnicity, political_status, health, id_number, native_place,
        education, occupation, work_start, employer, phone, address, ticket_no;
    bool overseas_relative = false;  // 是否华侨、港澳、台属
    std::string photo_jpeg;          // the 480×640 graduation photo; "" prints an empty 照片 box
    std::vector<ResumeRow> resume;   // 1 … 10
    std::vector<FamilyMember> family;  // 0 … 6
    std::string rewards;             // "" prints 无
    std::string self_evaluation;     // paragraphs separated by '\n'; ignored when handwritten
    bool handwritten = false;        // 打印后手写: a ruled blank area instead of text
    std::string footer;              // small print at the foot of every page (generation time etc.)
};

struct Rendered {
    std::string pdf;
    int pages = 0;
};

class Renderer {
public:
    // `font_dir` holds the Noto CJK collections (NotoSerifCJK-Regular.ttc, NotoSerifCJK-Bold.ttc);
    // only these files are used, whatever else fontconfig knows. Throws std::runtime_error
    // when a font is missing.
    explicit Renderer(const std::string& font_dir);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Throws std::runtime_error when the photo cannot be decoded or cairo fails, and when
    // the form has more rows than page 1 holds (over two majors, ten résumé rows or six
    // family members).
    Rendered render(const Form& form) const;

    // The lines 自我鉴定 breaks into at the width of its box (for tests of line breaking).
    // The text is cleaned first as render() cleans it: '\r' and control characters dropped,
    // runs of '\n' made one, white space around paragraphs trimmed (they are indented by
    // two characters anyway).
    std::vector<std::string> self_evaluation_lines(const std::string& text) const;

    // The same lines with their horizontal extent, for tests that no line leaves the box.
    struct LineExtent {
        std::string text;
        double left = 0, right = 0;  // points from the left edge of the text column
    };
    struct TextColumn {
        double width = 0;  // points; every line lies within [0, width]
        std::vector<LineExtent> lines;
    };
    TextColumn self_evaluation_layout(const std::string& text) const;

private:
    struct Fonts;
    std::unique_ptr<Fonts> fonts_;
};

}  // namespace zk::form_pdf
