// image.cpp: libmagic + libvips implementation of image.hpp.
// SECURITY: trusts libmagic to name the type and libvips' jpegload/pngload (with untrusted
// loaders blocked) to parse it; the upload itself is hostile. The PNG chunk walk here is
// bounds-checked byte by byte. Every VipsImage and g_malloc'd buffer is owned by RAII, so
// no path leaks one. libvips error text never reaches a message and nothing is logged.
#include "common/domain/image.hpp"

#include "common/base/crypto.hpp"

#include <magic.h>
#include <vips/vips.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <semaphore>

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
    throw ImageError(kMsgCorrupt);
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

std::string too_large_message(long w, long h, const Limits& limits) {
    // The advice must itself pass the limits, so it never exceeds max_side or the
    // square root of max_pixels even when the limits are configured below 4000.
    long advice = std::min<long>(4000, limits.max_side);
    if (limits.max_pixels > 0)
        advice = std::min<long>(advice, static_cast<long>(std::sqrt(static_cast<double>(limits.max_pixels))));
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

    // The top and the two sides, 5% of each dimension (at least 2 px, never more than
    // half). The bottom edge is left out: in a head-and-shoulders photo the shoulders
    // reach it, and they are not background.
    const int bx = std::min(std::max(2, static_cast<int>(std::lround(w * 0.05))), std::max(1, w / 2));
    const int by = std::min(std::max(2, static_cast<int>(std::lround(h * 0.05))), std::max(1, h / 2));
    double sr = 0, sg = 0, sb = 0, sl = 0, sl2 = 0;
    std::size_t n = 0;
    for (int y = 0; y < h; ++y) {
        const bool edge_row = y < by;
        for (int x = 0; x < w; ++x) {
            if (!edge_row && x >= bx && x < w - bx) {
                x = w - bx - 1;  // skip the interior of this row
                continue;
            }
            const unsigned char* q = px + 3 * (static_cast<std::size_t>(y) * w + x);
            const double l = 0.299 * q[0] + 0.587 * q[1] + 0.114 * q[2];
            sr += q[0];
            sg += q[1];
            sb += q[2];
            sl += l;
            sl2 += l * l;
            ++n;
        }
    }
    if (n > 0) {
        const double dn = static_cast<double>(n);
        s.border_r = sr / dn;
        s.border_g = sg / dn;
        s.border_b = sb / dn;
        const double mean = sl / dn;
        s.border_stddev = std::sqrt(std::max(0.0, sl2 / dn - mean * mean));
    }
    return s;
}

}  // namespace

void init() {
    static std::once_flag once;
    std::call_once(once, [] {
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

CheckedImage check_and_reencode(std::string_view bytes, const Limits& limits) {
    init();
    if (bytes.empty()) throw ImageError(kMsgEmpty);
    if (bytes.size() >= limits.max_bytes) throw ImageError(size_message(bytes.size(), limits.max_bytes));

    const std::string type = detect_type(bytes);
    bool png = false;
    if (type == "image/jpeg") {
        png = false;
    } else if (type == "image/png" || type == "image/apng") {
        png = true;
    } else if (type == "image/gif") {
        throw ImageError(kMsgGif);
    } else if (type.find("svg") != std::string::npos) {
        throw ImageError(kMsgSvg);
    } else {
        throw ImageError(kMsgNotImage);
    }
    if (png && png_is_animated(bytes)) throw ImageError(kMsgAnimated);

    long w = 0, h = 0;
    {
        ImagePtr header = load(bytes, png, 1);
        w = vips_image_get_width(header.get());
        h = vips_image_get_height(header.get());
    }
    if (w > limits.max_side || h > limits.max_side || w * h > limits.max_pixels)
        throw ImageError(too_large_message(w, h, limits));
    if (w < limits.min_width || h < limits.min_height || w * h < limits.min_pixels)
        throw ImageError(too_small_message(w, h, limits));

    // JPEG can decode at 1/2, 1/4 or 1/8 scale almost for free; pick the largest that still
    // leaves at least the output size, so the final resize only ever reduces.
    const long target = std::max(1, limits.output_max_side);
    const long longest = std::max(w, h);
    int shrink = 1;
    if (!png) {
        for (int s : {8, 4, 2}) {
            if (longest >= target * s) {
                shrink = s;
                break;
            }
        }
    }

    // Decoding can take 100+ MB for an interlaced 40-megapixel PNG; two at a time per
    // process keeps a burst of uploads from exhausting memory (others wait their turn).
    static std::counting_semaphore<2> decoders(2);
    decoders.acquire();
    struct Release {
        ~Release() { decoders.release(); }
    } release;

    ImagePtr img = to_srgb8(load(bytes, png, shrink));
    const int lw = vips_image_get_width(img.get());
    const int lh = vips_image_get_height(img.get());
    if (std::max(lw, lh) > target) {
        const double scale = static_cast<double>(target) / std::max(lw, lh);
        img = vips_call([&](VipsImage** out) { return vips_resize(img.get(), out, scale, nullptr); });
    }
    // The whole decode happens here, in one sequential pass; a truncated or corrupt file
    // fails this call because the loaders were opened with fail_on=error.
    ImagePtr small(vips_image_copy_memory(img.get()));
    if (!small) fail_corrupt();
    img.reset();
    ImagePtr upright = vips_call([&](VipsImage** out) { return vips_autorot(small.get(), out, nullptr); });
    small.reset();

    CheckedImage result;
    result.width = vips_image_get_width(upright.get());
    result.height = vips_image_get_height(upright.get());
    {
        std::size_t size = 0;
        GBuffer px(vips_image_write_to_memory(upright.get(), &size));
        if (!px || size != static_cast<std::size_t>(result.width) * result.height * 3) fail_corrupt();
        result.stats = compute_stats(static_cast<const unsigned char*>(px.get()), result.width, result.height);
    }
    {
        void* out = nullptr;
        std::size_t len = 0;
        const int rc = vips_jpegsave_buffer(upright.get(), &out, &len, "Q", limits.jpeg_quality, "strip", TRUE,
                                            "optimize_coding", TRUE, "interlace", FALSE, nullptr);
        GBuffer owned(out);
        if (rc != 0 || !owned || len == 0) fail_corrupt();
        result.jpeg.assign(static_cast<const char*>(owned.get()), len);
    }
    result.sha256 = crypto::sha256(bytes);
    result.source_type = png ? "image/png" : "image/jpeg";
    return result;
}

Background classify_background(const Stats& s) {
    if (s.border_stddev >= 18) return Background::Other;
    const double r = s.border_r, g = s.border_g, b = s.border_b;
    const double lo = std::min({r, g, b}), hi = std::max({r, g, b});
    if (lo >= 225 && hi - lo <= 20) return Background::White;
    if (lo >= 170 && hi - lo <= 20) return Background::LightGrey;
    if (b >= 180 && b - r >= 25 && g >= 150) return Background::LightBlue;
    if (b >= 120 && b - r >= 60 && b - g >= 20) return Background::Blue;
    return Background::Other;
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
