//! The ITIL priority matrix: impact × urgency → P1…P4.

use super::ticket::{Impact, Priority, Urgency};

/// The priority a ticket gets from its impact and urgency.
///
/// | impact \ urgency | low | medium | high |
/// |---|---|---|---|
/// | individual       | P4  | P3     | P2   |
/// | team             | P3  | P2     | P1   |
/// | organisation     | P2  | P1     | P1   |
pub fn priority(impact: Impact, urgency: Urgency) -> Priority {
    use Impact::*;
    use Urgency::*;
    match (impact, urgency) {
        (Individual, Low) => Priority::P4,
        (Individual, Medium) | (Team, Low) => Priority::P3,
        (Individual, High) | (Team, Medium) | (Organisation, Low) => Priority::P2,
        (Team, High) | (Organisation, Medium) | (Organisation, High) => Priority::P1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_matches_the_itil_table() {
        let table = [
            (Impact::Individual, Urgency::Low, Priority::P4),
            (Impact::Individual, Urgency::Medium, Priority::P3),
            (Impact::Individual, Urgency::High, Priority::P2),
            (Impact::Team, Urgency::Low, Priority::P3),
            (Impact::Team, Urgency::Medium, Priority::P2),
            (Impact::Team, Urgency::High, Priority::P1),
            (Impact::Organisation, Urgency::Low, Priority::P2),
            (Impact::Organisation, Urgency::Medium, Priority::P1),
            (Impact::Organisation, Urgency::High, Priority::P1),
        ];
        for (impact, urgency, expected) in table {
            assert_eq!(priority(impact, urgency), expected, "{impact} × {urgency}");
        }
    }

    #[test]
    fn more_impact_or_urgency_never_lowers_priority() {
        for (i, &impact) in Impact::ALL.iter().enumerate() {
            for (u, &urgency) in Urgency::ALL.iter().enumerate() {
                let p = priority(impact, urgency);
                if let Some(&higher) = Impact::ALL.get(i + 1) {
                    assert!(priority(higher, urgency) <= p);
                }
                if let Some(&higher) = Urgency::ALL.get(u + 1) {
                    assert!(priority(impact, higher) <= p);
                }
            }
        }
    }
}
