//! The gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME → replay + RESUMED, and the
//! dispatch of events to the sessions that asked for them (intents, shard), each checked against
//! serenity's own deserializer.

use std::io::Read;
use std::sync::Arc;

use axum::extract::State as AxState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::Inner;
use super::state::{
    Conn, GatewayFrame, INTENT_DIRECT_MESSAGES, INTENT_GUILD_MESSAGES, INTENT_GUILDS, INTENT_MESSAGE_CONTENT,
    Outgoing, Session, State, id_str, snowflake,
};

pub(super) async fn upgrade(ws: WebSocketUpgrade, AxState(inner): AxState<Arc<Inner>>) -> Response {
    ws.on_upgrade(move |socket| connection(inner, socket))
}

fn inflate(bytes: &[u8]) -> Result<String, String> {
    let mut out = String::new();
    flate2::read::ZlibDecoder::new(bytes).read_to_string(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

async fn connection(inner: Arc<Inner>, socket: WebSocket) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (conn, hello) = {
        let mut st = inner.state();
        let conn = st.small_counter();
        st.conns.insert(conn, Conn { tx, session: None });
        (conn, json!({"op": 10, "d": {"heartbeat_interval": st.settings.heartbeat_interval}}))
    };
    let (mut sink, mut stream) = socket.split();
    if sink.send(Message::Text(hello.to_string().into())).await.is_ok() {
        loop {
            tokio::select! {
                incoming = stream.next() => {
                    let text = match incoming {
                        Some(Ok(Message::Text(t))) => t.to_string(),
                        Some(Ok(Message::Binary(b))) => match inflate(&b) {
                            Ok(t) => t,
                            Err(e) => {
                                inner.state().unexpected_frame(conn, Value::Null, format!("a binary frame that is not zlib: {e}"));
                                continue;
                            },
                        },
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                        Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                    };
                    inner.state().on_frame(conn, &text);
                    inner.changed();
                },
                out = rx.recv() => match out {
                    Some(Outgoing::Frame(frame)) => {
                        if sink.send(Message::Text(frame.into())).await.is_err() {
                            break;
                        }
                    },
                    Some(Outgoing::Close(code, reason)) => {
                        let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                        break;
                    },
                    None => break,
                },
            }
        }
    }
    let mut st = inner.state();
    if let Some(c) = st.conns.remove(&conn)
        && let Some(s) = c.session.and_then(|s| st.sessions.get_mut(&s))
        && s.conn == Some(conn)
    {
        s.conn = None;
    }
    drop(st);
    inner.changed();
}

fn redact(frame: &Value) -> Value {
    let mut frame = frame.clone();
    if frame["d"].get("token").is_some() {
        frame["d"]["token"] = json!("<redacted>");
    }
    frame
}

impl State {
    pub fn unexpected_frame(&mut self, conn: u64, frame: Value, why: String) {
        let at = self.elapsed();
        self.violation(
            None,
            format!("the bot sent an unexpected gateway frame: {why}"),
            vec![],
            Some(frame.clone()),
        );
        self.gateway_log.push(GatewayFrame { conn, at, frame, unexpected: Some(why) });
    }

    fn send_raw(&self, conn: u64, frame: &Value) {
        if let Some(c) = self.conns.get(&conn) {
            let _ = c.tx.send(Outgoing::Frame(frame.to_string()));
        }
    }

    fn close(&self, conn: u64, code: u16, reason: &str) {
        if let Some(c) = self.conns.get(&conn) {
            let _ = c.tx.send(Outgoing::Close(code, reason.to_owned()));
        }
    }

    /// Sessions with a live connection.
    pub fn live_sessions(&self) -> usize {
        self.sessions.values().filter(|s| s.conn.is_some()).count()
    }

    pub fn on_frame(&mut self, conn: u64, text: &str) {
        let Ok(frame) = serde_json::from_str::<Value>(text) else {
            self.unexpected_frame(conn, json!(text), "not JSON".to_owned());
            self.close(conn, 4002, "Error while decoding payload.");
            return;
        };
        let op = frame["op"].as_u64();
        let session = self.conns.get(&conn).and_then(|c| c.session.clone());
        let at = self.elapsed();
        match op {
            Some(1) => {
                self.gateway_log.push(GatewayFrame { conn, at, frame, unexpected: None });
                self.send_raw(conn, &json!({"op": 11}));
            }
            Some(2) => {
                if session.is_some() {
                    self.unexpected_frame(
                        conn,
                        redact(&frame),
                        "IDENTIFY on an identified connection".to_owned(),
                    );
                    self.close(conn, 4005, "Already authenticated.");
                    return;
                }
                self.gateway_log.push(GatewayFrame { conn, at, frame: redact(&frame), unexpected: None });
                let d = &frame["d"];
                let shard = d["shard"].as_array().map_or((0, 1), |s| {
                    (
                        s.first().and_then(Value::as_u64).unwrap_or(0),
                        s.get(1).and_then(Value::as_u64).unwrap_or(1),
                    )
                });
                let id = format!("{:x}", self.next_id());
                self.sessions.insert(
                    id.clone(),
                    Session {
                        id: id.clone(),
                        seq: 0,
                        intents: d["intents"].as_u64().unwrap_or(0),
                        shard,
                        conn: Some(conn),
                        log: Vec::new(),
                    },
                );
                if let Some(c) = self.conns.get_mut(&conn) {
                    c.session = Some(id.clone());
                }
                let ready = self.ready_json(&id, shard);
                self.send_to_session(&id, "READY", ready);
                let on_shard = (self.guild_id >> 22) % shard.1.max(1) == shard.0;
                if on_shard && self.sessions[&id].intents & INTENT_GUILDS != 0 {
                    let guild = self.guild_create_json();
                    self.send_to_session(&id, "GUILD_CREATE", guild);
                }
            }
            Some(6) => {
                self.gateway_log.push(GatewayFrame { conn, at, frame: redact(&frame), unexpected: None });
                let d = &frame["d"];
                let wanted = d["session_id"].as_str().unwrap_or_default().to_owned();
                let after = d["seq"].as_u64().unwrap_or(0);
                let Some(s) = self.sessions.get_mut(&wanted) else {
                    self.send_raw(conn, &json!({"op": 9, "d": false}));
                    return;
                };
                s.conn = Some(conn);
                let replay: Vec<String> =
                    s.log.iter().filter(|(seq, _)| *seq > after).map(|(_, f)| f.clone()).collect();
                if let Some(c) = self.conns.get_mut(&conn) {
                    c.session = Some(wanted.clone());
                }
                if let Some(c) = self.conns.get(&conn) {
                    for f in replay {
                        let _ = c.tx.send(Outgoing::Frame(f));
                    }
                }
                self.send_to_session(&wanted, "RESUMED", json!({"_trace": ["discord-double"]}));
            }
            Some(3 | 4 | 8 | 14 | 31) if session.is_some() => {
                self.gateway_log.push(GatewayFrame { conn, at, frame, unexpected: None });
            }
            Some(3 | 4 | 8 | 14 | 31) => {
                self.unexpected_frame(conn, frame, "a command before IDENTIFY".to_owned());
                self.close(conn, 4003, "Not authenticated.");
            }
            other => {
                self.unexpected_frame(conn, frame, format!("unknown opcode {other:?}"));
                self.close(conn, 4001, "Unknown opcode.");
            }
        }
    }

    /// Sends one dispatch to one session (next sequence number), checking serenity can read it.
    fn send_to_session(&mut self, session: &str, t: &str, d: Value) {
        let Some(s) = self.sessions.get_mut(session) else { return };
        s.seq += 1;
        let frame = json!({"op": 0, "s": s.seq, "t": t, "d": d});
        let text = frame.to_string();
        s.log.push((s.seq, text.clone()));
        if s.log.len() > 2000 {
            s.log.drain(..1000);
        }
        let conn = s.conn;
        if let Some(c) = conn.and_then(|c| self.conns.get(&c)) {
            let _ = c.tx.send(Outgoing::Frame(text));
        }
        match serde_json::from_value::<serenity::model::event::GatewayEvent>(frame.clone()) {
            Ok(serenity::model::event::GatewayEvent::Dispatch(
                _,
                serenity::model::event::Event::Unknown(_),
            )) => {
                self.violation(
                    None,
                    format!("the double sent a {t} serenity 0.12.5 cannot read (a bug of the double)"),
                    vec![],
                    Some(frame.clone()),
                );
            }
            Ok(_) => {}
            Err(e) => {
                self.violation(
                    None,
                    format!("the double sent a {t} serenity rejects: {e}"),
                    vec![],
                    Some(frame.clone()),
                );
            }
        }
        self.dispatched.push(frame);
    }

    /// Sends an event to every session that should get it: on the right shard (DMs go to shard 0)
    /// and, when `intent` is given, with that intent. Guild messages lose their content for sessions
    /// without MESSAGE_CONTENT (unless the bot wrote them or is mentioned), as Discord does.
    pub fn dispatch(&mut self, t: &str, d: Value, intent: Option<u64>) {
        let guild = snowflake(d.get("guild_id"));
        let mut targets: Vec<(String, u64)> = self
            .sessions
            .values()
            .filter(|s| {
                let shard_of = guild.map_or(0, |g| (g >> 22) % s.shard.1.max(1));
                s.conn.is_some() && shard_of == s.shard.0
            })
            .map(|s| (s.id.clone(), s.intents))
            .collect();
        targets.sort();
        if targets.is_empty() {
            self.undelivered.push(format!("{t} (no gateway session)"));
            return;
        }
        let bot = id_str(self.bot_id);
        for (session, intents) in targets {
            if intent.is_some_and(|i| intents & i == 0) {
                self.undelivered
                    .push(format!("{t} (the bot did not ask for intent {})", intent.unwrap_or(0)));
                continue;
            }
            let mut payload = d.clone();
            let is_guild_message = matches!(t, "MESSAGE_CREATE" | "MESSAGE_UPDATE") && guild.is_some();
            let mentions_bot =
                payload["mentions"].as_array().is_some_and(|m| m.iter().any(|u| u["id"] == bot));
            if is_guild_message
                && self.settings.content_intent_enforced
                && intents & INTENT_MESSAGE_CONTENT == 0
                && payload["author"]["id"] != bot
                && !mentions_bot
            {
                payload["content"] = json!("");
                payload["embeds"] = json!([]);
                payload["attachments"] = json!([]);
                payload["components"] = json!([]);
            }
            self.send_to_session(&session, t, payload);
        }
    }

    /// A message as the gateway carries it (`guild_id` and the author's partial `member` in a guild).
    pub fn message_event(&self, id: u64) -> Option<Value> {
        let m = self.messages.get(&id)?;
        let mut d = m.json.clone();
        if let Some(g) = self.guild_of_channel(m.channel_id) {
            d["guild_id"] = id_str(g);
            if let Some(member) = snowflake(d.pointer("/author/id")).and_then(|a| self.member_json(a, false))
            {
                d["member"] = member;
            }
        }
        Some(d)
    }

    fn message_intent(&self, channel: u64) -> u64 {
        if self.guild_of_channel(channel).is_some() { INTENT_GUILD_MESSAGES } else { INTENT_DIRECT_MESSAGES }
    }

    /// MESSAGE_CREATE for a message the bot made (unless ephemeral or echo is off).
    pub fn echo_create(&mut self, id: u64) {
        let Some(m) = self.messages.get(&id) else { return };
        if !self.settings.echo_own || m.ephemeral_for.is_some() {
            return;
        }
        let intent = self.message_intent(m.channel_id);
        if let Some(d) = self.message_event(id) {
            self.dispatch("MESSAGE_CREATE", d, Some(intent));
        }
    }

    pub fn echo_update(&mut self, id: u64) {
        let Some(m) = self.messages.get(&id) else { return };
        if !self.settings.echo_own || m.ephemeral_for.is_some() {
            return;
        }
        let intent = self.message_intent(m.channel_id);
        if let Some(d) = self.message_event(id) {
            self.dispatch("MESSAGE_UPDATE", d, Some(intent));
        }
    }

    /// MESSAGE_DELETE (`forced`: sent even when echo is off, e.g. a moderator deleted it).
    pub fn echo_delete(&mut self, channel: u64, id: u64, forced: bool) {
        if !(self.settings.echo_own || forced)
            || self.messages.get(&id).is_some_and(|m| m.ephemeral_for.is_some())
        {
            return;
        }
        let mut d = json!({"id": id_str(id), "channel_id": id_str(channel)});
        if let Some(g) = self.guild_of_channel(channel) {
            d["guild_id"] = id_str(g);
        }
        let intent = self.message_intent(channel);
        self.dispatch("MESSAGE_DELETE", d, Some(intent));
    }

    pub fn echo_thread(&mut self, t: &str, thread: u64, newly_created: bool) {
        if !self.settings.echo_own {
            return;
        }
        let Some(mut d) = self.channel_json(thread) else { return };
        if newly_created {
            d["newly_created"] = json!(true);
        }
        self.dispatch(t, d, Some(INTENT_GUILDS));
    }

    pub fn echo_channel(&mut self, t: &str, channel: u64) {
        if !self.settings.echo_own {
            return;
        }
        if let Some(d) = self.channel_json(channel) {
            self.dispatch(t, d, Some(INTENT_GUILDS));
        }
    }
}
