//! The SLA sweeper over a real store (SQLite, and PostgreSQL when `TEST_POSTGRES_URL` is set), driven
//! by a fake clock: what the thread, the coordinators and the requester are sent at 75 % and at a
//! breach, that a paused clock stays quiet, and that each threshold is acted on once — after a
//! restart, and with two sweepers on one database.

#[path = "support/db.rs"]
mod db;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use db::{Backend, TestDb};
use deskbot::clock::FakeClock;
use deskbot::domain::intake::TicketDraft;
use deskbot::domain::sla::{SlaKind, Threshold};
use deskbot::domain::transition::Policy;
use deskbot::domain::{
    Action, Actor, EventKind, Impact, Level, Notice, NoticeKind, Recipient, ResolutionCode, Roles, Status,
    Ticket, Urgency,
};
use deskbot::service::Desk;

const GUILD: i64 = 7_000_000_000_000_001;
const ALICE: i64 = 7_000_000_000_000_100;
const BOB_L1: i64 = 7_000_000_000_000_300;
const CAROL_L2: i64 = 7_000_000_000_000_400;

/// Monday 2 November 2026, 09:00 UTC: when every ticket here is opened.
fn nine() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("a valid time")
}

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    nine()
        + Duration::hours(i64::from(h) - 9)
        + Duration::minutes(i64::from(m))
        + Duration::seconds(i64::from(s))
}

/// A P2 (team × medium): first response due at 10:00 (warning at 09:45), resolution at 17:00
/// (warning at 15:00).
fn draft() -> Ticket {
    TicketDraft {
        summary: "Printer on floor 2 jams".into(),
        description: "Every second page jams in tray 2.".into(),
        category: "printing".into(),
        impact: Impact::Team,
        urgency: Urgency::Medium,
        answers: vec![],
        level: Level::ONE,
    }
    .into_ticket(GUILD, ALICE, nine())
}

fn alice() -> Actor {
    Actor::member(ALICE, Roles::REQUESTER)
}

/// A fresh database per backend, a fake clock at 09:00 and a desk over them.
async fn on_both<F, Fut>(name: &str, body: F)
where
    F: Fn(TestDb, Desk, FakeClock) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDb::new(backend, name).await else { continue };
        let clock = FakeClock::at(nine());
        let desk = Desk::new(db.open().await, Arc::new(clock.clone()), Policy::default());
        body(db, desk, clock).await;
    }
}

/// The notices queued since the last call (they are marked delivered, as the deliverer would).
async fn sent(desk: &Desk) -> Vec<Notice> {
    let items = desk.deliveries().lease("test", 1000).await.expect("the outbox is readable");
    let mut notices = Vec::new();
    for item in items {
        desk.deliveries().delivered(item.id).await.expect("delivered");
        if let Some(n) = item.payload.notice() {
            notices.push(n.clone());
        }
    }
    notices
}

fn count(notices: &[Notice], recipient: Recipient, pred: impl Fn(&NoticeKind) -> bool) -> usize {
    notices.iter().filter(|n| n.recipient == recipient && pred(&n.kind)).count()
}

async fn events_of(desk: &Desk, ticket: i64, kind: EventKind) -> usize {
    desk.history(ticket).await.expect("history").iter().filter(|e| e.kind == kind).count()
}

