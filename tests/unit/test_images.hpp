// test_images.hpp: builds test images in memory with libvips (JPEG, PNG, GIF), plus
// hand-made PNG byte streams (chunk writer with its own CRC-32) for headers and chunk
// lists no encoder would produce. Shared by every test that needs an upload.
// Trusts libvips' savers; callers must have called zk::image::init() first.
#pragma once
#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zk::test {

struct Rgb {
    unsigned char r = 0, g = 0, b = 0;
};

struct VipsImageUnref {
    void operator()(VipsImage* p) const noexcept { g_object_unref(p); }
};
using VipsImagePtr = std::unique_ptr<VipsImage, VipsImageUnref>;

// Pixel generator: (x, y) -> colour. Alpha, when asked for, comes from a second function.
using Pattern = std::function<Rgb(int x, int y)>;
using AlphaPattern = std::function<unsigned char(int x, int y)>;

inline Pattern solid(Rgb c) {
    return [c](int, int) { return c; };
}

// Independent colour noise; deterministic for a seed so failures reproduce.
inline Pattern noise(unsigned seed = 1) {
    auto gen = std::make_shared<std::mt19937>(seed);
    return [gen](int, int) {
        const auto v = (*gen)();
        return Rgb{static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                   static_cast<unsigned char>(v >> 16)};
    };
}

// R = G = B noise: no colour at all, but far from flat.
inline Pattern grey_noise(unsigned seed = 2) {
    auto gen = std::make_shared<std::mt19937>(seed);
    return [gen](int, int) {
        const auto v = static_cast<unsigned char>((*gen)());
        return Rgb{v, v, v};
    };
}

// Smooth colour ramps: compress like a camera photo of a plain scene.
inline Pattern gradient(int w, int h) {
    return [w, h](int x, int y) {
        return Rgb{static_cast<unsigned char>(x * 255 / std::max(1, w - 1)),
                   static_cast<unsigned char>(y * 255 / std::max(1, h - 1)),
                   static_cast<unsigned char>((x + y) * 255 / std::max(1, w + h - 2))};
    };
}

// An ID-photo stand-in: flat background with a differently coloured block in the middle
// (20%..80% across, 20%..85% down) that never touches the outer 5% strip.
inline Pattern portrait(int w, int h, Rgb border, Rgb center) {
    return [=](int x, int y) {
        const bool inside = x >= w / 5 && x < w * 4 / 5 && y >= h / 5 && y < h * 85 / 100;
        return inside ? center : border;
    };
}

inline VipsImagePtr make_image(int w, int h, const Pattern& p, const AlphaPattern* alpha = nullptr) {
    const int bands = alpha ? 4 : 3;
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * bands);
    std::size_t i = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Rgb c = p(x, y);
            px[i++] = c.r;
            px[i++] = c.g;
            px[i++] = c.b;
            if (alpha) px[i++] = (*alpha)(x, y);
        }
    VipsImage* img = vips_image_new_from_memory_copy(px.data(), px.size(), w, h, bands, VIPS_FORMAT_UCHAR);
    if (img == nullptr) throw std::runtime_error("vips_image_new_from_memory_copy failed");
    return VipsImagePtr(img);
}

inline std::string take_buffer(int rc, void* buf, std::size_t len, const char* what) {
    std::unique_ptr<void, void (*)(void*)> owned(buf, g_free);
    if (rc != 0 || buf == nullptr) {
        vips_error_clear();
        throw std::runtime_error(std::string(what) + " failed");
    }
    return std::string(static_cast<const char*>(buf), len);
}

inline std::string save_jpeg(VipsImage* img, int quality = 90) {
    void* buf = nullptr;
    std::size_t len = 0;
    const int rc = vips_jpegsave_buffer(img, &buf, &len, "Q", quality, nullptr);
    return take_buffer(rc, buf, len, "vips_jpegsave_buffer");
}

inline std::string save_png(VipsImage* img) {
    void* buf = nullptr;
    std::size_t len = 0;
    const int rc = vips_pngsave_buffer(img, &buf, &len, nullptr);
    return take_buffer(rc, buf, len, "vips_pngsave_buffer");
}

