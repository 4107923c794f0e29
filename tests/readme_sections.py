"""Regenerate the README's measured sections from the lab's own reports (`make readme`).

Each block sits between `<!-- begin: NAME -->` and `<!-- end: NAME -->`; nothing between them is
written by hand. Sources: reports/verify.md (`make report`), reports/sweep.json (`make sweep`),
reports/bench.json (`make bench`), reports/times.json (`make times`), reports/config-example.txt (`make config-example`),
reports/screenshots/verify-1280.png (`make screenshots`: the HTML report as Chromium shows it, copied
beside the README as examples/report/verify-1280.png), the catalog (what each scenario runs) and
the captured live runs (tests/data/runs, `make fixtures`: the margins kept from each timing bound). A report
that is missing leaves its blocks as they were and says so.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox import catalog  # noqa: E402

MB = 1024 * 1024
README = ROOT / "README.md"
REPORTS = ROOT / "reports"


def _table_after(markdown: str, heading: str) -> str | None:
    """The Markdown table that follows `## heading` in a report."""
    match = re.search(rf"^## {re.escape(heading)}\n+((?:\|.*\n)+)", markdown, re.MULTILINE)
    return match[1].rstrip("\n") if match else None


def verify_blocks(path: Path) -> dict[str, str]:
    text = path.read_text()
    stamp = re.search(r"^Observed .*$", text, re.MULTILINE)
    blocks = {}
    for name, heading in (
        ("verify-article", "What the article got right, and what changed"),
        ("verify-lessons", "Beyond the article: what the docs and issues say, observed"),
    ):
        if table := _table_after(text, heading):
            blocks[name] = (f"{stamp[0]}\n\n" if stamp else "") + table
    return blocks


def lesson_list() -> str:
    """What each lesson teaches, in two lines: its make target and title, then what its source says."""
    return "\n".join(
        f"- **{scenario.claim} `make scenario-{scenario.name}`**: {scenario.title}.  \n"
        f"  {scenario.statement} *({scenario.source})*"
        for scenario in catalog.LESSONS
    )


def sweep_block(path: Path) -> str:
    data = json.loads(path.read_text())
    cells = data["cells"]
    shapes = sorted({(c["processes"], c["threads"]) for c in cells})
    lines = [
        f"T = {data['ms']:g} ms, {data['concurrency']} clients, {data['duration']:g} s per cell; requests per "
        "second, and the server's memory at the end of the cell (PSS summed over its processes: pages "
        "the processes share are split among them, so forked workers are not counted twice nor missed):",
        "",
        "| server | workload | " + " | ".join(f"p{p} t{t}" for p, t in shapes) + " |",
        "|---|---|" + "---|" * len(shapes),
    ]
    for server in sorted({c["server"] for c in cells}):
        for workload in ("io", "cpu"):
            row = {
                (c["processes"], c["threads"]): c
                for c in cells
                if (c["server"], c["workload"]) == (server, workload)
            }
            if not row:
                continue
            values = [
                f"{row[s]['throughput']:.1f}"
                + (f", {row[s]['pss'] / MB:.0f} MB" if row[s].get("pss") else "")
                if s in row
                else "-"
                for s in shapes
            ]
            lines.append(
                f"| {server} | {'I/O' if workload == 'io' else 'CPU'} | " + " | ".join(values) + " |"
            )
    return "\n".join([*lines, "", *(f"- {line}" for line in data["explanation"])])


def bench_block(path: Path) -> str:
    data = json.loads(path.read_text())
    floor = data["floor"]
    lines = [
        f"`make bench` (uWSGI {data['uwsgi_version']}, `--sleep {data['sleep']:g}`, warm images, medians; each run a "
        "`sandbox run NAME --json` process timed from its start to its exit). The floor, measured in the same "
        "bench with the same image through the SDK and only loopback, as a run has: start to ready "
        f"{floor['start_to_ready']:.2f} s, one exec {floor['exec']:.2f} s, removal {floor['remove']:.2f} s, "
        f'{floor["total"]:.2f} s in all. Phases: "ready" runs from the start until the log says ready; '
        '"look, exec, requests" is what follows, beyond the sleeps: the exec of the first look (its own '
        "start, which uWSGI's boot covers only in part), the look itself (as the container timed it, "
        "also shown alone), then the requests, steps or measurements.",
        "",
        "| scenario | containers | wall s | its own sleeps s | overhead s | per container s | x floor | "
        "start s | ready s | look, exec, requests s | the look s | teardown s | rest: Python, judging, output s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in data["scenarios"]:
        phases = row["phases"]
        beyond = sum(phases.get(phase, 0) for phase in ("probe", "traffic", "measure")) - row["sleeps"]
        lines.append(
            f"| {row['scenario']} | {row['containers']} | {row['wall']:.2f} | {row['sleeps']:.2f} | "
            f"{row['overhead']:.2f} | {row['overhead_per_container']:.2f} | {row['x_floor']:.1f} | "
            f"{phases.get('start', 0):.2f} | {phases.get('ready', 0):.2f} | {beyond:.2f} | "
            f"{phases.get('probe', 0):.2f} | {phases.get('teardown', 0):.2f} | {phases.get('rest', 0):.2f} |"
        )
    return "\n".join(lines)


def times_block(path: Path) -> str:
    """How long each scenario takes, as `make times` measured it: what a class plans by."""
    data = json.loads(path.read_text())
    by_name = {scenario.name: scenario for scenario in catalog.SCENARIOS}
    lines = [
        f"Measured by `make times` (uWSGI {data['uwsgi_version']}, `SLEEP={data['sleep']:g}`, the default; one run each, "
        "warm images, from the command's start to its exit). The article's requests sleep SLEEP seconds; the "
        "lessons set their own.",
        "",
        "| id | `make` target | what it shows | takes |",
        "|---|---|---|---|",
    ]
    for row in data["scenarios"]:
        scenario = by_name[row["scenario"]]
        lines.append(
            f"| {scenario.claim} | `scenario-{scenario.name}` | {scenario.title} | {row['wall']:.0f} s |"
        )
    total = sum(row["wall"] for row in data["scenarios"])
    lines += ["", f"All of them, one after another: {total / 60:.1f} minutes."]
    return "\n".join(lines)


def bounds_block() -> str:
    """Each timing bound a judge decides by, and how far the lab's captured live runs kept from it
    (tests/data/runs, re-captured by `make fixtures`)."""
    from sandbox.catalog.bounds import MIN_MARGIN, TIMING_BOUNDS
    from sandbox.output.json_run import observation_from_dict

    runs = ROOT / "tests" / "data" / "runs"
    lines = [
        "| claim | what is measured | bound | under it | at or over it | nearest under, live | nearest over, live | "
        "smallest margin |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for bound in TIMING_BOUNDS:
        values = [
            value
            for scenario in bound.scenarios
            for path in sorted(runs.glob(f"{scenario}-*.json"))
            for _, value in bound.measure(observation_from_dict(json.loads(path.read_text())))
        ]
        under, over = bound.closest(values)
        shown = ["-" if value is None else f"{value:.3g}" for value in (under, over)]
        margin = min(bound.margin(value) for value in values) if values else None
        lines.append(
            f"| {bound.claim} | {bound.quantity} | {bound.bound:g} {bound.unit} | {bound.below} | {bound.above} | "
            f"{shown[0]} | {shown[1]} | {'-' if margin is None else f'{margin:.0%}'} |"
        )
    lines += [
        "",
        f"From the lab's captured live runs of both versions (`make fixtures`); a unit test fails when one comes "
        f"within {MIN_MARGIN:.0%} of a bound.",
    ]
    return "\n".join(lines)


def config_example_block(path: Path) -> str:
    """What `make config-example` printed: `try --config` on a public config, as a user sees it."""
    command = "sandbox try --sleep 1 --brief --config examples/configs/django-nginx-tutorial.ini"
    said = "\n".join(line.rstrip() for line in path.read_text().rstrip().splitlines())
    return f"```console\n$ {command}\n{said}\n```"


def verify_time_block(path: Path) -> str:
    verify = json.loads(path.read_text())["verify"]
    return (
        f"`sandbox verify --set article --sleep {verify['sleep']:g}` ({verify['checks']} checks: 8 claims on both "
        f"versions, {verify['jobs']} at once), from the command's start to its exit, in the same bench: "
        f"{verify['seconds']:.1f} s, every verdict as expected: {'yes' if verify['as_expected'] else 'NO'}."
    )


SCREENSHOT = ROOT / "examples" / "report" / "verify-1280.png"


def screenshot_block(path: Path) -> str:
    """The HTML report's first screen, as headless Chromium drew it at 1280 px, kept in git."""
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SCREENSHOT)
    return (
        f"![The verify report's first screen in Chromium at 1280 px: the claims x uWSGI versions table, "
        f"each verdict a link to its run]({SCREENSHOT.relative_to(ROOT)})"
    )


