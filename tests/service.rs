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
use deskbot::store::TicketStore;

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
    F: Fn(Desk, FakeClock, Arc<dyn TicketStore>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDb::new(backend, name).await else { continue };
        let clock = FakeClock::at(Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap());
        let store = db.open().await;
        let desk = Desk::new(store.clone(), Arc::new(clock.clone()), Policy::default());
        body(desk, clock, store).await;
    }
}

#[tokio::test]
async fn two_technicians_claiming_at_once_leave_one_owner_and_the_other_is_told_who() {
    on_both("claim race", |desk, _, _store| async move {
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
    on_both("open", |desk, clock, store| async move {
        let first = desk.open(draft(), alice()).await.unwrap().ticket;
        let second = desk.open(draft(), alice()).await.unwrap().ticket;
        assert_eq!(first.label(), "#1");
        assert_eq!(second.label(), "#2");
        assert_eq!(first.status, Status::Open);
        // P2: first response within 1 hour, resolution within 8.
        assert_eq!(first.sla.first_response_due, Some(clock_now(&clock) + Duration::hours(1)));
        assert_eq!(first.sla.resolution_due, Some(clock_now(&clock) + Duration::hours(8)));
        let now = clock_now(&clock);
        let notices = store.lease_notices("t", now, now + Duration::minutes(1), 10).await.unwrap();
        assert!(
            notices.iter().all(|n| n
                .payload
                .notice()
                .is_some_and(|n| n.recipient == Recipient::Triage && n.kind == NoticeKind::RefreshTriage)),
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
    on_both("redaction", |desk, _, store| async move {
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
        let (tickets, _) = store.export(None).await.unwrap();
        assert!(!serde_json::to_string(&tickets).unwrap().contains("Winter2026"));
    })
    .await;
}

#[tokio::test]
async fn watchers_get_the_requesters_notices_but_not_their_own_actions() {
    on_both("watchers", |desk, clock, store| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        let coordinator = Actor::member(COORDINATOR, Roles::coordinator());
        assert!(desk.watch(ticket.id, coordinator).await.unwrap());
        assert!(!desk.watch(ticket.id, coordinator).await.unwrap(), "watching twice is a no-op");
        let now = clock_now(&clock);
        // Drain the triage post.
        let _ = store.lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        desk.act(ticket.id, tech(5), Action::Claim).await.unwrap();
        let notices = store.lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        let to = |id: i64| {
            notices
                .iter()
                .filter(|n| n.payload.notice().is_some_and(|n| n.recipient == Recipient::User { id }))
                .count()
        };
        assert_eq!(to(ALICE), 1, "{notices:?}");
        assert_eq!(to(COORDINATOR), 1, "the watcher hears of the claim: {notices:?}");
        assert_eq!(to(5), 0, "the technician is not told of their own claim");
    })
    .await;
}

#[tokio::test]
async fn a_requester_answer_resumes_a_ticket_waiting_on_them_and_reaches_the_thread() {
    on_both("resume", |desk, clock, _store| async move {
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
    on_both("notes", |desk, clock, store| async move {
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        let now = clock_now(&clock);
        let _ = store.lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        assert!(desk.note(ticket.id, alice(), "let me in").await.is_err());
        desk.note(ticket.id, tech(1), "Checked the spooler, fine.").await.unwrap();
        assert_eq!(store.lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap().len(), 0);
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
    on_both("export", |desk, clock, store| async move {
        let first = desk.open(draft(), alice()).await.unwrap().ticket;
        desk.act(first.id, tech(1), Action::Claim).await.unwrap();
        clock.advance(Duration::days(2));
        let mut later = draft();
        later.summary = "Laptop, fan \"very\" loud, again".into();
        let second = desk.open(later, alice()).await.unwrap().ticket;
        let now = clock_now(&clock);

        let mut json = Vec::new();
        let (t, e) = export(store.as_ref(), Format::Json, None, None, now, &mut json).await.unwrap();
        assert_eq!((t, e), (2, 3), "two tickets, two creations and a claim");
        let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(doc["tickets"].as_array().unwrap().len(), 2);
        assert_eq!(doc["events"].as_array().unwrap().len(), 3);

        // --since keeps what changed on or after that day.
        let mut recent = Vec::new();
        let since = Some(now - Duration::hours(1));
        export(store.as_ref(), Format::Json, None, since, now, &mut recent).await.unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&recent).unwrap();
        let numbers: Vec<i64> =
            doc["tickets"].as_array().unwrap().iter().filter_map(|t| t["number"].as_i64()).collect();
        assert_eq!(numbers, vec![second.number.unwrap().0]);

        let mut csv = Vec::new();
        export(store.as_ref(), Format::Csv, Some(Table::Tickets), None, now, &mut csv).await.unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().any(|r| r.iter().any(|f| f == "Laptop, fan \"very\" loud, again")), "quoted CSV");

        let mut events = Vec::new();
        export(store.as_ref(), Format::Csv, Some(Table::Events), None, now, &mut events).await.unwrap();
        let text = String::from_utf8(events).unwrap();
        assert!(text.lines().next().unwrap().starts_with("ticket_number,at,kind"), "{text}");
        assert_eq!(text.lines().filter(|l| l.contains(",claimed,")).count(), 1, "{text}");
        let _ = first;
    })
    .await;
}

#[tokio::test]
async fn export_writes_each_rating_with_its_resolver_and_comment() {
    use deskbot::domain::ResolutionCode;
    use deskbot::service::export::{Format, Table, export};
    on_both("ratings", |desk, clock, store| async move {
        let rated = desk.open(draft(), alice()).await.unwrap().ticket;
        let unrated = desk.open(draft(), alice()).await.unwrap().ticket;
        for t in [&rated, &unrated] {
            desk.act(t.id, tech(1), Action::Claim).await.unwrap();
            let resolve =
                Action::Resolve { notes: "Reset the VPN profile.".into(), code: ResolutionCode::Fixed };
            desk.act(t.id, tech(1), resolve).await.unwrap();
            desk.act(t.id, alice(), Action::Confirm).await.unwrap();
        }
        desk.act(rated.id, alice(), Action::Rate { score: 2 }).await.unwrap();
        desk.act(rated.id, alice(), Action::CommentRating { comment: "Took two days, \"fixed\"".into() })
            .await
            .unwrap();
        let now = clock_now(&clock);

        let mut json = Vec::new();
        export(store.as_ref(), Format::Json, None, None, now, &mut json).await.unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let ratings = doc["ratings"].as_array().unwrap();
        assert_eq!(ratings.len(), 1, "only the rated ticket: {ratings:?}");
        assert_eq!(ratings[0]["ticket_number"], rated.number.unwrap().0);
        assert_eq!(ratings[0]["satisfaction"], 2);
        assert_eq!(ratings[0]["resolver_id"], 1);
        assert_eq!(ratings[0]["comment"], "Took two days, \"fixed\"");

        let mut csv = Vec::new();
        export(store.as_ref(), Format::Csv, Some(Table::Ratings), None, now, &mut csv).await.unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(headers[..5], ["ticket_number", "guild_id", "category", "resolver_id", "satisfaction"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][6], "Took two days, \"fixed\"");
    })
    .await;
}

#[tokio::test]
async fn an_export_of_two_thousand_tickets_holds_each_ticket_and_event_once_in_both_formats() {
    use deskbot::domain::NewEvent;
    use deskbot::service::export::{Format, Table, export};
    on_both("export 2000", |_desk, clock, store| async move {
        let now = clock_now(&clock);
        // Ticket n has n % 4 notes after its creation; summaries need CSV quoting.
        let notes_of = |n: i64| (n % 4) as usize;
        for n in 1..=2000_i64 {
            let mut t = draft();
            t.summary = format!("Ticket {n}: \"VPN\", again");
            let event = |kind, note: Option<String>| NewEvent {
                kind,
                actor_id: Some(ALICE),
                at: now,
                from_status: None,
                to_status: None,
                note,
            };
            let mut events = vec![event(EventKind::Created, None)];
            events.extend((0..notes_of(n)).map(|i| event(EventKind::Note, Some(format!("note {i} of {n}")))));
            store.create_ticket(&t, &events, &[]).await.unwrap();
        }
        let events_total = 2000 + (1..=2000).map(notes_of).sum::<usize>();

        let mut json = Vec::new();
        let counts = export(store.as_ref(), Format::Json, None, None, now, &mut json).await.unwrap();
        assert_eq!(counts, (2000, events_total as u64));
        let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let tickets = doc["tickets"].as_array().unwrap();
        let numbers: Vec<i64> = tickets.iter().filter_map(|t| t["number"].as_i64()).collect();
        assert_eq!(numbers, (1..=2000).collect::<Vec<_>>(), "every ticket once, in order");
        assert_eq!(tickets[1233]["summary"], "Ticket 1234: \"VPN\", again");
        let events = doc["events"].as_array().unwrap();
        assert_eq!(events.len(), events_total);
        let id_of_1234 = &tickets[1233]["id"];
        let notes: Vec<&str> = events
            .iter()
            .filter(|e| &e["ticket_id"] == id_of_1234)
            .filter_map(|e| e["note"].as_str())
            .collect();
        assert_eq!(notes, ["note 0 of 1234", "note 1 of 1234"]);

        let mut only_tickets = Vec::new();
        let counts = export(store.as_ref(), Format::Json, Some(Table::Tickets), None, now, &mut only_tickets)
            .await
            .unwrap();
        assert_eq!(counts, (2000, 0), "--table tickets reads no event");
        let doc: serde_json::Value = serde_json::from_slice(&only_tickets).unwrap();
        assert_eq!(doc["tickets"].as_array().map(Vec::len), Some(2000));
        assert!(doc.get("events").is_none());

        let mut csv = Vec::new();
        let counts =
            export(store.as_ref(), Format::Csv, Some(Table::Tickets), None, now, &mut csv).await.unwrap();
        assert_eq!(counts, (2000, 0));
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2000);
        assert_eq!(rows[1233].get(0), Some("1234"));
        assert!(rows[1233].iter().any(|f| f == "Ticket 1234: \"VPN\", again"), "{:?}", rows[1233]);

        let mut csv = Vec::new();
        let counts =
            export(store.as_ref(), Format::Csv, Some(Table::Events), None, now, &mut csv).await.unwrap();
        assert_eq!(counts, (0, events_total as u64), "--table events reads no ticket");
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), events_total);
        let of_1234: Vec<&str> =
            rows.iter().filter(|r| r.get(0) == Some("1234")).filter_map(|r| r.get(2)).collect();
        assert_eq!(of_1234, ["created", "note", "note"]);
    })
    .await;
}

#[tokio::test]
async fn articles_are_written_by_staff_only_and_exported_retired_ones_included() {
    use deskbot::domain::article::ArticleDraft;
    use deskbot::service::ServiceError;
    use deskbot::service::export::{Format, Table, export};
    use deskbot::service::kb::KbRefusal;
    on_both("articles", |desk, clock, store| async move {
        let words = ArticleDraft {
            title: "Printer jams on tray 2".into(),
            symptoms: "Every page jams in tray 2.".into(),
            steps: "Clean the pickup roller; use 80 g paper.".into(),
            category: "printing".into(),
            tags: vec!["printer".into(), "jam".into()],
        };
        let refused = desk.kb_create(GUILD, ALICE, Roles::REQUESTER, &words, None).await;
        assert!(matches!(refused, Err(ServiceError::Kb(KbRefusal::NotStaff))), "{refused:?}");
        let a = desk.kb_create(GUILD, 7, Roles::technician(Level::ONE), &words, None).await.unwrap();
        let b = desk.kb_create(GUILD, 7, Roles::coordinator(), &words, None).await.unwrap();
        desk.kb_retire(GUILD, b.id, 7, Roles::coordinator()).await.unwrap();
        let again = desk.kb_retire(GUILD, b.id, 7, Roles::coordinator()).await;
        assert!(matches!(again, Err(ServiceError::Kb(KbRefusal::Retired(id))) if id == b.id), "{again:?}");
        let found = desk.kb_search(GUILD, "printer jams").await.unwrap();
        assert_eq!(
            found.iter().map(|f| f.id).collect::<Vec<_>>(),
            vec![a.id],
            "the retired one is not found"
        );
        let empty = desk.kb_search(GUILD, "the and ?!").await;
        assert!(matches!(empty, Err(ServiceError::Kb(KbRefusal::EmptyQuery))), "{empty:?}");

        let now = clock_now(&clock);
        let mut json = Vec::new();
        export(store.as_ref(), Format::Json, None, None, now, &mut json).await.unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let articles = doc["articles"].as_array().unwrap();
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0]["tags"], "printer,jam");
        assert!(articles[1]["retired_at"].is_string(), "{}", articles[1]);
        let mut csv = Vec::new();
        export(store.as_ref(), Format::Csv, Some(Table::Articles), None, now, &mut csv).await.unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert!(text.lines().next().unwrap().starts_with("id,guild_id,title,category,tags"), "{text}");
        assert_eq!(text.lines().count(), 3, "{text}");
    })
    .await;
}

#[tokio::test]
async fn a_resolution_nobody_confirms_is_closed_when_the_confirmation_window_ends() {
    on_both("close unconfirmed", |desk, clock, store| async move {
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
        let notices = store.lease_notices("t", now, now + Duration::minutes(1), 50).await.unwrap();
        assert!(
            notices
                .iter()
                .filter_map(|n| n.payload.notice())
                .any(|n| n.recipient == Recipient::User { id: ALICE } && n.kind == NoticeKind::Closed),
            "the requester is told (and asked for a rating)"
        );
        assert_eq!(desk.close_unconfirmed(Duration::days(3)).await.unwrap(), 0, "closed once");
    })
    .await;
}

#[tokio::test]
async fn closed_fixed_tickets_of_a_category_are_the_technicians_hint_candidates_newest_first() {
    on_both("hint candidates", |desk, clock, store| async move {
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
        let found = store.closed_resolutions(GUILD, "printing", 10).await.unwrap();
        let found: Vec<i64> = found.iter().map(|t| t.id).collect();
        assert_eq!(
            found,
            vec![ids[2], ids[0]],
            "fixed and worked-around ones, newest first; not user errors"
        );
        assert!(!found.contains(&still_open.id));
        assert!(store.closed_resolutions(GUILD, "network", 10).await.unwrap().is_empty());
        assert!(store.closed_resolutions(GUILD + 1, "printing", 10).await.unwrap().is_empty());
    })
    .await;
}

// ----- intake ---------------------------------------------------------------------------------------

mod intake {
    use deskbot::config::Helpdesk;
    use deskbot::domain::intake::Step;
    use deskbot::service::intake::{
        Closing, Control, DmHandled, Framing, IncomingDm, IntakeError, IntakeView, Notes, Reader, Refusal,
        Reply, Swept,
    };
    use deskbot::store::{DirectMessage, EventScope, OutboxPayload, StoreError};
    use serde_json::{Value, json};

    use super::*;

    const CHANNEL: i64 = 7_000_000_000_000_300;

    /// Renders what the intake queues as a word or two, so the tests read what was decided.
    struct Words;

    fn key_of(step: &Step) -> String {
        match step {
            Step::Ask(prompt) => prompt.key.clone(),
            Step::Review(_) => "review".into(),
            Step::Cancelled => "cancelled".into(),
        }
    }

    impl IntakeView for Words {
        fn step(
            &self,
            intake: i64,
            step: &Step,
            framing: Framing,
            notes: &Notes,
            fixes: &[deskbot::domain::article::Article],
            _: &deskbot::domain::intake::Catalog,
        ) -> Value {
            json!({
                "content": key_of(step),
                "intake": intake,
                "opening": framing == Framing::Opening,
                "refused": notes.problem.is_some(),
                "fixes": fixes.len(),
            })
        }

        fn closing(&self, closing: &Closing) -> Value {
            let said = match closing {
                Closing::Submitted { ticket } => format!("submitted {}", ticket.label()),
                other => format!("{other:?}").to_lowercase(),
            };
            json!({ "content": said })
        }

        fn reminder(&self, _: i64, step: Option<&Step>, _: &deskbot::domain::intake::Catalog) -> Value {
            json!({ "content": format!("reminder {}", step.map_or_else(|| "?".to_owned(), key_of)) })
        }

        fn relayed(&self, ticket: &Ticket, _: &[Ticket], _: bool) -> Value {
            json!({ "content": format!("relayed to {}", ticket.label()) })
        }

        fn refused(&self, refusal: &Refusal) -> Value {
            json!({ "content": format!("refused: {refusal}") })
        }
    }

    fn dm(text: &str) -> IncomingDm<'_> {
        IncomingDm { user: ALICE, channel_id: CHANNEL, text, attachments: &[] }
    }

    /// The direct messages queued since the last call (marked delivered, so not returned again).
    async fn queued(store: &Arc<dyn TicketStore>, clock: &FakeClock) -> Vec<DirectMessage> {
        let now = clock_now(clock);
        let items = store.lease_notices("t", now, now + Duration::minutes(1), 100).await.unwrap();
        let mut direct = Vec::new();
        for item in items {
            store.notice_delivered(item.id, now).await.unwrap();
            if let OutboxPayload::Direct(d) = item.payload {
                direct.push(d);
            }
        }
        direct
    }

    fn said(messages: &[DirectMessage]) -> Vec<String> {
        messages.iter().map(|m| m.body["content"].as_str().unwrap_or_default().to_owned()).collect()
    }

    /// The stored state of Alice's intake, as JSON.
    async fn stored(store: &Arc<dyn TicketStore>) -> Value {
        let record = store.intake(GUILD, ALICE).await.unwrap().expect("an active intake");
        serde_json::from_str(&record.state).unwrap()
    }

    /// Alice's DM conversation about her VPN, up to the review.
    async fn to_review(desk: &Desk, helpdesk: &Helpdesk) -> i64 {
        let intakes = desk.intakes(GUILD, helpdesk, &Words);
        let DmHandled::Started { intake } = intakes.on_dm(&dm("my vpn keeps disconnecting")).await.unwrap()
        else {
            panic!("no intake started")
        };
        for answer in ["network", "It drops every few minutes.", "2", "Office 2", "no", "Just me", "3"] {
            intakes.on_dm(&dm(answer)).await.unwrap();
        }
        intake
    }

    #[tokio::test]
    async fn each_dm_of_an_intake_is_answered_by_a_message_queued_for_the_channel_it_came_from() {
        on_both("intake dm", |desk, clock, store| async move {
            let helpdesk = Helpdesk::builtin();
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            let started = intakes.on_dm(&dm("my vpn keeps disconnecting")).await.unwrap();
            let DmHandled::Started { intake } = started else { panic!("{started:?}") };
            let first = queued(&store, &clock).await;
            assert_eq!(said(&first), ["category"]);
            assert_eq!((first[0].user_id, first[0].channel_id), (ALICE, Some(CHANNEL)));
            assert_eq!(
                (first[0].body["intake"].as_i64(), first[0].body["opening"].as_bool()),
                (Some(intake), Some(true))
            );
            assert_eq!(store.dm_channel(ALICE).await.unwrap(), Some(CHANNEL), "remembered");

            for (answer, next) in [("network", "description"), ("It drops every few minutes.", "connection")]
            {
                intakes.on_dm(&dm(answer)).await.unwrap();
                assert_eq!(said(&queued(&store, &clock).await), [next], "after {answer:?}");
            }
            // Refused with the question again, in one message.
            intakes.on_dm(&dm("7")).await.unwrap();
            let refused = queued(&store, &clock).await;
            assert_eq!(said(&refused), ["connection"]);
            assert_eq!(refused[0].body["refused"], true);
            intakes.on_dm(&dm("cancel")).await.unwrap();
            assert_eq!(said(&queued(&store, &clock).await), ["cancelled"]);
            assert!(store.intake(GUILD, ALICE).await.unwrap().is_none(), "ended");
        })
        .await;
    }

    #[tokio::test]
    async fn the_same_dm_handled_twice_advances_the_intake_once() {
        on_both("intake dm twice", |desk, clock, store| async move {
            let helpdesk = Helpdesk::builtin();
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            EventScope::new("m:1").run(intakes.on_dm(&dm("my vpn keeps disconnecting"))).await.unwrap();
            EventScope::new("m:2").run(intakes.on_dm(&dm("network"))).await.unwrap();
            // Delivered again: at the description now, "network" would be taken as one.
            let again = EventScope::new("m:2").run(intakes.on_dm(&dm("network"))).await;
            assert!(matches!(again, Err(ServiceError::Internal(StoreError::Duplicate))), "{again:?}");
            assert_eq!(stored(&store).await["description"], Value::Null, "{}", stored(&store).await);
            EventScope::new("m:3").run(intakes.on_dm(&dm("It drops every few minutes."))).await.unwrap();
            let state = stored(&store).await;
            assert_eq!(
                (state["category"].as_str(), state["description"].as_str()),
                (Some("network"), Some("It drops every few minutes."))
            );
            assert_eq!(said(&queued(&store, &clock).await), ["category", "description", "connection"]);

            // A first DM delivered twice starts one intake.
            intakes.on_dm(&dm("cancel")).await.unwrap();
            EventScope::new("m:4").run(intakes.on_dm(&dm("the printer jams"))).await.unwrap();
            let again = EventScope::new("m:4").run(intakes.on_dm(&dm("the printer jams"))).await;
            assert!(matches!(again, Err(ServiceError::Internal(StoreError::Duplicate))), "{again:?}");
            assert_eq!(stored(&store).await["summary"], "the printer jams", "not taken as an answer too");
            assert_eq!(said(&queued(&store, &clock).await), ["cancelled", "category"]);
        })
        .await;
    }

    #[tokio::test]
    async fn a_dm_about_an_open_ticket_is_relayed_a_number_not_hers_refused_and_new_starts_an_intake() {
        on_both("intake routing", |desk, clock, store| async move {
            let helpdesk = Helpdesk::builtin();
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
            let _ = queued(&store, &clock).await;

            let relayed = intakes.on_dm(&dm("It jammed again at 10:15")).await.unwrap();
            assert!(matches!(&relayed, DmHandled::Relayed { ticket: t } if t.id == ticket.id), "{relayed:?}");
            let events = desk.history(ticket.id).await.unwrap();
            assert!(events.iter().any(|e| e.kind == EventKind::RequesterMessage), "{events:?}");
            let refused = intakes.on_dm(&dm("#99 what about this one")).await.unwrap();
            assert!(matches!(&refused, DmHandled::Refused(Refusal::NotAnOpenTicket { open, .. }) if open.len() == 1), "{refused:?}");
            assert!(store.intake(GUILD, ALICE).await.unwrap().is_none(), "no intake");
            let started = intakes.on_dm(&dm("new")).await.unwrap();
            assert!(matches!(started, DmHandled::Started { .. }), "{started:?}");

            let sent = queued(&store, &clock).await;
            assert_eq!(said(&sent), ["relayed to #1", "refused: #99 is not one of the requester's open tickets", "summary"]);
            assert!(sent.iter().all(|m| m.channel_id == Some(CHANNEL)));
        })
        .await;
    }

    #[tokio::test]
    async fn typing_submit_at_the_review_opens_the_ticket_and_queues_its_number() {
        on_both("intake submit typed", |desk, clock, store| async move {
            let helpdesk = Helpdesk::builtin();
            to_review(&desk, &helpdesk).await;
            assert_eq!(said(&queued(&store, &clock).await).last().map(String::as_str), Some("review"));
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            let submitted = intakes.on_dm(&dm("submit")).await.unwrap();
            let DmHandled::Answered(Reply::Closed(Closing::Submitted { ticket })) = submitted else {
                panic!("{submitted:?}")
            };
            assert_eq!(
                (ticket.label(), ticket.status, ticket.category.as_str()),
                ("#1".to_owned(), Status::Open, "network")
            );
            assert!(store.intake(GUILD, ALICE).await.unwrap().is_none());
            assert_eq!(said(&queued(&store, &clock).await), ["submitted #1"]);
        })
        .await;
    }

    #[tokio::test]
    async fn submit_clicked_twice_at_once_opens_one_ticket_and_the_other_is_told_it_ended() {
        on_both("intake submit twice", |desk, _, _store| async move {
            let helpdesk = Helpdesk::builtin();
            let intake = to_review(&desk, &helpdesk).await;
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            let (a, b) = tokio::join!(
                intakes.click(ALICE, intake, Control::Submit, &Reader::InPlace, false),
                intakes.click(ALICE, intake, Control::Submit, &Reader::InPlace, false),
            );
            let outcomes = [a, b];
            let opened =
                outcomes.iter().filter(|r| matches!(r, Ok(Reply::Closed(Closing::Submitted { .. })))).count();
            let ended =
                outcomes.iter().filter(|r| matches!(r, Err(IntakeError::Refused(Refusal::Ended)))).count();
            assert_eq!((opened, ended), (1, 1), "{outcomes:?}");
            assert!(desk.find(GUILD, deskbot::domain::TicketNumber(1)).await.is_ok());
            assert!(desk.find(GUILD, deskbot::domain::TicketNumber(2)).await.is_err(), "one ticket");
        })
        .await;
    }

    #[tokio::test]
    async fn the_ticket_form_keeps_the_conversation_in_the_interaction_and_queues_no_dm() {
        on_both("intake form", |desk, clock, store| async move {
            let helpdesk = Helpdesk::builtin();
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            let form = Reader::InPlace;
            let summary = Some("Outlook crashes when I open attachments");
            let started = intakes.start_form(ALICE, summary, Some("software"), &form).await.unwrap();
            let Reply::Modal { intake, .. } = started else { panic!("{started:?}") };
            let values = [
                (0, "Outlook closes as soon as I open a PDF attachment.".to_owned()),
                (1, "Outlook".to_owned()),
                (2, String::new()),
                (3, "Microsoft Outlook has stopped working".to_owned()),
            ];
            let reply = intakes.form_answers(ALICE, Some("software"), &values, &form).await.unwrap();
            let Reply::Step { step: Step::Ask(prompt), .. } = &reply else { panic!("{reply:?}") };
            assert_eq!(prompt.key, "impact", "the next question is the interaction's answer");
            assert!(queued(&store, &clock).await.is_empty(), "nothing for the outbox: no DM");

            // **Answer** on a choice, or on a question no longer asked, opens nothing.
            let step = deskbot::service::intake::step_index(prompt);
            let on_choice = intakes.answer_form(ALICE, intake, step).await;
            assert!(
                matches!(on_choice, Err(IntakeError::Refused(Refusal::AlreadyAnswered))),
                "{on_choice:?}"
            );

            // A modal built before the category changed answers nothing.
            let stale = intakes.form_answers(ALICE, Some("network"), &values, &form).await;
            assert!(matches!(stale, Err(IntakeError::Refused(Refusal::Ended))), "{stale:?}");
            // `/ticket` again starts afresh.
            let again = intakes.start_form(ALICE, None, None, &form).await.unwrap();
            assert!(matches!(again, Reply::ChooseCategory { .. }), "{again:?}");
            let old = intakes.click(ALICE, intake, Control::Cancel, &form, true).await;
            assert!(matches!(old, Err(IntakeError::Refused(Refusal::Ended))), "{old:?}");
        })
        .await;
    }

    #[tokio::test]
    async fn a_question_answered_again_in_its_own_modal_is_an_answer_never_a_command() {
        on_both("intake modal answer", |desk, clock, store| async move {
            let helpdesk = Helpdesk::builtin();
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            intakes.on_dm(&dm("Excel crashes when I open the budget file")).await.unwrap();
            intakes.on_dm(&dm("software")).await.unwrap();
            let intake = store.intake(GUILD, ALICE).await.unwrap().expect("going on").id;
            let _ = queued(&store, &clock).await;
            // The description is asked: **Answer** gives the modal of the free-text questions.
            let form = intakes.answer_form(ALICE, intake, 2).await.unwrap();
            assert!(matches!(form, Reply::Modal { .. }), "{form:?}");
            // Typed in the modal, "cancel" is the description, not a way out.
            let reply = intakes.modal_answer(ALICE, intake, 2, "cancel", &Reader::InPlace).await.unwrap();
            assert!(matches!(reply, Reply::Step { .. }), "{reply:?}");
            let state = store.intake(GUILD, ALICE).await.unwrap().expect("still going on").state;
            assert!(state.contains("\"cancel\""), "{state}");
            assert!(queued(&store, &clock).await.is_empty(), "answered in the interaction");
            // The same step again: answered already.
            let twice = intakes.modal_answer(ALICE, intake, 2, "again", &Reader::InPlace).await;
            assert!(matches!(twice, Err(IntakeError::Refused(Refusal::AlreadyAnswered))), "{twice:?}");
        })
        .await;
    }

    #[tokio::test]
    async fn an_abandoned_intake_is_reminded_once_then_expires_with_a_queued_note() {
        on_both("intake sweep", |desk, clock, store| async move {
            let helpdesk = Helpdesk::builtin();
            let intakes = desk.intakes(GUILD, &helpdesk, &Words);
            intakes.on_dm(&dm("Excel crashes when I open the budget file")).await.unwrap();
            intakes.on_dm(&dm("software")).await.unwrap();
            let _ = queued(&store, &clock).await;

            clock.advance(Duration::minutes(29));
            assert_eq!(intakes.sweep().await, Swept::default(), "not yet");
            clock.advance(Duration::minutes(2));
            assert_eq!(intakes.sweep().await, Swept { reminded: 1, expired: 0 });
            let reminder = queued(&store, &clock).await;
            assert_eq!(said(&reminder), ["reminder description"]);
            assert_eq!(reminder[0].channel_id, Some(CHANNEL), "the channel she wrote from");
            clock.advance(Duration::hours(1));
            assert_eq!(intakes.sweep().await, Swept::default(), "once");

            clock.advance(Duration::hours(23));
            assert_eq!(intakes.sweep().await, Swept { reminded: 0, expired: 1 });
            assert_eq!(said(&queued(&store, &clock).await), ["expired"]);
            assert!(store.intake(GUILD, ALICE).await.unwrap().is_none());
            assert_eq!(intakes.sweep().await, Swept::default());
        })
        .await;
    }
}

