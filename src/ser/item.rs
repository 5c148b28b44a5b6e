//! The items of a compact list, and lists nested in lists (the points of canada's rings, the
//! rows of a matrix), written with less bookkeeping than the general path.
//!
//! [`ItemSerializer`] wraps the serializer for one item of a compact list. An item that is
//! itself a list opens a [`CompactList`], which holds only what a compact list needs (no
//! pretty layout, no dropped members, no nesting level: compact output only asks whether
//! it is at the root). In a `CompactList` every item after the first writes its own `,`:
//! a number with its digits, a list with its `[`, without the general path's scalar
//! wrapping (`begin_write`, `end_scalar`). Everything else goes the general way. Neither
//! exists for pretty output.

use std::io;

use serde::ser::{self, Serialize};

use super::{Compound, RawScalarSerializer, Serializer};
use crate::error::{Error, ErrorKind, Result};
use crate::number::{self, DotnetFloatText};
use crate::raw::RAW_SCALAR_NAME;

/// Serializes one item of a compact list; with `OWED`, the separator before it too.
///
/// The items of a top-level or member list get their separator from the list
/// ([`Compound`]): a struct item's own code then has nothing to decide. The items after
/// the first of a [`CompactList`] owe theirs (`OWED`).
///
/// The list marks its first item in `Serializer::first_item`, as for the general path: a
/// blank string waits there to see whether it is the only item.
pub(crate) struct ItemSerializer<'a, W, const OWED: bool> {
    pub(super) ser: &'a mut Serializer<W>,
}

impl<'a, W: io::Write, const OWED: bool> ItemSerializer<'a, W, OWED> {
    /// Writes the separator an item owes, and hands a full chunk to the writer: nothing
    /// before it can be dropped any more. A blank first item still waiting is written bare
    /// first.
    #[inline(always)]
    fn separate(&mut self) -> Result<()> {
        if !OWED {
            return Ok(());
        }
        self.ser.separate_item()
    }

    /// The separator, then the general serializer.
    #[inline(always)]
    fn general(mut self) -> Result<&'a mut Serializer<W>> {
        self.separate()?;
        Ok(self.ser)
    }

    /// A float: the separator and the digits in one write. No `end_scalar`: inside a list
    /// the value is never the root, and `member_value` and `touched` only matter for member
    /// values.
    #[inline(always)]
    fn number<F: DotnetFloatText>(self, value: F) -> Result<()> {
        let ser = self.ser;
        if OWED {
            ser.write_pending();
            number::write_float_after(&mut ser.out, [b','], value);
        } else {
            // The list's `[` or separator wrote whatever was pending.
            debug_assert!(ser.pending.is_empty());
            number::write_float_after(&mut ser.out, [], value);
        }
        ser.commit_if_full()
    }

    /// A string-like item.
    #[inline(always)]
    fn string(mut self, text: &str) -> Result<()> {
        self.separate()?;
        self.ser.write_string(text)
    }
}

macro_rules! general_scalar {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        #[inline]
        fn $method(self, value: $ty) -> Result<()> {
            ser::Serializer::$method(self.general()?, value)
        }
    )*};
}

impl<'a, W: io::Write, const OWED: bool> ser::Serializer for ItemSerializer<'a, W, OWED> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = CompactList<'a, W>;
    type SerializeTuple = CompactList<'a, W>;
    type SerializeTupleStruct = CompactList<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    general_scalar! {
        serialize_bool: bool,
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
        serialize_bytes: &[u8],
    }

    #[inline(always)]
    fn serialize_f32(self, value: f32) -> Result<()> {
        self.number(value)
    }

    #[inline(always)]
    fn serialize_f64(self, value: f64) -> Result<()> {
        self.number(value)
    }

    fn serialize_char(self, value: char) -> Result<()> {
        if value == ':' {
            return ser::Serializer::serialize_char(self.general()?, value);
        }
        let mut buffer = [0u8; 4];
        self.string(value.encode_utf8(&mut buffer))
    }

    #[inline]
    fn serialize_str(self, value: &str) -> Result<()> {
        self.string(value)
    }

    #[inline]
    fn serialize_none(self) -> Result<()> {
        // An empty slot (`[a,,b]`); a lone one is an error the list's end reports.
        ser::Serializer::serialize_none(self.general()?)
    }

    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        ser::Serializer::serialize_unit(self.general()?)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        ser::Serializer::serialize_unit(self.general()?)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == RAW_SCALAR_NAME {
            return value.serialize(RawScalarSerializer {
                ser: self.general()?,
            });
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::Serializer::serialize_newtype_variant(self.general()?, name, index, variant, value)
    }

    #[inline]
    fn serialize_seq(self, _len: Option<usize>) -> Result<CompactList<'a, W>> {
        CompactList::begin::<OWED>(self.ser)
    }

    #[inline]
    fn serialize_tuple(self, _len: usize) -> Result<CompactList<'a, W>> {
        // The declared length is not trusted: the items written decide (a lone item may
        // need quotes, or be an error).
        CompactList::begin::<OWED>(self.ser)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<CompactList<'a, W>> {
        CompactList::begin::<OWED>(self.ser)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W>> {
        ser::Serializer::serialize_tuple_variant(self.general()?, name, index, variant, len)
    }

    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, W>> {
        ser::Serializer::serialize_map(self.general()?, len)
    }

    #[inline]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        ser::Serializer::serialize_struct(self.general()?, name, len)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W>> {
        ser::Serializer::serialize_struct_variant(self.general()?, name, index, variant, len)
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.string(&value.to_string())
    }
}

