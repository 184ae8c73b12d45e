//! What deskbot needs from Discord, in one place: the permissions its invite link asks for, and the
//! check of a live set-up against them (`deskbot check`, `deskbot invite-url`).
//!
//! The check reads the set-up with a few GET requests (the token, the application, the server, its
//! roles and channels, the bot's membership, the registered commands), computes the bot's
//! permissions in each channel the way Discord does, and says every problem in one line that names
//! what to fix and where. It talks to Discord with a plain HTTP client of its own: it runs before the
//! bot, without a gateway session, and reads only what it needs of each answer.

use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::commands;
use crate::config::{self, Config};

/// Permission bits (Discord's documentation, "Permissions"), as Discord's client names them.
pub mod perm {
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const SEND_TTS_MESSAGES: u64 = 1 << 12;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const MENTION_EVERYONE: u64 = 1 << 17;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const CREATE_PUBLIC_THREADS: u64 = 1 << 35;
    pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
    /// Every bit Discord defines today (what an administrator or the server's owner has).
    pub const ALL: u64 = (1 << 51) - 1;

    /// The names Discord's client shows, for the bits deskbot asks for.
    pub const NAMES: &[(u64, &str)] = &[
        (VIEW_CHANNEL, "View Channel"),
        (SEND_MESSAGES, "Send Messages"),
        (SEND_MESSAGES_IN_THREADS, "Send Messages in Threads"),
        (CREATE_PUBLIC_THREADS, "Create Public Threads"),
        (EMBED_LINKS, "Embed Links"),
        (READ_MESSAGE_HISTORY, "Read Message History"),
        (MENTION_EVERYONE, "Mention @everyone, @here and All Roles"),
    ];
}

/// What the bot does in the triage channel: posts tickets with their embed and buttons, opens a
/// thread on each, writes in it, reads it (notes), and pings the next level's role on escalation.
pub const TRIAGE_PERMISSIONS: u64 = perm::VIEW_CHANNEL
    | perm::SEND_MESSAGES
    | perm::SEND_MESSAGES_IN_THREADS
    | perm::CREATE_PUBLIC_THREADS
    | perm::EMBED_LINKS
    | perm::READ_MESSAGE_HISTORY
    | perm::MENTION_EVERYONE;

/// What the bot does in the coordinators' channel: posts alerts with their embed.
pub const COORDINATOR_PERMISSIONS: u64 =
    perm::VIEW_CHANNEL | perm::SEND_MESSAGES | perm::EMBED_LINKS | perm::READ_MESSAGE_HISTORY;

/// Exactly the permissions the invite link asks for: what the two channels need, nothing more.
pub const INVITE_PERMISSIONS: u64 = TRIAGE_PERMISSIONS | COORDINATOR_PERMISSIONS;

/// The OAuth2 scopes of the invite link: the bot user, and its slash commands.
pub const INVITE_SCOPES: &str = "bot+applications.commands";

/// The application flags that say the Message Content intent is on (the second one for bots in
/// fewer than 100 servers).
pub const GATEWAY_MESSAGE_CONTENT: u64 = 1 << 18;
pub const GATEWAY_MESSAGE_CONTENT_LIMITED: u64 = 1 << 19;

/// The link that adds the bot to a server with [`INVITE_SCOPES`] and [`INVITE_PERMISSIONS`].
pub fn invite_url(client_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={client_id}&scope={INVITE_SCOPES}&permissions={INVITE_PERMISSIONS}"
    )
}

/// The names of the permission bits in `bits`, in the order Discord's client lists them.
pub fn permission_names(bits: u64) -> Vec<&'static str> {
    perm::NAMES.iter().filter(|(bit, _)| bits & bit != 0).map(|(_, name)| *name).collect()
}

// ---------------------------------------------------------------------------------------------------
// Permissions as Discord computes them.
// ---------------------------------------------------------------------------------------------------

/// A channel's permission overwrite for a role or a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overwrite {
    pub id: u64,
    /// `true` for a member's overwrite, `false` for a role's.
    pub member: bool,
    pub allow: u64,
    pub deny: u64,
}

