// examinees.cpp: see examinees.hpp.
#include "common/store/examinees.hpp"

#include "common/base/db.hpp"

namespace zk::store::examinees {
const db::Statement kCredentialsById{"examinees_credentials_by_id_index",
    std::string(kCredentialColumns) + "FROM examinees WHERE id_number_index = $1"};
std::optional<Credentials> credentials_by_id_index(pqxx::transaction_base& tx, const std::string& id_index) {
    return credentials_from(kCredentialsById(tx, db::bytes(id_index)));
}

const db::Statement kCredentialsByTicket{"examinees_credentials_by_ticket",
    std::string(kCredentialColumns) + "FROM examinees WHERE ticket_no = $1"};
std::optional<Credentials> credentials_by_ticket(pqxx::transaction_base& tx, const std::string& ticket_no) {
    return credentials_from(kCredentialsByTicket(tx, ticket_no));
}

const db::Statement kFailedLogin{"examinees_failed_login", R"sql(
    UPDATE examinees SET failed_logins = LEAST(failed_logins + 1, 1000000), last_failed_login_at = now()
    WHERE id = $1
)sql"};
void record_failed_login(pqxx::transaction_base& tx, std::int64_t examinee_id) { kFailedLogin(tx, examinee_id); }

const db::Statement kLogin{"examinees_login", R"sql(
    UPDATE examinees SET failed_logins = 0, last_failed_login_at = NULL, password_hash = $2 WHERE id = $1
)sql"};
void record_login(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& password_hash) {
    kLogin(tx, examinee_id, password_hash);
}

const db::Statement kPasswordHash{"examinees_password_hash", "SELECT password_hash FROM examinees WHERE id = $1"};
std::string password_hash(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    auto r = kPasswordHash(tx, examinee_id);
    return r.empty() ? std::string() : db::text(r[0][0]);
}

const db::Statement kChangePassword{"examinees_change_password", R"sql(
    UPDATE examinees SET password_hash = $2, password_changed_at = now() WHERE id = $1
)sql"};
void change_password(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& password_hash) {
    kChangePassword(tx, examinee_id, password_hash);
}

const db::Statement kResetPassword{"examinees_reset_password", R"sql(
    UPDATE examinees SET password_hash = $2, password_changed_at = now(), failed_logins = 0,
      last_failed_login_at = NULL WHERE id = $1
)sql"};
void reset_password(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& password_hash) {
    kResetPassword(tx, examinee_id, password_hash);
}

const db::Statement kIdTaken{"examinees_id_taken", "SELECT 1 FROM examinees WHERE id_number_index = $1"};
bool id_number_taken(pqxx::transaction_base& tx, const std::string& id_index) {
    return !kIdTaken(tx, db::bytes(id_index)).empty();
}

const db::Statement kInsert{"examinees_insert", R"sql(
    INSERT INTO examinees (name, id_number_enc, id_number_index, gender, ethnicity, hukou, education,
      occupation, political_status, phone_enc, phone_index, county_code, email, password_hash,
      identity_status, origin, password_changed_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULLIF($13, ''), $14, 'unverified',
      'registered', now())
    ON CONFLICT (id_number_index) DO NOTHING RETURNING id
)sql"};
std::optional<std::int64_t> insert(pqxx::transaction_base& tx, const NewExaminee& e) {
    auto r = kInsert(tx, e.name, db::bytes(e.id_number_enc), db::bytes(e.id_number_index), e.gender, e.ethnicity,
                     e.hukou, e.education, e.occupation, e.political_status, db::bytes(e.phone_enc),
                     db::bytes(e.phone_index), e.county_code, e.email, e.password_hash);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::int64_t>();
}

const db::Statement kRecord{"examinees_record_by_id_index", R"sql(
    SELECT id, name, password_hash IS NOT NULL AS has_password, identity_status, origin
    FROM examinees WHERE id_number_index = $1
)sql"};
std::optional<Record> record_by_id_index(pqxx::transaction_base& tx, const std::string& id_index) {
    auto r = kRecord(tx, db::bytes(id_index));
    if (r.empty()) return std::nullopt;
    return Record{r[0]["id"].as<std::int64_t>(), r[0]["name"].as<std::string>(), r[0]["has_password"].as<bool>(),
                  r[0]["identity_status"].as<std::string>(), r[0]["origin"].as<std::string>()};
}

const db::Statement kLockIdentity{"examinees_lock_identity_status", R"sql(
    SELECT identity_status FROM examinees WHERE id = $1 FOR UPDATE
)sql"};
std::optional<std::string> lock_identity_status(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    auto r = kLockIdentity(tx, examinee_id);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

const db::Statement kSetIdentity{"examinees_set_identity_status", R"sql(
    UPDATE examinees SET identity_status = $2 WHERE id = $1
)sql"};
void set_identity_status(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& status) {
    kSetIdentity(tx, examinee_id, status);
}

const db::Statement kContact{"examinees_contact", R"sql(
    SELECT name, ticket_no, phone_enc, email,
      to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY年MM月DD日 HH24:MI') AS now_text
    FROM examinees WHERE id = $1
)sql"};
std::optional<Contact> contact(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    auto r = kContact(tx, examinee_id);
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    Contact c{row["name"].as<std::string>(), db::text(row["ticket_no"]), std::nullopt, db::text(row["email"]),
              row["now_text"].as<std::string>()};
    if (!row["phone_enc"].is_null()) c.phone_enc = db::bytes_of(row["phone_enc"]);
    return c;
}

}  // namespace zk::store::examinees
