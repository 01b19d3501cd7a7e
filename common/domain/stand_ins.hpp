// stand_ins.hpp: the development stand-ins for outside services, and the rule that keeps
// them out of production. A stand-in (the `local` identity verifier that judges pictures
// by brightness, the `outbox` SMS gateway and mail transport that deliver nothing) is
// accepted only when the configuration says `development_stand_ins = true`, which only
// the dev and test stacks write. Every module and zikao-ctl's delivery check this at
// start, so a production install with a stand-in refuses to start instead of running on
// one. A production install must also name its public address (`public_base_url`, the
// https origin written into links sent by SMS and e-mail; never taken from a request's
// Host header).
// SECURITY: fail closed: an unknown value is refused, a missing one falls back to the
// stand-in and is therefore refused in production too.
#pragma once
#include <string>

#include "common/base/config.hpp"

namespace zk::stand_ins {

// Throws ConfigError naming every stand-in configured without the development switch.
void refuse_in_production(const Config& config);

bool development(const Config& config);  // development_stand_ins = true

// The origin for links in messages ("https://zk.example.cn"), without a trailing slash.
// Throws ConfigError when it is missing or not an http(s) origin.
std::string public_base_url(const Config& config);

}  // namespace zk::stand_ins
