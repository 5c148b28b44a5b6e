//! Lists and objects: separators, dropped `None` members, and the pretty layout.

use std::io;

use serde::ser::{self, Serialize};

use super::{Serializer, item::ItemSerializer, key::MapKeySerializer, newline_indent};
use crate::error::{Error, ErrorKind, Result};

/// The state of one open `{…}` or `[…]`.
struct Frame {
    list: bool,
    /// Nesting level of the container itself; its members are indented one deeper.
    level: usize,
    /// Pretty only: the length of the pending buffer before the opening bracket, which is
    /// written lazily so that an empty member value can stay inline (`Key: []`).
    open_mark: usize,
    opened: bool,
    /// Whether the container is a member value (pretty: a non-empty one starts a new line).
    member_value: bool,
    /// Members or items written so far.
    count: usize,
    /// Pretty lists: whether the first item wrote nothing at all.
    first_item_empty: bool,
    /// Compact: the output position just after the opening bracket. A compact list that
    /// ends with one item learns from it whether that item wrote nothing, so the hot
    /// path of every item never measures the position.
    items_start: u64,
}

/// Serializes the members of an object or the items of a list.
pub struct Compound<'a, W> {
    ser: &'a mut Serializer<W>,
    frame: Frame,
    /// For tuple and struct variants, the `{Variant:…}` wrapper to close after the body
    /// (boxed: variants are rare, and a small `Compound` is cheap to move).
    variant: Option<Box<Frame>>,
    /// Compact maps: where the member written by `serialize_key` starts in the output.
    key_mark: Option<usize>,
}

impl<'a, W: io::Write> Compound<'a, W> {
    pub(crate) fn begin_object(ser: &'a mut Serializer<W>) -> Result<Self> {
        let frame = Frame::begin(ser, false)?;
        Ok(Compound {
            ser,
            frame,
            variant: None,
            key_mark: None,
        })
    }

    #[inline]
    pub(crate) fn begin_list(ser: &'a mut Serializer<W>) -> Result<Self> {
        let frame = Frame::begin(ser, true)?;
        Ok(Compound {
            ser,
            frame,
            variant: None,
            key_mark: None,
        })
    }

