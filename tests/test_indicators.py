"""Performance tables of the five seeds, from the text renderings and from the PDFs: every table, its
project link and funds, and every indicator row (一级 / 二级 / 三级, target as printed, weight).

The expected rows are read off the documents' 项目支出绩效目标表 / 绩效自评表 / 整体绩效目标表.
Seed 003 prints its tables as wrapped text without column positions (text and PDF alike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetgraph.indicator_rows import Role, align, header_roles, parse_target
from budgetgraph.indicators import performance_tables
from budgetgraph.iris import Minter
from budgetgraph.narrative_records import Operator
from budgetgraph.normalize import compact
from budgetgraph.output import graph_quads
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.project_match import match_project, similarity, similarity_at_most
from budgetgraph.queries import load_query, run_query
from budgetgraph.records import Extraction, RawRow, RawTable, SourceLocation, TableKind, TextLine
from conftest import seed_pdf, seed_text

Row = tuple[str, str, str, str, str | None]


@dataclass(frozen=True)
class Sheet:
    kind: str
    project_name: str | None  # as the table prints it
    project: str | None  # the document's project it is linked to
    total: str | None
    rows: tuple[Row, ...]


EXPECTED: dict[str, tuple[Sheet, ...]] = {
    "000": (
    Sheet('PERFORMANCE_TARGETS', '2023年稽核费', '2023年稽核费', '12.65', (
        ('产出指标', '数量指标', '异地费用检查频次', '<=3次', '10'),
        ('产出指标', '质量指标', '定点医药机构检查覆盖率', '>=95%', '15'),
        ('产出指标', '质量指标', '异地稽核准确率', '>=95%', '15'),
        ('产出指标', '时效指标', '年度检查任务按时完成率', '>=95%', '10'),
        ('效益指标', '社会效益指标', '检查结果公开率', '>=95%', '15'),
        ('效益指标', '社会效益指标', '加大对医疗费用真实性进行核实,保障医保基金安全', '有效保障',
         '15'),
        ('满意度指标', '满意度指标', '检查人员被投诉次数', '1次', '10'),
    )),
    Sheet('PERFORMANCE_TARGETS', '2023年全民参保补助资金', '2023年全民参保补助资金', '30.51', (
        ('产出指标', '数量指标', '基本医疗保险参保人数', '>=250万人', '5'),
        ('产出指标', '数量指标', '生育保险参保人数', '>=90万人', '5'),
        ('产出指标', '数量指标', '基本医疗保险参保率', '>=95%', '5'),
        ('产出指标', '数量指标', '媒体宣传数量', '=1个', '10'),
        ('产出指标', '质量指标', '重复参保人数', '=0人', '5'),
        ('产出指标', '质量指标', '虚报参保人数', '=0人', '5'),
        ('产出指标', '质量指标', '印刷品合格率', '>=95%', '10'),
        ('产出指标', '时效指标', '按时报送各项社会保险基金季报数据及分析', '每季度结束后的,15日内', '5'),
        ('效益指标', '社会效益指标', '医保政策知晓率', '有所提升', '30'),
        ('满意度指标', '满意度指标', '参保群众满意度', '>=70%', '10'),
    )),
    Sheet('PERFORMANCE_TARGETS', '2023年综合业务费', '2023年综合业务费', '105.16', (
        ('产出指标', '数量指标', '聘用临聘人员人数', '=5人', '5'),
        ('产出指标', '数量指标', '医保骨干网项目', '=1项', '10'),
        ('产出指标', '数量指标', 'OCR识别辅助医保零星报销维护项目', '=1项', '5'),
        ('产出指标', '质量指标', '印刷质量合格率', '>=95%', '5'),
        ('产出指标', '质量指标', '医保网络覆盖率', '>=95%', '10'),
        ('产出指标', '质量指标', '系统验收合格率', '>=95%', '5'),
        ('产出指标', '时效指标', '经费支付及时率', '>=95%', '10'),
        ('效益指标', '社会效益指标', '保证经办业务正常运行', '基本保证', '40'),
    )),
    Sheet('PERFORMANCE_TARGETS', '困难人群参加居民长护保险缴费补助', '困难人群参加居民长期护理保险缴费补助',
          '51.00', (
        ('产出指标', '数量指标', '资助参保人数', '>=1.20万人', '10'),
        ('产出指标', '质量指标', '全日制居家护理补偿率', '>=50%', '10'),
        ('产出指标', '质量指标', '全日制定点机构护理补偿率', '>=45%', '10'),
        ('产出指标', '时效指标', '护理服务费结算情况', '按月结算', '10'),
        ('成本指标', '经济成本指标', '资助参保缴费标准', '<=40元/人', '20'),
        ('效益指标', '社会效益指标', '失能困难居民得到基本护理程度', '明显提高', '20'),
        ('满意度指标', '满意度指标', '参保对象满意度', '>=80%', '10'),
    )),
    ),
    "001": (
    Sheet('PERFORMANCE_EVALUATION', None, None, '46.26', (
        ('履职效能', '数量指标', '医保电子凭证激活率', '>=75%', '20'),
        ('履职效能', '数量指标', '医疗机构专项巡查个数', '>=1个', '20'),
        ('履职效能', '质量指标', '全民参保率', '>=95%', '30'),
        ('履职效能', '质量指标', '移动支付结算率', '>=25%', '20'),
    )),
    Sheet('PERFORMANCE_EVALUATION', '医疗保障宣传及系统运行经费', None, '0.25', (
        ('产出指标', '数量指标', '宣传次数(次)', '>2次', '20'),
        ('产出指标', '质量指标', '宣传覆盖率', '>=90%', '10'),
        ('产出指标', '时效指标', '资金到位及时率(%)', '>=100%', '10'),
        ('成本指标', '经济成本指标', '材料价格', '>=2000元', '20'),
        ('效益指标', '经济效益指标', '政策知晓有效时间', '=1年', '10'),
        ('效益指标', '社会效益指标', '提高群众知晓情况', '有效提高', '10'),
        ('满意度指标', '满意度指标', '群众满意度', '>=95%', '10'),
    )),
    Sheet('PERFORMANCE_EVALUATION', '城乡居民医疗保险财政补贴', None, '64.20', (
        ('产出指标', '数量指标', '补贴人数', '≥1700人', '20'),
        ('产出指标', '质量指标', '保险有效率', '≥99%', '10'),
        ('产出指标', '时效指标', '补贴到位时间', '≤1月', '10'),
        ('成本指标', '经济成本指标', '人均补贴标准', '≥300元', '20'),
        ('效益指标', '经济效益指标', '保险时长', '=1年', '10'),
        ('效益指标', '社会效益指标', '有效降低居民脱贫情况', '有效降低', '10'),
        ('满意度指标', '满意度指标', '居民满意度', '≥95%', '10'),
    )),
    ),
    "002": (
    Sheet('PERFORMANCE_TARGETS', None, None, '1204.71', (
        ('履职效能', '数量指标', '全覆盖监管定点医疗机构', '≥11家', '18'),
        ('履职效能', '数量指标', '全覆盖监管零售药店', '≥51家', '18'),
        ('履职效能', '数量指标', '医保民生工程政策', '≥3项', '18'),
        ('履职效能', '质量指标', '基本医疗保险参保率', '≥98%', '18'),
        ('履职效能', '质量指标', '困难群体动态参保率', '=100%', '18'),
    )),
    Sheet('PERFORMANCE_TARGETS', '2023年其他实有资金结余(其他资金户)', None, '10.26', (
        ('产出指标', '数量指标', '保障单位日常运转期限', '=12个月', '90'),
        ('产出指标', '数量指标', '日常维修维护期限', '=12个月', '0'),
        ('产出指标', '数量指标', '往来账户运转期限', '=12个月', '0'),
        ('产出指标', '质量指标', '工作质量达标率', '=100%', '0'),
        ('产出指标', '质量指标', '资金使用合规率', '=100%', '0'),
        ('产出指标', '时效指标', '项目结束时间', '2024年12月', '0'),
        ('效益指标', '社会效益指标', '保障单位日常运转', '有效保障', '0'),
        ('满意度指标', '满意度指标', '工作人员满意度', '>=95%', '0'),
    )),
    Sheet('PERFORMANCE_TARGETS', '医保专线网费', '医保专线网费', '0.61', (
        ('产出指标', '数量指标', '缴纳医保专线网络期限', '=12个月', '9'),
        ('产出指标', '数量指标', '医保专线数量', '>=1条', '9'),
        ('产出指标', '质量指标', '网络正常运行率', '=100%', '8'),
        ('产出指标', '质量指标', '网络故障率', '<=3%', '8'),
        ('产出指标', '时效指标', '故障修复响应时间', '<=2小时', '8'),
        ('产出指标', '时效指标', '项目完成时间', '2024年12月', '8'),
        ('效益指标', '社会效益指标', '确保参保群众享受医保待遇', '有效保障', '30'),
        ('满意度指标', '满意度指标', '参保群众满意度', '>=95%', '10'),
    )),
    Sheet('PERFORMANCE_TARGETS', '城居医疗地方财政补助', '城居医疗地方财政补助', '687.44', (
        ('产出指标', '数量指标', '医疗保险补助人数', '>=2291人', '10'),
        ('产出指标', '数量指标', '医疗保险保障期限', '=12个月', '10'),
        ('产出指标', '质量指标', '医疗保障覆盖率', '=100%', '10'),
        ('产出指标', '时效指标', '医疗保障及时率', '=100%', '10'),
        ('产出指标', '时效指标', '项目完成时间', '2024年12月', '10'),
        ('效益指标', '社会效益指标', '确保参保群众享受医保待遇', '效果显著', '30'),
        ('满意度指标', '满意度指标', '参保群众满意度', '>=90%', '10'),
    )),
    Sheet('PERFORMANCE_TARGETS', '离休人员医疗费用', '离休人员医疗费用', '12.00', (
        ('产出指标', '数量指标', '政策覆盖阿图什市离休老干部', '>=2人', '10'),
        ('产出指标', '质量指标', '资金发放准确率', '=100%', '10'),
        ('产出指标', '时效指标', '医保报销及时率', '=100%', '10'),
        ('产出指标', '时效指标', '项目完成时间', '2024年12月', '10'),
        ('成本指标', '经济成本指标', '医疗保障标准', '<=6万元/人', '20'),
        ('效益指标', '社会效益指标', '保障离休老干部健康', '有效保障', '20'),
        ('满意度指标', '满意度指标', '离休人员对保障政策满意度', '>=90%', '10'),
    )),
    ),
    "004": (
    Sheet('PERFORMANCE_TARGETS', '医保保障宣传及系统运行经费', '医疗保障宣传及系统运行经费', '1.49', (
        ('产出指标', '数量指标', '制作宣传横幅数量', '≥4条', None),
        ('产出指标', '数量指标', '印制宣传单数量', '≥90000张', None),
        ('产出指标', '数量指标', '开展宣传工作次数', '≥4次', None),
        ('产出指标', '数量指标', '保险经办业务数', '≥10000次', None),
        ('产出指标', '数量指标', '保险覆盖社区数', '≥3个', None),
        ('产出指标', '质量指标', '宣传制品合格率', '≥95%', None),
        ('产出指标', '质量指标', '宣传覆盖率', '≥95%', None),
        ('产出指标', '时效指标', '宣传工作完成及时率', '=100%', None),
        ('产出指标', '成本指标', '宣传横幅制作成本', '≤0.12万元', None),
        ('产出指标', '成本指标', '宣传单印制成本', '≤0.88万元', None),
        ('产出指标', '成本指标', '购买医保专网服务成本', '≤0.23万元', None),
        ('产出指标', '成本指标', '医保银行专户年费成本', '≤0.26万元', None),
        ('效益指标', '社会效益指标', '群众知晓率', '≥95%', None),
        ('效益指标', '社会效益指标', '提高医保工作效率', '提高', None),
        ('效益指标', '可持续影响指标', '医疗保险政策宣传影响持续周期', '长期', None),
        ('效益指标', '可持续影响指标', '保障医保基金运转', '保障', None),
        ('满意度指标', '满意度指标', '群众满意度', '≥95%', None),
        ('满意度指标', '满意度指标', '使用单位群众满意度', '≥95%', None),
    )),
    Sheet('PERFORMANCE_TARGETS', '城乡居民医疗保险及长护险补贴', '城乡居民医疗保险及长护险补贴', '71.15', (
        ('产出指标', '数量指标', '保险补贴人数', '≥1600人', None),
        ('产出指标', '数量指标', '保险覆盖社区数', '≥3个', None),
        ('产出指标', '质量指标', '丧失劳动人员补贴率', '≥90%', None),
        ('产出指标', '质量指标', '困难群体补贴率', '≥95%', None),
        ('产出指标', '质量指标', '补贴合规率', '≥95%', None),
        ('产出指标', '时效指标', '补贴工作完成及时率', '=100%', None),
        ('产出指标', '成本指标', '城乡居民长护险补贴成本', '≤2.1万元', None),
        ('产出指标', '成本指标', '长护险补贴成本', '≤69.05万元', None),
        ('效益指标', '社会效益指标', '城乡居民医疗保险政策知晓率', '≥95%', None),
        ('效益指标', '社会效益指标', '长护险政策知晓率', '≥90%', None),
        ('效益指标', '可持续影响指标', '有效降低群众经济负担', '有效降低', None),
        ('效益指标', '可持续影响指标', '有效降低丧失劳动人员经济负担', '有效降低', None),
        ('满意度指标', '满意度指标', '补贴人员满意度', '≥90%', None),
    )),
    Sheet('PERFORMANCE_TARGETS', '城乡居民医疗救助补贴', '城乡居民医疗救助补贴', '0.5', (
        ('产出指标', '数量指标', '保险补贴人数', '≥1人', None),
        ('产出指标', '数量指标', '保险覆盖社区数', '≥3个', None),
        ('产出指标', '质量指标', '困难群体补贴率', '≥95%', None),
        ('产出指标', '质量指标', '补贴合规率', '≥95%', None),
        ('产出指标', '时效指标', '城乡居民医疗救助补贴工作完成率', '=100%', None),
        ('产出指标', '时效指标', '补贴到位时间', '≤30天', None),
        ('产出指标', '成本指标', '预算控制率', '≤100%', None),
        ('效益指标', '社会效益指标', '城乡居民医疗救助政策', '≥90%', None),
        ('效益指标', '可持续影响指标', '有效降低困难群众经济负担', '有效降低', None),
        ('满意度指标', '满意度指标', '补贴人员满意度', '≥90%', None),
    )),
    ),
}  # fmt: skip


@cache
def extracted(stem: str, rendering: str) -> tuple[Extraction, ox.Store]:
    path: Path = seed_text(stem) if rendering == "text" else seed_pdf(stem)
    extraction, graph = extract_file(path, ExtractOptions())
    store = ox.Store()
    store.extend(graph_quads(Minter().graph_name(extraction.source.sha256), graph))
    return extraction, store


CASES = [
    pytest.param(stem, rendering, id=f"{stem}-{rendering}")
    for stem in EXPECTED
    for rendering in ("text", "pdf")
]


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_performance_tables(stem: str, rendering: str) -> None:
    extraction, _ = extracted(stem, rendering)
    got = tuple(
        Sheet(
            table.kind.name,
            table.project_name,
            table.project,
            str(table.total) if table.total is not None else None,
            tuple(
                (i.level1, i.level2, i.level3, i.target.text, str(i.weight) if i.weight is not None else None)
                for i in table.indicators
            ),
        )
        for table in extraction.performance
    )
    assert got == EXPECTED[stem]


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_indicators_query(stem: str, rendering: str) -> None:
    extraction, store = extracted(stem, rendering)
    rows = run_query(load_query("indicators"), store).rows
    expected = sorted(
        (sheet.project or sheet.project_name or "", row[2], row[3])
        for sheet in EXPECTED[stem]
        for row in sheet.rows
    )
    assert sorted((str(r[2]), str(r[5]), str(r[6])) for r in rows) == expected
    assert {r[0] for r in rows} == {extraction.info.unit_name}
    assert {r[1] for r in rows} == {extraction.info.year}


SEED003_TABLES = (
    (None, None, "2633.49", 3),
    ("2025年稽核费", "2025年稽核费", "24.05", 10),
    ("2025年中央财政医疗服务与保障能力提升补助资金",
     "乌财社【2024】208号关于提前下达2025年中央财政医疗服务与保障能力提升补助资金(医疗保障服务能力建设部分)预算的通知",
     "103.00", 7),
    ("2025年中央医疗服务与保障能力提升(中医药事业传承与发展部分)补助资金",
     "乌财社【2024】192号关于提前下达2025年中央医疗服务与保障能力提升(中医药事业传承与发展部分)补助资金",
     "50.00", 8),
    ("2025年自治区全民参保及医疗服务经费",
     "乌财社【2024】229号关于提前下达2025年自治区财政全民参保及医疗服务经费补助资金预算的通知", "44.00", 10),
    ("2025年综合业务费", "2025年综合业务费", "13.28", 7),
    ("2025年综合业务费", "2025年综合业务费", "57.39", 10),
    ("辅助履职人员支出", "辅助履职人员支出", "28.56", 5),
    ("困难人群长护险资助缴费", "困难人群长护险资助缴费", "48.00", 8),
    ("信息化运行维护经费", "信息化运行维护经费", "3.65", 7),
)  # fmt: skip
SEED003_ROWS = {
    "2025年稽核费": (
        ("产出指标", "数量指标", "异地费用检查频次", ">=5次", "10", "计划标准", "上年该项目未实施",
         "按照完成比例赋分", "工作资料"),
        ("产出指标", "数量指标", "租赁稽核用车企业数量", "=1家", "5", "计划标准", "上年该项目未实施",
         "按照完成比例赋分", "工作资料"),
        ("产出指标", "质量指标", "定点医疗机构检查覆盖率", ">=95%", "5", "计划标准", "上年该项目未实施",
         "直接赋分", "工作资料"),
        ("成本指标", "经济成本指标", "异地稽核费用", "<=10.27万元", "10", "计划标准", "上年该项目未实施",
         "按照完成比例赋分", "原始凭证"),
        ("效益指标", "社会效益指标", "加大对医疗费用真实性进行核实保障医保基金安全", "有效保障", "30",
         "自定义", "上年该项目未实施", "按评判等级赋分", "正式材料,工作资料"),
    ),
    "2025年自治区全民参保及医疗服务经费": (
        ("产出指标", "数量指标", "全民参保人数", ">=262万人", "10", "行业或国家标准", "无上年完成值",
         "按照完成比例赋分", "工作资料"),
        ("产出指标", "数量指标", "全民参保补助区(县、市)数量", "=8区(县、市)", "5", "行业或国家标准",
         "无上年完成值", "按照完成比例赋分", "工作资料"),
        ("满意度指标", "满意度指标", "医疗保险参保人员满意度", ">=95%", "10", "自定义", "无上年完成值",
         "满意度赋分", "工作资料"),
        # regression: "的 15" / "日内" are one wrapped target cell, not the name's end and the target
        ("产出指标", "时效指标", "按时报送各项社会保险基金季报数据及分析", "每季度结束后的15日内", "10",
         "自定义", "无上年完成值", "按评判等级赋分", "工作资料"),
    ),
    "2025年中央医疗服务与保障能力提升(中医药事业传承与发展部分)补助资金": (
        # regression: a date wrapped over "2025" / "年 12" / "月 31" / "日" stays one target
        ("产出指标", "时效指标", "项目完成时间", "2025年12月31日", "5", "计划标准", "无上年完成值",
         "直接赋分", "工作资料"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("rendering", ["text", "pdf"])
def test_seed003_wrapped_tables(rendering: str) -> None:
    """Seed 003 prints its tables as wrapped text without column positions (text and PDF alike)."""
    extraction, _ = extracted("003", rendering)
    tables = extraction.performance

    def bare(name: str | None) -> str | None:  # the PDF's project table misplaces a parenthesis
        return re.sub(r"[()]", "", name) if name else name

    got = [(t.project_name, bare(t.project), str(t.total), len(t.indicators)) for t in tables]
    expected = [(name, bare(project), total, count) for name, project, total, count in SEED003_TABLES]
    if rendering == "pdf":  # the PDF runs the last evidence cell into the next row: one row fewer
        expected[-1] = (*expected[-1][:3], 6)
    assert got == expected
    assert [t.responsible for t in tables][1:3] == ["袁先生", "潘先生"]
    for table in tables:
        rows = {
            (i.level1, i.level2, i.level3, i.target.text, str(i.weight), i.basis, i.last_year, i.scoring_rule,
             i.evidence)
            for i in table.indicators
        }  # fmt: skip
        for row in SEED003_ROWS.get(table.project_name or "", ()):
            assert row in rows


@pytest.mark.parametrize("rendering", ["text", "pdf"])
def test_seed003_unit_table(rendering: str) -> None:
    """The 部门整体绩效目标表: its first row runs on from the header's last line in the PDF."""
    extraction, _ = extracted("003", rendering)
    unit = extraction.performance[0]
    assert (unit.unit_name, unit.responsible, unit.phone) == ("乌鲁木齐市医疗保障局", "张女士", None)
    funds = (unit.total, unit.fiscal, unit.other)
    assert funds == (Decimal("2633.49"), Decimal("2211.11"), Decimal("422.38"))
    basis = "乌鲁木齐市2025年民生实事项目"
    assert [(i.level1, i.level2, i.level3, i.target.text, i.weight, i.basis) for i in unit.indicators] == [
        ("履职效能", "数量指标", "乡镇、村新建医保便民基层服务站(点)", ">=50个", Decimal("35"), basis),
        ("履职效能", "数量指标", "二、三级定点医疗机构设立医保便民服务站", ">=60家", Decimal("35"), basis),
        ("履职效能", "数量指标", "实现医保信息查询、异地就医备案登记等高频医保“帮办代办”服务", "=14项",
         Decimal("20"), basis),
    ]  # fmt: skip


