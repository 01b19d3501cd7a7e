// test_eligibility_property.cpp: property tests of the eligibility engine (common/domain/eligibility) over
// thousands of random plans, rule tables, transcripts and choices from a fixed seed:
//  - no passed course is used twice, and used + unused courses are exactly the usable ones;
//  - every claim in a verdict is sound (a Direct course is the course, a substitution is
//    an applicable rule inside its dates, group courses are in the group, totals add up),
//    and "eligible" implies that everything is met and no choice is in error;
//  - completeness against an exhaustive solver written here: on small instances (with
//    一对一 rules whose old course is a required or an elective course, and retakes: several
//    passes of one course) the audit is eligible exactly when some assignment meets
//    everything, its missing_count and missing_credits are the least possible, and it is
//    provisional only when it must be;
//  - the least-excess English suggestion equals an exhaustive search over subsets;
//  - the same input always gives the same output, through run() and through an Auditor.
// Trusts only engine.hpp / auditor.hpp; the exhaustive solver restates the rules of the
// audit independently (enumerating every use of every course) instead of reusing them.
#include "common/domain/eligibility/auditor.hpp"
#include "common/domain/eligibility/engine.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace zk::eligibility;

namespace {

const char* const kMajor = "080901";
const int kDates[] = {20200101, 20240301, 20240601, 20250301};

struct Instance {
    Plan plan;
    std::vector<SubstitutionRule> rules;
    std::vector<PassedCourse> passed;
    Choices choices;
};

int uniform(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
bool chance(std::mt19937& rng, int percent) { return uniform(rng, 1, 100) <= percent; }

std::string pool_code(int i) { return i < 0 ? std::string(kEnglishTwo) : std::to_string(10000 + i); }

struct Shape {
    int pool;         // distinct course codes besides 00015
    int max_reqs;
    int max_courses;
    int max_groups;
    bool chosen;      // 一门顶多门 / 任选一门 rules and choices
    bool duplicates;  // repeated transcript entries
};

Instance random_instance(std::mt19937& rng, const Shape& shape) {
    Instance in;
    Plan& plan = in.plan;
    plan.major_code = kMajor;
    plan.major_name = "随机专业";
    plan.level = "本科";
    std::vector<int> codes;
    for (int i = -1; i < shape.pool; ++i) codes.push_back(i);
    std::shuffle(codes.begin(), codes.end(), rng);
    const int nreq = uniform(rng, 1, shape.max_reqs);
    int sum = 0;
    for (int i = 0; i < nreq; ++i) {
        const std::string code = pool_code(codes[static_cast<std::size_t>(i)]);
        const int credits = code == kEnglishTwo && chance(rng, 70) ? 14 : uniform(rng, 1, 6);
        plan.required.push_back({code, "课" + code, credits, RequirementKind::Required});
        sum += credits;
    }
    const int ngroups = uniform(rng, 0, shape.max_groups);
    for (int g = 0; g < ngroups; ++g) {
        ElectiveGroup grp{"G" + std::to_string(g), "选考" + std::to_string(g), {}, uniform(rng, 0, 8), uniform(rng, 0, 2), {}};
        const int n = uniform(rng, 1, 4);
        const bool credits_known = chance(rng, 80);  // the plan's credits of its elective courses
        for (int i = 0; i < n; ++i) {
            grp.course_codes.push_back(pool_code(uniform(rng, 0, shape.pool - 1)));
            if (credits_known) grp.course_credits.push_back(uniform(rng, 1, 6));
        }
        plan.electives.push_back(grp);
    }
    plan.min_total_credits = std::max(0, sum + uniform(rng, -3, 6));

    auto random_majors = [&]() -> std::vector<std::string> {
        const int m = uniform(rng, 0, 9);
        if (m < 5) return {};
        if (m < 8) return {kMajor};
        return {"081001"};
    };
    // An old course: mostly a required course, often an elective one, sometimes any code.
    auto random_old = [&]() -> std::string {
        const int m = uniform(rng, 0, 99);
        if (m < 55 || plan.electives.empty())
            return m < 85 ? plan.required[static_cast<std::size_t>(uniform(rng, 0, nreq - 1))].code
                          : pool_code(uniform(rng, -1, shape.pool - 1));
        const auto& list = plan.electives[static_cast<std::size_t>(uniform(rng, 0, ngroups - 1))].course_codes;
        return list[static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(list.size()) - 1))];
    };
    auto random_window = [&](SubstitutionRule& r) {
        r.valid_from = chance(rng, 50) ? 20240401 : 0;
        r.valid_to = chance(rng, 25) ? 20250101 : 0;
    };
    const int none = uniform(rng, 0, 5);
    for (int i = 0; i < none; ++i) {
        SubstitutionRule r;
        r.id = "O" + std::to_string(i);
        r.kind = RuleKind::OneToOne;
        r.new_codes = {pool_code(uniform(rng, 0, shape.pool - 1))};
        r.old_codes = {random_old()};
        random_window(r);
        r.majors = random_majors();
        in.rules.push_back(r);
    }
    if (shape.chosen) {
        const int nchosen = uniform(rng, 0, 3);
        for (int i = 0; i < nchosen; ++i) {
            SubstitutionRule r;
            r.id = "C" + std::to_string(i);
            r.kind = chance(rng, 50) ? RuleKind::OneForMany : RuleKind::AnyOneOf;
            r.new_codes = {pool_code(uniform(rng, 0, shape.pool - 1))};
            const int nold = uniform(rng, 1, 3);
            for (int j = 0; j < nold; ++j) r.old_codes.push_back(random_old());
            std::sort(r.old_codes.begin(), r.old_codes.end());
            r.old_codes.erase(std::unique(r.old_codes.begin(), r.old_codes.end()), r.old_codes.end());
            random_window(r);
            r.majors = random_majors();
            in.rules.push_back(r);
        }
    }

