//! Tests of the plot: the geometry by hand-worked and brute-force figures,
//! and the rendered SVG read back as XML, checking what a reader would see.

use super::layout::{negotiation_region, place_labels, step_line, Rect, LABEL_HEIGHT};
use super::*;

fn mark(x: f64, y: f64, acceptable: bool) -> FrontierMark {
    FrontierMark {
        at: (x, y),
        acceptable,
        others_gain: None,
    }
}

/// Whether `(x, y)` is at or below and left of some acceptable point: under
/// the frontier's step line, inside the negotiation set's projection.
fn under_an_acceptable(frontier: &[FrontierMark], (x, y): (f64, f64)) -> bool {
    frontier
        .iter()
        .any(|m| m.acceptable && x <= m.at.0 + 1e-12 && y <= m.at.1 + 1e-12)
}

#[test]
fn negotiation_region_is_the_staircase_under_the_acceptable_points() {
    // BATNAs (2, 2). (1, 10) leaves x below its BATNA and (9, 1) leaves y
    // below; (5, 4) lies under (6, 5). The region is bounded by the step line
    // through (4, 8) and (6, 5), down to the BATNAs.
    let frontier = [
        mark(1.0, 10.0, false),
        mark(4.0, 8.0, true),
        mark(6.0, 5.0, true),
        mark(5.0, 4.0, true),
        mark(9.0, 1.0, false),
    ];
    assert_eq!(
        negotiation_region(&frontier, (2.0, 2.0)),
        vec![
            (2.0, 2.0),
            (2.0, 8.0),
            (4.0, 8.0),
            (4.0, 5.0),
            (6.0, 5.0),
            (6.0, 2.0)
        ]
    );
    // Nobody acceptable: nothing to shade (not a rectangle up to the corner).
    assert!(negotiation_region(&[mark(1.0, 1.0, false)], (2.0, 2.0)).is_empty());
    assert_eq!(
        step_line(&[(6.0, 5.0), (4.0, 8.0), (5.0, 4.0)]),
        vec![(4.0, 8.0), (4.0, 5.0), (6.0, 5.0)]
    );
}

#[test]
fn negotiation_region_brute_force() {
    // A small deterministic generator: many random frontiers, each checked
    // against the definition point by point.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % 21) as f64
    };
    for _ in 0..500 {
        let batna = (next() / 2.0, next() / 2.0);
        let frontier: Vec<FrontierMark> = (0..(next() as usize % 9))
            .map(|_| {
                let (x, y) = (next(), next());
                mark(x, y, x >= batna.0 && y >= batna.1)
            })
            .collect();
        let region = negotiation_region(&frontier, batna);
        let any = frontier.iter().any(|m| m.acceptable);
        assert_eq!(region.is_empty(), !any, "{frontier:?}");
        for &v in &region {
            assert!(v.0 >= batna.0 && v.1 >= batna.1, "{v:?} below a BATNA");
            assert!(
                under_an_acceptable(&frontier, v),
                "{v:?} above the frontier: {frontier:?}"
            );
        }
        // Every acceptable point is on the region's boundary or inside it:
        // some vertex is at least as high at or right of it.
        for m in frontier.iter().filter(|m| m.acceptable) {
            assert!(
                region.iter().any(|v| v.0 >= m.at.0 && v.1 >= m.at.1),
                "{m:?} outside the region {region:?}"
            );
        }
    }
}

#[test]
fn labels_stay_inside_the_area() {
    // Anchors at every edge and corner of a 400 × 300 area.
    let area: Rect = (50, 20, 450, 320);
    let anchors = [
        (448, 150),
        (52, 22),
        (449, 318),
        (250, 21),
        (250, 319),
        (60, 300),
    ];
    let widths = [120, 90, 200, 60, 300, 380];
    let offsets = place_labels(&anchors, &widths, area);
    for ((&(x, y), &w), &(dx, dy)) in anchors.iter().zip(&widths).zip(&offsets) {
        let r = (x + dx, y + dy, x + dx + w, y + dy + LABEL_HEIGHT);
        assert!(
            r.0 >= area.0 && r.1 >= area.1 && r.2 <= area.2 && r.3 <= area.3,
            "{r:?} leaves {area:?}"
        );
    }
}

