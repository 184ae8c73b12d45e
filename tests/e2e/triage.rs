//! The triage channel as technicians use it: Claim, Escalate, Resolve; and the requester's Fixed /
//! Still broken / rating in their DMs.

use deskbot::domain::{EventKind, Level, ResolutionCode, Status, Urgency};
use serde_json::Value;

use crate::harness::{Harness, id_of, text_of};
use crate::support::discord::buttons_of;

fn labels(message: &Value) -> Vec<String> {
    buttons_of(message).iter().filter_map(|b| b["label"].as_str().map(str::to_owned)).collect()
}

fn disabled(message: &Value, label: &str) -> bool {
    buttons_of(message).iter().any(|b| b["label"] == label && b["disabled"].as_bool().unwrap_or(false))
}

#[tokio::test]
async fn an_opened_ticket_is_one_triage_message_with_its_thread_for_two_requests() {
    let h = Harness::start().await;
    let mark = h.discord.mark();
    let (ticket, message) = h.open_ticket(h.ids.alice, "VPN drops every ten minutes", Urgency::High).await;
    h.settle().await;
    assert_eq!(
        labels(&message),
        ["Claim", "Escalate", "Resolve", "Ask requester"],
        "the buttons are labelled exactly so"
    );
    let text = text_of(&message);
    assert!(text.contains("VPN drops every ten minutes"), "{text}");
    assert!(text.contains(&format!("<@{}>", h.ids.alice)), "the requester is shown: {text}");
    assert!(text.contains("P2"), "individual × high is P2: {text}");
    assert!(text.contains("<t:"), "SLA due times are Discord timestamps: {text}");
    assert_eq!(ticket.status, Status::Open);
    assert!(ticket.thread_id.is_some() && ticket.triage_message_id == Some(id_of(&message) as i64));
    // Posting the message and opening its thread: two requests, nothing else.
    assert_eq!(h.discord.non_exempt_since(mark), 2, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

#[tokio::test]
async fn claim_assigns_the_ticket_edits_the_triage_message_and_tells_the_requester_who() {
    let h = Harness::start().await;
    let (ticket, message) =
        h.open_ticket(h.ids.alice, "Outlook keeps asking for my password", Urgency::Medium).await;
    h.settle().await;
    let mark = h.discord.mark();
    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await;
    // The triage message is updated in the click's own answer (type 7), at once, for everyone.
    assert_eq!(click.response_type().await, 7);
    let updated = click.reply().await;
    assert_eq!(id_of(&updated), id_of(&message));
    assert!(text_of(&updated).contains(&format!("<@{}>", h.ids.tom)), "{updated}");
    // And the claimer alone is told.
    let confirmation = click.followup(0).await;
    assert!(text_of(&confirmation).contains(&ticket.label()), "{confirmation}");
    assert_ne!(confirmation["flags"].as_u64().unwrap_or(0) & 64, 0, "only the clicker sees the confirmation");

    let shown = h.wait_for_triage_text(&message, &format!("<@{}>", h.ids.tom)).await;
    assert!(text_of(&shown).contains("In progress"), "{}", text_of(&shown));
    assert!(disabled(&shown, "Claim"), "a claimed ticket cannot be claimed again");
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(&format!("<@{}>", h.ids.tom))).await;
    assert!(text_of(&dm).contains(&ticket.label()), "{dm}");
    assert_eq!(dm["mentions"].as_array().map(Vec::len), Some(0), "the requester's DM pings nobody: {dm}");

    let stored = h.ticket(ticket.id).await;
    assert_eq!(stored.status, Status::InProgress);
    assert_eq!(stored.assignee_id, Some(h.ids.tom as i64));
    assert!(stored.sla.first_response_at.is_some(), "the first response is recorded");
    h.settle().await;
    // Open the DM channel, send the DM; the triage message was updated in the (exempt) answer.
    assert_eq!(h.discord.non_exempt_since(mark), 2, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

#[tokio::test]
async fn a_member_without_a_technician_role_clicking_claim_is_refused_and_nothing_changes() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Monitor flickers", Urgency::Low).await;
    h.settle().await;
    let mark = h.discord.mark();
    // The server's owner sees every channel but holds no help desk role.
    let click = h.discord.click_label(h.ids.owner, h.ids.triage, id_of(&message), "Claim").await;
    let text = click.reply_text().await;
    assert!(click.is_ephemeral().await);
    assert!(text.to_lowercase().contains("technician"), "the refusal says why: {text}");
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id, stored.version), (Status::Open, None, ticket.version));
    h.settle().await;
    assert_eq!(
        h.discord.non_exempt_since(mark),
        0,
        "no edit, no DM: {:?}",
        h.discord.route_counts_since(mark)
    );
    h.finish().await;
}

