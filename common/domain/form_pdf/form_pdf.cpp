// form_pdf.cpp: the 毕业生登记表 renderer behind form_pdf.hpp: the private font set-up, the
// geometry of the pages, and the drawing of each part of the form into a cairo PDF
// surface that writes into a std::string.
// Trusts pango, cairo and fontconfig, and the two font files it is given; trusts nothing in
// the Form: text is cleaned (text.hpp) and laid out as plain text, the photo is walked
// marker by marker before its bytes go into the PDF (jpeg_info.hpp).
// Every length below is in points (1/72 inch), the unit of the PDF page; the drawing is
// specified in millimetres through mm().
#include "common/domain/form_pdf/form_pdf.hpp"

#include "common/domain/form_pdf/faces.hpp"
#include "common/domain/form_pdf/handles.hpp"
#include "common/domain/form_pdf/jpeg_info.hpp"
#include "common/domain/form_pdf/text.hpp"

#include <cairo-pdf.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <optional>
#include <stdexcept>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace zk::form_pdf {

using namespace detail;

namespace {

constexpr const char* kTitle = "山西省高等教育自学考试毕业生登记表";

// ---- page geometry ----
constexpr double kPageW = 595.276, kPageH = 841.89;  // A4
const double kLeft = mm(15), kRight = kPageW - mm(15), kWidth = kRight - kLeft;
const double kTop = mm(12);
const double kBottom = kPageH - mm(13);         // lowest line of the grid
const double kFooterBaseline = kPageH - mm(8);  // inside the bottom margin
constexpr double kBorder = 0.8, kInner = 0.5;   // line widths

// 自我鉴定: the text column, shared by every page so that one layout serves them all.
constexpr double kEvalSize = 10.5;
constexpr double kEvalPitch = 1.5 * kEvalSize;  // "1.5 line spacing": baseline to baseline
const double kEvalPad = mm(2.5);
const double kEvalTextWidth = kWidth - 2 * kEvalPad;
const double kEvalHeading = mm(6.5);  // the heading line at the top of the box
const double kEvalFoot = mm(7);       // the signature (or 续见) line at its bottom
const double kRuleGap = mm(8);        // handwritten: ruled lines
constexpr std::size_t kMaxEvalChars = 20000;  // ten times the caller's limit
constexpr std::size_t kMaxFieldChars = 1000;  // no cell shows more

// ---- fonts ----

const std::array<const char*, 2> kFontFiles = {"NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"};

std::size_t app_font_count(FcConfig* config) {
    FcFontSet* set = FcConfigGetFonts(config, FcSetApplication);
    return set == nullptr ? 0 : static_cast<std::size_t>(set->nfont);
}

// Whether `config` holds the family at the weight: a missing weight would make fontconfig
// pick the other file, or pango embolden synthetically, without telling anyone.
bool has_face(FcConfig* config, int weight) {
    FcPatternPtr pattern(FcPatternCreate());
    FcPatternAddString(pattern.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(kFamily));
    FcPatternAddInteger(pattern.get(), FC_WEIGHT, weight);
    FcObjectSetPtr objects(FcObjectSetBuild(FC_FAMILY, FC_WEIGHT, nullptr));
    FcFontSetPtr found(FcFontList(config, pattern.get(), objects.get()));
    return found && found->nfont > 0;
}

// ---- output ----

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    try {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
    } catch (...) {  // a C callback: an exception must not unwind through cairo
        return CAIRO_STATUS_WRITE_ERROR;
    }
}

void check(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("form_pdf: ") + what + ": " + cairo_status_to_string(status));
}

// ---- the photo ----

struct Photo {
    SurfacePtr surface;
    int width = 0, height = 0;
};

