//! Pure functions from domain values to serenity builders: the triage message, the requester's DMs,
//! thread posts, modals, the `/queue` page, a ticket's history, the intake prompts.
//!
//! Nothing here does I/O or reads the clock (`now` is passed in). Every text comes from the
//! [`catalogue`](super::catalogue); every piece of user text is made inert with
//! [`plain`](crate::domain::text::plain) and fitted to Discord's limits ([`crate::domain::text`])
//! before it goes into a builder, so that what is built here is always accepted by Discord, whatever
//! a requester typed. Every message carries `allowed_mentions` that ping nobody, except the
//! escalation ping of a level's role.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::num::NonZeroU64;

use chrono::{DateTime, Utc};
use serenity::all::{
    ButtonStyle, Colour, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInputText, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, CreateModal, CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption,
    EditInteractionResponse, EditMessage, InputTextStyle, RoleId, UserId,
};

use super::catalogue::{buttons, history as hist, intake as intake_text, modals, queue as queue_text};
use super::catalogue::{labels, replies, requester, sla as sla_text, staff, thread, triage as tri};
use super::ids::{
    ArticleId, INPUT_KB_CATEGORY, INPUT_KB_STEPS, INPUT_KB_SYMPTOMS, INPUT_KB_TAGS, INPUT_KB_TITLE,
};
use super::ids::{AssigneeFilter, ComponentId, INPUT_CODE, INPUT_NOTE, INPUT_NOTES, INPUT_REASON};
use super::ids::{IntakeId, QueueFilter, RATINGS, Slug, TicketId, intake_input};
use crate::domain::text::{
    ACTION_ROWS_MAX, BUTTON_LABEL_MAX, BUTTONS_PER_ROW_MAX, EMBED_DESCRIPTION_MAX, EMBED_FIELD_NAME_MAX,
    EMBED_FIELD_VALUE_MAX, EMBED_FIELDS_MAX, EMBED_FOOTER_MAX, EMBED_TITLE_MAX, EMBED_TOTAL_MAX,
    MESSAGE_CONTENT_MAX, MODAL_COMPONENTS_MAX, MODAL_TITLE_MAX, SELECT_OPTION_TEXT_MAX, SELECT_OPTIONS_MAX,
    SELECT_PLACEHOLDER_MAX, TEXT_INPUT_LABEL_MAX, TEXT_INPUT_PLACEHOLDER_MAX, TEXT_INPUT_VALUE_MAX,
    THREAD_NAME_MAX, char_count, fit, fit_string, neutralise_mentions, non_blank, one_line, plain,
};
use crate::domain::{Answer, DiscordId, NoticeKind, Priority, ResolutionCode, Status, Ticket};
use crate::service::incident::IncidentView;
use crate::store::{EventRecord, QueueKey, QueuePage, Seek};

/// Longest escalation reason and reopen note the modals accept: it is repeated in DMs and threads.
pub const REASON_MAX_CHARS: u16 = 1000;
/// Summaries inside sentences and list lines are cut to this, so the sentence stays readable.
const SUMMARY_IN_TEXT_MAX: usize = 100;
/// Reasons, notes and replies inside a DM or thread message leave this much room for the sentence.
const USER_TEXT_IN_MESSAGE_MAX: usize = 1700;
/// An answer is shown only with at least this much of its value; below that it goes to "more answers".
const MIN_ANSWER_VALUE: usize = 32;
/// Room kept for the "more answers" field in the triage embed.
const MORE_ANSWERS_RESERVE: usize = 100;
/// A queue or history line is cut to this.
const LIST_LINE_MAX: usize = 400;
/// Known fixes shown during intake.
const KNOWN_FIXES_MAX: usize = 3;

// ---------------------------------------------------------------------------------------------------
// Mentions, times, colours

/// `<@id>`: renders as the member's name; pings only if `allowed_mentions` lets it.
pub fn user(id: DiscordId) -> String {
    format!("<@{id}>")
}

/// `<@&id>`: a role mention.
pub fn role(id: DiscordId) -> String {
    format!("<@&{id}>")
}

/// `<t:UNIX:R>`: "in 2 hours" / "3 minutes ago", in each reader's language and time zone.
pub fn relative_time(at: DateTime<Utc>) -> String {
    format!("<t:{}:R>", at.timestamp())
}

/// `<t:UNIX:f>`: date and time in each reader's time zone.
pub fn full_time(at: DateTime<Utc>) -> String {
    format!("<t:{}:f>", at.timestamp())
}

fn user_id(id: DiscordId) -> Option<UserId> {
    u64::try_from(id).ok().and_then(NonZeroU64::new).map(UserId::from)
}

fn role_id(id: DiscordId) -> Option<RoleId> {
    u64::try_from(id).ok().and_then(NonZeroU64::new).map(RoleId::from)
}

/// Mentions render but ping nobody: no `@everyone`/`@here`, no roles, no users. Goes on every
/// message, because user text reaches most of them.
pub fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new().empty_users().empty_roles()
}

/// Pings only these users (e.g. the assignee of an SLA warning); nothing else.
pub fn ping_users(ids: &[DiscordId]) -> CreateAllowedMentions {
    no_pings().users(ids.iter().copied().filter_map(user_id))
}

/// Pings only this role: the escalation ping of a support level in the ticket's thread.
pub fn ping_role(role: DiscordId) -> CreateAllowedMentions {
    no_pings().roles(role_id(role))
}

/// The colour of a priority: P1 red, P2 orange, P3 yellow, P4 grey.
pub fn priority_colour(priority: Priority) -> Colour {
    Colour::new(match priority {
        Priority::P1 => 0xED4245,
        Priority::P2 => 0xE67E22,
        Priority::P3 => 0xFEE75C,
        Priority::P4 => 0x95A5A6,
    })
}

/// The triage embed's colour: the priority's while the ticket is open work, green once resolved or
/// closed, dark grey when cancelled, so that finished tickets stop looking urgent in the channel.
pub fn ticket_colour(ticket: &Ticket) -> Colour {
    match ticket.status {
        Status::Resolved | Status::Closed => Colour::new(0x57F287),
        Status::Cancelled => Colour::new(0x4F545C),
        _ => priority_colour(ticket.priority),
    }
}

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    OnTrack,
    /// Less than a quarter of the window left (the sweeper warns at 75 %).
    NearlyBreached,
    Breached,
}

/// How `due` stands at `now` for a window that opened at `start`.
pub fn sla_state(start: DateTime<Utc>, due: DateTime<Utc>, now: DateTime<Utc>) -> SlaState {
    if now >= due {
        return SlaState::Breached;
    }
    let window = (due - start).num_seconds().max(0);
    let left = (due - now).num_seconds();
    if left.saturating_mul(4) <= window { SlaState::NearlyBreached } else { SlaState::OnTrack }
}

fn user_text(text: &str, max: usize) -> String {
    fit_string(plain(text), max)
}

fn summary_of(ticket: &Ticket) -> String {
    user_text(&one_line(&ticket.summary), SUMMARY_IN_TEXT_MAX)
}

// ---------------------------------------------------------------------------------------------------
// Outgoing messages

/// A message before it is known how it will be sent: posted (`CreateMessage`), edited in place
/// (`EditMessage`), or as an interaction's own answer or follow-up. Building it once keeps the text,
/// limits and mentions the same whichever way it goes, e.g. when the requester is answered in the
/// interaction instead of by a DM (one request less).
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub content: String,
    pub embeds: Vec<CreateEmbed>,
    pub components: Vec<CreateActionRow>,
    pub mentions: CreateAllowedMentions,
    /// Files attached to an interaction's answer (a chart); a posted or edited message has none.
    pub files: Vec<CreateAttachment>,
}

impl Outgoing {
    /// A text message, fitted to 2000 characters, pinging nobody.
    pub fn text(content: impl Into<String>) -> Outgoing {
        Outgoing {
            content: fit_string(content.into(), MESSAGE_CONTENT_MAX),
            embeds: Vec::new(),
            components: Vec::new(),
            mentions: no_pings(),
            files: Vec::new(),
        }
    }

    /// A message of one embed, pinging nobody.
    pub fn embed(embed: CreateEmbed) -> Outgoing {
        Outgoing {
            content: String::new(),
            embeds: vec![embed],
            components: Vec::new(),
            mentions: no_pings(),
            files: Vec::new(),
        }
    }

    /// Adds action rows, keeping at most five.
    pub fn with_components(mut self, rows: Vec<CreateActionRow>) -> Outgoing {
        self.components.extend(rows);
        self.components.truncate(ACTION_ROWS_MAX);
        self
    }

    /// Attaches a file (as an interaction's answer, follow-up or edit).
    pub fn with_file(mut self, file: CreateAttachment) -> Outgoing {
        self.files.push(file);
        self
    }

    /// Re-fits the content (the fields are public) and keeps at most five rows.
    fn fitted(mut self) -> Outgoing {
        self.content = fit_string(self.content, MESSAGE_CONTENT_MAX);
        self.components.truncate(ACTION_ROWS_MAX);
        self
    }

    /// To post in a channel or DM.
    pub fn into_message(self) -> CreateMessage {
        let this = self.fitted();
        let mut message = CreateMessage::new().allowed_mentions(this.mentions);
        if !this.content.is_empty() {
            message = message.content(this.content);
        }
        if !this.embeds.is_empty() {
            message = message.embeds(this.embeds);
        }
        if !this.components.is_empty() {
            message = message.components(this.components);
        }
        message
    }

    /// To replace a message in place: content, embeds and components all become these (empty ones
    /// clear what was there).
    pub fn into_edit(self) -> EditMessage {
        let this = self.fitted();
        EditMessage::new()
            .content(this.content)
            .embeds(this.embeds)
            .components(this.components)
            .allowed_mentions(this.mentions)
    }

    /// As the interaction's answer (a new message, or the update of the message a button is on).
    /// Components are always set, so an update without them removes the old buttons.
    pub fn into_response(self, ephemeral: bool) -> CreateInteractionResponseMessage {
        let this = self.fitted();
        let mut response = CreateInteractionResponseMessage::new()
            .allowed_mentions(this.mentions)
            .components(this.components)
            // Always set, so updating a message (type 7) drops an embed the new answer does not have
            // (e.g. the intake review under a re-asked question).
            .embeds(this.embeds)
            .ephemeral(ephemeral)
            .files(this.files);
        if !this.content.is_empty() {
            response = response.content(this.content);
        }
        response
    }

    /// As a follow-up after a deferred answer.
    pub fn into_followup(self, ephemeral: bool) -> CreateInteractionResponseFollowup {
        let this = self.fitted();
        let mut followup = CreateInteractionResponseFollowup::new()
            .allowed_mentions(this.mentions)
            .components(this.components)
            .ephemeral(ephemeral)
            .files(this.files);
        if !this.content.is_empty() {
            followup = followup.content(this.content);
        }
        if !this.embeds.is_empty() {
            followup = followup.embeds(this.embeds);
        }
        followup
    }

    /// As the edit of a deferred answer (`@original`): content, embeds and components all become these.
    pub fn into_edit_response(self) -> EditInteractionResponse {
        let this = self.fitted();
        let mut edit = EditInteractionResponse::new()
            .content(this.content)
            .embeds(this.embeds)
            .components(this.components)
            .allowed_mentions(this.mentions);
        for file in this.files {
            edit = edit.new_attachment(file);
        }
        edit
    }
}

/// An ephemeral answer: a confirmation or a refusal that says why.
pub fn ephemeral(content: impl Into<String>) -> CreateInteractionResponseMessage {
    Outgoing::text(content).into_response(true)
}

/// An ephemeral refusal with the domain's own words (`transition::Refusal` implements `Display`).
pub fn refusal(reason: &dyn Display) -> CreateInteractionResponseMessage {
    ephemeral(replies::refused(reason))
}

// ---------------------------------------------------------------------------------------------------
// Embeds within limits

/// An embed being assembled; [`Draft::build`] enforces every limit, whatever was put in.
#[derive(Debug, Default)]
struct Draft {
    title: String,
    description: String,
    fields: Vec<(String, String, bool)>,
    footer: String,
    colour: Option<Colour>,
    timestamp: Option<DateTime<Utc>>,
}

impl Draft {
    /// What counts towards the 6000-character total.
    fn chars(&self) -> usize {
        char_count(&self.title)
            + char_count(&self.description)
            + self.fields.iter().map(|(n, v, _)| char_count(n) + char_count(v)).sum::<usize>()
            + char_count(&self.footer)
    }

    fn field(&mut self, name: impl Into<String>, value: impl Into<String>, inline: bool) {
        let name = fit_string(name.into(), EMBED_FIELD_NAME_MAX);
        let value = fit_string(value.into(), EMBED_FIELD_VALUE_MAX);
        let name = non_blank(&name, "\u{200B}").to_owned();
        let value = non_blank(&value, "—").to_owned();
        self.fields.push((name, value, inline));
    }

    /// The embed, with every piece fitted and the total kept within 6000 (description shortened
    /// first, then the last fields dropped, then the footer): the last line of defence behind the
    /// budgeting done by each renderer.
    fn build(mut self) -> CreateEmbed {
        self.title = fit_string(one_line(&self.title), EMBED_TITLE_MAX);
        self.description = fit_string(self.description, EMBED_DESCRIPTION_MAX);
        self.footer = fit_string(self.footer, EMBED_FOOTER_MAX);
        self.fields.truncate(EMBED_FIELDS_MAX);
        let excess = self.chars().saturating_sub(EMBED_TOTAL_MAX);
        if excess > 0 {
            let keep = char_count(&self.description).saturating_sub(excess);
            self.description = fit_string(self.description, keep);
        }
        while self.chars() > EMBED_TOTAL_MAX && self.fields.pop().is_some() {}
        if self.chars() > EMBED_TOTAL_MAX {
            self.footer.clear();
        }

        let mut embed = CreateEmbed::new();
        if !self.title.is_empty() {
            embed = embed.title(self.title);
        }
        if !self.description.trim().is_empty() {
            embed = embed.description(self.description);
        }
        if !self.fields.is_empty() {
            embed = embed.fields(self.fields);
        }
        if !self.footer.trim().is_empty() {
            embed = embed.footer(CreateEmbedFooter::new(self.footer));
        }
        if let Some(colour) = self.colour {
            embed = embed.colour(colour);
        }
        if let Some(at) = self.timestamp {
            embed = embed.timestamp(at);
        }
        embed
    }
}

/// The answers as embed fields, in order, within `budget` characters and `max_fields` fields: each
/// value is cut to what is left, and from the first answer that cannot show at least a little of its
/// value on, the answers are counted as not shown.
fn answer_fields(answers: &[Answer], budget: usize, max_fields: usize) -> (Vec<(String, String)>, usize) {
    let mut left = budget;
    let mut fields = Vec::new();
    for answer in answers {
        if fields.len() == max_fields {
            break;
        }
        let name = fit_string(plain(&one_line(&answer.question)), EMBED_FIELD_NAME_MAX);
        let name = non_blank(&name, "\u{200B}").to_owned();
        let value = match &answer.value {
            Some(v) if !v.trim().is_empty() => plain(v),
            _ => tri::skipped(),
        };
        let name_len = char_count(&name);
        let room = left.saturating_sub(name_len).min(EMBED_FIELD_VALUE_MAX);
        if room < MIN_ANSWER_VALUE.min(char_count(&value)) || room == 0 {
            break;
        }
        let value = fit_string(value, room);
        left -= name_len + char_count(&value);
        fields.push((name, value));
    }
    let omitted = answers.len() - fields.len();
    (fields, omitted)
}

