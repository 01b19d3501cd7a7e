// pending_uploads.cpp: see pending_uploads.hpp.
#include "common/store/pending_uploads.hpp"

#include "common/base/crypto.hpp"
#include "common/base/db.hpp"

namespace zk::store::pending_uploads {

std::string binding_of(const std::string& identifies) { return crypto::sha256("pending-upload:" + identifies); }

const db::Statement kPut{"pending_uploads_put", R"sql(
    INSERT INTO pending_uploads (binding, form, field, file_name, content_type, sha256, data, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, now() + $8::interval)
    ON CONFLICT (binding, form, field) DO UPDATE SET file_name = EXCLUDED.file_name,
      content_type = EXCLUDED.content_type, sha256 = EXCLUDED.sha256, data = EXCLUDED.data,
      created_at = now(), expires_at = EXCLUDED.expires_at
)sql"};
void put(pqxx::transaction_base& tx, const std::string& binding, const std::string& form, const Upload& u) {
    kPut(tx, db::bytes(binding), form, u.field, u.file_name, u.content_type, db::bytes(u.sha256), db::bytes(u.data),
         std::string(kLifetime));
}

const db::Statement kList{"pending_uploads_list", R"sql(
    SELECT field, file_name, content_type, sha256, data FROM pending_uploads
    WHERE binding = $1 AND form = $2 AND expires_at > now() ORDER BY field
)sql"};
std::vector<Upload> list(pqxx::transaction_base& tx, const std::string& binding, const std::string& form) {
    std::vector<Upload> out;
    for (const auto& r : kList(tx, db::bytes(binding), form))
        out.push_back({db::text(r["field"]), db::text(r["file_name"]), db::text(r["content_type"]),
                       db::bytes_of(r["sha256"]), db::bytes_of(r["data"])});
    return out;
}

const db::Statement kRemove{"pending_uploads_remove", R"sql(
    DELETE FROM pending_uploads WHERE binding = $1 AND form = $2 AND field = $3
)sql"};
void remove(pqxx::transaction_base& tx, const std::string& binding, const std::string& form, const std::string& field) {
    kRemove(tx, db::bytes(binding), form, field);
}

const db::Statement kRemoveAll{"pending_uploads_remove_all", R"sql(
    DELETE FROM pending_uploads WHERE binding = $1 AND form = $2
)sql"};
void remove_all(pqxx::transaction_base& tx, const std::string& binding, const std::string& form) {
    kRemoveAll(tx, db::bytes(binding), form);
}

const db::Statement kPurge{"pending_uploads_purge", R"sql(
    DELETE FROM pending_uploads WHERE expires_at <= now()
)sql"};
long purge_expired(pqxx::transaction_base& tx) { return static_cast<long>(kPurge(tx).affected_rows()); }

}  // namespace zk::store::pending_uploads
