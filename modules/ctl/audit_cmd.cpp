// audit_cmd.cpp: runs the audit engine on an examinee's records as stored, for staff who
// answer an examinee's question and for checking demo and imported data. It audits like
// the application pages: with the examinee's latest application of the current batch,
// its old-plan certificate courses count (provisionally while unverified) and, unless
// --english/--choose say otherwise, its chosen substitutions and 英语(二) set apply.
// Prints one line per requirement (✓/✗, how, which course), the verdict and the reasons,
// in Chinese; --what-if ranks every major of the institution given and of the
// application's institutions.
// SECURITY: read-only; identifies the examinee by 准考证号 and prints no 身份证号.
#include "modules/ctl/audit_cmd.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>

#include "common/base/db.hpp"
#include "common/base/strings.hpp"
#include "common/domain/application_record.hpp"
#include "common/domain/eligibility/engine.hpp"
#include "common/domain/graduation.hpp"
#include "common/store/import_examinees.hpp"
#include "common/store/import_majors.hpp"
#include "common/store/plans.hpp"
#include "modules/ctl/commands.hpp"

namespace zk::ctl {

namespace {
const char* const kUsage =
    "用法：zikao-ctl audit 准考证号 主考院校代码 专业代码 [--english 课程代码,课程代码…]\n"
    "       [--choose 规则:新课程:旧课程[+旧课程…]]… [--suggest-english] [--what-if]\n";

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, sep))
        if (!item.empty()) out.push_back(item);
    return out;
}

struct Options {
    eligibility::Choices choices;
    bool explicit_choices = false;  // --english or --choose given: the application's choices are not used
    bool suggest = false, what_if = false;
};

// nullopt after printing what is wrong (usage error).
std::optional<Options> parse_options(const std::vector<std::string>& args) {
    Options o;
    for (std::size_t i = 3; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--english" || a == "--choose") {
            if (missing_value(args, i, a == "--english" ? "课程代码（例：--english 00018,00019）"
                                                        : "顶替选择（例：--choose r-13180:13180:02325）"))
                return std::nullopt;
            o.explicit_choices = true;
            const std::string& value = args[++i];
            if (a == "--english") {
                o.choices.english_replacement = split(value, ',');
                continue;
            }
            auto parts = split(value, ':');
            if (parts.size() != 3) {
                std::cerr << "--choose 的格式应为 规则:新课程:旧课程[+旧课程…]（例：--choose r-13180:13180:02325），而不是 "
                          << value << "\n";
                return std::nullopt;
            }
            o.choices.substitutions.push_back({parts[0], parts[1], split(parts[2], '+')});
        } else if (a == "--suggest-english") {
            o.suggest = true;
        } else if (a == "--what-if") {
            o.what_if = true;
        } else {
            std::cerr << "未知选项 " << a << "\n" << kUsage;
            return std::nullopt;
        }
    }
    return o;
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

// "N门、M学分" with only the parts whose limit exists (both when neither does).
std::string amounts(int count, int credits, bool with_count, bool with_credits) {
    if (!with_count && !with_credits) with_count = with_credits = true;
    std::string out;
    if (with_count) out += std::to_string(count) + "门";
    if (with_count && with_credits) out += "、";
    if (with_credits) out += std::to_string(credits) + "学分";
    return out;
}

std::string group_line(const eligibility::GroupResult& g) {
    const bool by_count = g.min_count > 0, by_credits = g.min_credits > 0;
    std::string line = std::string(g.satisfied ? "✓ " : "✗ ") + "选考 " + g.title + "：已获 " +
                       amounts(g.count, g.credits, by_count, by_credits);
    if (by_count || by_credits) line += " / 需 " + amounts(g.min_count, g.min_credits, by_count, by_credits);
    std::vector<std::string> uses;  // a substitute with the listed course it stands in for
    for (const auto& u : g.uses) uses.push_back(u.code + u.note);
    if (!uses.empty()) line += "（计入 " + strings::join(uses, "、") + "）";
    return line;
}

const char* verdict(const eligibility::Result& r) {
    if (!r.eligible) return "不符合毕业条件";
    return r.provisional ? "符合毕业条件（待审核）" : "符合毕业条件";
}

void print(const eligibility::Result& r) {
    using eligibility::How;
    for (const auto& q : r.required) {
        std::cout << (q.how == How::Missing ? "✗ " : "✓ ") << q.code << " " << q.name << " (" << q.credits << "学分) "
                  << how_text(q.how);
        // The note names the substitute (code and name); 免考 and 待审核 say it already.
        const bool note = !q.note.empty() && q.how != How::Exemption && q.how != How::Certificate;
        if (note) std::cout << " " << q.note;
        if (!note && !(q.by_codes.size() == 1 && q.by_codes[0] == q.code))
            for (const auto& c : q.by_codes) std::cout << " " << c;
        if (q.provisional && q.how != How::Certificate) std::cout << "（待审核）";
        std::cout << "\n";
    }
    for (const auto& g : r.groups) std::cout << group_line(g) << "\n";
    for (const auto& p : r.problems) std::cout << "! " << p.message << "\n";
    std::cout << "学分：已获 " << r.credits_used << " / 需 " << r.min_total_credits << "\n";
    for (const auto& line : r.reasons) std::cout << "  " << line << "\n";
    std::cout << "结论：" << verdict(r) << "\n";
}

