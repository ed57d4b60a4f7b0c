//! GENIUS import on real competition domains (`tests/genius/`): every domain
//! imports to a plan that checks clean and is canonical, and its frontier and
//! Nash package agree with brute-force enumeration under an evaluator written
//! here from the format's description (GENIUS 10.4 semantics), independent of
//! the importer.

use neg::analysis::{bargaining, frontier, space::Space};
use neg::diagnostics::Sources;
use neg::interop::{genius, to_neg, NegOptions};
use std::path::{Path, PathBuf};

const REAL_STEPS: usize = 10;

/// The domains in `tests/genius/`, and those in `../shared/cases/genius/`
/// when that folder is beside the project (as it is in CI).
fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<PathBuf> = vec![];
    for dir in [
        root.join("tests/genius"),
        root.join("../shared/cases/genius"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        out.extend(found);
    }
    out
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("case folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files
}

// ------------------------------------------------ the independent evaluator

/// An issue's values, as numbers the evaluator can take (option index for
/// discrete issues).
enum XIssue {
    Discrete(Vec<String>),
    Numeric { lo: f64, values: Vec<f64> },
}

impl XIssue {
    fn len(&self) -> usize {
        match self {
            XIssue::Discrete(v) => v.len(),
            XIssue::Numeric { values, .. } => values.len(),
        }
    }
}

struct XProfile {
    /// Per issue, per value: weight × evaluation.
    terms: Vec<Vec<f64>>,
    reservation: f64,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable")
}

fn attr(n: roxmltree::Node, a: &str) -> f64 {
    n.attribute(a).expect(a).trim().parse().expect("number")
}

/// Domain issues by name, in document order.
fn x_domain(text: &str) -> Vec<(String, XIssue)> {
    let doc = roxmltree::Document::parse(text).expect("xml");
    doc.descendants()
        .filter(|n| n.has_tag_name("issue"))
        .map(|n| {
            let name = n.attribute("name").expect("name").to_string();
            let kind = n.attribute("type").unwrap_or("discrete");
            let bounds = || {
                let holder = if n.attribute("lowerbound").is_some() {
                    n
                } else {
                    n.children()
                        .find(|c| c.has_tag_name("range"))
                        .expect("range")
                };
                (attr(holder, "lowerbound"), attr(holder, "upperbound"))
            };
            let issue = match kind {
                "integer" => {
                    let (lo, hi) = bounds();
                    let values = (lo as i64..=hi as i64).map(|v| v as f64).collect();
                    XIssue::Numeric { lo, values }
                }
                "real" => {
                    let (lo, hi) = bounds();
                    let values = (0..=REAL_STEPS)
                        .map(|k| lo + (hi - lo) * k as f64 / REAL_STEPS as f64)
                        .collect();
                    XIssue::Numeric { lo, values }
                }
                _ => XIssue::Discrete(
                    n.children()
                        .filter(|c| c.has_tag_name("item"))
                        .map(|c| c.attribute("value").expect("value").to_string())
                        .collect(),
                ),
            };
            (name, issue)
        })
        .collect()
}

/// GENIUS's additive utility: Σ wᵢ · evalᵢ, discrete evaluations divided by the
/// issue's largest, integer lines shifted by the lower bound, all clamped to [0, 1].
fn x_profile(text: &str, domain: &[(String, XIssue)]) -> XProfile {
    let doc = roxmltree::Document::parse(text).expect("xml");
    let objective = doc
        .descendants()
        .find(|n| n.has_tag_name("objective"))
        .expect("objective");
    let mut terms = vec![];
    for (name, issue) in domain {
        let node = objective
            .children()
            .find(|c| c.has_tag_name("issue") && c.attribute("name") == Some(name))
            .expect("profile values every issue");
        let index = node.attribute("index").expect("index");
        let weight = objective
            .children()
            .find(|c| c.has_tag_name("weight") && c.attribute("index") == Some(index))
            .map(|w| attr(w, "value"))
            .expect("weight");
        let evals: Vec<f64> = match issue {
            XIssue::Discrete(values) => {
                let raw: Vec<f64> = values
                    .iter()
                    .map(|v| {
                        let item = node
                            .children()
                            .find(|c| c.has_tag_name("item") && c.attribute("value") == Some(v))
                            .expect("item");
                        attr(item, "evaluation")
                    })
                    .collect();
                let max = raw.iter().copied().fold(0.0, f64::max);
                raw.iter()
                    .map(|e| if max < 1e-5 { 0.0 } else { e / max })
                    .collect()
            }
            XIssue::Numeric { lo, values } => {
                let ev = node
                    .children()
                    .find(|c| c.has_tag_name("evaluator"))
                    .expect("evaluator");
                values
                    .iter()
                    .map(|x| {
                        let e = if ev.attribute("slope").is_some() {
                            attr(ev, "slope") * (x - lo) + attr(ev, "offset")
                        } else {
                            attr(ev, "parameter0") + attr(ev, "parameter1") * x
                        };
                        e.clamp(0.0, 1.0)
                    })
                    .collect()
            }
        };
        terms.push(evals.iter().map(|e| weight * e).collect());
    }
    let reservation = doc
        .descendants()
        .find(|n| n.has_tag_name("reservation"))
        .map_or(0.0, |n| attr(n, "value"));
    XProfile { terms, reservation }
}

/// Every outcome's utility vector.
fn all_vectors(domain: &[(String, XIssue)], profiles: &[XProfile]) -> Vec<Vec<f64>> {
    let sizes: Vec<usize> = domain.iter().map(|(_, i)| i.len()).collect();
    let mut idx = vec![0usize; sizes.len()];
    let mut out = vec![];
    loop {
        out.push(
            profiles
                .iter()
                .map(|p| idx.iter().enumerate().map(|(i, &k)| p.terms[i][k]).sum())
                .collect(),
        );
        let mut i = sizes.len();
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            idx[i] += 1;
            if idx[i] < sizes[i] {
                break;
            }
            idx[i] = 0;
        }
    }
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-9)
}

