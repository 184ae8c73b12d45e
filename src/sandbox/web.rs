//! The sandbox's page and the JSON behind it.
//!
//! - `GET /`: the page (one self-contained file, `page.html`);
//! - `GET /api/state?as=<user>&channel=<channel>`: what that person sees: the people, their channels,
//!   the messages of one channel, the modal the bot showed them, the commands they can type, and what
//!   the bot sent that Discord would have refused;
//! - `POST /api/act`: what they do (say something, type a command, click, pick, submit or close a
//!   modal), sent into the local Discord as Discord's client would send it.
//!
//! What a person does is checked by the local Discord the way Discord's client checks it (a required
//! input left empty, a disabled button, a command typed where it does not exist); a refusal comes
//! back as `400 {"error": ...}` for the page to show, and the sandbox goes on.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use deskbot_discord_double::{Discord, Typical, id_of};
use futures_util::FutureExt;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Person, people};

const PAGE: &str = include_str!("page.html");

#[derive(Clone)]
struct App {
    discord: Discord,
    ids: Typical,
    people: [Person; 4],
}

/// The page's routes over the local Discord.
pub fn router(discord: Discord, ids: Typical) -> Router {
    let app = App { discord, ids, people: people(&ids) };
    Router::new()
        .route("/", get(page))
        .route("/api/state", get(state))
        .route("/api/act", post(act))
        .layer(axum::middleware::from_fn(local_only))
        .with_state(app)
}

/// Only pages served from this machine's own address may act: a web site whose name is made to
/// resolve to 127.0.0.1 (DNS rebinding) gets 403.
async fn local_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let host = request.headers().get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    if matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, "deskbot sandbox answers only at 127.0.0.1").into_response()
    }
}

/// The local Discord refuses what Discord's client would not send by panicking, as the tests want;
/// here each action runs apart (see [`refused`]) and its refusal is shown on the page, so the
/// panic's report is one log line rather than a backtrace on the terminal.
pub fn quiet_refusals() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.location().is_some_and(|l| l.file().contains("discord-double")) {
            tracing::debug!("refused: {}", panic_text(info.payload()));
        } else {
            previous(info);
        }
    }));
}

async fn page() -> Html<&'static str> {
    Html(PAGE)
}

#[derive(Debug, Deserialize)]
struct StateQuery {
    #[serde(rename = "as")]
    person: Option<String>,
    channel: Option<String>,
}

fn parse_id(text: Option<&str>) -> Option<u64> {
    text.and_then(|t| t.trim().parse::<u64>().ok())
}

impl App {
    fn person(&self, id: Option<u64>) -> Person {
        id.and_then(|id| self.people.iter().find(|p| p.id == id)).copied().unwrap_or(self.people[0])
    }

    /// The channel a person looks at when they have not chosen one: requesters their DMs with the
    /// bot, staff the triage channel.
    fn home(&self, person: &Person) -> u64 {
        if person.staff { self.ids.triage } else { self.discord.dm_channel(person.id) }
    }
}

async fn state(State(app): State<App>, Query(q): Query<StateQuery>) -> Json<Value> {
    let person = app.person(parse_id(q.person.as_deref()));
    let channels = app.discord.channels_visible_to(person.id);
    let visible = |id: u64| channels.iter().any(|c| id_of(c) == id);
    let channel = parse_id(q.channel.as_deref()).filter(|&c| visible(c)).unwrap_or_else(|| app.home(&person));
    let messages = app.discord.messages_seen_by(channel, person.id);

    let mut users = Map::new();
    for (id, name, _) in app.discord.members() {
        users.insert(id.to_string(), json!(name));
    }
    let roles: Map<String, Value> =
        app.discord.roles().into_iter().map(|(id, name)| (id.to_string(), json!(name))).collect();
    let mut names = Map::new();
    let listed: Vec<Value> = channels
        .iter()
        .map(|c| {
            let id = id_of(c);
            let kind = match c["type"].as_u64() {
                Some(1) => "dm",
                Some(10..=12) => "thread",
                _ => "text",
            };
            let name = match kind {
                "dm" => "deskbot".to_owned(),
                _ => c["name"].as_str().unwrap_or_default().to_owned(),
            };
            names.insert(id.to_string(), json!(name));
            json!({"id": id.to_string(), "name": name, "kind": kind, "parent": c["parent_id"]})
        })
        .collect();
    let in_guild = channels.iter().find(|c| id_of(c) == channel).is_some_and(|c| c["type"] != 1);

    Json(json!({
        "me": person.id.to_string(),
        "people": app.people.iter().map(|p| json!({"id": p.id.to_string(), "name": p.name, "title": p.title})).collect::<Vec<_>>(),
        "channels": listed,
        "channel": channel.to_string(),
        "in_guild": in_guild,
        "messages": messages,
        "names": {"users": users, "roles": roles, "channels": names},
        "modal": app.discord.open_modal(person.id),
        "commands": commands_here(&app.discord, in_guild),
        "violations": app.discord.violations().iter().map(ToString::to_string).collect::<Vec<_>>(),
    }))
}

