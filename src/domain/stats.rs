//! The help desk's figures over a period, for `/stats` and `deskbot report`: backlog, response and
//! resolution times, SLA compliance, satisfaction, the technicians' load and closures, top
//! categories, and the daily and weekly series the charts draw.
//!
//! Plain Rust over tickets as the store streams them: [`Tally`] takes one ticket at a time and keeps
//! only what the figures need (the durations for the percentiles, counters), so the same numbers come
//! out of SQLite and PostgreSQL, whose percentile functions differ.
//!
//! What counts where:
//! - *opened*: created in the period (intakes never submitted are not tickets);
//! - *closed*: resolved in the period (`resolved_at`), the moment the technician's work ended;
//! - first-response time: tickets created in the period that have a first response;
//! - resolution time, SLA compliance, satisfaction: tickets resolved in the period. A ticket complies
//!   when neither its first-response nor its resolution target was breached;
//! - backlog and a technician's open load: active tickets now, whenever they were opened.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::ticket::{DiscordId, Level, Priority, Ticket};

/// Longest period the figures cover (a year and a day, for a leap year).
pub const DAYS_MAX: i64 = 366;

/// The period and whose work the figures are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// Start of the period (inclusive).
    pub since: DateTime<Utc>,
    /// End of the period: when the figures were taken.
    pub now: DateTime<Utc>,
    /// Only this technician's tickets (those assigned to them), when given.
    pub technician: Option<DiscordId>,
}

impl Scope {
    /// The last `days` days up to `now` (clamped to 1..=[`DAYS_MAX`]).
    pub fn last_days(now: DateTime<Utc>, days: i64, technician: Option<DiscordId>) -> Scope {
        Scope { since: now - Duration::days(days.clamp(1, DAYS_MAX)), now, technician }
    }

    /// The number of whole days the period covers.
    pub fn days(&self) -> i64 {
        (self.now - self.since).num_days().max(1)
    }

    fn within(&self, at: Option<DateTime<Utc>>) -> bool {
        at.is_some_and(|at| at >= self.since && at <= self.now)
    }
}

/// A median and a 90th percentile, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    pub median: i64,
    pub p90: i64,
    /// How many durations they were taken from.
    pub count: usize,
}

impl Spread {
    /// Nearest-rank percentiles (the smallest value with at least `p` % of the values at or below
    /// it), so every figure is a time that really happened; `None` without values.
    pub fn of(mut values: Vec<i64>) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        let rank = |p: usize| {
            let n = values.len();
            let r = (p * n).div_ceil(100).clamp(1, n);
            values[r - 1]
        };
        Some(Spread { median: rank(50), p90: rank(90), count: values.len() })
    }
}

/// One technician's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct TechnicianFigures {
    pub technician: DiscordId,
    /// Active tickets assigned to them now.
    pub open: u64,
    /// Tickets they resolved in the period.
    pub closures: u64,
    /// Average rating of those, when any was rated.
    pub satisfaction: Option<f64>,
    pub ratings: u64,
}

/// One day of the opened-against-closed chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFlow {
    pub day: NaiveDate,
    pub opened: u64,
    pub closed: u64,
}

/// One week of the SLA chart: the seven days starting `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekSla {
    pub start: NaiveDate,
    pub resolved: u64,
    pub met: u64,
}

impl WeekSla {
    /// Percentage of the week's resolved tickets that met their SLA; `None` when none was resolved.
    pub fn compliance(&self) -> Option<f64> {
        percent(self.met, self.resolved)
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// Everything `/stats` and the report show.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub scope: Scope,
    /// Active tickets now, by priority and level.
    pub backlog: BTreeMap<(Priority, Level), u64>,
    pub opened: u64,
    pub resolved: u64,
    pub first_response: Option<Spread>,
    pub resolution: Option<Spread>,
    /// Resolved tickets in the period that met both SLA targets.
    pub sla_met: u64,
    pub rated: u64,
    pub rating_sum: u64,
    /// Per technician, most closures first.
    pub technicians: Vec<TechnicianFigures>,
    /// Categories of the tickets opened, most frequent first (ties by name).
    pub categories: Vec<(String, u64)>,
    /// Intakes that ended with "This fixed it" in the period.
    pub deflections: u64,
    pub daily: Vec<DayFlow>,
    pub weekly: Vec<WeekSla>,
}

impl Figures {
    /// Active tickets now.
    pub fn backlog_total(&self) -> u64 {
        self.backlog.values().sum()
    }

