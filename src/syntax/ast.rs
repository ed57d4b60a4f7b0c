//! The typed syntax tree of a `.neg` file.
//!
//! Every node keeps its byte [`Span`] in the source so that later stages can
//! point diagnostics at it. Spans are left out of the serialised form, which
//! makes "same tree up to layout" a comparison of two JSON values (used to
//! prove the formatter preserves meaning).

use serde::Serialize;

pub use crate::diagnostics::Span;

/// A name as written, with where it was written.
#[derive(Debug, Clone, Serialize)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it stands.
    #[serde(skip)]
    pub span: Span,
}

/// A string literal (escapes resolved).
#[derive(Debug, Clone, Serialize)]
pub struct StrLit {
    /// The value.
    pub value: String,
    /// Where it stands, quotes included.
    #[serde(skip)]
    pub span: Span,
}

/// The unit a number literal carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
pub enum Unit {
    /// A plain number.
    Plain,
    /// `15%`: a fraction, shown as a percent.
    Percent,
    /// `$2M`: an amount in the given currency.
    Money(char),
    /// `6mo`: a duration in the given unit.
    Duration(DurationUnit),
}

/// Duration units; each issue keeps its own (no silent conversion).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
pub enum DurationUnit {
    /// `d`
    Days,
    /// `w`
    Weeks,
    /// `mo`
    Months,
    /// `y`
    Years,
}

impl Unit {
    /// How the unit is described to a user.
    pub fn describe(self) -> String {
        match self {
            Unit::Plain => "a plain number".into(),
            Unit::Percent => "a percentage".into(),
            Unit::Money(c) => format!("an amount in {c}"),
            Unit::Duration(d) => format!("a duration in {}", d.word()),
        }
    }
}

impl DurationUnit {
    /// The suffix as written.
    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
            DurationUnit::Months => "mo",
            DurationUnit::Years => "y",
        }
    }
    /// The unit in words.
    pub fn word(self) -> &'static str {
        match self {
            DurationUnit::Days => "days (d)",
            DurationUnit::Weeks => "weeks (w)",
            DurationUnit::Months => "months (mo)",
            DurationUnit::Years => "years (y)",
        }
    }
}

/// A number literal: its arithmetic value, unit and original spelling.
#[derive(Debug, Clone, Serialize)]
pub struct Number {
    /// The value in arithmetic (`15%` is 0.15, `400k` is 400000).
    pub value: f64,
    /// The unit it carries.
    pub unit: Unit,
    /// The literal as written; the formatter prints it unchanged.
    pub text: String,
    /// Where it stands.
    #[serde(skip)]
    pub span: Span,
}

/// A parsed file: its items in source order.
#[derive(Debug, Clone, Serialize, Default)]
pub struct File {
    /// Declarations and commands, in order.
    pub items: Vec<Item>,
}

/// One top-level declaration or command.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The `///` doc comment right above it, if any (without the slashes).
    pub doc: Option<String>,
    /// What it is.
    pub kind: ItemKind,
    /// Where it stands (doc comment excluded).
    #[serde(skip)]
    pub span: Span,
}

/// The kinds of top-level items.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub enum ItemKind {
    Scenario(StrLit),
    Import(StrLit),
    Party(PartyDecl),
    Issue(IssueDecl),
    Event(EventDecl),
    Contingent { issue: Ident, event: Ident },
    Prefs(PrefsDecl),
    Rule(RuleDecl),
    Agreement(AgreementDecl),
    Offer(OfferDecl),
    Hook(HookDecl),
    Strategy { name: Ident, function: Ident },
    Command(Command),
}

impl ItemKind {
    /// The keyword that starts the item, for messages.
    pub fn keyword(&self) -> &'static str {
        match self {
            ItemKind::Scenario(_) => "scenario",
            ItemKind::Import(_) => "import",
            ItemKind::Party(_) => "party",
            ItemKind::Issue(_) => "issue",
            ItemKind::Event(_) => "event",
            ItemKind::Contingent { .. } => "contingent",
            ItemKind::Prefs(_) => "prefs",
            ItemKind::Rule(_) => "rule",
            ItemKind::Agreement(_) => "agreement",
            ItemKind::Offer(_) => "offer",
            ItemKind::Hook(_) => "hook",
            ItemKind::Strategy { .. } => "strategy",
            ItemKind::Command(c) => c.kind.name(),
        }
    }
}

/// `party ID ["name"] { batna N  care X [for P] }`
#[derive(Debug, Clone, Serialize)]
pub struct PartyDecl {
    /// The party's identifier.
    pub id: Ident,
    /// Optional display name.
    pub name: Option<StrLit>,
    /// Whether a `{ … }` body was written (kept for the formatter).
    pub has_body: bool,
    /// `batna N` lines (more than one is an error).
    pub batnas: Vec<Number>,
    /// `care X [for P]` lines.
    pub cares: Vec<CareField>,
    /// `discount D` lines (more than one is an error).
    pub discounts: Vec<Number>,
    /// Body fields in source order, for the formatter.
    #[serde(skip)]
    pub field_spans: Vec<Span>,
}