/// A compact list that is an item of another compact list.
pub(crate) struct CompactList<'a, W> {
    ser: &'a mut Serializer<W>,
    /// Items written so far.
    count: usize,
    /// The output position just after `[`: a list that ends with one item learns from it
    /// whether that item wrote nothing.
    items_start: u64,
}

impl<'a, W: io::Write> CompactList<'a, W> {
    /// Writes `[`, after the separator the list owes as an item (`,[`: one capacity check).
    /// `level` is left as it is: compact output only asks whether it is 0 (the root), and an
    /// item is never the root. `first_item` may still be set if this list is the first item
    /// of its own: no item reads it before this list's first item sets it again.
    #[inline(always)]
    fn begin<const OWED: bool>(ser: &'a mut Serializer<W>) -> Result<Self> {
        debug_assert!(!ser.pretty && ser.level > 0);
        // A blank first item that waited is written bare after all.
        ser.begin_write();
        // No chunk test here: the end of this list makes one.
        ser.out.extend_from_slice(if OWED { b",[" } else { b"[" });
        let items_start = ser.position();
        Ok(CompactList {
            ser,
            count: 0,
            items_start,
        })
    }

    #[inline(always)]
    fn item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let ser = &mut *self.ser;
        if self.count == 0 {
            ser.first_item = true;
            let result = value.serialize(ItemSerializer::<W, false> { ser });
            self.ser.first_item = false;
            result?;
        } else {
            value.serialize(ItemSerializer::<W, true> { ser })?;
        }
        self.count += 1;
        Ok(())
    }

    /// `]`. After two or more items nothing is pending (the second item wrote a blank
    /// first one); a list of one item may need it quoted, or be an error.
    #[inline(always)]
    fn end_list(self) -> Result<()> {
        if self.count == 1 {
            return self.end_single();
        }
        let ser = self.ser;
        // Only a member value clears `touched`, and its object sets it again at its end.
        debug_assert!(ser.pending.is_empty() && ser.touched);
        ser.out.push(b']');
        ser.commit_if_full()
    }

    /// `]` after a single item: a blank one is quoted, an empty one is an error.
    #[inline(never)]
    fn end_single(self) -> Result<()> {
        let ser = self.ser;
        if ser.position() == self.items_start && ser.blank_item.is_none() {
            return Err(Error::new(ErrorKind::LoneEmptyItem));
        }
        ser.quote_lone_blank_item()?;
        ser.touched = true;
        ser.out.push(b']');
        ser.commit_if_due()
    }
}

impl<W: io::Write> ser::SerializeSeq for CompactList<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }

    #[inline(always)]
    fn end(self) -> Result<()> {
        self.end_list()
    }
}

impl<W: io::Write> ser::SerializeTuple for CompactList<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }

    #[inline(always)]
    fn end(self) -> Result<()> {
        self.end_list()
    }
}

