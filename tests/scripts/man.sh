#!/usr/bin/env bash
# Every man page renders without warnings, and every subcommand file has its page.
set -euo pipefail
status=0
for page in man/*.1; do
    warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
    if [[ -n $warnings ]]; then
        echo "$page: $warnings"
        status=1
    fi
done
for file in cmd/*.cpp; do
    sub=$(basename "$file" .cpp)
    [[ $sub == main ]] && continue
    [[ -f man/cdc-$sub.1 ]] || { echo "cmd/$sub.cpp has no man/cdc-$sub.1"; status=1; }
    "$1" "$sub" --help >/dev/null || { echo "cdc $sub --help failed"; status=1; }
done
exit $status