/// `care X [for P]`
#[derive(Debug, Clone, Serialize)]
pub struct CareField {
    /// How much of the other side's utility counts.
    pub amount: Number,
    /// Whom the care is for (all other parties when absent).
    pub target: Option<Ident>,
    /// Where it stands.
    #[serde(skip)]
    pub span: Span,
}

/// `issue ID ["name"] : …`
#[derive(Debug, Clone, Serialize)]
pub struct IssueDecl {
    /// The issue's identifier.
    pub id: Ident,
    /// Optional display name.
    pub name: Option<StrLit>,
    /// Its options.
    pub domain: IssueDomain,
    /// Per option of an option list: its display name, if any.
    pub option_names: Vec<Option<StrLit>>,
}

/// What values an issue takes.
#[derive(Debug, Clone, Serialize)]
pub enum IssueDomain {
    /// `a | b | c`
    Options(Vec<Ident>),
    /// `LO .. HI step S`
    Range {
        /// Lowest value.
        lo: Number,
        /// Highest value.
        hi: Number,
        /// Grid step.
        step: Number,
    },
}

/// `event ID ["name"] [: o1 | o2]`
#[derive(Debug, Clone, Serialize)]
pub struct EventDecl {
    /// The event's identifier.
    pub id: Ident,
    /// Optional display name.
    pub name: Option<StrLit>,
    /// Listed outcomes; `None` means the binary `yes | no`.
    pub outcomes: Option<Vec<Ident>>,
}

/// `prefs PARTY { … }`, or `prefs PARTY as HYP ["name"] [PRIOR] { … }`.
#[derive(Debug, Clone, Serialize)]
pub struct PrefsDecl {
    /// The party whose score sheet this is.
    pub party: Ident,
    /// The hypothesis this sheet is, when PARTY's sheet is not known.
    pub hypothesis: Option<HypothesisHead>,
    /// Its lines, in order.
    pub items: Vec<PrefsItem>,
}

/// `as HYP ["display name"] [PRIOR]`: which guess about a party a sheet is.
#[derive(Debug, Clone, Serialize)]
pub struct HypothesisHead {
    /// The hypothesis's identifier.
    pub id: Ident,
    /// Optional display name.
    pub name: Option<StrLit>,
    /// Its prior probability (a percent or a number in [0, 1]).
    pub prior: Option<Number>,
}

/// One line of a score sheet.
#[derive(Debug, Clone, Serialize)]
pub struct PrefsItem {
    /// What the line says.
    pub kind: PrefsItemKind,
    /// Where it stands.
    #[serde(skip)]
    pub span: Span,
}

/// One entry of a `weight` line.
#[derive(Debug, Clone, Serialize)]
pub struct Weight {
    /// The issue weighed.
    pub issue: Ident,
    /// The weight, or the low end of a range.
    pub low: Number,
    /// The high end of a range (`30%..50%`); `None` for one weight.
    pub high: Option<Number>,
}

/// The kinds of score-sheet lines.
#[derive(Debug, Clone, Serialize)]
pub enum PrefsItemKind {
    /// `weight a 40%, b 60%`, or with ranges `weight a 30%..50%`
    Weights(Vec<Weight>),
    /// `believe E 25%` or `believe E { a: 20%, b: 80% }`
    Believe {
        /// The event.
        event: Ident,
        /// The probabilities.
        probs: Belief,
    },
    /// `ISSUE = …`
    Value {
        /// The issue being valued.
        issue: Ident,
        /// How.
        value: ValueForm,
    },
    /// `extra = hook f reads a, b`
    ExtraHook(WholeHook),
    /// `utility = hook f [reads …]`
    UtilityHook(WholeHook),
    /// `batna N`: the party's BATNA under this hypothesis.
    Batna(Number),
}

/// A hook of the whole package and the issues it says it reads.
#[derive(Debug, Clone, Serialize)]
pub struct WholeHook {
    /// The Rhai function.
    pub function: Ident,
    /// The issues after `reads` (empty when there is no `reads` clause).
    pub reads: Vec<Ident>,
}

/// A belief: a single probability for a binary event, or a table.
#[derive(Debug, Clone, Serialize)]
pub enum Belief {
    /// P(yes) of a binary event.
    Single(Number),
    /// Outcome → probability.
    Table(Vec<(Ident, Number)>),
}

