//! The fast frontier and bargaining points against brute-force enumeration of
//! every package, on random small scenarios: 2 to 4 parties, rules coupling
//! issues, contingent issues, care, ties, and BATNAs high enough that the
//! negotiation set is small or empty.

use neg::analysis::{bargaining, frontier, improve, meso, settle, space::Space};
use neg::cancel::Cancel;
use neg::diagnostics::Sources;
use neg::eval;
use neg::model::Scenario;
use proptest::prelude::*;
use std::fmt::Write;

/// A tiny deterministic generator, so a failing seed reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random scenario as `.neg` text.
fn scenario_text(seed: u64) -> String {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let parties = 2 + r.below(3) as usize;
    let issues = 1 + r.below(4) as usize;
    let mut t = String::new();
    let contingent = r.below(3) == 0;
    if contingent {
        t.push_str("event e\n");
    }
    let sizes: Vec<usize> = (0..issues).map(|_| 2 + r.below(3) as usize).collect();
    for (i, n) in sizes.iter().enumerate() {
        let opts: Vec<String> = (0..*n).map(|o| format!("o{o}")).collect();
        let _ = writeln!(t, "issue i{i} : {}", opts.join(" | "));
    }
    if contingent {
        t.push_str("contingent i0 on e\n");
    }
    // A synergy: an `extra` hook over the last one or two issues (never the
    // contingent i0), with random points per combination.
    let first = if contingent { 1 } else { 0 };
    let mut extra = None;
    if issues > first && r.below(3) == 0 {
        let read: Vec<usize> = (first.max(issues.saturating_sub(2))..issues).collect();
        let mut arms = vec![];
        let mut combo = vec![0usize; read.len()];
        loop {
            let key: Vec<String> = combo.iter().map(|o| format!("o{o}")).collect();
            arms.push(format!("\"{}\" => {}", key.join("/"), r.below(5) * 5));
            let mut k = read.len();
            let mut done = true;
            while k > 0 {
                k -= 1;
                combo[k] += 1;
                if combo[k] < sizes[read[k]] {
                    done = false;
                    break;
                }
                combo[k] = 0;
            }
            if done {
                break;
            }
        }
        let key: Vec<String> = read.iter().map(|i| format!("p.i{i}")).collect();
        let _ = writeln!(
            t,
            "hook rhai {{\n    fn synergy(p) {{ switch {} {{ {}, _ => throw \"?\" }} }}\n}}",
            key.join(" + \"/\" + "),
            arms.join(", ")
        );
        let names: Vec<String> = read.iter().map(|i| format!("i{i}")).collect();
        extra = Some(format!(
            "    extra = hook synergy reads {}\n",
            names.join(", ")
        ));
    }
    for p in 0..parties {
        // Points in small integers make exact ties common.
        let batna = r.below(4) * 10;
        let care = if r.below(3) == 0 {
            format!(" care 0.{} for p{}", 1 + r.below(5), (p + 1) % parties)
        } else {
            String::new()
        };
        let _ = writeln!(t, "party p{p} {{ batna {batna}{care} }}");
        let _ = writeln!(t, "prefs p{p} {{");
        if contingent {
            let _ = writeln!(t, "    believe e {}%", 10 * r.below(11));
        }
        for (i, n) in sizes.iter().enumerate() {
            let entries: Vec<String> = (0..*n)
                .map(|o| format!("o{o}: {}", r.below(6) * 5))
                .collect();
            let _ = writeln!(t, "    weight i{i} {}", 1 + r.below(3));
            let _ = writeln!(t, "    i{i} = {{ {} }}", entries.join(", "));
        }
        if p == parties - 1 {
            t.push_str(extra.as_deref().unwrap_or(""));
        }
        t.push_str("}\n");
    }
    if issues >= 2 && r.below(2) == 0 {
        // A rule coupling two issues; it always leaves o0/o0 feasible.
        let _ = writeln!(
            t,
            "rule: i1 == o1 => i{} != o1",
            if issues > 2 { 2 } else { 0 }
        );
    }
    t
}

