// test_graduation_photo.cpp: CppUnit tests for the graduation photo checks of
// common/domain/image (zk::image::check_graduation_photo, has_frame, problem_heading):
// the allowed backgrounds, the 480×640 output without metadata, cropping and padding to
// 3:4 without distortion, EXIF orientation (rotated, never mirrored), and every refusal
// with its Problem and a Chinese message. Every input is generated in memory
// (tests/unit/test_images.hpp); libvips reads the output back as the reference.
#include "common/domain/image.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "common/base/crypto.hpp"
#include "tests/unit/test_images.hpp"

#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

using namespace zk::image;
using namespace zk::test;

namespace {

constexpr std::size_t kTwoMiB = 2 * 1024 * 1024;

const Rgb kWhite{255, 255, 255};
const Rgb kLightGrey{0xD3, 0xD3, 0xD3};
const Rgb kLightBlue{0xA8, 0xD8, 0xF8};
const Rgb kBlue{0x43, 0x8E, 0xDB};
const Rgb kRed{220, 20, 30};
const Rgb kBlack{0, 0, 0};
const Rgb kClothes{34, 40, 62};  // head_and_shoulders' clothes

const char* problem_name(Problem p) {
    switch (p) {
        case Problem::Empty: return "Empty";
        case Problem::FileTooLarge: return "FileTooLarge";
        case Problem::WrongType: return "WrongType";
        case Problem::Animated: return "Animated";
        case Problem::Corrupt: return "Corrupt";
        case Problem::TooSmall: return "TooSmall";
        case Problem::TooLarge: return "TooLarge";
        case Problem::Landscape: return "Landscape";
        case Problem::Background: return "Background";
        case Problem::Frame: return "Frame";
    }
    return "?";
}

const char* background_label(Background b) {
    switch (b) {
        case Background::White: return "White";
        case Background::LightBlue: return "LightBlue";
        case Background::Blue: return "Blue";
        case Background::LightGrey: return "LightGrey";
        case Background::Other: return "Other";
    }
    return "?";
}

// True when the UTF-8 text holds at least one CJK unified ideograph (U+4E00..U+9FFF).
bool has_cjk(const std::string& s) {
    for (std::size_t i = 0; i + 2 < s.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if ((b0 & 0xF0) != 0xE0) continue;
        const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
        if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) continue;
        const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
        if (cp >= 0x4E00 && cp <= 0x9FFF) return true;
    }
    return false;
}

struct Refusal {
    bool refused = false;
    Problem problem = Problem::Empty;
    std::string message;
};

Refusal refusal_of(const std::string& bytes) {
    try {
        check_graduation_photo(bytes);
    } catch (const ImageError& e) {
        return {true, e.problem, e.what()};
    }
    return {};
}

// The picture is refused for `want`, with a non-empty Chinese message.
void assert_refused(const std::string& label, const std::string& bytes, Problem want) {
    const Refusal r = refusal_of(bytes);
    CPPUNIT_ASSERT_MESSAGE(label + ": accepted, expected Problem::" + problem_name(want), r.refused);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label + " (" + r.message + ")", std::string(problem_name(want)),
                                 std::string(problem_name(r.problem)));
    CPPUNIT_ASSERT_MESSAGE(label + ": empty message", !r.message.empty());
    CPPUNIT_ASSERT_MESSAGE(label + ": message is not Chinese: " + r.message, has_cjk(r.message));
}

GraduationPhoto accepted(const std::string& label, const std::string& bytes) {
    try {
        return check_graduation_photo(bytes);
    } catch (const ImageError& e) {
        CPPUNIT_FAIL(label + ": refused with Problem::" + problem_name(e.problem) + ": " + e.what());
    }
    return {};
}

// The output read back with libvips, fully decoded.
struct Decoded {
    int width = 0, height = 0, bands = 0;
    VipsBandFormat format = VIPS_FORMAT_NOTSET;
    VipsInterpretation interpretation = VIPS_INTERPRETATION_ERROR;
    bool exif = false, icc = false, xmp = false;
    std::vector<unsigned char> px;  // 8-bit, `bands` per pixel, row-major

    const unsigned char* at(int x, int y) const {
        return px.data() + (static_cast<std::size_t>(y) * width + x) * bands;
    }
};

