//! The message catalogue: every word deskbot says on Discord comes from here.
//!
//! English for now. Each text is a function returning `String`, grouped by audience, so that another
//! language can follow by putting the same functions behind a locale (the interaction's `locale`)
//! without touching the code that calls them.
//!
//! Conventions for the arguments:
//! - `ticket` is the display number, `#42` ([`Ticket::label`](crate::domain::Ticket::label));
//! - `who`, `by`, `to`, `role` are mentions already formatted (`<@id>`, `<@&id>`), see
//!   [`render::user`](super::render::user);
//! - free text from people (summaries, reasons, notes, replies) must already be made inert with
//!   [`text::plain`](crate::domain::text::plain) — [`render`](super::render) does this — and the
//!   caller fits the result to Discord's limits.

/// Labels of buttons and select menus (each ≤ 80 characters).
pub mod buttons {
    pub fn claim() -> String {
        "Claim".into()
    }
    pub fn escalate() -> String {
        "Escalate".into()
    }
    pub fn resolve() -> String {
        "Resolve".into()
    }
    pub fn ask() -> String {
        "Ask requester".into()
    }
    pub fn add_comment() -> String {
        "Add a comment".into()
    }
    pub fn fixed() -> String {
        "Fixed".into()
    }
    pub fn still_broken() -> String {
        "Still broken".into()
    }
    /// Cancel next to a ticket in `/mytickets`.
    pub fn cancel_ticket(ticket: &str) -> String {
        format!("Cancel {ticket}")
    }
    pub fn previous_page() -> String {
        "Prev".into()
    }
    pub fn next_page() -> String {
        "Next".into()
    }
    pub fn submit() -> String {
        "Submit".into()
    }
    pub fn edit() -> String {
        "Edit".into()
    }
    pub fn cancel() -> String {
        "Cancel".into()
    }
    pub fn skip() -> String {
        "Skip".into()
    }
    pub fn rating_placeholder() -> String {
        "How did we do? Rate from 1 to 5".into()
    }
    /// The label of the rating option `score` (1–5).
    pub fn rating(score: i16) -> String {
        let stars = "★".repeat(usize::try_from(score.clamp(0, 5)).unwrap_or(0));
        let words = match score {
            1 => "Very poor",
            2 => "Poor",
            3 => "OK",
            4 => "Good",
            _ => "Excellent",
        };
        format!("{stars} {score} · {words}")
    }
    pub fn category_placeholder() -> String {
        "Choose the category that fits best".into()
    }
    pub fn choice_placeholder() -> String {
        "Choose one".into()
    }
    /// The select of the review's answers that **Edit** shows.
    pub fn edit_placeholder() -> String {
        "Choose the answer to change".into()
    }
}

/// Direct messages to the requester about their own ticket.
pub mod requester {
    pub fn opened(ticket: &str, summary: &str) -> String {
        format!(
            "Your ticket **{ticket}** is open: {summary}\nA technician will pick it up soon. I'll tell you here \
             about every change."
        )
    }
    pub fn claimed(ticket: &str, summary: &str, by: &str) -> String {
        format!("{by} is now working on your ticket **{ticket}** ({summary}).")
    }
    pub fn assigned(ticket: &str, summary: &str, to: &str) -> String {
        format!("Your ticket **{ticket}** ({summary}) was assigned to {to}.")
    }
    pub fn escalated(ticket: &str, summary: &str, level: u8, reason: &str) -> String {
        format!(
            "Your ticket **{ticket}** ({summary}) was passed to level {level} support, who will take it from \
             here.\nReason: {reason}"
        )
    }
    pub fn waiting(ticket: &str, summary: &str, note: Option<&str>) -> String {
        match note {
            Some(note) => format!(
                "Your ticket **{ticket}** ({summary}) is waiting on you. Write your answer here and I will pass \
                 it on. The technician asks:\n>>> {note}"
            ),
            None => format!(
                "Your ticket **{ticket}** ({summary}) is waiting on you: the technician needs more information. \
                 Reply here."
            ),
        }
    }
    /// The one reminder of a question still unanswered; `resolve_in` is how long before the ticket
    /// is closed as "no response".
    pub fn waiting_reminder(ticket: &str, summary: &str, resolve_in: &str, note: Option<&str>) -> String {
        let head = format!(
            "Reminder: your ticket **{ticket}** ({summary}) is still waiting on you. Write your answer here; \
             without one, it will be resolved as \"no response\" in {resolve_in}."
        );
        match note {
            Some(note) => format!("{head} The technician asked:\n>>> {note}"),
            None => head,
        }
    }
    pub fn resumed(ticket: &str, summary: &str) -> String {
        format!("Work on your ticket **{ticket}** ({summary}) has resumed.")
    }
    pub fn resolved(ticket: &str, summary: &str, code: &str, notes: &str) -> String {
        format!(
            "Your ticket **{ticket}** ({summary}) was resolved: {code}.\nDid this fix it? Press **Fixed** or \
             **Still broken** below.\n**What was done:**\n{notes}"
        )
    }
    pub fn reopened(ticket: &str, summary: &str) -> String {
        format!("Your ticket **{ticket}** ({summary}) is open again; we're back on it.")
    }
    pub fn closed(ticket: &str, summary: &str) -> String {
        format!("Your ticket **{ticket}** ({summary}) is closed. How did we do? Rate the service below.")
    }
    pub fn cancelled(ticket: &str, summary: &str, reason: Option<&str>) -> String {
        match reason {
            Some(reason) => format!("Your ticket **{ticket}** ({summary}) was cancelled.\nReason: {reason}"),
            None => format!("Your ticket **{ticket}** ({summary}) was cancelled."),
        }
    }
    pub fn priority_changed(ticket: &str, summary: &str, priority: &str, reason: &str) -> String {
        format!(
            "The priority of your ticket **{ticket}** ({summary}) is now **{priority}**.\nReason: {reason}"
        )
    }
    pub fn reply(ticket: &str, from: &str, text: &str) -> String {
        format!("{from} about your ticket **{ticket}**:\n>>> {text}")
    }
    /// After **Fixed**.
    pub fn thanks_for_confirming(ticket: &str) -> String {
        format!("Thanks! Ticket **{ticket}** is closed.")
    }
    /// After **Still broken**.
    pub fn reopened_by_you(ticket: &str) -> String {
        format!(
            "Sorry it's still broken. Ticket **{ticket}** is open again and the technician has been told."
        )
    }
    /// After a rating.
    pub fn thanks_for_rating(ticket: &str, score: i16) -> String {
        format!("Thanks for rating ticket **{ticket}** {score}/5. Anything to add? It helps us improve.")
    }
    pub fn thanks_for_comment(ticket: &str, score: i16) -> String {
        format!("Thanks for rating ticket **{ticket}** {score}/5, and for your comment.")
    }
    /// A DM from the requester was added to their open ticket.
    pub fn message_relayed(ticket: &str) -> String {
        format!("Added to ticket **{ticket}**. The technician will see it.")
    }
    /// The requester has several open tickets and the relay cannot tell which one a DM is about.
    pub fn which_ticket(tickets: &str) -> String {
        format!(
            "You have several open tickets ({tickets}). Start your message with the number, e.g. `#42 ...`."
        )
    }
    /// After a relayed DM, when the requester has other open tickets.
    pub fn other_tickets_hint(others: &str, example: &str) -> String {
        format!(
            "To write about another of your tickets ({others}), start your message with its number, e.g. `{example} ...`."
        )
    }
    /// After a relayed DM: how to report something else.
    pub fn new_problem_hint() -> String {
        "To report a new problem, send `new`.".into()
    }
    /// A DM starting with `#N` where N is not one of the requester's open tickets.
    pub fn not_an_open_ticket(ticket: &str, yours: &str) -> String {
        format!(
            "**{ticket}** is not one of your open tickets ({yours}). Start your message with one of those numbers, \
             or send `new` to report a new problem."
        )
    }
    /// After cancelling from `/mytickets`.
    pub fn cancelled_by_you(ticket: &str) -> String {
        format!("Ticket **{ticket}** is cancelled.")
    }
    pub fn my_tickets_title() -> String {
        "Your tickets".into()
    }
    pub fn my_tickets_empty() -> String {
        "You have no tickets. Use `/ticket` or send me a DM to report a problem.".into()
    }
}

