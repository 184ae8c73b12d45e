//! The coordinators' figures on Discord: `/stats` defers, then answers, ephemerally, with an embed
//! of the figures and its chart attached once as a PNG (the multipart edit checked by the double); `/faq` groups similar problems; both are refused,
//! ephemerally, to anyone who is not a coordinator.

use deskbot::domain::{Action, Actor, Level, ResolutionCode, Roles, Ticket, Urgency};
use serde_json::{Value, json};

use crate::harness::{Harness, text_of};
use crate::support::discord::InteractionHandle;

async fn ephemeral(handle: &InteractionHandle) -> Value {
    let reply = handle.reply().await;
    assert!(handle.is_ephemeral().await, "only the asker sees this: {}", text_of(&reply));
    reply
}

/// A ticket of `requester`'s, claimed and resolved by Tom with `notes`, and confirmed.
async fn resolved(h: &Harness, requester: u64, summary: &str, notes: &str) -> Ticket {
    let (t, _) = h.open_ticket(requester, summary, Urgency::Low).await;
    let tom = Actor::member(h.ids.tom as i64, Roles::technician(Level::ONE));
    h.desk.act(t.id, tom, Action::Claim).await.unwrap();
    h.desk
        .act(t.id, tom, Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed })
        .await
        .unwrap();
    h.desk.act(t.id, Actor::member(requester as i64, Roles::REQUESTER), Action::Confirm).await.unwrap();
    h.settle().await;
    h.ticket(t.id).await
}

#[tokio::test]
async fn stats_answers_a_coordinator_with_the_figures_and_one_png_chart_and_refuses_a_requester() {
    let h = Harness::start().await;
    resolved(&h, h.ids.bob, "Printer on floor 3 shows offline", "Restarted the spooler.").await;
    h.open_ticket(h.ids.alice, "VPN drops every few minutes", Urgency::Low).await;

    let mark = h.discord.requests().len();
    let stats = h.discord.slash(h.ids.cora, "stats", json!({"days": 7})).await;
    let reply = ephemeral(&stats).await;
    let said = text_of(&reply);
    assert!(said.contains("Help desk figures: last 7 days"), "{said}");
    assert!(said.contains("**2** opened · **1** resolved · **1** open now"), "{said}");
    for field in ["Backlog (open now)", "First response", "Resolution", "SLA compliance", "Satisfaction"] {
        assert!(said.contains(field), "the {field} field is shown: {said}");
    }
    assert!(said.contains(&format!("<@{}>: 0 · 1", h.ids.tom)), "Tom resolved one: {said}");
    let attachments = reply["attachments"].as_array().cloned().unwrap_or_default();
    assert_eq!(attachments.len(), 1, "the chart is attached once: {reply}");
    assert_eq!(attachments[0]["filename"], "stats.png");
    assert_eq!(reply["embeds"][0]["image"]["url"], "attachment://stats.png", "the embed shows the chart");
    let with_files: Vec<_> =
        h.discord.requests_since(mark).into_iter().filter(|r| !r.files.is_empty()).collect();
    assert_eq!(with_files.len(), 1, "one request carries the chart");
    assert_eq!(with_files[0].files, ["stats.png"]);
    // Deferred at once (the figures may take a while on a large desk), then edited in with the chart.
    assert_eq!(stats.response_type().await, 5);
    assert_eq!(with_files[0].method, "PATCH", "the edit of the deferred answer: {}", with_files[0].path);

    // One technician's figures.
    let tom = h.discord.slash(h.ids.cora, "stats", json!({"technician": h.ids.tom.to_string()})).await;
    let said = text_of(&ephemeral(&tom).await);
    assert!(said.contains(&format!("last 30 days, tickets of <@{}>", h.ids.tom)), "{said}");
    assert!(said.contains("**1** opened · **1** resolved · **0** open now"), "{said}");

    // A requester and a technician are refused, and nothing is attached.
    for who in [h.ids.alice, h.ids.tom] {
        let refused = h.discord.slash(who, "stats", json!({})).await;
        let reply = ephemeral(&refused).await;
        assert_eq!(text_of(&reply), "Only coordinators can do that.");
        assert!(reply["attachments"].as_array().is_none_or(Vec::is_empty));
    }
    h.finish().await;
}

#[tokio::test]
async fn faq_groups_similar_summaries_with_their_resolution_and_says_when_no_article_covers_them() {
    let h = Harness::start().await;
    resolved(&h, h.ids.bob, "Printer on floor 3 shows offline", "Restarted the print spooler.").await;
    resolved(&h, h.ids.alice, "The printer is offline again", "Restarted the print spooler.").await;
    resolved(&h, h.ids.bob, "Floor 3 printer offline since lunch", "Re-added the printer.").await;
    resolved(&h, h.ids.alice, "Outlook asks for my password", "Reset the credential cache.").await;

    let faq = h.discord.slash(h.ids.cora, "faq", json!({})).await;
    let said = text_of(&ephemeral(&faq).await);
    assert!(said.contains("Most frequent problems: last 90 days"), "{said}");
    let printers =
        said.find("network · 3 tickets").unwrap_or_else(|| panic!("the printers are grouped: {said}"));
    let outlook = said.find("· 1 tickets").unwrap_or_else(|| panic!("Outlook is apart: {said}"));
    assert!(printers < outlook, "the most frequent first: {said}");
    assert!(said.contains("Most common resolution: Fixed (3): Re-added the printer."), "{said}");
    assert!(said.contains("No article yet"), "{said}");

    let refused = h.discord.slash(h.ids.bob, "faq", json!({})).await;
    assert_eq!(text_of(&ephemeral(&refused).await), "Only coordinators can do that.");
    h.finish().await;
}
