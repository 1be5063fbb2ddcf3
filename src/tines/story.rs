//! A Tines story that tests the credential inside Tines, as Tines uses it:
//! its metadata, its Domains restriction and its value together.
//!
//! The file is in Tines' story export format (tines.com/api/stories/export),
//! with the field shapes of Tines' own published export
//! `examples/resources/tines_story/story-example.json` in the
//! tines/terraform-provider-tines repository (schema_version 18,
//! standard_lib_version 36, action_runtime_version 4): top-level `name`,
//! `description`, `guid`, `slug`, `agents`, `links` (indexes into `agents`),
//! `diagram_layout` (a JSON *string* mapping each agent's guid to `[x, y]`)
//! and the rest, and one `Agents::HTTPRequestAgent`. It was built from the
//! documented format and not imported into a live tenant here.
//!
//! The action calls `GET https://<<INFO.credential.KEY.metadata.domain>>/rest/api/3/myself`
//! with the HTTP Request action's `basic_auth` option, `["username",
//! "password"]` (tines.com/docs/actions/types/http-request: "basic_auth:
//! Specify HTTP basic auth parameters: "username:password", or ["username",
//! "password"]"), filled from the credential's references. The file holds
//! references only: never the token, never the email.
//!
//! For Jira Data Center the action calls
//! `GET <<INFO.credential.KEY.metadata.base_url>>/rest/api/2/myself` with the
//! header `Authorization: Bearer <<CREDENTIAL.KEY>>` (the HTTP Request
//! action's `headers` option). When Tines reaches that Jira through a Tines
//! Tunnel, the actions need their "Use tunnel" option switched on: no
//! published Tines export shows that option's key, so the file does not guess
//! one, and the story's and each action's description say where to switch it
//! on.

use serde::Serialize;

use crate::checks::Date;
use crate::diagnostic::concat;
use crate::jira::answer::{interpret_data_center_myself, interpret_myself, Response};
use crate::route::{
    Route, DC_MYPERMISSIONS_PATH, DC_MYSELF_PATH, GATEWAY_HOST, GATEWAY_JIRA_PATH,
    MYPERMISSIONS_PATH, MYSELF_PATH, TENANT_INFO_PATH,
};
use crate::text::decimal;

#[derive(Serialize)]
struct Story<'a> {
    schema_version: u32,
    standard_lib_version: u32,
    action_runtime_version: u32,
    name: String,
    description: &'a str,
    guid: String,
    slug: String,
    agents: Vec<Agent<'a>>,
    diagram_notes: [(); 0],
    links: Vec<Link>,
    diagram_layout: String,
    send_to_story_enabled: bool,
    entry_agent_guid: Option<String>,
    exit_agent_guids: [(); 0],
    exit_agent_guid: Option<String>,
    api_entry_action_guids: [(); 0],
    api_exit_action_guids: [(); 0],
    keep_events_for: u32,
    reporting_status: bool,
    send_to_story_access: Option<String>,
    story_library_metadata: Empty,
    monitor_failures: bool,
    send_to_stories: [(); 0],
    form: Option<String>,
    synchronous_webhooks_enabled: bool,
    forms: [(); 0],
    pages: [(); 0],
    tags: [(); 0],
    time_saved_unit: &'a str,
    time_saved_value: u32,
    integration_product: Option<String>,
    integration_vendor: Option<String>,
    exported_at: String,
    integrations: [(); 0],
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct Link {
    source: usize,
    receiver: usize,
}

#[derive(Serialize)]
struct Agent<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    disabled: bool,
    description: String,
    guid: String,
    options: Options,
    reporting: Reporting<'a>,
    monitoring: Monitoring,
    template: Template,
    visuals: Visuals,
    width: Option<u32>,
    /// Absent for a Trigger (Tines' exports write none for one), null for an
    /// action that runs when an event reaches it, a list for a scheduled one.
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule: Option<Option<Vec<Cron>>>,
}

/// An action's options, by its type.
#[derive(Serialize)]
#[serde(untagged)]
enum Options {
    Http(HttpRequestOptions),
    Trigger(TriggerOptions),
    Email(EmailOptions),
}

/// A scheduled action's time (tines/go-sdk `ActionSchedule`: `cron`,
/// `timezone`).
#[derive(Serialize)]
struct Cron {
    cron: String,
    timezone: String,
}

