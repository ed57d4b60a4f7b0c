//! The legend panel right of the plot: one entry per kind of mark, wrapped to
//! the panel's width, and with three or more parties the colour bar that
//! reads the frontier points' colours.

use super::err;
use super::layout::{fit, text_width, wrap};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The legend's font size (plotters size; the SVG says about 0.8 of this).
const SIZE: f64 = 14.0;
const LINE: i32 = 17;
/// Where entry texts start, right of their samples.
const TEXT_LEFT: i32 = 36;
const TOP: i32 = 56;

/// What an entry's sample looks like.
#[derive(Debug, Clone, Copy)]
pub(super) enum Sample {
    /// A filled square (a shaded region).
    Swatch(RGBAColor),
    /// A package dot.
    SmallDot(RGBColor),
    /// A frontier dot.
    Dot(RGBColor),
    /// A hollow frontier ring.
    Ring(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
    /// A solution's triangle.
    Triangle(RGBColor),
    /// An offer's cross.
    Cross(RGBColor),
}

/// One line (or a few, wrapped) of the legend.
pub(super) struct Entry {
    sample: Sample,
    text: String,
}

impl Entry {
    pub(super) fn new(sample: Sample, text: impl Into<String>) -> Entry {
        Entry {
            sample,
            text: text.into(),
        }
    }
}

/// The off-axis parties' gains as colours: blues above the BATNA, darker for
/// more; reds below it.
pub(super) struct Scale {
    /// The smallest gain shown (0 or less).
    pub lo: f64,
    /// The largest gain shown (0 or more).
    pub hi: f64,
    /// What the colours measure, with the parties' names.
    pub title: String,
}

impl Scale {
    /// The colour of a gain.
    pub(super) fn colour(&self, gain: f64) -> RGBColor {
        const ABOVE: [(u8, u8, u8); 2] = [(140, 180, 230), (8, 48, 107)];
        const BELOW: [(u8, u8, u8); 2] = [(240, 150, 130), (150, 10, 20)];
        let (ends, t) = if gain >= 0.0 {
            (ABOVE, if self.hi > 0.0 { gain / self.hi } else { 0.0 })
        } else {
            (BELOW, if self.lo < 0.0 { gain / self.lo } else { 1.0 })
        };
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
        RGBColor(
            mix(ends[0].0, ends[1].0),
            mix(ends[0].1, ends[1].1),
            mix(ends[0].2, ends[1].2),
        )
    }
}

/// Draws the panel: the entries top down, then the colour bar if any.
pub(super) fn draw(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    entries: &[Entry],
    scale: Option<&Scale>,
) -> Result<(), String> {
    let (width, _) = area.dim_in_pixel();
    let room = width as i32 - TEXT_LEFT - 12;
    let font = ("sans-serif", SIZE).into_font();
    let mut y = TOP;
    for entry in entries {
        let lines = wrap(&entry.text, room, SIZE);
        draw_sample(area, entry.sample, (20, y + LINE / 2))?;
        for line in lines {
            area.draw(&Text::new(line, (TEXT_LEFT, y), font.clone()))
                .map_err(err)?;
            y += LINE;
        }
        y += 7;
    }
    if let Some(scale) = scale {
        draw_scale(area, scale, y + 10, width as i32)?;
    }
    Ok(())
}

fn draw_sample(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    sample: Sample,
    (x, y): (i32, i32),
) -> Result<(), String> {
    let drawn = match sample {
        Sample::Swatch(c) => area.draw(&Rectangle::new(
            [(x - 8, y - 7), (x + 8, y + 7)],
            c.filled(),
        )),
        Sample::SmallDot(c) => area.draw(&Circle::new((x, y), 3, c.filled())),
        Sample::Dot(c) => area.draw(&Circle::new((x, y), 5, c.filled())),
        Sample::Ring(c) => area.draw(&Circle::new((x, y), 5, c.stroke_width(2))),
        Sample::Dashed(c) => area
            .draw(&PathElement::new(
                vec![(x - 9, y), (x - 3, y), (x + 3, y), (x + 9, y)],
                c.stroke_width(1),
            ))
            .and_then(|_| area.draw(&PathElement::new(vec![(x - 1, y), (x + 1, y)], WHITE))),
        Sample::Triangle(c) => area.draw(&TriangleMarker::new((x, y), 7, c.filled())),
        Sample::Cross(c) => area.draw(&Cross::new((x, y), 5, c.stroke_width(2))),
    };
    drawn.map_err(err)
}

/// The colour bar: its title, the gradient, and the ends and the BATNA marked.
fn draw_scale(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    scale: &Scale,
    mut y: i32,
    width: i32,
) -> Result<(), String> {
    let font = ("sans-serif", SIZE).into_font();
    let (left, right) = (14, width - 20);
    for line in wrap(&scale.title, right - left, SIZE) {
        area.draw(&Text::new(line, (left, y), font.clone()))
            .map_err(err)?;
        y += LINE;
    }
    y += 4;
    const STEPS: i32 = 48;
    let span = scale.hi - scale.lo;
    let at = |k: i32| left + (right - left) * k / STEPS;
    for k in 0..STEPS {
        let gain = scale.lo + span * (k as f64 + 0.5) / STEPS as f64;
        area.draw(&Rectangle::new(
            [(at(k), y), (at(k + 1), y + 14)],
            scale.colour(gain).filled(),
        ))
        .map_err(err)?;
    }
    area.draw(&Rectangle::new(
        [(left, y), (right, y + 14)],
        BLACK.stroke_width(1),
    ))
    .map_err(err)?;
    // The BATNA: where the gain is zero, a tick across the bar.
    let zero = if span > 0.0 {
        left + ((right - left) as f64 * (-scale.lo / span)).round() as i32
    } else {
        left
    };
    area.draw(&PathElement::new(
        vec![(zero, y - 3), (zero, y + 17)],
        BLACK.stroke_width(2),
    ))
    .map_err(err)?;
    y += 20;
    let anchored = |h: HPos| {
        font.clone()
            .into_text_style(area)
            .pos(Pos::new(h, VPos::Top))
    };
    // The ends on one row, the BATNA on the next, so neither hides the other.
    area.draw(&Text::new(
        number(scale.lo),
        (left, y),
        anchored(HPos::Left),
    ))
    .map_err(err)?;
    if span > 0.0 {
        area.draw(&Text::new(
            number(scale.hi),
            (right, y),
            anchored(HPos::Right),
        ))
        .map_err(err)?;
    }
    y += LINE;
    let batna = "0 = at its BATNA";
    let half = text_width(batna, SIZE) / 2;
    // Centred under the tick, but kept inside the panel when zero is at an end.
    let centre = zero.clamp(left + half, (right - half).max(left + half));
    area.draw(&Text::new(
        fit(batna, right - left, SIZE),
        (centre, y),
        anchored(HPos::Center),
    ))
    .map_err(err)?;
    Ok(())
}

/// A gain as the colour bar's end label: whole numbers plain, others to one place.
fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        format!("{v:.1}")
    }
}
