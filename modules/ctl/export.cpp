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
#include <stdexcept>

#include "common/base/crypto.hpp"
#include "common/base/csv.hpp"
#include "common/store/exports.hpp"
#include "common/store/payment_orders.hpp"
#include "common/domain/money.hpp"
#include "common/domain/payment_protocol.hpp"
#include "modules/ctl/commands.hpp"
#include "common/domain/application_record.hpp"

namespace fs = std::filesystem;

namespace zk::ctl {

namespace {

void usage_message() {
    std::cerr << "用法：zikao-ctl export applications [--status 审批状态] [--county 区县代码] 输出文件.csv\n"
                 "      zikao-ctl export graduates 输出目录\n"
                 "      zikao-ctl export payments 输出文件.csv\n"
                 "  审批状态：";
    const auto& codes = application_record::status_codes();
    for (std::size_t i = 0; i < codes.size(); ++i) std::cerr << (i ? " | " : "") << codes[i];
    std::cerr << "\n";
}

std::string gender_text(const std::string& g) { return g == "F" ? "女" : g == "M" ? "男" : g; }

// A new file, mode exactly 0600; refuses an existing file or a symlink in its place.
class OutFile {
public:
    explicit OutFile(const fs::path& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd_ < 0)
            throw std::runtime_error("无法创建 " + path.string() + "：" + std::strerror(errno) +
                                     (errno == EEXIST ? "（导出从不覆盖已有文件：请先移走它或换一个文件名）" : ""));
        if (::fchmod(fd_, 0600) != 0) {
            const int err = errno;
            discard();
            throw std::runtime_error("无法设置 " + path.string() + " 的权限：" + std::strerror(err));
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
            if (n <= 0) throw std::runtime_error("无法写入 " + path_.string() + "：" + std::strerror(errno));
            done += static_cast<std::size_t>(n);
        }
    }
    // fsync and close; the file stays.
    void commit() {
        if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
            const int err = errno;
            fd_ = -1;
            ::unlink(path_.c_str());
            throw std::runtime_error("无法完成写入 " + path_.string() + "：" + std::strerror(err));
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

store::exports::Batch current_batch(Snapshot& tx) {
    auto batch = store::exports::current_batch(tx);
    if (!batch) throw std::runtime_error("没有当前批次（batches.is_current）");
    return *batch;
}

// ---- applications ------------------------------------------------------------------------

int export_applications(const Config& config, const std::vector<std::string>& args) {
    std::string status, county, out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--status" || args[i] == "--county") {
            const bool is_status = args[i] == "--status";
            if (missing_value(args, i, is_status ? "审批状态（例：--status submitted）" : "区县代码（例：--county 140105）")) {
                usage_message();
                return 2;
            }
            (is_status ? status : county) = args[++i];
        } else if (out.empty() && !args[i].empty() && args[i][0] != '-') {
            out = args[i];
        } else {
            if (args[i].starts_with("-")) std::cerr << "未知选项 " << args[i] << "\n";
            usage_message();
            return 2;
        }
    }
    if (out.empty()) {
        usage_message();
        return 2;
    }
    if (!status.empty() && !application_record::status_name(status)) {
        std::cerr << "zikao-ctl export applications：未知的审批状态 '" << status << "'\n";
        usage_message();
        return 2;
    }
    if (!county.empty() && (county.size() != 6 || county.find_first_not_of("0123456789") != std::string::npos)) {
        std::cerr << "zikao-ctl export applications：--county 应为6位数字的区县代码\n";
        return 2;
    }
    const crypto::FieldCipher cipher = field_cipher(config);
    say_database(config);
    const auto conn = connect(config);
    Snapshot tx(*conn, "export_applications");
    const auto batch = current_batch(tx);
    if (!county.empty() && !store::exports::county_exists(tx, county)) {
        std::cerr << "zikao-ctl export applications：没有代码为 " << county << " 的区县\n";
        return 2;
    }
    const auto rows = store::exports::applications(tx, batch.id, status, county);

