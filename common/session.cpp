// session.cpp: session rows and CSRF tokens. Reading a page is a single SELECT that
// returns the row's times together with the database's clock; the idle and absolute
// rules are then judged by liveness() (a pure function, tested with injected times).
// last_seen_at is only rewritten once a minute, so the idle timeout is exact to the minute.
#include "common/session.hpp"

#include "common/crypto.hpp"

namespace zk::session {

db::Statements statements() {
    return {
        {"session_load",
         "SELECT s.subject_kind, s.subject_id, EXTRACT(EPOCH FROM now())::float8 AS now_s, "
         "       EXTRACT(EPOCH FROM s.last_seen_at)::float8 AS last_seen_s, "
         "       EXTRACT(EPOCH FROM s.expires_at)::float8 AS expires_s, "
         "       COALESCE(e.name, st.display_name) AS display_name, "
         "       CASE WHEN s.subject_kind = 'examinee' THEN e.identity_status = 'verified' ELSE true END AS verified, "
         "       e.ticket_no, e.gender, e.ethnicity, e.hukou, e.education, e.occupation, e.political_status, "
         "       e.email, e.county_code, c.city_name || c.name AS county_name, e.id_number_enc, e.phone_enc, "
         "       st.username, st.role, st.county_code AS staff_county, "
         "       COALESCE(st.city_code, sc.city_code) AS staff_city "
         "FROM sessions s "
         "LEFT JOIN examinees e ON s.subject_kind = 'examinee' AND e.id = s.subject_id "
         "LEFT JOIN counties c ON c.code = e.county_code "
         "LEFT JOIN staff st ON s.subject_kind = 'staff' AND st.id = s.subject_id AND st.active "
         "LEFT JOIN counties sc ON sc.code = st.county_code "
         "WHERE s.id_hash = $1"},
        {"session_touch", "UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1"},
        {"session_create",
         "INSERT INTO sessions (id_hash, subject_kind, subject_id, created_at, last_seen_at, expires_at) "
         "VALUES ($1, $2, $3, now(), now(), now() + make_interval(hours => $4))"},
        {"session_destroy", "DELETE FROM sessions WHERE id_hash = $1"},
        {"session_destroy_all",
         "DELETE FROM sessions WHERE subject_kind = $1 AND subject_id = $2 AND id_hash <> $3"},
        {"session_purge",
         "DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(mins => $1)"},
    };
}

namespace {
const char* kind_name(Kind k) { return k == Kind::Staff ? "staff" : "examinee"; }

}  // namespace

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
    auto r = tx.exec_prepared("session_load", db::bytes(hash));
    if (r.empty() || r[0]["display_name"].is_null()) return std::nullopt;
    const Times times{r[0]["now_s"].as<double>(), r[0]["last_seen_s"].as<double>(), r[0]["expires_s"].as<double>()};
    if (liveness(times, settings) != Liveness::Alive) return std::nullopt;
    Session s;
    s.id_hash = hash;
    s.kind = r[0]["subject_kind"].as<std::string>() == "staff" ? Kind::Staff : Kind::Examinee;
    s.subject_id = r[0]["subject_id"].as<std::int64_t>();
    s.touch_due = touch_due(times);
    s.display_name = r[0]["display_name"].as<std::string>();
    s.verified = r[0]["verified"].as<bool>(false);
    const auto& row = r[0];
    auto text = [&](const char* col) { return row[col].is_null() ? std::string() : row[col].as<std::string>(); };
    if (s.kind == Kind::Examinee) {
        ExamineeProfile& p = s.examinee;
        p.name = s.display_name;
        p.ticket_no = text("ticket_no");
        p.gender = text("gender");
        p.ethnicity = text("ethnicity");
        p.hukou = text("hukou");
        p.education = text("education");
        p.occupation = text("occupation");
        p.political_status = text("political_status");
        p.email = text("email");
        p.county_code = text("county_code");
        p.county_name = text("county_name");
        p.id_number_enc = db::bytes_of(row["id_number_enc"]);
        p.phone_enc = db::bytes_of(row["phone_enc"]);
    } else {
        s.staff.username = text("username");
        s.staff.role = text("role");
        s.staff.county_code = text("staff_county");
        s.staff.city_code = text("staff_city");
    }
    return s;
}

void touch(pqxx::transaction_base& tx, const Session& s) {
    tx.exec_prepared("session_touch", db::bytes(s.id_hash));
}

std::string create(pqxx::transaction_base& tx, Kind kind, std::int64_t subject_id, const Settings& settings) {
    std::string token = crypto::random_hex(32);
    tx.exec_prepared("session_create", db::bytes(token_hash(token)), kind_name(kind), subject_id,
                     settings.absolute_hours);
    return token;
}

void destroy(pqxx::transaction_base& tx, const std::string& id_hash) {
    tx.exec_prepared("session_destroy", db::bytes(id_hash));
}

void destroy_all(pqxx::transaction_base& tx, Kind kind, std::int64_t subject_id, const std::string& keep) {
    tx.exec_prepared("session_destroy_all", kind_name(kind), subject_id, db::bytes(keep));
}

long purge_expired(pqxx::transaction_base& tx, const Settings& settings) {
    return static_cast<long>(tx.exec_prepared("session_purge", settings.idle_minutes).affected_rows());
}

std::string csrf_token(const std::string& key, const std::string& binding) {
    return crypto::to_hex(crypto::hmac_sha256(key, "csrf\x1f" + binding));
}

bool csrf_valid(const std::string& key, const std::string& binding, const std::string& presented) {
    if (binding.empty() || presented.size() != 64) return false;
    return crypto::constant_time_equal(csrf_token(key, binding), presented);
}

}  // namespace zk::session
