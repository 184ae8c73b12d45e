//! SLA clocks of seconds (a help desk file of the test's own) through the local Discord: the warning
//! in the ticket's thread, the breach alert in the coordinators' channel exactly once, the triage
//! post at the new level, and the requester's DM; and every P1 posted to the coordinators as it
//! opens.

use std::time::Duration;

use deskbot::domain::{EventKind, Impact, Level, Priority, Status, Urgency};

use crate::harness::{Harness, text_of};

/// First response due 8 s after opening (warned at 6 s, two of the sweeper's 1 s rounds before the
/// breach, so that a slow machine still sees both); resolution an hour away.
const SECONDS_SLA: &str = r#"
[sla.p1]
first_response = "8s"
resolution = "1h"

[sla.p2]
first_response = "8s"
resolution = "1h"

[sla.p3]
first_response = "8s"
resolution = "1h"

[sla.p4]
first_response = "8s"
resolution = "1h"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unclaimed_ticket_is_warned_in_its_thread_then_escalated_with_one_alert_to_the_coordinators() {
    let h = Harness::start_with_helpdesk(SECONDS_SLA).await;
    h.discord.set_timeout(Duration::from_secs(15)); // the warning comes 6 s after opening
    let (ticket, message) = h.open_ticket(h.ids.alice, "VPN drops every few minutes", Urgency::Low).await;
    let thread = h.thread_of(&message);
    let label = ticket.label();

    let l1 = format!("<@&{}>", h.ids.l1);
    let warning =
        h.discord.wait_for_message_in(thread, |m| text_of(m).contains("nearly out of SLA time")).await;
    let said = text_of(&warning);
    assert!(said.starts_with(&l1) && said.contains(&label) && said.contains("first response"), "{said}");

    let alert =
        h.discord.wait_for_message_in(h.ids.coordinators, |m| text_of(m).contains("SLA breached")).await;
    let said = text_of(&alert);
    assert!(
        said.contains(&label) && said.contains("VPN drops every few minutes"),
        "names the ticket: {said}"
    );
    assert!(said.contains("first response is") && said.contains("late"), "says how late: {said}");
    assert!(said.contains("Held by nobody (level 2 queue)"), "says who holds it: {said}");

    let triage = h.wait_for_triage_text(&message, "L2").await;
    assert!(text_of(&triage).contains("L2"), "the triage post shows level 2: {triage}");
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("level 2")).await;
    assert!(text_of(&dm).contains(&label), "the requester is told it was escalated: {dm}");
    let l2 = format!("<@&{}>", h.ids.l2);
    h.discord.wait_for_message_in(thread, |m| text_of(m).starts_with(&l2)).await;

    // A few more sweeps: nothing is said twice.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    h.settle().await;
    let alerts = h
        .discord
        .messages_in(h.ids.coordinators)
        .iter()
        .filter(|m| text_of(m).contains("SLA breached"))
        .count();
    assert_eq!(alerts, 1, "one alert for one breach");
    let warnings = h
        .discord
        .messages_in(thread)
        .iter()
        .filter(|m| text_of(m).contains("nearly out of SLA time"))
        .count();
    assert_eq!(warnings, 1, "one warning for one threshold");
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.level, stored.status, stored.assignee_id), (Level::TWO, Status::Open, None));
    let breaches = h
        .store()
        .events(ticket.id)
        .await
        .expect("the history is readable")
        .iter()
        .filter(|e| e.kind == EventKind::SlaBreached)
        .count();
    assert_eq!(breaches, 1);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_p1_is_posted_to_the_coordinators_channel_as_it_opens_and_a_p4_is_not() {
    let h = Harness::start().await;
    let mut outage = h.draft(h.ids.alice, "Nobody can log in to email", Urgency::High);
    outage.impact = Impact::Organisation;
    outage.priority = Priority::P1;
    let (p1, _) = h.open_draft(outage).await;
    let (p4, _) = h.open_ticket(h.ids.bob, "Mouse wheel squeaks", Urgency::Low).await;
    let posted =
        h.discord.wait_for_message_in(h.ids.coordinators, |m| text_of(m).contains(&p1.label())).await;
    let said = text_of(&posted);
    assert!(said.contains("P1") && said.contains("Nobody can log in to email"), "{said}");
    assert!(said.contains(&format!("<@{}>", h.ids.alice)), "names who reported it: {said}");
    h.settle().await;
    let about_p4 =
        h.discord.messages_in(h.ids.coordinators).iter().filter(|m| text_of(m).contains(&p4.label())).count();
    assert_eq!(about_p4, 0, "only P1s are posted there as they open");
    h.finish().await;
}
