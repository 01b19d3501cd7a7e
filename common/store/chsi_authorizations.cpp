// chsi_authorizations.cpp: see chsi_authorizations.hpp.
#include "common/store/chsi_authorizations.hpp"

#include "common/base/db.hpp"

namespace zk::store::chsi_authorizations {
const db::Statement kLatest{"chsi_authorizations_latest", R"sql(
    SELECT state, status, expires_at > now() AS live,
           to_char(expires_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') AS expires,
           to_char(completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS completed
    FROM chsi_authorizations WHERE examinee_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1
)sql"};
std::optional<Latest> latest(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    const auto r = kLatest(tx, examinee_id);
    if (r.empty()) return std::nullopt;
    return Latest{r[0]["state"].as<std::string>(), r[0]["status"].as<std::string>(), r[0]["live"].as<bool>(),
                  db::text(r[0]["expires"]), db::text(r[0]["completed"])};
}

const db::Statement kExpirePending{"chsi_authorizations_expire_pending", R"sql(
    UPDATE chsi_authorizations SET status = 'expired' WHERE examinee_id = $1 AND status = 'pending'
)sql"};
void expire_pending(pqxx::transaction_base& tx, std::int64_t examinee_id) { kExpirePending(tx, examinee_id); }

const db::Statement kCreate{"chsi_authorizations_create", R"sql(
    INSERT INTO chsi_authorizations (examinee_id, state, expires_at) VALUES ($1, $2, now() + interval '10 minutes')
)sql"};
void create(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& state) {
    kCreate(tx, examinee_id, state);
}

const db::Statement kLockByState{"chsi_authorizations_lock_by_state", R"sql(
    SELECT id, examinee_id, status, expires_at <= now() AS expired FROM chsi_authorizations
    WHERE state = $1 FOR UPDATE
)sql"};
std::optional<Locked> lock_by_state(pqxx::transaction_base& tx, const std::string& state) {
    const auto r = kLockByState(tx, state);
    if (r.empty()) return std::nullopt;
    return Locked{r[0]["id"].as<std::int64_t>(), r[0]["examinee_id"].as<std::int64_t>(),
                  r[0]["status"].as<std::string>(), r[0]["expired"].as<bool>()};
}

const db::Statement kMarkExpired{"chsi_authorizations_mark_expired", R"sql(
    UPDATE chsi_authorizations SET status = 'expired' WHERE id = $1 AND status = 'pending'
)sql"};
void mark_expired(pqxx::transaction_base& tx, std::int64_t authorization_id) { kMarkExpired(tx, authorization_id); }

const db::Statement kComplete{"chsi_authorizations_complete", R"sql(
    UPDATE chsi_authorizations SET status = 'completed', completed_at = now() WHERE id = $1
)sql"};
void complete(pqxx::transaction_base& tx, std::int64_t authorization_id) { kComplete(tx, authorization_id); }

const db::Statement kForSimulator{"chsi_authorizations_for_simulator", R"sql(
    SELECT a.status, a.expires_at > now() AS live, e.id_number_enc
    FROM chsi_authorizations a JOIN examinees e ON e.id = a.examinee_id WHERE a.state = $1
)sql"};
std::optional<ForSimulator> for_simulator(pqxx::transaction_base& tx, const std::string& state) {
    const auto r = kForSimulator(tx, state);
    if (r.empty()) return std::nullopt;
    return ForSimulator{r[0]["status"].as<std::string>(), r[0]["live"].as<bool>(),
                        db::bytes_of(r[0]["id_number_enc"])};
}

const db::Statement kDeleteRecords{"chsi_authorizations_delete_records", R"sql(
    DELETE FROM chsi_records WHERE examinee_id = $1
)sql"};
const db::Statement kInsertRecord{"chsi_authorizations_insert_record", R"sql(
    INSERT INTO chsi_records (authorization_id, examinee_id, name, id_number_enc, gender, school, major, level,
                              study_form, category, entry_year, graduation_year, conclusion)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
)sql"};
void replace_records(pqxx::transaction_base& tx, std::int64_t authorization_id, std::int64_t examinee_id,
                     const std::vector<Record>& records) {
    kDeleteRecords(tx, examinee_id);
    for (const auto& rec : records)
        kInsertRecord(tx, authorization_id, examinee_id, rec.name, db::bytes(rec.id_number_enc), rec.gender,
                      rec.school, rec.major, rec.level, rec.study_form, rec.category, rec.entry_year,
                      rec.graduation_year, rec.conclusion);
}

const db::Statement kRecordsOf{"chsi_authorizations_records_of", R"sql(
    SELECT name, id_number_enc, gender, school, major, level, study_form, category, entry_year, graduation_year,
           conclusion, to_char(verified_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS verified
    FROM chsi_records WHERE examinee_id = $1 ORDER BY id
)sql"};
std::vector<Record> records_of(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    std::vector<Record> out;
    for (const auto& r : kRecordsOf(tx, examinee_id)) {
        Record rec;
        rec.name = r["name"].as<std::string>();
        rec.id_number_enc = db::bytes_of(r["id_number_enc"]);
        rec.gender = r["gender"].as<std::string>();
        rec.school = r["school"].as<std::string>();
        rec.major = r["major"].as<std::string>();
        rec.level = r["level"].as<std::string>();
        rec.study_form = r["study_form"].as<std::string>();
        rec.category = r["category"].as<std::string>();
        rec.entry_year = r["entry_year"].as<int>();
        rec.graduation_year = r["graduation_year"].as<int>();
        rec.conclusion = r["conclusion"].as<std::string>();
        rec.verified = r["verified"].as<std::string>();
        out.push_back(std::move(rec));
    }
    return out;
}

}  // namespace zk::store::chsi_authorizations