/// Third-person lines about a ticket: in its thread, in the coordinators' channel, and to watchers.
pub mod staff {
    pub fn opened(summary: &str) -> String {
        format!("opened: {summary}")
    }
    pub fn claimed(by: &str) -> String {
        format!("claimed by {by}")
    }
    pub fn assigned(to: &str) -> String {
        format!("assigned to {to}")
    }
    pub fn escalated(level: u8, reason: &str) -> String {
        format!("escalated to level {level}: {reason}")
    }
    pub fn waiting(note: Option<&str>) -> String {
        match note {
            Some(note) => format!("waiting on the requester: {note}"),
            None => "waiting on the requester".into(),
        }
    }
    pub fn resumed() -> String {
        "work resumed".into()
    }
    pub fn resolved(code: &str, notes: &str) -> String {
        format!("resolved ({code}): {notes}")
    }
    pub fn reopened() -> String {
        "reopened: the requester says it is still broken".into()
    }
    pub fn closed() -> String {
        "closed".into()
    }
    pub fn cancelled(reason: Option<&str>) -> String {
        match reason {
            Some(reason) => format!("cancelled: {reason}"),
            None => "cancelled".into(),
        }
    }
    pub fn priority_changed(priority: &str, reason: &str) -> String {
        format!("priority changed to {priority}: {reason}")
    }
    pub fn replied(from: &str, text: &str) -> String {
        format!("{from} replied to the requester: {text}")
    }
    pub fn waiting_reminded() -> String {
        "the requester has not answered yet; they were reminded".into()
    }
    /// `line` about `ticket`, for the coordinators' channel.
    pub fn about(ticket: &str, line: &str) -> String {
        format!("**{ticket}** {line}")
    }
    /// `line` about `ticket`, for someone who follows it (`/desk watch`).
    pub fn to_watcher(ticket: &str, summary: &str, line: &str) -> String {
        format!("Ticket **{ticket}** ({summary}), which you follow: {line}")
    }
    /// To the technician a coordinator assigned `ticket` to (`/assign`).
    /// `reason`: why it was given to them, when the assignment says.
    pub fn assigned_to_you(ticket: &str, summary: &str, reason: Option<&str>) -> String {
        let why = reason.map_or_else(String::new, |r| format!("\nWhy you: {r}."));
        format!(
            "You were assigned ticket **{ticket}** ({summary}). Its thread in the triage channel is where \
             to work on it; `/reply` there reaches the requester.{why}"
        )
    }
    /// To the technician who held `ticket` before a coordinator gave it to `to`.
    pub fn reassigned_from_you(ticket: &str, summary: &str, to: &str) -> String {
        format!("Ticket **{ticket}** ({summary}) was reassigned to {to}; it is no longer yours.")
    }
    /// `line` about `ticket`, for the technician who holds it.
    pub fn to_assignee(ticket: &str, summary: &str, line: &str) -> String {
        format!("Ticket **{ticket}** ({summary}), which is assigned to you: {line}")
    }
}

/// Messages posted in a ticket's thread.
pub mod thread {
    /// The requester's DM, relayed.
    pub fn requester_message(who: &str, text: &str) -> String {
        format!("{who} (requester) wrote:\n>>> {text}")
    }
    /// The ping of a level's role after an escalation.
    pub fn level_ping(role: &str, ticket: &str, level: u8) -> String {
        format!("{role} ticket **{ticket}** needs level {level}. Claim it from the message above.")
    }
    pub fn dms_closed(who: &str) -> String {
        format!("Couldn't DM {who}: their DMs are closed. Tell them here or another way.")
    }
    pub fn delivery_failed(who: &str, reason: &str) -> String {
        format!("Couldn't DM {who} ({reason}). Tell them here or another way.")
    }
    /// The first message of the thread.
    pub fn opening() -> String {
        "This thread is the ticket's workspace. Messages here are internal notes, never shown to the \
         requester; use `/reply` to write to them."
            .into()
    }
    /// A staff reply sent to the requester, recorded in the thread.
    pub fn reply_sent(who: &str) -> String {
        format!("Sent to {who} by DM.")
    }
    pub fn note_recorded() -> String {
        "Note recorded (not shown to the requester).".into()
    }
}

/// What the SLA sweeper says (warnings in the thread, breach alerts to the coordinators, the
/// requester's notice), and the coordinators' post of every P1 as it opens.
/// The coordinators' daily digest.
pub mod digest {
    pub fn title(day: &str) -> String {
        format!("📋 Help desk digest, {day}")
    }
    pub fn summary(open: i64, unassigned: i64, breached: i64, opened: i64, resolved: i64) -> String {
        format!(
            "**{open}** open · **{unassigned}** unassigned · **{breached}** breached\nLast 24 h: {opened} opened, \
             {resolved} resolved."
        )
    }
    pub fn quiet() -> String {
        "Nothing is open. A quiet desk.".into()
    }
    pub fn by_priority() -> String {
        "By priority".into()
    }
    pub fn by_level() -> String {
        "By level".into()
    }
    pub fn oldest() -> String {
        "Oldest open".into()
    }
    /// One priority or level: `P1: 3 (1 unassigned, 1 breached)`.
    pub fn count_line(name: &str, open: i64, unassigned: i64, breached: i64) -> String {
        let mut extra = Vec::new();
        if unassigned > 0 {
            extra.push(format!("{unassigned} unassigned"));
        }
        if breached > 0 {
            extra.push(format!("{breached} breached"));
        }
        if extra.is_empty() {
            format!("{name}: {open}")
        } else {
            format!("{name}: {open} ({})", extra.join(", "))
        }
    }
    /// `#12 · P2 · In progress · <@7> · opened <t:…:R>` and the summary.
    pub fn oldest_line(
        ticket: &str,
        priority: &str,
        status: &str,
        holder: &str,
        opened: &str,
        summary: &str,
    ) -> String {
        format!("**{ticket}** · {priority} · {status} · {holder} · opened {opened}\n{summary}")
    }
    pub fn nobody() -> String {
        "unassigned".into()
    }
}

pub mod sla {
    use crate::domain::sla::SlaKind;

