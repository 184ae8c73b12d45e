//! Injection: members type slash commands, click buttons, pick from selects, submit modals, DM the
//! bot and post in channels; handles to read what the bot answered.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::guild::perm;
use super::rest::Parsed;
use super::state::{
    EPHEMERAL, INTENT_DIRECT_MESSAGES, INTENT_GUILD_MESSAGES, InteractionRec, LOADING, State, id_str,
    snowflake,
};
use super::{Discord, Inner};

/// The id of a message (or channel, or anything with a snowflake `"id"`).
pub fn id_of(v: &Value) -> u64 {
    snowflake(v.get("id")).unwrap_or_else(|| panic!("no id in {v}"))
}

/// The channel a message is in (`channel_id`): a DM, or the channel of the interaction whose
/// ephemeral answer it is.
pub fn channel_of(v: &Value) -> u64 {
    snowflake(v.get("channel_id")).unwrap_or_else(|| panic!("no channel_id in {v}"))
}

/// Everything a person reads in a message: content, embeds (title, description, fields, footer,
/// author) and component labels, one piece a line.
pub fn text_of(msg: &Value) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: &Value| {
        if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
            out.push(s.to_owned());
        }
    };
    push(&msg["content"]);
    for e in msg["embeds"].as_array().into_iter().flatten() {
        push(&e["author"]["name"]);
        push(&e["title"]);
        push(&e["description"]);
        for f in e["fields"].as_array().into_iter().flatten() {
            push(&f["name"]);
            push(&f["value"]);
        }
        push(&e["footer"]["text"]);
    }
    for row in msg["components"].as_array().into_iter().flatten() {
        for c in row["components"].as_array().into_iter().flatten() {
            push(&c["label"]);
            push(&c["placeholder"]);
            for o in c["options"].as_array().into_iter().flatten() {
                push(&o["label"]);
            }
        }
    }
    out.join("\n")
}