    /// A struct member: [`Compound::member`] with the name known at compile time. Inlined
    /// into the derived `Serialize` code, so that in compact text `,name:` is one constant
    /// store ([`start_static_member`]) instead of a copy of a name whose length the shared
    /// member code learns at run time.
    #[inline(always)]
    fn static_member<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if self.ser.pretty {
            return self.pretty_static_member(name, value);
        }
        debug_assert!(self.ser.pending.is_empty());
        let mark = self.ser.out.len();
        start_static_member(&mut self.ser.out, name.as_bytes(), self.frame.count > 0);
        self.compact_member_value(mark, value)
    }

    /// [`Compound::static_member`] in pretty text. Out of line, so that the derived code
    /// of a struct holds each member's compact path only: with both inlined, a struct's
    /// `serialize` held two copies of every member's value code, and the hot code of
    /// writing the session list outgrew the instruction cache.
    #[inline(never)]
    fn pretty_static_member<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        self.member(name.as_bytes(), value)
    }

    /// Writes `key:` followed by `value`, or nothing at all if `value` is `None`.
    #[inline]
    fn member<T: ?Sized + Serialize>(&mut self, key: &[u8], value: &T) -> Result<()> {
        if self.ser.pretty {
            let mark = self.frame.start_pretty_member(self.ser, key);
            return self.member_value(mark, value);
        }
        let mark = self.frame.start_compact_member(self.ser, key);
        self.compact_member_value(mark, value)
    }

    /// [`Compound::member_value`] in compact text, the hot path of every struct: only
    /// `touched` tells a `None` apart. `first_item` is already false here (every container
    /// clears it when it opens and every item after its value), and `member_value` only
    /// shapes the pretty layout.
    #[inline(always)]
    fn compact_member_value<T: ?Sized + Serialize>(
        &mut self,
        mark: usize,
        value: &T,
    ) -> Result<()> {
        debug_assert!(!self.ser.first_item && self.ser.pending.is_empty());
        self.ser.touched = false;
        value.serialize(&mut *self.ser)?;
        if self.ser.touched {
            self.frame.count += 1;
        } else {
            // The value wrote nothing: it was `None`. Drop its name (R9, R16).
            self.ser.out.truncate(mark);
        }
        Ok(())
    }

    /// Writes the value of a member whose name starts at `mark` (in the output when
    /// compact, in the pending buffer when pretty), dropping the name if the value is
    /// `None`.
    #[inline]
    fn member_value<T: ?Sized + Serialize>(&mut self, mark: usize, value: &T) -> Result<()> {
        if !self.ser.pretty {
            return self.compact_member_value(mark, value);
        }
        self.ser.first_item = false;
        self.ser.member_value = true;
        self.ser.touched = false;
        value.serialize(&mut *self.ser)?;
        self.ser.member_value = false;
        if self.ser.pending.len() > mark {
            // The value wrote nothing: it was `None`. Drop its name (R9, R16).
            self.ser.pending.truncate(mark);
        } else {
            self.frame.count += 1;
        }
        Ok(())
    }

    /// Like `member`, but keeps the name even when the value is `None` (newtype variants).
    pub(crate) fn member_kept<T: ?Sized + Serialize>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<()> {
        self.frame.start_member(self.ser, key.as_bytes());
        self.ser.member_value = true;
        value.serialize(&mut *self.ser)?;
        self.ser.member_value = false;
        self.ser.flush_pending();
        self.frame.count += 1;
        Ok(())
    }

    /// Starts the single member of a `{Variant:…}` wrapper whose value is a container.
    pub(crate) fn variant_key(&mut self, variant: &str) {
        self.frame.start_member(self.ser, variant.as_bytes());
        self.ser.member_value = true;
        self.frame.count += 1;
    }

    /// Opens the list body of a tuple variant inside this wrapper.
    pub(crate) fn nest_list(self) -> Result<Self> {
        let Compound { ser, frame, .. } = self;
        let body = Frame::begin(ser, true)?;
        Ok(Compound {
            ser,
            frame: body,
            variant: Some(Box::new(frame)),
            key_mark: None,
        })
    }

    /// Opens the object body of a struct variant inside this wrapper.
    pub(crate) fn nest_object(self) -> Result<Self> {
        let Compound { ser, frame, .. } = self;
        let body = Frame::begin(ser, false)?;
        Ok(Compound {
            ser,
            frame: body,
            variant: Some(Box::new(frame)),
            key_mark: None,
        })
    }

    /// Writes one list item. After the first item of a compact list this is only the
    /// separator and the value; a list among the items is written as a light
    /// [`CompactList`](super::item::CompactList).
    #[inline(always)]
    fn item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if self.ser.pretty {
            return self.pretty_item(value);
        }
        if self.frame.count == 0 {
            return self.first_compact_item(value);
        }
        let ser = &mut *self.ser;
        ser.separate_item()?;
        value.serialize(ItemSerializer::<W, false> { ser })?;
        self.frame.count += 1;
        Ok(())
    }

    /// [`Compound::item`] in pretty text: every item goes on a line of its own.
    fn pretty_item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.frame.start_pretty_item(self.ser);
        let before = self.ser.position();
        self.ser.member_value = false;
        self.ser.first_item = self.frame.count == 0;
        let result = value.serialize(&mut *self.ser);
        self.ser.first_item = false;
        result?;
        if self.frame.count == 0 {
            self.frame.first_item_empty =
                self.ser.position() == before && self.ser.blank_item.is_none();
        }
        self.frame.count += 1;
        Ok(())
    }

    /// The first item of a compact list, which matters only if it stays the only one: a
    /// blank string waits in `pending` to learn whether it needs quotes, and an item that
    /// wrote nothing (`None`) cannot be the only one. `[` is written and `touched` set, and
    /// nothing is pending yet: the opening bracket flushed it.
    #[inline]
    fn first_compact_item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        debug_assert!(self.frame.count == 0 && self.ser.pending.is_empty());
        let ser = &mut *self.ser;
        ser.first_item = true;
        let result = value.serialize(ItemSerializer::<W, false> { ser: &mut *ser });
        ser.first_item = false;
        result?;
        self.frame.count = 1;
        Ok(())
    }

    #[inline(always)]
    pub(crate) fn end_object(self) -> Result<()> {
        let Compound {
            ser,
            frame,
            variant,
            ..
        } = self;
        frame.end(ser)?;
        match variant {
            Some(wrapper) => (*wrapper).end(ser),
            None => Ok(()),
        }
    }
}