    std::shuffle(codes.begin(), codes.end(), rng);
    const int ncourses = uniform(rng, 1, std::min(shape.max_courses, static_cast<int>(codes.size())));
    for (int i = 0; i < ncourses; ++i) {
        PassedCourse p;
        p.code = pool_code(codes[static_cast<std::size_t>(i)]);
        p.name = "课" + p.code;
        p.credits = p.code == kEnglishTwo ? 14 : uniform(rng, 1, 8);
        p.passed_on = kDates[uniform(rng, 0, 3)];
        const int src = uniform(rng, 0, 9);
        p.source = src < 8 ? Source::Exam : src < 9 ? Source::Exemption : Source::OldPlanCertificate;
        p.verified = p.source != Source::OldPlanCertificate || chance(rng, 40);
        p.used_by_earlier_graduation = chance(rng, 6);
        in.passed.push_back(p);
        if (shape.duplicates && chance(rng, 8)) {
            PassedCourse again = p;
            again.passed_on = kDates[uniform(rng, 0, 3)];
            again.source = chance(rng, 50) ? Source::Exam : Source::OldPlanCertificate;
            again.verified = chance(rng, 50);
            again.used_by_earlier_graduation = chance(rng, 10);
            in.passed.push_back(again);
        }
    }

    if (shape.chosen) {
        const int nsubs = uniform(rng, 0, 2);
        for (int i = 0; i < nsubs && !in.rules.empty(); ++i) {
            const SubstitutionRule& r = in.rules[static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(in.rules.size()) - 1))];
            ChosenSubstitution cs;
            cs.rule_id = chance(rng, 95) ? r.id : "X";
            cs.new_code = chance(rng, 90) ? r.new_codes[0] : pool_code(uniform(rng, 0, shape.pool - 1));
            if (r.kind == RuleKind::AnyOneOf || chance(rng, 15))
                cs.old_codes = {r.old_codes[static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(r.old_codes.size()) - 1))]};
            else
                cs.old_codes = r.old_codes;
            in.choices.substitutions.push_back(cs);
        }
    }
    if (chance(rng, 35)) {
        for (const PassedCourse& p : in.passed)
            if (chance(rng, 50)) in.choices.english_replacement.push_back(p.code);
        if (chance(rng, 10)) in.choices.english_replacement.push_back(pool_code(uniform(rng, 0, shape.pool - 1)));
    }
    return in;
}

// Adds a pass for each required course not yet passed (except 00015), with the given
// chance, so that the instances are near the eligible/not-eligible boundary.
void complete_transcript(Instance& in, std::mt19937& rng, int percent) {
    for (const RequiredCourse& req : in.plan.required) {
        const bool have = std::any_of(in.passed.begin(), in.passed.end(),
                                      [&](const PassedCourse& p) { return p.code == req.code; });
        if (have || req.code == kEnglishTwo || !chance(rng, percent)) continue;
        in.passed.push_back({req.code, req.name, req.credits, 20230415, "70", Source::Exam, true, false});
    }
}

// --- The exhaustive solver -------------------------------------------------------------
// Assumes no 一门顶多门 / 任选一门 choices: it tries every way of giving each usable course
// to nothing, to one requirement it can meet (itself, or a 一对一 rule with a pass inside
// the rule's dates), or to one place in an elective group — the place of the course
// itself, or of the listed course a 一对一 rule lets it stand in for, counted with that
// course's credits — with each place of a group taken at most once.

bool prov(const PassedCourse& p) { return p.source == Source::OldPlanCertificate && !p.verified; }