// An image surface of the JPEG's size whose pixels are never drawn: the PDF backend finds
// the JPEG attached as mime data and writes those bytes as a DCTDecode image, so the photo
// is printed exactly as the re-encoder made it. (cairo allocates the pixels zeroed and
// never reads them, so for a photo of 480×640 the 1.2 MB stay untouched.)
Photo make_photo(const std::string& jpeg) {
    const JpegInfo info = read_jpeg_info(jpeg);
    Photo p;
    p.width = info.width;
    p.height = info.height;
    p.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, info.width, info.height));
    check(cairo_surface_status(p.surface.get()), "photo surface");
    // cairo keeps the bytes until the surface (and any snapshot of it) is gone, and frees
    // them through the destroy callback; on failure it has not taken them.
    auto bytes = std::make_unique<std::string>(jpeg);
    check(cairo_surface_set_mime_data(
              p.surface.get(), CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(bytes->data()),
              bytes->size(), [](void* owned) { delete static_cast<std::string*>(owned); }, bytes.get()),
          "photo data");
    static_cast<void>(bytes.release());  // cairo owns the copy now
    return p;
}

// ---- 自我鉴定 text ----

bool is_space(std::string_view s, std::size_t i, std::size_t& len) {
    if (s[i] == ' ') return len = 1, true;
    if (s.compare(i, 3, "\u3000") == 0) return len = 3, true;  // ideographic space
    return false;
}

// Paragraphs without surrounding white space (the layout indents them itself), separated by
// a single '\n'; no empty paragraph.
std::string clean_evaluation(const std::string& raw) {
    const std::string text = printable(raw, true, kMaxEvalChars);
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::size_t a = start, b = end, len = 0;
        while (a < b && is_space(text, a, len)) a += len;
        while (b > a) {
            if (text[b - 1] == ' ') {
                --b;
            } else if (b - a >= 3 && text.compare(b - 3, 3, "\u3000") == 0) {
                b -= 3;
            } else {
                break;
            }
        }
        if (b > a) {
            if (!out.empty()) out += '\n';
            out.append(text, a, b - a);
        }
        start = end + 1;
    }
    return out;
}

// The one layout of the whole 自我鉴定: justified, each paragraph's first line indented by
// two ideographs, wrapped at the text column of the box.
LayoutPtr evaluation_layout(const Typesetter& ts, const std::string& clean) {
    LayoutPtr l = ts.layout(clean, kEvalSize, false, kEvalTextWidth, Align::Left);
    pango_layout_set_indent(l.get(), static_cast<int>(std::lround(2 * kEvalSize * PANGO_SCALE)));
    pango_layout_set_justify(l.get(), TRUE);
    // Pango's justification overshoots the width by a third of a point on lines next to a
    // word it had to break between characters (a Latin string longer than a line). Such a
    // text is set ragged-right instead: the same lines, none past the column.
    const int width = pango_layout_get_width(l.get());
    LayoutIterPtr it(pango_layout_get_iter(l.get()));
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
        if (logical.x + logical.width > width) {
            pango_layout_set_justify(l.get(), FALSE);
            break;
        }
    } while (pango_layout_iter_next_line(it.get()));
    return l;
}

// Lines of kEvalSize text, kEvalPitch apart, that fit between two heights.
int lines_between(double top, double bottom) {
    const double room = bottom - top;
    if (room < kEvalSize) return 0;
    return static_cast<int>(std::floor((room - kEvalSize) / kEvalPitch + 1e-6)) + 1;
}

// The text column of a 自我鉴定 box from `top` to `bottom`.
double eval_text_top(double box_top) { return box_top + kEvalHeading; }
double eval_text_bottom(double box_bottom) { return box_bottom - kEvalFoot; }

// ---- page 1 ----

// The personal table: seven columns (label, value, label, value, label, value, photo).
constexpr std::array<double, 7> kPersonalCols = {22, 27, 22, 27, 24, 24, 34};  // mm, sum 180
const double kTallRow = mm(10.5), kShortRow = mm(8.5);  // rows beside the photo, rows below
const double kPhotoW = mm(30), kPhotoH = mm(40);

// 个人简历 and 家庭主要成员: a narrow column with the section's name written downwards.
const double kSectionLabelW = mm(10);
const double kListRow = mm(6.5);
constexpr std::array<double, 3> kResumeCols = {32, 32, 106};       // mm, sum 170
constexpr std::array<double, 4> kFamilyCols = {28, 20, 92, 30};    // mm, sum 170
const double kRewardsH = mm(10), kRewardsLabelW = mm(42);
constexpr std::size_t kMaxMajors = 2, kMaxResumeRows = 10, kMaxFamilyRows = 6;
const double kOfficeH = mm(24);

