// export.cpp: LEG-2 exports. Rows are read in one read-only repeatable-read transaction
// (a consistent snapshot even while examinees keep applying), 身份证号 decrypted with the
// configured data key, and written as RFC 4180 CSV into files created with O_EXCL and
// mode 0600. On any error the files written so far are removed, so a half export is
// never mistaken for a whole one.
// SECURITY: trusts the configuration, the schema and the operator's command line. Output
// paths are opened without following a final symlink and never overwrite anything.
#include "modules/ctl/export.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <pqxx/pqxx>

#include "common/base/crypto.hpp"
#include "common/base/db.hpp"
#include "modules/ctl/commands.hpp"

namespace fs = std::filesystem;

namespace zk::ctl {

namespace {

constexpr const char* kPaymentsMessage = "payments: no payment data in this schema yet (the pay module adds it)";

const char* const kStatuses[][2] = {
    {"draft", "未提交"},         {"submitted", "已提交"},           {"photo_verified", "照片已认证"},
    {"prereview", "预审中"},     {"prereview_passed", "预审通过"},  {"prereview_failed", "预审未通过"},
    {"paid", "已支付"},          {"regform_filled", "登记表已填"},  {"materials_returned", "材料已交回"},
    {"approved", "审定通过"},    {"rejected", "审定未通过"},
};

std::optional<std::string> status_text(const std::string& status) {
    for (const auto& s : kStatuses)
        if (status == s[0]) return std::string(s[1]);
    return std::nullopt;
}

void usage_message() {
    std::cerr << "usage: zikao-ctl export applications [--status STATUS] [--county CODE] OUT.csv\n"
                 "       zikao-ctl export graduates OUTDIR\n"
                 "       zikao-ctl export payments OUT.csv\n"
                 "  STATUS: ";
    for (std::size_t i = 0; i < std::size(kStatuses); ++i) std::cerr << (i ? " | " : "") << kStatuses[i][0];
    std::cerr << "\n";
}

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

std::string gender_text(const std::string& g) { return g == "F" ? "女" : g == "M" ? "男" : g; }

// RFC 4180: quoted only when needed, quotes doubled.
std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_field(fields[i]);
    return line + "\r\n";
}

// A new file, mode exactly 0600; refuses an existing file or a symlink in its place.
class OutFile {
public:
    explicit OutFile(const fs::path& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd_ < 0)
            throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno) +
                                     (errno == EEXIST ? " (exports never overwrite; remove it or choose another name)"
                                                      : ""));
        if (::fchmod(fd_, 0600) != 0) {
            const int err = errno;
            discard();
            throw std::runtime_error("cannot chmod " + path.string() + ": " + std::strerror(err));
        }
    }
    OutFile(const OutFile&) = delete;
    OutFile& operator=(const OutFile&) = delete;
    ~OutFile() {
        if (fd_ >= 0) discard();  // not committed: an exception is on its way
    }
    void write(const std::string& data) {
        std::size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw std::runtime_error("cannot write " + path_.string() + ": " + std::strerror(errno));
            done += static_cast<std::size_t>(n);
        }
    }
    // fsync and close; the file stays.
    void commit() {
        if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
            const int err = errno;
            fd_ = -1;
            ::unlink(path_.c_str());
            throw std::runtime_error("cannot finish " + path_.string() + ": " + std::strerror(err));
        }
        fd_ = -1;
    }

private:
    void discard() {
        ::close(fd_);
        fd_ = -1;
        ::unlink(path_.c_str());
    }
    fs::path path_;
    int fd_ = -1;
};

using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

int current_batch(Snapshot& tx, std::string* name) {
    auto r = tx.exec_prepared("export_current_batch");
    if (r.empty()) throw std::runtime_error("there is no current batch (batches.is_current)");
    *name = r[0][1].as<std::string>();
    return r[0][0].as<int>();
}

const char* const kCurrentBatchSql = "SELECT id, name FROM batches WHERE is_current";

// ---- applications ------------------------------------------------------------------------

const char* const kApplicationsSql =
    "SELECT a.id, e.name, e.id_number_enc, e.ticket_no, e.gender,"
    "       COALESCE(c.city_name || c.name, a.county_code::text) AS county,"
    "       COALESCE(i.name, am.institution_code) AS institution, m.code AS major_code, m.name AS major_name,"
    "       a.status,"
    "       to_char(a.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS submitted"
    "  FROM applications a"
    "  JOIN examinees e ON e.id = a.examinee_id"
    "  LEFT JOIN counties c ON c.code = a.county_code"
    "  LEFT JOIN application_majors am ON am.application_id = a.id"
    "  LEFT JOIN institutions i ON i.code = am.institution_code"
    "  LEFT JOIN majors m ON m.id = am.major_id"
    " WHERE a.batch_id = $1::integer"
    "   AND (CASE WHEN $2::text = '' THEN a.status <> 'draft' ELSE a.status = $2::text END)"
    "   AND ($3::text = '' OR a.county_code::text = $3::text)"
    " ORDER BY a.county_code, a.id, am.seq";

