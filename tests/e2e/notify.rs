//! Keeping people informed when Discord does not cooperate: closed DMs, 429s and 5xx answers, a
//! deleted triage message or thread, a restart with notices still waiting; hostile text fitted and
//! inert; and what each ticket costs in requests.

use std::time::{Duration, Instant};

use deskbot::domain::{Action, Actor, Answer, EventKind, Level, Roles, Status, Ticket, Urgency};
use serde_json::Value;
use serenity::all::ChannelId;

use crate::harness::{Harness, id_of, text_of};
use crate::support::discord::{RecordedRequest, Times, buttons_of};

const SECRET: &str = "Hunter2!secret";

fn labels(message: &Value) -> Vec<String> {
    buttons_of(message).iter().filter_map(|b| b["label"].as_str().map(str::to_owned)).collect()
}

fn statuses(requests: &[RecordedRequest]) -> Vec<u16> {
    requests.iter().map(|r| r.status).collect()
}

async fn events_of(h: &Harness, ticket: &Ticket, kind: EventKind) -> usize {
    h.store().events(ticket.id).await.expect("the events").iter().filter(|e| e.kind == kind).count()
}

/// Whether the message pinged anybody: `@everyone`/`@here`, a role or a user.
fn pinged_nobody(message: &Value) -> bool {
    message["mention_everyone"] == false
        && message["mentions"].as_array().is_some_and(Vec::is_empty)
        && message["mention_roles"].as_array().is_some_and(Vec::is_empty)
}

/// The triage messages of a ticket (not deleted ones).
fn triage_messages_of(h: &Harness, ticket: &Ticket) -> Vec<Value> {
    let title = format!("{} ", ticket.label());
    h.discord.messages_in(h.ids.triage).into_iter().filter(|m| text_of(m).contains(&title)).collect()
}

/// Waits (up to 5 s) until the ticket has `n` events of `kind`.
async fn wait_for_events(h: &Harness, ticket: &Ticket, kind: EventKind, n: usize) {
    for _ in 0..500 {
        if events_of(h, ticket, kind).await >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{} never had {n} {kind:?} event(s)", ticket.label());
}

fn technician(id: u64) -> Actor {
    Actor::member(id as i64, Roles::technician(Level::ONE))
}

#[tokio::test]
async fn a_requester_with_closed_dms_is_reported_in_the_thread_once_per_notice_and_the_bot_keeps_working() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Laptop will not dock", Urgency::Medium).await;
    h.settle().await;
    h.discord.close_dms(h.ids.alice);

    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await;
    assert!(click.reply_text().await.contains(&ticket.label()), "the claim itself succeeds");
    assert_eq!(h.ticket(ticket.id).await.status, Status::InProgress);

    let thread = h.thread_of(&message);
    let alice = format!("<@{}>", h.ids.alice);
    let said = h
        .discord
        .wait_for_message_in(thread, |m| text_of(m).contains(&alice) && text_of(m).contains("closed"))
        .await;
    assert!(pinged_nobody(&said), "alice is named, not pinged: {said}");
    h.settle().await;
    assert_eq!(events_of(&h, &ticket, EventKind::DeliveryFailed).await, 1, "the failed DM is recorded");
    let dm_channel = h.discord.dm_channel_of(h.ids.alice).expect("the bot opened alice's DM channel");
    let dm_posts = format!("^/channels/{dm_channel}/messages$");
    assert_eq!(
        statuses(&h.discord.requests_matching("POST", &dm_posts)),
        [403],
        "a closed DM is tried once, not retried"
    );
    assert!(h.discord.dms_to(h.ids.alice).is_empty());

    // The bot keeps working: the next change edits the triage message, and its DM fails the same way.
    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Resolve").await;
    let notes = "Replaced the dock's power supply; docking works again.";
    click.submit_modal(&[("notes", notes), ("code", "fixed")]).await.reply().await;
    h.wait_for_triage_text(&message, "Resolved").await;
    h.settle().await;
    assert_eq!(events_of(&h, &ticket, EventKind::DeliveryFailed).await, 2);
    assert_eq!(statuses(&h.discord.requests_matching("POST", &dm_posts)), [403, 403]);
    let said: Vec<Value> =
        h.discord.messages_in(thread).into_iter().filter(|m| text_of(m).contains(&alice)).collect();
    assert_eq!(said.len(), 2, "each undelivered notice is said once in the thread");
    h.finish().await;
}

