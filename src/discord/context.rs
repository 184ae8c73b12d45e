//! What every handler shares: the bot's state ([`Bot`]: the desk, the configuration, the pacer, the
//! per-requester turn lock) and the errors a handler can fail with. It sits below the handlers; the
//! router above them (`router.rs`) matches events and ids and calls them.

use std::sync::Arc;

use serenity::all::{ChannelId, GuildId, RoleId};

use crate::config::Config;
use crate::domain::{Actor, DiscordId, Lang, Roles, Ticket, TicketNumber};
use crate::service::{Desk, ServiceError};

use super::catalogue;
use super::commands::Options;

/// How long the reader's language may take to read before the interaction's locale is used.
const READER_LANG_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Everything a handler needs besides serenity's context: the desk (store, clock, rules) and the
/// configuration.
pub struct Bot {
    pub desk: Desk,
    pub config: Arc<Config>,
    /// Every rate-limited request to Discord, paced under its limits.
    pub rest: Arc<super::rest::Rest>,
    /// One intake step at a time per requester.
    pub conversations: Conversations,
    /// The server's preferred locale, as its GUILD_CREATE said (see [`Bot::staff_lang`]).
    pub guild_lang: std::sync::Mutex<Option<Lang>>,
}

/// Serialises what one user does to their intake conversation: two DMs sent in quick succession
/// (a pasted log, then "sorry, also…") arrive as concurrent events, and each would otherwise read
/// the same stored state and the last save would drop the other answer. Discord delivers every
/// DM to shard 0, so one process sees all of a user's DMs and a lock in memory is enough.
#[derive(Debug, Default)]
pub struct Conversations(std::sync::Mutex<std::collections::HashMap<DiscordId, Arc<tokio::sync::Mutex<()>>>>);

impl Conversations {
    /// Waits for `user`'s earlier steps to finish; the turn ends when the guard is dropped.
    pub async fn turn(&self, user: DiscordId) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = {
            let mut map = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // Forget the locks nobody holds or waits for, so the map stays as small as the traffic.
            map.retain(|_, l| Arc::strong_count(l) > 1);
            map.entry(user).or_default().clone()
        };
        lock.lock_owned().await
    }
}

/// What a handler can fail with. User-facing refusals are answered in the interaction; anything else
/// is logged with its cause and the user gets a short apology.
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("Discord request failed: {0}")]
    Discord(Box<serenity::Error>),
    #[error("{0}")]
    User(String),
    /// Already shown to the user; only to be logged.
    #[error("{0}")]
    Answered(Box<HandlerError>),
}

/// What the user is told of a service error, in the reader's language: why it was refused, that
/// the database is out of reach, or an apology.
pub fn service_message(e: &ServiceError) -> String {
    match e {
        e if e.is_unavailable() => catalogue::refusals::database_unavailable(),
        ServiceError::Assign(r) => catalogue::assign::refusal(r),
        ServiceError::Kb(r) => catalogue::kb::refusal(r),
        ServiceError::Link(r) => catalogue::incident::refusal(r),
        ServiceError::Refused(r) => catalogue::said::refusal(r),
        ServiceError::NoSuchTicket(t) => catalogue::replies::no_such_ticket(t),
        ServiceError::Declined(d) => catalogue::said::declined(d),
        ServiceError::Internal(_) => catalogue::errors::unexpected(None),
    }
}

impl HandlerError {
    /// The text the user sees.
    pub fn user_message(&self) -> String {
        match self {
            HandlerError::Service(e) => service_message(e),
            HandlerError::User(m) => m.clone(),
            HandlerError::Answered(inner) => inner.user_message(),
            _ => catalogue::errors::unexpected(None),
        }
    }
}

impl HandlerError {
    /// The database did not answer within `waited` (a check that had to finish before Discord's
    /// three seconds ran out): answered like any other outage.
    pub fn database_too_slow(waited: std::time::Duration) -> HandlerError {
        let cause = crate::store::Cause::TimedOut(waited);
        HandlerError::Service(ServiceError::Internal(crate::store::StoreError::Unavailable {
            cause,
            source: None,
        }))
    }

    /// The database is out of reach for now (see [`ServiceError::is_unavailable`]).
    pub fn is_unavailable(&self) -> bool {
        match self {
            HandlerError::Service(e) => e.is_unavailable(),
            HandlerError::Answered(inner) => inner.is_unavailable(),
            _ => false,
        }
    }

    /// The event was already handled (another delivery of it, see
    /// [`crate::store::EventScope`]): whoever handled it answered; there is nothing to tell.
    pub fn is_duplicate(&self) -> bool {
        match self {
            HandlerError::Service(ServiceError::Internal(crate::store::StoreError::Duplicate)) => true,
            HandlerError::Answered(inner) => inner.is_duplicate(),
            _ => false,
        }
    }
}

impl From<serenity::Error> for HandlerError {
    fn from(e: serenity::Error) -> Self {
        HandlerError::Discord(Box::new(e))
    }
}

pub type HandlerResult<T = ()> = Result<T, HandlerError>;

