"""The kit as a user installs it: a wheel, in a fresh venv, run from a folder with no checkout.

Regression: an installed wheel had no bundled corpus and no notebooks (`kit docs` listed nothing,
`kit briefings` built only an index). The wheel is built offline (no build isolation: setuptools
comes from the dev extra) and installed into one venv per session; building every briefing takes
a minute or two, so the test is marked `slow` but stays in the suite.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_NAMES = sorted(p.name for p in (ROOT / "seeds").iterdir() if not p.name.startswith("."))
NOTEBOOK_STEMS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def _run(*cmd: str | Path, cwd: Path = ROOT, env: dict | None = None) -> str:
    out = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, f"{cmd} exited {out.returncode}\n{out.stdout}\n{out.stderr}"
    return out.stdout


def _repository_files() -> list[str]:
    """What a fresh clone holds: tracked files plus new ones git does not ignore."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        pytest.skip("not a git checkout: cannot tell which files a clone would hold")
    return sorted({f for f in out.stdout.split("\0") if f and (ROOT / f).is_file()})


@pytest.fixture(scope="session")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository as a clone would have it: no .venv, build/ or stale outputs."""
    folder = tmp_path_factory.mktemp("clone") / "kit"
    for name in _repository_files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def wheel(clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-q",
         "-w", out, cwd=clone)  # fmt: skip
    (built,) = out.glob("kit-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel with the notebooks extra (JupyterLab and briefings)."""
    return _fresh_venv(tmp_path_factory.mktemp("venv"), f"kit[notebooks] @ {wheel.as_uri()}")


def _fresh_venv(folder: Path, requirement: str) -> Path:
    """A fresh venv holding `requirement` (the wheel, with extras or not); returns its bin/."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    venv.EnvBuilder(with_pip=uv is None).create(folder)
    bin_dir = folder / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    if uv:  # many times faster; offline first, from uv's cache
        cmd = [uv, "pip", "install", "-q", "--python", str(python), requirement]
        if subprocess.run([*cmd, "--offline"], capture_output=True).returncode != 0:
            _run(*cmd)
    else:
        _run(python, "-m", "pip", "install", "-q", requirement)
    return bin_dir


@pytest.fixture(scope="session")
def core(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel with no extra: the core a Dask worker or a script needs."""
    return _fresh_venv(tmp_path_factory.mktemp("core"), str(wheel))