inline std::string save_gif(VipsImage* img) {
    void* buf = nullptr;
    std::size_t len = 0;
    const int rc = vips_gifsave_buffer(img, &buf, &len, nullptr);
    return take_buffer(rc, buf, len, "vips_gifsave_buffer");
}

// orientation 0 leaves the EXIF orientation tag out; 1..8 writes it (6 = rotate 90° CW).
inline std::string make_jpeg(int w, int h, const Pattern& p, int quality = 90, int orientation = 0) {
    VipsImagePtr img = make_image(w, h, p);
    if (orientation != 0) vips_image_set_int(img.get(), "orientation", orientation);
    return save_jpeg(img.get(), quality);
}

inline std::string make_png(int w, int h, const Pattern& p, const AlphaPattern* alpha = nullptr) {
    VipsImagePtr img = make_image(w, h, p, alpha);
    return save_png(img.get());
}

inline std::string make_gif(int w, int h, const Pattern& p) {
    VipsImagePtr img = make_image(w, h, p);
    return save_gif(img.get());
}

inline std::string make_portrait_jpeg(int w, int h, Rgb border, Rgb center) {
    return make_jpeg(w, h, portrait(w, h, border, center));
}

// ---- hand-made PNG streams ----

inline std::uint32_t crc32(std::string_view data) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

inline void put_be32(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v >> 24));
    out.push_back(static_cast<char>(v >> 16));
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v));
}

inline std::uint32_t get_be32(std::string_view s, std::size_t pos) {
    return (std::uint32_t{static_cast<unsigned char>(s[pos])} << 24) |
           (std::uint32_t{static_cast<unsigned char>(s[pos + 1])} << 16) |
           (std::uint32_t{static_cast<unsigned char>(s[pos + 2])} << 8) |
           std::uint32_t{static_cast<unsigned char>(s[pos + 3])};
}

// length + type + data + CRC over type and data, as the PNG spec lays a chunk out.
inline std::string png_chunk(std::string_view type, std::string_view data) {
    std::string out;
    put_be32(out, static_cast<std::uint32_t>(data.size()));
    std::string body(type);
    body.append(data);
    out += body;
    put_be32(out, crc32(body));
    return out;
}

inline const std::string& png_signature() {
    static const std::string sig("\x89PNG\r\n\x1a\n", 8);
    return sig;
}

// A PNG that claims w×h 8-bit RGB in a valid IHDR but carries only a token IDAT: enough
// for a header read, never enough to decode.
inline std::string png_with_header(std::uint32_t w, std::uint32_t h) {
    std::string ihdr;
    put_be32(ihdr, w);
    put_be32(ihdr, h);
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // depth 8, RGB, deflate, filter 0, no interlace
    // A tiny valid zlib stream (one empty stored block) as the only IDAT.
    const std::string idat("\x78\x01\x01\x00\x00\xff\xff\x00\x00\x00\x01", 11);
    return png_signature() + png_chunk("IHDR", ihdr) + png_chunk("IDAT", idat) + png_chunk("IEND", "");
}

// Offset of the first chunk of `type` (its length field), or npos.
inline std::size_t find_png_chunk(std::string_view png, std::string_view type) {
    std::size_t pos = 8;
    while (pos + 12 <= png.size()) {
        const std::uint32_t len = get_be32(png, pos);
        if (png.substr(pos + 4, 4) == type) return pos;
        pos += 12 + static_cast<std::size_t>(len);
    }
    return std::string_view::npos;
}

// Inserts a chunk right after IHDR (signature 8 + IHDR 25 bytes), e.g. acTL for APNG.
inline std::string insert_after_ihdr(const std::string& png, const std::string& chunk) {
    std::string out = png;
    out.insert(8 + 25, chunk);
    return out;
}

// acTL: 1 frame, loop forever. Enough for any reader to call the file animated.
inline std::string actl_chunk() {
    std::string data;
    put_be32(data, 1);
    put_be32(data, 0);
    return png_chunk("acTL", data);
}