struct Page1Geometry {
    int major_lines = 1;
    double grid_top = 0, resume_top = 0, family_top = 0, rewards_top = 0, eval_top = 0, office_top = 0;
    int resume_rows = 0, family_rows = 0;
};

Page1Geometry page1_geometry(const Form& f) {
    Page1Geometry g;
    g.major_lines = std::max<int>(1, static_cast<int>(f.majors.size()));
    g.resume_rows = std::max<int>(5, static_cast<int>(f.resume.size()));
    g.family_rows = std::max<int>(3, static_cast<int>(f.family.size()));
    g.grid_top = kTop + mm(9) + g.major_lines * mm(5.5) + mm(1);
    g.resume_top = g.grid_top + 4 * kTallRow + 2 * kShortRow;
    g.family_top = g.resume_top + (g.resume_rows + 1) * kListRow;
    g.rewards_top = g.family_top + (g.family_rows + 1) * kListRow;
    g.eval_top = g.rewards_top + kRewardsH;
    g.office_top = kBottom - kOfficeH;
    return g;
}

// ---- drawing ----

class Painter {
public:
    Painter(cairo_t* cr, const Typesetter& ts) : cr_(cr), ts_(ts) {}

    void rect(const Box& b, double width = kInner) {
        cairo_set_line_width(cr_, width);
        cairo_rectangle(cr_, b.x, b.y, b.w, b.h);
        cairo_stroke(cr_);
    }
    void hline(double x0, double x1, double y, double width = kInner) {
        cairo_set_line_width(cr_, width);
        cairo_move_to(cr_, x0, y);
        cairo_line_to(cr_, x1, y);
        cairo_stroke(cr_);
    }
    void black() { cairo_set_source_rgb(cr_, 0, 0, 0); }
    void grey(double v) { cairo_set_source_rgb(cr_, v, v, v); }

    // A bordered cell with a label: centred, wrapped (at its own line breaks first) if it must.
    void label(const Box& b, std::string_view text, double size = 10) {
        rect(b);
        CellStyle s;
        s.size = size;
        s.min_size = 6.5;
        s.align = Align::Center;
        s.max_lines = 3;
        s.pad_x = mm(1);
        s.pitch = 1.15;
        ts_.cell(cr_, b, text, s);
    }
    // A bordered cell with a value: left-aligned with padding, shrinking or wrapping.
    void value(const Box& b, std::string_view text, Align align = Align::Left, double size = 10, int max_lines = 2) {
        rect(b);
        CellStyle s;
        s.size = size;
        s.min_size = 6;
        s.align = align;
        s.max_lines = max_lines;
        s.pitch = 1.15;
        ts_.cell(cr_, b, text, s);
    }
    // The section's name written downwards, one ideograph under the other.
    void section_label(const Box& b, std::string_view name) {
        rect(b);
        std::string down;
        for (std::size_t i = 0; i < name.size();) {
            std::size_t len = 1;
            const auto c = static_cast<unsigned char>(name[i]);
            if (c >= 0xF0) len = 4;
            else if (c >= 0xE0) len = 3;
            else if (c >= 0xC0) len = 2;
            if (!down.empty()) down += '\n';
            down.append(name.substr(i, len));
            i += len;
        }
        CellStyle s;
        s.size = 10.5;
        s.min_size = 7;
        s.align = Align::Center;
        s.max_lines = 8;
        s.pad_x = mm(0.5);
        s.pad_y = mm(1);
        s.pitch = 1.3;
        ts_.cell(cr_, b, down, s);
    }
    double text(double x, double y, std::string_view t, double size, bool bold = false, Align a = Align::Left) {
        return ts_.line(cr_, x, y, t, size, bold, a);
    }
    void fitted(const Box& b, std::string_view t, const CellStyle& s) { ts_.cell(cr_, b, t, s); }

    cairo_t* cr() const { return cr_; }
    const Typesetter& ts() const { return ts_; }

private:
    cairo_t* cr_;
    const Typesetter& ts_;
};

// The printable form of every field, computed once.
struct Fields {
    std::vector<std::pair<std::string, std::string>> majors;  // institution, major
    std::string name, gender, birth_date, ethnicity, political_status, health, id_number, native_place, education,
        occupation, work_start, employer, phone, address, ticket_no, rewards, footer;
    std::vector<std::array<std::string, 3>> resume;
    std::vector<std::array<std::string, 4>> family;
};

