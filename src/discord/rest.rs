//! Every request deskbot makes to Discord that counts against its rate limits — posting and editing
//! messages, DMs, opening DM channels, threads — goes through [`Rest`], one client with one pacer, in
//! production and against a local Discord alike (serenity's own limiter cannot be pointed at a
//! local Discord, so it is off everywhere and never the tested-only or production-only path).
//! Interaction answers and follow-ups, which Discord exempts from the limits, stay with serenity.
//!
//! The pacer keeps the bot under Discord's limits instead of discovering them:
//! - **global**: at most [`GLOBAL_PER_SECOND`] requests in any one-second window (Discord allows
//!   50; the rest is headroom), and a global 429 pauses everyone for its `retry_after`;
//! - **per route**: each route (method, path shape and its channel) follows the bucket Discord
//!   announces in `X-RateLimit-Bucket`, `-Remaining` and `-Reset-After`; a request waits for its
//!   bucket to reset rather than earn a 429 (posting in one channel is limited to about 5 messages
//!   per 5 s). Until a route's first answer tells its bucket, its requests go one at a time.
//!
//! A 429 is read from the body (`retry_after`, `global`) or the `Retry-After` header — Discord's
//! global 429 has no `code`, so it is read here rather than through serenity's error type — and
//! the request is retried after it, a few times, before it is handed back as [`RestError`].

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::time::Instant;

use super::pace::Window;

/// Requests a second the bot allows itself in all: Discord allows 50 and counts them when they
/// arrive; spaced evenly (see [`super::pace`]), a tenth is left for the jitter between sending and
/// arriving.
pub const GLOBAL_PER_SECOND: usize = 45;

/// 429s waited out and retried before the request is handed back as rate limited.
const RETRIES_AFTER_429: u32 = 4;
/// How long one request may take before it counts as failed (and is retried by its caller).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// How long to wait for the answers of a bucket's last window when all of it is still on its way.
const STRAGGLER_WAIT: Duration = Duration::from_millis(50);
/// The wait after a 429 that says nothing about how long.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Discord's error code for "Cannot send messages to this user" (DMs closed).
pub const CANNOT_DM_USER: i64 = 50007;
/// "Unknown Channel": a deleted channel or thread.
pub const UNKNOWN_CHANNEL: i64 = 10003;
/// "Unknown Message": a deleted message.
pub const UNKNOWN_MESSAGE: i64 = 10008;
/// "A thread has already been created for this message": the thread exists, and has the
/// message's id.
pub const THREAD_ALREADY_CREATED: i64 = 160004;

/// Why a request did not succeed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RestError {
    /// Discord answered with an error.
    #[error("Discord answered {status} (code {}): {message}", code.map_or("none".to_owned(), |c| c.to_string()))]
    Discord { status: u16, code: Option<i64>, message: String },
    /// Still rate limited after waiting out several 429s.
    #[error("still rate limited after {RETRIES_AFTER_429} waits; next try in {retry_after:?}")]
    RateLimited { retry_after: Duration },
    /// No answer (connection refused, reset, timed out).
    #[error("no answer from Discord: {0}")]
    Transport(String),
    /// An answer that could not be read.
    #[error("unreadable answer from Discord: {0}")]
    Decode(String),
    /// A request body that could not be written as JSON (never sent).
    #[error("the message cannot be encoded: {0}")]
    Encode(String),
}

impl RestError {
    /// Discord's JSON error code, when it gave one.
    pub fn code(&self) -> Option<i64> {
        match self {
            RestError::Discord { code, .. } => *code,
            _ => None,
        }
    }

    /// Worth trying again later: rate limits, Discord's own failures, no answer.
    pub fn is_transient(&self) -> bool {
        match self {
            RestError::Discord { status, .. } => *status == 429 || *status >= 500,
            RestError::RateLimited { .. } | RestError::Transport(_) => true,
            RestError::Decode(_) | RestError::Encode(_) => false,
        }
    }
}