/// The distinct undominated vectors, by definition.
fn brute_frontier(vectors: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut sorted = vectors.to_vec();
    sorted.sort_by(|a, b| b.partial_cmp(a).expect("finite"));
    let mut front: Vec<Vec<f64>> = vec![];
    for v in sorted {
        let dominated = front
            .iter()
            .any(|f| f.iter().zip(&v).all(|(a, b)| *a >= b - 1e-12));
        if !dominated {
            front.push(v);
        }
    }
    front
}

// ------------------------------------------------------------ the checks

/// Imports a case through the library, as `neg import genius DIR` does.
fn import(dir: &Path) -> (String, usize) {
    let mut sources = Sources::default();
    let ids: Vec<_> = xml_files(dir)
        .iter()
        .map(|f| sources.add(f.display().to_string(), read(f)))
        .collect();
    let domain = *ids
        .iter()
        .find(|&&id| genius::is_domain(&sources.get(id).text) == Some(true))
        .expect("a domain file");
    let profiles: Vec<_> = ids.iter().copied().filter(|&id| id != domain).collect();
    let imported = genius::read(&sources, domain, &profiles).unwrap_or_else(|d| {
        panic!(
            "{}: {:?}",
            dir.display(),
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        )
    });
    let options = NegOptions {
        format: "GENIUS",
        domain_file: "domain.xml".into(),
        profile_files: profiles.iter().map(|p| format!("{p:?}")).collect(),
        real_steps: REAL_STEPS,
    };
    let text = neg::fmt::format_source(&to_neg(&imported, &options)).expect("formats");
    (text, profiles.len())
}

