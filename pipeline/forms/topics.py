"""Which required topics a chapter addresses, sentence by sentence (a heading line counts as
a sentence of its own). A topic is addressed when a sentence holds its name or one of its
phrases: written as is (width, blanks and quotes folded), or as the phrase's words in order
a few words apart ("顾客关系的持续改善" for 顾客关系改善), the words cut by jieba in a spaCy
blank "zh" pipeline. Erring towards "addressed": a topic named in a sub-heading is never
reported missing.

No model is downloaded: spaCy's blank Chinese pipeline with the jieba segmenter, and the
topic phrases added to jieba's dictionary so each one stays a single token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.forms.edition import Edition

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


@dataclass(frozen=True)
class Topic:
    name: str  # as the forms name it
    phrases: tuple[str, ...]  # the name's key words and their synonyms
    aaa_only: bool = False


@lru_cache(maxsize=4)
def a_topics(edition: Edition) -> tuple[tuple[Topic, ...], ...]:
    """A-RPT-03's topics per 工作报告 chapter: the edition's (pipeline/forms/<name>/topics.toml)."""
    chapters = tuple(tuple(Topic(t.name, tuple(t.phrases) or (t.name,), t.aaa) for t in chapter)
                     for chapter in edition.a_topics)
    _know_words({p for chapter in chapters for topic in chapter for p in topic.phrases})
    return chapters


@lru_cache(maxsize=1)
def _pipeline():
    """The spaCy pipeline with the jieba segmenter (built once per process)."""
    import jieba
    import spacy

    jieba.setLogLevel(60)  # jieba prints its dictionary build to stderr otherwise
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


_KNOWN: set[str] = set()


def _know_words(phrases: set[str]) -> None:
    """jieba learns every topic phrase, so each one stays a single token."""
    import jieba

    new = phrases - _KNOWN
    if not new:
        return
    _pipeline()
    for phrase in sorted(new):
        jieba.add_word(phrase, freq=200000)
    _KNOWN.update(new)
    _words.cache_clear()  # sentences cut before may cut differently now


_FOLD = re.compile(r"[\s“”\"'‘’「」『』]+")
_FILLER_WORDS = frozenset(["的", "与", "和", "及", "以及", "、", "，", ",", "在", "上", "中", "了", "对", "等"])
WORD_GAP = 3  # words allowed between two words of a phrase


def sentences(text: str) -> list[str]:
    return [s.strip() for line in text.splitlines() for s in _SENTENCE_END.split(line)
            if s.strip()]


def _fold(text: str) -> str:
    return _FOLD.sub("", text).translate(_WIDTH)


_WIDTH = str.maketrans("（）：；，", "():;,")


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _pipeline().make_doc(text)
                 if t.text.strip() and t.text not in _FILLER_WORDS)


@lru_cache(maxsize=16)
def _wanted(topics: tuple[Topic, ...]) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Every name and phrase of `topics`: (phrase, folded, its words)."""
    phrases = {p for topic in topics for p in _phrases(topic)}
    _know_words({p for topic in topics for p in topic.phrases})
    return tuple((p, _fold(p), _words(_fold(p))) for p in sorted(phrases))


def _in_sentence(folded_phrase: str, wanted: tuple[str, ...], folded: str,
                 words: tuple[str, ...], word_set: frozenset[str]) -> bool:
    if folded_phrase in folded:
        return True
    if len(wanted) < 2 or not word_set.issuperset(wanted):
        return False
    at = -1
    for word in wanted:  # in order, each within WORD_GAP words of the previous one
        limit = len(words) if at < 0 else min(len(words), at + 2 + WORD_GAP)
        at = next((i for i in range(at + 1, limit) if words[i] == word), -1)
        if at < 0:
            return False
    return True


def _phrases(topic: Topic) -> tuple[str, ...]:
    return (*topic.phrases, topic.name)


def phrases_in(text: str, topics: tuple[Topic, ...]) -> dict[str, str]:
    """Every phrase of `topics` found in `text`, with the first sentence that contains it."""
    found: dict[str, str] = {}
    wanted_phrases = _wanted(topics)
    for sentence in sentences(text):
        folded = _fold(sentence)
        words = _words(folded)
        word_set = frozenset(words)
        for phrase, folded_phrase, wanted in wanted_phrases:
            if phrase not in found and _in_sentence(folded_phrase, wanted, folded, words,
                                                    word_set):
                found[phrase] = sentence
    return found


def coverage(text: str, topics: tuple[Topic, ...], aaa: bool
             ) -> tuple[dict[str, str], list[Topic]]:
    """(topic name → sentence addressing it, topics not addressed) for one chapter."""
    seen = phrases_in(text, topics)
    addressed: dict[str, str] = {}
    missing: list[Topic] = []
    for topic in topics:
        if topic.aaa_only and not aaa:
            continue
        hit = next((seen[p] for p in _phrases(topic) if p in seen), None)
        if hit is None:
            missing.append(topic)
        else:
            addressed[topic.name] = hit
    return addressed, missing
