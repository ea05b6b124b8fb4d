"""The `check_packet` flow: intake and every document read in parallel as tasks, then the
check, decisions, reports and record of pipeline.arrivals.process.process_arrival."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE

from flows.runner import task_runner
from pipeline.arrivals.process import process_arrival
from pipeline.core.model import ClassifiedDocument, Packet, SourceFile
from pipeline.core.result import CheckResult, Deficiency
from pipeline.core.settings import Settings
from pipeline.engine.run import extract_one, split_extracted
from pipeline.intake.receive import IntakeResult, intake

ORIGIN = "flow"  # how the ledger names a packet checked by a flow run


# NO_CACHE: a packet is checked because it may have changed (waivers, settings, rules);
# its inputs (documents, pictures) are also too large to hash for a cache key.
@task(name="接收", cache_policy=NO_CACHE)
def intake_task(path: str, settings: Settings) -> IntakeResult:
    return intake(Path(path), settings)


@task(name="读取文件", cache_policy=NO_CACHE, task_run_name="读取 {source.name}")
def extract_task(source: SourceFile, settings: Settings
                 ) -> ClassifiedDocument | Deficiency | None:
    return extract_one(source, settings)


def run_check(path: str, out: str | None, settings: Settings) -> tuple[Packet, CheckResult]:
    """The tasks of one packet, inside whatever flow calls it: intake and each file's
    reading are tasks (the readings spread over the task runner's workers); the check, the
    reviewers' decisions, the reports and the record follow in the flow's process, through
    the same pipeline.arrivals.process.process_arrival as every other arrival."""
    intaken = intake_task(path, settings)

    def read(sources: list[SourceFile], settings: Settings
             ) -> tuple[list[ClassifiedDocument], list[Deficiency]]:
        # unmapped: a pydantic model is iterable, and map would spread its fields instead
        futures = extract_task.map(sources, settings=unmapped(settings))
        return split_extracted([f.result() for f in futures])

    arrival = process_arrival(intaken, settings, origin=ORIGIN, ref=str(Path(path).resolve()),
                              report_dir=Path(out) if out else None, read=read,
                              record=out is not None, store_optional=True)
    assert arrival.packet is not None and arrival.result is not None
    return arrival.packet, arrival.result


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
