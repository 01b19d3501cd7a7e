// engine.cpp: the graduation audit (AUD-1 … AUD-7) behind engine.hpp and auditor.hpp.
// Trusts only its arguments: plans, rules, transcripts and choices may be inconsistent or
// hostile (unknown codes, duplicate entries, rules of other majors), and every such case
// yields a not-eligible verdict with a reason rather than a wrong "eligible".
// Problems, reason lines and requirement notes are emitted as codes with parameters
// (messages.hpp); their Chinese text is written only in messages.cpp.
//
// How a verdict is reached:
//  1. The transcript is grouped by course code, the passes of a code in order of trust
//     (non-provisional, exam before exemption before certificate, earliest). A course
//     counts once; each way of using it takes its most trusted pass that qualifies (for a
//     substitution: the first inside the rule's validity window). Codes of which any pass
//     served an earlier graduation are dropped entirely (AUD-3).
//  2. The examinee's choices (一门顶多门 / 任选一门 substitutions, the 英语(二) set) are
//     validated; valid ones are binding: their courses are consumed, the requirements they
//     name are met, and the elective courses they name become "stand-ins" that the group
//     search places like passed courses. Invalid ones become ChoiceProblems and are
//     otherwise ignored; choices that do not concern this plan (a rule of other majors,
//     old courses the plan does not list, an 英语(二) set for a plan without 00015) are
//     ignored with a note.
//  3. The remaining requirements are matched to the remaining passed courses (direct
//     pass, exemption, certificate, automatic 一对一 substitution) by a minimum-cost
//     assignment per connected component, so that the number of unmet requirements, then
//     their credits, then provisional certificates, then substitutions are least.
//  4. Elective groups are made of slots, one per listed course; a slot is filled by the
//     course itself or by a substitute standing in for it (一对一, or a chosen stand-in),
//     with that course's credits. An item (a passed course or a stand-in) whose only use
//     is one slot nobody else can fill simply joins it. Items also wanted by a requirement
//     ("shared") or competing for a slot are branched exhaustively (to the requirements,
//     to one of their slots, or nowhere), the required side re-solved for each set
//     withheld, under a lexicographic bound. The remaining items (several groups, or
//     provisional) are settled by a search memoised on the group state capped at the
//     groups' and the total's minimums.
// The score minimised overall is (missing_count, missing_credits, provisional, substitutions),
// so an assignment meeting everything is found whenever one exists, preferring one that
// needs no unverified certificate. The search is exponential only in the shared and
// competing items and in items listed by several groups — a handful at most in real plans.
#include "common/domain/eligibility/engine.hpp"

#include "common/domain/eligibility/assignment.hpp"
#include "common/domain/eligibility/auditor.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zk::eligibility {

namespace {

// Weights that make one integer cost compare like the tuple (unmet, credits, provisional,
// substitutions): each level outweighs any possible total of the levels below it. They
// assume fewer than 1024 requirements and provisional uses and 2^20 credits per component,
// far beyond any plan; kNoEdge exceeds any assignment that leaves every row unmet.
constexpr std::int64_t kUnmetWeight = std::int64_t{1} << 40;
constexpr std::int64_t kCreditWeight = std::int64_t{1} << 20;
constexpr std::int64_t kProvisionalWeight = std::int64_t{1} << 10;
constexpr std::int64_t kSubstitutionWeight = 1;
constexpr std::int64_t kNoEdge = std::int64_t{1} << 50;

// Withheld shared courses are tracked as bits of one word. A transcript with more courses
// that are both a requirement's candidate and in an elective list than this keeps the
// extra ones on the required side: never a wrong "eligible", at worst a missed elective use.
constexpr int kMaxSharedCourses = 64;

enum class TargetKind : std::uint8_t { Direct, OneToOne, Slot };

// What a passed course with a given code could be used for in this plan.
struct Target {
    TargetKind kind;
    int index;  // requirement (Direct, OneToOne) or slot (Slot)
    int rule;   // index into Compiled::rules for a 一对一 substitution, else -1
};

// One listed course of one elective group.
struct Slot {
    int group;
    std::string code;
    int credits;  // the plan's credits of the course; -1 when the plan does not say
};

bool rule_applies(const SubstitutionRule& rule, const std::string& major) {
    return rule.majors.empty() || std::find(rule.majors.begin(), rule.majors.end(), major) != rule.majors.end();
}

bool within(int date, int from, int to) { return (from == 0 || date >= from) && (to == 0 || date <= to); }

bool is_provisional(const PassedCourse& p) { return p.source == Source::OldPlanCertificate && !p.verified; }

How own_how(const PassedCourse& p) {
    if (p.source == Source::Exemption) return How::Exemption;
    if (is_provisional(p)) return How::Certificate;
    return How::Direct;  // a verified certificate is as good as an exam pass
}

int source_rank(Source s) {
    switch (s) {
        case Source::Exam: return 0;
        case Source::Exemption: return 1;
        case Source::OldPlanCertificate: return 2;
    }
    return 3;
}

ReasonCode missing_code(RequirementKind k) {
    switch (k) {
        case RequirementKind::Required: return ReasonCode::MissingRequired;
        case RequirementKind::Thesis: return ReasonCode::MissingThesis;
        case RequirementKind::Practice: return ReasonCode::MissingPractice;
    }
    return ReasonCode::MissingRequired;
}

// Every reason line goes through here, so the text and its code never disagree.
void add_reason(Result& res, Reason reason) {
    res.reasons.push_back(reason_text(reason));
    res.reason_codes.push_back(std::move(reason));
}

// The transcript grouped by code: `order` holds transcript indices, grouped by code (in
// code order) and, within a code, most trusted pass first; each course covers
// order[begin, end). A code of which any pass served an earlier graduation is spent as a
// whole, because the earlier graduation consumed the course, not one sitting of it.
struct DistinctCourse {
    int begin, end;
    bool earlier;  // spent by an earlier graduation
};
struct Transcript {
    std::vector<int> order;
    std::vector<DistinctCourse> courses;
};

Transcript distinct_courses(const std::vector<PassedCourse>& passed, const std::vector<char>* hidden) {
    Transcript t;
    t.order.reserve(passed.size());
    for (std::size_t i = 0; i < passed.size(); ++i) {
        if (passed[i].code.empty()) continue;
        if (hidden && (*hidden)[i]) continue;
        t.order.push_back(static_cast<int>(i));
    }
    std::sort(t.order.begin(), t.order.end(), [&](int a, int b) {
        const PassedCourse& x = passed[static_cast<std::size_t>(a)];
        const PassedCourse& y = passed[static_cast<std::size_t>(b)];
        if (int c = x.code.compare(y.code); c != 0) return c < 0;
        const auto kx = std::make_tuple(is_provisional(x), source_rank(x.source), x.passed_on, a);
        const auto ky = std::make_tuple(is_provisional(y), source_rank(y.source), y.passed_on, b);
        return kx < ky;
    });
    t.courses.reserve(t.order.size());
    for (std::size_t i = 0; i < t.order.size();) {
        const std::string& code = passed[static_cast<std::size_t>(t.order[i])].code;
        bool earlier = false;
        std::size_t j = i;
        for (; j < t.order.size() && passed[static_cast<std::size_t>(t.order[j])].code == code; ++j)
            earlier = earlier || passed[static_cast<std::size_t>(t.order[j])].used_by_earlier_graduation;
        t.courses.push_back({static_cast<int>(i), static_cast<int>(j), earlier});
        i = j;
    }
    return t;
}

// What the elective groups contribute to a Score.
struct GroupValue {
    int unmet = 0;
    int gap = 0;  // credits: max(short in groups, short in the total beyond the required side)
    int provisional = 0;
    auto operator<=>(const GroupValue&) const = default;
};

struct KeyHash {
    std::size_t operator()(const std::vector<int>& key) const noexcept {
        std::uint64_t h = 1469598103934665603ULL;  // FNV-1a over the ints
        for (int v : key) h = (h ^ static_cast<std::uint32_t>(v)) * 1099511628211ULL;
        return static_cast<std::size_t>(h);
    }
};

struct Score {
    int missing_count = 0;
    int missing_credits = 0;
    int provisional = 0;
    int substitutions = 0;
    auto operator<=>(const Score&) const = default;
};

}  // namespace

