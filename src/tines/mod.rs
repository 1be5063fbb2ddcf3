//! Everything a person pastes into Tines, built from the checked inputs.
//!
//! Tines' manual route for Jira is a *Text* credential: the *Value* is the API
//! token and the *Metadata* is `{"domain": ..., "username": ...}` (Tines,
//! "Jira Software Authentication Guide", explained.tines.com, manual
//! credential creation). Actions read them as `CREDENTIAL.<key>` and
//! `INFO.credential.<key>.metadata.<field>` (tines.com/docs/formulas,
//! "Referencing data"). A credential also has a *Domains* restriction
//! (space-separated hosts, `*` wildcard) and an optional expiry
//! (tines.com/docs/credentials).
//!
//! The pieces: this module builds the report; [`commands`] writes the
//! terminal commands; [`story`] writes the story that tests the credential
//! inside Tines.

use serde::Serialize;

use crate::checks::account::{account_id, user_key};
use crate::checks::site::{base_authority, base_domain, is_browser_checkable};
use crate::checks::{
    check_email, check_expiry, check_name, check_notify_email, check_site_for, check_team_id,
    check_tenant, check_time, check_time_zone, check_token_for, credential_key, Date, InputLimits,
    SiteCheck, SiteKind, INPUT_LIMITS,
};
use crate::diagnostic::{concat, FieldResult};
use crate::jira::request::CloudId;
use crate::jira::scopes::{ScopeNeed, SCOPES};
use crate::route::{
    uses_scoped_route, Deployment, Route, GATEWAY_HOST, GATEWAY_JIRA_PATH, TENANT_INFO_PATH,
};
use body::{Field, Value};

mod body;
pub mod commands;
pub mod replacement;
pub mod story;

/// The inputs, as typed. Only the site, the token and the name are needed
/// always; the email for Jira Cloud.
#[derive(Clone, Copy, Debug)]
pub struct CredentialInput<'a> {
    /// The Jira site: a name, host or any URL on the site; for Data Center,
    /// its base URL.
    pub site: &'a str,
    /// Which Jira the site is, as the person said; `None`: not said. A Cloud
    /// address is Cloud whatever is said.
    pub deployment: Option<Deployment>,
    /// The sign-in email of the account that created the token (Cloud only:
    /// Data Center needs none, and it is not read).
    pub email: &'a str,
    /// The API token.
    pub token: &'a str,
    /// The credential's name in Tines.
    pub name: &'a str,
    /// The token has scopes (or belongs to a service account), so it is checked
    /// through `api.atlassian.com` rather than the site's own address.
    pub scoped: bool,
    /// The site's cloud id, once a live check or a pasted transcript showed
    /// it (`Verification::cloud_id`); empty while unknown. Anything but a UUID
    /// is ignored.
    pub cloud_id: &'a str,
    /// The Atlassian account id the token belongs to, once a live check or a
    /// pasted transcript verified it (`Verification::account`); empty while
    /// unknown. Anything but an account id's characters is ignored. On Data
    /// Center, the user's key.
    pub account_id: &'a str,
    /// Data Center: the user name the token belongs to, once verified
    /// (`Account::name`); empty while unknown.
    pub account_name: &'a str,
    /// Data Center: Tines reaches this Jira only through a Tines Tunnel, so
    /// the stories say where to switch it on.
    pub tunnel: bool,
    /// Data Center: the one origin (`https://host[:port]`) the page's
    /// operators let it ask from the browser; empty: none.
    pub data_center_origin: &'a str,
    /// Replacing a token: the account the credential in Tines is for, as its
    /// `account_id` or its whole Metadata pasted
    /// ([`crate::checks::check_credential_account`]); empty when unknown.
    pub credential_account: &'a str,
    /// The token's expiry, `YYYY-MM-DD`, as chosen when it was created.
    pub expires_on: &'a str,
    /// The Tines tenant's host, for the command that creates the credential.
    pub tines_tenant: &'a str,
    /// The Tines team the credential belongs to.
    pub team_id: &'a str,
    /// Whom the daily check's story emails when the credential fails.
    pub notify_email: &'a str,
    /// When the daily check runs, `HH:MM` (default 09:00).
    pub check_time: &'a str,
    /// The time zone of `check_time`, an IANA name (the page gives the
    /// browser's when empty; without one, UTC).
    pub time_zone: &'a str,
    /// Today's date: the rules take it as an input.
    pub today: Date,
}

