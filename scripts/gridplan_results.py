"""Read a gridplan result file (HDF5) into pandas DataFrames.

    import sys; sys.path.insert(0, "scripts")
    import gridplan_results
    tables = gridplan_results.load("output/hongqiao-2023-20231207.h5")
    tables["departments"]            # one DataFrame per table, strings decoded
    tables["kpi"][["run", "replication", "cases_open"]]

Every table of the file is a key ("kpi", "timeseries/daily", ...). Fixed-length byte strings
are decoded as UTF-8 text. A table with a `run` column gets the `/runs` columns it lacks
(replication, seed, ...) joined on `run` (join_runs=False keeps the tables as written; then
`with_runs(df, tables["runs"])` does it for one table). Each DataFrame's `attrs` hold the
table's `description` and `units` (column -> unit). Needs h5py, numpy and pandas only.
"""

import h5py
import numpy as np
import pandas as pd

__all__ = ["load", "with_runs", "table_names"]


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _attr_list(dataset, name):
    value = dataset.attrs.get(name)
    if value is None:
        return []
    if isinstance(value, (bytes, str)):
        return [_text(value)]
    return [_text(v) for v in np.atleast_1d(value)]


def table_names(path):
    """The names of every table (compound dataset) of the file, sorted as HDF5 lists them."""
    names = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and obj.dtype.names is not None:
            names.append(name)

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return names


def _frame(dataset):
    data = dataset[()]
    columns = {}
    for name in data.dtype.names:
        values = data[name]
        if values.dtype.kind == "S":
            columns[name] = [v.decode("utf-8") for v in values]
        elif values.dtype.kind == "O":
            columns[name] = [_text(v) for v in values]
        else:
            columns[name] = values
    frame = pd.DataFrame(columns, columns=list(data.dtype.names))
    units = _attr_list(dataset, "units")
    frame.attrs["description"] = _text(dataset.attrs.get("description", ""))
    frame.attrs["units"] = dict(zip(data.dtype.names, units)) if units else {}
    return frame


def with_runs(frame, runs):
    """`frame` with the columns of `runs` (the /runs table) it lacks, joined on `run`;
    `frame` itself if it has no `run` column."""
    if "run" not in frame.columns or frame is runs or "run" not in runs.columns:
        return frame
    extra = [c for c in runs.columns if c != "run" and c not in frame.columns]
    if not extra:
        return frame
    joined = frame.merge(runs[["run"] + extra], on="run", how="left", sort=False)
    joined.attrs = dict(frame.attrs)
    return joined


def load(path, join_runs=True):
    """Every table of the result file `path` as a DataFrame, by name ("kpi", "timeseries/daily",
    ...), strings decoded; with `join_runs`, tables with a `run` column get the /runs columns
    they lack."""
    tables = {}
    with h5py.File(path, "r") as f:
        for name in table_names(path):
            tables[name] = _frame(f[name])
    if join_runs and "runs" in tables:
        runs = tables["runs"]
        for name, frame in tables.items():
            if name != "runs":
                tables[name] = with_runs(frame, runs)
    return tables


if __name__ == "__main__":
    import sys

    for path in sys.argv[1:]:
        for name, frame in load(path).items():
            print(f"{path}: /{name}: {len(frame)} rows, columns {', '.join(frame.columns)}")
