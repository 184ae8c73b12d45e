//! Intake as requesters meet it: a DM conversation from the first message to the triage post,
//! `/ticket` with its modal continuing in DM, `skip` / `back` / `cancel`, a restart in the middle,
//! secrets masked, DMs about an open ticket relayed into its thread, closed DMs, the reminder and
//! expiry of an abandoned intake, and nothing lost or done twice: a DM or a Submit delivered twice,
//! a question whose post Discord refuses for a while.

use std::sync::Arc;

use chrono::{Duration, Utc};
use deskbot::clock::FakeClock;
use deskbot::discord::deliver::deliver_batch;
use deskbot::discord::intake::sweep;
use deskbot::domain::{Impact, Status, Ticket, TicketNumber, Urgency};
use deskbot::service::intake::Swept;
use serde_json::{Value, json};

use crate::harness::{Harness, id_of, p, text_of};
use crate::support::discord::{InteractionHandle, buttons_of, channel_of};

/// `user` DMs the bot `text` and waits for the bot's answer: every DM is answered with one message,
/// which is returned.
async fn say(h: &Harness, user: u64, text: &str) -> Value {
    let before = h.discord.dms_to(user).len();
    h.discord.dm(user, text).await;
    h.discord
        .wait_for(&format!("the bot's answer to {text:?}"), |d| d.dms_to(user).get(before).cloned())
        .await
}

/// The content of a message (what the requester reads above its controls).
fn content(message: &Value) -> &str {
    message["content"].as_str().unwrap_or_default()
}

/// The custom id of the message's select menu.
fn select_of(message: &Value) -> String {
    buttons_of(message)
        .into_iter()
        .find(|c| c["type"] == 3)
        .and_then(|c| c["custom_id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no select menu in {message}"))
}

/// The values of the select menu's options, and which are preselected.
fn options_of(message: &Value) -> (Vec<String>, Vec<String>) {
    let select = buttons_of(message).into_iter().find(|c| c["type"] == 3).unwrap_or_default();
    let options = select["options"].as_array().cloned().unwrap_or_default();
    let value = |o: &Value| o["value"].as_str().unwrap_or_default().to_owned();
    let defaults = options.iter().filter(|o| o["default"] == true).map(value).collect();
    (options.iter().map(value).collect(), defaults)
}

/// `user` picks the option shown as `choice` (or whose value it is) in the select menu of
/// `message` (in their DM with the bot, or the ephemeral message of `/ticket`).
async fn pick(h: &Harness, user: u64, message: &Value, choice: &str) -> InteractionHandle {
    let channel = channel_of(message);
    let select = buttons_of(message).into_iter().find(|c| c["type"] == 3).unwrap_or_default();
    let value = select["options"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["label"] == choice)
        .and_then(|o| o["value"].as_str())
        .unwrap_or(choice)
        .to_owned();
    h.discord.select(user, channel, id_of(message), &select_of(message), &[value.as_str()]).await
}

/// `user` clicks the button `label` of `message`.
async fn click(h: &Harness, user: u64, message: &Value, label: &str) -> InteractionHandle {
    h.discord.click_label(user, channel_of(message), id_of(message), label).await
}

/// The labels of a modal's text inputs.
fn modal_labels(modal: &Value) -> Vec<String> {
    modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| if row["type"] == 18 { row["component"].clone() } else { row["components"][0].clone() })
        .filter_map(|i| i["label"].as_str().map(str::to_owned))
        .collect()
}

/// The answer to the category's question `key` as stored on the ticket (`None` when skipped).
fn answer(ticket: &Ticket, key: &str) -> Option<String> {
    ticket
        .answers
        .iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no answer {key:?} on the ticket: {:?}", ticket.answers))
        .value
        .clone()
}

async fn ticket_number(h: &Harness, n: i64) -> Ticket {
    h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(n)).await.expect("the ticket exists")
}

/// Whether any request the bot made to Discord carries `needle`.
fn sent_to_discord(h: &Harness, needle: &str) -> bool {
    h.discord.requests().iter().any(|r| r.body.as_ref().is_some_and(|b| b.to_string().contains(needle)))
}

/// The question a message asks, e.g. `**Question 4 of 8**`.
fn question_number(message: &Value) -> String {
    let text = content(message);
    let start = text.find("**Question ").unwrap_or_else(|| panic!("no question in {text:?}"));
    let rest = &text[start + 2..];
    rest[..rest.find("**").unwrap_or(rest.len())].to_owned()
}

// ----- the DM conversation ----------------------------------------------------------------------

