//! Who should take a ticket: the technicians' skills, levels and shifts, whether they are on duty, and
//! the rule that picks the best-qualified one for `/assign` without a technician and for
//! auto-assignment on submit.
//!
//! **The rule.** A technician qualifies for a ticket when they are
//! 1. on duty (see [`Duty`]),
//! 2. skilled in the ticket's category (skills are category keys), and
//! 3. working at the ticket's level or above.
//!
//! Of those who qualify, the one with the lightest load wins: their active tickets (open, in progress
//! or waiting on the requester) weighted by priority, P1 = 4, P2 = 3, P3 = 2, P4 = 1. Ties go to the
//! lower level (seniors stay free for what only they can do), then to fewer active tickets, then to
//! the lower Discord id, so the same inputs always give the same answer.
//!
//! **On duty.** `/duty on|off` and a shift schedule combine as "the latest word wins": a `/duty`
//! statement holds until the next start or end of one of the technician's shifts, after which the
//! schedule decides again (inside a shift: on duty). So `/duty off` in the middle of a shift lasts
//! until that shift ends, and `/duty on` on a free evening lasts until the next shift starts or ends.
//! Without shifts, a technician is on duty only after `/duty on`, until `/duty off`.
//!
//! Plain Rust: the caller passes the time, the stored `/duty` statements and the loads.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::hours::WeekdayKey;
use super::ticket::{DiscordId, Level, Priority};

/// How much one active ticket weighs in a technician's load.
pub fn weight(priority: Priority) -> u32 {
    match priority {
        Priority::P1 => 4,
        Priority::P2 => 3,
        Priority::P3 => 2,
        Priority::P4 => 1,
    }
}

/// A weekly shift: the days it starts on and its local start and end time. A shift whose end is not
/// after its start runs past midnight (22:00–06:00 ends the next morning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub days: BTreeSet<WeekdayKey>,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Shift {
    /// The UTC windows of this shift that start within eight days of `around`, either side.
    fn windows(&self, zone: Tz, around: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let today = around.with_timezone(&zone).date_naive();
        let mut out = Vec::new();
        // A shift starting up to eight days ago may be the last boundary; one starting tomorrow the
        // next (weekly shifts repeat within that span).
        for offset in -8..=8 {
            let Some(date) = today.checked_add_signed(Duration::days(offset)) else { continue };
            if !self.days.contains(&WeekdayKey::from(date.weekday())) {
                continue;
            }
            let end_date = if self.end > self.start { Some(date) } else { date.succ_opt() };
            let Some(end_date) = end_date else { continue };
            let (Some(start), Some(end)) =
                (local(zone, date.and_time(self.start)), local(zone, end_date.and_time(self.end)))
            else {
                continue;
            };
            out.push((start, end));
        }
        out
    }
}

/// The UTC instant of a local time; in a daylight-saving gap the first instant after it.
fn local(zone: Tz, at: chrono::NaiveDateTime) -> Option<DateTime<Utc>> {
    (0..=4 * 60)
        .find_map(|m| zone.from_local_datetime(&(at + Duration::minutes(m))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// A technician's weekly shifts, in the help desk's time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub zone: Tz,
    pub shifts: Vec<Shift>,
}

impl Schedule {
    fn windows(&self, around: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        self.shifts.iter().flat_map(|s| s.windows(self.zone, around)).collect()
    }

    /// Inside one of the shifts at `now`.
    pub fn covers(&self, now: DateTime<Utc>) -> bool {
        self.windows(now).iter().any(|(start, end)| *start <= now && now < *end)
    }

    /// The latest start or end of a shift at or before `now`.
    pub fn last_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.windows(now).into_iter().flat_map(|(s, e)| [s, e]).filter(|t| *t <= now).max()
    }

    /// The next start or end of a shift after `now`: when a `/duty` statement made now lapses.
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.windows(now).into_iter().flat_map(|(s, e)| [s, e]).filter(|t| *t > now).min()
    }
}

/// A technician as the help desk knows them: from the TOML, with what `/desk skills` stored on top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Technician {
    pub id: DiscordId,
    pub level: Level,
    /// Category keys.
    pub skills: BTreeSet<String>,
    /// No shifts: on duty only by `/duty on`.
    pub shifts: Vec<Shift>,
}

/// The help desk's technicians and assignment settings, from the TOML (`[assignment]`,
/// `[[technicians]]`); `/desk skills` changes skills and levels on top of it at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// Assign a submitted ticket by the rule when someone qualifies.
    pub auto: bool,
    /// The time zone of the shifts.
    pub zone: Tz,
    pub technicians: Vec<Technician>,
    /// The category keys a skill may name.
    pub categories: Vec<String>,
}