/// What [`Rest`] has done so far, for logs, metrics and the benchmark.
#[derive(Debug, Default)]
pub struct RestStats {
    requests: AtomicU64,
    rate_limited: AtomicU64,
    waited_for_bucket: AtomicU64,
}

impl RestStats {
    /// Requests sent (each retry counts).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// 429s received.
    pub fn rate_limited(&self) -> u64 {
        self.rate_limited.load(Ordering::Relaxed)
    }

    /// Requests that waited for their route's bucket to reset.
    pub fn waited_for_bucket(&self) -> u64 {
        self.waited_for_bucket.load(Ordering::Relaxed)
    }
}

/// A created message, thread or channel: all deskbot keeps of Discord's answer is the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created {
    pub id: u64,
}

/// A request's JSON body, encoded when the request is made. A request may wait its turn for seconds
/// (in a burst, for the global limit and its channel's bucket) and hundreds may wait at once: each
/// holds these bytes, not the builder or the tree of values it came from.
struct Json(Vec<u8>);

impl Json {
    /// `value` as JSON; `value` is dropped here, before the request waits.
    fn of(value: impl Serialize) -> Result<Json, RestError> {
        serde_json::to_vec(&value).map(Json).map_err(|e| RestError::Encode(e.to_string()))
    }

    /// A new message, with `nonce` and `enforce_nonce` when there is a nonce (in place of any the
    /// message has: serenity's builder always writes `enforce_nonce`).
    fn message(message: impl Serialize, nonce: Option<&str>) -> Result<Json, RestError> {
        let Some(nonce) = nonce else { return Json::of(message) };
        let mut value = serde_json::to_value(message).map_err(|e| RestError::Encode(e.to_string()))?;
        if let Value::Object(fields) = &mut value {
            fields.insert("nonce".into(), Value::String(nonce.to_owned()));
            fields.insert("enforce_nonce".into(), Value::Bool(true));
        }
        Json::of(value)
    }
}

#[derive(Deserialize)]
struct IdOnly {
    id: serde_json::Value,
}

fn id_of(body: &[u8]) -> Result<Created, RestError> {
    let parsed: IdOnly = serde_json::from_slice(body).map_err(|e| RestError::Decode(e.to_string()))?;
    let id = match &parsed.id {
        Value::String(s) => s.parse::<u64>().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    };
    id.map(|id| Created { id }).ok_or_else(|| RestError::Decode(format!("id {}", parsed.id)))
}

/// One route's bucket as Discord last described it.
#[derive(Debug, Default)]
struct Bucket {
    /// Requests left in the current window (`None` until Discord has said).
    remaining: Option<u32>,
    /// When the window resets.
    reset_at: Option<Instant>,
    /// The window's size, as Discord said (`X-RateLimit-Limit`).
    limit: Option<u32>,
    /// Requests counted against this bucket that have not been answered yet: they may still land
    /// in the next window, so it starts with that many fewer.
    in_flight: u32,
}

/// One route's bucket, and the queue of the requests waiting for it.
#[derive(Default)]
struct RouteLimit {
    bucket: tokio::sync::Mutex<Bucket>,
    turn: tokio::sync::Mutex<()>,
    /// Requests of each window kept for urgent ones (see [`Rest::keep_for_summary`]): requests that
    /// spare them treat the bucket as empty when no more than this many are left.
    reserve: std::sync::atomic::AtomicU32,
}

/// The rate-limited Discord client: base URL, token, one global window and the routes' buckets.
pub struct Rest {
    client: reqwest::Client,
    /// e.g. `https://discord.com/api/v10`.
    api: String,
    authorization: String,
    global: Window,
    /// Route key (method, path shape, major id) → its bucket.
    buckets: std::sync::Mutex<HashMap<String, Arc<RouteLimit>>>,
    stats: RestStats,
    /// Requests by route kind and answer, and 429s, for `/metrics`.
    metrics: crate::ops::Metrics,
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest").field("api", &self.api).finish_non_exhaustive()
    }
}

