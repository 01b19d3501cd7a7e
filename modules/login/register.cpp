// register.cpp: 考生注册 (ACC-3, ACC-4, ACC-6's forgotten-password path).
//   /register            我是新考生 / 我是在籍考生, with the seed's explanations of 三照 and 两照
//   /register/new        personal information, password and 三照 in one form: the account,
//                        the photos and the verification are written together or not at all
//   /register/enrolled   step 1: 身份证号 + 姓名 matched against the imported record;
//                        step 2: password and 两照. For an account that already has a password
//                        and a verified identity this is the forgotten-password path (ACC-7):
//                        the new password waits until a clerk has compared the new photos with
//                        those on record; the owner is told by SMS and mail and can cancel.
//   /register/cancel     the owner's one-time cancel link of such a request (GET asks, POST
//                        cancels, so a mail scanner following the link changes nothing).
// Step 2 carries the 身份证号 and 姓名 as hidden fields and matches them again, so nothing
// is kept between the steps and nothing is stored before the final submit.
// SECURITY: every value is validated against its rule or list; the match answer is the
// same whether the 身份证号 is unknown or the name differs; every look-up that answers
// "registered?" or "does the name match?" and every reset request is counted per 身份证号
// and per address (common/domain/recovery) and refused beyond the limits; never logs what was typed.
#include "modules/login/register.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/domain/identity.hpp"
#include "common/domain/recovery.hpp"
#include "common/domain/reference.hpp"
#include "common/domain/stand_ins.hpp"
#include "common/domain/throttle.hpp"
#include "common/domain/validate.hpp"
#include "common/store/examinees.hpp"
#include "common/store/pending_uploads.hpp"

namespace zk::registration {

namespace {
const std::vector<std::string> kNewSteps = {"填写个人信息并设置密码", "上传“三照”", "身份验证", "考生登录"};
const std::vector<std::string> kEnrolledSteps = {"身份证号、姓名验证", "设置登录密码并上传“两照”", "身份验证",
                                                 "考生登录"};
const char* const kIdTaken = "该身份证号已经注册。请直接登录；忘记密码请通过“我是在籍考生”重新设置。";
const char* const kNoMatch = "没有找到与该身份证号和姓名相符的考籍信息，请核对后重试；如有疑问请联系所在报名点。";
const char* const kLookupsPerId = "该身份证号今天的核对次数已达上限，请明天再试；如需帮助请联系所在报名点。";
const char* const kLookupsPerAddress = "当前网络的核对次数过多，请一小时后再试；如需帮助请联系所在报名点。";

// The configured limits, read once per process (the configuration never changes after start).
const recovery::Limits& limits(const Context& ctx) {
    static const recovery::Limits configured = recovery::Limits::from(ctx.app.config());
    return configured;
}

// Counts one identity look-up; the refusal message when a limit is reached, else "".
std::string take_lookup(Context& ctx, const std::string& id_index) {
    const auto hit = ctx.db.write([&](pqxx::work& tx) {
        return recovery::take(tx, limits(ctx), recovery::Action::IdentityLookup, id_index, ctx.req.remote_addr);
    });
    if (hit == recovery::LimitHit::None) return "";
    log::warn("register.lookup_limited", {{"limit", hit == recovery::LimitHit::PerId ? "id" : "address"}});
    return hit == recovery::LimitHit::PerId ? kLookupsPerId : kLookupsPerAddress;
}

const identity::Verifier& verifier(const Context& ctx) { return identity::process_verifier(ctx.app.config()); }

using Errors = std::map<std::string, std::string>;


// 姓名: 2..30 characters of Chinese, letters, '·' and spaces (minority names use '·').
std::string name_error(const std::string& name) {
    if (name.empty()) return "请填写姓名。";
    if (!validate::is_clean_utf8(name)) return "姓名含有无效字符。";
    const size_t len = validate::utf8_length(name);
    if (len < 2 || len > 30) return "姓名应为2到30个字。";
    for (size_t i = 0; i < name.size();) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        if (c < 0x80) {
            if (!std::isalpha(c) && c != ' ') return "姓名只能包含汉字、字母、空格和“·”。";
            ++i;
        } else {
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            std::string ch = name.substr(i, n);
            if (n == 3) {
                unsigned cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(name[i + 1]) & 0x3F) << 6) |
                              (static_cast<unsigned char>(name[i + 2]) & 0x3F);
                bool cjk = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
                if (!cjk && ch != "·" && ch != "•") return "姓名只能包含汉字、字母、空格和“·”。";
            } else if (n != 4) {  // rare characters beyond the BMP are allowed
                if (ch != "·") return "姓名只能包含汉字、字母、空格和“·”。";
            }
            i += n;
        }
    }
    return "";
}

