// shared.hpp: what the back office's queues have in common: the answer for a row that
// does not exist or lies outside the scope, masking encrypted personal data for display,
// and judging a typed 不通过 reason.
// SECURITY: a value that no longer decrypts is shown as "****" and logged by row id only.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/refusal.hpp"
#include "common/domain/validate.hpp"
#include "common/store/reference.hpp"
#include "common/store/scope.hpp"
#include "common/web/app.hpp"

namespace zk::review {

inline const char* const kNotFound = "您访问的页面不存在。";

// Renders a back-office page with the navigation ({{>NAV}}) of the staff member's role:
// the queues and reports for everyone, 系统设置 for administrators; `current` (a path) is
// marked as the page the staff member is on ("" for none).
void staff_page(Context& ctx, int status, const std::string& title, const std::string& tpl,
                ctemplate::TemplateDictionary& dict, const std::string& current);

using Mask = std::string (*)(std::string_view);
// The decrypted and masked value of an encrypted column ("" when NULL).
std::string masked(const App& app, const std::optional<std::string>& blob, const char* context, Mask mask,
                   std::int64_t examinee_id);

// The head every detail page shares: ID (the row), NAME, ID_NUMBER (masked), TICKET_NO, GENDER
// and COUNTY, from a row of the review store that has those fields.
template <typename Detail>
void add_examinee_head(const Context& ctx, ctemplate::TemplateDictionary& dict, const Detail& d) {
    dict.SetValue("ID", std::to_string(d.id));
    dict.SetValue("NAME", d.name);
    dict.SetValue("ID_NUMBER", masked(ctx.app, d.id_number_enc, "id_number", validate::mask_id_number, d.examinee_id));
    dict.SetValue("TICKET_NO", d.ticket_no);
    dict.SetValue("GENDER", d.gender == "F" ? "女" : "男");
    dict.SetValue("COUNTY", d.county_name);
}

// 通过 / 不通过 / 转人工审核 for a verifier's outcome (pass / fail / manual).
const char* outcome_label(const std::string& outcome);
// 待人工审核 / 已通过 / 未通过 / … for the status of a submission handed over to a person.
const char* status_label(const std::string& status);

// The message for a 不通过 reason typed by a clerk (already trimmed), or nullopt when it is
// acceptable: 2 to 200 characters of clean UTF-8.
std::optional<std::string> reason_error(const std::string& reason);

// Rows on one queue page.
inline constexpr int kPageSize = 50;

// What a queue page asks for besides its tab: ?county= (one of the scope's counties, for
// the wider scopes), ?q= (准考证号 or part of a 姓名) and ?page=; with the scope's counties
// for the county select. nullopt for a county outside the scope or a bad page (→ 404).
struct QueuePage {
    store::scope::QueueFilter filter;
    std::vector<store::reference::County> counties;
    int page = 1;
};
std::optional<QueuePage> queue_page(Context& ctx);

// The filter form and the page links ({{>FILTER}}, review/filter.tpl) of a queue page at
// `base`, keeping `keep_name`=`keep_value` (the tab) in both; `total` rows match. The county
// select is labelled `county_label` (报名区县 or 毕业申请区县: whose county the list filters by).
void add_filter(ctemplate::TemplateDictionary& dict, const QueuePage& q, const std::string& base,
                const std::string& keep_name, const std::string& keep_value, std::int64_t total,
                const char* county_label);

// The head of a queue page at `base` (e.g. "/admin/verifications"): the tabs 待审核 / 已通过
// / 未通过 (TAB: the current one, manual / approved / refused, as text, the others as
// links), and after a decision (?done=approved|refused) its confirmation (DONE).
void add_queue_head(const Context& ctx, ctemplate::TemplateDictionary& dict, const std::string& base,
                    const std::string& current, const char* approved_done, const char* refused_done);

// One decision on a row in the state `expected` (decide_waiting: 'manual', waiting for a
// person), in one transaction. `lock` locks
// the row inside the staff member's scope and returns its status, or nullopt outside the
// scope (→ 404, the same as a row that does not exist, nothing touched). The scoped lock
// comes first, so a second click or a colleague deciding at the same moment waits and then
// sees it decided. `apply` decides; a row no longer waiting, or `apply` returning false,
// answers 409 with `already_decided`.
template <typename Lock, typename Apply>
void decide_in_state(Context& ctx, const std::string& expected, const char* already_decided, Lock&& lock,
                     Apply&& apply) {
    ctx.db.write([&](pqxx::work& tx) {
        const std::optional<std::string> status = lock(tx);
        if (!status) throw Refusal(404, kNotFound);
        if (*status != expected || !apply(tx)) throw Refusal(409, already_decided);
    });
}
template <typename Lock, typename Apply>
void decide_waiting(Context& ctx, const char* already_decided, Lock&& lock, Apply&& apply) {
    decide_in_state(ctx, "manual", already_decided, std::forward<Lock>(lock), std::forward<Apply>(apply));
}

// The status a queue page asks for with ?status=: "manual" (the default, waiting),
// "approved" or "refused" (decided); nullopt for anything else (→ 404).
std::optional<std::string> queue_status(const Context& ctx);

// The rows of a queue page: section HAS_ROWS (HISTORY for decided rows) with one ROW each
// (SEQ counted from `first`, ID, what `fill` adds, and for decided rows HISTORY_CELLS with
// DECIDED_AT, DECIDED_BY, REFUSAL); EMPTY when there is none.
template <typename Row, typename Fill>
void add_queue_rows(ctemplate::TemplateDictionary& dict, const std::vector<Row>& rows, bool history, int first,
                    Fill&& fill) {
    int n = first;
    ctemplate::TemplateDictionary* table = nullptr;  // nested sections live in their parent's dictionary
    for (const auto& r : rows) {
        if (!table) {
            table = dict.AddSectionDictionary("HAS_ROWS");
            if (history) table->ShowSection("HISTORY");
        }
        auto* row = table->AddSectionDictionary("ROW");
        row->SetIntValue("SEQ", ++n);
        row->SetValue("ID", std::to_string(r.id));
        fill(*row, r);
        if (history) {
            auto* h = row->AddSectionDictionary("HISTORY_CELLS");
            h->SetValue("DECIDED_AT", r.decided);
            h->SetValue("DECIDED_BY", r.decided_by_name);
            h->SetValue("REFUSAL", r.refusal_reason.value_or(""));
        }
    }
    if (!table) dict.ShowSection("EMPTY");
}

}  // namespace zk::review
