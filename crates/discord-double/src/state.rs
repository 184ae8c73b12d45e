//! What the double remembers: the guild, its roles, members and channels, messages, interactions,
//! commands, gateway sessions, and every request, violation and injected failure.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use regex::Regex;
use serde_json::{Map, Value, json};
use tokio::sync::mpsc::UnboundedSender;

use super::guild::{GuildSpec, RoleSpec, perm};
use super::ratelimit::{Buckets, Limited, RateLimited, RouteKind};

const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// Message flags.
pub const EPHEMERAL: u64 = 1 << 6;
pub const LOADING: u64 = 1 << 7;
pub const HAS_THREAD: u64 = 1 << 5;
pub const IS_COMPONENTS_V2: u64 = 1 << 15;

/// Gateway intents.
pub const INTENT_GUILDS: u64 = 1 << 0;
pub const INTENT_GUILD_MEMBERS: u64 = 1 << 1;
pub const INTENT_GUILD_MESSAGES: u64 = 1 << 9;
pub const INTENT_DIRECT_MESSAGES: u64 = 1 << 12;
pub const INTENT_MESSAGE_CONTENT: u64 = 1 << 15;

#[derive(Clone, Debug)]
pub struct UserRec {
    #[allow(dead_code)] // read in failure dumps (Debug)
    pub id: u64,
    pub name: String,
    pub bot: bool,
}

#[derive(Clone, Debug)]
pub struct MemberRec {
    pub user: u64,
    pub roles: Vec<u64>,
    pub joined_at: String,
}

#[derive(Clone, Debug)]
pub struct ChannelRec {
    pub id: u64,
    /// 0 text, 1 DM, 4 category, 11 public thread, 12 private thread.
    pub kind: u8,
    pub name: String,
    pub guild: bool,
    pub parent_id: Option<u64>,
    pub position: u16,
    /// `(role or member id, is_member, allow, deny)`
    pub overwrites: Vec<(u64, bool, u64, u64)>,
    /// DM channels: the user the bot talks to.
    pub recipient: Option<u64>,
    pub owner_id: Option<u64>,
    pub archived: bool,
    pub locked: bool,
    pub auto_archive: u64,
    pub created_at: String,
    pub thread_members: BTreeSet<u64>,
    /// Threads started on a message.
    pub starter_message: Option<u64>,
    pub last_message_id: Option<u64>,
    pub message_count: u64,
}

impl ChannelRec {
    pub fn is_thread(&self) -> bool {
        matches!(self.kind, 10..=12)
    }
}

#[derive(Clone, Debug)]
pub struct MessageRec {
    pub id: u64,
    pub channel_id: u64,
    pub json: Value,
    pub deleted: bool,
    /// Ephemeral messages are seen by one user only.
    pub ephemeral_for: Option<u64>,
}

/// One interaction the double sent, and what the bot answered.
#[derive(Clone, Debug)]
pub struct InteractionRec {
    pub id: u64,
    pub token: String,
    /// 2 command, 3 component, 5 modal submit.
    pub kind: u8,
    pub user: u64,
    pub channel_id: u64,
    pub guild_id: Option<u64>,
    /// Components (and modals opened from them): the message the component sits on.
    pub message_id: Option<u64>,
    /// Modal submits: the interaction that opened the modal.
    pub origin: Option<u64>,
    pub command_name: Option<String>,
    pub payload: Value,
    pub created: Instant,
    /// Every callback body the bot posted, including rejected ones.
    pub callbacks: Vec<Value>,
    /// The accepted callback's type.
    pub acked: Option<u64>,
    /// When the accepted callback arrived.
    pub answered: Option<Instant>,
    /// The message `@original` designates.
    pub original: Option<u64>,
    pub followups: Vec<u64>,
    /// Edits of `@original` through the webhook.
    pub edits: u32,
    /// After a deferred update (type 6): the message as it was when acknowledged.
    pub acked_snapshot: Option<Value>,
    pub modal: Option<Value>,
    pub modal_submitted: bool,
    /// How many times the double sent this interaction (more than once on purpose, as a second
    /// gateway session or a redelivery would): each delivery may be answered once without a
    /// violation, the answers after the first getting 40060 as from Discord.
    pub deliveries: u32,
}

#[derive(Clone, Debug)]
pub struct CommandRec {
    pub guild_id: Option<u64>,
    pub json: Value,
}

/// One HTTP request the bot made.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub seq: usize,
    pub method: String,
    /// Without the `/api/v10` prefix, e.g. `/channels/123/messages`.
    pub path: String,
    pub query: String,
    /// The JSON body (for multipart requests, the `payload_json` part).
    pub body: Option<Value>,
    /// Names of the files of a multipart request.
    pub files: Vec<String>,
    /// The route template of Discord's description, e.g. `/channels/{channel_id}/messages`.
    pub route: Option<String>,
    /// The status the double answered (0 while it is being served).
    pub status: u16,
    /// Since the double started.
    pub at: Duration,
    /// Answering an interaction (its callback, or its webhook: `@original`, follow-ups), which
    /// Discord does not count against the global rate limit.
    pub interaction: bool,
    /// Which of Discord's limits the route falls under (`None` for a call Discord does not have).
    pub kind: Option<RouteKind>,
    /// Why it was answered 429, when it was.
    pub limited: Option<Limited>,
    /// A message creation answered with the message an earlier request with the same nonce made
    /// (`enforce_nonce`): nothing was created.
    pub deduplicated: bool,
}

