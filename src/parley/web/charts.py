"""Plotly figures as plain data (the JavaScript library draws them in the browser from the JSON a page
carries): the barometer — a series per speaker over the seven likelihood bands, never an average — and
statements by issue per week."""

from __future__ import annotations

from typing import Any

from parley.web.queries import reader_url

# The seven bands of DESIGN.md, lowest first, with the shade each is drawn in (red: unlikely, grey: even,
# blue: likely); the first band starts at 0 so nothing falls below the chart.
BANDS: tuple[tuple[str, float, float, str], ...] = (
    ("extremely unlikely", 0.00, 0.10, "rgba(178,24,43,0.16)"),
    ("very unlikely", 0.10, 0.25, "rgba(214,96,77,0.13)"),
    ("unlikely", 0.25, 0.40, "rgba(244,165,130,0.14)"),
    ("even", 0.40, 0.60, "rgba(160,160,160,0.12)"),
    ("likely", 0.60, 0.75, "rgba(146,197,222,0.16)"),
    ("very likely", 0.75, 0.90, "rgba(67,147,195,0.14)"),
    ("extremely likely", 0.90, 1.00, "rgba(33,102,172,0.16)"),
)
PALETTE = ("#1b6ca8", "#c0392b", "#2e8540", "#8e44ad", "#d35400", "#16a085", "#7f6000", "#34495e")
_FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


def _cite_url(source: dict[str, Any] | None, statement_id: str | None) -> str | None:
    if not source:
        return None
    start, end = source["span"]
    return f"/articles/{source['article_id']}?cite={start}-{end}#cite"


def points_from_barometer(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Series from the analysis barometer (`parley.analyze.barometer`): settlement estimates per holder."""
    found = []
    for one in data["series"]:
        points = []
        for e in one["estimates"]:
            source = e["sources"][0] if e.get("sources") else None
            points.append(
                {
                    "date": e["date"],
                    "p": e["p"],
                    "low": e["low"],
                    "high": e["high"],
                    "band": e["band"],
                    "phrase": e["phrase"],
                    "url": _cite_url(source, e.get("statement_id")),
                }
            )
        found.append({"who": one["who"], "actor_id": one.get("who_actor_id"), "points": points})
    return found


def points_from_likelihoods(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Series from stored estimates (`web.queries.likelihood_page`), per speaker or the holder reported."""
    series: dict[str, dict[str, Any]] = {}
    for r in records:
        who = r["holder"] or r["speaker"]
        if not who:
            continue  # an unattributed estimate belongs to no series
        key = r["speaker_actor_id"] if not r["holder"] and r["speaker_actor_id"] else who
        one = series.setdefault(
            key, {"who": who, "actor_id": None if r["holder"] else r["speaker_actor_id"], "points": []}
        )
        one["points"].append(
            {
                "date": r["published"],
                "p": r["p"],
                "low": r["low"],
                "high": r["high"],
                "band": r["band"],
                "phrase": r["phrase"],
                "url": reader_url(r["article"]["id"], r["statement_id"]),
            }
        )
    return sorted(series.values(), key=lambda s: (-len(s["points"]), s["who"]))


def barometer_figure(series: list[dict[str, Any]], title: str = "") -> dict[str, Any]:
    """A line per speaker (dated estimates only), error bars for each estimate's interval, bands shaded."""
    traces = []
    for index, one in enumerate(series):
        dated = [p for p in one["points"] if p["date"]]
        if not dated:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": one["who"],
                "x": [p["date"][:10] for p in dated],
                "y": [p["p"] for p in dated],
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [round(p["high"] - p["p"], 4) for p in dated],
                    "arrayminus": [round(p["p"] - p["low"], 4) for p in dated],
                    "thickness": 1,
                    "width": 3,
                },
                "line": {"color": PALETTE[index % len(PALETTE)], "width": 2},
                "marker": {"size": 8},
                "customdata": [p["url"] for p in dated],
                "text": [
                    f"{p['band']} ({p['p']:.0%}, {p['low']:.0%}–{p['high']:.0%}): {p['phrase']}"
                    for p in dated
                ],
                "hovertemplate": "<b>%{fullData.name}</b><br>%{x}<br>%{text}<extra></extra>",
            }
        )
    shapes = [
        {
            "type": "rect",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": low,
            "y1": high,
            "fillcolor": colour,
            "line": {"width": 0},
            "layer": "below",
        }
        for _, low, high, colour in BANDS
    ]
    labels = [
        {
            "xref": "paper",
            "yref": "y",
            "x": 1.0,
            "xanchor": "right",
            "y": (low + high) / 2,
            "text": name,
            "showarrow": False,
            "font": {"size": 10, "color": "#555"},
        }
        for name, low, high, _ in BANDS
    ]
    return {
        "data": traces,
        "layout": {
            "title": {"text": title} if title else None,
            "font": _FONT,
            "shapes": shapes,
            "annotations": labels,
            "yaxis": {
                "range": [0, 1],
                "tickformat": ".0%",
                "title": {"text": "likelihood"},
                "fixedrange": True,
            },
            "xaxis": {"type": "date", "title": {"text": "published"}},
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"l": 60, "r": 20, "t": 30 if title else 10, "b": 60},
            "hovermode": "closest",
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }


def issue_figure(weekly: dict[str, dict[str, int]], labels: dict[str, str]) -> dict[str, Any]:
    """Statements per issue and week, stacked."""
    weeks = sorted({week for series in weekly.values() for week in series})
    ordered = sorted(weekly, key=lambda issue: -sum(weekly[issue].values()))
    traces = [
        {
            "type": "bar",
            "name": labels.get(issue, issue),
            "x": weeks,
            "y": [weekly[issue].get(week, 0) for week in weeks],
            "marker": {"color": PALETTE[index % len(PALETTE)]} if index < len(PALETTE) else {},
            "hovertemplate": "%{fullData.name}<br>week of %{x}: %{y} statements<extra></extra>",
        }
        for index, issue in enumerate(ordered)
    ]
    return {
        "data": traces,
        "layout": {
            "barmode": "stack",
            "font": _FONT,
            "xaxis": {"type": "date", "title": {"text": "week"}},
            "yaxis": {"title": {"text": "statements"}, "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"l": 60, "r": 20, "t": 10, "b": 60},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }


def dated_points(series: list[dict[str, Any]]) -> tuple[int, int]:
    """How many points have a date (are drawn), and how many do not."""
    dated = sum(1 for one in series for p in one["points"] if p["date"])
    total = sum(len(one["points"]) for one in series)
    return dated, total - dated