// ---------------------------------------------------------------------------------------------------
// Triage

/// How `due` stands at `now`: nearly breached from `warn_at`, the stored 75 % time (counted in
/// business hours when they are set, so it agrees with the sweeper's warning), or, for a clock
/// without one, from 75 % of the time since `start`.
fn clock_state(
    warn_at: Option<DateTime<Utc>>,
    start: DateTime<Utc>,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SlaState {
    match warn_at {
        Some(_) if now >= due => SlaState::Breached,
        Some(warn) if now >= warn => SlaState::NearlyBreached,
        Some(_) => SlaState::OnTrack,
        None => sla_state(start, due, now),
    }
}

fn sla_value(
    start: DateTime<Utc>,
    warn_at: Option<DateTime<Utc>>,
    due: Option<DateTime<Utc>>,
    done_at: Option<DateTime<Utc>>,
    paused: bool,
    now: DateTime<Utc>,
) -> String {
    match (due, done_at) {
        (_, Some(done)) => tri::responded(&relative_time(done)),
        (None, None) => tri::not_set(),
        (Some(due), None) if paused => tri::paused(&relative_time(due)),
        (Some(due), None) => match clock_state(warn_at, start, due, now) {
            SlaState::Breached => tri::breached(&relative_time(due)),
            SlaState::NearlyBreached => tri::nearly_breached(&relative_time(due)),
            SlaState::OnTrack => relative_time(due),
        },
    }
}

/// The triage embed: number and summary, requester, category, priority (colour), level, status,
/// assignee, SLA due times, description and answers, all fitted. When everything does not fit in
/// 6000 characters the description and the answers share what is left, and answers that do not fit
/// are counted in a last "more answers" field (`/desk show` has them all).
pub fn triage_embed(
    ticket: &Ticket,
    category_name: &str,
    incident: &IncidentView,
    now: DateTime<Utc>,
) -> CreateEmbed {
    let mut draft = Draft {
        title: format!("{} · {}", ticket.label(), plain(&one_line(&ticket.summary))),
        colour: Some(ticket_colour(ticket)),
        timestamp: Some(ticket.created_at),
        ..Draft::default()
    };
    draft.title = fit_string(draft.title, EMBED_TITLE_MAX);
    let active = ticket.status.is_active();
    draft.field(tri::requester(), user(ticket.requester_id), true);
    draft.field(tri::category(), plain(&one_line(non_blank(category_name, &ticket.category))), true);
    draft.field(
        tri::priority(),
        tri::priority_value(
            &ticket.priority.to_string(),
            &labels::impact(ticket.impact),
            &labels::urgency(ticket.urgency),
            ticket.priority_overridden,
        ),
        true,
    );
    draft.field(tri::level(), tri::level_value(ticket.level.get()), true);
    draft.field(tri::status(), labels::status(ticket.status), true);
    draft.field(tri::assignee(), ticket.assignee_id.map_or_else(tri::unassigned, user), true);
    if let Some(value) = incident_value(incident) {
        draft.field(super::catalogue::incident::field(), value, true);
    }
    let (first_due, first_done) = if active || ticket.sla.first_response_at.is_some() {
        (ticket.sla.first_response_due, ticket.sla.first_response_at)
    } else {
        (None, None)
    };
    draft.field(
        tri::first_response_due(),
        sla_value(ticket.created_at, ticket.sla.first_response_warn_at, first_due, first_done, false, now),
        true,
    );
    let resolution_due =
        if active || ticket.resolved_at.is_some() { ticket.sla.resolution_due } else { None };
    draft.field(
        tri::resolution_due(),
        sla_value(
            ticket.created_at,
            ticket.sla.resolution_warn_at,
            resolution_due,
            ticket.resolved_at,
            ticket.sla.paused_at.is_some(),
            now,
        ),
        true,
    );
    if let Some(notes) = &ticket.resolution_notes {
        let code = ticket.resolution_code.map_or("", ResolutionCode::label);
        draft.field(tri::resolution(), format!("**{code}** {}", plain(notes)), false);
    }

    let remaining = EMBED_TOTAL_MAX.saturating_sub(draft.chars() + MORE_ANSWERS_RESERVE);
    let slots = EMBED_FIELDS_MAX.saturating_sub(draft.fields.len() + 1);
    let description = plain(&ticket.description);
    let description_wanted = char_count(&description).min(EMBED_DESCRIPTION_MAX);
    let (all_answers, _) = answer_fields(&ticket.answers, usize::MAX, slots);
    let answers_wanted: usize = all_answers.iter().map(|(n, v)| char_count(n) + char_count(v)).sum();
    let description_budget = if description_wanted + answers_wanted <= remaining {
        description_wanted
    } else {
        description_wanted.min((remaining / 3).max(remaining.saturating_sub(answers_wanted)))
    };
    draft.description = fit_string(description, description_budget);
    let left = remaining.saturating_sub(char_count(&draft.description));
    let (answers, omitted) = answer_fields(&ticket.answers, left, slots);
    for (name, value) in answers {
        draft.field(name, value, false);
    }
    if omitted > 0 {
        draft.field(tri::more_answers_name(), tri::more_answers(omitted), false);
    }
    draft.build()
}

/// What the triage embed says of a ticket's incident, if anything.
fn incident_value(incident: &IncidentView) -> Option<String> {
    use super::catalogue::incident as text;
    match (&incident.parent, incident.affected) {
        // Labels are `#n`, made by deskbot: nothing to escape.
        (Some(parent), _) => Some(text::part_of(parent)),
        (None, 0) => None,
        (None, n) => Some(text::affected(n)),
    }
}

/// **Claim**, **Escalate**, **Resolve**, **Ask requester**, each disabled when it makes no sense for
/// the ticket as it is now (the handler checks again: a disabled button is a hint, not a permission).
pub fn triage_buttons(ticket: &Ticket) -> Vec<CreateActionRow> {
    let active = ticket.status.is_active();
    let can_claim = ticket.status == Status::Open && ticket.assignee_id.is_none();
    let can_escalate = active && ticket.level.next().is_some();
    let can_ask = ticket.status == Status::InProgress;
    let buttons = vec![
        CreateButton::new(ComponentId::Claim { ticket: ticket.id }.encode())
            .label(buttons::claim())
            .style(ButtonStyle::Primary)
            .disabled(!can_claim),
        CreateButton::new(ComponentId::Escalate { ticket: ticket.id }.encode())
            .label(buttons::escalate())
            .style(ButtonStyle::Secondary)
            .disabled(!can_escalate),
        CreateButton::new(ComponentId::Resolve { ticket: ticket.id }.encode())
            .label(buttons::resolve())
            .style(ButtonStyle::Success)
            .disabled(!active),
        CreateButton::new(ComponentId::Ask { ticket: ticket.id }.encode())
            .label(buttons::ask())
            .style(ButtonStyle::Secondary)
            .disabled(!can_ask),
    ];
    vec![CreateActionRow::Buttons(buttons)]
}

/// The triage message: its embed and its buttons.
pub fn triage_message(
    ticket: &Ticket,
    category_name: &str,
    incident: &IncidentView,
    now: DateTime<Utc>,
) -> (CreateEmbed, Vec<CreateActionRow>) {
    (triage_embed(ticket, category_name, incident, now), triage_buttons(ticket))
}

/// The triage message as one request: embed and buttons at once, pinging nobody.
pub fn triage_post(
    ticket: &Ticket,
    category_name: &str,
    incident: &IncidentView,
    now: DateTime<Utc>,
) -> CreateMessage {
    let (embed, rows) = triage_message(ticket, category_name, incident, now);
    Outgoing::embed(embed).with_components(rows).into_message()
}

/// The triage message edited in place after a change.
pub fn triage_edit(
    ticket: &Ticket,
    category_name: &str,
    incident: &IncidentView,
    now: DateTime<Utc>,
) -> EditMessage {
    let (embed, rows) = triage_message(ticket, category_name, incident, now);
    Outgoing::embed(embed).with_components(rows).into_edit()
}

/// The ticket thread's name: `#42 summary`, on one line, at most 100 characters.
pub fn thread_name(ticket: &Ticket) -> String {
    fit_string(one_line(&format!("{} {}", ticket.label(), ticket.summary)), THREAD_NAME_MAX)
}

// ---------------------------------------------------------------------------------------------------
// Storm summary

/// Categories named in a storm summary's tally; the rest are left out.
const STORM_CATEGORIES_SHOWN: usize = 5;

/// A storm summary as it will be sent, and the tickets it shows: every ticket whose number is in
/// its text (with very many scattered numbers, those past what fits wait for the next edit).
#[derive(Debug, Clone)]
pub struct StormSummary {
    pub message: Outgoing,
    pub shown: Vec<i64>,
}

/// The storm summary of a triage channel: `waiting` are its tickets still waiting for their own
/// post, most urgent first. Their numbers in runs (`#41–#54`), the categories and priorities they
/// have, and a select of the most urgent 25 to claim one at once.
pub fn storm_summary(waiting: &[Ticket], category_name: &dyn Fn(&str) -> String) -> StormSummary {
    use super::catalogue::storm as text;
    let mut numbered: Vec<(i64, i64)> = waiting.iter().filter_map(|t| Some((t.number?.0, t.id))).collect();
    numbered.sort_unstable();
    let mut runs: Vec<(i64, i64, Vec<i64>)> = Vec::new();
    for (number, id) in numbered {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == number => {
                run.1 = number;
                run.2.push(id);
            }
            _ => runs.push((number, number, vec![id])),
        }
    }
    let mut categories: Vec<(String, usize)> = Vec::new();
    for t in waiting {
        match categories.iter_mut().find(|(key, _)| *key == t.category) {
            Some(entry) => entry.1 += 1,
            None => categories.push((t.category.clone(), 1)),
        }
    }
    categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut tally: Vec<String> = categories
        .iter()
        .take(STORM_CATEGORIES_SHOWN)
        .map(|(key, n)| text::tally(&plain(&one_line(&category_name(key))), *n))
        .collect();
    if categories.len() > STORM_CATEGORIES_SHOWN {
        tally.push("…".into());
    }
    let priorities: Vec<String> = Priority::ALL
        .iter()
        .filter_map(|p| {
            let n = waiting.iter().filter(|t| t.priority == *p).count();
            (n > 0).then(|| text::tally(&p.to_string(), n))
        })
        .collect();
    let total = runs.iter().map(|r| r.2.len()).sum::<usize>();
    let headline = text::headline(total);
    let footer = format!("\n{} · {}\n{}", tally.join(", "), priorities.join(", "), text::explain());
    let footer = fit_string(footer, MESSAGE_CONTENT_MAX / 2);
    // What the numbers may take: the rest, less room for "… and N more".
    let budget = MESSAGE_CONTENT_MAX
        .saturating_sub(char_count(&headline) + char_count(&footer) + char_count(&text::more(total)) + 4);
    let mut list = String::new();
    let mut shown = Vec::with_capacity(total);
    for (first, last, ids) in &runs {
        let item = text::range(*first, *last);
        let sep = if list.is_empty() { " " } else { ", " };
        if char_count(&list) + sep.len() + char_count(&item) > budget {
            break;
        }
        list.push_str(sep);
        list.push_str(&item);
        shown.extend_from_slice(ids);
    }
    if shown.len() < total {
        list.push_str(&text::more(total - shown.len()));
    }
    let content = format!("{headline}{list}{footer}");
    let options: Vec<CreateSelectMenuOption> = waiting
        .iter()
        .take(SELECT_OPTIONS_MAX)
        .map(|t| {
            let label = text::option(&t.label(), &t.priority.to_string(), &one_line(&t.summary));
            CreateSelectMenuOption::new(
                non_blank(&fit_string(label, SELECT_OPTION_TEXT_MAX), "?"),
                t.id.to_string(),
            )
            .description(fit_string(one_line(&category_name(&t.category)), SELECT_OPTION_TEXT_MAX))
        })
        .collect();
    let mut message = Outgoing::text(content);
    if !options.is_empty() {
        let select =
            CreateSelectMenu::new(ComponentId::StormPick.encode(), CreateSelectMenuKind::String { options })
                .placeholder(fit_string(text::pick_placeholder(), SELECT_PLACEHOLDER_MAX))
                .min_values(1)
                .max_values(1);
        message = message.with_components(vec![CreateActionRow::SelectMenu(select)]);
    }
    StormSummary { message, shown }
}

/// The storm summary once every ticket it listed has its own post: the list and the select go.
pub fn storm_caught_up() -> Outgoing {
    Outgoing::text(super::catalogue::storm::caught_up())
}

// ---------------------------------------------------------------------------------------------------
// Assignment

/// The answer to `/assign` without a technician: whom the rule suggests and why, who was passed over
/// and why, and **Confirm** (versioned against the ticket); or, when nobody qualifies, why not, rule
/// by rule. `category` is the ticket's category as people read it.
pub fn suggestion(s: &crate::service::assign::Suggestion, category: &str) -> Outgoing {
    use super::catalogue::assign as text;
    use crate::domain::assign::PassedOver;
    let t = &s.ticket;
    let label = t.label();
    let needed = s.need.level.get();
    let why_not = |c: &crate::domain::assign::Candidate, why: &PassedOver| match why {
        PassedOver::Holds => text::holds(),
        PassedOver::OffDuty(duty) => text::duty_word(*duty).to_owned(),
        PassedOver::NoSkill => text::no_skill(category),
        PassedOver::LevelTooLow(level) => text::level_too_low(level.get(), needed),
        PassedOver::Busier { load } => text::busier(&text::load(*load, c.active)),
        PassedOver::LostTie { load, level } => text::lost_tie(&text::load(*load, c.active), level.get()),
    };
    let passed: Vec<String> =
        s.choice.passed_over.iter().map(|(c, why)| text::item(&user(c.id), &why_not(c, why))).collect();
    let Some(chosen) = &s.choice.chosen else {
        if s.choice.passed_over.is_empty() {
            return Outgoing::text(text::no_technicians(&label));
        }
        let mut lines = vec![text::nobody(&label, category, needed)];
        lines.extend(passed);
        lines.push(text::nobody_hint(label.trim_start_matches('#')));
        return Outgoing::text(lines.join("\n"));
    };
    let tie = s.choice.passed_over.iter().any(|(_, why)| matches!(why, PassedOver::LostTie { .. }));
    let qualified_others = s
        .choice
        .passed_over
        .iter()
        .any(|(_, why)| matches!(why, PassedOver::Busier { .. } | PassedOver::LostTie { .. }));
    let comparison = match (qualified_others, tie) {
        (false, _) => text::only_one(),
        (true, false) => text::lightest(),
        (true, true) => text::tie_won(),
    };
    let mut lines = vec![
        text::suggested(&label, category, needed, &t.priority.to_string(), &user(chosen.id)),
        text::why(
            &text::duty_word(chosen.duty),
            category,
            chosen.level.get(),
            &text::load(chosen.load, chosen.active),
            &comparison,
        ),
    ];
    if !passed.is_empty() {
        lines.push(text::passed_over());
        lines.extend(passed);
    }
    lines.push(text::confirm_hint());
    let confirm = ComponentId::AssignConfirm { ticket: t.id, technician: chosen.id, version: t.version };
    Outgoing::text(lines.join("\n")).with_components(vec![CreateActionRow::Buttons(vec![
        CreateButton::new(confirm.encode()).label(text::confirm()).style(ButtonStyle::Success),
    ])])
}

