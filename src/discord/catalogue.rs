//! The message catalogue: every word deskbot says on Discord comes from here, in the reader's
//! language (English, Spanish, Italian or German).
//!
//! The words themselves are data: Fluent files under `locales/<lang>/` (`locales/en/deskbot.ftl` is
//! the reference; every other language has the same keys with the same placeholders, which a test
//! checks), compiled into the binary. Each text is still a function returning `String`, grouped by
//! audience, so the code that calls them reads as before; the function names its Fluent key and
//! passes the values as Fluent variables.
//!
//! Whose language: the one set for the work at hand with [`speaking`] (an async handler) or
//! [`in_lang`] (a synchronous rendering): the router sets the requester's for each interaction and
//! DM, the deliverer the recipient's for each notice (the requester's own, or the server's for
//! staff channels). Outside both, English.
//!
//! Conventions for the arguments:
//! - `ticket` is the display number, `#42` ([`Ticket::label`](crate::domain::Ticket::label));
//! - `who`, `by`, `to`, `role` are mentions already formatted (`<@id>`, `<@&id>`), see
//!   [`render::user`](super::render::user);
//! - free text from people (summaries, reasons, notes, replies) must already be made inert with
//!   [`text::plain`](crate::domain::text::plain) — [`render`](super::render) does this — and the
//!   caller fits the result to Discord's limits. Fluent's bidirectional isolation marks are off, so a
//!   value is inserted exactly as given (Discord would show the marks).

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use crate::domain::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Discord would show the invisible marks around each value.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

tokio::task_local! {
    /// The language of whoever reads what is being rendered.
    static READER: Lang;
}

/// The reader's language for the work at hand; English outside [`speaking`] and [`in_lang`].
pub fn lang() -> Lang {
    READER.try_with(|l| *l).unwrap_or_default()
}

/// A status inside a sentence ("… while it is in progress"): lowercase, except in German, whose
/// nouns keep their capital ("Status: In Bearbeitung").
fn status_in_sentence(status: crate::domain::Status) -> String {
    let label = labels::status(status);
    if lang() == Lang::De { label } else { label.to_lowercase() }
}

/// Runs `work` with every text of the catalogue in `lang`.
pub async fn speaking<F: Future>(lang: Lang, work: F) -> F::Output {
    READER.scope(lang, work).await
}

/// Renders with every text of the catalogue in `lang` (e.g. staff's language inside a requester's
/// interaction).
pub fn in_lang<R>(lang: Lang, render: impl FnOnce() -> R) -> R {
    READER.sync_scope(lang, render)
}

fn langid(lang: Lang) -> LanguageIdentifier {
    match lang {
        Lang::En => langid!("en"),
        Lang::Es => langid!("es"),
        Lang::It => langid!("it"),
        Lang::De => langid!("de"),
    }
}

/// A value for a Fluent variable.
pub trait Arg {
    fn arg(&self) -> FluentValue<'static>;
}

impl Arg for str {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::String(Cow::Owned(self.to_owned()))
    }
}

impl Arg for String {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::String(Cow::Owned(self.clone()))
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn arg(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i16, i32, i64, f64);

/// The text of `key` in `lang` with `args`; English when the language lacks it (the parity test
/// keeps that from shipping), the key itself when English does too.
pub fn tr_in(lang: Lang, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> =
        args.iter().map(|(name, value)| (Cow::Owned((*name).to_owned()), value.clone())).collect();
    LOCALES.try_lookup_with_args(&langid(lang), key, &args).unwrap_or_else(|| {
        tracing::error!(key, lang = %lang, "a message is missing from the catalogue");
        key.to_owned()
    })
}

/// The text of `key` in the reader's language.
fn tr(key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    tr_in(lang(), key, args)
}

/// How domain values read: statuses, impact, urgency, resolution codes.
pub mod labels {
    use super::tr;
    use crate::domain::{Impact, ResolutionCode, Status, Urgency};

    pub fn status(status: Status) -> String {
        tr(&format!("status-{}", status.as_str().replace('_', "-")), &[])
    }
    pub fn impact(impact: Impact) -> String {
        tr(&format!("impact-{}", impact.as_str().replace('_', "-")), &[])
    }
    pub fn urgency(urgency: Urgency) -> String {
        tr(&format!("urgency-{}", urgency.as_str().replace('_', "-")), &[])
    }
    pub fn resolution_code(code: ResolutionCode) -> String {
        tr(&format!("resolution-{}", code.as_str().replace('_', "-")), &[])
    }
    /// A choice as shown: the words of an impact or an urgency (the intake offers their stored
    /// words), any other choice as configured.
    pub fn choice(value: &str) -> String {
        if let Some(impact) = Impact::ALL.iter().find(|i| i.as_str() == value) {
            return self::impact(*impact);
        }
        if let Some(urgency) = Urgency::ALL.iter().find(|u| u.as_str() == value) {
            return self::urgency(*urgency);
        }
        value.to_owned()
    }
    /// The name of an intake field: the steps every intake asks by their key, a category's
    /// question as configured.
    pub fn field(label: &str) -> String {
        match label {
            "summary" | "category" | "description" | "impact" | "urgency" => {
                tr(&format!("field-{label}"), &[])
            }
            other => other.to_owned(),
        }
    }
    /// The prompt of a step every intake asks (`summary`, `category`, `description`, `impact`,
    /// `urgency`); `None` for a category's own question.
    pub fn prompt(key: &str) -> Option<String> {
        matches!(key, "summary" | "category" | "description" | "impact" | "urgency")
            .then(|| tr(&format!("prompt-{key}"), &[]))
    }
    /// The hint under a step every intake asks, when it has one.
    pub fn prompt_hint(key: &str) -> Option<String> {
        matches!(key, "summary" | "description" | "urgency").then(|| tr(&format!("prompt-{key}-hint"), &[]))
    }
    /// The `/ticket` modal label of a step every intake asks.
    pub fn modal_label(key: &str) -> Option<String> {
        matches!(key, "summary" | "description").then(|| tr(&format!("prompt-{key}-label"), &[]))
    }
}

/// The domain's refusals and problems, in the reader's words.
pub mod said {
    use super::{Arg, tr};
    use crate::domain::intake::Problem;
    use crate::domain::transition::Refusal;

    /// Why the ticket rules refused a change.
    pub fn refusal(r: &Refusal) -> String {
        let mention = |id: &i64| format!("<@{id}>");
        match r {
            Refusal::NotAllowed { who, action, ticket } => tr(
                "refusal-not-allowed",
                &[
                    ("who", tr(&format!("refusal-who-{}", who.code()), &[]).arg()),
                    ("action", tr(&format!("refusal-action-{}", action.code()), &[]).arg()),
                    ("ticket", ticket.arg()),
                ],
            ),
            Refusal::LevelRequired { level, action, ticket } => tr(
                "refusal-level-required",
                &[
                    ("level", level.get().arg()),
                    ("action", tr(&format!("refusal-action-{}", action.code()), &[]).arg()),
                    ("ticket", ticket.arg()),
                ],
            ),
            Refusal::WrongStatus { status, action, ticket } => tr(
                "refusal-wrong-status",
                &[
                    ("action", tr(&format!("refusal-action-{}", action.code()), &[]).arg()),
                    ("ticket", ticket.arg()),
                    ("status", super::status_in_sentence(*status).arg()),
                ],
            ),
            Refusal::AlreadyClaimed { ticket, by } => {
                tr("refusal-already-claimed", &[("ticket", ticket.arg()), ("by", mention(by).arg())])
            }
            Refusal::ClaimedCannotCancel { ticket, by } => {
                tr("refusal-claimed-cannot-cancel", &[("ticket", ticket.arg()), ("by", mention(by).arg())])
            }
            Refusal::AlreadyAssigned { ticket, technician } => tr(
                "refusal-already-assigned",
                &[("ticket", ticket.arg()), ("technician", mention(technician).arg())],
            ),
            Refusal::NotAtLevel { technician, level } => tr(
                "refusal-not-at-level",
                &[("technician", mention(technician).arg()), ("level", level.get().arg())],
            ),
            Refusal::TopLevel { ticket } => tr("refusal-top-level", &[("ticket", ticket.arg())]),
            Refusal::NotHigher { ticket, current } => {
                tr("refusal-not-higher", &[("ticket", ticket.arg()), ("current", current.get().arg())])
            }
            Refusal::ReasonTooShort { min } => tr("refusal-reason-too-short", &[("min", min.arg())]),
            Refusal::NotesTooShort { min } => tr("refusal-notes-too-short", &[("min", min.arg())]),
            Refusal::SamePriority { ticket, priority } => tr(
                "refusal-same-priority",
                &[("ticket", ticket.arg()), ("priority", priority.to_string().arg())],
            ),
            Refusal::ScoreOutOfRange { .. } => tr("refusal-score-out-of-range", &[]),
            Refusal::AlreadyRated { ticket } => tr("refusal-already-rated", &[("ticket", ticket.arg())]),
            Refusal::NotRatedYet { ticket } => tr("refusal-not-rated-yet", &[("ticket", ticket.arg())]),
        }
    }

    /// Why a note, reply, question, rating comment or watch was not taken.
    pub fn declined(d: &crate::service::Declined) -> String {
        use crate::service::Declined;
        match d {
            Declined::NotStaffNote => tr("declined-not-staff-note", &[]),
            Declined::EmptyQuestion => tr("declined-empty-question", &[]),
            Declined::AlreadyCommented => tr("declined-already-commented", &[]),
            Declined::NotStaffReply => tr("declined-not-staff-reply", &[]),
            Declined::NotYourTicket(ticket) => tr("declined-not-your-ticket", &[("ticket", ticket.arg())]),
            Declined::NotStaffWatch => tr("declined-not-staff-watch", &[]),
            Declined::EmptyMessage => tr("declined-empty-message", &[]),
        }
    }

