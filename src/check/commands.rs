//! Commands: names resolved and arguments checked before anything runs.

use super::expr::{Ctx, Ty};
use super::names::Kind;
use super::Checker;
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use crate::model::{self, Bargaining, Loc};
use crate::syntax::{self, CommandKind as Ast, Number, Unit};

impl Checker<'_> {
    pub(super) fn commands(&mut self, commands: &[(SourceId, &syntax::Command)]) {
        for &(src, c) in commands {
            let loc = Loc {
                source: src,
                span: c.span,
            };
            if let Some(kind) = self.command(src, c) {
                self.s.commands.push(model::Command { kind, loc });
            }
        }
    }

    fn command(&mut self, src: SourceId, c: &syntax::Command) -> Option<model::CommandKind> {
        use model::CommandKind as M;
        match &c.kind {
            Ast::Evaluate(o) => Some(M::Evaluate(self.offer_ref(src, o)?)),
            Ast::Assert(e) => {
                let text = self.sources.get(src).text[e.span.start..e.span.end].to_string();
                let r = self.resolve(src, e, Ctx::Assert)?;
                if r.ty != Ty::Bool {
                    self.diags.push(
                        Diag::error(
                            Code::CheckType,
                            "an assert states a condition",
                            src,
                            e.span,
                            "not true or false",
                        )
                        .with_help("compare a figure, e.g. `assert utility(vc, opening) >= 60`"),
                    );
                    return None;
                }
                Some(M::Assert { expr: r.expr, text })
            }
            Ast::Frontier => Some(M::Frontier),
            Ast::Nash => Some(M::Bargaining(Bargaining::Nash)),
            Ast::Kalai => Some(M::Bargaining(Bargaining::Kalai)),
            Ast::Welfare => Some(M::Bargaining(Bargaining::Welfare)),
            Ast::Zopa => Some(M::Zopa),
            Ast::Classify => Some(M::Classify),
            Ast::Power => Some(M::Power),
            Ast::Beliefs(party) => Some(M::Beliefs(self.uncertain_party(src, party)?)),
            Ast::Observe {
                party,
                answer,
                temperature,
            } => self.observe(src, party, answer, temperature.as_ref()),
            Ast::Robust(party) => self.robust(src, party),
            Ast::Probe {
                party,
                by,
                count,
                at,
            } => self.probe(src, party, by, count, at.as_ref()),
            Ast::Status => Some(M::Status),
            Ast::Agree => Some(M::Agree),
            Ast::Tradeoffs { a, b, from } => {
                let pa = self.lookup(src, a, Kind::Party);
                let pb = self.lookup(src, b, Kind::Party);
                let offer = match from {
                    Some(o) => Some(self.offer_ref(src, o)?),
                    None => None,
                };
                let (pa, pb) = (pa?, pb?);
                if pa == pb {
                    self.diags.push(
                        Diag::error(
                            Code::CheckSameParty,
                            "a trade needs two different parties",
                            src,
                            b.span,
                            "the same party again",
                        )
                        .with_help("write `tradeoffs A B` with two parties"),
                    );
                    return None;
                }
                Some(M::Tradeoffs {
                    a: pa,
                    b: pb,
                    from: offer,
                })
            }
            Ast::Meso { party, count, at } => {
                let party = self.lookup(src, party, Kind::Party);
                let counted = self.offer_count(src, count, "meso");
                let level = at
                    .as_ref()
                    .is_none_or(|u| self.plain(src, u, "the utility level of `meso`"));
                let at = at.as_ref().map(|u| u.value);
                level.then_some(())?;
                Some(M::Meso {
                    party: party?,
                    count: counted?,
                    at,
                })
            }
            Ast::Improve(o) => self.offer_ref(src, o).map(M::Improve),
            Ast::Simulate(sim) => self.simulate_command(src, c, sim),
            Ast::Tournament(t) => self.tournament_command(src, c, t),
            Ast::Tentative(entry) => {
                let issue = self.lookup(src, &entry.issue, Kind::Issue)?;
                let options = self.issue_setting(src, issue, &entry.issue, &entry.value)?;
                Some(M::Tentative { issue, options })
            }
            Ast::Reopen(i) => self.lookup(src, i, Kind::Issue).map(M::Reopen),
            Ast::Plot { file, axes } => {
                if !file.value.ends_with(".svg") {
                    self.diags.push(
                        Diag::error(
                            Code::CheckPlotFile,
                            "plots are written as SVG files",
                            src,
                            file.span,
                            "not an .svg file",
                        )
                        .with_help("name the file `….svg`"),
                    );
                    return None;
                }
                let (x, y) = match axes {
                    Some((x_id, y_id)) => {
                        // Both names are looked up so that two mistakes show together.
                        let x = self.lookup(src, x_id, Kind::Party);
                        let y = self.lookup(src, y_id, Kind::Party);
                        let (x, y) = (x?, y?);
                        if x == y {
                            self.diags.push(
                                Diag::error(
                                    Code::CheckPlotParties,
                                    format!("`{}` is on both axes", y_id.name),
                                    src,
                                    y_id.span,
                                    "the same party again",
                                )
                                .with_label(x_id.span, "already on the x axis")
                                .with_help(self.other_parties_help(x)),
                            );
                            return None;
                        }
                        (x, y)
                    }
                    None if self.s.parties.len() >= 2 => (0, 1),
                    None => {
                        self.diags.push(
                            Diag::error(
                                Code::CheckPlotParties,
                                "a plot needs two parties",
                                src,
                                c.span,
                                "one party",
                            )
                            .with_help("declare the other side first"),
                        );
                        return None;
                    }
                };
                Some(M::Plot {
                    file: file.value.clone(),
                    x,
                    y,
                })
            }
        }
    }

    /// The help of a plot that names one party twice: which parties could go on the y axis.
    fn other_parties_help(&self, x: usize) -> String {
        let others: Vec<String> = self
            .s
            .parties
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != x)
            .map(|(_, p)| format!("`{}`", p.id))
            .collect();
        match others.as_slice() {
            [] => "a plot needs two parties: declare the other side first".into(),
            [one] => format!("put the other party on the y axis: {one}"),
            _ => format!(
                "put another party on the y axis: one of {}",
                others.join(", ")
            ),
        }
    }

    pub(super) fn whole_number(&mut self, src: SourceId, n: &Number, what: &str) -> bool {
        if n.unit == Unit::Plain && n.value >= 1.0 && n.value.fract() == 0.0 {
            return true;
        }
        self.diags.push(
            Diag::error(
                Code::CheckWholeNumber,
                format!("{what} must be a whole number of at least 1"),
                src,
                n.span,
                "not a positive whole number",
            )
            .with_help("e.g. `3`"),
        );
        false
    }

    /// The count of `meso` or `probe`: a whole number up to the most offers
    /// a counterpart can weigh at once.
    pub(super) fn offer_count(&mut self, src: SourceId, n: &Number, command: &str) -> Option<usize> {
        if !self.whole_number(src, n, &format!("the count of `{command}`")) {
            return None;
        }
        let max = crate::model::MAX_MESO_COUNT;
        if n.value > max as f64 {
            self.diags.push(
                Diag::error(
                    Code::CheckMesoCount,
                    format!("`{command}` makes at most {max} offers at once"),
                    src,
                    n.span,
                    "too many offers",
                )
                .with_help("a counterpart can weigh three to five offers; ask for fewer"),
            );
            return None;
        }
        Some(n.value as usize)
    }

    pub(super) fn plain(&mut self, src: SourceId, n: &Number, what: &str) -> bool {
        if n.unit == Unit::Plain {
            return true;
        }
        self.diags.push(
            Diag::error(
                Code::CheckUnitMismatch,
                format!("{what} is in points"),
                src,
                n.span,
                format!("this is {}", n.unit.describe()),
            )
            .with_help("write a plain number on the party's score-sheet scale"),
        );
        false
    }
}
