// review.hpp: handlers of module `review`, the staff back office (REV): staff login and
// logout (staff_login.cpp), the dashboard and the manual identity-verification queue
// with its decisions and photos (verifications.cpp), the graduation-photo queue
// (graduation_photos.cpp), the application queues 预审 / 旧计划核验 / 材料交回 / 审定 with
// their decisions (applications.cpp), and what the queues share (shared.hpp).
// The 管理员's 系统设置 (admin_*.cpp, admin_common.hpp): business windows, fees, notices, staff accounts.
#pragma once
#include "common/web/app.hpp"

namespace zk::review {

// staff_login.cpp
void show_login(Context& ctx);
void do_login(Context& ctx);
void show_logout(Context& ctx);
void do_logout(Context& ctx);

// verifications.cpp
void show_dashboard(Context& ctx);
void show_queue(Context& ctx);
void show_verification(Context& ctx);
void do_approve(Context& ctx);
void do_refuse(Context& ctx);
void serve_photo(Context& ctx);

// graduation_photos.cpp
void show_photo_queue(Context& ctx);
void show_photo_review(Context& ctx);
void approve_photo(Context& ctx);
void refuse_photo(Context& ctx);
void serve_photo_image(Context& ctx);
void serve_photo_original(Context& ctx);


// applications.cpp
void show_prereview_queue(Context& ctx);
void show_oldplan_queue(Context& ctx);
void show_materials_queue(Context& ctx);
void show_final_queue(Context& ctx);
void show_application(Context& ctx);
void approve_prereview(Context& ctx);
void refuse_prereview(Context& ctx);
void check_oldplan(Context& ctx);
void mark_materials_returned(Context& ctx);
void approve_final(Context& ctx);
void refuse_final(Context& ctx);
void serve_application_photo(Context& ctx);
void serve_archive_entry(Context& ctx);
// reports.cpp: 统计报表 and the CSV download of the applications in scope (REV-4)
void show_reports(Context& ctx);
void serve_applications_csv(Context& ctx);

// admin_windows.cpp (管理员: 业务开放时间)
void show_admin_windows(Context& ctx);
void set_admin_window(Context& ctx);

// admin_fees.cpp (管理员: 毕业申请费用)
void show_admin_fees(Context& ctx);
void set_admin_default_fee(Context& ctx);
void set_admin_major_fee(Context& ctx);
void delete_admin_major_fee(Context& ctx);

// admin_notices.cpp (管理员: 通知公告)
void show_admin_notices(Context& ctx);
void show_admin_notice_new(Context& ctx);
void create_admin_notice(Context& ctx);
void show_admin_notice(Context& ctx);
void update_admin_notice(Context& ctx);
void withdraw_admin_notice(Context& ctx);

// admin_staff.cpp (管理员: 工作人员账号)
void show_admin_staff(Context& ctx);
void show_admin_staff_new(Context& ctx);
void create_admin_staff(Context& ctx);
void show_admin_staff_account(Context& ctx);
void disable_admin_staff(Context& ctx);
void enable_admin_staff(Context& ctx);
void reset_admin_staff_password(Context& ctx);

}  // namespace zk::review