/// A Trigger's rules: an event passes when they hold.
#[derive(Serialize)]
struct TriggerOptions {
    rules: [Rule; 1],
}

#[derive(Serialize)]
struct Rule {
    #[serde(rename = "type")]
    kind: &'static str,
    path: String,
    value: &'static str,
}

/// A Send Email action's options, as Tines exports them: `recipients`,
/// `subject`, `body` (HTML).
#[derive(Serialize)]
struct EmailOptions {
    recipients: String,
    subject: String,
    body: String,
}

/// An action's card icon: none, as in an export of an action that has none.
#[derive(Serialize)]
struct Visuals {
    card_icon_image_contents: Option<String>,
    card_icon_image_filename: Option<String>,
    card_icon_name: Option<String>,
}

#[derive(Serialize)]
struct HttpRequestOptions {
    url: String,
    method: &'static str,
    content_type: &'static str,
    headers: Headers,
    #[serde(skip_serializing_if = "Option::is_none")]
    basic_auth: Option<[String; 2]>,
    log_error_on_status: [(); 0],
}

#[derive(Serialize)]
struct Headers {
    #[serde(rename = "Accept")]
    accept: &'static str,
    /// Data Center: `Bearer <<CREDENTIAL.KEY>>`.
    #[serde(rename = "Authorization", skip_serializing_if = "Option::is_none")]
    authorization: Option<String>,
}

/// How an action signs in to Jira.
enum Auth {
    /// Not at all (the cloud id's lookup).
    None,
    /// Cloud: `basic_auth`, the username and the token's references.
    Basic([String; 2]),
    /// Data Center: an `Authorization: Bearer` header with the token's
    /// reference.
    Bearer(String),
}

/// What a story says first, before the steps of its own, when Tines reaches
/// Jira through a Tines Tunnel.
const TUNNEL_STEP: &str = "Tines reaches this Jira through a Tines Tunnel: before running, open \
    each HTTP Request action of this story, switch on its Use tunnel option and choose your \
    tunnel. ";

#[derive(Serialize)]
struct Reporting<'a> {
    time_saved_value: u32,
    time_saved_unit: &'a str,
}

#[derive(Serialize)]
struct Monitoring {
    monitor_all_events: bool,
    monitor_failures: bool,
    monitor_no_events_emitted: Option<u32>,
}

#[derive(Serialize)]
struct Template {
    created_from_template_guid: Option<String>,
    created_from_template_version: Option<String>,
}