impl<W: io::Write> ser::SerializeTupleStruct for CompactList<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }

    fn end(self) -> Result<()> {
        self.end_list()
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde::ser::{SerializeSeq, SerializeTuple};

    use crate::error::ErrorKind;
    use crate::{to_string, to_string_pretty, to_writer};

    /// A tuple whose `Serialize` declares `declared` items but writes `items`.
    struct Misdeclared<T> {
        declared: usize,
        items: Vec<T>,
    }

    impl<T: Serialize> Serialize for Misdeclared<T> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut tuple = serializer.serialize_tuple(self.declared)?;
            for item in &self.items {
                tuple.serialize_element(item)?;
            }
            tuple.end()
        }
    }

    /// The same as a sequence that declares a length.
    struct MisdeclaredSeq<T>(Misdeclared<T>);

    impl<T: Serialize> Serialize for MisdeclaredSeq<T> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(self.0.declared))?;
            for item in &self.0.items {
                seq.serialize_element(item)?;
            }
            seq.end()
        }
    }

    /// Nested, as a tuple and as a sequence, the text is the same, and it is the root
    /// text inside brackets.
    fn nested_text<T: Serialize + Clone>(declared: usize, items: Vec<T>) -> crate::Result<String> {
        let tuple = Misdeclared {
            declared,
            items: items.clone(),
        };
        let root = to_string(&tuple);
        let nested = to_string(&vec![tuple]);
        let seq = to_string(&vec![MisdeclaredSeq(Misdeclared { declared, items })]);
        assert_eq!(
            nested.as_ref().map_err(|e| e.to_string()),
            seq.as_ref().map_err(|e| e.to_string())
        );
        assert_eq!(
            nested.as_ref().map_err(|e| e.to_string()),
            root.map(|text| format!("[{text}]"))
                .as_ref()
                .map_err(|e| e.to_string())
        );
        nested
    }

    #[test]
    fn a_misdeclared_tuple_length_changes_nothing() {
        // The items written decide, in a nested list as at the root.
        assert_eq!(nested_text(2, vec![1.5]).unwrap(), "[[1.5]]");
        assert_eq!(
            nested_text(1, vec![1.5, 2.0, 3.25]).unwrap(),
            "[[1.5,2,3.25]]"
        );
        assert_eq!(nested_text(5, Vec::<f64>::new()).unwrap(), "[[]]");
        assert_eq!(nested_text(2, vec![" "]).unwrap(), r#"[[" "]]"#);
        assert_eq!(nested_text(1, vec![" ", "a"]).unwrap(), "[[ ,a]]");
        let lone_none = nested_text(2, vec![None::<f64>]).unwrap_err();
        assert!(matches!(lone_none.kind(), ErrorKind::LoneEmptyItem));
        assert_eq!(nested_text(1, vec![None, Some(2.5)]).unwrap(), "[[,2.5]]");
        let pretty = vec![Misdeclared {
            declared: 3,
            items: vec![1.5, 2.0],
        }];
        assert_eq!(
            to_string_pretty(&pretty).unwrap(),
            "[\n\t[\n\t\t1.5,\n\t\t2\n\t]\n]"
        );
    }

    #[test]
    fn nested_items_are_written_as_at_the_root() {
        // Every kind of item, first and not first, one and two levels down.
        #[derive(Serialize)]
        enum Kind {
            Unit,
            Wrapped(f64),
            Pair(i32, i32),
            Named { a: f64 },
        }
        #[derive(Serialize)]
        struct Point(f64, f64);
        assert_eq!(
            to_string(&vec![vec![
                Kind::Unit,
                Kind::Wrapped(1e-7),
                Kind::Pair(1, 2)
            ]])
            .unwrap(),
            "[[Unit,{Wrapped:1E-07},{Pair:[1,2]}]]"
        );
        assert_eq!(
            to_string(&vec![vec![Kind::Named { a: 0.5 }, Kind::Unit]]).unwrap(),
            "[[{Named:{a:0.5}},Unit]]"
        );
        assert_eq!(
            to_string(&vec![(Point(1.0, -0.0), 'x', ':', (), Some(true), 7u8)]).unwrap(),
            "[[[1,-0],x,:,,True,7]]"
        );
        assert_eq!(
            to_string(&vec![vec![f64::NAN, f64::INFINITY, -1e300, 1e16, 1e17]]).unwrap(),
            "[[NaN,Infinity,-1E+300,10000000000000000,1E+17]]"
        );
        assert_eq!(
            to_string(&vec![vec![1.5f32, 1e10], vec![]]).unwrap(),
            "[[1.5,1E+10],[]]"
        );
        assert_eq!(
            to_string(&vec![vec!["a,b", "", " c"], vec!["\u{FEFF}"]]).unwrap(),
            "[[\"a,b\",\"\", c],[\u{FEFF}]]"
        );
    }

    #[test]
    fn a_writer_gets_long_float_lists_in_chunks() {
        let rings: Vec<Vec<(f64, f64)>> = (0..40)
            .map(|ring| {
                (0..200)
                    .map(|point| {
                        (
                            -141.0 + f64::from(ring) / 7.0,
                            42.0 + f64::from(point) / 3.0,
                        )
                    })
                    .collect()
            })
            .collect();
        let text = to_string(&rings).unwrap();
        assert!(text.len() > 8 * super::super::CHUNK);
        let mut out = Vec::new();
        to_writer(&mut out, &rings).unwrap();
        assert_eq!(out, text.as_bytes());
        let one: Vec<f64> = (0..5_000).map(|i| f64::from(i) * 0.37).collect();
        let mut out = Vec::new();
        to_writer(&mut out, &vec![one.clone()]).unwrap();
        assert_eq!(out, to_string(&vec![one]).unwrap().as_bytes());
    }

    proptest::proptest! {
        #[test]
        fn a_nested_float_is_its_root_text(
            bits in proptest::collection::vec(proptest::num::u64::ANY, 1..6),
        ) {
            let values: Vec<f64> = bits.iter().map(|&b| f64::from_bits(b)).collect();
            let each: Vec<String> = values.iter().map(|v| to_string(v).unwrap()).collect();
            let expected = format!("[[{}],[{}]]", each.join(","), each.join(","));
            proptest::prop_assert_eq!(to_string(&vec![values.clone(), values]).unwrap(), expected);
        }

        #[test]
        fn a_nested_f32_is_its_root_text(
            bits in proptest::collection::vec(proptest::num::u32::ANY, 1..6),
        ) {
            let values: Vec<f32> = bits.iter().map(|&b| f32::from_bits(b)).collect();
            let each: Vec<String> = values.iter().map(|v| to_string(v).unwrap()).collect();
            let expected = format!("[[{}],[{}]]", each.join(","), each.join(","));
            proptest::prop_assert_eq!(to_string(&vec![values.clone(), values]).unwrap(), expected);
        }
    }
}