/// A request: where, and the key of its bucket.
struct Route {
    /// The kind of route, for metrics (`create_message`, `edit_message`, …).
    kind: &'static str,
    method: Method,
    path: String,
    bucket: String,
    /// Jumps the queue of its bucket and may use the requests the bucket keeps in reserve, and
    /// the global window's headroom: a storm summary, one request a second at most, must not wait
    /// behind the hundreds of posts and DMs it stands in for.
    urgent: bool,
    /// Leaves the requests the bucket keeps in reserve (a triage post).
    spare_reserve: bool,
}

impl Rest {
    /// A client for the real Discord (`base` = `None`) or a Discord-compatible endpoint such as the
    /// tests' local Discord (`http://127.0.0.1:PORT`).
    pub fn new(token: &str, base: Option<&str>) -> Rest {
        let base = base.map_or("https://discord.com", |b| b.trim_end_matches('/'));
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("DiscordBot (deskbot, ", env!("CARGO_PKG_VERSION"), ")"))
            .build()
            .unwrap_or_default();
        Rest {
            client,
            api: format!("{base}/api/v10"),
            authorization: format!("Bot {token}"),
            global: Window::new(GLOBAL_PER_SECOND),
            buckets: std::sync::Mutex::new(HashMap::new()),
            stats: RestStats::default(),
            metrics: crate::ops::Metrics::default(),
        }
    }

    pub fn stats(&self) -> &RestStats {
        &self.stats
    }

    /// The counters `/metrics` shows; the router records interaction answer times and the
    /// gateway's state in the same place.
    pub fn metrics(&self) -> &crate::ops::Metrics {
        &self.metrics
    }

    /// Posts a message (`message` is Discord's JSON of a new message, or a builder of one). With a
    /// `nonce`, Discord returns the message already posted with it instead of posting it again
    /// (`enforce_nonce`), so a retry after a crash or a lost answer never posts twice.
    pub async fn create_message(
        &self,
        channel: u64,
        message: impl Serialize,
        nonce: Option<&str>,
    ) -> Result<Created, RestError> {
        let body = Json::message(message, nonce)?;
        self.post(channel, body, false, false).await
    }

    /// Posts a ticket's triage message (as [`Rest::create_message`]), leaving the request the
    /// channel's bucket keeps for a storm summary, so that when tickets come faster than the channel
    /// takes them the summary goes out at once rather than after the channel's next reset.
    pub async fn create_triage_post(
        &self,
        channel: u64,
        message: impl Serialize,
        nonce: &str,
    ) -> Result<Created, RestError> {
        let body = Json::message(message, Some(nonce))?;
        self.post(channel, body, false, true).await
    }

    /// Posts a storm summary: as [`Rest::create_message`], but ahead of the posts waiting in the
    /// channel's bucket, in the request it keeps for this.
    pub async fn create_summary(
        &self,
        channel: u64,
        message: impl Serialize,
        nonce: &str,
    ) -> Result<Created, RestError> {
        let body = Json::message(message, Some(nonce))?;
        self.post(channel, body, true, false).await
    }

    /// `POST /channels/{channel}/messages`; `urgent` goes ahead of the requests waiting in the
    /// bucket, `spare_reserve` leaves its kept request.
    async fn post(
        &self,
        channel: u64,
        body: Json,
        urgent: bool,
        spare_reserve: bool,
    ) -> Result<Created, RestError> {
        let route = Route {
            kind: "create_message",
            method: Method::POST,
            path: format!("/channels/{channel}/messages"),
            bucket: format!("POST /channels/{channel}/messages"),
            urgent,
            spare_reserve,
        };
        id_of(&self.send(route, Some(body)).await?)
    }

    /// Edits a storm summary, ahead of the edits waiting in the channel's bucket.
    pub async fn edit_summary(
        &self,
        channel: u64,
        message: u64,
        edit: impl Serialize,
    ) -> Result<Created, RestError> {
        let body = Json::of(edit)?;
        self.patch(channel, message, body, true).await
    }

    /// Keeps (`true`) or stops keeping one request of each window of the channel's message bucket
    /// for a storm summary: while none is shown, triage posts leave one free
    /// (see [`Rest::create_triage_post`]), so the summary of a storm goes out at once instead of
    /// after the channel's next reset.
    pub fn keep_for_summary(&self, channel: u64, keep: bool) {
        let route = self.bucket(&format!("POST /channels/{channel}/messages"));
        route.reserve.store(u32::from(keep), Ordering::Relaxed);
    }

    /// How long until the channel takes a triage post (zero when it would go
    /// now), as far as its bucket is known.
    pub async fn post_wait(&self, channel: u64) -> Duration {
        let key = format!("POST /channels/{channel}/messages");
        let reserve = self.bucket(&key).reserve.load(Ordering::Relaxed);
        self.slot_in(&key, reserve).await
    }

    /// How long until a storm summary of the channel can be edited (zero when now).
    /// `keep` requests of the window are left for later edits: an edit made while tickets keep
    /// arriving leaves the window's last one, so that the edit after the last arrival goes at once.
    pub async fn summary_edit_wait(&self, channel: u64, keep: u32) -> Duration {
        self.slot_in(&format!("PATCH /channels/{channel}/messages/:id"), keep).await
    }

    /// How long until the bucket of `key` has more than `reserve` requests left (zero when now).
    async fn slot_in(&self, key: &str, reserve: u32) -> Duration {
        let route = self.bucket(key);
        let state = route.bucket.lock().await;
        match (state.remaining, state.reset_at) {
            (Some(left), Some(reset)) if left <= reserve => reset.saturating_duration_since(Instant::now()),
            _ => Duration::ZERO,
        }
    }

    /// Edits a message in place.
    pub async fn edit_message(
        &self,
        channel: u64,
        message: u64,
        edit: impl Serialize,
    ) -> Result<Created, RestError> {
        let body = Json::of(edit)?;
        self.patch(channel, message, body, false).await
    }

    /// `PATCH /channels/{channel}/messages/{message}`; `urgent` goes ahead of the edits waiting in
    /// the channel's bucket.
    async fn patch(
        &self,
        channel: u64,
        message: u64,
        body: Json,
        urgent: bool,
    ) -> Result<Created, RestError> {
        let route = Route {
            kind: "edit_message",
            method: Method::PATCH,
            path: format!("/channels/{channel}/messages/{message}"),
            bucket: format!("PATCH /channels/{channel}/messages/:id"),
            urgent,
            spare_reserve: false,
        };
        id_of(&self.send(route, Some(body)).await?)
    }

    /// Opens (or finds) the DM channel with a user.
    pub async fn open_dm(&self, user: u64) -> Result<Created, RestError> {
        let route = Route {
            kind: "open_dm",
            method: Method::POST,
            path: "/users/@me/channels".into(),
            bucket: "POST /users/@me/channels".into(),
            urgent: false,
            spare_reserve: false,
        };
        let body = Json::of(serde_json::json!({ "recipient_id": user.to_string() }))?;
        id_of(&self.send(route, Some(body)).await?)
    }

    /// Starts a thread on a message. A thread started from a message has the message's id, so when
    /// Discord says the message already has one (a retry after a crash), that is the thread.
    pub async fn thread_from_message(
        &self,
        channel: u64,
        message: u64,
        name: &str,
        auto_archive_minutes: u16,
    ) -> Result<Created, RestError> {
        let route = Route {
            kind: "create_thread",
            method: Method::POST,
            path: format!("/channels/{channel}/messages/{message}/threads"),
            bucket: format!("POST /channels/{channel}/threads"),
            urgent: false,
            spare_reserve: false,
        };
        let body =
            Json::of(serde_json::json!({ "name": name, "auto_archive_duration": auto_archive_minutes }))?;
        match self.send(route, Some(body)).await {
            Ok(answer) => id_of(&answer),
            Err(e) if e.code() == Some(THREAD_ALREADY_CREATED) => Ok(Created { id: message }),
            Err(e) => Err(e),
        }
    }

    fn bucket(&self, key: &str) -> Arc<RouteLimit> {
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        buckets.entry(key.to_owned()).or_default().clone()
    }

    /// Sends one request within the limits, waiting out 429s; returns the answer's body.
    async fn send(&self, route: Route, body: Option<Json>) -> Result<Vec<u8>, RestError> {
        let route_state = self.bucket(&route.bucket);
        let bucket = &route_state.bucket;
        let mut last_wait = DEFAULT_RETRY_AFTER;
        for _ in 0..=RETRIES_AFTER_429 {
            // The bucket: wait for its reset when it is used up (without holding it, so the answers
            // on their way can be counted); while its size is unknown, hold it for the whole request
            // so the first answer tells the others how many may go.
            let mut held = None;
            // Requests waiting for the same bucket go in the order they came (a ticket opened
            // first is posted first); an urgent one goes ahead of them.
            let turn = if route.urgent { None } else { Some(route_state.turn.lock().await) };
            let reserve = if route.spare_reserve { route_state.reserve.load(Ordering::Relaxed) } else { 0 };
            let empty = |left: Option<u32>| left.is_some_and(|n| n <= reserve);
            loop {
                let mut state = bucket.lock().await;
                if empty(state.remaining) {
                    let now = Instant::now();
                    if let Some(reset) = state.reset_at.filter(|r| *r > now) {
                        drop(state);
                        self.stats.waited_for_bucket.fetch_add(1, Ordering::Relaxed);
                        tokio::time::sleep_until(reset).await;
                        continue;
                    }
                    // A new window, less the requests of the last one still on their way (they may
                    // land in this one); with all of it still on its way, wait a little more.
                    state.remaining = state.limit.map(|l| l.saturating_sub(state.in_flight));
                    if empty(state.remaining) {
                        state.reset_at = Some(now + STRAGGLER_WAIT);
                        continue;
                    }
                }
                state.in_flight += 1;
                match state.remaining.as_mut() {
                    Some(n) => *n -= 1,
                    None => held = Some(state),
                }
                break;
            }
            drop(turn);
            if route.urgent {
                self.global.take_urgent().await;
            } else {
                self.global.take().await;
            }
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            let answer = self.fire(&route, body.as_ref()).await;
            let mut state = match held.take() {
                Some(state) => state,
                None => bucket.lock().await,
            };
            state.in_flight = state.in_flight.saturating_sub(1);
            let (status, headers, bytes) = match answer {
                Ok(a) => a,
                Err(e) => return Err(e),
            };
            update_bucket(&mut state, &headers);
            if status == StatusCode::TOO_MANY_REQUESTS {
                self.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
                let limit = RateLimited::read(&headers, &bytes);
                self.metrics.rate_limited(route.kind, limit.global);
                last_wait = limit.retry_after;
                tracing::warn!(
                    route = %route.bucket,
                    retry_after_ms = limit.retry_after.as_millis() as u64,
                    global = limit.global,
                    "rate limited by Discord"
                );
                if limit.global {
                    drop(state);
                    self.global.pause(limit.retry_after).await;
                } else {
                    state.remaining = Some(0);
                    state.reset_at = Some(Instant::now() + limit.retry_after);
                }
                continue;
            }
            drop(state);
            if status.is_success() {
                return Ok(bytes);
            }
            return Err(discord_error(status, &bytes));
        }
        Err(RestError::RateLimited { retry_after: last_wait })
    }

    async fn fire(
        &self,
        route: &Route,
        body: Option<&Json>,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), RestError> {
        let mut request = self
            .client
            .request(route.method.clone(), format!("{}{}", self.api, route.path))
            .header(reqwest::header::AUTHORIZATION, &self.authorization);
        if let Some(body) = body {
            request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body.0.clone());
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                self.metrics.discord_request(route.kind, None);
                return Err(RestError::Transport(without_url(&e)));
            }
        };
        let status = response.status();
        self.metrics.discord_request(route.kind, Some(status.as_u16()));
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(|e| RestError::Transport(without_url(&e)))?;
        Ok((status, headers, bytes.to_vec()))
    }
}

