// import_institutions.cpp: see import_institutions.hpp.
#include "common/store/import_institutions.hpp"

#include "common/base/db.hpp"

namespace zk::store::import_institutions {
const db::Statement kAll{"import_institutions_all", "SELECT code, name, sort_order FROM institutions"};
std::vector<Institution> all(pqxx::transaction_base& tx) {
    std::vector<Institution> out;
    for (const auto& r : kAll(tx)) out.push_back({db::text(r[0]), db::text(r[1]), r[2].as<long>()});
    return out;
}

const db::Statement kInsert{"import_institutions_insert", R"sql(
    INSERT INTO institutions (code, name, sort_order) VALUES ($1, $2, $3)
)sql"};
void insert(pqxx::transaction_base& tx, const Institution& i) { kInsert(tx, i.code, i.name, i.sort_order); }
const db::Statement kUpdate{"import_institutions_update", R"sql(
    UPDATE institutions SET name = $2, sort_order = $3 WHERE code = $1
)sql"};
void update(pqxx::transaction_base& tx, const Institution& i) { kUpdate(tx, i.code, i.name, i.sort_order); }

}  // namespace zk::store::import_institutions