#[test]
fn every_domain_imports_checks_clean_and_is_canonical() {
    let cases = cases();
    assert!(cases.len() >= 11, "the shared domains are here");
    for dir in cases {
        let (text, _) = import(&dir);
        let mut sources = Sources::default();
        let checked = neg::load_text(&mut sources, "imported.neg", &text).unwrap_or_else(|d| {
            panic!(
                "{}: {:?}\n{text}",
                dir.display(),
                d.iter().map(|d| &d.message).collect::<Vec<_>>()
            )
        });
        assert!(
            checked.warnings.is_empty(),
            "{}: warnings\n{text}",
            dir.display()
        );
        assert_eq!(neg::fmt::format_source(&text).expect("formats"), text);
    }
}

#[test]
fn frontier_and_nash_match_the_xml_by_brute_force() {
    for dir in cases() {
        let (text, parties) = import(&dir);
        let mut sources = Sources::default();
        let s = neg::load_text(&mut sources, "imported.neg", &text)
            .expect("checks")
            .scenario;
        // Independently: the XML's own utilities over every outcome.
        let files = xml_files(&dir);
        let domain_file = files
            .iter()
            .find(|f| genius::is_domain(&read(f)) == Some(true))
            .expect("domain");
        let domain = x_domain(&read(domain_file));
        let profiles: Vec<XProfile> = files
            .iter()
            .filter(|f| *f != domain_file)
            .map(|f| x_profile(&read(f), &domain))
            .collect();
        assert_eq!(profiles.len(), parties);
        let vectors = all_vectors(&domain, &profiles);
        assert_eq!(vectors.len() as f64, s.package_count(), "{}", dir.display());

        // neg, on its own scale (× 100).
        let space = Space::build(&s).expect("space");
        let fast = frontier::frontier(&space, s.slots.len());
        let mut got: Vec<Vec<f64>> = fast
            .iter()
            .map(|p| p.values.iter().map(|v| v / 100.0).collect())
            .collect();
        let mut want = brute_frontier(&vectors);
        got.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        want.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        assert_eq!(got.len(), want.len(), "{}: frontier sizes", dir.display());
        for (g, w) in got.iter().zip(&want) {
            assert!(close(g, w), "{}: {g:?} vs {w:?}", dir.display());
        }

        let rv: Vec<f64> = profiles.iter().map(|p| p.reservation).collect();
        let product = |v: &[f64]| -> Option<f64> {
            v.iter()
                .zip(&rv)
                .all(|(u, r)| *u >= r - 1e-12)
                .then(|| v.iter().zip(&rv).map(|(u, r)| u - r).product())
        };
        let best = vectors
            .iter()
            .filter_map(|v| product(v))
            .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.max(p))));
        let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
        let nash = bargaining::nash(&fast, &batnas).map(|i| got_values(&fast[i].values));
        match (best, nash) {
            (None, None) => {}
            (Some(b), Some(v)) => {
                let p = product(&v).expect("the Nash package is acceptable");
                assert!(
                    (p - b).abs() <= 1e-9 * b.abs().max(1e-9),
                    "{}: Nash product {p} vs {b}",
                    dir.display()
                );
                assert!(
                    vectors.iter().any(|w| close(w, &v)),
                    "{}: Nash vector is an outcome",
                    dir.display()
                );
            }
            (b, n) => panic!("{}: brute force {b:?}, neg {n:?}", dir.display()),
        }
    }
}

fn got_values(values: &[f64]) -> Vec<f64> {
    values.iter().map(|v| v / 100.0).collect()
}

// ---------------------------------------------------------- malformed input

