// admin_common.cpp: see admin_common.hpp.
#include "modules/review/admin_common.hpp"

#include <cctype>

#include "common/base/json.hpp"
#include "common/base/strings.hpp"
#include "modules/review/shared.hpp"

namespace zk::review::admin {

namespace {
std::string upper(const std::string& s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}
}  // namespace

void add_done(const Context& ctx, ctemplate::TemplateDictionary& dict,
              std::initializer_list<std::pair<const char*, const char*>> done) {
    const std::string asked = ctx.req.query_params.value("done");
    for (const auto& [key, message] : done)
        if (asked == key) dict.SetValueAndShowSection("DONE", message, "HAS_DONE");
}

void add_messages(ctemplate::TemplateDictionary& dict, const Messages& messages) {
    for (const auto& m : messages) {
        const std::string name = m.field.empty() ? "FORM" : upper(m.field);
        dict.SetValueAndShowSection(name + "_ERROR", m.text, "HAS_" + name + "_ERROR");
    }
}

store::settings::Batch current_batch(Context& ctx) {
    auto batch = ctx.db.read([](pqxx::nontransaction& tx) { return store::settings::current_batch(tx); });
    if (!batch) throw Refusal(409, "尚未设置当前考试批次，请先导入批次信息。");
    return *batch;
}

std::optional<std::string> text_error(const std::string& text, const char* label, std::size_t min, std::size_t max) {
    if (text.empty()) return std::string("请填写") + label + "。";
    if (!strings::is_clean_utf8(text)) return std::string(label) + "含有无法识别的字符，请重新填写。";
    const std::size_t n = strings::utf8_length(text);
    if (n < min) return std::string(label) + "至少" + std::to_string(min) + "个字。";
    if (n > max) return std::string(label) + "不能超过" + std::to_string(max) + "个字。";
    return std::nullopt;
}

std::string json_object(std::initializer_list<std::pair<const char*, std::string>> fields) {
    std::string out = "{";
    for (const auto& [key, value] : fields) {
        if (out.size() > 1) out += ",";
        out += json::quote(key) + ":" + value;
    }
    return out + "}";
}

std::string trimmed(const Context& ctx, const char* field) { return strings::trim(ctx.req.form.value(field)); }

}  // namespace zk::review::admin
