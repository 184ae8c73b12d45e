//! Triage under a storm: when new tickets arrive faster than a triage channel takes messages
//! (Discord lets a channel take about one new message a second: 5 per 5 s), the ones still waiting
//! for their own post are shown at once in one **storm summary** per channel — their numbers in
//! runs, their categories and priorities, and a select to claim one — which is edited as more
//! arrive and as each gets its own post. When none is left waiting, it says so.
//!
//! Nothing is lost or shown twice, across restarts and several processes:
//! - the summary of a channel is leased to one process at a time, and what it shows (its message
//!   and the tickets listed, as Discord last accepted them) is recorded in the database, so a
//!   restart edits the same message instead of posting another;
//! - the summary is posted with a nonce derived from the channel and the summary's generation, so a
//!   retry after a crash between posting and recording returns the message already posted;
//! - a ticket is listed only while it has no post of its own: it leaves the summary at the first
//!   edit after its post, and the last edit lists none.
//!
//! Pacing: the summary is posted in the request the channel's bucket keeps for it (see
//! [`Rest::keep_for_summary`](super::rest::Rest::keep_for_summary)), ahead of the posts it stands
//! in for; it is edited in the edit bucket (5 per 5 s per channel) when the arrivals pause for
//! [`QUIET`] or it has been behind for [`STALE`], so a burst costs a few edits and its last ticket
//! is shown soon after it arrives. Tickets that got their own post leave it at a slower pace
//! ([`LEAVING`]), which keeps most of the channel's edits for showing new ones.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::context::Bot;
use super::render;
use super::rest::UNKNOWN_MESSAGE;
use crate::domain::{DiscordId, Ticket};
use crate::store::SummaryRecord;

/// The shortest time between two looks: a burst's arrivals, each waking the summary, are taken a
/// few at a time.
const TICK_BUSY: Duration = Duration::from_millis(30);
/// How often the waiting tickets are read while a storm is on and nothing is due sooner: tickets
/// opened by another process (which wakes only its own summary) are shown within this.
const TICK_STORM: Duration = Duration::from_millis(200);
/// How often they are read while none waits.
const TICK_IDLE: Duration = Duration::from_millis(250);
/// More tickets than this waiting for their post in one channel is a storm.
const STORM_BACKLOG: usize = 4;
/// A channel whose next post is further away than this is in a storm as soon as one ticket waits.
const STORM_WAIT: Duration = Duration::from_secs(2);
/// The summary is edited to show new tickets when none arrived for this long…
const QUIET: Duration = Duration::from_millis(60);
/// …or when it has been behind for this long.
const STALE: Duration = Duration::from_millis(750);
/// The edit window's last request is taken only when no ticket arrived for this long (or the edit
/// is the last one): a storm's arrivals often pause for [`QUIET`], and an edit in such a pause that
/// took the last request would leave the burst's real last tickets waiting for the window's reset
/// (up to 5 s).
const QUIET_LAST: Duration = Duration::from_millis(300);
/// Tickets that got their own post leave it at this pace: the channel's edits (5 per 5 s) are
/// kept mostly for showing new tickets.
const LEAVING: Duration = Duration::from_millis(2500);
/// How long after taking a summary's lease ([`crate::service::outbox::LEASE`], 10 s) a round may
/// rely on it without taking it again.
const LEASE_KEPT: Duration = Duration::from_secs(4);
/// Tickets read at most per round (far more than a summary's text can list).
const READ_LIMIT: i64 = 2000;

/// What this process noticed of a channel's waiting tickets between rounds.
#[derive(Debug)]
struct Pace {
    /// The tickets the summary would show now (sorted), and when the last of them arrived.
    wanted: Vec<i64>,
    arrived_at: Instant,
    /// Since when the summary has not shown what it should.
    behind_since: Option<Instant>,
    /// After a failed update, the next is not tried before this (a channel the bot may not post
    /// in must not earn a refusal every round: Discord bans a bot after 10,000 in 10 minutes).
    retry_at: Option<Instant>,
    failures: u32,
    /// What the live summary lists as this process last recorded it (sorted), and when it took the
    /// lease then: while that is what should be listed and the lease is young, a round needs no
    /// database write (a storm's rounds would otherwise compete with the intakes' writes).
    recorded: Option<(Vec<i64>, Instant)>,
}

/// The first wait after a failed update; each next one twice as long, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

impl Default for Pace {
    fn default() -> Self {
        Pace {
            wanted: Vec::new(),
            arrived_at: Instant::now(),
            behind_since: None,
            retry_at: None,
            failures: 0,
            recorded: None,
        }
    }
}

