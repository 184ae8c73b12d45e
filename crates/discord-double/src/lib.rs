//! A local Discord: a test double of Discord's HTTP API (v10) and gateway on 127.0.0.1, which the
//! unmodified serenity client talks to. deskbot's tests run against it, and so does `deskbot sandbox`.
//!
//! ```ignore
//! let (discord, ids) = DiscordDouble::start_typical().await;
//! // the bot's configuration: DISCORD_API_BASE = discord.base_url(), guild ids.guild, triage ids.triage...
//! discord.wait_for_ready().await;                        // the bot identified
//! let ticket = discord.slash(ids.alice, "ticket", json!({"summary": "VPN down"})).await;
//! let modal = ticket.modal().await;                      // the bot answered with a modal
//! let submitted = discord.submit_modal(ids.alice, modal["custom_id"].as_str().unwrap(), &[("details", "...")]).await;
//! let triage = discord.wait_for_message_in(ids.triage, |m| text_of(m).contains("VPN")).await;
//! discord.click_label(ids.tom, ids.triage, id_of(&triage), "Claim").await.response().await;
//! discord.assert_no_violations();
//! ```
//!
//! One axum server on 127.0.0.1 serves `/api/v10/...` and the gateway websocket (`/gateway`).
//! - **Recording**: every request ([`Discord::requests`], [`Discord::requests_matching`],
//!   [`Discord::non_exempt_since`], [`Discord::route_counts_since`]), every gateway frame from the bot,
//!   every dispatch sent ([`Discord::dispatched`]).
//! - **Validation**: every request body against Discord's OpenAPI description
//!   (`discord-api/openapi.json`, compiled in) plus the limits it does not encode (`limits.rs`); the
//!   interaction rules (3 s to answer, one answer, follow-ups after it, which callback types fit which
//!   interaction); calls Discord does not have. A violating request is answered as Discord would (400
//!   50035 / 50006, 40060, 10062, 10015, 404) and recorded in [`Discord::violations`]; end each test
//!   with [`Discord::assert_no_violations`] (dropping the double with unreported violations panics).
//!   Every dispatch the double sends is checked to deserialize into serenity's `GatewayEvent` as a
//!   known event, so no event vanishes silently.
//! - **Rate limits as Discord's** (`ratelimit.rs`), on by default: the global limit of 50 requests
//!   a second ([`Discord::set_global_rate_limit`]) and per-route buckets for posting, editing,
//!   threads and opening DMs ([`Discord::set_route_buckets`], [`Discord::set_route_limit`]), with
//!   Discord's `X-RateLimit-*` headers on every answer of a bucketed route and its 429 bodies (no
//!   `code`). Interaction callbacks and webhook follow-ups are exempt. Counted:
//!   [`Discord::rate_limited_since`], [`Discord::non_exempt_by_kind_since`].
//! - **Exactly once as Discord allows it**: `enforce_nonce` on message creation returns the message
//!   the nonce already made ([`Discord::deduplicated_since`]); a thread on a message that has one is
//!   160004; events delivered twice on purpose ([`Discord::dm_twice`], [`Discord::redeliver_message`],
//!   [`Discord::redeliver_interaction`]), the second answer to an interaction getting 40060.
//! - **Failures on purpose**: [`Discord::fail`], [`Discord::fail_code`], [`Discord::rate_limit`],
//!   [`Discord::close_dms`]; answers held back after the request was served
//!   ([`Discord::delay_answers`]), to kill a client between Discord acting and the client knowing.
//! - **The set-up as Discord reports it** (what `deskbot check` reads): the application's flags
//!   ([`Discord::set_application_flags`]; the Message Content intent is on by default), a token
//!   Discord does not know answered 401 ([`Discord::require_token`]), a channel the bot cannot see
//!   answered 50001 Missing Access; the answers to those GETs are kept in Discord's shapes by the
//!   double's own tests ([`answer_problems`]).
//! - **Injection** (as a member, with that member's roles): [`Discord::slash`], [`Discord::click`],
//!   [`Discord::click_label`], [`Discord::select`], [`Discord::submit_modal`], [`Discord::dm`],
//!   [`Discord::post`]; the interaction handles read the bot's answers ([`InteractionHandle`]).
//! - **Like Discord**: the bot gets MESSAGE_CREATE/UPDATE/DELETE and THREAD_CREATE for what it does
//!   itself, guild messages without content unless it asked for MESSAGE_CONTENT (or is mentioned),
//!   only the events of the intents it asked for ([`Discord::undelivered`] lists the others), and
//!   the first follow-up after a type 5 deferral replaces the loading message.