struct Auditor::Compiled {
    Plan plan;
    std::vector<SubstitutionRule> rules;                            // those applying to this major
    std::unordered_map<std::string, int> rule_by_id;                // into rules
    std::vector<std::string> other_major_ids;                       // only to explain a misapplied choice
    std::unordered_map<std::string, std::vector<Target>> targets;   // by passed course code
    std::unordered_map<std::string, std::vector<int>> reqs_by_code;
    std::vector<Slot> slots;
    std::unordered_map<std::string, std::vector<int>> slots_by_code;  // by the group's course code
    std::vector<int> req_credits;                                   // clamped at 0
    int required_credits = 0;
    int english = -1;                                               // the 00015 requirement
};

namespace {

using Compiled = Auditor::Compiled;

std::shared_ptr<const Compiled> compile(const Plan& plan, const std::vector<SubstitutionRule>& rules) {
    auto c = std::make_shared<Compiled>();
    c->plan = plan;
    const int nreq = static_cast<int>(plan.required.size());
    c->req_credits.resize(plan.required.size());
    for (int r = 0; r < nreq; ++r) {
        const RequiredCourse& req = plan.required[static_cast<std::size_t>(r)];
        c->req_credits[static_cast<std::size_t>(r)] = std::max(0, req.credits);
        c->required_credits += c->req_credits[static_cast<std::size_t>(r)];
        c->reqs_by_code[req.code].push_back(r);
        c->targets[req.code].push_back({TargetKind::Direct, r, -1});
        if (req.code == kEnglishTwo && c->english < 0) c->english = r;
    }
    for (std::size_t g = 0; g < plan.electives.size(); ++g) {
        const ElectiveGroup& group = plan.electives[g];
        for (std::size_t i = 0; i < group.course_codes.size(); ++i) {
            const std::string& code = group.course_codes[i];
            // A code listed twice in one group is still one course.
            if (std::find(group.course_codes.begin(), group.course_codes.begin() + static_cast<std::ptrdiff_t>(i), code) !=
                group.course_codes.begin() + static_cast<std::ptrdiff_t>(i))
                continue;
            const int credits = i < group.course_credits.size() ? std::max(0, group.course_credits[i]) : -1;
            const int slot = static_cast<int>(c->slots.size());
            c->slots.push_back({static_cast<int>(g), code, credits});
            c->slots_by_code[code].push_back(slot);
            c->targets[code].push_back({TargetKind::Slot, slot, -1});
        }
    }
    for (const SubstitutionRule& rule : rules) {
        if (!rule_applies(rule, plan.major_code)) {
            // A plain list: a province holds many rules, and misapplied choices are rare.
            c->other_major_ids.push_back(rule.id);
            continue;
        }
        const int idx = static_cast<int>(c->rules.size());
        c->rules.push_back(rule);
        if (!rule.id.empty()) c->rule_by_id.emplace(rule.id, idx);  // the first rule of this major wins
        if (rule.kind != RuleKind::OneToOne || rule.new_codes.empty() || rule.old_codes.empty()) continue;
        const std::string& old = rule.old_codes[0];
        std::vector<Target>& into = c->targets[rule.new_codes[0]];
        if (auto it = c->reqs_by_code.find(old); it != c->reqs_by_code.end())
            for (int r : it->second) into.push_back({TargetKind::OneToOne, r, idx});
        if (auto it = c->slots_by_code.find(old); it != c->slots_by_code.end())
            for (int s : it->second) into.push_back({TargetKind::Slot, s, idx});
    }
    return c;
}

struct Options {
    const std::vector<char>* hidden = nullptr;  // transcript entries to pretend absent
    int skip_req = -1;                          // a requirement met outside the audit (suggestion search)
    bool english = true;                        // honour choices.english_replacement
    bool feasibility_only = false;              // stop at the first assignment meeting everything
    bool advisory = false;                      // choice problems do not decide the verdict (what-if)
};

// A requirement met by the examinee's own choice.
struct FixedUse {
    How how;
    std::vector<int> courses;  // course indices, ascending (hence by code)
    int rule;                  // index into Compiled::rules, or -1
    bool provisional;
    const PassedCourse* pass;  // the pass used by a substitution; nullptr for the 英语(二) set
};

struct Course {
    const PassedCourse* pc;  // the most trusted pass
    int first, last;         // all its passes: pass_order_[first, last), most trusted first
    int credits;
    bool provisional;        // of pc
};

struct Edge {
    int req;
    int course;
    std::int64_t cost;
    int rule;  // -1: the course itself
    const PassedCourse* pass;
    bool provisional;
};

// One way an item can count in an elective group.
struct GroupOption {
    int group;
    int slot;
    int credits;
    int rule;  // -1: the course itself
    const PassedCourse* pass;
    bool provisional;
};

// Something the group search places: a passed course, or a chosen substitution's course
// standing in for one elective course (fixed >= 0).
struct Item {
    int course;
    int fixed;  // index into fixed_, or -1
    int first, last;  // its options: item_options_[first, last)
};

struct ReqSide {
    std::vector<int> edge;  // per requirement: index into edges, or -1
    int unmet = 0, unmet_credits = 0, provisional = 0, substitutions = 0;
};

struct Component {
    std::vector<int> reqs;
    std::vector<int> courses;
};

class Audit {
public:
    Audit(const Compiled& c, const std::vector<PassedCourse>& passed, const Choices& choices, Options opt)
        : c_(c), plan_(c.plan), passed_(passed), choices_(choices), opt_(opt) {}

    Score solve() {
        normalize();
        apply_choices();
        build_edges();
        build_items();
        build_components();
        search_groups();
        return best_;
    }

    // The verdict of the best assignment; only for audits without Options::skip_req.
    Result result() const;

private:
    int find_course(const std::string& code) const {
        auto it = std::lower_bound(courses_.begin(), courses_.end(), code,
                                   [](const Course& c, const std::string& k) { return c.pc->code < k; });
        if (it == courses_.end() || it->pc->code != code) return -1;
        return static_cast<int>(it - courses_.begin());
    }
    bool spent_earlier(const std::string& code) const {
        auto it = std::lower_bound(earlier_.begin(), earlier_.end(), code,
                                   [](const PassedCourse* p, const std::string& k) { return p->code < k; });
        return it != earlier_.end() && (*it)->code == code;
    }
    // The most trusted pass of course k inside [from, to] (0 = open), or nullptr.
    const PassedCourse* pass_within(int k, int from, int to) const {
        const Course& course = courses_[static_cast<std::size_t>(k)];
        for (int i = course.first; i < course.last; ++i) {
            const PassedCourse& p = passed_[static_cast<std::size_t>(pass_order_[static_cast<std::size_t>(i)])];
            if (within(p.passed_on, from, to)) return &p;
        }
        return nullptr;
    }
    const PassedCourse* pass_for(int k, int rule) const {
        if (rule < 0) return courses_[static_cast<std::size_t>(k)].pc;
        const SubstitutionRule& r = c_.rules[static_cast<std::size_t>(rule)];
        return pass_within(k, r.valid_from, r.valid_to);
    }
    bool open(int r) const { return fixed_of_req_[static_cast<std::size_t>(r)] < 0 && r != opt_.skip_req; }
    int bit_of(int item) const {
        const Item& it = items_[static_cast<std::size_t>(item)];
        if (it.fixed >= 0 || shared_bit_.empty()) return -1;
        return shared_bit_[static_cast<std::size_t>(it.course)];
    }
    const GroupOption& option(int o) const { return item_options_[static_cast<std::size_t>(o)]; }
    void join(const GroupOption& o, int sign) {
        count_[static_cast<std::size_t>(o.group)] += sign;
        credits_[static_cast<std::size_t>(o.group)] += sign * o.credits;
    }

    void normalize();
    void apply_choices();
    void apply_substitution(const ChosenSubstitution& cs);
    void apply_english();
    void build_edges();
    void build_items();
    void add_item(int course, int fixed, std::size_t options_from);
    void build_components();
    const ReqSide& required_side(std::uint64_t withheld);
    void solve_required(std::uint64_t withheld, ReqSide& out) const;
    void search_groups();
    void descend(std::size_t i, std::uint64_t withheld);
    void evaluate_leaf(std::uint64_t withheld);
    GroupValue suffix_value(std::size_t i);
    std::optional<Reason> need_of(int course, const Result& res, int total_short) const;
    void add_problem(const char* what, const std::string& code, ProblemCode problem,
                     std::vector<std::string> args = {}) {
        std::string message = problem_text(problem, args);
        problems_.push_back({what, code, std::move(message), problem, std::move(args)});
    }