#[tokio::test]
async fn a_dm_intake_goes_from_the_first_message_to_one_triage_post_for_one_request_per_answer() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let mark = h.discord.mark();

    // The first DM is the summary; the classification suggests the category, preselected.
    let first = say(&h, alice, "my vpn keeps disconnecting").await;
    assert!(content(&first).contains("It sounds like **Network & VPN**"), "{}", content(&first));
    assert!(content(&first).contains("Never send passwords"), "{}", content(&first));
    let (options, preselected) = options_of(&first);
    assert!(options.len() >= 6 && options.contains(&"network".to_owned()), "{options:?}");
    assert_eq!(preselected, ["network"]);

    // Picking it updates the message in place with the next question.
    let picked = pick(&h, alice, &first, "network").await;
    let description = picked.reply().await;
    assert_eq!(id_of(&description), id_of(&first), "the click updated the message it was on");
    assert!(content(&description).contains("Describe what happens"), "{}", content(&description));
    assert_eq!(question_number(&description), "Question 3 of 8");

    let connection =
        say(&h, alice, "It drops every few minutes since Monday; reconnecting helps briefly.").await;
    assert!(content(&connection).contains("How are you connected?"), "{}", content(&connection));

    // A choice out of range is refused with the reason and the question asked again.
    let refused = say(&h, alice, "7").await;
    let text = content(&refused);
    assert!(text.contains("Please choose one of: 1. Wired (cable), 2. Wi-Fi"), "{text}");
    assert!(text.contains("How are you connected?"), "asked again: {text}");
    assert_eq!(question_number(&refused), question_number(&connection));

    // By its number.
    let location = say(&h, alice, "2").await;
    assert!(content(&location).contains("Where are you"), "{}", content(&location));
    // The select of the question she answered by typing no longer answers anything.
    let late = pick(&h, alice, &connection, "Wired (cable)").await;
    let said = late.reply_text().await;
    assert!(said.contains("already answered") && late.is_ephemeral().await, "{said}");
    // A required question cannot be skipped, and the bot says so.
    let refused = say(&h, alice, "skip").await;
    assert!(content(&refused).contains("cannot be skipped"), "{}", content(&refused));
    assert!(content(&refused).contains("Where are you"), "{}", content(&refused));

    let others = say(&h, alice, "Office 2, room 12").await;
    assert!(content(&others).contains("Are colleagues near you affected too?"), "{}", content(&others));
    let impact = say(&h, alice, "no").await;
    assert!(content(&impact).contains("Who is affected?"), "{}", content(&impact));
    let urgency = say(&h, alice, "Just me").await;
    assert!(content(&urgency).contains("How urgent is it?"), "{}", content(&urgency));
    let review = say(&h, alice, "3").await;

    // The review shows everything, with the matrix's priority (just me × high = P2).
    let shown = text_of(&review);
    for expected in [
        "my vpn keeps disconnecting",
        "Network & VPN",
        "P2",
        "reconnecting helps briefly",
        "Wi-Fi",
        "Office 2, room 12",
        "Just me",
        "High",
    ] {
        assert!(shown.contains(expected), "the review shows {expected:?}: {shown}");
    }
    let buttons: Vec<String> =
        buttons_of(&review).iter().filter_map(|b| b["label"].as_str().map(str::to_owned)).collect();
    assert_eq!(buttons, ["Submit", "Edit", "Cancel"]);
    let nothing_yet = h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(1)).await;
    assert!(nothing_yet.is_err(), "no ticket before Submit");
    assert!(h.discord.messages_in(h.ids.triage).is_empty());

    // One message per typed DM, nothing else: no extra DM channel, no edits, no lookups.
    let dm_channel = h.discord.dm_channel_of(alice).expect("a DM channel");
    let author = alice.to_string();
    let typed = h.discord.messages_in(dm_channel).iter().filter(|m| m["author"]["id"] == *author).count();
    assert_eq!(typed, 9);
    let intake_requests = h.discord.non_exempt_since(mark);
    println!(
        "DM intake: {typed} DMs typed, {intake_requests} rate-limited requests: {:?}",
        h.discord.route_counts_since(mark)
    );
    assert_eq!(intake_requests, typed, "{:?}", h.discord.route_counts_since(mark));

    let before_submit = h.discord.mark();
    let submitted = click(&h, alice, &review, "Submit").await;
    let confirmation = submitted.reply().await;
    assert!(content(&confirmation).contains("Ticket **#1** is open"), "{}", content(&confirmation));

    let ticket = ticket_number(&h, 1).await;
    assert_eq!(ticket.status, Status::Open);
    assert_eq!(ticket.requester_id, alice as i64);
    assert_eq!(ticket.summary, "my vpn keeps disconnecting");
    assert_eq!(ticket.category, "network");
    assert!(ticket.description.contains("reconnecting helps briefly"), "{}", ticket.description);
    assert_eq!(answer(&ticket, "connection").as_deref(), Some("Wi-Fi"));
    assert_eq!(answer(&ticket, "location").as_deref(), Some("Office 2, room 12"));
    assert_eq!(answer(&ticket, "others_affected").as_deref(), Some("No"));
    assert_eq!((ticket.impact, ticket.urgency, ticket.priority), (Impact::Individual, Urgency::High, p(2)));
    assert!(h.store().intake(h.ids.guild as i64, alice as i64).await.unwrap().is_none());

    let message = h.triage_message(&ticket).await;
    h.settle().await;
    let posts = h.discord.messages_in(h.ids.triage);
    assert_eq!(posts.len(), 1, "one triage message: {posts:?}");
    let labels: Vec<String> =
        buttons_of(&message).iter().filter_map(|b| b["label"].as_str().map(str::to_owned)).collect();
    assert_eq!(labels, ["Claim", "Escalate", "Resolve", "Ask requester"]);
    let posted = text_of(&message);
    assert!(
        posted.contains("my vpn keeps disconnecting") && posted.contains("Office 2, room 12"),
        "{posted}"
    );
    assert!(h.discord.thread_of(id_of(&message)).is_some(), "the ticket has its thread");
    // The triage post and its thread: two more requests; the confirmation was the click's answer.
    let submit_requests = h.discord.non_exempt_since(before_submit);
    println!(
        "Submit: {submit_requests} rate-limited requests; whole intake {}",
        intake_requests + submit_requests
    );
    assert_eq!(submit_requests, 2, "{:?}", h.discord.route_counts_since(before_submit));
    h.finish().await;
}

