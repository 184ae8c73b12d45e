//! Interactions received over HTTP (Discord's Interactions Endpoint URL), on the operator's listener
//! at `POST /interactions`, when `DISCORD_PUBLIC_KEY` is set.
//!
//! Every request's Ed25519 signature is checked first (401 otherwise, which is also what Discord
//! expects of a bad signature when the URL is saved in the Developer Portal); a PING is answered
//! PONG; any other interaction goes to the same handlers as one from the gateway, and its first
//! answer (a message, a deferral, a form) is the HTTP response. The handling goes on after the
//! response when it has more to do (an edit after a deferral, follow-ups), through Discord's API.
//!
//! Any number of processes can serve the endpoint behind a load balancer: an interaction is handled
//! at most once whichever process gets it (see [`crate::store::EventScope`]).

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};
use serenity::all::{Http, Interaction};
use serenity::interactions_endpoint::Verifier;
use tokio::sync::oneshot;

use super::context::Bot;
use super::dispatch::{InFlight, handle_interaction};
use super::respond;

/// How long the HTTP request waits for the first answer. Handlers defer long work at 1.2 s, so
/// this is only reached when something is badly wrong; Discord gives up at 3 s.
const ANSWER_WITHIN: Duration = Duration::from_millis(2900);

/// `POST /interactions`: the verifier, and what the handlers need.
pub struct Endpoint {
    bot: Arc<Bot>,
    in_flight: Arc<InFlight>,
    http: Arc<Http>,
    verifier: Verifier,
}

impl Endpoint {
    pub(super) fn new(
        bot: Arc<Bot>,
        in_flight: Arc<InFlight>,
        http: Arc<Http>,
        public_key: [u8; 32],
    ) -> Option<Endpoint> {
        let verifier = Verifier::try_new(public_key).ok()?;
        Some(Endpoint { bot, in_flight, http, verifier })
    }
}

fn refused(status: StatusCode, message: &str) -> (StatusCode, Value) {
    (status, json!({ "message": message }))
}

#[async_trait::async_trait]
impl crate::ops::Interactions for Endpoint {
    async fn receive(
        &self,
        signature: Option<String>,
        timestamp: Option<String>,
        body: axum::body::Bytes,
    ) -> (StatusCode, Value) {
        let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
            return refused(StatusCode::UNAUTHORIZED, "missing X-Signature-Ed25519 or X-Signature-Timestamp");
        };
        if self.verifier.verify(&signature, &timestamp, &body).is_err() {
            tracing::warn!("an interaction with a bad signature was refused");
            return refused(StatusCode::UNAUTHORIZED, "invalid request signature");
        }
        let interaction: Interaction = match serde_json::from_slice(&body) {
            Ok(interaction) => interaction,
            Err(e) => {
                tracing::warn!(error = %e, "a signed interaction could not be read");
                return refused(StatusCode::BAD_REQUEST, "not an interaction this bot understands");
            }
        };
        if matches!(interaction, Interaction::Ping(_)) {
            return (StatusCode::OK, json!({ "type": 1 }));
        }
        let (answer, answered) = oneshot::channel();
        let (bot, in_flight, http) = (self.bot.clone(), self.in_flight.clone(), self.http.clone());
        // Its own task: the handling outlives the HTTP response when it defers and edits later.
        tokio::spawn(async move {
            respond::answer_in_http_response(
                answer,
                handle_interaction(&bot, &in_flight, &http, &interaction),
            )
            .await;
        });
        match tokio::time::timeout(ANSWER_WITHIN, answered).await {
            Ok(Ok(first)) => (StatusCode::OK, first),
            // The handling ended without answering: the interaction was already handled (another
            // process, or a second delivery to this one).
            Ok(Err(_)) => refused(StatusCode::CONFLICT, "this interaction was already handled"),
            Err(_) => {
                tracing::error!("no answer to an interaction received over HTTP within 2.9 s");
                refused(StatusCode::SERVICE_UNAVAILABLE, "no answer in time")
            }
        }
    }
}
