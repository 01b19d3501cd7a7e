// pending_uploads.hpp: files that passed their checks on a form refused for another reason
// (/register/new's 三照, /substitute/oldplan's archive), kept for the browser that sent
// them so that the next submit of the form can use them without choosing them again.
// Keyed by (binding, form, field); a row lives kLifetime and is then ignored and purged.
// SECURITY: `binding` is a 32-byte hash of what identifies the browser (session or
// pre-login cookie): a row is only ever read back with the same binding. Rows hold the
// checked content (re-encoded photos, inspected archives), never what failed a check.
#pragma once
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::pending_uploads {

inline constexpr const char* kLifetime = "1 hour";

// The binding for what identifies the browser (a session's id hash, a pre-session cookie).
std::string binding_of(const std::string& identifies);

struct Upload {
    std::string field;         // "portrait", "id_front", "id_in_hand", "archive"
    std::string file_name;     // a label only
    std::string content_type;  // of the stored bytes, or the original's for a photo
    std::string sha256;        // 32 raw bytes of the bytes as uploaded
    std::string data;
};

// Stores or replaces the upload of `form`'s field for `binding` and restarts its hour.
void put(pqxx::transaction_base& tx, const std::string& binding, const std::string& form, const Upload& upload);
// The live uploads of the form for the binding, by field.
std::vector<Upload> list(pqxx::transaction_base& tx, const std::string& binding, const std::string& form);
void remove(pqxx::transaction_base& tx, const std::string& binding, const std::string& form, const std::string& field);
void remove_all(pqxx::transaction_base& tx, const std::string& binding, const std::string& form);
// Deletes expired rows; returns how many (`zikao-ctl purge-sessions`).
long purge_expired(pqxx::transaction_base& tx);

}  // namespace zk::store::pending_uploads