impl RecordedRequest {
    /// Interaction callbacks are exempt from the global rate limit; everything else counts.
    pub fn is_exempt(&self) -> bool {
        self.interaction
    }
}

impl std::fmt::Display for RecordedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = self.body.as_ref().map(|b| truncate(&b.to_string(), 300)).unwrap_or_default();
        let query = if self.query.is_empty() { String::new() } else { format!("?{}", self.query) };
        let why = match (self.limited, self.deduplicated) {
            (Some(Limited::Global), _) => " (global limit)",
            (Some(Limited::Route), _) => " (route bucket)",
            (Some(Limited::Injected), _) => " (injected)",
            (None, true) => " (deduplicated by nonce)",
            (None, false) => "",
        };
        write!(
            f,
            "#{} +{:?} {} {}{} -> {}{why} {}",
            self.seq, self.at, self.method, self.path, query, self.status, body
        )
    }
}

/// Something the bot did that Discord would reject or that breaks Discord's rules.
#[derive(Clone, Debug)]
pub struct Violation {
    /// The request's sequence number, when it came from a request.
    pub request: Option<usize>,
    pub what: String,
    pub problems: Vec<String>,
    pub body: Option<Value>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.what)?;
        if let Some(seq) = self.request {
            write!(f, " (request #{seq})")?;
        }
        for problem in &self.problems {
            write!(f, "\n    - {problem}")?;
        }
        if let Some(body) = &self.body {
            write!(f, "\n    body: {}", truncate(&body.to_string(), 600))?;
        }
        Ok(())
    }
}

/// How many times an injected failure fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Times {
    N(u32),
    Always,
}

impl From<u32> for Times {
    fn from(n: u32) -> Self {
        Times::N(n)
    }
}

#[derive(Clone, Debug)]
pub struct FailRule {
    pub id: u64,
    pub method: String,
    pub path: Regex,
    pub remaining: Times,
    pub status: u16,
    pub body: Value,
    pub hits: u32,
}

/// Answers held back on purpose: the request is served at once (Discord has made the message),
/// and its answer leaves `delay` later — the window in which a client that dies never learns it.
#[derive(Clone, Debug)]
pub struct DelayRule {
    pub method: String,
    pub path: Regex,
    pub delay: Duration,
}

/// A gateway session (survives reconnects through RESUME).
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub seq: u64,
    pub intents: u64,
    pub shard: (u64, u64),
    pub conn: Option<u64>,
    pub log: Vec<(u64, String)>,
}

pub enum Outgoing {
    Frame(String),
    Close(u16, String),
}

pub struct Conn {
    pub tx: UnboundedSender<Outgoing>,
    pub session: Option<String>,
}

/// One frame the bot sent on the gateway.
#[derive(Clone, Debug)]
pub struct GatewayFrame {
    pub conn: u64,
    pub at: Duration,
    pub frame: Value,
    /// Why it was unexpected, if it was.
    pub unexpected: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Send the bot MESSAGE_CREATE/UPDATE/DELETE and THREAD_CREATE/UPDATE for what it does itself, as
    /// Discord does.
    pub echo_own: bool,
    /// Strip the content of guild messages (not mentioning the bot) unless the bot identified with
    /// MESSAGE_CONTENT, as Discord does.
    pub content_intent_enforced: bool,
    /// Interactions answered later than this get 10062 (Discord: 3 s).
    pub interaction_deadline: Duration,
    pub heartbeat_interval: u64,
    /// At most this many non-exempt requests per second, else 429 (global).
    pub global_rate_limit: Option<usize>,
    /// How long a message's nonce makes a later `enforce_nonce` creation by the same author return
    /// that message (Discord: "the past few minutes").
    pub nonce_window: Duration,
}

/// Discord's global limit: 50 requests a second.
pub const GLOBAL_RATE_LIMIT: usize = 50;
/// How long the double remembers nonces for `enforce_nonce`.
pub const NONCE_WINDOW: Duration = Duration::from_secs(5 * 60);

/// A message created with a nonce: which, and when.
#[derive(Clone, Copy, Debug)]
pub struct NonceRec {
    pub message: u64,
    pub at: Instant,
}