// Flips a bit in the first IDAT's CRC, leaving the data intact.
inline std::string png_bad_idat_crc(const std::string& png) {
    std::string out = png;
    const std::size_t pos = find_png_chunk(out, "IDAT");
    if (pos == std::string::npos) throw std::runtime_error("no IDAT");
    const std::uint32_t len = get_be32(out, pos);
    out[pos + 8 + len] = static_cast<char>(out[pos + 8 + len] ^ 0x01);
    return out;
}

// Overwrites the first IDAT's compressed data after the zlib header with garbage and
// re-computes the CRC, so only the deflate stream is wrong.
inline std::string png_garbage_idat(const std::string& png) {
    std::string out = png;
    const std::size_t pos = find_png_chunk(out, "IDAT");
    if (pos == std::string::npos) throw std::runtime_error("no IDAT");
    const std::uint32_t len = get_be32(out, pos);
    std::mt19937 gen(7);
    for (std::uint32_t i = 2; i < len; ++i) out[pos + 8 + i] = static_cast<char>(gen());
    const std::uint32_t crc = crc32(std::string_view(out).substr(pos + 4, 4 + len));
    std::string crc_bytes;
    put_be32(crc_bytes, crc);
    out.replace(pos + 8 + len, 4, crc_bytes);
    return out;
}


// ---- graduation-photo pictures (head and shoulders, frames, rotation, odd encodings) ----

// Wide shoulders spread to both lower corners; narrow ones stay in the middle of the
// bottom edge, leaving the background visible in the lower corners.
enum class Shoulders { Wide, Narrow };

// A head-and-shoulders portrait as a graduation photo shows it: a background (usually
// flat), an oval face with dark hair on top of the head, a neck, and dark clothes whose
// shoulders widen downwards and reach the bottom edge. Everything above 70% of the height
// away from the middle third is background, so the top strip and the upper parts of the
// sides are pure background.
inline Pattern head_and_shoulders(int w, int h, Pattern background, Shoulders shoulders = Shoulders::Wide) {
    const Rgb skin{224, 172, 140}, hair{28, 22, 18}, clothes{34, 40, 62}, eyes{45, 30, 25}, mouth{160, 80, 80};
    return [=](int x, int y) -> Rgb {
        const double fx = (x + 0.5) / w, fy = (y + 0.5) / h;
        const double ax = fx > 0.5 ? fx - 0.5 : 0.5 - fx;  // distance from the vertical middle
        if (fy >= 0.72) {
            const double t = fy - 0.72;
            // Wide: half-width 0.22 at the top of the shoulders, past 0.5 (both sides) by 0.88.
            const double half = shoulders == Shoulders::Wide ? 0.22 + t * 1.9 : 0.17 + t * 0.35;
            if (ax <= half) return clothes;
        }
        if (fy >= 0.55 && fy < 0.74 && ax <= 0.075) return skin;  // neck
        const double hx = (fx - 0.5) / 0.175, hy = (fy - 0.385) / 0.205;
        if (hx * hx + hy * hy <= 1.0 && fy < 0.31) return hair;  // hair on top of the head
        const double dx = (fx - 0.5) / 0.16, dy = (fy - 0.40) / 0.19;
        if (dx * dx + dy * dy <= 1.0) {
            if (fy >= 0.37 && fy < 0.40 && ax >= 0.04 && ax < 0.08) return eyes;
            if (fy >= 0.49 && fy < 0.51 && ax < 0.05) return mouth;
            return skin;
        }
        return background(x, y);
    };
}

inline Pattern head_and_shoulders(int w, int h, Rgb background, Shoulders shoulders = Shoulders::Wide) {
    return head_and_shoulders(w, h, solid(background), shoulders);
}