// ----- assignment ---------------------------------------------------------------------------------

const PRINTER_TECH: i64 = 7_200_000_000_000_001;

/// One level 1 technician skilled in printing, on shift 08:00–16:00 UTC on weekdays when `shift`.
fn roster(shift: bool) -> deskbot::domain::assign::Roster {
    use deskbot::domain::assign::{Roster, Shift, Technician};
    use deskbot::domain::hours::WeekdayKey;
    let shifts = if shift {
        vec![Shift {
            days: [chrono::Weekday::Mon, chrono::Weekday::Tue, chrono::Weekday::Wed]
                .into_iter()
                .map(WeekdayKey::from)
                .collect(),
            start: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            end: chrono::NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        }]
    } else {
        vec![]
    };
    Roster {
        auto: false,
        zone: chrono_tz::UTC,
        technicians: vec![Technician {
            id: PRINTER_TECH,
            level: Level::ONE,
            skills: ["printing".to_owned()].into_iter().collect(),
            shifts,
        }],
        categories: vec!["printing".to_owned(), "network".to_owned()],
    }
}

fn coordinator() -> Actor {
    Actor::member(COORDINATOR, Roles::coordinator())
}

#[tokio::test]
async fn two_coordinators_confirming_one_suggestion_at_once_assign_once_and_the_other_is_told_it_is_stale() {
    use deskbot::service::assign::AssignRefusal;
    on_both("confirm race", |desk, _, store| async move {
        let desk = desk.with_roster(roster(false));
        desk.set_duty(tech(PRINTER_TECH), true).await.unwrap();
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        let suggestion = desk.suggest(&ticket).await.unwrap();
        assert_eq!(suggestion.choice.chosen.map(|c| c.id), Some(PRINTER_TECH));
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let desk = desk.clone();
            let (id, version) = (ticket.id, ticket.version);
            tasks.push(tokio::spawn(async move {
                desk.confirm_suggestion(id, version, coordinator(), PRINTER_TECH).await
            }));
        }
        let (mut assigned, mut stale) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => assigned += 1,
                Err(ServiceError::Assign(AssignRefusal::Stale { .. })) => stale += 1,
                Err(e) => panic!("unexpected: {e:?}"),
            }
        }
        assert_eq!((assigned, stale), (1, 5));
        let events = store.events(ticket.id).await.unwrap();
        assert_eq!(events.iter().filter(|e| e.kind == EventKind::Assigned).count(), 1);
        assert_eq!(store.ticket(ticket.id).await.unwrap().assignee_id, Some(PRINTER_TECH));
    })
    .await;
}

