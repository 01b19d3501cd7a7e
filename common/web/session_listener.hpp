// session_listener.hpp: the per-process connection that hears every invalidation key
// (NOTIFY zikao_sessions, migration 0014) from every host, zikao-ctl and psql, and
// applies it to the process's session cache. The cache serves only while this
// connection is subscribed: on start, and again after any loss of it (PostgreSQL
// restarted, the backend terminated, the network), the cache is suspended (empty, every
// request checks the database) until LISTEN is in place once more. A silent network loss
// is found by a probe every few seconds. Once a minute, and at shutdown, it logs what the
// cache did (session_cache.stats: hits, misses, invalidations, entries).
// SECURITY: trusts the configured database, as every other connection does.
#pragma once
#include <atomic>
#include <string>

#include "common/web/session_cache.hpp"

namespace zk::session {

inline constexpr const char* kInvalidationChannel = "zikao_sessions";
inline constexpr const char* kListenerName = "zikao session listener";  // its application_name

// Runs until `stopping` turns true (checked at least once a second), reconnecting with
// a growing pause (0.1 s to 5 s) whenever the connection is lost.
void listen_for_invalidations(const std::string& conninfo, Cache& cache, const std::atomic<bool>& stopping);

}  // namespace zk::session
