//! The deliverer's side of the outbox: leasing what is due, recording each delivery's outcome,
//! remembering where a ticket's triage message and thread are, and the DM channels already opened.
//!
//! Leases are short and renewed while a delivery is slow, so a notice leased by a process that
//! died waits at most [`LEASE`] for another one; a process that restarts under the same worker name
//! takes its own leases back at once ([`Deliveries::reclaim`]).

use chrono::{DateTime, Duration, Utc};

use super::{Desk, ServiceResult};
use crate::domain::{DiscordId, Lang, Ticket};
use crate::store::{OutboxItem, SummaryRecord};

/// How long a lease holds before another deliverer may take the notice.
pub const LEASE: Duration = Duration::seconds(10);

/// The outbox as the deliverer sees it.
pub struct Deliveries<'a> {
    desk: &'a Desk,
}

impl Desk {
    /// The deliverer's use cases.
    pub fn deliveries(&self) -> Deliveries<'_> {
        Deliveries { desk: self }
    }
}

impl Deliveries<'_> {
    fn now(&self) -> DateTime<Utc> {
        self.desk.clock.now()
    }

    /// Takes back every notice `worker` had leased (after a restart under the same name); returns
    /// how many.
    pub async fn reclaim(&self, worker: &str) -> ServiceResult<u64> {
        Ok(self.desk.store.release_leases(worker).await?)
    }

    /// Leases up to `limit` due notices to `worker` for [`LEASE`].
    pub async fn lease(&self, worker: &str, limit: i64) -> ServiceResult<Vec<OutboxItem>> {
        let now = self.now();
        Ok(self.desk.store.lease_notices(worker, now, now + LEASE, limit).await?)
    }

    /// [`Deliveries::lease`], of which at most `triage_limit` are posts or edits of triage messages:
    /// those wait on the triage channel's buckets, and must not take every place in hand from the
    /// notices that do not (see [`TicketStore::lease_notices_sharing`]).
    ///
    /// [`TicketStore::lease_notices_sharing`]: crate::store::TicketStore::lease_notices_sharing
    pub async fn lease_sharing(
        &self,
        worker: &str,
        limit: i64,
        triage_limit: i64,
    ) -> ServiceResult<Vec<OutboxItem>> {
        let now = self.now();
        Ok(self.desk.store.lease_notices_sharing(worker, now, now + LEASE, limit, triage_limit).await?)
    }

    /// Keeps `worker`'s leases for another [`LEASE`] (a delivery that is still going on).
    pub async fn renew(&self, worker: &str) -> ServiceResult<u64> {
        Ok(self.desk.store.renew_leases(worker, self.now() + LEASE).await?)
    }

    pub async fn delivered(&self, id: i64) -> ServiceResult<()> {
        Ok(self.desk.store.notice_delivered(id, self.now()).await?)
    }

    /// Another attempt after `wait`.
    pub async fn retry(&self, id: i64, wait: Duration, error: &str) -> ServiceResult<()> {
        Ok(self.desk.store.notice_retry(id, self.now() + wait, error).await?)
    }

    /// Given up for good.
    pub async fn failed(&self, id: i64, error: &str) -> ServiceResult<()> {
        Ok(self.desk.store.notice_failed(id, self.now(), error).await?)
    }

    /// The ticket a notice is about, as it is now.
    pub async fn ticket(&self, id: i64) -> ServiceResult<Ticket> {
        Ok(self.desk.store.ticket(id).await?)
    }

    /// Remembers the ticket's triage message and thread.
    pub async fn triage_posted(
        &self,
        ticket_id: i64,
        message: DiscordId,
        thread: Option<DiscordId>,
    ) -> ServiceResult<()> {
        Ok(self.desk.store.set_triage_refs(ticket_id, message, thread).await?)
    }

    /// Remembers the channel the ticket's triage message was posted in.
    pub async fn triage_channel_chosen(&self, ticket_id: i64, channel: DiscordId) -> ServiceResult<()> {
        Ok(self.desk.store.set_triage_channel(ticket_id, channel).await?)
    }

    /// The channel the ticket's triage message is in, when it is not the default one.
    pub async fn triage_channel(&self, ticket_id: i64) -> ServiceResult<Option<DiscordId>> {
        Ok(self.desk.store.triage_channel(ticket_id).await?)
    }

    /// Tickets waiting for their own triage message, most urgent first.
    pub async fn unposted(&self, limit: i64) -> ServiceResult<Vec<Ticket>> {
        Ok(self.desk.store.unposted_tickets(limit).await?)
    }

    /// The storm summary of `channel`, leased to `worker` for [`LEASE`]; `None` while another
    /// process holds it.
    pub async fn lease_summary(
        &self,
        channel: DiscordId,
        worker: &str,
    ) -> ServiceResult<Option<SummaryRecord>> {
        let now = self.now();
        Ok(self.desk.store.lease_summary(channel, worker, now, now + LEASE).await?)
    }

    /// Records what the summary shows now; `false` when the lease was lost meanwhile.
    pub async fn summary_shown(&self, summary: &SummaryRecord, worker: &str) -> ServiceResult<bool> {
        Ok(self.desk.store.save_summary(summary, worker, self.now()).await?)
    }

    /// The channels whose storm summary is shown.
    pub async fn live_summaries(&self) -> ServiceResult<Vec<DiscordId>> {
        Ok(self.desk.store.live_summaries().await?)
    }

    /// The DM channel already opened with `user`.
    pub async fn dm_channel(&self, user: DiscordId) -> ServiceResult<Option<DiscordId>> {
        Ok(self.desk.store.dm_channel(user).await?)
    }

    pub async fn remember_dm_channel(&self, user: DiscordId, channel: DiscordId) -> ServiceResult<()> {
        Ok(self.desk.store.save_dm_channel(user, channel).await?)
    }

    /// The language `user` is written to in, when known.
    pub async fn user_lang(&self, user: DiscordId) -> ServiceResult<Option<Lang>> {
        Ok(self.desk.store.user_lang(user).await?)
    }

    /// Forgets handled-event keys older than a day (Discord does not replay events that old).
    pub async fn forget_old_events(&self) -> ServiceResult<u64> {
        Ok(self.desk.store.forget_events(self.now() - Duration::days(1)).await?)
    }

    /// Notices neither delivered nor given up.
    pub async fn pending(&self) -> ServiceResult<i64> {
        Ok(self.desk.store.pending_notices().await?)
    }
}
