// oldplan.cpp: 添加旧计划课程（实践课考核卡）(SUB-3, AUD-5). The saved courses (课程代码,
// 课程名称, 合格时间, 成绩; at most 10) are listed with the saved archive of their scans (ONE
// zip or rar), and each change is one small POST: add a course, change one, remove one,
// replace the archive, or clear everything. A course can only be added once an archive is
// stored or comes with it. A refused POST answers 400 with the message at its field and
// stores nothing, but keeps what was valid: the typed values, and an archive that passed
// its checks (kept for the session in pending_uploads, used by the next add).
// The courses count provisionally (待审核) until staff verify them against the scans.
// SECURITY: the archive is inspected in memory by common/domain/archive (content type, paths,
// links, nesting, encryption, bomb limits) before it is stored; it is never extracted.
// The uploaded file name is only kept as a label (base name, clean UTF-8, bounded).
#include <ctime>

#include "common/base/crypto.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/domain/archive.hpp"
#include "common/domain/registration_form.hpp"
#include "common/domain/validate.hpp"
#include "common/store/pending_uploads.hpp"
#include "common/store/substitutions.hpp"
#include "modules/substitute/substitute.hpp"

namespace zk::substitute {

namespace {

namespace pending = store::pending_uploads;
constexpr std::size_t kMaxCourses = 10;
const char* const kPendingForm = "oldplan";
const char* const kArchiveField = "archive";

struct Row {
    std::string code, name, passed_on, score;
};

// The form's messages, at most one per field: each is shown next to its field.
class FieldErrors {
public:
    FieldErrors() = default;
    explicit FieldErrors(std::vector<Refusal::Message> m) : messages_(std::move(m)) {}

