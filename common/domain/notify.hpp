// notify.hpp: messages to examinees (SMS to the registered 手机号, e-mail to the registered
// address), queued in the same transaction as the event that causes them, so a message
// exists exactly when its event committed. Delivery happens afterwards, outside any
// request (zikao-ctl deliver-messages, run by zikao-deliver.timer in production), through
// the transports named in the configuration (`sms_gateway`, `mail_transport`); the
// development stand-in `outbox` keeps them in the table, shown at /dev/outbox.
// SECURITY: recipient and body are stored encrypted (a body may hold a one-time link);
// never logged. Trusts the caller for the recipient (read from the examinee's own row).
#pragma once
#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "common/base/crypto.hpp"
#include "common/base/db.hpp"

namespace zk::notify {

enum class Channel { Sms, Mail };

struct Message {
    Channel channel = Channel::Sms;
    std::string purpose;    // e.g. "reset_requested"; for the outbox page and the logs
    std::int64_t examinee_id = 0;
    std::string recipient;  // 11-digit phone or e-mail address
    std::string subject;    // mail only
    std::string body;
};

// FieldCipher contexts of the two encrypted columns.
inline constexpr const char* kRecipientContext = "outbox_recipient";
inline constexpr const char* kBodyContext = "outbox_body";

// Queues the message in the caller's transaction; returns its id.
std::int64_t enqueue(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const Message& message);

const char* channel_name(Channel channel);  // "sms" / "mail"

}  // namespace zk::notify
