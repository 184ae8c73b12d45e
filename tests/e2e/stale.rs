//! Stale and foreign clicks: a button clicked on a message that no longer shows the ticket as it is
//! (another technician resolved it meanwhile), a button's id copied onto a message it was not made
//! for, and ids no deskbot ever made. Each is refused at once, to the clicker alone, and changes
//! nothing: no form opens, no row changes, Discord receives nothing but the answer.

use deskbot::domain::{Action, Actor, Level, ResolutionCode, Roles, Status, Ticket, Urgency};
use serde_json::Value;

use crate::harness::{Harness, id_of, text_of};
use crate::support::discord::{InteractionHandle, custom_id_by_label};

const NOTES: &str = "Replaced the faulty cable and confirmed the link stays up.";

fn technician(id: u64, level: Level) -> Actor {
    Actor::member(id as i64, Roles::technician(level))
}

fn coordinator(id: u64) -> Actor {
    Actor::member(id as i64, Roles::coordinator())
}

/// A ticket of alice's, claimed by tom and resolved. Returns it, its triage message, and that
/// message as it was while the ticket was still open (every button enabled).
async fn resolved(h: &Harness, summary: &str) -> (Ticket, Value, Value) {
    let (ticket, message) = h.open_ticket(h.ids.alice, summary, Urgency::Medium).await;
    h.settle().await;
    let seen_open = h.current_triage(&message);
    h.desk.act(ticket.id, technician(h.ids.tom, Level::ONE), Action::Claim).await.expect("claimed");
    let resolve = Action::Resolve { notes: NOTES.to_owned(), code: ResolutionCode::Fixed };
    h.desk.act(ticket.id, technician(h.ids.tom, Level::ONE), resolve).await.expect("resolved");
    (ticket, message, seen_open)
}

/// Shows `message` again as it was in `before` (with its buttons enabled): what a technician
/// whose screen has not caught up yet still sees and clicks.
fn as_seen_before(h: &Harness, before: &Value) {
    h.discord.replace_message(before.clone());
}

/// Puts `custom_id` on the first button of `message`, as a modified client or a copied message
/// would; returns it.
fn with_first_button(h: &Harness, message: &Value, custom_id: &str) -> Value {
    let mut forged = h.discord.message(id_of(message)).expect("the message exists");
    forged["components"][0]["components"][0]["custom_id"] = Value::from(custom_id);
    forged["components"][0]["components"][0]["disabled"] = Value::from(false);
    h.discord.replace_message(forged.clone());
    forged
}

/// Asserts the click was answered with an ephemeral message (callback type 4), not a form (type 9),
/// and returns its text.
async fn refused_without_a_form(click: &InteractionHandle) -> String {
    let response = click.response().await;
    assert_eq!(response["type"], 4, "a refusal is a message, not a form: {response}");
    assert!(click.is_ephemeral().await, "only the clicker sees the refusal: {response}");
    assert!(click.record().modal.is_none(), "no form opened");
    assert_eq!(click.callbacks().len(), 1, "answered once: {:?}", click.callbacks());
    click.reply_text().await
}

/// Asserts that the ticket is stored exactly as `before`.
async fn unchanged(h: &Harness, before: &Ticket) {
    let now = h.ticket(before.id).await;
    assert_eq!(
        (now.status, now.level, now.assignee_id, now.version),
        (before.status, before.level, before.assignee_id, before.version),
        "{} changed",
        before.label()
    );
}

/// Asserts that Discord received nothing since `mark` but interaction answers (no edit of any
/// message, no DM, no post).
async fn nothing_sent_since(h: &Harness, mark: usize) {
    h.settle().await;
    assert_eq!(h.discord.non_exempt_since(mark), 0, "{:?}", h.discord.route_counts_since(mark));
}

