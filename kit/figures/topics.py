"""Figure -> topic, from the vocabulary in `lexicon/topics.toml` (measures: `indicators`).

A figure belongs to the topic whose words weigh most in what it counts, then its clause, then
its sentence: "61 road traffic hazards" is traffic although "hazards" alone is prevention.
All topics' words are compiled into one English and one Chinese pattern, so scoring a piece of
text is a single pass whatever the size of the vocabulary.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

from kit.lexicon import load

PIECE_WEIGHTS = (3.0, 1.0, 0.2)  # counted, clause, sentence
WEIGHTS = {"decisive": 6.0, "strong": 3.0, "words": 1.0}
MIN_SCORE = 1.0  # below this nothing specific is said: "other"


def _is_cjk(word: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in word)


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")


def expand(word: str) -> list[str]:
    """The spellings a vocabulary entry stands for: "gangs?" -> gang, gangs; "licen[cs]e" -> ...

    Entries use only two regular-expression features, an optional character (`x?`) and a
    character class (`[cs]`); expanding them lets scoring be dictionary look-ups, not a regex
    of hundreds of alternatives tried at every position.
    """
    forms = [""]
    i = 0
    while i < len(word):
        if word[i] == "[":
            close = word.index("]", i)
            choices, i = list(word[i + 1 : close]), close + 1
        else:
            choices, i = [word[i]], i + 1
        if i < len(word) and word[i] == "?":
            choices, i = [*choices, ""], i + 1
        forms = [f + c for f in forms for c in choices]
    return forms


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


Vocabulary = tuple[
    dict[tuple[str, ...], tuple[str, float]],  # English phrase tokens -> (topic, weight)
    int,  # the longest English phrase, in tokens
    dict[str, list[tuple[str, str, float]]],  # Chinese first character -> [(word, topic, weight)]
]


@cache
def _vocabulary() -> Vocabulary:
    en: dict[tuple[str, ...], tuple[str, float]] = {}
    zh: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for topic, entry in load("topics").items():
        for key, weight in WEIGHTS.items():
            for word in entry.get(key, []):
                if _is_cjk(word):
                    zh[word[0]].append((word, topic, weight))
                    continue
                for form in expand(word):
                    en.setdefault(tuple(_tokens(form)), (topic, weight))
    for words in zh.values():
        words.sort(key=lambda item: len(item[0]), reverse=True)
    return en, max((len(k) for k in en), default=1), dict(zh)


@cache
def _phrase_lengths() -> dict[str, tuple[int, ...]]:
    """First word -> lengths of the phrases starting with it, longest first."""
    lengths: dict[str, set[int]] = defaultdict(set)
    for phrase in _vocabulary()[0]:
        lengths[phrase[0]].add(len(phrase))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}


@lru_cache(maxsize=4096)
def _scores(text: str, cap: float = WEIGHTS["decisive"], floor: float = 0.0) -> dict[str, float]:
    """Topic -> summed weight of its words in `text` (cached: a sentence holds many figures).

    At each position the longest vocabulary entry starting there counts, then scanning
    resumes after it (as a longest-first regex alternation would), by dictionary look-ups.
    """
    en, _, zh = _vocabulary()
    lengths = _phrase_lengths()
    scores: dict[str, float] = defaultdict(float)
    tokens = _tokens(text)
    i = 0  # the first token a phrase may start at: tokens before it were taken or start none
    # only the tokens that start a phrase are tried (most start none)
    for at in [k for k, token in enumerate(tokens) if token in lengths]:
        if at < i:
            continue  # inside a phrase counted already
        for n in lengths[tokens[at]]:
            hit = en.get(tuple(tokens[at : at + n]))
            if hit:
                scores[hit[0]] += min(hit[1], cap) if hit[1] >= floor else 0.0
                i = at + n
                break
    if _CJK.search(text):
        squashed = _SPACES.sub("", text)
        i = 0
        while i < len(squashed):
            for word, topic, weight in zh.get(squashed[i], ()):
                if squashed.startswith(word, i):
                    scores[topic] += min(weight, cap) if weight >= floor else 0.0
                    i += len(word)
                    break
            else:
                i += 1
    return dict(scores)


def names_no_topic(text: str) -> bool:
    """Whether `text` holds no topic's words at all, not even those that say "other"
    ("群众安全感" names the report's outcome: no section lends it its topic)."""
    return not any(_scores(text).values())


def theme(text: str) -> str:
    """The topic a heading or a report's opening is about: the one whose strong words weigh
    most ("打击网络电信诈骗" is crackdown), "other" when only common words stand there
    ("publicity and implementation", "security")."""
    scores = _scores(text, WEIGHTS["decisive"], WEIGHTS["strong"])
    best, best_score = "other", 0.0
    for topic in load("topics"):  # file order breaks ties
        if scores.get(topic, 0.0) > best_score:
            best, best_score = topic, scores[topic]
    return best


def classify(counted: str, clause: str, sentence: str) -> str:
    """The topic whose vocabulary weighs most around a figure; "other" when none is present."""
    total: dict[str, float] = defaultdict(float)
    # a decisive word settles the topic of its own figure, not of every figure in the sentence
    caps = (WEIGHTS["decisive"], WEIGHTS["decisive"], WEIGHTS["strong"])
    for weight, cap, piece in zip(PIECE_WEIGHTS, caps, (counted, clause, sentence), strict=True):
        for topic, score in _scores(piece, cap).items():
            total[topic] += weight * score
    best, best_score = "other", MIN_SCORE - 1e-9
    for topic in load("topics"):  # file order breaks ties
        if total.get(topic, 0.0) > best_score:
            best, best_score = topic, total[topic]
    return best


__all__: list[str] = []  # everything here serves its own package
