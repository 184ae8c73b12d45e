//! Languages as requesters meet them: `/ticket` from a Spanish or German Discord client is asked in
//! Spanish or German, a DM intake after `/language` in each of the four languages, a client in a
//! language deskbot does not speak (Japanese) answered in English; and staff read the triage post in
//! the server's language whatever the requester's.
//!
//! What the bot should say is read from its own catalogue in the language expected (so a better
//! translation does not break a test), and checked not to be the English.

use deskbot::config::Helpdesk;
use deskbot::discord::catalogue::{buttons, in_lang, intake, labels, replies, triage as tri};
use deskbot::domain::{Impact, Lang, Status, Ticket, TicketNumber, Urgency};
use serde_json::{Value, json};

use crate::harness::{Harness, id_of, p, text_of};
use crate::support::discord::{InteractionHandle, buttons_of, channel_of};

/// `user` DMs the bot `text` and waits for its one answer.
async fn say(h: &Harness, user: u64, text: &str) -> Value {
    let before = h.discord.dms_to(user).len();
    h.discord.dm(user, text).await;
    h.discord
        .wait_for(&format!("the bot's answer to {text:?}"), |d| d.dms_to(user).get(before).cloned())
        .await
}

fn content(message: &Value) -> &str {
    message["content"].as_str().unwrap_or_default()
}

/// The labels of the select menu's options, as the requester reads them.
fn option_labels(message: &Value) -> Vec<String> {
    let select = buttons_of(message).into_iter().find(|c| c["type"] == 3).unwrap_or_default();
    select["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["label"].as_str().map(str::to_owned))
        .collect()
}

/// `user` picks the option shown as `label` in the select menu of `message`.
async fn pick(h: &Harness, user: u64, message: &Value, label: &str) -> InteractionHandle {
    let select = buttons_of(message)
        .into_iter()
        .find(|c| c["type"] == 3)
        .unwrap_or_else(|| panic!("no select: {message}"));
    let value = select["options"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["label"] == label)
        .and_then(|o| o["value"].as_str())
        .unwrap_or_else(|| panic!("no option {label:?} in {select}"))
        .to_owned();
    let channel = channel_of(message);
    let custom_id = select["custom_id"].as_str().unwrap_or_default().to_owned();
    h.discord.select(user, channel, id_of(message), &custom_id, &[value.as_str()]).await
}

async fn ticket_number(h: &Harness, n: i64) -> Ticket {
    h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(n)).await.expect("the ticket exists")
}

/// The same text in `lang` and in English, and they differ: the test would otherwise prove nothing.
fn said_in(lang: Lang, words: impl Fn() -> String) -> String {
    let theirs = in_lang(lang, &words);
    if lang != Lang::En {
        assert_ne!(theirs, in_lang(Lang::En, &words), "{lang} has its own words");
    }
    theirs
}

