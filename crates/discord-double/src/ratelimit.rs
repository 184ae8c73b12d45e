//! Discord's rate limits as the double enforces them: the global limit (requests a second over every
//! route but the interaction endpoints) and the per-route buckets of the routes the bot leans on in
//! bulk (posting, editing, threads, opening DMs), with Discord's `X-RateLimit-*` headers and 429
//! bodies, so a pacer that reads them is tested against what Discord sends. This module keeps the
//! books (routes, bucket sizes, open windows, headers, 429 bodies) and depends on nothing else in
//! the double; [`super::rest`] applies them to each request.
//!
//! Discord's buckets are fixed windows: the first request opens a window of `per`, at most `limit`
//! requests fit in it, and it refills all at once when it ends. A bucket is the route kind plus its
//! major parameter (the channel), so two channels never share one. Every request that reaches a
//! bucket counts, whatever it is answered (a 400 or a 403 uses the bucket as a 200 does); a 429 does
//! not.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// Which of Discord's limits a route falls under. The bucketed kinds are the ones a help-desk bot
/// sends in bulk on an outage morning; `Other` is every other route that still counts against the
/// global limit, and `Interaction` the interaction endpoints, which count against nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteKind {
    /// `POST /channels/{c}/messages`: 5 per 5 s per channel.
    CreateMessage,
    /// `PATCH /channels/{c}/messages/{m}`: its own bucket, 5 per 5 s per channel.
    EditMessage,
    /// `POST /channels/{c}/messages/{m}/threads` and `POST /channels/{c}/threads`: one bucket per
    /// channel, 10 per 10 s.
    CreateThread,
    /// `POST /users/@me/channels`: one bucket for the bot, 5 per 5 s.
    OpenDm,
    /// Any other route Discord documents (reads, commands, pins…): the global limit only.
    Other,
    /// `/interactions/{id}/{token}/callback` and `/webhooks/{app}/{token}…`: exempt from every limit.
    Interaction,
}

impl RouteKind {
    /// The kind of a documented route (`route` is the template of Discord's description).
    pub fn of(method: &str, route: &str, interaction: bool) -> RouteKind {
        if interaction {
            return RouteKind::Interaction;
        }
        match (method, route) {
            ("POST", "/channels/{channel_id}/messages") => RouteKind::CreateMessage,
            ("PATCH", "/channels/{channel_id}/messages/{message_id}") => RouteKind::EditMessage,
            (
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads" | "/channels/{channel_id}/threads",
            ) => RouteKind::CreateThread,
            ("POST", "/users/@me/channels") => RouteKind::OpenDm,
            _ => RouteKind::Other,
        }
    }

    /// Whether the route has a per-route bucket of its own.
    pub fn is_bucketed(self) -> bool {
        matches!(
            self,
            RouteKind::CreateMessage | RouteKind::EditMessage | RouteKind::CreateThread | RouteKind::OpenDm
        )
    }

    /// Discord's default for this kind's bucket (`None` for kinds without one). Posting and editing
    /// are the 5 per 5 s per channel bots observe; opening a DM channel has no published figure, so
    /// it gets 5 a second, a bucket of its own that a burst of new requesters does run into.
    pub fn default_limit(self) -> Option<BucketLimit> {
        let limit = |limit, secs| Some(BucketLimit { limit, per: Duration::from_secs(secs) });
        match self {
            RouteKind::CreateMessage | RouteKind::EditMessage => limit(5, 5),
            RouteKind::OpenDm => limit(5, 1),
            RouteKind::CreateThread => limit(10, 10),
            RouteKind::Other | RouteKind::Interaction => None,
        }
    }

    /// The `X-RateLimit-Bucket` of this kind: opaque and stable, the same for every channel (Discord
    /// hashes the route without its major parameter).
    pub fn bucket_hash(self) -> String {
        // FNV-1a of the route's name, twice, as 32 hex digits: stable across runs and builds.
        let name = format!("{self:?}");
        let fnv =
            |seed: u64| name.bytes().fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4))
    }
}

