#!/usr/bin/env python3
"""Domestic abuse HTTP latencies on loopback, one request at a time, each beside the server's own /health measured
the same way in the same run (the framework's floor).
Usage: load.py BASE_URL OFFICER_TOKEN SQLITE_PATH REQUESTS
The households reported on (victim, suspect, children) are read from the demo database: new incidents in known
households, as a busy night brings. Prints JSON: client round-trip and server (Server-Timing) p50/p99 per request kind."""
import datetime, http.client, json, sqlite3, sys, time, urllib.parse

base, officer, database, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
url = urllib.parse.urlparse(base)

def households(limit):
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    ids = [r[0] for r in db.execute("SELECT id FROM da_incidents ORDER BY reference")]
    step = max(1, len(ids) // max(1, limit))
    out = []
    for incident in ids[::step][:limit]:
        people = db.execute("SELECT person_id, part, role FROM da_incident_people WHERE incident_id = ?", (incident,)).fetchall()
        victim = [p for p, part, role in people if part == "adult" and role == "victim"]
        suspect = [p for p, part, role in people if part == "adult" and role == "suspect"]
        children = [p for p, part, _ in people if part == "child"]
        if victim and suspect and children:
            out.append((victim[0], suspect[0], children))
    return out

homes = households(count + 20)

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

def report_body(i):
    victim, suspect, children = homes[i % len(homes)]
    occurred = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"occurredAt": occurred, "address": f"Flat {1 + i % 9}, {1 + i} Benchmark Road", "postcode": "SE1 1AB",
            "whatHappened": "A neighbour called police after hearing shouting from the flat; the victim had a cut lip and the children were at home.",
            "attendedBy": ["PC 1000"],
            "adults": [{"personId": victim, "role": "victim"}, {"personId": suspect, "role": "suspect"}],
            "children": [{"childId": c, "presence": "present"} for c in children]}

queue = "/api/v1/domestic-abuse/queues/"
kinds = {
    "health": lambda i: ("GET", "/health", None),
    "report": lambda i: ("POST", "/api/v1/domestic-abuse/incidents", report_body(i)),
    "encompass-due": lambda i: ("GET", queue + "encompass-due", None),
    "awaiting-dash": lambda i: ("GET", queue + "awaiting-dash", None),
    "marac-due": lambda i: ("GET", queue + "marac-due", None),
}
# The queues first, on the data as generated; then the reports.
phases = [(["health", "encompass-due", "awaiting-dash", "marac-due"], max(50, count // 5)), (["health", "report"], count)]
connection = http.client.HTTPConnection(url.hostname, url.port)
results = {}
for names, n in phases:
    for i in range(n + 20):
        for name in names:   # interleaved, so each kind sees the same machine noise
            method, path, body = kinds[name](i)
            status, payload, client_ms, server_ms = request(connection, method, path, body)
            if status not in (200, 201):
                sys.exit(f"{name}: status {status}: {payload[:300]}")
            if i >= 20:
                entry = results.setdefault(name, {"client": [], "server": []})
                entry["client"].append(client_ms)
                entry["server"].append(server_ms)

def pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 2)

print(json.dumps({kind: {"requests": len(v["client"]),
                         "client_p50_ms": pct(v["client"], 50), "client_p99_ms": pct(v["client"], 99),
                         "server_p50_ms": pct(v["server"], 50), "server_p99_ms": pct(v["server"], 99)}
                  for kind, v in results.items()}))
