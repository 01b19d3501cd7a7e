// demo.cpp: see demo.hpp. Empty texts become NULL where the column allows it.
#include "common/store/demo.hpp"

#include "common/base/db.hpp"

namespace zk::store::demo {
const db::Statement kAddExaminee{"demo_add_examinee", R"sql(
    INSERT INTO examinees (name, id_number_enc, id_number_index, ticket_no, gender, ethnicity, hukou,
     education, occupation, political_status, phone_enc, phone_index, county_code, email,
     password_hash, identity_status)
     VALUES ($1,$2,$3,NULLIF($4,''),$5,$6,$7,$8,$9,$10,$11,$12,$13,NULLIF($14,''),NULLIF($15,''),$16)
     ON CONFLICT (id_number_index) DO NOTHING
)sql"};
bool add_examinee(pqxx::transaction_base& tx, const Examinee& e) {
    return kAddExaminee(tx, e.name, db::bytes(e.id_number_enc), db::bytes(e.id_number_index), e.ticket_no, e.gender,
                        e.ethnicity, e.hukou, e.education, e.occupation, e.political_status, db::bytes(e.phone_enc),
                        db::bytes(e.phone_index), e.county_code, e.email, e.password_hash, e.identity_status)
               .affected_rows() > 0;
}

const db::Statement kAddStaff{"demo_add_staff", R"sql(
    INSERT INTO staff (username, display_name, role, county_code, city_code, password_hash)
     VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6) ON CONFLICT (username) DO NOTHING
)sql"};
bool add_staff(pqxx::transaction_base& tx, const Staff& s) {
    return kAddStaff(tx, s.username, s.display_name, s.role, s.county_code, s.city_code, s.password_hash)
               .affected_rows() > 0;
}

}  // namespace zk::store::demo