def test_spellings_link_to_the_project_table() -> None:
    """医保保障… (performance table) is the 医疗保障… of the project table; 长护保险 is 长期护理保险."""
    extraction, _ = extracted("004", "text")
    linked = {t.project_name: t.project for t in extraction.performance}
    assert linked["医保保障宣传及系统运行经费"] == "医疗保障宣传及系统运行经费"
    extraction, _ = extracted("000", "pdf")
    linked = {t.project_name: t.project for t in extraction.performance}
    assert linked["困难人群参加居民长护保险缴费补助"] == "困难人群参加居民长期护理保险缴费补助"


def test_printed_twice_gives_one_set() -> None:
    text = seed_text("004").read_text(encoding="utf-8")
    assert text.count("项目名称</b>\t医保保障宣传及系统运行经费") == 2
    extraction, _ = extracted("004", "text")
    names = [t.project_name or "" for t in extraction.performance]
    assert sorted(names) == sorted(set(names)) and len(names) == 3


def test_funds_and_goal_of_a_self_evaluation() -> None:
    extraction, _ = extracted("001", "pdf")
    sheet = next(t for t in extraction.performance if t.project_name == "城乡居民医疗保险财政补贴")
    assert sheet.kind is TableKind.PERFORMANCE_EVALUATION
    assert (sheet.total, sheet.fiscal, sheet.other) == (Decimal("64.20"), Decimal("64.20"), Decimal("0.00"))
    assert (sheet.execution_rate, sheet.score) == (Decimal("100.00"), Decimal("10.00"))
    initial = [f.amount for f in sheet.funds if f.label == "年度资金总额" and f.column == "年初预算数"]
    assert initial == [Decimal("89.00")]
    assert sheet.goal is not None and sheet.goal.startswith("城乡居民医疗保险区级财政补贴")
    last = sheet.indicators[-2]
    assert (last.level3, last.actual, last.score) == ("有效降低居民脱贫情况", "有效减低", Decimal("10.00"))


