//! The global window: never more than a set number of requests in any one second, spread evenly
//! through it (at most [`BURST`] back to back), and everyone waits after a global 429.
//!
//! Spreading matters because Discord counts requests when they arrive: forty sent at once at the
//! start of each second arrive in clumps, and a clump a little late plus the next one a little
//! early make more than fifty in one of Discord's seconds. Evenly spaced, it takes a stall of a
//! sizeable part of a second to do that. [`super::rest::Rest`] books every rate-limited request here before it
//! sends it (Discord allows about 50 a second in all, interaction answers excepted; an outage
//! morning queues hundreds of triage posts, questions and DMs at once).

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

const WINDOW: Duration = Duration::from_secs(1);
/// Requests that may go back to back before the rest are spaced evenly.
pub const BURST: u32 = 5;
/// Urgent requests a second allowed beyond the window's own limit (see [`Window::take_urgent`]):
/// with the window at 45 a second, still under Discord's 50.
pub const URGENT_HEADROOM: usize = 3;

/// A sliding one-second window shared by every request of one process.
#[derive(Debug)]
pub struct Window {
    per_second: usize,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// When the requests of the last second were (or will be) sent, oldest first.
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
    /// When the next request would be due if they were sent exactly evenly (the "theoretical
    /// arrival time" of a generic cell rate algorithm).
    next_even: Option<Instant>,
}

impl Window {
    pub fn new(per_second: usize) -> Self {
        Window {
            per_second: per_second.max(1),
            state: Mutex::new(State { sent: VecDeque::new(), paused_until: None, next_even: None }),
        }
    }

    pub fn per_second(&self) -> usize {
        self.per_second
    }

    /// Waits until one more request fits in the window, and books it at the moment it goes: a
    /// request is counted when it is really sent, not when it was scheduled, so a busy process that
    /// wakes late cannot send more than the window allows.
    pub async fn take(&self) {
        loop {
            let wait_until = {
                let mut st = self.state.lock().await;
                let now = Instant::now();
                while st.sent.front().is_some_and(|t| *t + WINDOW <= now) {
                    st.sent.pop_front();
                }
                let mut at = now;
                if let Some(p) = st.paused_until {
                    at = at.max(p);
                }
                if st.sent.len() >= self.per_second {
                    let oldest = st.sent[st.sent.len() - self.per_second];
                    at = at.max(oldest + WINDOW);
                }
                let interval = WINDOW / self.per_second as u32;
                if let Some(even) = st.next_even {
                    at = at.max(even.checked_sub(interval * (BURST - 1)).unwrap_or(even));
                }
                if at <= now {
                    st.sent.push_back(now);
                    st.next_even = Some(st.next_even.map_or(now, |e| e.max(now)) + interval);
                    return;
                }
                at
            };
            tokio::time::sleep_until(wait_until).await;
        }
    }

    /// Books an urgent request (a storm summary): it goes ahead of the requests waiting for the
    /// window, in the headroom the window leaves under Discord's limit ([`URGENT_HEADROOM`] more a
    /// second at most), and waits only while that is used up too or after a global 429.
    pub async fn take_urgent(&self) {
        loop {
            let wait_until = {
                let mut st = self.state.lock().await;
                let now = Instant::now();
                while st.sent.front().is_some_and(|t| *t + WINDOW <= now) {
                    st.sent.pop_front();
                }
                let mut at = now;
                if let Some(p) = st.paused_until {
                    at = at.max(p);
                }
                let cap = self.per_second + URGENT_HEADROOM;
                if st.sent.len() >= cap {
                    at = at.max(st.sent[st.sent.len() - cap] + WINDOW);
                }
                if at <= now {
                    // Kept in time order, so the window's arithmetic above stays right.
                    let place = st.sent.partition_point(|t| *t <= now);
                    st.sent.insert(place, now);
                    return;
                }
                at
            };
            tokio::time::sleep_until(wait_until).await;
        }
    }

    /// Holds every request back for `wait` (after a global 429).
    pub async fn pause(&self, wait: Duration) {
        let mut st = self.state.lock().await;
        let until = Instant::now() + wait;
        st.paused_until = Some(st.paused_until.map_or(until, |p| p.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_limit_in_any_second() {
        let pacer = Window::new(5);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..12 {
            pacer.take().await;
            times.push(Instant::now() - start);
        }
        for (i, t) in times.iter().enumerate() {
            let in_window = times.iter().filter(|u| **u >= *t && **u < *t + WINDOW).count();
            assert!(in_window <= 5, "request {i} at {t:?}: {in_window} in its second ({times:?})");
        }
        assert!(times[4] < Duration::from_millis(1), "the first five go at once");
        assert!(times[11] >= Duration::from_secs(2), "twelve at five a second take two seconds: {times:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn past_a_short_burst_requests_are_spread_evenly() {
        let pacer = Window::new(40);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..45 {
            pacer.take().await;
            times.push(Instant::now() - start);
        }
        assert!(
            times[BURST as usize - 1] < Duration::from_millis(1),
            "the first {BURST} go at once: {times:?}"
        );
        for pair in times[BURST as usize..BURST as usize + 30].windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(24), "then one every 25 ms: {times:?}");
        }
        for (i, t) in times.iter().enumerate().skip(BURST as usize) {
            let together = times.iter().filter(|u| *u == t).count();
            assert!(together <= BURST as usize, "request {i}: {together} at once: {times:?}");
        }
        let in_first_second = times.iter().filter(|t| **t < Duration::from_secs(1)).count();
        assert!(in_first_second <= 40 + BURST as usize, "{in_first_second} in the first second");
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_request_back() {
        let pacer = Window::new(50);
        pacer.pause(Duration::from_secs(1)).await;
        let start = Instant::now();
        pacer.take().await;
        assert!(Instant::now() - start >= Duration::from_secs(1));
    }
}