/// Appends `,` (if `comma`), `key` and `:`. When `key` is a constant (a struct member's
/// name, after inlining) and at most 30 bytes long, the three become one fixed-size store
/// of a constant, cut back to length; longer names are copied piece by piece.
#[inline(always)]
fn start_static_member(out: &mut Vec<u8>, key: &[u8], comma: bool) {
    match key.len() {
        0..=14 => start_member_in::<16>(out, key, comma),
        15..=30 => start_member_in::<32>(out, key, comma),
        _ => {
            if comma {
                out.push(b',');
            }
            out.extend_from_slice(key);
            out.push(b':');
        }
    }
}

/// [`start_static_member`] for a name of at most `N - 2` bytes: `N` bytes are stored and
/// the output is cut back to the member's length.
#[inline(always)]
fn start_member_in<const N: usize>(out: &mut Vec<u8>, key: &[u8], comma: bool) {
    let len = key.len();
    // Byte by byte, not `copy_from_slice` on a range: a loop over a constant name unrolls
    // into constants even where the slice-range helpers are not inlined.
    let mut with_comma = [b':'; N];
    with_comma[0] = b',';
    let mut bare = [b':'; N];
    for (at, &byte) in key.iter().enumerate() {
        with_comma[at + 1] = byte;
        bare[at] = byte;
    }
    let start = out.len();
    out.reserve(N);
    if comma {
        out.extend_from_slice(&with_comma);
        out.truncate(start + len + 2);
    } else {
        out.extend_from_slice(&bare);
        out.truncate(start + len + 1);
    }
}

impl Frame {
    #[inline]
    fn begin<W: io::Write>(ser: &mut Serializer<W>, list: bool) -> Result<Frame> {
        let member_value = std::mem::take(&mut ser.member_value);
        ser.first_item = false;
        let level = ser.level;
        ser.level += 1;
        let mut frame = Frame {
            list,
            level,
            open_mark: ser.pending.len(),
            opened: false,
            member_value,
            count: 0,
            first_item_empty: false,
            items_start: 0,
        };
        if !ser.pretty {
            ser.write(if list { b"[" } else { b"{" });
            frame.opened = true;
            if list {
                frame.items_start = ser.position();
            }
        }
        Ok(frame)
    }

    /// Pretty only: queues the opening bracket (on its own line after a member name).
    fn open_lazily<W>(&mut self, ser: &mut Serializer<W>) {
        if self.opened {
            return;
        }
        self.opened = true;
        self.open_mark = ser.pending.len();
        if self.member_value {
            newline_indent(&mut ser.pending, self.level);
        }
        ser.pending.push(if self.list { b'[' } else { b'{' });
    }

    /// Writes (compact) or queues (pretty) `,` and `key:` for a member; returns the length
    /// of the output (compact) or of the pending buffer (pretty) to roll back to if the
    /// value turns out to be `None`.
    fn start_member<W: io::Write>(&mut self, ser: &mut Serializer<W>, key: &[u8]) -> usize {
        if ser.pretty {
            return self.start_pretty_member(ser, key);
        }
        self.start_compact_member(ser, key)
    }

    /// [`Frame::start_member`] in compact text: `,key:` goes straight to the output.
    /// Nothing is pending here: only a blank first list item waits, and the list's next
    /// item or its end writes it.
    #[inline(always)]
    fn start_compact_member<W: io::Write>(&mut self, ser: &mut Serializer<W>, key: &[u8]) -> usize {
        debug_assert!(ser.pending.is_empty());
        let out = &mut ser.out;
        let mark = out.len();
        if self.count > 0 {
            out.push(b',');
        }
        super::escape::extend(out, key);
        out.push(b':');
        mark
    }

    /// [`Frame::start_member`] in pretty text: the name waits in the pending buffer, on a
    /// new line, until its value writes something.
    #[inline(never)]
    fn start_pretty_member<W: io::Write>(&mut self, ser: &mut Serializer<W>, key: &[u8]) -> usize {
        self.open_lazily(ser);
        let mark = ser.pending.len();
        if self.count > 0 {
            ser.pending.push(b',');
        }
        newline_indent(&mut ser.pending, self.level + 1);
        ser.pending.extend_from_slice(key);
        ser.pending.extend_from_slice(b": ");
        mark
    }

    /// Queues the separator and the new line before a pretty list item; items are never
    /// dropped.
    #[inline(never)]
    fn start_pretty_item<W: io::Write>(&mut self, ser: &mut Serializer<W>) {
        self.open_lazily(ser);
        if self.count > 0 {
            ser.pending.push(b',');
        }
        newline_indent(&mut ser.pending, self.level + 1);
        ser.flush_pending();
    }

