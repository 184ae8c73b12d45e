//! Waiting on the requester through the local Discord: **Ask requester** on the triage message and
//! `/ask` in the thread send the question by DM and pause the clock; the requester's answer comes back
//! to the thread and the ticket moves again. And the coordinators' daily digest.

use std::time::Duration;

use deskbot::domain::{EventKind, Status, Urgency};
use serde_json::json;

use crate::harness::{Harness, id_of, text_of};

async fn events(h: &Harness, ticket: i64, kind: EventKind) -> usize {
    h.store().events(ticket).await.expect("the history is readable").iter().filter(|e| e.kind == kind).count()
}

#[tokio::test]
async fn ask_requester_sends_the_question_pauses_the_clock_and_the_answer_resumes_it() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Printer on floor 2 jams", Urgency::Medium).await;
    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    let thread = h.thread_of(&message);

    // Someone else's ticket: Tina may not ask in Tom's name; the form does not even open.
    let refused = h.discord.click_label(h.ids.tina, h.ids.triage, id_of(&message), "Ask requester").await;
    assert!(refused.is_ephemeral().await, "refused privately");
    assert_eq!(h.ticket(ticket.id).await.status, Status::InProgress);

    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Ask requester").await;
    let modal = click.modal().await;
    assert_eq!(modal["components"][0]["components"][0]["required"], true, "{modal}");
    let question = "Which tray jams, the upper or the lower one?";
    let answer = click.submit_modal(&[("note", question)]).await;
    assert!(answer.is_ephemeral().await);
    assert!(text_of(&answer.reply().await).contains("paused"), "the technician is told the clock stops");

    let stored = h.ticket(ticket.id).await;
    assert_eq!(stored.status, Status::WaitingOnRequester);
    assert!(stored.sla.paused_at.is_some(), "the SLA clock is paused");
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(question)).await;
    assert!(
        text_of(&dm).contains(&ticket.label()) && text_of(&dm).contains("Write your answer here"),
        "{dm}"
    );
    h.discord.wait_for_message_in(thread, |m| text_of(m).contains("waiting on the requester")).await;
    let waiting = h.wait_for_triage_text(&message, "Waiting on requester").await;
    assert!(text_of(&waiting).contains("paused"), "triage shows the clock paused: {waiting}");

    // Alice answers in her DM: relayed to the thread, the ticket moves again.
    h.discord.dm(h.ids.alice, "The lower one, tray 2").await;
    h.discord.wait_for_message_in(thread, |m| text_of(m).contains("The lower one, tray 2")).await;
    let mut stored = h.ticket(ticket.id).await;
    for _ in 0..50 {
        if stored.status == Status::InProgress {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        stored = h.ticket(ticket.id).await;
    }
    assert_eq!(stored.status, Status::InProgress);
    assert_eq!(stored.sla.paused_at, None, "the clock runs again");
    assert_eq!(events(&h, ticket.id, EventKind::Resumed).await, 1);
    h.finish().await;
}

#[tokio::test]
async fn slash_ask_in_the_thread_asks_and_outside_a_ticket_thread_is_refused() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Laptop fan is loud", Urgency::Low).await;
    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    let thread = h.thread_of(&message);

    let outside = h.discord.slash(h.ids.tom, "ask", json!({"question": "Since when?"})).await;
    assert!(outside.is_ephemeral().await && text_of(&outside.reply().await).contains("thread"));

    let question = "Since when does it happen, and only under load?";
    let asked = h.discord.slash_in(h.ids.tom, thread, "ask", json!({"question": question})).await;
    assert!(asked.is_ephemeral().await);
    asked.reply().await;
    assert_eq!(h.ticket(ticket.id).await.status, Status::WaitingOnRequester);
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(question)).await;
    let recorded = h.store().events(ticket.id).await.expect("history");
    let waiting = recorded.iter().find(|e| e.kind == EventKind::Waiting).expect("a waiting event");
    assert_eq!((waiting.note.as_deref(), waiting.actor_id), (Some(question), Some(h.ids.tom as i64)));

    // Asked again while already waiting: refused, nothing sent twice.
    let again = h.discord.slash_in(h.ids.tom, thread, "ask", json!({"question": "Any news?"})).await;
    assert!(again.is_ephemeral().await);
    h.settle().await;
    assert_eq!(h.discord.dms_to(h.ids.alice).iter().filter(|m| text_of(m).contains("Any news?")).count(), 0);
    h.finish().await;
}

#[tokio::test]
async fn the_daily_digest_reaches_the_coordinators_channel_once() {
    // The digest is due from this minute (UTC) on.
    let now = chrono::Utc::now();
    let toml = format!("daily_digest_at = \"{}\"\n", now.format("%H:%M"));
    let h = Harness::start_with_helpdesk(&toml).await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "VPN drops every few minutes", Urgency::High).await;
    // Figures are read when the digest is queued: the ticket may or may not be in it, depending on
    // the moment; the digest itself must come, once.
    let digest = h
        .discord
        .wait_for_message_in(h.ids.coordinators, |m| m.to_string().contains("Help desk digest"))
        .await;
    let embed = &digest["embeds"][0];
    let days = [now, now + chrono::Duration::minutes(2)].map(|t| t.format("%Y-%m-%d").to_string());
    let title = embed["title"].as_str().unwrap_or_default();
    assert!(days.iter().any(|d| title.contains(d)), "the digest names its day: {digest}");
    assert!(embed["description"].as_str().is_some_and(|d| d.contains("open")), "{digest}");
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    h.settle().await;
    let digests = h
        .discord
        .messages_in(h.ids.coordinators)
        .iter()
        .filter(|m| m.to_string().contains("Help desk digest"))
        .count();
    assert_eq!(digests, 1, "one digest a day, however many sweeps");
    let _ = ticket;
    h.finish().await;
}
