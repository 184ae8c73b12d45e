//! Classification: configured regex rules that read what a requester wrote and suggest a category and
//! an urgency.
//!
//! A suggestion is only that: the intake offers it and the requester confirms or changes it. Rules are
//! tried in the order they are configured; the first rule that names a category and matches decides
//! the category, and the urgency is the highest any matching rule raises. Patterns are
//! case-insensitive. The help desk's default rules live in `deskbot.example.toml` (the built-in
//! configuration), with word boundaries so that "accounting" is not an account problem and
//! "fingerprint" is not a printer.

use std::fmt;

use regex::{Regex, RegexBuilder};

use super::ticket::Urgency;

/// One classification rule: when `pattern` matches, suggest `category` and/or raise to `urgency`.
#[derive(Clone)]
pub struct Rule {
    pattern: Regex,
    /// The key of the category to suggest.
    pub category: Option<String>,
    /// The urgency to raise to (never lowers one raised by another rule).
    pub urgency: Option<Urgency>,
}

impl Rule {
    /// Builds a rule; the pattern is matched case-insensitively, so configuration authors write
    /// `vpn`, not `(?i)vpn`.
    pub fn new(
        pattern: &str,
        category: Option<String>,
        urgency: Option<Urgency>,
    ) -> Result<Rule, regex::Error> {
        let pattern = RegexBuilder::new(pattern).case_insensitive(true).build()?;
        Ok(Rule { pattern, category, urgency })
    }

    /// The pattern as configured (for `deskbot check` and comparisons).
    pub fn pattern(&self) -> &str {
        self.pattern.as_str()
    }

    /// Whether the rule applies to `text`.
    pub fn matches(&self, text: &str) -> bool {
        self.pattern.is_match(text)
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("pattern", &self.pattern.as_str())
            .field("category", &self.category)
            .field("urgency", &self.urgency)
            .finish()
    }
}

/// Two rules are the same when they have the same pattern text and the same outcome (a compiled
/// regex has no equality of its own).
impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.pattern.as_str() == other.pattern.as_str()
            && self.category == other.category
            && self.urgency == other.urgency
    }
}

impl Eq for Rule {}

/// What the rules suggest for a piece of text; both parts may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestion {
    pub category: Option<String>,
    pub urgency: Option<Urgency>,
}

/// Reads `text` (summary, description and answers joined) against `rules`: the first matching rule
/// with a category gives the category; the urgency is the highest raised by any matching rule.
pub fn classify(rules: &[Rule], text: &str) -> Suggestion {
    let mut suggestion = Suggestion::default();
    for rule in rules.iter().filter(|rule| rule.matches(text)) {
        if suggestion.category.is_none() {
            suggestion.category.clone_from(&rule.category);
        }
        if let Some(raised) = rule.urgency {
            suggestion.urgency = Some(match suggestion.urgency {
                Some(current) if rank(current) >= rank(raised) => current,
                _ => raised,
            });
        }
    }
    suggestion
}

