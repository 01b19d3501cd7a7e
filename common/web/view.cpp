// view.cpp: template loading, form messages and the date helpers the layout needs.
#include "common/web/view.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace zk {

View::View(const std::string& templates_dir) : cache_(std::make_unique<ctemplate::TemplateCache>()) {
    namespace fs = std::filesystem;
    std::string root = fs::absolute(templates_dir).string();
    if (!fs::is_directory(root)) throw ViewError("templates directory not found: " + root);
    cache_->SetTemplateRootDirectory(root);
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".tpl") continue;
        std::string name = fs::relative(entry.path(), root).string();
        if (!cache_->LoadTemplate(name, ctemplate::STRIP_BLANK_LINES))
            throw ViewError("template failed to parse: " + name);
        ++count_;
    }
    cache_->Freeze();
}

std::string View::render(const std::string& name, const ctemplate::TemplateDictionary& dict) const {
    std::string out;
    if (!cache_->ExpandWithData(name, ctemplate::STRIP_BLANK_LINES, &dict, nullptr, &out))
        throw ViewError("template missing or failed to expand: " + name);
    return out;
}

namespace {
std::tm china_tm(long unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds + 8 * 3600);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}
}  // namespace

std::string chinese_date_line(long unix_seconds) {
    static const char* const kWeekdays[] = {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"};
    std::tm tm = china_tm(unix_seconds);
    char buf[96];
    std::snprintf(buf, sizeof buf, "今天是：%04d年%02d月%02d日 %s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  kWeekdays[tm.tm_wday]);
    return buf;
}

std::string china_date(long unix_seconds) {
    std::tm tm = china_tm(unix_seconds);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return buf;
}

std::string china_date_time(long unix_seconds) {
    std::tm tm = china_tm(unix_seconds);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

void show_field_error(ctemplate::TemplateDictionary& dict, const std::string& field, const std::string& message) {
    std::string upper;
    for (char c : field) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    dict.SetValueAndShowSection("ERR_" + upper, message, "HAS_ERR_" + upper);
}

void show_field_errors(ctemplate::TemplateDictionary& dict, const std::map<std::string, std::string>& errors) {
    for (const auto& [field, message] : errors) show_field_error(dict, field, message);
    if (!errors.empty())
        dict.SetValueAndShowSection("FORM_ERROR", "提交的信息有误，请按提示修改后重新提交。", "HAS_FORM_ERROR");
}

}  // namespace zk
