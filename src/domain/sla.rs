//! SLA targets per priority, the due times they give, and the thresholds the SLA sweeper acts on.
//!
//! Each clock (first response, resolution) has two thresholds: the warning at 75 % of its window
//! (the window runs from the ticket's opening to the due time) and the breach at the due time. Each
//! is acted on at most once per ticket; [`SlaMarks`] on the ticket record which were.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::hours::BusinessHours;
use super::ticket::{Priority, SlaClock, SlaMarks, Status, Ticket};

/// First-response and resolution targets for one priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTarget {
    pub first_response: Duration,
    pub resolution: Duration,
}

/// Targets for P1…P4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub p1: SlaTarget,
    pub p2: SlaTarget,
    pub p3: SlaTarget,
    pub p4: SlaTarget,
}

impl Default for SlaTargets {
    /// P1 15 min / 4 h, P2 1 h / 8 h, P3 4 h / 3 days, P4 1 day / 1 week.
    fn default() -> Self {
        SlaTargets {
            p1: SlaTarget { first_response: Duration::minutes(15), resolution: Duration::hours(4) },
            p2: SlaTarget { first_response: Duration::hours(1), resolution: Duration::hours(8) },
            p3: SlaTarget { first_response: Duration::hours(4), resolution: Duration::days(3) },
            p4: SlaTarget { first_response: Duration::days(1), resolution: Duration::weeks(1) },
        }
    }
}

impl SlaTargets {
    pub fn for_priority(&self, priority: Priority) -> SlaTarget {
        match priority {
            Priority::P1 => self.p1,
            Priority::P2 => self.p2,
            Priority::P3 => self.p3,
            Priority::P4 => self.p4,
        }
    }

    /// The clock of a ticket opened at `opened_at` with `priority`.
    pub fn start(&self, priority: Priority, opened_at: DateTime<Utc>) -> SlaClock {
        self.start_in(priority, opened_at, Calendar::ALWAYS)
    }

    /// [`SlaTargets::start`], counting time on `calendar` (business hours, when set): the due
    /// times, and the 75 % warning times the sweeper acts on.
    pub fn start_in(&self, priority: Priority, opened_at: DateTime<Utc>, calendar: Calendar<'_>) -> SlaClock {
        let target = self.for_priority(priority);
        SlaClock {
            first_response_due: Some(calendar.add(opened_at, target.first_response)),
            resolution_due: Some(calendar.add(opened_at, target.resolution)),
            first_response_at: None,
            paused_at: None,
            marks: SlaMarks::default(),
            first_response_warn_at: Some(calendar.add(opened_at, warning_after(target.first_response))),
            resolution_warn_at: Some(calendar.add(opened_at, warning_after(target.resolution))),
            waiting_reminded_at: None,
        }
    }

    /// The clock after a priority change from `old` to `new`: due times are measured again from when
    /// the ticket was opened, keeping what has already happened (first response, a running pause, and
    /// the time already added to the resolution due time by earlier pauses).
    pub fn reprioritise(
        &self,
        clock: &SlaClock,
        old: Priority,
        new: Priority,
        opened_at: DateTime<Utc>,
    ) -> SlaClock {
        self.reprioritise_in(clock, old, new, opened_at, Calendar::ALWAYS)
    }

    /// [`SlaTargets::reprioritise`], counting time on `calendar`.
    pub fn reprioritise_in(
        &self,
        clock: &SlaClock,
        old: Priority,
        new: Priority,
        opened_at: DateTime<Utc>,
        calendar: Calendar<'_>,
    ) -> SlaClock {
        let paused_before = clock
            .resolution_due
            .map(|due| calendar.between(calendar.add(opened_at, self.for_priority(old).resolution), due))
            .unwrap_or_else(Duration::zero)
            .max(Duration::zero());
        let fresh = self.start_in(new, opened_at, calendar);
        SlaClock {
            first_response_due: fresh.first_response_due,
            resolution_due: fresh.resolution_due.map(|due| calendar.add(due, paused_before)),
            first_response_at: clock.first_response_at,
            paused_at: clock.paused_at,
            marks: clock.marks,
            first_response_warn_at: fresh.first_response_warn_at,
            resolution_warn_at: fresh.resolution_warn_at.map(|at| calendar.add(at, paused_before)),
            waiting_reminded_at: clock.waiting_reminded_at,
        }
    }
}

