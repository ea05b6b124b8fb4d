"""The `inbox` flow: every settled entry of the drop folder checked once and moved to the
processed area with its reports (pipeline/arrivals/dropfolder.py says how)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.arrivals import dropfolder as drop
from pipeline.core.settings import Settings


@task(name="检查收件", cache_policy=NO_CACHE, task_run_name="检查 {claimed.name}")
def process_task(claimed: Path, settings: Settings) -> drop.InboxOutcome:
    return drop.process_claimed(settings, claimed)


@flow(name="收件文件夹", log_prints=True)
def inbox() -> list[dict]:
    settings = Settings()
    with drop.folder_lock(settings) as mine:  # an overlapping run leaves the folder alone
        return _inbox(settings) if mine else []


def _inbox(settings: Settings) -> list[dict]:
    work = drop.claimed_entries(settings) + [drop.claim(settings, e)
                                             for e in drop.settled_entries(settings)]
    if not work:
        return []
    progress = create_progress_artifact(0.0, description=f"收件文件夹：{len(work)} 个材料包")
    outcomes = []
    for n, future in enumerate([process_task.submit(c, settings) for c in work], 1):
        outcome = future.result()
        outcomes.append(outcome)
        update_progress_artifact(progress, 100.0 * n / len(work))
        verdict = outcome.result.verdict if outcome.result else (outcome.failure or "已记录")
        print(f"[{n}/{len(work)}] {outcome.entry}：{verdict} → {outcome.folder}")
    return [{"entry": o.entry, "folder": str(o.folder), "failure": o.failure,
             "verdict": o.result.verdict if o.result else None} for o in outcomes]
