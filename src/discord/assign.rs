//! Assignment on Discord: `/assign ticket:<n>` without a technician (the suggestion) and its
//! **Confirm** button, `/desk skills` and `/duty on|off`. Each handler checks who asks, calls one
//! service function and renders its answer; the rule is in the domain, the bookkeeping in
//! [`crate::service::assign`].

use serenity::all::{CommandInteraction, ComponentInteraction, Http, RoleId};

use super::catalogue::{assign as text, replies};
use super::commands::{DUTY_OFF, DUTY_ON, Options};
use super::context::{Bot, HandlerError, HandlerResult};
use super::ids::ComponentId;
use super::render::{self, Outgoing};
use super::respond::{self, Mode, Target};
use crate::domain::{Actor, Level};

/// Whether this module answers the component.
pub fn handles(id: &ComponentId) -> bool {
    matches!(id, ComponentId::AssignConfirm { .. })
}

/// `/assign ticket:<n>` without a technician: the suggestion, shown to the coordinator alone.
pub async fn suggest(bot: &Bot, http: &Http, cmd: &CommandInteraction, o: &Options<'_>) -> HandlerResult {
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let ticket = bot.ticket_option(o).await?;
        let suggestion = bot.desk.suggest(&ticket).await?;
        Ok(render::suggestion(&suggestion, &bot.category_name(&ticket.category)))
    })
    .await
}

/// **Confirm** under a suggestion: the ticket is assigned if nothing changed since, and the
/// suggestion is replaced by what happened.
pub async fn on_component(
    bot: &Bot,
    http: &Http,
    c: &ComponentInteraction,
    id: ComponentId,
) -> HandlerResult {
    let ComponentId::AssignConfirm { ticket, technician, version } = id else {
        return Err(HandlerError::User(replies::expired_button()));
    };
    let actor = bot.actor(c.user.id.get() as i64, c.guild_id, c.member.as_ref().map(|m| m.roles.as_slice()));
    if !actor.roles().coordinator {
        return Err(HandlerError::User(text::refusal(
            &crate::service::assign::AssignRefusal::NotCoordinator,
        )));
    }
    respond::answer(http, Target::Component(c), Mode::Update, async {
        let changed = bot.desk.confirm_suggestion(ticket, version, actor, technician).await?;
        Ok(Outgoing::text(text::confirmed(&changed.ticket.label(), &render::user(technician))))
    })
    .await
}

/// `/desk skills technician:<member> skills:<keys> [level]` (coordinators).
pub async fn on_skills(
    bot: &Bot,
    http: &Http,
    cmd: &CommandInteraction,
    actor: Actor,
    o: &Options<'_>,
) -> HandlerResult {
    let Some(technician) = o.user("technician") else {
        return Err(HandlerError::User(replies::not_here()));
    };
    // The member's roles come with the command: their level, for someone the TOML does not list.
    let roles: Vec<RoleId> =
        cmd.data.resolved.members.get(&technician).map(|m| m.roles.clone()).unwrap_or_default();
    let role_level = bot.roles_of(&roles).level;
    let skills = o.str("skills").unwrap_or_default().to_owned();
    let level = o.int("level").and_then(Level::new);
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let id = technician.get() as i64;
        let t = bot.desk.set_skills(actor, id, role_level, &skills, level).await?;
        let names: Vec<String> = t.skills.iter().map(|k| bot.category_name(k)).collect();
        Ok(Outgoing::text(text::skills_set(&render::user(id), &names.join(", "), t.level.get())))
    })
    .await
}

/// `/duty on|off` (technicians, for themselves).
pub async fn on_duty(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor =
        bot.actor(cmd.user.id.get() as i64, cmd.guild_id, cmd.member.as_ref().map(|m| m.roles.as_slice()));
    let on = match Options(&cmd.data.options).subcommand() {
        Some((DUTY_ON, _)) => true,
        Some((DUTY_OFF, _)) => false,
        _ => return Err(HandlerError::User(replies::not_here())),
    };
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let now = bot.desk.set_duty(actor, on).await?;
        let mut reply = match (now.duty.is_on(), now.level) {
            (false, _) => text::off_duty(),
            (true, Some(level)) if !now.skills.is_empty() => {
                let names: Vec<String> = now.skills.iter().map(|k| bot.category_name(k)).collect();
                text::on_duty(&names.join(", "), level.get())
            }
            (true, _) => text::on_duty_without_skills(),
        };
        if let Some(until) = now.until {
            reply.push_str(&text::until(&render::full_time(until)));
        }
        Ok(Outgoing::text(reply))
    })
    .await
}