    const Compiled& c_;
    const Plan& plan_;
    const std::vector<PassedCourse>& passed_;
    const Choices& choices_;
    Options opt_;

    std::vector<int> pass_order_;               // transcript indices, by code, most trusted first
    std::vector<Course> courses_;               // one per code, by code
    std::vector<const PassedCourse*> earlier_;  // spent codes, by code
    std::vector<ChoiceProblem> problems_;
    std::vector<Reason> notes_;
    std::vector<FixedUse> fixed_;
    std::vector<int> fixed_of_req_;  // per requirement: index into fixed_, or -1
    std::vector<char> consumed_;     // per course: taken by a choice
    std::vector<std::pair<int, std::string>> stand_ins_;  // (fixed use, elective course it stands in for)
    int fixed_provisional_ = 0;

    std::vector<Edge> edges_;
    std::vector<int> req_begin_, req_edges_;      // edges by requirement (CSR)
    std::vector<char> has_edge_;
    std::vector<Item> items_;
    std::vector<GroupOption> item_options_;
    std::vector<int> shared_bit_;                 // per course: bit in the withheld mask, or -1
    std::vector<int> comp_of_req_;                // -1: alone in its component
    std::vector<Component> comps_;
    std::vector<int> local_col_;                  // per course: column within its component

    // Elective search state.
    std::vector<int> decisions_;                  // items whose placement is searched
    std::size_t suffix_begin_ = 0;                // decisions before it are branched exhaustively
    int total_gap_ = 0;                           // min_total_credits - required credits
    std::unordered_map<std::vector<int>, GroupValue, KeyHash> suffix_memo_;
    Score floor_;
    bool floor_reachable_ = false;
    bool done_ = false;
    std::vector<int> option_begin_, options_;     // per decision: item option, or -1 (nowhere)
    std::vector<int> potential_count_, potential_credits_;  // per branched decision: what the undecided
                                                            // branched items could add to each group
    std::vector<int> count_, credits_;            // per group, current branch
    std::vector<char> slot_used_;                 // per slot, current branch (branched items only)
    int group_provisional_ = 0;
    std::vector<int> pick_;                       // per decision: chosen index into options_
    std::vector<int> base_option_;                // per item: the option it always takes, or -1
    std::unordered_map<std::uint64_t, ReqSide> req_cache_;  // by withheld mask; references stay valid

