//! `plot`: the utility space as an SVG picture, two parties on the axes.
//!
//! Drawn back to front: the negotiation set in projection (shaded), every
//! package (dots, or a density of cells when there are many), the BATNA lines
//! of the two axis parties, the Pareto frontier, the Nash, Kalai–Smorodinsky
//! and welfare packages, and every named offer. The legend sits in a panel
//! right of the plot, so it never hides a point.
//!
//! With three or more parties the other parties cannot have an axis; each
//! frontier point shows them instead: its colour is the smallest gain over its
//! BATNA among the parties off the axes (a colour bar explains the scale), and
//! a point is hollow when the package leaves some party below its BATNA. The
//! shaded region is what is true in projection: the utility pairs that some
//! package in the negotiation set gives the axis parties at least.

mod layout;
mod legend;
#[cfg(test)]
mod tests;

use crate::model::Bargaining;
use layout::{fit, text_width};
use legend::{Entry, Sample};
use plotters::prelude::*;
use plotters::style::text_anchor::{Pos, VPos};
use serde::Serialize;

/// What a plot shows, already reduced to the two axes.
pub struct PlotData {
    /// Title.
    pub title: String,
    /// The display name of the party on the x axis.
    pub x_name: String,
    /// The display name of the party on the y axis.
    pub y_name: String,
    /// The display names of the parties on neither axis, in declaration order.
    pub others: Vec<String>,
    /// Every package drawn (cared-for utilities of the two parties).
    pub packages: Vec<(f64, f64)>,
    /// Whether `packages` is a sample, and of how many.
    pub sampled_from: Option<f64>,
    /// Frontier points (efficient for all the parties, not only the two on the axes).
    pub frontier: Vec<FrontierMark>,
    /// The BATNAs of the two axis parties.
    pub batna: (f64, f64),
    /// Named markers: bargaining solutions.
    pub solutions: Vec<(Bargaining, (f64, f64))>,
    /// Named offers.
    pub offers: Vec<(String, (f64, f64))>,
}

/// One Pareto-efficient package as the plot shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrontierMark {
    /// The axis parties' cared-for utilities.
    pub at: (f64, f64),
    /// Whether it gives every party at least its BATNA (is in the negotiation set).
    pub acceptable: bool,
    /// The smallest cared-for gain over BATNA among the parties on neither
    /// axis (`None` with two parties).
    pub others_gain: Option<f64>,
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
    /// The drawing, for the host to write to `file`.
    #[serde(skip)]
    pub svg: String,
    /// The `plot` command, for a diagnostic should the file not be written.
    #[serde(skip)]
    pub at: crate::model::Loc,
}

/// Above this many packages the plot draws a density instead of dots.
const DOTS_LIMIT: usize = 3000;

/// The canvas, in pixels: the plot on the left, the legend panel on the right.
const WIDTH: u32 = 1060;
const HEIGHT: u32 = 680;
const PLOT_WIDTH: u32 = 780;
/// Font sizes as plotters takes them (the SVG says about 0.8 of this).
const TITLE_SIZE: f64 = 22.0;
const AXIS_SIZE: f64 = 16.0;
const LABEL_SIZE: f64 = 14.0;
/// Frontier markers are this large; package dots are smaller.
const FRONTIER_RADIUS: i32 = 4;

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

