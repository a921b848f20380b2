"""The command line: score's stable JSON, check's exit codes, plain one-line errors."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from pfdesk import cli_commands, commands
from pfdesk.cli import main
from pfdesk.errors import PfdeskError
from pfdesk.project import Project
from tests.seed004 import seed004_project

ROOT = Path(__file__).resolve().parents[2]


def test_score_json_interface(tmp_path, capsys):
    seed004_project(tmp_path / "p.sqlite").close()
    assert main(["score", str(tmp_path / "p.sqlite"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # the stable fields, and the ones added since (never renamed or removed)
    assert set(data) == {"total", "max", "rate", "grade", "provisional_grade", "complete",
                         "unscored", "nodes", "problems", "raw", "rescaled", "excluded",
                         "excluded_leaves", "leaves", "scored"}
    assert (data["total"], data["max"], data["rate"]) == ("88.50", "100.00", "88.50")
    assert (data["grade"], data["provisional_grade"], data["complete"]) == ("良", "良", True)
    nodes = {n["code"]: n for n in data["nodes"]}
    assert nodes["B"] == {"code": "B", "name": "过程", "level": 1, "parent": None,
                          "weight": "29.00", "score": "23.50", "rate": "81.03",
                          "max": "29.00", "lost": "5.50", "not_applicable": False,
                          "unrounded": None}
    assert nodes["B15"]["parent"] == "B1" and nodes["B15"]["score"] == "0.50"
    assert nodes["B15"]["rate"] == "25.00"
    assert [n["code"] for n in data["nodes"]][:4] == ["A", "A1", "A11", "A12"]
    assert data["problems"] == []


def test_score_json_while_incomplete(tmp_path, capsys):
    project = seed004_project(tmp_path / "p.sqlite")
    project.apply(commands.set_score(project, project.by_code("D31").id, ""))
    project.close()
    main(["score", str(tmp_path / "p.sqlite"), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["grade"] is None and data["provisional_grade"] == "良"
    assert data["total"] == "85.50" and data["unscored"] == 1
    assert {"code": "D31", "kind": "unscored", "message": "D31 尚未评分"} in data["problems"]
    assert next(n for n in data["nodes"] if n["code"] == "D31")["score"] is None


def test_check_exit_codes(tmp_path, capsys):
    seed004_project(tmp_path / "p.sqlite").close()
    assert main(["check", str(tmp_path / "p.sqlite")]) == 0
    project = Project.open(tmp_path / "p.sqlite")
    project.apply(commands.set_score(project, project.by_code("A11").id, ""))
    project.close()
    assert main(["check", str(tmp_path / "p.sqlite")]) == 1
    assert "A11 尚未评分" in capsys.readouterr().out


def test_score_text_table(tmp_path, capsys):
    seed004_project(tmp_path / "p.sqlite").close()
    main(["score", str(tmp_path / "p.sqlite")])
    out = capsys.readouterr().out
    assert "总分 88.5（满分 100），等级 良" in out
    assert "81.03%" in out
    assert "折算" not in out


def test_score_text_and_json_with_a_not_applicable_leaf_and_the_fixed_style(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project = seed004_project(path)
    d16 = project.by_code("D16")                   # weight 4, scored 3
    project.apply(commands.set_indicator(project, d16.id, not_applicable=True))
    project.apply(commands.set_number_style(project, "fixed"))
    project.close()
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    # 效益 21 of 27 − 4 = 23 points → 91.30%; total 85.5 × 100 ÷ 96 = 89.0625 → 89.06
    assert "23.00     21.00    91.30%  （不适用 4.00 分不计）" in out
    assert "总分 89.06（满分 100），等级 良" in out
    assert "1 项不适用指标共 4.00 分不计分，计分分值 96.00 分，得分 85.50 分" in out
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["raw"], data["max"], data["rescaled"], data["excluded"]) == (
        "89.06", "85.50", "96.00", True, "4.00")
    assert (data["leaves"], data["scored"], data["excluded_leaves"]) == (34, 34, 1)
    dim = next(n for n in data["nodes"] if n["code"] == "D")
    assert (dim["weight"], dim["max"], dim["score"], dim["rate"]) == (
        "27.00", "23.00", "21.00", "91.30")


def test_errors_are_one_line_from_a_real_process(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00" * 5000)
    proc = subprocess.run([sys.executable, "-m", "pfdesk", "score", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "pfdesk", "score"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "pfdesk --help" in proc.stderr


def test_new_from_template_and_templates_list(tmp_path, capsys):
    assert main(["templates"]) == 0
    listing = capsys.readouterr().out
    assert "national-2020" in listing and "department" in listing
    path = tmp_path / "n.sqlite"
    assert main(["new", str(path), "--template", "department", "--name", "某局部门整体支出"]) == 0
    with Project.open(path, readonly=True) as project:
        assert project.info.name == "某局部门整体支出"
        assert project.info.template_id == "department"
        assert project.indicators()
    assert main(["check", str(path)]) == 1          # every leaf still unscored
    assert "尚未评分" in capsys.readouterr().out
    assert main(["new", str(path)]) == 2            # never overwrites
    assert "已存在" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "x.sqlite"), "--template", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()


def test_usage_errors_in_plain_chinese(tmp_path, capsys):
    assert main(["score"]) == 2
    assert "缺少参数 project" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "missing" / "x.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "文件夹" in err and "不存在" in err
    seed004_project(tmp_path / "p.sqlite").close()
    assert main(["dump", str(tmp_path / "p.sqlite"), "-o", str(tmp_path / "no" / "d.json")]) == 2
    err = capsys.readouterr().err
    assert "找不到文件或文件夹" in err and ".tmp" not in err and "No such" not in err


def _raises(exc):
    def command(args):
        raise exc
    return command


GARBAGE = b"\xff\xfe\x00\x1b[31m\xe4\xb8garbage"


@pytest.mark.parametrize("exc, words", [
    (RecursionError("maximum recursion depth exceeded"), "嵌套过深"),
    (MemoryError(), "内存不足"),
    (sqlite3.DatabaseError("file is not a database"), "项目文件"),
    (sqlite3.OperationalError("database or disk is full"), "磁盘空间已满"),
    (sqlite3.OperationalError("malformed database schema (x\udcff\x1b[31m)"), "项目文件"),
    (UnicodeDecodeError("utf-8", GARBAGE, 0, 1, "invalid start byte"), "UTF-8"),
    (UnicodeEncodeError("gbk", "\u2265\ufffe", 0, 1, "illegal multibyte sequence"), "字符"),
    (zipfile.BadZipFile("Bad CRC-32 for file 'xl/worksheets/sheet1.xml'"), "已损坏"),
    (zlib.error("Error -3 while decompressing data: invalid distance too far back"), "已损坏"),
    (EOFError("Compressed file ended before the end-of-stream marker was reached"), "不完整"),
    (OSError(errno.EFBIG, "File too large", "/data/big.docx"), "文件太大：big.docx"),
    (OSError(errno.EIO, "Input/output error", "/data/x.sqlite"), "读写磁盘出错"),
    (OSError(errno.ENAMETOOLONG, "File name too long"), "文件名太长"),
    (OSError(9999, "Weird failure"), "系统错误"),
    (PermissionError(errno.EACCES, "Permission denied", "/data/.~pfdesk-1-2-3.tmp"), "没有访问权限"),
    (ValueError("some english words\nand a second line"), "意外错误"),
    (PfdeskError("第一行\n第二行\x1b[31m\udcff"), "第一行 第二行"),
])
def test_every_error_is_one_chinese_line(monkeypatch, capsys, tmp_path, exc, words):
    monkeypatch.setattr(cli_commands, "cmd_templates", _raises(exc))
    assert main(["templates"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.count("\n") == 1 and err.endswith("\n") and err.startswith("pfdesk：")
    assert words in err
    assert all(ch.isprintable() for ch in err.rstrip("\n"))
    for raw in ("Traceback", "codec", "CRC", "Error -3", "database", "Weird", "english",
                "garbage", "File too large", "Permission", "stream", "recursion", ".tmp"):
        assert raw not in err


def test_interrupt_is_one_line(monkeypatch, capsys):
    monkeypatch.setattr(cli_commands, "cmd_templates", _raises(KeyboardInterrupt()))
    assert main(["templates"]) == 130
    assert capsys.readouterr().err == "pfdesk：已中断。\n"


NOISY = """
import logging, sys, warnings
from pfdesk import cli, cli_commands
from pfdesk.errors import PfdeskError
def noisy(args):
    warnings.warn("an English warning from a library")
    logging.getLogger("pfdesk.somewhere").warning("an English log line")
    print("partial output")
    raise PfdeskError("出了问题")