#[tokio::test]
async fn a_shift_puts_a_technician_on_duty_and_duty_statements_hold_until_the_next_shift_boundary() {
    use deskbot::domain::assign::Duty;
    on_both("shifts", |desk, clock, _store| async move {
        let desk = desk.with_roster(roster(true));
        let ticket = desk.open(draft(), alice()).await.unwrap().ticket;
        let duty_now = |s: &deskbot::service::assign::Suggestion| {
            s.choice
                .chosen
                .as_ref()
                .map(|c| c.duty)
                .or_else(|| s.choice.passed_over.first().map(|(c, _)| c.duty))
        };
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        // Monday 09:00: inside the shift, without a word.
        assert_eq!(duty_now(&desk.suggest(&ticket).await.unwrap()), Some(Duty::InShift));
        clock.set(at(2, 17));
        assert_eq!(duty_now(&desk.suggest(&ticket).await.unwrap()), Some(Duty::OutOfShift));
        let on = desk.set_duty(tech(PRINTER_TECH), true).await.unwrap();
        assert_eq!((on.duty, on.until), (Duty::SaidOn, Some(at(3, 8))), "on until Tuesday's shift starts");
        clock.set(at(2, 22));
        assert_eq!(duty_now(&desk.suggest(&ticket).await.unwrap()), Some(Duty::SaidOn));
        clock.set(at(3, 10));
        assert_eq!(duty_now(&desk.suggest(&ticket).await.unwrap()), Some(Duty::InShift));
        let off = desk.set_duty(tech(PRINTER_TECH), false).await.unwrap();
        assert_eq!((off.duty, off.until), (Duty::SaidOff, Some(at(3, 16))));
        assert_eq!(desk.suggest(&ticket).await.unwrap().choice.chosen, None, "off duty mid-shift");
        clock.set(at(4, 9));
        assert_eq!(duty_now(&desk.suggest(&ticket).await.unwrap()), Some(Duty::InShift), "Wednesday's shift");
    })
    .await;
}