/// Response headers: `(name, value)`.
pub type Headers = Vec<(&'static str, String)>;

/// What taking a request from a bucket gave: the headers of the answer, and, when the bucket was
/// already empty, the seconds until it refills.
pub(super) struct Taken {
    pub(super) headers: Headers,
    pub(super) empty_for: Option<f64>,
}

/// The size of a bucket: `limit` requests in a window of `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BucketLimit {
    pub limit: u32,
    pub per: Duration,
}

/// Why the double answered a request 429.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limited {
    /// Past the global limit (`"global": true`).
    Global,
    /// Past a per-route bucket (`"global": false`, scope `user`).
    Route,
    /// A 429 a test asked for ([`super::Discord::rate_limit`], or [`super::Discord::fail`] with 429).
    Injected,
}

/// How many requests were answered 429, by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimited {
    pub global: usize,
    pub route: usize,
    pub injected: usize,
}

impl RateLimited {
    /// Every 429 the bot got, whatever its cause.
    pub fn total(&self) -> usize {
        self.global + self.route + self.injected
    }

    /// The 429s Discord's own limits produced (global and per-route), without the injected ones.
    pub fn enforced(&self) -> usize {
        self.global + self.route
    }
}

/// One open window of a bucket.
#[derive(Clone, Copy, Debug)]
struct Window {
    opened: Duration,
    used: u32,
}

/// The per-route buckets: their sizes, whether they are enforced, and their open windows.
#[derive(Clone, Debug)]
pub struct Buckets {
    pub enabled: bool,
    limits: HashMap<RouteKind, BucketLimit>,
    windows: HashMap<(RouteKind, u64), Window>,
}

impl Default for Buckets {
    fn default() -> Self {
        let limits =
            [RouteKind::CreateMessage, RouteKind::EditMessage, RouteKind::CreateThread, RouteKind::OpenDm]
                .into_iter()
                .filter_map(|k| k.default_limit().map(|l| (k, l)))
                .collect();
        Buckets { enabled: true, limits, windows: HashMap::new() }
    }
}

impl Buckets {
    /// Resizes a kind's bucket (windows already open keep running with the new size).
    pub fn set_limit(&mut self, kind: RouteKind, limit: BucketLimit) {
        assert!(kind.is_bucketed(), "{kind:?} has no per-route bucket");
        assert!(limit.limit > 0 && !limit.per.is_zero(), "a bucket takes at least one request a window");
        self.limits.insert(kind, limit);
    }

    pub fn limit(&self, kind: RouteKind) -> Option<BucketLimit> {
        self.limits.get(&kind).copied()
    }

    /// Takes one request from the bucket `(kind, major)` at `now`: the headers to send with the
    /// answer, and whether the bucket was already empty (then nothing is taken).
    pub(super) fn take(&mut self, kind: RouteKind, major: u64, now: Duration) -> Option<Taken> {
        let size = self.limit(kind)?;
        let window = self.windows.entry((kind, major)).or_insert(Window { opened: now, used: 0 });
        if now >= window.opened + size.per {
            *window = Window { opened: now, used: 0 };
        }
        let full = window.used >= size.limit;
        if !full {
            window.used += 1;
        }
        let reset_after = (window.opened + size.per).saturating_sub(now).as_secs_f64();
        let reset_at =
            SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64() + reset_after;
        let headers = vec![
            ("X-RateLimit-Limit", size.limit.to_string()),
            ("X-RateLimit-Remaining", (size.limit - window.used).to_string()),
            ("X-RateLimit-Reset", format!("{reset_at:.3}")),
            ("X-RateLimit-Reset-After", format!("{reset_after:.3}")),
            ("X-RateLimit-Bucket", kind.bucket_hash()),
        ];
        Some(Taken { headers, empty_for: full.then_some(reset_after) })
    }
}

/// Seconds as Discord writes `retry_after`: a float with millisecond precision, never 0.
pub(super) fn seconds(d: f64) -> f64 {
    ((d * 1000.0).ceil() / 1000.0).max(0.001)
}

/// `Retry-After`: whole seconds, rounded up.
pub(super) fn whole_seconds(d: f64) -> String {
    format!("{}", d.ceil().max(1.0))
}

/// The body of a 429: `{"message", "retry_after" (seconds), "global"}`, without `code`, as Discord.
pub fn rate_limit_body(retry_after: f64, global: bool) -> Value {
    json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": global})
}
