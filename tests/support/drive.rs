//! Driving a requester's DM intake through the local Discord, the way a person would: say
//! something, answer whatever the bot asks until the ticket is open.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::discord::{Discord, buttons_of, channel_of, id_of};

/// How long one person may wait for the bot's next question.
pub const PATIENCE: Duration = Duration::from_secs(90);

pub fn content(message: &Value) -> String {
    message["content"].as_str().unwrap_or_default().to_owned()
}

/// `user` DMs `text` and waits for the bot's next message in their DM channel.
pub async fn say(d: &Discord, user: u64, text: &str) -> Value {
    let before = d.dms_to(user).len();
    d.dm(user, text).await;
    next_dm(d, user, before).await
}

/// Waits for the bot's message number `before` to `user`. Polls (every 50 ms) rather than wake on
/// every change of the local Discord: two hundred people woken by each of thousands of messages
/// would starve the very server whose timing the test checks.
pub async fn next_dm(d: &Discord, user: u64, before: usize) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(message) = d.dms_to(user).get(before).cloned() {
            return message;
        }
        assert!(Instant::now() < deadline, "the bot's message #{before} to {user} never came\n{}", d.dump());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The ids of a modal's text inputs.
pub fn modal_inputs(modal: &Value) -> Vec<String> {
    modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| if row["type"] == 18 { row["component"].clone() } else { row["components"][0].clone() })
        .filter_map(|input| input["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// The answer a person types for any free-text question.
pub const FREE_TEXT: &str = "It fails every time since this morning.";

/// Answers whatever the bot asks until the ticket is open, with the message's own controls, as
/// most people would: picks the preselected (or first) option of a select, presses **Answer** and
/// fills its modal, and submits the review. Only a question without controls is answered by
/// typing a DM. Returns the confirmation.
pub async fn answer_until_open(d: &Discord, user: u64, mut message: Value) -> Value {
    for _ in 0..30 {
        let text = content(&message);
        if text.contains("is open") {
            return message;
        }
        let components = buttons_of(&message);
        let channel = channel_of(&message);
        if let Some(select) = components.iter().find(|c| c["type"] == 3) {
            let options = select["options"].as_array().cloned().unwrap_or_default();
            let chosen = options
                .iter()
                .find(|o| o["default"] == true)
                .or(options.first())
                .cloned()
                .unwrap_or_default();
            let value = chosen["value"].as_str().unwrap_or_default().to_owned();
            let custom_id = select["custom_id"].as_str().unwrap_or_default().to_owned();
            message =
                d.select(user, channel, id_of(&message), &custom_id, &[value.as_str()]).await.reply().await;
        } else if components.iter().any(|b| b["label"] == "Submit") {
            message = d.click_label(user, channel, id_of(&message), "Submit").await.reply().await;
        } else if components.iter().any(|b| b["label"] == "Answer") {
            let opened = d.click_label(user, channel, id_of(&message), "Answer").await;
            let inputs = modal_inputs(&opened.modal().await);
            let fields: Vec<(&str, &str)> = inputs.iter().map(|id| (id.as_str(), FREE_TEXT)).collect();
            message = opened.submit_modal(&fields).await.reply().await;
        } else {
            let answer = if text.contains("1. ") { "1" } else { FREE_TEXT };
            message = say(d, user, answer).await;
        }
    }
    panic!("the intake of {user} never finished; last message: {message}");
}

/// How one person's intake went (see [`open_by_dm`], [`open_by_ticket`]).
pub struct Opened {
    /// From their first DM to the bot's answer (by DM only).
    pub first_answer: Option<Duration>,
    /// From their first DM (or `/ticket`) to the confirmation that their ticket is open.
    pub done: Duration,
}

/// Person `n` (`user`) reports that the VPN drops by DM and answers until the ticket is open.
pub async fn open_by_dm(d: &Discord, user: u64, n: usize) -> Opened {
    let started = Instant::now();
    let first = say(d, user, &format!("the vpn drops every few minutes on laptop {n}")).await;
    let first_answer = Some(started.elapsed());
    answer_until_open(d, user, first).await;
    Opened { first_answer, done: started.elapsed() }
}

/// Person `n` (`user`) reports it with `/ticket`, fills its form and answers the rest in the
/// interaction's answers (no DM) until the ticket is open.
pub async fn open_by_ticket(d: &Discord, user: u64, n: usize) -> Opened {
    let started = Instant::now();
    let options = serde_json::json!({"summary": format!("vpn drops on laptop {n}"), "category": "network"});
    let command = d.slash(user, "ticket", options).await;
    let ids = modal_inputs(&command.modal().await);
    let fields: Vec<(&str, &str)> =
        ids.iter().map(|id| (id.as_str(), "Office 2; it drops every few minutes")).collect();
    let next = command.submit_modal(&fields).await.reply().await;
    answer_until_open(d, user, next).await;
    Opened { first_answer: None, done: started.elapsed() }
}
