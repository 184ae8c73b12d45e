//! The HTTP side: one axum server; every `/api/v10/...` request is recorded, validated, possibly
//! failed on purpose, then served from the state.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State as AxState;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::limits::{self, EMPTY_MESSAGE, Problem};
use super::ratelimit::{Headers, Limited, RouteKind, Taken, rate_limit_body, seconds, whole_seconds};
use super::state::{EPHEMERAL, HAS_THREAD, LOADING, RecordedRequest, State, Times, id_str, snowflake};
use super::{Inner, discord_error, gateway, schema};

pub(super) fn router(inner: Arc<Inner>) -> Router {
    Router::new().route("/gateway", get(gateway::upgrade)).fallback(serve).with_state(inner)
}

/// What the double answers.
pub struct Reply {
    pub status: u16,
    pub body: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Self {
        Self { status, body: Some(body), headers: Vec::new() }
    }

    pub fn ok(body: Value) -> Self {
        Self::json(200, body)
    }

    pub fn no_content() -> Self {
        Self { status: 204, body: None, headers: Vec::new() }
    }

    pub fn error(code: u64) -> Self {
        let (status, body) = discord_error(code);
        Self::json(status, body)
    }

    /// 400 with Discord's nested `errors` (50035), or 50006 for an empty message.
    pub fn invalid(problems: &[Problem]) -> Self {
        if problems.iter().all(|p| p.code == EMPTY_MESSAGE) {
            return Self::error(50006);
        }
        let mut errors = Value::Object(Map::new());
        for p in problems.iter().filter(|p| p.code != EMPTY_MESSAGE) {
            let mut node = &mut errors;
            for segment in p.path.split('.').filter(|s| !s.is_empty()) {
                node = node
                    .as_object_mut()
                    .expect("object")
                    .entry(segment.to_owned())
                    .or_insert_with(|| json!({}));
            }
            let list = node.as_object_mut().expect("object").entry("_errors").or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(json!({"code": p.code, "message": p.message}));
            }
        }
        Self::json(400, json!({"message": "Invalid Form Body", "code": 50035, "errors": errors}))
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut builder = Response::builder().status(status);
        for (k, v) in &self.headers {
            builder = builder.header(*k, v.as_str());
        }
        let body = match self.body {
            Some(v) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        builder.body(body).unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
    }
}

/// A request body: JSON, or the `payload_json` part and file names of a multipart form.
pub struct Parsed {
    pub json: Option<Value>,
    pub files: Vec<String>,
    pub error: Option<String>,
}

fn parse_body(content_type: &str, bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed { json: None, files: Vec::new(), error: None };
    if bytes.is_empty() {
        return parsed;
    }
    if let Some(boundary) =
        content_type.strip_prefix("multipart/form-data").and_then(|rest| rest.split("boundary=").nth(1))
    {
        let boundary = format!("--{}", boundary.trim_matches('"'));
        let text = String::from_utf8_lossy(bytes);
        for part in text.split(boundary.as_str()).skip(1) {
            if part.starts_with("--") {
                break;
            }
            let part = part.trim_start_matches("\r\n");
            let Some((head, content)) = part.split_once("\r\n\r\n") else { continue };
            let content = content.strip_suffix("\r\n").unwrap_or(content);
            let disposition = head
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
                .unwrap_or_default();
            let attr = |name: &str| {
                disposition.split(';').find_map(|a| {
                    a.trim().strip_prefix(&format!("{name}=")).map(|v| v.trim_matches('"').to_owned())
                })
            };
            if let Some(filename) = attr("filename") {
                parsed.files.push(filename);
            } else if attr("name").as_deref() == Some("payload_json") {
                match serde_json::from_str(content) {
                    Ok(v) => parsed.json = Some(v),
                    Err(e) => parsed.error = Some(format!("payload_json is not JSON: {e}")),
                }
            }
        }
        return parsed;
    }
    match serde_json::from_slice(bytes) {
        Ok(v) => parsed.json = Some(v),
        Err(e) => parsed.error = Some(format!("the body is not JSON: {e}")),
    }
    parsed
}

async fn serve(
    AxState(inner): AxState<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let parsed = parse_body(&content_type, &body);
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (reply, delay) = {
        let mut st = inner.state();
        let refused = st
            .accepted_token
            .as_ref()
            .is_some_and(|token| authorization.as_deref() != Some(format!("Bot {token}").as_str()));
        let reply = if refused {
            st.serve_unauthorized(method.as_str(), uri.path(), uri.query().unwrap_or_default(), &parsed)
        } else {
            st.serve(method.as_str(), uri.path(), uri.query().unwrap_or_default(), &parsed)
        };
        (reply, st.answer_delay(method.as_str(), uri.path()))
    };
    inner.changed();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    reply.into_response()
}

/// `{name: value}` of a concrete path against its template.
fn params_of(template: &str, path: &str) -> HashMap<String, String> {
    template
        .split('/')
        .zip(path.split('/'))
        .filter(|(t, _)| t.starts_with('{'))
        .map(|(t, v)| (t.trim_matches(|c| c == '{' || c == '}').to_owned(), v.to_owned()))
        .collect()
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| kv.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
}

