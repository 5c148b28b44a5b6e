//! Whether a member name may be given twice in an object of a JSV text, found by one scan
//! of its bytes before it is read.
//!
//! A struct member given twice is read letting the last occurrence win (ServiceStack's
//! rule), which costs a look-ahead over every object read as a struct. Where the text is
//! in memory but the value cannot be read twice (a streamed item handed to serde's
//! `DeserializeSeed`), this scan decides beforehand whether that mode is needed. Its answer
//! may be "yes" when the reading proper would find no duplicate (names equal only ignoring
//! ASCII case, text it does not follow): that only costs the look-ahead, never changes a
//! value or an error. It says "no" only when no object holds two member names that the
//! reader could take for the same member.

/// The header of a container on the scan's stack: the index of the header below it, and
/// whether it is an object. An object's header is followed by a 256-bit filter of the
/// fingerprints of its member names, then the fingerprints themselves.
const OBJECT: u64 = 1 << 63;

use super::stream::{CLOSE, DOUBLED, NameSpans, OPEN};
/// Words of an object's header (the link, then the filter); a list's is the link alone.
const HEADER: usize = 5;

/// Bytes that end a bare token, or that the reader may see differently from this scan
/// (a bracket inside a bare token counts in a structure read whole as a string, R27): the
/// scan stops at them.
const BARE_STOP: u64 = bits(b",{}[]");
/// Bytes that end a bare member name, or that make the scan give up: a name holding a
/// bracket or a quote is not what ServiceStack writes.
const NAME_STOP: u64 = bits(b":,{}[]\"");

/// A 64-bit set of the bytes below 64 (the brackets, above it, are tested apart).
const fn bits(bytes: &[u8]) -> u64 {
    let mut set = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] < 64 {
            set |= 1 << bytes[at];
        }
        at += 1;
    }
    set
}

/// Whether `byte` is in `set` (built by [`bits`]) or is a bracket (both sets hold all four).
#[inline(always)]
fn stops(byte: u8, set: u64) -> bool {
    if byte < 64 {
        set & (1 << byte) != 0
    } else {
        matches!(byte, b'[' | b']' | b'{' | b'}')
    }
}

/// Whether an object in `text` may give a member name twice (equal ignoring ASCII case,
/// trimmed, quotes undone), or the text does not read as this scan follows it.
pub(crate) fn may_repeat_member(text: &[u8]) -> bool {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    Scan {
        text,
        at: 0,
        stack: Vec::new(),
        top: 0,
    }
    .run()
    .is_none_or(|repeat| repeat)
}

struct Scan<'a> {
    text: &'a [u8],
    at: usize,
    /// Headers and fingerprints of the open containers, the root list first.
    stack: Vec<u64>,
    /// The header of the innermost open container.
    top: usize,
}

/// Where the scan is.
#[derive(Clone, Copy)]
enum At {
    /// Before a value.
    Value,
    /// After a value: a separator or a closing bracket.
    After,
    /// Before a member name or the `}`.
    Name,
}

