"""`check_batch`: many packets at once, one task each, on the configured task runner. With
YUSHEN_DASK_ADDRESS the packets spread over the Dask cluster's workers."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.check_packet import ORIGIN
from flows.runner import task_runner
from pipeline.core.settings import Settings


@task(name="检查一个材料包", cache_policy=NO_CACHE, task_run_name="检查 {path}")
def check_one(path: str, out: str, settings: Settings) -> dict:
    from pipeline.arrivals.process import process_arrival

    result = process_arrival(Path(path), settings, origin=ORIGIN, ref=str(Path(path).resolve()),
                             report_dir=Path(out), store_optional=True).result
    assert result is not None  # a flow's arrival is always checked
    return {"packet": result.packet, "verdict": result.verdict, **result.counts}


@flow(name="批量检查", log_prints=True)
def check_batch(paths: list[str], out: str) -> list[dict]:
    settings = Settings()
    futures = [check_one.submit(p, str(Path(out) / Path(p).stem), settings) for p in paths]
    rows = [f.result() for f in futures]
    print(f"已检查 {len(rows)} 个材料包")
    return rows


def check_batch_with_runner(paths: list[str], out: str, settings: Settings | None = None
                            ) -> list[dict]:
    settings = settings or Settings()
    return check_batch.with_options(task_runner=task_runner(settings))(paths, out)
