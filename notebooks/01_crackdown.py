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
# # Crackdown: cases solved, suspects caught, gangs broken up
#
# **Question:** what do the reports claim for the fight against crime (cases solved, suspects
# caught, gangs broken up, fraud, theft and robbery, solving rates and how they changed) and how
# do those claims compare from one report to the next?

# %% tags=["parameters"]
corpus = None  # list of files/folders; None means the bundled seeds
regions = None  # e.g. ["Xining"]; None means all
briefing = False  # True when built as an HTML briefing
reconcile = True  # check against the other-language version; same in every notebook

# %%
import kit.notebook as kn

kn.setup(briefing)  # once: Chinese chart labels; live widgets, or the briefing's pages
reports, documents, frame = kn.load(corpus, regions, reconcile)
crackdown = kn.select(frame, topic="crackdown", indicators=kn.CRACKDOWN_INDICATORS)
print(f"{len(crackdown)} of {len(frame)} figures are about the crackdown on crime.")

# %% [markdown]
# ## The headline figures, report by report
#
# The standard measures every report could state (cases solved, suspects arrested, gangs broken
# up, wire fraud, solving rates and their changes), one row a *series* (a measure in one unit, as a
# level or as a change against one baseline) and one column a report. A figure of a sub-bureau or
# district has a column of its own, named, so it is never read as the whole region's. A blank
# cell means the report does not state that figure in a form `kit` recognises, not that it is
# zero. A `*` marks a value repaired from a damaged translation and not confirmed by the other
# version, a `?` one below confidence 0.5: such values are shown but never quoted in a finding.
# Changes are signed: `+` a rise, `−` a fall; `pp` are percentage points.

# %%
print(kn.count_finding(crackdown, kn.CRACKDOWN_INDICATORS))
kn.styled(kn.compare_metrics(crackdown, kn.CRACKDOWN_INDICATORS).reset_index())

# %% [markdown]
# ## What the reports say they did
#
# One panel a measure, one bar a count a report states, labelled with whose count it is. Counts
# are not added up, and different measures never share a panel: a report's "suspects arrested" and
# its "gangs broken up" count different things. A panel whose counts span a hundredfold or more is
# drawn on a log scale, so a province's thousands do not flatten a district's dozens. A Spring
# Festival report covers a few weeks, an annual report a year: compare their counts with care.

# %%
kn.explore(
    kn.select(crackdown, indicators=kn.CRACKDOWN_INDICATORS, unit="count", change=False),
    kn.charts.series_bars,
    title="Headline crackdown counts, one panel a measure",
    columns=kn.EXPLORE_COLUMNS,
    filters=("region", "year", "indicator"),
)

# %% [markdown]
# The other crackdown counts have no standard measure: what they count is in the report's own
# words (guns seized, abducted women rescued, economic crimes), so they are listed, not charted.

# %%
kn.styled(
    kn.figure_table(kn.select(crackdown, unit="count", change=False, keyed=False), kn.SHORT_COLUMNS)
)

# %% [markdown]
# ## Rises and falls
#
# Reports state changes as a share ("down 6.32% year on year") or, for rates, in percentage points
# ("the solving rate rose 25.5 points"); the two never share an axis. Blue bars are rises, orange
# falls. A change of low confidence gets no bar, only its value with a `?`: its size may be wrong.
# A fall in cases reported is usually presented as good news; a rise in cases solved too: read the
# label.

# %%
print(kn.change_finding(crackdown))
kn.explore(
    kn.select(crackdown, change=True),
    kn.charts.changes_diverging,
    title="Stated changes in crackdown figures",
    columns=kn.EXPLORE_COLUMNS,
    filters=("region", "year", "indicator"),
)

# %% [markdown]
# ## Solving rates and other shares
#
# Levels stated as percentages, one panel a measure: case solving rates (of any crime type: the
# crime type is in the label, and a solving rate is never a fraud rate), and shares such as the
# fraud loss rate. Rates near 100% are typical of these reports; a rate that looks impossibly high
# is often a decimal point lost in translation ("997%" for 99.7%), repaired and hatched.

# %%
rates = kn.select(crackdown, unit="percent", change=False)
kn.explore(
    rates,
    kn.charts.rates_dot,
    title="Solving rates and other shares stated",
    columns=kn.EXPLORE_COLUMNS,
    filters=("region", "year"),
)

# %% [markdown]
# ## What to distrust
#
# - **Machine translation.** What a figure counts is read from the translated words; "cases"
#   alone may mean cases filed, cases solved or cases handled. Read the source sentence.
# - **Repaired values** are the kit's reading of a damaged number. The most common damage in crime
#   figures is a decimal split around a phrase ("6 percent year-on-year32%" for 6.32%).
# - **Low confidence** (below 0.5): the figure is listed below; check it against the original.
# - **Different periods and places.** A province, a city and a district report on very different
#   scales; do not rank them by raw counts.

# %%
print(kn.caveats(crackdown))
kn.styled(kn.figure_table(kn.doubtful(crackdown), kn.SHORT_COLUMNS))

# %% [markdown]
# ## Sources

# %%
print(kn.sources_note(reports))
kn.styled(kn.documents_table(documents))