#[tokio::test]
async fn a_dm_intake_answered_with_its_buttons_costs_three_rate_limited_requests_in_all() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let mark = h.discord.mark();

    // The first DM is answered with one message; everything after it updates that message.
    let first = say(&h, alice, "my vpn keeps disconnecting").await;
    let description = pick(&h, alice, &first, "network").await.reply().await;
    assert_eq!(id_of(&description), id_of(&first));
    assert!(content(&description).contains("Describe what happens"), "{}", content(&description));

    // **Answer** opens a modal with the free-text questions from this one on.
    let answer_button = click(&h, alice, &description, "Answer").await;
    let modal = answer_button.modal().await;
    assert_eq!(modal_labels(&modal), ["What happens?", "Location (office, floor, room)"], "{modal}");
    let submitted = answer_button
        .submit_modal(&[
            ("q0", "It drops every few minutes since Monday; reconnecting helps briefly."),
            ("q1", "Office 2, room 12"),
        ])
        .await;
    assert_eq!(submitted.response_type().await, 7, "the modal updates the message it came from");
    let connection = submitted.reply().await;
    assert_eq!(id_of(&connection), id_of(&first));
    assert!(content(&connection).contains("How are you connected?"), "{}", content(&connection));
    let others = pick(&h, alice, &connection, "Wi-Fi").await.reply().await;
    assert!(content(&others).contains("Are colleagues near you affected too?"), "{}", content(&others));
    let impact = pick(&h, alice, &others, "No").await.reply().await;
    let urgency = pick(&h, alice, &impact, "Just me").await.reply().await;
    let review = pick(&h, alice, &urgency, "High").await.reply().await;
    assert_eq!(id_of(&review), id_of(&first), "one message from the first DM to the review");

    // **Edit** the description: its own modal, with the answer so far filled in.
    let edit = click(&h, alice, &review, "Edit").await.reply().await;
    let again = pick(&h, alice, &edit, "description").await.reply().await;
    assert!(content(&again).contains("Describe what happens"), "{}", content(&again));
    let reopened = click(&h, alice, &again, "Answer").await;
    let modal = reopened.modal().await;
    let input = &modal["components"][0]["components"][0];
    assert!(input["value"].as_str().is_some_and(|v| v.contains("reconnecting helps briefly")), "{modal}");
    let review = reopened
        .submit_modal(&[("q0", "It drops every few minutes since Monday; a restart does not help.")])
        .await
        .reply()
        .await;
    assert!(text_of(&review).contains("a restart does not help"), "{}", text_of(&review));

    let confirmation = click(&h, alice, &review, "Submit").await.reply().await;
    assert!(content(&confirmation).contains("Ticket **#1** is open"), "{}", content(&confirmation));
    let ticket = ticket_number(&h, 1).await;
    assert!(ticket.description.contains("a restart does not help"), "{}", ticket.description);
    assert_eq!(answer(&ticket, "location").as_deref(), Some("Office 2, room 12"));
    assert_eq!(answer(&ticket, "connection").as_deref(), Some("Wi-Fi"));
    assert_eq!((ticket.impact, ticket.urgency, ticket.priority), (Impact::Individual, Urgency::High, p(2)));
    let message = h.triage_message(&ticket).await;
    assert!(h.discord.thread_of(id_of(&message)).is_some(), "the ticket has its thread");
    h.settle().await;

    // The first reply, the triage post, its thread: nothing else counted against the global limit.
    assert_eq!(h.discord.dms_to(alice).len(), 1, "one message in her DM");
    let requests = h.discord.non_exempt_since(mark);
    println!(
        "DM intake with its buttons: {requests} rate-limited requests: {:?}",
        h.discord.route_counts_since(mark)
    );
    assert_eq!(requests, 3, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

// ----- /ticket ----------------------------------------------------------------------------------

#[tokio::test]
async fn ticket_with_summary_and_category_asks_in_a_modal_then_in_its_own_answers_for_two_requests() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let mark = h.discord.mark();
    let command = h
        .discord
        .slash(
            alice,
            "ticket",
            json!({"summary": "Outlook crashes when I open attachments", "category": "software"}),
        )
        .await;
    let modal = command.modal().await;
    assert_eq!(modal["title"], "New ticket · Software", "{modal}");
    let inputs: Vec<Value> = modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| if row["type"] == 18 { row["component"].clone() } else { row["components"][0].clone() })
        .collect();
    assert!((1..=5).contains(&inputs.len()), "a modal holds 1 to 5 inputs: {modal}");
    let labels: Vec<&str> = inputs.iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(labels.iter().all(|l| l.chars().count() <= 45), "{labels:?}");
    // The summary was given: the modal asks the description and the category's free-text questions.
    assert_eq!(
        labels,
        ["What happens?", "Application", "Version (if known)", "Error message (word for word)"]
    );
    let optional: Vec<bool> = inputs.iter().map(|i| i["required"] == false).collect();
    assert_eq!(optional, [false, false, true, true], "optional questions may be left empty: {modal}");

    // The version is left empty: an optional question skipped.
    let submitted = command
        .submit_modal(&[
            ("q0", "Outlook closes as soon as I open a PDF attachment; restarting did not help."),
            ("q1", "Outlook"),
            ("q3", "Microsoft Outlook has stopped working"),
        ])
        .await;
    // Who is affected and how urgent: choices, asked in the modal's answer, only she sees it.
    let impact = submitted.reply().await;
    assert!(submitted.is_ephemeral().await, "only she sees it");
    assert!(content(&impact).contains("Who is affected?"), "{}", content(&impact));
    let urgency = pick(&h, alice, &impact, "My team").await.reply().await;
    assert!(content(&urgency).contains("How urgent is it?"), "{}", content(&urgency));
    let review = pick(&h, alice, &urgency, "Medium").await.reply().await;
    let shown = text_of(&review);
    assert!(
        shown.contains("Software") && shown.contains("P2") && shown.contains("PDF attachment"),
        "{shown}"
    );

    // A double click on Submit opens one ticket; the second click is told it is done.
    let (a, b) = tokio::join!(click(&h, alice, &review, "Submit"), click(&h, alice, &review, "Submit"));
    let mut answers = [a.reply_text().await, b.reply_text().await];
    answers.sort_by_key(|t| !t.contains("**#1**"));
    assert!(answers[0].contains("Ticket **#1** is open"), "{answers:?}");
    assert!(answers[1].contains("already ended"), "{answers:?}");
    let ticket = ticket_number(&h, 1).await;
    assert_eq!(ticket.status, Status::Open);
    assert_eq!(ticket.summary, "Outlook crashes when I open attachments");
    assert_eq!(ticket.category, "software");
    assert_eq!(answer(&ticket, "application").as_deref(), Some("Outlook"));
    assert_eq!(answer(&ticket, "version"), None, "skipped");
    assert_eq!(answer(&ticket, "error_message").as_deref(), Some("Microsoft Outlook has stopped working"));
    // My team × medium = P2.
    assert_eq!((ticket.impact, ticket.urgency, ticket.priority), (Impact::Team, Urgency::Medium, p(2)));
    h.triage_message(&ticket).await;
    h.settle().await;
    assert_eq!(h.discord.messages_in(h.ids.triage).len(), 1, "one ticket, one triage post");
    assert!(h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(2)).await.is_err());
    // No DM at all: the triage post and its thread are the ticket's only rate-limited requests.
    assert!(h.discord.dms_to(alice).is_empty(), "{:?}", h.discord.dms_to(alice));
    let requests = h.discord.non_exempt_since(mark);
    println!("/ticket intake: {requests} rate-limited requests: {:?}", h.discord.route_counts_since(mark));
    assert_eq!(requests, 2, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

#[tokio::test]
async fn ticket_without_options_asks_the_category_first_then_the_modal_asks_the_summary() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let command = h.discord.slash(alice, "ticket", json!({})).await;
    let categories = command.reply().await;
    assert!(command.is_ephemeral().await);
    assert!(content(&categories).contains("Which category fits best?"), "{}", content(&categories));
    let picked = h
        .discord
        .select(alice, command.channel_id, id_of(&categories), &select_of(&categories), &["network"])
        .await;
    // The modal is the select's own answer.
    let modal = picked.modal().await;
    assert_eq!(modal["title"], "New ticket · Network & VPN");
    assert_eq!(modal["components"][0]["components"][0]["label"], "Summary (one line)", "{modal}");
    let submitted = picked
        .submit_modal(&[
            ("q0", "VPN drops on the train"),
            ("q1", "It drops in tunnels."),
            ("q2", "On the train"),
        ])
        .await;
    // The modal came from the category select: its answer updates that ephemeral message.
    assert_eq!(submitted.response_type().await, 7);
    let connection = submitted.reply().await;
    assert_eq!(id_of(&connection), id_of(&categories));
    assert!(content(&connection).contains("How are you connected?"), "{}", content(&connection));
    assert_eq!(question_number(&connection), "Question 4 of 8", "the modal answered questions 1 to 3 and 5");
    let others = pick(&h, alice, &connection, "VPN from outside the office").await.reply().await;
    assert!(content(&others).contains("Are colleagues near you affected too?"), "{}", content(&others));
    let intake = h.store().intake(h.ids.guild as i64, alice as i64).await.unwrap().expect("going on");
    assert!(intake.state.contains("VPN drops on the train") && intake.state.contains("On the train"));
    h.finish().await;
}

