// common.cpp: what the apply handlers share: the window check, the step indicator and the
// personal block (the audit JSON and status names are common/domain/application_record).
#include <cstdio>

#include "common/domain/validate.hpp"
#include "modules/apply/apply.hpp"

namespace zk::apply {

const std::vector<std::string>& steps() {
    static const std::vector<std::string> list = {"毕业申请信息填报", "毕业申请专业选择", "信息确认", "提交完成"};
    return list;
}

std::optional<graduation::Window> current_window(Context& ctx) {
    return ctx.db.read([](pqxx::nontransaction& tx) { return graduation::window(tx); });
}

bool refuse_if_closed(Context& ctx, const std::optional<graduation::Window>& w) {
    if (w && w->open) return false;
    ctemplate::TemplateDictionary dict("closed");
    if (w) {
        dict.SetValue("BATCH", w->batch_name);
        if (!w->opens.empty()) {
            auto* d = dict.AddSectionDictionary("DATES");
            d->SetValue("OPENS", w->opens);
            d->SetValue("CLOSES", w->closes);
        }
    } else {
        dict.ShowSection("NO_WINDOW");
    }
    ctx.page(403, "毕业申请未开放", "apply/closed.tpl", dict);
    return true;
}

void show_closed(Context& ctx) {
    if (!refuse_if_closed(ctx, current_window(ctx))) ctx.fail(403, "毕业申请未开放。");
}

}  // namespace zk::apply
