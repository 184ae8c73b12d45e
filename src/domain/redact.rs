//! Masking secrets in what people type, before anything is stored or posted.
//!
//! Requesters paste passwords, API tokens, private keys and card numbers into tickets despite being
//! told not to. [`redact`] replaces the secret *value* with a fixed mask such as `[redacted password]`
//! and keeps the label, so `password: hunter2` becomes `password: [redacted password]` and the ticket
//! still reads right. It also says what it masked, so the requester can be warned.
//!
//! What counts as a secret:
//! - a labelled value: `password: x`, `pwd=x`, `passwd`, `pass:`, `contraseña`, `Passwort`,
//!   `mot de passe`, … and `api_key=`, `token:`, `secret=`, `client_secret`, `DB_PASSWORD=` …;
//! - `Authorization: Bearer …` (and `Basic`, `Bot`), a bare `Bearer <token>`, credentials in a URL;
//! - well-known token shapes: `ghp_…`, `github_pat_…`, `xoxb-…`, `sk-…`, `AKIA…`, JWTs, Discord bot
//!   tokens;
//! - PEM private key blocks, whole;
//! - card numbers: 13–19 digits, spaces or dashes allowed, Luhn-checked.
//!
//! Ordinary prose about passwords ("I forgot my password", "password reset doesn't work"), phone
//! numbers, asset tags and numbers that fail the Luhn check are left alone. Redaction is idempotent: a
//! mask is never masked again, so redacting twice gives the same text as redacting once.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// What kind of secret was masked; tells the requester what they should not have sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    Password,
    ApiToken,
    BearerToken,
    PrivateKey,
    DiscordToken,
    CardNumber,
}

impl SecretKind {
    /// How the kind reads in a sentence ("we masked a password").
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::ApiToken => "API token",
            SecretKind::BearerToken => "bearer token",
            SecretKind::PrivateKey => "private key",
            SecretKind::DiscordToken => "Discord token",
            SecretKind::CardNumber => "card number",
        }
    }

    /// The text that replaces the secret; fixed, so the result does not leak the secret's length.
    pub fn mask(self) -> &'static str {
        match self {
            SecretKind::Password => "[redacted password]",
            SecretKind::ApiToken => "[redacted api token]",
            SecretKind::BearerToken => "[redacted bearer token]",
            SecretKind::PrivateKey => "[redacted private key]",
            SecretKind::DiscordToken => "[redacted discord token]",
            SecretKind::CardNumber => "[redacted card number]",
        }
    }

    /// When detectors disagree about one span, the mask of the more specific kind wins; a labelled
    /// password reads best as a password even if it looks like a token.
    fn rank(self) -> u8 {
        match self {
            SecretKind::PrivateKey => 0,
            SecretKind::BearerToken => 1,
            SecretKind::Password => 2,
            SecretKind::DiscordToken => 3,
            SecretKind::ApiToken => 4,
            SecretKind::CardNumber => 5,
        }
    }
}

/// Text with its secrets masked, and what was masked so the requester can be warned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The text to store and post.
    pub text: String,
    /// The kinds masked, each once, in the order first met; empty when nothing was found.
    pub masked: Vec<SecretKind>,
}

impl Redacted {
    /// Whether the requester should be told that something was masked.
    pub fn found_secrets(&self) -> bool {
        !self.masked.is_empty()
    }
}

/// The longest mask; with a one-character secret this bounds how much redaction can grow a text.
pub const MAX_MASK_CHARS: usize = 24;

/// Masks every secret in `text`. Never panics; idempotent.
pub fn redact(text: &str) -> Redacted {
    let mut current = text.to_owned();
    let mut masked = Vec::new();
    // One pass nearly always finds everything; a mask can change what surrounds a neighbour (a
    // boundary appears), so repeat until nothing new is found. Each pass that changes the text
    // masks at least one character that was not masked before, so this ends; the cap is a guard.
    for _ in 0..MAX_PASSES {
        let spans = find_secrets(&current);
        if spans.is_empty() {
            break;
        }
        let mut next = String::with_capacity(current.len());
        let mut at = 0;
        for span in &spans {
            next.push_str(current.get(at..span.start).unwrap_or_default());
            next.push_str(span.kind.mask());
            at = span.end;
            if !masked.contains(&span.kind) {
                masked.push(span.kind);
            }
        }
        next.push_str(current.get(at..).unwrap_or_default());
        current = next;
    }
    Redacted { text: current, masked }
}

const MAX_PASSES: usize = 8;

/// A byte range of the text holding a secret of `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    kind: SecretKind,
}