def test_phone_numbers_are_withheld_unless_asked() -> None:
    layout_blocks = _blocks(
        [
            "单位整体绩效目标表",
            ["单位名称(盖章)", "某单位"],
            ["单位联系人", "张三", "联系电话:", "13800000000"],
            ["一级指标", "二级指标", "三级指标", "指标值", "指标设定依据", "分值权重"],
            ["履职效能", "数量指标", "监管机构数", "≥11家", "工作计划", "18"],
        ]
    )
    (hidden,) = performance_tables(layout_blocks)
    assert hidden.responsible == "张三" and hidden.phone is None
    (shown,) = performance_tables(layout_blocks, publish_phones=True)
    assert shown.phone == "13800000000"
    assert [(i.level3, i.target.operator, i.target.number, i.target.unit) for i in shown.indicators] == [
        ("监管机构数", Operator.GE, Decimal("11"), "家")
    ]


def _blocks(items: list[str | list[str]]) -> list[TextLine | RawTable]:
    blocks: list[TextLine | RawTable] = []
    for number, item in enumerate(items, start=1):
        location = SourceLocation(line=number)
        if isinstance(item, str):
            blocks.append(TextLine(item, location))
        else:
            blocks.append(RawTable((RawRow(tuple(item), location),), location))
    return blocks


