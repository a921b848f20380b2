"""Several processes editing one project file at the same time; no edit reported saved may be lost.

Each writer opens the file read-write through the core and edits for N seconds, logging every
edit ``apply`` returned from ("reported saved") and every refusal. An edit refused because the
other writer changed the file (the data_version guard) makes the writer close and reopen the
project, as a user would. Afterwards every edit reported saved must be in the file, no shared
leaf scored by deductions may store a score of its own (the engine derives it from the
deductions; a stored one could only come from an edit computed from an outdated view and saved
anyway: a "stale write"), and ``pfdesk check`` must pass.

Two modes:

* ``normal``: the opening the window uses. With the lock file, the second writer must be refused
  (``ProjectLockedError``) or get a read-only project; two writers editing at once is a finding.
* ``bypass``: ``Project.open(..., lock=False)`` when the core offers it, so that the writers
  really edit concurrently and SQLite's locks plus the data_version guard are what is tested.

    python scripts/concurrent_edits.py --seconds 20 --writers 2 --mode both
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .common import FINDINGS_ROOT, fresh_workspace, module_cmd

# ----- a writer -----


def writer_main(path: Path, wid: int, writers: int, seconds: float, lock: bool, log: Path,
                seed: int) -> int:
    from pfdesk.errors import EditError, PfdeskError

    from .editing import open_project, writer_edit

    rng = random.Random(f"{seed}:{wid}")
    out = log.open("a", encoding="utf-8", buffering=1)

    def note(**event: Any) -> None:
        event["t"] = round(time.monotonic(), 4)
        out.write(json.dumps(event, ensure_ascii=False) + "\n")

    deadline = time.monotonic() + seconds
    project = None
    seq = 0
    first = True
    while time.monotonic() < deadline:
        if project is None:
            try:
                project = open_project(path, user=f"writer{wid}", lock=lock)
            except PfdeskError as exc:
                note(event="open-refused", error=type(exc).__name__, message=str(exc),
                     first=first)
                if first and lock:
                    return 0      # the normal opening refused us: the lock did its work
                time.sleep(0.05)
                continue
            note(event="opened", readonly=bool(project.readonly), first=first,
                 reason=getattr(project, "readonly_reason", None))
            if project.readonly and first:
                try:
                    seq += 1
                    edit, _claim = writer_edit(project, wid, writers, seq, rng)
                    project.apply(edit)
                    note(event="read-only-edit-saved", seq=seq)
                except EditError as exc:
                    note(event="edit-refused", seq=seq, message=str(exc), readonly=True)
                project.close()
                return 0
            first = False
        seq += 1
        try:
            edit, claim = writer_edit(project, wid, writers, seq, rng)
        except PfdeskError as exc:
            note(event="build-refused", seq=seq, message=str(exc))
            continue
        try:
            project.apply(edit)
        except EditError as exc:
            note(event="edit-refused", seq=seq, message=str(exc))
            project.close()
            project = None           # reopen, as the window asks the user to
            continue
        note(event="saved", seq=seq, **claim)
        if rng.random() < 0.3:      # bursts of edits, then a pause: each writer gets its turns
            time.sleep(rng.uniform(0, 0.1))
    if project is not None:
        project.close()
    note(event="closed")
    return 0


# ----- the parent -----

@dataclass
class WriterLog:
    wid: int
    saved: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    reopens: int = 0
    open_refused: list[str] = field(default_factory=list)
    readonly: bool = False
    writable_opens: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ConcurrentResult:
    mode: str
    seconds: float
    writers: list[WriterLog]
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    check: str = ""
    findings_dir: str = ""

    @property
    def saved(self) -> int:
        return sum(w.saved for w in self.writers)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.stale and not self.problems


def _read_log(path: Path, wid: int) -> WriterLog:
    log = WriterLog(wid)
    if not path.exists():
        return log
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        log.events.append(event)
        kind = event.get("event")
        if kind == "saved":
            log.saved += 1
        elif kind == "edit-refused":
            message = event.get("message", "")
            log.refused[message[:40]] += 1
        elif kind == "opened":
            if not event.get("first"):
                log.reopens += 1
            if event.get("readonly"):
                log.readonly = True
            else:
                log.writable_opens += 1
        elif kind == "open-refused":
            log.open_refused.append(event.get("message", ""))
    return log


def expected_state(logs: list[WriterLog]) -> dict[str, Any]:
    """What the file must hold according to the edits reported saved."""
    scores: dict[str, Decimal] = {}
    narratives: dict[str, str] = {}
    present: set[str] = set()
    absent: set[str] = set()
    findings: set[str] = set()
    for log in logs:
        for event in log.events:
            if event.get("event") != "saved":
                continue
            kind = event["kind"]
            if kind == "score":
                scores[event["id"]] = Decimal(event["value"])
            elif kind == "narrative":
                narratives[event["key"]] = event["value"]
            elif kind == "deduction":
                present.add(event["id"])
                absent.discard(event["id"])
            elif kind == "removed":
                present.discard(event["id"])
                absent.add(event["id"])
            elif kind == "finding":
                findings.add(event["id"])
    return {"scores": scores, "narratives": narratives, "present": present, "absent": absent,
            "findings": findings}


def compare(path: Path, logs: list[WriterLog]) -> tuple[list[str], list[str]]:
    """Edits reported saved that the file lacks, and shared leaves whose stored score is stale."""
    from .editing import open_project, shared_leaves

    want = expected_state(logs)
    missing: list[str] = []
    stale: list[str] = []
    project = open_project(path, readonly=True, user="checker")
    try:
        for ind_id, value in want["scores"].items():
            ind = project.indicators().get(ind_id)
            if ind is None or ind.score != value:
                missing.append(f"score of {ind.code if ind else ind_id}: reported {value}, "
                               f"file has {ind.score if ind else 'no indicator'}")
        for key, text in want["narratives"].items():
            if project.narrative(key) != text:
                missing.append(f"narrative {key}: reported {text!r}, file has "
                               f"{project.narrative(key)[:40]!r}")
        for ded_id in sorted(want["present"]):
            if project.find("deduction", ded_id) is None:
                missing.append(f"deduction {ded_id} reported added, not in the file")
        for ded_id in sorted(want["absent"]):
            if project.find("deduction", ded_id) is not None:
                missing.append(f"deduction {ded_id} reported removed, still in the file")
        for finding_id in sorted(want["findings"]):
            if project.find("finding", finding_id) is None:
                missing.append(f"finding {finding_id} reported added, not in the file")
        for leaf in shared_leaves(project):
            if leaf.method == "deduction" and leaf.score is not None:
                stale.append(f"{leaf.code} is scored by its {len(project.deductions(leaf.id))} "
                             f"deductions but stores score {leaf.score} "
                             "(an edit computed from an outdated view was saved)")
    finally:
        project.close()
    return missing, stale


def run_concurrent(seconds: float, writers: int, mode: str, out: Path, seed: int,
                   findings: Path, quiet: bool = False) -> ConcurrentResult:
    from .editing import lock_bypass_available

    out = out.resolve() / mode
    path, env = fresh_workspace(out, "两个窗口 #1.sqlite")
    folder = path.parent
    _make_base(path)
    lock = mode == "normal"
    result = ConcurrentResult(mode, seconds, [])
    if not lock and not lock_bypass_available():
        result.problems.append("the core offers no way to skip the lock (Project.open has no "
                               "lock parameter): bypass mode ran with the normal opening")
    procs = []
    for wid in range(writers):
        log = out / f"writer-{wid}.jsonl"
        cmd = module_cmd("concurrent", "--writer", str(path), "--wid", str(wid),
                         "--writers", str(writers), "--seconds", str(seconds),
                         "--log", str(log), "--seed", str(seed)) + ([] if lock else ["--no-lock"])
        procs.append((subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                       stderr=open(out / f"writer-{wid}.err", "w")), log))  # noqa: SIM115
        if lock:
            time.sleep(0.3)   # the first writer has the project open when the others come
    for proc, _ in procs:
        try:
            proc.wait(timeout=seconds + 120)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, 9)
            proc.wait()
            result.problems.append(f"writer pid {proc.pid} did not finish")
        if proc.returncode not in (0, None):
            result.problems.append(f"writer pid {proc.pid} exited with {proc.returncode}")
    result.writers = [_read_log(log, wid) for wid, (_, log) in enumerate(procs)]
    if lock:
        writable = [w for w in result.writers if w.writable_opens]
        if len(writable) > 1:
            result.problems.append(f"{len(writable)} writers had the project open for editing "
                                   "at once with the normal opening")
    for w in result.writers:
        if any(e.get("event") == "read-only-edit-saved" for e in w.events):
            result.problems.append(f"writer {w.wid} saved an edit on a read-only project")
    try:
        result.missing, result.stale = compare(path, result.writers)
    except Exception as exc:
        result.problems.append(f"the file cannot be opened afterwards: {type(exc).__name__}: {exc}")
    done = subprocess.run([sys.executable, "-m", "pfdesk", "check", str(path)],
                          capture_output=True, env=env, timeout=120, check=False)
    result.check = f"exit {done.returncode}"
    if done.returncode not in (0, 1):
        result.problems.append("pfdesk check afterwards: "
                               + " ".join(done.stderr.decode(errors="replace").split())[:300])
    leftovers = sorted(p.name for p in folder.iterdir() if p != path)
    if leftovers:
        result.problems.append("files left beside the project: " + ", ".join(leftovers))
    if not result.ok:
        target = findings / f"{mode}-{int(seconds)}s"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(out, target, ignore=shutil.ignore_patterns("data"))
        result.findings_dir = str(target)
    if not quiet:
        print(report(result), file=sys.stderr)
    return result


def _make_base(path: Path) -> None:
    from pfdesk.demo import build_demo

    build_demo(path).close()
    for extra in path.parent.iterdir():
        if extra != path:
            extra.unlink()


def report(result: ConcurrentResult) -> str:
    lines = [f"concurrent writers ({result.mode}, {len(result.writers)} writers, "
             f"{result.seconds:.0f} s): {result.saved} edits reported saved, "
             f"{len(result.missing)} missing afterwards, {len(result.stale)} stale writes; "
             f"pfdesk check {result.check}"]
    for w in result.writers:
        state = ("refused at opening: " + w.open_refused[0][:80] if w.open_refused
                 and not w.writable_opens and not w.readonly
                 else "read-only" if w.readonly and not w.writable_opens else "editing")
        refused = sum(w.refused.values())
        top = "; ".join(f"{m}… ×{n}" for m, n in w.refused.most_common(2))
        lines.append(f"  writer {w.wid}: {state}; saved {w.saved}, refused {refused}"
                     + (f" ({top})" if top else "") + f", reopened {w.reopens} times")
    for item in result.missing[:10]:
        lines.append(f"  MISSING: {item}")
    if len(result.missing) > 10:
        lines.append(f"  … and {len(result.missing) - 10} more")
    for item in result.stale[:5]:
        lines.append(f"  STALE WRITE: {item}")
    for problem in result.problems:
        lines.append(f"  PROBLEM: {problem}")
    if result.findings_dir:
        lines.append(f"  logs and file kept in {result.findings_dir}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Several processes editing one project file.")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--mode", choices=["normal", "bypass", "both"], default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/pfdesk-concurrent"))
    parser.add_argument("--findings", type=Path, default=None,
                        help=f"logs of failed runs (default {FINDINGS_ROOT}/concurrent-seed<SEED>)")
    parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--wid", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-lock", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        return writer_main(args.writer, args.wid, args.writers, args.seconds, not args.no_lock,
                           args.log, args.seed)
    findings = args.findings or FINDINGS_ROOT / f"concurrent-seed{args.seed}"
    modes = ["normal", "bypass"] if args.mode == "both" else [args.mode]
    results = [run_concurrent(args.seconds, args.writers, mode, args.out, args.seed, findings,
                              quiet=True) for mode in modes]
    for result in results:
        print(report(result))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
