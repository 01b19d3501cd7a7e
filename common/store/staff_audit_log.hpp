// staff_audit_log.hpp: the tamper-evident staff action log (REV-3). The chain (each row
// hashing the previous one) is built by a trigger in the database, so no writer can
// forget it; rows can never be updated or deleted.
// SECURITY: `before`/`after` are JSON built by the caller from known fields.
#pragma once
#include <cstdint>
#include <pqxx/pqxx>
#include <optional>
#include <string>

namespace zk::store::staff_audit_log {

// `before_json` / `after_json`: "" = NULL.
void append(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& action, const std::string& subject,
            const std::string& before_json, const std::string& after_json);
// Recomputes the chain; the id of the first row that does not match, or 0.
std::int64_t first_broken_link(pqxx::transaction_base& tx);

// How many rows the log has and the id of its last row (0 when empty).
struct Extent {
    std::int64_t rows = 0, last_id = 0;
};
Extent extent(pqxx::transaction_base& tx);

// One row as an operator reads it: who (staff username), what, on what, when (China time).
struct Entry {
    std::int64_t id = 0;
    std::string staff, action, subject, at;
};
std::optional<Entry> entry(pqxx::transaction_base& tx, std::int64_t id);

}  // namespace zk::store::staff_audit_log
