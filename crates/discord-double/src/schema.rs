//! Request bodies checked against Discord's OpenAPI description (`discord-api/openapi.json`, compiled in),
//! and, in the double's own tests, the bodies of its answers ([`check_response`]).
//!
//! The whole file is registered once per process as one JSON Schema resource; each operation's
//! validator is a `$ref` into `#/paths/<escaped path>/<method>/requestBody/content/application~1json/schema`,
//! compiled on first use and cached.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use jsonschema::{Draft, Registry, Validator};
use regex::Regex;
use serde_json::Value;

use super::limits::Problem;

const BASE_URI: &str = "https://discord.invalid/openapi.json";

/// Compiled in, so that `deskbot sandbox` validates the bot's requests wherever it runs.
const SPEC_TEXT: &str = include_str!("../discord-api/openapi.json");

static SPEC: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(SPEC_TEXT).expect("the compiled-in openapi.json is JSON"));

static REGISTRY: LazyLock<Registry<'static>> = LazyLock::new(|| {
    Registry::new()
        .draft(Draft::Draft202012)
        .add(BASE_URI, &*SPEC)
        .expect("the OpenAPI description registers")
        .prepare()
        .expect("the OpenAPI description prepares")
});

struct RouteTemplate {
    template: String,
    regex: Regex,
    literals: usize,
}

static ROUTES: LazyLock<Vec<RouteTemplate>> = LazyLock::new(|| {
    let paths = SPEC["paths"].as_object().expect("paths");
    let mut routes: Vec<RouteTemplate> = paths
        .keys()
        .map(|template| {
            let mut pattern = String::from("^");
            let mut literals = 0;
            for segment in template.split('/').skip(1) {
                pattern.push('/');
                if segment.starts_with('{') && segment.ends_with('}') {
                    pattern.push_str("[^/]+");
                } else {
                    literals += 1;
                    pattern.push_str(&regex::escape(segment));
                }
            }
            pattern.push('$');
            RouteTemplate {
                template: template.clone(),
                regex: Regex::new(&pattern).expect("route regex"),
                literals,
            }
        })
        .collect();
    // Prefer the most literal template: `/messages/@original` over `/messages/{message_id}`.
    routes.sort_by(|a, b| b.literals.cmp(&a.literals).then_with(|| a.template.cmp(&b.template)));
    routes
});

type ValidatorCache = Mutex<HashMap<String, Option<Arc<Validator>>>>;
static VALIDATORS: LazyLock<ValidatorCache> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The route template of Discord's description a concrete path (without `/api/v10`) belongs to.
pub fn route_of(path: &str) -> Option<&'static str> {
    ROUTES.iter().find(|r| r.regex.is_match(path)).map(|r| r.template.as_str())
}

/// Whether the description documents this method on this template.
pub fn documents(method: &str, template: &str) -> bool {
    SPEC["paths"][template].get(method.to_ascii_lowercase()).is_some()
}

fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Percent-encodes what may not appear raw in a URI fragment.
fn fragment_encode(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn validator_for(method: &str, template: &str) -> Option<Arc<Validator>> {
    schema_validator(method, template, &["requestBody"])
}

/// The validator of the JSON schema at `paths/<template>/<method>/<within...>/content/application/json/schema`.
fn schema_validator(method: &str, template: &str, within: &[&str]) -> Option<Arc<Validator>> {
    let method = method.to_ascii_lowercase();
    let key = format!("{method} {template} {}", within.join("/"));
    if let Some(v) = VALIDATORS.lock().expect("validator cache").get(&key) {
        return v.clone();
    }
    let mut node = &SPEC["paths"][template][&method];
    for segment in within {
        node = &node[*segment];
    }
    let has_schema = node["content"]["application/json"].get("schema").is_some();
    let validator = has_schema.then(|| {
        let within: Vec<String> = within.iter().map(|s| escape_pointer(s)).collect();
        let pointer = format!(
            "/paths/{}/{}/{}/content/{}/schema",
            escape_pointer(template),
            method,
            within.join("/"),
            escape_pointer("application/json")
        );
        let reference = format!("{BASE_URI}#{}", fragment_encode(&pointer));
        let schema = serde_json::json!({ "$ref": reference });
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_registry(&REGISTRY)
            .build(&schema)
            .unwrap_or_else(|e| panic!("compiling the schema of {key}: {e}"));
        Arc::new(validator)
    });
    VALIDATORS.lock().expect("validator cache").insert(key, validator.clone());
    validator
}

/// Where the description is stricter than Discord, make the body say it its way before validating:
/// - permission bitfields are strings of digits in Discord's documentation (serenity sends `"8"`);
///   the description types them as integers;
/// - the `id` of an attachment in a request is an index (Discord's own examples send `0`, and so
///   does serenity); the description types it as a snowflake string.
pub fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let is_bitfield =
                        matches!(k.as_str(), "default_member_permissions" | "permissions" | "allow" | "deny");
                    let v = match v {
                        Value::String(s)
                            if is_bitfield && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) =>
                        {
                            s.parse::<u64>().map_or_else(|_| v.clone(), Value::from)
                        }
                        Value::Array(items) if k == "attachments" => Value::Array(
                            items
                                .iter()
                                .map(|a| {
                                    let mut a = normalise(a);
                                    if let Some(n) = a.get("id").and_then(Value::as_u64) {
                                        a["id"] = Value::String(n.to_string());
                                    }
                                    a
                                })
                                .collect(),
                        ),
                        _ => normalise(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        other => other.clone(),
    }
}

/// Problems of `body` against the description of `method template` (none when it documents no JSON body).
pub fn check(method: &str, template: &str, body: &Value) -> Vec<Problem> {
    let Some(validator) = validator_for(method, template) else { return Vec::new() };
    let body = normalise(body);
    validator
        .iter_errors(&body)
        .map(|e| {
            let path = e.instance_path().as_str().trim_start_matches('/').replace('/', ".");
            Problem::new(&path, "SCHEMA", e.to_string())
        })
        .collect()
}

/// Problems of an answer's `body` against the description of the 200 answer to `method template`
/// (none when it describes no JSON body).
pub fn check_response(method: &str, template: &str, body: &Value) -> Vec<Problem> {
    let Some(validator) = schema_validator(method, template, &["responses", "200"]) else {
        return Vec::new();
    };
    // Answers carry permission bitfields as strings, as the description says: nothing to normalise.
    validator
        .iter_errors(body)
        .map(|e| {
            let path = e.instance_path().as_str().trim_start_matches('/').replace('/', ".");
            Problem::new(&path, "SCHEMA", e.to_string())
        })
        .collect()
}

/// Forces the expensive parts (reading, registering and the common validators) now.
pub fn warm_up() {
    LazyLock::force(&ROUTES);
    LazyLock::force(&REGISTRY);
    for (method, template) in [
        ("POST", "/channels/{channel_id}/messages"),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
        ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
        ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
        ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
        ("POST", "/channels/{channel_id}/messages/{message_id}/threads"),
        ("POST", "/users/@me/channels"),
    ] {
        validator_for(method, template);
    }
}
