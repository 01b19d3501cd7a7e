// graduation_photo.hpp: 毕业证书电子注册图像采集 (PHO-1 … PHO-4, APP-5, APP-6): where an
// application's graduation photo stands, storing a photo that passed the picture checks
// (image::check_graduation_photo) with the verifier's decision, a clerk's decision on one
// handed over to a person, and the "photo verified" fact payment relies on.
// Rules, each enforced here under the application's row lock: photos are taken only while
// the application is 'submitted' and no photo waits for a clerk; 通过 (by the verifier or a
// clerk) runs 系统审核 (application_review::photo_verified), which moves the application on
// to 预审通过 or 预审 with one conditional UPDATE; the upload
// as received is kept only while a clerk may want it (until the decision); a picture
// already used by another examinee is refused; at most 20 photos per application are
// stored in 24 hours.
// SECURITY: the examinee id comes from the session; staff scope is checked by the caller
// (common/store/graduation_photo_reviews) before approve()/refuse() touch a row.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/domain/graduation.hpp"
#include "common/domain/identity.hpp"
#include "common/domain/image.hpp"
#include "common/store/graduation_photos.hpp"

namespace zk::graduation_photo {

enum class Stage {
    NotSubmitted,  // no application in the batch, or a draft
    Open,          // submitted: a photo may be uploaded (none yet, or the last one refused)
    Waiting,       // submitted, the last photo waits for a clerk
    Verified,      // the photo is verified (the application is in 预审 or later)
};

// The stage of an application (the latest of its batch, if any) whose latest photo is
// `latest` (read only when the application is not a draft).
Stage stage_of(const std::optional<graduation::Application>& app,
               const std::optional<store::graduation_photos::Attempt>& latest);

struct State {
    std::optional<graduation::Application> application;        // the latest of the batch
    std::optional<store::graduation_photos::Attempt> latest;    // its latest photo
    Stage stage = Stage::NotSubmitted;
};
State state(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id);

// Why an upload is not taken in this stage (status and Chinese message); nullopt when Open.
struct Closed {
    int status = 409;
    const char* message = "";
};
std::optional<Closed> upload_closed(Stage stage);
extern const char* const kNotSubmitted;  // "请先提交毕业申请…"

// Stores a checked photo with the verifier's decision in the caller's transaction, after
// locking the application and checking the stage again (throws Refusal when it changed
// meanwhile, or when the picture belongs to another examinee: field "photo"). `original`
// is the upload as received; it is kept only when the decision hands the photo to a clerk.
struct Stored {
    std::int64_t attempt_id = 0;
    identity::Outcome outcome = identity::Outcome::Manual;
};
Stored store(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id, const image::GraduationPhoto& photo,
             std::string_view original, const std::string& verifier_name, const identity::Decision& decision);

// PHO-3: payment is possible only when this holds (an approved graduation photo).
bool verified(pqxx::transaction_base& tx, std::int64_t application_id);

// A clerk's decision on a photo waiting for a person, its effect on the application and
// its line in the staff audit log. False when the photo is no longer waiting.
bool approve(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t staff_id);
bool refuse(pqxx::transaction_base& tx, std::int64_t attempt_id, std::int64_t staff_id, const std::string& reason);

}  // namespace zk::graduation_photo