    const std::string* find(const std::string& field) const {
        for (const auto& m : messages_)
            if (m.field == field) return &m.text;
        return nullptr;
    }
    bool has(const std::string& field) const { return find(field) != nullptr; }
    // A later message for the same field replaces the earlier one.
    void set(const std::string& field, std::string text) {
        for (auto& m : messages_)
            if (m.field == field) {
                m.text = std::move(text);
                return;
            }
        messages_.push_back({field, std::move(text)});
    }
    bool empty() const { return messages_.empty(); }
    const std::vector<Refusal::Message>& messages() const { return messages_; }

private:
    std::vector<Refusal::Message> messages_;
};

// Today in China as yyyymmdd: the dates examinees type are China dates.
int china_today() {
    const std::time_t t = std::time(nullptr) + 8 * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

// A real date as people type it (2003-10-26, 2003/10/26, 2003.10.26, 2003年10月26日, full-width
// digits too), from 1981 (the first 自学考试) to today; `s` becomes YYYY-MM-DD.
std::string date_error(std::string& s) {
    if (s.empty()) return "请填写合格时间。";
    const auto d = registration_form::parse_date(s, false);
    if (!d) return "合格时间不是有效的日期，请按YYYY-MM-DD填写，例如2003-10-26（也可写作2003年10月26日）。";
    if (d->year < 1981) return "合格时间不能早于1981年。";
    if (d->key() > china_today()) return "合格时间不能晚于今天。";
    s = d->iso();
    return "";
}

std::string score_error(const std::string& s) {
    if (s.empty()) return "请填写成绩。";
    if (s == "合格") return "";
    if (s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos || (s.size() > 1 && s[0] == '0'))
        return "成绩应为60到100的整数或“合格”。";
    const int v = std::stoi(s);
    if (v < 60 || v > 100) return "成绩应为60到100的整数或“合格”。";
    return "";
}

std::string name_error(const std::string& s) {
    if (s.empty()) return "请填写课程名称。";
    if (!validate::is_clean_utf8(s) || s.find_first_of("\r\n\t<>") != std::string::npos) return "课程名称含有无效字符。";
    if (validate::utf8_length(s) > 60) return "课程名称不能超过60个字。";
    return "";
}

// The posted course, trimmed, its date normalised when valid; a message per bad field.
Row read_row(const http::Form& f, FieldErrors& errors) {
    Row r{strings::trim(f.value("code")), strings::trim(f.value("name")), strings::trim(f.value("passed_on")),
          strings::trim(f.value("score"))};
    if (r.code.empty()) errors.set("code", "请填写课程代码。");
    else if (!is_course_code(r.code)) errors.set("code", "课程代码应为5位数字。");
    if (auto e = name_error(r.name); !e.empty()) errors.set("name", e);
    if (auto e = date_error(r.passed_on); !e.empty()) errors.set("passed_on", e);
    if (auto e = score_error(r.score); !e.empty()) errors.set("score", e);
    return r;
}

// Only the base name, and only as a label.
std::string label_of(const std::string& file_name, const std::string& format) {
    std::string base = file_name.substr(file_name.find_last_of("/\\") == std::string::npos ? 0 : file_name.find_last_of("/\\") + 1);
    if (base.empty() || !validate::is_clean_utf8(base) || validate::utf8_length(base) > 100 ||
        base.find_first_of("\r\n\t<>\"") != std::string::npos)
        return "旧计划课程扫描件." + format;
    return base;
}

std::string size_text(std::int64_t n) {
    char buf[32];
    if (n >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / (1024.0 * 1024.0));
    else std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(n) / 1024.0);
    return buf;
}

// An archive that passed its checks: from this request, or kept from an earlier one.
struct CheckedArchive {
    std::string file_name, data;
    archive::ArchiveReport report;
    bool kept = false;  // from pending_uploads
};

store::substitutions::ArchiveUpload to_store(const CheckedArchive& a) {
    return {label_of(a.file_name, a.report.format), a.report.format, crypto::sha256(a.data),
            archive::entries_json(a.report), a.data};
}

std::string session_binding(const Context& ctx) { return pending::binding_of(ctx.session->id_hash); }

// The archive this session uploaded on a refused add, when it still passes the checks.
std::optional<CheckedArchive> kept_archive(pqxx::transaction_base& tx, const std::string& binding) {
    for (auto& u : pending::list(tx, binding, kPendingForm)) {
        if (u.field != kArchiveField) continue;
        try {
            auto report = archive::inspect_archive(u.data);
            return CheckedArchive{std::move(u.file_name), std::move(u.data), std::move(report), true};
        } catch (const archive::ArchiveError&) {
        }
    }
    return std::nullopt;
}

// The archive posted with the form: nullopt when none was chosen; a message when it fails.
std::optional<CheckedArchive> posted_archive(const Context& ctx, FieldErrors& errors) {
    const http::UploadedFile* upload = nullptr;
    for (const auto& file : ctx.req.files)
        if (file.field_name == kArchiveField && !file.data.empty()) {
            if (upload) {
                errors.set(kArchiveField, "只能上传一个压缩包。");
                return std::nullopt;
            }
            upload = &file;
        }
    if (!upload) return std::nullopt;
    try {
        return CheckedArchive{upload->file_name, upload->data, archive::inspect_archive(upload->data), false};
    } catch (const archive::ArchiveError& e) {
        errors.set(kArchiveField, e.what());
        return std::nullopt;
    }
}

// What the page shows besides the saved courses: the course being changed (its code in
// `editing`, the typed values in `edit`), the add form's values, and the messages of the
// form that was refused.
struct Shown {
    std::string editing;
    Row edit, add;
    FieldErrors errors;
    bool errors_on_edit = false;
};

void set_row(ctemplate::TemplateDictionary& d, const Row& r) {
    d.SetValue("CODE", r.code);
    d.SetValue("NAME", r.name);
    d.SetValue("PASSED_ON", r.passed_on);
    d.SetValue("SCORE", r.score);
}

void show_row_errors(ctemplate::TemplateDictionary& d, const FieldErrors& errors) {
    for (const char* f : {"code", "name", "passed_on", "score"})
        if (const std::string* msg = errors.find(f)) show_field_error(d, f, *msg);
}

void render(Context& ctx, int status, const State& s, const Shown& shown) {
    ctemplate::TemplateDictionary dict("oldplan");
    add_common(dict, s);
    std::size_t count = 0;
    bool has_archive = false;
    if (s.app) {
        ctx.db.read([&](pqxx::nontransaction& tx) {
            for (const auto& c : store::substitutions::oldplan_courses(tx, s.app->id)) {
                auto* d = dict.AddSectionDictionary("ADDED");
                d->SetIntValue("SEQ", static_cast<int>(++count));
                set_row(*d, {c.code, c.name, c.passed_on, c.score});
                d->SetValue("STATE", c.verified ? "已审核" : "待审核");
                if (c.code != shown.editing) {
                    d->ShowSection("SHOW");
                    // Its own section: a parent's (EDITABLE) would hide the row's values.
                    if (!s.submitted()) d->ShowSection("ACTIONS");
                    continue;
                }
                auto* e = d->AddSectionDictionary("EDIT");
                set_row(*e, shown.errors_on_edit ? shown.edit : Row{c.code, c.name, c.passed_on, c.score});
                if (shown.errors_on_edit) show_row_errors(*e, shown.errors);
                dict.SetValueAndShowSection("ORIGINAL", c.code, "EDIT_FORM");
            }
            if (count > 0) dict.ShowSection("HAS_ADDED");
            if (const auto a = store::substitutions::archive_info(tx, s.app->id)) {
                has_archive = true;
                auto* d = dict.AddSectionDictionary("ARCHIVE");
                d->SetValue("FILE_NAME", a->file_name);
                d->SetValue("FORMAT", a->format);
                d->SetValue("SIZE", size_text(a->size_bytes));
                d->SetIntValue("ENTRIES", a->entry_count);
                d->SetValue("UPLOADED_AT", a->uploaded_at);
                dict.ShowSection("REPLACE_ARCHIVE");
            }
            if (count > 0 || has_archive) dict.ShowSection("CAN_CLEAR");
        });
    }
    if (count >= kMaxCourses) dict.ShowSection("FULL");
    else dict.ShowSection("CAN_ADD");
    if (!has_archive && ctx.session) {
        dict.ShowSection("NEEDS_ARCHIVE");
        const auto kept = ctx.db.read([&](pqxx::nontransaction& tx) { return kept_archive(tx, session_binding(ctx)); });
        if (kept) {
            auto* d = dict.AddSectionDictionary("KEPT_ARCHIVE");
            d->SetValue("FILE_NAME", label_of(kept->file_name, kept->report.format));
            d->SetValue("SIZE", size_text(static_cast<std::int64_t>(kept->data.size())));
        }
    }
    set_row(dict, shown.add);
    if (!shown.errors_on_edit) show_row_errors(dict, shown.errors);
    if (const std::string* msg = shown.errors.find(kArchiveField)) {
        // At the top: the message is shown inside the add form or the replace form's section.
        dict.SetValue("ERR_ARCHIVE", *msg);
        dict.ShowSection("HAS_ERR_ARCHIVE");
    }
    if (const std::string* msg = shown.errors.find("rows")) dict.SetValueAndShowSection("ERR_ROWS", *msg, "HAS_ERR_ROWS");
    if (!shown.errors.empty()) dict.ShowSection("HAS_ERRORS");
    ctx.page(status, "添加旧计划课程（实践课考核卡）", "substitute/oldplan.tpl", dict);
}

State load(Context& ctx) {
    return ctx.db.read([&](pqxx::nontransaction& tx) { return load_state(tx, ctx.examinee_id()); });
}

// The course `code` among the saved ones, if any.
std::optional<store::substitutions::OldPlanCourse> saved_course(pqxx::transaction_base& tx, std::int64_t app,
                                                                const std::string& code) {
    for (auto& c : store::substitutions::oldplan_courses(tx, app))
        if (c.code == code) return c;
    return std::nullopt;
}

}  // namespace

void show_oldplan(Context& ctx) {
    State s = load(ctx);
    if (!window_open_or_fail(ctx, s)) return;
    Shown shown;
    if (!s.submitted()) shown.editing = ctx.req.query_params.value("edit");
    render(ctx, 200, s, shown);
}

void post_oldplan(Context& ctx) {
    const std::int64_t examinee = ctx.examinee_id();
    const http::Form& f = ctx.req.form;
    const std::string action = f.value("action");
    const std::string binding = session_binding(ctx);
    if (action != "add" && action != "change" && action != "remove" && action != "archive" && action != "clear")
        return ctx.fail(400, "无法识别的操作，请刷新页面后重试。");

    Shown shown;
    FieldErrors errors;
    Row row;
    std::optional<CheckedArchive> upload;
    if (action == "add" || action == "change") row = read_row(f, errors);
    if (action == "change") {
        shown.editing = f.value("original");
        shown.edit = row;
        shown.errors_on_edit = true;
    } else {
        shown.add = row;
    }
    if (action == "add" || action == "archive") upload = posted_archive(ctx, errors);
    try {
        ctx.db.write([&](pqxx::work& tx) {
            const auto draft = lock_for_change(tx, examinee);
            FieldErrors errs = errors;
            if (action == "clear") {
                store::substitutions::clear_oldplan_courses(tx, draft.id);
                store::substitutions::clear_archive(tx, draft.id);
                pending::remove_all(tx, binding, kPendingForm);
                return;
            }
            if (action == "remove") {
                if (!store::substitutions::remove_oldplan_course(tx, draft.id, f.value("code")))
                    throw Refusal(404, "没有找到要删除的课程，请刷新页面后重试。");
                return;
            }
            if (action == "archive") {
                if (!upload && !errs.has(kArchiveField)) errs.set(kArchiveField, "请选择要上传的压缩包（zip或rar文件）。");
                if (!errs.empty()) throw Refusal(400, errs.messages());
                store::substitutions::put_archive(tx, draft.id, to_store(*upload));
                pending::remove_all(tx, binding, kPendingForm);
                return;
            }
            const auto courses = store::substitutions::oldplan_courses(tx, draft.id);
            if (action == "change" && !saved_course(tx, draft.id, shown.editing))
                throw Refusal(404, "没有找到要修改的课程，请刷新页面后重试。");
            if (!errs.has("code") && row.code != shown.editing && saved_course(tx, draft.id, row.code))
                errs.set("code", "课程代码 " + row.code + " 已经添加，请修改该课程而不要重复添加。");
            if (action == "add") {
                if (courses.size() >= kMaxCourses) errs.set("rows", "最多添加10门旧计划课程。");
                if (!upload && !errs.has(kArchiveField) && !store::substitutions::archive_info(tx, draft.id)) {
                    upload = kept_archive(tx, binding);
                    if (!upload) errs.set(kArchiveField, "请上传旧计划课程（实践课考核卡）扫描件压缩包（zip或rar文件）。");
                }
            }
            if (!errs.empty()) throw Refusal(400, errs.messages());
            if (action == "change") store::substitutions::remove_oldplan_course(tx, draft.id, shown.editing);
            store::substitutions::add_oldplan_course(tx, draft.id, {row.code, row.name, row.passed_on, row.score, false});
            if (upload) {
                store::substitutions::put_archive(tx, draft.id, to_store(*upload));
                pending::remove_all(tx, binding, kPendingForm);
            }
        });
    } catch (const Refusal& r) {
        if (r.status != 400) return ctx.fail(r.status, r.first());
        // What passed its checks is kept: a new archive for the next add.
        ctx.db.write([&](pqxx::work& tx) {
            if (upload && !upload->kept)
                pending::put(tx, binding, kPendingForm,
                             {kArchiveField, upload->file_name, upload->report.format, crypto::sha256(upload->data),
                              upload->data});
            else if (errors.has(kArchiveField))
                pending::remove(tx, binding, kPendingForm, kArchiveField);
        });
        State s = load(ctx);
        shown.errors = FieldErrors(r.messages);
        return render(ctx, 400, s, shown);
    }
    log::info("substitute.oldplan", {{"examinee", std::to_string(examinee)}, {"action", action}});
    ctx.res.redirect("/substitute/oldplan");
}

}  // namespace zk::substitute
