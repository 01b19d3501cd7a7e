// identity.cpp: see identity.hpp.
#include "common/domain/identity.hpp"

#include "common/base/crypto.hpp"
#include "common/base/json.hpp"
#include "common/store/sessions.hpp"
#include "common/domain/staff_audit.hpp"

namespace zk::identity {

namespace {
// What every path that hands a password reset to a clerk tells the examinee.
const char* const kResetGoesToClerk = "找回密码须由报名点工作人员将新照片与存档照片核对，已转人工审核。";

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "pass";
        case Outcome::Fail: return "fail";
        case Outcome::Manual: return "manual";
    }
    return "manual";
}

}  // namespace

Decision ManualReview::verify(const VerifyRequest& request) const {
    if (request.path == Path::Reset)
        return {Outcome::Manual, kResetGoesToClerk};
    return {Outcome::Manual, "已转报名点人工审核，请耐心等待。"};
}

Decision LocalStandIn::verify(const VerifyRequest& request) const {
    const auto& photos = request.photos;
    // Judging brightness says nothing about whose face it is: a reset always goes to a clerk.
    if (request.path == Path::Reset)
        return {Outcome::Manual, kResetGoesToClerk};
    for (const Photo& p : photos)
        if (p.image.stats.mean_luma < 35)
            return {Outcome::Fail, std::string("照片过暗，无法辨认（") + kind_label(p.kind) + "），请在光线充足处重新拍摄后上传。"};
    for (const Photo& p : photos)
        if (p.kind == "id_in_hand" && p.image.stats.colorfulness < 6)
            return {Outcome::Manual, "系统无法自动比对人像，已转报名点人工审核，请耐心等待。"};
    return {Outcome::Pass, "身份认证通过。"};
}

std::unique_ptr<Verifier> make_verifier(const Config& config) {
    const std::string which = config.get("identity_verifier", "manual");
    if (which == "manual") return std::make_unique<ManualReview>();
    if (which == "local") return std::make_unique<LocalStandIn>();  // stand_ins.hpp keeps it out of production
    throw ConfigError("identity_verifier: unknown verifier '" + which + "' (known: manual, local)");
}

const Verifier& process_verifier(const Config& config) {
    static const std::unique_ptr<Verifier> verifier = make_verifier(config);
    return *verifier;
}

std::vector<std::string> required_kinds(Path path) {
    if (path == Path::New) return {"portrait", "id_front", "id_in_hand"};
    return {"id_front", "id_in_hand"};
}

const char* kind_label(const std::string& kind) {
    if (kind == "portrait") return "免冠彩色证件照";
    if (kind == "id_front") return "身份证人像面照片";
    if (kind == "id_in_hand") return "手持身份证半身照";
    return "照片";
}

const char* path_name(Path path) {
    switch (path) {
        case Path::New: return "new";
        case Path::Enrolled: return "enrolled";
        case Path::Reset: return "reset";
    }
    return "new";
}

CheckedUploads check_uploads(const std::vector<http::UploadedFile>& files, Path path) {
    CheckedUploads out;
    for (const std::string& kind : required_kinds(path)) {
        const std::string field = "photo_" + kind;
        const http::UploadedFile* file = nullptr;
        for (const auto& f : files)
            if (f.field_name == field) file = &f;
        if (!file || file->data.empty()) {
            out.errors[kind] = std::string("请上传") + kind_label(kind) + "。";
            continue;
        }
        try {
            Photo photo{kind, image::check_and_reencode(file->data)};
            if (kind == "portrait") {
                auto bg = image::classify_background(photo.image.stats);
                if (bg == image::Background::Other) {
                    out.errors[kind] = "证件照背景应为蓝色、白色或浅灰色的纯色背景，请更换照片。";
                    continue;
                }
            }
            out.photos.push_back(std::move(photo));
        } catch (const image::ImageError& e) {
            out.errors[kind] = e.what();
        }
    }
    // One picture offered as two different photos is not three photos of a person.
    for (size_t i = 0; i < out.photos.size(); ++i)
        for (size_t j = i + 1; j < out.photos.size(); ++j)
            if (out.photos[i].image.sha256 == out.photos[j].image.sha256)
                out.errors[out.photos[j].kind] = std::string(kind_label(out.photos[j].kind)) + "与" +
                                                 kind_label(out.photos[i].kind) + "是同一张照片，请分别上传。";
    return out;
}

