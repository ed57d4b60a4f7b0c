//! Hand-worked utilities: every expected figure below is score-sheet
//! arithmetic written out in a comment so it can be redone on paper.

use neg::diagnostics::Sources;
use neg::eval::{cared, gain, utility};
use neg::model::Scenario;

fn scenario(text: &str) -> Scenario {
    let mut sources = Sources::default();
    match neg::load_text(&mut sources, "test.neg", text) {
        Ok(c) => c.scenario,
        Err(diags) => panic!(
            "expected a clean check, got: {:#?}",
            diags.iter().map(|d| &d.message).collect::<Vec<_>>()
        ),
    }
}

fn errors(text: &str) -> Vec<String> {
    let mut sources = Sources::default();
    match neg::load_text(&mut sources, "test.neg", text) {
        Ok(_) => vec![],
        Err(diags) => diags
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.code.to_string())
            .collect(),
    }
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

fn offer(s: &Scenario, id: &str) -> Vec<u32> {
    s.offers[s.offer(id).expect("offer")].package.clone()
}

const TERM_SHEET: &str = r#"
party vc { batna 45 }
party founders { batna 30  care 0.1 }
issue equity : 15% .. 30% step 1%
issue consulting : none | paid | free
issue board_seat : yes | no
issue start : june | july
prefs vc {
    weight equity 40%, consulting 25%, board_seat 20%, start 15%
    equity = linear(15% -> 0, 30% -> 100)
    consulting = { none: 0, paid: 100, free: 20 }
    board_seat = { yes: 100, no: 0 }
    start = { june: 0, july: 0 }
}
prefs founders {
    weight equity 60%, consulting 15%, board_seat 5%, start 20%
    equity = linear(15% -> 100, 30% -> 0)
    consulting = { none: 100, paid: 0, free: 80 }
    board_seat = { yes: 0, no: 100 }
    start = { june: 100, july: 0 }
}
offer opening by vc { equity: 27%, consulting: none, board_seat: yes, start: july }
offer counter by founders { equity: 20%, consulting: free, board_seat: yes, start: june }
"#;

#[test]
fn weighted_score_sheet_with_linear_values_and_care() {
    let s = scenario(TERM_SHEET);
    let (vc, f) = (0, 1);
    let opening = offer(&s, "opening");
    // vc: equity 27% is 12/15 of the way → 80 × 0.40 = 32; consulting none 0;
    // board seat yes 100 × 0.20 = 20; start 0 → 52.
    close(utility(&s, vc, &opening), 52.0);
    // founders: equity 27% → 100 − 80 = 20 × 0.60 = 12; consulting none 100 × 0.15 = 15;
    // board seat yes 0; start july 0 → 27.
    close(utility(&s, f, &opening), 27.0);
    // care 0.1 for the vc: 27 + 0.1 × 52 = 32.2; gain over BATNA 30: +2.2.
    close(cared(&s, f, &opening), 32.2);
    close(gain(&s, f, &opening), 2.2);
    // The vc has no care: cared-for equals plain; gain 52 − 45 = 7.
    close(cared(&s, vc, &opening), 52.0);
    close(gain(&s, vc, &opening), 7.0);

    let counter = offer(&s, "counter");
    // vc: equity 20% → 5/15 × 100 = 33.33… × 0.4 = 13.333…; free 20 × 0.25 = 5;
    // yes 100 × 0.2 = 20; start 0 → 38.333…
    close(utility(&s, vc, &counter), 13.0 + 1.0 / 3.0 + 5.0 + 20.0);
    // founders: equity 20% → 66.66… × 0.6 = 40; free 80 × 0.15 = 12; yes 0; june 100 × 0.2 = 20 → 72.
    close(utility(&s, f, &counter), 72.0);
}

