//! Serialize Rust values to JSV text, byte for byte as ServiceStack.Text writes it.
//!
//! ```
//! use serde::Serialize;
//!
//! #[derive(Serialize)]
//! struct Member {
//!     identity: String,
//!     display_name: Option<String>,
//!     muted: bool,
//!     tags: Vec<&'static str>,
//! }
//!
//! let member = Member {
//!     identity: "agent:42".into(),
//!     display_name: None,
//!     muted: false,
//!     tags: vec!["a, b", "c"],
//! };
//! // `None` members are left out; strings holding `: , { } [ ] "` CR or LF are quoted.
//! assert_eq!(
//!     serde_jsv::to_string(&member).unwrap(),
//!     r#"{identity:"agent:42",muted:False,tags:["a, b",c]}"#
//! );
//! assert_eq!(
//!     serde_jsv::to_string_pretty(&member).unwrap(),
//!     "{\n\tidentity: \"agent:42\",\n\tmuted: False,\n\ttags: \n\t[\n\t\t\"a, b\",\n\t\tc\n\t]\n}"
//! );
//! ```
//!
//! The mapping of every serde data-model type is in `docs/data-model.md`.

mod compound;
mod escape;
mod item;
mod key;
mod raw;

use std::io;

use base64::Engine as _;
use serde::ser::{self, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::raw::RAW_SCALAR_NAME;

pub(crate) use compound::Compound;
use raw::RawScalarSerializer;
pub(crate) use raw::raw_scalar_is_safe;

/// A serializer that writes JSV into an [`io::Write`].
///
/// Most callers want [`to_string`], [`to_writer`] or their `_pretty` forms; the type is
/// public for code that drives serde by hand:
///
/// ```
/// use serde::Serialize;
///
/// let mut out = Vec::new();
/// let mut serializer = serde_jsv::Serializer::pretty(&mut out);
/// vec![1, 2].serialize(&mut serializer).unwrap();
/// assert_eq!(out, b"[\n\t1,\n\t2\n]");
/// ```
pub struct Serializer<W> {
    writer: W,
    /// The output, handed to `writer` in chunks and at the end of each root value. Compact
    /// member names go straight here; a `None` member is dropped by truncating (R9, R16).
    out: Vec<u8>,
    /// `to_vec`/`to_string`: `out` is the result, `writer` is never used.
    buffer_only: bool,
    /// How full `out` may grow before it is handed to the writer inside a root value:
    /// [`CHUNK`], or `usize::MAX` when there is no writer, so that one test per scalar
    /// decides.
    chunk_limit: usize,
    pretty: bool,
    /// Pretty only (and a blank first list item): bytes decided but not yet written; a
    /// member's separator and name wait here until its value writes something.
    pending: Vec<u8>,
    /// Pretty maps: the escaped text of the key whose value comes next.
    key_buffer: Vec<u8>,
    /// How many bytes of `out` have gone to the writer.
    flushed: u64,
    /// Whether anything was written (possibly nothing at all, as for `()`) since the
    /// current compact member's name: if not, its value was `None`.
    touched: bool,
    /// Nesting level of the container being written (pretty indentation).
    level: usize,
    /// Whether the value about to be written is a member value (after `Key:`), which in
    /// pretty output puts a non-empty container on its own line.
    member_value: bool,
    /// Whether the value about to be written is the first item of a list.
    first_item: bool,
    /// Where in `pending` a blank first list item waits: written bare if more items follow,
    /// quoted if it turns out to be the only one (`[ ]` would read as the empty list).
    blank_item: Option<usize>,
}

/// How much output collects before it goes to the writer: small enough that the staging
/// buffer stays in the L1 cache beside the writer's own buffer (at 32 KiB, `to_writer` of
/// citm_catalog missed D1 twice as often as serde_json's; at 8 KiB as often), and the size
/// of a default `BufWriter`.
const CHUNK: usize = 8 * 1024;

impl<W: io::Write> Serializer<W> {
    /// A serializer writing compact JSV, exactly as ServiceStack does.
    pub fn new(writer: W) -> Self {
        Serializer::with_layout(writer, false)
    }

    /// A serializer writing the indented layout of ServiceStack's `Dump()`, made lossless
    /// (decision D4).
    pub fn pretty(writer: W) -> Self {
        Serializer::with_layout(writer, true)
    }

    fn with_layout(writer: W, pretty: bool) -> Self {
        Serializer {
            writer,
            out: Vec::new(),
            buffer_only: false,
            chunk_limit: CHUNK,
            pretty,
            pending: Vec::new(),
            key_buffer: Vec::new(),
            flushed: 0,
            touched: false,
            level: 0,
            member_value: false,
            first_item: false,
            blank_item: None,
        }
    }

    /// Gives back the writer.
    pub fn into_inner(self) -> W {
        self.writer
    }

    /// How many bytes have been written in all (pending bytes not included).
    #[inline]
    fn position(&self) -> u64 {
        self.flushed + self.out.len() as u64
    }

    /// Hands the output to the writer (out of line: it runs once per chunk).
    #[inline(never)]
    fn commit(&mut self) -> Result<()> {
        if self.buffer_only || self.out.is_empty() {
            return Ok(());
        }
        self.flushed += self.out.len() as u64;
        let result = self.writer.write_all(&self.out).map_err(Error::from);
        self.out.clear();
        result
    }

    /// Hands the output to the writer at the end of a root value, or when a chunk is full.
    /// Only called where no `None` member can still be dropped from `out`.
    #[inline]
    fn commit_if_due(&mut self) -> Result<()> {
        // Two tests: `to_string`/`to_vec` (no writer) never fill a chunk, and `commit`
        // does nothing for them at the end of the root value.
        if self.level == 0 || self.out.len() >= self.chunk_limit {
            return self.commit();
        }
        Ok(())
    }

    /// Hands the output to the writer when a chunk is full, inside a value where nothing
    /// before the end of `out` can be dropped any more.
    #[inline(always)]
    fn commit_if_full(&mut self) -> Result<()> {
        if self.out.len() >= self.chunk_limit {
            return self.commit();
        }
        Ok(())
    }

    /// Writes whatever is pending (in compact text, a blank first list item that waited: it
    /// is written bare after all).
    #[inline(always)]
    fn write_pending(&mut self) {
        if !self.pending.is_empty() {
            self.flush_pending();
        }
    }

    /// The `,` before a compact list item after the first: whatever is pending first, and
    /// a full chunk handed to the writer after (a good place: nothing can be dropped).
    #[inline(always)]
    fn separate_item(&mut self) -> Result<()> {
        self.write_pending();
        self.out.push(b',');
        self.commit_if_full()
    }

    /// Call before writing anything to `out`: writes whatever is pending first.
    #[inline]
    fn begin_write(&mut self) {
        self.touched = true;
        self.write_pending();
    }

    /// Writes whatever is pending, then `bytes`.
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.begin_write();
        self.out.extend_from_slice(bytes);
    }

    /// Out of line: in compact text only a blank first list item ever waits, and every
    /// scalar's `begin_write` stays small enough to inline.
    #[inline(never)]
    fn flush_pending(&mut self) {
        self.touched = true;
        self.blank_item = None;
        self.out.extend_from_slice(&self.pending);
        self.pending.clear();
    }

    /// Ends a scalar written into `out`.
    #[inline]
    fn end_scalar(&mut self) -> Result<()> {
        self.member_value = false;
        self.commit_if_due()
    }

    /// Writes a string value. At the root, whitespace at either end and a leading U+FEFF
    /// force quotes (the reader trims the root and strips a BOM); a blank first list item
    /// waits to see whether it is the only one.
    ///
    /// Out of line: one copy per writer type, not one in every string member of every
    /// struct. Inlined, the derived code of the session list outgrew the instruction cache
    /// (`benches/cache_ratios.sh`: 182,000 misses a round, 146,000 out of line, for the same
    /// instruction count).
    #[inline(never)]
    fn write_string(&mut self, text: &str) -> Result<()> {
        let scan = if self.level == 0 {
            match escape::classify(text, true) {
                escape::Scan::Bare if text.starts_with('\u{FEFF}') => escape::Scan::Quote,
                found => found,
            }
        } else {
            escape::classify(text, self.pretty)
        };
        if scan != escape::Scan::Bare {
            // One scan decided both the quotes and whether any `"` needs doubling.
            self.begin_write();
            escape::write_quoted_scanned(&mut self.out, text, scan == escape::Scan::QuoteDoubling);
        } else if self.first_item && escape::is_blank(text) {
            self.member_value = false;
            self.flush_pending();
            self.blank_item = Some(self.pending.len());
            self.pending.extend_from_slice(text.as_bytes());
            return Ok(());
        } else {
            self.begin_write();
            escape::extend(&mut self.out, text.as_bytes());
        }
        self.end_scalar()
    }

    /// Ends a list that held one blank item: it is written quoted after all.
    pub(crate) fn quote_lone_blank_item(&mut self) -> Result<()> {
        let Some(start) = self.blank_item.take() else {
            return Ok(());
        };
        let text = self.pending.split_off(start);
        self.flush_pending();
        let text = String::from_utf8(text).map_err(|_| Error::new(ErrorKind::InvalidUtf8))?;
        escape::write_quoted(&mut self.out, &text);
        self.end_scalar()
    }
}

