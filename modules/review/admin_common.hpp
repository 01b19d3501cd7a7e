// admin_common.hpp: what the 管理员 pages (系统设置: windows, fees, notices, staff accounts)
// share: the confirmation after a change (?done=), field
// messages next to their fields, the current batch, the checks of typed text, and the
// JSON of the audit log's before/after snapshots.
// SECURITY: every route using these is Access::Admin (App::handle refuses other roles
// before a handler runs); snapshots hold only the fields named by the caller, never a
// password, 身份证号 or 手机号.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/base/refusal.hpp"
#include "common/store/settings.hpp"
#include "common/web/app.hpp"

namespace zk::review::admin {

using Messages = std::vector<Refusal::Message>;

// Shows DONE (section HAS_DONE) when ?done= names one of `done` (key, message).
void add_done(const Context& ctx, ctemplate::TemplateDictionary& dict,
              std::initializer_list<std::pair<const char*, const char*>> done);

// Each message next to its field: <FIELD>_ERROR in section HAS_<FIELD>_ERROR (field names
// upper-cased); a message without a field as FORM_ERROR in HAS_FORM_ERROR.
void add_messages(ctemplate::TemplateDictionary& dict, const Messages& messages);

// The current batch, or a 409 refusal when there is none.
store::settings::Batch current_batch(Context& ctx);

// The message for typed text (already trimmed) of `min`..`max` characters of clean UTF-8,
// or nullopt when it is acceptable.
std::optional<std::string> text_error(const std::string& text, const char* label, std::size_t min, std::size_t max);

// {"key": value, …} from values that are already JSON (json::quote a string, a number as is).
std::string json_object(std::initializer_list<std::pair<const char*, std::string>> fields);

// The same field name of a submitted form, trimmed of spaces at both ends.
std::string trimmed(const Context& ctx, const char* field);

}  // namespace zk::review::admin
