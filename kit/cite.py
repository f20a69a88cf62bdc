"""Shim: `kit.figures.extract` is the one door to extraction (kept until kit/run, kit/api and
kit/cli import it from there)."""

from kit.figures import extract

__all__ = ["extract"]
