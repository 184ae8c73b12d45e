//! Reading the triage channel as a technician sees it.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

/// The ticket numbers a triage message shows: its own (an embed titled `#42 · …`), or, for a storm
/// summary (`**N new:** #41–#54, #57 …`), every number it lists.
pub fn shown_in(message: &Value) -> (bool, Vec<i64>) {
    let content = message["content"].as_str().unwrap_or_default();
    if content.contains(" new:**") || content.contains("Every new ticket has its own post") {
        let first_line = content.lines().next().unwrap_or_default();
        let runs = regex::Regex::new(r"#(\d+)(?:–#(\d+))?").expect("a valid pattern");
        let numbers = runs
            .captures_iter(first_line)
            .flat_map(|c| {
                let first: i64 = c[1].parse().unwrap_or(0);
                let last: i64 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(first);
                first..=last
            })
            .collect();
        return (true, numbers);
    }
    let title = message["embeds"][0]["title"].as_str().unwrap_or_default();
    let own = title.strip_prefix('#').and_then(|t| t.split(' ').next()).and_then(|n| n.parse().ok());
    (false, own.into_iter().collect())
}

/// Notes in `seen` each ticket number the triage `messages` show (own post or storm summary) that
/// was not seen before, as first seen `at`.
pub fn note_first_seen(messages: &[Value], at: Duration, seen: &mut BTreeMap<i64, Duration>) {
    for m in messages {
        for n in shown_in(m).1 {
            seen.entry(n).or_insert(at);
        }
    }
}
