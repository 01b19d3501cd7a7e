// oldplan.cpp: 添加旧计划课程（实践课考核卡）(SUB-3, AUD-5). Up to 10 rows of 课程代码,
// 课程名称, 合格时间, 成绩 plus ONE zip or rar of the scans. Saving replaces the rows and the
// archive together in one transaction; any bad row or a bad archive answers 400 with the
// message at its field and stores nothing. The courses count provisionally (待审核) until
// staff verify them against the scans; 清空已添加课程及文件 deletes both.
// SECURITY: the archive is inspected in memory by common/domain/archive (content type, paths,
// links, nesting, encryption, bomb limits) before it is stored; it is never extracted.
// The uploaded file name is only kept as a label (base name, clean UTF-8, bounded).
#include <ctime>
#include <set>

#include "common/base/crypto.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/domain/archive.hpp"
#include "common/domain/validate.hpp"
#include "common/store/substitutions.hpp"
#include "modules/substitute/substitute.hpp"

namespace zk::substitute {

namespace {

constexpr int kRows = 10;

struct Row {
    std::string code, name, passed_on, score;
    bool empty() const { return code.empty() && name.empty() && passed_on.empty() && score.empty(); }
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

// YYYY-MM-DD, a real date, from 1981 (the first 自学考试) to today.
std::string date_error(const std::string& s) {
    if (s.empty()) return "请填写合格时间。";
    auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            if (s[i] < '0' || s[i] > '9') return false;
        return true;
    };
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(0, 4) || !digits(5, 2) || !digits(8, 2))
        return "合格时间格式应为YYYY-MM-DD，例如2003-10-26。";
    const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return "合格时间不是有效的日期。";
    if (y < 1981) return "合格时间不能早于1981年。";
    if (y * 10000 + m * 100 + d > china_today()) return "合格时间不能晚于今天。";
    return "";
}

std::string score_error(const std::string& s) {
    if (s.empty()) return "请填写成绩。";
    if (s == "合格") return "";
    if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos || (s.size() > 1 && s[0] == '0'))
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

void render(Context& ctx, int status, const State& s, const std::vector<Row>& form_rows, const FieldErrors& errors) {
    ctemplate::TemplateDictionary dict("oldplan");
    add_common(dict, s);
    if (s.app) {
        ctx.db.read([&](pqxx::nontransaction& tx) {
            int seq = 0;
            for (const auto& c : store::substitutions::oldplan_courses(tx, s.app->id)) {
                auto* d = dict.AddSectionDictionary("ADDED");
                d->SetIntValue("SEQ", ++seq);
                d->SetValue("CODE", c.code);
                d->SetValue("NAME", c.name);
                d->SetValue("PASSED_ON", c.passed_on);
                d->SetValue("SCORE", c.score);
                d->SetValue("STATE", c.verified ? "已审核" : "待审核");
            }
            if (seq > 0) dict.ShowSection("HAS_ADDED");
            const auto a = store::substitutions::archive_info(tx, s.app->id);
            if (a) {
                auto* d = dict.AddSectionDictionary("ARCHIVE");
                d->SetValue("FILE_NAME", a->file_name);
                d->SetValue("FORMAT", a->format);
                d->SetValue("SIZE", size_text(a->size_bytes));
                d->SetIntValue("ENTRIES", a->entry_count);
                d->SetValue("UPLOADED_AT", a->uploaded_at);
            }
            if (seq > 0 || a) dict.ShowSection("CAN_CLEAR");
        });
    }
    for (int i = 0; i < kRows; ++i) {
        auto* d = dict.AddSectionDictionary("ROW");
        const std::string n = std::to_string(i + 1);
        d->SetValue("N", n);
        if (i < static_cast<int>(form_rows.size())) {
            d->SetValue("CODE", form_rows[i].code);
            d->SetValue("NAME", form_rows[i].name);
            d->SetValue("PASSED_ON", form_rows[i].passed_on);
            d->SetValue("SCORE", form_rows[i].score);
        }
        for (const char* f : {"code", "name", "passed_on", "score"}) {
            const std::string* msg = errors.find(std::string(f) + "_" + n);
            if (!msg) continue;
            show_field_error(*d, f, *msg);
        }
    }
    if (const std::string* msg = errors.find("archive")) dict.SetValueAndShowSection("ERR_ARCHIVE", *msg, "HAS_ERR_ARCHIVE");
    if (const std::string* msg = errors.find("rows")) dict.SetValueAndShowSection("ERR_ROWS", *msg, "HAS_ERR_ROWS");
    if (!errors.empty()) dict.ShowSection("HAS_ERRORS");
    ctx.page(status, "添加旧计划课程（实践课考核卡）", "substitute/oldplan.tpl", dict);
}

State load(Context& ctx) {
    return ctx.db.read([&](pqxx::nontransaction& tx) { return load_state(tx, ctx.examinee_id()); });
}

}  // namespace

