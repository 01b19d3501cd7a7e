// reference.hpp: the fixed lists examinees choose from (民族, 户口性质, 文化程度, 职业,
// 政治面貌) and Shanxi's counties grouped by city, as <select> options for templates.
// A submitted value is accepted only if it is one of these, so the lists are also the
// validation. The counties come from common/store/reference.
#pragma once
#include <ctemplate/template.h>

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/db.hpp"

namespace zk::reference {

const std::vector<std::string>& ethnicities();         // the 56 民族, 汉族 first
const std::vector<std::string>& hukou_types();         // 城镇, 农村
const std::vector<std::string>& education_levels();    // 文化程度
const std::vector<std::string>& occupations();         // 职业
const std::vector<std::string>& political_statuses();  // 政治面貌 (GB/T 4762)

bool contains(const std::vector<std::string>& list, const std::string& value);
// Adds one section `section` per entry with OPTION and, for the chosen one, SELECTED.
void add_options(ctemplate::TemplateDictionary& dict, const char* section, const std::vector<std::string>& list,
                 const std::string& chosen);

// Sections CITY (CITY_NAME) each with COUNTY (CODE, NAME, SELECTED) for an <optgroup>.
void add_county_options(pqxx::transaction_base& tx, ctemplate::TemplateDictionary& dict, const std::string& chosen);
bool county_exists(pqxx::transaction_base& tx, const std::string& code);

// The step indicator of multi-step flows: includes layout/steps.tpl as {{>STEPS}}.
void add_steps(ctemplate::TemplateDictionary& dict, const std::vector<std::string>& steps, int current_index);

}  // namespace zk::reference
