//! Major incidents (see [`crate::domain::incident`]): linking tickets to a parent incident,
//! unlinking them, opening a requester's ticket straight into an incident, and resolving every child
//! with its parent.
//!
//! Each child's change is its own optimistic commit under its version, with its notices in the
//! outbox, so a child is resolved (and its requester DMed) once, however often the work is retried
//! and whichever process does it; a restart part-way continues with the children left
//! ([`Desk::settle_incidents`]).

use tracing::instrument;

use super::{Changed, Desk, MAX_CONFLICT_RETRIES, ServiceError, ServiceResult};
use crate::domain::incident::{self, LinkRefusal, Surroundings};
use crate::domain::transition::{self, Transition};
use crate::domain::{Action, Actor, DiscordId, EventKind, NewEvent, Recipient, Status, Ticket, TicketNumber};
use crate::store::StoreError;

/// A ticket's place in an incident, as triage and `/queue` show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentView {
    /// The label of the incident it is part of.
    pub parent: Option<String>,
    /// How many tickets are part of it, when it is an incident.
    pub affected: usize,
}

/// How many children are settled per query (the resolution goes on until none is left).
const SETTLE_BATCH: i64 = 100;

impl Desk {
    /// `/desk link`: makes ticket `child` part of incident `parent`, both numbers in `guild_id`.
    #[instrument(skip(self, reason))]
    pub async fn link(
        &self,
        guild_id: DiscordId,
        child: TicketNumber,
        parent: TicketNumber,
        actor: Actor,
        reason: Option<&str>,
    ) -> ServiceResult<Changed> {
        let child = self.find(guild_id, child).await?;
        let parent = self.find(guild_id, parent).await?;
        self.link_tickets(child.id, parent.id, actor, reason).await
    }

