//! Finding closed tickets that look like a new one, for the technicians' hint in the new ticket's
//! thread. Never for the requester: a closed ticket holds another person's words (requesters are
//! offered knowledge-base articles instead, see [`super::article`]).
//!
//! Plain word overlap: cheap, explainable, and good enough for the handful of candidates a
//! category's recent closed tickets give.

use std::collections::HashSet;

use super::ticket::Ticket;

/// Words too common to say anything about a problem.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "but", "not", "with", "when", "this", "that", "from", "have", "has", "had", "was",
    "were", "are", "can", "cannot", "cant", "does", "doesnt", "dont", "didnt", "will", "wont", "its", "into",
    "out", "again", "since", "after", "before", "every", "all", "any", "some", "there", "their", "they",
    "you", "your", "our", "his", "her", "she", "him", "who", "what", "why", "how", "get", "got", "just",
    "still", "also", "too", "very", "now", "today", "morning", "work", "working", "works", "problem",
    "issue", "help", "please", "thanks", "started",
];

/// The meaningful words of a text: lowercase, letters and digits, three or more characters.
pub fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// How much of `query`'s words a candidate text shares: 0.0 to 1.0.
fn overlap(query: &HashSet<String>, candidate: &HashSet<String>) -> f64 {
    if query.is_empty() {
        return 0.0;
    }
    query.intersection(candidate).count() as f64 / query.len() as f64
}

/// Up to `max` of `candidates` that look like a problem described by `text`, best first. A candidate
/// must share at least two meaningful words with it (one when the text has only one or two), and
/// have resolution notes to show.
pub fn similar<'a>(text: &str, candidates: &'a [Ticket], max: usize) -> Vec<&'a Ticket> {
    let query = words(text);
    let needed = if query.len() <= 2 { 1 } else { 2 };
    let mut scored: Vec<(f64, &Ticket)> = candidates
        .iter()
        .filter(|t| t.resolution_notes.as_deref().is_some_and(|n| !n.trim().is_empty()))
        .filter_map(|t| {
            let theirs = words(&format!("{} {}", t.summary, t.description));
            let shared = query.intersection(&theirs).count();
            (shared >= needed).then(|| (overlap(&query, &theirs), t))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.closed_at.cmp(&a.1.closed_at)));
    scored.into_iter().take(max).map(|(_, t)| t).collect()
}

/// Groups texts that describe the same problem, for `/faq`: each text joins the first group whose
/// first text shares at least two meaningful words with it (one when either has two or fewer), else
/// starts a group. Returns the groups as indices into `texts`, in the order they were started.
pub fn group(texts: &[&str]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(HashSet<String>, Vec<usize>)> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let mine = words(text);
        let joined = groups.iter_mut().find(|(seed, _)| {
            let needed = if seed.len().min(mine.len()) <= 2 { 1 } else { 2 };
            seed.intersection(&mine).count() >= needed
        });
        match joined {
            Some((_, members)) => members.push(i),
            None => groups.push((mine, vec![i])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::intake::TicketDraft;
    use crate::domain::{Impact, Level, Urgency};

    fn closed(summary: &str, description: &str, notes: Option<&str>, day: u32) -> Ticket {
        let at = Utc.with_ymd_and_hms(2026, 10, day, 9, 0, 0).unwrap();
        let mut t = TicketDraft {
            summary: summary.into(),
            description: description.into(),
            category: "network".into(),
            impact: Impact::Individual,
            urgency: Urgency::Low,
            answers: vec![],
            level: Level::ONE,
        }
        .into_ticket(1, 2, at);
        t.resolution_notes = notes.map(str::to_owned);
        t.closed_at = Some(at);
        t
    }

    #[test]
    fn the_closest_closed_tickets_come_first_and_unrelated_ones_not_at_all() {
        let candidates = vec![
            closed("Printer jams", "Tray 2 jams on every page", Some("Replaced the roller"), 1),
            closed(
                "VPN disconnects every few minutes",
                "AnyConnect drops",
                Some("Updated AnyConnect to 5.1"),
                2,
            ),
            closed("VPN slow from home", "AnyConnect is slow", Some("Switched to the EU gateway"), 3),
            closed("VPN disconnects", "AnyConnect drops at lunch", None, 4),
        ];
        let found = similar("My VPN keeps disconnecting, AnyConnect drops every few minutes", &candidates, 3);
        let summaries: Vec<&str> = found.iter().map(|t| t.summary.as_str()).collect();
        assert_eq!(summaries.first(), Some(&"VPN disconnects every few minutes"), "{summaries:?}");
        assert!(!summaries.contains(&"Printer jams"), "{summaries:?}");
        assert!(!summaries.contains(&"VPN disconnects"), "a ticket without notes has nothing to show");
    }

    #[test]
    fn common_words_alone_do_not_make_tickets_alike() {
        let candidates = vec![closed("It does not work this morning", "Please help", Some("Rebooted"), 1)];
        assert!(similar("Outlook does not work this morning, please help", &candidates, 3).is_empty());
    }

    #[test]
    fn at_most_the_asked_number_and_nothing_from_an_empty_text() {
        let candidates: Vec<Ticket> =
            (1..=6).map(|d| closed("Monitor flickers", "Flickering screen", Some("New cable"), d)).collect();
        assert_eq!(similar("monitor flickers", &candidates, 3).len(), 3);
        assert!(similar("", &candidates, 3).is_empty());
        assert!(similar("?!", &candidates, 3).is_empty());
    }

    #[test]
    fn similar_summaries_are_grouped_and_different_ones_are_not() {
        let texts = [
            "VPN drops every few minutes",
            "Printer on floor 2 offline",
            "The VPN keeps dropping, minutes after connecting",
            "vpn drops at home",
            "Printer offline again",
            "Outlook asks for my password",
        ];
        assert_eq!(group(&texts), vec![vec![0, 2, 3], vec![1, 4], vec![5]]);
    }
}