    Score best_{std::numeric_limits<int>::max(), 0, 0, 0};
    std::vector<int> best_pick_;
    std::uint64_t best_withheld_ = 0;
};

void Audit::normalize() {
    Transcript t = distinct_courses(passed_, opt_.hidden);
    pass_order_ = std::move(t.order);
    courses_.reserve(t.courses.size());
    for (const DistinctCourse& d : t.courses) {
        const PassedCourse& p = passed_[static_cast<std::size_t>(pass_order_[static_cast<std::size_t>(d.begin)])];
        if (d.earlier)
            earlier_.push_back(&p);
        else
            courses_.push_back({&p, d.begin, d.end, std::max(0, p.credits), is_provisional(p)});
    }
}

void Audit::apply_choices() {
    fixed_of_req_.assign(plan_.required.size(), -1);
    consumed_.assign(courses_.size(), 0);
    for (const ChosenSubstitution& cs : choices_.substitutions) apply_substitution(cs);
    if (opt_.english && !choices_.english_replacement.empty()) apply_english();
}

void Audit::apply_substitution(const ChosenSubstitution& cs) {
    const char* what = "substitution";
    auto found = c_.rule_by_id.find(cs.rule_id);
    if (found == c_.rule_by_id.end()) {
        if (std::find(c_.other_major_ids.begin(), c_.other_major_ids.end(), cs.rule_id) != c_.other_major_ids.end()) {
            notes_.push_back({ReasonCode::ChoiceNotForMajor, {cs.rule_id, cs.new_code}, std::nullopt});
            return;
        }
        return add_problem(what, cs.new_code, ProblemCode::RuleUnknown, {cs.rule_id});
    }
    const int rule_idx = found->second;
    const SubstitutionRule& rule = c_.rules[static_cast<std::size_t>(rule_idx)];
    if (rule.kind == RuleKind::OneToOne) return add_problem(what, cs.new_code, ProblemCode::OneToOneIsAutomatic);
    if (rule.new_codes.empty() || rule.old_codes.empty())
        return add_problem(what, cs.new_code, ProblemCode::RuleIncomplete, {cs.rule_id});
    const std::string& expected = rule.new_codes[0];
    if (cs.new_code != expected)
        return add_problem(what, cs.new_code, ProblemCode::NotTheRulesNewCourse, {cs.new_code, cs.rule_id, expected});
    if (spent_earlier(cs.new_code)) return add_problem(what, cs.new_code, ProblemCode::SpentEarlier, {cs.new_code});
    const int k = find_course(cs.new_code);
    if (k < 0) return add_problem(what, cs.new_code, ProblemCode::NewCourseNotPassed, {cs.new_code});
    const PassedCourse* use = pass_within(k, rule.valid_from, rule.valid_to);
    if (!use)
        return add_problem(what, cs.new_code, ProblemCode::OutsideValidity,
                           {cs.new_code, std::to_string(courses_[static_cast<std::size_t>(k)].pc->passed_on), cs.rule_id,
                            std::to_string(rule.valid_from), std::to_string(rule.valid_to)});
    if (consumed_[static_cast<std::size_t>(k)])
        return add_problem(what, cs.new_code, ProblemCode::NewCourseAlreadyUsed, {cs.new_code});

    if (rule.kind == RuleKind::OneForMany) {
        std::vector<std::string> want = rule.old_codes, got = cs.old_codes;
        std::sort(want.begin(), want.end());
        want.erase(std::unique(want.begin(), want.end()), want.end());
        std::sort(got.begin(), got.end());
        if (got != want) {
            std::vector<std::string> args{cs.rule_id};
            args.insert(args.end(), rule.old_codes.begin(), rule.old_codes.end());
            return add_problem(what, cs.new_code, ProblemCode::OneForManyNeedsAll, std::move(args));
        }
    } else {
        if (cs.old_codes.size() != 1)
            return add_problem(what, cs.new_code, ProblemCode::AnyOneOfNeedsOne, {cs.rule_id});
        if (std::find(rule.old_codes.begin(), rule.old_codes.end(), cs.old_codes[0]) == rule.old_codes.end()) {
            std::vector<std::string> args{cs.old_codes[0], cs.rule_id};
            args.insert(args.end(), rule.old_codes.begin(), rule.old_codes.end());
            return add_problem(what, cs.old_codes[0], ProblemCode::OldCourseNotInRule, std::move(args));
        }
    }
    // Each old code the plan lists as a requirement takes one of its open requirements (a
    // plan may list a code twice); one it lists only in elective groups gets a stand-in for
    // the group search; one it does not list concerns another major's plan.
    std::vector<int> reqs;
    std::vector<std::string> electives;
    for (const std::string& old : cs.old_codes) {
        if (auto it = c_.reqs_by_code.find(old); it != c_.reqs_by_code.end()) {
            int chosen = -1;
            for (int r : it->second)
                if (open(r) && std::find(reqs.begin(), reqs.end(), r) == reqs.end()) {
                    chosen = r;
                    break;
                }
            if (chosen < 0) return add_problem(what, old, ProblemCode::OldCourseAlreadyReplaced, {old});
            reqs.push_back(chosen);
        } else if (c_.slots_by_code.count(old)) {
            electives.push_back(old);
        }
    }
    if (reqs.empty() && electives.empty()) {
        notes_.push_back({ReasonCode::ChoiceNotForMajor, {cs.rule_id, cs.new_code}, std::nullopt});
        return;
    }
    const int f = static_cast<int>(fixed_.size());
    const bool prov = is_provisional(*use);
    fixed_.push_back({How::ChosenSubstitution, {k}, rule_idx, prov, use});
    fixed_provisional_ += prov ? 1 : 0;
    consumed_[static_cast<std::size_t>(k)] = 1;
    for (int r : reqs) fixed_of_req_[static_cast<std::size_t>(r)] = f;
    for (std::string& old : electives) stand_ins_.emplace_back(f, std::move(old));
}

void Audit::apply_english() {
    const char* what = "english";
    const std::size_t before = problems_.size();
    if (c_.english < 0) {
        notes_.push_back({ReasonCode::EnglishNotForMajor, {}, std::nullopt});
        return;
    }
    std::vector<int> set;
    std::vector<const std::string*> seen;
    int total = 0;
    for (const std::string& code : choices_.english_replacement) {
        if (code == kEnglishTwo) {
            add_problem(what, code, ProblemCode::EnglishReplacesItself);
            continue;
        }
        if (std::any_of(seen.begin(), seen.end(), [&](const std::string* s) { return *s == code; })) {
            add_problem(what, code, ProblemCode::EnglishDuplicate, {code});
            continue;
        }
        seen.push_back(&code);
        if (spent_earlier(code)) {
            add_problem(what, code, ProblemCode::SpentEarlier, {code});
            continue;
        }
        const int k = find_course(code);
        if (k < 0) {
            add_problem(what, code, ProblemCode::EnglishNotPassed, {code});
            continue;
        }
        if (consumed_[static_cast<std::size_t>(k)]) {
            add_problem(what, code, ProblemCode::EnglishUsedBySubstitution, {code});
            continue;
        }
        set.push_back(k);
        total += courses_[static_cast<std::size_t>(k)].credits;
    }
    const int e = c_.english;
    if (fixed_of_req_[static_cast<std::size_t>(e)] >= 0)
        add_problem(what, kEnglishTwo, ProblemCode::EnglishAlreadySubstituted);
    if (total < kEnglishReplacementMinCredits)
        add_problem(what, "", ProblemCode::EnglishTooFewCredits,
                    {std::to_string(total), std::to_string(kEnglishReplacementMinCredits)});
    if (problems_.size() != before) return;
    // Passing 00015 itself makes the set pointless; consuming it anyway could only take
    // courses away from other requirements.
    if (const int own = find_course(kEnglishTwo); own >= 0 && !courses_[static_cast<std::size_t>(own)].provisional) {
        notes_.push_back({ReasonCode::OwnEnglishPassUnused, {}, std::nullopt});
        return;
    }
    std::sort(set.begin(), set.end());
    bool prov = false;
    for (int k : set) {
        consumed_[static_cast<std::size_t>(k)] = 1;
        prov = prov || courses_[static_cast<std::size_t>(k)].provisional;
    }
    fixed_provisional_ += prov ? 1 : 0;
    fixed_of_req_[static_cast<std::size_t>(e)] = static_cast<int>(fixed_.size());
    fixed_.push_back({How::EnglishReplacement, std::move(set), -1, prov, nullptr});
}

void Audit::build_edges() {
    const std::size_t ncourse = courses_.size();
    const std::size_t nreq = plan_.required.size();
    has_edge_.assign(ncourse, 0);
    edges_.reserve(ncourse + 4);
    for (std::size_t k = 0; k < ncourse; ++k) {
        if (consumed_[k]) continue;
        auto it = c_.targets.find(courses_[k].pc->code);
        if (it == c_.targets.end()) continue;
        const std::size_t first = edges_.size();
        for (const Target& t : it->second) {
            if (t.kind == TargetKind::Slot || !open(t.index)) continue;
            const PassedCourse* pass = pass_for(static_cast<int>(k), t.rule);
            if (!pass) continue;
            const bool prov = is_provisional(*pass);
            const std::int64_t cost = (prov ? kProvisionalWeight : 0) + (t.rule >= 0 ? kSubstitutionWeight : 0);
            // One edge per (requirement, course): the cheaper way in wins.
            const Edge edge{t.index, static_cast<int>(k), cost, t.rule, pass, prov};
            bool merged = false;
            for (std::size_t e = first; e < edges_.size(); ++e) {
                if (edges_[e].req != t.index) continue;
                if (cost < edges_[e].cost) edges_[e] = edge;
                merged = true;
                break;
            }
            if (!merged) edges_.push_back(edge);
        }
        has_edge_[k] = edges_.size() != first;
    }

    req_begin_.assign(nreq + 1, 0);
    for (const Edge& e : edges_) ++req_begin_[static_cast<std::size_t>(e.req) + 1];
    for (std::size_t r = 0; r < nreq; ++r) req_begin_[r + 1] += req_begin_[r];
    req_edges_.resize(edges_.size());
    std::vector<int> fill(req_begin_.begin(), req_begin_.end() - 1);
    for (std::size_t e = 0; e < edges_.size(); ++e)
        req_edges_[static_cast<std::size_t>(fill[static_cast<std::size_t>(edges_[e].req)]++)] = static_cast<int>(e);
}

// Drops the options (from options_from on) that another way into the same slot matches or
// beats in credits and provisional status; of equals, the course itself before a rule.
void Audit::add_item(int course, int fixed, std::size_t options_from) {
    auto beats = [](const GroupOption& a, const GroupOption& b) {  // a makes b pointless
        return a.slot == b.slot && a.credits >= b.credits && a.provisional <= b.provisional &&
               (a.credits > b.credits || a.provisional < b.provisional || a.rule < 0 || b.rule >= 0);
    };
    std::size_t kept = options_from;
    for (std::size_t i = options_from; i < item_options_.size(); ++i) {
        const GroupOption o = item_options_[i];
        bool dominated = false;
        for (std::size_t j = options_from; j < item_options_.size() && !dominated; ++j)
            dominated = j != i && beats(item_options_[j], o) && !(beats(o, item_options_[j]) && j > i);
        if (!dominated) item_options_[kept++] = o;
    }
    item_options_.resize(kept);
    if (kept == options_from) return;
    items_.push_back({course, fixed, static_cast<int>(options_from), static_cast<int>(kept)});
}

void Audit::build_items() {
    for (std::size_t k = 0; k < courses_.size(); ++k) {
        if (consumed_[k]) continue;
        auto it = c_.targets.find(courses_[k].pc->code);
        if (it == c_.targets.end()) continue;
        const std::size_t from = item_options_.size();
        for (const Target& t : it->second) {
            if (t.kind != TargetKind::Slot) continue;
            const PassedCourse* pass = pass_for(static_cast<int>(k), t.rule);
            if (!pass) continue;
            const Slot& slot = c_.slots[static_cast<std::size_t>(t.index)];
            // The course itself counts its own credits; a substitute the listed course's.
            const int credits = t.rule >= 0 && slot.credits >= 0 ? slot.credits : std::max(0, pass->credits);
            item_options_.push_back({slot.group, t.index, credits, t.rule, pass, is_provisional(*pass)});
        }
        add_item(static_cast<int>(k), -1, from);
    }
    // A chosen course's provisional status is counted once, with its fixed use.
    for (const auto& [f, code] : stand_ins_) {
        const FixedUse& use = fixed_[static_cast<std::size_t>(f)];
        const std::size_t from = item_options_.size();
        for (int s : c_.slots_by_code.at(code)) {
            const Slot& slot = c_.slots[static_cast<std::size_t>(s)];
            const int credits = slot.credits >= 0 ? slot.credits : std::max(0, use.pass->credits);
            item_options_.push_back({slot.group, s, credits, use.rule, use.pass, false});
        }
        add_item(use.courses[0], f, from);
    }
}

void Audit::build_components() {
    const std::size_t nreq = plan_.required.size();
    comp_of_req_.assign(nreq, -1);
    // A requirement needs the assignment solver only when one of its candidates is also
    // a candidate of another requirement; the usual transcript has no such pair at all.
    std::vector<int> first_req(courses_.size(), -1);
    bool contested = false;
    for (const Edge& e : edges_) {
        int& f = first_req[static_cast<std::size_t>(e.course)];
        if (f < 0)
            f = e.req;
        else if (f != e.req)
            contested = true;
    }
    if (!contested) return;

    const std::size_t n = nreq + courses_.size();
    std::vector<int> parent(n);
    for (std::size_t i = 0; i < n; ++i) parent[i] = static_cast<int>(i);
    auto root = [&](int x) {
        while (parent[static_cast<std::size_t>(x)] != x) {
            parent[static_cast<std::size_t>(x)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
            x = parent[static_cast<std::size_t>(x)];
        }
        return x;
    };
    for (const Edge& e : edges_) {
        const int a = root(e.req), b = root(static_cast<int>(nreq) + e.course);
        if (a != b) parent[static_cast<std::size_t>(a)] = b;
    }
    std::vector<int> reqs_in(n, 0);
    for (std::size_t r = 0; r < nreq; ++r)
        if (req_begin_[r] != req_begin_[r + 1]) ++reqs_in[static_cast<std::size_t>(root(static_cast<int>(r)))];
    std::vector<int> comp_of_root(n, -1);
    for (std::size_t r = 0; r < nreq; ++r) {
        if (req_begin_[r] == req_begin_[r + 1]) continue;
        const int rt = root(static_cast<int>(r));
        if (reqs_in[static_cast<std::size_t>(rt)] < 2) continue;
        int& id = comp_of_root[static_cast<std::size_t>(rt)];
        if (id < 0) {
            id = static_cast<int>(comps_.size());
            comps_.emplace_back();
        }
        comp_of_req_[r] = id;
        comps_[static_cast<std::size_t>(id)].reqs.push_back(static_cast<int>(r));
    }
    local_col_.assign(courses_.size(), -1);
    for (const Edge& e : edges_) {
        const int id = comp_of_req_[static_cast<std::size_t>(e.req)];
        if (id < 0 || local_col_[static_cast<std::size_t>(e.course)] >= 0) continue;
        Component& comp = comps_[static_cast<std::size_t>(id)];
        local_col_[static_cast<std::size_t>(e.course)] = static_cast<int>(comp.courses.size());
        comp.courses.push_back(e.course);
    }
}

void Audit::solve_required(std::uint64_t withheld, ReqSide& out) const {
    const std::size_t nreq = plan_.required.size();
    out.edge.assign(nreq, -1);
    auto available = [&](int course) {
        const int bit = shared_bit_.empty() ? -1 : shared_bit_[static_cast<std::size_t>(course)];
        return bit < 0 || !((withheld >> bit) & 1U);
    };
    for (std::size_t r = 0; r < nreq; ++r) {
        if (comp_of_req_[r] >= 0) continue;
        int best = -1;
        for (int i = req_begin_[r]; i < req_begin_[r + 1]; ++i) {
            const int e = req_edges_[static_cast<std::size_t>(i)];
            const Edge& edge = edges_[static_cast<std::size_t>(e)];
            if (!available(edge.course)) continue;
            if (best < 0 || edge.cost < edges_[static_cast<std::size_t>(best)].cost) best = e;
        }
        out.edge[r] = best;
    }
    std::vector<std::int64_t> cost;
    for (const Component& comp : comps_) {
        const int rows = static_cast<int>(comp.reqs.size());
        const int real = static_cast<int>(comp.courses.size());
        const int cols = real + rows;  // one "left unmet" column per row
        cost.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols), kNoEdge);
        for (int i = 0; i < rows; ++i) {
            const int r = comp.reqs[static_cast<std::size_t>(i)];
            std::int64_t* row = cost.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(cols);
            row[real + i] = kUnmetWeight + kCreditWeight * c_.req_credits[static_cast<std::size_t>(r)];
            for (int j = req_begin_[static_cast<std::size_t>(r)]; j < req_begin_[static_cast<std::size_t>(r) + 1]; ++j) {
                const Edge& edge = edges_[static_cast<std::size_t>(req_edges_[static_cast<std::size_t>(j)])];
                if (available(edge.course)) row[local_col_[static_cast<std::size_t>(edge.course)]] = edge.cost;
            }
        }
        const std::vector<int> col = detail::min_cost_assignment(rows, cols, cost);
        for (int i = 0; i < rows; ++i) {
            const int r = comp.reqs[static_cast<std::size_t>(i)];
            const int j = col[static_cast<std::size_t>(i)];
            if (j < 0 || j >= real) continue;
            const int course = comp.courses[static_cast<std::size_t>(j)];
            for (int x = req_begin_[static_cast<std::size_t>(r)]; x < req_begin_[static_cast<std::size_t>(r) + 1]; ++x) {
                const int e = req_edges_[static_cast<std::size_t>(x)];
                if (edges_[static_cast<std::size_t>(e)].course == course) out.edge[static_cast<std::size_t>(r)] = e;
            }
        }
    }
    out.unmet = out.unmet_credits = out.provisional = out.substitutions = 0;
    for (std::size_t r = 0; r < nreq; ++r) {
        if (!open(static_cast<int>(r))) continue;
        const int e = out.edge[r];
        if (e < 0) {
            ++out.unmet;
            out.unmet_credits += c_.req_credits[r];
            continue;
        }
        const Edge& edge = edges_[static_cast<std::size_t>(e)];
        out.provisional += edge.provisional ? 1 : 0;
        out.substitutions += edge.rule >= 0 ? 1 : 0;
    }
}

