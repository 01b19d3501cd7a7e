// loadgen.cpp: an open-loop HTTP/1.1 load generator for the overload benchmark
// (tests/bench/overload.sh). wrk is closed loop: when the server slows down, wrk slows
// down with it and never offers more than the server takes. This one offers a fixed
// arrival *rate* whatever the answers do: request i is due at start + i / rate, goes out on
// an idle keep-alive connection (of --connections), and its latency counts from when it
// was due, so waiting for a free connection counts too (no coordinated omission).
//
//   loadgen --url http://127.0.0.1:PORT/PATH --rate R --seconds S [--connections N]
//           [--cookie 'name=value'] [--timeout-ms T] [--probe-seconds P --probe-rate Q
//           --normal-ms M]
//
// After the wave, with --probe-seconds, it keeps sending Q requests/s for P seconds and
// reports when the service answered normally again: the due time (after the end of the
// wave) of the first probe from which on every probe was answered 200 within M ms.
// Output, one fact per line (read by overload.sh):
//   offered: RATE req/s for S s, N connections
//   sent: X completed: Y timeouts: T connect-errors: E closed: C max-client-queue: Q
//   status CODE: count C p50 A ms p99 B ms max D ms retry-after R
//   recovered-after: MS ms   (or "recovered-after: never")
// One thread and epoll; single host, plain HTTP.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Micros = long long;

Micros now_us(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

struct Options {
    std::string host = "127.0.0.1";
    int port = 80;
    std::string path = "/";
    double rate = 100;
    double seconds = 10;
    int connections = 256;
    std::string cookie;
    int timeout_ms = 5000;
    double probe_seconds = 0;
    double probe_rate = 20;
    int normal_ms = 100;
};

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: loadgen --url http://HOST:PORT/PATH --rate R --seconds S [--connections N]\n"
                 "               [--cookie 'name=value'] [--timeout-ms T]\n"
                 "               [--probe-seconds P] [--probe-rate Q] [--normal-ms M]\n");
    std::exit(2);
}

void parse_url(const std::string& url, Options& o) {
    const std::string scheme = "http://";
    if (url.compare(0, scheme.size(), scheme) != 0) usage();
    std::string rest = url.substr(scheme.size());
    auto slash = rest.find('/');
    std::string hostport = rest.substr(0, slash);
    o.path = slash == std::string::npos ? "/" : rest.substr(slash);
    auto colon = hostport.rfind(':');
    o.host = hostport.substr(0, colon);
    if (colon != std::string::npos) o.port = std::atoi(hostport.c_str() + colon + 1);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (i + 1 >= argc) usage();
        std::string v = argv[++i];
        if (a == "--url") parse_url(v, o);
        else if (a == "--rate") o.rate = std::atof(v.c_str());
        else if (a == "--seconds") o.seconds = std::atof(v.c_str());
        else if (a == "--connections") o.connections = std::atoi(v.c_str());
        else if (a == "--cookie") o.cookie = v;
        else if (a == "--timeout-ms") o.timeout_ms = std::atoi(v.c_str());
        else if (a == "--probe-seconds") o.probe_seconds = std::atof(v.c_str());
        else if (a == "--probe-rate") o.probe_rate = std::atof(v.c_str());
        else if (a == "--normal-ms") o.normal_ms = std::atoi(v.c_str());
        else usage();
    }
    if (o.rate <= 0 || o.seconds <= 0 || o.connections <= 0 || o.probe_rate <= 0) usage();
    return o;
}

struct Job {
    Micros due;
    bool probe;
};

struct Conn {
    int fd = -1;
    bool connected = false;
    bool busy = false;
    Job job{};
    Micros sent_at = 0;
    std::string out;
    size_t out_off = 0;
    std::string in;
    Micros retry_at = 0;  // while closed: when to connect again
};

struct Result {
    std::vector<Micros> latencies;
    long retry_after = 0;
};

