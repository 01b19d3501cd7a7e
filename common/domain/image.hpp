// image.hpp: checking and re-encoding uploaded photos (ACC-3, SEC-3, PHO-1).
// The type is decided by content with libmagic, never by file name or Content-Type;
// only JPEG and PNG are ever handed to a decoder, and only to that format's own loader
// (libvips jpegload/pngload, untrusted loaders blocked). The header's dimensions are
// checked before any pixel is decoded (a 30000×30000 PNG is refused at the header); then
// the whole image is decoded, failing on any error, so a truncated file is refused. The
// result is re-encoded as a baseline JPEG, rotated upright, scaled down to a bounded size
// and stripped of all metadata (EXIF GPS, camera serials).
// The graduation photo (PHO-1, PHO-2) goes further: portrait orientation, a light
// background, no added frame, and a fixed output of 480×640 (3:4, the 学历电子注册 format).
// SECURITY: trusts libmagic and libvips; everything else about the input is hostile.
// Messages are Chinese, meant to be shown next to the file field.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zk::image {

// Why a picture was refused; the graduation page puts problem_heading() before the message
// ("照片尺寸过小：…") so each refusal names its reason.
enum class Problem { Empty, FileTooLarge, WrongType, Animated, Corrupt, TooSmall, TooLarge, Landscape, Background, Frame };

struct ImageError : std::runtime_error {
    ImageError(Problem p, const std::string& message) : std::runtime_error(message), problem(p) {}
    Problem problem;
};

// 请选择照片 / 文件过大 / 文件类型不正确 / 不支持动态图片 / 照片文件已损坏 / 照片尺寸过小 /
// 照片尺寸过大 / 照片方向不正确 / 背景颜色不符合要求 / 照片不能有边框.
const char* problem_heading(Problem p);

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
    // The background, sampled above and beside the head (image.cpp says where and why):
    // its mean colour and luminance spread (0 = one flat colour), and the share of the
    // sampled cells that are flat and of that one colour. Below kMinBackgroundShare there
    // is no plain background, and colour and spread are those of the whole sampled bands.
    double border_r = 0, border_g = 0, border_b = 0;
    double border_stddev = 0;
    double background_share = 1;
    double center_luma = 0;     // mean luminance of the middle third (where the face is), 0..255
};

// Hair or a shoulder may cover up to 40% of the sampled cells; the rest must agree.
constexpr double kMinBackgroundShare = 0.6;

enum class Background { White, LightBlue, Blue, LightGrey, Other };
// Classifies the background: plain (enough agreeing cells, low spread) and a light colour
// of the allowed kinds.
Background classify_background(const Stats& stats);

// Why a background is refused, so the message can name it: not plain (a pattern, stripes,
// clutter), too dark, or another colour (red, green...). None when classify_background
// finds an allowed one.
enum class BackgroundFault { None, NotPlain, TooDark, WrongColour };
BackgroundFault background_fault(const Stats& stats);
// The reason in Chinese, to follow "这张照片": "背景颜色过深" ...; "" for None.
const char* background_fault_text(BackgroundFault f);
// "白色", "浅蓝色", "蓝色", "浅灰色", "其他".
const char* background_name(Background b);

struct CheckedImage {
    std::string jpeg;          // re-encoded JPEG, no metadata
    int width = 0, height = 0; // of the re-encoded JPEG
    std::string sha256;        // SHA-256 (32 raw bytes) of the bytes as uploaded
    std::string source_type;   // "image/jpeg" or "image/png"
    Stats stats;
};

// The graduation photo's limits and output (PHO-1, PHO-2).
struct GraduationLimits {
    std::size_t max_bytes = 2 * 1024 * 1024;  // "文件小于2M"
    int min_width = 300, min_height = 400;    // upright, before any scaling
    int max_side = 12000;
    long max_pixels = 40L * 1000L * 1000L;
    int out_width = 480, out_height = 640;    // 学历电子注册 format, 3:4
    int jpeg_quality = 92;
};

struct GraduationPhoto {
    std::string jpeg;            // out_width × out_height baseline JPEG, sRGB, no metadata
    int width = 0, height = 0;   // of `jpeg`
    std::string sha256;          // SHA-256 (32 raw bytes) of the bytes as uploaded
    std::string source_type;     // "image/jpeg" or "image/png"
    Stats stats;                 // of the upright picture before framing
    Background background = Background::Other;
};

// Checks an uploaded graduation photo and normalises it. On top of check_and_reencode's
// checks (type by content, size, animation, header dimensions before decoding, full
// decode failing on any error): EXIF orientation applied (so a rotated phone picture is
// judged upright, and never mirrored by us), portrait orientation required (a landscape
// picture is refused; a square one is cropped), at least 300×400 upright, the background
// along the top and the upper sides light blue, white or light grey, and no added frame.
// The result keeps the whole height and is cropped (wider than 3:4) or padded with the
// background colour (narrower) at the sides, centred, then scaled to 480×640 without
// distortion. Throws ImageError naming the Problem.
GraduationPhoto check_graduation_photo(std::string_view bytes, const GraduationLimits& limits = {});

// True when the picture (w × h, 8-bit RGB, row-major) has a band of one flat colour along
// all four edges that differs from what lies just inside it along the top: a frame added
// to the picture. A photo whose shoulders reach the lower edge has no uniform lower edge,
// so it is never taken for a frame. Exposed for the tests.
bool has_frame(const unsigned char* rgb, int w, int h);

// Once per process, from main() before any thread starts: initialises libvips without its
// loadable modules (only the built-in JPEG and PNG loaders are used), blocks untrusted
// loaders, and makes malloc hand buffers of 256 KB or more straight back to the system
// when freed (uploads and decoded pictures are megabytes each). Safe to call more than once.
void init();

// The MIME type libmagic finds in the bytes ("image/gif", "text/html", ...).
std::string detect_type(std::string_view bytes);

// Whether `bytes` (a whole file, or its first part holding the header), whose type
// detect_type() already found, is a JPEG or PNG whose header that format's own loader
// reads, no pixel decoded: a file that merely begins with the signature (an HTML page
// behind "\xFF\xD8\xFF") is not; any other type is not. For files kept as uploaded rather
// than re-encoded (the scans inside an archive).
bool header_readable(std::string_view bytes, std::string_view type);

// Throws ImageError with the reason: empty file, too large, not JPEG/PNG by content
// (GIF, SVG, HTML, PHP... each named), animated PNG, dimensions too small or too large,
// corrupt or truncated data.
CheckedImage check_and_reencode(std::string_view bytes, const Limits& limits = {});

}  // namespace zk::image
