// main.cpp: module `chsisim` (binary zikao-chsisim) — the dev stack's stand-in for the
// outside services: 学信网 (CHSI-2: /chsi-sim/, simulator.cpp) and the SMS gateway and mail
// server (/dev/outbox, outbox.cpp: the messages the `outbox` transports kept). Never
// installed in production: there the QR code points at 学信网 itself and messages leave
// through the real gateways (zikao-ctl deliver-messages).
#include "common/web/app.hpp"
#include "modules/chsisim/outbox.hpp"
#include "modules/chsisim/simulator.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::ModuleDef def;
    def.name = "chsisim";
    def.prefixes = {"/chsi-sim/", "/dev/"};
    def.routes = [](zk::http::Router& r) {
        r.get("/chsi-sim/authorize", Access::Public, zk::chsisim::show_authorize);
        r.post("/chsi-sim/authorize", Access::Public, zk::chsisim::confirm_authorize,
               zk::http::RouteOptions().body(64 * zk::http::KiB));
        r.get("/dev/outbox", Access::Public, zk::chsisim::show_outbox);
    };
    return zk::run_module(argc, argv, std::move(def));
}
