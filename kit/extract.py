"""Shim: `kit.figures.extract` is the one door to extraction (kept until kit/reconcile imports
it from there)."""

from kit.figures import extract

__all__ = ["extract"]
