// import_examinees.cpp: see import_examinees.hpp.
#include "common/store/import_examinees.hpp"

#include "common/base/db.hpp"

namespace zk::store::import_examinees {
namespace {

std::optional<Found> found(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    return Found{r[0][0].as<long>(), db::text(r[0][1]), db::text(r[0][2])};
}
}  // namespace

const db::Statement kCountyCodes{"import_examinees_county_codes", "SELECT code FROM counties"};
std::vector<std::string> county_codes(pqxx::transaction_base& tx) {
    std::vector<std::string> out;
    for (const auto& r : kCountyCodes(tx)) out.push_back(db::text(r[0]));
    return out;
}

const db::Statement kByIdIndex{"import_examinees_by_id_index", R"sql(
    SELECT id, name, COALESCE(ticket_no, '') FROM examinees WHERE id_number_index = $1
)sql"};
std::optional<Found> find_by_id_index(pqxx::transaction_base& tx, const std::string& id_number_index) {
    return found(kByIdIndex(tx, db::bytes(id_number_index)));
}

const db::Statement kByTicket{"import_examinees_by_ticket", R"sql(
    SELECT id, name, COALESCE(ticket_no, '') FROM examinees WHERE ticket_no = $1
)sql"};
std::optional<Found> find_by_ticket(pqxx::transaction_base& tx, const std::string& ticket_no) {
    return found(kByTicket(tx, ticket_no));
}

const db::Statement kSetMissingTicket{"import_examinees_set_missing_ticket", R"sql(
    UPDATE examinees SET ticket_no = $2 WHERE id = $1 AND ticket_no IS NULL
)sql"};
void set_missing_ticket(pqxx::transaction_base& tx, long id, const std::string& ticket_no) {
    kSetMissingTicket(tx, id, ticket_no);
}

const db::Statement kInsert{"import_examinees_insert", R"sql(
    INSERT INTO examinees (name, id_number_enc, id_number_index, ticket_no, gender, county_code,
     identity_status, origin) VALUES ($1, $2, $3, $4, $5, $6, 'unverified', 'imported')
)sql"};
const db::Statement kInsertWithPhone{"import_examinees_insert_with_phone", R"sql(
    INSERT INTO examinees (name, id_number_enc, id_number_index, ticket_no, gender, phone_enc,
     phone_index, county_code, identity_status, origin)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'unverified', 'imported')
)sql"};
void insert(pqxx::transaction_base& tx, const NewExaminee& e) {
    if (e.phone_enc.empty())
        kInsert(tx, e.name, db::bytes(e.id_number_enc), db::bytes(e.id_number_index), e.ticket_no, e.gender,
                e.county_code);
    else
        kInsertWithPhone(tx, e.name, db::bytes(e.id_number_enc), db::bytes(e.id_number_index), e.ticket_no, e.gender,
                         db::bytes(e.phone_enc), db::bytes(e.phone_index), e.county_code);
}

}  // namespace zk::store::import_examinees
