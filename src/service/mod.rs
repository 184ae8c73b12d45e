//! The help desk's use cases: open a ticket, act on it (claim, escalate, resolve, …), add notes and
//! replies, watch it, list the queue. Each takes a store, a clock and plain inputs and returns what
//! happened; nothing here knows about Discord.
//!
//! Every change goes through [`crate::domain::transition::apply`] and is committed with its events and
//! notices in one transaction. A commit that loses a race ([`StoreError::Conflict`]) is retried on the
//! fresh ticket, so the loser of two simultaneous claims is told who won.

pub mod assign;
pub mod chart;
pub mod export;
pub mod health;
pub mod incident;
pub mod intake;
pub mod kb;
pub mod language;
pub mod leader;

pub mod outbox;
pub mod report;
pub mod sla;
pub mod stats;

use std::sync::Arc;

use tokio::sync::Notify;
use tracing::instrument;

use crate::clock::Clock;
use crate::domain::redact::{SecretKind, redact};
use crate::domain::transition::{self, Policy, Refusal};
use crate::domain::{
    Action, Actor, DiscordId, EventKind, NewEvent, Notice, NoticeKind, Recipient, Ticket, TicketNumber,
};
use crate::store::{EventRecord, Page, QueueFilter, QueuePage, StoreError, TicketStore};

/// How often a change is retried after losing an optimistic-concurrency race before giving up.
pub(crate) const MAX_CONFLICT_RETRIES: usize = 8;

/// What went wrong, split into what the user is told and what went wrong inside.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The rules refuse it; the text says why, for the user.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// No such ticket (in this organisation).
    #[error("There is no ticket {0}.")]
    NoSuchTicket(String),
    /// The input cannot be used, or the actor may not do it; worded by the Discord layer.
    #[error("declined: {0:?}")]
    Declined(Declined),
    /// An assignment request refused (see [`assign::AssignRefusal`]); worded by the Discord layer.
    #[error("{0}")]
    Assign(assign::AssignRefusal),
    /// A knowledge-base request refused (see [`kb::KbRefusal`]); worded by the Discord layer.
    #[error("{0}")]
    Kb(kb::KbRefusal),
    /// A link to a major incident refused (see [`crate::domain::incident::LinkRefusal`]); worded
    /// by the Discord layer.
    #[error("{0}")]
    Link(crate::domain::incident::LinkRefusal),
    /// Something failed inside (database); logged, the user gets an apology.
    #[error("internal error: {0}")]
    Internal(#[from] StoreError),
}

impl ServiceError {
    /// Whether the user should be shown the message itself (else a generic apology).
    pub fn is_user_facing(&self) -> bool {
        !matches!(self, ServiceError::Internal(_))
    }

