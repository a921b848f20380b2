"""The command line: score's stable JSON, check's exit codes, plain one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.project import Project
from tests.seed004 import seed004_project


def test_score_json_interface(tmp_path, capsys):
    seed004_project(tmp_path / "p.sqlite").close()
    assert main(["score", str(tmp_path / "p.sqlite"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"total", "max", "rate", "grade", "provisional_grade", "complete",
                         "unscored", "nodes", "problems"}
    assert (data["total"], data["max"], data["rate"]) == ("88.50", "100.00", "88.50")
    assert (data["grade"], data["provisional_grade"], data["complete"]) == ("良", "良", True)
    nodes = {n["code"]: n for n in data["nodes"]}
    assert nodes["B"] == {"code": "B", "name": "过程", "level": 1, "parent": None,
                          "weight": "29.00", "score": "23.50", "rate": "81.03"}
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
    assert "总分 88.50（满分 100.00），等级 良" in out
    assert "81.03%" in out


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