#[tokio::test]
async fn the_thread_is_warned_at_75_percent_then_the_breach_escalates_and_alerts_the_coordinators_once() {
    on_both("warning then breach", |db, desk, clock| async move {
        let _db = db; // the database lives as long as the test
        let ticket = desk.open(draft(), alice()).await.expect("opened").ticket;
        sent(&desk).await;

        clock.set(at(9, 44, 59));
        assert!(desk.sweep_sla().await.expect("sweep").is_empty(), "nothing before 75 %");

        clock.set(at(9, 45, 0));
        let done = desk.sweep_sla().await.expect("sweep");
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].threshold, Threshold::Warning(SlaKind::FirstResponse));
        let notices = sent(&desk).await;
        assert_eq!(
            count(&notices, Recipient::Thread, |k| matches!(
                k,
                NoticeKind::SlaWarning { clock: SlaKind::FirstResponse, due } if *due == at(10, 0, 0)
            )),
            1,
            "the thread is warned that the first response is due at 10:00: {notices:?}"
        );
        assert_eq!(count(&notices, Recipient::Coordinators, |_| true), 0, "no alert before the breach");
        assert_eq!(
            count(&notices, Recipient::User { id: ALICE }, |_| true),
            0,
            "the requester is not bothered"
        );

        clock.set(at(9, 50, 0));
        assert!(desk.sweep_sla().await.expect("sweep").is_empty(), "the warning is not repeated");
        assert!(sent(&desk).await.is_empty());

        clock.set(at(10, 0, 30));
        let done = desk.sweep_sla().await.expect("sweep");
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].threshold, Threshold::Breach(SlaKind::FirstResponse));
        let escalated = desk.get(ticket.id).await.expect("ticket");
        assert_eq!(escalated.level, Level::TWO, "a first-response breach escalates one level");
        assert_eq!(escalated.status, Status::Open, "back in the queue of level 2");
        assert_eq!(escalated.assignee_id, None);
        let notices = sent(&desk).await;
        assert_eq!(
            count(&notices, Recipient::Coordinators, |k| matches!(
                k,
                NoticeKind::SlaBreached { clock: SlaKind::FirstResponse, late_secs: 30, holder: None, level }
                    if *level == Level::TWO
            )),
            1,
            "the coordinators are told which ticket, how late and who holds it: {notices:?}"
        );
        assert_eq!(
            count(
                &notices,
                Recipient::User { id: ALICE },
                |k| matches!(k, NoticeKind::Escalated { level, .. } if *level == Level::TWO)
            ),
            1,
            "the requester is told it was escalated: {notices:?}"
        );
        assert_eq!(count(&notices, Recipient::Thread, |k| matches!(k, NoticeKind::LevelPing { .. })), 1);
        assert_eq!(count(&notices, Recipient::Triage, |_| true), 1, "the triage post shows the new level");
        assert_eq!(events_of(&desk, ticket.id, EventKind::SlaBreached).await, 1);
        assert_eq!(events_of(&desk, ticket.id, EventKind::Escalated).await, 1);

        clock.set(at(10, 5, 0));
        assert!(desk.sweep_sla().await.expect("sweep").is_empty(), "the breach is acted on once");

        // A level 2 specialist claims it; the resolution clock still runs out.
        desk.act(ticket.id, Actor::member(CAROL_L2, Roles::technician(Level::TWO)), Action::Claim)
            .await
            .expect("claimed");
        sent(&desk).await;
        clock.set(at(15, 0, 0));
        let done = desk.sweep_sla().await.expect("sweep");
        assert_eq!(
            done.iter().map(|a| a.threshold).collect::<Vec<_>>(),
            [Threshold::Warning(SlaKind::Resolution)]
        );
        sent(&desk).await;

        clock.set(at(17, 1, 0));
        let done = desk.sweep_sla().await.expect("sweep");
        assert_eq!(
            done.iter().map(|a| a.threshold).collect::<Vec<_>>(),
            [Threshold::Breach(SlaKind::Resolution)]
        );
        let notices = sent(&desk).await;
        let alert = |k: &NoticeKind| {
            matches!(
                k,
                NoticeKind::SlaBreached {
                    clock: SlaKind::Resolution,
                    late_secs: 60,
                    holder: Some(CAROL_L2),
                    ..
                }
            )
        };
        assert_eq!(count(&notices, Recipient::Coordinators, alert), 1, "{notices:?}");
        assert_eq!(count(&notices, Recipient::Thread, alert), 1, "the holder is warned in the thread");
        assert_eq!(count(&notices, Recipient::User { id: ALICE }, alert), 1, "the requester is told");
        let held = desk.get(ticket.id).await.expect("ticket");
        assert_eq!(
            (held.level, held.assignee_id),
            (Level::TWO, Some(CAROL_L2)),
            "a resolution breach keeps the holder"
        );
        assert_eq!(events_of(&desk, ticket.id, EventKind::SlaBreached).await, 2);
        assert_eq!(events_of(&desk, ticket.id, EventKind::SlaWarning).await, 2);
    })
    .await;
}

