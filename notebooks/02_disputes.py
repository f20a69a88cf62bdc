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
reconcile = True  # check against the other-language version; same in every notebook

# %%
import kit
from kit.present import briefs, charts
from kit.present.explore import explore

kit.use_cjk_fonts()  # Chinese labels in your own figures too
reports, documents, frame = briefs.load(corpus, regions, reconcile)
disputes = briefs.select(frame, topic="disputes", indicators=briefs.DISPUTE_INDICATORS)
print(f"{len(disputes)} of {len(frame)} figures are about contradictions and disputes.")

# %% [markdown]
# ## The headline figures, report by report
#
# Disputes found, disputes resolved (counts) and the resolution or mediation rate (a percentage),
# one row a series and one column a report. A sub-bureau's figure has a column of its own, named
# (城北公安分局's 1,049 disputes are the sub-bureau's, not the city's). A blank cell means the
# report does not state the figure in a form `kit` recognises. A `*` marks a value repaired from a
# damaged translation and not confirmed by the other version, a `?` one below confidence 0.5.

# %%
print(briefs.count_finding(disputes, briefs.DISPUTE_INDICATORS))
briefs.styled(briefs.compare_metrics(disputes, briefs.DISPUTE_INDICATORS).reset_index())

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
# One panel a measure (disputes found are not disputes resolved), one bar a count a report
# states, labelled with whose it is. Counts are not added up. Round numbers ("over 6,600") are
# lower bounds and keep their "over"; a panel spanning a hundredfold or more is on a log scale.

# %%
explore(
    briefs.select(disputes, indicators=briefs.DISPUTE_INDICATORS, unit="count", change=False),
    charts.series_bars,
    title="Dispute counts, one panel a measure",
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
