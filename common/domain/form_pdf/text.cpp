// text.cpp: the typesetting helpers behind text.hpp.
// Line breaking is pango's (UAX #14, PANGO_WRAP_WORD_CHAR: at break opportunities, and
// at character boundaries only when a word does not fit on a line of its own). On top of
// that, every closing punctuation mark is glued to the character before it and every
// opening one to the character after it with allow-breaks attributes, because pango's
// character fallback would otherwise be free to start a line with "，" or end one with
// "（" (the rule of 避头尾 that a Chinese form must keep).
// Trusts pango and cairo; the text may be any bytes (printable() makes it valid UTF-8
// before anything else sees it).
#include "common/domain/form_pdf/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace zk::form_pdf::detail {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Decodes one code point at s[i]; `len` receives the bytes consumed (1 for an invalid byte,
// which decodes as U+FFFD). Overlong forms, surrogates and values past U+10FFFF are invalid.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    len = 1;
    if (b0 < 0x80) return b0;
    std::size_t n;
    char32_t c, min;
    if ((b0 & 0xE0) == 0xC0) {
        n = 1, c = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 2, c = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 3, c = b0 & 0x07, min = 0x10000;
    } else {
        return kReplacement;
    }
    for (std::size_t k = 1; k <= n; ++k) {
        if (i + k >= s.size()) return kReplacement;
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return kReplacement;
        c = c << 6 | (b & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return kReplacement;
    len = n + 1;
    return c;
}

bool is_bidi_control(char32_t c) {
    return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// 避头尾: characters that may not begin a line, and those that may not end one.
constexpr std::array<char32_t, 20> kClosing = {U'，', U'。', U'、', U'；', U'：', U'？', U'！',
                                               U'）', U'》', U'」', U'』', U'”', U'’', U'…',
                                               U'】', U'〕', U'〉', U'〗', U'．', U'％'};
constexpr std::array<char32_t, 10> kOpening = {U'（', U'《', U'「', U'『', U'“', U'‘', U'【', U'〔', U'〈', U'〖'};

bool in(const auto& set, char32_t c) { return std::find(set.begin(), set.end(), c) != set.end(); }

// allow-breaks = FALSE over "X，" and "（X" pairs (byte ranges of valid UTF-8 text).
AttrListPtr glue_punctuation(std::string_view text) {
    AttrListPtr attrs(pango_attr_list_new());
    std::size_t prev = std::string::npos;  // start of the previous character, npos after '\n'
    std::size_t open_at = std::string::npos;  // start of a pending opening mark
    for (std::size_t i = 0; i < text.size();) {
        std::size_t len = 1;
        const char32_t c = decode(text, i, len);
        auto glue = [&](std::size_t from, std::size_t to) {
            PangoAttribute* a = pango_attr_allow_breaks_new(FALSE);
            a->start_index = static_cast<guint>(from);
            a->end_index = static_cast<guint>(to);
            pango_attr_list_insert(attrs.get(), a);
        };
        if (c == U'\n') {
            prev = open_at = std::string::npos;
            i += len;
            continue;
        }
        if (open_at != std::string::npos) glue(open_at, i + len);
        if (in(kClosing, c) && prev != std::string::npos) glue(prev, i + len);
        open_at = in(kOpening, c) ? i : std::string::npos;
        prev = i;
        i += len;
    }
    return attrs;
}

FontDescriptionPtr font(double size, bool bold) {
    FontDescriptionPtr d(pango_font_description_new());
    pango_font_description_set_family_static(d.get(), kFamily);
    pango_font_description_set_weight(d.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(d.get(), static_cast<gint>(std::lround(size * PANGO_SCALE)));
    return d;
}

double pts(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

}  // namespace

std::string printable(std::string_view in, bool keep_newlines, std::size_t max_chars) {
    std::string out;
    out.reserve(std::min(in.size(), max_chars * 4));
    std::size_t kept = 0;
    for (std::size_t i = 0; i < in.size() && kept < max_chars;) {
        std::size_t len = 1;
        char32_t c = decode(in, i, len);
        i += len;
        if (c == U'\r' || c == 0xFEFF || is_bidi_control(c)) continue;
        if (c == U'\n' || c == 0x2028 || c == 0x2029 || c == 0x85) {
            c = keep_newlines ? U'\n' : U' ';
        } else if (c == U'\t' || c == 0x0B || c == 0x0C) {
            c = U' ';
        } else if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
            continue;
        }
        append_utf8(out, c);
        ++kept;
    }
    return out;
}

LayoutPtr Typesetter::layout(std::string_view text, double size, bool bold, double width, Align align) const {
    LayoutPtr l(pango_layout_new(context_));
    const FontDescriptionPtr d = font(size, bold);
    pango_layout_set_font_description(l.get(), d.get());
    pango_layout_set_auto_dir(l.get(), FALSE);
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    const AttrListPtr attrs = glue_punctuation(text);
    pango_layout_set_attributes(l.get(), attrs.get());
    if (width > 0) {
        pango_layout_set_width(l.get(), static_cast<int>(std::floor(width * PANGO_SCALE)));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l.get(), align == Align::Center  ? PANGO_ALIGN_CENTER
                                        : align == Align::Right ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_LEFT);
    return l;
}

double Typesetter::width_of(std::string_view text, double size, bool bold) const {
    const LayoutPtr l = layout(text, size, bold, 0, Align::Left);
    PangoRectangle logical;
    pango_layout_get_extents(l.get(), nullptr, &logical);
    return pts(logical.width);
}

double Typesetter::line(cairo_t* cr, double x, double y, std::string_view text, double size, bool bold,
                        Align align) const {
    const LayoutPtr l = layout(text, size, bold, 0, Align::Left);
    PangoLayoutLine* first = pango_layout_get_line_readonly(l.get(), 0);
    if (first == nullptr) return 0;
    PangoRectangle logical;
    pango_layout_line_get_extents(first, nullptr, &logical);
    const double w = pts(logical.width);
    const double left = align == Align::Center ? x - w / 2 : align == Align::Right ? x - w : x;
    cairo_move_to(cr, left - pts(logical.x), y);
    pango_cairo_show_layout_line(cr, first);
    return w;
}

void draw_lines(cairo_t* cr, PangoLayout* layout, int first, int last, double left, double baseline, double pitch) {
    LayoutIterPtr it(pango_layout_get_iter(layout));
    int index = 0;
    do {
        if (index >= last) break;
        if (index >= first) {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
            cairo_move_to(cr, left + pts(logical.x), baseline + (index - first) * pitch);
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it.get()));
        }
        ++index;
    } while (pango_layout_iter_next_line(it.get()));
}

