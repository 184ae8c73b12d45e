//! Commands for staff and requesters' own lists: `/queue` (with its paging buttons), `/escalate`,
//! `/assign`, `/desk show|note|watch|priority|cancel|skills`, and `/mytickets` (the suggestion of
//! `/assign` without a technician and `/desk skills` are in `assign.rs`).

use serenity::all::{CommandInteraction, ComponentInteraction, Http, RoleId};

use super::catalogue::incident as incident_text;
use super::catalogue::replies;
use super::commands::{
    DESK_CANCEL, DESK_LINK, DESK_NOTE, DESK_PRIORITY, DESK_SHOW, DESK_SKILLS, DESK_UNLINK, DESK_WATCH,
    Options,
};
use super::context::{Bot, HandlerError, HandlerResult};
use super::ids::{AssigneeFilter, ComponentId, QueueFilter, Slug};
use super::render::{self, Outgoing};
use super::respond::{self, Mode, Target};
use crate::domain::{Action, Actor, Lang, Level, Priority, Status, TicketNumber};
use crate::store::{Page, QueueFilter as StoreFilter, Seek};

/// Tickets per `/queue` page (one embed; each line is short).
pub const QUEUE_PAGE_SIZE: u32 = 10;
/// Tickets `/mytickets` lists, newest activity first.
const MY_TICKETS_MAX: i64 = 15;

fn command_actor(bot: &Bot, cmd: &CommandInteraction) -> Actor {
    bot.actor(cmd.user.id.get() as i64, cmd.guild_id, cmd.member.as_ref().map(|m| m.roles.as_slice()))
}

fn require_staff(actor: &Actor) -> HandlerResult {
    if actor.roles().is_staff() { Ok(()) } else { Err(HandlerError::User(replies::only_technicians())) }
}

fn require_coordinator(actor: &Actor) -> HandlerResult {
    if actor.roles().coordinator { Ok(()) } else { Err(HandlerError::User(replies::only_coordinators())) }
}

/// Whether this module answers the component.
pub fn handles(id: &ComponentId) -> bool {
    matches!(id, ComponentId::Queue { .. })
}

/// The page of `/queue` at `seek`; with no place (an old or tampered button), the first page and a
/// note saying so.
async fn queue_page(bot: &Bot, filter: &QueueFilter, seek: Option<Seek>) -> HandlerResult<Outgoing> {
    let page = Page { seek: seek.unwrap_or(Seek::First), limit: i64::from(QUEUE_PAGE_SIZE) };
    let result = bot.desk.queue(bot.config.guild_id, &filter.to_store(), page).await?;
    let note = seek.is_none().then(replies::queue_restarted);
    // Each line says which incident a child is part of, or how many an incident affects.
    let mut incidents = std::collections::HashMap::new();
    for ticket in &result.tickets {
        let view = bot.desk.incident_view(ticket).await?;
        if view.parent.is_some() || view.affected > 0 {
            incidents.insert(ticket.id, view);
        }
    }
    let (embed, rows) =
        render::queue_page_with(&result, QUEUE_PAGE_SIZE, filter, &incidents, bot.now(), note.as_deref());
    Ok(Outgoing::embed(embed).with_components(rows))
}

pub async fn on_queue(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor = command_actor(bot, cmd);
    require_staff(&actor)?;
    let o = Options(&cmd.data.options);
    let status = match o.str("status") {
        Some(s) => Some(s.parse::<Status>().map_err(|e| HandlerError::User(e.to_string()))?),
        None => None,
    };
    let category = match o.str("category") {
        Some(c) => Some(Slug::new(c).ok_or_else(|| HandlerError::User(replies::not_here()))?),
        None => None,
    };
    let assignee = match (o.user("assignee"), o.bool("unassigned")) {
        (Some(user), _) => Some(AssigneeFilter::User(user.get() as i64)),
        (None, Some(true)) => Some(AssigneeFilter::Nobody),
        _ => None,
    };
    let filter = QueueFilter { status, level: o.int("level").and_then(Level::new), assignee, category };
    respond::answer(
        http,
        Target::Command(cmd),
        Mode::Reply { ephemeral: true },
        queue_page(bot, &filter, Some(Seek::First)),
    )
    .await
}