/// The components of a message's action rows (buttons and selects), in order.
pub fn buttons_of(msg: &Value) -> Vec<Value> {
    msg["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// The custom id of the button labelled `label`.
pub fn custom_id_by_label(msg: &Value, label: &str) -> Option<String> {
    buttons_of(msg)
        .into_iter()
        .find(|c| c["label"] == label)
        .and_then(|c| c["custom_id"].as_str().map(str::to_owned))
}

/// An interaction the double sent; reads what the bot answered.
#[derive(Clone)]
pub struct InteractionHandle {
    discord: Discord,
    inner: Arc<Inner>,
    pub id: u64,
    pub token: String,
    pub user: u64,
    pub channel_id: u64,
    /// The payload of the INTERACTION_CREATE.
    pub payload: Value,
}

impl std::fmt::Debug for InteractionHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InteractionHandle")
            .field("id", &self.id)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl InteractionHandle {
    fn double(&self) -> Discord {
        self.discord.clone()
    }

    pub fn record(&self) -> InteractionRec {
        self.inner.state().interactions[&self.id].clone()
    }

    /// The first callback body the bot posted (`{"type", "data"}`), if any yet.
    pub fn callback(&self) -> Option<Value> {
        self.record().callbacks.first().cloned()
    }

    pub fn callbacks(&self) -> Vec<Value> {
        self.record().callbacks
    }

    /// How many times the bot was sent this interaction (see [`Discord::redeliver_interaction`]).
    pub fn deliveries(&self) -> u32 {
        self.record().deliveries
    }

    /// The status the double answered each of the bot's callbacks with, in order (204 for the
    /// accepted one, 400 with code 40060 for an answer after it).
    pub fn callback_statuses(&self) -> Vec<u16> {
        let prefix = format!("/interactions/{}/", self.id);
        self.inner
            .state()
            .requests
            .iter()
            .filter(|r| r.method == "POST" && r.path.starts_with(&prefix) && r.path.ends_with("/callback"))
            .map(|r| r.status)
            .collect()
    }

    /// Waits until the bot posted `n` callbacks (answered or refused) and returns their statuses.
    pub async fn wait_for_callbacks(&self, n: usize) -> Vec<u16> {
        let id = self.id;
        self.double()
            .wait_for(&format!("{n} callback(s) to interaction {id}"), |_| {
                let statuses = self.callback_statuses();
                (statuses.len() >= n && statuses.iter().all(|s| *s != 0)).then_some(statuses)
            })
            .await
    }

    /// Waits for the bot's callback and returns its body (`{"type", "data"}`).
    pub async fn response(&self) -> Value {
        let id = self.id;
        self.double().wait_for(&format!("the bot to answer interaction {id}"), |_| self.callback()).await
    }

    /// The callback type the bot answered with (waits for it).
    pub async fn response_type(&self) -> u64 {
        self.response().await["type"].as_u64().unwrap_or(0)
    }

    /// Waits for the callback, asserts it opened a modal (type 9) and returns the modal (`data`).
    pub async fn modal(&self) -> Value {
        let response = self.response().await;
        assert_eq!(response["type"], 9, "expected a modal (callback type 9), got {response}");
        response["data"].clone()
    }

    /// Submits the modal this interaction opened, filling the given text inputs.
    pub async fn submit_modal(&self, fields: &[(&str, &str)]) -> InteractionHandle {
        let modal = self.modal().await;
        let custom_id = modal["custom_id"].as_str().unwrap_or_default().to_owned();
        self.double().submit_modal(self.user, &custom_id, fields).await
    }

    /// The message `@original` designates now (the response, or the message a component sits on).
    pub fn original(&self) -> Option<Value> {
        let st = self.inner.state();
        let original = st.interactions.get(&self.id)?.original?;
        st.messages.get(&original).map(|m| m.json.clone())
    }

    pub fn followups(&self) -> Vec<Value> {
        let st = self.inner.state();
        st.interactions[&self.id]
            .followups
            .iter()
            .filter_map(|id| st.messages.get(id).map(|m| m.json.clone()))
            .collect()
    }

    /// Waits for the `n`-th follow-up (0-based).
    pub async fn followup(&self, n: usize) -> Value {
        self.double()
            .wait_for(&format!("follow-up #{n} of interaction {}", self.id), |_| {
                self.followups().into_iter().nth(n)
            })
            .await
    }

    /// Waits until the bot's answer is visible and returns that message: the response (type 4),
    /// the updated message (type 7), or, after a deferral (5 or 6), the edited original or the first
    /// follow-up.
    pub async fn reply(&self) -> Value {
        let response = self.response().await;
        let t = response["type"].as_u64().unwrap_or(0);
        assert_ne!(t, 9, "the bot answered with a modal, not a message: {response}");
        self.double()
            .wait_for(&format!("the visible answer to interaction {}", self.id), |_| {
                let original = self.original();
                let loading =
                    original.as_ref().is_some_and(|m| m["flags"].as_u64().unwrap_or(0) & LOADING != 0);
                let edited = original.as_ref().is_some_and(|m| !m["edited_timestamp"].is_null());
                match t {
                    4 | 7 => original,
                    5 if !loading => original,
                    6 if edited && original != self.record().acked_snapshot => original,
                    _ => self.followups().into_iter().next(),
                }
            })
            .await
    }

    /// [`text_of`] the [`InteractionHandle::reply`].
    pub async fn reply_text(&self) -> String {
        text_of(&self.reply().await)
    }

    /// Whether the answer is ephemeral (waits for the callback).
    pub async fn is_ephemeral(&self) -> bool {
        let response = self.response().await;
        response["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL != 0
            || self.original().is_some_and(|m| m["flags"].as_u64().unwrap_or(0) & EPHEMERAL != 0)
    }
}

/// A message a member sent (delivered to the bot as MESSAGE_CREATE, once or more): reads how often
/// the bot got it and what the bot posted after it in the same channel.
#[derive(Clone)]
pub struct MessageHandle {
    discord: Discord,
    pub id: u64,
    pub channel_id: u64,
    pub author: u64,
    /// The message as stored (and as the MESSAGE_CREATE carried it).
    pub json: Value,
}

impl std::fmt::Debug for MessageHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageHandle")
            .field("id", &self.id)
            .field("channel_id", &self.channel_id)
            .field("author", &self.author)
            .finish_non_exhaustive()
    }
}

impl MessageHandle {
    /// How many MESSAGE_CREATE dispatches carried this message (one a session it reached).
    pub fn deliveries(&self) -> usize {
        let id = id_str(self.id);
        self.discord.dispatched().iter().filter(|f| f["t"] == "MESSAGE_CREATE" && f["d"]["id"] == id).count()
    }

    /// What the bot posted in the message's channel after it (ephemeral messages included),
    /// oldest first: its answers, as many as it sent.
    pub fn bot_messages_after(&self) -> Vec<Value> {
        let bot = id_str(self.discord.bot_id());
        self.discord
            .all_messages_in(self.channel_id)
            .into_iter()
            .filter(|m| m["author"]["id"] == bot && snowflake(m.get("id")).is_some_and(|id| id > self.id))
            .collect()
    }

    /// Waits until the bot posted at least `n` messages in the channel after this one; returns them.
    pub async fn wait_for_bot_messages(&self, n: usize) -> Vec<Value> {
        self.discord
            .wait_for(&format!("{n} bot message(s) after message {}", self.id), |_| {
                let found = self.bot_messages_after();
                (found.len() >= n).then_some(found)
            })
            .await
    }
}

/// Turns `{"summary": "x"}` into the options of a slash command, from its registered definition.
fn build_options(
    st: &State,
    defs: &[Value],
    given: &Map<String, Value>,
    resolved: &mut Value,
    what: &str,
) -> Vec<Value> {
    for key in given.keys() {
        assert!(
            defs.iter().any(|d| d["name"] == key.as_str()),
            "{what} has no option {key:?} (registered: {defs:?})"
        );
    }
    let mut out = Vec::new();
    for def in defs {
        let name = def["name"].as_str().unwrap_or_default();
        let Some(value) = given.get(name) else {
            assert!(!def["required"].as_bool().unwrap_or(false), "{what}: option {name:?} is required");
            continue;
        };
        let kind = def["type"].as_u64().unwrap_or(3);
        let value = match kind {
            3 => {
                let s = value
                    .as_str()
                    .unwrap_or_else(|| panic!("{what}: option {name:?} takes a string, got {value}"));
                let n = s.chars().count() as u64;
                assert!(
                    def["min_length"].as_u64().is_none_or(|m| n >= m)
                        && def["max_length"].as_u64().is_none_or(|m| n <= m),
                    "{what}: option {name:?} length {n} is outside what Discord's client accepts"
                );
                json!(s)
            }
            4 => json!(
                value
                    .as_i64()
                    .unwrap_or_else(|| panic!("{what}: option {name:?} takes an integer, got {value}"))
            ),
            10 => json!(
                value
                    .as_f64()
                    .unwrap_or_else(|| panic!("{what}: option {name:?} takes a number, got {value}"))
            ),
            5 => json!(
                value
                    .as_bool()
                    .unwrap_or_else(|| panic!("{what}: option {name:?} takes a boolean, got {value}"))
            ),
            6..=9 => {
                let id = snowflake(Some(value))
                    .unwrap_or_else(|| panic!("{what}: option {name:?} takes an id, got {value}"));
                if st.users.contains_key(&id) && matches!(kind, 6 | 9) {
                    resolved["users"][id.to_string()] = st.user_json(id);
                    if let Some(m) = st.member_json(id, false) {
                        resolved["members"][id.to_string()] = m;
                    }
                } else if let Some(r) = st.roles.iter().find(|r| r.id == id).filter(|_| matches!(kind, 8 | 9))
                {
                    resolved["roles"][id.to_string()] = st.role_json(r);
                } else if kind == 7 && st.channels.contains_key(&id) {
                    resolved["channels"][id.to_string()] = st.partial_channel_json(id, st.bot_id);
                } else {
                    panic!("{what}: option {name:?}: nothing with id {id} of option type {kind}");
                }
                id_str(id)
            }
            k => panic!("{what}: option type {k} is not supported by the double"),
        };
        if let Some(choices) = def["choices"].as_array().filter(|c| !c.is_empty()) {
            assert!(
                choices.iter().any(|c| c["value"] == value),
                "{what}: option {name:?}: {value} is not one of the choices {choices:?}"
            );
        }
        if let Some(min) = def["min_value"].as_f64() {
            assert!(value.as_f64().is_none_or(|v| v >= min), "{what}: option {name:?} below min_value");
        }
        if let Some(max) = def["max_value"].as_f64() {
            assert!(value.as_f64().is_none_or(|v| v <= max), "{what}: option {name:?} above max_value");
        }
        out.push(json!({"name": name, "type": kind, "value": value}));
    }
    out
}

impl Discord {
    fn default_channel(&self) -> u64 {
        let st = self.inner.state();
        let everyone = st.guild_id;
        st.channels
            .values()
            .filter(|c| c.guild && c.kind == 0)
            .find(|c| !c.overwrites.iter().any(|o| o.0 == everyone && o.3 & perm::VIEW_CHANNEL != 0))
            .map(|c| c.id)
            .expect("a text channel everyone sees")
    }

    #[allow(clippy::too_many_arguments)]
    fn payload(
        st: &State,
        id: u64,
        token: &str,
        kind: u8,
        user: u64,
        channel: u64,
        data: Value,
        message: Option<Value>,
    ) -> Value {
        let guild = st.guild_of_channel(channel);
        let app_permissions = match guild {
            Some(_) => st.channel_permissions(st.bot_id, channel),
            None => perm::EVERYONE_DEFAULT,
        };
        let mut p = json!({
            "id": id_str(id),
            "application_id": id_str(st.app_id),
            "type": kind,
            "token": token,
            "version": 1,
            "channel_id": id_str(channel),
            "channel": st.partial_channel_json(channel, user),
            "locale": st.locales.get(&user).map_or("en-US", String::as_str),
            "entitlements": [],
            "attachment_size_limit": 10_485_760,
            "app_permissions": app_permissions.to_string(),
            "authorizing_integration_owners": {"0": guild.map_or_else(|| "0".to_owned(), |g| g.to_string())},
            "context": if guild.is_some() { 0 } else { 1 },
            "data": data,
        });
        match guild {
            Some(g) => {
                p["guild_id"] = id_str(g);
                p["guild_locale"] = json!("en-US");
                let mut member = st
                    .member_json(user, true)
                    .unwrap_or_else(|| panic!("user {user} is not a member of the guild"));
                member["permissions"] = json!(st.channel_permissions(user, channel).to_string());
                p["member"] = member;
            }
            None => p["user"] = st.user_json(user),
        }
        if let Some(m) = message {
            p["message"] = m;
        }
        p
    }

    /// Where a member may act: a guild channel they see, or their own DM channel with the bot.
    fn check_place(st: &State, user: u64, channel: u64) {
        let c = st.channels.get(&channel).unwrap_or_else(|| panic!("no channel {channel}"));
        if c.guild {
            assert!(st.is_member(user), "user {user} is not a member of the guild");
            assert!(st.can_view(user, channel), "user {user} cannot see channel {channel} ({})", c.name);
        } else {
            assert_eq!(
                c.recipient,
                Some(user),
                "channel {channel} is not user {user}'s DM channel with the bot"
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn inject(
        &self,
        kind: u8,
        user: u64,
        channel: u64,
        data: Value,
        message: Option<u64>,
        origin: Option<u64>,
        command_name: Option<String>,
    ) -> InteractionHandle {
        self.wait_for_ready().await;
        let handle = {
            let mut st = self.inner.state();
            Self::check_place(&st, user, channel);
            let id = st.next_id();
            let token = format!("aW50ZXJhY3Rpb246{id}_{}", st.small_counter());
            let message_json = message.map(|m| st.messages[&m].json.clone());
            let payload = Self::payload(&st, id, &token, kind, user, channel, data, message_json);
            let guild_id = st.guild_of_channel(channel);
            st.interactions.insert(
                id,
                InteractionRec {
                    id,
                    token: token.clone(),
                    kind,
                    user,
                    channel_id: channel,
                    guild_id,
                    message_id: message,
                    origin,
                    command_name,
                    payload: payload.clone(),
                    created: std::time::Instant::now(),
                    callbacks: Vec::new(),
                    acked: None,
                    answered: None,
                    original: None,
                    followups: Vec::new(),
                    edits: 0,
                    acked_snapshot: None,
                    modal: None,
                    modal_submitted: false,
                    deliveries: 1,
                },
            );
            st.tokens.insert(token.clone(), id);
            self.deliver_interaction(&mut st, id, &token, payload.clone());
            InteractionHandle {
                discord: self.clone(),
                inner: Arc::clone(&self.inner),
                id,
                token,
                user,
                channel_id: channel,
                payload,
            }
        };
        self.inner.changed();
        handle
    }

    /// `user` types `/name` in the guild's first public text channel (`#general` in the typical
    /// guild). `name` may hold a subcommand (`"desk show"`). `options` is either an object
    /// (`{"summary": "VPN down", "technician": ids.tom}`), typed from the command the bot registered
    /// (waited for, and checked like Discord's client does: known options, required ones, types,
    /// choices, lengths, `default_member_permissions`), or an array used verbatim.
    pub async fn slash(&self, user: u64, name: &str, options: Value) -> InteractionHandle {
        let channel = self.default_channel();
        self.slash_in(user, channel, name, options).await
    }

    /// [`DiscordDouble::slash`] in a given channel (a thread, or the user's DM channel).
    pub async fn slash_in(&self, user: u64, channel: u64, name: &str, options: Value) -> InteractionHandle {
        let mut words = name.split_whitespace();
        let command = words.next().expect("a command name").to_owned();
        let path: Vec<&str> = words.collect();
        let in_guild = self.inner.state().guild_of_channel(channel).is_some();
        let def = self
            .wait_for(&format!("command /{command} to be registered"), |d| {
                d.inner.state().find_command(&command, in_guild).map(|c| c.json.clone())
            })
            .await;
        let what = format!("/{name}");
        let data = {
            let st = self.inner.state();
            if in_guild {
                let required = def["default_member_permissions"].as_str().and_then(|p| p.parse::<u64>().ok());
                let has = st.channel_permissions(user, channel);
                if let Some(required) = required {
                    assert!(
                        has & perm::ADMINISTRATOR != 0 || (required != 0 && has & required == required),
                        "{what}: user {user} cannot use this command (default_member_permissions {required})"
                    );
                }
            }
            let mut resolved = json!({});
            let options = match &options {
                Value::Array(raw) => raw.clone(),
                Value::Object(given) => {
                    let mut defs = def["options"].as_array().cloned().unwrap_or_default();
                    let mut chain = Vec::new();
                    for sub in &path {
                        let d = defs
                            .iter()
                            .find(|o| o["name"] == *sub && matches!(o["type"].as_u64(), Some(1 | 2)))
                            .unwrap_or_else(|| panic!("{what}: no subcommand {sub:?}"))
                            .clone();
                        defs = d["options"].as_array().cloned().unwrap_or_default();
                        chain.push(d);
                    }
                    assert!(
                        !defs.iter().any(|o| matches!(o["type"].as_u64(), Some(1 | 2))),
                        "{what}: a command with subcommands cannot be invoked bare"
                    );
                    let mut built = build_options(&st, &defs, given, &mut resolved, &what);
                    for sub in chain.iter().rev() {
                        built = vec![json!({"name": sub["name"], "type": sub["type"], "options": built})];
                    }
                    built
                }
                Value::Null => Vec::new(),
                other => panic!("{what}: options must be an object or an array, got {other}"),
            };
            let mut data = json!({"id": def["id"], "name": command, "type": 1, "options": options});
            if let Some(g) = def.get("guild_id").filter(|g| !g.is_null()) {
                data["guild_id"] = g.clone();
            }
            if resolved.as_object().is_some_and(|r| !r.is_empty()) {
                data["resolved"] = resolved;
            }
            data
        };
        self.inject(2, user, channel, data, None, None, Some(command)).await
    }

    /// Sends an application command interaction with `data` verbatim (no checks against what the
    /// bot registered), e.g. to play a stale client.
    pub async fn slash_raw(&self, user: u64, channel: u64, data: Value) -> InteractionHandle {
        let name = data["name"].as_str().map(str::to_owned);
        self.inject(2, user, channel, data, None, None, name).await
    }

    fn component(&self, user: u64, channel: u64, message: u64, custom_id: &str) -> Value {
        let st = self.inner.state();
        let m = st
            .live_message(channel, message)
            .unwrap_or_else(|| panic!("no message {message} in channel {channel}"));
        if let Some(only) = m.ephemeral_for {
            assert_eq!(only, user, "message {message} is ephemeral, shown to user {only} only");
        }
        buttons_of(&m.json).into_iter().find(|c| c["custom_id"] == custom_id).unwrap_or_else(|| {
            panic!("message {message} has no component {custom_id:?}: {}", m.json["components"])
        })
    }

    /// `user` clicks the button `custom_id` of a message (the full message goes in the interaction).
    pub async fn click(&self, user: u64, channel: u64, message: u64, custom_id: &str) -> InteractionHandle {
        let c = self.component(user, channel, message, custom_id);
        assert_eq!(c["type"], 2, "component {custom_id:?} is not a button");
        assert!(!c["disabled"].as_bool().unwrap_or(false), "button {custom_id:?} is disabled");
        let data = json!({"custom_id": custom_id, "component_type": 2});
        self.inject(3, user, channel, data, Some(message), None, None).await
    }

    /// `user` clicks the button labelled `label`.
    pub async fn click_label(&self, user: u64, channel: u64, message: u64, label: &str) -> InteractionHandle {
        let json = self.message(message).unwrap_or_else(|| panic!("no message {message}"));
        let custom_id = custom_id_by_label(&json, label)
            .unwrap_or_else(|| panic!("message {message} has no button {label:?}: {}", json["components"]));
        self.click(user, channel, message, &custom_id).await
    }

    /// `user` picks `values` in the select menu `custom_id` (string selects: option values; user,
    /// role, channel and mentionable selects: ids, resolved).
    pub async fn select(
        &self,
        user: u64,
        channel: u64,
        message: u64,
        custom_id: &str,
        values: &[&str],
    ) -> InteractionHandle {
        let c = self.component(user, channel, message, custom_id);
        let kind = c["type"].as_u64().unwrap_or(0);
        assert!(matches!(kind, 3 | 5..=8), "component {custom_id:?} is not a select menu");
        assert!(!c["disabled"].as_bool().unwrap_or(false), "select {custom_id:?} is disabled");
        let (min, max) = (c["min_values"].as_u64().unwrap_or(1), c["max_values"].as_u64().unwrap_or(1));
        let n = values.len() as u64;
        assert!(n >= min && n <= max, "select {custom_id:?} takes {min}..={max} values, got {n}");
        let mut data = json!({"custom_id": custom_id, "component_type": kind, "values": values});
        if kind == 3 {
            let options: Vec<&str> =
                c["options"].as_array().into_iter().flatten().filter_map(|o| o["value"].as_str()).collect();
            for v in values {
                assert!(
                    options.contains(v),
                    "select {custom_id:?} has no option {v:?} (options: {options:?})"
                );
            }
        } else {
            let st = self.inner.state();
            let mut resolved = json!({});
            for v in values {
                let id: u64 =
                    v.parse().unwrap_or_else(|_| panic!("select {custom_id:?} takes ids, got {v:?}"));
                if st.users.contains_key(&id) {
                    resolved["users"][v] = st.user_json(id);
                    if let Some(m) = st.member_json(id, false) {
                        resolved["members"][v] = m;
                    }
                } else if let Some(r) = st.roles.iter().find(|r| r.id == id) {
                    resolved["roles"][v] = st.role_json(r);
                } else if st.channels.contains_key(&id) {
                    resolved["channels"][v] = st.partial_channel_json(id, st.bot_id);
                }
            }
            data["resolved"] = resolved;
        }
        self.inject(3, user, channel, data, Some(message), None, None).await
    }

    /// `user` submits the modal `custom_id` the bot showed them last (after a slash command or a
    /// click, in a guild channel or a DM), with these text inputs filled (others empty). Panics
    /// if no such modal is open, or the values break what Discord's client enforces (required
    /// inputs, min/max length).
    pub async fn submit_modal(
        &self,
        user: u64,
        custom_id: &str,
        fields: &[(&str, &str)],
    ) -> InteractionHandle {
        let open = self
            .inner
            .state()
            .interactions
            .values()
            .rev()
            .find(|r| {
                r.user == user
                    && !r.modal_submitted
                    && r.modal.as_ref().is_some_and(|m| m["custom_id"] == custom_id)
            })
            .cloned();
        // The state is unlocked here: the dump locks it again.
        let Some(origin) = open else {
            panic!("no open modal {custom_id:?} for user {user}\n{}", self.dump())
        };
        let (origin, channel, message, components) = {
            let modal = origin.modal.clone().unwrap_or_default();
            let mut known = Vec::new();
            let mut rows = Vec::new();
            for row in modal["components"].as_array().into_iter().flatten() {
                let (input, label_row) = match row["type"].as_u64() {
                    Some(18) => (row["component"].clone(), true),
                    _ => (row["components"][0].clone(), false),
                };
                if input["type"] != 4 {
                    continue;
                }
                let id = input["custom_id"].as_str().unwrap_or_default().to_owned();
                let value = fields.iter().find(|(k, _)| *k == id).map_or("", |(_, v)| *v);
                let n = value.chars().count() as u64;
                let required = input["required"].as_bool().unwrap_or(true);
                assert!(!required || n > 0, "modal {custom_id:?}: input {id:?} is required");
                if n > 0 {
                    let min = input["min_length"].as_u64().unwrap_or(0);
                    let max = input["max_length"].as_u64().unwrap_or(4000);
                    assert!(
                        n >= min && n <= max,
                        "modal {custom_id:?}: input {id:?} takes {min}..={max} characters, got {n}"
                    );
                }
                let submitted = json!({"type": 4, "custom_id": id, "value": value});
                rows.push(if label_row {
                    json!({"type": 18, "component": submitted})
                } else {
                    json!({"type": 1, "components": [submitted]})
                });
                known.push(id);
            }
            for (k, _) in fields {
                assert!(
                    known.iter().any(|id| id == k),
                    "modal {custom_id:?} has no input {k:?} (inputs: {known:?})"
                );
            }
            (origin.id, origin.channel_id, origin.message_id, rows)
        };
        if let Some(o) = self.inner.state().interactions.get_mut(&origin) {
            o.modal_submitted = true;
        }
        let data = json!({"custom_id": custom_id, "components": components});
        self.inject(5, user, channel, data, message, Some(origin), None).await
    }

    /// The DM channel between the bot and `user` (created if needed, as when the user opens it).
    pub fn dm_channel(&self, user: u64) -> u64 {
        self.inner.state().dm_channel_for(user)
    }

    /// `user` sends the bot a DM (MESSAGE_CREATE in their DM channel); returns the message.
    pub async fn dm(&self, user: u64, content: &str) -> Value {
        self.wait_for_ready().await;
        let msg = {
            let mut st = self.inner.state();
            assert!(st.is_member(user), "user {user} shares no guild with the bot, so cannot DM it");
            let channel = st.dm_channel_for(user);
            let id = st.create_message(channel, user, &json!({"content": content}), &[], Map::new());
            let event = st.message_event(id).unwrap_or_default();
            st.dispatch("MESSAGE_CREATE", event, Some(INTENT_DIRECT_MESSAGES));
            st.messages[&id].json.clone()
        };
        self.inner.changed();
        msg
    }

    /// `user` sends the bot a DM and Discord delivers its MESSAGE_CREATE twice (same message id), as
    /// happens to a bot whose session resumes over events it had handled, or that runs twice.
    pub async fn dm_twice(&self, user: u64, content: &str) -> MessageHandle {
        let msg = self.dm(user, content).await;
        self.redeliver_message(id_of(&msg))
    }

    /// Sends the MESSAGE_CREATE of a stored message again (same id, same payload, a new sequence
    /// number), to every session that would get it; returns a handle on the message.
    pub fn redeliver_message(&self, id: u64) -> MessageHandle {
        let handle = {
            let mut st = self.inner.state();
            let m = st.messages.get(&id).unwrap_or_else(|| panic!("no message {id}")).clone();
            let intent = if st.guild_of_channel(m.channel_id).is_some() {
                INTENT_GUILD_MESSAGES
            } else {
                INTENT_DIRECT_MESSAGES
            };
            let event = st.message_event(id).unwrap_or_default();
            st.dispatch("MESSAGE_CREATE", event, Some(intent));
            MessageHandle {
                discord: self.clone(),
                id,
                channel_id: m.channel_id,
                author: snowflake(m.json.pointer("/author/id")).unwrap_or(0),
                json: m.json,
            }
        };
        self.inner.changed();
        handle
    }

    /// Interactions from now on go to `url` over HTTP, signed with the Ed25519 key whose secret is
    /// `secret` (as Discord does once an Interactions Endpoint URL is saved), instead of through the
    /// gateway. The HTTP response is taken as the interaction's first answer, and checked like a
    /// callback (schema, limits, the 3 s deadline, a second answer).
    pub fn send_interactions_to(&self, url: &str, secret: [u8; 32]) {
        self.inner.state().interactions_endpoint = Some((url.to_owned(), secret));
    }

    /// The HTTP statuses the endpoint answered the deliveries of an interaction with.
    pub fn endpoint_statuses(&self, interaction: &InteractionHandle) -> Vec<u16> {
        self.inner.state().endpoint_statuses.get(&interaction.id).cloned().unwrap_or_default()
    }

    /// Sends a request to the Interactions Endpoint URL as Discord would (signed), and returns the
    /// status and body; for tests of the endpoint itself (bad signatures, PING).
    pub async fn post_to_endpoint(&self, body: &str, sign_with: Option<[u8; 32]>) -> (u16, String) {
        let url =
            self.inner.state().interactions_endpoint.as_ref().map(|(u, _)| u.clone()).expect("an endpoint");
        let mut request = reqwest::Client::new().post(url).header("content-type", "application/json");
        if let Some(secret) = sign_with {
            let (signature, timestamp) = sign(&secret, body);
            request =
                request.header("X-Signature-Ed25519", signature).header("X-Signature-Timestamp", timestamp);
        }
        match request.body(body.to_owned()).send().await {
            Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
            Err(e) => panic!("the interactions endpoint did not answer: {e}"),
        }
    }

    /// Delivers an interaction through the gateway, or over HTTP when an endpoint is set.
    fn deliver_interaction(&self, st: &mut State, id: u64, token: &str, payload: Value) {
        let Some((url, secret)) = st.interactions_endpoint.clone() else {
            st.dispatch("INTERACTION_CREATE", payload, None);
            return;
        };
        let inner = Arc::clone(&self.inner);
        let token = token.to_owned();
        tokio::spawn(async move {
            let body = payload.to_string();
            let (signature, timestamp) = sign(&secret, &body);
            let sent = reqwest::Client::new()
                .post(&url)
                .header("content-type", "application/json")
                .header("X-Signature-Ed25519", signature)
                .header("X-Signature-Timestamp", timestamp)
                .body(body)
                .send()
                .await;
            let (status, answer) = match sent {
                Ok(r) => (r.status().as_u16(), r.json::<Value>().await.ok()),
                Err(_) => (0, None),
            };
            {
                let mut st = inner.state();
                st.endpoint_statuses.entry(id).or_default().push(status);
                if let (200, Some(answer)) = (status, answer) {
                    let parsed = Parsed { json: Some(answer), files: Vec::new(), error: None };
                    st.serve("POST", &format!("/api/v10/interactions/{id}/{token}/callback"), "", &parsed);
                }
            }
            inner.changed();
        });
    }

    /// Sends an interaction's INTERACTION_CREATE again (same id, same token, same payload), as
    /// Discord does to two sessions of one shard. The bot may answer each delivery: the first
    /// answer is taken, the later ones get 400 with code 40060 (see
    /// [`InteractionHandle::callback_statuses`]) and are not violations.
    pub fn redeliver_interaction(&self, interaction: &InteractionHandle) -> InteractionHandle {
        {
            let mut st = self.inner.state();
            let rec = st
                .interactions
                .get_mut(&interaction.id)
                .unwrap_or_else(|| panic!("no interaction {}", interaction.id));
            rec.deliveries += 1;
            let payload = rec.payload.clone();
            let token = rec.token.clone();
            self.deliver_interaction(&mut st, interaction.id, &token, payload);
        }
        self.inner.changed();
        interaction.clone()
    }

    /// `user` posts `content` in a guild channel or thread (MESSAGE_CREATE); returns the message.
    pub async fn post(&self, user: u64, channel: u64, content: &str) -> Value {
        self.wait_for_ready().await;
        let msg = {
            let mut st = self.inner.state();
            Self::check_place(&st, user, channel);
            let c = st.channels[&channel].clone();
            assert!(c.guild, "use dm() for DMs");
            let send = if c.is_thread() { perm::SEND_MESSAGES_IN_THREADS } else { perm::SEND_MESSAGES };
            assert!(
                st.channel_permissions(user, channel) & send != 0,
                "user {user} cannot post in channel {channel}"
            );
            assert!(!c.locked, "thread {channel} is locked");
            if let Some(t) = st.channels.get_mut(&channel).filter(|t| t.is_thread()) {
                t.thread_members.insert(user);
                t.archived = false;
            }
            let id = st.create_message(channel, user, &json!({"content": content}), &[], Map::new());
            let event = st.message_event(id).unwrap_or_default();
            st.dispatch("MESSAGE_CREATE", event, Some(INTENT_GUILD_MESSAGES));
            st.messages[&id].json.clone()
        };
        self.inner.changed();
        msg
    }
}

/// Discord's signature of an interaction request: Ed25519 over the timestamp followed by the body,
/// in hexadecimal, with that timestamp (Unix seconds).
fn sign(secret: &[u8; 32], body: &str) -> (String, String) {
    use ed25519_dalek::Signer as _;
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let key = ed25519_dalek::SigningKey::from_bytes(secret);
    let signature = key.sign(format!("{timestamp}{body}").as_bytes());
    let hex: String = signature.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    (hex, timestamp)
}

/// The public key, in hexadecimal as the Developer Portal shows it, of the Ed25519 secret `secret`.
pub fn public_key_hex(secret: &[u8; 32]) -> String {
    let key = ed25519_dalek::SigningKey::from_bytes(secret).verifying_key();
    key.to_bytes().iter().map(|b| format!("{b:02x}")).collect()
}