/// The right-hand side of `ISSUE = …` in a score sheet.
#[derive(Debug, Clone, Serialize)]
pub enum ValueForm {
    /// `{ option: points, … }`
    Table(Vec<(Ident, Number)>),
    /// `linear(x -> v, …)`
    Linear(Vec<(Number, Number)>),
    /// Any expression of the issue's value.
    Expr(Expr),
    /// `hook f`
    Hook(Ident),
}

/// `rule ["label"]: EXPR`
#[derive(Debug, Clone, Serialize)]
pub struct RuleDecl {
    /// Optional label shown in messages.
    pub label: Option<StrLit>,
    /// The condition every package must meet.
    pub expr: Expr,
}

/// `agreement package` / `agreement sequential a, b`
#[derive(Debug, Clone, Serialize)]
pub enum AgreementDecl {
    /// Nothing is agreed until everything is agreed.
    Package,
    /// Issues settled one at a time in this order.
    Sequential(Vec<Ident>),
}

/// `offer ID [by PARTY] { ISSUE: VALUE, … }`
#[derive(Debug, Clone, Serialize)]
pub struct OfferDecl {
    /// The offer's identifier.
    pub id: Ident,
    /// Who makes it.
    pub by: Option<Ident>,
    /// Its settings, in order.
    pub entries: Vec<OfferEntry>,
}

/// `ISSUE: VALUE` in an offer (or a `tentative` line).
#[derive(Debug, Clone, Serialize)]
pub struct OfferEntry {
    /// The issue set.
    pub issue: Ident,
    /// To what.
    pub value: OfferValue,
    /// Where it stands.
    #[serde(skip)]
    pub span: Span,
}

/// A value given to an issue.
#[derive(Debug, Clone, Serialize)]
pub enum OfferValue {
    /// One value.
    Single(ValueLit),
    /// One value per event outcome (contingent issues).
    PerOutcome(Vec<(Ident, ValueLit)>, #[serde(skip)] Span),
}

/// An option name or a number.
#[derive(Debug, Clone, Serialize)]
pub enum ValueLit {
    /// An option of a categorical issue.
    Option(Ident),
    /// A value of a numeric issue.
    Number(Number),
}

impl ValueLit {
    /// Where the literal stands.
    #[cfg(any(test, feature = "internals"))]
    pub fn span(&self) -> Span {
        match self {
            ValueLit::Option(i) => i.span,
            ValueLit::Number(n) => n.span,
        }
    }
}

/// `hook "file.rhai"` / `hook rhai { … }`
#[derive(Debug, Clone, Serialize)]
pub enum HookDecl {
    /// A Rhai file relative to the scenario.
    File(StrLit),
    /// Inline Rhai source, kept verbatim.
    Inline {
        /// The code between the braces.
        code: String,
        /// Where the code stands.
        #[serde(skip)]
        span: Span,
    },
}

/// A command, run in order after all declarations are resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Command {
    /// What to do.
    pub kind: CommandKind,
    /// Where it stands.
    #[serde(skip)]
    pub span: Span,
}

/// The commands of the language.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub enum CommandKind {
    Evaluate(Ident),
    Frontier,
    Nash,
    Kalai,
    Welfare,
    Zopa,
    Classify,
    Power,
    Status,
    Agree,
    Tradeoffs {
        a: Ident,
        b: Ident,
        from: Option<Ident>,
    },
    Meso {
        party: Ident,
        count: Number,
        at: Option<Number>,
    },
    Improve(Ident),
    Simulate(SimulateCmd),
    Tournament(TournamentCmd),
    Tentative(OfferEntry),
    Reopen(Ident),
    Plot {
        file: StrLit,
        axes: Option<(Ident, Ident)>,
    },
    Assert(Expr),
    /// `beliefs PARTY`: the probability of each hypothesis about PARTY.
    Beliefs(Ident),
    /// `observe PARTY chose A over B, C [temperature T]`, `… accepted A`,
    /// `… rejected A`.
    Observe {
        party: Ident,
        answer: Answer,
        temperature: Option<Number>,
    },
    /// `robust for PARTY`.
    Robust(Ident),
    /// `probe PARTY by US count K [at U]`.
    Probe {
        party: Ident,
        by: Ident,
        count: Number,
        at: Option<Number>,
    },
}

/// An offer in an `observe`: a declared one, or a package written out.
#[derive(Debug, Clone, Serialize)]
pub enum ObservedOffer {
    /// A declared offer's name.
    Named(Ident),
    /// `{ ISSUE: VALUE, … }`.
    Inline {
        /// The issues set.
        entries: Vec<OfferEntry>,
        /// The braces and what they hold.
        #[serde(skip)]
        span: Span,
    },
}

/// What a party was seen to do with offers.
#[derive(Debug, Clone, Serialize)]
pub enum Answer {
    /// It chose the first offer over the others shown with it.
    Chose {
        /// The offer it chose.
        chosen: ObservedOffer,
        /// The other offers shown with it.
        over: Vec<ObservedOffer>,
    },
    /// It accepted the offer.
    Accepted(ObservedOffer),
    /// It rejected the offer.
    Rejected(ObservedOffer),
}

