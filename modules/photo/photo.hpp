// photo.hpp: handlers of module `photo`, 毕业证书电子注册图像采集 (PHO-1 … PHO-4, APP-5).
// SECURITY: the examinee id comes from the session only; a photo is served only to its
// owner (404 otherwise, the same as a photo that does not exist).
#pragma once
#include "common/web/app.hpp"

namespace zk::photo {

void show_page(Context& ctx);  // GET  /photo
void upload(Context& ctx);     // POST /photo
void view(Context& ctx);       // GET  /photo/view/{id}

}  // namespace zk::photo