/// Claims a ticket of alice's while her DM channel answers the first message with `fail`, and
/// checks that she gets the claim's DM exactly once, on the second attempt, no sooner than `wait`.
async fn a_dm_that_fails_once_is_sent_once_on_a_retry(
    fail: impl FnOnce(&Harness, &str) -> u64,
    failed_status: u16,
    wait: Duration,
) {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Printer jams on every page", Urgency::Low).await;
    h.settle().await;
    let dm_posts = format!("^/channels/{}/messages$", h.discord.dm_channel(h.ids.alice));
    let rule = fail(&h, &dm_posts);

    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    let tom = format!("<@{}>", h.ids.tom);
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(&tom)).await;
    assert!(text_of(&dm).contains(&ticket.label()), "{dm}");
    h.settle().await;

    assert_eq!(h.discord.failure_hits(rule), 1);
    assert_eq!(h.discord.dms_to(h.ids.alice).len(), 1, "no duplicate DM");
    let posts = h.discord.requests_matching("POST", &dm_posts);
    assert_eq!(statuses(&posts), [failed_status, 200], "one failure, then one retry that worked");
    let gap = posts[1].at - posts[0].at;
    assert!(gap >= wait, "retried after {gap:?}, before the {wait:?} Discord asked for");
    assert_eq!(events_of(&h, &ticket, EventKind::DeliveryFailed).await, 0, "a retried DM is no failure");
    h.finish().await;
}

#[tokio::test]
async fn a_dm_answered_429_once_is_sent_once_after_the_retry_after() {
    let retry_after = 0.3;
    a_dm_that_fails_once_is_sent_once_on_a_retry(
        |h, path| h.discord.rate_limit("POST", path, 1, retry_after),
        429,
        Duration::from_secs_f64(retry_after),
    )
    .await;
}

#[tokio::test]
async fn a_dm_answered_500_once_is_sent_once_after_a_backoff() {
    a_dm_that_fails_once_is_sent_once_on_a_retry(
        |h, path| h.discord.fail_code("POST", path, 1, 0),
        500,
        Duration::from_millis(100),
    )
    .await;
}

#[tokio::test]
async fn a_triage_post_answered_500_once_is_retried_into_one_message_with_one_thread() {
    let h = Harness::start().await;
    let triage_posts = format!("^/channels/{}/messages$", h.ids.triage);
    let rule = h.discord.fail_code("POST", &triage_posts, 1, 0);
    let (ticket, message) = h.open_ticket(h.ids.alice, "Wi-Fi drops in room 4.12", Urgency::High).await;
    h.settle().await;

    assert_eq!(h.discord.failure_hits(rule), 1);
    assert_eq!(statuses(&h.discord.requests_matching("POST", &triage_posts)), [500, 200]);
    assert_eq!(triage_messages_of(&h, &ticket).len(), 1, "exactly one triage message");
    assert_eq!(h.discord.threads_in(h.ids.triage).len(), 1, "exactly one thread");
    assert_eq!(labels(&message), ["Claim", "Escalate", "Resolve", "Ask requester"]);
    assert_eq!(h.ticket(ticket.id).await.triage_message_id, Some(id_of(&message) as i64));
    h.finish().await;
}

#[tokio::test]
async fn a_deleted_triage_message_is_posted_again_on_the_next_change_and_keeps_its_thread() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Badge reader rejects my card", Urgency::Medium).await;
    h.settle().await;
    let thread = h.thread_of(&message);
    h.discord.post(h.ids.tom, thread, "Reader log says the card is not enrolled.").await;
    h.discord.delete_message(h.ids.triage, id_of(&message));
    assert!(triage_messages_of(&h, &ticket).is_empty());

    h.desk.act(ticket.id, technician(h.ids.tom), Action::Claim).await.expect("tom claims");
    let tom = format!("<@{}>", h.ids.tom);
    let reposted = h
        .discord
        .wait_for_message_in(h.ids.triage, |m| {
            id_of(m) != id_of(&message) && text_of(m).contains(&format!("{} ", ticket.label()))
        })
        .await;
    h.settle().await;
    let reposted = h.current_triage(&reposted);
    let text = text_of(&reposted);
    assert!(text.contains(&tom) && text.contains("In progress"), "it shows the change: {text}");
    assert_eq!(labels(&reposted), ["Claim", "Escalate", "Resolve", "Ask requester"], "with its buttons");
    assert_eq!(triage_messages_of(&h, &ticket).len(), 1);
    let stored = h.ticket(ticket.id).await;
    assert_eq!(stored.triage_message_id, Some(id_of(&reposted) as i64));
    assert_eq!(stored.thread_id, Some(thread as i64), "the thread with the conversation so far stays");

    // The reposted buttons work, and the thread is still the ticket's workspace.
    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&reposted), "Escalate").await;
    click.submit_modal(&[("reason", "Enrolment needs the security office, L2")]).await.reply().await;
    let l2 = format!("<@&{}>", h.ids.l2);
    h.discord.wait_for_message_in(thread, |m| text_of(m).contains(&l2)).await;
    h.discord.post(h.ids.tom, thread, "Security office has the request.").await;
    wait_for_events(&h, &ticket, EventKind::Note, 2).await;
    h.finish().await;
}

