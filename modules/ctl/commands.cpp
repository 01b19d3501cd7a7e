// commands.cpp: migrations (recorded with a checksum so an edited, already-applied file
// is refused), the check that every statement of the project prepares against the
// migrated schema, key generation, demo data, the clean-up of expired sessions, old
// limit events and old messages, and the check of the staff audit log's hash chain. The demo's reference data and passed courses go through
// import.cpp, so they meet the same checks as real imports.
#include "modules/ctl/commands.hpp"

#include "common/store/staff_audit_log.hpp"

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
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <vector>

#include "common/base/crypto.hpp"
#include "common/base/csv.hpp"
#include "common/base/db.hpp"
#include "common/domain/payment_protocol.hpp"
#include "common/domain/validate.hpp"
#include "common/store/demo.hpp"
#include "common/store/maintenance.hpp"
#include "common/store/migrations.hpp"
#include "common/store/outbound_messages.hpp"
#include "common/store/pending_uploads.hpp"
#include "common/web/session.hpp"
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

namespace {
// Creates the RSA pair unless one of its files exists already (then both are kept as they are).
void keep_or_make_rsa_pair(const fs::path& private_path, const fs::path& public_path, const char* what) {
    if (fs::exists(private_path) || fs::exists(public_path)) {
        std::cout << "kept    " << private_path.string() << " / " << public_path.string() << "\n";
        return;
    }
    payment::write_rsa_pair(private_path.string(), public_path.string());
    std::cout << "created " << private_path.string() << " and " << public_path.string() << " (" << what << ")\n";
}
}  // namespace

int keygen(const std::string& key_dir, bool with_chsi_simulator, bool with_pay_sandbox) {
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
    // This system's key as a merchant of the payment providers: it signs the checkout,
    // query and close; production gives pay_merchant_public.pem to every provider.
    const fs::path dir(key_dir);
    keep_or_make_rsa_pair(dir / "pay_merchant_private.pem", dir / "pay_merchant_public.pem", "payment merchant");
    // The payment sandbox (modules/paysim) signs as each channel's provider; production
    // installs the real providers' public keys instead.
    if (with_pay_sandbox) {
        for (payment::Channel c : payment::kChannels) {
            const std::string code = payment::code_of(c);
            keep_or_make_rsa_pair(dir / ("paysim_" + code + "_private.pem"), dir / ("pay_" + code + "_public.pem"),
                                  "payment sandbox");
        }
    }
    return 0;
}

int migrate(const Config& config, const std::string& sql_dir, bool status_only) {
    pqxx::connection conn(config.require("database"));
    {
        pqxx::nontransaction tx(conn);
        store::migrations::prepare_bookkeeping(tx);
    }
    int applied = 0;
    for (const auto& file : sql_files(sql_dir)) {
        const std::string version = file.stem().string();
        const std::string body = read_file(file);
        const std::string checksum = crypto::to_hex(crypto::sha256(body));
        pqxx::work tx(conn);
        if (const auto applied_checksum = store::migrations::applied_checksum(tx, version)) {
            if (*applied_checksum != checksum)
                throw std::runtime_error("migration " + version +
                                         " was changed after it was applied; add a new migration instead");
            if (status_only) std::cout << "applied " << version << "\n";
            continue;
        }
        if (status_only) {
            std::cout << "pending " << version << "\n";
            continue;
        }
        store::migrations::run_script(tx, body);
        store::migrations::record(tx, version, checksum);
        tx.commit();
        std::cout << "applied " << version << "\n";
        ++applied;
    }
    if (!status_only) std::cout << "migrations: " << applied << " applied, schema is current\n";
    return 0;
}