pub struct State {
    pub started: Instant,
    pub ws_url: String,
    pub app_id: u64,
    pub app_flags: u64,
    /// When set, requests must carry `Authorization: Bot <this>`, else 401.
    pub accepted_token: Option<String>,
    pub bot_id: u64,
    pub guild_id: u64,
    pub guild_name: String,
    pub owner_id: u64,
    pub roles: Vec<RoleSpec>,
    pub users: BTreeMap<u64, UserRec>,
    pub members: BTreeMap<u64, MemberRec>,
    pub channels: BTreeMap<u64, ChannelRec>,
    pub messages: BTreeMap<u64, MessageRec>,
    pub channel_messages: HashMap<u64, Vec<u64>>,
    pub dm_channels: HashMap<u64, u64>,
    /// A user's client locale, on their interactions (default `en-US`).
    pub locales: HashMap<u64, String>,
    pub closed_dms: HashSet<u64>,
    pub interactions: BTreeMap<u64, InteractionRec>,
    pub tokens: HashMap<String, u64>,
    pub commands: Vec<CommandRec>,
    pub command_ids: HashMap<(Option<u64>, String), u64>,
    pub requests: Vec<RecordedRequest>,
    pub violations: Vec<Violation>,
    pub failures: Vec<FailRule>,
    pub delays: Vec<DelayRule>,
    pub sessions: HashMap<String, Session>,
    pub conns: HashMap<u64, Conn>,
    pub gateway_log: Vec<GatewayFrame>,
    /// Every dispatch frame the double sent, in order.
    pub dispatched: Vec<Value>,
    /// Events not delivered (no session, or the bot did not ask for their intent).
    pub undelivered: Vec<String>,
    pub settings: Settings,
    /// The per-route buckets (sizes, switch, open windows).
    pub buckets: Buckets,
    /// The last message each `(author, nonce)` created.
    pub nonces: HashMap<(u64, String), NonceRec>,
    /// Where interactions go instead of the gateway (the application's Interactions Endpoint URL),
    /// and the Ed25519 secret key they are signed with.
    pub interactions_endpoint: Option<(String, [u8; 32])>,
    /// The HTTP status of each delivery of an interaction to the endpoint, by interaction id.
    pub endpoint_statuses: HashMap<u64, Vec<u16>>,
    last_id: u64,
    next_small: u64,
}

pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}… ({} chars)", s.chars().count())
    }
}

pub fn id_str(id: u64) -> Value {
    Value::String(id.to_string())
}

