#!/usr/bin/env python3
"""Finds import circles between the files of each crate under crates/.

A file depends on another when it names an item defined there: a `use` path or an inline path
starting with `crate::`, `super::`, `self::` or a child module it declares. A re-export
(`pub use x::Y`) is followed to the file that defines `Y`, so `crate::Y` counts as a use of the
defining file, not of the re-exporting one; the re-export itself is an edge from the re-exporting
file. `mod x;` declarations are structure, not use, and `#[cfg(test)] mod tests` blocks at the
end of a file are left out (they see their file's items through `super::*`).

Prints every circle (a strongly connected set of two or more files) with one reference per edge
and exits 1 when there is any; exits 0 and prints a one-line summary otherwise.

    python3 scripts/check-circles.py [crates-dir]
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip_code(text: str) -> str:
    """Removes comments, string and char literals (keeping line breaks) and trailing test modules."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        m = re.match(r'(b|c)?r(#*)"', text[i:i + 8]) if c in "rbc" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) else None
        if m:
            hashes = m.group(2)
            end = text.find('"' + hashes, i + m.end())
            end = n if end < 0 else end + 1 + len(hashes)
            out.append("\n" * text.count("\n", i, end))
            i = end
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
            continue
        if c == "'":
            m = re.match(r"'(\\.|\\u\{[0-9a-fA-F]+\}|[^\\'])'", text[i:i + 12])
            if m:
                out.append("' '")
                i += m.end()
                continue
        out.append(c)
        i += 1
    code = "".join(out)
    m = re.search(r"^#\[cfg\(test\)\]\s*\n\s*(pub\s+)?mod\s+\w+\s*\{", code, re.M)
    if m:
        code = code[: m.start()] + "\n" * code.count("\n", m.start())
    return code


def parse_use_tree(s: str, prefix: list[str]) -> list[tuple[list[str], str | None]]:
    """Expands a use tree into (path, alias) pairs; `{a, b::{c, d}}` groups are flattened."""
    s = s.strip()
    results: list[tuple[list[str], str | None]] = []
    # split top-level by '::' up to a '{'
    depth = 0
    brace = -1
    for k, ch in enumerate(s):
        if ch == "{":
            if depth == 0 and brace < 0:
                brace = k
            depth += 1
        elif ch == "}":
            depth -= 1
    if brace >= 0:
        head = s[:brace].rstrip(":").strip()
        body = s[brace + 1 : s.rfind("}")]
        base = prefix + [p for p in head.split("::") if p]
        parts, depth, cur = [], 0, ""
        for ch in body:
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            cur += ch
        parts.append(cur)
        for p in parts:
            if p.strip():
                results.extend(parse_use_tree(p, base))
        return results
    alias = None
    m = re.match(r"(.*?)\s+as\s+(" + IDENT + r")$", s)
    if m:
        s, alias = m.group(1), m.group(2)
    path = prefix + [p.strip() for p in s.split("::") if p.strip()]
    return [(path, alias)]


