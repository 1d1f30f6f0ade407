#!/usr/bin/env python3
"""`gridplan report` in a real browser: writes a run, a sweep and comparisons, renders each
report in headless Chromium and fails on a script error, a chart not drawn, a KPI that differs
from the file's /kpi at the printed precision, or any network reference in the page.

Usage: report_browser_test.py GRIDPLAN SOURCE_DIR WORK_DIR
The page's own script writes #report-status ("ok N charts" or "error: ..."); --dump-dom shows it.
"""
import html.parser
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

import h5py
import numpy as np

GRIDPLAN, SOURCE, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
SCENARIO = os.path.join(SOURCE, "scenarios", "hongqiao-2023.toml")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, flush=True)


def gridplan(*args):
    subprocess.run([GRIDPLAN, *args, "--quiet"], check=True, cwd=WORK)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("FAIL: chromium is not installed (apt-get install chromium): the browser test "
             "cannot render the reports")


class Tables(html.parser.HTMLParser):
    """The cells' texts of every <table id=...> and the text of #report-status."""

    def __init__(self):
        super().__init__()
        self.tables, self.status = {}, None
        self._table = self._row = self._cell = None
        self._in_status = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif attrs.get("id") == "report-status":
            self._in_status, self.status = True, ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "table":
            self._table = self._row = None
        elif tag == "div":
            self._in_status = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._in_status:
            self.status += data


NETWORK = re.compile(r"""(?:\b(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//)|url\(\s*["']?\s*(?:https?:)?//""",
                     re.I)


def render(page, screenshot=None):
    """Renders page; returns its table cells. Fails on errors in the page or the console."""
    text = open(page, encoding="utf-8").read()
    for match in NETWORK.finditer(text):
        fail(f"{page}: network reference {match.group(0)!r}")
    canvases = text.count('<canvas id="chart-')
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
             # A profile of its own: no state shared with another browser or test.
             "--user-data-dir=" + os.path.join(WORK, "chromium-profile")]
    result = subprocess.run(flags + ["--dump-dom", "file://" + os.path.abspath(page)],
                            capture_output=True, text=True, timeout=90)
    for line in result.stderr.splitlines():
        if "Uncaught" in line or "ERROR:CONSOLE" in line or ":CONSOLE(" in line:
            fail(f"{page}: console: {line.strip()}")
    dom = Tables()
    dom.feed(result.stdout)
    expected = f"ok {canvases} charts"
    if dom.status != expected:
        fail(f"{page}: #report-status is {dom.status!r}, expected {expected!r}")
    if screenshot:
        subprocess.run(flags + [f"--screenshot={os.path.abspath(screenshot)}",
                                "--window-size=1200,3000", "file://" + os.path.abspath(page)],
                       capture_output=True, timeout=90)
        if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 10000:
            fail(f"{screenshot}: no screenshot")
    return dom.tables, canvases


def agrees(shown, value):
    """Whether `shown` (the first number of a cell, as printed) is `value` at its precision."""
    match = re.match(r"\s*(-?\d+(?:\.(\d+))?)", shown)
    if match is None:
        return shown.startswith("n/a") and not math.isfinite(value)
    decimals = len(match.group(2) or "")
    return math.isfinite(value) and abs(float(match.group(1)) - value) <= \
        0.5 * 10 ** -decimals * (1 + 1e-9) + 1e-12 * abs(value)


def kpi_rows(tables, page):
    rows = tables.get("kpi-table")
    if not rows or len(rows) < 10:
        fail(f"{page}: no KPI table")
        return {}
    return {row[0]: row for row in rows[1:]}


def check_values(page, rows, column, values, what):
    checked = 0
    for name, value in values.items():
        if name not in rows:
            fail(f"{page}: KPI {name} missing")
        elif not agrees(rows[name][column], value):
            fail(f"{page}: {name} shows {rows[name][column]!r}, {what} has {value!r}")
        else:
            checked += 1
    print(f"{page}: {checked} KPI values agree with {what}", flush=True)


def kpi_means(path, runs=None):
    with h5py.File(path) as f:
        kpi = f["kpi"][:]
    if runs is not None:
        kpi = kpi[np.isin(kpi["run"], runs)]
    out = {}
    for name in kpi.dtype.names:
        if name == "run" or kpi.dtype[name].kind != "f":
            continue
        finite = kpi[name][np.isfinite(kpi[name])]
        out[name] = float(np.mean(finite)) if len(finite) else math.nan
    return out


def check_map(page, path):
    """The map holds one dot per grid with coordinates, in the order of /grids' first run."""
    text = open(page, encoding="utf-8").read()
    config = json.loads(re.search(r'id="report-charts">(.*?)</script>', text, re.S).group(1))
    maps = [c for c in config if c.get("type") == "scatter" and c.get("choices")]
    if len(maps) != 1:
        fail(f"{page}: {len(maps)} maps, expected 1")
        return
    with h5py.File(path) as f:
        grids = f["grids"][:]
    first = grids[grids["run"] == grids["run"][0]]
    dots = maps[0]["choices"][0][0]["data"]
    placed = np.isfinite(first["x"]) & np.isfinite(first["y"])
    if len(dots) != int(placed.sum()) or len(dots) < 100:
        fail(f"{page}: the map has {len(dots)} dots, /grids {int(placed.sum())} placed grids")
    elif any(abs(d["x"] - x) > 1e-9 * max(1, abs(x)) or abs(d["y"] - y) > 1e-9 * max(1, abs(y))
             for d, x, y in zip(dots, first["x"][placed], first["y"][placed])):
        fail(f"{page}: the map's dots are not at /grids' coordinates")
    else:
        print(f"{page}: map of {len(dots)} grids, {len(maps[0]['choices'])} metrics", flush=True)


