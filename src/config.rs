//! The configuration, typed and validated once at start.
//!
//! Two sources:
//! - **variables**, from the environment or a `.env` file (real environment variables take
//!   precedence): the token, the database, the Discord ids of the guild, channels and roles;
//! - **the help desk**, a TOML file named by `DESKBOT_CONFIG` ([`Helpdesk`]): categories and their
//!   questions, classification rules, SLA targets and a few durations. Without it the built-in
//!   default is used, which is `deskbot.example.toml` word for word.
//!
//! Anything wrong stops the start with a [`ConfigError`] that names the variable or the TOML key
//! and the expected form; all the variables that are missing or wrong are named at once. The token
//! and the database password never appear in `Debug`, `Display` or errors.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::Duration;
use serde::Deserialize;

use crate::domain::assign::{Roster, Shift, Technician};
use crate::domain::classify::Rule;
use crate::domain::hours::{BusinessHours, WeekdayKey};
use crate::domain::intake::{Catalog, Category, Pattern, Question, QuestionKind, RESERVED_KEYS};
use crate::domain::sla::{SlaTarget, SlaTargets};
use crate::domain::text::{
    SELECT_OPTION_TEXT_MAX, SELECT_OPTIONS_MAX, TEXT_INPUT_LABEL_MAX, TEXT_INPUT_PLACEHOLDER_MAX,
    TEXT_INPUT_VALUE_MAX, char_count,
};
use crate::domain::transition::{Policy, WaitingWindows};
use crate::domain::{DiscordId, Lang, Level, Roles, Urgency};
use crate::store::redact_url;

/// The bot token.
pub const DISCORD_TOKEN: &str = "DISCORD_TOKEN";
/// Where tickets are kept: `sqlite://PATH` or `postgres://…`.
pub const DATABASE_URL: &str = "DATABASE_URL";
/// The organisation's Discord server (guild); its tickets are numbered from #1.
pub const DESKBOT_GUILD_ID: &str = "DESKBOT_GUILD_ID";
/// The technicians' triage channel.
pub const DESKBOT_TRIAGE_CHANNEL_ID: &str = "DESKBOT_TRIAGE_CHANNEL_ID";
/// The coordinators' channel (SLA breaches, alerts).
pub const DESKBOT_COORDINATOR_CHANNEL_ID: &str = "DESKBOT_COORDINATOR_CHANNEL_ID";
/// The role of level 1 technicians.
pub const DESKBOT_ROLE_L1: &str = "DESKBOT_ROLE_L1";
/// The role of level 2 specialists.
pub const DESKBOT_ROLE_L2: &str = "DESKBOT_ROLE_L2";
/// The role of level 3 specialists.
pub const DESKBOT_ROLE_L3: &str = "DESKBOT_ROLE_L3";
/// The role of help desk coordinators.
pub const DESKBOT_ROLE_COORDINATOR: &str = "DESKBOT_ROLE_COORDINATOR";
/// Path of the help desk TOML; the built-in default when unset.
pub const DESKBOT_CONFIG: &str = "DESKBOT_CONFIG";
/// Another Discord-compatible endpoint (the tests' local Discord).
pub const DISCORD_API_BASE: &str = "DISCORD_API_BASE";
/// This process's name among those sharing a database (its outbox leases carry it); the host name
/// when unset. A process restarted under the same name takes back at once what it had leased.
pub const DESKBOT_INSTANCE: &str = "DESKBOT_INSTANCE";
/// The address of the operator's HTTP listener (`/healthz`, `/readyz`, `/metrics`), e.g.
/// `0.0.0.0:8080`; no listener when unset.
pub const DESKBOT_HTTP_ADDR: &str = "DESKBOT_HTTP_ADDR";
/// The application's public key (hex, from the Developer Portal): with it, interactions received over
/// HTTP at `/interactions` on [`DESKBOT_HTTP_ADDR`] are verified and served.
pub const DISCORD_PUBLIC_KEY: &str = "DISCORD_PUBLIC_KEY";
/// How long the gateway leader's lease lasts, e.g. `10s`: of several processes on one database, a
/// standby takes over at most this long after the leader dies (at once when it stops gracefully).
pub const DESKBOT_LEADER_LEASE: &str = "DESKBOT_LEADER_LEASE";
/// [`DESKBOT_LEADER_LEASE`] when unset: a standby serves within about 11 s of the leader's death.
pub const DEFAULT_LEADER_LEASE: Duration = Duration::seconds(10);
/// How logs are written: `text` (the default) or `json` (one JSON object per line).
pub const DESKBOT_LOG_FORMAT: &str = "DESKBOT_LOG_FORMAT";

/// `DATABASE_URL` when it is not set: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://deskbot.db";

/// The built-in help desk, also shipped as the commented example.
const BUILTIN_TOML: &str = include_str!("../deskbot.example.toml");
const BUILTIN_ORIGIN: &str = "built-in configuration (deskbot.example.toml)";

/// The machine's name (`/etc/hostname`, or `HOSTNAME`), for the default instance name.
fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "deskbot".to_owned())
}

// ---------------------------------------------------------------------------------------------------
// Secrets.
// ---------------------------------------------------------------------------------------------------

/// A secret (the bot token): `Debug` and `Display` print `***`, so it cannot leak into a log by
/// accident; [`Secret::expose`] is the one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value so that it is never printed.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that needs it (serenity's HTTP client).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A database URL of a supported scheme. `Debug` and `Display` hide its password; it derefs to the
/// full URL for connecting.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Accepts `sqlite:…` and `postgres://…` / `postgresql://…`, the schemes the store supports.
    pub fn parse(url: &str) -> Result<DatabaseUrl, String> {
        let url = url.trim();
        let supported =
            url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://");
        if supported && url.len() > "sqlite:".len() {
            Ok(DatabaseUrl(url.to_owned()))
        } else {
            Err(format!(
                "{DATABASE_URL} {:?} is not supported: set it to sqlite://PATH (e.g. {DEFAULT_DATABASE_URL}) or \
                 postgres://USER:PASSWORD@HOST:5432/DATABASE",
                redact_url(url)
            ))
        }
    }

    /// The full URL, password included, for connecting.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with its password hidden, for messages and logs.
    pub fn redacted(&self) -> String {
        redact_url(&self.0)
    }

    /// PostgreSQL rather than SQLite (for the start log and tests).
    pub fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres")
    }
}

impl Deref for DatabaseUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for DatabaseUrl {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({:?})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

// ---------------------------------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------------------------------

/// A configuration variable that is missing or not in the expected form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvProblem {
    pub variable: &'static str,
    /// A whole sentence that starts with the variable's name and says what to set it to.
    pub message: String,
}

/// One wrong value in the help desk TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    /// Where, e.g. `categories[2].questions[0].pattern`.
    pub key: String,
    /// What is wrong and what is expected, to follow the key.
    pub message: String,
}

/// Why the configuration cannot be used. `Display` is what the operator reads when the start stops.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}", env_problems(.0))]
    Env(Vec<EnvProblem>),
    #[error(".env cannot be read: {0}")]
    DotEnv(String),
    #[error("{DESKBOT_CONFIG}: cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// The TOML does not parse or has a key or value of the wrong kind; `message` says where.
    #[error("{origin}: {message}")]
    Syntax { origin: String, message: String },
    #[error("{}", key_problems(.origin, .problems))]
    Helpdesk { origin: String, problems: Vec<KeyProblem> },
}

fn env_problems(problems: &[EnvProblem]) -> String {
    match problems {
        [one] => one.message.clone(),
        many => {
            let lines: Vec<String> = many.iter().map(|p| format!("  - {}", p.message)).collect();
            format!("{} configuration variables need attention:\n{}", many.len(), lines.join("\n"))
        }
    }
}

fn key_problems(origin: &str, problems: &[KeyProblem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| format!("{origin}: {} {}", p.key, p.message)).collect();
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------------------
// The whole configuration.
// ---------------------------------------------------------------------------------------------------

/// The Discord roles that make someone staff, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleIds {
    /// Level 1 technicians.
    pub l1: DiscordId,
    pub l2: DiscordId,
    pub l3: DiscordId,
    pub coordinator: DiscordId,
}

impl RoleIds {
    /// The permissions of a member holding `member_roles`: the highest support level among them, and
    /// whether they coordinate.
    pub fn roles_of(&self, member_roles: &[DiscordId]) -> Roles {
        let has = |id: DiscordId| member_roles.contains(&id);
        let level = [(self.l3, Level::THREE), (self.l2, Level::TWO), (self.l1, Level::ONE)]
            .into_iter()
            .find(|(id, _)| has(*id))
            .map(|(_, level)| level);
        Roles { level, coordinator: has(self.coordinator) }
    }

    /// The role to ping when a ticket reaches `level`.
    pub fn for_level(&self, level: Level) -> DiscordId {
        match level.get() {
            1 => self.l1,
            2 => self.l2,
            _ => self.l3,
        }
    }
}

/// Everything deskbot needs to run, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub discord_token: Secret,
    pub database_url: DatabaseUrl,
    /// The organisation's Discord server.
    pub guild_id: DiscordId,
    /// The technicians' triage channel (staff only).
    pub triage_channel_id: DiscordId,
    /// Where SLA breaches and alerts go.
    pub coordinator_channel_id: DiscordId,
    pub roles: RoleIds,
    /// Another Discord-compatible endpoint, `scheme://host[:port]` without a trailing slash.
    pub discord_api_base: Option<String>,
    pub helpdesk: Helpdesk,
    /// The `DESKBOT_CONFIG` file the help desk came from; `None` for the built-in default.
    pub helpdesk_path: Option<PathBuf>,
    /// This process's name among those sharing the database (see [`DESKBOT_INSTANCE`]).
    pub instance: String,
    /// Where `/healthz`, `/readyz` and `/metrics` are served (see [`DESKBOT_HTTP_ADDR`]).
    pub http_addr: Option<std::net::SocketAddr>,
    /// How long the gateway leader's lease lasts (see [`DESKBOT_LEADER_LEASE`]).
    pub leader_lease: Duration,
    /// The application's Ed25519 public key, when interactions are received over HTTP (see
    /// [`DISCORD_PUBLIC_KEY`]).
    pub public_key: Option<[u8; 32]>,
}

/// What each Discord id variable is, and where to find it.
const IDS: &[(&str, &str)] = &[
    (
        DESKBOT_GUILD_ID,
        "the id of your Discord server (a number; with Developer Mode on, right-click the server icon → Copy Server ID)",
    ),
    (
        DESKBOT_TRIAGE_CHANNEL_ID,
        "the id of the technicians' triage channel (a number; Discord → right-click the channel → Copy Channel ID)",
    ),
    (
        DESKBOT_COORDINATOR_CHANNEL_ID,
        "the id of the coordinators' channel, where SLA breaches are announced (a number; Discord → right-click \
         the channel → Copy Channel ID)",
    ),
    (
        DESKBOT_ROLE_L1,
        "the id of the level 1 technicians' role (a number; Server Settings → Roles → right-click the role → \
         Copy Role ID)",
    ),
    (
        DESKBOT_ROLE_L2,
        "the id of the level 2 specialists' role (a number; Server Settings → Roles → right-click the role → \
         Copy Role ID)",
    ),
    (
        DESKBOT_ROLE_L3,
        "the id of the level 3 specialists' role (a number; Server Settings → Roles → right-click the role → \
         Copy Role ID)",
    ),
    (
        DESKBOT_ROLE_COORDINATOR,
        "the id of the help desk coordinators' role (a number; Server Settings → Roles → right-click the role → \
         Copy Role ID)",
    ),
];

const TOKEN_HELP: &str =
    "the bot's token (Discord Developer Portal → your application → Bot → Reset Token; keep it out of git)";

