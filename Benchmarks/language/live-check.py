#!/usr/bin/env python3
"""Measures the server time of a live language check of a 2 KB note, from the Server-Timing header.
Usage: live-check.py BASE_URL TOKEN REQUESTS"""
import http.client, json, statistics, sys, urllib.parse

base, token, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
url = urllib.parse.urlparse(base)
note = ("Leah was found at 03:40 in Croydon with two adult males after 30 hours missing. She said she had been at a "
        "friend's flat and did not want to say more. Officers noted she is a regular misper and keeps putting herself "
        "at risk; her older boyfriend collected her from the placement on Friday. Return home interview offered by the "
        "local authority. ")
while len(note.encode()) < 2048:
    note += "Safe and well check completed; she was hungry and tired and was given food at the station. "
note = note.encode()[:2048].decode("utf-8", "ignore")
body = json.dumps({"text": note})
connection = http.client.HTTPConnection(url.hostname, url.port)
durations, findings = [], 0
for i in range(count + 50):
    connection.request("POST", "/api/v1/language/check", body=body,
                       headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    response = connection.getresponse()
    payload = response.read()
    if response.status != 200:
        sys.exit(f"status {response.status}: {payload[:200]}")
    if i >= 50:  # warm-up excluded
        timing = response.getheader("Server-Timing")
        durations.append(float(timing.split("dur=")[1]))
        findings = len(json.loads(payload)["findings"])
durations.sort()
def pct(p): return durations[min(len(durations) - 1, int(p / 100 * len(durations)))]
print(json.dumps({"bytes": len(note.encode()), "requests": count, "findings": findings,
                  "p50_ms": round(pct(50), 3), "p99_ms": round(pct(99), 3), "max_ms": round(durations[-1], 3),
                  "mean_ms": round(statistics.mean(durations), 3)}))