impl State {
    pub fn serve(&mut self, method: &str, full_path: &str, query: &str, parsed: &Parsed) -> Reply {
        let seq = self.requests.len();
        let under_api = full_path.starts_with("/api/v10/");
        let path = full_path.strip_prefix("/api/v10").unwrap_or(full_path).to_owned();
        let route = if under_api { schema::route_of(&path) } else { None };
        let interaction =
            path.starts_with("/interactions/") || path.starts_with(&format!("/webhooks/{}/", self.app_id));
        self.requests.push(RecordedRequest {
            seq,
            method: method.to_owned(),
            path: path.clone(),
            query: query.to_owned(),
            body: parsed.json.clone(),
            files: parsed.files.clone(),
            route: route.map(str::to_owned),
            status: 0,
            at: self.elapsed(),
            interaction,
            kind: route.map(|r| RouteKind::of(method, r, interaction)),
            limited: None,
            deduplicated: false,
        });
        let reply = self.serve_request(seq, method, &path, route, query, parsed);
        self.requests[seq].status = reply.status;
        reply
    }

    /// A request with a token Discord does not know: recorded, and answered 401 as Discord does.
    pub fn serve_unauthorized(
        &mut self,
        method: &str,
        full_path: &str,
        query: &str,
        parsed: &Parsed,
    ) -> Reply {
        let seq = self.requests.len();
        let path = full_path.strip_prefix("/api/v10").unwrap_or(full_path).to_owned();
        let route = schema::route_of(&path);
        self.requests.push(RecordedRequest {
            seq,
            method: method.to_owned(),
            path,
            query: query.to_owned(),
            body: parsed.json.clone(),
            files: parsed.files.clone(),
            route: route.map(str::to_owned),
            status: 401,
            at: self.elapsed(),
            interaction: false,
            kind: route.map(|r| RouteKind::of(method, r, false)),
            limited: None,
            deduplicated: false,
        });
        Reply::json(401, json!({"message": "401: Unauthorized", "code": 0}))
    }