impl Default for CredentialInput<'_> {
    fn default() -> Self {
        CredentialInput {
            site: "",
            deployment: None,
            email: "",
            token: "",
            name: "",
            scoped: false,
            cloud_id: "",
            account_id: "",
            account_name: "",
            tunnel: false,
            data_center_origin: "",
            credential_account: "",
            expires_on: "",
            tines_tenant: "",
            team_id: "",
            notify_email: "",
            check_time: "",
            time_zone: "",
            today: Date::EPOCH,
        }
    }
}

/// The checked fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fields {
    /// The site.
    pub site: SiteCheck,
    /// The account email; absent for Data Center, which needs none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<FieldResult>,
    /// The API token.
    pub token: FieldResult,
    /// The credential name.
    pub name: FieldResult,
    /// The token's expiry (optional).
    pub expires_on: FieldResult,
    /// The Tines tenant (optional).
    pub tines_tenant: FieldResult,
    /// The Tines team id (optional).
    pub team_id: FieldResult,
    /// Whom the daily check emails (optional).
    pub notify_email: FieldResult,
    /// The daily check's time of day (optional).
    pub check_time: FieldResult,
    /// The daily check's time zone (optional).
    pub time_zone: FieldResult,
}

/// Every field checked, and the outputs once they can be built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialReport {
    /// Every field is ok.
    pub ok: bool,
    /// Which Jira the report is for: Data Center for a Data Center base
    /// URL, Cloud otherwise.
    pub deployment: Deployment,
    /// The result of each check.
    pub fields: Fields,
    /// Present once site, email and name are ok (the token may still be wrong:
    /// everything but the *Value* can be prepared without it).
    pub outputs: Option<CredentialOutputs>,
    /// Whether a live check can run, and how it starts.
    pub check: CheckState,
    /// The name a credential gets when none is typed (the check suggests it
    /// for an empty name).
    pub default_name: &'static str,
    /// How much of each input the checks read, in characters.
    pub limits: InputLimits,
}

/// Whether a live check can run, and how it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckState {
    /// The site, email and token pass their checks: a check can be asked.
    pub ready: bool,
    /// The site is valid and one the browser may ask (an Atlassian Cloud
    /// host, or the Data Center origin the page's operators allowed): the
    /// live check can run from a page. Any other host cannot, and a terminal
    /// check command asks it instead.
    pub from_browser: bool,
    /// The route it starts on: the site, or the gateway for a service
    /// account's address or a token said to have scopes; Data Center's own.
    pub route: Route,
}

/// What each part built on request is made from, as one text per part: while
/// a part's text is unchanged, the part built before is still right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parts {
    /// [`build_check_commands`]: the site, the email and the route.
    pub check: String,
    /// [`build_tines_api_commands`]: everything in the credential, the tenant
    /// and the team id; `None` while the tenant or the team id is not valid,
    /// when the commands cannot be built.
    pub tines_api: Option<String>,
    /// [`build_replace_commands`]: the Tines API commands', and the cloud id
    /// the command asks the gateway with; `None` exactly when `tines_api` is.
    pub replace: Option<String>,
    /// [`build_story`]: the name, the route and the day.
    pub story: String,
    /// [`build_daily_story`]: the story's, with the address, time and zone;
    /// `None` while there is no valid address (or the time or zone is not
    /// valid), when it cannot be built.
    pub daily: Option<String>,
}

