//! Assignment to the best-qualified technician: `/assign` without a technician suggests one and says
//! why, **Confirm** assigns with the reason recorded and tells the technician and the requester;
//! `/duty on|off` and `/desk skills` change who is suggested; auto-assignment on submit.

use deskbot::domain::{EventKind, Status, Ticket, Urgency};
use serde_json::{Value, json};

use crate::harness::{Harness, id_of, text_of};
use crate::support::discord::{InteractionHandle, buttons_of};

/// Tom (level 1: network, hardware), Tina (level 1: printing) and Sam (level 2: network), by the
/// typical guild's ids.
fn roster(h_ids: &crate::support::discord::Typical, extra: &str) -> String {
    format!(
        "{extra}\n\
         [[technicians]]\nid = \"{tom}\"\nname = \"Tom\"\nlevel = 1\nskills = [\"network\", \"hardware\"]\n\n\
         [[technicians]]\nid = \"{tina}\"\nname = \"Tina\"\nlevel = 1\nskills = [\"printing\"]\n\n\
         [[technicians]]\nid = \"{sam}\"\nname = \"Sam\"\nlevel = 2\nskills = [\"network\"]\n",
        tom = h_ids.tom,
        tina = h_ids.tina,
        sam = h_ids.sam,
    )
}

async fn start(extra: &str) -> Harness {
    let ids = crate::support::discord::TYPICAL;
    Harness::start_with_helpdesk(&roster(&ids, extra)).await
}

fn num(ticket: &Ticket) -> i64 {
    ticket.label().trim_start_matches('#').parse().expect("a numbered ticket")
}

fn mention(id: u64) -> String {
    format!("<@{id}>")
}

/// Answers the interaction, asserts only the asker sees it, and returns the message.
async fn ephemeral(handle: &InteractionHandle) -> Value {
    let reply = handle.reply().await;
    assert!(handle.is_ephemeral().await, "only the asker sees this: {}", text_of(&reply));
    reply
}

async fn duty(h: &Harness, who: u64, on: bool) -> String {
    let said = h.discord.slash(who, if on { "duty on" } else { "duty off" }, json!({})).await;
    text_of(&ephemeral(&said).await)
}

async fn suggest(h: &Harness, ticket: &Ticket) -> Value {
    let asked = h.discord.slash(h.ids.cora, "assign", json!({"ticket": num(ticket)})).await;
    ephemeral(&asked).await
}

fn has_confirm(message: &Value) -> bool {
    buttons_of(message).iter().any(|b| b["label"] == "Confirm")
}

