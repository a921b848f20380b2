"""Render every report layout of the demo project to .docx, PDF and PNG pages for review.

    python scripts/render_reports.py OUT_DIR [--res 70] [--docs]

Uses ``pfdesk.demo.build_demo`` (or, where that is absent, the seed-004-like test fixture),
exports the five layouts with charts, converts them with LibreOffice
(``soffice --headless --convert-to pdf``) and poppler (``pdftoppm -png``) when installed.
Chinese fonts the documents name (黑体, 宋体, 仿宋, 楷体) are mapped to Noto CJK for the
rendering only, through a private fontconfig file, so headings look like headings.
``--docs`` also copies one chosen page per layout to docs/reports/<layout>.png.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pfdesk.reports.export import LAYOUTS, export  # noqa: E402

# The page of each layout kept in docs/reports/: the first page whose text holds the marker.
DOC_MARKERS = {"full": "各一级指标得分率雷达图", "brief": "评价结论", "feedback": "结果反馈书",
               "infosheet": "绩效评价结果信息表", "scoresheet": "绩效评价指标评分"}
SANS = ("黑体", "SimHei", "Microsoft YaHei", "微软雅黑")
SERIF = ("宋体", "SimSun", "仿宋", "FangSong", "仿宋_GB2312", "楷体", "KaiTi", "楷体_GB2312",
         "方正小标宋简体")
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""


def _alias(family: str, target: str) -> str:
    return (f"  <match target=\"pattern\"><test name=\"family\"><string>{family}</string></test>"
            f"<edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{target}</string>"
            "</edit></match>")


def font_env(folder: Path) -> dict[str, str]:
    """Environment for soffice with the Chinese font names mapped to Noto CJK."""
    aliases = [_alias(f, "Noto Sans CJK SC") for f in SANS]
    aliases += [_alias(f, "Noto Serif CJK SC") for f in SERIF]
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(aliases="\n".join(aliases)), encoding="utf-8")
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(conf)
    return env


def source_project(folder: Path) -> Path:
    """The demo project file (or the test fixture when there is no demo yet)."""
    path = folder / "demo.pfdesk"
    if importlib.util.find_spec("pfdesk.demo") is not None:
        from pfdesk.demo import build_demo
        build_demo(path).close()
        return path
    sys.path.insert(0, str(ROOT / "tests" / "pfdesk" / "reports"))
    from fixture_project import build_fixture
    build_fixture(path).close()
    return path


def render(docx_path: Path, out_dir: Path, res: int, env: dict[str, str]) -> list[Path]:
    """PDF through LibreOffice, then PNG pages through pdftoppm; the pages written."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("未安装 LibreOffice（soffice），只生成 .docx。")
        return []
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
                       check=True, env=env, capture_output=True, timeout=180)
    pdf = out_dir / f"{docx_path.stem}.pdf"
    if shutil.which("pdftoppm") is None:
        print("未安装 poppler（pdftoppm），只生成 PDF。")
        return []
    for old in out_dir.glob(f"{docx_path.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(res), str(pdf), str(out_dir / docx_path.stem)],
                   check=True, timeout=180)
    return sorted(out_dir.glob(f"{docx_path.stem}-*.png"))


def marker_page(pdf: Path, marker: str, count: int) -> int:
    """0-based index of the first page containing ``marker`` (pdftotext), else 0."""
    if shutil.which("pdftotext") is None:
        return 0
    for page in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=False).stdout
        if marker in text.replace(" ", ""):
            return page - 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Export, convert and list the pages."""
    parser = argparse.ArgumentParser(description="把演示项目的各种报告渲染为 PDF 和 PNG 页面")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--res", type=int, default=70, help="PNG 分辨率（dpi）")
    parser.add_argument("--docs", action="store_true", help="每种格式挑一页复制到 docs/reports/")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = source_project(Path(tmp))
        env = font_env(Path(tmp))
        for layout in LAYOUTS:
            out = args.out_dir / f"{layout}.docx"
            result = export([project], layout, out)
            for line in result.warnings:
                print(f"  警告：{line}")
            pages = render(out, args.out_dir, args.res, env)
            print(f"{layout}: {out.name}, {len(pages)} 页")
            if args.docs and pages:
                index = marker_page(args.out_dir / f"{layout}.pdf", DOC_MARKERS[layout],
                                    len(pages))
                target = ROOT / "docs" / "reports" / f"{layout}.png"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pages[index], target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
