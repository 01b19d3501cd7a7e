// import_majors.cpp: see import_majors.hpp.
#include "common/store/import_majors.hpp"

#include "common/base/db.hpp"

namespace zk::store::import_majors {
const db::Statement kAll{"import_majors_all", "SELECT id, institution_code, code, name, level FROM majors"};
std::vector<Major> all(pqxx::transaction_base& tx) {
    std::vector<Major> out;
    for (const auto& r : kAll(tx))
        out.push_back({r[0].as<long>(), db::text(r[1]), db::text(r[2]), db::text(r[3]), db::text(r[4])});
    return out;
}

const db::Statement kFindId{"import_majors_find_id", R"sql(
    SELECT id FROM majors WHERE institution_code = $1 AND code = $2
)sql"};
std::optional<int> find_id(pqxx::transaction_base& tx, const std::string& institution, const std::string& code) {
    auto r = kFindId(tx, institution, code);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<int>();
}

const db::Statement kInsert{"import_majors_insert", R"sql(
    INSERT INTO majors (institution_code, code, name, level) VALUES ($1, $2, $3, $4)
)sql"};
void insert(pqxx::transaction_base& tx, const Major& m) { kInsert(tx, m.institution, m.code, m.name, m.level); }
const db::Statement kUpdate{"import_majors_update", R"sql(
    UPDATE majors SET name = $3, level = $4 WHERE institution_code = $1 AND code = $2
)sql"};
void update(pqxx::transaction_base& tx, const Major& m) { kUpdate(tx, m.institution, m.code, m.name, m.level); }

}  // namespace zk::store::import_majors
