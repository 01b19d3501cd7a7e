// substitutions.hpp: what an examinee enters on the 顶替 screens for a draft application:
// the 英语(二) replacement set, the 一门顶多门 / 任选一门 substitutions, the old-plan
// courses (实践课考核卡) and the one archive of their scans. Reading them back for the
// audit is graduation::choices / graduation::transcript.
// SECURITY: trusts its callers to pass the id of an application the examinee owns, locked
// as a draft, and values already checked; every statement takes them as parameters.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/domain/eligibility/engine.hpp"

namespace zk::store::substitutions {

// The 英语(二) set: cleared, or replaced by `codes` as a whole.
void clear_english(pqxx::transaction_base& tx, std::int64_t application_id);
void set_english(pqxx::transaction_base& tx, std::int64_t application_id, const std::vector<std::string>& codes);

// old_codes must be course codes from the rule table (they travel as one comma-joined
// parameter).
void add_substitution(pqxx::transaction_base& tx, std::int64_t application_id,
                      const eligibility::ChosenSubstitution& chosen);
void remove_substitution(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& rule_id,
                         const std::string& new_code);

struct OldPlanCourse {
    std::string code, name;
    std::string passed_on;  // YYYY-MM-DD
    std::string score;      // "60".."100" or "合格"
    bool verified = false;  // staff checked it against the scans (read only)
};
// The old-plan courses, by course code.
std::vector<OldPlanCourse> oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id);
void clear_oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id);
// One course added (not yet verified), or removed by its code; false when there was none.
void add_oldplan_course(pqxx::transaction_base& tx, std::int64_t application_id, const OldPlanCourse& course);
bool remove_oldplan_course(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& code);

struct ArchiveUpload {
    std::string file_name;     // a label only
    std::string format;        // "zip" / "rar"
    std::string sha256;        // raw 32 bytes
    std::string entries_json;  // JSON array of the entries
    std::string data;          // the archive itself
};
struct ArchiveInfo {
    std::string file_name, format;
    std::int64_t size_bytes = 0;
    int entry_count = 0;
    std::string uploaded_at;  // YYYY-MM-DD HH24:MI, China time
};
// Stores the application's one archive, replacing any earlier one.
void put_archive(pqxx::transaction_base& tx, std::int64_t application_id, const ArchiveUpload& upload);
std::optional<ArchiveInfo> archive_info(pqxx::transaction_base& tx, std::int64_t application_id);
void clear_archive(pqxx::transaction_base& tx, std::int64_t application_id);

}  // namespace zk::store::substitutions