const ReqSide& Audit::required_side(std::uint64_t withheld) {
    auto [it, inserted] = req_cache_.try_emplace(withheld);
    if (inserted) solve_required(withheld, it->second);
    return it->second;
}

void Audit::search_groups() {
    const std::size_t ngroup = plan_.electives.size();
    const std::size_t nitem = items_.size();
    count_.assign(ngroup, 0);
    credits_.assign(ngroup, 0);
    base_option_.assign(nitem, -1);
    total_gap_ = plan_.min_total_credits - c_.required_credits;

    // A slot wanted by two items is contested: its items are branched, with the slot's
    // occupant tracked, so that no listed course is counted twice.
    std::vector<int> wanting(c_.slots.size(), 0);
    for (const Item& item : items_)
        for (int o = item.first; o < item.last; ++o) {
            const int slot = option(o).slot;
            bool again = false;  // two ways of one item into one slot compete with nobody
            for (int p = item.first; p < o; ++p) again = again || option(p).slot == slot;
            if (!again) ++wanting[static_cast<std::size_t>(slot)];
        }
    int shared = 0;
    std::vector<int> later;
    for (std::size_t i = 0; i < nitem; ++i) {
        const Item& item = items_[i];
        const bool real = item.fixed < 0;
        bool contested = false;
        for (int o = item.first; o < item.last; ++o)
            contested = contested || wanting[static_cast<std::size_t>(option(o).slot)] > 1;
        if (real && has_edge_[static_cast<std::size_t>(item.course)] && shared < kMaxSharedCourses) {
            if (shared_bit_.empty()) shared_bit_.assign(courses_.size(), -1);
            shared_bit_[static_cast<std::size_t>(item.course)] = shared++;
            decisions_.push_back(static_cast<int>(i));
            continue;
        }
        if (contested) {
            decisions_.push_back(static_cast<int>(i));
            continue;
        }
        // Joining its only slot can never hurt a verdict unless it would make it
        // provisional: nothing to decide. Every other item is left to the memoised search.
        if (item.last - item.first == 1 && !option(item.first).provisional) {
            base_option_[i] = item.first;
            join(option(item.first), +1);
            continue;
        }
        later.push_back(static_cast<int>(i));
    }
    suffix_begin_ = decisions_.size();
    decisions_.insert(decisions_.end(), later.begin(), later.end());
    for (std::size_t d = 0; d < decisions_.size(); ++d) {
        const Item& item = items_[static_cast<std::size_t>(decisions_[d])];
        option_begin_.push_back(static_cast<int>(options_.size()));
        bool provisional = false;
        for (int o = item.first; o < item.last; ++o) {
            options_.push_back(o);
            provisional = provisional || option(o).provisional;
        }
        if (d < suffix_begin_ || provisional) options_.push_back(-1);
    }
    option_begin_.push_back(static_cast<int>(options_.size()));
    slot_used_.assign(c_.slots.size(), 0);

    const std::size_t nd = decisions_.size();
    if (suffix_begin_ > 0) {
        potential_count_.assign((suffix_begin_ + 1) * ngroup, 0);
        potential_credits_.assign((suffix_begin_ + 1) * ngroup, 0);
        for (std::size_t i = suffix_begin_; i-- > 0;) {
            for (std::size_t g = 0; g < ngroup; ++g) {
                potential_count_[i * ngroup + g] = potential_count_[(i + 1) * ngroup + g];
                potential_credits_[i * ngroup + g] = potential_credits_[(i + 1) * ngroup + g];
            }
            for (int o = option_begin_[i]; o < option_begin_[i + 1]; ++o) {
                const int opt = options_[static_cast<std::size_t>(o)];
                if (opt < 0) continue;
                const auto g = static_cast<std::size_t>(option(opt).group);
                ++potential_count_[i * ngroup + g];
                potential_credits_[i * ngroup + g] += option(opt).credits;
            }
        }
    }

    // With every shared course left to the requirements, their assignment is the best it
    // can ever be; a leaf that matches it, meets everything and adds no provisional
    // elective cannot be beaten, so the search may stop there.
    const ReqSide& open_side = required_side(0);
    floor_reachable_ = open_side.unmet == 0;
    floor_ = Score{0, 0, fixed_provisional_ + open_side.provisional, open_side.substitutions};

    pick_.assign(nd, -1);
    descend(0, 0);
    if (opt_.feasibility_only) return;

    // Replay the winning prefix, then walk the suffix choosing, at each item, the first
    // option that keeps the memoised optimum.
    for (std::size_t i = 0; i < suffix_begin_; ++i) {
        const int opt = options_[static_cast<std::size_t>(best_pick_[i])];
        if (opt >= 0) join(option(opt), +1);
    }
    for (std::size_t i = suffix_begin_; i < nd; ++i) {
        const GroupValue target = suffix_value(i);
        for (int o = option_begin_[i]; o < option_begin_[i + 1]; ++o) {
            const int opt = options_[static_cast<std::size_t>(o)];
            GroupValue v;
            if (opt < 0) {
                v = suffix_value(i + 1);
            } else {
                join(option(opt), +1);
                v = suffix_value(i + 1);
                v.provisional += option(opt).provisional ? 1 : 0;
            }
            if (v == target) {
                best_pick_[i] = o;
                break;
            }
            if (opt >= 0) join(option(opt), -1);
        }
    }
}

