// import_institutions.hpp: the institutions table (主考院校) as `zikao-ctl import
// institutions` reads and writes it.
// SECURITY: trusts its caller to have checked every value; values go as parameters.
#pragma once
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::import_institutions {

struct Institution {
    std::string code, name;
    long sort_order = 0;
    bool operator==(const Institution&) const = default;
};

std::vector<Institution> all(pqxx::transaction_base& tx);
void insert(pqxx::transaction_base& tx, const Institution& i);
// Name and sort order of the institution with i.code.
void update(pqxx::transaction_base& tx, const Institution& i);

}  // namespace zk::store::import_institutions
