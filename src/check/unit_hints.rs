//! Help lines that restate a literal in another unit.
//!
//! A literal written in the wrong unit is usually the right figure with the
//! wrong mark: `equity: 20` on a percentage issue means `20%`, not the
//! 2000% that its value 20 would be as a fraction. So the figure as written is
//! kept and only the mark changes. Durations are the exception: `7d` on an
//! issue in weeks is a quantity of time, and the hint converts it (`1w`), since
//! writing `7w` would be five times as long. Conversions between days or weeks
//! and months or years are only approximate, and the hint says so.

use crate::model::format_number;
use crate::syntax::{DurationUnit, Number, Unit};

/// A literal restated in another unit.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Restated {
    /// The literal as it would be written: `20%`, `1w`, `$45k`.
    pub text: String,
    /// Whether the figure is rounded (months against days or weeks).
    pub approximate: bool,
}

/// `n` written in `unit`: the same quantity of time for durations, the same
/// written figure with the other unit's mark otherwise.
pub(super) fn restate(n: &Number, unit: Unit) -> Restated {
    if n.unit == unit {
        return Restated {
            text: n.text.clone(),
            approximate: false,
        };
    }
    if let (Unit::Duration(from), Unit::Duration(to)) = (n.unit, unit) {
        let days = n.value * in_days(from);
        let exact = days / in_days(to);
        let approximate = !same_family(from, to);
        let value = if approximate {
            (exact * 100.0).round() / 100.0
        } else {
            exact
        };
        return Restated {
            text: format_number(value, unit),
            approximate,
        };
    }
    let negative = n.text.starts_with('-');
    let figure = figure_as_written(&n.text);
    let sign = if negative { "-" } else { "" };
    let text = match unit {
        Unit::Plain => format!("{sign}{figure}"),
        Unit::Percent => format!("{sign}{figure}%"),
        Unit::Money(c) => format!("{sign}{c}{figure}"),
        Unit::Duration(d) => format!("{sign}{figure}{}", d.suffix()),
    };
    Restated {
        text,
        approximate: false,
    }
}

/// A help line for a literal that should carry `unit`: `write it as a
/// percentage: `20%``, or for durations `write it in weeks (w): `7d` is `1w``.
pub(super) fn unit_example(n: &Number, unit: Unit) -> String {
    let r = restate(n, unit);
    match (n.unit, unit) {
        (Unit::Duration(_), Unit::Duration(d)) => format!(
            "write it in {}: `{}` is {}`{}`",
            d.word(),
            n.text,
            if r.approximate { "about " } else { "" },
            r.text
        ),
        _ => format!("write it as {}: `{}`", unit.describe(), r.text),
    }
}

/// The digits and magnitude of a literal, without its sign, currency or unit:
/// `-$2.5M` → `2.5M`, `15%` → `15`, `6mo` → `6`.
fn figure_as_written(text: &str) -> &str {
    let rest = text.trim_start_matches('-');
    let rest = rest.trim_start_matches(['$', '€', '£']);
    let digits = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let digits = digits + crate::syntax::parse::exponent_len(&rest[digits..]);
    let magnitude = usize::from(rest[digits..].starts_with(['k', 'M']));
    &rest[..digits + magnitude]
}

/// Days per unit, for hints only: a month is a twelfth of a 365.25-day year.
fn in_days(d: DurationUnit) -> f64 {
    match d {
        DurationUnit::Days => 1.0,
        DurationUnit::Weeks => 7.0,
        DurationUnit::Months => 365.25 / 12.0,
        DurationUnit::Years => 365.25,
    }
}

/// Days and weeks convert exactly into each other, as do months and years.
fn same_family(a: DurationUnit, b: DurationUnit) -> bool {
    let short = |d| matches!(d, DurationUnit::Days | DurationUnit::Weeks);
    short(a) == short(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse_number, Span};

    fn literal(text: &str) -> Number {
        let (value, unit) = parse_number(text).expect("a literal");
        Number {
            value,
            unit,
            text: text.to_string(),
            span: Span::default(),
        }
    }

    fn restated(text: &str, unit: Unit) -> String {
        restate(&literal(text), unit).text
    }

    const WEEKS: Unit = Unit::Duration(DurationUnit::Weeks);
    const DAYS: Unit = Unit::Duration(DurationUnit::Days);
    const MONTHS: Unit = Unit::Duration(DurationUnit::Months);
    const YEARS: Unit = Unit::Duration(DurationUnit::Years);

    #[test]
    fn keeps_the_written_figure_across_kinds() {
        assert_eq!(restated("20", Unit::Percent), "20%");
        assert_eq!(restated("2.5", Unit::Percent), "2.5%");
        assert_eq!(restated("15%", Unit::Plain), "15");
        assert_eq!(restated("$45k", Unit::Plain), "45k");
        assert_eq!(restated("-$2.5M", Unit::Money('€')), "-€2.5M");
        assert_eq!(restated("150", Unit::Money('$')), "$150");
        assert_eq!(restated("20%", Unit::Money('£')), "£20");
        assert_eq!(restated("6", MONTHS), "6mo");
        assert_eq!(restated("6mo", Unit::Plain), "6");
        assert_eq!(restated("-3", Unit::Percent), "-3%");
        assert_eq!(restated("1.5e6", Unit::Money('$')), "$1.5e6");
        assert_eq!(restated("$2e-3", Unit::Plain), "2e-3");
    }

    #[test]
    fn converts_durations() {
        assert_eq!(restated("7d", WEEKS), "1w");
        assert_eq!(restated("14d", WEEKS), "2w");
        assert_eq!(restated("2w", DAYS), "14d");
        assert_eq!(restated("18mo", YEARS), "1.5y");
        assert_eq!(restated("2y", MONTHS), "24mo");
        assert!(!restate(&literal("7d"), WEEKS).approximate);
        // 30 days is 0.9856… months; 6 months is 182.625 days.
        let r = restate(&literal("30d"), MONTHS);
        assert_eq!((r.text.as_str(), r.approximate), ("0.99mo", true));
        assert_eq!(restated("6mo", DAYS), "182.63d");
    }

    #[test]
    fn help_lines() {
        assert_eq!(
            unit_example(&literal("20"), Unit::Percent),
            "write it as a percentage: `20%`"
        );
        assert_eq!(
            unit_example(&literal("7d"), WEEKS),
            "write it in weeks (w): `7d` is `1w`"
        );
        assert_eq!(
            unit_example(&literal("30d"), MONTHS),
            "write it in months (mo): `30d` is about `0.99mo`"
        );
    }
}