void Audit::descend(std::size_t i, std::uint64_t withheld) {
    if (done_) return;
    if (i == suffix_begin_) return evaluate_leaf(withheld);
    const ReqSide& side = required_side(withheld);
    const std::size_t ngroup = plan_.electives.size();
    if (best_.missing_count != std::numeric_limits<int>::max()) {
        // Bound: withholding more shared courses can only worsen the required side, and
        // the groups can do no better than with every undecided branched item in every
        // group at once. Lexicographic order is kept by sums, so the sum of the two
        // bounds bounds every completion.
        for (std::size_t g = 0; g < ngroup; ++g) {
            count_[g] += potential_count_[i * ngroup + g];
            credits_[g] += potential_credits_[i * ngroup + g];
        }
        const GroupValue groups = suffix_value(suffix_begin_);
        for (std::size_t g = 0; g < ngroup; ++g) {
            count_[g] -= potential_count_[i * ngroup + g];
            credits_[g] -= potential_credits_[i * ngroup + g];
        }
        const Score bound{side.unmet + groups.unmet, side.unmet_credits + groups.gap,
                          fixed_provisional_ + side.provisional + group_provisional_ + groups.provisional,
                          side.substitutions};
        if (!(bound < best_)) return;
    }
    const int bit = bit_of(decisions_[i]);
    // Try first what the required side is doing now: keeping a course it uses, or giving
    // a course it leaves idle to a group. Good answers early make the bound bite.
    bool in_use = false;
    if (bit >= 0) {
        const int k = items_[static_cast<std::size_t>(decisions_[i])].course;
        for (int e : side.edge) in_use = in_use || (e >= 0 && edges_[static_cast<std::size_t>(e)].course == k);
    }
    const int first = option_begin_[i], last = option_begin_[i + 1];  // the last option is -1
    for (int n = 0; n < last - first && !done_; ++n) {
        const int o = in_use ? (n == 0 ? last - 1 : first + n - 1) : first + n;
        const int opt = options_[static_cast<std::size_t>(o)];
        pick_[i] = o;
        if (opt < 0) {
            descend(i + 1, withheld);
            continue;
        }
        const GroupOption& go = option(opt);
        char& occupied = slot_used_[static_cast<std::size_t>(go.slot)];
        if (occupied) continue;
        occupied = 1;
        join(go, +1);
        group_provisional_ += go.provisional ? 1 : 0;
        descend(i + 1, bit >= 0 ? withheld | (std::uint64_t{1} << bit) : withheld);
        join(go, -1);
        group_provisional_ -= go.provisional ? 1 : 0;
        occupied = 0;
    }
}

// The best the memoised decisions i.. can do for the groups from the current state:
// least unmet groups, then least credit gap, then fewest provisional courses. The credit
// gap is max(credits short in groups, credits short in the total) once the required side
// is set aside (see evaluate_leaf), so only the state capped at each group's minimums and
// at the total's need matters — which is what makes memoising it sound and small. Their
// slots are uncontested, so which slots are taken is no part of the state.
GroupValue Audit::suffix_value(std::size_t i) {
    const std::size_t ngroup = plan_.electives.size();
    int total = 0;
    for (std::size_t g = 0; g < ngroup; ++g) total += credits_[g];
    if (i == decisions_.size()) {
        GroupValue v;
        int short_credits = 0;
        for (std::size_t g = 0; g < ngroup; ++g) {
            const ElectiveGroup& grp = plan_.electives[g];
            if (count_[g] < grp.min_count || credits_[g] < grp.min_credits) ++v.unmet;
            short_credits += std::max(0, grp.min_credits - credits_[g]);
        }
        v.gap = std::max(short_credits, total_gap_ - total);
        return v;
    }
    std::vector<int> key;
    key.reserve(2 + 2 * ngroup);
    key.push_back(static_cast<int>(i));
    key.push_back(std::min(total, std::max(0, total_gap_)));
    for (std::size_t g = 0; g < ngroup; ++g) {
        const ElectiveGroup& grp = plan_.electives[g];
        key.push_back(std::min(count_[g], std::max(0, grp.min_count)));
        key.push_back(std::min(credits_[g], std::max(0, grp.min_credits)));
    }
    if (auto it = suffix_memo_.find(key); it != suffix_memo_.end()) return it->second;
    GroupValue best{std::numeric_limits<int>::max(), 0, 0};
    for (int o = option_begin_[i]; o < option_begin_[i + 1]; ++o) {
        const int opt = options_[static_cast<std::size_t>(o)];
        if (opt < 0) {
            best = std::min(best, suffix_value(i + 1));
            if (best == GroupValue{}) break;
            continue;
        }
        const GroupOption& go = option(opt);
        join(go, +1);
        GroupValue v = suffix_value(i + 1);
        v.provisional += go.provisional ? 1 : 0;
        best = std::min(best, v);
        join(go, -1);
        if (best == GroupValue{}) break;  // nothing beats meeting everything without certificates
    }
    suffix_memo_.emplace(std::move(key), best);
    return best;
}

// missing_credits = max(R + short, min_total - used) with used = required_credits - R + G
// equals R + max(short, total_gap_ - G): the required side (R) and the groups (short, G)
// separate, which is what lets the groups be optimised on their own for each prefix.
void Audit::evaluate_leaf(std::uint64_t withheld) {
    const ReqSide& side = required_side(withheld);
    const GroupValue groups = suffix_value(suffix_begin_);
    Score s;
    s.missing_count = side.unmet + groups.unmet;
    s.missing_credits = side.unmet_credits + groups.gap;
    s.provisional = fixed_provisional_ + side.provisional + group_provisional_ + groups.provisional;
    s.substitutions = side.substitutions;
    if (s < best_) {
        best_ = s;
        best_pick_ = pick_;
        best_withheld_ = withheld;
    }
    if ((floor_reachable_ && best_ == floor_) ||
        (opt_.feasibility_only && best_.missing_count == 0 && best_.missing_credits == 0))
        done_ = true;
}