/// The Tines references for a credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct References {
    /// `<<CREDENTIAL.key>>`: the token.
    pub value: String,
    /// `<<INFO.credential.key.metadata.domain>>`.
    pub domain: String,
    /// `<<INFO.credential.key.metadata.username>>`.
    pub username: String,
    /// `https://<<INFO.credential.key.metadata.domain>>/rest/api/3`: the base URL
    /// of Jira's REST API for an HTTP Request action.
    pub base_url: String,
}

/// The check commands, for the site and email: each prints a transcript that
/// [`crate::jira::interpret_transcript`] reads. None contains a secret: each
/// prompts for the token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckCommands {
    /// POSIX shell: a hidden `read` prompt, then curl's config on standard input.
    pub curl: String,
    /// PowerShell 7 (`Get-Credential` prompts for the token).
    pub powershell: String,
    /// Windows PowerShell 5.1.
    pub windows_powershell: String,
}

/// The commands that create the credential through Tines' API. Each prompts
/// for the Tines API key and the Jira token; neither is ever on a command line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TinesApiCommands {
    /// POSIX shell.
    pub curl: String,
    /// PowerShell 7.
    pub powershell: String,
}

/// The commands that replace the token of an existing credential through
/// Tines' API: find it by exact name in the team, check that the new token is
/// the same Jira account's, then `PUT` every field. Each prompts for the Tines
/// API key and the new Jira token; neither is ever on a command line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplaceCommands {
    /// POSIX shell (needs curl and jq).
    pub curl: String,
    /// PowerShell 7.
    pub powershell: String,
}

/// Everything to paste into Tines' "New credential → Text" form, and more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialOutputs {
    /// The credential's name.
    pub name: String,
    /// Its key in Tines references.
    pub credential_key: String,
    /// The cleaned token (the *Value*); `None` while the token is not ok.
    pub value: Option<String>,
    /// The *Metadata* block, pretty-printed with two spaces.
    pub metadata_json: String,
    /// The *Domains* restriction: space-separated hosts the credential may be sent to.
    pub domains_field: String,
    /// The credential's expiry for Tines (ISO 8601), from the token's expiry.
    pub expires_at: Option<String>,
    /// How Tines actions refer to the credential.
    pub references: References,
    /// The file name to offer for the story ([`build_story`]).
    pub story_file_name: String,
    /// The file name to offer for the daily check's story ([`build_daily_story`]).
    pub daily_story_file_name: String,
    /// Which route the live check takes.
    pub route: Route,
    /// The site's cloud id, when given: on the scoped route, Tines' actions
    /// reach Jira at `https://api.atlassian.com/ex/jira/<cloudId>`.
    pub cloud_id: Option<String>,
    /// On the scoped route, the scopes the token needs for the check, the
    /// story and Tines' Jira actions; empty on the site route.
    pub scopes: &'static [ScopeNeed],
    /// On the scoped route while the cloud id is unknown: where to find it.
    pub cloud_id_hint: Option<String>,
    /// What each part built on request is made from.
    pub parts: Parts,
}

/// Tines' *Metadata* block for a Jira credential. Cloud: `domain`,
/// `username` (the email) and, once verified, `account_id`. Data Center:
/// `base_url` (scheme, host, port and context path: what a story puts before
/// `/rest/api/2`), `domain` (the host alone, as in the Domains restriction),
/// and once verified `username` (the user name) and `user_key` (the user's
/// key, which outlives a rename). README, "Jira Data Center and Server",
/// says why.
#[derive(Serialize)]
pub struct Metadata<'a> {
    /// Data Center: the base URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<&'a str>,
    /// The Jira site's host.
    pub domain: &'a str,
    /// The account's email (Cloud), or its user name once verified (Data
    /// Center).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<&'a str>,
    /// The account's Atlassian account id, once a live check or a pasted
    /// answer verified it: the replace commands compare it, since Jira may
    /// hide the email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<&'a str>,
    /// Data Center: the user's key, once verified; the replace commands
    /// compare it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_key: Option<&'a str>,
}