def main():
    start = time.monotonic()
    chromium()
    os.makedirs(WORK, exist_ok=True)
    for name in os.listdir(WORK):
        if name.endswith((".h5", ".html", ".png")):
            os.remove(os.path.join(WORK, name))
    gridplan("run", SCENARIO, "--days", "30", "--out", "run.h5")
    # The baseline drill moved into the 30 days: the coverage chart and its 3-hour line.
    gridplan("run", SCENARIO, "--days", "30", "--set", "emergency.drills.heyuan.date=2023-01-10",
             "--out", "drill.h5")
    gridplan("run", SCENARIO, "--days", "30", "--set", "departments.police.staff=4",
             "--out", "run-police4.h5")
    gridplan("sweep", SCENARIO, "--grid", "departments.police.staff=3,4", "--replications", "5",
             "--days", "20", "--threads", "2", "--out", "sweep.h5")
    gridplan("sweep", SCENARIO, "--grid", "departments.housing.staff=40,44", "--replications", "3",
             "--days", "20", "--threads", "2", "--out", "sweep-housing.h5")
    gridplan("compare", "sweep.h5", "--points", "0,1", "--out", "compare.h5")
    # An invented district whose grid register gives coordinates: the map.
    gridplan("run", os.path.join(SOURCE, "scenarios", "xinhe-2024.toml"), "--days", "40",
             "--out", "xinhe.h5")
    gridplan("report", "run.h5", "--out", "run.html")
    gridplan("report", "drill.h5", "--out", "drill.html")
    gridplan("report", "sweep.h5", "--out", "sweep.html")
    gridplan("report", "run.h5", "run-police4.h5", "--out", "pair.html")
    gridplan("report", "compare.h5", "--out", "compare.html")
    gridplan("report", "sweep.h5", "sweep-housing.h5", "--out", "sweeps.html")
    gridplan("report", "xinhe.h5", "--out", "xinhe.html")
    print(f"files and reports written in {time.monotonic() - start:.1f} s", flush=True)
    os.chdir(WORK)

    tables, charts = render("run.html", screenshot="report-run.png")
    if charts < 5:
        fail(f"run.html: {charts} charts, expected at least 5")
    check_values("run.html", kpi_rows(tables, "run.html"), 1, kpi_means("run.h5"), "run.h5 /kpi")

    tables, charts = render("drill.html", screenshot="report-drill.png")
    if charts < 6:
        fail(f"drill.html: {charts} charts, expected at least 6 (with the drill's coverage)")
    check_values("drill.html", kpi_rows(tables, "drill.html"), 1, kpi_means("drill.h5"),
                 "drill.h5 /kpi")

    tables, _ = render("sweep.html", screenshot="report-sweep.png")
    rows = kpi_rows(tables, "sweep.html")
    with h5py.File("sweep.h5") as f:
        runs = f["runs"][:]
    for point in (0, 1):
        check_values("sweep.html", rows, 1 + point,
                     kpi_means("sweep.h5", runs["run"][runs["point"] == point]),
                     f"sweep.h5 /kpi of point {point}")

    tables, _ = render("pair.html")
    rows = kpi_rows(tables, "pair.html")
    a, b = kpi_means("run.h5"), kpi_means("run-police4.h5")
    check_values("pair.html", rows, 1, a, "run.h5 /kpi")
    check_values("pair.html", rows, 2, b, "run-police4.h5 /kpi")
    check_values("pair.html", rows, 3, {k: b[k] - a[k] for k in a}, "B - A of the /kpi")

    tables, _ = render("compare.html")
    rows = kpi_rows(tables, "compare.html")
    with h5py.File("compare.h5") as f:
        comparison = f["comparison"][:]
    names = [k.decode() if isinstance(k, bytes) else k for k in comparison["kpi"]]
    check_values("compare.html", rows, 1, dict(zip(names, map(float, comparison["mean_a"]))),
                 "compare.h5 /comparison mean_a")
    check_values("compare.html", rows, 2, dict(zip(names, map(float, comparison["mean_b"]))),
                 "compare.h5 /comparison mean_b")

    tables, _ = render("sweeps.html")
    rows = kpi_rows(tables, "sweeps.html")
    with h5py.File("sweep-housing.h5") as f:
        runs = f["runs"][:]
    for point in (0, 1):  # after sweep.h5's two points
        check_values("sweeps.html", rows, 3 + point,
                     kpi_means("sweep-housing.h5", runs["run"][runs["point"] == point]),
                     f"sweep-housing.h5 /kpi of point {point}")

    tables, _ = render("xinhe.html", screenshot="report-xinhe.png")
    check_values("xinhe.html", kpi_rows(tables, "xinhe.html"), 1, kpi_means("xinhe.h5"),
                 "xinhe.h5 /kpi")
    check_map("xinhe.html", "xinhe.h5")
    if "Basic grids coloured" in open("run.html", encoding="utf-8").read():
        fail("run.html: a map, though the Hongqiao register has no coordinates")

    print(f"screenshots: report-run.png, report-drill.png, report-sweep.png, report-xinhe.png "
          f"in {os.getcwd()}; "
          f"{time.monotonic() - start:.1f} s in all")
    if failures:
        sys.exit(f"{len(failures)} failures")


if __name__ == "__main__":
    main()
