"""`make bench`: build a generated corpus and print cold/no-op times, the floor, memory and sizes.

The corpus is 100 courses, each with 10 lessons, 30 questions and 3 SVG images, built as
scorm12 + xapi (200 packages). The *floor* is the bare cost of the same output: the very files
of every package, already in memory, written into zips with the standard library's zipfile (same
order, stamps, modes and deflate level, so the same bytes) by the same number of processes; the
ratio says how much the compiler adds on top of writing zips. The floor through trainforge's own
archive code (which deflates files shared by packages once) is reported beside it.
Results go to stdout as a table and to bench-out/bench.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import generate, write_text_only_course  # noqa: E402

from trainforge.batch.build import build, load_courses  # noqa: E402
from trainforge.batch.options import BuildOptions  # noqa: E402
from trainforge.package import formats  # noqa: E402
from trainforge.pipeline import package_course  # noqa: E402
from trainforge.render.theme import load_theme  # noqa: E402
from trainforge.runtime.size import (  # noqa: E402
    BUDGET,
    COURSE_TARGET,
    TEXT_ONLY_TARGET,
    shipped_gzip,
)
from trainforge.write.archive import write_atomic, zip_bytes, zip_bytes_zipfile  # noqa: E402

TARGETS = {"cold_s": 10.0, "ratio": 3.0, "noop_s": 0.3, "runtime_gz_kb": BUDGET / 1024}
WANTED = ("scorm12", "xapi")
CLI = [sys.executable, "-m", "trainforge.cli"]

_FLOOR: list[tuple[Path, dict[str, bytes]]] = []  # inherited by the floor's forked workers


def _formats() -> list[str]:
    """scorm12 + xapi; while a packager is not registered yet, web stands in for it."""
    known = formats.names()
    chosen = [name for name in WANTED if name in known]
    return chosen + ["web"] * (len(WANTED) - len(chosen)) if len(chosen) < 2 else chosen


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_cli(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the process and its workers) of one trainforge command."""
    cpu, began = _children_cpu(), time.perf_counter()
    subprocess.run([*CLI, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - began, _children_cpu() - cpu


def _startup() -> float:
    """Seconds for a process to start and import what a cold build needs before compiling."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import trainforge.cli, trainforge.batch.workers"],
                   check=True, cwd=ROOT)
    return time.perf_counter() - began


def _read_packages(out: Path, names: list[str]) -> list[tuple[Path, dict[str, bytes]]]:
    packages = []
    for name in names:
        path = out / name
        if path.is_dir():
            files = {p.relative_to(path).as_posix(): p.read_bytes()
                     for p in sorted(path.rglob("*")) if p.is_file()}
        else:
            with zipfile.ZipFile(path) as zf:
                files = {n: zf.read(n) for n in zf.namelist()}
        packages.append((path, files))
    return packages


def _floor_part(part: int, jobs: int, target: str, naive: bool) -> None:
    for i in range(part, len(_FLOOR), jobs):
        name, files = _FLOOR[i]
        path = Path(target) / f"{name.name}.zip"
        if naive:  # the bare cost: zip with the standard library, write, nothing else
            path.write_bytes(zip_bytes_zipfile(files))
        else:
            write_atomic(path, zip_bytes(files))


def floor_seconds(packages: list[tuple[Path, dict[str, bytes]]], jobs: int, target: Path,
                  naive: bool = True) -> tuple[float, float]:
    """Zip and write the same files in ``jobs`` processes: zipfile, or trainforge's archive.

    Wall and CPU seconds.
    """
    _FLOOR[:] = packages
    target.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("fork")
    cpu, began = _children_cpu(), time.perf_counter()
    procs = [context.Process(target=_floor_part, args=(i, jobs, str(target), naive))
             for i in range(jobs)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    return time.perf_counter() - began, _children_cpu() - cpu


RUNTIME_FORMATS = ("scorm12", "xapi", "web")


def runtime_shipped(work: Path) -> dict[str, dict[str, float]]:
    """KB gzipped of the runtime each example course (and the text-only course) ships per
    format: its player (core + the types and features it uses), the adapter, the CSS."""
    folders = sorted(p for p in (ROOT / "courses").iterdir() if (p / "course.yaml").exists())
    folders.append(write_text_only_course(work / "text-only"))
    sizes: dict[str, dict[str, float]] = {}
    for folder in folders:
        [course], _ = load_courses([folder])
        row = sizes[folder.name] = {}
        for name in RUNTIME_FORMATS:
            packager = formats.get(name)
            [package] = package_course(course, load_theme(), [packager], BuildOptions())
            row[name] = round(shipped_gzip(package.files, packager.adapter) / 1024, 1)
    return sizes


def peak_memory_mb() -> float:
    """Largest resident set of this process or any child (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = parser.parse_args()
    names = _formats()
    work = Path(tempfile.mkdtemp(prefix="trainforge-bench-"))
    try:
        corpus, dist = work / "courses", work / "dist"
        generate(corpus, courses=args.courses)
        argv = ["build", str(corpus), *(f"--format={n}" for n in names), f"--out={dist}",
                f"--jobs={args.jobs}"]
        startup = min(_startup() for _ in range(3))
        cold, cold_cpu = _timed_cli(argv)
        memory = peak_memory_mb()
        noop_cli = min(_timed_cli(argv)[0] for _ in range(3))
        build([corpus], names, dist, jobs=args.jobs)  # warm: imports, toolchain digest
        noops = []
        for _ in range(5):  # the best of five: a busy machine only ever adds time
            cpu, began = time.process_time(), time.perf_counter()
            result = build([corpus], names, dist, jobs=args.jobs)
            noops.append((time.perf_counter() - began, time.process_time() - cpu))
        noop, noop_cpu = min(noops)
        assert not result.built, "the no-op rebuild rebuilt something"
        manifest = json.loads((dist / "manifest.json").read_bytes())["packages"]
        packages = _read_packages(dist, [r["name"] for r in manifest])
        floor, floor_cpu = floor_seconds(packages, args.jobs, work / "floor")
        floor_archive, _ = floor_seconds(packages, args.jobs, work / "floor-archive",
                                         naive=False)
        sizes = [int(r["size"]) for r in manifest]
        figures: dict[str, Any] = {
            "corpus": {"courses": args.courses, "lessons": 10, "questions": 30, "images": 3},
            "formats": names, "jobs": args.jobs, "packages": len(manifest),
            "startup_s": round(startup, 3),
            "cold_s": round(cold, 2), "packages_per_s": round(len(manifest) / cold, 1),
            "noop_s": round(noop, 3), "noop_cpu_s": round(noop_cpu, 3),
            "noop_cli_s": round(noop_cli, 3),
            "floor_s": round(floor, 2), "ratio": round(cold / floor, 2),
            "cold_cpu_s": round(cold_cpu, 2), "floor_cpu_s": round(floor_cpu, 2),
            "ratio_cpu": round(cold_cpu / floor_cpu, 2),
            "load_average": round(os.getloadavg()[0], 1),
            "floor_archive_s": round(floor_archive, 2),
            "ratio_archive": round(cold / floor_archive, 2),
            "peak_memory_mb": memory,
            "package_kb": {"mean": round(sum(sizes) / len(sizes) / 1024, 1),
                           "max": round(max(sizes) / 1024, 1),
                           "total": round(sum(sizes) / 1024, 1)},
            "runtime_gz_kb": runtime_shipped(work),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["runtime_gz_kb_max"] = max(v for row in figures["runtime_gz_kb"].values()
                                        for v in row.values())
    _print_table(figures)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.out / 'bench.json'}")
    return 0


def _print_table(f: dict[str, Any]) -> None:
    def verdict(key: str, value: float) -> str:
        return ("ok" if value <= TARGETS[key] else "MISSED") + f" (target <= {TARGETS[key]})"

    print(f"corpus: {f['corpus']['courses']} courses x (10 lessons, 30 questions, 3 SVGs); "
          f"formats {' + '.join(f['formats'])}; --jobs {f['jobs']}; "
          f"load average {f['load_average']}")
    rows = [
        ("packages", str(f["packages"]), ""),
        ("cold build", f"{f['cold_s']:.2f} s", verdict("cold_s", f["cold_s"])),
        ("of which start-up", f"{f['startup_s']:.3f} s",
         "(interpreter + imports of the compiler)"),
        ("packages/s", f"{f['packages_per_s']}", ""),
        ("no-op rebuild, CLI process", f"{f['noop_cli_s']:.3f} s",
         verdict("noop_s", f["noop_cli_s"]) + " (a whole trainforge process)"),
        ("no-op rebuild, build()", f"{f['noop_s']:.3f} s (CPU {f['noop_cpu_s']:.3f} s)",
         "(in process)"),
        ("floor: zipfile, same files", f"{f['floor_s']:.2f} s", ""),
        ("cold build / floor", f"{f['ratio']:.2f}", verdict("ratio", f["ratio"])),
        ("same in CPU seconds", f"{f['cold_cpu_s']:.2f} s / {f['floor_cpu_s']:.2f} s = "
                                f"{f['ratio_cpu']:.2f}", "(robust when the machine is busy)"),
        ("floor: trainforge archive", f"{f['floor_archive_s']:.2f} s", ""),
        ("cold build / that floor", f"{f['ratio_archive']:.2f}", ""),
        ("peak memory", f"{f['peak_memory_mb']} MB", ""),
        ("package size", f"mean {f['package_kb']['mean']} KB, max {f['package_kb']['max']} KB, "
                         f"total {f['package_kb']['total']} KB", ""),
        ("runtime JS+CSS gzipped, max", f"{f['runtime_gz_kb_max']} KB",
         verdict("runtime_gz_kb", f["runtime_gz_kb_max"])),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:<{value_width}}  {note}".rstrip())
    _print_runtime(f["runtime_gz_kb"])


def _print_runtime(sizes: dict[str, dict[str, float]]) -> None:
    """The runtime each course ships, KB gzipped, against its target (docs/runtime.md "Size")."""
    print("\nruntime shipped, KB gzipped (player with the course's parts + adapter + CSS)")
    width = max(len(name) for name in sizes)
    print(f"{'course':<{width}}  " + "  ".join(f"{n:>7}" for n in RUNTIME_FORMATS) + "  target")
    for name, row in sizes.items():
        text_only = name == "text-only"
        target = (TEXT_ONLY_TARGET if text_only else COURSE_TARGET) / 1024
        judged = RUNTIME_FORMATS if text_only else ("scorm12", "xapi")
        cells = "  ".join(f"{row[n]:>7}" for n in RUNTIME_FORMATS)
        missed = [f"{n} +{row[n] - target:.1f}" for n in judged if row[n] > target]
        print(f"{name:<{width}}  {cells}  <= {target:g} ({', '.join(judged)}): "
              + (f"MISSED ({', '.join(missed)})" if missed else "ok"))


if __name__ == "__main__":
    sys.exit(main())
