"""The funder report: anonymous counts per month and in total, with small groups hidden.

Nothing in it names or identifies a person; docs/funder-report.md explains the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from markupsafe import escape
from sqlalchemy import select

from ..extensions import db
from ..models import StatEvent
from ..stats import KINDS

SMALL_GROUP = 5
HIDDEN_TOTAL = "–"
REPORT_KINDS = KINDS


def shown(count: int, number: Callable[[int], str] = str) -> str:
    """A count as the report shows it: groups of one to four people are shown as '< 5'.

    ``number`` writes the others: plain digits for the CSV, Babel's format_number for the page ("1.600").
    """
    return f"< {SMALL_GROUP}" if 0 < count < SMALL_GROUP else number(count)


@dataclass
class Report:
    start: date
    end: date
    location_id: int | None
    months: list[date]
    per_month: dict[date, dict[str, int]]
    totals: dict[str, int]
    target: int
    target_reached: int  # activated in the funding period
    funding_start: date
    funding_end: date
    kinds: tuple[str, ...] = field(default=REPORT_KINDS)

    @property
    def target_percent(self) -> int:
        return min(100, round(100 * self.target_reached / self.target)) if self.target else 0

    @property
    def target_reached_gives_away(self) -> bool:
        """Whether "activated in the funding period" would give away the activated total the table
        hides: for the funding period itself it is the same count."""
        if "activated" not in self.kinds:
            return False
        cells = [self.per_month[month]["activated"] for month in self.months]
        total = self.totals["activated"]
        return self.target_reached == total and shown_total(cells, total) == HIDDEN_TOTAL


def _month(value: date) -> date:
    return value.replace(day=1)


def _months(start: date, end: date) -> list[date]:
    months, current = [], _month(start)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def _bounds(start: date, end: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """From the first moment of ``start`` to the first moment after ``end``, both in the centre's time zone."""
    return (datetime.combine(start, time.min, tzinfo=zone),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))


def _events(start: date, end: date, location_id: int | None, zone: tzinfo, kinds=REPORT_KINDS):
    low, high = _bounds(start, end, zone)
    query = select(StatEvent.kind, StatEvent.occurred_at).where(
        StatEvent.occurred_at >= low, StatEvent.occurred_at < high, StatEvent.kind.in_(kinds))
    if location_id is not None:
        query = query.where(StatEvent.location_id == location_id)
    return db.session.execute(query)


def funder_report(start: date, end: date, location_id: int | None, target: int,
                  funding_start: date, funding_end: date, zone: tzinfo) -> Report:
    """Counts per month and in total for the period; nothing in it names or identifies a person.
    Days and months are those of ``zone`` (the centre's), not of UTC."""
    months = _months(start, end)
    per_month = {month: dict.fromkeys(REPORT_KINDS, 0) for month in months}
    totals = dict.fromkeys(REPORT_KINDS, 0)
    for kind, occurred in _events(start, end, location_id, zone):
        month = _month(occurred.astimezone(zone).date())
        if month in per_month:
            per_month[month][kind] += 1
        totals[kind] += 1
    reached = sum(1 for _ in _events(funding_start, funding_end, location_id, zone, ("activated",)))
    return Report(start, end, location_id, months, per_month, totals, target, reached, funding_start, funding_end)


def shown_total(cells: list[int], total: int, number: Callable[[int], str] = str) -> str:
    """A column's total as the report shows it: HIDDEN_TOTAL when, together with the cells shown,
    it would give away a hidden count (one to four people), else like any count.

    The total minus the cells shown is the sum of the hidden cells. With one hidden cell that sum is
    its count; with several, it still gives every one away when it is the smallest or the largest
    possible sum (all ones, all fours). In between, no single hidden count follows from it."""
    hidden = [count for count in cells if 0 < count < SMALL_GROUP]
    if hidden:
        rest = sum(hidden)
        if len(hidden) == 1 or rest <= len(hidden) or rest >= (SMALL_GROUP - 1) * len(hidden):
            return HIDDEN_TOTAL
    return shown(total, number)