// A camera-like photo of a head-and-shoulders portrait: the light falls off a little
// towards the bottom and every channel carries sensor noise (about ±8, deterministic for
// a seed), so nothing is perfectly flat.
inline Pattern camera_like(int w, int h, Rgb background, Shoulders shoulders = Shoulders::Wide, unsigned seed = 21) {
    const Pattern clean = head_and_shoulders(w, h, background, shoulders);
    auto gen = std::make_shared<std::mt19937>(seed);
    return [=](int x, int y) {
        const Rgb c = clean(x, y);
        const int falloff = y * 6 / std::max(1, h);  // 0..5 darker towards the bottom
        auto channel = [&](unsigned char v) {
            const auto r = (*gen)();
            const int n = static_cast<int>(r % 9) + static_cast<int>((r >> 8) % 9) - 8;  // -8..8, triangular
            return static_cast<unsigned char>(std::clamp(static_cast<int>(v) - falloff + n, 0, 255));
        };
        const unsigned char r = channel(c.r), g = channel(c.g), b = channel(c.b);
        return Rgb{r, g, b};
    };
}

// ---- realistic 证件照 (head and shoulders as a studio or a phone takes them) ----

// What lies behind the examinee. A backdrop is lit unevenly (brighter in the upper middle,
// up to `falloff` levels darker towards the lower corners) and carries sensor noise.
inline Pattern lit_backdrop(int w, int h, Rgb base, int falloff = 14, int noise_amp = 5, unsigned seed = 41) {
    auto gen = std::make_shared<std::mt19937>(seed);
    return [=](int x, int y) {
        const double fx = (x + 0.5) / w - 0.5, fy = (y + 0.5) / h - 0.25;
        const int shade = static_cast<int>(std::lround(falloff * std::min(1.0, (fx * fx + fy * fy) * 1.6)));
        auto channel = [&](unsigned char v) {
            const int n = static_cast<int>((*gen)() % (2 * noise_amp + 1)) - noise_amp;
            return static_cast<unsigned char>(std::clamp(static_cast<int>(v) - shade + n, 0, 255));
        };
        const unsigned char r = channel(base.r), g = channel(base.g), b = channel(base.b);
        return Rgb{r, g, b};
    };
}

// Vertical stripes `period` pixels wide, alternating two colours (a curtain, a tiled wall).
inline Pattern stripes(Rgb a, Rgb b, int period) {
    return [=](int x, int) { return (x / std::max(1, period)) % 2 == 0 ? a : b; };
}

// A room behind the examinee: a deterministic patchwork of coloured rectangles (shelves,
// a door, posters), each with a little noise.
inline Pattern busy_room(int w, int h, unsigned seed = 43) {
    std::mt19937 gen(seed);
    struct Box {
        int x0, y0, x1, y1;
        Rgb c;
    };
    std::vector<Box> boxes;
    for (int i = 0; i < 40; ++i) {
        const int x0 = static_cast<int>(gen() % w), y0 = static_cast<int>(gen() % h);
        const int bw = w / 12 + static_cast<int>(gen() % (w / 4)), bh = h / 12 + static_cast<int>(gen() % (h / 4));
        const auto v = gen();
        boxes.push_back({x0, y0, x0 + bw, y0 + bh,
                         Rgb{static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                             static_cast<unsigned char>(v >> 16)}});
    }
    auto noise_gen = std::make_shared<std::mt19937>(seed + 1);
    return [=](int x, int y) {
        Rgb c{190, 180, 160};  // the wall
        for (const Box& b : boxes)
            if (x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1) c = b.c;
        const int n = static_cast<int>((*noise_gen)() % 13) - 6;
        auto ch = [n](unsigned char v) { return static_cast<unsigned char>(std::clamp(v + n, 0, 255)); };
        return Rgb{ch(c.r), ch(c.g), ch(c.b)};
    };
}

// How the examinee sits in a 证件照: the shoulders (wide ones reach both side edges at
// `shoulder_edge` of the height, 72% by default, and fill the lower corners; narrow ones
// leave the corners free) and whether the hair is cut by the top edge. A broad-shouldered
// examinee cropped tight at the sides has the shoulders reach the edges higher, about
// level with the chin (kTightShoulders).
struct Sitter {
    Shoulders shoulders = Shoulders::Wide;
    bool hair_to_top = false;
    double shoulder_edge = 0.72;
};
constexpr double kUsualShoulders = 0.72, kTightShoulders = 0.585;

