// fcgi_server.cpp: the outermost adapter between libfcgi and App::handle().
// One process, N worker threads, each with its own FCGX_Request and its own database
// connection. Accepting is serialized by a mutex (libfcgi's requirement) and preceded by
// poll() on the listening socket and a self-pipe, so SIGTERM wakes every idle worker
// without touching the listening socket (which systemd owns under socket activation).
// SECURITY: the socket is created 0660 with a tight umask before listen(), so only the
// owner and nginx's group can connect; a crafted FastCGI record can abort a worker, so
// nothing else may reach it. The body is read up to the configured limit only.
#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <clocale>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "common/app.hpp"
#include "common/log.hpp"

namespace zk {
namespace {

struct Options {
    std::string config_path;
    std::string socket_path;
    int threads = 0;
    bool check_only = false;
};

[[noreturn]] void usage(const std::string& module) {
    std::cerr << "usage: zikao-" << module
              << " [--config FILE] [--socket PATH] [--threads N] [--check]\n"
                 "  --config  configuration file (default $ZIKAO_CONFIG or /etc/zikao/zikao.conf)\n"
                 "  --socket  listen on this unix socket (mode 0660); without it, fd 0 is the\n"
                 "            listening socket (systemd socket activation)\n"
                 "  --threads worker threads, each with one database connection (default: threads)\n"
                 "  --check   load configuration, keys, templates and the database, then exit\n";
    std::exit(2);
}

Options parse_options(int argc, char** argv, const std::string& module) {
    Options o;
    const char* env = std::getenv("ZIKAO_CONFIG");
    o.config_path = env ? env : "/etc/zikao/zikao.conf";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(module);
            return argv[++i];
        };
        if (a == "--config") o.config_path = value();
        else if (a == "--socket") o.socket_path = value();
        else if (a == "--threads") o.threads = std::atoi(value().c_str());
        else if (a == "--check") o.check_only = true;
        else usage(module);
    }
    return o;
}

int open_unix_socket(const std::string& path) {
    sockaddr_un addr{};
    if (path.size() >= sizeof addr.sun_path) throw std::runtime_error("socket path too long: " + path);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    ::unlink(path.c_str());  // a stale socket from a previous run
    mode_t old = ::umask(0117);
    int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::umask(old);
    if (rc != 0 || ::chmod(path.c_str(), 0660) != 0 || ::listen(fd, 256) != 0) {
        int e = errno;
        ::close(fd);
        throw std::runtime_error("cannot listen on " + path + ": " + std::strerror(e));
    }
    return fd;
}

std::string param(FCGX_Request& r, const char* name) {
    const char* v = FCGX_GetParam(name, r.envp);
    return v ? std::string(v) : std::string();  // copied: libfcgi frees it at finish
}

void write_response(FCGX_Request& r, const http::Response& res, bool head) {
    std::string out = "Status: " + std::to_string(res.status) + " " + http::status_reason(res.status) + "\r\n";
    for (const auto& [n, v] : res.headers) out += n + ": " + v + "\r\n";
    out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n\r\n";
    if (!head) out += res.body;
    FCGX_PutStr(out.data(), static_cast<int>(out.size()), r.out);
}

// Builds the Request; returns false when the body exceeds the limit (answered 413
// without reading it: nginx has already buffered it, so nothing is left hanging).
bool read_request(FCGX_Request& r, const App& app, http::Request& req) {
    req.method = param(r, "REQUEST_METHOD");
    req.path = param(r, "DOCUMENT_URI");
    if (req.path.empty()) {
        req.path = param(r, "REQUEST_URI");
        if (auto q = req.path.find('?'); q != std::string::npos) req.path.resize(q);
    }
    req.query = param(r, "QUERY_STRING");
    req.content_type = param(r, "CONTENT_TYPE");
    req.remote_addr = param(r, "REMOTE_ADDR");
    req.user_agent = param(r, "HTTP_USER_AGENT");
    req.https = param(r, "HTTPS") == "on";
    req.cookies = http::parse_cookies(param(r, "HTTP_COOKIE"));
    const std::string cl = param(r, "CONTENT_LENGTH");
    unsigned long long length = cl.empty() ? 0 : std::strtoull(cl.c_str(), nullptr, 10);
    if (length > app.max_body_bytes()) return false;
    req.body.resize(length);
    size_t got = 0;
    while (got < length) {
        int n = FCGX_GetStr(req.body.data() + got, static_cast<int>(length - got), r.in);
        if (n <= 0) break;
        got += static_cast<size_t>(n);
    }
    req.body.resize(got);
    return true;
}

