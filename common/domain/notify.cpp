// notify.cpp: see notify.hpp. The row itself is written by common/store/outbound_messages.
#include "common/domain/notify.hpp"

#include "common/store/outbound_messages.hpp"

namespace zk::notify {

const char* channel_name(Channel channel) { return channel == Channel::Sms ? "sms" : "mail"; }

std::int64_t enqueue(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const Message& m) {
    store::outbound_messages::NewMessage row;
    row.channel = channel_name(m.channel);
    row.purpose = m.purpose;
    row.examinee_id = m.examinee_id;
    row.recipient_enc = cipher.encrypt(m.recipient, kRecipientContext);
    row.subject = m.subject;
    row.body_enc = cipher.encrypt(m.body, kBodyContext);
    return store::outbound_messages::insert(tx, row);
}

}  // namespace zk::notify