// ----- skip, back, cancel -----------------------------------------------------------------------

#[tokio::test]
async fn cancel_in_the_middle_of_an_intake_ends_it_and_opens_no_ticket() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "The printer on floor 2 keeps jamming").await;
    let description = pick(&h, alice, &first, "printing").await.reply().await;
    assert!(content(&description).contains("Describe what happens"), "{}", content(&description));
    let printer = say(&h, alice, "Every second page jams in tray 2.").await;
    assert!(content(&printer).contains("Which printer"), "{}", content(&printer));
    let symptom = say(&h, alice, "PRN-2F-EAST").await;
    assert!(content(&symptom).contains("What happens"), "{}", content(&symptom));
    let impact = say(&h, alice, "A paper jam, the display says J-202").await;
    assert!(content(&impact).contains("Who is affected?"), "{}", content(&impact));
    assert_eq!(h.intake_statuses(alice).await, ["active"]);

    let cancelled = say(&h, alice, "cancel").await;
    assert!(content(&cancelled).contains("Cancelled. Nothing was sent."), "{}", content(&cancelled));
    assert!(buttons_of(&cancelled).is_empty(), "nothing left to click: {cancelled}");
    assert!(h.store().intake(h.ids.guild as i64, alice as i64).await.unwrap().is_none());
    assert_eq!(h.intake_statuses(alice).await, ["cancelled"]);
    assert!(h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(1)).await.is_err(), "no ticket");

    // The select of the question she did not answer does nothing now, and says so.
    let stale = pick(&h, alice, &impact, "My team").await;
    let said = stale.reply_text().await;
    assert!(said.contains("already ended"), "{said}");
    assert!(stale.is_ephemeral().await, "{said}");
    assert!(h.store().intake(h.ids.guild as i64, alice as i64).await.unwrap().is_none());

    // Her next DM starts afresh.
    let again = say(&h, alice, "Laptop will not charge").await;
    assert!(content(&again).contains("Which category fits best?"), "{}", content(&again));
    assert_eq!(h.intake_statuses(alice).await, ["cancelled", "active"]);
    h.settle().await;
    assert!(h.discord.messages_in(h.ids.triage).is_empty(), "nothing reached the triage channel");
    h.finish().await;
}

#[tokio::test]
async fn back_asks_the_previous_question_again_and_keeps_the_answers() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "My laptop screen stays black").await;
    assert_eq!(options_of(&first).1, ["hardware"]);
    pick(&h, alice, &first, "hardware").await.reply().await;
    let device = say(&h, alice, "Black screen after the logo; the power light is on.").await;
    assert!(content(&device).contains("Which device is it?"), "{}", content(&device));
    let asset_tag = say(&h, alice, "Laptop").await;
    assert!(content(&asset_tag).contains("asset tag"), "{}", content(&asset_tag));
    assert!(buttons_of(&asset_tag).iter().any(|b| b["label"] == "Skip"), "optional: {asset_tag}");

    // A bad asset tag is refused with the form it must take; then the optional question is skipped.
    let refused = say(&h, alice, "12345").await;
    assert!(content(&refused).contains("does not look right"), "{}", content(&refused));
    assert!(content(&refused).contains("e.g. LT-12345"), "{}", content(&refused));
    let symptom = say(&h, alice, "skip").await;
    assert!(content(&symptom).contains("What happens?"), "{}", content(&symptom));

    // back, back: the device question again, with her answer proposed.
    let again = say(&h, alice, "back").await;
    assert_eq!(question_number(&again), question_number(&asset_tag));
    let again = say(&h, alice, "back").await;
    assert_eq!(question_number(&again), question_number(&device));
    assert!(content(&again).contains("Suggested: **Laptop**"), "{}", content(&again));
    // Keeping it returns to the first question not answered yet: the skipped tag stays skipped.
    let next = say(&h, alice, "ok").await;
    assert_eq!(question_number(&next), question_number(&symptom));
    let impact = say(&h, alice, "It shows nothing at all, no error").await;
    let urgency = pick(&h, alice, &impact, "Just me").await.reply().await;
    let review = pick(&h, alice, &urgency, "Low").await.reply().await;
    let shown = text_of(&review);
    assert!(shown.contains("Black screen after the logo") && shown.contains("Laptop"), "{shown}");

    click(&h, alice, &review, "Submit").await.reply().await;
    let ticket = ticket_number(&h, 1).await;
    assert_eq!(ticket.category, "hardware");
    assert!(ticket.description.contains("Black screen after the logo"), "{}", ticket.description);
    assert_eq!(answer(&ticket, "device").as_deref(), Some("Laptop"));
    assert_eq!(answer(&ticket, "asset_tag"), None);
    assert_eq!(answer(&ticket, "symptom").as_deref(), Some("It shows nothing at all, no error"));
    assert_eq!(ticket.priority, p(4), "just me × low");
    h.triage_message(&ticket).await;
    h.settle().await;
    h.finish().await;
}

