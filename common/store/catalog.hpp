// catalog.hpp: what 个人中心 and its 查询中心 show besides the examinee's own profile: the
// businesses with their windows of the current batch (快捷入口), every 主考院校 with its
// majors, one major, and the substitution rules as 专业计划查询 explains them. Plan
// versions, courses and passed courses come from common/store/plans.
// SECURITY: read-only; trusts the database; ids from requests are only parameters.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

namespace zk::store::catalog {

// One business (毕业申请, 实践考核, …) in display order, with its window of the current batch.
struct BusinessWindow {
    std::string title, link;
    bool has_window = false;  // a window exists for the current batch
    bool always_open = false;
    std::string opens, closes;            // YYYY-MM-DD (China time)
    long opens_epoch = 0, closes_epoch = 0;
};
std::vector<BusinessWindow> business_windows(pqxx::transaction_base& tx);

struct Major {
    int id = 0;
    std::string code, name, level, institution_code, institution_name;
};
// Every 主考院校 in display order, each with its majors by level (专科, 本科, 专升本) and
// code; an institution without majors comes once with id 0.
std::vector<Major> majors_by_institution(pqxx::transaction_base& tx);
std::optional<Major> major(pqxx::transaction_base& tx, int major_id);

// The substitution rules for every major or for this one that replace a course of the
// plan: one_to_one first, then one_for_many, any_one_of; rules closed by a valid_to last.
struct PlanRule {
    std::string id, kind, new_code, new_name, valid_from, valid_to, note;  // dates YYYY-MM-DD or ""
    std::vector<std::pair<std::string, std::string>> olds;                 // code, name in plan order
};
std::vector<PlanRule> plan_rules(pqxx::transaction_base& tx, const std::string& major_code, int plan_id);

}  // namespace zk::store::catalog
