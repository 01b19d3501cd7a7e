// sessions.cpp: see sessions.hpp.
#include "common/store/sessions.hpp"

#include "common/base/db.hpp"

namespace zk::store::sessions {
namespace {

const char* kind_name(Subject k) { return k == Subject::Staff ? "staff" : "examinee"; }

}  // namespace

const db::Statement kFind{"session_find", R"sql(
    SELECT s.subject_kind, s.subject_id, EXTRACT(EPOCH FROM now())::float8 AS now_s,
           EXTRACT(EPOCH FROM s.last_seen_at)::float8 AS last_seen_s,
           EXTRACT(EPOCH FROM s.expires_at)::float8 AS expires_s,
           COALESCE(e.name, st.display_name) AS display_name,
           CASE WHEN s.subject_kind = 'examinee' THEN e.identity_status = 'verified' ELSE true END AS verified,
           e.ticket_no, e.gender, e.ethnicity, e.hukou, e.education, e.occupation, e.political_status,
           e.email, e.county_code, c.city_name || c.name AS county_name, e.id_number_enc, e.phone_enc,
           -- The 毕业申请 of the current batch, so 个人中心 can point to the next step
           -- (毕业照片采集) in the same round trip; one index lookup.
           (SELECT a.status FROM applications a JOIN batches b ON b.id = a.batch_id AND b.is_current
            WHERE a.examinee_id = e.id ORDER BY a.attempt DESC LIMIT 1) AS application_status,
           st.username, st.role, st.county_code AS staff_county,
           COALESCE(st.city_code, sc.city_code) AS staff_city
    FROM sessions s
    LEFT JOIN examinees e ON s.subject_kind = 'examinee' AND e.id = s.subject_id
    LEFT JOIN counties c ON c.code = e.county_code
    LEFT JOIN staff st ON s.subject_kind = 'staff' AND st.id = s.subject_id AND st.active
    LEFT JOIN counties sc ON sc.code = st.county_code
    WHERE s.id_hash = $1
)sql"};
std::optional<Row> find(pqxx::transaction_base& tx, const std::string& id_hash) {
    auto r = kFind(tx, db::bytes(id_hash));
    if (r.empty() || r[0]["display_name"].is_null()) return std::nullopt;
    const auto& row = r[0];
    auto text = [&](const char* col) { return db::text(row[col]); };
    Row s;
    s.kind = text("subject_kind") == "staff" ? Subject::Staff : Subject::Examinee;
    s.subject_id = row["subject_id"].as<std::int64_t>();
    s.now = row["now_s"].as<double>();
    s.last_seen = row["last_seen_s"].as<double>();
    s.expires = row["expires_s"].as<double>();
    s.display_name = text("display_name");
    s.verified = row["verified"].as<bool>(false);
    if (s.kind == Subject::Examinee) {
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
        p.application_status = text("application_status");
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

const db::Statement kTouch{"session_touch", "UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1"};
void touch(pqxx::transaction_base& tx, const std::string& id_hash) { kTouch(tx, db::bytes(id_hash)); }

const db::Statement kInsert{"session_insert", R"sql(
    INSERT INTO sessions (id_hash, subject_kind, subject_id, created_at, last_seen_at, expires_at)
    VALUES ($1, $2, $3, now(), now(), now() + make_interval(hours => $4))
)sql"};
void insert(pqxx::transaction_base& tx, const std::string& id_hash, Subject kind, std::int64_t subject_id,
            int absolute_hours) {
    kInsert(tx, db::bytes(id_hash), kind_name(kind), subject_id, absolute_hours);
}

const db::Statement kRemove{"session_remove", "DELETE FROM sessions WHERE id_hash = $1"};
void remove(pqxx::transaction_base& tx, const std::string& id_hash) { kRemove(tx, db::bytes(id_hash)); }

const db::Statement kRemoveAllOf{"session_remove_all_of", R"sql(
    DELETE FROM sessions WHERE subject_kind = $1 AND subject_id = $2 AND id_hash <> $3
)sql"};
void remove_all_of(pqxx::transaction_base& tx, Subject kind, std::int64_t subject_id, const std::string& keep) {
    kRemoveAllOf(tx, kind_name(kind), subject_id, db::bytes(keep));
}

const db::Statement kPurge{"session_purge", R"sql(
    DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(mins => $1)
)sql"};
long purge(pqxx::transaction_base& tx, int idle_minutes) {
    return static_cast<long>(kPurge(tx, idle_minutes).affected_rows());
}

}  // namespace zk::store::sessions