void show_oldplan(Context& ctx) {
    State s = load(ctx);
    if (!window_open_or_fail(ctx, s)) return;
    render(ctx, 200, s, {}, {});
}

void post_oldplan(Context& ctx) {
    const std::int64_t examinee = ctx.examinee_id();
    const http::Form& f = ctx.req.form;
    const bool clear = f.value("action") == "clear";

    std::vector<Row> rows(kRows);
    FieldErrors errors;
    std::vector<const Row*> filled;
    std::optional<archive::ArchiveReport> report;
    const http::UploadedFile* upload = nullptr;
    if (!clear) {
        std::set<std::string> codes;
        for (int i = 0; i < kRows; ++i) {
            const std::string n = std::to_string(i + 1);
            Row& r = rows[static_cast<std::size_t>(i)];
            r = {strings::trim(f.value("code_" + n)), strings::trim(f.value("name_" + n)),
                 strings::trim(f.value("passed_on_" + n)), strings::trim(f.value("score_" + n))};
            if (r.empty()) continue;
            if (!is_course_code(r.code)) errors.set("code_" + n, "课程代码应为5位数字。");
            else if (!codes.insert(r.code).second) errors.set("code_" + n, "课程代码 " + r.code + " 重复填写。");
            if (auto e = name_error(r.name); !e.empty()) errors.set("name_" + n, e);
            if (auto e = date_error(r.passed_on); !e.empty()) errors.set("passed_on_" + n, e);
            if (auto e = score_error(r.score); !e.empty()) errors.set("score_" + n, e);
            filled.push_back(&r);
        }
        if (filled.empty()) errors.set("rows", "请至少填写一门旧计划课程（课程代码、课程名称、合格时间、成绩）。");
        for (const auto& file : ctx.req.files)
            if (file.field_name == "archive") {
                if (upload) errors.set("archive", "只能上传一个压缩包。");
                upload = &file;
            }
        if (upload && !errors.has("archive")) {
            try {
                report = archive::inspect_archive(upload->data);
            } catch (const archive::ArchiveError& e) {
                errors.set("archive", e.what());
            }
        }
    }
    try {
        ctx.db.write([&](pqxx::work& tx) {
            const auto draft = lock_for_change(tx, examinee);
            if (clear) {
                store::substitutions::clear_oldplan_courses(tx, draft.id);
                store::substitutions::clear_archive(tx, draft.id);
                return;
            }
            FieldErrors errs = errors;
            if (!upload && !errs.has("archive") && !store::substitutions::archive_info(tx, draft.id))
                errs.set("archive", "请上传旧计划课程（实践课考核卡）扫描件压缩包（zip或rar文件）。");
            if (!errs.empty()) throw Refusal(400, errs.messages());
            std::vector<store::substitutions::OldPlanCourse> courses;
            for (const Row* r : filled) courses.push_back({r->code, r->name, r->passed_on, r->score, false});
            store::substitutions::set_oldplan_courses(tx, draft.id, courses);
            if (report)
                store::substitutions::put_archive(tx, draft.id,
                                                  {label_of(upload->file_name, report->format), report->format,
                                                   crypto::sha256(upload->data), archive::entries_json(*report),
                                                   upload->data});
        });
    } catch (const Refusal& r) {
        if (r.status != 400) return ctx.fail(r.status, r.first());
        State s = load(ctx);
        return render(ctx, 400, s, rows, FieldErrors(r.messages));
    }
    log::info("substitute.oldplan", {{"examinee", std::to_string(examinee)},
                                     {"action", clear ? "clear" : "save"},
                                     {"courses", std::to_string(filled.size())}});
    ctx.res.redirect(clear ? "/substitute/oldplan" : "/apply/majors");
}

}  // namespace zk::substitute
