// recovery.cpp: see recovery.hpp.
#include "common/domain/recovery.hpp"

#include <functional>

#include "common/base/log.hpp"
#include "common/domain/notify.hpp"
#include "common/store/examinees.hpp"
#include "common/store/identity_verifications.hpp"
#include "common/store/limit_events.hpp"

namespace zk::recovery {

namespace {
const char* action_name(Action a) { return a == Action::IdentityLookup ? "identity_lookup" : "reset_request"; }

// The subjects of limit_events: the blind index of the 身份证号 and the client address,
// prefixed so that the two kinds can never collide.
std::string id_subject(const std::string& id_index) { return "i:" + id_index; }
std::string address_subject(const std::string& address) { return "a:" + address; }

}  // namespace

Limits Limits::from(const Config& config) {
    Limits l;
    auto positive = [&](const char* key, long fallback) {
        const long v = config.get_int(key, fallback);
        if (v <= 0) throw ConfigError(std::string("configuration key '") + key + "' must be positive");
        return v;
    };
    l.lookups_per_id_day = positive("limit_lookups_per_id_day", l.lookups_per_id_day);
    l.lookups_per_address_hour = positive("limit_lookups_per_address_hour", l.lookups_per_address_hour);
    l.resets_per_id_day = positive("limit_resets_per_id_day", l.resets_per_id_day);
    l.resets_per_address_hour = positive("limit_resets_per_address_hour", l.resets_per_address_hour);
    return l;
}

LimitHit take(pqxx::transaction_base& tx, const Limits& limits, Action action, const std::string& id_index,
              const std::string& address) {
    const char* name = action_name(action);
    const bool lookup = action == Action::IdentityLookup;
    const std::string by_id = id_subject(id_index), by_address = address_subject(address);
    // Always id before address, so two transactions never wait for each other in a circle.
    store::limit_events::lock(tx, name, by_id);
    store::limit_events::lock(tx, name, by_address);
    auto count = [&](const std::string& subject, int hours) { return store::limit_events::count(tx, name, subject, hours); };
    if (count(by_id, 24) >= (lookup ? limits.lookups_per_id_day : limits.resets_per_id_day)) return LimitHit::PerId;
    if (count(by_address, 1) >= (lookup ? limits.lookups_per_address_hour : limits.resets_per_address_hour))
        return LimitHit::PerAddress;
    store::limit_events::record(tx, name, by_id);
    store::limit_events::record(tx, name, by_address);
    return LimitHit::None;
}

std::string cancel_path(std::int64_t verification_id, const std::string& cancel_token) {
    return "/register/cancel?r=" + std::to_string(verification_id) + "&t=" + cancel_token;
}

namespace {
// One notice to the owner: the SMS (when a phone is on record) and the mail (when an
// address is), built from the account's row. `sms` and `mail` get the account label
// ("准考证号尾号0001") and the time, and return the texts.
struct Notice {
    std::string purpose, subject;
    std::function<std::string(const std::string& account, const std::string& when)> sms;
    std::function<std::string(const std::string& name, const std::string& account, const std::string& when)> mail;
};

int send_notice(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t examinee_id,
                const Notice& notice) {
    const auto owner = store::examinees::contact(tx, examinee_id);
    if (!owner) return 0;
    const std::string& ticket = owner->ticket_no;
    const std::string& when = owner->now_text;
    const std::string account =
        ticket.size() >= 4 ? "准考证号尾号" + ticket.substr(ticket.size() - 4) : std::string("身份证号登录");
    int queued = 0;
    if (owner->phone_enc) {
        notify::Message sms;
        sms.channel = notify::Channel::Sms;
        sms.purpose = notice.purpose;
        sms.examinee_id = examinee_id;
        sms.recipient = cipher.decrypt(*owner->phone_enc, "phone");
        sms.body = notice.sms(account, when);
        notify::enqueue(tx, cipher, sms);
        ++queued;
    }
    if (!owner->email.empty()) {
        notify::Message mail;
        mail.channel = notify::Channel::Mail;
        mail.purpose = notice.purpose;
        mail.examinee_id = examinee_id;
        mail.recipient = owner->email;
        mail.subject = notice.subject;
        mail.body = notice.mail(owner->name, account, when) +
                    "\n山西省高等教育自学考试毕业网上申请系统（本邮件由系统自动发送，请勿回复）\n";
        notify::enqueue(tx, cipher, mail);
        ++queued;
    }
    return queued;
}
}  // namespace

int notify_owner(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const std::string& base_url,
                 std::int64_t examinee_id, std::int64_t verification_id, const std::string& cancel_token) {
    const std::string link = base_url + cancel_path(verification_id, cancel_token);
    Notice n;
    n.purpose = "reset_requested";
    n.subject = "找回密码申请通知（山西省高等教育自学考试毕业网上申请）";
    n.sms = [&](const std::string& account, const std::string& when) {
        return "【山西自考】您的自考账号（" + account + "）于" + when +
               "提交了找回密码申请，报名点核对照片后新密码才会生效，在此之前原密码仍可使用。如非本人操作，请点击取消：" +
               link;
    };
    n.mail = [&](const std::string& name, const std::string& account, const std::string& when) {
        return name + "：\n\n您的自考账号（" + account + "）于" + when +
               "提交了找回密码申请。报名点工作人员将新上传的照片与存档照片核对无误后，新密码才会生效；"
               "在此之前原密码仍可正常使用。\n\n如非本人操作，请点击以下链接取消该申请（报名点处理之前有效）：\n" +
               link + "\n\n您也可以直接用原密码登录，登录成功后该申请自动取消。如有疑问，请联系所在报名点。\n";
    };
    return send_notice(tx, cipher, examinee_id, n);
}

int notify_reset_approved(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher,
                          std::int64_t verification_id) {
    const auto examinee_id = store::identity_verifications::approved_reset_examinee(tx, verification_id);
    if (!examinee_id) return 0;
    Notice n;
    n.purpose = "reset_approved";
    n.subject = "密码已重置通知（山西省高等教育自学考试毕业网上申请）";
    n.sms = [](const std::string& account, const std::string& when) {
        return "【山西自考】您的自考账号（" + account + "）的找回密码申请已于" + when +
               "经报名点审核通过，新密码已生效，原有登录已全部退出。如非本人操作，请立即携带身份证联系所在报名点。";
    };
    n.mail = [](const std::string& name, const std::string& account, const std::string& when) {
        return name + "：\n\n您的自考账号（" + account + "）的找回密码申请已于" + when +
               "经报名点工作人员审核通过，新密码已生效，原有登录已全部退出。\n\n如非本人操作，请立即携带身份证联系所在报名点。\n";
    };
    return send_notice(tx, cipher, *examinee_id, n);
}

LinkState follow_link(pqxx::transaction_base& tx, std::int64_t verification_id, const std::string& cancel_token,
                      bool cancel) {
    if (verification_id <= 0 || !crypto::is_token_hex(cancel_token)) return LinkState::Invalid;
    const auto link = store::identity_verifications::reset_link(tx, verification_id, cancel);
    if (!link || !link->cancel_token_hash) return LinkState::Invalid;
    if (!crypto::constant_time_equal(*link->cancel_token_hash, crypto::sha256(cancel_token))) return LinkState::Invalid;
    const std::string& status = link->status;
    if (status == "cancelled") return LinkState::AlreadyCancelled;
    if (status == "approved") return LinkState::Approved;
    if (status == "refused") return LinkState::Refused;
    if (status == "superseded") return LinkState::Superseded;
    if (cancel) store::identity_verifications::cancel_reset(tx, verification_id, "link");
    return LinkState::Waiting;
}

int cancel_on_login(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    const auto ids = store::identity_verifications::cancel_resets_on_login(tx, examinee_id);
    for (const std::int64_t id : ids) log::info("reset.cancelled", {{"verification", std::to_string(id)}, {"by", "login"}});
    return static_cast<int>(ids.size());
}

}  // namespace zk::recovery
