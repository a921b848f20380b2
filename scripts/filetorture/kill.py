"""The kill test: SIGKILL a process editing a project through the core, then open the file again.

Each round: a child process opens the project file read-write with ``Project.open`` and applies
edits in a loop (``editing.kill_edit``: scores, deductions added and removed, narratives, some
large), printing each edit's sequence number on stdout once ``apply`` has returned — "reported
saved". The parent SIGKILLs it after a random delay (sometimes during start-up, sometimes a few
milliseconds into the edits), then a new process opens the file read-write through the core and
checks that it opens, that the last stored edit is at least the last one reported (every edit
writes its number into the file in the same transaction), and that replaying the edits on the
round's starting state gives exactly the file's content; finally ``pfdesk check`` must pass.

    python scripts/kill_edits.py --rounds 200
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import FINDINGS_ROOT, fresh_workspace, module_cmd

VERIFY_TIMEOUT = 60.0


# ----- the editing child -----

def child_main(path: Path, start_seq: int) -> int:
    from pfdesk.errors import EditError

    from .editing import kill_edit, open_project

    project = open_project(path, user="kill-test")
    seq = start_seq
    out = sys.stdout
    while True:
        edit = kill_edit(project, seq)
        try:
            project.apply(edit)
        except EditError as exc:
            print(f"edit {seq} refused: {exc}", file=sys.stderr, flush=True)
        else:
            out.write(f"{seq}\n")
            out.flush()
        seq += 1


# ----- the verifying process -----

def _content(project: Any) -> dict[str, Any]:
    from pfdesk import dump as dumping

    data = dumping.dump(project)
    for rows in data["tables"].values():
        for row in rows:
            row.pop("modified_at", None)
            row.pop("modified_by", None)
    return data["tables"]


def verify_main(path: Path, reference: Path, first_seq: int) -> int:
    """Open ``path`` read-write through the core, then replay from ``reference``; print JSON."""
    from pfdesk import dump as dumping
    from pfdesk.errors import EditError, PfdeskError
    from pfdesk.project import Project

    from .editing import kill_edit, marker, open_project

    result: dict[str, Any] = {"opened": False}
    try:
        project = open_project(path, user="verifier")
    except PfdeskError as exc:
        result["error"] = str(exc)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        result["unexpected"] = True
        print(json.dumps(result, ensure_ascii=False))
        return 0
    result["opened"] = True
    result["readonly"] = bool(project.readonly)
    result["marker"] = marker(project)
    got = _content(project)
    project.close()
    ref = Project.open(reference, readonly=True, user="verifier")
    memory = Project.create_empty(None, user="replay")
    memory.insert_verbatim(dumping.rows_from_dump(dumping.dump(ref)))
    ref.close()
    start_marker = marker(memory)
    stored = result["marker"] if result["marker"] is not None else -1
    replayed = 0
    for seq in range(first_seq, stored + 1):
        try:
            memory.apply(kill_edit(memory, seq))
            replayed += 1
        except EditError:
            pass
    result["replayed"] = replayed
    result["start_marker"] = start_marker
    want = _content(memory)
    memory.close()
    if want != got:
        diffs = []
        for table in sorted(set(want) | set(got)):
            a = {r["id"]: r for r in want.get(table, [])}
            b = {r["id"]: r for r in got.get(table, [])}
            missing = sorted(set(a) - set(b))
            extra = sorted(set(b) - set(a))
            changed = sorted(i for i in set(a) & set(b) if a[i] != b[i])
            if missing or extra or changed:
                diffs.append(f"{table}: {len(missing)} missing, {len(extra)} extra, "
                             f"{len(changed)} different")
        result["mismatch"] = diffs
    print(json.dumps(result, ensure_ascii=False))
    return 0


# ----- the parent -----

@dataclass
class Round:
    number: int
    delay: str
    reported: int = 0
    last_reported: int | None = None
    stored: int | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class KillSummary:
    rounds: int = 0
    unopenable: int = 0
    lost_edits: int = 0
    rounds_with_loss: int = 0
    mismatches: int = 0
    check_failures: int = 0
    other_problems: int = 0
    edits_reported: int = 0
    kills_mid_edit: int = 0
    seconds: float = 0.0
    findings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unopenable or self.lost_edits or self.mismatches or self.check_failures
                    or self.other_problems)


def _journal(path: Path) -> Path:
    return Path(str(path) + "-journal")


def _save_reproducer(folder: Path, path: Path, reference: Path, rnd: Round,
                     pre_kill: dict[str, bytes]) -> Path:
    target = folder / f"round-{rnd.number:04d}"
    if target.exists():
        shutil.rmtree(target)
    (target / "after-kill").mkdir(parents=True)
    for name, data in pre_kill.items():
        (target / "after-kill" / name).write_bytes(data)
    shutil.copyfile(reference, target / "round-start.sqlite")
    for extra in path.parent.iterdir():
        if extra.is_file() and extra.name.startswith(path.name):
            shutil.copyfile(extra, target / ("now-" + extra.name))
    (target / "README.txt").write_text(
        f"kill round {rnd.number}: killed {rnd.delay}; last edit reported saved "
        f"{rnd.last_reported}; stored {rnd.stored}\n" + "\n".join(rnd.problems)
        + "\n\nafter-kill/ holds the folder as the killed process left it; round-start.sqlite "
          "the file before the round.\n")
    return target


def _spawn_child(path: Path, start_seq: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(module_cmd("kill", "--child", str(path), "--start-seq", str(start_seq)),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)


def run_rounds(rounds: int, out: Path, seed: int, findings: Path, quiet: bool = False,
               base: str = "demo") -> KillSummary:
    start = time.monotonic()
    rng = random.Random(seed)
    out = out.resolve()
    path, env = fresh_workspace(out, "被杀 #1.sqlite")
    folder = path.parent
    _make_base(path, base)
    if findings.exists():
        shutil.rmtree(findings)
    summary = KillSummary()
    next_seq = 1
    reference = out / "round-start.sqlite"
    for number in range(1, rounds + 1):
        began = time.monotonic()
        shutil.copyfile(path, reference)
        child = _spawn_child(path, next_seq, env)
        lines: list[bytes] = []
        first = threading.Event()

        def read(child: subprocess.Popen[bytes] = child, lines: list[bytes] = lines,
                 first: threading.Event = first) -> None:
            assert child.stdout is not None
            for line in child.stdout:
                lines.append(line)
                first.set()
            first.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        style = rng.random()
        if style < 0.2:
            delay = rng.uniform(0, 0.8)
            time.sleep(delay)
            text = f"{delay * 1000:.0f} ms after start"
        else:
            first.wait(20)
            delay = rng.choice([rng.uniform(0, 0.003), rng.uniform(0, 0.03), rng.uniform(0, 0.3),
                                rng.uniform(0, 1.0)])
            time.sleep(delay)
            text = f"{delay * 1000:.1f} ms after the first saved edit"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        reader.join(5)
        rnd = Round(number, text)
        complete = [int(x) for x in b"".join(lines).split(b"\n")[:-1] if x.strip()]
        rnd.reported = len(complete)
        rnd.last_reported = complete[-1] if complete else None
        summary.edits_reported += len(complete)
        pre_kill = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        if _journal(path).exists():
            summary.kills_mid_edit += 1
        result = _verify(path, reference, next_seq, env)
        rnd.stored = result.get("marker")
        if not result.get("opened"):
            summary.unopenable += 1
            rnd.problems.append("the file could not be opened: " + str(result.get("error")))
        else:
            if result.get("readonly"):
                summary.other_problems += 1
                rnd.problems.append("the file opened read-only after the kill")
            stored = rnd.stored if rnd.stored is not None else next_seq - 1
            lost = [s for s in complete if s > stored]
            if lost:
                summary.lost_edits += len(lost)
                summary.rounds_with_loss += 1
                rnd.problems.append(f"{len(lost)} edit(s) reported saved are missing "
                                    f"(last reported {rnd.last_reported}, file holds {stored})")
            if result.get("mismatch"):
                summary.mismatches += 1
                rnd.problems.append("content differs from the replayed edits: "
                                    + "; ".join(result["mismatch"]))
            rc, err = _check(path, env)
            if rc not in (0, 1):
                summary.check_failures += 1
                rnd.problems.append(f"pfdesk check exit {rc}: {err}")
        if result.get("unexpected"):
            summary.other_problems += 1
        rnd.seconds = time.monotonic() - began
        if rnd.problems:
            saved = _save_reproducer(findings, path, reference, rnd, pre_kill)
            summary.findings.append(f"round {number} (killed {rnd.delay}): "
                                    + " | ".join(rnd.problems) + f" → {saved}")
        if not quiet:
            status = "; ".join(rnd.problems) or "ok"
            print(f"round {number}: killed {text}, reported {rnd.reported} "
                  f"(last {rnd.last_reported}), stored {rnd.stored}: {status}",
                  file=sys.stderr, flush=True)
        if result.get("opened"):
            next_seq = max(next_seq, (rnd.stored or 0) + 1, (rnd.last_reported or 0) + 1)
        else:
            # Start again from a good file so that later rounds still test something.
            for extra in folder.iterdir():
                extra.unlink()
            _make_base(path, base)
            next_seq = 1
        summary.rounds += 1
    summary.seconds = time.monotonic() - start
    return summary


def _make_base(path: Path, base: str) -> None:
    from pfdesk.demo import build_demo
    from pfdesk.templates import new_project

    (build_demo(path) if base == "demo" else new_project(path)).close()
    for extra in path.parent.iterdir():
        if extra != path:
            extra.unlink()


def _verify(path: Path, reference: Path, first_seq: int, env: dict[str, str]) -> dict[str, Any]:
    try:
        done = subprocess.run(module_cmd("kill", "--verify", str(path), "--reference",
                                         str(reference), "--start-seq", str(first_seq)),
                              capture_output=True, env=env, timeout=VERIFY_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return {"opened": False, "error": f"opening took more than {VERIFY_TIMEOUT:.0f} s"}
    try:
        return json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (IndexError, ValueError):
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        return {"opened": False, "unexpected": True,
                "error": f"verifier exit {done.returncode}: {' | '.join(tail)}"}


def _check(path: Path, env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-m", "pfdesk", "check", str(path)],
                          capture_output=True, env=env, timeout=VERIFY_TIMEOUT, check=False)
    return done.returncode, " ".join(done.stderr.decode(errors="replace").split())[:300]


def report(summary: KillSummary) -> str:
    lines = [
        f"kill test: {summary.rounds} rounds in {summary.seconds:.0f} s",
        f"  edits reported saved: {summary.edits_reported}; kills that left a journal: "
        f"{summary.kills_mid_edit}",
        f"  files that could not be opened afterwards: {summary.unopenable}",
        f"  edits reported saved and then missing: {summary.lost_edits} "
        f"(in {summary.rounds_with_loss} rounds)",
        f"  rounds whose content differs from the replayed edits: {summary.mismatches}",
        f"  pfdesk check failures: {summary.check_failures}; other problems: "
        f"{summary.other_problems}",
    ]
    if summary.findings:
        lines.append("findings:")
        lines.extend("  " + f for f in summary.findings[:30])
        if len(summary.findings) > 30:
            lines.append(f"  … and {len(summary.findings) - 30} more")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SIGKILL a process editing a project file.")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/pfdesk-kill"))
    parser.add_argument("--findings", type=Path, default=None,
                        help=f"reproducers (default {FINDINGS_ROOT}/kill-seed<SEED>)")
    parser.add_argument("--base", choices=["demo", "template"], default="demo")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--verify", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reference", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--start-seq", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, args.start_seq)
    if args.verify:
        return verify_main(args.verify, args.reference, args.start_seq)
    findings = args.findings or FINDINGS_ROOT / f"kill-seed{args.seed}"
    summary = run_rounds(args.rounds, args.out, args.seed, findings, args.quiet, args.base)
    print(report(summary))
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sqlite3.enable_callback_tracebacks(False)
    sys.exit(main())