#![forbid(unsafe_code)]

mod gateway;
mod guild;
mod inject;
mod limits;
mod ratelimit;
mod rest;
mod schema;
mod state;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use regex::Regex;
use serde_json::{Value, json};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub use guild::{ChannelSpec, GuildSpec, MemberSpec, RoleSpec, TYPICAL, Typical, app_flags, perm};
pub use inject::{
    InteractionHandle, MessageHandle, buttons_of, channel_of, custom_id_by_label, id_of, public_key_hex,
    text_of,
};
pub use limits::Problem;
pub use ratelimit::{BucketLimit, Limited, RateLimited, RouteKind, rate_limit_body};
pub use state::{
    GLOBAL_RATE_LIMIT, GatewayFrame, InteractionRec, NONCE_WINDOW, RecordedRequest, Times, Violation,
};

use state::{DelayRule, FailRule, Outgoing, State};

pub(crate) struct Inner {
    state: Mutex<State>,
    notify: Notify,
    timeout: Mutex<Duration>,
    /// Waits poll instead of waking on every change (see [`Discord::set_polling`]).
    polling: std::sync::atomic::AtomicBool,
}

impl Inner {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn changed(&self) {
        self.notify.notify_waiters();
    }

    fn timeout(&self) -> Duration {
        *self.timeout.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The local Discord, owning its server. Everything else is on [`Discord`], which it derefs to.
/// Dropping it stops the server and closes the gateway connections; a test that ends with
/// unreported violations fails there (call [`Discord::assert_no_violations`] or
/// [`Discord::take_violations`]).
pub struct DiscordDouble {
    view: Discord,
    server: JoinHandle<()>,
}

/// A handle on the local Discord (cheap to clone, e.g. into spawned tasks): state, injection,
/// recording, failures, waiting.
#[derive(Clone)]
pub struct Discord {
    inner: Arc<Inner>,
    base_url: String,
}

impl std::ops::Deref for DiscordDouble {
    type Target = Discord;

    fn deref(&self) -> &Discord {
        &self.view
    }
}

/// The body of a Discord error: `{"message", "code"}` with the usual HTTP status for that code.
pub fn discord_error(code: u64) -> (u16, Value) {
    let (status, message) = match code {
        10003 => (404, "Unknown Channel"),
        10004 => (404, "Unknown Guild"),
        10007 => (404, "Unknown Member"),
        10008 => (404, "Unknown Message"),
        10013 => (404, "Unknown User"),
        10015 => (404, "Unknown Webhook"),
        10062 => (404, "Unknown interaction"),
        10063 => (404, "Unknown application command"),
        40003 => (429, "You are opening direct messages too fast"),
        40060 => (400, "Interaction has already been acknowledged."),
        50001 => (403, "Missing Access"),
        50006 => (400, "Cannot send an empty message"),
        50007 => (403, "Cannot send messages to this user"),
        50013 => (403, "Missing Permissions"),
        50035 => (400, "Invalid Form Body"),
        50083 => (400, "Thread is archived"),
        160004 => (400, "A thread has already been created for this message"),
        160006 => (400, "Maximum number of active threads reached"),
        0 => (500, "500: Internal Server Error"),
        _ => (400, "Error"),
    };
    (status, json!({"message": message, "code": code}))
}

/// What Discord's description says is wrong with the double's answer `body` to `GET`/`PUT`… `path`
/// (without `/api/v10`): the double's own tests keep its answers in Discord's shapes with this.
pub fn answer_problems(method: &str, path: &str, body: &Value) -> Vec<Problem> {
    match schema::route_of(path) {
        Some(template) => schema::check_response(method, template, body),
        None => vec![Problem::new("", "ROUTE", format!("{method} {path} is not in Discord's description"))],
    }
}

impl DiscordDouble {
    /// Starts the double with this guild on 127.0.0.1 (a free port).
    pub async fn start(spec: GuildSpec) -> Self {
        Self::try_start(spec).await.expect("the local Discord starts on 127.0.0.1")
    }

    /// [`DiscordDouble::start`], with the reason when it cannot listen on 127.0.0.1.
    pub async fn try_start(spec: GuildSpec) -> std::io::Result<Self> {
        // Reading and registering Discord's description is the expensive part: once per process.
        tokio::task::spawn_blocking(schema::warm_up).await.map_err(std::io::Error::other)?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let base_url = format!("http://127.0.0.1:{port}");
        let ws_url = format!("ws://127.0.0.1:{port}/gateway");
        let inner = Arc::new(Inner {
            state: Mutex::new(State::from_spec(&spec, ws_url)),
            notify: Notify::new(),
            timeout: Mutex::new(Duration::from_secs(5)),
            polling: std::sync::atomic::AtomicBool::new(false),
        });
        let app = rest::router(Arc::clone(&inner));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("the double's server");
        });
        Ok(Self { view: Discord { inner, base_url }, server })
    }

