#!/usr/bin/env python3
"""How long `import kit` takes next to `import pandas`, as a ratio measured in one run.

    python bench/import_time.py              # 7 rounds, prints a table and the ratios
    python bench/import_time.py --rounds 11 --max-ratio 1.3 --top 10

Each statement runs in a fresh interpreter (nothing is cached in `sys.modules`), timed inside
that process around the import alone, so interpreter start-up is left out. The statements take
turns round by round, so a load spike on a shared machine hits all of them alike; the median of
the rounds is reported. `--top N` lists the N slowest modules `import kit` loads
(`python -X importtime`), to find what to make lazy. Exit 1 when `import kit` costs more than
`--max-ratio` times `import pandas`, or loads matplotlib or ipywidgets.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

#: label -> statement; the first is the yardstick the others are divided by
STATEMENTS = {
    "import pandas": "import pandas",
    "import kit": "import kit",
    "kit.metrics_frame (loads kit.api)": "import kit; kit.metrics_frame",
}

#: modules `import kit` must not load: they belong to charts and widgets only
HEAVY = ("matplotlib", "ipywidgets")

_PROBE = """
import json, sys, time
t = time.perf_counter()
exec({statement!r})
seconds = time.perf_counter() - t
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
print(json.dumps({{"seconds": seconds, "heavy": heavy}}))
"""


def probe(statement: str, python: str = sys.executable) -> dict:
    """Run `statement` in a fresh interpreter: its import seconds and the heavy modules loaded."""
    code = _PROBE.format(statement=statement, heavy=HEAVY)
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def slowest_imports(statement: str, top: int, python: str = sys.executable) -> list[tuple]:
    """The `top` modules with the largest cumulative import time (µs) under `statement`."""
    out = subprocess.run(
        [python, "-X", "importtime", "-c", statement], capture_output=True, text=True, check=True
    )
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        fields = line.removeprefix("import time:").split("|")
        rows.append((int(fields[1]), int(fields[0]), fields[2].rstrip()))
    return sorted(rows, reverse=True)[:top]


def measure(rounds: int, python: str = sys.executable) -> dict[str, dict]:
    """Median seconds of each statement over `rounds` interleaved rounds."""
    seconds: dict[str, list[float]] = {label: [] for label in STATEMENTS}
    heavy: dict[str, list[str]] = {}
    for _ in range(rounds):
        for label, statement in STATEMENTS.items():
            result = probe(statement, python)
            seconds[label].append(result["seconds"])
            heavy[label] = result["heavy"]
    return {
        label: {"median": statistics.median(values), "min": min(values), "heavy": heavy[label]}
        for label, values in seconds.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="fresh processes each (default 7)")
    parser.add_argument("--max-ratio", type=float, default=1.3, help="limit for import kit")
    parser.add_argument("--top", type=int, default=0, help="list the N slowest kit imports")
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    args = parser.parse_args(argv)

    results = measure(args.rounds, args.python)
    base = results["import pandas"]["median"]
    print(f"{'statement':<36} {'median ms':>10} {'min ms':>8} {'x pandas':>9}  heavy modules")
    for label, r in results.items():
        heavy = ", ".join(r["heavy"]) or "-"
        ratio = r["median"] / base
        print(
            f"{label:<36} {r['median'] * 1e3:>10.1f} {r['min'] * 1e3:>8.1f} {ratio:>9.3f}  {heavy}"
        )
    ratio = results["import kit"]["median"] / base
    print(
        f"\nimport kit / import pandas = {ratio:.3f} (limit {args.max_ratio}; {args.rounds} rounds)"
    )
    if args.top:
        statement = STATEMENTS["kit.metrics_frame (loads kit.api)"]
        print(f"\nslowest modules under `{statement}` (-X importtime):")
        for cumulative, own, name in slowest_imports(statement, args.top, args.python):
            print(f"  {cumulative / 1e3:>8.1f} ms cumulative {own / 1e3:>7.1f} ms own  {name}")
    return 0 if ratio <= args.max_ratio and not results["import kit"]["heavy"] else 1


if __name__ == "__main__":
    sys.exit(main())
