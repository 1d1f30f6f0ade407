#!/usr/bin/python3
"""Plot a KPI of a gridplan sweep against a swept parameter, with its 95% confidence band.

Reads /summary (mean and ci95_half_width per point and KPI) and /points (the swept values) of
a file written by `gridplan sweep`, and draws mean +- half-width against the parameter. When
the sweep has other swept keys, each of their combinations is its own line. Numeric parameter
values go on a numeric axis; others (arrays, tables) are placed in sweep order and labelled.

Usage:
  scripts/plot_results.py FILE.h5 --kpi NAME --param KEY [--out PNG]
  scripts/plot_results.py FILE.h5 --list          # the KPIs and swept keys in the file
  scripts/plot_results.py FILE.h5 [--out PNG]     # a run with an emergency drill: its coverage
                                                  # curve (area and the slowest grids, 3-hour line);
                                                  # a run without one: its service levels (below)
  scripts/plot_results.py FILE.h5 --service [--out PNG]  # p95 wait for an operator by hour,
                                                  # working and rest days, against the target,
                                                  # with the operators on duty (/service/hourly)
  scripts/plot_results.py STAFF.h5 [--out PNG]    # a `gridplan staff` file: the plan against the
                                                  # scenario's staffing and each constraint's
                                                  # bound against the target

--out names the PNG; a directory gets the default name inside it, a name without ".png" gets it
appended; the path written is printed. Swept hourly profiles (arrays of 24) are labelled by their
peak, its hours and their sum ("peak 18@08-18, sum 194").

Needs Debian's python3-h5py and python3-matplotlib (run with /usr/bin/python3).
"""
import argparse
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the Agg backend)


def text(value):
    """An HDF5 fixed-length string field as str."""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def number_or_none(value):
    try:
        return float(value)
    except ValueError:
        return None


def output_png(out, default):
    """The path to write: `default` without --out, `default`'s name inside `out` if `out` is a
    directory, else `out` with ".png" appended unless it ends so (matplotlib would append it
    itself, and the path printed would be wrong)."""
    if not out:
        return default
    if os.path.isdir(out):
        return os.path.join(out, os.path.basename(default))
    return out if out.lower().endswith(".png") else out + ".png"


def profile_numbers(value):
    """The numbers of an array value ("[1, 1, 2, ...]"), or None if it is not one."""
    value = value.strip()
    if not (value.startswith("[") and value.endswith("]")):
        return None
    items = [v.strip() for v in value[1:-1].split(",") if v.strip()]
    numbers = [number_or_none(v) for v in items]
    return None if not numbers or None in numbers else numbers


def profile_label(numbers):
    """An hourly profile (24 numbers) in a few characters: its peak, the hours it lasts (first
    to last hour at the peak) and its sum, e.g. "peak 18@08-18, sum 250"."""
    peak = max(numbers)
    hours = [h for h, v in enumerate(numbers) if v == peak]
    return f"peak {peak:g}@{hours[0]:02d}-{hours[-1] + 1:02d}, sum {sum(numbers):g}"


def shorten(values, width=24):
    """Short labels for distinct values: those longer than `width` lose the prefix and suffix
    they all share ("[ 4, 4, ..., 16, 16, ...]" -> "...16, 16, 16..."), then are cut."""
    values = list(values)
    profiles = [profile_numbers(v) for v in values]
    if values and all(p is not None and len(p) == 24 for p in profiles):
        labels = {v: profile_label(p) for v, p in zip(values, profiles)}
        if len(set(labels.values())) < len(values):  # alike: number them in sweep order
            labels = {v: f"#{i} {labels[v]}" for i, v in enumerate(values)}
        return labels
    if all(len(v) <= width for v in values) or len(values) < 2:
        return {v: v if len(v) <= width else v[:width - 3] + "..." for v in values}
    prefix = len(values[0])
    for v in values[1:]:
        prefix = min(prefix, next((i for i, (a, b) in enumerate(zip(values[0], v)) if a != b),
                               min(len(values[0]), len(v))))
    # Keep whole items: back to the start of the item ("working_hours = 6", not "6").
    prefix = max(values[0].rfind(sep, 0, prefix) + len(sep) if values[0].rfind(sep, 0, prefix) >= 0
                 else 0 for sep in (", ", "[ ", "{ ", "["))
    suffix = 0
    shortest = min(len(v) for v in values) - prefix
    while suffix < shortest and len({v[len(v) - suffix - 1] for v in values}) == 1:
        suffix += 1
    comma = values[0][len(values[0]) - suffix:].find(",")  # ... and on to the item's end
    if comma >= 0:
        suffix -= comma
    labels = {}
    for v in values:
        middle = v[prefix:len(v) - suffix]
        text_ = ("..." if prefix else "") + middle + ("..." if suffix else "")
        labels[v] = text_ if len(text_) <= width + 6 else text_[:width + 3] + "..."
    if len(set(labels.values())) < len(values):  # still alike: number them in sweep order
        labels = {v: f"#{i} {labels[v]}" for i, v in enumerate(values)}
    return labels


