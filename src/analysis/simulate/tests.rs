use super::*;

/// One issue, price 0, 10, …, 100: a gets 100 − price, b gets price.
fn price_sides() -> (Vec<Vec<u32>>, Side, Side) {
    let packages: Vec<Vec<u32>> = (0..=10).map(|k| vec![k]).collect();
    let a = Side::new((0..=10).map(|k| 100.0 - 10.0 * f64::from(k)).collect(), 0.0);
    let b = Side::new((0..=10).map(|k| 10.0 * f64::from(k)).collect(), 0.0);
    (packages, a, b)
}

fn table(packages: &[Vec<u32>]) -> Table<'_> {
    Table { packages, options: vec![11], guesses: vec![None, None], temperature: 5.0 }
}

fn play_price(a: Agent, b: Agent, rounds: u32) -> (Run, Vec<f64>) {
    let (packages, sa, sb) = price_sides();
    let seats = [Seat { agent: a, side: &sa }, Seat { agent: b, side: &sb }];
    let run = play(&table(&packages), &seats, rounds, &mut Rng::for_run(1, 0), &NoHooks, true);
    (run, sa.utility.clone())
}

fn offered(run: &Run) -> Vec<usize> {
    run.rounds
        .iter()
        .map(|r| match &r.action {
            Move::Offer { packages, .. } => packages[0],
            Move::End => usize::MAX,
        })
        .collect()
}

const LINEAR: Agent = Agent::TimeDependent { e: 1.0 };

/// By hand, 10 rounds, t = (r − 1)/9, both ask 100·(1 − t): 100, 88.9,
/// 77.8, 66.7, 55.6, 44.4, … The proposer offers the least it values
/// above that (100, 90, 80, 70, 60, 50 to itself), the other accepts
/// when what is left (0, 10, 20, 30, 40, 50) reaches its own target:
/// first in round 6 (50 ≥ 44.4), b proposing: price 50.
#[test]
fn two_linear_conceders_meet_in_the_middle_by_hand() {
    let (run, _) = play_price(LINEAR, LINEAR, 10);
    assert_eq!(run.agreement, Some((5, 6)));
    // a offers prices 0, 20, 40; b offers 90, 70, 50.
    assert_eq!(offered(&run), [0, 9, 2, 7, 4, 5]);
    assert_eq!(run.rounds[5].proposer, 1);
    assert_eq!(run.played, 6);
}

#[test]
fn hard_heads_never_agree() {
    let (run, _) = play_price(Agent::HardHeaded, Agent::HardHeaded, 20);
    assert_eq!(run.agreement, None);
    assert_eq!(run.rounds.len(), 20);
}

/// A boulware agent concedes later than a conceder: against a linear
/// opponent it gets more.
#[test]
fn boulware_holds_out_longer_than_a_conceder() {
    let got = |a: Agent| {
        let (run, u) = play_price(a, LINEAR, 20);
        u[run.agreement.expect("they agree").0]
    };
    assert!(got(Agent::TimeDependent { e: 0.2 }) > got(Agent::TimeDependent { e: 2.0 }));
}

#[test]
fn no_package_worth_the_batna_ends_the_run() {
    let (packages, mut sa, sb) = price_sides();
    sa.batna = 101.0;
    let seats = [Seat { agent: LINEAR, side: &sa }, Seat { agent: LINEAR, side: &sb }];
    let run = play(&table(&packages), &seats, 10, &mut Rng::for_run(1, 0), &NoHooks, true);
    assert_eq!(run.agreement, None);
    assert_eq!(run.rounds.len(), 1);
    assert_eq!(run.rounds[0].action, Move::End);
}

/// Absolute tit-for-tat against linear over 10 rounds, by hand. Linear b
/// offers prices 90, 70, 50 in rounds 2, 4, 6 (as above), worth 10, 30,
/// 50 to a. a asks 100 until it has seen two offers (rounds 1, 3: prices
/// 0 and 0), then concedes what b's last offer gave it: 20 points after
/// round 4 (target 80: price 20 in round 5), 20 more after round 6 (60).
/// b accepts a's offer when it reaches its own target 100·(1 − t):
/// round 5 asks 55.6 and gets 20 — no; round 7 asks 33.3, a offers price
/// 40 (target 60): yes. Agreement on price 40 in round 7.
#[test]
fn absolute_tit_for_tat_mirrors_points_by_hand() {
    let (run, _) = play_price(Agent::TitForTat { relative: false }, LINEAR, 10);
    assert_eq!(offered(&run), [0, 9, 0, 7, 2, 5, 4]);
    assert_eq!(run.agreement, Some((4, 7)));
}

/// Relative tit-for-tat concedes the same share of its gap to its BATNA
/// as the other side closed of the gap to its best: b's offers worth 10
/// then 30 to a close 20 of the 90 points between 10 and a's best (2/9),
/// so a's target goes from 100 to 77.8, and the package it values least at
/// or above that is worth 80: price 20.
#[test]
fn relative_tit_for_tat_mirrors_shares() {
    let (run, _) = play_price(Agent::TitForTat { relative: true }, LINEAR, 10);
    let offers = offered(&run);
    // Round 5: after b's 10 then 30, a asks 100 − (2/9)·100 = 77.8: price 20.
    assert_eq!(offers[4], 2);
    // Round 7: b's 30 → 50 closes 20 of 70: a asks 77.8 − (2/7)·77.8 = 55.6: price 40.
    assert_eq!(offers[6], 4);
}