/// Runs until `stop` turns true: watches the tickets waiting for their own triage post and keeps
/// each triage channel's storm summary up to date. It looks when a ticket is opened in this process,
/// when something it waits for is due (a pause in the arrivals, a free edit), and otherwise every
/// [`TICK_STORM`] during a storm and every [`TICK_IDLE`] outside one: a storm's long tail (each
/// ticket's own post, one a second) costs a few looks a second, not one every [`TICK_BUSY`].
pub async fn run(bot: Arc<Bot>, mut stop: watch::Receiver<bool>) {
    let worker = bot.config.instance.clone();
    let opened = bot.desk.opened_signal();
    let mut channels: Vec<DiscordId> = bot.config.helpdesk.triage_channels().channels().collect();
    channels.push(bot.config.triage_channel_id);
    for channel in channels {
        bot.rest.keep_for_summary(channel as u64, true);
    }
    let mut paces: HashMap<DiscordId, Pace> = HashMap::new();
    loop {
        let looked = Instant::now();
        let next = match round(&bot, &worker, &mut paces).await {
            Ok(next) => next,
            Err(e) => {
                tracing::warn!(error = %e, "reading the tickets waiting for triage failed");
                TICK_IDLE
            }
        };
        tokio::select! {
            () = tokio::time::sleep(next) => {}
            () = opened.notified() => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
        tokio::time::sleep_until(looked + TICK_BUSY).await;
    }
}

/// One look at every channel; returns when the next is due unless a ticket is opened meanwhile.
async fn round(
    bot: &Bot,
    worker: &str,
    paces: &mut HashMap<DiscordId, Pace>,
) -> Result<Duration, crate::service::ServiceError> {
    let deliveries = bot.desk.deliveries();
    let waiting = deliveries.unposted(READ_LIMIT).await?;
    let live = deliveries.live_summaries().await?;
    if waiting.is_empty() && live.is_empty() {
        paces.clear();
        return Ok(TICK_IDLE);
    }
    let mut by_channel: BTreeMap<DiscordId, Vec<Ticket>> = BTreeMap::new();
    for ticket in waiting {
        by_channel
            .entry(bot.config.triage_channel_for(&ticket.category, ticket.level))
            .or_default()
            .push(ticket);
    }
    for channel in &live {
        by_channel.entry(*channel).or_default();
    }
    let mut next = if live.is_empty() { TICK_IDLE } else { TICK_STORM };
    for (channel, tickets) in by_channel {
        if !live.contains(&channel) {
            if tickets.is_empty() {
                continue;
            }
            let storm =
                tickets.len() > STORM_BACKLOG || bot.rest.post_wait(channel as u64).await > STORM_WAIT;
            if !storm {
                paces.remove(&channel);
                // Its next post may come late enough to make a storm of what waits.
                next = next.min(TICK_STORM);
                continue;
            }
        }
        let pace = paces.entry(channel).or_default();
        if let Some(at) = pace.retry_at.filter(|at| Instant::now() < *at) {
            next = next.min(at - Instant::now());
            continue;
        }
        match show(bot, worker, channel, &tickets, pace).await {
            Ok(due) => {
                pace.failures = 0;
                pace.retry_at = None;
                next = next.min(due.unwrap_or(TICK_STORM));
            }
            Err(e) => {
                let wait = FIRST_BACKOFF.saturating_mul(1 << pace.failures.min(16)).min(MAX_BACKOFF);
                pace.failures += 1;
                pace.retry_at = Some(Instant::now() + wait);
                next = next.min(wait);
                tracing::warn!(channel, error = %e, retry_in_ms = wait.as_millis() as u64, "the storm summary could not be updated");
            }
        }
    }
    Ok(next)
}

/// Why the summary could not be updated this round (it is tried again the next).
#[derive(Debug, thiserror::Error)]
enum ShowError {
    #[error(transparent)]
    Service(#[from] crate::service::ServiceError),
    #[error(transparent)]
    Discord(#[from] super::rest::RestError),
}

/// The nonce of a channel's summary of one generation (at most 25 characters).
fn nonce(channel: DiscordId, generation: i64) -> String {
    // Base 36: a channel id takes at most 13 digits, a generation (kept to 10 digits) the rest.
    let generation = generation.max(0).unsigned_abs() % 36u64.pow(10);
    format!("s{}g{}", base36(channel.unsigned_abs()), base36(generation))
}

fn base36(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// Brings the channel's summary up to date with `tickets` (its waiting tickets, most urgent first),
/// if this process holds its lease and the pacing allows. Returns how soon it should be looked at
/// again for an update it held back (a pause in the arrivals, the edit window), if any.
async fn show(
    bot: &Bot,
    worker: &str,
    channel: DiscordId,
    tickets: &[Ticket],
    pace: &mut Pace,
) -> Result<Option<Duration>, ShowError> {
    let deliveries = bot.desk.deliveries();
    let names = |key: &str| bot.category_name(key);
    let summary = render::storm_summary(tickets, &names);
    let mut wanted = summary.shown.clone();
    wanted.sort_unstable();
    let now = Instant::now();
    if wanted.iter().any(|id| pace.wanted.binary_search(id).is_err()) {
        pace.arrived_at = now;
    }
    pace.wanted.clone_from(&wanted);
    let lease_young = |taken: &Instant| now.saturating_duration_since(*taken) < LEASE_KEPT;
    if pace.recorded.as_ref().is_some_and(|(listed, taken)| *listed == wanted && lease_young(taken)) {
        pace.behind_since = None;
        return Ok(None);
    }
    let Some(mut record) = deliveries.lease_summary(channel, worker).await? else {
        pace.recorded = None;
        return Ok(None);
    };
    let mut listed = record.listed.clone();
    listed.sort_unstable();
    let Some(message) = record.message_id else {
        if wanted.is_empty() {
            return Ok(None);
        }
        let posted = bot
            .rest
            .create_summary(
                channel as u64,
                summary.message.into_message(),
                &nonce(channel, record.generation),
            )
            .await?;
        record.message_id = Some(posted.id as i64);
        record.listed = wanted;
        deliveries.summary_shown(&record, worker).await?;
        bot.rest.keep_for_summary(channel as u64, false);
        pace.behind_since = None;
        pace.recorded = Some((record.listed.clone(), now));
        tracing::info!(channel, tickets = record.listed.len(), "storm summary posted");
        return Ok(None);
    };
    if listed == wanted {
        pace.behind_since = None;
        pace.recorded = Some((listed, now));
        return Ok(None);
    }
    let behind = now - *pace.behind_since.get_or_insert(now);
    let unshown = wanted.iter().any(|id| listed.binary_search(id).is_err());
    let quiet_for = now - pace.arrived_at;
    let quiet = quiet_for >= QUIET;
    let due = if wanted.is_empty() {
        true
    } else if unshown {
        quiet || behind >= STALE
    } else {
        behind >= LEAVING
    };
    if !due {
        let wait = if unshown {
            QUIET.saturating_sub(quiet_for).min(STALE.saturating_sub(behind))
        } else {
            LEAVING.saturating_sub(behind)
        };
        return Ok(Some(wait));
    }
    // Only the edit that shows the last arrivals (or the last edit) may take the window's last
    // request: one made while tickets keep arriving, or to drop those that got their own post,
    // leaves it, so that the last ticket of a burst is shown as soon as it arrives.
    let last_arrivals = unshown && quiet_for >= QUIET_LAST;
    let keep = u32::from(!(wanted.is_empty() || last_arrivals));
    let wait = bot.rest.summary_edit_wait(channel as u64, keep).await;
    if wait > Duration::ZERO {
        // Held for the window's last request: it is taken once the arrivals have stopped.
        let stopped = if unshown && !last_arrivals { QUIET_LAST - quiet_for } else { wait };
        return Ok(Some(wait.min(stopped)));
    }
    pace.recorded = None;
    let outgoing = if wanted.is_empty() { render::storm_caught_up() } else { summary.message };
    match bot.rest.edit_summary(channel as u64, message as u64, outgoing.into_edit()).await {
        Ok(_) => {}
        // Someone deleted the summary: the next round posts a new one (of the next generation).
        Err(e) if e.code() == Some(UNKNOWN_MESSAGE) => {
            tracing::warn!(channel, "the storm summary was deleted; posting a new one");
            close(bot, worker, &mut record).await?;
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    }
    pace.behind_since = None;
    if wanted.is_empty() {
        close(bot, worker, &mut record).await?;
        tracing::info!(channel, "storm over: every ticket has its own post");
    } else {
        record.listed = wanted;
        if deliveries.summary_shown(&record, worker).await? {
            pace.recorded = Some((record.listed, now));
        }
    }
    Ok(None)
}

/// Records that the channel shows no summary any more; the next storm posts a new one.
async fn close(bot: &Bot, worker: &str, record: &mut SummaryRecord) -> Result<(), ShowError> {
    record.message_id = None;
    record.listed.clear();
    record.generation += 1;
    bot.desk.deliveries().summary_shown(record, worker).await?;
    bot.rest.keep_for_summary(record.channel_id as u64, true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_nonce_fits_discords_25_characters_and_differs_per_channel_and_generation() {
        let longest = nonce(i64::MAX, i64::MAX);
        assert!(longest.len() <= 25, "{longest}");
        assert_ne!(nonce(1, 0), nonce(2, 0));
        assert_ne!(nonce(1, 0), nonce(1, 1));
    }
}