fn load(text: &str) -> Scenario {
    let mut sources = Sources::default();
    match neg::load_text(&mut sources, "random.neg", text) {
        Ok(c) => c.scenario,
        Err(d) => panic!(
            "generated scenario does not check: {:?}\n{text}",
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        ),
    }
}

/// Every feasible package with its cared-for vector.
fn all_packages(s: &Scenario) -> Vec<(Vec<u32>, Vec<f64>)> {
    let sizes: Vec<u32> = s
        .slots
        .iter()
        .map(|sl| s.issues[sl.issue].domain.len() as u32)
        .collect();
    let mut pkg = vec![0u32; sizes.len()];
    let mut out = vec![];
    loop {
        if eval::broken_rules(s, &pkg).is_empty() {
            let v = (0..s.parties.len())
                .map(|p| eval::cared(s, p, &pkg))
                .collect();
            out.push((pkg.clone(), v));
        }
        let mut k = sizes.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            pkg[k] += 1;
            if pkg[k] < sizes[k] {
                break;
            }
            pkg[k] = 0;
        }
    }
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
}

/// Distinct undominated vectors with their package counts, by definition.
fn brute_frontier(all: &[(Vec<u32>, Vec<f64>)]) -> Vec<(Vec<f64>, f64)> {
    let dominates =
        |a: &[f64], b: &[f64]| !same(a, b) && a.iter().zip(b).all(|(x, y)| *x >= y - 1e-6);
    let mut out: Vec<(Vec<f64>, f64)> = vec![];
    for (_, v) in all {
        if all.iter().any(|(_, w)| dominates(w, v)) {
            continue;
        }
        match out.iter_mut().find(|(w, _)| same(w, v)) {
            Some(e) => e.1 += 1.0,
            None => out.push((v.clone(), 1.0)),
        }
    }
    out
}

fn check_seed(seed: u64) {
    let text = scenario_text(seed);
    let s = load(&text);
    let all = all_packages(&s);
    let space = Space::build(&s).expect("space");
    let fast = frontier::frontier(&space, s.slots.len());
    let slow = brute_frontier(&all);
    assert_eq!(fast.len(), slow.len(), "frontier sizes differ\n{text}");
    for p in &fast {
        let (_, count) = slow
            .iter()
            .find(|(v, _)| same(v, &p.values))
            .unwrap_or_else(|| panic!("fast point {:?} not in brute frontier\n{text}", p.values));
        assert_eq!(p.count, *count, "count of {:?}\n{text}", p.values);
        // The representative package really has this vector and obeys the rules.
        let v: Vec<f64> = (0..s.parties.len())
            .map(|q| eval::cared(&s, q, &p.package))
            .collect();
        assert!(same(&v, &p.values), "representative does not match\n{text}");
        assert!(eval::broken_rules(&s, &p.package).is_empty());
    }
    let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
    let ns: Vec<&Vec<f64>> = all
        .iter()
        .map(|(_, v)| v)
        .filter(|v| v.iter().zip(&batnas).all(|(u, b)| *u >= b - 1e-9))
        .collect();
    let nash_best = ns
        .iter()
        .map(|v| v.iter().zip(&batnas).map(|(u, b)| u - b).product::<f64>())
        .fold(f64::NEG_INFINITY, f64::max);
    let welfare_best = ns
        .iter()
        .map(|v| v.iter().sum::<f64>())
        .fold(f64::NEG_INFINITY, f64::max);
    match bargaining::nash(&fast, &batnas) {
        None => assert!(
            ns.is_empty(),
            "nash missed a non-empty negotiation set\n{text}"
        ),
        Some(i) => {
            let got: f64 = fast[i]
                .values
                .iter()
                .zip(&batnas)
                .map(|(u, b)| u - b)
                .product();
            assert!(
                (got - nash_best).abs() < 1e-6,
                "nash {got} vs {nash_best}\n{text}"
            );
        }
    }
    match bargaining::welfare(&fast, &batnas) {
        None => assert!(ns.is_empty()),
        Some(i) => assert!((fast[i].values.iter().sum::<f64>() - welfare_best).abs() < 1e-6),
    }
    let all_best = all
        .iter()
        .map(|(_, v)| v.iter().sum::<f64>())
        .fold(f64::NEG_INFINITY, f64::max);
    let w = bargaining::welfare_unrestricted(&fast).expect("some package");
    assert!((fast[w].values.iter().sum::<f64>() - all_best).abs() < 1e-6);
    if let Some(i) = bargaining::kalai(&fast, &batnas) {
        // No acceptable package has a larger smallest relative gain.
        let ideal: Vec<f64> = (0..batnas.len())
            .map(|q| ns.iter().map(|v| v[q] - batnas[q]).fold(0.0, f64::max))
            .collect();
        let ratio = |v: &[f64]| {
            v.iter()
                .zip(&batnas)
                .zip(&ideal)
                .map(|((u, b), m)| if *m > 0.0 { (u - b) / m } else { 1.0 })
                .fold(f64::INFINITY, f64::min)
        };
        let best = ns
            .iter()
            .map(|v| ratio(v))
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(
            (ratio(&fast[i].values) - best).abs() < 1e-6,
            "kalai\n{text}"
        );
    } else {
        assert!(ns.is_empty());
    }
}

