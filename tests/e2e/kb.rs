//! The knowledge base as staff and requesters meet it: `/kb promote` turns a closed ticket into an
//! article through a prefilled modal, anyone finds it with `/kb search`, retired articles are found
//! no more, and writing is refused, ephemerally, to anyone who is not staff.

use deskbot::domain::{Action, Actor, Level, ResolutionCode, Roles, Ticket, Urgency};
use serde_json::{Value, json};

use crate::harness::{Harness, text_of};
use crate::support::discord::InteractionHandle;

/// Answers the interaction, asserts only the asker sees it, and returns the message.
async fn ephemeral(handle: &InteractionHandle) -> Value {
    let reply = handle.reply().await;
    assert!(handle.is_ephemeral().await, "only the asker sees this: {}", text_of(&reply));
    reply
}

/// The value a modal's text input `id` is prefilled with.
fn prefilled(modal: &Value, id: &str) -> String {
    modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| if row["type"] == 18 { row["component"].clone() } else { row["components"][0].clone() })
        .find(|input| input["custom_id"] == id)
        .and_then(|input| input["value"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Bob's printer ticket, resolved by Tom and confirmed.
async fn closed_printer_ticket(h: &Harness) -> Ticket {
    let (t, _) = h.open_ticket(h.ids.bob, "Printer on floor 3 shows offline", Urgency::Low).await;
    let tom = Actor::member(h.ids.tom as i64, Roles::technician(Level::ONE));
    h.desk.act(t.id, tom, Action::Claim).await.unwrap();
    let notes = "Removed and re-added the printer from print01, then restarted the Print Spooler service.";
    h.desk
        .act(t.id, tom, Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed })
        .await
        .unwrap();
    h.desk.act(t.id, Actor::member(h.ids.bob as i64, Roles::REQUESTER), Action::Confirm).await.unwrap();
    h.settle().await;
    h.ticket(t.id).await
}

#[tokio::test]
async fn promote_prefills_the_article_from_a_closed_ticket_and_the_saved_article_is_found_by_anyone() {
    let h = Harness::start().await;
    let ticket = closed_printer_ticket(&h).await;
    let number = ticket.number.expect("numbered").0;

    let promote = h.discord.slash(h.ids.tom, "kb promote", json!({"ticket": number})).await;
    let modal = promote.modal().await;
    assert_eq!(prefilled(&modal, "kb-title"), "Printer on floor 3 shows offline");
    assert!(prefilled(&modal, "kb-steps").contains("restarted the Print Spooler"), "{modal}");
    assert_eq!(prefilled(&modal, "kb-category"), "network");
    assert!(!modal.to_string().contains(&h.ids.bob.to_string()), "nothing of the requester: {modal}");

    // Tom edits the title before saving.
    let saved = promote
        .submit_modal(&[
            ("kb-title", "Printer shows offline"),
            ("kb-symptoms", &prefilled(&modal, "kb-symptoms")),
            ("kb-steps", &prefilled(&modal, "kb-steps")),
            ("kb-category", "network"),
            ("kb-tags", "printer, offline"),
        ])
        .await;
    let said = text_of(&ephemeral(&saved).await);
    assert!(said.contains("saved: Printer shows offline"), "{said}");
    let articles = h.store().articles(h.ids.guild as i64, None, 10).await.unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].source_ticket_id, Some(ticket.id));
    assert_eq!(articles[0].author_id, h.ids.tom as i64);

    // Alice, a requester, finds it.
    let search = h.discord.slash(h.ids.alice, "kb search", json!({"query": "my printer is offline"})).await;
    let found = text_of(&ephemeral(&search).await);
    assert!(found.contains("Printer shows offline") && found.contains("Print Spooler"), "{found}");

    // Retired, it is found no more.
    let retire = h.discord.slash(h.ids.cora, "kb retire", json!({"article": articles[0].id})).await;
    assert!(text_of(&ephemeral(&retire).await).contains("retired"));
    let again = h.discord.slash(h.ids.alice, "kb search", json!({"query": "printer offline"})).await;
    assert!(text_of(&ephemeral(&again).await).starts_with("No article matches"));
    h.finish().await;
}

