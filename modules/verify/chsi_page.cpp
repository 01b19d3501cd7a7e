// chsi_page.cpp: /verify/chsi — the 学信网学历验证 page. 获取学信网二维码 opens a pending
// authorisation (random state, 10 minutes) and shows its QR code; 学信网 (in development,
// the simulator) later posts the signed records to /verify/chsi/callback, which stores
// them and completes the authorisation in one transaction. /verify/chsi/records shows
// what was verified (CHSI-3), with the CHSI-4 verdict for 本科 applications.
// SECURITY: the callback is public and CSRF-exempt because 学信网 is not a browser
// session; it is trusted only through the Ed25519 signature over the exact payload bytes,
// the single-use pending state the payload names, and the expiry. The examinee is taken
// from the authorisation row, never from the payload. 证件号码 are stored encrypted and
// shown masked.
#include "modules/verify/chsi_page.hpp"

#include "common/domain/chsi.hpp"
#include "common/domain/graduation.hpp"
#include "common/base/log.hpp"
#include "common/domain/validate.hpp"
#include "common/store/chsi_authorizations.hpp"

namespace zk::verify {

namespace {
const char* const kKeyMissing =
    "学信网学历验证暂不可用：系统未配置学信网验证公钥。请稍后再试，或联系所在市（县、区）招办。";

// The app's copy of 学信网's public key. Read per request (a tiny file) so installing or
// rotating the key needs no restart, and a missing key is a clear page, not a crash.
std::optional<chsi::Key> public_key(const Context& ctx) {
    const std::string path = ctx.app.config().require("keys_dir") + "/chsi_public.pem";
    try {
        return chsi::Key::load_public(path);
    } catch (const chsi::ChsiError& e) {
        log::error("chsi.public_key", {{"what", e.what()}});
        return std::nullopt;
    }
}
}  // namespace

namespace authorizations = store::chsi_authorizations;

void show_chsi(Context& ctx) {
    if (!public_key(ctx)) return ctx.fail(503, kKeyMissing);
    const auto latest =
        ctx.db.read([&](pqxx::nontransaction& tx) { return authorizations::latest(tx, ctx.examinee_id()); });
    ctemplate::TemplateDictionary dict("chsi");
    const std::string status = latest ? latest->status : "";
    if (status == "pending" && latest->live) {
        const std::string url = chsi::make_adapter(ctx.app.config())->begin(latest->state);
        auto* p = dict.AddSectionDictionary("PENDING");
        p->SetValue("QR_SVG", chsi::qr_svg(url));
        p->SetValue("SIM_URL", url);
        p->SetValue("EXPIRES", latest->expires);
    } else if (status == "completed") {
        dict.SetValueAndShowSection("COMPLETED_AT", latest->completed, "COMPLETED");
    } else {
        dict.ShowSection(status.empty() ? "NONE" : "EXPIRED");
    }
    ctx.page(200, "学信网学历验证", "verify/chsi.tpl", dict);
}

void start_chsi(Context& ctx) {
    if (!public_key(ctx)) return ctx.fail(503, kKeyMissing);
    const std::int64_t id = ctx.examinee_id();
    const std::string state = crypto::random_hex(32);
    ctx.db.write([&](pqxx::work& tx) {
        // Only the newest QR code is valid: an older one left open could be completed later.
        authorizations::expire_pending(tx, id);
        authorizations::create(tx, id, state);
    });
    log::info("chsi.started", {{"examinee", std::to_string(id)}});
    ctx.res.redirect("/verify/chsi");  // PRG: a refresh shows the QR code, not a new one
}

void chsi_callback(Context& ctx) {
    // A browser that carried the simulator's signed form is sent back to the page; 学信网
    // itself (server to server) gets the plain answers it expects.
    const bool browser = ctx.req.form.value("via") == "browser";
    auto reply = [&](int status, const std::string& text) {
        if (browser && status == 200) return ctx.res.redirect("/verify/chsi");
        if (browser) return ctx.fail(status, text);
        ctx.res.text(status, text + "\n");
    };
    auto key = public_key(ctx);
    if (!key) return reply(503, kKeyMissing);
    const std::string body = ctx.req.form.value("payload");
    auto payload = chsi::verify_callback(body, ctx.req.form.value("signature"), *key);
    if (!payload) {
        log::warn("chsi.callback_refused", {{"reason", "signature"}, {"from", ctx.req.remote_addr}});
        return reply(403, "学信网回调签名无效，未作任何处理。");
    }
    if (auto s = ctx.req.form.get("state"); s && *s != payload->state)
        return reply(400, "学信网回调的授权标识与签名内容不一致。");

    enum class Outcome { Stored, Repeated, Unknown, Expired };
    std::int64_t examinee = 0;
    const Outcome outcome = ctx.db.write([&](pqxx::work& tx) {
        // FOR UPDATE: two deliveries of the same callback serialise here, so the second
        // sees 'completed' and stores nothing.
        const auto a = authorizations::lock_by_state(tx, payload->state);
        if (!a) return Outcome::Unknown;
        examinee = a->examinee_id;
        if (a->status == "completed") return Outcome::Repeated;
        if (a->status != "pending" || a->expired) {
            authorizations::mark_expired(tx, a->id);
            return Outcome::Expired;
        }
        // The newest verification is what 学信网 says now: it replaces earlier records.
        std::vector<authorizations::Record> records;
        for (const auto& rec : payload->records)
            records.push_back({rec.name, ctx.app.cipher().encrypt(rec.id_number, "id_number"), rec.gender,
                               rec.school, rec.major, rec.level, rec.study_form, rec.category, rec.entry_year,
                               rec.graduation_year, rec.conclusion, ""});
        authorizations::replace_records(tx, a->id, examinee, records);
        authorizations::complete(tx, a->id);
        return Outcome::Stored;
    });
    switch (outcome) {
        case Outcome::Unknown: return reply(400, "学信网回调的授权标识不存在。");
        case Outcome::Expired: return reply(400, "该学信网授权已过期，请重新获取学信网二维码。");
        case Outcome::Repeated: return reply(200, "OK");
        case Outcome::Stored:
            log::info("chsi.completed", {{"examinee", std::to_string(examinee)},
                                         {"records", std::to_string(payload->records.size())}});
            return reply(200, "OK");
    }
}

void show_chsi_records(Context& ctx) {
    const auto& cipher = ctx.app.cipher();
    const auto& me = ctx.session->examinee;
    ctemplate::TemplateDictionary dict("chsi_records");
    dict.SetValue("NAME", me.name);
    dict.SetValue("ID_NUMBER", validate::mask_id_number(cipher.decrypt(me.id_number_enc, "id_number")));
    dict.SetValue("TICKET_NO", me.ticket_no);
    auto [rows, block] = ctx.db.read([&](pqxx::nontransaction& tx) {
        auto rows = authorizations::records_of(tx, ctx.examinee_id());
        return std::make_pair(std::move(rows), graduation::prior_education_block(tx, cipher, ctx.examinee_id()));
    });
    for (const auto& r : rows) {
        const chsi::Record shown{r.name,  cipher.decrypt(r.id_number_enc, "id_number"),
                                 r.gender, r.school, r.major, r.level, r.study_form, r.category,
                                 r.entry_year, r.graduation_year, r.conclusion};
        auto* row = dict.AddSectionDictionary("RECORD");
        for (const auto& [field, value] : chsi::display_fields(shown)) row->SetValue(field, value);
        row->SetValue("VERIFIED", r.verified);
    }
    if (rows.empty()) dict.ShowSection("NO_RECORDS");
    if (block) dict.SetValueAndShowSection("BLOCK", *block, "BLOCKED");
    else dict.ShowSection("ALLOWED");
    ctx.page(200, "学信网已验证学历信息", "verify/chsi_records.tpl", dict);
}

}  // namespace zk::verify
