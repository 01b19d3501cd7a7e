// session_cache.hpp: validated sessions kept in the module process, so that a page for a
// logged-in examinee needs no database round trip to know who is asking (SPEC PERF-1).
//
// What keeps it right, since the database stays the only truth:
//   - Every change to what an entry holds fires an invalidation key in PostgreSQL
//     (triggers of migration 0014: "s:<session hash hex>", "e:<examinee id>",
//     "t:<staff id>", "*"), whoever makes the change.
//   - Keys reach the cache three ways: (1) a module's own writes report their keys on its
//     connection (db::NoticeObserver) and are applied before the module answers; (2) those
//     keys are also posted on the host's HostBoard, which every module process on the host
//     reads before using an entry, so the change holds at once on the whole host; (3) a
//     listening connection per process receives every key as NOTIFY, from every host and
//     from zikao-ctl or psql, within milliseconds (session_listener.hpp).
//   - While that listening connection is not subscribed the cache is suspended: it is
//     empty, stores nothing and every request asks the database (as before the cache).
//   - A row read from the database is stored only if no key arrived while it was read
//     (ticket()/store()), so a change that overtakes a read is never cached over.
//   - Only "alive" is answered from memory. Expiry and idleness are judged with the
//     database's clock, estimated from the local monotonic clock and the offset seen when
//     the row was read; anything not clearly alive is asked of the database again, which
//     may know of activity on another host.
//   - Bounded: at most `capacity` entries, the least recently used one goes first.
// The cache and the board are pure memory (no I/O besides the board's mapping); the
// listener owns the connection. Thread-safe: one mutex per process.
// SECURITY: trusts the invalidation keys of its own database and the board file, which
// only the service user can write (mode 0600).
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/web/session.hpp"

namespace zk::session {

// The invalidation keys (see migration 0014).
std::string session_key(const std::string& id_hash);  // "s:" + hex
std::string subject_key(Kind kind, std::int64_t subject_id);  // "e:42" / "t:7"
inline constexpr const char* kEverything = "*";

class Cache {
public:
    using Clock = std::chrono::steady_clock;

    explicit Cache(std::size_t capacity);

    // The cached session if it is surely alive at `now` (touch_due set when its recorded
    // activity is over a minute old); nullopt otherwise, and always while suspended.
    std::optional<Session> find(const std::string& id_hash, const Settings& settings, Clock::time_point now);
    // Taken before reading a session from the database; store() keeps the row only if no
    // invalidation happened since.
    std::uint64_t ticket() const;
    // Keeps `s`, as read with its times from the database at `now` (local clock).
    void store(const Session& s, Clock::time_point now, std::uint64_t ticket);
    // The request recorded activity (session::touch): last_seen is now.
    void touched(const std::string& id_hash, Clock::time_point now);
    // Applies one key; one that cannot be parsed drops everything.
    void invalidate(const std::string& key);
    // Suspended: empty, stores nothing (the listener is not subscribed). Starts suspended.
    void suspend();
    void resume();
    bool active() const;
    std::size_t size() const;

    struct Counts {
        std::uint64_t hits = 0, misses = 0, invalidations = 0;
    };
    Counts counts() const;

private:
    struct Entry {
        Session session;
        double clock_offset = 0;  // database clock minus local clock, in seconds
        std::list<std::string>::iterator recency;
    };
    void drop_locked(const std::string& id_hash);
    void clear_locked();
    static double seconds(Clock::time_point t);

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;             // by id_hash
    std::unordered_multimap<std::string, std::string> subjects_;  // subject key -> id_hash
    std::list<std::string> recency_;                               // most recent first
    std::atomic<std::uint64_t> generation_{0};
    bool active_ = false;
    Counts counts_;
};

// A ring of recent invalidation keys in a memory-mapped file shared by the module
// processes of one host (they run as one user). post() is called by the process that
// committed a change before it answers; apply_new() by every process before it trusts
// its cache. A key missed because the ring went round (or a post that never completed)
// drops the whole cache: missing a key is never silent.
class HostBoard {
public:
    // Opens or creates the board file; throws std::runtime_error when it cannot.
    explicit HostBoard(const std::string& path);
    ~HostBoard();
    HostBoard(const HostBoard&) = delete;
    HostBoard& operator=(const HostBoard&) = delete;

    void post(const std::string& key);
    // Applies every key posted since the last call (by any process) to `cache`.
    void apply_new(Cache& cache);

    static constexpr std::size_t kSlots = 4096;
    static constexpr std::size_t kKeyWords = 9;  // 72 bytes: "s:" + 64 hex digits fits

private:
    struct Layout;
    Layout* board_ = nullptr;
    std::mutex read_mutex_;
    std::uint64_t seen_ = 0;  // the next index this process has not applied
};

}  // namespace zk::session
