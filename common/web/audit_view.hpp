// audit_view.hpp: an audit stored with an application (application_majors.audit_json) as
// the pages show it, the same for the examinee (/apply/status) and the back office: one
// COURSE row per required course with ✓/✗ and how it is met.
// Trusts the stored audit (written by the audit engine); ctemplate escapes every value.
#pragma once
#include <ctemplate/template.h>

#include <vector>

#include "common/store/applications.hpp"

namespace zk::audit_view {

// Section COURSE in `dict` for each course: CODE, NAME, CREDITS, MARK (✓ / ✗), HOW (考试合格,
// 顶替英语二, …, 缺少), NOTE.
void add_courses(ctemplate::TemplateDictionary& dict,
                 const std::vector<store::applications::StoredAudit::Course>& courses);

}  // namespace zk::audit_view