// What the verdict now lacks that a course taken by a choice could have given: a
// requirement, an elective group, or credits towards the total; nullopt when nothing.
// The reason's arguments after the course are (kind, code or title, name).
std::optional<Reason> Audit::need_of(int course, const Result& res, int total_short) const {
    const PassedCourse& pc = *courses_[static_cast<std::size_t>(course)].pc;
    auto it = c_.targets.find(pc.code);
    if (it == c_.targets.end()) return std::nullopt;
    bool any_group = false;
    for (const Target& t : it->second) {
        if (!pass_for(course, t.rule)) continue;
        if (t.kind == TargetKind::Slot) {
            const int g = c_.slots[static_cast<std::size_t>(t.index)].group;
            any_group = true;
            if (!res.groups[static_cast<std::size_t>(g)].satisfied)
                return Reason{ReasonCode::UsedForEnglish, {pc.code, pc.name, "group", res.groups[static_cast<std::size_t>(g)].title, ""},
                              std::nullopt};
            continue;
        }
        const RequirementResult& rr = res.required[static_cast<std::size_t>(t.index)];
        if (rr.how != How::Missing) continue;
        const char* kind = rr.kind == RequirementKind::Thesis ? "thesis" : rr.kind == RequirementKind::Practice ? "practice" : "required";
        return Reason{ReasonCode::UsedForEnglish, {pc.code, pc.name, kind, rr.code, rr.name}, std::nullopt};
    }
    if (any_group && total_short > 0)
        return Reason{ReasonCode::UsedForEnglish, {pc.code, pc.name, "total", "", ""}, std::nullopt};
    return std::nullopt;
}

Result Audit::result() const {
    Result res;
    const std::size_t nreq = plan_.required.size();
    const std::size_t ncourse = courses_.size();
    std::vector<char> used(ncourse, 0);
    std::vector<int> provisional_courses;
    int satisfied_credits = 0, unmet_credits = 0, unmet_count = 0;

    // The winning branch's required side is in the cache.
    const ReqSide* side = nullptr;
    if (auto it = req_cache_.find(best_withheld_); it != req_cache_.end()) side = &it->second;

    res.required.reserve(nreq);
    for (std::size_t r = 0; r < nreq; ++r) {
        const RequiredCourse& req = plan_.required[r];
        RequirementResult& rr = res.required.emplace_back();
        rr.code = req.code;
        rr.name = req.name;
        rr.credits = req.credits;
        rr.kind = req.kind;
        if (const int f = fixed_of_req_[r]; f >= 0) {
            const FixedUse& use = fixed_[static_cast<std::size_t>(f)];
            rr.how = use.how;
            rr.provisional = use.provisional;
            for (int k : use.courses) {
                rr.by_codes.push_back(courses_[static_cast<std::size_t>(k)].pc->code);
                used[static_cast<std::size_t>(k)] = 1;
                // A substitution's pass (the one inside the rule's window) decides; a course
                // of the 英语(二) set counts with its most trusted pass.
                if (use.pass ? use.provisional : courses_[static_cast<std::size_t>(k)].provisional)
                    provisional_courses.push_back(k);
            }
            if (use.pass) {
                rr.passed_on = use.pass->passed_on;
                rr.score = use.pass->score;
            }
            if (use.how != How::EnglishReplacement) rr.rule_id = c_.rules[static_cast<std::size_t>(use.rule)].id;
            const std::string& first_name =
                use.courses.empty() ? rr.name : courses_[static_cast<std::size_t>(use.courses[0])].pc->name;
            rr.note = requirement_note(use.how, rr.by_codes, first_name);
        } else if (const int e = side ? side->edge[r] : -1; e >= 0) {
            const Edge& edge = edges_[static_cast<std::size_t>(e)];
            const Course& course = courses_[static_cast<std::size_t>(edge.course)];
            used[static_cast<std::size_t>(edge.course)] = 1;
            rr.by_codes.push_back(course.pc->code);
            rr.provisional = edge.provisional;
            rr.passed_on = edge.pass->passed_on;
            rr.score = edge.pass->score;
            if (edge.provisional) provisional_courses.push_back(edge.course);
            if (edge.rule >= 0) {
                rr.how = How::AutomaticSubstitution;
                rr.rule_id = c_.rules[static_cast<std::size_t>(edge.rule)].id;
            } else {
                rr.how = own_how(*edge.pass);
            }
            rr.note = requirement_note(rr.how, rr.by_codes, course.pc->name);
        } else {
            ++unmet_count;
            unmet_credits += c_.req_credits[r];
            continue;
        }
        satisfied_credits += c_.req_credits[r];
    }

    // Elective groups: the items that always join plus the winning decisions.
    std::vector<int> placed(base_option_);
    for (std::size_t i = 0; i < decisions_.size(); ++i)
        placed[static_cast<std::size_t>(decisions_[i])] = options_[static_cast<std::size_t>(best_pick_[i])];
    int group_credits = 0, short_credits = 0, unmet_groups = 0;
    res.groups.reserve(plan_.electives.size());
    for (std::size_t g = 0; g < plan_.electives.size(); ++g) {
        const ElectiveGroup& grp = plan_.electives[g];
        GroupResult& gr = res.groups.emplace_back();
        gr.id = grp.id;
        gr.title = grp.title;
        gr.min_credits = grp.min_credits;
        gr.min_count = grp.min_count;
    }
    for (std::size_t i = 0; i < items_.size(); ++i) {
        if (placed[i] < 0) continue;
        const Item& item = items_[i];
        const GroupOption& go = option(placed[i]);
        const Course& course = courses_[static_cast<std::size_t>(item.course)];
        GroupResult& gr = res.groups[static_cast<std::size_t>(go.group)];
        GroupUse& u = gr.uses.emplace_back();
        u.code = course.pc->code;
        u.name = course.pc->name;
        u.credits = go.credits;
        u.passed_on = go.pass->passed_on;
        u.score = go.pass->score;
        if (item.fixed >= 0) {
            u.how = How::ChosenSubstitution;
            u.provisional = is_provisional(*go.pass);
        } else {
            u.how = go.rule >= 0 ? How::AutomaticSubstitution : own_how(*go.pass);
            u.provisional = go.provisional;
        }
        if (go.rule >= 0) {
            u.for_code = c_.slots[static_cast<std::size_t>(go.slot)].code;
            u.rule_id = c_.rules[static_cast<std::size_t>(go.rule)].id;
        }
        u.note = group_use_note(u.how, u.for_code);
        gr.by_codes.push_back(u.code);
        ++gr.count;
        gr.credits += u.credits;
        used[static_cast<std::size_t>(item.course)] = 1;
        if (u.provisional) provisional_courses.push_back(item.course);
    }
    for (std::size_t g = 0; g < plan_.electives.size(); ++g) {
        const ElectiveGroup& grp = plan_.electives[g];
        GroupResult& gr = res.groups[g];
        gr.satisfied = gr.count >= grp.min_count && gr.credits >= grp.min_credits;
        unmet_groups += gr.satisfied ? 0 : 1;
        short_credits += std::max(0, grp.min_credits - gr.credits);
        group_credits += gr.credits;
    }
    res.credits_used = satisfied_credits + group_credits;
    res.min_total_credits = plan_.min_total_credits;
    res.missing_count = unmet_count + unmet_groups;
    const int total_short = std::max(0, plan_.min_total_credits - res.credits_used);
    res.missing_credits = std::max(unmet_credits + short_credits, total_short);
    res.problems = problems_;
    res.eligible = res.missing_count == 0 && res.missing_credits == 0 && (res.problems.empty() || opt_.advisory);
    res.provisional = res.eligible && !provisional_courses.empty();
    for (std::size_t k = 0; k < ncourse; ++k)
        if (!used[k]) res.unused_codes.push_back(courses_[k].pc->code);

    // Reasons: verdict, what is missing, what is pending, then notes on the choices.
    if (res.eligible)
        add_reason(res, {res.provisional ? ReasonCode::EligibleProvisional : ReasonCode::Eligible, {}, std::nullopt});
    for (const RequirementResult& rr : res.required)
        if (rr.how == How::Missing)
            add_reason(res, {missing_code(rr.kind), {rr.code, rr.name, std::to_string(rr.credits)}, std::nullopt});
    for (const GroupResult& gr : res.groups)
        if (!gr.satisfied)
            add_reason(res, {ReasonCode::GroupShort,
                             {gr.title, std::to_string(gr.count), std::to_string(gr.credits),
                              std::to_string(gr.min_count), std::to_string(gr.min_credits)},
                             std::nullopt});
    if (total_short > 0)
        add_reason(res, {ReasonCode::TotalCreditsShort,
                         {std::to_string(res.credits_used), std::to_string(plan_.min_total_credits),
                          std::to_string(total_short)},
                         std::nullopt});
    std::sort(provisional_courses.begin(), provisional_courses.end());
    // A 一门顶多门 course meets several requirements but is one certificate to verify.
    provisional_courses.erase(std::unique(provisional_courses.begin(), provisional_courses.end()),
                              provisional_courses.end());
    for (int k : provisional_courses) {
        const PassedCourse& pc = *courses_[static_cast<std::size_t>(k)].pc;
        add_reason(res, {ReasonCode::PendingCertificate, {pc.code, pc.name}, std::nullopt});
    }
    for (const ChoiceProblem& p : problems_)
        add_reason(res, {p.what == "english" ? ReasonCode::EnglishNotApplied : ReasonCode::SubstitutionNotApplied, p.args,
                         p.problem});
    for (const Reason& note : notes_) add_reason(res, note);
    for (const FixedUse& use : fixed_)
        for (int k : use.courses) {
            std::optional<Reason> need = need_of(k, res, total_short);
            if (!need) continue;
            if (use.how != How::EnglishReplacement) {
                need->code = ReasonCode::UsedForRule;
                need->args.push_back(c_.rules[static_cast<std::size_t>(use.rule)].id);
            }
            add_reason(res, std::move(*need));
        }
    for (const PassedCourse* pc : earlier_) {
        auto it = c_.targets.find(pc->code);
        if (it == c_.targets.end()) continue;
        bool relevant = false;
        for (const Target& t : it->second)
            relevant = relevant ||
                       (t.kind == TargetKind::Slot
                            ? !res.groups[static_cast<std::size_t>(c_.slots[static_cast<std::size_t>(t.index)].group)].satisfied
                            : res.required[static_cast<std::size_t>(t.index)].how == How::Missing);
        if (relevant)
            add_reason(res, {ReasonCode::SpentEarlier, {pc->code, pc->name}, std::nullopt});
    }
    return res;
}

