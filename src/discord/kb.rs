//! The knowledge base on Discord: `/kb search|new|edit|retire|list|promote` and the article modal.
//! Each handler checks who asks, calls one service function ([`crate::service::kb`]) and renders its
//! answer, ephemeral. Writing is for technicians and coordinators; anyone may search.

use serenity::all::{CommandInteraction, Http, ModalInteraction};

use super::catalogue::{kb as text, replies};
use super::commands::{KB_EDIT, KB_LIST, KB_NEW, KB_PROMOTE, KB_RETIRE, KB_SEARCH, Options};
use super::context::{Bot, HandlerError, HandlerResult};
use super::ids::{
    ComponentId, INPUT_KB_CATEGORY, INPUT_KB_STEPS, INPUT_KB_SYMPTOMS, INPUT_KB_TAGS, INPUT_KB_TITLE,
};
use super::render::{self, Outgoing};
use super::respond::{self, Mode, Target};
use super::triage::modal_value;
use crate::domain::TicketNumber;
use crate::domain::text::{fit_string, one_line, plain};
use crate::service::ServiceError;
use crate::service::kb::{KbRefusal, Prefill, parse_draft};

/// Whether this module answers the modal.
pub fn handles(id: &ComponentId) -> bool {
    matches!(id, ComponentId::KbNewModal { .. } | ComponentId::KbEditModal { .. })
}

fn refused(r: KbRefusal) -> HandlerError {
    HandlerError::Service(ServiceError::Kb(r))
}

/// The category keys, for the modal's placeholder.
fn category_keys(bot: &Bot) -> String {
    bot.config.helpdesk.catalog().categories.iter().map(|c| c.key.as_str()).collect::<Vec<_>>().join(", ")
}

/// `/kb …`.
pub async fn on_command(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor =
        bot.actor(cmd.user.id.get() as i64, cmd.guild_id, cmd.member.as_ref().map(|m| m.roles.as_slice()));
    let roles = actor.roles();
    let user = cmd.user.id.get() as i64;
    let guild = bot.config.guild_id;
    let Some((sub, o)) = Options(&cmd.data.options).subcommand() else {
        return Err(HandlerError::User(replies::not_here()));
    };
    let target = Target::Command(cmd);
    let ephemeral = Mode::Reply { ephemeral: true };
    match sub {
        KB_SEARCH => {
            let query = o.str("query").unwrap_or_default().to_owned();
            respond::answer(http, target, ephemeral, async {
                let found = bot.desk.kb_search(guild, &query).await?;
                let shown = plain(&fit_string(one_line(&query), 100));
                if found.is_empty() {
                    return Ok(Outgoing::text(text::no_results(&shown)));
                }
                Ok(render::articles_embed(&text::results(&shown), &found, true))
            })
            .await
        }
        KB_LIST => {
            let category = o.str("category").map(str::to_owned);
            respond::answer(http, target, ephemeral, async {
                let found = bot.desk.kb_list(guild, category.as_deref()).await?;
                if found.is_empty() {
                    return Ok(Outgoing::text(text::list_empty()));
                }
                Ok(render::articles_embed(&text::list_title(), &found, false))
            })
            .await
        }
        KB_NEW => {
            if !roles.is_staff() {
                return Err(refused(KbRefusal::NotStaff));
            }
            let modal = render::article_modal(
                ComponentId::KbNewModal { source: None },
                text::new_title(),
                &Prefill::default(),
                &category_keys(bot),
            );
            respond::modal(http, target, modal).await
        }
        KB_EDIT => {
            let id = o.int("article").unwrap_or(0);
            let prefill =
                respond::before_modal(async { Ok(bot.desk.kb_prefill_edit(guild, id, roles).await?) })
                    .await?;
            let modal = render::article_modal(
                ComponentId::KbEditModal { article: id },
                text::edit_title(id),
                &prefill,
                &category_keys(bot),
            );
            respond::modal(http, target, modal).await
        }
        KB_PROMOTE => {
            let Some(number) = o.int("ticket").filter(|n| *n >= 1).map(TicketNumber) else {
                return Err(HandlerError::User(replies::not_here()));
            };
            let (ticket, prefill) =
                respond::before_modal(async { Ok(bot.desk.kb_prefill_promote(guild, number, roles).await?) })
                    .await?;
            let modal = render::article_modal(
                ComponentId::KbNewModal { source: Some(ticket.id) },
                text::promote_title(&ticket.label()),
                &prefill,
                &category_keys(bot),
            );
            respond::modal(http, target, modal).await
        }
        KB_RETIRE => {
            let id = o.int("article").unwrap_or(0);
            respond::answer(http, target, ephemeral, async {
                let article = bot.desk.kb_retire(guild, id, user, roles).await?;
                Ok(Outgoing::text(text::retired(article.id, &plain(&one_line(&article.title)))))
            })
            .await
        }
        _ => Err(HandlerError::User(replies::not_here())),
    }
}

/// The article modal, submitted: checked, then saved (new, promoted or edited).
pub async fn on_modal(bot: &Bot, http: &Http, m: &ModalInteraction, id: ComponentId) -> HandlerResult {
    let actor = bot.actor(m.user.id.get() as i64, m.guild_id, m.member.as_ref().map(|m| m.roles.as_slice()));
    let roles = actor.roles();
    let user = m.user.id.get() as i64;
    let guild = bot.config.guild_id;
    let words = Prefill {
        title: modal_value(m, INPUT_KB_TITLE),
        symptoms: modal_value(m, INPUT_KB_SYMPTOMS),
        steps: modal_value(m, INPUT_KB_STEPS),
        category: modal_value(m, INPUT_KB_CATEGORY),
        tags: modal_value(m, INPUT_KB_TAGS),
    };
    let draft = parse_draft(&words, bot.config.helpdesk.catalog())?;
    respond::answer(http, Target::Modal(m), Mode::Reply { ephemeral: true }, async {
        match id {
            ComponentId::KbNewModal { source } => {
                let article = bot.desk.kb_create(guild, user, roles, &draft, source).await?;
                Ok(Outgoing::text(text::created(article.id, &plain(&one_line(&article.title)))))
            }
            ComponentId::KbEditModal { article } => {
                let article = bot.desk.kb_edit(guild, article, user, roles, &draft).await?;
                Ok(Outgoing::text(text::edited(article.id, &plain(&one_line(&article.title)))))
            }
            _ => Err(HandlerError::User(replies::expired_button())),
        }
    })
    .await
}