/// `/ticket` from a client in `locale`: the modal, the DM questions, the review and the confirmation
/// in `lang`; the triage post in English, the server's language.
async fn ticket_command_in(locale: &str, lang: Lang) {
    let h = Harness::start().await;
    let alice = h.ids.alice;
    h.discord.set_locale(alice, locale);
    let command = h
        .discord
        .slash(
            alice,
            "ticket",
            json!({"summary": "Outlook crashes when I open attachments", "category": "software"}),
        )
        .await;
    let modal = command.modal().await;
    assert_eq!(modal["title"], in_lang(lang, || intake::modal_title("Software")), "{modal}");
    let labels_shown: Vec<String> = modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| if row["type"] == 18 { row["component"].clone() } else { row["components"][0].clone() })
        .filter_map(|i| i["label"].as_str().map(str::to_owned))
        .collect();
    let description = said_in(lang, || labels::modal_label("description").unwrap_or_default());
    assert_eq!(labels_shown.first(), Some(&description), "{labels_shown:?}");
    let application =
        Helpdesk::builtin().catalog_in(lang).category("software").map(|c| c.questions[0].modal_label());
    assert_eq!(
        labels_shown.get(1),
        application.as_ref(),
        "the configured question, translated: {labels_shown:?}"
    );

    let submitted = command
        .submit_modal(&[("q0", "Outlook closes when I open a PDF attachment."), ("q1", "Outlook")])
        .await;
    let impact_prompt = said_in(lang, || labels::prompt("impact").unwrap_or_default());
    let impact = submitted.reply().await;
    assert!(content(&impact).contains(&impact_prompt), "{}", content(&impact));
    let team = said_in(lang, || labels::impact(Impact::Team));
    assert!(option_labels(&impact).contains(&team), "{:?}", option_labels(&impact));
    let urgency = pick(&h, alice, &impact, &team).await.reply().await;
    assert!(content(&urgency).contains(&said_in(lang, || labels::prompt("urgency").unwrap_or_default())));
    let medium = said_in(lang, || labels::urgency(Urgency::Medium));
    let review = pick(&h, alice, &urgency, &medium).await.reply().await;
    let shown = text_of(&review);
    assert!(shown.contains(&team) && shown.contains(&medium) && shown.contains("P2"), "{shown}");

    let submit = said_in(lang, buttons::submit);
    let done = h.discord.click_label(alice, channel_of(&review), id_of(&review), &submit).await;
    assert!(done.reply_text().await.contains(&in_lang(lang, || intake::submitted("#1"))));

    let ticket = ticket_number(&h, 1).await;
    assert_eq!(
        (ticket.status, ticket.impact, ticket.urgency, ticket.priority),
        (Status::Open, Impact::Team, Urgency::Medium, p(2))
    );
    // Staff read the triage post in the server's language (the local Discord's is en-US).
    let message = h.triage_message(&ticket).await;
    let post = text_of(&message);
    for english in [
        in_lang(Lang::En, tri::requester),
        in_lang(Lang::En, || labels::impact(Impact::Team)),
        "Software".into(),
        // The category's question as staff read it, whatever the requester read.
        "Which application is it?".into(),
    ] {
        assert!(post.contains(&english), "{english:?} in {post}");
    }
    // Every later notice reaches her in her language: a technician claims the ticket.
    let tom = h.ids.tom;
    h.discord.click_label(tom, h.ids.triage, id_of(&message), "Claim").await.reply().await;
    let claimed = said_in(lang, || {
        deskbot::discord::catalogue::requester::claimed(
            "#1",
            "Outlook crashes when I open attachments",
            &format!("<@{tom}>"),
        )
    });
    h.discord.wait_for_dm(alice, |m| content(m) == claimed).await;
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn ticket_from_a_spanish_client_is_asked_in_spanish_and_posted_for_staff_in_english() {
    ticket_command_in("es-ES", Lang::Es).await;
}

#[tokio::test]
async fn ticket_from_a_german_client_is_asked_in_german_and_posted_for_staff_in_english() {
    ticket_command_in("de", Lang::De).await;
}

#[tokio::test]
async fn a_client_in_a_language_deskbot_does_not_speak_is_answered_in_english() {
    let h = Harness::start().await;
    h.discord.set_locale(h.ids.alice, "ja");
    let command = h.discord.slash(h.ids.alice, "ticket", json!({"category": "software"})).await;
    assert_eq!(command.modal().await["title"], "New ticket · Software");
    h.discord.set_locale(h.ids.bob, "ja");
    let mine = h.discord.slash(h.ids.bob, "mytickets", json!({})).await;
    assert!(mine.reply_text().await.contains("You have no tickets"));
    h.finish().await;
}

#[tokio::test]
async fn es_es_and_de_interactions_are_answered_in_their_language() {
    let h = Harness::start().await;
    for (user, locale, lang) in [(h.ids.alice, "es-ES", Lang::Es), (h.ids.bob, "de", Lang::De)] {
        h.discord.set_locale(user, locale);
        let mine = h.discord.slash(user, "mytickets", json!({})).await;
        assert_eq!(
            mine.reply_text().await,
            said_in(lang, deskbot::discord::catalogue::requester::my_tickets_empty)
        );
    }
    h.finish().await;
}

