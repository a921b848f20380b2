"""The bundle's spec (installer/pfdesk.spec) takes what the program needs, checked without running
PyInstaller: the spec is executed with recording stand-ins for PyInstaller's build objects.

The bundle itself is built and self-tested by CI (`python3 dev.py bundle`, then
`dist/pfdesk/pfdesk --selftest`); that takes minutes, these checks a second.
"""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "pfdesk.spec"


def _walk(package: str) -> list[str]:
    module = importlib.import_module(package)
    return [package] + [name for _, name, _ in pkgutil.walk_packages(module.__path__, f"{package}.")]


def _run_spec(monkeypatch: pytest.MonkeyPatch, platform: str) -> dict[str, Any]:
    """Execute the spec; what it passed to Analysis, EXE and COLLECT."""
    seen: dict[str, Any] = {"exes": []}

    class Analysis:
        def __init__(self, scripts: list[str], **kw: Any) -> None:
            seen["scripts"], seen["analysis"] = scripts, kw
            self.pure, self.scripts, self.binaries, self.datas = [], [], [], []

    def exe(*_args: Any, **kw: Any) -> str:
        seen["exes"].append(kw)
        return str(kw["name"])

    def collect(*args: Any, **kw: Any) -> None:
        seen["collect"] = (args, kw)

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = _walk  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.delitem(sys.modules, "bundle_lists", raising=False)
    names = {"SPECPATH": str(INSTALLER), "Analysis": Analysis, "PYZ": lambda *a, **k: object(),
             "EXE": exe, "COLLECT": collect, "__name__": "__main__"}
    with monkeypatch.context() as patch:
        patch.setattr(sys, "platform", platform)
        patch.setattr(sys, "path", list(sys.path))
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), names)
    return seen


def _shipped() -> set[str]:
    """The data files of resources/ under version control (every file when git is absent)."""
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "resources"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.split()
    else:
        listed = [p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts]
    return {name for name in listed if not name.endswith(".py")}


def test_every_resource_file_lands_where_a_checkout_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    datas = _run_spec(monkeypatch, "linux")["analysis"]["datas"]
    placed = {f"{folder}/{Path(source).name}" for source, folder in datas}
    assert _shipped() - placed == set()
    assert "resources/templates/national-2020.json" in placed
    assert "resources/fonts/NotoSansSC-GB2312.otf" in placed
    for source, folder in datas:
        assert Path(source).resolve().parent == (ROOT / folder).resolve(), (source, folder)


def test_modules_loaded_by_name_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    from pfdesk.cli import COMMAND_MODULES
    from ui.workspace import AFTER, BEFORE

    hidden = set(_run_spec(monkeypatch, "linux")["analysis"]["hiddenimports"])
    by_name = [*COMMAND_MODULES, *(module for _key, module, *_ in BEFORE + AFTER),
               "pfdesk.reports.export", "pfdesk.reports.checks", "pfdesk.charts.draw",
               "pfdesk.selftest", "ui.selftest", "ui.import_excel", "resources"]
    assert set(by_name) - hidden == set()


def test_linux_has_one_console_program(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _run_spec(monkeypatch, "linux")
    assert [(e["name"], e["console"]) for e in seen["exes"]] == [("pfdesk", True)]
    args, kw = seen["collect"]
    assert kw["name"] == "pfdesk" and args[0] == "pfdesk"


def test_windows_has_a_windowed_and_a_console_program_in_one_folder(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _run_spec(monkeypatch, "win32")
    assert [(e["name"], e["console"]) for e in seen["exes"]] == [("pfdesk", False),
                                                                 ("pfdesk-cli", True)]
    for entry in seen["exes"]:
        assert Path(entry["icon"]).is_file() and entry["icon"].endswith(".ico")
    args, kw = seen["collect"]
    assert args[:2] == ("pfdesk", "pfdesk-cli") and kw["name"] == "pfdesk"


def test_no_tk_and_only_the_chart_backends_used(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = _run_spec(monkeypatch, "linux")["analysis"]
    assert {"tkinter", "_tkinter"} <= set(analysis["excludes"])
    assert analysis["hooksconfig"]["matplotlib"]["backends"] == ["Agg", "QtAgg"]
    assert Path(_run_spec(monkeypatch, "linux")["scripts"][0]).name == "entry.py"


def test_only_the_chinese_qt_catalogues_are_kept() -> None:
    sys.path.insert(0, str(INSTALLER))
    try:
        from bundle_lists import wanted_data
    finally:
        sys.path.remove(str(INSTALLER))
    assert wanted_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not wanted_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not wanted_data("PySide6/Qt/translations/qt_zh_TW.qm")
    assert wanted_data("resources/templates/national-2020.json")
    assert wanted_data("matplotlib/mpl-data/matplotlibrc")