// ----- restart, secrets -------------------------------------------------------------------------

#[tokio::test]
async fn after_a_restart_in_the_middle_of_an_intake_the_next_answer_continues_where_it_stopped() {
    let mut h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "No internet on my desk since this morning").await;
    pick(&h, alice, &first, "network").await.reply().await;
    say(&h, alice, "The cable is plugged in but Windows says no network.").await;
    let location = say(&h, alice, "1").await;
    assert!(content(&location).contains("Where are you"), "{}", content(&location));

    h.restart().await;

    let others = say(&h, alice, "HQ, floor 4, desk 17").await;
    assert!(content(&others).contains("Are colleagues near you affected too?"), "{}", content(&others));
    assert_eq!(question_number(&others), "Question 6 of 8");
    // The controls of a message sent before the restart still work.
    let impact = pick(&h, alice, &others, "Yes").await.reply().await;
    assert!(content(&impact).contains("Who is affected?"), "{}", content(&impact));
    let urgency = say(&h, alice, "my team").await;
    assert!(content(&urgency).contains("How urgent is it?"), "{}", content(&urgency));
    let review = say(&h, alice, "low").await;
    let confirmation = click(&h, alice, &review, "Submit").await.reply().await;
    assert!(content(&confirmation).contains("**#1**"), "{}", content(&confirmation));

    let ticket = ticket_number(&h, 1).await;
    assert_eq!(ticket.status, Status::Open);
    assert!(ticket.description.contains("Windows says no network"), "{}", ticket.description);
    assert_eq!(answer(&ticket, "connection").as_deref(), Some("Wired (cable)"));
    assert_eq!(answer(&ticket, "location").as_deref(), Some("HQ, floor 4, desk 17"));
    assert_eq!(answer(&ticket, "others_affected").as_deref(), Some("Yes"));
    assert_eq!((ticket.impact, ticket.urgency, ticket.priority), (Impact::Team, Urgency::Low, p(3)));
    h.triage_message(&ticket).await;
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn a_password_in_an_answer_is_masked_where_it_is_kept_and_posted_and_the_requester_is_warned() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let secret = "Hunter2!x";
    let first = say(&h, alice, "Outlook keeps asking me to sign in").await;
    assert_eq!(options_of(&first).1, ["accounts"]);
    pick(&h, alice, &first, "accounts").await.reply().await;

    let warned = say(&h, alice, &format!("my password is {secret}, pwd={secret}")).await;
    let text = content(&warned);
    assert!(text.contains("masked it") && text.contains("Never send passwords"), "{text}");
    assert!(text.contains("Which system or account"), "the next question follows: {text}");
    let stored =
        h.store().intake(h.ids.guild as i64, alice as i64).await.unwrap().expect("the intake goes on");
    assert!(!stored.state.contains(secret), "the password is not stored: {}", stored.state);
    assert!(stored.state.contains("[redacted password]"), "{}", stored.state);

    let problem = say(&h, alice, "Outlook on my laptop").await;
    let impact = pick(&h, alice, &problem, "Something else").await.reply().await;
    let urgency = pick(&h, alice, &impact, "Just me").await.reply().await;
    let message = pick(&h, alice, &urgency, "Medium").await.reply().await;
    assert!(text_of(&message).contains("redacted password"), "{}", text_of(&message));
    assert!(!text_of(&message).contains(secret), "{}", text_of(&message));
    click(&h, alice, &message, "Submit").await.reply().await;

    let ticket = ticket_number(&h, 1).await;
    assert!(!ticket.description.contains(secret), "{}", ticket.description);
    assert!(ticket.description.contains("[redacted password]"), "{}", ticket.description);
    let posted = h.triage_message(&ticket).await;
    h.settle().await;
    assert!(text_of(&posted).contains("redacted password"), "{}", text_of(&posted));
    assert!(!sent_to_discord(&h, secret), "the password never left the bot");
    h.finish().await;
}

// ----- DMs about an open ticket, closed DMs -----------------------------------------------------

