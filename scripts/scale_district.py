#!/usr/bin/env python3
"""Writes a district K times the size of a base scenario, for measuring that a run's cost is
linear in its work (docs/performance.md, "Issue 18's other figures").

    scripts/scale_district.py scenarios/hongqiao-2023.toml 2 /tmp/hongqiao-x2.toml

The result includes the base and adds, for every street, K-1 copies (same communities, grids,
households and office staff), so grids, grid workers, households and street offices grow K
times; it multiplies every source's cases a year, every department's staff, the platform's
operators in every hour, the district leaders and the district mediation centre's mediators
by K. Community and street mediation centres and rooms on "all" streets follow the streets.
Utilisations therefore stay those of the base. Not scaled: the emergency drills (one area each)
and rooms named for one street.
"""
import os
import sys
import tomllib


def value(v):
    """A TOML value for a number or a list of numbers."""
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return repr(v)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: scale_district.py BASE.toml K OUT.toml")
    base_path, out_path = sys.argv[1], sys.argv[3]
    k = int(sys.argv[2])
    if k < 1:
        sys.exit("K must be a whole number >= 1")
    with open(base_path, "rb") as f:
        base = tomllib.load(f)
    include = os.path.relpath(os.path.abspath(base_path), os.path.dirname(os.path.abspath(out_path)))
    out = [f"# {k} x {os.path.basename(base_path)}: written by scripts/scale_district.py",
           f'include = "{include}"', "",
           "[scenario]", f'name = "{base["scenario"]["name"]}-x{k}"', ""]
    for name, street in base["streets"].items():
        for copy in range(2, k + 1):
            out.append(f"[streets.{name}_{copy}]")
            out += [f"{key} = {value(v)}" for key, v in street.items()]
            out.append("")
    structure = base.get("structure", {})
    totals = [key for key in ("basic_grids", "households") if key in structure]
    if totals:
        out.append("[structure]")
        out += [f"{key} = {structure[key] * k}" for key in totals]
        out.append("")
    for name, source in base["sources"].items():
        out += [f"[sources.{name}]", f"per_year = {value(source['per_year'] * k)}", ""]
    for name, department in base["departments"].items():
        out += [f"[departments.{name}]", f"staff = {department['staff'] * k}", ""]
    platform = base["platform"]
    out.append("[platform]")
    for key in ("operators_by_hour", "operators_by_hour_rest"):
        if key in platform:
            out.append(f"{key} = {value([x * k for x in platform[key]])}")
    out.append("")
    if "whistle" in base and "leaders" in base["whistle"]:
        out += ["[whistle]", f"leaders = {base['whistle']['leaders'] * k}", ""]
    district = base.get("mediation", {}).get("district")
    if district and "mediators" in district:
        out += ["[mediation.district]", f"mediators = {district['mediators'] * k}", ""]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