    fn serve_request(
        &mut self,
        seq: usize,
        method: &str,
        path: &str,
        route: Option<&str>,
        query: &str,
        parsed: &Parsed,
    ) -> Reply {
        if let Some(error) = &parsed.error {
            self.violation(Some(seq), format!("{method} {path}: invalid body"), vec![error.clone()], None);
            return Reply::json(
                400,
                json!({"message": "The request body contains invalid JSON.", "code": 50109}),
            );
        }
        let Some(route) = route.filter(|r| schema::documents(method, r)) else {
            self.violation(
                Some(seq),
                format!("{method} {path}: a call Discord does not document"),
                vec![],
                parsed.json.clone(),
            );
            return Reply::json(404, json!({"message": "404: Not Found", "code": 0}));
        };
        // Discord's limits come first: a request over them is answered 429 whatever its body, and
        // every request that reaches a bucket uses it, whatever it is answered.
        if let Some(reply) = self.global_limit(seq) {
            return reply;
        }
        let params = params_of(route, path);
        let kind = self.requests[seq].kind.unwrap_or(RouteKind::Other);
        let major = params.get("channel_id").and_then(|c| c.parse::<u64>().ok()).unwrap_or(0);
        let (bucket_headers, over) = self.route_limit(seq, kind, major);
        if let Some(reply) = over {
            return reply;
        }
        let mut reply = self.serve_within_limits(seq, method, path, route, &params, query, parsed);
        for (name, value) in bucket_headers {
            if !reply.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
                reply.headers.push((name, value));
            }
        }
        reply
    }

    /// Validation, failures on purpose, then the route itself.
    #[allow(clippy::too_many_arguments)]
    fn serve_within_limits(
        &mut self,
        seq: usize,
        method: &str,
        path: &str,
        route: &str,
        params: &HashMap<String, String>,
        query: &str,
        parsed: &Parsed,
    ) -> Reply {
        if let Some(body) = &parsed.json {
            let mut problems = schema::check(method, route, body);
            problems.extend(Self::limits_for(method, route, body, !parsed.files.is_empty()));
            if !problems.is_empty() {
                self.violation(
                    Some(seq),
                    format!("{method} {path}: Discord would reject this body"),
                    problems.iter().map(ToString::to_string).collect(),
                    Some(body.clone()),
                );
                return Reply::invalid(&problems);
            }
        }
        if let Some(reply) = self.injected_failure(seq, method, path) {
            return reply;
        }
        self.route(seq, method, route, params, query, parsed)
    }

    fn limits_for(method: &str, route: &str, body: &Value, has_files: bool) -> Vec<Problem> {
        match (method, route) {
            ("POST", "/channels/{channel_id}/messages" | "/webhooks/{webhook_id}/{webhook_token}") => {
                limits::message(body, true, has_files)
            }
            (
                "PATCH",
                "/channels/{channel_id}/messages/{message_id}"
                | "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
                | "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
            ) => limits::message(body, false, has_files),
            ("POST", "/interactions/{interaction_id}/{interaction_token}/callback") => {
                limits::callback(body, has_files)
            }
            (
                "PUT" | "POST",
                "/applications/{application_id}/commands"
                | "/applications/{application_id}/guilds/{guild_id}/commands",
            ) => limits::commands(body),
            (
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads" | "/channels/{channel_id}/threads",
            ) => limits::thread(body, true),
            ("PATCH", "/channels/{channel_id}") => limits::thread(body, false),
            _ => Vec::new(),
        }
    }

    /// How long to hold the answer to this request back (the first matching delay rule), matching
    /// the path with and without `/api/v10`.
    fn answer_delay(&self, method: &str, full_path: &str) -> Option<Duration> {
        let path = full_path.strip_prefix("/api/v10").unwrap_or(full_path);
        self.delays
            .iter()
            .find(|d| {
                (d.method == "*" || d.method == method)
                    && (d.path.is_match(path) || d.path.is_match(full_path))
            })
            .map(|d| d.delay)
    }

    fn injected_failure(&mut self, seq: usize, method: &str, path: &str) -> Option<Reply> {
        let rule = self.failures.iter_mut().find(|f| {
            (f.method == "*" || f.method == method) && f.path.is_match(path) && f.remaining != Times::N(0)
        })?;
        rule.hits += 1;
        if let Times::N(n) = &mut rule.remaining {
            *n -= 1;
        }
        let mut reply = Reply::json(rule.status, rule.body.clone());
        if rule.status == 429 {
            let retry_after = rule.body["retry_after"].as_f64().unwrap_or(1.0);
            let global = rule.body["global"].as_bool().unwrap_or(false);
            reply.headers = vec![
                ("Retry-After", format!("{}", retry_after.ceil().max(0.0))),
                ("X-RateLimit-Scope", if global { "global" } else { "user" }.to_owned()),
                ("X-RateLimit-Remaining", "0".to_owned()),
                ("X-RateLimit-Reset-After", format!("{retry_after:.3}")),
            ];
            if global {
                reply.headers.push(("X-RateLimit-Global", "true".to_owned()));
            }
            self.requests[seq].limited = Some(Limited::Injected);
        }
        Some(reply)
    }

    #[allow(clippy::too_many_lines)]
    fn route(
        &mut self,
        seq: usize,
        method: &str,
        route: &str,
        params: &HashMap<String, String>,
        query: &str,
        parsed: &Parsed,
    ) -> Reply {
        let body = parsed.json.clone().unwrap_or(Value::Null);
        let files = parsed.files.as_slice();
        let id = |name: &str| params.get(name).and_then(|v| v.parse::<u64>().ok());
        let token = params
            .get("webhook_token")
            .or_else(|| params.get("interaction_token"))
            .cloned()
            .unwrap_or_default();
        let channel = id("channel_id").unwrap_or(0);
        let message = id("message_id").unwrap_or(0);
        match (method, route) {
            ("GET", "/gateway") => Reply::ok(json!({"url": self.ws_url})),
            ("GET", "/gateway/bot") => Reply::ok(json!({
                "url": self.ws_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1},
            })),
            ("GET", "/users/@me") => {
                let mut user = self.user_json(self.bot_id);
                user["verified"] = json!(true);
                user["mfa_enabled"] = json!(false);
                user["locale"] = json!("en-US");
                Reply::ok(user)
            },
            ("GET", "/users/{user_id}") => match id("user_id").filter(|u| self.users.contains_key(u)) {
                Some(u) => Reply::ok(self.user_json(u)),
                None => Reply::error(10013),
            },
            ("GET", "/applications/@me" | "/oauth2/applications/@me") => Reply::ok(self.application_json()),
            ("GET" | "PUT" | "POST", "/applications/{application_id}/commands") => {
                self.commands_route(method, id("application_id"), None, &body)
            },
            ("GET" | "PUT" | "POST", "/applications/{application_id}/guilds/{guild_id}/commands") => {
                self.commands_route(method, id("application_id"), Some(id("guild_id").unwrap_or(0)), &body)
            },
            ("GET" | "PATCH" | "DELETE", "/applications/{application_id}/commands/{command_id}") => {
                self.command_route(method, id("application_id"), None, id("command_id"), &body)
            },
            ("GET" | "PATCH" | "DELETE", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}") => {
                self.command_route(method, id("application_id"), Some(id("guild_id").unwrap_or(0)), id("command_id"), &body)
            },
            ("POST", "/interactions/{interaction_id}/{interaction_token}/callback") => {
                self.callback(seq, id("interaction_id"), &token, &body, files)
            },
            ("POST", "/webhooks/{webhook_id}/{webhook_token}") => self.followup(seq, id("webhook_id"), &token, &body, files),
            (_, "/webhooks/{webhook_id}/{webhook_token}/messages/@original") => {
                self.webhook_message(seq, method, id("webhook_id"), &token, None, &body, files)
            },
            (_, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}") => {
                self.webhook_message(seq, method, id("webhook_id"), &token, Some(message), &body, files)
            },
            ("POST", "/users/@me/channels") => match snowflake(body.get("recipient_id")) {
                Some(u) if self.users.contains_key(&u) => {
                    let c = self.dm_channel_for(u);
                    Reply::ok(self.channel_json(c).unwrap_or_default())
                },
                _ => Reply::error(10013),
            },
            // A channel the bot cannot see is Missing Access, as on Discord.
            ("GET", "/channels/{channel_id}") => match self.channel_json(channel) {
                Some(_) if !self.can_view(self.bot_id, channel) => Reply::error(50001),
                Some(c) => Reply::ok(c),
                None => Reply::error(10003),
            },
            ("PATCH", "/channels/{channel_id}") => self.patch_channel(channel, &body),
            ("DELETE", "/channels/{channel_id}") => self.delete_channel(channel),
            ("GET", "/channels/{channel_id}/messages") => self.list_messages(channel, query),
            ("POST", "/channels/{channel_id}/messages") => self.post_message(seq, channel, &body, files),
            ("GET", "/channels/{channel_id}/messages/{message_id}") => match self.live_message(channel, message) {
                Some(m) if m.ephemeral_for.is_none() => Reply::ok(m.json.clone()),
                _ => Reply::error(10008),
            },
            ("PATCH", "/channels/{channel_id}/messages/{message_id}") => self.patch_message(seq, channel, message, &body, files),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}") => {
                if self.live_message(channel, message).is_none() {
                    return Reply::error(10008);
                }
                if let Some(m) = self.messages.get_mut(&message) {
                    m.deleted = true;
                }
                self.echo_delete(channel, message, false);
                Reply::no_content()
            },
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads") => {
                self.thread_from_message(channel, message, &body)
            },
            ("POST", "/channels/{channel_id}/threads") => self.thread_without_message(channel, &body),
            ("PUT" | "DELETE", "/channels/{channel_id}/thread-members/{user_id}" | "/channels/{channel_id}/thread-members/@me") => {
                let user = id("user_id").unwrap_or(self.bot_id);
                let Some(c) = self.channels.get_mut(&channel).filter(|c| c.is_thread()) else {
                    return Reply::error(10003);
                };
                if method == "PUT" {
                    c.thread_members.insert(user);
                } else {
                    c.thread_members.remove(&user);
                }
                Reply::no_content()
            },
            ("GET", "/channels/{channel_id}/thread-members") => match self.channels.get(&channel).filter(|c| c.is_thread()) {
                Some(c) => Reply::ok(Value::Array(
                    c.thread_members
                        .iter()
                        .map(|u| json!({"id": id_str(channel), "user_id": id_str(*u), "join_timestamp": c.created_at, "flags": 0}))
                        .collect(),
                )),
                None => Reply::error(10003),
            },
            ("PUT" | "DELETE", "/channels/{channel_id}/pins/{message_id}" | "/channels/{channel_id}/messages/pins/{message_id}") => {
                if self.live_message(channel, message).is_none() {
                    return Reply::error(10008);
                }
                if let Some(m) = self.messages.get_mut(&message) {
                    m.json["pinned"] = json!(method == "PUT");
                }
                Reply::no_content()
            },
            ("POST", "/channels/{channel_id}/typing") => Reply::no_content(),
            ("PUT" | "DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me") => {
                if self.live_message(channel, message).is_none() { Reply::error(10008) } else { Reply::no_content() }
            },
            ("GET", "/guilds/{guild_id}") if id("guild_id") == Some(self.guild_id) => Reply::ok(self.partial_guild_json()),
            ("GET", "/guilds/{guild_id}/channels") if id("guild_id") == Some(self.guild_id) => Reply::ok(Value::Array(
                self.channels.values().filter(|c| c.guild && !c.is_thread()).filter_map(|c| self.channel_json(c.id)).collect(),
            )),
            ("GET", "/guilds/{guild_id}/roles") if id("guild_id") == Some(self.guild_id) => {
                Reply::ok(Value::Array(self.roles.iter().map(|r| self.role_json(r)).collect()))
            },
            ("GET", "/guilds/{guild_id}/members/{user_id}") if id("guild_id") == Some(self.guild_id) => {
                match id("user_id").and_then(|u| self.member_json(u, true)) {
                    Some(m) => Reply::ok(m),
                    None => Reply::error(10007),
                }
            },
            ("GET", "/guilds/{guild_id}/members") if id("guild_id") == Some(self.guild_id) => {
                let limit = query_param(query, "limit").and_then(|l| l.parse().ok()).unwrap_or(1usize);
                Reply::ok(Value::Array(self.members.keys().take(limit).filter_map(|u| self.member_json(*u, true)).collect()))
            },
            (_, r) if r.starts_with("/guilds/{guild_id}") && id("guild_id") != Some(self.guild_id) => {
                Reply::error(10004)
            }
            _ => {
                self.violation(
                    Some(seq),
                    format!("{method} {route}: a call the double does not serve (add it to the double if the bot needs it)"),
                    vec![],
                    parsed.json.clone(),
                );
                Reply::json(404, json!({"message": "404: Not Found", "code": 0}))
            },
        }
    }

    // ----- commands -----

    fn commands_route(&mut self, method: &str, app: Option<u64>, guild: Option<u64>, body: &Value) -> Reply {
        if app != Some(self.app_id) || guild.is_some_and(|g| g != self.guild_id) {
            return Reply::error(50001);
        }
        match method {
            "GET" => Reply::ok(Value::Array(
                self.commands.iter().filter(|c| c.guild_id == guild).map(|c| c.json.clone()).collect(),
            )),
            "PUT" => {
                self.commands.retain(|c| c.guild_id != guild);
                let list = body.as_array().cloned().unwrap_or_default();
                Reply::ok(Value::Array(list.iter().map(|c| self.upsert_command(guild, c)).collect()))
            }
            _ => {
                let existed =
                    self.commands.iter().any(|c| c.guild_id == guild && c.json["name"] == body["name"]);
                Reply::json(if existed { 200 } else { 201 }, self.upsert_command(guild, body))
            }
        }
    }

    fn command_route(
        &mut self,
        method: &str,
        app: Option<u64>,
        guild: Option<u64>,
        command: Option<u64>,
        body: &Value,
    ) -> Reply {
        if app != Some(self.app_id) || guild.is_some_and(|g| g != self.guild_id) {
            return Reply::error(50001);
        }
        let wanted = command.map(id_str);
        let Some(pos) =
            self.commands.iter().position(|c| c.guild_id == guild && Some(&c.json["id"]) == wanted.as_ref())
        else {
            return Reply::error(10063);
        };
        match method {
            "GET" => Reply::ok(self.commands[pos].json.clone()),
            "DELETE" => {
                self.commands.remove(pos);
                Reply::no_content()
            }
            _ => {
                let mut merged = self.commands[pos].json.clone();
                if let (Some(m), Some(b)) = (merged.as_object_mut(), body.as_object()) {
                    for (k, v) in b {
                        m.insert(k.clone(), v.clone());
                    }
                }
                let mut problems = Vec::new();
                limits::command(&mut problems, "", &merged);
                if !problems.is_empty() {
                    return Reply::invalid(&problems);
                }
                Reply::ok(self.upsert_command(guild, &merged))
            }
        }
    }

    // ----- interactions -----

    fn interaction_metadata(&self, iid: u64) -> Value {
        let Some(rec) = self.interactions.get(&iid) else { return Value::Null };
        let owners = json!({"0": rec.guild_id.map_or_else(|| "0".to_owned(), |g| g.to_string())});
        let mut m = json!({
            "id": id_str(rec.id),
            "type": rec.kind,
            "user": self.user_json(rec.user),
            "authorizing_integration_owners": owners,
        });
        match rec.kind {
            2 => m["name"] = json!(rec.command_name.clone().unwrap_or_default()),
            3 => m["interacted_message_id"] = rec.message_id.map_or(Value::Null, id_str),
            5 => {
                m["triggering_interaction_metadata"] = match rec.origin {
                    Some(origin) => self.interaction_metadata(origin),
                    None => json!({"id": id_str(rec.id), "type": 2, "user": self.user_json(rec.user),
                        "authorizing_integration_owners": m["authorizing_integration_owners"].clone()}),
                };
            }
            _ => {}
        }
        m
    }

    /// A message the bot posts through an interaction (its response or a follow-up).
    fn interaction_message(&mut self, iid: u64, data: &Value, files: &[String], original: bool) -> u64 {
        let rec = self.interactions[&iid].clone();
        let mut extra = Map::new();
        extra.insert("webhook_id".into(), id_str(self.app_id));
        extra.insert("application_id".into(), id_str(self.app_id));
        extra.insert("interaction_metadata".into(), self.interaction_metadata(iid));
        let kind = if rec.kind == 2 && original { 20 } else { 0 };
        extra.insert("type".into(), json!(kind));
        if rec.kind == 2 {
            extra.insert(
                "interaction".into(),
                json!({"id": id_str(rec.id), "type": 2, "name": rec.command_name.clone().unwrap_or_default(), "user": self.user_json(rec.user)}),
            );
        }
        let id = self.create_message(rec.channel_id, self.bot_id, data, files, extra);
        self.echo_create(id);
        id
    }

    fn callback(
        &mut self,
        seq: usize,
        iid: Option<u64>,
        token: &str,
        body: &Value,
        files: &[String],
    ) -> Reply {
        let Some(rec) = iid.and_then(|i| self.interactions.get_mut(&i)).filter(|r| r.token == token) else {
            self.violation(
                Some(seq),
                "a callback for an interaction the double never sent",
                vec![],
                Some(body.clone()),
            );
            return Reply::error(10062);
        };
        rec.callbacks.push(body.clone());
        let rec = rec.clone();
        if let Some(first) = rec.acked {
            // An interaction delivered twice on purpose may be answered once a delivery: Discord
            // refuses the later answers with 40060, which the bot is expected to take in its stride.
            let answers = u32::try_from(rec.callbacks.len()).unwrap_or(u32::MAX);
            if answers > rec.deliveries.max(1) {
                self.violation(
                    Some(seq),
                    format!("interaction {} answered twice (first with type {first})", rec.id),
                    vec![],
                    Some(body.clone()),
                );
            }
            return Reply::error(40060);
        }
        let late = rec.created.elapsed();
        if late > self.settings.interaction_deadline {
            self.violation(
                Some(seq),
                format!(
                    "interaction {} answered after {late:?} (Discord allows {:?})",
                    rec.id, self.settings.interaction_deadline
                ),
                vec![],
                Some(body.clone()),
            );
            return Reply::error(10062);
        }
        let t = body["type"].as_u64().unwrap_or(0);
        let allowed = match t {
            4 | 5 => true,
            6 | 7 => rec.message_id.is_some() && matches!(rec.kind, 3 | 5),
            9 => matches!(rec.kind, 2 | 3),
            _ => false,
        };
        if !allowed {
            let problem = Problem::new(
                "type",
                "INTERACTION_CALLBACK_TYPE_INVALID",
                format!("callback type {t} is not valid for interaction type {}", rec.kind),
            );
            self.violation(
                Some(seq),
                format!("interaction {}: wrong callback type", rec.id),
                vec![problem.to_string()],
                Some(body.clone()),
            );
            return Reply::invalid(&[problem]);
        }
        let data = body.get("data").cloned().unwrap_or(Value::Null);
        let original = match t {
            4 => Some(self.interaction_message(rec.id, &data, files, true)),
            5 => {
                let flags = LOADING | (data["flags"].as_u64().unwrap_or(0) & EPHEMERAL);
                Some(self.interaction_message(rec.id, &json!({"content": "", "flags": flags}), &[], true))
            }
            6 => rec.message_id,
            7 => {
                let target = rec.message_id.unwrap_or(0);
                let before = self.messages.get(&target).map(|m| m.json.clone());
                self.edit_message(target, &data, self.bot_id, files);
                if self.messages.get(&target).is_some_and(|m| State::is_empty_message(&m.json)) {
                    if let (Some(m), Some(before)) = (self.messages.get_mut(&target), before) {
                        m.json = before;
                    }
                    self.violation(
                        Some(seq),
                        "type 7 would leave the message empty",
                        vec![],
                        Some(body.clone()),
                    );
                    return Reply::error(50006);
                }
                self.echo_update(target);
                rec.message_id
            }
            9 => None,
            _ => None,
        };
        let snapshot =
            (t == 6).then(|| original.and_then(|o| self.messages.get(&o)).map(|m| m.json.clone())).flatten();
        if let Some(r) = self.interactions.get_mut(&rec.id) {
            r.acked_snapshot = snapshot;
            r.acked = Some(t);
            r.answered = Some(Instant::now());
            r.original = original;
            if t == 9 {
                r.modal = Some(data);
            }
        }
        Reply::no_content()
    }

    fn interaction_by_token(&self, app: Option<u64>, token: &str) -> Option<u64> {
        if app != Some(self.app_id) {
            return None;
        }
        self.tokens.get(token).copied()
    }

    fn followup(
        &mut self,
        seq: usize,
        app: Option<u64>,
        token: &str,
        body: &Value,
        files: &[String],
    ) -> Reply {
        let Some(iid) = self.interaction_by_token(app, token) else {
            self.violation(
                Some(seq),
                "a follow-up with an unknown application id or token",
                vec![],
                Some(body.clone()),
            );
            return Reply::error(10015);
        };
        if self.interactions[&iid].acked.is_none() {
            self.violation(
                Some(seq),
                format!("a follow-up to interaction {iid} before it was answered"),
                vec![],
                Some(body.clone()),
            );
            return Reply::error(10015);
        }
        // After a deferral with a loading state (type 5), the first follow-up takes the place of the
        // loading message, keeping the ephemerality chosen when deferring.
        let rec = self.interactions[&iid].clone();
        let loading = rec
            .original
            .and_then(|o| self.messages.get(&o))
            .filter(|m| m.json["flags"].as_u64().unwrap_or(0) & LOADING != 0)
            .map(|m| m.id);
        let id = match loading {
            Some(original) if rec.acked == Some(5) && rec.followups.is_empty() => {
                self.edit_message(original, body, self.bot_id, files);
                if let Some(m) = self.messages.get_mut(&original) {
                    m.json["edited_timestamp"] = Value::Null;
                }
                self.echo_update(original);
                original
            }
            _ => self.interaction_message(iid, body, files, false),
        };
        if let Some(r) = self.interactions.get_mut(&iid) {
            r.followups.push(id);
        }
        Reply::ok(self.messages[&id].json.clone())
    }

    #[allow(clippy::too_many_arguments)]
    fn webhook_message(
        &mut self,
        seq: usize,
        method: &str,
        app: Option<u64>,
        token: &str,
        message: Option<u64>,
        body: &Value,
        files: &[String],
    ) -> Reply {
        let Some(iid) = self.interaction_by_token(app, token) else {
            self.violation(
                Some(seq),
                format!("{method} on a webhook message with an unknown application id or token"),
                vec![],
                None,
            );
            return Reply::error(10015);
        };
        let rec = self.interactions[&iid].clone();
        let target = match message {
            None => rec.original,
            Some(m) => (rec.original == Some(m) || rec.followups.contains(&m)).then_some(m),
        };
        let Some(target) = target.filter(|t| self.messages.get(t).is_some_and(|m| !m.deleted)) else {
            if message.is_none() && rec.acked.is_none() {
                self.violation(
                    Some(seq),
                    format!("{method} @original of interaction {iid} before it was answered"),
                    vec![],
                    None,
                );
            }
            return Reply::error(10008);
        };
        match method {
            "GET" => Reply::ok(self.messages[&target].json.clone()),
            "DELETE" => {
                let channel = self.messages[&target].channel_id;
                if let Some(m) = self.messages.get_mut(&target) {
                    m.deleted = true;
                }
                self.echo_delete(channel, target, false);
                Reply::no_content()
            }
            _ => {
                let before = self.messages[&target].json.clone();
                self.edit_message(target, body, self.bot_id, files);
                if State::is_empty_message(&self.messages[&target].json) {
                    if let Some(m) = self.messages.get_mut(&target) {
                        m.json = before;
                    }
                    self.violation(
                        Some(seq),
                        "an edit that leaves the message empty",
                        vec![],
                        Some(body.clone()),
                    );
                    return Reply::error(50006);
                }
                if let Some(r) = self.interactions.get_mut(&iid) {
                    r.edits += 1;
                }
                self.echo_update(target);
                Reply::ok(self.messages[&target].json.clone())
            }
        }
    }

    // ----- channels and messages -----

    fn post_message(&mut self, seq: usize, channel: u64, body: &Value, files: &[String]) -> Reply {
        let Some(c) = self.channels.get(&channel).cloned() else { return Reply::error(10003) };
        if let Some(user) = c.recipient
            && (self.closed_dms.contains(&user) || !self.is_member(user))
        {
            return Reply::error(50007);
        }
        if c.guild {
            let perms = self.channel_permissions(self.bot_id, channel);
            let send = if c.is_thread() {
                super::perm::SEND_MESSAGES_IN_THREADS
            } else {
                super::perm::SEND_MESSAGES
            };
            if perms & super::perm::VIEW_CHANNEL == 0 || perms & send == 0 {
                return Reply::error(50013);
            }
            if c.kind == 4 {
                return Reply::json(
                    400,
                    json!({"message": "Cannot send messages in a non-text channel", "code": 50008}),
                );
            }
            if c.is_thread() && c.archived {
                if c.locked {
                    return Reply::error(50083);
                }
                if let Some(c) = self.channels.get_mut(&channel) {
                    c.archived = false;
                }
            }
        }
        if let Some(reference) = snowflake(body.pointer("/message_reference/message_id"))
            && body["message_reference"]["fail_if_not_exists"].as_bool() != Some(false)
            && self
                .live_message(
                    snowflake(body.pointer("/message_reference/channel_id")).unwrap_or(channel),
                    reference,
                )
                .is_none()
        {
            let problem =
                Problem::new("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
            self.violation(
                Some(seq),
                "a reply to a message that does not exist",
                vec![problem.to_string()],
                Some(body.clone()),
            );
            return Reply::invalid(&[problem]);
        }
        if let Some(existing) = self.deduplicated_message(self.bot_id, body) {
            // enforce_nonce: Discord answers with the message the nonce already made, creates
            // nothing and sends no MESSAGE_CREATE.
            self.requests[seq].deduplicated = true;
            return Reply::ok(self.messages[&existing].json.clone());
        }
        let id = self.create_message(channel, self.bot_id, body, files, Map::new());
        self.echo_create(id);
        Reply::ok(self.messages[&id].json.clone())
    }

    fn patch_message(
        &mut self,
        seq: usize,
        channel: u64,
        message: u64,
        body: &Value,
        files: &[String],
    ) -> Reply {
        let Some(m) = self.live_message(channel, message).filter(|m| m.ephemeral_for.is_none()).cloned()
        else {
            return Reply::error(10008);
        };
        if snowflake(m.json.pointer("/author/id")) != Some(self.bot_id) {
            self.violation(
                Some(seq),
                format!("editing message {message}, which another user wrote"),
                vec![],
                Some(body.clone()),
            );
            return Reply::json(
                403,
                json!({"message": "Cannot edit a message authored by another user", "code": 50005}),
            );
        }
        self.edit_message(message, body, self.bot_id, files);
        if State::is_empty_message(&self.messages[&message].json) {
            if let Some(rec) = self.messages.get_mut(&message) {
                rec.json = m.json;
            }
            self.violation(Some(seq), "an edit that leaves the message empty", vec![], Some(body.clone()));
            return Reply::error(50006);
        }
        self.echo_update(message);
        Reply::ok(self.messages[&message].json.clone())
    }

    fn list_messages(&self, channel: u64, query: &str) -> Reply {
        if !self.channels.contains_key(&channel) {
            return Reply::error(10003);
        }
        let limit = query_param(query, "limit").and_then(|l| l.parse().ok()).unwrap_or(50usize).min(100);
        let before = query_param(query, "before").and_then(|v| v.parse::<u64>().ok());
        let after = query_param(query, "after").and_then(|v| v.parse::<u64>().ok());
        let list: Vec<Value> = self
            .channel_message_list(channel, false)
            .into_iter()
            .rev()
            .filter(|m| {
                let id = snowflake(m.get("id")).unwrap_or(0);
                before.is_none_or(|b| id < b) && after.is_none_or(|a| id > a)
            })
            .take(limit)
            .collect();
        Reply::ok(Value::Array(list))
    }

    fn thread_from_message(&mut self, channel: u64, message: u64, body: &Value) -> Reply {
        let Some(c) = self.channels.get(&channel) else { return Reply::error(10003) };
        if !c.guild || !matches!(c.kind, 0 | 5) {
            return Reply::json(
                400,
                json!({"message": "Cannot execute action on this channel type", "code": 50024}),
            );
        }
        if self.live_message(channel, message).is_none() {
            return Reply::error(10008);
        }
        if self.channels.contains_key(&message) {
            return Reply::error(160004);
        }
        let name = body["name"].as_str().unwrap_or_default().to_owned();
        let archive = body["auto_archive_duration"].as_u64().unwrap_or(1440);
        self.new_thread(message, channel, &name, 11, archive, self.bot_id);
        if let Some(t) = self.channels.get_mut(&message) {
            t.starter_message = Some(message);
        }
        let thread = self.channel_json(message).unwrap_or_default();
        if let Some(m) = self.messages.get_mut(&message) {
            m.json["thread"] = thread.clone();
            let flags = m.json["flags"].as_u64().unwrap_or(0) | HAS_THREAD;
            m.json["flags"] = json!(flags);
        }
        self.echo_thread("THREAD_CREATE", message, true);
        Reply::json(201, thread)
    }

    fn thread_without_message(&mut self, channel: u64, body: &Value) -> Reply {
        let Some(c) = self.channels.get(&channel) else { return Reply::error(10003) };
        if !c.guild || !matches!(c.kind, 0 | 5) {
            return Reply::json(
                400,
                json!({"message": "Cannot execute action on this channel type", "code": 50024}),
            );
        }
        let kind = body["type"].as_u64().unwrap_or(12);
        if !matches!(kind, 10..=12) {
            return Reply::invalid(&[Problem::new(
                "type",
                "BASE_TYPE_CHOICES",
                "Value must be one of (10, 11, 12).",
            )]);
        }
        let id = self.next_id();
        let name = body["name"].as_str().unwrap_or_default().to_owned();
        let archive = body["auto_archive_duration"].as_u64().unwrap_or(1440);
        self.new_thread(id, channel, &name, u8::try_from(kind).unwrap_or(12), archive, self.bot_id);
        self.echo_thread("THREAD_CREATE", id, true);
        Reply::json(201, self.channel_json(id).unwrap_or_default())
    }

    fn patch_channel(&mut self, channel: u64, body: &Value) -> Reply {
        let Some(c) = self.channels.get_mut(&channel) else { return Reply::error(10003) };
        if let Some(name) = body["name"].as_str() {
            c.name = name.to_owned();
        }
        let thread = c.is_thread();
        if thread {
            if let Some(a) = body["archived"].as_bool() {
                c.archived = a;
            }
            if let Some(l) = body["locked"].as_bool() {
                c.locked = l;
            }
            if let Some(d) = body["auto_archive_duration"].as_u64() {
                c.auto_archive = d;
            }
        }
        if thread {
            self.echo_thread("THREAD_UPDATE", channel, false);
        } else {
            self.echo_channel("CHANNEL_UPDATE", channel);
        }
        Reply::ok(self.channel_json(channel).unwrap_or_default())
    }

    fn delete_channel(&mut self, channel: u64) -> Reply {
        let Some(json) = self.channel_json(channel) else { return Reply::error(10003) };
        let (thread, guild) =
            self.channels.get(&channel).map_or((false, false), |c| (c.is_thread(), c.guild));
        if thread {
            self.echo_thread("THREAD_DELETE", channel, false);
            self.channels.remove(&channel);
        } else if guild {
            self.echo_channel("CHANNEL_DELETE", channel);
            self.channels.remove(&channel);
        }
        Reply::ok(json)
    }
}