Fields clean_fields(const Form& f) {
    auto c = [](const std::string& s) { return printable(s, false, kMaxFieldChars); };
    Fields out;
    for (const AppliedMajor& m : f.majors) out.majors.emplace_back(c(m.institution), c(m.major));
    if (out.majors.empty()) out.majors.emplace_back();
    out.name = c(f.name);
    out.gender = c(f.gender);
    out.birth_date = c(f.birth_date);
    out.ethnicity = c(f.ethnicity);
    out.political_status = c(f.political_status);
    out.health = c(f.health);
    out.id_number = c(f.id_number);
    out.native_place = c(f.native_place);
    out.education = c(f.education);
    out.occupation = c(f.occupation);
    out.work_start = c(f.work_start);
    out.employer = c(f.employer);
    out.phone = c(f.phone);
    out.address = c(f.address);
    out.ticket_no = c(f.ticket_no);
    // Rewards may run to a few sentences: line breaks become spaces like in every cell.
    out.rewards = c(f.rewards);
    if (out.rewards.find_first_not_of(' ') == std::string::npos) out.rewards = "无";
    out.footer = c(f.footer);
    for (const ResumeRow& r : f.resume) out.resume.push_back({c(r.from), c(r.to), c(r.place)});
    for (const FamilyMember& m : f.family) out.family.push_back({c(m.name), c(m.relation), c(m.employer), c(m.position)});
    return out;
}

void draw_heading(Painter& p, const Fields& f, const Page1Geometry& g) {
    p.black();
    p.text(kPageW / 2, kTop + mm(6.5), kTitle, 18, true, Align::Center);
    const std::string ticket = "准考证号：" + f.ticket_no;
    const double ticket_w = p.ts().width_of(ticket, 10.5, false);
    double y = kTop + mm(9);
    for (int i = 0; i < g.major_lines; ++i) {
        const auto& [institution, major] = f.majors[static_cast<std::size_t>(i)];
        CellStyle s;
        s.size = 10.5;
        s.min_size = 7;
        s.max_lines = 1;
        s.pad_x = 0;
        s.pad_y = 0;
        const double right = i == 0 ? kRight - std::min(ticket_w, kWidth / 2) - mm(4) : kRight;
        p.fitted(Box{kLeft, y, right - kLeft, mm(5.5)}, "主考院校：" + institution + "　　专业：" + major, s);
        if (i == 0) {
            s.align = Align::Right;
            p.fitted(Box{right + mm(4) - 0.1, y, kRight - right - mm(4) + 0.1, mm(5.5)}, ticket, s);
        }
        y += mm(5.5);
    }
}

double col_x(const auto& cols, std::size_t i, double left) {
    double x = left;
    for (std::size_t k = 0; k < i; ++k) x += mm(cols[k]);
    return x;
}

void draw_photo(Painter& p, const Box& cell, const std::optional<Photo>& photo) {
    p.rect(cell);
    const Box frame{cell.x + (cell.w - kPhotoW) / 2, cell.y + (cell.h - kPhotoH) / 2, kPhotoW, kPhotoH};
    cairo_t* cr = p.cr();
    if (!photo) {
        p.text(frame.x + frame.w / 2, frame.y + frame.h / 2, "照片", 12, false, Align::Center);
        p.grey(0.35);
        p.text(frame.x + frame.w / 2, frame.y + frame.h / 2 + mm(6), "二寸彩色近照", 7.5, false, Align::Center);
        p.black();
        return;
    }
    const double scale = std::min(frame.w / photo->width, frame.h / photo->height);
    const double w = photo->width * scale, h = photo->height * scale;
    cairo_save(cr);
    cairo_translate(cr, frame.x + (frame.w - w) / 2, frame.y + (frame.h - h) / 2);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, photo->surface.get(), 0, 0);
    cairo_rectangle(cr, 0, 0, photo->width, photo->height);
    cairo_fill(cr);
    cairo_restore(cr);
}