class Crate:
    def __init__(self, name: str, src: str):
        self.name = name
        self.src = src
        self.files: dict[tuple[str, ...], str] = {}  # module path -> file
        self.code: dict[str, str] = {}
        for root, _, names in os.walk(src):
            for f in names:
                if not f.endswith(".rs"):
                    continue
                full = os.path.join(root, f)
                rel = os.path.relpath(full, src)
                if rel in ("main.rs",) or rel.startswith("bin" + os.sep):
                    continue
                parts = rel[:-3].split(os.sep)
                if parts[-1] in ("mod", "lib"):
                    parts = parts[:-1]
                self.files[tuple(parts)] = full
                with open(full, encoding="utf-8") as fh:
                    self.code[full] = strip_code(fh.read())
        self.module_of = {f: m for m, f in self.files.items()}
        self.children: dict[str, set[str]] = defaultdict(set)
        for m, f in self.files.items():
            for d in re.finditer(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*;", self.code[f], re.M):
                self.children[f].add(d.group(1))
        # re-exports: file -> {name: absolute module path of the source item}
        self.reexports: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for f, code in self.code.items():
            for m in re.finditer(r"\bpub(?:\([^)]*\))?\s+use\s+([^;]+);", code):
                for path, alias in parse_use_tree(m.group(1), []):
                    absolute = self.absolute(f, path)
                    if absolute is None or path[-1] in ("*", "self"):
                        continue
                    self.reexports[f][alias or path[-1]] = absolute

    def absolute(self, f: str, path: list[str]) -> list[str] | None:
        """The absolute module path of `path` as written in file `f`, or None if it is external."""
        if not path:
            return None
        here = list(self.module_of[f])
        head = path[0]
        if head == "crate":
            return path[1:]
        if head == "self":
            return here + path[1:]
        if head == "super":
            base = here
            rest = path
            while rest and rest[0] == "super":
                base = base[:-1]
                rest = rest[1:]
            return base + rest
        if head in self.children[f]:
            return here + path
        return None

    def resolve(self, absolute: list[str], depth: int = 0) -> str | None:
        """The file that defines the item at `absolute` (following re-exports)."""
        for k in range(len(absolute), -1, -1):
            f = self.files.get(tuple(absolute[:k]))
            if f is None:
                continue
            rest = absolute[k:]
            if rest and depth < 8 and rest[0] in self.reexports[f]:
                target = self.reexports[f][rest[0]] + rest[1:]
                if target != absolute:
                    r = self.resolve(target, depth + 1)
                    if r is not None:
                        return r
            return f
        return None

    def edges(self) -> dict[tuple[str, str], tuple[int, str]]:
        found: dict[tuple[str, str], tuple[int, str]] = {}

        def add(f: str, line: int, path: list[str], text: str) -> None:
            a = self.absolute(f, path)
            if a is None:
                return
            t = self.resolve(a)
            if t is not None and t != f and (f, t) not in found:
                found[(f, t)] = (line, text.strip())

        for f, code in self.code.items():
            uses = list(re.finditer(r"\b(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", code))
            spans = []
            for m in uses:
                line = code.count("\n", 0, m.start()) + 1
                spans.append((m.start(), m.end()))
                for path, _ in parse_use_tree(m.group(1), []):
                    if path and path[-1] in ("*", "self"):
                        path = path[:-1]
                    add(f, line, path, "use " + "::".join(path))
            heads = ["crate", "super", "self"] + sorted(self.children[f])
            pat = re.compile(r"(?<![A-Za-z0-9_:])((?:" + "|".join(map(re.escape, heads)) + r")(?:::" + IDENT + r")+)")
            for m in pat.finditer(code):
                if any(a <= m.start() < b for a, b in spans):
                    continue
                line = code.count("\n", 0, m.start()) + 1
                add(f, line, m.group(1).split("::"), m.group(1))
        return found


def sccs(nodes: list[str], adj: dict[str, list[str]]) -> list[list[str]]:
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in adj.get(v, []):
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
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return out


def main() -> int:
    crates_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "crates")
    crates_dir = os.path.normpath(crates_dir)
    bad = 0
    files = 0
    for name in sorted(os.listdir(crates_dir)):
        src = os.path.join(crates_dir, name, "src")
        if not os.path.isdir(src):
            continue
        c = Crate(name, src)
        files += len(c.files)
        e = c.edges()
        adj: dict[str, list[str]] = defaultdict(list)
        for a, b in e:
            adj[a].append(b)
        for comp in sccs(sorted(c.files.values()), adj):
            bad += 1
            rel = lambda p: os.path.relpath(p, crates_dir)  # noqa: E731
            print(f"circle in crate {name}: {' ↔ '.join(rel(p) for p in comp)}")
            members = set(comp)
            for (a, b), (line, text) in sorted(e.items()):
                if a in members and b in members:
                    print(f"    {rel(a)}:{line} → {rel(b)}   ({text})")
    if bad:
        print(f"{bad} circle(s) between files")
        return 1
    print(f"no circles between files ({files} files in {crates_dir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
