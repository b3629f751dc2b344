#!/usr/bin/env bash
# The benchmark's smoke run, as CI runs it: every row of benchmarks/bench_workloads.py
# at tiny sizes, one run each, no time thresholds. It fails when a row crashes or
# delivers other data than was seeded, so the benchmark cannot rot.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" dev
cd "$ROOT"

# The peers (aioimaplib, IMAPClient, imap-tools) come from the `bench` extra.
"$PY" -m pip install --quiet --disable-pip-version-check -e "$ROOT[bench]"
"$PY" benchmarks/bench_workloads.py --smoke