/// Checks every input and, once site, email and name are valid, builds the
/// outputs. This runs on every keystroke, so it builds only what is cheap and
/// shown at once: the commands and the story are built on request
/// ([`build_check_commands`], [`build_tines_api_commands`], [`build_story`]).
pub fn build_credential(input: &CredentialInput<'_>) -> CredentialReport {
    let fields = check_fields(input);
    let outputs = checked(input, &fields).map(|c| outputs(&c));
    let email_ok = fields.email.as_ref().is_none_or(|e| e.ok);
    let deployment = fields.site.deployment();
    let ok = fields.site.ok
        && email_ok
        && fields.token.ok
        && fields.name.ok
        && fields.expires_on.ok
        && fields.tines_tenant.ok
        && fields.team_id.ok
        && fields.notify_email.ok
        && fields.check_time.ok
        && fields.time_zone.ok;
    CredentialReport {
        ok,
        deployment,
        check: CheckState {
            ready: fields.site.ok && email_ok && fields.token.ok,
            from_browser: fields.site.ok
                && (is_browser_checkable(fields.site.kind)
                    || may_ask_data_center(&fields.site, input.data_center_origin)),
            route: route_of(&fields, input.scoped),
        },
        default_name: crate::checks::name::DEFAULT_NAME,
        fields,
        outputs,
        limits: INPUT_LIMITS,
    }
}

/// The check commands for these inputs; `None` exactly when
/// [`build_credential`] has no outputs.
pub fn build_check_commands(input: &CredentialInput<'_>) -> Option<CheckCommands> {
    let fields = check_fields(input);
    let c = checked(input, &fields)?;
    Some(CheckCommands {
        curl: commands::curl_check(c.host, c.email, c.route),
        powershell: commands::powershell_check(c.host, c.email, c.route),
        windows_powershell: commands::windows_powershell_check(c.host, c.email, c.route),
    })
}

/// True for a Data Center base whose origin is the one the page may ask.
fn may_ask_data_center(site: &SiteCheck, allowed: &str) -> bool {
    let origin = allowed.trim();
    site.kind == SiteKind::DataCenter
        && site.value.as_deref().is_some_and(|base| {
            origin
                .strip_prefix("https://")
                .is_some_and(|host| host.eq_ignore_ascii_case(base_authority(base)))
        })
}

/// The route a check takes: Data Center's for a Data Center base; on Cloud,
/// the gateway for a service account's address or a token said to have
/// scopes, the site otherwise.
fn route_of(fields: &Fields, scoped: bool) -> Route {
    match (&fields.email, fields.site.deployment()) {
        (_, Deployment::DataCenter) => Route::DataCenter,
        (Some(email), Deployment::Cloud) => {
            uses_scoped_route(email.value.as_deref().unwrap_or(""), scoped)
        }
        (None, Deployment::Cloud) => uses_scoped_route("", scoped),
    }
}

/// The commands that create the credential through Tines' API; `None` until
/// the outputs exist and the Tines tenant and team id are valid.
pub fn build_tines_api_commands(input: &CredentialInput<'_>) -> Option<TinesApiCommands> {
    let fields = check_fields(input);
    let c = checked(input, &fields)?;
    let (tenant, team_id) = (c.tenant?, c.team_id?);
    let (curl, powershell) = api_commands(&c, tenant, team_id);
    Some(TinesApiCommands { curl, powershell })
}

/// The commands that replace the token of the credential of this name in the
/// team; `None` exactly when [`build_tines_api_commands`] is.
pub fn build_replace_commands(input: &CredentialInput<'_>) -> Option<ReplaceCommands> {
    let fields = check_fields(input);
    let c = checked(input, &fields)?;
    let (tenant, team_id) = (c.tenant?, c.team_id?);
    let (curl, powershell) = replace_commands(&c, tenant, team_id);
    Some(ReplaceCommands { curl, powershell })
}

