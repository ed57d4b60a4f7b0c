//! How numbers with units are shown, and the one rounding rule that removes
//! floating-point noise from grid values and reported figures.

use crate::syntax::Unit;

/// Rounds away binary noise (`0.27000000000000002` → `0.27`) by keeping 12
/// significant digits; figures are never meaningful beyond that.
pub fn snap(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return if x == 0.0 { 0.0 } else { x };
    }
    // A whole number of at most 12 digits is its own rounding (and the
    // common case: utilities on integer points), without formatting.
    if x.fract() == 0.0 && x.abs() < 1e12 {
        return x;
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// A value in its unit as a user would write it: `27%`, `$45k`, `6mo`.
pub fn format_number(x: f64, unit: Unit) -> String {
    let x = snap(x);
    match unit {
        Unit::Plain => trim(x),
        Unit::Percent => format!("{}%", trim(snap(x * 100.0))),
        Unit::Money(c) => {
            let sign = if x < 0.0 { "-" } else { "" };
            format!("{sign}{c}{}", magnitude(x.abs()))
        }
        Unit::Duration(d) => format!("{}{}", trim(x), d.suffix()),
    }
}

/// `45000` → `45k`, `2500000` → `2.5M`, `1234.5` → `1234.5`.
fn magnitude(x: f64) -> String {
    if x >= 1e6 && snap(x / 1e6 * 1000.0).fract() == 0.0 {
        format!("{}M", trim(snap(x / 1e6)))
    } else if x >= 1e3 && snap(x / 1e3 * 100.0).fract() == 0.0 {
        format!("{}k", trim(snap(x / 1e3)))
    } else {
        trim(x)
    }
}

fn trim(x: f64) -> String {
    let s = format!("{x}");
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::DurationUnit;

    #[test]
    fn snaps_grid_noise() {
        assert_eq!(snap(0.15 + 12.0 * 0.01), 0.27);
        assert_eq!(snap(0.1 + 0.2), 0.3);
    }

    #[test]
    fn formats_units() {
        assert_eq!(format_number(0.27, Unit::Percent), "27%");
        assert_eq!(format_number(45000.0, Unit::Money('$')), "$45k");
        assert_eq!(format_number(2_500_000.0, Unit::Money('$')), "$2.5M");
        assert_eq!(format_number(1234.5, Unit::Money('€')), "€1234.5");
        assert_eq!(
            format_number(6.0, Unit::Duration(DurationUnit::Months)),
            "6mo"
        );
        assert_eq!(format_number(-3.5, Unit::Plain), "-3.5");
    }
}
