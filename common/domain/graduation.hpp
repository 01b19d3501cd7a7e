// graduation.hpp: what the 毕业申请 modules (apply, substitute, verify's 学信网 pages)
// share: the current batch's 毕业申请 window, the examinee's application of this batch,
// the audit inputs of an application (transcript with provisional old-plan courses, and
// the chosen substitutions), and the 学信网 rule for 本科 applications (CHSI-4).
// SECURITY: every function takes the examinee id from the caller's session; nothing here
// trusts an id from a request. Window checks are made in SQL against now().
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/domain/eligibility/engine.hpp"
#include "common/base/crypto.hpp"
#include "common/base/db.hpp"

namespace zk::graduation {

db::Statements statements();

struct Window {
    int batch_id = 0;
    std::string batch_name;    // 2025年下半年
    std::string opens, closes; // YYYY-MM-DD (China time); empty when always open
    bool open = false;         // now() inside the window
};
// The 毕业申请 window of the current batch; nullopt when there is no current batch or no
// window for it (未开放).
std::optional<Window> window(pqxx::transaction_base& tx);

struct Application {
    std::int64_t id = 0;
    int attempt = 1;
    std::string status;        // applications.status
    std::string county_code, address, phone_enc, prereview_reason, submitted_at;
};
// The examinee's latest application (highest attempt) in the batch, if any.
std::optional<Application> latest_application(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);
// The examinee's draft in the batch, created when missing (attempt 1), locked FOR UPDATE.
// nullopt when the latest application is no longer a draft (submitted: nothing can change).
std::optional<Application> lock_draft(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);

struct ChosenMajor {
    int seq = 0;
    std::string institution_code, institution_name;
    int major_id = 0;  // 0 while not chosen yet
    std::string major_code, major_name, level;
    std::optional<bool> eligible;
};
std::vector<ChosenMajor> chosen_majors(pqxx::transaction_base& tx, std::int64_t application_id);

// The examinee's passed courses plus the application's old-plan courses (provisional,
// source OldPlanCertificate, verified as staff marked them).
std::vector<eligibility::PassedCourse> transcript(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                            std::int64_t application_id);
// The substitutions and the 英语(二) set chosen for the application.
eligibility::Choices choices(pqxx::transaction_base& tx, std::int64_t application_id);

// The audit of one major for the application, from the database as it is now.
struct MajorAudit {
    eligibility::Plan plan;
    eligibility::Result result;
};
std::optional<MajorAudit> audit_major(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                      std::int64_t application_id, int major_id);

// 本科 applications (majors whose level is 本科 or 专升本) need a verified 学信网 record
// whose 姓名, 证件号码 and 性别 match the examinee exactly, at 专科 level or higher (CHSI-4).
bool needs_prior_education(const std::string& major_level);
// nullopt when allowed; otherwise the Chinese message telling them to contact the
// 市（县、区）招办.
std::optional<std::string> prior_education_block(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher,
                                                 std::int64_t examinee_id);

}  // namespace zk::graduation