/// A variable's value, `None` when unset or blank.
fn read(source: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    source(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A Discord snowflake: a positive whole number that fits the database's `i64`.
fn parse_snowflake(text: &str) -> Option<DiscordId> {
    text.parse::<u64>().ok().filter(|n| *n > 0).and_then(|n| DiscordId::try_from(n).ok())
}

fn parse_api_base(text: &str) -> Result<String, String> {
    let base = text.trim_end_matches('/');
    let rest = base.strip_prefix("http://").or_else(|| base.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', ' ']) => Ok(base.to_owned()),
        _ => Err(format!(
            "{DISCORD_API_BASE} {text:?} is not a Discord-compatible endpoint: set it to http(s)://HOST[:PORT] without \
             a path (e.g. http://127.0.0.1:8765), or leave it unset for the real Discord"
        )),
    }
}

/// A 32-byte Ed25519 public key written as 64 hexadecimal digits, as the Developer Portal shows it.
fn parse_public_key(text: &str) -> Result<[u8; 32], String> {
    let bad = || {
        "is not the application's public key: copy it from the Developer Portal (General Information → \
         Public Key), 64 hexadecimal digits"
            .to_owned()
    };
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return Err(bad());
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    serenity::interactions_endpoint::Verifier::try_new(key).map_err(|_| bad())?;
    Ok(key)
}

fn parse_http_addr(text: &str) -> Result<std::net::SocketAddr, String> {
    text.parse().map_err(|_| {
        format!(
            "{DESKBOT_HTTP_ADDR} {text:?} is not an address to listen on: set it to IP:PORT (e.g. 0.0.0.0:8080, or \
             127.0.0.1:8080 for this machine only), or leave it unset for no health and metrics listener"
        )
    })
}

/// How logs are written (see [`DESKBOT_LOG_FORMAT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines; coloured only on a terminal.
    #[default]
    Text,
    /// One JSON object per event and line, with the fields of the event and its spans.
    Json,
}

/// `DESKBOT_LOG_FORMAT` from `.env` and the environment, read before anything is logged.
pub fn log_format_from_env() -> Result<LogFormat, ConfigError> {
    log_format_from_source(env_source()?)
}

/// `DESKBOT_LOG_FORMAT` from `source`; [`LogFormat::Text`] when unset.
pub fn log_format_from_source(source: impl Fn(&str) -> Option<String>) -> Result<LogFormat, ConfigError> {
    match read(&source, DESKBOT_LOG_FORMAT).map(|v| v.to_ascii_lowercase()).as_deref() {
        None | Some("text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(ConfigError::Env(vec![EnvProblem {
            variable: DESKBOT_LOG_FORMAT,
            message: format!("{DESKBOT_LOG_FORMAT} {other:?} is not a log format: set it to text or json"),
        }])),
    }
}

impl Config {
    /// Reads the configuration from `.env` and the environment (which takes precedence).
    pub fn from_env() -> Result<Config, ConfigError> {
        let source = env_source()?;
        Config::from_source(source)
    }

    /// Reads the configuration from `source` (a variable's name → its value), so tests need not touch
    /// the process environment. Every variable that is missing or malformed is reported at once.
    pub fn from_source(source: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut problems = Vec::new();

        let discord_token = match read(&source, DISCORD_TOKEN) {
            None => {
                problems.push(EnvProblem {
                    variable: DISCORD_TOKEN,
                    message: format!("{DISCORD_TOKEN} is missing: set it to {TOKEN_HELP}"),
                });
                None
            }
            Some(token) if token.contains(char::is_whitespace) => {
                problems.push(EnvProblem {
                    variable: DISCORD_TOKEN,
                    message: format!(
                        "{DISCORD_TOKEN} contains spaces: set it to the token alone, {TOKEN_HELP}"
                    ),
                });
                None
            }
            Some(token) => Some(Secret(token)),
        };

        let database_url = match database_url_from_source(&source) {
            Ok(url) => Some(url),
            Err(ConfigError::Env(mut p)) => {
                problems.append(&mut p);
                None
            }
            Err(other) => return Err(other),
        };

        let mut ids: HashMap<&str, DiscordId> = HashMap::new();
        for (name, help) in IDS {
            match read(&source, name) {
                None => problems.push(EnvProblem {
                    variable: name,
                    message: format!("{name} is missing: set it to {help}"),
                }),
                Some(text) => match parse_snowflake(&text) {
                    Some(id) => {
                        ids.insert(name, id);
                    }
                    None => problems.push(EnvProblem {
                        variable: name,
                        message: format!("{name} is not a Discord id (got {text:?}): set it to {help}"),
                    }),
                },
            }
        }

        let discord_api_base = match read(&source, DISCORD_API_BASE).map(|b| parse_api_base(&b)) {
            None => None,
            Some(Ok(base)) => Some(base),
            Some(Err(message)) => {
                problems.push(EnvProblem { variable: DISCORD_API_BASE, message });
                None
            }
        };

        let http_addr = match read(&source, DESKBOT_HTTP_ADDR).map(|a| parse_http_addr(&a)) {
            None => None,
            Some(Ok(addr)) => Some(addr),
            Some(Err(message)) => {
                problems.push(EnvProblem { variable: DESKBOT_HTTP_ADDR, message });
                None
            }
        };

        let leader_lease = match read(&source, DESKBOT_LEADER_LEASE).map(|text| parse_duration(&text)) {
            None => DEFAULT_LEADER_LEASE,
            Some(Ok(lease)) if lease >= Duration::seconds(3) && lease <= Duration::minutes(5) => lease,
            Some(_) => {
                problems.push(EnvProblem {
                    variable: DESKBOT_LEADER_LEASE,
                    message:
                        "must be a duration from 3s to 5m, e.g. 10s: a standby takes over at most this long \
                              after the leader dies"
                            .into(),
                });
                DEFAULT_LEADER_LEASE
            }
        };

        let public_key = match read(&source, DISCORD_PUBLIC_KEY).map(|text| parse_public_key(&text)) {
            None => None,
            Some(Ok(key)) if http_addr.is_some() => Some(key),
            Some(Ok(_)) => {
                problems.push(EnvProblem {
                    variable: DISCORD_PUBLIC_KEY,
                    message: format!(
                        "is set, but {DESKBOT_HTTP_ADDR} is not: interactions are received over HTTP on that \
                         listener (set it, e.g. 0.0.0.0:8080), or unset {DISCORD_PUBLIC_KEY} to receive them \
                         through the gateway"
                    ),
                });
                None
            }
            Some(Err(message)) => {
                problems.push(EnvProblem { variable: DISCORD_PUBLIC_KEY, message });
                None
            }
        };

        let id = |name: &str| ids.get(name).copied();
        let (
            Some(discord_token),
            Some(database_url),
            Some(guild_id),
            Some(triage_channel_id),
            Some(coordinator_channel_id),
            Some(l1),
            Some(l2),
            Some(l3),
            Some(coordinator),
            true,
        ) = (
            discord_token,
            database_url,
            id(DESKBOT_GUILD_ID),
            id(DESKBOT_TRIAGE_CHANNEL_ID),
            id(DESKBOT_COORDINATOR_CHANNEL_ID),
            id(DESKBOT_ROLE_L1),
            id(DESKBOT_ROLE_L2),
            id(DESKBOT_ROLE_L3),
            id(DESKBOT_ROLE_COORDINATOR),
            problems.is_empty(),
        )
        else {
            return Err(ConfigError::Env(problems));
        };

        let helpdesk_path = read(&source, DESKBOT_CONFIG).map(PathBuf::from);
        let helpdesk = match &helpdesk_path {
            Some(path) => Helpdesk::load(path)?,
            None => Helpdesk::builtin(),
        };

        Ok(Config {
            discord_token,
            database_url,
            guild_id,
            triage_channel_id,
            coordinator_channel_id,
            roles: RoleIds { l1, l2, l3, coordinator },
            discord_api_base,
            helpdesk,
            helpdesk_path,
            instance: read(&source, DESKBOT_INSTANCE).unwrap_or_else(host_name),
            http_addr,
            leader_lease,
            public_key,
        })
    }

    /// Where the help desk configuration came from, for `deskbot check` and the start log.
    /// The channel a new triage message for a ticket of `category` at `level` goes to: the one
    /// configured for its category or level, else the default triage channel.
    pub fn triage_channel_for(&self, category: &str, level: Level) -> DiscordId {
        self.helpdesk.triage_channels().for_ticket(category, level).unwrap_or(self.triage_channel_id)
    }

    /// Whether `channel` is one of the triage channels.
    pub fn is_triage_channel(&self, channel: DiscordId) -> bool {
        channel == self.triage_channel_id || self.helpdesk.triage_channels().channels().any(|c| c == channel)
    }

    pub fn helpdesk_source(&self) -> String {
        match &self.helpdesk_path {
            Some(path) => path.display().to_string(),
            None => "built-in default".to_owned(),
        }
    }
}

/// `DATABASE_URL` alone, for the commands that need only the database (`migrate`, `export`).
pub fn database_url_from_env() -> Result<DatabaseUrl, ConfigError> {
    database_url_from_source(env_source()?)
}

/// `DATABASE_URL` from `source`, [`DEFAULT_DATABASE_URL`] when unset.
pub fn database_url_from_source(source: impl Fn(&str) -> Option<String>) -> Result<DatabaseUrl, ConfigError> {
    let url = read(&source, DATABASE_URL).unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    DatabaseUrl::parse(&url)
        .map_err(|message| ConfigError::Env(vec![EnvProblem { variable: DATABASE_URL, message }]))
}

/// `DESKBOT_GUILD_ID` alone, for `deskbot report`, which reads one organisation's figures.
pub fn guild_id_from_env() -> Result<i64, ConfigError> {
    let source = env_source()?;
    read(&source, DESKBOT_GUILD_ID)
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            let message = format!("{DESKBOT_GUILD_ID} must be set to the server's id (a number)");
            ConfigError::Env(vec![EnvProblem { variable: DESKBOT_GUILD_ID, message }])
        })
}

/// The token and the endpoint alone, for `deskbot invite-url`, which runs before the server's ids
/// are known: `(DISCORD_TOKEN, DISCORD_API_BASE)`.
pub fn discord_access_from_env() -> Result<(Secret, Option<String>), ConfigError> {
    let source = env_source()?;
    let mut problems = Vec::new();
    let token = match read(&source, DISCORD_TOKEN) {
        Some(token) if !token.contains(char::is_whitespace) => Some(Secret(token)),
        Some(_) => {
            let message = format!("{DISCORD_TOKEN} contains spaces: set it to the token alone, {TOKEN_HELP}");
            problems.push(EnvProblem { variable: DISCORD_TOKEN, message });
            None
        }
        None => {
            let message = format!("{DISCORD_TOKEN} is missing: set it to {TOKEN_HELP} (or give --client-id)");
            problems.push(EnvProblem { variable: DISCORD_TOKEN, message });
            None
        }
    };
    let base = match read(&source, DISCORD_API_BASE).map(|b| parse_api_base(&b)) {
        Some(Ok(base)) => Some(base),
        Some(Err(message)) => {
            problems.push(EnvProblem { variable: DISCORD_API_BASE, message });
            None
        }
        None => None,
    };
    match token {
        Some(token) if problems.is_empty() => Ok((token, base)),
        _ => Err(ConfigError::Env(problems)),
    }
}

/// `DESKBOT_CONFIG` from the environment or `.env`: `deskbot sandbox` takes the help desk from there
/// and nothing else (no token, ids or database of the live desk).
pub fn helpdesk_path_from_env() -> Result<Option<String>, ConfigError> {
    let source = env_source()?;
    Ok(read(&source, DESKBOT_CONFIG))
}

/// The environment, falling back to `.env` (found in the working directory or a parent). The file is
/// read, not loaded into the process environment, so nothing global changes.
fn env_source() -> Result<impl Fn(&str) -> Option<String>, ConfigError> {
    let mut file: HashMap<String, String> = HashMap::new();
    if let Some(path) = find_dotenv() {
        let entries = dotenvy::from_path_iter(&path)
            .map_err(|e| ConfigError::DotEnv(describe_dotenv_error(&path, &e)))?;
        for entry in entries {
            let (name, value) = entry.map_err(|e| ConfigError::DotEnv(describe_dotenv_error(&path, &e)))?;
            file.insert(name, value);
        }
    }
    Ok(move |name: &str| {
        std::env::var(name).ok().filter(|v| !v.trim().is_empty()).or_else(|| file.get(name).cloned())
    })
}

/// `.env` in the working directory or the nearest parent that has one (where dotenvy looks too).
fn find_dotenv() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors().map(|dir| dir.join(".env")).find(|path| path.is_file())
}

/// Says where `.env` is wrong without quoting the line, which may hold the token.
fn describe_dotenv_error(path: &Path, error: &dotenvy::Error) -> String {
    match error {
        dotenvy::Error::LineParse(line, _) => {
            let number = std::fs::read_to_string(path)
                .ok()
                .and_then(|text| text.lines().position(|l| l == line))
                .map_or_else(String::new, |i| format!(" line {}", i + 1));
            format!("{}{number} is not NAME=value (quote values that contain spaces or #)", path.display())
        }
        other => format!("{}: {other}", path.display()),
    }
}

// ---------------------------------------------------------------------------------------------------
// Durations.
// ---------------------------------------------------------------------------------------------------

