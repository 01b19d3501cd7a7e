// outbox.cpp: what the SMS gateway and the mail server would have received, for developers
// and the integration tests. With sms_gateway / mail_transport = outbox (the development
// stand-ins) messages to examinees stay in outbound_messages; this page lists the newest
// 100, newest first, decrypted. ?to=RECIPIENT keeps only those whose recipient is exactly
// RECIPIENT (decryption happens here, so the filter scans the newest kScanLimit rows).
// Every message is one <article class="message" data-id data-channel data-purpose> with the
// time, recipient, status, subject (mail) and the body in <pre class="body">, so tests can
// find a message and the links in it.
// SECURITY: dev-only, like the whole module (nginx routes /dev/ only in the dev/test
// configuration, and zikao-chsisim is never installed). It shows recipients and bodies in
// full, one-time links included; as a second lock it answers 404 unless the configuration
// says development_stand_ins = true. Everything shown is HTML-escaped by the template.
#include "modules/chsisim/outbox.hpp"

#include "common/base/log.hpp"
#include "common/domain/notify.hpp"
#include "common/domain/stand_ins.hpp"
#include "common/store/outbound_messages.hpp"

namespace zk::chsisim {
namespace {
constexpr int kShown = 100;
constexpr int kScanLimit = 5000;  // rows decrypted to answer ?to= (a dev table stays small)

const char* status_label(bool sent, bool failed) { return sent ? "已发送" : failed ? "已放弃" : "待发送"; }
}  // namespace

void show_outbox(Context& ctx) {
    if (!stand_ins::development(ctx.app.config())) return ctx.fail(404, "您访问的页面不存在。");
    const auto to = ctx.req.query_params.get("to");
    const auto rows = ctx.db.read([&](pqxx::nontransaction& tx) {
        return store::outbound_messages::newest(tx, to ? kScanLimit : kShown);
    });

    ctemplate::TemplateDictionary dict("outbox");
    if (to) dict.SetValueAndShowSection("TO", *to, "FILTER");
    int shown = 0;
    for (const auto& row : rows) {
        if (shown == kShown) break;
        std::string recipient, body;
        try {
            recipient = ctx.app.cipher().decrypt(row.recipient_enc, notify::kRecipientContext);
            body = ctx.app.cipher().decrypt(row.body_enc, notify::kBodyContext);
        } catch (const crypto::CryptoError&) {
            // Another stack's key (a copied database): say so instead of failing the page.
            log::warn("outbox.undecryptable", {{"id", row.id}});
            recipient = "（无法解密）";
            body = "（无法解密：数据密钥与写入时不同）";
        }
        if (to && recipient != *to) continue;
        ++shown;
        auto* m = dict.AddSectionDictionary("MESSAGE");
        m->SetValue("ID", row.id);
        m->SetValue("CHANNEL", row.channel);
        m->SetValue("CHANNEL_LABEL", row.channel == "sms" ? "短信" : "邮件");
        m->SetValue("PURPOSE", row.purpose);
        m->SetValue("CREATED", row.created);
        m->SetValue("RECIPIENT", recipient);
        m->SetValue("STATUS", status_label(row.sent, row.failed));
        m->SetIntValue("ATTEMPTS", row.attempts);
        if (row.last_error) m->SetValueAndShowSection("ERROR", *row.last_error, "LAST_ERROR");
        if (row.channel == "mail") m->SetValueAndShowSection("SUBJECT", row.subject, "HAS_SUBJECT");
        m->SetValue("BODY", body);
    }
    if (shown == 0) dict.ShowSection("EMPTY");
    ctx.page(200, "开发环境消息发件箱", "chsisim/outbox.tpl", dict);
}

}  // namespace zk::chsisim