#[tokio::test]
async fn resolve_clicked_on_a_ticket_someone_already_resolved_is_refused_before_any_form_opens() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Wi-Fi drops in room 4", Urgency::Medium).await;
    h.settle().await;
    let seen_by_tina = h.current_triage(&message);
    // Tom resolves it while Tina's screen still shows it open.
    h.desk.act(ticket.id, technician(h.ids.tom, Level::ONE), Action::Claim).await.expect("claimed");
    let resolve = Action::Resolve { notes: NOTES.to_owned(), code: ResolutionCode::Fixed };
    h.desk.act(ticket.id, technician(h.ids.tom, Level::ONE), resolve).await.expect("resolved");
    h.wait_for_triage_text(&message, "Resolved").await;
    h.settle().await;
    let before = h.ticket(ticket.id).await;
    as_seen_before(&h, &seen_by_tina);

    let mark = h.discord.mark();
    let click = h.discord.click_label(h.ids.tina, h.ids.triage, id_of(&message), "Resolve").await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains(&ticket.label()) && text.contains("resolved"), "the refusal says why: {text}");
    unchanged(&h, &before).await;
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn resolve_clicked_on_a_closed_or_cancelled_ticket_is_refused_before_any_form_opens() {
    let h = Harness::start().await;
    let (closed, closed_message, seen_closed) = resolved(&h, "Printer jams on tray 2").await;
    let (cancelled, cancelled_message) = h.open_ticket(h.ids.alice, "Mouse is slow", Urgency::Low).await;
    h.settle().await;
    let seen_cancelled = h.current_triage(&cancelled_message);
    h.desk.act(closed.id, coordinator(h.ids.cora), Action::Close).await.expect("closed");
    h.desk
        .act(cancelled.id, coordinator(h.ids.cora), Action::Cancel { reason: None })
        .await
        .expect("cancelled");
    h.settle().await;

    for (ticket, message, seen, state) in [
        (&closed, &closed_message, &seen_closed, "closed"),
        (&cancelled, &cancelled_message, &seen_cancelled, "cancelled"),
    ] {
        let before = h.ticket(ticket.id).await;
        as_seen_before(&h, seen);
        let mark = h.discord.mark();
        let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(message), "Resolve").await;
        let text = refused_without_a_form(&click).await;
        assert!(text.contains(state), "the refusal says the ticket is {state}: {text}");
        unchanged(&h, &before).await;
        nothing_sent_since(&h, mark).await;
    }
    h.finish().await;
}