// What an answer looked like, once complete in `in`: status, whether it had Retry-After,
// whether the server closes, and how many bytes it took (0 while incomplete).
struct Parsed {
    int status = 0;
    bool retry_after = false;
    bool close = false;
    size_t length = 0;
};

bool iequals_prefix(const std::string& s, size_t pos, const char* name) {
    size_t n = std::strlen(name);
    if (pos + n > s.size()) return false;
    for (size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[pos + i])) != name[i]) return false;
    return true;
}

Parsed parse_response(const std::string& in) {
    Parsed p;
    size_t head_end = in.find("\r\n\r\n");
    if (head_end == std::string::npos || in.size() < 12) return p;
    p.status = std::atoi(in.c_str() + 9);
    long content_length = -1;
    bool chunked = false;
    size_t pos = in.find("\r\n") + 2;
    while (pos < head_end) {
        size_t eol = in.find("\r\n", pos);
        if (iequals_prefix(in, pos, "content-length:")) content_length = std::atol(in.c_str() + pos + 15);
        else if (iequals_prefix(in, pos, "retry-after:")) p.retry_after = true;
        else if (iequals_prefix(in, pos, "connection:") && in.compare(pos + 11, 6, " close") == 0) p.close = true;
        else if (iequals_prefix(in, pos, "transfer-encoding:") && in.find("chunked", pos) < eol) chunked = true;
        pos = eol + 2;
    }
    size_t body = head_end + 4;
    if (chunked) {
        size_t at = body;
        for (;;) {
            size_t eol = in.find("\r\n", at);
            if (eol == std::string::npos) return Parsed{};
            size_t size = std::strtoul(in.c_str() + at, nullptr, 16);
            at = eol + 2 + size + 2;
            if (at > in.size()) return Parsed{};
            if (size == 0) {
                p.length = at;
                return p;
            }
        }
    }
    if (content_length < 0) content_length = 0;
    if (in.size() < body + static_cast<size_t>(content_length)) return Parsed{};
    p.length = body + static_cast<size_t>(content_length);
    return p;
}

class Generator {
public:
    explicit Generator(Options o) : o_(std::move(o)) {
        request_ = "GET " + o_.path + " HTTP/1.1\r\nHost: " + o_.host + ":" + std::to_string(o_.port) +
                   "\r\nUser-Agent: zikao-loadgen\r\nAccept: text/html\r\n";
        if (!o_.cookie.empty()) request_ += "Cookie: " + o_.cookie + "\r\n";
        request_ += "\r\n";
        addrinfo hints{};
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (getaddrinfo(o_.host.c_str(), std::to_string(o_.port).c_str(), &hints, &res) != 0 || !res) {
            std::fprintf(stderr, "loadgen: cannot resolve %s\n", o_.host.c_str());
            std::exit(1);
        }
        std::memcpy(&addr_, res->ai_addr, sizeof addr_);
        freeaddrinfo(res);
        ep_ = epoll_create1(EPOLL_CLOEXEC);
        conns_.resize(static_cast<size_t>(o_.connections));
    }

