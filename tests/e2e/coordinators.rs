//! Coordinators and technicians at work outside the triage buttons: `/queue` (sorted, filtered,
//! paged), `/escalate`, `/assign`, `/desk show|note|watch|priority|cancel`; requesters' `/mytickets`
//! with its Cancel buttons; and the ticket's thread (`/reply` to the requester, internal notes).

use std::time::Duration;

use deskbot::domain::{Actor, EventKind, Impact, Level, Priority, Roles, Status, Ticket, Urgency};
use deskbot::store::EventRecord;
use regex::Regex;
use serde_json::{Value, json};

use crate::harness::{Harness, id_of, p, text_of};
use crate::support::discord::{InteractionHandle, buttons_of, custom_id_by_label};

/// The number a user types for a ticket (`#7` → 7).
fn num(ticket: &Ticket) -> i64 {
    ticket.label().trim_start_matches('#').parse().expect("a numbered ticket")
}

/// The ticket labels a `/queue` page lists, in order.
fn listed(page: &Value) -> Vec<String> {
    let description = page["embeds"][0]["description"].as_str().unwrap_or_default();
    let re = Regex::new(r"\*\*(#\d+)\*\*").expect("a valid regex");
    re.captures_iter(description).map(|c| c[1].to_owned()).collect()
}

fn labels(tickets: &[&Ticket]) -> Vec<String> {
    tickets.iter().map(|t| t.label()).collect()
}

fn button_labels(message: &Value) -> Vec<String> {
    buttons_of(message).iter().filter_map(|b| b["label"].as_str().map(str::to_owned)).collect()
}

fn disabled(message: &Value, label: &str) -> bool {
    buttons_of(message).iter().any(|b| b["label"] == label && b["disabled"].as_bool().unwrap_or(false))
}

/// The value of the triage embed's field `name`.
fn field(message: &Value, name: &str) -> String {
    message["embeds"][0]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {message}"))
        .to_owned()
}

/// The role ids a message pings.
fn roles_pinged(message: &Value) -> Vec<u64> {
    message["mention_roles"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r.as_str().and_then(|s| s.parse().ok())).collect())
        .unwrap_or_default()
}

/// Opens a ticket of `requester` whose draft `adjust` changed first (category, impact…).
async fn open_with(
    h: &Harness,
    requester: u64,
    summary: &str,
    urgency: Urgency,
    adjust: impl FnOnce(&mut Ticket),
) -> (Ticket, Value) {
    let mut draft = h.draft(requester, summary, urgency);
    adjust(&mut draft);
    draft.priority = deskbot::domain::priority::priority(draft.impact, draft.urgency);
    let opened = h
        .desk
        .open(draft, Actor::member(requester as i64, Roles::REQUESTER))
        .await
        .expect("the ticket opens")
        .ticket;
    let message = h.triage_message(&opened).await;
    (h.ticket(opened.id).await, message)
}

