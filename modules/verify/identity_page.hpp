// identity_page.hpp: 身份认证 handlers of module `verify`.
#pragma once
#include "common/web/app.hpp"

namespace zk::verify {
void show_identity(Context& ctx);
void upload_identity(Context& ctx);
void show_photo(Context& ctx);
}  // namespace zk::verify
