//! What editors ask of a plan (`neg::ide`): names and their uses, hover
//! figures checked by hand, and completion that knows where it is.

use neg::ide::complete::complete;
use neg::ide::index::{Symbol, TopKind};
use neg::ide::{analyse, Analysis};
use neg::world::MemoryWorld;
use std::path::Path;
use std::sync::Arc;

const TERM_SHEET: &str = include_str!("../examples/term_sheet.neg");

fn analysis(text: &str) -> Analysis {
    let world = MemoryWorld::new().with("/plans/deal.neg", text);
    analyse(Arc::new(world), Path::new("/plans/deal.neg"))
}

/// Completions for the text before the cursor, as labels.
fn labels(a: &Analysis, before: &str) -> Vec<String> {
    complete(before, &a.index)
        .items
        .into_iter()
        .map(|c| c.label)
        .collect()
}

fn offset_of(a: &Analysis, needle: &str, nth: usize) -> usize {
    let text = &a.sources.get(a.root).text;
    text.match_indices(needle).nth(nth).expect(needle).0
}

#[test]
fn names_resolve_to_their_declarations() {
    let a = analysis(TERM_SHEET);
    assert!(a.plan.is_some(), "{:?}", a.diagnostics);
    // `by vc` in the first offer names the party declared on line 10.
    let use_at = offset_of(&a, "by vc", 0) + 3;
    let o = a.index.at(a.root, use_at).expect("a name");
    assert_eq!(o.symbol, Symbol::Top("vc".into()));
    let def = a.index.definition(&o.symbol).unwrap();
    assert_eq!(
        def.span.start,
        offset_of(&a, "party vc", 0) + "party ".len()
    );
    // `free` in the rule is the option of `consulting`, not a new name.
    let free = offset_of(&a, "consulting == free", 0) + "consulting == ".len();
    let o = a.index.at(a.root, free).unwrap();
    assert_eq!(o.symbol, Symbol::Option("consulting".into(), "free".into()));
    // consulting's `free`: declared once, in each sheet's table (2), in
    // three offers (compromise, counter, meso_free) and in the rule.
    let uses = a.index.references(&o.symbol).count();
    assert_eq!(uses, 1 + 2 + 3 + 1);
    // The options of `board_seat` are not those of `consulting`.
    let text = &a.sources.get(a.root).text;
    let yes = Symbol::Option("board_seat".into(), "yes".into());
    assert!(a
        .index
        .references(&yes)
        .all(|o| &text[o.loc.span.start..o.loc.span.end] == "yes"));
    assert_eq!(a.index.kind_of("milestones"), Some(TopKind::Event));
}

#[test]
fn names_resolve_while_the_plan_has_errors() {
    let broken = TERM_SHEET.replace("evaluate counter", "evaluate counter_offer");
    let a = analysis(&broken);
    assert!(a.plan.is_none());
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.message.contains("counter_offer")));
    let opening = offset_of(&a, "evaluate opening", 0) + "evaluate ".len();
    let o = a.index.at(a.root, opening).unwrap();
    assert_eq!(o.symbol, Symbol::Top("opening".into()));
}

#[test]
fn hover_shows_points_beliefs_and_an_offers_figures() {
    let a = analysis(TERM_SHEET);
    let hover = |needle: &str, nth: usize| {
        // The name is the needle's last word.
        let skip = needle.rfind(' ').map_or(0, |i| i + 1);
        let at = offset_of(&a, needle, nth) + skip;
        neg::ide::hover::hover(&a, a.root, at)
            .expect(needle)
            .markdown
    };
    // consulting: vc weighs it 25% and scores none 0, paid 100, free 20, so
    // the options add 0, 25 and 5 points; the founders 15% of 100, 0, 80.
    let consulting = hover("consulting", 1);
    assert!(
        consulting.contains("3 options: none | paid | free"),
        "{consulting}"
    );
    assert!(
        consulting.contains("| `vc` | 25% | 0 | 25 | 5 |"),
        "{consulting}"
    );
    assert!(
        consulting.contains("| `founders` | 15% | 15 | 0 | 12 |"),
        "{consulting}"
    );
    // An option alone: its column.
    let free = hover("free", 3);
    assert!(free.contains("| `vc` | 25% | 5 |"), "{free}");
    // The parties: BATNA and care.
    let founders = hover("party founders", 0);
    assert!(
        founders.contains("BATNA **30**") && founders.contains("care 0.1 for `vc`"),
        "{founders}"
    );
    // The event: each side's belief (25% for the VC, 80% for the founders).
    let milestones = hover("event milestones", 0);
    assert!(milestones.contains("| `vc` | 25% | 75% |"), "{milestones}");
    assert!(
        milestones.contains("| `founders` | 80% | 20% |"),
        "{milestones}"
    );
    // The offer: evaluate's table, with the asserted figures (vc 52, gain 7;
    // founders 27, cared 32.2).
    let opening = hover("offer opening", 0);
    assert!(
        opening.contains("52") && opening.contains("32.2"),
        "{opening}"
    );
    assert!(opening.contains("The VC's opening"), "{opening}");
    // The founders' cared-for 32.2 beats their BATNA of 30: acceptable.
    assert!(opening.contains("acceptable to every party"), "{opening}");
    // With their BATNA at 60 it is not.
    let raised = TERM_SHEET.replace("{ batna 30 care 0.1 }", "{ batna 60 care 0.1 }");
    let b = analysis(&raised);
    let at = offset_of(&b, "offer opening", 0) + "offer ".len();
    let opening = neg::ide::hover::hover(&b, b.root, at).unwrap().markdown;
    assert!(
        opening.contains("not acceptable to `founders` (-27.8)"),
        "{opening}"
    );
}

