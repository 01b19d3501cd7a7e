// fill.cpp: step 1 毕业申请信息填报 (APP-2): read-only personal information, *毕业申请区县,
// *手机号, *地址 and the 主考院校 (one or two). POST validates everything first and stores
// nothing on error; otherwise one write updates the draft and its institutions.
// SECURITY: the draft is the session examinee's (graduation::lock_draft); county and
// institution codes are accepted only if they exist; the phone is stored encrypted.
#include <algorithm>
#include <map>
#include <set>

#include "common/base/strings.hpp"
#include "common/domain/reference.hpp"
#include "common/domain/validate.hpp"
#include "common/store/applications.hpp"
#include "common/store/reference.hpp"
#include "modules/apply/apply.hpp"

namespace zk::apply {

namespace {
using Errors = std::map<std::string, std::string>;

struct Input {
    std::string county, phone, address;
    std::set<std::string> institutions;
};

void render(Context& ctx, int status, const Input& in, const Errors& errors) {
    ctemplate::TemplateDictionary dict("fill");
    reference::add_steps(dict, steps(), 0);
    ctx.add_examinee(dict);
    dict.SetValue("PHONE", in.phone);
    dict.SetValue("ADDRESS", in.address);
    ctx.db.read([&](pqxx::nontransaction& tx) {
        reference::add_county_options(tx, dict, in.county);
        for (const auto& i : store::reference::institutions(tx)) {
            auto* d = dict.AddSectionDictionary("INSTITUTION");
            d->SetValue("CODE", i.code);
            d->SetValue("INST_NAME", i.name);
            if (in.institutions.count(i.code)) d->ShowSection("CHECKED");
        }
    });
    show_field_errors(dict, errors);
    ctx.page(status, "毕业申请信息填报", "apply/fill.tpl", dict);
}
}  // namespace

void show_fill(Context& ctx) {
    const auto w = current_window(ctx);
    if (refuse_if_closed(ctx, w)) return;
    const auto& profile = ctx.session->examinee;
    const auto& cipher = ctx.app.cipher();
    Input in;
    bool submitted = false;
    ctx.db.read([&](pqxx::nontransaction& tx) {
        auto app = graduation::latest_application(tx, ctx.examinee_id(), w->batch_id);
        if (app && app->status != "draft") {
            submitted = true;
            return;
        }
        // Defaults from the examinee's record; a draft's own values win (上一步 keeps input).
        in.county = profile.county_code;
        if (!profile.phone_enc.empty()) in.phone = cipher.decrypt(profile.phone_enc, "phone");
        if (!app) return;
        if (!app->county_code.empty()) in.county = app->county_code;
        if (!app->phone_enc.empty()) in.phone = cipher.decrypt(app->phone_enc, "phone");
        in.address = app->address;
        for (const auto& m : graduation::chosen_majors(tx, app->id)) in.institutions.insert(m.institution_code);
    });
    if (submitted) return ctx.res.redirect("/apply/status");
    render(ctx, 200, in, {});
}

void do_fill(Context& ctx) {
    const auto w = current_window(ctx);
    if (refuse_if_closed(ctx, w)) return;
    const http::Form& f = ctx.req.form;
    Input in;
    in.county = f.value("county_code");
    in.phone = strings::trim(f.value("phone"));
    in.address = strings::trim(f.value("address"));
    std::vector<std::string> picked;  // in the order of the institutions' sort_order (below)
    for (const auto& code : f.all("institution")) in.institutions.insert(code);

    Errors errors;
    std::vector<store::reference::Institution> all;
    bool county_ok = false;
    ctx.db.read([&](pqxx::nontransaction& tx) {
        county_ok = reference::county_exists(tx, in.county);
        all = store::reference::institutions(tx);
    });
    if (!county_ok) errors["county_code"] = "请选择毕业申请区县。";
    if (!validate::is_mobile_phone(in.phone)) errors["phone"] = "请填写11位手机号码。";
    if (!validate::is_clean_utf8(in.address)) errors["address"] = "地址含有无效字符。";
    else if (const size_t n = validate::utf8_length(in.address); n < 2 || n > 200)
        errors["address"] = "请填写地址（2到200个字）。";
    for (const auto& i : all)
        if (in.institutions.count(i.code)) picked.push_back(i.code);
    if (picked.size() != in.institutions.size()) errors["institution"] = "所选主考院校不存在，请重新选择。";
    else if (picked.empty()) errors["institution"] = "请至少选择一所主考院校。";
    else if (picked.size() > 2) errors["institution"] = "考生毕业申请最多可选择两所主考院校。";
    if (!errors.empty()) {
        // Only known codes are shown back as checked.
        std::set<std::string> known(picked.begin(), picked.end());
        in.institutions = known;
        return render(ctx, 400, in, errors);
    }

    const std::string phone_enc = ctx.app.cipher().encrypt(in.phone, "phone");
    enum class Outcome { Stored, Submitted, Closed };
    const Outcome outcome = ctx.db.write([&](pqxx::work& tx) {
        auto win = graduation::window(tx);
        if (!win || !win->open) return Outcome::Closed;
        auto draft = graduation::lock_draft(tx, ctx.examinee_id(), win->batch_id);
        if (!draft) return Outcome::Submitted;
        store::applications::update_draft(tx, draft->id, in.county, phone_enc, in.address);
        // Keep a major already chosen at an institution that stays chosen.
        std::map<std::string, int> kept;
        for (const auto& m : graduation::chosen_majors(tx, draft->id)) kept[m.institution_code] = m.major_id;
        std::vector<store::applications::InstitutionChoice> institutions;
        for (const auto& code : picked) institutions.push_back({code, kept[code]});
        store::applications::set_institutions(tx, draft->id, institutions);
        return Outcome::Stored;
    });
    switch (outcome) {
        case Outcome::Closed: return show_closed(ctx);
        case Outcome::Submitted: return ctx.res.redirect("/apply/status");
        case Outcome::Stored: return ctx.res.redirect("/apply/majors");
    }
}

}  // namespace zk::apply