mod incidents {
    use super::*;
    use deskbot::domain::incident::LinkRefusal;
    use deskbot::domain::{TicketNumber, transition};
    use deskbot::store::{Page, QueueFilter};

    fn vpn(requester: i64) -> Ticket {
        let mut t = draft();
        t.summary = "VPN disconnects every few minutes".into();
        t.description = "The VPN client drops the connection and reconnects.".into();
        t.category = "network".into();
        t.requester_id = requester;
        t
    }

    fn requester(id: i64) -> Actor {
        Actor::member(id, Roles::REQUESTER)
    }

    fn refusal(e: ServiceError) -> LinkRefusal {
        match e {
            ServiceError::Link(r) => r,
            other => panic!("expected a link refusal, got {other}"),
        }
    }

    /// The notices queued so far, as (recipient, kind, ticket id).
    async fn drain(store: &Arc<dyn TicketStore>, clock: &FakeClock) -> Vec<(Recipient, NoticeKind, i64)> {
        let now = clock_now(clock);
        let mut all = Vec::new();
        loop {
            let batch = store.lease_notices("t", now, now + Duration::minutes(1), 500).await.unwrap();
            if batch.is_empty() {
                return all;
            }
            for n in batch {
                store.notice_delivered(n.id, now).await.unwrap();
                if let Some(notice) = n.payload.notice() {
                    all.push((notice.recipient, notice.kind.clone(), n.ticket_id.unwrap_or(0)));
                }
            }
        }
    }