/// Pauses the resolution clock (waiting on the requester). Pausing twice keeps the first pause.
pub fn pause(clock: &SlaClock, now: DateTime<Utc>) -> SlaClock {
    let mut next = clock.clone();
    if next.paused_at.is_none() {
        next.paused_at = Some(now);
    }
    next
}

/// Resumes the clock: the resolution due time moves later by the time spent paused.
pub fn resume(clock: &SlaClock, now: DateTime<Utc>) -> SlaClock {
    resume_in(clock, now, Calendar::ALWAYS)
}

/// [`resume`], counting the pause on `calendar` (a pause over a weekend costs the weekend nothing).
pub fn resume_in(clock: &SlaClock, now: DateTime<Utc>, calendar: Calendar<'_>) -> SlaClock {
    let mut next = clock.clone();
    next.waiting_reminded_at = None;
    if let Some(paused_at) = next.paused_at.take() {
        let paused_for = calendar.between(paused_at, now).max(Duration::zero());
        next.resolution_due = next.resolution_due.map(|due| calendar.add(due, paused_for));
        next.resolution_warn_at = next.resolution_warn_at.map(|at| calendar.add(at, paused_for));
    }
    next
}

/// How SLA time is counted: all the time, or only inside business hours.
#[derive(Debug, Clone, Copy, Default)]
pub struct Calendar<'a>(pub Option<&'a BusinessHours>);

impl Calendar<'_> {
    /// Every hour counts.
    pub const ALWAYS: Calendar<'static> = Calendar(None);

    /// The instant when `work` of SLA time has passed since `from`.
    pub fn add(self, from: DateTime<Utc>, work: Duration) -> DateTime<Utc> {
        match self.0 {
            Some(hours) => hours.add(from, work),
            None => from + work,
        }
    }

    /// SLA time between `from` and `to` (negative in plain time when `to` is earlier; zero in
    /// business hours).
    pub fn between(self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        match self.0 {
            Some(hours) => hours.between(from, to),
            None => to - from,
        }
    }
}

/// The part of a target after which the 75 % warning comes.
fn warning_after(target: Duration) -> Duration {
    target - target / WARN_REST
}

/// Records the first response at `now` unless one was already recorded.
pub fn first_response(clock: &SlaClock, now: DateTime<Utc>) -> SlaClock {
    let mut next = clock.clone();
    if next.first_response_at.is_none() {
        next.first_response_at = Some(now);
    }
    next
}

/// The share of a clock's window after which the assignee is warned, as a fraction `1 - 1/WARN_REST`
/// (75 %): the warning comes when a quarter of the window is left.
const WARN_REST: i32 = 4;

/// One of the two SLA clocks of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaKind {
    /// The first response (a claim or an assignment).
    FirstResponse,
    /// The resolution.
    Resolution,
}

/// A threshold of a clock that the sweeper acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Threshold {
    /// 75 % of the window has passed: the holder (or the level's role) is warned.
    Warning(SlaKind),
    /// The due time has passed.
    Breach(SlaKind),
}

/// When a window from `start` to `due` reaches its warning threshold (75 %).
pub fn warn_at(start: DateTime<Utc>, due: DateTime<Utc>) -> DateTime<Utc> {
    let window = (due - start).max(Duration::zero());
    due - window / WARN_REST
}

/// A clock's due time and what was already done about it.
struct Running {
    due: DateTime<Utc>,
    /// When the warning is due, as stored (tickets opened before warning times were stored: 75 %
    /// of the plain time from opening to the due time).
    warn_at: Option<DateTime<Utc>>,
    warned: Option<DateTime<Utc>>,
    breached: Option<DateTime<Utc>>,
}

/// The due time of a clock that can still fire, with its marks: `None` when the clock has stopped
/// (first response given, ticket no longer active) or is paused (waiting on the requester).
fn running(ticket: &Ticket, kind: SlaKind) -> Option<Running> {
    if !matches!(ticket.status, Status::Open | Status::InProgress) {
        return None;
    }
    let (sla, marks) = (&ticket.sla, &ticket.sla.marks);
    match kind {
        SlaKind::FirstResponse if sla.first_response_at.is_none() => {
            sla.first_response_due.map(|due| Running {
                due,
                warn_at: sla.first_response_warn_at,
                warned: marks.first_response_warned_at,
                breached: marks.first_response_breached_at,
            })
        }
        SlaKind::Resolution if sla.paused_at.is_none() => sla.resolution_due.map(|due| Running {
            due,
            warn_at: sla.resolution_warn_at,
            warned: marks.resolution_warned_at,
            breached: marks.resolution_breached_at,
        }),
        _ => None,
    }
}

