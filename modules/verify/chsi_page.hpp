// chsi_page.hpp: 学信网学历验证 handlers of module `verify` (CHSI-1 … CHSI-3).
#pragma once
#include "common/web/app.hpp"

namespace zk::verify {
void show_chsi(Context& ctx);          // GET  /verify/chsi
void start_chsi(Context& ctx);         // POST /verify/chsi
void chsi_callback(Context& ctx);      // POST /verify/chsi/callback (Public, signed, csrf-exempt)
void show_chsi_records(Context& ctx);  // GET  /verify/chsi/records
}  // namespace zk::verify