pub async fn on_component(
    bot: &Bot,
    http: &Http,
    c: &ComponentInteraction,
    id: ComponentId,
) -> HandlerResult {
    let ComponentId::Queue { filter, seek } = id else {
        return Err(HandlerError::User(replies::expired_button()));
    };
    let actor = bot.actor(c.user.id.get() as i64, c.guild_id, c.member.as_ref().map(|m| m.roles.as_slice()));
    require_staff(&actor)?;
    respond::answer(http, Target::Component(c), Mode::Update, queue_page(bot, &filter, seek)).await
}

pub async fn on_escalate(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor = command_actor(bot, cmd);
    require_staff(&actor)?;
    let o = Options(&cmd.data.options);
    let reason = o.str("reason").unwrap_or_default().to_owned();
    let to = match o.int("level") {
        Some(n) => Some(Level::new(n).ok_or_else(|| HandlerError::User(replies::highest_level()))?),
        None => None,
    };
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let ticket = bot.ticket_option(&o).await?;
        let changed = bot.desk.act(ticket.id, actor, Action::Escalate { to, reason }).await?;
        Ok(Outgoing::text(replies::escalated(&changed.ticket.label(), changed.ticket.level.get())))
    })
    .await
}

pub async fn on_assign(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor = command_actor(bot, cmd);
    require_coordinator(&actor)?;
    let o = Options(&cmd.data.options);
    let Some(technician) = o.user("technician") else {
        return super::assign::suggest(bot, http, cmd, &o).await;
    };
    // The technician's roles come with the command (resolved member); their level is read from them.
    let roles: Vec<RoleId> =
        cmd.data.resolved.members.get(&technician).map(|m| m.roles.clone()).unwrap_or_default();
    let level = bot.roles_of(&roles).level;
    let reason = o.str("reason").map(str::to_owned);
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let ticket = bot.ticket_option(&o).await?;
        let action = Action::Assign { technician: technician.get() as i64, level, reason };
        let changed = bot.desk.act(ticket.id, actor, action).await?;
        Ok(Outgoing::text(replies::assigned(&changed.ticket.label(), &render::user(technician.get() as i64))))
    })
    .await
}

