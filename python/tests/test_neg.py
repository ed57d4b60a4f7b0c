"""The Python package against the command line and against NegMAS.

The command line is the reference: `plan.run()` must be exactly what
`neg run --format json` prints, and NegMAS's own Pareto frontier and Nash
point on `plan.to_negmas()` must be neg's.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import neg

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.neg"))
TECH = ROOT / "examples" / "tech_transfer.neg"


def cli() -> str:
    """The `neg` binary `cargo test --release` built (or $NEG_BIN)."""
    path = os.environ.get("NEG_BIN") or str(ROOT / "target" / "release" / "neg")
    assert Path(path).exists(), f"build the command line first (cargo build --release): {path}"
    return path


def cli_json(plan: Path, *extra: str) -> list:
    out = subprocess.run(
        [cli(), "--format", "json", "run", str(plan), *extra],
        capture_output=True,
        text=True,
        cwd=plan.parent,
    )
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_run_is_what_the_command_line_prints(example: Path, tmp_path: Path) -> None:
    # On copies, so that plots land in a scratch folder.
    for other in EXAMPLES:
        (tmp_path / other.name).write_text(other.read_text())
    plan = tmp_path / example.name
    assert neg.load(plan).run() == cli_json(plan)


def test_one_command_gives_the_frontier_the_command_line_gives(tmp_path: Path) -> None:
    plan = tmp_path / "tech.neg"
    plan.write_text(TECH.read_text() + "\nfrontier\n")
    from_cli = cli_json(plan)[-1]
    ours = neg.load(TECH).run_command("frontier")
    assert ours == from_cli
    assert len(ours["points"]) == 15
    assert sum(p["in_negotiation_set"] for p in ours["points"]) == 8


def test_nash_of_tech_transfer_is_the_worked_package() -> None:
    # docs: components 40 + 36, devices 35 + 35; the product 36 × 35 = 1260
    # beats the logroll's 21 × 42.5 = 892.5.
    nash = neg.load(TECH).run_command("nash")
    assert nash["package"] == {"price": 120.0, "restriction": "three_years", "support": "full"}
    assert nash["gains"] == {"components": 36.0, "devices": 35.0}


def test_declarations_say_where_each_name_is(tmp_path: Path) -> None:
    (tmp_path / "sides.neg").write_text("party a { batna 0 }\nparty b { batna 0 }\n")
    text = (
        'import "sides.neg"\nissue x : lo | hi\n'
        "prefs a { x = { lo: 1, hi: 0 } }\nprefs b { x = { lo: 0, hi: 1 } }\n"
    )
    declared = neg.loads(text, name="deal.neg", base_dir=tmp_path).declarations
    assert [(d["name"], d["kind"], Path(d["file"]).name, d["line"], d["column"]) for d in declared] == [
        ("a", "party", "sides.neg", 1, 7),
        ("b", "party", "sides.neg", 2, 7),
        ("x", "issue", "deal.neg", 2, 7),
    ]


def test_a_bad_plan_raises_pointing_at_its_line() -> None:
    text = (
        "party a { batna 0 }\nparty b { batna 0 }\nissue x : lo | hi\n"
        "prefs a { x = { lo: 1, high: 2 } }\nprefs b { x = { lo: 2, hi: 1 } }\n"
    )
    with pytest.raises(neg.NegError) as caught:
        neg.loads(text, name="bad.neg")
    errors = [d for d in caught.value.diagnostics if d["severity"] == "error"]
    assert len(errors) == 1, errors
    assert errors[0]["file"] == "bad.neg"
    assert (errors[0]["line"], errors[0]["column"]) == (4, 24)
    assert errors[0]["message"] == "`high` is not an option of issue `x`"
    assert str(caught.value) == "bad.neg:4:24: `high` is not an option of issue `x`"


def test_an_unreadable_plan_raises_without_a_place(tmp_path: Path) -> None:
    with pytest.raises(neg.NegError) as caught:
        neg.load(tmp_path / "missing.neg")
    (d,) = caught.value.diagnostics
    assert (d["code"], d["line"], d["file"]) == ("neg::io", None, None)
    assert "no such file" in d["message"]


def test_a_bad_command_points_into_the_command() -> None:
    plan = neg.load(TECH)
    with pytest.raises(neg.NegError) as caught:
        plan.run_command("evaluate nothing")
    (d,) = caught.value.diagnostics
    assert (d["file"], d["line"], d["column"], d["code"]) == ("<command>", 1, 10, "neg::check::unknown-name")
    with pytest.raises(neg.NegError) as caught:
        plan.run_command("party c { batna 1 }")
    assert caught.value.diagnostics[0]["code"] == "neg::api::one-command"


def test_imports_resolve_against_the_base_folder(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "sides.neg").write_text("party a { batna 0 }\nparty b { batna 0 }\n")
    text = (
        'import "shared/sides.neg"\nissue x : 0 .. 10 step 5\n'
        "prefs a { x = linear(0 -> 0, 10 -> 10) }\nprefs b { x = linear(0 -> 10, 10 -> 0) }\n"
        'plot "space.svg"\n'
    )
    plan = neg.loads(text, base_dir=tmp_path)
    assert plan.run_command("nash")["package"] == {"x": 5.0}
    (plot,) = plan.run()
    assert plot["command"] == "plot" and plot["frontier_points"] == 3
    assert (tmp_path / "space.svg").read_text().startswith("<svg")


@pytest.fixture(autouse=True)
def negmas_installed(request: pytest.FixtureRequest) -> None:
    """NegMAS tests need NegMAS: `.ci/run` installs it and sets
    NEG_REQUIRE_NEGMAS, so there they fail rather than skip."""
    if "negmas" not in request.node.name:
        return
    try:
        import negmas  # noqa: F401
    except ImportError:
        if os.environ.get("NEG_REQUIRE_NEGMAS"):
            pytest.fail("negmas is not installed")
        pytest.skip("negmas is not installed")


def expressible():
    for example in EXAMPLES:
        try:
            neg.load(example).additive("NegMAS")
        except neg.NegError:
            continue
        yield example


@pytest.mark.parametrize("example", list(expressible()), ids=lambda p: p.stem)
def test_negmas_frontier_and_nash_are_negs(example: Path) -> None:
    from negmas.preferences.ops import nash_points, pareto_frontier

    plan = neg.load(example)
    scenario = plan.to_negmas()
    parties = [p["id"] for p in plan.scenario["parties"]]
    assert [u.name for u in scenario.ufuns] == parties
    assert [u.reserved_value for u in scenario.ufuns] == [p["batna"] for p in plan.scenario["parties"]]
    frontier = plan.run_command("frontier")["points"]
    utilities = lambda pts: sorted(tuple(float(x) for x in p) for p in pts)  # noqa: E731
    # NegMAS's frontier is among outcomes at or above every reserved value.
    theirs, _ = pareto_frontier(scenario.ufuns, issues=scenario.outcome_space.issues)
    assert utilities(theirs) == utilities(
        [p["cared"][n] for n in parties] for p in frontier if p["in_negotiation_set"]
    )
    # Without reserved values, it is the whole frontier.
    nash = nash_points(scenario.ufuns, theirs, outcome_space=scenario.outcome_space)
    for u in scenario.ufuns:
        u.reserved_value = float("-inf")
    whole, _ = pareto_frontier(scenario.ufuns, issues=scenario.outcome_space.issues)
    assert utilities(whole) == utilities([p["cared"][n] for n in parties] for p in frontier)
    # NegMAS's Nash point is neg's.
    ours = plan.run_command("nash")
    assert [tuple(float(x) for x in nash[0][0])] == [tuple(ours["cared"][n] for n in parties)]


@pytest.mark.parametrize("example", list(expressible()), ids=lambda p: p.stem)
def test_a_negmas_round_trip_keeps_the_nash_package(example: Path) -> None:
    plan = neg.load(example)
    back = neg.from_negmas(plan.to_negmas())
    assert back.additive() == plan.additive()
    for command in ("nash", "kalai", "welfare"):
        assert back.run_command(command)["package"] == plan.run_command(command)["package"], command


def test_what_negmas_cannot_express_is_named() -> None:
    with pytest.raises(neg.NegError) as caught:
        neg.load(ROOT / "examples" / "term_sheet.neg").to_negmas()
    messages = [(d["code"], d["message"]) for d in caught.value.diagnostics]
    assert messages == [
        ("neg::export::contingent", "NegMAS cannot express the contingent issue `equity`"),
        ("neg::export::rule", 'NegMAS cannot express rule "free consulting comes with a board seat"'),
    ]
    with pytest.raises(neg.NegError) as caught:
        neg.load(ROOT / "examples" / "laptop_fleet.neg").to_negmas()
    assert caught.value.diagnostics[0]["code"] == "neg::export::extra"
    with pytest.raises(neg.NegError) as caught:
        neg.load(ROOT / "examples" / "renovation.neg").to_negmas()
    assert caught.value.diagnostics[0]["code"] == "neg::export::contingent"
    hidden = neg.loads(
        "party a { batna 0 }\nparty b\nissue x : p | q\nprefs a { x = { p: 1, q: 0 } }\n"
        "prefs b as one { x = { p: 0, q: 1 } }\nprefs b as two { x = { p: 1, q: 0 } }\n"
    )
    with pytest.raises(neg.NegError) as caught:
        hidden.to_negmas()
    assert [(d["code"], d["message"]) for d in caught.value.diagnostics] == [
        ("neg::export::hypotheses", "NegMAS cannot express hypotheses about `b`'s score sheet")
    ]


def test_a_negmas_utility_function_that_is_not_additive_is_refused() -> None:
    from negmas.inout import Scenario
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import MappingUtilityFunction

    space = make_os([make_issue(values=["a", "b"], name="x")])
    u = MappingUtilityFunction(lambda o: 1.0, outcome_space=space, name="odd")
    with pytest.raises(neg.NegError) as caught:
        neg.from_negmas(Scenario(outcome_space=space, ufuns=(u, u)))
    assert caught.value.diagnostics[0]["code"] == "neg::negmas::not-additive"


def test_the_readme_and_docstrings_run_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    monkeypatch.chdir(ROOT)
    for result in (
        doctest.testmod(neg),
        doctest.testfile(str(ROOT / "python" / "README.md"), module_relative=False),
    ):
        assert result.failed == 0 and result.attempted > 0, result
