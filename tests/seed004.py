"""Seed 004's indicator table (Hangzhou 上城区 指挥中心建设项目) as specs and as a project.

Weights and scores are copied from the seed's report text; the expected figures in the tests
(决策 17/20 85.00%, 过程 23.5/29 81.03%, 产出 24/24, 效益 24/27 88.89%, total 88.50 良) are worked
out by hand from them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pfdesk.edits import Edit
from pfdesk.model import ProjectInfo
from pfdesk.project import Project
from pfdesk.tree import IndicatorSpec, insert_ops

SEED004: list[tuple[str, str, list[tuple[str, str, list[tuple[str, str, str, str]]]]]] = [
    ("A", "决策", [
        ("A1", "项目立项", [("A11", "立项依据充分性", "5", "5"), ("A12", "立项程序规范性", "3", "3")]),
        ("A2", "绩效目标", [("A21", "绩效目标合理性", "4", "3"), ("A22", "绩效指标明确性", "4", "2")]),
        ("A3", "资金投入", [("A31", "预算编制科学性", "2", "2"), ("A32", "资金分配合理性", "2", "2")]),
    ]),
    ("B", "过程", [
        ("B1", "组织实施", [("B11", "管理制度健全性", "3", "2"), ("B12", "制度执行有效性", "4", "2"),
                        ("B13", "采购程序合规性", "2", "2"), ("B14", "运转程序规范性", "2", "2"),
                        ("B15", "绩效自评合理性", "2", "0.5")]),
        ("B2", "资金管理", [("B21", "财务制度健全性", "2", "2"), ("B22", "资金使用合规性", "5", "5"),
                        ("B23", "财务监控有效性", "2", "2"), ("B24", "资金到位率", "2", "2"),
                        ("B25", "资金支付及时性", "2", "1"), ("B26", "预算执行率", "3", "3")]),
    ]),
    ("C", "产出", [
        ("C1", "数量指标", [("C11", "指挥中心建设面积", "3", "3"), ("C12", "大屏建设面积", "3", "3"),
                        ("C13", "建成系统数", "3", "3")]),
        ("C2", "质量指标", [("C21", "验收合格率", "3", "3"), ("C22", "技术规格相符率", "2", "2"),
                        ("C23", "设计方案相符率", "2", "2"), ("C24", "成本节约率", "2", "2")]),
        ("C3", "时效指标", [("C31", "项目完成及时性", "3", "3"), ("C32", "问题整改及时率", "3", "3")]),
    ]),
    ("D", "效益", [
        ("D1", "社会效益", [("D11", "原平台迁移完成率", "2", "2"),
                        ("D12", "视频会议系统正常运行率", "3", "3"),
                        ("D13", "可视化软件正常运行率", "3", "3"), ("D14", "业务网络接入率", "3", "3"),
                        ("D15", "数据接入率", "3", "3"), ("D16", "应急联动能力提升情况", "4", "3")]),
        ("D2", "项目可持续影响", [("D21", "责任移交制度健全性", "3", "3"),
                            ("D22", "长效机制建立健全性", "3", "1")]),
        ("D3", "满意度", [("D31", "服务对象满意度", "3", "3")]),
    ]),
]
LEVEL1_WEIGHTS = {"A": "20", "B": "29", "C": "24", "D": "27"}


def seed004_specs(scored: bool = True) -> list[IndicatorSpec]:
    """The seed's tree; parents' weights are the seed's level-1 weights and level-2 sums."""
    out = []
    for code1, name1, level2 in SEED004:
        kids = []
        for code2, name2, leaves in level2:
            leaf_specs = [IndicatorSpec(code=c, name=n, weight=Decimal(w),
                                        score=Decimal(s) if scored else None,
                                        status="已评" if scored else "未评")
                          for c, n, w, s in leaves]
            weight2 = sum((Decimal(w) for _, _, w, _ in leaves), Decimal(0))
            kids.append(IndicatorSpec(code=code2, name=name2, weight=weight2, children=leaf_specs))
        out.append(IndicatorSpec(code=code1, name=name1, weight=Decimal(LEVEL1_WEIGHTS[code1]),
                                 children=kids))
    return out


def seed004_project(path: Path | None = None, scored: bool = True) -> Project:
    """A project holding seed 004's tree (in memory when ``path`` is None)."""
    info = ProjectInfo(name="上城区基层治理综合信息指挥中心建设项目", unit="上城区数据资源管理局",
                       department="上城区数据资源管理局", commissioner="上城区财政局",
                       evaluator_org="江苏建圆建方工程管理咨询有限公司", doc_number="上财〔2021〕45号")
    project = Project.create(path, info)
    project.apply(Edit("导入指标", insert_ops(seed004_specs(scored))))
    return project
