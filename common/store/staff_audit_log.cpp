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

const db::Statement kExtent{"staff_audit_log_extent",
    "SELECT count(*) AS n, COALESCE(max(id), 0) AS last_id FROM staff_audit_log"};
Extent extent(pqxx::transaction_base& tx) {
    const auto r = kExtent(tx);
    return {r[0]["n"].as<std::int64_t>(), r[0]["last_id"].as<std::int64_t>()};
}

const db::Statement kEntry{"staff_audit_log_entry",
    "SELECT l.id, COALESCE(s.username, '#' || l.staff_id::text) AS staff, l.action, l.subject, "
    "       to_char(l.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at "
    "FROM staff_audit_log l LEFT JOIN staff s ON s.id = l.staff_id WHERE l.id = $1"};
std::optional<Entry> entry(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = kEntry(tx, id);
    if (r.empty()) return std::nullopt;
    return Entry{r[0]["id"].as<std::int64_t>(), db::text(r[0]["staff"]), db::text(r[0]["action"]),
                 db::text(r[0]["subject"]), db::text(r[0]["at"])};
}

}  // namespace zk::store::staff_audit_log
