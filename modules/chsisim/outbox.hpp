// outbox.hpp: the development outbox page (module chsisim), GET /dev/outbox[?to=RECIPIENT].
#pragma once
#include "common/web/app.hpp"

namespace zk::chsisim {
void show_outbox(Context& ctx);
}  // namespace zk::chsisim
