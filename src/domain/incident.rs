//! Major incidents: one problem reported by many. A ticket may be linked as the child of a parent
//! incident (one level deep); children leave the active queue, where the parent represents them,
//! hear of the parent's progress, and are resolved with it.
//!
//! Like [`super::transition::apply`], these rules do no I/O: the service reads the tickets involved
//! and commits what is returned under the child's version.

use chrono::{DateTime, Utc};

use super::event::{Actor, EventKind, NewEvent, Notice, NoticeKind, Recipient};
use super::ticket::{Status, Ticket};
use super::transition::Transition;

/// Why a link or an unlink was refused; worded for the user by the Discord layer's catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRefusal {
    /// Only help desk staff link tickets.
    NotStaff,
    /// A ticket cannot be its own incident.
    ToItself { ticket: String },
    /// The tickets belong to different organisations.
    OtherGuild,
    /// The parent is the ticket's own child: linking would make a cycle.
    Cycle { child: String, parent: String },
    /// The parent is itself part of an incident (`of`): incidents are one level deep.
    ParentIsChild { parent: String, of: String },
    /// The ticket has children of its own, so it cannot become a child.
    HasChildren { child: String, count: usize },
    /// The parent is not open work (resolved, closed, cancelled).
    ParentNotActive { parent: String, status: Status },
    /// The child is not open work.
    ChildNotActive { child: String, status: Status },
    /// The ticket is already part of this incident.
    AlreadyLinked { child: String, parent: String },
    /// `/desk unlink` of a ticket that is part of no incident.
    NotLinked { ticket: String },
}

impl std::fmt::Display for LinkRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The Discord layer words these for users; this is for logs.
        write!(f, "link refused: {self:?}")
    }
}

/// What the caller knows about the tickets around a link: the parent's own parent (its label), and
/// how many children the would-be child has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surroundings {
    pub parent_of_parent: Option<String>,
    pub children_of_child: usize,
}

fn event(kind: EventKind, actor: &Actor, now: DateTime<Utc>, status: Status, note: String) -> NewEvent {
    NewEvent {
        kind,
        actor_id: actor.id(),
        at: now,
        from_status: Some(status),
        to_status: Some(status),
        note: Some(note),
    }
}

/// Tidies a free-text reason; blank is none.
fn reason_suffix(reason: Option<&str>) -> String {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => format!(": {r}"),
        None => String::new(),
    }
}

