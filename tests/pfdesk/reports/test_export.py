"""export(): refusing bad targets, atomic saving, progress, warnings; the house style."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from pfdesk import commands
from pfdesk.errors import PfdeskError
from pfdesk.project import Project
from pfdesk.reports import docx_style
from pfdesk.reports.docx_style import StyleFileError
from pfdesk.reports.export import ExportError, export
from tests.pfdesk.reports.checks_fixture import clean_fixture
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

    def broken_write(self, data):
        with open(self, "wb") as handle:
            handle.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", broken_write)
    with pytest.raises(OSError):
        export([project_file], "brief", out, charts=False)
    monkeypatch.undo()
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx", "seed004.sqlite"]


def test_failed_document_leaves_no_file(tmp_path: Path, project_file: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_save(self, target):
        raise ValueError("the document cannot be zipped")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(ValueError):
        export([project_file], "brief", tmp_path / "out.docx", charts=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed004.sqlite"]


def test_progress_warnings_and_project_objects(tmp_path: Path) -> None:
    project = clean_fixture()
    project.apply(commands.set_info(project, department=""))
    steps: list[float] = []
    warned: list[str] = []
    result = export([project], "infosheet", tmp_path / "sheet.docx", charts=False,
                    progress=lambda f, m: steps.append(f), warn=warned.append)
    assert result.warnings == warned == ["封面信息未填写：主管部门"]
    assert [c.kind for c in result.checks] == ["cover"]
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


def _rezip(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)
    return target


def _cut(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[:3000])
    return target


def _macro(name: str, data: bytes) -> bytes:
    if name != "[Content_Types].xml":
        return data
    return data.replace(b"wordprocessingml.document.main+xml",
                        b"ms-word.document.macroEnabled.main+xml")


@pytest.mark.parametrize("make, words", [
    (lambda tmp, ok: tmp / "missing.docx", "找不到样式文件 missing.docx"),
    (lambda tmp, ok: (tmp / "d.docx").mkdir() or tmp / "d.docx", "是一个文件夹"),
    (lambda tmp, ok: _cut(ok, tmp / "t.docx"), "已损坏或不是 Word 文档"),
    (lambda tmp, ok: _rezip(ok, tmp / "m.docx", _macro), "另存为 .docx"),
    (lambda tmp, ok: _rezip(ok, tmp / "n.docx",
                            lambda n, d: None if n == "word/styles.xml" else d),
     "已损坏或不是 Word 文档"),
])
def test_unusable_house_styles_are_worded_in_chinese(tmp_path: Path, project_file: Path,
                                                     make, words) -> None:
    ok = tmp_path / "ok.docx"
    docx.Document().save(str(ok))
    style = make(tmp_path, ok)
    with pytest.raises(StyleFileError) as caught:
        export([project_file], "brief", tmp_path / "o.docx", style=style, charts=False)
    message = str(caught.value)
    assert words in message
    plain = message.replace(style.name, "").replace("Word", "").replace(".docx", "")
    assert not re.search(r"[A-Za-z]{3,}", plain), message
    assert not (tmp_path / "o.docx").exists()


def test_house_style_that_unpacks_too_large_is_refused(tmp_path: Path, project_file: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    style = tmp_path / "big.docx"
    docx.Document().save(str(style))
    unpacked = sum(i.file_size for i in zipfile.ZipFile(style).infolist())
    monkeypatch.setattr(docx_style, "MAX_STYLE_BYTES", unpacked - 1)
    with pytest.raises(StyleFileError, match=r"样式文件 big\.docx 解压后太大"):
        export([project_file], "brief", tmp_path / "o.docx", style=style, charts=False)
    monkeypatch.setattr(docx_style, "MAX_STYLE_BYTES", unpacked)
    export([project_file], "brief", tmp_path / "o.docx", style=style, charts=False)