#[tokio::test]
async fn a_dm_from_a_requester_with_an_open_ticket_is_relayed_into_its_thread_and_pings_nobody() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let (ticket, message) = h.open_ticket(alice, "VPN drops every ten minutes", Urgency::High).await;
    h.settle().await;
    let thread = h.thread_of(&message);
    let mark = h.discord.mark();

    let confirmation = say(&h, alice, "It dropped again at 10:15 @everyone here has it too").await;
    let text = content(&confirmation);
    assert!(text.contains(&format!("Added to ticket **{}**", ticket.label())), "{text}");
    assert!(!text.contains("Which category"), "not a new intake: {text}");
    assert!(h.intake_statuses(alice).await.is_empty(), "no intake was started");

    let relayed =
        h.discord.wait_for_message_in(thread, |m| text_of(m).contains("It dropped again at 10:15")).await;
    assert!(text_of(&relayed).contains("everyone here has it too"), "her words: {relayed}");
    assert!(text_of(&relayed).contains(&format!("<@{alice}>")), "she is named, not pinged: {relayed}");
    assert_eq!(relayed["mention_everyone"], false, "nobody is pinged: {relayed}");
    assert_eq!(relayed["mentions"].as_array().map(Vec::len), Some(0), "{relayed}");
    assert_eq!(relayed["mention_roles"].as_array().map(Vec::len), Some(0), "{relayed}");
    assert_eq!(confirmation["mention_everyone"], false);
    let events = h.store().events(ticket.id).await.unwrap();
    assert!(
        events.iter().any(|e| e.kind == deskbot::domain::EventKind::RequesterMessage
            && e.note.as_deref().is_some_and(|n| n.contains("10:15"))),
        "recorded on the ticket: {events:?}"
    );
    h.settle().await;
    // Her confirmation and the post in the thread.
    assert_eq!(h.discord.non_exempt_since(mark), 2, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

#[tokio::test]
async fn a_requester_whose_dms_are_closed_opens_a_ticket_by_ticket_all_the_same() {
    let h = Harness::start().await;
    let bob = h.ids.bob;
    h.discord.close_dms(bob);
    let command = h
        .discord
        .slash(bob, "ticket", json!({"summary": "Printer on floor 2 jams", "category": "printing"}))
        .await;
    let submitted = command
        .submit_modal(&[
            ("q0", "Every second page jams in tray 2 since this morning."),
            ("q1", "PRN-2F-EAST"),
            ("q2", "Paper jam, the display says J-202"),
        ])
        .await;
    // Nothing needs his DMs: the questions are the interaction's answers.
    let impact = submitted.reply().await;
    assert!(content(&impact).contains("Who is affected?"), "{}", content(&impact));
    let urgency = pick(&h, bob, &impact, "My team").await.reply().await;
    let review = pick(&h, bob, &urgency, "High").await.reply().await;
    assert!(text_of(&review).contains("PRN-2F-EAST"), "{}", text_of(&review));
    let done = click(&h, bob, &review, "Submit").await.reply().await;
    assert!(content(&done).contains("Ticket **#1** is open"), "{}", content(&done));
    let ticket = ticket_number(&h, 1).await;
    assert_eq!(answer(&ticket, "printer").as_deref(), Some("PRN-2F-EAST"));
    assert_eq!(ticket.priority, p(1), "my team × high");
    h.triage_message(&ticket).await;
    h.settle().await;
    assert!(h.discord.dms_to(bob).is_empty());
    h.finish().await;
}

/// The `/ticket` form is one ephemeral message, which Discord's client drops when it reloads and
/// whose interaction token lives 15 minutes. Left that long, the conversation goes on in the DM:
/// the reminder asks the question it stood at, with its controls, and nothing answered is lost.
#[tokio::test]
async fn a_ticket_form_left_past_its_token_goes_on_in_dm_where_it_stood() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let command = h
        .discord
        .slash(alice, "ticket", json!({"summary": "Printer on floor 2 jams", "category": "printing"}))
        .await;
    let impact = command
        .submit_modal(&[
            ("q0", "Every second page jams in tray 2 since this morning."),
            ("q1", "PRN-2F-EAST"),
            ("q2", "Paper jam, the display says J-202"),
        ])
        .await
        .reply()
        .await;
    assert!(content(&impact).contains("Who is affected?"), "{}", content(&impact));

    let clock = FakeClock::at(Utc::now());
    let bot = h.bot_with_clock(Arc::new(clock.clone()));
    clock.advance(Duration::minutes(31));
    assert_eq!(sweep(&bot).await, Swept { reminded: 1, expired: 0 });
    deliver_batch(&bot, "sweeper").await;
    let reminder = h.discord.wait_for_dm(alice, |m| content(m).contains("isn't finished yet")).await;
    assert!(content(&reminder).contains("Who is affected?"), "{}", content(&reminder));

    // Its select answers in the DM, updating the reminder.
    let urgency = pick(&h, alice, &reminder, "My team").await.reply().await;
    assert_eq!(id_of(&urgency), id_of(&reminder));
    let review = pick(&h, alice, &urgency, "High").await.reply().await;
    let shown = text_of(&review);
    assert!(shown.contains("PRN-2F-EAST") && shown.contains("J-202"), "the form's answers: {shown}");
    click(&h, alice, &review, "Submit").await.reply().await;
    let ticket = ticket_number(&h, 1).await;
    assert_eq!(answer(&ticket, "printer").as_deref(), Some("PRN-2F-EAST"));
    assert!(ticket.description.contains("tray 2"), "{}", ticket.description);
    h.triage_message(&ticket).await;
    h.settle().await;
    h.finish().await;
}

// ----- reminders and expiry ---------------------------------------------------------------------

/// The housekeeping runs `sweep` every 30 s by the bot's clock; here a second `Bot` on the same
/// database with a fake clock runs it at chosen times, and delivers what it queued (dated by that
/// clock, so not yet due for the running bot's deliverer).
#[tokio::test]
async fn an_abandoned_intake_is_reminded_once_then_expires_with_a_dm() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "Excel crashes when I open the budget file").await;
    let description = pick(&h, alice, &first, "software").await.reply().await;
    assert!(content(&description).contains("Describe what happens"), "{}", content(&description));

    let clock = FakeClock::at(Utc::now());
    let bot = h.bot_with_clock(Arc::new(clock.clone()));
    let dms = || h.discord.dms_to(alice).len();
    let sweep_and_deliver = || async {
        let swept = sweep(&bot).await;
        deliver_batch(&bot, "sweeper").await;
        swept
    };

    clock.advance(Duration::minutes(29));
    assert_eq!(sweep_and_deliver().await, Swept::default(), "not yet");
    let before = dms();
    clock.advance(Duration::minutes(2));
    assert_eq!(sweep_and_deliver().await, Swept { reminded: 1, expired: 0 });
    assert_eq!(dms(), before + 1);
    let reminder = h.discord.dms_to(alice).pop().expect("the reminder");
    let text = content(&reminder);
    assert!(text.starts_with("Your help desk request isn't finished yet"), "{text}");
    assert!(text.contains("Describe what happens"), "the question is asked again: {text}");

    // Once only.
    clock.advance(Duration::hours(1));
    assert_eq!(sweep_and_deliver().await, Swept::default());
    assert_eq!(dms(), before + 1);

    clock.advance(Duration::hours(23));
    assert_eq!(sweep_and_deliver().await, Swept { reminded: 0, expired: 1 });
    let expired = h.discord.dms_to(alice).pop().expect("the expiry DM");
    assert!(content(&expired).contains("has expired"), "{}", content(&expired));
    assert!(h.store().intake(h.ids.guild as i64, alice as i64).await.unwrap().is_none());
    assert_eq!(h.intake_statuses(alice).await, ["expired"]);
    assert_eq!(sweep_and_deliver().await, Swept::default());
    assert_eq!(dms(), before + 2);

    // Her next DM starts a new request.
    let again = say(&h, alice, "Excel crashes again").await;
    assert!(content(&again).contains("Which category fits best?"), "{}", content(&again));
    h.finish().await;
}

