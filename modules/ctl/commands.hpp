// commands.hpp: the sub-commands of zikao-ctl, one function each, and what they share.
#pragma once
#include <string>

#include "common/base/config.hpp"
#include "common/base/crypto.hpp"

namespace zk::ctl {
int keygen(const std::string& key_dir, bool with_chsi_simulator);
int migrate(const Config& config, const std::string& sql_dir, bool status_only);
int load_demo(const Config& config, const std::string& demo_dir);
// Expired sessions, limit_events older than 2 days, messages sent or given up more than
// 30 days ago (the clean-up timer).
int purge_sessions(const Config& config);
// The field cipher from keys_dir (data.key, index.key).
crypto::FieldCipher field_cipher(const Config& config);
}  // namespace zk::ctl
