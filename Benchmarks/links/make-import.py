#!/usr/bin/env python3
"""A deterministic import file for the bulk-import benchmark: people, addresses, vehicles and phones, and
links between them, in Lantern's import CSV format (docs/import.md).
  make-import.py OUT.csv ENTITIES LINKS
"""
import csv, random, sys

out, entities, links = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(2026)
people = entities * 4 // 10
places = entities * 3 // 10
objects = entities - people - places
given = ["Amelia", "Kai", "Leah", "Sofia", "Jayden", "Dean", "Roy", "Maria", "Tom", "Priya", "Gary", "Ava", "Noah", "Isla", "Leo"]
family = ["Hart", "Mensah", "Novak", "Reyes", "Cole", "Wallis", "Baines", "Okafor", "Becker", "Raman", "Pike", "Smith", "Jones"]
header = ["record", "ref", "kind", "given_name", "family_name", "date_of_birth", "address", "postcode", "value", "from", "to", "type", "at", "note"]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(people):
        w.writerow(["entity", f"P{i}", "associate", rng.choice(given), rng.choice(family) + str(i % 97),
                    f"19{60 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}", "", "", "", "", "", "", "", ""])
    for i in range(places):
        w.writerow(["entity", f"L{i}", "location", "", "", "", f"{1 + i % 300} Import Road {i // 300}", f"SE{1 + i % 28} {i % 10}AB",
                    "", "", "", "", "", ""])
    for i in range(objects):
        kind, value = ("vehicle", f"V{i:07d}") if i % 2 == 0 else ("phone", f"07{i:09d}")
        w.writerow(["entity", f"O{i}", kind, "", "", "", "", "", value, "", "", "", "", ""])
    for i in range(links):
        p = f"P{rng.randrange(people)}"
        choice = rng.randrange(3)
        if choice == 0:
            w.writerow(["link", "", "", "", "", "", "", "", "", p, f"L{rng.randrange(places)}", "lives-at", f"2025-{1 + i % 12:02d}-01T00:00:00Z", "Council tax"])
        elif choice == 1:
            o = rng.randrange(objects)
            w.writerow(["link", "", "", "", "", "", "", "", "", p, f"O{o}", "drives" if o % 2 == 0 else "uses-phone",
                        f"2025-{1 + i % 12:02d}-02T00:00:00Z", "Stop check"])
        else:
            q = f"P{rng.randrange(people)}"
            if q != p:
                w.writerow(["link", "", "", "", "", "", "", "", "", p, q, "associate-of", f"2025-{1 + i % 12:02d}-03T00:00:00Z", "Intelligence report"])