    pub fn clock(kind: SlaKind) -> String {
        match kind {
            SlaKind::FirstResponse => "first response",
            SlaKind::Resolution => "resolution",
        }
        .into()
    }
    /// A lateness in seconds, in the largest units that matter: `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`.
    pub fn late(secs: i64) -> String {
        let secs = secs.max(0);
        let (d, h, m) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
        match (d, h, m) {
            (0, 0, 0) => format!("{secs} s"),
            (0, 0, m) => format!("{m} min"),
            (0, h, 0) => format!("{h} h"),
            (0, h, m) => format!("{h} h {m} min"),
            (d, 0, _) => format!("{d} d"),
            (d, h, _) => format!("{d} d {h} h"),
        }
    }
    /// A rating of 1 or 2, in the coordinators' channel.
    pub fn low_rating(
        ticket: &str,
        summary: &str,
        score: i16,
        holder: &str,
        comment: Option<&str>,
    ) -> String {
        let head = format!(
            "👎 **{ticket}** ({summary}) was rated **{score}/5** by its requester; handled by {holder}."
        );
        match comment {
            Some(comment) => format!("{head}\nTheir comment:\n>>> {comment}"),
            None => head,
        }
    }
    /// Every P1 as it opens, in the coordinators' channel.
    pub fn opened(ticket: &str, priority: &str, summary: &str, requester: &str) -> String {
        format!("🚨 **{priority}** opened: **{ticket}** ({summary}), reported by {requester}.")
    }
    /// Who holds a ticket nobody holds.
    pub fn nobody(level: u8) -> String {
        format!("nobody (level {level} queue)")
    }
    /// In the thread at 75 % of the window; `who` is the holder or the level's role.
    pub fn warning(who: &str, ticket: &str, clock: &str, when: &str) -> String {
        format!("{who} ⏳ **{ticket}** is nearly out of SLA time: its {clock} is due {when}.")
    }
    /// In the thread at a resolution breach; `who` is the holder or the level's role.
    pub fn breached_in_thread(who: &str, ticket: &str, clock: &str, late: &str) -> String {
        format!(
            "{who} ⚠️ **{ticket}** breached its SLA: the {clock} is {late} late. The coordinators were alerted."
        )
    }
    /// The alert in the coordinators' channel.
    pub fn alert(ticket: &str, summary: &str, clock: &str, late: &str, holder: &str, level: u8) -> String {
        format!(
            "🚨 SLA breached: **{ticket}** ({summary}): the {clock} is {late} late. Held by {holder}; now at \
             level {level}."
        )
    }
    /// The third-person line, for watchers.
    pub fn breached_line(clock: &str, late: &str) -> String {
        format!("breached its SLA: the {clock} is {late} late, and it was escalated")
    }
    /// To the requester, when the breach did not raise the level (the escalation notice says so
    /// otherwise).
    pub fn requester_escalated(ticket: &str, summary: &str) -> String {
        format!(
            "Your ticket **{ticket}** ({summary}) is taking longer than we promised, so it was escalated to the \
             help desk coordinators, who are following it."
        )
    }
}

/// The triage embed and the queue: field names and short values.
pub mod triage {
    pub fn requester() -> String {
        "Requester".into()
    }
    pub fn category() -> String {
        "Category".into()
    }
    pub fn priority() -> String {
        "Priority".into()
    }
    pub fn level() -> String {
        "Level".into()
    }
    pub fn status() -> String {
        "Status".into()
    }
    pub fn assignee() -> String {
        "Assignee".into()
    }
    pub fn unassigned() -> String {
        "Unassigned".into()
    }
    pub fn first_response_due() -> String {
        "First response due".into()
    }
    pub fn resolution_due() -> String {
        "Resolution due".into()
    }
    pub fn responded(when: &str) -> String {
        format!("✅ responded {when}")
    }
    pub fn breached(when: &str) -> String {
        format!("⚠️ **breached** {when}")
    }
    pub fn nearly_breached(when: &str) -> String {
        format!("⏳ {when}")
    }
    pub fn paused(when: &str) -> String {
        format!("⏸️ paused (waiting on requester) {when}")
    }
    pub fn not_set() -> String {
        "—".into()
    }
    pub fn resolution() -> String {
        "Resolution".into()
    }
    /// Value of an optional question the requester skipped.
    pub fn skipped() -> String {
        "*skipped*".into()
    }
    /// The last field when not every answer fits in the embed.
    pub fn more_answers_name() -> String {
        "More answers".into()
    }
    pub fn more_answers(count: usize) -> String {
        format!("{count} more not shown here; see `/desk show`.")
    }
    /// `priority` with how it was set: `P2 · My team × High`, or overridden.
    pub fn priority_value(priority: &str, impact: &str, urgency: &str, overridden: bool) -> String {
        if overridden {
            format!("**{priority}** (set by a coordinator)")
        } else {
            format!("**{priority}** · {impact} × {urgency}")
        }
    }
    pub fn level_value(level: u8) -> String {
        format!("L{level}")
    }
}

/// The `/queue` listing.
pub mod queue {
    pub fn title() -> String {
        "Queue".into()
    }
    pub fn title_filtered(filters: &str) -> String {
        format!("Queue · {filters}")
    }
    pub fn empty() -> String {
        "Nothing here. 🎉".into()
    }
    pub fn page(page: u32, pages: u32, total: i64) -> String {
        let tickets = if total == 1 { "ticket" } else { "tickets" };
        format!("Page {page} of {pages} · {total} {tickets} · sorted by priority, then due time")
    }
    pub fn unassigned() -> String {
        "unassigned".into()
    }
    pub fn nobody() -> String {
        "nobody".into()
    }
    pub fn due(when: &str) -> String {
        format!("due {when}")
    }
    /// The filter words in the title.
    pub fn filter_status(status: &str) -> String {
        format!("status: {status}")
    }
    pub fn filter_level(level: u8) -> String {
        format!("level: L{level}")
    }
    pub fn filter_assignee(who: &str) -> String {
        format!("assignee: {who}")
    }
    pub fn filter_category(category: &str) -> String {
        format!("category: {category}")
    }
}

/// `/desk show`: a ticket's audit trail as lines.
pub mod history {
    use crate::domain::EventKind;

    pub fn title(ticket: &str, summary: &str) -> String {
        format!("History of {ticket} · {summary}")
    }
    pub fn empty() -> String {
        "No events recorded.".into()
    }
    /// Shown first when the oldest lines do not fit.
    pub fn earlier_not_shown(count: usize) -> String {
        format!("… {count} earlier events not shown")
    }
    /// What happened, by whom (`who` is a mention or "deskbot"). `change` is `open → in progress`.
    pub fn line(when: &str, who: &str, what: &str, change: Option<&str>, note: Option<&str>) -> String {
        let mut line = format!("{when} · {who} · **{what}**");
        if let Some(change) = change {
            line.push_str(&format!(" ({change})"));
        }
        if let Some(note) = note {
            line.push_str(&format!(": {note}"));
        }
        line
    }
    pub fn change(from: &str, to: &str) -> String {
        format!("{from} → {to}")
    }
    pub fn system() -> String {
        "deskbot".into()
    }
    /// The word for an event kind.
    pub fn kind(kind: EventKind) -> String {
        match kind {
            EventKind::Created => "opened",
            EventKind::Claimed => "claimed",
            EventKind::Assigned => "assigned",
            EventKind::Escalated => "escalated",
            EventKind::Waiting => "waiting on requester",
            EventKind::Resumed => "resumed",
            EventKind::Resolved => "resolved",
            EventKind::Confirmed => "confirmed fixed",
            EventKind::Reopened => "reopened",
            EventKind::Cancelled => "cancelled",
            EventKind::Closed => "closed",
            EventKind::PriorityChanged => "priority changed",
            EventKind::Rated => "rated",
            EventKind::Note => "internal note",
            EventKind::Reply => "reply to requester",
            EventKind::RequesterMessage => "requester wrote",
            EventKind::DeliveryFailed => "DM not delivered",
            EventKind::WatchStarted => "started watching",
            EventKind::SlaWarning => "SLA warning",
            EventKind::SlaBreached => "SLA breached",
            EventKind::WaitingReminded => "requester reminded",
            EventKind::RatingComment => "rating comment",
            EventKind::Linked => "linked to an incident",
            EventKind::Unlinked => "unlinked from its incident",
        }
        .to_owned()
    }
}

/// Ephemeral answers to staff and requesters: confirmations and refusals.
pub mod replies {
    use std::fmt::Display;

