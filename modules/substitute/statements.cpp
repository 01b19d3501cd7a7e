// statements.cpp: the SQL of module `substitute`, all prepared, plus graduation's.
// SECURITY: parameters only; old_codes arrive as one comma-joined parameter of codes taken
// from the rule table and are split by string_to_array in SQL.
#include "modules/substitute/substitute.hpp"

namespace zk::substitute {

db::Statements statements() {
    db::Statements s = {
        {"sub_english_clear", "DELETE FROM application_english_courses WHERE application_id = $1"},
        {"sub_english_add", "INSERT INTO application_english_courses (application_id, course_code) VALUES ($1, $2)"},
        {"sub_newplan_add",
         "INSERT INTO application_substitutions (application_id, rule_id, new_code, old_codes) "
         "VALUES ($1, $2, $3, string_to_array($4, ','))"},
        {"sub_newplan_delete",
         "DELETE FROM application_substitutions WHERE application_id = $1 AND rule_id = $2 AND new_code = $3"},
        {"sub_oldplan_clear", "DELETE FROM application_oldplan_courses WHERE application_id = $1"},
        {"sub_oldplan_add",
         "INSERT INTO application_oldplan_courses (application_id, course_code, course_name, passed_on, score) "
         "VALUES ($1, $2, $3, $4::date, $5)"},
        {"sub_oldplan_list",
         "SELECT course_code, course_name, to_char(passed_on, 'YYYY-MM-DD') AS passed_on, score, verified "
         "FROM application_oldplan_courses WHERE application_id = $1 ORDER BY course_code"},
        {"sub_archive_clear", "DELETE FROM application_archives WHERE application_id = $1"},
        {"sub_archive_put",
         "INSERT INTO application_archives (application_id, file_name, format, size_bytes, sha256, entries, data) "
         "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) "
         "ON CONFLICT (application_id) DO UPDATE SET file_name = EXCLUDED.file_name, format = EXCLUDED.format, "
         "  size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256, entries = EXCLUDED.entries, "
         "  data = EXCLUDED.data, uploaded_at = now()"},
        {"sub_archive_info",
         "SELECT file_name, format, size_bytes, jsonb_array_length(entries) AS entry_count, "
         "       to_char(uploaded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS uploaded_at "
         "FROM application_archives WHERE application_id = $1"},
    };
    for (auto& st : graduation::statements()) s.push_back(std::move(st));
    return s;
}

}  // namespace zk::substitute
