//! JSON Pointer (RFC 6901) lookups in a `Value`.

use super::Value;

impl Value {
    /// Looks up a value by a JSON Pointer (RFC 6901), as serde_json's `pointer`.
    ///
    /// The pointer is `""` for the value itself, or `/`-separated reference tokens: a map
    /// member by its exact name, a list item by its decimal index (no sign, no leading
    /// zero). In a token `~1` stands for `/` and `~0` for `~`. `None` when a step is
    /// missing, of the wrong shape, or the pointer is malformed (does not start with `/`,
    /// or has a `~` not followed by `0` or `1`).
    ///
    /// ```
    /// let value: serde_jsv::Value =
    ///     "{members:[{id:a},{id:b,tags:[x]}],a/b:1,m~n:2}".parse().unwrap();
    /// assert_eq!(value.pointer("/members/1/id"), Some(&"b".into()));
    /// assert_eq!(value.pointer("/members/1/tags/0"), Some(&"x".into()));
    /// assert_eq!(value.pointer("/a~1b"), Some(&"1".into()));
    /// assert_eq!(value.pointer("/m~0n"), Some(&"2".into()));
    /// assert_eq!(value.pointer(""), Some(&value));
    /// assert_eq!(value.pointer("/members/01"), None);
    /// assert_eq!(value.pointer("members"), None);
    /// ```
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        let mut target = self;
        for token in tokens(pointer)? {
            let token = unescape(token)?;
            target = match target {
                Value::Map(map) => map.get(token.as_ref())?,
                Value::List(items) => items.get(list_index(&token)?)?,
                Value::Null | Value::String(_) => return None,
            };
        }
        Some(target)
    }

    /// Looks up a value by a JSON Pointer (RFC 6901) for changing it in place; the rules
    /// are those of [`pointer`](Value::pointer).
    ///
    /// ```
    /// let mut value: serde_jsv::Value = "{members:[{id:a,muted:False}]}".parse().unwrap();
    /// *value.pointer_mut("/members/0/muted").unwrap() = "True".into();
    /// assert_eq!(value.to_string(), "{members:[{id:a,muted:True}]}");
    /// assert!(value.pointer_mut("/members/1").is_none());
    /// ```
    pub fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Value> {
        let mut target = self;
        for token in tokens(pointer)? {
            let token = unescape(token)?;
            target = match target {
                Value::Map(map) => map.get_mut(token.as_ref())?,
                Value::List(items) => items.get_mut(list_index(&token)?)?,
                Value::Null | Value::String(_) => return None,
            };
        }
        Some(target)
    }
}

/// The reference tokens of a pointer, still escaped; `None` if it is not a pointer.
fn tokens(pointer: &str) -> Option<impl Iterator<Item = &str>> {
    // "" is the whole value (no tokens); otherwise every token follows a `/`, so "/" is
    // one empty token: the member named "".
    let rest = if pointer.is_empty() {
        None
    } else {
        Some(pointer.strip_prefix('/')?)
    };
    Some(rest.into_iter().flat_map(|rest| rest.split('/')))
}

/// Decodes `~1` to `/` and `~0` to `~` (in that order of meaning: `~01` is `~1`); a `~`
/// followed by anything else makes the pointer invalid.
fn unescape(token: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !token.contains('~') {
        return Some(std::borrow::Cow::Borrowed(token));
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(std::borrow::Cow::Owned(out))
}

/// A list index as RFC 6901 writes it: `0`, or digits without a leading zero.
fn list_index(token: &str) -> Option<usize> {
    let digits = token.as_bytes();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if digits.len() > 1 && digits[0] == b'0' {
        return None;
    }
    token.parse().ok()
}