/// Reads a human duration: numbers with units `s`, `m`, `h`, `d`, `w`, e.g. `15m`, `4h`, `1h30m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let expected = || {
        format!(
            "{text:?} is not a duration: expected a number and a unit (s, m, h, d, w), e.g. \"15m\", \"4h\", \"3d\", \"1w\""
        )
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(expected());
    }
    let mut total = Duration::zero();
    let mut digits = String::new();
    for c in compact.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| expected())?;
        let part = match c.to_ascii_lowercase() {
            's' => Duration::try_seconds(n),
            'm' => Duration::try_minutes(n),
            'h' => Duration::try_hours(n),
            'd' => Duration::try_days(n),
            'w' => Duration::try_weeks(n),
            _ => None,
        }
        .ok_or_else(expected)?;
        total = total.checked_add(&part).ok_or_else(expected)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(expected());
    }
    Ok(total)
}

/// Writes a duration the way [`parse_duration`] reads it, largest units first (`1h30m`).
pub fn format_duration(duration: Duration) -> String {
    let mut seconds = duration.num_seconds();
    if seconds <= 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if seconds >= size {
            out.push_str(&format!("{}{unit}", seconds / size));
            seconds %= size;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// The help desk TOML.
// ---------------------------------------------------------------------------------------------------

/// The help desk: what intake asks, how requests are classified, the SLA targets and the time limits.
/// Only built by [`Helpdesk::from_toml`] (or [`Helpdesk::builtin`]), so it is always valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Helpdesk {
    catalog: Catalog,
    /// The catalog in each other language: the configured translations over the English texts.
    translations: BTreeMap<Lang, Catalog>,
    /// Staff's language, when configured (else the server's preferred locale).
    default_language: Option<Lang>,
    rules: Vec<Rule>,
    sla: SlaTargets,
    business_hours: Option<&'static BusinessHours>,
    confirmation_window: Duration,
    intake_reminder_after: Duration,
    intake_expire_after: Duration,
    waiting_reminder_after: Duration,
    waiting_resolve_after: Duration,
    daily_digest_at: Option<chrono::NaiveTime>,
    resolution_notes_min_chars: usize,
    reason_min_chars: usize,
    roster: Roster,
    triage_channels: TriageChannels,
}

/// Triage channels per category or per support level (`[triage] channels` in the TOML): a ticket's
/// triage message goes to its category's channel, else its level's, else the default triage
/// channel (`DESKBOT_TRIAGE_CHANNEL_ID`). The message stays where it was posted: an escalated
/// ticket is not moved, its new level is pinged in its thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TriageChannels {
    by_category: std::collections::BTreeMap<String, DiscordId>,
    by_level: std::collections::BTreeMap<u8, DiscordId>,
}

impl TriageChannels {
    /// The channel configured for a ticket of `category` at `level`, if any.
    pub fn for_ticket(&self, category: &str, level: Level) -> Option<DiscordId> {
        self.by_category.get(category).or_else(|| self.by_level.get(&level.get())).copied()
    }

    /// Every channel configured here (without the default one).
    pub fn channels(&self) -> impl Iterator<Item = DiscordId> + '_ {
        self.by_category.values().chain(self.by_level.values()).copied()
    }
}

const DEFAULT_CONFIRMATION_WINDOW: &str = "3d";
const DEFAULT_INTAKE_REMINDER_AFTER: &str = "30m";
const DEFAULT_INTAKE_EXPIRE_AFTER: &str = "24h";
const DEFAULT_WAITING_REMINDER_AFTER: &str = "2d";
const DEFAULT_WAITING_RESOLVE_AFTER: &str = "5d";
const DEFAULT_RESOLUTION_NOTES_MIN_CHARS: usize = 20;
const DEFAULT_REASON_MIN_CHARS: usize = 10;
const DEFAULT_TEXT_MAX_CHARS: usize = 1000;
const PROMPT_MAX_CHARS: usize = 300;
const KEY_MAX_CHARS: usize = 32;

static BUILTIN: LazyLock<Result<Helpdesk, String>> =
    LazyLock::new(|| Helpdesk::parse(BUILTIN_TOML, BUILTIN_ORIGIN, None).map_err(|e| e.to_string()));

impl Helpdesk {
    /// The built-in help desk (`deskbot.example.toml`). A unit test proves it valid; should it ever
    /// not be, a minimal desk (one "Other" category, no rules, default targets) keeps the bot up.
    pub fn builtin() -> Helpdesk {
        match &*BUILTIN {
            Ok(helpdesk) => helpdesk.clone(),
            Err(_) => Helpdesk::minimal(),
        }
    }

    fn minimal() -> Helpdesk {
        Helpdesk {
            catalog: Catalog {
                categories: vec![Category {
                    key: "other".into(),
                    name: "Other".into(),
                    description: "Anything".into(),
                    questions: Vec::new(),
                    level: Level::ONE,
                }],
            },
            translations: BTreeMap::new(),
            default_language: None,
            rules: Vec::new(),
            sla: SlaTargets::default(),
            business_hours: None,
            confirmation_window: Duration::days(3),
            intake_reminder_after: Duration::minutes(30),
            intake_expire_after: Duration::hours(24),
            waiting_reminder_after: Duration::days(2),
            waiting_resolve_after: Duration::days(5),
            daily_digest_at: None,
            resolution_notes_min_chars: DEFAULT_RESOLUTION_NOTES_MIN_CHARS,
            reason_min_chars: DEFAULT_REASON_MIN_CHARS,
            roster: Roster { categories: vec!["other".into()], ..Roster::default() },
            triage_channels: TriageChannels::default(),
        }
    }

    /// Reads and validates the TOML file at `path`; errors name the file and the key.
    pub fn load(path: &Path) -> Result<Helpdesk, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
        Helpdesk::from_toml(&text, &path.display().to_string())
    }

    /// Parses and validates a help desk TOML. `origin` (usually the file name) starts every error
    /// message. Keys left out take the built-in values (see `deskbot.example.toml`).
    pub fn from_toml(text: &str, origin: &str) -> Result<Helpdesk, ConfigError> {
        let builtin = Helpdesk::builtin();
        Helpdesk::parse(text, origin, Some(&builtin))
    }

    fn parse(text: &str, origin: &str, fallback: Option<&Helpdesk>) -> Result<Helpdesk, ConfigError> {
        let file: HelpdeskFile = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            origin: origin.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let mut v = Validator::default();
        let helpdesk = v.helpdesk(file, fallback);
        match helpdesk {
            Some(helpdesk) if v.problems.is_empty() => Ok(helpdesk),
            _ => Err(ConfigError::Helpdesk { origin: origin.to_owned(), problems: v.problems }),
        }
    }

    /// The categories and questions intake asks, in English.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The categories and questions in `lang`: the configured translations, English where a text
    /// has none.
    pub fn catalog_in(&self, lang: Lang) -> &Catalog {
        self.translations.get(&lang).unwrap_or(&self.catalog)
    }

    /// Staff's language (triage, threads, the coordinators' channel) as configured; without it, the
    /// server's preferred locale decides (English when deskbot does not speak it).
    pub fn default_language(&self) -> Option<Lang> {
        self.default_language
    }

    /// The classification rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// First-response and resolution targets per priority.
    pub fn sla(&self) -> &SlaTargets {
        &self.sla
    }

    /// What the ticket state machine enforces.
    pub fn policy(&self) -> Policy {
        Policy {
            sla: self.sla,
            hours: self.business_hours,
            resolution_notes_min_chars: self.resolution_notes_min_chars,
            reason_min_chars: self.reason_min_chars,
            waiting: WaitingWindows {
                remind_after: self.waiting_reminder_after,
                resolve_after: self.waiting_resolve_after,
            },
        }
    }

    /// When SLA clocks run; `None`: all the time.
    pub fn business_hours(&self) -> Option<&'static BusinessHours> {
        self.business_hours
    }

    /// A resolved ticket closes by itself after this without an answer from the requester.
    pub fn confirmation_window(&self) -> Duration {
        self.confirmation_window
    }

    /// An unanswered intake is reminded once after this.
    pub fn intake_reminder_after(&self) -> Duration {
        self.intake_reminder_after
    }

    /// An unanswered intake ends after this.
    pub fn intake_expire_after(&self) -> Duration {
        self.intake_expire_after
    }

    /// A question to the requester (the ticket waiting on them) left unanswered is reminded once
    /// after this.
    pub fn waiting_reminder_after(&self) -> Duration {
        self.waiting_reminder_after
    }

    /// A ticket still waiting on the requester this long after the question is resolved as "no
    /// response" (the requester may still say it is broken, as after any resolution).
    pub fn waiting_resolve_after(&self) -> Duration {
        self.waiting_resolve_after
    }

    /// When the coordinators' channel gets the daily digest, in the help desk's time zone (that of
    /// `[business_hours]`, else UTC); `None`: no digest.
    pub fn daily_digest_at(&self) -> Option<chrono::NaiveTime> {
        self.daily_digest_at
    }

    /// The technicians, their skills, levels and shifts, and whether submitted tickets are assigned
    /// by themselves.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The triage channels per category or level, beside the default one.
    pub fn triage_channels(&self) -> &TriageChannels {
        &self.triage_channels
    }
}

