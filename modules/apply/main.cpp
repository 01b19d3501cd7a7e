// main.cpp: module `apply` — the route table. 毕业申请 (APP): 信息填报, 专业选择, 信息确认,
// 提交, 毕业申请信息详情, 重新申请. Every route needs a verified examinee.
#include "common/web/app.hpp"
#include "modules/apply/apply.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::ModuleDef def;
    def.name = "apply";
    def.routes = [](zk::http::Router& r) {
        r.get("/apply", Access::Examinee, zk::apply::show_fill);
        r.post("/apply", Access::Examinee, zk::apply::do_fill);
        r.get("/apply/majors", Access::Examinee, zk::apply::show_majors);
        r.post("/apply/majors", Access::Examinee, zk::apply::do_majors);
        r.get("/apply/confirm", Access::Examinee, zk::apply::show_confirm);
        r.post("/apply/submit", Access::Examinee, zk::apply::do_submit);
        r.get("/apply/photo", Access::Examinee, zk::apply::show_photo);
        r.get("/apply/status", Access::Examinee, zk::apply::show_status);
        r.post("/apply/reapply", Access::Examinee, zk::apply::do_reapply);
    };
    return zk::run_module(argc, argv, std::move(def));
}
