//! SLA targets per priority and the due times they give.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::ticket::{Priority, SlaClock};

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
        let target = self.for_priority(priority);
        SlaClock {
            first_response_due: Some(opened_at + target.first_response),
            resolution_due: Some(opened_at + target.resolution),
            first_response_at: None,
            paused_at: None,
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
        let paused_before = clock
            .resolution_due
            .map(|due| due - (opened_at + self.for_priority(old).resolution))
            .unwrap_or_else(Duration::zero)
            .max(Duration::zero());
        let fresh = self.start(new, opened_at);
        SlaClock {
            first_response_due: fresh.first_response_due,
            resolution_due: fresh.resolution_due.map(|due| due + paused_before),
            first_response_at: clock.first_response_at,
            paused_at: clock.paused_at,
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
    let mut next = clock.clone();
    if let Some(paused_at) = next.paused_at.take() {
        let paused_for = (now - paused_at).max(Duration::zero());
        next.resolution_due = next.resolution_due.map(|due| due + paused_for);
    }
    next
}

/// Records the first response at `now` unless one was already recorded.
pub fn first_response(clock: &SlaClock, now: DateTime<Utc>) -> SlaClock {
    let mut next = clock.clone();
    if next.first_response_at.is_none() {
        next.first_response_at = Some(now);
    }
    next
}