    /// Active tickets of one priority.
    pub fn backlog_of(&self, priority: Priority) -> u64 {
        self.backlog.iter().filter(|((p, _), _)| *p == priority).map(|(_, n)| n).sum()
    }

    /// Active tickets at one level.
    pub fn backlog_at(&self, level: Level) -> u64 {
        self.backlog.iter().filter(|((_, l), _)| *l == level).map(|(_, n)| n).sum()
    }

    /// Percentage of the tickets resolved in the period that met their SLA.
    pub fn sla_compliance(&self) -> Option<f64> {
        percent(self.sla_met, self.resolved)
    }

    /// Average rating (1–5) of the tickets resolved in the period.
    pub fn satisfaction(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.rating_sum as f64 / self.rated as f64)
    }

    /// Percentage of the tickets resolved in the period that were rated.
    pub fn response_rate(&self) -> Option<f64> {
        percent(self.rated, self.resolved)
    }

    /// Percentage of the problems brought to the desk that ended in self-service.
    pub fn deflection_rate(&self) -> Option<f64> {
        percent(self.deflections, self.deflections + self.opened)
    }
}

#[derive(Default)]
struct TechTally {
    open: u64,
    closures: u64,
    rated: u64,
    rating_sum: u64,
}

/// Takes tickets one at a time and gives the [`Figures`].
pub struct Tally {
    scope: Scope,
    backlog: BTreeMap<(Priority, Level), u64>,
    opened: u64,
    resolved: u64,
    first_response: Vec<i64>,
    resolution: Vec<i64>,
    sla_met: u64,
    rated: u64,
    rating_sum: u64,
    technicians: HashMap<DiscordId, TechTally>,
    categories: HashMap<String, u64>,
    daily: Vec<DayFlow>,
    weekly: Vec<WeekSla>,
}

