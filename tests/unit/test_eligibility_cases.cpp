// test_eligibility_cases.cpp: hand-derived verdicts of the eligibility engine for the cases
// a legacy-integration maintainer found wrong: substitutes standing in for elective
// courses (一对一, 一门顶多门, 任选一门), choices that do not concern a major, retakes and
// second passes, the what-if over several plans, and the wording of group shortfalls.
// Each expected verdict was worked out by hand from the seed's rules; plans, rule ids and
// courses are invented. Trusts only engine.hpp / messages.hpp.
#include "common/domain/eligibility/engine.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace zk::eligibility;

namespace {

PassedCourse pass(const std::string& code, int credits, int date = 20220415, Source source = Source::Exam,
                  bool verified = true) {
    PassedCourse p;
    p.code = code;
    p.name = "课" + code;
    p.credits = credits;
    p.passed_on = date;
    p.score = "70";
    p.source = source;
    p.verified = verified;
    return p;
}

// 专业 A: two required courses (10 credits) and one elective group: at least one of
// 02325 (4) / 02326 (4), 4 credits; 14 credits in all.
Plan plan_a(const std::string& major = "080901") {
    Plan p;
    p.major_code = major;
    p.major_name = "专业" + major;
    p.level = "本科";
    p.required = {{"03708", "中国近现代史纲要", 2, RequirementKind::Required},
                  {"00023", "高等数学(工本)", 8, RequirementKind::Required}};
    p.electives = {{"G1", "专业选考课", {"02325", "02326"}, 4, 1, {4, 4}}};
    p.min_total_credits = 14;
    return p;
}

std::vector<PassedCourse> required_of_a() { return {pass("03708", 2), pass("00023", 8)}; }

SubstitutionRule rule(const std::string& id, RuleKind kind, const std::string& new_code, std::vector<std::string> old,
                      int from = 20240401, int to = 0, std::vector<std::string> majors = {}) {
    return {id, kind, {new_code}, std::move(old), from, to, std::move(majors)};
}

const GroupUse* use_in(const Result& r, const std::string& group, const std::string& code) {
    for (const GroupResult& g : r.groups)
        if (g.id == group)
            for (const GroupUse& u : g.uses)
                if (u.code == code) return &u;
    return nullptr;
}

bool has_reason(const Result& r, const std::string& text) {
    return std::any_of(r.reasons.begin(), r.reasons.end(),
                       [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

}  // namespace

class EligibilityCasesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EligibilityCasesTest);
    CPPUNIT_TEST(testElectiveFilledOnlyThroughOneToOne);
    CPPUNIT_TEST(testOneToOneOnElectiveOutsideValidity);
    CPPUNIT_TEST(testSubstituteCountsWithTheListedCoursesCredits);
    CPPUNIT_TEST(testListedCourseAndItsSubstituteCountOnce);
    CPPUNIT_TEST(testCourseForTwoGroupsWhereOnlyOneAssignmentWorks);
    CPPUNIT_TEST(testSubstituteNeededByRequirementAndElective);
    CPPUNIT_TEST(testAnyOneOfOnElective);
    CPPUNIT_TEST(testOneForManyOverRequiredAndElective);
    CPPUNIT_TEST(testChoiceOfOtherMajorIgnoredWithNote);
    CPPUNIT_TEST(testWhatIfRuleOfOtherMajorWithEligibleMajor);
    CPPUNIT_TEST(testWhatIfNeverNotEligibleWithNothingMissing);
    CPPUNIT_TEST(testRetakeSecondDateInsideWindow);
    CPPUNIT_TEST(testRetakeForChosenSubstitution);
    CPPUNIT_TEST(testRetakeCountsOnce);
    CPPUNIT_TEST(testVerifiedPassPreferredOverCertificate);
    CPPUNIT_TEST(testGroupShortSaysOnlyExistingLimits);
    CPPUNIT_TEST(testEnglishCourseNeededByGroupOrTotal);
    CPPUNIT_TEST_SUITE_END();

public:
    // 13180 stands in for the elective 02325 by a 一对一 rule: the group is met by it alone.
    void testElectiveFilledOnlyThroughOneToOne() {
        auto t = required_of_a();
        t.push_back(pass("13180", 3, 20250412));
        const Result r = run(plan_a(), t, {rule("R1", RuleKind::OneToOne, "13180", {"02325"})}, {});
        CPPUNIT_ASSERT(r.eligible);
        const GroupUse* u = use_in(r, "G1", "13180");
        CPPUNIT_ASSERT(u);
        CPPUNIT_ASSERT(u->how == How::AutomaticSubstitution);
        CPPUNIT_ASSERT_EQUAL(std::string("02325"), u->for_code);
        CPPUNIT_ASSERT_EQUAL(std::string("R1"), u->rule_id);
        CPPUNIT_ASSERT_EQUAL(std::string("(顶替02325)"), u->note);
        CPPUNIT_ASSERT_EQUAL(4, r.groups[0].credits);  // 02325's credits
        CPPUNIT_ASSERT_EQUAL(14, r.credits_used);
        CPPUNIT_ASSERT(r.unused_codes.empty());
    }

    void testOneToOneOnElectiveOutsideValidity() {
        auto t = required_of_a();
        t.push_back(pass("13180", 3, 20230412));  // before the new plan
        const Result r = run(plan_a(), t, {rule("R1", RuleKind::OneToOne, "13180", {"02325"})}, {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(!r.groups[0].satisfied);
        CPPUNIT_ASSERT(r.unused_codes == std::vector<std::string>{"13180"});
    }

    // Without the plan's credits for the listed course, the substitute's own count.
    void testSubstituteCountsWithTheListedCoursesCredits() {
        Plan p = plan_a();
        p.electives[0].course_credits.clear();
        auto t = required_of_a();
        t.push_back(pass("13180", 3, 20250412));
        const Result r = run(p, t, {rule("R1", RuleKind::OneToOne, "13180", {"02325"})}, {});
        CPPUNIT_ASSERT_EQUAL(3, r.groups[0].credits);
        CPPUNIT_ASSERT(!r.eligible);  // 3 < 4 credits
        CPPUNIT_ASSERT(has_reason(r, "选考课程“专业选考课”未达到要求：已有1门3学分，需至少1门4学分"));
    }

    // 02325 passed and its substitute 13180 passed: one place, counted once; 13180 is left
    // for nothing else, and the group needs two courses, so it stays short.
    void testListedCourseAndItsSubstituteCountOnce() {
        Plan p = plan_a();
        p.electives[0].min_count = 2;
        p.electives[0].min_credits = 8;
        p.min_total_credits = 18;
        auto t = required_of_a();
        t.push_back(pass("02325", 4));
        t.push_back(pass("13180", 4, 20250412));
        const Result r = run(p, t, {rule("R1", RuleKind::OneToOne, "13180", {"02325"})}, {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT_EQUAL(1, r.groups[0].count);
        CPPUNIT_ASSERT_EQUAL(4, r.groups[0].credits);
        // With 02326 passed, 02325 and 13180 still take one place: 02326 completes the group.
        t.push_back(pass("02326", 4));
        const Result ok = run(p, t, {rule("R1", RuleKind::OneToOne, "13180", {"02325"})}, {});
        CPPUNIT_ASSERT(ok.eligible);
        CPPUNIT_ASSERT_EQUAL(2, ok.groups[0].count);
    }

    // 13180 could fill G1 (standing in for 02325) or G2 (listed there itself); 00018 can only
    // fill G1. Only 13180 → G2, 00018 → G1 meets both groups.
    void testCourseForTwoGroupsWhereOnlyOneAssignmentWorks() {
        Plan p = plan_a();
        p.electives = {{"G1", "甲组", {"02325", "00018"}, 2, 1, {4, 2}}, {"G2", "乙组", {"13180"}, 3, 1, {3}}};
        p.min_total_credits = 15;
        auto t = required_of_a();
        t.push_back(pass("13180", 3, 20250412));
        t.push_back(pass("00018", 2));
        const Result r = run(p, t, {rule("R1", RuleKind::OneToOne, "13180", {"02325"})}, {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(use_in(r, "G2", "13180"));
        CPPUNIT_ASSERT(use_in(r, "G1", "00018"));
    }

    // 13003 may stand in for the required 02331 or the elective 02325; 02325 is passed, so
    // 13003 must go to 02331.
    void testSubstituteNeededByRequirementAndElective() {
        Plan p = plan_a();
        p.required.push_back({"02331", "数据结构", 3, RequirementKind::Required});
        p.min_total_credits = 17;
        auto t = required_of_a();
        t.push_back(pass("13003", 4, 20250412));
        t.push_back(pass("02325", 4));
        const std::vector<SubstitutionRule> rules{rule("R1", RuleKind::OneToOne, "13003", {"02331"}),
                                                  rule("R2", RuleKind::OneToOne, "13003", {"02325"})};
        const Result r = run(p, t, rules, {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(r.required[2].how == How::AutomaticSubstitution);
        CPPUNIT_ASSERT(use_in(r, "G1", "02325"));
        // Without 02325 one of them stays unmet: two things, one course.
        t.pop_back();
        const Result short_one = run(p, t, rules, {});
        CPPUNIT_ASSERT(!short_one.eligible);
        CPPUNIT_ASSERT_EQUAL(1, short_one.missing_count);
    }

    // 任选一门: the examinee chooses 14263 for the elective 02326.
    void testAnyOneOfOnElective() {
        auto t = required_of_a();
        t.push_back(pass("14263", 3, 20250412));
        const std::vector<SubstitutionRule> rules{rule("A1", RuleKind::AnyOneOf, "14263", {"02325", "02326"})};
        CPPUNIT_ASSERT(!run(plan_a(), t, rules, {}).eligible);  // never automatic
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02326"}});
        const Result r = run(plan_a(), t, rules, ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(r.problems.empty());
        const GroupUse* u = use_in(r, "G1", "14263");
        CPPUNIT_ASSERT(u);
        CPPUNIT_ASSERT(u->how == How::ChosenSubstitution);
        CPPUNIT_ASSERT_EQUAL(std::string("02326"), u->for_code);
        CPPUNIT_ASSERT_EQUAL(4, u->credits);
    }

    // 一门顶多门: 13013 replaces the required 04747 and the elective 02325 at once.
    void testOneForManyOverRequiredAndElective() {
        Plan p = plan_a();
        p.required.push_back({"04747", "Java语言程序设计(一)", 3, RequirementKind::Required});
        p.min_total_credits = 17;
        auto t = required_of_a();
        t.push_back(pass("13013", 5, 20250412));
        Choices ch;
        ch.substitutions.push_back({"M1", "13013", {"04747", "02325"}});
        const Result r = run(p, t, {rule("M1", RuleKind::OneForMany, "13013", {"04747", "02325"})}, ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(r.required[2].how == How::ChosenSubstitution);
        CPPUNIT_ASSERT(use_in(r, "G1", "13013"));
        CPPUNIT_ASSERT_EQUAL(17, r.credits_used);
    }

    void testChoiceOfOtherMajorIgnoredWithNote() {
        auto t = required_of_a();
        t.push_back(pass("02325", 4));
        t.push_back(pass("14263", 3, 20250412));
        Choices ch;
        ch.substitutions.push_back({"B1", "14263", {"02326"}});
        const std::vector<SubstitutionRule> rules{
            rule("B1", RuleKind::AnyOneOf, "14263", {"02326"}, 20240401, 0, {"081001"})};
        const Result r = run(plan_a(), t, rules, ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT(has_reason(r, "该顶替规则不适用于本专业，未计入"));
    }

    // The examinee chose B1 (for 081001) and the 英语(二) set: in the what-if, 080901 (no
    // 00015, everything passed) is eligible, with notes; 081001 uses both choices.
    void testWhatIfRuleOfOtherMajorWithEligibleMajor() {
        Plan other = plan_a("081001");
        other.required.push_back({"00015", "英语(二)", 14, RequirementKind::Required});
        other.min_total_credits = 28;
        auto t = required_of_a();
        t.push_back(pass("02325", 4));
        t.push_back(pass("14263", 3, 20250412));
        for (const char* code : {"00018", "00019", "00020", "00021"}) t.push_back(pass(code, 4));
        Choices ch;
        ch.substitutions.push_back({"B1", "14263", {"02326"}});
        ch.english_replacement = {"00018", "00019", "00020", "00021"};
        const std::vector<SubstitutionRule> rules{
            rule("B1", RuleKind::AnyOneOf, "14263", {"02326"}, 20240401, 0, {"081001"})};
        const std::vector<WhatIf> ranked = rank_majors({plan_a(), other}, t, rules, ch);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, ranked.size());
        for (const WhatIf& w : ranked) {
            CPPUNIT_ASSERT_MESSAGE(w.major_code, w.result.eligible);
            CPPUNIT_ASSERT(w.result.problems.empty());
        }
        const WhatIf& a = ranked[0].major_code == "080901" ? ranked[0] : ranked[1];
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, a.plan_index);
        CPPUNIT_ASSERT(has_reason(a.result, "该顶替规则不适用于本专业，未计入"));
        CPPUNIT_ASSERT(has_reason(a.result, "本专业计划不含00015英语（二），所选顶替英语（二）的课程未计入"));
        // The audit of the chosen major says the same.
        CPPUNIT_ASSERT(run(plan_a(), t, rules, ch).eligible);
    }

    // A choice that cannot be honoured (its course not passed) keeps the chosen major's
    // verdict "not eligible", but the what-if judges the plan only.
    void testWhatIfNeverNotEligibleWithNothingMissing() {
        auto t = required_of_a();
        t.push_back(pass("02325", 4));
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02326"}});
        const std::vector<SubstitutionRule> rules{rule("A1", RuleKind::AnyOneOf, "14263", {"02325", "02326"})};
        const Result r = run(plan_a(), t, rules, ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT_EQUAL(0, r.missing_count);
        const std::vector<WhatIf> ranked = rank_majors({plan_a()}, t, rules, ch);
        CPPUNIT_ASSERT(ranked[0].result.eligible);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, ranked[0].result.problems.size());
        CPPUNIT_ASSERT(has_reason(ranked[0].result, "新计划顶替未采用：新计划课程14263没有合格成绩"));
    }

    // 13003 first passed in 2023 (before the rule's window), retaken in 2025: the retake
    // counts for 02331.
    void testRetakeSecondDateInsideWindow() {
        Plan p = plan_a();
        p.required.push_back({"02331", "数据结构", 3, RequirementKind::Required});
        p.electives.clear();
        p.min_total_credits = 13;
        auto t = required_of_a();
        t.push_back(pass("13003", 4, 20230415));
        t.push_back(pass("13003", 4, 20250412));
        t.back().score = "81";
        const Result r = run(p, t, {rule("R1", RuleKind::OneToOne, "13003", {"02331"})}, {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(r.required[2].how == How::AutomaticSubstitution);
        CPPUNIT_ASSERT_EQUAL(20250412, r.required[2].passed_on);
        CPPUNIT_ASSERT_EQUAL(std::string("81"), r.required[2].score);
        // Listed the other way round, the same.
        std::swap(t[2], t[3]);
        CPPUNIT_ASSERT(run(p, t, {rule("R1", RuleKind::OneToOne, "13003", {"02331"})}, {}).eligible);
        // The first pass alone is outside the window.
        t.erase(t.begin() + 2);
        CPPUNIT_ASSERT(!run(p, t, {rule("R1", RuleKind::OneToOne, "13003", {"02331"})}, {}).eligible);
    }

    void testRetakeForChosenSubstitution() {
        auto t = required_of_a();
        t.push_back(pass("14263", 3, 20230415));
        t.push_back(pass("14263", 3, 20250412));
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02326"}});
        const Result r =
            run(plan_a(), t, {rule("A1", RuleKind::AnyOneOf, "14263", {"02325", "02326"})}, ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT_EQUAL(20250412, use_in(r, "G1", "14263")->passed_on);
    }

    void testRetakeCountsOnce() {
        Plan p = plan_a();
        p.electives[0].min_count = 2;
        auto t = required_of_a();
        t.push_back(pass("02325", 4, 20200101));
        t.push_back(pass("02325", 4, 20210101));
        const Result r = run(p, t, {}, {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT_EQUAL(1, r.groups[0].count);
        CPPUNIT_ASSERT_EQUAL(20200101, use_in(r, "G1", "02325")->passed_on);  // the first pass, as the record shows
    }

    // An exam pass and an unverified certificate of the same course: not provisional.
    void testVerifiedPassPreferredOverCertificate() {
        auto t = required_of_a();
        t.push_back(pass("02325", 4, 20080601, Source::OldPlanCertificate, false));
        t.push_back(pass("02325", 4, 20230415));
        const Result r = run(plan_a(), t, {}, {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(!r.provisional);
        CPPUNIT_ASSERT(use_in(r, "G1", "02325")->how == How::Direct);
    }

    void testGroupShortSaysOnlyExistingLimits() {
        Plan p = plan_a();
        p.electives = {{"G1", "学分组", {"02325"}, 4, 0, {}}, {"G2", "门数组", {"02326"}, 0, 1, {}},
                       {"G3", "双限组", {"00018"}, 4, 1, {}}};
        const Result r = run(p, required_of_a(), {}, {});
        CPPUNIT_ASSERT(has_reason(r, "选考课程“学分组”未达到要求：已有0门0学分，需至少4学分"));
        CPPUNIT_ASSERT(has_reason(r, "选考课程“门数组”未达到要求：已有0门0学分，需至少1门"));
        CPPUNIT_ASSERT(has_reason(r, "选考课程“双限组”未达到要求：已有0门0学分，需至少1门4学分"));
        for (const std::string& line : r.reasons) {
            CPPUNIT_ASSERT_MESSAGE(line, line.find("至少0门") == std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(line, line.find("门0学分") == std::string::npos || line.find("已有0门0学分") != std::string::npos);
        }
    }

    // A course of the 英语(二) set that the elective group (or the total) needed is named
    // with where it was needed.
    void testEnglishCourseNeededByGroupOrTotal() {
        Plan p = plan_a();
        p.required.push_back({"00015", "英语(二)", 14, RequirementKind::Required});
        p.min_total_credits = 28;
        auto t = required_of_a();
        t.push_back(pass("02325", 4));
        for (const char* code : {"00018", "00019", "00020"}) t.push_back(pass(code, 4));
        Choices ch;
        ch.english_replacement = {"02325", "00018", "00019", "00020"};
        const Result r = run(p, t, {}, ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_reason(r, "课程02325课02325已用于顶替英语（二），不能再用于选考课程“专业选考课”（该组尚未达到要求）"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EligibilityCasesTest);
