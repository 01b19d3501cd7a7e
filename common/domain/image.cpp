// image.cpp: libmagic + libvips implementation of image.hpp.
// SECURITY: trusts libmagic to name the type and libvips' jpegload/pngload (with untrusted
// loaders blocked) to parse it; the upload itself is hostile. The PNG chunk walk here is
// bounds-checked byte by byte. Every VipsImage and g_malloc'd buffer is owned by RAII, so
// no path leaks one. libvips error text never reaches a message and nothing is logged.
#include "common/domain/image.hpp"

#include "common/base/crypto.hpp"

#include <magic.h>
#include <vips/vips.h>

#include <malloc.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <semaphore>
#include <vector>

namespace zk::image {
namespace {

constexpr const char* kMsgEmpty = "请选择要上传的照片。";
constexpr const char* kMsgGif = "不支持 GIF 图片，请上传 JPG 或 PNG 格式的照片。";
constexpr const char* kMsgSvg = "不支持 SVG 文件，请上传 JPG 或 PNG 格式的照片。";
constexpr const char* kMsgNotImage =
    "文件内容不是 JPG 或 PNG 图片（系统按文件内容识别，修改扩展名无效）。";
constexpr const char* kMsgAnimated = "不支持动态图片，请上传静态照片。";
constexpr const char* kMsgCorrupt = "照片文件已损坏或不完整，无法打开，请重新拍摄或导出后上传。";

struct ImageUnref {
    void operator()(VipsImage* p) const noexcept { g_object_unref(p); }
};
using ImagePtr = std::unique_ptr<VipsImage, ImageUnref>;

struct GFree {
    void operator()(void* p) const noexcept { g_free(p); }
};
using GBuffer = std::unique_ptr<void, GFree>;

struct ArrayUnref {
    void operator()(VipsArrayDouble* p) const noexcept { vips_area_unref(VIPS_AREA(p)); }
};

// The vips error buffer is process-wide; its text may quote the hostile file and is never
// shown, so it is dropped as soon as a failure has been turned into our own message.
[[noreturn]] void fail_corrupt() {
    vips_error_clear();
    throw ImageError(Problem::Corrupt, kMsgCorrupt);
}

// Wraps one libvips call that produces an image: a non-zero return (or a missing output)
// becomes the "corrupt" message, and the output is owned from the first moment.
template <class F>
ImagePtr vips_call(F&& f) {
    VipsImage* out = nullptr;
    const int rc = f(&out);
    ImagePtr owned(out);
    if (rc != 0 || !owned) fail_corrupt();
    return owned;
}

struct MagicHolder {
    magic_t cookie = nullptr;
    MagicHolder() {
        cookie = magic_open(MAGIC_MIME_TYPE);
        if (cookie != nullptr && magic_load(cookie, nullptr) != 0) {
            magic_close(cookie);
            cookie = nullptr;
        }
    }
    ~MagicHolder() {
        if (cookie != nullptr) magic_close(cookie);
    }
    MagicHolder(const MagicHolder&) = delete;
    MagicHolder& operator=(const MagicHolder&) = delete;
};

std::string format_mb(double mb) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", mb);
    return buf;
}

// "2MB" for whole mebibytes, "1.5MB" otherwise; below 1 MiB the limit reads better in KB.
std::string limit_text(std::size_t max_bytes) {
    constexpr std::size_t kMiB = 1024 * 1024;
    char buf[48];
    if (max_bytes >= kMiB) {
        if (max_bytes % kMiB == 0)
            std::snprintf(buf, sizeof buf, "%zuMB", max_bytes / kMiB);
        else
            std::snprintf(buf, sizeof buf, "%.1fMB", static_cast<double>(max_bytes) / kMiB);
    } else {
        std::snprintf(buf, sizeof buf, "%zuKB", (max_bytes + 1023) / 1024);
    }
    return buf;
}

std::string size_message(std::size_t size, std::size_t max_bytes) {
    constexpr double kMiB = 1024.0 * 1024.0;
    std::string current;
    if (max_bytes >= 1024 * 1024) {
        current = format_mb(static_cast<double>(size) / kMiB) + " MB";
    } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(size) / 1024.0);
        current = buf;
    }
    return "照片文件应小于" + limit_text(max_bytes) + "（当前约 " + current + "），请压缩后重新上传。";
}

