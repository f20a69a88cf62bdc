"""setuptools `build_py` that also copies the seeds and curated notebooks into the wheel.

`seeds/` and `notebooks/` stay at the top of the repository (the design card wants them there and
they are the source of truth); a built package gets copies as `kit/_seeds/` and
`kit/_notebooks/`, which `kit.bundled` finds once installed. Editable installs copy nothing: they
read the checkout's folders. Wired in pyproject.toml under `[tool.setuptools.cmdclass]`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent.parent

#: top-level folder -> (folder inside the package, files copied)
BUNDLED = {
    "seeds": ("_seeds", "*"),
    "notebooks": ("_notebooks", "*.ipynb"),  # the jupytext .py pairs are for review only
}


def bundled_files(root: Path = ROOT) -> dict[str, list[Path]]:
    """Package-relative target -> the source files copied there (hidden files left out)."""
    return {
        target: sorted(
            p for p in (root / source).glob(pattern) if p.is_file() and not p.name.startswith(".")
        )
        for source, (target, pattern) in BUNDLED.items()
    }


class BuildPy(build_py):
    """The usual build_py, then the bundled folders copied under build_lib/kit/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for target, files in bundled_files().items():
            dest = Path(self.build_lib, "kit", target)
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            for path in files:
                shutil.copy2(path, dest / path.name)
