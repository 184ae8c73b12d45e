//! `deskbot export`: tickets, their events and the knowledge base's articles as JSON (all in one
//! document) or CSV (one table at a time), for reports and for moving to another tool.

use std::io::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::Ticket;
use crate::domain::article::Article;
use crate::store::{EventRecord, StoreError, TicketStore};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// Which table a CSV export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Tickets,
    Events,
    Articles,
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

#[derive(Serialize)]
struct Document<'a> {
    exported_at: String,
    since: Option<String>,
    tickets: &'a [Ticket],
    events: &'a [EventRecord],
    /// Every article, whatever `since` says (there are few, and they are the desk's memory).
    articles: Vec<ArticleRow<'a>>,
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Writes every ticket changed since `since` (all when `None`) and their events to `out`. Returns
/// the number of tickets and events written.
pub async fn export(
    store: &dyn TicketStore,
    format: Format,
    table: Table,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(usize, usize), ExportError> {
    let (tickets, events) = store.export(since).await?;
    let articles = store.export_articles().await?;
    match format {
        Format::Json => {
            let doc = Document {
                exported_at: time(now),
                since: since.map(time),
                tickets: &tickets,
                events: &events,
                articles: articles.iter().map(ArticleRow::of).collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            match table {
                Table::Tickets => {
                    for t in &tickets {
                        w.serialize(TicketRow {
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
                        })?;
                    }
                }
                Table::Articles => {
                    for a in &articles {
                        w.serialize(ArticleRow::of(a))?;
                    }
                }
                Table::Events => {
                    let numbers: std::collections::HashMap<i64, i64> =
                        tickets.iter().filter_map(|t| Some((t.id, t.number?.0))).collect();
                    for e in &events {
                        let number = numbers.get(&e.ticket_id).copied();
                        w.serialize(EventRow {
                            ticket_number: number,
                            at: time(e.at),
                            kind: e.kind.as_str(),
                            actor_id: e.actor_id,
                            from_status: e.from_status.map(|s| s.as_str()),
                            to_status: e.to_status.map(|s| s.as_str()),
                            note: e.note.as_deref(),
                        })?;
                    }
                }
            }
            w.flush()?;
        }
    }
    Ok((tickets.len(), events.len()))
}