/// A reqwest error's text without its URL (which is harmless, but long).
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "");
    }
    if e.is_connect() { format!("cannot connect: {text}") } else { text }
}

fn header_f64(headers: &HeaderMap, name: &str) -> Option<f64> {
    headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0)
}

fn seconds(s: f64) -> Duration {
    Duration::from_secs_f64(s.clamp(0.0, 3600.0))
}

/// Takes in what Discord says of the route's bucket. Answers of requests sent side by side arrive
/// in any order: within one window the lowest count seen is kept (an early answer cannot hand out
/// requests already spent), and an answer from a window that has already ended is ignored (it
/// would hand out requests of the new window, which are spent).
fn update_bucket(state: &mut Bucket, headers: &HeaderMap) {
    const SAME_WINDOW: Duration = Duration::from_millis(250);
    let remaining = header_f64(headers, "x-ratelimit-remaining");
    let reset_after = header_f64(headers, "x-ratelimit-reset-after");
    let (Some(remaining), Some(reset_after)) = (remaining, reset_after) else { return };
    if let Some(limit) = header_f64(headers, "x-ratelimit-limit") {
        state.limit = Some(limit as u32);
    }
    let reset_at = Instant::now() + seconds(reset_after);
    let remaining = remaining as u32;
    match state.reset_at {
        Some(known) if reset_at + SAME_WINDOW < known => {}
        Some(known) if reset_at.max(known) - reset_at.min(known) < SAME_WINDOW => {
            state.remaining = Some(state.remaining.map_or(remaining, |r| r.min(remaining)));
        }
        _ => {
            // A new window: what Discord counted so far, less what is still on its way to it.
            state.remaining = Some(remaining.saturating_sub(state.in_flight));
            state.reset_at = Some(reset_at);
        }
    }
}

