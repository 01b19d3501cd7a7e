// simulator.cpp: plays 学信网 for development and tests. The QR code opens
// /chsi-sim/authorize?state=…, which shows the 学历 学信网 would send for the person the
// authorisation belongs to; 确认授权 signs them with the simulator's Ed25519 key
// (chsi_sim_private.pem) and hands the signed form to the browser, which posts it to
// /verify/chsi/callback.
// Why the browser carries the callback (front channel) instead of a server-to-server
// POST: the simulator does not know the site's public address and port (nginx passes
// neither to the module, and no configuration key names it), and needs no HTTP client.
// This is still honest: the callback trusts only the signature over the exact payload
// bytes and the single-use, expiring state — never who delivered it — so the real
// 学信网's server-to-server delivery reaches the very same handler.
// The real 学信网 knows who scanned from its own real-name APP login; the simulator stands
// in for that by reading the examinee of the pending authorisation from the application's
// database, and its 学历 from sql/demo/chsi_records.csv (config `chsi_sim_records`).
// SECURITY: dev-only (nginx routes /chsi-sim/ only in the dev/test configuration). Its
// pages show ID numbers masked; the plaintext exists only inside the signed payload.
#include "modules/chsisim/simulator.hpp"

#include <ctime>
#include <fstream>

#include "common/domain/chsi.hpp"
#include "common/base/log.hpp"
#include "common/store/chsi_authorizations.hpp"

namespace zk::chsisim {

namespace {
// sql/demo/chsi_records.csv: id_number,name,gender,school,major,level,study_form,category,
// entry_year,graduation_year,conclusion. Read per request: a small demo file that testers
// may edit while the stack runs.
std::vector<chsi::Record> records_for(const Config& config, const std::string& id_number) {
    const std::string path =
        config.get("chsi_sim_records", config.require("templates_dir") + "/../sql/demo/chsi_records.csv");
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the simulator's records " + path);
    std::vector<chsi::Record> out;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> f;
        std::size_t start = 0;
        for (;;) {
            const std::size_t comma = line.find(',', start);
            f.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (f.size() != 11 || f[0] != id_number) continue;
        chsi::Record r{f[1], f[0], f[2], f[3], f[4], f[5], f[6], f[7], std::stoi(f[8]), std::stoi(f[9]), f[10]};
        out.push_back(std::move(r));
    }
    return out;
}

struct Pending {
    std::string id_number;
    std::vector<chsi::Record> records;
};

const char* const kInvalid = "二维码无效，请返回山西自考网重新获取学信网二维码。";

// The pending authorisation named by `state`; refused with 404 when there is none, 410
// when it was completed or has expired.
Pending pending(Context& ctx, const std::string& state) {
    if (!chsi::valid_state(state)) throw Refusal(404, kInvalid);
    const auto a = ctx.db.read(
        [&](pqxx::nontransaction& tx) { return store::chsi_authorizations::for_simulator(tx, state); });
    if (!a) throw Refusal(404, kInvalid);
    if (a->status != "pending" || !a->live)
        throw Refusal(410, "该二维码已失效（已完成授权或已过期），请返回山西自考网重新获取学信网二维码。");
    Pending p;
    p.id_number = ctx.app.cipher().decrypt(a->id_number_enc, "id_number");
    p.records = records_for(ctx.app.config(), p.id_number);
    return p;
}

void add_records(ctemplate::TemplateDictionary& dict, const std::vector<chsi::Record>& records) {
    for (const auto& r : records) {
        auto* row = dict.AddSectionDictionary("RECORD");
        for (const auto& [field, value] : chsi::display_fields(r)) row->SetValue(field, value);
    }
    if (records.empty()) dict.ShowSection("NO_RECORDS");
}
}  // namespace

void show_authorize(Context& ctx) {
    const std::string state = ctx.req.query_params.value("state");
    const Pending p = pending(ctx, state);
    ctemplate::TemplateDictionary dict("chsisim");
    dict.SetValue("STATE", state);
    add_records(dict, p.records);
    ctx.page(200, "学信网（模拟）", "chsisim/authorize.tpl", dict);
}

void confirm_authorize(Context& ctx) {
    const std::string state = ctx.req.form.value("state");
    const Pending p = pending(ctx, state);
    std::optional<chsi::Key> key;
    try {
        key = chsi::Key::load_private(ctx.app.config().require("keys_dir") + "/chsi_sim_private.pem");
    } catch (const chsi::ChsiError& e) {
        log::error("chsisim.private_key", {{"what", e.what()}});
        return ctx.fail(503, "学信网（模拟）未配置签名私钥（chsi_sim_private.pem），无法发送学历信息。");
    }
    chsi::CallbackPayload payload{state, static_cast<long>(std::time(nullptr)), p.records};
    const std::string body = chsi::encode_payload(payload);
    ctemplate::TemplateDictionary dict("chsisim_signed");
    dict.SetValue("STATE", state);
    dict.SetValue("PAYLOAD", body);
    dict.SetValue("SIGNATURE", chsi::sign(body, *key));
    add_records(dict, p.records);
    log::info("chsisim.signed", {{"records", std::to_string(p.records.size())}});
    ctx.page(200, "学信网（模拟）", "chsisim/signed.tpl", dict);
}

}  // namespace zk::chsisim
