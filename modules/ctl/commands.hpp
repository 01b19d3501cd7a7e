// commands.hpp: the sub-commands of zikao-ctl, one function each.
#pragma once
#include <string>

#include "common/config.hpp"

namespace zk::ctl {
int keygen(const std::string& key_dir, bool with_chsi_simulator);
int migrate(const Config& config, const std::string& sql_dir, bool status_only);
int load_demo(const Config& config, const std::string& demo_dir);
int purge_sessions(const Config& config);
}  // namespace zk::ctl
