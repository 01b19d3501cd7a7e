// application_record.cpp: see application_record.hpp.
#include "common/domain/application_record.hpp"

#include <vector>

#include "common/base/json.hpp"

namespace zk::application_record {

namespace {

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json::quote(items[i]);
    return out + "]";
}
}  // namespace

std::string how_code(eligibility::How how) {
    switch (how) {
        case eligibility::How::Missing: return "missing";
        case eligibility::How::Direct: return "direct";
        case eligibility::How::AutomaticSubstitution: return "automatic";
        case eligibility::How::ChosenSubstitution: return "chosen";
        case eligibility::How::EnglishReplacement: return "english";
        case eligibility::How::Certificate: return "certificate";
        case eligibility::How::Exemption: return "exemption";
    }
    return "missing";
}

std::string how_text_of_code(const std::string& code) {
    if (code == "direct") return "考试合格";
    if (code == "automatic") return "一对一顶替";
    if (code == "chosen") return "新计划顶替";
    if (code == "english") return "顶替英语二";
    if (code == "certificate") return "旧计划课程（待核验）";
    if (code == "exemption") return "免考";
    return "缺少";
}

namespace {
// A group's courses as staff read them: the code, and what a substitute stands in for.
std::vector<std::string> group_uses(const eligibility::GroupResult& g) {
    std::vector<std::string> out;
    for (const auto& u : g.uses) out.push_back(u.code + u.note);
    return out;
}
}  // namespace

std::string audit_json(const eligibility::Result& r) {
    std::string out = "{\"eligible\":" + std::string(r.eligible ? "true" : "false") +
                      ",\"provisional\":" + (r.provisional ? "true" : "false") +
                      ",\"credits_used\":" + std::to_string(r.credits_used) +
                      ",\"min_total_credits\":" + std::to_string(r.min_total_credits) + ",\"required\":[";
    for (size_t i = 0; i < r.required.size(); ++i) {
        const auto& q = r.required[i];
        out += std::string(i ? "," : "") + "{\"code\":" + json::quote(q.code) + ",\"name\":" + json::quote(q.name) +
               ",\"credits\":" + std::to_string(q.credits) + ",\"how\":" + json::quote(how_code(q.how)) +
               ",\"by\":" + json_list(q.by_codes) + ",\"rule\":" + json::quote(q.rule_id) +
               ",\"provisional\":" + (q.provisional ? "true" : "false") + ",\"note\":" + json::quote(q.note) + "}";
    }
    out += "],\"groups\":[";
    for (size_t i = 0; i < r.groups.size(); ++i) {
        const auto& g = r.groups[i];
        out += std::string(i ? "," : "") + "{\"id\":" + json::quote(g.id) + ",\"title\":" + json::quote(g.title) +
               ",\"credits\":" + std::to_string(g.credits) + ",\"min_credits\":" + std::to_string(g.min_credits) +
               ",\"count\":" + std::to_string(g.count) + ",\"min_count\":" + std::to_string(g.min_count) +
               ",\"satisfied\":" + (g.satisfied ? "true" : "false") + ",\"by\":" + json_list(group_uses(g)) + "}";
    }
    std::vector<std::string> problems;
    for (const auto& p : r.problems) problems.push_back(p.message);
    out += "],\"problems\":" + json_list(problems) + ",\"reasons\":" + json_list(r.reasons) + "}";
    return out;
}

namespace {
// APP-6, in the order an application goes through them.
const std::pair<const char*, const char*> kStatuses[] = {
    {"draft", "未提交"},          {"submitted", "已提交"},         {"photo_verified", "照片已认证"},
    {"prereview", "预审中"},      {"prereview_passed", "预审通过"}, {"prereview_failed", "预审未通过"},
    {"paid", "已支付"},           {"regform_filled", "登记表已填"}, {"materials_returned", "材料已交回"},
    {"approved", "审定通过"},     {"rejected", "审定未通过"},
};
}  // namespace

const std::vector<std::string>& status_codes() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> v;
        for (const auto& s : kStatuses) v.emplace_back(s.first);
        return v;
    }();
    return codes;
}

std::optional<std::string> status_name(const std::string& status) {
    for (const auto& [code, text] : kStatuses)
        if (status == code) return std::string(text);
    return std::nullopt;
}

std::string status_text(const std::string& status) { return status_name(status).value_or(status); }

}  // namespace zk::application_record