/// `simulate [NAME =] A: STRAT, … [rounds N] [agreement …] [seed S] [repeat R]`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SimulateCmd {
    /// `simulate NAME = …`: a name asserts read its figures by.
    pub label: Option<Ident>,
    /// The players, in the order they propose.
    pub players: Vec<SimPlayer>,
    /// `rounds N`.
    pub rounds: Option<Number>,
    /// `agreement package|sequential`.
    pub agreement: Option<SimAgreement>,
    /// `seed S`: the seed of the random agents.
    pub seed: Option<Number>,
    /// `repeat R`: how many negotiations to run.
    pub repeat: Option<Number>,
}

/// `tournament STRAT, … [rounds N] [seed S] [repeat R]`.
#[derive(Debug, Clone, Serialize)]
pub struct TournamentCmd {
    /// The strategies, each against every other and itself in every role.
    pub strategies: Vec<StrategyRef>,
    /// `rounds N`.
    pub rounds: Option<Number>,
    /// `seed S`.
    pub seed: Option<Number>,
    /// `repeat R`: runs per pairing.
    pub repeat: Option<Number>,
    /// `chart "file.svg"`.
    pub chart: Option<StrLit>,
}

/// One player of a `simulate`: `party [as hypothesis]: strategy`.
#[derive(Debug, Clone, Serialize)]
pub struct SimPlayer {
    /// The party.
    pub party: Ident,
    /// `as HYP`: the hypothesis about the party it plays.
    pub hypothesis: Option<Ident>,
    /// Its strategy.
    pub strategy: StrategyRef,
}

/// A strategy as written: `boulware`, `meso(k=4, e=0.5)`.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyRef {
    /// The strategy's name.
    pub name: Ident,
    /// `(name = value, …)`.
    pub args: Vec<(Ident, Number)>,
}

/// The protocol named in a `simulate` command.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum SimAgreement {
    /// Package deal.
    Package,
    /// Issue by issue.
    Sequential,
}

impl CommandKind {
    /// The command's keyword.
    pub fn name(&self) -> &'static str {
        match self {
            CommandKind::Evaluate(_) => "evaluate",
            CommandKind::Frontier => "frontier",
            CommandKind::Nash => "nash",
            CommandKind::Kalai => "kalai",
            CommandKind::Welfare => "welfare",
            CommandKind::Zopa => "zopa",
            CommandKind::Classify => "classify",
            CommandKind::Power => "power",
            CommandKind::Status => "status",
            CommandKind::Agree => "agree",
            CommandKind::Tradeoffs { .. } => "tradeoffs",
            CommandKind::Meso { .. } => "meso",
            CommandKind::Improve(_) => "improve",
            CommandKind::Simulate(_) => "simulate",
            CommandKind::Tournament(_) => "tournament",
            CommandKind::Tentative(_) => "tentative",
            CommandKind::Reopen(_) => "reopen",
            CommandKind::Plot { .. } => "plot",
            CommandKind::Assert(_) => "assert",
            CommandKind::Beliefs(_) => "beliefs",
            CommandKind::Observe { .. } => "observe",
            CommandKind::Robust(_) => "robust",
            CommandKind::Probe { .. } => "probe",
        }
    }
}

/// An expression with its span.
#[derive(Debug, Clone, Serialize)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it stands.
    #[serde(skip)]
    pub span: Span,
}

/// Binary operators, in no particular order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub enum BinOp {
    Implies,
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Implies => "=>",
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
    /// Binding strength: higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Implies => 1,
            BinOp::Or => 2,
            BinOp::And => 3,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 5,
            BinOp::Add | BinOp::Sub => 6,
            BinOp::Mul | BinOp::Div => 7,
        }
    }
    /// Whether the operator groups to the right (`a => b => c`).
    pub fn right_assoc(self) -> bool {
        matches!(self, BinOp::Implies)
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `not x`
    Not,
}

impl UnOp {
    /// Binding strength, comparable with [`BinOp::precedence`].
    pub fn precedence(self) -> u8 {
        match self {
            UnOp::Not => 4,
            UnOp::Neg => 8,
        }
    }
}

/// The kinds of expressions.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub enum ExprKind {
    Number(Number),
    Bool(bool),
    /// A name: an issue, an option, a party, an offer — resolved by `check`.
    Name(Ident),
    Call {
        function: Ident,
        args: Vec<Expr>,
    },
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    When {
        event: Ident,
        arms: Vec<(Ident, Expr)>,
    },
    /// Parentheses as written (kept so the formatter keeps them).
    Paren(Box<Expr>),
}
