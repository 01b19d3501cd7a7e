// audit_cmd.cpp: runs the audit engine on an examinee's records as stored, for staff who
// answer an examinee's question and for checking demo and imported data. Prints one line
// per requirement (✓/✗, how, which course), the verdict and the reasons.
// SECURITY: read-only; identifies the examinee by 准考证号 and prints no 身份证号.
#include "modules/ctl/audit_cmd.hpp"

#include <iostream>
#include <pqxx/pqxx>
#include <sstream>

#include "common/base/db.hpp"
#include "common/domain/eligibility/engine.hpp"
#include "common/store/import_examinees.hpp"
#include "common/store/import_majors.hpp"
#include "common/store/plans.hpp"

namespace zk::ctl {

namespace {
std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, sep))
        if (!item.empty()) out.push_back(item);
    return out;
}

const char* how_text(eligibility::How how) {
    switch (how) {
        case eligibility::How::Missing: return "缺少";
        case eligibility::How::Direct: return "合格";
        case eligibility::How::AutomaticSubstitution: return "一对一顶替";
        case eligibility::How::ChosenSubstitution: return "选择顶替";
        case eligibility::How::EnglishReplacement: return "英语二顶替";
        case eligibility::How::Certificate: return "旧计划课程(待审核)";
        case eligibility::How::Exemption: return "免考";
    }
    return "";
}

void print(const eligibility::Result& r) {
    for (const auto& q : r.required) {
        std::cout << (q.how == eligibility::How::Missing ? "✗ " : "✓ ") << q.code << " " << q.name << " (" << q.credits
                  << "学分) " << how_text(q.how);
        for (const auto& c : q.by_codes) std::cout << " " << c;
        if (!q.note.empty()) std::cout << " " << q.note;
        std::cout << "\n";
    }
    for (const auto& g : r.groups)
        std::cout << (g.satisfied ? "✓ " : "✗ ") << "选考 " << g.title << ": " << g.count << "门 " << g.credits << "学分\n";
    for (const auto& p : r.problems) std::cout << "! " << p.message << "\n";
    std::cout << "credits: " << r.credits_used << "/" << r.min_total_credits << "\n";
    for (const auto& line : r.reasons) std::cout << "  " << line << "\n";
    std::cout << "verdict: " << (r.eligible ? (r.provisional ? "eligible (provisional)" : "eligible") : "not eligible") << "\n";
}
}  // namespace

int audit_command(const Config& config, const std::vector<std::string>& args) {
    if (args.size() < 3) {
        std::cerr << "usage: zikao-ctl audit TICKET_NO INSTITUTION_CODE MAJOR_CODE [--english CODE,CODE...]\n"
                     "       [--choose RULE:NEW:OLD[+OLD...]]... [--suggest-english] [--what-if]\n";
        return 2;
    }
    eligibility::Choices choices;
    bool suggest = false, what_if = false;
    for (size_t i = 3; i < args.size(); ++i) {
        if (args[i] == "--english" && i + 1 < args.size()) {
            choices.english_replacement = split(args[++i], ',');
        } else if (args[i] == "--choose" && i + 1 < args.size()) {
            auto parts = split(args[++i], ':');
            if (parts.size() != 3) throw std::runtime_error("--choose expects RULE:NEW:OLD[+OLD...]");
            choices.substitutions.push_back({parts[0], parts[1], split(parts[2], '+')});
        } else if (args[i] == "--suggest-english") {
            suggest = true;
        } else if (args[i] == "--what-if") {
            what_if = true;
        } else {
            throw std::runtime_error("unknown option " + args[i]);
        }
    }
    db::Database database(config.require("database"));
    return database.read([&](pqxx::nontransaction& tx) {
        const auto examinee = store::import_examinees::find_by_ticket(tx, args[0]);
        if (!examinee) throw std::runtime_error("no examinee with 准考证号 " + args[0]);
        const auto major_id = store::import_majors::find_id(tx, args[1], args[2]);
        if (!major_id) throw std::runtime_error("no major " + args[2] + " at institution " + args[1]);
        auto plan = store::plans::current_plan(tx, *major_id);
        if (!plan) throw std::runtime_error("major " + args[2] + " has no plan in force today");
        const auto passed = store::plans::passed_courses(tx, examinee->id);
        const auto rules = store::plans::rules(tx);
        std::cout << examinee->name << " — " << plan->institution_name << " " << plan->plan.major_code
                  << " " << plan->plan.major_name << "\n";
        const eligibility::Result result = eligibility::run(plan->plan, passed, rules, choices);
        print(result);
        if (suggest) {
            auto s = eligibility::suggest_english_replacement(plan->plan, passed, rules, choices);
            std::cout << "english suggestion:";
            if (!s) std::cout << " none";
            else for (const auto& c : *s) std::cout << " " << c;
            std::cout << "\n";
        }
        if (what_if) {
            std::vector<eligibility::Plan> plans;
            for (auto& mp : store::plans::institution_plans(tx, args[1])) plans.push_back(std::move(mp.plan));
            for (const auto& w : eligibility::rank_majors(plans, passed, rules, choices))
                std::cout << "what-if " << w.major_code << " " << w.major_name << ": "
                          << (w.result.eligible ? "eligible" : "missing " + std::to_string(w.result.missing_count) +
                                                                   " (" + std::to_string(w.result.missing_credits) +
                                                                   " credits)")
                          << "\n";
        }
        return result.eligible ? 0 : 3;
    });
}

}  // namespace zk::ctl