pub async fn on_desk(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor = command_actor(bot, cmd);
    require_staff(&actor)?;
    let Some((sub, o)) = Options(&cmd.data.options).subcommand() else {
        return Err(HandlerError::User(replies::not_here()));
    };
    let target = Target::Command(cmd);
    let ephemeral = Mode::Reply { ephemeral: true };
    match sub {
        DESK_SHOW => {
            respond::answer(http, target, ephemeral, async {
                let ticket = bot.ticket_option(&o).await?;
                let events = bot.desk.history(ticket.id).await?;
                Ok(Outgoing::embed(render::history(&ticket, &events)))
            })
            .await
        }
        DESK_NOTE => {
            let text = o.str("text").unwrap_or_default().to_owned();
            respond::answer(http, target, ephemeral, async {
                let ticket = bot.ticket_option(&o).await?;
                let changed = bot.desk.note(ticket.id, actor, &text).await?;
                Ok(Outgoing::text(replies::note_added(&changed.ticket.label())))
            })
            .await
        }
        DESK_WATCH => {
            respond::answer(http, target, ephemeral, async {
                let ticket = bot.ticket_option(&o).await?;
                let added = bot.desk.watch(ticket.id, actor).await?;
                let label = ticket.label();
                Ok(Outgoing::text(if added {
                    replies::watching(&label)
                } else {
                    replies::already_watching(&label)
                }))
            })
            .await
        }
        DESK_PRIORITY => {
            require_coordinator(&actor)?;
            let priority = o
                .str("value")
                .unwrap_or_default()
                .parse::<Priority>()
                .map_err(|e| HandlerError::User(e.to_string()))?;
            let reason = o.str("reason").unwrap_or_default().to_owned();
            respond::answer(http, target, ephemeral, async {
                let ticket = bot.ticket_option(&o).await?;
                let changed =
                    bot.desk.act(ticket.id, actor, Action::OverridePriority { priority, reason }).await?;
                Ok(Outgoing::text(replies::priority_set(&changed.ticket.label(), &priority.to_string())))
            })
            .await
        }
        DESK_CANCEL => {
            require_coordinator(&actor)?;
            let reason = o.str("reason").map(str::to_owned);
            respond::answer(http, target, ephemeral, async {
                let ticket = bot.ticket_option(&o).await?;
                let changed = bot.desk.act(ticket.id, actor, Action::Cancel { reason }).await?;
                Ok(Outgoing::text(replies::cancelled(&changed.ticket.label())))
            })
            .await
        }
        DESK_LINK => {
            let reason = o.str("reason").map(str::to_owned);
            respond::answer(http, target, ephemeral, async {
                let child = bot.ticket_option(&o).await?;
                let parent =
                    o.int("parent").and_then(|n| TicketNumber::parse(&n.to_string())).ok_or_else(|| {
                        HandlerError::User(replies::bad_ticket_number(
                            &o.int("parent").unwrap_or(0).to_string(),
                        ))
                    })?;
                let parent = bot.desk.find(bot.config.guild_id, parent).await?;
                let changed = bot.desk.link_tickets(child.id, parent.id, actor, reason.as_deref()).await?;
                Ok(Outgoing::text(incident_text::linked(&changed.ticket.label(), &parent.label())))
            })
            .await
        }
        DESK_UNLINK => {
            let reason = o.str("reason").map(str::to_owned);
            respond::answer(http, target, ephemeral, async {
                let child = bot.ticket_option(&o).await?;
                let number = child.number.unwrap_or(TicketNumber(0));
                let changed = bot.desk.unlink(bot.config.guild_id, number, actor, reason.as_deref()).await?;
                Ok(Outgoing::text(incident_text::unlinked(&changed.ticket.label())))
            })
            .await
        }
        DESK_SKILLS => {
            require_coordinator(&actor)?;
            super::assign::on_skills(bot, http, cmd, actor, &o).await
        }
        _ => Err(HandlerError::User(replies::not_here())),
    }
}

/// `/language`: the requester chooses the language deskbot writes to them in; the answer is in it.
pub async fn on_language(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let Some(lang) = Options(&cmd.data.options).str("language").and_then(|code| code.parse::<Lang>().ok())
    else {
        return Err(HandlerError::User(replies::expired_button()));
    };
    let user = cmd.user.id.get() as i64;
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        bot.desk.choose_lang(user, lang).await?;
        Ok(Outgoing::text(super::catalogue::in_lang(lang, super::catalogue::replies::language_set)))
    })
    .await
}

pub async fn on_mytickets(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let requester = cmd.user.id.get() as i64;
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let filter = StoreFilter { requester: Some(requester), ..StoreFilter::default() };
        let mut tickets =
            bot.desk.queue(bot.config.guild_id, &filter, Page::first(MY_TICKETS_MAX)).await?.tickets;
        // Recently finished ones too, so a requester sees what happened to their last tickets.
        for status in [Status::Resolved, Status::Closed, Status::Cancelled] {
            let filter =
                StoreFilter { requester: Some(requester), status: Some(status), ..StoreFilter::default() };
            let more = bot.desk.queue(bot.config.guild_id, &filter, Page::first(5)).await?.tickets;
            tickets.extend(more);
        }
        tickets.sort_by_key(|t| std::cmp::Reverse(t.updated_at));
        tickets.truncate(MY_TICKETS_MAX as usize);
        Ok(render::my_tickets(&tickets, bot.now()))
    })
    .await
}
