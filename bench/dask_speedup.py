"""Scale-out benchmark: the same packets checked by the `check_batch` flow on the local
runner and on distributed.LocalClusters of one and of N single-thread workers through
DaskTaskRunner; the per-worker efficiency is (throughput with N ÷ with one) ÷ N.

    python bench/dask_speedup.py              # 8 packets (copies of the six samples)
    python bench/dask_speedup.py --packets 12 --workers 2

Each mode gets an empty data folder and OCR cache, so each does the same work; each is
timed warm (the local process and the Dask workers have checked a packet first). The Dask
mode reaches its cluster the way production does: YUSHEN_DASK_ADDRESS = the scheduler's
address. The plain library loop (no Prefect) is printed too, as the baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per tesseract
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core.settings import Settings  # noqa: E402


def _packets(work: Path, count: int) -> list[str]:
    samples = sorted((ROOT / "samples" / "packets").iterdir())
    paths = []
    for n in range(count):
        source = samples[n % len(samples)]
        target = work / "packets" / f"{n:02d}_{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
        paths.append(str(target))
    return paths


def _mode(work: Path, label: str, **settings: object) -> Settings:
    os.environ["YUSHEN_DATA_DIR"] = str(work / f"data-{label}")
    os.environ["YUSHEN_CACHE_DIR"] = str(work / f"cache-{label}")
    return Settings(**settings)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packets", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="yushen-dask-bench-"))
    paths = _packets(work, args.packets)

    import dask
    from distributed import LocalCluster

    from flows.batch import check_batch_with_runner
    from pipeline.engine.run import check_path
    from pipeline.outputs.report import write_reports

    # warm-up: imports, the Prefect temporary server, LibreOffice's first start
    check_batch_with_runner(paths[:1], str(work / "out-warm"), _mode(work, "warm"))

    timings: dict[str, float] = {}
    settings = _mode(work, "plain")
    started = time.perf_counter()
    for p in paths:
        packet, result = check_path(Path(p), settings)
        write_reports(result, work / "out-plain" / Path(p).stem, packet, settings)
    timings["library loop (no Prefect)"] = time.perf_counter() - started

    settings = _mode(work, "local")
    started = time.perf_counter()
    rows_local = check_batch_with_runner(paths, str(work / "out-local"), settings)
    timings["local runner (threads)"] = time.perf_counter() - started

    # workers as the README starts them: not daemonic, so each file is read in its own child
    rows_dask: list = []
    per_workers: dict[int, float] = {}
    for workers in sorted({1, args.workers}):
        with dask.config.set({"distributed.worker.daemon": False}), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                             dashboard_address=None) as cluster:
            # warm the workers as the local process was warmed (production workers live long)
            check_batch_with_runner(paths[:workers], str(work / f"out-warm-dask{workers}"),
                                    _mode(work, f"warm-dask{workers}",
                                          dask_address=cluster.scheduler_address))
            settings = _mode(work, f"dask{workers}", dask_address=cluster.scheduler_address)
            started = time.perf_counter()
            rows_dask = check_batch_with_runner(paths, str(work / f"out-dask{workers}"),
                                                settings)
            per_workers[workers] = time.perf_counter() - started
            timings[f"DaskTaskRunner, LocalCluster {workers} worker(s)"] = per_workers[workers]

    same = sorted(map(str, rows_local)) == sorted(map(str, rows_dask))
    print(f"dask bench {time.strftime('%Y-%m-%d %H:%M')}: {len(paths)} packets, "
          f"{os.cpu_count()} cores, OMP_THREAD_LIMIT={os.environ['OMP_THREAD_LIMIT']}")
    base = timings["local runner (threads)"]
    for name, seconds in timings.items():
        print(f"  {name:<38} {seconds:7.1f} s  {seconds / len(paths):5.2f} s/packet  "
              f"speed-up vs local runner {base / seconds:4.2f}×")
    print(f"  same verdicts and counts on both runners: {same}")
    if args.workers > 1:
        ratio = per_workers[1] / per_workers[args.workers]
        print(f"  per-worker efficiency: throughput {args.workers} workers ÷ 1 worker = "
              f"{ratio:.2f}, ÷ {args.workers} = {ratio / args.workers:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
