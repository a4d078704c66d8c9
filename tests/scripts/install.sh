#!/usr/bin/env bash
# cmake --install puts the binary and every man page under the prefix.
set -euo pipefail
build=$(dirname "$1")
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
"$prefix/bin/cdc" --version
for page in man/*.1; do
    [[ -f $prefix/share/man/man1/$(basename "$page") ]] || { echo "missing installed $page"; exit 1; }
done
