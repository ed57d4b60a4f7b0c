//! The plot's geometry, apart from drawing: the axes' ranges, the shaded
//! negotiation region and the frontier's step line, where labels go, and how
//! wide a text is.

use super::{FrontierMark, PlotData};
use crate::model::Bargaining;
use plotters::style::text_anchor::HPos;

/// The axes' ranges: everything drawn, with a 5% margin. Values that are not
/// finite are left out, so one of them cannot stretch the axes to infinity.
pub(super) fn bounds(d: &PlotData) -> (f64, f64, f64, f64) {
    let all = d
        .packages
        .iter()
        .chain(d.frontier.iter().map(|m| &m.at))
        .chain(std::iter::once(&d.batna))
        .chain(d.solutions.iter().map(|(_, p)| p))
        .chain(d.offers.iter().map(|(_, p)| p));
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for &(x, y) in all {
        if x.is_finite() {
            x0 = x0.min(x);
            x1 = x1.max(x);
        }
        if y.is_finite() {
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
    }
    let pad = |lo: f64, hi: f64| {
        if lo > hi {
            return (0.0, 1.0);
        }
        // Halves first: `hi - lo` overflows when the two are far apart.
        let w = (hi * 0.05 - lo * 0.05).max(0.05);
        (lo - w, hi + w)
    };
    let (x0, x1) = pad(x0, x1);
    let (y0, y1) = pad(y0, y1);
    (x0, x1, y0, y1)
}

/// The points no other point is at least as good as on both axes, by
/// ascending x (so by descending y); duplicates kept once.
pub(super) fn upper_staircase(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut sorted: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let mut out: Vec<(f64, f64)> = vec![];
    for p in sorted {
        if out.last().is_none_or(|q| p.1 > q.1) {
            out.push(p);
        }
    }
    out.reverse();
    out
}

/// The frontier's step line through the points of [`upper_staircase`]: from
/// each point down to the next one's height, then across to it. Everything
/// on or below the line is given (at least) by some package; nothing lies
/// above it and to the right.
pub(super) fn step_line(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let stairs = upper_staircase(points);
    let mut line = vec![];
    for (i, &(x, y)) in stairs.iter().enumerate() {
        line.push((x, y));
        if let Some(next) = stairs.get(i + 1) {
            line.push((x, next.1));
        }
    }
    line
}

/// The shaded negotiation region: the utility pairs at or above both axis
/// parties' BATNAs that some package of the negotiation set gives them at
/// least. Its top edge is the step line of the acceptable frontier points, so
/// it never rises above the frontier. Empty when no package is acceptable.
pub(super) fn negotiation_region(frontier: &[FrontierMark], batna: (f64, f64)) -> Vec<(f64, f64)> {
    let (bx, by) = batna;
    if !(bx.is_finite() && by.is_finite()) {
        return vec![];
    }
    // Acceptable points are at least the BATNAs within the tolerance: clamp
    // the last bit so the region keeps its corner at the BATNAs.
    let acceptable: Vec<(f64, f64)> = frontier
        .iter()
        .filter(|m| m.acceptable)
        .map(|m| (m.at.0.max(bx), m.at.1.max(by)))
        .collect();
    let stairs = upper_staircase(&acceptable);
    let (Some(first), Some(last)) = (stairs.first(), stairs.last()) else {
        return vec![];
    };
    let mut region = vec![(bx, by), (bx, first.1)];
    region.extend(step_line(&acceptable));
    region.push((last.0, by));
    region
}

/// How wide a sans-serif text of the given plotters size is, in pixels: a
/// little more than it usually is, so that what is placed by it fits.
pub(super) fn text_width(s: &str, size: f64) -> i32 {
    let units: f64 = s.chars().map(|c| if wide(c) { 1.75 } else { 1.0 }).sum();
    (units * size * 0.58).ceil() as i32
}

/// Whether a character is drawn about a full em wide (CJK, Hangul, full-width
/// forms, emoji), where most are about half that.
fn wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// `s`, cut short with `…` if it is wider than `room` pixels.
pub(super) fn fit(s: &str, room: i32, size: f64) -> String {
    if text_width(s, size) <= room {
        return s.to_string();
    }
    let mut out: String = String::new();
    for c in s.chars() {
        out.push(c);
        if text_width(&out, size) + text_width("…", size) > room {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// `s` broken into lines at most `room` pixels wide, at spaces; a word wider
/// than a line is cut short.
pub(super) fn wrap(s: &str, room: i32, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = vec![];
    let mut line = String::new();
    for word in s.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&joined, size) <= room {
            line = joined;
        } else {
            if !line.is_empty() {
                lines.push(line);
            }
            line = fit(word, room, size);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A tick label short enough for the axis's label area: up to two decimals,
/// and powers of ten for very large or very small magnitudes.
pub(super) fn tick(v: f64) -> String {
    let a = v.abs();
    if a >= 1e5 || (a > 0.0 && a < 1e-2) {
        return format!("{v:.1e}");
    }
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// The height of a label line, in pixels.
pub(super) const LABEL_HEIGHT: i32 = 16;

/// A rectangle in pixels: left, top, right, bottom.
pub(super) type Rect = (i32, i32, i32, i32);

/// An offset from its anchor for each label (in pixels, to the label's top
/// left) such that every label lies inside `area` and overlaps no other label
/// and no anchor's marker, trying places around the anchor nearest first. A
/// label with no free place takes the first place inside the area, or else
/// the first place moved into the area.
pub(super) fn place_labels(anchors: &[(i32, i32)], widths: &[i32], area: Rect) -> Vec<(i32, i32)> {
    let overlaps = |a: Rect, b: Rect| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let inside = |r: Rect| r.0 >= area.0 && r.1 >= area.1 && r.2 <= area.2 && r.3 <= area.3;
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
            inside(r) && !placed.iter().chain(&markers).any(|&q| overlaps(r, q))
        };
        let offset = match candidates.iter().find(free) {
            Some(o) => *o,
            None => match candidates.iter().find(|o| inside(rect(**o))) {
                Some(o) => *o,
                None => {
                    // Too close to an edge for every place: slide the first one in.
                    let (dx, dy) = candidates[0];
                    let left = (x + dx).min(area.2 - w).max(area.0);
                    let top = (y + dy).min(area.3 - LABEL_HEIGHT).max(area.1);
                    (left - x, top - y)
                }
            },
        };
        placed.push(rect(offset));
        out.push(offset);
    }
    out
}

/// Where to draw a label's text inside the place [`place_labels`] gave it
/// (`offset` to its top left, `w` its estimated width): the text hugs the
/// side nearest its marker, since [`text_width`] errs wide and a label left
/// of its marker drawn from the place's left edge would float away from it.
/// Returns the offset of the text's anchor and how the text hangs from it.
pub(super) fn hug(offset: (i32, i32), w: i32) -> ((i32, i32), Hang) {
    let (dx, dy) = offset;
    if dx + w <= 0 {
        ((dx + w, dy), Hang::Left)
    } else if dx < 0 {
        ((dx + w / 2, dy), Hang::Both)
    } else {
        ((dx, dy), Hang::Right)
    }
}

/// Which way a text runs from its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hang {
    /// Ends at the anchor.
    Left,
    /// Centred on it.
    Both,
    /// Starts at it.
    Right,
}

impl Hang {
    pub(super) fn pos(self) -> HPos {
        match self {
            Hang::Left => HPos::Right,
            Hang::Both => HPos::Center,
            Hang::Right => HPos::Left,
        }
    }
}

/// One label per place: `Nash = Kalai = welfare` when they coincide, or stand
/// closer than `near` (a hundredth of each axis), where labels would overprint.
pub(super) fn solution_labels(
    solutions: &[(Bargaining, (f64, f64))],
    near: (f64, f64),
) -> Vec<(String, (f64, f64))> {
    let mut out: Vec<(String, (f64, f64))> = vec![];
    for (name, p) in solutions {
        let word = match *name {
            Bargaining::Nash => "Nash",
            Bargaining::Kalai => "Kalai",
            Bargaining::Welfare => "welfare",
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
