#!/usr/bin/env python3
"""The anchor for the flag-check benchmark: the same reads a found record's check makes, as plain SQL
through python's sqlite3 on the same database file, for the same sampled encounters. It shows how much of
Lantern's time is the database itself.
  flagcheck-anchor.py DATABASE SAMPLES.jsonl  ->  JSON with p50_ms, p99_ms
"""
import json, sqlite3, sys, time

db = sqlite3.connect(sys.argv[1])
samples = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
timings = []
for s in samples:
    t0 = time.perf_counter()
    row = db.execute("SELECT id FROM locations WHERE address_key = ?", (s["address_key"],)).fetchone()
    location = row[0] if row else None
    residents = [r[0] for r in db.execute(
        "SELECT from_id FROM links WHERE to_id = ? AND type = 'lives-at' AND from_kind = 'person' AND ended_at_ms IS NULL",
        (location,))] if location else []
    objects = [r[0] for r in db.execute("SELECT id FROM objects WHERE object_key IN (?, ?)", (s["vehicle"], s["phone"]))]
    users = [r[0] for r in db.execute(
        "SELECT from_id FROM links WHERE to_id IN (%s) AND type IN ('drives','uses-phone','uses-account') AND from_kind = 'person' "
        "AND ended_at_ms IS NULL" % ",".join("?" * len(objects)), objects)] if objects else []
    person = db.execute("SELECT * FROM people WHERE id = ?", (s["person"],)).fetchone()
    candidates = list(set(residents + users + objects + [s["person"]] + ([location] if location else [])))
    flagged = set()
    for i in range(0, len(candidates), 500):
        chunk = candidates[i:i + 500]
        flagged.update(r[0] for r in db.execute(
            "SELECT entity_id FROM flags WHERE entity_id IN (%s) AND removed_at_ms IS NULL ORDER BY reference" % ",".join("?" * len(chunk)), chunk))
    others = list(set(residents + users) - {s["person"]})
    for i in range(0, len(others), 500):
        chunk = others[i:i + 500]
        flagged_chunk = [c for c in chunk if c in flagged] or [""]
        db.execute("SELECT * FROM people WHERE id IN (%s) AND (kind = 'registered-sex-offender' OR id IN (%s))"
                   % (",".join("?" * len(chunk)), ",".join("?" * len(flagged_chunk))), chunk + flagged_chunk).fetchall()
    timings.append((time.perf_counter() - t0) * 1000)
timings.sort()
pick = lambda p: round(timings[min(len(timings) - 1, int(len(timings) * p))], 3)
print(json.dumps({"queries": len(timings), "p50_ms": pick(0.5), "p99_ms": pick(0.99)}))
