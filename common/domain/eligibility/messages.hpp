// messages.hpp: what the audit reports, as codes with parameters, and the one place
// (messages.cpp) where each code becomes its Chinese text. The engine only emits codes;
// callers that must recognise a problem or a reason line decide by code, never by text.
// Pure: no I/O, no globals; parameters are plain data (course codes, names, numbers,
// dates as yyyymmdd), formatted only here.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace zk::eligibility {

enum class How;

// A choice of the examinee that cannot be honoured. Parameters, in order, after each code.
enum class ProblemCode {
    // 一门顶多门 / 任选一门 substitutions (ChoiceProblem::what == "substitution")
    RuleUnknown,               // rule_id
    OneToOneIsAutomatic,       // —
    RuleIncomplete,            // rule_id
    NotTheRulesNewCourse,      // new_code, rule_id, expected new_code
    SpentEarlier,              // code (also for the 英语(二) set)
    NewCourseNotPassed,        // new_code
    OutsideValidity,           // new_code, passed_on, rule_id, valid_from, valid_to (yyyymmdd, "0" = open)
    NewCourseAlreadyUsed,      // new_code
    OneForManyNeedsAll,        // rule_id, then every old code of the rule
    AnyOneOfNeedsOne,          // rule_id
    OldCourseNotInRule,        // old_code, rule_id, then every old code of the rule
    OldCourseAlreadyReplaced,  // old_code
    // the 英语(二) replacement set (ChoiceProblem::what == "english")
    EnglishReplacesItself,     // —
    EnglishDuplicate,          // code
    EnglishNotPassed,          // code
    EnglishUsedBySubstitution, // code
    EnglishAlreadySubstituted, // —
    EnglishTooFewCredits,      // total credits, minimum credits
};

// One line of Result::reasons. Parameters, in order, after each code.
enum class ReasonCode {
    Eligible,                // —
    EligibleProvisional,     // —
    MissingRequired,         // code, name, credits
    MissingThesis,           // code, name, credits
    MissingPractice,         // code, name, credits
    GroupShort,              // title, count, credits, min_count, min_credits (a minimum of 0 is not stated)
    TotalCreditsShort,       // credits used, minimum, short by
    PendingCertificate,      // code, name
    EnglishNotApplied,       // `problem` with its parameters
    SubstitutionNotApplied,  // `problem` with its parameters
    OwnEnglishPassUnused,    // —
    // A course of the 英语(二) set that the plan needs elsewhere: code, name, then where —
    // kind ("required", "thesis", "practice": the requirement's code and name; "group": the
    // group's title and ""; "total": "" and "", credits towards the total).
    UsedForEnglish,          // code, name, kind, code or title, name
    UsedForRule,             // code, name, kind, code or title, name, rule_id: likewise for a chosen substitution
    SpentEarlier,            // code, name: a course an unmet requirement could use, spent earlier
    ChoiceNotForMajor,       // rule_id, new_code: a chosen substitution that does not concern this plan, ignored
    EnglishNotForMajor,      // —: an 英语(二) set for a plan without 00015, ignored
};

struct Reason {
    ReasonCode code;
    std::vector<std::string> args;
    std::optional<ProblemCode> problem;  // for EnglishNotApplied / SubstitutionNotApplied

    bool operator==(const Reason& o) const { return code == o.code && args == o.args && problem == o.problem; }
};

// The Chinese texts, byte for byte what examinees, clerks and the ctl tool read.
std::string problem_text(ProblemCode code, const std::vector<std::string>& args);
std::string reason_text(const Reason& reason);
// RequirementResult::note for a met requirement: how it was met; "" when directly.
// `by_codes` are the courses used, `first_name` the name of the first of them.
std::string requirement_note(How how, const std::vector<std::string>& by_codes, const std::string& first_name);
// GroupUse::note: "(顶替02325)" for a substitute standing in for a listed course, else as
// requirement_note for a course of its own.
std::string group_use_note(How how, const std::string& for_code);

}  // namespace zk::eligibility
