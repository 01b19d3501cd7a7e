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

#include "common/config.hpp"
#include "common/db.hpp"
#include "common/http/forms.hpp"
#include "common/image.hpp"

namespace zk::identity {

enum class Path { New, Enrolled, Reset };  // 三照 at registration; 两照 for 在籍考生; 两照 to reset a password
enum class Outcome { Pass, Fail, Manual };

struct Decision {
    Outcome outcome = Outcome::Manual;
    std::string reason;  // Chinese, shown to the examinee (and to staff)
};

struct Photo {
    std::string kind;  // "portrait", "id_front", "id_in_hand"
    image::CheckedImage image;
};

// The face/identity check. A production verifier calls the province's service; the
// local stand-in decides from the images so tests can steer it.
class Verifier {
public:
    virtual ~Verifier() = default;
    virtual std::string name() const = 0;
    virtual Decision verify(const std::string& name, const std::string& id_number,
                            const std::vector<Photo>& photos) const = 0;
};

// Deterministic stand-in. Rules, in order:
//   any photo very dark (mean luminance < 35)          → 不通过 "照片过暗，无法辨认…"
//   手持身份证照 without colour (colorfulness < 6)       → 转人工 "无法自动比对人像…"
//   otherwise                                            → 通过
class LocalStandIn final : public Verifier {
public:
    std::string name() const override { return "local-standin"; }
    Decision verify(const std::string& name, const std::string& id_number,
                    const std::vector<Photo>& photos) const override;
};

// The verifier named by configuration key identity_verifier ("local", the default).
std::unique_ptr<Verifier> make_verifier(const Config& config);
// The process's verifier, made from the configuration at first use.
const Verifier& process_verifier(const Config& config);

// Photo kinds a path needs, in display order, with their form field names
// ("photo_" + kind) and labels.
std::vector<std::string> required_kinds(Path path);
const char* kind_label(const std::string& kind);  // 免冠彩色证件照 / 身份证人像面 / 手持身份证半身照
const char* path_name(Path path);                 // "new" / "enrolled" / "reset"

// Checks the uploaded files of a form. `errors` maps a kind to the Chinese message for
// its field; when it is empty, `photos` holds every required kind.
struct CheckedUploads {
    std::vector<Photo> photos;
    std::map<std::string, std::string> errors;
};
CheckedUploads check_uploads(const std::vector<http::UploadedFile>& files, Path path);

// Kinds whose picture already belongs to another examinee (→ field errors).
std::map<std::string, std::string> duplicates_elsewhere(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                                        const std::vector<Photo>& photos);

// Locks the examinee's row for the rest of the transaction and returns its identity_status
// as it is now (after any concurrent submission has committed).
std::string lock_examinee(pqxx::transaction_base& tx, std::int64_t examinee_id);

struct Submission {
    std::int64_t verification_id = 0;
    Decision decision;
};
// Stores the photos and the submission and applies the decision to the examinee, in
// the caller's transaction. An open submission of the same examinee is superseded.
// `pending_password_hash` is required for Path::Reset.
Submission submit(pqxx::transaction_base& tx, std::int64_t examinee_id, Path path, const std::vector<Photo>& photos,
                  const Verifier& verifier, const Decision& decision,
                  const std::optional<std::string>& pending_password_hash = std::nullopt);

// Staff decisions on a submission in status 'manual'. Return false when the submission
// is not (or no longer) waiting for a person.
bool approve(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id);
bool refuse(pqxx::transaction_base& tx, std::int64_t verification_id, std::int64_t staff_id, const std::string& reason);

// Statements this file needs (modules that verify identities prepare them).
db::Statements statements();

}  // namespace zk::identity
