// main.cpp: module `login` — the route table. 登录, 退出登录, 修改密码, 考生注册.
#include "common/web/app.hpp"
#include "common/domain/image.hpp"
#include "modules/login/login.hpp"
#include "modules/login/register.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::image::init();
    zk::ModuleDef def;
    def.name = "login";
    def.routes = [](zk::http::Router& r) {
        r.get("/login", Access::Public, zk::login::show_login);
        r.post("/login", Access::Public, zk::login::do_login);
        r.get("/logout", Access::Public, zk::login::show_logout);
        r.post("/logout", Access::Public, zk::login::do_logout);
        r.get("/password", Access::ExamineeAny, zk::login::show_password);
        r.post("/password", Access::ExamineeAny, zk::login::do_password);
        r.get("/register", Access::Public, zk::registration::show_choice);
        r.get("/register/new", Access::Public, zk::registration::show_new);
        r.post("/register/new", Access::Public, zk::registration::do_new);
        r.get("/register/enrolled", Access::Public, zk::registration::show_enrolled);
        r.post("/register/enrolled", Access::Public, zk::registration::do_enrolled);
        r.get("/register/cancel", Access::Public, zk::registration::show_cancel);
        r.post("/register/cancel", Access::Public, zk::registration::do_cancel);
    };
    return zk::run_module(argc, argv, std::move(def));
}
