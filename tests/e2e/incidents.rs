//! Major incidents as staff and requesters meet them: `/desk link` and `/desk unlink` with their
//! refusals, "+N affected" in triage and `/queue`, the known problem offered at the intake review
//! (joined, or declined), every child resolved and DMed once when its incident is resolved (paced
//! under Discord's limits), and a child's "Still broken".

use deskbot::domain::{Action, Actor, Level, ResolutionCode, Roles, Status, TicketNumber, Urgency};
use serde_json::{Value, json};

use crate::harness::{Harness, id_of, text_of};
use crate::support::discord::buttons_of;

fn tom(h: &Harness) -> Actor {
    Actor::member(h.ids.tom as i64, Roles::technician(Level::ONE))
}

/// `user` DMs the bot `text` and waits for its answer.
async fn say(h: &Harness, user: u64, text: &str) -> Value {
    let before = h.discord.dms_to(user).len();
    h.discord.dm(user, text).await;
    h.discord
        .wait_for(&format!("the bot's answer to {text:?}"), |d| d.dms_to(user).get(before).cloned())
        .await
}

/// `user` goes through a DM intake about the VPN up to the review, which is returned.
async fn vpn_intake(h: &Harness, user: u64) -> Value {
    let first = say(h, user, "my vpn keeps disconnecting").await;
    let channel = h.discord.dm_channel_of(user).expect("a DM channel");
    let select = buttons_of(&first)
        .into_iter()
        .find(|c| c["type"] == 3)
        .and_then(|c| c["custom_id"].as_str().map(str::to_owned))
        .expect("the category select");
    h.discord.select(user, channel, id_of(&first), &select, &["network"]).await.reply().await;
    say(h, user, "The VPN drops every few minutes since this morning; reconnecting helps briefly.").await;
    say(h, user, "2").await;
    say(h, user, "Office 2, room 12").await;
    say(h, user, "no").await;
    say(h, user, "Just me").await;
    say(h, user, "3").await
}

