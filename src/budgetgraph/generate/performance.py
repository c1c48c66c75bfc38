"""Performance tables: 项目支出绩效目标表 (budgets) and 项目支出绩效自评表 (final accounts)."""

from __future__ import annotations

from budgetgraph.generate.budget_tables import Built
from budgetgraph.generate.model import FEN_PER_WAN, Project, Source
from budgetgraph.generate.tables import COLUMN_TOTAL, ROW_SUM, Cell, Constraint, Ref, Row, Table
from budgetgraph.records import TableKind


def _text_row(*texts: str, label: str = "") -> Row:
    return Row(tuple(Cell(t) for t in texts), label=label or texts[0])


def _indicator_rows(project: Project, final: bool) -> list[Row]:
    rows = []
    last = ("", "")
    for ind in project.indicators:
        l1 = "" if ind.level1 == last[0] else ind.level1
        l2 = "" if (ind.level1, ind.level2) == last else ind.level2
        last = (ind.level1, ind.level2)
        if final:
            rows.append(
                _text_row(
                    l1, l2, ind.name, ind.target, ind.actual, str(ind.weight), str(ind.score), label=ind.name
                )
            )
        else:
            rows.append(
                _text_row(
                    l1, l2, ind.name, ind.target, "计划标准", ind.prior, str(ind.weight), label=ind.name
                )
            )
    return rows


def target_table(key: str, project: Project, unit_name: str, year: int) -> Built:
    """项目支出绩效目标表 of one project; its funds split into 财政拨款 and 其他资金."""
    fiscal = project.amount if project.source is not Source.UNIT_FUNDS else 0
    rows = [
        _text_row("预算单位", unit_name, "", "", "", "", ""),
        _text_row("项目名称", project.name, "", "", "项目负责人", "", ""),
        Row(
            (
                Cell("项目资金（万元）"),
                Cell("年度预算总额："),
                Cell(amount=project.amount),
                Cell("其中：财政拨款"),
                Cell(amount=fiscal),
                Cell("其他资金："),
                Cell(amount=project.amount - fiscal),
            ),
            label="项目资金",
        ),
        _text_row("项目总体目标", project.goal, "", "", "", "", ""),
        _text_row(
            "一级指标", "二级指标", "三级指标", "指标值", "指标值设置依据", "上年完成值", "指标分值权重"
        ),
        *_indicator_rows(project, final=False),
    ]
    columns = ("项目", "", "", "", "", "", "")
    table = Table(
        key, TableKind.PERFORMANCE_TARGETS, f"项目支出绩效目标表（{year}年）", (), tuple(rows), columns
    )
    return table, [Constraint(ROW_SUM, Ref(key, 2, 2), (Ref(key, 2, 4), Ref(key, 2, 6)))]


def evaluation_table(key: str, project: Project, unit_name: str, year: int) -> Built:
    """项目支出绩效自评表 of one project: the year's budget against what was spent."""
    fiscal = project.source is not Source.UNIT_FUNDS
    budgeted, spent = project.budgeted, project.amount
    rate = spent / budgeted * 100 if budgeted else 0.0
    score = min(10.0, rate / 10)

    def money_row(label: str, b: int, s: int, tail: tuple[str, str, str]) -> Row:
        return Row(
            (Cell(label), Cell(amount=b), Cell(amount=b), Cell(amount=s), *(Cell(t) for t in tail)),
            label=label,
        )

    rows = [
        _text_row("项目名称", project.name, "", "", "", "", ""),
        _text_row("主管部门", unit_name, "", "", "实施单位", unit_name, ""),
        _text_row("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        money_row("年度资金总额", budgeted, spent, ("10", f"{rate:.2f}%", f"{score:.2f}")),
        money_row("其中：当年财政拨款", budgeted if fiscal else 0, spent if fiscal else 0, ("—", "", "—")),
        money_row("其他资金", 0 if fiscal else budgeted, 0 if fiscal else spent, ("—", "", "—")),
        _text_row("年度总体目标", project.goal, "", "", "", "", ""),
        _text_row("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        *_indicator_rows(project, final=True),
    ]
    columns = ("项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    table = Table(
        key, TableKind.PERFORMANCE_EVALUATION, f"项目支出绩效自评表（{year}年度）", (), tuple(rows), columns
    )
    cons = [Constraint(COLUMN_TOTAL, Ref(key, 3, c), (Ref(key, 4, c), Ref(key, 5, c))) for c in (1, 2, 3)]
    return table, cons


def wan_text(fen: int) -> str:
    return f"{fen / FEN_PER_WAN:.2f}"
