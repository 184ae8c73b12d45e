//! The outbox deliverer: sends the notices that committed changes left behind — posting or editing
//! the triage message, DMs to requesters and watchers, thread posts — and marks them done.
//!
//! A notice is leased to one deliverer at a time (several bot processes may share a database), sent,
//! then marked delivered; a 429 or a 5xx is retried with backoff, a permanent error is recorded. When a
//! requester's DMs are closed (50007) the failure is said in the ticket's thread and the bot goes on.
//!
//! With serenity's rate limiter on (production) serenity itself waits out a 429 for its
//! `retry_after`; with it off (against a local Discord) the 429 arrives here, where serenity's error
//! no longer carries `retry_after`, and the backoff applies instead.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures_util::StreamExt;
use serenity::all::AutoArchiveDuration;
use serenity::all::{ChannelId, CreateThread, Http, MessageId, UserId};
use tokio::sync::watch;

use super::context::Bot;
use super::render::{self, Outgoing};
use crate::domain::{DiscordId, NoticeKind, Recipient, Ticket};
use crate::store::{OutboxItem, StoreError};

/// How many notices one lease takes.
const BATCH: i64 = 25;
/// Tickets whose notices are delivered side by side.
const CONCURRENT_TICKETS: usize = 8;
/// How long a lease holds before another deliverer may take the notice.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// How often the outbox is polled when nothing wakes the deliverer.
const POLL: Duration = Duration::from_secs(2);
/// Attempts before a notice other than the triage message is given up: with the backoff below, about
/// 13 minutes of Discord failing.
const MAX_ATTEMPTS: i32 = 12;
/// The first retry waits this long; each next one twice as long, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(300);

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
    /// Try again later (429, 5xx, network, a thread that does not exist yet).
    Transient(String),
    /// Will never work (DMs closed, missing permissions, a malformed request).
    Permanent { reason: String, dms_closed: bool },
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Transient(format!("store: {e}"))
    }
}

/// Discord's JSON error code and HTTP status of a failed request, when it was one.
pub fn discord_error(e: &serenity::Error) -> Option<(u16, isize)> {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => {
            Some((r.status_code.as_u16(), r.error.code))
        }
        _ => None,
    }
}

/// Discord's error code for "Cannot send messages to this user".
pub const CANNOT_DM_USER: isize = 50007;
const UNKNOWN_CHANNEL: isize = 10003;
const UNKNOWN_MESSAGE: isize = 10008;

fn classify(e: &serenity::Error) -> Failure {
    match discord_error(e) {
        Some((_, CANNOT_DM_USER)) => Failure::Permanent {
            reason: format!("DMs closed (Discord error {CANNOT_DM_USER})"),
            dms_closed: true,
        },
        Some((status, code)) if status == 429 || status >= 500 => {
            Failure::Transient(format!("Discord answered {status} (code {code})"))
        }
        Some((status, code)) => Failure::Permanent {
            reason: format!("Discord answered {status} (code {code})"),
            dms_closed: false,
        },
        None => Failure::Transient(e.to_string()),
    }
}

/// Runs until `stop` turns true, delivering whatever the outbox holds; wakes at once when a change
/// commits notices, else polls.
pub async fn run(bot: Arc<Bot>, http: Arc<Http>, mut stop: watch::Receiver<bool>) {
    let wake = bot.desk.outbox_signal();
    let worker = format!("deskbot-{}-{}", std::process::id(), Utc::now().timestamp_micros());
    loop {
        if *stop.borrow() {
            break;
        }
        let (handled, retry_in) = deliver_batch(&bot, &http, &worker).await;
        if handled as i64 >= BATCH {
            continue;
        }
        // A notice put back for a retry is due before the next poll: wake for it, so the backoff is
        // the backoff and not the polling interval.
        let pause = retry_in.map_or(POLL, |r| r.min(POLL));
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(pause) => {}
            _ = stop.changed() => {}
        }
    }
    // One last pass, so notices of the interactions that finished during shutdown go out.
    deliver_batch(&bot, &http, &worker).await;
}

