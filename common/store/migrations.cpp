// migrations.cpp: see migrations.hpp.
#include "common/store/migrations.hpp"

namespace zk::store::migrations {

void prepare_bookkeeping(pqxx::transaction_base& tx) {
    tx.exec("SET client_min_messages = warning");
    tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version text PRIMARY KEY, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())");
    tx.exec("SELECT pg_advisory_lock(2025110101)");
}

std::optional<std::string> applied_checksum(pqxx::transaction_base& tx, const std::string& version) {
    auto r = tx.exec_params("SELECT checksum FROM schema_migrations WHERE version = $1", version);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

void record(pqxx::transaction_base& tx, const std::string& version, const std::string& checksum) {
    tx.exec_params("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", version, checksum);
}

void run_script(pqxx::transaction_base& tx, const std::string& sql) { tx.exec(sql); }

bool schema_exists(pqxx::transaction_base& tx, const std::string& name) {
    return tx.exec_params("SELECT to_regnamespace($1) IS NOT NULL", name)[0][0].as<bool>();
}

}  // namespace zk::store::migrations
