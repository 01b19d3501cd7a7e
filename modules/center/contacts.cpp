// contacts.cpp: 山西省各区县自考部门地址及联系方式 (CTR-4), GET /contacts: every county's
// office with its address, telephone and hours, grouped by city, from the reference table
// county_offices (migration 0013). Linked from 毕业申请 step 1, 毕业照 and the registration
// pages, so it is public. While any office still carries the placeholders of the migration
// (confirmed = false), the page says that those are not yet the office's own.
// SECURITY: Access::Public, read only, reference data; the template escapes every field.
#include "common/store/county_offices.hpp"
#include "modules/center/center.hpp"

namespace zk::center {

void show_contacts(Context& ctx) {
    const auto offices = ctx.db.read([](pqxx::nontransaction& tx) { return store::county_offices::all(tx); });
    ctemplate::TemplateDictionary dict("contacts");
    ctemplate::TemplateDictionary* city = nullptr;
    std::string city_code;
    bool unconfirmed = false;
    for (const auto& o : offices) {
        if (!city || o.city_code != city_code) {
            city_code = o.city_code;
            city = dict.AddSectionDictionary("CITY");
            city->SetValue("CITY_CODE", o.city_code);
            city->SetValue("CITY_NAME", o.city_name);
            auto* jump = dict.AddSectionDictionary("CITY_LINK");
            jump->SetValue("CITY_CODE", o.city_code);
            jump->SetValue("CITY_NAME", o.city_name);
        }
        auto* office = city->AddSectionDictionary("OFFICE");
        office->SetValue("COUNTY_CODE", o.county_code);
        office->SetValue("COUNTY_NAME", o.county_name);
        office->SetValue("OFFICE_NAME", o.office_name);
        office->SetValue("ADDRESS", o.address);
        office->SetValue("PHONE", o.phone);
        if (!o.hours.empty()) office->SetValueAndShowSection("HOURS", o.hours, "HAS_HOURS");
        if (!o.confirmed) office->ShowSection("UNCONFIRMED");
        unconfirmed = unconfirmed || !o.confirmed;
    }
    if (unconfirmed) dict.ShowSection("PLACEHOLDERS");
    if (offices.empty()) dict.ShowSection("EMPTY");
    ctx.page(200, "山西省各区县自考部门地址及联系方式", "center/contacts.tpl", dict);
}

}  // namespace zk::center
