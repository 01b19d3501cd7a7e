// deliver.cpp: delivery of the outbox (outbound_messages, written by common/domain/notify.cpp in
// the transaction of the event that causes a message).
//
// One message = one transaction: SELECT … FOR UPDATE SKIP LOCKED claims the oldest due
// message, it is handed to its transport while the row stays locked, and the outcome is
// written before COMMIT. Two runs (two hosts, or a manual run beside the timer) therefore
// never send one message twice: the second skips the locked row. What remains is the
// at-least-once window every outbox has: if the process dies or the database goes away
// between the transport's "accepted" and COMMIT, the message is sent again by a later
// run (the SMS gateway gets the same Idempotency-Key each time and may drop the copy).
// A failure is retried with exponential back-off (1, 2, 4 … minutes, at most an hour);
// after kMaxAttempts attempts, or at once when retrying cannot help, the message is given
// up (failed_at). A channel whose transport is `outbox` (development) is not touched.
//
// SECURITY: trusts the configuration and the database. Recipients and bodies are
// decrypted only to be handed to the transport; logs and last_error carry the message
// id, channel, purpose and a short error text, never an address, a number or a text.
#include "modules/ctl/deliver.hpp"

#include <algorithm>
#include <iostream>

#include "common/base/crypto.hpp"
#include "common/base/db.hpp"
#include "common/base/log.hpp"
#include "common/domain/notify.hpp"
#include "common/domain/stand_ins.hpp"
#include "common/domain/validate.hpp"
#include "common/store/outbound_messages.hpp"
#include "modules/ctl/commands.hpp"
#include "modules/ctl/mail_format.hpp"
#include "modules/ctl/transport.hpp"