impl Scan<'_> {
    fn skip_whitespace(&mut self) {
        self.at += crate::whitespace::leading_len(&self.text[self.at..]);
    }

    fn push(&mut self, object: bool) {
        let link = self.top as u64;
        self.top = self.stack.len();
        if object {
            self.stack.extend_from_slice(&[link | OBJECT, 0, 0, 0, 0]);
        } else {
            self.stack.push(link);
        }
    }

    fn in_object(&self) -> bool {
        self.stack[self.top] & OBJECT != 0
    }

    /// Closes the innermost container; `None` at the root.
    fn pop(&mut self) -> Option<()> {
        let link = (self.stack[self.top] & !OBJECT) as usize;
        if self.top == 0 {
            return None;
        }
        self.stack.truncate(self.top);
        self.top = link;
        Some(())
    }

    /// Adds a member name to the innermost object: `true` if one with its fingerprint is
    /// there already.
    fn add_name(&mut self, name: &[u8]) -> bool {
        let print = fingerprint(name);
        let bit = (print >> 56) as usize;
        let word = self.top + 1 + (bit >> 6);
        let mask = 1u64 << (bit & 63);
        if self.stack[word] & mask != 0 && self.stack[self.top + HEADER..].contains(&print) {
            return true;
        }
        self.stack[word] |= mask;
        self.stack.push(print);
        false
    }

    /// Moves past the quoted token at the position; returns its content and whether it
    /// holds doubled quotes. `None` when it is not closed.
    fn quoted(&mut self) -> Option<(usize, usize, bool)> {
        let start = self.at + 1;
        let (len, doubled) = super::scan::quoted_len(self.text.get(start..)?)?;
        self.at = start + len + 1;
        Some((start, start + len, doubled))
    }

    /// `Some(true)` at the first repeated name, `Some(false)` at the end of the text with
    /// none found, `None` where the text does not read as the scan follows it.
    fn run(mut self) -> Option<bool> {
        self.stack.reserve(64);
        self.push(false);
        let mut state = At::Value;
        loop {
            state = match state {
                At::Value => {
                    self.skip_whitespace();
                    match self.text.get(self.at) {
                        None => return Some(false),
                        Some(b'{') => {
                            self.at += 1;
                            self.push(true);
                            At::Name
                        }
                        Some(b'[') => {
                            self.at += 1;
                            self.push(false);
                            At::Value
                        }
                        Some(b'"') => {
                            self.quoted()?;
                            At::After
                        }
                        Some(_) => {
                            // A bare token, possibly empty: up to a separator or a bracket.
                            let rest = &self.text[self.at..];
                            let len = rest
                                .iter()
                                .position(|&byte| stops(byte, BARE_STOP))
                                .unwrap_or(rest.len());
                            self.at += len;
                            let close = if self.in_object() { b'}' } else { b']' };
                            match self.text.get(self.at) {
                                None => return Some(false),
                                Some(&byte) if byte == b',' || byte == close => At::After,
                                Some(_) => return None,
                            }
                        }
                    }
                }
                At::After => {
                    self.skip_whitespace();
                    let object = self.in_object();
                    match (self.text.get(self.at), object) {
                        (None, _) => return Some(false),
                        (Some(b','), true) => {
                            self.at += 1;
                            At::Name
                        }
                        (Some(b','), false) => {
                            self.at += 1;
                            At::Value
                        }
                        (Some(b'}'), true) | (Some(b']'), false) => {
                            self.pop()?;
                            self.at += 1;
                            At::After
                        }
                        _ => return None,
                    }
                }
                At::Name => {
                    self.skip_whitespace();
                    let name = match self.text.get(self.at) {
                        None => return Some(false),
                        Some(b'}') => {
                            self.pop()?;
                            self.at += 1;
                            state = At::After;
                            continue;
                        }
                        Some(b'"') => {
                            let (start, end, doubled) = self.quoted()?;
                            self.skip_whitespace();
                            let content = &self.text[start..end];
                            if doubled {
                                let undone: Vec<u8> =
                                    content.iter().copied().filter(|&b| b != b'"').collect();
                                NameText::Owned(undone)
                            } else {
                                NameText::Slice(start, end)
                            }
                        }
                        Some(_) => {
                            let start = self.at;
                            let rest = &self.text[start..];
                            let len = rest.iter().position(|&byte| stops(byte, NAME_STOP))?;
                            let mut end = start + len;
                            while end > start
                                && crate::whitespace::is_whitespace(self.text[end - 1])
                            {
                                end -= 1;
                            }
                            self.at = start + len;
                            NameText::Slice(start, end)
                        }
                    };
                    if self.text.get(self.at) != Some(&b':') {
                        return None;
                    }
                    self.at += 1;
                    let repeated = match name {
                        NameText::Slice(start, end) => {
                            let text = self.text;
                            self.add_name(&text[start..end])
                        }
                        NameText::Owned(bytes) => self.add_name(&bytes),
                    };
                    if repeated {
                        return Some(true);
                    }
                    At::Value
                }
            };
        }
    }
}