#[tokio::test]
async fn writing_articles_is_refused_to_requesters_and_promoting_an_open_ticket_is_refused() {
    let h = Harness::start().await;
    let new = h.discord.slash(h.ids.alice, "kb new", json!({})).await;
    let refused = text_of(&ephemeral(&new).await);
    assert!(refused.contains("Only technicians and coordinators"), "{refused}");

    let ticket = closed_printer_ticket(&h).await;
    let number = ticket.number.expect("numbered").0;
    let promote = h.discord.slash(h.ids.alice, "kb promote", json!({"ticket": number})).await;
    assert!(text_of(&ephemeral(&promote).await).contains("Only technicians and coordinators"));
    let retire = h.discord.slash(h.ids.alice, "kb retire", json!({"article": 1})).await;
    assert!(text_of(&ephemeral(&retire).await).contains("Only technicians and coordinators"));

    let (open, _) = h.open_ticket(h.ids.bob, "Laptop does not power on", Urgency::Low).await;
    let open_number = open.number.expect("numbered").0;
    let early = h.discord.slash(h.ids.tom, "kb promote", json!({"ticket": open_number})).await;
    assert!(text_of(&ephemeral(&early).await).contains("is not closed yet"));
    let missing = h.discord.slash(h.ids.tom, "kb edit", json!({"article": 999})).await;
    assert!(text_of(&ephemeral(&missing).await).contains("There is no article 999"));
    let nothing = h.discord.slash(h.ids.alice, "kb search", json!({"query": "?!"})).await;
    assert!(text_of(&ephemeral(&nothing).await).contains("Type a few words"));
    assert!(h.store().articles(h.ids.guild as i64, None, 10).await.unwrap().is_empty());
    h.finish().await;
}

#[tokio::test]
async fn edit_opens_the_article_prefilled_and_saves_the_new_words() {
    let h = Harness::start().await;
    let id = h
        .write_article(
            "Outlook crashes on start",
            "Outlook closes at once.",
            "Start it in safe mode.",
            "software",
        )
        .await;
    let edit = h.discord.slash(h.ids.cora, "kb edit", json!({"article": id})).await;
    let modal = edit.modal().await;
    assert_eq!(prefilled(&modal, "kb-title"), "Outlook crashes on start");
    let saved = edit
        .submit_modal(&[
            ("kb-title", "Outlook crashes on start"),
            ("kb-symptoms", "Outlook closes right after the splash screen."),
            ("kb-steps", "Start Outlook with outlook.exe /safe and disable the add-ins."),
            ("kb-category", "plumbing"),
        ])
        .await;
    assert!(
        text_of(&ephemeral(&saved).await).contains("not one of the help desk's"),
        "a bad category is refused"
    );
    let unchanged = h.store().article(h.ids.guild as i64, id).await.unwrap();
    assert_eq!(unchanged.steps, "Start it in safe mode.");

    let again = h.discord.slash(h.ids.cora, "kb edit", json!({"article": id})).await;
    let saved = again
        .submit_modal(&[
            ("kb-title", "Outlook crashes on start"),
            ("kb-symptoms", "Outlook closes right after the splash screen."),
            ("kb-steps", "Start Outlook with outlook.exe /safe and disable the add-ins."),
            ("kb-category", "Software"),
        ])
        .await;
    assert!(text_of(&ephemeral(&saved).await).contains("updated"));
    let search = h.discord.slash(h.ids.alice, "kb search", json!({"query": "outlook splash screen"})).await;
    let found = text_of(&ephemeral(&search).await);
    assert!(found.contains("disable the add-ins"), "the new words are found: {found}");
    let trail = h.store().article_events(id).await.unwrap();
    assert_eq!(trail.last().map(|e| (e.kind.as_str(), e.actor_id)), Some(("edited", h.ids.cora as i64)));
    h.finish().await;
}
