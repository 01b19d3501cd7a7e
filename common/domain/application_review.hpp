// application_review.hpp: what happens to an application after 提交 (APP-5 … APP-7,
// REV-2): 系统审核 when its graduation photo is verified, the county office's 预审, the
// 旧计划 certificates a clerk checks, 材料已交回, and the 省审定组's 审定.
//
// 系统审核. When the photo is verified, the application is audited afresh (today's plans,
// transcript and rules; the audits are stored again for the reviewers). It passes at once
// (预审通过, "系统审核通过") when every chosen major is met and the examinee chose nothing
// by hand; otherwise it goes to 县区招办预审. What the examinee chose by hand is what a
// person must look at: 旧计划 courses (their certificates are scans), 一门顶多门 / 任选一门
// choices, and an 英语(二) replacement — the last one because the replacement set is the
// examinee's own pick among many and changes which courses carry the 英语(二) credits, so
// a clerk confirms it (李娜's application goes to 预审). One-to-one substitutions and
// 免考 are applied by the rules alone and are not manual.
//
// Every staff decision runs in the caller's transaction after the caller locked the
// application inside the staff member's scope (store::application_reviews::lock_status);
// each is one conditional UPDATE of the current state (false when another clerk was
// first: the caller answers "已被处理"), with its timeline row, and its line in the staff
// audit log with before and after.
// SECURITY: reasons are judged here (length, clean UTF-8) before they are stored and shown.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/domain/graduation.hpp"

namespace zk::application_review {

// ---- 系统审核 ----

// One chosen major as the fresh audit saw it (`result` null: no plan in force).
struct MajorOutcome {
    std::string name;  // 太原理工大学 计算机科学与技术(本科)
    const eligibility::Result* result = nullptr;
};
struct Verdict {
    bool pass = false;
    std::vector<std::string> reasons;  // why a person must look (empty when pass)
};
// Pure: the 系统审核 decision from the application's audit inputs and its majors' audits.
Verdict judge(const graduation::AuditInputs& inputs, const std::vector<MajorOutcome>& majors);

// The photo of a submitted application has just been verified (by the verifier, a clerk, or
// carried over at 重新申请): runs 系统审核 and moves the application on. Returns the new
// status ('prereview_passed' or 'prereview'); nullopt when it was no longer 'submitted'.
std::optional<std::string> photo_verified(pqxx::transaction_base& tx, std::int64_t application_id,
                                          std::int64_t examinee_id);

// ---- 预审 ----

struct ReasonCode {
    const char* code;
    const char* label;
};
// 成绩不符, 顶替课程不符, 旧计划材料不全, 照片不合格, 学历信息不一致, 其他 (in this order).
const std::vector<ReasonCode>& prereview_reasons();
// The label of a code; nullptr when unknown.
const char* reason_label(const std::string& code);

inline constexpr std::size_t kMaxReason = 500;  // characters of a typed reason
// The message for a 预审 refusal, or nullopt when acceptable: a known code, and a text (already
// trimmed) of at most 500 characters of clean UTF-8, required (at least 2) for 其他.
std::optional<std::string> prereview_reason_error(const std::string& code, const std::string& text);
// The message for a 审定未通过 reason (trimmed): 2 to 500 characters of clean UTF-8.
std::optional<std::string> final_reason_error(const std::string& text);
// What the examinee reads: "成绩不符：…" (the label alone without text).
std::string prereview_reason_text(const std::string& code, const std::string& text);

bool approve_prereview(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id);
bool refuse_prereview(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                      const std::string& code, const std::string& text);

// 旧计划 certificate check, while the application is in 预审: marks the course verified or
// not, audits the application again with it, and stores the new audits (the result the
// clerk then decides on). nullopt when the application has no such course; otherwise
// whether every chosen major is now met.
std::optional<bool> check_oldplan(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id,
                                  const std::string& course_code, bool verified, std::int64_t staff_id);
// Audits the application again and stores the audits; whether every chosen major is met.
bool reaudit(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id);

// ---- after payment ----

// 材料已交回: regform_filled → materials_returned.
bool mark_materials_returned(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id);
// The registration form can no longer be changed (the regform module relies on this).
bool registration_form_locked(const std::string& status);

// 审定 (省审定组): materials_returned → approved / rejected.
bool approve_final(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id);
bool refuse_final(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                  const std::string& reason);

// ---- 重新申请 (APP-7) ----

// Attempt 2 from a refused attempt 1 (the caller checked the window and the state under
// the row lock): a draft with the same data; the verified graduation photo goes along
// unless the refusal was 照片不合格. nullopt when attempt 2 exists already.
std::optional<std::int64_t> start_second_attempt(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id,
                                                 const store::applications::Application& first);

}  // namespace zk::application_review
