//! The coordinators' daily digest: the open work by priority and level, what is breached, the oldest
//! tickets and who holds nothing yet, as read from the store once a day.
//!
//! When it is due is decided here ([`due_day`]); the figures are gathered by the store and rendered
//! at delivery by the Discord layer. Each local day's digest is recorded once, so several processes
//! and restarts send it once.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ticket::{DiscordId, Level, Priority, Status, TicketNumber};

/// How late a digest may still go out: a process down at the digest's hour sends it when it comes
/// back within this, not in the afternoon.
pub const LATE_BY_AT_MOST: chrono::Duration = chrono::Duration::hours(2);

/// The local day whose digest is due at `now` (at `at` in `zone`, or up to [`LATE_BY_AT_MOST`]
/// after); `None` outside that window.
pub fn due_day(now: DateTime<Utc>, at: NaiveTime, zone: Tz) -> Option<NaiveDate> {
    let local = now.with_timezone(&zone);
    let today = local.date_naive();
    let since = local.time().signed_duration_since(at);
    (since >= chrono::Duration::zero() && since < LATE_BY_AT_MOST).then_some(today)
}

/// Active tickets of one priority at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestCell {
    pub priority: Priority,
    pub level: Level,
    pub open: i64,
    /// Of those, held by nobody.
    pub unassigned: i64,
    /// Of those, past an SLA due time now or breached before.
    pub breached: i64,
}

/// One of the oldest active tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestTicket {
    pub number: TicketNumber,
    pub summary: String,
    pub priority: Priority,
    pub status: Status,
    pub assignee_id: Option<DiscordId>,
    pub created_at: DateTime<Utc>,
}

/// The digest of one day, as queued for the coordinators' channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// The help desk's local date, `YYYY-MM-DD`.
    pub day: String,
    /// When the figures were read.
    pub at: DateTime<Utc>,
    pub cells: Vec<DigestCell>,
    pub oldest: Vec<DigestTicket>,
    /// Tickets opened and resolved in the 24 hours before `at`.
    pub opened_last_day: i64,
    pub resolved_last_day: i64,
}

impl Digest {
    pub fn open(&self) -> i64 {
        self.cells.iter().map(|c| c.open).sum()
    }

    pub fn unassigned(&self) -> i64 {
        self.cells.iter().map(|c| c.unassigned).sum()
    }

    pub fn breached(&self) -> i64 {
        self.cells.iter().map(|c| c.breached).sum()
    }

    /// Active tickets of `priority`, at every level.
    pub fn by_priority(&self, priority: Priority) -> i64 {
        self.cells.iter().filter(|c| c.priority == priority).map(|c| c.open).sum()
    }

    /// Active tickets at `level`, of every priority.
    pub fn by_level(&self, level: Level) -> i64 {
        self.cells.iter().filter(|c| c.level == level).map(|c| c.open).sum()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
    }

    #[test]
    fn the_digest_is_due_from_its_hour_for_two_hours_in_the_desks_zone() {
        let zone: Tz = "Europe/Rome".parse().unwrap_or(Tz::UTC);
        // 07:30 UTC on 1 December is 08:30 in Rome.
        let utc = |h, m| Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).single().unwrap_or_default();
        let day = NaiveDate::from_ymd_opt(2026, 12, 1);
        let cases = [
            (utc(7, 29), None, "a minute early"),
            (utc(7, 30), day, "on the minute"),
            (utc(9, 29), day, "late, within two hours"),
            (utc(9, 30), None, "too late: tomorrow's comes next"),
        ];
        for (now, expected, why) in cases {
            assert_eq!(due_day(now, at(8, 30), zone), expected, "{why}");
        }
    }

    #[test]
    fn totals_add_up_over_priorities_and_levels() {
        let cell = |priority, level: u8, open, unassigned, breached| DigestCell {
            priority,
            level: Level::new(i64::from(level)).unwrap_or(Level::ONE),
            open,
            unassigned,
            breached,
        };
        let d = Digest {
            day: "2026-12-01".into(),
            at: Utc::now(),
            cells: vec![
                cell(Priority::P1, 2, 1, 0, 1),
                cell(Priority::P3, 1, 5, 3, 0),
                cell(Priority::P3, 2, 2, 1, 1),
            ],
            oldest: vec![],
            opened_last_day: 4,
            resolved_last_day: 2,
        };
        assert_eq!((d.open(), d.unassigned(), d.breached()), (8, 4, 2));
        assert_eq!((d.by_priority(Priority::P3), d.by_level(Level::TWO)), (7, 3));
    }
}
