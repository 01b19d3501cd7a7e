// main.cpp: module `review` — the route table of the staff back office (/admin).
// Login and logout are public; everything else needs a staff session, which App::handle
// checks before any handler runs (and answers a POST without one with 403). What each
// staff member sees is limited by its scope in SQL; who may decide is the access level:
// Office (县区招办, 市招办: 预审, 旧计划核验, 材料交回), Province (省审定组: 审定).
#include "common/web/app.hpp"
#include "modules/review/review.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    zk::ModuleDef def;
    def.name = "review";
    def.prefixes = {"/admin/"};
    def.routes = [](zk::http::Router& r) {
        r.get("/admin/login", Access::Public, zk::review::show_login);
        r.post("/admin/login", Access::Public, zk::review::do_login, zk::http::RouteOptions().limit("zikao_login"));
        r.get("/admin/logout", Access::Public, zk::review::show_logout);
        r.post("/admin/logout", Access::Public, zk::review::do_logout);
        r.get("/admin", Access::Staff, zk::review::show_dashboard);
        r.get("/admin/verifications", Access::Staff, zk::review::show_queue);
        r.get("/admin/verifications/{id}", Access::Staff, zk::review::show_verification);
        r.post("/admin/verifications/{id}/approve", Access::Staff, zk::review::do_approve);
        r.post("/admin/verifications/{id}/refuse", Access::Staff, zk::review::do_refuse);
        r.get("/admin/photos/{id}", Access::Staff, zk::review::serve_photo);
        r.get("/admin/graduation-photos", Access::Staff, zk::review::show_photo_queue);
        r.get("/admin/graduation-photos/{id}", Access::Staff, zk::review::show_photo_review);
        r.post("/admin/graduation-photos/{id}/approve", Access::Staff, zk::review::approve_photo);
        r.post("/admin/graduation-photos/{id}/refuse", Access::Staff, zk::review::refuse_photo);
        r.get("/admin/graduation-photos/{id}/image/{photo}", Access::Staff, zk::review::serve_photo_image);
        r.get("/admin/graduation-photos/{id}/original", Access::Staff, zk::review::serve_photo_original);
        r.get("/admin/prereview", Access::Staff, zk::review::show_prereview_queue);
        r.get("/admin/oldplan", Access::Staff, zk::review::show_oldplan_queue);
        r.get("/admin/materials", Access::Staff, zk::review::show_materials_queue);
        r.get("/admin/final", Access::Staff, zk::review::show_final_queue);
        r.get("/admin/applications/{id}", Access::Staff, zk::review::show_application);
        r.get("/admin/applications/{id}/photo", Access::Staff, zk::review::serve_application_photo);
        r.get("/admin/applications/{id}/archive/{n}", Access::Staff, zk::review::serve_archive_entry);
        r.post("/admin/applications/{id}/prereview/approve", Access::Office, zk::review::approve_prereview);
        r.post("/admin/applications/{id}/prereview/refuse", Access::Office, zk::review::refuse_prereview);
        r.post("/admin/applications/{id}/oldplan", Access::Office, zk::review::check_oldplan);
        r.post("/admin/applications/{id}/materials-returned", Access::Office, zk::review::mark_materials_returned);
        r.post("/admin/applications/{id}/final/approve", Access::Province, zk::review::approve_final);
        r.post("/admin/applications/{id}/final/refuse", Access::Province, zk::review::refuse_final);
        r.get("/admin/reports", Access::Staff, zk::review::show_reports);
        r.get("/admin/reports/applications.csv", Access::Staff, zk::review::serve_applications_csv);
        r.get("/admin/settings/windows", Access::Admin, zk::review::show_admin_windows);
        r.post("/admin/settings/windows/{code}", Access::Admin, zk::review::set_admin_window);
        r.get("/admin/settings/fees", Access::Admin, zk::review::show_admin_fees);
        r.post("/admin/settings/fees/default", Access::Admin, zk::review::set_admin_default_fee);
        r.post("/admin/settings/fees/majors", Access::Admin, zk::review::set_admin_major_fee);
        r.post("/admin/settings/fees/majors/{major}/delete", Access::Admin, zk::review::delete_admin_major_fee);
        r.get("/admin/notices", Access::Admin, zk::review::show_admin_notices);
        r.get("/admin/notices/new", Access::Admin, zk::review::show_admin_notice_new);
        r.post("/admin/notices/new", Access::Admin, zk::review::create_admin_notice, zk::http::RouteOptions().body(256 * zk::http::KiB));
        r.get("/admin/notices/{id}", Access::Admin, zk::review::show_admin_notice);
        r.post("/admin/notices/{id}", Access::Admin, zk::review::update_admin_notice, zk::http::RouteOptions().body(256 * zk::http::KiB));
        r.post("/admin/notices/{id}/withdraw", Access::Admin, zk::review::withdraw_admin_notice);
        r.get("/admin/staff", Access::Admin, zk::review::show_admin_staff);
        r.get("/admin/staff/new", Access::Admin, zk::review::show_admin_staff_new);
        r.post("/admin/staff/new", Access::Admin, zk::review::create_admin_staff);
        r.get("/admin/staff/{id}", Access::Admin, zk::review::show_admin_staff_account);
        r.post("/admin/staff/{id}/disable", Access::Admin, zk::review::disable_admin_staff);
        r.post("/admin/staff/{id}/enable", Access::Admin, zk::review::enable_admin_staff);
        r.post("/admin/staff/{id}/password", Access::Admin, zk::review::reset_admin_staff_password);
    };
    return zk::run_module(argc, argv, std::move(def));
}