/// Waits until the ticket's audit trail has an event matching `pred`, and returns it.
async fn wait_for_event(h: &Harness, ticket: i64, pred: impl Fn(&EventRecord) -> bool) -> EventRecord {
    for _ in 0..250 {
        let events = h.store().events(ticket).await.expect("the events load");
        if let Some(e) = events.into_iter().find(|e| pred(e)) {
            return e;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no such event on ticket {ticket} after 5 s\n{}", h.discord.dump());
}

/// Answers the interaction, asserts it was only shown to the user, and returns its text.
async fn ephemeral_text(handle: &InteractionHandle) -> String {
    let text = handle.reply_text().await;
    assert!(handle.is_ephemeral().await, "only the user sees this answer: {text}");
    text
}

/// Whether any request the bot made to Discord carries `needle`.
fn sent_to_discord(h: &Harness, needle: &str) -> bool {
    h.discord.requests().iter().any(|r| r.body.as_ref().is_some_and(|b| b.to_string().contains(needle)))
}

async fn claim(h: &Harness, technician: u64, message: &Value) {
    h.discord.click_label(technician, h.ids.triage, id_of(message), "Claim").await.reply().await;
}

// ----- /queue -----------------------------------------------------------------------------------

#[tokio::test]
async fn queue_by_a_requester_is_refused_ephemerally_and_shows_no_tickets() {
    let h = Harness::start().await;
    let (ticket, _) = h.open_ticket(h.ids.bob, "Laptop fan is very loud", Urgency::Low).await;
    h.settle().await;
    let mark = h.discord.mark();
    let queue = h.discord.slash(h.ids.alice, "queue", json!({})).await;
    let reply = queue.reply().await;
    assert!(queue.is_ephemeral().await);
    let text = text_of(&reply);
    assert!(text.contains("Only technicians"), "the refusal says why: {text}");
    assert!(!text.contains(&ticket.label()) && !text.contains("fan"), "no ticket is shown: {text}");
    assert!(reply["embeds"].as_array().is_none_or(Vec::is_empty), "no queue embed: {reply}");
    assert_eq!(h.discord.non_exempt_since(mark), 0, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

#[tokio::test]
async fn queue_for_staff_is_ephemeral_and_sorted_by_priority_then_due_time() {
    let h = Harness::start().await;
    let (claimed_p3, claimed_message) =
        h.open_ticket(h.ids.alice, "Excel macros are slow", Urgency::Medium).await;
    let (p4, _) = h.open_ticket(h.ids.bob, "Wallpaper resets at login", Urgency::Low).await;
    let (p2, _) = h.open_ticket(h.ids.alice, "VPN drops hourly", Urgency::High).await;
    let (open_p3, _) = h.open_ticket(h.ids.bob, "Calendar invites arrive late", Urgency::Medium).await;
    let (p1, _) = open_with(&h, h.ids.alice, "Mail server down", Urgency::High, |t| {
        t.impact = Impact::Organisation;
    })
    .await;
    assert_eq!((p1.priority, p2.priority, open_p3.priority, p4.priority), (p(1), p(2), p(3), p(4)));
    // Claimed, the older P3 is next due for resolution (days away), the newer P3 for its first
    // response (hours away): due time, not number, puts the newer one first.
    claim(&h, h.ids.tom, &claimed_message).await;
    h.settle().await;

    let expected = labels(&[&p1, &p2, &open_p3, &claimed_p3, &p4]);
    for who in [h.ids.cora, h.ids.tom] {
        let queue = h.discord.slash(who, "queue", json!({})).await;
        let page = queue.reply().await;
        assert!(queue.is_ephemeral().await, "the queue is shown to the asker only");
        assert_eq!(listed(&page), expected, "{}", text_of(&page));
        let text = text_of(&page);
        assert!(text.contains(&format!("<@{}>", h.ids.tom)), "the assignee is shown: {text}");
        assert!(text.contains("Page 1 of 1"), "{text}");
        assert!(disabled(&page, "Prev") && disabled(&page, "Next"), "one page: no paging");
    }
    h.finish().await;
}

#[tokio::test]
async fn queue_filters_by_status_level_assignee_unassigned_and_category() {
    let h = Harness::start().await;
    let (claimed, claimed_message) =
        h.open_ticket(h.ids.alice, "Outlook search broken", Urgency::Medium).await;
    let (printing, _) = open_with(&h, h.ids.bob, "Printer jams on floor 2", Urgency::Medium, |t| {
        t.category = "printing".to_owned();
    })
    .await;
    let (escalated, _) = h.open_ticket(h.ids.alice, "SAP role missing", Urgency::Medium).await;
    let (plain_open, _) = h.open_ticket(h.ids.bob, "New mouse needed", Urgency::Medium).await;
    claim(&h, h.ids.tom, &claimed_message).await;
    let up = h
        .discord
        .slash(h.ids.cora, "escalate", json!({"ticket": num(&escalated), "reason": "Needs SAP basis"}))
        .await;
    up.reply().await;
    assert_eq!(h.ticket(escalated.id).await.level, Level::TWO);
    h.settle().await;

    let cases = [
        (json!({}), vec![&claimed, &printing, &escalated, &plain_open], "Queue"),
        (json!({"status": "in_progress"}), vec![&claimed], "status: In progress"),
        (json!({"status": "open"}), vec![&printing, &escalated, &plain_open], "status: Open"),
        (json!({"level": 2}), vec![&escalated], "level: L2"),
        (json!({"assignee": h.ids.tom.to_string()}), vec![&claimed], "assignee: <@"),
        (json!({"unassigned": true}), vec![&printing, &escalated, &plain_open], "assignee: nobody"),
        (json!({"category": "printing"}), vec![&printing], "category: printing"),
        (json!({"category": "network", "unassigned": true}), vec![&escalated, &plain_open], "category"),
    ];
    for (options, tickets, title) in cases {
        let queue = h.discord.slash(h.ids.cora, "queue", options.clone()).await;
        let page = queue.reply().await;
        assert!(queue.is_ephemeral().await);
        let mut shown = listed(&page);
        shown.sort();
        let mut wanted = labels(&tickets);
        wanted.sort();
        assert_eq!(shown, wanted, "/queue {options}: {}", text_of(&page));
        let heading = page["embeds"][0]["title"].as_str().unwrap_or_default();
        assert!(heading.contains(title), "/queue {options}: the title names the filter: {heading}");
    }
    h.finish().await;
}

#[tokio::test]
async fn queue_pages_by_ten_with_next_and_prev_and_the_buttons_keep_the_filter() {
    let h = Harness::start().await;
    let mut opened = Vec::new();
    for i in 1..=13 {
        let (t, m) = h.open_ticket(h.ids.alice, &format!("Broken dock number {i}"), Urgency::Medium).await;
        opened.push((t, m));
    }
    // Claimed, the first ticket is the one furthest due: last in the queue, not in the unassigned one.
    claim(&h, h.ids.tom, &opened[0].1).await;
    h.settle().await;
    let all: Vec<String> = opened[1..].iter().map(|(t, _)| t.label()).chain([opened[0].0.label()]).collect();

    let queue = h.discord.slash(h.ids.cora, "queue", json!({})).await;
    let first = queue.reply().await;
    assert!(queue.is_ephemeral().await);
    assert_eq!(listed(&first), all[..10], "{}", text_of(&first));
    assert!(text_of(&first).contains("Page 1 of 2 · 13 tickets"), "{}", text_of(&first));
    assert!(disabled(&first, "Prev") && !disabled(&first, "Next"));

    let next = h.discord.click_label(h.ids.cora, h.ids.general, id_of(&first), "Next").await;
    assert_eq!(next.response_type().await, 7, "the page is updated in place");
    let second = next.reply().await;
    assert_eq!(id_of(&second), id_of(&first), "the same message");
    assert_eq!(listed(&second), all[10..], "{}", text_of(&second));
    assert!(text_of(&second).contains("Page 2 of 2"), "{}", text_of(&second));
    assert!(!disabled(&second, "Prev") && disabled(&second, "Next"));

    let prev = h.discord.click_label(h.ids.cora, h.ids.general, id_of(&first), "Prev").await;
    assert_eq!(prev.response_type().await, 7);
    assert_eq!(listed(&prev.reply().await), all[..10]);

    // The same with a filter: page 2 of the unassigned queue is still the unassigned queue.
    let queue = h.discord.slash(h.ids.tina, "queue", json!({"unassigned": true})).await;
    let first = queue.reply().await;
    assert_eq!(listed(&first), all[..10]);
    assert!(text_of(&first).contains("12 tickets"), "{}", text_of(&first));
    let next = h.discord.click_label(h.ids.tina, h.ids.general, id_of(&first), "Next").await;
    assert_eq!(next.response_type().await, 7);
    let second = next.reply().await;
    assert_eq!(listed(&second), all[10..12], "the claimed ticket stays out: {}", text_of(&second));
    assert!(text_of(&second).contains("assignee: nobody"), "{}", text_of(&second));
    h.finish().await;
}

#[tokio::test]
async fn a_queue_button_from_an_older_deskbot_or_tampered_with_shows_the_first_page_and_says_so() {
    let h = Harness::start().await;
    for i in 1..=11 {
        h.open_ticket(h.ids.alice, &format!("Monitor flickers on desk {i}"), Urgency::Low).await;
    }
    let queue = h.discord.slash(h.ids.cora, "queue", json!({})).await;
    let first = queue.reply().await;
    let top = listed(&first);
    for stale in ["deskbot:v1:queue:3:-", "deskbot:v1:queue:-:a9zz.1", "deskbot:v1:queue:-:b1-.0"] {
        let mut forged = h.discord.message(id_of(&first)).expect("the page");
        forged["components"] = json!([{"type": 1, "components": [
            {"type": 2, "style": 2, "label": "Next", "custom_id": stale}
        ]}]);
        h.discord.replace_message(forged);
        let click = h.discord.click(h.ids.cora, h.ids.general, id_of(&first), stale).await;
        assert_eq!(click.response_type().await, 7, "{stale}: the page is updated in place");
        let page = click.reply().await;
        assert_eq!(listed(&page), top, "{stale}: {}", text_of(&page));
        assert!(text_of(&page).contains("here is the first page"), "{stale}: {}", text_of(&page));
        assert!(text_of(&page).contains("Page 1 of 2"), "{stale}: {}", text_of(&page));
    }
    h.finish().await;
}

#[tokio::test]
async fn queue_paging_buttons_refuse_a_member_without_a_help_desk_role() {
    let h = Harness::start().await;
    for i in 1..=11 {
        h.open_ticket(h.ids.alice, &format!("Flaky wifi in room {i}"), Urgency::Low).await;
    }
    let queue = h.discord.slash(h.ids.cora, "queue", json!({})).await;
    let first = queue.reply().await;
    let next_id = custom_id_by_label(&first, "Next").expect("a Next button");
    // cora loses her role (the page she has open is hers alone; Discord lets only her click it).
    h.discord.set_roles(h.ids.cora, &[]);
    let next = h.discord.click(h.ids.cora, h.ids.general, id_of(&first), &next_id).await;
    let text = ephemeral_text(&next).await;
    assert!(text.contains("Only technicians"), "{text}");
    assert_eq!(listed(&h.discord.message(id_of(&first)).unwrap()).len(), 10, "the page is unchanged");
    h.finish().await;
}

// ----- /escalate --------------------------------------------------------------------------------

#[tokio::test]
async fn escalate_command_by_a_technician_raises_the_level_and_pings_that_level_in_the_thread() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Database reports time out", Urgency::Medium).await;
    claim(&h, h.ids.tom, &message).await;
    let up = h
        .discord
        .slash(h.ids.tom, "escalate", json!({"ticket": num(&ticket), "reason": "Query plans need a DBA"}))
        .await;
    let text = ephemeral_text(&up).await;
    assert!(text.contains(&ticket.label()) && text.contains("level 2"), "{text}");
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.level, stored.status, stored.assignee_id), (Level::TWO, Status::Open, None));

    let thread = h.thread_of(&message);
    let ping =
        h.discord.wait_for_message_in(thread, |m| text_of(m).contains(&format!("<@&{}>", h.ids.l2))).await;
    assert_eq!(roles_pinged(&ping), vec![h.ids.l2], "only level 2 is pinged: {ping}");
    h.wait_for_triage_text(&message, "L2").await;
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("Query plans need a DBA")).await;
    h.finish().await;
}

