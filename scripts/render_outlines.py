"""Render the demo in other report outlines to PDF and PNG pages for review (issue 13).

    python scripts/render_outlines.py OUT_DIR [--res 60] [--docs]

The full report in the condensed five-part outline (``full-condensed``), and the demo recast as
a whole-department (部门整体) evaluation in the brief and full layouts (``brief-department``,
``full-department``; their default outline follows from the evaluated object). Converted with
LibreOffice and poppler as ``render_reports`` does, with the same font mapping. ``--docs``
copies one chosen page of each to docs/reports/<name>.png.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pfdesk import commands  # noqa: E402
from pfdesk.demo import build_demo  # noqa: E402
from pfdesk.reports import outline as outlines  # noqa: E402
from pfdesk.reports.export import export  # noqa: E402
from scripts.render_reports import font_env, render  # noqa: E402

# name -> (layout, department?, outline id applied or None, marker of the page kept)
RENDERS = {
    "full-condensed": ("full", False, "condensed", "其中：决策"),
    "brief-department": ("brief", True, None, "部门整体资金情况"),
    "full-department": ("full", True, None, "部门整体资金情况"),
}


def _projects(folder: Path) -> dict[bool, Path]:
    """The demo as it is, and as a 部门整体 evaluation of its unit."""
    plain = folder / "demo.pfdesk"
    build_demo(plain).close()
    department = folder / "department.pfdesk"
    project = build_demo(department)
    project.apply(commands.set_info(project, eval_object="部门整体",
                                    name=f"{project.info.eval_year}年度部门整体支出"))
    project.close()
    return {False: plain, True: department}


def body_page(pdf: Path, marker: str, count: int) -> int:
    """0-based index of the first page after the table of contents whose text holds ``marker``
    (else 0)."""
    import subprocess

    if shutil.which("pdftotext") is None:
        return 0
    for page in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=False).stdout
        text = "".join(text.split())
        if marker in text and "目录" not in text:
            return page - 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Export, convert and list the pages."""
    parser = argparse.ArgumentParser(description="把演示项目按其他报告提纲渲染为 PDF 和 PNG 页面")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--res", type=int, default=60, help="PNG 分辨率（dpi）")
    parser.add_argument("--docs", action="store_true", help="每份挑一页复制到 docs/reports/")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        projects = _projects(Path(tmp))
        env = font_env(Path(tmp))
        for name, (layout, department, ident, marker) in RENDERS.items():
            out = args.out_dir / f"{name}.docx"
            chosen = outlines.shipped()[ident] if ident else None
            with outlines.applied(chosen):
                export([projects[department]], layout, out)
            pages = render(out, args.out_dir, args.res, env)
            print(f"{name}: {out.name}, {len(pages)} 页")
            if args.docs and pages:
                index = body_page(args.out_dir / f"{name}.pdf", marker, len(pages))
                target = ROOT / "docs" / "reports" / f"{name}.png"
                shutil.copyfile(pages[index], target)
                print(f"  第 {index + 1} 页 → {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