#[tokio::test]
async fn a_deleted_thread_is_opened_again_on_the_triage_message_when_the_ticket_next_posts_there() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "SAP client crashes on export", Urgency::Medium).await;
    h.settle().await;
    let thread = h.thread_of(&message);
    // A moderator deletes the ticket's thread.
    h.discord
        .serenity_http()
        .delete_channel(ChannelId::new(thread), None)
        .await
        .expect("the thread is deleted");
    assert!(h.discord.thread_of(id_of(&message)).is_none());

    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Escalate").await;
    click.submit_modal(&[("reason", "Crash is in the export module, needs L2")]).await.reply().await;
    let l2 = format!("<@&{}>", h.ids.l2);
    let ping = h
        .discord
        .wait_for("the level 2 ping in a new thread on the triage message", |d| {
            let thread = id_of(&d.thread_of(id_of(&message))?);
            d.messages_in(thread).into_iter().find(|m| text_of(m).contains(&l2))
        })
        .await;
    h.settle().await;
    let new_thread = h.thread_of(&message);
    assert_eq!(ping["channel_id"].as_str().and_then(|c| c.parse().ok()), Some(new_thread));
    assert_eq!(h.ticket(ticket.id).await.thread_id, Some(new_thread as i64));
    assert_eq!(h.discord.threads_in(h.ids.triage).len(), 1);
    h.finish().await;
}

/// Characters of an embed that count towards Discord's 6000.
fn embed_chars(embed: &Value) -> usize {
    let len = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    len(&embed["title"])
        + len(&embed["description"])
        + len(&embed["footer"]["text"])
        + len(&embed["author"]["name"])
        + embed["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| len(&f["name"]) + len(&f["value"]))
            .sum::<usize>()
}

/// Text built to hurt: mass and role mentions, a code fence, a masked link, markdown, a password.
fn hostile(h: &Harness, n: usize) -> String {
    format!(
        "@everyone @here <@&{l1}> answer {n}: my password: {SECRET} and\n```\nrm -rf /\n```\n\
         # Click [here](https://evil.example/login) **now** ||spoiler|| > quoted\n",
        l1 = h.ids.l1
    )
}

/// Repeats `head` and filler to exactly `chars` characters (ASCII).
fn padded(head: &str, chars: usize) -> String {
    let mut text = head.to_owned();
    while text.len() < chars {
        text.push_str("The VPN drops, @everyone is affected, nobody can work. ");
    }
    text.truncate(chars);
    text
}

#[tokio::test]
async fn a_ten_thousand_character_hostile_ticket_is_posted_within_limits_pings_nobody_and_masks_the_password()
{
    let h = Harness::start().await;
    let mut draft = h.draft(h.ids.alice, "", Urgency::High);
    draft.summary = format!("@everyone VPN down <@&{}> **now**", h.ids.l1);
    // The password is near the start, where the triage message shows it, and again at the end.
    let mut description = padded(&hostile(&h, 0), 10_000 - 40);
    description.push_str(&format!(" last: password: {SECRET} end"));
    draft.description = padded(&description, 10_000);
    assert_eq!(draft.description.chars().count(), 10_000);
    draft.answers = (1..=6)
        .map(|n| Answer {
            key: format!("q{n}"),
            question: format!("Question {n} @everyone <@&{}>?", h.ids.l2),
            value: Some(padded(&hostile(&h, n), 2_000)),
        })
        .collect();
    let (ticket, message) = h.open_draft(draft).await;

    let embeds = message["embeds"].as_array().expect("embeds");
    assert_eq!(embeds.len(), 1);
    let embed = &embeds[0];
    assert!(embed_chars(embed) <= 6000, "{} characters in the embed", embed_chars(embed));
    let description = embed["description"].as_str().expect("the description is shown");
    assert!(description.chars().count() <= 4096);
    let fields = embed["fields"].as_array().expect("fields");
    assert!(fields.len() <= 25);
    assert!(fields.iter().all(|f| f["value"].as_str().is_some_and(|v| v.chars().count() <= 1024)));
    assert!(pinged_nobody(&message), "{message}");

    let text = text_of(&message);
    assert!(text.contains("redacted password"), "the password's place is shown masked: {text}");
    for raw in ["@everyone", "@here", "<@&", "```", "[here](", "**now**"] {
        assert!(!text.contains(raw), "{raw:?} shows as typed, not as Discord markup: {text}");
    }
    assert!(text.contains("Question 1"), "the answers are shown: {text}");

    // What alice says about it goes to the thread, inert too.
    let thread = h.thread_of(&message);
    h.discord.dm(h.ids.alice, &format!("@everyone <@&{}> still down, password: {SECRET}", h.ids.l1)).await;
    let relayed = h.discord.wait_for_message_in(thread, |m| text_of(m).contains("still down")).await;
    assert!(pinged_nobody(&relayed), "{relayed}");
    // And a claim re-renders it all.
    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    h.wait_for_triage_text(&message, "In progress").await;
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(&ticket.label())).await;
    h.settle().await;

    for request in h.discord.requests() {
        let sent = format!("{} {} {:?}", request.path, request.query, request.body);
        assert!(!sent.contains(SECRET), "the password was sent to Discord: {request}");
    }
    let (tickets, events) = h.store().export(None).await.expect("the export");
    let stored = format!("{tickets:?} {events:?}");
    assert!(stored.contains("[redacted password]"));
    assert!(!stored.contains(SECRET), "the password was stored");
    for file in h.database_files() {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let found = bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes());
        assert!(!found, "the password is in {}", file.display());
    }
    h.finish().await;
}