std::string dims(long w, long h) { return std::to_string(w) + "×" + std::to_string(h); }

std::string too_large_message(long w, long h, int max_side, long max_pixels) {
    // The advice must itself pass the limits, so it never exceeds max_side or the
    // square root of max_pixels even when the limits are configured below 4000.
    long advice = std::min<long>(4000, max_side);
    if (max_pixels > 0)
        advice = std::min<long>(advice, static_cast<long>(std::sqrt(static_cast<double>(max_pixels))));
    return "照片尺寸过大（" + dims(w, h) + " 像素），请缩小到 " + std::to_string(advice) +
           " 像素以内后上传。";
}

std::string too_small_message(long w, long h, const Limits& limits) {
    // The smallest portrait that meets every minimum: min_width wide and tall enough for
    // both min_height and min_pixels (240 wide needs 320 high for 240×320 pixels).
    const long need_w = std::max(1, limits.min_width);
    long need_h = std::max<long>(limits.min_height, (limits.min_pixels + need_w - 1) / need_w);
    return "照片分辨率太低（" + dims(w, h) + " 像素），请上传至少 " + dims(need_w, need_h) +
           " 像素的清晰照片。";
}

std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

// APNG puts its acTL chunk before the first IDAT. Walks the chunk list only as far as the
// bytes go; a malformed list stops the walk and is left for libpng to refuse.
bool png_is_animated(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t pos = 8;  // after the signature
    while (pos <= n && n - pos >= 12) {
        const std::uint32_t len = be32(p + pos);
        const unsigned char* type = p + pos + 4;
        if (std::equal(type, type + 4, "acTL")) return true;
        if (std::equal(type, type + 4, "IDAT") || std::equal(type, type + 4, "IEND")) return false;
        // The PNG spec caps chunk lengths at 2^31-1; larger is malformed.
        if (len > 0x7fffffffu || len > n - pos - 12) return false;
        pos += 12 + static_cast<std::size_t>(len);
    }
    return false;
}

// The checks made on the bytes alone, before any decoder sees them: not empty, under
// the size limit, JPEG or PNG by content (never by name), not an animated PNG. Returns
// true for PNG, false for JPEG.
bool sniff(std::string_view bytes, std::size_t max_bytes) {
    init();
    if (bytes.empty()) throw ImageError(Problem::Empty, kMsgEmpty);
    if (bytes.size() >= max_bytes) throw ImageError(Problem::FileTooLarge, size_message(bytes.size(), max_bytes));
    const std::string type = detect_type(bytes);
    if (type == "image/jpeg") return false;
    if (type == "image/png" || type == "image/apng") {
        if (png_is_animated(bytes)) throw ImageError(Problem::Animated, kMsgAnimated);
        return true;
    }
    if (type == "image/gif") throw ImageError(Problem::WrongType, kMsgGif);
    if (type.find("svg") != std::string::npos) throw ImageError(Problem::WrongType, kMsgSvg);
    throw ImageError(Problem::WrongType, kMsgNotImage);
}

// Header-only load with the format's own loader: nothing is decoded until pixels are
// asked for, and any decoder error or truncation makes that later read fail.
ImagePtr load(std::string_view bytes, bool png, int jpeg_shrink) {
    void* buf = const_cast<char*>(bytes.data());
    return vips_call([&](VipsImage** out) {
        if (png)
            return vips_pngload_buffer(buf, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL,
                                       "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        return vips_jpegload_buffer(buf, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL,
                                    "fail_on", VIPS_FAIL_ON_ERROR, "shrink", jpeg_shrink, nullptr);
    });
}

