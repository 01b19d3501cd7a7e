// notify.cpp: see notify.hpp.
#include "common/domain/notify.hpp"

namespace zk::notify {

const char* channel_name(Channel channel) { return channel == Channel::Sms ? "sms" : "mail"; }

db::Statements statements() {
    return {
        {"notify_enqueue",
         "INSERT INTO outbound_messages (channel, purpose, examinee_id, recipient_enc, subject, body_enc) "
         "VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6) RETURNING id"},
    };
}

std::int64_t enqueue(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const Message& m) {
    auto r = tx.exec_prepared("notify_enqueue", channel_name(m.channel), m.purpose, m.examinee_id,
                              db::bytes(cipher.encrypt(m.recipient, kRecipientContext)), m.subject,
                              db::bytes(cipher.encrypt(m.body, kBodyContext)));
    return r[0][0].as<std::int64_t>();
}

}  // namespace zk::notify
