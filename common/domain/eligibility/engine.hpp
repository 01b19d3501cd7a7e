// engine.hpp: the graduation audit (AUD-1 … AUD-7). Decides whether an examinee's passed
// courses, with the substitutions they chose, satisfy a major's plan; says for every
// requirement which course satisfies it and how, or that it is missing; and suggests the
// way out (what-if over majors, the least-excess 英语(二) replacement).
// A pure library: no I/O, no clock, no globals; everything it knows comes in arguments.
// It never judges "eligible" with an unmet requirement, uses each passed course at most
// once, and finds a satisfying assignment whenever one exists (matching / exact search,
// never first-fit in list order).
// Dates are integers yyyymmdd (20240415). Credits are integers.
// A transcript may hold several passes of one course (a retake, an exemption and an exam,
// a certificate): the course still counts once, and each use takes the pass that helps
// (for a substitution, a pass inside the rule's validity window).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/domain/eligibility/messages.hpp"

namespace zk::eligibility {

enum class Source {
    Exam,                // 考试合格
    Exemption,           // 免考
    OldPlanCertificate,  // 旧计划 红卡/绿卡/实践课考核卡 entered by the examinee, awaiting staff verification
};

struct PassedCourse {
    std::string code;
    std::string name;
    int credits = 0;
    int passed_on = 0;     // yyyymmdd
    std::string score;     // "78", "合格", "免考"
    Source source = Source::Exam;
    bool verified = true;  // false: an old-plan certificate staff have not verified yet
    bool used_by_earlier_graduation = false;  // AUD-3: may not be used again
};

enum class RequirementKind { Required, Thesis, Practice };

struct RequiredCourse {
    std::string code;
    std::string name;
    int credits = 0;
    RequirementKind kind = RequirementKind::Required;
};

// 选考: at least min_count courses and at least min_credits credits from course_codes
// (either minimum may be 0). A passed course counts with its own credits; a substitute
// standing in for a listed course counts with that course's credits (course_credits,
// parallel to course_codes; where missing, the substitute's own credits).
struct ElectiveGroup {
    std::string id;
    std::string title;
    std::vector<std::string> course_codes;
    int min_credits = 0;
    int min_count = 0;
    std::vector<int> course_credits;
};

struct Plan {
    std::string major_code, major_name, level;  // level: 专科 / 本科 / 专升本
    std::vector<RequiredCourse> required;
    std::vector<ElectiveGroup> electives;
    int min_total_credits = 0;  // credits of everything the assignment uses must reach this
};

// A substitute stands in for its old course wherever the plan lists it: a required, thesis
// or practice course, or a course of an elective group.
enum class RuleKind {
    OneToOne,   // 一对一: new_codes[0] replaces old_codes[0]; applied automatically
    OneForMany, // 一门顶多门: new_codes[0] replaces every course in old_codes at once; chosen by the examinee
    AnyOneOf,   // 任选一门: new_codes[0] replaces one course of old_codes, the examinee says which
};

struct SubstitutionRule {
    std::string id;
    RuleKind kind = RuleKind::OneToOne;
    std::vector<std::string> new_codes;  // the passed course(s) that substitute (size 1 for every kind)
    std::vector<std::string> old_codes;  // the plan course(s) replaced
    int valid_from = 0;                  // the substitute must have been passed in [valid_from, valid_to]; 0 = open
    int valid_to = 0;
    std::vector<std::string> majors;     // major codes the rule applies to; empty = every major
};

// What the examinee chose on the substitution screens (SUB-1, SUB-2).
// A choice whose rule is scoped to other majors, or whose old courses this plan does not
// list, does not apply to this plan: it is ignored with a note, never counted as a problem
// (an application's choices serve its two majors and the what-if over many).
struct ChosenSubstitution {
    std::string rule_id;
    std::string new_code;
    std::vector<std::string> old_codes;  // OneForMany: all of the rule's; AnyOneOf: exactly one
};

struct Choices {
    std::vector<ChosenSubstitution> substitutions;
    std::vector<std::string> english_replacement;  // AUD-3: courses replacing 00015 英语(二); empty = none
};

inline constexpr const char* kEnglishTwo = "00015";
inline constexpr int kEnglishReplacementMinCredits = 14;

enum class How {
    Missing,
    Direct,                  // the course itself
    AutomaticSubstitution,   // a one-to-one rule
    ChosenSubstitution,      // a 一门顶多门 / 任选一门 choice
    EnglishReplacement,      // AUD-3 set
    Certificate,             // an old-plan certificate awaiting verification (provisional)
    Exemption,               // 免考
};

struct RequirementResult {
    std::string code, name;
    int credits = 0;
    RequirementKind kind = RequirementKind::Required;
    How how = How::Missing;
    std::vector<std::string> by_codes;  // the passed course(s) used
    std::string rule_id;                // for substitutions
    bool provisional = false;           // depends on an unverified certificate
    std::string note;                   // e.g. "(顶替课程-13003数据结构与算法)", "(英语二顶替: 00018, 00019)"
    int passed_on = 0;                  // the pass used (one course): its date and score
    std::string score;
};

// One course counted in an elective group.
struct GroupUse {
    std::string code, name;  // the passed course
    int credits = 0;         // as counted in the group
    How how = How::Direct;   // Direct, Exemption, Certificate, AutomaticSubstitution or ChosenSubstitution
    std::string for_code;    // the group's course it stands in for (substitutions), else ""
    std::string rule_id;
    bool provisional = false;
    std::string note;        // as RequirementResult::note, e.g. "(顶替02325)"
    int passed_on = 0;
    std::string score;
};

struct GroupResult {
    std::string id, title;
    int min_credits = 0, min_count = 0;
    int credits = 0, count = 0;
    bool satisfied = false;
    std::vector<std::string> by_codes;  // the passed courses counted, as in `uses`
    std::vector<GroupUse> uses;
};

// A choice that cannot be honoured (unknown rule, course not passed, outside the rule's
// validity, rule not for this major, course used twice, English set under 14 credits…).
// Callers decide by `problem` and `args`; `message` is problem_text() of them, for display.
struct ChoiceProblem {
    std::string what;     // "substitution" or "english"
    std::string code;     // the course concerned, if any
    std::string message;  // Chinese, precise: says what is wrong
    ProblemCode problem = ProblemCode::RuleUnknown;
    std::vector<std::string> args;  // the parameters of `problem` (messages.hpp)
};

struct Result {
    bool eligible = false;
    bool provisional = false;  // eligible only if pending certificates are verified
    std::vector<RequirementResult> required;
    std::vector<GroupResult> groups;
    int credits_used = 0;
    int min_total_credits = 0;
    int missing_count = 0;      // unmet required courses + unmet groups
    int missing_credits = 0;    // credits of unmet required courses + credits short in groups and total
    std::vector<ChoiceProblem> problems;  // any problem makes the result not eligible
    std::vector<std::string> unused_codes;  // passed courses the assignment does not use
    std::vector<std::string> reasons;       // human-readable, Chinese, one line each
    std::vector<Reason> reason_codes;       // the same lines as codes: reasons[i] == reason_text(reason_codes[i])
};

// The audit. Rules whose `majors` do not include plan.major_code are ignored, so `rules`
// may hold every rule of the province.
Result run(const Plan& plan, const std::vector<PassedCourse>& passed, const std::vector<SubstitutionRule>& rules,
           const Choices& choices);

// AUD-6: the least-excess set of passed courses (credits >= 14) that can replace 00015
// while every other requirement stays satisfiable; nullopt when none exists or the plan
// has no 00015. Ties broken by fewer courses, then by code order.
std::optional<std::vector<std::string>> suggest_english_replacement(const Plan& plan,
                                                                    const std::vector<PassedCourse>& passed,
                                                                    const std::vector<SubstitutionRule>& rules,
                                                                    const Choices& choices);

// AUD-6: "which majors am I closest to": every plan audited with the given choices
// (automatic substitutions only when choices are empty), ranked eligible first, then by
// missing_count, then missing_credits, then major code. The choices were made for another
// major, so here they are advice: one that cannot be honoured is reported (problems,
// reasons) but a major with nothing missing is eligible.
struct WhatIf {
    std::string major_code, major_name, level;
    std::size_t plan_index = 0;  // into `plans`: several institutions may offer the same major code
    Result result;
};
std::vector<WhatIf> rank_majors(const std::vector<Plan>& plans, const std::vector<PassedCourse>& passed,
                                const std::vector<SubstitutionRule>& rules, const Choices& choices);

}  // namespace zk::eligibility