// Any source layout (grey, grey+alpha, RGBA, 16-bit, CMYK) to 8-bit 3-band sRGB, alpha
// flattened onto white.
ImagePtr to_srgb8(ImagePtr img) {
    if (vips_image_hasalpha(img.get())) {
        const VipsInterpretation interp = vips_image_get_interpretation(img.get());
        const bool sixteen = interp == VIPS_INTERPRETATION_RGB16 || interp == VIPS_INTERPRETATION_GREY16 ||
                             vips_image_get_format(img.get()) == VIPS_FORMAT_USHORT;
        const double white = sixteen ? 65535.0 : 255.0;
        std::unique_ptr<VipsArrayDouble, ArrayUnref> bg(vips_array_double_newv(1, white));
        img = vips_call([&](VipsImage** out) {
            return vips_flatten(img.get(), out, "background", bg.get(), "max_alpha", white, nullptr);
        });
    }
    // An embedded colour profile (a phone's Display P3, a camera's Adobe RGB) is honoured:
    // the pixels are converted to sRGB through it. A profile lcms cannot use is ignored and
    // the plain conversion below applies, as for a picture without one.
    if (vips_image_get_typeof(img.get(), VIPS_META_ICC_NAME) != 0) {
        VipsImage* out = nullptr;
        if (vips_icc_transform(img.get(), &out, "srgb", "embedded", TRUE, "depth", 8, nullptr) == 0 && out != nullptr) {
            img.reset(out);
        } else {
            if (out != nullptr) g_object_unref(out);
            vips_error_clear();
        }
    }
    if (vips_image_get_interpretation(img.get()) != VIPS_INTERPRETATION_sRGB ||
        vips_image_get_format(img.get()) != VIPS_FORMAT_UCHAR) {
        img = vips_call([&](VipsImage** out) {
            return vips_colourspace(img.get(), out, VIPS_INTERPRETATION_sRGB, nullptr);
        });
    }
    if (vips_image_get_bands(img.get()) > 3) {
        img = vips_call([&](VipsImage** out) { return vips_extract_band(img.get(), out, 0, "n", 3, nullptr); });
    }
    if (vips_image_get_bands(img.get()) != 3) fail_corrupt();
    if (vips_image_get_format(img.get()) != VIPS_FORMAT_UCHAR) {
        img = vips_call([&](VipsImage** out) { return vips_cast(img.get(), out, VIPS_FORMAT_UCHAR, nullptr); });
    }
    return img;
}

// EXIF orientations 5 to 8 turn the picture a quarter (vips_autorot swaps its sides).
bool quarter_turned(VipsImage* img) {
    int orientation = 1;
    if (vips_image_get_typeof(img, VIPS_META_ORIENTATION) == 0) return false;
    if (vips_image_get_int(img, VIPS_META_ORIENTATION, &orientation) != 0) {
        vips_error_clear();
        return false;
    }
    return orientation >= 5 && orientation <= 8;
}

// The dimensions in the header, read before any pixel is decoded, and refused there when
// too large (a 30000×30000 PNG costs nothing to refuse).
struct Header {
    long width = 0, height = 0;
    bool quarter_turned = false;  // EXIF orientation 5–8: shown with width and height swapped
};
Header read_header(std::string_view bytes, bool png, int max_side, long max_pixels) {
    const ImagePtr img = load(bytes, png, 1);
    Header h{vips_image_get_width(img.get()), vips_image_get_height(img.get()), quarter_turned(img.get())};
    if (h.width > max_side || h.height > max_side || h.width * h.height > max_pixels)
        throw ImageError(Problem::TooLarge, too_large_message(h.width, h.height, max_side, max_pixels));
    return h;
}

// JPEG can decode at 1/2, 1/4 or 1/8 scale almost for free: the largest factor that still
// leaves `side` at least `needed` pixels, so the later resize only ever reduces.
int jpeg_shrink(bool png, long side, long needed) {
    if (png) return 1;
    for (int s : {8, 4, 2})
        if (side >= needed * s) return s;
    return 1;
}

// Decoding can take 100+ MB for an interlaced 40-megapixel PNG; two at a time per
// process keeps a burst of uploads from exhausting memory (others wait their turn).
class DecoderSlot {
public:
    DecoderSlot() { slots().acquire(); }
    ~DecoderSlot() { slots().release(); }
    DecoderSlot(const DecoderSlot&) = delete;
    DecoderSlot& operator=(const DecoderSlot&) = delete;

private:
    static std::counting_semaphore<2>& slots() {
        static std::counting_semaphore<2> s(2);
        return s;
    }
};

