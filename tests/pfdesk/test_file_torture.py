"""Short runs of the file torture harnesses in scripts/filetorture: fuzzer, kill test, two writers.

The long runs are by hand (scripts/fuzz_files.py, scripts/kill_edits.py,
scripts/concurrent_edits.py). These run by default; skip them with PFDESK_SKIP_TORTURE=1 or
``-k "not file_torture"``. Reproducers of failures are kept under /tmp/pfdesk-findings/.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from scripts.filetorture import concurrent, fuzz, kill
from scripts.filetorture.editing import kill_edit, lock_bypass_available, open_project
from scripts.filetorture.mutators import journal_bytes, page_size_of, pages

pytestmark = pytest.mark.skipif(os.environ.get("PFDESK_SKIP_TORTURE") == "1",
                                reason="PFDESK_SKIP_TORTURE=1")

FINDINGS = Path("/tmp/pfdesk-findings")


def test_fuzzing_finds_nothing(tmp_path):
    """150 mutated files, dumps and sheets over every mutation kind, through every operation."""
    args = fuzz.parse_args(["--count", "150", "--seed", "7", "--jobs", "2", "--quiet",
                            "--out", str(tmp_path / "fuzz"),
                            "--findings", str(FINDINGS / "test-fuzz")])
    summary = fuzz.Campaign(args).run()
    text = fuzz.report(summary, tmp_path / "fuzz", Path(args.findings))
    assert set(summary.by_kind) == set(fuzz.KINDS), text
    assert not summary.generation_errors, text
    if summary.finding_cases:
        pytest.fail(text, pytrace=False)


def test_killed_editor_loses_nothing(tmp_path):
    """5 rounds: the editing process SIGKILLed, the file opened again with every saved edit."""
    summary = kill.run_rounds(5, tmp_path / "kill", seed=7, findings=FINDINGS / "test-kill",
                              quiet=True)
    assert summary.rounds == 5
    if not summary.ok:
        pytest.fail(kill.report(summary), pytrace=False)


def test_two_writers_lose_nothing(tmp_path):
    """Two processes editing one file for 3 s (past the lock file when the core allows it)."""
    mode = "bypass" if lock_bypass_available() else "normal"
    result = concurrent.run_concurrent(3, 2, mode, tmp_path / "concurrent", seed=7,
                                       findings=FINDINGS / "test-concurrent", quiet=True)
    assert result.saved > 0, concurrent.report(result)
    if not result.ok:
        pytest.fail(concurrent.report(result), pytrace=False)


# ----- the harnesses themselves can see what they look for -----

@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    from pfdesk.demo import build_demo

    path = tmp_path_factory.mktemp("seed") / "demo.sqlite"
    build_demo(path).close()
    return path


def test_crafted_super_journal_deletes_its_victim_under_plain_sqlite(tmp_path, demo_file):
    """The fuzzer's super-journal case is live: plain SQLite plays it and deletes the victim."""
    target = tmp_path / "project.sqlite"
    shutil.copyfile(demo_file, target)
    data = target.read_bytes()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    Path(str(target) + "-journal").write_bytes(journal_bytes(
        page_size_of(data), pages(data), [], super_name=str(victim.resolve()).encode()))
    conn = sqlite3.connect(target)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    assert not victim.exists()


def test_kill_verifier_sees_a_lost_edit_and_a_changed_row(tmp_path, demo_file, capsys):
    """Replaying the edits from the round's start tells a lost or altered edit apart."""
    path, reference, older = tmp_path / "p.sqlite", tmp_path / "ref.sqlite", tmp_path / "old.sqlite"
    shutil.copyfile(demo_file, path)
    shutil.copyfile(demo_file, reference)
    project = open_project(path)
    for seq in range(1, 6):
        project.apply(kill_edit(project, seq))
        if seq == 3:
            shutil.copyfile(path, older)
    project.close()
    kill.verify_main(path, reference, 1)
    assert '"marker": 5' in capsys.readouterr().out
    conn = sqlite3.connect(older)
    conn.execute("UPDATE indicator SET score = '0.5' WHERE rowid = 5")
    conn.commit()
    conn.close()
    kill.verify_main(older, reference, 1)
    out = capsys.readouterr().out
    assert '"marker": 3' in out and "mismatch" in out


def test_an_edit_killed_while_the_file_grew_is_rolled_back_not_called_truncated(tmp_path,
                                                                              demo_file):
    """Killed mid-commit, a growing file's header may count pages not yet written; its hot
    journal puts page 1 back. Found by the kill campaign (round killed 340 ms after start)."""
    from pfdesk.project import Project
    from pfdesk.scoring import score_project

    target = tmp_path / "project.sqlite"
    shutil.copyfile(demo_file, target)
    data = target.read_bytes()
    size, count = page_size_of(data), pages(data)
    with Project.open(demo_file, readonly=True, lock=False, backup=False) as before:
        total = score_project(before).total
    Path(str(target) + "-journal").write_bytes(journal_bytes(size, count, [(1, data[:size])]))
    grown = bytearray(data)
    grown[28:32] = (count + 20).to_bytes(4, "big")     # the header counts 20 pages not written
    target.write_bytes(bytes(grown))
    with Project.open(target, backup=False) as project:  # rolled back, then checked in full
        assert score_project(project).total == total
    assert not Path(str(target) + "-journal").exists()
    assert target.read_bytes()[28:32] == data[28:32]