Decoded decode(const std::string& jpeg) {
    VipsImage* raw = nullptr;
    if (vips_jpegload_buffer(const_cast<char*>(jpeg.data()), jpeg.size(), &raw, "fail_on", VIPS_FAIL_ON_WARNING,
                             nullptr) != 0) {
        vips_error_clear();
        CPPUNIT_FAIL("output is not a readable JPEG");
    }
    VipsImagePtr img(raw);
    Decoded d;
    d.width = vips_image_get_width(img.get());
    d.height = vips_image_get_height(img.get());
    d.bands = vips_image_get_bands(img.get());
    d.format = vips_image_get_format(img.get());
    d.interpretation = vips_image_get_interpretation(img.get());
    d.exif = vips_image_get_typeof(img.get(), "exif-data") != 0;
    d.icc = vips_image_get_typeof(img.get(), "icc-profile-data") != 0;
    d.xmp = vips_image_get_typeof(img.get(), "xmp-data") != 0;
    std::size_t len = 0;
    void* mem = vips_image_write_to_memory(img.get(), &len);
    if (mem == nullptr) {
        vips_error_clear();
        CPPUNIT_FAIL("output JPEG does not decode");
    }
    d.px.assign(static_cast<unsigned char*>(mem), static_cast<unsigned char*>(mem) + len);
    g_free(mem);
    return d;
}

// The start-of-frame marker of a JPEG (0xC0 baseline, 0xC2 progressive, ...), 0 if none
// is found before the scan.
int sof_marker(const std::string& jpeg) {
    std::size_t pos = 2;
    while (pos + 4 <= jpeg.size()) {
        if (static_cast<unsigned char>(jpeg[pos]) != 0xFF) return 0;
        const auto marker = static_cast<unsigned char>(jpeg[pos + 1]);
        if (marker == 0xFF) {
            ++pos;
            continue;
        }
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) return marker;
        if (marker == 0xDA) return 0;
        const std::size_t len = (std::size_t{static_cast<unsigned char>(jpeg[pos + 2])} << 8) |
                                static_cast<unsigned char>(jpeg[pos + 3]);
        pos += 2 + len;
    }
    return 0;
}

// Everything the spec asks of an accepted photo's output.
void check_output(const std::string& label, const GraduationPhoto& out, const std::string& input,
                  const std::string& source_type) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label, 480, out.width);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label, 640, out.height);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label, source_type, out.source_type);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label, std::size_t{32}, out.sha256.size());
    CPPUNIT_ASSERT_MESSAGE(label + ": sha256 is not that of the upload", zk::crypto::sha256(input) == out.sha256);
    CPPUNIT_ASSERT_MESSAGE(label + ": not a JPEG", out.jpeg.size() > 2 && out.jpeg.compare(0, 2, "\xFF\xD8") == 0);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": not a baseline JPEG (SOF0)", 0xC0, sof_marker(out.jpeg));
    const Decoded d = decode(out.jpeg);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label, 480, d.width);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label, 640, d.height);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(label, 3, d.bands);
    CPPUNIT_ASSERT_MESSAGE(label + ": not 8-bit", d.format == VIPS_FORMAT_UCHAR);
    CPPUNIT_ASSERT_MESSAGE(label + ": not sRGB", d.interpretation == VIPS_INTERPRETATION_sRGB);
    CPPUNIT_ASSERT_MESSAGE(label + ": EXIF left in the output", !d.exif);
    CPPUNIT_ASSERT_MESSAGE(label + ": ICC profile left in the output", !d.icc);
    CPPUNIT_ASSERT_MESSAGE(label + ": XMP left in the output", !d.xmp);
}

bool near(const unsigned char* px, Rgb c, int tolerance) {
    return std::abs(px[0] - c.r) <= tolerance && std::abs(px[1] - c.g) <= tolerance &&
           std::abs(px[2] - c.b) <= tolerance;
}

// The marker red (220, 20, 30); nothing else of the generated portraits passes.
bool is_red(const unsigned char* px) { return px[0] > 170 && px[1] < 90 && px[2] < 90; }

