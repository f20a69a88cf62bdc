"""bench/make_corpus.py for the tests that generate corpora (bench/ is scripts, not a package)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


@cache
def make_corpus_module() -> ModuleType:
    """The generator module, imported once by path."""
    spec = importlib.util.spec_from_file_location("kit_bench_make_corpus", BENCH / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