/// Appends a newline and `level` tabs (the pretty layout's indentation).
pub(crate) fn newline_indent(out: &mut Vec<u8>, level: usize) {
    out.push(b'\n');
    out.extend(std::iter::repeat_n(b'\t', level));
}

macro_rules! serialize_integer {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        #[inline]
        fn $method(self, value: $ty) -> Result<()> {
            let mut buffer = itoa::Buffer::new();
            self.write(buffer.format(value).as_bytes());
            self.end_scalar()
        }
    )*};
}

impl<'a, W: io::Write> ser::Serializer for &'a mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    #[inline]
    fn serialize_bool(self, value: bool) -> Result<()> {
        self.write(if value { b"True" } else { b"False" });
        self.end_scalar()
    }

    serialize_integer! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
    }

    fn serialize_f32(self, value: f32) -> Result<()> {
        self.begin_write();
        crate::number::write_f32(&mut self.out, value);
        self.end_scalar()
    }

    #[inline(always)]
    fn serialize_f64(self, value: f64) -> Result<()> {
        self.begin_write();
        crate::number::write_f64(&mut self.out, value);
        self.end_scalar()
    }

    fn serialize_char(self, value: char) -> Result<()> {
        // ServiceStack writes every char raw (B3), which corrupts the document for the
        // structural characters; we quote a char exactly when a one-char string would be
        // quoted, except `:`, which reads back fine bare and which ServiceStack writes bare.
        if value == ':' {
            self.write(b":");
            return self.end_scalar();
        }
        let mut buffer = [0u8; 4];
        self.write_string(value.encode_utf8(&mut buffer))
    }

    #[inline]
    fn serialize_str(self, value: &str) -> Result<()> {
        self.write_string(value)
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        self.begin_write();
        if value.is_empty() {
            // Empty text would read back as null; `""` is the empty buffer.
            self.out.extend_from_slice(b"\"\"");
        } else {
            let start = self.out.len();
            let encoded_len = base64::encoded_len(value.len(), true).unwrap_or(0);
            self.out.resize(start + encoded_len, 0);
            let written = base64::engine::general_purpose::STANDARD
                .encode_slice(value, &mut self.out[start..])
                .map_err(|err| Error::new(ErrorKind::Message(err.to_string())))?;
            self.out.truncate(start + written);
        }
        self.end_scalar()
    }

    #[inline]
    fn serialize_none(self) -> Result<()> {
        // Writes nothing and leaves the pending member name unwritten: the enclosing
        // struct or map drops the member, a list leaves an empty slot.
        self.member_value = false;
        Ok(())
    }

    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        // The empty token; unlike `None` it keeps its member name (`{A:}`).
        self.begin_write();
        self.end_scalar()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.write_string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == RAW_SCALAR_NAME {
            return value.serialize(RawScalarSerializer { ser: self });
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        let mut wrapper = Compound::begin_object(self)?;
        wrapper.member_kept(variant, value)?;
        wrapper.end_object()
    }

    #[inline]
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Compound::begin_list(self)
    }

    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        let mut wrapper = Compound::begin_object(self)?;
        wrapper.variant_key(variant);
        wrapper.nest_list()
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Compound::begin_object(self)
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        Compound::begin_object(self)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        let mut wrapper = Compound::begin_object(self)?;
        wrapper.variant_key(variant);
        wrapper.nest_object()
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.serialize_str(&value.to_string())
    }
}