/// A member's permissions in the server: `@everyone`'s (the role whose id is the server's) and
/// every role of theirs together; everything for the owner or an administrator.
pub fn base_permissions(
    guild_id: u64,
    owner_id: u64,
    roles: &[(u64, u64)],
    member_id: u64,
    member_roles: &[u64],
) -> u64 {
    if member_id == owner_id {
        return perm::ALL;
    }
    let of = |id: u64| roles.iter().find(|(r, _)| *r == id).map_or(0, |(_, p)| *p);
    let p = member_roles.iter().fold(of(guild_id), |p, r| p | of(*r));
    if p & perm::ADMINISTRATOR != 0 { perm::ALL } else { p }
}

/// A member's permissions in a channel, from their server permissions and the channel's
/// overwrites, in Discord's order: `@everyone`'s overwrite, then their roles' (denies and allows
/// together), then their own. Administrators are not affected by overwrites. Without View Channel
/// nothing else counts, and without Send Messages neither do mentions, TTS, files and embeds.
pub fn channel_permissions(
    base: u64,
    guild_id: u64,
    member_id: u64,
    member_roles: &[u64],
    overwrites: &[Overwrite],
) -> u64 {
    if base & perm::ADMINISTRATOR != 0 {
        return perm::ALL;
    }
    let mut p = base;
    if let Some(o) = overwrites.iter().find(|o| !o.member && o.id == guild_id) {
        p = (p & !o.deny) | o.allow;
    }
    let (allow, deny) = overwrites
        .iter()
        .filter(|o| !o.member && o.id != guild_id && member_roles.contains(&o.id))
        .fold((0, 0), |(a, d), o| (a | o.allow, d | o.deny));
    p = (p & !deny) | allow;
    if let Some(o) = overwrites.iter().find(|o| o.member && o.id == member_id) {
        p = (p & !o.deny) | o.allow;
    }
    if p & perm::VIEW_CHANNEL == 0 {
        return 0;
    }
    if p & perm::SEND_MESSAGES == 0 {
        p &= !(perm::MENTION_EVERYONE | perm::SEND_TTS_MESSAGES | perm::ATTACH_FILES | perm::EMBED_LINKS);
    }
    p
}

// ---------------------------------------------------------------------------------------------------
// Reading the set-up.
// ---------------------------------------------------------------------------------------------------

/// Why a request of the check did not give an answer to read.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No answer at all (refused, unknown host, timed out).
    #[error("{base} could not be reached ({reason})")]
    Unreachable { base: String, reason: String },
    /// Discord answered with an error.
    #[error("Discord answered {status}{}: {message}", code.map(|c| format!(" (code {c})")).unwrap_or_default())]
    Discord { status: u16, code: Option<i64>, message: String },
    /// An answer that could not be read.
    #[error("unreadable answer from {path}: {reason}")]
    Decode { path: String, reason: String },
}

