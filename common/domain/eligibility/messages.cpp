// messages.cpp: the Chinese text of every code in messages.hpp, in one place. A code
// with too few parameters (a programming error) shows empty strings, never crashes.
#include "common/domain/eligibility/messages.hpp"

#include "common/domain/eligibility/engine.hpp"

#include <string>
#include <vector>

namespace zk::eligibility {

namespace {

const std::string& arg(const std::vector<std::string>& args, std::size_t i) {
    static const std::string none;
    return i < args.size() ? args[i] : none;
}

// The parameters from `from` on, joined: the list tails of OneForManyNeedsAll and
// OldCourseNotInRule.
std::string join_from(const std::vector<std::string>& items, std::size_t from, const char* sep) {
    std::string out;
    for (std::size_t i = from; i < items.size(); ++i) {
        if (i > from) out += sep;
        out += items[i];
    }
    return out;
}

// yyyymmdd -> YYYY-MM-DD; "日期不详" for 0 or less.
std::string date_text(const std::string& yyyymmdd) {
    if (yyyymmdd.empty() || yyyymmdd == "0" || yyyymmdd[0] == '-') return "日期不详";
    if (yyyymmdd.size() != 8) return yyyymmdd;
    return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

std::string range_text(const std::string& from, const std::string& to) {
    return (from == "0" ? std::string("不限") : date_text(from)) + "至" + (to == "0" ? std::string("不限") : date_text(to));
}

// Where a course taken by a choice was needed (UsedForEnglish / UsedForRule, args 2..4).
std::string needed_by(const std::vector<std::string>& a) {
    const std::string& kind = arg(a, 2);
    if (kind == "group") return "选考课程“" + arg(a, 3) + "”（该组尚未达到要求）";
    if (kind == "total") return "本专业总学分（总学分尚不足）";
    const char* what = kind == "thesis" ? "毕业论文" : kind == "practice" ? "实践课程" : "必考课程";
    return std::string("本专业") + what + arg(a, 3) + arg(a, 4) + "（该课程尚缺）";
}

std::string missing(const char* kind, const std::vector<std::string>& a) {
    return std::string("缺少") + kind + " " + arg(a, 0) + " " + arg(a, 1) + "（" + arg(a, 2) + "学分）";
}

}  // namespace

std::string problem_text(ProblemCode code, const std::vector<std::string>& a) {
    switch (code) {
        case ProblemCode::RuleUnknown: return "顶替方案“" + arg(a, 0) + "”不存在";
        case ProblemCode::OneToOneIsAutomatic: return "一对一顶替由系统自动处理，无需手工添加";
        case ProblemCode::RuleIncomplete: return "顶替方案“" + arg(a, 0) + "”缺少新旧课程对照，无法使用";
        case ProblemCode::NotTheRulesNewCourse:
            return "课程" + arg(a, 0) + "不是顶替方案“" + arg(a, 1) + "”的新计划课程（应为" + arg(a, 2) + "）";
        case ProblemCode::SpentEarlier: return "课程" + arg(a, 0) + "已用于以往毕业申请，不能再次使用";
        case ProblemCode::NewCourseNotPassed: return "新计划课程" + arg(a, 0) + "没有合格成绩";
        case ProblemCode::OutsideValidity:
            return "课程" + arg(a, 0) + "于" + date_text(arg(a, 1)) + "合格，不在顶替方案“" + arg(a, 2) + "”的有效期（" +
                   range_text(arg(a, 3), arg(a, 4)) + "）内";
        case ProblemCode::NewCourseAlreadyUsed: return "新计划课程" + arg(a, 0) + "已用于其他顶替，不能重复使用";
        case ProblemCode::OneForManyNeedsAll:
            return "一门顶多门方案“" + arg(a, 0) + "”须同时顶替全部旧计划课程：" + join_from(a, 1, "、");
        case ProblemCode::AnyOneOfNeedsOne: return "任选一门方案“" + arg(a, 0) + "”须且只能选择一门旧计划课程";
        case ProblemCode::OldCourseNotInRule:
            return "旧计划课程" + arg(a, 0) + "不在顶替方案“" + arg(a, 1) + "”中（可选：" + join_from(a, 2, "、") + "）";
        case ProblemCode::OldCourseAlreadyReplaced: return "旧计划课程" + arg(a, 0) + "已由其他顶替课程顶替";
        case ProblemCode::EnglishReplacesItself: return "00015英语（二）不能顶替其本身";
        case ProblemCode::EnglishDuplicate: return "课程" + arg(a, 0) + "重复选择";
        case ProblemCode::EnglishNotPassed: return "课程" + arg(a, 0) + "没有合格成绩";
        case ProblemCode::EnglishUsedBySubstitution:
            return "课程" + arg(a, 0) + "已用于新计划顶替，不能再用于顶替英语（二）";
        case ProblemCode::EnglishAlreadySubstituted: return "00015英语（二）已由所选新计划课程顶替，无需再选顶替课程";
        case ProblemCode::EnglishTooFewCredits:
            return "所选课程合计" + arg(a, 0) + "学分，顶替英语（二）需要至少" + arg(a, 1) + "学分";
    }
    return "";
}

std::string reason_text(const Reason& r) {
    const auto& a = r.args;
    switch (r.code) {
        case ReasonCode::Eligible: return "符合毕业条件";
        case ReasonCode::EligibleProvisional: return "符合毕业条件（旧计划课程待审核确认）";
        case ReasonCode::MissingRequired: return missing("必考课程", a);
        case ReasonCode::MissingThesis: return missing("毕业论文", a);
        case ReasonCode::MissingPractice: return missing("实践课程", a);
        case ReasonCode::GroupShort: {
            const bool count = arg(a, 3) != "0" && !arg(a, 3).empty();
            const bool credits = arg(a, 4) != "0" && !arg(a, 4).empty();
            std::string need = (count ? arg(a, 3) + "门" : std::string()) + (credits ? arg(a, 4) + "学分" : std::string());
            return "选考课程“" + arg(a, 0) + "”未达到要求：已有" + arg(a, 1) + "门" + arg(a, 2) + "学分，需至少" + need;
        }
        case ReasonCode::TotalCreditsShort:
            return "总学分不足：已获" + arg(a, 0) + "学分，需至少" + arg(a, 1) + "学分，还差" + arg(a, 2) + "学分";
        case ReasonCode::PendingCertificate:
            return "课程" + arg(a, 0) + arg(a, 1) + "为旧计划课程合格证（实践课考核卡），待工作人员审核确认";
        case ReasonCode::EnglishNotApplied:
            return "顶替英语（二）未采用：" + (r.problem ? problem_text(*r.problem, a) : std::string());
        case ReasonCode::SubstitutionNotApplied:
            return "新计划顶替未采用：" + (r.problem ? problem_text(*r.problem, a) : std::string());
        case ReasonCode::OwnEnglishPassUnused: return "已取得00015英语（二）合格成绩，所选顶替英语（二）的课程未使用";
        case ReasonCode::UsedForEnglish:
            return "课程" + arg(a, 0) + arg(a, 1) + "已用于顶替英语（二），不能再用于" + needed_by(a);
        case ReasonCode::UsedForRule:
            return "课程" + arg(a, 0) + arg(a, 1) + "已用于顶替方案“" + arg(a, 5) + "”，不能再用于" + needed_by(a);
        case ReasonCode::SpentEarlier: return "课程" + arg(a, 0) + arg(a, 1) + "已用于以往毕业申请，不能再次使用";
        case ReasonCode::ChoiceNotForMajor:
            return "顶替方案“" + arg(a, 0) + "”（新计划课程" + arg(a, 1) + "）：该顶替规则不适用于本专业，未计入";
        case ReasonCode::EnglishNotForMajor: return "本专业计划不含00015英语（二），所选顶替英语（二）的课程未计入";
    }
    return "";
}

std::string requirement_note(How how, const std::vector<std::string>& by_codes, const std::string& first_name) {
    switch (how) {
        case How::EnglishReplacement: return "(英语二顶替: " + join_from(by_codes, 0, ", ") + ")";
        case How::AutomaticSubstitution:
        case How::ChosenSubstitution: return "(顶替课程-" + arg(by_codes, 0) + first_name + ")";
        case How::Certificate: return "(旧计划课程合格证，待审核)";
        case How::Exemption: return "(免考)";
        case How::Missing:
        case How::Direct: return "";
    }
    return "";
}

std::string group_use_note(How how, const std::string& for_code) {
    if (how == How::AutomaticSubstitution || how == How::ChosenSubstitution) return "(顶替" + for_code + ")";
    return requirement_note(how, {}, "");
}

}  // namespace zk::eligibility
