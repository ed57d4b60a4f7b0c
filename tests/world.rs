//! The engine reads nothing but its `World`: a plan with imports, a diamond
//! of them, a hook file and a plot runs entirely from texts in memory, and
//! what is missing from the world is reported where the plan names it.

use neg::diagnostics::Sources;
use neg::interp::Step;
use neg::report::Report;
use neg::world::MemoryWorld;
use std::path::Path;

const PARTIES: &str =
    "party it { batna 10 }\nparty vendor { batna 10 }\nissue warranty : 1 .. 4 step 1\n";

/// Each year beyond the first is worth half the one before: 0, 12, 18, 21.
const WARRANTY: &str = "fn warranty_points(years) { 24.0 * (1.0 - 0.5 ** (years - 1.0)) }\n";

/// Imports the parties by another spelling of the same path.
const EXTRA: &str = "import \"../shared/./parties.neg\"\noffer three { warranty: 3 }\n";

const PLAN: &str = r#"import "../shared/parties.neg"
import "extra.neg"
hook "hooks/warranty.rhai"
prefs it { warranty = hook warranty_points }
prefs vendor { warranty = linear(1 -> 12, 4 -> 0) }
offer two { warranty: 2 }
// By hand: it 24 × (1 − 1/2) = 12, vendor 12 − 4 = 8; at three years 18 and 4.
assert utility(it, two) == 12 and utility(vendor, two) == 8
assert utility(it, three) == 18 and utility(vendor, three) == 4
plot "space.svg"
"#;

fn world() -> MemoryWorld {
    MemoryWorld::new()
        .with("deals/shared/parties.neg", PARTIES)
        .with("deals/laptops/extra.neg", EXTRA)
        .with("deals/laptops/hooks/warranty.rhai", WARRANTY)
        .with("deals/laptops/plan.neg", PLAN)
}

#[test]
fn a_plan_with_imports_and_a_hook_file_runs_from_memory() {
    let mut sources = Sources::default();
    let checked = neg::load_file(&world(), &mut sources, Path::new("deals/laptops/plan.neg"))
        .expect("the plan is in the world")
        .unwrap_or_else(|d| panic!("checks clean: {d:?}"));
    // The diamond loads the parties once: one declaration of each.
    let s = &checked.scenario;
    assert_eq!(s.parties.len(), 2);
    assert_eq!(s.offers.len(), 2);
    let names: Vec<&str> = (0..sources.len())
        .map(|i| sources.get(neg::diagnostics::SourceId(i)).name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "deals/laptops/plan.neg",
            "deals/laptops/../shared/parties.neg",
            "deals/laptops/extra.neg",
            "deals/laptops/hooks/warranty.rhai"
        ]
    );
    // Check keeps every declaration's place, imports included.
    let declared: Vec<(String, &str, usize, usize)> = checked
        .declarations
        .iter()
        .map(|d| {
            let file = &sources.get(d.loc.source).name;
            let (line, column) = sources.line_col(d.loc.source, d.loc.span.start);
            (d.name.clone(), file.as_str(), line, column)
        })
        .collect();
    assert_eq!(
        declared,
        [
            ("it".into(), "deals/laptops/../shared/parties.neg", 1, 7),
            ("vendor".into(), "deals/laptops/../shared/parties.neg", 2, 7),
            (
                "warranty".into(),
                "deals/laptops/../shared/parties.neg",
                3,
                7
            ),
            ("three".into(), "deals/laptops/extra.neg", 2, 7),
            ("two".into(), "deals/laptops/plan.neg", 6, 7),
        ]
    );
    let steps = neg::interp::run(s);
    assert_eq!(steps.len(), 3);
    for step in &steps[..2] {
        assert!(
            matches!(step, Step::Report(Report::Assert(a)) if a.passed),
            "{step:?}"
        );
    }
    // The plot comes back as SVG text, for a host to write; nothing was written.
    let Step::Report(Report::Plot(plot)) = &steps[2] else {
        panic!("a plot: {:?}", steps[2]);
    };
    assert_eq!(Path::new(&plot.file), Path::new("deals/laptops/space.svg"));
    assert!(plot.svg.starts_with("<svg"), "{}", &plot.svg[..80]);
    assert!(plot.svg.contains("</svg>"));
    assert_eq!((plot.packages, plot.frontier_points), (4, 4));
    // The JSON form is what the command line prints: no SVG in it.
    let json = serde_json::to_value(Report::Plot(Box::new((**plot).clone()))).unwrap();
    assert!(!json.to_string().contains("<svg"), "{json}");
}

#[test]
fn what_the_world_lacks_is_reported_where_the_plan_names_it() {
    let world = world()
        .with(
            "deals/laptops/plan.neg",
            format!("import \"gone.neg\"\n{PLAN}"),
        )
        .with("deals/laptops/hooks/warranty.rhai", WARRANTY);
    let mut sources = Sources::default();
    let diags = neg::load_file(&world, &mut sources, Path::new("deals/laptops/plan.neg"))
        .expect("the plan is in the world")
        .expect_err("an import is missing");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d.code, "neg::load::import");
    assert_eq!(d.message, "cannot import `gone.neg`: no such file");
    let text = &sources.get(d.source).text;
    assert_eq!(
        &text[d.primary_span().start..d.primary_span().end],
        "\"gone.neg\""
    );

    // A root that is not there is a read error, not a diagnostic.
    let missing = neg::load_file(&world, &mut Sources::default(), Path::new("nowhere.neg"));
    let e = missing.expect_err("nothing there");
    assert_eq!(e.why, "no such file");
}

#[test]
fn an_import_cycle_in_memory_is_named() {
    let world = MemoryWorld::new()
        .with("a.neg", "import \"b.neg\"\nparty x\n")
        .with("b.neg", "import \"./a.neg\"\nparty y\n");
    let mut sources = Sources::default();
    let diags = neg::load_file(&world, &mut sources, Path::new("a.neg"))
        .unwrap()
        .expect_err("a cycle");
    assert_eq!(diags[0].code, "neg::load::import-cycle");
    assert_eq!(diags[0].message, "import cycle: a.neg → b.neg → ./a.neg");
}