impl ApiError {
    fn status(&self) -> Option<u16> {
        match self {
            ApiError::Discord { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A Discord id, read from a string (as Discord sends them) or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Id(u64);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(u64),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(Id(n)),
            Raw::Text(s) => s.parse().map(Id).map_err(serde::de::Error::custom),
        }
    }
}

#[derive(Deserialize)]
struct User {
    id: Id,
    username: String,
}

#[derive(Deserialize)]
struct Application {
    id: Id,
    #[serde(default)]
    flags: Option<u64>,
}

#[derive(Deserialize)]
struct Role {
    id: Id,
    name: String,
    /// Permission bits, as a string of digits.
    permissions: Id,
    #[serde(default)]
    mentionable: bool,
    #[serde(default)]
    position: i64,
    #[serde(default)]
    tags: Option<RoleTags>,
}

#[derive(Deserialize)]
struct RoleTags {
    #[serde(default)]
    bot_id: Option<Id>,
}

#[derive(Deserialize)]
struct Guild {
    name: String,
    owner_id: Id,
    roles: Vec<Role>,
}

#[derive(Deserialize)]
struct Member {
    roles: Vec<Id>,
}

#[derive(Deserialize)]
struct Channel {
    id: Id,
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    guild_id: Option<Id>,
    #[serde(default)]
    permission_overwrites: Vec<RawOverwrite>,
}

#[derive(Deserialize)]
struct RawOverwrite {
    id: Id,
    #[serde(rename = "type")]
    kind: u8,
    allow: Id,
    deny: Id,
}

#[derive(Deserialize)]
struct Command {
    name: String,
}

/// How long the check waits for Discord to accept a connection, and for an answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The few GET requests of the check. It holds the token and never shows it.
struct Api {
    client: reqwest::Client,
    base: String,
    authorization: String,
}

impl Api {
    fn new(token: &str, base: Option<&str>) -> Result<Api, ApiError> {
        let base = base.map_or("https://discord.com", |b| b.trim_end_matches('/')).to_owned();
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("DiscordBot (deskbot, ", env!("CARGO_PKG_VERSION"), ")"))
            .build()
            .map_err(|e| ApiError::Unreachable { base: base.clone(), reason: e.to_string() })?;
        Ok(Api { client, base, authorization: format!("Bot {token}") })
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let url = format!("{}/api/v10{path}", self.base);
        let mut waited = false;
        loop {
            let answer = self
                .client
                .get(&url)
                .header(reqwest::header::AUTHORIZATION, &self.authorization)
                .send()
                .await
                .map_err(|e| ApiError::Unreachable { base: self.base.clone(), reason: describe(&e) })?;
            let status = answer.status().as_u16();
            let retry_after = answer
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<f64>().ok());
            let body = answer
                .bytes()
                .await
                .map_err(|e| ApiError::Unreachable { base: self.base.clone(), reason: describe(&e) })?;
            if status == 429 && !waited {
                // A handful of requests rarely meets a limit; when it does, wait once as told.
                waited = true;
                let wait = retry_after.unwrap_or(1.0).clamp(0.0, 5.0);
                tokio::time::sleep(Duration::from_secs_f64(wait)).await;
                continue;
            }
            if !(200..300).contains(&status) {
                #[derive(Deserialize)]
                struct Error {
                    #[serde(default)]
                    code: Option<i64>,
                    #[serde(default)]
                    message: Option<String>,
                }
                let error: Option<Error> = serde_json::from_slice(&body).ok();
                let code = error.as_ref().and_then(|e| e.code).filter(|c| *c != 0);
                let message = error.and_then(|e| e.message).unwrap_or_else(|| format!("HTTP {status}"));
                return Err(ApiError::Discord { status, code, message });
            }
            return serde_json::from_slice(&body)
                .map_err(|e| ApiError::Decode { path: path.to_owned(), reason: e.to_string() });
        }
    }
}

/// A transport error without the request's URL (which is in the message already said).
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "connection failed".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        text = format!("{text}: {inner}");
        source = inner.source();
    }
    text
}

/// The application id of the token's bot (for `deskbot invite-url`).
pub async fn application_id(token: &str, base: Option<&str>) -> Result<u64, ApiError> {
    let api = Api::new(token, base)?;
    let app: Application = api.get("/applications/@me").await?;
    Ok(app.id.0)
}

// ---------------------------------------------------------------------------------------------------
// The check.
// ---------------------------------------------------------------------------------------------------

/// What the check found: what is right (a label and a value each) and every problem, one line each.
#[derive(Debug, Default)]
pub struct Report {
    pub facts: Vec<(&'static str, String)>,
    pub problems: Vec<String>,
}

impl Report {
    fn fact(&mut self, label: &'static str, value: impl Into<String>) {
        self.facts.push((label, value.into()));
    }

