// migrations.hpp: the schema_migrations bookkeeping of `zikao-ctl migrate` / `status` and
// the running of SQL scripts (migration files, the demo data's SQL files).
// These run before the schema they prepare exists, so unlike the rest of common/store
// they cannot be prepared statements (every connection prepares those at once): they are
// sent with parameters on a plain connection.
// SECURITY: run_script executes whatever the file holds; trusts the SQL files it is given
// (they are part of the release). Versions and checksums go as parameters.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace zk::store::migrations {

// Creates schema_migrations if missing and takes the session-level advisory lock that
// keeps two hosts from applying migrations at once (held until the connection closes).
void prepare_bookkeeping(pqxx::transaction_base& tx);
// The checksum recorded for `version`; nullopt when it was never applied.
std::optional<std::string> applied_checksum(pqxx::transaction_base& tx, const std::string& version);
void record(pqxx::transaction_base& tx, const std::string& version, const std::string& checksum);
// Executes the text of a SQL file (one or many statements) inside tx.
void run_script(pqxx::transaction_base& tx, const std::string& sql);
// Whether the database has the schema `name` (the sandbox's, sql/sandbox, exists in the
// dev and test stacks only).
bool schema_exists(pqxx::transaction_base& tx, const std::string& name);

}  // namespace zk::store::migrations