    /// Links by ids (the store's), refusing what the rules refuse; retried on a lost race.
    pub async fn link_tickets(
        &self,
        child_id: i64,
        parent_id: i64,
        actor: Actor,
        reason: Option<&str>,
    ) -> ServiceResult<Changed> {
        for _ in 0..MAX_CONFLICT_RETRIES {
            let child = self.get(child_id).await?;
            let parent = self.get(parent_id).await?;
            let parent_of_parent = match parent.parent_id {
                Some(id) if id != child.id => Some(self.get(id).await?.label()),
                _ => None,
            };
            let children_of_child =
                if child.id == parent.id { 0 } else { self.store.children(child.id).await?.len() };
            let around = Surroundings { parent_of_parent, children_of_child };
            let now = self.clock.now();
            let t =
                incident::link(&child, &parent, &around, &actor, reason, now).map_err(ServiceError::Link)?;
            match self.store.commit(&t.ticket, &t.events, &t.notices).await {
                Ok(stored) => {
                    if let Some(old) = child.parent_id {
                        self.record_left(old, &child, &actor).await?;
                    }
                    let (event, notices) = incident::joined(&parent, &stored, &actor, now);
                    self.store.record(parent.id, &[event], &notices).await?;
                    self.outbox.notify_one();
                    tracing::info!(child = %stored.label(), parent = %parent.label(), "ticket linked");
                    return Ok(Changed { ticket: stored, events: t.events, masked: vec![] });
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Internal(StoreError::Conflict))
    }

    /// `/desk unlink`: the ticket leaves its incident and is ordinary work again.
    #[instrument(skip(self, reason))]
    pub async fn unlink(
        &self,
        guild_id: DiscordId,
        child: TicketNumber,
        actor: Actor,
        reason: Option<&str>,
    ) -> ServiceResult<Changed> {
        let child_id = self.find(guild_id, child).await?.id;
        for _ in 0..MAX_CONFLICT_RETRIES {
            let child = self.get(child_id).await?;
            let parent_label = match child.parent_id {
                Some(id) => self.get(id).await?.label(),
                None => String::new(),
            };
            let t = incident::unlink(&child, &parent_label, &actor, reason, self.clock.now())
                .map_err(ServiceError::Link)?;
            match self.store.commit(&t.ticket, &t.events, &t.notices).await {
                Ok(stored) => {
                    if let Some(parent) = child.parent_id {
                        self.record_left(parent, &stored, &actor).await?;
                    }
                    self.outbox.notify_one();
                    return Ok(Changed { ticket: stored, events: t.events, masked: vec![] });
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Internal(StoreError::Conflict))
    }

    /// How a ticket stands in an incident, for triage and `/queue`: the incident it is part of (its
    /// label), or how many tickets are part of it.
    pub async fn incident_view(&self, ticket: &Ticket) -> ServiceResult<IncidentView> {
        match ticket.parent_id {
            Some(parent) => Ok(IncidentView { parent: Some(self.get(parent).await?.label()), affected: 0 }),
            None => Ok(IncidentView {
                parent: None,
                affected: self.store.child_count(ticket.id).await?.max(0) as usize,
            }),
        }
    }

    /// The children of an incident, by id.
    pub async fn children(&self, parent_id: i64) -> ServiceResult<Vec<Ticket>> {
        Ok(self.store.children(parent_id).await?)
    }

    /// The incident a new ticket could join: an open ticket of the same category and organisation,
    /// not itself a child, whose words are like the draft's (see [`known_problem_among`]).
    pub async fn known_problem(&self, draft: &Ticket) -> ServiceResult<Option<Ticket>> {
        use crate::store::{Page, QueueFilter};
        let filter = QueueFilter { category: Some(draft.category.clone()), ..QueueFilter::default() };
        let open = self.store.queue(draft.guild_id, &filter, Page::first(50)).await?.tickets;
        Ok(known_problem_among(draft, open))
    }

    /// Opens the requester's ticket already linked to incident `parent_id` ("Add me to it"): it gets
    /// its number and SLA clock but no triage post of its own; the incident's thread gets a line and
    /// its triage message "+N affected". Should the incident have closed in the meantime, the ticket
    /// is opened as an ordinary one.
    #[instrument(skip(self, draft), fields(guild = draft.guild_id, requester = draft.requester_id))]
    pub async fn open_in_incident(
        &self,
        draft: Ticket,
        parent_id: i64,
        actor: Actor,
    ) -> ServiceResult<Changed> {
        let parent = self.get(parent_id).await?;
        let joinable = parent.status.is_active()
            && parent.parent_id.is_none()
            && parent.guild_id == draft.guild_id
            && parent.category == draft.category;
        if !joinable {
            return self.open(draft, actor).await;
        }
        let (mut draft, masked) = super::redact_draft(draft);
        draft.parent_id = Some(parent.id);
        let now = self.clock.now();
        let mut t = transition::apply(&draft, &actor, Action::Submit, now, &self.policy)?;
        // The incident represents it in triage, and the coordinators heard of the incident itself.
        t.notices.retain(|n| !matches!(n.recipient, Recipient::Triage | Recipient::Coordinators));
        t.events.push(NewEvent {
            kind: EventKind::Linked,
            actor_id: actor.id(),
            at: now,
            from_status: Some(Status::Open),
            to_status: Some(Status::Open),
            note: Some(format!("part of {}: the requester recognised the known problem", parent.label())),
        });
        let ticket = self.store.create_ticket(&t.ticket, &t.events, &t.notices).await?;
        let (event, notices) = incident::joined(&parent, &ticket, &actor, now);
        self.store.record(parent.id, &[event], &notices).await?;
        self.outbox.notify_one();
        tracing::info!(ticket = %ticket.label(), parent = %parent.label(), "ticket opened in an incident");
        Ok(Changed { ticket, events: t.events, masked })
    }

    /// Resolves the active children of resolved or closed incidents with their parent's notes, and
    /// detaches those of cancelled ones; returns how many children were settled. Called after an
    /// incident is resolved and once a minute, so a restart part-way goes on with those left.
    #[instrument(skip(self))]
    pub async fn settle_incidents(&self) -> ServiceResult<usize> {
        let mut settled = 0;
        loop {
            let due = self.store.children_due(SETTLE_BATCH).await?;
            if due.is_empty() {
                return Ok(settled);
            }
            let mut progressed = false;
            for child in due {
                if self.settle_child(child.id).await? {
                    settled += 1;
                    progressed = true;
                }
            }
            if !progressed {
                return Ok(settled);
            }
        }
    }

    /// Settles one child under its version; `false` when there was nothing to do (already done).
    async fn settle_child(&self, child_id: i64) -> ServiceResult<bool> {
        for _ in 0..MAX_CONFLICT_RETRIES {
            let child = self.get(child_id).await?;
            let Some(parent_id) = child.parent_id.filter(|_| child.status.is_active()) else {
                return Ok(false);
            };
            let parent = self.get(parent_id).await?;
            let now = self.clock.now();
            let t: Transition = match (parent.status, &parent.resolution_notes, parent.resolution_code) {
                (Status::Resolved | Status::Closed, Some(notes), Some(code)) => {
                    let action = Action::Resolve { notes: notes.clone(), code };
                    let mut t = transition::apply(&child, &Actor::System, action, now, &self.policy)?;
                    t.events.push(NewEvent {
                        kind: EventKind::Note,
                        actor_id: None,
                        at: now,
                        from_status: None,
                        to_status: None,
                        note: Some(format!("resolved with its incident {}", parent.label())),
                    });
                    // A child with no triage post of its own gets none now either.
                    if child.triage_message_id.is_none() {
                        t.notices.retain(|n| n.recipient != Recipient::Triage);
                    }
                    t
                }
                (Status::Cancelled, ..) => incident::unlink(
                    &child,
                    &parent.label(),
                    &Actor::System,
                    Some("the incident was cancelled"),
                    now,
                )
                .map_err(ServiceError::Link)?,
                _ => return Ok(false),
            };
            let notices = self.with_watchers(&t.ticket, &Actor::System, t.notices).await?;
            match self.store.commit(&t.ticket, &t.events, &notices).await {
                Ok(_) => {
                    self.outbox.notify_one();
                    return Ok(true);
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Internal(StoreError::Conflict))
    }

    /// Records on incident `parent_id` that `child` left it.
    pub(super) async fn record_left(
        &self,
        parent_id: i64,
        child: &Ticket,
        actor: &Actor,
    ) -> ServiceResult<()> {
        let parent = match self.get(parent_id).await {
            Ok(p) => p,
            Err(ServiceError::NoSuchTicket(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        let (event, notices) = incident::left(&parent, child, actor, self.clock.now());
        self.store.record(parent.id, &[event], &notices).await?;
        self.outbox.notify_one();
        Ok(())
    }

    /// The requesters of an incident's active children, who hear of its progress.
    pub(super) async fn incident_audience(&self, parent: &Ticket) -> ServiceResult<Vec<DiscordId>> {
        if parent.id == 0 || parent.parent_id.is_some() {
            return Ok(Vec::new());
        }
        let mut audience: Vec<DiscordId> = self
            .store
            .children(parent.id)
            .await?
            .into_iter()
            .filter(|c| c.status.is_active())
            .map(|c| c.requester_id)
            .filter(|r| *r != parent.requester_id)
            .collect();
        audience.sort_unstable();
        audience.dedup();
        Ok(audience)
    }
}

/// Whether a refusal is one of linking (for callers that word it).
pub fn link_refusal(e: &ServiceError) -> Option<&LinkRefusal> {
    match e {
        ServiceError::Link(r) => Some(r),
        _ => None,
    }
}

/// The best of `open` for `draft` to join: same category, not a child, not the requester's own,
/// sharing at least two meaningful words with the draft (one when the draft has only one or two),
/// the largest share first, then the oldest (the incident everyone else joined).
pub fn known_problem_among(draft: &Ticket, open: Vec<Ticket>) -> Option<Ticket> {
    use crate::domain::similar::words;
    let query = words(&format!("{} {}", draft.summary, draft.description));
    if query.is_empty() {
        return None;
    }
    let needed = if query.len() <= 2 { 1 } else { 2 };
    open.into_iter()
        .filter(|t| {
            t.parent_id.is_none()
                && t.status.is_active()
                && t.category == draft.category
                && t.guild_id == draft.guild_id
                && t.requester_id != draft.requester_id
        })
        .filter_map(|t| {
            let shared = query.intersection(&words(&format!("{} {}", t.summary, t.description))).count();
            (shared >= needed).then_some((shared, t))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)))
        .map(|(_, t)| t)
}
