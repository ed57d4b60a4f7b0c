//! The words of the language, in one place: every keyword (what a user's
//! name must avoid, what the REPL completes, what a misspelt word is
//! compared with), the ones that start a top-level item (where the parser's
//! error recovery resumes), and the reserved words of expressions. The tests
//! below keep these lists equal to the grammar's.

/// Every word of the language (the grammar's keyword tokens and reserved
/// words), in the grammar's order: what an identifier made up for a user's
/// name must avoid, and what the REPL completes.
pub const KEYWORDS: &[&str] = &[
    "scenario",
    "import",
    "party",
    "batna",
    "care",
    "for",
    "issue",
    "step",
    "event",
    "contingent",
    "on",
    "prefs",
    "as",
    "weight",
    "believe",
    "hook",
    "linear",
    "rule",
    "agreement",
    "package",
    "sequential",
    "offer",
    "by",
    "strategy",
    "evaluate",
    "frontier",
    "nash",
    "kalai",
    "welfare",
    "zopa",
    "classify",
    "power",
    "status",
    "agree",
    "tradeoffs",
    "from",
    "meso",
    "count",
    "at",
    "improve",
    "simulate",
    "rounds",
    "seed",
    "repeat",
    "tournament",
    "discount",
    "chart",
    "reads",
    "tentative",
    "reopen",
    "plot",
    "x",
    "y",
    "assert",
    "if",
    "then",
    "else",
    "when",
    "beliefs",
    "observe",
    "chose",
    "over",
    "accepted",
    "rejected",
    "temperature",
    "robust",
    "probe",
    "and",
    "or",
    "not",
    "true",
    "false",
];

/// Words that start a top-level item; the recovery resynchronises on them.
pub const TOP_LEVEL_KEYWORDS: &[&str] = &[
    "scenario",
    "import",
    "party",
    "issue",
    "event",
    "contingent",
    "prefs",
    "rule",
    "agreement",
    "offer",
    "hook",
    "strategy",
    "evaluate",
    "frontier",
    "nash",
    "kalai",
    "welfare",
    "zopa",
    "classify",
    "tradeoffs",
    "meso",
    "improve",
    "power",
    "simulate",
    "tournament",
    "tentative",
    "reopen",
    "status",
    "agree",
    "plot",
    "assert",
    "beliefs",
    "observe",
    "robust",
    "probe",
];

/// Words reserved by expressions (the grammar's `keyword` rule): never a name.
pub const RESERVED_WORDS: &[&str] = &[
    "and", "or", "not", "if", "then", "else", "when", "true", "false",
];

#[cfg(test)]
mod tests {
    use super::{KEYWORDS, RESERVED_WORDS, TOP_LEVEL_KEYWORDS};

    const GRAMMAR: &str = include_str!("../../grammar/neg.pest");

    fn sorted(mut words: Vec<&str>) -> Vec<&str> {
        words.sort_unstable();
        words.dedup();
        words
    }

    /// The words of the grammar's `keyword` rule (`"and" | "or" | …`).
    fn grammar_reserved() -> Vec<&'static str> {
        let line = GRAMMAR
            .lines()
            .find(|l| l.contains("\"and\" | \"or\""))
            .expect("the reserved words");
        line.split('"').skip(1).step_by(2).collect()
    }

    /// [`KEYWORDS`] is exactly the grammar's keyword tokens and reserved words.
    #[test]
    fn keywords_match_the_grammar() {
        let mut words: Vec<&str> = GRAMMAR
            .lines()
            .filter(|l| l.starts_with("kw_"))
            .filter_map(|l| l.split('"').nth(1))
            .collect();
        words.extend(grammar_reserved());
        assert_eq!(sorted(words), sorted(KEYWORDS.to_vec()));
    }

    #[test]
    fn reserved_words_match_the_grammar() {
        assert_eq!(sorted(grammar_reserved()), sorted(RESERVED_WORDS.to_vec()));
    }

    /// [`TOP_LEVEL_KEYWORDS`] are the first keywords of the grammar's
    /// declarations (`…_decl = { kw_…`) and commands (`…_cmd = { kw_…`).
    #[test]
    fn top_level_keywords_match_the_grammar() {
        let words: Vec<&str> = GRAMMAR
            .lines()
            .filter(|l| l.contains("_decl ") || l.contains("_cmd "))
            .filter_map(|l| l.split_once("= {")?.1.split_whitespace().next())
            .filter_map(|first| first.strip_prefix("kw_"))
            .collect();
        assert_eq!(sorted(words), sorted(TOP_LEVEL_KEYWORDS.to_vec()));
        for w in TOP_LEVEL_KEYWORDS {
            assert!(KEYWORDS.contains(w), "{w}");
        }
    }
}
