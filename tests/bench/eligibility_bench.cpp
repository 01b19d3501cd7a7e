// eligibility_bench.cpp: PERF-2, audits per second on one thread for the seed's plan 080901
// 计算机科学与技术(本科) (SPEC §18) and a 25-course transcript (every required course, three
// of them through new-plan 一对一 substitutes, plus extras), using a prepared Auditor; then
// the AUD-6 what-if (rank_majors) over six made-up 太原理工大学 专升本 plans that share
// courses, through the free function that prepares every plan per call.
// Trusts only common/domain/eligibility; plans other than 080901 are plausible inventions, not seed data.
// Build (or use an audit-bench CMake target linked to zikao_common):
//   g++ -std=c++20 -O2 -I. tests/bench/eligibility_bench.cpp common/domain/eligibility/engine.cpp common/domain/eligibility/assignment.cpp
#include "common/domain/eligibility/auditor.hpp"
#include "common/domain/eligibility/engine.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace zk::eligibility;

namespace {

struct C {
    const char* code;
    const char* name;
    int credits;
};

Plan make_plan(const char* code, const char* name, const std::vector<C>& courses) {
    Plan p;
    p.major_code = code;
    p.major_name = name;
    p.level = "专升本";
    for (const C& c : courses) {
        RequiredCourse r{c.code, c.name, c.credits, RequirementKind::Required};
        const std::string n = c.name;
        if (n.find("毕业论文") != std::string::npos) r.kind = RequirementKind::Thesis;
        if (n.find("实践") != std::string::npos) r.kind = RequirementKind::Practice;
        p.required.push_back(r);
        p.min_total_credits += c.credits;
    }
    return p;
}

const C kEnglish{"00015", "英语(二)", 14};
const C kMath{"00023", "高等数学(工本)", 10};
const C kProb{"02197", "概率论与数理统计(二)", 3};
const C kHistory{"03708", "中国近现代史纲要", 2};
const C kMarx{"03709", "马克思主义基本原理概论", 4};

Plan plan_080901() {
    return make_plan("080901", "计算机科学与技术(本科)",
                     {{"04734", "数据结构(实践)", 2}, kEnglish, kMath, kProb, {"02324", "离散数学", 4},
                      {"02331", "数据结构", 3}, {"02325", "计算机系统结构", 4}, {"02326", "操作系统", 4},
                      {"02327", "操作系统(实践)", 1}, {"02333", "软件工程", 3}, {"02334", "软件工程(实践)", 1},
                      kHistory, kMarx, {"04735", "数据库系统原理", 4}, {"04736", "数据库系统原理(实践)", 2},
                      {"04737", "C++程序设计", 3}, {"04738", "C++程序设计(实践)", 2}, {"04741", "计算机网络原理", 4},
                      {"04747", "Java语言程序设计(一)", 3}, {"04748", "Java语言程序设计(一)(实践)", 1},
                      {"11689", "计算机科学与技术(本科)毕业论文", 6}});
}

// The rest of 太原理工大学's 专升本 majors: invented lists around the shared public courses.
std::vector<Plan> institution_plans() {
    std::vector<Plan> plans;
    plans.push_back(make_plan("080204", "机械电子工程(本科)",
                              {kEnglish, kMath, kProb, kHistory, kMarx, {"02194", "工程经济", 4},
                               {"02202", "传感器与检测技术", 4}, {"02238", "模拟、数字及电力电子技术", 6},
                               {"02239", "模拟、数字及电力电子技术(实践)", 2}, {"02240", "机械工程控制基础", 4},
                               {"02241", "工业用微型计算机", 4}, {"02242", "工业用微型计算机(实践)", 1},
                               {"02243", "计算机软件基础(一)", 4}, {"02331", "数据结构", 3},
                               {"11690", "机械电子工程(本科)毕业论文", 6}}));
    plans.push_back(plan_080901());
    plans.push_back(make_plan("081001", "土木工程(本科)",
                              {kEnglish, kMath, kProb, kHistory, kMarx, {"02394", "房屋建筑学", 4},
                               {"02395", "混凝土及砌体结构", 5}, {"02396", "钢结构", 4}, {"02398", "土力学及地基基础", 4},
                               {"02404", "工程地质及土力学", 4}, {"02439", "结构力学(二)", 5},
                               {"02440", "混凝土结构设计", 4}, {"02442", "钢结构(实践)", 2},
                               {"02194", "工程经济", 4}, {"11691", "土木工程(本科)毕业论文", 6}}));
    plans.push_back(make_plan("081501", "采矿工程(本科)",
                              {kEnglish, kMath, kProb, kHistory, kMarx, {"02404", "工程地质及土力学", 4},
                               {"05801", "矿山压力与岩层控制", 5}, {"05802", "采矿学", 6}, {"05803", "矿井通风与安全", 5},
                               {"05804", "矿山机械", 4}, {"05805", "采矿学(实践)", 2}, {"02194", "工程经济", 4},
                               {"11692", "采矿工程(本科)毕业论文", 6}}));
    plans.push_back(make_plan("120103", "工程管理(本科)",
                              {kEnglish, kHistory, kMarx, {"00020", "高等数学(一)", 6}, {"02194", "工程经济", 4},
                               {"02628", "管理经济学", 4}, {"04230", "建设工程合同(含FIDIC)", 5},
                               {"06087", "工程项目管理", 6}, {"06088", "工程项目管理(实践)", 2}, {"00067", "财务管理学", 6},
                               {"02142", "数据结构导论", 4}, {"11693", "工程管理(本科)毕业论文", 6}}));
    plans.push_back(make_plan("120201", "工商管理(本科)",
                              {kEnglish, kHistory, kMarx, {"00020", "高等数学(一)", 6}, {"00067", "财务管理学", 6},
                               {"00151", "企业经营战略", 6}, {"00152", "组织行为学", 4}, {"00149", "国际贸易理论与实务", 6},
                               {"02628", "管理经济学", 4}, {"00054", "管理学原理", 6},
                               {"11694", "工商管理(本科)毕业论文", 6}}));
    return plans;
}

// The seed's one-to-one rules plus a province-sized tail of rules for other majors, which
// every audit must look past.
std::vector<SubstitutionRule> province_rules() {
    std::vector<SubstitutionRule> rules;
    auto one = [&](const char* id, const char* n, const char* o, std::vector<std::string> majors) {
        rules.push_back({id, RuleKind::OneToOne, {n}, {o}, 20240401, 0, std::move(majors)});
    };
    one("R13000", "13000", "00015", {});
    one("R13003", "13003", "02331", {"080901", "080204"});
    one("R13013", "13013", "04747", {"080901"});
    one("R13180", "13180", "02326", {"080901"});
    rules.push_back({"M14263", RuleKind::AnyOneOf, {"14263"}, {"02325", "02241"}, 20240401, 0, {"080901", "080204"}});
    for (int i = 0; i < 200; ++i) {
        const std::string n = std::to_string(15000 + i), o = std::to_string(20000 + i);
        rules.push_back({"X" + n, RuleKind::OneToOne, {n}, {o}, 20240401, 0, {std::to_string(100000 + i)}});
    }
    return rules;
}

std::vector<PassedCourse> transcript() {
    std::vector<PassedCourse> t;
    auto pass = [&](const char* code, const char* name, int credits, int date) {
        t.push_back({code, name, credits, date, "70", Source::Exam, true, false});
    };
    const Plan p = plan_080901();
    for (const RequiredCourse& r : p.required) {
        if (r.code == "00015" || r.code == "02331" || r.code == "04747") continue;
        pass(r.code.c_str(), r.name.c_str(), r.credits, 20220415);
    }
    pass("13000", "英语(专升本)", 7, 20240420);
    pass("13003", "数据结构与算法", 4, 20241020);
    pass("13013", "高级语言程序设计", 4, 20241020);
    pass("13180", "操作系统", 4, 20250412);
    pass("14263", "数字逻辑设计", 4, 20250412);
    pass("00018", "计算机应用基础", 2, 20190413);
    pass("02142", "数据结构导论", 4, 20191019);
    return t;  // 18 + 7 = 25 courses
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
    const std::vector<SubstitutionRule> rules = province_rules();
    const std::vector<PassedCourse> passed = transcript();
    const Auditor auditor(plan_080901(), rules);
    const Choices none;

    const Result check = auditor.run(passed, none);
    if (passed.size() != 25 || !check.eligible || check.credits_used != 80) {
        std::fprintf(stderr, "audit_bench: the benchmark transcript should be eligible with 80 credits\n");
        return 1;
    }

    long audits = 0, eligible = 0;
    auto t0 = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < 2.0) {
        for (int i = 0; i < 1000; ++i) eligible += auditor.run(passed, none).eligible ? 1 : 0;
        audits += 1000;
        elapsed = seconds_since(t0);
    }
    std::printf("audit: %.0f audits/s (080901, 25-course transcript)\n", static_cast<double>(audits) / elapsed);

    const std::vector<Plan> plans = institution_plans();
    long rankings = 0, first_eligible = 0;
    t0 = std::chrono::steady_clock::now();
    elapsed = 0;
    while (elapsed < 2.0) {
        for (int i = 0; i < 100; ++i) {
            const std::vector<WhatIf> ranked = rank_majors(plans, passed, rules, none);
            first_eligible += ranked.front().result.eligible ? 1 : 0;
        }
        rankings += 100;
        elapsed = seconds_since(t0);
    }
    std::printf("what-if: %.0f rankings/s (%zu majors)\n", static_cast<double>(rankings) / elapsed, plans.size());
    return eligible == audits && first_eligible == rankings ? 0 : 1;
}
