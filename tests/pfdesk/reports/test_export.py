"""export(): refusing bad targets, atomic saving, progress, warnings; the house style."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from pfdesk import commands
from pfdesk.errors import PfdeskError
from pfdesk.project import Project
from pfdesk.reports import ExportError, export
from pfdesk.reports.docx_style import StyleFileError
from tests.pfdesk.reports.docx_read import all_text, open_doc
from tests.pfdesk.reports.fixture_project import build_fixture


def test_refuses_to_overwrite_the_input(project_file: Path) -> None:
    odd = project_file.rename(project_file.with_suffix(".docx"))   # a project named *.docx
    before = odd.read_bytes()
    with pytest.raises(ExportError, match="不能与项目文件"):
        export([odd], "brief", odd.parent / "." / odd.name, charts=False)
    assert odd.read_bytes() == before


def test_refuses_unknown_layout_and_several_projects_in_full(
        tmp_path: Path, project_file: Path, second_file: Path) -> None:
    with pytest.raises(ExportError, match="没有名为 long 的报告格式"):
        export([project_file], "long", tmp_path / "a.docx")
    with pytest.raises(ExportError, match="一次只能导出一个项目"):
        export([project_file, second_file], "full", tmp_path / "a.docx")
    with pytest.raises(ExportError, match=r"\.docx"):
        export([project_file], "brief", tmp_path / "a.pdf")


def test_failed_save_leaves_no_half_file(tmp_path: Path, project_file: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous report")

    def broken_save(self, path):
        Path(path).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(OSError):
        export([project_file], "brief", out, charts=False)
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx", "seed004.sqlite"]


def test_progress_warnings_and_project_objects(tmp_path: Path) -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, department=""))
    steps: list[float] = []
    warned: list[str] = []
    result = export([project], "infosheet", tmp_path / "sheet.docx", charts=False,
                    progress=lambda f, m: steps.append(f), warn=warned.append)
    assert result.warnings == warned == ["封面信息未填写：主管部门"]
    assert steps[0] < steps[-1] == 1.0 and steps == sorted(steps)
    assert result.path.exists()


def test_input_opened_read_only_and_unchanged(tmp_path: Path, project_file: Path) -> None:
    before = project_file.read_bytes()
    export([project_file], "full", tmp_path / "r.docx", charts=False)
    assert project_file.read_bytes() == before
    Project.open(project_file).close()   # still a valid project


def _house_style(path: Path) -> Path:
    doc = docx.Document()
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    section.footer.paragraphs[0].text = "某某咨询有限公司 版权所有"
    doc.styles["Heading 1"].font.name = "微软雅黑"
    doc.styles["Heading 1"].element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "微软雅黑")
    title = doc.styles["Title"].element          # a template that never used 标题: KeyError path
    title.getparent().remove(title)
    doc.add_paragraph("模板里的示例正文")
    doc.save(str(path))
    return path


def test_house_style_keeps_margins_footer_and_styles(tmp_path: Path, project_file: Path) -> None:
    house = _house_style(tmp_path / "house.docx")
    out = tmp_path / "styled.docx"
    export([project_file], "full", out, style=house, charts=False)
    doc = open_doc(out)
    assert "模板里的示例正文" not in all_text(doc)
    body = doc.sections[-1]
    assert [round(m.mm) for m in (body.top_margin, body.left_margin)] == [25, 20]
    assert body.footer.paragraphs[0].text == "某某咨询有限公司 版权所有"
    assert doc.sections[0]._sectPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}footerReference") is None
    assert doc.styles["Heading 1"].font.name == "微软雅黑"
    assert doc.styles["Title"].font.size.pt == 22          # created with ours
    heading = next(p for p in doc.paragraphs if p.text == "一、基本情况")
    assert heading.style.name == "Heading 1"


def test_house_style_refusals(tmp_path: Path, project_file: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(StyleFileError, match="样式文件"):
        export([project_file], "brief", tmp_path / "o.docx", style=bad, charts=False)
    with pytest.raises(PfdeskError, match=r"另存为 \.docx"):
        export([project_file], "brief", tmp_path / "o.docx", style=tmp_path / "t.dotx")
    assert not (tmp_path / "o.docx").exists()


def test_text_with_control_characters_is_cleaned(tmp_path: Path) -> None:
    project = build_fixture()
    ind = project.by_code("A11")
    project.apply(commands.set_indicator(project, ind.id, name="立项依据\x0b充分性"))
    project.apply(commands.set_narrative(project, "background", "背景\x01说明"))
    out = tmp_path / "c.docx"
    export([project], "full", out, charts=False)
    assert "背景说明" in all_text(open_doc(out))
