//! Business hours: the working days, hours, time zone and holidays inside which SLA clocks run.
//!
//! A target of "1 h" with business hours 9–18 on weekdays means one working hour: a ticket opened on
//! Friday at 17:55 is due on Monday at 09:55. Times are worked out in the help desk's time zone day
//! by day, so a daylight-saving change moves the UTC instant of 09:00, not the working day.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

/// How far ahead a due time is looked for: beyond this (a calendar of holidays only), the time is
/// counted as if there were no business hours.
const HORIZON_DAYS: i64 = 3_660;

/// When the help desk works. Built by the configuration, which checks that some day is a working
/// day and that the day starts before it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    pub zone: Tz,
    /// The working days of the week.
    pub days: BTreeSet<WeekdayKey>,
    /// Local opening and closing times; `start < end`.
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Local dates on which nobody works.
    pub holidays: BTreeSet<NaiveDate>,
}

/// A weekday that can be kept in a set (Monday = 0 … Sunday = 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WeekdayKey(pub u8);

impl From<Weekday> for WeekdayKey {
    fn from(day: Weekday) -> Self {
        WeekdayKey(day.num_days_from_monday() as u8)
    }
}

impl BusinessHours {
    fn works_on(&self, date: NaiveDate) -> bool {
        self.days.contains(&WeekdayKey::from(date.weekday())) && !self.holidays.contains(&date)
    }

    /// The UTC instant of a local time; in a daylight-saving gap the first instant after it, and
    /// of an hour that happens twice the first.
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => {
                let mut later = local;
                for _ in 0..4 * 60 {
                    later += Duration::minutes(1);
                    if let Some(t) = self.zone.from_local_datetime(&later).earliest() {
                        return t.with_timezone(&Utc);
                    }
                }
                Utc.from_utc_datetime(&local)
            }
        }
    }

    /// The working window of a local date, in UTC, if it is a working day.
    fn window(&self, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        self.works_on(date)
            .then(|| (self.instant(date.and_time(self.start)), self.instant(date.and_time(self.end))))
    }

    /// The instant when `work` of business time has passed since `from`.
    pub fn add(&self, from: DateTime<Utc>, work: Duration) -> DateTime<Utc> {
        let mut left = work.max(Duration::zero());
        let mut date = from.with_timezone(&self.zone).date_naive();
        for _ in 0..HORIZON_DAYS {
            if let Some((open, close)) = self.window(date) {
                let cursor = from.max(open);
                if cursor < close {
                    let available = close - cursor;
                    if left <= available {
                        return cursor + left;
                    }
                    left -= available;
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        from + work
    }

    /// Business time between `from` and `to` (zero when `to` is not later).
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        let mut date = from.with_timezone(&self.zone).date_naive();
        for _ in 0..HORIZON_DAYS {
            if let Some((open, close)) = self.window(date) {
                if open >= to {
                    break;
                }
                let (a, b) = (from.max(open), to.min(close));
                if a < b {
                    total += b - a;
                }
            } else if self.instant(date.and_time(NaiveTime::MIN)) >= to {
                break;
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays_9_to_18(zone: Tz, holidays: &[NaiveDate]) -> BusinessHours {
        BusinessHours {
            zone,
            days: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
                .into_iter()
                .map(WeekdayKey::from)
                .collect(),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
            holidays: holidays.iter().copied().collect(),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// A local time in `zone`, as UTC.
    fn local(zone: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        let naive = date(y, m, d).and_hms_opt(h, min, 0).unwrap_or_default();
        zone.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    /// What a case says, the hours, when the clock starts, the target, and the due time.
    type Case<'a> = (&'a str, &'a BusinessHours, DateTime<Utc>, Duration, DateTime<Utc>);

    #[test]
    fn due_times_count_only_business_hours() {
        let rome = chrono_tz::Europe::Rome;
        let hours = weekdays_9_to_18(rome, &[]);
        let christmas = weekdays_9_to_18(rome, &[date(2026, 12, 24), date(2026, 12, 25)]);
        let cases: Vec<Case<'_>> = vec![
            (
                "a P3 opened Friday 17:55 with a 1 h target is due Monday 09:55",
                &hours,
                local(rome, 2026, 11, 6, 17, 55),
                Duration::hours(1),
                local(rome, 2026, 11, 9, 9, 55),
            ),
            (
                "inside the day it is plain time",
                &hours,
                local(rome, 2026, 11, 9, 10, 0),
                Duration::minutes(90),
                local(rome, 2026, 11, 9, 11, 30),
            ),
            (
                "opened at night, the clock starts at 09:00",
                &hours,
                local(rome, 2026, 11, 10, 22, 0),
                Duration::hours(1),
                local(rome, 2026, 11, 11, 10, 0),
            ),
            (
                "a weekend opening starts on Monday",
                &hours,
                local(rome, 2026, 11, 7, 12, 0),
                Duration::hours(4),
                local(rome, 2026, 11, 9, 13, 0),
            ),
            (
                "holidays are skipped: Wednesday 17:00 + 2 h is Monday 10:00 over Christmas",
                &christmas,
                local(rome, 2026, 12, 23, 17, 0),
                Duration::hours(2),
                local(rome, 2026, 12, 28, 10, 0),
            ),
            (
                "a daylight-saving change keeps 09:00 local: Friday 16:00 CET + 4 h is Monday 11:00 CEST",
                &hours,
                local(rome, 2026, 3, 27, 16, 0),
                Duration::hours(4),
                local(rome, 2026, 3, 30, 11, 0),
            ),
            (
                "a three-day target is three working days of nine hours",
                &hours,
                local(rome, 2026, 11, 9, 9, 0),
                Duration::hours(27),
                local(rome, 2026, 11, 11, 18, 0),
            ),
        ];
        for (case, hours, from, target, due) in cases {
            assert_eq!(hours.add(from, target), due, "{case}");
            assert_eq!(hours.between(from, due), target.max(Duration::zero()), "{case} (and back)");
        }
        // The daylight-saving case in UTC: 10:00 on Monday, not 11:00 as an hour added to CET would give.
        assert_eq!(
            hours.add(local(rome, 2026, 3, 27, 16, 0), Duration::hours(4)),
            Utc.with_ymd_and_hms(2026, 3, 30, 9, 0, 0).single().unwrap_or_default()
        );
    }

    #[test]
    fn time_outside_business_hours_counts_for_nothing() {
        let rome = chrono_tz::Europe::Rome;
        let hours = weekdays_9_to_18(rome, &[]);
        let friday_evening = local(rome, 2026, 11, 6, 18, 30);
        let monday_morning = local(rome, 2026, 11, 9, 8, 59);
        assert_eq!(hours.between(friday_evening, monday_morning), Duration::zero());
        assert_eq!(hours.between(monday_morning, friday_evening), Duration::zero(), "backwards is zero");
    }
}