// The order of trust among the passes of one course: not provisional, exam before
// exemption before certificate, earliest.
bool more_trusted(const PassedCourse& a, const PassedCourse& b) {
    return std::make_tuple(prov(a), static_cast<int>(a.source), a.passed_on) <
           std::make_tuple(prov(b), static_cast<int>(b.source), b.passed_on);
}

// The most trusted pass among `passes` inside [from, to] (0 = open), or nullptr.
const PassedCourse* trusted_within(const std::vector<const PassedCourse*>& passes, int from, int to) {
    const PassedCourse* best = nullptr;
    for (const PassedCourse* p : passes) {
        if ((from && p->passed_on < from) || (to && p->passed_on > to)) continue;
        if (!best || more_trusted(*p, *best)) best = p;
    }
    return best;
}

bool applies_here(const SubstitutionRule& rule, const Plan& plan) {
    return rule.kind == RuleKind::OneToOne &&
           (rule.majors.empty() || std::find(rule.majors.begin(), rule.majors.end(), plan.major_code) != rule.majors.end());
}

struct Best {
    int missing_count = 1 << 30;
    int missing_credits = 0;
    int provisional = 0;
    bool operator<(const Best& o) const {
        return std::tie(missing_count, missing_credits, provisional) <
               std::tie(o.missing_count, o.missing_credits, o.provisional);
    }
};

struct Brute {
    struct Use {
        int req = -1;            // a requirement, or
        int group = -1;          // a group and the listed course whose place it takes
        std::string place;
        int credits = 0;
        bool provisional = false;
    };
    const Plan& plan;
    std::vector<std::vector<Use>> options;  // per usable course
    std::vector<int> req_taken;             // 0 free, 1 met
    std::vector<int> group_count, group_credits;
    std::set<std::pair<int, std::string>> places;  // taken places of groups
    int provisional = 0;
    Best best;

    bool english_problem = false;

    Brute(const Plan& p, const std::vector<PassedCourse>& passed, const std::vector<SubstitutionRule>& rules,
          const std::vector<std::string>& english)
        : plan(p), req_taken(p.required.size(), 0), group_count(p.electives.size(), 0),
          group_credits(p.electives.size(), 0) {
        // Every pass of each usable code (one that no earlier graduation used).
        std::map<std::string, std::vector<const PassedCourse*>> usable;
        std::set<std::string> spent;
        for (const PassedCourse& c : passed)
            if (c.used_by_earlier_graduation) spent.insert(c.code);
        for (const PassedCourse& c : passed)
            if (!spent.count(c.code)) usable[c.code].push_back(&c);
        auto trusted = [&](const std::string& code) -> const PassedCourse* {
            auto it = usable.find(code);
            return it == usable.end() ? nullptr : trusted_within(it->second, 0, 0);
        };
        int english_req = -1;
        for (std::size_t r = 0; r < plan.required.size(); ++r)
            if (plan.required[r].code == kEnglishTwo) english_req = static_cast<int>(r);
        std::set<std::string> consumed;
        if (!english.empty() && english_req >= 0) {
            int credits = 0;
            std::set<std::string> seen;
            bool ok = true;
            for (const std::string& code : english) {
                const PassedCourse* c = trusted(code);
                if (code == kEnglishTwo || !seen.insert(code).second || !c) {
                    ok = false;
                    continue;
                }
                credits += c->credits;
            }
            ok = ok && credits >= kEnglishReplacementMinCredits;
            english_problem = !ok;
            const PassedCourse* own = trusted(kEnglishTwo);
            if (ok && !(own && !prov(*own))) {
                consumed = seen;
                req_taken[static_cast<std::size_t>(english_req)] = 1;
                for (const std::string& code : seen) provisional += prov(*trusted(code)) ? 1 : 0;
                provisional = provisional > 0 ? 1 : 0;
            }
        }
        for (const auto& [code, passes] : usable) {
            if (consumed.count(code)) continue;
            const PassedCourse& own = *trusted(code);
            std::vector<Use> opts;
            for (std::size_t r = 0; r < plan.required.size(); ++r) {
                if (req_taken[r]) continue;
                // The least provisional way in.
                std::optional<bool> way;
                if (plan.required[r].code == code) way = prov(own);
                for (const SubstitutionRule& rule : rules) {
                    if (!applies_here(rule, plan) || rule.new_codes[0] != code || rule.old_codes[0] != plan.required[r].code)
                        continue;
                    const PassedCourse* in = trusted_within(passes, rule.valid_from, rule.valid_to);
                    if (in && (!way || (*way && !prov(*in)))) way = prov(*in);
                }
                if (way) opts.push_back({static_cast<int>(r), -1, "", 0, *way});
            }
            for (std::size_t g = 0; g < plan.electives.size(); ++g) {
                const ElectiveGroup& grp = plan.electives[g];
                for (std::size_t i = 0; i < grp.course_codes.size(); ++i) {
                    const std::string& listed = grp.course_codes[i];
                    if (std::find(grp.course_codes.begin(), grp.course_codes.begin() + static_cast<std::ptrdiff_t>(i),
                                  listed) != grp.course_codes.begin() + static_cast<std::ptrdiff_t>(i))
                        continue;
                    if (listed == code) opts.push_back({-1, static_cast<int>(g), listed, std::max(0, own.credits), prov(own)});
                    for (const SubstitutionRule& rule : rules) {
                        if (!applies_here(rule, plan) || rule.new_codes[0] != code || rule.old_codes[0] != listed) continue;
                        const PassedCourse* in = trusted_within(passes, rule.valid_from, rule.valid_to);
                        if (!in) continue;
                        const int credits = i < grp.course_credits.size() ? grp.course_credits[i] : std::max(0, in->credits);
                        opts.push_back({-1, static_cast<int>(g), listed, credits, prov(*in)});
                    }
                }
            }
            if (!opts.empty()) options.push_back(opts);
        }
    }

