// scope.hpp: the SQL condition that limits the back office's rows to a staff member's
// scope (REV-1), shared by the statements of review_queue and graduation_photo_reviews.
// A county clerk (县区招办) sees rows whose county is its county, a city office (市招办)
// rows of its city's counties, the provincial review group (省审定组) and administrators
// everything. An unknown role or a missing code matches no row (fail closed).
// SECURITY: the condition is built from constants when a statement is defined; the staff
// member's role and codes only ever travel as parameters ($first, $first+1, $first+2: role,
// county code, city code, in the order scope_params() gives them).
#pragma once
#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::scope {

// `county_column` is the char(6) county code the row belongs to (e.g. "e.county_code" for
// the examinee's registration county, "a.county_code" for an application's 毕业申请区县);
// the statement must join that county as `c` (LEFT JOIN counties c ON c.code = <column>).
inline std::string condition(int first, const std::string& county_column = "e.county_code") {
    const std::string role = "$" + std::to_string(first) + "::text";
    const std::string county = "$" + std::to_string(first + 1) + "::text";
    const std::string city = "$" + std::to_string(first + 2) + "::text";
    // NULLIF turns an empty code into NULL, and "= NULL" is never true: a county clerk
    // without a county sees nothing rather than everything. The casts to char(6) keep the
    // comparisons on the indexed column types.
    return "(" + role + " IN ('province', 'admin') OR (" + role + " = 'county' AND " + county_column +
           " = CAST(NULLIF(" + county + ", '') AS char(6))) OR (" + role + " = 'city' AND c.city_code = CAST(NULLIF(" +
           city + ", '') AS char(6))))";
}

// What a queue page asks for besides its tab: one county of the scope ("" for all), a
// 准考证号 (exact) or part of a 姓名 ("" for none), and which rows.
struct QueueFilter {
    std::string county_code, search;
    int offset = 0, limit = 50;
};

// One page of a queue: its rows and how many rows match the filter in all (the statement's
// "count(*) OVER () AS total" column, read by page_total).
template <typename Row>
struct Page {
    std::vector<Row> rows;
    std::int64_t total = 0;
};
inline std::int64_t page_total(const pqxx::result& result) {
    return result.empty() ? 0 : result[0]["total"].as<std::int64_t>();
}

// The SQL condition of a QueueFilter whose county and search are parameters $first and
// $first+1; the examinee is joined as `e`. strpos, not LIKE: the typed text is never a pattern.
inline std::string filter_condition(int first, const std::string& county_column) {
    const std::string county = "$" + std::to_string(first) + "::text";
    const std::string search = "$" + std::to_string(first + 1) + "::text";
    return "(" + county + " = '' OR " + county_column + " = CAST(NULLIF(" + county + ", '') AS char(6))) AND (" +
           search + " = '' OR e.ticket_no = " + search + " OR strpos(e.name, " + search + ") > 0)";
}

// "AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')": completes a to_char( of a
// timestamptz column as China time, as every back-office list shows it.
inline std::string china_time() { return " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') "; }

}  // namespace zk::store::scope
