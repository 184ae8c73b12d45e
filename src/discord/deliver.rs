//! The outbox deliverer: sends what committed changes left behind — posting or editing the triage
//! message, DMs to requesters and watchers, thread posts, the coordinators' alerts, and the direct
//! messages of intake conversations — and records each outcome.
//!
//! Nothing is lost and nothing is sent twice:
//! - every request goes through [`Rest`], one pacer under Discord's global limit and its per-route
//!   buckets, which waits out 429s;
//! - every message created carries a nonce derived from its outbox row (`n<id>`) with
//!   `enforce_nonce`, so a retry after a crash or a lost answer returns the message already posted
//!   instead of posting it again; a thread started from a message has the message's id, so "already
//!   created" (160004) is that thread;
//! - a notice is leased to one deliverer for [`LEASE`](crate::service::outbox::LEASE), renewed every
//!   few seconds while this process lives, and taken back at once when the process restarts under the
//!   same instance name; a 429 or a 5xx is retried with backoff, a permanent error is recorded.
//!
//! When a requester's DMs are closed (50007) the failure is said in the ticket's thread, or, for an
//! intake question after `/ticket`, in the interaction's follow-up.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::watch;

use super::context::Bot;
use super::render::{self, Outgoing};
use super::rest::{CANNOT_DM_USER, RestError, UNKNOWN_CHANNEL, UNKNOWN_MESSAGE};
use crate::domain::{DiscordId, NoticeKind, Recipient, Ticket};
use crate::service::ServiceError;
use crate::store::{OutboxItem, OutboxPayload, StoreError};

/// How many notices one lease takes.
const BATCH: i64 = 25;
/// Tickets (or requesters) whose notices are delivered side by side.
const CONCURRENT_TICKETS: usize = 8;
/// How often the leases of this process are renewed (well within the lease).
const RENEW_EVERY: Duration = Duration::from_secs(3);
/// How often the outbox is polled when nothing wakes the deliverer.
const POLL: Duration = Duration::from_secs(2);
/// Attempts before a notice other than the triage message is given up: with the backoff below, about
/// 13 minutes of Discord failing.
const MAX_ATTEMPTS: i32 = 12;
/// The first retry waits this long; each next one twice as long, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// A thread's auto-archive time: a week.
const THREAD_ARCHIVE_MINUTES: u16 = 10080;

/// How long to wait before retrying a notice that failed transiently after `attempts` earlier
/// attempts, or `None` to give up. The triage message is never given up: a ticket missing from the
/// triage channel is a ticket nobody works on, however long Discord was down.
fn backoff(recipient: Recipient, attempts: i32) -> Option<Duration> {
    if recipient != Recipient::Triage && attempts + 1 >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = u32::try_from(attempts.clamp(0, 16)).unwrap_or(0);
    Some(FIRST_BACKOFF.saturating_mul(1 << doublings).min(MAX_BACKOFF))
}

/// Why a delivery did not happen.
#[derive(Debug)]
enum Failure {
    /// Try again later (429, 5xx, network, the database, a thread that does not exist yet).
    Transient(String),
    /// Will never work (DMs closed, missing permissions, a malformed request).
    Permanent { reason: String, dms_closed: bool },
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Transient(format!("store: {e}"))
    }
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Internal(StoreError::NotFound) => {
                Failure::Permanent { reason: "the ticket no longer exists".into(), dms_closed: false }
            }
            other => Failure::Transient(format!("store: {other}")),
        }
    }
}

impl From<RestError> for Failure {
    fn from(e: RestError) -> Self {
        if e.code() == Some(CANNOT_DM_USER) {
            Failure::Permanent {
                reason: format!("DMs closed (Discord error {CANNOT_DM_USER})"),
                dms_closed: true,
            }
        } else if e.is_transient() {
            Failure::Transient(e.to_string())
        } else {
            Failure::Permanent { reason: e.to_string(), dms_closed: false }
        }
    }
}

/// The nonce of the message an outbox row creates: the same on every attempt, so Discord creates
/// it once (at most 25 characters).
fn nonce(item: &OutboxItem) -> String {
    format!("n{}", item.id)
}