    void leaf() {
        int unmet = 0, unmet_credits = 0, met_credits = 0, group_unmet = 0, group_short = 0, group_total = 0;
        for (std::size_t r = 0; r < plan.required.size(); ++r) {
            if (req_taken[r]) {
                met_credits += plan.required[r].credits;
            } else {
                ++unmet;
                unmet_credits += plan.required[r].credits;
            }
        }
        for (std::size_t g = 0; g < plan.electives.size(); ++g) {
            const ElectiveGroup& grp = plan.electives[g];
            if (group_count[g] < grp.min_count || group_credits[g] < grp.min_credits) ++group_unmet;
            group_short += std::max(0, grp.min_credits - group_credits[g]);
            group_total += group_credits[g];
        }
        Best b;
        b.missing_count = unmet + group_unmet;
        b.missing_credits =
            std::max(unmet_credits + group_short, std::max(0, plan.min_total_credits - met_credits - group_total));
        b.provisional = provisional;
        if (b < best) best = b;
    }

    void walk(std::size_t i) {
        if (i == options.size()) return leaf();
        walk(i + 1);  // unused
        for (const Use& u : options[i]) {
            const int p = u.provisional ? 1 : 0;
            if (u.req >= 0) {
                if (req_taken[static_cast<std::size_t>(u.req)]) continue;
                req_taken[static_cast<std::size_t>(u.req)] = 1;
                provisional += p;
                walk(i + 1);
                provisional -= p;
                req_taken[static_cast<std::size_t>(u.req)] = 0;
            } else {
                if (!places.insert({u.group, u.place}).second) continue;
                const auto g = static_cast<std::size_t>(u.group);
                ++group_count[g];
                group_credits[g] += u.credits;
                provisional += p;
                walk(i + 1);
                provisional -= p;
                --group_count[g];
                group_credits[g] -= u.credits;
                places.erase({u.group, u.place});
            }
        }
    }

    Best solve() {
        walk(0);
        return best;
    }
};

// --- Checks -----------------------------------------------------------------------------


// The transcript entry the audit must use for a code: none if any entry of the code served
// an earlier graduation, else the documented preference (non-provisional, exam before
// exemption before certificate, earliest, first listed).
const PassedCourse* usable_entry(const Instance& in, const std::string& code) {
    const PassedCourse* found = nullptr;
    auto key = [](const PassedCourse& p) {
        const bool prov = p.source == Source::OldPlanCertificate && !p.verified;
        return std::make_tuple(prov, static_cast<int>(p.source), p.passed_on);
    };
    for (const PassedCourse& p : in.passed) {
        if (p.code != code) continue;
        if (p.used_by_earlier_graduation) return nullptr;
        if (!found || key(p) < key(*found)) found = &p;
    }
    return found;
}

// The pass of `code` on `date`, or nullptr.
const PassedCourse* pass_of(const Instance& in, const std::string& code, int date) {
    for (const PassedCourse& p : in.passed)
        if (p.code == code && p.passed_on == date) return &p;
    return nullptr;
}

// `code`, passed on `date`, may stand in for `old` by the 一对一 rule `rule_id` of this major.
bool one_to_one_holds(const Instance& in, const std::string& rule_id, const std::string& code, const std::string& old,
                      int date) {
    if (!pass_of(in, code, date)) return false;
    for (const SubstitutionRule& rule : in.rules)
        if (rule.id == rule_id && applies_here(rule, in.plan) && rule.new_codes[0] == code && rule.old_codes[0] == old &&
            (!rule.valid_from || date >= rule.valid_from) && (!rule.valid_to || date <= rule.valid_to))
            return true;
    return false;
}

