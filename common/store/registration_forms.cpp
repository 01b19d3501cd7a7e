// registration_forms.cpp: see registration_forms.hpp. Saving the 个人简历 replaces its rows
// in the caller's transaction, so a reader sees the old rows or the new ones, never a mix.
#include "common/store/registration_forms.hpp"

#include "common/base/db.hpp"

namespace zk::store::registration_forms {
namespace {
std::string china(const char* column) {
    return std::string("coalesce(to_char(") + column + " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), '')";
}
}  // namespace

const db::Statement kOf{"registration_forms_of",
    "SELECT ethnicity, occupation, political_status, phone_enc, education, health, "
    "  to_char(work_start, 'YYYY-MM-DD') AS work_start, overseas_relative, native_place, employer, address_enc, "
    "  family_enc, rewards, self_evaluation, handwritten, resume_saved_at IS NOT NULL AS has_resume, exports, " +
        china("personal_saved_at") + " AS personal_saved, " + china("resume_saved_at") + " AS resume_saved, " +
        china("last_exported_at") + " AS last_exported "
        "FROM registration_forms WHERE application_id = $1 AND examinee_id = $2"};
const db::Statement kRows{"registration_forms_rows",
    "SELECT to_char(from_date, 'YYYY-MM-DD') AS from_date, from_month_only, to_char(to_date, 'YYYY-MM-DD') AS to_date, "
    "  to_month_only, place FROM registration_form_resume WHERE application_id = $1 ORDER BY seq"};
std::optional<Stored> of(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id) {
    const auto r = kOf(tx, application_id, examinee_id);
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    Stored s;
    auto& p = s.personal;
    p.ethnicity = row["ethnicity"].as<std::string>();
    p.occupation = row["occupation"].as<std::string>();
    p.political_status = row["political_status"].as<std::string>();
    p.phone_enc = db::bytes_of(row["phone_enc"]);
    p.education = row["education"].as<std::string>();
    p.health = row["health"].as<std::string>();
    p.work_start = row["work_start"].as<std::string>();
    p.overseas_relative = row["overseas_relative"].as<bool>();
    p.native_place = row["native_place"].as<std::string>();
    p.employer = row["employer"].as<std::string>();
    p.address_enc = db::bytes_of(row["address_enc"]);
    s.exports = row["exports"].as<int>();
    s.personal_saved_at = row["personal_saved"].as<std::string>();
    s.resume_saved_at = row["resume_saved"].as<std::string>();
    s.last_exported_at = row["last_exported"].as<std::string>();
    if (row["has_resume"].as<bool>()) {
        Resume res;
        res.family_enc = db::bytes_of(row["family_enc"]);
        res.rewards = db::text(row["rewards"]);
        res.self_evaluation = db::text(row["self_evaluation"]);
        res.handwritten = row["handwritten"].as<bool>();
        for (const auto& x : kRows(tx, application_id)) {
            ResumeRow rr;
            rr.from_date = x["from_date"].as<std::string>();
            rr.from_month_only = x["from_month_only"].as<bool>();
            if (!x["to_date"].is_null()) rr.to_date = x["to_date"].as<std::string>();
            rr.to_month_only = x["to_month_only"].as<bool>();
            rr.place = x["place"].as<std::string>();
            res.rows.push_back(std::move(rr));
        }
        s.resume = std::move(res);
    }
    return s;
}

const db::Statement kSavePersonal{"registration_forms_save_personal",
    "INSERT INTO registration_forms (application_id, examinee_id, ethnicity, occupation, political_status, phone_enc, "
    "  education, health, work_start, overseas_relative, native_place, employer, address_enc) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, $12, $13) "
    "ON CONFLICT (application_id) DO UPDATE SET ethnicity = EXCLUDED.ethnicity, occupation = EXCLUDED.occupation, "
    "  political_status = EXCLUDED.political_status, phone_enc = EXCLUDED.phone_enc, education = EXCLUDED.education, "
    "  health = EXCLUDED.health, work_start = EXCLUDED.work_start, overseas_relative = EXCLUDED.overseas_relative, "
    "  native_place = EXCLUDED.native_place, employer = EXCLUDED.employer, address_enc = EXCLUDED.address_enc, "
    "  personal_saved_at = now() "
    "WHERE registration_forms.examinee_id = EXCLUDED.examinee_id"};
void save_personal(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id,
                   const Personal& p) {
    kSavePersonal(tx, application_id, examinee_id, p.ethnicity, p.occupation, p.political_status, db::bytes(p.phone_enc),
                  p.education, p.health, p.work_start, p.overseas_relative, p.native_place, p.employer,
                  db::bytes(p.address_enc));
}

const db::Statement kSaveResume{"registration_forms_save_resume",
    "UPDATE registration_forms SET family_enc = $3, rewards = $4, self_evaluation = $5, handwritten = $6, "
    "  resume_saved_at = now() WHERE application_id = $1 AND examinee_id = $2"};
const db::Statement kClearRows{"registration_forms_clear_rows",
    "DELETE FROM registration_form_resume WHERE application_id = $1"};
const db::Statement kAddRow{"registration_forms_add_row",
    "INSERT INTO registration_form_resume (application_id, seq, from_date, from_month_only, to_date, to_month_only, place) "
    "VALUES ($1, $2, $3::date, $4, $5::date, $6, $7)"};
bool save_resume(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id, const Resume& r) {
    const auto u = kSaveResume(tx, application_id, examinee_id, db::bytes(r.family_enc), r.rewards, r.self_evaluation,
                               r.handwritten);
    if (u.affected_rows() != 1) return false;
    kClearRows(tx, application_id);
    int seq = 0;
    for (const auto& row : r.rows)
        kAddRow(tx, application_id, ++seq, row.from_date, row.from_month_only, row.to_date, row.to_month_only,
                row.place);
    return true;
}

const db::Statement kRecordExport{"registration_forms_record_export",
    "UPDATE registration_forms SET exports = exports + 1, first_exported_at = coalesce(first_exported_at, now()), "
    "  last_exported_at = now() WHERE application_id = $1"};
void record_export(pqxx::transaction_base& tx, std::int64_t application_id) { kRecordExport(tx, application_id); }

const db::Statement kMarkFilled{"registration_forms_mark_filled",
    "WITH moved AS (UPDATE applications SET status = 'regform_filled', updated_at = now() "
    "  WHERE id = $1 AND status = 'paid' RETURNING id) "
    "INSERT INTO application_events (application_id, from_status, to_status, actor, staff_id, note) "
    "SELECT id, 'paid', 'regform_filled', 'examinee', NULL, '保存并导出《毕业生登记表》' FROM moved"};
bool mark_filled(pqxx::transaction_base& tx, std::int64_t application_id) {
    return kMarkFilled(tx, application_id).affected_rows() == 1;
}

const db::Statement kVerifiedPhoto{"registration_forms_verified_photo",
    "SELECT p.data FROM graduation_photos g JOIN photos p ON p.id = g.photo_id "
    "WHERE g.application_id = $1 AND g.status = 'approved' ORDER BY g.created_at DESC, g.id DESC LIMIT 1"};
std::optional<std::string> verified_photo(pqxx::transaction_base& tx, std::int64_t application_id) {
    const auto r = kVerifiedPhoto(tx, application_id);
    if (r.empty()) return std::nullopt;
    return db::bytes_of(r[0]["data"]);
}

}  // namespace zk::store::registration_forms
