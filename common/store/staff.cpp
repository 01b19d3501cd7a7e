// staff.cpp: see staff.hpp.
#include "common/store/staff.hpp"

#include "common/base/db.hpp"

namespace zk::store::staff {
const db::Statement kCredentials{"staff_credentials",
    std::string(kCredentialColumns) + "FROM staff WHERE username = $1 AND active"};
std::optional<Credentials> credentials(pqxx::transaction_base& tx, const std::string& username) {
    return credentials_from(kCredentials(tx, username));
}

const db::Statement kFailedLogin{"staff_failed_login", R"sql(
    UPDATE staff SET failed_logins = LEAST(failed_logins + 1, 1000000), last_failed_login_at = now() WHERE id = $1
)sql"};
void record_failed_login(pqxx::transaction_base& tx, std::int64_t staff_id) { kFailedLogin(tx, staff_id); }

const db::Statement kLogin{"staff_login", R"sql(
    UPDATE staff SET failed_logins = 0, last_failed_login_at = NULL, password_hash = $2 WHERE id = $1
)sql"};
void record_login(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& password_hash) {
    kLogin(tx, staff_id, password_hash);
}

}  // namespace zk::store::staff