// Properties 1 and 2: uniqueness and soundness of every claim in the verdict.
void check_sound(const Instance& in, const Result& r) {
    std::map<std::string, std::string> used;  // code -> where
    auto use = [&](const std::string& code, const std::string& where) {
        auto [it, inserted] = used.emplace(code, where);
        CPPUNIT_ASSERT_MESSAGE("course " + code + " used twice: " + it->second + " and " + where,
                               inserted || it->second == where);
        CPPUNIT_ASSERT_MESSAGE("course " + code + " is not a usable pass", usable_entry(in, code) != nullptr);
    };
    CPPUNIT_ASSERT_EQUAL(in.plan.required.size(), r.required.size());
    int met_credits = 0, unmet = 0;
    bool any_provisional = false;
    for (std::size_t i = 0; i < r.required.size(); ++i) {
        const RequirementResult& rr = r.required[i];
        const RequiredCourse& req = in.plan.required[i];
        CPPUNIT_ASSERT_EQUAL(req.code, rr.code);
        if (rr.how == How::Missing) {
            CPPUNIT_ASSERT(rr.by_codes.empty());
            ++unmet;
            continue;
        }
        met_credits += req.credits;
        CPPUNIT_ASSERT(!rr.by_codes.empty());
        any_provisional = any_provisional || rr.provisional;
        switch (rr.how) {
            case How::Direct:
            case How::Exemption:
            case How::Certificate: {
                CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rr.by_codes.size());
                CPPUNIT_ASSERT_EQUAL(req.code, rr.by_codes[0]);
                const PassedCourse* p = usable_entry(in, req.code);
                CPPUNIT_ASSERT(p);
                const bool prov = p->source == Source::OldPlanCertificate && !p->verified;
                CPPUNIT_ASSERT_EQUAL(prov, rr.how == How::Certificate);
                CPPUNIT_ASSERT_EQUAL(prov, rr.provisional);
                use(rr.by_codes[0], "required " + req.code);
                break;
            }
            case How::AutomaticSubstitution: {
                CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rr.by_codes.size());
                const PassedCourse* p = usable_entry(in, rr.by_codes[0]);
                CPPUNIT_ASSERT(p);
                CPPUNIT_ASSERT_MESSAGE("unsound substitution for " + req.code,
                                       one_to_one_holds(in, rr.rule_id, rr.by_codes[0], req.code, rr.passed_on));
                CPPUNIT_ASSERT_EQUAL("(顶替课程-" + p->code + p->name + ")", rr.note);
                use(rr.by_codes[0], "required " + req.code);
                break;
            }
            case How::ChosenSubstitution: {
                CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rr.by_codes.size());
                bool chosen = false;
                for (const ChosenSubstitution& cs : in.choices.substitutions)
                    chosen = chosen || (cs.rule_id == rr.rule_id && cs.new_code == rr.by_codes[0] &&
                                        std::find(cs.old_codes.begin(), cs.old_codes.end(), req.code) != cs.old_codes.end());
                CPPUNIT_ASSERT_MESSAGE("substitution not chosen for " + req.code, chosen);
                use(rr.by_codes[0], "rule " + rr.rule_id);  // one course may replace several codes of its rule
                break;
            }
            case How::EnglishReplacement: {
                CPPUNIT_ASSERT_EQUAL(std::string(kEnglishTwo), req.code);
                int credits = 0;
                for (const std::string& code : rr.by_codes) {
                    CPPUNIT_ASSERT(code != kEnglishTwo);
                    CPPUNIT_ASSERT(std::find(in.choices.english_replacement.begin(), in.choices.english_replacement.end(),
                                             code) != in.choices.english_replacement.end());
                    const PassedCourse* p = usable_entry(in, code);
                    CPPUNIT_ASSERT(p);
                    credits += p->credits;
                    use(code, "english");
                }
                CPPUNIT_ASSERT(credits >= kEnglishReplacementMinCredits);
                break;
            }
            case How::Missing: break;
        }
    }
    int group_credits = 0, unmet_groups = 0;
    CPPUNIT_ASSERT_EQUAL(in.plan.electives.size(), r.groups.size());
    for (std::size_t g = 0; g < r.groups.size(); ++g) {
        const GroupResult& gr = r.groups[g];
        const ElectiveGroup& grp = in.plan.electives[g];
        int credits = 0;
        CPPUNIT_ASSERT_EQUAL(gr.by_codes.size(), gr.uses.size());
        std::set<std::string> places;  // each listed course counts once
        for (std::size_t u = 0; u < gr.uses.size(); ++u) {
            const GroupUse& gu = gr.uses[u];
            CPPUNIT_ASSERT_EQUAL(gu.code, gr.by_codes[u]);
            const PassedCourse* p = usable_entry(in, gu.code);
            CPPUNIT_ASSERT(p);
            const std::string place = gu.for_code.empty() ? gu.code : gu.for_code;
            auto listed = std::find(grp.course_codes.begin(), grp.course_codes.end(), place);
            CPPUNIT_ASSERT_MESSAGE(place + " not listed in " + grp.id, listed != grp.course_codes.end());
            CPPUNIT_ASSERT_MESSAGE(place + " counted twice in " + grp.id, places.insert(place).second);
            const auto at = static_cast<std::size_t>(listed - grp.course_codes.begin());
            const PassedCourse* used_pass = pass_of(in, gu.code, gu.passed_on);
            CPPUNIT_ASSERT(used_pass);
            switch (gu.how) {
                case How::Direct:
                case How::Exemption:
                case How::Certificate:
                    CPPUNIT_ASSERT(gu.for_code.empty());
                    CPPUNIT_ASSERT_EQUAL(std::max(0, p->credits), gu.credits);
                    CPPUNIT_ASSERT_EQUAL(prov(*p), gu.provisional);
                    use(gu.code, "group " + grp.id);
                    break;
                case How::AutomaticSubstitution:
                    CPPUNIT_ASSERT_MESSAGE("unsound substitution in " + grp.id,
                                           one_to_one_holds(in, gu.rule_id, gu.code, gu.for_code, gu.passed_on));
                    CPPUNIT_ASSERT_EQUAL(at < grp.course_credits.size() ? grp.course_credits[at] : std::max(0, used_pass->credits),
                                         gu.credits);
                    CPPUNIT_ASSERT_EQUAL(prov(*used_pass), gu.provisional);
                    use(gu.code, "group " + grp.id);
                    break;
                case How::ChosenSubstitution: {
                    bool chosen = false;
                    for (const ChosenSubstitution& cs : in.choices.substitutions)
                        chosen = chosen || (cs.rule_id == gu.rule_id && cs.new_code == gu.code &&
                                            std::find(cs.old_codes.begin(), cs.old_codes.end(), gu.for_code) !=
                                                cs.old_codes.end());
                    CPPUNIT_ASSERT_MESSAGE("stand-in not chosen in " + grp.id, chosen);
                    CPPUNIT_ASSERT_EQUAL(at < grp.course_credits.size() ? grp.course_credits[at] : std::max(0, used_pass->credits),
                                         gu.credits);
                    use(gu.code, "rule " + gu.rule_id);
                    break;
                }
                default: CPPUNIT_FAIL("a group use must be a course or a substitute");
            }
            credits += gu.credits;
            any_provisional = any_provisional || gu.provisional;
        }
        CPPUNIT_ASSERT_EQUAL(credits, gr.credits);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(gr.by_codes.size()), gr.count);
        CPPUNIT_ASSERT_EQUAL(gr.count >= grp.min_count && gr.credits >= grp.min_credits, gr.satisfied);
        group_credits += credits;
        unmet_groups += gr.satisfied ? 0 : 1;
    }
    CPPUNIT_ASSERT_EQUAL(met_credits + group_credits, r.credits_used);
    CPPUNIT_ASSERT_EQUAL(unmet + unmet_groups, r.missing_count);

    // Used and unused courses are disjoint and together are every usable pass.
    std::set<std::string> usable;
    for (const PassedCourse& p : in.passed)
        if (usable_entry(in, p.code)) usable.insert(p.code);
    CPPUNIT_ASSERT(std::is_sorted(r.unused_codes.begin(), r.unused_codes.end()));
    std::set<std::string> all(r.unused_codes.begin(), r.unused_codes.end());
    CPPUNIT_ASSERT_EQUAL(r.unused_codes.size(), all.size());
    for (const auto& [code, where] : used) CPPUNIT_ASSERT_MESSAGE(code + " both used and unused", all.insert(code).second);
    CPPUNIT_ASSERT(all == usable);

    // Every text is the one place's text of its code (messages.cpp).
    CPPUNIT_ASSERT_EQUAL(r.reasons.size(), r.reason_codes.size());
    for (std::size_t i = 0; i < r.reasons.size(); ++i) CPPUNIT_ASSERT_EQUAL(r.reasons[i], reason_text(r.reason_codes[i]));
    for (const ChoiceProblem& p : r.problems) CPPUNIT_ASSERT_EQUAL(p.message, problem_text(p.problem, p.args));

    if (r.eligible) {
        CPPUNIT_ASSERT_EQUAL(0, unmet);
        CPPUNIT_ASSERT_EQUAL(0, unmet_groups);
        CPPUNIT_ASSERT(r.credits_used >= in.plan.min_total_credits);
        CPPUNIT_ASSERT(r.problems.empty());
        CPPUNIT_ASSERT_EQUAL(0, r.missing_credits);
        CPPUNIT_ASSERT_EQUAL(any_provisional, r.provisional);
        CPPUNIT_ASSERT(r.reasons.at(0).rfind("符合毕业条件", 0) == 0);
    } else {
        CPPUNIT_ASSERT(!r.provisional);
        CPPUNIT_ASSERT(unmet + unmet_groups > 0 || r.credits_used < in.plan.min_total_credits || !r.problems.empty());
        CPPUNIT_ASSERT(!r.reasons.empty());
    }
}

