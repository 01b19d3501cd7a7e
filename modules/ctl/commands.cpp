// commands.cpp: migrations (recorded with a checksum so an edited, already-applied file
// is refused), key generation, demo data and the clean-up of expired sessions, old limit
// events and old messages. The demo's reference data and passed courses go through
// import.cpp, so they meet the same checks as real imports.
#include "modules/ctl/commands.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pqxx/pqxx>
#include <sstream>
#include <vector>

#include "common/base/crypto.hpp"
#include "common/base/db.hpp"
#include "common/web/session.hpp"
#include "common/domain/validate.hpp"
#include "modules/ctl/deliver.hpp"
#include "modules/ctl/import.hpp"

namespace fs = std::filesystem;

namespace zk::ctl {
namespace {

std::string read_file(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + p.string());
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::vector<fs::path> sql_files(const std::string& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".sql") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

namespace {
// The 学信网 simulator signs with chsi_sim_private.pem; the application checks with
// chsi_public.pem. In production only the public key of the real 学信网 is installed.
void write_ed25519_pair(const fs::path& private_path, const fs::path& public_path) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"),
                                                           &EVP_PKEY_free);
    if (!key) throw std::runtime_error("Ed25519 key generation failed");
    auto write = [](const fs::path& path, auto&& writer) {
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) throw std::runtime_error("cannot create " + path.string());
        std::unique_ptr<FILE, decltype(&fclose)> f(::fdopen(fd, "w"), &fclose);
        if (!f) {
            ::close(fd);
            throw std::runtime_error("cannot open " + path.string());
        }
        if (writer(f.get()) != 1) throw std::runtime_error("cannot write " + path.string());
    };
    write(private_path, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    write(public_path, [&](FILE* f) { return PEM_write_PUBKEY(f, key.get()); });
}
}  // namespace

int keygen(const std::string& key_dir, bool with_chsi_simulator) {
    fs::create_directories(key_dir);
    ::chmod(key_dir.c_str(), 0700);
    for (const char* name : {"data.key", "index.key", "csrf.key"}) {
        fs::path p = fs::path(key_dir) / name;
        if (fs::exists(p)) {
            std::cout << "kept    " << p.string() << "\n";
            continue;
        }
        crypto::write_new_key_file(p.string());
        std::cout << "created " << p.string() << "\n";
    }
    const fs::path sim_private = fs::path(key_dir) / "chsi_sim_private.pem";
    const fs::path chsi_public = fs::path(key_dir) / "chsi_public.pem";
    // Production installs the real 学信网 public key instead; only dev and test stacks ask
    // for the simulator's pair.
    if (with_chsi_simulator && !fs::exists(sim_private) && !fs::exists(chsi_public)) {
        write_ed25519_pair(sim_private, chsi_public);
        std::cout << "created " << sim_private.string() << " and " << chsi_public.string() << " (学信网 simulator)\n";
    }
    return 0;
}

int migrate(const Config& config, const std::string& sql_dir, bool status_only) {
    pqxx::connection conn(config.require("database"));
    {
        pqxx::nontransaction tx(conn);
        tx.exec("SET client_min_messages = warning");
        tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version text PRIMARY KEY, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())");
        // Two hosts upgrading at once must not both apply a migration.
        tx.exec("SELECT pg_advisory_lock(2025110101)");
    }
    int applied = 0;
    for (const auto& file : sql_files(sql_dir)) {
        const std::string version = file.stem().string();
        const std::string body = read_file(file);
        const std::string checksum = crypto::to_hex(crypto::sha256(body));
        pqxx::work tx(conn);
        auto r = tx.exec_params("SELECT checksum FROM schema_migrations WHERE version = $1", version);
        if (!r.empty()) {
            if (r[0][0].as<std::string>() != checksum)
                throw std::runtime_error("migration " + version +
                                         " was changed after it was applied; add a new migration instead");
            if (status_only) std::cout << "applied " << version << "\n";
            continue;
        }
        if (status_only) {
            std::cout << "pending " << version << "\n";
            continue;
        }
        tx.exec(body);
        tx.exec_params("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", version, checksum);
        tx.commit();
        std::cout << "applied " << version << "\n";
        ++applied;
    }
    if (!status_only) std::cout << "migrations: " << applied << " applied, schema is current\n";
    return 0;
}

