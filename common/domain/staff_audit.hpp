// staff_audit.hpp: appends to the tamper-evident staff action log (REV-3); the rows and
// their hash chain live in common/store/staff_audit_log.
// SECURITY: `before`/`after` are JSON built by the caller from known fields; never put
// a 身份证号 or 手机号 in them.
#pragma once
#include <cstdint>
#include <pqxx/pqxx>
#include <string>

namespace zk::staff_audit {

void record(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& action,
            const std::string& subject, const std::string& before_json, const std::string& after_json);
// Recomputes the chain; returns the id of the first row that does not match, or 0.
std::int64_t first_broken_link(pqxx::transaction_base& tx);

}  // namespace zk::staff_audit
