#!/usr/bin/env bash
# faults.sh PORT: `make bench-faults`. The peak-window run of tests/bench/peak.sh on its own
# stack (var/bench-faults), with two faults while the examinees submit: kill -9 of the apply
# module (the one that handles 提交) once a quarter of them saw 提交成功, then a restart of
# the stack's PostgreSQL (pg_ctl restart -m fast) at half. The client retries as a person
# would. Printed and written to the "Faults under load" section of BENCHMARKS.md: submitted
# applications, duplicates, half-written rows, examinees who saw 提交成功 without a submitted
# application (must be 0), and how long the service took to answer normally after each fault.
exec "$(dirname "$0")/peak.sh" "${1:-18095}" --faults