    async fn active_queue(desk: &Desk) -> Vec<i64> {
        desk.queue(GUILD, &QueueFilter::default(), Page::first(50))
            .await
            .unwrap()
            .tickets
            .iter()
            .map(|t| t.id)
            .collect()
    }

    #[tokio::test]
    async fn a_linked_ticket_leaves_the_active_queue_and_unlinking_brings_it_back() {
        on_both("incident link", |desk, _clock, _store| async move {
            let parent = desk.open(vpn(ALICE), alice()).await.unwrap().ticket;
            let child = desk.open(vpn(ALICE + 1), requester(ALICE + 1)).await.unwrap().ticket;
            let n = |t: &Ticket| t.number.unwrap();
            let linked = desk.link(GUILD, n(&child), n(&parent), tech(5), Some("same outage")).await.unwrap();
            assert_eq!(linked.ticket.parent_id, Some(parent.id));
            assert_eq!(active_queue(&desk).await, vec![parent.id], "the parent represents its child");
            // The requester still sees it in their own list.
            let mine = QueueFilter { requester: Some(ALICE + 1), ..QueueFilter::default() };
            assert_eq!(desk.queue(GUILD, &mine, Page::first(5)).await.unwrap().tickets.len(), 1);
            // By status it is listed too, with its parent.
            let open = QueueFilter { status: Some(Status::Open), ..QueueFilter::default() };
            assert_eq!(desk.queue(GUILD, &open, Page::first(5)).await.unwrap().tickets.len(), 2);
            assert_eq!(desk.incident_view(&linked.ticket).await.unwrap().parent.as_deref(), Some("#1"));
            assert_eq!(desk.incident_view(&parent).await.unwrap().affected, 1);
            let history = desk.history(child.id).await.unwrap();
            let event = history.iter().find(|e| e.kind == EventKind::Linked).unwrap();
            assert_eq!(event.actor_id, Some(5));
            assert_eq!(event.note.as_deref(), Some("part of #1: same outage"));

            let unlinked = desk.unlink(GUILD, n(&child), tech(5), None).await.unwrap();
            assert_eq!(unlinked.ticket.parent_id, None);
            let mut queue = active_queue(&desk).await;
            queue.sort_unstable();
            assert_eq!(queue, vec![parent.id, child.id]);
            assert!(desk.history(child.id).await.unwrap().iter().any(|e| e.kind == EventKind::Unlinked));
            assert_eq!(
                refusal(desk.unlink(GUILD, n(&child), tech(5), None).await.unwrap_err()),
                LinkRefusal::NotLinked { ticket: "#2".into() }
            );
        })
        .await;
    }

