// session.hpp: login sessions kept in PostgreSQL so any worker on any host can serve any
// request. The browser holds a random 256-bit token; the table holds only its SHA-256,
// so a database dump cannot be replayed as cookies. Sessions end after an idle period
// and after an absolute lifetime, are replaced at login and deleted at logout.
// CSRF tokens are HMACs of the session (or, before login, of a random pre-session
// cookie) under a server key: nothing to store, nothing to forge without the key.
// SECURITY: trusts the database and the CSRF key file; compares tokens in constant time.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/store/sessions.hpp"

namespace zk::session {

inline constexpr const char* kCookie = "zk_session";
inline constexpr const char* kPreCookie = "zk_pre";

struct Settings {
    int idle_minutes = 30;
    int absolute_hours = 12;
    bool secure_cookies = false;  // true behind TLS: adds Secure to every cookie
};

using Kind = store::sessions::Subject;
using ExamineeProfile = store::ExamineeProfile;
using StaffProfile = store::StaffProfile;

// A session's times and the clock that judges them (the database's, so every host agrees),
// in seconds since the epoch.
struct Times {
    double now = 0, last_seen = 0, expires = 0;
};

struct Session {
    std::string id_hash;  // SHA-256 of the cookie token (raw bytes)
    Kind kind = Kind::Examinee;
    std::int64_t subject_id = 0;
    std::string display_name;  // 姓名 or staff name
    bool verified = false;     // examinee identity verified (ACC-5); staff: true
    bool touch_due = false;    // last_seen is old enough to be refreshed
    ExamineeProfile examinee;  // filled for Kind::Examinee
    StaffProfile staff;        // filled for Kind::Staff
    Times times;               // as the database gave them when the session was read
};

enum class Liveness { Alive, Idle, Expired };
// The rules: dead from `expires` on (the absolute lifetime fixed at creation), and idle
// from idle_minutes after the last recorded activity on.
Liveness liveness(const Times& t, const Settings& settings);
// Whether last_seen is older than a minute, so that this request should record activity.
bool touch_due(const Times& t);

// Looks up a cookie token; nullopt when unknown, expired, idle too long, or malformed.
std::optional<Session> load(pqxx::transaction_base& tx, const std::string& token, const Settings& settings);
// Refreshes last_seen (only called when touch_due, to keep GETs free of writes).
void touch(pqxx::transaction_base& tx, const Session& s);
// Creates a session and returns the cookie token (64 hex characters).
std::string create(pqxx::transaction_base& tx, Kind kind, std::int64_t subject_id, const Settings& settings);
void destroy(pqxx::transaction_base& tx, const std::string& id_hash);
// Ends every session of a subject, optionally keeping one (after a password change).
void destroy_all(pqxx::transaction_base& tx, Kind kind, std::int64_t subject_id,
                 const std::string& keep_id_hash = "");
// Removes expired rows; returns how many (the clean-up timer calls it).
long purge_expired(pqxx::transaction_base& tx, const Settings& settings);

std::string token_hash(const std::string& token);

// CSRF: the token for a binding (session id hash, or pre-session cookie value).
std::string csrf_token(const std::string& key, const std::string& binding);
bool csrf_valid(const std::string& key, const std::string& binding, const std::string& presented);

}  // namespace zk::session