/// `neg import genius` on one of `tests/bad_genius/`: (exit status, stdout, stderr).
fn import_bad(case: &str) -> (i32, String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_genius")
        .join(case);
    let out = assert_cmd::Command::cargo_bin("neg")
        .expect("binary")
        .current_dir(dir)
        .args(["import", "genius", ".", "--color", "never"])
        .env("COLUMNS", "200")
        .output()
        .expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn malformed_input_is_a_diagnostic_with_file_line_and_column() {
    let cases = [
        ("broken_xml", "not well-formed XML", "buyer.xml:34:1"),
        ("not_xml", "not well-formed XML", "buyer.xml:1:1"),
        (
            "missing_weight",
            "no weight for issue `Harddisk`",
            "buyer.xml:3:1",
        ),
        (
            "unknown_value",
            "`Lenovo` is not a value of issue `Laptop`",
            "buyer.xml:5:1",
        ),
        (
            "other_domain",
            "this profile is for another domain",
            "buyer.xml:3:2",
        ),
    ];
    for (case, message, place) in cases {
        let (code, stdout, stderr) = import_bad(case);
        assert_eq!(code, 1, "{case}: {stderr}");
        assert!(stdout.is_empty(), "{case}: no plan on failure");
        assert!(stderr.contains(message), "{case}: {stderr}");
        assert!(stderr.contains(place), "{case}: {stderr}");
        assert!(stderr.contains("help:"), "{case}: {stderr}");
    }
}

#[test]
fn several_problems_are_reported_together() {
    let (code, _, stderr) = import_bad("several_problems");
    assert_eq!(code, 1);
    for message in [
        "`Lenovo` is not a value of issue `Laptop`",
        "value `Dell` of issue `Laptop` has no evaluation",
        "no weight for issue `Harddisk`",
        "`Dell` has a negative evaluation (-3)",
    ] {
        assert!(stderr.contains(message), "{message}\n{stderr}");
    }
}

#[test]
fn weights_not_summing_to_one_warn_and_import_as_written() {
    let (code, stdout, stderr) = import_bad("weights_not_one");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the weights sum to 0.900051804171754, not 1"),
        "{stderr}"
    );
    assert!(
        stdout.contains("weight laptop 0.3452125771655631,"),
        "{stdout}"
    );
}

// ------------------------------------------------------------- robustness

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 200,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6765_6e69),
        ..Default::default()
    })]
    /// Random edits of real files never panic the reader: they import or
    /// give diagnostics.
    #[test]
    fn edited_xml_never_panics(
        case in 0usize..11,
        edits in proptest::collection::vec((0usize..100_000, 0u8..128, 0u8..3), 1..6),
    ) {
        let all = cases();
        let dir = &all[case % all.len()];
        let mut sources = Sources::default();
        let texts: Vec<String> = xml_files(dir).iter().map(|f| read(f)).collect();
        let ids: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(k, text)| {
                let mut bytes = text.clone().into_bytes();
                for &(at, byte, how) in &edits {
                    if k != at % texts.len() || bytes.is_empty() {
                        continue;
                    }
                    let i = at % bytes.len();
                    match how {
                        0 => bytes[i] = byte,
                        1 => { bytes.remove(i); }
                        _ => bytes.insert(i, byte),
                    }
                }
                let text = String::from_utf8_lossy(&bytes).into_owned();
                sources.add(format!("f{k}.xml"), text)
            })
            .collect();
        let domain = ids
            .iter()
            .copied()
            .find(|&id| genius::is_domain(&sources.get(id).text) == Some(true))
            .unwrap_or(ids[0]);
        let profiles: Vec<_> = ids.iter().copied().filter(|&id| id != domain).collect();
        if let Ok(imported) = genius::read(&sources, domain, &profiles) {
            let options = NegOptions {
                format: "GENIUS",
                domain_file: "d.xml".into(),
                profile_files: profiles.iter().map(|p| format!("{p:?}")).collect(),
                real_steps: REAL_STEPS,
            };
            // Whatever imports must lay out and load without a panic.
            if let Ok(text) = neg::fmt::format_source(&to_neg(&imported, &options)) {
                let _ = neg::load_text(&mut Sources::default(), "i.neg", &text);
            }
        }
    }
}

// ------------------------------------------------------------- round trips

/// A plan's scenario from its text.
fn scenario(text: &str) -> neg::model::Scenario {
    neg::load_text(&mut Sources::default(), "plan.neg", text)
        .expect("checks")
        .scenario
}

