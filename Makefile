# Makefile: the project's commands (see README.md).
#   make run    build, start the whole system with demo data on http://127.0.0.1:$(PORT)/
#   make stop   stop what `make run` started (data in var/ is kept)
#   make test   unit tests (ASan/UBSan build), the fuzzers for a fixed number of executions
#               (FUZZ_RUNS=N overrides tests/run.sh's), integration tests through nginx on a
#               throwaway stack, ops stacks; sanitizer reports in module logs and module
#               restarts count too; last line "N passed, N failed"
#   make unit   the unit tests alone (builds only them, ASan/UBSan); same last line
#   make integration  the integration tests alone (Python, through nginx) on a throwaway
#               stack on $(TEST_PORT), its module logs and restarts checked; same last line
#   make security  sqlmap (level 3, risk 2) on every form and query string, wapiti as an
#               examinee and as a clerk, the security integration tests, on a throwaway
#               stack (ASan build) on $(SECURITY_PORT); last line "security: N findings"
#   make bench  benchmarks (wrk), figures written to BENCHMARKS.md
#   make bench-peak   the peak window: 5,000 examinees log in and submit at 64 connections,
#               memory sampled, SQL checks (SOAK_SECONDS=600 adds a soak); BENCHMARKS.md
#   make bench-faults the same with kill -9 of the apply module and a PostgreSQL restart
#   make deps   install missing Debian packages (root) or print the apt-get line
#   make fuzz   run the seven fuzzers (urlencoded, multipart, cookies, id_number, csv_import,
#               archive, payment; FUZZ_SECONDS each; FUZZ_MERGE=1 adds new coverage to tests/fuzz/corpus)
#   make install  production install (DESTDIR-aware), see docs/runbook.md
#   make ctl ARGS="audit 010120100001 10112 080901"
#               zikao-ctl against a dev stack, as its user (root → zikao, peer authentication);
#               CTL_VAR (var/dev when it has a zikao.conf, else make run's var) and CTL_BIN
#               (build/dev when it has zikao-ctl, else build/release) choose which
PORT ?= 8080
TEST_PORT ?= 18080
BENCH_PORT ?= 18090
PEAK_PORT ?= 18094
FAULTS_PORT ?= 18095
SECURITY_PORT ?= 18220
SOAK_SECONDS ?= 0
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20
STACK := tests/stack/stack.sh

.PHONY: all deps build build-test run stop test unit integration security bench bench-peak bench-faults fuzz ctl clean

all: build

deps:
	@$(STACK) deps

build: deps
	@cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build/release -j$(JOBS)

build-test:
	@$(STACK) deps test
	@cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DZIKAO_SANITIZE=ON >/dev/null
	@cmake --build build/test -j$(JOBS) $(or $(TEST_TARGETS),--target all unit_tests)

run: build
	@$(STACK) up var $(PORT) build/release --demo
	@echo
	@echo "山西自学考试信息服务平台 is running: http://127.0.0.1:$(PORT)/"
	@echo "Demo logins (password Zikao@2025):"
	@echo "  张三  身份证号 140105199003070012  准考证号 010120100001  (太原市小店区)"
	@echo "  李娜  身份证号 14010619970225006X  准考证号 010120100002  (太原市迎泽区)"
	@echo "  王强  身份证号 140403199506120038  准考证号 040320100003  (imported, no password yet: 考生注册 → 在籍考生)"
	@echo "  赵敏  身份证号 140105199208160046  准考证号 010120100004  (needs the 任选一门 choice 13180 → 02325)"
	@echo "  刘洋  身份证号 140105199504150010  准考证号 010120100005  (学信网 record says 刘阳: 本科 blocked)"
	@echo "Back office http://127.0.0.1:$(PORT)/admin/login (Staff@2025): xiaodian 小店区, yingze 迎泽区, luzhou 潞州区,"
	@echo "  taiyuan 太原市招办, shending 省审定组; admin 管理员 (Admin@2025)"
	@echo "Stop with: make stop"

stop:
	@$(STACK) down var

test: build-test
	@tests/run.sh $(TEST_PORT)

# Stages of tests/run.sh. `make unit` builds only what the unit tests link (a sub-make, so
# that `make unit integration` still builds everything for the stack).
unit:
	@$(MAKE) --no-print-directory build-test TEST_TARGETS="--target unit_tests"
	@tests/run.sh $(TEST_PORT) unit

integration: build-test
	@tests/run.sh $(TEST_PORT) integration

# The security scans (tests/security/run.sh, README.md "Security scans"); it installs sqlmap and
# wapiti itself (stack.sh deps security). Its proxy listens on SECURITY_PORT + 1.
security: build-test
	@tests/security/run.sh $(SECURITY_PORT)

bench: build
	@cmake --build build/release -j$(JOBS) --target bench-hello eligibility-bench photo-bench loadgen scrypt-bench
	@tests/bench/run.sh $(BENCH_PORT)

# The peak window of 毕业申请 (issue 18): tests/bench/peak.sh, examinees kept in var/bench/peak-5000.dump.
bench-peak: build
	@SOAK_SECONDS=$(SOAK_SECONDS) tests/bench/peak.sh $(PEAK_PORT)

bench-faults: build
	@tests/bench/faults.sh $(FAULTS_PORT)

fuzz:
	@$(STACK) deps test
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

# The dev stack's database accepts only its own user (peer authentication), as
# tests/stack/stack.sh runs everything: as root, that is user zikao, without root's groups.
# Paths in ARGS are relative to the checkout and must be readable (writable, for exports)
# by that user. make's own exit status is 2 whenever zikao-ctl's is not 0.
CTL_VAR ?= $(if $(wildcard var/dev/zikao.conf),var/dev,var)
CTL_BIN ?= $(if $(wildcard build/dev/zikao-ctl),build/dev,build/release)
ctl:
	@test -f "$(CTL_VAR)/zikao.conf" || { echo "make ctl: no $(CTL_VAR)/zikao.conf: start a stack (make run) or set CTL_VAR" >&2; exit 2; }
	@test -x "$(CTL_BIN)/zikao-ctl" || { echo "make ctl: no $(CTL_BIN)/zikao-ctl: build it or set CTL_BIN" >&2; exit 2; }
	@if [ "$$(id -u)" = 0 ]; then \
	    id zikao >/dev/null 2>&1 || { echo "make ctl: there is no user zikao (the dev stack creates it)" >&2; exit 2; }; \
	    exec setpriv --reuid=zikao --regid=zikao --init-groups -- "$(abspath $(CTL_BIN))/zikao-ctl" --config "$(abspath $(CTL_VAR))/zikao.conf" $(ARGS); \
	else exec "$(abspath $(CTL_BIN))/zikao-ctl" --config "$(abspath $(CTL_VAR))/zikao.conf" $(ARGS); fi

# make install [DESTDIR=/tmp/stage]: the release build into /usr/lib/zikao, /usr/share/zikao,
# /lib/systemd/system, /etc/zikao (see systemd/install.sh and docs/runbook.md).
.PHONY: install
install: build
	@systemd/install.sh "$(DESTDIR)" build/release

clean:
	rm -rf build
