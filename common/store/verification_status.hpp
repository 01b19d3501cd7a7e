// verification_status.hpp: what the examinee's own 身份认证 page reads (ACC-5): the
// account's identity state and origin with its latest submission (a 找回密码 reset is not
// shown there), and the examinee's own stored photos.
// SECURITY: every read is keyed by the examinee id the caller took from the session; a
// photo of somebody else is exactly as absent as one that does not exist.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace zk::store::verification_status {

// The latest submission other than a reset.
struct Submission {
    std::int64_t id = 0;
    std::string status;  // manual / approved / refused / superseded
    std::optional<std::string> refusal_reason;
    std::string submitted;  // China time, "YYYY-MM-DD HH24:MI"
    std::optional<std::int64_t> portrait_photo_id, id_front_photo_id, id_in_hand_photo_id;
};

struct State {
    std::string identity_status;  // unverified / pending / manual / verified / refused
    std::string origin;           // imported / registered
    std::optional<Submission> latest;
};
// nullopt when the examinee does not exist.
std::optional<State> of(pqxx::transaction_base& tx, std::int64_t examinee_id);

// The JPEG bytes of one of the examinee's own photos.
std::optional<std::string> own_photo(pqxx::transaction_base& tx, std::int64_t photo_id, std::int64_t examinee_id);

}  // namespace zk::store::verification_status
