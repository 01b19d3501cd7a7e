// plans.hpp: 查询中心 pages of module `center` (CTR-3): 合格成绩查询 (/scores) and
// 专业计划查询 (/plans). Read-only.
#pragma once
#include "common/web/app.hpp"

namespace zk::center {
void show_scores(Context& ctx);  // GET /scores: the logged-in examinee's passed courses
void show_plans(Context& ctx);   // GET /plans and /plans?major=ID
}  // namespace zk::center