// ---------------------------------------------------------------------------------------------------
// Notices

fn resolved_buttons(ticket: TicketId) -> CreateActionRow {
    CreateActionRow::Buttons(vec![
        CreateButton::new(ComponentId::Fixed { ticket }.encode())
            .label(buttons::fixed())
            .style(ButtonStyle::Success),
        CreateButton::new(ComponentId::StillBroken { ticket }.encode())
            .label(buttons::still_broken())
            .style(ButtonStyle::Danger),
    ])
}

/// The 1–5 satisfaction select of the "closed" DM.
pub fn rating_select(ticket: TicketId) -> CreateActionRow {
    let options = RATINGS
        .rev()
        .map(|score| CreateSelectMenuOption::new(buttons::rating(score), score.to_string()))
        .collect();
    CreateActionRow::SelectMenu(
        CreateSelectMenu::new(
            ComponentId::Rate { ticket }.encode(),
            CreateSelectMenuKind::String { options },
        )
        .placeholder(fit_string(buttons::rating_placeholder(), SELECT_PLACEHOLDER_MAX))
        .min_values(1)
        .max_values(1),
    )
}

/// The requester's DM for a notice: the text, plus **Fixed** / **Still broken** when resolved and
/// the rating select when closed. `None` for notices that are not for the requester.
pub fn requester_dm(ticket: &Ticket, kind: &NoticeKind) -> Option<Outgoing> {
    let t = ticket.label();
    let s = summary_of(ticket);
    let text = |x: &str| user_text(x, USER_TEXT_IN_MESSAGE_MAX);
    let (content, rows) = match kind {
        NoticeKind::Opened => (requester::opened(&t, &s), vec![]),
        NoticeKind::Claimed { by } => (requester::claimed(&t, &s, &user(*by)), vec![]),
        NoticeKind::Assigned { to, .. } => (requester::assigned(&t, &s, &user(*to)), vec![]),
        NoticeKind::Escalated { level, reason } => {
            (requester::escalated(&t, &s, level.get(), &text(reason)), vec![])
        }
        NoticeKind::Waiting { note } => {
            (requester::waiting(&t, &s, note.as_deref().map(text).as_deref()), vec![])
        }
        NoticeKind::Resumed => (requester::resumed(&t, &s), vec![]),
        NoticeKind::WaitingReminder { note, resolve_in_secs } => (
            requester::waiting_reminder(
                &t,
                &s,
                &sla_text::late(*resolve_in_secs),
                note.as_deref().map(text).as_deref(),
            ),
            vec![],
        ),
        NoticeKind::Resolved { notes, code } => (
            requester::resolved(&t, &s, &labels::resolution_code(*code), &text(notes)),
            vec![resolved_buttons(ticket.id)],
        ),
        NoticeKind::Reopened => (requester::reopened(&t, &s), vec![]),
        NoticeKind::Closed => (requester::closed(&t, &s), vec![rating_select(ticket.id)]),
        NoticeKind::LowRating { .. } => return None,
        NoticeKind::Cancelled { reason } => {
            (requester::cancelled(&t, &s, reason.as_deref().map(text).as_deref()), vec![])
        }
        NoticeKind::PriorityChanged { priority, reason } => {
            (requester::priority_changed(&t, &s, &priority.to_string(), &text(reason)), vec![])
        }
        NoticeKind::Reply { from, text: body } => (requester::reply(&t, &user(*from), &text(body)), vec![]),
        NoticeKind::SlaBreached { .. } => (sla_text::requester_escalated(&t, &s), vec![]),
        NoticeKind::RequesterMessage { .. }
        | NoticeKind::Reassigned { .. }
        | NoticeKind::SlaWarning { .. }
        | NoticeKind::LevelPing { .. }
        | NoticeKind::DeliveryFailed { .. }
        | NoticeKind::Hint { .. }
        | NoticeKind::ChildJoined { .. }
        | NoticeKind::ChildLeft { .. }
        | NoticeKind::RefreshTriage => return None,
    };
    Some(Outgoing::text(content).with_components(rows))
}

/// A third-person line about a notice (`claimed by <@7>`), for the thread, the coordinators'
/// channel and watchers. `None` for notices that are not a change of the ticket.
pub fn staff_line(ticket: &Ticket, kind: &NoticeKind) -> Option<String> {
    let text = |x: &str| user_text(x, USER_TEXT_IN_MESSAGE_MAX);
    let line = match kind {
        NoticeKind::Opened => staff::opened(&summary_of(ticket)),
        NoticeKind::Claimed { by } => staff::claimed(&user(*by)),
        NoticeKind::Assigned { to, .. } => staff::assigned(&user(*to)),
        NoticeKind::Escalated { level, reason } => staff::escalated(level.get(), &text(reason)),
        NoticeKind::Waiting { note } => staff::waiting(note.as_deref().map(text).as_deref()),
        NoticeKind::Resumed => staff::resumed(),
        NoticeKind::WaitingReminder { .. } => staff::waiting_reminded(),
        NoticeKind::Resolved { notes, code } => {
            staff::resolved(&labels::resolution_code(*code), &text(notes))
        }
        NoticeKind::Reopened => staff::reopened(),
        NoticeKind::Closed => staff::closed(),
        NoticeKind::Cancelled { reason } => staff::cancelled(reason.as_deref().map(text).as_deref()),
        NoticeKind::PriorityChanged { priority, reason } => {
            staff::priority_changed(&priority.to_string(), &text(reason))
        }
        NoticeKind::Reply { from, text: body } => staff::replied(&user(*from), &text(body)),
        NoticeKind::SlaBreached { clock, late_secs, .. } => {
            sla_text::breached_line(&sla_text::clock(*clock), &sla_text::late(*late_secs))
        }
        NoticeKind::Reassigned { to } => staff::assigned(&user(*to)),
        NoticeKind::ChildJoined { child, requester } => {
            super::catalogue::incident::child_joined(child, &user(*requester))
        }
        NoticeKind::ChildLeft { child } => super::catalogue::incident::child_left(child),
        NoticeKind::SlaWarning { .. }
        | NoticeKind::LowRating { .. }
        | NoticeKind::RequesterMessage { .. }
        | NoticeKind::LevelPing { .. }
        | NoticeKind::DeliveryFailed { .. }
        | NoticeKind::Hint { .. }
        | NoticeKind::RefreshTriage => return None,
    };
    Some(line)
}

/// The DM to a watcher (`/desk watch`): the same changes the requester hears of, in the third person
/// and without the requester's buttons.
pub fn watcher_dm(ticket: &Ticket, kind: &NoticeKind) -> Option<Outgoing> {
    let line = staff_line(ticket, kind)?;
    Some(Outgoing::text(staff::to_watcher(&ticket.label(), &summary_of(ticket), &line)))
}

/// The DM to the technician who holds the ticket (told of an assignment or a reopening): like a
/// watcher's, but it says the ticket is theirs rather than that they follow it.
pub fn assignee_dm(ticket: &Ticket, kind: &NoticeKind) -> Option<Outgoing> {
    let (t, s) = (ticket.label(), summary_of(ticket));
    let text = match kind {
        NoticeKind::Assigned { reason, .. } => staff::assigned_to_you(
            &t,
            &s,
            reason.as_deref().map(|r| user_text(r, USER_TEXT_IN_MESSAGE_MAX)).as_deref(),
        ),
        _ => staff::to_assignee(&t, &s, &staff_line(ticket, kind)?),
    };
    Some(Outgoing::text(text))
}

/// The DM for a notice to `recipient`: the requester's version to the requester, the assignee's to
/// the technician who holds it, the watcher's to anyone else.
pub fn notice_dm(ticket: &Ticket, kind: &NoticeKind, recipient: DiscordId) -> Option<Outgoing> {
    if let NoticeKind::Reassigned { to } = kind {
        let text = staff::reassigned_from_you(&ticket.label(), &summary_of(ticket), &user(*to));
        return Some(Outgoing::text(text));
    }
    if recipient == ticket.requester_id {
        requester_dm(ticket, kind)
    } else if ticket.assignee_id == Some(recipient) {
        assignee_dm(ticket, kind)
    } else {
        watcher_dm(ticket, kind)
    }
}

/// Whether a delivery failure's reason means the user's DMs are closed: it names Discord's error
/// 50007 or carries Discord's message for it. The deliverer should put the error code in the reason.
fn dms_closed(reason: &str) -> bool {
    let lower = reason.to_ascii_lowercase();
    lower.contains("50007")
        || lower.contains("cannot send messages to this user")
        || lower.contains("dms_closed")
}

/// A post in the ticket's thread: the requester's relayed message, the escalation ping of
/// `level_role` (the only message that pings, and only that role), a failed DM, or a change.
pub fn thread_post(ticket: &Ticket, kind: &NoticeKind, level_role: Option<DiscordId>) -> Option<Outgoing> {
    let t = ticket.label();
    match kind {
        NoticeKind::RequesterMessage { text } => Some(Outgoing::text(thread::requester_message(
            &user(ticket.requester_id),
            &user_text(text, USER_TEXT_IN_MESSAGE_MAX),
        ))),
        NoticeKind::LevelPing { level } => {
            let (mention, mentions) = match level_role {
                Some(id) => (role(id), ping_role(id)),
                None => (tri::level_value(level.get()), no_pings()),
            };
            let mut post = Outgoing::text(thread::level_ping(&mention, &t, level.get()));
            post.mentions = mentions;
            Some(post)
        }
        NoticeKind::DeliveryFailed { user: who, reason } => Some(Outgoing::text(if dms_closed(reason) {
            thread::dms_closed(&user(*who))
        } else {
            thread::delivery_failed(&user(*who), &user_text(&one_line(reason), 200))
        })),
        NoticeKind::SlaWarning { clock, due } => {
            let (who, mentions) = sla_mention(ticket, level_role);
            let mut post =
                Outgoing::text(sla_text::warning(&who, &t, &sla_text::clock(*clock), &relative_time(*due)));
            post.mentions = mentions;
            Some(post)
        }
        NoticeKind::SlaBreached { clock, late_secs, .. } => {
            let (who, mentions) = sla_mention(ticket, level_role);
            let (clock, late) = (sla_text::clock(*clock), sla_text::late(*late_secs));
            let mut post = Outgoing::text(sla_text::breached_in_thread(&who, &t, &clock, &late));
            post.mentions = mentions;
            Some(post)
        }
        NoticeKind::Hint { tickets, articles } => Some(hint_post(tickets, articles)),
        _ => staff_line(ticket, kind).map(|line| Outgoing::text(staff::about(&t, &line))),
    }
}

/// The technicians' hint in a new ticket's thread: similar closed tickets (with their resolutions)
/// and matching articles. Staff-only: the thread is in the triage channel.
fn hint_post(tickets: &[crate::domain::HintTicket], articles: &[crate::domain::HintArticle]) -> Outgoing {
    use super::catalogue::kb;
    let mut draft = Draft { title: kb::hint_title(), ..Draft::default() };
    if !tickets.is_empty() {
        let lines: Vec<String> = tickets
            .iter()
            .map(|h| {
                kb::hint_ticket(&one_line(&h.ticket), h.code.as_deref(), &user_text(&one_line(&h.notes), 250))
            })
            .collect();
        draft.field(kb::hint_tickets(), fit_string(lines.join("\n"), EMBED_FIELD_VALUE_MAX), false);
    }
    if !articles.is_empty() {
        let lines: Vec<String> =
            articles.iter().map(|a| kb::hint_article(a.id, &plain(&one_line(&a.title)))).collect();
        draft.field(kb::hint_articles(), fit_string(lines.join("\n"), EMBED_FIELD_VALUE_MAX), false);
    }
    Outgoing::embed(draft.build())
}

/// Articles as an embed: each a field with its title and the start of its steps (a search's
/// results), best first.
pub fn articles_embed(
    title: &str,
    articles: &[crate::domain::article::Article],
    with_steps: bool,
) -> Outgoing {
    use super::catalogue::kb;
    let mut draft = Draft { title: fit_string(one_line(title), EMBED_TITLE_MAX), ..Draft::default() };
    if with_steps {
        for a in articles.iter().take(EMBED_FIELDS_MAX) {
            let name = fit_string(kb::article_name(a.id, &plain(&one_line(&a.title))), EMBED_FIELD_NAME_MAX);
            let value = format!("{}\n\n{}", user_text(&a.symptoms, 200), user_text(&a.steps, 700));
            draft.field(name, fit_string(value, EMBED_FIELD_VALUE_MAX), false);
        }
    } else {
        let lines: Vec<String> = articles
            .iter()
            .map(|a| kb::list_line(a.id, &plain(&one_line(&a.title)), &plain(&a.category)))
            .collect();
        draft.description = fit_string(lines.join("\n"), EMBED_DESCRIPTION_MAX);
    }
    Outgoing::embed(draft.build())
}

/// The file name of the `/stats` chart, which the embed shows as its image.
pub const STATS_CHART_FILE: &str = "stats.png";

/// The `/stats` answer: the figures as an embed, with the chart (when it could be drawn) as its image.
pub fn stats_embed(figures: &crate::domain::stats::Figures, chart: Option<Vec<u8>>) -> Outgoing {
    use super::catalogue::stats as text;
    let scope = figures.scope;
    let who = scope.technician.map(user);
    let mut draft = Draft {
        title: text::title(scope.days(), who.as_deref()),
        description: text::summary(figures.opened, figures.resolved, figures.backlog_total()),
        footer: text::footer(),
        colour: Some(Colour::BLURPLE),
        timestamp: Some(scope.now),
        ..Draft::default()
    };
    let by_priority: Vec<String> =
        Priority::ALL.iter().map(|p| format!("{p} {}", figures.backlog_of(*p))).collect();
    let by_level: Vec<String> = crate::domain::Level::ALL
        .iter()
        .map(|l| format!("L{} {}", l.get(), figures.backlog_at(*l)))
        .collect();
    draft.field(text::backlog(), format!("{}\n{}", by_priority.join(" · "), by_level.join(" · ")), true);
    draft.field(text::first_response(), text::spread(figures.first_response), true);
    draft.field(text::resolution(), text::spread(figures.resolution), true);
    draft.field(
        text::sla(),
        text::sla_value(figures.sla_compliance(), figures.sla_met, figures.resolved),
        true,
    );
    draft.field(
        text::satisfaction(),
        text::satisfaction_value(figures.satisfaction(), figures.response_rate(), figures.rated),
        true,
    );
    if scope.technician.is_none() {
        draft.field(
            text::deflections(),
            text::deflections_value(figures.deflections, figures.deflection_rate()),
            true,
        );
    }
    let mut techs = String::new();
    for t in &figures.technicians {
        let line = text::technician_line(&user(t.technician), t.open, t.closures, t.satisfaction);
        if char_count(&techs) + char_count(&line) + 1 > EMBED_FIELD_VALUE_MAX {
            break;
        }
        techs.push_str(&line);
        techs.push('\n');
    }
    draft.field(text::technicians(), if techs.is_empty() { text::none() } else { techs }, false);
    let categories: Vec<String> =
        figures.categories.iter().take(5).map(|(c, n)| format!("{} {n}", plain(&one_line(c)))).collect();
    let categories = if categories.is_empty() { text::none() } else { categories.join(" · ") };
    draft.field(text::categories(), categories, false);
    let mut embed = draft.build();
    let mut out = Outgoing::embed(CreateEmbed::new());
    match chart {
        Some(png) => {
            embed = embed.image(format!("attachment://{STATS_CHART_FILE}"));
            out = out.with_file(CreateAttachment::bytes(png, STATS_CHART_FILE));
        }
        None => out.content = text::chart_unavailable(),
    }
    out.embeds = vec![embed];
    out
}

