// county_offices.hpp: 县（市、区）自考部门地址及联系方式 (CTR-4), the reference table of
// migration 0013: one office per county, with its address, telephone and opening hours;
// `confirmed` is false while they are placeholders that the administrator has not yet
// replaced with the office's own.
// SECURITY: public reference data, read only; the page escapes every field.
#pragma once
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::county_offices {

struct Office {
    std::string county_code, county_name, city_code, city_name;
    std::string office_name, address, phone, hours;
    bool confirmed = false;
};

// Every county's office, in city-code, county-code order (the order of /contacts).
std::vector<Office> all(pqxx::transaction_base& tx);

}  // namespace zk::store::county_offices
