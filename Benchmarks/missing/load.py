#!/usr/bin/env python3
"""Missing-children HTTP latencies on loopback, one request at a time, each beside the server's own
/health measured the same way in the same run (the framework's floor).
Usage: load.py BASE_URL OFFICER_TOKEN SUPERVISOR_TOKEN GROUND_TRUTH_JSON REQUESTS
Prints JSON: client round-trip and server (Server-Timing) p50/p99 per request kind."""
import datetime, http.client, json, random, sys, urllib.parse

base, officer, supervisor, truth_path, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
url = urllib.parse.urlparse(base)
random.seed(7)
children = sorted({c for n in json.load(open(truth_path))["networks"] for c in n["children"]})
rules = None

def request(connection, method, path, token, body=None, accept="application/json"):
    import time
    headers = {"Authorization": "Bearer " + token, "Accept": accept}
    if body is not None:
        headers["Content-Type"] = "application/json"
    start = time.perf_counter()
    connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    timing = response.getheader("Server-Timing") or "dur=0"
    return response.status, payload, elapsed, float(timing.split("dur=")[1])

connection = http.client.HTTPConnection(url.hostname, url.port)
status, payload, _, _ = request(connection, "GET", "/api/v1/missing-rules", officer)
questions = [q["id"] for q in json.loads(payload)["questions"]]

def report_body(i):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    last_seen = (now - datetime.timedelta(minutes=30 + i % 300)).strftime("%Y-%m-%dT%H:%M:%SZ")
    answers = [{"question": q, "answer": random.choice(["no", "no", "no", "yes", "not-known"])} for q in questions]
    child = {"id": random.choice(children)} if i % 5 else {"givenName": "Bench", "familyName": f"Child{i}", "dateOfBirth": "2011-05-0%d" % (1 + i % 9)}
    return {"child": child, "lastSeenAt": last_seen, "lastSeenPlace": "Benchmark Road, Lambeth",
            "circumstances": "Did not come home after school; phone switched off since 16:00.",
            "reporter": {"name": "Bench reporter", "relationship": "Parent", "contact": "07700 900000"},
            "assessment": {"answers": answers}}

kinds = {
    "health": lambda i: ("GET", "/health", officer, None, "application/json"),
    "report": lambda i: ("POST", "/api/v1/missing-episodes", officer, report_body(i), "application/json"),
    "review-queue-page": lambda i: ("GET", "/missing/reviews", supervisor, None, "text/html"),
    "open-queue-page": lambda i: ("GET", "/missing", supervisor, None, "text/html"),
}
# Reads first, on the data as generated (a force's real number of open episodes); then the writes;
# then the reads again with every benchmark report still open (a far busier night than any real one).
phases = [("", ["health", "review-queue-page", "open-queue-page"], count),
          ("", ["health", "report"], count),
          ("-after-writes", ["review-queue-page", "open-queue-page"], max(50, count // 5))]
results = {}
for suffix, names, n in phases:
    for name in names:
        results.setdefault(name + suffix, {"client": [], "server": []})
    for i in range(n + 20):
        for name in names:   # interleaved, so each kind sees the same machine noise
            method, path, token, body, accept = kinds[name](i)
            status, payload, client_ms, server_ms = request(connection, method, path, token, body, accept)
            if status not in (200, 201):
                sys.exit(f"{name}: status {status}: {payload[:300]}")
            if i >= 20:
                results[name + suffix]["client"].append(client_ms)
                results[name + suffix]["server"].append(server_ms)
status, payload, _, _ = request(connection, "GET", "/api/v1/queues/missing", officer)
open_after = len(json.loads(payload)["items"])

def pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 2)

print(json.dumps({kind: {"requests": len(v["client"]),
                         "client_p50_ms": pct(v["client"], 50), "client_p99_ms": pct(v["client"], 99),
                         "server_p50_ms": pct(v["server"], 50), "server_p99_ms": pct(v["server"], 99)}
                  for kind, v in results.items()} | {"open_after_writes": open_after}))
