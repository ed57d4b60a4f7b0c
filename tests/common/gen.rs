//! A generator of valid `.neg` scenarios with an independent model of what
//! they mean.
//!
//! The generator reads its decisions from a stream of numbers ([`Choices`]),
//! so proptest can shrink a failing scenario by shrinking the stream. Beside
//! the text it records every comment it wrote and a [`Model`]: each party's
//! weights, value functions (as a tiny expression tree), beliefs and care,
//! and each offer's package, from which utilities are computed without neg.
//!
//! What it writes stays inside the language: every party values every issue
//! and believes every event, options never share a name with a declaration,
//! probabilities sum to 1, weights are not all zero, steps divide ranges,
//! offers set every issue on its grid, and the one rule it writes holds for
//! every package. Layout varies (spacing, indentation, one-line blocks,
//! trailing commas, blank lines) and comments of every kind go between items,
//! between score-sheet lines, inside offers and at line ends.

use neg::model::Scenario;

/// A stream of choices: zeros (what proptest shrinks towards) read as "the
/// simplest choice": no comment, the first option, the fewest parties.
pub struct Choices<'a> {
    data: &'a [u32],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u32]) -> Self {
        Choices { data, at: 0 }
    }
    fn raw(&mut self) -> u32 {
        let x = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        x
    }
    /// 0 ..= n-1.
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            self.raw() as usize % n
        }
    }
    /// lo ..= hi.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }
    /// True with about `percent`% probability; false on a zero.
    fn maybe(&mut self, percent: u32) -> bool {
        self.raw() % 100 >= 100 - percent
    }
    fn pick<'b, T>(&mut self, xs: &'b [T]) -> &'b T {
        &xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ------------------------------------------------------------------ model

/// A value expression as the generator wrote it.
#[derive(Clone, Debug)]
pub enum M {
    Num(f64),
    /// The issue's value in arithmetic (`15%` is 0.15).
    X,
    /// Whether the categorical issue is set to this option.
    Is(usize),
    Add(Box<M>, Box<M>),
    Sub(Box<M>, Box<M>),
    Mul(Box<M>, Box<M>),
    Div(Box<M>, Box<M>),
    Neg(Box<M>),
    Cmp(&'static str, Box<M>, Box<M>),
    And(Box<M>, Box<M>),
    Or(Box<M>, Box<M>),
    Not(Box<M>),
    If(Box<M>, Box<M>, Box<M>),
    /// Event index, one arm per outcome in declaration order.
    When(usize, Vec<M>),
}

fn b(m: M) -> Box<M> {
    Box::new(m)
}

/// `==` with the language's tolerance (relative 1e-9, floor 1).
fn approx(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn truth(x: bool) -> f64 {
    if x {
        1.0
    } else {
        0.0
    }
}

/// Where a value is computed: the option, its number, the outcome fixed for
/// a contingent slot, and the party's beliefs.
struct At<'a> {
    option: usize,
    x: f64,
    fixed: Option<(usize, usize)>,
    beliefs: &'a [Vec<f64>],
}

impl M {
    fn eval(&self, at: &At) -> f64 {
        match self {
            M::Num(v) => *v,
            M::X => at.x,
            M::Is(o) => truth(at.option == *o),
            M::Add(a, c) => a.eval(at) + c.eval(at),
            M::Sub(a, c) => a.eval(at) - c.eval(at),
            M::Mul(a, c) => a.eval(at) * c.eval(at),
            M::Div(a, c) => a.eval(at) / c.eval(at),
            M::Neg(a) => -a.eval(at),
            M::Cmp(op, a, c) => {
                let (x, y) = (a.eval(at), c.eval(at));
                truth(match *op {
                    "==" => approx(x, y),
                    "!=" => !approx(x, y),
                    "<" => x < y && !approx(x, y),
                    "<=" => x <= y || approx(x, y),
                    ">" => x > y && !approx(x, y),
                    _ => x >= y || approx(x, y),
                })
            }
            M::And(a, c) => truth(a.eval(at) != 0.0 && c.eval(at) != 0.0),
            M::Or(a, c) => truth(a.eval(at) != 0.0 || c.eval(at) != 0.0),
            M::Not(a) => truth(a.eval(at) == 0.0),
            M::If(c, a, e) => {
                if c.eval(at) != 0.0 {
                    a.eval(at)
                } else {
                    e.eval(at)
                }
            }
            M::When(e, arms) => match at.fixed {
                Some((fe, o)) if fe == *e => arms[o].eval(at),
                _ => arms
                    .iter()
                    .zip(&at.beliefs[*e])
                    .map(|(arm, p)| p * arm.eval(at))
                    .sum(),
            },
        }
    }
}

/// A party's value function for one issue.
#[derive(Clone, Debug)]
pub enum ValueModel {
    Table(Vec<f64>),
    Linear(Vec<(f64, f64)>),
    Expr(M),
}

fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    let (first, last) = (points[0], points[points.len() - 1]);
    if x <= first.0 {
        return first.1;
    }
    if x >= last.0 {
        return last.1;
    }
    for w in points.windows(2) {
        let ((x0, v0), (x1, v1)) = (w[0], w[1]);
        if x <= x1 {
            return v0 + (v1 - v0) * (x - x0) / (x1 - x0);
        }
    }
    last.1
}

#[derive(Clone, Debug)]
pub struct PartyModel {
    pub id: String,
    pub batna: f64,
    /// `care X [for P]`: the amount, and the party cared for (`None`: all others).
    pub care: Option<(f64, Option<usize>)>,
    /// Per issue.
    pub weights: Vec<f64>,
    /// Per issue.
    pub values: Vec<ValueModel>,
    /// Per event, per outcome.
    pub beliefs: Vec<Vec<f64>>,
}

