//! The figures' charts as PNG: tickets opened against closed per day, and SLA compliance per week.
//! `/stats` sends both in one image; the HTML report shows each on its own.
//!
//! Drawn with plotters into an RGB buffer, text in DejaVu Sans compiled into the binary (so a host
//! without fonts draws the same chart), and encoded with `png`.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use crate::domain::stats::Figures;

/// DejaVu Sans (its licence is next to it in `assets/fonts`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

/// The `/stats` image: both charts, one above the other.
pub const STATS_SIZE: (u32, u32) = (960, 640);
/// Each chart of the report.
pub const REPORT_SIZE: (u32, u32) = (960, 360);

const OPENED: RGBColor = RGBColor(0x58, 0x65, 0xF2);
const CLOSED: RGBColor = RGBColor(0x23, 0xA5, 0x5A);
const BARS: RGBColor = RGBColor(0xF0, 0xB2, 0x32);
const GRID: RGBColor = RGBColor(0xE3, 0xE5, 0xE8);

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(#[from] png::EncodingError),
}

fn draw_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Draw(format!("{e:?}"))
}

/// Registers the embedded font once; an error (a corrupt font) is kept and returned every time.
fn font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, FONT).map_err(|_| "the embedded font".to_owned())
        })
        .clone()
        .map_err(ChartError::Draw)
}

/// The words drawn on the charts, in the reader's language (the Discord layer words them from its
/// catalogue; the HTML report uses English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartWords {
    pub flow_title: String,
    pub tickets: String,
    pub opened: String,
    pub closed: String,
    pub sla_title: String,
    /// Before a week's first day: "week of 03/09".
    pub week_of: String,
}

impl Default for ChartWords {
    fn default() -> Self {
        ChartWords {
            flow_title: "Tickets opened and closed per day".into(),
            tickets: "tickets".into(),
            opened: "opened".into(),
            closed: "closed".into(),
            sla_title: "SLA compliance per week (% of tickets resolved)".into(),
            week_of: "week of".into(),
        }
    }
}

/// Both charts in one PNG of [`STATS_SIZE`].
pub fn stats_png(figures: &Figures, words: &ChartWords) -> Result<Vec<u8>, ChartError> {
    render(STATS_SIZE, |root| {
        let (top, bottom) = root.split_vertically(STATS_SIZE.1 * 55 / 100);
        flow(figures, &top, words)?;
        sla(figures, &bottom, words)
    })
}

/// Opened against closed per day, a PNG of [`REPORT_SIZE`].
pub fn flow_png(figures: &Figures) -> Result<Vec<u8>, ChartError> {
    render(REPORT_SIZE, |root| flow(figures, root, &ChartWords::default()))
}