void draw_personal(Painter& p, const Fields& f, const Form& form, const Page1Geometry& g,
                   const std::optional<Photo>& photo) {
    auto cell = [&](std::size_t from, std::size_t to, double y, double h) {
        const double x0 = col_x(kPersonalCols, from, kLeft), x1 = col_x(kPersonalCols, to + 1, kLeft);
        return Box{x0, y, x1 - x0, h};
    };
    double y = g.grid_top;
    // Rows beside the photo: label, value, label, value, label, value.
    const std::array<std::array<std::string_view, 6>, 2> plain = {{
        {"姓名", f.name, "性别", f.gender, "民族", f.ethnicity},
        {"出生日期", f.birth_date, "政治面貌", f.political_status, "健康状况", f.health},
    }};
    for (const auto& row : plain) {
        for (std::size_t c = 0; c < 6; ++c) {
            if (c % 2 == 0) p.label(cell(c, c, y, kTallRow), row[c]);
            else p.value(cell(c, c, y, kTallRow), row[c]);
        }
        y += kTallRow;
    }
    p.label(cell(0, 0, y, kTallRow), "身份证号");
    p.value(cell(1, 3, y, kTallRow), f.id_number);
    p.label(cell(4, 4, y, kTallRow), "籍贯");
    p.value(cell(5, 5, y, kTallRow), f.native_place);
    y += kTallRow;
    p.label(cell(0, 0, y, kTallRow), "已取得学历");
    p.value(cell(1, 1, y, kTallRow), f.education);
    p.label(cell(2, 2, y, kTallRow), "职业");
    p.value(cell(3, 3, y, kTallRow), f.occupation);
    p.label(cell(4, 4, y, kTallRow), "参加工作时间");
    p.value(cell(5, 5, y, kTallRow), f.work_start);
    draw_photo(p, cell(6, 6, g.grid_top, 4 * kTallRow), photo);
    y += kTallRow;
    // Rows below the photo span the whole width.
    p.label(cell(0, 0, y, kShortRow), "工作单位");
    p.value(cell(1, 4, y, kShortRow), f.employer);
    p.label(cell(5, 5, y, kShortRow), "手机号");
    p.value(cell(6, 6, y, kShortRow), f.phone);
    y += kShortRow;
    p.label(cell(0, 0, y, kShortRow), "详细住址");
    p.value(cell(1, 4, y, kShortRow), f.address);
    p.label(cell(5, 5, y, kShortRow), "是否华侨、\n港澳、台属", 9);
    p.value(cell(6, 6, y, kShortRow), form.overseas_relative ? "是" : "否", Align::Center);
}

// A list section: the name downwards at the left, a header row, then `rows` rows.
template <std::size_t N>
void draw_list(Painter& p, double top, int rows, std::string_view name, const std::array<double, N>& cols,
               const std::array<std::string_view, N>& headers, const std::vector<std::array<std::string, N>>& data,
               const std::array<Align, N>& aligns) {
    p.section_label(Box{kLeft, top, kSectionLabelW, (rows + 1) * kListRow}, name);
    const double left = kLeft + kSectionLabelW;
    for (std::size_t c = 0; c < N; ++c) {
        const double x0 = col_x(cols, c, left), x1 = col_x(cols, c + 1, left);
        p.label(Box{x0, top, x1 - x0, kListRow}, headers[c]);
        for (int r = 0; r < rows; ++r) {
            const Box b{x0, top + (r + 1) * kListRow, x1 - x0, kListRow};
            const auto row = static_cast<std::size_t>(r);
            p.value(b, row < data.size() ? std::string_view(data[row][c]) : std::string_view(), aligns[c], 9.5);
        }
    }
}

void draw_rewards(Painter& p, const Fields& f, double top) {
    p.label(Box{kLeft, top, kRewardsLabelW, kRewardsH}, "参加自学考试期间受到过\n何种奖励或处分", 9);
    p.value(Box{kLeft + kRewardsLabelW, top, kWidth - kRewardsLabelW, kRewardsH}, f.rewards, Align::Left, 10, 3);
}

void draw_office(Painter& p, double top) {
    static constexpr std::array<const char*, 3> kOffices = {"县区自考办意见", "主考院校意见", "省考办审定意见"};
    const double w = kWidth / 3;
    for (std::size_t i = 0; i < kOffices.size(); ++i) {
        const Box b{kLeft + i * w, top, w, kOfficeH};
        p.rect(b);
        p.text(b.x + mm(2.5), b.y + mm(6), kOffices[i], 10.5);
        p.text(b.x + b.w - mm(6), b.y + b.h - mm(9), "（盖章）", 10, false, Align::Right);
        p.text(b.x + b.w - mm(4), b.y + b.h - mm(3), "年　　月　　日", 10, false, Align::Right);
    }
}

