// staff_audit.hpp: appends to the tamper-evident staff action log (REV-3); the rows and
// their hash chain live in common/store/staff_audit_log (`zikao-ctl audit-log verify`
// recomputes the chain).
// SECURITY: `before`/`after` are JSON built by the caller from known fields; never put
// a 身份证号 or 手机号 in them.
#pragma once
#include <cstdint>
#include <pqxx/pqxx>
#include <string>

namespace zk::staff_audit {

void record(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& action,
            const std::string& subject, const std::string& before_json, const std::string& after_json);

// A staff member looked at `kind`:`id` (action "<kind>.view"; REV-3 logs views of personal
// data too); `what` names the part seen ("detail", "photo:12", …).
void record_view(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& kind, std::int64_t id,
                 const std::string& what);

}  // namespace zk::staff_audit
