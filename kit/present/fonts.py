"""Chinese text in matplotlib: the CJK font the kit installs, or one the system has.

The kit depends on `noto-cjk-sans-otc` (Noto Sans CJK Regular from PyPI, OFL-1.1, a 15.5 MB
wheel), so Chinese renders on a machine with no system font at all, the same on every machine;
`bundled_font_file` names that file.

matplotlib builds its font list once (``~/.cache/matplotlib/fontlist-*.json``) and never looks
again, so a CJK font installed after that (``apt-get install fonts-wqy-zenhei``) is invisible and
Chinese labels come out as empty boxes. `find_cjk_font` therefore also asks fontconfig
(``fc-list :lang=zh``) and a few known paths, and adds what it finds with
``fontManager.addfont``. `use_cjk_fonts` puts that font into matplotlib's fallback list for the
user's own figures; with none installed it warns once, naming the package to install.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import warnings
from pathlib import Path

#: CJK families, best first; the first one installed is used
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Noto Sans CJK JP",  # face 0 of the kit's collection, where matplotlib reads only one face
)
#: where Debian/Ubuntu/Fedora put those fonts, for machines without fc-list
KNOWN_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
LATIN_FONT = "DejaVu Sans"
#: the PyPI package the kit depends on for its CJK font, and its import name
FONT_PACKAGE = "noto-cjk-sans-otc"
_FONT_MODULE = "noto_cjk_sans_otc"
PACKAGES = "fonts-noto-cjk or fonts-wqy-zenhei"
NO_CJK_FONT = (
    "kit: no Chinese (CJK) font is installed, so Chinese labels in charts show as empty boxes; "
    f"install one (pip install {FONT_PACKAGE}, or Debian/Ubuntu: apt-get install {PACKAGES}) "
    "and restart the kernel."
)

_found: list[str | None] = []  # [family] once searched; empty until then
_warned: list[bool] = []


def _installed_families() -> list[str]:
    from matplotlib import font_manager

    return [f.name for f in font_manager.fontManager.ttflist]


def _first_known(families: list[str]) -> str | None:
    present = set(families)
    return next((f for f in CJK_FAMILIES if f in present), None)


def bundled_font_file() -> str | None:
    """The Noto Sans CJK file installed with the kit (package `noto-cjk-sans-otc`), or None."""
    try:
        module = importlib.import_module(_FONT_MODULE)
    except ImportError:
        return None
    path = Path(str(module.FONT_PATH))
    return str(path) if path.is_file() else None


def candidate_files() -> list[str]:
    """CJK font files: the kit's own first (the same glyphs on every machine), then
    fontconfig's answer, then the known paths that exist."""
    bundled = bundled_font_file()
    files: list[str] = [bundled] if bundled else []
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run(
                [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=20
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in out.splitlines():
            path = line.split(":", 1)[0].strip()
            if path and path not in files:
                files.append(path)
    files += [p for p in KNOWN_PATHS if p not in files and Path(p).is_file()]
    return files


def _forget_failed_lookups() -> None:
    """matplotlib memoises failed font look-ups: forget them once a font file is added."""
    from matplotlib import font_manager

    # a private cache with no public reset; typeshed-style stubs do not declare it
    font_manager.fontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def _bundled_family() -> str | None:
    """The kit's own CJK family, added to matplotlib if need be: the same glyphs on every
    machine, whatever fonts the system has."""
    from matplotlib import font_manager

    path = bundled_font_file()
    if path is None:
        return None
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            return None
        _forget_failed_lookups()
    names = [f.name for f in font_manager.fontManager.ttflist if f.fname == path]
    return _first_known(names)


def find_cjk_font() -> str | None:
    """The family name of an installed CJK font, adding its file to matplotlib when the font
    cache predates it; None when the machine has none. The answer is kept for the session."""
    if _found:
        return _found[0]
    family = _bundled_family()
    if family is None:
        family = _first_known(_installed_families())
    if family is None:
        from matplotlib import font_manager

        for path in candidate_files():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # unreadable or not a font: try the next file
            family = _first_known(_installed_families())
            if family is not None:
                break
        if family is not None:
            _forget_failed_lookups()
    _found.append(family)
    return family


def font_families() -> list[str]:
    """The font list charts use: DejaVu Sans for Latin text, then the CJK font per glyph."""
    family = find_cjk_font()
    return [LATIN_FONT, family] if family else [LATIN_FONT]


def warn_if_missing() -> bool:
    """Warn (once a session) when no CJK font is installed; True when one is."""
    if find_cjk_font() is not None:
        return True
    if not _warned:
        _warned.append(True)
        warnings.warn(NO_CJK_FONT, UserWarning, stacklevel=3)
    return False


def use_cjk_fonts() -> str | None:
    """Let matplotlib draw Chinese in your own figures: sets the font fallback list
    (``rcParams["font.family"]``) to DejaVu Sans then the installed CJK font, and returns that
    font's family; with none installed, warns once naming the package and returns None."""
    import matplotlib as mpl

    warn_if_missing()
    mpl.rcParams["font.family"] = font_families()
    return find_cjk_font()


def forget() -> None:
    """Search again on the next call (after installing a font, or in tests)."""
    _found.clear()
    _warned.clear()


__all__ = [
    "bundled_font_file",
]
