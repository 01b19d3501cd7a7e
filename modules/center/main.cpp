// main.cpp: module `center` — the route table. 个人中心 (/), 查询中心 (/scores, /plans, /notices)
// and 各区县自考部门地址及联系方式 (/contacts).
#include "common/web/app.hpp"
#include "modules/center/center.hpp"
#include "modules/center/plans.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::ModuleDef def;
    def.name = "center";
    def.routes = [](zk::http::Router& r) {
        r.get("/", Access::Examinee, zk::center::show_home);
        r.get("/scores", Access::Examinee, zk::center::show_scores);
        r.get("/plans", Access::Examinee, zk::center::show_plans);
        r.get("/notices", Access::Public, zk::center::show_notices);
        r.get("/notices/{id}", Access::Public, zk::center::show_notice);
        r.get("/contacts", Access::Public, zk::center::show_contacts);
    };
    return zk::run_module(argc, argv, std::move(def));
}