    int run() {
        // The connections first (up to 5 s), so that the wave does not start with a queue.
        start_ = Clock::now();
        for (size_t i = 0; i < conns_.size(); ++i) open(i);
        std::vector<epoll_event> events(conns_.size() + 1);
        while (now_us(start_) < 5000000 &&
               std::any_of(conns_.begin(), conns_.end(), [](const Conn& c) { return c.fd >= 0 && !c.connected; })) {
            int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()), 100);
            for (int k = 0; k < n; ++k) on_event(static_cast<size_t>(events[static_cast<size_t>(k)].data.u64),
                                                 events[static_cast<size_t>(k)].events);
        }
        start_ = Clock::now();
        for (Conn& c : conns_) c.retry_at = 0;
        const Micros wave_end = static_cast<Micros>(o_.seconds * 1e6);
        const Micros probe_end = wave_end + static_cast<Micros>(o_.probe_seconds * 1e6);
        const double wave_gap = 1e6 / o_.rate, probe_gap = 1e6 / o_.probe_rate;
        long wave_i = 0, probe_i = 0;
        for (;;) {
            Micros t = now_us(start_);
            // Every arrival that is due joins the queue (timestamps fixed in advance).
            for (;;) {
                Micros due = static_cast<Micros>(wave_i * wave_gap);
                if (due >= wave_end || due > t) break;
                queue_.push_back({due, false});
                ++wave_i;
            }
            if (o_.probe_seconds > 0)
                for (;;) {
                    Micros due = wave_end + static_cast<Micros>(probe_i * probe_gap);
                    if (due >= probe_end || due > t) break;
                    queue_.push_back({due, true});
                    ++probe_i;
                }
            max_queue_ = std::max(max_queue_, queue_.size());
            dispatch(t);
            if (t - last_expire_ >= 10000) {  // every 10 ms is enough for a timeout of seconds
                expire(t);
                last_expire_ = t;
            }
            bool arrivals_left = static_cast<Micros>(wave_i * wave_gap) < wave_end ||
                                 (o_.probe_seconds > 0 && wave_end + static_cast<Micros>(probe_i * probe_gap) < probe_end);
            if (!arrivals_left && queue_.empty() && busy_ == 0) break;
            Micros next = t + 10000;
            if (static_cast<Micros>(wave_i * wave_gap) < wave_end) next = std::min(next, static_cast<Micros>(wave_i * wave_gap));
            else if (o_.probe_seconds > 0) next = std::min(next, wave_end + static_cast<Micros>(probe_i * probe_gap));
            int wait_ms = static_cast<int>(std::max<Micros>(0, (next - now_us(start_)) / 1000));
            int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()), wait_ms);
            for (int k = 0; k < n; ++k) on_event(static_cast<size_t>(events[static_cast<size_t>(k)].data.u64),
                                                 events[static_cast<size_t>(k)].events);
        }
        report(wave_end);
        return 0;
    }

