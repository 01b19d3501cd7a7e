// pdf.cpp: 《毕业生登记表》 as printed (registration_form::printable) with the session's own
// 姓名, 性别, 身份证号 and 准考证号, handed to the renderer (common/domain/form_pdf). Renderers are expensive to build (font
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
    const auto& e = ctx.session->examinee;
    return registration_form::printable(ctx.app.cipher(), {e.name, e.gender, e.id_number_enc, e.ticket_no}, standing,
                                        photo_jpeg, generated_at());
}

form_pdf::Rendered render(const Config& config, const form_pdf::Form& form) { return pool(config).render(form); }

std::string pdf_file_name(const Context& ctx) {
    const auto& e = ctx.session->examinee;
    const std::string suffix = e.ticket_no.empty() ? "" : "-" + e.ticket_no;
    return csv::attachment("graduate-registration" + suffix + ".pdf", "毕业生登记表-" + e.name + suffix + ".pdf");
}

}  // namespace zk::regform
