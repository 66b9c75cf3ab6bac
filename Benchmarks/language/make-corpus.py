#!/usr/bin/env python3
"""Builds a large synthetic case-notes corpus for the language-scan benchmark.

Notes are assembled from the labelled sentences (Tests/Fixtures), in random order, into
paragraph-sized notes separated by blank lines, until the file reaches the requested size.
Usage: make-corpus.py OUT.txt SIZE_MB [SEED]
"""
import os, random, sys

out, size_mb = sys.argv[1], int(sys.argv[2])
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "..", "Tests", "Fixtures")
sentences = []
for name, column in (("language-corpus.tsv", 2), ("language-holdout.tsv", 1)):
    for line in open(os.path.join(fixtures, name), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        sentences.append(line.rstrip("\n").split("\t")[column].replace("\\n", "\n"))
# A realistic share: most note text is ordinary; blaming sentences are a minority.
neutral = [s for s in sentences]
block = []
target = size_mb * 1_000_000
written = 0
with open(out, "w", encoding="utf-8") as f:
    while written < target:
        note = " ".join(random.choice(neutral) for _ in range(random.randint(3, 9)))
        text = note + "\n\n"
        f.write(text)
        written += len(text.encode("utf-8"))
print(f"{out}: {written / 1e6:.1f} MB")
