// verification_status.cpp: see verification_status.hpp.
#include "common/store/verification_status.hpp"

#include "common/base/db.hpp"

namespace zk::store::verification_status {
using db::optional_id;

const db::Statement kOf{"verification_status_of", R"sql(
    SELECT e.identity_status, e.origin, v.id AS verification_id, v.status, v.refusal_reason,
           to_char(v.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS submitted,
           v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id
    FROM examinees e
    LEFT JOIN LATERAL (SELECT * FROM identity_verifications iv WHERE iv.examinee_id = e.id
                       AND iv.path <> 'reset' ORDER BY iv.id DESC LIMIT 1) v ON true
    WHERE e.id = $1
)sql"};
std::optional<State> of(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    const auto result = kOf(tx, examinee_id);
    if (result.empty()) return std::nullopt;
    const auto& r = result[0];
    State s;
    s.identity_status = r["identity_status"].as<std::string>();
    s.origin = r["origin"].as<std::string>();
    if (!r["verification_id"].is_null()) {
        Submission sub;
        sub.id = r["verification_id"].as<std::int64_t>();
        sub.status = db::text(r["status"]);
        if (!r["refusal_reason"].is_null()) sub.refusal_reason = r["refusal_reason"].as<std::string>();
        sub.submitted = db::text(r["submitted"]);
        sub.portrait_photo_id = optional_id(r["portrait_photo_id"]);
        sub.id_front_photo_id = optional_id(r["id_front_photo_id"]);
        sub.id_in_hand_photo_id = optional_id(r["id_in_hand_photo_id"]);
        s.latest = std::move(sub);
    }
    return s;
}

const db::Statement kOwnPhoto{"verification_status_own_photo", R"sql(
    SELECT data FROM photos WHERE id = $1 AND examinee_id = $2
)sql"};
std::optional<std::string> own_photo(pqxx::transaction_base& tx, std::int64_t photo_id, std::int64_t examinee_id) {
    const auto r = kOwnPhoto(tx, photo_id, examinee_id);
    if (r.empty()) return std::nullopt;
    return db::bytes_of(r[0][0]);
}

}  // namespace zk::store::verification_status
