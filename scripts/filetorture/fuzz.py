"""The file fuzzer: mutated project files, journals, dumps and sheets through every user operation.

Each case is generated into a fresh folder from a valid seed (``mutators``, ``hostile_inputs``)
and run in a worker process, in-process for speed, through what a user does: open read-only,
``pfdesk score``, ``check``, ``dump``, ``load``, open read-write with a few edits, 另存为,
``pfdesk load`` of a dump, ``pfdesk import`` of a sheet. The invariants checked:

a. only ``PfdeskError`` escapes the core; the command line exits 0/1/2 with at most one line on
   stderr and never a traceback; every message is one plain line;
b. no user operation (an opening, a command, an edit) takes more than the time limit (10 s);
c. a refused file is not written: it and every file in its folder keep their bytes and no file
   appears (read-only operations never write; failed outputs leave nothing behind);
d. the file a super-journal names survives;
e. a file accepted read-write stays usable after the core's own edits (``check`` does not
   refuse it, it opens again) and its dump loads back;
f. a crash leftover (a genuine hot journal, or a journal that is not hot) opens and shows the
   last saved state.

Workers are separate processes: a segfault, a memory blow-up or a hang kills only the worker and
is reported as a finding. Findings are grouped by signature; reproducers are regenerated into
the findings folder and replayed with ``--replay``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import queue
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import (
    FINDINGS_ROOT,
    child_env,
    describe,
    folder_state,
    format_trace,
    message_problem,
    module_cmd,
    route_logging_to_current_stderr,
    run_cli,
    sha256,
    state_diff,
)
from .hostile_inputs import INPUT_KINDS
from .mutators import JOURNAL_MAGIC, PROJECT_KINDS, Case, Ctx, u32
from .seeds import Seeds, build_seeds, load_seeds

KINDS = {**PROJECT_KINDS, **INPUT_KINDS}
TIME_LIMIT = 10.0
WATCHDOG_GRACE = 20.0
RESTART_EVERY = 250
KEEP_PER_SIGNATURE = 3


class CaseTimeout(BaseException):
    """Raised by the alarm when a case runs past the time limit."""


@dataclass
class Finding:
    invariant: str
    op: str
    detail: str
    trace: str = ""

    def signature(self, kind: str) -> str:
        text = re.sub(r"/[^\s:：，,;）)]+", "<path>", self.detail)
        text = re.sub(r"\d+", "N", text)
        return f"{kind} | {self.invariant} | {text[:110]}"


@dataclass
class Dirs:
    root: Path

    @property
    def case(self) -> Path:
        return self.root / "case"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def ref(self) -> Path:
        return self.root / "ref"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def cwd(self) -> Path:
        return self.root / "cwd"

    def reset(self) -> None:
        for folder in (self.case, self.out, self.ref, self.data, self.cwd):
            if folder.exists():
                with contextlib.suppress(OSError):
                    os.chmod(folder, 0o755)
                shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)


def generate(kind: str, rng: random.Random, seeds: Seeds, dirs: Dirs) -> Case:
    ctx = Ctx(rng=rng, seeds=seeds, case_dir=dirs.case, ref_dir=dirs.ref, kind=kind)
    return KINDS[kind](ctx)


# ----- running one case -----

class Runner:
    """Runs the user's operations on one generated case and collects findings."""

    def __init__(self, case: Case, dirs: Dirs, ops_rng: random.Random,
                 op_limit: float = TIME_LIMIT, beat: Any = None) -> None:
        self.case = case
        self.op_limit = op_limit
        self.beat = beat or (lambda op: None)
        self.durations: list[tuple[float, str]] = []
        self.dirs = dirs
        self.rng = ops_rng
        self.findings: list[Finding] = []
        self.log: list[str] = []
        self.current = "start"
        self.target = dirs.case / case.target
        self.outcome = "refused"
        self.before: dict[str, str] = {}

    # -- bookkeeping --

    def find(self, invariant: str, op: str, detail: str, trace: str = "") -> None:
        self.findings.append(Finding(invariant, op, detail, trace))

    def core(self, op: str, fn: Any) -> tuple[bool, Any]:
        """Call the core; only PfdeskError may escape, and its message must be one plain line."""
        from pfdesk.errors import PfdeskError

        start = self.begin(op)
        try:
            value = fn()
        except CaseTimeout:
            raise
        except PfdeskError as exc:
            problem = message_problem(str(exc))
            if problem:
                self.find("message", op, f"{type(exc).__name__}: {problem}: {str(exc)[:200]!r}")
            self.log.append(f"{op}: refused ({self.end(op, start):.2f} s): {str(exc)[:200]}")
            return False, exc
        except BaseException as exc:
            self.find("exception", op, describe(exc), format_trace(exc))
            self.log.append(f"{op}: {describe(exc)} ({self.end(op, start):.2f} s)")
            return False, exc
        self.log.append(f"{op}: ok ({self.end(op, start):.2f} s)")
        return True, value

    def begin(self, op: str) -> float:
        """Start an operation: tell the parent, arm the alarm."""
        self.current = op
        self.beat(op)
        signal.setitimer(signal.ITIMER_REAL, self.op_limit)
        return time.monotonic()

    def end(self, op: str, start: float) -> float:
        signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.monotonic() - start
        self.durations.append((seconds, op))
        if seconds > self.op_limit:
            self.find("slow", op, f"took {seconds:.1f} s (limit {self.op_limit:.0f} s)")
        return seconds

    def cli(self, op: str, argv: list[str]) -> int | None:
        start = self.begin(op)
        run = run_cli(argv, reraise=(CaseTimeout,))
        seconds = self.end(op, start)
        for problem in run.problems:
            self.find("cli", op, problem, run.trace)
        self.log.append(f"{op}: exit {run.rc} ({seconds:.2f} s): "
                        f"{' '.join(run.err.split())[:200]}")
        return run.rc

    def folder_unchanged(self, op: str, refused: bool) -> None:
        diff = state_diff(self.before, folder_state(self.dirs.case))
        if diff:
            invariant = "refused-but-written" if refused else "read-only-wrote"
            self.find(invariant, op, diff)
            self.before = folder_state(self.dirs.case)

    def victims_ok(self, op: str) -> None:
        for name in self.case.victims:
            path = self.dirs.case / name
            if not path.exists():
                self.find("victim", op, f"{name} was deleted")
                self.case.victims = [v for v in self.case.victims if v != name]
            elif sha256(path) != self.initial.get(name):
                self.find("victim", op, f"{name} was changed")
                self.case.victims = [v for v in self.case.victims if v != name]
        for name in self.case.must_exist:
            if not (self.dirs.case / name).exists():
                self.find("victim", op, f"{name} was deleted")
                self.case.must_exist = [v for v in self.case.must_exist if v != name]

    def outputs(self, op: str, ok: bool, expected: set[str]) -> None:
        """After a command writing into the output folder: its file on success, nothing else."""
        present = {p.name for p in self.dirs.out.iterdir()}
        wanted = expected if ok else set()
        extra = present - wanted - self.kept_outputs
        missing = wanted - present
        if extra:
            self.find("left-behind", op, ("after success: " if ok else "after failure: ")
                      + ", ".join(sorted(extra)))
        if missing:
            self.find("cli", op, "reported success but wrote no " + ", ".join(sorted(missing)))

    def clear_outputs(self) -> None:
        for path in self.dirs.out.iterdir():
            if path.name not in self.kept_outputs:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink()

    # -- the run --

    def run(self) -> None:
        self.kept_outputs: set[str] = set()
        self.before = folder_state(self.dirs.case)
        self.initial = dict(self.before)
        if self.case.role == "project":
            self.run_project()
        elif self.case.role == "dump":
            self.run_dump()
        else:
            self.run_sheet()
        self.victims_ok("end")
        stray = list(self.dirs.cwd.iterdir())
        if stray:
            self.find("left-behind", "working folder",
                      "files in the process's working folder: " + ", ".join(p.name for p in stray))

    def read_everything(self, project: Any) -> None:
        from pfdesk import dump as dumping
        from pfdesk.scoring import score_project

        score_project(project)
        walked = list(project.walk())
        for ind in walked[:60]:
            project.level(ind)
            project.ancestors(ind)
            project.deductions(ind.id)
        for finding in project.findings()[:10]:
            project.finding_indicators(finding.id)
        project.narrative("background")
        dumping.dumps(project)

    def run_project(self) -> None:
        from pfdesk.project import Project

        path = self.target
        # 1. read-only: the core, then the commands that only read
        ok, project = self.core("open read-only", lambda: Project.open(path, readonly=True))
        if ok:
            self.core("read (read-only)", lambda: self.read_everything(project))
            self.core("close (read-only)", project.close)
        self.folder_unchanged("open read-only", refused=not ok)
        self.victims_ok("open read-only")
        for name, argv in (("pfdesk score", ["score", "--json", str(path)]),
                           ("pfdesk check", ["check", str(path)])):
            rc = self.cli(name, argv)
            self.folder_unchanged(name, refused=rc == 2)
            self.victims_ok(name)
        dump_file = self.dirs.out / "导出 #1.json"
        rc = self.cli("pfdesk dump", ["dump", str(path), "-o", str(dump_file)])
        self.folder_unchanged("pfdesk dump", refused=rc == 2)
        self.outputs("pfdesk dump", rc == 0, {dump_file.name})
        if rc == 0 and dump_file.exists():
            self.kept_outputs.add(dump_file.name)
            loaded = self.dirs.out / "重建 #1.sqlite"
            rc = self.cli("pfdesk load (own dump)", ["load", str(dump_file), "-o", str(loaded)])
            self.outputs("pfdesk load (own dump)", rc == 0, {loaded.name})
            if rc != 0:
                self.find("roundtrip", "pfdesk load (own dump)",
                          "the dump of a file that opens does not load back: "
                          + self.log[-1][:200])
            self.clear_outputs()
        # 2. read-write: the user's window
        ok, project = self.core("open read-write", lambda: Project.open(path, user="测试"))
        if not ok:
            self.folder_unchanged("open read-write", refused=True)
            self.victims_ok("open read-write")
            if self.case.expected:
                self.find("crash-leftover", "open read-write",
                          f"a crash leftover is refused: {self.log[-1][:200]}")
            return
        self.outcome = "opened"
        self.victims_ok("open read-write")
        if self.case.expected:
            self.compare_with_expected(project)
        self.core("read (read-write)", lambda: self.read_everything(project))
        self.edit_a_little(project)
        copy = self.dirs.out / "另存 #1.sqlite"
        saved, _ = self.core("save a copy", lambda: project.save_copy(copy))
        self.core("close (read-write)", project.close)
        self.outputs("save a copy", saved, {copy.name})
        new = sorted(set(folder_state(self.dirs.case)) - set(self.initial))
        if new:
            self.find("left-behind", "edit session", "new files beside the project after "
                      "closing it: " + ", ".join(new))
        self.victims_ok("edit session")
        # 3. what the core wrote must still be usable
        rc = self.cli("pfdesk check (after edits)", ["check", str(path)])
        if rc == 2:
            self.find("accepted-then-unusable", "pfdesk check (after edits)",
                      "opened read-write, then refused by check: " + self.log[-1][:200])
        ok, again = self.core("reopen read-write", lambda: Project.open(path))
        if ok:
            self.core("close (reopened)", again.close)
        elif isinstance(again, Exception):
            self.find("accepted-then-unusable", "reopen read-write",
                      "opened read-write, edited, then refused: " + str(again)[:200])
        if saved:
            ok, other = self.core("open the copy", lambda: Project.open(copy, readonly=True))
            if ok:
                self.core("close the copy", other.close)
            else:
                self.find("accepted-then-unusable", "open the copy",
                          "另存为 wrote a copy that does not open: " + str(other)[:200])

    def compare_with_expected(self, project: Any) -> None:
        from pfdesk import dump as dumping
        from pfdesk.project import Project

        reference = self.dirs.ref / self.case.expected
        ok, ref = self.core("open the reference", lambda: Project.open(reference, readonly=True))
        if not ok:
            return
        try:
            want, got = dumping.dump(ref), dumping.dump(project)
        finally:
            ref.close()
        if want != got:
            tables = [t for t in want["tables"] if want["tables"][t] != got["tables"].get(t)]
            self.find("crash-leftover", "open read-write",
                      "the file opened but does not show the last saved state (tables differ: "
                      + ", ".join(tables) + ")")

    def edit_a_little(self, project: Any) -> None:
        from pfdesk import commands as cmd
        from pfdesk.tree import IndicatorSpec

        rng = self.rng
        changes: list[Any] = []
        for step in range(rng.choice([2, 4, 6])):
            inds = list(project.indicators().values())
            leaves = [i for i in inds if not project.children(i.id)]
            action = rng.choice(["score", "deduction", "remove deduction", "narrative", "info",
                                 "add indicator", "remove indicator", "move", "undo",
                                 "rename"])
            op = f"edit {step + 1}: {action}"

            def build(action: str = action, leaves: list[Any] = leaves,
                      inds: list[Any] = inds) -> Any:
                if action == "score" and leaves:
                    leaf = rng.choice(leaves)
                    weight = leaf.weight or 0
                    return cmd.set_score(project, leaf.id, str(min(weight, rng.choice([0, 1, 2]))))
                if action == "deduction" and leaves:
                    return cmd.add_deduction(project, rng.choice(leaves).id, "0.5", "测试扣分")
                if action == "remove deduction":
                    deds = [d for i in inds for d in project.deductions(i.id)]
                    if deds:
                        return cmd.remove_deduction(project, rng.choice(deds).id)
                if action == "narrative":
                    return cmd.set_narrative(project, "conclusion", f"结论 {rng.random()}")
                if action == "info":
                    return cmd.set_info(project, name="改名后的项目", budget="12.5")
                if action == "add indicator":
                    spec = IndicatorSpec(code="T1", name="新增指标", weight=None)
                    return cmd.add_indicator(project, None, rng.randrange(5), spec)
                if action == "remove indicator" and leaves:
                    return cmd.remove_indicator(project, rng.choice(leaves).id)
                if action == "move" and len(inds) > 1:
                    return cmd.move_indicator(project, rng.choice(inds).id, None, 0)
                if action == "undo" and changes:
                    return changes.pop().inverse()
                if action == "rename" and inds:
                    return cmd.set_indicator(project, rng.choice(inds).id, name="改名")
                return None

            ok, edit = self.core(op + " (build)", build)
            if ok and edit is not None:
                ok, change = self.core(op, lambda edit=edit: project.apply(edit))
                if ok:
                    changes.append(change)

    def run_dump(self) -> None:
        from pfdesk import dump as dumping

        out = self.dirs.out / "载入 #1.sqlite"
        ok, project = self.core("load (core)", lambda: dumping.load(self.target, out))
        if ok:
            self.core("close (loaded)", project.close)
        self.outputs("load (core)", ok, {out.name})
        self.folder_unchanged("load (core)", refused=not ok)
        if ok:
            self.check_created(out, "load (core)")
        self.clear_outputs()
        rc = self.cli("pfdesk load", ["load", str(self.target), "-o", str(out)])
        self.outputs("pfdesk load", rc == 0, {out.name})
        self.folder_unchanged("pfdesk load", refused=rc == 2)
        if rc == 0:
            self.outcome = "opened"
            self.check_created(out, "pfdesk load")

    def run_sheet(self) -> None:
        from pfdesk.importer.excel import import_sheet, read_indicator_sheet

        out = self.dirs.out / "导入 #1.sqlite"
        ok, sheet = self.core("read sheet (core)", lambda: read_indicator_sheet(self.target))
        if ok:
            ok, project = self.core("import (core)",
                                    lambda: import_sheet(self.target, out, sheet=sheet))
            if ok:
                self.core("close (imported)", project.close)
            self.outputs("import (core)", ok, {out.name})
            if ok:
                self.check_created(out, "import (core)")
        self.folder_unchanged("import (core)", refused=not ok)
        self.clear_outputs()
        rc = self.cli("pfdesk import", ["import", str(self.target), "-o", str(out)])
        self.outputs("pfdesk import", rc == 0, {out.name})
        self.folder_unchanged("pfdesk import", refused=rc == 2)
        if rc == 0:
            self.outcome = "opened"
            self.check_created(out, "pfdesk import")

    def check_created(self, path: Path, op: str) -> None:
        if not path.exists():
            return
        rc = self.cli(f"pfdesk check (after {op})", ["check", str(path)])
        if rc == 2:
            self.find("accepted-then-unusable", op,
                      "a file pfdesk just wrote is refused by check: " + self.log[-1][:200])