fn labels(message: &Value) -> Vec<String> {
    buttons_of(message).iter().filter_map(|b| b["label"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn link_and_unlink_move_a_ticket_out_of_the_queue_and_back_and_refusals_are_clear() {
    let h = Harness::start().await;
    let (parent, parent_post) = h.open_ticket(h.ids.bob, "VPN disconnects for everyone", Urgency::High).await;
    let (child, child_post) = h.open_ticket(h.ids.alice, "VPN keeps dropping", Urgency::Medium).await;
    h.settle().await;
    let n = |t: &deskbot::domain::Ticket| t.number.expect("numbered").0;

    let link = h
        .discord
        .slash(
            h.ids.tom,
            "desk link",
            json!({"ticket": n(&child), "parent": n(&parent), "reason": "same outage"}),
        )
        .await;
    let said = link.reply_text().await;
    assert!(link.is_ephemeral().await);
    assert!(said.contains("#2 is now part of incident #1"), "{said}");
    assert_eq!(h.ticket(child.id).await.parent_id, Some(parent.id));
    h.wait_for_triage_text(&parent_post, "+1 affected").await;
    h.wait_for_triage_text(&child_post, "Part of **#1**").await;
    let thread = h.thread_of(&parent_post);
    h.discord.wait_for_message_in(thread, |m| text_of(m).contains("#2 from")).await;

    // The queue shows the incident, with how many it affects, and not the child.
    let queue = h.discord.slash(h.ids.tom, "queue", json!({})).await;
    let listed = queue.reply_text().await;
    assert!(listed.contains("**#1**") && listed.contains("+1 affected"), "{listed}");
    assert!(!listed.contains("**#2**"), "the child left the active queue: {listed}");

    // Refusals: to itself, a loop, a requester.
    for (user, options, expected) in [
        (h.ids.tom, json!({"ticket": n(&parent), "parent": n(&parent)}), "can't be part of itself"),
        (h.ids.tom, json!({"ticket": n(&parent), "parent": n(&child)}), "would make a loop"),
        (h.ids.alice, json!({"ticket": n(&parent), "parent": n(&child)}), "Only"),
        (h.ids.tom, json!({"ticket": n(&child), "parent": 99}), "#99"),
    ] {
        let refused = h.discord.slash(user, "desk link", options).await;
        let text = refused.reply_text().await;
        assert!(refused.is_ephemeral().await, "{text}");
        assert!(text.contains(expected), "{expected:?} in {text}");
    }

    let unlink = h.discord.slash(h.ids.cora, "desk unlink", json!({"ticket": n(&child)})).await;
    let said = unlink.reply_text().await;
    assert!(said.contains("#2 left its incident"), "{said}");
    assert_eq!(h.ticket(child.id).await.parent_id, None);
    let events = h.desk.history(child.id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains(&"linked") && kinds.contains(&"unlinked"), "{kinds:?}");
    let queue = h.discord.slash(h.ids.tom, "queue", json!({})).await;
    assert!(queue.reply_text().await.contains("**#2**"), "back in the queue");
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn a_matching_intake_is_offered_the_known_problem_and_joining_makes_no_triage_post() {
    let h = Harness::start().await;
    let (parent, parent_post) =
        h.open_ticket(h.ids.bob, "VPN keeps disconnecting for the whole office", Urgency::High).await;
    h.settle().await;
    let triage_before = h.discord.messages_in(h.ids.triage).len();

    let review = vpn_intake(&h, h.ids.alice).await;
    let shown = text_of(&review);
    assert!(shown.contains("This looks like a known problem") && shown.contains("#1"), "{shown}");
    assert!(labels(&review).contains(&"Add me to it".to_owned()), "{:?}", labels(&review));

    let channel = h.discord.dm_channel_of(h.ids.alice).expect("a DM channel");
    let joined = h.discord.click_label(h.ids.alice, channel, id_of(&review), "Add me to it").await;
    let said = text_of(&joined.reply().await);
    assert!(said.contains("#2") && said.contains("part of **#1**"), "{said}");

    let child = h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(2)).await.unwrap();
    assert_eq!((child.parent_id, child.status), (Some(parent.id), Status::Open));
    h.wait_for_triage_text(&parent_post, "+1 affected").await;
    let thread = h.thread_of(&parent_post);
    h.discord.wait_for_message_in(thread, |m| text_of(m).contains("#2 from")).await;
    h.settle().await;
    assert_eq!(h.discord.messages_in(h.ids.triage).len(), triage_before, "no triage post of its own");

    // What she says about her ticket reaches the incident's thread, where it is worked on.
    h.discord.dm(h.ids.alice, "#2 still down from the meeting room").await;
    h.discord.wait_for_message_in(thread, |m| text_of(m).contains("still down from the meeting room")).await;

    // She hears of the incident's progress.
    h.desk.act(parent.id, tom(&h), Action::Claim).await.unwrap();
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("#1") && text_of(m).contains("claimed")).await;
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn declining_the_known_problem_opens_an_ordinary_ticket() {
    let h = Harness::start().await;
    h.open_ticket(h.ids.bob, "VPN keeps disconnecting for the whole office", Urgency::High).await;
    h.settle().await;
    let review = vpn_intake(&h, h.ids.alice).await;
    let channel = h.discord.dm_channel_of(h.ids.alice).expect("a DM channel");
    let declined = h.discord.click_label(h.ids.alice, channel, id_of(&review), "Not this").await;
    let updated = declined.reply().await;
    assert!(!text_of(&updated).contains("known problem"), "{}", text_of(&updated));
    assert_eq!(labels(&updated), ["Submit", "Edit", "Cancel"]);
    h.discord.click_label(h.ids.alice, channel, id_of(&updated), "Submit").await.reply().await;
    let ticket = h.store().ticket_by_number(h.ids.guild as i64, TicketNumber(2)).await.unwrap();
    assert_eq!(ticket.parent_id, None);
    h.triage_message(&ticket).await;
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn resolving_an_incident_dms_each_of_twenty_children_once_without_a_429_and_still_broken_detaches() {
    let h = Harness::start().await;
    let (parent, _post) = h.open_ticket(h.ids.bob, "VPN concentrator down", Urgency::High).await;
    let mut children = Vec::new();
    for i in 0..20 {
        let user = h.discord.add_member(&format!("affected{i}"), &[]);
        let draft = h.draft(user, "VPN concentrator down for me too", Urgency::Medium);
        let requester = Actor::member(user as i64, Roles::REQUESTER);
        let child = h.desk.open_in_incident(draft, parent.id, requester).await.unwrap().ticket;
        children.push((user, child));
    }
    h.settle().await;
    let mark = h.discord.mark();

    let notes = "Failed over to the standby VPN concentrator and renewed its certificate.";
    h.desk
        .act(parent.id, tom(&h), Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed })
        .await
        .unwrap();
    for (user, child) in &children {
        h.discord.wait_for_dm(*user, |m| text_of(m).contains("standby VPN concentrator")).await;
        assert_eq!(h.ticket(child.id).await.status, Status::Resolved);
    }
    h.settle().await;
    for (user, _) in &children {
        let resolved = h
            .discord
            .dms_to(*user)
            .iter()
            .filter(|m| text_of(m).contains("standby VPN concentrator"))
            .count();
        assert_eq!(resolved, 1, "one DM each");
    }
    assert_eq!(h.discord.rate_limited_since(mark).total(), 0, "no 429");

    // One of them says it is still broken: their ticket leaves the incident and reaches triage.
    let (user, child) = &children[3];
    let dm = h.discord.wait_for_dm(*user, |m| text_of(m).contains("standby VPN concentrator")).await;
    let channel = h.discord.dm_channel_of(*user).expect("a DM channel");
    let broken = h.discord.click_label(*user, channel, id_of(&dm), "Still broken").await;
    broken.submit_modal(&[("note", "Still cannot connect from home")]).await.reply().await;
    let stored = h.ticket(child.id).await;
    assert_eq!((stored.status, stored.parent_id), (Status::Open, None));
    h.triage_message(&stored).await;
    h.settle().await;
    h.finish().await;
}
