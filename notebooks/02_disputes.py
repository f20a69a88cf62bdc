# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Disputes: contradictions found, mediated and resolved
#
# **Question:** how many disputes do the reports say they found, mediated and resolved, and how
# do the resolution and mediation rates they claim compare across reports and sub-bureaus?

# %% tags=["parameters"]
corpus = None  # list of files/folders; None means the bundled seeds
regions = None  # e.g. ["Xining"]; None means all
briefing = False  # True when built as an HTML briefing

# %%
from functools import partial

import kit
from kit.present import briefs, charts
from kit.present.explore import explore

reports = kit.load_corpus(corpus)
documents = briefs.filter_regions(kit.documents_frame(reports), regions)
frame = briefs.filter_regions(kit.metrics_frame(reports), regions)
disputes = briefs.select(frame, topic="disputes", metrics=briefs.DISPUTE_METRICS)
print(f"{len(disputes)} of {len(frame)} figures are about contradictions and disputes.")

# %% [markdown]
# ## The headline figures, report by report
#
# Disputes resolved (a count) and the resolution or mediation rate (a percentage), one column a
# report. A blank cell means the report does not state the figure in a form `kit` recognises. A
# `*` marks a value repaired from a damaged translation, a `?` one below confidence 0.5.

# %%
print(briefs.count_finding(disputes, briefs.DISPUTE_METRICS))
briefs.styled(briefs.compare_metrics(disputes, briefs.DISPUTE_METRICS).reset_index())

# %% [markdown]
# ## Resolution and mediation rates
#
# Every rate stated about disputes, one dot each, on a 0–100% scale. Reports name these rates in
# different ways (化解率, 排查化解率, "mediation rate", "resolution rate") and they need not measure
# the same thing: one counts disputes resolved of those found, another disputes mediated
# successfully. Where the sentence credits a sub-bureau (a district branch such as 城北公安分局),
# the table names it in the `sub_bureau` column, so a city's rate and one of its branches' rates
# are not mistaken for each other.

# %%
rates = briefs.dispute_rates(disputes)
print(briefs.rates_finding(rates))
explore(
    rates,
    charts.rates_dot,
    title="Dispute resolution and mediation rates, by report and sub-bureau",
    columns=(
        "region",
        "year",
        "language",
        "sub_bureau",
        "value",
        "counted",
        "text",
        "repaired",
        "confidence",
        "sentence",
    ),
    filters=("region", "year", "sub_bureau"),
    briefing=briefing,
)

# %% [markdown]
# ## How many disputes
#
# Each bar is one count of disputes resolved that a report states, labelled with the report.
# Counts are not added up. Round numbers ("more than 6,600") are lower bounds.

# %%
explore(
    briefs.label_figures(
        briefs.select(disputes, metrics=briefs.DISPUTE_METRICS, unit="count", change=False)
    ),
    partial(charts.counts_bar, by="figure", value="sum"),
    title="Disputes resolved, one bar a stated figure",
    columns=briefs.EXPLORE_COLUMNS,
    filters=("region", "year"),
    briefing=briefing,
)

# %% [markdown]
# Other dispute counts, in the reports' own words (mediation rooms, cases handled, disputes
# mediated), listed rather than charted because they count different things.

# %%
briefs.styled(
    briefs.figure_table(
        briefs.select(disputes, unit="count", change=False, keyed=False), briefs.SHORT_COLUMNS
    )
)

# %% [markdown]
# ## What to distrust
#
# - **Rates near 100%.** Nearly every report claims a resolution rate above 95%; the rates are the
#   reports' own and are rarely defined. Compare them as claims, not as measurements.
# - **Dropped decimal points.** "986%" cannot be a rate; `kit` reads it as 98.6% and marks it
#   repaired.
# - **Machine translation.** "Contradictions and disputes" (矛盾纠纷) is one category in the
#   originals; translations split or rename it.
# - **Sub-bureaus.** A sub-bureau's rate is for its district only; it is named only when the
#   sentence names it.

# %%
print(briefs.caveats(disputes))
briefs.styled(briefs.figure_table(briefs.doubtful(disputes), briefs.SHORT_COLUMNS))

# %% [markdown]
# ## Sources

# %%
print(briefs.sources_note(reports))
briefs.styled(briefs.documents_table(documents))
