// main.cpp: module `login` — the route table. 登录, 退出登录, 修改密码.
#include "common/app.hpp"
#include "modules/login/login.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::ModuleDef def;
    def.name = "login";
    def.statements = zk::login::statements();
    def.routes = [](zk::http::Router& r) {
        r.get("/login", Access::Public, zk::login::show_login);
        r.post("/login", Access::Public, zk::login::do_login);
        r.get("/logout", Access::Public, zk::login::show_logout);
        r.post("/logout", Access::Public, zk::login::do_logout);
        r.get("/password", Access::ExamineeAny, zk::login::show_password);
        r.post("/password", Access::ExamineeAny, zk::login::do_password);
    };
    return zk::run_module(argc, argv, std::move(def));
}
