// shared.cpp: see shared.hpp.
#include "modules/review/shared.hpp"

#include <tuple>

#include "common/base/log.hpp"
#include "common/domain/validate.hpp"

namespace zk::review {

namespace {
struct NavLink {
    const char* href;
    const char* label;
    bool admin_only;
};
const NavLink kNav[] = {
    {"/admin", "工作台", false},
    {"/admin/verifications", "身份认证审核", false},
    {"/admin/graduation-photos", "毕业照片审核", false},
    {"/admin/prereview", "预审", false},
    {"/admin/oldplan", "旧计划核验", false},
    {"/admin/materials", "材料交回", false},
    {"/admin/final", "审定", false},
    {"/admin/reports", "统计报表", false},
    {"/admin/settings/windows", "业务开放时间", true},
    {"/admin/settings/fees", "毕业申请费用", true},
    {"/admin/notices", "通知公告", true},
    {"/admin/staff", "工作人员账号", true},
    {"/admin/logout", "退出登录", false},
};
}  // namespace

void staff_page(Context& ctx, int status, const std::string& title, const std::string& tpl,
                ctemplate::TemplateDictionary& dict, const std::string& current) {
    const bool admin = ctx.session && ctx.session->staff.role == "admin";
    auto* nav = dict.AddIncludeDictionary("NAV");
    nav->SetFilename("review/nav.tpl");
    for (const auto& link : kNav) {
        if (link.admin_only && !admin) continue;
        auto* a = nav->AddSectionDictionary("LINK");
        a->SetValue("HREF", link.href);
        a->SetValue("LABEL", link.label);
        if (current == link.href) a->ShowSection("CURRENT");
    }
    ctx.page(status, title, tpl, dict);
}

std::string masked(const App& app, const std::optional<std::string>& blob, const char* context, Mask mask,
                   std::int64_t examinee_id) {
    if (!blob) return "";
    try {
        return mask(app.cipher().decrypt(*blob, context));
    } catch (const crypto::CryptoError&) {
        // A data problem to investigate, not a reason to lose the whole page.
        log::error("review.decrypt_failed", {{"examinee", std::to_string(examinee_id)}, {"field", context}});
        return "****";
    }
}

const char* outcome_label(const std::string& outcome) {
    if (outcome == "pass") return "通过";
    if (outcome == "fail") return "不通过";
    if (outcome == "manual") return "转人工审核";
    return "未知";
}

const char* status_label(const std::string& status) {
    if (status == "manual") return "待人工审核";
    if (status == "approved") return "已通过";
    if (status == "refused") return "未通过";
    if (status == "superseded") return "已被考生新的提交取代";
    if (status == "cancelled") return "已由账号本人取消";
    return "未知";
}

std::optional<std::string> reason_error(const std::string& reason) {
    if (reason.empty()) return "请填写不通过原因。";
    if (!validate::is_clean_utf8(reason)) return "不通过原因含有无法识别的字符，请重新填写。";
    const std::size_t n = validate::utf8_length(reason);
    if (n < 2) return "不通过原因至少填写2个字。";
    if (n > 200) return "不通过原因不能超过200个字。";
    return std::nullopt;
}

std::optional<std::string> queue_status(const Context& ctx) {
    const std::string status = ctx.req.query_params.value("status");
    if (status.empty() || status == "manual") return "manual";
    if (status == "approved" || status == "refused") return status;
    return std::nullopt;
}

void add_queue_head(const Context& ctx, ctemplate::TemplateDictionary& dict, const std::string& base,
                    const std::string& current, const char* approved_done, const char* refused_done) {
    for (const auto& [key, label, query] : {std::tuple{"manual", "待审核", ""},
                                            std::tuple{"approved", "已通过", "?status=approved"},
                                            std::tuple{"refused", "未通过", "?status=refused"}}) {
        auto* tab = dict.AddSectionDictionary("TAB");
        tab->SetValue("LABEL", label);
        tab->SetValue("HREF", base + query);
        tab->ShowSection(current == key ? "CURRENT" : "LINK");
    }
    const std::string done = ctx.req.query_params.value("done");
    if (done == "approved") dict.SetValueAndShowSection("DONE", approved_done, "HAS_DONE");
    if (done == "refused") dict.SetValueAndShowSection("DONE", refused_done, "HAS_DONE");
}

}  // namespace zk::review
