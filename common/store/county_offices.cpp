// county_offices.cpp: see county_offices.hpp.
#include "common/store/county_offices.hpp"

#include "common/base/db.hpp"

namespace zk::store::county_offices {

const db::Statement kAll{"county_offices_all", R"sql(
    SELECT c.code, c.name, c.city_code, c.city_name, o.office_name, o.address, o.phone, o.hours, o.confirmed
    FROM county_offices o JOIN counties c ON c.code = o.county_code
    ORDER BY c.city_code, c.code
)sql"};

std::vector<Office> all(pqxx::transaction_base& tx) {
    std::vector<Office> out;
    for (const auto& r : kAll(tx)) {
        out.push_back({db::text(r["code"]), db::text(r["name"]), db::text(r["city_code"]), db::text(r["city_name"]),
                       db::text(r["office_name"]), db::text(r["address"]), db::text(r["phone"]), db::text(r["hours"]),
                       r["confirmed"].as<bool>()});
    }
    return out;
}

}  // namespace zk::store::county_offices
