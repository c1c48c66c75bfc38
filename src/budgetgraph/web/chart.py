"""A small SVG bar chart, drawn on the server: amounts by category, no scripts, no CDN."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from budgetgraph.queries import ResultTable

CATEGORY_COLUMNS = ("name", "projectName", "unitName", "code", "level3")
AMOUNT_COLUMNS = ("total", "amount", "totalExpenditure", "totalIncome", "basic", "project", "personnel")
MAX_BARS = 25


def chart_columns(table: ResultTable) -> tuple[str, str] | None:
    """(category column, amount column) when the table holds amounts by category, else None."""
    category = next((c for c in CATEGORY_COLUMNS if c in table.columns), None)
    amount = next((c for c in AMOUNT_COLUMNS if c in table.columns), None)
    if category is None or amount is None:
        return None
    index = table.columns.index(amount)
    if not any(
        isinstance(row[index], Decimal | int | float) and not isinstance(row[index], bool)
        for row in table.rows
    ):
        return None
    return category, amount


def bar_chart(table: ResultTable, title: str) -> Markup | None:
    """A horizontal bar chart of the largest ``MAX_BARS`` amounts, or None when nothing to draw."""
    columns = chart_columns(table)
    if columns is None:
        return None
    category, amount = columns
    ci, ai = table.columns.index(category), table.columns.index(amount)
    bars: list[tuple[str, Decimal]] = []
    for row in table.rows:
        value = row[ai]
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            label = str(row[ci]) if row[ci] is not None else "—"
            if "unitName" in table.columns and category != "unitName":
                unit = row[table.columns.index("unitName")]
                label = f"{label}（{unit}）" if unit and len(table.rows) > 1 else label
            bars.append((label, Decimal(str(value))))
    bars.sort(key=lambda b: b[1], reverse=True)
    bars = bars[:MAX_BARS]
    if not bars:
        return None
    largest = max((abs(v) for _, v in bars), default=Decimal(1)) or Decimal(1)
    label_width, bar_width, row_height = 320, 420, 22
    height = 40 + row_height * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{label_width + bar_width + 140}" height="{height}" '
        f"aria-label={quoteattr(title)}>",
        f'<text x="4" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(bars):
        y = 30 + i * row_height
        width = int(bar_width * abs(value) / largest)
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{max(width, 1)}" height="{row_height - 6}" '
            f'fill="{"#3b6ea5" if value >= 0 else "#b5473a"}"/>'
        )
        parts.append(
            f'<text x="{label_width + max(width, 1) + 4}" y="{y + 15}" font-size="12">{value:,.2f}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
