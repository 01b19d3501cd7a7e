// graduation_photo.cpp: see graduation_photo.hpp.
#include "common/domain/graduation_photo.hpp"

#include "common/base/json.hpp"
#include "common/base/refusal.hpp"
#include "common/domain/application_review.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/store/applications.hpp"
#include "common/store/identity_verifications.hpp"

namespace zk::graduation_photo {

namespace photos = store::graduation_photos;

const char* const kNotSubmitted = "请先提交毕业申请，提交成功后方可进行毕业证书电子注册图像采集。";

namespace {
const char* const kWaiting = "您的毕业照片正在由县区自考部门人工审核，审核结束前不能重新上传，请耐心等待。";
const char* const kVerified = "您的毕业照片已认证通过，不能重新上传。";
const char* const kElsewhere = "这张照片已被其他考生使用，请上传本人的照片。";
// Every stored photo is kept (the verifier's refusals too, for the record): a bound on
// how many one application can leave per day keeps a script from filling the database.
constexpr int kStoredPerDay = 20;
const char* const kTooMany =
    "今日已上传毕业照片20次，请明天再试，或携带身份证到县（市、区）自考部门进行人工审核。";

}  // namespace

Stage stage_of(const std::optional<graduation::Application>& app, const std::optional<photos::Attempt>& latest) {
    if (!app || app->status == "draft") return Stage::NotSubmitted;
    if (app->status != "submitted") return Stage::Verified;  // photo_verified or a later state
    if (latest && latest->status == "manual") return Stage::Waiting;
    if (latest && latest->status == "approved") return Stage::Verified;
    return Stage::Open;
}

State state(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    State s;
    s.application = graduation::latest_application(tx, examinee_id, batch_id);
    if (s.application && s.application->status != "draft") s.latest = photos::latest(tx, s.application->id);
    s.stage = stage_of(s.application, s.latest);
    return s;
}

std::optional<Closed> upload_closed(Stage stage) {
    switch (stage) {
        case Stage::NotSubmitted: return Closed{403, kNotSubmitted};
        case Stage::Waiting: return Closed{409, kWaiting};
        case Stage::Verified: return Closed{409, kVerified};
        case Stage::Open: return std::nullopt;
    }
    return std::nullopt;
}

Stored store(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id, const image::GraduationPhoto& photo,
             std::string_view original, const std::string& verifier_name, const identity::Decision& decision) {
    // Two uploads of one examinee (a double click, two tabs) are serialised on the
    // application row; the second sees what the first left.
    const auto app = store::applications::lock_latest(tx, examinee_id, batch_id);
    std::optional<photos::Attempt> latest;
    if (app && app->status != "draft") latest = photos::latest(tx, app->id);
    if (const auto closed = upload_closed(stage_of(app, latest))) throw Refusal(closed->status, closed->message);
    if (photos::stored_today(tx, app->id) >= kStoredPerDay) throw Refusal(429, kTooMany);
    if (store::identity_verifications::photo_used_elsewhere(tx, photo.sha256, examinee_id))
        throw Refusal(400, {{"photo", kElsewhere}});

    const std::int64_t photo_id = store::identity_verifications::insert_photo(
        tx, examinee_id, "graduation", photo.width, photo.height, photo.sha256, photo.jpeg);
    photos::NewAttempt a;
    a.application_id = app->id;
    a.examinee_id = examinee_id;
    a.photo_id = photo_id;
    a.status = identity::decided_status(decision.outcome);
    a.verifier = verifier_name;
    a.verifier_outcome = identity::outcome_name(decision.outcome);
    a.verifier_reason = decision.reason;
    if (decision.outcome == identity::Outcome::Fail) a.refusal_reason = decision.reason;
    if (decision.outcome == identity::Outcome::Manual) {
        a.original = std::string(original);
        a.original_type = photo.source_type;
    }
    const std::int64_t attempt_id = photos::insert(tx, a);
    if (decision.outcome == identity::Outcome::Pass && !application_review::photo_verified(tx, app->id, examinee_id))
        throw std::logic_error("application left 'submitted' under its row lock");
    return {attempt_id, decision.outcome};
}

bool verified(pqxx::transaction_base& tx, std::int64_t application_id) {
    return photos::verified(tx, application_id);
}

namespace {
bool decide(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t staff_id, bool approved,
            const std::string& reason) {
    const auto waiting = photos::lock_waiting(tx, attempt_id);
    if (!waiting) return false;
    // The application is locked too, in the same order as an upload locks it.
    const auto app_status = store::applications::lock_status(tx, waiting->application_id);
    if (!photos::decide(tx, attempt_id, approved ? "approved" : "refused", staff_id, approved ? "" : reason))
        return false;
    if (approved && app_status == "submitted")
        application_review::photo_verified(tx, waiting->application_id, waiting->examinee_id);
    staff_audit::record(tx, staff_id, approved ? "graduation_photo.approve" : "graduation_photo.refuse",
                        "graduation_photo:" + std::to_string(attempt_id), "{\"status\":\"manual\"}",
                        approved ? "{\"status\":\"approved\"}"
                                 : "{\"status\":\"refused\",\"reason\":" + json::quote(reason) + "}");
    return true;
}
}  // namespace

bool approve(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t staff_id) {
    return decide(tx, attempt_id, staff_id, true, "");
}

bool refuse(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t staff_id, const std::string& reason) {
    return decide(tx, attempt_id, staff_id, false, reason);
}

}  // namespace zk::graduation_photo