/// The next time a threshold of `kind` is due to be acted on, if any.
fn next_of(ticket: &Ticket, kind: SlaKind) -> Option<(DateTime<Utc>, Threshold)> {
    let Running { due, warn_at: stored, warned, breached } = running(ticket, kind)?;
    match (warned, breached) {
        (_, Some(_)) => None,
        (Some(_), None) => Some((due, Threshold::Breach(kind))),
        (None, None) => {
            Some((stored.unwrap_or_else(|| warn_at(ticket.created_at, due)), Threshold::Warning(kind)))
        }
    }
}

/// The earliest time the sweeper has something to do for `ticket` (stored, so the sweeper finds
/// due tickets by an index); `None` when nothing is left to do or the clock is paused.
pub fn next_check(ticket: &Ticket) -> Option<DateTime<Utc>> {
    [SlaKind::FirstResponse, SlaKind::Resolution]
        .into_iter()
        .filter_map(|kind| next_of(ticket, kind).map(|(at, _)| at))
        .min()
}

/// The threshold to act on at `now`, first response before resolution. A clock whose due time has
/// passed is breached even if its warning never went out (the sweeper was down): the breach is
/// what matters then, and the warning is not sent late.
pub fn due_threshold(ticket: &Ticket, now: DateTime<Utc>) -> Option<Threshold> {
    [SlaKind::FirstResponse, SlaKind::Resolution].into_iter().find_map(|kind| {
        let due = running(ticket, kind)?.due;
        let (at, threshold) = next_of(ticket, kind)?;
        if now >= due {
            Some(Threshold::Breach(kind))
        } else if now >= at {
            Some(threshold)
        } else {
            None
        }
    })
}