/// Runs until `stop` turns true, delivering whatever the outbox holds; wakes at once when a change
/// commits notices, else polls. First takes back what this instance had leased before a restart.
///
/// Deliveries flow continuously: each lane (a ticket, or a requester's direct messages) is delivered
/// in order by a task of its own, and new notices are leased as soon as fewer than [`IN_FLIGHT`] are
/// in hand — so twenty triage posts waiting their turn in the triage channel's bucket never hold up
/// a requester's next question. Of those in hand at most [`TRIAGE_IN_FLIGHT`] are posts or edits of
/// triage messages: when a large incident is resolved, its hundreds of children's triage edits wait
/// on that channel's edit bucket (5 per 5 s), and would otherwise take every place in hand and hold
/// the resolution DMs queued behind them in the outbox.
pub async fn run(bot: Arc<Bot>, mut stop: watch::Receiver<bool>) {
    let wake = bot.desk.outbox_signal();
    let worker = bot.config.instance.clone();
    match bot.desk.deliveries().reclaim(&worker).await {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(notices = n, instance = %worker, "took back the notices leased before a restart")
        }
        Err(e) => tracing::warn!(error = %e, "could not take back earlier leases; they expire by themselves"),
    }
    let renewer = tokio::spawn(renew_leases(bot.clone(), worker.clone(), stop.clone()));
    let storm = tokio::spawn(super::storm::run(bot.clone(), stop.clone()));
    let lanes = Lanes::default();
    loop {
        if *stop.borrow() {
            break;
        }
        let free = IN_FLIGHT.saturating_sub(lanes.in_hand()).min(BATCH as usize);
        let triage_free = TRIAGE_IN_FLIGHT.saturating_sub(lanes.triage_in_hand()).min(free);
        let mut full = false;
        if free > 0 {
            match bot.desk.deliveries().lease_sharing(&worker, free as i64, triage_free as i64).await {
                Ok(items) => {
                    full = items.len() as i64 >= BATCH;
                    for item in items {
                        lanes.push(&bot, item);
                    }
                }
                Err(e) => tracing::error!(error = %e, "leasing notices failed"),
            }
        }
        if full && lanes.in_hand() < IN_FLIGHT {
            continue;
        }
        // A notice put back for a retry is due before the next poll: wake for it, so the backoff is
        // the backoff and not the polling interval.
        let pause = lanes.take_retry_in().map_or(POLL, |r| r.min(POLL));
        tokio::select! {
            () = wake.notified() => {}
            () = lanes.done.notified() => {}
            () = tokio::time::sleep(pause) => {}
            _ = stop.changed() => {}
        }
    }
    // What is in hand gets a moment to finish; anything left keeps its lease until it runs out (or
    // this instance restarts and takes it back), so nothing is lost.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, lanes.idle()).await;
    lanes.abort();
    renewer.abort();
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, storm).await;
}

/// Notices leased at most, in this process, at once.
const IN_FLIGHT: usize = 256;
/// Of those, posts and edits of triage messages at most: they wait on the triage channels' buckets
/// (5 posts and 5 edits per 5 s each), so 64 keep those buckets busy for a minute, and the rest of
/// the places stay free for DMs, thread posts and the coordinators' alerts.
const TRIAGE_IN_FLIGHT: usize = 64;
/// How long shutdown waits for the deliveries in hand.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// The lanes being delivered: each lane's queue, drained in order by one task.
#[derive(Default, Clone)]
struct Lanes {
    inner: Arc<LanesInner>,
}

#[derive(Default)]
struct LanesInner {
    /// The notices of each lane, in order; the front one is being delivered. Shared with the lane's
    /// task, not copied: a burst has hundreds in hand.
    queues: std::sync::Mutex<HashMap<Lane, std::collections::VecDeque<Arc<OutboxItem>>>>,
    in_hand: std::sync::atomic::AtomicUsize,
    /// Of those in hand, the posts and edits of triage messages.
    triage_in_hand: std::sync::atomic::AtomicUsize,
    retry_in: std::sync::Mutex<Option<Duration>>,
    done: tokio::sync::Notify,
    tasks: std::sync::Mutex<Vec<tokio::task::AbortHandle>>,
    /// Shared by every lane, so two tickets of one requester open their DM channel once.
    dm_opening: DmOpening,
}