    fn problem(&mut self, line: impl Into<String>) {
        self.problems.push(line.into());
    }
}

/// Where each id is found in Discord's client (with Developer Mode on: User Settings → Advanced).
const SERVER_ID_HELP: &str = "right-click the server's icon → Copy Server ID";
const CHANNEL_ID_HELP: &str = "right-click the channel → Copy Channel ID";
const ROLE_ID_HELP: &str = "Server Settings → Roles → right-click the role → Copy Role ID";
const INVITE_HELP: &str = "invite it with the link `deskbot invite-url` prints";

/// Checks the configured set-up against Discord (or `DISCORD_API_BASE`). `Err` only when Discord
/// could not be reached at all; every other finding is in the report.
pub async fn check(config: &Config) -> Result<Report, ApiError> {
    let api = Api::new(config.discord_token.expose(), config.discord_api_base.as_deref())?;
    let mut report = Report::default();

    let me: User = match api.get("/users/@me").await {
        Ok(me) => me,
        Err(e @ ApiError::Unreachable { .. }) => return Err(e),
        Err(e) if e.status() == Some(401) => {
            report.problem(format!(
                "{}: Discord does not accept this token ({e}): copy the bot's token again (Developer Portal → \
                 your application → Bot → Reset Token) into {} in .env",
                config::DISCORD_TOKEN,
                config::DISCORD_TOKEN
            ));
            return Ok(report);
        }
        Err(e) => {
            report.problem(format!("{}: the token could not be checked: {e}", config::DISCORD_TOKEN));
            return Ok(report);
        }
    };

    let app_id = match api.get::<Application>("/applications/@me").await {
        Ok(app) => {
            report.fact("bot", format!("{} (application {})", me.username, app.id.0));
            let flags = app.flags.unwrap_or(0);
            if flags & (GATEWAY_MESSAGE_CONTENT | GATEWAY_MESSAGE_CONTENT_LIMITED) == 0 {
                report.problem(
                    "the Message Content intent is off: turn on Developer Portal → your application → Bot → \
                     Privileged Gateway Intents → Message Content Intent (deskbot reads what technicians write \
                     in ticket threads)",
                );
            }
            Some(app.id.0)
        }
        Err(e) => {
            report.problem(format!("the application could not be read (GET /applications/@me): {e}"));
            None
        }
    };

    let guild_id = config.guild_id as u64;
    let guild = match api.get::<Guild>(&format!("/guilds/{guild_id}")).await {
        Ok(g) => {
            report.fact("server", format!("{} ({guild_id})", g.name));
            Some(g)
        }
        Err(e) if matches!(e.status(), Some(403 | 404)) => {
            report.problem(format!(
                "{}={guild_id}: the bot is not in this server, or there is no such server: {INVITE_HELP}, \
                 and check the id ({SERVER_ID_HELP})",
                config::DESKBOT_GUILD_ID
            ));
            None
        }
        Err(e) => {
            report.problem(format!(
                "{}={guild_id}: the server could not be read: {e}",
                config::DESKBOT_GUILD_ID
            ));
            None
        }
    };

    // The bot's membership, and what its roles give it.
    let mut bot_roles: Vec<u64> = Vec::new();
    let mut member_ok = false;
    if guild.is_some() {
        match api.get::<Member>(&format!("/guilds/{guild_id}/members/{}", me.id.0)).await {
            Ok(m) => {
                bot_roles = m.roles.iter().map(|r| r.0).collect();
                member_ok = true;
            }
            Err(e) => report.problem(format!(
                "{}={guild_id}: the bot is not a member of this server ({e}): {INVITE_HELP}",
                config::DESKBOT_GUILD_ID
            )),
        }
    }

    // The four roles.
    let level_roles = [
        (config::DESKBOT_ROLE_L1, config.roles.l1 as u64),
        (config::DESKBOT_ROLE_L2, config.roles.l2 as u64),
        (config::DESKBOT_ROLE_L3, config.roles.l3 as u64),
    ];
    let all_roles = [
        level_roles[0],
        level_roles[1],
        level_roles[2],
        (config::DESKBOT_ROLE_COORDINATOR, config.roles.coordinator as u64),
    ];
    if let Some(g) = &guild {
        let mut found = Vec::new();
        for (variable, id) in all_roles {
            match g.roles.iter().find(|r| r.id.0 == id) {
                Some(r) => found.push(r.name.clone()),
                None => report.problem(format!(
                    "{variable}={id}: {} has no such role: create it, or copy its id ({ROLE_ID_HELP})",
                    g.name
                )),
            }
        }
        if found.len() == all_roles.len() {
            report.fact("roles", found.join(", "));
        }
    }

    // The bot's role, to name in the advice: the one Discord made for it, else its highest.
    let bot_role_name = guild.as_ref().and_then(|g| {
        let mine: Vec<&Role> = g.roles.iter().filter(|r| bot_roles.contains(&r.id.0)).collect();
        mine.iter()
            .find(|r| r.tags.as_ref().and_then(|t| t.bot_id) == Some(me.id))
            .or_else(|| mine.iter().max_by_key(|r| r.position))
            .map(|r| r.name.clone())
    });
    let whom = match &bot_role_name {
        Some(name) => format!("the bot's role {name}"),
        None => format!("the bot ({})", me.username),
    };

    let channels: Option<Vec<Channel>> = match &guild {
        Some(_) => match api.get::<Vec<Channel>>(&format!("/guilds/{guild_id}/channels")).await {
            Ok(list) => Some(list),
            Err(e) => {
                report.problem(format!(
                    "{}={guild_id}: the server's channels could not be read: {e}",
                    config::DESKBOT_GUILD_ID
                ));
                None
            }
        },
        None => None,
    };

    let mut places = vec![
        (
            config::DESKBOT_TRIAGE_CHANNEL_ID,
            config.triage_channel_id as u64,
            TRIAGE_PERMISSIONS & !perm::MENTION_EVERYONE,
            "triage channel",
        ),
        (
            config::DESKBOT_COORDINATOR_CHANNEL_ID,
            config.coordinator_channel_id as u64,
            COORDINATOR_PERMISSIONS,
            "coordinator channel",
        ),
    ];
    // The triage channels per category or level need what the default one does.
    let extra: std::collections::BTreeSet<u64> =
        config.helpdesk.triage_channels().channels().map(|c| c as u64).collect();
    for id in extra {
        places.push((
            "[triage] channels",
            id,
            TRIAGE_PERMISSIONS & !perm::MENTION_EVERYONE,
            "triage channel",
        ));
    }
    for (variable, id, needed, label) in places {
        let in_guild = channels.as_ref().and_then(|list| list.iter().find(|c| c.id.0 == id));
        let Some(channel) = in_guild else {
            channel_elsewhere(&api, &mut report, variable, id, guild_id).await;
            continue;
        };
        let name = format!("#{}", channel.name.as_deref().unwrap_or("?"));
        if !matches!(channel.kind, 0 | 5) {
            report.problem(format!(
                "{variable}={id}: {name} is not a text channel: choose a text channel ({CHANNEL_ID_HELP})"
            ));
            continue;
        }
        let (Some(g), true) = (&guild, member_ok) else { continue };
        let roles: Vec<(u64, u64)> = g.roles.iter().map(|r| (r.id.0, r.permissions.0)).collect();
        let overwrites: Vec<Overwrite> = channel
            .permission_overwrites
            .iter()
            .map(|o| Overwrite { id: o.id.0, member: o.kind == 1, allow: o.allow.0, deny: o.deny.0 })
            .collect();
        let base = base_permissions(guild_id, g.owner_id.0, &roles, me.id.0, &bot_roles);
        let has = channel_permissions(base, guild_id, me.id.0, &bot_roles, &overwrites);
        let missing = needed & !has;
        if missing & perm::VIEW_CHANNEL != 0 {
            report.problem(format!(
                "{variable}={id}: the bot cannot see {name}: in {name}'s settings → Permissions, add {whom} and \
                 allow {}",
                permission_names(needed).join(", ")
            ));
            continue;
        }
        if missing != 0 {
            report.problem(format!(
                "{variable}={id}: the bot lacks {} in {name}: in {name}'s settings → Permissions, allow them for \
                 {whom}",
                permission_names(missing).join(", ")
            ));
            continue;
        }
        if label == "triage channel" && has & perm::MENTION_EVERYONE == 0 {
            let unpingable: Vec<String> = level_roles
                .iter()
                .filter_map(|(_, rid)| g.roles.iter().find(|r| r.id.0 == *rid))
                .filter(|r| !r.mentionable)
                .map(|r| format!("@{}", r.name))
                .collect();
            if !unpingable.is_empty() {
                report.problem(format!(
                    "{variable}={id}: the bot cannot ping {} when a ticket is escalated: in {name}'s settings → \
                     Permissions, allow Mention @everyone, @here and All Roles for {whom}, or make those roles \
                     mentionable (Server Settings → Roles → Allow anyone to @mention this role)",
                    unpingable.join(", ")
                ));
                continue;
            }
        }
        report.fact(label, name);
    }

    // The slash commands: the requesters' everywhere (DMs too), the staff's in the server.
    if let Some(app) = app_id {
        let mut missing: Vec<String> = Vec::new();
        match api.get::<Vec<Command>>(&format!("/applications/{app}/commands")).await {
            Ok(list) => missing.extend(
                commands::GLOBAL
                    .iter()
                    .filter(|n| !list.iter().any(|c| c.name == **n))
                    .map(|n| format!("/{n}")),
            ),
            Err(e) => report.problem(format!("the bot's global commands could not be read: {e}")),
        }
        if guild.is_some() {
            match api.get::<Vec<Command>>(&format!("/applications/{app}/guilds/{guild_id}/commands")).await {
                Ok(list) => missing.extend(
                    commands::GUILD
                        .iter()
                        .filter(|n| !list.iter().any(|c| c.name == **n))
                        .map(|n| format!("/{n}")),
                ),
                Err(e) if e.status() == Some(403) => report.problem(format!(
                    "{}={guild_id}: the bot may not add slash commands to this server ({e}): invite it again with \
                     the link `deskbot invite-url` prints (it has the applications.commands scope)",
                    config::DESKBOT_GUILD_ID
                )),
                Err(e) => report.problem(format!("the server's commands could not be read: {e}")),
            }
        }
        if missing.is_empty() {
            let checked: &[&str] = if guild.is_some() { commands::GUILD } else { &[] };
            let all: Vec<String> = commands::GLOBAL.iter().chain(checked).map(|n| format!("/{n}")).collect();
            report.fact("commands", all.join(" "));
        } else {
            report.problem(format!(
                "slash commands not registered: {}: run `deskbot register-commands` (the bot also registers them \
                 when it starts)",
                missing.join(", ")
            ));
        }
    }

    Ok(report)
}

/// Says why a configured channel is not among the server's: another server's, hidden, or unknown.
async fn channel_elsewhere(api: &Api, report: &mut Report, variable: &str, id: u64, guild_id: u64) {
    match api.get::<Channel>(&format!("/channels/{id}")).await {
        Ok(c) => {
            let name = format!("#{}", c.name.as_deref().unwrap_or("?"));
            match c.guild_id {
                Some(other) if other.0 != guild_id => report.problem(format!(
                    "{variable}={id}: {name} is in another server ({}), not in {}={guild_id}: use a channel of \
                     the help desk's server, or correct {} ({SERVER_ID_HELP})",
                    other.0,
                    config::DESKBOT_GUILD_ID,
                    config::DESKBOT_GUILD_ID
                )),
                Some(_) => {}
                None => report.problem(format!(
                    "{variable}={id}: this is a direct message channel: choose a channel of the server \
                     ({CHANNEL_ID_HELP})"
                )),
            }
        }
        Err(e) if e.status() == Some(403) => report.problem(format!(
            "{variable}={id}: the bot cannot see this channel, or it is in a server the bot is not in: add the \
             bot's role to the channel's permissions with View Channel, or check the id ({CHANNEL_ID_HELP})"
        )),
        Err(e) if e.status() == Some(404) => report.problem(format!(
            "{variable}={id}: there is no such channel: copy its id again ({CHANNEL_ID_HELP})"
        )),
        Err(e) => report.problem(format!("{variable}={id}: the channel could not be read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: u64 = 100;
    const OWNER: u64 = 1;
    const BOT: u64 = 2;
    const BOT_ROLE: u64 = 200;
    const STAFF: u64 = 201;

    fn roles(everyone: u64, bot: u64) -> Vec<(u64, u64)> {
        vec![(GUILD, everyone), (BOT_ROLE, bot), (STAFF, 0)]
    }

    fn in_channel(roles: &[(u64, u64)], member_roles: &[u64], overwrites: &[Overwrite]) -> u64 {
        let base = base_permissions(GUILD, OWNER, roles, BOT, member_roles);
        channel_permissions(base, GUILD, BOT, member_roles, overwrites)
    }

    fn role(id: u64, allow: u64, deny: u64) -> Overwrite {
        Overwrite { id, member: false, allow, deny }
    }

    #[test]
    fn the_invite_link_asks_for_the_bot_and_its_commands_with_exactly_the_channel_permissions() {
        let url = invite_url(42);
        assert_eq!(
            url,
            "https://discord.com/oauth2/authorize?client_id=42&scope=bot+applications.commands&permissions=\
             309237861376"
        );
        assert_eq!(INVITE_PERMISSIONS, TRIAGE_PERMISSIONS | COORDINATOR_PERMISSIONS);
        assert_eq!(permission_names(INVITE_PERMISSIONS).len(), 7);
        assert_eq!(INVITE_PERMISSIONS & perm::ADMINISTRATOR, 0, "never more than needed");
    }

    #[test]
    fn a_channel_hidden_from_everyone_is_hidden_from_the_bot_unless_its_role_is_let_in() {
        let everyone = perm::VIEW_CHANNEL | perm::SEND_MESSAGES | perm::EMBED_LINKS;
        let roles = roles(everyone, INVITE_PERMISSIONS);
        let hidden = [role(GUILD, 0, perm::VIEW_CHANNEL), role(STAFF, perm::VIEW_CHANNEL, 0)];
        assert_eq!(in_channel(&roles, &[BOT_ROLE], &hidden), 0, "without View Channel, nothing");
        let let_in = [hidden[0], hidden[1], role(BOT_ROLE, perm::VIEW_CHANNEL, 0)];
        assert_eq!(in_channel(&roles, &[BOT_ROLE], &let_in) & TRIAGE_PERMISSIONS, TRIAGE_PERMISSIONS);
    }

    #[test]
    fn a_role_overwrite_allow_wins_over_another_roles_deny_and_a_member_overwrite_wins_over_both() {
        let roles = roles(perm::VIEW_CHANNEL | perm::SEND_MESSAGES, 0);
        let o = [role(BOT_ROLE, 0, perm::EMBED_LINKS), role(STAFF, perm::EMBED_LINKS, 0)];
        assert_ne!(in_channel(&roles, &[BOT_ROLE, STAFF], &o) & perm::EMBED_LINKS, 0);
        let member = Overwrite { id: BOT, member: true, allow: 0, deny: perm::EMBED_LINKS };
        assert_eq!(in_channel(&roles, &[BOT_ROLE, STAFF], &[o[0], o[1], member]) & perm::EMBED_LINKS, 0);
    }

    #[test]
    fn without_send_messages_embeds_and_mentions_do_not_count() {
        let roles = roles(perm::VIEW_CHANNEL | perm::EMBED_LINKS | perm::MENTION_EVERYONE, 0);
        let p = in_channel(&roles, &[BOT_ROLE], &[]);
        assert_eq!(p & (perm::EMBED_LINKS | perm::MENTION_EVERYONE), 0);
        assert_ne!(p & perm::VIEW_CHANNEL, 0);
    }

    #[test]
    fn an_administrator_or_the_owner_has_everything_whatever_the_overwrites() {
        let roles = roles(0, perm::ADMINISTRATOR);
        let deny_all = [role(GUILD, 0, perm::ALL), role(BOT_ROLE, 0, perm::ALL)];
        assert_eq!(in_channel(&roles, &[BOT_ROLE], &deny_all), perm::ALL);
        assert_eq!(base_permissions(GUILD, BOT, &roles, BOT, &[]), perm::ALL);
    }
}