/// `improve` from every feasible package: each result dominates it, and the
/// best joint gain is the best over all packages that dominate it.
fn check_improve(seed: u64) {
    let text = scenario_text(seed);
    let s = load(&text);
    let all = all_packages(&s);
    let space = Space::build(&s).expect("space");
    let fast = frontier::frontier(&space, s.slots.len());
    for (_, reference) in all.iter().step_by(3) {
        let found = improve::improvements(&fast, reference);
        for &i in &found {
            assert!(improve::dominates(&fast[i].values, reference), "{text}");
        }
        let brute_best = all
            .iter()
            .filter(|(_, v)| improve::dominates(v, reference))
            .map(|(_, v)| improve::joint_gain(v, reference))
            .fold(f64::NEG_INFINITY, f64::max);
        match found.first() {
            None => assert!(
                brute_best == f64::NEG_INFINITY,
                "missed an improvement\n{text}"
            ),
            Some(&i) => {
                let got = improve::joint_gain(&fast[i].values, reference);
                assert!(
                    (got - brute_best).abs() < 1e-6,
                    "joint gain {got} vs {brute_best}\n{text}"
                );
            }
        }
    }
}

/// `meso` for every party at a level some package reaches, against the
/// definition evaluated on every package: a candidate qualifies, differs from
/// every earlier member on a counted term, and no qualifying package sharing
/// no more terms with each earlier member gives every party at least as much
/// and one more; each member is the candidate in the band that no earlier
/// member beats for the party, farthest from the earlier members, then best
/// for the others, then for the party; the set stops short only when there
/// is no such candidate, and then says whether candidates lie above the band.
fn check_meso(seed: u64) {
    let text = scenario_text(seed);
    let s = load(&text);
    let all = all_packages(&s);
    let mut r = Rng(seed | 1);
    let n = s.parties.len();
    for party in 0..n {
        let count = 1 + r.below(4) as usize;
        let level = all[r.below(all.len() as u64) as usize].1[party];
        let set = meso::meso(&s, party, count, level, &Cancel::never()).expect("meso");
        let text = format!("{text}\n// meso p{party} count {count} at {level}");
        let own = |v: &[f64]| v[party];
        let others = |v: &[f64]| v.iter().sum::<f64>() - v[party];
        let (lo, hi) = all
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, v)| {
                (a.min(own(v)), b.max(own(v)))
            });
        let tolerance = 0.02 * (hi - lo);
        assert!((set.tolerance - tolerance).abs() < 1e-9, "{text}");
        let qualifies = |v: &[f64]| {
            own(v) >= level - tolerance - 1e-7
                && (0..n).all(|p| p == party || v[p] >= s.parties[p].batna - 1e-7)
        };
        let qualifying: Vec<&(Vec<u32>, Vec<f64>)> =
            all.iter().filter(|(_, v)| qualifies(v)).collect();
        // Terms the party cares about: varying one alone changes its
        // utility in some package (rules aside).
        let sizes: Vec<u32> = s
            .slots
            .iter()
            .map(|sl| s.issues[sl.issue].domain.len() as u32)
            .collect();
        let mut every = vec![vec![0u32; sizes.len()]];
        for (k, &n) in sizes.iter().enumerate() {
            every = every
                .into_iter()
                .flat_map(|p| {
                    (0..n).map(move |o| {
                        let mut q = p.clone();
                        q[k] = o;
                        q
                    })
                })
                .collect();
        }
        let counted: Vec<bool> = (0..s.slots.len())
            .map(|k| {
                every.iter().any(|base| {
                    let at = |o: u32| {
                        let mut p = base.clone();
                        p[k] = o;
                        eval::cared(&s, party, &p)
                    };
                    (1..sizes[k]).any(|o| (at(o) - at(0)).abs() > 1e-9)
                })
            })
            .collect();
        let apart =
            |a: &[u32], b: &[u32]| (0..a.len()).filter(|&k| counted[k] && a[k] != b[k]).count();
        // `e` gives the party more and every other party at least as much
        // as `v`, with the analysis' relative tolerance.
        let dominated_by = |v: &[f64], e: &[f64]| {
            let tol = |x: f64, y: f64| 1e-9 * (1.0 + x.abs().max(y.abs()));
            own(e) > own(v) + tol(own(e), own(v))
                && (0..n).all(|q| q == party || v[q] <= e[q] + tol(v[q], e[q]))
        };
        let distance = |earlier: &[(Vec<u32>, Vec<f64>)], p: &[u32]| {
            earlier.iter().map(|(e, _)| apart(p, e)).min()
        };
        let tol = |x: f64, y: f64| 1e-9 * (1.0 + x.abs().max(y.abs()));
        // `y` gives every party at least as much as `x` and one party more.
        let beats = |y: &[f64], x: &[f64]| {
            (0..n).all(|q| y[q] >= x[q] - tol(x[q], y[q]))
                && (0..n).any(|q| y[q] > x[q] + tol(x[q], y[q]))
        };
        let high = level + tolerance;
        // The candidates after `earlier`: qualifying, differing from each
        // earlier member, beaten by no package that qualifies and shares no
        // more terms with each earlier member; and beaten for the party by
        // no earlier member.
        let candidates = |earlier: &[(Vec<u32>, Vec<f64>)]| -> Vec<(Vec<u32>, Vec<f64>)> {
            let shared = |p: &[u32]| -> Vec<usize> {
                earlier
                    .iter()
                    .map(|(e, _)| counted.iter().filter(|&&c| c).count() - apart(p, e))
                    .collect()
            };
            let open: Vec<(&Vec<u32>, &Vec<f64>, Vec<usize>)> = qualifying
                .iter()
                .filter(|(p, _)| distance(earlier, p).is_none_or(|d| d >= 1))
                .map(|(p, v)| (p, v, shared(p)))
                .collect();
            open.iter()
                .filter(|(_, v, k)| {
                    !open
                        .iter()
                        .any(|(_, w, kw)| kw.iter().zip(k).all(|(a, b)| a <= b) && beats(w, v))
                })
                .filter(|(_, v, _)| earlier.iter().all(|(_, e)| !dominated_by(v, e)))
                .map(|(p, v, _)| ((*p).clone(), (*v).clone()))
                .collect()
        };
        // The best of `among`: farthest, then best for the others, then for
        // the party; its distance and figures.
        let best = |earlier: &[(Vec<u32>, Vec<f64>)], among: &[&(Vec<u32>, Vec<f64>)]| {
            let widest = among.iter().map(|(p, _)| distance(earlier, p)).max()?;
            let at: Vec<&Vec<f64>> = among
                .iter()
                .filter(|(p, _)| distance(earlier, p) == widest)
                .map(|(_, v)| v)
                .collect();
            let best_w = at
                .iter()
                .map(|v| others(v))
                .fold(f64::NEG_INFINITY, f64::max);
            let best_own = at
                .iter()
                .filter(|v| (others(v) - best_w).abs() < 1e-6)
                .map(|v| own(v))
                .fold(f64::NEG_INFINITY, f64::max);
            Some((widest, best_w, best_own))
        };
        let mut earlier: Vec<(Vec<u32>, Vec<f64>)> = vec![];
        for m in &set.members {
            let (_, v) = all
                .iter()
                .find(|(p, _)| *p == m.package)
                .expect("a member is a feasible package");
            assert!(qualifies(v), "member does not qualify\n{text}");
            assert!(own(v) <= high + 1e-7, "member above the band\n{text}");
            assert!(
                earlier.iter().all(|(_, e)| !dominated_by(v, e)),
                "member dominated by an earlier one\n{text}"
            );
            assert!((own(v) - m.own()).abs() < 1e-6 && (others(v) - m.others).abs() < 1e-6);
            let open = candidates(&earlier);
            let in_band: Vec<&(Vec<u32>, Vec<f64>)> =
                open.iter().filter(|(_, v)| own(v) <= high + 1e-7).collect();
            let (widest, best_w, best_own) = best(&earlier, &in_band).expect("a candidate");
            assert_eq!(m.distance, widest, "not the farthest\n{text}");
            assert_eq!(distance(&earlier, &m.package), widest, "{text}");
            assert!(
                (m.others - best_w).abs() < 1e-6,
                "not best for the others\n{text}"
            );
            assert!((m.own() - best_own).abs() < 1e-6, "{text}");
            earlier.push((m.package.clone(), v.clone()));
        }
        if set.members.len() < count {
            let open = candidates(&earlier);
            let in_band = open.iter().filter(|(_, v)| own(v) <= high + 1e-7).count();
            assert_eq!(in_band, 0, "an in-band member was there\n{text}");
            let all_open: Vec<&(Vec<u32>, Vec<f64>)> = open.iter().collect();
            match (&set.shortfall, best(&earlier, &all_open)) {
                (
                    Some(meso::Shortfall::AboveBand {
                        own: o,
                        distance: d,
                    }),
                    Some((widest, _, best_own)),
                ) => {
                    assert_eq!(*d, widest, "{text}");
                    assert!((o - best_own).abs() < 1e-6 && *o > high, "{text}");
                }
                (Some(meso::Shortfall::NoneQualify), None) => {
                    assert!(earlier.is_empty(), "{text}")
                }
                (Some(meso::Shortfall::NoneDiffer), None) => {
                    assert!(!earlier.is_empty(), "{text}")
                }
                (why, open) => panic!("stopped with {why:?}, candidates {open:?}\n{text}"),
            }
        }
    }
}