    /// The database is out of reach for now (see [`StoreError::Unavailable`]): the user is told to
    /// try again in a minute rather than given the apology for a fault.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, ServiceError::Internal(e) if e.is_unavailable())
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Why a note, reply, question, rating comment or watch was not taken (the message catalogue says it
/// in the reader's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declined {
    /// Notes are for help desk staff.
    NotStaffNote,
    /// `/ask` without a question.
    EmptyQuestion,
    /// One comment per rating.
    AlreadyCommented,
    /// `/reply` is for help desk staff.
    NotStaffReply,
    /// A requester acting on someone else's ticket (its label).
    NotYourTicket(String),
    /// Following someone else's ticket is for help desk staff.
    NotStaffWatch,
    /// Nothing to relay.
    EmptyMessage,
}

/// The result of a change: the ticket as stored now and the events recorded.
#[derive(Debug, Clone)]
pub struct Changed {
    pub ticket: Ticket,
    pub events: Vec<NewEvent>,
    /// Kinds of secrets masked in the text the actor gave (so they can be warned).
    pub masked: Vec<SecretKind>,
}

/// The help desk: a store, a clock and the rules' policy.
#[derive(Clone)]
pub struct Desk {
    store: Arc<dyn TicketStore>,
    clock: Arc<dyn Clock>,
    policy: Policy,
    outbox: Arc<Notify>,
    /// Woken when a ticket is opened that waits for its triage post (see [`Desk::opened_signal`]).
    opened: Arc<Notify>,
    /// The technicians and assignment settings (see [`Desk::with_roster`]).
    roster: Arc<crate::domain::assign::Roster>,
}

impl Desk {
    pub fn new(store: Arc<dyn TicketStore>, clock: Arc<dyn Clock>, policy: Policy) -> Self {
        Desk {
            store,
            clock,
            policy,
            outbox: Arc::new(Notify::new()),
            opened: Arc::new(Notify::new()),
            roster: Arc::default(),
        }
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Woken after every commit that wrote notices, so the deliverer sends them at once instead of
    /// at its next poll.
    pub fn outbox_signal(&self) -> Arc<Notify> {
        self.outbox.clone()
    }

    /// Woken after a ticket is opened in this process (it waits for its own triage post), so the
    /// storm summary can show it at once instead of at its next look.
    pub fn opened_signal(&self) -> Arc<Notify> {
        self.opened.clone()
    }

    /// Opens a ticket from a finished intake (a ticket in status `intake`): it gets its number and
    /// its SLA clock, and its triage message is queued for posting. The draft's text is redacted
    /// here too, whoever built it: the intake engine already did, but nothing unmasked may reach the
    /// store or the triage channel if another caller forgets (redaction is idempotent).
    #[instrument(skip(self, draft), fields(guild = draft.guild_id, requester = draft.requester_id))]
    pub async fn open(&self, draft: Ticket, actor: Actor) -> ServiceResult<Changed> {
        let (draft, masked) = redact_draft(draft);
        let now = self.clock.now();
        let t = transition::apply(&draft, &actor, Action::Submit, now, &self.policy)?;
        let ticket = self.store.create_ticket(&t.ticket, &t.events, &t.notices).await?;
        self.outbox.notify_one();
        self.opened.notify_one();
        tracing::info!(ticket = %ticket.label(), priority = %ticket.priority, "ticket opened");
        self.hint(&ticket).await;
        // With `[assignment] auto = true`, the rule gives it to the best-qualified technician now.
        if let Some(assigned) = self.auto_assign(&ticket).await {
            let events = t.events.into_iter().chain(assigned.events).collect();
            return Ok(Changed { ticket: assigned.ticket, events, masked });
        }
        Ok(Changed { ticket, events: t.events, masked })
    }

    /// Looks a ticket up by the number a user typed, within their organisation.
    pub async fn find(&self, guild_id: DiscordId, number: TicketNumber) -> ServiceResult<Ticket> {
        match self.store.ticket_by_number(guild_id, number).await {
            Ok(t) => Ok(t),
            Err(StoreError::NotFound) => Err(ServiceError::NoSuchTicket(number.to_string())),
            Err(e) => Err(e.into()),
        }
    }

    /// The ticket whose triage thread `thread_id` is, if any (a message or `/reply` in a thread).
    pub async fn ticket_by_thread(&self, thread_id: DiscordId) -> ServiceResult<Option<Ticket>> {
        Ok(self.store.ticket_by_thread(thread_id).await?)
    }

    /// Loads a ticket by id (from a button's custom id).
    pub async fn get(&self, ticket_id: i64) -> ServiceResult<Ticket> {
        match self.store.ticket(ticket_id).await {
            Ok(t) => Ok(t),
            Err(StoreError::NotFound) => Err(ServiceError::NoSuchTicket(format!("(id {ticket_id})"))),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether `actor` may start `action` on `ticket` (as just read) now, before its inputs are
    /// asked for (see [`transition::permits`]): asked before a form opens, so a stale button is
    /// refused at once instead of after the form is filled in.
    pub fn may(&self, ticket: &Ticket, actor: &Actor, action: Action) -> ServiceResult<()> {
        Ok(transition::permits(ticket, actor, action, self.clock.now(), &self.policy)?)
    }

    /// Applies `action` by `actor` to the ticket, retrying on a lost race. Free text in the action
    /// (reasons, notes) is redacted before anything is stored.
    #[instrument(skip(self, action), fields(action = action.name()))]
    pub async fn act(&self, ticket_id: i64, actor: Actor, action: Action) -> ServiceResult<Changed> {
        self.act_inner(ticket_id, actor, action, false).await
    }

    /// [`Desk::act`] for a change the caller shows on the triage message itself (a button on it,
    /// answered by updating that message, which costs no rate-limited request): no triage refresh
    /// is queued. If showing it fails, call [`Desk::refresh_triage`].
    #[instrument(skip(self, action), fields(action = action.name()))]
    pub async fn act_shown_in_triage(
        &self,
        ticket_id: i64,
        actor: Actor,
        action: Action,
    ) -> ServiceResult<Changed> {
        self.act_inner(ticket_id, actor, action, true).await
    }

    /// Queues an edit of the ticket's triage message, so it shows the ticket as it is now.
    pub async fn refresh_triage(&self, ticket_id: i64) -> ServiceResult<()> {
        let notice = Notice::new(Recipient::Triage, NoticeKind::RefreshTriage);
        self.store.record(ticket_id, &[], &[notice]).await?;
        self.outbox.notify_one();
        Ok(())
    }

    async fn act_inner(
        &self,
        ticket_id: i64,
        actor: Actor,
        action: Action,
        shown_in_triage: bool,
    ) -> ServiceResult<Changed> {
        let (action, masked) = redact_action(action);
        for _ in 0..MAX_CONFLICT_RETRIES {
            let current = self.get(ticket_id).await?;
            let now = self.clock.now();
            let mut t = transition::apply(&current, &actor, action.clone(), now, &self.policy)?;
            if shown_in_triage {
                t.notices.retain(|n| n.recipient != Recipient::Triage);
            }
            let notices = self.with_watchers(&t.ticket, &actor, t.notices).await?;
            match self.store.commit(&t.ticket, &t.events, &notices).await {
                Ok(ticket) => {
                    if !notices.is_empty() {
                        self.outbox.notify_one();
                    }
                    Box::pin(self.after_incident_change(&current, &ticket, &actor)).await;
                    return Ok(Changed { ticket, events: t.events, masked });
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Internal(StoreError::Conflict))
    }

    /// What a committed change means for an incident: a resolved parent resolves its children; a
    /// child that left (still broken) is recorded on its parent. Failures are logged, not returned:
    /// the change itself stands, and the minute's [`Desk::settle_incidents`] catches up.
    async fn after_incident_change(&self, before: &Ticket, after: &Ticket, actor: &Actor) {
        if let (Some(parent), None) = (before.parent_id, after.parent_id)
            && let Err(e) = self.record_left(parent, after, actor).await
        {
            tracing::warn!(ticket = %after.label(), error = %e, "recording the child's leaving failed");
        }
        let resolved =
            matches!(after.status, crate::domain::Status::Resolved | crate::domain::Status::Closed);
        if resolved && before.status != after.status && after.parent_id.is_none() {
            match self.settle_incidents().await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(ticket = %after.label(), children = n, "incident's children resolved")
                }
                Err(e) => {
                    tracing::warn!(ticket = %after.label(), error = %e, "resolving the children failed")
                }
            }
        }
    }

    /// An internal note from staff: stored, never shown to the requester.
    #[instrument(skip(self, text))]
    pub async fn note(&self, ticket_id: i64, actor: Actor, text: &str) -> ServiceResult<Changed> {
        if !actor.roles().is_staff() {
            return Err(ServiceError::Declined(Declined::NotStaffNote));
        }
        let (text, masked) = clean_text(text)?;
        let ticket = self.get(ticket_id).await?;
        let event = self.event(EventKind::Note, &actor, Some(text));
        self.store.record(ticket.id, std::slice::from_ref(&event), &[]).await?;
        Ok(Changed { ticket, events: vec![event], masked })
    }

    /// The assignee (or a coordinator) asks the requester a question (**Ask requester**, `/ask`): it
    /// goes to them by DM, the ticket waits on them and its SLA clock pauses until they answer.
    #[instrument(skip(self, question))]
    pub async fn ask_requester(
        &self,
        ticket_id: i64,
        actor: Actor,
        question: &str,
    ) -> ServiceResult<Changed> {
        if question.trim().is_empty() {
            return Err(ServiceError::Declined(Declined::EmptyQuestion));
        }
        self.act(ticket_id, actor, Action::WaitOnRequester { note: Some(question.trim().to_owned()) }).await
    }

    /// The requester's comment on their rating: one per ticket; a low rating's goes to the
    /// coordinators too.
    #[instrument(skip(self, comment))]
    pub async fn comment_rating(
        &self,
        ticket_id: i64,
        actor: Actor,
        comment: &str,
    ) -> ServiceResult<Changed> {
        let commented =
            self.store.events(ticket_id).await?.iter().any(|e| e.kind == EventKind::RatingComment);
        if commented {
            return Err(ServiceError::Declined(Declined::AlreadyCommented));
        }
        self.act(ticket_id, actor, Action::CommentRating { comment: comment.to_owned() }).await
    }

    /// A message from staff to the requester (`/reply`): recorded and delivered by DM.
    #[instrument(skip(self, text))]
    pub async fn reply(&self, ticket_id: i64, actor: Actor, text: &str) -> ServiceResult<Changed> {
        let Some(from) = actor.id().filter(|_| actor.roles().is_staff()) else {
            return Err(ServiceError::Declined(Declined::NotStaffReply));
        };
        let (text, masked) = clean_text(text)?;
        let ticket = self.get(ticket_id).await?;
        let event = self.event(EventKind::Reply, &actor, Some(text.clone()));
        let notice =
            Notice::new(Recipient::User { id: ticket.requester_id }, NoticeKind::Reply { from, text });
        let notices = self.with_watchers(&ticket, &actor, vec![notice]).await?;
        self.store.record(ticket.id, std::slice::from_ref(&event), &notices).await?;
        self.outbox.notify_one();
        Ok(Changed { ticket, events: vec![event], masked })
    }

    /// What the requester says about their ticket (a DM): recorded and relayed into the thread. A
    /// ticket waiting on the requester starts moving again.
    #[instrument(skip(self, text))]
    pub async fn requester_message(
        &self,
        ticket_id: i64,
        actor: Actor,
        text: &str,
    ) -> ServiceResult<Changed> {
        let (text, masked) = clean_text(text)?;
        let ticket = self.get(ticket_id).await?;
        if actor.id() != Some(ticket.requester_id) {
            return Err(ServiceError::Declined(Declined::NotYourTicket(ticket.label())));
        }
        let event = self.event(EventKind::RequesterMessage, &actor, Some(text.clone()));
        let notice = Notice::new(Recipient::Thread, NoticeKind::RequesterMessage { text });
        self.store.record(ticket.id, std::slice::from_ref(&event), std::slice::from_ref(&notice)).await?;
        self.outbox.notify_one();
        if ticket.status == crate::domain::Status::WaitingOnRequester {
            let resumed = self.act(ticket.id, actor, Action::Resume).await?;
            return Ok(Changed { masked, ..resumed });
        }
        Ok(Changed { ticket, events: vec![event], masked })
    }

    /// `actor` follows the ticket and gets the requester's notices from now on. Returns `false` when
    /// they already did.
    pub async fn watch(&self, ticket_id: i64, actor: Actor) -> ServiceResult<bool> {
        let Some(user) = actor.id() else { return Ok(false) };
        let ticket = self.get(ticket_id).await?;
        if !actor.roles().is_staff() && user != ticket.requester_id {
            return Err(ServiceError::Declined(Declined::NotStaffWatch));
        }
        let now = self.clock.now();
        let added = self.store.add_watcher(ticket.id, user, now).await?;
        if added {
            let event = self.event(EventKind::WatchStarted, &actor, None);
            self.store.record(ticket.id, &[event], &[]).await?;
        }
        Ok(added)
    }

    /// Closes the resolved tickets whose requester has not answered within `window` (product: a
    /// resolution not confirmed in time counts as confirmed). Returns how many were closed. Several
    /// processes may run this at once: each close is an ordinary optimistic commit, so a ticket is
    /// closed once and the others are refused.
    #[instrument(skip(self))]
    pub async fn close_unconfirmed(&self, window: chrono::Duration) -> ServiceResult<usize> {
        let before = self.clock.now() - window;
        let mut closed = 0;
        for ticket in self.store.resolved_before(before, 100).await? {
            match self.act(ticket.id, Actor::System, Action::Close).await {
                Ok(_) => closed += 1,
                Err(ServiceError::Refused(r)) => tracing::debug!(ticket = %ticket.label(), %r, "not closed"),
                Err(e) => return Err(e),
            }
        }
        Ok(closed)
    }

    /// Records that a notice could not be delivered, and says so in the ticket's thread.
    pub async fn delivery_failed(&self, ticket_id: i64, user: DiscordId, reason: &str) -> ServiceResult<()> {
        let event = NewEvent {
            kind: EventKind::DeliveryFailed,
            actor_id: None,
            at: self.clock.now(),
            from_status: None,
            to_status: None,
            note: Some(format!("<@{user}>: {reason}")),
        };
        let notice =
            Notice::new(Recipient::Thread, NoticeKind::DeliveryFailed { user, reason: reason.to_owned() });
        self.store.record(ticket_id, &[event], &[notice]).await?;
        self.outbox.notify_one();
        Ok(())
    }

    pub async fn queue(
        &self,
        guild_id: DiscordId,
        filter: &QueueFilter,
        page: Page,
    ) -> ServiceResult<QueuePage> {
        Ok(self.store.queue(guild_id, filter, page).await?)
    }

    pub async fn history(&self, ticket_id: i64) -> ServiceResult<Vec<EventRecord>> {
        Ok(self.store.events(ticket_id).await?)
    }

    fn event(&self, kind: EventKind, actor: &Actor, note: Option<String>) -> NewEvent {
        NewEvent {
            kind,
            actor_id: actor.id(),
            at: self.clock.now(),
            from_status: None,
            to_status: None,
            note,
        }
    }

    /// Copies every notice addressed to the requester to each watcher (but not to the actor).
    async fn with_watchers(
        &self,
        ticket: &Ticket,
        actor: &Actor,
        notices: Vec<Notice>,
    ) -> ServiceResult<Vec<Notice>> {
        let to_requester: Vec<NoticeKind> = notices
            .iter()
            .filter(|n| n.recipient == Recipient::User { id: ticket.requester_id })
            .map(|n| n.kind.clone())
            .collect();
        if to_requester.is_empty() || ticket.id == 0 {
            return Ok(notices);
        }
        let mut watchers = self.store.watchers(ticket.id).await?;
        let mut all = notices;
        for watcher in &watchers {
            if Some(*watcher) == actor.id() || *watcher == ticket.requester_id {
                continue;
            }
            all.extend(
                to_requester.iter().map(|kind| Notice::new(Recipient::User { id: *watcher }, kind.clone())),
            );
        }
        // An incident's progress reaches the requesters of its children too.
        let shared: Vec<&NoticeKind> =
            to_requester.iter().filter(|k| crate::domain::incident::shared_with_children(k)).collect();
        if !shared.is_empty() {
            watchers.push(ticket.requester_id);
            for requester in self.incident_audience(ticket).await? {
                if Some(requester) == actor.id() || watchers.contains(&requester) {
                    continue;
                }
                all.extend(
                    shared.iter().map(|kind| Notice::new(Recipient::User { id: requester }, (*kind).clone())),
                );
            }
        }
        Ok(all)
    }
}

/// Redacts and trims a piece of free text; refuses an empty one.
fn clean_text(text: &str) -> ServiceResult<(String, Vec<SecretKind>)> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ServiceError::Declined(Declined::EmptyMessage));
    }
    let r = redact(trimmed);
    Ok((r.text, r.masked))
}

/// Masks secrets in what the requester typed into a draft: summary, description and answers.
fn redact_draft(mut draft: Ticket) -> (Ticket, Vec<SecretKind>) {
    let mut masked: Vec<SecretKind> = Vec::new();
    let mut clean = |text: &mut String| {
        let r = redact(text);
        for kind in r.masked {
            if !masked.contains(&kind) {
                masked.push(kind);
            }
        }
        *text = r.text;
    };
    clean(&mut draft.summary);
    clean(&mut draft.description);
    for answer in &mut draft.answers {
        if let Some(value) = answer.value.as_mut() {
            clean(value);
        }
    }
    (draft, masked)
}

/// Masks secrets in the free text an action carries.
fn redact_action(action: Action) -> (Action, Vec<SecretKind>) {
    let mut masked = Vec::new();
    let mut clean = |text: String| {
        let r = redact(&text);
        masked.extend(r.masked);
        r.text
    };
    let action = match action {
        Action::Assign { technician, level, reason } => {
            Action::Assign { technician, level, reason: reason.map(&mut clean) }
        }
        Action::Escalate { to, reason } => Action::Escalate { to, reason: clean(reason) },
        Action::WaitOnRequester { note } => Action::WaitOnRequester { note: note.map(&mut clean) },
        Action::Resolve { notes, code } => Action::Resolve { notes: clean(notes), code },
        Action::Reopen { note } => Action::Reopen { note: note.map(&mut clean) },
        Action::CommentRating { comment } => Action::CommentRating { comment: clean(comment) },
        Action::Cancel { reason } => Action::Cancel { reason: reason.map(&mut clean) },
        Action::OverridePriority { priority, reason } => {
            Action::OverridePriority { priority, reason: clean(reason) }
        }
        other => other,
    };
    (action, masked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Answer;

    fn draft(summary: &str, description: &str, answers: &[Option<&str>]) -> Ticket {
        use crate::domain::intake::TicketDraft;
        use crate::domain::{Impact, Level, Urgency};
        let answers = answers
            .iter()
            .enumerate()
            .map(|(i, v)| Answer {
                key: format!("q{i}"),
                question: format!("Q{i}?"),
                value: v.map(str::to_owned),
            })
            .collect();
        TicketDraft {
            summary: summary.to_owned(),
            description: description.to_owned(),
            category: "network".to_owned(),
            impact: Impact::Individual,
            urgency: Urgency::Low,
            answers,
            level: Level::ONE,
        }
        .into_ticket(1, 2, chrono::DateTime::UNIX_EPOCH)
    }

    #[test]
    fn a_draft_is_redacted_before_it_is_opened_whoever_built_it() {
        let t = draft(
            "VPN password: Hunter2!secret",
            "It says password: Hunter2!secret is wrong",
            &[Some("pwd=Hunter2!secret"), None, Some("nothing secret here")],
        );
        let (clean, masked) = redact_draft(t);
        let all = format!("{} {} {:?}", clean.summary, clean.description, clean.answers);
        assert!(!all.contains("Hunter2!secret"), "{all}");
        assert_eq!(masked, vec![SecretKind::Password]);
        assert_eq!(clean.answers[1].value, None, "a skipped answer stays skipped");
        assert_eq!(clean.answers[2].value.as_deref(), Some("nothing secret here"));
        // Already redacted text (from the intake engine) comes out the same.
        let (again, masked_again) = redact_draft(clean.clone());
        assert_eq!((again, masked_again), (clean, vec![]));
    }
}