/// The `/faq` answer: one field per frequent problem.
pub fn faq_embed(days: i64, groups: &[crate::service::stats::FaqGroup]) -> Outgoing {
    use super::catalogue::stats as text;
    if groups.is_empty() {
        return Outgoing::text(text::faq_empty(days));
    }
    let mut draft = Draft { title: text::faq_title(days), colour: Some(Colour::BLURPLE), ..Draft::default() };
    for g in groups.iter().take(EMBED_FIELDS_MAX) {
        let mut lines: Vec<String> =
            g.examples.iter().map(|e| format!("• {}", user_text(e, SUMMARY_IN_TEXT_MAX))).collect();
        if let Some((code, n)) = g.resolution {
            let mut line = text::faq_resolution(&super::catalogue::labels::resolution_code(code), n);
            if let Some(notes) = &g.notes {
                line = format!("{line}: {}", user_text(notes, 200));
            }
            lines.push(line);
        }
        lines.push(match &g.article {
            Some(a) => text::faq_article(a.id, &user_text(&one_line(&a.title), 100)),
            None => text::faq_no_article(),
        });
        draft.field(text::faq_group(&plain(&one_line(&g.category)), g.count), lines.join("\n"), false);
    }
    Outgoing::embed(draft.build())
}

/// The `/kb new|edit|promote` modal: title, symptoms, steps, category, tags (five inputs), prefilled.
pub fn article_modal(
    id: ComponentId,
    title: String,
    prefill: &crate::service::kb::Prefill,
    keys: &str,
) -> CreateModal {
    use super::catalogue::kb;
    use crate::domain::article::{STEPS_MAX_CHARS, SYMPTOMS_MAX_CHARS, TITLE_MAX_CHARS};
    let with_value = |row: CreateActionRow, value: &str| match row {
        CreateActionRow::InputText(input) if !value.trim().is_empty() => {
            CreateActionRow::InputText(input.value(value.to_owned()))
        }
        other => other,
    };
    let tags_max = 400u16;
    CreateModal::new(id.encode(), modal_title(title)).components(vec![
        with_value(
            text_input(
                InputTextStyle::Short,
                &kb::title_label(),
                INPUT_KB_TITLE,
                None,
                true,
                1,
                TITLE_MAX_CHARS as u16,
            ),
            &fit_string(prefill.title.clone(), TITLE_MAX_CHARS),
        ),
        with_value(
            text_input(
                InputTextStyle::Paragraph,
                &kb::symptoms_label(),
                INPUT_KB_SYMPTOMS,
                None,
                true,
                1,
                SYMPTOMS_MAX_CHARS as u16,
            ),
            &fit_string(prefill.symptoms.clone(), SYMPTOMS_MAX_CHARS),
        ),
        with_value(
            text_input(
                InputTextStyle::Paragraph,
                &kb::steps_label(),
                INPUT_KB_STEPS,
                None,
                true,
                1,
                STEPS_MAX_CHARS as u16,
            ),
            &fit_string(prefill.steps.clone(), STEPS_MAX_CHARS),
        ),
        with_value(
            text_input(
                InputTextStyle::Short,
                &kb::category_label(),
                INPUT_KB_CATEGORY,
                Some(&kb::category_placeholder(keys)),
                true,
                1,
                64,
            ),
            &fit_string(prefill.category.clone(), 64),
        ),
        with_value(
            text_input(InputTextStyle::Short, &kb::tags_label(), INPUT_KB_TAGS, None, false, 0, tags_max),
            &fit_string(prefill.tags.clone(), tags_max as usize),
        ),
    ])
}

/// Whom an SLA post in the thread is for: the holder, else the role of the ticket's level (pinged),
/// else the level's name (nobody pinged).
fn sla_mention(ticket: &Ticket, level_role: Option<DiscordId>) -> (String, CreateAllowedMentions) {
    match (ticket.assignee_id, level_role) {
        (Some(holder), _) => (user(holder), ping_users(&[holder])),
        (None, Some(id)) => (role(id), ping_role(id)),
        (None, None) => (tri::level_value(ticket.level.get()), no_pings()),
    }
}

/// A post in the coordinators' channel about a notice: the change, or a DM that could not be
/// delivered, with the ticket's number and summary. `None` for the thread's own traffic.
pub fn coordinators_post(ticket: &Ticket, kind: &NoticeKind) -> Option<Outgoing> {
    if let NoticeKind::Opened = kind {
        let text = sla_text::opened(
            &ticket.label(),
            &ticket.priority.to_string(),
            &summary_of(ticket),
            &user(ticket.requester_id),
        );
        return Some(Outgoing::text(text));
    }
    if let NoticeKind::LowRating { score, comment } = kind {
        let holder = ticket.assignee_id.map_or_else(|| sla_text::nobody(ticket.level.get()), user);
        let comment = comment.as_deref().map(|c| user_text(c, USER_TEXT_IN_MESSAGE_MAX));
        let text =
            sla_text::low_rating(&ticket.label(), &summary_of(ticket), *score, &holder, comment.as_deref());
        return Some(Outgoing::text(text));
    }
    if let NoticeKind::SlaBreached { clock, late_secs, holder, level } = kind {
        let holder = match holder {
            Some(id) => user(*id),
            None => sla_text::nobody(level.get()),
        };
        let (clock, late) = (sla_text::clock(*clock), sla_text::late(*late_secs));
        let text = sla_text::alert(&ticket.label(), &summary_of(ticket), &clock, &late, &holder, level.get());
        return Some(Outgoing::text(text));
    }
    let line = match kind {
        NoticeKind::DeliveryFailed { user: who, reason } => {
            if dms_closed(reason) {
                thread::dms_closed(&user(*who))
            } else {
                thread::delivery_failed(&user(*who), &user_text(&one_line(reason), 200))
            }
        }
        _ => staff_line(ticket, kind)?,
    };
    let about = format!("{} ({})", ticket.label(), summary_of(ticket));
    Some(Outgoing::text(staff::about(&about, &line)))
}

// ---------------------------------------------------------------------------------------------------
// Modals

fn text_input(
    style: InputTextStyle,
    label: &str,
    custom_id: &str,
    placeholder: Option<&str>,
    required: bool,
    min_len: u16,
    max_len: u16,
) -> CreateActionRow {
    let label = fit_string(one_line(label), TEXT_INPUT_LABEL_MAX);
    let max_len = max_len.clamp(1, TEXT_INPUT_VALUE_MAX as u16);
    let mut input =
        CreateInputText::new(style, non_blank(&label, "?"), custom_id).required(required).max_length(max_len);
    if min_len > 0 {
        input = input.min_length(min_len.min(max_len));
    }
    if let Some(p) = placeholder.map(one_line).filter(|p| !p.is_empty()) {
        input = input.placeholder(fit_string(p, TEXT_INPUT_PLACEHOLDER_MAX));
    }
    CreateActionRow::InputText(input)
}

fn modal_title(title: String) -> String {
    fit_string(one_line(&title), MODAL_TITLE_MAX)
}

/// **Escalate**'s modal: the reason, required, at least `min_reason` characters.
pub fn escalate_modal(ticket: &Ticket, min_reason: u16) -> CreateModal {
    CreateModal::new(
        ComponentId::EscalateModal { ticket: ticket.id }.encode(),
        modal_title(modals::escalate_title(&ticket.label())),
    )
    .components(vec![text_input(
        InputTextStyle::Paragraph,
        &modals::escalate_reason_label(),
        INPUT_REASON,
        Some(&modals::escalate_reason_placeholder()),
        true,
        min_reason,
        REASON_MAX_CHARS,
    )])
}

/// The resolution codes as typed in the resolve modal: `fixed, workaround, …`.
pub fn resolution_code_words() -> String {
    ResolutionCode::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}

/// **Resolve**'s modal: the notes (required, at least `min_notes` characters) and the resolution
/// code, a short text prefilled with `fixed` whose placeholder lists the accepted words (modals hold
/// only text inputs). Read the code back with [`resolution_code`].
pub fn resolve_modal(ticket: &Ticket, min_notes: u16) -> CreateModal {
    CreateModal::new(
        ComponentId::ResolveModal { ticket: ticket.id }.encode(),
        modal_title(modals::resolve_title(&ticket.label())),
    )
    .components(vec![
        text_input(
            InputTextStyle::Paragraph,
            &modals::resolve_notes_label(),
            INPUT_NOTES,
            Some(&modals::resolve_notes_placeholder()),
            true,
            min_notes,
            TEXT_INPUT_VALUE_MAX as u16,
        ),
        match text_input(
            InputTextStyle::Short,
            &modals::resolve_code_label(),
            INPUT_CODE,
            Some(&modals::resolve_code_placeholder(&resolution_code_words())),
            true,
            1,
            32,
        ) {
            CreateActionRow::InputText(input) => {
                CreateActionRow::InputText(input.value(ResolutionCode::Fixed.as_str()))
            }
            other => other,
        },
    ])
}

/// The resolution code typed in the resolve modal: any case, spaces or hyphens for underscores,
/// the label or the word (`Not reproducible`, `not-reproducible`); blank means `fixed`.
pub fn resolution_code(input: &str) -> Option<ResolutionCode> {
    let word: String = input
        .trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
        .collect();
    if word.is_empty() {
        return Some(ResolutionCode::Fixed);
    }
    word.parse().ok()
}

/// **Still broken**'s modal: what is still wrong, optional.
pub fn reopen_modal(ticket: &Ticket) -> CreateModal {
    CreateModal::new(
        ComponentId::ReopenModal { ticket: ticket.id }.encode(),
        modal_title(modals::reopen_title(&ticket.label())),
    )
    .components(vec![text_input(
        InputTextStyle::Paragraph,
        &modals::reopen_note_label(),
        INPUT_NOTE,
        None,
        false,
        0,
        REASON_MAX_CHARS,
    )])
}

/// The thanks for a rating, with **Add a comment**.
pub fn rated(ticket: &Ticket, score: i16) -> Outgoing {
    let button = CreateButton::new(ComponentId::RateComment { ticket: ticket.id }.encode())
        .label(buttons::add_comment())
        .style(ButtonStyle::Secondary);
    Outgoing::text(requester::thanks_for_rating(&ticket.label(), score))
        .with_components(vec![CreateActionRow::Buttons(vec![button])])
}

/// The rating's comment: required once the form is opened, up to a reason's length.
pub fn rating_comment_modal(ticket: &Ticket) -> CreateModal {
    CreateModal::new(
        ComponentId::RateCommentModal { ticket: ticket.id }.encode(),
        modal_title(modals::comment_title(&ticket.label())),
    )
    .components(vec![text_input(
        InputTextStyle::Paragraph,
        &modals::comment_label(),
        INPUT_NOTE,
        None,
        true,
        1,
        REASON_MAX_CHARS,
    )])
}

/// **Ask requester**'s modal: the question for the requester, required.
pub fn ask_modal(ticket: &Ticket) -> CreateModal {
    CreateModal::new(
        ComponentId::AskModal { ticket: ticket.id }.encode(),
        modal_title(modals::ask_title(&ticket.label())),
    )
    .components(vec![text_input(
        InputTextStyle::Paragraph,
        &modals::ask_question_label(),
        INPUT_NOTE,
        Some(&modals::ask_question_placeholder()),
        true,
        ASK_MIN_CHARS,
        REASON_MAX_CHARS,
    )])
}

/// The shortest question **Ask requester** sends ("Which one?").
pub const ASK_MIN_CHARS: u16 = 5;

/// One question of the `/ticket` modal, as the intake engine gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModalQuestion<'a> {
    pub label: &'a str,
    pub placeholder: Option<&'a str>,
    /// Prefilled answer (e.g. the `summary` option of `/ticket`).
    pub value: Option<&'a str>,
    pub required: bool,
    /// A paragraph rather than one line.
    pub long: bool,
    /// Longest answer accepted (at most 4000).
    pub max_len: u16,
}

