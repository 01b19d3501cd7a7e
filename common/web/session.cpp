// session.cpp: sessions and CSRF tokens. Reading a page is a single SELECT
// (store::sessions::find) that returns the row's times with the database's clock; the
// idle and absolute rules are then judged by liveness() (a pure function, tested with injected times).
// last_seen_at is only rewritten once a minute, so the idle timeout is exact to the minute.
#include "common/web/session.hpp"

#include "common/base/crypto.hpp"

namespace zk::session {

std::string token_hash(const std::string& token) { return crypto::sha256(token); }

Liveness liveness(const Times& t, const Settings& settings) {
    if (!(t.now < t.expires)) return Liveness::Expired;
    if (!(t.now - t.last_seen < settings.idle_minutes * 60.0)) return Liveness::Idle;
    return Liveness::Alive;
}

bool touch_due(const Times& t) { return t.now - t.last_seen > 60.0; }

std::optional<Session> load(pqxx::transaction_base& tx, const std::string& token, const Settings& settings) {
    if (!crypto::is_token_hex(token)) return std::nullopt;
    std::string hash = token_hash(token);
    auto row = store::sessions::find(tx, hash);
    if (!row) return std::nullopt;
    const Times times{row->now, row->last_seen, row->expires};
    if (liveness(times, settings) != Liveness::Alive) return std::nullopt;
    Session s;
    s.id_hash = hash;
    s.kind = row->kind;
    s.subject_id = row->subject_id;
    s.touch_due = touch_due(times);
    s.display_name = std::move(row->display_name);
    s.verified = row->verified;
    s.examinee = std::move(row->examinee);
    s.staff = std::move(row->staff);
    s.times = times;
    return s;
}

void touch(pqxx::transaction_base& tx, const Session& s) { store::sessions::touch(tx, s.id_hash); }

std::string create(pqxx::transaction_base& tx, Kind kind, std::int64_t subject_id, const Settings& settings) {
    std::string token = crypto::random_hex(32);
    store::sessions::insert(tx, token_hash(token), kind, subject_id, settings.absolute_hours);
    return token;
}

void destroy(pqxx::transaction_base& tx, const std::string& id_hash) { store::sessions::remove(tx, id_hash); }

void destroy_all(pqxx::transaction_base& tx, Kind kind, std::int64_t subject_id, const std::string& keep) {
    store::sessions::remove_all_of(tx, kind, subject_id, keep);
}

long purge_expired(pqxx::transaction_base& tx, const Settings& settings) {
    return store::sessions::purge(tx, settings.idle_minutes);
}

std::string csrf_token(const std::string& key, const std::string& binding) {
    return crypto::to_hex(crypto::hmac_sha256(key, "csrf\x1f" + binding));
}

bool csrf_valid(const std::string& key, const std::string& binding, const std::string& presented) {
    if (binding.empty() || presented.size() != 64) return false;
    return crypto::constant_time_equal(csrf_token(key, binding), presented);
}

}  // namespace zk::session