// The whole decode happens here, in one sequential pass (a truncated or corrupt file fails
// because the loaders were opened with fail_on=error); then the EXIF orientation is applied.
ImagePtr decode_upright(ImagePtr img) {
    ImagePtr decoded(vips_image_copy_memory(img.get()));
    if (!decoded) fail_corrupt();
    img.reset();
    return vips_call([&](VipsImage** out) { return vips_autorot(decoded.get(), out, nullptr); });
}

// The 8-bit RGB pixels of an sRGB image, row-major.
GBuffer rgb_pixels(VipsImage* img) {
    std::size_t size = 0;
    GBuffer px(vips_image_write_to_memory(img, &size));
    const auto w = static_cast<std::size_t>(vips_image_get_width(img));
    const auto h = static_cast<std::size_t>(vips_image_get_height(img));
    if (!px || size != w * h * 3) fail_corrupt();
    return px;
}

// Baseline JPEG without any metadata (EXIF GPS, camera serials, ICC profile).
std::string encode_jpeg(VipsImage* img, int quality) {
    void* out = nullptr;
    std::size_t len = 0;
    const int rc = vips_jpegsave_buffer(img, &out, &len, "Q", quality, "strip", TRUE, "optimize_coding", TRUE,
                                        "interlace", FALSE, nullptr);
    GBuffer owned(out);
    if (rc != 0 || !owned || len == 0) fail_corrupt();
    return std::string(static_cast<const char*>(owned.get()), len);
}

// Mean colour and luminance spread of a set of pixels of an 8-bit RGB picture.
class PixelSum {
public:
    PixelSum(const unsigned char* px, int w) : px_(px), w_(w) {}
    void add(int x, int y) {
        const unsigned char* q = px_ + 3 * (static_cast<std::size_t>(y) * w_ + x);
        const double l = 0.299 * q[0] + 0.587 * q[1] + 0.114 * q[2];
        r_ += q[0];
        g_ += q[1];
        b_ += q[2];
        l_ += l;
        l2_ += l * l;
        ++n_;
    }
    std::size_t count() const { return n_; }
    double r() const { return r_ / dn(); }
    double g() const { return g_ / dn(); }
    double b() const { return b_ / dn(); }
    double luma() const { return l_ / dn(); }
    double luma_stddev() const { return std::sqrt(std::max(0.0, l2_ / dn() - luma() * luma())); }

private:
    double dn() const { return n_ > 0 ? static_cast<double>(n_) : 1.0; }
    const unsigned char* px_;
    int w_;
    double r_ = 0, g_ = 0, b_ = 0, l_ = 0, l2_ = 0;
    std::size_t n_ = 0;
};

// The background is judged on the band above and beside the head, never on the whole
// outline of the picture:
//   - the top band, the upper 10% of the height across the whole width (above the head;
//     in a tightly cropped picture the hair reaches into its middle part), and
//   - the two side bands, the outer 10% of the width on each side, from 10% down to 60%
//     of the height (beside the head, where nothing but background is).
// Below 60% a head-and-shoulders picture has shoulders and clothes, which in a
// 证件照 of someone with broad shoulders reach both side edges and the lower corners; they
// are not background and are never sampled.
// The bands are cut into cells of 1/20 of the width by 1/20 of the height (40 cells above,
// 20 on each side). A cell is flat when its luminance spread is small (sensor noise and
// JPEG artefacts stay well below the limit; stripes, patterns and a room's clutter do
// not). The background colour is the per-channel median of the flat cells, so hair or a
// shoulder cutting into a band is outvoted instead of averaged in; the cells that are flat
// and close to that colour are the background. When too few cells agree there is no plain
// background (a pattern, stripes, a busy room, two walls of different colours).
constexpr int kGrid = 20;                 // cells per side of the picture
constexpr int kTopRows = 2;               // the top band: 2 of 20 rows (10%)
constexpr int kSideCols = 2;              // each side band: 2 of 20 columns (10%)
constexpr int kSideLastRow = 12;          // the side bands stop at 12 of 20 rows (60%)
constexpr double kFlatCellStddev = 12;    // luminance spread of a flat cell, 0..255
constexpr double kSameColour = 32;        // RGB distance from the background colour

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

