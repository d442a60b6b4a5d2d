#!/usr/bin/env bash
# Fails when an ELF file needs a glibc newer than a baseline: reads the versioned symbols it
# imports (`objdump -T`, the GLIBC_x.y[.z] versions) and compares the highest with the
# baseline (default 2.17, the glibc of CentOS 7 / Kylin V10-era terminals).
#   scripts/check-glibc.sh [--max 2.17] FILE...
set -euo pipefail
max=2.17
if [ "${1:-}" = "--max" ]; then max=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--max X.Y] FILE..." >&2; exit 2; }
command -v objdump >/dev/null || { echo "check-glibc.sh: objdump (binutils) is not installed" >&2; exit 2; }

status=0
for file in "$@"; do
  # Undefined (imported) dynamic symbols only: "*UND*" lines name the version they need.
  versions=$(objdump -T "$file" | awk '/\*UND\*/' | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -u -V)
  highest=$(printf '%s\n' "$versions" | tail -n 1)
  if [ -z "$highest" ]; then
    echo "$file: imports no versioned glibc symbol" >&2
    status=1
    continue
  fi
  over=$(printf '%s\n%s\n' "$highest" "$max" | sort -V | tail -n 1)
  if [ "$over" != "$max" ]; then
    echo "$file: needs GLIBC_$highest, above the $max baseline; symbols:" >&2
    objdump -T "$file" | awk '/\*UND\*/' | grep -E "GLIBC_($(printf '%s\n' "$versions" |
      awk -v m="$max" 'BEGIN{split(m,b,".")} {split($0,a,"."); if (a[1]>b[1] || (a[1]==b[1] && a[2]>b[2])) print}' |
      sed 's/\./\\./g' | paste -sd'|'))\b" >&2 || true
    status=1
  else
    echo "$file: highest glibc symbol version GLIBC_$highest (baseline $max): ok"
  fi
done
exit "$status"