#[tokio::test]
async fn escalate_clicked_on_a_closed_ticket_is_refused_before_any_form_opens() {
    let h = Harness::start().await;
    let (ticket, message, seen) = resolved(&h, "Outlook search finds nothing").await;
    h.desk.act(ticket.id, coordinator(h.ids.cora), Action::Close).await.expect("closed");
    h.wait_for_triage_text(&message, "Closed").await;
    h.settle().await;
    let before = h.ticket(ticket.id).await;
    as_seen_before(&h, &seen);

    let mark = h.discord.mark();
    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Escalate").await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains("closed"), "the refusal says the ticket is closed: {text}");
    unchanged(&h, &before).await;
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn escalate_clicked_on_a_ticket_already_at_level_three_is_refused_before_any_form_opens() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Domain controller unreachable", Urgency::High).await;
    h.settle().await;
    let seen = h.current_triage(&message);
    let to_three = Action::Escalate { to: Some(Level::THREE), reason: "Needs the directory team".to_owned() };
    h.desk.act(ticket.id, coordinator(h.ids.cora), to_three).await.expect("escalated to level 3");
    h.settle().await;
    let before = h.ticket(ticket.id).await;
    assert_eq!(before.level, Level::THREE);
    as_seen_before(&h, &seen);

    let mark = h.discord.mark();
    let click = h.discord.click_label(h.ids.cora, h.ids.triage, id_of(&message), "Escalate").await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains("level 3"), "the refusal says there is no higher level: {text}");
    unchanged(&h, &before).await;
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn still_broken_clicked_after_the_ticket_was_closed_is_refused_before_any_form_opens() {
    let h = Harness::start().await;
    let (ticket, _message, _) = resolved(&h, "VPN client will not start").await;
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("Replaced the faulty cable")).await;
    let dm_channel = h.discord.dm_channel_of(h.ids.alice).expect("a DM channel");
    // Alice presses Fixed on her phone; later, on her laptop, Still broken on the same DM.
    let fixed = h.discord.click_label(h.ids.alice, dm_channel, id_of(&dm), "Fixed").await;
    fixed.response().await;
    h.settle().await;
    let before = h.ticket(ticket.id).await;
    assert_eq!(before.status, Status::Closed);
    as_seen_before(&h, &dm);

    let mark = h.discord.mark();
    let click = h.discord.click_label(h.ids.alice, dm_channel, id_of(&dm), "Still broken").await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains("closed"), "the refusal says the ticket is closed: {text}");
    unchanged(&h, &before).await;
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn a_claim_button_of_one_ticket_on_another_tickets_triage_message_is_refused_and_changes_neither() {
    let h = Harness::start().await;
    let (a, _a_message) = h.open_ticket(h.ids.alice, "Scanner sends blank pages", Urgency::Low).await;
    let (b, b_message) = h.open_ticket(h.ids.bob, "Headset microphone is silent", Urgency::Low).await;
    h.settle().await;
    let claim_a = format!("deskbot:v1:claim:{}", a.id);
    let forged = with_first_button(&h, &b_message, &claim_a);

    let mark = h.discord.mark();
    let click = h.discord.click(h.ids.tom, h.ids.triage, id_of(&b_message), &claim_a).await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains(&a.label()), "the refusal names the ticket the button is for: {text}");
    unchanged(&h, &a).await;
    unchanged(&h, &b).await;
    assert_eq!(h.discord.message(id_of(&b_message)), Some(forged), "the clicked message is left as it was");
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn a_claim_button_in_a_dm_is_refused_and_changes_nothing() {
    let h = Harness::start().await;
    let (a, _a_message) = h.open_ticket(h.ids.alice, "Laptop battery swells", Urgency::High).await;
    // Tom reported something himself, so the bot has DMed him.
    let (own, _own_message) = h.open_ticket(h.ids.tom, "My second screen flickers", Urgency::Low).await;
    h.desk.act(own.id, technician(h.ids.tina, Level::ONE), Action::Claim).await.expect("claimed");
    let dm = h.discord.wait_for_dm(h.ids.tom, |m| text_of(m).contains(&own.label())).await;
    h.settle().await;
    let claim_a = format!("deskbot:v1:claim:{}", a.id);
    let mut forged = dm.clone();
    forged["components"] = serde_json::json!([{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "Claim", "custom_id": claim_a}
    ]}]);
    h.discord.replace_message(forged);

    let mark = h.discord.mark();
    let dm_channel = h.discord.dm_channel_of(h.ids.tom).expect("a DM channel");
    let click = h.discord.click(h.ids.tom, dm_channel, id_of(&dm), &claim_a).await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains(&a.label()), "{text}");
    unchanged(&h, &a).await;
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn fixed_of_someone_elses_ticket_is_refused_in_another_members_dm_and_on_a_triage_message() {
    let h = Harness::start().await;
    let (a, a_message, _) = resolved(&h, "Shared calendar shows nothing").await;
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("Replaced the faulty cable")).await;
    // Bob has a DM from the bot about his own ticket.
    let (own, _own_message) = h.open_ticket(h.ids.bob, "Keyboard types twice", Urgency::Low).await;
    h.desk.act(own.id, technician(h.ids.tom, Level::ONE), Action::Claim).await.expect("claimed");
    let bob_dm = h.discord.wait_for_dm(h.ids.bob, |m| text_of(m).contains(&own.label())).await;
    h.settle().await;
    let before = h.ticket(a.id).await;
    let fixed_a = format!("deskbot:v1:fixed:{}", a.id);

    let mut forged = bob_dm.clone();
    forged["components"] = serde_json::json!([{"type": 1, "components": [
        {"type": 2, "style": 3, "label": "Fixed", "custom_id": fixed_a}
    ]}]);
    h.discord.replace_message(forged);
    let mark = h.discord.mark();
    let bob_channel = h.discord.dm_channel_of(h.ids.bob).expect("a DM channel");
    let click = h.discord.click(h.ids.bob, bob_channel, id_of(&bob_dm), &fixed_a).await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains(&a.label()), "{text}");
    unchanged(&h, &before).await;
    nothing_sent_since(&h, mark).await;

    // On the triage message, by a technician: refused too.
    with_first_button(&h, &a_message, &fixed_a);
    let mark = h.discord.mark();
    let click = h.discord.click(h.ids.tom, h.ids.triage, id_of(&a_message), &fixed_a).await;
    refused_without_a_form(&click).await;
    unchanged(&h, &before).await;
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn a_resolve_button_copied_onto_another_tickets_triage_message_opens_no_form() {
    let h = Harness::start().await;
    let (a, _a_message) = h.open_ticket(h.ids.alice, "Projector shows no input", Urgency::Low).await;
    let (_b, b_message) = h.open_ticket(h.ids.bob, "Webcam is upside down", Urgency::Low).await;
    h.settle().await;
    let resolve_a = format!("deskbot:v1:resolve:{}", a.id);
    with_first_button(&h, &b_message, &resolve_a);

    let mark = h.discord.mark();
    let click = h.discord.click(h.ids.tom, h.ids.triage, id_of(&b_message), &resolve_a).await;
    let text = refused_without_a_form(&click).await;
    assert!(text.contains(&a.label()), "{text}");
    unchanged(&h, &a).await;
    nothing_sent_since(&h, mark).await;
    h.finish().await;
}