void sample_background(const unsigned char* px, int w, int h, Stats& s) {
    struct Cell {
        int x0, y0, x1, y1;
        double r, g, b, luma_stddev;
    };
    std::vector<Cell> cells;
    PixelSum all(px, w);
    auto add_cell = [&](int i, int j) {
        const int x0 = i * w / kGrid, x1 = (i + 1) * w / kGrid, y0 = j * h / kGrid, y1 = (j + 1) * h / kGrid;
        if (x1 <= x0 || y1 <= y0) return;
        PixelSum cell(px, w);
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                cell.add(x, y);
                all.add(x, y);
            }
        cells.push_back({x0, y0, x1, y1, cell.r(), cell.g(), cell.b(), cell.luma_stddev()});
    };
    for (int j = 0; j < kTopRows; ++j)
        for (int i = 0; i < kGrid; ++i) add_cell(i, j);
    for (int j = kTopRows; j < kSideLastRow; ++j)
        for (int i = 0; i < kGrid; ++i)
            if (i < kSideCols || i >= kGrid - kSideCols) add_cell(i, j);
    if (cells.empty()) return;

    std::vector<double> rs, gs, bs;
    for (const Cell& c : cells)
        if (c.luma_stddev < kFlatCellStddev) {
            rs.push_back(c.r);
            gs.push_back(c.g);
            bs.push_back(c.b);
        }
    const double mr = median(rs), mg = median(gs), mb = median(bs);
    PixelSum background(px, w);
    std::size_t agreeing = 0;
    for (const Cell& c : cells) {
        const double d = std::sqrt((c.r - mr) * (c.r - mr) + (c.g - mg) * (c.g - mg) + (c.b - mb) * (c.b - mb));
        if (rs.empty() || c.luma_stddev >= kFlatCellStddev || d >= kSameColour) continue;
        ++agreeing;
        for (int y = c.y0; y < c.y1; ++y)
            for (int x = c.x0; x < c.x1; ++x) background.add(x, y);
    }
    s.background_share = static_cast<double>(agreeing) / static_cast<double>(cells.size());
    // Colour and spread of the background cells; without a plain background, of the
    // whole bands (so their spread shows how busy they are).
    const PixelSum& judged = s.background_share >= kMinBackgroundShare ? background : all;
    s.border_r = judged.r();
    s.border_g = judged.g();
    s.border_b = judged.b();
    s.border_stddev = judged.luma_stddev();
}

Stats compute_stats(const unsigned char* px, int w, int h) {
    Stats s;
    const std::size_t count = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    if (count == 0) return s;
    double luma_sum = 0, colour_sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned r = px[3 * i], g = px[3 * i + 1], b = px[3 * i + 2];
        luma_sum += 0.299 * r + 0.587 * g + 0.114 * b;
        colour_sum += std::max({r, g, b}) - std::min({r, g, b});
    }
    s.mean_luma = luma_sum / static_cast<double>(count);
    s.colorfulness = colour_sum / static_cast<double>(count);

    // The face: the middle third in both directions.
    PixelSum face(px, w);
    for (int y = h / 3; y < std::max(h / 3 + 1, 2 * h / 3) && y < h; ++y)
        for (int x = w / 3; x < std::max(w / 3 + 1, 2 * w / 3) && x < w; ++x) face.add(x, y);
    s.center_luma = face.count() > 0 ? face.luma() : 0;

    sample_background(px, w, h, s);
    return s;
}

}  // namespace

void init() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Only the JPEG and PNG loaders built into libvips are ever used. Its loadable
        // modules (ImageMagick, poppler, HEIF, JPEG XL, OpenSlide) are blocked as untrusted
        // anyway; not loading them at all keeps their code out of a process that reads
        // hostile files and saves about 6 MB per process. libvips finds its modules under
        // $VIPSHOME, so it is pointed at a place that has none, unless the operator set it.
        setenv("VIPSHOME", "/nonexistent/zikao-no-vips-modules", 0);
        // Uploads and decoded pictures are megabytes each: served straight from mmap and
        // returned to the system when freed, instead of staying in every worker thread's
        // malloc arena after the first upload it handled (8 threads × ~7 MB otherwise).
        mallopt(M_MMAP_THRESHOLD, 256 * 1024);
        if (VIPS_INIT("zikao") != 0) {
            vips_error_clear();
            throw std::runtime_error("libvips initialisation failed");
        }
        vips_block_untrusted_set(TRUE);
        // One image per request and many worker threads: extra vips threads per request
        // only add contention, and the operation cache would pin images (and the request
        // buffers they point into) past the request.
        vips_concurrency_set(1);
        vips_cache_set_max(0);
        vips_cache_set_max_mem(0);
        vips_cache_set_max_files(0);
        // libvips reports bad input on stderr as free text; the reason already reaches
        // the examinee as an ImageError, and module logs stay one JSON object per line.
        g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO),
                          [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
    });
}