/// A stable 32-hex-digit guid for `seed`, so the same credential always gives
/// the same file (the rules are pure: no randomness, no clock). Two FNV-1a
/// 64-bit hashes (Fowler, Noll, Vo) of the seed with different offsets.
fn guid(seed: &str) -> String {
    let hash = |offset: u64| {
        seed.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut out = String::with_capacity(32);
    for part in [hash(0xcbf2_9ce4_8422_2325), hash(0x6c62_272e_07bb_0142)] {
        for shift in (0..16).rev() {
            let digit = u32::try_from((part >> (shift * 4)) & 0xf).unwrap_or(0);
            out.push(char::from_digit(digit, 16).unwrap_or('0'));
        }
    }
    out
}

const STORY_DESCRIPTION: &str = "Tests a Jira Cloud credential as Tines uses it: its metadata, its Domains \
    restriction and its value together. Import it (Stories, Import), run the action, and read its event.";

const DC_STORY_DESCRIPTION: &str = "Tests a Jira Data Center credential as Tines uses it: its \
    metadata, its Domains restriction and its value together. Import it (Stories, Import), run the \
    action, and read its event.";

/// A description, with the Tunnel's step before it when Tines reaches Jira
/// through one.
fn with_tunnel(tunnel: bool, text: &str) -> String {
    if tunnel {
        concat(&[TUNNEL_STEP, text])
    } else {
        String::from(text)
    }
}

/// How the story's actions sign in, from the credential's references.
fn auth(route: Route, key: &str) -> Auth {
    let value = concat(&["<<CREDENTIAL.", key, ">>"]);
    match route {
        Route::DataCenter => Auth::Bearer(concat(&["Bearer ", &value])),
        Route::Site | Route::Scoped => Auth::Basic([
            concat(&["<<INFO.credential.", key, ".metadata.username>>"]),
            value,
        ]),
    }
}

/// The story file, pretty-printed JSON.
pub fn story(key: &str, name: &str, route: Route, tunnel: bool, today: Date) -> String {
    let domain = concat(&["<<INFO.credential.", key, ".metadata.domain>>"]);
    let myself_guid = guid(&concat(&["agent:", key]));
    let mut agents = Vec::new();
    let mut links = Vec::new();
    let mut layout = Vec::new();
    let url = match route {
        Route::Site => concat(&["https://", &domain, MYSELF_PATH]),
        Route::DataCenter => concat(&[
            "<<INFO.credential.",
            key,
            ".metadata.base_url>>",
            DC_MYSELF_PATH,
        ]),
        // The scoped route: first the site's cloud id, without the credential,
        // then Jira through the API gateway. Tines refers to an action's
        // output by the action's name in snake_case.
        Route::Scoped => {
            let lookup_guid = guid(&concat(&["lookup:", key]));
            agents.push(http_request(
                CLOUD_ID_ACTION,
                String::from(
                    "Looks up the site's cloud id (no credential is sent): its event shows status 200 and a \
                     body with a cloudId.",
                ),
                lookup_guid.clone(),
                concat(&["https://", &domain, TENANT_INFO_PATH]),
                Auth::None,
            ));
            links.push(Link {
                source: 0,
                receiver: 1,
            });
            layout.push((lookup_guid, 0));
            concat(&[
                "https://",
                GATEWAY_HOST,
                GATEWAY_JIRA_PATH,
                "<<",
                CLOUD_ID_REFERENCE,
                ">>",
                MYSELF_PATH,
            ])
        }
    };
    let success = concat(&[
        "Asks Jira who the credential ",
        name,
        " belongs to",
        if route == Route::Scoped {
            ", through api.atlassian.com"
        } else {
            ""
        },
        if route == Route::DataCenter {
            ". It works when the event shows status 200 and a body with the user's name and key \
             (and displayName). A 401 means Jira did not take the personal access token (mistyped, \
             expired or revoked); an error about the credential's domains means its Domains \
             restriction does not include this host."
        } else {
            ". It works when the event shows status 200 and a body with an accountId (and the \
             account's displayName). A 401 means Jira did not accept the username and token; an \
             error about the credential's domains means its Domains restriction does not include \
             this host."
        },
    ]);
    // The permissions question asks the same host as /myself, below the same
    // cloud id on the scoped route.
    let (myself_path, permissions_path) = match route {
        Route::DataCenter => (DC_MYSELF_PATH, DC_MYPERMISSIONS_PATH),
        Route::Site | Route::Scoped => (MYSELF_PATH, MYPERMISSIONS_PATH),
    };
    let permissions_url = match url.strip_suffix(myself_path) {
        Some(base) => concat(&[base, permissions_path]),
        None => String::new(),
    };
    agents.push(http_request(
        MYSELF_ACTION,
        with_tunnel(tunnel, &success),
        myself_guid.clone(),
        url,
        auth(route, key),
    ));
    layout.push((myself_guid, layout.len()));
    let permissions_guid = guid(&concat(&["permissions:", key]));
    links.push(Link {
        source: agents.len() - 1,
        receiver: agents.len(),
    });
    agents.push(http_request(
        PERMISSIONS_ACTION,
        with_tunnel(
            tunnel,
            "Asks Jira what the credential's account may do, in at least one project: its event's \
             body.permissions names BROWSE_PROJECTS, CREATE_ISSUES, EDIT_ISSUES, ADD_COMMENTS, \
             TRANSITION_ISSUES and ASSIGN_ISSUES, each with havePermission true or false. Tines' \
             Jira actions need those that are true for the work they do; a Jira admin grants the \
             others in the project's permission scheme.",
        ),
        permissions_guid.clone(),
        permissions_url,
        auth(route, key),
    ));
    layout.push((permissions_guid, layout.len()));
    let description = with_tunnel(
        tunnel,
        if route == Route::DataCenter {
            DC_STORY_DESCRIPTION
        } else {
            STORY_DESCRIPTION
        },
    );
    export(
        concat(&["Test the Jira credential ", name]),
        &description,
        concat(&["test_the_jira_credential_", key]),
        guid(&concat(&["story:", key])),
        (agents, links, &layout),
        today,
    )
}

/// The actions, their links (indexes into the actions) and each one's row in
/// the diagram (its guid, its row).
type Parts<'a> = (Vec<Agent<'a>>, Vec<Link>, &'a [(String, usize)]);

/// A story file, pretty-printed JSON: the actions in Tines' export format.
fn export(
    name: String,
    description: &str,
    slug: String,
    story_guid: String,
    (agents, links, layout): Parts<'_>,
    today: Date,
) -> String {
    // Tines keeps the layout as a JSON object in a string: guid → [x, y].
    let mut diagram_layout = String::from("{");
    for (i, (guid, row)) in layout.iter().enumerate() {
        if i > 0 {
            diagram_layout.push(',');
        }
        diagram_layout.push_str(&serde_json::to_string(guid).unwrap_or_default());
        diagram_layout.push_str(":[0,");
        diagram_layout.push_str(&decimal((row * 150) as u64));
        diagram_layout.push(']');
    }
    diagram_layout.push('}');
    let story = Story {
        schema_version: 18,
        standard_lib_version: 36,
        action_runtime_version: 4,
        name,
        description,
        guid: story_guid,
        slug,
        agents,
        diagram_notes: [],
        links,
        diagram_layout,
        send_to_story_enabled: false,
        entry_agent_guid: None,
        exit_agent_guids: [],
        exit_agent_guid: None,
        api_entry_action_guids: [],
        api_exit_action_guids: [],
        keep_events_for: 604_800,
        reporting_status: true,
        send_to_story_access: None,
        story_library_metadata: Empty {},
        monitor_failures: false,
        send_to_stories: [],
        form: None,
        synchronous_webhooks_enabled: false,
        forms: [],
        pages: [],
        tags: [],
        time_saved_unit: "minutes",
        time_saved_value: 0,
        integration_product: None,
        integration_vendor: None,
        // Tines writes the moment of export (ISO 8601, UTC); the day the page made it is all
        // this tool knows without a clock of its own.
        exported_at: concat(&[&today.iso(), "T00:00:00Z"]),
        integrations: [],
    };
    serde_json::to_string_pretty(&story).unwrap_or_default()
}

/// The action that asks `/myself`.
pub const MYSELF_ACTION: &str = "Ask Jira who this credential is";
/// The action that asks `/mypermissions`, after `/myself`.
pub const PERMISSIONS_ACTION: &str = "Ask Jira what this credential may do";
/// The scoped route's first action, and how the second refers to its answer.
const CLOUD_ID_ACTION: &str = "Get cloud id";
const CLOUD_ID_REFERENCE: &str = "get_cloud_id.body.cloudId";

fn http_request<'a>(
    name: &'a str,
    description: String,
    guid: String,
    url: String,
    auth: Auth,
) -> Agent<'a> {
    let (basic_auth, authorization) = match auth {
        Auth::None => (None, None),
        Auth::Basic(pair) => (Some(pair), None),
        Auth::Bearer(header) => (None, Some(header)),
    };
    let options = Options::Http(HttpRequestOptions {
        url,
        method: "get",
        content_type: "json",
        headers: Headers {
            accept: "application/json",
            authorization,
        },
        basic_auth,
        log_error_on_status: [],
    });
    agent("Agents::HTTPRequestAgent", name, description, guid, options)
}