bool same(const Result& a, const Result& b) {
    if (a.eligible != b.eligible || a.provisional != b.provisional || a.credits_used != b.credits_used ||
        a.min_total_credits != b.min_total_credits || a.missing_count != b.missing_count ||
        a.missing_credits != b.missing_credits || a.unused_codes != b.unused_codes || a.reasons != b.reasons ||
        a.reason_codes != b.reason_codes ||
        a.required.size() != b.required.size() || a.groups.size() != b.groups.size() ||
        a.problems.size() != b.problems.size())
        return false;
    for (std::size_t i = 0; i < a.required.size(); ++i) {
        const RequirementResult &x = a.required[i], &y = b.required[i];
        if (x.code != y.code || x.how != y.how || x.by_codes != y.by_codes || x.rule_id != y.rule_id ||
            x.provisional != y.provisional || x.note != y.note || x.credits != y.credits)
            return false;
    }
    for (std::size_t i = 0; i < a.groups.size(); ++i)
        if (a.groups[i].by_codes != b.groups[i].by_codes || a.groups[i].satisfied != b.groups[i].satisfied) return false;
    for (std::size_t i = 0; i < a.problems.size(); ++i)
        if (a.problems[i].what != b.problems[i].what || a.problems[i].code != b.problems[i].code ||
            a.problems[i].message != b.problems[i].message || a.problems[i].problem != b.problems[i].problem ||
            a.problems[i].args != b.problems[i].args)
            return false;
    return true;
}

