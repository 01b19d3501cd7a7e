// identity_page.cpp: /verify/identity — where an examinee sees the state of their identity
// verification (the only page an unverified account can open) and, when it was refused
// or never submitted, uploads 三照 (self-registered) or 两照 (imported 在籍考生) again.
// /verify/photo/{id} shows the examinee their own submitted photos.
// SECURITY: the examinee id comes from the session only; a photo is served only when it
// belongs to that examinee (404 otherwise, the same as a photo that does not exist).
#include "modules/verify/identity_page.hpp"

#include <map>

#include "common/domain/identity.hpp"
#include "common/base/log.hpp"
#include "common/domain/reference.hpp"
#include "common/domain/validate.hpp"
#include "common/store/verification_status.hpp"

namespace zk::verify {

namespace {
identity::Path upload_path(const std::string& origin) {
    return origin == "registered" ? identity::Path::New : identity::Path::Enrolled;
}

std::vector<std::string> steps_for(identity::Path path) {
    if (path == identity::Path::New) return {"填写个人信息并设置密码", "上传“三照”", "身份验证", "考生登录"};
    return {"身份证号、姓名验证", "设置登录密码并上传“两照”", "身份验证", "考生登录"};
}

const identity::Verifier& verifier(const Context& ctx) { return identity::process_verifier(ctx.app.config()); }

const char* const kNoExaminee = "未找到考生信息，请重新登录。";

store::verification_status::State current(Context& ctx) {
    auto s = ctx.db.read(
        [&](pqxx::nontransaction& tx) { return store::verification_status::of(tx, ctx.examinee_id()); });
    if (!s) throw Refusal(404, kNoExaminee);
    return std::move(*s);
}

void render(Context& ctx, int status, const std::map<std::string, std::string>& errors) {
    const auto current_state = current(ctx);
    const std::string& state = current_state.identity_status;
    const auto& latest = current_state.latest;
    const identity::Path path = upload_path(current_state.origin);

    ctemplate::TemplateDictionary dict("identity");
    dict.SetValue("NAME", ctx.session->examinee.name);
    reference::add_steps(dict, steps_for(path), state == "verified" ? 3 : state == "unverified" ? 1 : 2);
    if (state == "verified") dict.ShowSection("VERIFIED");
    else if (state == "manual") dict.ShowSection("MANUAL");
    else if (state == "refused")
        dict.SetValueAndShowSection("REFUSAL", latest && latest->refusal_reason ? *latest->refusal_reason : "未说明原因",
                                    "REFUSED");
    else dict.ShowSection("NOT_SUBMITTED");

    if (latest) {
        auto* sub = dict.AddSectionDictionary("SUBMISSION");
        sub->SetValue("SUBMITTED", latest->submitted);
        for (const auto& [kind, photo_id] : {std::pair{"portrait", latest->portrait_photo_id},
                                             std::pair{"id_front", latest->id_front_photo_id},
                                             std::pair{"id_in_hand", latest->id_in_hand_photo_id}}) {
            if (!photo_id) continue;
            auto* photo = sub->AddSectionDictionary("PHOTO");
            photo->SetValue("LABEL", identity::kind_label(kind));
            photo->SetValue("ID", std::to_string(*photo_id));
        }
    }
    if (state == "unverified" || state == "refused") {
        auto* form = dict.AddSectionDictionary("UPLOAD");
        form->SetValue("WHICH", path == identity::Path::New ? "三照" : "两照");
        for (const std::string& kind : identity::required_kinds(path)) {
            auto* field = form->AddSectionDictionary("FIELD");
            field->SetValue("KIND", kind);
            field->SetValue("LABEL", identity::kind_label(kind));
            if (auto it = errors.find(kind); it != errors.end()) field->SetValueAndShowSection("ERROR", it->second, "HAS_ERROR");
        }
        if (!errors.empty())
            form->SetValueAndShowSection("FORM_ERROR", "照片未通过检查，请按提示重新选择后提交。", "HAS_FORM_ERROR");
    }
    ctx.page(status, "身份认证", "verify/identity.tpl", dict);
}
}  // namespace

void show_identity(Context& ctx) { render(ctx, 200, {}); }

void upload_identity(Context& ctx) {
    const std::int64_t id = ctx.examinee_id();
    const auto current_state = current(ctx);
    const std::string& state = current_state.identity_status;
    if (state != "unverified" && state != "refused")
        return ctx.fail(409, state == "verified" ? "身份认证已通过，无需重新上传。" : "照片正在人工审核中，请等待审核结果。");
    const identity::Path path = upload_path(current_state.origin);

    auto uploads = identity::check_uploads(ctx.req.files, path);
    if (uploads.errors.empty())
        uploads.errors = ctx.db.read([&](pqxx::nontransaction& tx) { return identity::duplicates_elsewhere(tx, id, uploads.photos); });
    if (!uploads.errors.empty()) return render(ctx, 400, uploads.errors);

    const std::string id_number = ctx.app.cipher().decrypt(ctx.session->examinee.id_number_enc, "id_number");
    const identity::Decision decision = verifier(ctx).verify({path, ctx.session->examinee.name, id_number, uploads.photos, {}});
    auto submission = ctx.db.write([&](pqxx::work& tx) -> std::optional<identity::Submission> {
        // Checked again under the row lock: a concurrent upload may have just been accepted.
        const std::string now = identity::lock_examinee(tx, id);
        if (now != "unverified" && now != "refused") return std::nullopt;
        return identity::submit(tx, id, path, uploads.photos, verifier(ctx), decision);
    });
    if (!submission) return ctx.fail(409, "照片已经提交，正在处理中，请刷新页面查看认证状态。");
    log::info("identity.resubmitted", {{"examinee", std::to_string(id)},
                                       {"verification", std::to_string(submission->verification_id)}});
    ctx.res.redirect("/verify/identity");
}

void show_photo(Context& ctx) {
    const auto photo_id = validate::row_id(ctx.req.route_params["id"]);
    if (!photo_id) return ctx.fail(404, "您访问的页面不存在。");
    auto jpeg = ctx.db.read([&](pqxx::nontransaction& tx) {
        return store::verification_status::own_photo(tx, *photo_id, ctx.examinee_id());
    });
    if (!jpeg) return ctx.fail(404, "您访问的页面不存在。");
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "image/jpeg");
    ctx.res.set_header("Content-Disposition", "inline");
    ctx.res.body = std::move(*jpeg);
}

}  // namespace zk::verify
