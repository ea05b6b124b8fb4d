"""The `check_packet` flow: intake, every document read in parallel, classification and
rules, reports. The same steps as pipeline.run.check_path, as tasks."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE

from flows.runner import task_runner
from pipeline.intake import IntakeResult, intake
from pipeline.model import ClassifiedDocument, Packet, SourceFile
from pipeline.result import CheckResult, Deficiency
from pipeline.run import extract_one, finish_check, split_extracted
from pipeline.settings import Settings


# NO_CACHE: a packet is checked because it may have changed (waivers, settings, rules);
# its inputs (documents, pictures) are also too large to hash for a cache key.
@task(name="接收", cache_policy=NO_CACHE)
def intake_task(path: str, settings: Settings) -> IntakeResult:
    return intake(Path(path), settings)


@task(name="读取文件", cache_policy=NO_CACHE, task_run_name="读取 {source.name}")
def extract_task(source: SourceFile, settings: Settings
                 ) -> ClassifiedDocument | Deficiency | None:
    return extract_one(source, settings)


@task(name="分类与检查", cache_policy=NO_CACHE)
def finish_task(intaken: IntakeResult, read: list, settings: Settings
                ) -> tuple[Packet, CheckResult]:
    documents, unreadable = split_extracted(read)
    return finish_check(intaken, documents, unreadable, settings)


@task(name="写报告", cache_policy=NO_CACHE)
def render_task(result: CheckResult, packet: Packet, out: str, settings: Settings) -> list[str]:
    from pipeline.report import write_reports

    return [str(p) for p in write_reports(result, Path(out), packet, settings)]


def run_check(path: str, out: str | None, settings: Settings) -> tuple[Packet, CheckResult]:
    """The tasks of one packet, inside whatever flow calls it."""
    intaken = intake_task(path, settings)
    # unmapped: a pydantic model is iterable, and map would spread its fields instead
    futures = extract_task.map(intaken.sources, settings=unmapped(settings))
    packet, result = finish_task(intaken, [f.result() for f in futures], settings)
    if out:
        render_task(result, packet, out, settings)
    return packet, result


@flow(name="检查材料包", log_prints=True)
def check_packet(path: str, out: str | None = None) -> dict:
    """Check the packet at `path` (folder, archive or file); write reports to `out`."""
    settings = Settings()
    _, result = run_check(path, out, settings)
    print(f"{result.applicant or result.packet}：{result.verdict}（错误 {result.counts['error']}，"
          f"警告 {result.counts['warning']}，提示 {result.counts['notice']}）")
    return result.model_dump(mode="json")


def check_packet_with_runner(path: str, out: str | None = None,
                             settings: Settings | None = None) -> dict:
    """check_packet on the task runner the settings choose (Dask or local threads)."""
    settings = settings or Settings()
    return check_packet.with_options(task_runner=task_runner(settings))(path, out)