bool same(Rgb a, Rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

std::string rgb_text(const unsigned char* px) {
    return "(" + std::to_string(px[0]) + "," + std::to_string(px[1]) + "," + std::to_string(px[2]) + ")";
}

std::string rgb_text(Rgb c) {
    const unsigned char px[3] = {c.r, c.g, c.b};
    return rgb_text(px);
}

// Bounding box of the red pixels of a decoded output.
struct Box {
    int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;  // inclusive
    long count = 0;
    double cx() const { return (x0 + x1 + 1) / 2.0; }
    double cy() const { return (y0 + y1 + 1) / 2.0; }
    int w() const { return x1 - x0 + 1; }
    int h() const { return y1 - y0 + 1; }
};

Box red_box(const Decoded& d) {
    Box b;
    for (int y = 0; y < d.height; ++y)
        for (int x = 0; x < d.width; ++x)
            if (is_red(d.at(x, y))) {
                b.x0 = std::min(b.x0, x);
                b.y0 = std::min(b.y0, y);
                b.x1 = std::max(b.x1, x);
                b.y1 = std::max(b.y1, y);
                ++b.count;
            }
    return b;
}

// The red block of the output is at (x0, y0)–(x1, y1) (exclusive ends) give or take
// `tol` pixels, so centred and of the same aspect as in the input.
void check_block(const std::string& label, const Decoded& d, double x0, double y0, double x1, double y1,
                 double tol = 3) {
    const Box b = red_box(d);
    CPPUNIT_ASSERT_MESSAGE(label + ": no red block in the output", b.count > 0);
    const std::string where = label + ": block at x " + std::to_string(b.x0) + ".." + std::to_string(b.x1 + 1) +
                              ", y " + std::to_string(b.y0) + ".." + std::to_string(b.y1 + 1);
    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(where + " (centre x)", (x0 + x1) / 2, b.cx(), tol);
    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(where + " (centre y)", (y0 + y1) / 2, b.cy(), tol);
    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(where + " (left)", x0, b.x0, tol);
    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(where + " (top)", y0, b.y0, tol);
    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(where + " (width)", x1 - x0, b.w(), tol);
    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(where + " (height)", y1 - y0, b.h(), tol);
    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(where + " (aspect)", (x1 - x0) / (y1 - y0),
                                         static_cast<double>(b.w()) / b.h(), 0.04);
    // Solid, not smeared: nearly every pixel of the bounding box is red.
    CPPUNIT_ASSERT_MESSAGE(where + ": not a solid block", b.count >= 0.9 * b.w() * b.h());
}

std::string portrait_jpeg(int w, int h, Rgb bg, Shoulders s = Shoulders::Wide) {
    return make_jpeg(w, h, head_and_shoulders(w, h, bg, s));
}

}  // namespace

class GraduationPhotoTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(GraduationPhotoTest);
    // accepted
    CPPUNIT_TEST(testAcceptWhiteBackground);
    CPPUNIT_TEST(testAcceptLightGreyBackgroundPng);
    CPPUNIT_TEST(testAcceptLightBlueBackground);
    CPPUNIT_TEST(testAcceptBlueBackground);
    CPPUNIT_TEST(testAcceptWideShouldersReachingLowerCorners);
    CPPUNIT_TEST(testAcceptNarrowShoulders);
    CPPUNIT_TEST(testAcceptCameraLikePhoto);
    CPPUNIT_TEST(testAcceptSmallestSize);
    CPPUNIT_TEST(testAcceptJustUnderTwoMiB);
    CPPUNIT_TEST(testAcceptCmykJpeg);
    CPPUNIT_TEST(testAcceptSixteenBitPng);
    // framing
    CPPUNIT_TEST(testWiderPictureCroppedAtSides);
    CPPUNIT_TEST(testSquarePictureCroppedAtSides);
    CPPUNIT_TEST(testNarrowerPicturePaddedWithBackground);
    // orientation
    CPPUNIT_TEST(testExifOrientation6LandscapeStoredIsPortrait);
    CPPUNIT_TEST(testExifOrientation6PortraitStoredIsLandscape);
    // refusals
    CPPUNIT_TEST(testEmpty);
    CPPUNIT_TEST(testGifRefused);
    CPPUNIT_TEST(testSvgRefused);
    CPPUNIT_TEST(testHtmlRenamedRefused);
    CPPUNIT_TEST(testPhpRenamedRefused);
    CPPUNIT_TEST(testTruncatedJpegCorrupt);
    CPPUNIT_TEST(testOnePixelTooSmall);
    CPPUNIT_TEST(testTwoHundredByThreeHundredTooSmall);
    CPPUNIT_TEST(testWidth299TooSmall);
    CPPUNIT_TEST(testHeight399TooSmall);
    CPPUNIT_TEST(testHugePngHeaderTooLargeQuickly);
    CPPUNIT_TEST(testAnimatedPng);
    CPPUNIT_TEST(testExactlyTwoMiBTooLarge);
    CPPUNIT_TEST(testTwoMiBPlusOneTooLarge);
    CPPUNIT_TEST(testLandscapeRefused);
    CPPUNIT_TEST(testDarkBackground);
    CPPUNIT_TEST(testRedBackground);
    CPPUNIT_TEST(testGreenBackground);
    CPPUNIT_TEST(testNoiseBackground);
    CPPUNIT_TEST(testRedFrame);
    CPPUNIT_TEST(testBlackFrame);
    CPPUNIT_TEST(testWhiteFrameAroundLightBlue);
    // has_frame on raw pixels
    CPPUNIT_TEST(testHasFrameFramed);
    CPPUNIT_TEST(testHasFramePortraitShouldersToBottom);
    CPPUNIT_TEST(testHasFrameFlatImage);
    CPPUNIT_TEST(testHasFrameOnePixelNoisyBorder);
    // headings and statistics
    CPPUNIT_TEST(testProblemHeadings);
    CPPUNIT_TEST(testCenterLumaDarkCentre);
    CPPUNIT_TEST(testCenterLumaWhite);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { init(); }

    // ---- accepted ----

    void testAcceptWhiteBackground() {
        const std::string in = portrait_jpeg(600, 800, kWhite);
        const GraduationPhoto out = accepted("white", in);
        check_output("white", out, in, "image/jpeg");
        CPPUNIT_ASSERT_EQUAL(std::string("White"), std::string(background_label(out.background)));
    }

    void testAcceptLightGreyBackgroundPng() {
        const std::string in = make_png(600, 800, head_and_shoulders(600, 800, kLightGrey, Shoulders::Narrow));
        const GraduationPhoto out = accepted("light grey", in);
        check_output("light grey", out, in, "image/png");
        CPPUNIT_ASSERT_EQUAL(std::string("LightGrey"), std::string(background_label(out.background)));
    }

    void testAcceptLightBlueBackground() {
        const std::string in = portrait_jpeg(600, 800, kLightBlue);
        const GraduationPhoto out = accepted("light blue", in);
        check_output("light blue", out, in, "image/jpeg");
        CPPUNIT_ASSERT_EQUAL(std::string("LightBlue"), std::string(background_label(out.background)));
    }

    void testAcceptBlueBackground() {
        const std::string in = portrait_jpeg(600, 800, kBlue, Shoulders::Narrow);
        const GraduationPhoto out = accepted("blue", in);
        check_output("blue", out, in, "image/jpeg");
        CPPUNIT_ASSERT_EQUAL(std::string("Blue"), std::string(background_label(out.background)));
    }

    void testAcceptWideShouldersReachingLowerCorners() {
        const int w = 600, h = 800;
        for (const Rgb bg : {kWhite, kLightBlue, kLightGrey, kBlue}) {
            const Pattern p = head_and_shoulders(w, h, bg, Shoulders::Wide);
            // The picture really is what the test says: clothes in both lower corners and
            // along the whole bottom edge, background in both upper corners.
            CPPUNIT_ASSERT(same(kClothes, p(0, h - 1)));
            CPPUNIT_ASSERT(same(kClothes, p(w - 1, h - 1)));
            CPPUNIT_ASSERT(same(kClothes, p(w / 2, h - 1)));
            CPPUNIT_ASSERT(same(bg, p(0, 0)));
            CPPUNIT_ASSERT(same(bg, p(w - 1, 0)));
            const std::string in = make_jpeg(w, h, p);
            const std::string label = std::string("wide shoulders on ") + rgb_text(bg);
            const GraduationPhoto out = accepted(label, in);
            check_output(label, out, in, "image/jpeg");
            CPPUNIT_ASSERT_MESSAGE(label, out.background != Background::Other);
        }
    }

    void testAcceptNarrowShoulders() {
        const int w = 600, h = 800;
        for (const Rgb bg : {kWhite, kLightBlue, kLightGrey, kBlue}) {
            const Pattern p = head_and_shoulders(w, h, bg, Shoulders::Narrow);
            // Background in the lower corners, clothes in the middle of the bottom edge.
            CPPUNIT_ASSERT(same(bg, p(0, h - 1)));
            CPPUNIT_ASSERT(same(bg, p(w - 1, h - 1)));
            CPPUNIT_ASSERT(same(kClothes, p(w / 2, h - 1)));
            const std::string in = make_jpeg(w, h, p);
            const std::string label = std::string("narrow shoulders on ") + rgb_text(bg);
            const GraduationPhoto out = accepted(label, in);
            check_output(label, out, in, "image/jpeg");
            CPPUNIT_ASSERT_MESSAGE(label, out.background != Background::Other);
        }
    }

    void testAcceptCameraLikePhoto() {
        // Sensor noise and a slight fall-off of the light: a real camera's flat background.
        const int w = 900, h = 1200;
        const std::string in = make_jpeg(w, h, camera_like(w, h, {246, 246, 244}), 88);
        CPPUNIT_ASSERT(in.size() < kTwoMiB);
        const GraduationPhoto out = accepted("camera-like", in);
        check_output("camera-like", out, in, "image/jpeg");
        CPPUNIT_ASSERT_EQUAL(std::string("White"), std::string(background_label(out.background)));
    }

    void testAcceptSmallestSize() {
        const std::string in = portrait_jpeg(300, 400, kWhite);
        const GraduationPhoto out = accepted("300×400", in);
        check_output("300×400", out, in, "image/jpeg");  // enlarged to the fixed output size
    }

    void testAcceptJustUnderTwoMiB() {
        const std::string in = pad_jpeg_to(portrait_jpeg(600, 800, kWhite), kTwoMiB - 1);
        CPPUNIT_ASSERT_EQUAL(kTwoMiB - 1, in.size());
        const GraduationPhoto out = accepted("2 MiB - 1", in);
        check_output("2 MiB - 1", out, in, "image/jpeg");
    }

    void testAcceptCmykJpeg() {
        const int w = 600, h = 800;
        const std::string in = make_cmyk_jpeg(w, h, head_and_shoulders(w, h, kWhite));
        {
            // The input really is a 4-band CMYK JPEG.
            VipsImage* raw = nullptr;
            CPPUNIT_ASSERT_EQUAL(0, vips_jpegload_buffer(const_cast<char*>(in.data()), in.size(), &raw, nullptr));
            VipsImagePtr img(raw);
            CPPUNIT_ASSERT_EQUAL(4, vips_image_get_bands(img.get()));
            CPPUNIT_ASSERT(vips_image_get_interpretation(img.get()) == VIPS_INTERPRETATION_CMYK);
        }
        const GraduationPhoto out = accepted("CMYK", in);
        check_output("CMYK", out, in, "image/jpeg");
        const Decoded d = decode(out.jpeg);
        // Not inverted: light background at the top, dark clothes at the bottom.
        const unsigned char* top = d.at(20, 20);
        const unsigned char* bottom = d.at(240, 630);
        CPPUNIT_ASSERT_MESSAGE("background " + rgb_text(top), top[0] > 200 && top[1] > 200 && top[2] > 200);
        CPPUNIT_ASSERT_MESSAGE("clothes " + rgb_text(bottom), bottom[0] < 100 && bottom[1] < 100 && bottom[2] < 120);
    }

    void testAcceptSixteenBitPng() {
        const int w = 600, h = 800;
        const std::string in = make_png16(w, h, head_and_shoulders(w, h, kLightBlue));
        CPPUNIT_ASSERT(in.size() > 25);
        CPPUNIT_ASSERT_EQUAL(16, static_cast<int>(static_cast<unsigned char>(in[24])));  // IHDR bit depth
        const GraduationPhoto out = accepted("16-bit PNG", in);
        check_output("16-bit PNG", out, in, "image/png");
        CPPUNIT_ASSERT_EQUAL(std::string("LightBlue"), std::string(background_label(out.background)));
        const Decoded d = decode(out.jpeg);
        CPPUNIT_ASSERT_MESSAGE("background " + rgb_text(d.at(20, 20)), near(d.at(20, 20), kLightBlue, 8));
    }

    // ---- framing: whole height kept, centred, never distorted ----

    void testWiderPictureCroppedAtSides() {
        // 900×1000 → the middle 750×1000 → ×0.64. Block 300×400 at (300, 200).
        const int w = 900, h = 1000;
        const std::string in = make_jpeg(w, h, with_block(solid(kWhite), 300, 200, 600, 600, kRed));
        const GraduationPhoto out = accepted("900×1000", in);
        check_output("900×1000", out, in, "image/jpeg");
        check_block("900×1000", decode(out.jpeg), (300 - 75) * 0.64, 200 * 0.64, (600 - 75) * 0.64, 600 * 0.64);
    }

    void testSquarePictureCroppedAtSides() {
        // 800×800 → the middle 600×800 → ×0.8. Block 200×200 at (300, 250).
        const int w = 800, h = 800;
        const std::string in = make_jpeg(w, h, with_block(solid(kWhite), 300, 250, 500, 450, kRed));
        const GraduationPhoto out = accepted("800×800", in);
        check_output("800×800", out, in, "image/jpeg");
        check_block("800×800", decode(out.jpeg), 200 * 0.8, 250 * 0.8, 400 * 0.8, 450 * 0.8);
    }

    void testNarrowerPicturePaddedWithBackground() {
        // 450×800 → padded by 75 on each side to 600×800 → ×0.8. Block 150×200 at (150, 300).
        const int w = 450, h = 800;
        const std::string in = make_jpeg(w, h, with_block(solid(kLightBlue), 150, 300, 300, 500, kRed));
        const GraduationPhoto out = accepted("450×800", in);
        check_output("450×800", out, in, "image/jpeg");
        const Decoded d = decode(out.jpeg);
        check_block("450×800", d, 225 * 0.8, 300 * 0.8, 375 * 0.8, 500 * 0.8);
        // The added strips (60 px each side) are the background colour, top to bottom.
        for (const int y : {2, 100, 320, 600, 637})
            for (const int x : {1, 30, 58, 422, 450, 478}) {
                CPPUNIT_ASSERT_MESSAGE("padding at " + std::to_string(x) + "," + std::to_string(y) + " is " +
                                           rgb_text(d.at(x, y)),
                                       near(d.at(x, y), kLightBlue, 10));
            }
    }

    // ---- EXIF orientation ----

    void testExifOrientation6LandscapeStoredIsPortrait() {
        // Upright 600×800 portrait with a red marker low on the right, stored 800×600 with
        // orientation 6: judged and output upright, the marker still low on the right.
        const int uw = 600, uh = 800;
        const Pattern upright = with_block(head_and_shoulders(uw, uh, kWhite, Shoulders::Narrow), uw * 82 / 100,
                                           uh * 80 / 100, uw * 95 / 100, uh * 93 / 100, kRed);
        const std::string in = make_jpeg(uh, uw, stored_for_orientation_6(upright, uw), 90, 6);
        {
            VipsImage* raw = nullptr;
            CPPUNIT_ASSERT_EQUAL(0, vips_jpegload_buffer(const_cast<char*>(in.data()), in.size(), &raw, nullptr));
            VipsImagePtr img(raw);
            CPPUNIT_ASSERT_EQUAL(800, vips_image_get_width(img.get()));  // stored landscape
            CPPUNIT_ASSERT_EQUAL(600, vips_image_get_height(img.get()));
            int orientation = 0;
            CPPUNIT_ASSERT_EQUAL(0, vips_image_get_int(img.get(), "orientation", &orientation));
            CPPUNIT_ASSERT_EQUAL(6, orientation);
        }
        const GraduationPhoto out = accepted("orientation 6", in);
        check_output("orientation 6", out, in, "image/jpeg");
        const Decoded d = decode(out.jpeg);
        // Output = upright × 0.8: the marker covers x 394..456, y 512..595.
        const int mx = 425, my = 554;
        CPPUNIT_ASSERT_MESSAGE("lower right " + rgb_text(d.at(mx, my)), is_red(d.at(mx, my)));
        CPPUNIT_ASSERT_MESSAGE("lower left (mirrored) " + rgb_text(d.at(479 - mx, my)), !is_red(d.at(479 - mx, my)));
        CPPUNIT_ASSERT_MESSAGE("upper right (flipped) " + rgb_text(d.at(mx, 639 - my)), !is_red(d.at(mx, 639 - my)));
        CPPUNIT_ASSERT_MESSAGE("upper left (rotated the wrong way) " + rgb_text(d.at(479 - mx, 639 - my)),
                               !is_red(d.at(479 - mx, 639 - my)));
        const Box b = red_box(d);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(uw * 0.885 * 0.8, b.cx(), 4);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(uh * 0.865 * 0.8, b.cy(), 4);
    }

    void testExifOrientation6PortraitStoredIsLandscape() {
        assert_refused("600×800 stored, orientation 6",
                       make_jpeg(600, 800, head_and_shoulders(600, 800, kWhite), 90, 6), Problem::Landscape);
    }

    // ---- refusals ----

    void testEmpty() { assert_refused("empty", "", Problem::Empty); }

    void testGifRefused() {
        const std::string gif = make_gif(600, 800, head_and_shoulders(600, 800, kWhite));
        CPPUNIT_ASSERT_EQUAL(std::string("image/gif"), detect_type(gif));
        assert_refused("GIF", gif, Problem::WrongType);
    }

    void testSvgRefused() {
        const std::string svg =
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"800\">"
            "<rect width=\"600\" height=\"800\" fill=\"white\"/><ellipse cx=\"300\" cy=\"320\" rx=\"96\" "
            "ry=\"152\" fill=\"#e0ac8c\"/></svg>\n";
        assert_refused("SVG", svg, Problem::WrongType);
    }

    void testHtmlRenamedRefused() {
        assert_refused("HTML as .jpg",
                       "<!DOCTYPE html>\n<html><head><title>x</title></head><body><img src=x onerror=alert(1)>"
                       "</body></html>\n",
                       Problem::WrongType);
    }

    void testPhpRenamedRefused() {
        assert_refused("PHP as .jpg", "<?php system($_GET['c']); ?>\n", Problem::WrongType);
    }

    void testTruncatedJpegCorrupt() {
        const std::string full = make_jpeg(600, 800, camera_like(600, 800, kWhite));
        CPPUNIT_ASSERT_NO_THROW(check_graduation_photo(full));  // sound before it is cut
        assert_refused("JPEG cut in half", full.substr(0, full.size() / 2), Problem::Corrupt);
        assert_refused("JPEG without its last 100 bytes", full.substr(0, full.size() - 100), Problem::Corrupt);
    }

    void testOnePixelTooSmall() { assert_refused("1×1", make_jpeg(1, 1, solid(kWhite)), Problem::TooSmall); }

    void testTwoHundredByThreeHundredTooSmall() {
        assert_refused("200×300", portrait_jpeg(200, 300, kWhite), Problem::TooSmall);
    }

    void testWidth299TooSmall() {
        assert_refused("299×400", portrait_jpeg(299, 400, kWhite), Problem::TooSmall);
    }

    void testHeight399TooSmall() {
        assert_refused("300×399", portrait_jpeg(300, 399, kWhite), Problem::TooSmall);
    }

    void testHugePngHeaderTooLargeQuickly() {
        const std::string png = png_with_header(30000, 30000);
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), detect_type(png));
        const auto start = std::chrono::steady_clock::now();
        const Refusal r = refusal_of(png);
        const auto took = std::chrono::steady_clock::now() - start;
        assert_refused("30000×30000 header", png, Problem::TooLarge);
        CPPUNIT_ASSERT(r.refused);
        CPPUNIT_ASSERT_MESSAGE("took " +
                                   std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) +
                                   " ms",
                               took < std::chrono::seconds(1));
    }

    void testAnimatedPng() {
        const std::string still = make_png(600, 800, head_and_shoulders(600, 800, kWhite));
        CPPUNIT_ASSERT_NO_THROW(check_graduation_photo(still));
        assert_refused("APNG", insert_after_ihdr(still, actl_chunk()), Problem::Animated);
    }

    void testExactlyTwoMiBTooLarge() {
        const std::string in = pad_jpeg_to(portrait_jpeg(600, 800, kWhite), kTwoMiB);
        CPPUNIT_ASSERT_EQUAL(kTwoMiB, in.size());
        assert_refused("exactly 2 MiB", in, Problem::FileTooLarge);
    }

    void testTwoMiBPlusOneTooLarge() {
        const std::string in = pad_jpeg_to(portrait_jpeg(600, 800, kWhite), kTwoMiB + 1);
        CPPUNIT_ASSERT_EQUAL(kTwoMiB + 1, in.size());
        assert_refused("2 MiB + 1", in, Problem::FileTooLarge);
    }

    void testLandscapeRefused() {
        assert_refused("800×600", make_jpeg(800, 600, head_and_shoulders(800, 600, kWhite)), Problem::Landscape);
    }

    void testDarkBackground() {
        assert_refused("dark background", portrait_jpeg(600, 800, {40, 40, 45}), Problem::Background);
    }

    void testRedBackground() {
        assert_refused("red background", portrait_jpeg(600, 800, kRed), Problem::Background);
    }

    void testGreenBackground() {
        assert_refused("green background", portrait_jpeg(600, 800, {40, 170, 70}), Problem::Background);
    }

    void testNoiseBackground() {
        assert_refused("noise background", make_jpeg(600, 800, head_and_shoulders(600, 800, noise(41))),
                       Problem::Background);
    }

    void testRedFrame() {
        const int w = 600, h = 800, b = 12;
        assert_refused("red frame",
                       make_jpeg(w, h, framed(w, h, b, kRed, head_and_shoulders(w - 2 * b, h - 2 * b, kWhite))),
                       Problem::Frame);
    }

    void testBlackFrame() {
        const int w = 600, h = 800, b = 12;
        assert_refused("black frame",
                       make_png(w, h, framed(w, h, b, kBlack, head_and_shoulders(w - 2 * b, h - 2 * b, kWhite))),
                       Problem::Frame);
    }

    void testWhiteFrameAroundLightBlue() {
        const int w = 600, h = 800, b = 12;
        assert_refused("white frame around light blue",
                       make_jpeg(w, h, framed(w, h, b, kWhite, head_and_shoulders(w - 2 * b, h - 2 * b, kLightBlue))),
                       Problem::Frame);
    }

    // ---- has_frame on raw RGB ----

    void testHasFrameFramed() {
        const int w = 480, h = 640, b = 12;
        const auto red = render_rgb(w, h, framed(w, h, b, kRed, head_and_shoulders(w - 2 * b, h - 2 * b, kWhite)));
        CPPUNIT_ASSERT_MESSAGE("red frame", has_frame(red.data(), w, h));
        const auto black =
            render_rgb(w, h, framed(w, h, b, kBlack, head_and_shoulders(w - 2 * b, h - 2 * b, kWhite)));
        CPPUNIT_ASSERT_MESSAGE("black frame", has_frame(black.data(), w, h));
        const auto white =
            render_rgb(w, h, framed(w, h, b, kWhite, head_and_shoulders(w - 2 * b, h - 2 * b, kLightBlue)));
        CPPUNIT_ASSERT_MESSAGE("white frame around light blue", has_frame(white.data(), w, h));
    }

    void testHasFramePortraitShouldersToBottom() {
        const int w = 480, h = 640;
        for (const Rgb bg : {kWhite, kLightBlue, kLightGrey, kBlue}) {
            const auto wide = render_rgb(w, h, head_and_shoulders(w, h, bg, Shoulders::Wide));
            CPPUNIT_ASSERT_MESSAGE("wide shoulders on " + rgb_text(bg), !has_frame(wide.data(), w, h));
            const auto narrow = render_rgb(w, h, head_and_shoulders(w, h, bg, Shoulders::Narrow));
            CPPUNIT_ASSERT_MESSAGE("narrow shoulders on " + rgb_text(bg), !has_frame(narrow.data(), w, h));
        }
    }

    void testHasFrameFlatImage() {
        const int w = 480, h = 640;
        for (const Rgb c : {kWhite, kLightBlue, kBlack, kRed}) {
            const auto flat = render_rgb(w, h, solid(c));
            CPPUNIT_ASSERT_MESSAGE("flat " + rgb_text(c), !has_frame(flat.data(), w, h));
        }
    }

    void testHasFrameOnePixelNoisyBorder() {
        const int w = 480, h = 640;
        const auto px = render_rgb(w, h, noisy_edge(w, h, head_and_shoulders(w, h, kWhite, Shoulders::Narrow)));
        CPPUNIT_ASSERT(!has_frame(px.data(), w, h));
        const auto flat = render_rgb(w, h, noisy_edge(w, h, solid(kWhite)));
        CPPUNIT_ASSERT(!has_frame(flat.data(), w, h));
    }

    // ---- headings and statistics ----

    void testProblemHeadings() {
        const std::vector<std::pair<Problem, std::string>> want = {
            {Problem::Empty, "请选择照片"},          {Problem::FileTooLarge, "文件过大"},
            {Problem::WrongType, "文件类型不正确"},  {Problem::Animated, "不支持动态图片"},
            {Problem::Corrupt, "照片文件已损坏"},    {Problem::TooSmall, "照片尺寸过小"},
            {Problem::TooLarge, "照片尺寸过大"},     {Problem::Landscape, "照片方向不正确"},
            {Problem::Background, "背景颜色不符合要求"}, {Problem::Frame, "照片不能有边框"},
        };
        for (const auto& [p, heading] : want) {
            const char* got = problem_heading(p);
            CPPUNIT_ASSERT_MESSAGE(problem_name(p), got != nullptr);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(problem_name(p), heading, std::string(got));
        }
    }

    void testCenterLumaDarkCentre() {
        // Black block over 20%..80% across, 20%..85% down: the whole middle third is black.
        const std::string in = make_jpeg(600, 800, portrait(600, 800, kWhite, kBlack));
        const GraduationPhoto out = accepted("black centre", in);
        CPPUNIT_ASSERT_MESSAGE("center_luma " + std::to_string(out.stats.center_luma), out.stats.center_luma < 40);
    }

    void testCenterLumaWhite() {
        const std::string in = make_jpeg(600, 800, solid(kWhite));
        const GraduationPhoto out = accepted("white", in);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(255.0, out.stats.center_luma, 2.0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraduationPhotoTest);
