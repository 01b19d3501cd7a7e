// test_application_review.cpp: CppUnit tests for the pure functions of
// common/domain/application_review: judge() (系统审核: pass only when every chosen major is
// met and nothing was chosen by hand; otherwise the reasons a clerk reads), the 预审 and
// 审定 reason checks (known code, 其他 needs text, at most 500 characters, clean UTF-8),
// what the examinee reads as the reason, and when the registration form is locked.
// The eligibility results and audit inputs are built by hand; no database.
#include "common/domain/application_review.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace zk;
using namespace zk::application_review;

namespace {

const std::string kMajor = "太原理工大学 计算机科学与技术(本科)";

eligibility::Result met() {
    eligibility::Result r;
    r.eligible = true;
    return r;
}

eligibility::Result not_met() {
    eligibility::Result r;
    r.eligible = false;
    r.missing_count = 1;
    return r;
}

eligibility::Result with_problem() {
    eligibility::Result r;
    r.eligible = false;
    eligibility::ChoiceProblem p;
    p.what = "substitution";
    p.code = "13180";
    p.message = "不存在该顶替规则";
    r.problems.push_back(p);
    return r;
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

bool has_reason(const Verdict& v, const std::string& part) {
    for (const auto& r : v.reasons)
        if (r.find(part) != std::string::npos) return true;
    return false;
}

std::string joined(const Verdict& v) {
    std::string out;
    for (const auto& r : v.reasons) out += r + "|";
    return out;
}

}  // namespace

class ApplicationReviewTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ApplicationReviewTest);
    CPPUNIT_TEST(testJudgePassesWhenEveryMajorIsMetAndNothingChosenByHand);
    CPPUNIT_TEST(testJudgeTwoMajorsOneNotMet);
    CPPUNIT_TEST(testJudgeNotEligible);
    CPPUNIT_TEST(testJudgeProblemsEvenIfMarkedEligible);
    CPPUNIT_TEST(testJudgeNoPlanInForce);
    CPPUNIT_TEST(testJudgeNoMajors);
    CPPUNIT_TEST(testJudgeOldplanPresent);
    CPPUNIT_TEST(testJudgeSubstitutionChosen);
    CPPUNIT_TEST(testJudgeEnglishChosen);
    CPPUNIT_TEST(testJudgeEverythingAtOnceKeepsEveryKindOfReason);
    CPPUNIT_TEST(testPrereviewReasonCodes);
    CPPUNIT_TEST(testPrereviewReasonText);
    CPPUNIT_TEST(testPrereviewReasonErrorOther);
    CPPUNIT_TEST(testPrereviewReasonErrorLength);
    CPPUNIT_TEST(testPrereviewReasonErrorBadUtf8);
    CPPUNIT_TEST(testFinalReasonError);
    CPPUNIT_TEST(testRegistrationFormLocked);
    CPPUNIT_TEST_SUITE_END();