/// The story (Tines' export format, JSON) that tests the credential inside
/// Tines; `None` exactly when [`build_credential`] has no outputs. It holds
/// only references to the credential, never the token or the email.
pub fn build_story(input: &CredentialInput<'_>) -> Option<String> {
    let fields = check_fields(input);
    let c = checked(input, &fields)?;
    Some(story::story(
        &credential_key(c.name),
        c.name,
        c.route,
        c.tunnel,
        c.today,
    ))
}

/// The story that checks the credential every day (Tines' export format,
/// JSON): its first action asks Jira `/myself` with the credential on a
/// schedule, a Trigger passes any status but 200 to a Send Email action.
/// `None` until [`build_credential`] has outputs and the address to notify is
/// valid (and the time and zone, when given). It holds references to the
/// credential, never the token or the account's email (the address to notify
/// is the one given for it).
pub fn build_daily_story(input: &CredentialInput<'_>) -> Option<String> {
    let fields = check_fields(input);
    let c = checked(input, &fields)?;
    let daily = c.daily.as_ref()?;
    Some(story::daily_story(
        &credential_key(c.name),
        c.name,
        c.route,
        c.tunnel,
        daily,
        c.today,
    ))
}

fn check_fields(input: &CredentialInput<'_>) -> Fields {
    let site = check_site_for(input.site, input.deployment);
    let deployment = site.deployment();
    Fields {
        email: (deployment == Deployment::Cloud).then(|| check_email(input.email)),
        token: check_token_for(input.token, input.today, deployment),
        site,
        name: check_name(input.name),
        expires_on: check_expiry(input.expires_on, input.today),
        tines_tenant: check_tenant(input.tines_tenant),
        team_id: check_team_id(input.team_id),
        notify_email: check_notify_email(input.notify_email),
        check_time: check_time(input.check_time),
        time_zone: check_time_zone(input.time_zone),
    }
}

/// The checked values, once site, email and name are valid.
fn checked<'a>(input: &CredentialInput<'a>, fields: &'a Fields) -> Option<Checked<'a>> {
    let (host, name) = (fields.site.target()?, fields.name.value.as_deref()?);
    let email = match &fields.email {
        Some(email) => email.value.as_deref()?,
        None => "",
    };
    let route = route_of(fields, input.scoped);
    let data_center = route == Route::DataCenter;
    Some(Checked {
        host,
        email,
        token: fields.token.value.as_deref(),
        name,
        route,
        cloud_id: CloudId::parse(input.cloud_id.trim()).filter(|_| !data_center),
        // Anything but an account id's characters is ignored, never put in a command.
        account_id: if data_center {
            user_key(input.account_id.trim())
        } else {
            account_id(input.account_id.trim())
        },
        account_name: user_key(input.account_name.trim()).filter(|_| data_center),
        tunnel: input.tunnel && data_center,
        expires_on: fields.expires_on.value.as_deref(),
        tenant: fields.tines_tenant.value.as_deref(),
        team_id: fields.team_id.value.as_deref(),
        daily: daily_schedule(fields),
        today: input.today,
    })
}

/// The checked values the outputs are built from.
struct Checked<'a> {
    host: &'a str,
    email: &'a str,
    token: Option<&'a str>,
    name: &'a str,
    route: Route,
    cloud_id: Option<CloudId>,
    account_id: Option<&'a str>,
    account_name: Option<&'a str>,
    tunnel: bool,
    expires_on: Option<&'a str>,
    tenant: Option<&'a str>,
    team_id: Option<&'a str>,
    /// The daily check: whom to email, and when; `None` without a valid
    /// address, or with a time or zone that is not valid.
    daily: Option<story::Daily<'a>>,
    /// The day the story says it was exported (`exported_at`).
    today: Date,
}

