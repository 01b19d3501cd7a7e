// main.cpp: module `verify` — the route table. 身份认证 status and re-upload (ACC-5); the
// 学信网学历验证 pages come later.
#include "common/app.hpp"
#include "common/image.hpp"
#include "modules/verify/identity_page.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::image::init();
    zk::ModuleDef def;
    def.name = "verify";
    def.statements = zk::verify::statements();
    def.routes = [](zk::http::Router& r) {
        r.get("/verify/identity", Access::ExamineeAny, zk::verify::show_identity);
        r.post("/verify/identity", Access::ExamineeAny, zk::verify::upload_identity);
        r.get("/verify/photo/{id}", Access::ExamineeAny, zk::verify::show_photo);
    };
    return zk::run_module(argc, argv, std::move(def));
}