#[tokio::test]
async fn assign_without_a_technician_suggests_the_best_qualified_and_confirm_assigns_and_tells_both() {
    let h = start("").await;
    for who in [h.ids.tom, h.ids.tina, h.ids.sam] {
        assert!(duty(&h, who, true).await.contains("You are on duty"));
    }
    // Tom already holds a network ticket; Sam holds nothing.
    let (busy, _) = h.open_ticket(h.ids.bob, "Wi-Fi drops in room 4", Urgency::Medium).await;
    let given = h
        .discord
        .slash(h.ids.cora, "assign", json!({"ticket": num(&busy), "technician": h.ids.tom.to_string()}))
        .await;
    ephemeral(&given).await;
    let (ticket, triage) = h.open_ticket(h.ids.alice, "VPN refuses my certificate", Urgency::Medium).await;

    let suggestion = suggest(&h, &ticket).await;
    let text = text_of(&suggestion);
    assert!(
        text.contains(&format!(
            "{}** (Network & VPN, level 1, P3): I suggest {}",
            ticket.label(),
            mention(h.ids.sam)
        )),
        "the suggestion names Sam: {text}"
    );
    assert!(
        text.contains(
            "Why: on duty, skilled in Network & VPN, level 2, load 0 (0 active tickets): the lightest load"
        ),
        "and says why: {text}"
    );
    assert!(text.contains(&format!("- {}: busier, load 2 (1 active ticket)", mention(h.ids.tom))), "{text}");
    assert!(text.contains(&format!("- {}: not skilled in Network & VPN", mention(h.ids.tina))), "{text}");
    assert!(has_confirm(&suggestion), "{suggestion}");
    assert_eq!(h.ticket(ticket.id).await.assignee_id, None, "a suggestion changes nothing");

    let confirmed = h.discord.click_label(h.ids.cora, h.ids.general, id_of(&suggestion), "Confirm").await;
    let answer = confirmed.reply().await;
    assert!(text_of(&answer).contains(&format!("{} is assigned to {}", ticket.label(), mention(h.ids.sam))));
    assert!(!has_confirm(&answer), "the suggestion is replaced by what happened: {answer}");

    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id), (Status::InProgress, Some(h.ids.sam as i64)));
    let events = h.store().events(ticket.id).await.expect("the events load");
    let assigned = events.iter().find(|e| e.kind == EventKind::Assigned).expect("an assignment event");
    assert_eq!(assigned.actor_id, Some(h.ids.cora as i64));
    let note = assigned.note.clone().unwrap_or_default();
    assert!(
        note.starts_with(&format!(
            "{}: on duty, skilled in network, level 2 (ticket needs 1), load 0",
            mention(h.ids.sam)
        )) && note.contains(&format!("{} 2", mention(h.ids.tom))),
        "the reason is recorded: {note}"
    );

    let to_sam = h.discord.wait_for_dm(h.ids.sam, |m| text_of(m).contains(&ticket.label())).await;
    let to_sam = text_of(&to_sam);
    assert!(
        to_sam.contains("You were assigned") && to_sam.contains("\nWhy you: on duty, skilled in network"),
        "{to_sam}"
    );
    let to_alice = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("assigned to")).await;
    let to_alice = text_of(&to_alice);
    assert!(
        to_alice.contains(&mention(h.ids.sam)) && !to_alice.contains("load"),
        "the requester hears who: {to_alice}"
    );
    h.wait_for_triage_text(&triage, &mention(h.ids.sam)).await;
    h.finish().await;
}

#[tokio::test]
async fn duty_off_takes_a_technician_out_of_the_suggestions_until_duty_on() {
    let h = start("").await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Network share unreachable", Urgency::Medium).await;
    duty(&h, h.ids.tom, true).await;
    duty(&h, h.ids.sam, true).await;

    // Equal loads: the tie goes to the lower level, keeping the specialist free.
    let text = text_of(&suggest(&h, &ticket).await);
    assert!(text.contains(&format!("I suggest {}", mention(h.ids.tom))), "{text}");
    assert!(text.contains("tied on load"), "{text}");
    assert!(
        text.contains(&format!(
            "- {}: same load 0 (0 active tickets), level 2: lost the tie",
            mention(h.ids.sam)
        )),
        "{text}"
    );

    let off = duty(&h, h.ids.tom, false).await;
    assert!(off.contains("You are off duty"), "{off}");
    let text = text_of(&suggest(&h, &ticket).await);
    assert!(text.contains(&format!("I suggest {}", mention(h.ids.sam))), "{text}");
    assert!(text.contains(&format!("- {}: off duty (said /duty off)", mention(h.ids.tom))), "{text}");

    duty(&h, h.ids.tom, true).await;
    let text = text_of(&suggest(&h, &ticket).await);
    assert!(text.contains(&format!("I suggest {}", mention(h.ids.tom))), "{text}");
    h.finish().await;
}

#[tokio::test]
async fn when_nobody_qualifies_each_technician_is_named_with_the_rule_they_fail_and_nothing_is_offered() {
    let h = start("").await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Cannot reach the intranet", Urgency::Medium).await;
    duty(&h, h.ids.tina, true).await;
    let suggestion = suggest(&h, &ticket).await;
    let text = text_of(&suggestion);
    assert!(
        text.contains(&format!("Nobody qualifies for **{}** (Network & VPN, level 1)", ticket.label())),
        "{text}"
    );
    assert!(
        text.contains(&format!("- {}: off duty (no shift, and no /duty on)", mention(h.ids.tom))),
        "{text}"
    );
    assert!(text.contains(&format!("- {}: not skilled in Network & VPN", mention(h.ids.tina))), "{text}");
    assert!(text.contains(&format!("/assign ticket:{} technician:@", num(&ticket))), "{text}");
    assert!(!has_confirm(&suggestion), "nothing to confirm: {suggestion}");
    h.finish().await;
}

