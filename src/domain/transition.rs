//! The ticket state machine: who may do what to a ticket, and what each change leaves behind.
//!
//! [`apply`] is the one place where the rules of a ticket's life live (product.md, "The ticket's
//! life"). It takes the ticket as it is, who acts with the roles they hold now, what they ask for and
//! the time, and returns either the ticket as it becomes with the audit events and the notices to
//! deliver, or a [`Refusal`] that a user can read. It does no I/O and reads no clock, so the service
//! layer can run it inside a store transaction and the tests can run it with fixed times.

use chrono::{DateTime, Duration, Utc};

use super::event::{Action, Actor, EventKind, NewEvent, Notice, NoticeKind, Recipient, Roles};
use super::hours::BusinessHours;
use super::sla::{self, Calendar, SlaTargets};
use super::ticket::{DiscordId, Level, Priority, ResolutionCode, Status, Ticket};

/// The configurable parts of the rules, so a help desk can tune them in its TOML without code changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// SLA targets used when a ticket is opened or its priority changes.
    pub sla: SlaTargets,
    /// When set, SLA clocks run only inside these hours. A `'static` reference keeps the policy a
    /// plain `Copy` value: the configuration is read once at start and lives as long as the process.
    pub hours: Option<&'static BusinessHours>,
    /// Resolution notes shorter than this (in characters, trimmed) are refused: the notes feed the
    /// knowledge base, and "done" helps nobody.
    pub resolution_notes_min_chars: usize,
    /// Reasons for escalations and priority overrides shorter than this are refused, so the audit
    /// trail says why.
    pub reason_min_chars: usize,
    /// When a ticket waiting on the requester is reminded, then resolved as "no response".
    pub waiting: WaitingWindows,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            sla: SlaTargets::default(),
            hours: None,
            resolution_notes_min_chars: 20,
            reason_min_chars: 5,
            waiting: WaitingWindows { remind_after: Duration::days(2), resolve_after: Duration::days(5) },
        }
    }
}

/// What an allowed action does: the ticket as it becomes, what to append to the audit trail and whom
/// to tell. The store commits all three together (the notices go to the outbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The changed ticket; `updated_at` is the action's time, `version` is left for the store.
    pub ticket: Ticket,
    /// At least one event per action.
    pub events: Vec<NewEvent>,
    /// Notices to deliver once the change is committed; requester notices are copied to watchers by
    /// the service.
    pub notices: Vec<Notice>,
}

/// Who may do an action, as a refusal names them (the message catalogue words it by [`Who::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Requester,
    Technicians,
    Coordinators,
    AssigneeOrCoordinator,
    RequesterOrCoordinator,
    RequesterAssigneeOrCoordinator,
}

impl Who {
    /// A stable name, for the message catalogue's keys.
    pub fn code(self) -> &'static str {
        match self {
            Who::Requester => "the-requester",
            Who::Technicians => "technicians",
            Who::Coordinators => "coordinators",
            Who::AssigneeOrCoordinator => "the-assignee-or-a-coordinator",
            Who::RequesterOrCoordinator => "the-requester-or-a-coordinator",
            Who::RequesterAssigneeOrCoordinator => "the-requester-the-assignee-or-a-coordinator",
        }
    }
}

impl std::fmt::Display for Who {
    /// For logs: the code in words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code().replace("-the-assignee", ", the assignee").replace('-', " "))
    }
}

/// An action as a refusal names it (the message catalogue words it by [`Verb::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Submit,
    Claim,
    Assign,
    Escalate,
    Pause,
    Resume,
    Resolve,
    Confirm,
    Reopen,
    Cancel,
    Close,
    ChangePriority,
    Rate,
    CommentRating,
}

impl Verb {
    /// A stable name, for the message catalogue's keys.
    pub fn code(self) -> &'static str {
        match self {
            Verb::Submit => "submit",
            Verb::Claim => "claim",
            Verb::Assign => "assign",
            Verb::Escalate => "escalate",
            Verb::Pause => "pause",
            Verb::Resume => "resume",
            Verb::Resolve => "resolve",
            Verb::Confirm => "confirm",
            Verb::Reopen => "reopen",
            Verb::Cancel => "cancel",
            Verb::Close => "close",
            Verb::ChangePriority => "change-the-priority-of",
            Verb::Rate => "rate",
            Verb::CommentRating => "comment-on-the-rating-of",
        }
    }
}

impl std::fmt::Display for Verb {
    /// For logs: the code in words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code().replace('-', " "))
    }
}

/// Why an action was refused: a code with its values, which the message catalogue words for the
/// person who asked (sent as an ephemeral reply). `Display` is for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The actor does not hold the role or relation the action needs.
    #[error("Only {who} can {action} {ticket}.")]
    NotAllowed { who: Who, action: Verb, ticket: String },
    /// The actor is not a technician at the ticket's support level (or above).
    #[error("Only technicians at level {level} or above can {action} {ticket}.", level = .level.get())]
    LevelRequired { level: Level, action: Verb, ticket: String },
    /// The ticket is not in a status where the action makes sense.
    #[error("You can't {action} {ticket}: it is {status}.", status = status_phrase(*.status))]
    WrongStatus { status: Status, action: Verb, ticket: String },
    /// Someone else (or the actor) already holds the ticket: the first claim won.
    #[error("{ticket} is already claimed by <@{by}>.")]
    AlreadyClaimed { ticket: String, by: DiscordId },
    /// The requester may only withdraw a ticket nobody has started on.
    #[error("{ticket} is already claimed by <@{by}>; ask them or a coordinator to cancel it.")]
    ClaimedCannotCancel { ticket: String, by: DiscordId },
    /// Assigning to the current assignee changes nothing.
    #[error("{ticket} is already assigned to <@{technician}>.")]
    AlreadyAssigned { ticket: String, technician: DiscordId },
    /// The named technician does not work at the ticket's level.
    #[error("<@{technician}> does not work at level {level}.", level = .level.get())]
    NotAtLevel { technician: DiscordId, level: Level },
    /// There is no level above 3.
    #[error("{ticket} is already at level 3, the highest.")]
    TopLevel { ticket: String },
    /// Escalation only goes up.
    #[error("{ticket} is already at level {current}; choose a higher level.", current = .current.get())]
    NotHigher { ticket: String, current: Level },
    /// Escalations and priority overrides need a reason for the audit trail.
    #[error("Give a reason of at least {min} characters.")]
    ReasonTooShort { min: usize },
    /// Resolution notes feed the knowledge base.
    #[error("Resolution notes need at least {min} characters: say what was wrong and what fixed it.")]
    NotesTooShort { min: usize },
    /// Overriding to the priority the ticket already has changes nothing.
    #[error("{ticket} is already {priority}.")]
    SamePriority { ticket: String, priority: Priority },
    /// Ratings are 1–5.
    #[error("A rating is a whole number from 1 to 5.")]
    ScoreOutOfRange { score: i16 },
    /// One rating per ticket.
    #[error("{ticket} has already been rated.")]
    AlreadyRated { ticket: String },
    /// A comment comes after the rating.
    #[error("{ticket} has no rating to comment on yet.")]
    NotRatedYet { ticket: String },
}

/// How a status reads after "it is …" in a refusal.
fn status_phrase(status: Status) -> &'static str {
    match status {
        Status::Intake => "not submitted yet",
        Status::Open => "open",
        Status::InProgress => "in progress",
        Status::WaitingOnRequester => "waiting on the requester",
        Status::Resolved => "resolved",
        Status::Closed => "closed",
        Status::Cancelled => "cancelled",
    }
}

/// The verb of an action as it reads in "Only coordinators can … #42."
fn verb(action: &Action) -> Verb {
    match action {
        Action::Submit => Verb::Submit,
        Action::Claim => Verb::Claim,
        Action::Assign { .. } => Verb::Assign,
        Action::Escalate { .. } => Verb::Escalate,
        Action::WaitOnRequester { .. } => Verb::Pause,
        Action::Resume => Verb::Resume,
        Action::Resolve { .. } => Verb::Resolve,
        Action::Confirm => Verb::Confirm,
        Action::Reopen { .. } => Verb::Reopen,
        Action::Cancel { .. } => Verb::Cancel,
        Action::Close => Verb::Close,
        Action::OverridePriority { .. } => Verb::ChangePriority,
        Action::Rate { .. } => Verb::Rate,
        Action::CommentRating { .. } => Verb::CommentRating,
    }
}

