//! The SLA sweeper's use case: act on every SLA threshold that has come, once.
//!
//! The rules of what happens at a threshold live in [`crate::domain::transition::sla_threshold`];
//! here they are applied to the tickets the store says are due and committed under the ticket's
//! version. When two sweepers (two processes on one PostgreSQL) act on the same ticket, the second
//! commit finds the version moved, reads the ticket again, sees the threshold marked and does
//! nothing: the database decides who acts, and a restart finds the marks where it left them.

use tracing::instrument;

use super::{Desk, MAX_CONFLICT_RETRIES, ServiceError, ServiceResult};
use crate::domain::sla::{self, Threshold};
use crate::domain::{Actor, Ticket, transition};
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
