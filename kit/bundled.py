"""Where the bundled seed reports and curated notebooks are, in a checkout and once installed.

The top-level `seeds/` and `notebooks/` folders are the source of truth; building the wheel copies
them into the package as `kit/_seeds/` and `kit/_notebooks/` (`scripts/build_py.py`), so an
installed kit finds them with no checkout around.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent

#: top-level folder in a checkout -> the copy inside an installed package
INSTALLED_NAMES = {"seeds": "_seeds", "notebooks": "_notebooks"}


def _bundled(folder: str) -> Path:
    """The installed copy when this kit is an installed wheel, else the checkout's folder."""
    installed = _PACKAGE / INSTALLED_NAMES[folder]
    if installed.is_dir():
        return installed
    checkout = _CHECKOUT / folder
    if checkout.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return checkout
    return installed  # missing: loading it reports the folder by name


def seeds_dir() -> Path:
    """Folder of the bundled seed reports (the default corpus)."""
    return _bundled("seeds")


def notebooks_dir() -> Path:
    """Folder of the curated notebooks that `kit briefings` builds."""
    return _bundled("notebooks")


__all__ = ["notebooks_dir", "seeds_dir"]
