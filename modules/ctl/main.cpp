// main.cpp: zikao-ctl, the operator's command-line tool (not a FastCGI module).
//   zikao-ctl [--config FILE] keygen KEYDIR [--with-chsi-simulator] [--with-pay-sandbox]
//                                                  create data/index/csrf keys (0600) and the payment
//                                                  merchant's RSA pair, keep existing; dev stacks add
//                                                  the 学信网 simulator's and the payment sandbox's pairs
//   zikao-ctl [--config FILE] migrate SQLDIR       apply new SQLDIR/*.sql, each in a transaction (sql/migrations;
//                                                  the dev and test stacks then sql/sandbox)
//   zikao-ctl [--config FILE] status SQLDIR        list applied and pending migrations
//   zikao-ctl [--config FILE] check-statements     prepare every SQL statement of the project against
//                                                  the database (after migrate): "N statements prepared"
//   zikao-ctl [--config FILE] load-demo DEMODIR    demo batch, windows, examinees, plans, results (never in production)
//   zikao-ctl [--config FILE] import KIND FILE.csv  LEG-1 import of one CSV file in one transaction; KIND is
//                                                  institutions|courses|majors|plans|rules|passed|examinees
//   zikao-ctl [--config FILE] purge-sessions       delete expired sessions, limit events older than 2 days
//                                                  and messages sent/given up 30 days ago (the clean-up timer)
//   zikao-ctl [--config FILE] deliver-messages     send the due SMS and e-mail of the outbox (zikao-deliver.timer)
//   zikao-ctl [--config FILE] send-test-message sms|mail RECIPIENT
//                                                  queue one test message to check the gateway configuration
//   zikao-ctl [--config FILE] audit TICKET INST MAJOR [options]  the graduation audit of one examinee
//   zikao-ctl [--config FILE] audit-log verify     REV-3: recompute the staff audit log's hash chain;
//                                                  exit 1 naming the first broken row
//   zikao-ctl [--config FILE] reconcile            PAY-3: ask the payment provider about every unfinished
//                                                  order, settle the paid ones, close the expired ones
//                                                  (zikao-reconcile.timer)
//   zikao-ctl [--config FILE] export KIND ...      LEG-2 exports (applications | graduates | payments),
//                                                  files 0600 / directories 0700, see export.hpp
// Configuration: an explicit --config FILE is authoritative (the environment may only point
// keys_dir and *_file at credentials, as the systemd units do); without it $ZIKAO_CONFIG or
// /etc/zikao/zikao.conf, which ZIKAO_<KEY> may override key by key. Usage and the messages
// of import, audit and export are in Chinese, for the exam office's maintainers.
// The tool runs as whoever starts it and never changes user: in production root runs it
// (root-only keys, root mapped to the database role), in the dev stack the service user
// does (`make ctl ARGS="…"`); a root refused by peer authentication is told so.
// SECURITY: trusts the SQL files it is pointed at (they are part of the release) and the
// configuration (including the SMS gateway and mail server it names); demo passwords are
// hashed and ID numbers encrypted exactly as at registration, so the demo database is as
// safe to dump as production.
#include <unistd.h>

#include <iostream>
#include <optional>

#include "common/base/config.hpp"
#include "modules/ctl/audit_cmd.hpp"
#include "modules/ctl/commands.hpp"
#include "modules/ctl/deliver.hpp"
#include "modules/ctl/export.hpp"
#include "modules/ctl/import.hpp"
#include "modules/ctl/reconcile.hpp"

