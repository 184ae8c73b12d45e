//! Triage under a storm and triage channels per category: where a ticket's triage message goes,
//! and the storm summary's select.

use deskbot::domain::{Action, Actor, Level, Roles, Status, Urgency};
use serde_json::Value;

use crate::harness::{Harness, id_of, text_of};
use crate::support::discord::{TYPICAL, Typical};

/// A staff-only channel for network tickets, beside the typical guild's triage channel.
const NETWORK_TRIAGE: u64 = 1_200_000_000_000_000_040;

async fn with_network_triage() -> Harness {
    let t = TYPICAL;
    let staff = [t.l1, t.l2, t.l3, t.coordinator_role];
    let spec =
        Typical::spec().private_text_channel(NETWORK_TRIAGE, "network-triage", Some(t.category), &staff);
    Harness::start_in(spec, &format!("[triage]\nchannels = {{ network = \"{NETWORK_TRIAGE}\" }}\n")).await
}

fn posted_in(h: &Harness, channel: u64, label: &str) -> Vec<Value> {
    h.discord.messages_in(channel).into_iter().filter(|m| text_of(m).contains(&format!("{label} "))).collect()
}

#[tokio::test]
async fn a_network_ticket_is_triaged_in_the_network_channel_and_stays_there_when_escalated() {
    let h = with_network_triage().await;
    let requester = Actor::member(h.ids.alice as i64, Roles::REQUESTER);
    let network =
        h.desk.open(h.draft(h.ids.alice, "VPN drops", Urgency::High), requester).await.expect("opens").ticket;
    let mut printer = h.draft(h.ids.bob, "Printer jams on floor 2", Urgency::Low);
    printer.category = "hardware".into();
    let bob = Actor::member(h.ids.bob as i64, Roles::REQUESTER);
    let hardware = h.desk.open(printer, bob).await.expect("opens").ticket;
    let label = network.label();
    let message =
        h.discord.wait_for_message_in(NETWORK_TRIAGE, |m| text_of(m).contains(&format!("{label} "))).await;
    h.discord
        .wait_for_message_in(h.ids.triage, |m| text_of(m).contains(&format!("{} ", hardware.label())))
        .await;
    h.settle().await;
    assert!(
        posted_in(&h, h.ids.triage, &label).is_empty(),
        "the network ticket is not in the default channel"
    );
    assert!(posted_in(&h, NETWORK_TRIAGE, &hardware.label()).is_empty(), "the hardware ticket is not here");
    assert!(h.discord.thread_of(id_of(&message)).is_some(), "its thread is on its message, in its channel");

    // Claimed from its message in the network channel, escalated: the message is edited where it is.
    let click = h.discord.click_label(h.ids.tom, NETWORK_TRIAGE, id_of(&message), "Claim").await;
    click.response().await;
    assert_eq!(h.ticket(network.id).await.status, Status::InProgress, "a claim works in the network channel");
    let mark = h.discord.mark();
    let tom = Actor::member(h.ids.tom as i64, Roles::technician(Level::ONE));
    let escalate = Action::Escalate { to: None, reason: "Needs the network team".into() };
    h.desk.act(network.id, tom, escalate).await.expect("escalated");
    h.settle().await;
    let edits = h
        .discord
        .requests_matching("PATCH", &format!("/channels/{NETWORK_TRIAGE}/messages/{}", id_of(&message)));
    assert!(edits.iter().any(|r| r.seq >= mark), "the message is edited in the network channel");
    assert!(text_of(&h.current_triage(&message)).contains("L2"), "and shows the new level");
    assert!(posted_in(&h, h.ids.triage, &label).is_empty(), "an escalation does not move the ticket");
    h.finish().await;
}