struct Server {
    const App& app;
    int listen_fd;
    int wake_fd;  // read end of the self-pipe: readable once shutdown begins
    std::mutex accept_mutex;
    std::atomic<bool> stopping{false};

    void worker(int index) {
        std::unique_ptr<db::Database> db = app.open_database();
        try {
            db->ensure_connected();
        } catch (const std::exception& e) {
            log::warn("worker.db_unavailable", {{"worker", std::to_string(index)}, {"what", e.what()}});
        }
        FCGX_Request request;
        FCGX_InitRequest(&request, listen_fd, 0);
        while (!stopping) {
            {
                std::lock_guard<std::mutex> lock(accept_mutex);
                pollfd fds[2] = {{listen_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
                int n = ::poll(fds, 2, -1);
                if (n < 0 && errno == EINTR) continue;
                if (stopping || (fds[1].revents & POLLIN)) break;
                if (FCGX_Accept_r(&request) < 0) {
                    if (stopping) break;
                    continue;
                }
            }
            http::Request req;
            http::Response res;
            try {
                if (!read_request(request, app, req)) {
                    res.html(413, "<!doctype html><meta charset=utf-8><p>提交的内容超过大小限制。</p>");
                } else {
                    app.handle(*db, req, res);
                }
            } catch (const std::exception& e) {
                log::error("request.crashed", {{"what", e.what()}});
                res = http::Response{};
                res.text(500, "系统出现错误，请稍后再试。\n");
            }
            write_response(request, res, req.method == "HEAD");
            FCGX_Finish_r(&request);
        }
        FCGX_Free(&request, 0);
    }
};

}  // namespace

int run_module(int argc, char** argv, ModuleDef def) {
    const std::string name = def.name;
    Options opt = parse_options(argc, argv, name);
    log::set_module(name);
    ::signal(SIGPIPE, SIG_IGN);
    // UTF-8 character handling for libraries that consult the locale (libarchive turns
    // the Chinese file names inside archives into wide strings with it).
    std::setlocale(LC_CTYPE, "C.UTF-8");
    try {
        Config config = Config::load(opt.config_path);
        App app(std::move(def), std::move(config));
        int threads = opt.threads > 0 ? opt.threads : static_cast<int>(app.config().get_int("threads", 8));
        if (opt.check_only) {
            app.open_database()->ensure_connected();
            std::cout << "zikao-" << name << ": configuration, keys, " << app.view().template_count()
                      << " templates and database ok\n";
            return 0;
        }

        int listen_fd = 0;
        if (!opt.socket_path.empty()) {
            listen_fd = open_unix_socket(opt.socket_path);
        } else {
            struct stat st{};
            if (::fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode))
                throw std::runtime_error("no --socket given and fd 0 is not a socket (expected systemd socket activation)");
        }
        if (FCGX_Init() != 0) throw std::runtime_error("FCGX_Init failed");

        int pipe_fds[2];
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");

        // Workers must not receive SIGTERM/SIGINT; the main thread waits for them.
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        pthread_sigmask(SIG_BLOCK, &set, nullptr);

        Server server{app, listen_fd, pipe_fds[0], {}, {}};
        std::vector<std::thread> workers;
        for (int i = 0; i < threads; ++i) workers.emplace_back([&server, i] { server.worker(i); });
        log::info("module.started", {{"threads", std::to_string(threads)},
                                     {"socket", opt.socket_path.empty() ? "fd0" : opt.socket_path}});

        int sig = 0;
        sigwait(&set, &sig);
        log::info("module.stopping", {{"signal", std::to_string(sig)}});
        server.stopping = true;
        ssize_t w = ::write(pipe_fds[1], "x", 1);
        (void)w;
        for (auto& t : workers) t.join();
        if (!opt.socket_path.empty()) ::unlink(opt.socket_path.c_str());
        log::info("module.stopped");
        return 0;
    } catch (const std::exception& e) {
        log::error("module.failed", {{"what", e.what()}});
        std::cerr << "zikao-" << name << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace zk
