"""Which required topics a chapter addresses: jieba segments, a spaCy blank "zh" pipeline
matches topic phrases and their synonyms (PhraseMatcher), sentence by sentence.

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
    """The spaCy pipeline and a matcher over every topic phrase (built once per process)."""
    import jieba
    import spacy
    from spacy.matcher import PhraseMatcher

    jieba.setLogLevel(60)  # jieba prints its dictionary build to stderr otherwise
    phrases = {p for chapter in A_TOPICS for topic in chapter for p in topic.phrases}
    for phrase in phrases:
        jieba.add_word(phrase, freq=200000)  # keep each phrase one token
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    matcher = PhraseMatcher(nlp.vocab)
    for phrase in phrases:
        matcher.add(phrase, [nlp.make_doc(phrase)])
    return nlp, matcher


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def phrases_in(text: str) -> dict[str, str]:
    """Every topic phrase found in `text`, with the first sentence that contains it."""
    nlp, matcher = _pipeline()
    found: dict[str, str] = {}
    for sentence in sentences(text):
        doc = nlp.make_doc(sentence)
        for match_id, _, _ in matcher(doc):
            found.setdefault(nlp.vocab.strings[match_id], sentence)
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
        hit = next((seen[p] for p in topic.phrases if p in seen), None)
        if hit is None:
            missing.append(topic)
        else:
            addressed[topic.name] = hit
    return addressed, missing
