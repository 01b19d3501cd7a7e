// text.hpp: typesetting helpers of the form renderer: cleaning field text before pango
// sees it, laying out plain text (never markup) in the form's one font family, and
// fitting a value into a table cell by shrinking and wrapping it so that it never crosses
// the cell's border. Internal to common/domain/form_pdf; trusts pango and cairo, not the
// text, which may be anything a browser can send.
#pragma once
#include "common/domain/form_pdf/handles.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace zk::form_pdf::detail {

inline constexpr double kPtPerMm = 72.0 / 25.4;
constexpr double mm(double v) { return v * kPtPerMm; }

inline constexpr const char* kFamily = "Noto Serif CJK SC";
// Noto CJK draws ideographs in an em box that reaches 0.88 em above the baseline and
// 0.12 em below it; text is centred on that box, not on the font's much taller line
// height, so that it sits in the visual middle of a cell.
inline constexpr double kEmAscent = 0.88;

// `in` as pango may print it: invalid UTF-8 becomes U+FFFD; control characters, bidi
// embeddings/overrides/isolates and BOMs are dropped (a value must not reorder or hide the
// text around it on an official form); tabs and, unless keep_newlines, line and paragraph
// breaks become spaces ('\r' is dropped, so "\r\n" becomes "\n"). At most max_chars code
// points are kept.
std::string printable(std::string_view in, bool keep_newlines, std::size_t max_chars);

struct Box {
    double x = 0, y = 0, w = 0, h = 0;  // points, y downwards
};

enum class Align { Left, Center, Right };

struct CellStyle {
    double size = 10;      // preferred font size, pt
    double min_size = 6;   // never smaller than this; beyond it the text is ellipsised
    int max_lines = 2;
    Align align = Align::Left;
    bool bold = false;
    double pad_x = mm(1.5);
    double pad_y = mm(0.6);
    double pitch = 1.2;  // baseline to baseline, in ems
};

class Typesetter {
public:
    explicit Typesetter(PangoContext* context) : context_(context) {}

    // Plain text in the form's family at `size` pt. width > 0 wraps lines at that many
    // points (UAX #14 with character fallback, see text.cpp); width <= 0 keeps one line
    // per paragraph. Opening and closing punctuation is glued to its neighbour.
    LayoutPtr layout(std::string_view text, double size, bool bold, double width, Align align) const;

    // Draws `text` inside `box`: one line at the preferred size when it fits (shrinking to
    // 80 % of it), otherwise wrapped into up to max_lines lines, shrinking to min_size,
    // otherwise ellipsised. Vertically centred; clipped to the box whatever happens.
    void cell(cairo_t* cr, const Box& box, std::string_view text, const CellStyle& style) const;

    // One unwrapped line with its baseline at y; x is its left edge, centre or right edge
    // according to `align`. Returns its width in points.
    double line(cairo_t* cr, double x, double y, std::string_view text, double size, bool bold,
                Align align) const;

    double width_of(std::string_view text, double size, bool bold) const;

    PangoContext* context() const { return context_; }

private:
    PangoContext* context_;
};

// Draws every line of `layout` from first index `first` to `last` (exclusive), the first
// one's baseline at `baseline`, the following ones `pitch` points lower, each at the
// horizontal offset pango gave it (alignment, indent) from `left`. Lines are drawn one
// by one with pango_cairo_show_layout_line, so that pages can share one layout.
void draw_lines(cairo_t* cr, PangoLayout* layout, int first, int last, double left, double baseline, double pitch);

}  // namespace zk::form_pdf::detail