// The file's shape. Every field is optional so that a file may change one thing; strings are kept
// raw so that validation can name the exact key of a bad value.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpdeskFile {
    confirmation_window: Option<String>,
    intake_reminder_after: Option<String>,
    intake_expire_after: Option<String>,
    waiting_reminder_after: Option<String>,
    waiting_resolve_after: Option<String>,
    daily_digest_at: Option<String>,
    default_language: Option<String>,
    resolution_notes_min_chars: Option<i64>,
    reason_min_chars: Option<i64>,
    sla: Option<SlaFile>,
    business_hours: Option<BusinessHoursFile>,
    categories: Option<Vec<CategoryFile>>,
    rules: Option<Vec<RuleFile>>,
    assignment: Option<AssignmentFile>,
    technicians: Option<Vec<TechnicianFile>>,
    triage: Option<TriageFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriageFile {
    /// `level1`…`level3` or a category key → a channel id.
    #[serde(default)]
    channels: std::collections::BTreeMap<String, IdFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignmentFile {
    auto: Option<bool>,
    time_zone: Option<String>,
}

/// A Discord id as written in the TOML: text (as Discord copies it) or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IdFile {
    Text(String),
    Number(i64),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TechnicianFile {
    id: IdFile,
    /// For the reader of the file; Discord shows the member's own name.
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    level: Option<i64>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    shifts: Vec<ShiftFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShiftFile {
    days: Vec<String>,
    start: String,
    end: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlaFile {
    p1: Option<TargetFile>,
    p2: Option<TargetFile>,
    p3: Option<TargetFile>,
    p4: Option<TargetFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BusinessHoursFile {
    time_zone: String,
    days: Vec<String>,
    start: String,
    end: String,
    #[serde(default)]
    holidays: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    first_response: Option<String>,
    resolution: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    key: String,
    name: String,
    #[serde(default)]
    description: String,
    level: Option<i64>,
    #[serde(default)]
    questions: Vec<QuestionFile>,
    /// `[categories.translations.es]`: `name` and `description` in another language.
    #[serde(default)]
    translations: BTreeMap<String, CategoryText>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryText {
    name: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionText {
    prompt: Option<String>,
    label: Option<String>,
    hint: Option<String>,
    options: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    key: String,
    prompt: String,
    label: Option<String>,
    required: Option<bool>,
    kind: Option<String>,
    max_chars: Option<i64>,
    pattern: Option<String>,
    hint: Option<String>,
    options: Option<Vec<String>>,
    /// `[categories.questions.translations.de]`: `prompt`, `label`, `hint`, `options` in another
    /// language (options in the same order and number).
    #[serde(default)]
    translations: BTreeMap<String, QuestionText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    pattern: String,
    category: Option<String>,
    urgency: Option<String>,
}

/// Collects every problem of a file, each with its key, instead of stopping at the first.
#[derive(Default)]
struct Validator {
    problems: Vec<KeyProblem>,
}

impl Validator {
    fn problem(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.problems.push(KeyProblem { key: key.into(), message: message.into() });
    }

    fn helpdesk(&mut self, file: HelpdeskFile, fallback: Option<&Helpdesk>) -> Option<Helpdesk> {
        let confirmation_window = self.duration(
            "confirmation_window",
            file.confirmation_window.as_deref(),
            DEFAULT_CONFIRMATION_WINDOW,
        );
        let intake_reminder_after = self.duration(
            "intake_reminder_after",
            file.intake_reminder_after.as_deref(),
            DEFAULT_INTAKE_REMINDER_AFTER,
        );
        let intake_expire_after = self.duration(
            "intake_expire_after",
            file.intake_expire_after.as_deref(),
            DEFAULT_INTAKE_EXPIRE_AFTER,
        );
        if let (Some(reminder), Some(expire)) = (intake_reminder_after, intake_expire_after)
            && reminder >= expire
        {
            self.problem(
                "intake_reminder_after",
                format!(
                    "({}) must be shorter than intake_expire_after ({}): the reminder comes before the intake expires",
                    format_duration(reminder),
                    format_duration(expire)
                ),
            );
        }
        let waiting_reminder_after = self.duration(
            "waiting_reminder_after",
            file.waiting_reminder_after.as_deref(),
            DEFAULT_WAITING_REMINDER_AFTER,
        );
        let waiting_resolve_after = self.duration(
            "waiting_resolve_after",
            file.waiting_resolve_after.as_deref(),
            DEFAULT_WAITING_RESOLVE_AFTER,
        );
        if let (Some(reminder), Some(resolve)) = (waiting_reminder_after, waiting_resolve_after)
            && reminder >= resolve
        {
            self.problem(
                "waiting_reminder_after",
                format!(
                    "({}) must be shorter than waiting_resolve_after ({}): the reminder comes before the ticket is resolved",
                    format_duration(reminder),
                    format_duration(resolve)
                ),
            );
        }
        let daily_digest_at = match file.daily_digest_at.as_deref() {
            None => Some(None),
            Some(text) => match chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M") {
                Ok(t) => Some(Some(t)),
                Err(_) => {
                    self.problem(
                        "daily_digest_at",
                        format!("is {text:?}: expected a time of day as HH:MM, e.g. \"08:30\""),
                    );
                    None
                }
            },
        };
        let resolution_notes_min_chars = self.min_chars(
            "resolution_notes_min_chars",
            file.resolution_notes_min_chars,
            DEFAULT_RESOLUTION_NOTES_MIN_CHARS,
        );
        let reason_min_chars =
            self.min_chars("reason_min_chars", file.reason_min_chars, DEFAULT_REASON_MIN_CHARS);
        let sla = self.sla(file.sla.unwrap_or_default());
        let business_hours = match file.business_hours {
            Some(hours) => self.business_hours(hours).map(Some),
            None => Some(None),
        };

        let default_language = match file.default_language.as_deref() {
            None => Some(None),
            Some(code) => match Lang::ALL.into_iter().find(|l| l.code() == code.trim()) {
                Some(lang) => Some(Some(lang)),
                None => {
                    self.problem(
                        "default_language",
                        format!("is {code:?}: expected \"en\", \"es\", \"it\" or \"de\""),
                    );
                    None
                }
            },
        };
        let (catalog, translations, rules) = match (file.categories, fallback) {
            (Some(categories), _) => {
                let (catalog, translations) = self.catalog(categories);
                let rules = self.rules(file.rules.unwrap_or_default(), &catalog);
                (catalog, translations, rules)
            }
            (None, Some(builtin)) => {
                let rules = match file.rules {
                    Some(rules) => self.rules(rules, &builtin.catalog),
                    None => builtin.rules.clone(),
                };
                (builtin.catalog.clone(), builtin.translations.clone(), rules)
            }
            (None, None) => {
                self.problem("categories", "is missing: at least one [[categories]] is needed");
                (Catalog::default(), BTreeMap::new(), Vec::new())
            }
        };

        let zone = business_hours.flatten().map(|h| h.zone);
        let roster = self.roster(
            file.assignment.unwrap_or_default(),
            file.technicians.unwrap_or_default(),
            &catalog,
            zone,
        );

        let triage_channels = self.triage_channels(file.triage.unwrap_or_default(), &catalog);

        Some(Helpdesk {
            catalog,
            translations,
            default_language: default_language?,
            rules,
            triage_channels: triage_channels?,
            roster: roster?,
            sla: sla?,
            business_hours: business_hours?,
            confirmation_window: confirmation_window?,
            intake_reminder_after: intake_reminder_after?,
            intake_expire_after: intake_expire_after?,
            waiting_reminder_after: waiting_reminder_after?,
            waiting_resolve_after: waiting_resolve_after?,
            daily_digest_at: daily_digest_at?,
            resolution_notes_min_chars: resolution_notes_min_chars?,
            reason_min_chars: reason_min_chars?,
        })
    }

    /// `[triage] channels`: each key a support level (`level1`…`level3`) or a category key, each
    /// value a channel id.
    fn triage_channels(&mut self, file: TriageFile, catalog: &Catalog) -> Option<TriageChannels> {
        let mut out = TriageChannels::default();
        let mut ok = true;
        for (key, id) in file.channels {
            let at = format!("triage.channels.{key}");
            let id = match &id {
                IdFile::Text(text) => parse_snowflake(text.trim()),
                IdFile::Number(n) => (*n > 0).then_some(*n),
            };
            let Some(id) = id else {
                self.problem(
                    at,
                    "is not a Discord channel id: expected the channel's id as text, e.g. \"123456789012345678\" \
                     (Developer Mode on, right-click the channel → Copy Channel ID)",
                );
                ok = false;
                continue;
            };
            let level = key.strip_prefix("level").and_then(|n| n.parse::<i64>().ok()).and_then(Level::new);
            if let Some(level) = level {
                out.by_level.insert(level.get(), id);
            } else if catalog.categories.iter().any(|c| c.key == key) {
                out.by_category.insert(key, id);
            } else {
                let keys: Vec<&str> = catalog.categories.iter().map(|c| c.key.as_str()).collect();
                self.problem(
                    at,
                    format!(
                        "names neither a support level (level1, level2, level3) nor a category ({})",
                        keys.join(", ")
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(out)
    }

    /// A positive duration at `key`, or `default` when absent.
    fn duration(&mut self, key: &str, value: Option<&str>, default: &str) -> Option<Duration> {
        match parse_duration(value.unwrap_or(default)) {
            Ok(d) if d > Duration::zero() => Some(d),
            Ok(_) => {
                self.problem(key, "must be longer than zero, e.g. \"30m\"");
                None
            }
            Err(message) => {
                self.problem(key, message);
                None
            }
        }
    }

    fn min_chars(&mut self, key: &str, value: Option<i64>, default: usize) -> Option<usize> {
        let Some(value) = value else { return Some(default) };
        match usize::try_from(value) {
            Ok(n) if (1..=TEXT_INPUT_VALUE_MAX).contains(&n) => Some(n),
            _ => {
                self.problem(
                    key,
                    format!("is {value}: expected a number of characters from 1 to {TEXT_INPUT_VALUE_MAX} (a Discord text input's limit)"),
                );
                None
            }
        }
    }

    /// `[business_hours]`: an IANA time zone, working days, opening and closing times, holidays.
    /// The hours are kept for the life of the process (see [`Policy::hours`]): the help desk is read
    /// once at start.
    fn business_hours(&mut self, file: BusinessHoursFile) -> Option<&'static BusinessHours> {
        let zone = match file.time_zone.trim().parse::<chrono_tz::Tz>() {
            Ok(zone) => Some(zone),
            Err(_) => {
                self.problem(
                    "business_hours.time_zone",
                    format!("is {:?}: expected an IANA time zone such as \"Europe/Rome\"", file.time_zone),
                );
                None
            }
        };
        let mut days = std::collections::BTreeSet::new();
        for day in &file.days {
            match day.trim().parse::<chrono::Weekday>() {
                Ok(d) => {
                    days.insert(WeekdayKey::from(d));
                }
                Err(_) => self.problem(
                    "business_hours.days",
                    format!("has {day:?}: expected days of the week such as \"mon\", \"tue\""),
                ),
            }
        }
        if file.days.is_empty() {
            self.problem(
                "business_hours.days",
                "is empty: name at least one working day, e.g. [\"mon\", \"fri\"]",
            );
        }
        let time = |v: &mut Validator, key: &str, text: &str| match chrono::NaiveTime::parse_from_str(
            text.trim(),
            "%H:%M",
        ) {
            Ok(t) => Some(t),
            Err(_) => {
                v.problem(key, format!("is {text:?}: expected a time of day as HH:MM, e.g. \"09:00\""));
                None
            }
        };
        let start = time(self, "business_hours.start", &file.start);
        let end = time(self, "business_hours.end", &file.end);
        if let (Some(start), Some(end)) = (start, end)
            && start >= end
        {
            self.problem(
                "business_hours.start",
                format!("({}) must be earlier than business_hours.end ({})", file.start, file.end),
            );
            return None;
        }
        let mut holidays = std::collections::BTreeSet::new();
        for day in &file.holidays {
            match chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d") {
                Ok(d) => {
                    holidays.insert(d);
                }
                Err(_) => self.problem(
                    "business_hours.holidays",
                    format!("has {day:?}: expected dates as YYYY-MM-DD, e.g. \"2026-12-25\""),
                ),
            }
        }
        if file.days.is_empty() || days.len() != file.days.len() || holidays.len() != file.holidays.len() {
            return None;
        }
        let hours = BusinessHours { zone: zone?, days, start: start?, end: end?, holidays };
        Some(Box::leak(Box::new(hours)))
    }

    /// `[assignment]` and `[[technicians]]`: ids, levels, skills that are category keys, and shifts
    /// in `assignment.time_zone` (by default the business hours' zone, else UTC).
    fn roster(
        &mut self,
        file: AssignmentFile,
        technicians: Vec<TechnicianFile>,
        catalog: &Catalog,
        business_zone: Option<chrono_tz::Tz>,
    ) -> Option<Roster> {
        let zone = match &file.time_zone {
            None => Some(business_zone.unwrap_or(chrono_tz::UTC)),
            Some(text) => text.trim().parse::<chrono_tz::Tz>().ok().or_else(|| {
                self.problem(
                    "assignment.time_zone",
                    format!("is {text:?}: expected an IANA time zone such as \"Europe/Rome\""),
                );
                None
            }),
        };
        let keys: Vec<String> = catalog.categories.iter().map(|c| c.key.clone()).collect();
        let mut seen: HashMap<DiscordId, usize> = HashMap::new();
        let mut out = Vec::with_capacity(technicians.len());
        let mut ok = true;
        for (i, t) in technicians.into_iter().enumerate() {
            let at = format!("technicians[{i}]");
            let id = match &t.id {
                IdFile::Text(text) => parse_snowflake(text.trim()),
                IdFile::Number(n) => (*n > 0).then_some(*n),
            };
            let Some(id) = id else {
                self.problem(
                    format!("{at}.id"),
                    "is not a Discord user id: expected the member's id as text, e.g. \"123456789012345678\" \
                     (Developer Mode on, right-click the member → Copy User ID)",
                );
                ok = false;
                continue;
            };
            if let Some(first) = seen.insert(id, i) {
                self.problem(format!("{at}.id"), format!("{id} is already the id of technicians[{first}]"));
                ok = false;
            }
            let level = match t.level {
                None => Level::ONE,
                Some(n) => Level::new(n).unwrap_or_else(|| {
                    self.problem(
                        format!("{at}.level"),
                        format!("is {n}: expected a support level, 1, 2 or 3"),
                    );
                    ok = false;
                    Level::ONE
                }),
            };
            let mut skills = std::collections::BTreeSet::new();
            for skill in &t.skills {
                let skill = skill.trim();
                if keys.iter().any(|k| k == skill) {
                    skills.insert(skill.to_owned());
                } else {
                    self.problem(
                        format!("{at}.skills"),
                        format!(
                            "has {skill:?}, which is not a category key: expected some of {}",
                            keys.join(", ")
                        ),
                    );
                    ok = false;
                }
            }
            let mut shifts = Vec::with_capacity(t.shifts.len());
            for (j, shift) in t.shifts.iter().enumerate() {
                match self.shift(&format!("{at}.shifts[{j}]"), shift) {
                    Some(s) => shifts.push(s),
                    None => ok = false,
                }
            }
            out.push(Technician { id, level, skills, shifts });
        }
        let zone = zone?;
        ok.then(|| Roster { auto: file.auto.unwrap_or(false), zone, technicians: out, categories: keys })
    }

    fn shift(&mut self, at: &str, file: &ShiftFile) -> Option<Shift> {
        let mut days = std::collections::BTreeSet::new();
        let mut ok = true;
        for day in &file.days {
            match day.trim().parse::<chrono::Weekday>() {
                Ok(d) => {
                    days.insert(WeekdayKey::from(d));
                }
                Err(_) => {
                    self.problem(
                        format!("{at}.days"),
                        format!("has {day:?}: expected days of the week such as \"mon\", \"tue\""),
                    );
                    ok = false;
                }
            }
        }
        if file.days.is_empty() {
            self.problem(
                format!("{at}.days"),
                "is empty: name the days the shift starts on, e.g. [\"mon\", \"fri\"]",
            );
            ok = false;
        }
        let mut time = |key: &str, text: &str| match chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                self.problem(
                    format!("{at}.{key}"),
                    format!("is {text:?}: expected a time of day as HH:MM, e.g. \"09:00\""),
                );
                None
            }
        };
        let start = time("start", &file.start);
        let end = time("end", &file.end);
        let (start, end) = (start?, end?);
        if start == end {
            self.problem(
                format!("{at}.end"),
                format!("({}) is the shift's start: a shift needs a length (an end before the start runs past midnight)", file.end),
            );
            return None;
        }
        ok.then_some(Shift { days, start, end })
    }

    fn sla(&mut self, file: SlaFile) -> Option<SlaTargets> {
        let defaults = SlaTargets::default();
        let p1 = self.target("sla.p1", file.p1, defaults.p1);
        let p2 = self.target("sla.p2", file.p2, defaults.p2);
        let p3 = self.target("sla.p3", file.p3, defaults.p3);
        let p4 = self.target("sla.p4", file.p4, defaults.p4);
        Some(SlaTargets { p1: p1?, p2: p2?, p3: p3?, p4: p4? })
    }

    fn target(&mut self, key: &str, file: Option<TargetFile>, default: SlaTarget) -> Option<SlaTarget> {
        let file = file.unwrap_or_default();
        let first_response = self.duration(
            &format!("{key}.first_response"),
            file.first_response.as_deref(),
            &format_duration(default.first_response),
        )?;
        let resolution = self.duration(
            &format!("{key}.resolution"),
            file.resolution.as_deref(),
            &format_duration(default.resolution),
        )?;
        if first_response >= resolution {
            self.problem(
                format!("{key}.first_response"),
                format!(
                    "({}) must be shorter than {key}.resolution ({})",
                    format_duration(first_response),
                    format_duration(resolution)
                ),
            );
            return None;
        }
        Some(SlaTarget { first_response, resolution })
    }

    /// A key's text: lowercase letters, digits, `_`, `-`, starting with a letter; ids in custom ids.
    fn key_text(&mut self, at: &str, key: &str) {
        let well_formed = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            && key.len() <= KEY_MAX_CHARS;
        if !well_formed {
            self.problem(
                at,
                format!(
                    "{key:?} is not a valid key: use 1–{KEY_MAX_CHARS} lowercase letters, digits, _ or -, starting with a letter"
                ),
            );
        }
    }

    /// Text that must be 1..=max characters.
    fn text(&mut self, at: &str, text: &str, max: usize, why: &str) {
        let n = char_count(text.trim());
        if n == 0 {
            self.problem(at, "is empty: write something");
        } else if n > max {
            self.problem(at, format!("is {n} characters long: at most {max} ({why})"));
        }
    }

    fn catalog(&mut self, categories: Vec<CategoryFile>) -> (Catalog, BTreeMap<Lang, Catalog>) {
        if categories.is_empty() {
            self.problem("categories", "is empty: at least one category is needed");
        }
        if categories.len() > SELECT_OPTIONS_MAX {
            self.problem(
                "categories",
                format!(
                    "has {} categories: at most {SELECT_OPTIONS_MAX} (a Discord select menu's limit)",
                    categories.len()
                ),
            );
        }
        let mut keys: HashMap<String, usize> = HashMap::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(categories.len());
        let mut texts = Vec::with_capacity(categories.len());
        for (i, mut file) in categories.into_iter().enumerate() {
            let question_texts: Vec<BTreeMap<String, QuestionText>> =
                file.questions.iter_mut().map(|q| std::mem::take(&mut q.translations)).collect();
            texts.push((std::mem::take(&mut file.translations), question_texts));
            let at = format!("categories[{i}]");
            self.key_text(&format!("{at}.key"), &file.key);
            if let Some(first) = keys.insert(file.key.clone(), i) {
                self.problem(
                    format!("{at}.key"),
                    format!("{:?} is already the key of categories[{first}]", file.key),
                );
            }
            self.text(
                &format!("{at}.name"),
                &file.name,
                SELECT_OPTION_TEXT_MAX,
                "a select menu option's limit",
            );
            if let Some(first) = names.insert(file.name.trim().to_lowercase(), i) {
                self.problem(
                    format!("{at}.name"),
                    format!("{:?} is already the name of categories[{first}]", file.name),
                );
            }
            if char_count(&file.description) > SELECT_OPTION_TEXT_MAX {
                self.problem(
                    format!("{at}.description"),
                    format!(
                        "is longer than {SELECT_OPTION_TEXT_MAX} characters (a select menu option's limit)"
                    ),
                );
            }
            let level = match file.level {
                None => Level::ONE,
                Some(n) => Level::new(n).unwrap_or_else(|| {
                    self.problem(
                        format!("{at}.level"),
                        format!("is {n}: expected a support level, 1, 2 or 3"),
                    );
                    Level::ONE
                }),
            };
            let mut question_keys: HashMap<String, usize> = HashMap::new();
            let mut questions = Vec::with_capacity(file.questions.len());
            for (j, q) in file.questions.into_iter().enumerate() {
                let at = format!("{at}.questions[{j}]");
                if let Some(first) = question_keys.insert(q.key.clone(), j) {
                    self.problem(
                        format!("{at}.key"),
                        format!("{:?} is already the key of questions[{first}]", q.key),
                    );
                }
                if let Some(question) = self.question(&at, q) {
                    questions.push(question);
                }
            }
            out.push(Category {
                key: file.key,
                name: file.name.trim().to_owned(),
                description: file.description.trim().to_owned(),
                questions,
                level,
            });
        }
        let catalog = Catalog { categories: out };
        let translations = self.translations(&catalog, texts);
        (catalog, translations)
    }

    /// The catalog in each language other than English: `texts` (per category, its own and its
    /// questions' translations, by language code) over the English catalog. A text not translated
    /// stays English.
    #[allow(clippy::type_complexity)]
    fn translations(
        &mut self,
        english: &Catalog,
        texts: Vec<(BTreeMap<String, CategoryText>, Vec<BTreeMap<String, QuestionText>>)>,
    ) -> BTreeMap<Lang, Catalog> {
        let mut catalogs: BTreeMap<Lang, Catalog> =
            Lang::ALL.into_iter().filter(|l| *l != Lang::En).map(|l| (l, english.clone())).collect();
        let known = |code: &str| Lang::ALL.into_iter().find(|l| *l != Lang::En && l.code() == code);
        for (i, (category, questions)) in texts.into_iter().enumerate() {
            let at = format!("categories[{i}].translations");
            for (code, text) in category {
                let Some(lang) = known(&code) else {
                    self.problem(
                        format!("{at}.{code}"),
                        "is not a language deskbot translates to: es, it or de",
                    );
                    continue;
                };
                let Some(target) = catalogs.get_mut(&lang).and_then(|c| c.categories.get_mut(i)) else {
                    continue;
                };
                if let Some(name) = text.name {
                    self.text(
                        &format!("{at}.{code}.name"),
                        &name,
                        SELECT_OPTION_TEXT_MAX,
                        "a select menu option's limit",
                    );
                    target.name = name.trim().to_owned();
                }
                if let Some(description) = text.description {
                    if char_count(&description) > SELECT_OPTION_TEXT_MAX {
                        self.problem(
                            format!("{at}.{code}.description"),
                            format!("is longer than {SELECT_OPTION_TEXT_MAX} characters (a select menu option's limit)"),
                        );
                    }
                    target.description = description.trim().to_owned();
                }
            }
            for (j, question) in questions.into_iter().enumerate() {
                let at = format!("categories[{i}].questions[{j}].translations");
                for (code, text) in question {
                    let Some(lang) = known(&code) else {
                        self.problem(
                            format!("{at}.{code}"),
                            "is not a language deskbot translates to: es, it or de",
                        );
                        continue;
                    };
                    let Some(target) = catalogs
                        .get_mut(&lang)
                        .and_then(|c| c.categories.get_mut(i))
                        .and_then(|c| c.questions.get_mut(j))
                    else {
                        continue;
                    };
                    if let Some(prompt) = text.prompt {
                        self.text(
                            &format!("{at}.{code}.prompt"),
                            &prompt,
                            PROMPT_MAX_CHARS,
                            "it is sent as a message",
                        );
                        target.prompt = prompt.trim().to_owned();
                    }
                    if let Some(label) = text.label {
                        self.text(
                            &format!("{at}.{code}.label"),
                            &label,
                            TEXT_INPUT_LABEL_MAX,
                            "a Discord modal label's limit",
                        );
                        target.label = Some(label.trim().to_owned());
                    }
                    if let Some(hint) = text.hint {
                        self.text(
                            &format!("{at}.{code}.hint"),
                            &hint,
                            TEXT_INPUT_PLACEHOLDER_MAX,
                            "it is the modal input's placeholder",
                        );
                        target.hint = Some(hint.trim().to_owned());
                    }
                    if let Some(options) = text.options {
                        match &mut target.kind {
                            QuestionKind::Choice { options: english } if english.len() == options.len() => {
                                self.options(&format!("{at}.{code}.options"), &options);
                                *english = options.iter().map(|o| o.trim().to_owned()).collect();
                            }
                            QuestionKind::Choice { options: english } => self.problem(
                                format!("{at}.{code}.options"),
                                format!(
                                    "has {} options: the question has {}, and each translation gives them all, in the same order",
                                    options.len(),
                                    english.len()
                                ),
                            ),
                            QuestionKind::Text { .. } => {
                                self.problem(format!("{at}.{code}.options"), "is only for kind = \"choice\"")
                            }
                        }
                    }
                }
            }
        }
        catalogs
    }

    fn question(&mut self, at: &str, q: QuestionFile) -> Option<Question> {
        self.key_text(&format!("{at}.key"), &q.key);
        if RESERVED_KEYS.contains(&q.key.as_str()) {
            self.problem(
                format!("{at}.key"),
                format!("{:?} is reserved: every intake asks it already; choose another key", q.key),
            );
        }
        self.text(&format!("{at}.prompt"), &q.prompt, PROMPT_MAX_CHARS, "it is sent as a message");
        if let Some(label) = &q.label {
            self.text(&format!("{at}.label"), label, TEXT_INPUT_LABEL_MAX, "a Discord modal label's limit");
        }
        if let Some(hint) = &q.hint {
            self.text(
                &format!("{at}.hint"),
                hint,
                TEXT_INPUT_PLACEHOLDER_MAX,
                "it is the modal input's placeholder",
            );
        }
        let kind = match q.kind.as_deref().unwrap_or("text") {
            "text" => {
                if q.options.is_some() {
                    self.problem(format!("{at}.options"), "is only for kind = \"choice\"");
                }
                let max_chars = match q.max_chars {
                    None => DEFAULT_TEXT_MAX_CHARS,
                    Some(n) => match usize::try_from(n) {
                        Ok(n) if (1..=TEXT_INPUT_VALUE_MAX).contains(&n) => n,
                        _ => {
                            self.problem(
                                format!("{at}.max_chars"),
                                format!("is {n}: expected 1 to {TEXT_INPUT_VALUE_MAX} (a Discord text input's limit)"),
                            );
                            DEFAULT_TEXT_MAX_CHARS
                        }
                    },
                };
                QuestionKind::Text { max_chars }
            }
            "choice" => {
                if q.max_chars.is_some() {
                    self.problem(format!("{at}.max_chars"), "is only for kind = \"text\"");
                }
                if q.pattern.is_some() {
                    self.problem(format!("{at}.pattern"), "is only for kind = \"text\"");
                }
                let options = q.options.clone().unwrap_or_default();
                self.options(&format!("{at}.options"), &options);
                QuestionKind::Choice { options: options.iter().map(|o| o.trim().to_owned()).collect() }
            }
            other => {
                self.problem(format!("{at}.kind"), format!("is {other:?}: expected \"text\" or \"choice\""));
                return None;
            }
        };
        let pattern = match q.pattern.as_deref().filter(|_| matches!(kind, QuestionKind::Text { .. })) {
            None => None,
            Some(pattern) => match Pattern::new(pattern) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.problem(
                        format!("{at}.pattern"),
                        format!("is not a valid regex: {}", one_line_error(&e)),
                    );
                    None
                }
            },
        };
        Some(Question {
            key: q.key,
            prompt: q.prompt.trim().to_owned(),
            label: q.label.map(|l| l.trim().to_owned()),
            required: q.required.unwrap_or(true),
            kind,
            pattern,
            hint: q.hint.map(|h| h.trim().to_owned()),
        })
    }

    fn options(&mut self, at: &str, options: &[String]) {
        if options.is_empty() {
            self.problem(at, "is missing or empty: a choice needs at least one option");
        }
        if options.len() > SELECT_OPTIONS_MAX {
            self.problem(
                at,
                format!(
                    "has {} options: at most {SELECT_OPTIONS_MAX} (a Discord select menu's limit)",
                    options.len()
                ),
            );
        }
        let mut seen = HashSet::new();
        for (k, option) in options.iter().enumerate() {
            self.text(&format!("{at}[{k}]"), option, SELECT_OPTION_TEXT_MAX, "a select menu option's limit");
            if !seen.insert(option.trim().to_lowercase()) {
                self.problem(format!("{at}[{k}]"), format!("{option:?} is listed twice"));
            }
        }
    }

    fn rules(&mut self, rules: Vec<RuleFile>, catalog: &Catalog) -> Vec<Rule> {
        let mut out = Vec::with_capacity(rules.len());
        for (i, rule) in rules.into_iter().enumerate() {
            let at = format!("rules[{i}]");
            if rule.category.is_none() && rule.urgency.is_none() {
                self.problem(&at, "does nothing: give it a category, an urgency, or both");
            }
            if let Some(category) = &rule.category
                && catalog.category(category).is_none()
            {
                let known: Vec<&str> = catalog.categories.iter().map(|c| c.key.as_str()).collect();
                self.problem(
                    format!("{at}.category"),
                    format!("{category:?} is not a category key: expected one of {}", known.join(", ")),
                );
            }
            let urgency = match rule.urgency.as_deref().map(str::parse::<Urgency>) {
                None => None,
                Some(Ok(urgency)) => Some(urgency),
                Some(Err(_)) => {
                    self.problem(
                        format!("{at}.urgency"),
                        format!(
                            "is {:?}: expected \"low\", \"medium\" or \"high\"",
                            rule.urgency.unwrap_or_default()
                        ),
                    );
                    None
                }
            };
            match Rule::new(&rule.pattern, rule.category, urgency) {
                Ok(r) => out.push(r),
                Err(e) => self.problem(
                    format!("{at}.pattern"),
                    format!("is not a valid regex: {}", one_line_error(&e)),
                ),
            }
        }
        out
    }
}

/// The regex crate's error as one line (its `Display` draws the pattern over several).
fn one_line_error(error: &regex::Error) -> String {
    match error {
        regex::Error::Syntax(text) => {
            let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(text).trim();
            last.trim_start_matches("error:").trim().to_owned()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.fake-token-for-tests";

    fn complete() -> HashMap<&'static str, String> {
        HashMap::from([
            (DISCORD_TOKEN, TOKEN.to_owned()),
            (DESKBOT_GUILD_ID, "111111111111111111".to_owned()),
            (DESKBOT_TRIAGE_CHANNEL_ID, "222222222222222222".to_owned()),
            (DESKBOT_COORDINATOR_CHANNEL_ID, "333333333333333333".to_owned()),
            (DESKBOT_ROLE_L1, "401".to_owned()),
            (DESKBOT_ROLE_L2, "402".to_owned()),
            (DESKBOT_ROLE_L3, "403".to_owned()),
            (DESKBOT_ROLE_COORDINATOR, "404".to_owned()),
        ])
    }

    fn load(vars: &HashMap<&'static str, String>) -> Result<Config, ConfigError> {
        Config::from_source(|name| vars.get(name).cloned())
    }

    #[test]
    fn the_http_listener_is_off_unless_an_address_is_given_and_a_bad_one_is_named() {
        assert_eq!(with(&[]).map(|c| c.http_addr).ok(), Some(None));
        let on = with(&[(DESKBOT_HTTP_ADDR, "0.0.0.0:8080")]).map(|c| c.http_addr).ok().flatten();
        assert_eq!(on.map(|a| a.port()), Some(8080));
        let problems = env_problems(with(&[(DESKBOT_HTTP_ADDR, "localhost")]));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].variable, DESKBOT_HTTP_ADDR);
        assert!(problems[0].message.contains("IP:PORT"), "{}", problems[0].message);
    }

    #[test]
    fn interactions_over_http_need_a_valid_public_key_and_the_listener() {
        let public = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key().to_bytes();
        let key: String = public.iter().map(|b| format!("{b:02x}")).collect();
        let key = key.as_str();
        let both = with(&[(DESKBOT_HTTP_ADDR, "127.0.0.1:8080"), (DISCORD_PUBLIC_KEY, key)]);
        assert!(both.as_ref().is_ok_and(|c| c.public_key.is_some()), "{:?}", both.err());
        assert_eq!(with(&[]).map(|c| c.public_key).ok(), Some(None), "the gateway by default");
        let alone = env_problems(with(&[(DISCORD_PUBLIC_KEY, key)]));
        assert_eq!(alone.len(), 1);
        assert!(alone[0].message.contains(DESKBOT_HTTP_ADDR), "{}", alone[0].message);
        let not_hex = format!("zz{}", &key[2..]);
        for bad in ["abc", not_hex.as_str()] {
            let problems =
                env_problems(with(&[(DESKBOT_HTTP_ADDR, "127.0.0.1:8080"), (DISCORD_PUBLIC_KEY, bad)]));
            assert_eq!(problems.len(), 1, "{bad}");
            assert!(problems[0].message.contains("Public Key"), "{}", problems[0].message);
        }
    }

    #[test]
    fn the_leader_lease_is_ten_seconds_unless_set_within_bounds() {
        assert_eq!(with(&[]).map(|c| c.leader_lease).ok(), Some(Duration::seconds(10)));
        assert_eq!(
            with(&[(DESKBOT_LEADER_LEASE, "30s")]).map(|c| c.leader_lease).ok(),
            Some(Duration::seconds(30))
        );
        for bad in ["1s", "1h", "soon"] {
            let problems = env_problems(with(&[(DESKBOT_LEADER_LEASE, bad)]));
            assert_eq!(problems.first().map(|p| p.variable), Some(DESKBOT_LEADER_LEASE), "{bad}");
        }
    }

    #[test]
    fn logs_are_text_unless_json_is_asked_for_and_another_word_is_refused() {
        let format = |v: Option<&str>| log_format_from_source(|_| v.map(str::to_owned));
        assert_eq!(format(None).ok(), Some(LogFormat::Text));
        assert_eq!(format(Some("JSON")).ok(), Some(LogFormat::Json));
        let refused = format(Some("yaml")).map_err(|e| e.to_string());
        assert!(refused.is_err_and(|e| e.contains(DESKBOT_LOG_FORMAT) && e.contains("text or json")));
    }

    fn with(changes: &[(&'static str, &str)]) -> Result<Config, ConfigError> {
        let mut vars = complete();
        for (name, value) in changes {
            vars.insert(name, (*value).to_owned());
        }
        load(&vars)
    }

    fn env_problems(result: Result<Config, ConfigError>) -> Vec<EnvProblem> {
        match result {
            Err(ConfigError::Env(problems)) => problems,
            other => panic!("expected variable problems, got {other:?}"),
        }
    }

    fn helpdesk_err(toml: &str) -> String {
        match Helpdesk::from_toml(toml, "deskbot.toml") {
            Ok(_) => panic!("expected {toml:?} to be refused"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_complete_environment_gives_a_typed_configuration() {
        let config = load(&complete()).expect("valid");
        assert_eq!(config.discord_token.expose(), TOKEN);
        assert_eq!(config.database_url.expose(), DEFAULT_DATABASE_URL);
        assert_eq!(config.guild_id, 111_111_111_111_111_111);
        assert_eq!(config.triage_channel_id, 222_222_222_222_222_222);
        assert_eq!(config.coordinator_channel_id, 333_333_333_333_333_333);
        assert_eq!(config.roles, RoleIds { l1: 401, l2: 402, l3: 403, coordinator: 404 });
        assert_eq!(config.discord_api_base, None);
        assert_eq!(config.helpdesk, Helpdesk::builtin());
        assert_eq!(config.helpdesk_source(), "built-in default");
    }

    #[test]
    fn every_missing_variable_is_named_at_once() {
        let problems = env_problems(load(&HashMap::new()));
        let named: Vec<&str> = problems.iter().map(|p| p.variable).collect();
        assert_eq!(
            named,
            [
                DISCORD_TOKEN,
                DESKBOT_GUILD_ID,
                DESKBOT_TRIAGE_CHANNEL_ID,
                DESKBOT_COORDINATOR_CHANNEL_ID,
                DESKBOT_ROLE_L1,
                DESKBOT_ROLE_L2,
                DESKBOT_ROLE_L3,
                DESKBOT_ROLE_COORDINATOR,
            ],
            "DATABASE_URL has a default"
        );
        let message = ConfigError::Env(problems).to_string();
        assert!(message.starts_with("8 configuration variables need attention:"), "{message}");
        assert!(message.contains(
            "DESKBOT_TRIAGE_CHANNEL_ID is missing: set it to the id of the technicians' triage channel (a number; \
             Discord → right-click the channel → Copy Channel ID)"
        ));
    }

    #[test]
    fn one_missing_variable_is_one_sentence() {
        let mut vars = complete();
        vars.remove(DESKBOT_ROLE_L2);
        let message = load(&vars).expect_err("incomplete").to_string();
        assert!(
            message.starts_with("DESKBOT_ROLE_L2 is missing: set it to the id of the level 2"),
            "{message}"
        );
        assert!(!message.contains('\n'));
    }

    #[test]
    fn a_blank_variable_counts_as_missing() {
        let problems = env_problems(with(&[(DESKBOT_GUILD_ID, "   "), (DISCORD_TOKEN, "")]));
        let named: Vec<&str> = problems.iter().map(|p| p.variable).collect();
        assert_eq!(named, [DISCORD_TOKEN, DESKBOT_GUILD_ID]);
    }

    #[test]
    fn a_value_that_is_not_a_snowflake_names_the_variable() {
        for bad in ["abc", "-5", "0", "12.5", "99999999999999999999", "9223372036854775808", "<#123>"] {
            let problems = env_problems(with(&[(DESKBOT_COORDINATOR_CHANNEL_ID, bad)]));
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].variable, DESKBOT_COORDINATOR_CHANNEL_ID);
            assert!(
                problems[0].message.starts_with(&format!(
                    "DESKBOT_COORDINATOR_CHANNEL_ID is not a Discord id (got {bad:?})"
                )),
                "{}",
                problems[0].message
            );
        }
        let config = with(&[(DESKBOT_ROLE_L1, " 9223372036854775807 ")]).expect("largest i64 is fine");
        assert_eq!(config.roles.l1, i64::MAX);
    }

    #[test]
    fn missing_and_malformed_variables_are_reported_together() {
        let mut vars = complete();
        vars.remove(DESKBOT_ROLE_L3);
        vars.insert(DESKBOT_GUILD_ID, "my-server".into());
        vars.insert(DATABASE_URL, "mysql://root:hunter2@db/desk".into());
        let problems = env_problems(load(&vars));
        let named: Vec<&str> = problems.iter().map(|p| p.variable).collect();
        assert_eq!(named, [DATABASE_URL, DESKBOT_GUILD_ID, DESKBOT_ROLE_L3]);
        let message = ConfigError::Env(problems).to_string();
        assert!(!message.contains("hunter2"), "{message}");
        assert!(message.contains("sqlite://PATH"), "{message}");
    }

    #[test]
    fn the_token_and_the_database_password_never_show_in_debug_or_display() {
        let config =
            with(&[(DATABASE_URL, "postgres://desk:s3cr3t-pw@db.internal:5432/deskbot")]).expect("valid");
        let debug = format!("{config:?}");
        assert!(!debug.contains(TOKEN), "token in Debug");
        assert!(!debug.contains("s3cr3t-pw"), "password in Debug");
        assert!(debug.contains("postgres://desk:***@db.internal:5432/deskbot"), "{debug}");
        assert_eq!(config.discord_token.to_string(), "***");
        assert_eq!(format!("{:?}", config.discord_token), "***");
        assert_eq!(config.database_url.to_string(), "postgres://desk:***@db.internal:5432/deskbot");
        assert_eq!(config.database_url.expose(), "postgres://desk:s3cr3t-pw@db.internal:5432/deskbot");
        assert!(config.database_url.is_postgres());
    }

    #[test]
    fn a_token_with_spaces_is_refused_without_being_echoed() {
        let problems = env_problems(with(&[(DISCORD_TOKEN, "Bot abc def")]));
        assert_eq!(problems[0].variable, DISCORD_TOKEN);
        assert!(!problems[0].message.contains("abc def"));
    }

    #[test]
    fn the_database_alone_can_be_read_for_migrate_and_export() {
        let none = database_url_from_source(|_| None).expect("default");
        assert_eq!(none.expose(), DEFAULT_DATABASE_URL);
        let url =
            database_url_from_source(|name| (name == DATABASE_URL).then(|| "sqlite::memory:".to_owned()))
                .expect("valid");
        assert_eq!(&*url, "sqlite::memory:");
        let err = database_url_from_source(|_| Some("deskbot.db".to_owned())).expect_err("no scheme");
        assert!(err.to_string().starts_with("DATABASE_URL \"deskbot.db\" is not supported"), "{err}");
    }

    #[test]
    fn the_api_base_is_an_http_origin_without_a_trailing_slash() {
        let config = with(&[(DISCORD_API_BASE, "http://127.0.0.1:8765/")]).expect("valid");
        assert_eq!(config.discord_api_base.as_deref(), Some("http://127.0.0.1:8765"));
        for bad in ["ftp://127.0.0.1", "127.0.0.1:8765", "http://", "http://host/api/v10"] {
            let problems = env_problems(with(&[(DISCORD_API_BASE, bad)]));
            assert_eq!(problems[0].variable, DISCORD_API_BASE, "{bad}");
        }
    }

    #[test]
    fn deskbot_config_names_the_help_desk_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.toml");
        std::fs::write(&path, "intake_reminder_after = \"1h\"\n").expect("write");
        let path_text = path.display().to_string();
        let config = with(&[(DESKBOT_CONFIG, path_text.as_str())]).expect("valid");
        assert_eq!(config.helpdesk.intake_reminder_after(), Duration::hours(1));
        assert_eq!(config.helpdesk_source(), path_text);

        std::fs::write(&path, "[[categories]]\nkey = \"Bad Key\"\nname = \"X\"\n").expect("write");
        let err = with(&[(DESKBOT_CONFIG, path_text.as_str())]).expect_err("invalid");
        assert!(err.to_string().starts_with(&format!("{path_text}: categories[0].key \"Bad Key\"")), "{err}");

        let missing = dir.path().join("nope.toml").display().to_string();
        let err = with(&[(DESKBOT_CONFIG, missing.as_str())]).expect_err("missing file");
        assert!(err.to_string().starts_with(&format!("DESKBOT_CONFIG: cannot read {missing}")), "{err}");
    }

    #[test]
    fn the_example_file_parses_and_equals_the_built_in_default() {
        assert!(BUILTIN.is_ok(), "{:?}", BUILTIN.as_ref().err());
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/deskbot.example.toml");
        let text = std::fs::read_to_string(path).expect("the example is at the repository root");
        let example = Helpdesk::from_toml(&text, "deskbot.example.toml").expect("the example is valid");
        assert_eq!(example, Helpdesk::builtin());
        assert_ne!(example, Helpdesk::minimal());
        // Every default the code falls back to is also written out in the example.
        assert_eq!(Helpdesk::from_toml("", "empty.toml").expect("empty is valid"), example);
    }

    #[test]
    fn the_built_in_desk_has_the_categories_and_questions_an_operator_asks() {
        let desk = Helpdesk::builtin();
        let keys: Vec<&str> = desk.catalog().categories.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["hardware", "software", "network", "accounts", "printing", "other"]);
        let names: Vec<&str> = desk.catalog().categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Hardware", "Software", "Network & VPN", "Accounts & access", "Printing", "Other"]
        );
        let hardware = desk.catalog().category("hardware").expect("hardware");
        let asset = hardware.questions.iter().find(|q| q.key == "asset_tag").expect("asset tag");
        assert!(!asset.required);
        assert_eq!(asset.pattern.as_ref().map(Pattern::as_str), Some(r"^[A-Z]{2}-\d{4,6}$"));
        assert!(matches!(hardware.questions[0].kind, QuestionKind::Choice { .. }));
        for category in &desk.catalog().categories {
            for q in &category.questions {
                assert!(char_count(&q.modal_label()) <= TEXT_INPUT_LABEL_MAX);
                assert!(!q.modal_label().ends_with('…'), "{}.{} needs a label", category.key, q.key);
            }
        }
        assert_eq!(*desk.sla(), SlaTargets::default());
        assert_eq!(
            desk.policy(),
            Policy {
                sla: SlaTargets::default(),
                hours: None,
                resolution_notes_min_chars: 20,
                reason_min_chars: 10,
                waiting: WaitingWindows { remind_after: Duration::days(2), resolve_after: Duration::days(5) },
            }
        );
        assert_eq!(desk.daily_digest_at(), None, "no digest unless asked for");
        assert_eq!(desk.confirmation_window(), Duration::days(3));
        assert_eq!(desk.intake_reminder_after(), Duration::minutes(30));
        assert_eq!(desk.intake_expire_after(), Duration::hours(24));
        assert_eq!(desk.rules().len(), 8);
    }

    #[test]
    fn the_built_in_desk_asks_in_all_four_languages() {
        let desk = Helpdesk::builtin();
        let english = desk.catalog();
        for lang in [Lang::Es, Lang::It, Lang::De] {
            let theirs = desk.catalog_in(lang);
            assert_eq!(theirs.categories.len(), english.categories.len());
            for (mine, their) in english.categories.iter().zip(&theirs.categories) {
                assert_eq!(mine.key, their.key, "the keys stay");
                assert_ne!(mine.description, their.description, "{lang}: {} is translated", mine.key);
                for (q, t) in mine.questions.iter().zip(&their.questions) {
                    assert_ne!(q.prompt, t.prompt, "{lang}: {}.{} is translated", mine.key, q.key);
                    if let (QuestionKind::Choice { options: o }, QuestionKind::Choice { options: p }) =
                        (&q.kind, &t.kind)
                    {
                        assert_eq!(o.len(), p.len());
                    }
                }
            }
        }
        assert_eq!(desk.catalog_in(Lang::Es).category("network").map(|c| c.name.as_str()), Some("Red y VPN"));
        assert_eq!(desk.catalog_in(Lang::En), english);
        assert_eq!(desk.default_language(), None, "staff read the server's language unless configured");
    }

    #[test]
    fn classification_rules_match_words_in_each_language() {
        use crate::domain::classify::classify;
        let desk = Helpdesk::builtin();
        for (text, category) in [
            ("my vpn keeps disconnecting", "network"),
            ("la red no funciona en la planta 2", "network"),
            ("la rete è lentissima", "network"),
            ("das Netzwerk ist sehr langsam", "network"),
            ("la impresora no imprime", "printing"),
            ("la stampante è inceppata", "printing"),
            ("der Drucker druckt nicht", "printing"),
            ("olvidé mi contraseña", "accounts"),
            ("mein Konto ist gesperrt", "accounts"),
        ] {
            assert_eq!(classify(desk.rules(), text).category.as_deref(), Some(category), "{text}");
        }
        for text in
            ["el servidor se ha caído", "sono bloccato, non posso lavorare", "das ERP ist ausgefallen"]
        {
            assert_eq!(classify(desk.rules(), text).urgency, Some(Urgency::High), "{text}");
        }
    }

    #[test]
    fn translations_name_the_key_of_what_is_wrong() {
        let toml = "[[categories]]\nkey = \"net\"\nname = \"Network\"\n\
            [categories.translations.fr]\nname = \"Réseau\"\n\
            [[categories.questions]]\nkey = \"how\"\nprompt = \"How?\"\nkind = \"choice\"\noptions = [\"Wired\", \"Wi-Fi\"]\n\
            [categories.questions.translations.es]\noptions = [\"Por cable\"]\n";
        let error = Helpdesk::from_toml(toml, "deskbot.toml").map(|_| ()).unwrap_err().to_string();
        assert!(error.contains("categories[0].translations.fr"), "{error}");
        assert!(error.contains("categories[0].questions[0].translations.es.options"), "{error}");
        let ok = "[[categories]]\nkey = \"net\"\nname = \"Network\"\n\
            [categories.translations.de]\nname = \"Netzwerk\"\n";
        let desk = Helpdesk::from_toml(ok, "deskbot.toml").expect("valid");
        assert_eq!(desk.catalog_in(Lang::De).categories[0].name, "Netzwerk");
        assert_eq!(desk.catalog_in(Lang::It).categories[0].name, "Network", "not translated: English");
        let staff = Helpdesk::from_toml("default_language = \"it\"\n", "deskbot.toml").expect("valid");
        assert_eq!(staff.default_language(), Some(Lang::It));
        assert!(Helpdesk::from_toml("default_language = \"fr\"\n", "deskbot.toml").is_err());
    }

    #[test]
    fn business_hours_are_read_with_their_zone_days_times_and_holidays() {
        let desk = Helpdesk::from_toml(
            "[business_hours]\ntime_zone = \"Europe/Rome\"\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n\
             start = \"09:00\"\nend = \"18:00\"\nholidays = [\"2026-12-25\"]\n",
            "deskbot.toml",
        )
        .expect("valid");
        let hours = desk.business_hours().expect("business hours are set");
        assert_eq!(hours.zone, chrono_tz::Europe::Rome);
        assert_eq!(hours.days.len(), 5);
        assert_eq!(hours.start.to_string(), "09:00:00");
        assert!(hours.holidays.contains(&chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap_or_default()));
        assert_eq!(desk.policy().hours, Some(hours), "the rules count SLA time in them");
        assert_eq!(Helpdesk::builtin().business_hours(), None, "off unless configured");
    }

    #[test]
    fn technicians_are_read_with_their_level_skills_and_shifts_in_the_desks_zone() {
        let desk = Helpdesk::from_toml(
            "[business_hours]\ntime_zone = \"Europe/Rome\"\ndays = [\"mon\"]\nstart = \"09:00\"\nend = \"18:00\"\n\
             [assignment]\nauto = true\n\
             [[technicians]]\nid = \"123456789012345678\"\nname = \"Tom\"\nlevel = 2\nskills = [\"network\", \"printing\"]\n\
             shifts = [{ days = [\"mon\", \"tue\"], start = \"22:00\", end = \"06:00\" }]\n\
             [[technicians]]\nid = 42\n",
            "deskbot.toml",
        )
        .expect("valid");
        let roster = desk.roster();
        assert!(roster.auto);
        assert_eq!(roster.zone, chrono_tz::Europe::Rome, "shifts are in the business hours' zone");
        assert_eq!(roster.technicians.len(), 2);
        let tom = &roster.technicians[0];
        assert_eq!((tom.id, tom.level), (123_456_789_012_345_678, Level::TWO));
        assert_eq!(tom.skills.iter().map(String::as_str).collect::<Vec<_>>(), ["network", "printing"]);
        assert_eq!(tom.shifts.len(), 1);
        let plain = &roster.technicians[1];
        assert_eq!((plain.id, plain.level, plain.skills.len()), (42, Level::ONE, 0));
        let builtin = Helpdesk::builtin();
        assert!(!builtin.roster().auto, "auto-assignment is off by default");
        assert!(builtin.roster().technicians.is_empty());
        assert_eq!(builtin.roster().zone, chrono_tz::UTC);
    }

    #[test]
    fn the_commented_technicians_of_the_example_parse_once_uncommented() {
        let mut uncommented = Vec::new();
        let mut inside = false;
        for line in BUILTIN_TOML.lines() {
            if line.starts_with("# [[technicians]]") {
                inside = true;
            }
            if inside && !line.starts_with('#') {
                inside = false;
            }
            match line.strip_prefix("# ").filter(|_| inside) {
                Some(rest) => uncommented.push(rest.to_owned()),
                None => uncommented.push(line.to_owned()),
            }
        }
        let desk = Helpdesk::from_toml(&uncommented.join("\n"), "example").expect("the example parses");
        let ids: Vec<DiscordId> = desk.roster().technicians.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![123_456_789_012_345_678, 234_567_890_123_456_789]);
        assert_eq!(desk.roster().technicians[0].shifts.len(), 1);
    }

    #[test]
    fn triage_channels_route_by_category_then_level_then_the_default() {
        let desk = Helpdesk::from_toml(
            "[triage]\nchannels = { network = \"777777777777777777\", level2 = 888888888888888888 }\n",
            "deskbot.toml",
        )
        .expect("valid");
        let channels = desk.triage_channels();
        assert_eq!(channels.for_ticket("network", Level::TWO), Some(777_777_777_777_777_777));
        assert_eq!(channels.for_ticket("hardware", Level::TWO), Some(888_888_888_888_888_888));
        assert_eq!(channels.for_ticket("hardware", Level::ONE), None, "the default channel");
        let mut config = load(&complete()).expect("valid");
        config.helpdesk = desk;
        assert_eq!(config.triage_channel_for("hardware", Level::ONE), config.triage_channel_id);
        assert!(
            config.is_triage_channel(777_777_777_777_777_777)
                && config.is_triage_channel(config.triage_channel_id)
        );
        assert!(!config.is_triage_channel(config.coordinator_channel_id));
    }

    #[test]
    fn the_commented_triage_channels_of_the_example_parse_once_uncommented() {
        let uncommented: Vec<&str> = BUILTIN_TOML
            .lines()
            .map(|line| match line {
                "# [triage]" => "[triage]",
                l if l.starts_with("# channels = ") => &l[2..],
                l => l,
            })
            .collect();
        let desk = Helpdesk::from_toml(&uncommented.join("\n"), "example").expect("the example parses");
        assert_eq!(desk.triage_channels().for_ticket("network", Level::ONE), Some(345_678_901_234_567_890));
    }

    #[test]
    fn bad_triage_channels_name_the_key_and_the_expected_form() {
        let e = helpdesk_err("[triage]\nchannels = { network = \"general\" }\n");
        assert!(e.contains("triage.channels.network is not a Discord channel id"), "{e}");
        let e = helpdesk_err("[triage]\nchannels = { level4 = \"123\" }\n");
        assert!(e.contains("triage.channels.level4 names neither a support level"), "{e}");
        let e = helpdesk_err("[triage]\nchannels = { printers = \"123\" }\n");
        assert!(
            e.contains("names neither a support level (level1, level2, level3) nor a category (hardware"),
            "{e}"
        );
    }

    #[test]
    fn bad_technicians_name_the_key_and_the_expected_form() {
        for (toml, expected) in [
            ("[[technicians]]\nid = \"tom\"\n", "technicians[0].id is not a Discord user id"),
            ("[[technicians]]\nid = 5\nlevel = 4\n", "technicians[0].level is 4"),
            (
                "[[technicians]]\nid = 5\nskills = [\"plumbing\"]\n",
                "technicians[0].skills has \"plumbing\", which is not a category key: expected some of hardware",
            ),
            ("[[technicians]]\nid = 5\n[[technicians]]\nid = \"5\"\n", "technicians[1].id 5 is already"),
            (
                "[[technicians]]\nid = 5\nshifts = [{ days = [\"mon\"], start = \"9\", end = \"17:00\" }]\n",
                "technicians[0].shifts[0].start is \"9\"",
            ),
            (
                "[[technicians]]\nid = 5\nshifts = [{ days = [\"moon\"], start = \"09:00\", end = \"17:00\" }]\n",
                "technicians[0].shifts[0].days has \"moon\"",
            ),
            (
                "[[technicians]]\nid = 5\nshifts = [{ days = [\"mon\"], start = \"09:00\", end = \"09:00\" }]\n",
                "technicians[0].shifts[0].end",
            ),
            ("[assignment]\ntime_zone = \"Nowhere\"\n", "assignment.time_zone is \"Nowhere\""),
            ("[assignment]\nautomatic = true\n", "unknown field `automatic`"),
        ] {
            let message = helpdesk_err(toml);
            assert!(message.contains(expected), "{toml:?}: {message}");
        }
    }

    #[test]
    fn bad_business_hours_name_the_key_and_the_expected_form() {
        let base = |line: &str| {
            let mut file = "[business_hours]\ntime_zone = \"Europe/Rome\"\ndays = [\"mon\"]\nstart = \"09:00\"\nend = \"18:00\"\n"
                .to_owned();
            let key = line.split(" =").next().unwrap_or_default();
            file =
                file.lines().filter(|l| !l.starts_with(&format!("{key} ="))).collect::<Vec<_>>().join("\n");
            format!("{file}\n{line}\n")
        };
        for (line, expected) in [
            ("time_zone = \"Mars/Olympus\"", "business_hours.time_zone"),
            ("days = [\"someday\"]", "business_hours.days"),
            ("days = []", "business_hours.days"),
            ("start = \"9am\"", "business_hours.start"),
            ("start = \"19:00\"", "must be earlier than business_hours.end"),
            ("holidays = [\"25/12/2026\"]", "business_hours.holidays"),
        ] {
            let err = helpdesk_err(&base(line));
            assert!(err.contains(expected), "{line}: {err}");
        }
    }

    #[test]
    fn a_partial_file_changes_only_what_it_names() {
        let desk =
            Helpdesk::from_toml("[sla.p1]\nfirst_response = \"10m\"\n", "deskbot.toml").expect("valid");
        assert_eq!(
            desk.sla().p1,
            SlaTarget { first_response: Duration::minutes(10), resolution: Duration::hours(4) }
        );
        assert_eq!(desk.catalog(), Helpdesk::builtin().catalog());
        assert_eq!(desk.rules(), Helpdesk::builtin().rules());
    }

    #[test]
    fn own_categories_without_rules_classify_nothing() {
        let desk = Helpdesk::from_toml(
            "[[categories]]\nkey = \"facilities\"\nname = \"Facilities\"\nlevel = 2\n\n\
             [[categories.questions]]\nkey = \"room\"\nprompt = \"Which room?\"\n",
            "deskbot.toml",
        )
        .expect("valid");
        assert!(desk.rules().is_empty());
        let facilities = &desk.catalog().categories[0];
        assert_eq!(facilities.level, Level::TWO);
        assert_eq!(facilities.questions[0].kind, QuestionKind::Text { max_chars: DEFAULT_TEXT_MAX_CHARS });
        assert!(facilities.questions[0].required);
    }

    /// A file whose third category's first question has `question`.
    fn third_category_with(question: &str) -> String {
        format!(
            "[[categories]]\nkey = \"a\"\nname = \"A\"\n\
             [[categories]]\nkey = \"b\"\nname = \"B\"\n\
             [[categories]]\nkey = \"c\"\nname = \"C\"\n\
             [[categories.questions]]\n{question}\n"
        )
    }

    #[test]
    fn every_toml_mistake_names_its_key_and_what_is_expected() {
        let table: &[(String, &str)] = &[
            (
                third_category_with("key = \"tag\"\nprompt = \"Tag?\"\npattern = '^[A-Z{2}$'"),
                "deskbot.toml: categories[2].questions[0].pattern is not a valid regex: ",
            ),
            (
                third_category_with("key = \"summary\"\nprompt = \"Again?\""),
                "categories[2].questions[0].key \"summary\" is reserved",
            ),
            (
                third_category_with("key = \"x\"\nprompt = \"X?\"\nkind = \"choice\""),
                "categories[2].questions[0].options is missing or empty",
            ),
            (
                third_category_with("key = \"x\"\nprompt = \"X?\"\nkind = \"radio\""),
                "categories[2].questions[0].kind is \"radio\": expected \"text\" or \"choice\"",
            ),
            (
                third_category_with(
                    "key = \"x\"\nprompt = \"X?\"\nlabel = \"This label is far too long for a Discord modal\"",
                ),
                "categories[2].questions[0].label is 46 characters long: at most 45",
            ),
            (
                third_category_with(&format!("key = \"x\"\nprompt = \"X?\"\nhint = \"{}\"", "h".repeat(101))),
                "categories[2].questions[0].hint is 101 characters long: at most 100",
            ),
            (
                third_category_with("key = \"x\"\nprompt = \"X?\"\nmax_chars = 5000"),
                "categories[2].questions[0].max_chars is 5000: expected 1 to 4000",
            ),
            (
                third_category_with(
                    "key = \"x\"\nprompt = \"X?\"\nkind = \"choice\"\noptions = [\"Yes\", \"yes\"]",
                ),
                "categories[2].questions[0].options[1] \"yes\" is listed twice",
            ),
            (
                third_category_with(&format!(
                    "key = \"x\"\nprompt = \"X?\"\nkind = \"choice\"\noptions = [{}]",
                    (0..26).map(|i| format!("\"o{i}\"")).collect::<Vec<_>>().join(", ")
                )),
                "categories[2].questions[0].options has 26 options: at most 25",
            ),
            (
                third_category_with(&format!(
                    "key = \"x\"\nprompt = \"X?\"\nkind = \"choice\"\noptions = [\"{}\"]",
                    "o".repeat(101)
                )),
                "categories[2].questions[0].options[0] is 101 characters long: at most 100",
            ),
            (
                third_category_with(
                    "key = \"x\"\nprompt = \"X?\"\n[[categories.questions]]\nkey = \"x\"\nprompt = \"Y?\"",
                ),
                "categories[2].questions[1].key \"x\" is already the key of questions[0]",
            ),
            (
                "[[categories]]\nkey = \"a\"\nname = \"A\"\n[[categories]]\nkey = \"a\"\nname = \"B\"\n"
                    .into(),
                "categories[1].key \"a\" is already the key of categories[0]",
            ),
            (
                "[[categories]]\nkey = \"a\"\nname = \"A\"\nlevel = 4\n".into(),
                "categories[0].level is 4: expected a support level, 1, 2 or 3",
            ),
            ("categories = []\n".into(), "categories is empty"),
            ("confirmation_window = \"3 days\"\n".into(), "confirmation_window \"3 days\" is not a duration"),
            ("intake_expire_after = \"0m\"\n".into(), "intake_expire_after must be longer than zero"),
            (
                "intake_reminder_after = \"2d\"\n".into(),
                "intake_reminder_after (2d) must be shorter than intake_expire_after (1d)",
            ),
            (
                "[sla.p2]\nfirst_response = \"9h\"\n".into(),
                "sla.p2.first_response (9h) must be shorter than sla.p2.resolution (8h)",
            ),
            (
                "resolution_notes_min_chars = 0\n".into(),
                "resolution_notes_min_chars is 0: expected a number of characters",
            ),
            (
                "[[rules]]\npattern = \"mainframe\"\ncategory = \"legacy\"\n".into(),
                "rules[0].category \"legacy\" is not a category key: expected one of hardware, software",
            ),
            (
                "[[rules]]\npattern = \"fire\"\nurgency = \"critical\"\n".into(),
                "rules[0].urgency is \"critical\": expected",
            ),
            ("[[rules]]\npattern = \"fire\"\n".into(), "rules[0] does nothing"),
            (
                "[[rules]]\npattern = \"(fire\"\nurgency = \"high\"\n".into(),
                "rules[0].pattern is not a valid regex",
            ),
            ("colour = \"blue\"\n".into(), "unknown field `colour`"),
            ("[[categories]]\nkey = \"a\"\nname = \"A\"\nquestion = []\n".into(), "unknown field `question`"),
            ("[sla.p5]\nresolution = \"1h\"\n".into(), "unknown field `p5`"),
            ("resolution_notes_min_chars = \"twenty\"\n".into(), "resolution_notes_min_chars"),
        ];
        for (toml, expected) in table {
            let message = helpdesk_err(toml);
            assert!(message.contains(expected), "{toml:?}\n  expected: {expected}\n  got: {message}");
            assert!(message.starts_with("deskbot.toml: "), "{message}");
        }
    }

    #[test]
    fn all_the_problems_of_a_file_are_reported_together() {
        let message = helpdesk_err(
            "intake_expire_after = \"soon\"\n[[categories]]\nkey = \"A\"\nname = \"\"\n[[rules]]\npattern = \"x\"\n",
        );
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(lines.len(), 4, "{message}");
        assert!(lines.iter().all(|l| l.starts_with("deskbot.toml: ")));
    }

    #[test]
    fn durations_read_the_way_people_write_them() {
        let table = [
            ("30s", Duration::seconds(30)),
            ("15m", Duration::minutes(15)),
            ("4h", Duration::hours(4)),
            ("3d", Duration::days(3)),
            ("1w", Duration::weeks(1)),
            ("1h30m", Duration::minutes(90)),
            ("1H 30M", Duration::minutes(90)),
        ];
        for (text, expected) in table {
            assert_eq!(parse_duration(text), Ok(expected), "{text}");
        }
        for bad in ["", "15", "m", "15x", "1.5h", "-1h", "h15", "99999999999999999999w"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        for text in ["15m", "4h", "3d", "1w", "1h30m", "1w2d3h4m5s"] {
            assert_eq!(format_duration(parse_duration(text).expect("valid")), text);
        }
    }

    #[test]
    fn member_roles_map_to_the_highest_level_and_coordinator() {
        let roles = RoleIds { l1: 1, l2: 2, l3: 3, coordinator: 4 };
        assert_eq!(roles.roles_of(&[]), Roles::REQUESTER);
        assert_eq!(roles.roles_of(&[99, 1]), Roles::technician(Level::ONE));
        assert_eq!(roles.roles_of(&[1, 3, 2]), Roles::technician(Level::THREE));
        assert_eq!(roles.roles_of(&[4]), Roles::coordinator());
        assert_eq!(roles.roles_of(&[2, 4]), Roles { level: Some(Level::TWO), coordinator: true });
        assert_eq!(roles.for_level(Level::TWO), 2);
    }
}