/// A DM intake after `/language` (the client says English): everything the requester reads is in
/// the chosen language, and what they type in it is understood.
async fn dm_intake_after_language(h: &Harness, user: u64, lang: Lang, number: i64, words: [&str; 5]) {
    let [summary, description, impact_word, urgency_word, printer] = words;
    let chosen = h.discord.slash(user, "language", json!({"language": lang.code()})).await;
    assert_eq!(chosen.reply_text().await, in_lang(lang, replies::language_set));

    let first = say(h, user, summary).await;
    let printing =
        Helpdesk::builtin().catalog_in(lang).category("printing").map(|c| c.name.clone()).unwrap_or_default();
    assert!(
        content(&first).contains(&in_lang(lang, || intake::suggested_category(&printing))),
        "{}",
        content(&first)
    );
    assert!(content(&first).contains(&said_in(lang, intake::never_send_passwords)), "{}", content(&first));
    let names = option_labels(&first);
    assert!(names.contains(&printing), "the categories in {lang}: {names:?}");

    let asked = pick(h, user, &first, &printing).await.reply().await;
    assert!(
        content(&asked).contains(&said_in(lang, || labels::prompt("description").unwrap_or_default())),
        "{}",
        content(&asked)
    );
    let questions = Helpdesk::builtin()
        .catalog_in(lang)
        .category("printing")
        .map(|c| c.questions.clone())
        .unwrap_or_default();
    let which = say(h, user, description).await;
    assert!(content(&which).contains(&questions[0].prompt), "{}", content(&which));
    let what = say(h, user, printer).await;
    assert!(content(&what).contains(&questions[1].prompt), "{}", content(&what));
    let impact = say(h, user, "Atasco / Stau / inceppamento / jam").await;
    assert!(content(&impact).contains(&said_in(lang, || labels::prompt("impact").unwrap_or_default())));
    // Typed in the requester's words.
    let urgency = say(h, user, impact_word).await;
    assert!(
        content(&urgency).contains(&said_in(lang, || labels::prompt("urgency").unwrap_or_default())),
        "{}",
        content(&urgency)
    );
    let review = say(h, user, urgency_word).await;
    let shown = text_of(&review);
    for expected in [
        printing.clone(),
        said_in(lang, || labels::impact(Impact::Individual)),
        said_in(lang, || labels::urgency(Urgency::High)),
        said_in(lang, || labels::field("impact")),
        "P2".into(),
    ] {
        assert!(shown.contains(&expected), "{lang}: the review shows {expected:?}: {shown}");
    }
    let submit = said_in(lang, buttons::submit);
    let channel = h.discord.dm_channel_of(user).expect("a DM channel");
    let done = h.discord.click_label(user, channel, id_of(&review), &submit).await;
    let reply = done.reply_text().await;
    let label = format!("#{number}");
    assert!(reply.contains(&in_lang(lang, || intake::submitted(&label))), "{reply}");

    let ticket = ticket_number(h, number).await;
    assert_eq!(
        (ticket.category.as_str(), ticket.impact, ticket.urgency),
        ("printing", Impact::Individual, Urgency::High)
    );
    let post = text_of(&h.triage_message(&ticket).await);
    assert!(post.contains(summary) && post.contains("Printing"), "staff read English: {post}");
}

