// test_image_portraits.cpp: CppUnit tests of the background check of 证件照 (registration)
// and 毕业照 on realistic head-and-shoulders pictures (tests/unit/test_images.hpp,
// id_photo_cases): white, light-blue, light-grey and blue backdrops, unevenly lit and
// noisy, saved as JPEG; wide shoulders reaching both lower corners, narrow ones, dark hair
// cut by the top edge. Each must pass; a dark, red, green, striped, busy or noisy
// background must be refused with its reason named.
#include "common/domain/identity.hpp"
#include "common/domain/image.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "tests/unit/test_images.hpp"

#include <string>
#include <vector>

using namespace zk::image;
using namespace zk::test;

namespace {

BackgroundFault expected_fault(const std::string& refused_as) {
    if (refused_as.empty()) return BackgroundFault::None;
    if (refused_as == "not plain") return BackgroundFault::NotPlain;
    if (refused_as == "too dark") return BackgroundFault::TooDark;
    if (refused_as == "colour") return BackgroundFault::WrongColour;
    CPPUNIT_FAIL("unknown refusal " + refused_as);
    return BackgroundFault::None;
}

const char* fault_name(BackgroundFault f) {
    switch (f) {
        case BackgroundFault::None: return "None";
        case BackgroundFault::NotPlain: return "NotPlain";
        case BackgroundFault::TooDark: return "TooDark";
        case BackgroundFault::WrongColour: return "WrongColour";
    }
    return "?";
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string describe(const IdPhotoCase& c, int w, int h, const Stats& s) {
    return c.name + " (" + std::to_string(w) + "×" + std::to_string(h) + "): background " +
           std::to_string(static_cast<int>(s.border_r)) + "," + std::to_string(static_cast<int>(s.border_g)) + "," +
           std::to_string(static_cast<int>(s.border_b)) + " spread " + std::to_string(s.border_stddev) + " share " +
           std::to_string(s.background_share) + ", fault " + fault_name(background_fault(s));
}

// The registration form's three photos with `portrait` as the 证件照 (the other two are
// any pictures that pass): the error the form shows for the 证件照, "" when accepted.
std::string portrait_error(const std::string& portrait) {
    std::vector<zk::http::UploadedFile> files{
        {"photo_portrait", "portrait.jpg", "image/jpeg", portrait},
        {"photo_id_front", "front.jpg", "image/jpeg", make_jpeg(320, 400, noise(61))},
        {"photo_id_in_hand", "hand.jpg", "image/jpeg", make_jpeg(320, 400, noise(62))},
    };
    const auto checked = zk::identity::check_uploads(files, zk::identity::Path::New);
    const auto e = checked.errors.find("portrait");
    return e == checked.errors.end() ? "" : e->second;
}

}  // namespace

class ImagePortraitsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImagePortraitsTest);
    CPPUNIT_TEST(testIdPhotoSizeBackgrounds);
    CPPUNIT_TEST(testPhoneSizeBackgrounds);
    CPPUNIT_TEST(testRegistrationPortraits);
    CPPUNIT_TEST(testGraduationPortraits);
    CPPUNIT_TEST(testShouldersAndHairAreNotSampled);
    CPPUNIT_TEST(testTwoWallsAreNotPlain);
    CPPUNIT_TEST(testFaultTexts);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { init(); }

    // Every case at one size: the background fault as expected, the class allowed or not.
    static void check_cases(int w, int h) {
        for (const IdPhotoCase& c : id_photo_cases(w, h)) {
            const Stats s = check_and_reencode(make_jpeg(w, h, c.pattern, c.quality)).stats;
            const std::string what = describe(c, w, h, s);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string(fault_name(expected_fault(c.refused_as))),
                                         std::string(fault_name(background_fault(s))));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, c.refused_as.empty(), classify_background(s) != Background::Other);
        }
    }

    // 358×441: the standard 证件照 size of the photo studios.
    void testIdPhotoSizeBackgrounds() { check_cases(358, 441); }

    // 1200×1600: a phone picture cropped to the head and shoulders.
    void testPhoneSizeBackgrounds() { check_cases(1200, 1600); }

    void testRegistrationPortraits() {
        const int w = 358, h = 441;
        for (const IdPhotoCase& c : id_photo_cases(w, h)) {
            const std::string error = portrait_error(make_jpeg(w, h, c.pattern, c.quality));
            if (c.refused_as.empty()) {
                CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, std::string(), error);
                continue;
            }
            CPPUNIT_ASSERT_MESSAGE(c.name + ": " + error, contains(error, "证件照背景应为蓝色、白色或浅灰色的纯色背景"));
            const char* reason = background_fault_text(expected_fault(c.refused_as));
            CPPUNIT_ASSERT_MESSAGE(c.name + ": " + error + " should name " + reason, contains(error, reason));
        }
    }

    void testGraduationPortraits() {
        const int w = 600, h = 800;
        for (const IdPhotoCase& c : id_photo_cases(w, h)) {
            const std::string in = make_jpeg(w, h, c.pattern, c.quality);
            try {
                const GraduationPhoto out = check_graduation_photo(in);
                CPPUNIT_ASSERT_MESSAGE(c.name + ": accepted, expected " + c.refused_as, c.refused_as.empty());
                CPPUNIT_ASSERT(out.background != Background::Other);
            } catch (const ImageError& e) {
                CPPUNIT_ASSERT_MESSAGE(c.name + ": refused: " + e.what(), !c.refused_as.empty());
                CPPUNIT_ASSERT_MESSAGE(c.name + ": " + e.what(), e.problem == Problem::Background);
                CPPUNIT_ASSERT_MESSAGE(c.name + ": " + e.what(),
                                       contains(e.what(), background_fault_text(expected_fault(c.refused_as))));
            }
        }
    }

    // The sampled bands are pure background although hair covers the middle of the top
    // edge and the shoulders fill both lower corners: every sampled cell agrees, and the
    // colour is the backdrop's own, not pulled towards the dark jacket.
    void testShouldersAndHairAreNotSampled() {
        const int w = 358, h = 441;
        const Rgb white{248, 248, 246};
        const Pattern p = id_photo(w, h, solid(white), {Shoulders::Wide, true, kTightShoulders});
        CPPUNIT_ASSERT(p(0, h - 1).r < 60 && p(w - 1, h - 1).r < 60);  // the jacket in both lower corners
        CPPUNIT_ASSERT(p(w / 2, 0).r < 60);                             // hair at the top edge
        const Stats s = check_and_reencode(make_png(w, h, p)).stats;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(s.background_share), s.background_share > 0.75);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(248.0, s.border_r, 2.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(246.0, s.border_b, 2.0);
        CPPUNIT_ASSERT(s.border_stddev < 2.0);
        CPPUNIT_ASSERT(Background::White == classify_background(s));
    }

    // Half white, half grey behind the head (two walls meeting): each half is flat, but no
    // one colour holds enough of the bands.
    void testTwoWallsAreNotPlain() {
        const int w = 358, h = 441;
        const Pattern walls = [w](int x, int) { return x < w / 2 ? Rgb{248, 248, 246} : Rgb{150, 150, 150}; };
        const Stats s = check_and_reencode(make_jpeg(w, h, id_photo(w, h, walls))).stats;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(s.background_share), s.background_share < kMinBackgroundShare);
        CPPUNIT_ASSERT(BackgroundFault::NotPlain == background_fault(s));
    }

    void testFaultTexts() {
        CPPUNIT_ASSERT_EQUAL(std::string(), std::string(background_fault_text(BackgroundFault::None)));
        CPPUNIT_ASSERT(contains(background_fault_text(BackgroundFault::NotPlain), "不是纯色"));
        CPPUNIT_ASSERT(contains(background_fault_text(BackgroundFault::TooDark), "过深"));
        CPPUNIT_ASSERT(contains(background_fault_text(BackgroundFault::WrongColour), "其他颜色"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImagePortraitsTest);