private:
    void open(size_t i) {
        Conn& c = conns_[i];
        c = Conn{};
        c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        int rc = connect(c.fd, reinterpret_cast<sockaddr*>(&addr_), sizeof addr_);
        if (rc != 0 && errno != EINPROGRESS) {
            ++connect_errors_;
            drop(i, 100000);  // not in a tight loop against a refusing server
            return;
        }
        c.connected = rc == 0;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
        ev.data.u64 = i;
        epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
    }

    // Closes the connection; it is opened again at the next dispatch after `delay`.
    void drop(size_t i, Micros delay = 0) {
        Conn& c = conns_[i];
        if (c.fd >= 0) {
            epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
            ::close(c.fd);
        }
        if (c.busy) --busy_;
        c = Conn{};
        c.retry_at = now_us(start_) + delay;
    }

    void dispatch(Micros t) {
        for (size_t i = 0; i < conns_.size() && !queue_.empty(); ++i) {
            Conn& c = conns_[i];
            if (c.fd < 0) {
                if (t >= c.retry_at) open(i);
                continue;
            }
            if (c.busy || !c.connected) continue;
            c.busy = true;
            ++busy_;
            c.job = queue_.front();
            queue_.pop_front();
            c.sent_at = t;
            c.out = request_;
            c.out_off = 0;
            ++sent_;
            flush(i);
        }
    }

    void expire(Micros t) {
        const Micros limit = static_cast<Micros>(o_.timeout_ms) * 1000;
        for (size_t i = 0; i < conns_.size(); ++i) {
            Conn& c = conns_[i];
            if (c.busy && t - c.job.due > limit) {
                ++timeouts_;
                if (c.job.probe) probes_.push_back({c.job.due, false});
                drop(i);
            }
        }
    }

    void flush(size_t i) {
        Conn& c = conns_[i];
        while (c.out_off < c.out.size()) {
            ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN) return;
                fail(i);
                return;
            }
            c.out_off += static_cast<size_t>(n);
        }
    }

    // The connection broke: a request on it counts as closed (not answered).
    void fail(size_t i) {
        Conn& c = conns_[i];
        if (c.busy) {
            ++closed_;
            if (c.job.probe) probes_.push_back({c.job.due, false});
            drop(i);
        } else if (!c.connected) {
            ++connect_errors_;
            drop(i, 100000);
        } else {
            drop(i);  // an idle keep-alive connection the server closed
        }
    }

    void on_event(size_t i, uint32_t ev) {
        Conn& c = conns_[i];
        if (c.fd < 0) return;
        if (!c.connected && (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                fail(i);
                return;
            }
            c.connected = true;
        }
        if (ev & EPOLLOUT) flush(i);
        if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
            char buf[65536];
            for (;;) {
                ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
                if (n > 0) {
                    c.in.append(buf, static_cast<size_t>(n));
                    continue;
                }
                if (n < 0 && errno == EAGAIN) break;
                // EOF or error: whatever is complete is used below, then the connection goes.
                complete(i);
                if (conns_[i].fd >= 0) fail(i);
                return;
            }
            complete(i);
        }
    }

    void complete(size_t i) {
        Conn& c = conns_[i];
        if (!c.busy) return;
        Parsed p = parse_response(c.in);
        if (p.length == 0) return;
        Micros latency = now_us(start_) - c.job.due;
        Result& r = results_[p.status];
        r.latencies.push_back(latency);
        if (p.retry_after) ++r.retry_after;
        ++completed_;
        if (c.job.probe) probes_.push_back({c.job.due, p.status == 200 && latency <= o_.normal_ms * 1000LL});
        c.in.erase(0, p.length);
        c.busy = false;
        --busy_;
        if (p.close) drop(i);
    }

    static double ms_at(const std::vector<Micros>& sorted, double q) {
        if (sorted.empty()) return 0;
        size_t k = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
        return static_cast<double>(sorted[k]) / 1000.0;
    }

    void report(Micros wave_end) {
        std::printf("offered: %.0f req/s for %.0f s, %d connections\n", o_.rate, o_.seconds, o_.connections);
        std::printf("sent: %ld completed: %ld timeouts: %ld connect-errors: %ld closed: %ld max-client-queue: %zu\n",
                    sent_, completed_, timeouts_, connect_errors_, closed_, max_queue_);
        for (auto& [status, r] : results_) {
            std::sort(r.latencies.begin(), r.latencies.end());
            std::printf("status %d: count %zu p50 %.1f ms p99 %.1f ms max %.1f ms retry-after %ld\n", status,
                        r.latencies.size(), ms_at(r.latencies, 0.5), ms_at(r.latencies, 0.99),
                        ms_at(r.latencies, 1.0), r.retry_after);
        }
        if (o_.probe_seconds > 0) {
            std::sort(probes_.begin(), probes_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            // The first probe after which every probe was normal.
            Micros recovered = -1;
            for (auto it = probes_.rbegin(); it != probes_.rend() && it->second; ++it) recovered = it->first;
            if (recovered < 0 || probes_.empty()) std::printf("recovered-after: never\n");
            else std::printf("recovered-after: %.0f ms\n", static_cast<double>(recovered - wave_end) / 1000.0);
        }
    }

    Options o_;
    std::string request_;
    sockaddr_in addr_{};
    int ep_ = -1;
    Clock::time_point start_;
    std::vector<Conn> conns_;
    std::deque<Job> queue_;
    size_t max_queue_ = 0;
    Micros last_expire_ = 0;
    long busy_ = 0, sent_ = 0, completed_ = 0, timeouts_ = 0, connect_errors_ = 0, closed_ = 0;
    std::map<int, Result> results_;
    std::vector<std::pair<Micros, bool>> probes_;  // due time after start, answered normally
};

}  // namespace

int main(int argc, char** argv) {
    Generator g(parse(argc, argv));
    return g.run();
}