/// [`may_repeat_member`] for a streamed item whose member names the item reader noted as it
/// looked for the item's end: the same answer without reading the text again. Where a
/// bracket sits outside the structure the reader saw (inside a quoted or bare token; a
/// structure read whole as a string, R27, counts a bracket in a bare token), the text is
/// scanned instead.
pub(crate) fn spans_repeat(text: &[u8], spans: &NameSpans) -> bool {
    let NameSpans(entries, brackets) = spans;
    if bracket_count(text) != *brackets {
        return may_repeat_member(text);
    }
    // Most items have a few objects of a few dozen members: their stack fits in a small
    // array; the others keep one vector from one item to the next.
    let mut small = Small([0; SMALL], 0);
    if let Some(repeats) = spans_repeat_in(text, entries, &mut small) {
        return repeats;
    }
    thread_local! {
        static STACK: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    STACK
        .with(|stack| match stack.try_borrow_mut() {
            Ok(mut stack) => spans_repeat_in(text, entries, &mut *stack),
            Err(_) => spans_repeat_in(text, entries, &mut Vec::new()),
        })
        .unwrap_or(true)
}

/// Words of the small stack of [`spans_repeat`].
const SMALL: usize = 40;

/// The words of a stack and how many are used.
struct Small([u64; SMALL], usize);

/// The stack of [`spans_repeat_in`]: a vector, or a small array that may run out.
trait Stack {
    fn clear(&mut self);
    /// Adds a word; `None` when there is no room.
    fn push(&mut self, word: u64) -> Option<()>;
    fn truncate(&mut self, len: usize);
    fn len(&self) -> usize;
    fn words(&mut self) -> &mut [u64];
}

impl Stack for Vec<u64> {
    fn clear(&mut self) {
        Vec::clear(self);
    }
    #[inline(always)]
    fn push(&mut self, word: u64) -> Option<()> {
        Vec::push(self, word);
        Some(())
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
    #[inline(always)]
    fn len(&self) -> usize {
        Vec::len(self)
    }
    #[inline(always)]
    fn words(&mut self) -> &mut [u64] {
        self
    }
}

impl Stack for Small {
    fn clear(&mut self) {
        self.1 = 0;
    }
    #[inline(always)]
    fn push(&mut self, word: u64) -> Option<()> {
        *self.0.get_mut(self.1)? = word;
        self.1 += 1;
        Some(())
    }
    fn truncate(&mut self, len: usize) {
        self.1 = self.1.min(len);
    }
    #[inline(always)]
    fn len(&self) -> usize {
        self.1
    }
    #[inline(always)]
    fn words(&mut self) -> &mut [u64] {
        &mut self.0[..self.1]
    }
}

/// How many of `text`'s bytes are `{`, `}`, `[` or `]`.
fn bracket_count(text: &[u8]) -> usize {
    if text.len() >= 64 {
        return memchr::memchr2_iter(b'{', b'}', text).count()
            + memchr::memchr2_iter(b'[', b']', text).count();
    }
    // Short items: eight bytes at a time. `[` `]` are `{` `}` without the 0x20 bit, and
    // no other byte becomes `{` or `}` with it.
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let zeros = |word: u64| !(((word & LOW).wrapping_add(LOW)) | word | LOW);
    let mut count = 0;
    let mut words = text.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8])) | 0x2020_2020_2020_2020;
        let hits = zeros(word ^ 0x7b7b_7b7b_7b7b_7b7b) | zeros(word ^ 0x7d7d_7d7d_7d7d_7d7d);
        count += hits.count_ones() as usize;
    }
    count
        + words
            .remainder()
            .iter()
            .filter(|&&byte| matches!(byte | 0x20, b'{' | b'}'))
            .count()
}

/// [`spans_repeat`] with `stack` for the open objects and their names; `None` when the
/// stack runs out of room.
#[inline(always)]
fn spans_repeat_in(text: &[u8], entries: &[usize], stack: &mut impl Stack) -> Option<bool> {
    stack.clear();
    // The innermost open object's header.
    let mut top = usize::MAX;
    let mut pairs = entries.iter();
    while let Some(&entry) = pairs.next() {
        if entry == OPEN {
            let link = top as u64;
            top = stack.len();
            for word in [link, 0, 0, 0, 0] {
                stack.push(word)?;
            }
            continue;
        }
        if top == usize::MAX {
            // Not what the item reader writes.
            return Some(may_repeat_member(text));
        }
        if entry == CLOSE {
            let link = stack.words()[top] as usize;
            stack.truncate(top);
            top = link;
            continue;
        }
        let start = entry & !DOUBLED;
        let print = match pairs.next() {
            Some(&end) if start <= end && end <= text.len() => {
                let end = trim_end(text, start, end);
                if entry & DOUBLED == 0 {
                    span_fingerprint(text, start, end)
                } else {
                    fingerprint(&undouble(&text[start..end]))
                }
            }
            _ => return Some(may_repeat_member(text)),
        };
        let bit = (print >> 56) as usize;
        let mask = 1u64 << (bit & 63);
        let words = stack.words();
        let word = &mut words[top + 1 + (bit >> 6)];
        if *word & mask != 0 && words[top + HEADER..].contains(&print) {
            return Some(true);
        }
        words[top + 1 + (bit >> 6)] |= mask;
        stack.push(print)?;
    }
    Some(false)
}

/// Where the member name at `start..end` of `text` ends without the whitespace a bare name
/// may end with (it starts after the whitespace before it; a quoted name trimmed too only
/// looks like more names).
#[inline(always)]
fn trim_end(text: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && text[end - 1] <= b' ' && crate::whitespace::is_whitespace(text[end - 1]) {
        end -= 1;
    }
    end
}

/// [`fingerprint`] of `text[start..end]`, a name of up to eight bytes read with one load
/// where the text goes on after it.
#[inline(always)]
fn span_fingerprint(text: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    if len <= 8
        && let Some(word) = text.get(start..start + 8)
    {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        return short_fingerprint(word, len);
    }
    fingerprint(&text[start..end])
}