#[tokio::test]
async fn a_dm_intake_after_language_is_held_in_each_of_the_four_languages() {
    let h = Harness::start().await;
    let carla = h.discord.add_member("carla", &[]);
    let dieter = h.discord.add_member("dieter", &[]);
    dm_intake_after_language(
        &h,
        h.ids.alice,
        Lang::En,
        1,
        ["the printer prints nothing", "Nothing comes out at all.", "just me", "high", "PRN-2F-EAST"],
    )
    .await;
    dm_intake_after_language(
        &h,
        h.ids.bob,
        Lang::Es,
        2,
        ["la impresora no imprime nada", "No sale ninguna hoja.", "solo yo", "alta", "PRN-2F-EAST"],
    )
    .await;
    dm_intake_after_language(
        &h,
        carla,
        Lang::It,
        3,
        ["la stampante non stampa niente", "Non esce nessun foglio.", "solo io", "alta", "PRN-2F-EAST"],
    )
    .await;
    dm_intake_after_language(
        &h,
        dieter,
        Lang::De,
        4,
        ["der Drucker druckt gar nichts", "Es kommt kein Blatt heraus.", "nur ich", "hoch", "PRN-2F-EAST"],
    )
    .await;
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn staff_read_the_configured_language_and_the_requester_their_own() {
    let h = Harness::start_with_helpdesk("default_language = \"it\"\n").await;
    let alice = h.ids.alice;
    // Someone deskbot has never seen on an interaction is written to in the desk's language...
    let unknown = say(&h, h.ids.bob, "hi").await;
    assert!(content(&unknown).starts_with(&said_in(Lang::It, intake::greeting)), "{}", content(&unknown));
    // ...and once their client has said English, in English.
    let _ = h.discord.slash(alice, "mytickets", json!({})).await.reply_text().await;
    let first = say(&h, alice, "my vpn keeps disconnecting").await;
    assert!(content(&first).contains("It sounds like **Network & VPN**"), "{}", content(&first));
    let asked = pick(&h, alice, &first, "Network & VPN").await.reply().await;
    assert!(content(&asked).contains("Describe what happens"), "{}", content(&asked));
    for answer in ["It drops every few minutes.", "2", "Office 2, room 12", "no", "just me"] {
        say(&h, alice, answer).await;
    }
    let review = say(&h, alice, "high").await;
    let channel = h.discord.dm_channel_of(alice).expect("a DM channel");
    let done = h.discord.click_label(alice, channel, id_of(&review), "Submit").await;
    assert!(done.reply_text().await.contains("Ticket **#1** is open"));
    let ticket = ticket_number(&h, 1).await;
    let post = text_of(&h.triage_message(&ticket).await);
    let rete = Helpdesk::builtin()
        .catalog_in(Lang::It)
        .category("network")
        .map(|c| c.name.clone())
        .unwrap_or_default();
    for italian in
        [said_in(Lang::It, tri::requester), said_in(Lang::It, || labels::urgency(Urgency::High)), rete]
    {
        assert!(post.contains(&italian), "{italian:?} in {post}");
    }
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn an_abandoned_intake_is_reminded_and_expires_in_the_requesters_language() {
    use std::sync::Arc;

    use chrono::{Duration, Utc};
    use deskbot::clock::FakeClock;
    use deskbot::discord::deliver::deliver_batch;
    use deskbot::discord::intake::sweep;

    let h = Harness::start().await;
    let alice = h.ids.alice;
    h.discord.set_locale(alice, "de");
    let _ = h.discord.slash(alice, "mytickets", json!({})).await.reply_text().await;
    let first = say(&h, alice, "Excel stürzt beim Öffnen der Datei ab").await;
    let software = Helpdesk::builtin().catalog_in(Lang::De).category("software").map(|c| c.name.clone());
    let _ = pick(&h, alice, &first, &software.unwrap_or_default()).await.reply().await;

    let clock = FakeClock::at(Utc::now());
    let bot = h.bot_with_clock(Arc::new(clock.clone()));
    clock.advance(Duration::minutes(31));
    sweep(&bot).await;
    deliver_batch(&bot, "sweeper").await;
    let reminder = h.discord.dms_to(alice).pop().expect("the reminder");
    assert!(content(&reminder).starts_with(&said_in(Lang::De, intake::reminder)), "{}", content(&reminder));
    let question = said_in(Lang::De, || labels::prompt("description").unwrap_or_default());
    assert!(content(&reminder).contains(&question), "asked again, in German: {}", content(&reminder));

    clock.advance(Duration::hours(24));
    sweep(&bot).await;
    deliver_batch(&bot, "sweeper").await;
    let expired = h.discord.dms_to(alice).pop().expect("the expiry DM");
    assert_eq!(content(&expired), said_in(Lang::De, intake::expired));
    h.finish().await;
}
