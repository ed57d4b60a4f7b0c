//! `plot`: the utility space of two parties as an SVG picture.
//!
//! Drawn back to front: the negotiation set (shaded), every package (dots, or
//! a density of cells when there are many), the BATNA lines, the Pareto
//! frontier, the Nash, Kalai–Smorodinsky and welfare packages, and every named
//! offer, with a legend and axis labels.

use plotters::prelude::*;
use serde::Serialize;

/// What a plot shows, already reduced to the two axes.
pub struct PlotData {
    /// Title.
    pub title: String,
    /// Axis party names.
    pub x_name: String,
    /// Axis party names.
    pub y_name: String,
    /// Every package drawn (cared-for utilities of the two parties).
    pub packages: Vec<(f64, f64)>,
    /// Whether `packages` is a sample, and of how many.
    pub sampled_from: Option<f64>,
    /// Frontier points.
    pub frontier: Vec<(f64, f64)>,
    /// Whether the frontier is exactly two-dimensional (two parties) and can be joined by a line.
    pub frontier_is_curve: bool,
    /// The two BATNAs.
    pub batna: (f64, f64),
    /// Named markers: bargaining solutions.
    pub solutions: Vec<(&'static str, (f64, f64))>,
    /// Named offers.
    pub offers: Vec<(String, (f64, f64))>,
}

/// The JSON and text result of `plot`.
#[derive(Debug, Clone, Serialize)]
pub struct PlotReport {
    /// The file written.
    pub file: String,
    /// The party on the x axis.
    pub x: String,
    /// The party on the y axis.
    pub y: String,
    /// Packages drawn.
    pub packages: usize,
    /// Whether they are a sample of all packages.
    pub sampled: bool,
    /// Frontier points drawn.
    pub frontier_points: usize,
}

/// Above this many packages the plot draws a density instead of dots.
const DOTS_LIMIT: usize = 3000;

const SET: RGBColor = RGBColor(222, 242, 222);
const PACKAGE: RGBColor = RGBColor(150, 150, 150);
const FRONTIER: RGBColor = RGBColor(31, 96, 196);
const BATNA: RGBColor = RGBColor(200, 60, 50);
const NASH: RGBColor = RGBColor(230, 140, 0);
const KALAI: RGBColor = RGBColor(140, 60, 170);
const WELFARE: RGBColor = RGBColor(20, 140, 90);
const OFFER: RGBColor = RGBColor(40, 40, 40);

/// Renders the picture as SVG text.
pub fn render(d: &PlotData) -> Result<String, String> {
    let mut svg = String::new();
    draw(d, &mut svg)?;
    Ok(svg)
}

fn bounds(d: &PlotData) -> (f64, f64, f64, f64) {
    let all = d
        .packages
        .iter()
        .chain(&d.frontier)
        .chain(std::iter::once(&d.batna))
        .chain(d.offers.iter().map(|(_, p)| p));
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for &(x, y) in all {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let pad = |lo: f64, hi: f64| {
        let w = (hi - lo).max(1.0) * 0.05;
        (lo - w, hi + w)
    };
    let (x0, x1) = pad(x0, x1);
    let (y0, y1) = pad(y0, y1);
    (x0, x1, y0, y1)
}

fn draw(d: &PlotData, svg: &mut String) -> Result<(), String> {
    let root = SVGBackend::with_string(svg, (960, 680)).into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let (x0, x1, y0, y1) = bounds(d);
    let mut chart = ChartBuilder::on(&root)
        .caption(&d.title, ("sans-serif", 22))
        .margin(18)
        .x_label_area_size(50)
        .y_label_area_size(64)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(format!("{}: cared-for utility", d.x_name))
        .y_desc(format!("{}: cared-for utility", d.y_name))
        .axis_desc_style(("sans-serif", 16))
        .light_line_style(WHITE)
        .draw()
        .map_err(err)?;

    let (bx, by) = d.batna;
    if bx < x1 && by < y1 {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(bx.max(x0), by.max(y0)), (x1, y1)],
                SET.filled(),
            )))
            .map_err(err)?
            .label("negotiation set: beats both BATNAs")
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], SET.filled()));
    }
    draw_packages(&mut chart, d, (x0, x1, y0, y1))?;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(bx, y0), (bx, y1)],
            6,
            4,
            BATNA.stroke_width(1),
        ))
        .map_err(err)?
        .label("BATNAs (walk-away values)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], BATNA));
    chart
        .draw_series(DashedLineSeries::new(
            vec![(x0, by), (x1, by)],
            6,
            4,
            BATNA.stroke_width(1),
        ))
        .map_err(err)?;

    let mut frontier = d.frontier.clone();
    frontier.sort_by(|a, b| a.0.total_cmp(&b.0));
    if d.frontier_is_curve {
        chart
            .draw_series(LineSeries::new(frontier.clone(), FRONTIER.stroke_width(2)))
            .map_err(err)?;
    }
    chart
        .draw_series(
            frontier
                .iter()
                .map(|p| Circle::new(*p, 3, FRONTIER.filled())),
        )
        .map_err(err)?
        .label("Pareto frontier")
        .legend(|(x, y)| Circle::new((x + 7, y), 4, FRONTIER.filled()));

    // Solutions often coincide: nested sizes keep each one visible.
    for (name, p) in &d.solutions {
        let (label, color, size): (&str, RGBColor, i32) = match *name {
            "nash" => ("Nash bargaining package", NASH, 13),
            "kalai" => ("Kalai-Smorodinsky package", KALAI, 9),
            _ => ("largest joint utility", WELFARE, 5),
        };
        chart
            .draw_series(std::iter::once(TriangleMarker::new(
                *p,
                size,
                color.filled(),
            )))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| TriangleMarker::new((x + 7, y), 6, color.filled()));
    }
    if !d.offers.is_empty() {
        chart
            .draw_series(
                d.offers
                    .iter()
                    .map(|(_, p)| Cross::new(*p, 7, OFFER.stroke_width(2))),
            )
            .map_err(err)?
            .label("named offers")
            .legend(|(x, y)| Cross::new((x + 7, y), 5, OFFER.stroke_width(2)));
    }
    // Labels are placed together so that none overprints another or a marker.
    let mut labels: Vec<(String, (f64, f64), RGBColor)> =
        solution_labels(&d.solutions, ((x1 - x0) / 100.0, (y1 - y0) / 100.0))
            .into_iter()
            .map(|(names, p)| (names, p, BLACK))
            .collect();
    labels.extend(d.offers.iter().map(|(name, p)| (name.clone(), *p, OFFER)));
    let anchors: Vec<(i32, i32)> = labels
        .iter()
        .map(|(_, p, _)| chart.backend_coord(p))
        .collect();
    let widths: Vec<i32> = labels.iter().map(|(s, _, _)| text_width(s)).collect();
    for ((name, p, color), offset) in labels.iter().zip(place_labels(&anchors, &widths)) {
        chart
            .draw_series(std::iter::once(
                EmptyElement::at(*p)
                    + Text::new(
                        name.clone(),
                        offset,
                        ("sans-serif", 14).into_font().color(color),
                    ),
            ))
            .map_err(err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}

/// Roughly how wide a 14px sans-serif label is, in pixels.
fn text_width(s: &str) -> i32 {
    (s.chars().count() as i32 * 15) / 2
}

/// The height of a label line, in pixels.
const LABEL_HEIGHT: i32 = 16;

/// An offset from its anchor for each label (in pixels, to the label's top
/// left) such that no label overlaps another label or an anchor's marker,
/// trying places around the anchor nearest first; a label with no free
/// place takes the first.
fn place_labels(anchors: &[(i32, i32)], widths: &[i32]) -> Vec<(i32, i32)> {
    type Rect = (i32, i32, i32, i32);
    let overlaps = |a: Rect, b: Rect| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let markers: Vec<Rect> = anchors
        .iter()
        .map(|&(x, y)| (x - 7, y - 7, x + 7, y + 7))
        .collect();
    let mut placed: Vec<Rect> = vec![];
    let mut out = vec![];
    for (&(x, y), &w) in anchors.iter().zip(widths) {
        let candidates = [
            (9, -18),
            (9, 4),
            (-9 - w, -18),
            (-9 - w, 4),
            (9, -36),
            (9, 22),
            (-9 - w, -36),
            (-9 - w, 22),
            (-w / 2, -40),
            (-w / 2, 26),
        ];
        let rect = |(dx, dy): (i32, i32)| (x + dx, y + dy, x + dx + w, y + dy + LABEL_HEIGHT);
        let free = |&&offset: &&(i32, i32)| {
            let r = rect(offset);
            !placed.iter().chain(&markers).any(|&q| overlaps(r, q))
        };
        let offset = *candidates.iter().find(free).unwrap_or(&candidates[0]);
        placed.push(rect(offset));
        out.push(offset);
    }
    out
}

/// One label per place: `Nash = Kalai = welfare` when they coincide, or stand
/// closer than `near` (a hundredth of each axis), where labels would overprint.
fn solution_labels(
    solutions: &[(&'static str, (f64, f64))],
    near: (f64, f64),
) -> Vec<(String, (f64, f64))> {
    let mut out: Vec<(String, (f64, f64))> = vec![];
    for (name, p) in solutions {
        let word = match *name {
            "nash" => "Nash",
            "kalai" => "Kalai",
            _ => "welfare",
        };
        match out
            .iter_mut()
            .find(|(_, q)| (q.0 - p.0).abs() <= near.0 && (q.1 - p.1).abs() <= near.1)
        {
            Some((names, _)) => *names = format!("{names} = {word}"),
            None => out.push((word.to_string(), *p)),
        }
    }
    out
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Every package as a dot, or as a density of grid cells when there are many.
fn draw_packages(
    chart: &mut Chart<'_, '_>,
    d: &PlotData,
    (x0, x1, y0, y1): (f64, f64, f64, f64),
) -> Result<(), String> {
    let label = match d.sampled_from {
        Some(n) => format!(
            "packages (a sample of {} of {})",
            d.packages.len(),
            super::count_text(n)
        ),
        None => format!("all {} packages", d.packages.len()),
    };
    if d.packages.len() <= DOTS_LIMIT {
        chart
            .draw_series(
                d.packages
                    .iter()
                    .map(|p| Circle::new(*p, 2, PACKAGE.mix(0.5).filled())),
            )
            .map_err(err)?
            .label(label)
            .legend(|(x, y)| Circle::new((x + 7, y), 3, PACKAGE.filled()));
        return Ok(());
    }
    const COLS: usize = 120;
    const ROWS: usize = 90;
    let mut cells = vec![0u32; COLS * ROWS];
    let (w, h) = ((x1 - x0) / COLS as f64, (y1 - y0) / ROWS as f64);
    for &(x, y) in &d.packages {
        let c = (((x - x0) / w) as usize).min(COLS - 1);
        let r = (((y - y0) / h) as usize).min(ROWS - 1);
        cells[r * COLS + c] += 1;
    }
    let max = cells.iter().copied().max().unwrap_or(1).max(1) as f64;
    let rects = cells
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| {
            let (c, r) = ((k % COLS) as f64, (k / COLS) as f64);
            let shade = 0.15 + 0.75 * (*n as f64 / max).sqrt();
            Rectangle::new(
                [
                    (x0 + c * w, y0 + r * h),
                    (x0 + (c + 1.0) * w, y0 + (r + 1.0) * h),
                ],
                PACKAGE.mix(shade).filled(),
            )
        });
    chart
        .draw_series(rects)
        .map_err(err)?
        .label(format!("{label}, as a density"))
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], PACKAGE.mix(0.6).filled()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowded_labels_do_not_overlap() {
        // Four offers within a few pixels of each other, as in the term sheet.
        let anchors = [(600, 200), (610, 196), (590, 204), (605, 201)];
        let widths = [80, 90, 60, 70];
        let offsets = place_labels(&anchors, &widths);
        let rects: Vec<(i32, i32, i32, i32)> = anchors
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
        assert_eq!(place_labels(&[(100, 100)], &[50]), vec![(9, -18)]);
    }
}
