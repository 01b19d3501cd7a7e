// import_passed.hpp: passed-course results (passed_courses) as `zikao-ctl import passed`
// reads and writes them. Results from the exam system are authoritative, certificates
// included, so every row written here is verified.
// SECURITY: trusts its caller to have checked every value; values go as parameters.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace zk::store::import_passed {

struct Result {
    std::string passed_on;  // YYYY-MM-DD
    std::string score, source;
    bool verified = true;
};

std::optional<Result> find(pqxx::transaction_base& tx, long examinee_id, const std::string& course_code);
// Inserts or overwrites the result (verified = true either way).
void insert(pqxx::transaction_base& tx, long examinee_id, const std::string& course_code, const Result& r);
void update(pqxx::transaction_base& tx, long examinee_id, const std::string& course_code, const Result& r);

}  // namespace zk::store::import_passed
