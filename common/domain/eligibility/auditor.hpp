// auditor.hpp: the audit with the plan and rule table prepared once (PERF-2). Building an
// Auditor indexes the plan's courses, its elective groups and the rules that apply to its
// major; run() then audits any number of transcripts without redoing that work. The free
// functions of engine.hpp are thin wrappers that build an Auditor per call.
// An Auditor is immutable after construction: const calls may run on many threads at once.
#pragma once
#include "common/domain/eligibility/engine.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zk::eligibility {

class Auditor {
public:
    // Copies what it needs from `plan` and `rules`; neither has to outlive the Auditor.
    Auditor(const Plan& plan, const std::vector<SubstitutionRule>& rules);

    // Same contract as zk::eligibility::run().
    Result run(const std::vector<PassedCourse>& passed, const Choices& choices) const;

    // Same contract as zk::eligibility::suggest_english_replacement(); choices.english_replacement
    // is ignored (the suggestion replaces it).
    std::optional<std::vector<std::string>> suggest_english_replacement(const std::vector<PassedCourse>& passed,
                                                                        const Choices& choices) const;

    const Plan& plan() const;

    struct Compiled;  // defined in engine.cpp

private:
    std::shared_ptr<const Compiled> compiled_;
};

}  // namespace zk::eligibility
