// audit_cmd.hpp: `zikao-ctl audit`, the graduation audit from the command line.
#pragma once
#include <string>
#include <vector>

#include "common/base/config.hpp"

namespace zk::ctl {
// args: TICKET_NO INSTITUTION_CODE MAJOR_CODE [--english CODE,CODE...] [--choose RULE:NEW:OLD[+OLD...]]...
//       [--suggest-english] [--what-if]
int audit_command(const Config& config, const std::vector<std::string>& args);
}  // namespace zk::ctl