/// Every secret in `text`, sorted and non-overlapping, none touching an existing mask.
fn find_secrets(text: &str) -> Vec<Span> {
    let mut found = Vec::new();
    private_keys(text, &mut found);
    authorization_headers(text, &mut found);
    bare_bearer_tokens(text, &mut found);
    url_credentials(text, &mut found);
    labelled_passwords(text, &mut found);
    labelled_tokens(text, &mut found);
    token_shapes(text, &mut found);
    discord_tokens(text, &mut found);
    card_numbers(text, &mut found);
    repeated_secrets(text, &mut found);

    let masks: Vec<(usize, usize)> = MASK.find_iter(text).map(|m| (m.start(), m.end())).collect();
    let mut pieces: Vec<Span> = found
        .into_iter()
        .flat_map(|span| outside(span, &masks))
        .filter(|span| text.get(span.start..span.end).is_some_and(|s| s.chars().any(char::is_alphanumeric)))
        .collect();
    pieces.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.kind.rank()));

    let mut merged: Vec<Span> = Vec::with_capacity(pieces.len());
    for span in pieces {
        match merged.last_mut() {
            Some(last) if span.start < last.end => {
                last.end = last.end.max(span.end);
                if span.kind.rank() < last.kind.rank() {
                    last.kind = span.kind;
                }
            }
            _ => merged.push(span),
        }
    }
    merged
}

/// The parts of `span` outside the existing masks (sorted, non-overlapping), so a mask is never masked
/// again but nothing next to it escapes.
fn outside(span: Span, masks: &[(usize, usize)]) -> Vec<Span> {
    let mut pieces = Vec::new();
    let mut start = span.start;
    for &(m_start, m_end) in masks {
        if m_end <= start || m_start >= span.end {
            continue;
        }
        if m_start > start {
            pieces.push(Span { start, end: m_start, kind: span.kind });
        }
        start = start.max(m_end);
    }
    if start < span.end {
        pieces.push(Span { start, end: span.end, kind: span.kind });
    }
    pieces
}

/// Compiles a pattern written in this file; a typo is a bug caught by every test that redacts.
fn compile(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(re) => re,
        Err(e) => panic!("redaction pattern does not compile: {e}"),
    }
}

/// A mask already in the text.
static MASK: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"\[redacted (?:password|api token|bearer token|private key|discord token|card number)\]")
});

/// A value in quotes (any of the usual quote marks), or else up to the next whitespace.
const QUOTED: &str = r#"(?:"(?P<dq>[^"\n]+)"|'(?P<sq>[^'\n]+)'|`(?P<bq>[^`\n]+)`|“(?P<cq>[^”\n]+)”)"#;

/// The value of a labelled secret: the quoted content if quoted, else the unquoted run.
fn value<'t>(caps: &regex::Captures<'t>) -> Option<(regex::Match<'t>, bool)> {
    for name in ["dq", "sq", "bq", "cq"] {
        if let Some(m) = caps.name(name) {
            return Some((m, true));
        }
    }
    caps.name("u").map(|m| (m, false))
}

fn private_keys(text: &str, found: &mut Vec<Span>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        // Up to the END line, or to the end of the text when it was cut off.
        compile(
            r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)",
        )
    });
    for m in RE.find_iter(text) {
        found.push(Span { start: m.start(), end: m.end(), kind: SecretKind::PrivateKey });
    }
}

fn authorization_headers(text: &str, found: &mut Vec<Span>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            r#"(?i)\b(?:proxy-)?authorization[ \t]*[:=][ \t]*(?P<scheme>bearer|basic|token|bot)[ \t]+(?P<v>[^\s"'`]+)"#,
        )
    });
    for caps in RE.captures_iter(text) {
        let (Some(scheme), Some(v)) = (caps.name("scheme"), caps.name("v")) else { continue };
        let kind = match scheme.as_str().to_ascii_lowercase().as_str() {
            "basic" => SecretKind::Password,
            "bot" => SecretKind::DiscordToken,
            _ => SecretKind::BearerToken,
        };
        found.push(Span { start: v.start(), end: v.end(), kind });
    }
}

fn bare_bearer_tokens(text: &str, found: &mut Vec<Span>) {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(?i)\bbearer[ \t]+(?P<v>[A-Za-z0-9._~+/-]{16,}=*)"));
    for caps in RE.captures_iter(text) {
        // "bearer authentication" is prose; tokens have digits.
        if let Some(v) = caps.name("v").filter(|v| has_digit(v.as_str())) {
            found.push(Span { start: v.start(), end: v.end(), kind: SecretKind::BearerToken });
        }
    }
}

