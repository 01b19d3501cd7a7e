// deliver.hpp: the operator's side of the outbox of messages to examinees (common/domain/notify.hpp).
//   zikao-ctl deliver-messages                      send what is due (zikao-deliver.timer, every 30 s)
//   zikao-ctl send-test-message sms|mail RECIPIENT  queue one test message to check the gateways
#pragma once
#include <string>

#include "common/base/config.hpp"

namespace zk::ctl {

// Sends every due message (oldest first, at most kDeliverBatch per run) through the
// configured transports, each in its own transaction holding the row lock while it is
// sent; prints "messages: N sent, M deferred, K failed, L kept in outbox". Returns 0
// unless the configuration or the database is unusable (then it throws).
int deliver_messages(const Config& config);

// Queues one message with purpose "test"; returns 2 for a recipient that is not an
// 11-digit mobile number (sms) or a plain mail address (mail).
int send_test_message(const Config& config, const std::string& channel, const std::string& recipient);

}  // namespace zk::ctl
