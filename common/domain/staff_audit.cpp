// staff_audit.cpp: see staff_audit.hpp.
#include "common/domain/staff_audit.hpp"

#include "common/base/json.hpp"
#include "common/store/staff_audit_log.hpp"

namespace zk::staff_audit {

void record(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& action, const std::string& subject,
            const std::string& before_json, const std::string& after_json) {
    store::staff_audit_log::append(tx, staff_id, action, subject, before_json, after_json);
}

void record_view(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& kind, std::int64_t id,
                 const std::string& what) {
    record(tx, staff_id, kind + ".view", kind + ":" + std::to_string(id), "", "{\"viewed\":" + json::quote(what) + "}");
}

}  // namespace zk::staff_audit
