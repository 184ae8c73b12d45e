//! The SLA sweeper's use cases: act on every SLA threshold that has come, once; remind requesters of
//! unanswered questions and resolve as "no response" what stays unanswered; queue the coordinators'
//! daily digest.
//!
//! The rules of what happens at a threshold live in [`crate::domain::transition::sla_threshold`];
//! here they are applied to the tickets the store says are due and committed under the ticket's
//! version. When two sweepers (two processes on one PostgreSQL) act on the same ticket, the second
//! commit finds the version moved, reads the ticket again, sees the threshold marked and does
//! nothing: the database decides who acts, and a restart finds the marks where it left them.

use tracing::instrument;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::{Desk, MAX_CONFLICT_RETRIES, ServiceError, ServiceResult};
use crate::domain::digest;
use crate::domain::sla::{self, Threshold};
use crate::domain::transition::WaitingStep;
use crate::domain::{Actor, DiscordId, EventKind, Ticket, transition};
use crate::store::StoreError;

/// How many due tickets one sweep looks at; the rest wait for the next sweep.
const SWEEP_BATCH: i64 = 100;

/// One threshold acted on by this sweeper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaAction {
    pub ticket_id: i64,
    pub threshold: Threshold,
}

impl Desk {
    /// Acts on every SLA threshold due now that nobody has acted on yet (warnings at 75 %, breaches);
    /// returns what this sweeper did. Paused clocks (waiting on the requester) are not looked at.
    #[instrument(skip(self))]
    pub async fn sweep_sla(&self) -> ServiceResult<Vec<SlaAction>> {
        let now = self.clock.now();
        let mut done = Vec::new();
        for ticket in self.store.sla_due(now, SWEEP_BATCH).await? {
            // A ticket can have two thresholds due at once (a warning and, later, the breach of the
            // other clock): act on each in turn.
            let mut current = ticket;
            while let Some((acted, next)) = self.act_on_threshold(current).await? {
                tracing::info!(ticket = %next.label(), threshold = ?acted.threshold, "SLA threshold acted on");
                done.push(acted);
                current = next;
            }
        }
        if !done.is_empty() {
            self.outbox.notify_one();
        }
        Ok(done)
    }

    /// Acts on the threshold of `ticket` due now, if any; `None` when there is none (any more).
    async fn act_on_threshold(&self, mut ticket: Ticket) -> ServiceResult<Option<(SlaAction, Ticket)>> {
        for _ in 0..MAX_CONFLICT_RETRIES {
            let now = self.clock.now();
            let Some(threshold) = sla::due_threshold(&ticket, now) else { return Ok(None) };
            let t = transition::sla_threshold(&ticket, threshold, now, &self.policy);
            let notices = self.with_watchers(&t.ticket, &Actor::System, t.notices).await?;
            match self.store.commit(&t.ticket, &t.events, &notices).await {
                Ok(stored) => return Ok(Some((SlaAction { ticket_id: stored.id, threshold }, stored))),
                // Someone changed it meanwhile (another sweeper, a claim): look again.
                Err(StoreError::Conflict) => ticket = self.get(ticket.id).await?,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Internal(StoreError::Conflict))
    }
}

/// One step taken for a ticket waiting on the requester.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingAction {
    pub ticket_id: i64,
    pub step: WaitingStep,
}

impl Desk {
    /// Reminds requesters of questions left unanswered, once, and resolves as "no response" the
    /// tickets still waiting after that (see [`crate::domain::transition::WaitingWindows`]); returns
    /// what this sweeper did. Like the SLA thresholds, each step is committed under the ticket's
    /// version, so of several sweepers one acts, and a restart finds the reminder marked.
    #[instrument(skip(self))]
    pub async fn sweep_waiting(&self) -> ServiceResult<Vec<WaitingAction>> {
        let now = self.clock.now();
        let w = self.policy.waiting;
        let due = self
            .store
            .waiting_due(
                now - w.remind_after,
                now - w.resolve_after,
                now - (w.resolve_after - w.remind_after),
                SWEEP_BATCH,
            )
            .await?;
        let mut done = Vec::new();
        for ticket in due {
            if let Some(action) = self.act_on_waiting(ticket).await? {
                done.push(action);
            }
        }
        if !done.is_empty() {
            self.outbox.notify_one();
        }
        Ok(done)
    }

    async fn act_on_waiting(&self, mut ticket: Ticket) -> ServiceResult<Option<WaitingAction>> {
        let w = self.policy.waiting;
        for _ in 0..MAX_CONFLICT_RETRIES {
            let now = self.clock.now();
            let Some(step) = w.step(&ticket, now) else { return Ok(None) };
            let t = match step {
                WaitingStep::Remind => {
                    let question = self.last_question(ticket.id).await?;
                    transition::waiting_reminder(&ticket, question, &w, now)
                }
                WaitingStep::ResolveNoResponse => {
                    match transition::resolve_no_response(&ticket, &w, now, &self.policy) {
                        Ok(t) => t,
                        Err(refusal) => {
                            tracing::warn!(ticket = %ticket.label(), %refusal, "could not resolve as no response");
                            return Ok(None);
                        }
                    }
                }
            };
            let notices = self.with_watchers(&t.ticket, &Actor::System, t.notices).await?;
            match self.store.commit(&t.ticket, &t.events, &notices).await {
                Ok(stored) => {
                    tracing::info!(ticket = %stored.label(), ?step, "waiting on the requester: acted");
                    return Ok(Some(WaitingAction { ticket_id: stored.id, step }));
                }
                Err(StoreError::Conflict) => ticket = self.get(ticket.id).await?,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Internal(StoreError::Conflict))
    }

    /// The technician's last question to the requester (the note of the last "waiting" event).
    async fn last_question(&self, ticket_id: i64) -> ServiceResult<Option<String>> {
        let events = self.store.events(ticket_id).await?;
        Ok(events.into_iter().rev().find(|e| e.kind == EventKind::Waiting).and_then(|e| e.note))
    }

    /// Queues the coordinators' daily digest of `guild_id` when it is due (at `at` in `zone`, see
    /// [`digest::due_day`]) and nobody has queued that day's yet. Returns the day it answered for —
    /// queued now or found already queued — so a caller can stop asking until the next day; `None`
    /// when no digest is due now.
    #[instrument(skip(self))]
    pub async fn send_digest_if_due(
        &self,
        guild_id: DiscordId,
        at: NaiveTime,
        zone: Tz,
    ) -> ServiceResult<Option<(NaiveDate, bool)>> {
        let now = self.clock.now();
        let Some(day) = digest::due_day(now, at, zone) else { return Ok(None) };
        let mut figures = self.store.digest_figures(guild_id, now).await?;
        figures.day = day.format("%Y-%m-%d").to_string();
        let queued = self.store.record_digest(guild_id, &figures).await?;
        if queued {
            tracing::info!(day = %figures.day, open = figures.open(), "daily digest queued");
            self.outbox.notify_one();
        }
        Ok(Some((day, queued)))
    }
}