void Typesetter::cell(cairo_t* cr, const Box& box, std::string_view text, const CellStyle& style) const {
    if (text.empty()) return;
    const double avail_w = box.w - 2 * style.pad_x, avail_h = box.h - 2 * style.pad_y;
    if (avail_w <= 0 || avail_h <= 0) return;

    auto block_height = [&](double size, int lines) { return size + (lines - 1) * style.pitch * size; };
    // The layout at `size` when it keeps within max_lines lines, avail_w and avail_h.
    auto attempt = [&](double size, int max_lines) -> LayoutPtr {
        LayoutPtr l = layout(text, size, style.bold, avail_w, style.align);
        const int lines = pango_layout_get_line_count(l.get());
        if (lines > max_lines || block_height(size, lines) > avail_h + 0.01) return nullptr;
        PangoRectangle logical;
        pango_layout_get_extents(l.get(), nullptr, &logical);
        // A single cluster wider than the cell is the one case pango lets overflow.
        if (pts(logical.x + logical.width) > avail_w + 0.01 || logical.x < 0) return nullptr;
        return l;
    };

    constexpr double kStep = 0.5;
    LayoutPtr chosen;
    double size = style.size;
    // One line first, shrinking by at most a fifth; then wrapped, down to min_size.
    for (double s = style.size; !chosen && s >= std::max(style.min_size, style.size * 0.8) - 1e-6; s -= kStep)
        if ((chosen = attempt(s, 1))) size = s;
    for (double s = style.size; !chosen && s >= style.min_size - 1e-6; s -= kStep)
        if ((chosen = attempt(s, style.max_lines))) size = s;
    if (!chosen) {
        // Too long even at the smallest size: as many lines as the cell holds, the last
        // one ellipsised.
        size = style.min_size;
        int lines = style.max_lines;
        while (lines > 1 && block_height(size, lines) > avail_h) --lines;
        chosen = layout(text, size, style.bold, avail_w, style.align);
        pango_layout_set_ellipsize(chosen.get(), PANGO_ELLIPSIZE_END);
        pango_layout_set_height(chosen.get(), -lines);
    }

    const int lines = std::min(pango_layout_get_line_count(chosen.get()), style.max_lines);
    const double block = block_height(size, lines);
    const double baseline = box.y + (box.h - block) / 2 + kEmAscent * size;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    draw_lines(cr, chosen.get(), 0, lines, box.x + style.pad_x, baseline, style.pitch * size);
    cairo_restore(cr);
}

}  // namespace zk::form_pdf::detail
