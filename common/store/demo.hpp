// demo.hpp: the accounts of `zikao-ctl load-demo` (demo and integration-test examinees,
// staff), inserted unless they exist. Never used in production.
// SECURITY: trusts its caller to pass ciphertexts, blind indexes and password hashes made
// exactly as at registration, so the demo database is as safe to dump as production.
#pragma once
#include <pqxx/pqxx>
#include <string>

namespace zk::store::demo {

struct Examinee {
    std::string name, id_number_enc, id_number_index, ticket_no, gender, ethnicity, hukou, education, occupation,
        political_status, phone_enc, phone_index, county_code, email, password_hash, identity_status;
};

// False when an examinee with that 身份证号 exists already (kept as it is).
bool add_examinee(pqxx::transaction_base& tx, const Examinee& e);

struct Staff {
    std::string username, display_name, role, county_code, city_code, password_hash;
};

// False when the username exists already (kept as it is).
bool add_staff(pqxx::transaction_base& tx, const Staff& s);

}  // namespace zk::store::demo