/// Tentative settlements of random issues: the joint value still reachable
/// and the restricted frontier equal enumeration of the consistent packages.
fn check_settlements(seed: u64) {
    let text = scenario_text(seed);
    let s = load(&text);
    let all = all_packages(&s);
    let mut r = Rng(seed ^ 0x5e77);
    let settled: Vec<Option<Vec<u32>>> = (0..s.issues.len())
        .map(|i| {
            (r.below(2) == 0).then(|| {
                s.issue_slots(i)
                    .map(|_| r.below(s.issues[i].domain.len() as u64) as u32)
                    .collect()
            })
        })
        .collect();
    let keeps = |pkg: &[u32]| {
        (0..s.issues.len()).all(|i| match &settled[i] {
            None => true,
            Some(options) => s.issue_slots(i).zip(options).all(|(k, &o)| pkg[k] == o),
        })
    };
    let consistent: Vec<&(Vec<u32>, Vec<f64>)> = all.iter().filter(|(p, _)| keeps(p)).collect();
    let brute = consistent
        .iter()
        .map(|(_, v)| v.iter().sum::<f64>())
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    let fast = settle::joint_value_within(&s, &settled).expect("space");
    match (fast, brute) {
        (None, None) => {}
        (Some(f), Some(b)) => assert!((f - b).abs() < 1e-6, "joint value {f} vs {b}\n{text}"),
        other => panic!("{other:?}\n{text}"),
    }
    if brute.is_some() {
        let front = settle::frontier_within(&s, &settled, &Cancel::never()).expect("space");
        let vectors: Vec<(Vec<u32>, Vec<f64>)> = consistent.iter().map(|x| (*x).clone()).collect();
        let want = brute_frontier(&vectors);
        assert_eq!(front.len(), want.len(), "restricted frontier size\n{text}");
        for p in &front {
            assert!(
                keeps(&p.package),
                "a frontier package breaks a settlement\n{text}"
            );
        }
    }
}

