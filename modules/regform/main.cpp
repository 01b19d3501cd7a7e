// main.cpp: module `regform` — the route table. 《毕业生登记表》 (REG-1 … REG-3; seed steps
// 9–10): 毕业登记信息填写, 个人简历 with 自我鉴定, and the A4 PDF. Every page is the verified
// examinee's own (the application is the session's, never one named in the URL); the form
// opens after payment and becomes read-only at 材料已交回.
#include "common/web/app.hpp"
#include "modules/regform/regform.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    using zk::http::RouteOptions;
    zk::ModuleDef def;
    def.name = "regform";
    def.prefixes = {"/regform/"};
    def.check_config = zk::regform::check_config;
    def.routes = [](zk::http::Router& r) {
        // The 个人简历 carries up to 2,000 characters of 自我鉴定 and ten rows: a longer
        // body than the default, so that an over-long field gets its message at the field.
        const auto form = RouteOptions().body(256 * zk::http::KiB);
        r.get("/regform", Access::Examinee, zk::regform::show_personal);
        r.post("/regform", Access::Examinee, zk::regform::save_personal, form);
        r.get("/regform/resume", Access::Examinee, zk::regform::show_resume);
        r.post("/regform/resume", Access::Examinee, zk::regform::save_resume, form);
        r.get("/regform/saved", Access::Examinee, zk::regform::show_saved);
        r.get("/regform/pdf", Access::Examinee, zk::regform::download_pdf);
    };
    return zk::run_module(argc, argv, std::move(def));
}
