// photo.cpp: 山西省高等教育自学考试毕业证书电子注册图像采集 (PHO-1 … PHO-4, APP-5, seed step 4).
// The page shows the examinee, the seed's 上传说明, where the photo stands (none yet,
// 已认证, 人工审核中, 未通过 with the reason) with the normalised photo, and the upload form
// while one may be uploaded. An upload is checked and normalised in memory
// (image::check_graduation_photo), judged by the same pluggable verifier as registration,
// and stored with the decision in one transaction (graduation_photo::store); a picture
// refused by the checks leaves nothing behind and its reason is shown next to the field.
// SECURITY: the examinee id comes from the session only; /photo/view/{id} serves a photo
// only to its owner (404 otherwise) and never lets a cache keep it.
#include "modules/photo/photo.hpp"

#include "common/base/log.hpp"
#include "common/domain/graduation_photo.hpp"
#include "common/domain/validate.hpp"

namespace zk::photo {

namespace {
const char* const kNotFound = "您访问的页面不存在。";
const char* const kChoose = "请选择要上传的毕业照片（png、jpg、jpeg 格式，小于2M）。";

using graduation_photo::Stage;

graduation_photo::State load(Context& ctx, int& batch_id) {
    return ctx.db.read([&](pqxx::nontransaction& tx) {
        const auto w = graduation::window(tx);
        batch_id = w ? w->batch_id : 0;
        if (!w) return graduation_photo::State{};
        return graduation_photo::state(tx, ctx.examinee_id(), w->batch_id);
    });
}

// The page in the state `s`; `field_error` goes next to the file field, `page_error` above
// everything (a refusal of the upload as a whole).
void render(Context& ctx, int status, const graduation_photo::State& s, const std::string& field_error,
            const std::string& page_error) {
    ctemplate::TemplateDictionary dict("photo");
    ctx.add_examinee(dict);
    if (!page_error.empty()) dict.SetValueAndShowSection("PAGE_ERROR", page_error, "HAS_PAGE_ERROR");
    switch (s.stage) {
        case Stage::NotSubmitted: dict.ShowSection("NOT_SUBMITTED"); break;
        case Stage::Verified: dict.ShowSection("VERIFIED"); break;
        case Stage::Waiting:
            dict.SetValueAndShowSection("WAITING_REASON", s.latest ? s.latest->verifier_reason : "", "WAITING");
            break;
        case Stage::Open: {
            if (s.latest && s.latest->status == "refused") {
                auto* refused = dict.AddSectionDictionary("REFUSED");
                refused->SetValue("REASON", s.latest->refusal_reason.value_or("未说明原因"));
                refused->SetValue("BY", s.latest->decided_by_staff ? "县区自考部门人工审核" : "系统认证");
            }
            auto* form = dict.AddSectionDictionary("UPLOAD");
            if (!field_error.empty()) form->SetValueAndShowSection("ERROR", field_error, "HAS_ERROR");
            break;
        }
    }
    if (s.latest) {
        auto* shown = dict.AddSectionDictionary("PHOTO");
        shown->SetValue("ATTEMPT_ID", std::to_string(s.latest->id));
        shown->SetValue("CREATED", s.latest->created);
    }
    ctx.page(status, "毕业证书电子注册图像采集", "photo/photo.tpl", dict);
}

const http::UploadedFile* photo_field(const Context& ctx) {
    for (const auto& f : ctx.req.files)
        if (f.field_name == "photo") return &f;
    return nullptr;
}
}  // namespace

void show_page(Context& ctx) {
    int batch_id = 0;
    render(ctx, 200, load(ctx, batch_id), "", "");
}

void upload(Context& ctx) {
    int batch_id = 0;
    const auto s = load(ctx, batch_id);
    // Refused before any decoding: an upload the application's state does not allow.
    if (const auto closed = graduation_photo::upload_closed(s.stage))
        return render(ctx, closed->status, s, "", closed->message);

    const http::UploadedFile* file = photo_field(ctx);
    if (!file || file->data.empty()) return render(ctx, 400, s, std::string("请选择照片：") + kChoose, "");
    image::GraduationPhoto photo;
    try {
        photo = image::check_graduation_photo(file->data);
    } catch (const image::ImageError& e) {
        return render(ctx, 400, s, std::string(image::problem_heading(e.problem)) + "：" + e.what(), "");
    }

    const identity::Verifier& verifier = identity::process_verifier(ctx.app.config());
    const std::int64_t examinee = ctx.examinee_id();
    std::vector<identity::StoredPhoto> on_record;
    if (verifier.matches_faces_on_record())
        on_record = ctx.db.read(
            [&](pqxx::nontransaction& tx) { return identity::photos_on_record(tx, examinee); });
    const std::string id_number = ctx.app.cipher().decrypt(ctx.session->examinee.id_number_enc, "id_number");
    const identity::Decision decision =
        verifier.verify_graduation({ctx.session->examinee.name, id_number, photo, std::move(on_record)});

    graduation_photo::Stored stored;
    try {
        stored = ctx.db.write([&](pqxx::work& tx) {
            return graduation_photo::store(tx, examinee, batch_id, photo, file->data, verifier.name(), decision);
        });
    } catch (const Refusal& r) {
        const auto now = load(ctx, batch_id);
        if (!r.messages.empty() && r.messages.front().field == "photo") return render(ctx, r.status, now, r.first(), "");
        return render(ctx, r.status, now, "", r.first());
    }
    log::info("photo.uploaded", {{"examinee", std::to_string(examinee)},
                                 {"attempt", std::to_string(stored.attempt_id)},
                                 {"outcome", identity::outcome_name(stored.outcome)}});
    ctx.res.redirect("/photo");
}

void view(Context& ctx) {
    const auto id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return ctx.fail(404, kNotFound);
    auto jpeg = ctx.db.read([&](pqxx::nontransaction& tx) {
        return store::graduation_photos::owner_jpeg(tx, *id, ctx.examinee_id());
    });
    if (!jpeg) return ctx.fail(404, kNotFound);
    ctx.res.status = 200;
    // Always the re-encoded JPEG (photos.content_type's CHECK); a citizen's photo is never
    // kept by a shared cache or the browser's.
    ctx.res.set_header("Content-Type", "image/jpeg");
    ctx.res.set_header("Content-Disposition", "inline");
    ctx.res.set_header("Cache-Control", "private, no-store");
    ctx.res.body = std::move(*jpeg);
}

}  // namespace zk::photo
