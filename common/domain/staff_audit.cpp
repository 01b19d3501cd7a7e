// staff_audit.cpp: see staff_audit.hpp. The recomputation mirrors the trigger in
// sql/migrations/0003_identity.sql.
#include "common/domain/staff_audit.hpp"

namespace zk::staff_audit {

db::Statements statements() {
    return {
        {"staff_audit_append",
         "INSERT INTO staff_audit_log (staff_id, action, subject, before, after, prev_hash, hash) "
         "VALUES ($1, $2, $3, NULLIF($4, '')::jsonb, NULLIF($5, '')::jsonb, '\\x', '\\x')"},
        {"staff_audit_verify",
         "WITH recomputed AS ( "
         "  SELECT id, hash, prev_hash, lag(hash, 1, '\\x'::bytea) OVER (ORDER BY id) AS expected_prev, "
         "         sha256(prev_hash || convert_to(concat_ws(E'\\x1f', staff_id::text, action, subject, "
         "                COALESCE(before::text, ''), COALESCE(after::text, ''), "
         "                to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')), 'UTF8')) AS expected_hash "
         "  FROM staff_audit_log) "
         "SELECT COALESCE(min(id), 0) FROM recomputed WHERE hash <> expected_hash OR prev_hash <> expected_prev"},
    };
}

void record(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& action, const std::string& subject,
            const std::string& before_json, const std::string& after_json) {
    tx.exec_prepared("staff_audit_append", staff_id, action, subject, before_json, after_json);
}

std::int64_t first_broken_link(pqxx::transaction_base& tx) {
    return tx.exec_prepared("staff_audit_verify")[0][0].as<std::int64_t>();
}

}  // namespace zk::staff_audit
