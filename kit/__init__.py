"""kit: figures from Chinese public-security work reports, with their provenance.

>>> import kit
>>> frame = kit.metrics_frame()          # every figure of the bundled seeds
>>> corpus = kit.load_corpus("reports/")  # your own files or folders
"""

from kit.api import documents_frame, iter_metrics, metrics_frame
from kit.corpus import Corpus, LoadError, load_corpus
from kit.extract import extract
from kit.records import Document, Metric

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "Document",
    "LoadError",
    "Metric",
    "__version__",
    "documents_frame",
    "extract",
    "iter_metrics",
    "load_corpus",
    "metrics_frame",
]