    #[tokio::test]
    async fn links_are_refused_to_itself_in_cycles_across_guilds_and_to_finished_incidents() {
        on_both("incident refusals", |desk, _clock, _store| async move {
            let a = desk.open(vpn(ALICE), alice()).await.unwrap().ticket;
            let b = desk.open(vpn(ALICE + 1), requester(ALICE + 1)).await.unwrap().ticket;
            let c = desk.open(vpn(ALICE + 2), requester(ALICE + 2)).await.unwrap().ticket;
            let mut other = vpn(ALICE + 3);
            other.guild_id = GUILD + 1;
            let foreign = desk.open(other, requester(ALICE + 3)).await.unwrap().ticket;

            let err = desk.link_tickets(a.id, a.id, tech(5), None).await.unwrap_err();
            assert_eq!(refusal(err), LinkRefusal::ToItself { ticket: "#1".into() });
            let err = desk.link_tickets(a.id, foreign.id, tech(5), None).await.unwrap_err();
            assert_eq!(refusal(err), LinkRefusal::OtherGuild);
            // By number, another guild's ticket is simply not found in this one.
            let err = desk.link(GUILD, TicketNumber(1), TicketNumber(9), tech(5), None).await.unwrap_err();
            assert!(matches!(err, ServiceError::NoSuchTicket(_)), "{err}");

            desk.link_tickets(b.id, a.id, tech(5), None).await.unwrap();
            let err = desk.link_tickets(a.id, b.id, tech(5), None).await.unwrap_err();
            assert_eq!(refusal(err), LinkRefusal::Cycle { child: "#1".into(), parent: "#2".into() });
            let err = desk.link_tickets(c.id, b.id, tech(5), None).await.unwrap_err();
            assert_eq!(refusal(err), LinkRefusal::ParentIsChild { parent: "#2".into(), of: "#1".into() });
            let err = desk.link_tickets(a.id, c.id, tech(5), None).await.unwrap_err();
            assert_eq!(refusal(err), LinkRefusal::HasChildren { child: "#1".into(), count: 1 });
            let err = desk.link_tickets(b.id, a.id, tech(5), None).await.unwrap_err();
            assert_eq!(refusal(err), LinkRefusal::AlreadyLinked { child: "#2".into(), parent: "#1".into() });
            let err = desk.link_tickets(a.id, c.id, alice(), None).await.unwrap_err();
            assert_eq!(refusal(err), LinkRefusal::NotStaff);

            let coordinator = Actor::member(COORDINATOR, Roles::coordinator());
            desk.act(c.id, coordinator, Action::Cancel { reason: None }).await.unwrap();
            let d = desk.open(vpn(ALICE + 4), requester(ALICE + 4)).await.unwrap().ticket;
            let err = desk.link_tickets(d.id, c.id, tech(5), None).await.unwrap_err();
            assert!(matches!(refusal(err), LinkRefusal::ParentNotActive { status: Status::Cancelled, .. }));
            assert_eq!(desk.get(d.id).await.unwrap().parent_id, None, "nothing changed");
        })
        .await;
    }

