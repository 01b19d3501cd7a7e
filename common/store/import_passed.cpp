// import_passed.cpp: see import_passed.hpp.
#include "common/store/import_passed.hpp"

#include "common/base/db.hpp"
#include "common/store/arrays.hpp"

namespace zk::store::import_passed {
const db::Statement kOfExaminees{"import_passed_of_examinees", R"sql(
    SELECT examinee_id, course_code, to_char(passed_on, 'YYYY-MM-DD'), source, score, verified, used_by_graduation
     FROM passed_courses WHERE examinee_id = ANY($1::bigint[])
)sql"};
std::vector<Pass> of_examinees(pqxx::transaction_base& tx, const std::vector<long>& examinee_ids) {
    std::vector<Pass> out;
    if (examinee_ids.empty()) return out;
    for (const auto& r : kOfExaminees(tx, id_array(examinee_ids)))
        out.push_back({r[0].as<long>(), db::text(r[1]), db::text(r[2]), db::text(r[3]), db::text(r[4]),
                       r[5].as<bool>(), r[6].as<bool>()});
    return out;
}

const db::Statement kInsert{"import_passed_insert", R"sql(
    INSERT INTO passed_courses (examinee_id, course_code, passed_on, source, score, verified, used_by_graduation,
                                imported_at, import_file)
     VALUES ($1, $2, $3::date, $4, $5, $6, $7, now(), $8)
)sql"};
void insert(pqxx::transaction_base& tx, const Pass& p, const std::string& file) {
    kInsert(tx, p.examinee_id, p.course_code, p.passed_on, p.source, p.score, p.verified, p.used_by_graduation, file);
}

const db::Statement kUpdate{"import_passed_update", R"sql(
    UPDATE passed_courses SET score = $5, verified = $6, used_by_graduation = $7, changed_at = now(), change_file = $8
     WHERE examinee_id = $1 AND course_code = $2 AND passed_on = $3::date AND source = $4
)sql"};
void update(pqxx::transaction_base& tx, const Pass& p, const std::string& file) {
    kUpdate(tx, p.examinee_id, p.course_code, p.passed_on, p.source, p.score, p.verified, p.used_by_graduation, file);
}

}  // namespace zk::store::import_passed
