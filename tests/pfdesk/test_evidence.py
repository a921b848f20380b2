"""Evidence files inside the project file: checked, stored once per content hash, verified on
reading, undone and redone with their rows, carried by dump/load and copied for merges."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from pfdesk import commands, dump, evidence
from pfdesk.errors import EditError, ImportError_, ProjectFileError
from pfdesk.model import Evidence, Indicator
from pfdesk.project import Project
from tests.seed004 import seed004_project

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = seed004_project(tmp_path / "p.pfdesk")
    yield proj
    proj.close()


def leaf(project: Project, code: str = "B12") -> Indicator:
    ind = project.by_code(code)
    assert ind is not None
    return ind


def blob_count(project: Project) -> int:
    return project.conn.execute("SELECT count(*) FROM evidence_blob").fetchone()[0]


def test_same_bytes_are_stored_once(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    first = write(tmp_path, "验收报告.pdf", PDF)
    second = write(tmp_path, "验收报告（复印件）.pdf", PDF)
    project.apply(evidence.attach(project, first, ind.id, note="竣工验收"))
    project.apply(evidence.attach(project, second, ind.id))
    rows = evidence.list_for(project, ind.id)
    assert [r.name for r in rows] == ["验收报告.pdf", "验收报告（复印件）.pdf"]
    assert rows[0].sort_key < rows[1].sort_key
    assert rows[0].hash == rows[1].hash == evidence.sha256(PDF)
    assert rows[0].size == len(PDF) and rows[0].note == "竣工验收"
    assert rows[0].indicator_id == ind.id and rows[0].deduction_id is None
    assert blob_count(project) == 1
    assert evidence.read_bytes(project, rows[0].hash) == PDF
    assert evidence.damaged(project) == []


def test_several_files_are_one_undo_step(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    paths = [write(tmp_path, "现场照片.png", PNG), write(tmp_path, "合同.docx", docx_bytes())]
    change = project.apply(evidence.attach_files(project, paths, ind.id))
    assert "2 份" in change.label and len(evidence.list_for(project, ind.id)) == 2
    project.undo()
    assert evidence.list_for(project, ind.id) == []
    assert blob_count(project) == 2            # the bytes stay: the log may bring the rows back
    project.redo()
    rows = evidence.list_for(project, ind.id)
    assert [r.name for r in rows] == ["现场照片.png", "合同.docx"]
    assert evidence.read_bytes(project, rows[1].hash) == docx_bytes()


def test_remove_and_undo(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(evidence.attach(project, write(tmp_path, "a.pdf", PDF), ind.id))
    row = evidence.list_for(project, ind.id)[0]
    change = project.apply(evidence.remove(project, row.id))
    assert "a.pdf" in change.label and evidence.list_for(project, ind.id) == []
    project.undo()
    again = evidence.list_for(project, ind.id)
    assert [r.id for r in again] == [row.id]
    assert evidence.read_bytes(project, again[0].hash) == PDF


def test_attaching_marks_a_reviewed_indicator_changed(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(commands.set_indicator(project, ind.id, prepared_by="甲", reviewed_by="乙"))
    project.apply(evidence.attach(project, write(tmp_path, "a.pdf", PDF), ind.id))
    assert project.indicator(ind.id).sign_off == "复核后已修改"


def test_deduction_evidence_and_removals(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(commands.add_deduction(project, ind.id, "1", "台账不全", ""))
    ded = project.deductions(ind.id)[0]
    project.apply(evidence.attach(project, write(tmp_path, "台账.xlsx", _xlsx()), ind.id, ded.id))
    row = evidence.list_for(project, ind.id)[0]
    assert row.deduction_id == ded.id and row.indicator_id == ind.id
    # Removing the deduction keeps its evidence on the indicator; undo ties it back.
    project.apply(commands.remove_deduction(project, ded.id))
    assert project.get("evidence", row.id).deduction_id is None  # type: ignore[attr-defined]
    project.undo()
    assert project.get("evidence", row.id).deduction_id == ded.id  # type: ignore[attr-defined]
    # Removing the indicator removes its evidence with it, and undo brings both back.
    project.apply(commands.remove_indicator(project, ind.id))
    assert project.rows(Evidence) == []
    project.undo()
    assert [r.id for r in project.rows(Evidence)] == [row.id]
    with pytest.raises(EditError, match="扣分项已不存在或不属于该指标"):
        evidence.attach(project, write(tmp_path, "b.pdf", PDF), leaf(project, "B11").id, ded.id)


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_size_limit_names_the_size_and_the_limit(project: Project, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(PDF + b"0" * (3 * 1024 * 1024))
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.attach(project, path, leaf(project).id)
    message = str(caught.value)
    assert "扫描件.pdf 有 3.0 MB" in message and "1.0 MB 的上限" in message
    assert "请压缩或拆分" in message
    assert blob_count(project) == 0 and project.rows(Evidence) == []


def test_the_real_limit_is_fifty_megabytes() -> None:
    assert evidence.MAX_BYTES == 50 * 1024 * 1024
    assert evidence.size_text(evidence.MAX_BYTES) == "50.0 MB"


@pytest.mark.parametrize(("name", "data", "words"), [
    ("脚本.exe", b"MZ\x90\x00", "文件类型（.exe）不能作为佐证材料添加"),
    ("说明", PDF, "（没有扩展名）"),
    ("伪装.pdf", b"MZ\x90\x00" + b"x" * 20, "内容不是 PDF 文件"),
    ("伪装.docx", PNG, "内容不是 Word 文件"),
    ("zip.docx", _xlsx(), "内容不是 Word 文件"),
    ("空.pdf", b"", "是空文件"),
])
def test_wrong_types_are_refused(project: Project, tmp_path: Path, name: str, data: bytes,
                                 words: str) -> None:
    with pytest.raises(evidence.EvidenceError, match=words):
        evidence.attach(project, write(tmp_path, name, data), leaf(project).id)
    assert blob_count(project) == 0


def test_missing_file_and_folder(project: Project, tmp_path: Path) -> None:
    with pytest.raises(evidence.EvidenceError, match=r"找不到文件 无\.pdf"):
        evidence.attach(project, tmp_path / "无.pdf", leaf(project).id)
    (tmp_path / "目录.pdf").mkdir()
    with pytest.raises(evidence.EvidenceError, match="不是一个普通文件"):
        evidence.attach(project, tmp_path / "目录.pdf", leaf(project).id)


def test_read_only_project_refuses_with_the_cores_words(tmp_path: Path) -> None:
    path = tmp_path / "p.pfdesk"
    seed004_project(path).close()
    with Project.open(path, readonly=True) as project, \
            pytest.raises(EditError, match=r"项目以只读方式打开.*请另存为一个新文件"):
        evidence.attach(project, write(tmp_path, "a.pdf", PDF), leaf(project).id)


def _tamper(path: Path, digest: str, data: bytes) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE evidence_blob SET data = ? WHERE hash = ?", (data, digest))
    conn.commit()
    conn.close()


def test_a_tampered_blob_is_refused_on_reading(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(evidence.attach(project, write(tmp_path, "a.pdf", PDF), ind.id))
    row = evidence.list_for(project, ind.id)[0]
    path = project.path
    project.close()
    assert path is not None
    # Same length, other bytes: the cheap checks on opening pass, reading refuses.
    _tamper(path, row.hash, PDF.replace(b"1.4", b"1.7"))
    with Project.open(path) as again:
        with pytest.raises(evidence.EvidenceError, match="内容已损坏（与记录的校验值不符）"):
            evidence.read_bytes(again, row.hash)
        with pytest.raises(evidence.EvidenceError, match=r"“a\.pdf”的内容已损坏"):
            evidence.export_to(again, row.id, tmp_path / "open")
        assert not (tmp_path / "open" / "a.pdf").exists()
        assert [e.id for e in evidence.damaged(again)] == [row.id]


def test_a_blob_of_another_length_is_refused_on_opening(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(evidence.attach(project, write(tmp_path, "a.pdf", PDF), ind.id))
    row = evidence.list_for(project, ind.id)[0]
    path = project.path
    project.close()
    assert path is not None
    _tamper(path, row.hash, PDF + b"extra")
    with pytest.raises(ProjectFileError, match="缺少内容或内容长度与记录不符"):
        Project.open(path)


def test_bad_hash_and_size_are_refused_on_opening(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(evidence.attach(project, write(tmp_path, "a.pdf", PDF), ind.id))
    path = project.path
    project.close()
    assert path is not None
    conn = sqlite3.connect(path)
    conn.execute("UPDATE evidence SET hash = 'XYZ', size = -1")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="校验值无效"):
        Project.open(path)


def test_export_writes_a_safe_name_and_reuses_it(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(evidence.attach(project, write(tmp_path, "a.pdf", PDF), ind.id))
    row = evidence.list_for(project, ind.id)[0]
    project.apply(commands.set_fields(project, "evidence", row.id, "改名",
                                      name='..\\..\\合同:第1页?.pdf'))
    target = evidence.export_to(project, row.id, tmp_path / "open")
    assert target == tmp_path / "open" / "合同_第1页_.pdf"
    assert target.read_bytes() == PDF
    assert evidence.export_to(project, row.id, tmp_path / "open") == target
    assert evidence.safe_name("CON.pdf", "ab" * 32) == "佐证材料-abababab.pdf"
    assert evidence.safe_name("...", "") == "佐证材料"


def test_dump_and_load_keep_the_bytes(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    paths = [write(tmp_path, "a.pdf", PDF), write(tmp_path, "b.png", PNG)]
    project.apply(evidence.attach_files(project, paths, ind.id, note="说明"))
    text = dump.dumps(project)
    assert '"blobs"' in text
    (tmp_path / "d.json").write_text(text, encoding="utf-8")
    with dump.load(tmp_path / "d.json", tmp_path / "back.pfdesk") as back:
        rows = evidence.list_for(back, back.by_code("B12").id)  # type: ignore[union-attr]
        assert [(r.name, r.note, r.size) for r in rows] == [("a.pdf", "说明", len(PDF)),
                                                              ("b.png", "说明", len(PNG))]
        assert evidence.read_bytes(back, rows[1].hash) == PNG
        assert dump.dumps(back) == text


def test_load_refuses_blobs_that_do_not_match(project: Project, tmp_path: Path) -> None:
    import json

    ind = leaf(project)
    project.apply(evidence.attach(project, write(tmp_path, "a.pdf", PDF), ind.id))
    data = dump.dump(project)
    digest = next(iter(data["blobs"]))
    cases = [
        ({digest: "AAAA"}, "与校验值不符"),
        ({digest: "不是base64"}, "不是有效的 base64"),
        ({}, "缺失或大小不符"),
        ({"abc": "AAAA"}, "无效的校验值"),
        ([], "blobs 应为对象"),
    ]
    for n, (blobs, words) in enumerate(cases):
        data["blobs"] = blobs
        source = tmp_path / f"bad{n}.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(ImportError_, match=words):
            dump.load(source, tmp_path / f"bad{n}.pfdesk")
        assert not (tmp_path / f"bad{n}.pfdesk").exists()


def test_copy_blobs_for_merges(project: Project, tmp_path: Path) -> None:
    ind = leaf(project)
    project.apply(evidence.attach_files(project, [write(tmp_path, "a.pdf", PDF),
                                                  write(tmp_path, "b.png", PNG)], ind.id))
    hashes = [e.hash for e in project.rows(Evidence)]
    with Project.create(tmp_path / "other.pfdesk") as other:
        source = project.conn
        assert evidence.copy_blobs(other, source, hashes) == 2
        assert evidence.copy_blobs(other, source, hashes) == 0     # already there
        assert evidence.read_bytes(other, evidence.sha256(PNG)) == PNG
        missing = "0" * 64
        with pytest.raises(evidence.EvidenceError, match="缺少佐证材料"):
            evidence.copy_blobs(other, source, [missing])
        with pytest.raises(evidence.EvidenceError, match="校验值无效"):
            evidence.copy_blobs(other, source, ["../x"])
    # A tampered blob in the copy refuses the whole copy: nothing is written.
    project.conn.execute("UPDATE evidence_blob SET data = ? WHERE hash = ?",
                         (PNG[:-1] + b"\x01", evidence.sha256(PNG)))
    project.conn.commit()
    with Project.create(tmp_path / "third.pfdesk") as third:
        with pytest.raises(evidence.EvidenceError, match="内容已损坏"):
            evidence.copy_blobs(third, project.conn, hashes)
        assert blob_count(third) == 0


def test_the_full_report_lists_evidence_by_name(project: Project, tmp_path: Path) -> None:
    from pfdesk.reports.common import no_charts
    from pfdesk.reports.data import ReportData
    from pfdesk.reports.export import build_document

    def evidence_rows() -> list[list[str]]:
        doc = build_document([ReportData.of(project)], "full", charts=no_charts)
        tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]  # type: ignore[attr-defined]
        found = [t for t in tables if t[0] == ["指标", "文件名", "说明"]]
        return found[0] if found else []

    assert evidence_rows() == []            # no evidence: no table
    b12, a11 = leaf(project), leaf(project, "A11")
    project.apply(evidence.attach_files(project, [write(tmp_path, "验收报告.pdf", PDF),
                                                  write(tmp_path, "照片.png", PNG)], b12.id,
                                        note="现场核查"))
    project.apply(evidence.attach(project, write(tmp_path, "批复.pdf", PDF), a11.id))
    rows = evidence_rows()
    assert rows[1:] == [[f"{a11.code}{a11.name}", "批复.pdf", ""],
                        [f"{b12.code}{b12.name}", "验收报告.pdf", "现场核查"],
                        [f"{b12.code}{b12.name}", "照片.png", "现场核查"]]


def test_change_lines_name_the_file_not_its_hash() -> None:
    from pfdesk.change_text import change_lines

    def added(field: str, value: object) -> dict[str, object]:
        return {"code": "B12", "table": "evidence", "row": "e1", "op": "insert",
                "field": field, "before": None, "after": value}

    lines = change_lines([added("indicator_id", "id-b12"), added("deduction_id", "id-d1"),
                          added("name", "验收报告.pdf"), added("hash", "ab" * 32),
                          added("size", 1234), added("note", "竣工验收")], {"id-b12": "B12"})
    assert lines == ["新增 B12 的佐证材料：所属扣分 一项扣分，名称 验收报告.pdf，说明 竣工验收"]