/// Discord's limits as the double applies them to each request (the buckets' bookkeeping is
/// [`super::ratelimit`]'s).
impl State {
    /// Answers 429 (global) when this request is past the global limit of the last second; the
    /// interaction endpoints are exempt.
    pub(super) fn global_limit(&mut self, seq: usize) -> Option<Reply> {
        let limit = self.settings.global_rate_limit?;
        if self.requests[seq].is_exempt() {
            return None;
        }
        let now = self.requests[seq].at;
        let window = now.saturating_sub(Duration::from_secs(1));
        let counted: Vec<Duration> = self
            .requests
            .iter()
            .filter(|r| !r.is_exempt() && r.at > window && (r.status != 429 || r.seq == seq))
            .map(|r| r.at)
            .collect();
        if counted.len() <= limit {
            return None;
        }
        // A slot frees when the oldest request counted leaves the window.
        let oldest = counted.first().copied().unwrap_or(now);
        let retry_after = seconds((oldest + Duration::from_secs(1)).saturating_sub(now).as_secs_f64());
        self.requests[seq].limited = Some(Limited::Global);
        let mut reply = Reply::json(429, rate_limit_body(retry_after, true));
        reply.headers = vec![
            ("Retry-After", whole_seconds(retry_after)),
            ("X-RateLimit-Global", "true".to_owned()),
            ("X-RateLimit-Scope", "global".to_owned()),
        ];
        Some(reply)
    }

    /// Takes this request from its route's bucket. Returns the bucket headers every answer on the
    /// route carries, and a 429 when the bucket is empty.
    pub(super) fn route_limit(
        &mut self,
        seq: usize,
        kind: RouteKind,
        major: u64,
    ) -> (Headers, Option<Reply>) {
        if !self.buckets.enabled || !kind.is_bucketed() {
            return (Vec::new(), None);
        }
        let now = self.requests[seq].at;
        let Some(Taken { headers, empty_for }) = self.buckets.take(kind, major, now) else {
            return (Vec::new(), None);
        };
        let Some(reset_after) = empty_for else { return (headers, None) };
        let retry_after = seconds(reset_after);
        self.requests[seq].limited = Some(Limited::Route);
        let mut reply = Reply::json(429, rate_limit_body(retry_after, false));
        reply.headers =
            vec![("Retry-After", whole_seconds(retry_after)), ("X-RateLimit-Scope", "user".to_owned())];
        reply.headers.extend(headers.iter().cloned());
        (headers, Some(reply))
    }
}