/// The `/ticket` modal: the first five `questions` of the category (the rest continue in DM). The
/// input of `questions[i]` has the custom id [`intake_input`]`(i)`. `None` when there are no
/// questions (Discord refuses an empty modal).
pub fn ticket_modal(category: Option<(&Slug, &str)>, questions: &[ModalQuestion<'_>]) -> Option<CreateModal> {
    let title = match category {
        Some((_, name)) => intake_text::modal_title(&one_line(name)),
        None => intake_text::modal_title_general(),
    };
    let id = ComponentId::TicketModal { category: category.map(|(slug, _)| slug.clone()) };
    intake_modal(id, title, questions)
}

/// The modal that asks the answered free-text question at `step` of conversation `intake` again,
/// with the answer so far filled in (its input is [`intake_input`]`(0)`).
pub fn answer_modal(intake: IntakeId, step: u32, question: &ModalQuestion<'_>) -> Option<CreateModal> {
    let id = ComponentId::AnswerModal { intake, step };
    intake_modal(id, intake_text::answer_modal_title(), std::slice::from_ref(question))
}

/// A modal of intake questions: the input of `questions[i]` has the custom id
/// [`intake_input`]`(i)`. `None` when there are no questions (Discord refuses an empty modal).
fn intake_modal(id: ComponentId, title: String, questions: &[ModalQuestion<'_>]) -> Option<CreateModal> {
    if questions.is_empty() {
        return None;
    }
    let rows = questions
        .iter()
        .take(MODAL_COMPONENTS_MAX)
        .enumerate()
        .map(|(i, q)| {
            let style = if q.long { InputTextStyle::Paragraph } else { InputTextStyle::Short };
            let max_len = q.max_len.clamp(1, TEXT_INPUT_VALUE_MAX as u16);
            let row = text_input(style, q.label, &intake_input(i), q.placeholder, q.required, 0, max_len);
            match (row, q.value.filter(|v| !v.trim().is_empty())) {
                (CreateActionRow::InputText(input), Some(value)) => {
                    CreateActionRow::InputText(input.value(fit(value, usize::from(max_len))))
                }
                (row, _) => row,
            }
        })
        .collect();
    Some(CreateModal::new(id.encode(), modal_title(title)).components(rows))
}

// ---------------------------------------------------------------------------------------------------
// Queue, history, /mytickets

fn due_mark(ticket: &Ticket, now: DateTime<Utc>) -> (String, &'static str) {
    let Some(due) = ticket.sla.next_due() else { return (tri::not_set(), "") };
    let warn_at = if ticket.sla.first_response_at.is_none() {
        ticket.sla.first_response_warn_at
    } else {
        ticket.sla.resolution_warn_at
    };
    let mark = if ticket.sla.paused_at.is_some() {
        "⏸️ "
    } else {
        match clock_state(warn_at, ticket.created_at, due, now) {
            SlaState::Breached => "⚠️ ",
            SlaState::NearlyBreached => "⏳ ",
            SlaState::OnTrack => "",
        }
    };
    (queue_text::due(&relative_time(due)), mark)
}

fn queue_line(ticket: &Ticket, incident: Option<&IncidentView>, now: DateTime<Utc>) -> String {
    use super::catalogue::incident as text;
    let (due, mark) = due_mark(ticket, now);
    let assignee = ticket.assignee_id.map_or_else(queue_text::unassigned, user);
    let part = match incident {
        Some(IncidentView { parent: Some(parent), .. }) => text::queue_part_of(parent),
        Some(IncidentView { parent: None, affected }) if *affected > 0 => text::queue_affected(*affected),
        _ => String::new(),
    };
    let line = format!(
        "{mark}**{}** · **{}** · {} · L{} · {assignee} · {due}{part}\n{}",
        ticket.label(),
        ticket.priority,
        ticket.status.label(),
        ticket.level.get(),
        summary_of(ticket),
    );
    fit_string(line, LIST_LINE_MAX)
}

/// Lines joined by newlines, as many as fit in `max` characters, from the first.
fn join_lines(lines: impl IntoIterator<Item = String>, separator: &str, max: usize) -> String {
    let mut out = String::new();
    for line in lines {
        let extra = if out.is_empty() { 0 } else { char_count(separator) };
        if char_count(&out) + extra + char_count(&line) > max {
            break;
        }
        if extra > 0 {
            out.push_str(separator);
        }
        out.push_str(&line);
    }
    out
}

fn filter_words(filter: &QueueFilter) -> String {
    let mut words = Vec::new();
    if let Some(status) = filter.status {
        words.push(queue_text::filter_status(&labels::status(status)));
    }
    if let Some(level) = filter.level {
        words.push(queue_text::filter_level(level.get()));
    }
    match filter.assignee {
        Some(AssigneeFilter::User(id)) => words.push(queue_text::filter_assignee(&user(id))),
        Some(AssigneeFilter::Nobody) => words.push(queue_text::filter_assignee(&queue_text::nobody())),
        None => {}
    }
    if let Some(category) = &filter.category {
        words.push(queue_text::filter_category(&plain(category.as_str())));
    }
    words.join(" · ")
}

/// A `/queue` page: one line per ticket (number, priority, status, level, assignee, next due time,
/// ⚠️ breached / ⏳ nearly breached / ⏸️ paused) and **Prev** / **Next**, whose ids carry `filter`
/// so the next page is the same query, and the place of the page's last (or first) ticket, where
/// the next (or previous) page starts. "Page N of M" counts the tickets ahead of the page; `note`,
/// when given, goes first.
pub fn queue_page(
    page: &QueuePage,
    page_size: u32,
    filter: &QueueFilter,
    now: DateTime<Utc>,
    note: Option<&str>,
) -> (CreateEmbed, Vec<CreateActionRow>) {
    queue_page_with(page, page_size, filter, &HashMap::new(), now, note)
}

/// [`queue_page`] with each ticket's place in an incident (by ticket id): "↳ part of #m" on a
/// child's line, "+N affected" on an incident's.
pub fn queue_page_with(
    page: &QueuePage,
    page_size: u32,
    filter: &QueueFilter,
    incidents: &HashMap<i64, IncidentView>,
    now: DateTime<Utc>,
    note: Option<&str>,
) -> (CreateEmbed, Vec<CreateActionRow>) {
    let size = i64::from(page_size.max(1));
    let total = page.total.max(0);
    let pages = u32::try_from((total + size - 1) / size).unwrap_or(u32::MAX).max(1);
    // Where the page is, from how many tickets come before it (pages are found by place, not number).
    let number = u32::try_from(page.ahead.max(0) / size).unwrap_or(u32::MAX).saturating_add(1).min(pages);
    let words = filter_words(filter);
    let title = if words.is_empty() { queue_text::title() } else { queue_text::title_filtered(&words) };
    let listing = if page.tickets.is_empty() {
        queue_text::empty()
    } else {
        join_lines(
            page.tickets.iter().map(|t| queue_line(t, incidents.get(&t.id), now)),
            "\n\n",
            EMBED_DESCRIPTION_MAX,
        )
    };
    let description = match note {
        Some(note) => join_lines([format!("*{note}*"), listing], "\n\n", EMBED_DESCRIPTION_MAX),
        None => listing,
    };
    let embed = Draft {
        title,
        description,
        footer: queue_text::page(number, pages, total),
        colour: Some(Colour::new(0x5865F2)),
        ..Draft::default()
    }
    .build();
    let has_next = page.ahead.max(0).saturating_add(page.tickets.len() as i64) < total;
    // Past the end of a list that shrank, Prev goes to its last page. The two ids always differ
    // (Discord refuses a message with two equal ids), disabled or not.
    let (prev, next) =
        match (page.tickets.first().and_then(QueueKey::of), page.tickets.last().and_then(QueueKey::of)) {
            (Some(first), Some(last)) if page.ahead > 0 => (Seek::Before(first), Seek::After(last)),
            (_, Some(last)) => (Seek::First, Seek::After(last)),
            (None, None) if page.ahead > 0 => (Seek::Last, Seek::First),
            _ => (Seek::First, Seek::Last),
        };
    let button = |seek: Seek| ComponentId::Queue { filter: filter.clone(), seek: Some(seek) }.encode();
    let row = CreateActionRow::Buttons(vec![
        CreateButton::new(button(prev))
            .label(buttons::previous_page())
            .style(ButtonStyle::Secondary)
            .disabled(page.ahead <= 0),
        CreateButton::new(button(next))
            .label(buttons::next_page())
            .style(ButtonStyle::Secondary)
            .disabled(!has_next),
    ]);
    (embed, vec![row])
}

fn history_line(event: &EventRecord) -> String {
    let who = event.actor_id.map_or_else(hist::system, user);
    let change = match (event.from_status, event.to_status) {
        (Some(from), Some(to)) if from != to => {
            Some(hist::change(&labels::status(from), &labels::status(to)))
        }
        _ => None,
    };
    let note = event.note.as_deref().map(|n| user_text(&one_line(n), LIST_LINE_MAX));
    let line =
        hist::line(&full_time(event.at), &who, &hist::kind(event.kind), change.as_deref(), note.as_deref());
    fit_string(line, LIST_LINE_MAX)
}

/// `/desk show`: the ticket's audit trail, one line per event, oldest first. When it is too long
/// the most recent events are kept and the first line says how many earlier ones are not shown.
pub fn history(ticket: &Ticket, events: &[EventRecord]) -> CreateEmbed {
    let title = hist::title(&ticket.label(), &summary_of(ticket));
    let description = if events.is_empty() {
        hist::empty()
    } else {
        let lines: Vec<String> = events.iter().map(history_line).collect();
        // Keep the newest lines that fit, leaving room for the "earlier events" line.
        let room = EMBED_DESCRIPTION_MAX - 60;
        let mut used = 0;
        let mut first_kept = lines.len();
        for (i, line) in lines.iter().enumerate().rev() {
            let cost = char_count(line) + 1;
            if used + cost > room {
                break;
            }
            used += cost;
            first_kept = i;
        }
        let mut shown: Vec<String> = Vec::new();
        if first_kept > 0 {
            shown.push(hist::earlier_not_shown(first_kept));
        }
        shown.extend(lines[first_kept..].iter().cloned());
        join_lines(shown, "\n", EMBED_DESCRIPTION_MAX)
    };
    Draft { title, description, colour: Some(ticket_colour(ticket)), ..Draft::default() }.build()
}

/// `/mytickets`: the requester's tickets with their status, and **Cancel #n** for each one nobody
/// has claimed yet (up to 25 buttons).
pub fn my_tickets(tickets: &[Ticket], now: DateTime<Utc>) -> Outgoing {
    if tickets.is_empty() {
        return Outgoing::text(requester::my_tickets_empty());
    }
    let lines = tickets.iter().map(|t| {
        let (due, _) = due_mark(t, now);
        let due = if t.status.is_active() { format!(" · {due}") } else { String::new() };
        fit_string(format!("**{}** · {}{due}\n{}", t.label(), t.status.label(), summary_of(t)), LIST_LINE_MAX)
    });
    let embed = Draft {
        title: requester::my_tickets_title(),
        description: join_lines(lines, "\n\n", EMBED_DESCRIPTION_MAX),
        ..Draft::default()
    }
    .build();
    let cancellable: Vec<CreateButton> = tickets
        .iter()
        .filter(|t| t.status == Status::Open && t.assignee_id.is_none())
        .take(ACTION_ROWS_MAX * BUTTONS_PER_ROW_MAX)
        .map(|t| {
            CreateButton::new(ComponentId::Cancel { ticket: t.id }.encode())
                .label(fit_string(buttons::cancel_ticket(&t.label()), BUTTON_LABEL_MAX))
                .style(ButtonStyle::Danger)
        })
        .collect();
    let rows =
        cancellable.chunks(BUTTONS_PER_ROW_MAX).map(|c| CreateActionRow::Buttons(c.to_vec())).collect();
    Outgoing::embed(embed).with_components(rows)
}

// ---------------------------------------------------------------------------------------------------
// Intake

/// A category offered at the start of an intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryChoice<'a> {
    /// The configured id, returned as the select's value.
    pub id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
}

/// Select options from `(value, label, description, default)`: values that would not survive
/// fitting or repeat an earlier one are left out (Discord refuses them), at most 25.
fn select_options<'a>(
    items: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>, bool)>,
) -> Vec<CreateSelectMenuOption> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|(value, ..)| {
            !value.is_empty() && char_count(value) <= SELECT_OPTION_TEXT_MAX && seen.insert(value.to_string())
        })
        .take(SELECT_OPTIONS_MAX)
        .map(|(value, label, description, default)| {
            let label = fit_string(one_line(non_blank(label, value)), SELECT_OPTION_TEXT_MAX);
            let mut option =
                CreateSelectMenuOption::new(non_blank(&label, "?"), value).default_selection(default);
            if let Some(d) = description.map(one_line).filter(|d| !d.is_empty()) {
                option = option.description(fit_string(d, SELECT_OPTION_TEXT_MAX));
            }
            option
        })
        .collect()
}

/// The first intake message: which category (a select), with the classifier's `suggested` category
/// preselected and named.
pub fn category_prompt(
    intake: IntakeId,
    categories: &[CategoryChoice<'_>],
    suggested: Option<&str>,
) -> Outgoing {
    let suggested_name = suggested.and_then(|id| categories.iter().find(|c| c.id == id)).map(|c| c.name);
    let content = match suggested_name {
        Some(name) => format!(
            "{}\n{}",
            intake_text::welcome(),
            intake_text::suggested_category(&plain(&one_line(name)))
        ),
        None => intake_text::welcome(),
    };
    let options =
        select_options(categories.iter().map(|c| (c.id, c.name, c.description, Some(c.id) == suggested)));
    let mut message = Outgoing::text(format!("{content}\n{}", intake_text::never_send_passwords()));
    if !options.is_empty() {
        let select = CreateSelectMenu::new(
            ComponentId::IntakeCategory { intake }.encode(),
            CreateSelectMenuKind::String { options },
        )
        .placeholder(fit_string(buttons::category_placeholder(), SELECT_PLACEHOLDER_MAX));
        message = message.with_components(vec![CreateActionRow::SelectMenu(select)]);
    }
    message
}

/// One intake question. `step` counts from 0 and goes into the ids, so a click on an old question's
/// controls is recognised; `total` is 0 while it is not known (before the category is chosen);
/// `choices` become a select, and an optional question gets **Skip**. The question text comes from
/// the configuration: its markdown is kept, its mentions neutralised.
/// One intake question: a select of its `choices`, or, for free text, **Answer** (which opens a
/// modal to type it in); **Skip** when it is `optional`.
pub fn intake_question(
    intake: IntakeId,
    step: u32,
    total: u32,
    question: &str,
    optional: bool,
    choices: &[String],
) -> Outgoing {
    let number = usize::try_from(step).unwrap_or(usize::MAX).saturating_add(1);
    let question = fit_string(neutralise_mentions(question).into_owned(), MESSAGE_CONTENT_MAX - 200);
    let mut content = if total == 0 {
        intake_text::question_open(number, &question, optional)
    } else {
        let total = usize::try_from(total).unwrap_or(usize::MAX).max(number);
        intake_text::question(number, total, &question, optional)
    };
    if step == 0 {
        content = format!("{content}\n{}", intake_text::how_to_stop());
    }
    let mut rows = Vec::new();
    // Impact and urgency are offered by their stored words, shown in the reader's words.
    let words: Vec<String> = choices.iter().map(|c| labels::choice(c)).collect();
    let options =
        select_options(choices.iter().zip(&words).map(|(c, w)| (c.as_str(), w.as_str(), None, false)));
    if !options.is_empty() {
        rows.push(CreateActionRow::SelectMenu(
            CreateSelectMenu::new(
                ComponentId::IntakeChoice { intake, step }.encode(),
                CreateSelectMenuKind::String { options },
            )
            .placeholder(fit_string(buttons::choice_placeholder(), SELECT_PLACEHOLDER_MAX)),
        ));
    }
    let mut row = Vec::new();
    if choices.is_empty() {
        row.push(
            CreateButton::new(ComponentId::IntakeAnswer { intake, step }.encode())
                .label(buttons::answer())
                .style(ButtonStyle::Primary),
        );
    }
    if optional {
        row.push(
            CreateButton::new(ComponentId::IntakeSkip { intake, step }.encode())
                .label(buttons::skip())
                .style(ButtonStyle::Secondary),
        );
    }
    if !row.is_empty() {
        rows.push(CreateActionRow::Buttons(row));
    }
    Outgoing::text(content).with_components(rows)
}

/// One answer of the review, as **Edit** offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditItem<'a> {
    /// What the intake engine's `edit` takes; the select's value.
    pub key: &'a str,
    pub label: &'a str,
    /// The answer now; `None` when skipped.
    pub value: Option<&'a str>,
}