/// SLA compliance per week, a PNG of [`REPORT_SIZE`].
pub fn sla_png(figures: &Figures) -> Result<Vec<u8>, ChartError> {
    render(REPORT_SIZE, |root| sla(figures, root, &ChartWords::default()))
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn render(
    (w, h): (u32, u32),
    draw: impl FnOnce(&Area<'_>) -> Result<(), ChartError>,
) -> Result<Vec<u8>, ChartError> {
    font()?;
    let mut pixels = vec![0_u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        draw(&root)?;
        root.present().map_err(draw_err)?;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
        writer.finish()?;
    }
    Ok(out)
}

fn flow(figures: &Figures, area: &Area<'_>, words: &ChartWords) -> Result<(), ChartError> {
    let days = &figures.daily;
    let n = days.len().max(1) as i32;
    let top = days.iter().map(|d| d.opened.max(d.closed)).max().unwrap_or(0).max(4) as i32;
    let top = top + top / 8 + 1;
    let label = |i: &i32| {
        usize::try_from(*i)
            .ok()
            .and_then(|i| days.get(i))
            .map(|d| d.day.format("%d/%m").to_string())
            .unwrap_or_default()
    };
    let mut chart = ChartBuilder::on(area)
        .caption(words.flow_title.as_str(), (FAMILY, 22))
        .margin(14)
        .margin_right(30)
        .x_label_area_size(34)
        .y_label_area_size(44)
        .build_cartesian_2d(0..n - 1, 0..top)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(8.min(n as usize))
        .x_label_formatter(&label)
        .y_desc(words.tickets.as_str())
        .label_style((FAMILY, 14))
        .draw()
        .map_err(draw_err)?;
    let series = |pick: fn(&crate::domain::stats::DayFlow) -> u64| {
        days.iter().enumerate().map(move |(i, d)| (i as i32, pick(d) as i32)).collect::<Vec<_>>()
    };
    for (name, colour, points) in [
        (words.opened.as_str(), OPENED, series(|d| d.opened)),
        (words.closed.as_str(), CLOSED, series(|d| d.closed)),
    ] {
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))
            .map_err(draw_err)?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3)));
        chart
            .draw_series(points.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
            .map_err(draw_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font((FAMILY, 14))
        .draw()
        .map_err(draw_err)?;
    Ok(())
}

fn sla(figures: &Figures, area: &Area<'_>, words: &ChartWords) -> Result<(), ChartError> {
    let weeks = &figures.weekly;
    let n = weeks.len().max(1) as u32;
    let label = |x: &SegmentValue<u32>| match x {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => weeks
            .get(*i as usize)
            .map(|w| format!("{} {}", words.week_of, w.start.format("%d/%m")))
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    let mut chart = ChartBuilder::on(area)
        .caption(words.sla_title.as_str(), (FAMILY, 22))
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(44)
        .build_cartesian_2d((0..n - 1).into_segmented(), 0..100_u32)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .y_labels(11)
        .bold_line_style(GRID)
        .x_labels(weeks.len().min(12))
        .x_label_formatter(&label)
        .y_label_formatter(&|v| format!("{v}%"))
        .label_style((FAMILY, 14))
        .draw()
        .map_err(draw_err)?;
    chart
        .draw_series(
            Histogram::vertical(&chart).style(BARS.filled()).margin(12).data(
                weeks.iter().enumerate().filter_map(|(i, w)| {
                    w.compliance().map(|c| (i as u32, c.round().clamp(0.0, 100.0) as u32))
                }),
            ),
        )
        .map_err(draw_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::domain::stats::{Scope, Tally};

    #[test]
    fn an_empty_period_still_draws_a_chart_of_the_promised_size() {
        let now = DateTime::parse_from_rfc3339("2026-03-15T12:00:00Z").unwrap().with_timezone(&Utc);
        let figures = Tally::new(Scope::last_days(now, 30, None)).finish(0);
        let png = stats_png(&figures, &ChartWords::default()).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), STATS_SIZE);
    }

    #[test]
    fn a_single_day_draws_too() {
        let now = DateTime::parse_from_rfc3339("2026-03-15T00:00:01Z").unwrap().with_timezone(&Utc);
        for days in [1, 2, 7] {
            let figures = Tally::new(Scope::last_days(now, days, None)).finish(0);
            assert!(flow_png(&figures).is_ok() && sla_png(&figures).is_ok(), "{days} days");
        }
    }

    #[test]
    fn a_busy_year_draws_a_valid_png_well_within_discords_attachment_limit() {
        use crate::domain::stats::DayFlow;
        let now = DateTime::parse_from_rfc3339("2026-03-15T12:00:00Z").unwrap().with_timezone(&Utc);
        let mut figures = Tally::new(Scope::last_days(now, 366, None)).finish(0);
        for (i, d) in figures.daily.iter_mut().enumerate() {
            *d = DayFlow { day: d.day, opened: (i * 7 % 40) as u64, closed: (i * 11 % 37) as u64 };
        }
        for (i, w) in figures.weekly.iter_mut().enumerate() {
            (w.resolved, w.met) = (20, (i % 21) as u64);
        }
        let png = stats_png(&figures, &ChartWords::default()).unwrap();
        // Discord takes attachments up to 10 MiB on a server without boosts.
        assert!(png.len() < 1024 * 1024, "{} bytes", png.len());
        let reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), STATS_SIZE);
    }
}