#[tokio::test]
async fn escalate_command_to_level_three_jumps_there_and_then_refuses_to_go_higher() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Domain controller errors", Urgency::High).await;
    let up = h
        .discord
        .slash(
            h.ids.cora,
            "escalate",
            json!({"ticket": num(&ticket), "reason": "Forest-level change needed", "level": 3}),
        )
        .await;
    assert!(ephemeral_text(&up).await.contains("level 3"));
    assert_eq!(h.ticket(ticket.id).await.level, Level::THREE);
    let thread = h.thread_of(&message);
    let ping =
        h.discord.wait_for_message_in(thread, |m| text_of(m).contains(&format!("<@&{}>", h.ids.l3))).await;
    assert_eq!(roles_pinged(&ping), vec![h.ids.l3], "level 2 is skipped: {ping}");
    h.settle().await;
    let version = h.ticket(ticket.id).await.version;

    for options in [
        json!({"ticket": num(&ticket), "reason": "Still stuck"}),
        json!({"ticket": num(&ticket), "reason": "Still stuck", "level": 3}),
    ] {
        let again = h.discord.slash(h.ids.cora, "escalate", options.clone()).await;
        let text = ephemeral_text(&again).await;
        assert!(text.contains("already at level 3, the highest"), "/escalate {options}: {text}");
    }
    assert_eq!(h.ticket(ticket.id).await.version, version, "nothing changed");
    h.finish().await;
}