def report_rows(report: Report, number: Callable[[int], str] = str) -> list[tuple[str, list[str]]]:
    """The report as table rows of shown values: one per month, then the total."""
    rows = [(month.strftime("%Y-%m"), [shown(report.per_month[month][k], number) for k in report.kinds])
            for month in report.months]
    rows.append(("total", [shown_total([report.per_month[month][k] for month in report.months], report.totals[k], number)
                           for k in report.kinds]))
    return rows


def bar_chart_svg(report: Report, kinds: tuple[str, ...], labels: dict[str, str], title: str,
                  number: Callable[[int], str] = str, right_to_left: bool = False) -> str:
    """A grouped bar chart per month as inline SVG (no script). Small groups are drawn hatched
    at the height of five and labelled '< 5', so that a bar never gives away a single person."""
    width_per_month, bar, gap = 16 + 10 * len(kinds), 10, 16
    chart_height, left, bottom = 160, 36, 40
    values = [report.per_month[m][k] for m in report.months for k in kinds] or [0]
    top_value = max(SMALL_GROUP, *values)
    scale = (chart_height - 20) / top_value
    width = left + len(report.months) * width_per_month + 10
    patterns = ("solid", "stripes", "dots")
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 {width} {chart_height + bottom + 18 * len(kinds)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{escape(title)}</title>',
        '<defs><pattern id="p-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#9ec5ee"/><rect width="3" height="6" fill="#0b5394"/></pattern>'
        '<pattern id="p-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/>'
        '<circle cx="3" cy="3" r="2" fill="#1e6b35"/></pattern>'
        '<pattern id="p-small" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="#fff"/>'
        '<path d="M0 4L4 0" stroke="#555" stroke-width="1"/></pattern></defs>',
        f'<line x1="{left}" y1="{chart_height}" x2="{width - 5}" y2="{chart_height}" stroke="#333"/>',
        f'<text x="{left - 4}" y="{chart_height - top_value * scale + 4:.0f}" text-anchor="end" font-size="10">{escape(number(top_value))}</text>',
        f'<text x="{left - 4}" y="{chart_height}" text-anchor="end" font-size="10">0</text>',
    ]
    fills = {"solid": "#0b5394", "stripes": "url(#p-stripes)", "dots": "url(#p-dots)"}
    for index, month in enumerate(report.months):
        x0 = left + index * width_per_month + gap / 2
        for series, kind in enumerate(kinds):
            count = report.per_month[month][kind]
            if not count:
                continue
            small = count < SMALL_GROUP
            height = (SMALL_GROUP if small else count) * scale
            x = x0 + series * bar
            fill = "url(#p-small)" if small else fills[patterns[series % 3]]
            parts.append(f'<rect x="{x:.0f}" y="{chart_height - height:.0f}" width="{bar - 1}" height="{height:.0f}" '
                         f'fill="{fill}" stroke="#333" stroke-width="0.5"/>')
            if small:
                parts.append(f'<text x="{x + bar / 2:.0f}" y="{chart_height - height - 2:.0f}" font-size="7" '
                             f'text-anchor="middle">&lt;5</text>')
        parts.append(f'<text x="{x0 + len(kinds) * bar / 2:.0f}" y="{chart_height + 14}" font-size="9" '
                     f'text-anchor="middle">{month.strftime("%m/%y")}</text>')
    # One legend line per series, so that long labels in any language never overlap. Right to left,
    # the swatch stands at the right and its label runs leftwards from it (it ran over the swatch).
    direction = "rtl" if right_to_left else "ltr"
    for series, kind in enumerate(kinds):
        x, y = (width - 22 if right_to_left else left), chart_height + 26 + series * 18
        text_x = x - 4 if right_to_left else x + 16
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{fills[patterns[series % 3]]}" stroke="#333"/>'
                     f'<text x="{text_x}" y="{y + 10}" font-size="11" direction="{direction}">{escape(labels[kind])}</text>')
    parts.append("</svg>")
    return "".join(parts)
