// main.cpp: module `center` — the route table. 个人中心 (/) and, later, 查询中心.
#include "common/app.hpp"
#include "modules/center/center.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::ModuleDef def;
    def.name = "center";
    def.statements = zk::center::statements();
    def.routes = [](zk::http::Router& r) { r.get("/", Access::Examinee, zk::center::show_home); };
    return zk::run_module(argc, argv, std::move(def));
}
