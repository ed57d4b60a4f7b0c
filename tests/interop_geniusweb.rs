//! GeniusWeb JSON: a hand-worked pair of profiles, malformed input, and round
//! trips (GENIUS domains → plan → GeniusWeb → plan: the same model).

use neg::diagnostics::Sources;
use neg::interop::{genius, geniusweb, to_neg, NegOptions};
use neg::model::Scenario;
use std::path::Path;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn plan(imported: &neg::interop::Imported) -> Scenario {
    let options = NegOptions {
        format: "GeniusWeb",
        domain_file: "domain.json".into(),
        profile_files: imported
            .profiles
            .iter()
            .map(|p| format!("{}.json", p.name))
            .collect(),
        real_steps: 10,
    };
    let text = neg::fmt::format_source(&to_neg(imported, &options)).expect("formats");
    neg::load_text(&mut Sources::default(), "plan.neg", &text)
        .unwrap_or_else(|d| {
            panic!(
                "{:?}\n{text}",
                d.iter().map(|d| &d.message).collect::<Vec<_>>()
            )
        })
        .scenario
}

/// Reads JSON texts (the first may be a domain) through the library.
fn read(
    texts: &[(&str, String)],
    with_domain: bool,
) -> Result<neg::interop::Imported, Vec<String>> {
    let mut sources = Sources::default();
    let ids: Vec<_> = texts
        .iter()
        .map(|(n, t)| sources.add(*n, t.as_str()))
        .collect();
    let (domain, profiles) = if with_domain {
        (Some(ids[0]), &ids[1..])
    } else {
        (None, &ids[..])
    };
    geniusweb::read(&sources, domain, profiles).map_err(|diags| {
        diags
            .iter()
            .map(|d| {
                let (line, col) = sources.line_col(d.source, d.primary_span().start);
                format!("{}:{line}:{col}: {}", sources.get(d.source).name, d.message)
            })
            .collect()
    })
}

fn fruit() -> Vec<(&'static str, String)> {
    let dir = manifest().join("tests/geniusweb/fruit");
    ["fruit_domain.json", "cook.json", "grocer.json"]
        .iter()
        .map(|f| (*f, std::fs::read_to_string(dir.join(f)).expect("fixture")))
        .collect()
}

#[test]
fn a_hand_worked_pair_of_profiles() {
    let s = plan(&read(&fruit(), true).expect("reads"));
    let (cook, grocer) = (0, 1);
    let pkg = |kind: u32, kilos: f64| vec![kind, (kilos - 1.0) as u32];
    let u = |p: usize, pkg: &Vec<u32>| neg::eval::utility(&s, p, pkg);
    // apple, 5 kg: grocer 0.4·1 + 0.6·1 = 1; cook 0.7·0.2 + 0.3·0 = 0.14.
    assert!((u(grocer, &pkg(0, 5.0)) - 100.0).abs() < 1e-9);
    assert!((u(cook, &pkg(0, 5.0)) - 14.0).abs() < 1e-9);
    // pear, 2 kg: grocer 0.4·0.5 + 0.6·0.25 = 0.35; cook 0.7·1 + 0.3·0.75 = 0.925.
    assert!((u(grocer, &pkg(1, 2.0)) - 35.0).abs() < 1e-9);
    assert!((u(cook, &pkg(1, 2.0)) - 92.5).abs() < 1e-9);
    // The grocer's reservation bid (pear, 3 kg) is worth 0.4·0.5 + 0.6·0.5 = 0.5.
    assert!((s.parties[grocer].batna - 50.0).abs() < 1e-9);
    assert_eq!(s.parties[cook].batna, 0.0);
}

#[test]
fn malformed_json_is_a_diagnostic_with_line_and_column() {
    let mut files = fruit();
    files[1].1 = files[1].1.replacen("\"apple\": 0.2,", "\"apple\": 0.2", 1);
    let errors = read(&files, true).expect_err("broken JSON");
    assert!(
        errors[0].starts_with("cook.json:12:") && errors[0].contains("not valid JSON"),
        "{errors:?}"
    );

    let mut files = fruit();
    files[2].1 = files[2]
        .1
        .replacen("\"plum\": 0 }", "\"plum\": 0, \"cherry\": 1 }", 1);
    files[2].1 = files[2].1.replacen("\"kind\": 0.4, ", "", 1);
    let errors = read(&files, true).expect_err("unknown value and missing weight");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`cherry` is not a value of issue `kind`")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("no weight for issue `kind`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().all(|e| e.starts_with("grocer.json:")),
        "{errors:?}"
    );

    let mut files = fruit();
    files[1].1 = files[1].1.replace("\"plum\"", "\"cherry\"");
    let errors = read(&files, true).expect_err("another domain");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("this file is for another domain")),
        "{errors:?}"
    );
}