@pytest.fixture(scope="session")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder far from the checkout, and an environment that cannot reach the checkout."""
    folder = tmp_path_factory.mktemp("elsewhere")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["KIT_CACHE_DIR"] = str(folder / "cache")
    return folder, env


@dataclass(frozen=True)
class Member:
    """Files the wheel must hold under `folder`, named after their source of truth."""

    id: str
    folder: str
    names: list[str]
    pattern: str = "*"  # which of the folder's files are compared


MEMBERS = [
    Member("seeds", "kit/_seeds/", SEED_NAMES),
    Member("notebooks", "kit/_notebooks/", [f"{s}.ipynb" for s in NOTEBOOK_STEMS]),
    Member(
        "templates",
        "kit/assets/templates/",
        sorted(p.name for p in ROOT.glob("kit/assets/templates/*") if p.is_file()),
    ),
    Member(
        "lexicons",
        "kit/lexicon/",
        sorted(p.name for p in ROOT.glob("kit/lexicon/*.toml")),
        "*.toml",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.id)
def test_the_wheel_holds_the_bundled_files(wheel: Path, member: Member) -> None:
    with zipfile.ZipFile(wheel) as zf:
        inside = [
            n.removeprefix(member.folder) for n in zf.namelist() if n.startswith(member.folder)
        ]
    names = sorted(n for n in inside if "/" not in n and fnmatch(n, member.pattern))
    assert names == member.names
    assert member.names, "the source folder is empty: nothing was checked"


@pytest.mark.slow
def test_the_installed_kit_is_not_the_checkout(installed: Path, elsewhere) -> None:
    folder, env = elsewhere
    code = "import kit, kit.bundled as b; print(kit.__file__); print(b.seeds_dir())"
    kit_file, seeds = _run(installed / "python", "-c", code, cwd=folder, env=env).splitlines()
    assert ROOT not in Path(kit_file).parents
    assert Path(seeds).parent == Path(kit_file).parent
    assert Path(seeds).name == "_seeds"


@pytest.mark.slow
def test_kit_docs_lists_the_seeds_from_any_folder(installed: Path, elsewhere) -> None:
    folder, env = elsewhere
    lines = _run(installed / "kit", "docs", cwd=folder, env=env).splitlines()
    assert lines[0].split()[:2] == ["doc_id", "language"]
    assert lines[0].split()[-1] == "figures"  # the last column: titles before it hold spaces
    assert [line.split()[0] for line in lines[1:]] == SEED_NAMES
    counts = [int(line.split()[-1]) for line in lines[1:]]
    assert all(n > 0 for n in counts), f"a seed without figures: {counts}"


@pytest.mark.slow
def test_kit_briefings_builds_every_briefing_from_any_folder(installed: Path, elsewhere) -> None:
    folder, env = elsewhere
    out = folder / "briefings"
    _run(installed / "kit", "briefings", "--out", out, cwd=folder, env=env)
    assert sorted(p.stem for p in out.glob("*.html")) == sorted([*NOTEBOOK_STEMS, "index"])
    index = (out / "index.html").read_text(encoding="utf-8")
    for stem in NOTEBOOK_STEMS:
        assert f'href="{stem}.html"' in index
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert "bundled seeds" in page
        assert "<script src=" not in page


#: distributions the core install must not bring (the Jupyter stack and the plotting one)
NOT_IN_THE_CORE = ["jupyterlab", "ipykernel", "nbformat", "papermill", "matplotlib", "ipywidgets"]


@pytest.mark.slow
def test_the_core_installs_no_jupyter_stack(core: Path) -> None:
    code = (
        "import importlib.metadata as m, sys\n"
        "for name in sys.argv[1:]:\n"
        "    try: print(name, m.version(name))\n"
        "    except m.PackageNotFoundError: pass\n"
    )
    found = _run(core / "python", "-c", code, "pandas", *NOT_IN_THE_CORE).split()
    assert found[0] == "pandas", "the probe cannot see installed distributions: check it"
    assert found[2:] == []


@pytest.mark.slow
def test_kit_extract_and_kit_docs_work_in_the_core(core: Path, elsewhere) -> None:
    folder, env = elsewhere
    seed = ROOT / "seeds" / SEED_NAMES[0]
    lines = _run(core / "kit", "extract", seed, "--jobs", "1", cwd=folder, env=env).splitlines()
    figures = [json.loads(line) for line in lines]
    assert figures, f"kit extract found no figure in {seed.name}"
    text = seed.read_bytes().decode("utf-8-sig")  # offsets into the decoded text
    assert [f["text"] for f in figures] == [text[f["start"] : f["end"]] for f in figures]
    docs = _run(core / "kit", "docs", cwd=folder, env=env).splitlines()
    assert [line.split()[0] for line in docs[1:]] == SEED_NAMES


@pytest.mark.slow
def test_kit_briefings_in_the_core_names_the_extra_it_needs(core: Path, elsewhere) -> None:
    folder, env = elsewhere
    out = subprocess.run(
        [core / "kit", "briefings", "--out", folder / "b"], cwd=folder, env=env,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1
    assert "pip install 'kit[briefings]'" in out.stderr


@pytest.mark.slow
def test_the_sdist_carries_what_the_wheel_build_copies(clone: Path, tmp_path: Path) -> None:
    """A wheel built from the sdist (as `python -m build` does) needs seeds/ and notebooks/."""
    code = "from setuptools import build_meta as b; import sys; print(b.build_sdist(sys.argv[1]))"
    name = _run(sys.executable, "-c", code, tmp_path, cwd=clone).strip().splitlines()[-1]
    with tarfile.open(tmp_path / name) as tf:
        members = {m.split("/", 1)[1] for m in tf.getnames() if "/" in m}
    wanted = {f"seeds/{n}" for n in SEED_NAMES} | {f"notebooks/{s}.ipynb" for s in NOTEBOOK_STEMS}
    assert wanted | {"scripts/build_py.py", "MANIFEST.in"} <= members


def test_pre_commit_runs_the_ruff_the_dev_extra_pins() -> None:
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (pin,) = [r for r in dev["dev"] if r.startswith("ruff")]
    match = re.fullmatch(r"ruff==(\S+?)\s*", pin)
    assert match, f"pyproject pins ruff loosely ({pin!r}): pre-commit needs one exact version"
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    rev = re.search(r"ruff-pre-commit\s*\n\s*rev:\s*v?(\S+)", config)
    assert rev, "no ruff-pre-commit hook in .pre-commit-config.yaml"
    assert rev.group(1) == match.group(1)


def _readme_score_commands() -> list[tuple[str, str]]:
    """The README's scoring commands (`$ ` lines, `\\`-continued), each with its headline."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    found = []
    starts = [i for i, line in enumerate(lines) if line.startswith("$ ") and "score_gold" in line]
    for first in starts:
        command, i = lines[first][2:], first
        while command.endswith("\\"):
            i += 1
            command = command[:-1] + " " + lines[i].strip()
        fence = next(j for j in range(i, len(lines)) if lines[j].startswith("```"))
        found.append((command, lines[fence - 1]))
    return found


def test_the_readme_score_commands_work_in_a_clone(clone: Path) -> None:
    """Run word for word in a clone (with this checkout's .venv), each scores as the README says."""
    commands = _readme_score_commands()
    assert len(commands) >= 2, commands  # the seeds' gold and the development set
    (clone / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    env = {**os.environ, "KIT_CACHE_DIR": str(clone / ".kit-cache")}
    for command, headline in commands:
        assert "../" not in command
        out = subprocess.run(
            command, shell=True, cwd=clone, env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        got = out.stdout.strip().splitlines()[-1]
        shown = re.findall(r"(\w+)=(\d[\d.]*)", headline)  # the README may elide some as "..."
        assert shown, headline
        assert all(f"{name}={value}" in got.split() for name, value in shown), (headline, got)
