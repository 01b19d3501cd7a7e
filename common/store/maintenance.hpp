// maintenance.hpp: the clean-up of `zikao-ctl purge-sessions` (the clean-up timer) for
// tables that have no store file of their own in this layer yet.
// SECURITY: deletes only rows past the retention named here.
#pragma once
#include <pqxx/pqxx>

namespace zk::store::maintenance {

// limit_events older than 2 days; returns how many. The limits look back at most a day
// (common/domain/recovery.hpp); two days leave a margin for clock differences between hosts.
long purge_limit_events(pqxx::transaction_base& tx);

}  // namespace zk::store::maintenance