/// The daily check's address, time and zone, once the address is valid and
/// the time and zone are valid or left empty (09:00; UTC, where the page
/// gives the browser's zone).
fn daily_schedule(fields: &Fields) -> Option<story::Daily<'_>> {
    let notify = fields.notify_email.value.as_deref()?;
    if !(fields.check_time.ok && fields.time_zone.ok) {
        return None;
    }
    let (hour, minute) = fields
        .check_time
        .value
        .as_deref()
        .and_then(crate::checks::schedule::parse_time)
        .unwrap_or(crate::checks::schedule::DEFAULT_TIME);
    Some(story::Daily {
        notify,
        hour,
        minute,
        zone: fields.time_zone.value.as_deref().unwrap_or("UTC"),
    })
}

/// What the scoped route's base URL holds until the cloud id is known.
pub const CLOUD_ID_PLACEHOLDER: &str = "{cloudId}";

fn gateway_base(cloud_id: &str) -> String {
    concat(&[
        "https://",
        GATEWAY_HOST,
        GATEWAY_JIRA_PATH,
        cloud_id,
        "/rest/api/3",
    ])
}

impl Checked<'_> {
    fn metadata<'m>(&'m self, base_url: &'m str) -> Metadata<'m> {
        match self.route {
            Route::DataCenter => Metadata {
                base_url: Some(base_url),
                domain: base_domain(self.host),
                username: self.account_name,
                account_id: None,
                user_key: self.account_id,
            },
            Route::Site | Route::Scoped => Metadata {
                base_url: None,
                domain: self.host,
                username: Some(self.email),
                account_id: self.account_id,
                user_key: None,
            },
        }
    }

    /// Data Center's base URL, `https://` and the base.
    fn base_url(&self) -> String {
        concat(&["https://", self.host])
    }

    /// Tines' *Domains* restriction: the site, and the gateway on the scoped
    /// route; Data Center's host (without its port or path).
    fn domains_field(&self) -> String {
        match self.route {
            Route::Site => String::from(self.host),
            Route::Scoped => concat(&[self.host, " ", GATEWAY_HOST]),
            Route::DataCenter => String::from(base_domain(self.host)),
        }
    }

    /// What each part built on request is made from (see [`Parts`]), one
    /// value a line: no checked value holds a line break.
    fn parts(&self, key: &str) -> Parts {
        let route = self.route.as_str();
        let check = concat(&[self.host, "\n", self.email, "\n", route]);
        let tines_api = match (self.tenant, self.team_id) {
            (Some(tenant), Some(team_id)) => Some(concat(&[
                // Data Center's user name first: Cloud has none.
                match self.account_name {
                    Some(name) => concat(&[name, "\n"]),
                    None => String::new(),
                }
                .as_str(),
                &check,
                "\n",
                self.name,
                "\n",
                tenant,
                "\n",
                team_id,
                "\n",
                self.expires_on.unwrap_or_default(),
                "\n",
                self.account_id.unwrap_or_default(),
            ])),
            _ => None,
        };
        let replace = tines_api.as_ref().map(|api| {
            concat(&[
                api,
                "\n",
                self.cloud_id
                    .as_ref()
                    .map(CloudId::as_str)
                    .unwrap_or_default(),
            ])
        });
        let story = concat(&[
            key,
            "\n",
            self.name,
            "\n",
            route,
            "\n",
            if self.tunnel { "tunnel" } else { "" },
            "\n",
            &self.today.iso(),
        ]);
        let daily = self.daily.as_ref().map(|d| {
            concat(&[
                &story,
                "\n",
                self.host,
                "\n",
                d.notify,
                "\n",
                &crate::checks::schedule::time_text(d.hour, d.minute),
                "\n",
                d.zone,
            ])
        });
        Parts {
            check,
            tines_api,
            replace,
            story,
            daily,
        }
    }

    /// The token's last day: Tines' expiry at the start of that day (UTC), so
    /// the credential is flagged before the token stops working.
    fn expires_at(&self) -> Option<String> {
        self.expires_on.map(|day| concat(&[day, "T00:00:00Z"]))
    }
}