/// An action of `kind` with Tines' defaults around its options: enabled, no
/// time saved, no monitoring, no template, no icon, not scheduled (`schedule`
/// null; none at all for a Trigger, as Tines exports one).
fn agent<'a>(
    kind: &'a str,
    name: &'a str,
    description: String,
    guid: String,
    options: Options,
) -> Agent<'a> {
    Agent {
        kind,
        name,
        disabled: false,
        description,
        guid,
        options,
        reporting: Reporting {
            time_saved_value: 0,
            time_saved_unit: "minutes",
        },
        monitoring: Monitoring {
            monitor_all_events: false,
            monitor_failures: false,
            monitor_no_events_emitted: None,
        },
        template: Template {
            created_from_template_guid: None,
            created_from_template_version: None,
        },
        visuals: Visuals {
            card_icon_image_contents: None,
            card_icon_image_filename: None,
            card_icon_name: None,
        },
        width: None,
        schedule: (kind != TRIGGER).then_some(None),
    }
}

// ---- the story that checks the credential every day ---------------------------

const TRIGGER: &str = "Agents::TriggerAgent";

/// When the daily check runs and whom it emails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Daily<'a> {
    /// The address the email goes to.
    pub notify: &'a str,
    /// The hour, 0 to 23.
    pub hour: u8,
    /// The minute, 0 to 59.
    pub minute: u8,
    /// The IANA time zone the hour and minute are in.
    pub zone: &'a str,
}