#[tokio::test]
async fn two_technicians_clicking_claim_at_once_leave_one_owner_and_the_other_is_told_who() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Shared drive is read-only", Urgency::High).await;
    h.settle().await;
    let (a, b) = tokio::join!(
        h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim"),
        h.discord.click_label(h.ids.tina, h.ids.triage, id_of(&message), "Claim"),
    );
    let (ta, tb) = (a.reply_text().await, b.reply_text().await);
    let stored = h.ticket(ticket.id).await;
    let owner = stored.assignee_id.expect("someone owns it") as u64;
    assert!(owner == h.ids.tom || owner == h.ids.tina);
    let loser_text = if owner == h.ids.tom { &tb } else { &ta };
    assert!(
        loser_text.contains(&format!("<@{owner}>")),
        "the second claimer is told who has it: {loser_text}"
    );
    let claims = h
        .store()
        .events(ticket.id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.kind == deskbot::domain::EventKind::Claimed)
        .count();
    assert_eq!(claims, 1);
    h.finish().await;
}

#[tokio::test]
async fn escalate_asks_for_a_reason_raises_the_level_pings_that_level_and_requeues() {
    let h = Harness::start().await;
    let (ticket, message) =
        h.open_ticket(h.ids.alice, "SAP login fails with error 403", Urgency::Medium).await;
    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;

    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Escalate").await;
    let submitted = click.submit_modal(&[("reason", "Needs SAP basis rights, beyond L1")]).await;
    assert!(submitted.is_ephemeral().await);
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.level, stored.status, stored.assignee_id), (Level::TWO, Status::Open, None));

    let thread = h.thread_of(&message);
    let ping =
        h.discord.wait_for_message_in(thread, |m| text_of(m).contains(&format!("<@&{}>", h.ids.l2))).await;
    let roles_pinged: Vec<u64> = ping["mention_roles"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r.as_str().and_then(|s| s.parse().ok())).collect())
        .unwrap_or_default();
    assert_eq!(roles_pinged, vec![h.ids.l2], "only the level 2 role is pinged: {ping}");
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("Needs SAP basis rights")).await;
    h.wait_for_triage_text(&message, "Open").await;

    // Level 1 can no longer take it; level 2 can.
    let refused = h.discord.click_label(h.ids.tina, h.ids.triage, id_of(&message), "Claim").await;
    assert!(refused.reply_text().await.contains('2'), "the refusal names the level needed");
    h.discord.click_label(h.ids.sam, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    assert_eq!(h.ticket(ticket.id).await.assignee_id, Some(h.ids.sam as i64));
    h.finish().await;
}

