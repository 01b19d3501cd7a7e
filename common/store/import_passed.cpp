// import_passed.cpp: see import_passed.hpp.
#include "common/store/import_passed.hpp"

#include "common/base/db.hpp"

namespace zk::store::import_passed {
const db::Statement kFind{"import_passed_find", R"sql(
    SELECT to_char(passed_on, 'YYYY-MM-DD'), score, source, verified
     FROM passed_courses WHERE examinee_id = $1 AND course_code = $2
)sql"};
std::optional<Result> find(pqxx::transaction_base& tx, long examinee_id, const std::string& course_code) {
    auto r = kFind(tx, examinee_id, course_code);
    if (r.empty()) return std::nullopt;
    return Result{db::text(r[0][0]), db::text(r[0][1]), db::text(r[0][2]), r[0][3].as<bool>()};
}

const db::Statement kInsert{"import_passed_insert", R"sql(
    INSERT INTO passed_courses (examinee_id, course_code, passed_on, score, source, verified)
     VALUES ($1, $2, $3::date, $4, $5, true)
)sql"};
void insert(pqxx::transaction_base& tx, long examinee_id, const std::string& course_code, const Result& r) {
    kInsert(tx, examinee_id, course_code, r.passed_on, r.score, r.source);
}

const db::Statement kUpdate{"import_passed_update", R"sql(
    UPDATE passed_courses SET passed_on = $3::date, score = $4, source = $5, verified = true
     WHERE examinee_id = $1 AND course_code = $2
)sql"};
void update(pqxx::transaction_base& tx, long examinee_id, const std::string& course_code, const Result& r) {
    kUpdate(tx, examinee_id, course_code, r.passed_on, r.score, r.source);
}

}  // namespace zk::store::import_passed
