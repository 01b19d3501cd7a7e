// pdf.cpp: 《毕业生登记表》 as printed: the examinee's saved form, the session's own 姓名,
// 性别, 身份证号 and 准考证号, the application's majors and its verified graduation photo,
// handed to the renderer (common/domain/form_pdf). Renderers are expensive to build (font
// set-up) and not shared between threads, so the process keeps a few and a request waits for
// a free one: memory stays bounded however many exports run at once.
// SECURITY: everything printed comes from the session examinee's own records.
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

#include "common/base/csv.hpp"
#include "common/domain/validate.hpp"
#include "modules/regform/regform.hpp"

namespace zk::regform {

namespace {

const char* const kDefaultFontDir = "/usr/share/fonts/opentype/noto";

class RendererPool {
public:
    RendererPool(const std::string& font_dir, int size) {
        for (int i = 0; i < size; ++i) free_.push_back(std::make_unique<form_pdf::Renderer>(font_dir));
    }
    form_pdf::Rendered render(const form_pdf::Form& form) {
        std::unique_ptr<form_pdf::Renderer> r;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            ready_.wait(lock, [&] { return !free_.empty(); });
            r = std::move(free_.back());
            free_.pop_back();
        }
        // Given back even when rendering throws.
        struct Return {
            RendererPool& pool;
            std::unique_ptr<form_pdf::Renderer>& renderer;
            ~Return() {
                {
                    std::lock_guard<std::mutex> lock(pool.mutex_);
                    pool.free_.push_back(std::move(renderer));
                }
                pool.ready_.notify_one();
            }
        } give_back{*this, r};
        return r->render(form);
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<std::unique_ptr<form_pdf::Renderer>> free_;
};

RendererPool& pool(const Config& config) {
    // One pool per process, built from the configuration the first time (at start, by
    // check_config): a missing font stops the module before it serves.
    static RendererPool instance(config.get("regform_font_dir", kDefaultFontDir),
                                 static_cast<int>(config.get_int("regform.renderers", 2)));
    return instance;
}

// China time now, as the footer prints it.
std::string generated_at() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 8 * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y年%m月%d日 %H:%M", &tm);
    return buf;
}

}  // namespace

void check_config(const Config& config) {
    const long renderers = config.get_int("regform.renderers", 2);
    if (renderers < 1 || renderers > 16) throw ConfigError("regform.renderers must be between 1 and 16");
    try {
        pool(config);
    } catch (const std::exception& e) {
        throw ConfigError(std::string("regform: cannot set up the PDF fonts: ") + e.what());
    }
}

form_pdf::Form printable(const Context& ctx, const Standing& standing, const std::string& photo_jpeg) {
    const auto& examinee = ctx.session->examinee;
    const auto& filled = *standing.form;
    const auto& p = filled.personal;
    form_pdf::Form f;
    for (const auto& m : standing.majors)
        if (m.major_id) f.majors.push_back({m.institution_name, m.major_name + "（" + m.level + "）"});
    f.name = examinee.name;
    f.gender = examinee.gender == "F" ? "女" : "男";
    f.id_number = ctx.app.cipher().decrypt(examinee.id_number_enc, "id_number");
    if (const auto id = validate::check_id_number(f.id_number); id.info) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日", id.info->birth_year, id.info->birth_month,
                      id.info->birth_day);
        f.birth_date = buf;
    }
    f.ticket_no = examinee.ticket_no;
    f.ethnicity = p.ethnicity;
    f.political_status = p.political_status;
    f.health = p.health;
    f.native_place = p.native_place;
    f.education = p.education;
    f.occupation = p.occupation;
    f.work_start = p.work_start.text();
    f.employer = p.employer;
    f.phone = p.phone;
    f.address = p.address;
    f.overseas_relative = p.overseas_relative.value_or(false);
    f.photo_jpeg = photo_jpeg;
    if (filled.resume) {
        const auto& r = *filled.resume;
        for (const auto& row : r.rows) f.resume.push_back({row.from_typed, row.to_typed, row.place});
        for (const auto& m : r.family) f.family.push_back({m.name, m.relation, m.employer, m.position});
        f.rewards = r.rewards;
        f.self_evaluation = r.self_evaluation;
        f.handwritten = r.handwritten;
    }
    f.footer = "申请编号：" + std::to_string(standing.application->id) + "　生成时间：" + generated_at() +
               "　山西省高等教育自学考试毕业网上申请系统";
    return f;
}

form_pdf::Rendered render(const Config& config, const form_pdf::Form& form) { return pool(config).render(form); }

std::string pdf_file_name(const Context& ctx) {
    const auto& e = ctx.session->examinee;
    return csv::attachment("graduate-registration-" + e.ticket_no + ".pdf",
                           "毕业生登记表-" + e.name + "-" + e.ticket_no + ".pdf");
}

}  // namespace zk::regform
