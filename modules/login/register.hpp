// register.hpp: 考生注册 handlers of module `login`.
#pragma once
#include "common/web/app.hpp"

namespace zk::registration {
void show_choice(Context& ctx);
void show_new(Context& ctx);
void do_new(Context& ctx);
void show_enrolled(Context& ctx);
void do_enrolled(Context& ctx);
void show_cancel(Context& ctx);
void do_cancel(Context& ctx);
}  // namespace zk::registration