#[tokio::test]
async fn a_confirm_clicked_after_the_ticket_changed_is_refused_and_assigns_nobody() {
    let h = start("").await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Ethernet port dead", Urgency::Medium).await;
    duty(&h, h.ids.tom, true).await;
    let suggestion = suggest(&h, &ticket).await;
    assert!(text_of(&suggestion).contains(&format!("I suggest {}", mention(h.ids.tom))));
    let changed = h
        .discord
        .slash(
            h.ids.cora,
            "desk priority",
            json!({"ticket": num(&ticket), "value": "P2", "reason": "Whole floor affected"}),
        )
        .await;
    ephemeral(&changed).await;

    let stale = h.discord.click_label(h.ids.cora, h.ids.general, id_of(&suggestion), "Confirm").await;
    let text = text_of(&ephemeral(&stale).await);
    assert!(text.contains(&format!("{} has changed since this suggestion", ticket.label())), "{text}");
    assert_eq!(h.ticket(ticket.id).await.assignee_id, None);

    // A ticket that is no longer active gets no suggestion at all.
    let cancelled = h
        .discord
        .slash(h.ids.cora, "desk cancel", json!({"ticket": num(&ticket), "reason": "Reported twice"}))
        .await;
    ephemeral(&cancelled).await;
    let late = h.discord.slash(h.ids.cora, "assign", json!({"ticket": num(&ticket)})).await;
    let late = ephemeral(&late).await;
    assert!(
        text_of(&late).contains(&format!("You can't assign {}: it is cancelled", ticket.label())),
        "{late}"
    );
    assert!(!has_confirm(&late));
    h.finish().await;
}

#[tokio::test]
async fn desk_skills_changes_who_is_suggested_and_bad_input_changes_nothing() {
    let h = start("").await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Printer and VPN both broken", Urgency::Medium).await;
    duty(&h, h.ids.tina, true).await;

    let refusals = [
        (h.ids.tom, json!({"technician": h.ids.tina.to_string(), "skills": "network"}), "Only coordinators"),
        (
            h.ids.cora,
            json!({"technician": h.ids.tina.to_string(), "skills": "network, plumbing"}),
            "plumbing is not a category key. Skills are category keys, separated by commas: hardware, software, network",
        ),
        (
            h.ids.cora,
            json!({"technician": h.ids.bob.to_string(), "skills": "network"}),
            "is not a technician",
        ),
    ];
    for (who, options, expected) in refusals {
        let said = h.discord.slash(who, "desk skills", options.clone()).await;
        let text = text_of(&ephemeral(&said).await);
        assert!(text.contains(expected), "{options}: {text}");
    }
    let stored = h.store().technicians().await.expect("the technicians load");
    assert!(
        stored.iter().all(|t| t.skills.is_none() && t.level.is_none()),
        "no skills were stored: {stored:?}"
    );

    let set = h
        .discord
        .slash(
            h.ids.cora,
            "desk skills",
            json!({"technician": h.ids.tina.to_string(), "skills": "printing, network", "level": 2}),
        )
        .await;
    let text = text_of(&ephemeral(&set).await);
    assert!(
        text.contains(&format!(
            "{} now has the skills Network & VPN, Printing at level 2",
            mention(h.ids.tina)
        )),
        "{text}"
    );
    let stored = h.store().technicians().await.expect("the technicians load");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].user_id, h.ids.tina as i64);
    assert_eq!(stored[0].skills, Some(vec!["network".to_owned(), "printing".to_owned()]));
    assert_eq!(stored[0].skills_set_by, Some(h.ids.cora as i64));

    let text = text_of(&suggest(&h, &ticket).await);
    assert!(
        text.contains(&format!("I suggest {}", mention(h.ids.tina))),
        "the database wins over the file: {text}"
    );
    h.finish().await;
}

