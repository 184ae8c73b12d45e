//! The outbox deliverer: sends the notices that committed changes left behind — posting or editing
//! the triage message, DMs to requesters and watchers, thread posts — and marks them done.
//!
//! A notice is leased to one deliverer at a time (several bot processes may share a database), sent,
//! then marked delivered; a 429 or a 5xx is retried with backoff, a permanent error is recorded. When a
//! requester's DMs are closed (50007) the failure is said in the ticket's thread and the bot goes on.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serenity::all::AutoArchiveDuration;
use serenity::all::{ChannelId, CreateThread, Http, MessageId, UserId};
use tokio::sync::watch;

use super::bot::Bot;
use super::render::{self, Outgoing};
use crate::domain::{DiscordId, NoticeKind, Recipient, Ticket};
use crate::store::{OutboxItem, StoreError};

/// How many notices one lease takes.
const BATCH: i64 = 25;
/// How long a lease holds before another deliverer may take the notice.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// How often the outbox is polled when nothing wakes the deliverer.
const POLL: Duration = Duration::from_secs(2);
/// Attempts before a notice is given up.
const MAX_ATTEMPTS: i32 = 8;

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
        let handled = deliver_batch(&bot, &http, &worker).await;
        if handled as i64 >= BATCH {
            continue;
        }
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => {}
        }
    }
    // One last pass, so notices of the interactions that finished during shutdown go out.
    deliver_batch(&bot, &http, &worker).await;
}

/// Leases and delivers one batch; returns how many notices it handled.
pub async fn deliver_batch(bot: &Bot, http: &Http, worker: &str) -> usize {
    let store = bot.desk.store();
    let now = bot.now();
    let items = match store.lease_notices(worker, now, now + LEASE, BATCH).await {
        Ok(items) => items,
        Err(e) => {
            tracing::error!(error = %e, "leasing notices failed");
            return 0;
        }
    };
    let count = items.len();
    for item in items {
        let outcome = deliver(bot, http, &item).await;
        settle(bot, &item, outcome).await;
    }
    count
}

async fn settle(bot: &Bot, item: &OutboxItem, outcome: Result<(), Failure>) {
    let store = bot.desk.store();
    let now = bot.now();
    let result = match outcome {
        Ok(()) => store.notice_delivered(item.id, now).await,
        Err(Failure::Transient(reason)) if item.attempts + 1 < MAX_ATTEMPTS => {
            let backoff = chrono::Duration::milliseconds(500 * (1i64 << item.attempts.clamp(0, 10)));
            tracing::warn!(notice = item.id, attempt = item.attempts + 1, %reason, "delivery failed; will retry");
            store.notice_retry(item.id, now + backoff, &reason).await
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
}

async fn deliver(bot: &Bot, http: &Http, item: &OutboxItem) -> Result<(), Failure> {
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
            Some(dm) => send_dm(bot, http, id, dm).await,
            None => Ok(()),
        },
        Recipient::Coordinators => match render::coordinators_post(&ticket, &item.notice.kind) {
            Some(post) => bot
                .coordinator_channel()
                .send_message(http, post.into_message())
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
        match channel.edit_message(http, MessageId::new(message_id as u64), edit).await {
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
    let message = channel
        .send_message(http, render::triage_post(&ticket, &category, now))
        .await
        .map_err(|e| classify(&e))?;
    let message_id = message.id.get() as i64;
    bot.desk.store().set_triage_refs(ticket.id, message_id, None).await?;
    open_thread(bot, http, &ticket, message_id).await
}

async fn open_thread(bot: &Bot, http: &Http, ticket: &Ticket, message_id: DiscordId) -> Result<(), Failure> {
    let thread = bot
        .triage_channel()
        .create_thread_from_message(
            http,
            MessageId::new(message_id as u64),
            CreateThread::new(render::thread_name(ticket))
                .auto_archive_duration(AutoArchiveDuration::OneWeek),
        )
        .await
        .map_err(|e| classify(&e))?;
    bot.desk.store().set_triage_refs(ticket.id, message_id, Some(thread.id.get() as i64)).await?;
    Ok(())
}

async fn post_in_thread(bot: &Bot, http: &Http, ticket: &Ticket, post: Outgoing) -> Result<(), Failure> {
    // The thread is opened by the triage notice queued before this one; until then, wait.
    let Some(thread_id) = ticket.thread_id else {
        return Err(Failure::Transient(format!("{} has no thread yet", ticket.label())));
    };
    let _ = bot;
    ChannelId::new(thread_id as u64)
        .send_message(http, post.into_message())
        .await
        .map(|_| ())
        .map_err(|e| classify(&e))
}

/// DMs a user, opening the DM channel once and remembering it (one request per DM after the first).
async fn send_dm(bot: &Bot, http: &Http, user: DiscordId, dm: Outgoing) -> Result<(), Failure> {
    let store = bot.desk.store();
    let cached = store.dm_channel(user).await?;
    let channel = match cached {
        Some(c) => ChannelId::new(c as u64),
        None => open_dm(bot, http, user).await?,
    };
    match channel.send_message(http, dm.clone().into_message()).await {
        Ok(_) => Ok(()),
        Err(e) if cached.is_some() && discord_error(&e).is_some_and(|(_, code)| code == UNKNOWN_CHANNEL) => {
            let channel = open_dm(bot, http, user).await?;
            channel.send_message(http, dm.into_message()).await.map(|_| ()).map_err(|e| classify(&e))
        }
        Err(e) => Err(classify(&e)),
    }
}

async fn open_dm(bot: &Bot, http: &Http, user: DiscordId) -> Result<ChannelId, Failure> {
    let channel = UserId::new(user as u64).create_dm_channel(http).await.map_err(|e| classify(&e))?;
    bot.desk.store().save_dm_channel(user, channel.id.get() as i64).await?;
    Ok(channel.id)
}