/// Exports a scenario and imports the files again, as the CLI would.
fn round_trip(s: &neg::model::Scenario) -> neg::model::Scenario {
    let export = neg::interop::genius_out::export(s).expect("exports");
    let mut sources = Sources::default();
    let domain = sources.add(&export.domain.0, export.domain.1.as_str());
    let profiles: Vec<_> = export
        .profiles
        .iter()
        .map(|(name, xml)| sources.add(name, xml.as_str()))
        .collect();
    let imported = genius::read(&sources, domain, &profiles).expect("reads back");
    let options = NegOptions {
        format: "GENIUS",
        domain_file: export.domain.0.clone(),
        profile_files: export.profiles.iter().map(|(n, _)| n.clone()).collect(),
        real_steps: REAL_STEPS,
    };
    scenario(&neg::fmt::format_source(&to_neg(&imported, &options)).expect("formats"))
}

/// The same model: the same issues, options and parties, and per party the
/// same score sheet and BATNA up to one positive factor.
fn assert_same_model(a: &neg::model::Scenario, b: &neg::model::Scenario, what: &str) {
    let ids = |s: &neg::model::Scenario| -> Vec<String> {
        s.issues.iter().map(|i| i.id.clone()).collect()
    };
    assert_eq!(ids(a), ids(b), "{what}: issues");
    for (x, y) in a.issues.iter().zip(&b.issues) {
        assert_eq!(
            x.domain.len(),
            y.domain.len(),
            "{what}: options of {}",
            x.id
        );
        for o in 0..x.domain.len() as u32 {
            assert_eq!(x.domain.show(o), y.domain.show(o), "{what}: {}", x.id);
        }
        assert_eq!(
            x.option_names, y.option_names,
            "{what}: display names of {}",
            x.id
        );
    }
    let parties = |s: &neg::model::Scenario| -> Vec<String> {
        s.parties.iter().map(|p| p.id.clone()).collect()
    };
    assert_eq!(parties(a), parties(b), "{what}: parties");
    for (p, q) in a.parties.iter().zip(&b.parties) {
        let flat = |v: &Vec<Vec<f64>>| v.iter().flatten().copied().collect::<Vec<f64>>();
        let (u, v) = (flat(&p.values), flat(&q.values));
        let top = u.iter().copied().fold(0.0f64, |m, x| m.max(x.abs()));
        let k = if top > 0.0 {
            let i = u.iter().position(|x| x.abs() == top).expect("max");
            v[i] / u[i]
        } else {
            1.0
        };
        assert!(k > 0.0, "{what}: {} scale {k}", p.id);
        for (x, y) in u.iter().zip(&v) {
            assert!(
                (x * k - y).abs() <= 1e-8 * (1.0 + y.abs()),
                "{what}: {} {x} × {k} vs {y}",
                p.id
            );
        }
        assert!(
            (p.batna * k - q.batna).abs() <= 1e-8 * (1.0 + q.batna.abs()),
            "{what}: {} BATNA",
            p.id
        );
    }
}

#[test]
fn every_domain_round_trips_to_the_same_model() {
    for dir in cases() {
        let (text, _) = import(&dir);
        let first = scenario(&text);
        let second = round_trip(&first);
        assert_same_model(&first, &second, &dir.display().to_string());
        // And once more: the export of the re-import is the same XML.
        let again = neg::interop::genius_out::export(&second).expect("exports");
        let before = neg::interop::genius_out::export(&first).expect("exports");
        assert_eq!(before.domain.1, again.domain.1, "{}", dir.display());
    }
}

#[test]
fn export_names_every_construct_genius_cannot_express() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/term_sheet.neg"),
    )
    .expect("example");
    let s = scenario(&text);
    let errors = neg::interop::genius_out::export(&s)
        .expect_err("term sheet has a rule and a contingent issue");
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(errors.len(), 2, "{messages:?}");
    assert!(messages[0].contains("rule"), "{messages:?}");
    assert!(
        messages[1].contains("contingent issue `equity`"),
        "{messages:?}"
    );
}