@pytest.mark.parametrize(
    ("text", "operator", "number", "unit"),
    [
        (">=95%", Operator.GE, "95", "%"),
        ("≥1.20 万人", Operator.GE, "1.20", "万人"),
        ("<=40 元/人", Operator.LE, "40", "元/人"),
        ("=12 个月", Operator.EQ, "12", "个月"),
        (">2 次", Operator.GT, "2", "次"),
        ("<1 小时", Operator.LT, "1", "小时"),
        ("≤0.12万元", Operator.LE, "0.12", "万元"),
        ("1次", Operator.EQ, "1", "次"),
        ("有效保障", Operator.QUALITATIVE, None, None),
        ("2024 年 12 月", Operator.QUALITATIVE, None, None),
    ],
)
def test_parse_target(text: str, operator: Operator, number: str | None, unit: str | None) -> None:
    target = parse_target(text)
    assert (target.text, target.operator, target.unit) == (text, operator, unit)
    assert target.number == (Decimal(number) if number is not None else None)


def test_shifted_row_is_aligned_to_the_header() -> None:
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值设置依据",
        "上年完成值",
        "指标分值权重",
        "指标赋分规则",
        "佐证资料",
    ]
    roles = header_roles(header)
    row = [
        (2, "时效指标"),
        (3, "医疗保障及时率"),
        (4, "=100%"),
        (5, "计划标准"),
        (7, "10"),
        (8, "按照正常比例赋分"),
        (9, "工作资料"),
    ]
    got = {role: text for role, (_, text) in align(row, roles).items()}
    assert got == {
        Role.LEVEL2: "时效指标",
        Role.LEVEL3: "医疗保障及时率",
        Role.TARGET: "=100%",
        Role.BASIS: "计划标准",
        Role.WEIGHT: "10",
        Role.RULE: "按照正常比例赋分",
        Role.EVIDENCE: "工作资料",
    }