#[tokio::test]
async fn resolve_then_fixed_closes_the_ticket_and_the_requester_rates_it() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Cannot print to floor 3", Urgency::Medium).await;
    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;

    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Resolve").await;
    // Discord itself keeps the notes from being shorter than the configured minimum.
    let modal = click.modal().await;
    assert_eq!(modal["components"][0]["components"][0]["min_length"], 20, "{modal}");
    let notes = "Re-added the floor 3 queue on the print server and cleared the stuck job.";
    click.submit_modal(&[("notes", notes), ("code", "fixed")]).await.reply().await;
    let stored = h.ticket(ticket.id).await;
    assert_eq!(stored.status, Status::Resolved);
    assert_eq!(stored.resolution_code, Some(ResolutionCode::Fixed));

    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("Re-added the floor 3 queue")).await;
    let dm_channel = h.discord.dm_channel_of(h.ids.alice).expect("a DM channel");
    let fixed = h.discord.click_label(h.ids.alice, dm_channel, id_of(&dm), "Fixed").await;
    fixed.response().await;
    assert_eq!(h.ticket(ticket.id).await.status, Status::Closed);
    h.wait_for_triage_text(&message, "Closed").await;

    let rating =
        h.discord.wait_for_dm(h.ids.alice, |m| m["components"].to_string().contains("deskbot:v1:rate")).await;
    let select_id = rating["components"][0]["components"][0]["custom_id"].as_str().unwrap().to_owned();
    h.discord.select(h.ids.alice, dm_channel, id_of(&rating), &select_id, &["5"]).await.response().await;
    assert_eq!(h.ticket(ticket.id).await.satisfaction, Some(5));
    h.finish().await;
}

#[tokio::test]
async fn a_low_rating_and_its_comment_reach_the_coordinators_and_a_second_comment_is_refused() {
    let h = Harness::start().await;
    let (ticket, message) =
        h.open_ticket(h.ids.alice, "Laptop battery drains in an hour", Urgency::Medium).await;
    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Resolve").await;
    let notes = "Recalibrated the battery and set the power plan to balanced.";
    click.submit_modal(&[("notes", notes), ("code", "workaround")]).await.reply().await;
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("Recalibrated the battery")).await;
    let dm_channel = h.discord.dm_channel_of(h.ids.alice).expect("a DM channel");
    h.discord.click_label(h.ids.alice, dm_channel, id_of(&dm), "Fixed").await.response().await;
    let rating =
        h.discord.wait_for_dm(h.ids.alice, |m| m["components"].to_string().contains("deskbot:v1:rate")).await;
    let select_id = rating["components"][0]["components"][0]["custom_id"].as_str().unwrap().to_owned();
    let rated = h.discord.select(h.ids.alice, dm_channel, id_of(&rating), &select_id, &["2"]).await;
    rated.response().await;
    assert_eq!(h.ticket(ticket.id).await.satisfaction, Some(2));
    let alert = h.discord.wait_for_message_in(h.ids.coordinators, |m| text_of(m).contains("2/5")).await;
    let said = text_of(&alert);
    assert!(said.contains(&ticket.label()) && said.contains(&format!("<@{}>", h.ids.tom)), "{said}");

    // The thanks offers a comment; the comment goes to the coordinators too, once.
    let thanks = h.discord.message(id_of(&rating)).expect("the rating message");
    assert!(labels(&thanks).contains(&"Add a comment".to_owned()), "{thanks}");
    let comment = "It took three days and nobody told me what was happening.";
    let open = h.discord.click_label(h.ids.alice, dm_channel, id_of(&rating), "Add a comment").await;
    open.modal().await;
    open.submit_modal(&[("note", comment)]).await.response().await;
    let with_comment =
        h.discord.wait_for_message_in(h.ids.coordinators, |m| text_of(m).contains(comment)).await;
    assert!(text_of(&with_comment).contains("2/5"), "{with_comment}");
    let events = h.store().events(ticket.id).await.expect("the history");
    let kept: Vec<_> = events.iter().filter(|e| e.kind == EventKind::RatingComment).collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].note.as_deref(), Some(comment));

    let after = h.discord.message(id_of(&rating)).expect("the rating message");
    assert!(labels(&after).is_empty(), "the comment replaces the offer: {after}");
    let alice = deskbot::domain::Actor::member(h.ids.alice as i64, deskbot::domain::Roles::REQUESTER);
    let second = h.desk.comment_rating(ticket.id, alice, "And another thing").await;
    assert!(
        second.is_err_and(|e| matches!(
            e,
            deskbot::service::ServiceError::Declined(deskbot::service::Declined::AlreadyCommented)
        )),
        "one comment per rating"
    );
    h.settle().await;
    let posts =
        h.discord.messages_in(h.ids.coordinators).iter().filter(|m| text_of(m).contains("2/5")).count();
    assert_eq!(posts, 2, "the rating, then its comment");
    h.finish().await;
}

