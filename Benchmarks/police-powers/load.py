#!/usr/bin/env python3
"""Police powers HTTP latencies on loopback, one request at a time, each beside the server's own /health measured the
same way in the same run (the framework's floor).
Usage: load.py BASE_URL OFFICER_TOKEN SQLITE_PATH REQUESTS
The queues (children in police protection now, in custody now, the Concordat's overnight and certified, the MASH's
welfare calls) and single records (a protection, a detention) are read on the data as generated; then children on record
and not in police protection are taken into it, each from an address with its links, as a busy night brings.
Prints JSON: client round-trip and server (Server-Timing) p50/p99 per request kind."""
import datetime, http.client, json, sqlite3, sys, time, urllib.parse

base, officer, database, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
url = urllib.parse.urlparse(base)
db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
# Children old enough and young enough on any day of the run, not in police protection now, spread over the record.
today = datetime.date.today()
children = [r[0] for r in db.execute(
    "SELECT id FROM people WHERE kind = 'child' AND restricted = 0 AND erased_at_ms IS NULL AND date_of_birth > ? AND date_of_birth < ? "
    "AND id NOT IN (SELECT child_id FROM police_protections WHERE ending_code IS NULL) ORDER BY id",
    ((today - datetime.timedelta(days=17 * 365)).isoformat(), (today - datetime.timedelta(days=2 * 365)).isoformat()))]
step = max(1, len(children) // max(1, count + 20))
children = children[::step][:count + 20]
if len(children) < count + 20:
    sys.exit(f"only {len(children)} children free to take into police protection")
# Records of children the officer may open (a restricted child's record is another team's).
open_to_all = "child_id IN (SELECT id FROM people WHERE restricted = 0)"
protections = [r[0] for r in db.execute(f"SELECT id FROM police_protections WHERE {open_to_all} ORDER BY reference")]
detentions = [r[0] for r in db.execute(f"SELECT id FROM custody_detentions WHERE {open_to_all} ORDER BY reference")]

def request(connection, method, path, body=None):
    headers = {"Authorization": "Bearer " + officer, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    start = time.perf_counter()
    connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    timing = response.getheader("Server-Timing") or "dur=0"
    return response.status, payload, elapsed, float(timing.split("dur=")[1])

def take_body(i):
    taken = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"childId": children[i], "power": "removed", "takenAt": taken,
            "grounds": "Found alone at 02:00 in a flat with no food and no adult; the carer could not be traced for hours.",
            "accommodation": {"kind": "local-authority", "place": "Emergency foster placement arranged by EDT"},
            "takenFrom": {"place": f"Flat {1 + i % 9}, {1 + i} Benchmark Road", "postcode": "SE1 1AB"}}

queue = "/api/v1/queues/"
kinds = {
    "health": lambda i: ("GET", "/health", None),
    "police-protection-queue": lambda i: ("GET", queue + "police-protection", None),
    "custody-queue": lambda i: ("GET", queue + "custody", None),
    "custody-overnight": lambda i: ("GET", queue + "custody-overnight", None),
    "mash-welfare": lambda i: ("GET", queue + "mash-welfare", None),
    "protection-record": lambda i: ("GET", f"/api/v1/police-protections/{protections[(i * 7919) % len(protections)]}?purpose=police-powers", None),
    "custody-record": lambda i: ("GET", f"/api/v1/custody-detentions/{detentions[(i * 7919) % len(detentions)]}?purpose=police-powers", None),
    "take": lambda i: ("POST", "/api/v1/police-protections", take_body(i)),
}
# The queues and records first, on the data as generated; then the new protections.
phases = [
    (["health", "police-protection-queue", "custody-queue", "custody-overnight", "mash-welfare"], max(50, count // 5)),
    (["health", "protection-record", "custody-record"], count),
    (["health", "take"], count),
]
connection = http.client.HTTPConnection(url.hostname, url.port)
results, sizes = {}, {}
for names, n in phases:
    for i in range(n + 20):
        for name in names:   # interleaved, so each kind sees the same machine noise
            method, path, body = kinds[name](i)
            status, payload, client_ms, server_ms = request(connection, method, path, body)
            if status not in (200, 201):
                sys.exit(f"{name}: status {status}: {payload[:300]}")
            if name.endswith("queue") or name in ("custody-overnight", "mash-welfare"):
                sizes[name] = len(json.loads(payload)["items"])
            if i >= 20:
                entry = results.setdefault(name, {"client": [], "server": []})
                entry["client"].append(client_ms)
                entry["server"].append(server_ms)

def pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 2)

print(json.dumps({kind: {"requests": len(v["client"]), "items": sizes.get(kind),
                         "client_p50_ms": pct(v["client"], 50), "client_p99_ms": pct(v["client"], 99),
                         "server_p50_ms": pct(v["server"], 50), "server_p99_ms": pct(v["server"], 99)}
                  for kind, v in results.items()}))