public:
    // ---- judge ----

    void testJudgePassesWhenEveryMajorIsMetAndNothingChosenByHand() {
        const auto r = met();
        graduation::AuditInputs in;
        const Verdict v = judge(in, {{kMajor, &r}});
        CPPUNIT_ASSERT_MESSAGE(joined(v), v.pass);
        CPPUNIT_ASSERT(v.reasons.empty());
        // One-to-one substitutions are applied by the rules: still no manual item.
        in.transcript.push_back({});
        CPPUNIT_ASSERT(judge(in, {{kMajor, &r}, {"山西大学 法学", &r}}).pass);
    }

    void testJudgeTwoMajorsOneNotMet() {
        const auto good = met();
        const auto bad = not_met();
        const Verdict v = judge({}, {{kMajor, &good}, {"山西大学 法学(本科)", &bad}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), v.reasons.size());
        CPPUNIT_ASSERT_EQUAL(std::string("山西大学 法学(本科)：按现行计划重新审核不符合毕业条件"), v.reasons[0]);
    }

    void testJudgeNotEligible() {
        const auto bad = not_met();
        const Verdict v = judge({}, {{kMajor, &bad}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(kMajor + "：按现行计划重新审核不符合毕业条件", v.reasons.at(0));
    }

    void testJudgeProblemsEvenIfMarkedEligible() {
        auto r = with_problem();
        Verdict v = judge({}, {{kMajor, &r}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), v.reasons.size());
        CPPUNIT_ASSERT_EQUAL(kMajor + "：所选顶替课程有误", v.reasons[0]);
        // A result claiming eligibility with a problem is still not a pass.
        r.eligible = true;
        v = judge({}, {{kMajor, &r}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT(has_reason(v, "所选顶替课程有误"));
    }

    void testJudgeNoPlanInForce() {
        const auto good = met();
        const Verdict v = judge({}, {{kMajor, nullptr}, {"山西大学 法学(本科)", &good}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), v.reasons.size());
        CPPUNIT_ASSERT_EQUAL(kMajor + "：暂无现行的专业计划", v.reasons[0]);
    }

    void testJudgeNoMajors() {
        const Verdict v = judge({}, {});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(std::string("未选择申请专业"), v.reasons.at(0));
    }

    void testJudgeOldplanPresent() {
        auto r = met();
        r.provisional = true;
        graduation::AuditInputs in;
        store::applications::OldPlanCourse c;
        c.code = "00015";
        c.name = "英语(二)";
        in.oldplan = {c, c};
        const Verdict v = judge(in, {{kMajor, &r}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), v.reasons.size());
        CPPUNIT_ASSERT_EQUAL(std::string("已添加旧计划课程2门，需核验证书"), v.reasons[0]);
        // Even verified certificates are scans a person must look at.
        in.oldplan[0].verified = in.oldplan[1].verified = true;
        CPPUNIT_ASSERT(!judge(in, {{kMajor, &r}}).pass);
    }

    void testJudgeSubstitutionChosen() {
        const auto r = met();
        graduation::AuditInputs in;
        in.choices.substitutions.push_back({"r-13180", "13180", {"02325"}});
        const Verdict v = judge(in, {{kMajor, &r}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), v.reasons.size());
        CPPUNIT_ASSERT_EQUAL(std::string("已选择一门顶多门或任选一门新计划顶替课程"), v.reasons[0]);
    }

    void testJudgeEnglishChosen() {
        const auto r = met();
        graduation::AuditInputs in;
        in.choices.english_replacement = {"00051", "00341", "02120"};
        const Verdict v = judge(in, {{kMajor, &r}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), v.reasons.size());
        CPPUNIT_ASSERT_EQUAL(std::string("已选择顶替英语二课程"), v.reasons[0]);
    }

    void testJudgeEverythingAtOnceKeepsEveryKindOfReason() {
        const auto bad = not_met();
        graduation::AuditInputs in;
        in.oldplan.push_back({});
        in.choices.substitutions.push_back({"r-13180", "13180", {"02325"}});
        in.choices.english_replacement = {"00051"};
        const Verdict v = judge(in, {{kMajor, &bad}, {"山西大学 法学(本科)", nullptr}});
        CPPUNIT_ASSERT(!v.pass);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(v), std::size_t(5), v.reasons.size());
        for (const char* part : {"不符合毕业条件", "暂无现行的专业计划", "旧计划课程1门", "任选一门", "顶替英语二"})
            CPPUNIT_ASSERT_MESSAGE(part, has_reason(v, part));
    }

    // ---- reasons ----

    void testPrereviewReasonCodes() {
        const std::vector<std::string> codes = {"score", "substitution", "oldplan", "photo", "education", "other"};
        const std::vector<std::string> labels = {"成绩不符", "顶替课程不符", "旧计划材料不全",
                                                 "照片不合格", "学历信息不一致", "其他"};
        const auto& list = prereview_reasons();
        CPPUNIT_ASSERT_EQUAL(codes.size(), list.size());
        for (std::size_t i = 0; i < codes.size(); ++i) {
            CPPUNIT_ASSERT_EQUAL(codes[i], std::string(list[i].code));
            CPPUNIT_ASSERT_EQUAL(labels[i], std::string(reason_label(codes[i])));
            CPPUNIT_ASSERT_MESSAGE(codes[i], !prereview_reason_error(codes[i], codes[i] == "other" ? "说明" : ""));
        }
        CPPUNIT_ASSERT(reason_label("") == nullptr);
        CPPUNIT_ASSERT(reason_label("Score") == nullptr);
        CPPUNIT_ASSERT(reason_label("成绩不符") == nullptr);
        for (const char* bad : {"", "nope", "SCORE", "score ", "成绩不符"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("请选择不通过原因。"),
                                         prereview_reason_error(bad, "说明文字").value_or(""));
    }

    void testPrereviewReasonText() {
        CPPUNIT_ASSERT_EQUAL(std::string("成绩不符"), prereview_reason_text("score", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("照片不合格：背景不是纯色"), prereview_reason_text("photo", "背景不是纯色"));
        CPPUNIT_ASSERT_EQUAL(std::string("其他：地址不详"), prereview_reason_text("other", "地址不详"));
    }

    void testPrereviewReasonErrorOther() {
        const std::string need = "请填写不通过原因（至少2个字）。";
        CPPUNIT_ASSERT_EQUAL(need, prereview_reason_error("other", "").value_or(""));
        CPPUNIT_ASSERT_EQUAL(need, prereview_reason_error("other", "短").value_or(""));
        CPPUNIT_ASSERT(!prereview_reason_error("other", "地址"));
        // Other codes take no text, or any from one character.
        CPPUNIT_ASSERT(!prereview_reason_error("score", ""));
        CPPUNIT_ASSERT(!prereview_reason_error("score", "低"));
    }

    void testPrereviewReasonErrorLength() {
        for (const char* code : {"score", "other"}) {
            CPPUNIT_ASSERT_MESSAGE(code, !prereview_reason_error(code, repeat("长", 500)));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(code, std::string("原因不能超过500个字（现为501个字）。"),
                                         prereview_reason_error(code, repeat("长", 501)).value_or(""));
        }
        // Characters, not bytes: 500 ASCII letters pass, 501 do not.
        CPPUNIT_ASSERT(!prereview_reason_error("other", repeat("a", 500)));
        CPPUNIT_ASSERT(prereview_reason_error("other", repeat("a", 501)));
    }

    void testPrereviewReasonErrorBadUtf8() {
        const std::string bad = "原因\xff\xfe";
        const std::string message = "原因中含有无法识别的字符，请重新输入。";
        CPPUNIT_ASSERT_EQUAL(message, prereview_reason_error("other", bad).value_or(""));
        CPPUNIT_ASSERT_EQUAL(message, prereview_reason_error("score", bad).value_or(""));
        CPPUNIT_ASSERT(prereview_reason_error("score", std::string("ab\0cd", 5)));
        CPPUNIT_ASSERT(prereview_reason_error("score", "\xe6\x88"));  // a truncated 3-byte sequence
    }

    void testFinalReasonError() {
        CPPUNIT_ASSERT_EQUAL(std::string("请填写不通过原因（至少2个字）。"), final_reason_error("").value_or(""));
        CPPUNIT_ASSERT(final_reason_error("差"));
        CPPUNIT_ASSERT(!final_reason_error("不符"));
        CPPUNIT_ASSERT(!final_reason_error(repeat("长", 500)));
        CPPUNIT_ASSERT_EQUAL(std::string("原因不能超过500个字（现为501个字）。"),
                             final_reason_error(repeat("长", 501)).value_or(""));
        CPPUNIT_ASSERT(final_reason_error("材料\xc0\xaf"));  // an overlong encoding
    }

    void testRegistrationFormLocked() {
        for (const char* s : {"materials_returned", "approved", "rejected"}) CPPUNIT_ASSERT_MESSAGE(s, registration_form_locked(s));
        for (const char* s : {"draft", "submitted", "photo_verified", "prereview", "prereview_passed",
                              "prereview_failed", "paid", "regform_filled", "", "Approved"})
            CPPUNIT_ASSERT_MESSAGE(s, !registration_form_locked(s));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ApplicationReviewTest);