/// Applies `action` by `actor` to `ticket` at `now`, or says why it may not happen.
///
/// Permissions are checked first, then the ticket's status, then the action's inputs, so a person who
/// may not act is told that rather than details of the ticket.
pub fn apply(
    ticket: &Ticket,
    actor: &Actor,
    action: Action,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<Transition, Refusal> {
    let mut c = Change::new(ticket, actor, now, verb(&action));
    c.calendar = Calendar(policy.hours);
    match action {
        Action::Submit => submit(&mut c, policy)?,
        Action::Claim => claim(&mut c)?,
        Action::Assign { technician, level, reason } => assign(&mut c, technician, level, reason)?,
        Action::Escalate { to, reason } => escalate(&mut c, to, &reason, policy)?,
        Action::WaitOnRequester { note } => wait_on_requester(&mut c, note)?,
        Action::Resume => resume(&mut c)?,
        Action::Resolve { notes, code } => resolve(&mut c, &notes, code, policy)?,
        Action::Confirm => confirm(&mut c)?,
        Action::Reopen { note } => reopen(&mut c, note)?,
        Action::Cancel { reason } => cancel(&mut c, reason)?,
        Action::Close => close(&mut c)?,
        Action::OverridePriority { priority, reason } => {
            override_priority(&mut c, priority, &reason, policy)?
        }
        Action::Rate { score } => rate(&mut c, score)?,
        Action::CommentRating { comment } => comment_rating(&mut c, comment)?,
    }
    Ok(c.finish())
}

/// Whether `actor` may start `action` on `ticket` now, before the action's inputs (a reason, notes)
/// are asked for: the rules of [`apply`], which checks permissions and the ticket's status before
/// the inputs, with a refusal of the inputs alone counted as allowed. A button that opens a form
/// asks this first, so nobody fills in a form for a change that would be refused anyway.
pub fn permits(
    ticket: &Ticket,
    actor: &Actor,
    action: Action,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<(), Refusal> {
    match apply(ticket, actor, action, now, policy) {
        Ok(_) => Ok(()),
        Err(refusal) if refusal.is_about_input() => Ok(()),
        Err(refusal) => Err(refusal),
    }
}

impl Refusal {
    /// The refusal is about what was typed or picked (too short, out of range), not about who
    /// asked or the state of the ticket.
    pub fn is_about_input(&self) -> bool {
        matches!(
            self,
            Refusal::ReasonTooShort { .. } | Refusal::NotesTooShort { .. } | Refusal::ScoreOutOfRange { .. }
        )
    }
}

/// A change being built: the original ticket, the new one, and what it leaves behind.
struct Change<'a> {
    before: &'a Ticket,
    actor: &'a Actor,
    roles: Roles,
    now: DateTime<Utc>,
    verb: Verb,
    /// How SLA time counts (business hours, when the policy sets them).
    calendar: Calendar<'a>,
    ticket: Ticket,
    events: Vec<NewEvent>,
    notices: Vec<Notice>,
}

impl<'a> Change<'a> {
    fn new(before: &'a Ticket, actor: &'a Actor, now: DateTime<Utc>, verb: Verb) -> Self {
        let mut ticket = before.clone();
        ticket.updated_at = now;
        Change {
            before,
            actor,
            roles: actor.roles(),
            now,
            verb,
            calendar: Calendar::ALWAYS,
            ticket,
            events: Vec::new(),
            notices: Vec::new(),
        }
    }

    fn label(&self) -> String {
        self.before.label()
    }

    fn is_requester(&self) -> bool {
        self.actor.id() == Some(self.before.requester_id)
    }

    fn is_assignee(&self) -> bool {
        self.actor.id().is_some() && self.actor.id() == self.before.assignee_id
    }

    fn status(&self) -> Status {
        self.before.status
    }

    fn not_allowed(&self, who: Who) -> Refusal {
        Refusal::NotAllowed { who, action: self.verb, ticket: self.label() }
    }

    fn level_required(&self) -> Refusal {
        Refusal::LevelRequired { level: self.before.level, action: self.verb, ticket: self.label() }
    }

    fn wrong_status(&self) -> Refusal {
        Refusal::WrongStatus { status: self.before.status, action: self.verb, ticket: self.label() }
    }

    /// Refuses unless the ticket is in one of `allowed`.
    fn require_status(&self, allowed: &[Status]) -> Result<(), Refusal> {
        if allowed.contains(&self.before.status) { Ok(()) } else { Err(self.wrong_status()) }
    }

    fn require_active(&self) -> Result<(), Refusal> {
        if self.before.status.is_active() { Ok(()) } else { Err(self.wrong_status()) }
    }

    /// Appends an event going from the original status to the current one; call after the changes.
    fn event(&mut self, kind: EventKind, note: Option<String>) {
        self.events.push(NewEvent {
            kind,
            actor_id: self.actor.id(),
            at: self.now,
            from_status: Some(self.before.status),
            to_status: Some(self.ticket.status),
            note,
        });
    }

    /// A DM to `id`; the same notice twice to the same person (e.g. the requester is also the
    /// assignee) is sent once.
    fn notify(&mut self, id: DiscordId, kind: NoticeKind) {
        let notice = Notice::new(Recipient::User { id }, kind);
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
    }

    /// Tells the requester, whoever acted: for notices that carry buttons the requester needs.
    fn ask_requester(&mut self, kind: NoticeKind) {
        self.notify(self.before.requester_id, kind);
    }

    /// Tells `id` unless they did it themselves, which would be noise.
    fn inform(&mut self, id: DiscordId, kind: NoticeKind) {
        if self.actor.id() != Some(id) {
            self.notify(id, kind);
        }
    }

    /// Tells the requester unless they did it themselves.
    fn inform_requester(&mut self, kind: NoticeKind) {
        self.inform(self.before.requester_id, kind);
    }

    fn refresh_triage(&mut self) {
        self.notices.push(Notice::new(Recipient::Triage, NoticeKind::RefreshTriage));
    }

    /// Records the first response (a claim, an assignment, a resolution) if there was none.
    fn first_response(&mut self) {
        self.ticket.sla = sla::first_response(&self.ticket.sla, self.now);
    }

    /// Restarts a paused resolution clock, moving its due time by the pause.
    fn resume_clock(&mut self) {
        self.ticket.sla = sla::resume_in(&self.ticket.sla, self.now, self.calendar);
    }

    fn finish(self) -> Transition {
        Transition { ticket: self.ticket, events: self.events, notices: self.notices }
    }
}

/// What the event log says when SLA due times were recomputed: nothing when they did not move.
fn due_times_note(before: &crate::domain::SlaClock, after: &crate::domain::SlaClock) -> String {
    let when = |at: Option<DateTime<Utc>>| at.map_or_else(|| "none".to_owned(), |t| t.to_rfc3339());
    if before.first_response_due == after.first_response_due && before.resolution_due == after.resolution_due
    {
        return String::new();
    }
    format!(
        " (SLA due times recomputed: first response {}, resolution {})",
        when(after.first_response_due),
        when(after.resolution_due)
    )
}

/// Trims `text` and returns it if it has at least `min` characters.
fn long_enough(text: &str, min: usize) -> Option<String> {
    let trimmed = text.trim();
    (trimmed.chars().count() >= min).then(|| trimmed.to_owned())
}

/// Trims an optional free-text note; blank is no note.
fn tidy(note: Option<String>) -> Option<String> {
    note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())
}

fn submit(c: &mut Change<'_>, policy: &Policy) -> Result<(), Refusal> {
    let by_system = matches!(c.actor, Actor::System);
    if !(c.is_requester() || by_system) {
        return Err(c.not_allowed(Who::Requester));
    }
    c.require_status(&[Status::Intake])?;
    c.ticket.status = Status::Open;
    c.ticket.created_at = c.now;
    c.ticket.sla = policy.sla.start_in(c.ticket.priority, c.now, c.calendar);
    c.event(EventKind::Created, None);
    // The requester who pressed Submit is answered in that interaction; deskbot submitting on their
    // behalf tells them.
    c.inform_requester(NoticeKind::Opened);
    c.refresh_triage();
    // Every P1 reaches the coordinators' channel as it opens, in the same transaction as the ticket.
    if c.ticket.priority == Priority::P1 {
        c.notices.push(Notice::new(Recipient::Coordinators, NoticeKind::Opened));
    }
    Ok(())
}

fn claim(c: &mut Change<'_>) -> Result<(), Refusal> {
    if !c.roles.works_at(c.before.level) {
        return Err(c.level_required());
    }
    let Some(by) = c.actor.id() else {
        return Err(c.not_allowed(Who::Technicians));
    };
    match (c.status(), c.before.assignee_id) {
        (Status::Open, None) => {}
        (status, Some(holder)) if status.is_active() => {
            return Err(Refusal::AlreadyClaimed { ticket: c.label(), by: holder });
        }
        _ => return Err(c.wrong_status()),
    }
    c.ticket.status = Status::InProgress;
    c.ticket.assignee_id = Some(by);
    c.first_response();
    c.event(EventKind::Claimed, None);
    c.inform_requester(NoticeKind::Claimed { by });
    c.refresh_triage();
    Ok(())
}

fn assign(
    c: &mut Change<'_>,
    technician: DiscordId,
    level: Option<Level>,
    reason: Option<String>,
) -> Result<(), Refusal> {
    if !c.roles.coordinator {
        return Err(c.not_allowed(Who::Coordinators));
    }
    c.require_active()?;
    if level.is_none_or(|l| l < c.before.level) {
        return Err(Refusal::NotAtLevel { technician, level: c.before.level });
    }
    if c.before.assignee_id == Some(technician) {
        return Err(Refusal::AlreadyAssigned { ticket: c.label(), technician });
    }
    if c.status() != Status::WaitingOnRequester {
        c.ticket.status = Status::InProgress;
    }
    c.ticket.assignee_id = Some(technician);
    c.first_response();
    let reason = tidy(reason);
    let note = match &reason {
        Some(reason) => format!("<@{technician}>: {reason}"),
        None => format!("<@{technician}>"),
    };
    c.event(EventKind::Assigned, Some(note));
    c.inform_requester(NoticeKind::Assigned { to: technician, reason: None });
    c.inform(technician, NoticeKind::Assigned { to: technician, reason });
    if let Some(previous) = c.before.assignee_id.filter(|p| *p != technician) {
        c.inform(previous, NoticeKind::Reassigned { to: technician });
    }
    c.refresh_triage();
    Ok(())
}

fn escalate(c: &mut Change<'_>, to: Option<Level>, reason: &str, policy: &Policy) -> Result<(), Refusal> {
    if !(c.roles.coordinator || c.roles.works_at(c.before.level)) {
        return Err(c.level_required());
    }
    c.require_active()?;
    let current = c.before.level;
    let target = match (to, current.next()) {
        (_, None) => return Err(Refusal::TopLevel { ticket: c.label() }),
        (Some(to), Some(_)) if to <= current => {
            return Err(Refusal::NotHigher { ticket: c.label(), current });
        }
        (Some(to), Some(_)) => to,
        (None, Some(next)) => next,
    };
    let reason = long_enough(reason, policy.reason_min_chars)
        .ok_or(Refusal::ReasonTooShort { min: policy.reason_min_chars })?;
    c.ticket.level = target;
    c.ticket.assignee_id = None;
    c.ticket.status = Status::Open;
    // Back in the queue: the clock runs again if it was waiting on the requester.
    c.resume_clock();
    // The due times come from the policy as it is now (targets or business hours may have changed
    // since the ticket opened); the event says so when they moved.
    let before = c.ticket.sla.clone();
    let priority = c.ticket.priority;
    c.ticket.sla = policy.sla.reprioritise_in(&before, priority, priority, c.ticket.created_at, c.calendar);
    let recomputed = due_times_note(&before, &c.ticket.sla);
    c.event(EventKind::Escalated, Some(format!("{current} → {target}: {reason}{recomputed}")));
    c.inform_requester(NoticeKind::Escalated { level: target, reason });
    c.notices.push(Notice::new(Recipient::Thread, NoticeKind::LevelPing { level: target }));
    c.refresh_triage();
    Ok(())
}

