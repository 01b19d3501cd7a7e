// identity.hpp: identity verification of examinees (ACC-3..ACC-5, REV-1 in part).
// Photos are checked (image.hpp), then a pluggable Verifier gives 通过 / 不通过 (reason) /
// 转人工; the submission, its photos and the examinee's new state are written in one
// transaction. Staff decisions on submissions handed over to a person go through
// approve()/refuse() here too, so the rules live in one place.
// SECURITY: photos are stored in PostgreSQL only; the same picture on another account
// is refused; a password chosen on the forgotten-password path takes effect only once
// the identity is confirmed, and then every old session ends.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/config.hpp"
#include "common/base/db.hpp"
#include "common/base/forms.hpp"
#include "common/domain/image.hpp"

namespace zk::identity {

enum class Path { New, Enrolled, Reset };  // 三照 at registration; 两照 for 在籍考生; 两照 to reset a password
enum class Outcome { Pass, Fail, Manual };
// "pass" / "fail" / "manual": how a verifier's outcome is stored (verifier_outcome).
const char* outcome_name(Outcome o);
// "approved" / "refused" / "manual": the status a submission gets from a decision (the
// same words for identity verifications and graduation photos).
const char* decided_status(Outcome o);

struct Decision {
    Outcome outcome = Outcome::Manual;
    std::string reason;  // Chinese, shown to the examinee (and to staff)
};

struct Photo {
    std::string kind;  // "portrait", "id_front", "id_in_hand"
    image::CheckedImage image;
};

// A photo already stored for the examinee (re-encoded JPEG).
struct StoredPhoto {
    std::string kind;
    std::string jpeg;
};

// What a verifier is asked to judge.
struct VerifyRequest {
    Path path = Path::New;
    std::string name, id_number;
    const std::vector<Photo>& photos;  // the submission
    // For Path::Reset, and only for a verifier that matches_faces_on_record(): the photos
    // of the examinee's last confirmed identity, to compare the new ones with.
    std::vector<StoredPhoto> on_record;
};

// What a verifier is asked about a graduation photo (PHO-3): the normalised 480×640 photo
// and the photos of the examinee's confirmed identity (the registration 证件照 first) to
// compare it with; on_record is empty when the identity was confirmed otherwise.
struct GraduationRequest {
    std::string name, id_number;
    const image::GraduationPhoto& photo;
    std::vector<StoredPhoto> on_record;
};

// The face/identity check. A production verifier calls the province's service.
class Verifier {
public:
    virtual ~Verifier() = default;
    virtual std::string name() const = 0;
    // True only for a verifier that compares the faces in a reset's new photos with the
    // photos on record and answers a match decision. Any other verifier's 通过 for a
    // reset is turned into 转人工 by submit(): a password never changes on its word.
    virtual bool matches_faces_on_record() const { return false; }
    virtual Decision verify(const VerifyRequest& request) const = 0;
    // Is the graduation photo the examinee (same person as on record, usable for the
    // 学历电子注册)? 通过 / 不通过 (reason shown to the examinee) / 转人工 (a county clerk).
    virtual Decision verify_graduation(const GraduationRequest& request) const = 0;
};

// Production default: every submission goes to 报名点人工审核 (ACC-5's manual review, always
// available), until the province's face-matching service is connected as a verifier.
class ManualReview final : public Verifier {
public:
    std::string name() const override { return "manual"; }
    Decision verify(const VerifyRequest& request) const override;
    Decision verify_graduation(const GraduationRequest& request) const override;
};

// Deterministic development stand-in (refused in production, see stand_ins.hpp). Rules:
//   a password reset                                   → 转人工 (it never confirms one)
//   any photo very dark (mean luminance < 35)          → 不通过 "照片过暗，无法辨认…"
//   手持身份证照 without colour (colorfulness < 6)       → 转人工 "无法自动比对人像…"
//   otherwise                                            → 通过
// and for a graduation photo:
//   the middle third very dark (luminance < 40)        → 不通过 "人像过暗，无法辨认…"
//   no colour at all (colorfulness < 6)                  → 转人工
//   otherwise                                            → 通过
class LocalStandIn final : public Verifier {
public:
    std::string name() const override { return "local-standin"; }
    Decision verify(const VerifyRequest& request) const override;
    Decision verify_graduation(const GraduationRequest& request) const override;
};

// The verifier named by configuration key identity_verifier: "manual" (the default) or
// "local" (the development stand-in, only with development_stand_ins = true).
std::unique_ptr<Verifier> make_verifier(const Config& config);
// The process's verifier, made from the configuration at first use.
const Verifier& process_verifier(const Config& config);

// Photo kinds a path needs, in display order, with their form field names
// ("photo_" + kind) and labels.
std::vector<std::string> required_kinds(Path path);
const char* kind_label(const std::string& kind);  // 免冠彩色证件照 / 身份证人像面 / 手持身份证半身照
const char* path_name(Path path);                 // "new" / "enrolled" / "reset"

// Checks the uploaded files of a form. `errors` maps a kind to the Chinese message for
// its field; when it is empty, `photos` holds every required kind. A kind for which no file
// was chosen takes its photo from `kept` (accepted on an earlier submit of the form) when
// it is there; `kept_used` then names it.
struct CheckedUploads {
    std::vector<Photo> photos;
    std::map<std::string, std::string> errors;
    std::vector<std::string> kept_used;
};
CheckedUploads check_uploads(const std::vector<http::UploadedFile>& files, Path path,
                             const std::vector<Photo>& kept = {});

// Kinds whose picture already belongs to another examinee (→ field errors).
std::map<std::string, std::string> duplicates_elsewhere(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                                        const std::vector<Photo>& photos);

// Locks the examinee's row for the rest of the transaction and returns its identity_status
// as it is now (after any concurrent submission has committed).
std::string lock_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id);

struct Submission {
    std::int64_t verification_id = 0;
    Decision decision;          // as applied (a reset is never 通过 on a stand-in's word)
    std::string cancel_token;   // Path::Reset while waiting: the owner's one-time cancel token (hex)
};
// Stores the photos and the submission and applies the decision to the examinee, in
// the caller's transaction. An open submission of the same examinee is superseded. A
// reset that waits for a clerk gets a cancel token (only its hash is stored).
// `pending_password_hash` is required for Path::Reset.
Submission submit(pqxx::transaction_base& tx, std::int64_t examinee_id, Path path, const std::vector<Photo>& photos,
                  const Verifier& verifier, const Decision& decision,
                  const std::optional<std::string>& pending_password_hash = std::nullopt);

// The photos of the examinee's last confirmed identity (latest approved submission);
// empty when the identity was confirmed otherwise (imported as verified).
std::vector<StoredPhoto> photos_on_record(pqxx::transaction_base& tx, std::int64_t examinee_id);

// Staff decisions on a submission in status 'manual'. Return false when the submission
// is not (or no longer) waiting for a person.
bool approve(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id);
bool refuse(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id, const std::string& reason);

}  // namespace zk::identity
