//! What a plan can hold, one line each with an example: the list `neg help
//! plan`, the long `neg --help`, the man page and the REPL's `:help` share.
//!
//! `neg help plan` is a help topic, not a subcommand: [`intercept`] answers
//! it before clap parses the arguments, so clap's own `neg help run`, `neg
//! help import genius`, … stay as they are.

use std::ffi::OsString;

/// The declarations, in the grammar's order: `(keyword, "example  — what it is")`.
pub(crate) const DECLARATIONS: &[(&str, &str)] = &[
    ("scenario", "scenario \"Series A\"  — the plan's title"),
    ("import", "import \"common.neg\"  — declarations from another file"),
    ("party", "party vc \"Granite Ventures\" { batna 45 }  — a side of the table"),
    ("issue", "issue price : $100 .. $200 step $50  — what is negotiated (or: issue board : seat | observer)"),
    ("event", "event exit : ipo | sale | none  — an uncertain future"),
    ("contingent", "contingent bonus on exit  — an issue set separately per outcome of an event"),
    ("prefs", "prefs vc { weight price 2  price = linear($100 -> 0, $200 -> 100)  believe exit { ipo: 30% } }  — a score sheet"),
    ("rule", "rule \"cap\": price <= $150 or board == observer  — what every package must meet"),
    ("agreement", "agreement sequential price, board  — settle one issue at a time (default: package)"),
    ("offer", "offer mid by vc { price: $150, board: seat }  — a named package"),
    ("hook", "hook \"utility.rhai\"  — Rhai functions for prefs and strategies (also hook rhai { … })"),
    ("strategy", "strategy tough = hook tough_offer  — a custom negotiating agent"),
];

/// The commands, which a plan runs in order: `(keyword, "example  — what it answers")`.
pub(crate) const COMMANDS: &[(&str, &str)] = &[
    ("evaluate", "evaluate mid  — every party's figures for an offer"),
    ("assert", "assert utility(vc, mid) >= 50  — fails loudly when false"),
    ("frontier", "frontier  — every Pareto-optimal package"),
    ("nash", "nash  — the largest product of gains over the BATNAs"),
    ("kalai", "kalai  — equal shares of what each party could at best gain"),
    ("welfare", "welfare  — the largest sum of utilities above the BATNAs"),
    ("zopa", "zopa  — whether and where agreement beats every BATNA"),
    ("classify", "classify  — each issue: compatible, free to give, distributive, integrative"),
    ("tradeoffs", "tradeoffs vc founders [from mid]  — logrolls that make both better off"),
    ("improve", "improve mid  — packages every party likes at least as well"),
    ("meso", "meso vc count 3 [at 60]  — equivalent offers that differ"),
    ("power", "power  — each party's dependence on the deal"),
    ("plot", "plot \"space.svg\" [x vc y founders]  — the utility space as a picture"),
    ("simulate", "simulate vc: meso(k=3), founders: boulware [rounds 100] [repeat 500] [agreement sequential]  — an agents' negotiation"),
    ("tournament", "tournament boulware, conceder, bayesian [repeat 50] [chart \"t.svg\"]  — every strategy against every other, in every role"),
    ("tentative", "tentative price = $150  — settle an issue, reopenable"),
    ("reopen", "reopen price  — unsettle it"),
    ("status", "status  — settlements, their cost in joint value, best completions"),
    ("agree", "agree  — the final package, once every issue is settled"),
    ("beliefs", "beliefs dealer  — the probability of each hypothesis (prefs dealer as pr_lover 60% { … batna 30 })"),
    ("observe", "observe dealer chose a over b, c [temperature 5]  — Bayes' rule on the hypotheses (or: accepted a, rejected a)"),
    ("robust", "robust for buyer  — the best offer for buyer at each chance that the uncertain side accepts"),
    ("probe", "probe dealer by buyer count 3 [at 60]  — equal offers whose pick reveals the most about dealer"),
];

/// Every line of [`DECLARATIONS`] then [`COMMANDS`].
pub(crate) fn language() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    DECLARATIONS.iter().chain(COMMANDS)
}

/// A line's example and what it does.
fn split(line: &str) -> (&str, &str) {
    line.split_once("  — ").unwrap_or((line, ""))
}

/// What a line does, without its parenthesised aside.
fn brief(line: &str) -> &str {
    let what = split(line).1;
    what.split(" (").next().unwrap_or(what)
}