/// The Trigger between the check and the email.
pub const DAILY_TRIGGER: &str = "Jira did not answer 200";
/// The Send Email action.
pub const DAILY_EMAIL: &str = "Email that the credential failed";
/// How a later action refers to the check's answer: its name in snake_case.
const MYSELF_REFERENCE: &str = "ask_jira_who_this_credential_is";

const DAILY_DESCRIPTION: &str = "Checks a Jira Cloud credential every day, as Tines uses it: asks Jira \
    who the credential is and, when Jira answers anything but 200, emails what failed and what to do. \
    Import it (Stories, Import); it runs on its schedule.";

const DC_DAILY_DESCRIPTION: &str = "Checks a Jira Data Center credential every day, as Tines \
    uses it: asks Jira who the credential is and, when Jira answers anything but 200, emails what \
    failed and what to do. Import it (Stories, Import); it runs on its schedule.";

/// The statuses the email explains, in the page's words: the live check's own
/// reading of a `/myself` answer with that status.
const EXPLAINED: [u16; 5] = [401, 403, 404, 429, 500];

/// What the page says about a `/myself` answer with `status` and no body, with
/// `host` where it names the site.
fn page_words(route: Route, host: &str, status: u16) -> String {
    let response = Response {
        status,
        headers: Vec::new(),
        body: String::new(),
        opaque_redirect: false,
    };
    match route {
        Route::DataCenter => interpret_data_center_myself(host, None, &response).message,
        Route::Site | Route::Scoped => interpret_myself(route, host, "", &response).message,
    }
}