// A head-and-shoulders 证件照 over `background`: dark hair around a skin-tone face with
// eyes, brows and mouth, a neck, a dark jacket over a white shirt collar. Proportions
// are those of a 358×441 (or any 3:4-ish) ID photo: the face fills the middle ~40% of the
// width, the top of the head at 6% of the height (or above the picture with hair_to_top).
inline Pattern id_photo(int w, int h, Pattern background, Sitter s = {}) {
    const Rgb skin{226, 184, 156}, shade{205, 160, 132}, hair{22, 18, 16}, jacket{30, 34, 48}, shirt{236, 236, 232},
        brow{40, 30, 26}, eye{30, 24, 22}, lips{176, 96, 96};
    return [=](int x, int y) -> Rgb {
        const double fx = (x + 0.5) / w, fy = (y + 0.5) / h;
        const double ax = std::abs(fx - 0.5);
        // The face in front of everything, the hair behind and above it.
        const double dx = (fx - 0.5) / 0.17, dy = (fy - 0.41) / 0.20;
        const double hy_centre = s.hair_to_top ? 0.30 : 0.34, hy_radius = s.hair_to_top ? 0.33 : 0.28;
        const double hx = (fx - 0.5) / 0.21, hy = (fy - hy_centre) / hy_radius;
        if (dx * dx + dy * dy <= 1.0 && fy >= 0.27) {
            if (fy >= 0.345 && fy < 0.36 && ax >= 0.03 && ax < 0.10) return brow;
            if (fy >= 0.38 && fy < 0.40 && ax >= 0.045 && ax < 0.085) return eye;
            if (fy >= 0.505 && fy < 0.52 && ax < 0.045) return lips;
            return dx * dx + dy * dy > 0.8 ? shade : skin;
        }
        // Shoulders and jacket, with the shirt's V at the collar.
        const bool wide = s.shoulders == Shoulders::Wide;
        const double top = wide ? s.shoulder_edge - 0.08 : 0.68;
        if (fy >= top) {
            const double half = wide ? 0.13 + 0.42 * std::sqrt((fy - top) / 0.10) : 0.12 + 0.22 * std::sqrt((fy - top) / 0.32);
            if (ax <= half) return ax < (fy - top + 0.04) * 0.35 && fy < top + 0.22 ? shirt : jacket;
        }
        if (fy >= 0.52 && fy < 0.70 && ax <= 0.075) return ax > 0.06 ? shade : skin;  // neck
        if (hx * hx + hy * hy <= 1.0 && fy < 0.50) return hair;
        return background(x, y);
    };
}

// One named 证件照 of the test set: how it is drawn and why a correct check refuses it
// ("" = it is accepted; "not plain", "too dark", "colour").
struct IdPhotoCase {
    std::string name;
    Pattern pattern;
    std::string refused_as;
    int quality = 85;  // JPEG quality: the lower, the stronger the block artefacts
};

