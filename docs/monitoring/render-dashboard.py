#!/usr/bin/env python3
"""Renders grafana-dashboard.json from a Prometheus server's data into HTML (SVG charts), for a screenshot where no
Grafana runs: every panel's own query, asked of Prometheus' HTTP API over the chosen window, drawn at its grid place.

    docs/monitoring/render-dashboard.py http://127.0.0.1:9090 MINUTES out.html [END, e.g. 2026-12-01T16:33:30Z]
    chromium --headless --screenshot=out.png --window-size=1600,1700 out.html
"""
import datetime
import html
import json
import math
import re
import sys
import time
import urllib.parse
import urllib.request

PROM, MINUTES, OUT = sys.argv[1], float(sys.argv[2]), sys.argv[3]
END = (datetime.datetime.fromisoformat(sys.argv[4].replace("Z", "+00:00")).timestamp() if len(sys.argv) > 4
       else time.time())
START = END - MINUTES * 60
STEP = max(5, int(MINUTES * 60 / 240))
W, ROW_H = (1600 - 16) / 24, 34
COLORS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#b877d9", "#f2495c", "#8ab8ff", "#fade2a", "#37872d", "#c4162a"]


def ask(path, **params):
    with urllib.request.urlopen(PROM + path + "?" + urllib.parse.urlencode(params), timeout=30) as answer:
        return json.load(answer)["data"]["result"]


def last(target):
    """Like Grafana's stat and bar gauge (reduce: last not null): each series' newest value within the last 5 minutes."""
    out = []
    for r in ask("/api/v1/query_range", query=expr(target), start=END - 300, end=END, step=STEP):
        values = [float(v) for _, v in r["values"] if not math.isnan(float(v))]
        out.append((r["metric"], values[-1] if values else float("nan")))
    return out


def expr(target):
    return target["expr"].replace("$__rate_interval", "1m")


def legend(fmt, labels):
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), fmt) or json.dumps(labels)


def fmt(value, unit):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no value"
    if unit == "s":
        for size, name in ((86400, "d"), (3600, "h"), (60, "min")):
            if abs(value) >= size:
                return f"{value / size:.1f} {name}"
        return f"{value:.2f} s" if abs(value) < 10 else f"{value:.0f} s"
    if unit == "bytes":
        for size, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if abs(value) >= size:
                return f"{value / size:.1f} {name}"
        return f"{value:.0f} B"
    if unit == "percentunit":
        return f"{value * 100:.1f} %"
    if unit in ("reqps", "ops"):
        return f"{value:.2f}/s"
    return f"{value:.4g}"


def color(value, steps):
    if value is None or math.isnan(value):
        return "#464c54"
    chosen = steps[0]["color"]
    for step in steps[1:]:
        if value is not None and not math.isnan(value) and value >= step["value"]:
            chosen = step["color"]
    return {"green": "#37872d", "orange": "#c15c17", "red": "#c4162a", "blue": "#1f60c4", "purple": "#8f3bb8"}.get(chosen, chosen)


def stat(panel):
    defaults = panel["fieldConfig"]["defaults"]
    result = last(panel["targets"][0])
    if panel["options"].get("textMode") == "name":
        text = ", ".join(legend(panel["targets"][0]["legendFormat"], m) for m, _ in result) or "no value"
        shade = color(1 if result else float("nan"), defaults["thresholds"]["steps"])
        return f'<div class="stat" style="background:{shade}"><span class="small">{html.escape(text)}</span></div>'
    value = result[0][1] if result else float("nan")
    text = fmt(value, defaults["unit"])
    for mapping in defaults.get("mappings", []):
        options = mapping["options"]
        if mapping["type"] == "value" and not math.isnan(value) and str(int(value)) in options:
            text = options[str(int(value))]["text"]
        if mapping["type"] == "special" and math.isnan(value):
            text = options["result"]["text"]
    return f'<div class="stat" style="background:{color(value, defaults["thresholds"]["steps"])}">{html.escape(text)}</div>'