/// Text for an HTML body: `&`, `<` and `>` escaped.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The story that checks the credential every day, pretty-printed JSON.
pub fn daily_story(
    key: &str,
    name: &str,
    route: Route,
    tunnel: bool,
    daily: &Daily<'_>,
    today: Date,
) -> String {
    let domain = concat(&["<<INFO.credential.", key, ".metadata.domain>>"]);
    let username = concat(&["<<INFO.credential.", key, ".metadata.username>>"]);
    let base_url = concat(&["<<INFO.credential.", key, ".metadata.base_url>>"]);
    // Only a story's first action may be scheduled (tines.com/docs/actions,
    // "Scheduling actions"): "M H * * *" in the zone given.
    let schedule = || {
        Some(Some(vec![Cron {
            cron: concat(&[
                &decimal(u64::from(daily.minute)),
                " ",
                &decimal(u64::from(daily.hour)),
                " * * *",
            ]),
            timezone: String::from(daily.zone),
        }]))
    };
    let mut agents = Vec::new();
    let url = match route {
        Route::Site => concat(&["https://", &domain, MYSELF_PATH]),
        Route::DataCenter => concat(&[&base_url, DC_MYSELF_PATH]),
        Route::Scoped => {
            let mut lookup = http_request(
                CLOUD_ID_ACTION,
                String::from(
                    "Runs every day: looks up the site's cloud id (no credential is sent) for the \
                     next action, which asks Jira through api.atlassian.com.",
                ),
                guid(&concat(&["daily-lookup:", key])),
                concat(&["https://", &domain, TENANT_INFO_PATH]),
                Auth::None,
            );
            lookup.schedule = schedule();
            agents.push(lookup);
            concat(&[
                "https://",
                GATEWAY_HOST,
                GATEWAY_JIRA_PATH,
                "<<",
                CLOUD_ID_REFERENCE,
                ">>",
                MYSELF_PATH,
            ])
        }
    };
    let scheduled = route != Route::Scoped;
    let mut myself = http_request(
        MYSELF_ACTION,
        with_tunnel(
            tunnel,
            &concat(&[
                if scheduled {
                    "Runs every day: asks "
                } else {
                    "Asks "
                },
                "Jira who the credential ",
                name,
                " belongs to. Status 200 and ",
                if route == Route::DataCenter {
                    "the user's key"
                } else {
                    "an accountId"
                },
                ": the credential works, and nothing follows.",
            ]),
        ),
        guid(&concat(&["daily-myself:", key])),
        url,
        auth(route, key),
    );
    if scheduled {
        myself.schedule = schedule();
    }
    agents.push(myself);
    let status = concat(&["<<", MYSELF_REFERENCE, ".status>>"]);
    agents.push(agent(
        TRIGGER,
        DAILY_TRIGGER,
        String::from(
            "Passes the check's event on when Jira answered anything but 200 (no answer at all \
             included).",
        ),
        guid(&concat(&["daily-trigger:", key])),
        Options::Trigger(TriggerOptions {
            rules: [Rule {
                kind: "field!=value",
                path: status.clone(),
                value: "200",
            }],
        }),
    ));
    let mut body = concat(&[
        "Hello,<br/><br/>The daily check of the Tines credential <b>",
        &html(name),
        "</b> (<code>",
        key,
        "</code>, for Jira at ",
        if route == Route::DataCenter {
            &base_url
        } else {
            &domain
        },
        " as ",
        &username,
        ") failed: Jira answered HTTP ",
        &status,
        " to ",
        if route == Route::DataCenter {
            DC_MYSELF_PATH
        } else {
            MYSELF_PATH
        },
        ", where 200 means the credential works.<br/>Jira said: <<",
        MYSELF_REFERENCE,
        ".body>><br/><br/>What that status means, in the words of the page that set the \
         credential up:<br/>",
    ]);
    // The site as the credential's reference, so the story stays right for whichever site its
    // credential names: the message is written with a stand-in, escaped, then the reference put in.
    const SITE: &str = "\u{1}";
    for status in EXPLAINED {
        body.push_str("<b>");
        body.push_str(&decimal(u64::from(status)));
        body.push_str("</b>: ");
        let words = html(&page_words(route, SITE, status));
        let words = match route {
            Route::DataCenter => words
                .replace(&concat(&["https://", SITE]), &base_url)
                .replace(SITE, &base_url),
            Route::Site | Route::Scoped => words.replace(SITE, &domain),
        };
        body.push_str(&words);
        body.push_str("<br/>");
    }
    if route == Route::DataCenter {
        body.push_str(
            "No status: Tines could not reach Jira (through its Tunnel, for a Jira inside your \
             network), or the credential's Domains do not include its host.<br/><br/>What to do: \
             a personal access token that expired or was revoked is the usual cause. Create a new \
             one in Jira as the credential's user (profile picture, Profile, Personal access \
             tokens), then replace the credential's token with the page that set it up: its \
             \"Replace the token\" commands find this credential by name and keep everything else.",
        );
    } else {
        body.push_str(
        "No status: Tines could not reach Jira, or the credential's Domains do not include the \
         site.<br/><br/>What to do: an API token that expired or was revoked is the usual cause \
         (a token lasts at most 365 days). Create a new token at \
         https://id.atlassian.com/manage-profile/security/api-tokens as the credential's user, then \
         replace the credential's token with the page that set it up: its \"Replace the token\" \
         commands find this credential by name and keep everything else.",
        );
    }
    agents.push(agent(
        "Agents::EmailAgent",
        DAILY_EMAIL,
        String::from("Emails which credential failed, Jira's status and reason, and what to do."),
        guid(&concat(&["daily-email:", key])),
        Options::Email(EmailOptions {
            recipients: String::from(daily.notify),
            subject: concat(&["The Jira credential ", name, " failed its daily check"]),
            body,
        }),
    ));
    let links = (1..agents.len())
        .map(|receiver| Link {
            source: receiver - 1,
            receiver,
        })
        .collect();
    let layout: Vec<(String, usize)> = agents
        .iter()
        .enumerate()
        .map(|(row, a)| (a.guid.clone(), row))
        .collect();
    let description = with_tunnel(
        tunnel,
        if route == Route::DataCenter {
            DC_DAILY_DESCRIPTION
        } else {
            DAILY_DESCRIPTION
        },
    );
    export(
        concat(&["Check the Jira credential ", name, " every day"]),
        &description,
        concat(&["check_the_jira_credential_", key, "_every_day"]),
        guid(&concat(&["daily:", key])),
        (agents, links, &layout),
        today,
    )
}

/// The file name the page offers for the daily story's download.
pub fn daily_story_file_name(key: &str) -> String {
    concat(&["check-jira-credential-daily-", key, ".json"])
}

/// The file name the page offers for the download.
pub fn story_file_name(key: &str) -> String {
    concat(&["test-jira-credential-", key, ".json"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_hex() {
        let g = guid("story:jira_prod");
        assert_eq!(g.len(), 32);
        assert!(g.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(g, guid("story:jira_prod"));
        assert_ne!(g, guid("story:jira_test"));
    }
}