db::Statements statements() {
    db::Statements s = {
        {"identity_lock_examinee", "SELECT identity_status FROM examinees WHERE id = $1 FOR UPDATE"},
        {"identity_photo_elsewhere", "SELECT 1 FROM photos WHERE sha256 = $1 AND examinee_id <> $2 LIMIT 1"},
        {"identity_photo_insert",
         "INSERT INTO photos (examinee_id, kind, content_type, width, height, sha256, data) "
         "VALUES ($1, $2, 'image/jpeg', $3, $4, $5, $6) RETURNING id"},
        {"identity_supersede",
         "UPDATE identity_verifications SET status = 'superseded' WHERE examinee_id = $1 AND status = 'manual'"},
        {"identity_insert",
         "INSERT INTO identity_verifications (examinee_id, path, status, portrait_photo_id, id_front_photo_id, "
         "  id_in_hand_photo_id, pending_password_hash, verifier, verifier_outcome, verifier_reason, "
         "  decided_at, refusal_reason, cancel_token_hash) "
         "VALUES ($1, $2, $3, NULLIF($4, '')::bigint, $5, $6, NULLIF($7, ''), $8, $9, $10, "
         "  CASE WHEN $3 = 'manual' THEN NULL ELSE now() END, CASE WHEN $3 = 'refused' THEN $10 END, "
         "  NULLIF($11, ''::bytea)) RETURNING id"},
        {"identity_photos_on_record",
         "SELECT p.kind, p.data FROM photos p JOIN ("
         "  SELECT portrait_photo_id, id_front_photo_id, id_in_hand_photo_id FROM identity_verifications "
         "  WHERE examinee_id = $1 AND status = 'approved' ORDER BY decided_at DESC, id DESC LIMIT 1) v "
         "ON p.id IN (v.portrait_photo_id, v.id_front_photo_id, v.id_in_hand_photo_id) ORDER BY p.kind"},
        {"identity_set_status", "UPDATE examinees SET identity_status = $2 WHERE id = $1"},
        {"identity_apply_password",
         "UPDATE examinees SET password_hash = $2, password_changed_at = now(), failed_logins = 0, "
         "  last_failed_login_at = NULL WHERE id = $1"},
        {"identity_open_for_update",
         "SELECT examinee_id, path, pending_password_hash FROM identity_verifications "
         "WHERE id = $1 AND status = 'manual' FOR UPDATE"},
        {"identity_decide",
         "UPDATE identity_verifications SET status = $2, decided_by = $3, decided_at = now(), "
         "  refusal_reason = NULLIF($4, '') WHERE id = $1"},
    };
    for (auto& st : staff_audit::statements()) s.push_back(std::move(st));
    return s;
}

std::map<std::string, std::string> duplicates_elsewhere(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                                        const std::vector<Photo>& photos) {
    std::map<std::string, std::string> errors;
    for (const Photo& p : photos)
        if (!tx.exec_prepared("identity_photo_elsewhere", db::bytes(p.image.sha256), examinee_id).empty())
            errors[p.kind] = std::string("这张") + kind_label(p.kind) + "已被其他账号使用，请上传本人的照片。";
    return errors;
}

namespace {
// What a decision means for the examinee row. A reset never lowers an identity that is
// already verified: a refused reset leaves the account exactly as it was.
void apply_outcome(pqxx::transaction_base& tx, std::int64_t examinee_id, Path path, Outcome outcome,
                   const std::string& pending_password_hash) {
    if (path == Path::Reset) {
        if (outcome == Outcome::Pass) {
            tx.exec_prepared("identity_apply_password", examinee_id, pending_password_hash);
            store::sessions::remove_all_of(tx, store::sessions::Subject::Examinee, examinee_id);
        }
        return;
    }
    const char* status = outcome == Outcome::Pass ? "verified" : outcome == Outcome::Fail ? "refused" : "manual";
    tx.exec_prepared("identity_set_status", examinee_id, status);
}

Path path_from_name(const std::string& name) {
    if (name == "enrolled") return Path::Enrolled;
    if (name == "reset") return Path::Reset;
    return Path::New;
}
}  // namespace