#[tokio::test]
async fn malformed_and_out_of_range_ids_are_refused_and_change_nothing() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Phone cannot join Wi-Fi", Urgency::Low).await;
    h.settle().await;
    let real = custom_id_by_label(&message, "Claim").expect("a Claim button");
    for bad in [
        "deskbot:v1:claim:0".to_owned(),
        "deskbot:v1:claim:-1".to_owned(),
        format!("deskbot:v1:claim:-{}", ticket.id),
        "deskbot:v1:claim:99999999999999999999".to_owned(),
        "deskbot:v1:claim:1e3".to_owned(),
        format!("deskbot:v1:claim:0{}", ticket.id),
        format!("{real}:7"),
        "deskbot:v1:queue:-1:-".to_owned(),
        "deskbot:v1:queue:sz:t".to_owned(),
        "deskbot:v1:queue:4294967296:sz".to_owned(),
        "deskbot:v1:in-choice:1:99999".to_owned(),
        "deskbot:v1:in-skip:-3:0".to_owned(),
        "deskbot:v1:m-resolve:0".to_owned(),
    ] {
        with_first_button(&h, &message, &bad);
        let mark = h.discord.mark();
        let click = h.discord.click(h.ids.tom, h.ids.triage, id_of(&message), &bad).await;
        let text = refused_without_a_form(&click).await;
        assert!(!text.is_empty(), "{bad}: answered");
        unchanged(&h, &ticket).await;
        nothing_sent_since(&h, mark).await;
    }
    h.finish().await;
}

#[tokio::test]
async fn a_rating_out_of_one_to_five_is_refused_and_records_nothing() {
    let h = Harness::start().await;
    let (ticket, _message, _) = resolved(&h, "Docking station charges slowly").await;
    h.desk.act(ticket.id, coordinator(h.ids.cora), Action::Close).await.expect("closed");
    let rating =
        h.discord.wait_for_dm(h.ids.alice, |m| m["components"].to_string().contains("deskbot:v1:rate")).await;
    h.settle().await;
    let dm_channel = h.discord.dm_channel_of(h.ids.alice).expect("a DM channel");
    let select_id =
        rating["components"][0]["components"][0]["custom_id"].as_str().expect("a select").to_owned();
    // A modified client offers values the select never had.
    let mut forged = rating.clone();
    forged["components"][0]["components"][0]["options"] = serde_json::json!([
        {"label": "zero", "value": "0"}, {"label": "six", "value": "6"},
        {"label": "minus", "value": "-1"}, {"label": "huge", "value": "40000"}
    ]);
    h.discord.replace_message(forged);
    let before = h.ticket(ticket.id).await;
    for value in ["0", "6", "-1", "40000"] {
        let mark = h.discord.mark();
        let click = h.discord.select(h.ids.alice, dm_channel, id_of(&rating), &select_id, &[value]).await;
        refused_without_a_form(&click).await;
        unchanged(&h, &before).await;
        assert_eq!(h.ticket(ticket.id).await.satisfaction, None, "{value}: no rating recorded");
        nothing_sent_since(&h, mark).await;
    }
    h.finish().await;
}
