"""Helpers shared by the harnesses: paths, child processes, folder snapshots, message checks."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import shutil
import sys
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
FINDINGS_ROOT = Path("/tmp/pfdesk-findings")

# A message longer than this is not "one line of plain Chinese".
MAX_MESSAGE_CHARS = 600


def child_env(data_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a harness child: the scripts folder and the repository importable."""
    env = dict(os.environ)
    paths = [str(SCRIPTS), str(REPO)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    if data_dir is not None:
        env["PFDESK_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def fresh_workspace(out: Path, file_name: str) -> tuple[Path, dict[str, str]]:
    """Empty ``out`` and set it up for a run: the project's path and the children's environment.

    The project lives in ``out/project``; pfdesk's data folder (backups) is ``out/data``, for
    this process and for the children alike.
    """
    if out.exists():
        shutil.rmtree(out)
    folder = out / "project"
    folder.mkdir(parents=True)
    data_dir = out / "data"
    os.environ["PFDESK_DATA_DIR"] = str(data_dir)
    return folder / file_name, child_env(data_dir)


def module_cmd(module: str, *args: str) -> list[str]:
    """The command line running ``filetorture.<module>`` with ``args`` in a new interpreter."""
    return [sys.executable, "-m", f"filetorture.{module}", *args]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (relative name → content hash, or a marker for folders)."""
    state: dict[str, str] = {}
    if not folder.exists():
        return state
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in dirs:
            state[str((base / name).relative_to(folder)) + "/"] = "<folder>"
        for name in files:
            path = base / name
            rel = str(path.relative_to(folder))
            try:
                if path.is_symlink():
                    state[rel] = "<link>" + os.readlink(path)
                else:
                    state[rel] = sha256(path)
            except OSError as exc:
                state[rel] = f"<unreadable {exc.errno}>"
    return state


def state_diff(before: dict[str, str], after: dict[str, str]) -> str:
    """What changed between two snapshots, in one line ('' when nothing did)."""
    parts = []
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    new = sorted(after.keys() - before.keys())
    gone = sorted(before.keys() - after.keys())
    if changed:
        parts.append("changed: " + ", ".join(changed))
    if new:
        parts.append("new: " + ", ".join(new))
    if gone:
        parts.append("removed: " + ", ".join(gone))
    return "; ".join(parts)


_GARBAGE = re.compile(r"\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}")


def message_problem(text: str) -> str:
    """Why a user-facing error message is not one plain line ('' when it is fine)."""
    if not text.strip():
        return "empty message"
    if "\n" in text.strip() or "\r" in text:
        return f"message spans {len(text.strip().splitlines())} lines"
    if "Traceback" in text:
        return "message contains a traceback"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"message is {len(text)} characters long"
    for ch in text:
        if ch == "\ufffd":
            return "message contains U+FFFD (undecodable bytes)"
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn") and ch not in "\t":
            return f"message contains the control or invalid character U+{ord(ch):04X}"
    if _GARBAGE.search(text):
        return "message contains escaped raw bytes"
    return ""


def describe(exc: BaseException) -> str:
    """An exception as 'Type: message', shortened to one line."""
    text = f"{type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:300] + "…"


def format_trace(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-6000:]


class _CurrentStderr(io.TextIOBase):
    """A stream that writes to whatever ``sys.stderr`` is at the moment of writing."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return sys.stderr.write(text)


def route_logging_to_current_stderr() -> None:
    """Make log records go where a real ``pfdesk`` process would send them: its stderr.

    ``cli.main`` calls ``logging.basicConfig``, which would bind the first stderr it sees; a
    root handler of our own keeps log lines attributed to the command that produced them.
    """
    root = logging.getLogger()
    root.handlers[:] = [logging.StreamHandler(_CurrentStderr())]
    root.setLevel(logging.WARNING)


@dataclass
class CliRun:
    """One in-process run of ``pfdesk.cli.main``."""

    argv: list[str]
    rc: int | None = None
    out: str = ""
    err: str = ""
    escaped: BaseException | None = None
    trace: str = ""
    problems: list[str] = field(default_factory=list)


# The command line's wording for an exception it did not expect (a bug in the core).
UNEXPECTED_MARK = "出现意外错误"


def run_cli(argv: list[str], reraise: tuple[type[BaseException], ...] = ()) -> CliRun:
    """Run the command line in this process, capturing its output, and judge the result."""
    from pfdesk.cli import main

    run = CliRun(list(argv))
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            run.rc = main(list(argv))
    except reraise:
        raise
    except BaseException as exc:
        run.escaped = exc
        run.trace = format_trace(exc)
    run.out, run.err = out.getvalue(), err.getvalue()
    if run.escaped is not None:
        run.problems.append(f"exception escaped cli.main: {describe(run.escaped)}")
        return run
    if run.rc not in (0, 1, 2):
        run.problems.append(f"exit code {run.rc}")
    lines = [line for line in run.err.splitlines() if line.strip()]
    if "Traceback" in run.err:
        run.problems.append("stderr contains a traceback")
    if UNEXPECTED_MARK in run.err:
        run.problems.append("a non-pfdesk exception reached the command line: "
                            + " ".join(run.err.split())[:300])
    # Sheet warnings ("pfdesk：提醒：…") are allowed; besides them, exit 2 says one line,
    # exit 1 (problems listed on stdout) at most one, and success none.
    said = [line for line in lines if not line.startswith("pfdesk：提醒")]
    allowed = {0: (0, 0), 1: (0, 1), 2: (1, 1)}.get(run.rc or 0, (1, 1))
    if not allowed[0] <= len(said) <= allowed[1]:
        run.problems.append(f"exit {run.rc} with {len(said)} stderr lines: "
                            + " | ".join(said)[:300])
    for line in lines:
        problem = message_problem(line)
        if problem:
            run.problems.append(f"stderr line: {problem}")
            break
    return run