# ----- the worker process -----

def _alarm(signum: int, frame: object) -> None:
    raise CaseTimeout


def run_one(index: int, kind: str, campaign_seed: int, seeds: Seeds, workdir: Path,
            time_limit: float, beat: Any = None) -> dict[str, Any]:
    """Generate and run one case in a folder of its own; the result as a JSON-ready dict.

    The time limit applies to each user operation (an alarm interrupts it; one that cannot be
    interrupted is reported when it returns); the parent's watchdog kills a worker that stays
    silent longer than that.
    """
    beat = beat or (lambda op: None)
    os.chdir(workdir)
    for old in workdir.glob("c*"):
        shutil.rmtree(old, ignore_errors=True)
    dirs = Dirs(workdir / f"c{index}")
    dirs.reset()
    os.chdir(dirs.cwd)
    os.environ["PFDESK_DATA_DIR"] = str(dirs.data)
    rng = random.Random(f"{campaign_seed}:{index}")
    ops_seed = f"{campaign_seed}:{index}:ops"
    result: dict[str, Any] = {"index": index, "kind": kind, "findings": [], "restart": False}
    beat("generate")
    try:
        case = generate(kind, rng, seeds, dirs)
    except Exception as exc:
        result.update(outcome="generation-error", variant=describe(exc), trace=format_trace(exc))
        return result
    result["variant"] = case.variant
    runner = Runner(case, dirs, random.Random(ops_seed), time_limit, beat)
    start = time.monotonic()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            runner.run()
    except CaseTimeout:
        runner.find("hang", runner.current, f"still running after {time_limit:.0f} s "
                                            "(interrupted by the alarm)")
        result["restart"] = True
    except MemoryError as exc:
        runner.find("exception", runner.current, describe(exc))
        result["restart"] = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.monotonic() - start
    if any(f.detail.startswith("MemoryError") for f in runner.findings):
        result["restart"] = True
    result.update(outcome=runner.outcome, elapsed=round(elapsed, 3), log=runner.log[-40:],
                  findings=[f.__dict__ for f in runner.findings], target=case.target,
                  slow_ops=[(round(sec, 2), op) for sec, op in sorted(runner.durations)[-3:]
                            if sec > 2.0])
    del runner
    gc.collect()
    return result


