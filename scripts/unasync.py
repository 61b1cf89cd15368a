#!/usr/bin/env python3
"""Generate the sync shell from the async one: ``_async/`` -> ``_sync/``, ``tests/_async/`` -> ``tests/_sync/``.

Modelled on httpcore's ``scripts/unasync.py``: an ordered table of substitutions
applied line by line, a failure when any rule went unused (so the table cannot
rot), a "generated; do not edit" first line, and ``--check``, which regenerates
into a temporary folder, formats it like the real tree and compares.

Usage: python scripts/unasync.py [--check]
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREES = [
    (ROOT / "src/freshdesk_atom/_async", ROOT / "src/freshdesk_atom/_sync"),
    (ROOT / "tests/_async", ROOT / "tests/_sync"),
]
HEADER = "# Generated from {source} by scripts/unasync.py; do not edit.\n"

# Ordered: earlier rules run first on each line. Each must be used at least once.
SUBS: list[tuple[str, str]] = [
    (r"\bAwaitable\[APIResponse\[R\]\]", "APIResponse[R]"),
    (r"\bAwaitable\[APIResponse\[AsyncPage\[T\]\]\]", "APIResponse[AsyncPage[T]]"),
    (r"\bAwaitable\[R\]", "R"),
    (r"\bAwaitable\[None\]", "None"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait\s+", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\baiter\(", "iter("),
    (r"\.aiter_bytes\(", ".iter_bytes("),
    (r"\.aread\(", ".read("),
    (r"\banext\(", "next("),
    (r"\baclose\b", "close"),
    (r"\basync_sleep\b", "sleep"),
    (r"\basync_transport\b", "transport"),
    # redis-py's asyncio client mirrors its sync one: redis.asyncio.Redis -> redis.Redis.
    (r"\bredis\.asyncio\b", "redis"),
    (r"\basync_bounded\b", "bounded"),
    (r"^\s*@pytest\.mark\.anyio\n", ""),
    (r"\bAsync([A-Z]\w*)", r"\1"),
    (r"\basync\b", "sync"),
]
COMPILED = [(re.compile(pattern), repl) for pattern, repl in SUBS]


def unasync_line(line: str, used: set[str]) -> str:
    """Return *line* with every substitution applied, recording the rules that matched."""
    for (pattern, repl), (source, _) in zip(COMPILED, SUBS, strict=True):
        line, count = pattern.subn(repl, line)
        if count:
            used.add(source)
    return line


def unasync_file(source: Path, target: Path, used: set[str]) -> None:
    """Write the sync version of *source* to *target*."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    out = [HEADER.format(source=source.relative_to(ROOT).as_posix())]
    out.extend(unasync_line(line, used) for line in lines)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(out), encoding="utf-8")


def generate(dest_root: Path) -> list[Path]:
    """Generate every sync tree under *dest_root* (``ROOT`` for the real thing); return the files."""
    used: set[str] = set()
    written: list[Path] = []
    for src_dir, dst_dir in TREES:
        target_dir = dest_root / dst_dir.relative_to(ROOT)
        if target_dir.exists():
            shutil.rmtree(target_dir)
        for source in sorted(src_dir.rglob("*.py")):
            target = target_dir / source.relative_to(src_dir)
            unasync_file(source, target, used)
            written.append(target)
    unused = [pattern for pattern, _ in SUBS if pattern not in used]
    if unused:
        sys.exit(f"unasync: unused substitution rules (remove or fix them): {unused}")
    return written


def format_files(files: list[Path]) -> None:
    """Format and fix imports like the hand-written code, so the check compares like with like."""
    paths = [str(f) for f in files]
    ruff = [sys.executable, "-m", "ruff"]
    config = ["--config", str(ROOT / "pyproject.toml")]
    # Only the fixes the renaming calls for (imports and __all__ order):
    # others would depend on the folder's per-file rules,
    # and the check must format the temporary copy exactly like the real tree.
    fix_imports = ["check", "--fix-only", "--quiet", "--select", "I,F401,RUF022"]
    subprocess.run([*ruff, *fix_imports, *config, *paths], check=True)
    subprocess.run([*ruff, "format", "--quiet", *config, *paths], check=True)


def check() -> int:
    """Regenerate into a temporary folder and report every stale or missing file."""
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp))
        format_files(files)
        stale: list[str] = []
        expected = {f.relative_to(tmp) for f in files}
        for _, dst_dir in TREES:
            rel_dir = dst_dir.relative_to(ROOT)
            actual = (
                {p.relative_to(ROOT) for p in dst_dir.rglob("*.py")} if dst_dir.exists() else set()
            )
            wanted = {p for p in expected if p.is_relative_to(rel_dir)}
            for extra in sorted(actual - wanted):
                stale.append(f"{extra}: not generated from any async source (delete it)")
            for rel in sorted(wanted):
                new = (Path(tmp) / rel).read_text(encoding="utf-8")
                old_path = ROOT / rel
                old = old_path.read_text(encoding="utf-8") if old_path.exists() else ""
                if new != old:
                    diff = difflib.unified_diff(
                        old.splitlines(),
                        new.splitlines(),
                        str(rel),
                        f"{rel} (regenerated)",
                        lineterm="",
                    )
                    stale.append("\n".join(list(diff)[:40]))
    if stale:
        print("unasync: the sync code is stale; run `python scripts/unasync.py`:", file=sys.stderr)
        for entry in stale:
            print(entry, file=sys.stderr)
        return 1
    print("unasync: sync code is up to date")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the generated code is stale")
    args = parser.parse_args()
    if args.check:
        return check()
    format_files(generate(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
