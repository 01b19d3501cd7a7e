// main.cpp: module `photo` — the route table. 毕业证书电子注册图像采集 (PHO-1 … PHO-4): the
// upload page, the upload (checked, normalised to 480×640, verified at once), and the
// examinee's own graduation photo. Every route needs a verified examinee.
#include "common/domain/image.hpp"
#include "common/web/app.hpp"
#include "modules/photo/photo.hpp"

int main(int argc, char** argv) {
    using zk::http::Access;
    using zk::http::RouteOptions;
    zk::image::init();
    zk::ModuleDef def;
    def.name = "photo";
    // The work of an upload is a decode, and at most two run at once per process
    // (image.cpp's DecoderSlot); more threads would only hold more 2 MB uploads in memory
    // while they wait. `photo.threads` in the configuration overrides it.
    def.default_threads = 4;
    def.routes = [](zk::http::Router& r) {
        r.get("/photo", Access::Examinee, zk::photo::show_page);
        // One file under 2 MB plus the form's other fields: nginx lets a little more
        // through so that the module, not nginx, says the file is too large.
        r.post("/photo", Access::Examinee, zk::photo::upload, RouteOptions().body(3 * zk::http::MiB));
        r.get("/photo/view/{id}", Access::Examinee, zk::photo::view);
    };
    return zk::run_module(argc, argv, std::move(def));
}