def timeseries(panel, width, height):
    unit = panel["fieldConfig"]["defaults"]["unit"]
    series = []
    for target in panel["targets"]:
        for r in ask("/api/v1/query_range", query=expr(target), start=START, end=END, step=STEP):
            points = [(float(t), float(v)) for t, v in r["values"] if not math.isnan(float(v))]
            if points:
                series.append((legend(target["legendFormat"], r["metric"]), points))
    if not series:
        return '<div class="empty">No data</div>'
    w, h, left, bottom = width - 20, height - 62 - 18 * min(3, math.ceil(len(series) / 3)), 70, 18
    top = max([v for _, pts in series for _, v in pts] + [0]) or 1
    low = min([v for _, pts in series for _, v in pts] + [0])
    span = top - low or 1

    def x(t):
        return left + (t - START) / (END - START) * (w - left)

    def y(v):
        return (h - bottom) - (v - low) / span * (h - bottom - 8)

    svg = [f'<svg width="{w}" height="{h}">']
    for i in range(5):
        v = low + span * i / 4
        svg.append(f'<line x1="{left}" x2="{w}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{y(v) + 4:.1f}" class="axis" text-anchor="end">{html.escape(fmt(v, unit))}</text>')
    for i in range(5):
        t = START + (END - START) * i / 4
        anchor = "end" if i == 4 else "middle"
        svg.append(f'<text x="{x(t):.1f}" y="{h - 2}" class="axis" text-anchor="{anchor}">{time.strftime("%H:%M", time.gmtime(t))}</text>')
    for n, (_, pts) in enumerate(series):
        path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in pts)
        svg.append(f'<polyline points="{path}" fill="none" stroke="{COLORS[n % len(COLORS)]}" stroke-width="2"/>')
    svg.append("</svg>")
    keys = "".join(f'<span class="key"><i style="background:{COLORS[n % len(COLORS)]}"></i>{html.escape(name)}</span>'
                   for n, (name, _) in enumerate(series[:9]))
    return "".join(svg) + f'<div class="legend">{keys}</div>'


def bargauge(panel):
    rows = sorted(((legend(panel["targets"][0]["legendFormat"], m), v) for m, v in last(panel["targets"][0])
                   if not math.isnan(v)), key=lambda r: -r[1])
    if not rows:
        return '<div class="empty">No data</div>'
    top = max(v for _, v in rows) or 1
    out = []
    for name, value in rows[:8]:
        share = value / top * 100
        out.append(f'<div class="bar"><span class="name">{html.escape(name)}</span><span class="track">'
                   f'<span style="width:{share:.0f}%;background:{"#c4162a" if value >= 1 else "#37872d"}"></span></span>'
                   f'<span class="val">{value:.0f}</span></div>')
    return "".join(out)


dashboard = json.load(open(__file__.rsplit("/", 1)[0] + "/grafana-dashboard.json"))
parts = []
height = 0
for panel in dashboard["panels"]:
    g = panel["gridPos"]
    box = f'left:{g["x"] * W:.0f}px;top:{g["y"] * ROW_H:.0f}px;width:{g["w"] * W - 8:.0f}px;height:{g["h"] * ROW_H - 8:.0f}px'
    height = max(height, (g["y"] + g["h"]) * ROW_H)
    if panel["type"] == "row":
        parts.append(f'<div class="row" style="{box}">{html.escape(panel["title"])}</div>')
        continue
    body = {"stat": lambda: stat(panel), "bargauge": lambda: bargauge(panel),
            "timeseries": lambda: timeseries(panel, g["w"] * W - 8, g["h"] * ROW_H - 8)}[panel["type"]]()
    parts.append(f'<div class="panel" style="{box}"><div class="title">{html.escape(panel["title"])}</div>{body}</div>')

window = f'{time.strftime("%Y-%m-%d %H:%M", time.gmtime(START))} – {time.strftime("%H:%M UTC", time.gmtime(END))}'
page = f"""<!doctype html><meta charset="utf-8"><title>{html.escape(dashboard["title"])}</title>
<style>
body {{ margin:0; background:#111217; color:#ccccdc; font:13px Inter, "DejaVu Sans", sans-serif; }}
header {{ padding:10px 16px; font-size:18px; border-bottom:1px solid #2c3235; }}
header small {{ color:#8e8e8e; font-size:12px; margin-left:12px; }}
main {{ position:relative; margin:8px; height:{height}px; }}
.panel {{ position:absolute; background:#181b1f; border:1px solid #2c3235; border-radius:3px; overflow:hidden; }}
.title {{ padding:6px 8px; font-weight:500; }}
.row {{ position:absolute; font-size:15px; font-weight:500; padding-top:6px; }}
.stat {{ margin:0 8px; height:calc(100% - 40px); display:flex; align-items:center; justify-content:center; font-size:28px;
        font-weight:500; color:#fff; border-radius:2px; text-align:center; }}
.stat .small {{ font-size:18px; }}
svg {{ display:block; margin-left:8px; }} .grid {{ stroke:#2c3235; }} .axis {{ fill:#8e8e8e; font-size:11px; }}
.legend {{ padding:2px 10px; font-size:11px; line-height:18px; }} .key {{ margin-right:12px; white-space:nowrap; }}
.key i {{ display:inline-block; width:10px; height:3px; margin:0 5px 3px 0; }}
.empty {{ color:#8e8e8e; text-align:center; padding-top:60px; }}
.bar {{ display:flex; align-items:center; margin:6px 10px; }} .bar .name {{ width:40%; }}
.bar .track {{ flex:1; height:16px; background:#22252b; margin:0 8px; }} .bar .track span {{ display:block; height:100%; }}
.bar .val {{ width:30px; text-align:right; }}
</style>
<header>{html.escape(dashboard["title"])}<small>rendered from Prometheus {html.escape(PROM)} · {window} · every panel's own query</small></header>
<main>{"".join(parts)}</main>
"""
open(OUT, "w").write(page)
print(OUT)