    #[tokio::test]
    async fn resolving_an_incident_resolves_every_child_and_tells_each_requester_once() {
        on_both("incident resolve", |desk, clock, store| async move {
            let parent = desk.open(vpn(ALICE), alice()).await.unwrap().ticket;
            let mut children = Vec::new();
            for i in 1..=5 {
                let child = desk.open(vpn(ALICE + i), requester(ALICE + i)).await.unwrap().ticket;
                desk.link_tickets(child.id, parent.id, tech(5), None).await.unwrap();
                children.push(child);
            }
            let _ = drain(&store, &clock).await;
            // The parent's progress reaches the children's requesters.
            desk.act(parent.id, tech(5), Action::Claim).await.unwrap();
            let claimed = drain(&store, &clock).await;
            for i in 1..=5 {
                let claims = claimed
                    .iter()
                    .filter(|(r, k, _)| {
                        *r == Recipient::User { id: ALICE + i } && matches!(k, NoticeKind::Claimed { .. })
                    })
                    .count();
                assert_eq!(claims, 1, "{claimed:?}");
            }

            let notes = "The VPN concentrator was restarted and its certificate renewed.";
            let action = Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed };
            desk.act(parent.id, tech(5), action).await.unwrap();
            // Settling again (another process, the minute's sweep) changes nothing.
            assert_eq!(desk.settle_incidents().await.unwrap(), 0);
            let sent = drain(&store, &clock).await;
            for (i, child) in children.iter().enumerate() {
                let stored = desk.get(child.id).await.unwrap();
                assert_eq!(stored.status, Status::Resolved);
                assert_eq!(stored.resolution_notes.as_deref(), Some(notes));
                let to_requester: Vec<_> = sent
                    .iter()
                    .filter(|(r, _, _)| *r == Recipient::User { id: ALICE + 1 + i as i64 })
                    .collect();
                assert_eq!(to_requester.len(), 1, "one DM each: {to_requester:?}");
                assert!(matches!(to_requester[0].1, NoticeKind::Resolved { .. }));
                assert_eq!(to_requester[0].2, child.id, "about their own ticket, with its buttons");
            }
            let resolved_events = desk
                .history(children[0].id)
                .await
                .unwrap()
                .iter()
                .filter(|e| e.kind == EventKind::Resolved)
                .count();
            assert_eq!(resolved_events, 1);
        })
        .await;
    }

    #[tokio::test]
    async fn a_resolution_interrupted_part_way_is_completed_without_duplicates() {
        on_both("incident restart", |desk, clock, store| async move {
            let parent = desk.open(vpn(ALICE), alice()).await.unwrap().ticket;
            let mut children = Vec::new();
            for i in 1..=3 {
                let child = desk.open(vpn(ALICE + i), requester(ALICE + i)).await.unwrap().ticket;
                desk.link_tickets(child.id, parent.id, tech(5), None).await.unwrap();
                children.push(child);
            }
            // One child resolved on its own before; the parent's resolution committed by a process
            // that stopped before its children.
            let notes = "Restarted the VPN concentrator; sessions hold again.";
            desk.act(
                children[0].id,
                tech(5),
                Action::Resolve {
                    notes: "Reinstalled the VPN client on the laptop.".into(),
                    code: ResolutionCode::Fixed,
                },
            )
            .await
            .unwrap();
            let current = desk.get(parent.id).await.unwrap();
            let t = transition::apply(
                &current,
                &tech(5),
                Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed },
                clock_now(&clock),
                &Policy::default(),
            )
            .unwrap();
            store.commit(&t.ticket, &t.events, &t.notices).await.unwrap();
            let _ = drain(&store, &clock).await;
            assert_eq!(desk.settle_incidents().await.unwrap(), 2);
            assert_eq!(desk.settle_incidents().await.unwrap(), 0);
            let sent = drain(&store, &clock).await;
            let resolved_dms =
                sent.iter().filter(|(_, k, _)| matches!(k, NoticeKind::Resolved { .. })).count();
            assert_eq!(resolved_dms, 2, "{sent:?}");
            assert_eq!(
                desk.get(children[0].id).await.unwrap().resolution_notes.as_deref(),
                Some("Reinstalled the VPN client on the laptop."),
                "a child resolved on its own keeps its own resolution"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn a_childs_still_broken_detaches_it_and_posts_it_to_triage() {
        on_both("incident still broken", |desk, clock, store| async move {
            let parent = desk.open(vpn(ALICE), alice()).await.unwrap().ticket;
            let child = desk.open(vpn(ALICE + 1), requester(ALICE + 1)).await.unwrap().ticket;
            desk.link_tickets(child.id, parent.id, tech(5), None).await.unwrap();
            let notes = "Restarted the VPN concentrator; sessions hold again.";
            desk.act(
                parent.id,
                tech(5),
                Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed },
            )
            .await
            .unwrap();
            let _ = drain(&store, &clock).await;
            let reopened =
                desk.act(child.id, requester(ALICE + 1), Action::Reopen { note: None }).await.unwrap().ticket;
            assert_eq!(reopened.parent_id, None);
            assert_eq!(reopened.status, Status::Open);
            assert_eq!(active_queue(&desk).await, vec![child.id]);
            let sent = drain(&store, &clock).await;
            assert!(sent.iter().any(|(r, k, id)| *r == Recipient::Triage
                && *k == NoticeKind::RefreshTriage
                && *id == child.id));
            assert!(
                sent.iter().any(|(r, k, id)| *r == Recipient::Thread
                    && matches!(k, NoticeKind::ChildLeft { .. })
                    && *id == parent.id),
                "{sent:?}"
            );
            assert!(desk.history(child.id).await.unwrap().iter().any(|e| e.kind == EventKind::Unlinked));
        })
        .await;
    }

    #[tokio::test]
    async fn a_ticket_opened_in_an_incident_has_no_triage_post_of_its_own() {
        on_both("incident intake", |desk, clock, store| async move {
            let parent = desk.open(vpn(ALICE), alice()).await.unwrap().ticket;
            let _ = drain(&store, &clock).await;
            let draft = vpn(ALICE + 1);
            let found = desk.known_problem(&draft).await.unwrap().expect("the incident matches");
            assert_eq!(found.id, parent.id);
            let mut printer = draft.clone();
            printer.category = "printing".into();
            assert!(desk.known_problem(&printer).await.unwrap().is_none(), "another category");
            assert!(desk.known_problem(&vpn(ALICE)).await.unwrap().is_none(), "not one's own ticket");

            let child = desk.open_in_incident(draft, parent.id, requester(ALICE + 1)).await.unwrap().ticket;
            assert_eq!(child.parent_id, Some(parent.id));
            assert_eq!(child.status, Status::Open);
            let sent = drain(&store, &clock).await;
            assert!(!sent.iter().any(|(r, _, id)| *r == Recipient::Triage && *id == child.id), "{sent:?}");
            assert!(sent.iter().any(|(r, k, id)| *r == Recipient::Thread
                && matches!(k, NoticeKind::ChildJoined { .. })
                && *id == parent.id));
            assert!(sent.iter().any(|(r, _, id)| *r == Recipient::Triage && *id == parent.id));
            assert_eq!(active_queue(&desk).await, vec![parent.id]);
        })
        .await;
    }
}