/// The chat-input commands that can be typed here: everywhere the global ones, in the server also
/// the server's.
fn commands_here(discord: &Discord, in_guild: bool) -> Vec<Value> {
    let mut by_name: BTreeMap<String, Value> = BTreeMap::new();
    for c in discord.commands() {
        let guild_only = c.get("guild_id").is_some_and(|g| !g.is_null());
        if c["type"].as_u64().unwrap_or(1) != 1 || (guild_only && !in_guild) {
            continue;
        }
        let name = c["name"].as_str().unwrap_or_default().to_owned();
        by_name.insert(
            name.clone(),
            json!({"name": name, "description": c["description"], "options": c["options"]}),
        );
    }
    by_name.into_values().collect()
}

/// What a person does on the page.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
enum Action {
    /// Write in the channel: a DM to the bot, or a message in a server channel or thread.
    Say {
        channel: String,
        content: String,
    },
    /// Type a slash command (`name` may hold a subcommand: `desk show`); options as typed.
    Command {
        channel: String,
        name: String,
        options: BTreeMap<String, String>,
    },
    Click {
        channel: String,
        message: String,
        custom_id: String,
    },
    Select {
        channel: String,
        message: String,
        custom_id: String,
        values: Vec<String>,
    },
    Submit {
        custom_id: String,
        fields: BTreeMap<String, String>,
    },
    Close {
        custom_id: String,
    },
}

#[derive(Debug, Deserialize)]
struct Act {
    #[serde(rename = "as")]
    person: String,
    #[serde(flatten)]
    action: Action,
}

/// What Discord's client (or the page) would not let a person do, and why: `400 {"error"}`.
#[derive(Debug)]
struct Refusal(String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, Json(json!({"error": self.0}))).into_response()
    }
}

fn refusal(message: impl Into<String>) -> Refusal {
    Refusal(message.into())
}

fn id(text: &str, what: &str) -> Result<u64, Refusal> {
    parse_id(Some(text)).ok_or_else(|| refusal(format!("{what} {text:?} is not an id")))
}

async fn act(State(app): State<App>, Json(act): Json<Act>) -> Response {
    match perform(&app, act).await {
        Ok(()) => Json(json!({"ok": true})).into_response(),
        Err(refused) => refused.into_response(),
    }
}

async fn perform(app: &App, act: Act) -> Result<(), Refusal> {
    let user = id(&act.person, "person")?;
    if !app.people.iter().any(|p| p.id == user) {
        return Err(refusal("nobody of that id is in the sandbox"));
    }
    let d = app.discord.clone();
    match act.action {
        Action::Say { channel, content } => {
            let channel = id(&channel, "channel")?;
            let content = content.trim().to_owned();
            if content.is_empty() {
                return Err(refusal("write something first"));
            }
            if content.chars().count() > 2000 {
                return Err(refusal("Discord takes at most 2000 characters a message"));
            }
            if d.dm_channel_of(user) == Some(channel) {
                refused(async move { d.dm(user, &content).await }).await?;
            } else {
                refused(async move { d.post(user, channel, &content).await }).await?;
            }
        }
        Action::Command { channel, name, options } => {
            let channel = id(&channel, "channel")?;
            let in_guild = d.dm_channel_of(user) != Some(channel);
            let command =
                name.split_whitespace().next().unwrap_or_default().trim_start_matches('/').to_owned();
            let Some(def) = commands_here(&d, in_guild).into_iter().find(|c| c["name"] == command.as_str())
            else {
                let place = if in_guild { "in the server" } else { "in DMs with the bot" };
                return Err(refusal(format!("/{command} is not a command {place}")));
            };
            let options = typed_options(app, &def, &name, &options).map_err(refusal)?;
            let name = name.trim_start_matches('/').to_owned();
            refused(async move { d.slash_in(user, channel, &name, options).await }).await?;
        }
        Action::Click { channel, message, custom_id } => {
            let (channel, message) = (id(&channel, "channel")?, id(&message, "message")?);
            refused(async move { d.click(user, channel, message, &custom_id).await }).await?;
        }
        Action::Select { channel, message, custom_id, values } => {
            let (channel, message) = (id(&channel, "channel")?, id(&message, "message")?);
            refused(async move {
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                d.select(user, channel, message, &custom_id, &values).await
            })
            .await?;
        }
        Action::Submit { custom_id, fields } => {
            refused(async move {
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                d.submit_modal(user, &custom_id, &fields).await
            })
            .await?;
        }
        Action::Close { custom_id } => d.close_modal(user, &custom_id),
    }
    Ok(())
}