    fn numbered(items: &[String]) -> String {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| format!("{}. {}", i + 1, super::labels::choice(item)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Why an intake answer was not accepted; says what to do.
    pub fn problem(p: &Problem) -> String {
        match p {
            Problem::Empty => tr("problem-empty", &[]),
            Problem::Required => tr("problem-required", &[]),
            Problem::TooLong { max, got } => {
                tr("problem-too-long", &[("max", max.arg()), ("got", got.arg())])
            }
            Problem::NotOneLine => tr("problem-not-one-line", &[]),
            Problem::NoMatch { hint: Some(hint) } => tr("problem-no-match-hint", &[("hint", hint.arg())]),
            Problem::NoMatch { hint: None } => tr("problem-no-match", &[]),
            Problem::NotAChoice { choices } => {
                tr("problem-not-a-choice", &[("choices", numbered(choices).arg())])
            }
            Problem::NothingBefore => tr("problem-nothing-before", &[]),
            Problem::AtReview => tr("problem-at-review", &[]),
            Problem::UnknownItem { items } => {
                let items: Vec<String> = items.iter().map(|i| super::labels::field(i)).collect();
                tr("problem-unknown-item", &[("items", numbered(&items).arg())])
            }
            Problem::Incomplete { missing } => {
                tr("problem-incomplete", &[("missing", super::labels::field(missing).arg())])
            }
            Problem::Cancelled => tr("problem-cancelled", &[]),
            Problem::InAnswer { question, problem: inner } => tr(
                "problem-in-answer",
                &[("question", super::labels::field(question).arg()), ("problem", problem(inner).arg())],
            ),
        }
    }
}

/// Labels of buttons and select menus (each ≤ 80 characters).
pub mod buttons {
    use super::{Arg, tr};
    pub fn claim() -> String {
        tr("buttons-claim", &[])
    }
    /// **Answer** on a free-text intake question: opens the form to type it in.
    pub fn answer() -> String {
        tr("buttons-answer", &[])
    }
    pub fn escalate() -> String {
        tr("buttons-escalate", &[])
    }
    pub fn resolve() -> String {
        tr("buttons-resolve", &[])
    }
    pub fn ask() -> String {
        tr("buttons-ask", &[])
    }
    pub fn add_comment() -> String {
        tr("buttons-add-comment", &[])
    }
    pub fn fixed() -> String {
        tr("buttons-fixed", &[])
    }
    pub fn still_broken() -> String {
        tr("buttons-still-broken", &[])
    }
    /// Cancel next to a ticket in `/mytickets`.
    pub fn cancel_ticket(ticket: &str) -> String {
        tr("buttons-cancel-ticket", &[("ticket", ticket.arg())])
    }
    pub fn previous_page() -> String {
        tr("buttons-previous-page", &[])
    }
    pub fn next_page() -> String {
        tr("buttons-next-page", &[])
    }
    pub fn submit() -> String {
        tr("buttons-submit", &[])
    }
    pub fn edit() -> String {
        tr("buttons-edit", &[])
    }
    pub fn cancel() -> String {
        tr("buttons-cancel", &[])
    }
    pub fn skip() -> String {
        tr("buttons-skip", &[])
    }
    pub fn rating_placeholder() -> String {
        tr("buttons-rating-placeholder", &[])
    }
    /// The label of the rating option `score` (1–5).
    pub fn rating(score: i16) -> String {
        let stars = "★".repeat(usize::try_from(score.clamp(0, 5)).unwrap_or(0));
        let words = tr(
            match score {
                1 => "buttons-rating-1",
                2 => "buttons-rating-2",
                3 => "buttons-rating-3",
                4 => "buttons-rating-4",
                _ => "buttons-rating-5",
            },
            &[],
        );
        tr("buttons-rating", &[("stars", stars.arg()), ("score", score.arg()), ("words", words.arg())])
    }
    pub fn category_placeholder() -> String {
        tr("buttons-category-placeholder", &[])
    }
    pub fn choice_placeholder() -> String {
        tr("buttons-choice-placeholder", &[])
    }
    /// The select of the review's answers that **Edit** shows.
    pub fn edit_placeholder() -> String {
        tr("buttons-edit-placeholder", &[])
    }
}

/// Direct messages to the requester about their own ticket.
pub mod requester {
    use super::{Arg, tr};
    pub fn opened(ticket: &str, summary: &str) -> String {
        tr("requester-opened", &[("ticket", ticket.arg()), ("summary", summary.arg())])
    }
    pub fn claimed(ticket: &str, summary: &str, by: &str) -> String {
        tr("requester-claimed", &[("by", by.arg()), ("ticket", ticket.arg()), ("summary", summary.arg())])
    }
    pub fn assigned(ticket: &str, summary: &str, to: &str) -> String {
        tr("requester-assigned", &[("ticket", ticket.arg()), ("summary", summary.arg()), ("to", to.arg())])
    }
    pub fn escalated(ticket: &str, summary: &str, level: u8, reason: &str) -> String {
        tr(
            "requester-escalated",
            &[
                ("ticket", ticket.arg()),
                ("summary", summary.arg()),
                ("level", level.arg()),
                ("reason", reason.arg()),
            ],
        )
    }
    pub fn waiting(ticket: &str, summary: &str, note: Option<&str>) -> String {
        match note {
            Some(note) => tr(
                "requester-waiting-some",
                &[("ticket", ticket.arg()), ("summary", summary.arg()), ("note", note.arg())],
            ),
            None => tr("requester-waiting-none", &[("ticket", ticket.arg()), ("summary", summary.arg())]),
        }
    }
    /// The one reminder of a question still unanswered; `resolve_in` is how long before the ticket
    /// is closed as "no response".
    pub fn waiting_reminder(ticket: &str, summary: &str, resolve_in: &str, note: Option<&str>) -> String {
        let head = tr(
            "requester-waiting-reminder",
            &[("ticket", ticket.arg()), ("summary", summary.arg()), ("resolve_in", resolve_in.arg())],
        );
        match note {
            Some(note) => {
                tr("requester-waiting-reminder-some", &[("head", head.arg()), ("note", note.arg())])
            }
            None => head,
        }
    }
    pub fn resumed(ticket: &str, summary: &str) -> String {
        tr("requester-resumed", &[("ticket", ticket.arg()), ("summary", summary.arg())])
    }
    pub fn resolved(ticket: &str, summary: &str, code: &str, notes: &str) -> String {
        tr(
            "requester-resolved",
            &[
                ("ticket", ticket.arg()),
                ("summary", summary.arg()),
                ("code", code.arg()),
                ("notes", notes.arg()),
            ],
        )
    }
    pub fn reopened(ticket: &str, summary: &str) -> String {
        tr("requester-reopened", &[("ticket", ticket.arg()), ("summary", summary.arg())])
    }
    pub fn closed(ticket: &str, summary: &str) -> String {
        tr("requester-closed", &[("ticket", ticket.arg()), ("summary", summary.arg())])
    }
    pub fn cancelled(ticket: &str, summary: &str, reason: Option<&str>) -> String {
        match reason {
            Some(reason) => tr(
                "requester-cancelled-some",
                &[("ticket", ticket.arg()), ("summary", summary.arg()), ("reason", reason.arg())],
            ),
            None => tr("requester-cancelled-none", &[("ticket", ticket.arg()), ("summary", summary.arg())]),
        }
    }
    pub fn priority_changed(ticket: &str, summary: &str, priority: &str, reason: &str) -> String {
        tr(
            "requester-priority-changed",
            &[
                ("ticket", ticket.arg()),
                ("summary", summary.arg()),
                ("priority", priority.arg()),
                ("reason", reason.arg()),
            ],
        )
    }
    pub fn reply(ticket: &str, from: &str, text: &str) -> String {
        tr("requester-reply", &[("from", from.arg()), ("ticket", ticket.arg()), ("text", text.arg())])
    }
    /// After **Fixed**.
    pub fn thanks_for_confirming(ticket: &str) -> String {
        tr("requester-thanks-for-confirming", &[("ticket", ticket.arg())])
    }
    /// After **Still broken**.
    pub fn reopened_by_you(ticket: &str) -> String {
        tr("requester-reopened-by-you", &[("ticket", ticket.arg())])
    }
    /// After a rating.
    pub fn thanks_for_rating(ticket: &str, score: i16) -> String {
        tr("requester-thanks-for-rating", &[("ticket", ticket.arg()), ("score", score.arg())])
    }
    pub fn thanks_for_comment(ticket: &str, score: i16) -> String {
        tr("requester-thanks-for-comment", &[("ticket", ticket.arg()), ("score", score.arg())])
    }
    /// A DM from the requester was added to their open ticket.
    pub fn message_relayed(ticket: &str) -> String {
        tr("requester-message-relayed", &[("ticket", ticket.arg())])
    }
    /// The requester has several open tickets and the relay cannot tell which one a DM is about.
    pub fn which_ticket(tickets: &str) -> String {
        tr("requester-which-ticket", &[("tickets", tickets.arg())])
    }
    /// After a relayed DM, when the requester has other open tickets.
    pub fn other_tickets_hint(others: &str, example: &str) -> String {
        tr("requester-other-tickets-hint", &[("others", others.arg()), ("example", example.arg())])
    }
    /// After a relayed DM: how to report something else.
    pub fn new_problem_hint() -> String {
        tr("requester-new-problem-hint", &[])
    }
    /// A DM starting with `#N` where N is not one of the requester's open tickets.
    pub fn not_an_open_ticket(ticket: &str, yours: &str) -> String {
        tr("requester-not-an-open-ticket", &[("ticket", ticket.arg()), ("yours", yours.arg())])
    }
    /// After cancelling from `/mytickets`.
    pub fn cancelled_by_you(ticket: &str) -> String {
        tr("requester-cancelled-by-you", &[("ticket", ticket.arg())])
    }
    pub fn my_tickets_title() -> String {
        tr("requester-my-tickets-title", &[])
    }
    pub fn my_tickets_empty() -> String {
        tr("requester-my-tickets-empty", &[])
    }
}

/// Third-person lines about a ticket: in its thread, in the coordinators' channel, and to watchers.
pub mod staff {
    use super::{Arg, tr};
    pub fn opened(summary: &str) -> String {
        tr("staff-opened", &[("summary", summary.arg())])
    }
    pub fn claimed(by: &str) -> String {
        tr("staff-claimed", &[("by", by.arg())])
    }
    pub fn assigned(to: &str) -> String {
        tr("staff-assigned", &[("to", to.arg())])
    }
    pub fn escalated(level: u8, reason: &str) -> String {
        tr("staff-escalated", &[("level", level.arg()), ("reason", reason.arg())])
    }
    pub fn waiting(note: Option<&str>) -> String {
        match note {
            Some(note) => tr("staff-waiting-some", &[("note", note.arg())]),
            None => tr("staff-waiting-none", &[]),
        }
    }
    pub fn resumed() -> String {
        tr("staff-resumed", &[])
    }
    pub fn resolved(code: &str, notes: &str) -> String {
        tr("staff-resolved", &[("code", code.arg()), ("notes", notes.arg())])
    }
    pub fn reopened() -> String {
        tr("staff-reopened", &[])
    }
    pub fn closed() -> String {
        tr("staff-closed", &[])
    }
    pub fn cancelled(reason: Option<&str>) -> String {
        match reason {
            Some(reason) => tr("staff-cancelled-some", &[("reason", reason.arg())]),
            None => tr("staff-cancelled-none", &[]),
        }
    }
    pub fn priority_changed(priority: &str, reason: &str) -> String {
        tr("staff-priority-changed", &[("priority", priority.arg()), ("reason", reason.arg())])
    }
    pub fn replied(from: &str, text: &str) -> String {
        tr("staff-replied", &[("from", from.arg()), ("text", text.arg())])
    }
    pub fn waiting_reminded() -> String {
        tr("staff-waiting-reminded", &[])
    }
    /// `line` about `ticket`, for the coordinators' channel.
    pub fn about(ticket: &str, line: &str) -> String {
        tr("staff-about", &[("ticket", ticket.arg()), ("line", line.arg())])
    }
    /// `line` about `ticket`, for someone who follows it (`/desk watch`).
    pub fn to_watcher(ticket: &str, summary: &str, line: &str) -> String {
        tr("staff-to-watcher", &[("ticket", ticket.arg()), ("summary", summary.arg()), ("line", line.arg())])
    }
    /// To the technician a coordinator assigned `ticket` to (`/assign`).
    /// `reason`: why it was given to them, when the assignment says.
    pub fn assigned_to_you(ticket: &str, summary: &str, reason: Option<&str>) -> String {
        let why = reason.map_or_else(String::new, |r| tr("staff-assigned-to-you", &[("r", r.arg())]));
        tr(
            "staff-assigned-to-you-2",
            &[("ticket", ticket.arg()), ("summary", summary.arg()), ("why", why.arg())],
        )
    }
    /// To the technician who held `ticket` before a coordinator gave it to `to`.
    pub fn reassigned_from_you(ticket: &str, summary: &str, to: &str) -> String {
        tr(
            "staff-reassigned-from-you",
            &[("ticket", ticket.arg()), ("summary", summary.arg()), ("to", to.arg())],
        )
    }
    /// `line` about `ticket`, for the technician who holds it.
    pub fn to_assignee(ticket: &str, summary: &str, line: &str) -> String {
        tr("staff-to-assignee", &[("ticket", ticket.arg()), ("summary", summary.arg()), ("line", line.arg())])
    }
}

/// Messages posted in a ticket's thread.
pub mod thread {
    use super::{Arg, tr};
    /// The requester's DM, relayed.
    pub fn requester_message(who: &str, text: &str) -> String {
        tr("thread-requester-message", &[("who", who.arg()), ("text", text.arg())])
    }
    /// The ping of a level's role after an escalation.
    pub fn level_ping(role: &str, ticket: &str, level: u8) -> String {
        tr("thread-level-ping", &[("role", role.arg()), ("ticket", ticket.arg()), ("level", level.arg())])
    }
    pub fn dms_closed(who: &str) -> String {
        tr("thread-dms-closed", &[("who", who.arg())])
    }
    pub fn delivery_failed(who: &str, reason: &str) -> String {
        tr("thread-delivery-failed", &[("who", who.arg()), ("reason", reason.arg())])
    }
    /// The first message of the thread.
    pub fn opening() -> String {
        tr("thread-opening", &[])
    }
    /// A staff reply sent to the requester, recorded in the thread.
    pub fn reply_sent(who: &str) -> String {
        tr("thread-reply-sent", &[("who", who.arg())])
    }
    pub fn note_recorded() -> String {
        tr("thread-note-recorded", &[])
    }
}

/// What the SLA sweeper says (warnings in the thread, breach alerts to the coordinators, the
/// requester's notice), and the coordinators' post of every P1 as it opens.
/// The coordinators' daily digest.
pub mod digest {
    use super::{Arg, tr};
    pub fn title(day: &str) -> String {
        tr("digest-title", &[("day", day.arg())])
    }
    pub fn summary(open: i64, unassigned: i64, breached: i64, opened: i64, resolved: i64) -> String {
        tr(
            "digest-summary",
            &[
                ("open", open.arg()),
                ("unassigned", unassigned.arg()),
                ("breached", breached.arg()),
                ("opened", opened.arg()),
                ("resolved", resolved.arg()),
            ],
        )
    }
    pub fn quiet() -> String {
        tr("digest-quiet", &[])
    }
    pub fn by_priority() -> String {
        tr("digest-by-priority", &[])
    }
    pub fn by_level() -> String {
        tr("digest-by-level", &[])
    }
    pub fn oldest() -> String {
        tr("digest-oldest", &[])
    }
    /// One priority or level: `P1: 3 (1 unassigned, 1 breached)`.
    pub fn count_line(name: &str, open: i64, unassigned: i64, breached: i64) -> String {
        let mut extra = Vec::new();
        if unassigned > 0 {
            extra.push(tr("digest-count-line", &[("unassigned", unassigned.arg())]));
        }
        if breached > 0 {
            extra.push(tr("digest-count-line-2", &[("breached", breached.arg())]));
        }
        if extra.is_empty() {
            tr("digest-count-line-3", &[("name", name.arg()), ("open", open.arg())])
        } else {
            let extra = extra.join(", ");
            tr("digest-count-line-4", &[("name", name.arg()), ("open", open.arg()), ("extra", extra.arg())])
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
        tr(
            "digest-oldest-line",
            &[
                ("ticket", ticket.arg()),
                ("priority", priority.arg()),
                ("status", status.arg()),
                ("holder", holder.arg()),
                ("opened", opened.arg()),
                ("summary", summary.arg()),
            ],
        )
    }
    pub fn nobody() -> String {
        tr("digest-nobody", &[])
    }
}

pub mod sla {
    use super::{Arg, tr};
    use crate::domain::sla::SlaKind;

    pub fn clock(kind: SlaKind) -> String {
        let key = match kind {
            SlaKind::FirstResponse => "sla-clock-first-response",
            SlaKind::Resolution => "sla-clock-resolution",
        };
        tr(key, &[])
    }
    /// A lateness in seconds, in the largest units that matter: `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`.
    pub fn late(secs: i64) -> String {
        let secs = secs.max(0);
        let (d, h, m) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
        match (d, h, m) {
            (0, 0, 0) => tr("sla-late-0", &[("secs", secs.arg())]),
            (0, 0, m) => tr("sla-late-0-2", &[("m", m.arg())]),
            (0, h, 0) => tr("sla-late-0-3", &[("h", h.arg())]),
            (0, h, m) => tr("sla-late-0-4", &[("h", h.arg()), ("m", m.arg())]),
            (d, 0, _) => tr("sla-late-0-5", &[("d", d.arg())]),
            (d, h, _) => tr("sla-late-0-6", &[("d", d.arg()), ("h", h.arg())]),
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
        let head = tr(
            "sla-low-rating",
            &[
                ("ticket", ticket.arg()),
                ("summary", summary.arg()),
                ("score", score.arg()),
                ("holder", holder.arg()),
            ],
        );
        match comment {
            Some(comment) => tr("sla-low-rating-some", &[("head", head.arg()), ("comment", comment.arg())]),
            None => head,
        }
    }
    /// Every P1 as it opens, in the coordinators' channel.
    pub fn opened(ticket: &str, priority: &str, summary: &str, requester: &str) -> String {
        tr(
            "sla-opened",
            &[
                ("priority", priority.arg()),
                ("ticket", ticket.arg()),
                ("summary", summary.arg()),
                ("requester", requester.arg()),
            ],
        )
    }
    /// Who holds a ticket nobody holds.
    pub fn nobody(level: u8) -> String {
        tr("sla-nobody", &[("level", level.arg())])
    }
    /// In the thread at 75 % of the window; `who` is the holder or the level's role.
    pub fn warning(who: &str, ticket: &str, clock: &str, when: &str) -> String {
        tr(
            "sla-warning",
            &[("who", who.arg()), ("ticket", ticket.arg()), ("clock", clock.arg()), ("when", when.arg())],
        )
    }
    /// In the thread at a resolution breach; `who` is the holder or the level's role.
    pub fn breached_in_thread(who: &str, ticket: &str, clock: &str, late: &str) -> String {
        tr(
            "sla-breached-in-thread",
            &[("who", who.arg()), ("ticket", ticket.arg()), ("clock", clock.arg()), ("late", late.arg())],
        )
    }
    /// The alert in the coordinators' channel.
    pub fn alert(ticket: &str, summary: &str, clock: &str, late: &str, holder: &str, level: u8) -> String {
        tr(
            "sla-alert",
            &[
                ("ticket", ticket.arg()),
                ("summary", summary.arg()),
                ("clock", clock.arg()),
                ("late", late.arg()),
                ("holder", holder.arg()),
                ("level", level.arg()),
            ],
        )
    }
    /// The third-person line, for watchers.
    pub fn breached_line(clock: &str, late: &str) -> String {
        tr("sla-breached-line", &[("clock", clock.arg()), ("late", late.arg())])
    }
    /// To the requester, when the breach did not raise the level (the escalation notice says so
    /// otherwise).
    pub fn requester_escalated(ticket: &str, summary: &str) -> String {
        tr("sla-requester-escalated", &[("ticket", ticket.arg()), ("summary", summary.arg())])
    }
}

/// The triage embed and the queue: field names and short values.
pub mod triage {
    use super::{Arg, tr};
    pub fn requester() -> String {
        tr("triage-requester", &[])
    }
    pub fn category() -> String {
        tr("triage-category", &[])
    }
    pub fn priority() -> String {
        tr("triage-priority", &[])
    }
    pub fn level() -> String {
        tr("triage-level", &[])
    }
    pub fn status() -> String {
        tr("triage-status", &[])
    }
    pub fn assignee() -> String {
        tr("triage-assignee", &[])
    }
    pub fn unassigned() -> String {
        tr("triage-unassigned", &[])
    }
    pub fn first_response_due() -> String {
        tr("triage-first-response-due", &[])
    }
    pub fn resolution_due() -> String {
        tr("triage-resolution-due", &[])
    }
    pub fn responded(when: &str) -> String {
        tr("triage-responded", &[("when", when.arg())])
    }
    pub fn breached(when: &str) -> String {
        tr("triage-breached", &[("when", when.arg())])
    }
    pub fn nearly_breached(when: &str) -> String {
        tr("triage-nearly-breached", &[("when", when.arg())])
    }
    pub fn paused(when: &str) -> String {
        tr("triage-paused", &[("when", when.arg())])
    }
    pub fn not_set() -> String {
        tr("triage-not-set", &[])
    }
    pub fn resolution() -> String {
        tr("triage-resolution", &[])
    }
    /// Value of an optional question the requester skipped.
    pub fn skipped() -> String {
        tr("triage-skipped", &[])
    }
    /// The last field when not every answer fits in the embed.
    pub fn more_answers_name() -> String {
        tr("triage-more-answers-name", &[])
    }
    pub fn more_answers(count: usize) -> String {
        tr("triage-more-answers", &[("count", count.arg())])
    }
    /// `priority` with how it was set: `P2 · My team × High`, or overridden.
    pub fn priority_value(priority: &str, impact: &str, urgency: &str, overridden: bool) -> String {
        if overridden {
            tr("triage-priority-value", &[("priority", priority.arg())])
        } else {
            tr(
                "triage-priority-value-2",
                &[("priority", priority.arg()), ("impact", impact.arg()), ("urgency", urgency.arg())],
            )
        }
    }
    pub fn level_value(level: u8) -> String {
        tr("triage-level-value", &[("level", level.arg())])
    }
}

/// The `/queue` listing.
pub mod queue {
    use super::{Arg, tr};
    pub fn title() -> String {
        tr("queue-title", &[])
    }
    pub fn title_filtered(filters: &str) -> String {
        tr("queue-title-filtered", &[("filters", filters.arg())])
    }
    pub fn empty() -> String {
        tr("queue-empty", &[])
    }
    pub fn page(page: u32, pages: u32, total: i64) -> String {
        tr("queue-page", &[("page", page.arg()), ("pages", pages.arg()), ("total", total.arg())])
    }
    pub fn unassigned() -> String {
        tr("queue-unassigned", &[])
    }
    pub fn nobody() -> String {
        tr("queue-nobody", &[])
    }
    pub fn due(when: &str) -> String {
        tr("queue-due", &[("when", when.arg())])
    }
    /// The filter words in the title.
    pub fn filter_status(status: &str) -> String {
        tr("queue-filter-status", &[("status", status.arg())])
    }
    pub fn filter_level(level: u8) -> String {
        tr("queue-filter-level", &[("level", level.arg())])
    }
    pub fn filter_assignee(who: &str) -> String {
        tr("queue-filter-assignee", &[("who", who.arg())])
    }
    pub fn filter_category(category: &str) -> String {
        tr("queue-filter-category", &[("category", category.arg())])
    }
}

/// `/desk show`: a ticket's audit trail as lines.
pub mod history {
    use super::{Arg, tr};
    use crate::domain::EventKind;

    pub fn title(ticket: &str, summary: &str) -> String {
        tr("history-title", &[("ticket", ticket.arg()), ("summary", summary.arg())])
    }
    pub fn empty() -> String {
        tr("history-empty", &[])
    }
    /// Shown first when the oldest lines do not fit.
    pub fn earlier_not_shown(count: usize) -> String {
        tr("history-earlier-not-shown", &[("count", count.arg())])
    }
    /// What happened, by whom (`who` is a mention or "deskbot"). `change` is `open → in progress`.
    pub fn line(when: &str, who: &str, what: &str, change: Option<&str>, note: Option<&str>) -> String {
        let mut line = tr("history-line", &[("when", when.arg()), ("who", who.arg()), ("what", what.arg())]);
        if let Some(change) = change {
            line.push_str(&tr("history-line-2", &[("change", change.arg())]));
        }
        if let Some(note) = note {
            line.push_str(&tr("history-line-3", &[("note", note.arg())]));
        }
        line
    }
    pub fn change(from: &str, to: &str) -> String {
        tr("history-change", &[("from", from.arg()), ("to", to.arg())])
    }
    pub fn system() -> String {
        tr("history-system", &[])
    }
    /// The word for an event kind.
    pub fn kind(kind: EventKind) -> String {
        let key = match kind {
            EventKind::Created => "history-kind-created",
            EventKind::Claimed => "history-kind-claimed",
            EventKind::Assigned => "history-kind-assigned",
            EventKind::Escalated => "history-kind-escalated",
            EventKind::Waiting => "history-kind-waiting",
            EventKind::Resumed => "history-kind-resumed",
            EventKind::Resolved => "history-kind-resolved",
            EventKind::Confirmed => "history-kind-confirmed",
            EventKind::Reopened => "history-kind-reopened",
            EventKind::Cancelled => "history-kind-cancelled",
            EventKind::Closed => "history-kind-closed",
            EventKind::PriorityChanged => "history-kind-priority-changed",
            EventKind::Rated => "history-kind-rated",
            EventKind::Note => "history-kind-note",
            EventKind::Reply => "history-kind-reply",
            EventKind::RequesterMessage => "history-kind-requester-message",
            EventKind::DeliveryFailed => "history-kind-delivery-failed",
            EventKind::WatchStarted => "history-kind-watch-started",
            EventKind::SlaWarning => "history-kind-sla-warning",
            EventKind::SlaBreached => "history-kind-sla-breached",
            EventKind::WaitingReminded => "history-kind-waiting-reminded",
            EventKind::RatingComment => "history-kind-rating-comment",
            EventKind::Linked => "history-kind-linked",
            EventKind::Unlinked => "history-kind-unlinked",
        };
        tr(key, &[])
    }
}

/// Ephemeral answers to staff and requesters: confirmations and refusals.
pub mod replies {
    use super::{Arg, tr};
    use std::fmt::Display;

    /// A refusal from the domain (`transition::Refusal` and the like already say why in words).
    pub fn refused(reason: &dyn Display) -> String {
        reason.to_string()
    }
    pub fn only_technicians_claim() -> String {
        tr("replies-only-technicians-claim", &[])
    }
    pub fn only_technicians() -> String {
        tr("replies-only-technicians", &[])
    }
    pub fn only_coordinators() -> String {
        tr("replies-only-coordinators", &[])
    }
    pub fn only_requester() -> String {
        tr("replies-only-requester", &[])
    }
    pub fn level_too_low(level: u8) -> String {
        tr("replies-level-too-low", &[("level", level.arg())])
    }
    pub fn already_claimed(ticket: &str, by: &str) -> String {
        tr("replies-already-claimed", &[("by", by.arg()), ("ticket", ticket.arg())])
    }
    pub fn claimed(ticket: &str) -> String {
        tr("replies-claimed", &[("ticket", ticket.arg())])
    }
    pub fn assigned(ticket: &str, to: &str) -> String {
        tr("replies-assigned", &[("ticket", ticket.arg()), ("to", to.arg())])
    }
    pub fn escalated(ticket: &str, level: u8) -> String {
        tr("replies-escalated", &[("ticket", ticket.arg()), ("level", level.arg())])
    }
    pub fn resolved(ticket: &str) -> String {
        tr("replies-resolved", &[("ticket", ticket.arg())])
    }
    pub fn asked(ticket: &str) -> String {
        tr("replies-asked", &[("ticket", ticket.arg())])
    }
    pub fn cancelled(ticket: &str) -> String {
        tr("replies-cancelled", &[("ticket", ticket.arg())])
    }
    pub fn priority_set(ticket: &str, priority: &str) -> String {
        tr("replies-priority-set", &[("ticket", ticket.arg()), ("priority", priority.arg())])
    }
    pub fn watching(ticket: &str) -> String {
        tr("replies-watching", &[("ticket", ticket.arg())])
    }
    pub fn already_watching(ticket: &str) -> String {
        tr("replies-already-watching", &[("ticket", ticket.arg())])
    }
    pub fn note_added(ticket: &str) -> String {
        tr("replies-note-added", &[("ticket", ticket.arg())])
    }
    pub fn reply_sent(ticket: &str) -> String {
        tr("replies-reply-sent", &[("ticket", ticket.arg())])
    }
    pub fn linked(ticket: &str, parent: &str) -> String {
        tr("replies-linked", &[("ticket", ticket.arg()), ("parent", parent.arg())])
    }
    pub fn not_in_a_ticket_thread() -> String {
        tr("replies-not-in-a-ticket-thread", &[])
    }
    pub fn no_such_ticket(ticket: &str) -> String {
        tr("replies-no-such-ticket", &[("ticket", ticket.arg())])
    }
    pub fn bad_ticket_number(text: &str) -> String {
        tr("replies-bad-ticket-number", &[("text", text.arg())])
    }
    pub fn highest_level() -> String {
        tr("replies-highest-level", &[])
    }
    /// A `/queue` button whose place in the list could not be read (from an older deskbot).
    pub fn queue_restarted() -> String {
        tr("replies-queue-restarted", &[])
    }
    /// A button from a deleted ticket, or from an older deskbot.
    pub fn expired_button() -> String {
        tr("replies-expired-button", &[])
    }
    pub fn text_too_short(what: &str, min: usize) -> String {
        tr("replies-text-too-short", &[("what", what.arg()), ("min", min.arg())])
    }
    pub fn unknown_resolution_code(codes: &str) -> String {
        tr("replies-unknown-resolution-code", &[("codes", codes.arg())])
    }
    /// After `/language`, in the language chosen.
    pub fn language_set() -> String {
        tr("language-set", &[])
    }
    pub fn not_here() -> String {
        tr("replies-not-here", &[])
    }
}

/// Asking for a ticket's details, in a modal or DM by DM.
pub mod intake {
    use super::{Arg, tr};
    pub fn welcome() -> String {
        tr("intake-welcome", &[])
    }
    pub fn suggested_category(category: &str) -> String {
        tr("intake-suggested-category", &[("category", category.arg())])
    }
    /// Frames a question from the intake engine: `Question 2 of 5`.
    pub fn question(step: usize, total: usize, question: &str, optional: bool) -> String {
        let hint = if optional { "\n*Optional: press Skip or reply `skip`.*" } else { "" };
        tr(
            "intake-question",
            &[
                ("step", step.arg()),
                ("total", total.arg()),
                ("question", question.arg()),
                ("hint", hint.arg()),
            ],
        )
    }
    /// Opens a DM conversation that starts with the summary question.
    pub fn greeting() -> String {
        tr("intake-greeting", &[])
    }
    /// Frames a question when the number of questions is not known yet (before the category).
    pub fn question_open(step: usize, question: &str, optional: bool) -> String {
        let hint = if optional { "\n*Optional: press Skip or reply `skip`.*" } else { "" };
        tr(
            "intake-question-open",
            &[("step", step.arg()), ("question", question.arg()), ("hint", hint.arg())],
        )
    }
    /// A question's configured hint (e.g. the form of an asset tag), under the question.
    pub fn hint(hint: &str) -> String {
        tr("intake-hint", &[("hint", hint.arg())])
    }
    /// The answer proposed for a choice: the classification's suggestion or the current answer.
    pub fn suggested_choice(choice: &str) -> String {
        tr("intake-suggested-choice", &[("choice", choice.arg())])
    }
    /// A free-text question asked again (after `back` or **Edit**): what was answered before.
    pub fn current_answer(answer: &str) -> String {
        tr("intake-current-answer", &[("answer", answer.arg())])
    }
    /// A click on the controls of an intake that has ended (or is not the clicker's).
    pub fn ended() -> String {
        tr("intake-ended", &[])
    }
    /// A click on the controls of a question that is no longer the current one.
    pub fn already_answered() -> String {
        tr("intake-already-answered", &[])
    }
    /// Above the select that **Edit** shows.
    pub fn edit_prompt() -> String {
        tr("intake-edit-prompt", &[])
    }
    /// Said with the first question.
    pub fn how_to_stop() -> String {
        tr("intake-how-to-stop", &[])
    }
    /// An answer the intake did not accept; `why` is the intake engine's own sentence, which says
    /// what to do.
    pub fn invalid_answer(why: &str) -> String {
        tr("intake-invalid-answer", &[("why", why.arg())])
    }
    pub fn never_send_passwords() -> String {
        tr("intake-never-send-passwords", &[])
    }
    pub fn secret_masked() -> String {
        tr("intake-secret-masked", &[])
    }
    pub fn review_title(summary: &str) -> String {
        tr("intake-review-title", &[("summary", summary.arg())])
    }
    pub fn review_hint() -> String {
        tr("intake-review-hint", &[])
    }
    pub fn review_priority(priority: &str) -> String {
        tr("intake-review-priority", &[("priority", priority.arg())])
    }
    pub fn submitted(ticket: &str) -> String {
        tr("intake-submitted", &[("ticket", ticket.arg())])
    }
    pub fn self_served() -> String {
        tr("intake-self-served", &[])
    }
    pub fn cancelled() -> String {
        tr("intake-cancelled", &[])
    }
    pub fn reminder() -> String {
        tr("intake-reminder", &[])
    }
    pub fn expired() -> String {
        tr("intake-expired", &[])
    }
    pub fn modal_title(category: &str) -> String {
        tr("intake-modal-title", &[("category", category.arg())])
    }
    pub fn modal_title_general() -> String {
        tr("intake-modal-title-general", &[])
    }
    pub fn answer_modal_title() -> String {
        tr("intake-answer-modal-title", &[])
    }
    pub fn summary_label() -> String {
        tr("intake-summary-label", &[])
    }
    pub fn summary_placeholder() -> String {
        tr("intake-summary-placeholder", &[])
    }
}

/// Modal titles and input labels (title and labels ≤ 45, placeholders ≤ 100 characters).
pub mod modals {
    use super::{Arg, tr};
    pub fn escalate_title(ticket: &str) -> String {
        tr("modals-escalate-title", &[("ticket", ticket.arg())])
    }
    pub fn escalate_reason_label() -> String {
        tr("modals-escalate-reason-label", &[])
    }
    pub fn escalate_reason_placeholder() -> String {
        tr("modals-escalate-reason-placeholder", &[])
    }
    pub fn resolve_title(ticket: &str) -> String {
        tr("modals-resolve-title", &[("ticket", ticket.arg())])
    }
    pub fn resolve_notes_label() -> String {
        tr("modals-resolve-notes-label", &[])
    }
    pub fn resolve_notes_placeholder() -> String {
        tr("modals-resolve-notes-placeholder", &[])
    }
    pub fn resolve_code_label() -> String {
        tr("modals-resolve-code-label", &[])
    }
    /// Lists the accepted code words (`codes`, comma-separated).
    pub fn resolve_code_placeholder(codes: &str) -> String {
        tr("modals-resolve-code-placeholder", &[("codes", codes.arg())])
    }
    pub fn reopen_title(ticket: &str) -> String {
        tr("modals-reopen-title", &[("ticket", ticket.arg())])
    }
    pub fn reopen_note_label() -> String {
        tr("modals-reopen-note-label", &[])
    }
    pub fn comment_title(ticket: &str) -> String {
        tr("modals-comment-title", &[("ticket", ticket.arg())])
    }
    pub fn comment_label() -> String {
        tr("modals-comment-label", &[])
    }
    pub fn ask_title(ticket: &str) -> String {
        tr("modals-ask-title", &[("ticket", ticket.arg())])
    }
    pub fn ask_question_label() -> String {
        tr("modals-ask-question-label", &[])
    }
    pub fn ask_question_placeholder() -> String {
        tr("modals-ask-question-placeholder", &[])
    }
}

/// What went wrong inside, said without the inside.
pub mod errors {
    use super::{Arg, tr};
    pub fn unexpected(ticket: Option<&str>) -> String {
        match ticket {
            Some(ticket) => tr("errors-unexpected-some", &[("ticket", ticket.arg())]),
            None => tr("errors-unexpected-none", &[]),
        }
    }
    pub fn busy() -> String {
        tr("errors-busy", &[])
    }
}

/// Slash command and option descriptions (each ≤ 100 characters).
pub mod commands {
    use super::{Arg, tr};
    pub fn ticket() -> String {
        tr("commands-ticket", &[])
    }
    pub fn ticket_summary() -> String {
        tr("commands-ticket-summary", &[])
    }
    pub fn ticket_category() -> String {
        tr("commands-ticket-category", &[])
    }
    pub fn mytickets() -> String {
        tr("commands-mytickets", &[])
    }
    pub fn queue() -> String {
        tr("commands-queue", &[])
    }
    pub fn queue_status() -> String {
        tr("commands-queue-status", &[])
    }
    pub fn queue_level() -> String {
        tr("commands-queue-level", &[])
    }
    pub fn queue_assignee() -> String {
        tr("commands-queue-assignee", &[])
    }
    pub fn queue_unassigned() -> String {
        tr("commands-queue-unassigned", &[])
    }
    pub fn queue_category() -> String {
        tr("commands-queue-category", &[])
    }
    pub fn escalate() -> String {
        tr("commands-escalate", &[])
    }
    pub fn escalate_level() -> String {
        tr("commands-escalate-level", &[])
    }
    pub fn escalate_reason() -> String {
        tr("commands-escalate-reason", &[])
    }
    pub fn assign() -> String {
        tr("commands-assign", &[])
    }
    pub fn assign_technician() -> String {
        tr("commands-assign-technician", &[])
    }
    pub fn assign_reason() -> String {
        tr("commands-assign-reason", &[])
    }
    pub fn reply() -> String {
        tr("commands-reply", &[])
    }
    pub fn reply_text() -> String {
        tr("commands-reply-text", &[])
    }
    pub fn ask() -> String {
        tr("commands-ask", &[])
    }
    pub fn ask_question() -> String {
        tr("commands-ask-question", &[])
    }
    pub fn desk() -> String {
        tr("commands-desk", &[])
    }
    pub fn desk_show() -> String {
        tr("commands-desk-show", &[])
    }
    pub fn desk_note() -> String {
        tr("commands-desk-note", &[])
    }
    pub fn desk_note_text() -> String {
        tr("commands-desk-note-text", &[])
    }
    pub fn desk_watch() -> String {
        tr("commands-desk-watch", &[])
    }
    pub fn desk_priority() -> String {
        tr("commands-desk-priority", &[])
    }
    pub fn desk_priority_value() -> String {
        tr("commands-desk-priority-value", &[])
    }
    pub fn desk_priority_reason() -> String {
        tr("commands-desk-priority-reason", &[])
    }
    pub fn desk_cancel() -> String {
        tr("commands-desk-cancel", &[])
    }
    pub fn desk_cancel_reason() -> String {
        tr("commands-desk-cancel-reason", &[])
    }
    pub fn desk_link() -> String {
        tr("commands-desk-link", &[])
    }
    pub fn desk_link_parent() -> String {
        tr("commands-desk-link-parent", &[])
    }
    pub fn language() -> String {
        tr("commands-language", &[])
    }
    pub fn language_option() -> String {
        tr("commands-language-option", &[])
    }
    pub fn level_choice(level: u8) -> String {
        tr("commands-level-choice", &[("level", level.arg())])
    }
    /// A command's, subcommand's or option's name in `lang` (Discord: lowercase, 1–32 letters,
    /// digits, `-` or `_`); `None` when the catalogue has no valid one.
    pub fn name_in(lang: crate::domain::Lang, name: &str) -> Option<String> {
        let words = super::tr_in(lang, &format!("name-{name}"), &[]);
        let words = words.trim().to_lowercase().replace(' ', "-");
        let valid = (1..=32).contains(&words.chars().count())
            && words.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        valid.then_some(words)
    }
    /// The `ticket` option shared by most commands.
    pub fn ticket_number() -> String {
        tr("commands-ticket-number", &[])
    }
}

/// Answers to clicks and commands that cannot be acted on: the database is out of reach, or a
/// button was clicked somewhere it was not made for (each refusal is ephemeral and changes nothing).
pub mod refusals {
    use super::{Arg, tr};
    /// The database cannot be reached; nothing was changed.
    pub fn database_unavailable() -> String {
        tr("refusals-database-unavailable", &[])
    }
    /// A Claim, Escalate or Resolve button that is not on the ticket's triage message.
    pub fn not_the_triage_message(ticket: &str) -> String {
        tr("refusals-not-the-triage-message", &[("ticket", ticket.arg())])
    }
    /// A Fixed, Still broken or rating control that is not in the requester's DM about the ticket.
    pub fn not_the_requesters_dm(ticket: &str) -> String {
        tr("refusals-not-the-requesters-dm", &[("ticket", ticket.arg())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::{
        BUTTON_LABEL_MAX, COMMAND_DESCRIPTION_MAX, SELECT_OPTION_TEXT_MAX, SELECT_PLACEHOLDER_MAX,
        TEXT_INPUT_LABEL_MAX, TEXT_INPUT_PLACEHOLDER_MAX, char_count,
    };

    /// Every `.ftl` message of `lang`, with the Fluent variables it uses; fails on a file Fluent
    /// cannot parse.
    fn messages_of(lang: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        use fluent_templates::fluent_bundle::FluentResource;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
        let key = regex::Regex::new(r"^([a-z][a-z0-9-]*)[ \t]*=").unwrap_or_else(|e| panic!("{e}"));
        let variable = regex::Regex::new(r"\{\s*\$([A-Za-z0-9_-]+)").unwrap_or_else(|e| panic!("{e}"));
        let mut messages = std::collections::BTreeMap::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no .ftl file in {}", dir.display());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if let Err((_, errors)) = FluentResource::try_new(text.clone()) {
                panic!("{} does not parse: {errors:?}", file.display());
            }
            let mut current: Option<String> = None;
            for line in text.lines() {
                if let Some(caps) = key.captures(line) {
                    let name = caps[1].to_owned();
                    assert!(!messages.contains_key(&name), "{}: {name} is defined twice", file.display());
                    messages.insert(name.clone(), std::collections::BTreeSet::new());
                    current = Some(name);
                } else if !line.starts_with([' ', '\t']) {
                    current = None;
                    continue;
                }
                if let Some(vars) = current.as_ref().and_then(|c| messages.get_mut(c)) {
                    vars.extend(variable.captures_iter(line).map(|c| c[1].to_owned()));
                }
            }
        }
        messages
    }

    /// A translation that lacks a message, has one English does not, or uses other placeholders
    /// would show English, nothing, or a raw `{ $name }` to someone.
    #[test]
    fn a_status_inside_a_refusal_is_lowercase_except_in_german() {
        use crate::domain::Status;
        use crate::domain::transition::{Refusal, Verb};
        let refusal = Refusal::WrongStatus {
            status: Status::InProgress,
            action: Verb::Claim,
            ticket: "#42".to_owned(),
        };
        let english = in_lang(Lang::En, || said::refusal(&refusal));
        assert!(english.contains("in progress"), "{english}");
        let german = in_lang(Lang::De, || said::refusal(&refusal));
        assert!(german.contains("Status: In Bearbeitung"), "{german}");
    }

    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        let english = messages_of("en");
        assert!(english.len() > 400, "{} English messages", english.len());
        let mut problems = Vec::new();
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let theirs = messages_of(lang.code());
            for (key, vars) in &english {
                match theirs.get(key) {
                    None => problems.push(format!("{lang}: {key} is missing")),
                    Some(v) if v != vars => {
                        problems.push(format!("{lang}: {key} uses {v:?}, English uses {vars:?}"))
                    }
                    Some(_) => {}
                }
            }
            problems.extend(
                theirs
                    .keys()
                    .filter(|k| !english.contains_key(*k))
                    .map(|k| format!("{lang}: {k} is not in English")),
            );
        }
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }

    /// Discord refuses a registration whose localised command or option name is not lowercase
    /// letters, digits, `-` or `_`.
    #[test]
    fn every_command_name_is_a_valid_discord_name_in_every_language() {
        for (key, _) in messages_of("en").into_iter().filter(|(k, _)| k.starts_with("name-")) {
            let name = key.trim_start_matches("name-");
            for lang in Lang::ALL {
                let words = tr_in(lang, &key, &[]);
                assert_eq!(
                    commands::name_in(lang, name).as_deref(),
                    Some(words.trim()),
                    "{lang}: {key} = {words:?}"
                );
            }
        }
    }

    #[test]
    fn each_language_is_spoken_and_unknown_ones_read_as_english() {
        assert_eq!(in_lang(Lang::En, buttons::claim), "Claim");
        for lang in [Lang::Es, Lang::It, Lang::De] {
            assert_ne!(in_lang(lang, buttons::claim), "Claim", "{lang}");
            assert_ne!(in_lang(lang, || requester::opened("#42", "VPN")), requester::opened("#42", "VPN"));
        }
        assert_eq!(in_lang(Lang::from_discord("ja"), buttons::claim), "Claim");
        // Values are inserted as given: no bidirectional isolation marks around them.
        let opened = requester::opened("#42", "VPN");
        assert!(opened.contains("**#42**") && !opened.contains('\u{2068}') && !opened.contains('\u{2069}'));
    }

    #[test]
    fn command_descriptions_fit_discord_in_every_language() {
        for lang in Lang::ALL {
            in_lang(lang, command_descriptions_fit_discord);
        }
    }

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
    fn fixed_labels_fit_their_limits_in_every_language() {
        for lang in Lang::ALL {
            in_lang(lang, fixed_labels_fit_their_limits);
        }
    }

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
    use super::{Arg, tr};
    use crate::domain::assign::Duty;
    use crate::service::assign::AssignRefusal;

    // ----- commands -----

    pub fn duty() -> String {
        tr("assign-duty", &[])
    }
    pub fn duty_on() -> String {
        tr("assign-duty-on", &[])
    }
    pub fn duty_off() -> String {
        tr("assign-duty-off", &[])
    }
    pub fn desk_skills() -> String {
        tr("assign-desk-skills", &[])
    }
    pub fn desk_skills_technician() -> String {
        tr("assign-desk-skills-technician", &[])
    }
    pub fn desk_skills_skills() -> String {
        tr("assign-desk-skills-skills", &[])
    }
    pub fn desk_skills_level() -> String {
        tr("assign-desk-skills-level", &[])
    }
    pub fn technician_optional() -> String {
        tr("assign-technician-optional", &[])
    }
    pub fn confirm() -> String {
        tr("assign-confirm", &[])
    }

    // ----- refusals -----

    pub fn refusal(r: &AssignRefusal) -> String {
        match r {
            AssignRefusal::NotCoordinator => tr("assign-refusal-not-coordinator", &[]),
            AssignRefusal::NotTechnician { user } => {
                tr("assign-refusal-not-technician", &[("user", user.arg())])
            }
            AssignRefusal::NotTechnicianSelf => tr("assign-refusal-not-technician-self", &[]),
            AssignRefusal::UnknownSkills { unknown, known } if unknown.is_empty() => {
                let known = known.join(", ");
                tr("assign-refusal-unknown-skills", &[("known", known.arg())])
            }
            AssignRefusal::UnknownSkills { unknown, known } => {
                let (count, unknown, known) = (unknown.len(), unknown.join(", "), known.join(", "));
                tr(
                    "assign-refusal-unknown-skills-2",
                    &[("unknown", unknown.arg()), ("count", count.arg()), ("known", known.arg())],
                )
            }
            AssignRefusal::Stale { ticket } => tr("assign-refusal-stale", &[("ticket", ticket.arg())]),
            AssignRefusal::SuggestionChanged { ticket } => {
                tr("assign-refusal-suggestion-changed", &[("ticket", ticket.arg())])
            }
        }
    }

    // ----- the suggestion -----

    /// How a technician's duty reads after "they are …" / in a list.
    pub fn duty_word(duty: Duty) -> String {
        let key = match duty {
            Duty::SaidOn => "assign-duty-said-on",
            Duty::InShift => "assign-duty-in-shift",
            Duty::SaidOff => "assign-duty-said-off",
            Duty::OutOfShift => "assign-duty-out-of-shift",
            Duty::NeverOn => "assign-duty-never-on",
        };
        tr(key, &[])
    }
    pub fn suggested(ticket: &str, category: &str, level: u8, priority: &str, who: &str) -> String {
        tr(
            "assign-suggested",
            &[
                ("ticket", ticket.arg()),
                ("category", category.arg()),
                ("level", level.arg()),
                ("priority", priority.arg()),
                ("who", who.arg()),
            ],
        )
    }
    pub fn load(load: u32, active: u32) -> String {
        tr("assign-load", &[("load", load.arg()), ("active", active.arg())])
    }
    pub fn why(duty: &str, category: &str, level: u8, load: &str, comparison: &str) -> String {
        tr(
            "assign-why",
            &[
                ("duty", duty.arg()),
                ("category", category.arg()),
                ("level", level.arg()),
                ("load", load.arg()),
                ("comparison", comparison.arg()),
            ],
        )
    }
    pub fn only_one() -> String {
        tr("assign-only-one", &[])
    }
    pub fn lightest() -> String {
        tr("assign-lightest", &[])
    }
    pub fn tie_won() -> String {
        tr("assign-tie-won", &[])
    }
    pub fn passed_over() -> String {
        tr("assign-passed-over", &[])
    }
    pub fn holds() -> String {
        tr("assign-holds", &[])
    }
    pub fn no_skill(category: &str) -> String {
        tr("assign-no-skill", &[("category", category.arg())])
    }
    pub fn level_too_low(level: u8, needed: u8) -> String {
        tr("assign-level-too-low", &[("level", level.arg()), ("needed", needed.arg())])
    }
    pub fn busier(load: &str) -> String {
        tr("assign-busier", &[("load", load.arg())])
    }
    pub fn lost_tie(load: &str, level: u8) -> String {
        tr("assign-lost-tie", &[("load", load.arg()), ("level", level.arg())])
    }
    pub fn item(who: &str, why: &str) -> String {
        tr("assign-item", &[("who", who.arg()), ("why", why.arg())])
    }
    pub fn confirm_hint() -> String {
        tr("assign-confirm-hint", &[])
    }
    pub fn nobody(ticket: &str, category: &str, level: u8) -> String {
        tr("assign-nobody", &[("ticket", ticket.arg()), ("category", category.arg()), ("level", level.arg())])
    }
    pub fn nobody_hint(number: &str) -> String {
        tr("assign-nobody-hint", &[("number", number.arg())])
    }
    pub fn no_technicians(ticket: &str) -> String {
        tr("assign-no-technicians", &[("ticket", ticket.arg())])
    }
    pub fn confirmed(ticket: &str, who: &str) -> String {
        tr("assign-confirmed", &[("ticket", ticket.arg()), ("who", who.arg())])
    }

    // ----- /desk skills and /duty -----

    pub fn skills_set(who: &str, skills: &str, level: u8) -> String {
        tr("assign-skills-set", &[("who", who.arg()), ("skills", skills.arg()), ("level", level.arg())])
    }
    pub fn on_duty(skills: &str, level: u8) -> String {
        tr("assign-on-duty", &[("skills", skills.arg()), ("level", level.arg())])
    }
    pub fn on_duty_without_skills() -> String {
        tr("assign-on-duty-without-skills", &[])
    }
    pub fn off_duty() -> String {
        tr("assign-off-duty", &[])
    }
    pub fn until(when: &str) -> String {
        tr("assign-until", &[("when", when.arg())])
    }
}

/// The knowledge base: `/kb`, its modal, the articles offered at the intake review and the
/// technicians' hint in a new ticket's thread.
pub mod kb {
    use super::{Arg, tr};
    use crate::domain::article::{ArticleProblem, STEPS_MAX_CHARS, SYMPTOMS_MAX_CHARS, TITLE_MAX_CHARS};
    use crate::service::kb::KbRefusal;

    // ----- commands -----

    pub fn command() -> String {
        tr("kb-command", &[])
    }
    pub fn search() -> String {
        tr("kb-search", &[])
    }
    pub fn query_option() -> String {
        tr("kb-query-option", &[])
    }
    pub fn new() -> String {
        tr("kb-new", &[])
    }
    pub fn edit() -> String {
        tr("kb-edit", &[])
    }
    pub fn retire() -> String {
        tr("kb-retire", &[])
    }
    pub fn list() -> String {
        tr("kb-list", &[])
    }
    pub fn list_category() -> String {
        tr("kb-list-category", &[])
    }
    pub fn promote() -> String {
        tr("kb-promote", &[])
    }
    pub fn article_option() -> String {
        tr("kb-article-option", &[])
    }

    // ----- the modal -----

    pub fn new_title() -> String {
        tr("kb-new-title", &[])
    }
    pub fn edit_title(id: i64) -> String {
        tr("kb-edit-title", &[("id", id.arg())])
    }
    pub fn promote_title(ticket: &str) -> String {
        tr("kb-promote-title", &[("ticket", ticket.arg())])
    }
    pub fn title_label() -> String {
        tr("kb-title-label", &[])
    }
    pub fn symptoms_label() -> String {
        tr("kb-symptoms-label", &[])
    }
    pub fn steps_label() -> String {
        tr("kb-steps-label", &[])
    }
    pub fn category_label() -> String {
        tr("kb-category-label", &[])
    }
    pub fn tags_label() -> String {
        tr("kb-tags-label", &[])
    }
    pub fn category_placeholder(keys: &str) -> String {
        tr("kb-category-placeholder", &[("keys", keys.arg())])
    }

    // ----- answers -----

    pub fn created(id: i64, title: &str) -> String {
        tr("kb-created", &[("id", id.arg()), ("title", title.arg())])
    }
    pub fn edited(id: i64, title: &str) -> String {
        tr("kb-edited", &[("id", id.arg()), ("title", title.arg())])
    }
    pub fn retired(id: i64, title: &str) -> String {
        tr("kb-retired", &[("id", id.arg()), ("title", title.arg())])
    }
    pub fn results(query: &str) -> String {
        tr("kb-results", &[("query", query.arg())])
    }
    pub fn no_results(query: &str) -> String {
        tr("kb-no-results", &[("query", query.arg())])
    }
    pub fn list_title() -> String {
        tr("kb-list-title", &[])
    }
    pub fn list_empty() -> String {
        tr("kb-list-empty", &[])
    }
    pub fn article_name(id: i64, title: &str) -> String {
        tr("kb-article-name", &[("id", id.arg()), ("title", title.arg())])
    }
    pub fn list_line(id: i64, title: &str, category: &str) -> String {
        tr("kb-list-line", &[("id", id.arg()), ("title", title.arg()), ("category", category.arg())])
    }

    pub fn refusal(r: &KbRefusal) -> String {
        match r {
            KbRefusal::NotStaff => tr("kb-refusal-not-staff", &[]),
            KbRefusal::NoSuchArticle(id) => tr("kb-refusal-no-such-article", &[("id", id.arg())]),
            KbRefusal::Retired(id) => tr("kb-refusal-retired", &[("id", id.arg())]),
            KbRefusal::Invalid(p) => problem(*p),
            KbRefusal::EmptyQuery => tr("kb-refusal-empty-query", &[]),
            KbRefusal::NotClosed(ticket) => tr("kb-refusal-not-closed", &[("ticket", ticket.arg())]),
        }
    }

    pub fn problem(p: ArticleProblem) -> String {
        match p {
            ArticleProblem::NoTitle => tr("kb-problem-no-title", &[]),
            ArticleProblem::TitleTooLong => {
                tr("kb-problem-title-too-long", &[("TITLE_MAX_CHARS", TITLE_MAX_CHARS.arg())])
            }
            ArticleProblem::NoSymptoms => tr("kb-problem-no-symptoms", &[]),
            ArticleProblem::SymptomsTooLong => {
                tr("kb-problem-symptoms-too-long", &[("SYMPTOMS_MAX_CHARS", SYMPTOMS_MAX_CHARS.arg())])
            }
            ArticleProblem::NoSteps => tr("kb-problem-no-steps", &[]),
            ArticleProblem::StepsTooLong => {
                tr("kb-problem-steps-too-long", &[("STEPS_MAX_CHARS", STEPS_MAX_CHARS.arg())])
            }
            ArticleProblem::UnknownCategory => tr("kb-problem-unknown-category", &[]),
            ArticleProblem::TooManyTags => tr("kb-problem-too-many-tags", &[]),
        }
    }

    // ----- at the intake review -----

    pub fn offered_intro() -> String {
        tr("kb-offered-intro", &[])
    }
    pub fn this_fixed_it(n: usize) -> String {
        tr("kb-this-fixed-it", &[("n", n.arg())])
    }
    pub fn not_this() -> String {
        tr("kb-not-this", &[])
    }

    // ----- the technicians' hint -----

    pub fn hint_title() -> String {
        tr("kb-hint-title", &[])
    }
    pub fn hint_tickets() -> String {
        tr("kb-hint-tickets", &[])
    }
    pub fn hint_ticket(ticket: &str, code: Option<&str>, notes: &str) -> String {
        match code {
            Some(code) => tr(
                "kb-hint-ticket-some",
                &[("ticket", ticket.arg()), ("code", code.arg()), ("notes", notes.arg())],
            ),
            None => tr("kb-hint-ticket-none", &[("ticket", ticket.arg()), ("notes", notes.arg())]),
        }
    }
    pub fn hint_articles() -> String {
        tr("kb-hint-articles", &[])
    }
    pub fn hint_article(id: i64, title: &str) -> String {
        tr("kb-hint-article", &[("id", id.arg()), ("title", title.arg())])
    }
}

/// Major incidents: `/desk link` and `/desk unlink`, the known problem offered at the intake review,
/// the incident in triage and `/queue`.
pub mod incident {
    use super::{Arg, tr};
    use crate::domain::incident::LinkRefusal;

    pub fn link_description() -> String {
        tr("incident-link-description", &[])
    }
    pub fn unlink_description() -> String {
        tr("incident-unlink-description", &[])
    }
    pub fn parent_option() -> String {
        tr("incident-parent-option", &[])
    }
    pub fn reason_option() -> String {
        tr("incident-reason-option", &[])
    }
    pub fn linked(child: &str, parent: &str) -> String {
        tr("incident-linked", &[("child", child.arg()), ("parent", parent.arg())])
    }
    pub fn unlinked(child: &str) -> String {
        tr("incident-unlinked", &[("child", child.arg())])
    }
    /// The line in the incident's thread when a ticket joins it.
    pub fn child_joined(child: &str, requester: &str) -> String {
        tr("incident-child-joined", &[("child", child.arg()), ("requester", requester.arg())])
    }
    pub fn child_left(child: &str) -> String {
        tr("incident-child-left", &[("child", child.arg())])
    }
    /// The triage field of a child and of a parent.
    pub fn field() -> String {
        tr("incident-field", &[])
    }
    pub fn part_of(parent: &str) -> String {
        tr("incident-part-of", &[("parent", parent.arg())])
    }
    pub fn affected(count: usize) -> String {
        tr("incident-affected", &[("count", count.arg())])
    }
    /// After a child's line in `/queue`.
    pub fn queue_part_of(parent: &str) -> String {
        tr("incident-queue-part-of", &[("parent", parent.arg())])
    }
    pub fn queue_affected(count: usize) -> String {
        tr("incident-queue-affected", &[("count", count.arg())])
    }

    // ----- the known problem at the intake review -----

    pub fn known_problem(ticket: &str, summary: &str) -> String {
        tr("incident-known-problem", &[("ticket", ticket.arg()), ("summary", summary.arg())])
    }
    pub fn add_me() -> String {
        tr("incident-add-me", &[])
    }
    pub fn not_this() -> String {
        tr("incident-not-this", &[])
    }
    pub fn joined(ticket: &str, parent: &str) -> String {
        tr("incident-joined", &[("ticket", ticket.arg()), ("parent", parent.arg())])
    }

    pub fn refusal(r: &LinkRefusal) -> String {
        match r {
            LinkRefusal::NotStaff => tr("incident-refusal-not-staff", &[]),
            LinkRefusal::ToItself { ticket } => tr("incident-refusal-to-itself", &[("ticket", ticket.arg())]),
            LinkRefusal::OtherGuild => tr("incident-refusal-other-guild", &[]),
            LinkRefusal::Cycle { child, parent } => {
                tr("incident-refusal-cycle", &[("parent", parent.arg()), ("child", child.arg())])
            }
            LinkRefusal::ParentIsChild { parent, of } => {
                tr("incident-refusal-parent-is-child", &[("parent", parent.arg()), ("of", of.arg())])
            }
            LinkRefusal::HasChildren { child, count } => {
                tr("incident-refusal-has-children", &[("child", child.arg()), ("count", count.arg())])
            }
            LinkRefusal::ParentNotActive { parent, status } => {
                let status = super::status_in_sentence(*status);
                tr(
                    "incident-refusal-parent-not-active",
                    &[("parent", parent.arg()), ("status", status.arg())],
                )
            }
            LinkRefusal::ChildNotActive { child, status } => {
                let status = super::status_in_sentence(*status);
                tr("incident-refusal-child-not-active", &[("child", child.arg()), ("status", status.arg())])
            }
            LinkRefusal::AlreadyLinked { child, parent } => {
                tr("incident-refusal-already-linked", &[("child", child.arg()), ("parent", parent.arg())])
            }
            LinkRefusal::NotLinked { ticket } => {
                tr("incident-refusal-not-linked", &[("ticket", ticket.arg())])
            }
        }
    }
}

/// `/stats` and `/faq`: the coordinators' figures.
pub mod stats {
    use super::{Arg, tr};
    use crate::domain::stats::{Spread, human_duration};

    // ----- commands -----

    pub fn command() -> String {
        tr("stats-command", &[])
    }
    pub fn days_option() -> String {
        tr("stats-days-option", &[])
    }
    pub fn technician_option() -> String {
        tr("stats-technician-option", &[])
    }
    pub fn faq() -> String {
        tr("stats-faq", &[])
    }
    pub fn faq_days_option() -> String {
        tr("stats-faq-days-option", &[])
    }

    // ----- the /stats embed -----

    pub fn title(days: i64, technician: Option<&str>) -> String {
        match technician {
            Some(t) => tr("stats-title-some", &[("days", days.arg()), ("t", t.arg())]),
            None => tr("stats-title-none", &[("days", days.arg())]),
        }
    }
    pub fn summary(opened: u64, resolved: u64, backlog: u64) -> String {
        tr(
            "stats-summary",
            &[("opened", opened.arg()), ("resolved", resolved.arg()), ("backlog", backlog.arg())],
        )
    }
    pub fn backlog() -> String {
        tr("stats-backlog", &[])
    }
    pub fn first_response() -> String {
        tr("stats-first-response", &[])
    }
    pub fn resolution() -> String {
        tr("stats-resolution", &[])
    }
    pub fn spread(s: Option<Spread>) -> String {
        match s {
            Some(s) => {
                let (median, p90, count) = (human_duration(s.median), human_duration(s.p90), s.count);
                tr(
                    "stats-spread-some",
                    &[("median", median.arg()), ("p90", p90.arg()), ("count", count.arg())],
                )
            }
            None => tr("stats-spread-none", &[]),
        }
    }
    pub fn sla() -> String {
        tr("stats-sla", &[])
    }
    pub fn sla_value(percent: Option<f64>, met: u64, resolved: u64) -> String {
        match percent {
            Some(p) => tr(
                "stats-sla-value-some",
                &[("p", format!("{p:.0}").arg()), ("met", met.arg()), ("resolved", resolved.arg())],
            ),
            None => tr("stats-sla-value-none", &[]),
        }
    }
    pub fn satisfaction() -> String {
        tr("stats-satisfaction", &[])
    }
    pub fn satisfaction_value(average: Option<f64>, rate: Option<f64>, rated: u64) -> String {
        match (average, rate) {
            (Some(a), Some(r)) => tr(
                "stats-satisfaction-value-some",
                &[("a", format!("{a:.1}").arg()), ("rated", rated.arg()), ("r", format!("{r:.0}").arg())],
            ),
            _ => tr("stats-satisfaction-value-some-2", &[]),
        }
    }
    pub fn deflections() -> String {
        tr("stats-deflections", &[])
    }
    pub fn deflections_value(n: u64, rate: Option<f64>) -> String {
        match rate {
            Some(r) if n > 0 => {
                tr("stats-deflections-value-some", &[("n", n.arg()), ("r", format!("{r:.0}").arg())])
            }
            _ => tr("stats-deflections-value-some-2", &[("n", n.arg())]),
        }
    }
    pub fn technicians() -> String {
        tr("stats-technicians", &[])
    }
    pub fn technician_line(who: &str, open: u64, closures: u64, satisfaction: Option<f64>) -> String {
        match satisfaction {
            Some(s) => tr(
                "stats-technician-line-some",
                &[
                    ("who", who.arg()),
                    ("open", open.arg()),
                    ("closures", closures.arg()),
                    ("s", format!("{s:.1}").arg()),
                ],
            ),
            None => tr(
                "stats-technician-line-none",
                &[("who", who.arg()), ("open", open.arg()), ("closures", closures.arg())],
            ),
        }
    }
    pub fn none() -> String {
        tr("stats-none", &[])
    }
    pub fn categories() -> String {
        tr("stats-categories", &[])
    }
    pub fn footer() -> String {
        tr("stats-footer", &[])
    }
    /// The words drawn on the `/stats` chart.
    pub fn chart_words() -> crate::service::chart::ChartWords {
        crate::service::chart::ChartWords {
            flow_title: tr("stats-chart-flow-title", &[]),
            tickets: tr("stats-chart-tickets", &[]),
            opened: tr("stats-chart-opened", &[]),
            closed: tr("stats-chart-closed", &[]),
            sla_title: tr("stats-chart-sla-title", &[]),
            week_of: tr("stats-chart-week-of", &[]),
        }
    }
    pub fn chart_unavailable() -> String {
        tr("stats-chart-unavailable", &[])
    }

    // ----- /faq -----

    pub fn faq_title(days: i64) -> String {
        tr("stats-faq-title", &[("days", days.arg())])
    }
    pub fn faq_empty(days: i64) -> String {
        tr("stats-faq-empty", &[("days", days.arg())])
    }
    pub fn faq_group(category: &str, count: usize) -> String {
        tr("stats-faq-group", &[("category", category.arg()), ("count", count.arg())])
    }
    pub fn faq_examples() -> String {
        tr("stats-faq-examples", &[])
    }
    pub fn faq_resolution(code: &str, count: usize) -> String {
        tr("stats-faq-resolution", &[("code", code.arg()), ("count", count.arg())])
    }
    pub fn faq_article(id: i64, title: &str) -> String {
        tr("stats-faq-article", &[("id", id.arg()), ("title", title.arg())])
    }
    pub fn faq_no_article() -> String {
        tr("stats-faq-no-article", &[])
    }
}

/// The storm summary: one message in a triage channel listing the new tickets still waiting for
/// their own post, when they arrive faster than the channel takes messages.
pub mod storm {
    use super::{Arg, tr};

    /// `14 new:` before the list of numbers.
    pub fn headline(count: usize) -> String {
        tr("storm-headline", &[("count", count.arg())])
    }
    /// A run of numbers: `#41–#54`, or `#41` alone.
    pub fn range(first: i64, last: i64) -> String {
        if first == last { format!("#{first}") } else { format!("#{first}–#{last}") }
    }
    /// After the numbers that fit: how many more there are (`, … and 3 more`).
    pub fn more(count: usize) -> String {
        tr("storm-more", &[("count", count.arg())])
    }
    /// `VPN ×11`.
    pub fn tally(name: &str, count: usize) -> String {
        format!("{name} ×{count}")
    }
    pub fn explain() -> String {
        tr("storm-explain", &[])
    }
    pub fn pick_placeholder() -> String {
        tr("storm-pick-placeholder", &[])
    }
    /// An option of the select: `#42: P2 · summary`.
    pub fn option(ticket: &str, priority: &str, summary: &str) -> String {
        format!("{ticket}: {priority} · {summary}")
    }
    /// The summary once every ticket of the storm has its own post.
    pub fn caught_up() -> String {
        tr("storm-caught-up", &[])
    }
    /// The claimer's private confirmation after picking a ticket in the summary.
    pub fn claimed(ticket: &str) -> String {
        tr("storm-claimed", &[("ticket", ticket.arg())])
    }
    /// A pick in a summary that is not in a triage channel.
    pub fn not_in_triage() -> String {
        tr("storm-not-in-triage", &[])
    }
}
