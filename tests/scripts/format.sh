#!/usr/bin/env bash
# The C++ sources are laid out as .clang-format says: `clang-format -i FILE` fixes a file named here.
set -uo pipefail
command -v clang-format >/dev/null || { echo "clang-format is not installed (scripts/install-deps)"; exit 1; }
[[ -n $(git ls-files '*.cpp') ]] || { echo "no C++ sources found: run from a git checkout"; exit 1; }
unformatted=$(git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run 2>&1 | grep -E '^[^ ].*: warning:' |
    cut -d: -f1 | sort -u)
[[ -z $unformatted ]] && exit 0
sed 's/$/: not laid out as .clang-format says (clang-format -i)/' <<<"$unformatted"
exit 1