fn draw(d: &PlotData, svg: &mut String) -> Result<(), String> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let (plot_area, legend_area) = root.split_horizontally(PLOT_WIDTH);
    let (x0, x1, y0, y1) = layout::bounds(d);
    let title = fit(&d.title, PLOT_WIDTH as i32 - 40, TITLE_SIZE);
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(title, ("sans-serif", TITLE_SIZE))
        .margin(18)
        .x_label_area_size(50)
        .y_label_area_size(64)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    chart
        .configure_mesh()
        .x_desc(axis_title(&d.x_name, px.end - px.start))
        .y_desc(axis_title(&d.y_name, py.end - py.start))
        .axis_desc_style(("sans-serif", AXIS_SIZE))
        .x_label_formatter(&|v| layout::tick(*v))
        .y_label_formatter(&|v| layout::tick(*v))
        .light_line_style(WHITE)
        .draw()
        .map_err(err)?;

    let mut entries: Vec<Entry> = vec![];
    let parties = d.others.len() + 2;
    let region = layout::negotiation_region(&d.frontier, d.batna);
    if !region.is_empty() {
        chart
            .draw_series(std::iter::once(Polygon::new(region.clone(), SET.filled())))
            .map_err(err)?;
    }
    entries.push(Entry::new(
        Sample::Swatch(SET.to_rgba()),
        if region.is_empty() {
            format!(
                "negotiation set: empty, no package gives {} at least their BATNA",
                if parties == 2 {
                    "both parties".to_string()
                } else {
                    format!("all {parties} parties")
                }
            )
        } else if parties == 2 {
            "negotiation set: both parties get at least their BATNA".to_string()
        } else {
            format!(
                "negotiation set: all {parties} parties get at least their BATNA \
                 (shaded below and left of its packages)"
            )
        },
    ));
    entries.push(draw_packages(&mut chart, d, (x0, x1, y0, y1))?);

    let (bx, by) = d.batna;
    for line in [vec![(bx, y0), (bx, y1)], vec![(x0, by), (x1, by)]] {
        chart
            .draw_series(DashedLineSeries::new(line, 6, 4, BATNA.stroke_width(1)))
            .map_err(err)?;
    }
    entries.push(Entry::new(
        Sample::Dashed(BATNA),
        if parties == 2 {
            "BATNAs (walk-away values)"
        } else {
            "BATNAs of the two axis parties"
        },
    ));

    entries.extend(draw_frontier(&mut chart, d)?);
    entries.extend(draw_markers(&mut chart, d)?);
    draw_labels(&mut chart, d, (x0, x1, y0, y1))?;
    legend::draw(&legend_area, &entries, colour_scale(d).as_ref())?;
    root.present().map_err(err)?;
    Ok(())
}

/// "NAME: cared-for utility", the name shortened to fit `room` pixels.
fn axis_title(name: &str, room: i32) -> String {
    const SUFFIX: &str = ": cared-for utility";
    let name = fit(name, room - text_width(SUFFIX, AXIS_SIZE), AXIS_SIZE);
    format!("{name}{SUFFIX}")
}

/// The frontier: a step line and dots with two parties, coloured dots with more.
fn draw_frontier(chart: &mut Chart<'_, '_>, d: &PlotData) -> Result<Vec<Entry>, String> {
    let mut entries = vec![];
    let scale = colour_scale(d);
    if d.others.is_empty() {
        // No package lies between two frontier points: the honest boundary is
        // the staircase, the edge of what some package gives both at least.
        let points: Vec<(f64, f64)> = d.frontier.iter().map(|m| m.at).collect();
        chart
            .draw_series(LineSeries::new(
                layout::step_line(&points),
                FRONTIER.stroke_width(2),
            ))
            .map_err(err)?;
        entries.push(Entry::new(
            Sample::Dot(FRONTIER),
            "Pareto frontier: no package lies above and right of the line",
        ));
    } else {
        entries.push(Entry::new(
            Sample::Dot(FRONTIER),
            format!(
                "Pareto-efficient packages for all {} parties, coloured by the scale below",
                d.others.len() + 2
            ),
        ));
    }
    let colour = |m: &FrontierMark| match (&scale, m.others_gain) {
        (Some(s), Some(g)) => s.colour(g),
        _ => FRONTIER,
    };
    chart
        .draw_series(d.frontier.iter().map(|m| {
            let style = if m.acceptable {
                colour(m).filled()
            } else {
                colour(m).stroke_width(2)
            };
            Circle::new(m.at, FRONTIER_RADIUS, style)
        }))
        .map_err(err)?;
    if d.frontier.iter().any(|m| !m.acceptable) {
        entries.push(Entry::new(
            Sample::Ring(if scale.is_some() { OFFER } else { FRONTIER }),
            "hollow: efficient, but some party gets less than its BATNA",
        ));
    }
    Ok(entries)
}

