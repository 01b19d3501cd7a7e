// fcgi_server.cpp: the outermost adapter between libfcgi and App::handle().
// One process, N worker threads, each with its own FCGX_Request and its own database
// connection. Accepting is serialized by a mutex (libfcgi's requirement) and preceded by
// poll() on the listening socket and a self-pipe, so SIGTERM wakes every idle worker
// without touching the listening socket (which systemd owns under socket activation).
// SECURITY: the socket is created 0660 with a tight umask before listen(), so only the
// owner and nginx's group can connect; a crafted FastCGI record can abort a worker, so
// nothing else may reach it. The body is read up to the configured limit only.
// With --listen HOST:PORT (several application hosts behind one nginx, OPS-5) the
// socket is TCP; then FCGI_WEB_SERVER_ADDRS must name the web server(s): libfcgi 2.4.2
// checks every accepted IPv4 peer against it inside FCGX_Accept_r (OS_Accept ->
// ClientAddrOK) before reading a byte, and closes connections from anyone else. Its
// check is skipped for non-IPv4 peers, so an IPv6 listening socket is refused.
#include <fcgiapp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
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

#include "common/web/app.hpp"
#include "common/base/log.hpp"

namespace zk {
namespace {

struct Options {
    std::string config_path;
    std::string socket_path;
    std::string listen_addr;  // --listen HOST:PORT (IPv4)
    int threads = 0;
    bool check_only = false;
    bool routes_only = false;
};

[[noreturn]] void usage(const std::string& module) {
    std::cerr << "usage: zikao-" << module
              << " [--config FILE] [--socket PATH | --listen HOST:PORT] [--threads N] [--check] | --routes\n"
                 "  --config  configuration file (default $ZIKAO_CONFIG or /etc/zikao/zikao.conf)\n"
                 "  --socket  listen on this unix socket (mode 0660); without --socket or --listen,\n"
                 "            fd 0 is the listening socket (systemd socket activation)\n"
                 "  --listen  listen on TCP HOST:PORT (an IPv4 address, or 0.0.0.0) for a web server\n"
                 "            on another host; FCGI_WEB_SERVER_ADDRS (comma-separated IPv4 addresses)\n"
                 "            must name the web server(s) unless HOST is a loopback address\n"
                 "  --threads worker threads, each with one database connection (default: <module>.threads, else\n"
                 "            the module's own default, else threads)\n"
                 "  --check   load configuration, keys, templates and the database, then exit\n"
                 "  --routes  print the routes for nginx (METHOD PATH MAX_BODY_BYTES RATE_ZONE BURST per\n"
                 "            line; read by nginx/locations.sh) and exit; needs no configuration\n";
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
        else if (a == "--listen") o.listen_addr = value();
        else if (a == "--threads") o.threads = std::atoi(value().c_str());
        else if (a == "--check") o.check_only = true;
        else if (a == "--routes") o.routes_only = true;
        else usage(module);
    }
    if (!o.socket_path.empty() && !o.listen_addr.empty()) {
        std::cerr << "zikao-" << module << ": --socket and --listen are mutually exclusive\n";
        usage(module);
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

// "HOST:PORT" with HOST an IPv4 literal (0.0.0.0 for every address) and PORT 1-65535.
sockaddr_in parse_listen_address(const std::string& text) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    const auto colon = text.rfind(':');
    const std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
    const std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
    bool ok = !port.empty() && port.size() <= 5 &&
              port.find_first_not_of("0123456789") == std::string::npos &&
              ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) == 1;
    const unsigned long n = ok ? std::stoul(port) : 0;
    if (!ok || n == 0 || n > 65535)
        throw std::runtime_error("--listen wants IPV4-ADDRESS:PORT (for example 10.0.0.11:9001), not " + text);
    addr.sin_port = htons(static_cast<uint16_t>(n));
    return addr;
}

bool is_loopback(const in_addr& a) { return (ntohl(a.s_addr) >> 24) == 127; }

// FCGI_WEB_SERVER_ADDRS as libfcgi reads it: IPv4 literals separated by commas, no
// spaces. libfcgi treats unset or empty as "anyone may connect"; a malformed entry
// would silently match nothing, so both are reported here, before anything listens.
// Returns the list ("" when unset or empty).
std::string web_server_addrs() {
    const char* env = std::getenv("FCGI_WEB_SERVER_ADDRS");
    const std::string list = env ? env : "";
    size_t start = 0;
    while (!list.empty()) {
        const size_t comma = list.find(',', start);
        const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        in_addr a{};
        if (::inet_pton(AF_INET, item.c_str(), &a) != 1)
            throw std::runtime_error("FCGI_WEB_SERVER_ADDRS must be IPv4 addresses separated by commas "
                                     "(no spaces); bad entry: \"" + item + "\"");
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return list;
}

// A TCP listening socket that is not loopback-only must come with the web server's
// addresses, and must be IPv4 (libfcgi does not check IPv6 peers at all).
void require_web_server_addrs(const sockaddr_storage& bound, const std::string& addrs) {
    if (bound.ss_family == AF_INET6)
        throw std::runtime_error("the listening socket is IPv6, where libfcgi cannot enforce "
                                 "FCGI_WEB_SERVER_ADDRS: listen on an IPv4 address");
    if (bound.ss_family != AF_INET) return;  // a unix socket: file permissions guard it
    sockaddr_in in{};
    std::memcpy(&in, &bound, sizeof in);
    if (addrs.empty() && !is_loopback(in.sin_addr))
        throw std::runtime_error("a FastCGI port open to the network must name the web server: "
                                 "set FCGI_WEB_SERVER_ADDRS");
}

// Non-blocking on purpose: libfcgi closes a connection from an address outside
// FCGI_WEB_SERVER_ADDRS and calls accept() again; on a blocking socket that second
// accept() would hold the accept mutex and ignore the shutdown pipe until the next
// connection. Non-blocking, it fails with EAGAIN, FCGX_Accept_r returns < 0 and the
// worker goes back to poll(). Accepted sockets do not inherit O_NONBLOCK.
int open_tcp_socket(const std::string& text) {
    sockaddr_in addr = parse_listen_address(text);
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 256) != 0) {
        int e = errno;
        ::close(fd);
        throw std::runtime_error("cannot listen on " + text + ": " + std::strerror(e));
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
    const int def_threads = def.default_threads;
    const auto background = def.background;
    Options opt = parse_options(argc, argv, name);
    if (opt.routes_only) {
        try {
            std::cout << route_listing(def);
            return 0;
        } catch (const std::exception& e) {
            std::cerr << "zikao-" << name << ": " << e.what() << "\n";
            return 1;
        }
    }
    log::set_module(name);
    ::signal(SIGPIPE, SIG_IGN);
    // UTF-8 character handling for libraries that consult the locale (libarchive turns
    // the Chinese file names inside archives into wide strings with it).
    std::setlocale(LC_CTYPE, "C.UTF-8");
    try {
        Config config = Config::load(opt.config_path);
        App app(std::move(def), std::move(config));
        // --threads, then `<module>.threads`, then the module's own default, then `threads`.
        const long shared_threads = app.config().get_int("threads", 8);
        const long module_threads = app.config().get_int(name + ".threads", def_threads > 0 ? def_threads : shared_threads);
        int threads = opt.threads > 0 ? opt.threads : static_cast<int>(module_threads);
        if (opt.check_only) {
            app.open_database()->ensure_connected();
            std::cout << "zikao-" << name << ": configuration, keys, " << app.view().template_count()
                      << " templates and database ok\n";
            return 0;
        }

        int listen_fd = 0;
        const std::string allowed = web_server_addrs();
        std::string where = "fd0";
        if (!opt.socket_path.empty()) {
            listen_fd = open_unix_socket(opt.socket_path);
            where = opt.socket_path;
        } else if (!opt.listen_addr.empty()) {
            const sockaddr_in addr = parse_listen_address(opt.listen_addr);
            sockaddr_storage bound{};
            std::memcpy(&bound, &addr, sizeof addr);
            require_web_server_addrs(bound, allowed);  // before anything listens
            listen_fd = open_tcp_socket(opt.listen_addr);
            where = "tcp:" + opt.listen_addr;
        } else {
            struct stat st{};
            if (::fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode))
                throw std::runtime_error("no --socket or --listen given and fd 0 is not a socket (expected systemd socket activation)");
            // systemd's ListenStream=ADDRESS:PORT hands over a TCP socket: same rules.
            sockaddr_storage bound{};
            socklen_t len = sizeof bound;
            if (::getsockname(0, reinterpret_cast<sockaddr*>(&bound), &len) == 0) {
                require_web_server_addrs(bound, allowed);
                if (bound.ss_family == AF_INET) {
                    // Non-blocking for the reason given at open_tcp_socket().
                    int flags = ::fcntl(0, F_GETFL);
                    if (flags < 0 || ::fcntl(0, F_SETFL, flags | O_NONBLOCK) != 0)
                        throw std::runtime_error(std::string("fcntl on fd 0: ") + std::strerror(errno));
                    where = "fd0 (tcp)";
                }
            }
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
        // The session cache's subscription to every host's changes (the cache serves only
        // while it holds).
        workers.emplace_back([&server] {
            try {
                server.app.listen_for_session_changes(server.stopping);
            } catch (const std::exception& e) {
                log::error("session_cache.listener_failed", {{"what", e.what()}});
            }
        });
        if (background) {
            workers.emplace_back([&server, &background] {
                try {
                    background(server.app, server.stopping);
                } catch (const std::exception& e) {
                    log::error("module.background_failed", {{"what", e.what()}});
                }
            });
        }
        log::info("module.started", {{"threads", std::to_string(threads)},
                                     {"socket", where},
                                     {"web_server_addrs", allowed.empty() ? "-" : allowed}});

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
