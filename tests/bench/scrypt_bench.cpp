// scrypt_bench.cpp: the raw rate of password verifications with the project's own
// parameters (crypto::ScryptParams defaults, crypto::verify_password, as a login does) on
// THREADS threads at once (default: every core), for SECONDS. The ceiling that logins/s
// through HTTP are compared with (tests/bench/login_scale.sh).
//   scrypt-bench [--threads N] [--seconds S]
// Prints "scrypt: RATE verifications/s on N threads (N=.. r=.. p=..; COUNT in S s)".
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "common/base/crypto.hpp"

int main(int argc, char** argv) {
    unsigned threads = std::thread::hardware_concurrency();
    double seconds = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--threads") threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
        else if (a == "--seconds") seconds = std::atof(argv[i + 1]);
        else {
            std::fprintf(stderr, "usage: scrypt-bench [--threads N] [--seconds S]\n");
            return 2;
        }
    }
    if (threads == 0) threads = 1;
    const zk::crypto::ScryptParams params;
    const std::string stored = zk::crypto::hash_password("Zikao@2025", params);
    std::atomic<bool> stop{false};
    std::atomic<long> count{0};
    std::atomic<bool> wrong{false};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            while (!stop) {
                if (!zk::crypto::verify_password("Zikao@2025", stored)) wrong = true;
                ++count;
            }
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : pool) t.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (wrong) {
        std::fprintf(stderr, "scrypt-bench: a verification failed\n");
        return 1;
    }
    std::printf("scrypt: %.1f verifications/s on %u threads (N=%llu r=%u p=%u; %ld in %.1f s)\n",
                static_cast<double>(count) / elapsed, threads, static_cast<unsigned long long>(params.N), params.r,
                params.p, count.load(), elapsed);
    return 0;
}
