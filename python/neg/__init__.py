"""neg: plan multi-issue negotiations, exactly.

Load a ``.neg`` plan, run its commands, or run one more command on it; the
results are the dicts that ``neg run --format json`` prints. Convert a plan
to a NegMAS scenario and back.

>>> import neg
>>> plan = neg.loads('''
... party buyer { batna 10 }
... party seller { batna 10 }
... issue price : 100 .. 200 step 50
... prefs buyer { price = linear(100 -> 100, 200 -> 0) }
... prefs seller { price = linear(100 -> 0, 200 -> 100) }
... ''')
>>> plan.run_command("nash")["package"]
{'price': 150.0}
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence

from . import _neg

__all__ = ["NegError", "Plan", "load", "loads", "from_negmas"]


class NegError(Exception):
    """A plan, or a command given to one, that has errors.

    ``diagnostics`` holds them as ``neg … --format json`` prints them: dicts
    with ``message``, ``code``, ``severity``, ``file``, ``line``, ``column``,
    ``labels``, ``help``, ``notes`` and ``related``. After :meth:`Plan.run`,
    ``reports`` holds the reports of the commands that did run.
    """

    def __init__(
        self,
        message: str,
        diagnostics: Sequence[Dict[str, Any]] = (),
        reports: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        super().__init__(message)
        self.diagnostics: List[Dict[str, Any]] = list(diagnostics)
        self.reports: Optional[List[Dict[str, Any]]] = reports


class Plan:
    """A plan that checks. Make one with :func:`load`, :func:`loads` or
    :func:`from_negmas`."""

    def __init__(self, native: "_neg.Plan") -> None:
        self._plan = native

    def run(self) -> List[Dict[str, Any]]:
        """Runs the plan's commands in order and returns their reports.

        A failed ``assert`` is a report with ``"passed": False``. When a
        command cannot run at all, :class:`NegError` is raised once every
        command has been tried; its ``reports`` are those that ran. Plots
        are written beside the plan, as the command line writes them.
        """
        reports, errors = self._plan.run()
        reports, errors = json.loads(reports), json.loads(errors)
        if errors:
            raise NegError(errors[0]["message"], errors, reports)
        return reports

    def run_command(self, command: str) -> Dict[str, Any]:
        """Runs one command (``"frontier"``, ``"evaluate ask"``,
        ``"meso 3 for buyer"``) on the plan as if written at its end, and
        returns its report. A command that does not check raises
        :class:`NegError` pointing into ``command``."""
        return json.loads(self._plan.run_command(command))

    @property
    def scenario(self) -> Dict[str, Any]:
        """The checked scenario: parties, issues, score sheets, offers."""
        return json.loads(self._plan.scenario())

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """Problems found when the plan was checked that do not stop it."""
        return json.loads(self._plan.warnings())

    @property
    def declarations(self) -> List[Dict[str, Any]]:
        """Every declared name (parties, issues, events, offers, strategies),
        imports included: ``{"name", "kind", "file", "line", "column"}``."""
        return json.loads(self._plan.declarations())

    @property
    def text(self) -> str:
        """The plan's text (for a plan made by :func:`from_negmas`, the
        ``.neg`` plan written for it)."""
        return self._plan.text()

    def export_genius(self) -> Dict[str, str]:
        """The plan as GENIUS XML: file name → text, domain first."""
        return dict(self._plan.export_genius())

    def export_geniusweb(self) -> Dict[str, str]:
        """The plan as GeniusWeb JSON: file name → text, domain first."""
        return dict(self._plan.export_geniusweb())

    def additive(self, tool: str = "a linear additive form") -> Dict[str, Any]:
        """The plan as linear additive score sheets in its own points:
        ``{"name", "issues": [{"name", "values"}], "parties": [{"name",
        "batna", "values": per issue, per value}]}``. Rules, contingent
        issues and terms over several issues raise :class:`NegError`."""
        return json.loads(self._plan.additive(tool))

    def to_negmas(self) -> Any:
        """The plan as a ``negmas.inout.Scenario``: its outcome space, and
        one linear additive utility function per party, named after it, in
        the plan's own points, whose reserved value is the party's BATNA.

        Requires ``negmas`` (``pip install negmas``)."""
        from . import negmas_interop

        return negmas_interop.to_negmas(self.additive("NegMAS"))

    def __repr__(self) -> str:
        s = self.scenario
        title = s.get("title") or "untitled"
        return f"<neg.Plan {title!r}: {len(s['parties'])} parties, {len(s['issues'])} issues>"


def load(path: "str | os.PathLike[str]") -> Plan:
    """Reads the ``.neg`` plan at ``path``, with everything it imports, and
    checks it. Raises :class:`NegError` when it has errors (or cannot be
    read)."""
    return Plan(_neg.load(os.fspath(path)))


def loads(text: str, name: str = "<string>", base_dir: "str | os.PathLike[str]" = ".") -> Plan:
    """Checks a plan given as text. Its imports and plots resolve against
    ``base_dir``; diagnostics name it ``name``."""
    return Plan(_neg.loads(text, name, os.fspath(base_dir)))


def from_negmas(scenario: Any) -> Plan:
    """The plan a ``negmas.inout.Scenario`` stands for: its issues, and one
    party per utility function (which must be linear additive), valued in
    the function's own points, with its reserved value as BATNA."""
    from . import negmas_interop

    return Plan(_neg.from_additive(json.dumps(negmas_interop.describe(scenario)), "NegMAS"))