#[derive(Clone, Debug)]
pub struct OfferModel {
    pub id: String,
    /// Per issue: one option index, or one per outcome of its event.
    pub choices: Vec<Vec<usize>>,
}

/// What a generated scenario means, computed without neg.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub issues: Vec<IssueSpec>,
    pub events: Vec<EventSpec>,
    pub parties: Vec<PartyModel>,
    pub offers: Vec<OfferModel>,
}

impl Model {
    /// A party's plain utility of an offer.
    pub fn utility(&self, party: usize, offer: usize) -> f64 {
        let p = &self.parties[party];
        let o = &self.offers[offer];
        let mut total = 0.0;
        for (i, issue) in self.issues.iter().enumerate() {
            let value = |option: usize, fixed: Option<(usize, usize)>| {
                let at = At {
                    option,
                    x: issue.domain.number(option),
                    fixed,
                    beliefs: &p.beliefs,
                };
                match &p.values[i] {
                    ValueModel::Table(t) => t[option],
                    ValueModel::Linear(points) => interpolate(points, at.x),
                    ValueModel::Expr(m) => m.eval(&at),
                }
            };
            let choices = &o.choices[i];
            total += p.weights[i]
                * match issue.contingent_on {
                    None => value(choices[0], None),
                    Some(e) => p.beliefs[e]
                        .iter()
                        .enumerate()
                        .map(|(k, prob)| {
                            let option = if choices.len() == 1 {
                                choices[0]
                            } else {
                                choices[k]
                            };
                            prob * value(option, Some((e, k)))
                        })
                        .sum(),
                };
        }
        total
    }

    /// Plain utility plus care for the others' plain utilities.
    pub fn cared(&self, party: usize, offer: usize) -> f64 {
        let own = self.utility(party, offer);
        match self.parties[party].care {
            None => own,
            Some((x, Some(q))) => own + x * self.utility(q, offer),
            Some((x, None)) => {
                own + (0..self.parties.len())
                    .filter(|&q| q != party)
                    .map(|q| x * self.utility(q, offer))
                    .sum::<f64>()
            }
        }
    }

