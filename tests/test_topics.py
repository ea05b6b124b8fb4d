"""A-RPT-03 topic matching (jieba + spaCy PhraseMatcher) and the rule on generated reports."""

from __future__ import annotations

from pathlib import Path

from pipeline.engine.run import check_path
from pipeline.forms.edition import load_edition
from pipeline.forms.topics import a_topics, coverage, sentences
from samples.generate import A_TITLES, HUATONG, a_report

A_TOPICS = a_topics(load_edition("2026"))


def test_sentences_split_on_chinese_punctuation() -> None:
    assert sentences("一是质量方针。二是质量理念！三呢？") == ["一是质量方针。", "二是质量理念！", "三呢？"]


def test_coverage_quotes_the_sentence_and_lists_what_is_missing() -> None:
    text = ("公司坚持以用户为中心，形成了质量诚信的文化。我们的质量方针是质量第一、顾客至上。"
            "面对原材料价格上涨的挑战，公司制定了应对策略。")
    addressed, missing = coverage(text, A_TOPICS[0], aaa=False)
    assert addressed["以顾客为中心的文化"] == "公司坚持以用户为中心，形成了质量诚信的文化。"  # synonym
    assert addressed["质量方针"] == "我们的质量方针是质量第一、顾客至上。"
    assert "挑战与应对策略" in addressed
    names = [t.name for t in missing]
    assert "质量理念" in names and "企业及申报项目简介" in names
    assert "竞争环境分析" not in names  # AAA-only topics are not asked below AAA
    _, missing_aaa = coverage(text, A_TOPICS[0], aaa=True)
    assert "竞争环境分析" in [t.name for t in missing_aaa]


def test_rule_names_the_missing_topic_of_its_chapter(tmp_path: Path) -> None:
    a_report(HUATONG, dict.fromkeys(A_TITLES, 400), tmp_path / "工作报告.docx",
             omit_topics=("质量方针", "减少环境污染"))
    _, result = check_path(tmp_path)
    messages = sorted(d.message for d in result.deficiencies if d.rule_id == "A-RPT-03")
    assert messages == ["“企业在运营中的资源保障情况”一章未见以下内容：减少环境污染。",
                        "“情况概述”一章未见以下内容：质量方针。"]


def test_complete_report_passes(tmp_path: Path) -> None:
    a_report(HUATONG, dict.fromkeys(A_TITLES, 400), tmp_path / "工作报告.docx")
    _, result = check_path(tmp_path)
    assert not [d for d in result.deficiencies if d.rule_id == "A-RPT-03"]


def test_class3_a_topic_named_by_a_sub_heading_is_addressed() -> None:
    """Issue 18, class 3: a chapter whose sub-heading names a topic word for word had it
    reported missing (the heading's words were cut differently from the phrase's). Every
    topic name as a sub-heading, with or without numbering, is found; so is a phrase with
    words between its words."""
    for chapter in A_TOPICS:
        for topic in chapter:
            for heading in (topic.name, f"（二）{topic.name}", f"2. {topic.name}"):
                addressed, missing = coverage(f"{heading}\n公司多年来持续推进此项工作。",
                                              (topic,), aaa=True)
                assert not missing, heading
                assert addressed[topic.name] == heading
    addressed, _ = coverage("公司注重顾客关系的持续改善。", A_TOPICS[3], aaa=True)
    assert "顾客关系改善" in addressed