    OutFile file(out);
    file.write(csv::line({"申请编号", "姓名", "身份证号", "准考证号", "性别", "毕业申请区县", "申请院校", "申请专业代码",
                         "申请专业", "审批进度", "提交时间"}));
    std::size_t applications = 0;
    std::string last_id;
    for (const auto& r : rows) {
        if (r.application_id != last_id) ++applications;
        last_id = r.application_id;
        file.write(csv::line({r.application_id, r.name, cipher.decrypt(r.id_number_enc, "id_number"), r.ticket_no,
                              gender_text(r.gender), r.county, r.institution, r.major_code, r.major_name,
                              application_record::status_text(r.status), r.submitted}));
    }
    file.commit();
    tx.commit();
    std::cout << "毕业申请：" << applications << " 份申请，" << rows.size() << " 行（" << batch.name
              << (status.empty() ? "" : "，审批状态 " + status) << (county.empty() ? "" : "，区县 " + county)
              << "）已写入 " << out << "\n";
    return 0;
}

// ---- payments ----------------------------------------------------------------------------

// Every paid order, for the finance office: one row per payment, amounts in 元 with two
// decimals and in 分, the provider's trade number to match against its statement.
int export_payments(const Config& config, const std::vector<std::string>& args) {
    if (args.size() != 2 || args[1].empty() || args[1][0] == '-') {
        usage_message();
        return 2;
    }
    const std::string out = args[1];
    say_database(config);
    const auto conn = connect(config);
    Snapshot tx(*conn, "export_payments");
    const auto rows = store::payment_orders::paid(tx);
    OutFile file(out);
    file.write(csv::line({"商户订单号", "支付方式", "支付平台交易号", "支付金额（元）", "支付金额（分）", "支付时间",
                          "到账确认时间", "确认方式", "申请编号", "准考证号", "姓名", "毕业申请区县代码", "毕业申请区县",
                          "批次"}));
    std::int64_t total = 0;
    for (const auto& r : rows) {
        total += r.amount_fen;
        const auto channel = payment::channel_of(r.channel);
        file.write(csv::line({r.order_no, channel ? payment::name_of(*channel) : r.channel, r.trade_no,
                              money::format_yuan(r.amount_fen), std::to_string(r.amount_fen), r.paid_at, r.settled_at,
                              r.paid_via == "query" ? "对账查询" : "异步通知", std::to_string(r.application_id),
                              r.ticket_no, r.name, r.county_code, r.county_name, r.batch_name}));
    }
    file.commit();
    tx.commit();
    std::cout << "缴费记录：" << rows.size() << " 笔已支付订单，合计 " << money::format_yuan(total) << " 元，已写入 "
              << out << "\n";
    return 0;
}

// ---- graduates ---------------------------------------------------------------------------

// Creates `dir` with mode 0700; an existing directory must be empty.
void make_private_dir(const fs::path& dir) {
    if (::mkdir(dir.c_str(), 0700) == 0) {
        ::chmod(dir.c_str(), 0700);
        return;
    }
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!fs::is_empty(dir)) throw std::runtime_error(dir.string() + " 已存在且不是空目录");
        if (::chmod(dir.c_str(), 0700) != 0)
            throw std::runtime_error("无法设置 " + dir.string() + " 的权限：" + std::strerror(errno));
        return;
    }
    throw std::runtime_error("无法创建目录 " + dir.string() + "：" + std::strerror(err));
}

int export_graduates(const Config& config, const std::vector<std::string>& args) {
    if (args.size() != 2 || args[1].empty() || args[1][0] == '-') {
        usage_message();
        return 2;
    }
    const fs::path outdir = args[1];
    const crypto::FieldCipher cipher = field_cipher(config);
    say_database(config);
    const auto conn = connect(config);
    Snapshot tx(*conn, "export_graduates");
    const auto batch = current_batch(tx);
    const auto rows = store::exports::graduates(tx, batch.id);

    make_private_dir(outdir);
    make_private_dir(outdir / "photos");
    std::vector<fs::path> written;  // photos, removed again if the export fails
    try {
        OutFile csv(outdir / "graduates.csv");
        csv.write(csv::line({"姓名", "身份证号", "性别", "准考证号", "主考院校", "专业代码", "专业", "层次", "毕业申请区县",
                            "照片文件"}));
        std::size_t without_photo = 0;
        std::optional<std::int64_t> last_examinee;
        for (const auto& r : rows) {
            const bool first_row = last_examinee != r.examinee_id;  // a graduate may have two rows
            last_examinee = r.examinee_id;
            const std::string id_number = cipher.decrypt(r.id_number_enc, "id_number");
            // 身份证号 were validated at registration/import; still, a file name takes no chances.
            if (id_number.empty() || id_number.find_first_not_of("0123456789X") != std::string::npos)
                throw std::runtime_error("考生 " + std::to_string(r.examinee_id) + " 的身份证号格式不正确");
            std::string photo_name;
            if (r.photo_id) {
                photo_name = "photos/" + id_number + ".jpg";
                if (first_row) {
                    const std::string data = store::exports::photo_data(tx, *r.photo_id);
                    OutFile photo(outdir / photo_name);
                    written.push_back(outdir / photo_name);
                    photo.write(data);
                    photo.commit();
                }
            } else if (first_row) {
                ++without_photo;
                std::cerr << "毕业生：" << r.name << "（准考证号 " << r.ticket_no
                          << "）没有毕业照片，照片文件一栏留空\n";
            }
            csv.write(csv::line({r.name, id_number, gender_text(r.gender), r.ticket_no, r.institution, r.major_code,
                                 r.major_name, r.level, r.county, photo_name}));
        }
        csv.commit();
        tx.commit();
        std::cout << "毕业生：" << rows.size() << " 行，照片 " << written.size() << " 张，" << without_photo
                  << " 人没有毕业照片（" << batch.name << "），已写入 " << outdir.string() << "\n";
    } catch (...) {
        for (const auto& p : written) ::unlink(p.c_str());
        throw;
    }
    return 0;
}

}  // namespace

bool export_needs_no_config(const std::vector<std::string>& args) {
    return args.empty() || (args[0] != "applications" && args[0] != "graduates" && args[0] != "payments");
}

int export_without_config(const std::vector<std::string>& args) {
    if (!args.empty()) std::cerr << "zikao-ctl export：未知的导出类型 '" << args[0] << "'\n";
    usage_message();
    return 2;
}

int export_command(const Config& config, const std::vector<std::string>& args) {
    if (export_needs_no_config(args)) return export_without_config(args);
    if (args[0] == "applications") return export_applications(config, args);
    if (args[0] == "payments") return export_payments(config, args);
    return export_graduates(config, args);
}

}  // namespace zk::ctl
