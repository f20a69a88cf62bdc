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
# # Traffic: congestion, speed, junctions, hazards and licences
#
# **Question:** what do the reports say about the roads: did congestion and driving speeds
# improve, how many intersections were optimised and road hazards fixed, what about accidents and
# driving-licence services?

# %% tags=["parameters"]
corpus = None  # list of files/folders; None means the bundled seeds
regions = None  # e.g. ["Xining"]; None means all
briefing = False  # True when built as an HTML briefing
reconcile = True  # check against the other-language version; same in every notebook

# %%
import kit.notebook as kn

kn.setup(briefing)  # once: Chinese chart labels; live widgets, or the briefing's pages
reports, documents, frame = kn.load(corpus, regions, reconcile)
traffic = kn.select(frame, topic="traffic", indicators=kn.TRAFFIC_INDICATORS)
print(f"{len(traffic)} of {len(frame)} figures are about traffic.")

# %% [markdown]
# ## The headline figures, report by report
#
# Congestion index and average speed (changes), intersections optimised and road hazards fixed
# (counts), and traffic accidents, one column a report. A blank cell means the report does not
# state the figure in a form `kit` recognises; measures no report states are listed under the
# findings. A `*` marks a value repaired from a damaged translation.

# %%
print(kn.count_finding(traffic, kn.TRAFFIC_INDICATORS))
kn.styled(kn.compare_metrics(traffic, kn.TRAFFIC_INDICATORS).reset_index())

# %% [markdown]
# ## Congestion and speed
#
# A fall in the congestion index and a rise in average speed are both improvements. Reports give
# these as year-on-year changes in percent; damaged translations often tear the decimal away from
# the number ("4 year-on-year09%" for 4.09%), so these bars are frequently repaired (hatched).

# %%
print(kn.change_finding(traffic))
kn.explore(
    kn.select(traffic, change=True),
    kn.charts.changes_diverging,
    title="Stated changes in traffic figures",
    columns=kn.EXPLORE_COLUMNS,
    filters=("region", "year"),
)

# %% [markdown]
# ## Junctions and hazards
#
# One panel a measure, one bar a count a report states, labelled with whose it is. Counts are not
# added up and different measures never share a panel.

# %%
kn.explore(
    kn.select(traffic, indicators=kn.TRAFFIC_INDICATORS, unit="count", change=False),
    kn.charts.series_bars,
    title="Headline traffic counts, one panel a measure",
    columns=kn.EXPLORE_COLUMNS,
    filters=("region", "year"),
)

# %% [markdown]
# Other traffic counts, in the reports' own words (green-wave corridors, services handled). A
# count whose words are a single vague noun (such as "mark") is usually context, not a result:
# read its sentence.

# %%
kn.styled(
    kn.figure_table(kn.select(traffic, unit="count", change=False, keyed=False), kn.SHORT_COLUMNS)
)

# %% [markdown]
# ## Driving-licence and vehicle services
#
# Figures whose own words name a licence or vehicle-administration service (车驾管, driving
# licences, vehicle management), with their sentences.

# %%
kn.styled(kn.figure_table(kn.driving_services(frame), kn.SHORT_COLUMNS))

# %% [markdown]
# ## What to distrust
#
# - **Few figures.** Traffic is a small part of most reports; one report may carry all of them.
# - **Repaired changes.** Percent changes are the figures most often torn apart by translation.
# - **Context numbers.** "The number of motor vehicles is about to pass 1 million" is a number in a
#   traffic sentence but not a result of police work.

# %%
print(kn.caveats(traffic))
kn.styled(kn.figure_table(kn.doubtful(traffic), kn.SHORT_COLUMNS))

# %% [markdown]
# ## Sources

# %%
print(kn.sources_note(reports))
kn.styled(kn.documents_table(documents))
