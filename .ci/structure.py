#!/usr/bin/env python3
"""Fails when the modules under src/ import each other in a cycle, or when a source
file grows past 800 lines or the median file past 200.

A module is a top-level file or folder of src/ (`src/render/`, `src/site.rs`), and
also each file inside a folder (`render/kinds/case.rs` is `render::kinds::case`).
An edge A -> B is a `crate::B` path in A's code (`use` or inline), or a `super::`
path that names a sibling. Prints every cycle found, exit 1 if any.
"""
import pathlib
import re
import sys

src = pathlib.Path(__file__).resolve().parent.parent / "src"


def module_of(path):
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts in (["lib"], ["main"]):
        return None
    return "::".join(parts)


modules = {}
for path in sorted(src.rglob("*.rs")):
    m = module_of(path)
    if m:
        modules[m] = path.read_text()

names = set(modules)


def resolve(parts):
    """The longest known module that `parts` (a crate path) names."""
    for n in range(len(parts), 0, -1):
        cand = "::".join(parts[:n])
        if cand in names:
            return cand
    return None


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def test_free(text):
    # Unit tests may reach anywhere; they are not part of the module graph.
    at = text.find("#[cfg(test)]")
    return text if at < 0 else text[:at]


edges = {m: set() for m in names}
path_re = re.compile(r"\b(crate|super)((?:::\w+)+)")
group_re = re.compile(r"\b(crate|super)((?:::\w+)*)::\{([^;]*?)\}", re.S)
for m, text in modules.items():
    code = test_free(strip_comments(text))
    here = m.split("::")

    def add(root, tail):
        # `super` is the parent module, for a file and a folder's mod.rs alike.
        target = resolve(tail if root == "crate" else here[:-1] + tail)
        if target and target != m and not m.startswith(target + "::") and not target.startswith(m + "::"):
            edges[m].add(target)

    for root, tail, group in group_re.findall(code):
        base = [p for p in tail.split("::") if p]
        for item in re.split(r",", group):
            item = item.strip().split(" as ")[0].split("::{")[0]
            segs = [p for p in item.split("::") if p and p != "self" and p.isidentifier()]
            add(root, base + segs[:1])
    for root, tail in path_re.findall(code):
        add(root, [p for p in tail.split("::") if p])

# Tarjan's strongly connected components.
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in sorted(edges[v]):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in sorted(names):
    if v not in index:
        visit(v)

for comp in sccs:
    inside = [f"{a} -> {b}" for a in comp for b in sorted(edges[a]) if b in comp]
    print("import cycle: " + ", ".join(comp))
    for e in inside:
        print("  " + e)
print(f"{len(names)} modules, {sum(len(e) for e in edges.values())} imports, {len(sccs)} cycles")

lengths = sorted((len(p.read_text().splitlines()), p.relative_to(src)) for p in src.rglob("*.rs"))
median = lengths[len(lengths) // 2][0] if len(lengths) % 2 else (lengths[len(lengths) // 2 - 1][0] + lengths[len(lengths) // 2][0]) / 2
too_long = [(n, p) for n, p in lengths if n > 800]
for n, p in too_long:
    print(f"src/{p} has {n} lines; split it by responsibility (at most 800)")
print(f"{len(lengths)} files, median {median} lines, longest {lengths[-1][0]} (src/{lengths[-1][1]})")
if median > 200:
    print("the median source file is past 200 lines")
sys.exit(1 if sccs or too_long or median > 200 else 0)
