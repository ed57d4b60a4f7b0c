"""NegMAS in-process: a plan's linear additive description (``Plan.additive``)
as a ``negmas.inout.Scenario``, and a scenario back as a description.

Utilities stay in the plan's own points: each issue's value function is a
table of the points each value adds, every weight is 1, and a party's
reserved value is its BATNA, so NegMAS's frontier, Nash point and welfare
are neg's.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List

from . import NegError


def _negmas() -> Any:
    try:
        import negmas  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise NegError(
            "NegMAS is not installed: pip install negmas",
            [_diag("neg::negmas::missing", "NegMAS is not installed", "pip install negmas")],
        ) from e
    return negmas


def _diag(code: str, message: str, help: "str | None" = None) -> Dict[str, Any]:
    return {
        "message": message,
        "code": code,
        "severity": "error",
        "file": None,
        "line": None,
        "column": None,
        "labels": [],
        "help": help,
        "notes": [],
        "related": [],
    }


def to_negmas(description: Dict[str, Any]) -> Any:
    """A ``negmas.inout.Scenario`` for a description from ``Plan.additive``."""
    _negmas()
    from negmas.inout import Scenario
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue(values=list(i["values"]), name=i["name"]) for i in description["issues"]]
    space = make_os(issues, name=description["name"])
    ufuns = []
    for party in description["parties"]:
        tables = {
            issue["name"]: TableFun(dict(zip(issue["values"], points)))
            for issue, points in zip(description["issues"], party["values"])
        }
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=tables,
                weights={i["name"]: 1.0 for i in description["issues"]},
                outcome_space=space,
                reserved_value=party["batna"],
                name=party["name"],
            )
        )
    return Scenario(outcome_space=space, ufuns=tuple(ufuns), name=description["name"])


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python number it holds."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def describe(scenario: Any) -> Dict[str, Any]:
    """The linear additive description of a ``negmas.inout.Scenario``."""
    _negmas()
    from negmas.preferences import LinearAdditiveUtilityFunction

    space = scenario.outcome_space
    issues: List[Dict[str, Any]] = []
    for issue in space.issues:
        if not issue.is_finite() or not issue.is_discrete():
            raise NegError(
                f"issue `{issue.name}` is continuous; neg negotiates over finite sets of values",
                [
                    _diag(
                        "neg::negmas::continuous",
                        f"issue `{issue.name}` is continuous",
                        "discretize it in NegMAS (outcome_space.to_discrete) first",
                    )
                ],
            )
        issues.append({"name": issue.name, "values": [_plain(v) for v in issue.all]})
    parties = []
    for k, ufun in enumerate(scenario.ufuns):
        name = ufun.name if ufun.name and "@" not in ufun.name else f"party{k + 1}"
        if not isinstance(ufun, LinearAdditiveUtilityFunction):
            raise NegError(
                f"`{name}`'s utility function is a {type(ufun).__name__}, not linear additive",
                [
                    _diag(
                        "neg::negmas::not-additive",
                        f"`{name}`'s utility function is not linear additive",
                        "neg reads LinearAdditiveUtilityFunction: one table per issue, added",
                    )
                ],
            )
        reserved = ufun.reserved_value
        if reserved is None or not math.isfinite(reserved):
            reserved = 0.0
        tables = []
        for j, issue in enumerate(issues):
            fun, weight = ufun.values[j], ufun.weights[j]
            tables.append([float(weight * fun(v)) for v in issue["values"]])
        bias = float(getattr(ufun, "bias", getattr(ufun, "_bias", 0.0)) or 0.0)
        if bias and tables:
            # A constant added to every outcome: carried by the first issue.
            tables[0] = [x + bias for x in tables[0]]
        parties.append({"name": name, "batna": float(reserved), "values": tables})
    title = getattr(scenario, "name", None) or getattr(space, "name", None) or "NegMAS scenario"
    return {"name": str(title), "issues": issues, "parties": parties}
