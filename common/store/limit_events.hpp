// limit_events.hpp: the events counted against the limits of common/domain/recovery
// (identity look-ups, password reset requests), per action and subject, in PostgreSQL so
// the limits hold across worker processes and hosts.
// SECURITY: trusts its callers to pass subjects that carry no personal data in clear
// (a blind index or a client address).
#pragma once
#include <pqxx/pqxx>
#include <string>

namespace zk::store::limit_events {

// A transaction-scoped advisory lock per (action, subject): a count and the record that
// follows it happen under it, so the last free slot is taken once.
void lock(pqxx::transaction_base& tx, const std::string& action, const std::string& subject);
// Events of (action, subject) in the last `hours`.
long count(pqxx::transaction_base& tx, const std::string& action, const std::string& subject, int hours);
void record(pqxx::transaction_base& tx, const std::string& action, const std::string& subject);

}  // namespace zk::store::limit_events