#[tokio::test]
async fn a_ticket_whose_triage_post_failed_until_a_restart_is_posted_after_it() {
    let mut h = Harness::start().await;
    let triage_posts = format!("^/channels/{}/messages$", h.ids.triage);
    let rule = h.discord.fail_code("POST", &triage_posts, Times::Always, 0);
    let draft = h.draft(h.ids.alice, "Shared mailbox vanished from Outlook", Urgency::Medium);
    let actor = Actor::member(h.ids.alice as i64, Roles::REQUESTER);
    let ticket = h.desk.open(draft, actor).await.expect("the ticket opens").ticket;
    h.discord.wait_until("the bot to try posting the ticket", |d| d.failure_hits(rule) >= 1).await;

    h.restart().await;
    assert!(triage_messages_of(&h, &ticket).is_empty(), "nothing was posted before the restart");
    let mark = h.discord.mark();
    h.discord.clear_failures();
    let message = h.triage_message(&ticket).await;
    h.settle().await;

    let posted: Vec<RecordedRequest> = h.discord.requests_since(mark);
    assert!(
        posted.iter().any(|r| r.method == "POST" && r.path.ends_with("/messages") && r.status == 200),
        "the post came from the restarted bot"
    );
    assert_eq!(triage_messages_of(&h, &ticket).len(), 1);
    assert_eq!(h.discord.threads_in(h.ids.triage).len(), 1);
    assert_eq!(labels(&message), ["Claim", "Escalate", "Resolve", "Ask requester"]);
    h.finish().await;
}