/// Runs one injection into the local Discord; what it refuses (as Discord's client would) comes
/// back as the page's error.
async fn refused<T>(injection: impl Future<Output = T>) -> Result<T, Refusal> {
    AssertUnwindSafe(injection).catch_unwind().await.map_err(|payload| refusal(panic_text(&*payload)))
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "refused".to_owned());
    // The local Discord's refusals may end with a dump of recent requests: the first line says it.
    text.lines().next().unwrap_or_default().to_owned()
}

/// The options as the command defines them: text stays text, numbers and yes/no are parsed, and a
/// member, role or channel may be named (`tom`, `@tom`, `#helpdesk-triage`) or given by id.
fn typed_options(
    app: &App,
    def: &Value,
    name: &str,
    given: &BTreeMap<String, String>,
) -> Result<Value, String> {
    let mut defs = def["options"].as_array().cloned().unwrap_or_default();
    for sub in name.split_whitespace().skip(1) {
        let found =
            defs.iter().find(|o| o["name"] == sub && matches!(o["type"].as_u64(), Some(1 | 2))).cloned();
        let Some(found) = found else {
            return Err(format!("/{} has no subcommand {sub:?}", def["name"].as_str().unwrap_or_default()));
        };
        defs = found["options"].as_array().cloned().unwrap_or_default();
    }
    if defs.iter().any(|o| matches!(o["type"].as_u64(), Some(1 | 2))) {
        let subs: Vec<&str> = defs.iter().filter_map(|o| o["name"].as_str()).collect();
        return Err(format!("/{name} needs one of: {}", subs.join(", ")));
    }
    let mut out = Map::new();
    for (key, text) in given {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let Some(option) = defs.iter().find(|o| o["name"] == key.as_str()) else {
            let known: Vec<&str> = defs.iter().filter_map(|o| o["name"].as_str()).collect();
            return Err(format!("/{name} has no option {key:?} (it has: {})", known.join(", ")));
        };
        let value = match option["type"].as_u64().unwrap_or(3) {
            4 => text.parse::<i64>().map(|n| json!(n)).map_err(|_| format!("{key} takes a whole number"))?,
            10 => text.parse::<f64>().map(|n| json!(n)).map_err(|_| format!("{key} takes a number"))?,
            5 => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" => json!(true),
                "false" | "no" => json!(false),
                _ => return Err(format!("{key} takes yes or no")),
            },
            6..=9 => json!(
                app.named(text)
                    .ok_or_else(|| format!("{key}: nobody and nothing called {text:?}"))?
                    .to_string()
            ),
            _ => json!(text),
        };
        out.insert(key.clone(), value);
    }
    for option in &defs {
        let key = option["name"].as_str().unwrap_or_default();
        if option["required"] == true && !out.contains_key(key) {
            return Err(format!("/{name} needs {key}: type {key}:…"));
        }
        if let (Some(choices), Some(v)) = (option["choices"].as_array(), out.get(key))
            && !choices.is_empty()
            && !choices.iter().any(|c| &c["value"] == v)
        {
            let names: Vec<String> = choices.iter().map(|c| c["value"].to_string()).collect();
            return Err(format!("{key} is one of {}", names.join(", ")));
        }
    }
    Ok(Value::Object(out))
}

impl App {
    /// A member, role or channel by id, name, `@name` or `#name`.
    fn named(&self, text: &str) -> Option<u64> {
        if let Some(id) = parse_id(Some(text.trim_start_matches(['<', '@', '#', '&']).trim_end_matches('>')))
        {
            return Some(id);
        }
        let bare = text.trim_start_matches(['@', '#']);
        self.discord
            .members()
            .into_iter()
            .find(|(_, name, _)| name.eq_ignore_ascii_case(bare))
            .map(|(id, _, _)| id)
            .or_else(|| {
                self.discord.roles().into_iter().find(|(_, n)| n.eq_ignore_ascii_case(bare)).map(|(id, _)| id)
            })
            .or_else(|| {
                self.discord
                    .channels_visible_to(self.ids.bot)
                    .iter()
                    .find(|c| c["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(bare)))
                    .map(id_of)
            })
    }
}
