//! `plot` on the examples, end to end: the `neg` binary writes the SVG, and
//! the test reads it back as XML and checks what a reader would see. The
//! canvas is 1060 × 680 pixels, the plot the left 780 of them and the legend
//! panel the rest.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const WIDTH: f64 = 1060.0;
const HEIGHT: f64 = 680.0;
const PLOT_WIDTH: f64 = 780.0;
/// Frontier points are drawn this large (package dots are smaller).
const FRONTIER_RADIUS: f64 = 4.0;
/// The shaded negotiation set's colour.
const SET: &str = "#DEF2DE";

/// Copies an example into a scratch folder with `plot` appended, runs it and
/// returns the SVG text.
fn plot_example(example: &str, axes: &str) -> String {
    // One folder per call: the tests run in parallel.
    let folder = format!("plot-{example}-{}", axes.replace(' ', "-"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(folder);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{example}.neg"));
    let text = std::fs::read_to_string(source).unwrap();
    let plan: PathBuf = dir.join("plan.neg");
    std::fs::write(&plan, format!("{text}\nplot \"space.svg\" {axes}\n")).unwrap();
    Command::cargo_bin("neg")
        .unwrap()
        .arg("run")
        .arg(&plan)
        .assert()
        .code(0);
    std::fs::read_to_string(dir.join("space.svg")).expect("the plot")
}

struct Text {
    x: f64,
    size: f64,
    anchor: String,
    turned: bool,
    text: String,
}

impl Text {
    /// Left and right edges, with a generous 0.62 em per character.
    fn extent(&self) -> (f64, f64) {
        let w = self.text.chars().count() as f64 * self.size * 0.62;
        match self.anchor.as_str() {
            "middle" => (self.x - w / 2.0, self.x + w / 2.0),
            "end" => (self.x - w, self.x),
            _ => (self.x, self.x + w),
        }
    }
}

/// Circles (cx, cy, r, filled), the shaded region's vertices, the frontier's
/// step line (if drawn), and the texts.
type Parts = (
    Vec<(f64, f64, f64, bool)>,
    Vec<(f64, f64)>,
    Vec<(f64, f64)>,
    Vec<Text>,
);

fn read(svg: &str) -> Parts {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    let points = |n: &roxmltree::Node| -> Vec<(f64, f64)> {
        n.attribute("points")
            .unwrap()
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    };
    let (mut circles, mut region, mut step, mut texts) = (vec![], vec![], vec![], vec![]);
    for n in doc.descendants() {
        match n.tag_name().name() {
            "circle" => circles.push((
                num(&n, "cx"),
                num(&n, "cy"),
                num(&n, "r"),
                n.attribute("fill") != Some("none"),
            )),
            "polygon" if n.attribute("fill") == Some(SET) => region = points(&n),
            "polyline" if n.attribute("stroke") == Some("#1F60C4") => step = points(&n),
            "text" => texts.push(Text {
                x: num(&n, "x"),
                size: num(&n, "font-size"),
                anchor: n.attribute("text-anchor").unwrap_or("start").into(),
                turned: n.attribute("transform").is_some(),
                text: n.text().unwrap_or("").trim().into(),
            }),
            _ => {}
        }
    }
    (circles, region, step, texts)
}

/// What every plot must do: circles and straight texts on the canvas, data
/// left of the legend panel.
fn on_the_canvas(circles: &[(f64, f64, f64, bool)], texts: &[Text]) {
    for &(cx, cy, r, _) in circles {
        assert!(cx - r >= 0.0 && cx + r <= WIDTH && cy - r >= 0.0 && cy + r <= HEIGHT);
        if r == FRONTIER_RADIUS {
            assert!(cx + r < PLOT_WIDTH, "a frontier point under the legend");
        }
    }
    for t in texts.iter().filter(|t| !t.turned) {
        let (left, right) = t.extent();
        assert!(
            left >= 0.0 && right <= WIDTH,
            "{:?} runs off the canvas",
            t.text
        );
    }
}

fn legend(texts: &[Text]) -> String {
    texts
        .iter()
        .filter(|t| t.x >= PLOT_WIDTH)
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn riverside_shows_all_three_parties() {
    let (circles, region, _, texts) = read(&plot_example("riverside", ""));
    on_the_canvas(&circles, &texts);
    // 29 frontier points (as `neg run` reports them), each drawn once.
    let frontier: Vec<_> = circles.iter().filter(|c| c.2 == FRONTIER_RADIUS).collect();
    assert_eq!(frontier.len(), 29);
    assert_eq!(circles.iter().filter(|c| c.2 == 2.0).count(), 54);
    let legend = legend(&texts);
    assert!(
        legend.contains("all 3 parties get at least their BATNA"),
        "{legend}"
    );
    assert!(
        legend.contains("Riverside Residents' Association: gain over its BATNA"),
        "{legend}"
    );
    assert!(!legend.contains("beats both"), "{legend}");
    let names: Vec<&str> = texts.iter().map(|t| t.text.as_str()).collect();
    assert!(
        names.contains(&"City council: cared-for utility"),
        "{names:?}"
    );
    assert!(
        names.contains(&"Harbour Developments: cared-for utility"),
        "{names:?}"
    );
    // The shaded region lies under the packages of the negotiation set (the
    // filled frontier points): each vertex is at or below and left of one.
    assert!(!region.is_empty());
    for &(vx, vy) in &region {
        assert!(
            frontier
                .iter()
                .any(|c| c.3 && vx <= c.0 + 1.0 && vy >= c.1 - 1.0),
            "vertex ({vx}, {vy}) is above the frontier"
        );
    }
}

#[test]
fn riverside_with_chosen_axes() {
    let (circles, _, _, texts) = read(&plot_example("riverside", "x neighbours y developer"));
    on_the_canvas(&circles, &texts);
    let legend = legend(&texts);
    assert!(
        legend.contains("City council: gain over its BATNA"),
        "{legend}"
    );
    let names: Vec<&str> = texts.iter().map(|t| t.text.as_str()).collect();
    assert!(
        names.contains(&"Riverside Residents' Association: cared-for utility"),
        "{names:?}"
    );
}

#[test]
fn two_party_examples_shade_under_the_step_line() {
    for (example, x_title) in [
        ("term_sheet", "Granite Ventures: cared-for utility"),
        ("tech_transfer", "Components division: cared-for utility"),
    ] {
        let (circles, region, step, texts) = read(&plot_example(example, ""));
        on_the_canvas(&circles, &texts);
        assert!(
            texts.iter().any(|t| t.text == x_title),
            "{example}: no {x_title:?}"
        );
        assert!(legend(&texts).contains("both parties get at least their BATNA"));
        assert!(!step.is_empty() && !region.is_empty(), "{example}");
        // The step line's height at x (pixels grow downwards): the highest
        // step at or right of x.
        let height = |x: f64| {
            step.iter()
                .filter(|p| p.0 >= x - 1.0)
                .map(|p| p.1)
                .fold(f64::INFINITY, f64::min)
        };
        for &(vx, vy) in &region {
            assert!(
                vy >= height(vx) - 1.0,
                "{example}: ({vx}, {vy}) above the step line"
            );
        }
    }
}