    /// A refusal from the domain (`transition::Refusal` and the like already say why in words).
    pub fn refused(reason: &dyn Display) -> String {
        reason.to_string()
    }
    pub fn only_technicians_claim() -> String {
        "Only technicians can claim tickets.".into()
    }
    pub fn only_technicians() -> String {
        "Only technicians can do that.".into()
    }
    pub fn only_coordinators() -> String {
        "Only coordinators can do that.".into()
    }
    pub fn only_requester() -> String {
        "Only the person who reported this ticket can do that.".into()
    }
    pub fn level_too_low(level: u8) -> String {
        format!("This ticket is at level {level}; only level {level} technicians or above can take it.")
    }
    pub fn already_claimed(ticket: &str, by: &str) -> String {
        format!("{by} already has {ticket}.")
    }
    pub fn claimed(ticket: &str) -> String {
        format!("You claimed {ticket}.")
    }
    pub fn assigned(ticket: &str, to: &str) -> String {
        format!("{ticket} is assigned to {to}.")
    }
    pub fn escalated(ticket: &str, level: u8) -> String {
        format!("{ticket} is escalated to level {level}.")
    }
    pub fn resolved(ticket: &str) -> String {
        format!("{ticket} is resolved; the requester has been asked to confirm.")
    }
    pub fn asked(ticket: &str) -> String {
        format!(
            "Your question was sent to the requester of {ticket}. The ticket waits on them and its SLA clock \
             is paused; their answer will appear in the ticket's thread."
        )
    }
    pub fn cancelled(ticket: &str) -> String {
        format!("{ticket} is cancelled.")
    }
    pub fn priority_set(ticket: &str, priority: &str) -> String {
        format!("{ticket} is now {priority}.")
    }
    pub fn watching(ticket: &str) -> String {
        format!("You'll get a DM about every change to {ticket}.")
    }
    pub fn already_watching(ticket: &str) -> String {
        format!("You already follow {ticket}.")
    }
    pub fn note_added(ticket: &str) -> String {
        format!("Note added to {ticket}.")
    }
    pub fn reply_sent(ticket: &str) -> String {
        format!("Sent to the requester of {ticket}.")
    }
    pub fn linked(ticket: &str, parent: &str) -> String {
        format!("{ticket} is linked to {parent}; resolving {parent} resolves it too.")
    }
    pub fn not_in_a_ticket_thread() -> String {
        "Use this in a ticket's thread.".into()
    }
    pub fn no_such_ticket(ticket: &str) -> String {
        format!("There is no ticket {ticket}.")
    }
    pub fn bad_ticket_number(text: &str) -> String {
        format!("`{text}` is not a ticket number; use e.g. `42` or `#42`.")
    }
    pub fn highest_level() -> String {
        "This ticket is already at level 3, the highest.".into()
    }
    /// A `/queue` button whose place in the list could not be read (from an older deskbot).
    pub fn queue_restarted() -> String {
        "That page could not be found again, so here is the first page.".into()
    }
    /// A button from a deleted ticket, or from an older deskbot.
    pub fn expired_button() -> String {
        "This button no longer works. Use `/mytickets` or `/queue` to see the current state.".into()
    }
    pub fn text_too_short(what: &str, min: usize) -> String {
        format!("The {what} must be at least {min} characters.")
    }
    pub fn unknown_resolution_code(codes: &str) -> String {
        format!("Unknown resolution code. Use one of: {codes}.")
    }
    pub fn not_here() -> String {
        "This command works only in the help desk's server.".into()
    }
}

/// Asking for a ticket's details, in a modal or DM by DM.
pub mod intake {
    pub fn welcome() -> String {
        "Hi! I'm the IT help desk. Let's get your problem to the right technician. Which category fits best?"
            .into()
    }
    pub fn suggested_category(category: &str) -> String {
        format!("It sounds like **{category}**. Pick it below, or choose another category.")
    }
    /// Frames a question from the intake engine: `Question 2 of 5`.
    pub fn question(step: usize, total: usize, question: &str, optional: bool) -> String {
        let hint = if optional { "\n*Optional: press Skip or reply `skip`.*" } else { "" };
        format!("**Question {step} of {total}**\n{question}{hint}")
    }
    /// Opens a DM conversation that starts with the summary question.
    pub fn greeting() -> String {
        "Hi! I'm the IT help desk. Let's get your problem to the right technician.".into()
    }
    /// Frames a question when the number of questions is not known yet (before the category).
    pub fn question_open(step: usize, question: &str, optional: bool) -> String {
        let hint = if optional { "\n*Optional: press Skip or reply `skip`.*" } else { "" };
        format!("**Question {step}**\n{question}{hint}")
    }
    /// A question's configured hint (e.g. the form of an asset tag), under the question.
    pub fn hint(hint: &str) -> String {
        format!("*{hint}*")
    }
    /// The answer proposed for a choice: the classification's suggestion or the current answer.
    pub fn suggested_choice(choice: &str) -> String {
        format!("Suggested: **{choice}** (reply `ok` to take it, or choose another).")
    }
    /// A free-text question asked again (after `back` or **Edit**): what was answered before.
    pub fn current_answer(answer: &str) -> String {
        format!("Your answer so far: {answer}\nType the new answer.")
    }
    /// A click on the controls of an intake that has ended (or is not the clicker's).
    pub fn ended() -> String {
        "This request has already ended (sent, cancelled or expired). DM me or use `/ticket` to start a new one."
            .into()
    }
    /// A click on the controls of a question that is no longer the current one.
    pub fn already_answered() -> String {
        "That question is already answered. Reply `back` to change the previous answer.".into()
    }
    /// Above the select that **Edit** shows.
    pub fn edit_prompt() -> String {
        "Which answer do you want to change?".into()
    }
    /// After the `/ticket` modal (or an edit) when the next question cannot be DMed: what to do.
    pub fn cannot_dm_continue(question: &str) -> String {
        format!(
            "I can't DM you (your DMs are closed), so I can't ask the remaining questions there. Allow direct \
             messages from server members, then DM me your answer to:\n{question}"
        )
    }
    /// Said with the first question.
    pub fn how_to_stop() -> String {
        "Reply `back` to change your last answer, or `cancel` to stop.".into()
    }
    /// An answer the intake did not accept; `why` is the intake engine's own sentence, which says
    /// what to do.
    pub fn invalid_answer(why: &str) -> String {
        format!("⚠️ {why}")
    }
    pub fn never_send_passwords() -> String {
        "🔒 Never send passwords. Nobody at the help desk will ever ask for one.".into()
    }
    pub fn secret_masked() -> String {
        "🔒 Part of your answer looked like a password or secret key, so I masked it. Never send passwords; \
         nobody at the help desk will ever ask for one."
            .into()
    }
    pub fn review_title(summary: &str) -> String {
        format!("Review: {summary}")
    }
    pub fn review_hint() -> String {
        "Check the details, then **Submit**. **Edit** goes back through the questions.".into()
    }
    pub fn review_priority(priority: &str) -> String {
        format!("Priority {priority}")
    }
    pub fn submitted(ticket: &str) -> String {
        format!(
            "Ticket **{ticket}** is open. A technician will pick it up soon; I'll DM you about every change."
        )
    }
    pub fn self_served() -> String {
        "Glad that fixed it! No ticket was opened.".into()
    }
    pub fn cancelled() -> String {
        "Cancelled. Nothing was sent. DM me again whenever you need help.".into()
    }
    pub fn reminder() -> String {
        "Your help desk request isn't finished yet. Answer the last question to continue, or reply `cancel`."
            .into()
    }
    pub fn expired() -> String {
        "Your unfinished help desk request has expired. DM me again whenever you need help.".into()
    }
    /// After the `/ticket` modal, when more questions follow in DM.
    pub fn continue_in_dm() -> String {
        "Thanks! I have a few more questions: check your DMs.".into()
    }
    pub fn cannot_dm() -> String {
        "I can't DM you (your DMs are closed), so I can't ask the remaining questions. Allow DMs from server \
         members and try again."
            .into()
    }
    pub fn modal_title(category: &str) -> String {
        format!("New ticket · {category}")
    }
    pub fn modal_title_general() -> String {
        "New help desk ticket".into()
    }
    pub fn summary_label() -> String {
        "Summary".into()
    }
    pub fn summary_placeholder() -> String {
        "What's wrong, in one line".into()
    }
}

