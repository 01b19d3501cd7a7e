// test_eligibility.cpp: CppUnit tests of the eligibility engine (common/domain/eligibility) on the seed's plan of
// 080901 计算机科学与技术(本科) — the 21 required courses and credits of SPEC §18, 80 in
// all — with hand-checked transcripts: direct passes, 一对一 substitutions and their
// validity dates, matching where first-fit would fail, 英语(二) replacement sets, old-plan
// certificates, exemptions, elective groups, 一门顶多门 / 任选一门 choices and their
// problems, earlier graduations, the least-excess English suggestion and rank_majors;
// every problem and reason code with its parameters and exact text (EligibilityCodeTest).
// Trusts only engine.hpp / auditor.hpp / messages.hpp; rule ids, dates and extra courses
// are invented.
#include "common/domain/eligibility/auditor.hpp"
#include "common/domain/eligibility/engine.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using namespace zk::eligibility;

namespace {

struct Seed {
    const char* code;
    const char* name;
    int credits;
};

// SPEC §18, in the order of the seed's 毕业申请专业限制条件 screen.
const Seed kPlan080901[] = {
    {"04734", "数据结构(实践)", 2},       {"00015", "英语(二)", 14},
    {"00023", "高等数学(工本)", 10},      {"02197", "概率论与数理统计(二)", 3},
    {"02324", "离散数学", 4},             {"02331", "数据结构", 3},
    {"02325", "计算机系统结构", 4},       {"02326", "操作系统", 4},
    {"02327", "操作系统(实践)", 1},       {"02333", "软件工程", 3},
    {"02334", "软件工程(实践)", 1},       {"03708", "中国近现代史纲要", 2},
    {"03709", "马克思主义基本原理概论", 4}, {"04735", "数据库系统原理", 4},
    {"04736", "数据库系统原理(实践)", 2}, {"04737", "C++程序设计", 3},
    {"04738", "C++程序设计(实践)", 2},    {"04741", "计算机网络原理", 4},
    {"04747", "Java语言程序设计(一)", 3}, {"04748", "Java语言程序设计(一)(实践)", 1},
    {"11689", "计算机科学与技术(本科)毕业论文", 6},
};

Plan plan_080901() {
    Plan p;
    p.major_code = "080901";
    p.major_name = "计算机科学与技术(本科)";
    p.level = "本科";
    for (const Seed& s : kPlan080901) {
        RequiredCourse r{s.code, s.name, s.credits, RequirementKind::Required};
        if (std::string(s.code) == "11689") r.kind = RequirementKind::Thesis;
        p.required.push_back(r);
    }
    p.min_total_credits = 80;
    return p;
}

constexpr int kNewPlanStart = 20240401;  // 2024 上半年: new-plan passes count from here

SubstitutionRule one_to_one(const char* id, const char* new_code, const char* old_code, int from = kNewPlanStart,
                            int to = 0, std::vector<std::string> majors = {}) {
    return {id, RuleKind::OneToOne, {new_code}, {old_code}, from, to, std::move(majors)};
}

std::vector<SubstitutionRule> seed_rules() {
    return {one_to_one("R13000", "13000", "00015"), one_to_one("R13003", "13003", "02331", kNewPlanStart, 0, {"080901"}),
            one_to_one("R13013", "13013", "04747", kNewPlanStart, 0, {"080901"})};
}

PassedCourse pass(const std::string& code, const std::string& name, int credits, int date = 20220415,
                  Source source = Source::Exam, bool verified = true) {
    PassedCourse p;
    p.code = code;
    p.name = name;
    p.credits = credits;
    p.passed_on = date;
    p.score = source == Source::Exemption ? "免考" : "70";
    p.source = source;
    p.verified = verified;
    return p;
}

// Every course of the plan passed directly, except those listed.
std::vector<PassedCourse> all_but(std::vector<std::string> skip = {}) {
    std::vector<PassedCourse> t;
    for (const Seed& s : kPlan080901)
        if (std::find(skip.begin(), skip.end(), s.code) == skip.end()) t.push_back(pass(s.code, s.name, s.credits));
    return t;
}

const RequirementResult& req(const Result& r, const std::string& code) {
    for (const RequirementResult& rr : r.required)
        if (rr.code == code) return rr;
    CPPUNIT_FAIL("no requirement " + code);
    return r.required.front();
}

bool has_reason(const Result& r, const std::string& text) {
    return std::any_of(r.reasons.begin(), r.reasons.end(),
                       [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

bool has_problem(const Result& r, const std::string& what, const std::string& text) {
    return std::any_of(r.problems.begin(), r.problems.end(), [&](const ChoiceProblem& p) {
        return p.what == what && p.message.find(text) != std::string::npos;
    });
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Extra passed courses used as English replacement candidates and electives.
PassedCourse k14263() { return pass("14263", "数字逻辑设计", 4, 20250412); }
PassedCourse k13180() { return pass("13180", "操作系统", 4, 20250412); }
PassedCourse k02142() { return pass("02142", "数据结构导论", 4, 20191019); }
PassedCourse k00018() { return pass("00018", "计算机应用基础", 2, 20190413); }
PassedCourse k00024() { return pass("00024", "普通逻辑", 3, 20190413); }

}  // namespace

class EligibilityTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EligibilityTest);
    CPPUNIT_TEST(testSeedPlanHas80Credits);
    CPPUNIT_TEST(testAllPassedEligible);
    CPPUNIT_TEST(testOneCourseMissing);
    CPPUNIT_TEST(testThesisMissingNamedAsThesis);
    CPPUNIT_TEST(testOneToOneSubstitution);
    CPPUNIT_TEST(testDirectPassPreferredOverSubstitution);
    CPPUNIT_TEST(testSubstitutionBeforeValidity);
    CPPUNIT_TEST(testSubstitutionAfterValidity);
    CPPUNIT_TEST(testOneToOneOfOtherMajorIgnored);
    CPPUNIT_TEST(testMatchingWhereFirstFitFails);
    CPPUNIT_TEST(testEnglishSet13Credits);
    CPPUNIT_TEST(testEnglishSet14Credits);
    CPPUNIT_TEST(testEnglishSet15Credits);
    CPPUNIT_TEST(testEnglishSetBadCourses);
    CPPUNIT_TEST(testEnglishSetIgnoredWhen00015Passed);
    CPPUNIT_TEST(testEnglishSetWithoutEnglishInPlan);
    CPPUNIT_TEST(test13000ReplacesEnglishOneToOne);
    CPPUNIT_TEST(testCourseOfferedForTwoRequirementsUsedOnce);
    CPPUNIT_TEST(testCertificateProvisional);
    CPPUNIT_TEST(testVerifiedCertificateIsDirect);
    CPPUNIT_TEST(testNonProvisionalAssignmentPreferred);
    CPPUNIT_TEST(testExemption);
    CPPUNIT_TEST(testElectiveGroupBelowCredits);
    CPPUNIT_TEST(testElectiveGroupAtMinimum);
    CPPUNIT_TEST(testElectiveGroupBelowCount);
    CPPUNIT_TEST(testTotalCreditsShort);
    CPPUNIT_TEST(testSharedCourseGoesWhereNeeded);
    CPPUNIT_TEST(testOneForManyChosen);
    CPPUNIT_TEST(testOneForManyNotChosen);
    CPPUNIT_TEST(testOneForManyPartialOldCodes);
    CPPUNIT_TEST(testAnyOneOfValid);
    CPPUNIT_TEST(testAnyOneOfOldCodeNotInRule);
    CPPUNIT_TEST(testChosenRuleOfOtherMajor);
    CPPUNIT_TEST(testChosenOneToOneRefused);
    CPPUNIT_TEST(testChosenUnknownRuleAndUnpassedCourse);
    CPPUNIT_TEST(testChosenOutsideValidity);
    CPPUNIT_TEST(testSameNewCourseChosenTwice);
    CPPUNIT_TEST(testEnglishSetCourseNeededElsewhere);
    CPPUNIT_TEST(testUsedByEarlierGraduationExcluded);
    CPPUNIT_TEST(testDuplicateTranscriptEntriesCountOnce);
    CPPUNIT_TEST(testSuggestLeastExcess);
    CPPUNIT_TEST(testSuggestExcessBeforeCount);
    CPPUNIT_TEST(testSuggestRespectsAlternatives);
    CPPUNIT_TEST(testSuggestImpossible);
    CPPUNIT_TEST(testSuggestNoEnglishInPlan);
    CPPUNIT_TEST(testRankMajors);
    CPPUNIT_TEST(testAuditorMatchesRun);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSeedPlanHas80Credits() {
        const Plan p = plan_080901();
        CPPUNIT_ASSERT_EQUAL(std::size_t{21}, p.required.size());
        int sum = 0;
        for (const RequiredCourse& r : p.required) sum += r.credits;
        CPPUNIT_ASSERT_EQUAL(80, sum);
    }

    void testAllPassedEligible() {
        const Result r = run(plan_080901(), all_but(), seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(!r.provisional);
        CPPUNIT_ASSERT_EQUAL(80, r.credits_used);
        CPPUNIT_ASSERT_EQUAL(80, r.min_total_credits);
        CPPUNIT_ASSERT_EQUAL(0, r.missing_count);
        CPPUNIT_ASSERT_EQUAL(0, r.missing_credits);
        CPPUNIT_ASSERT(r.unused_codes.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("符合毕业条件"), r.reasons.at(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t{21}, r.required.size());
        for (const RequirementResult& rr : r.required) {
            CPPUNIT_ASSERT(rr.how == How::Direct);
            CPPUNIT_ASSERT(rr.by_codes == std::vector<std::string>{rr.code});
            CPPUNIT_ASSERT(rr.note.empty());
        }
        CPPUNIT_ASSERT_EQUAL(std::string("02331"), r.required[5].code);  // plan order kept
    }

    void testOneCourseMissing() {
        const Result r = run(plan_080901(), all_but({"02331"}), seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(req(r, "02331").how == How::Missing);
        CPPUNIT_ASSERT(req(r, "02331").by_codes.empty());
        CPPUNIT_ASSERT_EQUAL(1, r.missing_count);
        CPPUNIT_ASSERT_EQUAL(3, r.missing_credits);
        CPPUNIT_ASSERT_EQUAL(77, r.credits_used);
        CPPUNIT_ASSERT(has_reason(r, "缺少必考课程 02331 数据结构（3学分）"));
        CPPUNIT_ASSERT(has_reason(r, "还差3学分"));
        CPPUNIT_ASSERT(!has_reason(r, "符合毕业条件"));
    }

    void testThesisMissingNamedAsThesis() {
        const Result r = run(plan_080901(), all_but({"11689"}), seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_reason(r, "缺少毕业论文 11689 计算机科学与技术(本科)毕业论文（6学分）"));
    }

    void testOneToOneSubstitution() {
        auto t = all_but({"02331"});
        t.push_back(pass("13003", "数据结构与算法", 4, 20241020));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        const RequirementResult& ds = req(r, "02331");
        CPPUNIT_ASSERT(ds.how == How::AutomaticSubstitution);
        CPPUNIT_ASSERT_EQUAL(std::string("(顶替课程-13003数据结构与算法)"), ds.note);
        CPPUNIT_ASSERT_EQUAL(std::string("R13003"), ds.rule_id);
        CPPUNIT_ASSERT(ds.by_codes == std::vector<std::string>{"13003"});
        CPPUNIT_ASSERT_EQUAL(80, r.credits_used);  // the plan's 3 credits, not the substitute's 4
        CPPUNIT_ASSERT(r.unused_codes.empty());
    }

    void testDirectPassPreferredOverSubstitution() {
        auto t = all_but();
        t.push_back(pass("13003", "数据结构与算法", 4, 20241020));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(req(r, "02331").how == How::Direct);
        CPPUNIT_ASSERT(r.unused_codes == std::vector<std::string>{"13003"});
    }

    void testSubstitutionBeforeValidity() {
        auto t = all_but({"02331"});
        t.push_back(pass("13003", "数据结构与算法", 4, 20231021));  // before the new plan
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(req(r, "02331").how == How::Missing);
        CPPUNIT_ASSERT(contains(r.unused_codes, "13003"));
    }

    void testSubstitutionAfterValidity() {
        auto rules = seed_rules();
        rules[1].valid_to = 20241231;
        auto t = all_but({"02331"});
        t.push_back(pass("13003", "数据结构与算法", 4, 20250412));
        Result r = run(plan_080901(), t, rules, {});
        CPPUNIT_ASSERT(req(r, "02331").how == How::Missing);
        t.back().passed_on = 20241231;  // the bound itself is inside
        r = run(plan_080901(), t, rules, {});
        CPPUNIT_ASSERT(r.eligible);
    }

    void testOneToOneOfOtherMajorIgnored() {
        std::vector<SubstitutionRule> rules{one_to_one("R13003", "13003", "02331", kNewPlanStart, 0, {"081001"})};
        auto t = all_but({"02331"});
        t.push_back(pass("13003", "数据结构与算法", 4, 20241020));
        const Result r = run(plan_080901(), t, rules, {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(req(r, "02331").how == How::Missing);
    }

    void testMatchingWhereFirstFitFails() {
        // 02325 comes first in the plan and 13180 is its first listed substitute; first-fit
        // would give it 13180 and leave 02326 without a course. Only 14263 → 02325 and
        // 13180 → 02326 meets both.
        std::vector<SubstitutionRule> rules{one_to_one("A", "13180", "02325"), one_to_one("B", "13180", "02326"),
                                            one_to_one("C", "14263", "02325")};
        auto t = all_but({"02325", "02326"});
        t.push_back(k13180());
        t.push_back(k14263());
        const Result r = run(plan_080901(), t, rules, {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(req(r, "02325").by_codes == std::vector<std::string>{"14263"});
        CPPUNIT_ASSERT(req(r, "02326").by_codes == std::vector<std::string>{"13180"});
        CPPUNIT_ASSERT_EQUAL(std::string("C"), req(r, "02325").rule_id);
    }

    void testEnglishSet13Credits() {
        auto t = all_but({"00015"});
        for (const PassedCourse& p : {k14263(), k13180(), k00018(), k00024()}) t.push_back(p);
        Choices ch;
        ch.english_replacement = {"14263", "13180", "00018", "00024"};  // 4+4+2+3 = 13
        const Result r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_problem(r, "english", "所选课程合计13学分，顶替英语（二）需要至少14学分"));
        CPPUNIT_ASSERT(req(r, "00015").how == How::Missing);
        CPPUNIT_ASSERT(has_reason(r, "所选课程合计13学分"));
        CPPUNIT_ASSERT(has_reason(r, "缺少必考课程 00015 英语(二)（14学分）"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, r.unused_codes.size());  // audited as if not chosen
    }

    void testEnglishSet14Credits() {
        auto t = all_but({"00015"});
        for (const PassedCourse& p : {k14263(), k13180(), k02142(), k00018(), k00024()}) t.push_back(p);
        Choices ch;
        ch.english_replacement = {"14263", "13180", "02142", "00018"};  // 4+4+4+2 = 14
        const Result r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(r.problems.empty());
        const RequirementResult& en = req(r, "00015");
        CPPUNIT_ASSERT(en.how == How::EnglishReplacement);
        CPPUNIT_ASSERT((en.by_codes == std::vector<std::string>{"00018", "02142", "13180", "14263"}));
        CPPUNIT_ASSERT_EQUAL(std::string("(英语二顶替: 00018, 02142, 13180, 14263)"), en.note);
        CPPUNIT_ASSERT_EQUAL(80, r.credits_used);
        CPPUNIT_ASSERT(r.unused_codes == std::vector<std::string>{"00024"});
    }

    void testEnglishSet15Credits() {
        auto t = all_but({"00015"});
        for (const PassedCourse& p : {k14263(), k13180(), k02142(), k00024()}) t.push_back(p);
        Choices ch;
        ch.english_replacement = {"14263", "13180", "02142", "00024"};  // 15
        const Result r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(req(r, "00015").how == How::EnglishReplacement);
        CPPUNIT_ASSERT(r.unused_codes.empty());
    }

    void testEnglishSetBadCourses() {
        auto t = all_but({"00015"});
        for (const PassedCourse& p : {k14263(), k13180(), k02142(), k00018()}) t.push_back(p);
        Choices ch;
        ch.english_replacement = {"14263", "14263", "00015", "09999", "13180", "02142", "00018"};
        const Result r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_problem(r, "english", "课程14263重复选择"));
        CPPUNIT_ASSERT(has_problem(r, "english", "00015英语（二）不能顶替其本身"));
        CPPUNIT_ASSERT(has_problem(r, "english", "课程09999没有合格成绩"));
        CPPUNIT_ASSERT(!has_problem(r, "english", "学分，顶替英语"));  // the valid ones reach 14
        CPPUNIT_ASSERT(req(r, "00015").how == How::Missing);
    }

    void testEnglishSetIgnoredWhen00015Passed() {
        auto t = all_but();
        for (const PassedCourse& p : {k14263(), k13180(), k02142(), k00018()}) t.push_back(p);
        Choices ch;
        ch.english_replacement = {"14263", "13180", "02142", "00018"};
        const Result r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(req(r, "00015").how == How::Direct);
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, r.unused_codes.size());
        CPPUNIT_ASSERT(has_reason(r, "所选顶替英语（二）的课程未使用"));
    }

    void testEnglishSetWithoutEnglishInPlan() {
        Plan p = plan_080901();
        p.required.erase(p.required.begin() + 1);
        p.min_total_credits = 66;
        auto t = all_but({"00015"});
        for (const PassedCourse& c : {k14263(), k13180(), k02142(), k00018()}) t.push_back(c);
        Choices ch;
        ch.english_replacement = {"14263", "13180", "02142", "00018"};
        const Result r = run(p, t, seed_rules(), ch);
        CPPUNIT_ASSERT(r.eligible);  // the set concerns the other major: ignored, with a note
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT(has_reason(r, "本专业计划不含00015英语（二），所选顶替英语（二）的课程未计入"));
        CPPUNIT_ASSERT_EQUAL(0, r.missing_count);
    }

    void test13000ReplacesEnglishOneToOne() {
        auto t = all_but({"00015"});
        t.push_back(pass("13000", "英语(专升本)", 7, 20240420));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        const RequirementResult& en = req(r, "00015");
        CPPUNIT_ASSERT(en.how == How::AutomaticSubstitution);
        CPPUNIT_ASSERT_EQUAL(std::string("(顶替课程-13000英语(专升本))"), en.note);
        CPPUNIT_ASSERT_EQUAL(80, r.credits_used);
    }

    void testCourseOfferedForTwoRequirementsUsedOnce() {
        std::vector<SubstitutionRule> rules{one_to_one("A", "13180", "02325"), one_to_one("B", "13180", "02326")};
        auto t = all_but({"02325", "02326"});
        t.push_back(k13180());
        const Result r = run(plan_080901(), t, rules, {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT_EQUAL(1, r.missing_count);
        CPPUNIT_ASSERT_EQUAL(4, r.missing_credits);
        const bool a = req(r, "02325").how == How::AutomaticSubstitution;
        const bool b = req(r, "02326").how == How::AutomaticSubstitution;
        CPPUNIT_ASSERT(a != b);
    }

    void testCertificateProvisional() {
        auto t = all_but({"04734"});
        t.push_back(pass("04734", "数据结构(实践)", 2, 20080601, Source::OldPlanCertificate, false));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(r.provisional);
        CPPUNIT_ASSERT(req(r, "04734").how == How::Certificate);
        CPPUNIT_ASSERT(req(r, "04734").provisional);
        CPPUNIT_ASSERT_EQUAL(std::string("符合毕业条件（旧计划课程待审核确认）"), r.reasons.at(0));
        CPPUNIT_ASSERT(has_reason(r, "04734数据结构(实践)为旧计划课程合格证"));
    }

    void testVerifiedCertificateIsDirect() {
        auto t = all_but({"04734"});
        t.push_back(pass("04734", "数据结构(实践)", 2, 20080601, Source::OldPlanCertificate, true));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(!r.provisional);
        CPPUNIT_ASSERT(req(r, "04734").how == How::Direct);
    }

    void testNonProvisionalAssignmentPreferred() {
        auto t = all_but({"02331"});
        t.push_back(pass("02331", "数据结构", 3, 20080601, Source::OldPlanCertificate, false));
        t.push_back(pass("13003", "数据结构与算法", 4, 20241020));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(!r.provisional);
        CPPUNIT_ASSERT(req(r, "02331").how == How::AutomaticSubstitution);
        CPPUNIT_ASSERT(r.unused_codes == std::vector<std::string>{"02331"});
    }

    void testExemption() {
        auto t = all_but({"03708"});
        t.push_back(pass("03708", "中国近现代史纲要", 2, 20230101, Source::Exemption));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(!r.provisional);
        CPPUNIT_ASSERT(req(r, "03708").how == How::Exemption);
        CPPUNIT_ASSERT_EQUAL(80, r.credits_used);
    }

    static Plan plan_with_group(int min_count, int min_credits, int extra_total) {
        Plan p = plan_080901();
        p.electives.push_back({"G1", "专业选考课", {"14263", "13180", "02142", "00018"}, min_credits, min_count, {}});
        p.min_total_credits = 80 + extra_total;
        return p;
    }

    void testElectiveGroupBelowCredits() {
        auto t = all_but();
        t.push_back(k14263());
        t.push_back(k00018());
        const Result r = run(plan_with_group(2, 7, 7), t, seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        const GroupResult& g = r.groups.at(0);
        CPPUNIT_ASSERT(!g.satisfied);
        CPPUNIT_ASSERT_EQUAL(2, g.count);
        CPPUNIT_ASSERT_EQUAL(6, g.credits);
        CPPUNIT_ASSERT_EQUAL(1, r.missing_count);
        CPPUNIT_ASSERT_EQUAL(1, r.missing_credits);  // 1 short in the group, the same 1 in the total
        CPPUNIT_ASSERT_EQUAL(86, r.credits_used);
        CPPUNIT_ASSERT(has_reason(r, "选考课程“专业选考课”未达到要求：已有2门6学分，需至少2门7学分"));
    }

    void testElectiveGroupAtMinimum() {
        auto t = all_but();
        t.push_back(k14263());
        t.push_back(k13180());
        const Result r = run(plan_with_group(2, 8, 8), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        const GroupResult& g = r.groups.at(0);
        CPPUNIT_ASSERT(g.satisfied);
        CPPUNIT_ASSERT_EQUAL(2, g.count);
        CPPUNIT_ASSERT_EQUAL(8, g.credits);
        CPPUNIT_ASSERT((g.by_codes == std::vector<std::string>{"13180", "14263"}));
        CPPUNIT_ASSERT_EQUAL(88, r.credits_used);
    }

    void testElectiveGroupBelowCount() {
        auto t = all_but();
        t.push_back(k02142());
        const Result r = run(plan_with_group(2, 4, 4), t, seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(!r.groups.at(0).satisfied);
        CPPUNIT_ASSERT_EQUAL(1, r.missing_count);
        CPPUNIT_ASSERT_EQUAL(0, r.missing_credits);  // short of a course, not of credits
        CPPUNIT_ASSERT(has_reason(r, "需至少2门4学分"));
    }

    void testTotalCreditsShort() {
        auto t = all_but();
        t.push_back(k14263());
        const Result r = run(plan_with_group(0, 0, 10), t, seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(r.groups.at(0).satisfied);
        CPPUNIT_ASSERT_EQUAL(0, r.missing_count);
        CPPUNIT_ASSERT_EQUAL(6, r.missing_credits);
        CPPUNIT_ASSERT(has_reason(r, "总学分不足：已获84学分，需至少90学分，还差6学分"));
    }

    void testSharedCourseGoesWhereNeeded() {
        // 13180 could satisfy 02326 (one-to-one) or the elective group; 02326 is passed,
        // so it must go to the group, while 13003 (also listed) must serve 02331.
        Plan p = plan_080901();
        p.electives.push_back({"G1", "专业选考课", {"13180", "13003"}, 4, 1, {}});
        p.min_total_credits = 84;
        auto rules = seed_rules();
        rules.push_back(one_to_one("R13180", "13180", "02326"));
        auto t = all_but({"02331"});
        t.push_back(k13180());
        t.push_back(pass("13003", "数据结构与算法", 4, 20241020));
        const Result r = run(p, t, rules, {});
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(req(r, "02331").by_codes == std::vector<std::string>{"13003"});
        CPPUNIT_ASSERT(req(r, "02326").how == How::Direct);
        CPPUNIT_ASSERT(r.groups.at(0).by_codes == std::vector<std::string>{"13180"});
    }

    static SubstitutionRule one_for_many() {
        return {"M1", RuleKind::OneForMany, {"13180"}, {"02326", "02327"}, kNewPlanStart, 0, {"080901"}};
    }
    static SubstitutionRule any_one_of() {
        return {"A1", RuleKind::AnyOneOf, {"14263"}, {"02325", "02324"}, kNewPlanStart, 0, {"080901"}};
    }

    void testOneForManyChosen() {
        auto rules = seed_rules();
        rules.push_back(one_for_many());
        auto t = all_but({"02326", "02327"});
        t.push_back(k13180());
        Choices ch;
        ch.substitutions.push_back({"M1", "13180", {"02327", "02326"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(r.eligible);
        for (const char* code : {"02326", "02327"}) {
            const RequirementResult& rr = req(r, code);
            CPPUNIT_ASSERT(rr.how == How::ChosenSubstitution);
            CPPUNIT_ASSERT_EQUAL(std::string("M1"), rr.rule_id);
            CPPUNIT_ASSERT_EQUAL(std::string("(顶替课程-13180操作系统)"), rr.note);
            CPPUNIT_ASSERT(rr.by_codes == std::vector<std::string>{"13180"});
        }
        CPPUNIT_ASSERT_EQUAL(80, r.credits_used);
    }

    void testOneForManyNotChosen() {
        auto rules = seed_rules();
        rules.push_back(one_for_many());
        auto t = all_but({"02326", "02327"});
        t.push_back(k13180());
        const Result r = run(plan_080901(), t, rules, {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(req(r, "02326").how == How::Missing);
        CPPUNIT_ASSERT(req(r, "02327").how == How::Missing);
        CPPUNIT_ASSERT(r.unused_codes == std::vector<std::string>{"13180"});
    }

    void testOneForManyPartialOldCodes() {
        auto rules = seed_rules();
        rules.push_back(one_for_many());
        auto t = all_but({"02326", "02327"});
        t.push_back(k13180());
        Choices ch;
        ch.substitutions.push_back({"M1", "13180", {"02326"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_problem(r, "substitution", "须同时顶替全部旧计划课程：02326、02327"));
        CPPUNIT_ASSERT(req(r, "02326").how == How::Missing);
    }

    void testAnyOneOfValid() {
        auto rules = seed_rules();
        rules.push_back(any_one_of());
        auto t = all_but({"02325"});
        t.push_back(k14263());
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02325"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(r.eligible);
        CPPUNIT_ASSERT(req(r, "02325").how == How::ChosenSubstitution);
        CPPUNIT_ASSERT_EQUAL(std::string("(顶替课程-14263数字逻辑设计)"), req(r, "02325").note);
        CPPUNIT_ASSERT(req(r, "02324").how == How::Direct);
    }

    void testAnyOneOfOldCodeNotInRule() {
        auto rules = seed_rules();
        rules.push_back(any_one_of());
        auto t = all_but({"02325"});
        t.push_back(k14263());
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02331"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.problems.size());
        CPPUNIT_ASSERT_EQUAL(std::string("02331"), r.problems[0].code);
        CPPUNIT_ASSERT(has_problem(r, "substitution", "旧计划课程02331不在顶替方案“A1”中（可选：02325、02324）"));
        CPPUNIT_ASSERT(req(r, "02325").how == How::Missing);
        CPPUNIT_ASSERT(req(r, "02331").how == How::Direct);
        CPPUNIT_ASSERT(contains(r.unused_codes, "14263"));

        ch.substitutions[0].old_codes = {"02325", "02324"};
        CPPUNIT_ASSERT(has_problem(run(plan_080901(), t, rules, ch), "substitution", "须且只能选择一门"));
    }

    void testChosenRuleOfOtherMajor() {
        auto rules = seed_rules();
        SubstitutionRule other = any_one_of();
        other.majors = {"081001"};
        rules.push_back(other);
        auto t = all_but({"02325"});
        t.push_back(k14263());
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02325"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT(has_reason(r, "该顶替规则不适用于本专业，未计入"));
        CPPUNIT_ASSERT(req(r, "02325").how == How::Missing);
    }

    void testChosenOneToOneRefused() {
        auto t = all_but({"02331"});
        t.push_back(pass("13003", "数据结构与算法", 4, 20241020));
        Choices ch;
        ch.substitutions.push_back({"R13003", "13003", {"02331"}});
        const Result r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(!r.eligible);  // the choice is a problem even though the rule applies anyway
        CPPUNIT_ASSERT(has_problem(r, "substitution", "一对一顶替由系统自动处理，无需手工添加"));
        CPPUNIT_ASSERT(req(r, "02331").how == How::AutomaticSubstitution);
        CPPUNIT_ASSERT_EQUAL(0, r.missing_count);
    }

    void testChosenUnknownRuleAndUnpassedCourse() {
        auto rules = seed_rules();
        rules.push_back(any_one_of());
        auto t = all_but({"02325"});
        Choices ch;
        ch.substitutions.push_back({"NOPE", "14263", {"02325"}});
        ch.substitutions.push_back({"A1", "14263", {"02325"}});
        ch.substitutions.push_back({"A1", "13180", {"02325"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(has_problem(r, "substitution", "顶替方案“NOPE”不存在"));
        CPPUNIT_ASSERT(has_problem(r, "substitution", "新计划课程14263没有合格成绩"));
        CPPUNIT_ASSERT(has_problem(r, "substitution", "课程13180不是顶替方案“A1”的新计划课程（应为14263）"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, r.problems.size());
    }

    void testChosenOutsideValidity() {
        auto rules = seed_rules();
        rules.push_back(any_one_of());
        rules.back().valid_to = 20241231;
        auto t = all_but({"02325"});
        t.push_back(k14263());  // 2025-04-12
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02325"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_problem(r, "substitution", "课程14263于2025-04-12合格，不在顶替方案“A1”的有效期（2024-04-01至2024-12-31）内"));
    }

    void testSameNewCourseChosenTwice() {
        auto rules = seed_rules();
        rules.push_back(any_one_of());
        auto t = all_but({"02325", "02324"});
        t.push_back(k14263());
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02325"}});
        ch.substitutions.push_back({"A1", "14263", {"02324"}});
        const Result r = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_problem(r, "substitution", "新计划课程14263已用于其他顶替，不能重复使用"));
        CPPUNIT_ASSERT(req(r, "02325").how == How::ChosenSubstitution);
        CPPUNIT_ASSERT(req(r, "02324").how == How::Missing);
    }

    void testEnglishSetCourseNeededElsewhere() {
        auto t = all_but({"00015"});
        for (const PassedCourse& p : {k14263(), k13180(), k02142()}) t.push_back(p);
        Choices ch;
        ch.english_replacement = {"02331", "14263", "13180", "02142"};  // 3+4+4+4 = 15
        const Result r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT(req(r, "00015").how == How::EnglishReplacement);
        CPPUNIT_ASSERT(req(r, "02331").how == How::Missing);
        CPPUNIT_ASSERT(has_reason(r, "课程02331数据结构已用于顶替英语（二），不能再用于本专业必考课程02331数据结构"));
        CPPUNIT_ASSERT(!has_reason(r, "课程14263数字逻辑设计已用于顶替英语"));  // it could not have helped
    }

    void testUsedByEarlierGraduationExcluded() {
        auto t = all_but();
        for (PassedCourse& p : t)
            if (p.code == "02331") p.used_by_earlier_graduation = true;
        t.push_back(k14263());
        t.back().used_by_earlier_graduation = true;
        Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(req(r, "02331").how == How::Missing);
        CPPUNIT_ASSERT(!contains(r.unused_codes, "02331"));
        CPPUNIT_ASSERT(!contains(r.unused_codes, "14263"));
        CPPUNIT_ASSERT(has_reason(r, "课程02331数据结构已用于以往毕业申请，不能再次使用"));
        CPPUNIT_ASSERT(!has_reason(r, "14263"));

        Choices ch;
        ch.english_replacement = {"14263"};
        r = run(plan_080901(), t, seed_rules(), ch);
        CPPUNIT_ASSERT(has_problem(r, "english", "课程14263已用于以往毕业申请，不能再次使用"));
    }

    void testDuplicateTranscriptEntriesCountOnce() {
        // Two requirements with the same code (a corrupt plan) cannot both take one course.
        Plan p = plan_080901();
        p.required.push_back({"02331", "数据结构", 3, RequirementKind::Required});
        p.min_total_credits = 83;
        auto t = all_but();
        t.push_back(pass("02331", "数据结构", 3, 20230415));
        const Result r = run(p, t, seed_rules(), {});
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT_EQUAL(1, r.missing_count);
    }

    static std::vector<PassedCourse> with_candidates(std::vector<PassedCourse> extra) {
        auto t = all_but({"00015"});
        for (PassedCourse& p : extra) t.push_back(std::move(p));
        return t;
    }

    void testSuggestLeastExcess() {
        // 6,5,4,4,3: {6,5,3} and {6,4,4} both make 14 with three courses; codes decide.
        const auto t = with_candidates({pass("00101", "甲", 6), pass("00102", "乙", 5), pass("00103", "丙", 4),
                                        pass("00104", "丁", 4), pass("00105", "戊", 3)});
        const auto s = suggest_english_replacement(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(s.has_value());
        CPPUNIT_ASSERT((*s == std::vector<std::string>{"00101", "00102", "00105"}));
        Choices ch;
        ch.english_replacement = *s;
        CPPUNIT_ASSERT(run(plan_080901(), t, seed_rules(), ch).eligible);
    }

    void testSuggestExcessBeforeCount() {
        const auto t = with_candidates({pass("00101", "甲", 15), pass("00102", "乙", 7), pass("00103", "丙", 7)});
        const auto s = suggest_english_replacement(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(s.has_value());
        CPPUNIT_ASSERT((*s == std::vector<std::string>{"00102", "00103"}));
    }

    void testSuggestRespectsAlternatives() {
        // 02331 and 13003 each could be spared, but not both: 6+4+3 = 13 is too little,
        // 6+4+4 (13003, with 02331 kept for its requirement) is exact.
        auto t = with_candidates({pass("00101", "甲", 6), pass("00103", "丙", 4)});
        t.push_back(pass("13003", "数据结构与算法", 4, 20241020));
        const auto s = suggest_english_replacement(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(s.has_value());
        CPPUNIT_ASSERT((*s == std::vector<std::string>{"00101", "00103", "13003"}));
    }

    void testSuggestImpossible() {
        const auto t = with_candidates({pass("00101", "甲", 6), pass("00103", "丙", 4)});
        CPPUNIT_ASSERT(!suggest_english_replacement(plan_080901(), t, seed_rules(), {}).has_value());
        // Enough credits, but the rest of the plan is not met: nothing to suggest.
        auto missing = with_candidates({pass("00101", "甲", 15)});
        missing.erase(missing.begin());  // 04734
        CPPUNIT_ASSERT(!suggest_english_replacement(plan_080901(), missing, seed_rules(), {}).has_value());
    }

    void testSuggestNoEnglishInPlan() {
        Plan p = plan_080901();
        p.required.erase(p.required.begin() + 1);
        p.min_total_credits = 66;
        const auto t = with_candidates({pass("00101", "甲", 15)});
        CPPUNIT_ASSERT(!suggest_english_replacement(p, t, seed_rules(), {}).has_value());
    }

    void testRankMajors() {
        auto make = [](const char* code, std::vector<Seed> courses) {
            Plan p;
            p.major_code = code;
            p.major_name = std::string("专业") + code;
            p.level = "本科";
            for (const Seed& s : courses) {
                p.required.push_back({s.code, s.name, s.credits, RequirementKind::Required});
                p.min_total_credits += s.credits;
            }
            return p;
        };
        std::vector<Plan> plans{
            make("300003", {{"00001", "a", 4}, {"00009", "x", 2}, {"00008", "y", 2}}),  // two missing, 4 credits
            make("300001", {{"00001", "a", 4}, {"00009", "x", 5}}),                     // one missing, 5 credits
            make("300002", {{"00001", "a", 4}, {"00002", "b", 4}}),                     // eligible
            make("300005", {{"00001", "a", 4}, {"00008", "y", 2}}),                     // one missing, 2 credits
            make("300004", {{"00001", "a", 4}, {"00009", "x", 2}}),                     // one missing, 2 credits
        };
        const std::vector<PassedCourse> t{pass("00001", "a", 4), pass("00002", "b", 4)};
        const std::vector<WhatIf> ranked = rank_majors(plans, t, {}, {});
        std::vector<std::string> order;
        for (const WhatIf& w : ranked) order.push_back(w.major_code);
        CPPUNIT_ASSERT((order == std::vector<std::string>{"300002", "300004", "300005", "300001", "300003"}));
        CPPUNIT_ASSERT(ranked[0].result.eligible);
        CPPUNIT_ASSERT_EQUAL(std::string("专业300002"), ranked[0].major_name);
        CPPUNIT_ASSERT_EQUAL(2, ranked[4].result.missing_count);
    }

    void testAuditorMatchesRun() {
        auto rules = seed_rules();
        rules.push_back(any_one_of());
        const Auditor auditor(plan_080901(), rules);
        auto t = all_but({"02325", "00015"});
        t.push_back(k14263());
        t.push_back(pass("13000", "英语(专升本)", 7, 20240420));
        Choices ch;
        ch.substitutions.push_back({"A1", "14263", {"02325"}});
        const Result a = auditor.run(t, ch);
        const Result b = run(plan_080901(), t, rules, ch);
        CPPUNIT_ASSERT(a.eligible && b.eligible);
        CPPUNIT_ASSERT(a.reasons == b.reasons);
        CPPUNIT_ASSERT(a.unused_codes == b.unused_codes);
        for (std::size_t i = 0; i < a.required.size(); ++i) {
            CPPUNIT_ASSERT(a.required[i].how == b.required[i].how);
            CPPUNIT_ASSERT(a.required[i].by_codes == b.required[i].by_codes);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EligibilityTest);

// Every code the engine reports: the situation that raises it, its parameters and its
// exact Chinese text (problem_text / reason_text are the one place the text is written).
class EligibilityCodeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EligibilityCodeTest);
    CPPUNIT_TEST(testRuleNotForMajor);
    CPPUNIT_TEST(testRuleUnknown);
    CPPUNIT_TEST(testOneToOneIsAutomatic);
    CPPUNIT_TEST(testRuleIncomplete);
    CPPUNIT_TEST(testNotTheRulesNewCourse);
    CPPUNIT_TEST(testSpentEarlierSubstitution);
    CPPUNIT_TEST(testNewCourseNotPassed);
    CPPUNIT_TEST(testOutsideValidity);
    CPPUNIT_TEST(testOutsideValidityDateUnknown);
    CPPUNIT_TEST(testNewCourseAlreadyUsed);
    CPPUNIT_TEST(testOneForManyNeedsAll);
    CPPUNIT_TEST(testAnyOneOfNeedsOne);
    CPPUNIT_TEST(testOldCourseNotInRule);
    CPPUNIT_TEST(testOldCourseNotInPlan);
    CPPUNIT_TEST(testOldCourseAlreadyReplaced);
    CPPUNIT_TEST(testEnglishNotInPlan);
    CPPUNIT_TEST(testEnglishReplacesItself);
    CPPUNIT_TEST(testEnglishDuplicate);
    CPPUNIT_TEST(testSpentEarlierEnglish);
    CPPUNIT_TEST(testEnglishNotPassed);
    CPPUNIT_TEST(testEnglishUsedBySubstitution);
    CPPUNIT_TEST(testEnglishAlreadySubstituted);
    CPPUNIT_TEST(testEnglishTooFewCredits);
    CPPUNIT_TEST(testReasonEligible);
    CPPUNIT_TEST(testReasonEligibleProvisionalAndPending);
    CPPUNIT_TEST(testReasonMissingByKind);
    CPPUNIT_TEST(testReasonGroupAndTotalShort);
    CPPUNIT_TEST(testReasonOwnEnglishPassUnused);
    CPPUNIT_TEST(testReasonUsedForEnglish);
    CPPUNIT_TEST(testReasonUsedForRule);
    CPPUNIT_TEST(testReasonSpentEarlier);
    CPPUNIT_TEST(testTextsWithMissingParameters);
    CPPUNIT_TEST_SUITE_END();

    static std::vector<SubstitutionRule> rules_with(std::vector<SubstitutionRule> extra) {
        auto rules = seed_rules();
        for (auto& r : extra) rules.push_back(std::move(r));
        return rules;
    }

    // reasons and reason_codes are the same lines.
    static void check_lines(const Result& r) {
        CPPUNIT_ASSERT_EQUAL(r.reasons.size(), r.reason_codes.size());
        for (std::size_t i = 0; i < r.reasons.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(r.reasons[i], reason_text(r.reason_codes[i]));
    }

    // Exactly one problem with `code`, as given, and its "未采用" reason line carrying it.
    static void check_problem(const Result& r, ProblemCode code, const std::string& what, const std::string& course,
                              const std::vector<std::string>& args, const std::string& text) {
        check_lines(r);
        CPPUNIT_ASSERT(!r.eligible);
        const ChoiceProblem* found = nullptr;
        for (const ChoiceProblem& p : r.problems)
            if (p.problem == code) {
                CPPUNIT_ASSERT_MESSAGE("two problems with the code of " + text, found == nullptr);
                found = &p;
            }
        CPPUNIT_ASSERT_MESSAGE("no problem " + text, found != nullptr);
        CPPUNIT_ASSERT_EQUAL(what, found->what);
        CPPUNIT_ASSERT_EQUAL(course, found->code);
        CPPUNIT_ASSERT(args == found->args);
        CPPUNIT_ASSERT_EQUAL(text, found->message);
        CPPUNIT_ASSERT_EQUAL(text, problem_text(code, args));

        const bool english = what == "english";
        const std::string line = (english ? "顶替英语（二）未采用：" : "新计划顶替未采用：") + text;
        auto it = std::find(r.reasons.begin(), r.reasons.end(), line);
        CPPUNIT_ASSERT_MESSAGE("no reason line " + line, it != r.reasons.end());
        const Reason& reason = r.reason_codes[static_cast<std::size_t>(it - r.reasons.begin())];
        CPPUNIT_ASSERT(reason.code == (english ? ReasonCode::EnglishNotApplied : ReasonCode::SubstitutionNotApplied));
        CPPUNIT_ASSERT(reason.problem == code);
        CPPUNIT_ASSERT(reason.args == args);
    }

    // Exactly one reason line with `code`, as given.
    static void check_reason(const Result& r, ReasonCode code, const std::vector<std::string>& args,
                             const std::string& text) {
        check_lines(r);
        std::size_t n = 0;
        for (std::size_t i = 0; i < r.reason_codes.size(); ++i) {
            if (r.reason_codes[i].code != code) continue;
            ++n;
            CPPUNIT_ASSERT(args == r.reason_codes[i].args);
            CPPUNIT_ASSERT(!r.reason_codes[i].problem);
            CPPUNIT_ASSERT_EQUAL(text, r.reasons[i]);
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE("reason lines " + text, std::size_t{1}, n);
    }

    static Result choose(const std::vector<SubstitutionRule>& rules, std::vector<PassedCourse> t,
                         std::vector<ChosenSubstitution> subs, std::vector<std::string> english = {}) {
        Choices ch;
        ch.substitutions = std::move(subs);
        ch.english_replacement = std::move(english);
        return run(plan_080901(), t, rules, ch);
    }

    static std::vector<PassedCourse> with(std::vector<std::string> skip, std::vector<PassedCourse> extra) {
        auto t = all_but(std::move(skip));
        for (auto& p : extra) t.push_back(std::move(p));
        return t;
    }

public:
    void testRuleNotForMajor() {
        // A choice made for another major is ignored here with a note, never a problem:
        // 02325 stays missing, 14263 unused.
        SubstitutionRule other = EligibilityTest::any_one_of();
        other.majors = {"081001"};
        const Result r = choose(rules_with({other}), with({"02325"}, {k14263()}), {{"A1", "14263", {"02325"}}});
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(req(r, "02325").how == How::Missing);
        CPPUNIT_ASSERT(contains(r.unused_codes, "14263"));
        check_reason(r, ReasonCode::ChoiceNotForMajor, {"A1", "14263"},
                     "顶替方案“A1”（新计划课程14263）：该顶替规则不适用于本专业，未计入");
        // With everything passed the same choice leaves the major eligible.
        const Result ok = choose(rules_with({other}), with({}, {k14263()}), {{"A1", "14263", {"02325"}}});
        CPPUNIT_ASSERT(ok.eligible);
        CPPUNIT_ASSERT(ok.problems.empty());
    }

    void testRuleUnknown() {
        const Result r = choose(seed_rules(), with({"02325"}, {k14263()}), {{"NOPE", "14263", {"02325"}}});
        check_problem(r, ProblemCode::RuleUnknown, "substitution", "14263", {"NOPE"}, "顶替方案“NOPE”不存在");
    }

    void testOneToOneIsAutomatic() {
        const Result r = choose(seed_rules(), with({"02331"}, {pass("13003", "数据结构与算法", 4, 20241020)}),
                                {{"R13003", "13003", {"02331"}}});
        check_problem(r, ProblemCode::OneToOneIsAutomatic, "substitution", "13003", {},
                      "一对一顶替由系统自动处理，无需手工添加");
    }

    void testRuleIncomplete() {
        const SubstitutionRule empty{"E1", RuleKind::AnyOneOf, {"14263"}, {}, 0, 0, {}};
        const Result r = choose(rules_with({empty}), with({"02325"}, {k14263()}), {{"E1", "14263", {"02325"}}});
        check_problem(r, ProblemCode::RuleIncomplete, "substitution", "14263", {"E1"},
                      "顶替方案“E1”缺少新旧课程对照，无法使用");
    }

    void testNotTheRulesNewCourse() {
        const Result r = choose(rules_with({EligibilityTest::any_one_of()}), with({"02325"}, {k13180()}),
                                {{"A1", "13180", {"02325"}}});
        check_problem(r, ProblemCode::NotTheRulesNewCourse, "substitution", "13180", {"13180", "A1", "14263"},
                      "课程13180不是顶替方案“A1”的新计划课程（应为14263）");
    }

    void testSpentEarlierSubstitution() {
        PassedCourse spent = k14263();
        spent.used_by_earlier_graduation = true;
        const Result r = choose(rules_with({EligibilityTest::any_one_of()}), with({"02325"}, {spent}),
                                {{"A1", "14263", {"02325"}}});
        check_problem(r, ProblemCode::SpentEarlier, "substitution", "14263", {"14263"},
                      "课程14263已用于以往毕业申请，不能再次使用");
    }

    void testNewCourseNotPassed() {
        const Result r =
            choose(rules_with({EligibilityTest::any_one_of()}), with({"02325"}, {}), {{"A1", "14263", {"02325"}}});
        check_problem(r, ProblemCode::NewCourseNotPassed, "substitution", "14263", {"14263"},
                      "新计划课程14263没有合格成绩");
    }

    void testOutsideValidity() {
        SubstitutionRule rule = EligibilityTest::any_one_of();
        rule.valid_to = 20241231;
        const Result r = choose(rules_with({rule}), with({"02325"}, {k14263()}), {{"A1", "14263", {"02325"}}});
        check_problem(r, ProblemCode::OutsideValidity, "substitution", "14263",
                      {"14263", "20250412", "A1", "20240401", "20241231"},
                      "课程14263于2025-04-12合格，不在顶替方案“A1”的有效期（2024-04-01至2024-12-31）内");
    }

    void testOutsideValidityDateUnknown() {
        const Result r = choose(rules_with({EligibilityTest::any_one_of()}),
                                with({"02325"}, {pass("14263", "数字逻辑设计", 4, 0)}), {{"A1", "14263", {"02325"}}});
        check_problem(r, ProblemCode::OutsideValidity, "substitution", "14263", {"14263", "0", "A1", "20240401", "0"},
                      "课程14263于日期不详合格，不在顶替方案“A1”的有效期（2024-04-01至不限）内");
    }

    void testNewCourseAlreadyUsed() {
        const Result r = choose(rules_with({EligibilityTest::any_one_of()}), with({"02325", "02324"}, {k14263()}),
                                {{"A1", "14263", {"02325"}}, {"A1", "14263", {"02324"}}});
        check_problem(r, ProblemCode::NewCourseAlreadyUsed, "substitution", "14263", {"14263"},
                      "新计划课程14263已用于其他顶替，不能重复使用");
    }

    void testOneForManyNeedsAll() {
        const Result r = choose(rules_with({EligibilityTest::one_for_many()}), with({"02326", "02327"}, {k13180()}),
                                {{"M1", "13180", {"02326"}}});
        check_problem(r, ProblemCode::OneForManyNeedsAll, "substitution", "13180", {"M1", "02326", "02327"},
                      "一门顶多门方案“M1”须同时顶替全部旧计划课程：02326、02327");
    }

    void testAnyOneOfNeedsOne() {
        const Result r = choose(rules_with({EligibilityTest::any_one_of()}), with({"02325"}, {k14263()}),
                                {{"A1", "14263", {"02325", "02324"}}});
        check_problem(r, ProblemCode::AnyOneOfNeedsOne, "substitution", "14263", {"A1"},
                      "任选一门方案“A1”须且只能选择一门旧计划课程");
    }

    void testOldCourseNotInRule() {
        const Result r = choose(rules_with({EligibilityTest::any_one_of()}), with({"02325"}, {k14263()}),
                                {{"A1", "14263", {"02331"}}});
        check_problem(r, ProblemCode::OldCourseNotInRule, "substitution", "02331", {"02331", "A1", "02325", "02324"},
                      "旧计划课程02331不在顶替方案“A1”中（可选：02325、02324）");
    }

    void testOldCourseNotInPlan() {
        // The old course belongs to another major's plan: not this plan's concern.
        const SubstitutionRule rule{"A2", RuleKind::AnyOneOf, {"14263"}, {"09999", "02325"}, 0, 0, {}};
        const Result r = choose(rules_with({rule}), with({}, {k14263()}), {{"A2", "14263", {"09999"}}});
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT(r.eligible);
        check_reason(r, ReasonCode::ChoiceNotForMajor, {"A2", "14263"},
                     "顶替方案“A2”（新计划课程14263）：该顶替规则不适用于本专业，未计入");
        // 一门顶多门 over courses of which this plan lists one: it replaces that one.
        const SubstitutionRule many{"M2", RuleKind::OneForMany, {"14263"}, {"02325", "09999"}, 0, 0, {}};
        const Result m = choose(rules_with({many}), with({"02325"}, {k14263()}), {{"M2", "14263", {"02325", "09999"}}});
        CPPUNIT_ASSERT(m.eligible);
        CPPUNIT_ASSERT(req(m, "02325").how == How::ChosenSubstitution);
    }

    void testOldCourseAlreadyReplaced() {
        const SubstitutionRule second{"A3", RuleKind::AnyOneOf, {"13180"}, {"02325"}, 0, 0, {}};
        const Result r = choose(rules_with({EligibilityTest::any_one_of(), second}),
                                with({"02325"}, {k14263(), k13180()}),
                                {{"A1", "14263", {"02325"}}, {"A3", "13180", {"02325"}}});
        check_problem(r, ProblemCode::OldCourseAlreadyReplaced, "substitution", "02325", {"02325"},
                      "旧计划课程02325已由其他顶替课程顶替");
        CPPUNIT_ASSERT(req(r, "02325").how == How::ChosenSubstitution);  // the first choice stands
    }

    void testEnglishNotInPlan() {
        Plan p = plan_080901();
        p.required.erase(p.required.begin() + 1);
        Choices ch;
        ch.english_replacement = {"14263", "13180", "02142", "00018"};
        p.min_total_credits = 66;
        const Result r =
            run(p, with({"00015"}, {k14263(), k13180(), k02142(), k00018()}), seed_rules(), ch);
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT(r.eligible);
        check_reason(r, ReasonCode::EnglishNotForMajor, {}, "本专业计划不含00015英语（二），所选顶替英语（二）的课程未计入");
    }

    void testEnglishReplacesItself() {
        const Result r = choose(seed_rules(), with({"00015"}, {k14263(), k13180(), k02142(), k00018()}), {},
                                {"00015", "14263", "13180", "02142", "00018"});
        check_problem(r, ProblemCode::EnglishReplacesItself, "english", "00015", {}, "00015英语（二）不能顶替其本身");
    }

    void testEnglishDuplicate() {
        const Result r = choose(seed_rules(), with({"00015"}, {k14263(), k13180(), k02142(), k00018()}), {},
                                {"14263", "13180", "02142", "00018", "13180"});
        check_problem(r, ProblemCode::EnglishDuplicate, "english", "13180", {"13180"}, "课程13180重复选择");
    }

    void testSpentEarlierEnglish() {
        PassedCourse spent = k00024();
        spent.used_by_earlier_graduation = true;
        const Result r = choose(seed_rules(), with({"00015"}, {k14263(), k13180(), k02142(), k00018(), spent}), {},
                                {"14263", "13180", "02142", "00018", "00024"});
        check_problem(r, ProblemCode::SpentEarlier, "english", "00024", {"00024"},
                      "课程00024已用于以往毕业申请，不能再次使用");
    }

    void testEnglishNotPassed() {
        const Result r = choose(seed_rules(), with({"00015"}, {k14263(), k13180(), k02142(), k00018()}), {},
                                {"14263", "13180", "02142", "00018", "09999"});
        check_problem(r, ProblemCode::EnglishNotPassed, "english", "09999", {"09999"}, "课程09999没有合格成绩");
    }

    void testEnglishUsedBySubstitution() {
        const Result r = choose(rules_with({EligibilityTest::any_one_of()}),
                                with({"00015", "02325"}, {k14263(), k13180(), k02142(), k00018(), k00024()}),
                                {{"A1", "14263", {"02325"}}}, {"14263", "13180", "02142", "00018", "00024"});
        check_problem(r, ProblemCode::EnglishUsedBySubstitution, "english", "14263", {"14263"},
                      "课程14263已用于新计划顶替，不能再用于顶替英语（二）");
    }

    void testEnglishAlreadySubstituted() {
        const SubstitutionRule rule{"X1", RuleKind::AnyOneOf, {"02142"}, {"00015"}, 0, 0, {}};
        const Result r = choose(rules_with({rule}),
                                with({"00015"}, {k14263(), k13180(), k02142(), k00018(), k00024()}),
                                {{"X1", "02142", {"00015"}}}, {"14263", "13180", "00018", "00024", "02331"});
        check_problem(r, ProblemCode::EnglishAlreadySubstituted, "english", "00015", {},
                      "00015英语（二）已由所选新计划课程顶替，无需再选顶替课程");
    }

    void testEnglishTooFewCredits() {
        const Result r = choose(seed_rules(), with({"00015"}, {k14263(), k13180(), k00018(), k00024()}), {},
                                {"14263", "13180", "00018", "00024"});
        check_problem(r, ProblemCode::EnglishTooFewCredits, "english", "", {"13", "14"},
                      "所选课程合计13学分，顶替英语（二）需要至少14学分");
    }

    void testReasonEligible() {
        const Result r = run(plan_080901(), all_but(), seed_rules(), {});
        CPPUNIT_ASSERT(r.eligible);
        check_reason(r, ReasonCode::Eligible, {}, "符合毕业条件");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.reason_codes.size());
    }

    void testReasonEligibleProvisionalAndPending() {
        auto t = all_but({"04734"});
        t.push_back(pass("04734", "数据结构(实践)", 2, 20080601, Source::OldPlanCertificate, false));
        const Result r = run(plan_080901(), t, seed_rules(), {});
        CPPUNIT_ASSERT(r.provisional);
        check_reason(r, ReasonCode::EligibleProvisional, {}, "符合毕业条件（旧计划课程待审核确认）");
        check_reason(r, ReasonCode::PendingCertificate, {"04734", "数据结构(实践)"},
                     "课程04734数据结构(实践)为旧计划课程合格证（实践课考核卡），待工作人员审核确认");
        CPPUNIT_ASSERT(r.reason_codes[0].code == ReasonCode::EligibleProvisional);
    }

    void testReasonMissingByKind() {
        Plan p = plan_080901();
        p.required[0].kind = RequirementKind::Practice;  // 04734 数据结构(实践)
        const Result r = run(p, all_but({"02331", "11689", "04734"}), seed_rules(), {});
        check_reason(r, ReasonCode::MissingRequired, {"02331", "数据结构", "3"}, "缺少必考课程 02331 数据结构（3学分）");
        check_reason(r, ReasonCode::MissingThesis, {"11689", "计算机科学与技术(本科)毕业论文", "6"},
                     "缺少毕业论文 11689 计算机科学与技术(本科)毕业论文（6学分）");
        check_reason(r, ReasonCode::MissingPractice, {"04734", "数据结构(实践)", "2"},
                     "缺少实践课程 04734 数据结构(实践)（2学分）");
    }

    void testReasonGroupAndTotalShort() {
        Plan p = plan_080901();
        p.electives.push_back({"G1", "专业选考课", {"14263", "13180", "02142", "00018"}, 7, 2, {}});
        p.min_total_credits = 90;
        const Result r = run(p, with({}, {k14263(), k00018()}), seed_rules(), {});
        check_reason(r, ReasonCode::GroupShort, {"专业选考课", "2", "6", "2", "7"},
                     "选考课程“专业选考课”未达到要求：已有2门6学分，需至少2门7学分");
        check_reason(r, ReasonCode::TotalCreditsShort, {"86", "90", "4"}, "总学分不足：已获86学分，需至少90学分，还差4学分");
    }

    void testReasonOwnEnglishPassUnused() {
        const Result r = choose(seed_rules(), with({}, {k14263(), k13180(), k02142(), k00018()}), {},
                                {"14263", "13180", "02142", "00018"});
        check_reason(r, ReasonCode::OwnEnglishPassUnused, {},
                     "已取得00015英语（二）合格成绩，所选顶替英语（二）的课程未使用");
    }

    void testReasonUsedForEnglish() {
        const Result r = choose(seed_rules(), with({"00015"}, {k14263(), k13180(), k02142()}), {},
                                {"02331", "14263", "13180", "02142"});
        check_reason(r, ReasonCode::UsedForEnglish, {"02331", "数据结构", "required", "02331", "数据结构"},
                     "课程02331数据结构已用于顶替英语（二），不能再用于本专业必考课程02331数据结构（该课程尚缺）");
    }

    void testReasonUsedForRule() {
        // 14263 replaces 02325 by choice, and could have met the missing 02333 by a 一对一 rule.
        const Result r = choose(rules_with({EligibilityTest::any_one_of(), one_to_one("B1", "14263", "02333")}),
                                with({"02325", "02333"}, {k14263()}), {{"A1", "14263", {"02325"}}});
        check_reason(r, ReasonCode::UsedForRule, {"14263", "数字逻辑设计", "required", "02333", "软件工程", "A1"},
                     "课程14263数字逻辑设计已用于顶替方案“A1”，不能再用于本专业必考课程02333软件工程（该课程尚缺）");
    }

    void testReasonSpentEarlier() {
        auto t = all_but();
        for (PassedCourse& p : t)
            if (p.code == "02331") p.used_by_earlier_graduation = true;
        const Result r = run(plan_080901(), t, seed_rules(), {});
        check_reason(r, ReasonCode::SpentEarlier, {"02331", "数据结构"},
                     "课程02331数据结构已用于以往毕业申请，不能再次使用");
    }

    void testTextsWithMissingParameters() {
        // A code given too few parameters (a programming error) still gives text, no crash.
        CPPUNIT_ASSERT_EQUAL(std::string("顶替方案“”不存在"), problem_text(ProblemCode::RuleUnknown, {}));
        CPPUNIT_ASSERT_EQUAL(std::string("新计划顶替未采用："), reason_text({ReasonCode::SubstitutionNotApplied, {}, {}}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EligibilityCodeTest);
