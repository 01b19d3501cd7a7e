// audit_view.cpp: see audit_view.hpp.
#include "common/web/audit_view.hpp"

#include "common/domain/application_record.hpp"

namespace zk::audit_view {

void add_courses(ctemplate::TemplateDictionary& dict,
                 const std::vector<store::applications::StoredAudit::Course>& courses) {
    for (const auto& c : courses) {
        auto* row = dict.AddSectionDictionary("COURSE");
        row->SetValue("CODE", c.code);
        row->SetValue("NAME", c.name);
        row->SetValue("CREDITS", c.credits);
        row->SetValue("MARK", c.how == "missing" ? "✗" : "✓");
        row->SetValue("HOW", application_record::how_text_of_code(c.how));
        row->SetValue("NOTE", c.note);
    }
}

}  // namespace zk::audit_view