// How the 自我鉴定 lines are spread over the pages.
struct EvalChunk {
    int first = 0, last = 0;  // line indices, last exclusive
    double box_top = 0, box_bottom = 0;
    bool ends = true;  // the signature line goes here (else "（续见第N页）")
};

const double kContinuationTop = kTop + mm(17);

std::vector<EvalChunk> paginate(int lines, double first_top, double first_bottom) {
    std::vector<EvalChunk> chunks;
    EvalChunk c;
    c.box_top = first_top;
    c.box_bottom = first_bottom;
    int cap = lines_between(eval_text_top(first_top), eval_text_bottom(first_bottom));
    int next = 0;
    for (;;) {
        c.first = next;
        if (lines - next <= cap) {
            c.last = lines;
            c.ends = true;
            chunks.push_back(c);
            return chunks;
        }
        c.last = next + cap;
        c.ends = false;
        chunks.push_back(c);
        next = c.last;
        // A continuation page: a box below the short heading, as tall as its lines need.
        c.box_top = kContinuationTop;
        cap = lines_between(eval_text_top(kContinuationTop), eval_text_bottom(kBottom));
        if (cap < 1) throw std::logic_error("form_pdf: a continuation page holds no line");
        const int here = std::min(cap, lines - next);
        const double needed = kEvalHeading + mm(2) + kEvalSize + (here - 1) * kEvalPitch + kEvalFoot;
        c.box_bottom = lines - next <= cap ? std::min(kBottom, c.box_top + std::max(needed, mm(60))) : kBottom;
    }
}

void draw_evaluation_box(Painter& p, const EvalChunk& c, int page, bool continued, PangoLayout* layout,
                         bool handwritten) {
    const Box box{kLeft, c.box_top, kWidth, c.box_bottom - c.box_top};
    p.rect(box);
    p.text(kLeft + kEvalPad, box.y + mm(5),
           continued ? "自我鉴定（续）" : "自我鉴定（政治思想、工作、学习等方面的总结）", 10.5, true);
    const double text_top = eval_text_top(box.y), text_bottom = eval_text_bottom(box.y + box.h);
    if (handwritten) {
        cairo_save(p.cr());
        p.grey(0.45);
        for (double y = text_top + kRuleGap; y <= text_bottom + 0.01; y += kRuleGap)
            p.hline(kLeft + kEvalPad, kRight - kEvalPad, y, 0.4);
        cairo_restore(p.cr());
    } else if (layout != nullptr && c.last > c.first) {
        draw_lines(p.cr(), layout, c.first, c.last, kLeft + kEvalPad, text_top + kEmAscent * kEvalSize, kEvalPitch);
    }
    const double foot = box.y + box.h - mm(2.5);
    if (c.ends) {
        p.text(kRight - kEvalPad, foot, "本人签字：________________　　　　年　　月　　日", 10.5, false, Align::Right);
    } else {
        p.text(kRight - kEvalPad, foot, "（续见第" + std::to_string(page + 1) + "页）", 10.5, false, Align::Right);
    }
}

void draw_footer(Painter& p, const Fields& f, int page, int pages) {
    p.grey(0.4);
    const std::string number = "第" + std::to_string(page) + "页／共" + std::to_string(pages) + "页";
    const double w = p.text(kRight, kFooterBaseline, number, 7.5, false, Align::Right);
    CellStyle s;
    s.size = 7.5;
    s.min_size = 6;
    s.max_lines = 1;
    s.pad_x = 0;
    s.pad_y = 0;
    const double h = mm(4);
    p.fitted(Box{kLeft, kFooterBaseline - kEmAscent * 7.5 - (h - 7.5) / 2, kWidth - w - mm(6), h}, f.footer, s);
    p.black();
}