impl Tally {
    pub fn new(scope: Scope) -> Tally {
        let first = scope.since.date_naive();
        let last = scope.now.date_naive();
        let daily = first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|day| DayFlow { day, opened: 0, closed: 0 })
            .collect();
        let weeks = (last - first).num_days() / 7 + 1;
        let weekly = (0..weeks)
            .map(|w| WeekSla { start: first + Duration::days(7 * w), resolved: 0, met: 0 })
            .collect();
        Tally {
            scope,
            backlog: BTreeMap::new(),
            opened: 0,
            resolved: 0,
            first_response: Vec::new(),
            resolution: Vec::new(),
            sla_met: 0,
            rated: 0,
            rating_sum: 0,
            technicians: HashMap::new(),
            categories: HashMap::new(),
            daily,
            weekly,
        }
    }

    fn day_index(&self, at: DateTime<Utc>) -> Option<usize> {
        usize::try_from((at.date_naive() - self.scope.since.date_naive()).num_days()).ok()
    }

    /// Counts one ticket (any ticket: those outside the period or the scope are skipped).
    pub fn add(&mut self, t: &Ticket) {
        use super::ticket::Status;
        if t.status == Status::Intake {
            return;
        }
        if let Some(tech) = self.scope.technician
            && t.assignee_id != Some(tech)
        {
            return;
        }
        if t.status.is_active() {
            *self.backlog.entry((t.priority, t.level)).or_default() += 1;
            if let Some(a) = t.assignee_id {
                self.technicians.entry(a).or_default().open += 1;
            }
        }
        if self.scope.within(Some(t.created_at)) && t.status != Status::Cancelled {
            self.opened += 1;
            *self.categories.entry(t.category.clone()).or_default() += 1;
            if let Some(d) = self.day_index(t.created_at).and_then(|i| self.daily.get_mut(i)) {
                d.opened += 1;
            }
            if let Some(at) = t.sla.first_response_at {
                self.first_response.push((at - t.created_at).num_seconds().max(0));
            }
        }
        if let Some(resolved_at) = t.resolved_at.filter(|at| self.scope.within(Some(*at))) {
            self.resolved += 1;
            self.resolution.push((resolved_at - t.created_at).num_seconds().max(0));
            let met = t.sla.marks.first_response_breached_at.is_none()
                && t.sla.marks.resolution_breached_at.is_none();
            self.sla_met += u64::from(met);
            if let Some(i) = self.day_index(resolved_at) {
                if let Some(d) = self.daily.get_mut(i) {
                    d.closed += 1;
                }
                if let Some(w) = self.weekly.get_mut(i / 7) {
                    w.resolved += 1;
                    w.met += u64::from(met);
                }
            }
            let rating = t.satisfaction.and_then(|s| u64::try_from(s).ok()).filter(|s| (1..=5).contains(s));
            if let Some(r) = rating {
                self.rated += 1;
                self.rating_sum += r;
            }
            if let Some(a) = t.assignee_id {
                let tech = self.technicians.entry(a).or_default();
                tech.closures += 1;
                if let Some(r) = rating {
                    tech.rated += 1;
                    tech.rating_sum += r;
                }
            }
        }
    }

    /// The figures, with the period's self-service deflections (counted apart, from the intakes).
    pub fn finish(self, deflections: u64) -> Figures {
        let mut technicians: Vec<TechnicianFigures> = self
            .technicians
            .into_iter()
            .map(|(technician, t)| TechnicianFigures {
                technician,
                open: t.open,
                closures: t.closures,
                satisfaction: (t.rated > 0).then(|| t.rating_sum as f64 / t.rated as f64),
                ratings: t.rated,
            })
            .collect();
        technicians.sort_by(|a, b| {
            b.closures.cmp(&a.closures).then(b.open.cmp(&a.open)).then(a.technician.cmp(&b.technician))
        });
        let mut categories: Vec<(String, u64)> = self.categories.into_iter().collect();
        categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Figures {
            scope: self.scope,
            backlog: self.backlog,
            opened: self.opened,
            resolved: self.resolved,
            first_response: Spread::of(self.first_response),
            resolution: Spread::of(self.resolution),
            sla_met: self.sla_met,
            rated: self.rated,
            rating_sum: self.rating_sum,
            technicians,
            categories,
            deflections: if self.scope.technician.is_some() { 0 } else { deflections },
            daily: self.daily,
            weekly: self.weekly,
        }
    }
}

/// A duration as a person reads it: `45s`, `12m`, `3h 05m`, `2d 4h`.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let s = Spread::of((1..=10).collect()).unwrap();
        assert_eq!((s.median, s.p90, s.count), (5, 9, 10));
        let s = Spread::of(vec![30, 10, 20]).unwrap();
        assert_eq!((s.median, s.p90), (20, 30));
        let s = Spread::of(vec![7]).unwrap();
        assert_eq!((s.median, s.p90), (7, 7));
        assert!(Spread::of(Vec::new()).is_none());
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(720), "12m");
        assert_eq!(human_duration(3 * 3600 + 5 * 60), "3h 05m");
        assert_eq!(human_duration(2 * 86_400 + 4 * 3600), "2d 4h");
    }

    #[test]
    fn the_period_has_one_bucket_per_day_and_per_week() {
        let now = DateTime::parse_from_rfc3339("2026-03-15T12:00:00Z").unwrap().with_timezone(&Utc);
        let f = Tally::new(Scope::last_days(now, 14, None)).finish(0);
        assert_eq!(f.daily.len(), 15);
        assert_eq!(f.weekly.len(), 3);
        assert_eq!(f.sla_compliance(), None);
    }
}
