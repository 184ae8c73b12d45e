//! What an operator sees of a running deskbot, on one HTTP listener (`DESKBOT_HTTP_ADDR`):
//! - `/healthz`: the process answers;
//! - `/readyz`: the database answers a ping within [`READY_PING_TIMEOUT`], and the gateway is
//!   connected or this process is a standby (another process leads the gateway); otherwise 503 with
//!   the reason, and 200 again as soon as both are back;
//! - `/metrics`: the Prometheus (OpenMetrics) text format. Counters and the answer-time histogram
//!   are kept in memory as things happen ([`Metrics`]); the desk's load (tickets, queues, SLA
//!   breaches, outbox, intakes) is read from the database at each scrape with a few cheap queries,
//!   so every process sharing a database reports the same figures.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::service::Desk;
use crate::store::DeskGauges;

/// How long `/readyz` waits for the database to answer a ping.
pub const READY_PING_TIMEOUT: Duration = Duration::from_secs(1);

/// The bounds of the interaction answer-time histogram, in seconds: Discord wants a first answer
/// within 3 s, and deskbot defers long work at 1.2 s.
const ANSWER_BUCKETS: [f64; 10] = [0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];

/// The content type of the OpenMetrics text format, which Prometheus reads.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

type Labels = Vec<(&'static str, String)>;

/// What deskbot counts as it runs: Discord requests by route kind and answer, 429s, interaction
/// answer times, and whether the gateway is connected. Cheap to clone (every part is shared), so
/// the REST client, the router and the HTTP listener each hold one.
#[derive(Debug, Clone)]
pub struct Metrics {
    discord_requests: Family<Labels, Counter>,
    rate_limited: Family<Labels, Counter>,
    answer_seconds: Histogram,
    gateway_connected: Arc<AtomicBool>,
    gateway_leader: Arc<AtomicBool>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            discord_requests: Family::default(),
            rate_limited: Family::default(),
            answer_seconds: Histogram::new(ANSWER_BUCKETS),
            gateway_connected: Arc::new(AtomicBool::new(false)),
            gateway_leader: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl Metrics {
    /// One request sent to Discord on a route of kind `route` (`create_message`, `open_dm`, …),
    /// answered with `status`, or with no answer at all (`None`: refused, reset, timed out).
    pub fn discord_request(&self, route: &'static str, status: Option<u16>) {
        let status = status.map_or_else(|| "none".to_owned(), |s| s.to_string());
        self.discord_requests.get_or_create(&vec![("route", route.to_owned()), ("status", status)]).inc();
    }

    /// A 429 from Discord, for the route's bucket or for everyone (`global`).
    pub fn rate_limited(&self, route: &'static str, global: bool) {
        let scope = if global { "global" } else { "route" };
        self.rate_limited
            .get_or_create(&vec![("route", route.to_owned()), ("scope", scope.to_owned())])
            .inc();
    }

    /// An interaction got its first answer `after` it arrived.
    pub fn interaction_answered(&self, after: Duration) {
        self.answer_seconds.observe(after.as_secs_f64());
    }

    /// The gateway connected (its ready event) or dropped.
    pub fn set_gateway_connected(&self, connected: bool) {
        self.gateway_connected.store(connected, Ordering::SeqCst);
    }

    pub fn gateway_connected(&self) -> bool {
        self.gateway_connected.load(Ordering::SeqCst)
    }

    /// This process leads the gateway (holds the lease), or waits as a standby.
    pub fn set_gateway_leader(&self, leader: bool) {
        self.gateway_leader.store(leader, Ordering::SeqCst);
    }

    pub fn gateway_leader(&self) -> bool {
        self.gateway_leader.load(Ordering::SeqCst)
    }

    /// The text of `/metrics`: the counters so far, and `desk` as read from the database (`None`
    /// when it could not be read, which `deskbot_database_up 0` says).
    pub fn render(&self, desk: Option<&DeskGauges>, now: chrono::DateTime<chrono::Utc>) -> String {
        let mut registry = Registry::with_prefix("deskbot");
        registry.register(
            "discord_requests",
            "Requests sent to Discord's rate-limited API (and interaction follow-ups), by route kind and HTTP status (none: no answer)",
            self.discord_requests.clone(),
        );
        registry.register(
            "discord_rate_limited",
            "429 answers from Discord, by route kind and scope (route or global)",
            self.rate_limited.clone(),
        );
        registry.register(
            "interaction_answer_seconds",
            "Time from an interaction's arrival to its first answer (a message, a deferral or a modal)",
            self.answer_seconds.clone(),
        );
        registry.register(
            "gateway_connected",
            "1 while this process's gateway session is connected",
            gauge(i64::from(self.gateway_connected())),
        );
        registry.register(
            "gateway_leader",
            "1 while this process leads the gateway, 0 while it waits as a standby",
            gauge(i64::from(self.gateway_leader())),
        );
        registry.register(
            "database_up",
            "1 when the figures below could be read from the database at this scrape",
            gauge(i64::from(desk.is_some())),
        );
        if let Some(desk) = desk {
            let tickets = Family::<Labels, Gauge>::default();
            for (status, priority, n) in &desk.tickets {
                tickets
                    .get_or_create(&vec![
                        ("status", status.as_str().to_owned()),
                        ("priority", priority.to_string()),
                    ])
                    .set(*n);
            }
            registry.register("tickets", "Tickets by status and priority", tickets);
            let queue = Family::<Labels, Gauge>::default();
            for (level, n) in &desk.queue_by_level {
                queue.get_or_create(&vec![("level", level.get().to_string())]).set(*n);
            }
            registry.register("queue_depth", "Open tickets nobody holds yet, by support level", queue);
            registry.register(
                "sla_breached_tickets",
                "Open or in-progress tickets past their next SLA due time",
                gauge(desk.sla_breached),
            );
            registry.register(
                "outbox_backlog",
                "Notices and messages waiting to be delivered to Discord",
                gauge(desk.outbox_backlog),
            );
            let oldest =
                desk.outbox_oldest.map_or(0.0, |at| (now - at).num_milliseconds().max(0) as f64 / 1000.0);
            let age = Gauge::<f64, AtomicU64>::default();
            age.set(oldest);
            registry.register(
                "outbox_oldest_age_seconds",
                "Age of the oldest waiting outbox entry (0 when the outbox is empty)",
                age,
            );
            registry.register(
                "intake_conversations_open",
                "Intake conversations in progress",
                gauge(desk.intakes_open),
            );
        }
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &registry);
        text
    }
}

fn gauge(value: i64) -> Gauge {
    let g = Gauge::default();
    g.set(value);
    g
}

/// Why the listener could not start.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("DESKBOT_HTTP_ADDR {addr}: cannot listen there: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// What the listener reads: the desk (its database) and the counters.
#[derive(Clone)]
pub struct Ops {
    pub desk: Desk,
    pub metrics: Metrics,
    /// Interactions received over HTTP (`POST /interactions`), when the application's public key is
    /// configured.
    pub interactions: Option<Arc<dyn Interactions>>,
}

/// What `POST /interactions` does with a request from Discord: checks its signature, and answers
/// with the interaction's first answer. Implemented by the Discord layer.
#[async_trait::async_trait]
pub trait Interactions: Send + Sync {
    /// The HTTP status and JSON body answering one request (`signature` and `timestamp` are the
    /// `X-Signature-Ed25519` and `X-Signature-Timestamp` headers).
    async fn receive(
        &self,
        signature: Option<String>,
        timestamp: Option<String>,
        body: axum::body::Bytes,
    ) -> (StatusCode, serde_json::Value);
}

impl Ops {
    /// Why this process is not ready to serve, if it is not.
    pub async fn not_ready(&self) -> Option<String> {
        let database = match tokio::time::timeout(READY_PING_TIMEOUT, self.desk.ping()).await {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(format!("database unreachable: {e}")),
            Err(_) => Some(format!("database did not answer within {} ms", READY_PING_TIMEOUT.as_millis())),
        };
        // A standby serves everything but the gateway, so it is ready; a leader is once connected.
        let gateway = (self.metrics.gateway_leader() && !self.metrics.gateway_connected())
            .then(|| "leading, but not yet connected to the Discord gateway".to_owned());
        let reasons: Vec<String> = database.into_iter().chain(gateway).collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }
}

/// Binds the listener (at start, so a bad or busy address stops the start with its reason).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, OpsError> {
    tokio::net::TcpListener::bind(addr).await.map_err(|source| OpsError::Bind { addr, source })
}

