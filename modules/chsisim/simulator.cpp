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
#include "common/domain/validate.hpp"

namespace zk::chsisim {

db::Statements statements() {
    return {
        {"sim_authorization",
         "SELECT a.status, a.expires_at > now() AS live, e.id_number_enc "
         "FROM chsi_authorizations a JOIN examinees e ON e.id = a.examinee_id WHERE a.state = $1"},
    };
}

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

// The pending authorisation named by `state`, or an error page already sent.
std::optional<Pending> pending(Context& ctx, const std::string& state) {
    if (!chsi::valid_state(state)) {
        ctx.fail(404, "二维码无效，请返回山西自考网重新获取学信网二维码。");
        return std::nullopt;
    }
    auto r = ctx.db.read([&](pqxx::nontransaction& tx) { return tx.exec_prepared("sim_authorization", state); });
    if (r.empty()) {
        ctx.fail(404, "二维码无效，请返回山西自考网重新获取学信网二维码。");
        return std::nullopt;
    }
    if (r[0]["status"].as<std::string>() != "pending" || !r[0]["live"].as<bool>()) {
        ctx.fail(410, "该二维码已失效（已完成授权或已过期），请返回山西自考网重新获取学信网二维码。");
        return std::nullopt;
    }
    Pending p;
    p.id_number = ctx.app.cipher().decrypt(db::bytes_of(r[0]["id_number_enc"]), "id_number");
    p.records = records_for(ctx.app.config(), p.id_number);
    return p;
}

void add_records(ctemplate::TemplateDictionary& dict, const std::vector<chsi::Record>& records) {
    for (const auto& r : records) {
        auto* row = dict.AddSectionDictionary("RECORD");
        row->SetValue("NAME", r.name);
        row->SetValue("ID_NUMBER", validate::mask_id_number(r.id_number));
        row->SetValue("GENDER", chsi::gender_label(r.gender));
        row->SetValue("SCHOOL", r.school);
        row->SetValue("MAJOR", r.major);
        row->SetValue("LEVEL", r.level);
        row->SetValue("STUDY_FORM", r.study_form);
        row->SetValue("CATEGORY", r.category);
        row->SetIntValue("ENTRY_YEAR", r.entry_year);
        row->SetIntValue("GRADUATION_YEAR", r.graduation_year);
        row->SetValue("CONCLUSION", r.conclusion);
    }
    if (records.empty()) dict.ShowSection("NO_RECORDS");
}
}  // namespace

void show_authorize(Context& ctx) {
    const std::string state = ctx.req.query_params.value("state");
    auto p = pending(ctx, state);
    if (!p) return;
    ctemplate::TemplateDictionary dict("chsisim");
    dict.SetValue("STATE", state);
    add_records(dict, p->records);
    ctx.page(200, "学信网（模拟）", "chsisim/authorize.tpl", dict);
}

void confirm_authorize(Context& ctx) {
    const std::string state = ctx.req.form.value("state");
    auto p = pending(ctx, state);
    if (!p) return;
    std::optional<chsi::Key> key;
    try {
        key = chsi::Key::load_private(ctx.app.config().require("keys_dir") + "/chsi_sim_private.pem");
    } catch (const chsi::ChsiError& e) {
        log::error("chsisim.private_key", {{"what", e.what()}});
        return ctx.fail(503, "学信网（模拟）未配置签名私钥（chsi_sim_private.pem），无法发送学历信息。");
    }
    chsi::CallbackPayload payload{state, static_cast<long>(std::time(nullptr)), p->records};
    const std::string body = chsi::encode_payload(payload);
    ctemplate::TemplateDictionary dict("chsisim_signed");
    dict.SetValue("STATE", state);
    dict.SetValue("PAYLOAD", body);
    dict.SetValue("SIGNATURE", chsi::sign(body, *key));
    add_records(dict, p->records);
    log::info("chsisim.signed", {{"records", std::to_string(p->records.size())}});
    ctx.page(200, "学信网（模拟）", "chsisim/signed.tpl", dict);
}

}  // namespace zk::chsisim
