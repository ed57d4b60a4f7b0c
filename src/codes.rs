//! Every diagnostic code neg reports, in one place: a [`Code`] per kind of
//! problem, shown to users as its text (`neg::check::unknown-name`), which
//! tools match on and which never changes once released.

use std::fmt;

macro_rules! codes {
    ($($name:ident = $text:literal,)*) => {
        /// A diagnostic's stable code; its text is [`Code::as_str`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)] // each is named after its text
        pub enum Code {
            $($name,)*
        }

        impl Code {
            /// Every code, sorted by its text.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as users see it: `neg::check::unknown-name`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $text,)*
                }
            }
        }
    };
}

codes! {
    // A note shown with another diagnostic has no code of its own.
    Related = "",
    ApiInput = "neg::api::input",
    ApiOneCommand = "neg::api::one-command",
    CheckArgument = "neg::check::argument",
    CheckArity = "neg::check::arity",
    CheckBadRange = "neg::check::bad-range",
    CheckBadStep = "neg::check::bad-step",
    CheckBareOption = "neg::check::bare-option",
    CheckBeliefForm = "neg::check::belief-form",
    CheckCallContext = "neg::check::call-context",
    CheckCareAboveOne = "neg::check::care-above-one",
    CheckCareSelf = "neg::check::care-self",
    CheckDuplicate = "neg::check::duplicate",
    CheckDuplicateScenario = "neg::check::duplicate-scenario",
    CheckEmptyRange = "neg::check::empty-range",
    CheckEventOutcomes = "neg::check::event-outcomes",
    CheckHookFile = "neg::check::hook-file",
    CheckHypothesisBatna = "neg::check::hypothesis-batna",
    CheckLinearOnOptions = "neg::check::linear-on-options",
    CheckLinearOrder = "neg::check::linear-order",
    CheckLinearOutsideRange = "neg::check::linear-outside-range",
    CheckMesoCount = "neg::check::meso-count",
    CheckMissingBelief = "neg::check::missing-belief",
    CheckMissingOption = "neg::check::missing-option",
    CheckMissingOutcome = "neg::check::missing-outcome",
    CheckMissingPrefs = "neg::check::missing-prefs",
    CheckMissingValue = "neg::check::missing-value",
    CheckMixedHypotheses = "neg::check::mixed-hypotheses",
    CheckMixedWeights = "neg::check::mixed-weights",
    CheckNegativeWeight = "neg::check::negative-weight",
    CheckNoHypotheses = "neg::check::no-hypotheses",
    CheckNotContingent = "neg::check::not-contingent",
    CheckNotFinite = "neg::check::not-finite",
    CheckOffGrid = "neg::check::off-grid",
    CheckOfferBreaksRule = "neg::check::offer-breaks-rule",
    CheckOfferIncomplete = "neg::check::offer-incomplete",
    CheckOneParty = "neg::check::one-party",
    CheckOptionKind = "neg::check::option-kind",
    CheckOutOfRange = "neg::check::out-of-range",
    CheckPercentSlip = "neg::check::percent-slip",
    CheckPlotFile = "neg::check::plot-file",
    CheckPlotParties = "neg::check::plot-parties",
    CheckPriors = "neg::check::priors",
    CheckProbabilityRange = "neg::check::probability-range",
    CheckProbabilitySum = "neg::check::probability-sum",
    CheckProbeCount = "neg::check::probe-count",
    CheckReservedName = "neg::check::reserved-name",
    CheckRuleUnsatisfiable = "neg::check::rule-unsatisfiable",
    CheckRulesConflict = "neg::check::rules-conflict",
    CheckRulesUndecided = "neg::check::rules-undecided",
    CheckSameParty = "neg::check::same-party",
    CheckSimulatePlayers = "neg::check::simulate-players",
    CheckStepDivides = "neg::check::step-divides",
    CheckTableOnNumeric = "neg::check::table-on-numeric",
    CheckTemperature = "neg::check::temperature",
    CheckTooManyOptions = "neg::check::too-many-options",
    CheckType = "neg::check::type",
    CheckUncertainProposer = "neg::check::uncertain-proposer",
    CheckUnitMismatch = "neg::check::unit-mismatch",
    CheckUnknownFunction = "neg::check::unknown-function",
    CheckUnknownName = "neg::check::unknown-name",
    CheckUnknownOption = "neg::check::unknown-option",
    CheckValueReadsOtherIssue = "neg::check::value-reads-other-issue",
    CheckWhenContext = "neg::check::when-context",
    CheckWholeNumber = "neg::check::whole-number",
    CheckWrongKind = "neg::check::wrong-kind",
    CheckZeroWeights = "neg::check::zero-weights",
    ExportCare = "neg::export::care",
    ExportContingent = "neg::export::contingent",
    ExportExtra = "neg::export::extra",
    ExportHypotheses = "neg::export::hypotheses",
    ExportRanges = "neg::export::ranges",
    ExportReservation = "neg::export::reservation",
    ExportRule = "neg::export::rule",
    ExportWelfare = "neg::export::welfare",
    HookArity = "neg::hook::arity",
    HookCall = "neg::hook::call",
    HookDuplicate = "neg::hook::duplicate",
    HookExtraReads = "neg::hook::extra-reads",
    HookSyntax = "neg::hook::syntax",
    HookTooLarge = "neg::hook::too-large",
    HookTopLevel = "neg::hook::top-level",
    HookUnknownFunction = "neg::hook::unknown-function",
    HookUtilityBeside = "neg::hook::utility-beside",
    ImportGenius = "neg::import::genius",
    ImportGeniusweb = "neg::import::geniusweb",
    ImportWeights = "neg::import::weights",
    Io = "neg::io",
    LoadHookFile = "neg::load::hook-file",
    LoadImport = "neg::load::import",
    LoadImportCycle = "neg::load::import-cycle",
    LoadStdImport = "neg::load::std-import",
    LoadUnknownStd = "neg::load::unknown-std",
    RunAssertFailed = "neg::run::assert-failed",
    RunCancelled = "neg::run::cancelled",
    RunCombinations = "neg::run::combinations",
    RunCoupledTooLarge = "neg::run::coupled-too-large",
    RunFlow = "neg::run::flow",
    RunInfeasible = "neg::run::infeasible",
    RunInterrupted = "neg::run::interrupted",
    RunMesoLevel = "neg::run::meso-level",
    RunMesoTooLarge = "neg::run::meso-too-large",
    RunNoPackage = "neg::run::no-package",
    RunNotYet = "neg::run::not-yet",
    RunObserve = "neg::run::observe",
    RunOverBudget = "neg::run::over-budget",
    RunPlot = "neg::run::plot",
    RunProbe = "neg::run::probe",
    RunRobust = "neg::run::robust",
    RunSimulate = "neg::run::simulate",
    Syntax = "neg::syntax",
    SyntaxLongName = "neg::syntax::long-name",
    SyntaxNumber = "neg::syntax::number",
    SyntaxTooDeep = "neg::syntax::too-deep",
    SyntaxTooMany = "neg::syntax::too-many",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_well_formed() {
        let texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(texts, sorted);
        for t in texts.into_iter().filter(|t| !t.is_empty()) {
            assert!(t.starts_with("neg::"), "{t}");
            assert!(
                t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ":-".contains(c)),
                "{t}"
            );
        }
    }
}
