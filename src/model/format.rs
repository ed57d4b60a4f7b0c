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

/// A count that may be astronomically large: `1,600` or `1.0e300`.
pub fn count(n: f64) -> String {
    if n.is_infinite() {
        // Beyond f64 (10^2000 packages): say so rather than "inf".
        return "more than 1.8e308".into();
    }
    if n < 1e15 {
        let digits = format!("{n:.0}");
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        format!("{n:.1e}")
    }
}

/// `text`, then spaces up to `width` characters. Rust's `{:<width$}` panics
/// on a width over 65 535, and a name can be that long; this never does
/// (and counts characters, not bytes, so accented names line up).
pub fn pad_end(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.chars().count());
    let mut out = String::with_capacity(text.len() + fill);
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// Spaces, then `text`, up to `width` characters ([`pad_end`]'s mirror).
pub fn pad_start(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.chars().count());
    let mut out = String::with_capacity(text.len() + fill);
    out.extend(std::iter::repeat_n(' ', fill));
    out.push_str(text);
    out
}

#[cfg(test)]
mod pad_tests {
    use super::*;

    #[test]
    fn padding_takes_any_width_and_counts_characters() {
        assert_eq!(pad_end("ab", 4), "ab  ");
        assert_eq!(pad_start("ab", 4), "  ab");
        assert_eq!(pad_end("é", 3), "é  ");
        assert_eq!(pad_end("abc", 1), "abc");
        // Past u16::MAX, where `format!("{:<w$}")` panics.
        let long = "x".repeat(70_000);
        assert_eq!(pad_end(&long, 70_001).len(), 70_001);
        assert_eq!(pad_start("y", 70_000).chars().count(), 70_000);
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