#[tokio::test]
async fn still_broken_reopens_to_the_same_technician_and_tells_the_thread_why() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Teams crashes on start", Urgency::Medium).await;
    h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Resolve").await;
    click
        .submit_modal(&[("notes", "Cleared the Teams cache and reinstalled the client."), ("code", "fixed")])
        .await
        .reply()
        .await;

    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("Cleared the Teams cache")).await;
    let dm_channel = h.discord.dm_channel_of(h.ids.alice).expect("a DM channel");
    let broken = h.discord.click_label(h.ids.alice, dm_channel, id_of(&dm), "Still broken").await;
    broken.submit_modal(&[("note", "It still crashes after the splash screen")]).await.reply().await;

    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id), (Status::InProgress, Some(h.ids.tom as i64)));
    assert_eq!(stored.resolution_notes, None, "the old resolution is no longer current");
    let thread = h.thread_of(&message);
    h.discord.wait_for_message_in(thread, |m| text_of(m).contains("still crashes after the splash")).await;
    h.discord.wait_for_dm(h.ids.tom, |m| text_of(m).contains(&ticket.label())).await;
    h.finish().await;
}

#[tokio::test]
async fn a_button_for_a_ticket_that_does_not_exist_gets_a_clear_answer() {
    let h = Harness::start().await;
    let (_ticket, message) = h.open_ticket(h.ids.alice, "Keyboard missing keys", Urgency::Low).await;
    h.settle().await;
    // The same message, but its Claim button points at a ticket the database does not have (e.g.
    // a message left over from another installation).
    let mut forged = h.current_triage(&message);
    let bogus = "deskbot:v1:claim:999999";
    forged["components"][0]["components"][0]["custom_id"] = Value::from(bogus);
    h.discord.replace_message(forged);
    let click = h.discord.click(h.ids.tom, h.ids.triage, id_of(&message), bogus).await;
    let text = click.reply_text().await;
    assert!(click.is_ephemeral().await);
    assert!(text.to_lowercase().contains("no ticket") || text.to_lowercase().contains("no longer"), "{text}");

    // A garbage custom id (an old version, another bot) is answered too.
    let mut forged = h.current_triage(&message);
    forged["components"][0]["components"][0]["custom_id"] = Value::from("deskbot:v0:claim:1");
    h.discord.replace_message(forged);
    let click = h.discord.click(h.ids.tom, h.ids.triage, id_of(&message), "deskbot:v0:claim:1").await;
    assert!(!click.reply_text().await.is_empty());
    h.finish().await;
}

#[tokio::test]
async fn a_claim_that_takes_longer_than_discord_waits_is_deferred_then_shown() {
    use sqlx::{Connection, Executor, SqliteConnection};
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Docking station not detected", Urgency::Low).await;
    h.settle().await;
    // Another process holds the database's write lock for three seconds: the claim cannot commit
    // within Discord's three seconds.
    let mut other = SqliteConnection::connect(h.database_url()).await.unwrap();
    other.execute("BEGIN IMMEDIATE").await.unwrap();
    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await;
    tokio::time::sleep(std::time::Duration::from_millis(3200)).await;
    other.execute("COMMIT").await.unwrap();

    // Acknowledged in time (type 6, "deferred update"), then the message is edited when done.
    assert_eq!(click.response_type().await, 6, "{:?}", click.callbacks());
    let shown = h.wait_for_triage_text(&message, &format!("<@{}>", h.ids.tom)).await;
    assert!(text_of(&shown).contains("In progress"));
    assert_eq!(h.ticket(ticket.id).await.assignee_id, Some(h.ids.tom as i64));
    h.finish().await;
}