/// Bob's closed VPN ticket, in his own words, fixed by Tom: what a requester must never be shown.
async fn bobs_closed_vpn_ticket(h: &Harness) -> Ticket {
    use deskbot::domain::{Action, Actor, ResolutionCode, Roles};
    let (earlier, _) = h
        .open_ticket(
            h.ids.bob,
            "VPN keeps disconnecting every few minutes since the move to Building C",
            Urgency::Medium,
        )
        .await;
    let tom = Actor::member(h.ids.tom as i64, Roles::technician(deskbot::domain::Level::ONE));
    h.desk.act(earlier.id, tom, Action::Claim).await.unwrap();
    let notes = "Reinstalled Bob's AnyConnect profile; his old client dropped idle tunnels.";
    h.desk
        .act(earlier.id, tom, Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed })
        .await
        .unwrap();
    h.desk.act(earlier.id, Actor::member(h.ids.bob as i64, Roles::REQUESTER), Action::Confirm).await.unwrap();
    h.settle().await;
    h.ticket(earlier.id).await
}

/// Alice reports her VPN problem by DM up to the review, which is returned.
async fn alices_vpn_review(h: &Harness) -> Value {
    let alice = h.ids.alice;
    let first = say(h, alice, "my vpn keeps disconnecting").await;
    pick(h, alice, &first, "network").await.reply().await;
    say(h, alice, "AnyConnect drops every few minutes, I have to reconnect.").await;
    for answer in ["2", "Office 2, room 12", "no", "Just me"] {
        say(h, alice, answer).await;
    }
    say(h, alice, "3").await
}

/// Nothing of Bob's ticket reached Alice: not his words, not his name, not his ticket.
fn assert_nothing_of(h: &Harness, bob: &Ticket) {
    let seen: String = h.discord.dms_to(h.ids.alice).iter().map(text_of).collect::<Vec<_>>().join("\n");
    let everything = format!("{seen}\n{}", serde_json::to_string(&h.discord.dms_to(h.ids.alice)).unwrap());
    let mention = format!("<@{}>", h.ids.bob);
    for private in ["Building C", "Reinstalled Bob", "idle tunnels", &mention, &bob.label()] {
        assert!(!everything.contains(private), "Alice was shown {private:?} of Bob's ticket:\n{seen}");
    }
}

#[tokio::test]
async fn a_matching_article_is_offered_at_the_review_never_another_requesters_ticket_and_this_fixed_it_opens_no_ticket()
 {
    let h = Harness::start().await;
    let bob = bobs_closed_vpn_ticket(&h).await;
    let article = h
        .write_article(
            "VPN keeps disconnecting (AnyConnect)",
            "The AnyConnect VPN drops every few minutes and reconnects.",
            "Update AnyConnect to 5.1 from the Software Center, then restart the laptop.",
            "network",
        )
        .await;
    h.write_article(
        "Printer offline",
        "Jobs stay in the queue.",
        "Re-add the printer from print01.",
        "printing",
    )
    .await;

    let alice = h.ids.alice;
    let review = alices_vpn_review(&h).await;
    let shown = text_of(&review);
    assert!(shown.contains("VPN keeps disconnecting (AnyConnect)"), "the article is offered: {shown}");
    assert!(shown.contains("Update AnyConnect to 5.1"), "with its steps: {shown}");
    assert!(!shown.contains("Re-add the printer"), "an unrelated article is not: {shown}");
    assert_nothing_of(&h, &bob);

    let fixed = click(&h, alice, &review, "This fixed it (1)").await;
    assert!(text_of(&fixed.reply().await).contains("No ticket was opened"));
    assert!(h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(2)).await.is_err(), "no new ticket");
    assert_eq!(h.intake_statuses(alice).await, ["self_served"]);
    assert_eq!(h.intake_articles(alice).await, [Some(article)], "the article that helped is recorded");
    h.finish().await;
}

#[tokio::test]
async fn not_this_hides_the_articles_and_submit_opens_the_ticket_with_a_hint_for_technicians_in_its_thread() {
    let h = Harness::start().await;
    let bob = bobs_closed_vpn_ticket(&h).await;
    h.write_article(
        "VPN keeps disconnecting (AnyConnect)",
        "The AnyConnect VPN drops every few minutes and reconnects.",
        "Update AnyConnect to 5.1 from the Software Center, then restart the laptop.",
        "network",
    )
    .await;

    let alice = h.ids.alice;
    let review = alices_vpn_review(&h).await;
    let not_this = click(&h, alice, &review, "Not this").await.reply().await;
    let shown = text_of(&not_this);
    assert!(!shown.contains("Update AnyConnect"), "the articles are gone: {shown}");
    let labels: Vec<String> =
        buttons_of(&not_this).iter().filter_map(|b| b["label"].as_str().map(str::to_owned)).collect();
    assert!(labels.contains(&"Submit".to_owned()) && !labels.iter().any(|l| l.starts_with("This fixed it")));
    click(&h, alice, &not_this, "Submit").await.reply().await;
    let ticket = ticket_number(&h, 2).await;
    assert_eq!(h.intake_statuses(alice).await, ["submitted"]);
    assert_nothing_of(&h, &bob);

    // The technicians see Bob's ticket and the article in the new ticket's thread.
    let triage = h.triage_message(&ticket).await;
    let thread = h.thread_of(&triage);
    let hint = h.discord.wait_for_message_in(thread, |m| text_of(m).contains("Similar closed tickets")).await;
    let hint = text_of(&hint);
    assert!(hint.contains(&bob.label()) && hint.contains("idle tunnels"), "{hint}");
    assert!(hint.contains("VPN keeps disconnecting (AnyConnect)"), "{hint}");
    h.finish().await;
}

