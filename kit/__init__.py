"""kit: figures from Chinese public-security work reports, with their provenance.

>>> import kit
>>> frame = kit.metrics_frame()          # every figure of the bundled seeds
>>> corpus = kit.load_corpus("reports/")  # your own files or folders
"""

from typing import Any

from kit.api import documents_frame, iter_metrics, metrics_frame
from kit.corpus import Corpus, LoadError, load_corpus
from kit.extract import extract
from kit.records import Document, Metric
from kit.widgets import FilterPanel

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "Document",
    "FilterPanel",
    "LoadError",
    "Metric",
    "__version__",
    "build_briefings",
    "documents_frame",
    "extract",
    "iter_metrics",
    "load_corpus",
    "metrics_frame",
]


def __getattr__(name: str) -> Any:
    """`kit.build_briefings` without loading papermill and nbconvert on every `import kit`."""
    if name == "build_briefings":
        from kit.briefing import build_briefings

        return build_briefings
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
