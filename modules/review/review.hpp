// review.hpp: handlers of module `review`, the staff back office (REV): staff login and
// logout (staff_login.cpp), the dashboard and the manual identity-verification queue
// with its decisions and photos (verifications.cpp), the graduation-photo queue
// (graduation_photos.cpp), the application queues 预审 / 旧计划核验 / 材料交回 / 审定 with
// their decisions (applications.cpp), and what the queues share (shared.hpp).
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

}  // namespace zk::review
