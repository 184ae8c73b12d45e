//! Knowledge-base articles: what a technician writes once so that requesters can help themselves,
//! and the text normalisation both databases' full-text indexes share.
//!
//! An article is parsed at the edge into an [`ArticleDraft`] that cannot be invalid (a title, the
//! symptoms and the steps present and within their limits, a category, a few tags). Search works on
//! [`normalise`]d text: lowercase, accents folded (`contraseña` → `contrasena`, `Passwörter` →
//! `passworter`), so the index and the query agree whatever the language and however the requester
//! typed it. [`search_terms`] turns free text into the few meaningful word stems a query is built
//! from — stop words of the desk's four languages removed, each word cut to a stem that also finds
//! its plural and inflected forms (`printer`, `printers`, `printing` → `print`).

use chrono::{DateTime, Utc};

use super::DiscordId;
use super::text::char_count;

/// An article's database id.
pub type ArticleId = i64;

/// Title, in characters.
pub const TITLE_MAX_CHARS: usize = 100;
/// Symptoms: what the requester sees.
pub const SYMPTOMS_MAX_CHARS: usize = 1000;
/// Steps: what to do. Fits an embed field after a little framing, and a modal input.
pub const STEPS_MAX_CHARS: usize = 1900;
/// Tags, after splitting.
pub const TAGS_MAX: usize = 10;
/// One tag, in characters.
pub const TAG_MAX_CHARS: usize = 30;
/// The search query, in characters (a Discord option can be longer; the rest says nothing more).
pub const QUERY_MAX_CHARS: usize = 300;
/// Query terms used at most: the first meaningful words of a long text.
pub const QUERY_TERMS_MAX: usize = 24;
/// A word stem's length: long enough to tell words apart, short enough to reach plurals and
/// inflections in four languages.
const STEM_CHARS: usize = 5;

/// An article as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub guild_id: DiscordId,
    pub title: String,
    pub symptoms: String,
    pub steps: String,
    pub category: String,
    pub tags: Vec<String>,
    pub author_id: DiscordId,
    pub source_ticket_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: DiscordId,
    pub retired_at: Option<DateTime<Utc>>,
    pub retired_by: Option<DiscordId>,
}

impl Article {
    pub fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }
}

/// The words of an article, checked: what is written to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDraft {
    pub title: String,
    pub symptoms: String,
    pub steps: String,
    pub category: String,
    pub tags: Vec<String>,
}

/// Why an article's words were refused. The Discord layer words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ArticleProblem {
    #[error("the title is empty")]
    NoTitle,
    #[error("the title is too long")]
    TitleTooLong,
    #[error("the symptoms are empty")]
    NoSymptoms,
    #[error("the symptoms are too long")]
    SymptomsTooLong,
    #[error("the steps are empty")]
    NoSteps,
    #[error("the steps are too long")]
    StepsTooLong,
    #[error("the category is not one of the desk's")]
    UnknownCategory,
    #[error("too many tags")]
    TooManyTags,
}

impl ArticleDraft {
    /// Checks an article's words: trimmed, each present and within its limit; `category` one of
    /// `categories` (compared without case); `tags` split on commas, lowercased, deduplicated.
    pub fn parse(
        title: &str,
        symptoms: &str,
        steps: &str,
        category: &str,
        tags: &str,
        categories: &[&str],
    ) -> Result<ArticleDraft, ArticleProblem> {
        let title = title.trim();
        let symptoms = symptoms.trim();
        let steps = steps.trim();
        if title.is_empty() {
            return Err(ArticleProblem::NoTitle);
        }
        if char_count(title) > TITLE_MAX_CHARS {
            return Err(ArticleProblem::TitleTooLong);
        }
        if symptoms.is_empty() {
            return Err(ArticleProblem::NoSymptoms);
        }
        if char_count(symptoms) > SYMPTOMS_MAX_CHARS {
            return Err(ArticleProblem::SymptomsTooLong);
        }
        if steps.is_empty() {
            return Err(ArticleProblem::NoSteps);
        }
        if char_count(steps) > STEPS_MAX_CHARS {
            return Err(ArticleProblem::StepsTooLong);
        }
        let wanted = category.trim();
        let category = categories
            .iter()
            .find(|c| c.eq_ignore_ascii_case(wanted))
            .ok_or(ArticleProblem::UnknownCategory)?;
        let mut parsed: Vec<String> = Vec::new();
        for tag in tags.split([',', ';', '\n']) {
            let tag: String = tag.trim().to_lowercase().chars().take(TAG_MAX_CHARS).collect();
            if !tag.is_empty() && !parsed.contains(&tag) {
                parsed.push(tag);
            }
        }
        if parsed.len() > TAGS_MAX {
            return Err(ArticleProblem::TooManyTags);
        }
        Ok(ArticleDraft {
            title: title.to_owned(),
            symptoms: symptoms.to_owned(),
            steps: steps.to_owned(),
            category: (*category).to_owned(),
            tags: parsed,
        })
    }