std::string password_errors(const std::string& password, const std::string& confirm, Errors& errors) {
    if (auto why = validate::password_policy_error(password)) errors["password"] = *why;
    else if (confirm != password) errors["confirm_password"] = "两次输入的密码不一致。";
    return errors.count("password") || errors.count("confirm_password") ? "" : password;
}

void add_photo_errors(Errors& errors, const std::map<std::string, std::string>& photo_errors) {
    for (const auto& [kind, message] : photo_errors) errors["photo_" + kind] = message;
}

void render_result(Context& ctx, const std::vector<std::string>& steps, const identity::Decision& d, bool reset) {
    ctemplate::TemplateDictionary dict("result");
    reference::add_steps(dict, steps, d.outcome == identity::Outcome::Pass ? 3 : 2);
    dict.SetValue("REASON", d.reason);
    switch (d.outcome) {
        case identity::Outcome::Pass: dict.ShowSection(reset ? "PASSED_RESET" : "PASSED"); break;
        case identity::Outcome::Manual: dict.ShowSection(reset ? "MANUAL_RESET" : "MANUAL"); break;
        case identity::Outcome::Fail: dict.ShowSection(reset ? "FAILED_RESET" : "FAILED"); break;
    }
    ctx.page(200, "身份验证结果", "login/register_result.tpl", dict);
}

// The record matching the 身份证号 and 姓名, counted as a look-up; `limited` holds the
// refusal when a limit is reached (and nothing was looked up).
std::optional<store::examinees::Record> match_record(Context& ctx, const std::string& id_number, const std::string& name,
                                  std::string& limited) {
    auto id = validate::check_id_number(id_number);
    if (!id.info) return std::nullopt;
    const std::string index = ctx.app.cipher().blind_index(id.info->normalized, "id_number");
    limited = take_lookup(ctx, index);
    if (!limited.empty()) return std::nullopt;
    auto record = ctx.db.read([&](pqxx::nontransaction& tx) { return store::examinees::record_by_id_index(tx, index); });
    if (!record || record->name != name) return std::nullopt;
    return record;
}
}  // namespace

void show_choice(Context& ctx) {
    ctemplate::TemplateDictionary dict("choice");
    ctx.page(200, "考生注册", "login/register_choice.tpl", dict);
}