#[tokio::test]
async fn escalate_command_by_a_requester_or_for_an_unknown_ticket_is_refused_clearly() {
    let h = Harness::start().await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Cannot open PDFs", Urgency::Low).await;
    h.settle().await;
    let mark = h.discord.mark();
    let by_requester = h
        .discord
        .slash(h.ids.alice, "escalate", json!({"ticket": num(&ticket), "reason": "Nobody is helping"}))
        .await;
    let text = ephemeral_text(&by_requester).await;
    assert!(text.contains("Only technicians"), "{text}");
    assert_eq!(h.ticket(ticket.id).await.level, Level::ONE);

    let unknown = h
        .discord
        .slash(h.ids.tom, "escalate", json!({"ticket": 999, "reason": "Needs the network team"}))
        .await;
    let text = ephemeral_text(&unknown).await;
    assert!(text.contains("There is no ticket #999"), "{text}");
    h.settle().await;
    assert_eq!(h.discord.non_exempt_since(mark), 0, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

// ----- /assign ----------------------------------------------------------------------------------

#[tokio::test]
async fn assign_by_a_coordinator_gives_the_ticket_to_the_technician_and_tells_everyone() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Docking station not detected", Urgency::Medium).await;
    let assign = h
        .discord
        .slash(
            h.ids.cora,
            "assign",
            json!({"ticket": num(&ticket), "technician": h.ids.tom.to_string(), "reason": "Knows the docks"}),
        )
        .await;
    let text = ephemeral_text(&assign).await;
    assert!(text.contains(&ticket.label()) && text.contains(&format!("<@{}>", h.ids.tom)), "{text}");

    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id), (Status::InProgress, Some(h.ids.tom as i64)));
    assert!(stored.sla.first_response_at.is_some(), "an assignment is a first response");
    let shown = h.wait_for_triage_text(&message, &format!("<@{}>", h.ids.tom)).await;
    assert_eq!(field(&shown, "Status"), "In progress");
    assert!(disabled(&shown, "Claim"), "an assigned ticket cannot be claimed");
    let to_tom = h.discord.wait_for_dm(h.ids.tom, |m| text_of(m).contains(&ticket.label())).await;
    let text = text_of(&to_tom);
    assert!(text.contains("You were assigned") && !text.contains("follow"), "tom is told it is his: {text}");
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("assigned to")).await;
    assert!(text_of(&dm).contains(&format!("<@{}>", h.ids.tom)), "{dm}");
    h.finish().await;
}

