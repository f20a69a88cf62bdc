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
import kit.notebook as kn

kn.setup(briefing)  # once: Chinese chart labels; live widgets, or the briefing's pages
reports, documents, frame = kn.load(corpus, regions, reconcile)
disputes = kn.select(frame, topic="disputes", indicators=kn.DISPUTE_INDICATORS)
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
print(kn.count_finding(disputes, kn.DISPUTE_INDICATORS))
kn.styled(kn.compare_metrics(disputes, kn.DISPUTE_INDICATORS).reset_index())

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
rates = kn.dispute_rates(disputes)
print(kn.rates_finding(rates))
kn.explore(
    rates,
    kn.charts.rates_dot,
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
)

# %% [markdown]
# ## How many disputes
#
# One panel a measure (disputes found are not disputes resolved), one bar a count a report
# states, labelled with whose it is. Counts are not added up. Round numbers ("over 6,600") are
# lower bounds and keep their "over"; a panel spanning a hundredfold or more is on a log scale.

# %%
kn.explore(
    kn.select(disputes, indicators=kn.DISPUTE_INDICATORS, unit="count", change=False),
    kn.charts.series_bars,
    title="Dispute counts, one panel a measure",
    columns=kn.EXPLORE_COLUMNS,
    filters=("region", "year"),
)

# %% [markdown]
# Other dispute counts, in the reports' own words (mediation rooms, cases handled, disputes
# mediated), listed rather than charted because they count different things.

# %%
kn.styled(
    kn.figure_table(kn.select(disputes, unit="count", change=False, keyed=False), kn.SHORT_COLUMNS)
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
print(kn.caveats(disputes))
kn.styled(kn.figure_table(kn.doubtful(disputes), kn.SHORT_COLUMNS))

# %% [markdown]
# ## Sources

# %%
print(kn.sources_note(reports))
kn.styled(kn.documents_table(documents))