    /// Starts the double with the typical help-desk guild ([`Typical::spec`]) and returns its ids.
    pub async fn start_typical() -> (Self, Typical) {
        (Self::start(Typical::spec()).await, TYPICAL)
    }

    /// A clonable handle (the same as `*double`).
    pub fn handle(&self) -> Discord {
        self.view.clone()
    }
}

impl Discord {
    /// What `DISCORD_API_BASE` must be: `http://127.0.0.1:PORT` (serenity's `HttpBuilder::proxy`).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn gateway_url(&self) -> String {
        self.inner.state().ws_url.clone()
    }

    pub fn application_id(&self) -> u64 {
        self.inner.state().app_id
    }

    pub fn bot_id(&self) -> u64 {
        self.inner.state().bot_id
    }

    pub fn guild_id(&self) -> u64 {
        self.inner.state().guild_id
    }

    /// A serenity `Http` pointed at the double (proxy, rate limiter off, application id set).
    pub fn serenity_http(&self) -> Arc<serenity::http::Http> {
        let http = serenity::http::HttpBuilder::new("Bot double-token")
            .proxy(self.base_url())
            .ratelimiter_disabled(true)
            .application_id(serenity::model::id::ApplicationId::new(self.application_id()))
            .build();
        Arc::new(http)
    }

    // ----- settings -----

    /// How long `wait_for` and the injection helpers wait (default 5 s).
    pub fn set_timeout(&self, timeout: Duration) {
        *self.inner.timeout.lock().unwrap_or_else(PoisonError::into_inner) = timeout;
    }

    /// Every wait looks every 50 ms instead of waking on each change. Hundreds of simulated people
    /// each waiting for their own answer, woken by each of thousands of changes, would starve the
    /// bot they measure of the machine's cores.
    pub fn set_polling(&self, on: bool) {
        self.inner.polling.store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Interactions answered later than this get 10062 and a violation (default 3 s, as Discord).
    pub fn set_interaction_deadline(&self, deadline: Duration) {
        self.inner.state().settings.interaction_deadline = deadline;
    }

    /// Whether the bot gets gateway events for its own messages and threads (default on, as Discord).
    pub fn set_echo_own_events(&self, on: bool) {
        self.inner.state().settings.echo_own = on;
    }

    /// Whether guild messages reach the bot without content unless it asked for MESSAGE_CONTENT
    /// (default on, as Discord).
    pub fn set_message_content_enforced(&self, on: bool) {
        self.inner.state().settings.content_intent_enforced = on;
    }

    /// The heartbeat interval HELLO announces to new connections (default 41.25 s, as Discord).
    pub fn set_heartbeat_interval(&self, interval: Duration) {
        self.inner.state().settings.heartbeat_interval =
            u64::try_from(interval.as_millis()).unwrap_or(u64::MAX);
    }

    /// Answer 429 (global) past `per_second` non-exempt requests in one second; `None` turns the
    /// global limit off. Default: Discord's 50 ([`GLOBAL_RATE_LIMIT`]).
    pub fn set_global_rate_limit(&self, per_second: Option<usize>) {
        self.inner.state().settings.global_rate_limit = per_second;
    }

    /// Whether the per-route buckets are enforced (default on, as Discord). Off, their routes get
    /// neither the `X-RateLimit-*` headers nor bucket 429s; the global limit is set apart.
    pub fn set_route_buckets(&self, on: bool) {
        self.inner.state().buckets.enabled = on;
    }

    /// Resizes the bucket of a route kind: `limit` requests a window of `per` (defaults: 5 per 5 s
    /// for posting, editing and opening DMs, 10 per 10 s for threads). Panics for a kind without a
    /// bucket ([`RouteKind::Other`], [`RouteKind::Interaction`]).
    pub fn set_route_limit(&self, kind: RouteKind, limit: u32, per: Duration) {
        self.inner.state().buckets.set_limit(kind, BucketLimit { limit, per });
    }

    /// The size of a route kind's bucket, if it has one.
    pub fn route_limit(&self, kind: RouteKind) -> Option<BucketLimit> {
        self.inner.state().buckets.limit(kind)
    }

    /// The application's flags from now on (`GET /applications/@me`, and READY of new sessions):
    /// e.g. `0` for a bot whose owner never turned the Message Content intent on.
    pub fn set_application_flags(&self, flags: u64) {
        self.inner.state().app_flags = flags;
    }

    /// From now on only `token` is accepted, as Discord does: an HTTP request without
    /// `Authorization: Bot <token>` is answered 401 (`{"message": "401: Unauthorized", "code": 0}`).
    /// By default any token is accepted.
    pub fn require_token(&self, token: &str) {
        self.inner.state().accepted_token = Some(token.to_owned());
    }

    /// How long a nonce makes a later `enforce_nonce` creation by the same author return the first
    /// message (default 5 minutes, [`NONCE_WINDOW`]); shorten it to test what comes after.
    pub fn set_nonce_window(&self, window: Duration) {
        self.inner.state().settings.nonce_window = window;
    }

    // ----- the world -----

    /// Adds a member (a new user) with these roles and returns the user id.
    pub fn add_member(&self, name: &str, roles: &[u64]) -> u64 {
        let mut st = self.inner.state();
        let id = st.next_id();
        st.users.insert(id, state::UserRec { id, name: name.to_owned(), bot: false });
        st.members
            .insert(id, state::MemberRec { user: id, roles: roles.to_vec(), joined_at: state::now_iso() });
        let member = st.member_json(id, true).unwrap_or(Value::Null);
        let mut d = member;
        d["guild_id"] = state::id_str(st.guild_id);
        st.dispatch("GUILD_MEMBER_ADD", d, Some(state::INTENT_GUILD_MEMBERS));
        drop(st);
        self.inner.changed();
        id
    }

    /// Replaces a member's roles (the next interaction carries them).
    pub fn set_roles(&self, user: u64, roles: &[u64]) {
        let mut st = self.inner.state();
        let m = st.members.get_mut(&user).unwrap_or_else(|| panic!("user {user} is not a member"));
        m.roles = roles.to_vec();
        let mut d = st.member_json(user, true).unwrap_or(Value::Null);
        d["guild_id"] = state::id_str(st.guild_id);
        st.dispatch("GUILD_MEMBER_UPDATE", d, Some(state::INTENT_GUILD_MEMBERS));
        drop(st);
        self.inner.changed();
    }

    /// The user closed their DMs: the bot's messages to their DM channel get 50007.
    pub fn close_dms(&self, user: u64) {
        self.inner.state().closed_dms.insert(user);
    }

    pub fn open_dms(&self, user: u64) {
        self.inner.state().closed_dms.remove(&user);
    }

    /// The user's Discord client speaks `locale` (e.g. `es-ES`): their interactions carry it.
    pub fn set_locale(&self, user: u64, locale: &str) {
        self.inner.state().locales.insert(user, locale.to_owned());
    }

    /// A moderator deletes a message (MESSAGE_DELETE to the bot).
    pub fn delete_message(&self, channel: u64, message: u64) {
        let mut st = self.inner.state();
        if let Some(m) = st.messages.get_mut(&message).filter(|m| m.channel_id == channel) {
            m.deleted = true;
        } else {
            panic!("no message {message} in channel {channel}");
        }
        st.echo_delete(channel, message, true);
        drop(st);
        self.inner.changed();
    }

    // ----- failures -----

    /// Answers the next `times` requests whose method is `method` (or `"*"`) and whose path (without
    /// `/api/v10`) matches `path_regex` with `status` and `body`, before the request is served (it
    /// changes nothing). A 429 gets `Retry-After` from the body's `retry_after`. Returns the rule id.
    pub fn fail(
        &self,
        method: &str,
        path_regex: &str,
        times: impl Into<Times>,
        status: u16,
        body: Value,
    ) -> u64 {
        let mut st = self.inner.state();
        let id = st.small_counter();
        let path = Regex::new(path_regex).unwrap_or_else(|e| panic!("bad path regex {path_regex}: {e}"));
        st.failures.push(FailRule {
            id,
            method: method.to_ascii_uppercase(),
            path,
            remaining: times.into(),
            status,
            body,
            hits: 0,
        });
        id
    }

    /// Like [`DiscordDouble::fail`] with a Discord error code (50007, 10008, 10003, 40060, 0 = 500…).
    pub fn fail_code(&self, method: &str, path_regex: &str, times: impl Into<Times>, code: u64) -> u64 {
        let (status, body) = discord_error(code);
        self.fail(method, path_regex, times, status, body)
    }

    /// 429 with `{"message","retry_after","global":false}` and `Retry-After`.
    pub fn rate_limit(
        &self,
        method: &str,
        path_regex: &str,
        times: impl Into<Times>,
        retry_after_secs: f64,
    ) -> u64 {
        self.fail(method, path_regex, times, 429, rate_limit_body(retry_after_secs, false))
    }

    /// How many requests a failure rule answered.
    pub fn failure_hits(&self, rule: u64) -> u32 {
        self.inner.state().failures.iter().find(|f| f.id == rule).map_or(0, |f| f.hits)
    }

    pub fn clear_failures(&self) {
        self.inner.state().failures.clear();
    }

    /// Serves requests with this method (or `"*"`) whose path matches `path_regex` (with or without
    /// `/api/v10`) at once, as Discord would, and holds their answers back for `delay`: the message
    /// exists and the bot got its MESSAGE_CREATE while the request still waits. A bot killed in
    /// that window retries what Discord already did.
    pub fn delay_answers(&self, method: &str, path_regex: &str, delay: Duration) {
        let path = Regex::new(path_regex).unwrap_or_else(|e| panic!("bad path regex {path_regex}: {e}"));
        self.inner.state().delays.push(DelayRule { method: method.to_ascii_uppercase(), path, delay });
    }

    /// Answers every request at once again.
    pub fn clear_answer_delays(&self) {
        self.inner.state().delays.clear();
    }

    // ----- recording -----

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.state().requests.clone()
    }

    /// Requests with this method (or `"*"`) whose path (without `/api/v10`) matches `path_regex`.
    pub fn requests_matching(&self, method: &str, path_regex: &str) -> Vec<RecordedRequest> {
        let re = Regex::new(path_regex).unwrap_or_else(|e| panic!("bad path regex {path_regex}: {e}"));
        self.inner
            .state()
            .requests
            .iter()
            .filter(|r| (method == "*" || r.method.eq_ignore_ascii_case(method)) && re.is_match(&r.path))
            .cloned()
            .collect()
    }

    /// The number of requests so far, to measure what comes after with `*_since`.
    pub fn mark(&self) -> usize {
        self.inner.state().requests.len()
    }

    pub fn requests_since(&self, mark: usize) -> Vec<RecordedRequest> {
        self.inner.state().requests.iter().skip(mark).cloned().collect()
    }

    /// Requests that count against Discord's global limit (all but interaction callbacks).
    pub fn non_exempt_count(&self) -> usize {
        self.inner.state().requests.iter().filter(|r| !r.is_exempt()).count()
    }

    /// `("POST /channels/{channel_id}/messages", n)` for the requests since `mark`, most frequent
    /// first: what a flow cost, by route.
    pub fn route_counts_since(&self, mark: usize) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for r in self.inner.state().requests.iter().skip(mark) {
            let key = format!("{} {}", r.method, r.route.as_deref().unwrap_or(&r.path));
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    }

    pub fn non_exempt_since(&self, mark: usize) -> usize {
        self.inner.state().requests.iter().skip(mark).filter(|r| !r.is_exempt()).count()
    }

    /// The requests since `mark` that count against the global limit, by route kind (kinds with
    /// none are left out; 429s count, as Discord counts them): what a ticket cost in posts, edits,
    /// threads and DM channels.
    pub fn non_exempt_by_kind_since(&self, mark: usize) -> BTreeMap<RouteKind, usize> {
        let mut counts = BTreeMap::new();
        for r in self.inner.state().requests.iter().skip(mark).filter(|r| !r.is_exempt()) {
            *counts.entry(r.kind.unwrap_or(RouteKind::Other)).or_insert(0) += 1;
        }
        counts
    }

    /// How many requests since `mark` were answered 429: past the global limit, past a route's
    /// bucket, or injected by the test. `rate_limited_since(mark).total() == 0` is "the bot was
    /// never throttled".
    pub fn rate_limited_since(&self, mark: usize) -> RateLimited {
        self.inner.state().rate_limited_since(mark)
    }

    /// [`Discord::rate_limited_since`] the start.
    pub fn rate_limited(&self) -> RateLimited {
        self.rate_limited_since(0)
    }

    /// How many message creations since `mark` were answered with the message their nonce had
    /// already made (`enforce_nonce`), creating nothing.
    pub fn deduplicated_since(&self, mark: usize) -> usize {
        self.inner.state().requests.iter().skip(mark).filter(|r| r.deduplicated).count()
    }

    /// [`Discord::deduplicated_since`] the start.
    pub fn deduplicated(&self) -> usize {
        self.deduplicated_since(0)
    }

    pub fn violations(&self) -> Vec<Violation> {
        self.inner.state().violations.clone()
    }

    /// Returns and forgets the violations so far (for tests that provoke them on purpose).
    pub fn take_violations(&self) -> Vec<Violation> {
        std::mem::take(&mut self.inner.state().violations)
    }

    /// Panics, listing them, if the bot broke any of Discord's rules.
    pub fn assert_no_violations(&self) {
        let violations = self.violations();
        if !violations.is_empty() {
            let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
            panic!(
                "the bot broke Discord's rules {} time(s):\n  {}\n{}",
                list.len(),
                list.join("\n  "),
                self.dump()
            );
        }
    }

    /// Every frame the bot sent on the gateway (IDENTIFY with its token redacted).
    pub fn gateway_frames(&self) -> Vec<GatewayFrame> {
        self.inner.state().gateway_log.clone()
    }

    /// Gateway frames the double did not expect (unknown opcodes, bad JSON, out of order).
    pub fn unexpected_gateway_frames(&self) -> Vec<GatewayFrame> {
        self.inner.state().gateway_log.iter().filter(|f| f.unexpected.is_some()).cloned().collect()
    }

    /// The last IDENTIFY payload (`d`, token redacted).
    pub fn identify(&self) -> Option<Value> {
        self.inner.state().gateway_log.iter().rev().find(|f| f.frame["op"] == 2).map(|f| f.frame["d"].clone())
    }

    /// Every dispatch frame (`{"op":0,"s","t","d"}`) the double sent, in order.
    pub fn dispatched(&self) -> Vec<Value> {
        self.inner.state().dispatched.clone()
    }

    /// Events the bot did not get (no session, or not in its intents).
    pub fn undelivered(&self) -> Vec<String> {
        self.inner.state().undelivered.clone()
    }

    /// The recent requests and the violations, for failure messages.
    pub fn dump(&self) -> String {
        let st = self.inner.state();
        let recent: Vec<String> = st.requests.iter().rev().take(40).rev().map(ToString::to_string).collect();
        let mut out =
            format!("--- last {} of {} requests to the Discord double:\n", recent.len(), st.requests.len());
        for r in recent {
            out.push_str(&format!("  {r}\n"));
        }
        if !st.violations.is_empty() {
            out.push_str(&format!("--- {} violation(s):\n", st.violations.len()));
            for v in &st.violations {
                out.push_str(&format!("  {v}\n"));
            }
        }
        if !st.undelivered.is_empty() {
            out.push_str(&format!("--- undelivered events: {:?}\n", st.undelivered));
        }
        out
    }

    // ----- state -----

    /// Messages of a channel (or thread, or DM channel), oldest first, without deleted and ephemeral ones.
    pub fn messages_in(&self, channel: u64) -> Vec<Value> {
        self.inner.state().channel_message_list(channel, false)
    }

    /// Like [`DiscordDouble::messages_in`], with ephemeral messages.
    pub fn all_messages_in(&self, channel: u64) -> Vec<Value> {
        self.inner.state().channel_message_list(channel, true)
    }

    pub fn latest_message_in(&self, channel: u64) -> Option<Value> {
        self.messages_in(channel).pop()
    }

    /// A message by id (deleted ones too; see `"deleted"`-less state with [`DiscordDouble::is_deleted`]).
    pub fn message(&self, id: u64) -> Option<Value> {
        self.inner.state().messages.get(&id).map(|m| m.json.clone())
    }

    /// Replaces what a stored message looks like (e.g. an old message whose buttons point at a
    /// ticket that no longer exists). The bot is not told: Discord keeps old messages as they were.
    pub fn replace_message(&self, json: Value) {
        let id = inject::id_of(&json);
        let mut st = self.inner.state();
        let m = st.messages.get_mut(&id).unwrap_or_else(|| panic!("no message {id}"));
        m.json = json;
        drop(st);
        self.inner.changed();
    }

    pub fn is_deleted(&self, id: u64) -> bool {
        self.inner.state().messages.get(&id).is_some_and(|m| m.deleted)
    }

    /// What the bot sent `user` in their DM channel, oldest first.
    pub fn dms_to(&self, user: u64) -> Vec<Value> {
        let st = self.inner.state();
        let Some(&channel) = st.dm_channels.get(&user) else { return Vec::new() };
        let bot = state::id_str(st.bot_id);
        st.channel_message_list(channel, true).into_iter().filter(|m| m["author"]["id"] == bot).collect()
    }

    pub fn dm_channel_of(&self, user: u64) -> Option<u64> {
        self.inner.state().dm_channels.get(&user).copied()
    }

    /// The thread started on a message.
    pub fn thread_of(&self, message: u64) -> Option<Value> {
        let st = self.inner.state();
        st.channels.values().find(|c| c.starter_message == Some(message)).and_then(|c| st.channel_json(c.id))
    }

    /// The threads whose parent is `channel`.
    pub fn threads_in(&self, channel: u64) -> Vec<Value> {
        let st = self.inner.state();
        st.channels
            .values()
            .filter(|c| c.is_thread() && c.parent_id == Some(channel))
            .filter_map(|c| st.channel_json(c.id))
            .collect()
    }

    pub fn channel(&self, id: u64) -> Option<Value> {
        self.inner.state().channel_json(id)
    }

    /// The registered commands (guild and global).
    pub fn commands(&self) -> Vec<Value> {
        self.inner.state().commands.iter().map(|c| c.json.clone()).collect()
    }

    /// The chat-input command `name` users of the guild see.
    pub fn command(&self, name: &str) -> Option<Value> {
        self.inner.state().find_command(name, true).map(|c| c.json.clone())
    }

    pub fn interaction(&self, id: u64) -> Option<InteractionRec> {
        self.inner.state().interactions.get(&id).cloned()
    }

    /// How long the bot took to answer each interaction of `users` that it answered (from the
    /// interaction's dispatch to its first accepted callback), in the order they were sent.
    pub fn answer_times_of(&self, users: &[u64]) -> Vec<Duration> {
        let st = self.inner.state();
        let mut answered: Vec<(std::time::Instant, Duration)> = st
            .interactions
            .values()
            .filter(|r| users.contains(&r.user))
            .filter_map(|r| r.answered.map(|a| (r.created, a.saturating_duration_since(r.created))))
            .collect();
        answered.sort_by_key(|(created, _)| *created);
        answered.into_iter().map(|(_, took)| took).collect()
    }

    /// Members' user ids with a role.
    pub fn members_with_role(&self, role: u64) -> Vec<u64> {
        self.inner.state().members.values().filter(|m| m.roles.contains(&role)).map(|m| m.user).collect()
    }

    // ----- what a person sees (as Discord's client shows it) -----

    /// The channels `user` reads: their DM channel with the bot (once it exists), then the guild's
    /// text channels they can see, each followed by its threads they can see (newest first).
    pub fn channels_visible_to(&self, user: u64) -> Vec<Value> {
        let st = self.inner.state();
        let mut out = Vec::new();
        if let Some(dm) = st.dm_channels.get(&user).and_then(|&c| st.channel_json(c)) {
            out.push(dm);
        }
        let mut texts: Vec<&state::ChannelRec> =
            st.channels.values().filter(|c| c.guild && c.kind == 0 && st.can_view(user, c.id)).collect();
        texts.sort_by_key(|c| (c.position, c.id));
        for text in texts {
            out.extend(st.channel_json(text.id));
            let mut threads: Vec<&state::ChannelRec> = st
                .channels
                .values()
                .filter(|c| c.is_thread() && c.parent_id == Some(text.id) && st.can_view(user, c.id))
                .collect();
            threads.sort_by_key(|c| std::cmp::Reverse(c.id));
            out.extend(threads.into_iter().filter_map(|c| st.channel_json(c.id)));
        }
        out
    }

    /// The messages of a channel as `user` sees them, oldest first: ephemeral ones only when they
    /// are shown to `user`.
    pub fn messages_seen_by(&self, channel: u64, user: u64) -> Vec<Value> {
        let st = self.inner.state();
        st.channel_messages
            .get(&channel)
            .into_iter()
            .flatten()
            .filter_map(|id| st.messages.get(id))
            .filter(|m| !m.deleted && m.ephemeral_for.is_none_or(|only| only == user))
            .map(|m| m.json.clone())
            .collect()
    }

    /// The modal the bot showed `user` last, while it is open (not submitted, not closed).
    pub fn open_modal(&self, user: u64) -> Option<Value> {
        let st = self.inner.state();
        st.interactions
            .values()
            .filter(|r| r.user == user && !r.modal_submitted)
            .filter_map(|r| r.modal.as_ref().map(|m| (r.id, m)))
            .max_by_key(|(id, _)| *id)
            .map(|(_, m)| m.clone())
    }

    /// `user` closes the modal `custom_id` without submitting it (the bot is told nothing, as on
    /// Discord).
    pub fn close_modal(&self, user: u64, custom_id: &str) {
        let mut st = self.inner.state();
        for r in st.interactions.values_mut() {
            if r.user == user && r.modal.as_ref().is_some_and(|m| m["custom_id"] == custom_id) {
                r.modal_submitted = true;
            }
        }
        drop(st);
        self.inner.changed();
    }

    /// The members of the guild: `(user id, name, role ids)`, bots included, by id.
    pub fn members(&self) -> Vec<(u64, String, Vec<u64>)> {
        let st = self.inner.state();
        st.members
            .values()
            .map(|m| {
                let name = st.users.get(&m.user).map_or_else(String::new, |u| u.name.clone());
                (m.user, name, m.roles.clone())
            })
            .collect()
    }

    /// The guild's roles: `(id, name)`.
    pub fn roles(&self) -> Vec<(u64, String)> {
        self.inner.state().roles.iter().map(|r| (r.id, r.name.clone())).collect()
    }

    // ----- waiting -----

    /// Waits (default 5 s) until `f` returns `Some`, re-checking on every change and every 50 ms;
    /// panics with `what` and a dump of recent requests on timeout.
    pub async fn wait_for<T>(&self, what: &str, f: impl FnMut(&Self) -> Option<T>) -> T {
        self.wait_for_within(what, self.inner.timeout(), f).await
    }

    pub async fn wait_for_within<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut f: impl FnMut(&Self) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.notify.notified();
            if let Some(v) = f(self) {
                return v;
            }
            if tokio::time::Instant::now() >= deadline {
                panic!("timed out after {timeout:?} waiting for {what}\n{}", self.dump());
            }
            if self.inner.polling.load(std::sync::atomic::Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            tokio::select! {
                () = notified => {},
                () = tokio::time::sleep(Duration::from_millis(50)) => {},
            }
        }
    }

    pub async fn wait_until(&self, what: &str, mut f: impl FnMut(&Self) -> bool) {
        self.wait_for(what, |d| f(d).then_some(())).await;
    }

    /// How many gateway sessions are connected now.
    pub fn live_sessions(&self) -> usize {
        self.inner.state().live_sessions()
    }

    /// Waits until a bot is connected to the gateway and got READY.
    pub async fn wait_for_ready(&self) {
        self.wait_until("a gateway session (the bot's IDENTIFY)", |d| d.inner.state().live_sessions() > 0)
            .await;
    }

    /// Waits until these chat-input commands are registered (guild or global).
    pub async fn wait_for_commands(&self, names: &[&str]) {
        self.wait_until(&format!("commands {names:?} to be registered"), |d| {
            let st = d.inner.state();
            names.iter().all(|n| st.find_command(n, true).is_some())
        })
        .await;
    }

    /// Waits for a message in `channel` (not ephemeral) satisfying `pred`; returns the latest such.
    pub async fn wait_for_message_in(&self, channel: u64, mut pred: impl FnMut(&Value) -> bool) -> Value {
        self.wait_for(&format!("a matching message in channel {channel}"), |d| {
            d.messages_in(channel).into_iter().rev().find(|m| pred(m))
        })
        .await
    }

    /// Waits for a DM from the bot to `user` satisfying `pred`; returns the latest such.
    pub async fn wait_for_dm(&self, user: u64, mut pred: impl FnMut(&Value) -> bool) -> Value {
        self.wait_for(&format!("a matching DM to user {user}"), |d| {
            d.dms_to(user).into_iter().rev().find(|m| pred(m))
        })
        .await
    }

    /// Waits until at least `n` requests matching method and path exist; returns them.
    pub async fn wait_for_requests(&self, method: &str, path_regex: &str, n: usize) -> Vec<RecordedRequest> {
        self.wait_for(&format!("{n} request(s) {method} {path_regex}"), |d| {
            let found = d.requests_matching(method, path_regex);
            (found.len() >= n).then_some(found)
        })
        .await
    }

    // ----- gateway control -----

    /// Closes every gateway connection with `code` (4000 lets serenity resume; 1000 is a clean close).
    pub fn disconnect(&self, code: u16) {
        let st = self.inner.state();
        for conn in st.conns.values() {
            let _ = conn.tx.send(Outgoing::Close(code, "closed by the test".to_owned()));
        }
    }
}

impl Drop for DiscordDouble {
    fn drop(&mut self) {
        self.disconnect(1001);
        self.server.abort();
        if !std::thread::panicking() {
            let violations = self.inner.state().violations.clone();
            if !violations.is_empty() {
                let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
                panic!(
                    "the Discord double saw {} unreported violation(s) (call assert_no_violations or take_violations):\n  {}",
                    list.len(),
                    list.join("\n  ")
                );
            }
        }
    }
}
