//! `deskbot export`: tickets, their events, their ratings and the knowledge base's articles as JSON (all in one
//! document, or one table) or CSV (one table at a time), for reports and for moving to another tool.
//!
//! Rows are written as the store reads them, so memory stays flat however many tickets there are:
//! nothing is collected, and the JSON document is written piece by piece.

use std::io::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::article::Article;
use crate::domain::{Ticket, TicketNumber};
use crate::store::{EventRecord, ExportSink, ExportTables, RatingRecord, StoreError, TicketStore};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// Which table an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Tickets,
    Events,
    Articles,
    Ratings,
}

impl Table {
    fn key(self) -> &'static str {
        match self {
            Table::Tickets => "tickets",
            Table::Events => "events",
            Table::Articles => "articles",
            Table::Ratings => "ratings",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON failed: {0}")]
    Json(#[from] serde_json::Error),
}

/// One ticket as a flat CSV row.
#[derive(Serialize)]
struct TicketRow<'a> {
    number: i64,
    guild_id: i64,
    status: &'a str,
    priority: String,
    level: u8,
    category: &'a str,
    summary: &'a str,
    requester_id: i64,
    assignee_id: Option<i64>,
    impact: &'a str,
    urgency: &'a str,
    created_at: String,
    first_response_due: Option<String>,
    first_response_at: Option<String>,
    resolution_due: Option<String>,
    resolved_at: Option<String>,
    closed_at: Option<String>,
    resolution_code: Option<&'a str>,
    resolution_notes: Option<&'a str>,
    satisfaction: Option<i16>,
}

#[derive(Serialize)]
struct EventRow<'a> {
    ticket_number: Option<i64>,
    at: String,
    kind: &'a str,
    actor_id: Option<i64>,
    from_status: Option<&'a str>,
    to_status: Option<&'a str>,
    note: Option<&'a str>,
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl<'a> TicketRow<'a> {
    fn new(t: &'a Ticket) -> Self {
        TicketRow {
            number: t.number.map(|n| n.0).unwrap_or_default(),
            guild_id: t.guild_id,
            status: t.status.as_str(),
            priority: t.priority.to_string(),
            level: t.level.get(),
            category: &t.category,
            summary: &t.summary,
            requester_id: t.requester_id,
            assignee_id: t.assignee_id,
            impact: t.impact.as_str(),
            urgency: t.urgency.as_str(),
            created_at: time(t.created_at),
            first_response_due: t.sla.first_response_due.map(time),
            first_response_at: t.sla.first_response_at.map(time),
            resolution_due: t.sla.resolution_due.map(time),
            resolved_at: t.resolved_at.map(time),
            closed_at: t.closed_at.map(time),
            resolution_code: t.resolution_code.map(|c| c.as_str()),
            resolution_notes: t.resolution_notes.as_deref(),
            satisfaction: t.satisfaction,
        }
    }
}

impl<'a> EventRow<'a> {
    fn new(e: &'a EventRecord, number: TicketNumber) -> Self {
        EventRow {
            ticket_number: Some(number.0),
            at: time(e.at),
            kind: e.kind.as_str(),
            actor_id: e.actor_id,
            from_status: e.from_status.map(|s| s.as_str()),
            to_status: e.to_status.map(|s| s.as_str()),
            note: e.note.as_deref(),
        }
    }
}

/// One article, as a CSV row and in the JSON document (tags comma-separated).
#[derive(Serialize)]
struct ArticleRow<'a> {
    id: i64,
    guild_id: i64,
    title: &'a str,
    category: &'a str,
    tags: String,
    symptoms: &'a str,
    steps: &'a str,
    author_id: i64,
    source_ticket_id: Option<i64>,
    created_at: String,
    updated_at: String,
    updated_by: i64,
    retired_at: Option<String>,
    retired_by: Option<i64>,
}

impl<'a> ArticleRow<'a> {
    fn of(a: &'a Article) -> Self {
        ArticleRow {
            id: a.id,
            guild_id: a.guild_id,
            title: &a.title,
            category: &a.category,
            tags: a.tags.join(","),
            symptoms: &a.symptoms,
            steps: &a.steps,
            author_id: a.author_id,
            source_ticket_id: a.source_ticket_id,
            created_at: time(a.created_at),
            updated_at: time(a.updated_at),
            updated_by: a.updated_by,
            retired_at: a.retired_at.map(time),
            retired_by: a.retired_by,
        }
    }
}

/// One rating, as a CSV row and in the JSON document.
#[derive(Serialize)]
struct RatingRow<'a> {
    ticket_number: i64,
    guild_id: i64,
    category: &'a str,
    resolver_id: Option<i64>,
    satisfaction: i16,
    closed_at: Option<String>,
    comment: Option<&'a str>,
}

impl<'a> RatingRow<'a> {
    fn of(r: &'a RatingRecord) -> Self {
        RatingRow {
            ticket_number: r.ticket_number,
            guild_id: r.guild_id,
            category: &r.category,
            resolver_id: r.resolver_id,
            satisfaction: r.satisfaction,
            closed_at: r.closed_at.map(time),
            comment: r.comment.as_deref(),
        }
    }
}

/// One CSV table, a row per record.
struct Csv<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write + Send> ExportSink for Csv<W> {
    fn ticket(&mut self, ticket: Ticket) -> std::io::Result<()> {
        Ok(self.out.serialize(TicketRow::new(&ticket))?)
    }

