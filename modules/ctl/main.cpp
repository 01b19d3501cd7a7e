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
// SECURITY: trusts the SQL files it is pointed at (they are part of the release) and the
// configuration (including the SMS gateway and mail server it names); demo passwords are
// hashed and ID numbers encrypted exactly as at registration, so the demo database is as
// safe to dump as production.
#include <unistd.h>

#include <iostream>

#include "common/base/config.hpp"
#include "modules/ctl/audit_cmd.hpp"
#include "modules/ctl/commands.hpp"
#include "modules/ctl/deliver.hpp"
#include "modules/ctl/export.hpp"
#include "modules/ctl/import.hpp"
#include "modules/ctl/reconcile.hpp"

namespace {
[[noreturn]] void usage() {
    std::cerr << "usage: zikao-ctl [--config FILE] keygen KEYDIR [--with-chsi-simulator] [--with-pay-sandbox] |\n"
                 "                 migrate SQLDIR | status SQLDIR |\n"
                 "                 check-statements | audit-log verify |\n"
                 "                 load-demo DEMODIR | purge-sessions | import KIND FILE.csv |\n"
                 "                 deliver-messages | send-test-message sms|mail RECIPIENT | reconcile |\n"
                 "                 audit TICKET_NO INSTITUTION MAJOR [--english C,C] [--choose RULE:NEW:OLD]\n"
                 "                       [--suggest-english] [--what-if] |\n"
                 "                 export applications [--status STATUS] [--county CODE] OUT.csv |\n"
                 "                 export graduates OUTDIR | export payments OUT.csv\n"
                 "  import KIND: institutions | courses | majors | plans | rules | passed | examinees\n"
                 "  import passed: ticket_no,course_code,passed_on,score,source[,verified[,used_by_graduation]]\n"
                 "                 (flags 是/否, true/false, 1/0; empty: default for a new pass (verified, not used),\n"
                 "                 unchanged for a stored one; only old_plan_certificate may be unverified)\n";
    std::exit(2);
}
}  // namespace

int main(int argc, char** argv) {
    std::string config_path = std::getenv("ZIKAO_CONFIG") ? std::getenv("ZIKAO_CONFIG") : "/etc/zikao/zikao.conf";
    int i = 1;
    if (i + 1 < argc && std::string(argv[i]) == "--config") {
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
        zk::Config config = zk::Config::load(config_path);
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
        std::cerr << "zikao-ctl " << command << ": " << e.what() << "\n";
        return 1;
    }
}