/// Same issues, options, parties; per party the same score sheet and BATNA up
/// to one positive factor.
fn assert_same_model(a: &Scenario, b: &Scenario, what: &str, batnas: bool) {
    assert_eq!(a.issues.len(), b.issues.len(), "{what}");
    for (x, y) in a.issues.iter().zip(&b.issues) {
        assert_eq!(x.id, y.id, "{what}");
        assert_eq!(x.domain.len(), y.domain.len(), "{what}: {}", x.id);
        // A numeric issue GeniusWeb cannot carry as a range (a clamped line)
        // comes back discrete, its numbers as the options' display names.
        let label = |i: &neg::model::Issue, o: u32| match i.option_names.get(o as usize) {
            Some(Some(name)) => name.clone(),
            _ => i.domain.show(o),
        };
        for o in 0..x.domain.len() as u32 {
            assert_eq!(label(x, o), label(y, o), "{what}: {}", x.id);
        }
    }
    for (p, q) in a.parties.iter().zip(&b.parties) {
        let u: Vec<f64> = p.values.iter().flatten().copied().collect();
        let v: Vec<f64> = q.values.iter().flatten().copied().collect();
        let i = (0..u.len())
            .max_by(|&i, &j| u[i].abs().total_cmp(&u[j].abs()))
            .expect("values");
        let k = if u[i] == 0.0 { 1.0 } else { v[i] / u[i] };
        assert!(k > 0.0, "{what}");
        for (x, y) in u.iter().zip(&v) {
            assert!(
                (x * k - y).abs() <= 1e-8 * (1.0 + y.abs()),
                "{what}: {} {x}·{k} vs {y}",
                p.id
            );
        }
        if batnas {
            assert!(
                (p.batna * k - q.batna).abs() <= 1e-8 * (1.0 + q.batna.abs()),
                "{what}: {} BATNA",
                p.id
            );
        }
    }
}

fn via_geniusweb(s: &Scenario) -> (Scenario, bool) {
    let export = geniusweb::export(s).expect("exports");
    let exact_batnas = export.warnings.is_empty();
    let mut files = vec![(export.domain.0.as_str(), export.domain.1.clone())];
    files.extend(export.profiles.iter().map(|(n, t)| (n.as_str(), t.clone())));
    (plan(&read(&files, true).expect("reads back")), exact_batnas)
}

#[test]
fn every_genius_domain_round_trips_through_geniusweb() {
    let mut dirs: Vec<_> = std::fs::read_dir(manifest().join("tests/genius"))
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut sources = Sources::default();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("case")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        let ids: Vec<_> = files
            .iter()
            .map(|f| {
                sources.add(
                    f.display().to_string(),
                    std::fs::read_to_string(f).expect("xml"),
                )
            })
            .collect();
        let domain = *ids
            .iter()
            .find(|&&id| genius::is_domain(&sources.get(id).text) == Some(true))
            .expect("domain");
        let profiles: Vec<_> = ids.iter().copied().filter(|&id| id != domain).collect();
        let imported = genius::read(&sources, domain, &profiles).expect("imports");
        let options = NegOptions {
            format: "GENIUS",
            domain_file: "d.xml".into(),
            profile_files: profiles.iter().map(|p| format!("{p:?}")).collect(),
            real_steps: 10,
        };
        let text = neg::fmt::format_source(&to_neg(&imported, &options)).expect("formats");
        let first = neg::load_text(&mut Sources::default(), "a.neg", &text)
            .expect("checks")
            .scenario;
        let (second, exact) = via_geniusweb(&first);
        assert_same_model(&first, &second, &dir.display().to_string(), exact);
    }
}

#[test]
fn a_geniusweb_plan_round_trips_with_its_reservation_bid() {
    let first = plan(&read(&fruit(), true).expect("reads"));
    let (second, exact) = via_geniusweb(&first);
    assert!(
        exact,
        "the grocer's reservation is a package, so it is found again"
    );
    assert_same_model(&first, &second, "fruit", true);
}

#[test]
fn export_refuses_what_geniusweb_cannot_express() {
    let text =
        std::fs::read_to_string(manifest().join("examples/term_sheet.neg")).expect("example");
    let s = neg::load_text(&mut Sources::default(), "t.neg", &text)
        .expect("checks")
        .scenario;
    let errors = geniusweb::export(&s).expect_err("a rule and a contingent issue");
    assert_eq!(errors.len(), 2);
    assert!(errors
        .iter()
        .all(|d| d.message.starts_with("GeniusWeb cannot express")));
}