#[tokio::test]
async fn duty_is_for_technicians_only() {
    let h = start("").await;
    let said = h.discord.slash(h.ids.bob, "duty on", json!({})).await;
    let text = text_of(&ephemeral(&said).await);
    assert!(text.contains("Only technicians go on or off duty"), "{text}");
    assert_eq!(h.store().technicians().await.expect("the technicians load"), vec![]);
    h.finish().await;
}

#[tokio::test]
async fn with_auto_assignment_a_submitted_ticket_goes_to_the_best_qualified_with_the_reason() {
    let h = start("[assignment]\nauto = true\n").await;
    duty(&h, h.ids.tom, true).await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "VPN disconnects at noon", Urgency::Medium).await;
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id), (Status::InProgress, Some(h.ids.tom as i64)));
    let events = h.store().events(ticket.id).await.expect("the events load");
    let assigned = events.iter().find(|e| e.kind == EventKind::Assigned).expect("an assignment event");
    assert_eq!(assigned.actor_id, None, "deskbot assigned it");
    assert!(
        assigned
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("assigned on submit: on duty, skilled in network")
    );
    let to_tom = h.discord.wait_for_dm(h.ids.tom, |m| text_of(m).contains(&ticket.label())).await;
    assert!(text_of(&to_tom).contains("Why you: assigned on submit"), "{}", text_of(&to_tom));
    h.discord
        .wait_for_dm(h.ids.alice, |m| text_of(m).contains(&format!("assigned to {}", mention(h.ids.tom))))
        .await;

    // Nobody on duty for printing: the ticket stays in the queue.
    let mut draft = h.draft(h.ids.alice, "Printer out of toner", Urgency::Low);
    draft.category = "printing".to_owned();
    let (unassigned, _) = h.open_draft(draft).await;
    assert_eq!((unassigned.status, unassigned.assignee_id), (Status::Open, None));
    h.finish().await;
}

#[tokio::test]
async fn a_reassignment_records_the_reason_and_tells_the_new_technician_the_requester_and_the_previous_one() {
    let h = start("").await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Laptop dock flickers", Urgency::Medium).await;
    let first = h
        .discord
        .slash(h.ids.cora, "assign", json!({"ticket": num(&ticket), "technician": h.ids.tom.to_string()}))
        .await;
    ephemeral(&first).await;
    h.discord.wait_for_dm(h.ids.tom, |m| text_of(m).contains("You were assigned")).await;

    let options =
        json!({"ticket": num(&ticket), "technician": h.ids.tina.to_string(), "reason": "Tom is on leave"});
    let second = h.discord.slash(h.ids.cora, "assign", options).await;
    ephemeral(&second).await;
    assert_eq!(h.ticket(ticket.id).await.assignee_id, Some(h.ids.tina as i64));
    let events = h.store().events(ticket.id).await.expect("the events load");
    let notes: Vec<String> =
        events.iter().filter(|e| e.kind == EventKind::Assigned).filter_map(|e| e.note.clone()).collect();
    assert_eq!(notes, vec![mention(h.ids.tom), format!("{}: Tom is on leave", mention(h.ids.tina))]);

    let to_tina = h.discord.wait_for_dm(h.ids.tina, |m| text_of(m).contains(&ticket.label())).await;
    assert!(text_of(&to_tina).contains("Why you: Tom is on leave."), "{}", text_of(&to_tina));
    let to_tom = h.discord.wait_for_dm(h.ids.tom, |m| text_of(m).contains("reassigned")).await;
    assert!(
        text_of(&to_tom)
            .contains(&format!("was reassigned to {}; it is no longer yours", mention(h.ids.tina))),
        "{}",
        text_of(&to_tom)
    );
    h.discord
        .wait_for_dm(h.ids.alice, |m| text_of(m).contains(&format!("assigned to {}", mention(h.ids.tina))))
        .await;
    h.finish().await;
}
