// reference.cpp: see reference.hpp. The 56 ethnic groups are in the order of the national
// standard GB 3304.
#include "common/domain/reference.hpp"

#include <algorithm>

#include "common/store/reference.hpp"

namespace zk::reference {

const std::vector<std::string>& ethnicities() {
    static const std::vector<std::string> list = {
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
        "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
        "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
        "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
        "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
        "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"};
    return list;
}

const std::vector<std::string>& hukou_types() {
    static const std::vector<std::string> list = {"城镇", "农村"};
    return list;
}

const std::vector<std::string>& education_levels() {
    static const std::vector<std::string> list = {"初中及以下", "高中", "中专", "职高", "技校",
                                                  "大学专科", "大学本科", "研究生"};
    return list;
}

const std::vector<std::string>& occupations() {
    static const std::vector<std::string> list = {"学生", "企业职工", "事业单位人员", "公务员", "军人",
                                                  "农民", "个体经营", "自由职业", "待业", "其他"};
    return list;
}

const std::vector<std::string>& political_statuses() {
    // GB/T 4762 (政治面貌代码), in its order.
    static const std::vector<std::string> list = {
        "中共党员",   "中共预备党员", "共青团员",     "民革党员", "民盟盟员",   "民建会员", "民进会员",
        "农工党党员", "致公党党员",   "九三学社社员", "台盟盟员", "无党派人士", "群众"};
    return list;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

void add_options(ctemplate::TemplateDictionary& dict, const char* section, const std::vector<std::string>& list,
                 const std::string& chosen) {
    for (const auto& item : list) {
        auto* o = dict.AddSectionDictionary(section);
        o->SetValue("OPTION", item);
        if (item == chosen) o->ShowSection("SELECTED");
    }
}

void add_county_options(pqxx::transaction_base& tx, ctemplate::TemplateDictionary& dict, const std::string& chosen) {
    ctemplate::TemplateDictionary* city = nullptr;
    std::string current_city;
    for (const auto& c : store::reference::counties(tx)) {
        if (!city || c.city_code != current_city) {
            city = dict.AddSectionDictionary("CITY");
            city->SetValue("CITY_NAME", c.city_name);
            current_city = c.city_code;
        }
        auto* county = city->AddSectionDictionary("COUNTY");
        county->SetValue("CODE", c.code);
        county->SetValue("NAME", c.city_name + c.name);
        if (c.code == chosen) county->ShowSection("SELECTED");
    }
}

bool county_exists(pqxx::transaction_base& tx, const std::string& code) { return store::reference::county_exists(tx, code); }

void add_steps(ctemplate::TemplateDictionary& dict, const std::vector<std::string>& steps, int current_index) {
    auto* inc = dict.AddIncludeDictionary("STEPS");
    inc->SetFilename("layout/steps.tpl");
    for (size_t i = 0; i < steps.size(); ++i) {
        auto* s = inc->AddSectionDictionary("STEP");
        s->SetIntValue("NUMBER", static_cast<long>(i + 1));
        s->SetValue("TITLE", steps[i]);
        const int idx = static_cast<int>(i);
        s->SetValue("STATE", idx < current_index ? "done" : idx == current_index ? "current" : "todo");
        if (idx == current_index) s->ShowSection("CURRENT");
    }
}

}  // namespace zk::reference