def splice(readme: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- begin: {name} -->\n).*?(<!-- end: {name} -->)", re.DOTALL)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no block {name}")
    return pattern.sub(lambda m: m[1] + body.rstrip("\n") + "\n" + m[2], readme)


def main() -> int:
    readme = README.read_text()
    blocks = {"lesson-list": lesson_list(), "timing-bounds": bounds_block()}
    for path, build in (
        (REPORTS / "verify.md", verify_blocks),
        (REPORTS / "sweep.json", lambda p: {"sweep": sweep_block(p)}),
        (REPORTS / "bench.json", lambda p: {"bench": bench_block(p), "verify-time": verify_time_block(p)}),
        (REPORTS / "times.json", lambda p: {"times": times_block(p)}),
        (REPORTS / "config-example.txt", lambda p: {"config-example": config_example_block(p)}),
        (REPORTS / "screenshots" / "verify-1280.png", lambda p: {"html-screenshot": screenshot_block(p)}),
    ):
        if path.exists():
            blocks |= build(path)
        else:
            print(f"readme: {path.relative_to(ROOT)} is missing; its blocks stay as they are")
    for name, body in blocks.items():
        readme = splice(readme, name, body)
    README.write_text(readme)
    print(f"readme: regenerated {', '.join(sorted(blocks))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
