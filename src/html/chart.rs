//! Charts as inline SVG, drawn by folio: bars, stacked bars and box plots.
//! Every chart carries a title and a description for screen readers, and
//! its numbers in `<title>` tooltips.

use std::fmt::Write as _;

use super::escape;

const WIDTH: f64 = 600.0;
const LABEL: f64 = 230.0;
const ROW: f64 = 22.0;

/// A number with thousands separators (integers) or one decimal.
pub fn fmt(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let digits = format!("{}", x.abs() as u64);
        let mut out = String::new();
        for (k, ch) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if x < 0.0 {
            format!("−{out}")
        } else {
            out
        }
    } else {
        format!("{x:.1}")
    }
}

/// Cuts a label to `max` characters, with an ellipsis.
fn cut(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn open(out: &mut String, id: &str, title: &str, desc: &str, height: f64) {
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

/// The room the widest of these value labels takes right of its bar (at
/// 12px, a digit, sign or space is at most some 7.5 units wide): the
/// longest bar's label had run past the chart's edge, `+15204 −12493`
/// read as `+15204 −124`.
fn room(labels: impl Iterator<Item = String>) -> f64 {
    let widest = labels.map(|l| l.chars().count()).max().unwrap_or(0);
    8.0 + 7.5 * widest as f64
}

/// Horizontal bars: one per (label, value).
pub fn bars(id: &str, title: &str, bars: &[(String, f64)], unit: &str) -> String {
    let max = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max).max(1.0);
    let height = ROW * bars.len() as f64 + 8.0;
    let desc = bars
        .iter()
        .map(|(l, v)| format!("{l}: {} {unit}", fmt(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = String::new();
    open(&mut out, id, title, &desc, height);
    let span = WIDTH - LABEL - room(bars.iter().map(|(_, v)| fmt(*v)));
    for (k, (label, value)) in bars.iter().enumerate() {
        let y = 4.0 + k as f64 * ROW;
        let w = (value / max * span).max(1.0);
        let _ = write!(
            out,
            "<g><title>{}: {} {unit}</title><text class=\"l\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\"/><text class=\"v\" x=\"{:.1}\" y=\"{}\">{}</text></g>",
            escape(label),
            fmt(*value),
            LABEL - 6.0,
            y + 15.0,
            escape(&cut(label, 36)),
            ROW - 6.0,
            LABEL + w + 4.0,
            y + 15.0,
            fmt(*value)
        );
    }
    out.push_str("</svg>");
    out
}

/// Stacked horizontal bars of words added and deleted, one per label.
pub(crate) fn added_deleted(id: &str, title: &str, bars: &[(String, u64, u64)]) -> String {
    let max = bars.iter().map(|b| b.1 + b.2).max().unwrap_or(1).max(1) as f64;
    let height = ROW * bars.len() as f64 + 8.0;
    let desc = bars
        .iter()
        .map(|(l, a, d)| format!("{l}: {a} words added, {d} deleted"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = String::new();
    open(&mut out, id, title, &desc, height);
    let span = WIDTH - LABEL - room(bars.iter().map(|(_, a, d)| format!("+{a} −{d}")));
    for (k, (label, added, deleted)) in bars.iter().enumerate() {
        let y = 4.0 + k as f64 * ROW;
        let wa = *added as f64 / max * span;
        let wd = *deleted as f64 / max * span;
        let _ = write!(
            out,
            "<g><title>{}: +{added} −{deleted} words</title><text class=\"l\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"bar add\" x=\"{LABEL}\" y=\"{y}\" width=\"{wa:.1}\" height=\"{}\"/><rect class=\"bar del\" x=\"{:.1}\" y=\"{y}\" width=\"{wd:.1}\" height=\"{}\"/><text class=\"v\" x=\"{:.1}\" y=\"{}\">+{added} −{deleted}</text></g>",
            escape(label),
            LABEL - 6.0,
            y + 15.0,
            escape(&cut(label, 36)),
            ROW - 6.0,
            LABEL + wa,
            ROW - 6.0,
            LABEL + wa + wd + 4.0,
            y + 15.0
        );
    }
    out.push_str("</svg>");
    out
}

/// The five numbers of a box plot: minimum, quartiles (linear
/// interpolation between order statistics), maximum.
pub fn five(values: &mut [f64]) -> Option<[f64; 5]> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = p * (values.len() - 1) as f64;
        let lo = h.floor() as usize;
        let hi = h.ceil() as usize;
        values[lo] + (h - lo as f64) * (values[hi] - values[lo])
    };
    Some([
        values[0],
        q(0.25),
        q(0.5),
        q(0.75),
        values[values.len() - 1],
    ])
}

/// A round step for an axis over `range`: 1, 2 or 5 times a power of ten,
/// giving at most 7 ticks.
pub(crate) fn nice_step(range: f64) -> f64 {
    let range = range.abs().max(1e-9);
    let mut step = 10f64.powf((range / 6.0).log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if range / (step * m) <= 6.0 {
            step *= m;
            break;
        }
    }
    step
}

/// Box plots on one horizontal scale, one per label (quartiles and
/// median in a box, whiskers to the minimum and maximum).
pub(crate) fn boxes(id: &str, title: &str, groups: &[(String, [f64; 5], usize)]) -> String {
    let lo = groups.iter().map(|g| g.1[0]).fold(f64::INFINITY, f64::min);
    let hi = groups
        .iter()
        .map(|g| g.1[4])
        .fold(f64::NEG_INFINITY, f64::max);
    let step = nice_step(if hi > lo { hi - lo } else { 10.0 });
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (
            (lo / step).floor() * step,
            ((hi / step).ceil() * step).max((lo / step).floor() * step + step),
        )
    } else {
        (0.0, 10.0)
    };
    let span = WIDTH - LABEL - 30.0;
    let x = |v: f64| LABEL + (v - lo) / (hi - lo) * span;
    let height = ROW * groups.len() as f64 + 30.0;
    let desc = groups
        .iter()
        .map(|(l, f, n)| {
            format!(
                "{l}: {n} documents, minimum {:.1}, quartiles {:.1}, {:.1}, {:.1}, maximum {:.1}",
                f[0], f[1], f[2], f[3], f[4]
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = String::new();
    open(&mut out, id, title, &desc, height);
    for (k, (label, f, n)) in groups.iter().enumerate() {
        let y = 4.0 + k as f64 * ROW;
        let mid = y + (ROW - 6.0) / 2.0;
        let _ = write!(
            out,
            "<g><title>{}: {n} documents · min {:.1} · Q1 {:.1} · median {:.1} · Q3 {:.1} · max {:.1}</title><text class=\"l\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><line class=\"wh\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{mid}\" y2=\"{mid}\"/><rect class=\"box\" x=\"{:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\"/><line class=\"med\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y}\" y2=\"{}\"/></g>",
            escape(label),
            f[0], f[1], f[2], f[3], f[4],
            LABEL - 6.0,
            y + 15.0,
            escape(&cut(label, 36)),
            x(f[0]),
            x(f[4]),
            x(f[1]),
            (x(f[3]) - x(f[1])).max(1.0),
            ROW - 6.0,
            x(f[2]),
            x(f[2]),
            y + ROW - 6.0
        );
    }
    // The axis: five ticks.
    let axis = 4.0 + groups.len() as f64 * ROW + 2.0;
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LABEL}\" x2=\"{:.1}\" y1=\"{axis}\" y2=\"{axis}\"/>",
        LABEL + span
    );
    let ticks = ((hi - lo) / step).round() as usize;
    for t in 0..=ticks {
        let v = lo + step * t as f64;
        let _ = write!(
            out,
            "<text class=\"t\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(v),
            axis + 16.0,
            fmt(v)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bar's value label ends inside the chart, however long.
    #[test]
    fn value_labels_stay_inside_the_chart() {
        let rows = vec![
            ("privacy".to_string(), 15204, 12493),
            ("terms".to_string(), 12, 3),
        ];
        // Where the first bar's value label starts.
        let label_x = |svg: &str| -> f64 {
            svg.split("<text class=\"v\" x=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap()
                .parse()
                .unwrap()
        };
        let x = label_x(&added_deleted("c", "Most changed", &rows));
        assert!(
            x + 7.5 * "+15204 −12493".chars().count() as f64 <= WIDTH,
            "{x}"
        );
        let x = label_x(&bars(
            "b",
            "Words",
            &[("a".to_string(), 1234567.0)],
            "words",
        ));
        assert!(
            x + 7.5 * fmt(1234567.0).chars().count() as f64 <= WIDTH,
            "{x}"
        );
    }

    #[test]
    fn quartiles_interpolate() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0, 5.0];
        assert_eq!(five(&mut v), Some([1.0, 2.0, 3.0, 4.0, 5.0]));
        let mut v = vec![1.0, 2.0];
        assert_eq!(five(&mut v), Some([1.0, 1.25, 1.5, 1.75, 2.0]));
        assert_eq!(five(&mut []), None);
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_step(190.0), 50.0);
        assert_eq!(nice_step(40.0), 10.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert!((nice_step(0.9) - 0.2).abs() < 1e-12);
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(fmt(1234567.0), "1,234,567");
        assert_eq!(fmt(-1000.0), "−1,000");
        assert_eq!(fmt(12.345), "12.3");
    }

    #[test]
    fn labels_are_escaped() {
        let svg = bars("b", "t", &[("<script>".to_string(), 3.0)], "words");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