/// Modal titles and input labels (title and labels ≤ 45, placeholders ≤ 100 characters).
pub mod modals {
    pub fn escalate_title(ticket: &str) -> String {
        format!("Escalate {ticket}")
    }
    pub fn escalate_reason_label() -> String {
        "Why does it need the next level?".into()
    }
    pub fn escalate_reason_placeholder() -> String {
        "What you tried and what the next level should look at".into()
    }
    pub fn resolve_title(ticket: &str) -> String {
        format!("Resolve {ticket}")
    }
    pub fn resolve_notes_label() -> String {
        "Resolution notes".into()
    }
    pub fn resolve_notes_placeholder() -> String {
        "What was wrong and what fixed it (the requester sees this)".into()
    }
    pub fn resolve_code_label() -> String {
        "Resolution code".into()
    }
    /// Lists the accepted code words (`codes`, comma-separated).
    pub fn resolve_code_placeholder(codes: &str) -> String {
        format!("One of: {codes}")
    }
    pub fn reopen_title(ticket: &str) -> String {
        format!("{ticket} is still broken")
    }
    pub fn reopen_note_label() -> String {
        "What is still wrong? (optional)".into()
    }
    pub fn comment_title(ticket: &str) -> String {
        format!("Your rating of {ticket}")
    }
    pub fn comment_label() -> String {
        "What went well, or what could be better?".into()
    }
    pub fn ask_title(ticket: &str) -> String {
        format!("Ask the requester of {ticket}")
    }
    pub fn ask_question_label() -> String {
        "Your question (sent to them by DM)".into()
    }
    pub fn ask_question_placeholder() -> String {
        "e.g. Which laptop is it: the asset tag on its underside?".into()
    }
}

/// What went wrong inside, said without the inside.
pub mod errors {
    pub fn unexpected(ticket: Option<&str>) -> String {
        match ticket {
            Some(ticket) => format!(
                "Sorry, something went wrong on our side with ticket {ticket}. Nothing was lost; please try again \
                 in a moment, and tell the help desk about {ticket} if it keeps happening."
            ),
            None => "Sorry, something went wrong on our side. Please try again in a moment.".into(),
        }
    }
    pub fn busy() -> String {
        "Someone changed this ticket at the same moment. Please try again.".into()
    }
}

/// Slash command and option descriptions (each ≤ 100 characters).
pub mod commands {
    pub fn ticket() -> String {
        "Report an IT problem to the help desk".into()
    }
    pub fn ticket_summary() -> String {
        "What's wrong, in one line".into()
    }
    pub fn ticket_category() -> String {
        "The kind of problem".into()
    }
    pub fn mytickets() -> String {
        "Your tickets and their status".into()
    }
    pub fn queue() -> String {
        "Open tickets, by priority then due time (staff)".into()
    }
    pub fn queue_status() -> String {
        "Only tickets with this status".into()
    }
    pub fn queue_level() -> String {
        "Only tickets at this support level".into()
    }
    pub fn queue_assignee() -> String {
        "Only tickets held by this technician".into()
    }
    pub fn queue_unassigned() -> String {
        "Only tickets nobody holds".into()
    }
    pub fn queue_category() -> String {
        "Only tickets in this category".into()
    }
    pub fn escalate() -> String {
        "Pass a ticket to a higher support level".into()
    }
    pub fn escalate_level() -> String {
        "The level to escalate to (default: the next one)".into()
    }
    pub fn escalate_reason() -> String {
        "Why it needs that level".into()
    }
    pub fn assign() -> String {
        "Give a ticket to a technician (coordinators)".into()
    }
    pub fn assign_technician() -> String {
        "The technician who takes it".into()
    }
    pub fn assign_reason() -> String {
        "Why (optional)".into()
    }
    pub fn reply() -> String {
        "Send a message to the ticket's requester by DM (in a ticket thread)".into()
    }
    pub fn reply_text() -> String {
        "What to tell the requester".into()
    }
    pub fn ask() -> String {
        "Ask the requester a question by DM and wait for the answer (in a ticket thread)".into()
    }
    pub fn ask_question() -> String {
        "What you need to know".into()
    }
    pub fn desk() -> String {
        "Help desk staff tools".into()
    }
    pub fn desk_show() -> String {
        "A ticket's full history".into()
    }
    pub fn desk_note() -> String {
        "Add an internal note to a ticket".into()
    }
    pub fn desk_note_text() -> String {
        "The note (never shown to the requester)".into()
    }
    pub fn desk_watch() -> String {
        "Get a DM about every change to a ticket".into()
    }
    pub fn desk_priority() -> String {
        "Override a ticket's priority (coordinators)".into()
    }
    pub fn desk_priority_value() -> String {
        "The new priority".into()
    }
    pub fn desk_priority_reason() -> String {
        "Why the matrix priority is wrong".into()
    }
    pub fn desk_cancel() -> String {
        "Cancel a ticket (coordinators)".into()
    }
    pub fn desk_cancel_reason() -> String {
        "Why it is cancelled".into()
    }
    pub fn desk_link() -> String {
        "Link a ticket to a parent incident; resolving the parent resolves it".into()
    }
    pub fn desk_link_parent() -> String {
        "The parent incident's ticket number".into()
    }
    /// The `ticket` option shared by most commands.
    pub fn ticket_number() -> String {
        "Ticket number, e.g. 42".into()
    }
}

/// Answers to clicks and commands that cannot be acted on: the database is out of reach, or a
/// button was clicked somewhere it was not made for (each refusal is ephemeral and changes nothing).
pub mod refusals {
    /// The database cannot be reached; nothing was changed.
    pub fn database_unavailable() -> String {
        "The help desk can't reach its database right now; try again in a minute.".into()
    }
    /// A Claim, Escalate or Resolve button that is not on the ticket's triage message.
    pub fn not_the_triage_message(ticket: &str) -> String {
        format!(
            "This button isn't on the triage message of {ticket}, so it does nothing here. Use the buttons on that message."
        )
    }
    /// A Fixed, Still broken or rating control that is not in the requester's DM about the ticket.
    pub fn not_the_requesters_dm(ticket: &str) -> String {
        format!("Only the person who reported {ticket} can answer this, from the bot's DM to them.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::{
        BUTTON_LABEL_MAX, COMMAND_DESCRIPTION_MAX, SELECT_OPTION_TEXT_MAX, SELECT_PLACEHOLDER_MAX,
        TEXT_INPUT_LABEL_MAX, TEXT_INPUT_PLACEHOLDER_MAX, char_count,
    };

    #[test]
    fn command_descriptions_fit_discord() {
        let all = [
            commands::ticket(),
            commands::ticket_summary(),
            commands::ticket_category(),
            commands::mytickets(),
            commands::queue(),
            commands::queue_status(),
            commands::queue_level(),
            commands::queue_assignee(),
            commands::queue_unassigned(),
            commands::queue_category(),
            commands::escalate(),
            commands::escalate_level(),
            commands::escalate_reason(),
            commands::assign(),
            commands::assign_technician(),
            commands::assign_reason(),
            commands::reply(),
            commands::reply_text(),
            commands::desk(),
            commands::desk_show(),
            commands::desk_note(),
            commands::desk_note_text(),
            commands::desk_watch(),
            commands::desk_priority(),
            commands::desk_priority_value(),
            commands::desk_priority_reason(),
            commands::desk_cancel(),
            commands::desk_cancel_reason(),
            commands::desk_link(),
            commands::desk_link_parent(),
            commands::ticket_number(),
        ];
        for text in all {
            assert!((1..=COMMAND_DESCRIPTION_MAX).contains(&char_count(&text)), "{text:?}");
        }
    }

    #[test]
    fn fixed_labels_fit_their_limits() {
        for label in [
            buttons::claim(),
            buttons::escalate(),
            buttons::resolve(),
            buttons::fixed(),
            buttons::still_broken(),
            buttons::cancel_ticket("#9999999"),
            super::kb::this_fixed_it(3),
            super::kb::not_this(),
            buttons::previous_page(),
            buttons::next_page(),
            buttons::submit(),
            buttons::edit(),
            buttons::cancel(),
            buttons::skip(),
        ] {
            assert!(char_count(&label) <= BUTTON_LABEL_MAX, "{label:?}");
        }
        for score in 1..=5 {
            assert!(char_count(&buttons::rating(score)) <= SELECT_OPTION_TEXT_MAX);
        }
        for placeholder in [
            buttons::rating_placeholder(),
            buttons::category_placeholder(),
            buttons::choice_placeholder(),
            buttons::edit_placeholder(),
        ] {
            assert!(char_count(&placeholder) <= SELECT_PLACEHOLDER_MAX);
        }
        for label in [
            modals::escalate_reason_label(),
            modals::resolve_notes_label(),
            modals::resolve_code_label(),
            modals::reopen_note_label(),
            intake::summary_label(),
        ] {
            assert!(char_count(&label) <= TEXT_INPUT_LABEL_MAX, "{label:?}");
        }
        for placeholder in [
            modals::escalate_reason_placeholder(),
            modals::resolve_notes_placeholder(),
            intake::summary_placeholder(),
        ] {
            assert!(char_count(&placeholder) <= TEXT_INPUT_PLACEHOLDER_MAX, "{placeholder:?}");
        }
    }

    #[test]
    fn the_button_labels_are_exactly_the_product_words() {
        assert_eq!(
            [buttons::claim(), buttons::escalate(), buttons::resolve()],
            ["Claim", "Escalate", "Resolve"]
        );
        assert_eq!([buttons::fixed(), buttons::still_broken()], ["Fixed", "Still broken"]);
    }

    #[test]
    fn closed_dms_are_said_in_the_thread_with_the_product_words() {
        assert_eq!(
            thread::dms_closed("<@7>"),
            "Couldn't DM <@7>: their DMs are closed. Tell them here or another way."
        );
    }

    #[test]
    fn the_apology_names_the_ticket() {
        assert!(errors::unexpected(Some("#42")).contains("#42"));
        assert_eq!(replies::claimed("#42"), "You claimed #42.");
    }
}

/// Assignment: `/assign` without a technician (the suggestion and its Confirm), `/desk skills` and
/// `/duty`.
pub mod assign {
    use crate::domain::assign::Duty;
    use crate::service::assign::AssignRefusal;

