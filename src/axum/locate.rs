//! Which member a reading error is in: a light scan of the text up to the error's offset.
//!
//! The deserializer reports where an error is (line, column, offset) but not the member
//! path; ServiceStack names the member in its binding errors, so we recover it from the text.

/// The path of the member holding byte `offset` of `text` (`members[1].identity`), or
/// `None` when the offset is not inside any member. `json` selects JSON's quoting rules
/// (`"name":`, backslash escapes) over JSV's (bare names, `""` escapes).
pub(crate) fn member_at(text: &str, offset: usize, json: bool) -> Option<String> {
    #[derive(Debug)]
    enum Frame {
        /// An object; the member being read, once its name is known.
        Object(Option<String>),
        /// A list; the index of the item being read.
        List(usize),
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    // Inside an object, between `{`/`,` and `:` we are reading a name.
    let mut reading_name = false;
    let mut name = String::new();
    let mut at = 0;
    while at < end {
        let byte = bytes[at];
        if byte == b'"' {
            // A quoted token: skip to its closing quote.
            let start = at + 1;
            at += 1;
            while at < bytes.len() {
                match bytes[at] {
                    b'\\' if json => at += 2,
                    b'"' if !json && bytes.get(at + 1) == Some(&b'"') => at += 2,
                    b'"' => break,
                    _ => at += 1,
                }
            }
            if reading_name {
                name.push_str(&text[start..at.min(bytes.len())]);
            }
            at += 1;
            continue;
        }
        match byte {
            b'{' if !reading_name => {
                stack.push(Frame::Object(None));
                reading_name = true;
                name.clear();
            }
            b'[' if !reading_name => stack.push(Frame::List(0)),
            b'}' | b']' if !reading_name || byte == b'}' => {
                stack.pop();
                reading_name = false;
            }
            b':' if reading_name => {
                if let Some(Frame::Object(member)) = stack.last_mut() {
                    *member = Some(name.trim().to_owned());
                }
                reading_name = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(member)) => {
                    *member = None;
                    reading_name = true;
                    name.clear();
                }
                Some(Frame::List(index)) => *index += 1,
                None => {}
            },
            _ if reading_name => name.push(byte as char),
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(member)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(member);
            }
            Frame::Object(None) => break,
            Frame::List(index) if !path.is_empty() => path.push_str(&format!("[{index}]")),
            Frame::List(_) => {}
        }
    }
    (!path.is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::member_at;

    fn at(text: &str, marker: &str, json: bool) -> Option<String> {
        member_at(text, text.find(marker).unwrap(), json)
    }

    #[test]
    fn jsv_paths() {
        assert_eq!(at("{ended:yes}", "yes", false).as_deref(), Some("ended"));
        assert_eq!(
            at(
                "{id:1,members:[{a:1},{identity:\"x,y\",b:oops}]}",
                "oops",
                false
            )
            .as_deref(),
            Some("members[1].b")
        );
        assert_eq!(at("{a:\"q:{\",b:bad}", "bad", false).as_deref(), Some("b"));
        assert_eq!(member_at("{a:1,", 5, false), None);
        assert_eq!(member_at("{a:1}", 5, false), None);
    }

    #[test]
    fn json_paths() {
        assert_eq!(
            at(r#"{"page":"x","tags":["a",7]}"#, "7", true).as_deref(),
            Some("tags[1]")
        );
        assert_eq!(
            at(r#"{"a\"b":{"c":tru}}"#, "tru", true).as_deref(),
            Some("a\\\"b.c")
        );
    }
}