namespace {
namespace pending = store::pending_uploads;
const char* const kNewForm = "register_new";

// The 三照 fields of /register/new in the seed's order and words.
const std::vector<std::pair<std::string, std::string>> kNewPhotoFields = {
    {"portrait", "1、考生免冠彩色证件照（蓝底、白底、白灰底）"},
    {"id_front", "2、考生身份证照片（人像面）"},
    {"id_in_hand", "3、考生手持身份证照（半身）"},
};

// The key of this browser's kept photos: its session, or before login its pre-session
// cookie (which the form's CSRF token is bound to as well); "" when it has neither.
std::string upload_binding(const Context& ctx) {
    if (ctx.session) return pending::binding_of(ctx.session->id_hash);
    const auto pre = ctx.req.cookie(session::kPreCookie);
    return pre && crypto::is_token_hex(*pre) ? pending::binding_of(*pre) : std::string();
}

// The photos this browser had accepted on an earlier submit, checked again as pictures
// (a stored photo is a re-encoded JPEG; the hash of what was uploaded is kept with it).
std::vector<identity::Photo> kept_photos(Context& ctx, const std::string& binding) {
    std::vector<identity::Photo> out;
    if (binding.empty()) return out;
    const auto rows = ctx.db.read([&](pqxx::nontransaction& tx) { return pending::list(tx, binding, kNewForm); });
    for (const auto& row : rows) {
        try {
            image::CheckedImage checked = image::check_and_reencode(row.data);
            checked.jpeg = row.data;
            checked.sha256 = row.sha256;
            checked.source_type = row.content_type;
            out.push_back({row.field, std::move(checked)});
        } catch (const image::ImageError&) {
            // Unreadable now: treated as never kept, the examinee is asked for the photo.
        }
    }
    return out;
}

// After a refused submit: every photo that passed its checks is kept (replacing an older
// one of its kind), and a kind whose newly chosen photo failed keeps nothing.
std::set<std::string> keep_photos(Context& ctx, const std::string& binding, const identity::CheckedUploads& uploads,
                                  const Errors& errors) {
    std::set<std::string> kept;
    if (binding.empty()) return kept;
    ctx.db.write([&](pqxx::work& tx) {
        for (const auto& [kind, label] : kNewPhotoFields) {
            const auto photo = std::find_if(uploads.photos.begin(), uploads.photos.end(),
                                            [&](const identity::Photo& p) { return p.kind == kind; });
            if (errors.count("photo_" + kind) || photo == uploads.photos.end()) {
                pending::remove(tx, binding, kNewForm, kind);
                continue;
            }
            kept.insert(kind);
            if (std::find(uploads.kept_used.begin(), uploads.kept_used.end(), kind) == uploads.kept_used.end())
                pending::put(tx, binding, kNewForm,
                             {kind, "", photo->image.source_type, photo->image.sha256, photo->image.jpeg});
        }
    });
    return kept;
}

void render_new(Context& ctx, int status, const Errors& errors, const std::set<std::string>& kept) {
    const http::Form& f = ctx.req.form;
    ctemplate::TemplateDictionary dict("new");
    reference::add_steps(dict, kNewSteps, 0);
    for (const char* field : {"name", "id_number", "phone", "email"}) {
        std::string upper;
        for (const char* c = field; *c; ++c) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
        dict.SetValue(upper, f.value(field));
    }
    reference::add_options(dict, "ETHNICITY", reference::ethnicities(), f.value("ethnicity").empty() ? "汉族" : f.value("ethnicity"));
    reference::add_options(dict, "HUKOU", reference::hukou_types(), f.value("hukou"));
    reference::add_options(dict, "EDUCATION", reference::education_levels(), f.value("education"));
    reference::add_options(dict, "OCCUPATION", reference::occupations(), f.value("occupation"));
    reference::add_options(dict, "POLITICAL", reference::political_statuses(), f.value("political_status"));
    ctx.db.read([&](pqxx::nontransaction& tx) { reference::add_county_options(tx, dict, f.value("county_code")); });
    show_field_errors(dict, errors);
    bool missing = false;
    for (const auto& [kind, label] : kNewPhotoFields) {
        auto* d = dict.AddSectionDictionary("PHOTO");
        d->SetValue("KIND", kind);
        d->SetValue("LABEL", label);
        if (kept.count(kind)) d->ShowSection("KEPT");
        else {
            d->ShowSection("NEEDED");
            missing = true;
        }
        if (const auto e = errors.find("photo_" + kind); e != errors.end()) show_field_error(*d, "photo", e->second);
    }
    if (!errors.empty()) {
        dict.ShowSection("RETYPE_PASSWORD");
        if (missing) dict.ShowSection("CHOOSE_AGAIN");
    }
    ctx.page(status, "新考生注册", "login/register_new.tpl", dict);
}
}  // namespace

void show_new(Context& ctx) {
    std::set<std::string> kept;
    for (const auto& photo : kept_photos(ctx, upload_binding(ctx))) kept.insert(photo.kind);
    render_new(ctx, 200, {}, kept);
}