fn outputs(c: &Checked<'_>) -> CredentialOutputs {
    let key = credential_key(c.name);
    // serde_json writes two-space indentation, as Tines' guide shows the block.
    let base_url = c.base_url();
    let metadata_json = serde_json::to_string_pretty(&c.metadata(&base_url)).unwrap_or_default();
    let references = References {
        value: concat(&["<<CREDENTIAL.", &key, ">>"]),
        domain: concat(&["<<INFO.credential.", &key, ".metadata.domain>>"]),
        username: concat(&["<<INFO.credential.", &key, ".metadata.username>>"]),
        base_url: match (c.route, &c.cloud_id) {
            (Route::Site, _) => concat(&[
                "https://<<INFO.credential.",
                &key,
                ".metadata.domain>>/rest/api/3",
            ]),
            // Tokens with scopes are used through the gateway, below the
            // site's cloud id (Atlassian, "Manage API tokens for your
            // Atlassian account").
            (Route::Scoped, Some(id)) => gateway_base(id.as_str()),
            (Route::Scoped, None) => gateway_base(CLOUD_ID_PLACEHOLDER),
            // Data Center's REST API 2, below its base URL, context path
            // included.
            (Route::DataCenter, _) => concat(&[
                "<<INFO.credential.",
                &key,
                ".metadata.base_url>>/rest/api/2",
            ]),
        },
    };
    CredentialOutputs {
        name: String::from(c.name),
        credential_key: key.clone(),
        value: c.token.map(String::from),
        metadata_json,
        domains_field: c.domains_field(),
        expires_at: c.expires_at(),
        story_file_name: story::story_file_name(&key),
        daily_story_file_name: story::daily_story_file_name(&key),
        references,
        route: c.route,
        cloud_id: c.cloud_id.as_ref().map(|id| String::from(id.as_str())),
        scopes: match c.route {
            Route::Site | Route::DataCenter => &[],
            Route::Scoped => &SCOPES,
        },
        cloud_id_hint: match (c.route, &c.cloud_id) {
            (Route::Scoped, None) => Some(concat(&[
                "The base URL needs your site\u{2019}s cloud id in place of ",
                CLOUD_ID_PLACEHOLDER,
                ": check with Jira, or read back what a terminal check command printed, and \
                 it is filled in. It is also the cloudId that https://",
                c.host,
                TENANT_INFO_PATH,
                " shows.",
            ])),
            _ => None,
        },
        parts: c.parts(&key),
    }
}

/// What the create and replace bodies share, built once.
struct BodyParts {
    base_url: String,
    description: String,
    domains_field: String,
    expires_at: Option<String>,
}