    fn event(&mut self, event: EventRecord, number: TicketNumber) -> std::io::Result<()> {
        Ok(self.out.serialize(EventRow::new(&event, number))?)
    }
}

/// The JSON document `{"exported_at", "since", "tickets": [...], "events": [...]}`, written as the
/// records come: one record a line inside each array.
struct Json<W: Write> {
    out: W,
    /// The array being written, and how many records it has so far.
    array: Option<(Table, u64)>,
}

impl<W: Write> Json<W> {
    fn start(mut out: W, now: DateTime<Utc>, since: Option<DateTime<Utc>>) -> std::io::Result<Self> {
        write!(out, "{{\n  \"exported_at\": {},", serde_json::to_string(&time(now))?)?;
        write!(out, "\n  \"since\": {}", serde_json::to_string(&since.map(time))?)?;
        Ok(Json { out, array: None })
    }

    /// Closes the array being written, if any, and opens `table`'s.
    fn open(&mut self, table: Table) -> std::io::Result<()> {
        if self.array.is_some() {
            write!(self.out, "\n  ]")?;
        }
        write!(self.out, ",\n  \"{}\": [", table.key())?;
        self.array = Some((table, 0));
        Ok(())
    }

    fn record(&mut self, table: Table, value: &impl Serialize) -> std::io::Result<()> {
        if self.array.is_none_or(|(open, _)| open != table) {
            self.open(table)?;
        }
        if let Some((_, n)) = &mut self.array {
            self.out.write_all(if *n == 0 { b"\n    " } else { b",\n    " })?;
            *n += 1;
        }
        serde_json::to_writer(&mut self.out, value)?;
        Ok(())
    }

    /// Writes the arrays of `tables` (and of the articles and the ratings, when asked) that had no
    /// record, and closes the document. The arrays come in this order: tickets, events, articles,
    /// ratings.
    fn finish(mut self, tables: ExportTables, articles: bool, ratings: bool) -> std::io::Result<()> {
        let written = self.array.map(|(table, _)| table);
        if tables.tickets && written.is_none() {
            self.open(Table::Tickets)?;
        }
        if tables.events && !matches!(written, Some(Table::Events | Table::Articles | Table::Ratings)) {
            self.open(Table::Events)?;
        }
        if articles && !matches!(written, Some(Table::Articles | Table::Ratings)) {
            self.open(Table::Articles)?;
        }
        if ratings && written != Some(Table::Ratings) {
            self.open(Table::Ratings)?;
        }
        if self.array.is_some() {
            write!(self.out, "\n  ]")?;
        }
        writeln!(self.out, "\n}}")?;
        self.out.flush()
    }
}

impl<W: Write + Send> ExportSink for Json<W> {
    fn ticket(&mut self, ticket: Ticket) -> std::io::Result<()> {
        self.record(Table::Tickets, &ticket)
    }

    fn event(&mut self, event: EventRecord, _number: TicketNumber) -> std::io::Result<()> {
        self.record(Table::Events, &event)
    }
}

/// Writes every ticket changed since `since` (all when `None`) and their events to `out`, as they
/// are read, and every article (whatever `since` says: there are few, and they are the desk's
/// memory), then the ratings of the tickets changed since `since`. CSV holds one table (`table`,
/// tickets when `None`); JSON holds all four, or only `table`. Returns the number of tickets and events written.
pub async fn export(
    store: &dyn TicketStore,
    format: Format,
    table: Option<Table>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    out: &mut (dyn Write + Send),
) -> Result<(u64, u64), ExportError> {
    let tables = match (format, table) {
        (Format::Json, None) => ExportTables { tickets: true, events: true },
        (Format::Csv, None) | (_, Some(Table::Tickets)) => ExportTables { tickets: true, events: false },
        (_, Some(Table::Events)) => ExportTables { tickets: false, events: true },
        (_, Some(Table::Articles | Table::Ratings)) => ExportTables { tickets: false, events: false },
    };
    let with_ratings = matches!((format, table), (Format::Json, None) | (_, Some(Table::Ratings)));
    let with_articles = matches!((format, table), (Format::Json, None) | (_, Some(Table::Articles)));
    let articles: Vec<Article> = if with_articles { store.export_articles().await? } else { Vec::new() };
    let some_rows = tables.tickets || tables.events;
    let written = match format {
        Format::Json => {
            let mut json = Json::start(&mut *out, now, since)?;
            let written = if some_rows { store.export_to(since, tables, &mut json).await? } else { (0, 0) };
            for article in &articles {
                json.record(Table::Articles, &ArticleRow::of(article))?;
            }
            if with_ratings {
                store.export_ratings(since, &mut |r| json.record(Table::Ratings, &RatingRow::of(&r))).await?;
            }
            json.finish(tables, with_articles, with_ratings)?;
            written
        }
        Format::Csv => {
            let mut csv = Csv { out: csv::Writer::from_writer(&mut *out) };
            let written = if some_rows { store.export_to(since, tables, &mut csv).await? } else { (0, 0) };
            for article in &articles {
                csv.out.serialize(ArticleRow::of(article))?;
            }
            if with_ratings {
                store.export_ratings(since, &mut |r| Ok(csv.out.serialize(RatingRow::of(&r))?)).await?;
            }
            csv.out.flush()?;
            written
        }
    };
    Ok(written)
}
