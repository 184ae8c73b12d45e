//! The store suite: every test is written once against `Arc<dyn TicketStore>` and run twice, on a
//! temporary SQLite file (`sqlite::…`) and on a fresh PostgreSQL database (`postgres::…`, from
//! `TEST_POSTGRES_URL`; skipped with a printed reason when unset, a failure when `CI=true`).

#[path = "support/db.rs"]
mod db;
#[path = "support/kb_seed.rs"]
mod kb_seed;

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, Duration, SubsecRound, TimeZone, Utc};
use db::{Backend, TestDb};
use deskbot::domain::article::{ArticleDraft, search_terms};
use deskbot::domain::{
    Answer, EventKind, Impact, Level, NewEvent, Notice, NoticeKind, Priority, Recipient, ResolutionCode,
    SlaClock, Status, Ticket, TicketNumber, Urgency,
};
use deskbot::store::{
    self, DirectMessage, EventScope, IntakeEnd, IntakeRecord, OutboxItem, OutboxPayload, Page, QueueFilter,
    QueueKey, Seek, StoreError, TicketStore,
};
use tokio::sync::Barrier;

const GUILD: i64 = 900_000_000_000_000_001;
const OTHER_GUILD: i64 = 900_000_000_000_000_002;
const REQUESTER: i64 = 400_000_000_000_000_001;
const TECH: i64 = 500_000_000_000_000_001;

/// A fixed instant with a fractional second, as a fake clock would give.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap() + Duration::microseconds(123_456)
}

fn minutes(n: i64) -> Duration {
    Duration::minutes(n)
}

/// Builds tickets for the tests: an open P3 network ticket at level 1 unless told otherwise.
struct TicketBuilder(Ticket);

fn ticket(guild_id: i64) -> TicketBuilder {
    let at = t0();
    TicketBuilder(Ticket {
        id: 0,
        guild_id,
        number: None,
        requester_id: REQUESTER,
        summary: "VPN drops every few minutes".to_owned(),
        description: "Since this morning the AnyConnect client disconnects.".to_owned(),
        category: "network".to_owned(),
        impact: Impact::Individual,
        urgency: Urgency::Medium,
        priority: Priority::P3,
        priority_overridden: false,
        level: Level::ONE,
        status: Status::Open,
        assignee_id: None,
        answers: vec![Answer {
            key: "client".to_owned(),
            question: "Which VPN client?".to_owned(),
            value: Some("AnyConnect 4.10".to_owned()),
        }],
        sla: SlaClock {
            first_response_due: Some(at + Duration::hours(4)),
            resolution_due: Some(at + Duration::days(3)),
            first_response_at: None,
            paused_at: None,
            marks: Default::default(),
            first_response_warn_at: None,
            resolution_warn_at: None,
            waiting_reminded_at: None,
        },
        resolution_notes: None,
        resolution_code: None,
        satisfaction: None,
        created_at: at,
        updated_at: at,
        resolved_at: None,
        closed_at: None,
        triage_message_id: None,
        thread_id: None,
        parent_id: None,
        version: 0,
    })
}

impl TicketBuilder {
    fn priority(mut self, p: Priority) -> Self {
        self.0.priority = p;
        self
    }
    fn status(mut self, s: Status) -> Self {
        self.0.status = s;
        self
    }
    fn level(mut self, l: Level) -> Self {
        self.0.level = l;
        self
    }
    fn assignee(mut self, id: i64) -> Self {
        self.0.assignee_id = Some(id);
        self
    }
    fn category(mut self, c: &str) -> Self {
        self.0.category = c.to_owned();
        self
    }
    fn requester(mut self, id: i64) -> Self {
        self.0.requester_id = id;
        self
    }
    /// The first-response deadline, which is the queue's `next_due` while nobody has responded.
    fn due(mut self, at: Option<DateTime<Utc>>) -> Self {
        self.0.sla.first_response_due = at;
        self
    }
    fn at(mut self, at: DateTime<Utc>) -> Self {
        self.0.created_at = at;
        self.0.updated_at = at;
        self
    }
    fn build(self) -> Ticket {
        self.0
    }
}

fn event(
    kind: EventKind,
    actor: Option<i64>,
    at: DateTime<Utc>,
    from: Option<Status>,
    to: Option<Status>,
) -> NewEvent {
    NewEvent { kind, actor_id: actor, at, from_status: from, to_status: to, note: None }
}

fn created(at: DateTime<Utc>) -> NewEvent {
    event(EventKind::Created, Some(REQUESTER), at, None, Some(Status::Open))
}

fn dm(user: i64, kind: NoticeKind) -> Notice {
    Notice::new(Recipient::User { id: user }, kind)
}

/// Stores `t` with its `created` event and no notices.
async fn create(store: &Arc<dyn TicketStore>, t: Ticket) -> Ticket {
    let at = t.created_at;
    store.create_ticket(&t, &[created(at)], &[]).await.unwrap()
}

/// `t` claimed by `tech` at `at`, as the domain would return it (not yet committed).
fn claimed(t: &Ticket, tech: i64, at: DateTime<Utc>) -> (Ticket, NewEvent, Notice) {
    let mut next = t.clone();
    next.status = Status::InProgress;
    next.assignee_id = Some(tech);
    next.sla.first_response_at = Some(at);
    next.updated_at = at;
    let ev = event(EventKind::Claimed, Some(tech), at, Some(t.status), Some(Status::InProgress));
    let notice = dm(t.requester_id, NoticeKind::Claimed { by: tech });
    (next, ev, notice)
}

fn numbers(tickets: &[Ticket]) -> Vec<i64> {
    tickets.iter().map(|t| t.number.map_or(0, |n| n.0)).collect()
}

fn intake(guild_id: i64, user_id: i64, state: &str, at: DateTime<Utc>) -> IntakeRecord {
    IntakeRecord {
        id: 0,
        guild_id,
        user_id,
        state: state.to_owned(),
        created_at: at,
        updated_at: at,
        reminded_at: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Tickets and numbering

async fn the_store_answers_a_ping_and_names_its_backend(db: TestDb) {
    let store = db.open().await;
    store.ping().await.unwrap();
    let expected = match db.backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(store.backend(), expected);
    // Opening it again (as a restart does) finds the schema already migrated.
    drop(store);
    db.open().await.ping().await.unwrap();
}

async fn create_assigns_numbers_one_two_three_per_guild_independently(db: TestDb) {
    let store = db.open().await;
    let mut got = Vec::new();
    for guild in [GUILD, GUILD, OTHER_GUILD, GUILD, OTHER_GUILD] {
        got.push((guild, create(&store, ticket(guild).build()).await.number.unwrap().0));
    }
    assert_eq!(got, vec![(GUILD, 1), (GUILD, 2), (OTHER_GUILD, 1), (GUILD, 3), (OTHER_GUILD, 2)]);
    let third = store.ticket_by_number(GUILD, TicketNumber(3)).await.unwrap();
    assert_eq!(third.guild_id, GUILD);
    assert!(matches!(store.ticket_by_number(OTHER_GUILD, TicketNumber(3)).await, Err(StoreError::NotFound)));
}

async fn fifty_concurrent_creates_get_numbers_one_to_fifty_without_gaps_or_duplicates(db: TestDb) {
    let store = db.open().await;
    let barrier = Arc::new(Barrier::new(50));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                create(&store, ticket(GUILD).build()).await.number.unwrap().0
            })
        })
        .collect();
    let mut got = Vec::new();
    for task in tasks {
        got.push(task.await.unwrap());
    }
    got.sort_unstable();
    assert_eq!(got, (1..=50).collect::<Vec<i64>>());
    assert_eq!(create(&store, ticket(GUILD).build()).await.number, Some(TicketNumber(51)));
}

async fn create_stores_every_field_and_returns_the_ticket_with_id_number_and_version_one(db: TestDb) {
    let store = db.open().await;
    let mut t = ticket(GUILD).priority(Priority::P2).level(Level::TWO).assignee(TECH).build();
    t.impact = Impact::Team;
    t.urgency = Urgency::High;
    t.priority_overridden = true;
    t.status = Status::Resolved;
    t.resolution_notes = Some("Reinstalled the VPN profile.".to_owned());
    t.resolution_code = Some(ResolutionCode::Workaround);
    t.satisfaction = Some(4);
    t.resolved_at = Some(t0() + minutes(30));
    t.sla.first_response_at = Some(t0() + minutes(5));
    t.sla.paused_at = Some(t0() + minutes(10));
    t.triage_message_id = Some(700_000_000_000_000_001);
    t.thread_id = Some(700_000_000_000_000_002);
    t.answers.push(Answer { key: "asset".to_owned(), question: "Asset tag?".to_owned(), value: None });

    let stored = store.create_ticket(&t, &[created(t0())], &[]).await.unwrap();
    assert!(stored.id > 0);
    assert_eq!(stored.number, Some(TicketNumber(1)));
    assert_eq!(stored.version, 1);
    let expected = Ticket { id: stored.id, number: Some(TicketNumber(1)), version: 1, ..t };
    assert_eq!(stored, expected);
    assert_eq!(store.ticket(stored.id).await.unwrap(), expected);
    assert_eq!(store.ticket_by_thread(700_000_000_000_000_002).await.unwrap(), Some(expected));
    assert_eq!(store.ticket_by_thread(1).await.unwrap(), None);
    assert!(matches!(store.ticket(stored.id + 1000).await, Err(StoreError::NotFound)));
}

// ---------------------------------------------------------------------------------------------
// Commits, events, optimistic concurrency

