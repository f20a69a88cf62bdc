"""Install size and time of the kit's core and of each extra, each in a fresh venv.

    .venv/bin/python bench/install_size.py            # core, briefings, notebooks
    .venv/bin/python bench/install_size.py core dev   # any extras ("core": none)

Builds the wheel once (offline, no build isolation), then for each choice makes a fresh venv and
times `uv pip install` from uv's cache (offline; online when the cache lacks something, which the
line says). Size is the venv's bytes on disk after the install (site-packages, scripts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def measure(wheel: Path, extra: str, work: Path, uv: str) -> str:
    env_dir = work / f"venv-{extra}"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    base = _size(env_dir)
    requirement = str(wheel) if extra == "core" else f"kit[{extra}] @ {wheel.as_uri()}"
    cmd = [uv, "pip", "install", "-q", "--python", str(python), requirement]
    where = "offline"
    start = time.perf_counter()
    if subprocess.run([*cmd, "--offline"], capture_output=True).returncode != 0:
        where = "online"
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
    seconds = time.perf_counter() - start
    listed = subprocess.run(
        [uv, "pip", "list", "--python", str(python), "--format", "freeze"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    count = len(listed.stdout.split())
    megabytes = (_size(env_dir) - base) / 1e6
    jupyterlab = "with" if "jupyterlab==" in listed.stdout else "without"
    return (
        f"{extra:10s} {megabytes:7.1f} MB  {count:3d} distributions  {seconds:5.1f} s ({where})  "
        f"{jupyterlab} jupyterlab"
    )


def main(argv: list[str]) -> int:
    extras = argv or ["core", "briefings", "notebooks"]
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not uv:
        print("install_size: uv is needed (it is in the dev extra)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation",
             "-q", "-w", str(work)],
            cwd=ROOT, check=True,
        )  # fmt: skip
        (wheel,) = work.glob("kit-*.whl")
        for extra in extras:
            print(measure(wheel, extra, work, uv), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