/// A snowflake in a JSON value (string or number).
pub fn snowflake(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// A nonce as the double compares them: a string, or an integer written in decimal (so `"42"` and
/// `42` are the same nonce).
pub fn nonce_key(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

pub fn now_iso() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

impl State {
    pub fn from_spec(spec: &GuildSpec, ws_url: String) -> Self {
        let mut users = BTreeMap::new();
        let mut members = BTreeMap::new();
        let joined = "2024-01-01T00:00:00.000000+00:00".to_owned();
        users.insert(spec.bot_id, UserRec { id: spec.bot_id, name: spec.bot_name.clone(), bot: true });
        for m in &spec.members {
            users.insert(m.id, UserRec { id: m.id, name: m.name.clone(), bot: m.bot || m.id == spec.bot_id });
            members.insert(m.id, MemberRec { user: m.id, roles: m.roles.clone(), joined_at: joined.clone() });
        }
        let mut channels = BTreeMap::new();
        for (i, c) in spec.channels.iter().enumerate() {
            channels.insert(
                c.id,
                ChannelRec {
                    id: c.id,
                    kind: c.kind,
                    name: c.name.clone(),
                    guild: true,
                    parent_id: c.parent_id,
                    position: u16::try_from(i).unwrap_or(0),
                    overwrites: c.overwrites.clone(),
                    recipient: None,
                    owner_id: None,
                    archived: false,
                    locked: false,
                    auto_archive: 1440,
                    created_at: joined.clone(),
                    thread_members: BTreeSet::new(),
                    starter_message: None,
                    last_message_id: None,
                    message_count: 0,
                },
            );
        }
        Self {
            started: Instant::now(),
            ws_url,
            app_id: spec.application_id,
            app_flags: spec.application_flags,
            accepted_token: None,
            bot_id: spec.bot_id,
            guild_id: spec.guild_id,
            guild_name: spec.name.clone(),
            owner_id: spec.owner_id,
            roles: spec.roles.clone(),
            users,
            members,
            channels,
            messages: BTreeMap::new(),
            channel_messages: HashMap::new(),
            dm_channels: HashMap::new(),
            locales: HashMap::new(),
            closed_dms: HashSet::new(),
            interactions: BTreeMap::new(),
            tokens: HashMap::new(),
            commands: Vec::new(),
            command_ids: HashMap::new(),
            requests: Vec::new(),
            violations: Vec::new(),
            failures: Vec::new(),
            delays: Vec::new(),
            sessions: HashMap::new(),
            conns: HashMap::new(),
            gateway_log: Vec::new(),
            dispatched: Vec::new(),
            undelivered: Vec::new(),
            settings: Settings {
                echo_own: true,
                content_intent_enforced: true,
                interaction_deadline: Duration::from_secs(3),
                heartbeat_interval: 41_250,
                global_rate_limit: Some(GLOBAL_RATE_LIMIT),
                nonce_window: NONCE_WINDOW,
            },
            buckets: Buckets::default(),
            nonces: HashMap::new(),
            interactions_endpoint: None,
            endpoint_statuses: HashMap::new(),
            last_id: 0,
            next_small: 1,
        }
    }

    /// A fresh snowflake: time-based and strictly increasing.
    /// A new snowflake, unique across every local Discord of this process (as Discord's are across
    /// its workers): tests run side by side, and the bot keeps process-wide records by interaction id.
    pub fn next_id(&mut self) -> u64 {
        static LAST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let ms = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(DISCORD_EPOCH_MS);
        let candidate = (ms.saturating_sub(DISCORD_EPOCH_MS)) << 22;
        let mut id = 0;
        let _ = LAST.fetch_update(
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
            |last| {
                id = candidate.max(last + 1);
                Some(id)
            },
        );
        self.last_id = id.max(self.last_id + 1);
        self.last_id
    }

    pub fn small_counter(&mut self) -> u64 {
        self.next_small += 1;
        self.next_small
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    pub fn violation(
        &mut self,
        request: Option<usize>,
        what: impl Into<String>,
        problems: Vec<String>,
        body: Option<Value>,
    ) {
        self.violations.push(Violation { request, what: what.into(), problems, body });
    }

    // ----- users, members, roles -----

    pub fn user_json(&self, id: u64) -> Value {
        let (name, bot) = match self.users.get(&id) {
            Some(u) => (u.name.clone(), u.bot),
            None => (format!("user{id}"), false),
        };
        json!({
            "id": id_str(id),
            "username": name,
            "global_name": name,
            "discriminator": "0",
            "avatar": null,
            "banner": null,
            "accent_color": null,
            "avatar_decoration_data": null,
            "bot": bot,
            "system": false,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": null,
        })
    }

    pub fn member_json(&self, user: u64, with_user: bool) -> Option<Value> {
        let m = self.members.get(&user)?;
        let mut v = json!({
            "roles": m.roles.iter().map(|r| id_str(*r)).collect::<Vec<_>>(),
            "nick": null,
            "avatar": null,
            "banner": null,
            "joined_at": m.joined_at,
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
        });
        if with_user {
            v["user"] = self.user_json(user);
        }
        Some(v)
    }

    pub fn role_json(&self, r: &RoleSpec) -> Value {
        let mut v = json!({
            "id": id_str(r.id),
            "name": r.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false,
            "icon": null,
            "unicode_emoji": null,
            "position": r.position,
            "permissions": r.permissions.to_string(),
            "managed": r.managed,
            "mentionable": r.mentionable,
            "flags": 0,
        });
        if r.managed || (r.permissions & perm::ADMINISTRATOR != 0 && r.id != self.guild_id) {
            v["tags"] = json!({"bot_id": id_str(self.bot_id)});
        }
        v
    }

    pub fn is_member(&self, user: u64) -> bool {
        self.members.contains_key(&user)
    }

    /// The member's guild-level permissions.
    pub fn base_permissions(&self, user: u64) -> u64 {
        if user == self.owner_id {
            return perm::ALL;
        }
        let Some(m) = self.members.get(&user) else { return 0 };
        let mut p = self.roles.iter().find(|r| r.id == self.guild_id).map_or(0, |r| r.permissions);
        for role in &m.roles {
            if let Some(r) = self.roles.iter().find(|r| r.id == *role) {
                p |= r.permissions;
            }
        }
        if p & perm::ADMINISTRATOR != 0 { perm::ALL } else { p }
    }

    /// The member's permissions in a channel (threads use their parent's overwrites).
    pub fn channel_permissions(&self, user: u64, channel: u64) -> u64 {
        let base = self.base_permissions(user);
        if base & perm::ADMINISTRATOR != 0 {
            return perm::ALL;
        }
        let Some(c) = self.channels.get(&channel) else { return base };
        if !c.guild {
            return base;
        }
        let c = match c.parent_id.and_then(|p| self.channels.get(&p)) {
            Some(parent) if c.is_thread() => parent,
            _ => c,
        };
        let mut p = base;
        let roles = self.members.get(&user).map(|m| m.roles.clone()).unwrap_or_default();
        if let Some(&(_, _, allow, deny)) = c.overwrites.iter().find(|o| o.0 == self.guild_id && !o.1) {
            p = (p & !deny) | allow;
        }
        let (mut allow, mut deny) = (0, 0);
        for &(id, is_member, a, d) in &c.overwrites {
            if !is_member && id != self.guild_id && roles.contains(&id) {
                allow |= a;
                deny |= d;
            }
        }
        p = (p & !deny) | allow;
        if let Some(&(_, _, a, d)) = c.overwrites.iter().find(|o| o.1 && o.0 == user) {
            p = (p & !d) | a;
        }
        p
    }

    pub fn can_view(&self, user: u64, channel: u64) -> bool {
        match self.channels.get(&channel) {
            Some(c) if !c.guild => c.recipient == Some(user) || user == self.bot_id,
            Some(_) => self.channel_permissions(user, channel) & perm::VIEW_CHANNEL != 0,
            None => false,
        }
    }

    // ----- channels -----

    pub fn overwrites_json(&self, c: &ChannelRec) -> Value {
        Value::Array(
            c.overwrites
                .iter()
                .map(|&(id, is_member, allow, deny)| {
                    json!({"id": id_str(id), "type": u8::from(is_member), "allow": allow.to_string(), "deny": deny.to_string()})
                })
                .collect(),
        )
    }

    pub fn channel_json(&self, id: u64) -> Option<Value> {
        let c = self.channels.get(&id)?;
        let last = c.last_message_id.map_or(Value::Null, id_str);
        if !c.guild {
            let recipient = self.user_json(c.recipient.unwrap_or(0));
            return Some(
                json!({"id": id_str(id), "type": 1, "last_message_id": last, "flags": 0, "recipients": [recipient]}),
            );
        }
        let mut v = json!({
            "id": id_str(id),
            "type": c.kind,
            "guild_id": id_str(self.guild_id),
            "name": c.name,
            "parent_id": c.parent_id.map_or(Value::Null, id_str),
            "last_message_id": last,
            "rate_limit_per_user": 0,
            "flags": 0,
        });
        if c.is_thread() {
            v["owner_id"] = c.owner_id.map_or(Value::Null, id_str);
            v["message_count"] = json!(c.message_count);
            v["total_message_sent"] = json!(c.message_count);
            v["member_count"] = json!(c.thread_members.len().min(50));
            v["thread_metadata"] = json!({
                "archived": c.archived,
                "auto_archive_duration": c.auto_archive,
                "archive_timestamp": c.created_at,
                "locked": c.locked,
                "invitable": c.kind == 12,
                "create_timestamp": c.created_at,
            });
        } else {
            v["position"] = json!(c.position);
            v["permission_overwrites"] = self.overwrites_json(c);
            v["nsfw"] = json!(false);
            if c.kind == 0 {
                v["topic"] = Value::Null;
            }
        }
        Some(v)
    }

    /// The partial channel an interaction carries.
    pub fn partial_channel_json(&self, id: u64, user: u64) -> Value {
        let Some(c) = self.channels.get(&id) else { return json!({"id": id_str(id), "type": 0}) };
        if !c.guild {
            return json!({"id": id_str(id), "type": 1, "flags": 0, "last_message_id": c.last_message_id.map_or(Value::Null, id_str),
                "recipients": [self.user_json(user)]});
        }
        let mut v = self.channel_json(id).unwrap_or(Value::Null);
        v["permissions"] = json!(self.channel_permissions(user, id).to_string());
        v
    }

    pub fn guild_of_channel(&self, channel: u64) -> Option<u64> {
        self.channels.get(&channel).filter(|c| c.guild).map(|_| self.guild_id)
    }

    /// The DM channel between the bot and `user`, created if needed.
    pub fn dm_channel_for(&mut self, user: u64) -> u64 {
        if let Some(&c) = self.dm_channels.get(&user) {
            return c;
        }
        let id = self.next_id();
        self.channels.insert(
            id,
            ChannelRec {
                id,
                kind: 1,
                name: String::new(),
                guild: false,
                parent_id: None,
                position: 0,
                overwrites: Vec::new(),
                recipient: Some(user),
                owner_id: None,
                archived: false,
                locked: false,
                auto_archive: 0,
                created_at: now_iso(),
                thread_members: BTreeSet::new(),
                starter_message: None,
                last_message_id: None,
                message_count: 0,
            },
        );
        self.dm_channels.insert(user, id);
        id
    }

    pub fn new_thread(&mut self, id: u64, parent: u64, name: &str, kind: u8, auto_archive: u64, owner: u64) {
        let mut members = BTreeSet::new();
        members.insert(owner);
        self.channels.insert(
            id,
            ChannelRec {
                id,
                kind,
                name: name.to_owned(),
                guild: true,
                parent_id: Some(parent),
                position: 0,
                overwrites: Vec::new(),
                recipient: None,
                owner_id: Some(owner),
                archived: false,
                locked: false,
                auto_archive,
                created_at: now_iso(),
                thread_members: members,
                starter_message: None,
                last_message_id: None,
                message_count: 0,
            },
        );
    }

    pub fn guild_create_json(&self) -> Value {
        let channels: Vec<Value> = self
            .channels
            .values()
            .filter(|c| c.guild && !c.is_thread())
            .filter_map(|c| self.channel_json(c.id))
            .collect();
        let threads: Vec<Value> = self
            .channels
            .values()
            .filter(|c| c.is_thread() && !c.archived)
            .filter_map(|c| self.channel_json(c.id))
            .collect();
        let members: Vec<Value> = self.members.keys().filter_map(|u| self.member_json(*u, true)).collect();
        let mut g = json!({
            "id": id_str(self.guild_id),
            "name": self.guild_name,
            "icon": null,
            "splash": null,
            "discovery_splash": null,
            "owner_id": id_str(self.owner_id),
            "afk_channel_id": null,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": self.roles.iter().map(|r| self.role_json(r)).collect::<Vec<_>>(),
            "emojis": [],
            "features": [],
            "mfa_level": 0,
            "application_id": null,
            "system_channel_id": null,
            "system_channel_flags": 0,
            "rules_channel_id": null,
            "max_members": 500_000,
            "vanity_url_code": null,
            "description": null,
            "banner": null,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": null,
            "nsfw_level": 0,
            "stickers": [],
            "premium_progress_bar_enabled": false,
            "safety_alerts_channel_id": null,
        });
        let create = json!({
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "large": false,
            "unavailable": false,
            "member_count": self.members.len(),
            "voice_states": [],
            "members": members,
            "channels": channels,
            "threads": threads,
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "lazy": true,
        });
        if let (Some(g), Some(c)) = (g.as_object_mut(), create.as_object()) {
            g.extend(c.clone());
        }
        g
    }

    pub fn partial_guild_json(&self) -> Value {
        let mut g = self.guild_create_json();
        if let Some(map) = g.as_object_mut() {
            for key in [
                "joined_at",
                "large",
                "unavailable",
                "member_count",
                "voice_states",
                "members",
                "channels",
                "threads",
                "presences",
                "stage_instances",
                "guild_scheduled_events",
                "soundboard_sounds",
                "lazy",
            ] {
                map.remove(key);
            }
            // What `GET /guilds/{id}` has and GUILD_CREATE does not carry in the double.
            map.extend(
                json!({
                    "home_header": null,
                    "region": "deprecated",
                    "widget_enabled": false,
                    "widget_channel_id": null,
                    "max_presences": null,
                    "max_stage_video_channel_users": 50,
                    "max_video_channel_users": 25,
                    "nsfw": false,
                    "incidents_data": null,
                })
                .as_object()
                .cloned()
                .unwrap_or_default(),
            );
        }
        g
    }

    pub fn ready_json(&self, session_id: &str, shard: (u64, u64)) -> Value {
        let mut user = self.user_json(self.bot_id);
        user["verified"] = json!(true);
        user["mfa_enabled"] = json!(false);
        json!({
            "v": 10,
            "user": user,
            "guilds": [{"id": id_str(self.guild_id), "unavailable": true}],
            "session_id": session_id,
            "resume_gateway_url": self.ws_url,
            "shard": [shard.0, shard.1],
            "application": {"id": id_str(self.app_id), "flags": self.app_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"],
            "user_settings": {},
            "session_type": "normal",
            "_trace": ["discord-double"],
        })
    }

    pub fn application_json(&self) -> Value {
        json!({
            "id": id_str(self.app_id),
            "name": self.users.get(&self.bot_id).map_or("bot".to_owned(), |u| u.name.clone()),
            "icon": null,
            "description": "",
            "summary": "",
            "type": null,
            "bot_public": false,
            "bot_require_code_grant": false,
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "flags": self.app_flags,
            "flags_new": self.app_flags.to_string(),
            "role_connections_verification_url": null,
            "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0,
            "explicit_content_filter": 0,
            "eligible_oauth2_scopes": ["bot", "applications.commands"],
            "owner": self.user_json(self.owner_id),
            "team": null,
            "bot": self.user_json(self.bot_id),
            "approximate_guild_count": 1,
            "redirect_uris": [],
            "interactions_endpoint_url": null,
            "tags": [],
        })
    }

    // ----- messages -----

    /// `(everyone, users, roles)` a message pings, from its content and `allowed_mentions` (absent =
    /// everything the author may ping).
    pub fn mentions_of(
        &self,
        content: &str,
        allowed: Option<&Value>,
        author: u64,
        channel: u64,
    ) -> (bool, Vec<u64>, Vec<u64>) {
        static USER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<@!?(\d+)>").expect("regex"));
        static ROLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<@&(\d+)>").expect("regex"));
        let parse: Vec<&str> = match allowed {
            None | Some(Value::Null) => vec!["users", "roles", "everyone"],
            Some(a) => a["parse"]
                .as_array()
                .map(|p| p.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
        };
        let listed = |key: &str| -> Vec<u64> {
            allowed
                .and_then(|a| a[key].as_array())
                .map(|l| l.iter().filter_map(|v| snowflake(Some(v))).collect())
                .unwrap_or_default()
        };
        let (listed_users, listed_roles) = (listed("users"), listed("roles"));
        let in_guild = self.guild_of_channel(channel).is_some();
        let everyone = in_guild
            && parse.contains(&"everyone")
            && (content.contains("@everyone") || content.contains("@here"))
            && self.channel_permissions(author, channel) & perm::MENTION_EVERYONE != 0;
        let mut users = Vec::new();
        for id in USER.captures_iter(content).filter_map(|cap| cap[1].parse::<u64>().ok()) {
            if (parse.contains(&"users") || listed_users.contains(&id))
                && self.users.contains_key(&id)
                && !users.contains(&id)
            {
                users.push(id);
            }
        }
        let mut roles = Vec::new();
        if in_guild {
            let may_ping_any = self.base_permissions(author) & perm::MENTION_EVERYONE != 0;
            for id in ROLE.captures_iter(content).filter_map(|cap| cap[1].parse::<u64>().ok()) {
                if (parse.contains(&"roles") || listed_roles.contains(&id))
                    && self.roles.iter().any(|r| r.id == id && (r.mentionable || may_ping_any))
                    && !roles.contains(&id)
                {
                    roles.push(id);
                }
            }
        }
        (everyone, users, roles)
    }

    fn apply_mentions(&self, msg: &mut Value, allowed: Option<&Value>, author: u64, channel: u64) {
        let content = msg["content"].as_str().unwrap_or_default().to_owned();
        let (everyone, users, roles) = self.mentions_of(&content, allowed, author, channel);
        msg["mention_everyone"] = json!(everyone);
        msg["mentions"] = Value::Array(users.iter().map(|u| self.user_json(*u)).collect());
        msg["mention_roles"] = Value::Array(roles.iter().map(|r| id_str(*r)).collect());
    }

    /// Creates a message in `channel` by `author` from a request-like body (content, embeds,
    /// components, flags, allowed_mentions, message_reference) and returns its id.
    pub fn create_message(
        &mut self,
        channel: u64,
        author: u64,
        body: &Value,
        files: &[String],
        extra: Map<String, Value>,
    ) -> u64 {
        let id = self.next_id();
        let flags = body["flags"].as_u64().unwrap_or(0) & (EPHEMERAL | LOADING | 4 | 4096 | IS_COMPONENTS_V2)
            | extra.get("flags").and_then(Value::as_u64).unwrap_or(0);
        let embeds: Vec<Value> = body["embeds"]
            .as_array()
            .map(|e| {
                e.iter()
                    .map(|embed| {
                        let mut embed = embed.clone();
                        if embed.get("type").is_none() {
                            embed["type"] = json!("rich");
                        }
                        embed
                    })
                    .collect()
            })
            .unwrap_or_default();
        let attachments: Vec<Value> = files
            .iter()
            .map(|name| {
                let aid = self.small_counter();
                json!({"id": aid.to_string(), "filename": name, "size": 0, "url": format!("https://cdn.invalid/{aid}/{name}"),
                    "proxy_url": format!("https://media.invalid/{aid}/{name}"), "content_type": null})
            })
            .collect();
        let mut msg = json!({
            "id": id_str(id),
            "channel_id": id_str(channel),
            "author": self.user_json(author),
            "content": body["content"].as_str().unwrap_or_default(),
            "timestamp": now_iso(),
            "edited_timestamp": null,
            "tts": body["tts"].as_bool().unwrap_or(false),
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "mention_channels": [],
            "attachments": attachments,
            "embeds": embeds,
            "reactions": [],
            "pinned": false,
            "type": 0,
            "flags": flags,
            "components": body["components"].as_array().cloned().unwrap_or_default(),
        });
        if let Some(g) = self.guild_of_channel(channel) {
            msg["guild_id"] = id_str(g);
        }
        if let Some(reference) = body.get("message_reference").filter(|r| r.is_object()) {
            let ref_id = snowflake(reference.get("message_id"));
            if let Some(referenced) = ref_id.and_then(|r| self.messages.get(&r)) {
                msg["type"] = json!(19);
                msg["message_reference"] = json!({"type": 0, "message_id": id_str(referenced.id), "channel_id": id_str(referenced.channel_id)});
                msg["referenced_message"] = referenced.json.clone();
            }
        }
        for (k, v) in extra {
            if k != "flags" {
                msg[k] = v;
            }
        }
        if let Some(key) = nonce_key(body.get("nonce")) {
            msg["nonce"] = body["nonce"].clone();
            self.nonces.insert((author, key), NonceRec { message: id, at: Instant::now() });
        }
        self.apply_mentions(&mut msg, body.get("allowed_mentions"), author, channel);
        let ephemeral_for = (flags & EPHEMERAL != 0)
            .then(|| snowflake(msg.pointer("/interaction_metadata/user/id")))
            .flatten();
        if let Some(c) = self.channels.get_mut(&channel)
            && ephemeral_for.is_none()
        {
            c.last_message_id = Some(id);
            if c.is_thread() {
                c.message_count += 1;
                msg["position"] = json!(c.message_count);
            }
        }
        self.messages
            .insert(id, MessageRec { id, channel_id: channel, json: msg, deleted: false, ephemeral_for });
        self.channel_messages.entry(channel).or_default().push(id);
        id
    }

    /// With `enforce_nonce: true`, the message the same author created with the same nonce within
    /// the nonce window, if it still exists: Discord answers with it and creates nothing.
    pub fn deduplicated_message(&self, author: u64, body: &Value) -> Option<u64> {
        if body["enforce_nonce"].as_bool() != Some(true) {
            return None;
        }
        let key = nonce_key(body.get("nonce"))?;
        let rec = self.nonces.get(&(author, key))?;
        (rec.at.elapsed() <= self.settings.nonce_window
            && self.messages.get(&rec.message).is_some_and(|m| !m.deleted))
        .then_some(rec.message)
    }

    /// Applies an edit body to a message (PATCH semantics: present keys replace, null clears).
    pub fn edit_message(&mut self, id: u64, body: &Value, editor: u64, files: &[String]) {
        let Some(rec) = self.messages.get(&id) else { return };
        let channel = rec.channel_id;
        let mut msg = rec.json.clone();
        for key in ["content", "embeds", "components"] {
            if let Some(v) = body.get(key) {
                msg[key] = match (key, v) {
                    ("content", Value::Null) => json!(""),
                    (_, Value::Null) => json!([]),
                    (_, v) => v.clone(),
                };
            }
        }
        if let Some(embeds) = msg["embeds"].as_array_mut() {
            for embed in embeds {
                if embed.get("type").is_none() {
                    embed["type"] = json!("rich");
                }
            }
        }
        if let Some(a) = body.get("attachments") {
            let keep: Vec<u64> = a
                .as_array()
                .map(|l| l.iter().filter_map(|x| snowflake(x.get("id"))).collect())
                .unwrap_or_default();
            let kept: Vec<Value> = msg["attachments"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter(|x| snowflake(x.get("id")).is_some_and(|i| keep.contains(&i)))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            msg["attachments"] = Value::Array(kept);
        }
        for name in files {
            let aid = self.small_counter();
            if let Some(list) = msg["attachments"].as_array_mut() {
                list.push(json!({"id": aid.to_string(), "filename": name, "size": 0,
                    "url": format!("https://cdn.invalid/{aid}/{name}"), "proxy_url": format!("https://media.invalid/{aid}/{name}")}));
            }
        }
        let old_flags = msg["flags"].as_u64().unwrap_or(0);
        msg["flags"] = json!(old_flags & !LOADING);
        msg["edited_timestamp"] = json!(now_iso());
        let author = snowflake(msg.pointer("/author/id")).unwrap_or(editor);
        if body.get("content").is_some() || body.get("allowed_mentions").is_some() {
            self.apply_mentions(&mut msg, body.get("allowed_mentions"), author, channel);
        }
        if let Some(rec) = self.messages.get_mut(&id) {
            rec.json = msg;
        }
    }

    /// Whether a message has anything to show (content, embeds, components, attachments).
    pub fn is_empty_message(msg: &Value) -> bool {
        let nonempty = |k: &str| msg[k].as_array().is_some_and(|a| !a.is_empty());
        msg["content"].as_str().unwrap_or_default().is_empty()
            && !nonempty("embeds")
            && !nonempty("components")
            && !nonempty("attachments")
            && !nonempty("sticker_items")
            && msg.get("poll").is_none_or(Value::is_null)
    }

    pub fn live_message(&self, channel: u64, id: u64) -> Option<&MessageRec> {
        self.messages.get(&id).filter(|m| m.channel_id == channel && !m.deleted)
    }

    /// Non-deleted messages of a channel, oldest first (ephemeral ones only with `ephemeral`).
    pub fn channel_message_list(&self, channel: u64, ephemeral: bool) -> Vec<Value> {
        self.channel_messages
            .get(&channel)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| self.messages.get(id))
                    .filter(|m| !m.deleted && (ephemeral || m.ephemeral_for.is_none()))
                    .map(|m| m.json.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    // ----- commands -----

    /// Stores a command definition (keeping its id when one of that name and type exists).
    pub fn upsert_command(&mut self, guild: Option<u64>, body: &Value) -> Value {
        let name = body["name"].as_str().unwrap_or_default().to_owned();
        let kind = body["type"].as_u64().unwrap_or(1);
        let key = (guild, format!("{kind}:{name}"));
        let id = match self.command_ids.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.next_id();
                self.command_ids.insert(key, id);
                id
            }
        };
        let perms = match body.get("default_member_permissions") {
            Some(Value::Number(n)) => json!(n.to_string()),
            Some(Value::String(s)) => json!(s),
            _ => Value::Null,
        };
        let mut cmd = json!({
            "id": id_str(id),
            "application_id": id_str(self.app_id),
            "version": id_str(self.next_id()),
            "type": kind,
            "name": name,
            "name_localizations": body.get("name_localizations").cloned().unwrap_or(Value::Null),
            "description": body["description"].as_str().unwrap_or_default(),
            "description_localizations": body.get("description_localizations").cloned().unwrap_or(Value::Null),
            "options": body["options"].as_array().cloned().unwrap_or_default(),
            "default_member_permissions": perms,
            "nsfw": body["nsfw"].as_bool().unwrap_or(false),
            "integration_types": body.get("integration_types").cloned().unwrap_or(json!([0])),
            "contexts": body.get("contexts").cloned().unwrap_or(Value::Null),
        });
        match guild {
            Some(g) => cmd["guild_id"] = id_str(g),
            None => cmd["dm_permission"] = json!(body["dm_permission"].as_bool().unwrap_or(true)),
        }
        self.commands.retain(|c| {
            !(c.guild_id == guild && c.json["name"] == cmd["name"] && c.json["type"] == cmd["type"])
        });
        self.commands.push(CommandRec { guild_id: guild, json: cmd.clone() });
        cmd
    }

    /// The command a user would see under `name` in `channel`: a guild command in the guild, else a
    /// global one (in DMs only global commands usable there).
    pub fn find_command(&self, name: &str, in_guild: bool) -> Option<&CommandRec> {
        let chat = |c: &&CommandRec| c.json["name"] == name && c.json["type"].as_u64().unwrap_or(1) == 1;
        if in_guild {
            self.commands.iter().filter(chat).find(|c| c.guild_id == Some(self.guild_id)).or_else(|| {
                self.commands.iter().filter(chat).find(|c| {
                    c.guild_id.is_none()
                        && c.json["contexts"]
                            .as_array()
                            .is_none_or(|ctx| ctx.iter().any(|x| x.as_u64() == Some(0)))
                })
            })
        } else {
            self.commands.iter().filter(chat).find(|c| {
                c.guild_id.is_none()
                    && c.json["dm_permission"].as_bool() != Some(false)
                    && c.json["contexts"]
                        .as_array()
                        .is_none_or(|ctx| ctx.iter().any(|x| x.as_u64() == Some(1)))
            })
        }
    }
}

impl State {
    /// How many of the requests from `mark` on were answered 429, by cause.
    pub fn rate_limited_since(&self, mark: usize) -> RateLimited {
        let mut counts = RateLimited::default();
        for r in self.requests.iter().skip(mark) {
            match r.limited {
                Some(Limited::Global) => counts.global += 1,
                Some(Limited::Route) => counts.route += 1,
                Some(Limited::Injected) => counts.injected += 1,
                None => {}
            }
        }
        counts
    }
}