def worker_main(args: argparse.Namespace) -> int:
    """Read case requests on stdin, answer one JSON line each on the original stdout."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker
    limit = args.mem_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    route_logging_to_current_stderr()
    signal.signal(signal.SIGALRM, _alarm)
    seeds = load_seeds(Path(args.seeds))
    workdir = Path(args.workdir)

    def beat(op: str) -> None:
        proto.write(json.dumps({"beat": op}, ensure_ascii=False) + "\n")
        proto.flush()

    for line in sys.stdin:
        request = json.loads(line)
        result = run_one(request["index"], request["kind"], args.seed, seeds, workdir,
                         args.time_limit, beat)
        proto.write(json.dumps(result, ensure_ascii=False) + "\n")
        proto.flush()
        if result.get("restart"):
            return 0
    return 0


# ----- the campaign (parent) -----

@dataclass
class Slot:
    """One worker process and the case it is running."""

    wid: int
    proc: subprocess.Popen[str] | None = None
    request: dict[str, Any] | None = None
    started: float = 0.0
    done: int = 0
    gen: int = 0
    current_op: str = ""
    log: Any = None


@dataclass
class Summary:
    count: int = 0
    seed: int = 0
    seconds: float = 0.0
    by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    signatures: dict[str, dict[str, Any]] = field(default_factory=dict)
    generation_errors: list[str] = field(default_factory=list)
    slowest: list[tuple[float, int, str]] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(s["count"] for s in self.signatures.values())

    @property
    def finding_cases(self) -> int:
        return sum(c["findings"] for c in self.by_kind.values())

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "seed": self.seed, "seconds": round(self.seconds, 1),
                "by_kind": {k: dict(v) for k, v in sorted(self.by_kind.items())},
                "findings": self.findings, "finding_cases": self.finding_cases,
                "signatures": self.signatures, "generation_errors": self.generation_errors,
                "slowest": self.slowest}


class Campaign:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.out = Path(args.out).resolve()
        self.findings_dir = Path(args.findings).resolve()
        self.summary = Summary(count=args.count, seed=args.seed)
        self.results: queue.Queue[tuple[int, int, str | None]] = queue.Queue()
        self.slots: list[Slot] = []
        self.kinds = args.kinds or list(KINDS)
        self.seeds: Seeds | None = None

    def schedule(self) -> list[dict[str, Any]]:
        order = self.kinds[:]
        random.Random(self.args.seed).shuffle(order)
        return [{"index": i, "kind": order[i % len(order)]} for i in range(self.args.count)]

    def spawn(self, slot: Slot) -> None:
        workdir = self.out / "work" / f"w{slot.wid}"
        workdir.mkdir(parents=True, exist_ok=True)
        if slot.log is None:
            slot.log = open(self.out / f"worker-{slot.wid}.log", "a")  # noqa: SIM115
        cmd = module_cmd("fuzz", "--worker", "--seeds", str(self.out / "seeds"),
                         "--workdir", str(workdir), "--seed", str(self.args.seed),
                         "--time-limit", str(self.args.time_limit),
                         "--mem-mb", str(self.args.mem_mb))
        slot.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=slot.log, text=True, cwd=str(workdir),
                                     env=child_env(workdir / "data"))
        slot.done = 0
        slot.gen += 1
        proc = slot.proc

        def read(proc: subprocess.Popen[str] = proc, wid: int = slot.wid,
                 gen: int = slot.gen) -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                self.results.put((wid, gen, line))
            self.results.put((wid, gen, None))

        threading.Thread(target=read, daemon=True).start()

    def stop(self, slot: Slot, kill: bool) -> None:
        proc = slot.proc
        if proc is None:
            return
        if kill and proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, BrokenPipeError):
            if proc.stdin:
                proc.stdin.close()
        proc.wait()
        slot.proc = None

    def send(self, slot: Slot, request: dict[str, Any]) -> None:
        assert slot.proc is not None and slot.proc.stdin is not None
        slot.request = request
        slot.started = time.monotonic()
        slot.proc.stdin.write(json.dumps(request) + "\n")
        slot.proc.stdin.flush()

    def run(self) -> Summary:
        start = time.monotonic()
        self.out.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("PFDESK_DATA_DIR", str(self.out / "parent-data"))
        self.seeds = build_seeds(self.out / "seeds")
        if self.findings_dir.exists():
            shutil.rmtree(self.findings_dir)
        self.findings_dir.mkdir(parents=True)
        pending = self.schedule()
        pending.reverse()
        self.slots = [Slot(wid=i) for i in range(max(1, self.args.jobs))]
        for slot in self.slots:
            self.spawn(slot)
            if pending:
                self.send(slot, pending.pop())
        finished = 0
        last_note = time.monotonic()
        while finished < self.args.count:
            try:
                wid, gen, line = self.results.get(timeout=0.5)
            except queue.Empty:
                wid, gen, line = -1, 0, None
            if wid >= 0 and gen == self.slots[wid].gen:   # lines of a stopped worker are stale
                slot = self.slots[wid]
                if line is None:           # the worker ended
                    if slot.proc is None:
                        continue
                    code = slot.proc.wait()
                    slot.proc = None
                    if slot.request is not None:
                        self.record_dead(slot.request, code, slot.log.name)
                        finished += 1
                        slot.request = None
                    self.spawn(slot)
                    if pending:
                        self.send(slot, pending.pop())
                    continue
                result = json.loads(line)
                if "beat" in result:          # the worker started another operation
                    slot.started = time.monotonic()
                    slot.current_op = result["beat"]
                    continue
                self.record(result)
                finished += 1
                slot.request = None
                slot.done += 1
                if result.get("restart") or slot.done >= RESTART_EVERY:
                    self.stop(slot, kill=False)
                    self.spawn(slot)
                if pending:
                    self.send(slot, pending.pop())
            now = time.monotonic()
            for slot in self.slots:
                if slot.request is not None and now - slot.started > (
                        self.args.time_limit + WATCHDOG_GRACE):
                    request = slot.request
                    slot.request = None
                    self.stop(slot, kill=True)
                    self.record_hang(request, now - slot.started, slot.current_op)
                    finished += 1
                    self.spawn(slot)
                    if pending:
                        self.send(slot, pending.pop())
            if not self.args.quiet and now - last_note > 15:
                last_note = now
                print(f"  … {finished}/{self.args.count} cases, "
                      f"{self.summary.finding_cases} with findings", file=sys.stderr, flush=True)
        for slot in self.slots:
            self.stop(slot, kill=False)
            if slot.log:
                slot.log.close()
        self.summary.seconds = time.monotonic() - start
        (self.out / "summary.json").write_text(
            json.dumps(self.summary.to_json(), ensure_ascii=False, indent=1))
        return self.summary

    def record_dead(self, request: dict[str, Any], code: int, log: str) -> None:
        how = f"killed by signal {-code}" if code < 0 else f"exited with code {code}"
        self.record({"index": request["index"], "kind": request["kind"], "outcome": "crash",
                     "variant": "", "findings": [{"invariant": "crash", "op": "worker",
                                                  "detail": f"the worker process {how} "
                                                            f"(see {log})", "trace": ""}]})

    def record_hang(self, request: dict[str, Any], seconds: float, op: str) -> None:
        self.record({"index": request["index"], "kind": request["kind"], "outcome": "hang",
                     "variant": "", "findings": [{"invariant": "hang", "op": op or "worker",
                                                  "detail": f"no answer after {seconds:.0f} s; "
                                                            "the worker was killed",
                                                  "trace": ""}]})

    def record(self, result: dict[str, Any]) -> None:
        kind = result["kind"]
        counts = self.summary.by_kind[kind]
        counts["cases"] += 1
        if result["outcome"] == "generation-error":
            counts["generation errors"] += 1
            self.summary.generation_errors.append(
                f"#{result['index']} {kind}: {result['variant']}")
            return
        counts[result["outcome"]] += 1
        for seconds, op in result.get("slow_ops", []):
            self.summary.slowest.append((seconds, result["index"], f"{kind}: {op}"))
            self.summary.slowest = sorted(self.summary.slowest, reverse=True)[:6]
        findings = [Finding(**f) for f in result["findings"]]
        if not findings:
            return
        counts["findings"] += 1
        seen_here = set()
        for finding in findings:
            sig = finding.signature(kind)
            if sig in seen_here:
                continue
            seen_here.add(sig)
            entry = self.summary.signatures.setdefault(sig, {
                "kind": kind, "invariant": finding.invariant, "ops": [],
                "detail": finding.detail, "variant": result.get("variant", ""), "count": 0,
                "reproducers": []})
            entry["count"] += 1
            for other in findings:
                if other.signature(kind) == sig and other.op not in entry["ops"]:
                    entry["ops"].append(other.op)
            if len(entry["reproducers"]) < self.args.keep:
                path = self.save_reproducer(result, findings)
                if path:
                    entry["reproducers"].append(str(path))

    def save_reproducer(self, result: dict[str, Any], findings: list[Finding]) -> Path | None:
        assert self.seeds is not None
        name = f"{result['index']:05d}-{result['kind']}"
        folder = self.findings_dir / name
        if folder.exists():
            return folder
        dirs = Dirs(folder)
        dirs.reset()
        for unused in (dirs.out, dirs.data, dirs.cwd):
            unused.rmdir()
        rng = random.Random(f"{self.args.seed}:{result['index']}")
        try:
            case = generate(result["kind"], rng, self.seeds, dirs)
        except Exception as exc:
            (folder / "generation-error.txt").write_text(format_trace(exc))
            return folder
        info = {"case": case.to_json(), "case_dir": str(dirs.case),
                "ops_seed": f"{self.args.seed}:{result['index']}:ops",
                "campaign_seed": self.args.seed, "index": result["index"],
                "findings": [f.__dict__ for f in findings], "log": result.get("log", [])}
        (folder / "finding.json").write_text(json.dumps(info, ensure_ascii=False, indent=1))
        (folder / "README.txt").write_text(
            f"{result['kind']}: {case.variant}\n\n"
            + "\n".join(f"[{f.invariant}] {f.op}: {f.detail}" for f in findings)
            + f"\n\nreplay: {sys.executable} scripts/fuzz_files.py --replay {folder}\n")
        return folder


# ----- replay of a saved reproducer -----

def retarget_super_journal(journal: Path, old_dir: str, new_dir: str) -> None:
    """Point a super-journal record that names a file in ``old_dir`` at ``new_dir`` instead."""
    data = journal.read_bytes()
    if len(data) < 16 or data[-8:] != JOURNAL_MAGIC:
        return
    length = int.from_bytes(data[-16:-12], "big")
    name = data[-16 - length:-16]
    if not name.startswith(old_dir.encode()):
        return
    new_name = new_dir.encode() + name[len(old_dir.encode()):]
    head = data[:-16 - length]
    journal.write_bytes(head + new_name + u32(len(new_name)) + u32(sum(new_name)) + JOURNAL_MAGIC)


def replay(folder: Path, time_limit: float) -> int:
    info = json.loads((folder / "finding.json").read_text())
    case = Case(**info["case"])
    with tempfile.TemporaryDirectory(prefix="pfdesk-replay-") as tmp:
        dirs = Dirs(Path(tmp))
        dirs.reset()
        for source, dest in ((folder / "case", dirs.case), (folder / "ref", dirs.ref)):
            if source.exists():
                shutil.rmtree(dest)
                shutil.copytree(source, dest)
        for journal in dirs.case.glob("*-journal"):
            retarget_super_journal(journal, info["case_dir"], str(dirs.case))
        os.environ["PFDESK_DATA_DIR"] = str(dirs.data)
        os.chdir(dirs.cwd)
        route_logging_to_current_stderr()
        runner = Runner(case, dirs, random.Random(info["ops_seed"]), time_limit)
        signal.signal(signal.SIGALRM, _alarm)
        start = time.monotonic()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                runner.run()
        except CaseTimeout:
            runner.find("hang", runner.current, f"still running after {time_limit:.0f} s")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        print(f"{case.kind}: {case.variant} ({time.monotonic() - start:.2f} s)")
        for line in runner.log:
            print("  " + line)
        for f in runner.findings:
            print(f"FINDING [{f.invariant}] {f.op}: {f.detail}")
            if f.trace:
                print(f.trace)
        if not runner.findings:
            print("no findings")
        return 1 if runner.findings else 0


# ----- reporting -----

def report(summary: Summary, out: Path, findings_dir: Path) -> str:
    lines = [f"pfdesk file fuzzing: {summary.count} cases, seed {summary.seed}, "
             f"{summary.seconds:.0f} s"]
    header = f"{'kind':<20}{'cases':>7}{'opened':>8}{'refused':>9}{'findings':>10}{'other':>7}"
    lines += ["", header, "-" * len(header)]
    totals: Counter[str] = Counter()
    for kind in sorted(summary.by_kind):
        c = summary.by_kind[kind]
        other = c["cases"] - c["opened"] - c["refused"]
        lines.append(f"{kind:<20}{c['cases']:>7}{c['opened']:>8}{c['refused']:>9}"
                     f"{c['findings']:>10}{other:>7}")
        totals.update(c)
    other = totals["cases"] - totals["opened"] - totals["refused"]
    lines.append("-" * len(header))
    lines.append(f"{'total':<20}{totals['cases']:>7}{totals['opened']:>8}{totals['refused']:>9}"
                 f"{totals['findings']:>10}{other:>7}")
    lines.append("")
    lines.append("opened = opened read-write (dumps: loaded; sheets: imported); other = crashed, "
                 "hung or not generated")
    if summary.slowest:
        lines.append("slowest operations: " + ", ".join(f"#{i} {k} {s:.1f} s"
                                                        for s, i, k in summary.slowest))
    if summary.generation_errors:
        lines.append(f"generation errors ({len(summary.generation_errors)}): "
                     + "; ".join(summary.generation_errors[:5]))
    by_invariant: Counter[str] = Counter()
    for entry in summary.signatures.values():
        by_invariant[entry["invariant"]] += entry["count"]
    lines.append("")
    lines.append(f"findings: {summary.finding_cases} case(s), {len(summary.signatures)} "
                 f"distinct signature(s)"
                 + (": " + ", ".join(f"{k} {v}" for k, v in by_invariant.most_common())
                    if by_invariant else ""))
    for _sig, entry in sorted(summary.signatures.items(),
                             key=lambda item: (-item[1]["count"], item[0])):
        lines.append(f"  [{entry['invariant']}] {entry['kind']} ×{entry['count']}: "
                     f"{entry['detail'][:220]}")
        lines.append(f"      in: {', '.join(entry['ops'][:6])}")
        if entry["variant"]:
            lines.append(f"      e.g. {entry['variant'][:160]}")
        for path in entry["reproducers"][:1]:
            lines.append(f"      reproducer: {path}")
    lines.append("")
    lines.append(f"summary: {out / 'summary.json'}; reproducers: {findings_dir}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--count", type=int, default=1000, help="cases to run")
    parser.add_argument("--seed", type=int, default=1, help="campaign seed")
    parser.add_argument("--out", default="/tmp/pfdesk-fuzz", help="working folder")
    parser.add_argument("--findings", default=None,
                        help=f"reproducers (default {FINDINGS_ROOT}/fuzz-seed<SEED>)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--kinds", nargs="*", choices=sorted(KINDS), help="only these kinds")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="seconds per user operation")
    parser.add_argument("--mem-mb", type=int, default=3072, help="address space per worker")
    parser.add_argument("--keep", type=int, default=KEEP_PER_SIGNATURE,
                        help="reproducers kept per finding signature")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--replay", type=Path, help="replay a saved reproducer folder")
    parser.add_argument("--list-kinds", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seeds", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.findings is None:
        args.findings = str(FINDINGS_ROOT / f"fuzz-seed{args.seed}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker_main(args)
    if args.list_kinds:
        print("\n".join(KINDS))
        return 0
    if args.replay:
        return replay(args.replay.resolve(), args.time_limit)
    summary = Campaign(args).run()
    print(report(summary, Path(args.out).resolve(), Path(args.findings).resolve()))
    return 1 if summary.finding_cases else 0


if __name__ == "__main__":
    sys.exit(main())