fn url_credentials(text: &str, found: &mut Vec<Span>) {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@]+:(?P<v>[^\s/@]+)@"));
    for caps in RE.captures_iter(text) {
        if let Some(v) = caps.name("v") {
            found.push(Span { start: v.start(), end: v.end(), kind: SecretKind::Password });
        }
    }
}

/// Words that label a password, in the languages the help desk sees (English, Spanish, Italian and
/// German first, then a few neighbours). A prefix such as `db_` or `new-` is allowed; the label must
/// be followed by a separator, so prose is not a label.
const PASSWORD_LABELS: &str = r"(?:[a-z0-9]+[_.-])*(?:password|passwort|passwd|passcode|passphrase|pass|pwd|pw|contraseña|contrasena|clave de acceso|clave|parola d['’]ordine|parola chiave|kennwort|zugangspasswort|wachtwoord|senha|mot de passe|mdp)";

fn labelled_passwords(text: &str, found: &mut Vec<Span>) {
    // `password: x`, `pwd=x`, `mot de passe : x`, or `password is "x"`; unquoted after "is" only
    // when it looks like a password, since "my password is expired" is prose.
    static SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(r"(?i)\b{PASSWORD_LABELS}[ \t]*[:=：][ \t]*(?:{QUOTED}|(?P<u>\S+))"))
    });
    static COPULA: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(
            r"(?i)\b{PASSWORD_LABELS}[ \t]+(?:is|was|ist|lautet|war|es|era|est|è|é|e)[ \t]+(?:{QUOTED}|(?P<u>\S+))"
        ))
    });
    for (re, copula) in [(&*SEPARATED, false), (&*COPULA, true)] {
        for caps in re.captures_iter(text) {
            let Some((v, quoted)) = value(&caps) else { continue };
            let keep =
                quoted || (!is_placeholder(v.as_str()) && (!copula || looks_like_a_password(v.as_str())));
            if keep {
                found.push(Span { start: v.start(), end: v.end(), kind: SecretKind::Password });
            }
        }
    }
}

/// An unquoted word after "password is" that is a password rather than prose: at least 6
/// characters (without the sentence's punctuation after it) with a digit or a symbol that words do
/// not have (`Hunter2!x`, `Sommer#Sonne`; not `expired`, `rejected!`, `case-sensitive`).
fn looks_like_a_password(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    word.chars().count() >= 6
        && word.chars().any(|c| c.is_ascii_digit() || !(c.is_alphabetic() || matches!(c, '\'' | '’' | '-')))
}

/// Every other place `text` holds the value of a secret already found (`pwd=Hunter2!x, I typed
/// Hunter2!x`): once known to be a secret, it is masked wherever it stands as a word of its own.
/// Values shorter than 4 characters are left alone, so a short one does not mask ordinary words.
fn repeated_secrets(text: &str, found: &mut Vec<Span>) {
    let values: Vec<(String, SecretKind)> = found
        .iter()
        .filter_map(|s| text.get(s.start..s.end).map(|v| (v.to_owned(), s.kind)))
        .filter(|(v, _)| v.chars().count() >= 4 && !MASK.is_match(v))
        .collect();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    for (value, kind) in values {
        for (start, _) in text.match_indices(value.as_str()) {
            let end = start + value.len();
            let before = text.get(..start).and_then(|t| t.chars().next_back());
            let after = text.get(end..).and_then(|t| t.chars().next());
            if !word(before) && !word(after) {
                found.push(Span { start, end, kind });
            }
        }
    }
}

fn labelled_tokens(text: &str, found: &mut Vec<Span>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(
            r#"(?i)\b(?P<prefix>(?:[a-z0-9]+[_.-])*)(?P<label>api[_.-]?(?:key|token|secret|schl(?:ü|ue)ssel)|apikey|clave[_ .-]?(?:de[_ .-]?)?api|chiave[_ .-]?api|(?:access|auth|refresh|bot|private|session)[_.-]?token|access[_.-]?key(?:[_.-]?id)?|secret[_.-]?(?:access[_.-]?)?key|client[_.-]?secret|token|secret)[ \t]*[:=：][ \t]*(?:{QUOTED}|(?P<u>[^\s"'`]+))"#
        ))
    });
    for caps in RE.captures_iter(text) {
        let Some((v, quoted)) = value(&caps) else { continue };
        let bare_word = caps.name("prefix").is_none_or(|p| p.as_str().is_empty())
            && caps
                .name("label")
                .is_some_and(|l| matches!(l.as_str().to_lowercase().as_str(), "token" | "secret"));
        let s = v.as_str();
        let keep = if quoted {
            true
        } else if bare_word {
            // Plain "token:" or "secret:" also starts prose ("token: expired"); ask for a value that
            // looks generated.
            !is_placeholder(s) && looks_generated(s)
        } else {
            !is_placeholder(s)
        };
        if keep {
            found.push(Span { start: v.start(), end: v.end(), kind: SecretKind::ApiToken });
        }
    }
}