fn wait_on_requester(c: &mut Change<'_>, note: Option<String>) -> Result<(), Refusal> {
    if !(c.is_assignee() || c.roles.coordinator) {
        return Err(c.not_allowed(Who::AssigneeOrCoordinator));
    }
    c.require_status(&[Status::InProgress])?;
    let note = tidy(note);
    c.ticket.status = Status::WaitingOnRequester;
    c.ticket.sla = sla::pause(&c.ticket.sla, c.now);
    c.event(EventKind::Waiting, note.clone());
    // Colleagues see the question in the ticket's thread, where the answer will come.
    c.notices.push(Notice::new(Recipient::Thread, NoticeKind::Waiting { note: note.clone() }));
    c.inform_requester(NoticeKind::Waiting { note });
    c.refresh_triage();
    Ok(())
}

fn resume(c: &mut Change<'_>) -> Result<(), Refusal> {
    if !(c.is_requester() || c.is_assignee() || c.roles.coordinator) {
        return Err(c.not_allowed(Who::RequesterAssigneeOrCoordinator));
    }
    c.require_status(&[Status::WaitingOnRequester])?;
    c.ticket.status = Status::InProgress;
    c.resume_clock();
    c.event(EventKind::Resumed, None);
    c.inform_requester(NoticeKind::Resumed);
    c.refresh_triage();
    Ok(())
}

fn resolve(c: &mut Change<'_>, notes: &str, code: ResolutionCode, policy: &Policy) -> Result<(), Refusal> {
    if !(c.is_assignee() || c.roles.works_at(c.before.level) || c.roles.coordinator) {
        return Err(c.level_required());
    }
    c.require_active()?;
    let notes = long_enough(notes, policy.resolution_notes_min_chars)
        .ok_or(Refusal::NotesTooShort { min: policy.resolution_notes_min_chars })?;
    if c.before.assignee_id.is_none() && c.roles.level.is_some() {
        c.ticket.assignee_id = c.actor.id();
    }
    // A resolution answers the requester, so it counts as the first response if nothing came before.
    c.first_response();
    c.resume_clock();
    c.ticket.status = Status::Resolved;
    c.ticket.resolution_notes = Some(notes.clone());
    c.ticket.resolution_code = Some(code);
    c.ticket.resolved_at = Some(c.now);
    c.event(EventKind::Resolved, Some(format!("{}: {notes}", code.label())));
    // Carries the Fixed / Still broken buttons, so the requester gets it even if they resolved it.
    c.ask_requester(NoticeKind::Resolved { notes, code });
    c.refresh_triage();
    Ok(())
}

fn confirm(c: &mut Change<'_>) -> Result<(), Refusal> {
    if !c.is_requester() {
        return Err(c.not_allowed(Who::Requester));
    }
    c.require_status(&[Status::Resolved])?;
    c.ticket.status = Status::Closed;
    c.ticket.closed_at = Some(c.now);
    c.event(EventKind::Confirmed, None);
    // Carries the rating select.
    c.ask_requester(NoticeKind::Closed);
    c.refresh_triage();
    Ok(())
}

fn reopen(c: &mut Change<'_>, note: Option<String>) -> Result<(), Refusal> {
    if !(c.is_requester() || c.roles.coordinator) {
        return Err(c.not_allowed(Who::RequesterOrCoordinator));
    }
    c.require_status(&[Status::Resolved])?;
    c.ticket.status = if c.before.assignee_id.is_some() { Status::InProgress } else { Status::Open };
    // The notes and code stay in the Resolved event.
    c.ticket.resolution_notes = None;
    c.ticket.resolution_code = None;
    c.ticket.resolved_at = None;
    c.event(EventKind::Reopened, tidy(note));
    // A child of an incident that is still broken is its own problem again: it leaves the incident,
    // back in the queue and posted to triage (the refresh below).
    if c.before.parent_id.is_some() {
        c.ticket.parent_id = None;
        c.event(EventKind::Unlinked, Some("still broken after its incident was resolved".to_owned()));
    }
    if let Some(assignee) = c.before.assignee_id {
        c.inform(assignee, NoticeKind::Reopened);
    }
    c.inform_requester(NoticeKind::Reopened);
    c.refresh_triage();
    Ok(())
}

fn cancel(c: &mut Change<'_>, reason: Option<String>) -> Result<(), Refusal> {
    let requester = c.is_requester();
    if !(requester || c.roles.coordinator) {
        return Err(c.not_allowed(Who::RequesterOrCoordinator));
    }
    let status = c.status();
    if !(status == Status::Intake || status.is_active()) {
        return Err(c.wrong_status());
    }
    let unclaimed = status == Status::Intake || (status == Status::Open && c.before.assignee_id.is_none());
    if !c.roles.coordinator && !unclaimed {
        return Err(match c.before.assignee_id {
            Some(by) => Refusal::ClaimedCannotCancel { ticket: c.label(), by },
            None => c.wrong_status(),
        });
    }
    let reason = tidy(reason);
    c.ticket.status = Status::Cancelled;
    c.ticket.closed_at = Some(c.now);
    c.event(EventKind::Cancelled, reason.clone());
    c.inform_requester(NoticeKind::Cancelled { reason });
    // An intake was never posted to triage; refreshing would post a cancelled ticket there.
    if status != Status::Intake {
        c.refresh_triage();
    }
    Ok(())
}

fn close(c: &mut Change<'_>) -> Result<(), Refusal> {
    if !c.roles.coordinator {
        return Err(c.not_allowed(Who::Coordinators));
    }
    c.require_status(&[Status::Resolved])?;
    c.ticket.status = Status::Closed;
    c.ticket.closed_at = Some(c.now);
    c.event(EventKind::Closed, None);
    // Carries the rating select.
    c.ask_requester(NoticeKind::Closed);
    c.refresh_triage();
    Ok(())
}

fn override_priority(
    c: &mut Change<'_>,
    priority: Priority,
    reason: &str,
    policy: &Policy,
) -> Result<(), Refusal> {
    if !c.roles.coordinator {
        return Err(c.not_allowed(Who::Coordinators));
    }
    c.require_active()?;
    let old = c.before.priority;
    if priority == old {
        return Err(Refusal::SamePriority { ticket: c.label(), priority });
    }
    let reason = long_enough(reason, policy.reason_min_chars)
        .ok_or(Refusal::ReasonTooShort { min: policy.reason_min_chars })?;
    c.ticket.priority = priority;
    c.ticket.priority_overridden = true;
    c.ticket.sla = policy.sla.reprioritise_in(&c.before.sla, old, priority, c.before.created_at, c.calendar);
    let recomputed = due_times_note(&c.before.sla, &c.ticket.sla);
    c.event(EventKind::PriorityChanged, Some(format!("{old} → {priority}: {reason}{recomputed}")));
    c.refresh_triage();
    Ok(())
}

fn rate(c: &mut Change<'_>, score: i16) -> Result<(), Refusal> {
    if !c.is_requester() {
        return Err(c.not_allowed(Who::Requester));
    }
    c.require_status(&[Status::Closed])?;
    if !(1..=5).contains(&score) {
        return Err(Refusal::ScoreOutOfRange { score });
    }
    if c.before.satisfaction.is_some() {
        return Err(Refusal::AlreadyRated { ticket: c.label() });
    }
    c.ticket.satisfaction = Some(score);
    c.event(EventKind::Rated, Some(score.to_string()));
    if score <= LOW_RATING {
        c.notices.push(Notice::new(Recipient::Coordinators, NoticeKind::LowRating { score, comment: None }));
    }
    c.refresh_triage();
    Ok(())
}

/// Ratings at or below this are posted to the coordinators' channel.
pub const LOW_RATING: i16 = 2;

/// The requester's comment on their rating; a low rating's comment goes to the coordinators too.
fn comment_rating(c: &mut Change<'_>, comment: String) -> Result<(), Refusal> {
    if !c.is_requester() {
        return Err(c.not_allowed(Who::Requester));
    }
    c.require_status(&[Status::Closed])?;
    let Some(score) = c.before.satisfaction else {
        return Err(Refusal::NotRatedYet { ticket: c.label() });
    };
    let comment = tidy(Some(comment)).ok_or(Refusal::NotesTooShort { min: 1 })?;
    c.event(EventKind::RatingComment, Some(comment.clone()));
    if score <= LOW_RATING {
        let kind = NoticeKind::LowRating { score, comment: Some(comment) };
        c.notices.push(Notice::new(Recipient::Coordinators, kind));
    }
    Ok(())
}

