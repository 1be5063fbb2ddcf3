//! The scopes a token with scopes needs, for the check, the story and the
//! Jira actions Tines runs. From the "OAuth scopes required" of each
//! operation in Atlassian's reference (Jira Cloud REST API v3; its OpenAPI
//! document's `x-atlassian-oauth2-scopes`): the classic scope, then the
//! granular scopes that replace it when a token is made with granular scopes.

use serde::Serialize;

/// What one piece of work needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeNeed {
    /// What it is for, for a person.
    pub used_for: &'static str,
    /// The Jira operation, as Atlassian's reference names its path.
    pub operation: &'static str,
    /// The classic scope.
    pub classic: &'static str,
    /// The granular scopes, all of them needed.
    pub granular: &'static [&'static str],
}

/// The check and the story ask the first two; the rest are what Tines' Jira
/// actions call.
pub const SCOPES: [ScopeNeed; 8] = [
    ScopeNeed {
        used_for: "The check and the story: who the token belongs to",
        operation: "GET /rest/api/3/myself",
        classic: "read:jira-user",
        granular: &[
            "read:user:jira",
            "read:group:jira",
            "read:application-role:jira",
            "read:avatar:jira",
        ],
    },
    ScopeNeed {
        used_for: "The check and the story: what the account may do",
        operation: "GET /rest/api/3/mypermissions",
        classic: "read:jira-work",
        granular: &["read:permission:jira"],
    },
    ScopeNeed {
        used_for: "Find issues with JQL",
        operation: "GET /rest/api/3/search/jql",
        classic: "read:jira-work",
        granular: &[
            "read:issue-details:jira",
            "read:field-configuration:jira",
            "read:issue-meta:jira",
            "read:audit-log:jira",
            "read:avatar:jira",
        ],
    },
    ScopeNeed {
        used_for: "Create issues",
        operation: "POST /rest/api/3/issue",
        classic: "write:jira-work",
        granular: &[
            "write:issue:jira",
            "write:comment:jira",
            "write:comment.property:jira",
            "write:attachment:jira",
            "read:issue:jira",
        ],
    },
    ScopeNeed {
        used_for: "Update issues",
        operation: "PUT /rest/api/3/issue/{issueIdOrKey}",
        classic: "write:jira-work",
        granular: &["write:issue:jira"],
    },
    ScopeNeed {
        used_for: "Comment on issues",
        operation: "POST /rest/api/3/issue/{issueIdOrKey}/comment",
        classic: "write:jira-work",
        granular: &[
            "write:comment:jira",
            "read:comment:jira",
            "read:comment.property:jira",
            "read:group:jira",
            "read:project:jira",
            "read:project-role:jira",
            "read:user:jira",
            "read:avatar:jira",
        ],
    },
    ScopeNeed {
        used_for: "Transition issues (change the status)",
        operation: "POST /rest/api/3/issue/{issueIdOrKey}/transitions",
        classic: "write:jira-work",
        granular: &["write:issue:jira", "write:issue.property:jira"],
    },
    ScopeNeed {
        used_for: "Assign issues",
        operation: "PUT /rest/api/3/issue/{issueIdOrKey}/assignee",
        classic: "write:jira-work",
        granular: &["write:issue:jira"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_names_have_atlassians_shape() {
        for need in SCOPES {
            let classic_ok = matches!(
                need.classic,
                "read:jira-user" | "read:jira-work" | "write:jira-work"
            );
            assert!(classic_ok, "{}", need.classic);
            assert!(!need.granular.is_empty());
            for g in need.granular {
                let parts: Vec<&str> = g.split(':').collect();
                assert_eq!(parts.len(), 3, "{g}");
                assert!(matches!(parts[0], "read" | "write"), "{g}");
                assert_eq!(parts[2], "jira", "{g}");
            }
        }
        // The check's own two questions come first: the page lists them as what the check needs.
        assert_eq!(SCOPES[0].operation, "GET /rest/api/3/myself");
        assert_eq!(SCOPES[1].operation, "GET /rest/api/3/mypermissions");
    }
}
