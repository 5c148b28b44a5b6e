//! Names: C# member names to Rust fields and wire keys, C# type names to Rust types.

/// Words Rust reserves; a field with one of these names takes the raw form `r#name`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers: renamed with a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// How a Rust identifier is spelled in tokens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RustIdent {
    /// The identifier without `r#`.
    pub text: String,
    /// Written `r#text`.
    pub raw: bool,
}

impl RustIdent {
    /// The identifier as source text.
    #[cfg(test)]
    pub fn source(&self) -> String {
        if self.raw {
            format!("r#{}", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// Whether `text` is an identifier Rust accepts (keywords aside).
pub(crate) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first == '_' || first.is_alphabetic() => {}
        _ => return false,
    }
    text != "_" && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// A Rust identifier for `name` (already cased), or `None` when it cannot become one.
pub(crate) fn rust_ident(name: &str) -> Option<RustIdent> {
    if NOT_RAW.contains(&name) {
        let text = format!("{name}_");
        return is_identifier(&text).then_some(RustIdent { text, raw: false });
    }
    if !is_identifier(name) {
        return None;
    }
    let raw = KEYWORDS.contains(&name);
    // Ask the parser too, so that building the token later can never fail.
    if !raw && syn::parse_str::<syn::Ident>(name).is_err() {
        return None;
    }
    Some(RustIdent {
        text: name.to_owned(),
        raw,
    })
}

/// snake_case that keeps acronyms whole: `AssigneeUserID` → `assignee_user_id`,
/// `URLSlug` → `url_slug`, `Address2` → `address2`, `_Internal` → `_internal`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary =
                prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower);
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// ServiceStack's camelCase: the leading capital is lowered, and so is every capital of the
/// leading run whose next character is also a capital or the end (`URLSlug` → `urlSlug`,
/// `ID` → `id`, `AssigneeUserID` → `assigneeUserID`, `IPv6Mask` → `iPv6Mask`).
pub(crate) fn camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut lowering = true;
    for (i, &c) in chars.iter().enumerate() {
        if lowering && c.is_uppercase() {
            let next = chars.get(i + 1);
            if i == 0 || next.is_none_or(|n| n.is_uppercase()) {
                out.extend(c.to_lowercase());
                continue;
            }
        }
        lowering = false;
        out.push(c);
    }
    out
}

/// SCREAMING_SNAKE_CASE for constants: `NeedsTriage` → `NEEDS_TRIAGE`.
pub(crate) fn screaming_case(name: &str) -> String {
    snake_case(name).to_uppercase()
}

/// The C# name without its generic arity: ``QueryDb`1`` → `QueryDb`.
pub(crate) fn strip_arity(name: &str) -> &str {
    name.split('`').next().unwrap_or(name)
}

/// Whether rustc's `non_camel_case_types` lint would fire on `name`.
pub(crate) fn is_camel(name: &str) -> bool {
    let trimmed = name.trim_start_matches('_');
    trimmed.chars().next().is_none_or(|c| !c.is_lowercase())
        && !trimmed.contains("__")
        && !name.contains('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_keeps_acronyms_whole() {
        for (name, snake) in [
            ("AssigneeUserID", "assignee_user_id"),
            ("URLSlug", "url_slug"),
            ("Address2", "address2"),
            ("_Internal", "_internal"),
            ("IPv6Mask", "i_pv6_mask"),
            ("Id", "id"),
            ("ID", "id"),
            (
                "MostRecentParticipantCallSid",
                "most_recent_participant_call_sid",
            ),
            ("already_snake", "already_snake"),
        ] {
            assert_eq!(snake_case(name), snake, "{name}");
        }
    }

    #[test]
    fn camel_case_follows_servicestack() {
        for (name, camel) in [
            ("Id", "id"),
            ("URLSlug", "urlSlug"),
            ("AssigneeUserID", "assigneeUserID"),
            ("ID", "id"),
            ("IPv6Mask", "iPv6Mask"),
            ("dialState", "dialState"),
            ("X", "x"),
            ("", ""),
        ] {
            assert_eq!(camel_case(name), camel, "{name}");
        }
    }

    #[test]
    fn keywords_become_raw_or_renamed() {
        assert_eq!(rust_ident("type").unwrap().source(), "r#type");
        assert_eq!(rust_ident("self").unwrap().source(), "self_");
        assert_eq!(rust_ident("Self").unwrap().source(), "Self_");
        assert_eq!(rust_ident("match").unwrap().source(), "r#match");
        assert_eq!(rust_ident("ok").unwrap().source(), "ok");
        assert!(rust_ident("my-field").is_none());
        assert!(rust_ident("1st").is_none());
        assert!(rust_ident("").is_none());
        assert!(rust_ident("_").is_some_and(|i| i.text == "__"));
    }
}
