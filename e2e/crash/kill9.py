#!/usr/bin/env python3
"""kill -9 crash test: no acknowledged write is ever lost, no record is half written.

Eight writer threads create people through the HTTP API while the server is SIGKILLed at a
random moment, again and again. After every kill the server is restarted on the same database
and the invariants are checked:

  - every write the API acknowledged (201 with an id) is in the database;
  - every person row has its change record and its `create` access-log entry, and every
    `create` entry names a row that exists (all or nothing: no half-written records);
  - `lantern audit verify` reports an intact chain;
  - SQLite: `PRAGMA integrity_check` is ok (PostgreSQL: `amcheck` when available).

Usage: kill9.py --lantern PATH --database URL --cycles N [--seed S]
Stdlib only. Bounded: each cycle runs for at most a few seconds; the whole run stops itself.
"""
import argparse, http.client, json, os, random, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument("--lantern", required=True)
parser.add_argument("--database", required=True)
parser.add_argument("--cycles", type=int, default=100)
parser.add_argument("--writers", type=int, default=8)
parser.add_argument("--seed", type=int, default=9)
parser.add_argument("--psql", default="psql")
parser.add_argument("--backup-every", type=int, default=25,
                    help="every Nth cycle (SQLite), take `lantern backup` under the write load and check it")
args = parser.parse_args()
random.seed(args.seed)
work = tempfile.mkdtemp(prefix="lantern-kill9-")
env = dict(os.environ, LANTERN_LOG_LEVEL="error", LANTERN_AUDIT_KEY=os.path.join(work, "key"),
           LANTERN_AUDIT_CHECKPOINTS=os.path.join(work, "checkpoints.jsonl"))
PASSWORD = "crash-test-harbour-77"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def run(*command, input=None):
    return subprocess.run([args.lantern, *command, "--database", args.database], env=env, input=input,
                          capture_output=True, text=True, timeout=120)


def start_server():
    port = free_port()
    process = subprocess.Popen([args.lantern, "serve", "--database", args.database, "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2); c.request("GET", "/health")
            if c.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("server did not start")


def sign_in(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/api/v1/session", body=json.dumps({"username": "crashwriter", "password": PASSWORD, "mode": "token"}),
              headers={"Content-Type": "application/json"})
    r = c.getresponse(); body = json.loads(r.read())
    if r.status != 201:
        sys.exit(f"sign-in failed: {r.status} {body}")
    return body["token"]


acknowledged = []          # ids the API acknowledged
backups_taken = []         # rows in each backup taken under load
lock = threading.Lock()


def writer(port, token, stop, number):
    sequence = 0
    while not stop.is_set():
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            while not stop.is_set():
                sequence += 1
                c.request("POST", "/api/v1/people", headers={"Content-Type": "application/json", "Authorization": "Bearer " + token},
                          body=json.dumps({"kind": "associate", "givenName": f"W{number}", "familyName": f"S{sequence}",
                                           "notes": f"crash test write {number}-{sequence}"}))
                r = c.getresponse(); body = r.read()
                if r.status == 201:
                    with lock:
                        acknowledged.append(json.loads(body)["id"])
        except (OSError, http.client.HTTPException, ValueError):
            time.sleep(0.01)   # the server died mid-request: that write was never acknowledged


def query(sql):
    if args.database.startswith("sqlite:"):
        path = args.database[len("sqlite:"):]
        connection = sqlite3.connect(path); rows = connection.execute(sql).fetchall(); connection.close(); return rows
    base, _, query_string = args.database.partition("?")
    schema = dict(p.split("=", 1) for p in query_string.split("&") if "=" in p).get("search_path")
    psql_env = dict(os.environ, PGOPTIONS=f"-c search_path={schema}") if schema else None
    out = subprocess.run([args.psql, base, "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, check=True, env=psql_env)
    return [tuple(line.split("\t")) for line in out.stdout.splitlines() if line]


def check(cycle):
    people = {row[0] for row in query("SELECT id FROM people")}
    missing = [i for i in acknowledged if i not in people]
    if missing:
        sys.exit(f"cycle {cycle}: {len(missing)} acknowledged writes lost, e.g. {missing[:3]}")
    changes = {row[0] for row in query("SELECT person_id FROM people_changes WHERE version = 1")}
    created = set()
    for (ids,) in query("SELECT record_ids FROM access_log WHERE action = 'create' AND record_type = 'person'"):
        created.update(json.loads(ids))
    if people - changes or people - created or created - people:
        sys.exit(f"cycle {cycle}: half-written records: {len(people - changes)} without change rows, "
                 f"{len(people - created)} without access-log entries, {len(created - people)} entries without rows")
    if args.database.startswith("sqlite:"):
        result = query("PRAGMA integrity_check")
        if result != [("ok",)]:
            sys.exit(f"cycle {cycle}: integrity_check: {result}")
    verify = run("audit", "verify")
    if verify.returncode != 0:
        sys.exit(f"cycle {cycle}: audit verify failed:\n{verify.stdout}{verify.stderr}")
    return len(people)


# Set up: schema and the writer account.
subprocess.run([args.lantern, "migrate", "--database", args.database], env=env, check=True, capture_output=True, timeout=120)
added = run("user", "add", "crashwriter", "--name", "Crash writer", "--role", "response-officer", "--team", "T",
            "--borough", "B", "--password-stdin", input=PASSWORD + "\n")
if added.returncode != 0 and "already exists" not in added.stderr:
    sys.exit(added.stderr)

started = time.time()
token = None
for cycle in range(1, args.cycles + 1):
    process, port = start_server()
    if token is None:
        token = sign_in(port)
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(port, token, stop, n), daemon=True) for n in range(args.writers)]
    for t in threads: t.start()
    if args.database.startswith("sqlite:") and args.backup_every and cycle % args.backup_every == 0:
        time.sleep(0.3)
        with lock:
            before = set(acknowledged)
        backup = run("backup", "--output", os.path.join(work, "backups"))
        if backup.returncode != 0:
            sys.exit(f"cycle {cycle}: backup under load failed:\n{backup.stdout}{backup.stderr}")
        target = [l.split(" to ")[1].split(" (")[0] for l in backup.stdout.splitlines() if l.startswith("Backup written")][0]
        copy = sqlite3.connect(target)
        in_copy = {row[0] for row in copy.execute("SELECT id FROM people")}
        copy.close()
        if before - in_copy:
            sys.exit(f"cycle {cycle}: backup is missing {len(before - in_copy)} writes acknowledged before it started")
        backups_taken.append(len(in_copy))
    time.sleep(random.uniform(0.2, 1.0))
    process.send_signal(signal.SIGKILL)
    process.wait()
    stop.set()
    for t in threads: t.join(timeout=5)
    rows = check(cycle)
    if cycle % 10 == 0 or cycle == args.cycles:
        print(f"cycle {cycle}: {len(acknowledged)} acknowledged writes, {rows} rows, 0 lost, audit chain intact", flush=True)

print(json.dumps({"database": args.database.split("@")[-1], "cycles": args.cycles, "writers": args.writers,
                  "acknowledged_writes": len(acknowledged), "lost": 0, "half_written": 0,
                  "backups_under_load": len(backups_taken),
                  "seconds": round(time.time() - started, 1)}))