void draw_continuation_heading(Painter& p, const Fields& f) {
    p.black();
    p.text(kPageW / 2, kTop + mm(6), std::string(kTitle) + "（续页）", 14, true, Align::Center);
    CellStyle s;
    s.size = 10.5;
    s.min_size = 7;
    s.max_lines = 1;
    s.pad_x = 0;
    s.pad_y = 0;
    p.fitted(Box{kLeft, kTop + mm(9.5), kWidth, mm(5.5)}, "姓名：" + f.name + "　　准考证号：" + f.ticket_no, s);
}

}  // namespace

// ---- Renderer ----

struct Renderer::Fonts {
    FcConfigPtr config;
    FontMapPtr map;
    ContextPtr context;

    Fonts() = default;
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;
    ~Fonts() {
        context.reset();
        // Pango 1.50 finalises a font map without dropping the reference it took on the
        // configuration given to pango_fc_font_map_set_config, which would leak the whole
        // configuration (both collections' patterns and character sets) with every
        // Renderer. Taking the configuration back first lets the map release it.
        if (map) pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map.get()), nullptr);
    }
};

Renderer::Renderer(const std::string& font_dir) : fonts_(std::make_unique<Fonts>()) {
    // A configuration of our own holding the two files only: the form looks the same on
    // every host whatever fonts it has, and fontconfig's system rules (aliases, other CJK
    // families) cannot substitute anything.
    fonts_->config.reset(FcConfigCreate());
    if (!fonts_->config) throw std::runtime_error("form_pdf: FcConfigCreate failed");
    for (const char* file : kFontFiles) {
        const std::string path = (std::filesystem::path(font_dir) / file).string();
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            throw std::runtime_error("form_pdf: font file missing: " + path);
        const std::size_t before = app_font_count(fonts_->config.get());
        if (!FcConfigAppFontAddFile(fonts_->config.get(), reinterpret_cast<const FcChar8*>(path.c_str())) ||
            app_font_count(fonts_->config.get()) == before)
            throw std::runtime_error("form_pdf: not a usable font file: " + path);
    }
    use_stream_faces(fonts_->config.get(), kFamily);
    if (!has_face(fonts_->config.get(), FC_WEIGHT_REGULAR) || !has_face(fonts_->config.get(), FC_WEIGHT_BOLD))
        throw std::runtime_error(std::string("form_pdf: ") + font_dir + " lacks " + kFamily + " Regular or Bold");

    fonts_->map.reset(pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT));
    if (!fonts_->map) throw std::runtime_error("form_pdf: no FreeType font map in this cairo");
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts_->map.get()), fonts_->config.get());
    // Points everywhere: the PDF user unit is the point, so a font of size 10 is 10 pt.
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fonts_->map.get()), 72.0);

    fonts_->context.reset(pango_font_map_create_context(fonts_->map.get()));
    PangoContext* ctx = fonts_->context.get();
    pango_context_set_language(ctx, pango_language_from_string("zh-cn"));
    pango_context_set_base_dir(ctx, PANGO_DIRECTION_LTR);
    pango_cairo_context_set_resolution(ctx, 72.0);
    // Vector output: unhinted outlines and metrics, unrounded positions, so that widths are
    // the font's own and the layout of a text does not depend on the font size's rounding.
    FontOptionsPtr options(cairo_font_options_create());
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, options.get());
    pango_context_set_round_glyph_positions(ctx, FALSE);
}

Renderer::~Renderer() = default;

Renderer::TextColumn Renderer::self_evaluation_layout(const std::string& text) const {
    const Typesetter ts(fonts_->context.get());
    const std::string clean = clean_evaluation(text);
    const LayoutPtr layout = evaluation_layout(ts, clean);
    TextColumn column;
    column.width = kEvalTextWidth;
    LayoutIterPtr it(pango_layout_get_iter(layout.get()));
    if (clean.empty()) return column;
    do {
        const PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it.get());
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
        LineExtent e;
        e.text = clean.substr(static_cast<std::size_t>(line->start_index), static_cast<std::size_t>(line->length));
        e.left = static_cast<double>(logical.x) / PANGO_SCALE;
        e.right = static_cast<double>(logical.x + logical.width) / PANGO_SCALE;
        column.lines.push_back(std::move(e));
    } while (pango_layout_iter_next_line(it.get()));
    return column;
}