#[tokio::test]
async fn a_clock_paused_while_waiting_on_the_requester_stays_quiet_and_fires_later_once_resumed() {
    on_both("pause", |db, desk, clock| async move {
        let _db = db; // the database lives as long as the test
        let ticket = desk.open(draft(), alice()).await.expect("opened").ticket;
        let bob = Actor::member(BOB_L1, Roles::technician(Level::ONE));
        clock.set(at(9, 10, 0));
        desk.act(ticket.id, bob, Action::Claim).await.expect("claimed");
        clock.set(at(9, 20, 0));
        desk.act(ticket.id, bob, Action::WaitOnRequester { note: None }).await.expect("waiting");
        sent(&desk).await;

        clock.set(at(18, 0, 0));
        assert!(desk.sweep_sla().await.expect("sweep").is_empty(), "a paused clock does not fire");
        assert!(sent(&desk).await.is_empty());

        // Paused 8 h 40 min: resolution due at 01:40 the next day, and the warning, after 6 of the 8
        // hours have run (20 min before the pause, 5 h 40 min after it), at 23:40.
        desk.act(ticket.id, alice(), Action::Resume).await.expect("resumed");
        assert_eq!(desk.get(ticket.id).await.expect("ticket").sla.resolution_due, Some(at(25, 40, 0)));
        clock.set(at(23, 39, 59));
        assert!(desk.sweep_sla().await.expect("sweep").is_empty());
        clock.set(at(23, 40, 0));
        let done = desk.sweep_sla().await.expect("sweep");
        assert_eq!(
            done.iter().map(|a| a.threshold).collect::<Vec<_>>(),
            [Threshold::Warning(SlaKind::Resolution)]
        );
    })
    .await;
}

