//! The use cases over a real store (SQLite, and PostgreSQL when `TEST_POSTGRES_URL` is set): what a
//! technician, requester or coordinator would notice — who owns a ticket after a race, what the
//! audit trail and the outbox hold, that secrets never reach the database.

#[path = "support/db.rs"]
mod db;

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use db::{Backend, TestDb};
use deskbot::clock::FakeClock;
use deskbot::domain::intake::TicketDraft;
use deskbot::domain::transition::Policy;
use deskbot::domain::{
    Action, Actor, EventKind, Impact, Level, NoticeKind, Recipient, ResolutionCode, Roles, Status, Ticket,
    Urgency,
};
use deskbot::service::{Desk, ServiceError};

const GUILD: i64 = 7_000_000_000_000_001;
const ALICE: i64 = 7_000_000_000_000_100;
const COORDINATOR: i64 = 7_000_000_000_000_200;

fn draft() -> Ticket {
    let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    TicketDraft {
        summary: "Printer on floor 2 jams".into(),
        description: "Every second page jams in tray 2.".into(),
        category: "printing".into(),
        impact: Impact::Team,
        urgency: Urgency::Medium,
        answers: vec![],
        level: Level::ONE,
    }
    .into_ticket(GUILD, ALICE, at)
}

fn tech(id: i64) -> Actor {
    Actor::member(id, Roles::technician(Level::ONE))
}

fn alice() -> Actor {
    Actor::member(ALICE, Roles::REQUESTER)
}

/// Runs `body` on SQLite and on PostgreSQL (when configured).
async fn on_both<F, Fut>(name: &str, body: F)
where
    F: Fn(Desk, FakeClock) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDb::new(backend, name).await else { continue };
        let clock = FakeClock::at(Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap());
        let desk = Desk::new(db.open().await, Arc::new(clock.clone()), Policy::default());
        body(desk, clock).await;
    }
}

#[tokio::test]
async fn two_technicians_claiming_at_once_leave_one_owner_and_the_other_is_told_who() {
    on_both("claim race", |desk, _| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        let techs: Vec<i64> = (0..12).map(|i| 7_100_000_000_000_000 + i).collect();
        let mut tasks = Vec::new();
        for &t in &techs {
            let desk = desk.clone();
            tasks.push(tokio::spawn(async move { (t, desk.act(ticket.id, tech(t), Action::Claim).await) }));
        }
        let mut winners = Vec::new();
        let mut refusals = Vec::new();
        for task in tasks {
            match task.await.unwrap() {
                (t, Ok(_)) => winners.push(t),
                (_, Err(ServiceError::Refused(r))) => refusals.push(r.to_string()),
                (_, Err(e)) => panic!("unexpected error: {e}"),
            }
        }
        assert_eq!(winners.len(), 1, "exactly one claim wins: {winners:?} / {refusals:?}");
        let winner = winners[0];
        let stored = desk.get(ticket.id).await.unwrap();
        assert_eq!(stored.assignee_id, Some(winner));
        assert_eq!(stored.status, Status::InProgress);
        for r in &refusals {
            assert!(r.contains(&format!("<@{winner}>")), "the loser is told who has it: {r}");
        }
        let claims =
            desk.history(ticket.id).await.unwrap().iter().filter(|e| e.kind == EventKind::Claimed).count();
        assert_eq!(claims, 1, "one claim in the audit trail");
    })
    .await;
}

#[tokio::test]
async fn opening_numbers_the_ticket_starts_its_sla_and_queues_the_triage_post() {
    on_both("open", |desk, clock| async move {
        let first = desk.open(draft(), alice()).await.unwrap().ticket;
        let second = desk.open(draft(), alice()).await.unwrap().ticket;
        assert_eq!(first.label(), "#1");
        assert_eq!(second.label(), "#2");
        assert_eq!(first.status, Status::Open);
        // P2: first response within 1 hour, resolution within 8.
        assert_eq!(first.sla.first_response_due, Some(clock_now(&clock) + Duration::hours(1)));
        assert_eq!(first.sla.resolution_due, Some(clock_now(&clock) + Duration::hours(8)));
        let now = clock_now(&clock);
        let notices = desk.store().lease_notices("t", now, now + Duration::minutes(1), 10).await.unwrap();
        assert!(
            notices.iter().all(
                |n| n.notice.recipient == Recipient::Triage && n.notice.kind == NoticeKind::RefreshTriage
            ),
            "{notices:?}"
        );
        assert_eq!(notices.len(), 2, "one triage post per ticket");
    })
    .await;
}

fn clock_now(clock: &FakeClock) -> chrono::DateTime<Utc> {
    use deskbot::clock::Clock;
    clock.now()
}

