// import_passed.hpp: passed-course results (passed_courses) as `zikao-ctl import passed`
// reads and writes them. A pass is one row per examinee, course, date and source
// (0011_passes.sql): the import adds the passes it does not know and changes the score
// and flags of those it does, and never deletes or re-dates one, so an older file
// imported again cannot take a newer pass away.
// SECURITY: trusts its caller to have checked every value; values go as parameters.
#pragma once
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::import_passed {

struct Pass {
    long examinee_id = 0;
    std::string course_code, passed_on, source;  // the key; passed_on YYYY-MM-DD
    std::string score;
    bool verified = true, used_by_graduation = false;
};

// Every stored pass of these examinees.
std::vector<Pass> of_examinees(pqxx::transaction_base& tx, const std::vector<long>& examinee_ids);
// A new pass, imported now from `file`.
void insert(pqxx::transaction_base& tx, const Pass& p, const std::string& file);
// The score and flags of the stored pass with p's key, changed now by `file`.
void update(pqxx::transaction_base& tx, const Pass& p, const std::string& file);

}  // namespace zk::store::import_passed
