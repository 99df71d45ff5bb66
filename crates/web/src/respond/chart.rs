//! Trend charts drawn on the server as inline SVG (no chart service, no script): a line over the
//! periods with gaps where there is no value, an optional dashed target line, axis labels.

use std::fmt::Write;

/// A line chart to draw.
pub struct LineChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The unit shown after values on the axis ("%", "分").
    pub unit: &'a str,
    /// (period label, value)
    pub points: &'a [(String, Option<f64>)],
    /// A fixed top of the scale (e.g. 100 for shares); else the largest value rounded up.
    pub max: Option<f64>,
    pub target: Option<f64>,
}

const W: f64 = 560.0;
const H: f64 = 200.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 26.0;
const BOTTOM: f64 = 34.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A "nice" top of the scale at or above `v`.
fn nice_top(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= v {
            return m * mag;
        }
    }
    10.0 * mag
}

fn fmt(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{}", v.round() as i64) } else { format!("{v:.1}") }
}

impl LineChart<'_> {
    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        let n = self.points.len();
        let values: Vec<f64> = self.points.iter().filter_map(|p| p.1).collect();
        let top = self.max.unwrap_or_else(|| nice_top(values.iter().copied().fold(self.target.unwrap_or(0.0), f64::max)));
        let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
        let x = |i: usize| if n <= 1 { LEFT + pw / 2.0 } else { LEFT + pw * i as f64 / (n - 1) as f64 };
        let y = |v: f64| TOP + ph * (1.0 - (v / top).clamp(0.0, 1.0));
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg class="chart" id="{}" viewBox="0 0 {W} {H}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
            esc(self.id),
            esc(self.title)
        );
        let _ = write!(s, r#"<text x="{LEFT}" y="16" class="chart-title">{}</text>"#, esc(self.title));
        for k in 0..=4 {
            let v = top * f64::from(k) / 4.0;
            let yy = y(v);
            let _ = write!(
                s,
                r#"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" class="grid"/><text x="{}" y="{:.1}" class="axis" text-anchor="end">{}{}</text>"#,
                W - RIGHT,
                LEFT - 4.0,
                yy + 4.0,
                fmt(v),
                esc(self.unit)
            );
        }
        if let Some(t) = self.target {
            let yy = y(t);
            let _ = write!(
                s,
                r#"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" class="target"/><text x="{}" y="{:.1}" class="axis target-label" text-anchor="end">目标 {}{}</text>"#,
                W - RIGHT,
                W - RIGHT,
                yy - 3.0,
                fmt(t),
                esc(self.unit)
            );
        }
        // The line, broken where a period has no value.
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, s: &mut String| {
            if run.len() > 1 {
                let _ = write!(s, r#"<polyline class="line" points="{}"/>"#, run.join(" "));
            }
            run.clear();
        };
        for (i, (_, v)) in self.points.iter().enumerate() {
            match v {
                Some(v) => run.push(format!("{:.1},{:.1}", x(i), y(*v))),
                None => flush(&mut run, &mut s),
            }
        }
        flush(&mut run, &mut s);
        for (i, (label, v)) in self.points.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" class="dot"><title>{} {}{}</title></circle>"#,
                    x(i),
                    y(*v),
                    esc(label),
                    fmt(*v),
                    esc(self.unit)
                );
            }
        }
        // At most eight period labels along the bottom.
        let step = n.div_ceil(8).max(1);
        for (i, (label, _)) in self.points.iter().enumerate() {
            if i % step == 0 || i + 1 == n {
                let short = label.get(5..).filter(|_| label.len() == 10).unwrap_or(label);
                let _ = write!(s, r#"<text x="{:.1}" y="{}" class="axis" text-anchor="middle">{}</text>"#, x(i), H - 12.0, esc(short));
            }
        }
        if values.is_empty() {
            let _ = write!(s, r#"<text x="{}" y="{}" class="axis" text-anchor="middle">暂无数据</text>"#, LEFT + pw / 2.0, TOP + ph / 2.0);
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_has_a_line_a_target_and_escaped_labels() {
        let points = vec![("2026-01".to_owned(), Some(90.0)), ("2026-02".to_owned(), None), ("2026-03".to_owned(), Some(95.5))];
        let svg = LineChart { id: "c", title: "好评率 <%>", unit: "%", points: &points, max: Some(100.0), target: Some(80.0) }.svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("好评率 &lt;%&gt;"));
        assert!(svg.contains("目标 80%"));
        // Two separate points (the gap breaks the line), each with a dot.
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(!svg.contains("<polyline"));
    }

    #[test]
    fn the_scale_rounds_up() {
        assert_eq!(nice_top(7.0), 10.0);
        assert_eq!(nice_top(180.0), 200.0);
        assert_eq!(nice_top(0.0), 1.0);
        let points = vec![("a".to_owned(), Some(3.0)), ("b".to_owned(), Some(7.0))];
        let svg = LineChart { id: "c", title: "t", unit: "分", points: &points, max: None, target: None }.svg();
        assert!(svg.contains("<polyline"));
        assert!(svg.contains(">10分<"));
    }
}
