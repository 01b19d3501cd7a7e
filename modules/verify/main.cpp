// main.cpp: module `verify` — the route table. 身份认证 status and re-upload (ACC-5); the
// 学信网学历验证 pages and the verified records (CHSI-1 … CHSI-3, chsi_page.cpp).
#include "common/web/app.hpp"
#include "common/domain/image.hpp"
#include "modules/verify/chsi_page.hpp"
#include "modules/verify/identity_page.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::image::init();
    zk::ModuleDef def;
    def.name = "verify";
    def.routes = [](zk::http::Router& r) {
        r.get("/verify/identity", Access::ExamineeAny, zk::verify::show_identity);
        r.post("/verify/identity", Access::ExamineeAny, zk::verify::upload_identity);
        r.get("/verify/photo/{id}", Access::ExamineeAny, zk::verify::show_photo);
        r.get("/verify/chsi", Access::Examinee, zk::verify::show_chsi);
        r.post("/verify/chsi", Access::Examinee, zk::verify::start_chsi);
        r.get("/verify/chsi/records", Access::Examinee, zk::verify::show_chsi_records);
        // 学信网 is not a browser session: the Ed25519 signature replaces the CSRF token.
        r.add(zk::http::Route{"POST", "/verify/chsi/callback", Access::Public, zk::verify::chsi_callback, true, {}});
    };
    return zk::run_module(argc, argv, std::move(def));
}