int export_applications(const Config& config, const std::vector<std::string>& args) {
    std::string status, county, out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--status" && i + 1 < args.size()) {
            status = args[++i];
        } else if (args[i] == "--county" && i + 1 < args.size()) {
            county = args[++i];
        } else if (out.empty() && !args[i].empty() && args[i][0] != '-') {
            out = args[i];
        } else {
            usage_message();
            return 2;
        }
    }
    if (out.empty()) {
        usage_message();
        return 2;
    }
    if (!status.empty() && !status_text(status)) {
        std::cerr << "zikao-ctl export applications: unknown status '" << status << "'\n";
        usage_message();
        return 2;
    }
    if (!county.empty() && (county.size() != 6 || county.find_first_not_of("0123456789") != std::string::npos)) {
        std::cerr << "zikao-ctl export applications: --county expects a 6-digit county code\n";
        return 2;
    }
    const crypto::FieldCipher cipher = field_cipher(config);
    pqxx::connection conn(config.require("database"));
    conn.prepare("export_current_batch", kCurrentBatchSql);
    conn.prepare("export_applications", kApplicationsSql);
    Snapshot tx(conn, "export_applications");
    std::string batch_name;
    const int batch = current_batch(tx, &batch_name);
    if (!county.empty() && tx.exec_params("SELECT 1 FROM counties WHERE code = $1", county).empty()) {
        std::cerr << "zikao-ctl export applications: no county with code " << county << "\n";
        return 2;
    }
    auto rows = tx.exec_prepared("export_applications", batch, status, county);

    OutFile file(out);
    file.write(csv_line({"申请编号", "姓名", "身份证号", "准考证号", "性别", "毕业申请区县", "申请院校", "申请专业代码",
                         "申请专业", "审批进度", "提交时间"}));
    std::size_t applications = 0;
    std::string last_id;
    for (const auto& r : rows) {
        const std::string id = r["id"].as<std::string>();
        if (id != last_id) ++applications;
        last_id = id;
        const std::string st = r["status"].as<std::string>();
        file.write(csv_line({id, r["name"].as<std::string>(),
                             cipher.decrypt(db::bytes_of(r["id_number_enc"]), "id_number"), text(r["ticket_no"]),
                             gender_text(text(r["gender"])), text(r["county"]), text(r["institution"]),
                             text(r["major_code"]), text(r["major_name"]), status_text(st).value_or(st),
                             text(r["submitted"])}));
    }
    file.commit();
    tx.commit();
    std::cout << "applications: " << applications << " applications, " << rows.size() << " rows (" << batch_name
              << (status.empty() ? "" : ", status " + status) << (county.empty() ? "" : ", county " + county)
              << ") written to " << out << "\n";
    return 0;
}

// ---- graduates ---------------------------------------------------------------------------

// One row per 申请院校/专业 of an approved application whose audit did not find it
// ineligible; the latest 'graduation' photo of the examinee, if any.
const char* const kGraduatesSql =
    "SELECT e.id AS examinee_id, e.name, e.id_number_enc, e.gender, e.ticket_no,"
    "       COALESCE(i.name, am.institution_code) AS institution, m.code AS major_code, m.name AS major_name,"
    "       m.level, COALESCE(c.city_name || c.name, a.county_code::text) AS county,"
    "       (SELECT p.id FROM photos p WHERE p.examinee_id = e.id AND p.kind = 'graduation'"
    "         ORDER BY p.created_at DESC, p.id DESC LIMIT 1) AS photo_id"
    "  FROM applications a"
    "  JOIN examinees e ON e.id = a.examinee_id"
    "  JOIN application_majors am ON am.application_id = a.id"
    "  JOIN majors m ON m.id = am.major_id"
    "  LEFT JOIN institutions i ON i.code = am.institution_code"
    "  LEFT JOIN counties c ON c.code = a.county_code"
    " WHERE a.batch_id = $1::integer AND a.status = 'approved' AND am.eligible IS NOT FALSE"
    " ORDER BY a.county_code, e.id, am.seq";