impl Default for Roster {
    fn default() -> Self {
        Roster { auto: false, zone: chrono_tz::UTC, technicians: Vec::new(), categories: Vec::new() }
    }
}

impl Roster {
    pub fn technician(&self, id: DiscordId) -> Option<&Technician> {
        self.technicians.iter().find(|t| t.id == id)
    }

    /// A technician's shifts as a schedule in the help desk's zone.
    pub fn schedule(&self, shifts: &[Shift]) -> Schedule {
        Schedule { zone: self.zone, shifts: shifts.to_vec() }
    }
}

/// What a technician last said with `/duty`, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DutyStatement {
    pub on: bool,
    pub at: DateTime<Utc>,
}

/// Whether a technician is on duty, and what decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// They said `/duty on` (and no shift started or ended since).
    SaidOn,
    /// They said `/duty off` (and no shift started or ended since).
    SaidOff,
    /// Inside one of their shifts.
    InShift,
    /// Outside their shifts.
    OutOfShift,
    /// No shifts and no `/duty on`.
    NeverOn,
}

impl Duty {
    /// The rule of the module's documentation: the latest word wins, a shift boundary being a word.
    pub fn of(schedule: &Schedule, said: Option<DutyStatement>, now: DateTime<Utc>) -> Duty {
        if schedule.shifts.is_empty() {
            return match said {
                Some(s) if s.on => Duty::SaidOn,
                Some(_) => Duty::SaidOff,
                None => Duty::NeverOn,
            };
        }
        let since = schedule.last_change(now);
        match said {
            Some(s) if since.is_none_or(|b| s.at >= b) => {
                if s.on {
                    Duty::SaidOn
                } else {
                    Duty::SaidOff
                }
            }
            _ if schedule.covers(now) => Duty::InShift,
            _ => Duty::OutOfShift,
        }
    }

    pub fn is_on(self) -> bool {
        matches!(self, Duty::SaidOn | Duty::InShift)
    }
}

/// A technician as the rule weighs them for one ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: DiscordId,
    pub level: Level,
    pub skills: BTreeSet<String>,
    pub duty: Duty,
    /// Active tickets weighted by priority (see [`weight`]).
    pub load: u32,
    /// Active tickets, unweighted.
    pub active: u32,
}

/// What the ticket asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub category: String,
    pub level: Level,
    /// Who holds the ticket now: they are not suggested again.
    pub holder: Option<DiscordId>,
}

/// Why a technician was not chosen, by the first rule they fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassedOver {
    /// Already holds the ticket.
    Holds,
    OffDuty(Duty),
    /// Not skilled in the ticket's category.
    NoSkill,
    /// Works below the ticket's level.
    LevelTooLow(Level),
    /// Qualifies, with a heavier load than the chosen one.
    Busier {
        load: u32,
    },
    /// Qualifies with the same load; the tie rule preferred the chosen one.
    LostTie {
        load: u32,
        level: Level,
    },
}

/// The rule's answer: whom to give the ticket to (if anyone qualifies), and why each other
/// technician was passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub chosen: Option<Candidate>,
    /// In the order of the candidates given.
    pub passed_over: Vec<(Candidate, PassedOver)>,
}

/// Picks the best-qualified technician for `need` among `candidates` (the rule of the module).
pub fn choose(need: &Need, candidates: &[Candidate]) -> Choice {
    let mut passed_over = Vec::new();
    let mut qualified: Vec<&Candidate> = Vec::new();
    for c in candidates {
        let failed = if need.holder == Some(c.id) {
            Some(PassedOver::Holds)
        } else if !c.duty.is_on() {
            Some(PassedOver::OffDuty(c.duty))
        } else if !c.skills.contains(&need.category) {
            Some(PassedOver::NoSkill)
        } else if c.level < need.level {
            Some(PassedOver::LevelTooLow(c.level))
        } else {
            None
        };
        match failed {
            Some(why) => passed_over.push((c.clone(), why)),
            None => qualified.push(c),
        }
    }
    let chosen = qualified.iter().min_by_key(|c| (c.load, c.level, c.active, c.id)).map(|c| (*c).clone());
    if let Some(best) = &chosen {
        for c in qualified.into_iter().filter(|c| c.id != best.id) {
            let why = if c.load > best.load {
                PassedOver::Busier { load: c.load }
            } else {
                PassedOver::LostTie { load: c.load, level: c.level }
            };
            passed_over.push((c.clone(), why));
        }
        let order = |id: DiscordId| candidates.iter().position(|c| c.id == id);
        passed_over.sort_by_key(|(c, _)| order(c.id));
    }
    Choice { chosen, passed_over }
}

