// import_examinees.hpp: 在籍考生 records as `zikao-ctl import examinees` reads and writes
// them, the county codes they are checked against, and the look-up of an examinee by
// 准考证号 that the passed-course import and `zikao-ctl audit` share.
// SECURITY: trusts its caller to pass ciphertexts and blind indexes, never clear
// 身份证号 or 手机号; values go as parameters.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::import_examinees {

std::vector<std::string> county_codes(pqxx::transaction_base& tx);

struct Found {
    long id = 0;
    std::string name, ticket_no;  // ticket_no "" when the examinee has none yet
};

std::optional<Found> find_by_id_index(pqxx::transaction_base& tx, const std::string& id_number_index);
std::optional<Found> find_by_ticket(pqxx::transaction_base& tx, const std::string& ticket_no);
// Gives the examinee its 准考证号 unless it has one already.
void set_missing_ticket(pqxx::transaction_base& tx, long id, const std::string& ticket_no);

struct NewExaminee {
    std::string name, id_number_enc, id_number_index, ticket_no, gender, county_code;
    std::string phone_enc, phone_index;  // both "" when the file gives no 手机号
};

// An unverified examinee of origin 'imported'.
void insert(pqxx::transaction_base& tx, const NewExaminee& e);

}  // namespace zk::store::import_examinees
