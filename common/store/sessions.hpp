// sessions.hpp: the sessions table. Rows are keyed by the SHA-256 of the cookie token
// (raw bytes); the token itself is never stored. Reading a session returns the row's
// times with the database's clock, so every host judges idleness by one clock.
// SECURITY: trusts its callers to pass hashes, never tokens.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/store/profiles.hpp"

namespace zk::store::sessions {

enum class Subject { Examinee, Staff };

struct Row {
    Subject kind = Subject::Examinee;
    std::int64_t subject_id = 0;
    double now = 0, last_seen = 0, expires = 0;  // seconds since the epoch, database clock
    std::string display_name;                    // 姓名 or staff name
    bool verified = false;                       // examinee identity verified; staff: true
    ExamineeProfile examinee;                    // filled for Subject::Examinee
    StaffProfile staff;                          // filled for Subject::Staff
};

// The session with this hash whose subject still exists (and, for staff, is active).
std::optional<Row> find(pqxx::transaction_base& tx, const std::string& id_hash);
void touch(pqxx::transaction_base& tx, const std::string& id_hash);
void insert(pqxx::transaction_base& tx, const std::string& id_hash, Subject kind, std::int64_t subject_id,
            int absolute_hours);
void remove(pqxx::transaction_base& tx, const std::string& id_hash);
// Every session of a subject except `keep_id_hash` (empty: all of them).
void remove_all_of(pqxx::transaction_base& tx, Subject kind, std::int64_t subject_id,
                   const std::string& keep_id_hash = "");
// Rows past their absolute lifetime or idle for idle_minutes; returns how many.
long purge(pqxx::transaction_base& tx, int idle_minutes);

}  // namespace zk::store::sessions