/// Leases and delivers one batch; returns how many notices it handled, and how soon the first of
/// those put back for a retry is due.
pub async fn deliver_batch(bot: &Bot, http: &Http, worker: &str) -> (usize, Option<Duration>) {
    let store = bot.desk.store();
    let now = bot.now();
    let items = match store.lease_notices(worker, now, now + LEASE, BATCH).await {
        Ok(items) => items,
        Err(e) => {
            tracing::error!(error = %e, "leasing notices failed");
            return (0, None);
        }
    };
    let count = items.len();
    // Each ticket's notices in order (its triage post opens the thread its thread posts need);
    // different tickets side by side, so Discord's latency is paid once per round, not per notice.
    let mut by_ticket: Vec<Vec<OutboxItem>> = Vec::new();
    for item in items {
        match by_ticket.iter_mut().find(|g| g[0].ticket_id == item.ticket_id) {
            Some(group) => group.push(item),
            None => by_ticket.push(vec![item]),
        }
    }
    let retry_in = std::sync::Mutex::new(None::<Duration>);
    let dm_opening = DmOpening::default();
    futures_util::stream::iter(by_ticket)
        .for_each_concurrent(CONCURRENT_TICKETS, |group| {
            let (retry_in, dm_opening) = (&retry_in, &dm_opening);
            async move {
                for item in group {
                    let outcome = deliver(bot, http, dm_opening, &item).await;
                    if let Some(backoff) = settle(bot, &item, outcome).await {
                        let mut r = retry_in.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        *r = Some(r.map_or(backoff, |r| r.min(backoff)));
                    }
                }
            }
        })
        .await;
    (count, retry_in.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// Records the outcome of one delivery; returns the backoff when the notice is put back for a retry.
async fn settle(bot: &Bot, item: &OutboxItem, outcome: Result<(), Failure>) -> Option<Duration> {
    let store = bot.desk.store();
    let now = bot.now();
    // A ticket missing from triage is a ticket nobody works on: when the triage channel is gone or
    // the bot lost its permissions there, keep trying (with the capped backoff) until an admin fixes
    // it, and say so loudly, rather than give the post up.
    let outcome = match outcome {
        Err(Failure::Permanent { reason, .. }) if item.notice.recipient == Recipient::Triage => {
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
        Err(Failure::Transient(_)) => backoff(item.notice.recipient, item.attempts),
        _ => None,
    };
    let result = match outcome {
        Ok(()) => store.notice_delivered(item.id, now).await,
        Err(Failure::Transient(reason)) if let Some(wait) = retry_in => {
            tracing::warn!(notice = item.id, attempt = item.attempts + 1, %reason, "delivery failed; will retry");
            let due = now + chrono::Duration::from_std(wait).unwrap_or(LEASE);
            store.notice_retry(item.id, due, &reason).await
        }
        Err(Failure::Transient(reason)) => {
            tracing::error!(notice = item.id, %reason, "delivery failed; giving up");
            store.notice_failed(item.id, now, &reason).await
        }
        Err(Failure::Permanent { reason, dms_closed }) => {
            tracing::warn!(notice = item.id, %reason, "delivery failed permanently");
            let failed = store.notice_failed(item.id, now, &reason).await;
            if let (Recipient::User { id }, Some(ticket_id)) = (item.notice.recipient, item.ticket_id) {
                if !matches!(item.notice.kind, NoticeKind::DeliveryFailed { .. }) {
                    let why =
                        if dms_closed { format!("DMs closed ({CANNOT_DM_USER})") } else { reason.clone() };
                    if let Err(e) = bot.desk.delivery_failed(ticket_id, id, &why).await {
                        tracing::error!(error = %e, "recording a failed delivery failed");
                    }
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
        locks.entry(user).or_default().clone()
    }
}

async fn deliver(bot: &Bot, http: &Http, dm_opening: &DmOpening, item: &OutboxItem) -> Result<(), Failure> {
    let Some(ticket_id) = item.ticket_id else {
        return Err(Failure::Permanent { reason: "notice without a ticket".into(), dms_closed: false });
    };
    let ticket = match bot.desk.store().ticket(ticket_id).await {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            return Err(Failure::Permanent {
                reason: "the ticket no longer exists".into(),
                dms_closed: false,
            });
        }
        Err(e) => return Err(e.into()),
    };
    match item.notice.recipient {
        Recipient::Triage => refresh_triage(bot, http, ticket).await,
        Recipient::Thread => {
            let level_role = match &item.notice.kind {
                NoticeKind::LevelPing { level } => Some(bot.config.roles.for_level(*level)),
                _ => None,
            };
            match render::thread_post(&ticket, &item.notice.kind, level_role) {
                Some(post) => post_in_thread(bot, http, &ticket, post).await,
                None => Ok(()),
            }
        }
        Recipient::User { id } => match render::notice_dm(&ticket, &item.notice.kind, id) {
            Some(dm) => send_dm(bot, http, dm_opening, id, dm).await,
            None => Ok(()),
        },
        Recipient::Coordinators => match render::coordinators_post(&ticket, &item.notice.kind) {
            Some(post) => bot
                .pacer
                .send(bot.coordinator_channel().send_message(http, post.into_message()))
                .await
                .map(|_| ())
                .map_err(|e| classify(&e)),
            None => Ok(()),
        },
    }
}

/// Posts the ticket's triage message and opens its thread, or edits the message in place. A triage
/// message that was deleted is posted again, so the ticket never disappears from triage.
async fn refresh_triage(bot: &Bot, http: &Http, ticket: Ticket) -> Result<(), Failure> {
    let channel = bot.triage_channel();
    let category = bot.category_name(&ticket.category);
    let now = bot.now();
    if let Some(message_id) = ticket.triage_message_id {
        let edit = render::triage_edit(&ticket, &category, now);
        match bot.pacer.send(channel.edit_message(http, MessageId::new(message_id as u64), edit)).await {
            Ok(_) => {
                if ticket.thread_id.is_none() {
                    open_thread(bot, http, &ticket, message_id).await?;
                }
                return Ok(());
            }
            Err(e) if discord_error(&e).is_some_and(|(_, code)| code == UNKNOWN_MESSAGE) => {
                tracing::warn!(ticket = %ticket.label(), "the triage message was deleted; posting it again");
            }
            Err(e) => return Err(classify(&e)),
        }
    }
    let message = bot
        .pacer
        .send(channel.send_message(http, render::triage_post(&ticket, &category, now)))
        .await
        .map_err(|e| classify(&e))?;
    let message_id = message.id.get() as i64;
    // A reposted message keeps the ticket's thread: Discord keeps a thread whose first message was
    // deleted, with the conversation so far, and the technicians are in it; its notes and relays must
    // go on reaching the ticket. Should the thread be gone too, the next post there opens a new one.
    bot.desk.store().set_triage_refs(ticket.id, message_id, ticket.thread_id).await?;
    if ticket.thread_id.is_none() {
        open_thread(bot, http, &ticket, message_id).await?;
    }
    Ok(())
}

async fn open_thread(
    bot: &Bot,
    http: &Http,
    ticket: &Ticket,
    message_id: DiscordId,
) -> Result<ChannelId, Failure> {
    let thread = bot
        .pacer
        .send(
            bot.triage_channel().create_thread_from_message(
                http,
                MessageId::new(message_id as u64),
                CreateThread::new(render::thread_name(ticket))
                    .auto_archive_duration(AutoArchiveDuration::OneWeek),
            ),
        )
        .await
        .map_err(|e| classify(&e))?;
    bot.desk.store().set_triage_refs(ticket.id, message_id, Some(thread.id.get() as i64)).await?;
    Ok(thread.id)
}

async fn post_in_thread(bot: &Bot, http: &Http, ticket: &Ticket, post: Outgoing) -> Result<(), Failure> {
    // The thread is opened by the triage notice queued before this one; until then, wait.
    let Some(thread_id) = ticket.thread_id else {
        return Err(Failure::Transient(format!("{} has no thread yet", ticket.label())));
    };
    match bot
        .pacer
        .send(ChannelId::new(thread_id as u64).send_message(http, post.clone().into_message()))
        .await
    {
        Ok(_) => Ok(()),
        // Someone deleted the thread: open a new one on the triage message, so the ticket keeps a
        // workspace, and post there.
        Err(e) if discord_error(&e).is_some_and(|(_, code)| code == UNKNOWN_CHANNEL) => {
            let Some(message_id) = ticket.triage_message_id else { return Err(classify(&e)) };
            tracing::warn!(ticket = %ticket.label(), "the ticket's thread was deleted; opening a new one");
            let thread = open_thread(bot, http, ticket, message_id).await?;
            bot.pacer
                .send(thread.send_message(http, post.into_message()))
                .await
                .map(|_| ())
                .map_err(|e| classify(&e))
        }
        Err(e) => Err(classify(&e)),
    }
}

/// DMs a user, opening the DM channel once and remembering it (one request per DM after the first).
async fn send_dm(
    bot: &Bot,
    http: &Http,
    dm_opening: &DmOpening,
    user: DiscordId,
    dm: Outgoing,
) -> Result<(), Failure> {
    let store = bot.desk.store();
    let mut cached = store.dm_channel(user).await?;
    let channel = match cached {
        Some(c) => ChannelId::new(c as u64),
        None => {
            let lock = dm_opening.lock_for(user);
            let _opening = lock.lock().await;
            cached = store.dm_channel(user).await?;
            match cached {
                Some(c) => ChannelId::new(c as u64),
                None => open_dm(bot, http, user).await?,
            }
        }
    };
    match bot.pacer.send(channel.send_message(http, dm.clone().into_message())).await {
        Ok(_) => Ok(()),
        Err(e) if cached.is_some() && discord_error(&e).is_some_and(|(_, code)| code == UNKNOWN_CHANNEL) => {
            let channel = open_dm(bot, http, user).await?;
            bot.pacer
                .send(channel.send_message(http, dm.into_message()))
                .await
                .map(|_| ())
                .map_err(|e| classify(&e))
        }
        Err(e) => Err(classify(&e)),
    }
}

async fn open_dm(bot: &Bot, http: &Http, user: DiscordId) -> Result<ChannelId, Failure> {
    let channel =
        bot.pacer.send(UserId::new(user as u64).create_dm_channel(http)).await.map_err(|e| classify(&e))?;
    bot.desk.store().save_dm_channel(user, channel.id.get() as i64).await?;
    Ok(channel.id)
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