#[test]
fn a_fixed_two_party_case_by_hand() {
    // x: a gets 10/0, b gets 0/10; y: a 5/5 (indifferent), b 0/8.
    // Packages: (x0,y0) = (15, 0), (x0,y1) = (15, 8), (x1,y0) = (5, 10), (x1,y1) = (5, 18).
    // Frontier: (15, 8) and (5, 18); Nash with BATNAs 0: 120 vs 90 → (15, 8).
    let s = load(
        "party a { }\nparty b { }\nissue x : x0 | x1\nissue y : y0 | y1\n\
         prefs a { x = { x0: 10, x1: 0 }  y = { y0: 5, y1: 5 } }\n\
         prefs b { x = { x0: 0, x1: 10 }  y = { y0: 0, y1: 8 } }\n",
    );
    let space = Space::build(&s).unwrap();
    let f = frontier::frontier(&space, s.slots.len());
    let vectors: Vec<Vec<f64>> = f.iter().map(|p| p.values.clone()).collect();
    assert_eq!(vectors, vec![vec![15.0, 8.0], vec![5.0, 18.0]]);
    assert_eq!(f[0].package, vec![0, 1]);
    assert_eq!(bargaining::nash(&f, &[0.0, 0.0]), Some(0));
    // With b's BATNA at 10 only (5, 18) is acceptable.
    assert_eq!(bargaining::nash(&f, &[0.0, 10.0]), Some(1));
    assert_eq!(bargaining::nash(&f, &[6.0, 10.0]), None);
}

