"""Shared plumbing of the Corridor notebooks.

Finds the repository, runs the project's own command-line entry point (``corridor.jar``: ``plan``,
``frontier``, ``explain``), reads the scenario's CSV files for drawing, saves figures, and records
what a notebook printed in a small summary JSON so that the tests (``NotebooksIT``) can check those
numbers against the JSON the CLI wrote. Nothing here models the problem: every plan, frontier and
explanation comes from the CLI.

Environment (all optional):
  CORRIDOR_JAR     the runnable jar (default: optimizer/target/corridor.jar, built if missing)
  CORRIDOR_NB_OUT  where figures, plans and summaries go (default: notebooks/out, gitignored)
"""
import io
import json
import math
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd


def repo_root(start=None):
    """The first directory at or above ``start`` (default: the working directory, which Jupyter
    sets to the notebook's folder) that holds the Corridor build and scenario."""
    here = Path(start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        if (d / "optimizer" / "pom.xml").is_file() and (d / "data" / "afghanistan" / "scenario.json").is_file():
            return d
    raise FileNotFoundError(f"no Corridor repository at or above {here}: open the notebook from its checkout")


ROOT = repo_root(Path(__file__).parent)
SCENARIO = ROOT / "data" / "afghanistan"
BUILD = ["mvn", "-q", "-B", "-pl", "optimizer", "-am", "package", "-DskipTests"]


def out_dir():
    """Folder for this run's figures, plans and summaries (created if missing)."""
    d = Path(os.environ.get("CORRIDOR_NB_OUT") or ROOT / "notebooks" / "out").resolve()
    d.mkdir(parents=True, exist_ok=True)
    return d


def jar():
    """The runnable jar; on a fresh checkout it is built once with Maven (about a minute)."""
    j = Path(os.environ.get("CORRIDOR_JAR") or ROOT / "optimizer" / "target" / "corridor.jar")
    if not j.is_file():
        if "CORRIDOR_JAR" in os.environ:
            raise FileNotFoundError(f"CORRIDOR_JAR names {j}, which does not exist")
        print("building", j.name, "with:", " ".join(BUILD), flush=True)
        subprocess.run(BUILD, cwd=ROOT, check=True)
    return j


def cli(*args, ok=(0,)):
    """Run ``java -jar corridor.jar ARGS`` and return its standard output; an exit code outside
    ``ok`` raises with the CLI's own message (the notebook cell then fails, and so does the test)."""
    cmd = ["java", "-jar", str(jar()), *map(str, args)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in ok:
        raise RuntimeError(f"corridor {args[0]} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return done.stdout


def plan(name, rules=None, options=None, must_solve=True):
    """Solve the Afghanistan scenario with the CLI's ``plan`` subcommand (optionally with another
    rules file and an options file); write ``NOTEBOOK.NAME.plan.json`` to the output folder and return
    the plan as a dict, with the file's path under ``_file`` and the CLI's printed summary under
    ``_stdout``. The CLI exits with 1 when the solver found no plan (e.g. an infeasible budget): that
    raises unless ``must_solve`` is False, in which case the plan it wrote (with its status) is returned."""
    return _command("plan", name, _inputs(rules, options), ok=(0,) if must_solve else (0, 1))


def frontier(name, budgets, rules=None, options=None):
    """The CLI's ``frontier``: one plan per risk budget (solved side by side in one JVM), which of them
    are non-dominated, and which budgets reached no solution (then the CLI exits with 1 but still
    writes the report); written to ``NOTEBOOK.NAME.frontier.json`` and returned as a dict."""
    return _command("frontier", name, _inputs(rules, options) + ["--budgets", ",".join(str(float(b)) for b in budgets)],
                    ok=(0, 1))


def explain(name, rules=None, options=None, value_only=True):
    """The CLI's ``explain``: the value of access of every rule in force (each confirmed by a re-solve
    without it) and, unless ``value_only``, why each unmet need is unmet; written to
    ``NOTEBOOK.NAME.explain.json`` and returned as a dict."""
    return _command("explain", name, _inputs(rules, options) + (["--value-only"] if value_only else []))


def _inputs(rules, options):
    return (["--rules", rules] if rules is not None else []) + (["--options", options] if options is not None else [])


def _command(command, name, args, ok=(0,)):
    """Run ``corridor COMMAND --scenario data/afghanistan ARGS --out NOTEBOOK.NAME.COMMAND.json``,
    record the file in the summary under the command, and return its JSON with ``_file`` and
    ``_stdout`` (the CLI's printed report) added."""
    out = own_file(name, command + ".json")
    out.unlink(missing_ok=True)
    stdout = cli(command, "--scenario", SCENARIO, *args, "--out", out, ok=ok)
    if not out.is_file():
        raise RuntimeError(f"corridor {command} wrote nothing for {name}:\n{stdout[-2000:]}")
    _summary["outputs"].setdefault(command, {})[name] = out.name
    result = json.loads(out.read_text())
    result.update(_file=str(out), _stdout=stdout)
    return result


def plans(jobs):
    """Several ``plan`` calls at once (each is its own JVM; solves spend much of their wall time
    outside the CPU, so a few in parallel finish well before the same run in sequence).
    ``jobs`` maps a name to the keyword arguments of :func:`plan`; results keep the jobs' order."""
    with ThreadPoolExecutor(max_workers=min(4, len(jobs))) as pool:
        futures = {name: pool.submit(plan, name, **kw) for name, kw in jobs.items()}
        return {name: f.result() for name, f in futures.items()}


def own_file(name, suffix):
    """``NOTEBOOK.NAME.SUFFIX`` in the output folder: each notebook's files apart from the others'."""
    return out_dir() / f"{_summary['notebook']}.{name}.{suffix}"


def write_json(obj, path):
    """Write ``obj`` as strict JSON to ``path`` (NaN and infinities become null) and return the path."""
    path.write_text(json.dumps(_plain(obj), indent=2, allow_nan=False) + "\n")
    return path


def _plain(obj):
    """``obj`` with numpy scalars made Python numbers and NaN or infinite floats made None."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


# ---- scenario files (read for drawing and labelling only) ----

def read_csv(name):
    """One of the scenario's CSV files; leading ``#`` lines are provenance notes, not data."""
    lines = (SCENARIO / name).read_text(encoding="utf-8").splitlines(keepends=True)
    return pd.read_csv(io.StringIO("".join(l for l in lines if not l.startswith("#"))), keep_default_na=False)


def locations():
    """Provinces and entry points with kind, name, lat, lon and region, indexed by id."""
    prov = read_csv("provinces.csv")
    prov = pd.DataFrame({"id": prov.pcode, "kind": "province", "name": prov.name,
                         "lat": prov.lat, "lon": prov.lon, "region": prov.region})
    ep = read_csv("entry_points.csv")
    region = prov.set_index("id").region
    ep = pd.DataFrame({"id": ep.id, "kind": ep["type"], "name": ep.name, "lat": ep.lat, "lon": ep.lon,
                       "region": ep.province_pcode.map(region)})
    return pd.concat([prov, ep], ignore_index=True).set_index("id")


def windows(text):
    """Scenario-day windows written ``from-to;from-to`` as a list of (from, to) pairs."""
    return [tuple(int(x) for x in w.split("-")) for w in str(text).split(";") if w.strip()]


def overlaps(window, horizon_days):
    """True when a (from, to) day window meets the plan's days 0 .. horizon-1."""
    return window[0] <= horizon_days - 1 and window[1] >= 0


def base_rules():
    """The scenario's access rules as written in data/afghanistan/rules.json."""
    return json.loads((SCENARIO / "rules.json").read_text())


def rules_with(name, *extra):
    """Write the scenario's rules plus ``extra`` rules to ``NOTEBOOK.NAME.rules.json`` in the output
    folder (for ``plan --rules``) and return its path."""
    return write_json(base_rules() + list(extra), own_file(name, "rules.json"))


def what_if_rule(rule_type, rule_id, from_day, to_day, source, **fields):
    """An access rule for a what-if, labelled as such, in force on scenario days from_day..to_day."""
    start_date = json.loads((SCENARIO / "scenario.json").read_text())["startDate"]
    return {"type": rule_type, "id": rule_id, **fields,
            "provenance": {"source": "ILLUSTRATIVE what-if: " + source, "reliability": "E", "asOf": start_date},
            "validity": {"fromDay": from_day, "toDay": to_day}}


# ---- figures and the summary the tests check ----

_summary = {"notebook": None, "outputs": {}, "figures": [], "printed": {}}


def start(notebook):
    """Begin this notebook's summary (call once, in the first cell): the CLI outputs it read (by
    command and name), the figures it saved and the numbers it printed, written out by :func:`finish`."""
    _summary.update(notebook=notebook, outputs={}, figures=[], printed={})
    print(f"figures, plans and summary go to {out_dir()}")


def save(fig, name):
    """Save a figure as PNG into the output folder (and keep it shown in the notebook)."""
    path = own_file(name, "png")
    fig.savefig(path, dpi=110, bbox_inches="tight", facecolor="white")
    _summary["figures"].append(path.name)
    return path


def record(key, value):
    """Remember a value the notebook printed, for the tests to recompute from the plan JSON."""
    _summary["printed"][key] = value
    return value


def finish():
    """Write ``NOTEBOOK.summary.json`` (figures saved, numbers printed) into the output folder."""
    path = write_json(_summary, out_dir() / f"{_summary['notebook']}.summary.json")
    print("summary:", path.name, "| figures:", ", ".join(_summary["figures"]))