    /// The tags as stored: comma-separated.
    pub fn tags_text(&self) -> String {
        self.tags.join(",")
    }

    /// The draft's text as the full-text index holds it.
    pub fn indexed(&self) -> IndexedText {
        IndexedText {
            title: normalise(&self.title),
            symptoms: normalise(&self.symptoms),
            category: normalise(&self.category),
            tags: normalise(&self.tags.join(" ")),
            steps: normalise(&self.steps),
        }
    }
}

/// An article's columns as the full-text index holds them, each [`normalise`]d.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedText {
    pub title: String,
    pub symptoms: String,
    pub category: String,
    pub tags: String,
    pub steps: String,
}

/// Lowercase with accents folded, and every character that is not a letter or a digit made a space:
/// the form both the index and the queries are written in.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(folded) => out.push_str(folded),
            None if c.is_alphanumeric() => out.push(c),
            None => out.push(' '),
        }
    }
    out
}

/// The accents of the Latin letters the desk's languages use, folded to their base letters.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ñ' => "n",
        'ç' => "c",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// Words that say nothing about a problem, in English, Spanish, Italian and German, normalised.
const STOP_WORDS: &[&str] = &[
    // English
    "the",
    "and",
    "for",
    "but",
    "not",
    "with",
    "when",
    "this",
    "that",
    "from",
    "have",
    "has",
    "had",
    "was",
    "were",
    "are",
    "can",
    "cannot",
    "cant",
    "does",
    "doesnt",
    "dont",
    "didnt",
    "will",
    "wont",
    "its",
    "into",
    "out",
    "again",
    "since",
    "after",
    "before",
    "every",
    "all",
    "any",
    "some",
    "there",
    "their",
    "they",
    "you",
    "your",
    "our",
    "his",
    "her",
    "she",
    "him",
    "who",
    "what",
    "why",
    "how",
    "get",
    "got",
    "just",
    "still",
    "also",
    "too",
    "very",
    "now",
    "today",
    "morning",
    "problem",
    "issue",
    "help",
    "please",
    "thanks",
    "started",
    "keeps",
    "keep",
    "able",
    "anymore",
    "need",
    "my",
    "me",
    "is",
    "it",
    "on",
    "in",
    "to",
    "of",
    "a",
    "an",
    "at",
    "or",
    "be",
    "do",
    "no",
    // Spanish
    "que",
    "los",
    "las",
    "del",
    "por",
    "para",
    "con",
    "una",
    "uno",
    "unos",
    "mis",
    "mas",
    "pero",
    "como",
    "esta",
    "este",
    "esto",
    "muy",
    "hoy",
    "tengo",
    "puedo",
    "funciona",
    "ayuda",
    "favor",
    "hola",
    "gracias",
    "cuando",
    "desde",
    "todo",
    "todos",
    "nada",
    "problema",
    "sin",
    "sus",
    "les",
    "ella",
    "ellos",
    // Italian
    "che",
    "non",
    "per",
    "una",
    "gli",
    "della",
    "delle",
    "dei",
    "del",
    "nel",
    "nella",
    "con",
    "sono",
    "mio",
    "mia",
    "miei",
    "oggi",
    "posso",
    "riesco",
    "funziona",
    "aiuto",
    "grazie",
    "ciao",
    "quando",
    "anche",
    "tutto",
    "tutti",
    "niente",
    "piu",
    "problema",
    "questo",
    "questa",
    "ancora",
    // German
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "mit",
    "ein",
    "eine",
    "einen",
    "ich",
    "mein",
    "meine",
    "kann",
    "keine",
    "kein",
    "heute",
    "hilfe",
    "bitte",
    "danke",
    "hallo",
    "wenn",
    "seit",
    "auch",
    "noch",
    "problem",
    "geht",
    "funktioniert",
    "mehr",
    "auf",
    "fur",
    "von",
    "bei",
];

/// The meaningful word stems of a text, in the order they first appear, at most
/// [`QUERY_TERMS_MAX`]: normalised, stop words and words under three characters dropped, each cut to
/// its first [`STEM_CHARS`] characters (a query matches words starting with a stem). Only letters and
/// digits are left, so a term is safe to put into a full-text query as it is.
pub fn search_terms(text: &str) -> Vec<String> {
    let limited: String = text.chars().take(QUERY_MAX_CHARS * 4).collect();
    let mut terms: Vec<String> = Vec::new();
    for word in normalise(&limited).split_whitespace() {
        if char_count(word) < 3 || STOP_WORDS.contains(&word) || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let stem: String = word.chars().take(STEM_CHARS).collect();
        if !terms.contains(&stem) {
            terms.push(stem);
        }
        if terms.len() == QUERY_TERMS_MAX {
            break;
        }
    }
    terms
}