impl Bot {
    /// The ticket named by a command's `ticket` option, in this organisation.
    pub async fn ticket_option(&self, options: &Options<'_>) -> HandlerResult<Ticket> {
        let given = options.int("ticket");
        let number = given.and_then(|n| TicketNumber::parse(&n.to_string())).ok_or_else(|| {
            HandlerError::User(catalogue::replies::bad_ticket_number(&given.unwrap_or(0).to_string()))
        })?;
        Ok(self.desk.find(self.config.guild_id, number).await?)
    }

    /// The bot of `config`: the desk is given the configuration's technicians and assignment
    /// settings, whatever it was built with.
    pub fn new(desk: Desk, config: Config) -> Bot {
        let desk = desk.with_roster(config.helpdesk.roster().clone());
        let rest = super::rest::Rest::new(config.discord_token.expose(), config.discord_api_base.as_deref());
        Bot {
            desk,
            config: Arc::new(config),
            rest: Arc::new(rest),
            conversations: Conversations::default(),
            guild_lang: std::sync::Mutex::new(None),
        }
    }

    /// The language of what staff read (the triage channel, ticket threads, the coordinators'
    /// channel): the configured `default_language`, else the server's preferred locale, else English.
    pub fn staff_lang(&self) -> Lang {
        self.config.helpdesk.default_language().unwrap_or_else(|| {
            self.guild_lang
                .lock()
                .map(|l| l.unwrap_or_default())
                .unwrap_or_else(|p| p.into_inner().unwrap_or_default())
        })
    }

    /// Remembers the server's preferred locale (from its GUILD_CREATE).
    pub fn set_guild_locale(&self, locale: &str) {
        let lang = Lang::from_discord(locale);
        match self.guild_lang.lock() {
            Ok(mut l) => *l = Some(lang),
            Err(p) => *p.into_inner() = Some(lang),
        }
    }

    /// The language to answer `user` in: their `/language` choice, else `locale` (the
    /// interaction's), else what was last seen; English when nothing is known. Never waits long
    /// for the database: an answer is due within Discord's three seconds.
    pub async fn reader_lang(&self, user: DiscordId, locale: Option<&str>) -> Lang {
        let fallback = locale.map(Lang::from_discord).unwrap_or_else(|| self.staff_lang());
        let known = async {
            match locale {
                Some(_) => Some(self.desk.reader_lang(user, locale).await),
                None => self.desk.known_lang(user).await,
            }
        };
        match tokio::time::timeout(READER_LANG_WAIT, known).await {
            Ok(Some(lang)) => lang,
            Ok(None) => fallback,
            Err(_) => {
                tracing::warn!("the user's language took too long to read");
                fallback
            }
        }
    }

    /// The permissions of a member, from the role ids they hold in this interaction.
    pub fn roles_of(&self, role_ids: &[RoleId]) -> Roles {
        let ids: Vec<DiscordId> = role_ids.iter().map(|r| r.get() as i64).collect();
        self.config.roles.roles_of(&ids)
    }

    /// The actor behind an interaction: its member's roles in the configured guild; in a DM (or
    /// another guild) a member with no staff roles.
    pub fn actor(&self, user_id: DiscordId, guild_id: Option<GuildId>, role_ids: Option<&[RoleId]>) -> Actor {
        let in_our_guild = guild_id.is_some_and(|g| g.get() as i64 == self.config.guild_id);
        let roles = match role_ids {
            Some(ids) if in_our_guild => self.roles_of(ids),
            _ => Roles::REQUESTER,
        };
        Actor::member(user_id, roles)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.desk.clock().now()
    }

    pub fn guild(&self) -> GuildId {
        GuildId::new(self.config.guild_id as u64)
    }

    pub fn triage_channel(&self) -> ChannelId {
        ChannelId::new(self.config.triage_channel_id as u64)
    }

    pub fn coordinator_channel(&self) -> ChannelId {
        ChannelId::new(self.config.coordinator_channel_id as u64)
    }

    /// The configured name of a category in the reader's language, or its key when the
    /// configuration no longer has it.
    pub fn category_name(&self, key: &str) -> String {
        self.config
            .helpdesk
            .catalog_in(catalogue::lang())
            .categories
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| key.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Cause, StoreError};

    #[test]
    fn an_unreachable_database_is_told_as_such_and_a_fault_as_an_apology() {
        let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let refused = HandlerError::from(ServiceError::from(StoreError::from(sqlx::Error::Io(io))));
        assert!(refused.is_unavailable());
        assert_eq!(refused.user_message(), catalogue::refusals::database_unavailable());
        let slow = HandlerError::database_too_slow(std::time::Duration::from_millis(2400));
        assert_eq!(slow.user_message(), catalogue::refusals::database_unavailable());
        let answered = HandlerError::Answered(Box::new(slow));
        assert!(answered.is_unavailable());

        let fault = HandlerError::from(ServiceError::from(StoreError::Corrupt("column 3".into())));
        assert!(!fault.is_unavailable());
        assert_eq!(fault.user_message(), catalogue::errors::unexpected(None));
        let misconfigured = StoreError::from_cause(Cause::AuthenticationFailed, None);
        assert!(!HandlerError::from(ServiceError::from(misconfigured)).is_unavailable());
    }
}