/// Records on the clock that `threshold` was acted on at `now` (a breach also counts as warned).
pub fn mark(clock: &SlaClock, threshold: Threshold, now: DateTime<Utc>) -> SlaClock {
    let mut next = clock.clone();
    let m = &mut next.marks;
    let set = |slot: &mut Option<DateTime<Utc>>| {
        slot.get_or_insert(now);
    };
    match threshold {
        Threshold::Warning(SlaKind::FirstResponse) => set(&mut m.first_response_warned_at),
        Threshold::Warning(SlaKind::Resolution) => set(&mut m.resolution_warned_at),
        Threshold::Breach(SlaKind::FirstResponse) => {
            set(&mut m.first_response_warned_at);
            set(&mut m.first_response_breached_at);
        }
        Threshold::Breach(SlaKind::Resolution) => {
            set(&mut m.resolution_warned_at);
            set(&mut m.resolution_breached_at);
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::ticket::{Impact, Level, Urgency};

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().unwrap_or_default() + Duration::minutes(minutes)
    }

    /// A P2 opened at minute 0: first response due at 60 (warning at 45), resolution at 480
    /// (warning at 360).
    fn p2() -> Ticket {
        Ticket {
            id: 1,
            guild_id: 1,
            number: None,
            requester_id: 2,
            summary: "VPN down".into(),
            description: String::new(),
            category: "network".into(),
            impact: Impact::Team,
            urgency: Urgency::High,
            priority: Priority::P2,
            priority_overridden: false,
            level: Level::ONE,
            status: Status::Open,
            assignee_id: None,
            answers: vec![],
            sla: SlaTargets::default().start(Priority::P2, at(0)),
            resolution_notes: None,
            resolution_code: None,
            satisfaction: None,
            created_at: at(0),
            updated_at: at(0),
            resolved_at: None,
            closed_at: None,
            triage_message_id: None,
            thread_id: None,
            parent_id: None,
            version: 1,
        }
    }

    fn acted(mut t: Ticket, threshold: Threshold, minute: i64) -> Ticket {
        t.sla = mark(&t.sla, threshold, at(minute));
        t
    }

    #[test]
    fn thresholds_come_in_order_warning_then_breach_first_response_before_resolution() {
        use SlaKind::*;
        use Threshold::*;
        let t = p2();
        let cases: Vec<(&str, Ticket, i64, Option<Threshold>)> = vec![
            ("before 75 %", t.clone(), 44, None),
            ("at 75 % of the first response", t.clone(), 45, Some(Warning(FirstResponse))),
            ("warned, not yet due", acted(t.clone(), Warning(FirstResponse), 45), 59, None),
            ("warned, due", acted(t.clone(), Warning(FirstResponse), 45), 60, Some(Breach(FirstResponse))),
            ("never warned, already due", t.clone(), 61, Some(Breach(FirstResponse))),
            (
                "first response breached, resolution early",
                acted(t.clone(), Breach(FirstResponse), 60),
                300,
                None,
            ),
            (
                "first response breached, resolution at 75 %",
                acted(t.clone(), Breach(FirstResponse), 60),
                360,
                Some(Warning(Resolution)),
            ),
            (
                "everything acted on",
                acted(acted(t.clone(), Breach(FirstResponse), 60), Breach(Resolution), 480),
                900,
                None,
            ),
        ];
        for (case, ticket, minute, expected) in cases {
            assert_eq!(due_threshold(&ticket, at(minute)), expected, "{case}");
        }
    }

    #[test]
    fn in_business_hours_due_and_warning_times_count_only_working_time() {
        use crate::domain::hours::{BusinessHours, WeekdayKey};
        use chrono::{NaiveTime, Weekday};
        let hours = BusinessHours {
            zone: chrono_tz::UTC,
            days: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
                .into_iter()
                .map(WeekdayKey::from)
                .collect(),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
            holidays: Default::default(),
        };
        let calendar = Calendar(Some(&hours));
        let friday = |h, m| Utc.with_ymd_and_hms(2026, 11, 6, h, m, 0).single().unwrap_or_default();
        let monday = |h, m| Utc.with_ymd_and_hms(2026, 11, 9, h, m, 0).single().unwrap_or_default();
        let targets = SlaTargets {
            p3: SlaTarget { first_response: Duration::hours(1), resolution: Duration::hours(9) },
            ..SlaTargets::default()
        };
        let clock = targets.start_in(Priority::P3, friday(17, 55), calendar);
        assert_eq!(clock.first_response_due, Some(monday(9, 55)), "Friday 17:55 + 1 h is Monday 09:55");
        assert_eq!(clock.first_response_warn_at, Some(monday(9, 40)), "75 % of the working hour");
        assert_eq!(clock.resolution_due, Some(monday(17, 55)));
        // Waiting on the requester from Monday 17:00 to Tuesday 10:00 costs two working hours.
        let paused = pause(&first_response(&clock, monday(9, 30)), monday(17, 0));
        let tuesday = |h, m| Utc.with_ymd_and_hms(2026, 11, 10, h, m, 0).single().unwrap_or_default();
        let resumed = resume_in(&paused, tuesday(10, 0), calendar);
        assert_eq!(resumed.resolution_due, Some(tuesday(10, 55)));
    }

    #[test]
    fn a_paused_clock_and_a_finished_ticket_do_not_fire() {
        let mut waiting = p2();
        waiting.status = Status::WaitingOnRequester;
        waiting.sla = first_response(&waiting.sla, at(5));
        waiting.sla = pause(&waiting.sla, at(10));
        assert_eq!(due_threshold(&waiting, at(10_000)), None);
        assert_eq!(next_check(&waiting), None);
        let mut resolved = p2();
        resolved.status = Status::Resolved;
        assert_eq!(due_threshold(&resolved, at(10_000)), None);
    }

    #[test]
    fn the_next_check_is_the_earliest_threshold_not_yet_acted_on() {
        let t = p2();
        assert_eq!(next_check(&t), Some(at(45)));
        let warned = acted(t.clone(), Threshold::Warning(SlaKind::FirstResponse), 45);
        assert_eq!(next_check(&warned), Some(at(60)));
        let mut claimed = t;
        claimed.sla = first_response(&claimed.sla, at(10));
        assert_eq!(next_check(&claimed), Some(at(360)));
    }
}