/// How the frontier's colours map to the off-axis parties' gains.
fn colour_scale(d: &PlotData) -> Option<legend::Scale> {
    if d.others.is_empty() {
        return None;
    }
    let gains = d.frontier.iter().filter_map(|m| m.others_gain);
    let (lo, hi) = gains
        .filter(|g| g.is_finite())
        .fold((0.0f64, 0.0f64), |(lo, hi), g| (lo.min(g), hi.max(g)));
    let title = match d.others.as_slice() {
        [one] => format!("{one}: gain over its BATNA"),
        many => format!("smallest gain over BATNA among {}", many.join(", ")),
    };
    Some(legend::Scale { lo, hi, title })
}

/// The bargaining solutions (nested triangles) and the named offers (crosses).
fn draw_markers(chart: &mut Chart<'_, '_>, d: &PlotData) -> Result<Vec<Entry>, String> {
    let mut entries = vec![];
    // Solutions often coincide: nested sizes keep each one visible.
    for (name, p) in &d.solutions {
        let (label, color, size): (&str, RGBColor, i32) = match *name {
            Bargaining::Nash => ("Nash bargaining package", NASH, 13),
            Bargaining::Kalai => ("Kalai-Smorodinsky package", KALAI, 9),
            Bargaining::Welfare => ("largest joint utility", WELFARE, 5),
        };
        chart
            .draw_series(std::iter::once(TriangleMarker::new(
                *p,
                size,
                color.filled(),
            )))
            .map_err(err)?;
        entries.push(Entry::new(Sample::Triangle(color), label));
    }
    if !d.offers.is_empty() {
        chart
            .draw_series(
                d.offers
                    .iter()
                    .map(|(_, p)| Cross::new(*p, 7, OFFER.stroke_width(2))),
            )
            .map_err(err)?;
        entries.push(Entry::new(Sample::Cross(OFFER), "named offers"));
    }
    Ok(entries)
}

/// Labels the solutions and offers, placed together so that none overprints
/// another or a marker, and all inside the plot area.
fn draw_labels(
    chart: &mut Chart<'_, '_>,
    d: &PlotData,
    (x0, x1, y0, y1): (f64, f64, f64, f64),
) -> Result<(), String> {
    const LONGEST: i32 = 320;
    let mut labels: Vec<(String, (f64, f64), RGBColor)> =
        layout::solution_labels(&d.solutions, ((x1 - x0) / 100.0, (y1 - y0) / 100.0))
            .into_iter()
            .map(|(names, p)| (names, p, BLACK))
            .collect();
    labels.extend(
        d.offers
            .iter()
            .map(|(name, p)| (fit(name, LONGEST, LABEL_SIZE), *p, OFFER)),
    );
    let anchors: Vec<(i32, i32)> = labels
        .iter()
        .map(|(_, p, _)| chart.backend_coord(p))
        .collect();
    let widths: Vec<i32> = labels
        .iter()
        .map(|(s, _, _)| text_width(s, LABEL_SIZE))
        .collect();
    let (px, py) = chart.plotting_area().get_pixel_range();
    let area = (px.start, py.start, px.end, py.end);
    for (((name, p, color), offset), &w) in labels
        .iter()
        .zip(layout::place_labels(&anchors, &widths, area))
        .zip(&widths)
    {
        let (at, side) = layout::hug(offset, w);
        let font = ("sans-serif", LABEL_SIZE).into_font().color(color);
        chart
            .draw_series(std::iter::once(
                EmptyElement::at(*p)
                    + Text::new(name.clone(), at, font.pos(Pos::new(side.pos(), VPos::Top))),
            ))
            .map_err(err)?;
    }
    Ok(())
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
) -> Result<Entry, String> {
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
            .map_err(err)?;
        return Ok(Entry::new(Sample::SmallDot(PACKAGE), label));
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
    chart.draw_series(rects).map_err(err)?;
    Ok(Entry::new(
        Sample::Swatch(PACKAGE.mix(0.6)),
        format!("{label}, as a density"),
    ))
}