const char* const kPhotoSql = "SELECT data FROM photos WHERE id = $1";

// Creates `dir` with mode 0700; an existing directory must be empty.
void make_private_dir(const fs::path& dir) {
    if (::mkdir(dir.c_str(), 0700) == 0) {
        ::chmod(dir.c_str(), 0700);
        return;
    }
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!fs::is_empty(dir)) throw std::runtime_error(dir.string() + " exists and is not empty");
        if (::chmod(dir.c_str(), 0700) != 0)
            throw std::runtime_error("cannot chmod " + dir.string() + ": " + std::strerror(errno));
        return;
    }
    throw std::runtime_error("cannot create directory " + dir.string() + ": " + std::strerror(err));
}

int export_graduates(const Config& config, const std::vector<std::string>& args) {
    if (args.size() != 2 || args[1].empty() || args[1][0] == '-') {
        usage_message();
        return 2;
    }
    const fs::path outdir = args[1];
    const crypto::FieldCipher cipher = field_cipher(config);
    pqxx::connection conn(config.require("database"));
    conn.prepare("export_current_batch", kCurrentBatchSql);
    conn.prepare("export_graduates", kGraduatesSql);
    conn.prepare("export_photo", kPhotoSql);
    Snapshot tx(conn, "export_graduates");
    std::string batch_name;
    const int batch = current_batch(tx, &batch_name);
    auto rows = tx.exec_prepared("export_graduates", batch);

    make_private_dir(outdir);
    make_private_dir(outdir / "photos");
    std::vector<fs::path> written;  // photos, removed again if the export fails
    try {
        OutFile csv(outdir / "graduates.csv");
        csv.write(csv_line({"姓名", "身份证号", "性别", "准考证号", "主考院校", "专业代码", "专业", "层次", "毕业申请区县",
                            "照片文件"}));
        std::size_t without_photo = 0;
        std::optional<std::int64_t> last_examinee;
        for (const auto& r : rows) {
            const std::int64_t examinee = r["examinee_id"].as<std::int64_t>();
            const bool first_row = last_examinee != examinee;  // a graduate may have two rows
            last_examinee = examinee;
            const std::string id_number = cipher.decrypt(db::bytes_of(r["id_number_enc"]), "id_number");
            // 身份证号 were validated at registration/import; still, a file name takes no chances.
            if (id_number.empty() || id_number.find_first_not_of("0123456789X") != std::string::npos)
                throw std::runtime_error("examinee " + std::to_string(examinee) + " has a malformed 身份证号");
            std::string photo_name;
            if (!r["photo_id"].is_null()) {
                photo_name = "photos/" + id_number + ".jpg";
                if (first_row) {
                    auto p = tx.exec_prepared("export_photo", r["photo_id"].as<std::int64_t>());
                    OutFile photo(outdir / photo_name);
                    written.push_back(outdir / photo_name);
                    photo.write(db::bytes_of(p[0][0]));
                    photo.commit();
                }
            } else if (first_row) {
                ++without_photo;
                std::cerr << "graduates: no graduation photo for " << r["name"].as<std::string>() << " (准考证号 "
                          << text(r["ticket_no"]) << "); listed with an empty 照片文件\n";
            }
            csv.write(csv_line({r["name"].as<std::string>(), id_number, gender_text(text(r["gender"])),
                                text(r["ticket_no"]), text(r["institution"]), text(r["major_code"]),
                                text(r["major_name"]), text(r["level"]), text(r["county"]), photo_name}));
        }
        csv.commit();
        tx.commit();
        std::cout << "graduates: " << rows.size() << " rows, " << written.size() << " photos, " << without_photo
                  << " without a graduation photo (" << batch_name << ") written to " << outdir.string() << "\n";
    } catch (...) {
        for (const auto& p : written) ::unlink(p.c_str());
        throw;
    }
    return 0;
}

}  // namespace

bool export_needs_no_config(const std::vector<std::string>& args) {
    return args.empty() || (args[0] != "applications" && args[0] != "graduates");
}

int export_without_config(const std::vector<std::string>& args) {
    if (!args.empty() && args[0] == "payments") {
        std::cerr << kPaymentsMessage << "\n";
        return 2;
    }
    if (!args.empty()) std::cerr << "zikao-ctl export: unknown kind '" << args[0] << "'\n";
    usage_message();
    return 2;
}

int export_command(const Config& config, const std::vector<std::string>& args) {
    if (export_needs_no_config(args)) return export_without_config(args);
    if (args[0] == "applications") return export_applications(config, args);
    return export_graduates(config, args);
}

}  // namespace zk::ctl