/// Serves `/healthz`, `/readyz` and `/metrics` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    ops: Ops,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics));
    if ops.interactions.is_some() {
        app = app.route("/interactions", post(interactions));
    }
    let app = app.with_state(ops);
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        tracing::error!(error = %e, "the health and metrics listener stopped");
    }
}

/// Discord's signed requests: 401 for a bad or missing signature (Discord checks this when the
/// endpoint URL is saved), else the interaction's first answer.
async fn interactions(
    State(ops): State<Ops>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(endpoint) = &ops.interactions else { return StatusCode::NOT_FOUND.into_response() };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, json) =
        endpoint.receive(header("x-signature-ed25519"), header("x-signature-timestamp"), body).await;
    (status, [(header::CONTENT_TYPE, "application/json")], json.to_string()).into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(ops): State<Ops>) -> Response {
    match ops.not_ready().await {
        None => (StatusCode::OK, "ready\n").into_response(),
        Some(reason) => (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {reason}\n")).into_response(),
    }
}

async fn metrics(State(ops): State<Ops>) -> Response {
    let desk = match tokio::time::timeout(READY_PING_TIMEOUT * 2, ops.desk.gauges()).await {
        Ok(Ok(read)) => Some(read),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: could not read the desk's figures");
            None
        }
        Err(_) => {
            tracing::warn!("metrics: the database did not answer in time");
            None
        }
    };
    let now = desk.as_ref().map_or_else(|| ops.desk.clock().now(), |(_, at)| *at);
    let gauges = desk.as_ref().map(|(gauges, _)| gauges);
    ([(header::CONTENT_TYPE, OPENMETRICS)], ops.metrics.render(gauges, now)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_written_with_their_labels_and_the_desk_is_left_out_when_unread() {
        let m = Metrics::default();
        m.discord_request("create_message", Some(200));
        m.discord_request("create_message", Some(429));
        m.rate_limited("create_message", false);
        m.interaction_answered(Duration::from_millis(120));
        let text = m.render(None, chrono::Utc::now());
        assert!(
            text.contains(r#"deskbot_discord_requests_total{route="create_message",status="429"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"deskbot_discord_rate_limited_total{route="create_message",scope="route"} 1"#)
        );
        assert!(text.contains(r#"deskbot_interaction_answer_seconds_bucket{le="0.25"} 1"#), "{text}");
        assert!(text.contains("deskbot_database_up 0"));
        assert!(!text.contains("deskbot_tickets"), "no desk figures without the database");
        assert!(text.trim_end().ends_with("# EOF"));
    }
}