std::vector<std::string> Renderer::self_evaluation_lines(const std::string& text) const {
    std::vector<std::string> lines;
    for (LineExtent& e : self_evaluation_layout(text).lines) lines.push_back(std::move(e.text));
    return lines;
}

Rendered Renderer::render(const Form& form) const {
    // Page 1 is laid out for these at most; more would push the grid off the page.
    if (form.majors.size() > kMaxMajors || form.resume.size() > kMaxResumeRows || form.family.size() > kMaxFamilyRows)
        throw std::runtime_error("form_pdf: more majors, résumé rows or family members than the form has room for");
    // The photo first: a bad one throws before anything is drawn.
    std::optional<Photo> photo;
    if (!form.photo_jpeg.empty()) photo = make_photo(form.photo_jpeg);

    const Typesetter ts(fonts_->context.get());
    const Fields fields = clean_fields(form);
    const Page1Geometry g = page1_geometry(form);

    LayoutPtr eval;
    int eval_lines = 0;
    if (!form.handwritten) {
        const std::string clean = clean_evaluation(form.self_evaluation);
        if (!clean.empty()) {
            eval = evaluation_layout(ts, clean);
            eval_lines = pango_layout_get_line_count(eval.get());
        }
    }
    const std::vector<EvalChunk> chunks = paginate(eval_lines, g.eval_top, g.office_top);
    const int pages = static_cast<int>(chunks.size());

    Rendered out;
    out.pdf.reserve(1024 * 1024);  // a typical form is some 620 KB, most of it the CFF subsets
    SurfacePtr surface(cairo_pdf_surface_create_for_stream(append_to_string, &out.pdf, kPageW, kPageH));
    check(cairo_surface_status(surface.get()), "PDF surface");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, kTitle);
    {
        CairoPtr cr(cairo_create(surface.get()));
        check(cairo_status(cr.get()), "cairo context");
        cairo_set_line_join(cr.get(), CAIRO_LINE_JOIN_MITER);
        cairo_set_line_cap(cr.get(), CAIRO_LINE_CAP_SQUARE);
        Painter p(cr.get(), ts);

        // Page 1: heading, then one grid from the personal table to the office boxes.
        p.black();
        draw_heading(p, fields, g);
        draw_personal(p, fields, form, g, photo);
        draw_list<3>(p, g.resume_top, g.resume_rows, "个人简历", kResumeCols,
                     {"自何年月", "至何年月", "在何地何单位学习或工作"}, fields.resume,
                     {Align::Center, Align::Center, Align::Left});
        draw_list<4>(p, g.family_top, g.family_rows, "家庭主要成员", kFamilyCols, {"姓名", "称谓", "工作单位", "职务"},
                     fields.family, {Align::Center, Align::Center, Align::Left, Align::Center});
        draw_rewards(p, fields, g.rewards_top);
        draw_evaluation_box(p, chunks[0], 1, false, eval.get(), form.handwritten);
        draw_office(p, g.office_top);
        p.rect(Box{kLeft, g.grid_top, kWidth, kBottom - g.grid_top}, kBorder);
        draw_footer(p, fields, 1, pages);
        cairo_show_page(cr.get());
        check(cairo_status(cr.get()), "page 1");

        // Continuation pages of 自我鉴定.
        for (int i = 1; i < pages; ++i) {
            const EvalChunk& c = chunks[static_cast<std::size_t>(i)];
            draw_continuation_heading(p, fields);
            draw_evaluation_box(p, c, i + 1, true, eval.get(), false);
            p.rect(Box{kLeft, c.box_top, kWidth, c.box_bottom - c.box_top}, kBorder);
            draw_footer(p, fields, i + 1, pages);
            cairo_show_page(cr.get());
            check(cairo_status(cr.get()), "continuation page");
        }
    }
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), "PDF output");
    surface.reset();
#if defined(__GLIBC__)
    // Embedding each font, cairo copied its whole CFF table (about 24 MB, twice) and freed
    // the copies again; once glibc's mmap threshold has grown past that size such blocks
    // come from the heap and stay resident. Hand the free pages back (thread-safe, touches
    // only free memory; faces.cpp makes faulting them in again cheap).
    malloc_trim(0);
#endif
    out.pages = pages;
    return out;
}

}  // namespace zk::form_pdf
