#!/bin/sh
# Builds the evaluator from the LanternCore language sources of this checkout and scores the given corpora
# with Resources/rules/language.json. QUIET=1 prints the figures only.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/lantern-language-evaluate
mkdir -p "$out"
swiftc -O -o "$out/evaluate" "$root/Scripts/language-evaluate/main.swift" \
    $(ls "$root"/Sources/LanternCore/Language/*.swift | grep -v -e LanguageTrend -e NarrativeReview)
"$out/evaluate" "$root/Resources/rules/language.json" "$@"
