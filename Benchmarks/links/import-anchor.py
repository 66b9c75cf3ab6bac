#!/usr/bin/env python3
"""The anchor for the bulk-import benchmark: the same CSV read with python's csv module and written with
sqlite3 executemany into plain tables (no checks, no normalisation, no access log) in one transaction:
the ceiling for getting these rows into SQLite at all.
  import-anchor.py FILE.csv DATABASE  ->  JSON with rows, seconds, rows_per_second
"""
import csv, json, os, sqlite3, sys, time

path, db_path = sys.argv[1], sys.argv[2]
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db_path + suffix):
        os.remove(db_path + suffix)
t0 = time.perf_counter()
db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE entities (ref TEXT PRIMARY KEY, kind TEXT, given_name TEXT, family_name TEXT, date_of_birth TEXT, address TEXT, postcode TEXT, value TEXT)")
db.execute("CREATE TABLE links (from_ref TEXT, to_ref TEXT, type TEXT, at TEXT, note TEXT)")
entities, links = [], []
with open(path, newline="") as f:
    reader = csv.reader(f)
    next(reader)
    for r in reader:
        if r[0] == "entity":
            entities.append((r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]))
        else:
            links.append((r[9], r[10], r[11], r[12], r[13]))
with db:
    db.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?)", entities)
    db.executemany("INSERT INTO links VALUES (?,?,?,?,?)", links)
    db.execute("CREATE INDEX links_from ON links(from_ref)")
seconds = time.perf_counter() - t0
rows = len(entities) + len(links)
print(json.dumps({"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}))