#[tokio::test]
async fn assign_by_a_technician_or_to_a_technician_below_the_tickets_level_is_refused() {
    let h = Harness::start().await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Firewall rule request", Urgency::Medium).await;
    let by_tom = h
        .discord
        .slash(h.ids.tom, "assign", json!({"ticket": num(&ticket), "technician": h.ids.tina.to_string()}))
        .await;
    let text = ephemeral_text(&by_tom).await;
    assert!(text.contains("Only coordinators"), "{text}");
    assert_eq!(h.ticket(ticket.id).await.assignee_id, None);

    h.discord
        .slash(h.ids.cora, "escalate", json!({"ticket": num(&ticket), "reason": "Network team decides"}))
        .await
        .reply()
        .await;
    let to_l1 = h
        .discord
        .slash(h.ids.cora, "assign", json!({"ticket": num(&ticket), "technician": h.ids.tina.to_string()}))
        .await;
    let text = ephemeral_text(&to_l1).await;
    assert!(text.contains(&format!("<@{}>", h.ids.tina)) && text.contains("level 2"), "{text}");
    assert_eq!(h.ticket(ticket.id).await.assignee_id, None);

    // A level 2 specialist may have it.
    let to_l2 = h
        .discord
        .slash(h.ids.cora, "assign", json!({"ticket": num(&ticket), "technician": h.ids.sam.to_string()}))
        .await;
    ephemeral_text(&to_l2).await;
    assert_eq!(h.ticket(ticket.id).await.assignee_id, Some(h.ids.sam as i64));
    h.finish().await;
}

// ----- /desk ------------------------------------------------------------------------------------

#[tokio::test]
async fn desk_show_lists_the_full_history_with_who_did_what() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Shared mailbox missing", Urgency::Medium).await;
    claim(&h, h.ids.tom, &message).await;
    h.discord
        .slash(h.ids.tom, "escalate", json!({"ticket": num(&ticket), "reason": "Exchange admin rights"}))
        .await
        .reply()
        .await;

    let show = h.discord.slash(h.ids.cora, "desk show", json!({"ticket": num(&ticket)})).await;
    let reply = show.reply().await;
    assert!(show.is_ephemeral().await);
    let history = reply["embeds"][0]["description"].as_str().unwrap_or_default().to_owned();
    let lines: Vec<&str> = history.lines().collect();
    let line_of = |what: &str| {
        lines
            .iter()
            .position(|l| l.contains(&format!("**{what}**")))
            .unwrap_or_else(|| panic!("no {what:?} line in the history:\n{history}"))
    };
    let (opened, claimed, escalated) = (line_of("opened"), line_of("claimed"), line_of("escalated"));
    assert!(opened < claimed && claimed < escalated, "oldest first:\n{history}");
    assert!(lines[opened].contains(&format!("<@{}>", h.ids.alice)), "{history}");
    assert!(lines[claimed].contains(&format!("<@{}>", h.ids.tom)), "{history}");
    assert!(lines[escalated].contains(&format!("<@{}>", h.ids.tom)), "{history}");
    assert!(lines[escalated].contains("Exchange admin rights"), "the reason is kept: {history}");
    assert!(text_of(&reply).contains(&ticket.label()), "{reply}");

    // A requester cannot read the internal history.
    let by_alice = h.discord.slash(h.ids.alice, "desk show", json!({"ticket": num(&ticket)})).await;
    let text = ephemeral_text(&by_alice).await;
    assert!(text.contains("Only technicians") && !text.contains("Exchange"), "{text}");
    h.finish().await;
}

