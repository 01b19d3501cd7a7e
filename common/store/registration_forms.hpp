// registration_forms.hpp: the 《毕业生登记表》 of an application (REG-1 … REG-3) as module
// regform reads and writes it: the personal part (毕业登记信息填写), the 个人简历 (rows,
// family, 奖励或处分, 自我鉴定), the export count, the verified graduation photo printed on
// it, and the 登记表已填 transition (paid → regform_filled, actor examinee) at the first export.
// SECURITY: trusts its callers for ids (the examinee id comes from the session and every read
// carries it in its WHERE clause) and for checked values; encrypted columns go in and come
// out encrypted.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::registration_forms {

struct Personal {
    std::string ethnicity, occupation, political_status, phone_enc, education, health;
    std::string work_start;  // yyyy-mm-dd
    bool overseas_relative = false;
    std::string native_place, employer, address_enc;
};
struct ResumeRow {
    std::string from_date;  // yyyy-mm-dd
    bool from_month_only = false;
    std::optional<std::string> to_date;  // nullopt: 至今
    bool to_month_only = false;
    std::string place;
};
struct Resume {
    std::vector<ResumeRow> rows;
    std::string family_enc, rewards, self_evaluation;
    bool handwritten = false;
};
struct Stored {
    Personal personal;
    std::optional<Resume> resume;  // nullopt until 个人简历 was saved
    int exports = 0;
    std::string personal_saved_at, resume_saved_at, last_exported_at;  // China time, "" when never
};
// The application's form, read with the owner's examinee id; nullopt when none was saved.
std::optional<Stored> of(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id);

// Inserts or replaces the personal part.
void save_personal(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id,
                   const Personal& p);
// Replaces the 个人简历 (rows in time order, 1 … 10); false when the personal part was never saved.
bool save_resume(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id, const Resume& r);
// Counts one export (the first one stamps first_exported_at).
void record_export(pqxx::transaction_base& tx, std::int64_t application_id);
// 登记表已填 (actor examinee): paid → regform_filled with its timeline row; false when the
// application was not 'paid' (already filled, or later).
bool mark_filled(pqxx::transaction_base& tx, std::int64_t application_id);

// The JPEG of the application's verified graduation photo; nullopt when it has none.
std::optional<std::string> verified_photo(pqxx::transaction_base& tx, std::int64_t application_id);

}  // namespace zk::store::registration_forms