    /// Compares the model with a checked scenario: the same packages and,
    /// for every party and offer, the same BATNA, utility and cared-for
    /// utility (up to 1e-9, relative).
    pub fn agrees_with(&self, s: &Scenario) -> Result<(), String> {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        for (o, offer) in self.offers.iter().enumerate() {
            let so = s
                .offer(&offer.id)
                .ok_or(format!("no offer `{}`", offer.id))?;
            let package = &s.offers[so].package;
            for (i, issue) in self.issues.iter().enumerate() {
                let si = s
                    .issue(&issue.id)
                    .ok_or(format!("no issue `{}`", issue.id))?;
                let slots = match issue.contingent_on {
                    None => 1,
                    Some(e) => self.events[e].outcome_names().len(),
                };
                for k in 0..slots {
                    let want = offer.choices[i][if offer.choices[i].len() == 1 { 0 } else { k }];
                    let got = package[s.first_slot[si] + k] as usize;
                    if got != want {
                        return Err(format!(
                            "offer `{}` sets `{}` (slot {k}) to option {got}, expected {want}",
                            offer.id, issue.id
                        ));
                    }
                }
            }
            for (p, party) in self.parties.iter().enumerate() {
                let sp = s
                    .party(&party.id)
                    .ok_or(format!("no party `{}`", party.id))?;
                let figures = [
                    ("batna", party.batna, s.parties[sp].batna),
                    (
                        "utility",
                        self.utility(p, o),
                        neg::eval::utility(s, sp, package),
                    ),
                    ("cared", self.cared(p, o), neg::eval::cared(s, sp, package)),
                ];
                for (what, want, got) in figures {
                    if !close(want, got) {
                        return Err(format!(
                            "{what} of `{}` for offer `{}`: neg says {got}, the model {want}",
                            party.id, offer.id
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ specs

/// How a numeric issue's values are written; values are counted in ticks.
#[derive(Clone, Copy, Debug)]
pub enum NumKind {
    /// A tick is 0.1 percentage point.
    Percent,
    /// A tick is 0.1.
    Plain,
    /// A tick is one `mag` of the currency.
    Money(char, &'static str),
    /// A tick is one of the duration unit.
    Duration(&'static str),
}

/// `t` tenths as a decimal: 35 → "3.5", -20 → "-2".
pub fn tenths(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.abs();
    if a % 10 == 0 {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

/// `p` percent as a decimal fraction: 5 → "0.05", 50 → "0.5", 100 → "1".
fn decimal_fraction(p: i64) -> String {
    match p {
        100 => "1".into(),
        p if p % 10 == 0 => format!("0.{}", p / 10),
        p => format!("0.{p:02}"),
    }
}

impl NumKind {
    /// A literal for `t` ticks; `alt` picks another spelling of the same value.
    fn lit(self, t: i64, alt: bool) -> String {
        match self {
            NumKind::Percent => format!("{}%", tenths(t)),
            NumKind::Plain => tenths(t),
            NumKind::Money(c, mag) => {
                let sign = if t < 0 { "-" } else { "" };
                let t = t.abs();
                match (mag, alt) {
                    ("k", true) => format!("{sign}{c}{}", t * 1000),
                    ("M", true) => format!("{sign}{c}{}k", t * 1000),
                    _ => format!("{sign}{c}{t}{mag}"),
                }
            }
            NumKind::Duration(u) => format!("{t}{u}"),
        }
    }
    /// The value of `t` ticks in arithmetic.
    fn value(self, t: i64) -> f64 {
        let t = t as f64;
        match self {
            NumKind::Percent => t / 1000.0,
            NumKind::Plain => t / 10.0,
            NumKind::Money(_, "k") => t * 1e3,
            NumKind::Money(_, "M") => t * 1e6,
            NumKind::Money(..) | NumKind::Duration(_) => t,
        }
    }
    /// An expression turning the issue's value into plain points, and its model.
    fn to_points(self, x: &str) -> (String, M) {
        match self {
            NumKind::Percent => (format!("{x} * 100"), M::Mul(b(M::X), b(M::Num(100.0)))),
            NumKind::Plain => (x.to_string(), M::X),
            NumKind::Money(c, _) => (format!("{x} / {c}1k"), M::Div(b(M::X), b(M::Num(1e3)))),
            NumKind::Duration(u) => (format!("{x} / 1{u}"), M::Div(b(M::X), b(M::Num(1.0)))),
        }
    }
}

#[derive(Clone, Debug)]
pub enum Domain {
    Options(Vec<String>),
    Numeric {
        kind: NumKind,
        lo: i64,
        step: i64,
        n: i64,
    },
}

impl Domain {
    /// A random value of the issue as an offer writes it, and its option index.
    fn value(&self, c: &mut Choices) -> (String, usize) {
        match self {
            Domain::Options(o) => {
                let k = c.below(o.len());
                (o[k].clone(), k)
            }
            Domain::Numeric { kind, lo, step, n } => {
                let k = c.between(0, *n);
                let alt = c.maybe(30);
                (kind.lit(lo + k * step, alt), k as usize)
            }
        }
    }
    /// The number an option stands for (its index for named options).
    fn number(&self, option: usize) -> f64 {
        match self {
            Domain::Options(_) => option as f64,
            Domain::Numeric { kind, lo, step, .. } => kind.value(lo + option as i64 * step),
        }
    }
}

#[derive(Clone, Debug)]
pub struct IssueSpec {
    pub id: String,
    pub domain: Domain,
    pub contingent_on: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct EventSpec {
    pub id: String,
    /// `None`: a yes/no event.
    pub outcomes: Option<Vec<String>>,
}

impl EventSpec {
    pub fn outcome_names(&self) -> Vec<String> {
        self.outcomes
            .clone()
            .unwrap_or_else(|| vec!["yes".into(), "no".into()])
    }
}

/// The lines of one item; the generator may hang a comment on each line's end.
type Lines = Vec<String>;

/// Builds the text and remembers every comment it wrote.
struct Gen<'c, 'd> {
    c: &'c mut Choices<'d>,
    comments: Vec<String>,
    used: Vec<String>,
}

const PARTY_NAMES: &[&str] = &[
    "buyer", "seller", "vc", "founders", "union", "city", "agent", "status", "for", "x",
];
const ISSUE_NAMES: &[&str] = &[
    "price",
    "equity",
    "salary",
    "start",
    "consulting",
    "board_seat",
    "warranty",
    "delivery",
    "power",
    "count",
    "step",
    "on",
    "x",
];
const EVENT_NAMES: &[&str] = &["milestones", "approval", "rain", "merger", "by"];
const OFFER_NAMES: &[&str] = &["opening", "counter", "final", "by", "status", "o"];
const OPTION_NAMES: &[&str] = &[
    "none", "paid", "free", "low", "mid", "high", "june", "july", "red", "green", "blue", "yes",
    "no", "at", "rounds",
];
const OUTCOME_NAMES: &[&str] = &["good", "bad", "meh", "early", "late", "hot", "cold"];
const WORDS: &[&str] = &[
    "note",
    "TODO",
    "check with legal",
    "see \"memo\"",
    "{braces}",
    "15% of $2M",
    "a -> b",
    "é€£",
    "x == y",
    "/* not a block",
    "*",
    "// again",
    "if then else",
    "weight 40%",
];
/// Display names and titles, as written between the quotes.
pub const STRINGS: &[&str] = &[
    "Granite Ventures",
    "The founders",
    "Series \\\"A\\\"",
    "Café €",
    "tab\\there",
    "back\\\\slash",
    "",
    "// not a comment",
    "/* not a block */",
];

/// Points as written, and their value.
fn parse_points(s: &str) -> f64 {
    s.parse().expect("generated points parse")
}

impl Gen<'_, '_> {
    /// A declared name from the pool, unique across every kind.
    fn name(&mut self, pool: &[&str]) -> String {
        let base = self.c.pick(pool).to_string();
        let mut name = base.clone();
        let mut k = 2;
        while self.used.contains(&name) {
            name = format!("{base}{k}");
            k += 1;
        }
        self.used.push(name.clone());
        name
    }

    fn display_name(&mut self) -> String {
        if self.c.maybe(40) {
            format!(" \"{}\"", self.c.pick(STRINGS))
        } else {
            String::new()
        }
    }

    /// Optional whitespace.
    fn sp0(&mut self) -> &'static str {
        self.c.pick::<&str>(&["", " ", " ", "  "])
    }

    /// Required whitespace.
    fn sp1(&mut self) -> &'static str {
        self.c.pick::<&str>(&[" ", " ", " ", "  ", "\t"])
    }

    fn comment_text(&mut self) -> String {
        let n = self.comments.len();
        let w = self.c.pick(WORDS).to_string();
        format!("{w} c{n}")
    }

    /// A comment on a line of its own.
    fn own_line_comment(&mut self) -> String {
        let text = self.comment_text();
        let comment = match self.c.below(6) {
            0 | 1 => format!("// {text}"),
            2 => format!("/// {text}"),
            3 => format!("//// {text}"),
            4 => format!("/* {} */", text.replace("/*", "/ *")),
            _ => format!("/* {} /* nested */ */", text.replace("/*", "/ *")),
        };
        self.comments.push(comment.clone());
        comment
    }

    /// A comment at the end of a line (with its leading space).
    fn trailing_comment(&mut self) -> String {
        let text = self.comment_text();
        let comment = if self.c.maybe(70) {
            format!("// {text}")
        } else {
            format!("/* {} */", text.replace("/*", "/ *"))
        };
        self.comments.push(comment.clone());
        format!("{}{comment}", self.sp1())
    }

    fn doc_comment(&mut self) -> String {
        let text = self.comment_text();
        let comment = format!("/// {text}");
        self.comments.push(comment.clone());
        comment
    }

    /// Points: a plain number, sometimes negative or with a decimal.
    fn points(&mut self) -> String {
        match self.c.below(4) {
            0 => (self.c.between(0, 10) * 10).to_string(),
            1 => self.c.between(-50, 150).to_string(),
            2 => tenths(self.c.between(-200, 1500)),
            _ => self.c.between(0, 100).to_string(),
        }
    }

    /// Points with their model.
    fn points_m(&mut self) -> (String, M) {
        let p = self.points();
        let v = parse_points(&p);
        (p, M::Num(v))
    }

    fn numeric_domain(&mut self) -> Domain {
        let (kind, lo, step, n) = match self.c.below(4) {
            0 => (
                NumKind::Percent,
                self.c.between(0, 8) * 50,
                *self.c.pick(&[10, 5, 20, 50, 100]),
                self.c.between(1, 8),
            ),
            1 => (
                NumKind::Plain,
                self.c.between(-20, 20) * 5,
                *self.c.pick(&[10, 1, 5, 20, 25]),
                self.c.between(1, 10),
            ),
            2 => {
                let cur = *self.c.pick(&['$', '€', '£']);
                let mag = *self.c.pick(&["k", "", "M"]);
                (
                    NumKind::Money(cur, mag),
                    self.c.between(0, 50),
                    *self.c.pick(&[1, 2, 5, 10]),
                    self.c.between(1, 6),
                )
            }
            _ => (
                NumKind::Duration(self.c.pick::<&str>(&["mo", "d", "w", "y"])),
                self.c.between(0, 12),
                *self.c.pick(&[1, 2, 3, 6]),
                self.c.between(1, 6),
            ),
        };
        Domain::Numeric { kind, lo, step, n }
    }

    fn issue_decl(&mut self, issue: &IssueSpec) -> Lines {
        let name = self.display_name();
        let (s0, s1, s2) = (self.sp0(), self.sp1(), self.sp0());
        let domain = match &issue.domain {
            Domain::Options(o) => {
                let mut text = o[0].clone();
                for opt in &o[1..] {
                    let (a, b) = (self.sp0(), self.sp0());
                    text.push_str(&format!("{a}|{b}{opt}"));
                }
                text
            }
            Domain::Numeric { kind, lo, step, n } => {
                let (a, b) = (self.sp0(), self.sp0());
                let (alt_lo, alt_hi, alt_step) =
                    (self.c.maybe(20), self.c.maybe(20), self.c.maybe(20));
                format!(
                    "{}{a}..{b}{} step {}",
                    kind.lit(*lo, alt_lo),
                    kind.lit(lo + n * step, alt_hi),
                    kind.lit(*step, alt_step)
                )
            }
        };
        vec![format!("issue{s1}{}{name}{s0}:{s2}{domain}", issue.id)]
    }

    /// A plain-valued expression of a numeric issue's value.
    fn numeric_expr(&mut self, id: &str, kind: NumKind, lo: i64, step: i64, n: i64) -> (String, M) {
        let grid = |k: i64| lo + k * step;
        match self.c.below(5) {
            0 => {
                let op = *self.c.pick(&[">", ">=", "<", "<=", "==", "!="]);
                let t = grid(self.c.between(0, n));
                let alt = self.c.maybe(20);
                let ((a, am), (e, em)) = (self.points_m(), self.points_m());
                (
                    format!("if {id} {op} {} then {a} else {e}", kind.lit(t, alt)),
                    M::If(
                        b(M::Cmp(op, b(M::X), b(M::Num(kind.value(t))))),
                        b(am),
                        b(em),
                    ),
                )
            }
            1 => {
                let (p, pm) = kind.to_points(id);
                let a = self.c.between(0, 100);
                let am = M::Num(a as f64);
                match self.c.below(3) {
                    0 => (
                        format!("{a} + {p} * 2"),
                        M::Add(b(am), b(M::Mul(b(pm), b(M::Num(2.0))))),
                    ),
                    1 => (format!("{a} - {p}"), M::Sub(b(am), b(pm))),
                    _ => (
                        format!("({p} + {a}) / 2"),
                        M::Div(b(M::Add(b(pm), b(am))), b(M::Num(2.0))),
                    ),
                }
            }
            2 => {
                let (lo_t, hi_t) = (grid(self.c.between(0, n)), grid(self.c.between(0, n)));
                let (lo_s, hi_s) = (kind.lit(lo_t, false), kind.lit(hi_t, false));
                let (lo_m, hi_m) = (M::Num(kind.value(lo_t)), M::Num(kind.value(hi_t)));
                let ((a, am), (e, em)) = (self.points_m(), self.points_m());
                if self.c.maybe(50) {
                    (
                        format!("if {id} >= {lo_s} and {id} <= {hi_s} then {a} else {e}"),
                        M::If(
                            b(M::And(
                                b(M::Cmp(">=", b(M::X), b(lo_m))),
                                b(M::Cmp("<=", b(M::X), b(hi_m))),
                            )),
                            b(am),
                            b(em),
                        ),
                    )
                } else {
                    (
                        format!("if not ({id} < {lo_s}) or {id} == {hi_s} then {a} else {e}"),
                        M::If(
                            b(M::Or(
                                b(M::Not(b(M::Cmp("<", b(M::X), b(lo_m))))),
                                b(M::Cmp("==", b(M::X), b(hi_m))),
                            )),
                            b(am),
                            b(em),
                        ),
                    )
                }
            }
            3 => self.points_m(),
            _ => {
                // `-x * 100` is `(-x) * 100`: the same number either way.
                let (p, pm) = kind.to_points(id);
                (format!("-{p}"), M::Neg(b(pm)))
            }
        }
    }

    /// A plain-valued expression of a categorical issue's value.
    fn options_expr(&mut self, id: &str, options: &[String]) -> (String, M) {
        let o = self.c.below(options.len());
        let ((a, am), (e, em)) = (self.points_m(), self.points_m());
        let name = &options[o];
        match self.c.below(3) {
            0 => (
                format!("if {id} == {name} then {a} else {e}"),
                M::If(b(M::Is(o)), b(am), b(em)),
            ),
            1 => {
                let o2 = self.c.below(options.len());
                (
                    format!(
                        "if {id} != {name} or {id} == {} then {a} else {e}",
                        options[o2]
                    ),
                    M::If(b(M::Or(b(M::Not(b(M::Is(o)))), b(M::Is(o2)))), b(am), b(em)),
                )
            }
            // The `else` branch runs to the end: `b + 1`.
            _ => (
                format!("if ({id} == {name}) then {a} else {e} + 1"),
                M::If(b(M::Is(o)), b(am), b(M::Add(b(em), b(M::Num(1.0))))),
            ),
        }
    }

    fn when_expr(
        &mut self,
        e: usize,
        event: &EventSpec,
        mut arm: impl FnMut(&mut Self) -> (String, M),
    ) -> (String, M) {
        let names = event.outcome_names();
        let arms: Vec<(String, M)> = names.iter().map(|_| arm(self)).collect();
        let mut order: Vec<usize> = (0..names.len()).collect();
        if self.c.maybe(30) {
            self.c.shuffle(&mut order);
        }
        let written: Vec<String> = order
            .iter()
            .map(|&k| format!("{}: {}", names[k], arms[k].0))
            .collect();
        let comma = if self.c.maybe(20) { "," } else { "" };
        (
            format!("when {} {{ {}{comma} }}", event.id, written.join(", ")),
            M::When(e, arms.into_iter().map(|(_, m)| m).collect()),
        )
    }

    /// The right-hand side of a value line, and its model.
    fn value_form(&mut self, issue: &IssueSpec, events: &[EventSpec]) -> (String, ValueModel) {
        let id = issue.id.clone();
        let use_when = !events.is_empty() && self.c.maybe(25);
        match &issue.domain {
            Domain::Options(options) => {
                if use_when {
                    let e = self.c.below(events.len());
                    let options = options.clone();
                    let (t, m) = self.when_expr(e, &events[e], |g| {
                        if g.c.maybe(50) {
                            g.options_expr(&id, &options)
                        } else {
                            g.points_m()
                        }
                    });
                    return (t, ValueModel::Expr(m));
                }
                if self.c.maybe(30) {
                    let (t, m) = self.options_expr(&id, options);
                    return (t, ValueModel::Expr(m));
                }
                let points: Vec<String> = options.iter().map(|_| self.points()).collect();
                let mut entries: Vec<String> = options
                    .iter()
                    .zip(&points)
                    .map(|(o, p)| {
                        let s = self.sp0();
                        format!("{o}:{s}{p}")
                    })
                    .collect();
                if self.c.maybe(30) {
                    self.c.shuffle(&mut entries);
                }
                let comma = if self.c.maybe(20) { "," } else { "" };
                (
                    format!("{{ {}{comma} }}", entries.join(", ")),
                    ValueModel::Table(points.iter().map(|p| parse_points(p)).collect()),
                )
            }
            &Domain::Numeric { kind, lo, step, n } => {
                if use_when {
                    let e = self.c.below(events.len());
                    let (t, m) =
                        self.when_expr(e, &events[e], |g| g.numeric_expr(&id, kind, lo, step, n));
                    return (t, ValueModel::Expr(m));
                }
                if self.c.maybe(40) {
                    let (t, m) = self.numeric_expr(&id, kind, lo, step, n);
                    return (t, ValueModel::Expr(m));
                }
                // linear: 2 to 4 strictly increasing x points in the issue's
                // unit, sometimes beyond the range (clamped there).
                let hi = lo + n * step;
                let mut xs = vec![lo - step, lo, lo + (n / 2) * step, hi, hi + step];
                xs.dedup();
                let first = self.c.below(2);
                let last = xs.len() - 1 - self.c.below(2);
                let mut chosen: Vec<i64> = xs[first..=last].to_vec();
                if self.c.maybe(50) && chosen.len() > 2 {
                    let drop = 1 + self.c.below(chosen.len() - 2);
                    chosen.remove(drop);
                }
                let mut model = vec![];
                let points: Vec<String> = chosen
                    .iter()
                    .map(|&x| {
                        let alt = self.c.maybe(20);
                        let v = self.points();
                        model.push((kind.value(x), parse_points(&v)));
                        let (a, b) = (self.sp0(), self.sp0());
                        format!("{}{a}->{b}{v}", kind.lit(x, alt))
                    })
                    .collect();
                let comma = if self.c.maybe(15) { "," } else { "" };
                (
                    format!("linear({}{comma})", points.join(", ")),
                    ValueModel::Linear(model),
                )
            }
        }
    }

    /// A `believe` line and the probabilities it gives, per outcome.
    fn belief(&mut self, event: &EventSpec) -> (String, Vec<f64>) {
        match &event.outcomes {
            None => {
                let p = self.c.between(0, 20) * 5;
                let probs = vec![p as f64 / 100.0, 1.0 - p as f64 / 100.0];
                let id = &event.id;
                let text = match self.c.below(4) {
                    0 => format!("believe {id} {p}%"),
                    1 => format!("believe {id} {}", decimal_fraction(p)),
                    2 => format!("believe {id} {{ yes: {p}%, no: {}% }}", 100 - p),
                    _ => format!("believe {id} {{ no: {}%, yes: {p}% }}", 100 - p),
                };
                (text, probs)
            }
            Some(outcomes) => {
                // Integer percentages summing to 100.
                let mut left = 100;
                let mut parts = vec![];
                let mut probs = vec![];
                for (k, o) in outcomes.iter().enumerate() {
                    let p = if k + 1 == outcomes.len() {
                        left
                    } else {
                        self.c.between(0, left)
                    };
                    left -= p;
                    probs.push(p as f64 / 100.0);
                    parts.push(if self.c.maybe(30) {
                        format!("{o}: {}", decimal_fraction(p))
                    } else {
                        format!("{o}: {p}%")
                    });
                }
                (
                    format!("believe {} {{ {} }}", event.id, parts.join(", ")),
                    probs,
                )
            }
        }
    }

    /// A score sheet; fills in the party's weights, values and beliefs.
    fn prefs_decl(
        &mut self,
        party: &mut PartyModel,
        issues: &[IssueSpec],
        events: &[EventSpec],
    ) -> Lines {
        let mut lines: Vec<String> = vec![];
        // Weights: some issues, over one or two lines; never all zero.
        let mut weighted: Vec<(usize, &str)> = vec![];
        for i in 0..issues.len() {
            if self.c.maybe(60) {
                let w = *self
                    .c
                    .pick(&["1", "2", "0.5", "3", "10%", "25%", "40%", "60%", "1.5", "0"]);
                weighted.push((i, w));
            }
        }
        if weighted.len() == issues.len() && weighted.iter().all(|(_, w)| *w == "0") {
            weighted[0].1 = "1";
        }
        party.weights = vec![1.0; issues.len()];
        for &(i, w) in &weighted {
            party.weights[i] = match w.strip_suffix('%') {
                Some(p) => p.parse::<f64>().unwrap() / 100.0,
                None => w.parse().unwrap(),
            };
        }
        if !weighted.is_empty() {
            let split = if weighted.len() > 1 && self.c.maybe(30) {
                1 + self.c.below(weighted.len() - 1)
            } else {
                weighted.len()
            };
            for chunk in [&weighted[..split], &weighted[split..]] {
                if chunk.is_empty() {
                    continue;
                }
                let entries: Vec<String> = chunk
                    .iter()
                    .map(|(i, w)| format!("{} {w}", issues[*i].id))
                    .collect();
                lines.push(format!("weight {}", entries.join(", ")));
            }
        }
        party.values = vec![];
        for issue in issues {
            let (form, model) = self.value_form(issue, events);
            party.values.push(model);
            let (a, b) = (self.sp0(), self.sp0());
            lines.push(format!("{}{a}={b}{form}", issue.id));
        }
        party.beliefs = vec![];
        for e in events {
            let (line, probs) = self.belief(e);
            party.beliefs.push(probs);
            lines.push(line);
        }
        if self.c.maybe(30) {
            self.c.shuffle(&mut lines);
        }
        // Layout: one line, or one score-sheet line per line with comments
        // and blank lines between.
        if self.c.maybe(10) {
            return vec![format!("prefs {} {{ {} }}", party.id, lines.join("  "))];
        }
        let indent = *self.c.pick(&["    ", "  ", "\t", "", "        "]);
        let mut out = vec![format!("prefs {}{}{{", party.id, self.sp1())];
        for line in lines {
            if self.c.maybe(15) {
                let comment = self.own_line_comment();
                out.push(format!("{indent}{comment}"));
            }
            if self.c.maybe(10) {
                out.push(String::new());
            }
            out.push(format!("{indent}{line}"));
        }
        if self.c.maybe(10) {
            let comment = self.own_line_comment();
            out.push(format!("{indent}{comment}"));
        }
        out.push("}".into());
        out
    }

    /// A party declaration; fills in its BATNA and care.
    fn party_decl(&mut self, party: &mut PartyModel, me: usize, parties: &[String]) -> Lines {
        let name = self.display_name();
        let (batna, care) = match self.c.below(5) {
            0 | 1 => {
                let batna = match self.c.below(3) {
                    0 => self.c.between(0, 60).to_string(),
                    1 => self.c.between(-10, 10).to_string(),
                    _ => tenths(self.c.between(-100, 600)),
                };
                (Some(batna), None)
            }
            2 => {
                let batna = self.c.between(0, 50).to_string();
                let care = *self.c.pick(&["0.1", "10%", "0.25", "0", "5%"]);
                let target = if self.c.maybe(50) {
                    let others: Vec<usize> = (0..parties.len()).filter(|&q| q != me).collect();
                    Some(*self.c.pick(&others))
                } else {
                    None
                };
                (Some(batna), Some((care, target)))
            }
            3 => (None, None),
            _ => (Some(String::new()), None),
        };
        party.batna = batna
            .as_deref()
            .filter(|b| !b.is_empty())
            .map_or(0.0, parse_points);
        party.care = care.map(|(c, t)| {
            let amount = match c.strip_suffix('%') {
                Some(p) => p.parse::<f64>().unwrap() / 100.0,
                None => c.parse().unwrap(),
            };
            (amount, t)
        });
        let body = match (batna, care) {
            (None, _) => String::new(),
            (Some(b), _) if b.is_empty() => self.c.pick(&[" { }", " {}"]).to_string(),
            (Some(b), None) => format!(" {{ batna {b} }}"),
            (Some(b), Some((c, t))) => {
                let s = self.sp1();
                let target = t.map_or(String::new(), |q| format!(" for {}", parties[q]));
                format!(" {{ batna {b}{s}care {c}{target} }}")
            }
        };
        vec![format!("party {}{name}{body}", party.id)]
    }

    /// An offer setting every issue; fills in its choices.
    fn offer_decl(
        &mut self,
        offer: &mut OfferModel,
        by: Option<&str>,
        issues: &[IssueSpec],
        events: &[EventSpec],
    ) -> Lines {
        offer.choices = vec![];
        let mut entries: Vec<String> = vec![];
        for issue in issues {
            let v = match issue.contingent_on {
                Some(e) if self.c.maybe(70) => {
                    let names = events[e].outcome_names();
                    let values: Vec<(String, usize)> =
                        names.iter().map(|_| issue.domain.value(self.c)).collect();
                    offer.choices.push(values.iter().map(|(_, k)| *k).collect());
                    let mut order: Vec<usize> = (0..names.len()).collect();
                    if self.c.maybe(30) {
                        self.c.shuffle(&mut order);
                    }
                    let vs: Vec<String> = order
                        .iter()
                        .map(|&k| format!("{}: {}", names[k], values[k].0))
                        .collect();
                    format!("{{ {} }}", vs.join(", "))
                }
                _ => {
                    let (text, k) = issue.domain.value(self.c);
                    offer.choices.push(vec![k]);
                    text
                }
            };
            let s = self.sp0();
            entries.push(format!("{}:{s}{v}", issue.id));
        }
        if self.c.maybe(30) {
            self.c.shuffle(&mut entries);
        }
        let by = by.map_or(String::new(), |p| format!(" by {p}"));
        let id = &offer.id;
        if self.c.maybe(60) {
            let comma = if self.c.maybe(15) { "," } else { "" };
            return vec![format!(
                "offer {id}{by} {{ {}{comma} }}",
                entries.join(", ")
            )];
        }
        let mut out = vec![format!("offer {id}{by} {{")];
        let n = entries.len();
        for (k, e) in entries.into_iter().enumerate() {
            if self.c.maybe(10) {
                let comment = self.own_line_comment();
                out.push(format!("    {comment}"));
            }
            let comma = if k + 1 < n || self.c.maybe(50) {
                ","
            } else {
                ""
            };
            out.push(format!("    {e}{comma}"));
        }
        out.push("}".into());
        out
    }
}

/// A generated scenario: its text, the comments written into it, and what it
/// means.
pub struct Generated {
    pub text: String,
    pub comments: Vec<String>,
    pub model: Model,
}

/// Builds a valid scenario from a stream of choices.
pub fn generate(data: &[u32]) -> Generated {
    let mut c = Choices::new(data);
    let mut g = Gen {
        c: &mut c,
        comments: vec![],
        used: vec![],
    };

    // Names first, so options can avoid them.
    let n_parties = 2 + g.c.below(3);
    let parties: Vec<String> = (0..n_parties).map(|_| g.name(PARTY_NAMES)).collect();
    let n_issues = 1 + g.c.below(5);
    let issue_ids: Vec<String> = (0..n_issues).map(|_| g.name(ISSUE_NAMES)).collect();
    let n_events = if g.c.maybe(50) { 1 + g.c.below(2) } else { 0 };
    let event_ids: Vec<String> = (0..n_events).map(|_| g.name(EVENT_NAMES)).collect();
    let n_offers = 1 + g.c.below(3);
    let offer_ids: Vec<String> = (0..n_offers).map(|_| g.name(OFFER_NAMES)).collect();

    let free_options: Vec<&str> = OPTION_NAMES
        .iter()
        .copied()
        .filter(|o| !g.used.iter().any(|u| u == o))
        .collect();
    let mut issues: Vec<IssueSpec> = issue_ids
        .into_iter()
        .map(|id| {
            let domain = if g.c.maybe(50) {
                g.numeric_domain()
            } else {
                let k = 2 + g.c.below(3);
                let start = g.c.below(free_options.len());
                let opts = (0..k)
                    .map(|j| free_options[(start + j) % free_options.len()].to_string())
                    .collect();
                Domain::Options(opts)
            };
            IssueSpec {
                id,
                domain,
                contingent_on: None,
            }
        })
        .collect();
    let events: Vec<EventSpec> = event_ids
        .into_iter()
        .map(|id| {
            let outcomes = if g.c.maybe(40) {
                let k = 2 + g.c.below(2);
                let start = g.c.below(OUTCOME_NAMES.len());
                Some(
                    (0..k)
                        .map(|j| OUTCOME_NAMES[(start + j) % OUTCOME_NAMES.len()].to_string())
                        .collect(),
                )
            } else {
                None
            };
            EventSpec { id, outcomes }
        })
        .collect();
    if !events.is_empty() && g.c.maybe(60) {
        let i = g.c.below(issues.len());
        issues[i].contingent_on = Some(g.c.below(events.len()));
    }

    let mut model = Model {
        issues: issues.clone(),
        events: events.clone(),
        parties: parties
            .iter()
            .map(|id| PartyModel {
                id: id.clone(),
                batna: 0.0,
                care: None,
                weights: vec![],
                values: vec![],
                beliefs: vec![],
            })
            .collect(),
        offers: offer_ids
            .iter()
            .map(|id| OfferModel {
                id: id.clone(),
                choices: vec![],
            })
            .collect(),
    };

    let mut decls: Vec<Lines> = vec![];
    for (k, party) in model.parties.iter_mut().enumerate() {
        decls.push(g.party_decl(party, k, &parties));
    }
    for issue in &issues {
        decls.push(g.issue_decl(issue));
    }
    for e in &events {
        let name = g.display_name();
        let outs = match &e.outcomes {
            None => String::new(),
            Some(o) => format!(" : {}", o.join(" | ")),
        };
        decls.push(vec![format!("event {}{name}{outs}", e.id)]);
    }
    for issue in &issues {
        if let Some(e) = issue.contingent_on {
            decls.push(vec![format!("contingent {} on {}", issue.id, events[e].id)]);
        }
    }
    for party in model.parties.iter_mut() {
        decls.push(g.prefs_decl(party, &issues, &events));
    }
    // A rule every package satisfies (so every offer does).
    let cat = issues
        .iter()
        .find(|i| i.contingent_on.is_none() && matches!(i.domain, Domain::Options(_)));
    let num = issues
        .iter()
        .find(|i| i.contingent_on.is_none() && matches!(i.domain, Domain::Numeric { .. }));
    if let (Some(cat), Some(num)) = (cat, num) {
        if g.c.maybe(40) {
            let (Domain::Options(opts), Domain::Numeric { kind, lo, .. }) =
                (&cat.domain, &num.domain)
            else {
                unreachable!()
            };
            let o = g.c.pick(opts).clone();
            let label = if g.c.maybe(50) {
                " \"always holds\""
            } else {
                ""
            };
            let lo = kind.lit(*lo, false);
            let cond = if g.c.maybe(50) {
                format!("{} == {o} => {} >= {lo}", cat.id, num.id)
            } else {
                format!("not ({} < {lo}) or {} != {o}", num.id, cat.id)
            };
            decls.push(vec![format!("rule{label}: {cond}")]);
        }
    }
    if g.c.maybe(10) {
        decls.push(vec!["agreement package".into()]);
    }
    for offer in model.offers.iter_mut() {
        let by = if g.c.maybe(60) {
            Some(g.c.pick(&parties).clone())
        } else {
            None
        };
        decls.push(g.offer_decl(offer, by.as_deref(), &issues, &events));
    }
    if g.c.maybe(30) {
        g.c.shuffle(&mut decls);
    }
    if g.c.maybe(40) {
        let title = g.c.pick(STRINGS).to_string();
        decls.insert(0, vec![format!("scenario \"{title}\"")]);
    }

    let mut commands: Vec<Lines> = offer_ids
        .iter()
        .map(|o| vec![format!("evaluate {o}")])
        .collect();
    if g.c.maybe(30) {
        let p = g.c.pick(&parties).clone();
        let o = g.c.pick(&offer_ids).clone();
        commands.push(vec![format!("assert utility({p}, {o}) >= -1000000000")]);
    }
    if g.c.maybe(20) {
        let p = g.c.pick(&parties).clone();
        commands.push(vec![format!("assert batna({p}) <= 1000")]);
    }
    for cmd in ["nash", "frontier", "zopa", "kalai", "welfare"] {
        if g.c.maybe(10) {
            commands.push(vec![cmd.to_string()]);
        }
    }

    // Layout: comments around and inside items, blank lines between them.
    let mut text = String::new();
    if g.c.maybe(20) {
        let comment = g.own_line_comment();
        text.push_str(&comment);
        text.push_str("\n\n");
    }
    for item in decls.into_iter().chain(commands) {
        for _ in 0..g.c.below(3) {
            let comment = g.own_line_comment();
            text.push_str(&comment);
            text.push('\n');
        }
        if g.c.maybe(25) {
            for _ in 0..1 + g.c.below(2) {
                let doc = g.doc_comment();
                text.push_str(&doc);
                text.push('\n');
            }
            if g.c.maybe(15) {
                // A doc comment cut off by a blank line documents nothing.
                text.push('\n');
            }
        }
        for line in item {
            text.push_str(&line);
            // A trailing comment on any line but a blank or a comment line.
            let bare = line.trim();
            if !bare.is_empty() && !bare.starts_with('/') && g.c.maybe(15) {
                let comment = g.trailing_comment();
                text.push_str(&comment);
            }
            text.push('\n');
        }
        for _ in 0..g.c.below(3) {
            text.push('\n');
        }
    }
    if g.c.maybe(20) {
        let comment = g.own_line_comment();
        text.push_str(&comment);
        text.push('\n');
    }
    Generated {
        text,
        comments: g.comments,
        model,
    }
}
