//! A request that got no answer (a network failure, a timeout, a cancel), a
//! host the page may not ask, and what the reachability probe then found.

use super::{TransportFailure, TERMINAL};
use crate::diagnostic::concat;
use crate::jira::{Outcome, Verification};
use crate::route::Route;

/// Explains a request that got no answer.
pub fn transport_failure(route: Route, failure: TransportFailure) -> Verification {
    match failure {
        TransportFailure::Network => unreadable(route),
        TransportFailure::Timeout => Verification::new(
            Outcome::Timeout,
            route,
            None,
            concat(&[
                "Jira did not answer in time: check your connection and try again, or ",
                TERMINAL,
                ".",
            ]),
        ),
        TransportFailure::Aborted => Verification::new(
            Outcome::Aborted,
            route,
            None,
            String::from("You cancelled the check."),
        ),
    }
}

/// The page's Content-Security-Policy only lets it contact Atlassian's own
/// hosts, and a blocked fetch looks exactly like CORS (docs/architecture.md, "Testing
/// against the real thing"), so a custom host is not tried at all.
pub fn not_checkable_from_browser(route: Route, host: &str) -> Verification {
    Verification::new(
        Outcome::BlockedByBrowser,
        route,
        None,
        concat(&[
            "This page may only contact *.atlassian.net, *.jira.com and api.atlassian.com, so it cannot ask ",
            host,
            " from your browser: ",
            TERMINAL,
            " instead.",
        ]),
    )
}

/// A network failure, or an opaque answer: the browser hid it.
pub(super) fn unreadable(route: Route) -> Verification {
    Verification::new(
        Outcome::BlockedByBrowser,
        route,
        None,
        concat(&[
            "Your browser reached the site but would not let this page read Jira's answer: Jira Cloud refuses \
             calls from other web pages (CORS), so this says nothing about your inputs. To check the same \
             thing, ",
            TERMINAL,
            ".",
        ]),
    )
}

/// A check through the page's own relay failed without a status: the relay,
/// on this page's own site, did not answer.
pub fn relay_unreachable(route: Route) -> Verification {
    Verification::new(
        Outcome::RelayError,
        route,
        None,
        concat(&[
            "This site's relay did not answer, so Jira was not asked: tell the site's operators, and meanwhile ",
            TERMINAL,
            ".",
        ]),
    )
}

/// The site could not be reached at all (the probe failed too).
fn unreachable(route: Route, host: &str) -> Verification {
    Verification::new(
        Outcome::Unreachable,
        route,
        None,
        concat(&[
            "Your browser could not reach ",
            host,
            " at all. Check the site name for typos (start.atlassian.com lists your sites), that you are \
             online, and whether a VPN, a proxy or your network's DNS blocks it. The terminal check command \
             tells these apart: if curl says \"Could not resolve host\", the name is wrong or DNS \
             fails; if it cannot connect or times out, the network or a proxy is in the way.",
        ]),
    )
}

/// What the reachability probe ([`crate::jira::probe_request`]) found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// An opaque answer: the host answered, and the browser withheld the
    /// check's answer (CORS).
    Reached,
    /// The probe was rejected too: the host could not be reached.
    Failed,
    /// The probe was rejected, but the page is cross-origin isolated
    /// (`crossOriginIsolated`: COOP and COEP), where the browser blocks every
    /// `no-cors` answer without a `Cross-Origin-Resource-Policy` header
    /// (Fetch standard, "cross-origin resource policy check"), so a rejection
    /// says nothing about the host.
    Inconclusive,
}

/// What a check that failed without a status means, once the probe has
/// answered.
pub fn interpret_probe(route: Route, host: &str, probe: Probe) -> Verification {
    match probe {
        Probe::Reached => unreadable(route),
        Probe::Failed => unreachable(route, host),
        Probe::Inconclusive => Verification::new(
            Outcome::BlockedByBrowser,
            route,
            None,
            concat(&[
                "Your browser would not let this page read Jira's answer, and this page's isolation \
                 settings (cross-origin isolation) also hide whether ",
                host,
                " answered at all, so this says nothing about your inputs. To check, ",
                TERMINAL,
                ".",
            ]),
        ),
    }
}