fn token_shapes(text: &str, found: &mut Vec<Span>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        compile(concat!(
            r"\b(?:",
            r"gh[pousr]_[A-Za-z0-9]{30,}",
            r"|github_pat_[A-Za-z0-9_]{22,}",
            r"|xox[abposr]-[A-Za-z0-9-]{10,}",
            r"|sk-[A-Za-z0-9_-]{20,}",
            r"|[rs]k_(?:live|test)_[A-Za-z0-9]{16,}",
            r"|(?:AKIA|ASIA)[0-9A-Z]{16}\b",
            r"|AIza[0-9A-Za-z_-]{35}",
            r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
            r")",
        ))
    });
    for m in RE.find_iter(text) {
        // Generated tokens have digits; a long hyphenated word after "sk-" does not.
        if has_digit(m.as_str()) {
            found.push(Span { start: m.start(), end: m.end(), kind: SecretKind::ApiToken });
        }
    }
}

fn discord_tokens(text: &str, found: &mut Vec<Span>) {
    // base64(user id) . base64(timestamp) . HMAC
    static RE: LazyLock<Regex> =
        LazyLock::new(|| compile(r"\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"));
    for m in RE.find_iter(text) {
        found.push(Span { start: m.start(), end: m.end(), kind: SecretKind::DiscordToken });
    }
}

fn card_numbers(text: &str, found: &mut Vec<Span>) {
    // Groups of ASCII digits separated by one space or dash.
    static RUN: LazyLock<Regex> = LazyLock::new(|| compile(r"[0-9]+(?:[ -][0-9]+)*"));
    for run in RUN.find_iter(text) {
        if !stands_alone(text, run.start(), run.end()) {
            continue;
        }
        let groups: Vec<(usize, usize)> =
            GROUP.find_iter(run.as_str()).map(|g| (run.start() + g.start(), run.start() + g.end())).collect();
        let mut i = 0;
        while i < groups.len() {
            match card_at(text, &groups[i..]) {
                Some(taken) => {
                    let (start, _) = groups[i];
                    let (_, end) = groups[i + taken - 1];
                    found.push(Span { start, end, kind: SecretKind::CardNumber });
                    i += taken;
                }
                None => i += 1,
            }
        }
    }
}

static GROUP: LazyLock<Regex> = LazyLock::new(|| compile(r"[0-9]+"));

/// How many of `groups` (from the first) make the longest card number, if any: 13–19 digits, each
/// group of at least 3 digits as cards are printed, not starting with 0 (phone numbers do), and
/// passing the Luhn check.
fn card_at(text: &str, groups: &[(usize, usize)]) -> Option<usize> {
    let mut digits = String::new();
    let mut best = None;
    for (n, &(start, end)) in groups.iter().enumerate() {
        let group = text.get(start..end)?;
        if group.len() < 3 {
            break;
        }
        digits.push_str(group);
        if digits.len() > 19 {
            break;
        }
        if digits.len() >= 13 && !digits.starts_with('0') && luhn(&digits) {
            best = Some(n + 1);
        }
    }
    best
}

/// A digit run that is a number on its own: not part of a word or code (`AB12…`, `x4111…`), not a
/// phone number (`+49 …`), not the decimals or parts of a dotted number.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let mut before = text.get(..start).unwrap_or_default().chars().rev();
    let mut after = text.get(end..).unwrap_or_default().chars();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let (b1, b2) = (before.next(), before.next());
    let (a1, a2) = (after.next(), after.next());
    if b1.is_some_and(|c| word(c) || c == '+') || a1.is_some_and(word) {
        return false;
    }
    let dotted = |p: Option<char>, d: Option<char>| {
        p.is_some_and(|c| c == '.' || c == ',') && d.is_some_and(|c| c.is_ascii_digit())
    };
    !(dotted(b1, b2) || dotted(a1, a2))
}

/// The Luhn checksum of a string of ASCII digits.
fn luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else { return false };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// A value that looks machine-made: has a digit or symbol, or is too long to be a word. A Windows
/// error code (`0x80070005`) is quoted in tickets all the time and is no secret.
fn looks_generated(s: &str) -> bool {
    static ERROR_CODE: LazyLock<Regex> = LazyLock::new(|| compile(r"^(?i:0x[0-9a-f]{1,8})[.,;:!?)]*$"));
    let n = s.chars().count();
    ((n >= 6 && s.chars().any(|c| !c.is_alphabetic())) || n >= 16) && !ERROR_CODE.is_match(s)
}