    /// Closes the container. A compact one that is not a list of one item (which may need
    /// its item quoted, or be an error) only writes its bracket.
    #[inline(always)]
    fn end<W: io::Write>(self, ser: &mut Serializer<W>) -> Result<()> {
        if ser.pretty || (self.list && self.count == 1) {
            return self.end_in_general(ser);
        }
        ser.level -= 1;
        // The item after a blank first one wrote it: nothing is pending. `touched` is set
        // again: a `None` last member or item cleared it, yet this container is a value.
        debug_assert!(ser.pending.is_empty());
        ser.touched = true;
        ser.out.push(if self.list { b']' } else { b'}' });
        ser.commit_if_due()
    }

    #[inline(never)]
    fn end_in_general<W: io::Write>(self, ser: &mut Serializer<W>) -> Result<()> {
        ser.level -= 1;
        ser.member_value = false;
        if self.list && self.count == 1 {
            // Compact: nothing was written after the single item, so the position tells
            // whether it wrote anything.
            let first_item_empty = if ser.pretty {
                self.first_item_empty
            } else {
                ser.position() == self.items_start && ser.blank_item.is_none()
            };
            if first_item_empty {
                return Err(Error::new(ErrorKind::LoneEmptyItem));
            }
            ser.quote_lone_blank_item()?;
        }
        let close = if self.list { b']' } else { b'}' };
        if !ser.pretty {
            // A blank item can only have waited as the first of this list: nothing is
            // pending. `touched` is set again: a `None` last member or item cleared it, yet
            // this container as a whole is a value.
            debug_assert!(ser.pending.is_empty());
            ser.touched = true;
            ser.out.push(close);
            return ser.commit_if_due();
        }
        if self.count == 0 {
            if self.opened {
                ser.pending.truncate(self.open_mark);
            }
            if self.member_value {
                // ServiceStack's formatter keeps `[]` and `{}` inline only after a `:`.
                ser.write(if self.list { b"[]" } else { b"{}" });
            } else {
                // At the root and as a list item it opens, starts the next line at the
                // inner indentation, and closes on a line of its own: `[\n\t\n]`.
                ser.begin_write();
                ser.out.push(if self.list { b'[' } else { b'{' });
                newline_indent(&mut ser.out, self.level + 1);
                newline_indent(&mut ser.out, self.level);
                ser.out.push(close);
            }
            return ser.commit_if_due();
        }
        newline_indent(&mut ser.pending, self.level);
        ser.pending.push(close);
        ser.flush_pending();
        ser.commit_if_due()
    }
}

