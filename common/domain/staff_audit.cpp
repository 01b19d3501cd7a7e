// staff_audit.cpp: see staff_audit.hpp.
#include "common/domain/staff_audit.hpp"

#include "common/store/staff_audit_log.hpp"

namespace zk::staff_audit {

void record(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& action, const std::string& subject,
            const std::string& before_json, const std::string& after_json) {
    store::staff_audit_log::append(tx, staff_id, action, subject, before_json, after_json);
}

}  // namespace zk::staff_audit