/// What **Edit** on the review shows: a select of the review's answers (each with its current value
/// as the description), and **Submit** / **Cancel** kept for a requester who changes their mind.
pub fn intake_edit(intake: IntakeId, items: &[EditItem<'_>]) -> Outgoing {
    let values: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            let value =
                i.value.map_or_else(tri::skipped, |v| fit_string(one_line(v), SELECT_OPTION_TEXT_MAX));
            (i.key.to_owned(), value)
        })
        .collect();
    let options = select_options(
        items
            .iter()
            .zip(&values)
            .map(|(i, (key, value))| (key.as_str(), i.label, Some(value.as_str()), false)),
    );
    let mut rows = Vec::new();
    if !options.is_empty() {
        rows.push(CreateActionRow::SelectMenu(
            CreateSelectMenu::new(
                ComponentId::IntakeEditItem { intake }.encode(),
                CreateSelectMenuKind::String { options },
            )
            .placeholder(fit_string(buttons::edit_placeholder(), SELECT_PLACEHOLDER_MAX)),
        ));
    }
    rows.push(CreateActionRow::Buttons(vec![
        CreateButton::new(ComponentId::IntakeSubmit { intake }.encode())
            .label(buttons::submit())
            .style(ButtonStyle::Success),
        CreateButton::new(ComponentId::IntakeCancel { intake }.encode())
            .label(buttons::cancel())
            .style(ButtonStyle::Danger),
    ]));
    Outgoing::text(intake_text::edit_prompt()).with_components(rows)
}

/// A knowledge-base article that matches the problem being reported, offered before submitting.
/// Only articles are offered: never another person's ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownFix<'a> {
    pub article: ArticleId,
    pub title: &'a str,
    pub steps: &'a str,
}

/// The review before submitting: the summary, category, priority and answers, up to three matching
/// articles with **This fixed it** each and **Not this**, and **Submit** / **Edit** / **Cancel**.
pub fn intake_review(
    intake: IntakeId,
    summary: &str,
    category_name: &str,
    priority: Priority,
    answers: &[Answer],
    known_fixes: &[KnownFix<'_>],
    known_problem: Option<&crate::domain::intake::KnownProblem>,
) -> Outgoing {
    let fixes = &known_fixes[..known_fixes.len().min(KNOWN_FIXES_MAX)];
    let mut draft = Draft {
        title: intake_text::review_title(&plain(&one_line(summary))),
        colour: Some(priority_colour(priority)),
        ..Draft::default()
    };
    draft.title = fit_string(draft.title, EMBED_TITLE_MAX);
    draft.field(tri::category(), plain(&one_line(category_name)), true);
    draft.field(tri::priority(), intake_text::review_priority(&priority.to_string()), true);
    let fix_fields: Vec<(String, String)> = fixes
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (
                fit_string(format!("{} · {}", i + 1, plain(&one_line(f.title))), EMBED_FIELD_NAME_MAX),
                user_text(f.steps, 600),
            )
        })
        .collect();
    let fix_chars: usize = fix_fields.iter().map(|(n, v)| char_count(n) + char_count(v)).sum();
    let slots = EMBED_FIELDS_MAX.saturating_sub(draft.fields.len() + fix_fields.len() + 1);
    let budget = EMBED_TOTAL_MAX.saturating_sub(draft.chars() + fix_chars + MORE_ANSWERS_RESERVE);
    let (fields, omitted) = answer_fields(answers, budget, slots);
    for (name, value) in fields {
        draft.field(name, value, false);
    }
    if omitted > 0 {
        draft.field(tri::more_answers_name(), tri::more_answers(omitted), false);
    }
    if !fix_fields.is_empty() {
        draft.description = super::catalogue::kb::offered_intro();
    }
    // The known problem goes first: joining it is the quickest way to a fix.
    if let Some(known) = known_problem {
        let offer = super::catalogue::incident::known_problem(
            &known.label,
            &plain(&one_line(&fit_string(known.summary.clone(), 200))),
        );
        draft.description = if draft.description.is_empty() {
            offer
        } else {
            fit_string(format!("{offer}\n\n{}", draft.description), EMBED_DESCRIPTION_MAX)
        };
    }
    for (name, value) in fix_fields {
        draft.field(name, value, false);
    }
    let mut rows = vec![CreateActionRow::Buttons(vec![
        CreateButton::new(ComponentId::IntakeSubmit { intake }.encode())
            .label(buttons::submit())
            .style(ButtonStyle::Success),
        CreateButton::new(ComponentId::IntakeEdit { intake }.encode())
            .label(buttons::edit())
            .style(ButtonStyle::Secondary),
        CreateButton::new(ComponentId::IntakeCancel { intake }.encode())
            .label(buttons::cancel())
            .style(ButtonStyle::Danger),
    ])];
    if !fixes.is_empty() {
        let mut buttons: Vec<CreateButton> = fixes
            .iter()
            .enumerate()
            .map(|(i, f)| {
                CreateButton::new(ComponentId::IntakeSolved { intake, article: f.article }.encode())
                    .label(fit_string(super::catalogue::kb::this_fixed_it(i + 1), BUTTON_LABEL_MAX))
                    .style(ButtonStyle::Primary)
            })
            .collect();
        buttons.push(
            CreateButton::new(ComponentId::IntakeNotThis { intake }.encode())
                .label(fit_string(super::catalogue::kb::not_this(), BUTTON_LABEL_MAX))
                .style(ButtonStyle::Secondary),
        );
        rows.push(CreateActionRow::Buttons(buttons));
    }
    if let Some(known) = known_problem {
        rows.insert(
            0,
            CreateActionRow::Buttons(vec![
                CreateButton::new(ComponentId::IntakeJoin { intake, parent: known.ticket_id }.encode())
                    .label(fit_string(super::catalogue::incident::add_me(), BUTTON_LABEL_MAX))
                    .style(ButtonStyle::Primary),
                CreateButton::new(ComponentId::IntakeNotKnown { intake }.encode())
                    .label(fit_string(super::catalogue::incident::not_this(), BUTTON_LABEL_MAX))
                    .style(ButtonStyle::Secondary),
            ]),
        );
    }
    let mut message = Outgoing::embed(draft.build()).with_components(rows);
    message.content = fit_string(intake_text::review_hint(), MESSAGE_CONTENT_MAX);
    message
}

