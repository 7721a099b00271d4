"""The completion chart: inline SVG drawn on the server, no JavaScript.

Grouped bars, one group per month and one bar per track. Each track has its own
colour and its own fill pattern, and every bar carries its value as text, so
nothing depends on telling colours apart. Region and track names are people's
input: every piece of text goes through `format_html`, which escapes it.
The page shows the same numbers as a table right below the chart
(`completion_chart_table`).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .domain.reports import CompletionReport, TrackSeries

# Dark enough for 4.5:1 against white, so the bars' outlines and hatching stand out.
COLOURS = ("#1d4e89", "#a84300", "#1b6e3a", "#6b3fa0", "#7a5c00", "#9c1c4f")
TEXT = "#1a1a1a"
GRID = "#c8c8c8"

BAR, GROUP_GAP = 30, 18
LEFT, RIGHT, BOTTOM = 64, 16, 56
PLOT_HEIGHT = 220
LEGEND_LINE = 22


def rate_label(completed: int, confirmed: int) -> str:
    """ "67%", or a dash when nobody held a place (no rate to give)."""
    if not confirmed:
        return "—"
    return _("%(percent)s%%") % {"percent": round(completed * 100 / confirmed)}


def month_label(month: date) -> str:
    return date_format(month, "M Y")


@dataclass(frozen=True)
class ChartTableRow:
    month: date
    label: str
    # Per series, in the chart's order: (completed, confirmed, rate label).
    cells: list[tuple[int, int, str]]


def completion_chart_table(report: CompletionReport) -> list[ChartTableRow]:
    """The chart's numbers, month by month, for the table under it."""
    series = report.series
    rows = []
    for month in report.months:
        cells = []
        for track in series:
            completed, confirmed = track.points.get(month, (0, 0))
            cells.append((completed, confirmed, rate_label(completed, confirmed)))
        rows.append(ChartTableRow(month=month, label=month_label(month), cells=cells))
    return rows


def _join(parts) -> SafeString:
    # Each part is already built by format_html, so nothing is escaped twice.
    return format_html_join("", "{}", ((part,) for part in parts))


def _pattern(index: int, element_id: str) -> SafeString:
    colour = COLOURS[index % len(COLOURS)]
    shapes = (
        '<rect width="8" height="8" fill="{c}"/>',
        '<rect width="8" height="8" fill="#fff"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" '
        'stroke="{c}" stroke-width="2.5"/>',
        '<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2.2" fill="{c}"/>',
        '<rect width="8" height="8" fill="#fff"/><path d="M0,0 l8,8 M8,0 l-8,8" '
        'stroke="{c}" stroke-width="1.8"/>',
        '<rect width="8" height="8" fill="#fff"/><path d="M0,4 h8" stroke="{c}" stroke-width="3"/>',
        '<rect width="8" height="8" fill="#fff"/><path d="M4,0 v8" stroke="{c}" stroke-width="3"/>',
    )
    shape = shapes[(index // len(COLOURS) + index) % len(shapes)]
    return format_html(
        '<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse">{}</pattern>',
        element_id,
        format_html(shape, c=colour),
    )


def _legend(series: list[TrackSeries], pattern_ids: list[str]) -> SafeString:
    return format_html_join(
        "",
        '<g transform="translate({}, {})"><rect width="16" height="16" fill="url(#{})" '
        'stroke="{}" stroke-width="1.5"/><text x="24" y="13" fill="{}">{}</text></g>',
        (
            (LEFT, 8 + i * LEGEND_LINE, pattern_ids[i], COLOURS[i % len(COLOURS)], TEXT, s.title)
            for i, s in enumerate(series)
        ),
    )


def _axes(top: int, width: int) -> SafeString:
    bottom = top + PLOT_HEIGHT
    lines = []
    for percent in (0, 25, 50, 75, 100):
        y = bottom - PLOT_HEIGHT * percent / 100
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                LEFT,
                width - RIGHT,
                y,
                y,
                GRID if percent else TEXT,
                LEFT - 6,
                y + 4,
                TEXT,
                _("%(percent)s%%") % {"percent": percent},
            )
        )
    lines.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
            '<text transform="translate(14, {}) rotate(-90)" text-anchor="middle" fill="{}">'
            "{}</text>"
            '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
            LEFT,
            LEFT,
            top,
            bottom,
            TEXT,
            top + PLOT_HEIGHT / 2,
            TEXT,
            _("Completion rate"),
            (LEFT + width - RIGHT) / 2,
            bottom + BOTTOM - 8,
            TEXT,
            _("Month of the last seminar (UTC)"),
        )
    )
    return _join(lines)


def _bars(report, series, pattern_ids, top) -> SafeString:
    bottom = top + PLOT_HEIGHT
    group = BAR * len(series) + GROUP_GAP
    parts = []
    for m, month in enumerate(report.months):
        x0 = LEFT + GROUP_GAP / 2 + m * group
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                x0 + BAR * len(series) / 2,
                bottom + 18,
                TEXT,
                month_label(month),
            )
        )
        for i, track in enumerate(series):
            completed, confirmed = track.points.get(month, (0, 0))
            if not confirmed:
                continue
            height = PLOT_HEIGHT * completed / confirmed
            x = x0 + i * BAR
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" stroke="{}" '
                    'stroke-width="1.5"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                    x + 2,
                    bottom - height,
                    BAR - 4,
                    height,
                    pattern_ids[i],
                    COLOURS[i % len(COLOURS)],
                    x + BAR / 2,
                    bottom - height - 4,
                    TEXT,
                    rate_label(completed, confirmed),
                )
            )
    return _join(parts)


def completion_chart(report: CompletionReport, *, id_prefix: str = "completion-chart") -> str:
    """The report as an accessible SVG bar chart (empty when no cohort ended in the period)."""
    series = report.series
    if not series:
        return ""
    pattern_ids = [f"{id_prefix}-pattern-{i}" for i in range(len(series))]
    top = 8 + LEGEND_LINE * len(series) + 16
    width = LEFT + len(report.months) * (BAR * len(series) + GROUP_GAP) + RIGHT
    height = top + PLOT_HEIGHT + BOTTOM
    description = _(
        "Bar chart: for each month in which cohorts had their last seminar, one bar per "
        "track gives the share of participants with a confirmed place who completed, "
        "with its value written above it. Tracks: %(tracks)s. Regions: %(regions)s. "
        "The table below gives the same numbers."
    ) % {
        "tracks": ", ".join(s.title for s in series),
        "regions": ", ".join(report.regions),
    }
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{p}-title {p}-desc" '
        'width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-size="13" class="completion-chart">'
        '<title id="{p}-title">{title}</title><desc id="{p}-desc">{desc}</desc>'
        "<defs>{patterns}</defs>{legend}{axes}{bars}</svg>",
        p=id_prefix,
        w=width,
        h=height,
        title=_("Completion rate by month and track"),
        desc=description,
        patterns=_join(_pattern(i, pid) for i, pid in enumerate(pattern_ids)),
        legend=_legend(series, pattern_ids),
        axes=_axes(top, width),
        bars=_bars(report, series, pattern_ids, top),
    )