/// Property tests start from a fixed seed so every run (and CI) sees the same
/// cases; set `PROPTEST_RNG_SEED=<number>` to explore others.
fn seeded() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x6e65_6721);
    }
    config
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..seeded() })]
    #[test]
    fn fast_analyses_match_brute_force(seed in any::<u64>()) {
        check_seed(seed);
    }

    #[test]
    fn improvements_match_brute_force(seed in any::<u64>()) {
        check_improve(seed);
    }

    #[test]
    fn meso_matches_brute_force(seed in any::<u64>()) {
        check_meso(seed);
    }

    #[test]
    fn settlements_match_brute_force(seed in any::<u64>()) {
        check_settlements(seed);
    }
}

#[test]
fn power_by_hand() {
    // A single price on 0..10 in steps of 0.5: a gets x, b gets 10 − x; BATNAs 0.
    // Nash: max x(10 − x) → x = 5. a's spread over the frontier is 10, so s = 1.
    // a weaker (BATNA −1): max (x + 1)(10 − x) → x = 4.5; stronger (BATNA 1):
    // max (x − 1)(10 − x) → x = 5.5. a's best agreement: x = 10 (b still gets its 0).
    let s = load(
        "party a { }\nparty b { }\nissue x : 0 .. 10 step 0.5\n\
         prefs a { x = linear(0 -> 0, 10 -> 10) }\nprefs b { x = linear(0 -> 10, 10 -> 0) }\n",
    );
    let space = Space::build(&s).unwrap();
    let f = frontier::frontier(&space, s.slots.len());
    let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
    let r = neg::report::power(&s, &neg::analysis::bargaining::power(&f, &batnas));
    let a = &r.parties[0];
    assert_eq!(
        (a.at_nash, a.dependence, a.step),
        (Some(5.0), Some(5.0), 1.0)
    );
    assert_eq!(
        (a.nash_if_weaker, a.nash_if_stronger),
        (Some(4.5), Some(5.5))
    );
    assert_eq!(a.best_agreement, Some(10.0));
}
