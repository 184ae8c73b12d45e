//! `deskbot report`: the figures as one self-contained HTML page for people outside Discord. The
//! charts are PNG inlined as `data:` URIs and the style sheet is in the page: opening it makes no
//! request.

use std::fmt::Write as _;

use base64::Engine as _;

use super::chart::{self, ChartError};
use crate::domain::stats::{Figures, Spread, human_duration};
use crate::domain::{Level, Priority};

/// Escapes text for HTML (element content and quoted attribute values).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.0}%"))
}

fn spread(s: Option<Spread>) -> (String, String) {
    s.map_or_else(|| ("–".to_owned(), "–".to_owned()), |s| (human_duration(s.median), human_duration(s.p90)))
}

fn data_uri(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png))
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;\
margin:0;background:#f4f5f7;color:#1f2328}main{max-width:1000px;margin:0 auto;padding:24px}\
h1{margin:0 0 4px}p.sub{color:#57606a;margin:0 0 20px}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px;margin-bottom:20px}\
.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}\
.card b{display:block;font-size:26px}.card span{color:#57606a;font-size:13px}\
section{background:#fff;border-radius:8px;padding:16px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}\
h2{font-size:18px;margin:0 0 12px}img{max-width:100%;height:auto;display:block}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e5e8}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}";

/// The report page. `names` gives a technician's display name (their Discord id when it has none).
pub fn html(figures: &Figures, names: &dyn Fn(i64) -> String) -> Result<String, ChartError> {
    let flow = data_uri(&chart::flow_png(figures)?);
    let sla = data_uri(&chart::sla_png(figures)?);
    let (fr_median, fr_p90) = spread(figures.first_response);
    let (res_median, res_p90) = spread(figures.resolution);
    let scope = figures.scope;
    let mut h = String::with_capacity(flow.len() + sla.len() + 8192);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Help desk report: last {days} days</title><style>{STYLE}</style></head><body><main>\
         <h1>Help desk report</h1><p class=\"sub\">The last {days} days: {since} to {now} (UTC){who}</p>",
        days = scope.days(),
        since = scope.since.format("%Y-%m-%d %H:%M"),
        now = scope.now.format("%Y-%m-%d %H:%M"),
        who = scope.technician.map(|t| format!(", tickets of {}", esc(&names(t)))).unwrap_or_default(),
    );
    let cards: [(&str, String, &str); 8] = [
        ("opened", figures.opened.to_string(), "tickets opened"),
        ("resolved", figures.resolved.to_string(), "tickets resolved"),
        ("backlog", figures.backlog_total().to_string(), "open now (backlog)"),
        ("sla", pct(figures.sla_compliance()), "SLA compliance"),
        ("first-response", fr_median.clone(), "median first response"),
        ("resolution", res_median.clone(), "median resolution"),
        (
            "satisfaction",
            figures.satisfaction().map_or_else(|| "–".to_owned(), |s| format!("{s:.1} / 5")),
            "satisfaction",
        ),
        ("deflections", figures.deflections.to_string(), "solved by self-service"),
    ];
    h.push_str("<div class=\"cards\">");
    for (id, value, label) in cards {
        let _ =
            write!(h, "<div class=\"card\" id=\"fig-{id}\"><b>{}</b><span>{label}</span></div>", esc(&value));
    }
    h.push_str("</div>");
    let _ = write!(
        h,
        "<section><h2>Flow</h2><img id=\"chart-flow\" alt=\"Tickets opened and closed per day\" \
         width=\"{w}\" height=\"{hh}\" src=\"{flow}\"></section>\
         <section><h2>SLA compliance</h2><img id=\"chart-sla\" alt=\"SLA compliance per week\" \
         width=\"{w}\" height=\"{hh}\" src=\"{sla}\"></section>",
        w = chart::REPORT_SIZE.0,
        hh = chart::REPORT_SIZE.1,
    );
    let _ = write!(
        h,
        "<section><h2>Times</h2><table><tr><th></th><th class=\"n\">median</th><th class=\"n\">90th percentile</th>\
         <th class=\"n\">tickets</th></tr>\
         <tr><td>First response</td><td class=\"n\">{fr_median}</td><td class=\"n\">{fr_p90}</td><td class=\"n\">{}</td></tr>\
         <tr><td>Resolution</td><td class=\"n\">{res_median}</td><td class=\"n\">{res_p90}</td><td class=\"n\">{}</td></tr>\
         </table><p>SLA met by {} of {} resolved tickets ({}). Satisfaction: {} from {} ratings (response rate {}).\
         {}</p></section>",
        figures.first_response.map_or(0, |s| s.count),
        figures.resolution.map_or(0, |s| s.count),
        figures.sla_met,
        figures.resolved,
        pct(figures.sla_compliance()),
        figures.satisfaction().map_or_else(|| "–".to_owned(), |s| format!("{s:.2} / 5")),
        figures.rated,
        pct(figures.response_rate()),
        if scope.technician.is_none() {
            format!(
                " Self-service: {} problems solved by an article before a ticket ({} of those brought to the desk).",
                figures.deflections,
                pct(figures.deflection_rate())
            )
        } else {
            String::new()
        },
    );
    h.push_str("<section><h2>Backlog by priority and level</h2><table><tr><th>Priority</th>");
    for level in Level::ALL {
        let _ = write!(h, "<th class=\"n\">L{}</th>", level.get());
    }
    h.push_str("<th class=\"n\">total</th></tr>");
    for p in Priority::ALL {
        let _ = write!(h, "<tr><td>{p}</td>");
        for level in Level::ALL {
            let n = figures.backlog.get(&(*p, *level)).copied().unwrap_or(0);
            let _ = write!(h, "<td class=\"n\">{n}</td>");
        }
        let _ = write!(h, "<td class=\"n\">{}</td></tr>", figures.backlog_of(*p));
    }
    h.push_str("</table></section>");
    h.push_str(
        "<section><h2>Technicians</h2><table><tr><th>Technician</th><th class=\"n\">open now</th>\
         <th class=\"n\">resolved</th><th class=\"n\">satisfaction</th></tr>",
    );
    if figures.technicians.is_empty() {
        h.push_str("<tr><td colspan=\"4\">No assigned tickets.</td></tr>");
    }
    for t in &figures.technicians {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&names(t.technician)),
            t.open,
            t.closures,
            t.satisfaction.map_or_else(|| "–".to_owned(), |s| format!("{s:.1} ({} ratings)", t.ratings)),
        );
    }
    h.push_str("</table></section><section><h2>Top categories</h2><table><tr><th>Category</th><th class=\"n\">tickets opened</th></tr>");
    if figures.categories.is_empty() {
        h.push_str("<tr><td colspan=\"2\">No tickets opened.</td></tr>");
    }
    for (category, n) in figures.categories.iter().take(10) {
        let _ = write!(h, "<tr><td>{}</td><td class=\"n\">{n}</td></tr>", esc(category));
    }
    h.push_str("</table></section></main></body></html>\n");
    Ok(h)
}