/// Serializes `value` as compact JSV into `writer`.
///
/// ```
/// let mut out = Vec::new();
/// serde_jsv::to_writer(&mut out, &("a", 1)).unwrap();
/// assert_eq!(out, b"[a,1]");
/// ```
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    let mut serializer = Serializer::new(writer);
    value.serialize(&mut serializer)
}

/// Serializes `value` as pretty JSV (ServiceStack's `Dump()` layout, lossless) into
/// `writer`.
///
/// ```
/// let mut out = Vec::new();
/// serde_jsv::to_writer_pretty(&mut out, &["a", "b"]).unwrap();
/// assert_eq!(out, b"[\n\ta,\n\tb\n]");
/// ```
pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    let mut serializer = Serializer::pretty(writer);
    value.serialize(&mut serializer)
}

/// Serializes `value` as compact JSV bytes.
///
/// ```
/// assert_eq!(serde_jsv::to_vec(&true).unwrap(), b"True");
/// ```
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    to_buffer(value, false)
}

/// Serializes `value` into a new buffer, with no writer behind it.
fn to_buffer<T: ?Sized + Serialize>(value: &T, pretty: bool) -> Result<Vec<u8>> {
    let mut serializer = Serializer::with_layout(io::sink(), pretty);
    serializer.buffer_only = true;
    serializer.chunk_limit = usize::MAX;
    serializer.out.reserve(128);
    value.serialize(&mut serializer)?;
    Ok(serializer.out)
}