impl<W: io::Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }

    #[inline(always)]
    fn end(self) -> Result<()> {
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }

    #[inline(always)]
    fn end(self) -> Result<()> {
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }

    fn end(self) -> Result<()> {
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }

    fn end(self) -> Result<()> {
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        if !self.ser.pretty {
            // Compact: `,key:` goes straight to the output, as for struct members.
            self.ser.write_pending();
            let out = &mut self.ser.out;
            let mark = out.len();
            if self.frame.count > 0 {
                out.push(b',');
            }
            if let Err(err) = key.serialize(MapKeySerializer { out, pretty: false }) {
                self.ser.out.truncate(mark);
                return Err(err);
            }
            self.ser.out.push(b':');
            self.key_mark = Some(mark);
            return Ok(());
        }
        self.ser.key_buffer.clear();
        key.serialize(MapKeySerializer {
            out: &mut self.ser.key_buffer,
            pretty: self.ser.pretty,
        })
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if let Some(mark) = self.key_mark.take() {
            return self.member_value(mark, value);
        }
        let key = std::mem::take(&mut self.ser.key_buffer);
        let result = self.member(&key, value);
        self.ser.key_buffer = key;
        result
    }

    fn end(self) -> Result<()> {
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        // Member names are written raw, as ServiceStack does (R12).
        self.static_member(name, value)
    }

    #[inline(always)]
    fn end(self) -> Result<()> {
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        self.member(name.as_bytes(), value)
    }

    fn end(self) -> Result<()> {
        self.end_object()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use crate::{to_string, to_string_pretty, to_writer};

    #[derive(Serialize)]
    struct Inner {
        a: i32,
        b: Option<i32>,
    }

    #[derive(Serialize)]
    struct Outer {
        first: Option<i32>,
        inner: Inner,
        items: Vec<Option<Inner>>,
        last: Option<i32>,
    }

    fn outer() -> Outer {
        Outer {
            first: None,
            inner: Inner { a: 1, b: None },
            items: vec![Some(Inner { a: 2, b: None }), None, None],
            last: None,
        }
    }

    #[test]
    fn a_container_ending_in_none_is_still_a_value() {
        // The `None` last member of `inner` must not make `inner` itself look like `None`.
        let text = "{inner:{a:1},items:[{a:2},,]}";
        assert_eq!(to_string(&outer()).unwrap(), text);
        let mut out = Vec::new();
        to_writer(&mut out, &outer()).unwrap();
        assert_eq!(out, text.as_bytes());
        assert_eq!(
            to_string_pretty(&outer()).unwrap(),
            "{\n\tinner: \n\t{\n\t\ta: 1\n\t},\n\titems: \n\t[\n\t\t{\n\t\t\ta: 2\n\t\t},\n\t\t,\n\t\t\n\t]\n}"
        );
    }

    #[test]
    fn a_writer_gets_the_same_bytes_in_chunks() {
        // Far more than one chunk, with `None` members dropped all along.
        let many: Vec<Outer> = (0..2_000).map(|_| outer()).collect();
        let text = to_string(&many).unwrap();
        assert!(text.len() > 4 * super::super::CHUNK);
        let mut out = Vec::new();
        to_writer(&mut out, &many).unwrap();
        assert_eq!(out, text.as_bytes());
    }

    #[test]
    fn a_blank_first_item_is_bare_unless_alone() {
        assert_eq!(to_string(&[" "]).unwrap(), r#"[" "]"#);
        assert_eq!(to_string(&[" ", "a", " "]).unwrap(), "[ ,a, ]");
        assert_eq!(
            to_string(&vec![vec![" "], vec![" ", "b"]]).unwrap(),
            r#"[[" "],[ ,b]]"#
        );
        let map = BTreeMap::from([("k", vec![" "]), ("m", vec![" ", "c"])]);
        assert_eq!(to_string(&map).unwrap(), r#"{k:[" "],m:[ ,c]}"#);
    }

    #[test]
    fn static_member_names_of_every_length() {
        let names: Vec<String> = (0..40)
            .map(|len| "abcdefghij".repeat(4)[..len].into())
            .collect();
        for (len, name) in names.iter().enumerate() {
            for comma in [false, true] {
                let mut out = vec![b'{'];
                super::start_static_member(&mut out, name.as_bytes(), comma);
                let expected = format!("{{{}{name}:", if comma { "," } else { "" });
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{len} {comma}");
            }
        }
    }

    #[derive(Serialize)]
    struct Names {
        a: Option<i32>,
        fifteen_letters: i32,
        thirty_letters_long_member_xy: Option<&'static str>,
        a_member_name_of_more_than_thirty_bytes: i32,
        z: Option<i32>,
    }

    #[test]
    fn member_names_short_and_long_with_dropped_members() {
        let value = Names {
            a: None,
            fifteen_letters: 1,
            thirty_letters_long_member_xy: Some("x:y"),
            a_member_name_of_more_than_thirty_bytes: 2,
            z: None,
        };
        let text = "{fifteen_letters:1,thirty_letters_long_member_xy:\"x:y\",\
                    a_member_name_of_more_than_thirty_bytes:2}";
        assert_eq!(to_string(&value).unwrap(), text);
        let mut out = Vec::new();
        to_writer(&mut out, &value).unwrap();
        assert_eq!(out, text.as_bytes());
        let value = Names {
            a: Some(0),
            thirty_letters_long_member_xy: None,
            z: Some(3),
            ..value
        };
        assert_eq!(
            to_string(&value).unwrap(),
            "{a:0,fifteen_letters:1,a_member_name_of_more_than_thirty_bytes:2,z:3}"
        );
    }

    #[test]
    fn none_map_values_drop_their_keys() {
        let map = BTreeMap::from([("a", None), ("b", Some(1)), ("c", None)]);
        assert_eq!(to_string(&map).unwrap(), "{b:1}");
        let map = BTreeMap::from([("a", Some(BTreeMap::from([("x", None::<i32>)])))]);
        assert_eq!(to_string(&map).unwrap(), "{a:{}}");
    }
}
