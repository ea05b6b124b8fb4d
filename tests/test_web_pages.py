"""The web page's lists and actions on a store holding real checked packets: search and
filters, the XLSX summary of what is shown, an applicant's packet versions, marking a
packet reviewed (and the record of who did it)."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import load_workbook
from sqlalchemy import select

from pipeline.core.settings import Settings
from pipeline.records.db import AuditEntry, PacketRow, ResultRow, UploadJob, open_store
from pipeline.web import jobs
from tests.mime_fixtures import sample_zip
from tests.test_web_security import _client, add, login


def _checked(settings: Settings, name: str, data: bytes) -> UploadJob:
    token = jobs.save_upload(settings, "shenhe", [(name, io.BytesIO(data))])
    jobs.run_job(settings, token)
    with open_store(settings.db_url).session() as s:
        job = s.scalar(select(UploadJob).filter_by(token=token))
    assert job.status == "done", job.error
    return job


def _without(data: bytes, part: str) -> bytes:
    """The zip less the members whose (GBK) names contain `part`, names kept as bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if part not in info.filename.encode("cp437").decode("gbk"):
                dst.writestr(info, src.read(info))
    return out.getvalue()


def _names(html: str) -> list[str]:
    return re.findall(r'<a href="/applicants/\d+">([^<]+)</a>', html)


def test_search_filters_summary_versions_and_review() -> None:
    settings = Settings()
    add(settings, "shenhe", "reviewer")
    a2 = _checked(settings, "远航港口物流股份有限公司.zip", sample_zip("A2"))
    _checked(settings, "顺达城市公交有限公司.zip", sample_zip("B1"))
    _checked(settings, "恒力交通装备制造有限公司.zip", sample_zip("B2"))

    client = _client(settings)
    csrf = login(client, "shenhe")
    assert sorted(_names(client.get("/").text)) == sorted(
        ["远航港口物流股份有限公司", "顺达城市公交有限公司", "恒力交通装备制造有限公司"])
    assert _names(client.get("/?scheme=A").text) == ["远航港口物流股份有限公司"]
    assert _names(client.get("/?q=顺达").text) == ["顺达城市公交有限公司"]
    assert _names(client.get("/?verdict=可受理").text) == ["顺达城市公交有限公司"]
    assert _names(client.get("/?category=产品类").text) == ["恒力交通装备制造有限公司"]
    assert _names(client.get("/?date_from=2000-01-01&date_to=2000-12-31").text) == []

    sheet = load_workbook(io.BytesIO(client.get("/summary.xlsx?scheme=B").content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert sorted(r[1] for r in rows) == ["恒力交通装备制造有限公司", "顺达城市公交有限公司"]
    assert {r[5] for r in rows} == {"可受理", "需补正"}

    # the applicant sends the packet again, now without its licence: a second version
    resent = _checked(settings, "远航港口物流股份有限公司（补正）.zip", _without(sample_zip("A2"),
                                                                         "营业执照"))
    with open_store(settings.db_url).session() as s:
        packet = s.get(PacketRow, s.get(ResultRow, a2.result_id).packet_id)
        second = s.get(PacketRow, s.get(ResultRow, resent.result_id).packet_id)
    assert (packet.version, second.version) == (1, 2)
    assert second.applicant_id == packet.applicant_id
    page = client.get(f"/applicants/{packet.applicant_id}").text
    assert page.index("第 2 份材料") < page.index("第 1 份材料")  # newest first
    assert "网页上传" in page

    done = client.post(f"/packets/{packet.id}/reviewed",
                       data={"note": "材料已核对", "csrf": csrf, "back": f"/results/{a2.result_id}"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/results/{a2.result_id}"
    assert "标记为已审核：材料已核对" in client.get(f"/results/{a2.result_id}").text
    # the list speaks of the applicant's latest packet: version 2 is not reviewed yet
    assert "<td>已审核</td>" not in client.get("/?scheme=A").text
    client.post(f"/packets/{second.id}/reviewed", data={"csrf": csrf})
    assert "<td>已审核</td>" in client.get("/?scheme=A").text
    with open_store(settings.db_url).session() as s:
        actions = [(e.username, e.action) for e in s.scalars(select(AuditEntry))]
    assert ("shenhe", "reviewed") in actions and actions.count(("shenhe", "upload")) == 4
    assert "标记已审核" in client.get("/audit").text
