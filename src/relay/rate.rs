//! The relay's rate cap per client address, and the numbers every relay's
//! configuration takes from it: this file is the one place they are written.
//!
//! A person's check is 2 to 4 requests (the slowest route asks the site's
//! `/myself`, `/_edge/tenant_info`, the gateway's `/myself` and
//! `/mypermissions`), so the cap admits [`BURST`] requests at once (five such
//! checks in a row), then one request every [`INTERVAL_S`] seconds (one check
//! every 12 s). It keeps a stuck button, a script or a guesser from triggering
//! Jira's CAPTCHA lock on an account (Atlassian, "Basic auth for REST APIs",
//! "Handling CAPTCHA") or spending the site's API budget (Atlassian, "Rate
//! limiting").
//!
//! This is the generic cell rate algorithm, the leaky bucket nginx's
//! `limit_req` implements: each client has a theoretical arrival time; a
//! request is admitted while that time is at most `burst - 1` intervals ahead
//! of now, and pushes it one interval further. Time is an input, so the rule
//! is pure and tested without waiting.
//!
//! The platforms say the same numbers in their own terms ([`nginx`],
//! [`PLATFORM_WINDOW_S`], [`PLATFORM_WINDOW_LIMIT`]); `tests/relay_numbers.rs`
//! reads each deploy file and holds it to these constants.

use std::collections::HashMap;

/// Requests admitted at once from one client: five checks of four requests.
pub const BURST: u32 = 20;
/// One slot frees every 3 s (one check of four every 12 s): 20 a minute.
pub const INTERVAL_S: u32 = 3;
/// [`INTERVAL_S`] in milliseconds, the unit of [`RateCap::admit`]'s clock.
pub const INTERVAL_MS: f64 = INTERVAL_S as f64 * 1000.0;
/// The longest `Retry-After` of the relay's own 429: one interval, after
/// which a slot has freed. nginx cannot compute it and always says this.
pub const RETRY_AFTER_S: u32 = INTERVAL_S;
/// The most requests a check makes (the scoped route, found by asking).
pub const REQUESTS_PER_CHECK: u32 = 4;

/// The window of the platforms' own limiters (Cloudflare's rate-limiting
/// binding, which takes a period of 10 or 60 s; Netlify's `rateLimit`), and
/// the `Retry-After` the relay gives when one of them says no: 60 s, the
/// period that holds the cap's whole burst.
pub const PLATFORM_WINDOW_S: u32 = 60;
/// Requests a platform limiter admits per address in one window: the cap's
/// long-run rate over the window (60 s / 3 s = 20), which is also its burst.
/// So a platform admits [`BURST`] at once like the relay, and then nothing
/// until its window moves on, where the relay frees one slot every interval.
pub const PLATFORM_WINDOW_LIMIT: u32 = PLATFORM_WINDOW_S / INTERVAL_S;

const _: () = assert!(PLATFORM_WINDOW_S % INTERVAL_S == 0);
const _: () = assert!(PLATFORM_WINDOW_LIMIT == BURST);
const _: () = assert!(BURST >= 5 * REQUESTS_PER_CHECK);

/// The cap in nginx's terms (`limit_req_zone ... rate=`, `limit_req ...
/// burst=`, the 429's `Retry-After`), as deploy/nginx/ writes it.
pub mod nginx {
    use super::INTERVAL_S;

    /// `rate=20r/m`: nginx counts in requests per second or per minute,
    /// and one every 3 s is 20 a minute.
    pub const RATE_PER_MINUTE: u32 = 60 / INTERVAL_S;
    /// `burst=19`: nginx admits the burst *plus* the first request at once.
    pub const BURST: u32 = super::BURST - 1;
    /// `add_header Retry-After "3"` on the relay's 429.
    pub const RETRY_AFTER_S: u32 = super::RETRY_AFTER_S;

    const _: () = assert!(60 % INTERVAL_S == 0);
}

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
            // At most one interval: a whole number of seconds from 1 to
            // RETRY_AFTER_S.
            let seconds = (wait_ms / 1000.0)
                .ceil()
                .clamp(1.0, f64::from(RETRY_AFTER_S));
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
