#!/usr/bin/env python3
"""Word 12-gram overlap between the library's content and its source documents:
prints each content file's runs of 12 or more words that also occur in a source.
Source titles and short quotations with their speaker named are expected in the list;
anything else is text to say in our own words.

    python3 .ci/seed_overlap.py content ../shared/seeds
"""
import re, sys, glob, os
N = 12
def words(t): return re.findall(r"[\wåäöÅÄÖéÉ]+", t.lower())
seeds = {}
for f in glob.glob(sys.argv[2] + "/**/*", recursive=True):
    if os.path.isfile(f):
        try: seeds[f] = words(open(f, encoding="utf-8").read())
        except Exception: pass
grams = set()
for w in seeds.values():
    for i in range(len(w) - N + 1): grams.add(tuple(w[i:i+N]))
for f in sorted(glob.glob(sys.argv[1] + "/**/*.md", recursive=True)):
    w = words(open(f, encoding="utf-8").read())
    hit = [tuple(w[i:i+N]) in grams for i in range(len(w) - N + 1)]
    i = 0
    while i < len(hit):
        if hit[i]:
            j = i
            while j + 1 < len(hit) and hit[j + 1]: j += 1
            print(f"{f}: {j - i + N} words: {' '.join(w[i:j+N])}")
            i = j + 1
        else: i += 1
