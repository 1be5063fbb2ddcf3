//! `/_edge/tenant_info`'s answer, the first step of the scoped route: the
//! site's cloud id, or why the scoped check cannot go on.

use super::body::cloud_id_from;
use super::failure::{failure, not_jira};
use super::{Response, Step};
use crate::jira::request::CloudId;
use crate::jira::Verification;
use crate::route::Route;

/// Reads the answer to `/_edge/tenant_info`: the site's cloud id, or why the
/// scoped check cannot go on.
// Called once per check, and the error is the final answer: boxing it would
// only make callers unbox it.
#[allow(clippy::result_large_err)]
pub fn interpret_tenant_info(host: &str, response: &Response) -> Result<CloudId, Verification> {
    if response.status == 200 && !response.opaque_redirect {
        return cloud_id_from(&response.body)
            .ok_or_else(|| not_jira(Step::TenantInfo, Route::Scoped, 200));
    }
    Err(failure(Step::TenantInfo, Route::Scoped, host, response))
}