#[tokio::test]
async fn desk_note_records_an_internal_note_and_the_requester_hears_nothing() {
    let h = Harness::start().await;
    let (ticket, _) = h.open_ticket(h.ids.alice, "Teams camera black", Urgency::Medium).await;
    h.settle().await;
    let dms_before = h.discord.dms_to(h.ids.alice).len();
    let note = "User is on the old driver; check the fleet report";
    let added = h.discord.slash(h.ids.tina, "desk note", json!({"ticket": num(&ticket), "text": note})).await;
    assert!(ephemeral_text(&added).await.contains(&ticket.label()));

    let events = h.store().events(ticket.id).await.unwrap();
    let recorded = events.iter().find(|e| e.kind == EventKind::Note).expect("a note event");
    assert_eq!(recorded.note.as_deref(), Some(note));
    assert_eq!(recorded.actor_id, Some(h.ids.tina as i64));
    h.settle().await;
    assert_eq!(h.discord.dms_to(h.ids.alice).len(), dms_before, "no DM about a note");
    assert!(!sent_to_discord(&h, "fleet report"), "the note is sent nowhere");
    h.finish().await;
}

#[tokio::test]
async fn desk_watch_then_a_claim_sends_the_watcher_a_dm() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Badge reader rejects card", Urgency::Medium).await;
    let watch = h.discord.slash(h.ids.cora, "desk watch", json!({"ticket": num(&ticket)})).await;
    assert!(ephemeral_text(&watch).await.contains(&ticket.label()));
    let again = h.discord.slash(h.ids.cora, "desk watch", json!({"ticket": num(&ticket)})).await;
    assert!(ephemeral_text(&again).await.contains("already"), "a second watch says so");

    claim(&h, h.ids.tom, &message).await;
    let dm = h.discord.wait_for_dm(h.ids.cora, |m| text_of(m).contains(&ticket.label())).await;
    let text = text_of(&dm);
    assert!(text.contains("claimed") && text.contains(&format!("<@{}>", h.ids.tom)), "{text}");
    assert!(buttons_of(&dm).is_empty(), "the watcher gets no requester buttons: {dm}");
    h.settle().await;
    assert_eq!(h.discord.dms_to(h.ids.cora).len(), 1, "one DM for one change");
    h.finish().await;
}

#[tokio::test]
async fn desk_priority_by_a_coordinator_changes_the_priority_and_the_triage_message() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "CEO laptop will not boot", Urgency::Medium).await;
    assert!(field(&message, "Priority").contains("P3"), "{}", field(&message, "Priority"));
    h.settle().await;
    let options = json!({"ticket": num(&ticket), "value": "P1", "reason": "Board meeting in an hour"});

    let by_tom = h.discord.slash(h.ids.tom, "desk priority", options.clone()).await;
    assert!(ephemeral_text(&by_tom).await.contains("Only coordinators"));
    assert_eq!(h.ticket(ticket.id).await.priority, p(3));

    let by_cora = h.discord.slash(h.ids.cora, "desk priority", options).await;
    assert!(ephemeral_text(&by_cora).await.contains("P1"));
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.priority, stored.priority_overridden), (Priority::P1, true));
    assert!(stored.sla.first_response_due < ticket.sla.first_response_due, "a P1 is due sooner");
    let shown = h
        .discord
        .wait_for("the triage message to show P1", |d| {
            d.message(id_of(&message)).filter(|m| field(m, "Priority").contains("P1"))
        })
        .await;
    assert!(field(&shown, "Priority").contains("coordinator"), "{}", field(&shown, "Priority"));
    let events = h.store().events(ticket.id).await.unwrap();
    let change = events.iter().find(|e| e.kind == EventKind::PriorityChanged).expect("recorded");
    assert!(change.note.as_deref().is_some_and(|n| n.contains("Board meeting")), "{change:?}");
    h.finish().await;
}

