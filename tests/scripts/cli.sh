#!/usr/bin/env bash
# What a user sees before any server is involved: usage errors, each exiting 2 and saying what to
# fix, and warnings about what a binlog file holds.
set -uo pipefail
cdc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# expect STATUS TEXT COMMAND...: the command exits STATUS and its stderr contains TEXT.
expect() {
    local want=$1 text=$2
    shift 2
    "$@" >/dev/null 2>"$tmp/err"
    local got=$?
    if [[ $got != "$want" ]] || ! grep -qF -- "$text" "$tmp/err"; then
        echo "FAIL: $* exited $got (want $want) with: $(cat "$tmp/err") (want: $text)"
        status=1
    fi
}

printf 'tablez = "x"\n' >"$tmp/unknown.toml"
expect 2 "$tmp/unknown.toml:1: unknown key 'tablez'" "$cdc" capture --config "$tmp/unknown.toml"
printf '[capture]\ntables = \n' >"$tmp/invalid.toml"
expect 2 "$tmp/invalid.toml:2: expected a value" "$cdc" capture --config "$tmp/invalid.toml"
printf '[capture]\ntables = ["a.b", "c.d"]\n' >"$tmp/array.toml"
expect 2 "$tmp/array.toml:2: tables takes one value" "$cdc" capture --config "$tmp/array.toml"
# One file for all subcommands: publish's keys do not trouble capture.
printf 'brokers = "h:9092"\n[capture]\ntables = "*"\n[publish]\nbrokers = "k:9092"\n' >"$tmp/shared.toml"
expect 1 "cannot open /nonexistent" "$cdc" capture --config "$tmp/shared.toml" --binlog-file /nonexistent

expect 2 "--tables is empty: give the tables to capture as db.table" "$cdc" capture --tables '' --binlog-file x

# With stdout closed, the first socket or file capture opens would be descriptor 1 and get the
# lines: capture refuses to start instead.
if "$cdc" capture --binlog-file /nonexistent >&- 2>"$tmp/err"; then got=0; else got=$?; fi
if [[ $got != 2 ]] || ! grep -qF "stdout is closed: nowhere to write the lines" "$tmp/err"; then
    echo "FAIL: capture with stdout closed exited $got with: $(cat "$tmp/err")"
    status=1
fi
# A closed stdin or stderr is /dev/null from the start: nothing else lands on it.
expect 1 "cannot open /nonexistent" "$cdc" capture --binlog-file /nonexistent <&-
"$cdc" capture --binlog-file /nonexistent 2>&- >"$tmp/out"
[[ $? == 1 && ! -s $tmp/out ]] || { echo "FAIL: capture with stderr closed wrote to stdout"; status=1; }

expect 2 "unsupported URL scheme 'http' (expected mysql://)" "$cdc" capture --source http://x
# An INCIDENT (here a damaged one, from MySQL's test of bug 40482) is decoded past, with a warning.
expect 0 "offset 106: the source logged incident 66" "$cdc" capture --tables '*.*' \
    --binlog-file ../shared/fixtures/binlog/bug40482-bin.000001
# Several files from the environment, as from the command line.
fixtures=../shared/fixtures/binlog
lines=$(CDC_BINLOG_FILE="$fixtures/ver_5_1_23.001,$fixtures/mariadb-bin.000001" "$cdc" capture --tables '*.*' \
    --positional-column-names 2>/dev/null | wc -l)
[[ $lines == 7 ]] || { echo "FAIL: CDC_BINLOG_FILE with two files gave $lines lines, not 5 + 2"; status=1; }
exit $status