#[tokio::test]
async fn twenty_tickets_at_once_cost_two_requests_each_to_open_and_one_to_claim() {
    const TICKETS: usize = 20;
    let h = Harness::start().await;
    // The triage channel takes about one new message a second (Discord's bucket, which the local
    // Discord enforces): twenty posts take about fifteen seconds.
    h.discord.set_timeout(std::time::Duration::from_secs(40));
    let requesters = [h.ids.alice, h.ids.bob];
    let started = Instant::now();
    let mark = h.discord.mark();
    let opened = futures_util::future::join_all((0..TICKETS).map(|n| {
        let draft = h.draft(requesters[n % 2], &format!("Outage report {n}"), Urgency::High);
        let actor = Actor::member(draft.requester_id, Roles::REQUESTER);
        h.desk.open(draft, actor)
    }))
    .await;
    let tickets: Vec<Ticket> = opened.into_iter().map(|o| o.expect("the ticket opens").ticket).collect();
    let mut messages = Vec::new();
    for ticket in &tickets {
        messages.push(h.triage_message(ticket).await);
    }
    h.settle().await;
    let triage = h.ids.triage;
    h.discord
        .wait_until("the storm summary to say every ticket has its own post", |d| {
            d.messages_in(triage)
                .iter()
                .all(|m| !m["content"].as_str().is_some_and(|c| c.contains(" new:**")))
        })
        .await;
    let drained = started.elapsed();
    let opening = h.discord.non_exempt_since(mark);
    let summary = h
        .discord
        .requests_since(mark)
        .iter()
        .filter(|r| {
            r.body.as_ref().and_then(|b| b["content"].as_str()).is_some_and(|c| c.contains(" new:**"))
        })
        .count()
        + h.discord
            .requests_since(mark)
            .iter()
            .filter(|r| {
                r.body
                    .as_ref()
                    .and_then(|b| b["content"].as_str())
                    .is_some_and(|c| c.contains("has its own post"))
            })
            .count();

    let mark = h.discord.mark();
    let clicks = futures_util::future::join_all(messages.iter().enumerate().map(|(n, m)| {
        let who = if n % 2 == 0 { h.ids.tom } else { h.ids.tina };
        h.discord.click_label(who, h.ids.triage, id_of(m), "Claim")
    }))
    .await;
    for click in &clicks {
        click.reply().await;
    }
    h.discord
        .wait_until("every requester's claim DM", |d| {
            requesters.iter().map(|r| d.dms_to(*r).len()).sum::<usize>() == TICKETS
        })
        .await;
    h.settle().await;
    let claiming = h.discord.non_exempt_since(mark);
    let routes = h.discord.route_counts_since(mark);
    let dm_opens = h.discord.requests_matching("POST", "^/users/@me/channels$").len();

    println!(
        "{TICKETS} tickets: opening {opening} requests ({:.2} a ticket, all in triage after {drained:?}); \
         claiming {claiming} ({:.2} a ticket, {dm_opens} DM channels opened for {} requesters)",
        opening as f64 / TICKETS as f64,
        claiming as f64 / TICKETS as f64,
        requesters.len(),
    );
    println!("claim requests by route: {routes:?}");
    // Twenty at once are a storm for one channel (5 posts per 5 s): the storm summary's few
    // requests come on top of each ticket's own.
    assert_eq!(opening - summary, 2 * TICKETS, "a post with its buttons and a thread per ticket");
    assert!(summary <= 10, "the storm summary takes a post and a few edits: {summary}");
    assert_eq!(dm_opens, requesters.len(), "a DM channel is opened once per requester, then cached");
    assert_eq!(
        claiming,
        TICKETS + requesters.len(),
        "a DM per claim (the triage message is updated in the click's exempt answer): {routes:?}"
    );
    assert!(tickets.iter().all(|t| t.status == Status::Open));
    h.finish().await;
}

#[tokio::test]
async fn a_triage_channel_the_bot_cannot_post_to_loses_no_ticket_once_it_is_fixed() {
    let h = Harness::start().await;
    // The bot lost its permission in the triage channel (50013), then an admin gives it back.
    let rule = h.discord.fail_code("POST", &format!("^/channels/{}/messages$", h.ids.triage), 2, 50013);
    let draft = h.draft(h.ids.alice, "Wi-Fi drops in room 4.12", Urgency::Medium);
    let ticket =
        h.desk.open(draft, Actor::member(h.ids.alice as i64, Roles::REQUESTER)).await.unwrap().ticket;
    let message = h.triage_message(&ticket).await;
    assert_eq!(h.discord.failure_hits(rule), 2, "refused twice, then posted");
    assert_eq!(
        h.discord.messages_in(h.ids.triage).iter().filter(|m| text_of(m).contains("room 4.12")).count(),
        1,
        "posted once"
    );
    assert!(h.ticket(ticket.id).await.thread_id.is_some(), "{message}");
    h.finish().await;
}

/// Triage edits waiting on the triage channel's edit bucket (5 per 5 s) take only a share of the
/// notices the deliverer holds at once: a DM queued behind 300 of them goes out at once, not when
/// the edits ahead of it are through.
#[tokio::test]
async fn a_dm_queued_behind_hundreds_of_triage_edits_is_not_held_up_by_the_channels_bucket() {
    let h = Harness::start().await;
    let (busy, _) =
        h.open_ticket(h.ids.alice, "Printer queue stuck on the second floor", Urgency::Medium).await;
    let (ticket, _) = h.open_ticket(h.ids.bob, "Badge reader rejects my card", Urgency::Medium).await;
    h.settle().await;
    for _ in 0..300 {
        h.desk.refresh_triage(busy.id).await.expect("an edit queued");
    }
    let before = h.discord.dms_to(h.ids.bob).len();
    let started = Instant::now();
    h.desk.act(ticket.id, technician(h.ids.tom), Action::Claim).await.expect("tom claims");
    h.discord
        .wait_for("the claim's DM to the requester", |d| (d.dms_to(h.ids.bob).len() > before).then_some(()))
        .await;
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(5), "the DM waited {waited:?} behind the triage edits");
    let edits = h.discord.requests_matching("PATCH", &format!("/channels/{}/messages/", h.ids.triage)).len();
    assert!(edits < 60, "the edits are still waiting on their bucket ({edits} sent)");
    h.finish().await;
}
