//! The body of Tines' credential requests as one ordered list of fields, written
//! two ways from it: as JSON lines for the sh commands, and as the lines of a
//! PowerShell hashtable for the PowerShell 7 commands. Nothing is written
//! and then read back: each value is written once, in each language's own way
//! (serde_json for a JSON string, `ps_quote` for a PowerShell one).

use super::commands::ps_quote;

/// A field's value.
pub(crate) enum Value<'a> {
    /// A string.
    Text(&'a str),
    /// A whole number, already checked to be digits without a leading zero.
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null` (`$null`).
    Null,
    /// A list of strings, written on one line.
    Texts(Vec<&'a str>),
    /// An object, its fields one a line.
    Object(Vec<Field<'a>>),
    /// The token: the sh command puts it in at run time, in front of the
    /// JSON lines (`{"value":"…",`); PowerShell writes `$plain`.
    Token,
}

/// One field: its key and value.
pub(crate) struct Field<'a> {
    pub key: &'static str,
    pub value: Value<'a>,
}

impl<'a> Field<'a> {
    pub(crate) fn new(key: &'static str, value: Value<'a>) -> Self {
        Field { key, value }
    }
}

/// The JSON object, two spaces an indent, lists on one line; without the
/// token's field, which the command writes in front of the rest.
pub(crate) fn json_lines(fields: &[Field<'_>]) -> String {
    let mut out = String::with_capacity(512);
    json_object(fields, 0, &mut out);
    out
}

fn json_object(fields: &[Field<'_>], depth: usize, out: &mut String) {
    out.push('{');
    let mut first = true;
    for field in fields.iter().filter(|f| !matches!(f.value, Value::Token)) {
        if !first {
            out.push(',');
        }
        first = false;
        newline(out, depth + 1, "  ");
        out.push_str(&json_text(field.key));
        out.push_str(": ");
        match &field.value {
            Value::Text(text) => out.push_str(&json_text(text)),
            Value::Number(digits) => out.push_str(digits),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Null | Value::Token => out.push_str("null"),
            Value::Texts(items) => {
                let items: Vec<String> = items.iter().map(|i| json_text(i)).collect();
                out.push('[');
                out.push_str(&items.join(", "));
                out.push(']');
            }
            Value::Object(inner) => json_object(inner, depth + 1, out),
        }
    }
    newline(out, depth, "  ");
    out.push('}');
}

/// A JSON string, as serde_json writes it.
fn json_text(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The PowerShell 7 hashtable (`[ordered]@{ … }`), four spaces an indent, one
/// entry a line; the token is `$plain`.
pub(crate) fn powershell_lines(fields: &[Field<'_>]) -> String {
    let mut out = String::with_capacity(512);
    powershell_table(fields, 0, &mut out);
    out
}

fn powershell_table(fields: &[Field<'_>], depth: usize, out: &mut String) {
    out.push_str("[ordered]@{");
    for field in fields {
        newline(out, depth + 1, "    ");
        out.push_str(field.key);
        out.push_str(" = ");
        match &field.value {
            Value::Text(text) => out.push_str(&ps_quote(text)),
            Value::Number(digits) => out.push_str(digits),
            Value::Bool(b) => out.push_str(if *b { "$true" } else { "$false" }),
            Value::Null => out.push_str("$null"),
            Value::Token => out.push_str("$plain"),
            Value::Texts(items) => {
                let items: Vec<String> = items.iter().map(|i| ps_quote(i)).collect();
                out.push_str("@(");
                out.push_str(&items.join(", "));
                out.push(')');
            }
            Value::Object(inner) => powershell_table(inner, depth + 1, out),
        }
    }
    newline(out, depth, "    ");
    out.push('}');
}

fn newline(out: &mut String, depth: usize, indent: &str) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str(indent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<Field<'static>> {
        vec![
            Field::new("value", Value::Token),
            Field::new("name", Value::Text("a 'q' \"x\" \u{2019} {y}, [z]: $w")),
            Field::new("team_id", Value::Number("42")),
            Field::new(
                "metadata",
                Value::Object(vec![
                    Field::new("domain", Value::Text("d")),
                    Field::new("username", Value::Text("u")),
                ]),
            ),
            Field::new("allowed_hosts", Value::Texts(vec!["d", "e"])),
            Field::new("expires_at", Value::Null),
            Field::new("on", Value::Bool(true)),
        ]
    }

    #[test]
    fn json_lines_are_the_fields_in_order_without_the_token() {
        let text = json_lines(&fields());
        assert_eq!(
            text,
            "{\n  \"name\": \"a 'q' \\\"x\\\" \u{2019} {y}, [z]: $w\",\n  \"team_id\": 42,\n  \"metadata\": {\n    \"domain\": \"d\",\n    \"username\": \"u\"\n  },\n  \"allowed_hosts\": [\"d\", \"e\"],\n  \"expires_at\": null,\n  \"on\": true\n}"
        );
        // What the command sends once the token is put in front is the same object.
        let sent = format!("{{\"value\":\"T\",{}", &text[1..]);
        let read: serde_json::Value = serde_json::from_str(&sent).unwrap();
        let keys: Vec<&String> = read.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7);
        assert_eq!(read["value"], "T");
        assert_eq!(read["name"], "a 'q' \"x\" \u{2019} {y}, [z]: $w");
        assert_eq!(read["metadata"]["username"], "u");
    }

    #[test]
    fn powershell_lines_are_the_same_fields() {
        assert_eq!(
            powershell_lines(&fields()),
            "[ordered]@{\n    value = $plain\n    name = 'a ''q'' \"x\" \u{2019}\u{2019} {y}, [z]: $w'\n    team_id = 42\n    metadata = [ordered]@{\n        domain = 'd'\n        username = 'u'\n    }\n    allowed_hosts = @('d', 'e')\n    expires_at = $null\n    on = $true\n}"
        );
    }
}