cli_commands.cmd_templates = noisy
sys.exit(cli.main(["templates"]))
"""


def test_stderr_holds_only_the_one_line_from_a_real_process(tmp_path):
    proc = subprocess.run([sys.executable, "-c", NOISY], capture_output=True, text=True,
                          timeout=60, check=False, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr == "pfdesk：出了问题\n"


def test_output_the_terminal_cannot_encode_is_no_traceback(tmp_path):
    seed004_project(tmp_path / "p.sqlite").close()
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "pfdesk", "score", str(tmp_path / "p.sqlite")],
                          capture_output=True, timeout=60, check=False, cwd=ROOT, env=env)
    assert proc.returncode == 0 and proc.stderr == b""
    assert "总分 88.5（".encode() in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "pfdesk", "score", str(tmp_path / "no.sqlite")],
                          capture_output=True, timeout=60, check=False, cwd=ROOT, env=env)
    assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1
    assert b"Traceback" not in proc.stderr


def test_score_text_says_untouched_dimensions_are_not_scored(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project = seed004_project(path, scored=False)
    project.apply(commands.set_score(project, project.by_code("A11").id, "5"))
    project.close()
    main(["score", str(path)])
    lines = capsys.readouterr().out.splitlines()
    b = next(line for line in lines if line.startswith("B 过程"))
    a = next(line for line in lines if line.startswith("A 决策"))
    assert b.split()[-2:] == ["未评", "—"]          # nothing under B is scored: not 0 / 0.00%
    assert a.split()[-2:] == ["5", "25.00%"]         # 5 of 20


def _command_names() -> list[str]:
    from pfdesk.cli import build_parser

    return sorted(build_parser().get_default("command_names"))


@pytest.mark.parametrize("argv", [["--help"]] + [[name, "--help"] for name in _command_names()]
                         + [["survey", "summary", "--help"], ["survey", "import", "--help"]])
def test_help_is_in_chinese(argv, capsys):
    """Every command's help: argparse's own words (usage, headings, -h) are Chinese too."""
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：pfdesk")
    assert "-h, --help" in text and "显示本帮助并退出" in text
    for english in ("usage:", "positional arguments", "options:", "optional arguments",
                    "show this help message"):
        assert english not in text
    assert "{new," not in text and "{summary," not in text   # commands listed under 命令