/// A 429, as Discord describes it.
#[derive(Debug, PartialEq)]
struct RateLimited {
    retry_after: Duration,
    global: bool,
}

impl RateLimited {
    fn read(headers: &HeaderMap, body: &[u8]) -> RateLimited {
        #[derive(Deserialize)]
        struct Body {
            retry_after: Option<f64>,
            #[serde(default)]
            global: bool,
        }
        let parsed: Option<Body> = serde_json::from_slice(body).ok();
        let scope_global = headers
            .get("x-ratelimit-scope")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|s| s.eq_ignore_ascii_case("global"))
            || headers.get("x-ratelimit-global").and_then(|v| v.to_str().ok()).is_some_and(|s| s == "true");
        let retry_after = parsed
            .as_ref()
            .and_then(|b| b.retry_after)
            .filter(|v| v.is_finite() && *v >= 0.0)
            .or_else(|| header_f64(headers, "retry-after"))
            .map_or(DEFAULT_RETRY_AFTER, seconds);
        RateLimited { retry_after, global: parsed.is_some_and(|b| b.global) || scope_global }
    }
}

fn discord_error(status: StatusCode, body: &[u8]) -> RestError {
    #[derive(Deserialize)]
    struct Body {
        code: Option<i64>,
        message: Option<String>,
    }
    let parsed: Option<Body> = serde_json::from_slice(body).ok();
    let (code, message) = match parsed {
        Some(b) => (b.code, b.message.unwrap_or_default()),
        None => (None, String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned()),
    };
    RestError::Discord { status: status.as_u16(), code, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_global_429_without_a_code_is_read_from_its_body() {
        let body = br#"{"message":"You are being rate limited.","retry_after":0.75,"global":true}"#;
        let limit = RateLimited::read(&HeaderMap::new(), body);
        assert_eq!(limit, RateLimited { retry_after: Duration::from_millis(750), global: true });
    }

    #[test]
    fn a_429_without_a_body_is_read_from_its_headers() {
        let limit =
            RateLimited::read(&headers(&[("retry-after", "2"), ("x-ratelimit-scope", "global")]), b"");
        assert_eq!(limit, RateLimited { retry_after: Duration::from_secs(2), global: true });
        let shared = RateLimited::read(&headers(&[("x-ratelimit-scope", "shared")]), b"not json");
        assert_eq!(shared, RateLimited { retry_after: DEFAULT_RETRY_AFTER, global: false });
    }

    #[test]
    fn an_error_keeps_discords_code_and_a_body_without_one_has_none() {
        let e = discord_error(
            StatusCode::FORBIDDEN,
            br#"{"code":50007,"message":"Cannot send messages to this user"}"#,
        );
        assert_eq!(e.code(), Some(CANNOT_DM_USER));
        assert!(!e.is_transient());
        let e = discord_error(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>");
        assert_eq!(e.code(), None);
        assert!(e.is_transient());
    }

    #[test]
    fn a_message_with_a_nonce_is_written_once_with_enforce_nonce_and_without_one_as_given() {
        // serenity's builder writes `"enforce_nonce":false` of its own: the body must say true, once.
        let builder = serenity::all::CreateMessage::new().content("VPN down");
        let Json(bytes) = Json::message(&builder, Some("n42")).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.matches("\"enforce_nonce\"").count(), 1, "{text}");
        assert_eq!(text.matches("\"nonce\"").count(), 1, "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["enforce_nonce"], Value::Bool(true));
        assert_eq!(body["nonce"], "n42");
        assert_eq!(body["content"], "VPN down");

        let Json(bytes) = Json::message(serde_json::json!({ "content": "hi" }), None).unwrap();
        assert_eq!(bytes, br#"{"content":"hi"}"#);
    }

    #[tokio::test(start_paused = true)]
    async fn within_one_window_the_lowest_remaining_count_is_kept() {
        let mut bucket = Bucket::default();
        update_bucket(
            &mut bucket,
            &headers(&[("x-ratelimit-remaining", "2"), ("x-ratelimit-reset-after", "5")]),
        );
        update_bucket(
            &mut bucket,
            &headers(&[("x-ratelimit-remaining", "4"), ("x-ratelimit-reset-after", "5")]),
        );
        assert_eq!(bucket.remaining, Some(2));
        tokio::time::advance(Duration::from_secs(6)).await;
        update_bucket(
            &mut bucket,
            &headers(&[("x-ratelimit-remaining", "4"), ("x-ratelimit-reset-after", "5")]),
        );
        assert_eq!(bucket.remaining, Some(4), "a new window starts from what Discord says");
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_window_starts_with_the_requests_still_on_their_way_already_spent() {
        let mut bucket = Bucket { in_flight: 3, ..Bucket::default() };
        update_bucket(
            &mut bucket,
            &headers(&[
                ("x-ratelimit-limit", "5"),
                ("x-ratelimit-remaining", "4"),
                ("x-ratelimit-reset-after", "5"),
            ]),
        );
        assert_eq!(bucket.remaining, Some(1), "three requests of the last window may still land in this one");
        assert_eq!(bucket.limit, Some(5));
    }

    #[test]
    fn ids_are_read_as_strings_or_numbers() {
        assert_eq!(id_of(br#"{"id":"123","x":1}"#).unwrap(), Created { id: 123 });
        assert_eq!(id_of(br#"{"id":7}"#).unwrap(), Created { id: 7 });
        assert!(id_of(br#"{"id":null}"#).is_err());
    }
}