/// An SQLite FTS5 query matching any of `terms` as a prefix: `"print"* OR "jam"*`.
pub fn fts5_query(terms: &[String]) -> String {
    terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" OR ")
}

/// A PostgreSQL `to_tsquery('simple', …)` matching any of `terms` as a prefix: `print:* | jam:*`.
pub fn tsquery(terms: &[String]) -> String {
    terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" | ")
}

/// A found article with how well it matched: the share of the query's terms it contains (0–1),
/// which decides whether it is worth showing a requester.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub article: Article,
    pub coverage: f64,
}

/// How much of `terms` an article's text contains, 0.0 to 1.0.
pub fn coverage(terms: &[String], article: &Article) -> f64 {
    if terms.is_empty() {
        return 0.0;
    }
    let text = normalise(&format!(
        "{} {} {} {} {}",
        article.title,
        article.symptoms,
        article.category,
        article.tags.join(" "),
        article.steps
    ));
    let words: Vec<&str> = text.split_whitespace().collect();
    let hits = terms.iter().filter(|t| words.iter().any(|w| w.starts_with(t.as_str()))).count();
    hits as f64 / terms.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATEGORIES: &[&str] = &["network", "hardware", "accounts"];

    #[test]
    fn accents_and_case_are_folded_and_punctuation_splits_words() {
        assert_eq!(normalise("Contraseña caducada!"), "contrasena caducada ");
        assert_eq!(normalise("Straße/Drucker"), "strasse drucker");
        assert_eq!(normalise("Perché NON funziona?"), "perche non funziona ");
    }

    #[test]
    fn search_terms_are_stems_of_meaningful_words_only() {
        assert_eq!(search_terms("My printers keep jamming!"), vec!["print", "jammi"]);
        assert_eq!(search_terms("La impresora no imprime"), vec!["impre", "impri"]);
        assert!(search_terms("please help, it does not work").contains(&"work".to_owned()));
        assert!(search_terms("?! ... 123").is_empty());
        assert_eq!(search_terms("VPN vpn Vpn"), vec!["vpn"]);
    }

    #[test]
    fn queries_are_built_from_terms_only() {
        let terms = search_terms("\"; DROP TABLE articles; -- vpn*");
        for t in &terms {
            assert!(t.chars().all(char::is_alphanumeric), "{t}");
        }
        assert_eq!(fts5_query(&["vpn".into(), "print".into()]), "\"vpn\"* OR \"print\"*");
        assert_eq!(tsquery(&["vpn".into(), "print".into()]), "vpn:* | print:*");
    }

    #[test]
    fn coverage_is_the_share_of_the_query_terms_an_article_contains() {
        let article = Article {
            id: 1,
            guild_id: 1,
            title: "VPN keeps disconnecting".into(),
            symptoms: "AnyConnect drops every few minutes.".into(),
            steps: "Update the client.".into(),
            category: "network".into(),
            tags: vec!["vpn".into()],
            author_id: 1,
            source_ticket_id: None,
            created_at: DateTime::<Utc>::MIN_UTC,
            updated_at: DateTime::<Utc>::MIN_UTC,
            updated_by: 1,
            retired_at: None,
            retired_by: None,
        };
        assert_eq!(coverage(&search_terms("my vpn disconnects"), &article), 1.0);
        assert_eq!(coverage(&search_terms("vpn printer"), &article), 0.5);
        assert_eq!(coverage(&[], &article), 0.0);
    }

    #[test]
    fn a_draft_is_trimmed_checked_and_its_tags_split() {
        let d = ArticleDraft::parse(
            " VPN drops ",
            "It drops",
            "Update",
            "Network",
            "VPN, anyconnect,,vpn",
            CATEGORIES,
        )
        .unwrap();
        assert_eq!(d.title, "VPN drops");
        assert_eq!(d.category, "network");
        assert_eq!(d.tags, vec!["vpn", "anyconnect"]);
        assert_eq!(
            ArticleDraft::parse(" ", "s", "s", "network", "", CATEGORIES),
            Err(ArticleProblem::NoTitle)
        );
        assert_eq!(
            ArticleDraft::parse("t", "s", "s", "plumbing", "", CATEGORIES),
            Err(ArticleProblem::UnknownCategory)
        );
        let long = "x".repeat(TITLE_MAX_CHARS + 1);
        assert_eq!(
            ArticleDraft::parse(&long, "s", "s", "network", "", CATEGORIES),
            Err(ArticleProblem::TitleTooLong)
        );
        assert_eq!(
            ArticleDraft::parse("t", "", "s", "network", "", CATEGORIES),
            Err(ArticleProblem::NoSymptoms)
        );
        assert_eq!(
            ArticleDraft::parse("t", "s", " ", "network", "", CATEGORIES),
            Err(ArticleProblem::NoSteps)
        );
    }
}