#[test]
fn crowded_labels_do_not_overlap() {
    // Four offers within a few pixels of each other, as in the term sheet.
    let anchors = [(600, 200), (610, 196), (590, 204), (605, 201)];
    let widths = [80, 90, 60, 70];
    let offsets = place_labels(&anchors, &widths, (0, 0, 960, 680));
    let rects: Vec<Rect> = anchors
        .iter()
        .zip(&widths)
        .zip(&offsets)
        .map(|((&(x, y), &w), &(dx, dy))| (x + dx, y + dy, x + dx + w, y + dy + LABEL_HEIGHT))
        .collect();
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
            assert!(!overlap, "{a:?} overlaps {b:?}");
        }
    }
    // A lone label keeps the usual place, above right.
    assert_eq!(
        place_labels(&[(100, 100)], &[50], (0, 0, 960, 680)),
        vec![(9, -18)]
    );
}

/// The SVG's parts a reader sees, in pixels.
struct Svg {
    circles: Vec<(f64, f64, f64, bool)>,
    polygons: Vec<(String, Vec<(f64, f64)>)>,
    polylines: Vec<(String, Vec<(f64, f64)>)>,
    /// x, y, font size, anchor, text; turned texts (the y axis title) apart.
    texts: Vec<(f64, f64, f64, String, String)>,
    turned: Vec<(f64, f64, f64, String, String)>,
}

fn read_svg(svg: &str) -> Svg {
    let doc = roxmltree::Document::parse(svg).expect("the plot is well-formed XML");
    let num = |n: &roxmltree::Node, a: &str| -> f64 {
        n.attribute(a).unwrap_or("0").parse().expect("a number")
    };
    let points = |n: &roxmltree::Node| -> Vec<(f64, f64)> {
        n.attribute("points")
            .unwrap_or("")
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').expect("x,y");
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    };
    let mut out = Svg {
        circles: vec![],
        polygons: vec![],
        polylines: vec![],
        texts: vec![],
        turned: vec![],
    };
    for n in doc.descendants() {
        let fill = n.attribute("fill").unwrap_or("").to_string();
        match n.tag_name().name() {
            "circle" => {
                out.circles
                    .push((num(&n, "cx"), num(&n, "cy"), num(&n, "r"), fill != "none"))
            }
            "polygon" => out.polygons.push((fill, points(&n))),
            "polyline" => out
                .polylines
                .push((n.attribute("stroke").unwrap_or("").to_string(), points(&n))),
            "text" => {
                let text = (
                    num(&n, "x"),
                    num(&n, "y"),
                    num(&n, "font-size"),
                    n.attribute("text-anchor").unwrap_or("start").to_string(),
                    n.text().unwrap_or("").trim().to_string(),
                );
                match n.attribute("transform") {
                    Some(_) => out.turned.push(text),
                    None => out.texts.push(text),
                }
            }
            _ => {}
        }
    }
    out
}

/// A text's left and right edges as a renderer would lay it out, with a
/// generous average character width of 0.62 em (DejaVu Sans averages less).
fn text_extent(
    &(x, _, size, ref anchor, ref text): &(f64, f64, f64, String, String),
) -> (f64, f64) {
    let w = text.chars().count() as f64 * size * 0.62;
    match anchor.as_str() {
        "middle" => (x - w / 2.0, x + w / 2.0),
        "end" => (x - w, x),
        _ => (x, x + w),
    }
}

fn three_parties() -> PlotData {
    PlotData {
        title: "Riverside".into(),
        x_name: "City council".into(),
        y_name: "Harbour Developments".into(),
        others: vec!["Riverside Residents' Association".into()],
        packages: vec![(10.0, 20.0), (50.0, 50.0), (100.0, 30.0)],
        sampled_from: None,
        frontier: vec![
            FrontierMark {
                at: (20.0, 100.0),
                acceptable: false,
                others_gain: Some(-21.0),
            },
            FrontierMark {
                at: (65.0, 62.5),
                acceptable: true,
                others_gain: Some(24.5),
            },
            FrontierMark {
                at: (84.5, 55.0),
                acceptable: true,
                others_gain: Some(30.0),
            },
            FrontierMark {
                at: (60.0, 40.0),
                acceptable: true,
                others_gain: Some(70.0),
            },
            FrontierMark {
                at: (100.0, 27.0),
                acceptable: false,
                others_gain: Some(60.0),
            },
        ],
        batna: (40.0, 35.0),
        solutions: vec![
            (Bargaining::Nash, (84.5, 55.0)),
            (Bargaining::Kalai, (65.0, 62.5)),
        ],
        // An offer at the far right with a long name: its label must not
        // run off the canvas.
        offers: vec![
            ("filed".into(), (20.0, 100.0)),
            ("a_rather_long_offer_name_at_the_edge".into(), (100.0, 27.0)),
        ],
    }
}