impl Choice {
    /// The reason recorded with the assignment in the audit trail and sent to the technician: what
    /// qualified them and how their load compared. English, like the state machine's event notes.
    pub fn reason(&self, need: &Need) -> Option<String> {
        let chosen = self.chosen.as_ref()?;
        let duty = match chosen.duty {
            Duty::InShift => "on shift",
            _ => "on duty",
        };
        let others: Vec<String> = self
            .passed_over
            .iter()
            .filter_map(|(c, why)| match why {
                PassedOver::Busier { load } | PassedOver::LostTie { load, .. } => {
                    Some(format!("<@{}> {load}", c.id))
                }
                _ => None,
            })
            .collect();
        let comparison = if others.is_empty() {
            "the only one who qualifies".to_owned()
        } else {
            format!("the lightest of those who qualify (others: {})", others.join(", "))
        };
        Some(format!(
            "{duty}, skilled in {}, level {} (ticket needs {}), load {}: {comparison}",
            need.category,
            chosen.level.get(),
            need.level.get(),
            chosen.load
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn tech(id: DiscordId, level: u8, skills: &[&str], duty: Duty, load: u32) -> Candidate {
        Candidate {
            id,
            level: Level::new(i64::from(level)).unwrap_or(Level::ONE),
            skills: skills.iter().map(|s| (*s).to_owned()).collect(),
            duty,
            load,
            active: load,
        }
    }

    fn need(category: &str, level: u8) -> Need {
        Need {
            category: category.to_owned(),
            level: Level::new(i64::from(level)).unwrap_or(Level::ONE),
            holder: None,
        }
    }

    /// A case: what it says, the ticket's need, the technicians, who is chosen, and why the others
    /// were passed over.
    type Case = (&'static str, Need, Vec<Candidate>, Option<DiscordId>, Vec<(DiscordId, PassedOver)>);

    #[test]
    fn the_best_qualified_technician_is_chosen_and_the_others_are_told_why_not() {
        let on = Duty::SaidOn;
        let cases: Vec<Case> = vec![
            (
                "off duty: the one on duty is chosen though busier",
                need("network", 1),
                vec![tech(1, 1, &["network"], Duty::SaidOff, 0), tech(2, 1, &["network"], Duty::InShift, 6)],
                Some(2),
                vec![(1, PassedOver::OffDuty(Duty::SaidOff))],
            ),
            (
                "wrong skill: only the one skilled in the category qualifies",
                need("printing", 1),
                vec![tech(1, 1, &["network"], on, 0), tech(2, 2, &["network", "printing"], on, 5)],
                Some(2),
                vec![(1, PassedOver::NoSkill)],
            ),
            (
                "overloaded: the lighter weighted load wins",
                need("network", 1),
                vec![tech(1, 1, &["network"], on, 7), tech(2, 1, &["network"], on, 3)],
                Some(2),
                vec![(1, PassedOver::Busier { load: 7 })],
            ),
            (
                "level too low: a level 1 technician is not given a level 2 ticket",
                need("network", 2),
                vec![tech(1, 1, &["network"], on, 0), tech(2, 3, &["network"], on, 4)],
                Some(2),
                vec![(1, PassedOver::LevelTooLow(Level::ONE))],
            ),
            (
                "a tie on load goes to the lower level, keeping the senior free",
                need("network", 1),
                vec![tech(1, 3, &["network"], on, 2), tech(2, 1, &["network"], on, 2)],
                Some(2),
                vec![(1, PassedOver::LostTie { load: 2, level: Level::THREE })],
            ),
            (
                "a full tie goes to the lower id, so the answer never changes by itself",
                need("network", 1),
                vec![tech(9, 1, &["network"], on, 1), tech(4, 1, &["network"], on, 1)],
                Some(4),
                vec![(9, PassedOver::LostTie { load: 1, level: Level::ONE })],
            ),
            (
                "nobody qualifies: each is passed over by the first rule they fail",
                need("network", 2),
                vec![
                    tech(1, 3, &["network"], Duty::OutOfShift, 0),
                    tech(2, 3, &["printing"], on, 0),
                    tech(3, 1, &["network"], on, 0),
                    tech(4, 2, &["network"], Duty::NeverOn, 0),
                ],
                None,
                vec![
                    (1, PassedOver::OffDuty(Duty::OutOfShift)),
                    (2, PassedOver::NoSkill),
                    (3, PassedOver::LevelTooLow(Level::ONE)),
                    (4, PassedOver::OffDuty(Duty::NeverOn)),
                ],
            ),
            ("no technicians at all", need("network", 1), vec![], None, vec![]),
        ];
        for (case, need, candidates, chosen, passed) in cases {
            let choice = choose(&need, &candidates);
            assert_eq!(choice.chosen.as_ref().map(|c| c.id), chosen, "{case}");
            let got: Vec<(DiscordId, PassedOver)> =
                choice.passed_over.iter().map(|(c, why)| (c.id, *why)).collect();
            assert_eq!(got, passed, "{case}");
            assert_eq!(choice.reason(&need).is_some(), chosen.is_some(), "{case}: a reason for a choice");
        }
    }

    #[test]
    fn the_holder_is_not_suggested_again() {
        let mut n = need("network", 1);
        n.holder = Some(1);
        let choice = choose(
            &n,
            &[tech(1, 1, &["network"], Duty::SaidOn, 0), tech(2, 1, &["network"], Duty::SaidOn, 9)],
        );
        assert_eq!(choice.chosen.map(|c| c.id), Some(2));
        assert_eq!(choice.passed_over[0].1, PassedOver::Holds);
    }

    #[test]
    fn the_reason_names_the_skill_the_level_and_the_loads_compared() {
        let n = need("network", 1);
        let choice = choose(
            &n,
            &[tech(1, 2, &["network"], Duty::InShift, 3), tech(2, 1, &["network"], Duty::SaidOn, 5)],
        );
        assert_eq!(
            choice.reason(&n).as_deref(),
            Some(
                "on shift, skilled in network, level 2 (ticket needs 1), load 3: the lightest of those who \
                 qualify (others: <@2> 5)"
            )
        );
    }

    fn rome_weekdays(start: (u32, u32), end: (u32, u32)) -> Schedule {
        let time = |(h, m): (u32, u32)| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        Schedule {
            zone: chrono_tz::Europe::Rome,
            shifts: vec![Shift {
                days: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
                    .into_iter()
                    .map(WeekdayKey::from)
                    .collect(),
                start: time(start),
                end: time(end),
            }],
        }
    }

    /// Local time in Rome on a day of November 2026 (the 9th is a Monday).
    fn rome(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        let naive = chrono::NaiveDate::from_ymd_opt(2026, 11, day).and_then(|d| d.and_hms_opt(h, m, 0));
        naive
            .and_then(|n| chrono_tz::Europe::Rome.from_local_datetime(&n).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn the_latest_word_wins_and_a_shift_boundary_is_a_word() {
        let day = rome_weekdays((9, 0), (17, 0));
        let night = rome_weekdays((22, 0), (6, 0));
        let none = Schedule { zone: chrono_tz::UTC, shifts: vec![] };
        let said = |on, at| Some(DutyStatement { on, at });
        let cases = [
            ("inside the shift", &day, None, rome(9, 10, 0), Duty::InShift),
            ("outside the shift", &day, None, rome(9, 18, 0), Duty::OutOfShift),
            ("on a Saturday", &day, None, rome(14, 10, 0), Duty::OutOfShift),
            (
                "/duty off in the shift holds",
                &day,
                said(false, rome(9, 12, 0)),
                rome(9, 15, 0),
                Duty::SaidOff,
            ),
            (
                "/duty off lapses when the shift ends and the next one counts",
                &day,
                said(false, rome(9, 12, 0)),
                rome(10, 9, 30),
                Duty::InShift,
            ),
            ("/duty on after hours holds", &day, said(true, rome(9, 19, 0)), rome(9, 23, 0), Duty::SaidOn),
            (
                "/duty on said before the shift started is overtaken by it",
                &day,
                said(true, rome(9, 8, 0)),
                rome(9, 17, 30),
                Duty::OutOfShift,
            ),
            ("a night shift runs past midnight", &night, None, rome(10, 3, 0), Duty::InShift),
            ("and ends in the morning", &night, None, rome(10, 7, 0), Duty::OutOfShift),
            ("no shifts, never said", &none, None, rome(9, 10, 0), Duty::NeverOn),
            ("no shifts, /duty on holds", &none, said(true, rome(2, 10, 0)), rome(9, 10, 0), Duty::SaidOn),
            ("no shifts, /duty off", &none, said(false, rome(9, 9, 0)), rome(9, 10, 0), Duty::SaidOff),
        ];
        for (case, schedule, said, now, duty) in cases {
            assert_eq!(Duty::of(schedule, said, now), duty, "{case}");
        }
        assert_eq!(day.next_change(rome(9, 12, 0)), Some(rome(9, 17, 0)), "a statement lapses at the end");
        assert_eq!(none.next_change(rome(9, 12, 0)), None);
    }

    #[test]
    fn priorities_weigh_four_to_one() {
        let weights: Vec<u32> = Priority::ALL.iter().map(|p| weight(*p)).collect();
        assert_eq!(weights, vec![4, 3, 2, 1]);
    }
}