/// The fingerprint of a name of `len` (up to eight) bytes, `word` holding them from its
/// lowest byte on: the name folded to lower case is its own key, and multiplying by an odd
/// constant keeps keys apart.
#[inline(always)]
fn short_fingerprint(word: u64, len: usize) -> u64 {
    let keep = if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    };
    let key = ((word | 0x2020_2020_2020_2020) & keep) ^ ((len as u64) << 60);
    let print = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    print ^ (print >> 32)
}

/// A quoted name's text: its doubled quotes undone.
fn undouble(name: &[u8]) -> Vec<u8> {
    let mut text = Vec::with_capacity(name.len());
    let mut at = 0;
    while at < name.len() {
        text.push(name[at]);
        at += if name[at] == b'"' { 2 } else { 1 };
    }
    text
}

/// A member name: a slice of the text, or (quotes undone) its own bytes.
enum NameText {
    Slice(usize, usize),
    Owned(Vec<u8>),
}

/// A 64-bit hash of `name` with ASCII letters folded to lower case (other bytes may fold
/// together too: that only makes more names look alike).
#[inline]
fn fingerprint(name: &[u8]) -> u64 {
    if name.len() <= 8 {
        let word = name
            .iter()
            .rev()
            .fold(0u64, |word, &byte| (word << 8) | u64::from(byte));
        return short_fingerprint(word, name.len());
    }
    const FOLD: u64 = 0x2020_2020_2020_2020;
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |hash: u64, word: u64| (hash.rotate_left(23) ^ word).wrapping_mul(K);
    let mut hash = name.len() as u64;
    let mut words = name.chunks_exact(8);
    for word in &mut words {
        hash = mix(
            hash,
            u64::from_le_bytes(word.try_into().unwrap_or([0; 8])) | FOLD,
        );
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let word = rest
            .iter()
            .rev()
            .fold(0u64, |word, &byte| (word << 8) | u64::from(byte | 0x20));
        hash = mix(hash, word);
    }
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeats(text: &str) -> bool {
        may_repeat_member(text.as_bytes())
    }

    #[test]
    fn repeated_names_in_one_object() {
        for text in [
            "{a:1,a:2}",
            "{a:1,A:2}",
            "{a:1,\"a\":2}",
            "{\"a\"\"b\":1,\"a\"\"b\":2}",
            "{a :1, a:2}",
            "[1,{x:[{b:1,c:{},b:2}]}]",
            "{\n\tlongMemberName: 1,\n\tLONGMEMBERNAME: 2\n}",
            "\u{feff}{a:1,a:2}",
            "{a:{b:1},c:[x,y],a:3}",
        ] {
            assert!(repeats(text), "{text:?}");
        }
    }

    #[test]
    fn names_in_different_objects_or_values_are_not_repeats() {
        for text in [
            "",
            "[]",
            "{}",
            "{a:1,b:2}",
            "[{a:1},{a:2}]",
            "{a:{a:1},b:{a:2}}",
            "{a:\"x,a:1\",b:\"}\"}",
            "{\" a\":1,a:2}",
            "{a:[a,a],b:a}",
            "[a:b,a:b]",
            "{a:1,ab:2,abcdefghi:3,abcdefghij:4}",
            "{id:1,name:\"item, 1\"}",
            // Unfinished text: the reader reports it.
            "{a:1,b:",
        ] {
            assert!(!repeats(text), "{text:?}");
        }
        // Many members: the filter, then the fingerprints.
        let wide = (0..500).map(|i| format!("m{i}:{i}")).collect::<Vec<_>>();
        assert!(!repeats(&format!("{{{}}}", wide.join(","))));
        assert!(repeats(&format!("{{{},m7:0}}", wide.join(","))));
    }

    #[test]
    fn brackets_are_counted_at_every_length_and_position() {
        let bytes = b"{}[]az{[}]\x7b\x5b[ ]\xff\xfb\xdb\xdd;=_y";
        for len in 0..150 {
            let text: Vec<u8> = (0..len)
                .map(|i| bytes[(i * 7 + len) % bytes.len()])
                .collect();
            let naive = text
                .iter()
                .filter(|&&b| matches!(b, b'{' | b'}' | b'[' | b']'))
                .count();
            assert_eq!(bracket_count(&text), naive, "{text:?}");
        }
    }

    #[test]
    fn text_it_does_not_follow_counts_as_a_repeat() {
        for text in [
            "{a:x[y,b:1}",
            "{a:x]y}",
            "[x}y]",
            "{a:\"x\"y,b:1}",
            "{a,b:1}",
            "{a{:1}",
            "]",
            "[1]]",
            "{\"a:1}",
            "{a:1,b",
        ] {
            assert!(repeats(text), "{text:?}");
        }
    }
}