std::string lock_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    auto r = tx.exec_prepared("identity_lock_examinee", examinee_id);
    if (r.empty()) throw std::runtime_error("examinee not found");
    return r[0][0].as<std::string>();
}

Submission submit(pqxx::transaction_base& tx, std::int64_t examinee_id, Path path, const std::vector<Photo>& photos,
                  const Verifier& verifier, const Decision& decision,
                  const std::optional<std::string>& pending_password_hash) {
    if (path == Path::Reset && !pending_password_hash) throw std::logic_error("reset without a new password");
    // Two submissions of one examinee (a double click) are serialised here, so the second
    // sees and supersedes the first instead of colliding with it.
    lock_examinee(tx, examinee_id);
    std::map<std::string, std::int64_t> ids;
    for (const Photo& p : photos) {
        auto r = tx.exec_prepared("identity_photo_insert", examinee_id, p.kind, p.image.width, p.image.height,
                                  db::bytes(p.image.sha256), db::bytes(p.image.jpeg));
        ids[p.kind] = r[0][0].as<std::int64_t>();
    }
    tx.exec_prepared("identity_supersede", examinee_id);
    // ACC-7: a new password waits for a person unless the verifier itself compared the
    // faces with the photos on record. This holds whatever the verifier answered.
    Decision applied = decision;
    if (path == Path::Reset && applied.outcome == Outcome::Pass && !verifier.matches_faces_on_record())
        applied = {Outcome::Manual, kResetGoesToClerk};
    const char* status = applied.outcome == Outcome::Pass   ? "approved"
                         : applied.outcome == Outcome::Fail ? "refused"
                                                            : "manual";
    std::string cancel_token;
    if (path == Path::Reset && applied.outcome == Outcome::Manual) cancel_token = crypto::random_hex(32);
    const auto portrait = ids.find("portrait");
    auto r = tx.exec_prepared("identity_insert", examinee_id, path_name(path), status,
                              portrait == ids.end() ? std::string() : std::to_string(portrait->second), ids.at("id_front"),
                              ids.at("id_in_hand"), pending_password_hash.value_or(""), verifier.name(),
                              outcome_name(decision.outcome), applied.reason,
                              db::bytes(cancel_token.empty() ? std::string() : crypto::sha256(cancel_token)));
    apply_outcome(tx, examinee_id, path, applied.outcome, pending_password_hash.value_or(""));
    return {r[0][0].as<std::int64_t>(), applied, cancel_token};
}

std::vector<StoredPhoto> photos_on_record(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    std::vector<StoredPhoto> out;
    for (const auto& row : tx.exec_prepared("identity_photos_on_record", examinee_id))
        out.push_back({row["kind"].as<std::string>(), db::bytes_of(row["data"])});
    return out;
}

bool approve(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id) {
    auto r = tx.exec_prepared("identity_open_for_update", verification_id);
    if (r.empty()) return false;
    const std::int64_t examinee_id = r[0]["examinee_id"].as<std::int64_t>();
    const Path path = path_from_name(r[0]["path"].as<std::string>());
    tx.exec_prepared("identity_decide", verification_id, "approved", staff_id, "");
    apply_outcome(tx, examinee_id, path, Outcome::Pass, r[0]["pending_password_hash"].as<std::string>(""));
    staff_audit::record(tx, staff_id, "identity.approve", "identity_verification:" + std::to_string(verification_id),
                        "{\"status\":\"manual\"}", "{\"status\":\"approved\"}");
    return true;
}

bool refuse(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id, const std::string& reason) {
    auto r = tx.exec_prepared("identity_open_for_update", verification_id);
    if (r.empty()) return false;
    const std::int64_t examinee_id = r[0]["examinee_id"].as<std::int64_t>();
    const Path path = path_from_name(r[0]["path"].as<std::string>());
    tx.exec_prepared("identity_decide", verification_id, "refused", staff_id, reason);
    apply_outcome(tx, examinee_id, path, Outcome::Fail, "");
    staff_audit::record(tx, staff_id, "identity.refuse", "identity_verification:" + std::to_string(verification_id),
                        "{\"status\":\"manual\"}", "{\"status\":\"refused\",\"reason\":" + json::quote(reason) + "}");
    return true;
}

}  // namespace zk::identity
