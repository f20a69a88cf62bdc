#!/usr/bin/env python3
"""Set-up and everyday tasks, with nothing but Python 3.11 installed first.

    python3 dev.py briefings   # build the HTML briefings from seeds/ into briefings/
    python3 dev.py test        # lint, format check, type check and the whole test suite
    python3 dev.py test --fast # the same checks, tests without kernels, browsers or wheel builds
    python3 dev.py lab         # open the notebooks in JupyterLab

Each task first makes sure `.venv` exists and holds the project with its `dev` extra (uv is
used to install when it can be had, as it is many times faster than pip).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".kit-installed"


def run(*cmd: str | os.PathLike) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def ensure_env() -> None:
    """Create .venv and install the project, again only when pyproject.toml changed."""
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = (ROOT / "pyproject.toml").read_bytes()
    if STAMP.exists() and STAMP.read_bytes() == wanted:
        return
    if not (BIN / "uv").exists():
        subprocess.run([str(PY), "-m", "pip", "install", "-q", "uv"], cwd=ROOT, check=False)
    if (BIN / "uv").exists():
        run(BIN / "uv", "pip", "install", "--python", PY, "-e", ".[dev]")
    else:
        run(PY, "-m", "pip", "install", "-e", ".[dev]")
    STAMP.write_bytes(wanted)


#: the fast lane's selection: no kernels, browsers, wheel builds, worker pools or clusters
#: (markers in pyproject.toml), spread over the cores by pytest-xdist
FAST = "not slow and not kernel and not browser and not process"


def task_test(args: list[str]) -> None:
    """Lint, format check, type check, then pytest: all of it, or with --fast the lane that
    starts no kernel, browser, wheel build or worker pool (`-m` with FAST) on every core."""
    fast = "--fast" in args
    args = [a for a in args if a != "--fast"]
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")  # configured in pyproject.toml: the kit/ package
    run(PY, "-m", "pytest", *(["-m", FAST, "-n", "auto"] if fast else []), *args)


def task_briefings(args: list[str]) -> None:
    run(BIN / "kit", "briefings", *args)


def task_lab(args: list[str]) -> None:
    extra = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    run(BIN / "jupyter", "lab", "notebooks", *extra, *args)


TASKS = {"test": task_test, "briefings": task_briefings, "lab": task_lab}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        return 2
    ensure_env()
    try:
        TASKS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as err:
        return err.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