#[tokio::test]
async fn a_password_in_a_resolution_note_never_reaches_the_database() {
    on_both("redaction", |desk, _| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        desk.act(ticket.id, tech(1), Action::Claim).await.unwrap();
        let notes = "Reset the account. Temporary password: Winter2026!x please change it".to_owned();
        let changed = desk
            .act(ticket.id, tech(1), Action::Resolve { notes, code: ResolutionCode::Fixed })
            .await
            .unwrap();
        assert!(!changed.masked.is_empty(), "the technician is warned");
        let stored = desk.get(ticket.id).await.unwrap();
        let notes = stored.resolution_notes.unwrap();
        assert!(!notes.contains("Winter2026"), "{notes}");
        assert!(notes.contains("Reset the account"), "{notes}");
        for e in desk.history(ticket.id).await.unwrap() {
            assert!(!e.note.unwrap_or_default().contains("Winter2026"));
        }
        let (tickets, _) = desk.store().export(None).await.unwrap();
        assert!(!serde_json::to_string(&tickets).unwrap().contains("Winter2026"));
    })
    .await;
}

#[tokio::test]
async fn watchers_get_the_requesters_notices_but_not_their_own_actions() {
    on_both("watchers", |desk, clock| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        let coordinator = Actor::member(COORDINATOR, Roles::coordinator());
        assert!(desk.watch(ticket.id, coordinator).await.unwrap());
        assert!(!desk.watch(ticket.id, coordinator).await.unwrap(), "watching twice is a no-op");
        let now = clock_now(&clock);
        // Drain the triage post.
        let _ = desk.store().lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        desk.act(ticket.id, tech(5), Action::Claim).await.unwrap();
        let notices = desk.store().lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        let to = |id: i64| notices.iter().filter(|n| n.notice.recipient == Recipient::User { id }).count();
        assert_eq!(to(ALICE), 1, "{notices:?}");
        assert_eq!(to(COORDINATOR), 1, "the watcher hears of the claim: {notices:?}");
        assert_eq!(to(5), 0, "the technician is not told of their own claim");
    })
    .await;
}

#[tokio::test]
async fn a_requester_answer_resumes_a_ticket_waiting_on_them_and_reaches_the_thread() {
    on_both("resume", |desk, clock| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        desk.act(ticket.id, tech(1), Action::Claim).await.unwrap();
        desk.act(ticket.id, tech(1), Action::WaitOnRequester { note: Some("Which tray?".into()) })
            .await
            .unwrap();
        clock.advance(Duration::hours(2));
        let changed = desk.requester_message(ticket.id, alice(), "Tray 2, the big one").await.unwrap();
        assert_eq!(changed.ticket.status, Status::InProgress);
        let original_due = ticket.sla.resolution_due.unwrap();
        assert_eq!(
            changed.ticket.sla.resolution_due,
            Some(original_due + Duration::hours(2)),
            "the pause moved the due time"
        );
        let kinds: Vec<EventKind> = desk.history(ticket.id).await.unwrap().iter().map(|e| e.kind).collect();
        assert!(
            kinds.contains(&EventKind::RequesterMessage) && kinds.contains(&EventKind::Resumed),
            "{kinds:?}"
        );
        // Someone else's DM cannot be relayed into this ticket.
        let mallory = Actor::member(99, Roles::REQUESTER);
        assert!(desk.requester_message(ticket.id, mallory, "hi").await.is_err());
    })
    .await;
}

#[tokio::test]
async fn only_staff_add_internal_notes_and_notes_never_notify_the_requester() {
    on_both("notes", |desk, clock| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        let now = clock_now(&clock);
        let _ = desk.store().lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        assert!(desk.note(ticket.id, alice(), "let me in").await.is_err());
        desk.note(ticket.id, tech(1), "Checked the spooler, fine.").await.unwrap();
        assert_eq!(
            desk.store().lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap().len(),
            0
        );
        let notes: Vec<String> = desk
            .history(ticket.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == EventKind::Note)
            .filter_map(|e| e.note)
            .collect();
        assert_eq!(notes, vec!["Checked the spooler, fine.".to_owned()]);
    })
    .await;
}

