// arrays.hpp: PostgreSQL arrays in and out of the store's statements: a text[] column as a
// vector, and a vector of ids as the literal an `$n::int[]` parameter takes. Only for
// codes and ids (digits and letters), which never need quoting.
#pragma once
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store {

// A text[] column (NULL: empty) as its elements, NULL elements left out.
inline std::vector<std::string> text_array(const pqxx::field& f) {
    std::vector<std::string> out;
    if (f.is_null()) return out;
    auto parser = f.as_array();
    for (auto item = parser.get_next(); item.first != pqxx::array_parser::done; item = parser.get_next())
        if (item.first == pqxx::array_parser::string_value) out.push_back(item.second);
    return out;
}

// {1,2,3} for an `$n::int[]` / `$n::bigint[]` parameter.
template <typename Int>
std::string id_array(const std::vector<Int>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
    return out + "}";
}

}  // namespace zk::store