// Exhaustive AUD-6 suggestion: every subset of the candidates, checked with the
// exhaustive solver on the plan without 00015.
std::optional<std::vector<std::string>> brute_suggestion(const Instance& in) {
    Plan rest = in.plan;
    int english_credits = -1;
    for (auto it = rest.required.begin(); it != rest.required.end(); ++it)
        if (it->code == kEnglishTwo) {
            english_credits = it->credits;
            rest.required.erase(it);
            break;
        }
    if (english_credits < 0) return std::nullopt;
    rest.min_total_credits -= english_credits;
    std::vector<const PassedCourse*> cands;
    for (const PassedCourse& p : in.passed)
        if (p.code != kEnglishTwo && !p.used_by_earlier_graduation && p.credits > 0) cands.push_back(&p);
    std::sort(cands.begin(), cands.end(), [](auto* a, auto* b) { return a->code < b->code; });
    std::optional<std::vector<std::string>> best;
    int best_excess = 0;
    const unsigned n = static_cast<unsigned>(cands.size());
    for (unsigned mask = 1; mask < (1U << n); ++mask) {
        std::vector<std::string> set;
        int credits = 0;
        std::vector<PassedCourse> left;
        for (unsigned i = 0; i < n; ++i) {
            if (mask & (1U << i)) {
                set.push_back(cands[i]->code);
                credits += cands[i]->credits;
            }
        }
        if (credits < kEnglishReplacementMinCredits) continue;
        const int excess = credits - kEnglishReplacementMinCredits;
        if (best && (excess > best_excess || (excess == best_excess && set.size() > best->size()) ||
                     (excess == best_excess && set.size() == best->size() && set > *best)))
            continue;
        for (const PassedCourse& p : in.passed)
            if (std::find(set.begin(), set.end(), p.code) == set.end()) left.push_back(p);
        Brute bf(rest, left, in.rules, {});
        const Best b = bf.solve();
        if (b.missing_count != 0 || b.missing_credits != 0) continue;
        best = set;
        best_excess = excess;
    }
    return best;
}

}  // namespace

class EligibilityPropertyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EligibilityPropertyTest);
    CPPUNIT_TEST(testSoundAndUniqueOnLargeInstances);
    CPPUNIT_TEST(testSoundWithChoicesAndDuplicates);
    CPPUNIT_TEST(testCompleteAgainstExhaustiveSolver);
    CPPUNIT_TEST(testSuggestionAgainstExhaustiveSearch);
    CPPUNIT_TEST(testDeterministic);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSoundAndUniqueOnLargeInstances() {
        std::mt19937 rng(20250101);
        const Shape shape{20, 14, 24, 3, false, false};
        for (int i = 0; i < 1000; ++i) {
            const Instance in = random_instance(rng, shape);
            check_sound(in, run(in.plan, in.passed, in.rules, in.choices));
        }
    }

    void testSoundWithChoicesAndDuplicates() {
        std::mt19937 rng(7);
        const Shape shape{10, 8, 12, 2, true, true};
        int eligible = 0, problems = 0, chosen = 0;
        for (int i = 0; i < 1500; ++i) {
            const Instance in = random_instance(rng, shape);
            const Result r = run(in.plan, in.passed, in.rules, in.choices);
            check_sound(in, r);
            eligible += r.eligible ? 1 : 0;
            problems += r.problems.empty() ? 0 : 1;
            for (const RequirementResult& rr : r.required) chosen += rr.how == How::ChosenSubstitution ? 1 : 0;
        }
        // The generator must actually reach the interesting cases.
        CPPUNIT_ASSERT(eligible > 20);
        CPPUNIT_ASSERT(problems > 300);
        CPPUNIT_ASSERT(chosen > 30);
    }

    void testCompleteAgainstExhaustiveSolver() {
        std::mt19937 rng(42);
        const Shape shape{9, 8, 9, 2, false, true};
        int full = 0, english = 0;
        for (int i = 0; i < 2000; ++i) {
            Instance in = random_instance(rng, shape);
            if (i % 2 == 0) complete_transcript(in, rng, 70);
            Brute bf(in.plan, in.passed, in.rules, in.choices.english_replacement);
            const Best best = bf.solve();
            const Result r = run(in.plan, in.passed, in.rules, in.choices);
            check_sound(in, r);
            const std::string ctx = "instance " + std::to_string(i);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, best.missing_count, r.missing_count);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, best.missing_credits, r.missing_credits);
            const bool can_graduate = best.missing_count == 0 && best.missing_credits == 0 && !bf.english_problem;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, can_graduate, r.eligible);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, bf.english_problem, !r.problems.empty());
            if (can_graduate) CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, best.provisional > 0, r.provisional);
            full += can_graduate ? 1 : 0;
            english += in.choices.english_replacement.empty() || bf.english_problem ? 0 : 1;
        }
        CPPUNIT_ASSERT(full > 100);
        CPPUNIT_ASSERT(english > 20);
    }

    void testSuggestionAgainstExhaustiveSearch() {
        std::mt19937 rng(99);
        const Shape shape{8, 6, 9, 1, false, false};
        int found = 0, tried = 0;
        for (int i = 0; i < 3000 && tried < 250; ++i) {
            Instance in = random_instance(rng, shape);
            if (std::none_of(in.plan.required.begin(), in.plan.required.end(),
                             [](const RequiredCourse& r) { return r.code == kEnglishTwo; }))
                continue;
            ++tried;
            in.choices = {};
            // Mostly-complete transcripts, so that suggestions exist often enough to compare.
            complete_transcript(in, rng, 85);
            const auto expected = brute_suggestion(in);
            const auto got = suggest_english_replacement(in.plan, in.passed, in.rules, in.choices);
            CPPUNIT_ASSERT_EQUAL_MESSAGE("instance " + std::to_string(i), expected.has_value(), got.has_value());
            if (!got) continue;
            ++found;
            CPPUNIT_ASSERT_MESSAGE("instance " + std::to_string(i), *expected == *got);
            // The suggestion, once chosen, keeps the rest of the plan met.
            Choices ch;
            ch.english_replacement = *got;
            const Result r = run(in.plan, in.passed, in.rules, ch);
            CPPUNIT_ASSERT(r.problems.empty());
            for (const RequirementResult& rr : r.required)
                if (rr.code != kEnglishTwo) CPPUNIT_ASSERT(rr.how != How::Missing);
        }
        CPPUNIT_ASSERT(tried >= 200);
        CPPUNIT_ASSERT(found > 20);
    }

    void testDeterministic() {
        std::mt19937 rng(12345);
        const Shape shape{12, 10, 16, 3, true, true};
        for (int i = 0; i < 600; ++i) {
            const Instance in = random_instance(rng, shape);
            const Result a = run(in.plan, in.passed, in.rules, in.choices);
            const Result b = run(in.plan, in.passed, in.rules, in.choices);
            const Auditor auditor(in.plan, in.rules);
            const Result c = auditor.run(in.passed, in.choices);
            CPPUNIT_ASSERT(same(a, b));
            CPPUNIT_ASSERT(same(a, c));
            CPPUNIT_ASSERT(same(a, auditor.run(in.passed, in.choices)));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EligibilityPropertyTest);
