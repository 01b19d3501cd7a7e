// main.cpp: module `login` — the route table. 登录, 退出登录, 修改密码, 考生注册.
#include "common/web/app.hpp"
#include "common/domain/image.hpp"
#include "common/domain/recovery.hpp"
#include "modules/login/login.hpp"
#include "modules/login/register.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    using zk::http::MiB;
    using zk::http::RouteOptions;
    zk::image::init();
    zk::ModuleDef def;
    def.name = "login";
    // The 找回密码 look-up and reset limits (limit_* keys, recovery.hpp).
    def.check_config = [](const zk::Config& c) { (void)zk::recovery::Limits::from(c); };
    def.routes = [](zk::http::Router& r) {
        r.get("/login", Access::Public, zk::login::show_login);
        r.post("/login", Access::Public, zk::login::do_login, RouteOptions().limit("zikao_login"));
        r.get("/logout", Access::Public, zk::login::show_logout);
        r.post("/logout", Access::Public, zk::login::do_logout);
        r.get("/password", Access::ExamineeAny, zk::login::show_password);
        r.post("/password", Access::ExamineeAny, zk::login::do_password);
        r.get("/register", Access::Public, zk::registration::show_choice);
        r.get("/register/new", Access::Public, zk::registration::show_new);
        // Three photos under 2 MB each plus the form; matching 身份证号 + 姓名 is an oracle
        // worth rate limiting like the login.
        r.post("/register/new", Access::Public, zk::registration::do_new,
               RouteOptions().body(7 * MiB).limit("zikao_register"));
        r.get("/register/enrolled", Access::Public, zk::registration::show_enrolled);
        r.post("/register/enrolled", Access::Public, zk::registration::do_enrolled,
               RouteOptions().body(7 * MiB).limit("zikao_register"));
        r.get("/register/cancel", Access::Public, zk::registration::show_cancel);
        // The owner's link that cancels a forgotten-password request (ACC-7).
        r.post("/register/cancel", Access::Public, zk::registration::do_cancel, RouteOptions().limit("zikao_register"));
    };
    return zk::run_module(argc, argv, std::move(def));
}
