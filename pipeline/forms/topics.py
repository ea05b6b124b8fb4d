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

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


@dataclass(frozen=True)
class Topic:
    name: str  # as the forms name it
    phrases: tuple[str, ...]  # the name's key words and their synonyms
    aaa_only: bool = False


def T(name: str, *phrases: str, aaa: bool = False) -> Topic:  # noqa: N802 - table syntax
    return Topic(name, phrases or (name,), aaa)


# A-RPT-03, read off the 工作报告 framework (forms-2026.txt); bracketed items are AAA only.
A_TOPICS: tuple[tuple[Topic, ...], ...] = (
    (T("企业及申报项目简介", "企业简介", "公司简介", "项目简介", "基本情况", "企业概况"),
     T("以顾客为中心的文化", "以顾客为中心", "以用户为中心", "以客户为中心"),
     T("“质量诚信用户满意”宣传口号", "宣传口号", "口号"),
     T("质量理念"), T("质量方针"),
     T("经营环境及发展方向", "经营环境", "发展方向", "发展战略"),
     T("挑战与应对策略", "应对策略", "挑战"),
     T("主要顾客与其他相关方", "主要顾客", "主要客户", "相关方"),
     T("主要竞争对手、标杆及行业地位", "竞争对手", "标杆", "行业地位"),
     T("竞争环境分析", "竞争环境", aaa=True),
     T("顾客关系前置型组织架构", "组织架构", "前置型", aaa=True),
     T("以顾客为中心的沟通机制与激励授权机制", "沟通机制", "激励授权", "授权机制", aaa=True)),
    (T("人力资源", "人力资源", "人才队伍", "员工队伍"),
     T("信息化管理水平", "信息化"),
     T("主要生产设备及检验机制", "生产设备", "检验机制", "检测设备"),
     T("持续改进技术工艺质量的能力与质量管理方法的应用", "持续改进", "质量管理方法", "技术工艺"),
     T("减少环境污染", "环境污染", "节能减排", "环境保护"),
     T("岗位管理", aaa=True), T("员工能力", aaa=True),
     T("教育培训", "教育培训", "员工培训", aaa=True), T("员工参与", aaa=True),
     T("员工满意度", aaa=True),
     T("顾客关系管理系统", "顾客关系管理系统", "客户关系管理系统", "用户关系管理系统", aaa=True),
     T("数据与信息技术应用", "信息技术", "数据应用", "大数据", aaa=True),
     T("知识管理", aaa=True)),
    (T("采购"), T("研发"), T("生产"), T("服务"), T("改进"),
     T("生产、服务过程中的特色做法", "特色做法", aaa=True)),
    (T("识别关键顾客", "关键顾客", "关键客户"),
     T("构建与关键顾客的关系", "顾客关系", "客户关系", "构建关系"),
     T("在顾客价值链上实现共赢", "价值链", "共赢"),
     T("战略层面、管理层面和现场操作层面", "战略层面", "管理层面", "现场操作"),
     T("顾客分类", "顾客分类", "客户分类", aaa=True),
     T("顾客需求分析", "需求分析", aaa=True),
     T("顾客良好体验", "良好体验", "顾客体验", "用户体验", aaa=True),
     T("顾客关系改善", "关系改善", aaa=True),
     T("顾客投诉有效处理与服务补救", "投诉处理", "服务补救", aaa=True),
     T("企业最佳实践", "最佳实践", aaa=True)),
)


@lru_cache(maxsize=1)
def _pipeline():
    """The spaCy pipeline with jieba knowing every topic phrase (built once per process)."""
    import jieba
    import spacy

    jieba.setLogLevel(60)  # jieba prints its dictionary build to stderr otherwise
    for phrase in {p for chapter in A_TOPICS for topic in chapter for p in topic.phrases}:
        jieba.add_word(phrase, freq=200000)  # keep each phrase one token
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


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


@lru_cache(maxsize=1)
def _wanted() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Every topic name and phrase: (phrase, folded, its words)."""
    phrases = {p for chapter in A_TOPICS for topic in chapter for p in _phrases(topic)}
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


def phrases_in(text: str) -> dict[str, str]:
    """Every topic phrase found in `text`, with the first sentence that contains it."""
    found: dict[str, str] = {}
    for sentence in sentences(text):
        folded = _fold(sentence)
        words = _words(folded)
        word_set = frozenset(words)
        for phrase, folded_phrase, wanted in _wanted():
            if phrase not in found and _in_sentence(folded_phrase, wanted, folded, words,
                                                    word_set):
                found[phrase] = sentence
    return found


def coverage(text: str, topics: tuple[Topic, ...], aaa: bool
             ) -> tuple[dict[str, str], list[Topic]]:
    """(topic name → sentence addressing it, topics not addressed) for one chapter."""
    seen = phrases_in(text)
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
