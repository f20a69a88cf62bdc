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
# # Comparing like with like, across places and years
#
# **Question:** for each standard measure (criminal cases solved, dispute resolution rate, fraud
# cases…), what does each place state in each year, which reports state it at all, and do the
# year-on-year changes the reports claim agree with the levels they stated a year apart?
#
# A figure is compared only with figures of the same *series*: the same measure, in the same unit,
# both levels or both changes against the same baseline. "Criminal cases solved" (a count) and
# "criminal cases solved, change year-on-year" (a %) are two series. A sub-bureau's or district's
# figure is its own, named row, never the region's; a figure a report quotes from elsewhere (the
# national average) is a benchmark row.

# %% tags=["parameters"]
corpus = None  # list of files/folders; None means the bundled seeds
regions = None  # e.g. ["Xining"]; None means all
briefing = False  # True when built as an HTML briefing
reconcile = True  # check against the other-language version; same in every notebook

# %%
import kit.notebook as kn

kn.setup(briefing)  # once: Chinese chart labels; live widgets, or the briefing's pages
reports, documents, frame = kn.load(corpus, regions, reconcile)
measured = kn.select(frame, keyed=True)
print(f"{len(measured)} of {len(frame)} figures state one of the standard measures.")

# %% [markdown]
# ## Which report states which measure
#
# One row a report, one column a standard measure; a cell counts the figures the report states
# for it ("1 of a unit" when the figure is a sub-bureau's or district's). An empty cell means the
# report does not state the measure in a form `kit` recognises, not that it is zero. A measure only
# one report states cannot be compared at all.

# %%
available = kn.compare.availability(frame, documents)
print(kn.compare.availability_finding(available))
kn.styled(available)

# %% [markdown]
# ## Each measure, place by year
#
# One table a series: one row a place (a unit inside it, or a benchmark, on rows of their own),
# one column a year, each cell the value as stated ("over 803,000" keeps its "over"), with the
# reports it comes from. `(zh)` marks a value from a Chinese original; `*` a value repaired from a
# damaged translation and not confirmed by the other version, `?` one below confidence 0.5: they
# are shown but never quoted in a finding. Different periods are not alike even within one series:
# a column is one year *and* period ("2023" for a whole year, "2023 Jan–Sep", "2024 spring
# festival"), and a table whose reports cover different periods says so in its caption.

# %%
kn.series_tables(frame)

# %% [markdown]
# The same figures as a chart, one panel a series; filter by measure, region, year or period
# (choose one period to compare like with like). A panel whose values span a hundredfold or more
# is on a log scale.

# %%
kn.explore(
    kn.select(measured, change=False),
    kn.charts.series_bars,
    title="Stated levels, one panel a series",
    columns=kn.EXPLORE_COLUMNS,
    filters=("indicator", "region", "year", "period"),
)

# %% [markdown]
# ## Do the stated changes fit the stated levels?
#
# Where a report states a year-on-year change and the corpus holds the same place's report for
# the year before, for the same period (Jan–Sep with Jan–Sep, a year with a year), the change is
# computed from the two stated levels of the same measure and the same unit or area, and shown
# beside the stated one. Where the year before is reported for another period only, the row says
# so and nothing is compared: a Jan–Sep figure is never checked against a whole year's. A
# disagreement beyond rounding (half a point) is flagged `DISAGREES`: one of the three figures is
# wrong, or the two reports count differently. Levels stated as bounds ("over 6,600") are shown
# but not checked.

# %%
checks = kn.compare.consistency(frame)
print(kn.compare.consistency_finding(checks))
kn.styled(checks, empty="No stated change has the year before in this corpus.")

# %% [markdown]
# ## What to distrust
#
# - **Same words, different counts.** Two reports' "cases solved" may count different crimes or a
#   campaign's cases only; the source sentences are in the tables of the topic briefings.
# - **Different periods and scales.** A province, a city and a district; a holiday and a year.
#   A county's or city's figures are its own, never its province's: `kn.compare.roll_up(frame,
#   documents)` labels them as the province's ("Jiangsu (roll-up: Hai'an)") only when you ask.
# - **Repaired values** (`*`) are the kit's reading of a damaged number; they are compared only
#   once the other-language version confirms them.
# - **Units and benchmarks.** A sub-bureau's figure is the sub-bureau's; a national average quoted
#   in a report is a benchmark, not the report's own.

# %%
print(kn.caveats(measured))
kn.styled(kn.figure_table(kn.doubtful(measured), kn.SHORT_COLUMNS))

# %% [markdown]
# ## Sources

# %%
print(kn.sources_note(reports))
kn.styled(kn.documents_table(documents))
