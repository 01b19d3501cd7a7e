// stand_ins.cpp: see stand_ins.hpp.
#include "common/domain/stand_ins.hpp"

#include <vector>

namespace zk::stand_ins {

bool development(const Config& config) { return config.get_bool("development_stand_ins", false); }

std::string public_base_url(const Config& config) {
    std::string url = config.get("public_base_url");
    while (!url.empty() && url.back() == '/') url.pop_back();
    const bool scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
    const std::size_t host_at = url.find("://") + 3;
    if (url.empty() || !scheme || url.size() <= host_at ||
        url.find_first_of("/?#@ \t\"'<>\\", host_at) != std::string::npos)
        throw ConfigError("public_base_url must be the site's origin, e.g. https://bysq.sxkszx.cn (links in SMS and "
                          "e-mail are built from it)");
    return url;
}

void refuse_in_production(const Config& config) {
    struct Choice {
        const char* key;
        const char* fallback;
        std::vector<std::string> real;        // production values
        std::vector<std::string> stand_ins;   // development values
    };
    const Choice choices[] = {
        {"identity_verifier", "manual", {"manual"}, {"local"}},
        {"sms_gateway", "outbox", {"http"}, {"outbox"}},
        {"mail_transport", "outbox", {"smtp"}, {"outbox"}},
    };
    std::string problems;
    for (const Choice& c : choices) {
        const std::string value = config.get(c.key, c.fallback);
        bool known = false, stand_in = false;
        for (const auto& v : c.real) known = known || v == value;
        for (const auto& v : c.stand_ins) {
            known = known || v == value;
            stand_in = stand_in || v == value;
        }
        if (!known) {
            problems += std::string("; ") + c.key + " = " + value + " is unknown";
        } else if (stand_in && !development(config)) {
            problems += std::string("; ") + c.key + " = " + value + " is a development stand-in";
        }
    }
    // 学信网: without chsi_authorize_url the QR code points at the dev simulator, a 404 in production.
    if (config.get("chsi_authorize_url").empty() && !development(config))
        problems += "; chsi_authorize_url is not set (the 学信网 simulator is a development stand-in)";
    else if (!config.get("chsi_authorize_url").empty() && config.get("chsi_authorize_url").rfind("https://", 0) != 0 &&
             !development(config))
        problems += "; chsi_authorize_url must be an https:// address of 学信网";
    if (!problems.empty())
        throw ConfigError("refusing to start: " + problems.substr(2) +
                          " (production needs identity_verifier = manual, sms_gateway = http, mail_transport = smtp and "
                          "chsi_authorize_url; "
                          "development_stand_ins = true is for the dev and test stacks only)");
    public_base_url(config);
}

}  // namespace zk::stand_ins
