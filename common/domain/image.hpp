// image.hpp: checking and re-encoding uploaded photos (ACC-3, SEC-3, PHO-1).
// The type is decided by content with libmagic, never by file name or Content-Type;
// only JPEG and PNG are ever handed to a decoder, and only to that format's own loader
// (libvips jpegload/pngload, untrusted loaders blocked). The header's dimensions are
// checked before any pixel is decoded (a 30000×30000 PNG is refused at the header); then
// the whole image is decoded, failing on any error, so a truncated file is refused. The
// result is re-encoded as a baseline JPEG, rotated upright, scaled down to a bounded size
// and stripped of all metadata (EXIF GPS, camera serials).
// SECURITY: trusts libmagic and libvips; everything else about the input is hostile.
// Messages are Chinese, meant to be shown next to the file field.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zk::image {

struct ImageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Limits {
    std::size_t max_bytes = 2 * 1024 * 1024;  // the file must be smaller than this ("小于2MB")
    int min_width = 240;
    int min_height = 240;
    long min_pixels = 240L * 320L;
    int max_side = 12000;                      // either side, read from the header
    long max_pixels = 40L * 1000L * 1000L;     // 40 megapixels, read from the header
    int output_max_side = 1600;                // re-encoded copy fits in this box
    int jpeg_quality = 90;
};

// Colour statistics of the decoded image, for the identity stand-in verifier and the
// background checks of 证件照 and 毕业照.
struct Stats {
    double mean_luma = 0;       // 0..255
    double colorfulness = 0;    // mean of max(R,G,B)-min(R,G,B) over the image, 0..255
    double border_r = 0, border_g = 0, border_b = 0;  // mean colour along the top and side edges
    double border_stddev = 0;   // how uniform that strip is (0 = one flat colour)
};

enum class Background { White, LightBlue, Blue, LightGrey, Other };
// Classifies the border strip: a flat (low stddev) light colour of the allowed kinds.
Background classify_background(const Stats& stats);
// "白色", "浅蓝色", "蓝色", "浅灰色", "其他".
const char* background_name(Background b);

struct CheckedImage {
    std::string jpeg;          // re-encoded JPEG, no metadata
    int width = 0, height = 0; // of the re-encoded JPEG
    std::string sha256;        // SHA-256 (32 raw bytes) of the bytes as uploaded
    std::string source_type;   // "image/jpeg" or "image/png"
    Stats stats;
};

// Once per process before any other call (initialises libvips, blocks untrusted loaders).
// Safe to call more than once.
void init();

// The MIME type libmagic finds in the bytes ("image/gif", "text/html", ...).
std::string detect_type(std::string_view bytes);

// Throws ImageError with the reason: empty file, too large, not JPEG/PNG by content
// (GIF, SVG, HTML, PHP... each named), animated PNG, dimensions too small or too large,
// corrupt or truncated data.
CheckedImage check_and_reencode(std::string_view bytes, const Limits& limits = {});

}  // namespace zk::image
