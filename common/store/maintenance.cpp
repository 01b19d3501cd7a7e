// maintenance.cpp: see maintenance.hpp.
#include "common/store/maintenance.hpp"

#include "common/base/db.hpp"

namespace zk::store::maintenance {
const db::Statement kPurgeLimitEvents{"maintenance_purge_limit_events", R"sql(
    DELETE FROM limit_events WHERE at < now() - interval '2 days'
)sql"};
long purge_limit_events(pqxx::transaction_base& tx) { return static_cast<long>(kPurgeLimitEvents(tx).affected_rows()); }

}  // namespace zk::store::maintenance