async fn concurrent_claims_with_the_same_version_leave_exactly_one_owner(db: TestDb) {
    let store = db.open().await;
    let open = store.create_ticket(&ticket(GUILD).build(), &[created(t0())], &[]).await.unwrap();
    let claimers = 20;
    let barrier = Arc::new(Barrier::new(claimers));
    let tasks: Vec<_> = (0..claimers as i64)
        .map(|i| {
            let (store, barrier, open) = (store.clone(), barrier.clone(), open.clone());
            tokio::spawn(async move {
                let tech = TECH + i;
                let (next, ev, notice) = claimed(&open, tech, t0() + minutes(1));
                barrier.wait().await;
                (tech, store.commit(&next, &[ev], &[notice]).await)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            (tech, Ok(t)) => winners.push((tech, t)),
            (_, Err(StoreError::Conflict)) => {}
            (_, Err(e)) => panic!("a claim failed with something other than a conflict: {e}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one claim wins");
    let (winner, returned) = &winners[0];
    assert_eq!(returned.version, 2);
    let stored = store.ticket(open.id).await.unwrap();
    assert_eq!(stored.assignee_id, Some(*winner));
    assert_eq!(stored.status, Status::InProgress);
    assert_eq!(stored.version, 2);
    let events = store.events(open.id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![EventKind::Created, EventKind::Claimed]);
    assert_eq!(events[1].actor_id, Some(*winner));
    assert_eq!(store.pending_notices().await.unwrap(), 1, "only the winner's notice is queued");
}

async fn a_commit_writes_its_events_and_a_conflicting_commit_writes_nothing(db: TestDb) {
    let store = db.open().await;
    let open = create(&store, ticket(GUILD).build()).await;
    let (next, ev, notice) = claimed(&open, TECH, t0() + minutes(2));
    let after = store.commit(&next, std::slice::from_ref(&ev), &[notice]).await.unwrap();
    assert_eq!(after.version, open.version + 1);
    assert_eq!(after.updated_at, t0() + minutes(2));

    // A stale copy (still version 1) is refused and leaves no trace.
    let (stale, ev2, notice2) = claimed(&open, TECH + 1, t0() + minutes(3));
    assert!(matches!(store.commit(&stale, &[ev2], &[notice2]).await, Err(StoreError::Conflict)));
    let events = store.events(open.id).await.unwrap();
    assert_eq!(events.len(), 2);
    let claim = &events[1];
    assert_eq!(
        (claim.ticket_id, claim.kind, claim.actor_id, claim.at, claim.from_status, claim.to_status),
        (
            open.id,
            EventKind::Claimed,
            Some(TECH),
            t0() + minutes(2),
            Some(Status::Open),
            Some(Status::InProgress)
        )
    );
    assert!(events[0].id < events[1].id);
    assert_eq!(store.pending_notices().await.unwrap(), 1);
    assert_eq!(store.ticket(open.id).await.unwrap().assignee_id, Some(TECH));

    // The re-read copy commits.
    let mut resolved = store.ticket(open.id).await.unwrap();
    resolved.status = Status::Resolved;
    resolved.resolution_notes = Some("Replaced the cable.".to_owned());
    resolved.resolution_code = Some(ResolutionCode::Fixed);
    let resolved = store.commit(&resolved, &[], &[]).await.unwrap();
    assert_eq!(resolved.version, 3);
    assert_eq!(resolved.resolution_code, Some(ResolutionCode::Fixed));
}

async fn committing_a_ticket_that_does_not_exist_is_not_found(db: TestDb) {
    let store = db.open().await;
    let mut ghost = ticket(GUILD).build();
    ghost.id = 4242;
    ghost.version = 1;
    assert!(matches!(store.commit(&ghost, &[], &[]).await, Err(StoreError::NotFound)));
    assert!(matches!(store.record(4242, &[created(t0())], &[]).await, Err(StoreError::NotFound)));
    assert!(matches!(store.set_triage_refs(4242, 1, None).await, Err(StoreError::NotFound)));
}

async fn triage_refs_are_kept_when_a_copy_read_before_them_is_committed(db: TestDb) {
    let store = db.open().await;
    let open = create(&store, ticket(GUILD).build()).await;
    store.set_triage_refs(open.id, 11, Some(12)).await.unwrap();
    // `open` was read before the refs were set; the refs do not change the version.
    let (next, ev, _) = claimed(&open, TECH, t0() + minutes(1));
    let after = store.commit(&next, &[ev], &[]).await.unwrap();
    assert_eq!((after.triage_message_id, after.thread_id), (Some(11), Some(12)));
    assert_eq!(store.ticket_by_thread(12).await.unwrap().map(|t| t.id), Some(open.id));
}

async fn record_appends_events_and_notices_without_changing_the_ticket(db: TestDb) {
    let store = db.open().await;
    let open = create(&store, ticket(GUILD).build()).await;
    let mut note = event(EventKind::Note, Some(TECH), t0() + minutes(5), None, None);
    note.note = Some("Checked the RADIUS logs.".to_owned());
    let notice =
        Notice::new(Recipient::Thread, NoticeKind::RequesterMessage { text: "still down".to_owned() });
    store.record(open.id, std::slice::from_ref(&note), std::slice::from_ref(&notice)).await.unwrap();
    let events = store.events(open.id).await.unwrap();
    assert_eq!(events.last().map(|e| (e.kind, e.note.clone())), Some((EventKind::Note, note.note)));
    assert_eq!(store.ticket(open.id).await.unwrap(), open, "version and fields untouched");
    let leased = store.lease_notices("w", t0() + minutes(5), t0() + minutes(6), 10).await.unwrap();
    assert_eq!(leased.len(), 1);
    assert_eq!(leased[0].payload, OutboxPayload::Notice(notice));
    assert_eq!(leased[0].ticket_id, Some(open.id));
    assert_eq!(leased[0].created_at, t0() + minutes(5));
}

// ---------------------------------------------------------------------------------------------
// Outbox

async fn notices_are_written_with_the_change_and_leased_to_one_worker_until_the_lease_runs_out(db: TestDb) {
    let store = db.open().await;
    let notices = vec![
        dm(REQUESTER, NoticeKind::Opened),
        Notice::new(Recipient::Triage, NoticeKind::RefreshTriage),
        Notice::new(
            Recipient::Coordinators,
            NoticeKind::Escalated { level: Level::TWO, reason: "VIP".to_owned() },
        ),
    ];
    let t = store.create_ticket(&ticket(GUILD).build(), &[created(t0())], &notices).await.unwrap();
    assert_eq!(store.pending_notices().await.unwrap(), 3);

    let now = t0() + minutes(1);
    let first = store.lease_notices("worker-a", now, now + Duration::seconds(30), 10).await.unwrap();
    assert_eq!(first.iter().filter_map(|i| i.payload.notice().cloned()).collect::<Vec<_>>(), notices);
    assert!(first.windows(2).all(|w| w[0].id < w[1].id), "oldest first");
    assert!(first.iter().all(|i| i.ticket_id == Some(t.id) && i.attempts == 0 && i.created_at == t0()));

    let second =
        store.lease_notices("worker-b", now + Duration::seconds(10), now + minutes(1), 10).await.unwrap();
    assert!(second.is_empty(), "a leased notice is not handed to another worker");

    let after_expiry =
        store.lease_notices("worker-b", now + Duration::seconds(31), now + minutes(2), 2).await.unwrap();
    assert_eq!(after_expiry.iter().map(|i| i.id).collect::<Vec<_>>(), vec![first[0].id, first[1].id]);
}

async fn a_share_of_a_lease_is_kept_from_triage_notices_and_thread_posts_wait_for_their_triage_post(
    db: TestDb,
) {
    let store = db.open().await;
    let triage = || Notice::new(Recipient::Triage, NoticeKind::RefreshTriage);
    let thread =
        || Notice::new(Recipient::Thread, NoticeKind::RequesterMessage { text: "still down".to_owned() });
    // As a resolved incident's children: each a triage edit, then its requester's DM.
    let mut children = Vec::new();
    for i in 0..4 {
        let notices = [triage(), dm(REQUESTER + i, NoticeKind::Opened)];
        children.push(store.create_ticket(&ticket(GUILD).build(), &[created(t0())], &notices).await.unwrap());
    }
    // A new ticket: its triage post (which opens its thread), then a post in that thread.
    let fresh =
        store.create_ticket(&ticket(GUILD).build(), &[created(t0())], &[triage(), thread()]).await.unwrap();
    let now = t0() + minutes(1);
    let kinds = |items: &[OutboxItem]| -> Vec<(Option<i64>, Recipient)> {
        items.iter().map(|i| (i.ticket_id, i.payload.notice().expect("a notice").recipient)).collect()
    };

    // Two places for triage notices out of five: the two oldest, then the DMs.
    let first = store.lease_notices_sharing("w", now, now + minutes(1), 5, 2).await.unwrap();
    let dm_of = |i: usize| (Some(children[i].id), Recipient::User { id: REQUESTER + i as i64 });
    assert_eq!(
        kinds(&first),
        vec![
            (Some(children[0].id), Recipient::Triage),
            dm_of(0),
            (Some(children[1].id), Recipient::Triage),
            dm_of(1),
            dm_of(2),
        ]
    );
    // No place for triage notices: the last DM, but not the thread post whose triage post waits.
    let second = store.lease_notices_sharing("w", now, now + minutes(1), 5, 0).await.unwrap();
    assert_eq!(kinds(&second), vec![dm_of(3)]);
    // One place: the oldest triage notice left, and nothing of the new ticket's behind it.
    let third = store.lease_notices_sharing("w", now, now + minutes(1), 5, 1).await.unwrap();
    assert_eq!(kinds(&third), vec![(Some(children[2].id), Recipient::Triage)]);
    // Two: the new ticket's triage post is leased, and its thread post with it (delivered after it).
    let fourth = store.lease_notices_sharing("w", now, now + minutes(1), 5, 2).await.unwrap();
    assert_eq!(
        kinds(&fourth),
        vec![
            (Some(children[3].id), Recipient::Triage),
            (Some(fresh.id), Recipient::Triage),
            (Some(fresh.id), Recipient::Thread),
        ]
    );
    assert!(store.lease_notices_sharing("w", now, now + minutes(1), 5, 5).await.unwrap().is_empty());
}

async fn workers_leasing_at_the_same_time_never_get_the_same_notice(db: TestDb) {
    let store = db.open().await;
    let notices: Vec<_> = (0..40).map(|i| dm(REQUESTER + i, NoticeKind::Opened)).collect();
    store.create_ticket(&ticket(GUILD).build(), &[created(t0())], &notices).await.unwrap();
    let workers = 4;
    let barrier = Arc::new(Barrier::new(workers));
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let mut mine = Vec::new();
                loop {
                    let batch = store
                        .lease_notices(&format!("worker-{w}"), t0(), t0() + minutes(5), 3)
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        break mine;
                    }
                    mine.extend(batch.into_iter().map(|i| i.id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let distinct: HashSet<_> = all.iter().copied().collect();
    assert_eq!(all.len(), 40, "every notice leased exactly once");
    assert_eq!(distinct.len(), 40, "no notice leased twice");
}

async fn retries_failures_and_deliveries_are_recorded(db: TestDb) {
    let store = db.open().await;
    let notices: Vec<_> = (0..3).map(|i| dm(REQUESTER + i, NoticeKind::Opened)).collect();
    store.create_ticket(&ticket(GUILD).build(), &[created(t0())], &notices).await.unwrap();
    let now = t0() + minutes(1);
    let leased = store.lease_notices("w", now, now + minutes(1), 10).await.unwrap();
    let [a, b, c] = [leased[0].id, leased[1].id, leased[2].id];

    store.notice_retry(a, now + minutes(10), "HTTP 503").await.unwrap();
    store.notice_failed(b, now, "50007: cannot send messages to this user").await.unwrap();
    store.notice_delivered(c, now).await.unwrap();
    assert_eq!(store.pending_notices().await.unwrap(), 1, "only the retried notice is pending");

    // The retry clears the lease but is not due before its time.
    assert!(store.lease_notices("w", now + minutes(9), now + minutes(20), 10).await.unwrap().is_empty());
    let again = store.lease_notices("w", now + minutes(10), now + minutes(20), 10).await.unwrap();
    assert_eq!(again.iter().map(|i| (i.id, i.attempts)).collect::<Vec<_>>(), vec![(a, 1)]);

    store.notice_retry(a, now + minutes(30), "HTTP 503").await.unwrap();
    let third = store.lease_notices("w", now + minutes(30), now + minutes(40), 10).await.unwrap();
    assert_eq!(third.iter().map(|i| (i.id, i.attempts)).collect::<Vec<_>>(), vec![(a, 2)]);
    store.notice_delivered(a, now + minutes(31)).await.unwrap();
    assert_eq!(store.pending_notices().await.unwrap(), 0);
    assert!(
        store
            .lease_notices("w", now + Duration::days(1), now + Duration::days(2), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(store.notice_delivered(a + 1000, now).await, Err(StoreError::NotFound)));
    assert!(matches!(store.notice_retry(a + 1000, now, "x").await, Err(StoreError::NotFound)));
    assert!(matches!(store.notice_failed(a + 1000, now, "x").await, Err(StoreError::NotFound)));
}

async fn a_notice_nobody_can_read_is_given_up_instead_of_blocking_the_outbox(db: TestDb) {
    let store = db.open().await;
    let notices: Vec<_> = (0..2).map(|i| dm(REQUESTER + i, NoticeKind::Opened)).collect();
    store.create_ticket(&ticket(GUILD).build(), &[created(t0())], &notices).await.unwrap();
    db.execute(
        "UPDATE outbox SET payload = '{\"recipient\":\"nobody\"}' WHERE id = (SELECT MIN(id) FROM outbox)",
    )
    .await;
    let leased = store.lease_notices("w", t0(), t0() + minutes(1), 10).await.unwrap();
    assert_eq!(leased.len(), 1);
    assert_eq!(leased[0].payload, OutboxPayload::Notice(notices[1].clone()));
    assert_eq!(store.pending_notices().await.unwrap(), 1, "the unreadable one is recorded as failed");
}

// ---------------------------------------------------------------------------------------------
// Intake conversations

async fn an_intake_survives_closing_and_reopening_the_store(db: TestDb) {
    let store = db.open().await;
    let saved = store
        .save_intake(&intake(GUILD, REQUESTER, r#"{"step":2,"category":"network"}"#, t0()), None)
        .await
        .unwrap();
    assert!(saved.id > 0);
    let mut next = saved.clone();
    next.state = r#"{"step":3,"category":"network"}"#.to_owned();
    next.updated_at = t0() + minutes(1);
    let updated = store.save_intake(&next, None).await.unwrap();
    assert_eq!(updated, next);
    drop(store);

    let reopened = db.open().await;
    assert_eq!(reopened.intake(GUILD, REQUESTER).await.unwrap(), Some(next));
    assert_eq!(reopened.intake(OTHER_GUILD, REQUESTER).await.unwrap(), None);
}

async fn a_user_has_at_most_one_active_intake_per_guild(db: TestDb) {
    let store = db.open().await;
    let first = store.save_intake(&intake(GUILD, REQUESTER, "first", t0()), None).await.unwrap();
    // Starting again while one is active continues that one.
    let second =
        store.save_intake(&intake(GUILD, REQUESTER, "second", t0() + minutes(1)), None).await.unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.state, "second");
    assert_eq!(second.created_at, t0());
    let elsewhere = store.save_intake(&intake(OTHER_GUILD, REQUESTER, "other", t0()), None).await.unwrap();
    assert_ne!(elsewhere.id, first.id);

    // Many simultaneous starts still make one conversation.
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .save_intake(&intake(GUILD, REQUESTER + 1, &format!("s{i}"), t0()), None)
                    .await
                    .unwrap()
                    .id
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap());
    }
    assert_eq!(ids.len(), 1);

    store.end_intake(first.id, IntakeEnd::Submitted, t0() + minutes(2), None).await.unwrap();
    assert_eq!(store.intake(GUILD, REQUESTER).await.unwrap(), None);
    assert!(matches!(
        store.end_intake(first.id, IntakeEnd::Cancelled, t0(), None).await,
        Err(StoreError::NotFound)
    ));
    let mut ended = second.clone();
    ended.state = "too late".to_owned();
    assert!(matches!(store.save_intake(&ended, None).await, Err(StoreError::NotFound)));
    let fresh = store.save_intake(&intake(GUILD, REQUESTER, "fresh", t0() + minutes(3)), None).await.unwrap();
    assert_ne!(fresh.id, first.id);
    assert_eq!(store.intake(GUILD, REQUESTER).await.unwrap().map(|i| i.state), Some("fresh".to_owned()));
}

async fn stale_intakes_are_listed_oldest_first_and_reminders_are_recorded(db: TestDb) {
    let store = db.open().await;
    // Whole second vs fractional second: a time format that varied in width would misorder these.
    let whole = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
    let a =
        store.save_intake(&intake(GUILD, 1, "a", whole + Duration::milliseconds(500)), None).await.unwrap();
    let b = store.save_intake(&intake(GUILD, 2, "b", whole), None).await.unwrap();
    let c = store.save_intake(&intake(GUILD, 3, "c", whole + minutes(60)), None).await.unwrap();
    let d = store.save_intake(&intake(GUILD, 4, "d", whole), None).await.unwrap();
    store.end_intake(d.id, IntakeEnd::Expired, whole + minutes(1), None).await.unwrap();

    let before = whole + Duration::milliseconds(700);
    let stale = store.stale_intakes(before, 10).await.unwrap();
    assert_eq!(stale.iter().map(|i| i.id).collect::<Vec<_>>(), vec![b.id, a.id]);
    assert_eq!(store.stale_intakes(before, 1).await.unwrap().len(), 1);
    assert_eq!(store.stale_intakes(whole, 10).await.unwrap(), vec![], "strictly before");

    store.mark_intake_reminded(b.id, whole + minutes(30)).await.unwrap();
    let reminded = store.intake(GUILD, 2).await.unwrap().unwrap();
    assert_eq!(reminded.reminded_at, Some(whole + minutes(30)));
    assert_eq!(reminded.updated_at, whole, "a reminder does not make the conversation fresh");
    assert_eq!(store.stale_intakes(whole + minutes(61), 10).await.unwrap().len(), 3);
    assert!(c.id > 0);
    assert!(matches!(store.mark_intake_reminded(d.id, whole).await, Err(StoreError::NotFound)));

    // Reminders: only once, even with several processes asking at the same time.
    let unreminded = store.unreminded_intakes(whole + minutes(61), 10).await.unwrap();
    assert!(unreminded.iter().all(|i| i.id != b.id), "b was reminded already");
    assert_eq!(unreminded.len(), 2);
    assert!(
        matches!(store.mark_intake_reminded(b.id, whole + minutes(40)).await, Err(StoreError::NotFound)),
        "a second reminder of the same intake is refused"
    );
}

// ---------------------------------------------------------------------------------------------
// Queue

async fn the_queue_sorts_by_priority_then_next_due_then_number(db: TestDb) {
    let store = db.open().await;
    let h = |n: i64| Some(t0() + Duration::hours(n));
    // Created in this order, so numbers 1..=7.
    let specs = [
        (Priority::P2, h(1), Status::Open),               // #1
        (Priority::P1, h(3), Status::InProgress),         // #2
        (Priority::P1, h(2), Status::Open),               // #3
        (Priority::P1, None, Status::Open),               // #4
        (Priority::P3, h(1), Status::WaitingOnRequester), // #5
        (Priority::P1, h(2), Status::Open),               // #6: same as #3, later number
        (Priority::P1, h(0), Status::Resolved),           // #7: not active
    ];
    for (p, due, s) in specs {
        create(&store, ticket(GUILD).priority(p).due(due).status(s).build()).await;
    }
    create(&store, ticket(OTHER_GUILD).priority(Priority::P1).build()).await;

    let page = store.queue(GUILD, &QueueFilter::default(), Page::first(50)).await.unwrap();
    assert_eq!(numbers(&page.tickets), vec![3, 6, 2, 4, 1, 5]);
    assert_eq!(page.total, 6);

    // After the first response the resolution deadline is what counts.
    let mut four = store.ticket_by_number(GUILD, TicketNumber(4)).await.unwrap();
    four.sla.first_response_at = Some(t0());
    four.sla.resolution_due = h(1);
    store.commit(&four, &[], &[]).await.unwrap();
    let page = store.queue(GUILD, &QueueFilter::default(), Page::first(50)).await.unwrap();
    assert_eq!(numbers(&page.tickets), vec![4, 3, 6, 2, 1, 5]);
}

async fn the_queue_filters_by_status_level_assignee_category_requester_and_unassigned(db: TestDb) {
    let store = db.open().await;
    create(&store, ticket(GUILD).build()).await; // #1 open, L1, network
    create(&store, ticket(GUILD).level(Level::TWO).build()).await; // #2
    create(&store, ticket(GUILD).status(Status::InProgress).assignee(TECH).build()).await; // #3
    create(&store, ticket(GUILD).category("printing").build()).await; // #4
    create(&store, ticket(GUILD).requester(REQUESTER + 1).build()).await; // #5
    create(&store, ticket(GUILD).status(Status::Closed).assignee(TECH).build()).await; // #6
    create(&store, ticket(GUILD).status(Status::Intake).build()).await; // #7

    let all = Page::first(100);
    let q = |filter: QueueFilter| {
        let store = store.clone();
        async move {
            let page = store.queue(GUILD, &filter, all).await.unwrap();
            assert_eq!(page.total, page.tickets.len() as i64);
            numbers(&page.tickets)
        }
    };
    assert_eq!(q(QueueFilter::default()).await, vec![1, 2, 3, 4, 5]);
    assert_eq!(q(QueueFilter { status: Some(Status::Closed), ..Default::default() }).await, vec![6]);
    assert_eq!(q(QueueFilter { status: Some(Status::InProgress), ..Default::default() }).await, vec![3]);
    assert_eq!(q(QueueFilter { level: Some(Level::TWO), ..Default::default() }).await, vec![2]);
    assert_eq!(q(QueueFilter { assignee: Some(TECH), ..Default::default() }).await, vec![3]);
    assert_eq!(q(QueueFilter { unassigned: true, ..Default::default() }).await, vec![1, 2, 4, 5]);
    assert_eq!(q(QueueFilter { category: Some("printing".to_owned()), ..Default::default() }).await, vec![4]);
    assert_eq!(q(QueueFilter { requester: Some(REQUESTER + 1), ..Default::default() }).await, vec![5]);
    assert_eq!(
        q(QueueFilter { status: Some(Status::Closed), assignee: Some(TECH), ..Default::default() }).await,
        vec![6]
    );
    assert_eq!(q(QueueFilter { level: Some(Level::THREE), ..Default::default() }).await, Vec::<i64>::new());
}

/// Where a stored ticket stands in the queue.
fn key(t: &Ticket) -> QueueKey {
    QueueKey::of(t).expect("a stored ticket has a number")
}

async fn the_queue_pages_by_place_both_ways_and_counts_the_total(db: TestDb) {
    let store = db.open().await;
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(create(&store, ticket(GUILD).build()).await);
    }
    let page = |seek| {
        let store = store.clone();
        async move {
            let p = store.queue(GUILD, &QueueFilter::default(), Page { seek, limit: 2 }).await.unwrap();
            (numbers(&p.tickets), p.total, p.ahead)
        }
    };
    assert_eq!(page(Seek::First).await, (vec![1, 2], 5, 0));
    assert_eq!(page(Seek::After(key(&made[1]))).await, (vec![3, 4], 5, 2));
    assert_eq!(page(Seek::After(key(&made[3]))).await, (vec![5], 5, 4));
    assert_eq!(page(Seek::Before(key(&made[4]))).await, (vec![3, 4], 5, 2));
    assert_eq!(page(Seek::Last).await, (vec![4, 5], 5, 3));
    // Past the end (the last ticket was taken meanwhile): nothing more, and nothing shown twice.
    assert_eq!(page(Seek::After(key(&made[4]))).await, (vec![], 5, 5));
    // Near the top a page is never short: the first page.
    assert_eq!(page(Seek::Before(key(&made[1]))).await, (vec![1, 2], 5, 0));
}

/// What makes a new ticket match a filter.
type Matching = fn(TicketBuilder) -> TicketBuilder;

/// Each `/queue` and `/mytickets` filter, and what makes a new ticket match it.
fn queue_filters() -> Vec<(QueueFilter, Matching)> {
    vec![
        (QueueFilter::default(), |t| t),
        (QueueFilter { status: Some(Status::Open), ..Default::default() }, |t| t),
        (QueueFilter { level: Some(Level::TWO), ..Default::default() }, |t| t.level(Level::TWO)),
        (QueueFilter { assignee: Some(TECH), ..Default::default() }, |t| {
            t.status(Status::InProgress).assignee(TECH)
        }),
        (QueueFilter { unassigned: true, ..Default::default() }, |t| t),
        (QueueFilter { category: Some("printing".to_owned()), ..Default::default() }, |t| {
            t.category("printing")
        }),
        (QueueFilter { requester: Some(REQUESTER + 1), ..Default::default() }, |t| {
            t.requester(REQUESTER + 1)
        }),
    ]
}

async fn keyset_pages_neither_skip_nor_repeat_a_ticket_while_tickets_change_between_pages(db: TestDb) {
    let store = db.open().await;
    let order =
        |t: &Ticket| (t.priority.rank(), t.sla.next_due().is_none(), t.sla.next_due(), t.number.map(|n| n.0));
    for (n, (filter, matching)) in queue_filters().into_iter().enumerate() {
        // One organisation per filter; its tickets in every priority, with ties and no due times,
        // among others the filter leaves out (a closed one, and ones that differ in the filter's
        // own field, except for the filters that the plain ticket matches).
        let guild = GUILD + 10 + n as i64;
        let mut members = Vec::new();
        for i in 0..26_i64 {
            let due = (i % 5 != 0).then(|| t0() + Duration::hours(i % 3));
            let priority = Priority::ALL[i as usize % 4];
            members.push(create(&store, matching(ticket(guild).priority(priority).due(due)).build()).await);
            if i % 4 == 0 {
                create(&store, ticket(guild).priority(priority).due(due).status(Status::Closed).build())
                    .await;
                let other = ticket(guild).priority(priority).level(Level::THREE).category("x").build();
                let other = create(&store, other).await;
                if !filter_narrows(&filter) {
                    members.push(other);
                }
            }
        }
        let walk = Page { seek: Seek::First, limit: 5 };
        let first = store.queue(guild, &filter, walk).await.unwrap();
        assert_eq!(first.total, members.len() as i64, "{filter:?}");

        // Page forward as a technician clicks Next, while others resolve a ticket already shown,
        // open an urgent one (sorted before the page) and claim one not shown yet.
        let (mut shown, mut touched) = (Vec::new(), HashSet::new());
        let mut page = first;
        let mut unseen: Vec<Ticket> = members.clone();
        let mut steps = 0;
        loop {
            shown.extend(page.tickets.iter().map(|t| (t.number, order(t))));
            unseen.retain(|m| !page.tickets.iter().any(|t| t.number == m.number));
            let Some(last) = page.tickets.last() else { break };
            if page.ahead + page.tickets.len() as i64 >= page.total {
                break;
            }
            let done = page.tickets[0].clone();
            let mut resolved = store.ticket(done.id).await.unwrap();
            resolved.status = Status::Resolved;
            resolved.resolved_at = Some(t0() + minutes(30));
            store.commit(&resolved, &[], &[]).await.unwrap();
            touched.insert(done.number);
            // Every second time, two: the list shrinks and grows by turns.
            for _ in 0..(steps % 2) * 2 {
                let urgent =
                    matching(ticket(guild).priority(Priority::P1).due(Some(t0() - Duration::hours(1))));
                touched.insert(create(&store, urgent.build()).await.number);
            }
            steps += 1;
            if let Some(next) = unseen.pop() {
                let mut claimed = store.ticket(next.id).await.unwrap();
                claimed.status = Status::InProgress;
                claimed.assignee_id = Some(TECH);
                claimed.sla.first_response_at = Some(t0() + minutes(1));
                store.commit(&claimed, &[], &[]).await.unwrap();
                touched.insert(next.number);
            }
            page = store.queue(guild, &filter, Page { seek: Seek::After(key(last)), ..walk }).await.unwrap();
        }

        let mut seen = HashSet::new();
        for (number, _) in &shown {
            assert!(seen.insert(*number), "{filter:?}: #{number:?} shown twice");
        }
        for m in members.iter().filter(|m| !touched.contains(&m.number)) {
            assert!(seen.contains(&m.number), "{filter:?}: #{:?} never shown", m.number);
        }
        let untouched: Vec<_> = shown.iter().filter(|(n, _)| !touched.contains(n)).map(|(_, k)| *k).collect();
        assert!(untouched.is_sorted(), "{filter:?}: shown out of order");
    }
}

/// Whether the plain ticket (open, level 1, network, unassigned) falls outside `filter`.
fn filter_narrows(filter: &QueueFilter) -> bool {
    filter.level.is_some()
        || filter.assignee.is_some()
        || filter.category.is_some()
        || filter.requester.is_some()
}

// ---------------------------------------------------------------------------------------------
// Watchers, DM channels, export

async fn a_watcher_is_added_once(db: TestDb) {
    let store = db.open().await;
    let t = create(&store, ticket(GUILD).build()).await;
    let other = create(&store, ticket(GUILD).build()).await;
    assert!(store.add_watcher(t.id, 7, t0()).await.unwrap());
    assert!(store.add_watcher(t.id, 8, t0() + minutes(1)).await.unwrap());
    assert!(!store.add_watcher(t.id, 7, t0() + minutes(2)).await.unwrap(), "already watching");
    assert_eq!(store.watchers(t.id).await.unwrap(), vec![7, 8]);
    assert_eq!(store.watchers(other.id).await.unwrap(), Vec::<i64>::new());
}

async fn dm_channels_are_remembered_and_replaced(db: TestDb) {
    let store = db.open().await;
    assert_eq!(store.dm_channel(REQUESTER).await.unwrap(), None);
    store.save_dm_channel(REQUESTER, 111).await.unwrap();
    assert_eq!(store.dm_channel(REQUESTER).await.unwrap(), Some(111));
    store.save_dm_channel(REQUESTER, 222).await.unwrap();
    assert_eq!(store.dm_channel(REQUESTER).await.unwrap(), Some(222));
    assert_eq!(store.dm_channel(REQUESTER + 1).await.unwrap(), None);
}

async fn a_chosen_language_wins_over_the_locales_seen_later(db: TestDb) {
    use deskbot::domain::Lang;
    let store = db.open().await;
    assert_eq!(store.user_lang(REQUESTER).await.unwrap(), None);
    store.save_user_lang(REQUESTER, Lang::De, false, t0()).await.unwrap();
    assert_eq!(store.user_lang(REQUESTER).await.unwrap(), Some(Lang::De));
    store.save_user_lang(REQUESTER, Lang::Es, false, t0() + minutes(1)).await.unwrap();
    assert_eq!(store.user_lang(REQUESTER).await.unwrap(), Some(Lang::Es), "the last locale seen");
    store.save_user_lang(REQUESTER, Lang::It, true, t0() + minutes(2)).await.unwrap();
    store.save_user_lang(REQUESTER, Lang::En, false, t0() + minutes(3)).await.unwrap();
    assert_eq!(store.user_lang(REQUESTER).await.unwrap(), Some(Lang::It), "/language wins");
    store.save_user_lang(REQUESTER, Lang::De, true, t0() + minutes(4)).await.unwrap();
    assert_eq!(store.user_lang(REQUESTER).await.unwrap(), Some(Lang::De), "a new choice replaces it");
    assert_eq!(store.user_lang(REQUESTER + 1).await.unwrap(), None);
}

async fn skills_and_duty_are_kept_per_technician_and_a_level_left_out_stays(db: TestDb) {
    let store = db.open().await;
    assert_eq!(store.technicians().await.unwrap(), vec![]);
    let coordinator = 600_000_000_000_000_001;
    let skills = vec!["network".to_owned(), "printing".to_owned()];
    let set = store.set_skills(TECH, &skills, Some(Level::TWO), coordinator, t0()).await.unwrap();
    assert_eq!(set.skills, Some(skills.clone()));
    assert_eq!(
        (set.level, set.skills_set_by, set.skills_set_at),
        (Some(Level::TWO), Some(coordinator), Some(t0().trunc_subsecs(6)))
    );
    assert_eq!((set.on_duty, set.duty_set_at), (None, None), "never said /duty");

    // Duty does not touch the skills; new skills without a level keep the level.
    let on = store.set_duty(TECH, true, t0() + minutes(1)).await.unwrap();
    assert_eq!((on.on_duty, on.duty_set_at), (Some(true), Some((t0() + minutes(1)).trunc_subsecs(6))));
    assert_eq!(on.skills, Some(skills));
    let only = vec!["accounts".to_owned()];
    let changed = store.set_skills(TECH, &only, None, coordinator, t0() + minutes(2)).await.unwrap();
    assert_eq!(
        (changed.skills, changed.level, changed.on_duty),
        (Some(only.clone()), Some(Level::TWO), Some(true))
    );

    // A technician who only said /duty off has no skills or level of their own: the TOML's count.
    let other = TECH + 1;
    store.set_duty(other, false, t0() + minutes(3)).await.unwrap();
    let all = store.technicians().await.unwrap();
    assert_eq!(all.iter().map(|t| t.user_id).collect::<Vec<_>>(), vec![TECH, other]);
    assert_eq!((all[1].skills.as_ref(), all[1].level, all[1].on_duty), (None, None, Some(false)));
    // No skills at all is a valid answer (stored as such, not as "the TOML's").
    let none = store.set_skills(other, &[], None, coordinator, t0() + minutes(4)).await.unwrap();
    assert_eq!(none.skills, Some(vec![]));
}

async fn the_active_load_counts_each_assignees_open_tickets_by_priority(db: TestDb) {
    let store = db.open().await;
    let other_tech = TECH + 1;
    for t in [
        ticket(GUILD).status(Status::InProgress).assignee(TECH).priority(Priority::P1).build(),
        ticket(GUILD).status(Status::InProgress).assignee(TECH).priority(Priority::P3).build(),
        ticket(GUILD).status(Status::WaitingOnRequester).assignee(TECH).priority(Priority::P3).build(),
        ticket(GUILD).status(Status::InProgress).assignee(other_tech).priority(Priority::P4).build(),
        // Not counted: finished, unassigned, or in another guild.
        ticket(GUILD).status(Status::Resolved).assignee(TECH).priority(Priority::P1).build(),
        ticket(GUILD).status(Status::Closed).assignee(other_tech).build(),
        ticket(GUILD).priority(Priority::P1).build(),
        ticket(OTHER_GUILD).status(Status::InProgress).assignee(TECH).build(),
    ] {
        create(&store, t).await;
    }
    assert_eq!(
        store.active_load(GUILD).await.unwrap(),
        vec![(TECH, Priority::P1, 1), (TECH, Priority::P3, 2), (other_tech, Priority::P4, 1)]
    );
}

async fn export_returns_tickets_changed_since_a_time_with_all_their_events(db: TestDb) {
    let store = db.open().await;
    let old = create(&store, ticket(GUILD).build()).await;
    let changed = create(&store, ticket(GUILD).build()).await;
    let noted = create(&store, ticket(OTHER_GUILD).build()).await;
    let (next, ev, _) = claimed(&changed, TECH, t0() + Duration::hours(2));
    store.commit(&next, &[ev], &[]).await.unwrap();
    store
        .record(noted.id, &[event(EventKind::Note, Some(TECH), t0() + Duration::hours(3), None, None)], &[])
        .await
        .unwrap();

    let (tickets, events) = store.export(Some(t0() + Duration::hours(1))).await.unwrap();
    assert_eq!(tickets.iter().map(|t| t.id).collect::<Vec<_>>(), vec![changed.id, noted.id]);
    let pairs: Vec<_> = events.iter().map(|e| (e.ticket_id, e.kind)).collect();
    assert_eq!(
        pairs,
        vec![
            (changed.id, EventKind::Created),
            (changed.id, EventKind::Claimed),
            (noted.id, EventKind::Created),
            (noted.id, EventKind::Note)
        ]
    );

    let (tickets, events) = store.export(None).await.unwrap();
    assert_eq!(tickets.iter().map(|t| t.id).collect::<Vec<_>>(), vec![old.id, changed.id, noted.id]);
    assert_eq!(events.len(), 5);
    let (tickets, _) = store.export(Some(t0() + Duration::hours(2))).await.unwrap();
    assert_eq!(tickets.len(), 2, "at the exact time counts as since");
    let (tickets, events) = store.export(Some(t0() + Duration::days(1))).await.unwrap();
    assert!(tickets.is_empty() && events.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Stored values

async fn times_round_trip_at_microsecond_precision(db: TestDb) {
    let store = db.open().await;
    let precise =
        Utc.with_ymd_and_hms(2025, 12, 31, 23, 59, 59).unwrap() + Duration::nanoseconds(987_654_321);
    let micros = precise.trunc_subsecs(6);
    assert_ne!(precise, micros);
    let mut t = ticket(GUILD).at(precise).build();
    t.sla.first_response_due = Some(precise + Duration::hours(1));
    t.closed_at = Some(precise);
    let stored = store.create_ticket(&t, &[created(precise)], &[]).await.unwrap();
    assert_eq!(stored.created_at, micros);
    assert_eq!(stored.updated_at, micros);
    assert_eq!(stored.closed_at, Some(micros));
    assert_eq!(stored.sla.first_response_due, Some(micros + Duration::hours(1)));
    assert_eq!(store.ticket(stored.id).await.unwrap(), stored);
    assert_eq!(store.events(stored.id).await.unwrap()[0].at, micros);
    let whole = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let rec = store.save_intake(&intake(GUILD, 5, "{}", whole), None).await.unwrap();
    assert_eq!(rec.created_at, whole);
}

async fn a_bad_stored_value_is_reported_as_corrupt_not_a_panic(db: TestDb) {
    let store = db.open().await;
    let t = create(&store, ticket(GUILD).build()).await;
    let second = create(&store, ticket(GUILD).build()).await;

    db.execute(&format!("UPDATE tickets SET status = 'on_fire' WHERE id = {}", t.id)).await;
    match store.ticket(t.id).await {
        Err(StoreError::Corrupt(why)) => assert!(why.contains("status"), "{why}"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    assert!(matches!(store.ticket_by_number(GUILD, TicketNumber(1)).await, Err(StoreError::Corrupt(_))));
    assert!(matches!(store.export(None).await, Err(StoreError::Corrupt(_))));

    db.execute(&format!("UPDATE tickets SET priority = 9 WHERE id = {}", second.id)).await;
    assert!(matches!(store.ticket(second.id).await, Err(StoreError::Corrupt(_))));
    assert!(matches!(
        store.queue(GUILD, &QueueFilter::default(), Page::first(10)).await,
        Err(StoreError::Corrupt(_))
    ));

    db.execute(&format!("UPDATE events SET kind = 'teleported' WHERE ticket_id = {}", second.id)).await;
    assert!(matches!(store.events(second.id).await, Err(StoreError::Corrupt(_))));

    db.execute(&format!("UPDATE tickets SET answers = 'not json', status = 'open' WHERE id = {}", t.id))
        .await;
    assert!(matches!(store.ticket(t.id).await, Err(StoreError::Corrupt(_))));

    if db.backend == Backend::Sqlite {
        // SQLite stores whatever text it is given; a time that does not parse is corrupt too.
        db.execute(&format!(
            "UPDATE tickets SET answers = '[]', created_at = 'last tuesday' WHERE id = {}",
            t.id
        ))
        .await;
        assert!(matches!(store.ticket(t.id).await, Err(StoreError::Corrupt(_))));
    }
}

// ---------------------------------------------------------------------------------------------
// Running the suite on both backends

async fn run<F, Fut>(backend: Backend, name: &str, test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()>,
{
    if let Some(db) = TestDb::new(backend, name).await {
        test(db).await;
    }
}

// ----- direct messages, leases, at-most-once events --------------------------------------------

fn direct(user: i64, text: &str) -> DirectMessage {
    DirectMessage { user_id: user, channel_id: Some(77), body: serde_json::json!({ "content": text }) }
}

async fn an_intake_step_and_its_question_are_written_together_or_not_at_all(db: TestDb) {
    let store = db.open().await;
    let saved = store
        .save_intake(&intake(GUILD, REQUESTER, "{}", t0()), Some(&direct(REQUESTER, "Q1")))
        .await
        .unwrap();
    let leased = store.lease_notices("w", t0() + minutes(1), t0() + minutes(2), 10).await.unwrap();
    assert_eq!(leased.len(), 1);
    assert_eq!(leased[0].payload, OutboxPayload::Direct(direct(REQUESTER, "Q1")));
    assert_eq!(leased[0].ticket_id, None);
    store.notice_delivered(leased[0].id, t0() + minutes(1)).await.unwrap();
    // Ending an intake that is no longer active queues nothing.
    store.end_intake(saved.id, IntakeEnd::Cancelled, t0(), Some(&direct(REQUESTER, "bye"))).await.unwrap();
    let again =
        store.end_intake(saved.id, IntakeEnd::Cancelled, t0(), Some(&direct(REQUESTER, "bye again"))).await;
    assert!(matches!(again, Err(StoreError::NotFound)), "{again:?}");
    let leased = store.lease_notices("w", t0() + minutes(3), t0() + minutes(4), 10).await.unwrap();
    let texts: Vec<String> = leased
        .iter()
        .filter_map(|i| match &i.payload {
            OutboxPayload::Direct(d) => d.body["content"].as_str().map(str::to_owned),
            OutboxPayload::Notice(_) | OutboxPayload::Digest(_) => None,
        })
        .collect();
    assert_eq!(texts, ["bye"], "the failed end queued nothing");
}

async fn a_restarted_worker_takes_its_leases_back_and_renewing_keeps_them(db: TestDb) {
    let store = db.open().await;
    store.enqueue(&direct(REQUESTER, "a"), t0()).await.unwrap();
    store.enqueue(&direct(REQUESTER, "b"), t0()).await.unwrap();
    let leased = store.lease_notices("host-1", t0(), t0() + minutes(1), 10).await.unwrap();
    assert_eq!(leased.len(), 2);
    // Another worker sees nothing while the lease holds, even after a renewal past its first end.
    assert_eq!(store.renew_leases("host-1", t0() + minutes(5)).await.unwrap(), 2);
    assert!(
        store.lease_notices("host-2", t0() + minutes(2), t0() + minutes(3), 10).await.unwrap().is_empty()
    );
    // host-1 restarts: it takes its own leases back at once.
    assert_eq!(store.release_leases("host-1").await.unwrap(), 2);
    assert_eq!(
        store.lease_notices("host-1", t0() + minutes(2), t0() + minutes(3), 10).await.unwrap().len(),
        2
    );
    assert_eq!(store.release_leases("nobody").await.unwrap(), 0);
}

async fn an_event_recorded_with_its_effect_makes_a_second_delivery_change_nothing(db: TestDb) {
    let store = db.open().await;
    let first = EventScope::new("m:42");
    let saved = first
        .clone()
        .run(store.save_intake(&intake(GUILD, REQUESTER, "one", t0()), Some(&direct(REQUESTER, "Q"))))
        .await
        .unwrap();
    // The same handler may write again.
    let mut next = saved.clone();
    next.state = "two".to_owned();
    first.run(store.save_intake(&next, None)).await.unwrap();
    // A second delivery of the same event is refused and writes nothing.
    let mut third = saved.clone();
    third.state = "three".to_owned();
    let duplicate =
        EventScope::new("m:42").run(store.save_intake(&third, Some(&direct(REQUESTER, "Q again")))).await;
    assert!(matches!(duplicate, Err(StoreError::Duplicate)), "{duplicate:?}");
    assert_eq!(store.intake(GUILD, REQUESTER).await.unwrap().unwrap().state, "two");
    assert_eq!(store.pending_notices().await.unwrap(), 1, "one question queued, not two");
    // Another event is its own.
    EventScope::new("m:43").run(store.enqueue(&direct(REQUESTER, "other"), t0())).await.unwrap();
    // Keys are forgotten after a while.
    assert_eq!(store.forget_events(chrono::Utc::now() + minutes(1)).await.unwrap(), 2);
}

async fn the_same_event_handled_twice_at_once_takes_effect_once(db: TestDb) {
    let store = db.open().await;
    let barrier = std::sync::Arc::new(Barrier::new(8));
    let mut handles = Vec::new();
    for i in 0..8 {
        let (store, barrier) = (store.clone(), barrier.clone());
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            EventScope::new("i:7").run(store.enqueue(&direct(REQUESTER, &format!("answer {i}")), t0())).await
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Duplicate) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(store.pending_notices().await.unwrap(), 1);
}

// ---------------------------------------------------------------------------------------------
// What /metrics reads

async fn gauges_count_tickets_open_queues_sla_breaches_the_outbox_and_intakes(db: TestDb) {
    let store = db.open().await;
    assert_eq!(store.gauges(t0()).await.unwrap(), deskbot::store::DeskGauges::default());

    create(&store, ticket(GUILD).build()).await;
    create(&store, ticket(GUILD).due(Some(t0() + minutes(10))).build()).await;
    create(&store, ticket(GUILD).priority(Priority::P1).level(Level::TWO).build()).await;
    let late_in_progress =
        ticket(GUILD).status(Status::InProgress).assignee(TECH).due(Some(t0() + minutes(20))).build();
    create(&store, late_in_progress).await;
    let mut waiting =
        ticket(GUILD).status(Status::WaitingOnRequester).priority(Priority::P2).assignee(TECH).build();
    waiting.sla.first_response_due = Some(t0() + minutes(5));
    waiting.sla.paused_at = Some(t0() + minutes(1));
    create(&store, waiting).await;
    create(&store, ticket(OTHER_GUILD).status(Status::Closed).priority(Priority::P4).build()).await;
    store.enqueue(&direct(REQUESTER, "Which VPN client do you use?"), t0() + minutes(1)).await.unwrap();
    store.enqueue(&direct(REQUESTER, "Anything else?"), t0() + minutes(2)).await.unwrap();
    store.save_intake(&intake(GUILD, REQUESTER, "{}", t0()), None).await.unwrap();

    let g = store.gauges(t0() + minutes(30)).await.unwrap();
    let mut tickets: Vec<(String, String, i64)> =
        g.tickets.iter().map(|(s, p, n)| (s.as_str().to_owned(), p.to_string(), *n)).collect();
    tickets.sort();
    let expected = [
        ("closed", "P4", 1),
        ("in_progress", "P3", 1),
        ("open", "P1", 1),
        ("open", "P3", 2),
        ("waiting_on_requester", "P2", 1),
    ];
    assert_eq!(tickets, expected.map(|(s, p, n)| (s.to_owned(), p.to_owned(), n)));
    let mut queue: Vec<(u8, i64)> = g.queue_by_level.iter().map(|(l, n)| (l.get(), *n)).collect();
    queue.sort();
    assert_eq!(queue, [(1, 2), (2, 1)], "open tickets nobody holds, by level");
    assert_eq!(g.sla_breached, 2, "past due and running; the paused one is not counted");
    assert_eq!(g.outbox_backlog, 2);
    assert_eq!(g.outbox_oldest, Some((t0() + minutes(1)).trunc_subsecs(6)));
    assert_eq!(g.intakes_open, 1);
}

// ---------------------------------------------------------------------------------------------
// The knowledge base

fn draft(seed: &kb_seed::Seed) -> ArticleDraft {
    let (title, symptoms, steps, category, tags) = *seed;
    ArticleDraft {
        title: title.to_owned(),
        symptoms: symptoms.to_owned(),
        steps: steps.to_owned(),
        category: category.to_owned(),
        tags: tags.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect(),
    }
}

/// The titles `store` finds for `query`, best first.
async fn titles(store: &Arc<dyn TicketStore>, guild: i64, query: &str) -> Vec<String> {
    let terms = search_terms(query);
    store.search_articles(guild, &terms, 5).await.unwrap().into_iter().map(|a| a.title).collect()
}

async fn articles_are_created_edited_and_retired_with_their_audit_trail(db: TestDb) {
    let store = db.open().await;
    let a = store.create_article(GUILD, &draft(&kb_seed::ARTICLES[0]), TECH, None, t0()).await.unwrap();
    assert_eq!(a.title, "VPN keeps disconnecting (AnyConnect)");
    assert_eq!(a.tags, vec!["vpn", "anyconnect"]);
    assert_eq!((a.author_id, a.updated_by, a.created_at), (TECH, TECH, t0().trunc_subsecs(6)));
    assert!(!a.is_retired());
    assert_eq!(store.article(GUILD, a.id).await.unwrap(), a);
    assert!(matches!(store.article(OTHER_GUILD, a.id).await, Err(StoreError::NotFound)));
    assert_eq!(titles(&store, GUILD, "anyconnect drops").await, ["VPN keeps disconnecting (AnyConnect)"]);

    // Edited: the index follows the new words, and the old ones no longer find it.
    let mut words = draft(&kb_seed::ARTICLES[0]);
    words.title = "GlobalProtect keeps disconnecting".to_owned();
    words.symptoms = "The GlobalProtect client drops every few minutes.".to_owned();
    words.tags = vec!["globalprotect".to_owned()];
    words.steps = "Update GlobalProtect to 6.2.".to_owned();
    let coordinator = TECH + 1;
    let edited = store.edit_article(GUILD, a.id, &words, coordinator, t0() + minutes(5)).await.unwrap();
    assert_eq!(
        (edited.title.as_str(), edited.updated_by),
        ("GlobalProtect keeps disconnecting", coordinator)
    );
    assert_eq!(edited.created_at, a.created_at);
    assert!(titles(&store, GUILD, "anyconnect").await.is_empty(), "the old words are gone from the index");
    assert_eq!(titles(&store, GUILD, "globalprotect").await, ["GlobalProtect keeps disconnecting"]);
    assert!(matches!(
        store.edit_article(OTHER_GUILD, a.id, &words, TECH, t0()).await,
        Err(StoreError::NotFound)
    ));

    // Retired: kept, but found no more, and neither edited nor retired again.
    let retired = store.retire_article(GUILD, a.id, coordinator, t0() + minutes(9)).await.unwrap();
    assert_eq!(retired.retired_by, Some(coordinator));
    assert!(retired.is_retired());
    assert!(titles(&store, GUILD, "globalprotect disconnecting").await.is_empty());
    assert!(store.articles(GUILD, None, 10).await.unwrap().is_empty());
    assert!(matches!(store.retire_article(GUILD, a.id, TECH, t0()).await, Err(StoreError::NotFound)));
    assert!(matches!(store.edit_article(GUILD, a.id, &words, TECH, t0()).await, Err(StoreError::NotFound)));
    assert!(store.article(GUILD, a.id).await.unwrap().is_retired(), "kept on record");

    let trail: Vec<(String, i64)> =
        store.article_events(a.id).await.unwrap().into_iter().map(|e| (e.kind, e.actor_id)).collect();
    assert_eq!(
        trail,
        [
            ("created".to_owned(), TECH),
            ("edited".to_owned(), coordinator),
            ("retired".to_owned(), coordinator)
        ]
    );
    assert_eq!(store.export_articles().await.unwrap().len(), 1, "export includes retired articles");
}

async fn articles_are_listed_by_title_per_category_and_guild(db: TestDb) {
    let store = db.open().await;
    for seed in &kb_seed::ARTICLES[..12] {
        store.create_article(GUILD, &draft(seed), TECH, None, t0()).await.unwrap();
    }
    store.create_article(OTHER_GUILD, &draft(&kb_seed::ARTICLES[20]), TECH, None, t0()).await.unwrap();
    let all = store.articles(GUILD, None, 100).await.unwrap();
    assert_eq!(all.len(), 12);
    let sorted: Vec<String> = {
        let mut t: Vec<String> = all.iter().map(|a| a.title.to_lowercase()).collect();
        t.sort();
        t
    };
    assert_eq!(all.iter().map(|a| a.title.to_lowercase()).collect::<Vec<_>>(), sorted);
    let hardware = store.articles(GUILD, Some("hardware"), 100).await.unwrap();
    assert!(!hardware.is_empty() && hardware.iter().all(|a| a.category == "hardware"));
    assert!(titles(&store, OTHER_GUILD, "vpn").await.is_empty(), "another guild's articles are not found");
}

async fn search_ranks_the_right_article_first_in_four_languages(db: TestDb) {
    let store = db.open().await;
    assert!(kb_seed::ARTICLES.len() >= 50);
    for seed in kb_seed::ARTICLES {
        store.create_article(GUILD, &draft(seed), TECH, None, t0()).await.unwrap();
    }
    // Retired articles are never found, however well they match.
    let decoy = ArticleDraft {
        title: "VPN disconnects every few minutes".to_owned(),
        ..draft(&kb_seed::ARTICLES[0])
    };
    let decoy = store.create_article(GUILD, &decoy, TECH, None, t0()).await.unwrap();
    store.retire_article(GUILD, decoy.id, TECH, t0()).await.unwrap();

    let cases = [
        ("My VPN keeps disconnecting every few minutes", "VPN keeps disconnecting (AnyConnect)"),
        ("vpn very slow when working from home", "VPN is very slow from home"),
        ("la impresora tiene un atasco de papel", "Impresora: atasco de papel"),
        ("la stampante non stampa, documenti in coda", "Stampante non stampa: coda bloccata"),
        ("Drucker druckt nicht", "Drucker druckt nicht"),
        ("my password has expired and I cannot log in", "Password expired: reset it"),
        ("contraseña caducada", "Contraseña caducada: cómo cambiarla"),
        ("la password è scaduta", "Password scaduta: come cambiarla"),
        ("Outlook crashes when I start it", "Outlook crashes on start"),
        ("los correos no llegan a Outlook, no sincroniza", "Outlook no sincroniza el correo"),
        ("laptop battery drains really fast", "Laptop battery drains quickly"),
        ("il portatile è lentissimo", "Il portatile è molto lento"),
        ("need access to the finance shared folder", "Request access to a shared folder"),
        ("acceso a la carpeta compartida de contabilidad", "Solicitar acceso a una carpeta compartida"),
        ("La VPN si disconnette continuamente", "La VPN si disconnette continuamente"),
    ];
    let mut wrong = Vec::new();
    for (query, expected) in cases {
        let found = titles(&store, GUILD, query).await;
        if found.first().map(String::as_str) != Some(expected) {
            wrong.push(format!("{query:?}: expected {expected:?} first, got {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(titles(&store, GUILD, "the and of with").await.is_empty(), "stop words alone find nothing");
    // Whatever is typed, the query is well formed on both databases.
    for hostile in
        ["½ ²³ 東京 ñandú", "x'; DROP TABLE articles; --", "\"vpn\" OR NEAR(a b) * :* | & !", "𝔙𝔓𝔑 🖨️"]
    {
        let terms = search_terms(hostile);
        store.search_articles(GUILD, &terms, 5).await.unwrap_or_else(|e| panic!("{hostile:?}: {e}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Major incidents

async fn children_leave_the_active_queue_under_every_filter_and_are_found_by_their_incident(db: TestDb) {
    let store = db.open().await;
    let parent = create(&store, ticket(GUILD).priority(Priority::P2).build()).await;
    let loose = create(&store, ticket(GUILD).requester(REQUESTER + 1).build()).await;
    let mut children = Vec::new();
    for i in 0..3 {
        let mut t = ticket(GUILD).requester(REQUESTER + 10 + i).build();
        t.parent_id = Some(parent.id);
        children.push(create(&store, t).await);
    }
    // One linked later, by a commit.
    let mut later = create(&store, ticket(GUILD).assignee(TECH).status(Status::InProgress).build()).await;
    later.parent_id = Some(parent.id);
    let later = store.commit(&later, &[], &[]).await.unwrap();
    assert_eq!(later.parent_id, Some(parent.id));

    let listed = |filter: QueueFilter| {
        let store = store.clone();
        async move { numbers(&store.queue(GUILD, &filter, Page::first(50)).await.unwrap().tickets) }
    };
    let top = vec![parent.number.unwrap().0, loose.number.unwrap().0];
    assert_eq!(listed(QueueFilter::default()).await, top);
    assert_eq!(listed(QueueFilter { level: Some(Level::ONE), ..QueueFilter::default() }).await, top);
    assert_eq!(listed(QueueFilter { category: Some("network".into()), ..QueueFilter::default() }).await, top);
    assert_eq!(listed(QueueFilter { unassigned: true, ..QueueFilter::default() }).await, top);
    assert!(listed(QueueFilter { assignee: Some(TECH), ..QueueFilter::default() }).await.is_empty());
    let total = store.queue(GUILD, &QueueFilter::default(), Page::first(1)).await.unwrap().total;
    assert_eq!(total, 2, "the count leaves the children out too");
    // A requester's own list and a status keep them.
    let mine = QueueFilter { requester: Some(REQUESTER + 10), ..QueueFilter::default() };
    assert_eq!(listed(mine).await, vec![children[0].number.unwrap().0]);
    let open = QueueFilter { status: Some(Status::Open), ..QueueFilter::default() };
    assert_eq!(listed(open).await.len(), 5);

    assert_eq!(store.child_count(parent.id).await.unwrap(), 4);
    let found: Vec<i64> = store.children(parent.id).await.unwrap().iter().map(|t| t.id).collect();
    assert_eq!(found, vec![children[0].id, children[1].id, children[2].id, later.id]);
    assert!(store.children_due(10).await.unwrap().is_empty(), "the incident is open");

    // Resolved: every active child is due, oldest first; a resolved child no longer is.
    let mut resolved = parent.clone();
    resolved.status = Status::Resolved;
    resolved.resolution_notes = Some("Restarted the concentrator.".into());
    resolved.resolution_code = Some(ResolutionCode::Fixed);
    resolved.resolved_at = Some(t0());
    store.commit(&resolved, &[], &[]).await.unwrap();
    let mut done = children[1].clone();
    done.status = Status::Resolved;
    store.commit(&done, &[], &[]).await.unwrap();
    let due: Vec<i64> = store.children_due(10).await.unwrap().iter().map(|t| t.id).collect();
    assert_eq!(due, vec![children[0].id, children[2].id, later.id]);
    assert_eq!(store.children_due(1).await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// The figures (/stats, deskbot report)

const TECH2: i64 = 500_000_000_000_000_002;

fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// A ticket created `created` after t0, resolved `resolved` after its creation, first answered
/// `responded` after it.
fn handled(
    created: Duration,
    responded: Option<Duration>,
    resolved: Option<Duration>,
    tech: i64,
) -> TicketBuilder {
    let mut b = ticket(GUILD).at(t0() + created).assignee(tech);
    b.0.sla.first_response_at = responded.map(|d| t0() + created + d);
    if let Some(r) = resolved {
        b.0.status = Status::Closed;
        b.0.resolved_at = Some(t0() + created + r);
        b.0.closed_at = Some(t0() + created + r + Duration::hours(1));
        b.0.resolution_code = Some(ResolutionCode::Fixed);
    } else {
        b.0.status = Status::InProgress;
    }
    b
}

/// The fixture is computed by hand; the period is the 7 days before t0 + 10 days (from t0 + 3 days).
async fn figures_match_a_hand_computed_fixture(db: TestDb) {
    use deskbot::domain::stats::{Scope, Spread};
    let store = db.open().await;
    // A: opened before the period, still open: backlog only.
    create(&store, ticket(GUILD).priority(Priority::P1).level(Level::TWO).build()).await;
    // B: opened in the period, answered after 30 min, in progress with TECH.
    create(&store, handled(days(4), Some(minutes(30)), None, TECH).priority(Priority::P2).build()).await;
    // C: answered after 10 min, resolved after a day by TECH, rated 5, on time.
    let mut c = handled(days(4), Some(minutes(10)), Some(days(1)), TECH).category("hardware").build();
    c.satisfaction = Some(5);
    create(&store, c).await;
    // D: answered after an hour, resolved after 2 h by TECH2, rated 2, resolution target breached.
    let mut d = handled(days(5), Some(minutes(60)), Some(Duration::hours(2)), TECH2).build();
    d.satisfaction = Some(2);
    d.sla.marks.resolution_breached_at = Some(t0() + days(5) + Duration::hours(1));
    create(&store, d).await;
    // E: opened before the period, resolved in it after 5 days by TECH, first response breached.
    let mut e = handled(days(1), Some(Duration::hours(5)), Some(days(5)), TECH).build();
    e.status = Status::Resolved;
    e.closed_at = None;
    e.sla.marks.first_response_breached_at = Some(t0() + days(1) + Duration::hours(4));
    create(&store, e).await;
    // F: cancelled; G: another organisation's; H: opened on the last day, nobody has it yet.
    create(&store, ticket(GUILD).at(t0() + days(6)).status(Status::Cancelled).build()).await;
    // X: answered after a minute, resolved after 5 minutes by TECH.
    create(&store, handled(days(5), Some(minutes(1)), Some(minutes(5)), TECH).build()).await;
    let mut g = handled(days(5), Some(minutes(1)), Some(minutes(5)), TECH).build();
    g.guild_id = OTHER_GUILD;
    create(&store, g).await;
    create(&store, ticket(GUILD).at(t0() + days(9)).build()).await;
    // Self-service: one in the period, one before it, one intake that became a ticket.
    for (user, end, at) in [
        (1, IntakeEnd::SelfServed { article: None }, days(8)),
        (2, IntakeEnd::SelfServed { article: None }, days(1)),
        (3, IntakeEnd::Submitted, days(8)),
    ] {
        let i = store.save_intake(&intake(GUILD, user, "{}", t0() + at), None).await.unwrap();
        store.end_intake(i.id, end, t0() + at, None).await.unwrap();
    }

    let now = t0() + days(10);
    let scope = Scope::last_days(now, 7, None);
    let f = deskbot::service::stats::figures(store.as_ref(), GUILD, scope).await.unwrap();
    assert_eq!(f.opened, 5, "B, C, D, X and H; not A, E (before), F (cancelled), G");
    assert_eq!(f.resolved, 4, "C, D, E and X");
    assert_eq!(f.first_response, Spread::of(vec![1800, 600, 3600, 60]));
    assert_eq!(f.first_response.map(|s| (s.median, s.p90)), Some((600, 3600)));
    assert_eq!(f.resolution.map(|s| (s.median, s.p90, s.count)), Some((7200, 432_000, 4)));
    assert_eq!(f.sla_met, 2, "C and X");
    assert_eq!(f.sla_compliance(), Some(50.0));
    assert_eq!((f.rated, f.satisfaction(), f.response_rate()), (2, Some(3.5), Some(50.0)));
    assert_eq!(f.backlog_total(), 3);
    assert_eq!(f.backlog.get(&(Priority::P1, Level::TWO)), Some(&1));
    assert_eq!(f.backlog.get(&(Priority::P2, Level::ONE)), Some(&1));
    assert_eq!(f.backlog.get(&(Priority::P3, Level::ONE)), Some(&1));
    assert_eq!(f.deflections, 1);
    assert_eq!(f.categories, [("network".to_owned(), 4), ("hardware".to_owned(), 1)]);
    let techs: Vec<(i64, u64, u64, Option<f64>)> =
        f.technicians.iter().map(|t| (t.technician, t.open, t.closures, t.satisfaction)).collect();
    assert_eq!(techs, [(TECH, 1, 3, Some(5.0)), (TECH2, 0, 1, Some(2.0))]);
    let flow: Vec<(String, u64, u64)> =
        f.daily.iter().map(|d| (d.day.format("%m-%d").to_string(), d.opened, d.closed)).collect();
    let expect = [("03-06", 0, 0), ("03-07", 2, 0), ("03-08", 2, 3), ("03-09", 0, 1), ("03-10", 0, 0)];
    assert_eq!(flow[..5], expect.map(|(d, o, c)| (d.to_owned(), o, c)));
    assert_eq!(flow.iter().map(|d| d.1).sum::<u64>(), 5);
    assert_eq!(f.weekly.len(), 2);
    assert_eq!((f.weekly[0].resolved, f.weekly[0].met), (4, 2));

    // One technician's figures: only the tickets assigned to them, and no deflections.
    let mine = deskbot::service::stats::figures(store.as_ref(), GUILD, Scope::last_days(now, 7, Some(TECH)))
        .await
        .unwrap();
    assert_eq!((mine.opened, mine.resolved, mine.backlog_total(), mine.deflections), (3, 3, 1, 0));
    assert_eq!(mine.satisfaction(), Some(5.0));
}

async fn tickets_waiting_for_their_triage_post_are_listed_most_urgent_first_until_posted(db: TestDb) {
    let store = db.open().await;
    let p3 = create(&store, ticket(GUILD).build()).await;
    let p1 = create(&store, ticket(GUILD).priority(Priority::P1).build()).await;
    let closed = create(&store, ticket(GUILD).status(Status::Closed).build()).await;
    let posted = create(&store, ticket(GUILD).build()).await;
    store.set_triage_refs(posted.id, 21, None).await.unwrap();
    let waiting: Vec<i64> = store.unposted_tickets(10).await.unwrap().iter().map(|t| t.id).collect();
    assert_eq!(waiting, [p1.id, p3.id], "active and unposted only, P1 first: {closed:?}");
    store.set_triage_refs(p1.id, 22, None).await.unwrap();
    assert_eq!(store.unposted_tickets(10).await.unwrap().len(), 1);
    assert_eq!(store.triage_channel(p3.id).await.unwrap(), None, "the default channel until told");
    store.set_triage_channel(p3.id, 77).await.unwrap();
    assert_eq!(store.triage_channel(p3.id).await.unwrap(), Some(77));
}

async fn a_storm_summary_is_leased_to_one_worker_and_remembers_what_it_shows(db: TestDb) {
    let store = db.open().await;
    let (now, until) = (t0(), t0() + minutes(1));
    let mut first = store.lease_summary(5, "a", now, until).await.unwrap().expect("nobody holds it");
    assert_eq!((first.generation, first.message_id, first.listed.clone()), (0, None, vec![]));
    assert!(store.lease_summary(5, "b", now, until).await.unwrap().is_none(), "a holds it");
    assert!(store.lease_summary(6, "b", now, until).await.unwrap().is_some(), "another channel is apart");
    first.message_id = Some(900);
    first.listed = vec![3, 1, 2];
    assert!(store.save_summary(&first, "a", now).await.unwrap());
    assert!(!store.save_summary(&first, "b", now).await.unwrap(), "only the holder records");
    assert_eq!(store.live_summaries().await.unwrap(), [5]);
    // a's lease runs out: b takes over and finds the same message and list.
    let taken = store.lease_summary(5, "b", until + minutes(1), until + minutes(2)).await.unwrap();
    assert_eq!(taken, Some(first.clone()));
    let mut closed = first;
    closed.message_id = None;
    closed.listed.clear();
    closed.generation += 1;
    assert!(store.save_summary(&closed, "b", until).await.unwrap());
    assert!(store.live_summaries().await.unwrap().is_empty());
    assert_eq!(store.lease_summary(5, "b", until, until + minutes(2)).await.unwrap(), Some(closed));
}

macro_rules! store_suite {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::run(super::Backend::Sqlite, stringify!($name), super::$name).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::run(super::Backend::Postgres, stringify!($name), super::$name).await;
                }
            )+
        }
    };
}

store_suite!(
    the_store_answers_a_ping_and_names_its_backend,
    create_assigns_numbers_one_two_three_per_guild_independently,
    fifty_concurrent_creates_get_numbers_one_to_fifty_without_gaps_or_duplicates,
    create_stores_every_field_and_returns_the_ticket_with_id_number_and_version_one,
    concurrent_claims_with_the_same_version_leave_exactly_one_owner,
    a_commit_writes_its_events_and_a_conflicting_commit_writes_nothing,
    committing_a_ticket_that_does_not_exist_is_not_found,
    triage_refs_are_kept_when_a_copy_read_before_them_is_committed,
    record_appends_events_and_notices_without_changing_the_ticket,
    notices_are_written_with_the_change_and_leased_to_one_worker_until_the_lease_runs_out,
    workers_leasing_at_the_same_time_never_get_the_same_notice,
    a_share_of_a_lease_is_kept_from_triage_notices_and_thread_posts_wait_for_their_triage_post,
    retries_failures_and_deliveries_are_recorded,
    a_notice_nobody_can_read_is_given_up_instead_of_blocking_the_outbox,
    an_intake_survives_closing_and_reopening_the_store,
    a_user_has_at_most_one_active_intake_per_guild,
    stale_intakes_are_listed_oldest_first_and_reminders_are_recorded,
    the_queue_sorts_by_priority_then_next_due_then_number,
    the_queue_filters_by_status_level_assignee_category_requester_and_unassigned,
    the_queue_pages_by_place_both_ways_and_counts_the_total,
    keyset_pages_neither_skip_nor_repeat_a_ticket_while_tickets_change_between_pages,
    a_watcher_is_added_once,
    dm_channels_are_remembered_and_replaced,
    a_chosen_language_wins_over_the_locales_seen_later,
    export_returns_tickets_changed_since_a_time_with_all_their_events,
    times_round_trip_at_microsecond_precision,
    a_bad_stored_value_is_reported_as_corrupt_not_a_panic,
    an_intake_step_and_its_question_are_written_together_or_not_at_all,
    a_restarted_worker_takes_its_leases_back_and_renewing_keeps_them,
    an_event_recorded_with_its_effect_makes_a_second_delivery_change_nothing,
    the_same_event_handled_twice_at_once_takes_effect_once,
    gauges_count_tickets_open_queues_sla_breaches_the_outbox_and_intakes,
    skills_and_duty_are_kept_per_technician_and_a_level_left_out_stays,
    the_active_load_counts_each_assignees_open_tickets_by_priority,
    articles_are_created_edited_and_retired_with_their_audit_trail,
    articles_are_listed_by_title_per_category_and_guild,
    search_ranks_the_right_article_first_in_four_languages,
    children_leave_the_active_queue_under_every_filter_and_are_found_by_their_incident,
    figures_match_a_hand_computed_fixture,
    tickets_waiting_for_their_triage_post_are_listed_most_urgent_first_until_posted,
    a_storm_summary_is_leased_to_one_worker_and_remembers_what_it_shows,
);

#[tokio::test]
async fn an_unknown_database_url_scheme_is_refused_with_the_password_hidden() {
    match store::connect("mysql://bot:hunter2@db/desk").await {
        Err(StoreError::UnsupportedUrl(url)) => assert_eq!(url, "mysql://bot:***@db/desk"),
        Err(other) => panic!("expected UnsupportedUrl, got {other}"),
        Ok(_) => panic!("expected UnsupportedUrl, got a store"),
    }
}

#[tokio::test]
async fn an_in_memory_sqlite_store_keeps_its_data_between_calls() {
    let store = store::connect("sqlite::memory:").await.unwrap();
    let t = create(&store, ticket(GUILD).build()).await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(store.ticket(t.id).await.unwrap(), t);
}
