// chsi_authorizations.hpp: 学信网 authorisations (one per QR code: a random single-use
// state that expires after 10 minutes) and the 学历 records a completed one brought
// (CHSI-1 … CHSI-3), as the verify pages, the signed callback and the dev simulator use
// them. Times are China time.
// SECURITY: a state is looked up only as a parameter; the examinee of a callback is the
// authorisation row's, never the payload's. 证件号码 arrive and leave encrypted.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::chsi_authorizations {

// The examinee's newest authorisation.
struct Latest {
    std::string state;
    std::string status;      // pending / completed / expired
    bool live = false;       // not yet past its expiry
    std::string expires;     // "HH24:MI"
    std::string completed;   // "YYYY-MM-DD HH24:MI", "" unless completed
};
std::optional<Latest> latest(pqxx::transaction_base& tx, std::int64_t examinee_id);

// Expires every pending authorisation of the examinee.
void expire_pending(pqxx::transaction_base& tx, std::int64_t examinee_id);
// A new pending authorisation valid for 10 minutes.
void create(pqxx::transaction_base& tx, std::int64_t examinee_id, const std::string& state);

// The authorisation named by `state`, locked (FOR UPDATE) for the rest of the transaction.
struct Locked {
    std::int64_t id = 0;
    std::int64_t examinee_id = 0;
    std::string status;
    bool expired = false;  // past its expiry
};
std::optional<Locked> lock_by_state(pqxx::transaction_base& tx, const std::string& state);
// Marks it expired if it is still pending.
void mark_expired(pqxx::transaction_base& tx, std::int64_t authorization_id);
void complete(pqxx::transaction_base& tx, std::int64_t authorization_id);

// What the simulator needs to play 学信网 for a state: the authorisation's status and
// the encrypted 身份证号 of the examinee it belongs to.
struct ForSimulator {
    std::string status;
    bool live = false;
    std::string id_number_enc;  // FieldCipher context "id_number"
};
std::optional<ForSimulator> for_simulator(pqxx::transaction_base& tx, const std::string& state);

// One 学历 as stored (CHSI-3).
struct Record {
    std::string name;
    std::string id_number_enc;  // FieldCipher context "id_number"
    std::string gender;         // M / F
    std::string school, major, level, study_form, category;
    int entry_year = 0, graduation_year = 0;
    std::string conclusion;
    std::string verified;  // "YYYY-MM-DD HH24:MI:SS" when read; ignored when stored
};
// The newest verification is what 学信网 says now: the examinee's earlier records are
// deleted and `records` stored under the authorisation.
void replace_records(pqxx::transaction_base& tx, std::int64_t authorization_id, std::int64_t examinee_id,
                     const std::vector<Record>& records);
// The examinee's records in the order they were stored.
std::vector<Record> records_of(pqxx::transaction_base& tx, std::int64_t examinee_id);

}  // namespace zk::store::chsi_authorizations
