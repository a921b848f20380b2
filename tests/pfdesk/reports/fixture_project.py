"""A project shaped like seed 004 (上城区基层治理综合信息指挥中心建设项目), built through the core API.

Weights and scores are the seed's: 决策 17/20, 过程 23.5/29, 产出 24/24, 效益 24/27, so the
engine must give 88.5 and 良. Used by the report tests and, until a demo project exists, by
scripts/render_reports.py.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D
from pathlib import Path

from pfdesk import commands, order
from pfdesk.edits import Edit
from pfdesk.model import Evaluator, Finding, FundingItem, FundingSource, ProjectInfo, Target, new_id
from pfdesk.project import Project
from pfdesk.tree import DeductionSpec, IndicatorSpec, insert_ops

NAME = "2020年度上城区基层治理综合信息指挥中心建设项目"
SECOND = "2021年度上城区视频会议系统运维项目"   # a second project for multi-project layouts
KEYS = order.spread(6)   # ordering keys of the list rows, first to last
SIGNED_AT = "2021-03-20T09:00:00.000Z"

# (code, name, weight, score or deductions, analysis)
TREE = [
    ("A", "决策", 20, [
        ("A1", "项目立项", 8, [
            ("A11", "立项依据充分性", 5, 5,
             "项目立项依据充分，符合法律法规、相关政策、发展规划以及部门职责。"),
            ("A12", "立项程序规范性", 3, 3, "项目按照规定的程序申请设立，事前经过必要的论证和集体决策。"),
        ]),
        ("A2", "绩效目标", 8, [
            ("A21", "绩效目标合理性", 4, [("1", "以项目总体目标作为年度绩效目标，与年度实际工作内容不符")],
             "项目以总体目标作为年度绩效目标，与2020年实际工作内容不符。"),
            ("A22", "绩效指标明确性", 4, [("2", "未设置预期效益目标，满意度指标未设定具体目标值")],
             "未设置一致匹配、目标明确的绩效指标，满意度指标未设定具体目标值。"),
        ]),
        ("A3", "资金投入", 4, [
            ("A31", "预算编制科学性", 2, 2, "预算内容与项目内容匹配，测算依据充分。"),
            ("A32", "资金分配合理性", 2, 2, "预算资金分配合理，与项目单位实际情况相符。"),
        ]),
    ]),
    ("B", "过程", 29, [
        ("B1", "组织实施", 13, [
            ("B11", "管理制度健全性", 3, [("1", "未根据项目具体情况制定组织管理办法")],
             "业务制度合法、合规、完整，但未根据项目具体情况制定组织管理办法。"),
            ("B12", "制度执行有效性", 4, [("1", "功能性测试报告缺少主办单位签章"),
                                         ("1", "项目延期120天，实际工期与计划工期差距较大")],
             "验收资料中功能性测试报告缺少主办单位签章；项目申请延期120天。"),
            ("B13", "采购程序合规性", 2, 2, "采购方式经过授权批准，采购代理程序合规。"),
            ("B14", "运转程序规范性", 2, 2, "项目按照部门项目管理办法执行，手续完备。"),
            ("B15", "绩效自评合理性", 2, [("1.5", "自评内容未涉及绩效指标与标准，缺少佐证依据")],
             "自评内容未涉及绩效指标与标准，缺少项目成效和问题分析。"),
        ]),
        ("B2", "资金管理", 16, [
            ("B21", "财务制度健全性", 2, 2, "项目财务管理参照部门财务管理制度实施。"),
            ("B22", "资金使用合规性", 5, 5, "资金使用符合财务管理制度规定，拨付审批手续完整。"),
            ("B23", "财务监控有效性", 2, 2, "资金拨付流程严格遵照相关规定，支付审批材料齐全。"),
            ("B24", "资金到位率", 2, 2, "预算批复170.86万元，全部按时到位，资金到位率100%。"),
            ("B25", "资金支付及时性", 2, [("1", "设计费尾款支付晚于合同约定")],
             "设计合同约定竣工验收七日内付清，实际尾款支付晚于合同约定。"),
            ("B26", "预算执行率", 3, 3, "实际支出168.91万元，预算执行率98.86%。"),
        ]),
    ]),
    ("C", "产出", 24, [
        ("C1", "数量指标", 9, [
            ("C11", "指挥中心建设面积", 3, 3, "完成建设合计329平方米，达到绩效目标预期。"),
            ("C12", "大屏建设面积", 3, 3, "完成29.16平方米LED大屏系统建设。"),
            ("C13", "建成系统数", 3, 3, "完成原系统迁移和9项新建硬件支撑系统建设。"),
        ]),
        ("C2", "质量指标", 9, [
            ("C21", "验收合格率", 3, 3, "建设内容全部验收合格，验收合格率100%。"),
            ("C22", "技术规格相符率", 2, 2, "设备规格与合同标准相符。"),
            ("C23", "设计方案相符率", 2, 2, "工程变更内容与设计方案一致。"),
            ("C24", "成本节约率", 2, 2, "成本节约率0.97%。"),
        ]),
        ("C3", "时效指标", 6, [
            ("C31", "项目完成及时性", 3, 3, "延期流程齐全、审核规范，符合合同相关规定。"),
            ("C32", "问题整改及时率", 3, 3, "试运行期间记录的问题均及时整改。"),
        ]),
    ]),
    ("D", "效益", 27, [
        ("D1", "社会效益", 18, [
            ("D11", "原平台迁移完成率", 2, 2, "完成5项迁移工作，原平台迁移率100%。"),
            ("D12", "视频会议系统正常运行率", 3, 3, "视频会议系统正常运行率100%。"),
            ("D13", "可视化软件正常运行率", 3, 3, "可视化软件功能齐全、运行稳定。"),
            ("D14", "业务网络接入率", 3, 3, "接入不同业务用途网络10余条。"),
            ("D15", "数据接入率", 3, 3, "完成各类标准数据的接入，数据接入率100%。"),
            ("D16", "应急联动能力提升情况", 4, [("1", "效益目标缺乏可量化的数据支撑")],
             "提高了区街两级应急联动能力，但缺乏可量化的数据支撑。"),
        ]),
        ("D2", "项目可持续影响", 6, [
            ("D21", "责任移交制度健全性", 3, 3, "移交协议签订规范，职责界定清晰。"),
            ("D22", "长效机制建立健全性", 3, [("2", "未制定长效管理机制，未建立考评制度")],
             "未制定相应长效管理机制，对后续管理工作缺乏规范。"),
        ]),
        ("D3", "满意度", 3, [
            ("D31", "服务对象满意度", 3, 3, "使用对象满意度达到100%。"),
        ]),
    ]),
]


def _spec(node: tuple) -> IndicatorSpec:
    code, name, weight, rest, *extra = node
    spec = IndicatorSpec(code=code, name=name, weight=D(weight))
    if isinstance(rest, list) and rest and isinstance(rest[0], tuple) and len(rest[0]) > 2:
        spec.children = [_spec(child) for child in rest]
        return spec
    spec.analysis = extra[0] if extra else ""
    spec.status = "已评"
    if isinstance(rest, list):
        spec.method = "deduction"
        spec.deductions = [DeductionSpec(D(p), reason) for p, reason in rest]
    else:
        spec.score = D(rest)
    return spec


INFO = ProjectInfo(
    name=NAME, unit="上城区数据资源管理局", department="上城区数据资源管理局",
    commissioner="上城区财政局", evaluator_org="江苏建圆建方工程管理咨询有限公司",
    eval_type="事后", eval_mode="财政评价", eval_year="2020", eval_period="2021年11月—12月",
    report_date="2021年12月8日", doc_number="2021-2（上财〔2021〕45号）",
    manager="王明", phone="0571-86000000", address="杭州市上城区解放东路1号",
    overall_goal="建设上城区社会治理综合服务中心，完成原系统迁移和治理中心硬件支撑系统建设。",
    annual_goal="完成项目建设内容的调试、试运行；完成项目结算审计；支付第三批项目建设、监理等费用。",
    budget=D("170.86"), received=D("170.86"), spent=D("168.91"))

NARRATIVES = {
    "background": "为推进治理体系和治理能力现代化，将“最多跑一次”经验从民生福祉向社会治理领域推进。",
    "basis": "《杭州市江干区人民政府专题会议纪要》（〔2019〕12号）。",
    "purpose": "评价项目绩效目标是否符合相关政策，预算是否合理，资金使用是否规范。",
    "methods": "运用文献法、对比分析法、综合分析法、成本效益分析法、公众评判法等方法。",
    "conclusion": "项目完成情况良好，提升了区街两级应急联动能力。",
}


def _rows() -> list:
    rows: list = [
        FundingSource(sort_key=KEYS[0], source="市县", budget=D("170.86"), received=D("170.86"),
                      spent=D("168.91")),
        FundingItem(sort_key=KEYS[0], name="基层治理综合指挥中心建设项目", contractor="华数传媒网络有限公司",
                    total_budget=D("803"), bid_price=D("800"), audited_price=D("798.46"),
                    paid_total=D("640"), paid_this_year=D("158.46"), remark="符合合同付款规定"),
        FundingItem(sort_key=KEYS[1], name="项目监理", contractor="杭州众诚咨询监理有限公司",
                    total_budget=D("24.09"), bid_price=D("23.60"), paid_total=D("18.88"),
                    paid_this_year=D("4.72")),
        Target(sort_key=KEYS[0], level1="产出指标", level2="数量指标", level3="指挥中心建设面积",
               target_text="≥300平方米", comparator="≥", number=D(300), unit="平方米",
               actual_value="329平方米", std_excellent="≥300平方米", std_good="≥270平方米",
               std_fair="≥240平方米", std_poor="<240平方米"),
        Target(sort_key=KEYS[1], level1="产出指标", level2="质量指标", level3="验收合格率",
               target_text="=100%", comparator="=", number=D(100), unit="%",
               actual_value="100%", std_excellent="100%", std_good="≥95%", std_fair="≥90%",
               std_poor="<90%"),
        Target(sort_key=KEYS[2], level1="效益指标", level2="社会效益", level3="应急联动能力",
               target_text="明显提升", actual_value="有所提升", deviation_reason="缺少量化数据",
               std_excellent="明显提升", std_good="有所提升", std_fair="略有提升",
               std_poor="未提升"),
        Evaluator(sort_key=KEYS[0], name="张华", title="高级工程师", org="江苏建圆建方工程管理咨询有限公司",
                  role="组长"),
        Evaluator(sort_key=KEYS[1], name="李静", title="注册会计师", org="江苏建圆建方工程管理咨询有限公司",
                  role="成员"),
    ]
    problem = Finding(sort_key=KEYS[1], kind="问题", text="项目年初绩效目标申报情况不明。",
                      cause="以项目总体目标作为年度绩效目标。")
    rows += [
        Finding(sort_key=KEYS[0], kind="成效", text="实现了对区内各项资源和系统的综合调度及展示。"),
        Finding(sort_key=KEYS[0], kind="经验做法", text="明确责任落实，提供组织保障。"),
        problem,
        Finding(sort_key=KEYS[2], kind="问题", text="项目实施过程中业务制度执行不到位。",
                cause="验收资料缺少签章，项目延期。"),
        Finding(sort_key=KEYS[3], kind="建议", text="提高绩效目标编制水平。", problem_id=problem.id),
        Finding(sort_key=KEYS[4], kind="建议", text="加强项目实施规范管理。"),
        Finding(sort_key=KEYS[5], kind="整改情况", text="已修订年度绩效目标申报表。"),
    ]
    return rows


def build_fixture(path: str | Path | None = None, name: str = NAME) -> Project:
    """The seed-004-like project (in memory unless a path is given)."""
    from pfdesk.edits import Insert

    project = Project.create(path, dataclasses.replace(INFO, id=new_id(), name=name))
    project.apply(Edit("指标", insert_ops([_spec(node) for node in TREE])))
    project.apply(Edit("表格", [Insert(row) for row in _rows()]))
    for key, text in NARRATIVES.items():
        project.apply(commands.set_narrative(project, key, text))
    _sign_off(project)
    return project


def _sign_off(project: Project) -> None:
    """Every leaf prepared by the team leader and reviewed by the second member (as in the seed)."""
    from pfdesk.edits import Update

    signed = {"prepared_by": "张华", "prepared_at": SIGNED_AT,
              "reviewed_by": "李静", "reviewed_at": SIGNED_AT}
    project.apply(Edit("签字", [Update("indicator", ind.id, signed) for ind in project.walk()
                                if not project.children(ind.id)]))