    // ----- commands -----

    pub fn duty() -> String {
        "Say whether you are working, so tickets can be suggested for you (technicians)".into()
    }
    pub fn duty_on() -> String {
        "You are working: tickets may be suggested for you".into()
    }
    pub fn duty_off() -> String {
        "You are not working: no tickets are suggested for you".into()
    }
    pub fn desk_skills() -> String {
        "Set a technician's skills and level, for assignment suggestions (coordinators)".into()
    }
    pub fn desk_skills_technician() -> String {
        "The technician".into()
    }
    pub fn desk_skills_skills() -> String {
        "Category keys, comma-separated, e.g. network, printing".into()
    }
    pub fn desk_skills_level() -> String {
        "Their support level (default: unchanged)".into()
    }
    pub fn technician_optional() -> String {
        "The technician who takes it; leave out to get a suggestion".into()
    }
    pub fn confirm() -> String {
        "Confirm".into()
    }

    // ----- refusals -----

    pub fn refusal(r: &AssignRefusal) -> String {
        match r {
            AssignRefusal::NotCoordinator => "Only coordinators can do that. Nothing was changed.".into(),
            AssignRefusal::NotTechnician { user } => format!(
                "<@{user}> is not a technician: they hold no technician role and are not listed under \
                 [[technicians]] in the help desk file. Nothing was changed."
            ),
            AssignRefusal::NotTechnicianSelf => {
                "Only technicians go on or off duty. Nothing was changed.".into()
            }
            AssignRefusal::UnknownSkills { unknown, known } if unknown.is_empty() => format!(
                "Name at least one skill: category keys separated by commas, from {}. Nothing was changed.",
                known.join(", ")
            ),
            AssignRefusal::UnknownSkills { unknown, known } => format!(
                "{} {} not a category key. Skills are category keys, separated by commas: {}. Nothing was \
                 changed.",
                unknown.join(", "),
                if unknown.len() == 1 { "is" } else { "are" },
                known.join(", ")
            ),
            AssignRefusal::Stale { ticket } => format!(
                "{ticket} has changed since this suggestion, so it was not assigned. Run `/assign` again for a \
                 fresh one."
            ),
            AssignRefusal::SuggestionChanged { ticket } => format!(
                "Who is on duty or how busy they are has changed since this suggestion, so {ticket} was not \
                 assigned. Run `/assign` again for a fresh one."
            ),
        }
    }

    // ----- the suggestion -----

    /// How a technician's duty reads after "they are …" / in a list.
    pub fn duty_word(duty: Duty) -> &'static str {
        match duty {
            Duty::SaidOn => "on duty",
            Duty::InShift => "on shift",
            Duty::SaidOff => "off duty (said /duty off)",
            Duty::OutOfShift => "off duty (outside their shift)",
            Duty::NeverOn => "off duty (no shift, and no /duty on)",
        }
    }
    pub fn suggested(ticket: &str, category: &str, level: u8, priority: &str, who: &str) -> String {
        format!("**{ticket}** ({category}, level {level}, {priority}): I suggest {who}.")
    }
    pub fn load(load: u32, active: u32) -> String {
        let tickets = if active == 1 { "ticket" } else { "tickets" };
        format!("load {load} ({active} active {tickets})")
    }
    pub fn why(duty: &str, category: &str, level: u8, load: &str, comparison: &str) -> String {
        format!("Why: {duty}, skilled in {category}, level {level}, {load}: {comparison}.")
    }
    pub fn only_one() -> String {
        "the only one who qualifies".into()
    }
    pub fn lightest() -> String {
        "the lightest load of those who qualify".into()
    }
    pub fn tie_won() -> String {
        "tied on load, and the tie goes to the lower level, then fewer active tickets".into()
    }
    pub fn passed_over() -> String {
        "Passed over:".into()
    }
    pub fn holds() -> String {
        "already holds it".into()
    }
    pub fn no_skill(category: &str) -> String {
        format!("not skilled in {category}")
    }
    pub fn level_too_low(level: u8, needed: u8) -> String {
        format!("level {level}, the ticket needs {needed}")
    }
    pub fn busier(load: &str) -> String {
        format!("busier, {load}")
    }
    pub fn lost_tie(load: &str, level: u8) -> String {
        format!("same {load}, level {level}: lost the tie")
    }
    pub fn item(who: &str, why: &str) -> String {
        format!("- {who}: {why}")
    }
    pub fn confirm_hint() -> String {
        "Confirm to assign: the reason is recorded, and the technician and the requester are told.".into()
    }
    pub fn nobody(ticket: &str, category: &str, level: u8) -> String {
        format!("Nobody qualifies for **{ticket}** ({category}, level {level}):")
    }
    pub fn nobody_hint(number: &str) -> String {
        format!("To give it to someone anyway: `/assign ticket:{number} technician:@…`.")
    }
    pub fn no_technicians(ticket: &str) -> String {
        format!(
            "Nobody can be suggested for **{ticket}**: no technicians are set up. List them under \
             [[technicians]] in the help desk file, or give one skills with `/desk skills`."
        )
    }
    pub fn confirmed(ticket: &str, who: &str) -> String {
        format!("{ticket} is assigned to {who}, as suggested; the reason is in its history.")
    }

    // ----- /desk skills and /duty -----

    pub fn skills_set(who: &str, skills: &str, level: u8) -> String {
        format!(
            "{who} now has the skills {skills} at level {level}. This replaces what the help desk file says \
             for them."
        )
    }
    pub fn on_duty(skills: &str, level: u8) -> String {
        format!("You are on duty: tickets in {skills} at level {level} or below may be suggested for you.")
    }
    pub fn on_duty_without_skills() -> String {
        "You are on duty, but you have no skills on record, so no ticket will be suggested for you: ask a \
         coordinator for `/desk skills`."
            .into()
    }
    pub fn off_duty() -> String {
        "You are off duty: no tickets will be suggested for you.".into()
    }
    pub fn until(when: &str) -> String {
        format!(" Your shift schedule decides again from {when}.")
    }
}