void do_new(Context& ctx) {
    const http::Form& f = ctx.req.form;
    Errors errors;
    const std::string name = strings::trim(f.value("name"));
    if (auto e = name_error(name); !e.empty()) errors["name"] = e;
    auto id = validate::check_id_number(f.value("id_number"));
    if (!id.info) errors["id_number"] = id.error;
    auto pick = [&](const char* field, const std::vector<std::string>& list, const char* message) {
        if (!reference::contains(list, f.value(field))) errors[field] = message;
    };
    pick("ethnicity", reference::ethnicities(), "请选择民族。");
    pick("hukou", reference::hukou_types(), "请选择户口性质。");
    pick("education", reference::education_levels(), "请选择文化程度。");
    pick("occupation", reference::occupations(), "请选择职业。");
    pick("political_status", reference::political_statuses(), "请选择政治面貌。");
    const std::string phone = strings::trim(f.value("phone"));
    if (!validate::is_mobile_phone(phone)) errors["phone"] = "请填写11位手机号码。";
    const std::string email = strings::trim(f.value("email"));
    // The address becomes a mail header at delivery: no spaces, quotes, brackets or control characters.
    const bool control = std::any_of(email.begin(), email.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (!email.empty() && (email.size() > 100 || !validate::is_clean_utf8(email) || email.find('@') == std::string::npos ||
                           control || email.find_first_of(" <>\"'(),;:\\[]") != std::string::npos))
        errors["email"] = "电子邮箱格式不正确。";
    const std::string password = password_errors(f.value("password"), f.value("confirm_password"), errors);
    const std::string county = f.value("county_code");
    const bool county_ok = ctx.db.read([&](pqxx::nontransaction& tx) { return reference::county_exists(tx, county); });
    if (!county_ok) errors["county_code"] = "请选择报名区县。";

    std::string id_index;
    bool limited = false;
    if (id.info) {
        id_index = ctx.app.cipher().blind_index(id.info->normalized, "id_number");
        // "已经注册" tells whether a 身份证号 has an account: a counted look-up.
        if (const std::string refusal = take_lookup(ctx, id_index); !refusal.empty()) {
            errors["id_number"] = refusal;
            limited = true;
        } else if (ctx.db.read([&](pqxx::nontransaction& tx) { return store::examinees::id_number_taken(tx, id_index); })) {
            errors["id_number"] = kIdTaken;
        }
    }
    const std::string binding = upload_binding(ctx);
    auto uploads = identity::check_uploads(ctx.req.files, identity::Path::New, kept_photos(ctx, binding));
    add_photo_errors(errors, uploads.errors);
    if (errors.empty())
        add_photo_errors(errors, ctx.db.read([&](pqxx::nontransaction& tx) {
            return identity::duplicates_elsewhere(tx, 0, uploads.photos);
        }));
    if (!errors.empty()) return render_new(ctx, limited ? 429 : 400, errors, keep_photos(ctx, binding, uploads, errors));

    auto permit = password_hashing_gate().try_enter();
    if (!permit) {
        ctx.res.set_header("Retry-After", "2");
        return ctx.fail(503, "注册人数较多，请稍后再提交。");
    }
    const identity::Decision decision =
        verifier(ctx).verify({identity::Path::New, name, id.info->normalized, uploads.photos, {}});
    const std::string hash = crypto::hash_password(password);
    const auto& cipher = ctx.app.cipher();
    const store::examinees::NewExaminee examinee{name, cipher.encrypt(id.info->normalized, "id_number"), id_index,
                                                 std::string(1, id.info->gender), f.value("ethnicity"),
                                                 f.value("hukou"), f.value("education"), f.value("occupation"),
                                                 f.value("political_status"), cipher.encrypt(phone, "phone"),
                                                 cipher.blind_index(phone, "phone"), county, email, hash};
    auto submission = ctx.db.write([&](pqxx::work& tx) -> std::optional<identity::Submission> {
        const auto examinee_id = store::examinees::insert(tx, examinee);
        if (!examinee_id) return std::nullopt;  // the same 身份证号 was registered a moment ago
        if (!binding.empty()) pending::remove_all(tx, binding, kNewForm);
        return identity::submit(tx, *examinee_id, identity::Path::New, uploads.photos, verifier(ctx), decision);
    });
    if (!submission) {
        errors["id_number"] = kIdTaken;
        return render_new(ctx, 400, errors, keep_photos(ctx, binding, uploads, errors));
    }
    log::info("register.new", {{"verification", std::to_string(submission->verification_id)}});
    render_result(ctx, kNewSteps, submission->decision, false);
}

namespace {
void render_enrolled_identify(Context& ctx, int status, const Errors& errors, const std::string& notice) {
    ctemplate::TemplateDictionary dict("enrolled");
    reference::add_steps(dict, kEnrolledSteps, 0);
    dict.SetValue("ID_NUMBER", ctx.req.form.value("id_number"));
    dict.SetValue("NAME", ctx.req.form.value("name"));
    show_field_errors(dict, errors);
    if (!notice.empty()) dict.SetValueAndShowSection("NOTICE", notice, "HAS_NOTICE");
    ctx.page(status, "在籍考生认证", "login/register_enrolled.tpl", dict);
}

void render_enrolled_submit(Context& ctx, int status, const Errors& errors, bool reset) {
    ctemplate::TemplateDictionary dict("enrolled2");
    reference::add_steps(dict, kEnrolledSteps, 1);
    dict.SetValue("ID_NUMBER", ctx.req.form.value("id_number"));
    dict.SetValue("NAME", ctx.req.form.value("name"));
    auto id = validate::check_id_number(ctx.req.form.value("id_number"));
    dict.SetValue("MASKED_ID", id.info ? validate::mask_id_number(id.info->normalized) : std::string());
    if (reset) dict.ShowSection("RESET");
    else dict.ShowSection("FIRST_PASSWORD");
    show_field_errors(dict, errors);
    ctx.page(status, reset ? "找回密码" : "在籍考生认证", "login/register_enrolled_submit.tpl", dict);
}
}  // namespace

void show_enrolled(Context& ctx) { render_enrolled_identify(ctx, 200, {}, ""); }

void do_enrolled(Context& ctx) {
    const http::Form& f = ctx.req.form;
    const std::string name = strings::trim(f.value("name"));
    Errors errors;
    auto id = validate::check_id_number(f.value("id_number"));
    if (!id.info) errors["id_number"] = id.error;
    if (name.empty()) errors["name"] = "请填写姓名。";
    if (!errors.empty()) return render_enrolled_identify(ctx, 400, errors, "");

    std::string limited;
    auto match = match_record(ctx, id.info->normalized, name, limited);
    if (!limited.empty()) return render_enrolled_identify(ctx, 429, {}, limited);
    if (!match) return render_enrolled_identify(ctx, 400, {}, kNoMatch);
    const bool verified = match->identity_status == "verified";
    if (match->origin == "registered" && !verified)
        return render_enrolled_identify(ctx, 400, {},
                                        "该身份证号已注册为新考生，尚未通过身份认证。请使用注册时设置的密码登录，"
                                        "在“身份认证”页面查看结果或重新上传照片；如忘记密码，请联系所在报名点。");
    const bool reset = match->has_password && verified;
    if (f.value("step") != "submit") return render_enrolled_submit(ctx, 200, {}, reset);

    const std::string password = password_errors(f.value("password"), f.value("confirm_password"), errors);
    const identity::Path path = reset ? identity::Path::Reset : identity::Path::Enrolled;
    auto uploads = identity::check_uploads(ctx.req.files, path);
    add_photo_errors(errors, uploads.errors);
    if (errors.empty())
        add_photo_errors(errors, ctx.db.read([&](pqxx::nontransaction& tx) {
            return identity::duplicates_elsewhere(tx, match->id, uploads.photos);
        }));
    if (!errors.empty()) return render_enrolled_submit(ctx, 400, errors, reset);

    if (reset) {
        const std::string index = ctx.app.cipher().blind_index(id.info->normalized, "id_number");
        const auto hit = ctx.db.write([&](pqxx::work& tx) {
            return recovery::take(tx, limits(ctx), recovery::Action::ResetRequest, index, ctx.req.remote_addr);
        });
        if (hit != recovery::LimitHit::None) {
            log::warn("register.reset_limited", {{"examinee", std::to_string(match->id)},
                                                 {"limit", hit == recovery::LimitHit::PerId ? "id" : "address"}});
            ctx.res.set_header("Retry-After", hit == recovery::LimitHit::PerId ? "86400" : "3600");
            return ctx.fail(429, hit == recovery::LimitHit::PerId
                                     ? "该账号今天的找回密码申请已达" + std::to_string(limits(ctx).resets_per_id_day) +
                                           "次，请明天再试，或携带身份证到所在报名点办理。"
                                     : "当前网络提交的找回密码申请过多，请一小时后再试。");
        }
    }
    auto permit = password_hashing_gate().try_enter();
    if (!permit) {
        ctx.res.set_header("Retry-After", "2");
        return ctx.fail(503, "提交人数较多，请稍后再提交。");
    }
    identity::VerifyRequest request{path, name, id.info->normalized, uploads.photos, {}};
    if (reset && verifier(ctx).matches_faces_on_record())
        request.on_record = ctx.db.read([&](pqxx::nontransaction& tx) { return identity::photos_on_record(tx, match->id); });
    const identity::Decision decision = verifier(ctx).verify(request);
    const std::string hash = crypto::hash_password(password);
    const std::string base_url = reset ? stand_ins::public_base_url(ctx.app.config()) : std::string();
    int notices = 0;
    auto submission = ctx.db.write([&](pqxx::work& tx) {
        if (reset) {
            auto sub = identity::submit(tx, match->id, path, uploads.photos, verifier(ctx), decision, hash);
            // The owner hears of it in the same transaction that stores the request.
            if (!sub.cancel_token.empty())
                notices = recovery::notify_owner(tx, ctx.app.cipher(), base_url, match->id, sub.verification_id,
                                                 sub.cancel_token);
            return sub;
        }
        // A first password takes effect now (the account can then log in to see its
        // verification status only); whoever claimed the record before loses their sessions.
        store::examinees::reset_password(tx, match->id, hash);
        session::destroy_all(tx, session::Kind::Examinee, match->id);
        return identity::submit(tx, match->id, path, uploads.photos, verifier(ctx), decision);
    });
    log::info(reset ? "register.reset" : "register.enrolled",
              {{"examinee", std::to_string(match->id)}, {"verification", std::to_string(submission.verification_id)},
               {"notices", std::to_string(notices)}});
    render_result(ctx, kEnrolledSteps, submission.decision, reset);
}

namespace {
// What the page says for each state of the link. A waiting request is the confirmation
// form after the GET, and "cancelled" after the POST that cancelled it.
void render_cancel(Context& ctx, recovery::LinkState state) {
    const bool posted = ctx.req.is_post();
    const http::Form& q = posted ? ctx.req.form : ctx.req.query_params;
    ctemplate::TemplateDictionary dict("cancel");
    int status = 200;
    switch (state) {
        case recovery::LinkState::Waiting:
            if (posted) {
                dict.ShowSection("CANCELLED");
            } else {
                auto* form = dict.AddSectionDictionary("CONFIRM");
                form->SetValue("R", q.value("r"));
                form->SetValue("T", q.value("t"));
            }
            break;
        case recovery::LinkState::Invalid:
            status = 404;
            dict.SetValueAndShowSection("MESSAGE", "取消链接无效：请使用短信或邮件中的完整链接。", "REFUSED");
            break;
        case recovery::LinkState::AlreadyCancelled:
            status = 409;
            dict.SetValueAndShowSection("MESSAGE", "该找回密码申请已经取消，无需再次操作，原密码仍然有效。", "REFUSED");
            break;
        case recovery::LinkState::Approved:
            status = 409;
            dict.SetValueAndShowSection(
                "MESSAGE", "该找回密码申请已由报名点审核通过，新密码已生效，无法再取消。如非本人操作，请立即联系所在报名点。",
                "REFUSED");
            break;
        case recovery::LinkState::Refused:
            status = 409;
            dict.SetValueAndShowSection("MESSAGE", "该找回密码申请未通过报名点审核，密码没有修改，无需取消。", "REFUSED");
            break;
        case recovery::LinkState::Superseded:
            status = 409;
            dict.SetValueAndShowSection(
                "MESSAGE", "该申请已被之后提交的找回密码申请取代，请使用最新一条通知中的链接。", "REFUSED");
            break;
    }
    ctx.page(status, "取消找回密码申请", "login/register_cancel.tpl", dict);
}

recovery::LinkState follow(Context& ctx, const http::Form& fields, bool cancel) {
    const auto id = validate::row_id(fields.value("r"));
    if (!id) return recovery::LinkState::Invalid;
    const std::string token = fields.value("t");
    if (!cancel)
        return ctx.db.read([&](pqxx::nontransaction& tx) { return recovery::follow_link(tx, *id, token, false); });
    return ctx.db.write([&](pqxx::work& tx) { return recovery::follow_link(tx, *id, token, true); });
}
}  // namespace

void show_cancel(Context& ctx) { render_cancel(ctx, follow(ctx, ctx.req.query_params, false)); }

void do_cancel(Context& ctx) {
    const auto state = follow(ctx, ctx.req.form, true);
    const auto id = validate::row_id(ctx.req.form.value("r"));
    log::info(state == recovery::LinkState::Waiting ? "reset.cancelled" : "reset.cancel_refused",
              {{"verification", id ? std::to_string(*id) : "invalid"}, {"by", "link"}});
    render_cancel(ctx, state);
}

}  // namespace zk::registration