/// Serializes `value` as pretty JSV bytes.
///
/// ```
/// assert_eq!(serde_jsv::to_vec_pretty(&vec![1]).unwrap(), b"[\n\t1\n]");
/// ```
pub fn to_vec_pretty<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    to_buffer(value, true)
}

/// Serializes `value` as a compact JSV string, exactly as ServiceStack.Text writes it.
///
/// ```
/// use std::collections::BTreeMap;
///
/// let map = BTreeMap::from([("a , b", "a , b")]);
/// assert_eq!(serde_jsv::to_string(&map).unwrap(), r#"{"a , b":"a , b"}"#);
/// assert_eq!(serde_jsv::to_string(&1.0e17_f64).unwrap(), "1E+17");
/// ```
///
/// # Errors
///
/// When the value's `Serialize` implementation fails, a map key is not a scalar, or a list's
/// only item is `None` (see `docs/data-model.md`).
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    to_vec(value).map(written_text)
}

/// Serializes `value` as pretty JSV text: tabs, one member per line, `key: value`, as
/// ServiceStack's metadata pages show it, but quoting whatever a pretty reader would trim.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Note {
///     text: &'static str,
/// }
///
/// assert_eq!(
///     serde_jsv::to_string_pretty(&Note { text: " padded " }).unwrap(),
///     "{\n\ttext: \" padded \"\n}"
/// );
/// ```
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    to_vec_pretty(value).map(written_text)
}

/// The serializer's output as a `String`, without checking it again: the check cost ~5% of
/// serializing the session list (callgrind), and serde_json skips it for the same reason.
#[allow(unsafe_code)]
fn written_text(bytes: Vec<u8>) -> String {
    debug_assert!(
        std::str::from_utf8(&bytes).is_ok(),
        "the serializer wrote invalid UTF-8"
    );
    // SAFETY: every byte of a buffer the serializer hands back was appended whole by one of
    // these paths, each of which appends complete UTF-8:
    // - string values, member names, map keys, chars (`encode_utf8`), `collect_str` text
    //   and `RawScalar` text: copied from a `&str` as a whole (`escape::extend`,
    //   `write_quoted_scanned`); quoted text is split only at `"` bytes, which are ASCII and
    //   so char boundaries, and its copy in `extend` overwrites the bytes it truncates;
    // - a compact struct member's `,name:` (`compound::start_static_member`): a fixed block
    //   of the whole name between ASCII bytes, cut back to just after the name's `:`;
    // - quotes, separators, brackets, `True`/`False`, newlines and tabs: ASCII literals;
    // - integers (itoa), floats (`number::write_f64`/`write_f32`/`write_float_after`, the
    //   last with a `,` before the number in a nested list: digits, sign, `.`, `E`, `NaN`,
    //   `Infinity`) and bytes (base64, or zero bytes left by a failed encode): ASCII;
    // - the pretty layout's pending buffer and key buffer: filled by the paths above and
    //   copied out whole; a blank list item taken back out of it is re-checked
    //   (`String::from_utf8`) before it is quoted;
    // - truncation (a dropped `None` member, a failed map key, an empty pretty container)
    //   only cuts back to a length recorded between two such appends, so at a char boundary.
    unsafe { String::from_utf8_unchecked(bytes) }
}
