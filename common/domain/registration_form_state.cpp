// registration_form_state.cpp: see registration_form_state.hpp.
#include "common/domain/registration_form_state.hpp"

#include "common/domain/application_review.hpp"
#include "common/domain/validate.hpp"

namespace zk::registration_form {

namespace stored = store::registration_forms;

namespace {

const char* const kPhone = "regform_phone";
const char* const kAddress = "regform_address";
const char* const kFamily = "regform_family";

Filled decrypt(const crypto::FieldCipher& cipher, const stored::Stored& s) {
    Filled f;
    auto& p = f.personal;
    p.ethnicity = s.personal.ethnicity;
    p.occupation = s.personal.occupation;
    p.political_status = s.personal.political_status;
    p.phone = cipher.decrypt(s.personal.phone_enc, kPhone);
    p.education = s.personal.education;
    p.health = s.personal.health;
    p.work_start = date_from_iso(s.personal.work_start, false);
    p.work_start_typed = p.work_start.text();
    p.overseas_relative = s.personal.overseas_relative;
    p.native_place = s.personal.native_place;
    p.employer = s.personal.employer;
    p.address = cipher.decrypt(s.personal.address_enc, kAddress);
    if (s.resume) {
        Resume r;
        for (const auto& row : s.resume->rows) {
            ResumeRow x;
            x.from = date_from_iso(row.from_date, row.from_month_only);
            x.from_typed = x.from->text();
            if (row.to_date) {
                x.to = date_from_iso(*row.to_date, row.to_month_only);
                x.to_typed = x.to->text();
            } else {
                x.until_now = true;
                x.to_typed = "至今";
            }
            x.place = row.place;
            r.rows.push_back(std::move(x));
        }
        r.family = unpack_family(cipher.decrypt(s.resume->family_enc, kFamily));
        r.rewards = s.resume->rewards;
        r.self_evaluation = s.resume->self_evaluation;
        r.handwritten = s.resume->handwritten;
        f.resume = std::move(r);
    }
    f.exports = s.exports;
    f.personal_saved_at = s.personal_saved_at;
    f.resume_saved_at = s.resume_saved_at;
    f.last_exported_at = s.last_exported_at;
    return f;
}

// The examinee's latest application of the current batch, locked, if it may be changed.
Saved lock_editable(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    Saved s;
    const auto w = graduation::window(tx);
    const auto app = w ? store::applications::lock_latest(tx, examinee_id, w->batch_id) : std::nullopt;
    Standing standing;
    standing.gate = app ? gate_of(app->status) : Standing::Gate::NoApplication;
    if (standing.gate == Standing::Gate::Editable) {
        s.ok = true;
        s.application_id = app->id;
        return s;
    }
    s.refusal = standing.reason();
    s.status = standing.gate == Standing::Gate::NoApplication ? 404
               : standing.gate == Standing::Gate::NotPaid     ? 403
                                                              : 409;
    return s;
}

}  // namespace

std::string Standing::reason() const {
    switch (gate) {
        case Gate::NoApplication: return "您在本批次没有毕业申请，无需填写《毕业生登记表》。";
        case Gate::NotPaid: return "请先完成毕业申请支付，支付成功后方可填写《毕业生登记表》。";
        case Gate::Locked:
            return "县（市、区）自考部门已确认收到您交回的《毕业生登记表》，登记表不能再修改，仍可下载查看。";
        case Gate::Editable: return "";
    }
    return "";
}

Standing::Gate gate_of(const std::string& status) {
    if (application_review::registration_form_locked(status)) return Standing::Gate::Locked;
    if (status == "paid" || status == "regform_filled") return Standing::Gate::Editable;
    return Standing::Gate::NotPaid;
}

Standing standing(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t examinee_id) {
    const auto w = graduation::window(tx);
    if (!w) return Standing{};
    const auto app = graduation::latest_application(tx, examinee_id, w->batch_id);
    if (!app) return Standing{};
    return standing_of(tx, cipher, *app);
}

Standing standing_of(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher,
                     const graduation::Application& application) {
    Standing s;
    s.application = application;
    s.gate = gate_of(application.status);
    if (s.gate == Standing::Gate::NotPaid) return s;
    s.majors = graduation::chosen_majors(tx, application.id);
    if (auto stored_form = stored::of(tx, application.id, application.examinee_id))
        s.form = decrypt(cipher, *stored_form);
    return s;
}

form_pdf::Form printable(const crypto::FieldCipher& cipher, const Examinee& examinee, const Standing& standing,
                         const std::string& photo_jpeg, const std::string& generated_at) {
    const auto& filled = *standing.form;
    const auto& p = filled.personal;
    form_pdf::Form f;
    for (const auto& m : standing.majors)
        if (m.major_id) f.majors.push_back({m.institution_name, m.major_name + "（" + m.level + "）"});
    f.name = examinee.name;
    f.gender = examinee.gender == "F" ? "女" : "男";
    f.id_number = cipher.decrypt(examinee.id_number_enc, "id_number");
    if (const auto id = validate::check_id_number(f.id_number); id.info)
        f.birth_date = Date{id.info->birth_year, id.info->birth_month, id.info->birth_day}.text();
    f.ticket_no = examinee.ticket_no;
    f.ethnicity = p.ethnicity;
    f.political_status = p.political_status;
    f.health = p.health;
    f.native_place = p.native_place;
    f.education = p.education;
    f.occupation = p.occupation;
    f.work_start = p.work_start.text();
    f.employer = p.employer;
    f.phone = p.phone;
    f.address = p.address;
    f.overseas_relative = p.overseas_relative.value_or(false);
    f.photo_jpeg = photo_jpeg;
    if (filled.resume) {
        const auto& r = *filled.resume;
        for (const auto& row : r.rows) f.resume.push_back({row.from_typed, row.to_typed, row.place});
        for (const auto& m : r.family) f.family.push_back({m.name, m.relation, m.employer, m.position});
        f.rewards = r.rewards;
        f.self_evaluation = r.self_evaluation;
        f.handwritten = r.handwritten;
    }
    f.footer = "申请编号：" + std::to_string(standing.application->id) + "　生成时间：" + generated_at +
               "　山西省高等教育自学考试毕业网上申请系统";
    return f;
}

Personal prefill(const crypto::FieldCipher& cipher, const store::ExamineeProfile& examinee,
                     const graduation::Application& application) {
    Personal p;
    p.ethnicity = examinee.ethnicity;
    p.occupation = examinee.occupation;
    p.political_status = examinee.political_status;
    p.education = examinee.education;
    if (!application.phone_enc.empty()) p.phone = cipher.decrypt(application.phone_enc, "phone");
    else if (!examinee.phone_enc.empty()) p.phone = cipher.decrypt(examinee.phone_enc, "phone");
    p.address = application.address;
    return p;
}

Saved store_personal(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t examinee_id,
                    const Personal& personal) {
    Saved s = lock_editable(tx, examinee_id);
    if (!s.ok) return s;
    stored::Personal p;
    p.ethnicity = personal.ethnicity;
    p.occupation = personal.occupation;
    p.political_status = personal.political_status;
    p.phone_enc = cipher.encrypt(personal.phone, kPhone);
    p.education = personal.education;
    p.health = personal.health;
    p.work_start = personal.work_start.iso();
    p.overseas_relative = personal.overseas_relative.value_or(false);
    p.native_place = personal.native_place;
    p.employer = personal.employer;
    p.address_enc = cipher.encrypt(personal.address, kAddress);
    stored::save_personal(tx, s.application_id, examinee_id, p);
    return s;
}

Saved store_resume(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t examinee_id,
                  const Resume& resume) {
    Saved s = lock_editable(tx, examinee_id);
    if (!s.ok) return s;
    stored::Resume r;
    for (const auto& row : resume.rows) {
        stored::ResumeRow x;
        x.from_date = row.from->iso();
        x.from_month_only = row.from->day == 0;
        if (row.to) {
            x.to_date = row.to->iso();
            x.to_month_only = row.to->day == 0;
        }
        x.place = row.place;
        r.rows.push_back(std::move(x));
    }
    r.family_enc = cipher.encrypt(pack_family(resume.family), kFamily);
    r.rewards = resume.rewards;
    r.self_evaluation = resume.self_evaluation;
    r.handwritten = resume.handwritten;
    if (!stored::save_resume(tx, s.application_id, examinee_id, r)) {
        s.ok = false;
        s.status = 409;
        s.refusal = "请先填写并保存毕业登记信息（第一步），再填写个人简历。";
    }
    return s;
}

void exported(pqxx::transaction_base& tx, std::int64_t application_id) {
    stored::record_export(tx, application_id);
    stored::mark_filled(tx, application_id);
}

}  // namespace zk::registration_form
