//! The tournament chart: per plan, each strategy's mean utility in each
//! role as a bar, with its 95% confidence interval as a whisker.

use super::tournament::TournamentReport;
use plotters::prelude::*;

const WIDTH: u32 = 960;
const PANEL_HEIGHT: u32 = 420;
/// The most plans one chart draws a panel for.
pub const MAX_PANELS: usize = 6;
const ROLE_COLOURS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(230, 140, 0),
    RGBColor(20, 140, 90),
    RGBColor(140, 60, 170),
    RGBColor(200, 50, 50),
    RGBColor(90, 90, 90),
];

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Renders the chart as SVG text.
pub fn render(r: &TournamentReport) -> Result<String, String> {
    let mut svg = String::new();
    {
        let panels = r.plans.len().clamp(1, MAX_PANELS);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, PANEL_HEIGHT * panels as u32))
            .into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        for (area, plan) in root.split_evenly((panels, 1)).iter().zip(&r.plans) {
            panel(area, r, plan)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    r: &TournamentReport,
    plan: &str,
) -> Result<(), String> {
    let rows: Vec<_> = r.results.iter().filter(|x| x.plan == plan).collect();
    let roles: Vec<&str> = {
        let mut v: Vec<&str> = vec![];
        for x in &rows {
            if !v.contains(&x.role.as_str()) {
                v.push(&x.role);
            }
        }
        v
    };
    let top = rows
        .iter()
        .map(|x| x.mean_utility + x.utility_ci)
        .fold(0.0, f64::max);
    let low = rows
        .iter()
        .map(|x| x.mean_utility - x.utility_ci)
        .fold(0.0, f64::min);
    let span = (top - low).max(1e-9);
    let n = r.strategies.len() as f64;
    let title = if r.plans.len() > 1 {
        format!("{plan}: mean utility by strategy and role (±95%)")
    } else {
        "mean utility by strategy and role (±95% confidence)".to_string()
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..n, (low - 0.05 * span)..(top + 0.12 * span))
        .map_err(err)?;
    let names = r.strategies.clone();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(r.strategies.len() * 2 + 1)
        .x_label_formatter(&|x| {
            let k = x.floor() as usize;
            if (x - x.floor() - 0.5).abs() < 1e-6 && k < names.len() {
                names[k].clone()
            } else {
                String::new()
            }
        })
        .y_desc("mean utility")
        .axis_desc_style(("sans-serif", 14))
        .draw()
        .map_err(err)?;
    let width = 0.8 / roles.len().max(1) as f64;
    for (k, role) in roles.iter().enumerate() {
        let colour = ROLE_COLOURS[k % ROLE_COLOURS.len()];
        let mine: Vec<_> = rows.iter().filter(|x| x.role == *role).collect();
        let bars = mine.iter().enumerate().map(|(s, x)| {
            let x0 = s as f64 + 0.1 + k as f64 * width;
            Rectangle::new(
                [(x0, 0.0_f64.max(low)), (x0 + width * 0.9, x.mean_utility)],
                colour.filled(),
            )
        });
        chart
            .draw_series(bars)
            .map_err(err)?
            .label(format!("as {role}"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        let whiskers = mine.iter().enumerate().map(|(s, x)| {
            let mid = s as f64 + 0.1 + k as f64 * width + width * 0.45;
            PathElement::new(
                vec![
                    (mid, x.mean_utility - x.utility_ci),
                    (mid, x.mean_utility + x.utility_ci),
                ],
                BLACK.stroke_width(2),
            )
        });
        chart.draw_series(whiskers).map_err(err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(err)?;
    Ok(())
}
