// main.cpp: module `substitute` (顶替) — the route table. 添加顶替英语二课程,
// 添加一门顶多门或任选一门新计划顶替课程, 添加旧计划课程（实践课考核卡）.
#include "common/web/app.hpp"
#include "common/domain/image.hpp"
#include "modules/substitute/substitute.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::image::init();
    zk::ModuleDef def;
    def.name = "substitute";
    def.routes = [](zk::http::Router& r) {
        r.get("/substitute/english", Access::Examinee, zk::substitute::show_english);
        r.post("/substitute/english", Access::Examinee, zk::substitute::post_english);
        r.get("/substitute/newplan", Access::Examinee, zk::substitute::show_newplan);
        r.post("/substitute/newplan", Access::Examinee, zk::substitute::post_newplan);
        r.get("/substitute/oldplan", Access::Examinee, zk::substitute::show_oldplan);
        // A zip/rar of scans of up to 10 MB, plus the form.
        r.post("/substitute/oldplan", Access::Examinee, zk::substitute::post_oldplan,
               zk::http::RouteOptions().body(12 * zk::http::MiB));
    };
    return zk::run_module(argc, argv, std::move(def));
}
