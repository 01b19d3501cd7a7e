// reports.hpp: what the back office's 统计报表 and its CSV download read (REV-4): the
// batches to choose from, the count of a batch's applications by 毕业申请区县 and status,
// and the applications themselves, one row each.
// SECURITY: counts and rows are limited to the logged-in staff member's scope inside the
// statements (scope.hpp, over the APPLICATION's county a.county_code, as the queues do):
// nothing outside the scope is read. Filters travel as parameters. 身份证号 stay encrypted
// here; the caller decrypts and masks them.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/store/profiles.hpp"

namespace zk::store::reports {

struct Batch {
    int id = 0;
    std::string name;
    bool current = false;
};
// Every batch, newest first.
std::vector<Batch> batches(pqxx::transaction_base& tx);

// One count of the report. Drafts (未提交) are never counted: a draft is not yet an
// application to any office. Three levels, as GROUPING SETS gives them: one county and one
// status; one county, every status (county_total); everything in scope (grand_total).
struct Count {
    std::string county_code, city_name, county_name, status;  // status "" on totals
    bool county_total = false, grand_total = false;
    std::int64_t applications = 0;    // application rows (each attempt counts once)
    std::int64_t reapplications = 0;  // of them, second attempts (重新申请, APP-7)
    std::int64_t examinees = 0;       // distinct examinees
};
// Ordered by county code, then status code; the grand total comes last and is always there.
std::vector<Count> counts(pqxx::transaction_base& tx, int batch, const StaffProfile& staff);

// One application as the CSV lists it.
struct ApplicationRow {
    std::int64_t id = 0, examinee_id = 0;
    std::string ticket_no, name;
    std::optional<std::string> id_number_enc;  // FieldCipher context "id_number"
    std::string county_name;                   // the application's county, city + county
    int attempt = 1;
    std::string institutions, majors;          // in the order chosen, joined with "；"
    std::string status;                        // applications.status code
    std::string submitted;                     // China time, "YYYY-MM-DD HH24:MI"
};
// Submitted applications (never drafts) of `batch` in scope; `status` / `county_code` ""
// for every status / county. Ordered by county, 准考证号, attempt.
std::vector<ApplicationRow> applications(pqxx::transaction_base& tx, int batch, const std::string& status,
                                         const std::string& county_code, const StaffProfile& staff);

}  // namespace zk::store::reports
