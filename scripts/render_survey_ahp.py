"""Render the full report's 满意度调查情况 and 层次分析法判断矩阵及权重 pages of the demo.

    nice python scripts/render_survey_ahp.py OUT_DIR [--res 60] [--docs]

The demo project (which holds its sample survey) with, for this render only, an AHP matrix on
B1 资金管理 (12 points): B11 资金到位率, B12 预算执行率 and B13 资金使用合规性 compared as
[[1, 1/2, 1/3], [2, 1, 1/2], [3, 2, 1]] and the points applied (2 / 3.5 / 6.5 at a step of 0.5).
Exported with charts in the full layout, converted with LibreOffice and poppler as
``render_reports`` does. ``--docs`` copies the page of each to docs/reports/survey.png and
docs/reports/ahp-appendix.png.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pfdesk import ahp, commands  # noqa: E402
from pfdesk.demo import build_demo  # noqa: E402
from pfdesk.reports.export import export  # noqa: E402
from scripts.render_outlines import body_page  # noqa: E402
from scripts.render_reports import font_env, render  # noqa: E402

MATRIX = [["1", "1/2", "1/3"], ["2", "1", "1/2"], ["3", "2", "1"]]
# docs name -> text on the page kept
PAGES = {"survey": "满意度调查情况", "ahp-appendix": "层次分析法判断矩阵及权重"}


def _demo(folder: Path) -> Path:
    path = folder / "demo.pfdesk"
    project = build_demo(path)
    b1 = next(ind for ind in project.walk() if ind.code == "B1")
    project.apply(commands.apply_ahp_weights(project, b1.id, comparison=ahp.comparison(MATRIX)))
    project.close()
    return path


def main(argv: list[str] | None = None) -> int:
    """Export, convert, and keep the two pages."""
    parser = argparse.ArgumentParser(description="渲染完整报告的满意度调查和层次分析法附件页面")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--res", type=int, default=60, help="PNG 分辨率（dpi）")
    parser.add_argument("--docs", action="store_true", help="把两页复制到 docs/reports/")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = _demo(Path(tmp))
        env = font_env(Path(tmp))
        out = args.out_dir / "demo-full-survey-ahp.docx"
        export([source], "full", out)
        pages = render(out, args.out_dir, args.res, env)
        print(f"{out.name}: {len(pages)} 页")
        for name, marker in PAGES.items():
            if not pages:
                break
            index = body_page(out.with_suffix(".pdf"), marker, len(pages))
            print(f"  {name}: 第 {index + 1} 页 {pages[index].name}")
            if args.docs:
                target = ROOT / "docs" / "reports" / f"{name}.png"
                shutil.copyfile(pages[index], target)
                print(f"    → {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
