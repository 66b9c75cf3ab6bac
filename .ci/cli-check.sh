#!/usr/bin/env bash
# End-to-end check of the `lantern` command line on a real database file:
# demo data, migrate, user management, and `audit verify` catching an edit made with the sqlite3 tool.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3 >/dev/null; }
lantern=$(swift build --show-bin-path)/lantern
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="sqlite:$work/demo/lantern.sqlite"

# Bad options are refused by name before anything is written.
if "$lantern" demo --no-serve --folder "$work/refused" --now tomorrow 2>"$work/err"; then echo "--now tomorrow was accepted"; exit 1; fi
grep -q -- "--now must be an ISO 8601" "$work/err"
if "$lantern" demo --no-serve --folder "$work/refused" --now 2999-01-01T00:00:00Z 2>"$work/err"; then echo "a future --now was accepted"; exit 1; fi
grep -q -- "--now cannot be in the future" "$work/err"
[ ! -e "$work/refused/lantern.sqlite" ] || { echo "a refused demo wrote a database"; exit 1; }
"$lantern" demo --no-serve --folder "$work/demo"
# A serving demo whose output goes to a file shows its address and accounts there while it runs, not at exit.
"$lantern" demo --folder "$work/serving" --port 18089 > "$work/serving.log" 2>/dev/null & demo_pid=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18089/health >/dev/null && break; sleep 0.5; done
grep -q "Demo accounts" "$work/serving.log" && grep -q "Open http://127.0.0.1:18089" "$work/serving.log" \
  || { kill "$demo_pid"; echo "the serving demo's banner was not in its log while it ran"; exit 1; }
kill "$demo_pid"; wait "$demo_pid" 2>/dev/null || true
if "$lantern" network detect --database "$db" --ground-truth /dev/null --minimum-children 0 2>"$work/err"; then
  echo "--minimum-children 0 was accepted"; exit 1
fi
grep -q -- "--minimum-children must be at least 1" "$work/err"
"$lantern" migrate --database "$db" | grep -q "up to date"
"$lantern" audit verify --database "$db"

echo "a-strong-pass-phrase-for-ci" | "$lantern" user add ci-analyst --name "CI Analyst" --role analyst --rank staff \
  --team "CI" --borough "Lambeth" --password-stdin --database "$db"
"$lantern" user disable ci-analyst --database "$db"
"$lantern" user list --database "$db" | grep -q "ci-analyst.*disabled"
sqlite3 "$work/demo/lantern.sqlite" "SELECT detail FROM access_log ORDER BY seq DESC LIMIT 1" | grep -q "user list"
if echo "short" | "$lantern" user reset-password ci-analyst --password-stdin --database "$db" 2>"$work/err"; then
  echo "a short password was accepted"; exit 1
fi
grep -q "at least 12" "$work/err"
"$lantern" audit verify --database "$db"

# Entries after the last signed checkpoint are named as unprotected, and signing them ends the warning.
"$lantern" audit verify --database "$db" > "$work/verify.txt"
grep -q "not covered by a signed checkpoint" "$work/verify.txt"
"$lantern" audit checkpoint --database "$db"
"$lantern" audit verify --database "$db" > "$work/verify.txt"
if grep -q "not covered by a signed checkpoint" "$work/verify.txt"; then echo "verify warned after a checkpoint"; exit 1; fi

# The language scan finds the demo's victim-blaming notes, logs the reads, and the chain stays intact.
"$lantern" language scan --database "$db" --format json --output "$work/scan.json"
python3 -c 'import json,sys; n=len(json.load(open(sys.argv[1]))["findings"]); assert n > 0, "no findings"; print(n, "findings in the demo notes")' "$work/scan.json"
printf 'note\n"She keeps putting herself at risk"\nFound safe at 01:00\n' > "$work/notes.csv"
"$lantern" language scan "$work/notes.csv" | grep -q "putting-themselves-at-risk"
"$lantern" language check "It's what he always does" | grep -q "frequent-flyer\|what he always does"
"$lantern" audit verify --database "$db"

# An insider edits entry 5 with the sqlite3 tool (dropping the append-only trigger first).
sqlite3 "$work/demo/lantern.sqlite" "DROP TRIGGER access_log_no_update; UPDATE access_log SET actor_username = 'someone-else' WHERE seq = 5;"
if "$lantern" audit verify --database "$db" > "$work/verify.txt"; then
  echo "audit verify missed an edited entry"; exit 1
fi
cat "$work/verify.txt"
grep -q "First bad entry: 5" "$work/verify.txt"

# A database newer than the binary is refused with a clear message.
sqlite3 "$work/demo/lantern.sqlite" "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (999, 'future', 0);"
if "$lantern" migrate --database "$db" 2>"$work/err"; then echo "a newer schema was accepted"; exit 1; fi
grep -q "older than the database" "$work/err"
echo "command-line checks passed"