impl Checked<'_> {
    fn body_parts(&self) -> BodyParts {
        BodyParts {
            base_url: self.base_url(),
            description: match (self.route, self.account_name) {
                (Route::DataCenter, Some(name)) => {
                    concat(&["Jira Data Center ", &self.base_url(), " as ", name])
                }
                (Route::DataCenter, None) => concat(&["Jira Data Center ", &self.base_url()]),
                _ => concat(&["Jira Cloud ", self.host, " as ", self.email]),
            },
            domains_field: self.domains_field(),
            expires_at: self.expires_at(),
        }
    }

    /// The body of Tines' "Create a text credential" (tines.com/api/
    /// credentials/create-text) with `team_id`: `name`, `mode: "TEXT"`,
    /// `value`, `team_id`, and the optional `description`, `metadata`,
    /// `allowed_hosts`, `read_access` and `expires_at`, with
    /// `expiry_notifications_enabled: true` beside an expiry, so Tines emails
    /// the recipients chosen in its Expiry notifications tab 30, 7 and 1 days
    /// before (tines.com/docs/credentials/credential-configuration/expiry).
    ///
    /// Without `team_id`, the body of "Update a credential" (`PUT
    /// /api/v1/user_credentials/{id}`, tines.com/api/credentials/update) for a
    /// Text credential: every field, as Tines sets a field a PUT leaves out to
    /// null. `expires_at` is written even without an expiry (null): the old
    /// token's date is not the new one's; Tines' expiry emails are on exactly
    /// when there is a date.
    ///
    /// One ordered list of fields ([`body`]), written as JSON lines for sh and
    /// as a hashtable for PowerShell. `value` comes first: the sh commands put
    /// `{"value":"<token>",` in front of the other fields.
    fn body<'a>(&'a self, parts: &'a BodyParts, team_id: Option<&'a str>) -> Vec<Field<'a>> {
        let mut metadata = Vec::new();
        if self.route == Route::DataCenter {
            metadata.push(Field::new("base_url", Value::Text(&parts.base_url)));
        }
        let written = self.metadata(&parts.base_url);
        metadata.push(Field::new("domain", Value::Text(written.domain)));
        if let Some(username) = written.username {
            metadata.push(Field::new("username", Value::Text(username)));
        }
        if let Some(id) = written.account_id {
            metadata.push(Field::new("account_id", Value::Text(id)));
        }
        if let Some(key) = written.user_key {
            metadata.push(Field::new("user_key", Value::Text(key)));
        }
        let mut fields = vec![
            Field::new("value", Value::Token),
            Field::new("name", Value::Text(self.name)),
            Field::new("mode", Value::Text("TEXT")),
        ];
        if let Some(team_id) = team_id {
            fields.push(Field::new("team_id", Value::Number(team_id)));
        }
        fields.extend([
            Field::new("description", Value::Text(&parts.description)),
            Field::new("metadata", Value::Object(metadata)),
            Field::new(
                "allowed_hosts",
                Value::Texts(parts.domains_field.split(' ').collect()),
            ),
            Field::new("read_access", Value::Text("TEAM")),
        ]);
        match (&parts.expires_at, team_id) {
            (Some(at), _) => fields.extend([
                Field::new("expires_at", Value::Text(at)),
                Field::new("expiry_notifications_enabled", Value::Bool(true)),
            ]),
            (None, None) => fields.extend([
                Field::new("expires_at", Value::Null),
                Field::new("expiry_notifications_enabled", Value::Bool(false)),
            ]),
            (None, Some(_)) => {}
        }
        fields
    }
}

fn api_request<'a>(
    c: &Checked<'_>,
    tenant: &'a str,
    team_id: Option<&str>,
) -> commands::TinesApiRequest<'a> {
    let parts = c.body_parts();
    let fields = c.body(&parts, team_id);
    commands::TinesApiRequest {
        tenant,
        deployment: c.route.deployment(),
        json_body: body::json_lines(&fields),
        powershell_body: body::powershell_lines(&fields),
    }
}

fn api_commands(c: &Checked<'_>, tenant: &str, team_id: &str) -> (String, String) {
    let request = api_request(c, tenant, Some(team_id));
    (
        commands::tines_api_curl(&request),
        commands::tines_api_powershell(&request),
    )
}

fn replace_commands(c: &Checked<'_>, tenant: &str, team_id: &str) -> (String, String) {
    let request = commands::ReplaceRequest {
        api: api_request(c, tenant, None),
        team_id,
        name: c.name,
        host: c.host,
        email: c.email,
        route: c.route,
        cloud_id: c.cloud_id.as_ref().map(CloudId::as_str).unwrap_or_default(),
        account_id: c.account_id.unwrap_or_default(),
        account_name: c.account_name.unwrap_or_default(),
    };
    (
        commands::replace_curl(&request),
        commands::replace_powershell(&request),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_two_space_json_domain_first() {
        let text = serde_json::to_string_pretty(&Metadata {
            base_url: None,
            domain: "acme.atlassian.net",
            username: Some("o'brien\"@acme.com"),
            account_id: None,
            user_key: None,
        })
        .unwrap();
        assert_eq!(
            text,
            "{\n  \"domain\": \"acme.atlassian.net\",\n  \"username\": \"o'brien\\\"@acme.com\"\n}"
        );
    }
}