// The realistic pictures every background check must accept and the wrong ones it must
// refuse, all w×h. White, light-blue and light-grey backdrops (unevenly lit, noisy), wide
// and narrow shoulders, hair touching the top edge; then a dark, a red, a green, a striped
// and a busy background behind the same sitter.
inline std::vector<IdPhotoCase> id_photo_cases(int w, int h) {
    const Rgb white{248, 248, 246}, light_blue{196, 222, 246}, light_grey{214, 214, 212}, blue{67, 142, 219};
    auto on = [&](Rgb bg, Sitter s, unsigned seed) { return id_photo(w, h, lit_backdrop(w, h, bg, 14, 5, seed), s); };
    const Sitter wide{Shoulders::Wide, false, kUsualShoulders}, narrow{Shoulders::Narrow, false, kUsualShoulders},
        wide_hair{Shoulders::Wide, true, kUsualShoulders}, narrow_hair{Shoulders::Narrow, true, kUsualShoulders}, tight{Shoulders::Wide, false, kTightShoulders},
        tight_hair{Shoulders::Wide, true, kTightShoulders};
    return {
        // The picture of the complaint: refused on white, accepted on blue, before the fix.
        {"white, broad shoulders cropped tight", on(white, tight, 16), ""},
        {"blue, broad shoulders cropped tight", on(blue, tight, 17), ""},
        {"light grey, broad shoulders cropped tight, hair to the top", on(light_grey, tight_hair, 18), "", 75},
        {"white, wide shoulders", on(white, wide, 1), ""},
        {"white, wide shoulders, hair to the top", on(white, wide_hair, 2), "", 70},
        {"white, narrow shoulders", on(white, narrow, 3), ""},
        {"white, narrow shoulders, hair to the top", on(white, narrow_hair, 4), ""},
        {"light blue, wide shoulders", on(light_blue, wide, 5), ""},
        {"light blue, wide shoulders, hair to the top", on(light_blue, wide_hair, 6), "", 70},
        {"light blue, narrow shoulders", on(light_blue, narrow, 7), ""},
        {"light grey, wide shoulders", on(light_grey, wide, 8), ""},
        {"light grey, wide shoulders, hair to the top", on(light_grey, wide_hair, 9), "", 70},
        {"light grey, narrow shoulders", on(light_grey, narrow, 10), ""},
        {"blue, wide shoulders, hair to the top", on(blue, wide_hair, 11), ""},
        // A backdrop lit from one lamp: 30 levels darker towards the corners, grainier.
        {"white, uneven light, hair to the top",
         id_photo(w, h, lit_backdrop(w, h, white, 30, 8, 19), tight_hair), "", 75},
        {"dark background", on({52, 52, 56}, wide, 12), "too dark"},
        {"red background", on({200, 32, 36}, wide, 13), "colour"},
        {"green background", on({52, 160, 72}, narrow, 14), "colour"},
        {"striped background", id_photo(w, h, stripes({248, 248, 246}, {150, 150, 150}, std::max(4, w / 24)), wide), "not plain"},
        {"busy background", id_photo(w, h, busy_room(w, h), wide), "not plain"},
        {"colour noise background", id_photo(w, h, noise(15), wide), "not plain"},
    };
}

// A band of `band` pixels of one colour along all four edges of a w×h picture, with
// `inner` (a pattern for (w - 2·band) × (h - 2·band)) inside it: a frame added to a photo.
inline Pattern framed(int w, int h, int band, Rgb colour, Pattern inner) {
    return [=](int x, int y) {
        if (x < band || y < band || x >= w - band || y >= h - band) return colour;
        return inner(x - band, y - band);
    };
}

// A 1-pixel ring of colour noise around `inner` (a pattern of the same w×h): the ragged
// edge some scanners and phone crops leave, not a frame.
inline Pattern noisy_edge(int w, int h, Pattern inner, unsigned seed = 31) {
    const Pattern n = noise(seed);
    return [=](int x, int y) {
        if (x == 0 || y == 0 || x == w - 1 || y == h - 1) return n(x, y);
        return inner(x, y);
    };
}

// Paints `colour` over the rectangle [x0, x1) × [y0, y1) of `base`.
inline Pattern with_block(Pattern base, int x0, int y0, int x1, int y1, Rgb colour) {
    return [=](int x, int y) {
        if (x >= x0 && x < x1 && y >= y0 && y < y1) return colour;
        return base(x, y);
    };
}

// The pattern to store so that a viewer honouring EXIF orientation 6 (rotate 90°
// clockwise) shows `upright` (upright_w × upright_h). The stored picture is upright_h
// wide and upright_w high; stored (x, y) is shown at (upright_w - 1 - y, x).
inline Pattern stored_for_orientation_6(const Pattern& upright, int upright_w) {
    return [=](int x, int y) { return upright(upright_w - 1 - y, x); };
}