int load_demo(const Config& config, const std::string& demo_dir) {
    const crypto::FieldCipher cipher = field_cipher(config);
    const auto conn = connect(config);
    pqxx::work tx(*conn);
    for (const auto& file : sql_files(demo_dir)) store::migrations::run_script(tx, read_file(file));

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
        auto f = csv::fields(line);
        if (f.size() != 13) throw std::runtime_error("examinees.csv line " + std::to_string(line_no) + ": 13 fields expected");
        auto id = validate::check_id_number(f[1]);
        if (!id.info) throw std::runtime_error("examinees.csv line " + std::to_string(line_no) + ": " + id.error);
        const std::string& idn = id.info->normalized;
        std::string hash = f[3].empty() ? std::string() : crypto::hash_password(f[3]);
        store::demo::Examinee e{f[0], cipher.encrypt(idn, "id_number"), cipher.blind_index(idn, "id_number"),
                                f[2], std::string(1, id.info->gender), f[6], f[7], f[8], f[9], f[10],
                                cipher.encrypt(f[11], "phone"), cipher.blind_index(f[11], "phone"), f[4], f[12],
                                hash, f[5]};
        if (store::demo::add_examinee(tx, e)) ++added;
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
            auto f = csv::fields(line);
            if (f.size() != 6) throw std::runtime_error("staff.csv line " + std::to_string(line_no) + ": 6 fields expected");
            if (store::demo::add_staff(tx, {f[0], f[1], f[2], f[3], f[4], crypto::hash_password(f[5])})) ++staff_added;
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
    db::Database database(config.require("database"));
    session::Settings settings;
    settings.idle_minutes = static_cast<int>(config.get_int("session_idle_minutes", 30));
    struct Removed {
        long sessions, limit_events, messages, uploads;
    };
    const Removed n = database.write([&](pqxx::work& tx) {
        return Removed{session::purge_expired(tx, settings), store::maintenance::purge_limit_events(tx),
                       store::outbound_messages::purge_old(tx), store::pending_uploads::purge_expired(tx)};
    });
    std::cout << "sessions: " << n.sessions << " expired removed\n"
              << "limit events: " << n.limit_events << " older than 2 days removed\n"
              << "messages: " << n.messages << " sent or given up more than 30 days ago removed\n"
              << "pending uploads: " << n.uploads << " expired removed\n";
    return 0;
}

void say_database(const Config& config) {
    std::cout << "数据库：" << describe_database(config.require("database")) << std::endl;
}

bool missing_value(const std::vector<std::string>& args, std::size_t i, const std::string& what) {
    if (i + 1 < args.size() && !args[i + 1].starts_with("--")) return false;
    std::cerr << args[i] << " 缺少" << what << "\n";
    return true;
}

std::unique_ptr<pqxx::connection> connect(const Config& config) {
    auto conn = std::make_unique<pqxx::connection>(config.require("database"));
    db::prepare_all(*conn);
    return conn;
}

int audit_log_verify(const Config& config) {
    auto conn = connect(config);
    // One snapshot: rows appended while the check runs are neither half-seen nor blamed.
    pqxx::transaction<pqxx::repeatable_read, pqxx::readwrite_policy::read_only> tx(*conn);
    const auto extent = store::staff_audit_log::extent(tx);
    const std::int64_t broken = store::staff_audit_log::first_broken_link(tx);
    if (broken == 0) {
        std::cout << "staff audit log: " << extent.rows << " rows, chain intact (last row " << extent.last_id << ")\n";
        return 0;
    }
    std::cerr << "staff audit log: chain BROKEN at row " << broken;
    if (const auto e = store::staff_audit_log::entry(tx, broken))
        std::cerr << " (" << e->at << ", " << e->staff << ", " << e->action << ", " << e->subject << ")";
    std::cerr << ": this row was changed, or the row before it was deleted; no row from here on can be "
                 "trusted (" << extent.rows << " rows, last row " << extent.last_id << ")\n";
    return 1;
}

int check_statements(const Config& config) {
    pqxx::connection conn(config.require("database"));
    // One by one rather than db::prepare_all, so that every statement that does not match
    // the schema is named, not only the first. A sandbox statement (the payment sandbox's
    // schema of sql/sandbox) is checked where its schema exists: not in production.
    std::set<std::string> names;
    std::map<std::string, bool> sandbox_present;
    int prepared = 0, failed = 0, skipped = 0;
    for (const db::Statement* s : db::registered_statements()) {
        if (!names.insert(s->name()).second) {
            std::cerr << "statement " << s->name() << ": defined twice\n";
            ++failed;
            continue;
        }
        if (const std::string& schema = s->sandbox_schema(); !schema.empty()) {
            if (!sandbox_present.contains(schema)) {
                pqxx::nontransaction tx(conn);
                sandbox_present[schema] = store::migrations::schema_exists(tx, schema);
            }
            if (!sandbox_present[schema]) {
                ++skipped;
                continue;
            }
        }
        try {
            conn.prepare(s->name(), s->sql());
            conn.prepare_now(s->name());
            ++prepared;
        } catch (const pqxx::sql_error& e) {
            std::string why = e.what();
            while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
            std::cerr << "statement " << s->name() << " does not match the schema: " << why << "\n";
            ++failed;
        }
    }
    if (failed > 0) {
        std::cerr << failed << " of " << db::registered_statements().size() << " statements failed\n";
        return 1;
    }
    std::cout << prepared << " statements prepared\n";
    if (skipped > 0)
        std::cout << skipped << " statements of the development sandbox skipped (its schema, sql/sandbox, is not in this database)\n";
    return 0;
}

}  // namespace zk::ctl
