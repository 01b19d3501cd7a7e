// staff_accounts.hpp: the staff table as administrators manage it (REV-1): the list,
// one account, creating one, disabling and enabling, setting a new password; and the
// counties and cities an account's scope can name. The login's own view of the table is
// common/store/staff.
// SECURITY: trusts its callers (the Access::Admin routes) to have checked the role, the
// values and the password policy; receives scrypt hashes, never passwords. Ending an
// account's sessions is the caller's part (common/web/session destroy_all), in the same
// transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::staff_accounts {

struct Account {
    std::int64_t id = 0;
    std::string username, display_name, role;  // role: county / city / province / admin
    std::string county_code, county_name;      // county_name "太原市小店区"
    std::string city_code, city_name;
    bool active = true;
    std::string created, password_changed;     // "YYYY-MM-DD HH:MI" China time ("" when never)
};
// Every account by role (province, city, county, admin…) then username.
std::vector<Account> all(pqxx::transaction_base& tx);
std::optional<Account> find(pqxx::transaction_base& tx, std::int64_t id);
// The same, locked for the change that follows.
std::optional<Account> lock(pqxx::transaction_base& tx, std::int64_t id);

struct NewAccount {
    std::string username, display_name, role, county_code, city_code;  // codes "" when not used
    std::string password_hash;
};
// The new account's id; nullopt when the username is taken (also by a concurrent insert).
std::optional<std::int64_t> insert(pqxx::transaction_base& tx, const NewAccount& a);
void set_active(pqxx::transaction_base& tx, std::int64_t id, bool active);
// A new password: also clears the failed-login count, so the owner can log in at once.
void set_password(pqxx::transaction_base& tx, std::int64_t id, const std::string& password_hash);

struct Area {
    std::string code, name;  // county: "太原市小店区"; city: "太原市"
};
std::vector<Area> counties(pqxx::transaction_base& tx);
std::vector<Area> cities(pqxx::transaction_base& tx);

}  // namespace zk::store::staff_accounts
