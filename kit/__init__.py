"""kit: figures from Chinese public-security work reports, with their provenance.

A complete session on your own folder of reports (``.txt``/``.md``; Chinese or English):

>>> import kit
>>> corpus = kit.load_corpus("reports/")      # files or folders; None = the bundled seeds
>>> corpus.errors                             # bad files, each named with its problem
[]
>>> frame = kit.metrics_frame(corpus)         # one row a figure, with its provenance
>>> rates = frame[frame.unit == "percent"]
>>> kit.explore(rates, kit.charts.rates_dot)  # filters, chart and table in JupyterLab
>>> kit.build_briefings(corpus=["reports/"], out="briefings")  # offline HTML briefings

Every name is loaded on first use (PEP 562), so ``import kit`` stays light: the plotting,
widget and notebook-execution stacks load only when a chart, widget or briefing is asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kit._version import __version__

#: public name -> (module, attribute); attribute None means the module itself
_LAZY: dict[str, tuple[str, str | None]] = {
    "Corpus": ("kit.load.corpus", "Corpus"),
    "LoadError": ("kit.load.corpus", "LoadError"),
    "load_corpus": ("kit.load.corpus", "load_corpus"),
    "Document": ("kit.schema", "Document"),
    "Metric": ("kit.schema", "Metric"),
    "extract": ("kit.figures", "extract"),  # the one door: what `kit extract` writes
    "documents_frame": ("kit.api", "documents_frame"),
    "iter_metrics": ("kit.api", "iter_metrics"),
    "metrics_frame": ("kit.api", "metrics_frame"),
    "FilterPanel": ("kit.present.widgets", "FilterPanel"),
    "explore": ("kit.present.explore", "explore"),
    "charts": ("kit.present.charts", None),
    "build_briefings": ("kit.publish.briefing", "build_briefings"),
    "use_cjk_fonts": ("kit.present.fonts", "use_cjk_fonts"),
}

__all__ = [
    "Corpus",
    "Document",
    "FilterPanel",
    "LoadError",
    "Metric",
    "__version__",
    "build_briefings",
    "charts",
    "documents_frame",
    "explore",
    "extract",
    "iter_metrics",
    "load_corpus",
    "metrics_frame",
    "use_cjk_fonts",
]

if TYPE_CHECKING:  # for type checkers and IDEs; at run time names load on first use
    from kit.api import documents_frame, iter_metrics, metrics_frame
    from kit.figures import extract
    from kit.load.corpus import Corpus, LoadError, load_corpus
    from kit.present import charts
    from kit.present.explore import explore
    from kit.present.fonts import use_cjk_fonts
    from kit.present.widgets import FilterPanel
    from kit.publish.briefing import build_briefings
    from kit.schema import Document, Metric


def __getattr__(name: str) -> Any:
    """Import a public name the first time it is used, then keep it on the package."""
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kit' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Tab completion lists the lazy names too."""
    return sorted(set(globals()) | set(__all__))
