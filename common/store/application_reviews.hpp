// application_reviews.hpp: the application's way through the back office (APP-5 … APP-7,
// REV-1, REV-2): its transitions after 提交 (系统审核, 预审, 材料已交回, 审定), each one
// conditional UPDATE of the current state that writes its line in the timeline in the same
// statement; the queues; one application with everything a clerk reads; and the 旧计划
// courses a clerk checks against the scans.
// SECURITY: every read and lock the back office makes takes the staff member's profile and
// carries that scope (scope.hpp) in its WHERE clause, over the APPLICATION's county
// (毕业申请区县): outside the scope a row is as absent as one that does not exist. The
// transitions trust their caller to have locked the row inside the scope first. Encrypted
// columns are returned encrypted.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/store/profiles.hpp"
#include "common/store/scope.hpp"

namespace zk::store::application_reviews {

// ---- transitions: false when the application was not in `from` (nothing written) ----

// 系统审核 (actor system): submitted → prereview_passed (prereview_by_system) or → prereview.
bool system_pass(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& note);
bool system_to_prereview(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& note);
// 支付成功 (actor system): prereview_passed → paid, `note` naming the order.
bool system_paid(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& note);
// A staff member's transition without a reason (预审通过, 材料已交回, 审定通过).
bool staff_move(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& from,
                const std::string& to, std::int64_t staff_id);
// prereview → prereview_failed with the reason code and the text the examinee reads.
bool refuse_prereview(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                      const std::string& code, const std::string& reason);
// materials_returned → rejected (审定未通过) with its reason.
bool refuse_final(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                  const std::string& reason);

// ---- queues ----

// Waiting counts within the scope for the back-office home.
struct Counts {
    std::int64_t prereview = 0, oldplan = 0, materials = 0, final_review = 0;
};
Counts counts(pqxx::transaction_base& tx, const StaffProfile& staff);

struct Filter : scope::QueueFilter {
    std::vector<std::string> statuses;  // applications.status codes (the queue's tab)
    std::string oldplan;                // "" any, "unchecked": some 旧计划 course not checked yet, "checked": all checked
};
struct Row {
    std::int64_t id = 0, examinee_id = 0;
    int attempt = 1;
    std::string status, name, ticket_no, county_name, majors, submitted, updated;
    std::optional<std::string> id_number_enc;
    bool by_system = false;
    int oldplan_unchecked = 0, oldplan_total = 0;
};
using Page = scope::Page<Row>;
// Oldest change first, so what waits longest comes first.
Page list(pqxx::transaction_base& tx, const Filter& filter, const StaffProfile& staff);

// ---- one application ----

struct Detail {
    std::int64_t id = 0, examinee_id = 0;
    int attempt = 1;
    std::string status, county_code, county_name, address, submitted;
    std::string name, ticket_no, gender;
    std::optional<std::string> id_number_enc, phone_enc;  // phone: the application's 手机号
    bool by_system = false;
    std::string prereview_reason, prereview_reason_code, final_reason;
};
std::optional<Detail> detail(pqxx::transaction_base& tx, std::int64_t application_id, const StaffProfile& staff);

// Locks the application row (FOR UPDATE) inside the scope and returns its status.
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t application_id,
                                       const StaffProfile& staff);

// The timeline, oldest first (call after detail() found the application in scope).
struct Event {
    std::string at, from_status, to_status, actor, staff_name, note;
};
std::vector<Event> events(pqxx::transaction_base& tx, std::int64_t application_id);

// The chosen 新计划顶替 and 英语(二) courses with their names.
struct ChosenSubstitution {
    std::string rule_kind, new_code, new_name;
    std::vector<std::string> old_codes;
};
std::vector<ChosenSubstitution> substitutions(pqxx::transaction_base& tx, std::int64_t application_id);
struct Course {
    std::string code, name;
    int credits = 0;
};
std::vector<Course> english_courses(pqxx::transaction_base& tx, std::int64_t application_id);

// 旧计划 courses with who checked them.
struct OldPlanCourse {
    std::string code, name, passed_on, score;
    bool verified = false, checked = false;
    std::string checked_by, checked_at;
};
std::vector<OldPlanCourse> oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id);
// Marks one course verified or not; returns the state before (verified, checked), nullopt
// when the application has no such course. The caller holds the application's lock.
struct Checked {
    bool verified = false, checked = false;
};
std::optional<Checked> check_oldplan(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& code,
                                     bool verified, std::int64_t staff_id);

// The uploaded zip/rar of scans: its listing as stored, and the bytes (for one entry).
struct ArchiveEntry {
    std::string path, type;  // type: image/jpeg, image/png, application/pdf or "directory"
    std::int64_t size = 0;
};
struct Archive {
    std::string file_name, format;
    std::int64_t size = 0;
    std::vector<ArchiveEntry> entries;  // in the archive's order (read_entry's index)
};
std::optional<Archive> archive(pqxx::transaction_base& tx, std::int64_t application_id);
std::optional<std::string> archive_bytes(pqxx::transaction_base& tx, std::int64_t application_id,
                                         const StaffProfile& staff);

// The application's verified graduation photo (JPEG), inside the scope.
std::optional<std::string> graduation_photo(pqxx::transaction_base& tx, std::int64_t application_id,
                                            const StaffProfile& staff);

}  // namespace zk::store::application_reviews