std::string detect_type(std::string_view bytes) {
    // magic_t is not thread-safe; one per thread avoids a lock on every upload.
    thread_local MagicHolder holder;
    if (holder.cookie == nullptr) throw std::runtime_error("libmagic could not load its database");
    const char* type = magic_buffer(holder.cookie, bytes.data(), bytes.size());
    if (type == nullptr) throw std::runtime_error("libmagic could not classify the buffer");
    return type;
}

bool header_readable(std::string_view bytes, std::string_view type) {
    if (type != "image/jpeg" && type != "image/png") return false;
    init();
    try {
        const ImagePtr img = load(bytes, type == "image/png", 1);
        return vips_image_get_width(img.get()) > 0 && vips_image_get_height(img.get()) > 0;
    } catch (const ImageError&) {
        return false;
    }
}

CheckedImage check_and_reencode(std::string_view bytes, const Limits& limits) {
    const bool png = sniff(bytes, limits.max_bytes);

    const Header header = read_header(bytes, png, limits.max_side, limits.max_pixels);
    const long w = header.width, h = header.height;
    if (w < limits.min_width || h < limits.min_height || w * h < limits.min_pixels)
        throw ImageError(Problem::TooSmall, too_small_message(w, h, limits));

    const long target = std::max(1, limits.output_max_side);
    const int shrink = jpeg_shrink(png, std::max(w, h), target);
    const DecoderSlot slot;
    ImagePtr img = to_srgb8(load(bytes, png, shrink));
    const int lw = vips_image_get_width(img.get());
    const int lh = vips_image_get_height(img.get());
    if (std::max(lw, lh) > target) {
        const double scale = static_cast<double>(target) / std::max(lw, lh);
        img = vips_call([&](VipsImage** out) { return vips_resize(img.get(), out, scale, nullptr); });
    }
    const ImagePtr upright = decode_upright(std::move(img));

    CheckedImage result;
    result.width = vips_image_get_width(upright.get());
    result.height = vips_image_get_height(upright.get());
    result.stats = compute_stats(static_cast<const unsigned char*>(rgb_pixels(upright.get()).get()), result.width,
                                 result.height);
    result.jpeg = encode_jpeg(upright.get(), limits.jpeg_quality);
    result.sha256 = crypto::sha256(bytes);
    result.source_type = png ? "image/png" : "image/jpeg";
    return result;
}

const char* problem_heading(Problem p) {
    switch (p) {
        case Problem::Empty: return "请选择照片";
        case Problem::FileTooLarge: return "文件过大";
        case Problem::WrongType: return "文件类型不正确";
        case Problem::Animated: return "不支持动态图片";
        case Problem::Corrupt: return "照片文件已损坏";
        case Problem::TooSmall: return "照片尺寸过小";
        case Problem::TooLarge: return "照片尺寸过大";
        case Problem::Landscape: return "照片方向不正确";
        case Problem::Background: return "背景颜色不符合要求";
        case Problem::Frame: return "照片不能有边框";
    }
    return "照片不符合要求";
}

namespace {

struct Rgbf {
    double r = 0, g = 0, b = 0;
};

double distance(const Rgbf& a, const Rgbf& b) {
    return std::sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b));
}

// Mean colour and luminance spread of the one-pixel outline of the rectangle inset by k.
struct Ring {
    Rgbf mean;
    double luma_stddev = 0;
};

Ring ring_at(const unsigned char* px, int w, int h, int k) {
    PixelSum sum(px, w);
    const int x0 = k, x1 = w - 1 - k, y0 = k, y1 = h - 1 - k;
    for (int x = x0; x <= x1; ++x) {
        sum.add(x, y0);
        sum.add(x, y1);
    }
    for (int y = y0 + 1; y < y1; ++y) {
        sum.add(x0, y);
        sum.add(x1, y);
    }
    return {{sum.r(), sum.g(), sum.b()}, sum.luma_stddev()};
}

