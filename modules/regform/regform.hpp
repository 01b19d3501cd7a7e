// regform.hpp: handlers of module `regform` (《毕业生登记表》, REG-1 … REG-3).
#pragma once
#include "common/base/config.hpp"
#include "common/domain/form_pdf/form_pdf.hpp"
#include "common/domain/registration_form_state.hpp"
#include "common/web/app.hpp"

namespace zk::regform {
using registration_form::Saved;
using registration_form::Standing;

void check_config(const Config& config);

// pages.cpp
void show_personal(Context& ctx);  // GET  /regform          毕业登记信息填写 (read-only once locked)
void save_personal(Context& ctx);  // POST /regform          下一步
void show_resume(Context& ctx);    // GET  /regform/resume   毕业申请个人简历填写
void save_resume(Context& ctx);    // POST /regform/resume   上一步 / 增加一行 / 保存并导出PDF
void show_saved(Context& ctx);     // GET  /regform/saved    保存成功, 下载
void download_pdf(Context& ctx);   // GET  /regform/pdf      the PDF

// pdf.cpp: the form as printed, and the renderers.
form_pdf::Form printable(const Context& ctx, const Standing& standing, const std::string& photo_jpeg);
// Renders with one of the process's renderers (waits for a free one).
form_pdf::Rendered render(const Config& config, const form_pdf::Form& form);
// The download's Content-Disposition value.
std::string pdf_file_name(const Context& ctx);
}  // namespace zk::regform