/// For the long `neg --help`: every keyword with what it does, one line each.
pub(crate) fn summary() -> String {
    let width = language().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut s = String::from(
        "What a plan holds (`neg help plan` shows an example of each; docs/language.md):",
    );
    for (heading, lines) in [("Declarations", DECLARATIONS), ("Commands", COMMANDS)] {
        s.push_str(&format!("\n  {heading}:"));
        for (keyword, line) in lines {
            s.push_str(&format!("\n    {keyword:width$}  {}", brief(line)));
        }
    }
    s
}

/// The first paragraph of `neg help plan`.
pub(crate) const INTRO: &str = "\
A plan (a .neg file) holds declarations, then commands that `neg run` runs in
order; `neg repl` takes the same lines one at a time. Each example below is
followed by what it does; [brackets] mark optional parts. docs/language.md
has the whole language.";

/// Every keyword with an example and what it does, under two headings.
pub(crate) fn examples() -> String {
    let mut s = String::new();
    for (heading, lines) in [("Declarations", DECLARATIONS), ("Commands", COMMANDS)] {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&format!("{heading}:\n"));
        for (_, line) in lines {
            let (example, what) = split(line);
            s.push_str(&format!("  {example}\n      {what}\n"));
        }
    }
    s
}

/// What `neg help plan` prints.
pub(crate) fn topic() -> String {
    format!("{INTRO}\n\n{}", examples())
}

/// Answers `neg [FLAGS] help plan` (exit status 0); `None` for any other
/// arguments, which clap parses as usual.
pub(crate) fn intercept(args: &[OsString]) -> Option<u8> {
    use clap::CommandFactory;
    let cmd = super::args::Cli::command();
    // The global flags that take a value: `--format json` is one flag.
    let valued: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let mut words = vec![];
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let arg = arg.to_str()?;
        if arg.starts_with("--") && arg.len() > 2 {
            if !arg.contains('=') && valued.iter().any(|v| v == arg) {
                rest.next();
            }
        } else if arg.starts_with('-') {
            // `-h`, `--`, `-`: clap's to answer.
            return None;
        } else {
            words.push(arg);
        }
    }
    if words != ["help", "plan"] {
        return None;
    }
    super::print_to(&mut std::io::stdout(), &topic());
    Some(super::OK)
}

#[cfg(test)]
mod tests {
    use super::{language, COMMANDS, DECLARATIONS};
    use crate::diagnostics::SourceId;
    use crate::syntax::keywords::TOP_LEVEL_KEYWORDS;

    /// Every example parses (optional parts included) and starts with its
    /// keyword, and every declaration and command keyword of the grammar has
    /// a line in the right list.
    #[test]
    fn help_examples_parse_and_cover_the_language() {
        for (name, line) in language() {
            let example = line.split("  — ").next().unwrap().replace(['[', ']'], "");
            let (_, diags) = crate::syntax::parse_file(&example, SourceId(0));
            assert!(diags.is_empty(), "{name}: {example}: {diags:?}");
            assert!(example.starts_with(name), "{name}: {example}");
            assert!(line.contains("  — "), "{name}: no description");
        }
        let grammar = include_str!("../../grammar/neg.pest");
        for rule in grammar.lines().filter_map(|l| l.split_once(" = ")) {
            let word = rule.0.trim();
            if let Some(kind) = word.strip_suffix("_cmd") {
                assert!(
                    COMMANDS.iter().any(|(n, _)| *n == kind),
                    "no line for `{kind}`"
                );
            }
            if let Some(kind) = word.strip_suffix("_decl") {
                assert!(
                    DECLARATIONS.iter().any(|(n, _)| *n == kind),
                    "no line for `{kind}`"
                );
            }
        }
    }

    /// Exactly the words that start a top-level item have a line, once each.
    #[test]
    fn every_top_level_keyword_has_one_line() {
        let mut listed: Vec<&str> = language().map(|(k, _)| *k).collect();
        let mut keywords = TOP_LEVEL_KEYWORDS.to_vec();
        listed.sort_unstable();
        keywords.sort_unstable();
        assert_eq!(listed, keywords);
    }

    #[test]
    fn help_plan_is_answered_before_clap_and_nothing_else_is() {
        let args = |a: &[&str]| -> Vec<std::ffi::OsString> {
            std::iter::once("neg")
                .chain(a.iter().copied())
                .map(Into::into)
                .collect()
        };
        // Only the words matter; answering prints, so test the refusals.
        for no in [
            &["help"][..],
            &["help", "run"],
            &["plan"],
            &["help", "plan", "extra"],
            &["-h", "help", "plan"],
            &["run", "help", "plan"],
            &["--format", "help", "plan"],
        ] {
            assert_eq!(super::intercept(&args(no)), None, "{no:?}");
        }
    }
}
