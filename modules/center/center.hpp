// center.hpp: handlers of module `center`.
#pragma once
#include "common/web/app.hpp"

namespace zk::center {
void show_home(Context& ctx);
}  // namespace zk::center
