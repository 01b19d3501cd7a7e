// applications.hpp: the 毕业申请 tables as modules apply, substitute and verify read and
// write them: the current batch's graduation window, applications (one row per examinee,
// batch and attempt), their institutions and majors (application_majors, with the audit
// stored at 提交), the old-plan courses and substitution choices that feed the audit, and
// the 学信网 records the 本科 rule (CHSI-4) compares with the examinee.
// SECURITY: trusts its callers for ids (they come from the session); binary values
// (phone_enc, id_number_enc) stay encrypted here.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/domain/eligibility/engine.hpp"

namespace zk::store::applications {

struct Window {
    int batch_id = 0;
    std::string batch_name;     // 2025年下半年
    std::string opens, closes;  // YYYY-MM-DD (China time); empty when always open
    bool open = false;          // now() inside the window
};
// The 毕业申请 window of the current batch; nullopt when there is no current batch or no
// window for it.
std::optional<Window> graduation_window(pqxx::transaction_base& tx);

struct Application {
    std::int64_t id = 0, examinee_id = 0;
    int attempt = 1;
    std::string status;  // applications.status
    std::string county_code, address, phone_enc, prereview_reason, submitted_at;
    std::string prereview_reason_code;  // score / substitution / oldplan / photo / education / other
    bool prereview_by_system = false;   // 系统审核通过 (rather than a clerk)
    std::string final_reason;           // 审定未通过 reason
};
// The examinee's latest application (highest attempt) in the batch, if any.
std::optional<Application> latest(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);
// The same, locked FOR UPDATE until the transaction ends.
std::optional<Application> lock_latest(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);
// Attempt 1 as an empty draft unless the examinee already has it.
void create_draft(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);
// Step 1's values of a draft (nothing when it is no longer a draft).
void update_draft(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& county_code,
                  const std::string& phone_enc, const std::string& address);
// Draft → submitted, with its line in the timeline; false when it was no longer a draft.
bool submit(pqxx::transaction_base& tx, std::int64_t application_id);
// Locks the application row (FOR UPDATE) and returns its status; nullopt when it does not exist.
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t application_id);
// 重新申请: attempt 2 as a draft with attempt 1's step-1 values, majors and 新计划 / 英语(二)
// choices (not its 旧计划 courses, verified per application); nullopt when
// attempt 2 exists already.
std::optional<std::int64_t> create_second_attempt(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id,
                                                  const Application& first);

struct ChosenMajor {
    int seq = 0;
    std::string institution_code, institution_name;
    int major_id = 0;  // 0 while not chosen yet
    std::string major_code, major_name, level;
    std::string major_institution_code;  // the institution the major belongs to
    std::optional<bool> eligible;
};
std::vector<ChosenMajor> majors(pqxx::transaction_base& tx, std::int64_t application_id);
// The institutions of a draft, in this order (seq 1, 2, …), each with its major (0: none).
struct InstitutionChoice {
    std::string institution_code;
    int major_id = 0;
};
void set_institutions(pqxx::transaction_base& tx, std::int64_t application_id,
                      const std::vector<InstitutionChoice>& institutions);
// A new major at one institution; its stored audit is cleared.
void choose_major(pqxx::transaction_base& tx, std::int64_t application_id, int seq, int major_id);
struct MajorAudit {
    int seq = 0, major_id = 0;
    bool eligible = false;
    std::string audit_json;  // a JSON object
};
// Stores the audits of several majors at once (application_majors.eligible, audit_json).
void store_audits(pqxx::transaction_base& tx, std::int64_t application_id, const std::vector<MajorAudit>& audits);

// The audits stored at 提交, as the status page shows them.
struct StoredAudit {
    int seq = 0;
    std::string credits_used, min_total;
    struct Course {
        std::string code, name, credits, how, note;  // how: the code of audit_json ("missing" when absent)
    };
    std::vector<Course> required;
    bool eligible = false;
    std::vector<std::string> reasons;  // the audit's own lines (what is missing)
    struct Group {
        std::string title, credits, min_credits, count, min_count;
        bool satisfied = false;
        std::vector<std::string> by_codes;
    };
    std::vector<Group> groups;  // only from stored_audits_with_groups
};
std::vector<StoredAudit> stored_audits(pqxx::transaction_base& tx, std::int64_t application_id);
// The same with the 选考 groups (what the back office shows).
std::vector<StoredAudit> stored_audits_with_groups(pqxx::transaction_base& tx, std::int64_t application_id);

// 旧计划课程 entered for the application (provisional until staff verify them).
struct OldPlanCourse {
    std::string code, name;
    int credits = 0;      // 0 when the course is not in the catalogue
    int passed_on = 0;    // yyyymmdd
    std::string score;
    bool verified = false;
    bool refused = false;  // a clerk checked the certificate and did not verify it (0008: checked_by set)
};
std::vector<OldPlanCourse> oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id);
// The substitutions and the 英语(二) set chosen for the application.
eligibility::Choices choices(pqxx::transaction_base& tx, std::int64_t application_id);

// The examinee's own 姓名, 证件号码 and 性别 next to every verified 学信网 record.
struct PriorEducation {
    std::string name, id_number_enc, gender;
    struct Record {
        std::string name, id_number_enc, gender, level;
    };
    std::vector<Record> records;  // in the order they were stored
};
std::optional<PriorEducation> prior_education(pqxx::transaction_base& tx, std::int64_t examinee_id);

}  // namespace zk::store::applications