const RENOVATION: &str = r#"
party owner { batna 10 }
party contractor { batna 10 }
event on_time "Finished by the deadline"
issue price : $40k .. $60k step $1k
contingent price on on_time
prefs owner {
    believe on_time 40%
    price = linear($40k -> 100, $60k -> 0)
}
prefs contractor {
    believe on_time 90%
    price = linear($40k -> 0, $60k -> 100)
}
offer fixed { price: $50k }
offer bet { price: { yes: $56k, no: $42k } }
"#;

#[test]
fn contingent_issue_is_valued_under_each_partys_own_beliefs() {
    let s = scenario(RENOVATION);
    let (owner, contractor) = (0, 1);
    // A contingent issue is one slot per outcome: yes, no.
    assert_eq!(s.slots.len(), 2);
    let fixed = offer(&s, "fixed");
    // Same price in both outcomes: $50k is halfway → 50 for both, whatever they believe.
    close(utility(&s, owner, &fixed), 50.0);
    close(utility(&s, contractor, &fixed), 50.0);
    let bet = offer(&s, "bet");
    // owner believes 40% on time: 0.4 × v($56k) + 0.6 × v($42k)
    //   v_owner($56k) = 100 − 16/20 × 100 = 20; v_owner($42k) = 90 → 0.4 × 20 + 0.6 × 90 = 62.
    close(utility(&s, owner, &bet), 62.0);
    // contractor believes 90%: 0.9 × 80 + 0.1 × 10 = 73.
    close(utility(&s, contractor, &bet), 73.0);
    // The contingent contract beats the fixed price for both sides.
    assert!(utility(&s, owner, &bet) > utility(&s, owner, &fixed));
    assert!(utility(&s, contractor, &bet) > utility(&s, contractor, &fixed));
}

#[test]
fn when_inside_a_contingent_value_picks_the_outcome_being_valued() {
    let s = scenario(
        r#"
party a { }
party b { }
event rain : dry | wet
issue venue : inside | outside
contingent venue on rain
prefs a {
    believe rain { dry: 70%, wet: 30% }
    venue = if venue == outside then when rain { dry: 100, wet: -50 } else 40
}
prefs b {
    believe rain { dry: 20%, wet: 80% }
    venue = { inside: 10, outside: 0 }
}
offer plan { venue: { dry: outside, wet: inside } }
offer always_out { venue: outside }
"#,
    );
    let plan = offer(&s, "plan");
    // a: dry (70%) outside → when picks dry: 100; wet (30%) inside → 40. 0.7 × 100 + 0.3 × 40 = 82.
    close(utility(&s, 0, &plan), 82.0);
    // b: 0.2 × 0 + 0.8 × 10 = 8.
    close(utility(&s, 1, &plan), 8.0);
    let out = offer(&s, "always_out");
    // a: 0.7 × 100 + 0.3 × (−50) = 55.
    close(utility(&s, 0, &out), 55.0);
}

#[test]
fn when_outside_a_contingency_is_an_expectation_under_own_beliefs() {
    let s = scenario(
        r#"
party a { }
party b { }
event milestones
issue bonus : none | shares
prefs a {
    believe milestones 25%
    bonus = { none: 0, shares: 0 }
}
prefs b {
    believe milestones 80%
    bonus = if bonus == shares then when milestones { yes: 100, no: -20 } else 0
}
offer give { bonus: shares }
"#,
    );
    // b: 0.8 × 100 + 0.2 × (−20) = 76.
    close(utility(&s, 1, &offer(&s, "give")), 76.0);
}

#[test]
fn care_without_target_covers_every_other_party() {
    let s = scenario(
        r#"
party a { care 10% }
party b { }
party c { care 0.5 for a }
issue x : lo | hi
prefs a { x = { lo: 10, hi: 20 } }
prefs b { x = { lo: 30, hi: 0 } }
prefs c { x = { lo: 0, hi: 40 } }
offer o { x: hi }
"#,
    );
    let o = offer(&s, "o");
    // a: 20 + 0.1 × (b 0 + c 40) = 24.
    close(cared(&s, 0, &o), 24.0);
    // c: 40 + 0.5 × a's plain 20 = 50 (care reads plain utilities, not cared-for).
    close(cared(&s, 2, &o), 50.0);
    close(cared(&s, 1, &o), 0.0);
}

