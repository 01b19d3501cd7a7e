// login.hpp: handlers of module `login`.
#pragma once
#include "common/web/app.hpp"

namespace zk::login {
void show_login(Context& ctx);
void do_login(Context& ctx);
void show_logout(Context& ctx);
void do_logout(Context& ctx);
void show_password(Context& ctx);
void do_password(Context& ctx);
}  // namespace zk::login