#[test]
fn an_example_with_negative_values_and_care_exports_faithfully() {
    // The used car: word of mouth costs the buyer points (negative values) and
    // the dealer cares for the buyer (dropped, with a warning).
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/used_car.neg"),
    )
    .expect("example");
    let s = scenario(&text);
    let export = neg::interop::genius_out::export(&s).expect("exports");
    let codes: Vec<&str> = export.warnings.iter().map(|d| d.code.as_str()).collect();
    // Care is dropped; and the price's plain sums tie (100 at every price)
    // while the rescaled ones do not (buyer ÷ 110, dealer ÷ 150).
    assert_eq!(codes, ["neg::export::welfare", "neg::export::care"]);
    let back = round_trip(&s);
    // Plain utilities are a positive affine image: the same order of packages
    // and the same BATNA position, per party.
    let (buyer, dealer) = (0, 1);
    for p in [buyer, dealer] {
        let mut pairs: Vec<(f64, f64)> = vec![];
        for price in 0..s.issues[0].domain.len() as u32 {
            for pr in 0..s.issues[1].domain.len() as u32 {
                let pkg = vec![price, pr];
                pairs.push((
                    neg::eval::utility(&s, p, &pkg),
                    neg::eval::utility(&back, p, &pkg),
                ));
            }
        }
        // y = k·x + c with k > 0, from the extremes; every pair on that line.
        let (lo, hi) = pairs.iter().fold((pairs[0], pairs[0]), |(l, h), &q| {
            (if q.0 < l.0 { q } else { l }, if q.0 > h.0 { q } else { h })
        });
        let k = (hi.1 - lo.1) / (hi.0 - lo.0);
        assert!(k > 0.0);
        for (x, y) in &pairs {
            assert!((lo.1 + k * (x - lo.0) - y).abs() < 1e-8, "{x} -> {y}");
        }
        let batna = lo.1 + k * (s.parties[p].batna - lo.0);
        assert!(
            (batna - back.parties[p].batna).abs() < 1e-8,
            "BATNA of party {p}"
        );
    }
}

/// A shipped example's scenario.
fn example(name: &str) -> neg::model::Scenario {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    )
    .expect("example");
    scenario(&text)
}

#[test]
fn a_stepped_range_keeps_its_grid_through_genius() {
    // `$80 .. $120 step $5` is 9 values; read back as a plain real range it
    // became `--real-steps` + 1 = 11, and the frontier grew from 15 to 17.
    let s = example("tech_transfer.neg");
    let back = round_trip(&s);
    assert_eq!(back.issues[0].domain.len(), 9);
    let frontier = |s: &neg::model::Scenario| {
        let space = neg::analysis::space::Space::build(s).expect("space");
        neg::analysis::frontier::frontier(&space, s.slots.len()).len()
    };
    assert_eq!(frontier(&s), 15);
    assert_eq!(frontier(&back), 15);
}

#[test]
fn a_rescaling_that_moves_the_welfare_package_is_warned() {
    // Venue: catering is worth 10 to each side (basic to the venue, full to
    // the organiser), a tie in the plan's sums; each profile's own factor
    // breaks it. Tech transfer: every issue's welfare option is strict and
    // survives.
    let venue = neg::interop::genius_out::export(&example("venue.neg")).expect("exports");
    let welfare: Vec<&neg::diagnostics::Diag> = venue
        .warnings
        .iter()
        .filter(|d| d.code == "neg::export::welfare")
        .collect();
    assert_eq!(welfare.len(), 1);
    assert!(
        welfare[0].message.contains("`catering`"),
        "{}",
        welfare[0].message
    );
    assert!(
        !welfare[0].message.contains("`week`"),
        "{}",
        welfare[0].message
    );
    let tech = neg::interop::genius_out::export(&example("tech_transfer.neg")).expect("exports");
    assert!(tech.warnings.is_empty());
}