#[tokio::test]
async fn a_restarted_sweeper_does_not_act_again_on_what_was_already_done() {
    on_both("restart", |db, desk, clock| async move {
        let ticket = desk.open(draft(), alice()).await.expect("opened").ticket;
        clock.set(at(10, 1, 0));
        // Down through the warning: the breach is acted on, the late warning is not sent.
        let done = desk.sweep_sla().await.expect("sweep");
        assert_eq!(
            done.iter().map(|a| a.threshold).collect::<Vec<_>>(),
            [Threshold::Breach(SlaKind::FirstResponse)]
        );
        drop(desk);

        let restarted = Desk::new(db.open().await, Arc::new(clock.clone()), Policy::default());
        clock.set(at(10, 2, 0));
        assert!(restarted.sweep_sla().await.expect("sweep").is_empty(), "nothing twice after a restart");
        assert_eq!(events_of(&restarted, ticket.id, EventKind::SlaBreached).await, 1);
        assert_eq!(events_of(&restarted, ticket.id, EventKind::SlaWarning).await, 0);
        let alerts = count(&sent(&restarted).await, Recipient::Coordinators, |_| true);
        assert_eq!(alerts, 1, "one alert in all");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sweepers_on_one_database_act_once_per_threshold() {
    on_both("two sweepers", |db, first, clock| async move {
        let second = Desk::new(db.open().await, Arc::new(clock.clone()), Policy::default());
        let mut ids = Vec::new();
        for _ in 0..12 {
            ids.push(first.open(draft(), alice()).await.expect("opened").ticket.id);
        }
        sent(&first).await;
        for (when, expected) in [
            (at(9, 50, 0), Threshold::Warning(SlaKind::FirstResponse)),
            (at(10, 0, 10), Threshold::Breach(SlaKind::FirstResponse)),
            (at(15, 0, 0), Threshold::Warning(SlaKind::Resolution)),
        ] {
            clock.set(when);
            let (a, b) = tokio::join!(
                tokio::spawn({
                    let d = first.clone();
                    async move { d.sweep_sla().await }
                }),
                tokio::spawn({
                    let d = second.clone();
                    async move { d.sweep_sla().await }
                }),
            );
            let mut done = a.expect("joined").expect("sweep");
            done.extend(b.expect("joined").expect("sweep"));
            assert_eq!(done.len(), ids.len(), "each ticket acted on once at {when}: {done:?}");
            assert!(done.iter().all(|d| d.threshold == expected), "{done:?}");
            let mut tickets: Vec<i64> = done.iter().map(|d| d.ticket_id).collect();
            tickets.sort_unstable();
            assert_eq!(tickets, ids);
        }
        let notices = sent(&first).await;
        assert_eq!(count(&notices, Recipient::Coordinators, |_| true), ids.len(), "one alert per breach");
        assert_eq!(
            count(&notices, Recipient::Thread, |k| matches!(k, NoticeKind::SlaWarning { .. })),
            2 * ids.len(),
            "one warning per ticket and clock"
        );
        for id in ids {
            assert_eq!(events_of(&first, id, EventKind::SlaBreached).await, 1);
            assert_eq!(events_of(&first, id, EventKind::SlaWarning).await, 2);
        }
    })
    .await;
}

/// Claimed by Bob at 09:10 and asked "Which tray?" at 09:20; the default windows remind after 2 days
/// and resolve as "no response" after 5.
async fn asked(desk: &Desk, clock: &FakeClock) -> Ticket {
    let ticket = desk.open(draft(), alice()).await.expect("opened").ticket;
    let bob = Actor::member(BOB_L1, Roles::technician(Level::ONE));
    clock.set(at(9, 10, 0));
    desk.act(ticket.id, bob, Action::Claim).await.expect("claimed");
    clock.set(at(9, 20, 0));
    let changed = desk.ask_requester(ticket.id, bob, "Which tray jams?").await.expect("asked");
    assert_eq!(changed.ticket.status, Status::WaitingOnRequester);
    assert_eq!(changed.ticket.sla.paused_at, Some(at(9, 20, 0)), "the clock pauses");
    changed.ticket
}

#[tokio::test]
async fn an_unanswered_question_is_reminded_once_then_resolved_as_no_response() {
    on_both("waiting reminder", |db, desk, clock| async move {
        let ticket = asked(&desk, &clock).await;
        let notices = sent(&desk).await;
        assert_eq!(
            count(&notices, Recipient::User { id: ALICE }, |k| matches!(
                k,
                NoticeKind::Waiting { note: Some(q) } if q == "Which tray jams?"
            )),
            1,
            "the question goes to the requester: {notices:?}"
        );

        clock.set(at(9, 20, 0) + Duration::days(2) - Duration::seconds(1));
        assert!(desk.sweep_waiting().await.expect("sweep").is_empty(), "not before two days");

        clock.set(at(9, 20, 0) + Duration::days(2));
        let done = desk.sweep_waiting().await.expect("sweep");
        assert_eq!(done.len(), 1);
        let notices = sent(&desk).await;
        let reminder = |k: &NoticeKind| {
            matches!(k, NoticeKind::WaitingReminder { note: Some(q), resolve_in_secs }
                if q == "Which tray jams?" && *resolve_in_secs == 3 * 86_400)
        };
        assert_eq!(count(&notices, Recipient::User { id: ALICE }, reminder), 1, "{notices:?}");
        assert_eq!(count(&notices, Recipient::Thread, reminder), 1, "the thread sees it too");
        clock.set(at(9, 20, 0) + Duration::days(3));
        assert!(desk.sweep_waiting().await.expect("sweep").is_empty(), "one reminder only");
        assert_eq!(events_of(&desk, ticket.id, EventKind::WaitingReminded).await, 1);

        // A restart changes nothing: the reminder is marked on the ticket.
        let restarted = Desk::new(db.open().await, Arc::new(clock.clone()), Policy::default());
        clock.set(at(9, 20, 0) + Duration::days(5) - Duration::seconds(1));
        assert!(restarted.sweep_waiting().await.expect("sweep").is_empty());

        clock.set(at(9, 20, 0) + Duration::days(5));
        let done = restarted.sweep_waiting().await.expect("sweep");
        assert_eq!(done.len(), 1);
        let resolved = restarted.get(ticket.id).await.expect("ticket");
        assert_eq!(resolved.status, Status::Resolved);
        assert_eq!(resolved.resolution_code, Some(ResolutionCode::NoResponse));
        let notices = sent(&restarted).await;
        assert_eq!(
            count(&notices, Recipient::User { id: ALICE }, |k| matches!(
                k,
                NoticeKind::Resolved { code: ResolutionCode::NoResponse, notes } if notes.contains("5 days")
            )),
            1,
            "the requester is told, with Fixed / Still broken: {notices:?}"
        );
        assert!(restarted.sweep_waiting().await.expect("sweep").is_empty());
    })
    .await;
}

/// A ticket linked to a major incident waits on the incident, not on its requester: an earlier
/// question is neither reminded nor resolved as "no response" while it is part of the incident
/// (resolving the incident resolves it). Unlinked, it waits on the requester again.
#[tokio::test]
async fn a_question_left_on_a_ticket_that_joins_an_incident_is_not_chased_while_it_is_part_of_it() {
    on_both("waiting child", |db, desk, clock| async move {
        // Kept to the end: the database lives as long as it.
        let _db = db;
        let ticket = asked(&desk, &clock).await;
        let bob = Actor::member(BOB_L1, Roles::technician(Level::ONE));
        let mut outage = draft();
        outage.summary = "All printers on floor 2 are down".into();
        let parent = desk.open(outage, alice()).await.expect("the incident opened").ticket;
        desk.link_tickets(ticket.id, parent.id, bob, Some("same outage")).await.expect("linked");
        let _ = sent(&desk).await;

        clock.set(at(9, 20, 0) + Duration::days(6));
        assert!(desk.sweep_waiting().await.expect("sweep").is_empty(), "a child is not chased");
        let still = desk.get(ticket.id).await.expect("ticket");
        assert_eq!(still.status, Status::WaitingOnRequester);
        assert_eq!(events_of(&desk, ticket.id, EventKind::WaitingReminded).await, 0);

        let number = still.number.expect("numbered");
        desk.unlink(still.guild_id, number, bob, Some("a different fault")).await.expect("unlinked");
        let done = desk.sweep_waiting().await.expect("sweep");
        assert_eq!(done.len(), 1, "on its own again, its question is chased: {done:?}");
    })
    .await;
}

#[tokio::test]
async fn the_requesters_answer_resumes_the_clock_and_a_later_question_is_reminded_afresh() {
    on_both("waiting answered", |db, desk, clock| async move {
        let _db = db; // the database lives as long as the test
        let ticket = asked(&desk, &clock).await;
        clock.set(at(9, 20, 0) + Duration::days(2));
        assert_eq!(desk.sweep_waiting().await.expect("sweep").len(), 1, "reminded");

        // Alice answers 3 hours after the reminder: the ticket moves again, the resolution due time
        // moves by the whole pause.
        let answered_at = at(9, 20, 0) + Duration::days(2) + Duration::hours(3);
        clock.set(answered_at);
        let before = desk.get(ticket.id).await.expect("ticket").sla.resolution_due.expect("due");
        let changed =
            desk.requester_message(ticket.id, alice(), "Tray 2, the lower one").await.expect("relayed");
        assert_eq!(changed.ticket.status, Status::InProgress);
        assert_eq!(changed.ticket.sla.paused_at, None);
        assert_eq!(changed.ticket.sla.resolution_due, Some(before + (answered_at - at(9, 20, 0))));
        assert_eq!(changed.ticket.sla.waiting_reminded_at, None, "the reminder belonged to that question");
        clock.set(at(9, 20, 0) + Duration::days(6));
        assert!(desk.sweep_waiting().await.expect("sweep").is_empty(), "nothing waits any more");

        // A second question gets its own reminder.
        let bob = Actor::member(BOB_L1, Roles::technician(Level::ONE));
        let asked_again = at(9, 20, 0) + Duration::days(6);
        desk.ask_requester(ticket.id, bob, "Does it jam with thick paper only?").await.expect("asked");
        clock.set(asked_again + Duration::days(2));
        assert_eq!(desk.sweep_waiting().await.expect("sweep").len(), 1);
        assert_eq!(events_of(&desk, ticket.id, EventKind::WaitingReminded).await, 2);
    })
    .await;
}

#[tokio::test]
async fn an_empty_question_is_refused_and_only_the_assignee_or_a_coordinator_may_ask() {
    on_both("waiting refused", |db, desk, clock| async move {
        let _db = db; // the database lives as long as the test
        let ticket = desk.open(draft(), alice()).await.expect("opened").ticket;
        let bob = Actor::member(BOB_L1, Roles::technician(Level::ONE));
        let carol = Actor::member(CAROL_L2, Roles::technician(Level::TWO));
        clock.set(at(9, 10, 0));
        desk.act(ticket.id, bob, Action::Claim).await.expect("claimed");
        assert!(desk.ask_requester(ticket.id, bob, "   ").await.is_err(), "an empty question");
        assert!(desk.ask_requester(ticket.id, carol, "Which tray?").await.is_err(), "not Carol's ticket");
        assert_eq!(desk.get(ticket.id).await.expect("ticket").status, Status::InProgress, "nothing changed");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_daily_digest_counts_the_open_work_and_is_queued_once_by_two_processes() {
    on_both("digest", |db, first, clock| async move {
        let second = Desk::new(db.open().await, Arc::new(clock.clone()), Policy::default());
        let bob = Actor::member(BOB_L1, Roles::technician(Level::ONE));
        let oldest = first.open(draft(), alice()).await.expect("opened").ticket;
        clock.set(at(9, 30, 0));
        let claimed = first.open(draft(), alice()).await.expect("opened").ticket;
        first.act(claimed.id, bob, Action::Claim).await.expect("claimed");
        let mut urgent = draft();
        urgent.impact = Impact::Organisation;
        urgent.urgency = Urgency::High;
        urgent.priority = deskbot::domain::Priority::P1;
        first.open(urgent, alice()).await.expect("opened");
        sent(&first).await;

        let eight = chrono::NaiveTime::from_hms_opt(8, 0, 0).expect("a time");
        let zone = chrono_tz::Tz::UTC;
        // 11:00 on the day the tickets opened: past the 10:00 due time of the unclaimed P2 tickets.
        clock.set(at(11, 0, 0));
        assert_eq!(
            first.send_digest_if_due(GUILD, eight, zone).await.expect("digest"),
            None,
            "too late today"
        );

        // 08:00 the next morning, both processes at once.
        clock.set(at(32, 0, 0));
        let (a, b) = tokio::join!(
            tokio::spawn({
                let d = first.clone();
                async move { d.send_digest_if_due(GUILD, eight, zone).await }
            }),
            tokio::spawn({
                let d = second.clone();
                async move { d.send_digest_if_due(GUILD, eight, zone).await }
            }),
        );
        let results = [a.expect("joined").expect("digest"), b.expect("joined").expect("digest")];
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).expect("a date");
        assert!(results.iter().all(|r| r.map(|(d, _)| d) == Some(day)), "{results:?}");
        assert_eq!(results.iter().filter(|r| r.is_some_and(|(_, queued)| queued)).count(), 1, "queued once");

        let items = first.deliveries().lease("test", 100).await.expect("outbox");
        let digests: Vec<_> = items
            .iter()
            .filter_map(|i| match &i.payload {
                deskbot::store::OutboxPayload::Digest(d) => Some(d.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(digests.len(), 1);
        let d = &digests[0];
        assert_eq!(d.day, "2026-11-03");
        assert_eq!(d.open(), 3);
        assert_eq!(d.unassigned(), 2);
        assert_eq!(d.by_priority(deskbot::domain::Priority::P1), 1);
        assert_eq!(d.breached(), 3, "every ticket is past a due time by the next morning");
        assert_eq!(d.oldest.first().map(|t| t.number), oldest.number, "oldest first");
        assert_eq!((d.opened_last_day, d.resolved_last_day), (3, 0), "opened in the 24 h before 08:00");
    })
    .await;
}