/// What the SLA sweeper does when `threshold` of `ticket` is reached at `now` (product.md, "SLA"):
///
/// - a warning is posted in the thread (to the holder, or the level's role when nobody holds it);
/// - a first-response breach escalates one level (up to 3) and puts the ticket back in that level's
///   queue; a resolution breach warns the holder in the thread;
/// - a breach alerts the coordinators' channel (the ticket, how late, who holds it), is recorded as
///   an event, and the requester is told it was escalated.
///
/// The threshold is marked on the ticket's clock, so a commit of this change under the ticket's
/// version is what makes it happen once.
pub fn sla_threshold(
    ticket: &Ticket,
    threshold: sla::Threshold,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Transition {
    use sla::{SlaKind, Threshold};
    let due_of = |kind: SlaKind| match kind {
        SlaKind::FirstResponse => ticket.sla.first_response_due,
        SlaKind::Resolution => ticket.sla.resolution_due,
    };
    let word = |kind: SlaKind| match kind {
        SlaKind::FirstResponse => "first response",
        SlaKind::Resolution => "resolution",
    };
    let actor = Actor::System;
    match threshold {
        Threshold::Warning(kind) => {
            let mut c = Change::new(ticket, &actor, now, Verb::Escalate);
            c.ticket.sla = sla::mark(&c.ticket.sla, threshold, now);
            let due = due_of(kind).unwrap_or(now);
            c.event(EventKind::SlaWarning, Some(format!("{} due {}", word(kind), due.to_rfc3339())));
            c.notices.push(Notice::new(Recipient::Thread, NoticeKind::SlaWarning { clock: kind, due }));
            c.refresh_triage();
            c.finish()
        }
        Threshold::Breach(kind) => {
            let late_secs = due_of(kind).map_or(0, |due| (now - due).num_seconds().max(0));
            let holder = ticket.assignee_id;
            let escalated = match kind {
                SlaKind::FirstResponse => {
                    let reason = format!("SLA: no {} within the target", word(kind));
                    apply(ticket, &actor, Action::Escalate { to: None, reason }, now, policy).ok()
                }
                SlaKind::Resolution => None,
            };
            let was_escalated = escalated.is_some();
            let mut t =
                escalated.unwrap_or_else(|| Change::new(ticket, &actor, now, Verb::Escalate).finish());
            t.ticket.sla = sla::mark(&t.ticket.sla, threshold, now);
            let level = t.ticket.level;
            let breach = NewEvent {
                kind: EventKind::SlaBreached,
                actor_id: None,
                at: now,
                from_status: Some(ticket.status),
                to_status: Some(ticket.status),
                note: Some(format!("{}: {late_secs} s late", word(kind))),
            };
            t.events.insert(0, breach);
            let alert = NoticeKind::SlaBreached { clock: kind, late_secs, holder, level };
            t.notices.push(Notice::new(Recipient::Coordinators, alert.clone()));
            if kind == SlaKind::Resolution {
                t.notices.push(Notice::new(Recipient::Thread, alert.clone()));
            }
            if !was_escalated {
                t.notices.push(Notice::new(Recipient::User { id: ticket.requester_id }, alert));
            }
            let refresh = Notice::new(Recipient::Triage, NoticeKind::RefreshTriage);
            if !t.notices.contains(&refresh) {
                t.notices.push(refresh);
            }
            t
        }
    }
}

/// What is due for a ticket waiting on the requester (Ask requester): one reminder after
/// `remind_after`, then, with still no answer, resolution as "no response" after `resolve_after`,
/// and never sooner than the gap between the two after the reminder (a reminder sent late, after
/// the bot was down, still gives the requester the time it promises).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitingStep {
    Remind,
    ResolveNoResponse,
}

/// The windows of [`WaitingStep`], from the help desk's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitingWindows {
    pub remind_after: Duration,
    pub resolve_after: Duration,
}

impl WaitingWindows {
    /// When a ticket waiting since `since`, reminded at `reminded` (if it was), is resolved.
    pub fn resolve_at(&self, since: DateTime<Utc>, reminded: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let plain = since + self.resolve_after;
        match reminded {
            Some(at) => plain.max(at + (self.resolve_after - self.remind_after)),
            None => plain,
        }
    }

    /// What is due for `ticket` at `now`, if anything.
    pub fn step(&self, ticket: &Ticket, now: DateTime<Utc>) -> Option<WaitingStep> {
        if ticket.status != Status::WaitingOnRequester {
            return None;
        }
        let since = ticket.sla.paused_at?;
        match ticket.sla.waiting_reminded_at {
            None if now >= since + self.remind_after => Some(WaitingStep::Remind),
            None => None,
            Some(reminded) => {
                (now >= self.resolve_at(since, Some(reminded))).then_some(WaitingStep::ResolveNoResponse)
            }
        }
    }
}

/// The reminder of an unanswered question (`question`, the technician's words, when known): to the
/// requester by DM, a line in the thread. Marked on the ticket's clock, so a commit under the
/// ticket's version makes it happen once.
pub fn waiting_reminder(
    ticket: &Ticket,
    question: Option<String>,
    windows: &WaitingWindows,
    now: DateTime<Utc>,
) -> Transition {
    let actor = Actor::System;
    let mut c = Change::new(ticket, &actor, now, Verb::Pause);
    c.ticket.sla.waiting_reminded_at = Some(now);
    let resolve_in_secs = ticket
        .sla
        .paused_at
        .map_or(0, |since| (windows.resolve_at(since, Some(now)) - now).num_seconds().max(0));
    c.event(EventKind::WaitingReminded, None);
    let kind = NoticeKind::WaitingReminder { note: question, resolve_in_secs };
    c.ask_requester(kind.clone());
    c.notices.push(Notice::new(Recipient::Thread, kind));
    c.finish()
}