def test_project_names_match_across_spellings() -> None:
    projects = ["医疗保障宣传及系统运行经费", "城乡居民医疗救助补贴", "困难人群参加居民长期护理保险缴费补助"]
    assert match_project("医保保障宣传及系统运行经费", projects) == projects[0]
    assert match_project("困难人群参加居民长护保险缴费补助", projects) == projects[2]
    assert match_project("办公楼维修改造", projects) is None
    assert similarity("abc", "abc") == 1.0 and similarity("", "abc") == 0.0


RAW_ROWS = """项目支出绩效目标表
(2021年)
预算单位 某某局
项目名称 某某补助资金 项目负责人 张三
项目资金(万元) 年度预算总额: 12.65 其中:财政拨款 12.65 其他资金: 0
项目总体目标 完成某某工作。
一级指标 二级指标 三级指标 指标值 指标值设置依据 上年完成值 指标分值权重 指标赋分规则 佐证资料
产出指标 数量指标 异地费用检查频次 <=3次 自定义 10 按照正常比例赋分 工作资料,说明材料
质量指标 定点医药机构检查覆盖率 >=95% 自定义 95% 15 按照正常比例赋分 工作资料
项目支出绩效自评表
项目名称 某某补助资金
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
年度绩效指标完成情况 产出指标 数量指标 宣传次数 >2次 2次 20 20.00
满意度指标 满意度指标 群众满意度 >=95% 95% 10 9.00 宣传不够"""


