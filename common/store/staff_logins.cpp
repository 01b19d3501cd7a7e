// staff_logins.cpp: see staff_logins.hpp.
#include "common/store/staff_logins.hpp"

#include "common/base/db.hpp"

namespace zk::store::staff_logins {
namespace {

const db::Statement kFindActive{"staff_logins_find_active",
    "SELECT id, password_hash, failed_logins, "
    "  COALESCE(EXTRACT(EPOCH FROM now() - last_failed_login_at)::float8, 1e9) AS since_failure "
    "FROM staff WHERE username = $1 AND active"};
const db::Statement kCountFailure{"staff_logins_count_failure",
    "UPDATE staff SET failed_logins = LEAST(failed_logins + 1, 1000000), last_failed_login_at = now() "
    "WHERE id = $1"};
const db::Statement kRecordSuccess{"staff_logins_record_success",
    "UPDATE staff SET failed_logins = 0, last_failed_login_at = NULL, password_hash = $2 WHERE id = $1"};

}  // namespace

std::optional<Credentials> find_active(pqxx::transaction_base& tx, const std::string& username) {
    const auto r = kFindActive(tx, username);
    if (r.empty()) return std::nullopt;
    Credentials c;
    c.id = r[0]["id"].as<std::int64_t>();
    c.password_hash = db::text(r[0]["password_hash"]);
    c.failed_logins = r[0]["failed_logins"].as<long>(0);
    c.seconds_since_failure = r[0]["since_failure"].as<double>(1e9);
    return c;
}

void count_failure(pqxx::transaction_base& tx, std::int64_t staff_id) { kCountFailure(tx, staff_id); }

void record_success(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& password_hash) {
    kRecordSuccess(tx, staff_id, password_hash);
}

const char* count_failure_statement() { return kCountFailure.name().c_str(); }
const char* record_success_statement() { return kRecordSuccess.name().c_str(); }

}  // namespace zk::store::staff_logins