// The background colour for padding: the mean of the side strips over the upper part.
Rgbf side_colour(const Stats& s) { return {s.border_r, s.border_g, s.border_b}; }

std::string dims_message_small(long w, long h, const GraduationLimits& limits) {
    return "照片为 " + dims(w, h) + " 像素，毕业照至少需要 " + dims(limits.min_width, limits.min_height) +
           " 像素（宽×高），请上传更清晰的照片。";
}

}  // namespace

bool has_frame(const unsigned char* rgb, int w, int h) {
    if (w < 16 || h < 16) return false;
    // A frame is a run of outlines, from the edge inwards, that are each one flat colour
    // (the same colour all the way round, bottom included) ...
    const int deepest = std::max(3, std::min(w, h) * 6 / 100);
    const Ring outer = ring_at(rgb, w, h, 0);
    int thickness = 0;
    while (thickness < deepest) {
        const Ring r = ring_at(rgb, w, h, thickness);
        if (r.luma_stddev >= 15 || distance(r.mean, outer.mean) >= 30) break;
        ++thickness;
    }
    if (thickness == 0 || thickness == deepest) return false;
    // ... followed, along the top, by something else: the picture's own background. Most
    // of that band must differ from the frame colour, so dark hair touching the top of an
    // unframed picture (which differs only where the hair is) is not taken for a frame.
    // One row is skipped: JPEG blurs the boundary.
    const int first = thickness + 1, last = std::min(h / 2, thickness + 4);
    std::size_t differing = 0, n = 0;
    for (int y = first; y < last; ++y)
        for (int x = thickness; x < w - thickness; ++x) {
            const unsigned char* q = rgb + 3 * (static_cast<std::size_t>(y) * w + x);
            if (distance({double(q[0]), double(q[1]), double(q[2])}, outer.mean) > 40) ++differing;
            ++n;
        }
    return n > 0 && differing * 10 >= n * 8;
}

GraduationPhoto check_graduation_photo(std::string_view bytes, const GraduationLimits& limits) {
    const bool png = sniff(bytes, limits.max_bytes);

    // Dimensions as the picture is meant to be seen: EXIF orientations 5–8 turn it a
    // quarter, so a phone's 4000×3000 with orientation 6 is a 3000×4000 portrait.
    const Header header = read_header(bytes, png, limits.max_side, limits.max_pixels);
    const long upright_w = header.quarter_turned ? header.height : header.width;
    const long upright_h = header.quarter_turned ? header.width : header.height;
    if (upright_w > upright_h)
        throw ImageError(Problem::Landscape, "照片为横向（" + dims(upright_w, upright_h) +
                                                 " 像素），毕业照应为竖向半身正面照，请重新拍摄或裁剪后上传。");
    if (upright_w < limits.min_width || upright_h < limits.min_height)
        throw ImageError(Problem::TooSmall, dims_message_small(upright_w, upright_h, limits));

    // Decode at the smallest JPEG scale that still leaves the output height, then scale
    // so the upright height is exactly the output height.
    const long target_h = std::max(1, limits.out_height);
    const DecoderSlot slot;
    ImagePtr img = to_srgb8(load(bytes, png, jpeg_shrink(png, upright_h, target_h)));
    {
        const bool quarter = quarter_turned(img.get());
        const int loaded_upright_h = quarter ? vips_image_get_width(img.get()) : vips_image_get_height(img.get());
        const double scale = static_cast<double>(target_h) / loaded_upright_h;
        if (std::abs(scale - 1.0) > 1e-9)
            img = vips_call([&](VipsImage** out) { return vips_resize(img.get(), out, scale, nullptr); });
    }
    ImagePtr upright = decode_upright(std::move(img));

    GraduationPhoto result;
    const int uw = vips_image_get_width(upright.get());
    const int uh = vips_image_get_height(upright.get());
    {
        const GBuffer px = rgb_pixels(upright.get());
        const auto* rgb = static_cast<const unsigned char*>(px.get());
        if (has_frame(rgb, uw, uh))
            throw ImageError(Problem::Frame, "照片四周有边框，毕业照除头像外不得添加边框、文字或图案，请上传原始照片。");
        result.stats = compute_stats(rgb, uw, uh);
    }
    result.background = classify_background(result.stats);
    if (result.background == Background::Other)
        throw ImageError(Problem::Background,
                         std::string("照片背景应为浅蓝色、白色或浅灰色的纯色背景，这张照片") +
                             background_fault_text(background_fault(result.stats)) +
                             "（系统按头部上方和两侧的背景判断），请更换背景后重新拍摄。");

    // 3:4 without distortion: the whole height is kept; a wider picture loses equal parts
    // of its sides (background), a narrower one gets the background colour added at both.
    const int out_w = std::max(1, limits.out_width), out_h = static_cast<int>(target_h);
    ImagePtr framed;
    if (uw >= out_w) {
        const int left = (uw - out_w) / 2;
        const int top = std::max(0, (uh - out_h) / 2);
        framed = vips_call([&](VipsImage** out) {
            return vips_extract_area(upright.get(), out, left, top, out_w, std::min(uh, out_h), nullptr);
        });
    } else {
        framed = std::move(upright);
    }
    if (vips_image_get_width(framed.get()) != out_w || vips_image_get_height(framed.get()) != out_h) {
        const Rgbf c = side_colour(result.stats);
        std::unique_ptr<VipsArrayDouble, ArrayUnref> bg(vips_array_double_newv(3, c.r, c.g, c.b));
        const int fw = vips_image_get_width(framed.get()), fh = vips_image_get_height(framed.get());
        framed = vips_call([&](VipsImage** out) {
            return vips_embed(framed.get(), out, (out_w - fw) / 2, (out_h - fh) / 2, out_w, out_h, "extend",
                              VIPS_EXTEND_BACKGROUND, "background", bg.get(), nullptr);
        });
    }
    result.jpeg = encode_jpeg(framed.get(), limits.jpeg_quality);
    result.width = out_w;
    result.height = out_h;
    result.sha256 = crypto::sha256(bytes);
    result.source_type = png ? "image/png" : "image/jpeg";
    return result;
}

