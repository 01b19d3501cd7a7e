// substitutions.cpp: see substitutions.hpp.
#include "common/store/substitutions.hpp"

#include "common/base/db.hpp"

namespace zk::store::substitutions {
const db::Statement kEnglishClear{"substitutions_english_clear", R"sql(
    DELETE FROM application_english_courses WHERE application_id = $1
)sql"};
void clear_english(pqxx::transaction_base& tx, std::int64_t application_id) { kEnglishClear(tx, application_id); }

const db::Statement kEnglishAdd{"substitutions_english_add", R"sql(
    INSERT INTO application_english_courses (application_id, course_code) VALUES ($1, $2)
)sql"};
void set_english(pqxx::transaction_base& tx, std::int64_t application_id, const std::vector<std::string>& codes) {
    kEnglishClear(tx, application_id);
    for (const auto& code : codes) kEnglishAdd(tx, application_id, code);
}

const db::Statement kNewplanAdd{"substitutions_newplan_add", R"sql(
    INSERT INTO application_substitutions (application_id, rule_id, new_code, old_codes)
    VALUES ($1, $2, $3, string_to_array($4, ','))
)sql"};
void add_substitution(pqxx::transaction_base& tx, std::int64_t application_id,
                      const eligibility::ChosenSubstitution& chosen) {
    std::string old_codes;
    for (const auto& c : chosen.old_codes) old_codes += (old_codes.empty() ? "" : ",") + c;
    kNewplanAdd(tx, application_id, chosen.rule_id, chosen.new_code, old_codes);
}

const db::Statement kNewplanRemove{"substitutions_newplan_remove", R"sql(
    DELETE FROM application_substitutions WHERE application_id = $1 AND rule_id = $2 AND new_code = $3
)sql"};
void remove_substitution(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& rule_id,
                         const std::string& new_code) {
    kNewplanRemove(tx, application_id, rule_id, new_code);
}

const db::Statement kOldplanList{"substitutions_oldplan_list", R"sql(
    SELECT course_code, course_name, to_char(passed_on, 'YYYY-MM-DD') AS passed_on, score, verified
    FROM application_oldplan_courses WHERE application_id = $1 ORDER BY course_code
)sql"};
std::vector<OldPlanCourse> oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<OldPlanCourse> out;
    for (const auto& r : kOldplanList(tx, application_id))
        out.push_back({db::text(r["course_code"]), db::text(r["course_name"]), db::text(r["passed_on"]),
                       db::text(r["score"]), r["verified"].as<bool>(false)});
    return out;
}

const db::Statement kOldplanClear{"substitutions_oldplan_clear", R"sql(
    DELETE FROM application_oldplan_courses WHERE application_id = $1
)sql"};
const db::Statement kOldplanAdd{"substitutions_oldplan_add", R"sql(
    INSERT INTO application_oldplan_courses (application_id, course_code, course_name, passed_on, score)
    VALUES ($1, $2, $3, $4::date, $5)
)sql"};
void clear_oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id) {
    kOldplanClear(tx, application_id);
}

void add_oldplan_course(pqxx::transaction_base& tx, std::int64_t application_id, const OldPlanCourse& c) {
    kOldplanAdd(tx, application_id, c.code, c.name, c.passed_on, c.score);
}

const db::Statement kOldplanRemove{"substitutions_oldplan_remove", R"sql(
    DELETE FROM application_oldplan_courses WHERE application_id = $1 AND course_code = $2
)sql"};
bool remove_oldplan_course(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& code) {
    return kOldplanRemove(tx, application_id, code).affected_rows() > 0;
}

const db::Statement kArchivePut{"substitutions_archive_put", R"sql(
    INSERT INTO application_archives (application_id, file_name, format, size_bytes, sha256, entries, data)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
    ON CONFLICT (application_id) DO UPDATE SET file_name = EXCLUDED.file_name, format = EXCLUDED.format,
      size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256, entries = EXCLUDED.entries,
      data = EXCLUDED.data, uploaded_at = now()
)sql"};
void put_archive(pqxx::transaction_base& tx, std::int64_t application_id, const ArchiveUpload& a) {
    kArchivePut(tx, application_id, a.file_name, a.format, static_cast<std::int64_t>(a.data.size()), db::bytes(a.sha256),
                a.entries_json, db::bytes(a.data));
}

const db::Statement kArchiveInfo{"substitutions_archive_info", R"sql(
    SELECT file_name, format, size_bytes, jsonb_array_length(entries) AS entry_count,
           to_char(uploaded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS uploaded_at
    FROM application_archives WHERE application_id = $1
)sql"};
std::optional<ArchiveInfo> archive_info(pqxx::transaction_base& tx, std::int64_t application_id) {
    auto r = kArchiveInfo(tx, application_id);
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    return ArchiveInfo{db::text(row["file_name"]), db::text(row["format"]), row["size_bytes"].as<std::int64_t>(),
                       row["entry_count"].as<int>(0), db::text(row["uploaded_at"])};
}

const db::Statement kArchiveClear{"substitutions_archive_clear", R"sql(
    DELETE FROM application_archives WHERE application_id = $1
)sql"};
void clear_archive(pqxx::transaction_base& tx, std::int64_t application_id) { kArchiveClear(tx, application_id); }

}  // namespace zk::store::substitutions