#[test]
fn hover_with_hypotheses_and_on_wide_issues() {
    // The founders' sheet is hidden: their expected gain from the VC's
    // opening is negative, and they accept it under some hypotheses only.
    let a = analysis(include_str!("../examples/term_sheet_unknown.neg"));
    assert!(a.plan.is_some(), "{:?}", a.diagnostics);
    let at = offset_of(&a, "offer opening", 0) + "offer ".len();
    let opening = neg::ide::hover::hover(&a, a.root, at).unwrap().markdown;
    assert!(
        opening.contains("not acceptable to `founders`"),
        "{opening}"
    );
    assert!(
        opening.contains("chance the hidden side accepts: 40%"),
        "{opening}"
    );
    // A million options: the hover stays short.
    let wide = "party a { batna 0 }\nparty b { batna 0 }\nissue price : 0 .. 999999 step 1\nprefs a { price = linear(0 -> 0, 999999 -> 100) }\nprefs b { price = linear(0 -> 100, 999999 -> 0) }\n";
    let a = analysis(wide);
    let price = neg::ide::hover::hover(&a, a.root, offset_of(&a, "price :", 0))
        .unwrap()
        .markdown;
    assert!(price.len() < 2_000, "{} bytes", price.len());
    assert!(
        price.contains("1,000,000 options: 0 | 1 |") && price.contains("… | 999999"),
        "{price}"
    );
}

const SMALL: &str = r#"party buyer { batna 10 }
party seller { batna 10 }
issue price : $100 .. $200 step $50
issue delivery : fast | slow
event strike
contingent delivery on strike
prefs buyer as tough { weight price 1 }
prefs seller {
    weight price 60%, delivery 40%
    delivery = { fast: 0, slow: 100 }
    believe strike 10%
}
offer mid by seller { price: $150, delivery: fast }
simulate deal = buyer: boulware, seller: linear
"#;

#[test]
fn completion_knows_where_it_is() {
    let a = analysis(SMALL);
    let after = |tail: &str| labels(&a, &format!("{SMALL}{tail}"));
    assert_eq!(after("evaluate "), ["mid"]);
    assert_eq!(after("improve m"), ["mid"]);
    assert_eq!(after("offer o by "), ["buyer", "seller"]);
    assert_eq!(after("offer o { delivery: "), ["fast", "slow"]);
    assert_eq!(after("offer o { price: $100, "), ["price", "delivery"]);
    assert_eq!(after("offer o { price: $100, d"), ["delivery"]);
    // A contingent issue: the event's outcomes, then the issue's options.
    assert_eq!(after("offer o { delivery: { "), ["yes", "no"]);
    assert_eq!(after("offer o { delivery: { yes: fast, "), ["yes", "no"]);
    assert_eq!(after("offer o { delivery: { yes: "), ["fast", "slow"]);
    assert_eq!(after("tentative delivery = s"), ["slow"]);
    assert_eq!(after("rule \"r\": delivery == "), ["fast", "slow"]);
    assert_eq!(
        after("prefs buyer {\n    weight price 50%, "),
        ["price", "delivery"]
    );
    assert_eq!(
        after("prefs buyer {\n    delivery = { fast: 10, "),
        ["fast", "slow"]
    );
    assert_eq!(after("prefs buyer {\n    believe "), ["strike"]);
    assert_eq!(after("plot \"x.svg\" x "), ["buyer", "seller"]);
    assert_eq!(after("plot \"x.svg\" x buyer y s"), ["seller"]);
    assert_eq!(after("meso "), ["buyer", "seller"]);
    assert_eq!(after("reopen "), ["price", "delivery"]);
    assert_eq!(after("contingent price on "), ["strike"]);
    assert_eq!(after("observe buyer chose mid over "), ["mid"]);
    assert_eq!(after("simulate buyer as "), ["tough"]);
    assert!(after("simulate buyer: ").contains(&"boulware".to_string()));
    assert!(after("tournament boulware, m").contains(&"meso".to_string()));
    assert_eq!(after("assert utility("), ["buyer", "seller"]);
    assert_eq!(after("assert utility(buyer, "), ["mid"]);
    assert_eq!(after("assert agreement_rate("), ["deal"]);
    assert_eq!(after("assert belief(buyer, "), ["tough"]);
    // At the start of a line: the words that start a declaration or command.
    let top = after("ev");
    assert_eq!(top, ["event", "evaluate"]);
    // In an expression: names, functions and the words of expressions.
    let expr = after("assert ut");
    assert_eq!(expr, ["utility"]);
    // Nothing in a comment, a string or Rhai code.
    assert!(after("// evaluate ").is_empty());
    assert!(after("/* a /* nested */ evaluate ").is_empty());
    assert!(after("hook rhai { fn f() { ").is_empty());
    assert_eq!(after("hook rhai { fn f() { 1 } }\nevaluate "), ["mid"]);
    assert_eq!(after("/* { */ evaluate "), ["mid"]);
    // After a character of several bytes, no panic: the word starts after it.
    assert!(after("// café").is_empty());
    assert_eq!(complete("𝄞", &a.index).start, "𝄞".len());
    assert_eq!(complete("x é", &a.index).start, "x é".len());
    assert!(after("plot \"ev").is_empty());
    // A new name is the user's to invent.
    assert!(after("party ").is_empty());
    // Which places call for something in particular (an editor pops the
    // list up unasked there only).
    let specific = |tail: &str| complete(&format!("{SMALL}{tail}"), &a.index).specific;
    assert!(specific("evaluate ") && specific("offer o { delivery: ") && specific("offer o by "));
    assert!(!specific("assert ") && !specific("ev") && !specific("assert utility(buyer, mid) + "));
}
