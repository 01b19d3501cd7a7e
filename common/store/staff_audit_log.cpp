// staff_audit_log.cpp: see staff_audit_log.hpp. The recomputation mirrors the trigger in
// sql/migrations/0003_identity.sql.
#include "common/store/staff_audit_log.hpp"

#include "common/base/db.hpp"

namespace zk::store::staff_audit_log {
const db::Statement kAppend{"staff_audit_log_append",
    "INSERT INTO staff_audit_log (staff_id, action, subject, before, after, prev_hash, hash) "
    "VALUES ($1, $2, $3, NULLIF($4, '')::jsonb, NULLIF($5, '')::jsonb, '\\x', '\\x')"};
void append(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& action, const std::string& subject,
            const std::string& before_json, const std::string& after_json) {
    kAppend(tx, staff_id, action, subject, before_json, after_json);
}

const db::Statement kFirstBroken{"staff_audit_log_first_broken_link",
    "WITH recomputed AS ( "
    "  SELECT id, hash, prev_hash, lag(hash, 1, '\\x'::bytea) OVER (ORDER BY id) AS expected_prev, "
    "         sha256(prev_hash || convert_to(concat_ws(E'\\x1f', staff_id::text, action, subject, "
    "                COALESCE(before::text, ''), COALESCE(after::text, ''), "
    "                to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')), 'UTF8')) AS expected_hash "
    "  FROM staff_audit_log) "
    "SELECT COALESCE(min(id), 0) FROM recomputed WHERE hash <> expected_hash OR prev_hash <> expected_prev"};
std::int64_t first_broken_link(pqxx::transaction_base& tx) { return kFirstBroken(tx)[0][0].as<std::int64_t>(); }

}  // namespace zk::store::staff_audit_log