/// `5 days`, `3 hours`, `12 minutes`: the largest whole unit, for a sentence.
fn rough_duration(d: Duration) -> String {
    let secs = d.num_seconds().max(0);
    let (n, unit) = match secs {
        s if s >= 86_400 => (s / 86_400, "day"),
        s if s >= 3_600 => (s / 3_600, "hour"),
        s if s >= 60 => (s / 60, "minute"),
        s => (s, "second"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The resolution of a ticket whose requester never answered: by deskbot, code "no response", with
/// notes that say so; the requester is told and can still say it is broken.
pub fn resolve_no_response(
    ticket: &Ticket,
    windows: &WaitingWindows,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<Transition, Refusal> {
    let waited = ticket.sla.paused_at.map_or(windows.resolve_after, |since| now - since);
    let notes = format!(
        "No answer to the technician's question in {}; resolved as no response. If it is still a problem, \
         press Still broken.",
        rough_duration(waited)
    );
    apply(ticket, &Actor::System, Action::Resolve { notes, code: ResolutionCode::NoResponse }, now, policy)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::ticket::{Impact, TicketNumber, Urgency};

    const REQUESTER: DiscordId = 100;
    const TECH_L1: DiscordId = 201;
    const OTHER_L1: DiscordId = 211;
    const TECH_L2: DiscordId = 202;
    const TECH_L3: DiscordId = 203;
    const COORD: DiscordId = 400;
    const STRANGER: DiscordId = 500;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap()
    }

    fn at(minutes: i64) -> DateTime<Utc> {
        t0() + Duration::minutes(minutes)
    }

    fn policy() -> Policy {
        Policy::default()
    }

    fn ticket(status: Status) -> Ticket {
        Ticket {
            id: 7,
            guild_id: 1,
            number: Some(TicketNumber(42)),
            requester_id: REQUESTER,
            summary: "VPN drops every ten minutes".to_owned(),
            description: "Since Monday".to_owned(),
            category: "network".to_owned(),
            impact: Impact::Individual,
            urgency: Urgency::Medium,
            priority: Priority::P3,
            priority_overridden: false,
            level: Level::ONE,
            status,
            assignee_id: None,
            answers: Vec::new(),
            sla: if status == Status::Intake {
                Default::default()
            } else {
                SlaTargets::default().start(Priority::P3, t0())
            },
            resolution_notes: None,
            resolution_code: None,
            satisfaction: None,
            created_at: t0(),
            updated_at: t0(),
            resolved_at: None,
            closed_at: None,
            triage_message_id: None,
            thread_id: None,
            parent_id: None,
            version: 3,
        }
    }

    fn intake() -> Ticket {
        ticket(Status::Intake)
    }
    fn open() -> Ticket {
        ticket(Status::Open)
    }
    fn held(status: Status, by: DiscordId) -> Ticket {
        let mut t = ticket(status);
        t.assignee_id = Some(by);
        if status != Status::Open {
            t.sla.first_response_at = Some(at(5));
        }
        if status == Status::WaitingOnRequester {
            t.sla.paused_at = Some(at(10));
        }
        if status == Status::Resolved || status == Status::Closed {
            t.resolution_notes = Some("Reinstalled the VPN client profile.".to_owned());
            t.resolution_code = Some(ResolutionCode::Fixed);
            t.resolved_at = Some(at(30));
        }
        t
    }
    fn in_progress() -> Ticket {
        held(Status::InProgress, TECH_L1)
    }
    fn waiting() -> Ticket {
        held(Status::WaitingOnRequester, TECH_L1)
    }
    fn resolved() -> Ticket {
        held(Status::Resolved, TECH_L1)
    }
    fn closed() -> Ticket {
        let mut t = held(Status::Closed, TECH_L1);
        t.closed_at = Some(at(40));
        t
    }
    fn at_level(mut t: Ticket, level: Level) -> Ticket {
        t.level = level;
        t
    }

    fn requester() -> Actor {
        Actor::member(REQUESTER, Roles::REQUESTER)
    }
    fn tech(id: DiscordId, level: Level) -> Actor {
        Actor::member(id, Roles::technician(level))
    }
    fn l1() -> Actor {
        tech(TECH_L1, Level::ONE)
    }
    fn coordinator() -> Actor {
        Actor::member(COORD, Roles::coordinator())
    }
    fn stranger() -> Actor {
        Actor::member(STRANGER, Roles::REQUESTER)
    }

    const NOTES: &str = "Reinstalled the VPN client profile.";

    fn resolve_action() -> Action {
        Action::Resolve { notes: NOTES.to_owned(), code: ResolutionCode::Fixed }
    }
    fn escalate_action(to: Option<Level>) -> Action {
        Action::Escalate { to, reason: "Needs the firewall team".to_owned() }
    }

    fn not_allowed(who: Who, action: Verb) -> Refusal {
        Refusal::NotAllowed { who, action, ticket: "#42".to_owned() }
    }
    fn level_required(level: Level, action: Verb) -> Refusal {
        Refusal::LevelRequired { level, action, ticket: "#42".to_owned() }
    }
    fn wrong_status(status: Status, action: Verb) -> Refusal {
        Refusal::WrongStatus { status, action, ticket: "#42".to_owned() }
    }

    struct Case {
        name: &'static str,
        ticket: Ticket,
        actor: Actor,
        action: Action,
        expect: Result<Status, Refusal>,
    }

    fn case(
        name: &'static str,
        ticket: Ticket,
        actor: Actor,
        action: Action,
        expect: Result<Status, Refusal>,
    ) -> Case {
        Case { name, ticket, actor, action, expect }
    }

    fn cases() -> Vec<Case> {
        use Status::*;
        let rate = |score| Action::Rate { score };
        let mut rated = closed();
        rated.satisfaction = Some(4);
        vec![
            // Submit
            case("requester submits their intake", intake(), requester(), Action::Submit, Ok(Open)),
            case("deskbot submits an intake", intake(), Actor::System, Action::Submit, Ok(Open)),
            case(
                "someone else cannot submit",
                intake(),
                stranger(),
                Action::Submit,
                Err(not_allowed(Who::Requester, Verb::Submit)),
            ),
            case(
                "an open ticket cannot be submitted again",
                open(),
                requester(),
                Action::Submit,
                Err(wrong_status(Open, Verb::Submit)),
            ),
            // Claim
            case("L1 claims an open L1 ticket", open(), l1(), Action::Claim, Ok(InProgress)),
            case(
                "L3 claims an open L1 ticket",
                open(),
                tech(TECH_L3, Level::THREE),
                Action::Claim,
                Ok(InProgress),
            ),
            case(
                "L1 cannot claim an L2 ticket",
                at_level(open(), Level::TWO),
                l1(),
                Action::Claim,
                Err(level_required(Level::TWO, Verb::Claim)),
            ),
            case(
                "a requester cannot claim",
                open(),
                requester(),
                Action::Claim,
                Err(level_required(Level::ONE, Verb::Claim)),
            ),
            case(
                "a coordinator without a level cannot claim",
                open(),
                coordinator(),
                Action::Claim,
                Err(level_required(Level::ONE, Verb::Claim)),
            ),
            case(
                "a second claim names the first claimer",
                in_progress(),
                tech(OTHER_L1, Level::ONE),
                Action::Claim,
                Err(Refusal::AlreadyClaimed { ticket: "#42".to_owned(), by: TECH_L1 }),
            ),
            case(
                "a resolved ticket cannot be claimed",
                resolved(),
                tech(OTHER_L1, Level::ONE),
                Action::Claim,
                Err(wrong_status(Resolved, Verb::Claim)),
            ),
            case(
                "deskbot cannot claim",
                open(),
                Actor::System,
                Action::Claim,
                Err(not_allowed(Who::Technicians, Verb::Claim)),
            ),
            // Assign
            case(
                "a coordinator assigns an open ticket",
                open(),
                coordinator(),
                Action::Assign { technician: TECH_L2, level: Some(Level::TWO), reason: None },
                Ok(InProgress),
            ),
            case(
                "assigning a waiting ticket keeps it waiting",
                waiting(),
                coordinator(),
                Action::Assign { technician: OTHER_L1, level: Some(Level::ONE), reason: Some("rota".into()) },
                Ok(WaitingOnRequester),
            ),
            case(
                "a technician cannot assign",
                open(),
                l1(),
                Action::Assign { technician: OTHER_L1, level: Some(Level::ONE), reason: None },
                Err(not_allowed(Who::Coordinators, Verb::Assign)),
            ),
            case(
                "an L1 technician cannot be given an L2 ticket",
                at_level(open(), Level::TWO),
                coordinator(),
                Action::Assign { technician: TECH_L1, level: Some(Level::ONE), reason: None },
                Err(Refusal::NotAtLevel { technician: TECH_L1, level: Level::TWO }),
            ),
            case(
                "a member who is no technician cannot be assigned",
                open(),
                coordinator(),
                Action::Assign { technician: STRANGER, level: None, reason: None },
                Err(Refusal::NotAtLevel { technician: STRANGER, level: Level::ONE }),
            ),
            case(
                "assigning to the current assignee is refused",
                in_progress(),
                coordinator(),
                Action::Assign { technician: TECH_L1, level: Some(Level::ONE), reason: None },
                Err(Refusal::AlreadyAssigned { ticket: "#42".to_owned(), technician: TECH_L1 }),
            ),
            case(
                "a resolved ticket cannot be assigned",
                resolved(),
                coordinator(),
                Action::Assign { technician: OTHER_L1, level: Some(Level::ONE), reason: None },
                Err(wrong_status(Resolved, Verb::Assign)),
            ),
            // Escalate
            case(
                "the assignee escalates to the next level",
                in_progress(),
                l1(),
                escalate_action(None),
                Ok(Open),
            ),
            case(
                "a coordinator escalates straight to L3",
                in_progress(),
                coordinator(),
                escalate_action(Some(Level::THREE)),
                Ok(Open),
            ),
            case(
                "a requester cannot escalate",
                in_progress(),
                requester(),
                escalate_action(None),
                Err(level_required(Level::ONE, Verb::Escalate)),
            ),
            case(
                "L1 cannot escalate an L2 ticket",
                at_level(open(), Level::TWO),
                l1(),
                escalate_action(None),
                Err(level_required(Level::TWO, Verb::Escalate)),
            ),
            case(
                "escalation from level 3 is refused",
                at_level(open(), Level::THREE),
                coordinator(),
                escalate_action(None),
                Err(Refusal::TopLevel { ticket: "#42".to_owned() }),
            ),
            case(
                "escalation to level 3 from level 3 is refused",
                at_level(open(), Level::THREE),
                coordinator(),
                escalate_action(Some(Level::THREE)),
                Err(Refusal::TopLevel { ticket: "#42".to_owned() }),
            ),
            case(
                "escalation to the same level is refused",
                at_level(open(), Level::TWO),
                coordinator(),
                escalate_action(Some(Level::TWO)),
                Err(Refusal::NotHigher { ticket: "#42".to_owned(), current: Level::TWO }),
            ),
            case(
                "escalation needs a reason",
                in_progress(),
                l1(),
                Action::Escalate { to: None, reason: "  why  ".to_owned() },
                Err(Refusal::ReasonTooShort { min: 5 }),
            ),
            case(
                "a closed ticket cannot be escalated",
                closed(),
                coordinator(),
                escalate_action(None),
                Err(wrong_status(Closed, Verb::Escalate)),
            ),
            // WaitOnRequester
            case(
                "the assignee waits on the requester",
                in_progress(),
                l1(),
                Action::WaitOnRequester { note: Some("Which VPN profile?".into()) },
                Ok(WaitingOnRequester),
            ),
            case(
                "a coordinator sets a ticket waiting",
                in_progress(),
                coordinator(),
                Action::WaitOnRequester { note: None },
                Ok(WaitingOnRequester),
            ),
            case(
                "another technician cannot set it waiting",
                in_progress(),
                tech(OTHER_L1, Level::ONE),
                Action::WaitOnRequester { note: None },
                Err(not_allowed(Who::AssigneeOrCoordinator, Verb::Pause)),
            ),
            case(
                "an open ticket cannot wait on the requester",
                open(),
                coordinator(),
                Action::WaitOnRequester { note: None },
                Err(wrong_status(Open, Verb::Pause)),
            ),
            // Resume
            case("the requester resumes", waiting(), requester(), Action::Resume, Ok(InProgress)),
            case("the assignee resumes", waiting(), l1(), Action::Resume, Ok(InProgress)),
            case("a coordinator resumes", waiting(), coordinator(), Action::Resume, Ok(InProgress)),
            case(
                "someone else cannot resume",
                waiting(),
                stranger(),
                Action::Resume,
                Err(not_allowed(Who::RequesterAssigneeOrCoordinator, Verb::Resume)),
            ),
            case(
                "a ticket that is not waiting cannot resume",
                in_progress(),
                requester(),
                Action::Resume,
                Err(wrong_status(InProgress, Verb::Resume)),
            ),
            // Resolve
            case("the assignee resolves", in_progress(), l1(), resolve_action(), Ok(Resolved)),
            case(
                "a technician resolves an open ticket",
                open(),
                tech(OTHER_L1, Level::ONE),
                resolve_action(),
                Ok(Resolved),
            ),
            case(
                "a coordinator resolves a waiting ticket",
                waiting(),
                coordinator(),
                resolve_action(),
                Ok(Resolved),
            ),
            case(
                "a requester cannot resolve",
                in_progress(),
                requester(),
                resolve_action(),
                Err(level_required(Level::ONE, Verb::Resolve)),
            ),
            case(
                "L1 cannot resolve an L2 ticket it does not hold",
                at_level(open(), Level::TWO),
                l1(),
                resolve_action(),
                Err(level_required(Level::TWO, Verb::Resolve)),
            ),
            case(
                "short resolution notes are refused",
                in_progress(),
                l1(),
                Action::Resolve { notes: "   fixed it   ".to_owned(), code: ResolutionCode::Fixed },
                Err(Refusal::NotesTooShort { min: 20 }),
            ),
            case(
                "a resolved ticket cannot be resolved again",
                resolved(),
                l1(),
                resolve_action(),
                Err(wrong_status(Resolved, Verb::Resolve)),
            ),
            // Confirm
            case("the requester confirms the fix", resolved(), requester(), Action::Confirm, Ok(Closed)),
            case(
                "the assignee cannot confirm",
                resolved(),
                l1(),
                Action::Confirm,
                Err(not_allowed(Who::Requester, Verb::Confirm)),
            ),
            case(
                "an unresolved ticket cannot be confirmed",
                in_progress(),
                requester(),
                Action::Confirm,
                Err(wrong_status(InProgress, Verb::Confirm)),
            ),
            // Reopen
            case(
                "the requester reopens to the same technician",
                resolved(),
                requester(),
                Action::Reopen { note: Some("Still drops".into()) },
                Ok(InProgress),
            ),
            case(
                "a coordinator reopens an unassigned ticket into the queue",
                {
                    let mut t = resolved();
                    t.assignee_id = None;
                    t
                },
                coordinator(),
                Action::Reopen { note: None },
                Ok(Open),
            ),
            case(
                "the assignee cannot reopen",
                resolved(),
                l1(),
                Action::Reopen { note: None },
                Err(not_allowed(Who::RequesterOrCoordinator, Verb::Reopen)),
            ),
            case(
                "a closed ticket cannot be reopened",
                closed(),
                requester(),
                Action::Reopen { note: None },
                Err(wrong_status(Closed, Verb::Reopen)),
            ),
            // Cancel
            case(
                "the requester cancels an unclaimed ticket",
                open(),
                requester(),
                Action::Cancel { reason: None },
                Ok(Cancelled),
            ),
            case(
                "the requester cancels an intake",
                intake(),
                requester(),
                Action::Cancel { reason: None },
                Ok(Cancelled),
            ),
            case(
                "a coordinator cancels a claimed ticket",
                in_progress(),
                coordinator(),
                Action::Cancel { reason: Some("Duplicate of #41".into()) },
                Ok(Cancelled),
            ),
            case(
                "the requester cannot cancel after a claim",
                in_progress(),
                requester(),
                Action::Cancel { reason: None },
                Err(Refusal::ClaimedCannotCancel { ticket: "#42".to_owned(), by: TECH_L1 }),
            ),
            case(
                "someone else cannot cancel",
                open(),
                stranger(),
                Action::Cancel { reason: None },
                Err(not_allowed(Who::RequesterOrCoordinator, Verb::Cancel)),
            ),
            case(
                "a closed ticket cannot be cancelled",
                closed(),
                coordinator(),
                Action::Cancel { reason: None },
                Err(wrong_status(Closed, Verb::Cancel)),
            ),
            // Close
            case(
                "deskbot closes after the confirmation window",
                resolved(),
                Actor::System,
                Action::Close,
                Ok(Closed),
            ),
            case(
                "a coordinator closes a resolved ticket",
                resolved(),
                coordinator(),
                Action::Close,
                Ok(Closed),
            ),
            case(
                "the requester cannot close",
                resolved(),
                requester(),
                Action::Close,
                Err(not_allowed(Who::Coordinators, Verb::Close)),
            ),
            case(
                "an open ticket cannot be closed",
                open(),
                coordinator(),
                Action::Close,
                Err(wrong_status(Open, Verb::Close)),
            ),
            // OverridePriority
            case(
                "a coordinator overrides the priority",
                in_progress(),
                coordinator(),
                Action::OverridePriority { priority: Priority::P1, reason: "CEO's laptop".to_owned() },
                Ok(InProgress),
            ),
            case(
                "a technician cannot override the priority",
                in_progress(),
                tech(TECH_L3, Level::THREE),
                Action::OverridePriority { priority: Priority::P1, reason: "CEO's laptop".to_owned() },
                Err(not_allowed(Who::Coordinators, Verb::ChangePriority)),
            ),
            case(
                "overriding to the same priority is refused",
                in_progress(),
                coordinator(),
                Action::OverridePriority { priority: Priority::P3, reason: "CEO's laptop".to_owned() },
                Err(Refusal::SamePriority { ticket: "#42".to_owned(), priority: Priority::P3 }),
            ),
            case(
                "a priority override needs a reason",
                in_progress(),
                coordinator(),
                Action::OverridePriority { priority: Priority::P1, reason: " ".to_owned() },
                Err(Refusal::ReasonTooShort { min: 5 }),
            ),
            case(
                "a resolved ticket's priority cannot change",
                resolved(),
                coordinator(),
                Action::OverridePriority { priority: Priority::P1, reason: "CEO's laptop".to_owned() },
                Err(wrong_status(Resolved, Verb::ChangePriority)),
            ),
            // Rate
            case("the requester rates a closed ticket", closed(), requester(), rate(5), Ok(Closed)),
            case(
                "a rating of 0 is refused",
                closed(),
                requester(),
                rate(0),
                Err(Refusal::ScoreOutOfRange { score: 0 }),
            ),
            case(
                "a rating of 6 is refused",
                closed(),
                requester(),
                rate(6),
                Err(Refusal::ScoreOutOfRange { score: 6 }),
            ),
            case(
                "a second rating is refused",
                rated,
                requester(),
                rate(3),
                Err(Refusal::AlreadyRated { ticket: "#42".to_owned() }),
            ),
            case(
                "a resolved ticket cannot be rated yet",
                resolved(),
                requester(),
                rate(5),
                Err(wrong_status(Resolved, Verb::Rate)),
            ),
            case(
                "someone else cannot rate",
                closed(),
                stranger(),
                rate(5),
                Err(not_allowed(Who::Requester, Verb::Rate)),
            ),
        ]
    }

    #[test]
    fn every_action_is_allowed_or_refused_as_the_table_says() {
        let now = at(60);
        for Case { name, ticket, actor, action, expect } in cases() {
            let result = apply(&ticket, &actor, action, now, &policy());
            match (expect, result) {
                (Ok(status), Ok(t)) => {
                    assert_eq!(t.ticket.status, status, "{name}");
                    assert_eq!(t.ticket.updated_at, now, "{name}: updated_at");
                    assert_eq!(t.ticket.version, ticket.version, "{name}: version is the store's");
                    assert!(!t.events.is_empty(), "{name}: no event");
                    for e in &t.events {
                        assert_eq!(e.actor_id, actor.id(), "{name}: event actor");
                        assert_eq!(e.at, now, "{name}: event time");
                        assert_eq!(e.from_status, Some(ticket.status), "{name}: from");
                        assert_eq!(e.to_status, Some(status), "{name}: to");
                    }
                    let refreshes = t.notices.iter().filter(|n| n.recipient == Recipient::Triage).count();
                    let expected = usize::from(ticket.status != Status::Intake || status == Status::Open);
                    assert_eq!(refreshes, expected, "{name}: triage refreshes");
                }
                (Err(refusal), Err(got)) => assert_eq!(got, refusal, "{name}"),
                (expect, got) => panic!("{name}: expected {expect:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn the_table_covers_every_action_both_allowed_and_refused() {
        let names = [
            "submit", "claim", "assign", "escalate", "wait", "resume", "resolve", "confirm", "reopen",
            "cancel", "close", "priority", "rate",
        ];
        let cases = cases();
        for name in names {
            let of =
                |ok: bool| cases.iter().filter(|c| c.action.name() == name && c.expect.is_ok() == ok).count();
            assert!(of(true) > 0, "no allowed case for {name}");
            assert!(of(false) > 0, "no refused case for {name}");
        }
    }

    fn run(ticket: &Ticket, actor: Actor, action: Action, now: DateTime<Utc>) -> Transition {
        match apply(ticket, &actor, action, now, &policy()) {
            Ok(t) => t,
            Err(refusal) => panic!("refused: {refusal}"),
        }
    }

    fn to_user(id: DiscordId, kind: NoticeKind) -> Notice {
        Notice::new(Recipient::User { id }, kind)
    }

    fn refresh() -> Notice {
        Notice::new(Recipient::Triage, NoticeKind::RefreshTriage)
    }

    #[test]
    fn refusals_read_as_sentences_naming_people_and_levels() {
        let table: [(Refusal, &str); 8] = [
            (Refusal::AlreadyClaimed { ticket: "#42".into(), by: 123 }, "#42 is already claimed by <@123>."),
            (not_allowed(Who::Requester, Verb::Confirm), "Only the requester can confirm #42."),
            (not_allowed(Who::Coordinators, Verb::Assign), "Only coordinators can assign #42."),
            (level_required(Level::TWO, Verb::Claim), "Only technicians at level 2 or above can claim #42."),
            (
                wrong_status(Status::WaitingOnRequester, Verb::Claim),
                "You can't claim #42: it is waiting on the requester.",
            ),
            (Refusal::NotAtLevel { technician: 9, level: Level::TWO }, "<@9> does not work at level 2."),
            (
                Refusal::NotesTooShort { min: 20 },
                "Resolution notes need at least 20 characters: say what was wrong and what fixed it.",
            ),
            (
                Refusal::ClaimedCannotCancel { ticket: "#42".into(), by: 201 },
                "#42 is already claimed by <@201>; ask them or a coordinator to cancel it.",
            ),
        ];
        for (refusal, text) in table {
            assert_eq!(refusal.to_string(), text);
        }
    }

    #[test]
    fn a_p1_is_posted_to_the_coordinators_as_it_opens_and_a_p3_is_not() {
        let mut p1 = intake();
        p1.priority = Priority::P1;
        let t = run(&p1, requester(), Action::Submit, at(3));
        assert_eq!(t.notices, vec![refresh(), Notice::new(Recipient::Coordinators, NoticeKind::Opened)]);
        let t = run(&intake(), requester(), Action::Submit, at(3));
        assert!(t.notices.iter().all(|n| n.recipient != Recipient::Coordinators), "{:?}", t.notices);
    }

    #[test]
    fn submitting_starts_the_sla_clock_and_posts_to_triage() {
        let t = run(&intake(), requester(), Action::Submit, at(3));
        assert_eq!(t.ticket.created_at, at(3));
        assert_eq!(t.ticket.sla, SlaTargets::default().start(Priority::P3, at(3)));
        assert_eq!(t.events[0].kind, EventKind::Created);
        assert_eq!(t.notices, vec![refresh()], "the requester is answered in the interaction");
    }

    #[test]
    fn submitting_on_the_requesters_behalf_tells_them_it_opened() {
        let t = run(&intake(), Actor::System, Action::Submit, at(3));
        assert_eq!(t.notices, vec![to_user(REQUESTER, NoticeKind::Opened), refresh()]);
        assert_eq!(t.events[0].actor_id, None);
    }

    #[test]
    fn claiming_assigns_records_first_response_and_tells_the_requester() {
        let t = run(&open(), l1(), Action::Claim, at(20));
        assert_eq!(t.ticket.assignee_id, Some(TECH_L1));
        assert_eq!(t.ticket.sla.first_response_at, Some(at(20)));
        assert_eq!(t.events[0].kind, EventKind::Claimed);
        assert_eq!(t.notices, vec![to_user(REQUESTER, NoticeKind::Claimed { by: TECH_L1 }), refresh()]);
    }

    #[test]
    fn a_technician_claiming_their_own_ticket_is_not_told_about_it() {
        let mut own = open();
        own.requester_id = TECH_L1;
        let t = run(&own, l1(), Action::Claim, at(20));
        assert_eq!(t.notices, vec![refresh()]);
    }

    #[test]
    fn assigning_tells_the_requester_and_the_technician_why_them() {
        let t = run(
            &open(),
            coordinator(),
            Action::Assign {
                technician: TECH_L2,
                level: Some(Level::TWO),
                reason: Some(" knows SAP ".into()),
            },
            at(15),
        );
        assert_eq!(t.ticket.assignee_id, Some(TECH_L2));
        assert_eq!(t.ticket.sla.first_response_at, Some(at(15)));
        assert_eq!(t.events[0].kind, EventKind::Assigned);
        assert_eq!(t.events[0].note.as_deref(), Some("<@202>: knows SAP"));
        assert_eq!(
            t.notices,
            vec![
                to_user(REQUESTER, NoticeKind::Assigned { to: TECH_L2, reason: None }),
                to_user(TECH_L2, NoticeKind::Assigned { to: TECH_L2, reason: Some("knows SAP".into()) }),
                refresh(),
            ]
        );
    }

    #[test]
    fn reassigning_tells_the_new_technician_why_the_requester_who_and_the_previous_holder_it_moved() {
        let t = run(
            &in_progress(),
            coordinator(),
            Action::Assign { technician: OTHER_L1, level: Some(Level::ONE), reason: Some("on shift".into()) },
            at(30),
        );
        assert_eq!(t.ticket.assignee_id, Some(OTHER_L1));
        assert_eq!(t.events[0].note.as_deref(), Some("<@211>: on shift"));
        assert_eq!(
            t.notices,
            vec![
                to_user(REQUESTER, NoticeKind::Assigned { to: OTHER_L1, reason: None }),
                to_user(OTHER_L1, NoticeKind::Assigned { to: OTHER_L1, reason: Some("on shift".into()) }),
                to_user(TECH_L1, NoticeKind::Reassigned { to: OTHER_L1 }),
                refresh(),
            ]
        );
    }

    #[test]
    fn a_coordinator_assigning_themselves_is_not_sent_a_dm() {
        let both = Actor::member(COORD, Roles { level: Some(Level::TWO), coordinator: true });
        let t = run(
            &open(),
            both,
            Action::Assign { technician: COORD, level: Some(Level::TWO), reason: None },
            at(15),
        );
        assert_eq!(
            t.notices,
            vec![to_user(REQUESTER, NoticeKind::Assigned { to: COORD, reason: None }), refresh()]
        );
    }

    #[test]
    fn escalation_raises_the_level_unassigns_and_pings_that_level() {
        let t = run(&in_progress(), l1(), escalate_action(None), at(90));
        assert_eq!(t.ticket.level, Level::TWO);
        assert_eq!(t.ticket.assignee_id, None);
        assert_eq!(t.ticket.status, Status::Open);
        assert_eq!(t.ticket.sla.first_response_at, Some(at(5)), "the SLA clock keeps its history");
        assert_eq!(t.ticket.sla.resolution_due, in_progress().sla.resolution_due, "and keeps running");
        assert_eq!(t.events[0].kind, EventKind::Escalated);
        assert_eq!(t.events[0].note.as_deref(), Some("L1 → L2: Needs the firewall team"));
        assert_eq!(
            t.notices,
            vec![
                to_user(
                    REQUESTER,
                    NoticeKind::Escalated { level: Level::TWO, reason: "Needs the firewall team".into() }
                ),
                Notice::new(Recipient::Thread, NoticeKind::LevelPing { level: Level::TWO }),
                refresh(),
            ]
        );
    }

    #[test]
    fn escalated_ticket_can_be_claimed_by_the_new_level_only() {
        let t = run(&in_progress(), l1(), escalate_action(None), at(90));
        assert_eq!(
            apply(&t.ticket, &l1(), Action::Claim, at(91), &policy()),
            Err(level_required(Level::TWO, Verb::Claim))
        );
        let claimed = run(&t.ticket, tech(TECH_L2, Level::TWO), Action::Claim, at(92));
        assert_eq!(claimed.ticket.assignee_id, Some(TECH_L2));
        assert_eq!(claimed.ticket.sla.first_response_at, Some(at(5)), "first response is recorded once");
    }

    #[test]
    fn escalating_a_waiting_ticket_restarts_its_clock() {
        let t = run(&waiting(), l1(), escalate_action(None), at(70));
        assert_eq!(t.ticket.sla.paused_at, None);
        assert_eq!(
            t.ticket.sla.resolution_due,
            waiting().sla.resolution_due.map(|d| d + Duration::minutes(60))
        );
    }

    #[test]
    fn waiting_and_resuming_moves_the_resolution_due_time_by_the_pause() {
        let submitted = run(&intake(), requester(), Action::Submit, t0()).ticket;
        let due = submitted.sla.resolution_due;
        assert_eq!(due, Some(t0() + Duration::days(3)));
        let claimed = run(&submitted, l1(), Action::Claim, at(60)).ticket;
        let waiting = run(&claimed, l1(), Action::WaitOnRequester { note: None }, at(120)).ticket;
        assert_eq!(waiting.sla.paused_at, Some(at(120)));
        assert_eq!(waiting.sla.resolution_due, due, "pausing does not move the due time yet");
        let resumed = run(&waiting, requester(), Action::Resume, at(300)).ticket;
        assert_eq!(resumed.sla.paused_at, None);
        assert_eq!(resumed.sla.resolution_due, Some(t0() + Duration::days(3) + Duration::hours(3)));
        assert_eq!(resumed.sla.first_response_due, submitted.sla.first_response_due);
        let again = run(&resumed, l1(), Action::WaitOnRequester { note: None }, at(400)).ticket;
        let back = run(&again, l1(), Action::Resume, at(430)).ticket;
        assert_eq!(back.sla.resolution_due, Some(t0() + Duration::days(3) + Duration::minutes(210)));
    }

    #[test]
    fn waiting_tells_the_requester_what_is_needed() {
        let t = run(
            &in_progress(),
            l1(),
            Action::WaitOnRequester { note: Some(" Which profile? ".into()) },
            at(50),
        );
        assert_eq!(t.events[0].note.as_deref(), Some("Which profile?"));
        assert_eq!(
            t.notices,
            vec![
                Notice::new(Recipient::Thread, NoticeKind::Waiting { note: Some("Which profile?".into()) }),
                to_user(REQUESTER, NoticeKind::Waiting { note: Some("Which profile?".into()) }),
                refresh()
            ]
        );
    }

    #[test]
    fn a_waiting_ticket_is_reminded_once_then_resolved_and_never_sooner_than_promised() {
        let w = WaitingWindows { remind_after: Duration::days(2), resolve_after: Duration::days(5) };
        let mut waiting = in_progress();
        waiting.status = Status::WaitingOnRequester;
        waiting.sla.paused_at = Some(at(0));
        let day = |d: i64| at(0) + Duration::days(d);
        let reminded = |when| {
            let mut t = waiting.clone();
            t.sla.waiting_reminded_at = Some(when);
            t
        };
        let cases = [
            (waiting.clone(), day(2) - Duration::seconds(1), None, "before the reminder"),
            (waiting.clone(), day(2), Some(WaitingStep::Remind), "the reminder"),
            (waiting.clone(), day(9), Some(WaitingStep::Remind), "never reminded: reminded first, late"),
            (reminded(day(2)), day(5) - Duration::seconds(1), None, "reminded, not yet due"),
            (reminded(day(2)), day(5), Some(WaitingStep::ResolveNoResponse), "due"),
            (reminded(day(4)), day(5), None, "reminded late: three days after the reminder"),
            (
                reminded(day(4)),
                day(7),
                Some(WaitingStep::ResolveNoResponse),
                "three days after a late reminder",
            ),
            (in_progress(), day(9), None, "not waiting"),
        ];
        for (ticket, now, expected, why) in cases {
            assert_eq!(w.step(&ticket, now), expected, "{why}");
        }

        let t = waiting_reminder(&waiting, Some("Which tray?".into()), &w, day(2));
        assert_eq!(t.ticket.sla.waiting_reminded_at, Some(day(2)));
        let kind =
            NoticeKind::WaitingReminder { note: Some("Which tray?".into()), resolve_in_secs: 3 * 86_400 };
        assert_eq!(t.notices, vec![to_user(REQUESTER, kind.clone()), Notice::new(Recipient::Thread, kind)]);

        let resolved = resolve_no_response(&reminded(day(2)), &w, day(5), &policy()).expect("resolved");
        assert_eq!(resolved.ticket.status, Status::Resolved);
        assert_eq!(resolved.ticket.resolution_code, Some(ResolutionCode::NoResponse));
        assert!(resolved.ticket.resolution_notes.as_deref().is_some_and(|n| n.contains("5 days")));
        assert_eq!(resolved.ticket.sla.paused_at, None, "the pause ends with the resolution");
    }

    #[test]
    fn the_requester_resuming_is_not_told_about_it() {
        let t = run(&waiting(), requester(), Action::Resume, at(50));
        assert_eq!(t.notices, vec![refresh()]);
        let t = run(&waiting(), l1(), Action::Resume, at(50));
        assert_eq!(t.notices, vec![to_user(REQUESTER, NoticeKind::Resumed), refresh()]);
    }

    #[test]
    fn first_response_is_recorded_once() {
        let claimed = run(&open(), l1(), Action::Claim, at(20)).ticket;
        let reassigned = run(
            &claimed,
            coordinator(),
            Action::Assign { technician: OTHER_L1, level: Some(Level::ONE), reason: None },
            at(80),
        )
        .ticket;
        let resolved = run(&reassigned, tech(OTHER_L1, Level::ONE), resolve_action(), at(120)).ticket;
        assert_eq!(resolved.sla.first_response_at, Some(at(20)));
    }

    #[test]
    fn resolving_sets_notes_and_asks_the_requester_to_confirm() {
        let t = run(
            &in_progress(),
            l1(),
            Action::Resolve { notes: format!("  {NOTES}\n"), code: ResolutionCode::Workaround },
            at(100),
        );
        assert_eq!(t.ticket.resolution_notes.as_deref(), Some(NOTES));
        assert_eq!(t.ticket.resolution_code, Some(ResolutionCode::Workaround));
        assert_eq!(t.ticket.resolved_at, Some(at(100)));
        assert_eq!(t.events[0].note.as_deref(), Some(format!("Workaround: {NOTES}").as_str()));
        assert_eq!(
            t.notices,
            vec![
                to_user(
                    REQUESTER,
                    NoticeKind::Resolved { notes: NOTES.into(), code: ResolutionCode::Workaround }
                ),
                refresh(),
            ]
        );
    }

    #[test]
    fn resolving_an_unassigned_ticket_makes_the_technician_the_assignee() {
        let t = run(&open(), tech(OTHER_L1, Level::ONE), resolve_action(), at(30));
        assert_eq!(t.ticket.assignee_id, Some(OTHER_L1));
        assert_eq!(t.ticket.sla.first_response_at, Some(at(30)));
        let by_coordinator = run(&open(), coordinator(), resolve_action(), at(30));
        assert_eq!(by_coordinator.ticket.assignee_id, None, "a coordinator is not a technician");
    }

    #[test]
    fn resolving_a_waiting_ticket_resumes_the_clock_first() {
        let t = run(&waiting(), l1(), resolve_action(), at(70));
        assert_eq!(t.ticket.sla.paused_at, None);
        assert_eq!(
            t.ticket.sla.resolution_due,
            waiting().sla.resolution_due.map(|d| d + Duration::minutes(60))
        );
    }

    #[test]
    fn resolution_notes_are_counted_in_characters_not_bytes() {
        let short = "é".repeat(19);
        assert!(short.len() >= 20);
        assert_eq!(
            apply(
                &in_progress(),
                &l1(),
                Action::Resolve { notes: short, code: ResolutionCode::Fixed },
                at(5),
                &policy()
            ),
            Err(Refusal::NotesTooShort { min: 20 })
        );
        let enough = "é".repeat(20);
        assert!(
            apply(
                &in_progress(),
                &l1(),
                Action::Resolve { notes: enough, code: ResolutionCode::Fixed },
                at(5),
                &policy()
            )
            .is_ok()
        );
    }

    #[test]
    fn the_minimums_come_from_the_policy() {
        let strict = Policy { resolution_notes_min_chars: 50, reason_min_chars: 30, ..Policy::default() };
        assert_eq!(
            apply(&in_progress(), &l1(), resolve_action(), at(5), &strict),
            Err(Refusal::NotesTooShort { min: 50 })
        );
        assert_eq!(
            apply(&in_progress(), &l1(), escalate_action(None), at(5), &strict),
            Err(Refusal::ReasonTooShort { min: 30 })
        );
    }

    #[test]
    fn confirming_closes_and_offers_a_rating() {
        let t = run(&resolved(), requester(), Action::Confirm, at(200));
        assert_eq!(t.ticket.closed_at, Some(at(200)));
        assert_eq!(t.events[0].kind, EventKind::Confirmed);
        assert_eq!(t.notices, vec![to_user(REQUESTER, NoticeKind::Closed), refresh()]);
    }

    #[test]
    fn deskbot_closing_offers_a_rating() {
        let t = run(&resolved(), Actor::System, Action::Close, at(200));
        assert_eq!(t.ticket.closed_at, Some(at(200)));
        assert_eq!(t.events[0].kind, EventKind::Closed);
        assert_eq!(t.notices, vec![to_user(REQUESTER, NoticeKind::Closed), refresh()]);
    }

    #[test]
    fn reopening_clears_the_resolution_but_the_event_log_keeps_it() {
        let res = run(&in_progress(), l1(), resolve_action(), at(100));
        let t = run(&res.ticket, requester(), Action::Reopen { note: Some("Still drops".into()) }, at(200));
        assert_eq!(t.ticket.status, Status::InProgress);
        assert_eq!(t.ticket.assignee_id, Some(TECH_L1));
        assert_eq!(t.ticket.resolution_notes, None);
        assert_eq!(t.ticket.resolution_code, None);
        assert_eq!(t.ticket.resolved_at, None);
        assert!(res.events[0].note.as_deref().is_some_and(|n| n.contains(NOTES)));
        assert_eq!(t.events[0].note.as_deref(), Some("Still drops"));
        assert_eq!(t.notices, vec![to_user(TECH_L1, NoticeKind::Reopened), refresh()]);
    }

    #[test]
    fn a_coordinator_reopening_tells_the_requester_too() {
        let t = run(&resolved(), coordinator(), Action::Reopen { note: None }, at(200));
        assert_eq!(
            t.notices,
            vec![to_user(TECH_L1, NoticeKind::Reopened), to_user(REQUESTER, NoticeKind::Reopened), refresh()]
        );
    }

    #[test]
    fn the_requester_cancelling_is_not_told_but_a_coordinator_cancelling_tells_them() {
        let own = run(&open(), requester(), Action::Cancel { reason: Some("Works now".into()) }, at(10));
        assert_eq!(own.ticket.closed_at, Some(at(10)));
        assert_eq!(own.events[0].note.as_deref(), Some("Works now"));
        assert_eq!(own.notices, vec![refresh()]);
        let theirs =
            run(&in_progress(), coordinator(), Action::Cancel { reason: Some("Duplicate".into()) }, at(10));
        assert_eq!(
            theirs.notices,
            vec![to_user(REQUESTER, NoticeKind::Cancelled { reason: Some("Duplicate".into()) }), refresh()]
        );
    }

    #[test]
    fn a_cancelled_intake_is_never_posted_to_triage() {
        let t = run(&intake(), Actor::System, Action::Cancel { reason: Some("expired".into()) }, at(10));
        assert_eq!(t.ticket.status, Status::Cancelled);
        assert_eq!(
            t.notices,
            vec![to_user(REQUESTER, NoticeKind::Cancelled { reason: Some("expired".into()) })]
        );
    }

    #[test]
    fn overriding_the_priority_recomputes_the_due_times_and_records_why() {
        let t = run(
            &in_progress(),
            coordinator(),
            Action::OverridePriority { priority: Priority::P1, reason: " CEO's laptop ".to_owned() },
            at(30),
        );
        assert_eq!(t.ticket.priority, Priority::P1);
        assert!(t.ticket.priority_overridden);
        assert_eq!(t.ticket.sla.first_response_due, Some(t0() + Duration::minutes(15)));
        assert_eq!(t.ticket.sla.resolution_due, Some(t0() + Duration::hours(4)));
        assert_eq!(t.ticket.sla.first_response_at, Some(at(5)));
        assert_eq!(t.events[0].kind, EventKind::PriorityChanged);
        let note = t.events[0].note.clone().unwrap_or_default();
        assert!(
            note.starts_with("P3 → P1: CEO's laptop (SLA due times recomputed: first response "),
            "{note}"
        );
        assert_eq!(t.notices, vec![refresh()]);
    }

    #[test]
    fn rating_records_the_score_without_telling_the_requester() {
        let t = run(&closed(), requester(), Action::Rate { score: 4 }, at(500));
        assert_eq!(t.ticket.satisfaction, Some(4));
        assert_eq!(t.events[0].kind, EventKind::Rated);
        assert_eq!(t.events[0].note.as_deref(), Some("4"));
        assert!(t.notices.iter().all(|n| n.recipient != Recipient::User { id: REQUESTER }));
        assert!(
            t.notices.iter().all(|n| n.recipient != Recipient::Coordinators),
            "a good rating stays quiet"
        );
    }

    #[test]
    fn a_low_rating_and_its_comment_go_to_the_coordinators() {
        let low = run(&closed(), requester(), Action::Rate { score: 2 }, at(500));
        let to_coordinators = |t: &Transition| -> Vec<NoticeKind> {
            t.notices
                .iter()
                .filter(|n| n.recipient == Recipient::Coordinators)
                .map(|n| n.kind.clone())
                .collect()
        };
        assert_eq!(to_coordinators(&low), [NoticeKind::LowRating { score: 2, comment: None }]);
        let comment = Action::CommentRating { comment: " Too slow ".into() };
        let commented = run(&low.ticket, requester(), comment.clone(), at(510));
        assert_eq!(commented.events[0].kind, EventKind::RatingComment);
        assert_eq!(commented.events[0].note.as_deref(), Some("Too slow"));
        assert_eq!(
            to_coordinators(&commented),
            [NoticeKind::LowRating { score: 2, comment: Some("Too slow".into()) }]
        );
        let good = run(&closed(), requester(), Action::Rate { score: 5 }, at(500));
        assert!(to_coordinators(&run(&good.ticket, requester(), comment.clone(), at(510))).is_empty());
        let refused = apply(&closed(), &requester(), comment, at(510), &policy());
        assert!(matches!(refused, Err(Refusal::NotRatedYet { .. })), "a comment comes after the rating");
    }

    #[test]
    fn an_unnumbered_ticket_is_named_with_a_question_mark() {
        let mut t = intake();
        t.number = None;
        let refusal = apply(&t, &stranger(), Action::Submit, at(1), &policy());
        assert_eq!(refusal.map_err(|r| r.to_string()), Err("Only the requester can submit #?.".to_owned()));
    }

    #[test]
    fn a_form_is_opened_only_for_a_change_the_rules_would_allow_whatever_is_typed_into_it() {
        let escalate = || Action::Escalate { to: None, reason: String::new() };
        let resolve = || Action::Resolve { notes: String::new(), code: ResolutionCode::Fixed };
        let tech = tech(TECH_L1, Level::ONE);
        // The empty reason and notes are what the form asks for: they do not count against it.
        assert_eq!(permits(&open(), &tech, escalate(), at(1), &policy()), Ok(()));
        assert_eq!(permits(&open(), &tech, resolve(), at(1), &policy()), Ok(()));
        // The ticket's state and the actor do.
        let mut top = open();
        top.level = Level::THREE;
        assert!(matches!(
            permits(&top, &coordinator(), escalate(), at(1), &policy()),
            Err(Refusal::TopLevel { .. })
        ));
        for finished in [Status::Resolved, Status::Closed, Status::Cancelled] {
            let t = held(finished, TECH_L1);
            assert!(
                matches!(permits(&t, &tech, resolve(), at(1), &policy()), Err(Refusal::WrongStatus { .. })),
                "{finished:?}"
            );
            assert!(
                matches!(permits(&t, &tech, escalate(), at(1), &policy()), Err(Refusal::WrongStatus { .. })),
                "{finished:?}"
            );
        }
        assert!(matches!(
            permits(&open(), &stranger(), resolve(), at(1), &policy()),
            Err(Refusal::LevelRequired { .. })
        ));
        assert_eq!(
            permits(
                &held(Status::Resolved, TECH_L1),
                &requester(),
                Action::Reopen { note: None },
                at(1),
                &policy()
            ),
            Ok(())
        );
    }
}