#[tokio::test]
async fn two_answers_sent_in_quick_succession_are_both_kept_in_order() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "my vpn keeps disconnecting").await;
    pick(&h, alice, &first, "network").await.reply().await;
    // She types the description and, before the bot answers, the next answer.
    let before = h.discord.dms_to(alice).len();
    let (_, _) = tokio::join!(
        h.discord.dm(alice, "The tunnel drops every few minutes since the update."),
        h.discord.dm(alice, "2"),
    );
    h.discord.wait_until("both answers answered", |d| d.dms_to(alice).len() >= before + 2).await;
    let next = say(&h, alice, "Office 2, room 12").await;
    assert!(content(&next).contains("Are colleagues near you affected too?"), "{}", content(&next));
    for answer in ["no", "Just me"] {
        say(&h, alice, answer).await;
    }
    let review = say(&h, alice, "3").await;
    click(&h, alice, &review, "Submit").await.reply().await;
    let ticket = ticket_number(&h, 1).await;
    assert!(ticket.description.contains("tunnel drops"), "{}", ticket.description);
    assert_eq!(answer(&ticket, "connection").as_deref(), Some("Wi-Fi"));
    assert_eq!(answer(&ticket, "location").as_deref(), Some("Office 2, room 12"));
    h.finish().await;
}

// ----- nothing lost, nothing twice --------------------------------------------------------------

#[tokio::test]
async fn the_same_dm_delivered_twice_advances_the_intake_once_and_keeps_the_answer_in_its_place() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "my vpn keeps disconnecting").await;
    let description = pick(&h, alice, &first, "network").await.reply().await;
    assert_eq!(question_number(&description), "Question 3 of 8");

    // Discord delivers her description twice (a resumed session replays it).
    let before = h.discord.dms_to(alice).len();
    let twice = h.discord.dm_twice(alice, "The tunnel drops every few minutes since Monday.").await;
    assert_eq!(twice.deliveries(), 2);
    let connection = h.discord.wait_for("the next question", |d| d.dms_to(alice).get(before).cloned()).await;
    assert_eq!(question_number(&connection), "Question 4 of 8");
    // The second delivery changes nothing and says nothing.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(h.discord.dms_to(alice).len(), before + 1, "one answer: {:?}", h.discord.dms_to(alice));
    assert_eq!(twice.bot_messages_after().len(), 1);

    let location = say(&h, alice, "2").await;
    assert_eq!(question_number(&location), "Question 5 of 8", "the next question, none skipped");
    for answer in ["Office 2, room 12", "no", "Just me"] {
        say(&h, alice, answer).await;
    }
    let review = say(&h, alice, "3").await;
    click(&h, alice, &review, "Submit").await.reply().await;
    let ticket = ticket_number(&h, 1).await;
    assert_eq!(ticket.description, "The tunnel drops every few minutes since Monday.");
    assert_eq!(answer(&ticket, "connection").as_deref(), Some("Wi-Fi"));
    assert_eq!(answer(&ticket, "location").as_deref(), Some("Office 2, room 12"));
    h.triage_message(&ticket).await;
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn the_same_submit_delivered_twice_opens_one_ticket() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "Printer on floor 3 is offline").await;
    pick(&h, alice, &first, "printing").await.reply().await;
    say(&h, alice, "It shows offline for everyone since the power cut.").await;
    say(&h, alice, "PRN-3F-WEST").await;
    let impact = say(&h, alice, "Offline, nothing prints").await;
    let urgency = pick(&h, alice, &impact, "My team").await.reply().await;
    let review = pick(&h, alice, &urgency, "Medium").await.reply().await;

    let submit = click(&h, alice, &review, "Submit").await;
    let again = h.discord.redeliver_interaction(&submit);
    assert_eq!(again.deliveries(), 2);
    let confirmation = submit.reply().await;
    assert!(content(&confirmation).contains("Ticket **#1** is open"), "{}", content(&confirmation));
    let ticket = ticket_number(&h, 1).await;
    h.triage_message(&ticket).await;
    h.settle().await;
    assert_eq!(h.discord.messages_in(h.ids.triage).len(), 1, "one ticket, one triage post");
    assert!(h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(2)).await.is_err());
    assert_eq!(h.intake_statuses(alice).await, ["submitted"]);
    h.finish().await;
}

#[tokio::test]
async fn a_question_whose_post_fails_with_5xx_or_429_arrives_late_once_and_the_intake_completes() {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    let first = say(&h, alice, "my vpn keeps disconnecting").await;
    pick(&h, alice, &first, "network").await.reply().await;
    let channel = h.discord.dm_channel_of(alice).expect("a DM channel");
    let messages = format!("^/channels/{channel}/messages$");

    // Discord fails twice with a 500: the question waits, then arrives, once.
    let outage = h.discord.fail_code("POST", &messages, 2u32, 0);
    let before = h.discord.dms_to(alice).len();
    h.discord.dm(alice, "The tunnel drops every few minutes since Monday.").await;
    let connection = h.discord.wait_for_dm(alice, |m| content(m).contains("How are you connected?")).await;
    assert_eq!(h.discord.failure_hits(outage), 2);
    assert_eq!(h.discord.dms_to(alice).len(), before + 1, "delivered once");

    // Then a 429: the same.
    let limited = h.discord.rate_limit("POST", &messages, 1u32, 0.2);
    let location = say(&h, alice, "2").await;
    assert!(content(&location).contains("Where are you"), "{}", content(&location));
    assert_eq!(h.discord.failure_hits(limited), 1);
    assert_eq!(h.discord.dms_to(alice).len(), before + 2, "delivered once");
    let _ = connection;

    for answer in ["Office 2, room 12", "no", "Just me"] {
        say(&h, alice, answer).await;
    }
    let review = say(&h, alice, "3").await;
    click(&h, alice, &review, "Submit").await.reply().await;
    let ticket = ticket_number(&h, 1).await;
    assert!(ticket.description.contains("tunnel drops"), "{}", ticket.description);
    assert_eq!(answer(&ticket, "connection").as_deref(), Some("Wi-Fi"));
    assert_eq!(answer(&ticket, "location").as_deref(), Some("Office 2, room 12"));
    h.triage_message(&ticket).await;
    h.settle().await;
    h.finish().await;
}