#[tokio::test]
async fn export_writes_tickets_and_their_events_as_json_and_csv() {
    use deskbot::service::export::{Format, Table, export};
    on_both("export", |desk, clock| async move {
        let first = desk.open(draft(), alice()).await.unwrap().ticket;
        desk.act(first.id, tech(1), Action::Claim).await.unwrap();
        clock.advance(Duration::days(2));
        let mut later = draft();
        later.summary = "Laptop, fan \"very\" loud, again".into();
        let second = desk.open(later, alice()).await.unwrap().ticket;
        let now = clock_now(&clock);

        let mut json = Vec::new();
        let (t, e) =
            export(desk.store().as_ref(), Format::Json, Table::Tickets, None, now, &mut json).await.unwrap();
        assert_eq!((t, e), (2, 3), "two tickets, two creations and a claim");
        let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(doc["tickets"].as_array().unwrap().len(), 2);
        assert_eq!(doc["events"].as_array().unwrap().len(), 3);

        // --since keeps what changed on or after that day.
        let mut recent = Vec::new();
        let since = Some(now - Duration::hours(1));
        export(desk.store().as_ref(), Format::Json, Table::Tickets, since, now, &mut recent).await.unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&recent).unwrap();
        let numbers: Vec<i64> =
            doc["tickets"].as_array().unwrap().iter().filter_map(|t| t["number"].as_i64()).collect();
        assert_eq!(numbers, vec![second.number.unwrap().0]);

        let mut csv = Vec::new();
        export(desk.store().as_ref(), Format::Csv, Table::Tickets, None, now, &mut csv).await.unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().any(|r| r.iter().any(|f| f == "Laptop, fan \"very\" loud, again")), "quoted CSV");

        let mut events = Vec::new();
        export(desk.store().as_ref(), Format::Csv, Table::Events, None, now, &mut events).await.unwrap();
        let text = String::from_utf8(events).unwrap();
        assert!(text.lines().next().unwrap().starts_with("ticket_number,at,kind"), "{text}");
        assert_eq!(text.lines().filter(|l| l.contains(",claimed,")).count(), 1, "{text}");
        let _ = first;
    })
    .await;
}

#[tokio::test]
async fn a_resolution_nobody_confirms_is_closed_when_the_confirmation_window_ends() {
    on_both("close unconfirmed", |desk, clock| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        desk.act(ticket.id, tech(1), Action::Claim).await.unwrap();
        let notes = "Replaced the fuser unit; test pages print cleanly.".to_owned();
        desk.act(ticket.id, tech(1), Action::Resolve { notes, code: ResolutionCode::Fixed }).await.unwrap();
        let other = desk.open(draft(), alice()).await.unwrap().ticket;

        clock.advance(Duration::days(3) - Duration::minutes(1));
        assert_eq!(desk.close_unconfirmed(Duration::days(3)).await.unwrap(), 0, "not yet");
        assert_eq!(desk.get(ticket.id).await.unwrap().status, Status::Resolved);

        clock.advance(Duration::minutes(2));
        assert_eq!(desk.close_unconfirmed(Duration::days(3)).await.unwrap(), 1);
        let closed = desk.get(ticket.id).await.unwrap();
        assert_eq!(closed.status, Status::Closed);
        assert_eq!(desk.get(other.id).await.unwrap().status, Status::Open, "open tickets are left alone");
        let last = desk.history(ticket.id).await.unwrap().pop().unwrap();
        assert_eq!((last.kind, last.actor_id), (EventKind::Closed, None), "closed by deskbot itself");
        let now = clock_now(&clock);
        let notices = desk.store().lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        assert!(
            notices.iter().any(|n| n.notice.recipient == Recipient::User { id: ALICE }
                && n.notice.kind == NoticeKind::Closed),
            "the requester is told (and asked for a rating)"
        );
        assert_eq!(desk.close_unconfirmed(Duration::days(3)).await.unwrap(), 0, "closed once");
    })
    .await;
}

#[tokio::test]
async fn closed_fixed_tickets_of_a_category_are_the_known_fix_candidates_newest_first() {
    on_both("known fixes", |desk, clock| async move {
        let mut ids = Vec::new();
        for (i, code) in
            [ResolutionCode::Fixed, ResolutionCode::UserError, ResolutionCode::Workaround].iter().enumerate()
        {
            let t = desk.open(draft(), alice()).await.unwrap().ticket;
            desk.act(t.id, tech(1), Action::Claim).await.unwrap();
            let notes = format!("Cleaned the rollers of tray 2, attempt {i}.");
            desk.act(t.id, tech(1), Action::Resolve { notes, code: *code }).await.unwrap();
            desk.act(t.id, alice(), Action::Confirm).await.unwrap();
            clock.advance(Duration::hours(1));
            ids.push(t.id);
        }
        let still_open = desk.open(draft(), alice()).await.unwrap().ticket;
        let found = desk.store().closed_resolutions(GUILD, "printing", 10).await.unwrap();
        let found: Vec<i64> = found.iter().map(|t| t.id).collect();
        assert_eq!(
            found,
            vec![ids[2], ids[0]],
            "fixed and worked-around ones, newest first; not user errors"
        );
        assert!(!found.contains(&still_open.id));
        assert!(desk.store().closed_resolutions(GUILD, "network", 10).await.unwrap().is_empty());
        assert!(desk.store().closed_resolutions(GUILD + 1, "printing", 10).await.unwrap().is_empty());
    })
    .await;
}
