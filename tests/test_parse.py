"""Value parsers; expected values are worked out by hand beside each case."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core import parse


@pytest.mark.parametrize(("text", "expected"), [
    ("2025年10月8日", (dt.date(2025, 10, 8), True)),
    ("2025.10.8", (dt.date(2025, 10, 8), True)),
    ("2025-10-08", (dt.date(2025, 10, 8), True)),
    ("2025/10/08", (dt.date(2025, 10, 8), True)),
    ("２０２５年１０月８日", (dt.date(2025, 10, 8), True)),  # full-width digits
    ("二〇二五年十月八日", (dt.date(2025, 10, 8), True)),
    ("二〇二五年十二月二十八日", (dt.date(2025, 12, 28), True)),
    ("2025年10月", (dt.date(2025, 10, 1), False)),  # no day: month only
    ("2025年 月 日", None), ("年 月 日", None), ("2025年2月30日", None), ("", None),
])
def test_dates(text, expected) -> None:
    assert parse.parse_date(text) == expected


def test_amounts_and_percentages() -> None:
    assert parse.parse_amount_wan("1.2亿元") == pytest.approx(12000)
    assert parse.parse_amount_wan("3,500万元") == 3500
    assert parse.parse_amount_wan("800000元") == pytest.approx(80)
    assert parse.parse_amount_wan("132000") == 132000  # the table's unit is 万元
    assert parse.parse_amount_wan("约十万") is None
    assert parse.parse_percent("47.73%") == 47.73 and parse.parse_percent("96.5") == 96.5


def test_phones_and_email() -> None:
    assert parse.is_mobile("13912345678") and parse.is_mobile("139-1234-5678")
    assert not parse.is_mobile("12912345678") and not parse.is_mobile("1391234567")
    assert parse.is_landline("025-84561234") and parse.is_landline("（010）62345678")
    assert parse.is_landline("0592 5123456") and not parse.is_landline("84561234")
    # as applicants write them: blanks inside groups, other dashes, +86, extensions
    for written in ("(025) 8456 1234", "025 8456 1234", "025—84561234", "+86 25 8456 1234",
                    "0592-5123456-8001", "025-84561234转801"):
        assert parse.is_landline(written), written
    for wrong in ("025-845612", "13912345678", "1391234567"):
        assert not parse.is_landline(wrong), wrong
    assert parse.is_mobile("139 1234 5678") and parse.is_mobile("139—1234—5678")
    assert parse.is_mobile("13912345678（微信同号）") and parse.is_landline("025-84561234(总机)")
    assert not parse.is_landline("(025)") and not parse.is_mobile("（微信同号）")
    assert parse.is_email("liming@huatong.com.cn") and not parse.is_email("liming@huatong")


def test_uscc_check_digit_on_the_published_examples() -> None:
    for code in ("91350200776049653A", "91350500798359476R", "913502000728319549",
                 "91310110666007217T"):
        assert parse.uscc_problem(code) is None
    assert parse.uscc_problem("91350200776049653B") == "校验码应为 A，实际为 B"
    assert "18位" in parse.uscc_problem("9135020077604965")
    assert "I" in parse.uscc_problem("9135020077604965IA")


def test_company_names() -> None:
    assert parse.normalise_company("华通（南京）有限公司") == parse.normalise_company("华通(南京)有限公司")
    assert parse.normalise_company("华通有限公司") != parse.normalise_company("华通有限责任公司")


@pytest.mark.parametrize("text, items", [
    # issue 18, class 5: "/" inside a unit split an item (4 counted, limit 3)
    ("镀锌层厚度≥600g/m²、48小时交付、安装指导", ["镀锌层厚度≥600g/m²", "48小时交付", "安装指导"]),
    ("速度80km/h、载重30t×2", ["速度80km/h", "载重30t×2"]),
    ("1.准时 2.安全 3.周到 4.便捷", ["准时", "安全", "周到", "便捷"]),
    ("１．准时２．安全", ["准时", "安全"]),
    ("①准时②安全③周到④便捷", ["准时", "安全", "周到", "便捷"]),
    ("（1）准时；（2）安全", ["准时", "安全"]),
    ("一、准时\n二、安全", ["准时", "安全"]),
    ("准时\n安全\n周到\n便捷", ["准时", "安全", "周到", "便捷"]),
    ("准时、安全；服务周到", ["准时、安全", "服务周到"]),
    ("收入1,234.56万元，增长5%，服务好", ["收入1,234.56万元", "增长5%", "服务好"]),
    ("1.准时率99.5%、2.安全", ["准时率99.5%", "安全"]),
    ("1.5倍速度、准时", ["1.5倍速度", "准时"]),
    ("安全", ["安全"]), ("", []),
])
def test_class5_list_items_counted_as_applicants_write_them(text: str, items: list[str]) -> None:
    assert parse.list_items(text) == items


def test_list_separators_inside_brackets_do_not_split() -> None:
    assert parse.list_items("镀锌层厚度（≥600g/m²，98%，2×4h）、48小时交付、安装指导") == [
        "镀锌层厚度（≥600g/m²，98%，2×4h）", "48小时交付", "安装指导"]
    assert parse.list_items("“准时、安全”；服务周到") == ["“准时、安全”", "服务周到"]


@pytest.mark.parametrize(("text", "unit", "lo", "hi"), [
    ("132000", "万元", 131999.5, 132000.5),
    ("132000.00万元", "万元", 131999.995, 132000.005),  # the row's unit repeated
    ("13.2亿元", "万元", 131500, 132500),  # another money unit: converted, rounding with it
    ("132 000", "万元", 131999.5, 132000.5),  # groups of three apart
    ("1,320,000元", "万元", 131.99995, 132.00005),
    ("47.73%", "%", 47.725, 47.735),
])
def test_written_figures_with_their_units(text: str, unit: str, lo: float, hi: float) -> None:
    from pipeline.core.interval import Interval

    written = Interval.written(text, unit)
    assert written is not None
    assert written.lo == pytest.approx(lo) and written.hi == pytest.approx(hi)


def test_money_in_a_percentage_row_is_not_a_figure() -> None:
    from pipeline.core.interval import Interval

    assert Interval.written("5万元", "%") is None and Interval.written("约五万", "万元") is None


def test_a_score_is_read_with_its_unit() -> None:
    for written in ("88.6", "88.6分", "88.6 分", "88.6（百分制）", "88.6分（百分制）", "88.6%"):
        assert parse.parse_score(written) == 88.6, written
    assert parse.parse_score("良好") is None and parse.parse_score("") is None


def test_a_head_count_is_read_with_its_unit() -> None:
    for written in ("1200", "1,200", "1200人", "1200 人", "1200名"):
        assert parse.parse_count(written) == 1200, written
    assert parse.parse_count("约一千人") is None