namespace zk::ctl {
namespace {
namespace outbox = store::outbound_messages;

constexpr int kDeliverBatch = 500;     // messages handled per run; the timer comes back in 30 s
constexpr int kMaxAttempts = 10;       // 1+2+4+…+60 minutes: given up about 4½ hours after the first try
constexpr int kFirstRetrySeconds = 60;
constexpr int kLongestRetrySeconds = 3600;
// A gateway that fails this many times in a row is left alone for the rest of the run,
// so an outage costs three timeouts per run instead of one per queued message.
constexpr int kPauseChannelAfter = 3;

const char* const kTestText = "山西省高等教育自学考试毕业网上申请：这是一条测试消息。";
const char* const kTestSubject = "山西省高等教育自学考试毕业网上申请：测试邮件";

// Seconds until the next attempt after `attempts` failed ones (1 → 60 s, 2 → 120 s, …).
int retry_delay(int attempts) {
    const int doublings = std::clamp(attempts - 1, 0, 6);  // 60 s · 2^6 is past the cap already
    return std::min(kFirstRetrySeconds << doublings, kLongestRetrySeconds);
}

enum class Outcome { Nothing, Sent, Deferred, Failed };

struct Step {
    Outcome outcome = Outcome::Nothing;
    std::string channel;
};

struct Channels {
    Transport* sms = nullptr;   // nullptr: `outbox`, or paused for the rest of this run
    Transport* mail = nullptr;
    Transport* of(const std::string& channel) const { return channel == "sms" ? sms : mail; }
};

// Claims, sends and records one due message; Outcome::Nothing when none is due.
Step deliver_one(db::Database& database, const crypto::FieldCipher& cipher, const Channels& channels) {
    // attempts = 1: a retried transaction would send the message a second time.
    return database.write(
        [&](pqxx::work& tx) {
            const auto due = outbox::claim_due(tx, channels.sms != nullptr, channels.mail != nullptr);
            if (!due) return Step{};
            OutgoingMessage message;
            message.id = due->id;
            Step step{Outcome::Sent, due->channel};
            const std::string& purpose = due->purpose;
            const int attempts = due->attempts + 1;
            SendResult result;
            try {
                message.recipient = cipher.decrypt(due->recipient_enc, notify::kRecipientContext);
                message.body = cipher.decrypt(due->body_enc, notify::kBodyContext);
                message.subject = due->subject;
                result = channels.of(step.channel)->send(message);
            } catch (const crypto::CryptoError&) {
                // A damaged row or the wrong data.key: retried, so a key mix-up that the
                // operator fixes within the back-off loses nothing.
                result = {false, false, "cannot decrypt the message (data.key?)"};
            }
            const std::string id = std::to_string(message.id);
            if (result.ok) {
                outbox::mark_sent(tx, message.id);
                log::info("deliver.sent", {{"id", id}, {"channel", step.channel}, {"purpose", purpose}});
            } else if (result.permanent || attempts >= kMaxAttempts) {
                step.outcome = Outcome::Failed;
                outbox::mark_failed(tx, message.id, result.error);
                log::warn("deliver.given_up", {{"id", id}, {"channel", step.channel}, {"purpose", purpose},
                                               {"attempts", std::to_string(attempts)}, {"error", result.error}});
            } else {
                step.outcome = Outcome::Deferred;
                const int delay = retry_delay(attempts);
                outbox::mark_deferred(tx, message.id, result.error, delay);
                log::warn("deliver.deferred", {{"id", id}, {"channel", step.channel}, {"purpose", purpose},
                                               {"attempts", std::to_string(attempts)},
                                               {"retry_in_s", std::to_string(delay)}, {"error", result.error}});
            }
            return step;
        },
        1);
}

bool plausible_recipient(const std::string& channel, const std::string& recipient) {
    return channel == "sms" ? validate::is_mobile_phone(recipient) : plausible_mail_address(recipient);
}

}  // namespace

int deliver_messages(const Config& config) {
    stand_ins::refuse_in_production(config);
    const CurlLibrary curl;
    const std::unique_ptr<Transport> sms = make_sms_transport(config);
    const std::unique_ptr<Transport> mail = make_mail_transport(config);
    const crypto::FieldCipher cipher = field_cipher(config);
    db::Database database(config.require("database"));

    Channels live{sms.get(), mail.get()};
    int sent = 0, deferred = 0, failed = 0;
    int failures_in_a_row[2] = {0, 0};  // sms, mail
    for (int handled = 0; handled < kDeliverBatch && (live.sms || live.mail); ++handled) {
        const Step step = deliver_one(database, cipher, live);
        if (step.outcome == Outcome::Nothing) break;
        int& streak = failures_in_a_row[step.channel == "sms" ? 0 : 1];
        switch (step.outcome) {
            case Outcome::Sent: ++sent; streak = 0; break;
            case Outcome::Failed: ++failed; break;
            case Outcome::Deferred: ++deferred; ++streak; break;
            case Outcome::Nothing: break;
        }
        if (streak >= kPauseChannelAfter) {
            (step.channel == "sms" ? live.sms : live.mail) = nullptr;
            streak = 0;
            std::cerr << "deliver-messages: the " << step.channel << " transport failed " << kPauseChannelAfter
                      << " times in a row; its other messages wait for the next run\n";
        }
    }
    const long kept = database.read([&](pqxx::nontransaction& tx) {
        return outbox::count_waiting(tx, sms == nullptr, mail == nullptr);
    });
    std::cout << "messages: " << sent << " sent, " << deferred << " deferred, " << failed << " failed, " << kept
              << " kept in outbox\n";
    return 0;
}

int send_test_message(const Config& config, const std::string& channel, const std::string& recipient) {
    if (channel != "sms" && channel != "mail") {
        std::cerr << "zikao-ctl send-test-message: the channel is sms or mail\n";
        return 2;
    }
    // The recipient is not echoed: it is personal data and ends up in terminal logs.
    if (!plausible_recipient(channel, recipient)) {
        std::cerr << "zikao-ctl send-test-message: "
                  << (channel == "sms" ? "the recipient is not an 11-digit mobile number"
                                       : "the recipient is not a plain mail address (one '@', no spaces, CR or LF)")
                  << "; nothing was queued\n";
        return 2;
    }
    // The delivery run refuses a configuration with stand-ins in production: say so now,
    // not after the operator has waited for a message that cannot come.
    stand_ins::refuse_in_production(config);
    notify::Message message;
    message.channel = channel == "sms" ? notify::Channel::Sms : notify::Channel::Mail;
    message.purpose = "test";
    message.recipient = recipient;
    message.subject = channel == "mail" ? kTestSubject : "";
    message.body = kTestText;
    const crypto::FieldCipher cipher = field_cipher(config);
    db::Database database(config.require("database"));
    const std::int64_t id =
        database.write([&](pqxx::work& tx) { return notify::enqueue(tx, cipher, message); });
    const bool outbox = config.get(channel == "sms" ? "sms_gateway" : "mail_transport", "outbox") == "outbox";
    std::cout << "queued message " << id << " (" << channel << ", purpose test); "
              << (outbox ? "the transport is outbox: it stays in the table (dev page /dev/outbox)"
                         : "the next deliver-messages run sends it (zikao-deliver.timer, within a minute)")
              << "\n";
    return 0;
}

}  // namespace zk::ctl
