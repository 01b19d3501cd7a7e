// exports.cpp: see exports.hpp.
#include "common/store/exports.hpp"

#include <stdexcept>

#include "common/base/db.hpp"

namespace zk::store::exports {
const db::Statement kCurrentBatch{"exports_current_batch", "SELECT id, name FROM batches WHERE is_current"};
std::optional<Batch> current_batch(pqxx::transaction_base& tx) {
    auto r = kCurrentBatch(tx);
    if (r.empty()) return std::nullopt;
    return Batch{r[0][0].as<int>(), db::text(r[0][1])};
}

const db::Statement kCountyExists{"exports_county_exists", "SELECT 1 FROM counties WHERE code = $1"};
bool county_exists(pqxx::transaction_base& tx, const std::string& code) { return !kCountyExists(tx, code).empty(); }

const db::Statement kApplications{"exports_applications", R"sql(
    SELECT a.id, e.name, e.id_number_enc, e.ticket_no, e.gender,
           COALESCE(c.city_name || c.name, a.county_code::text) AS county,
           COALESCE(i.name, am.institution_code) AS institution, m.code AS major_code, m.name AS major_name,
           a.status,
           to_char(a.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS submitted
      FROM applications a
      JOIN examinees e ON e.id = a.examinee_id
      LEFT JOIN counties c ON c.code = a.county_code
      LEFT JOIN application_majors am ON am.application_id = a.id
      LEFT JOIN institutions i ON i.code = am.institution_code
      LEFT JOIN majors m ON m.id = am.major_id
     WHERE a.batch_id = $1::integer
       AND (CASE WHEN $2::text = '' THEN a.status <> 'draft' ELSE a.status = $2::text END)
       AND ($3::text = '' OR a.county_code::text = $3::text)
     ORDER BY a.county_code, a.id, am.seq
)sql"};
std::vector<ApplicationRow> applications(pqxx::transaction_base& tx, int batch, const std::string& status,
                                         const std::string& county) {
    std::vector<ApplicationRow> out;
    for (const auto& r : kApplications(tx, batch, status, county)) {
        auto text = [&](const char* col) { return db::text(r[col]); };
        out.push_back({text("id"), text("name"), db::bytes_of(r["id_number_enc"]), text("ticket_no"), text("gender"),
                       text("county"), text("institution"), text("major_code"), text("major_name"), text("status"),
                       text("submitted")});
    }
    return out;
}

const db::Statement kGraduates{"exports_graduates", R"sql(
    SELECT e.id AS examinee_id, e.name, e.id_number_enc, e.gender, e.ticket_no,
           COALESCE(i.name, am.institution_code) AS institution, m.code AS major_code, m.name AS major_name,
           m.level, COALESCE(c.city_name || c.name, a.county_code::text) AS county,
           -- The verified 480×640 graduation photo of this application (never a 证件照,
           -- never a refused or unverified upload).
           (SELECT g.photo_id FROM graduation_photos g WHERE g.application_id = a.id AND g.status = 'approved')
             AS photo_id
      FROM applications a
      JOIN examinees e ON e.id = a.examinee_id
      JOIN application_majors am ON am.application_id = a.id
      JOIN majors m ON m.id = am.major_id
      LEFT JOIN institutions i ON i.code = am.institution_code
      LEFT JOIN counties c ON c.code = a.county_code
     WHERE a.batch_id = $1::integer AND a.status = 'approved' AND am.eligible IS NOT FALSE
     ORDER BY a.county_code, e.id, am.seq
)sql"};
std::vector<GraduateRow> graduates(pqxx::transaction_base& tx, int batch) {
    std::vector<GraduateRow> out;
    for (const auto& r : kGraduates(tx, batch)) {
        auto text = [&](const char* col) { return db::text(r[col]); };
        GraduateRow g;
        g.examinee_id = r["examinee_id"].as<std::int64_t>();
        g.name = text("name");
        g.id_number_enc = db::bytes_of(r["id_number_enc"]);
        g.gender = text("gender");
        g.ticket_no = text("ticket_no");
        g.institution = text("institution");
        g.major_code = text("major_code");
        g.major_name = text("major_name");
        g.level = text("level");
        g.county = text("county");
        if (!r["photo_id"].is_null()) g.photo_id = r["photo_id"].as<std::int64_t>();
        out.push_back(std::move(g));
    }
    return out;
}

const db::Statement kPhotoData{"exports_photo_data", "SELECT data FROM photos WHERE id = $1"};
std::string photo_data(pqxx::transaction_base& tx, std::int64_t photo_id) {
    auto r = kPhotoData(tx, photo_id);
    if (r.empty()) throw std::runtime_error("photo " + std::to_string(photo_id) + " disappeared during the export");
    return db::bytes_of(r[0][0]);
}

}  // namespace zk::store::exports
