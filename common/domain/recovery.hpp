// recovery.hpp: what guards the forgotten-password path (ACC-7) and the look-ups around it.
//   - Limits counted in PostgreSQL, so they hold across worker processes and hosts: the
//     identity look-ups that tell whether a 身份证号 is registered or matches a name, and
//     the reset requests themselves, each per 身份证号 (by its blind index) and per client
//     address.
//   - The owner is told of a reset by SMS to the registered 手机号 and by mail to the
//     registered address (common/domain/notify), with a one-time link that cancels the request
//     until a clerk decides; logging in with the old password cancels it too.
// SECURITY: the cancel token is 256 random bits, stored only as its SHA-256 and compared
// in constant time; a link works only for its own request, only while it waits. Links
// are built from the configured public_base_url, never from the request's Host header.
#pragma once
#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "common/base/config.hpp"
#include "common/base/crypto.hpp"
#include "common/base/db.hpp"

namespace zk::recovery {

// The limits, from the configuration (defaults in brackets):
//   limit_lookups_per_id_day [10], limit_lookups_per_address_hour [30],
//   limit_resets_per_id_day [3], limit_resets_per_address_hour [3].
struct Limits {
    long lookups_per_id_day = 10;
    long lookups_per_address_hour = 30;
    long resets_per_id_day = 3;
    long resets_per_address_hour = 3;
    static Limits from(const Config& config);
};

enum class Action { IdentityLookup, ResetRequest };
enum class LimitHit { None, PerId, PerAddress };

// Counts one event of `action` for the 身份证号 (its blind index) and the address when
// neither limit is reached yet; otherwise counts nothing and says which limit refused.
// Serialised per subject, so concurrent requests cannot both take the last slot.
LimitHit take(pqxx::transaction_base& tx, const Limits& limits, Action action, const std::string& id_index,
              const std::string& address);

// Queues the SMS and the mail telling the owner of a reset request, with its cancel link.
// Returns how many messages were queued (no phone or no e-mail on record: fewer).
int notify_owner(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const std::string& base_url,
                 std::int64_t examinee_id, std::int64_t verification_id, const std::string& cancel_token);

// After a clerk approved a reset: tells the owner by SMS and mail that the password was
// replaced and every login ended ("如非本人操作…"), so a clerk misled by an impostor is
// noticed at once. Does nothing for other kinds of submission. Returns messages queued.
int notify_reset_approved(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, std::int64_t verification_id);

// The path of the cancel link (the notice prefixes public_base_url).
std::string cancel_path(std::int64_t verification_id, const std::string& cancel_token);

enum class LinkState {
    Waiting,           // the request waits for a clerk: can be cancelled
    Invalid,           // no such request, or the token is not this request's
    AlreadyCancelled,
    Approved,          // a clerk confirmed it: too late to cancel
    Refused,           // a clerk refused it: nothing to cancel
    Superseded,        // a newer request replaced it
};
// What the link points at now. With `cancel`, a waiting request is cancelled (and
// Waiting is returned for it) in the caller's transaction, under the request's row lock.
LinkState follow_link(pqxx::transaction_base& tx, std::int64_t verification_id, const std::string& cancel_token,
                      bool cancel);

// A successful login with the current password ends any waiting reset of the examinee:
// the owner evidently still has the password. Returns the number cancelled (0 or 1).
int cancel_on_login(pqxx::transaction_base& tx, std::int64_t examinee_id);

}  // namespace zk::recovery
