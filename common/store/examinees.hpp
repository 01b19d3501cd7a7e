// examinees.hpp: examinee accounts as login, registration and recovery need them: the
// look-up by 身份证号 (its blind index) or 准考证号, the insert at registration, the
// password and its failure stamps, the identity status, and what a notice to the owner
// is addressed with.
// SECURITY: trusts its callers to pass blind indexes (never a 身份证号 in clear),
// ciphertexts for the encrypted columns and fresh scrypt hashes. Encrypted columns are
// returned encrypted.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/store/credentials.hpp"

namespace zk::store::examinees {

std::optional<Credentials> credentials_by_id_index(pqxx::transaction_base& tx, const std::string& id_index);
std::optional<Credentials> credentials_by_ticket(pqxx::transaction_base& tx, const std::string& ticket_no);
// Counts one failure and stamps its time, in one statement so concurrent wrong guesses
// cannot lose increments.
void record_failed_login(pqxx::transaction_base& tx, std::int64_t examinee_id);
// Clears the failure count and stores the (possibly upgraded) hash.
void record_login(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& password_hash);

// The stored hash; "" when the account has none or does not exist.
std::string password_hash(pqxx::transaction_base& tx, std::int64_t examinee_id);
// The owner's own change (修改密码): the failure count is left as it is.
void change_password(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& password_hash);
// A password set by registration or a confirmed reset: the failure count starts afresh.
void reset_password(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& password_hash);

bool id_number_taken(pqxx::transaction_base& tx, const std::string& id_index);

// A new examinee of 新考生注册 (origin 'registered', identity 'unverified').
struct NewExaminee {
    std::string name, id_number_enc, id_number_index, gender, ethnicity, hukou, education, occupation,
        political_status, phone_enc, phone_index, county_code;
    std::string email;  // "" = none
    std::string password_hash;
};
// The new row's id; nullopt when the 身份证号 was registered meanwhile.
std::optional<std::int64_t> insert(pqxx::transaction_base& tx, const NewExaminee& e);

// The account of a 身份证号, for matching it with a typed 姓名.
struct Record {
    std::int64_t id = 0;
    std::string name;
    bool has_password = false;
    std::string identity_status, origin;
};
std::optional<Record> record_by_id_index(pqxx::transaction_base& tx, const std::string& id_index);

// Locks the row for the rest of the transaction; its identity_status, nullopt if none.
std::optional<std::string> lock_identity_status(pqxx::transaction_base& tx, std::int64_t examinee_id);
void set_identity_status(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& status);

// Where a notice to the owner goes, and the time it is sent (China time, as text).
struct Contact {
    std::string name, ticket_no;
    std::optional<std::string> phone_enc;  // none when no phone is on record
    std::string email;      // "" when none
    std::string now_text;   // 2026年03月07日 14:05
};
std::optional<Contact> contact(pqxx::transaction_base& tx, std::int64_t examinee_id);

}  // namespace zk::store::examinees
