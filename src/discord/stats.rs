//! `/stats` and `/faq`: the coordinators' figures, ephemeral. `/stats` defers at once (reading a
//! period's tickets and drawing the chart may take more than Discord's 3 seconds on a large desk),
//! then edits in an embed with its chart as a PNG attachment.

use serenity::all::{CommandInteraction, Http};

use super::catalogue::replies;
use super::commands::Options;
use super::context::{Bot, HandlerError, HandlerResult};
use super::render;
use super::respond::{self, Mode, Target};
use crate::service::chart;

/// The period `/stats` covers when not told.
pub const STATS_DAYS_DEFAULT: i64 = 30;
/// The period `/faq` covers when not told.
pub const FAQ_DAYS_DEFAULT: i64 = 90;

fn require_coordinator(bot: &Bot, cmd: &CommandInteraction) -> HandlerResult {
    let actor =
        bot.actor(cmd.user.id.get() as i64, cmd.guild_id, cmd.member.as_ref().map(|m| m.roles.as_slice()));
    if actor.roles().coordinator { Ok(()) } else { Err(HandlerError::User(replies::only_coordinators())) }
}

/// `/stats [days] [technician]`.
pub async fn on_stats(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    require_coordinator(bot, cmd)?;
    let o = Options(&cmd.data.options);
    let days = o.int("days").unwrap_or(STATS_DAYS_DEFAULT).clamp(1, crate::domain::stats::DAYS_MAX);
    let technician = o.user("technician").map(|u| u.get() as i64);
    let guild = bot.config.guild_id;
    respond::answer_deferred(http, Target::Command(cmd), true, async {
        let figures = bot.desk.stats(guild, days, technician).await?;
        let chart = match chart::stats_png(&figures, &super::catalogue::stats::chart_words()) {
            Ok(png) => Some(png),
            Err(e) => {
                tracing::error!(error = %e, "the /stats chart could not be drawn");
                None
            }
        };
        Ok(render::stats_embed(&figures, chart))
    })
    .await
}

/// `/faq [days]`.
pub async fn on_faq(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    require_coordinator(bot, cmd)?;
    let days = Options(&cmd.data.options)
        .int("days")
        .unwrap_or(FAQ_DAYS_DEFAULT)
        .clamp(1, crate::domain::stats::DAYS_MAX);
    let guild = bot.config.guild_id;
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let groups = bot.desk.faq(guild, days).await?;
        Ok(render::faq_embed(days, &groups))
    })
    .await
}
