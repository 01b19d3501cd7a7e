// notifier.cpp: the sandbox's asynchronous notifications, as a real provider sends them.
// A thread of the module (ModuleDef::background) with its own database connection: every
// half second it claims a few due notifications (FOR UPDATE SKIP LOCKED), POSTs each
// stored body to its notify_url and records the attempt in the same transaction: the HTTP
// status, the start of the answer, and acknowledged_at when the answer is the channel's
// acceptance (payment::acknowledged). Otherwise the next attempt waits 1, 2, 4, 8 … s, at
// most 60 s, until 20 attempts have been made. A database or network failure is logged
// and tried again after a pause; the thread ends within about a second of `stopping`
// (after the POST in flight, which http_client bounds).
// SECURITY: the URL and body were signed and stored at 支付; plain http is allowed because
// the sandbox exists only in development, where the merchant listens on http://127.0.0.1.
#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "common/base/http_client.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/domain/payment_protocol.hpp"
#include "common/domain/stand_ins.hpp"
#include "common/store/paysim_trades.hpp"
#include "modules/paysim/handlers.hpp"

namespace zk::paysim {

namespace {
namespace trades = store::paysim_trades;

constexpr int kBatch = 5;
constexpr int kMaxAttempts = 20;
constexpr int kLongestRetrySeconds = 60;
constexpr std::size_t kAnswerPrefixBytes = 200;
constexpr auto kIdle = std::chrono::milliseconds(500);
constexpr auto kAfterFailure = std::chrono::seconds(2);

// Seconds until the next attempt after `attempts` unacknowledged ones (1 → 1 s, 2 → 2 s, …).
int retry_delay(int attempts) {
    const int doublings = std::min(std::max(attempts - 1, 0), 6);  // 2^6 is past the cap already
    return std::min(1 << doublings, kLongestRetrySeconds);
}

// The start of an answer as storable text: whole UTF-8 characters up to the first byte that
// is not one (or a NUL), at most kAnswerPrefixBytes.
std::string answer_prefix(std::string_view answer) {
    std::size_t i = 0, kept = 0;
    while (i < answer.size()) {
        const auto c = strings::decode_one(answer, i);
        if (!c || *c == 0 || i > kAnswerPrefixBytes) break;
        kept = i;
    }
    return std::string(answer.substr(0, kept));
}

// Sleeps up to `how_long`, waking early once stopping turns true.
template <typename Duration>
void pause(const std::atomic<bool>& stopping, Duration how_long) {
    const auto until = std::chrono::steady_clock::now() + how_long;
    while (!stopping && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

// One batch in one transaction; returns how many notifications were due.
int deliver_batch(db::Database& database, const std::atomic<bool>& stopping) {
    // attempts = 1: retrying the transaction would POST the notifications a second time.
    return database.write(
        [&](pqxx::work& tx) {
            const auto due = trades::claim_due(tx, kBatch, kMaxAttempts);
            for (const trades::Due& d : due) {
                if (stopping) break;  // the rest stay due, for the next start
                const auto channel = payment::channel_of(d.channel);
                const http_client::Answer a = http_client::post(d.url, d.body, "application/x-www-form-urlencoded",
                                                                /*allow_plain_http=*/true, "zikao-paysim/1");
                const bool acknowledged = a.ok && channel && payment::acknowledged(*channel, a.status, a.body);
                const int attempts = d.attempts + 1;
                const int delay = retry_delay(attempts);
                trades::record_attempt(tx, d.id, a.ok ? a.status : 0, answer_prefix(a.ok ? a.body : a.error),
                                       acknowledged, delay);
                log::info(acknowledged ? "paysim.notified" : "paysim.notify_unacknowledged",
                          {{"notification", std::to_string(d.id)},
                           {"attempts", std::to_string(attempts)},
                           {"status", a.ok ? std::to_string(a.status) : "-"},
                           {"retry_in_s", acknowledged ? "-" : std::to_string(delay)}});
            }
            return static_cast<int>(due.size());
        },
        1);
}
}  // namespace

void deliver_notifications(const App& app, const std::atomic<bool>& stopping) {
    if (!stand_ins::development(app.config())) return;  // a dev stand-in, like every route
    const std::unique_ptr<db::Database> database = app.open_database();
    log::info("paysim.notifier_started");
    while (!stopping) {
        try {
            // A full batch: more may be due at once.
            if (deliver_batch(*database, stopping) < kBatch) pause(stopping, kIdle);
        } catch (const std::exception& e) {
            log::warn("paysim.notifier_failed", {{"what", e.what()}});
            pause(stopping, kAfterFailure);
        }
    }
    log::info("paysim.notifier_stopped");
}

}  // namespace zk::paysim
