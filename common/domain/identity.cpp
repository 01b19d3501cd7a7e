// identity.cpp: see identity.hpp.
#include "common/domain/identity.hpp"

#include <algorithm>

#include "common/base/crypto.hpp"
#include "common/base/json.hpp"
#include "common/store/examinees.hpp"
#include "common/store/identity_verifications.hpp"
#include "common/store/sessions.hpp"
#include "common/domain/staff_audit.hpp"

namespace zk::identity {

namespace verifications = store::identity_verifications;

namespace {
// What every path that hands a password reset to a clerk tells the examinee.
const char* const kResetGoesToClerk = "找回密码须由报名点工作人员将新照片与存档照片核对，已转人工审核。";

}  // namespace

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "pass";
        case Outcome::Fail: return "fail";
        case Outcome::Manual: return "manual";
    }
    return "manual";
}

const char* decided_status(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "approved";
        case Outcome::Fail: return "refused";
        case Outcome::Manual: return "manual";
    }
    return "manual";
}

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

Decision ManualReview::verify_graduation(const GraduationRequest&) const {
    return {Outcome::Manual, "毕业照片已转县区自考部门人工审核，请耐心等待审核结果。"};
}

Decision LocalStandIn::verify_graduation(const GraduationRequest& request) const {
    const image::Stats& stats = request.photo.stats;
    if (stats.center_luma < 40) return {Outcome::Fail, "人像过暗，无法辨认，请在光线充足处重新拍摄后上传。"};
    if (stats.colorfulness < 6)
        return {Outcome::Manual, "系统无法自动比对人像，毕业照片已转县区自考部门人工审核，请耐心等待审核结果。"};
    return {Outcome::Pass, "毕业照片认证通过。"};
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

CheckedUploads check_uploads(const std::vector<http::UploadedFile>& files, Path path, const std::vector<Photo>& kept) {
    CheckedUploads out;
    for (const std::string& kind : required_kinds(path)) {
        const std::string field = "photo_" + kind;
        const http::UploadedFile* file = nullptr;
        for (const auto& f : files)
            if (f.field_name == field) file = &f;
        if (!file || file->data.empty()) {
            const auto k = std::find_if(kept.begin(), kept.end(), [&](const Photo& p) { return p.kind == kind; });
            if (k != kept.end()) {
                out.photos.push_back(*k);
                out.kept_used.push_back(kind);
                continue;
            }
            out.errors[kind] = std::string("请上传") + kind_label(kind) + "。";
            continue;
        }
        try {
            Photo photo{kind, image::check_and_reencode(file->data)};
            if (kind == "portrait") {
                // Judged above and beside the head only (image.cpp): shoulders reaching the
                // lower edges and hair touching the top are not background.
                const image::BackgroundFault fault = image::background_fault(photo.image.stats);
                if (fault != image::BackgroundFault::None) {
                    out.errors[kind] = std::string("证件照背景应为蓝色、白色或浅灰色的纯色背景，这张照片") +
                                       image::background_fault_text(fault) + "，请更换照片。";
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

std::map<std::string, std::string> duplicates_elsewhere(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                                        const std::vector<Photo>& photos) {
    std::map<std::string, std::string> errors;
    for (const Photo& p : photos)
        if (store::identity_verifications::photo_used_elsewhere(tx, p.image.sha256, examinee_id))
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
            store::examinees::reset_password(tx, examinee_id, pending_password_hash);
            store::sessions::remove_all_of(tx, store::sessions::Subject::Examinee, examinee_id);
        }
        return;
    }
    const char* status = outcome == Outcome::Pass ? "verified" : outcome == Outcome::Fail ? "refused" : "manual";
    store::examinees::set_identity_status(tx, examinee_id, status);
}

Path path_from_name(const std::string& name) {
    if (name == "enrolled") return Path::Enrolled;
    if (name == "reset") return Path::Reset;
    return Path::New;
}
}  // namespace

std::string lock_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    auto status = store::examinees::lock_identity_status(tx, examinee_id);
    if (!status) throw std::runtime_error("examinee not found");
    return *status;
}

Submission submit(pqxx::transaction_base& tx, std::int64_t examinee_id, Path path, const std::vector<Photo>& photos,
                  const Verifier& verifier, const Decision& decision,
                  const std::optional<std::string>& pending_password_hash) {
    if (path == Path::Reset && !pending_password_hash) throw std::logic_error("reset without a new password");
    // Two submissions of one examinee (a double click) are serialised here, so the second
    // sees and supersedes the first instead of colliding with it.
    lock_examinee(tx, examinee_id);
    std::map<std::string, std::int64_t> ids;
    for (const Photo& p : photos)
        ids[p.kind] = verifications::insert_photo(tx, examinee_id, p.kind, p.image.width, p.image.height,
                                                  p.image.sha256, p.image.jpeg);
    verifications::supersede_waiting(tx, examinee_id);
    // ACC-7: a new password waits for a person unless the verifier itself compared the
    // faces with the photos on record. This holds whatever the verifier answered.
    Decision applied = decision;
    if (path == Path::Reset && applied.outcome == Outcome::Pass && !verifier.matches_faces_on_record())
        applied = {Outcome::Manual, kResetGoesToClerk};
    const char* status = decided_status(applied.outcome);
    std::string cancel_token;
    if (path == Path::Reset && applied.outcome == Outcome::Manual) cancel_token = crypto::random_hex(32);
    verifications::NewRequest request;
    request.examinee_id = examinee_id;
    request.path = path_name(path);
    request.status = status;
    if (const auto portrait = ids.find("portrait"); portrait != ids.end()) request.portrait_photo_id = portrait->second;
    request.id_front_photo_id = ids.at("id_front");
    request.id_in_hand_photo_id = ids.at("id_in_hand");
    request.pending_password_hash = pending_password_hash.value_or("");
    request.verifier = verifier.name();
    request.verifier_outcome = outcome_name(decision.outcome);
    request.reason = applied.reason;
    if (!cancel_token.empty()) request.cancel_token_hash = crypto::sha256(cancel_token);
    const std::int64_t verification_id = verifications::insert(tx, request);
    apply_outcome(tx, examinee_id, path, applied.outcome, pending_password_hash.value_or(""));
    return {verification_id, applied, cancel_token};
}

std::vector<StoredPhoto> photos_on_record(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    std::vector<StoredPhoto> out;
    for (auto& p : verifications::photos_of_last_approved(tx, examinee_id))
        out.push_back({std::move(p.kind), std::move(p.jpeg)});
    return out;
}

namespace {
// A clerk's decision on a waiting request, its effect on the examinee and its line in
// the staff log, all in the caller's transaction.
bool decide(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id, Outcome outcome,
            const std::string& reason) {
    const auto waiting = verifications::lock_waiting(tx, verification_id);
    if (!waiting) return false;
    const bool approved = outcome == Outcome::Pass;
    verifications::decide(tx, verification_id, approved ? "approved" : "refused", staff_id, reason);
    apply_outcome(tx, waiting->examinee_id, path_from_name(waiting->path), outcome,
                  approved ? waiting->pending_password_hash : std::string());
    staff_audit::record(tx, staff_id, approved ? "identity.approve" : "identity.refuse",
                        "identity_verification:" + std::to_string(verification_id), "{\"status\":\"manual\"}",
                        approved ? "{\"status\":\"approved\"}"
                                 : "{\"status\":\"refused\",\"reason\":" + json::quote(reason) + "}");
    return true;
}
}  // namespace

bool approve(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id) {
    return decide(tx, verification_id, staff_id, Outcome::Pass, "");
}

bool refuse(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id, const std::string& reason) {
    return decide(tx, verification_id, staff_id, Outcome::Fail, reason);
}

}  // namespace zk::identity
