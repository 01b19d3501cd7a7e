// center.hpp: handlers of module `center`.
#pragma once
#include "common/web/app.hpp"

namespace zk::center {
void show_home(Context& ctx);
void show_notices(Context& ctx);  // GET /notices: published 通知公告 (notices.cpp)
void show_notice(Context& ctx);   // GET /notices/{id}
void show_contacts(Context& ctx); // GET /contacts: 各区县自考部门地址及联系方式 (contacts.cpp)
}  // namespace zk::center
