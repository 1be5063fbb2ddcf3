//! The relay's rate cap per client address: 10 at once, then one every 6 s
//! (deploy/nginx/README.md: nginx's `limit_req rate=10r/m burst=9 nodelay`).
//! It keeps a stuck button, a script or a guesser from triggering Jira's
//! CAPTCHA lock on an account (Atlassian, "Basic auth for REST APIs",
//! "Handling CAPTCHA") or spending the site's API budget (Atlassian, "Rate
//! limiting").
//!
//! This is the generic cell rate algorithm, the leaky bucket nginx's
//! `limit_req` implements: each client has a theoretical arrival time; a
//! request is admitted while that time is at most `burst - 1` intervals ahead
//! of now, and pushes it one interval further. Time is an input, so the rule
//! is pure and tested without waiting.

use std::collections::HashMap;

/// One slot frees every 6 s: 10 a minute.
pub const INTERVAL_MS: f64 = 6_000.0;
/// Requests admitted at once from one client.
pub const BURST: u32 = 10;
/// Past this many clients, those whose slots have all freed are forgotten
/// (they are indistinguishable from new ones), so memory stays bounded.
const PRUNE_ABOVE: usize = 10_000;

/// The cap's state: one theoretical arrival time per client key.
#[derive(Debug, Default)]
pub struct RateCap {
    next_free: HashMap<String, f64>,
}

impl RateCap {
    /// An empty cap.
    pub fn new() -> RateCap {
        RateCap::default()
    }

    /// Admits a request from `client` at `now_ms` (milliseconds on any
    /// clock that does not go back), or says after how many whole seconds
    /// the next slot frees. The key is the client address the platform
    /// reports (never a header the client sets, such as `X-Forwarded-For`).
    pub fn admit(&mut self, client: &str, now_ms: f64) -> Result<(), u32> {
        let tolerance = INTERVAL_MS * f64::from(BURST - 1);
        let arrival = self
            .next_free
            .get(client)
            .copied()
            .unwrap_or(now_ms)
            .max(now_ms);
        if arrival - now_ms > tolerance {
            let wait_ms = arrival - tolerance - now_ms;
            // At most one interval: a whole number of seconds from 1 to 6.
            let seconds = (wait_ms / 1000.0).ceil().clamp(1.0, INTERVAL_MS / 1000.0);
            return Err(seconds as u32);
        }
        if self.next_free.len() >= PRUNE_ABOVE {
            self.next_free.retain(|_, t| *t > now_ms);
        }
        self.next_free
            .insert(String::from(client), arrival + INTERVAL_MS);
        Ok(())
    }

    /// How many clients it remembers.
    pub fn clients(&self) -> usize {
        self.next_free.len()
    }
}
