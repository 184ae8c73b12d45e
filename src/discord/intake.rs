//! (being written) `/ticket` and DM intake.

use std::sync::Arc;

use serenity::all::{CommandInteraction, ComponentInteraction, Context, Http, Message, ModalInteraction};
use tokio::sync::watch;

use super::bot::{Bot, HandlerError, HandlerResult};
use super::catalogue::replies;
use super::ids::ComponentId;

pub fn handles(id: &ComponentId) -> bool {
    id.intake().is_some() || matches!(id, ComponentId::TicketModal { .. })
}

pub async fn on_ticket_command(_bot: &Bot, _ctx: &Context, _cmd: &CommandInteraction) -> HandlerResult {
    Err(HandlerError::User(replies::not_here()))
}

pub async fn on_direct_message(_bot: &Bot, _ctx: &Context, _msg: &Message) -> HandlerResult {
    Err(HandlerError::User(replies::not_here()))
}

pub async fn on_component(_bot: &Bot, _ctx: &Context, _c: &ComponentInteraction, _id: ComponentId) -> HandlerResult {
    Err(HandlerError::User(replies::not_here()))
}

pub async fn on_modal(_bot: &Bot, _ctx: &Context, _m: &ModalInteraction, _id: ComponentId) -> HandlerResult {
    Err(HandlerError::User(replies::not_here()))
}

pub async fn housekeeping(_bot: Arc<Bot>, _http: Arc<Http>, mut stop: watch::Receiver<bool>) {
    let _ = stop.changed().await;
}
