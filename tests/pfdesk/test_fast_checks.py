"""The opening checks done in bulk (issue 12): aggregate SQL instead of a loop over every value,
and the check run ahead in the background. Each shortcut must refuse what the value-by-value
check refused: text that is not UTF-8 even when split across rows, numbers just past the
plain form, a file changed after it was checked ahead."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from benchmarks.generate import make_project
from pfdesk import filecheck
from pfdesk.content_checks import content_problems
from pfdesk.errors import ProjectFileError
from pfdesk.project import Project


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fast") / "sample.pfdesk"
    make_project(path, 2, 2, 2).close()      # 2 + 4 + 8 indicators
    return path


def edited(sample: Path, folder: Path, *statements: tuple[str, tuple[object, ...]]) -> Path:
    """A copy of the sample with the statements run on it (as a hostile editor would)."""
    path = folder / "edited.pfdesk"
    shutil.copy(sample, path)
    conn = sqlite3.connect(path)
    for sql, args in statements:
        conn.execute(sql, args)
    conn.commit()
    conn.close()
    return path


def problems(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    conn.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        return content_problems(conn)
    finally:
        conn.close()


def two_ids(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM indicator ORDER BY rowid LIMIT 2")]
    finally:
        conn.close()


def test_a_sound_file_has_no_problem(sample: Path) -> None:
    assert problems(sample) == []


def test_a_character_split_across_two_rows_is_refused(sample: Path, tmp_path: Path) -> None:
    """E4 B8 in one name and AD in the next would read as 中 if the values were simply joined."""
    first, second = two_ids(sample)
    path = edited(sample, tmp_path,
                  ("UPDATE indicator SET name = CAST(x'e4b8' AS TEXT) WHERE id = ?", (first,)),
                  ("UPDATE indicator SET name = CAST(x'ad' AS TEXT) WHERE id = ?", (second,)))
    assert problems(path) == ["表 indicator 的 name 列有无法识别的字符（不是 UTF-8 文本）"]


def test_bad_text_in_a_column_too_long_to_join_is_still_found(tmp_path: Path) -> None:
    larger = tmp_path / "larger.pfdesk"
    make_project(larger, 2, 10, 10).close()      # 222 ids: 8 KB joined
    first, _ = two_ids(larger)
    path = edited(larger, tmp_path,
                  ("UPDATE indicator SET analysis = CAST(x'ff' AS TEXT) WHERE id = ?", (first,)))
    conn = sqlite3.connect(path)
    conn.text_factory = lambda data: data.decode("utf-8", "replace")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 4000)   # each value fits, the joined ids do not
    try:
        assert content_problems(conn) == [
            "表 indicator 的 analysis 列有无法识别的字符（不是 UTF-8 文本）"]
    finally:
        conn.close()


@pytest.mark.parametrize(("value", "refused"), [
    ("123456789012", False),            # 12 digits: the most the plain form takes
    ("1234567890123", True),            # 13 digits before the point: out of range
    ("-0.1234567890", False),           # 10 decimals
    ("0.12345678901", True),            # 11 decimals
    ("1e3", False),                     # not plain, but a number: parsed in Python
    (" 1,000 ", False),                 # the same
    ("1.", False),                      # the same
    ("--1", True),
    ("-", True),
    ("1.2.3", True),
    ("NaN", True),
    ("1E+999999", True),
])
def test_numbers_are_judged_as_the_loader_reads_them(sample: Path, tmp_path: Path, value: str,
                                                     refused: bool) -> None:
    first, _ = two_ids(sample)
    path = edited(sample, tmp_path, ("UPDATE indicator SET weight = ? WHERE id = ?", (value, first)))
    found = problems(path)
    assert bool(found) is refused, found
    if refused:
        assert found[0].startswith("表 indicator 的 weight 列有无法识别的数字")


@pytest.mark.parametrize(("column", "value"), [("score", b"5"), ("name", b"x"), ("id", b"x"),
                                               ("not_applicable", "no"),
                                               ("modified_at", b"")])
def test_a_value_of_the_wrong_type_is_counted(sample: Path, tmp_path: Path, column: str,
                                              value: object) -> None:
    first, _ = two_ids(sample)
    path = edited(sample, tmp_path, ("PRAGMA foreign_keys = OFF", ()),
                  (f"UPDATE indicator SET {column} = ? WHERE id = ?", (value, first)))
    assert f"表 indicator 的 {column} 列有 1 个值的类型不对" in problems(path)


def test_a_deep_or_looping_tree_is_refused_and_named(sample: Path, tmp_path: Path) -> None:
    first, second = two_ids(sample)
    looped = edited(sample, tmp_path,
                    ("UPDATE indicator SET parent_id = ? WHERE id = ?", (second, first)),
                    ("UPDATE indicator SET parent_id = ? WHERE id = ?", (first, second)))
    assert "指标体系中有循环的上下级关系" in problems(looped)


def test_a_file_checked_ahead_opens_without_a_second_check(sample: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ahead.pfdesk"
    shutil.copy(sample, path)
    filecheck.check_ahead(path)
    calls: list[Path] = []      # checks run by the opening itself (not the one ahead)
    real = filecheck._check_rows

    def counted(*args: object) -> None:
        if threading.current_thread() is threading.main_thread():
            calls.append(args[0])  # type: ignore[arg-type]
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(filecheck, "_check_rows", counted)
    with Project.open(path, backup=False) as project:
        assert len(project.indicators()) == 14
    assert calls == []


def test_a_file_changed_after_its_check_ahead_is_checked_again(sample: Path,
                                                               tmp_path: Path) -> None:
    """Checked ahead while sound, then edited by someone else: the opening sees the edit."""
    path = tmp_path / "changed.pfdesk"
    shutil.copy(sample, path)
    filecheck.check_ahead(path)
    filecheck._ahead[path.resolve()].thread.join()
    stat = path.stat()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE indicator SET weight = 'x' WHERE code = 'A'")
    conn.commit()
    conn.close()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))   # even with its old time
    with pytest.raises(ProjectFileError, match="无法识别的数字"):
        Project.open(path, backup=False)


def test_a_file_refused_ahead_is_refused_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pfdesk"
    path.write_bytes(b"SQLite format 3\x00" + bytes(200))
    filecheck.check_ahead(path)
    with pytest.raises(ProjectFileError, match="文件"):
        Project.open(path, backup=False)
