// tines-jira-credential relay, OPTIONAL (njs): is a header that says which site sent the request
// repeated? Used by tines-jira-relay-njs.conf; see there. Plain ES5: njs 0.7 (Debian 12) has no
// destructuring.

// The headers the relay's foreign-site refusal reads (tines-jira-http.conf): a browser sends each
// at most once, and nginx 1.22 shows the configuration only the first of repeated lines.
var SITE_HEADERS = ['sec-fetch-site', 'origin'];

// "1" when the request carries one of them more than once, "" otherwise (r.rawHeadersIn: every
// header line as sent, in order, https://nginx.org/en/docs/njs/reference.html#r_raw_headers_in).
function repeatedSiteHeaders(r) {
    var seen = {};
    var lines = r.rawHeadersIn;
    for (var i = 0; i < lines.length; i++) {
        var name = lines[i][0].toLowerCase();
        if (SITE_HEADERS.indexOf(name) < 0) continue;
        if (seen[name]) return '1';
        seen[name] = true;
    }
    return '';
}

export default { repeatedSiteHeaders: repeatedSiteHeaders };