def test_rows_printed_one_a_line_with_blank_cells_dropped() -> None:
    """A converter that lost the columns but kept one row a line: cells are aligned to the header."""
    lines = [TextLine(text, SourceLocation(line=n)) for n, text in enumerate(RAW_ROWS.splitlines(), start=1)]
    targets, evaluation = performance_tables(lines)
    assert (targets.project_name, targets.responsible, targets.total, targets.fiscal, targets.goal) == (
        "某某补助资金",
        "张三",
        Decimal("12.65"),
        Decimal("12.65"),
        "完成某某工作。",
    )
    rows = [
        (i.level1, i.level2, i.level3, i.target.text, i.weight, i.basis, i.last_year)
        for i in targets.indicators
    ]
    assert rows == [
        ("产出指标", "数量指标", "异地费用检查频次", "<=3次", Decimal("10"), "自定义", None),
        ("产出指标", "质量指标", "定点医药机构检查覆盖率", ">=95%", Decimal("15"), "自定义", "95%"),
    ]
    assert evaluation.kind is TableKind.PERFORMANCE_EVALUATION
    assert [(i.level3, i.actual, i.weight, i.score, i.deviation_reason) for i in evaluation.indicators] == [
        ("宣传次数", "2次", Decimal("20"), Decimal("20.00"), None),
        ("群众满意度", "95%", Decimal("10"), Decimal("9.00"), "宣传不够"),
    ]


_NAMES = st.text(alphabet="医疗保障长期护理保险项目经费2023年度信息化建设", max_size=24)


@settings(max_examples=300, deadline=None)
@given(_NAMES, st.lists(_NAMES, max_size=6))
def test_project_matching_prunes_only_names_that_cannot_win(name: str, projects: list[str]) -> None:
    """match_project skips a name whose upper bound cannot beat the best so far; the answer is the
    one comparing every name gives."""
    assert all(similarity_at_most(name, p) >= similarity(name, p) for p in projects)
    key = compact(name)
    best, score = None, 0.75
    for project in projects:
        candidate = compact(project)
        if candidate == key:
            best = project
            break
        if similarity(key, candidate) > score:
            best, score = project, similarity(key, candidate)
    assert match_project(name, projects) == best