def read_sweep(path):
    with h5py.File(path, "r") as f:
        for name in ("summary", "points"):
            if name not in f:
                sys.exit(f"plot_results: {path} has no /{name}: it is not the file of a "
                         "`gridplan sweep`")
        summary = f["summary"][:]
        points = f["points"][:]
        swept = [n for n in points.dtype.names if n not in ("point", "parameters", "runs_done")]
    return summary, points, swept


def plot_coverage(path, out, slowest=5):
    """The drill's coverage curve: the whole area and its slowest grids, with the target line."""
    with h5py.File(path, "r") as f:
        curve = f["emergency/coverage"][:]
        grids = f["emergency/grids"][:]
    drill = text(curve["drill"][0])
    run = int(curve["run"][0])
    mine = curve[(curve["run"] == run) & (curve["drill"] == curve["drill"][0])]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    area = mine[mine["grid"] == -1]
    ax.plot(area["minute"] / 60.0, area["coverage"], color="black", linewidth=2.2,
            label="whole area")
    g = grids[(grids["run"] == run) & (grids["drill"] == curve["drill"][0])]
    order = sorted(g, key=lambda r: -(r["hours_to_95"] if r["hours_to_95"] == r["hours_to_95"]
                                      else 1e9))
    for r in order[:slowest]:
        rows = mine[mine["grid"] == r["grid"]]
        ax.plot(rows["minute"] / 60.0, rows["coverage"], linewidth=1,
                label=f"grid {int(r['grid'])} ({int(r['households'])} households, "
                      f"{int(r['people'])} people)")
    ax.axvline(3.0, color="red", linestyle="--", linewidth=1, label="3 hours")
    ax.axhline(0.95, color="grey", linestyle=":", linewidth=1, label="95%")
    ax.set_xlabel("hours after the emergency was declared")
    ax.set_ylabel("share of households covered")
    ax.set_ylim(0, 1.02)
    ax.set_title(f"door-to-door screening '{drill}': the area and its {slowest} slowest grids",
                 fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    out = output_png(out, path.rsplit(".", 1)[0] + "-coverage.png")
    fig.savefig(out, dpi=120)
    print(out)
    return 0


def plot_service(path, out):
    """/service/hourly of the first run: the p95 filing wait by hour of both day types against
    the target, and the operators on duty on a second axis."""
    with h5py.File(path, "r") as f:
        if "service/hourly" not in f:
            sys.exit(f"plot_results: {path} has no /service/hourly")
        rows = f["service/hourly"][:]
    run = rows["run"][0]
    rows = rows[rows["run"] == run]
    target = float(rows["service_target_minutes"][0])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    staff = ax.twinx()
    for day_type, color in (("working", "tab:blue"), ("rest", "tab:orange")):
        mine = rows[[text(t) == day_type for t in rows["day_type"]]]
        mine = mine[mine["hour"].argsort()]
        ax.plot(mine["hour"] + 0.5, mine["filing_wait_hours_p95"] * 60.0, marker="o",
                color=color, label=f"p95 wait, {day_type} days")
        staff.step(list(mine["hour"]) + [24], list(mine["operators"]) + [mine["operators"][-1]],
                   where="post", color=color, linestyle=":", linewidth=1,
                   label=f"operators on duty, {day_type} days")
    ax.axhline(target, color="red", linestyle="--", linewidth=1, label=f"target {target:g} min")
    ax.set_xlabel("hour of day the case joined the operators' queue")
    ax.set_ylabel("95th percentile of the wait for an operator [minutes]")
    staff.set_ylabel("seat operators on duty")
    staff.set_ylim(0, max(1, rows["operators"].max()) * 1.4)
    ax.set_xlim(0, 24)
    ax.set_xticks(range(0, 25, 3))
    worst = max([target] + [p for p in rows["filing_wait_hours_p95"] * 60.0 if p == p])
    ax.set_ylim(0, worst * 1.4)  # room for the legend above the lines
    ax.set_title(f"filing service level by hour (run {int(run)})", fontsize=10)
    lines, labels = ax.get_legend_handles_labels()
    more, more_labels = staff.get_legend_handles_labels()
    ax.legend(lines + more, labels + more_labels, fontsize=7, loc="upper right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    out = output_png(out, path.rsplit(".", 1)[0] + "-service.png")
    fig.savefig(out, dpi=120)
    print(out)
    return 0


def plot_staffing(path, out):
    """A `gridplan staff` file: /staffing/answer (the plan against the scenario's, by knob) and
    the answered plan's constraints of /staffing/constraints (bound and mean against the target).
    Operators are drawn by hour, both day types; other pools knob by knob."""
    with h5py.File(path, "r") as f:
        answer = f["staffing/answer"][:]
        plans = f["staffing/plans"][:]
        constraints = f["staffing/constraints"][:]
        title = f["staffing/plans"].attrs.get("description", b"")
    chosen = plans["plan"][plans["chosen"] == 1]
    mine = constraints[constraints["plan"] == chosen[0]] if len(chosen) else constraints[:0]
    knobs = [text(k) for k in answer["knob"]]
    hourly = all(k.startswith(("working ", "rest ")) for k in knobs)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.5))
    if hourly:
        for day_type, color, first in (("working", "tab:blue", 0), ("rest", "tab:orange", 24)):
            hours = list(range(25))
            for column, style, what in (("plan", "-", "plan"), ("scenario", ":", "scenario")):
                values = list(answer[column][first:first + 24])
                top.step(hours, values + [values[-1]], where="post", color=color,
                         linestyle=style, label=f"{what}, {day_type} days")
            rows = [c for c in mine if text(c["constraint"]).startswith(day_type + " ")]
            x = [int(text(c["constraint"]).split()[1][:2]) + 0.5 for c in rows]
            bottom.plot(x, [c["bound"] for c in rows], marker="o", color=color,
                        label=f"bound, {day_type} days")
            bottom.plot(x, [c["mean"] for c in rows], color=color, linestyle=":", linewidth=1,
                        label=f"mean, {day_type} days")
        top.set_xlim(0, 24)
        bottom.set_xlim(0, 24)
        top.set_xticks(range(0, 25, 3))
        bottom.set_xticks(range(0, 25, 3))
        top.set_ylabel("operators on duty")
        bottom.set_xlabel("hour of day")
    else:
        x = range(len(knobs))
        top.bar([i - 0.2 for i in x], answer["scenario"], width=0.4, color="lightgray",
                label="scenario")
        top.bar([i + 0.2 for i in x], answer["plan"], width=0.4, color="tab:blue", label="plan")
        top.set_xticks(list(x))
        top.set_xticklabels(knobs, rotation=60, ha="right", fontsize=7)
        top.set_ylabel("staff")
        names = [text(c["constraint"]) for c in mine]
        bottom.plot(range(len(names)), mine["bound"], marker="o", linestyle="", label="bound")
        bottom.plot(range(len(names)), mine["mean"], marker="x", linestyle="", label="mean")
        bottom.set_xticks(range(len(names)))
        bottom.set_xticklabels(names, rotation=60, ha="right", fontsize=7)
    if len(mine):
        bottom.axhline(float(mine["target"][0]), color="red", linestyle="--", linewidth=1,
                       label="target")
    bottom.set_ylabel("constraint (target's unit)")
    top.legend(fontsize=7)
    bottom.legend(fontsize=7)
    top.grid(alpha=0.3)
    bottom.grid(alpha=0.3)
    top.set_title(text(title)[:110], fontsize=8)
    fig.tight_layout()
    out = output_png(out, path.rsplit(".", 1)[0] + "-staffing.png")
    fig.savefig(out, dpi=120)
    print(out)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="result file of gridplan sweep (HDF5)")
    parser.add_argument("--kpi", help="KPI name: a /kpi column or daily_<metric>")
    parser.add_argument("--param", help="swept key for the x axis (a /points column)")
    parser.add_argument("--out", help="PNG to write, or a directory to write the default name "
                        "into (default: <file>-<kpi>-<param>.png beside the file); .png is "
                        "appended to a name without it")
    parser.add_argument("--list", action="store_true", help="list KPIs and swept keys, then exit")
    parser.add_argument("--service", action="store_true",
                        help="plot the hourly service level of /service/hourly")
    args = parser.parse_args()

    if args.service:
        return plot_service(args.file, args.out)
    if not args.kpi and not args.list:
        with h5py.File(args.file, "r") as f:
            staffing = "staffing" in f and "answer" in f["staffing"]
        if staffing:
            return plot_staffing(args.file, args.out)
        with h5py.File(args.file, "r") as f:
            has_drill = "emergency" in f and "coverage" in f["emergency"]
            run_file = "summary" not in f and "service" in f and "hourly" in f["service"]
        if has_drill:
            return plot_coverage(args.file, args.out)
        if run_file:
            return plot_service(args.file, args.out)
    summary, points, swept = read_sweep(args.file)
    kpis = list(dict.fromkeys(text(k) for k in summary["kpi"]))
    if args.list:
        print("swept keys:", ", ".join(swept) if swept else "(none)")
        print("KPIs:", ", ".join(kpis))
        return 0
    if not args.kpi or not args.param:
        parser.error("--kpi and --param are required (see --list)")
    if args.param not in swept:
        sys.exit(f"plot_results: {args.param} is not swept in {args.file} "
                 f"(swept: {', '.join(swept) or 'none'})")
    if args.kpi not in kpis:
        sys.exit(f"plot_results: no KPI {args.kpi} in {args.file} (see --list)")

    rows = summary[[text(k) == args.kpi for k in summary["kpi"]]]
    unit = text(rows["unit"][0]) if len(rows) else ""
    others = [k for k in swept if k != args.param]
    value_of = {int(p["point"]): {k: text(p[k]) for k in swept} for p in points}
    x_texts = list(dict.fromkeys(text(p[args.param]) for p in points))
    numeric = all(number_or_none(v) is not None for v in x_texts)

    # One line per combination of the other swept keys, in sweep order.
    short = {k: shorten(dict.fromkeys(value_of[p][k] for p in value_of)) for k in others}
    lines = {}
    for r in rows:
        values = value_of[int(r["point"])]
        key = ", ".join(f"{k}={short[k][values[k]]}" for k in others)
        x_text = values[args.param]
        x = number_or_none(x_text) if numeric else x_texts.index(x_text)
        lines.setdefault(key, []).append((x, float(r["mean"]), float(r["ci95_half_width"]),
                                          int(r["n"])))

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, pts in lines.items():
        pts.sort()
        xs = [p[0] for p in pts]
        means = [p[1] for p in pts]
        halves = [p[2] if p[2] == p[2] else 0.0 for p in pts]  # NaN (n < 2): no band
        line, = ax.plot(xs, means, marker="o", label=label or None)
        ax.fill_between(xs, [m - h for m, h in zip(means, halves)],
                        [m + h for m, h in zip(means, halves)], color=line.get_color(),
                        alpha=0.2, linewidth=0)
    if not numeric:
        ax.set_xticks(range(len(x_texts)))
        x_short = shorten(x_texts)
        ax.set_xticklabels([x_short[t] for t in x_texts], rotation=20, ha="right", fontsize=8)
    n_values = sorted({p[3] for pts in lines.values() for p in pts})
    ax.set_xlabel(args.param)
    ax.set_ylabel(f"{args.kpi} [{unit}]" if unit else args.kpi)
    ax.set_title(f"{args.kpi}: mean and 95% interval over "
                 f"{'/'.join(map(str, n_values))} replications", fontsize=10)
    if any(lines.keys()):
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    out = output_png(args.out, args.file.rsplit(".", 1)[0] + f"-{args.kpi}-{args.param}.png")
    fig.savefig(out, dpi=120)
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