#[tokio::test]
async fn desk_cancel_by_a_coordinator_cancels_and_a_technician_cannot() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Duplicate of the VPN outage", Urgency::Medium).await;
    claim(&h, h.ids.tom, &message).await;
    let options = json!({"ticket": num(&ticket), "reason": "Duplicate of the outage ticket"});
    let by_tom = h.discord.slash(h.ids.tom, "desk cancel", options.clone()).await;
    assert!(ephemeral_text(&by_tom).await.contains("Only coordinators"));
    assert_eq!(h.ticket(ticket.id).await.status, Status::InProgress);

    let by_cora = h.discord.slash(h.ids.cora, "desk cancel", options).await;
    assert!(ephemeral_text(&by_cora).await.contains("cancelled"));
    assert_eq!(h.ticket(ticket.id).await.status, Status::Cancelled);
    let shown = h.wait_for_triage_text(&message, "Cancelled").await;
    assert_eq!(field(&shown, "Status"), "Cancelled");
    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("was cancelled")).await;
    assert!(text_of(&dm).contains("Duplicate of the outage ticket"), "{dm}");
    h.finish().await;
}

// ----- /mytickets -------------------------------------------------------------------------------

#[tokio::test]
async fn mytickets_lists_only_the_requesters_tickets_with_cancel_on_unclaimed_ones() {
    let h = Harness::start().await;
    let (unclaimed, unclaimed_message) = h.open_ticket(h.ids.alice, "Headset crackles", Urgency::Low).await;
    let (claimed, claimed_message) =
        h.open_ticket(h.ids.alice, "Password manager sync", Urgency::Medium).await;
    let (bobs, _) = h.open_ticket(h.ids.bob, "Bob's scanner is offline", Urgency::Low).await;
    claim(&h, h.ids.tom, &claimed_message).await;

    let mine = h.discord.slash(h.ids.alice, "mytickets", json!({})).await;
    let list = mine.reply().await;
    assert!(mine.is_ephemeral().await);
    let text = text_of(&list);
    assert!(text.contains(&format!("**{}** · Open", unclaimed.label())), "{text}");
    assert!(text.contains(&format!("**{}** · In progress", claimed.label())), "{text}");
    assert!(!text.contains(&bobs.label()) && !text.contains("scanner"), "only her own: {text}");
    assert_eq!(button_labels(&list), [format!("Cancel {}", unclaimed.label())], "not on claimed ones");

    let theirs = h.discord.slash(h.ids.bob, "mytickets", json!({})).await;
    let text = theirs.reply_text().await;
    assert!(text.contains(&bobs.label()), "{text}");
    assert!(!text.contains(&unclaimed.label()) && !text.contains("Headset"), "not alice's: {text}");

    let cancel = h
        .discord
        .click_label(h.ids.alice, h.ids.general, id_of(&list), &format!("Cancel {}", unclaimed.label()))
        .await;
    assert!(ephemeral_text(&cancel).await.contains("cancelled"));
    assert_eq!(h.ticket(unclaimed.id).await.status, Status::Cancelled);
    let shown = h.wait_for_triage_text(&unclaimed_message, "Cancelled").await;
    assert_eq!(field(&shown, "Status"), "Cancelled");

    let again = h.discord.slash(h.ids.alice, "mytickets", json!({})).await;
    let list = again.reply().await;
    assert!(text_of(&list).contains(&format!("**{}** · Cancelled", unclaimed.label())), "{}", text_of(&list));
    assert!(button_labels(&list).is_empty(), "nothing left to cancel: {list}");
    h.finish().await;
}

#[tokio::test]
async fn mytickets_cancel_after_a_claim_is_refused_and_names_who_has_it() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Second monitor is blank", Urgency::Low).await;
    let mine = h.discord.slash(h.ids.alice, "mytickets", json!({})).await;
    let list = mine.reply().await;
    let label = format!("Cancel {}", ticket.label());
    assert_eq!(button_labels(&list), std::slice::from_ref(&label));
    // Tom claims it while her list is still open.
    claim(&h, h.ids.tom, &message).await;

    let cancel = h.discord.click_label(h.ids.alice, h.ids.general, id_of(&list), &label).await;
    let text = ephemeral_text(&cancel).await;
    assert!(text.contains(&format!("<@{}>", h.ids.tom)), "the refusal says who has it: {text}");
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id), (Status::InProgress, Some(h.ids.tom as i64)));

    // A fresh list no longer offers it.
    let (other, _) = h.open_ticket(h.ids.alice, "Keyboard layout switched", Urgency::Low).await;
    let mine = h.discord.slash(h.ids.alice, "mytickets", json!({})).await;
    let list = mine.reply().await;
    assert_eq!(button_labels(&list), [format!("Cancel {}", other.label())], "no Cancel on the claimed one");
    h.finish().await;
}