/// The knowledge base: `/kb`, its modal, the articles offered at the intake review and the
/// technicians' hint in a new ticket's thread.
pub mod kb {
    use crate::domain::article::{ArticleProblem, STEPS_MAX_CHARS, SYMPTOMS_MAX_CHARS, TITLE_MAX_CHARS};
    use crate::service::kb::KbRefusal;

    // ----- commands -----

    pub fn command() -> String {
        "The knowledge base: search it, or write and look after articles (technicians, coordinators)".into()
    }
    pub fn search() -> String {
        "Find the articles that match what you type".into()
    }
    pub fn query_option() -> String {
        "What the problem looks like, in a few words".into()
    }
    pub fn new() -> String {
        "Write a new article".into()
    }
    pub fn edit() -> String {
        "Edit an article".into()
    }
    pub fn retire() -> String {
        "Retire an article: it is kept on record but no longer found or offered".into()
    }
    pub fn list() -> String {
        "List the articles, of one category if you like".into()
    }
    pub fn list_category() -> String {
        "Only this category".into()
    }
    pub fn promote() -> String {
        "Write an article from a closed ticket's resolution".into()
    }
    pub fn article_option() -> String {
        "The article's number (see /kb list)".into()
    }

    // ----- the modal -----

    pub fn new_title() -> String {
        "New article".into()
    }
    pub fn edit_title(id: i64) -> String {
        format!("Edit article {id}")
    }
    pub fn promote_title(ticket: &str) -> String {
        format!("Article from {ticket}")
    }
    pub fn title_label() -> String {
        "Title".into()
    }
    pub fn symptoms_label() -> String {
        "Symptoms: what the person sees".into()
    }
    pub fn steps_label() -> String {
        "Steps: what fixes it".into()
    }
    pub fn category_label() -> String {
        "Category".into()
    }
    pub fn tags_label() -> String {
        "Tags, separated by commas (optional)".into()
    }
    pub fn category_placeholder(keys: &str) -> String {
        format!("One of: {keys}")
    }

    // ----- answers -----

    pub fn created(id: i64, title: &str) -> String {
        format!("Article **{id}** saved: {title}. Requesters will be offered it when their words match.")
    }
    pub fn edited(id: i64, title: &str) -> String {
        format!("Article **{id}** updated: {title}.")
    }
    pub fn retired(id: i64, title: &str) -> String {
        format!("Article **{id}** retired: {title}. It is kept on record but no longer found or offered.")
    }
    pub fn results(query: &str) -> String {
        format!("Articles matching “{query}”, best first:")
    }
    pub fn no_results(query: &str) -> String {
        format!("No article matches “{query}”. Try other words, or open a ticket with `/ticket`.")
    }
    pub fn list_title() -> String {
        "Knowledge base".into()
    }
    pub fn list_empty() -> String {
        "There are no articles yet. Technicians write them with `/kb new` or `/kb promote`.".into()
    }
    pub fn article_name(id: i64, title: &str) -> String {
        format!("{id} · {title}")
    }
    pub fn list_line(id: i64, title: &str, category: &str) -> String {
        format!("**{id}** · {title} ({category})")
    }

    pub fn refusal(r: &KbRefusal) -> String {
        match r {
            KbRefusal::NotStaff => {
                "Only technicians and coordinators can write, edit or retire articles. To find one, use \
                 `/kb search`."
                    .into()
            }
            KbRefusal::NoSuchArticle(id) => format!("There is no article {id}. `/kb list` shows them."),
            KbRefusal::Retired(id) => format!("Article {id} is retired, so it cannot be changed."),
            KbRefusal::Invalid(p) => problem(*p),
            KbRefusal::EmptyQuery => {
                "Type a few words about the problem to search for, e.g. `vpn disconnects`.".into()
            }
            KbRefusal::NotClosed(ticket) => {
                format!("{ticket} is not closed yet: only closed tickets can become articles.")
            }
        }
    }

    pub fn problem(p: ArticleProblem) -> String {
        match p {
            ArticleProblem::NoTitle => "The article needs a title.".into(),
            ArticleProblem::TitleTooLong => format!("The title can be at most {TITLE_MAX_CHARS} characters."),
            ArticleProblem::NoSymptoms => "Say what the person sees (the symptoms).".into(),
            ArticleProblem::SymptomsTooLong => {
                format!("The symptoms can be at most {SYMPTOMS_MAX_CHARS} characters.")
            }
            ArticleProblem::NoSteps => "Say what fixes it (the steps).".into(),
            ArticleProblem::StepsTooLong => format!("The steps can be at most {STEPS_MAX_CHARS} characters."),
            ArticleProblem::UnknownCategory => {
                "That category is not one of the help desk's. Nothing was saved; try again with one of them."
                    .into()
            }
            ArticleProblem::TooManyTags => "Give at most 10 tags.".into(),
        }
    }

    // ----- at the intake review -----

    pub fn offered_intro() -> String {
        "These help articles match what you wrote. If one fixes it, press **This fixed it**; otherwise \
         press **Not this** or **Submit**."
            .into()
    }
    pub fn this_fixed_it(n: usize) -> String {
        format!("This fixed it ({n})")
    }
    pub fn not_this() -> String {
        "Not this".into()
    }

    // ----- the technicians' hint -----

    pub fn hint_title() -> String {
        "Hint: this may have been seen before".into()
    }
    pub fn hint_tickets() -> String {
        "Similar closed tickets".into()
    }
    pub fn hint_ticket(ticket: &str, code: Option<&str>, notes: &str) -> String {
        match code {
            Some(code) => format!("**{ticket}** ({code}): {notes}"),
            None => format!("**{ticket}**: {notes}"),
        }
    }
    pub fn hint_articles() -> String {
        "Matching articles".into()
    }
    pub fn hint_article(id: i64, title: &str) -> String {
        format!("**{id}** · {title} (`/kb search` to read it)")
    }
}

/// Major incidents: `/desk link` and `/desk unlink`, the known problem offered at the intake review,
/// the incident in triage and `/queue`.
pub mod incident {
    use crate::domain::incident::LinkRefusal;

    pub fn link_description() -> String {
        "Make a ticket part of a major incident (it leaves the queue and is resolved with it)".into()
    }
    pub fn unlink_description() -> String {
        "Detach a ticket from its incident: it is ordinary work again".into()
    }
    pub fn parent_option() -> String {
        "The incident's ticket number (the parent)".into()
    }
    pub fn reason_option() -> String {
        "Why, for the audit trail (optional)".into()
    }
    pub fn linked(child: &str, parent: &str) -> String {
        format!(
            "{child} is now part of incident {parent}: it left the queue, its requester hears of {parent}'s \
             progress, and it is resolved with {parent}."
        )
    }
    pub fn unlinked(child: &str) -> String {
        format!("{child} left its incident: it is back in the queue as an ordinary ticket.")
    }
    /// The line in the incident's thread when a ticket joins it.
    pub fn child_joined(child: &str, requester: &str) -> String {
        format!("{child} from {requester} joined this incident")
    }
    pub fn child_left(child: &str) -> String {
        format!("{child} left this incident and is handled on its own")
    }
    /// The triage field of a child and of a parent.
    pub fn field() -> String {
        "Incident".into()
    }
    pub fn part_of(parent: &str) -> String {
        format!("Part of **{parent}**")
    }
    pub fn affected(count: usize) -> String {
        format!("**+{count} affected**")
    }
    /// After a child's line in `/queue`.
    pub fn queue_part_of(parent: &str) -> String {
        format!(" · ↳ part of {parent}")
    }
    pub fn queue_affected(count: usize) -> String {
        format!(" · +{count} affected")
    }

    // ----- the known problem at the intake review -----

