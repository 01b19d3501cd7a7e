// graduation.hpp: what the 毕业申请 modules (apply, substitute, verify's 学信网 pages)
// share: the current batch's 毕业申请 window, the examinee's application of this batch,
// the audit inputs of an application (transcript with provisional old-plan courses, the
// substitution rules and the chosen substitutions), the audits of its majors, and the
// 学信网 rule for 本科 applications (CHSI-4). The data comes from common/store
// (applications, plans); a request reads the audit inputs once (audit_inputs) and audits
// every major with them, so the number of statements does not grow with the majors.
// SECURITY: every function takes the examinee id from the caller's session; nothing here
// trusts an id from a request. Window checks are made in SQL against now().
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/crypto.hpp"
#include "common/base/db.hpp"
#include "common/domain/eligibility/engine.hpp"
#include "common/store/applications.hpp"
#include "common/store/plans.hpp"

namespace zk::graduation {

using Window = store::applications::Window;
// The 毕业申请 window of the current batch; nullopt when there is no current batch or no
// window for it (未开放).
std::optional<Window> window(pqxx::transaction_base& tx);

using Application = store::applications::Application;
// The examinee's latest application (highest attempt) in the batch, if any.
std::optional<Application> latest_application(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);
// The examinee's draft in the batch, created when missing (attempt 1), locked FOR UPDATE.
// nullopt when the latest application is no longer a draft (submitted: nothing can change).
std::optional<Application> lock_draft(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);

using ChosenMajor = store::applications::ChosenMajor;
std::vector<ChosenMajor> chosen_majors(pqxx::transaction_base& tx, std::int64_t application_id);

// The examinee's passed courses plus the application's old-plan courses (provisional,
// source OldPlanCertificate, verified as staff marked them).
std::vector<eligibility::PassedCourse> transcript(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                                  std::int64_t application_id);
// The substitutions and the 英语(二) set chosen for the application.
eligibility::Choices choices(pqxx::transaction_base& tx, std::int64_t application_id);

// Everything an audit of the application reads besides the plan, read once per request.
struct AuditInputs {
    std::vector<eligibility::PassedCourse> transcript;           // as transcript()
    std::vector<store::applications::OldPlanCourse> oldplan;     // the application's part of it
    std::vector<eligibility::SubstitutionRule> rules;
    eligibility::Choices choices;                                // none without an application
};
// application_id 0: the examinee's passed courses only, no choices.
AuditInputs audit_inputs(pqxx::transaction_base& tx, std::int64_t examinee_id, std::int64_t application_id);

// The audit of one major for the application.
struct MajorAudit {
    eligibility::Plan plan;
    eligibility::Result result;
};
MajorAudit audit(eligibility::Plan plan, const AuditInputs& inputs);
// The audits of several majors with the plans read in one go, by major id; a major without
// a plan in force today is absent.
std::map<int, MajorAudit> audit_majors(pqxx::transaction_base& tx, const AuditInputs& inputs,
                                       const std::vector<int>& major_ids);
// The plans in force today of the chosen majors (those with a major chosen), read in one
// go, by major id; a major without a plan in force is absent.
std::map<int, store::plans::MajorPlan> chosen_plans(pqxx::transaction_base& tx,
                                                    const std::vector<ChosenMajor>& majors);

// 本科 applications (majors whose level is 本科 or 专升本) need a verified 学信网 record
// whose 姓名, 证件号码 and 性别 match the examinee exactly, at 专科 level or higher (CHSI-4).
bool needs_prior_education(const std::string& major_level);
// nullopt when allowed; otherwise the Chinese message telling them to contact the
// 市（县、区）招办.
std::optional<std::string> prior_education_block(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher,
                                                 std::int64_t examinee_id);

}  // namespace zk::graduation