#[tokio::test]
async fn a_technician_claims_a_ticket_from_the_storm_summary_before_its_own_post() {
    let h = Harness::start().await;
    let mut tickets = Vec::new();
    for i in 0..12 {
        let requester = Actor::member(h.ids.alice as i64, Roles::REQUESTER);
        let draft = h.draft(h.ids.alice, &format!("Email is down ({i})"), Urgency::High);
        tickets.push(h.desk.open(draft, requester).await.expect("opens").ticket);
    }
    let last = tickets.last().expect("twelve tickets");
    let value = last.id.to_string();
    let offers = |m: &Value| {
        m["content"].as_str().is_some_and(|c| c.contains(" new:**"))
            && m["components"][0]["components"][0]["options"]
                .as_array()
                .is_some_and(|o| o.iter().any(|o| o["value"] == value.as_str()))
    };
    let summary = h
        .discord
        .wait_for("the storm summary to offer the last ticket", |d| {
            d.messages_in(h.ids.triage).into_iter().find(|m| offers(m))
        })
        .await;
    let select = &summary["components"][0]["components"][0];
    assert_eq!(select["placeholder"], "Open or claim one…");
    let custom_id = select["custom_id"].as_str().expect("a select");

    // A technician claims it at once, before the ticket has its own post.
    assert!(h.ticket(last.id).await.triage_message_id.is_none(), "still waiting for its own post");
    let picked = h.discord.select(h.ids.tom, h.ids.triage, id_of(&summary), custom_id, &[&value]).await;
    assert!(picked.is_ephemeral().await);
    let said = picked.reply_text().await;
    assert!(said.contains(&format!("You claimed {}", last.label())), "{said}");
    let claimed = h.ticket(last.id).await;
    assert_eq!((claimed.status, claimed.assignee_id), (Status::InProgress, Some(h.ids.tom as i64)));
    // A second technician picking it is told who has it.
    let late = h.discord.select(h.ids.tina, h.ids.triage, id_of(&summary), custom_id, &[&value]).await;
    assert!(late.is_ephemeral().await);
    let said = late.reply_text().await;
    assert!(said.contains(&format!("<@{}>", h.ids.tom)), "{said}");
    assert_eq!(h.ticket(last.id).await.assignee_id, Some(h.ids.tom as i64));
    h.finish().await;
}

#[tokio::test]
async fn a_restart_during_a_storm_edits_the_same_summary_and_no_ticket_is_posted_twice() {
    let mut h = Harness::start().await;
    let triage = h.ids.triage;
    let is_summary = |m: &Value| {
        m["content"].as_str().is_some_and(|c| c.contains(" new:**") || c.contains("has its own post now"))
    };
    let mut tickets = Vec::new();
    for i in 0..14 {
        let requester = Actor::member(h.ids.alice as i64, Roles::REQUESTER);
        let draft = h.draft(h.ids.alice, &format!("Printer offline ({i})"), Urgency::Medium);
        tickets.push(h.desk.open(draft, requester).await.expect("opens").ticket);
    }
    h.discord
        .wait_for("the storm summary", |d| d.messages_in(triage).into_iter().find(|m| is_summary(m)))
        .await;
    // Stopped mid-storm and started again on the same database.
    h.restart().await;
    let caught_up = h
        .discord
        .wait_for_within("every ticket's own post", std::time::Duration::from_secs(40), |d| {
            let messages = d.messages_in(triage);
            let posts = messages.iter().filter(|m| !is_summary(m)).count();
            let done = messages.iter().any(|m| text_of(m).contains("Every new ticket has its own post now"));
            (posts >= tickets.len() && done).then_some(messages)
        })
        .await;
    let summaries: Vec<&Value> = caught_up.iter().filter(|m| is_summary(m)).collect();
    assert_eq!(summaries.len(), 1, "the restarted bot edits the summary it posted: {summaries:#?}");
    for t in &tickets {
        let own: Vec<&Value> = caught_up
            .iter()
            .filter(|m| {
                !is_summary(m)
                    && m["embeds"][0]["title"]
                        .as_str()
                        .is_some_and(|s| s.starts_with(&format!("{} ", t.label())))
            })
            .collect();
        assert_eq!(own.len(), 1, "{} has exactly one post of its own", t.label());
    }
    h.finish().await;
}

#[tokio::test]
async fn a_triage_channel_the_bot_may_not_post_in_is_not_hammered_by_the_storm_summary() {
    let h = Harness::start().await;
    let triage = h.ids.triage;
    // Missing permissions (50013) on every post in the triage channel, as when an admin took them away.
    let refused = h.discord.fail_code(
        "POST",
        &format!("^/channels/{triage}/messages$"),
        crate::support::discord::Times::Always,
        50013,
    );
    for i in 0..8 {
        let requester = Actor::member(h.ids.alice as i64, Roles::REQUESTER);
        let draft = h.draft(h.ids.alice, &format!("Laptop will not boot ({i})"), Urgency::Medium);
        h.desk.open(draft, requester).await.expect("opens");
    }
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    // Refused posts still use the channel's bucket (5 per 5 s), the triage posts are retried with
    // their backoff and so is the summary: a handful of refusals, not one every round of its worker.
    let hits = h.discord.failure_hits(refused);
    assert!((1..=10).contains(&hits), "{hits} refused posts in 4 s");
    h.discord.clear_failures();
    h.discord
        .wait_for_within(
            "the tickets posted once the channel is fixed",
            std::time::Duration::from_secs(40),
            |d| {
                let posts =
                    d.messages_in(triage).iter().filter(|m| m["embeds"][0]["title"].is_string()).count();
                (posts == 8).then_some(())
            },
        )
        .await;
    h.finish().await;
}
