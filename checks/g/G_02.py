from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from checks.evidence import path_names
from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.core.textnorm import compact
from pipeline.forms.edition import edition_of


def _stem(name: str) -> str:
    return compact(PurePosixPath(name).stem)


@rule("G-02", name="文件命名与打包", severity="warning", schemes="AB",
      clause="所有电子文件请以“市场质量信用等级：企业名称”命名，统一压缩为文件包（附件1）；"
             "以“申报企业全称+申报项目名称”命名存至U盘（附件2）")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: scheme A — every file's name starts with "市场质量信用等级：" followed
    by the company name (a part name may follow), and the files arrive as one compressed
    package (a loose folder is a notice). Scheme B — the third-party measurement material
    carries the company's full name and the project name, on each file or on the folder
    or archive holding it (or the packet itself); one finding lists the files without.
    When unsure: counts a name as given when it is on the file, its folder, its archive or
    the packet; an ordering number before it is allowed.
    Why: the forms prescribe the names so files stay attributable after they are separated.
    Failing example (A): the 承诺书 sent as "承诺书.docx".
    Passing example (A): every file named "市场质量信用等级：华通交通运输集团有限公司-…", in one
    zip.
    Config: none. Windows forbids ":" in names, so "：", "_", "-" or a space also pass;
    an ordering number before the name ("01", "02_") is allowed.
    """
    name = compact(packet.applicant) if packet.applicant else None
    if packet.scheme == "A":
        if not packet.submitted_as_archive:
            yield Finding("材料未统一压缩为一个文件包提交。", severity="notice",
                          evidence=f"收到的是文件夹或单个文件：{packet.name}")
        for doc in packet.documents:
            stem = _stem(doc.source.name)
            if not edition_of(packet).a_file_name.match(stem):
                yield Finding("文件名未按“市场质量信用等级：企业名称”命名。",
                              file=doc.source.name, evidence=f"文件名：{PurePosixPath(doc.source.name).name}")
            elif name and name not in stem:
                yield Finding("文件名中的企业名称与申请书不一致。", file=doc.source.name,
                              evidence=f"文件名：{PurePosixPath(doc.source.name).name}；"
                                       f"申请书单位名称：{packet.applicant}")
    else:
        project = compact(packet.project_name) if packet.project_name else None
        survey = [d for d in packet.documents if set(d.part_names) & set(edition_of(packet).survey_parts)]
        unnamed: list[tuple[str, list[str]]] = []
        for doc in survey:
            # the name may sit on the file, on the folder or archive holding the material,
            # or on the packet itself: the clause is met by any of them
            path = "/".join(path_names(doc.source.name)) + compact(packet.name or "")
            missing = [label for label, value in (("申报企业全称", name), ("申报项目名称", project))
                       if value and value not in path]
            if missing:
                unnamed.append((doc.source.name, missing))
        if unnamed:
            missing = sorted({label for _, labels in unnamed for label in labels})
            yield Finding(f"第三方测量材料的文件名（或所在文件夹名）未包含{'和'.join(missing)}"
                          "（应以“申报企业全称+申报项目名称”命名）。", file=unnamed[0][0],
                          part="第三方测量材料",
                          evidence="；".join(f"“{n}”" for n, _ in unnamed[:5])
                          + (f" 等 {len(unnamed)} 个文件" if len(unnamed) > 5 else "")
                          + f"。企业名称：{packet.applicant}；项目名称：{packet.project_name}")