/// A value after a label that is not a secret: a word of prose ("password: expired"), a blank, or the
/// requester's own stars.
fn is_placeholder(value: &str) -> bool {
    const WORDS: &[&str] = &[
        "none",
        "n/a",
        "na",
        "null",
        "nil",
        "unknown",
        "empty",
        "blank",
        "expired",
        "reset",
        "forgot",
        "forgotten",
        "lost",
        "wrong",
        "incorrect",
        "invalid",
        "locked",
        "changed",
        "required",
        "same",
        "missing",
        "not",
        "no",
        "yes",
        "it",
        "is",
        "the",
        "my",
        "and",
        "or",
        "ok",
    ];
    let word = value.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']).to_lowercase();
    word.is_empty()
        || WORDS.contains(&word.as_str())
        || word.chars().all(|c| matches!(c, '*' | '•' | '·' | '#' | '-' | '_' | '?' | '.'))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const GHP: &str = "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5";
    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    const DISCORD: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB";
    const PEM: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw\n-----END RSA PRIVATE KEY-----";

    /// What requesters write in each of deskbot's languages: the secret goes, the words stay.
    #[test]
    fn passwords_and_keys_are_masked_in_every_language() {
        let cases: &[(&str, &str, &str)] = &[
            // English
            ("password: Hunter2!x", "password: [redacted password]", "Hunter2!x"),
            (
                "My password is Sommer#2024 and it fails",
                "My password is [redacted password] and it fails",
                "Sommer#2024",
            ),
            ("api_key=9f8e7d6c5b4a39281706", "api_key=[redacted api token]", "9f8e7d6c5b4a39281706"),
            // Spanish
            ("contraseña: Verano#2024", "contraseña: [redacted password]", "Verano#2024"),
            (
                "Mi contraseña es Madrid!99 y no funciona",
                "Mi contraseña es [redacted password] y no funciona",
                "Madrid!99",
            ),
            (
                "clave de API: 9f8e7d6c5b4a39281706",
                "clave de API: [redacted api token]",
                "9f8e7d6c5b4a39281706",
            ),
            // Italian
            ("la mia password è Estate#2024", "la mia password è [redacted password]", "Estate#2024"),
            ("parola d'ordine: Roma2024!", "parola d'ordine: [redacted password]", "Roma2024!"),
            (
                "chiave API = 9f8e7d6c5b4a39281706",
                "chiave API = [redacted api token]",
                "9f8e7d6c5b4a39281706",
            ),
            // German
            ("Passwort: Sommer#2024", "Passwort: [redacted password]", "Sommer#2024"),
            ("Mein Kennwort lautet Berlin!77", "Mein Kennwort lautet [redacted password]", "Berlin!77"),
            (
                "API-Schlüssel: 9f8e7d6c5b4a39281706",
                "API-Schlüssel: [redacted api token]",
                "9f8e7d6c5b4a39281706",
            ),
        ];
        for (input, expected, secret) in cases {
            let r = redact(input);
            assert_eq!(r.text, *expected, "{input}");
            assert!(!r.text.contains(secret), "{input}");
            assert!(!r.masked.is_empty(), "{input}");
        }
    }

    /// Prose about passwords is not a secret in any language.
    #[test]
    fn prose_about_passwords_is_left_alone_in_every_language() {
        for prose in [
            "I forgot my password",
            "Olvidé mi contraseña y no puedo entrar",
            "Ho dimenticato la password del portatile",
            "Ich habe mein Passwort vergessen",
            "Mi contraseña es incorrecta",
            "Mein Passwort ist abgelaufen",
        ] {
            let r = redact(prose);
            assert_eq!(r.text, prose);
            assert!(r.masked.is_empty(), "{prose}");
        }
    }

    #[test]
    fn secrets_are_masked_and_their_labels_kept() {
        use SecretKind::*;
        let table: Vec<(String, String, SecretKind)> = vec![
            ("password: hunter2".into(), "password: [redacted password]".into(), Password),
            ("Password=Sommer2024!".into(), "Password=[redacted password]".into(), Password),
            ("pwd=abc123 please".into(), "pwd=[redacted password] please".into(), Password),
            ("PASSWD : Tr0ub4dor".into(), "PASSWD : [redacted password]".into(), Password),
            ("user bob pass: qwerty".into(), "user bob pass: [redacted password]".into(), Password),
            ("DB_PASSWORD=s3cr3t".into(), "DB_PASSWORD=[redacted password]".into(), Password),
            ("new-password: Winter25".into(), "new-password: [redacted password]".into(), Password),
            ("contraseña: Hola1234".into(), "contraseña: [redacted password]".into(), Password),
            ("CONTRASEÑA: Hola1234".into(), "CONTRASEÑA: [redacted password]".into(), Password),
            ("Mein Passwort: geheim123".into(), "Mein Passwort: [redacted password]".into(), Password),
            ("Kennwort=Sonne99".into(), "Kennwort=[redacted password]".into(), Password),
            ("mot de passe : azerty".into(), "mot de passe : [redacted password]".into(), Password),
            (
                "my password is \"correct horse battery\"".into(),
                "my password is \"[redacted password]\"".into(),
                Password,
            ),
            ("password: 'hunter 2' ok".into(), "password: '[redacted password]' ok".into(), Password),
            ("my password is Hunter2!x".into(), "my password is [redacted password]".into(), Password),
            (
                "the password was Sommer#Sonne.".into(),
                "the password was [redacted password]".into(),
                Password,
            ),
            (
                "my password is Hunter2!x, pwd=Hunter2!x".into(),
                "my password is [redacted password] pwd=[redacted password]".into(),
                Password,
            ),
            (
                "pwd=Tr0ub4dor and I also tried Tr0ub4dor on the VPN".into(),
                "pwd=[redacted password] and I also tried [redacted password] on the VPN".into(),
                Password,
            ),
            // Only where it stands as a word of its own; a value that short is masked only where labelled.
            (
                "pwd=abc1 then abc1x and xabc1".into(),
                "pwd=[redacted password] then abc1x and xabc1".into(),
                Password,
            ),
            ("pwd=ab1 and ab1 again".into(), "pwd=[redacted password] and ab1 again".into(), Password),
            (
                "login at https://bob:hunter2@intranet.example.com".into(),
                "login at https://bob:[redacted password]@intranet.example.com".into(),
                Password,
            ),
            (
                "Authorization: Bearer abc.def-ghi".into(),
                "Authorization: Bearer [redacted bearer token]".into(),
                BearerToken,
            ),
            (
                format!("authorization: bearer {JWT}"),
                "authorization: bearer [redacted bearer token]".into(),
                BearerToken,
            ),
            (
                "curl -H \"Authorization: Bearer 0a1b2c3d4e5f\" https://api".into(),
                "curl -H \"Authorization: Bearer [redacted bearer token]\" https://api".into(),
                BearerToken,
            ),
            (
                "send Bearer 9f8e7d6c5b4a39281706 to it".into(),
                "send Bearer [redacted bearer token] to it".into(),
                BearerToken,
            ),
            (
                "Authorization: Basic dXNlcjpwYXNz".into(),
                "Authorization: Basic [redacted password]".into(),
                Password,
            ),
            ("api_key=AbC123xyz".into(), "api_key=[redacted api token]".into(), ApiToken),
            ("API-KEY: zzzzqqqq".into(), "API-KEY: [redacted api token]".into(), ApiToken),
            ("token: 9f8e7d6c5b4a".into(), "token: [redacted api token]".into(), ApiToken),
            ("secret=hunter22".into(), "secret=[redacted api token]".into(), ApiToken),
            (
                "client_secret = \"abc def\"".into(),
                "client_secret = \"[redacted api token]\"".into(),
                ApiToken,
            ),
            (
                "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
                "AWS_SECRET_ACCESS_KEY=[redacted api token]".into(),
                ApiToken,
            ),
            (format!("here: {GHP}"), "here: [redacted api token]".into(), ApiToken),
            (
                "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz".into(),
                "[redacted api token]".into(),
                ApiToken,
            ),
            ("slack xoxb-1234567890-abcdefghij".into(), "slack [redacted api token]".into(), ApiToken),
            ("key sk-proj-Ab12Cd34Ef56Gh78Ij90Kl".into(), "key [redacted api token]".into(), ApiToken),
            ("aws AKIAIOSFODNN7EXAMPLE here".into(), "aws [redacted api token] here".into(), ApiToken),
            (format!("jwt {JWT}."), "jwt [redacted api token].".into(), ApiToken),
            (
                format!("the bot token {DISCORD} leaked"),
                "the bot token [redacted discord token] leaked".into(),
                DiscordToken,
            ),
            (
                format!("DISCORD_TOKEN={DISCORD}"),
                "DISCORD_TOKEN=[redacted discord token]".into(),
                DiscordToken,
            ),
            (format!("key:\n{PEM}\nthanks"), "key:\n[redacted private key]\nthanks".into(), PrivateKey),
            (
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA (cut off".into(),
                "[redacted private key]".into(),
                PrivateKey,
            ),
            (
                "card 4111 1111 1111 1111 exp 12/27".into(),
                "card [redacted card number] exp 12/27".into(),
                CardNumber,
            ),
            ("4111-1111-1111-1111".into(), "[redacted card number]".into(), CardNumber),
            ("visa 4111111111111111.".into(), "visa [redacted card number].".into(), CardNumber),
            ("amex 3782 822463 10005".into(), "amex [redacted card number]".into(), CardNumber),
            ("mc 5555555555554444, thanks".into(), "mc [redacted card number], thanks".into(), CardNumber),
            ("4111 1111 1111 1111 12/27".into(), "[redacted card number] 12/27".into(), CardNumber),
        ];
        for (input, expected, kind) in table {
            let r = redact(&input);
            assert_eq!(r.text, expected, "{input:?}");
            assert_eq!(r.masked, vec![kind], "{input:?}");
        }
    }

    #[test]
    fn near_misses_are_left_alone() {
        let table = [
            "I forgot my password",
            "password reset doesn't work",
            "the password field is greyed out",
            "My password expired: can you reset it?",
            "Password: expired",
            "password: none",
            "password: ********",
            "Passwords: both accounts are locked",
            "The passport photo is blurry",
            "I bypass: the proxy sometimes",
            "my password is expired",
            "my password is rejected!",
            "My password is case-sensitive, right?",
            "the password is 8 characters long",
            "token: expired",
            "The error says: invalid token: 0x80070005.",
            "Reset token expired again",
            "The bearer token is invalid",
            "my API key is not working",
            "Call me on +1 555-123-4567 or +49 30 1234 5678 901",
            "phone 0044 2079 4609 5811",
            "Asset tag AB-12345",
            "see ticket #4242 and #4243",
            "card 4111 1111 1111 1112 fails Luhn",
            "order 1234567812345678",
            "build 10.0.19045.3803, IP 192.168.1.10",
            "pi is 3.14159265358979323",
            "serial X4111111111111111",
            "meeting on 2024-05-13 at 12:30",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0B\n-----END PUBLIC KEY-----",
            "scikit uses sk-learn-style-names-for-everything",
            "",
        ];
        for input in table {
            let r = redact(input);
            assert_eq!(r.text, input, "{input:?}");
            assert!(r.masked.is_empty(), "{input:?}: {:?}", r.masked);
            assert!(!r.found_secrets());
        }
    }

    #[test]
    fn several_secrets_are_all_masked_and_reported_once_per_kind() {
        let r = redact(&format!("pwd=a1 and password: b2, token={GHP} card 4111111111111111"));
        assert_eq!(
            r.text,
            "pwd=[redacted password] and password: [redacted password] token=[redacted api token] card [redacted card number]"
        );
        assert_eq!(r.masked, vec![SecretKind::Password, SecretKind::ApiToken, SecretKind::CardNumber]);
    }

    #[test]
    fn a_private_key_block_is_masked_whole_even_with_tokens_inside() {
        let r =
            redact(&format!("-----BEGIN PRIVATE KEY-----\npassword: x {GHP}\n-----END PRIVATE KEY----- ok"));
        assert_eq!(r.text, "[redacted private key] ok");
        assert_eq!(r.masked, vec![SecretKind::PrivateKey]);
    }

    #[test]
    fn redacting_a_redacted_text_changes_nothing_and_reports_nothing() {
        let once = redact(&format!("password: \"a b\" {PEM} {JWT} 4111 1111 1111 1111 api_key='x'"));
        assert!(once.found_secrets());
        let twice = redact(&once.text);
        assert_eq!(twice.text, once.text);
        assert!(twice.masked.is_empty());
    }

    #[test]
    fn a_mask_inside_a_secret_is_kept_and_the_rest_of_the_secret_is_masked() {
        let r = redact(
            "-----BEGIN PRIVATE KEY-----\nMIIEow\n[redacted password]\nAKCAQEAu1\n-----END PRIVATE KEY-----",
        );
        assert_eq!(r.text, "[redacted private key][redacted password][redacted private key]");
        assert_eq!(r.masked, vec![SecretKind::PrivateKey]);
    }

    #[test]
    fn every_mask_is_recognised_as_a_mask_and_fits_the_bound() {
        use SecretKind::*;
        for kind in [Password, ApiToken, BearerToken, PrivateKey, DiscordToken, CardNumber] {
            assert!(kind.mask().chars().count() <= MAX_MASK_CHARS, "{kind:?}");
            assert_eq!(MASK.find(kind.mask()).map(|m| m.as_str()), Some(kind.mask()), "{kind:?}");
            assert_eq!(redact(kind.mask()).text, kind.mask());
        }
    }

    #[test]
    fn luhn_accepts_known_test_numbers_and_rejects_a_changed_digit() {
        for good in
            ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "79927398713"]
        {
            assert!(luhn(good), "{good}");
        }
        for bad in ["4111111111111112", "79927398710", "12a4"] {
            assert!(!luhn(bad), "{bad}");
        }
    }

    /// A Luhn-valid card number starting with a real issuer digit.
    fn card() -> impl Strategy<Value = String> {
        (3u32..=6, prop::collection::vec(0u32..10, 14)).prop_map(|(first, rest)| {
            let mut digits: Vec<u32> = std::iter::once(first).chain(rest).collect();
            // Choose the check digit that makes the whole number pass.
            let sum: u32 = digits
                .iter()
                .rev()
                .enumerate()
                .map(|(i, &d)| if i % 2 == 0 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
                .sum();
            digits.push((10 - sum % 10) % 10);
            digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect()
        })
    }

    /// Pieces of text that come near the patterns, joined in random orders.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("password".to_owned()),
            Just("pwd".to_owned()),
            Just("token".to_owned()),
            Just("Bearer ".to_owned()),
            Just("Authorization: ".to_owned()),
            Just(": ".to_owned()),
            Just("=".to_owned()),
            Just(" ".to_owned()),
            Just("\n".to_owned()),
            Just("\"".to_owned()),
            Just("'".to_owned()),
            Just("-".to_owned()),
            Just("[redacted password]".to_owned()),
            Just("[redacted".to_owned()),
            Just("-----BEGIN RSA PRIVATE KEY-----".to_owned()),
            Just("-----END RSA PRIVATE KEY-----".to_owned()),
            Just(GHP.to_owned()),
            Just(JWT.to_owned()),
            Just(DISCORD.to_owned()),
            Just("https://u:".to_owned()),
            Just("@".to_owned()),
            card(),
            "[0-9 -]{1,20}",
            "[a-zA-Z0-9_.]{1,12}",
            any::<String>(),
        ]
    }

    fn messy_text() -> impl Strategy<Value = String> {
        prop::collection::vec(fragment(), 0..12).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn redaction_never_panics_and_is_idempotent(text in messy_text()) {
            let once = redact(&text);
            let twice = redact(&once.text);
            prop_assert_eq!(&twice.text, &once.text);
            prop_assert!(twice.masked.is_empty());
        }

        #[test]
        fn redaction_of_any_string_is_idempotent(text in any::<String>()) {
            let once = redact(&text);
            prop_assert_eq!(redact(&once.text).text, once.text);
        }

        #[test]
        fn redaction_grows_text_by_at_most_one_mask_per_masked_character(text in messy_text()) {
            let out = redact(&text).text;
            let masks = MASK.find_iter(&out).count();
            prop_assert!(out.chars().count() <= text.chars().count() + masks * MAX_MASK_CHARS);
            prop_assert!(out.chars().count() <= text.chars().count().max(1) * MAX_MASK_CHARS);
        }

        #[test]
        fn a_card_number_in_a_message_never_survives(
            before in "[a-zA-Z ,.:]{0,20}",
            card in card(),
            sep in prop_oneof![Just(""), Just(" "), Just("-")],
            after in "[a-zA-Z ,.:/]{0,20}",
        ) {
            let grouped: Vec<String> = card.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
            let text = format!("{before} {} {after}", grouped.join(sep));
            let r = redact(&text);
            let digits: String = r.text.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(!digits.contains(&card), "{} -> {}", text, r.text);
            prop_assert!(r.found_secrets());
        }

        #[test]
        fn a_labelled_password_never_survives(
            label in prop_oneof![Just("password"), Just("Password"), Just("pwd"), Just("PASSWD"), Just("pass"), Just("Passwort")],
            sep in prop_oneof![Just(": "), Just("="), Just(" = "), Just(":")],
            secret in "[A-Za-z0-9!$%&]{1,6}[0-9][A-Za-z0-9!$%&]{0,10}",
        ) {
            let text = format!("hi, my {label}{sep}{secret} thanks");
            let r = redact(&text);
            prop_assert!(!r.text.contains(&secret), "{} -> {}", text, r.text);
            prop_assert_eq!(r.masked, vec![SecretKind::Password]);
        }

        #[test]
        fn prose_without_separators_or_long_digit_runs_is_unchanged(text in "[a-zA-Z ,.!?']{0,200}") {
            prop_assert_eq!(redact(&text).text, text);
        }
    }
}