namespace {
using zk::Config;

[[noreturn]] void usage() {
    std::cerr << "用法：zikao-ctl [--config 配置文件] 命令 …\n"
                 "  keygen 密钥目录 [--with-chsi-simulator] [--with-pay-sandbox]\n"
                 "  migrate SQL目录 | status SQL目录 | check-statements | audit-log verify\n"
                 "  load-demo 演示数据目录 | purge-sessions | deliver-messages | reconcile\n"
                 "  send-test-message sms|mail 收件人\n"
                 "  import 类型 文件.csv\n"
                 "      类型：institutions | courses | majors | plans | rules | passed | examinees\n"
                 "      passed 的列：ticket_no,course_code,passed_on,score,source[,verified[,used_by_graduation]]\n"
                 "        标记取值 是/否、true/false、1/0；留空：新成绩取默认（已核验、未用于毕业），已有成绩不变；\n"
                 "        只有 old_plan_certificate（旧计划合格证）可为未核验\n"
                 "  audit 准考证号 主考院校代码 专业代码 [--english 课程代码,课程代码…]\n"
                 "        [--choose 规则:新课程:旧课程[+旧课程…]]… [--suggest-english] [--what-if]\n"
                 "  export applications [--status 审批状态] [--county 区县代码] 输出文件.csv\n"
                 "  export graduates 输出目录 | export payments 输出文件.csv\n"
                 "配置文件：--config 指定的文件为准（环境变量只能覆盖 keys_dir 和 *_file）；\n"
                 "未指定时读取 $ZIKAO_CONFIG 或 /etc/zikao/zikao.conf，环境变量 ZIKAO_<KEY> 可覆盖其中任一项。\n";
    std::exit(2);
}

// An explicit --config is authoritative: the environment only points at credentials (the
// systemd units' credentials directory). Without it, ZIKAO_<KEY> overrides any key.
Config load_config(const std::optional<std::string>& explicit_path) {
    if (!explicit_path) {
        const char* env = std::getenv("ZIKAO_CONFIG");
        return Config::load(env ? env : "/etc/zikao/zikao.conf");
    }
    Config config = Config::load(*explicit_path, Config::Environment::CredentialsOnly);
    for (const auto& name : config.ignored_environment())
        std::cerr << "注意：已用 --config 指定配置文件，环境变量 " << name << " 不起作用\n";
    return config;
}

// As root, PostgreSQL's peer authentication refuses the connection unless root is mapped
// to the role (production, docs/runbook.md §3); the dev stack's role is the service user.
void explain_peer_failure(const std::string& what) {
    if (::geteuid() != 0 || what.find("Peer authentication failed") == std::string::npos) return;
    std::cerr << "以 root 身份连接数据库被拒绝（peer 认证）。开发环境请以服务用户运行："
                 "make ctl ARGS=\"…\"，或 setpriv --reuid=zikao --regid=zikao --init-groups -- zikao-ctl …；"
                 "生产环境请按 docs/runbook.md 第3节在 pg_ident.conf 中把 root 映射到 zikao。\n";
}
}  // namespace

int main(int argc, char** argv) {
    std::optional<std::string> config_path;
    int i = 1;
    if (i < argc && std::string(argv[i]) == "--config") {
        if (i + 1 >= argc || std::string(argv[i + 1]).starts_with("--")) {
            std::cerr << "--config 缺少配置文件路径（例：--config /etc/zikao/zikao.conf）\n";
            return 2;
        }
        config_path = argv[i + 1];
        i += 2;
    }
    if (i >= argc) usage();
    const std::string command = argv[i++];
    const std::string arg = i < argc ? argv[i] : "";
    try {
        if (command == "keygen") {
            if (arg.empty() || arg[0] == '-') usage();
            bool simulator = false, pay_sandbox = false;
            for (int j = i + 1; j < argc; ++j) {
                const std::string flag = argv[j];
                if (flag == "--with-chsi-simulator") simulator = true;
                else if (flag == "--with-pay-sandbox") pay_sandbox = true;
                else usage();
            }
            return zk::ctl::keygen(arg, simulator, pay_sandbox);
        }
        const std::vector<std::string> rest(argv + i, argv + argc);
        if (command == "export" && zk::ctl::export_needs_no_config(rest)) return zk::ctl::export_without_config(rest);
        const Config config = load_config(config_path);
        if (command == "migrate" && !arg.empty()) return zk::ctl::migrate(config, arg, false);
        if (command == "status" && !arg.empty()) return zk::ctl::migrate(config, arg, true);
        if (command == "check-statements" && i == argc) return zk::ctl::check_statements(config);
        if (command == "audit-log" && arg == "verify" && i + 1 == argc) return zk::ctl::audit_log_verify(config);
        if (command == "load-demo" && !arg.empty()) return zk::ctl::load_demo(config, arg);
        if (command == "purge-sessions") return zk::ctl::purge_sessions(config);
        if (command == "deliver-messages" && i == argc) return zk::ctl::deliver_messages(config);
        if (command == "reconcile" && i == argc) return zk::ctl::reconcile(config);
        if (command == "send-test-message" && i + 2 == argc)
            return zk::ctl::send_test_message(config, arg, argv[i + 1]);
        if (command == "import" && i + 2 == argc) return zk::ctl::import_command(config, arg, argv[i + 1]);
        if (command == "export") return zk::ctl::export_command(config, rest);
        if (command == "audit") return zk::ctl::audit_command(config, std::vector<std::string>(argv + i, argv + argc));
        usage();
    } catch (const std::exception& e) {
        std::string what = e.what();  // libpq's messages end in a newline
        while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
        std::cerr << "zikao-ctl " << command << ": " << what << "\n";
        explain_peer_failure(what);
        return 1;
    }
}