#[test]
fn three_party_plot_shows_every_party_and_stays_on_the_canvas() {
    let d = three_parties();
    let svg = read_svg(&render(&d).unwrap());
    let (w, h) = (WIDTH as f64, HEIGHT as f64);

    // Every circle lies on the canvas; the data's circles left of the legend.
    for &(cx, cy, r, _) in &svg.circles {
        assert!(cx - r >= 0.0 && cx + r <= w && cy - r >= 0.0 && cy + r <= h);
    }
    let frontier: Vec<_> = svg
        .circles
        .iter()
        .filter(|c| c.2 == FRONTIER_RADIUS as f64)
        .collect();
    assert_eq!(frontier.len(), d.frontier.len());
    assert!(frontier.iter().all(|c| c.0 + c.2 < PLOT_WIDTH as f64));
    // Two frontier packages leave some party below its BATNA: hollow.
    assert_eq!(frontier.iter().filter(|c| !c.3).count(), 2);
    assert_eq!(
        svg.circles.iter().filter(|c| c.2 == 2.0).count(),
        d.packages.len()
    );

    // Every text fits on the canvas; those in the plot stay left of the legend.
    for t in &svg.texts {
        let (left, right) = text_extent(t);
        assert!(left >= 0.0 && right <= w, "{:?} runs off the canvas", t.4);
    }
    let label = svg
        .texts
        .iter()
        .find(|t| t.4 == "a_rather_long_offer_name_at_the_edge")
        .expect("the offer's label");
    assert!(text_extent(label).1 <= PLOT_WIDTH as f64, "{label:?}");

    // The legend reads for three parties and names the third one.
    let legend: String = svg
        .texts
        .iter()
        .filter(|t| t.0 >= PLOT_WIDTH as f64)
        .map(|t| t.4.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        legend.contains("all 3 parties get at least their BATNA"),
        "{legend}"
    );
    assert!(
        legend.contains("Riverside Residents' Association: gain over its BATNA"),
        "{legend}"
    );
    assert!(legend.contains("-21") && legend.contains("70"), "{legend}");
    assert!(!legend.contains("beats both"), "{legend}");

    // Axis titles use the display names.
    let all: Vec<&str> = svg
        .texts
        .iter()
        .chain(&svg.turned)
        .map(|t| t.4.as_str())
        .collect();
    assert!(all.contains(&"City council: cared-for utility"), "{all:?}");
    assert!(
        all.contains(&"Harbour Developments: cared-for utility"),
        "{all:?}"
    );

    // The shaded region: never above or right of every acceptable point.
    let acceptable: Vec<_> = frontier.iter().filter(|c| c.3).collect();
    let region = &svg
        .polygons
        .iter()
        .find(|(fill, _)| fill == "#DEF2DE")
        .expect("a shaded region")
        .1;
    for &(vx, vy) in region {
        assert!(
            acceptable
                .iter()
                .any(|c| vx <= c.0 + 1.0 && vy >= c.1 - 1.0),
            "vertex ({vx}, {vy}) is above the frontier"
        );
    }
}

#[test]
fn two_party_shading_stays_under_the_step_line() {
    let mut d = three_parties();
    d.others.clear();
    for m in &mut d.frontier {
        m.others_gain = None;
    }
    // (60, 40) is under (65, 62.5) in two dimensions: not on a two-party frontier.
    d.frontier.remove(3);
    let svg = read_svg(&render(&d).unwrap());
    let step = &svg
        .polylines
        .iter()
        .find(|(stroke, _)| stroke == "#1F60C4")
        .expect("the frontier's step line")
        .1;
    // The height of the step line at x: the highest step at or right of x.
    let height = |x: f64| {
        step.iter()
            .filter(|p| p.0 >= x - 1.0)
            .map(|p| p.1)
            .fold(f64::INFINITY, f64::min)
    };
    let region = &svg
        .polygons
        .iter()
        .find(|(fill, _)| fill == "#DEF2DE")
        .expect("a shaded region")
        .1;
    for &(vx, vy) in region {
        assert!(
            vy >= height(vx) - 1.0,
            "vertex ({vx}, {vy}) is above the step line"
        );
    }
    let legend: String = svg
        .texts
        .iter()
        .map(|t| t.4.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        legend.contains("both parties get at least their BATNA"),
        "{legend}"
    );
}

