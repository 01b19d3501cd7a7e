// registration_form_state.hpp: 《毕业生登记表》 (REG-1 … REG-3) between the regform module's pages and the
// database: where the examinee stands (the form opens after payment and closes at 材料已交回),
// the saved form decrypted for the pages, the values a first visit starts from, and the
// saves, each made under the application's row lock after checking that it may still change.
// The values' rules are in registration_form.hpp.
// SECURITY: the examinee id comes from the session; the application is always the session
// examinee's own latest one of the current batch, never one named by the request. 手机号,
// 详细住址 and the family members are encrypted here before they are stored.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/crypto.hpp"
#include "common/domain/form_pdf/form_pdf.hpp"
#include "common/domain/graduation.hpp"
#include "common/domain/registration_form.hpp"
#include "common/store/profiles.hpp"
#include "common/store/registration_forms.hpp"

namespace zk::registration_form {

// The form as the pages show it.
struct Filled {
    Personal personal;
    std::optional<Resume> resume;  // nullopt until 个人简历 was saved
    int exports = 0;
    std::string personal_saved_at, resume_saved_at, last_exported_at;
};

struct Standing {
    enum class Gate {
        NoApplication,  // no application in the current batch
        NotPaid,        // not paid yet
        Editable,       // paid or 登记表已填: may be filled in and changed
        Locked,         // 材料已交回 or later: read-only, the PDF still downloads
    } gate = Gate::NoApplication;
    std::optional<graduation::Application> application;
    std::vector<graduation::ChosenMajor> majors;
    std::optional<Filled> form;  // nullopt when nothing was saved
    // Why the form cannot be opened or changed (Chinese); "" when Editable.
    std::string reason() const;
    bool has_resume() const { return form && form->resume; }
};
Standing standing(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t examinee_id);
// The same for one application (the back office: the caller found it inside its scope).
Standing standing_of(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher,
                     const graduation::Application& application);
// Which gate an application status opens.
Standing::Gate gate_of(const std::string& status);

// What 毕业登记信息填写 starts from before anything was saved: what the examinee gave at
// registration (民族, 职业, 政治面貌, 文化程度, 手机号) and at 毕业申请 (the address).
Personal prefill(const crypto::FieldCipher& cipher, const store::ExamineeProfile& examinee,
                                    const graduation::Application& application);

// Who the form is about, as their records have it (never typed into the form).
struct Examinee {
    std::string name, gender;  // gender 'M' / 'F'
    std::string id_number_enc, ticket_no;
};
// The form as printed (common/domain/form_pdf): the saved form (the standing must have one),
// the examinee's records, the chosen majors and the verified graduation photo ("" none).
// `generated_at` is printed in the footer (China time).
form_pdf::Form printable(const crypto::FieldCipher& cipher, const Examinee& examinee, const Standing& standing,
                         const std::string& photo_jpeg, const std::string& generated_at);

// A save: the application locked FOR UPDATE and checked to be Editable first.
struct Saved {
    bool ok = false;
    int status = 200;     // 403 not paid, 404 no application, 409 locked / step 1 missing
    std::string refusal;  // Chinese, when !ok
    std::int64_t application_id = 0;
};
Saved store_personal(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t examinee_id,
                    const Personal& personal);
Saved store_resume(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t examinee_id,
                  const Resume& resume);
// After a successful export of the saved form (same transaction as save_resume): counts it,
// and the first one moves the application to 登记表已填.
void exported(pqxx::transaction_base& tx, std::int64_t application_id);

}  // namespace zk::registration_form