#[test]
fn unweighted_issues_count_with_weight_one() {
    let s = scenario(
        r#"
party a { }
party b { }
issue x : p | q
issue y : 0 .. 10 step 5
prefs a {
    weight x 2
    x = { p: 3, q: 1 }
    y = y * 2
}
prefs b {
    x = { p: 0, q: 0 }
    y = 0
}
offer o { x: p, y: 5 }
"#,
    );
    // a: 2 × 3 + 1 × (5 × 2) = 16.
    close(utility(&s, 0, &offer(&s, "o")), 16.0);
}

#[test]
fn rules_on_contingent_issues_must_hold_in_every_outcome() {
    let codes = errors(
        r#"
party a { }
party b { }
event e
issue price : $1 .. $3 step $1
contingent price on e
prefs a { believe e 50%  price = linear($1 -> 0, $3 -> 10) }
prefs b { believe e 50%  price = linear($1 -> 10, $3 -> 0) }
rule "cap": price <= $2
offer ok { price: { yes: $2, no: $1 } }
offer bad { price: { yes: $3, no: $1 } }
"#,
    );
    assert_eq!(codes, vec!["neg::check::offer-breaks-rule"]);
}

#[test]
fn numeric_grid_values_are_exact() {
    let s = scenario(
        r#"
party a { }
party b { }
issue equity : 15% .. 30% step 1%
prefs a { equity = linear(15% -> 0, 30% -> 100) }
prefs b { equity = linear(15% -> 100, 30% -> 0) }
offer o { equity: 27% }
"#,
    );
    match &s.issues[0].domain {
        neg::model::Domain::Numeric { values, .. } => {
            assert_eq!(values.len(), 16);
            assert_eq!(values[12], 0.27);
        }
        _ => panic!("numeric"),
    }
    assert_eq!(offer(&s, "o"), vec![12]);
}

#[test]
fn order_of_declarations_does_not_matter() {
    let s = scenario(
        r#"
offer o by b { x: q }
prefs b { x = { p: 0, q: 5 } }
prefs a { x = { p: 1, q: 2 } }
issue x : p | q
party b { }
party a { }
"#,
    );
    close(utility(&s, s.party("a").unwrap(), &offer(&s, "o")), 2.0);
    close(utility(&s, s.party("b").unwrap(), &offer(&s, "o")), 5.0);
}

#[test]
fn several_independent_errors_are_all_reported_in_order() {
    let codes = errors(
        r#"
party a { batna 10 }
party b { }
issue x : p | q
prefs a { x = { p: 1, q: 2 } }
prefs b { x = { p: 1 } }
offer o { x: r }
evaluate nope
"#,
    );
    assert_eq!(
        codes,
        vec![
            "neg::check::missing-option",
            "neg::check::unknown-option",
            "neg::check::unknown-name"
        ]
    );
}

#[test]
fn an_invalid_belief_used_in_when_is_reported_once_and_does_not_panic() {
    let codes = errors(
        r#"
party a { }
party b { }
event e
issue x : p | q
prefs a {
    believe e 150%
    x = if x == p then when e { yes: 1, no: 0 } else 0
}
prefs b { believe e 50%  x = { p: 0, q: 1 } }
"#,
    );
    assert_eq!(codes, vec!["neg::check::probability-range"]);
}

#[test]
fn an_enormous_range_is_an_error_not_an_overflow() {
    let codes = errors(
        r#"
party a { }
issue x : -1000000000000000000000 .. 1000000000000000000000 step 1
prefs a { x = 0 }
"#,
    );
    assert_eq!(codes, vec!["neg::check::too-many-options"]);
}
