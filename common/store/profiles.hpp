// profiles.hpp: who is logged in, as the session query reads them: the examinee's own
// record and the staff member's role and scope. Plain data; encrypted columns stay
// encrypted until a page needs them.
#pragma once
#include <string>

namespace zk::store {

// Almost every examinee page shows part of it, so it is read in the same query that
// checks the session: one round trip per page instead of two.
struct ExamineeProfile {
    std::string name, ticket_no, gender, ethnicity, hukou, education, occupation, political_status;
    std::string email, county_code, county_name;
    std::string id_number_enc, phone_enc;  // AES-256-GCM blobs (FieldCipher contexts "id_number", "phone")
    std::string application_status;        // of the current batch's latest application; "" when none
};

// REV-1: 'county' sees its county, 'city' the counties of its city, 'province' and
// 'admin' everything.
struct StaffProfile {
    std::string username, role, county_code, city_code;
};

}  // namespace zk::store
