// main.cpp: module `chsisim` (binary zikao-chsisim) — the dev-only stand-in for 学信网
// (CHSI-2). Never installed in production: there the QR code points at 学信网 itself.
#include "common/app.hpp"
#include "modules/chsisim/simulator.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::ModuleDef def;
    def.name = "chsisim";
    def.statements = zk::chsisim::statements();
    def.routes = [](zk::http::Router& r) {
        r.get("/chsi-sim/authorize", Access::Public, zk::chsisim::show_authorize);
        r.post("/chsi-sim/authorize", Access::Public, zk::chsisim::confirm_authorize);
    };
    return zk::run_module(argc, argv, std::move(def));
}