// The choices as the command line would give them: "英语(二)顶替 00051,00341；顶替 r-13180:13180:02325".
std::vector<std::string> choice_texts(const eligibility::Choices& c) {
    std::vector<std::string> out;
    if (!c.english_replacement.empty()) out.push_back("英语(二)顶替 " + strings::join(c.english_replacement, ","));
    for (const auto& s : c.substitutions)
        out.push_back("顶替 " + s.rule_id + ":" + s.new_code + ":" + strings::join(s.old_codes, "+"));
    return out;
}

const char* oldplan_state(const store::applications::OldPlanCourse& o) {
    if (o.refused) return "核验未通过，不计入";
    return o.verified ? "已核验" : "待审核";
}

// Says which application the audit reads and what it takes from it; replaces its choices
// by the command line's when there are any.
void apply_application(const std::optional<graduation::Window>& win,
                       const std::optional<graduation::Application>& app, graduation::AuditInputs& inputs,
                       const Options& o) {
    if (!app) {
        std::cout << "无当前批次的毕业申请：只按合格成绩审核\n";
        if (o.explicit_choices) inputs.choices = o.choices;
        return;
    }
    std::cout << "毕业申请：" << win->batch_name << " 第" << app->attempt << "次（"
              << application_record::status_text(app->status) << "）\n";
    std::vector<std::string> used;
    for (const auto& c : inputs.oldplan)
        used.push_back("旧计划课程 " + c.code + " " + c.name + "（" + oldplan_state(c) + "）");
    const std::vector<std::string> chosen = choice_texts(inputs.choices);
    if (o.explicit_choices) {
        if (!chosen.empty())
            std::cout << "未采用毕业申请中的顶替选择（以命令行的 --english/--choose 为准）：" << strings::join(chosen, "；")
                      << "\n";
        inputs.choices = o.choices;
    } else {
        used.insert(used.end(), chosen.begin(), chosen.end());
    }
    if (!used.empty()) std::cout << "采用毕业申请中的选择：" << strings::join(used, "；") << "\n";
}

void print_english_suggestion(const eligibility::Plan& plan, const graduation::AuditInputs& in) {
    auto s = eligibility::suggest_english_replacement(plan, in.transcript, in.rules, in.choices);
    std::cout << "英语(二)顶替建议：" << (s ? strings::join(*s, ",") : "无") << "\n";
}

// AUD-6 over the institution of the command line and those of the application.
void print_what_if(pqxx::transaction_base& tx, const std::string& institution,
                   const std::optional<graduation::Application>& app, const graduation::AuditInputs& in) {
    std::vector<std::string> codes{institution};
    if (app)
        for (const auto& m : graduation::chosen_majors(tx, app->id))
            if (std::find(codes.begin(), codes.end(), m.institution_code) == codes.end())
                codes.push_back(m.institution_code);
    std::vector<eligibility::Plan> plans;
    std::vector<std::string> institution_of;  // parallel to plans
    auto by_institution = store::plans::institution_plans(tx, codes);
    for (const auto& code : codes)
        for (auto& mp : by_institution[code]) {
            institution_of.push_back(mp.institution_name);
            plans.push_back(std::move(mp.plan));
        }
    for (const auto& w : eligibility::rank_majors(plans, in.transcript, in.rules, in.choices)) {
        std::cout << "专业比较 " << institution_of.at(w.plan_index) << " " << w.major_code << " " << w.major_name << "：";
        if (w.result.eligible) std::cout << (w.result.provisional ? "符合（待审核）" : "符合");
        else std::cout << "缺 " << w.result.missing_count << " 项（" << w.result.missing_credits << "学分）";
        std::cout << "\n";
    }
}
}  // namespace

int audit_command(const Config& config, const std::vector<std::string>& args) {
    if (args.size() < 3 || args[0].starts_with("-") || args[1].starts_with("-") || args[2].starts_with("-")) {
        std::cerr << kUsage;
        return 2;
    }
    const auto options = parse_options(args);
    if (!options) return 2;
    db::Database database(config.require("database"));
    return database.read([&](pqxx::nontransaction& tx) {
        const auto examinee = store::import_examinees::find_by_ticket(tx, args[0]);
        if (!examinee) throw std::runtime_error("没有准考证号为 " + args[0] + " 的考生");
        const auto major_id = store::import_majors::find_id(tx, args[1], args[2]);
        if (!major_id) throw std::runtime_error("主考院校 " + args[1] + " 没有专业 " + args[2]);
        auto plan = store::plans::current_plan(tx, *major_id);
        if (!plan) throw std::runtime_error("专业 " + args[2] + " 今天没有有效的专业计划");
        const auto win = graduation::window(tx);
        const auto app = win ? graduation::latest_application(tx, examinee->id, win->batch_id) : std::nullopt;
        std::cout << examinee->name << " — " << plan->institution_name << " " << plan->plan.major_code << " "
                  << plan->plan.major_name << "\n";
        auto inputs = graduation::audit_inputs(tx, examinee->id, app ? app->id : 0);
        apply_application(win, app, inputs, *options);
        const eligibility::Result result = graduation::audit(plan->plan, inputs).result;
        print(result);
        if (options->suggest) print_english_suggestion(plan->plan, inputs);
        if (options->what_if) print_what_if(tx, args[1], app, inputs);
        return result.eligible ? 0 : 3;
    });
}

}  // namespace zk::ctl
