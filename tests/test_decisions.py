"""Reviewer waivers survive re-runs; a resubmission is compared with the applicant's last
packet (fixed, remaining, new). Real packets, the real CLI, a data folder per test."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx

from tests.conftest import SAMPLES

B2 = SAMPLES / "packets" / "B2_产品类_四星_缺陷"


def _yushen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True,
                          text=True, timeout=600)


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_waived_item_stays_waived_on_a_re_run(tmp_path: Path) -> None:
    first = tmp_path / "r1"
    assert _yushen("check", str(B2), "--out", str(first)).returncode == 0
    report = _report(first)
    target = next(d for d in report["deficiencies"] if d["rule_id"] == "B-PLG-02")
    proc = _yushen("waive", str(first / "report.json"), target["id"], "--reason",
                   "法人代表出差，签字页随纸质材料寄送", "--by", "张审核")
    assert proc.returncode == 0, proc.stderr
    second = tmp_path / "r2"
    assert _yushen("check", str(B2), "--out", str(second)).returncode == 0
    again = _report(second)
    waived = next(d for d in again["deficiencies"] if d["id"] == target["id"])
    assert waived["waived"]["reason"] == "法人代表出差，签字页随纸质材料寄送"
    assert waived["waived"]["by"] == "张审核"
    assert again["counts"]["warning"] == report["counts"]["warning"] - 1
    html = (second / "report.html").read_text(encoding="utf-8")
    assert "已豁免：法人代表出差" in html
    notice = "\n".join(p.text for p in docx.Document(str(second / "补正通知书.docx")).paragraphs)
    assert target["message"] not in notice
    # an unknown id is a Chinese error, not a crash
    bad = _yushen("waive", str(first / "report.json"), "000000000000", "--reason", "x")
    assert bad.returncode != 0 and "没有编号为" in bad.stderr


def test_resubmission_shows_fixed_remaining_and_new(tmp_path: Path) -> None:
    """Version 2 of B2: the 申请表 now sealed (B-APP-01 fixed), the 申报承诺书's typed name
    left (B-PLG-02 remaining), and 经营承诺书 commitment 三 deleted (B-PLG-01 new)."""
    from samples.generate import HENGLI, Sample, b_application

    v2 = tmp_path / "v2"
    shutil.copytree(B2, v2)
    b_application(HENGLI, "产品类", "四星", "HL3000型桥梁检测车", Sample("x", "", []),
                  v2 / "申请表.docx")
    pledge = docx.Document(str(v2 / "经营承诺书.docx"))
    gone = next(p for p in pledge.paragraphs if p.text.startswith("三、"))
    gone._element.getparent().remove(gone._element)
    pledge.save(str(v2 / "经营承诺书.docx"))
    assert _yushen("check", str(B2), "--out", str(tmp_path / "r1")).returncode == 0
    assert _yushen("check", str(v2), "--out", str(tmp_path / "r2")).returncode == 0
    report = _report(tmp_path / "r2")
    assert report["previous_packet"] == B2.name
    assert [d["rule_id"] for d in report["fixed"]] == ["B-APP-01"]
    change = {d["rule_id"]: d["change"] for d in report["deficiencies"]}
    assert change["B-PLG-02"] == "remaining" and change["B-PLG-01"] == "new"
    html = (tmp_path / "r2" / "report.html").read_text(encoding="utf-8")
    assert "与上次提交比较" in html and "已修正 1 项" in html


def test_waivers_kept_by_an_earlier_version_in_json_are_taken_into_the_store(tmp_path) -> None:
    import json

    from pipeline.core.settings import Settings
    from pipeline.records.decisions import Decisions

    settings = Settings(data_dir=tmp_path)
    folder = tmp_path / "decisions"
    folder.mkdir()
    waiver = {"reason": "已电话核实", "by": "审核员甲", "at": "2026-11-20T10:00:00"}
    (folder / "waivers.json").write_text(json.dumps({"华通": {"abc123": waiver}},
                                                    ensure_ascii=False), encoding="utf-8")
    (folder / "history.json").write_text(json.dumps({"华通": [
        {"digest": "d1", "packet": "旧材料包", "at": "2026-11-20T09:00:00", "deficiencies": []}]},
        ensure_ascii=False), encoding="utf-8")
    decisions = Decisions(settings)
    assert decisions.waivers("华通")["abc123"].by == "审核员甲"
    assert decisions.remember("华通", "d2", "新材料包", [])["packet"] == "旧材料包"
    assert sorted(p.name for p in folder.iterdir()) == ["history.json.imported",
                                                        "waivers.json.imported"]
    assert Decisions(settings).waivers("华通")["abc123"].reason == "已电话核实"  # once only


def test_the_same_packet_remembered_by_two_processes_at_once_is_kept_once(tmp_path) -> None:
    """Another process inserts the same applicant and packet between this one's read and
    its insert (bench/dask_speedup.py met it with two copies of one packet)."""
    from sqlalchemy import create_engine, event, select
    from sqlalchemy.orm import Session

    from pipeline.core.settings import Settings
    from pipeline.records.db import HistoryRow
    from pipeline.records.decisions import Decisions

    settings = Settings(data_dir=tmp_path)
    decisions = Decisions(settings)
    other = create_engine(settings.db_url)

    done: list[bool] = []

    def meanwhile(session, _context, _instances) -> None:  # noqa: ANN001
        if done:
            return
        done.append(True)
        with other.begin() as connection:
            connection.execute(HistoryRow.__table__.insert().values(
                applicant_key="华通", digest="d1", packet="另一进程", at="t", seq=1,
                deficiencies=[]))

    event.listen(Session, "before_flush", meanwhile)
    try:
        assert decisions.remember("华通", "d1", "本进程", []) is None
    finally:
        event.remove(Session, "before_flush", meanwhile)
    assert done  # the other process did come in between
    with decisions.store.session() as s:
        rows = s.scalars(select(HistoryRow).filter_by(applicant_key="华通")).all()
        assert [(r.digest, r.packet) for r in rows] == [("d1", "本进程")]


def _unidentified_zip(path: Path, text: str) -> Path:
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("说明.docx", b"not a word file: " + text.encode())
    return path


def test_unidentified_packets_of_the_same_name_share_no_waiver_or_history(tmp_path: Path) -> None:
    """Issue 20, item 1: with no recognised applicant the key was the packet's name, so two
    senders' 申报材料.zip shared history and waivers (B's report listed A's packet as its
    previous submission, A's waiver changed B's verdict). Now an unidentified packet shares
    them only with a packet of exactly its files."""
    first = _unidentified_zip(tmp_path / "a" / "申报材料.zip", "sender A")
    second = _unidentified_zip(tmp_path / "b" / "申报材料.zip", "sender B")
    assert _yushen("check", str(first), "--out", str(tmp_path / "r1")).returncode == 0
    one = _report(tmp_path / "r1")
    assert one["applicant"] is None and one["deficiencies"]
    target = next(d for d in one["deficiencies"] if d["severity"] == "error")
    waived = _yushen("waive", str(tmp_path / "r1" / "report.json"), target["id"],
                     "--reason", "测试豁免", "--by", "审核甲")
    assert waived.returncode == 0, waived.stderr
    assert _yushen("check", str(second), "--out", str(tmp_path / "r2")).returncode == 0
    two = _report(tmp_path / "r2")
    assert two["previous_packet"] is None and two["fixed"] == []
    same = [d for d in two["deficiencies"] if d["id"] == target["id"]]
    assert same and all(d["waived"] is None for d in same), same
    assert all(d["change"] is None for d in two["deficiencies"])
    # the same files again are the same packet: the waiver holds for them
    assert _yushen("check", str(first), "--out", str(tmp_path / "r3")).returncode == 0
    again = [d for d in _report(tmp_path / "r3")["deficiencies"] if d["id"] == target["id"]]
    assert again and again[0]["waived"] is not None