    pub fn known_problem(ticket: &str, summary: &str) -> String {
        format!(
            "This looks like a known problem: **{ticket}** {summary}\nThe help desk is already working on it. \
             Add yourself to it and you will hear of its progress and its fix, without waiting for a \
             ticket of your own."
        )
    }
    pub fn add_me() -> String {
        "Add me to it".into()
    }
    pub fn not_this() -> String {
        "Not this".into()
    }
    pub fn joined(ticket: &str, parent: &str) -> String {
        format!(
            "You're on it: your ticket **{ticket}** is part of **{parent}**. You'll hear of its progress here, \
             and when it is fixed you can tell us whether it is fixed for you too."
        )
    }

    pub fn refusal(r: &LinkRefusal) -> String {
        match r {
            LinkRefusal::NotStaff => "Only help desk staff can link tickets to an incident.".into(),
            LinkRefusal::ToItself { ticket } => {
                format!("{ticket} can't be part of itself: choose another ticket as the incident.")
            }
            LinkRefusal::OtherGuild => {
                "Those tickets belong to different organisations, so they can't be linked.".into()
            }
            LinkRefusal::Cycle { child, parent } => format!(
                "{parent} is already part of {child}, so {child} can't be part of {parent}: that would make a \
                 loop. Unlink {parent} first if you mean to turn it around."
            ),
            LinkRefusal::ParentIsChild { parent, of } => format!(
                "{parent} is itself part of incident {of}; incidents are one level deep. Link to {of} instead."
            ),
            LinkRefusal::HasChildren { child, count } => format!(
                "{child} is an incident with {count} ticket(s) of its own, so it can't become part of another. \
                 Unlink its tickets first."
            ),
            LinkRefusal::ParentNotActive { parent, status } => format!(
                "{parent} is {}: only an open incident can take tickets.",
                status.label().to_lowercase()
            ),
            LinkRefusal::ChildNotActive { child, status } => format!(
                "{child} is {}: only open tickets can join an incident.",
                status.label().to_lowercase()
            ),
            LinkRefusal::AlreadyLinked { child, parent } => format!("{child} is already part of {parent}."),
            LinkRefusal::NotLinked { ticket } => format!("{ticket} is not part of any incident."),
        }
    }
}

/// `/stats` and `/faq`: the coordinators' figures.
pub mod stats {
    use crate::domain::stats::{Spread, human_duration};

    // ----- commands -----

    pub fn command() -> String {
        "The help desk's figures and charts over a period (coordinators)".into()
    }
    pub fn days_option() -> String {
        "How many days back from now (default 30)".into()
    }
    pub fn technician_option() -> String {
        "Only this technician's tickets".into()
    }
    pub fn faq() -> String {
        "The most frequent problems over a period, to decide which articles to write (coordinators)".into()
    }
    pub fn faq_days_option() -> String {
        "How many days back from now (default 90)".into()
    }

    // ----- the /stats embed -----

    pub fn title(days: i64, technician: Option<&str>) -> String {
        match technician {
            Some(t) => format!("Help desk figures: last {days} days, tickets of {t}"),
            None => format!("Help desk figures: last {days} days"),
        }
    }
    pub fn summary(opened: u64, resolved: u64, backlog: u64) -> String {
        format!("**{opened}** opened · **{resolved}** resolved · **{backlog}** open now")
    }
    pub fn backlog() -> String {
        "Backlog (open now)".into()
    }
    pub fn first_response() -> String {
        "First response".into()
    }
    pub fn resolution() -> String {
        "Resolution".into()
    }
    pub fn spread(s: Option<Spread>) -> String {
        match s {
            Some(s) => format!(
                "median {} · p90 {}\n{} tickets",
                human_duration(s.median),
                human_duration(s.p90),
                s.count
            ),
            None => "no tickets yet".into(),
        }
    }
    pub fn sla() -> String {
        "SLA compliance".into()
    }
    pub fn sla_value(percent: Option<f64>, met: u64, resolved: u64) -> String {
        match percent {
            Some(p) => format!("{p:.0}%\n{met} of {resolved} resolved on time"),
            None => "nothing resolved".into(),
        }
    }
    pub fn satisfaction() -> String {
        "Satisfaction".into()
    }
    pub fn satisfaction_value(average: Option<f64>, rate: Option<f64>, rated: u64) -> String {
        match (average, rate) {
            (Some(a), Some(r)) => format!("{a:.1} / 5\n{rated} ratings ({r:.0}% answered)"),
            _ => "no ratings yet".into(),
        }
    }
    pub fn deflections() -> String {
        "Self-service".into()
    }
    pub fn deflections_value(n: u64, rate: Option<f64>) -> String {
        match rate {
            Some(r) if n > 0 => format!("{n} solved by an article\n({r:.0}% of problems brought)"),
            _ => format!("{n} solved by an article"),
        }
    }
    pub fn technicians() -> String {
        "Technicians (open · resolved · satisfaction)".into()
    }
    pub fn technician_line(who: &str, open: u64, closures: u64, satisfaction: Option<f64>) -> String {
        match satisfaction {
            Some(s) => format!("{who}: {open} · {closures} · {s:.1}"),
            None => format!("{who}: {open} · {closures} · –"),
        }
    }
    pub fn none() -> String {
        "none".into()
    }
    pub fn categories() -> String {
        "Top categories (opened)".into()
    }
    pub fn footer() -> String {
        "Resolved = work finished in the period; SLA met = neither target breached. Percentiles are nearest-rank."
            .into()
    }
    pub fn chart_unavailable() -> String {
        "The chart could not be drawn this time; the figures are complete.".into()
    }

    // ----- /faq -----

    pub fn faq_title(days: i64) -> String {
        format!("Most frequent problems: last {days} days")
    }
    pub fn faq_empty(days: i64) -> String {
        format!("No ticket was resolved in the last {days} days: nothing to group yet.")
    }
    pub fn faq_group(category: &str, count: usize) -> String {
        format!("{category} · {count} tickets")
    }
    pub fn faq_examples() -> String {
        "Seen as".into()
    }
    pub fn faq_resolution(code: &str, count: usize) -> String {
        format!("Most common resolution: {code} ({count})")
    }
    pub fn faq_article(id: i64, title: &str) -> String {
        format!("Article **{id}**: {title}")
    }
    pub fn faq_no_article() -> String {
        "No article yet: worth writing one (`/kb new`, or `/kb promote` a ticket).".into()
    }
}

/// The storm summary: one message in a triage channel listing the new tickets still waiting for
/// their own post, when they arrive faster than the channel takes messages.
pub mod storm {
    /// `14 new:` before the list of numbers.
    pub fn headline(count: usize) -> String {
        format!("**{count} new:**")
    }
    /// A run of numbers: `#41–#54`, or `#41` alone.
    pub fn range(first: i64, last: i64) -> String {
        if first == last { format!("#{first}") } else { format!("#{first}–#{last}") }
    }
    /// After the numbers that fit: how many more there are (`, … and 3 more`).
    pub fn more(count: usize) -> String {
        format!(", … and {count} more")
    }
    /// `VPN ×11`.
    pub fn tally(name: &str, count: usize) -> String {
        format!("{name} ×{count}")
    }
    pub fn explain() -> String {
        "-# Each gets its own post as the channel allows; pick one below to claim it now.".into()
    }
    pub fn pick_placeholder() -> String {
        "Open or claim one…".into()
    }
    /// An option of the select: `#42: P2 · summary`.
    pub fn option(ticket: &str, priority: &str, summary: &str) -> String {
        format!("{ticket}: {priority} · {summary}")
    }
    /// The summary once every ticket of the storm has its own post.
    pub fn caught_up() -> String {
        "✅ Every new ticket has its own post now.".into()
    }
    /// The claimer's private confirmation after picking a ticket in the summary.
    pub fn claimed(ticket: &str) -> String {
        format!("You claimed {ticket}; its own post follows here as the channel allows.")
    }
    /// A pick in a summary that is not in a triage channel.
    pub fn not_in_triage() -> String {
        "This list works only in a triage channel.".into()
    }
}