/// The coordinators' daily digest: totals, the open work by priority and by level, and the oldest
/// open tickets.
pub fn digest_post(d: &crate::domain::digest::Digest) -> Outgoing {
    use super::catalogue::digest as text;
    use crate::domain::Level;
    let mut draft = Draft {
        title: text::title(&d.day),
        description: if d.open() == 0 {
            format!("{}\n{}", text::summary(0, 0, 0, d.opened_last_day, d.resolved_last_day), text::quiet())
        } else {
            text::summary(d.open(), d.unassigned(), d.breached(), d.opened_last_day, d.resolved_last_day)
        },
        colour: Some(Colour::new(if d.breached() > 0 { 0xED4245 } else { 0x5865F2 })),
        timestamp: Some(d.at),
        ..Draft::default()
    };
    if d.open() > 0 {
        let sum = |f: &dyn Fn(&crate::domain::digest::DigestCell) -> bool| {
            d.cells
                .iter()
                .filter(|c| f(c))
                .fold((0, 0, 0), |(o, u, b), c| (o + c.open, u + c.unassigned, b + c.breached))
        };
        let priorities = Priority::ALL
            .iter()
            .map(|p| {
                let (o, u, b) = sum(&|c| c.priority == *p);
                text::count_line(&p.to_string(), o, u, b)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let levels = Level::ALL
            .iter()
            .map(|l| {
                let (o, u, b) = sum(&|c| c.level == *l);
                text::count_line(&format!("L{}", l.get()), o, u, b)
            })
            .collect::<Vec<_>>()
            .join("\n");
        draft.field(text::by_priority(), priorities, true);
        draft.field(text::by_level(), levels, true);
        let oldest = d.oldest.iter().map(|t| {
            let holder = t.assignee_id.map_or_else(text::nobody, user);
            let opened = format!("<t:{}:R>", t.created_at.timestamp());
            fit_string(
                text::oldest_line(
                    &t.number.to_string(),
                    &t.priority.to_string(),
                    t.status.label(),
                    &holder,
                    &opened,
                    &user_text(&one_line(&t.summary), SUMMARY_IN_TEXT_MAX),
                ),
                LIST_LINE_MAX,
            )
        });
        draft.field(text::oldest(), join_lines(oldest, "\n", EMBED_FIELD_VALUE_MAX), false);
    }
    Outgoing::embed(draft.build())
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use serde_json::Value;

    use super::*;
    use crate::discord::ids::{QueueFilter, Slug, parse_intake_input, parse_rating};
    use crate::domain::{EventKind, Impact, Level, SlaClock, TicketNumber, Urgency};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).single().unwrap_or_default()
    }

    fn ticket() -> Ticket {
        let opened = now() - Duration::minutes(10);
        Ticket {
            id: 7,
            guild_id: 1,
            number: Some(TicketNumber(42)),
            requester_id: 1001,
            summary: "VPN drops every 5 minutes".into(),
            description: "Since this morning the VPN disconnects.".into(),
            category: "network".into(),
            impact: Impact::Individual,
            urgency: Urgency::High,
            priority: Priority::P2,
            priority_overridden: false,
            level: Level::ONE,
            status: Status::Open,
            assignee_id: None,
            answers: vec![Answer {
                key: "asset".into(),
                question: "Asset tag?".into(),
                value: Some("AB-1234".into()),
            }],
            sla: SlaClock {
                first_response_due: Some(opened + Duration::hours(1)),
                resolution_due: Some(opened + Duration::hours(8)),
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
            created_at: opened,
            updated_at: opened,
            resolved_at: None,
            closed_at: None,
            triage_message_id: None,
            thread_id: None,
            parent_id: None,
            version: 1,
        }
    }

    fn hostile_ticket() -> Ticket {
        let mut t = ticket();
        t.summary = format!("@everyone <@&99> **URGENT** {}", "x".repeat(500));
        t.description = format!("@here ```\n{}\n``` password: hunter2 ||spoiler|| ", "d".repeat(10_000));
        t.answers = (0..40)
            .map(|i| Answer {
                key: format!("q{i}"),
                question: format!("Question {i} @everyone {}", "q".repeat(300)),
                value: Some(format!("<@{i}> {}", "v".repeat(2_000))),
            })
            .collect();
        t
    }

    fn json<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).unwrap_or(Value::Null)
    }

    fn chars(value: &Value) -> usize {
        value.as_str().map_or(0, char_count)
    }

    fn embed_total(embed: &Value) -> usize {
        chars(&embed["title"])
            + chars(&embed["description"])
            + chars(&embed["footer"]["text"])
            + chars(&embed["author"]["name"])
            + embed["fields"]
                .as_array()
                .map_or(0, |fs| fs.iter().map(|f| chars(&f["name"]) + chars(&f["value"])).sum())
    }

    /// Every embed limit of discord-facts.md.
    fn assert_embed_fits(embed: &Value) {
        assert!(chars(&embed["title"]) <= EMBED_TITLE_MAX);
        assert!(chars(&embed["description"]) <= EMBED_DESCRIPTION_MAX);
        assert!(chars(&embed["footer"]["text"]) <= EMBED_FOOTER_MAX);
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= EMBED_FIELDS_MAX, "{} fields", fields.len());
        for f in &fields {
            assert!((1..=EMBED_FIELD_NAME_MAX).contains(&chars(&f["name"])), "{f}");
            assert!((1..=EMBED_FIELD_VALUE_MAX).contains(&chars(&f["value"])), "{f}");
        }
        assert!(embed_total(embed) <= EMBED_TOTAL_MAX, "total {}", embed_total(embed));
    }

    /// Every component limit, and that every custom id is unique and parses back.
    fn assert_components_fit(rows: &Value) {
        let rows = rows.as_array().cloned().unwrap_or_default();
        assert!(rows.len() <= ACTION_ROWS_MAX);
        let mut ids = HashSet::new();
        for row in &rows {
            assert_eq!(row["type"], 1);
            let components = row["components"].as_array().cloned().unwrap_or_default();
            assert!((1..=BUTTONS_PER_ROW_MAX).contains(&components.len()));
            for c in &components {
                let id = c["custom_id"].as_str().unwrap_or_default();
                assert!((1..=100).contains(&char_count(id)), "{id}");
                assert!(ids.insert(id.to_owned()), "duplicate custom id {id}");
                assert!(ComponentId::parse(id).is_some(), "{id} does not parse");
                assert!(chars(&c["label"]) <= BUTTON_LABEL_MAX);
                assert!(chars(&c["placeholder"]) <= SELECT_PLACEHOLDER_MAX);
                if c["type"] == 3 {
                    assert_eq!(components.len(), 1, "a select takes a whole row");
                    let options = c["options"].as_array().cloned().unwrap_or_default();
                    assert!((1..=SELECT_OPTIONS_MAX).contains(&options.len()));
                    let mut values = HashSet::new();
                    for o in &options {
                        for key in ["label", "value", "description"] {
                            assert!(chars(&o[key]) <= SELECT_OPTION_TEXT_MAX);
                        }
                        assert!(values.insert(o["value"].to_string()), "duplicate option value");
                    }
                }
            }
        }
    }

    fn assert_modal_fits(modal: &Value) {
        assert!((1..=MODAL_TITLE_MAX).contains(&chars(&modal["title"])), "{}", modal["title"]);
        let id = modal["custom_id"].as_str().unwrap_or_default();
        assert!(ComponentId::parse(id).is_some_and(|c| c.is_modal()), "{id}");
        let rows = modal["components"].as_array().cloned().unwrap_or_default();
        assert!((1..=MODAL_COMPONENTS_MAX).contains(&rows.len()));
        for row in &rows {
            let input = &row["components"][0];
            assert_eq!(input["type"], 4);
            assert!((1..=TEXT_INPUT_LABEL_MAX).contains(&chars(&input["label"])), "{}", input["label"]);
            assert!(chars(&input["placeholder"]) <= TEXT_INPUT_PLACEHOLDER_MAX);
            assert!(chars(&input["value"]) <= TEXT_INPUT_VALUE_MAX);
            let max = input["max_length"].as_u64().unwrap_or(4000);
            assert!((1..=4000).contains(&max));
            assert!(input["min_length"].as_u64().unwrap_or(0) <= max);
            assert!(chars(&input["value"]) <= usize::try_from(max).unwrap_or(4000));
        }
    }

    fn assert_pings_nobody(message: &Value) {
        let mentions = &message["allowed_mentions"];
        assert_eq!(mentions["parse"], serde_json::json!([]), "{mentions}");
        assert_eq!(mentions["users"], serde_json::json!([]));
        assert_eq!(mentions["roles"], serde_json::json!([]));
    }

    fn assert_message_fits(message: &Value) {
        assert!(chars(&message["content"]) <= MESSAGE_CONTENT_MAX);
        let embeds = message["embeds"].as_array().cloned().unwrap_or_default();
        assert!(embeds.len() <= 10);
        embeds.iter().for_each(assert_embed_fits);
        assert!(embeds.iter().map(embed_total).sum::<usize>() <= EMBED_TOTAL_MAX);
        assert_components_fit(&message["components"]);
    }

    fn labels(rows: &Value) -> Vec<String> {
        rows[0]["components"]
            .as_array()
            .map(|cs| cs.iter().filter_map(|c| c["label"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    fn disabled(rows: &Value) -> Vec<bool> {
        rows[0]["components"]
            .as_array()
            .map(|cs| cs.iter().map(|c| c["disabled"].as_bool().unwrap_or(false)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn triage_shows_the_ticket_with_the_three_buttons() {
        let (embed, rows) = triage_message(&ticket(), "Network & VPN", &IncidentView::default(), now());
        let (embed, rows) = (json(&embed), json(&rows));
        assert_eq!(embed["title"], "#42 · VPN drops every 5 minutes");
        let fields = embed["fields"].to_string();
        for expected in
            ["<@1001>", "Network & VPN", "**P2**", "L1", "Open", "Unassigned", "Asset tag?", "AB-1234"]
        {
            assert!(fields.contains(expected), "{expected} missing from {fields}");
        }
        let first_due = (ticket().created_at + Duration::hours(1)).timestamp();
        assert!(fields.contains(&format!("<t:{first_due}:R>")), "{fields}");
        assert_eq!(labels(&rows), ["Claim", "Escalate", "Resolve", "Ask requester"]);
        assert_eq!(disabled(&rows), [false, false, false, true], "nobody to ask for until it is claimed");
        assert_eq!(
            rows[0]["components"][0]["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::Claim { ticket: 7 })
        );
        assert_components_fit(&rows);
    }

    #[test]
    fn hostile_ticket_stays_within_every_limit_and_pings_nobody() {
        let message = json(&triage_post(&hostile_ticket(), "Network", &IncidentView::default(), now()));
        assert_message_fits(&message);
        assert_pings_nobody(&message);
        let embed = &message["embeds"][0];
        let text = embed.to_string();
        assert!(!text.contains("@everyone") && !text.contains("@here"), "{text}");
        assert!(!text.contains("<@&99>"));
        assert!(!text.contains("<@3>"), "answer values must not render mentions");
        assert!(chars(&embed["description"]) > 500, "the description keeps a fair share");
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert_eq!(fields.last().map(|f| f["name"].clone()), Some(Value::from("More answers")));
        let edit = json(&triage_edit(&hostile_ticket(), "Network", &IncidentView::default(), now()));
        assert_message_fits(&edit);
        assert_pings_nobody(&edit);
    }

    #[test]
    fn answers_alone_past_the_field_limit_are_counted_not_dropped_silently() {
        let mut t = ticket();
        t.answers = (0..40)
            .map(|i| Answer { key: format!("k{i}"), question: format!("Q{i}"), value: Some("yes".into()) })
            .collect();
        let embed = json(&triage_embed(&t, "Network", &IncidentView::default(), now()));
        assert_embed_fits(&embed);
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert_eq!(fields.len(), EMBED_FIELDS_MAX);
        let shown = fields.iter().filter(|f| f["name"].as_str().is_some_and(|n| n.starts_with('Q'))).count();
        assert_eq!(
            fields.last().map(|f| f["value"].to_string()),
            Some(format!("\"{} more not shown here; see `/desk show`.\"", 40 - shown))
        );
    }

    #[test]
    fn skipped_and_blank_answers_still_make_valid_fields() {
        let mut t = ticket();
        t.description = String::new();
        t.answers = vec![
            Answer { key: "a".into(), question: "   ".into(), value: None },
            Answer { key: "b".into(), question: "Model?".into(), value: Some("  ".into()) },
        ];
        let embed = json(&triage_embed(&t, "", &IncidentView::default(), now()));
        assert_embed_fits(&embed);
        assert!(embed["fields"].to_string().contains("*skipped*"));
        assert_eq!(embed.get("description"), None);
    }

    #[test]
    fn each_priority_has_its_colour() {
        let colours: Vec<Value> = Priority::ALL
            .iter()
            .map(|p| {
                let mut t = ticket();
                t.priority = *p;
                json(&triage_embed(&t, "Network", &IncidentView::default(), now()))["color"].clone()
            })
            .collect();
        assert_eq!(colours, [0xED4245, 0xE67E22, 0xFEE75C, 0x95A5A6].map(Value::from));
    }

    #[test]
    fn claim_is_disabled_once_someone_has_it_and_everything_once_closed() {
        let mut t = ticket();
        t.status = Status::InProgress;
        t.assignee_id = Some(5);
        assert_eq!(disabled(&json(&triage_buttons(&t))), [true, false, false, false]);
        t.level = Level::THREE;
        assert_eq!(disabled(&json(&triage_buttons(&t))), [true, true, false, false]);
        t.status = Status::WaitingOnRequester;
        assert_eq!(disabled(&json(&triage_buttons(&t))), [true, true, false, true], "already asked");
        for status in [Status::Resolved, Status::Closed, Status::Cancelled] {
            t.status = status;
            assert_eq!(disabled(&json(&triage_buttons(&t))), [true, true, true, true], "{status}");
        }
    }

    #[test]
    fn due_times_are_marked_when_breached_or_nearly() {
        let mut t = ticket();
        let due = t.sla.first_response_due.unwrap_or_default();
        let breached = json(&triage_embed(&t, "N", &IncidentView::default(), due + Duration::minutes(1)));
        assert!(breached["fields"].to_string().contains("⚠️ **breached**"));
        t.sla.first_response_at = Some(now());
        let responded = json(&triage_embed(&t, "N", &IncidentView::default(), now()));
        assert!(responded["fields"].to_string().contains("✅ responded"));
        assert_eq!(
            sla_state(now(), now() + Duration::minutes(100), now() + Duration::minutes(80)),
            SlaState::NearlyBreached
        );
        assert_eq!(
            sla_state(now(), now() + Duration::minutes(100), now() + Duration::minutes(10)),
            SlaState::OnTrack
        );
    }

    #[test]
    fn thread_name_is_the_number_and_summary_on_one_line() {
        let mut t = ticket();
        assert_eq!(thread_name(&t), "#42 VPN drops every 5 minutes");
        t.summary = format!("line\nbreak {}", "y".repeat(300));
        let name = thread_name(&t);
        assert!(char_count(&name) <= THREAD_NAME_MAX && name.starts_with("#42 line break"));
    }

    #[test]
    fn requester_gets_a_dm_for_every_status_change() {
        let t = ticket();
        let kinds = [
            NoticeKind::Opened,
            NoticeKind::Claimed { by: 5 },
            NoticeKind::Assigned { to: 5, reason: None },
            NoticeKind::Escalated { level: Level::TWO, reason: "needs AD access".into() },
            NoticeKind::Waiting { note: Some("Which laptop?".into()) },
            NoticeKind::Waiting { note: None },
            NoticeKind::Resumed,
            NoticeKind::Resolved { notes: "Reinstalled the client".into(), code: ResolutionCode::Fixed },
            NoticeKind::Reopened,
            NoticeKind::Closed,
            NoticeKind::Cancelled { reason: None },
            NoticeKind::PriorityChanged { priority: Priority::P1, reason: "whole floor".into() },
            NoticeKind::Reply { from: 5, text: "Please restart".into() },
        ];
        for kind in &kinds {
            let dm = requester_dm(&t, kind).map(|d| json(&d.into_message()));
            let Some(dm) = dm else { panic!("no DM for {kind:?}") };
            assert!(dm["content"].as_str().is_some_and(|c| c.contains("#42")), "{dm}");
            assert_message_fits(&dm);
            assert_pings_nobody(&dm);
        }
        let claimed = requester_dm(&t, &NoticeKind::Claimed { by: 5 }).map(|d| d.content);
        assert!(claimed.is_some_and(|c| c.contains("<@5>")));
        for kind in [NoticeKind::RefreshTriage, NoticeKind::LevelPing { level: Level::TWO }] {
            assert!(requester_dm(&t, &kind).is_none());
        }
    }

    #[test]
    fn resolved_dm_has_fixed_and_still_broken_and_closed_dm_a_rating() {
        let t = ticket();
        let resolved = requester_dm(
            &t,
            &NoticeKind::Resolved { notes: "n".repeat(5000), code: ResolutionCode::Workaround },
        )
        .map(|d| json(&d.into_message()))
        .unwrap_or_default();
        assert_message_fits(&resolved);
        assert_eq!(labels(&resolved["components"]), ["Fixed", "Still broken"]);
        let ids: Vec<Option<ComponentId>> = resolved["components"][0]["components"]
            .as_array()
            .map(|cs| cs.iter().map(|c| c["custom_id"].as_str().and_then(ComponentId::parse)).collect())
            .unwrap_or_default();
        assert_eq!(
            ids,
            [Some(ComponentId::Fixed { ticket: 7 }), Some(ComponentId::StillBroken { ticket: 7 })]
        );

        let closed =
            requester_dm(&t, &NoticeKind::Closed).map(|d| json(&d.into_message())).unwrap_or_default();
        assert_message_fits(&closed);
        let select = &closed["components"][0]["components"][0];
        assert_eq!(
            select["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::Rate { ticket: 7 })
        );
        let mut scores: Vec<i16> = select["options"]
            .as_array()
            .map(|os| os.iter().filter_map(|o| o["value"].as_str().and_then(parse_rating)).collect())
            .unwrap_or_default();
        scores.sort_unstable();
        assert_eq!(scores, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn watchers_get_the_change_without_the_requester_buttons() {
        let t = ticket();
        let kind = NoticeKind::Resolved { notes: "done".into(), code: ResolutionCode::Fixed };
        let dm = notice_dm(&t, &kind, 555).map(|d| json(&d.into_message())).unwrap_or_default();
        assert!(dm["content"].as_str().is_some_and(|c| c.contains("which you follow")));
        assert_eq!(dm.get("components"), None);
        let to_requester = notice_dm(&t, &kind, t.requester_id).map(|d| d.components.len());
        assert_eq!(to_requester, Some(1));
    }

    #[test]
    fn the_assigned_technician_is_told_the_ticket_is_theirs_not_that_they_follow_it() {
        let mut t = ticket();
        t.assignee_id = Some(555);
        let content = |kind: &NoticeKind, to: DiscordId| {
            notice_dm(&t, kind, to).map(|d| json(&d.into_message())["content"].clone()).unwrap_or_default()
        };
        let assigned = content(&NoticeKind::Assigned { to: 555, reason: None }, 555);
        assert!(assigned.as_str().is_some_and(|c| c.contains("You were assigned")), "{assigned}");
        let why = content(
            &NoticeKind::Assigned { to: 555, reason: Some("on duty, skilled in network".into()) },
            555,
        );
        assert!(why.as_str().is_some_and(|c| c.contains("Why you: on duty, skilled in network.")), "{why}");
        let reopened = content(&NoticeKind::Reopened, 555);
        assert!(reopened.as_str().is_some_and(|c| c.contains("assigned to you") && !c.contains("follow")));
        let to_watcher = content(&NoticeKind::Assigned { to: 555, reason: None }, 556);
        assert!(to_watcher.as_str().is_some_and(|c| c.contains("which you follow")), "{to_watcher}");
    }

    #[test]
    fn hostile_user_text_in_notices_is_inert_and_fitted() {
        let t = hostile_ticket();
        let evil = format!("@everyone <@&1> [x](https://evil) {}", "z".repeat(5000));
        for kind in [
            NoticeKind::Reply { from: 5, text: evil.clone() },
            NoticeKind::Escalated { level: Level::TWO, reason: evil.clone() },
            NoticeKind::Cancelled { reason: Some(evil.clone()) },
        ] {
            for out in [
                requester_dm(&t, &kind),
                watcher_dm(&t, &kind),
                thread_post(&t, &kind, None),
                coordinators_post(&t, &kind),
            ]
            .into_iter()
            .flatten()
            {
                let message = json(&out.into_message());
                assert_message_fits(&message);
                assert_pings_nobody(&message);
                let content = message["content"].as_str().unwrap_or_default();
                assert!(!content.contains("@everyone") && !content.contains("<@&1>"), "{content}");
                assert!(!content.contains("[x]"));
            }
        }
        let relayed = thread_post(&t, &NoticeKind::RequesterMessage { text: evil }, None)
            .map(|o| json(&o.into_message()));
        assert!(
            relayed
                .as_ref()
                .is_some_and(|m| m["content"].as_str().is_some_and(|c| c.starts_with("<@1001> (requester)")))
        );
    }

    #[test]
    fn only_the_level_ping_pings_and_only_its_role() {
        let t = ticket();
        let ping = thread_post(&t, &NoticeKind::LevelPing { level: Level::TWO }, Some(777))
            .map(|o| json(&o.into_message()))
            .unwrap_or_default();
        assert!(ping["content"].as_str().is_some_and(|c| c.starts_with("<@&777>")));
        assert_eq!(ping["allowed_mentions"]["roles"], serde_json::json!(["777"]));
        assert_eq!(ping["allowed_mentions"]["parse"], serde_json::json!([]));
        assert_eq!(ping["allowed_mentions"]["users"], serde_json::json!([]));
        let no_role = thread_post(&t, &NoticeKind::LevelPing { level: Level::TWO }, None)
            .map(|o| json(&o.into_message()));
        assert!(no_role.is_some_and(|m| m["allowed_mentions"]["roles"] == serde_json::json!([])));
    }

    #[test]
    fn nearly_breached_starts_at_the_stored_warning_time_when_there_is_one() {
        let (start, due) = (now(), now() + Duration::minutes(100));
        let warn = Some(now() + Duration::minutes(90));
        assert_eq!(clock_state(None, start, due, now() + Duration::minutes(80)), SlaState::NearlyBreached);
        assert_eq!(
            clock_state(warn, start, due, now() + Duration::minutes(80)),
            SlaState::OnTrack,
            "business hours"
        );
        assert_eq!(clock_state(warn, start, due, now() + Duration::minutes(90)), SlaState::NearlyBreached);
        assert_eq!(clock_state(warn, start, due, now() + Duration::minutes(100)), SlaState::Breached);
    }

    #[test]
    fn the_sla_warning_pings_the_holder_or_else_the_role_of_the_level() {
        use crate::domain::sla::SlaKind;
        let due = ticket().created_at + Duration::hours(1);
        let warning = NoticeKind::SlaWarning { clock: SlaKind::FirstResponse, due };
        let unheld =
            thread_post(&ticket(), &warning, Some(777)).map(|o| json(&o.into_message())).unwrap_or_default();
        let content = unheld["content"].as_str().unwrap_or_default();
        assert!(content.starts_with("<@&777>") && content.contains("#42"), "{content}");
        assert!(
            content.contains("first response") && content.contains(&format!("<t:{}:R>", due.timestamp()))
        );
        assert_eq!(unheld["allowed_mentions"]["roles"], serde_json::json!(["777"]));
        let held = Ticket { assignee_id: Some(1001), ..ticket() };
        let to_holder =
            thread_post(&held, &warning, Some(777)).map(|o| json(&o.into_message())).unwrap_or_default();
        assert!(to_holder["content"].as_str().is_some_and(|c| c.starts_with("<@1001>")), "{to_holder}");
        assert_eq!(to_holder["allowed_mentions"]["users"], serde_json::json!(["1001"]));
        assert_eq!(to_holder["allowed_mentions"]["roles"], serde_json::json!([]));
    }

    #[test]
    fn the_breach_alert_names_the_ticket_how_late_and_who_holds_it() {
        use crate::domain::sla::SlaKind;
        let alert = |holder| NoticeKind::SlaBreached {
            clock: SlaKind::FirstResponse,
            late_secs: 3_900,
            holder,
            level: Level::TWO,
        };
        let post =
            coordinators_post(&ticket(), &alert(None)).map(|o| json(&o.into_message())).unwrap_or_default();
        let content = post["content"].as_str().unwrap_or_default();
        assert!(content.contains("#42") && content.contains("VPN drops"), "{content}");
        assert!(content.contains("first response is 1 h 5 min late"), "{content}");
        assert!(content.contains("nobody (level 2 queue)") && content.contains("level 2"), "{content}");
        assert_pings_nobody(&post);
        let held = coordinators_post(&ticket(), &alert(Some(1001))).map(|o| o.content).unwrap_or_default();
        assert!(held.contains("Held by <@1001>"), "{held}");
        let dm = requester_dm(&ticket(), &alert(None)).map(|o| o.content).unwrap_or_default();
        assert!(dm.contains("#42") && dm.contains("escalated"), "{dm}");
        let p1 = Ticket { priority: Priority::P1, ..ticket() };
        let opened =
            coordinators_post(&p1, &NoticeKind::Opened).map(|o| json(&o.into_message())).unwrap_or_default();
        let content = opened["content"].as_str().unwrap_or_default();
        assert!(
            content.contains("P1") && content.contains("#42") && content.contains("VPN drops"),
            "{content}"
        );
        assert_pings_nobody(&opened);
        assert_eq!(sla_text::late(45), "45 s");
        assert_eq!(sla_text::late(7_200), "2 h");
        assert_eq!(sla_text::late(2 * 86_400 + 3 * 3_600 + 60), "2 d 3 h");
    }

    #[test]
    fn closed_dms_are_reported_in_the_thread() {
        let t = ticket();
        let post = thread_post(
            &t,
            &NoticeKind::DeliveryFailed { user: 1001, reason: "Discord error 50007".into() },
            None,
        );
        assert_eq!(
            post.map(|p| p.content),
            Some("Couldn't DM <@1001>: their DMs are closed. Tell them here or another way.".to_owned())
        );
        assert!(thread_post(&t, &NoticeKind::RefreshTriage, None).is_none());
    }

    #[test]
    fn allowed_mentions_helpers_serialize_as_discord_expects() {
        assert_eq!(json(&no_pings()), serde_json::json!({"parse": [], "users": [], "roles": []}));
        assert_eq!(
            json(&ping_users(&[5, 0, -3])),
            serde_json::json!({"parse": [], "users": ["5"], "roles": []})
        );
        assert_eq!(json(&ping_role(9)), serde_json::json!({"parse": [], "users": [], "roles": ["9"]}));
    }

    #[test]
    fn modals_fit_and_carry_ids_that_parse_back() {
        let t = ticket();
        let escalate = json(&escalate_modal(&t, 10));
        assert_modal_fits(&escalate);
        assert_eq!(
            escalate["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::EscalateModal { ticket: 7 })
        );
        assert_eq!(escalate["components"][0]["components"][0]["custom_id"], INPUT_REASON);
        assert_eq!(escalate["components"][0]["components"][0]["min_length"], 10);
        assert_eq!(escalate["components"][0]["components"][0]["required"], true);

        let resolve = json(&resolve_modal(&t, 20));
        assert_modal_fits(&resolve);
        let code = &resolve["components"][1]["components"][0];
        assert_eq!(code["custom_id"], INPUT_CODE);
        assert_eq!(code["value"], "fixed");
        assert!(code["placeholder"].as_str().is_some_and(|p| p.contains("not_reproducible")));
        assert_modal_fits(&json(&resolve_modal(&t, u16::MAX)));
        assert_modal_fits(&json(&reopen_modal(&t)));
        let mut big = t.clone();
        big.number = Some(TicketNumber(i64::MAX));
        for modal in [escalate_modal(&big, 5), resolve_modal(&big, 5), reopen_modal(&big)] {
            assert_modal_fits(&json(&modal));
        }
    }

    #[test]
    fn resolution_codes_are_read_forgivingly() {
        assert_eq!(resolution_code(""), Some(ResolutionCode::Fixed));
        assert_eq!(resolution_code(" Workaround "), Some(ResolutionCode::Workaround));
        assert_eq!(resolution_code("Not reproducible"), Some(ResolutionCode::NotReproducible));
        assert_eq!(resolution_code("user-error"), Some(ResolutionCode::UserError));
        assert_eq!(resolution_code("magic"), None);
    }

    #[test]
    fn ticket_modal_takes_five_questions_with_short_labels() {
        let long_label = "What is the exact error message shown on screen when it fails?";
        let questions: Vec<ModalQuestion<'_>> = (0..8)
            .map(|i| ModalQuestion {
                label: if i == 0 { "Summary" } else { long_label },
                placeholder: Some("p"),
                value: (i == 0).then_some("@everyone printer on fire"),
                required: i < 2,
                long: i == 2,
                max_len: 200,
            })
            .collect();
        let slug = Slug::new("network");
        let modal = slug.as_ref().and_then(|s| ticket_modal(Some((s, "Network & VPN")), &questions));
        let modal = json(&modal);
        assert_modal_fits(&modal);
        assert_eq!(modal["components"].as_array().map(Vec::len), Some(5));
        assert_eq!(
            modal["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::TicketModal { category: Slug::new("network") })
        );
        let first = &modal["components"][0]["components"][0];
        assert_eq!(first["custom_id"].as_str().and_then(parse_intake_input), Some(0));
        assert_eq!(first["value"], "@everyone printer on fire");
        assert!(ticket_modal(None, &[]).is_none());
    }

    #[test]
    fn queue_page_lists_marks_and_pages_with_the_filter() {
        let mut breached = ticket();
        breached.priority = Priority::P1;
        breached.sla.first_response_due = Some(now() - Duration::minutes(5));
        let mut held = ticket();
        held.number = Some(TicketNumber(43));
        held.status = Status::InProgress;
        held.assignee_id = Some(5);
        let filter =
            QueueFilter { level: Some(Level::ONE), category: Slug::new("network"), ..QueueFilter::default() };
        let page = QueuePage { tickets: vec![breached, held.clone()], total: 7, ahead: 2 };
        let (embed, rows) = queue_page(&page, 2, &filter, now(), None);
        let (embed, rows) = (json(&embed), json(&rows));
        assert_embed_fits(&embed);
        assert_components_fit(&rows);
        let description = embed["description"].as_str().unwrap_or_default();
        assert!(description.starts_with("⚠️ **#42** · **P1**"), "{description}");
        assert!(description.contains("**#43** · **P2** · In progress · L1 · <@5>"));
        assert_eq!(embed["footer"]["text"], "Page 2 of 4 · 7 tickets · sorted by priority, then due time");
        assert_eq!(labels(&rows), ["Prev", "Next"]);
        assert_eq!(disabled(&rows), [false, false]);
        let next = rows[0]["components"][1]["custom_id"].as_str().and_then(ComponentId::parse);
        let after = QueueKey::of(&held).map(Seek::After);
        assert_eq!(next, Some(ComponentId::Queue { filter, seek: after }));
        let last = QueuePage { tickets: vec![held], total: 7, ahead: 6 };
        let (_, last) = queue_page(&last, 2, &QueueFilter::default(), now(), None);
        assert_eq!(disabled(&json(&last)), [false, true]);
        let nothing = QueuePage { tickets: vec![], total: 0, ahead: 0 };
        let (empty, first) = queue_page(&nothing, 10, &QueueFilter::default(), now(), None);
        assert_eq!(disabled(&json(&first)), [true, true]);
        assert_eq!(json(&empty)["description"], "Nothing here. 🎉");
        let (noted, _) = queue_page(&nothing, 10, &QueueFilter::default(), now(), Some("Moved on."));
        assert_eq!(json(&noted)["description"], "*Moved on.*\n\nNothing here. 🎉");
    }

    #[test]
    fn a_huge_queue_page_still_fits() {
        let tickets: Vec<Ticket> = (0..100).map(|_| hostile_ticket()).collect();
        let page = QueuePage { tickets, total: 1000, ahead: 0 };
        let (embed, rows) = queue_page(&page, 100, &QueueFilter::default(), now(), Some(&"n".repeat(5000)));
        assert_embed_fits(&json(&embed));
        assert_components_fit(&json(&rows));
    }

    #[test]
    fn history_keeps_the_latest_events_within_the_limit() {
        let t = ticket();
        let events: Vec<EventRecord> = (0..200)
            .map(|i| EventRecord {
                id: i,
                ticket_id: 7,
                kind: if i == 0 { EventKind::Created } else { EventKind::Note },
                actor_id: (i % 2 == 0).then_some(5),
                at: now() + Duration::minutes(i),
                from_status: (i == 0).then_some(Status::Intake),
                to_status: (i == 0).then_some(Status::Open),
                note: Some(format!("note {i} @everyone {}", "n".repeat(100))),
            })
            .collect();
        let embed = json(&history(&t, &events));
        assert_embed_fits(&embed);
        let description = embed["description"].as_str().unwrap_or_default();
        assert!(description.starts_with("… "), "{}", &description[..40]);
        assert!(description.contains("note 199"));
        assert!(!description.contains("@everyone"));
        let short = json(&history(&t, &events[..1]));
        assert!(short["description"].as_str().is_some_and(|d| d.contains("**opened** (Intake → Open)")));
    }

    #[test]
    fn my_tickets_offers_cancel_only_while_unclaimed() {
        let open = ticket();
        let mut held = ticket();
        held.id = 8;
        held.status = Status::InProgress;
        held.assignee_id = Some(5);
        let message = json(&my_tickets(&[open, held], now()).into_response(true));
        assert_message_fits(&message);
        assert_eq!(labels(&message["components"]), ["Cancel #42"]);
        assert_eq!(message["flags"], 64);
        let many: Vec<Ticket> = (0..40).map(|i| Ticket { id: i, ..ticket() }).collect();
        assert_message_fits(&json(&my_tickets(&many, now()).into_message()));
    }

    #[test]
    fn intake_prompts_fit_and_their_ids_parse_back() {
        let categories: Vec<CategoryChoice<'_>> = (0..30)
            .map(|i| CategoryChoice {
                id: if i == 3 {
                    "network"
                } else if i % 2 == 0 {
                    "dup"
                } else {
                    "other"
                },
                name: "Network & VPN @everyone",
                description: Some("Wi-Fi, VPN, cables"),
            })
            .collect();
        let prompt = json(&category_prompt(12, &categories, Some("network")).into_message());
        assert_message_fits(&prompt);
        assert!(prompt["content"].as_str().is_some_and(|c| c.contains("Never send passwords")));
        assert!(!prompt["content"].to_string().contains("@everyone"));

        let choices: Vec<String> = (0..30).map(|i| format!("choice {}", i % 27)).collect();
        let question =
            json(&intake_question(12, 2, 5, &"Which? @here ".repeat(300), true, &choices).into_message());
        assert_message_fits(&question);
        assert!(question["content"].as_str().is_some_and(|c| c.starts_with("**Question 3 of 5**")));
        let ids: Vec<Option<ComponentId>> = question["components"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|r| r["components"][0]["custom_id"].as_str().and_then(ComponentId::parse))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            ids,
            [
                Some(ComponentId::IntakeChoice { intake: 12, step: 2 }),
                Some(ComponentId::IntakeSkip { intake: 12, step: 2 })
            ]
        );

        let answers = hostile_ticket().answers;
        let fixes: Vec<KnownFix<'_>> =
            (0..5).map(|i| KnownFix { article: i, title: "VPN", steps: "Reinstall the client" }).collect();
        let review = json(
            &intake_review(12, &"s".repeat(400), "Network", Priority::P3, &answers, &fixes, None)
                .into_message(),
        );
        assert_message_fits(&review);
        assert_eq!(labels(&review["components"]), ["Submit", "Edit", "Cancel"]);
        assert_eq!(
            labels(&serde_json::json!([review["components"][1]])),
            ["This fixed it (1)", "This fixed it (2)", "This fixed it (3)", "Not this"],
            "three articles at most, and Not this"
        );
    }

    #[test]
    fn a_question_before_the_category_has_no_total_and_edit_offers_every_answer() {
        let question =
            json(&intake_question(3, 0, 0, "In one line, what is the problem?", false, &[]).into_message());
        assert!(
            question["content"].as_str().is_some_and(|c| c.starts_with("**Question 1**\n")),
            "{question}"
        );

        let long = "v".repeat(300);
        let items = [
            EditItem { key: "summary", label: "Summary", value: Some("VPN drops") },
            EditItem { key: "asset_tag", label: "Asset tag @everyone", value: None },
            EditItem { key: "description", label: "Description", value: Some(&long) },
            EditItem { key: "summary", label: "Duplicate key", value: None },
        ];
        let edit = json(&intake_edit(3, &items).into_message());
        assert_message_fits(&edit);
        let select = &edit["components"][0]["components"][0];
        assert_eq!(
            select["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::IntakeEditItem { intake: 3 })
        );
        let values: Vec<&str> = select["options"]
            .as_array()
            .map(|o| o.iter().filter_map(|o| o["value"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(values, ["summary", "asset_tag", "description"]);
        assert_eq!(select["options"][1]["description"], "*skipped*");
        let buttons: Vec<&str> = edit["components"][1]["components"]
            .as_array()
            .map(|cs| cs.iter().filter_map(|c| c["label"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(buttons, ["Submit", "Cancel"]);
    }

    #[test]
    fn ephemeral_answers_are_ephemeral_fitted_and_ping_nobody() {
        let reply = json(&ephemeral("@everyone ".repeat(500)));
        assert_eq!(reply["flags"], 64);
        assert!(chars(&reply["content"]) <= MESSAGE_CONTENT_MAX);
        assert_pings_nobody(&reply);
        let refused = json(&refusal(&"Only technicians can claim tickets."));
        assert_eq!(refused["content"], "Only technicians can claim tickets.");
    }

    #[test]
    fn other_delivery_failures_are_not_called_closed_dms() {
        let t = ticket();
        let kind = NoticeKind::DeliveryFailed { user: 1001, reason: "connection closed by peer".into() };
        let post = thread_post(&t, &kind, None).map(|p| p.content).unwrap_or_default();
        assert!(!post.contains("DMs are closed") && post.contains("connection closed by peer"), "{post}");
        let coordinators = coordinators_post(&t, &kind).map(|p| p.content).unwrap_or_default();
        assert!(coordinators.starts_with("**#42 (VPN drops every 5 minutes)**"), "{coordinators}");
    }

    #[test]
    fn outgoing_refits_content_set_after_construction() {
        let mut out = Outgoing::text("short");
        out.content = "x".repeat(5000);
        for content in [
            json(&out.clone().into_message())["content"].clone(),
            json(&out.clone().into_edit())["content"].clone(),
            json(&out.clone().into_response(false))["content"].clone(),
            json(&out.clone().into_followup(false))["content"].clone(),
            json(&out.into_edit_response())["content"].clone(),
        ] {
            assert_eq!(chars(&content), MESSAGE_CONTENT_MAX);
        }
    }
}
