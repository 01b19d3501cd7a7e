// hello.cpp: the benchmark's baseline — a FastCGI "hello" on the same skeleton as every
// module (same adapter, threads and pipeline, one Public route, no database work), so
// `make bench` can compare 个人中心 against the cost of the plumbing alone.
#include "common/web/app.hpp"

int main(int argc, char** argv) {
    zk::ModuleDef def;
    def.name = "hello";
    def.routes = [](zk::http::Router& r) {
        r.get("/bench/hello", zk::http::Access::Public, [](zk::Context& ctx) { ctx.res.text(200, "hello\n"); });
    };
    return zk::run_module(argc, argv, std::move(def));
}