int load_demo(const Config& config, const std::string& demo_dir) {
    const crypto::FieldCipher cipher = field_cipher(config);
    pqxx::connection conn(config.require("database"));
    pqxx::work tx(conn);
    for (const auto& file : sql_files(demo_dir)) tx.exec(read_file(file));

    // examinees.csv: name,id_number,ticket_no,password,county_code,identity_status,
    // ethnicity,hukou,education,occupation,political_status,phone,email
    std::ifstream csv(fs::path(demo_dir) / "examinees.csv");
    if (!csv) throw std::runtime_error("cannot read " + demo_dir + "/examinees.csv");
    std::string line;
    int line_no = 0, added = 0;
    std::getline(csv, line);  // header
    ++line_no;
    while (std::getline(csv, line)) {
        ++line_no;
        if (line.empty()) continue;
        auto f = csv_fields(line);
        if (f.size() != 13) throw std::runtime_error("examinees.csv line " + std::to_string(line_no) + ": 13 fields expected");
        auto id = validate::check_id_number(f[1]);
        if (!id.info) throw std::runtime_error("examinees.csv line " + std::to_string(line_no) + ": " + id.error);
        const std::string& idn = id.info->normalized;
        std::string hash = f[3].empty() ? std::string() : crypto::hash_password(f[3]);
        auto r = tx.exec_params(
            "INSERT INTO examinees (name, id_number_enc, id_number_index, ticket_no, gender, ethnicity, hukou,"
            " education, occupation, political_status, phone_enc, phone_index, county_code, email,"
            " password_hash, identity_status)"
            " VALUES ($1,$2,$3,NULLIF($4,''),$5,$6,$7,$8,$9,$10,$11,$12,$13,NULLIF($14,''),NULLIF($15,''),$16)"
            " ON CONFLICT (id_number_index) DO NOTHING",
            f[0], db::bytes(cipher.encrypt(idn, "id_number")), db::bytes(cipher.blind_index(idn, "id_number")), f[2],
            std::string(1, id.info->gender), f[6], f[7], f[8], f[9], f[10],
            db::bytes(cipher.encrypt(f[11], "phone")), db::bytes(cipher.blind_index(f[11], "phone")), f[4], f[12],
            hash, f[5]);
        added += static_cast<int>(r.affected_rows());
    }
    // staff.csv: username,display_name,role,county_code,city_code,password
    int staff_added = 0;
    std::ifstream staff_csv(fs::path(demo_dir) / "staff.csv");
    if (staff_csv) {
        std::getline(staff_csv, line);  // header
        line_no = 1;
        while (std::getline(staff_csv, line)) {
            ++line_no;
            if (line.empty()) continue;
            auto f = csv_fields(line);
            if (f.size() != 6) throw std::runtime_error("staff.csv line " + std::to_string(line_no) + ": 6 fields expected");
            auto r = tx.exec_params(
                "INSERT INTO staff (username, display_name, role, county_code, city_code, password_hash)"
                " VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6) ON CONFLICT (username) DO NOTHING",
                f[0], f[1], f[2], f[3], f[4], crypto::hash_password(f[5]));
            staff_added += static_cast<int>(r.affected_rows());
        }
    }
    // Reference data, then results, in dependency order and with the checks of `zikao-ctl
    // import`. A missing file is skipped: a directory holding only examinees.csv (the
    // integration tests' private accounts) is a valid demo directory.
    std::vector<std::string> imported;
    for (ImportKind kind : {ImportKind::Institutions, ImportKind::Courses, ImportKind::Majors, ImportKind::Plans,
                            ImportKind::Rules, ImportKind::Passed}) {
        const fs::path file = fs::path(demo_dir) / (std::string(import_kind_name(kind)) + ".csv");
        if (!fs::exists(file)) continue;
        ImportReport report = import_file(tx, &cipher, kind, file.string(), file.filename().string());
        if (!report.errors.empty()) {
            std::string all;
            for (const auto& e : report.errors) all += "\n  " + e;
            throw std::runtime_error("bad rows in the demo data; nothing was loaded:" + all);
        }
        imported.push_back(file.filename().string() + ": " + report.summary());
    }
    tx.commit();
    std::cout << "demo data: " << added << " examinees and " << staff_added
              << " staff added (existing ones kept)\n";
    for (const auto& line : imported) std::cout << "demo data: " << line << "\n";
    return 0;
}

crypto::FieldCipher field_cipher(const Config& config) {
    const std::string keys = config.require("keys_dir");
    return crypto::FieldCipher(crypto::read_key_file(keys + "/data.key"), crypto::read_key_file(keys + "/index.key"));
}

int purge_sessions(const Config& config) {
    db::Statements statements = purge_message_statements();
    // The limits look back at most a day (common/domain/recovery.hpp); two days leave a margin
    // for clock differences between hosts.
    statements.push_back({"purge_limit_events", "DELETE FROM limit_events WHERE at < now() - interval '2 days'"});
    db::Database database(config.require("database"), std::move(statements));
    session::Settings settings;
    settings.idle_minutes = static_cast<int>(config.get_int("session_idle_minutes", 30));
    struct Removed {
        long sessions, limit_events, messages;
    };
    const Removed n = database.write([&](pqxx::work& tx) {
        return Removed{session::purge_expired(tx, settings),
                       static_cast<long>(tx.exec_prepared("purge_limit_events").affected_rows()),
                       purge_old_messages(tx)};
    });
    std::cout << "sessions: " << n.sessions << " expired removed\n"
              << "limit events: " << n.limit_events << " older than 2 days removed\n"
              << "messages: " << n.messages << " sent or given up more than 30 days ago removed\n";
    return 0;
}

}  // namespace zk::ctl
