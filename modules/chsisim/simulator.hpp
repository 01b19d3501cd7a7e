// simulator.hpp: handlers of the 学信网 simulator (module chsisim).
#pragma once
#include "common/web/app.hpp"

namespace zk::chsisim {
void show_authorize(Context& ctx);     // GET  /chsi-sim/authorize?state=…  (what the QR code opens)
void confirm_authorize(Context& ctx);  // POST /chsi-sim/authorize  确认授权 → signed records
}  // namespace zk::chsisim