// The pattern as 8-bit RGB, row-major, no padding (what has_frame takes).
inline std::vector<unsigned char> render_rgb(int w, int h, const Pattern& p) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
    std::size_t i = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Rgb c = p(x, y);
            px[i++] = c.r;
            px[i++] = c.g;
            px[i++] = c.b;
        }
    return px;
}

// A 16-bit-per-channel RGB PNG of the pattern (each 8-bit value v stored as v·257).
inline std::string make_png16(int w, int h, const Pattern& p) {
    std::vector<unsigned short> px(static_cast<std::size_t>(w) * h * 3);
    std::size_t i = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Rgb c = p(x, y);
            px[i++] = static_cast<unsigned short>(c.r * 257);
            px[i++] = static_cast<unsigned short>(c.g * 257);
            px[i++] = static_cast<unsigned short>(c.b * 257);
        }
    VipsImage* raw = vips_image_new_from_memory_copy(px.data(), px.size() * sizeof(unsigned short), w, h, 3,
                                                     VIPS_FORMAT_USHORT);
    if (raw == nullptr) throw std::runtime_error("vips_image_new_from_memory_copy failed");
    VipsImagePtr plain(raw);
    raw = nullptr;
    if (vips_copy(plain.get(), &raw, "interpretation", VIPS_INTERPRETATION_RGB16, nullptr) != 0) {
        vips_error_clear();
        throw std::runtime_error("vips_copy failed");
    }
    VipsImagePtr rgb16(raw);
    return save_png(rgb16.get());
}

// A CMYK JPEG of the pattern, each colour turned into inks the naive way
// (K = 255 - max(R,G,B); C, M, Y the rest), white being no ink at all.
inline std::string make_cmyk_jpeg(int w, int h, const Pattern& p, int quality = 90) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 4);
    std::size_t i = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Rgb c = p(x, y);
            const int mx = std::max({c.r, c.g, c.b});
            auto ink = [mx](int v) { return static_cast<unsigned char>(mx == 0 ? 0 : (mx - v) * 255 / mx); };
            px[i++] = ink(c.r);
            px[i++] = ink(c.g);
            px[i++] = ink(c.b);
            px[i++] = static_cast<unsigned char>(255 - mx);
        }
    VipsImage* raw = vips_image_new_from_memory_copy(px.data(), px.size(), w, h, 4, VIPS_FORMAT_UCHAR);
    if (raw == nullptr) throw std::runtime_error("vips_image_new_from_memory_copy failed");
    VipsImagePtr plain(raw);
    raw = nullptr;
    if (vips_copy(plain.get(), &raw, "interpretation", VIPS_INTERPRETATION_CMYK, nullptr) != 0) {
        vips_error_clear();
        throw std::runtime_error("vips_copy failed");
    }
    VipsImagePtr cmyk(raw);
    return save_jpeg(cmyk.get(), quality);
}

// Grows a JPEG to exactly `size` bytes with comment (COM) segments right after SOI: still
// a valid JPEG that every decoder reads as before. `size` must be the JPEG's own size or at
// least 4 bytes more.
inline std::string pad_jpeg_to(const std::string& jpeg, std::size_t size) {
    if (jpeg.size() < 2 || jpeg.compare(0, 2, "\xFF\xD8") != 0) throw std::runtime_error("not a JPEG");
    if (size < jpeg.size()) throw std::runtime_error("JPEG already larger");
    std::size_t extra = size - jpeg.size();
    if (extra > 0 && extra < 4) throw std::runtime_error("cannot pad by fewer than 4 bytes");
    std::string segments;
    while (extra > 0) {
        std::size_t seg = std::min<std::size_t>(extra, 65537);  // marker (2) + length (2) + up to 65533
        if (extra - seg > 0 && extra - seg < 4) seg -= 4;
        const std::size_t len = seg - 2;
        segments += "\xFF\xFE";
        segments.push_back(static_cast<char>(len >> 8));
        segments.push_back(static_cast<char>(len & 0xFF));
        segments.append(len - 2, 'z');
        extra -= seg;
    }
    std::string out = jpeg;
    out.insert(2, segments);
    return out;
}

}  // namespace zk::test