impl std::ops::Deref for Lanes {
    type Target = LanesInner;
    fn deref(&self) -> &LanesInner {
        &self.inner
    }
}

impl Lanes {
    fn in_hand(&self) -> usize {
        self.in_hand.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn triage_in_hand(&self) -> usize {
        self.triage_in_hand.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn take_retry_in(&self) -> Option<Duration> {
        self.retry_in.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }

    /// Queues `item` on its lane, starting the lane's task when it is not running.
    fn push(&self, bot: &Arc<Bot>, item: OutboxItem) {
        let key = lane(&item);
        self.in_hand.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if to_triage(&item) {
            self.triage_in_hand.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        let start = {
            let mut queues = self.queues.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let queue = queues.entry(key).or_default();
            queue.push_back(Arc::new(item));
            queue.len() == 1
        };
        if start {
            let (lanes, bot) = (self.clone(), bot.clone());
            let task = tokio::spawn(async move { lanes.drain(&bot, key).await });
            let mut tasks = self.tasks.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            tasks.retain(|t| !t.is_finished());
            tasks.push(task.abort_handle());
        }
    }

    /// Delivers the lane's notices in order until its queue is empty.
    async fn drain(&self, bot: &Bot, key: Lane) {
        let dm_opening = &self.dm_opening;
        loop {
            let item = {
                let queues = self.queues.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                queues.get(&key).and_then(|q| q.front().cloned())
            };
            let Some(item) = item else { return };
            if let Some(backoff) = deliver_and_settle(bot, dm_opening, &item).await {
                let mut r = self.retry_in.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                *r = Some(r.map_or(backoff, |r| r.min(backoff)));
            }
            let finished = {
                let mut queues = self.queues.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let queue = queues.entry(key).or_default();
                queue.pop_front();
                let empty = queue.is_empty();
                if empty {
                    queues.remove(&key);
                }
                empty
            };
            if to_triage(&item) {
                self.triage_in_hand.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            }
            self.in_hand.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            self.done.notify_one();
            if finished {
                return;
            }
        }
    }

    /// Stops every lane's task (at shutdown, after the grace period).
    fn abort(&self) {
        for task in self.tasks.lock().unwrap_or_else(std::sync::PoisonError::into_inner).drain(..) {
            task.abort();
        }
    }

    /// Waits until nothing is in hand.
    async fn idle(&self) {
        while self.in_hand() > 0 {
            let _ = tokio::time::timeout(Duration::from_millis(50), self.done.notified()).await;
        }
    }
}

/// Keeps this process's leases alive while it runs; when it dies they run out within the lease.
async fn renew_leases(bot: Arc<Bot>, worker: String, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(RENEW_EVERY) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
        if let Err(e) = bot.desk.deliveries().renew(&worker).await {
            tracing::warn!(error = %e, "renewing outbox leases failed");
        }
    }
}

/// Notices that must go out in order: a ticket's (its triage post opens the thread its thread
/// posts need), or one requester's direct messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Lane {
    Ticket(i64),
    User(DiscordId),
    Alone(i64),
}

fn lane(item: &OutboxItem) -> Lane {
    match (&item.payload, item.ticket_id) {
        (OutboxPayload::Direct(d), _) => Lane::User(d.user_id),
        (_, Some(ticket)) => Lane::Ticket(ticket),
        (_, None) => Lane::Alone(item.id),
    }
}

/// Whether a notice posts or edits a triage message (and so waits on a triage channel's buckets).
fn to_triage(item: &OutboxItem) -> bool {
    item.payload.notice().is_some_and(|n| n.recipient == Recipient::Triage)
}

/// Leases and delivers one batch, and returns when it is done: how many notices it handled, and how
/// soon the first of those put back for a retry is due (for timers and tests that deliver in
/// steps; the running bot delivers continuously, see [`run`]).
pub async fn deliver_batch(bot: &Bot, worker: &str) -> (usize, Option<Duration>) {
    let items = match bot.desk.deliveries().lease(worker, BATCH).await {
        Ok(items) => items,
        Err(e) => {
            tracing::error!(error = %e, "leasing notices failed");
            return (0, None);
        }
    };
    let count = items.len();
    // Each lane in order; different lanes side by side, so Discord's latency is paid once per
    // round, not per notice.
    let mut lanes: Vec<Vec<OutboxItem>> = Vec::new();
    for item in items {
        match lanes.iter_mut().find(|g| lane(&g[0]) == lane(&item)) {
            Some(group) => group.push(item),
            None => lanes.push(vec![item]),
        }
    }
    let retry_in = std::sync::Mutex::new(None::<Duration>);
    let dm_opening = DmOpening::default();
    futures_util::stream::iter(lanes)
        .for_each_concurrent(CONCURRENT_TICKETS, |group| {
            let (retry_in, dm_opening) = (&retry_in, &dm_opening);
            async move {
                for item in group {
                    if let Some(backoff) = deliver_and_settle(bot, dm_opening, &item).await {
                        let mut r = retry_in.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        *r = Some(r.map_or(backoff, |r| r.min(backoff)));
                    }
                }
            }
        })
        .await;
    (count, retry_in.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// Delivers one notice in its reader's language and records the outcome (what the thread is told
/// of a failure is staff's); the backoff when it is put back for a retry.
async fn deliver_and_settle(bot: &Bot, dm_opening: &DmOpening, item: &OutboxItem) -> Option<Duration> {
    let lang = reader_of(bot, item).await;
    let outcome = super::catalogue::speaking(lang, deliver(bot, dm_opening, item)).await;
    super::catalogue::speaking(bot.staff_lang(), settle(bot, item, outcome)).await
}

/// The language of whoever reads a notice: its requester or watcher in theirs, staff in the
/// server's. An intake message (`Direct`) was worded when it was queued.
async fn reader_of(bot: &Bot, item: &OutboxItem) -> crate::domain::Lang {
    match &item.payload {
        OutboxPayload::Notice(notice) => match notice.recipient {
            Recipient::User { id } => bot.reader_lang(id, None).await,
            _ => bot.staff_lang(),
        },
        OutboxPayload::Direct(direct) => bot.reader_lang(direct.user_id, None).await,
        OutboxPayload::Digest(_) => bot.staff_lang(),
    }
}

/// Records the outcome of one delivery; returns the backoff when the notice is put back for a retry.
async fn settle(bot: &Bot, item: &OutboxItem, outcome: Result<(), Failure>) -> Option<Duration> {
    let deliveries = bot.desk.deliveries();
    let notice = item.payload.notice();
    let recipient = notice.map_or(Recipient::User { id: 0 }, |n| n.recipient);
    // A ticket missing from triage is a ticket nobody works on: when the triage channel is gone or
    // the bot lost its permissions there, keep trying (with the capped backoff) until an admin fixes
    // it, and say so loudly, rather than give the post up.
    let outcome = match outcome {
        Err(Failure::Permanent { reason, .. }) if recipient == Recipient::Triage => {
            tracing::error!(
                notice = item.id,
                channel = bot.config.triage_channel_id,
                %reason,
                "cannot post to the triage channel: check that it exists and that the bot may post and \
                 open threads there; retrying"
            );
            Err(Failure::Transient(reason))
        }
        other => other,
    };
    let retry_in = match &outcome {
        Err(Failure::Transient(_)) => backoff(recipient, item.attempts),
        _ => None,
    };
    let result = match outcome {
        Ok(()) => deliveries.delivered(item.id).await,
        Err(Failure::Transient(reason)) if let Some(wait) = retry_in => {
            tracing::warn!(notice = item.id, attempt = item.attempts + 1, %reason, "delivery failed; will retry");
            let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::seconds(60));
            deliveries.retry(item.id, wait, &reason).await
        }
        Err(Failure::Transient(reason)) => {
            tracing::error!(notice = item.id, %reason, "delivery failed; giving up");
            deliveries.failed(item.id, &reason).await
        }
        Err(Failure::Permanent { reason, dms_closed }) => {
            tracing::warn!(notice = item.id, %reason, "delivery failed permanently");
            let failed = deliveries.failed(item.id, &reason).await;
            if let (Some(notice), Some(ticket_id)) = (notice, item.ticket_id)
                && let Recipient::User { id } = notice.recipient
                && !matches!(notice.kind, NoticeKind::DeliveryFailed { .. })
            {
                let why = if dms_closed { format!("DMs closed ({CANNOT_DM_USER})") } else { reason.clone() };
                if let Err(e) = bot.desk.delivery_failed(ticket_id, id, &why).await {
                    tracing::error!(error = %e, "recording a failed delivery failed");
                }
            }
            failed
        }
    };
    if let Err(e) = result {
        tracing::error!(notice = item.id, error = %e, "recording a delivery's outcome failed");
    }
    retry_in
}

/// One lock per user whose DM channel is being opened in this round of deliveries: two tickets of
/// one requester are delivered side by side, and without it both would find no cached channel and
/// open it twice (a request each). With it the second waits and finds the first one's channel.
#[derive(Default)]
struct DmOpening(std::sync::Mutex<HashMap<DiscordId, Arc<tokio::sync::Mutex<()>>>>);

impl DmOpening {
    fn lock_for(&self, user: DiscordId) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget the locks nobody holds or waits for, so the map stays as small as the traffic.
        locks.retain(|_, l| Arc::strong_count(l) > 1);
        locks.entry(user).or_default().clone()
    }
}

async fn deliver(bot: &Bot, dm_opening: &DmOpening, item: &OutboxItem) -> Result<(), Failure> {
    let notice = match &item.payload {
        OutboxPayload::Notice(notice) => notice,
        OutboxPayload::Direct(direct) => {
            return send_dm(bot, dm_opening, direct.user_id, direct.channel_id, &direct.body, &nonce(item))
                .await;
        }
        OutboxPayload::Digest(digest) => {
            let channel = bot.config.coordinator_channel_id as u64;
            let post = render::digest_post(digest).into_message();
            bot.rest.create_message(channel, post, Some(&nonce(item))).await?;
            return Ok(());
        }
    };
    let Some(ticket_id) = item.ticket_id else {
        return Err(Failure::Permanent { reason: "notice without a ticket".into(), dms_closed: false });
    };
    let ticket = bot.desk.deliveries().ticket(ticket_id).await?;
    match notice.recipient {
        Recipient::Triage => refresh_triage(bot, ticket, &nonce(item)).await,
        Recipient::Thread => {
            let level_role = match &notice.kind {
                NoticeKind::LevelPing { level } => Some(bot.config.roles.for_level(*level)),
                NoticeKind::SlaWarning { .. } | NoticeKind::SlaBreached { .. } => {
                    Some(bot.config.roles.for_level(ticket.level))
                }
                _ => None,
            };
            let Some(post) = render::thread_post(&ticket, &notice.kind, level_role) else {
                return Ok(());
            };
            match (ticket.thread_id, ticket.parent_id) {
                // A child of an incident with no post of its own is worked on in its incident's
                // thread: what concerns it (a relayed DM, say) goes there, under its own number.
                (None, Some(parent)) => {
                    let parent = bot.desk.deliveries().ticket(parent).await?;
                    post_in_thread(bot, &parent, post, &nonce(item)).await
                }
                _ => post_in_thread(bot, &ticket, post, &nonce(item)).await,
            }
        }
        Recipient::User { id } => match render::notice_dm(&ticket, &notice.kind, id) {
            Some(dm) => send_dm(bot, dm_opening, id, None, dm.into_message(), &nonce(item)).await,
            None => Ok(()),
        },
        Recipient::Coordinators => match render::coordinators_post(&ticket, &notice.kind) {
            Some(post) => {
                let channel = bot.config.coordinator_channel_id as u64;
                bot.rest.create_message(channel, post.into_message(), Some(&nonce(item))).await?;
                Ok(())
            }
            None => Ok(()),
        },
    }
}

/// Posts the ticket's triage message and opens its thread, or edits the message in place. A triage
/// message that was deleted is posted again, so the ticket never disappears from triage.
async fn refresh_triage(bot: &Bot, mut ticket: Ticket, nonce: &str) -> Result<(), Failure> {
    let channel = triage_channel_of(bot, &ticket).await?;
    // The answers keep the questions as the requester read them; staff read them in theirs.
    let questions = bot.config.helpdesk.catalog_in(super::catalogue::lang()).category(&ticket.category);
    for answer in &mut ticket.answers {
        if let Some(q) = questions.and_then(|c| c.questions.iter().find(|q| q.key == answer.key)) {
            answer.question = q.prompt.clone();
        }
    }
    // A child of an incident without a post of its own is shown by its incident's ("+N affected").
    if ticket.parent_id.is_some() && ticket.triage_message_id.is_none() {
        return Ok(());
    }
    let category = bot.category_name(&ticket.category);
    let now = bot.now();
    let incident = bot.desk.incident_view(&ticket).await.map_err(|e| Failure::Transient(e.to_string()))?;
    if let Some(message_id) = ticket.triage_message_id {
        let edit = render::triage_edit(&ticket, &category, &incident, now);
        match bot.rest.edit_message(channel, message_id as u64, edit).await {
            Ok(_) => {
                if ticket.thread_id.is_none() {
                    open_thread(bot, &ticket, channel, message_id).await?;
                }
                return Ok(());
            }
            Err(e) if e.code() == Some(UNKNOWN_MESSAGE) => {
                tracing::warn!(ticket = %ticket.label(), "the triage message was deleted; posting it again");
            }
            Err(e) => return Err(e.into()),
        }
    }
    let post = render::triage_post(&ticket, &category, &incident, now);
    // A triage post always leaves the request the channel keeps for a storm summary: tickets that
    // come one at a time, a fraction of a second apart, would otherwise take the whole window, and
    // the summary of those that follow would wait for the channel's next reset.
    let message_id = bot.rest.create_triage_post(channel, post, nonce).await?.id as i64;
    if channel != bot.config.triage_channel_id as u64 {
        bot.desk.deliveries().triage_channel_chosen(ticket.id, channel as i64).await?;
    }
    // A reposted message keeps the ticket's thread: Discord keeps a thread whose first message was
    // deleted, with the conversation so far, and the technicians are in it; its notes and relays must
    // go on reaching the ticket. Should the thread be gone too, the next post there opens a new one.
    bot.desk.deliveries().triage_posted(ticket.id, message_id, ticket.thread_id).await?;
    tracing::info!(ticket = %ticket.label(), triage_message = message_id, "ticket posted in triage");
    if ticket.thread_id.is_none() {
        open_thread(bot, &ticket, channel, message_id).await?;
    }
    Ok(())
}

/// The channel of the ticket's triage message: the one it was posted in, or for a ticket not yet
/// posted, its category's or level's triage channel (else the default one).
async fn triage_channel_of(bot: &Bot, ticket: &Ticket) -> Result<u64, Failure> {
    if let Some(channel) = bot.desk.deliveries().triage_channel(ticket.id).await? {
        return Ok(channel as u64);
    }
    let channel = match ticket.triage_message_id {
        // Posted before channels per category or level, or in the default channel.
        Some(_) => bot.config.triage_channel_id,
        None => bot.config.triage_channel_for(&ticket.category, ticket.level),
    };
    Ok(channel as u64)
}

/// Starts the ticket's thread on its triage message (or finds it: a retry after a crash finds the
/// thread Discord already made, which has the message's id).
async fn open_thread(
    bot: &Bot,
    ticket: &Ticket,
    channel: u64,
    message_id: DiscordId,
) -> Result<DiscordId, Failure> {
    let thread = bot
        .rest
        .thread_from_message(channel, message_id as u64, &render::thread_name(ticket), THREAD_ARCHIVE_MINUTES)
        .await?;
    let thread_id = thread.id as i64;
    bot.desk.deliveries().triage_posted(ticket.id, message_id, Some(thread_id)).await?;
    Ok(thread_id)
}

async fn post_in_thread(bot: &Bot, ticket: &Ticket, post: Outgoing, nonce: &str) -> Result<(), Failure> {
    // The thread is opened by the triage notice queued before this one; until then, wait.
    let Some(thread_id) = ticket.thread_id else {
        return Err(Failure::Transient(format!("{} has no thread yet", ticket.label())));
    };
    let message = post.into_message();
    match bot.rest.create_message(thread_id as u64, &message, Some(nonce)).await {
        Ok(_) => Ok(()),
        // Someone deleted the thread: open a new one on the triage message, so the ticket keeps a
        // workspace, and post there.
        Err(e) if e.code() == Some(UNKNOWN_CHANNEL) => {
            let Some(message_id) = ticket.triage_message_id else { return Err(e.into()) };
            tracing::warn!(ticket = %ticket.label(), "the ticket's thread was deleted; opening a new one");
            let channel = triage_channel_of(bot, ticket).await?;
            let thread = open_thread(bot, ticket, channel, message_id).await?;
            bot.rest.create_message(thread as u64, &message, Some(nonce)).await?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// DMs a user: in `channel` when known, else in the DM channel opened once and remembered (one
/// request per DM after the first).
async fn send_dm(
    bot: &Bot,
    dm_opening: &DmOpening,
    user: DiscordId,
    channel: Option<DiscordId>,
    message: impl serde::Serialize,
    nonce: &str,
) -> Result<(), Failure> {
    let deliveries = bot.desk.deliveries();
    let mut cached = match channel {
        Some(c) => Some(c),
        None => deliveries.dm_channel(user).await?,
    };
    let channel = match cached {
        Some(c) => c,
        None => {
            let lock = dm_opening.lock_for(user);
            let _opening = lock.lock().await;
            cached = deliveries.dm_channel(user).await?;
            match cached {
                Some(c) => c,
                None => open_dm(bot, user).await?,
            }
        }
    };
    match bot.rest.create_message(channel as u64, &message, Some(nonce)).await {
        Ok(_) => Ok(()),
        Err(e) if cached.is_some() && e.code() == Some(UNKNOWN_CHANNEL) => {
            let channel = open_dm(bot, user).await?;
            bot.rest.create_message(channel as u64, &message, Some(nonce)).await?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

async fn open_dm(bot: &Bot, user: DiscordId) -> Result<DiscordId, Failure> {
    let channel = bot.rest.open_dm(user as u64).await?.id as i64;
    bot.desk.deliveries().remember_dm_channel(user, channel).await?;
    Ok(channel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_half_a_second_up_to_five_minutes() {
        let waits: Vec<Option<Duration>> = (0..4).map(|a| backoff(Recipient::Thread, a)).collect();
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(waits, [ms(500), ms(1000), ms(2000), ms(4000)]);
        assert_eq!(backoff(Recipient::Triage, 10), Some(MAX_BACKOFF));
        assert_eq!(backoff(Recipient::Triage, i32::MAX), Some(MAX_BACKOFF));
    }

    #[test]
    fn a_dm_is_given_up_after_about_a_quarter_hour_of_failures_but_the_triage_message_never() {
        let dm = Recipient::User { id: 7 };
        let attempts_made = (0..).take_while(|&a| backoff(dm, a).is_some()).count() + 1;
        assert_eq!(attempts_made, MAX_ATTEMPTS as usize);
        let window: Duration = (0..MAX_ATTEMPTS).filter_map(|a| backoff(dm, a)).sum();
        assert!(window > Duration::from_secs(10 * 60) && window < Duration::from_secs(20 * 60), "{window:?}");
        assert!((0..1000).all(|a| backoff(Recipient::Triage, a).is_some()));
    }
}