// ----- the ticket's thread ----------------------------------------------------------------------

#[tokio::test]
async fn a_technicians_message_in_the_thread_is_an_internal_note_never_sent_to_the_requester() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Slow file share", Urgency::Medium).await;
    h.settle().await;
    let thread = h.thread_of(&message);
    let dms_before = h.discord.dms_to(h.ids.alice).len();
    let mark = h.discord.mark();
    let words = "Switch port 14 shows CRC errors, swapping the cable";
    h.discord.post(h.ids.tom, thread, words).await;

    let note = wait_for_event(&h, ticket.id, |e| e.kind == EventKind::Note).await;
    assert_eq!((note.note.as_deref(), note.actor_id), (Some(words), Some(h.ids.tom as i64)));
    h.settle().await;
    assert_eq!(h.discord.dms_to(h.ids.alice).len(), dms_before, "the requester gets nothing");
    assert_eq!(h.discord.non_exempt_since(mark), 0, "{:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

#[tokio::test]
async fn reply_in_the_thread_dms_the_requester_shows_in_the_thread_and_is_recorded() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Printer prints blank pages", Urgency::Medium).await;
    claim(&h, h.ids.tom, &message).await;
    let thread = h.thread_of(&message);
    let words = "Could you print a test page and tell me what it shows?";
    let reply = h.discord.slash_in(h.ids.tom, thread, "reply", json!({"text": words})).await;
    let shown = reply.reply().await;
    assert!(!reply.is_ephemeral().await, "colleagues see what was sent");
    assert_eq!(shown["channel_id"], thread.to_string());
    assert!(text_of(&shown).contains(words), "{shown}");
    assert!(shown["mentions"].as_array().is_none_or(Vec::is_empty), "nobody pinged: {shown}");

    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(words)).await;
    assert!(text_of(&dm).contains(&ticket.label()), "{dm}");
    let recorded = wait_for_event(&h, ticket.id, |e| e.kind == EventKind::Reply).await;
    assert_eq!((recorded.note.as_deref(), recorded.actor_id), (Some(words), Some(h.ids.tom as i64)));
    h.finish().await;
}

#[tokio::test]
async fn reply_outside_a_ticket_thread_or_by_a_requester_gets_a_clear_ephemeral_answer() {
    let h = Harness::start().await;
    h.open_ticket(h.ids.alice, "Projector in room B", Urgency::Low).await;
    h.settle().await;
    let mark = h.discord.mark();
    let outside = h.discord.slash_in(h.ids.tom, h.ids.triage, "reply", json!({"text": "Hello?"})).await;
    let text = ephemeral_text(&outside).await;
    assert!(text.contains("ticket's thread"), "{text}");

    let by_alice = h.discord.slash(h.ids.alice, "reply", json!({"text": "Hello?"})).await;
    let text = ephemeral_text(&by_alice).await;
    assert!(text.contains("Only technicians"), "{text}");
    h.settle().await;
    assert_eq!(h.discord.non_exempt_since(mark), 0, "nothing sent: {:?}", h.discord.route_counts_since(mark));
    h.finish().await;
}

#[tokio::test]
async fn a_password_in_a_reply_is_masked_in_the_dm_the_thread_and_the_database() {
    let h = Harness::start().await;
    let (ticket, message) = h.open_ticket(h.ids.alice, "Locked out of Windows", Urgency::High).await;
    claim(&h, h.ids.tom, &message).await;
    let thread = h.thread_of(&message);
    let words = "I reset it. Your temporary password: Winter2024!xyz, change it at first login.";
    let reply = h.discord.slash_in(h.ids.tom, thread, "reply", json!({"text": words})).await;
    let shown = reply.reply_text().await;
    assert!(!shown.contains("Winter2024!xyz") && shown.contains("redacted password"), "{shown}");

    let dm = h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains("temporary password")).await;
    let text = text_of(&dm);
    assert!(!text.contains("Winter2024!xyz") && text.contains("redacted password"), "{text}");
    let recorded = wait_for_event(&h, ticket.id, |e| e.kind == EventKind::Reply).await;
    let stored = recorded.note.unwrap_or_default();
    assert!(!stored.contains("Winter2024!xyz") && stored.contains("redacted password"), "{stored}");
    h.settle().await;
    assert!(!sent_to_discord(&h, "Winter2024!xyz"), "the password never reaches Discord");
    h.finish().await;
}
