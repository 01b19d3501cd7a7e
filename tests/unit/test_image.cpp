// test_image.cpp: CppUnit tests for common/domain/image: content-based type checks (HTML, PHP,
// SVG, GIF, random bytes disguised as photos), size and dimension limits read from the
// header, animated and corrupt PNGs, truncated JPEGs, rotation, metadata stripping,
// scaling, colour statistics and background classes. Every input is generated here with
// libvips or assembled byte by byte (tests/unit/test_images.hpp); libvips is also the
// reference used to read the output back.
#include "common/domain/image.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "common/base/crypto.hpp"
#include "tests/unit/test_images.hpp"

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace zk::image;
using namespace zk::test;

namespace {

const std::string kCorrupt = "照片文件已损坏或不完整，无法打开，请重新拍摄或导出后上传。";
const std::string kNotImage = "文件内容不是 JPG 或 PNG 图片（系统按文件内容识别，修改扩展名无效）。";

struct Decoded {
    int width = 0, height = 0, bands = 0;
    bool has_orientation = false;
};

// Reads the re-encoded output back with libvips, fully, to prove it is a sound JPEG.
Decoded decode_output(const std::string& jpeg) {
    VipsImage* raw = nullptr;
    if (vips_jpegload_buffer(const_cast<char*>(jpeg.data()), jpeg.size(), &raw, "fail_on", VIPS_FAIL_ON_WARNING,
                             nullptr) != 0) {
        vips_error_clear();
        CPPUNIT_FAIL("output is not a readable JPEG");
    }
    VipsImagePtr img(raw);
    double avg = 0;
    if (vips_avg(img.get(), &avg, nullptr) != 0) {
        vips_error_clear();
        CPPUNIT_FAIL("output JPEG does not decode");
    }
    Decoded d;
    d.width = vips_image_get_width(img.get());
    d.height = vips_image_get_height(img.get());
    d.bands = vips_image_get_bands(img.get());
    d.has_orientation = vips_image_get_typeof(img.get(), "orientation") != 0;
    return d;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string error_of(const std::string& bytes, const Limits& limits = {}) {
    try {
        check_and_reencode(bytes, limits);
    } catch (const ImageError& e) {
        return e.what();
    }
    return "(no error)";
}

Stats stats_of(const std::string& bytes) { return check_and_reencode(bytes).stats; }

// libvips keeps every live object in a global table, so a leaked VipsImage stays
// reachable and LeakSanitizer never reports it; counting the table catches it.
std::size_t live_vips_objects() {
    std::size_t n = 0;
    vips_object_map(
        [](void*, void* a, void*) -> void* {
            ++*static_cast<std::size_t*>(a);
            return nullptr;
        },
        &n, nullptr);
    return n;
}

Background background_of_portrait(Rgb border, Rgb center) {
    return classify_background(stats_of(make_portrait_jpeg(480, 640, border, center)));
}

}  // namespace

class ImageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImageTest);
    CPPUNIT_TEST(testDetectTypeByContent);
    CPPUNIT_TEST(testValidJpegPasses);
    CPPUNIT_TEST(testPngWithAlphaFlattenedOntoWhite);
    CPPUNIT_TEST(testGreyPngBecomesRgb);
    CPPUNIT_TEST(testSixteenBitPngWithAlpha);
    CPPUNIT_TEST(testCmykJpegBecomesRgb);
    CPPUNIT_TEST(testExifOrientationApplied);
    CPPUNIT_TEST(testMetadataStripped);
    CPPUNIT_TEST(testLargeJpegScaledToFit);
    CPPUNIT_TEST(testWidePngScaledToFit);
    CPPUNIT_TEST(testSmallImageKeptAtSize);
    CPPUNIT_TEST(testTooSmall);
    CPPUNIT_TEST(testTooFewPixels);
    CPPUNIT_TEST(testHtmlRenamedJpg);
    CPPUNIT_TEST(testPhp);
    CPPUNIT_TEST(testSvg);
    CPPUNIT_TEST(testGif);
    CPPUNIT_TEST(testRandomBytes);
    CPPUNIT_TEST(testEmpty);
    CPPUNIT_TEST(testTruncatedJpeg);
    CPPUNIT_TEST(testJpegHeaderOnly);
    CPPUNIT_TEST(testHugePngHeaderRefusedQuickly);
    CPPUNIT_TEST(testTooManyPixelsRefused);
    CPPUNIT_TEST(testAnimatedPng);
    CPPUNIT_TEST(testMalformedChunkListNotAnimated);
    CPPUNIT_TEST(testPngBadIdatCrc);
    CPPUNIT_TEST(testPngGarbageIdat);
    CPPUNIT_TEST(testTruncatedPng);
    CPPUNIT_TEST(testSizeLimitBoundary);
    CPPUNIT_TEST(testDefaultSizeMessage);
    CPPUNIT_TEST(testBackgroundWhite);
    CPPUNIT_TEST(testBackgroundLightBlue);
    CPPUNIT_TEST(testBackgroundBlue);
    CPPUNIT_TEST(testBackgroundLightGrey);
    CPPUNIT_TEST(testBackgroundNoisyIsOther);
    CPPUNIT_TEST(testBackgroundRedIsOther);
    CPPUNIT_TEST(testClassifyThresholds);
    CPPUNIT_TEST(testBackgroundNames);
    CPPUNIT_TEST(testStatsBlack);
    CPPUNIT_TEST(testStatsGreyNoise);
    CPPUNIT_TEST(testStatsSaturatedRed);
    CPPUNIT_TEST(testConcurrentCalls);
    CPPUNIT_TEST(testNoVipsObjectsLeft);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { init(); }

    void testDetectTypeByContent() {
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), detect_type(make_jpeg(16, 16, solid({1, 2, 3}))));
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), detect_type(make_png(16, 16, solid({1, 2, 3}))));
        CPPUNIT_ASSERT_EQUAL(std::string("image/gif"), detect_type(make_gif(16, 16, solid({1, 2, 3}))));
        CPPUNIT_ASSERT_EQUAL(std::string("text/html"), detect_type("<html><body>hi</body></html>"));
    }

    void testValidJpegPasses() {
        const std::string in = make_jpeg(640, 480, gradient(640, 480));
        const CheckedImage out = check_and_reencode(in);
        CPPUNIT_ASSERT_EQUAL(640, out.width);
        CPPUNIT_ASSERT_EQUAL(480, out.height);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), out.source_type);
        CPPUNIT_ASSERT(zk::crypto::sha256(in) == out.sha256);
        CPPUNIT_ASSERT_EQUAL(std::size_t{32}, out.sha256.size());
        CPPUNIT_ASSERT(out.jpeg.size() > 2 && out.jpeg.compare(0, 2, "\xFF\xD8") == 0);
        const Decoded d = decode_output(out.jpeg);
        CPPUNIT_ASSERT_EQUAL(640, d.width);
        CPPUNIT_ASSERT_EQUAL(480, d.height);
        CPPUNIT_ASSERT_EQUAL(3, d.bands);
    }

    void testPngWithAlphaFlattenedOntoWhite() {
        // Transparent frame around an opaque dark-red block: the frame must come out white.
        const int w = 480, h = 640;
        const AlphaPattern alpha = [&](int x, int y) -> unsigned char {
            return (x >= w / 5 && x < w * 4 / 5 && y >= h / 5 && y < h * 4 / 5) ? 255 : 0;
        };
        const std::string in = make_png(w, h, solid({120, 10, 10}), &alpha);
        const CheckedImage out = check_and_reencode(in);
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), out.source_type);
        CPPUNIT_ASSERT_EQUAL(w, out.width);
        CPPUNIT_ASSERT_EQUAL(h, out.height);
        CPPUNIT_ASSERT_EQUAL(3, decode_output(out.jpeg).bands);
        CPPUNIT_ASSERT(out.stats.border_r > 250 && out.stats.border_g > 250 && out.stats.border_b > 250);
        CPPUNIT_ASSERT(out.stats.border_stddev < 1.0);
        CPPUNIT_ASSERT(Background::White == classify_background(out.stats));
    }

    void testGreyPngBecomesRgb() {
        VipsImagePtr rgb = make_image(320, 400, grey_noise(5));
        VipsImage* raw = nullptr;
        CPPUNIT_ASSERT_EQUAL(0, vips_extract_band(rgb.get(), &raw, 0, nullptr));
        VipsImagePtr grey(raw);
        const std::string in = save_png(grey.get());
        const CheckedImage out = check_and_reencode(in);
        CPPUNIT_ASSERT_EQUAL(3, decode_output(out.jpeg).bands);
        CPPUNIT_ASSERT(out.stats.colorfulness < 0.01);
    }

    void testSixteenBitPngWithAlpha() {
        // Fully transparent 16-bit RGBA: flattening must use the 16-bit white, not 255.
        const int w = 300, h = 400;
        std::vector<unsigned short> px(static_cast<std::size_t>(w) * h * 4, 0);
        VipsImage* raw = vips_image_new_from_memory_copy(px.data(), px.size() * sizeof(unsigned short), w, h, 4,
                                                         VIPS_FORMAT_USHORT);
        CPPUNIT_ASSERT(raw != nullptr);
        VipsImagePtr plain(raw);
        raw = nullptr;
        CPPUNIT_ASSERT_EQUAL(0, vips_copy(plain.get(), &raw, "interpretation", VIPS_INTERPRETATION_RGB16, nullptr));
        VipsImagePtr rgb16(raw);
        const std::string in = save_png(rgb16.get());
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), detect_type(in));
        const CheckedImage out = check_and_reencode(in);
        CPPUNIT_ASSERT(out.stats.mean_luma > 254.0);
        CPPUNIT_ASSERT_EQUAL(3, decode_output(out.jpeg).bands);
    }

    void testCmykJpegBecomesRgb() {
        const int w = 320, h = 400;
        std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 4, 0);
        for (std::size_t i = 0; i < px.size(); i += 4) px[i + 1] = 200;  // magenta ink only
        VipsImage* raw = vips_image_new_from_memory_copy(px.data(), px.size(), w, h, 4, VIPS_FORMAT_UCHAR);
        CPPUNIT_ASSERT(raw != nullptr);
        VipsImagePtr plain(raw);
        raw = nullptr;
        CPPUNIT_ASSERT_EQUAL(0, vips_copy(plain.get(), &raw, "interpretation", VIPS_INTERPRETATION_CMYK, nullptr));
        VipsImagePtr cmyk(raw);
        const CheckedImage out = check_and_reencode(save_jpeg(cmyk.get()));
        CPPUNIT_ASSERT_EQUAL(3, decode_output(out.jpeg).bands);
        CPPUNIT_ASSERT_EQUAL(w, out.width);
        // Magenta: strong red and blue, little green.
        CPPUNIT_ASSERT(out.stats.border_r > out.stats.border_g + 60);
        CPPUNIT_ASSERT(out.stats.border_b > out.stats.border_g + 30);
    }

    void testExifOrientationApplied() {
        const std::string in = make_jpeg(640, 480, gradient(640, 480), 90, 6);
        const CheckedImage out = check_and_reencode(in);
        CPPUNIT_ASSERT_EQUAL(480, out.width);
        CPPUNIT_ASSERT_EQUAL(640, out.height);
        const Decoded d = decode_output(out.jpeg);
        CPPUNIT_ASSERT_EQUAL(480, d.width);
        CPPUNIT_ASSERT_EQUAL(640, d.height);
        CPPUNIT_ASSERT(!d.has_orientation);
    }

    void testMetadataStripped() {
        const std::string exif("Exif\0\0", 6);
        const std::string in = make_jpeg(640, 480, gradient(640, 480), 90, 6);
        CPPUNIT_ASSERT(contains(in, exif));  // otherwise this test proves nothing
        const CheckedImage out = check_and_reencode(in);
        CPPUNIT_ASSERT(!contains(out.jpeg, exif));
        CPPUNIT_ASSERT(!contains(out.jpeg, "http://ns.adobe.com/xap/"));
        CPPUNIT_ASSERT(!contains(out.jpeg, "ICC_PROFILE"));
    }

    void testLargeJpegScaledToFit() {
        const std::string in = make_jpeg(4000, 3000, gradient(4000, 3000), 85);
        const CheckedImage out = check_and_reencode(in);
        CPPUNIT_ASSERT_EQUAL(1600, out.width);
        CPPUNIT_ASSERT_EQUAL(1200, out.height);
        const Decoded d = decode_output(out.jpeg);
        CPPUNIT_ASSERT_EQUAL(1600, d.width);
        CPPUNIT_ASSERT_EQUAL(1200, d.height);
    }

    void testWidePngScaledToFit() {
        const CheckedImage out = check_and_reencode(make_png(1000, 2100, gradient(1000, 2100)));
        CPPUNIT_ASSERT_EQUAL(1600, out.height);
        CPPUNIT_ASSERT(out.width >= 761 && out.width <= 762);
    }

    void testSmallImageKeptAtSize() {
        // Never enlarged: a 300×400 photo stays 300×400.
        const CheckedImage out = check_and_reencode(make_jpeg(300, 400, gradient(300, 400)));
        CPPUNIT_ASSERT_EQUAL(300, out.width);
        CPPUNIT_ASSERT_EQUAL(400, out.height);
    }

    void testTooSmall() {
        CPPUNIT_ASSERT_EQUAL(std::string("照片分辨率太低（100×100 像素），请上传至少 240×320 像素的清晰照片。"),
                             error_of(make_jpeg(100, 100, gradient(100, 100))));
    }

    void testTooFewPixels() {
        // Both sides pass the 240 minimum, but 240×300 is fewer than 240×320 pixels.
        CPPUNIT_ASSERT_EQUAL(std::string("照片分辨率太低（240×300 像素），请上传至少 240×320 像素的清晰照片。"),
                             error_of(make_png(240, 300, gradient(240, 300))));
    }

    void testHtmlRenamedJpg() {
        CPPUNIT_ASSERT_EQUAL(kNotImage, error_of("<html><body>hi</body></html>"));
    }

    void testPhp() { CPPUNIT_ASSERT_EQUAL(kNotImage, error_of("<?php echo 1; ?>")); }

    void testSvg() {
        const std::string svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"400\">"
            "<rect width=\"300\" height=\"400\" fill=\"white\"/></svg>";
        CPPUNIT_ASSERT_EQUAL(std::string("不支持 SVG 文件，请上传 JPG 或 PNG 格式的照片。"), error_of(svg));
    }

    void testGif() {
        CPPUNIT_ASSERT_EQUAL(std::string("不支持 GIF 图片，请上传 JPG 或 PNG 格式的照片。"),
                             error_of(make_gif(320, 400, gradient(320, 400))));
    }

    void testRandomBytes() {
        std::mt19937 gen(42);
        std::string bytes(4096, '\0');
        for (char& c : bytes) c = static_cast<char>(gen());
        CPPUNIT_ASSERT_EQUAL(kNotImage, error_of(bytes));
    }

    void testEmpty() { CPPUNIT_ASSERT_EQUAL(std::string("请选择要上传的照片。"), error_of("")); }

    void testTruncatedJpeg() {
        const std::string full = make_jpeg(640, 480, noise(3));
        CPPUNIT_ASSERT_NO_THROW(check_and_reencode(full));
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(full.substr(0, full.size() / 2)));
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(full.substr(0, full.size() - 100)));
    }

    void testJpegHeaderOnly() {
        // Cut inside the entropy-coded data right after the headers: nothing to decode.
        const std::string full = make_jpeg(640, 480, noise(4));
        const std::size_t sos = full.find("\xFF\xDA");
        CPPUNIT_ASSERT(sos != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(full.substr(0, sos + 20)));
    }

    void testHugePngHeaderRefusedQuickly() {
        const std::string png = png_with_header(30000, 30000);
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), detect_type(png));
        const auto start = std::chrono::steady_clock::now();
        const std::string msg = error_of(png);
        const auto took = std::chrono::steady_clock::now() - start;
        CPPUNIT_ASSERT_EQUAL(std::string("照片尺寸过大（30000×30000 像素），请缩小到 4000 像素以内后上传。"), msg);
        CPPUNIT_ASSERT(took < std::chrono::milliseconds(500));
    }

    void testTooManyPixelsRefused() {
        // Each side is under max_side, but 9000×9000 is over 40 megapixels.
        CPPUNIT_ASSERT_EQUAL(std::string("照片尺寸过大（9000×9000 像素），请缩小到 4000 像素以内后上传。"),
                             error_of(png_with_header(9000, 9000)));
        // A header declaring the pixels a small valid IDAT does not have is corrupt.
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(png_with_header(400, 400)));
    }

    void testAnimatedPng() {
        const std::string still = make_png(320, 400, gradient(320, 400));
        CPPUNIT_ASSERT_NO_THROW(check_and_reencode(still));
        const std::string apng = insert_after_ihdr(still, actl_chunk());
        CPPUNIT_ASSERT_EQUAL(std::string("不支持动态图片，请上传静态照片。"), error_of(apng));
    }

    void testMalformedChunkListNotAnimated() {
        // A chunk length pointing past the end must stop the walk, not read beyond it;
        // libpng then refuses the file as corrupt.
        std::string png = make_png(320, 400, gradient(320, 400));
        const std::size_t idat = find_png_chunk(png, "IDAT");
        png[idat] = '\x7f';
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(png));
        png[idat] = '\xff';  // over 2^31-1, invalid by the spec
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(png));
        CPPUNIT_ASSERT_EQUAL(kNotImage, error_of(png_signature().substr(0, 8)));
    }

    void testPngBadIdatCrc() {
        const std::string png = make_png(320, 400, noise(6));
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(png_bad_idat_crc(png)));
    }

    void testPngGarbageIdat() {
        const std::string png = make_png(320, 400, noise(8));
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(png_garbage_idat(png)));
    }

    void testTruncatedPng() {
        const std::string png = make_png(320, 400, noise(9));
        CPPUNIT_ASSERT_EQUAL(kCorrupt, error_of(png.substr(0, png.size() / 2)));
    }

    void testSizeLimitBoundary() {
        Limits small;
        small.max_bytes = 50000;
        const std::string big = make_jpeg(400, 400, noise(10));
        CPPUNIT_ASSERT(big.size() > 50001);
        const std::string at_limit = big.substr(0, 50000);
        const std::string over = big.substr(0, 50001);
        CPPUNIT_ASSERT(contains(error_of(at_limit, small), "照片文件应小于49KB（当前约 49 KB）"));
        CPPUNIT_ASSERT(contains(error_of(over, small), "请压缩后重新上传。"));
        const std::string fits = make_jpeg(320, 400, gradient(320, 400));
        CPPUNIT_ASSERT(fits.size() < 50000);
        CPPUNIT_ASSERT_NO_THROW(check_and_reencode(fits, small));
    }

    void testDefaultSizeMessage() {
        const std::string two_mib(2 * 1024 * 1024, '\xff');
        CPPUNIT_ASSERT_EQUAL(std::string("照片文件应小于2MB（当前约 2.0 MB），请压缩后重新上传。"), error_of(two_mib));
        CPPUNIT_ASSERT_EQUAL(std::string("照片文件应小于2MB（当前约 3.5 MB），请压缩后重新上传。"),
                             error_of(std::string(3670016, '\xff')));
    }

    void testBackgroundWhite() {
        CPPUNIT_ASSERT(Background::White == background_of_portrait({255, 255, 255}, {60, 40, 30}));
    }
    void testBackgroundLightBlue() {
        CPPUNIT_ASSERT(Background::LightBlue == background_of_portrait({0xA8, 0xD8, 0xF8}, {60, 40, 30}));
        CPPUNIT_ASSERT(Background::LightBlue == background_of_portrait({0x87, 0xCE, 0xEB}, {60, 40, 30}));
    }
    void testBackgroundBlue() {
        CPPUNIT_ASSERT(Background::Blue == background_of_portrait({0x43, 0x8E, 0xDB}, {230, 200, 180}));
    }
    void testBackgroundLightGrey() {
        CPPUNIT_ASSERT(Background::LightGrey == background_of_portrait({0xD3, 0xD3, 0xD3}, {60, 40, 30}));
    }
    void testBackgroundNoisyIsOther() {
        const int w = 480, h = 640;
        Pattern n = noise(11);
        const Pattern p = [&](int x, int y) {
            const Rgb c = n(x, y);
            const bool inside = x >= w / 5 && x < w * 4 / 5 && y >= h / 5 && y < h * 85 / 100;
            return inside ? Rgb{60, 40, 30} : c;
        };
        const Stats s = stats_of(make_jpeg(w, h, p));
        CPPUNIT_ASSERT(s.border_stddev >= 18);
        CPPUNIT_ASSERT(Background::Other == classify_background(s));
    }
    void testBackgroundRedIsOther() {
        const Stats s = stats_of(make_portrait_jpeg(480, 640, {220, 20, 30}, {60, 40, 30}));
        CPPUNIT_ASSERT(s.border_stddev < 5);
        CPPUNIT_ASSERT(Background::Other == classify_background(s));
    }

    void testClassifyThresholds() {
        Stats s;
        s.border_r = s.border_g = s.border_b = 240;
        CPPUNIT_ASSERT(Background::White == classify_background(s));
        s.border_stddev = 18;  // flat enough is strictly below 18
        CPPUNIT_ASSERT(Background::Other == classify_background(s));
        s.border_stddev = 17.9;
        CPPUNIT_ASSERT(Background::White == classify_background(s));
        s.border_r = s.border_g = s.border_b = 200;
        CPPUNIT_ASSERT(Background::LightGrey == classify_background(s));
        s.border_r = s.border_g = s.border_b = 120;  // dark grey
        CPPUNIT_ASSERT(Background::Other == classify_background(s));
        s.border_r = 0x43;
        s.border_g = 0x8E;
        s.border_b = 0xDB;
        CPPUNIT_ASSERT(Background::Blue == classify_background(s));
        s.border_r = 0xA8;
        s.border_g = 0xD8;
        s.border_b = 0xF8;
        CPPUNIT_ASSERT(Background::LightBlue == classify_background(s));
    }

    void testBackgroundNames() {
        CPPUNIT_ASSERT_EQUAL(std::string("白色"), std::string(background_name(Background::White)));
        CPPUNIT_ASSERT_EQUAL(std::string("浅蓝色"), std::string(background_name(Background::LightBlue)));
        CPPUNIT_ASSERT_EQUAL(std::string("蓝色"), std::string(background_name(Background::Blue)));
        CPPUNIT_ASSERT_EQUAL(std::string("浅灰色"), std::string(background_name(Background::LightGrey)));
        CPPUNIT_ASSERT_EQUAL(std::string("其他"), std::string(background_name(Background::Other)));
    }

    void testStatsBlack() {
        const Stats s = stats_of(make_jpeg(320, 400, solid({0, 0, 0})));
        CPPUNIT_ASSERT(s.mean_luma < 1.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, s.colorfulness, 0.01);
        CPPUNIT_ASSERT(s.border_stddev < 0.5);
    }

    void testStatsGreyNoise() {
        const Stats s = stats_of(make_jpeg(320, 400, grey_noise(12)));
        CPPUNIT_ASSERT(s.colorfulness < 4.0);
        CPPUNIT_ASSERT(s.border_stddev > 30);
        CPPUNIT_ASSERT(s.mean_luma > 100 && s.mean_luma < 155);
    }

    void testStatsSaturatedRed() {
        const Stats s = stats_of(make_png(320, 400, solid({255, 0, 0})));
        CPPUNIT_ASSERT(s.colorfulness > 250.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.299 * 255, s.mean_luma, 1.0);
        const Stats j = stats_of(make_jpeg(320, 400, solid({255, 0, 0})));
        CPPUNIT_ASSERT(j.colorfulness > 240.0);
    }

    void testConcurrentCalls() {
        const std::string jpeg = make_jpeg(800, 600, gradient(800, 600));
        const std::string png = make_png(600, 800, gradient(600, 800));
        const std::string bad = jpeg.substr(0, jpeg.size() / 2);
        const CheckedImage ref_jpeg = check_and_reencode(jpeg);
        const CheckedImage ref_png = check_and_reencode(png);
        std::vector<std::thread> threads;
        std::vector<int> failures(4, 0);
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 5; ++i) {
                    try {
                        if (check_and_reencode(jpeg).jpeg != ref_jpeg.jpeg) ++failures[t];
                        if (check_and_reencode(png).jpeg != ref_png.jpeg) ++failures[t];
                        if (error_of(bad) != kCorrupt) ++failures[t];
                        if (error_of("<?php echo 1; ?>") != kNotImage) ++failures[t];
                    } catch (...) {
                        ++failures[t];
                    }
                }
            });
        }
        for (auto& th : threads) th.join();
        for (int f : failures) CPPUNIT_ASSERT_EQUAL(0, f);
    }

    void testNoVipsObjectsLeft() {
        // Every path: success (JPEG with rotation and shrink-on-load, PNG with alpha),
        // header refusal, decode failure, animated, wrong type.
        const AlphaPattern alpha = [](int x, int) -> unsigned char { return x < 100 ? 0 : 255; };
        const std::vector<std::string> inputs = {
            make_jpeg(3300, 2000, gradient(3300, 2000), 85, 6),
            make_png(400, 500, solid({1, 2, 3}), &alpha),
            png_with_header(30000, 30000),
            png_with_header(400, 400),
            make_jpeg(640, 480, noise(13)).substr(0, 20000),
            insert_after_ihdr(make_png(320, 400, solid({1, 2, 3})), actl_chunk()),
            make_jpeg(100, 100, solid({1, 2, 3})),
            make_gif(300, 300, solid({1, 2, 3})),
        };
        const std::size_t before = live_vips_objects();
        for (const std::string& in : inputs) {
            try {
                check_and_reencode(in);
            } catch (const ImageError&) {
            }
        }
        CPPUNIT_ASSERT_EQUAL(before, live_vips_objects());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImageTest);
