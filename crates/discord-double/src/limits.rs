//! The limits Discord enforces that its OpenAPI description does not encode (Discord's documentation;
//! lengths in Unicode code points).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// One problem with a request body, at a dotted path (`components.0.components.1.custom_id`).
#[derive(Clone, Debug)]
pub struct Problem {
    pub path: String,
    pub code: &'static str,
    pub message: String,
}

impl Problem {
    pub fn new(path: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self { path: path.to_owned(), code, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() { "(body)" } else { &self.path };
        write!(f, "{path}: {} [{}]", self.message, self.code)
    }
}

/// Code of a problem that Discord answers with 50006 "Cannot send an empty message".
pub const EMPTY_MESSAGE: &str = "EMPTY_MESSAGE";

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn join(path: &str, key: impl std::fmt::Display) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn max_len(out: &mut Vec<Problem>, path: &str, v: &Value, max: usize) {
    let n = chars(v);
    if n > max {
        out.push(Problem::new(
            path,
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {max} or fewer in length (is {n})."),
        ));
    }
}

fn len_between(out: &mut Vec<Problem>, path: &str, v: &Value, min: usize, max: usize) {
    match v.as_str() {
        None => out.push(Problem::new(path, "BASE_TYPE_REQUIRED", "This field is required")),
        Some(s) => {
            let n = s.chars().count();
            if n < min || n > max {
                out.push(Problem::new(
                    path,
                    "BASE_TYPE_BAD_LENGTH",
                    format!("Must be between {min} and {max} in length (is {n})."),
                ));
            }
        }
    }
}

/// A message body (create, or edit when `creating` is false).
pub fn message(body: &Value, creating: bool, has_files: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    if !body.is_object() {
        return out;
    }
    max_len(&mut out, "content", &body["content"], 2000);
    embeds(&mut out, &body["embeds"]);
    let v2 = body["flags"].as_u64().unwrap_or(0) & super::state::IS_COMPONENTS_V2 != 0;
    if !v2 {
        message_components(&mut out, &body["components"]);
    }
    allowed_mentions(&mut out, &body["allowed_mentions"]);
    if creating {
        let nonempty = |k: &str| body[k].as_array().is_some_and(|a| !a.is_empty());
        let has_content = body["content"].as_str().is_some_and(|c| !c.is_empty());
        if !has_content
            && !nonempty("embeds")
            && !nonempty("components")
            && !nonempty("sticker_ids")
            && !nonempty("attachments")
            && body.get("poll").is_none_or(Value::is_null)
            && !has_files
        {
            out.push(Problem::new("", EMPTY_MESSAGE, "Cannot send an empty message"));
        }
    }
    out
}

fn embeds(out: &mut Vec<Problem>, embeds: &Value) {
    let Some(list) = embeds.as_array() else { return };
    if list.len() > 10 {
        out.push(Problem::new(
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be 10 or fewer in length (is {}).", list.len()),
        ));
    }
    let mut total = 0;
    for (i, e) in list.iter().enumerate() {
        let p = join("embeds", i);
        max_len(out, &join(&p, "title"), &e["title"], 256);
        max_len(out, &join(&p, "description"), &e["description"], 4096);
        max_len(out, &join(&p, "footer.text"), &e["footer"]["text"], 2048);
        max_len(out, &join(&p, "author.name"), &e["author"]["name"], 256);
        total += chars(&e["title"])
            + chars(&e["description"])
            + chars(&e["footer"]["text"])
            + chars(&e["author"]["name"]);
        if let Some(fields) = e["fields"].as_array() {
            if fields.len() > 25 {
                out.push(Problem::new(
                    &join(&p, "fields"),
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 25 or fewer in length.",
                ));
            }
            for (j, f) in fields.iter().enumerate() {
                let fp = join(&join(&p, "fields"), j);
                len_between(out, &join(&fp, "name"), &f["name"], 1, 256);
                len_between(out, &join(&fp, "value"), &f["value"], 1, 1024);
                total += chars(&f["name"]) + chars(&f["value"]);
            }
        }
    }
    if total > 6000 {
        out.push(Problem::new(
            "embeds",
            "MAX_EMBED_SIZE_EXCEEDED",
            format!("Embed size exceeds maximum size of 6000 (is {total})"),
        ));
    }
}

fn allowed_mentions(out: &mut Vec<Problem>, am: &Value) {
    let Some(parse) = am["parse"].as_array() else { return };
    for (kind, list) in [("users", "users"), ("roles", "roles")] {
        let listed = am[list].as_array().is_some_and(|l| !l.is_empty());
        if listed && parse.iter().any(|p| p == kind) {
            out.push(Problem::new(
                &join("allowed_mentions", list),
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                format!("parse:[\"{kind}\"] and {list}: [ids...] are mutually exclusive."),
            ));
        }
    }
}

fn custom_id(out: &mut Vec<Problem>, path: &str, v: &Value, seen: &mut HashSet<String>) {
    len_between(out, path, v, 1, 100);
    if let Some(id) = v.as_str()
        && !seen.insert(id.to_owned())
    {
        out.push(Problem::new(
            path,
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            format!("Component custom id cannot be duplicated ({id})"),
        ));
    }
}

fn is_select(kind: u64) -> bool {
    matches!(kind, 3 | 5 | 6 | 7 | 8)
}

fn message_components(out: &mut Vec<Problem>, components: &Value) {
    let Some(rows) = components.as_array() else { return };
    if rows.len() > 5 {
        out.push(Problem::new(
            "components",
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be 5 or fewer in length (is {}).", rows.len()),
        ));
    }
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let p = join("components", i);
        if row["type"].as_u64() != Some(1) {
            out.push(Problem::new(
                &join(&p, "type"),
                "UNION_TYPE_CHOICES",
                "Top-level components must be action rows (type 1)",
            ));
            continue;
        }
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            out.push(Problem::new(
                &join(&p, "components"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 5 in length.",
            ));
        }
        let selects = items.iter().filter(|c| is_select(c["type"].as_u64().unwrap_or(0))).count();
        if selects > 0 && items.len() > 1 {
            out.push(Problem::new(
                &join(&p, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "A row holding a select menu holds nothing else",
            ));
        }
        if items.len() > 5 {
            out.push(Problem::new(
                &join(&p, "components"),
                "BASE_TYPE_BAD_LENGTH",
                format!("Must be between 1 and 5 in length (is {}).", items.len()),
            ));
        }
        for (j, c) in items.iter().enumerate() {
            let cp = join(&join(&p, "components"), j);
            match c["type"].as_u64().unwrap_or(0) {
                2 => button(out, &cp, c, &mut seen),
                k if is_select(k) => select(out, &cp, c, k, &mut seen),
                k => out.push(Problem::new(
                    &join(&cp, "type"),
                    "COMPONENT_TYPE_INVALID",
                    format!("Component type {k} is not allowed in an action row of a message"),
                )),
            }
        }
    }
}

fn button(out: &mut Vec<Problem>, p: &str, c: &Value, seen: &mut HashSet<String>) {
    let style = c["style"].as_u64().unwrap_or(0);
    if !(1..=6).contains(&style) {
        out.push(Problem::new(
            &join(p, "style"),
            "BASE_TYPE_CHOICES",
            format!("Value must be one of 1..6 (is {style})."),
        ));
    }
    max_len(out, &join(p, "label"), &c["label"], 80);
    match style {
        5 => {
            if c["url"].as_str().is_none() {
                out.push(Problem::new(&join(p, "url"), "BASE_TYPE_REQUIRED", "A link button needs a url"));
            }
            if c.get("custom_id").is_some_and(|v| !v.is_null()) {
                out.push(Problem::new(
                    &join(p, "custom_id"),
                    "BUTTON_LINK_CUSTOM_ID",
                    "A link button cannot have a custom_id",
                ));
            }
        }
        6 => {}
        _ => {
            custom_id(out, &join(p, "custom_id"), &c["custom_id"], seen);
            if c.get("url").is_some_and(|v| !v.is_null()) {
                out.push(Problem::new(
                    &join(p, "url"),
                    "BUTTON_NON_LINK_URL",
                    "Only link buttons have a url",
                ));
            }
        }
    }
    if style != 6
        && c["label"].as_str().is_none_or(str::is_empty)
        && c.get("emoji").is_none_or(Value::is_null)
    {
        out.push(Problem::new(
            &join(p, "label"),
            "BUTTON_LABEL_OR_EMOJI",
            "A button needs a label or an emoji",
        ));
    }
}

fn select(out: &mut Vec<Problem>, p: &str, c: &Value, kind: u64, seen: &mut HashSet<String>) {
    custom_id(out, &join(p, "custom_id"), &c["custom_id"], seen);
    max_len(out, &join(p, "placeholder"), &c["placeholder"], 150);
    let min = c["min_values"].as_u64().unwrap_or(1);
    let max = c["max_values"].as_u64().unwrap_or(1);
    if min > 25 || !(1..=25).contains(&max) || min > max {
        out.push(Problem::new(
            p,
            "SELECT_VALUES_RANGE",
            format!("min_values {min} / max_values {max} out of range"),
        ));
    }
    if kind == 3 {
        let options = c["options"].as_array().cloned().unwrap_or_default();
        if options.is_empty() || options.len() > 25 {
            out.push(Problem::new(
                &join(p, "options"),
                "BASE_TYPE_BAD_LENGTH",
                format!("Must be between 1 and 25 in length (is {}).", options.len()),
            ));
        }
        if max as usize > options.len() {
            out.push(Problem::new(
                &join(p, "max_values"),
                "SELECT_MAX_VALUES",
                "max_values exceeds the number of options",
            ));
        }
        let mut values = HashSet::new();
        for (i, o) in options.iter().enumerate() {
            let op = join(&join(p, "options"), i);
            len_between(out, &join(&op, "label"), &o["label"], 1, 100);
            len_between(out, &join(&op, "value"), &o["value"], 1, 100);
            max_len(out, &join(&op, "description"), &o["description"], 100);
            if let Some(v) = o["value"].as_str()
                && !values.insert(v.to_owned())
            {
                out.push(Problem::new(
                    &join(&op, "value"),
                    "SELECT_OPTION_VALUE_DUPLICATED",
                    format!("Duplicate option value {v}"),
                ));
            }
        }
    }
}

/// A modal (callback type 9's data).
pub fn modal(data: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    len_between(&mut out, "data.title", &data["title"], 1, 45);
    let mut seen = HashSet::new();
    custom_id(&mut out, "data.custom_id", &data["custom_id"], &mut HashSet::new());
    let rows = data["components"].as_array().cloned().unwrap_or_default();
    if rows.is_empty() || rows.len() > 5 {
        out.push(Problem::new(
            "data.components",
            "BASE_TYPE_BAD_LENGTH",
            format!("Must be between 1 and 5 in length (is {}).", rows.len()),
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        let p = join("data.components", i);
        let inputs: Vec<Value> = match row["type"].as_u64() {
            Some(1) => row["components"].as_array().cloned().unwrap_or_default(),
            Some(18) => {
                len_between(&mut out, &join(&p, "label"), &row["label"], 1, 45);
                vec![row["component"].clone()]
            }
            Some(10) => continue,
            other => {
                out.push(Problem::new(
                    &join(&p, "type"),
                    "UNION_TYPE_CHOICES",
                    format!("Unexpected modal component {other:?}"),
                ));
                continue;
            }
        };
        if row["type"].as_u64() == Some(1) && inputs.len() != 1 {
            out.push(Problem::new(
                &join(&p, "components"),
                "BASE_TYPE_BAD_LENGTH",
                "A modal row holds exactly one text input",
            ));
        }
        for (j, input) in inputs.iter().enumerate() {
            let ip = join(&join(&p, "components"), j);
            match input["type"].as_u64() {
                Some(4) => text_input(&mut out, &ip, input, row["type"].as_u64() == Some(1), &mut seen),
                Some(k) if is_select(k) => select(&mut out, &ip, input, k, &mut seen),
                other => out.push(Problem::new(
                    &join(&ip, "type"),
                    "UNION_TYPE_CHOICES",
                    format!("Component type {other:?} is not allowed in a modal row"),
                )),
            }
        }
    }
    out
}

fn text_input(out: &mut Vec<Problem>, p: &str, c: &Value, needs_label: bool, seen: &mut HashSet<String>) {
    custom_id(out, &join(p, "custom_id"), &c["custom_id"], seen);
    let style = c["style"].as_u64().unwrap_or(0);
    if !(1..=2).contains(&style) {
        out.push(Problem::new(
            &join(p, "style"),
            "BASE_TYPE_CHOICES",
            format!("Value must be 1 or 2 (is {style})."),
        ));
    }
    if needs_label {
        len_between(out, &join(p, "label"), &c["label"], 1, 45);
    }
    max_len(out, &join(p, "placeholder"), &c["placeholder"], 100);
    max_len(out, &join(p, "value"), &c["value"], 4000);
    let min = c["min_length"].as_u64();
    let max = c["max_length"].as_u64();
    if min.is_some_and(|m| m > 4000) {
        out.push(Problem::new(&join(p, "min_length"), "NUMBER_TYPE_MAX", "min_length must be 0 to 4000"));
    }
    if max.is_some_and(|m| !(1..=4000).contains(&m)) {
        out.push(Problem::new(&join(p, "max_length"), "NUMBER_TYPE_MAX", "max_length must be 1 to 4000"));
    }
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        out.push(Problem::new(&join(p, "min_length"), "TEXT_INPUT_LENGTH", "min_length exceeds max_length"));
    }
    if let Some(m) = max
        && chars(&c["value"]) as u64 > m
    {
        out.push(Problem::new(&join(p, "value"), "BASE_TYPE_MAX_LENGTH", "value longer than max_length"));
    }
}

/// An interaction callback body.
pub fn callback(body: &Value, has_files: bool) -> Vec<Problem> {
    let data = &body["data"];
    let prefixed = |problems: Vec<Problem>| {
        problems.into_iter().map(|mut p| {
            p.path = join("data", &p.path).trim_end_matches('.').to_owned();
            p
        })
    };
    match body["type"].as_u64() {
        Some(4) => prefixed(message(data, true, has_files)).collect(),
        Some(5) => {
            let flags = data["flags"].as_u64().unwrap_or(0);
            if flags & !super::state::EPHEMERAL != 0 {
                vec![Problem::new(
                    "data.flags",
                    "INTERACTION_DEFERRED_FLAGS",
                    format!("A deferred response (type 5) takes only the EPHEMERAL flag (64); got {flags}"),
                )]
            } else {
                Vec::new()
            }
        }
        Some(7) => prefixed(message(data, false, has_files)).collect(),
        Some(8) => {
            let n = data["choices"].as_array().map_or(0, Vec::len);
            if n > 25 {
                vec![Problem::new("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")]
            } else {
                Vec::new()
            }
        }
        Some(9) => modal(data),
        _ => Vec::new(),
    }
}

static COMMAND_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-_'\p{L}\p{N}]{1,32}$").expect("regex"));

fn command_name(out: &mut Vec<Problem>, p: &str, v: &Value) {
    match v.as_str() {
        None => out.push(Problem::new(p, "BASE_TYPE_REQUIRED", "This field is required")),
        Some(name) => {
            if !COMMAND_NAME.is_match(name) {
                out.push(Problem::new(
                    p,
                    "APPLICATION_COMMAND_INVALID_NAME",
                    format!("Command name is invalid: {name:?}"),
                ));
            } else if name.to_lowercase() != name {
                out.push(Problem::new(
                    p,
                    "APPLICATION_COMMAND_INVALID_NAME",
                    format!("Command names must be lowercase: {name:?}"),
                ));
            }
        }
    }
}

fn command_chars(c: &Value) -> usize {
    let mut n = chars(&c["name"]) + chars(&c["description"]);
    for choice in c["choices"].as_array().into_iter().flatten() {
        n += chars(&choice["name"])
            + choice["value"]
                .as_str()
                .map_or_else(|| choice["value"].to_string().len(), |s| s.chars().count());
    }
    for o in c["options"].as_array().into_iter().flatten() {
        n += command_chars(o);
    }
    n
}

fn options(out: &mut Vec<Problem>, p: &str, list: &Value, depth: u8) {
    let Some(list) = list.as_array() else { return };
    if list.len() > 25 {
        out.push(Problem::new(
            p,
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be 25 or fewer in length (is {}).", list.len()),
        ));
    }
    let mut names = HashSet::new();
    let mut seen_optional = false;
    let subs = list.iter().filter(|o| matches!(o["type"].as_u64(), Some(1 | 2))).count();
    if subs > 0 && subs != list.len() {
        out.push(Problem::new(
            p,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Subcommands cannot be mixed with other options",
        ));
    }
    for (i, o) in list.iter().enumerate() {
        let op = join(p, i);
        command_name(out, &join(&op, "name"), &o["name"]);
        len_between(out, &join(&op, "description"), &o["description"], 1, 100);
        if let Some(name) = o["name"].as_str()
            && !names.insert(name.to_owned())
        {
            out.push(Problem::new(
                &join(&op, "name"),
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Duplicate option name",
            ));
        }
        let kind = o["type"].as_u64().unwrap_or(0);
        match kind {
            1 | 2 => {
                if depth >= 2 || (kind == 2 && depth >= 1) {
                    out.push(Problem::new(
                        &join(&op, "type"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Subcommands nest too deep",
                    ));
                }
                if kind == 2
                    && o["options"]
                        .as_array()
                        .is_some_and(|sub| sub.iter().any(|s| s["type"].as_u64() != Some(1)))
                {
                    out.push(Problem::new(
                        &join(&op, "options"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "A subcommand group holds subcommands only",
                    ));
                }
                options(out, &join(&op, "options"), &o["options"], depth + 1);
            }
            _ => {
                let required = o["required"].as_bool().unwrap_or(false);
                if required && seen_optional {
                    out.push(Problem::new(
                        &join(&op, "required"),
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    ));
                }
                seen_optional |= !required;
                if let Some(choices) = o["choices"].as_array() {
                    if choices.len() > 25 {
                        out.push(Problem::new(
                            &join(&op, "choices"),
                            "BASE_TYPE_MAX_LENGTH",
                            "Must be 25 or fewer in length.",
                        ));
                    }
                    for (j, choice) in choices.iter().enumerate() {
                        let cp = join(&join(&op, "choices"), j);
                        len_between(out, &join(&cp, "name"), &choice["name"], 1, 100);
                        if choice["value"].is_string() {
                            len_between(out, &join(&cp, "value"), &choice["value"], 1, 100);
                        }
                    }
                }
                if o["min_length"].as_u64().is_some_and(|m| m > 6000) {
                    out.push(Problem::new(
                        &join(&op, "min_length"),
                        "NUMBER_TYPE_MAX",
                        "min_length must be 0 to 6000",
                    ));
                }
                if o["max_length"].as_u64().is_some_and(|m| !(1..=6000).contains(&m)) {
                    out.push(Problem::new(
                        &join(&op, "max_length"),
                        "NUMBER_TYPE_MAX",
                        "max_length must be 1 to 6000",
                    ));
                }
            }
        }
    }
}

/// One command definition.
pub fn command(out: &mut Vec<Problem>, p: &str, c: &Value) {
    let kind = c["type"].as_u64().unwrap_or(1);
    if kind == 1 {
        command_name(out, &join(p, "name"), &c["name"]);
        len_between(out, &join(p, "description"), &c["description"], 1, 100);
        options(out, &join(p, "options"), &c["options"], 0);
        let total = command_chars(c);
        if total > 4000 {
            out.push(Problem::new(
                p,
                "APPLICATION_COMMAND_TOO_LARGE",
                format!("Command exceeds maximum size (4000 characters; is {total})"),
            ));
        }
    } else {
        len_between(out, &join(p, "name"), &c["name"], 1, 32);
        if c["description"].as_str().is_some_and(|d| !d.is_empty()) {
            out.push(Problem::new(
                &join(p, "description"),
                "BASE_TYPE_BAD_LENGTH",
                "User and message commands have no description",
            ));
        }
    }
}

/// A bulk overwrite (array) or a single command.
pub fn commands(body: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    match body {
        Value::Array(list) => {
            let chat = list.iter().filter(|c| c["type"].as_u64().unwrap_or(1) == 1).count();
            if chat > 100 || list.len() > 110 {
                out.push(Problem::new("", "BASE_TYPE_MAX_LENGTH", "At most 100 chat input commands a scope"));
            }
            let mut names = HashSet::new();
            for (i, c) in list.iter().enumerate() {
                command(&mut out, &i.to_string(), c);
                let key =
                    format!("{}:{}", c["type"].as_u64().unwrap_or(1), c["name"].as_str().unwrap_or_default());
                if !names.insert(key) {
                    out.push(Problem::new(
                        &join(&i.to_string(), "name"),
                        "APPLICATION_COMMANDS_DUPLICATE_NAME",
                        "Application command names must be unique",
                    ));
                }
            }
        }
        c => command(&mut out, "", c),
    }
    out
}

/// Starting a thread (`name` is required when creating).
pub fn thread(body: &Value, creating: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    if creating || body.get("name").is_some() {
        len_between(&mut out, "name", &body["name"], 1, 100);
    }
    if let Some(d) = body.get("auto_archive_duration").filter(|v| !v.is_null())
        && !matches!(d.as_u64(), Some(60 | 1440 | 4320 | 10080))
    {
        out.push(Problem::new(
            "auto_archive_duration",
            "BASE_TYPE_CHOICES",
            format!("Value must be one of (60, 1440, 4320, 10080) (is {d})."),
        ));
    }
    if let Some(r) = body["rate_limit_per_user"].as_u64()
        && r > 21600
    {
        out.push(Problem::new("rate_limit_per_user", "NUMBER_TYPE_MAX", "Must be 21600 or less."));
    }
    out
}