Background classify_background(const Stats& s) {
    if (s.background_share < kMinBackgroundShare || s.border_stddev >= 18) return Background::Other;
    const double r = s.border_r, g = s.border_g, b = s.border_b;
    const double lo = std::min({r, g, b}), hi = std::max({r, g, b});
    if (lo >= 225 && hi - lo <= 20) return Background::White;
    if (lo >= 170 && hi - lo <= 20) return Background::LightGrey;
    if (b >= 180 && b - r >= 25 && g >= 150) return Background::LightBlue;
    if (b >= 120 && b - r >= 60 && b - g >= 20) return Background::Blue;
    return Background::Other;
}

BackgroundFault background_fault(const Stats& s) {
    if (s.background_share < kMinBackgroundShare || s.border_stddev >= 18) return BackgroundFault::NotPlain;
    if (classify_background(s) != Background::Other) return BackgroundFault::None;
    const double lo = std::min({s.border_r, s.border_g, s.border_b}), hi = std::max({s.border_r, s.border_g, s.border_b});
    const double luma = 0.299 * s.border_r + 0.587 * s.border_g + 0.114 * s.border_b;
    // A clearly coloured background is named by its colour, a dull one by its darkness.
    if (hi - lo <= 45 && luma < 170) return BackgroundFault::TooDark;
    return BackgroundFault::WrongColour;
}

const char* background_fault_text(BackgroundFault f) {
    switch (f) {
        case BackgroundFault::None: return "";
        case BackgroundFault::NotPlain: return "头部上方和两侧的背景不是纯色（有图案、条纹或杂物）";
        case BackgroundFault::TooDark: return "背景颜色过深";
        case BackgroundFault::WrongColour: return "背景为其他颜色（如红色、绿色、黄色）";
    }
    return "";
}

const char* background_name(Background b) {
    switch (b) {
        case Background::White: return "白色";
        case Background::LightBlue: return "浅蓝色";
        case Background::Blue: return "蓝色";
        case Background::LightGrey: return "浅灰色";
        case Background::Other: return "其他";
    }
    return "其他";
}

}  // namespace zk::image
