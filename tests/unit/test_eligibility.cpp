// test_eligibility.cpp: CppUnit tests of the eligibility engine (common/domain/eligibility) on the seed's plan of
// 080901 计算机科学与技术(本科) — the 21 required courses and credits of SPEC §18, 80 in
// all — with hand-checked transcripts: direct passes, 一对一 substitutions and their
// validity dates, matching where first-fit would fail, 英语(二) replacement sets, old-plan
// certificates, exemptions, elective groups, 一门顶多门 / 任选一门 choices and their
// problems, earlier graduations, the least-excess English suggestion and rank_majors.
// Trusts only engine.hpp / auditor.hpp; rule ids, dates and extra courses are invented.
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
        CPPUNIT_ASSERT(!r.eligible);
        CPPUNIT_ASSERT(has_problem(r, "english", "本专业计划不含00015英语（二）"));
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
        p.electives.push_back({"G1", "专业选考课", {"14263", "13180", "02142", "00018"}, min_credits, min_count});
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
        p.electives.push_back({"G1", "专业选考课", {"13180", "13003"}, 4, 1});
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
        CPPUNIT_ASSERT(has_problem(r, "substitution", "顶替方案“A1”不适用于本专业（080901计算机科学与技术(本科)）"));
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
        CPPUNIT_ASSERT(has_reason(r, "课程02331数据结构已用于顶替英语（二），不能再用于其他课程"));
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