#[test]
fn long_names_are_shortened_to_fit() {
    let mut d = three_parties();
    d.x_name = "The Very Long Name of a Party ".repeat(8);
    d.y_name = "Another Party With An Exceedingly Long Display Name ".repeat(4);
    d.others = vec!["A Third Party Whose Name Goes On And On Without Any End".repeat(3)];
    d.title = "A Title That Is Far Too Long For The Canvas ".repeat(5);
    let svg = read_svg(&render(&d).unwrap());
    for t in &svg.texts {
        let (left, right) = text_extent(t);
        assert!(
            left >= 0.0 && right <= WIDTH as f64,
            "{:?} runs off the canvas",
            t.4
        );
    }
    let x_title = svg
        .texts
        .iter()
        .find(|t| t.4.starts_with("The Very Long"))
        .expect("the x axis title");
    assert!(
        x_title.4.ends_with("…: cared-for utility"),
        "{:?}",
        x_title.4
    );
    assert!(text_extent(x_title).1 <= PLOT_WIDTH as f64);
    // The y title is turned on its side: it must fit the plot's height.
    let y_title = svg
        .turned
        .iter()
        .find(|t| t.4.starts_with("Another Party"))
        .expect("the y axis title");
    let (top, bottom) = text_extent(y_title);
    assert!(bottom - top <= HEIGHT as f64 - 100.0, "{:?}", y_title.4);
}

#[test]
fn tick_labels_stay_short() {
    use super::layout::tick;
    assert_eq!(tick(100.0), "100");
    assert_eq!(tick(12.5), "12.5");
    assert_eq!(tick(-0.0), "0");
    assert_eq!(tick(0.126), "0.13");
    assert_eq!(tick(1e300), "1.0e300");
    assert_eq!(tick(-250_000.0), "-2.5e5");
    // A plan with a BATNA of 10^287: every tick label still fits its area.
    let mut d = three_parties();
    d.batna = (40.0, 1e287);
    let svg = read_svg(&render(&d).unwrap());
    for t in &svg.texts {
        let (left, right) = text_extent(t);
        assert!(
            left >= 0.0 && right <= WIDTH as f64,
            "{:?} runs off the canvas",
            t.4
        );
    }
}

#[test]
fn an_empty_negotiation_set_says_so() {
    let mut d = three_parties();
    for m in &mut d.frontier {
        m.acceptable = false;
    }
    let svg = read_svg(&render(&d).unwrap());
    assert!(!svg.polygons.iter().any(|(fill, _)| fill == "#DEF2DE"));
    let legend: String = svg
        .texts
        .iter()
        .map(|t| t.4.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        legend.contains(
            "negotiation set: empty, no package gives all 3 parties at least their BATNA"
        ),
        "{legend}"
    );
}

#[test]
fn wide_characters_count_wider() {
    use super::layout::{fit, text_width};
    // Eight CJK characters take about as much room as fourteen Latin ones.
    assert_eq!(
        text_width("市议会城市规划局", 14.0),
        text_width("abcdefghijklmn", 14.0)
    );
    let name = "河畔居民协会".repeat(20);
    let short = fit(&name, 300, 16.0);
    assert!(
        short.ends_with('…') && text_width(&short, 16.0) <= 300,
        "{short}"
    );
}

#[test]
fn labels_hug_their_markers() {
    use super::layout::{hug, Hang};
    // Right of the marker: drawn from the place's left edge.
    assert_eq!(hug((9, -18), 150), ((9, -18), Hang::Right));
    // Left of the marker: drawn from the place's right edge, 9 pixels from
    // the marker whatever the text's true width.
    assert_eq!(hug((-159, 4), 150), ((-9, 4), Hang::Left));
    // Centred above: drawn from the middle.
    assert_eq!(hug((-75, -40), 150), ((0, -40), Hang::Both));
}