/// Low < Medium < High, for "the highest raised".
fn rank(urgency: Urgency) -> u8 {
    match urgency {
        Urgency::Low => 0,
        Urgency::Medium => 1,
        Urgency::High => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Helpdesk;

    fn rule(pattern: &str, category: Option<&str>, urgency: Option<Urgency>) -> Rule {
        Rule::new(pattern, category.map(str::to_owned), urgency).expect("test pattern compiles")
    }

    fn defaults() -> Vec<Rule> {
        Helpdesk::builtin().rules().to_vec()
    }

    #[test]
    fn first_matching_category_rule_wins_in_configured_order() {
        let rules = [
            rule("printer", Some("printing"), None),
            rule("vpn", Some("network"), None),
            rule("printer|vpn", Some("other"), None),
        ];
        let s = classify(&rules, "The VPN drops when I use the printer");
        assert_eq!(s.category.as_deref(), Some("printing"));
    }

    #[test]
    fn a_rule_without_category_does_not_block_a_later_category_rule() {
        let rules = [rule("outage", None, Some(Urgency::High)), rule("vpn", Some("network"), None)];
        let s = classify(&rules, "VPN outage");
        assert_eq!(s, Suggestion { category: Some("network".into()), urgency: Some(Urgency::High) });
    }

    #[test]
    fn urgency_is_the_highest_raised_whatever_the_order() {
        let rules = [
            rule("deadline", None, Some(Urgency::Medium)),
            rule("outage", None, Some(Urgency::High)),
            rule("whenever", None, Some(Urgency::Low)),
        ];
        assert_eq!(classify(&rules, "outage, deadline, whenever").urgency, Some(Urgency::High));
        assert_eq!(classify(&rules, "whenever, before the deadline").urgency, Some(Urgency::Medium));
        assert_eq!(classify(&rules, "nothing special").urgency, None);
    }

    #[test]
    fn patterns_are_case_insensitive() {
        let rules = [rule("anyconnect", Some("network"), None)];
        assert_eq!(classify(&rules, "ANYCONNECT says no").category.as_deref(), Some("network"));
    }

    #[test]
    fn no_rules_suggest_nothing() {
        assert_eq!(classify(&[], "my VPN is down"), Suggestion::default());
    }

    #[test]
    fn rules_compare_by_pattern_text_and_outcome() {
        assert_eq!(rule("vpn", Some("network"), None), rule("vpn", Some("network"), None));
        assert_ne!(rule("vpn", Some("network"), None), rule("VPN", Some("network"), None));
        assert_ne!(rule("vpn", Some("network"), None), rule("vpn", None, Some(Urgency::High)));
        assert!(format!("{:?}", rule("vpn", Some("network"), None)).contains("\"vpn\""));
    }

    #[test]
    fn an_invalid_pattern_is_an_error() {
        assert!(Rule::new("(unclosed", None, None).is_err());
    }

    #[test]
    fn default_rules_suggest_the_category_a_technician_would_pick() {
        let rules = defaults();
        let table = [
            ("VPN keeps disconnecting", Some("network")),
            ("AnyConnect says login failed", Some("network")),
            ("wifi is very slow on floor 3", Some("network")),
            ("No Wi-Fi in meeting room B", Some("network")),
            ("cannot reach the internet", Some("network")),
            ("Printer on 2nd floor jams", Some("printing")),
            ("need new toner", Some("printing")),
            ("I can't print my report", Some("printing")),
            ("printing comes out blank", Some("printing")),
            ("Forgot my password", Some("accounts")),
            ("I'm locked out", Some("accounts")),
            ("my account is disabled", Some("accounts")),
            ("new phone, need to move MFA", Some("accounts")),
            ("2FA code never arrives", Some("accounts")),
            ("laptop won't turn on", Some("hardware")),
            ("second monitor flickers", Some("hardware")),
            ("Outlook crashes when I open it", Some("software")),
            ("please install Visio", Some("software")),
            ("coffee machine broken", None),
        ];
        for (text, expected) in table {
            assert_eq!(classify(&rules, text).category.as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn default_rules_ignore_near_misses() {
        let rules = defaults();
        let near_misses = [
            "the accounting report totals are wrong",
            "fingerprint reader smudged",
            "blueprint files are read only",
            "networked storage",
            "the wifiname sticker",
            "imprint on the letterhead",
            "passwordless? no, it's the coffee",
        ];
        for text in near_misses {
            let s = classify(&rules, text);
            assert!(
                !matches!(s.category.as_deref(), Some("network" | "printing" | "accounts")),
                "{text:?} was classified as {:?}",
                s.category
            );
        }
    }

    #[test]
    fn default_rules_raise_urgency_for_work_stopping_problems() {
        let rules = defaults();
        let high = [
            "Outage: email down for everyone",
            "I cannot work",
            "I can't work at all since this morning",
            "I can’t work.",
            "nobody can log in",
            "no one can print",
            "the server is down",
        ];
        for text in high {
            assert_eq!(classify(&rules, text).urgency, Some(Urgency::High), "{text:?}");
        }
    }

    #[test]
    fn default_rules_do_not_raise_urgency_on_near_misses() {
        let rules = defaults();
        let calm = [
            "I can't work out how to add a signature",
            "I can work around it for now",
            "the blinds are down in room 4",
            "download is slow",
            "nobody knows the printer's name",
        ];
        for text in calm {
            assert_ne!(classify(&rules, text).urgency, Some(Urgency::High), "{text:?}");
        }
    }
}
