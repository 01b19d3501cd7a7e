// application_record.hpp: how an application is written down for people and for later
// readers: the names of its states (审批进度), and the audit of a major as the JSON kept in
// application_majors.audit_json (what the examinee's status page and the reviewers read).
// Trusts the audit engine's results; escapes every string it puts in JSON.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/domain/eligibility/engine.hpp"

namespace zk::application_record {

// A compact JSON of an audit result, stored in application_majors.audit_json.
std::string audit_json(const eligibility::Result& r);
// The code of a requirement's "how" as stored in audit_json (direct, automatic, chosen,
// english, certificate, exemption, missing), and its Chinese (考试合格, 一对一顶替, …).
std::string how_code(eligibility::How how);
std::string how_text_of_code(const std::string& code);
// Every applications.status code, in the order an application goes through them.
const std::vector<std::string>& status_codes();
// 审批进度 for applications.status (未提交, 已提交, …, 审定未通过); nullopt for an unknown code.
std::optional<std::string> status_name(const std::string& status);
// The same, the code itself when unknown.
std::string status_text(const std::string& status);

}  // namespace zk::application_record
