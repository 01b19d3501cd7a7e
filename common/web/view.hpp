// view.hpp: HTML through ctemplate. All templates under the templates directory are
// loaded and parsed at start (a missing or broken template stops the module before it
// serves anything); expansion is then read-only and safe from many threads.
// SECURITY: every template starts with {{%AUTOESCAPE context="HTML"}}, so values are
// escaped by context; only the layout's BODY (already-rendered HTML) is inserted raw.
#pragma once
#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace zk {

// A dictionary key whose ctemplate id is computed and registered once, like STS_INIT's
// static strings. A key given as a plain literal is hashed and looked up in ctemplate's
// global id table under its process-wide lock on every SetValue/ShowSection; on the pages
// every request renders (the layout, 个人中心) that lock was a tenth of the module's CPU
// with eight threads. Use through ZK_KEY("NAME").
class TemplateKey {
public:
    explicit TemplateKey(const char* name)
        : sts_{{name, std::strlen(name), 0}}, registered_(&sts_) {}
    operator ctemplate::TemplateString() const { return ctemplate::TemplateString(sts_); }

private:
    ctemplate::StaticTemplateString sts_;
    ctemplate::StaticTemplateStringInitializer registered_;
};

// ZK_KEY("NAME"): a TemplateKey made on first use at this place (a function-local static,
// so thread-safe), converted to the TemplateString ctemplate's calls take.
#define ZK_KEY(literal) \
    (static_cast<ctemplate::TemplateString>([]() -> const ::zk::TemplateKey& { \
        static const ::zk::TemplateKey key(literal);                            \
        return key;                                                             \
    }()))

struct ViewError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class View {
public:
    // Loads every *.tpl below `templates_dir` (names are paths relative to it).
    explicit View(const std::string& templates_dir);
    std::string render(const std::string& name, const ctemplate::TemplateDictionary& dict) const;
    std::size_t template_count() const { return count_; }

private:
    std::unique_ptr<ctemplate::TemplateCache> cache_;
    std::size_t count_ = 0;
};

// A form field's message: ERR_<FIELD> inside section HAS_ERR_<FIELD> (the field's name
// upper-cased), where the template puts it next to the field.
void show_field_error(ctemplate::TemplateDictionary& dict, const std::string& field, const std::string& message);
// Every message of a form (field → message), and FORM_ERROR (section HAS_FORM_ERROR) above
// the form when there is any.
void show_field_errors(ctemplate::TemplateDictionary& dict, const std::map<std::string, std::string>& errors);

// "今天是：2025年05月17日 星期六" for a UNIX time, in China Standard Time (UTC+8, no DST).
std::string chinese_date_line(long unix_seconds);
// "2025-05-17" in China Standard Time.
std::string china_date(long unix_seconds);
// "2025-05-17 08:30:00" in China Standard Time.
std::string china_date_time(long unix_seconds);

}  // namespace zk