/// Makes `child` a child of `parent`, by `actor` at `now`. The change is the child's (committed
/// under its version); the parent's thread hears of it through [`joined_notices`].
pub fn link(
    child: &Ticket,
    parent: &Ticket,
    around: &Surroundings,
    actor: &Actor,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Transition, LinkRefusal> {
    if !actor.roles().is_staff() {
        return Err(LinkRefusal::NotStaff);
    }
    if child.guild_id != parent.guild_id {
        return Err(LinkRefusal::OtherGuild);
    }
    if child.id == parent.id {
        return Err(LinkRefusal::ToItself { ticket: child.label() });
    }
    if parent.parent_id == Some(child.id) {
        return Err(LinkRefusal::Cycle { child: child.label(), parent: parent.label() });
    }
    if let Some(of) = &around.parent_of_parent {
        return Err(LinkRefusal::ParentIsChild { parent: parent.label(), of: of.clone() });
    }
    if around.children_of_child > 0 {
        return Err(LinkRefusal::HasChildren { child: child.label(), count: around.children_of_child });
    }
    if !parent.status.is_active() {
        return Err(LinkRefusal::ParentNotActive { parent: parent.label(), status: parent.status });
    }
    if !child.status.is_active() {
        return Err(LinkRefusal::ChildNotActive { child: child.label(), status: child.status });
    }
    if child.parent_id == Some(parent.id) {
        return Err(LinkRefusal::AlreadyLinked { child: child.label(), parent: parent.label() });
    }
    let mut ticket = child.clone();
    ticket.parent_id = Some(parent.id);
    ticket.updated_at = now;
    let note = format!("part of {}{}", parent.label(), reason_suffix(reason));
    let events = vec![event(EventKind::Linked, actor, now, child.status, note)];
    // A child with a triage post of its own shows the incident there; one without stays without.
    let notices = if child.triage_message_id.is_some() {
        vec![Notice::new(Recipient::Triage, NoticeKind::RefreshTriage)]
    } else {
        Vec::new()
    };
    Ok(Transition { ticket, events, notices })
}

/// Detaches `child` from its incident, by `actor` at `now`: it is ordinary work again, back in the
/// active queue and posted to triage.
pub fn unlink(
    child: &Ticket,
    parent_label: &str,
    actor: &Actor,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Transition, LinkRefusal> {
    if !actor.roles().is_staff() {
        return Err(LinkRefusal::NotStaff);
    }
    if child.parent_id.is_none() {
        return Err(LinkRefusal::NotLinked { ticket: child.label() });
    }
    let mut ticket = child.clone();
    ticket.parent_id = None;
    ticket.updated_at = now;
    let note = format!("left {parent_label}{}", reason_suffix(reason));
    let events = vec![event(EventKind::Unlinked, actor, now, child.status, note)];
    let notices = vec![Notice::new(Recipient::Triage, NoticeKind::RefreshTriage)];
    Ok(Transition { ticket, events, notices })
}

/// What the parent records when `child` joins it: an event for its audit trail, a line in its
/// thread and an edit of its triage message ("+N affected").
pub fn joined(parent: &Ticket, child: &Ticket, actor: &Actor, now: DateTime<Utc>) -> (NewEvent, Vec<Notice>) {
    let event = event(EventKind::Linked, actor, now, parent.status, format!("{} joined", child.label()));
    let notices = vec![
        Notice::new(
            Recipient::Thread,
            NoticeKind::ChildJoined { child: child.label(), requester: child.requester_id },
        ),
        Notice::new(Recipient::Triage, NoticeKind::RefreshTriage),
    ];
    (event, notices)
}

/// What the parent records when `child` leaves it.
pub fn left(parent: &Ticket, child: &Ticket, actor: &Actor, now: DateTime<Utc>) -> (NewEvent, Vec<Notice>) {
    let event = event(EventKind::Unlinked, actor, now, parent.status, format!("{} left", child.label()));
    let notices = vec![
        Notice::new(Recipient::Thread, NoticeKind::ChildLeft { child: child.label() }),
        Notice::new(Recipient::Triage, NoticeKind::RefreshTriage),
    ];
    (event, notices)
}

/// Whether a notice to a parent's requester is news for its children's requesters too: progress
/// on the shared problem. Questions to the requester, the resolution (each child is resolved on
/// its own, with its own buttons) and the rating are not.
pub fn shared_with_children(kind: &NoticeKind) -> bool {
    matches!(
        kind,
        NoticeKind::Claimed { .. }
            | NoticeKind::Escalated { .. }
            | NoticeKind::Reply { .. }
            | NoticeKind::PriorityChanged { .. }
            | NoticeKind::Reopened
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::TicketDraft;
    use crate::domain::{Impact, Level, Roles, TicketNumber, Urgency};

    fn ticket(id: i64, guild: i64) -> Ticket {
        let mut t = TicketDraft {
            summary: "VPN down".into(),
            description: "It is down.".into(),
            category: "network".into(),
            impact: Impact::Individual,
            urgency: Urgency::Medium,
            answers: vec![],
            level: Level::ONE,
        }
        .into_ticket(guild, 100 + id, DateTime::UNIX_EPOCH);
        t.id = id;
        t.number = Some(TicketNumber(id));
        t.status = Status::Open;
        t
    }

    fn tech() -> Actor {
        Actor::member(7, Roles::technician(Level::ONE))
    }

    #[test]
    fn a_link_makes_the_child_part_of_the_parent_and_says_who_and_why() {
        let (child, parent) = (ticket(2, 1), ticket(1, 1));
        let t = link(&child, &parent, &Surroundings::default(), &tech(), Some(" VPN "), DateTime::UNIX_EPOCH)
            .unwrap();
        assert_eq!(t.ticket.parent_id, Some(1));
        assert_eq!(t.events[0].kind, EventKind::Linked);
        assert_eq!(t.events[0].actor_id, Some(7));
        assert_eq!(t.events[0].note.as_deref(), Some("part of #1: VPN"));
        let back = unlink(&t.ticket, "#1", &tech(), None, DateTime::UNIX_EPOCH).unwrap();
        assert_eq!(back.ticket.parent_id, None);
        assert_eq!(back.events[0].kind, EventKind::Unlinked);
    }

    #[test]
    fn links_are_refused_to_itself_across_guilds_in_cycles_and_deeper_than_one_level() {
        let now = DateTime::UNIX_EPOCH;
        let none = Surroundings::default();
        let a = ticket(1, 1);
        assert_eq!(
            link(&a, &a, &none, &tech(), None, now),
            Err(LinkRefusal::ToItself { ticket: "#1".into() })
        );
        assert_eq!(link(&a, &ticket(2, 9), &none, &tech(), None, now), Err(LinkRefusal::OtherGuild));
        let mut b = ticket(2, 1);
        b.parent_id = Some(1);
        assert_eq!(
            link(&a, &b, &none, &tech(), None, now),
            Err(LinkRefusal::Cycle { child: "#1".into(), parent: "#2".into() })
        );
        let deeper = Surroundings { parent_of_parent: Some("#5".into()), children_of_child: 0 };
        assert!(matches!(
            link(&ticket(3, 1), &b, &deeper, &tech(), None, now),
            Err(LinkRefusal::ParentIsChild { .. })
        ));
        let parenting = Surroundings { parent_of_parent: None, children_of_child: 2 };
        assert!(matches!(
            link(&a, &ticket(3, 1), &parenting, &tech(), None, now),
            Err(LinkRefusal::HasChildren { count: 2, .. })
        ));
        let mut closed = ticket(3, 1);
        closed.status = Status::Closed;
        assert!(matches!(
            link(&a, &closed, &none, &tech(), None, now),
            Err(LinkRefusal::ParentNotActive { .. })
        ));
        let requester = Actor::member(5, Roles::REQUESTER);
        assert_eq!(link(&a, &ticket(3, 1), &none, &requester, None, now), Err(LinkRefusal::NotStaff));
        assert_eq!(unlink(&a, "#2", &tech(), None, now), Err(LinkRefusal::NotLinked { ticket: "#1".into() }));
    }
}
