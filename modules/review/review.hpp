// review.hpp: handlers of module `review`, the staff back office (REV): staff login and
// logout (staff_login.cpp), the dashboard and the manual identity-verification queue
// with its decisions and photos (verifications.cpp), the graduation-photo queue
// (graduation_photos.cpp), and what the queues share (shared.hpp).
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

// admin_windows.cpp (管理员: 业务开放时间)
void show_admin_windows(Context& ctx);
void set_admin_window(Context& ctx);

}  // namespace zk::review
