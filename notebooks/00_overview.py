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
# # The corpus at a glance
#
# **Question:** what do these reports give us to work with: which places and years, in which
# languages, how many figures on which topics, and how far can we trust them?
#
# Every figure below was read from the report text by `kit`, with the sentence it came from.
# Run this notebook with `regions=["Xining"]` (or any other place) to brief on one place only.

# %% tags=["parameters"]
corpus = None  # list of files/folders; None means the bundled seeds
regions = None  # e.g. ["Xining"]; None means all
briefing = False  # True when built as an HTML briefing
reconcile = True  # check against the other-language version; same in every notebook

# %%
from functools import partial

import kit.notebook as kn

kn.setup(briefing)  # once: Chinese chart labels; live widgets, or the briefing's pages
reports, documents, frame = kn.load(corpus, regions, reconcile)
print(kn.corpus_finding(documents, frame))

# %% [markdown]
# ## The reports
#
# One row a place: how many reports, which years and periods they cover (a whole year, or a
# holiday such as the Spring Festival), in which language we have them, and how many figures were
# found in them. English reports are machine translations of Chinese originals; figures from them
# are the ones most likely to be damaged.

# %%
kn.styled(kn.coverage(documents))

# %% [markdown]
# ## What the figures are about
#
# Each figure is put under one topic by the words around it: **crackdown** (cases, suspects,
# gangs, fraud), **disputes** (contradictions found, mediated, resolved), **traffic**,
# **prevention** (patrols, checkpoints, hazards), **service**, **team** (training, honours) and
# **other** when nothing specific is said. The chart counts figures, not what they count: a topic
# with many figures is one the reports talk about in numbers, not necessarily one where more
# happened. Hatched bars are figures repaired from a damaged translation; hollow ones are figures
# of low confidence.

# %%
print(kn.topic_finding(frame))
kn.styled(kn.topic_counts(frame).reset_index())

# %%
kn.explore(
    frame,
    kn.charts.topic_bar,
    title="Figures per topic, with the sentence each one comes from",
    columns=kn.EXPLORE_COLUMNS,
)

# %% [markdown]
# ## How sure are we?
#
# Machine translation breaks numbers in a few recurring ways: a decimal point dropped ("986%" for
# 98.6%), digits split by a space ("1 1.4%"), a figure torn around a phrase ("6 percent
# year-on-year32%"). `kit` repairs each with a named rule and gives the result a confidence:
# below 0.5 the repaired value is a best guess and a reader must check the source before quoting
# it. The table lists each rule used, in its own words, with how many figures it repaired at each
# confidence level and one example; the chart and table under it show every repaired figure with
# its sentence.

# %%
print(kn.repair_finding(frame))
kn.styled(kn.repair_summary(frame))

# %%
kn.explore(
    kn.repaired(frame),
    partial(kn.charts.counts_bar, by="repaired"),
    title="Repaired figures by rule",
    columns=kn.EXPLORE_COLUMNS,
)

# %% [markdown]
# ## The ten most important figures
#
# "Important" is defined in `kit.present.selection.top_figures`: figures stated as written (or
# repaired and confirmed by the other-language version), at confidence 0.8 or more and recognised
# as a standard measure (cases solved, suspects arrested, dispute resolution rate…) come first;
# the places are dealt out topic by topic so one topic cannot crowd out the others; within a
# topic, the largest counts come first, then rates and changes. A figure a report repeats is shown
# once. A sub-bureau's figure is named as the sub-bureau's; a benchmark a report quotes ("lower
# than the national 0.25%") is never among them.

# %%
top = kn.top_figures(frame, n=10)
kn.styled(kn.figure_table(top))

# %% [markdown]
# ## Two versions of one report
#
# Some reports are here twice: a Chinese original and its English machine translation. `kit`
# finds such pairs from their place, year and period and the figures they share (no list of
# known pairs), then lines their figures up by what they measure. Where the Chinese confirms a
# repaired English figure, that figure's confidence rises; where the two disagree, both
# sentences are shown below so a reader can judge. Figures in one version only are common: a
# newspaper article and a bureau's summary do not report the same things.

# %%
versions = kn.reconciliation(reports, regions)
print(kn.reconciliation_finding(versions))
kn.styled(versions["pairs"])

# %%
kn.styled(versions["disagreements"], caption="Figures the two versions disagree on")

# %%
kn.styled(versions["confirmed"], caption="Repaired figures the original confirms")

# %% [markdown]
# ## What to distrust
#
# - **Machine translation.** English reports are machine translations; what a figure
#   counts is read from the translated words, which can be garbled or cut ("53 cases15 were
#   detected").
# - **Repaired values.** A repaired value is the kit's reading of a damaged number, not what the
#   page shows; the rule and its note say how it was read.
# - **Low confidence.** Figures below 0.5 are listed below: read their source sentence before
#   using them.
# - **Different periods.** A Spring Festival report covers days, an annual report a year: do not
#   compare their counts as if they were alike.

# %%
print(kn.caveats(frame))
kn.styled(kn.figure_table(kn.doubtful(frame)))

# %% [markdown]
# ## Sources

# %%
print(kn.sources_note(reports))
kn.styled(kn.documents_table(documents))