Result audit(const Compiled& c, const std::vector<PassedCourse>& passed, const Choices& choices, Options opt) {
    Audit audit(c, passed, choices, opt);
    audit.solve();
    return audit.result();
}

}  // namespace

Auditor::Auditor(const Plan& plan, const std::vector<SubstitutionRule>& rules) : compiled_(compile(plan, rules)) {}

const Plan& Auditor::plan() const { return compiled_->plan; }

Result Auditor::run(const std::vector<PassedCourse>& passed, const Choices& choices) const {
    return audit(*compiled_, passed, choices, Options{});
}

std::optional<std::vector<std::string>> Auditor::suggest_english_replacement(const std::vector<PassedCourse>& passed,
                                                                             const Choices& choices) const {
    const Compiled& c = *compiled_;
    if (c.english < 0) return std::nullopt;
    const Choices rest{choices.substitutions, {}};
    std::vector<char> hidden(passed.size(), 0);
    // "The plan without 00015 is still met without S": 00015 counts as met (its credits
    // included), the set is hidden, and problems with the other choices do not matter
    // here (they are reported by run()).
    auto feasible = [&]() {
        Audit audit(c, passed, rest, Options{&hidden, c.english, false, true});
        const Score s = audit.solve();
        return s.missing_count == 0 && s.missing_credits == 0;
    };
    if (!feasible()) return std::nullopt;

    struct Candidate {
        std::string code;
        int credits;
        std::vector<int> entries;  // every transcript entry of the code
    };
    std::vector<Candidate> free;
    const Transcript transcript = distinct_courses(passed, nullptr);
    for (const DistinctCourse& d : transcript.courses) {
        const PassedCourse& p = passed[static_cast<std::size_t>(transcript.order[static_cast<std::size_t>(d.begin)])];
        if (d.earlier || p.code == kEnglishTwo || p.credits <= 0) continue;
        Candidate cand{p.code, p.credits, {}};
        cand.entries.assign(transcript.order.begin() + d.begin, transcript.order.begin() + d.end);
        // The condition is monotone (hiding more never helps), so a course that cannot be
        // spared alone can be in no answer.
        for (int i : cand.entries) hidden[static_cast<std::size_t>(i)] = 1;
        const bool spare = feasible();
        for (int i : cand.entries) hidden[static_cast<std::size_t>(i)] = 0;
        if (spare) free.push_back(std::move(cand));
    }
    const int n = static_cast<int>(free.size());
    int sum = 0;
    for (const Candidate& cand : free) sum += cand.credits;
    if (sum < kEnglishReplacementMinCredits) return std::nullopt;

    // reach[(i, k, s)]: some k of the candidates i.. total exactly s credits. It steers the
    // lexicographic walk so that only prefixes of real (sum, size) solutions are explored.
    const auto width = static_cast<std::size_t>(sum) + 1;
    const auto kdim = static_cast<std::size_t>(n) + 1;
    std::vector<char> reach((static_cast<std::size_t>(n) + 1) * kdim * width, 0);
    auto at = [&](int i, int k, int s) -> char& {
        return reach[(static_cast<std::size_t>(i) * kdim + static_cast<std::size_t>(k)) * width + static_cast<std::size_t>(s)];
    };
    for (int i = n; i >= 0; --i) {
        at(i, 0, 0) = 1;
        if (i == n) continue;
        const int w = free[static_cast<std::size_t>(i)].credits;
        for (int k = 1; k <= n - i; ++k)
            for (int s = 0; s <= sum; ++s)
                at(i, k, s) = at(i + 1, k, s) || (s >= w && at(i + 1, k - 1, s - w));
    }

    std::vector<int> chosen;
    auto set_hidden = [&](int j, char v) {
        for (int e : free[static_cast<std::size_t>(j)].entries) hidden[static_cast<std::size_t>(e)] = v;
    };
    // Walks candidates in code order, so the first complete set found for a given excess
    // and size is the lexicographically smallest; an infeasible prefix prunes all its
    // supersets.
    auto walk = [&](auto& self, int from, int k, int s) -> bool {
        for (int j = from; j < n; ++j) {
            const int w = free[static_cast<std::size_t>(j)].credits;
            if (w > s || !at(j + 1, k - 1, s - w)) continue;
            set_hidden(j, 1);
            chosen.push_back(j);
            const bool ok = feasible() && (k == 1 || self(self, j + 1, k - 1, s - w));
            if (ok) return true;
            chosen.pop_back();
            set_hidden(j, 0);
        }
        return false;
    };
    for (int target = kEnglishReplacementMinCredits; target <= sum; ++target)
        for (int k = 1; k <= n; ++k) {
            if (!at(0, k, target)) continue;
            if (walk(walk, 0, k, target)) {
                std::vector<std::string> codes;
                for (int j : chosen) codes.push_back(free[static_cast<std::size_t>(j)].code);
                return codes;
            }
        }
    return std::nullopt;
}

Result run(const Plan& plan, const std::vector<PassedCourse>& passed, const std::vector<SubstitutionRule>& rules,
           const Choices& choices) {
    return Auditor(plan, rules).run(passed, choices);
}

std::optional<std::vector<std::string>> suggest_english_replacement(const Plan& plan,
                                                                    const std::vector<PassedCourse>& passed,
                                                                    const std::vector<SubstitutionRule>& rules,
                                                                    const Choices& choices) {
    return Auditor(plan, rules).suggest_english_replacement(passed, choices);
}

std::vector<WhatIf> rank_majors(const std::vector<Plan>& plans, const std::vector<PassedCourse>& passed,
                                const std::vector<SubstitutionRule>& rules, const Choices& choices) {
    std::vector<WhatIf> out;
    out.reserve(plans.size());
    Options advisory;
    advisory.advisory = true;
    for (std::size_t i = 0; i < plans.size(); ++i)
        out.push_back({plans[i].major_code, plans[i].major_name, plans[i].level, i,
                       audit(*compile(plans[i], rules), passed, choices, advisory)});
    std::stable_sort(out.begin(), out.end(), [](const WhatIf& a, const WhatIf& b) {
        if (a.result.eligible != b.result.eligible) return a.result.eligible;
        if (a.result.missing_count != b.result.missing_count) return a.result.missing_count < b.result.missing_count;
        if (a.result.missing_credits != b.result.missing_credits)
            return a.result.missing_credits < b.result.missing_credits;
        return a.major_code < b.major_code;
    });
    return out;
}

}  // namespace zk::eligibility
