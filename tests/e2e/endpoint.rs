//! Interactions received over HTTP (the Interactions Endpoint URL) instead of the gateway: the local
//! Discord signs each one and posts it to `/interactions`, and takes the HTTP response as its first
//! answer, checked like any callback (schema, limits, the 3 s deadline, a second answer). Signatures
//! are checked; a PING is answered; the same interaction delivered twice is handled once (to two
//! processes: see `leader.rs`).

use deskbot::domain::Status;
use deskbot::domain::Urgency;
use serde_json::{Value, json};

use crate::harness::{Harness, id_of, text_of};
use crate::process::free_port;
use crate::support::discord::public_key_hex;

const SECRET: [u8; 32] = [42; 32];
const ANOTHER: [u8; 32] = [43; 32];

async fn over_http() -> Harness {
    let port = free_port();
    let h = Harness::start_with_env(&[
        ("DESKBOT_HTTP_ADDR", format!("127.0.0.1:{port}")),
        ("DISCORD_PUBLIC_KEY", public_key_hex(&SECRET)),
    ])
    .await;
    h.discord.send_interactions_to(&format!("http://127.0.0.1:{port}/interactions"), SECRET);
    h
}

#[tokio::test]
async fn a_ping_is_answered_and_a_bad_or_missing_signature_is_refused_with_401() {
    let h = over_http().await;
    let ping = json!({"id": "1300000000000000001", "application_id": "1200000000000000002", "type": 1,
        "token": "aW50ZXJhY3Rpb24", "version": 1})
    .to_string();
    let (status, body) = h.discord.post_to_endpoint(&ping, Some(SECRET)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).ok(), Some(json!({"type": 1})));
    let (status, _) = h.discord.post_to_endpoint(&ping, Some(ANOTHER)).await;
    assert_eq!(status, 401, "signed with another key");
    let (status, _) = h.discord.post_to_endpoint(&ping, None).await;
    assert_eq!(status, 401, "not signed at all");
    h.finish().await;
}

#[tokio::test]
async fn commands_buttons_and_forms_over_http_are_answered_in_the_response_and_work_as_through_the_gateway() {
    let h = over_http().await;
    let (ticket, message) =
        h.open_ticket(h.ids.alice, "Outlook keeps asking for the password", Urgency::Medium).await;

    // A button answered by updating the clicked message (type 7), in the HTTP response.
    let claim = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await;
    claim.response().await;
    assert_eq!(h.discord.endpoint_statuses(&claim), [200]);
    assert_eq!(h.ticket(ticket.id).await.status, Status::InProgress);
    h.wait_for_triage_text(&message, "In progress").await;
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("is now working on your ticket")).await;

    // A form (type 9) and its submission.
    let ask = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Ask requester").await;
    ask.modal().await;
    let question = "Did you change your password this week?";
    let answered = ask.submit_modal(&[("note", question)]).await;
    assert!(answered.is_ephemeral().await);
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(question)).await;
    assert_eq!(h.ticket(ticket.id).await.status, Status::WaitingOnRequester);

    // A slash command.
    let mine = h.discord.slash(h.ids.alice, "mytickets", json!({})).await;
    assert!(text_of(&mine.reply().await).contains(&ticket.label()));
    assert_eq!(h.discord.endpoint_statuses(&mine), [200]);
    h.finish().await;
}

#[tokio::test]
async fn the_same_interaction_delivered_twice_over_http_is_handled_once() {
    let h = over_http().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Printer on floor 3 offline", Urgency::Low).await;
    let claim = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await;
    claim.response().await;
    let again = h.discord.redeliver_interaction(&claim);
    h.discord.wait_until("the second delivery answered", |d| d.endpoint_statuses(&again).len() == 2).await;
    assert_eq!(h.discord.endpoint_statuses(&again), [200, 409], "the second delivery changes nothing");
    h.settle().await;
    let claimed =
        h.discord.dms_to(h.ids.alice).iter().filter(|m| text_of(m).contains("is now working on")).count();
    assert_eq!(claimed, 1, "the requester is told once");
    assert_eq!(h.ticket(ticket.id).await.assignee_id, Some(h.ids.tom as i64));
    h.finish().await;
}
