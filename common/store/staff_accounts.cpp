// staff_accounts.cpp: see staff_accounts.hpp.
#include "common/store/staff_accounts.hpp"

#include "common/base/db.hpp"

namespace zk::store::staff_accounts {

namespace {
const std::string kColumns = R"sql(
    SELECT s.id, s.username, s.display_name, s.role, s.active,
           COALESCE(s.county_code, '') AS county_code, COALESCE(c.city_name || c.name, '') AS county_name,
           COALESCE(s.city_code, '') AS city_code,
           COALESCE((SELECT city_name FROM counties WHERE city_code = s.city_code LIMIT 1), '') AS city_name,
           to_char(s.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS created,
           to_char(s.password_changed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS password_changed
    FROM staff s LEFT JOIN counties c ON c.code = s.county_code
)sql";

Account account_of(const pqxx::row& r) {
    Account a;
    a.id = r["id"].as<std::int64_t>();
    a.username = db::text(r["username"]);
    a.display_name = db::text(r["display_name"]);
    a.role = db::text(r["role"]);
    a.active = r["active"].as<bool>();
    a.county_code = db::text(r["county_code"]);
    a.county_name = db::text(r["county_name"]);
    a.city_code = db::text(r["city_code"]);
    a.city_name = db::text(r["city_name"]);
    a.created = db::text(r["created"]);
    a.password_changed = db::text(r["password_changed"]);
    return a;
}

std::optional<Account> one(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    return account_of(r[0]);
}

std::vector<Area> areas(const pqxx::result& result) {
    std::vector<Area> out;
    for (const auto& r : result) out.push_back({db::text(r["code"]), db::text(r["name"])});
    return out;
}
}  // namespace

const db::Statement kAll{"staff_accounts_all", kColumns + R"sql(
    ORDER BY CASE s.role WHEN 'admin' THEN 1 WHEN 'province' THEN 2 WHEN 'city' THEN 3 ELSE 4 END,
             s.county_code NULLS FIRST, s.city_code NULLS FIRST, s.username
)sql"};
std::vector<Account> all(pqxx::transaction_base& tx) {
    std::vector<Account> out;
    for (const auto& r : kAll(tx)) out.push_back(account_of(r));
    return out;
}

const db::Statement kFind{"staff_accounts_find", kColumns + "WHERE s.id = $1"};
std::optional<Account> find(pqxx::transaction_base& tx, std::int64_t id) { return one(kFind(tx, id)); }

const db::Statement kLock{"staff_accounts_lock", kColumns + "WHERE s.id = $1 FOR UPDATE OF s"};
std::optional<Account> lock(pqxx::transaction_base& tx, std::int64_t id) { return one(kLock(tx, id)); }

const db::Statement kInsert{"staff_accounts_insert", R"sql(
    INSERT INTO staff (username, display_name, role, county_code, city_code, password_hash, password_changed_at)
    VALUES ($1, $2, $3, NULLIF($4, '')::char(6), NULLIF($5, '')::char(6), $6, now())
    ON CONFLICT (username) DO NOTHING
    RETURNING id
)sql"};
std::optional<std::int64_t> insert(pqxx::transaction_base& tx, const NewAccount& a) {
    const auto r = kInsert(tx, a.username, a.display_name, a.role, a.county_code, a.city_code, a.password_hash);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::int64_t>();
}

const db::Statement kSetActive{"staff_accounts_set_active", "UPDATE staff SET active = $2 WHERE id = $1"};
void set_active(pqxx::transaction_base& tx, std::int64_t id, bool active) { kSetActive(tx, id, active); }

const db::Statement kSetPassword{"staff_accounts_set_password", R"sql(
    UPDATE staff SET password_hash = $2, password_changed_at = now(), failed_logins = 0, last_failed_login_at = NULL
    WHERE id = $1
)sql"};
void set_password(pqxx::transaction_base& tx, std::int64_t id, const std::string& password_hash) {
    kSetPassword(tx, id, password_hash);
}

const db::Statement kCounties{"staff_accounts_counties",
    "SELECT code, city_name || name AS name FROM counties ORDER BY code"};
std::vector<Area> counties(pqxx::transaction_base& tx) { return areas(kCounties(tx)); }

const db::Statement kCities{"staff_accounts_cities",
    "SELECT DISTINCT city_code AS code, city_name AS name FROM counties ORDER BY city_code"};
std::vector<Area> cities(pqxx::transaction_base& tx) { return areas(kCities(tx)); }

}  // namespace zk::store::staff_accounts
