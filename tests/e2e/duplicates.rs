//! The same Discord event delivered twice (a gateway replay, or two sessions of the bot): the
//! second delivery changes nothing a user could see.

use deskbot::domain::{EventKind, Status, Urgency};

use crate::harness::{Harness, id_of, text_of};

#[tokio::test]
async fn a_claim_delivered_twice_claims_once_and_dms_the_requester_once() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Printer on floor 3 jams", Urgency::Medium).await;
    h.settle().await;
    let mark = h.discord.mark();

    let click = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await;
    click.response().await;
    let again = h.discord.redeliver_interaction(&click);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    h.settle().await;

    let stored = h.ticket(ticket.id).await;
    assert_eq!(stored.status, Status::InProgress);
    assert_eq!(stored.assignee_id, Some(h.ids.tom as i64));
    let claims = h
        .store()
        .events(ticket.id)
        .await
        .expect("the events are readable")
        .into_iter()
        .filter(|e| e.kind == EventKind::Claimed)
        .count();
    assert_eq!(claims, 1, "one claim in the audit trail");
    let dms: Vec<String> = h
        .discord
        .dms_to(h.ids.alice)
        .iter()
        .map(text_of)
        .filter(|t| t.contains("is now working on your ticket"))
        .collect();
    assert_eq!(dms.len(), 1, "one DM to the requester: {dms:?}");
    // The claimer is told once that they claimed it, and nothing about the second delivery (such
    // as "already claimed by you").
    let said: Vec<String> = again.followups().iter().map(text_of).collect();
    assert_eq!(said, ["You claimed #1."], "{said:?}");
    println!("requests after the double click: {:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}
