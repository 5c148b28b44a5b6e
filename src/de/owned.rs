//! A deserializer adapter that never lends borrowed data.
//!
//! The streaming reader parses each list item from a buffer that lives only while the item is
//! read, so the item's `Deserializer<'buffer>` cannot serve a visitor that asks for data
//! living as long as some outer `'de`. [`Owned`] wraps it: every `visit_borrowed_str` /
//! `visit_borrowed_bytes` becomes `visit_str` / `visit_bytes`, and everything else is passed
//! through, so it is a `Deserializer<'de>` for every `'de`. Types that must borrow (`&str`
//! fields) then fail with serde's usual "invalid type" error, as with serde_json's
//! `from_reader`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

/// A `Deserializer<'a>` seen as a `Deserializer<'de>` for any `'de`.
pub(crate) struct Owned<'a, D>(pub(crate) D, PhantomData<&'a ()>);

impl<D> Owned<'_, D> {
    pub(crate) fn new(inner: D) -> Self {
        Owned(inner, PhantomData)
    }
}

struct OwnedVisitor<'a, 'de, V>(V, PhantomData<(&'a (), &'de ())>);
struct OwnedSeed<'a, 'de, S>(S, PhantomData<(&'a (), &'de ())>);
struct OwnedSeq<'a, A>(A, PhantomData<&'a ()>);
struct OwnedMap<'a, A>(A, PhantomData<&'a ()>);
struct OwnedEnum<'a, A>(A, PhantomData<&'a ()>);
struct OwnedVariant<'a, A>(A, PhantomData<&'a ()>);

fn visitor<'a, 'de, V>(inner: V) -> OwnedVisitor<'a, 'de, V> {
    OwnedVisitor(inner, PhantomData)
}

fn seed<'a, 'de, S>(inner: S) -> OwnedSeed<'a, 'de, S> {
    OwnedSeed(inner, PhantomData)
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* v: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* visitor(v))
        }
    )*};
}

impl<'a, 'de, D: Deserializer<'a>> Deserializer<'de> for Owned<'a, D> {
    type Error = D::Error;

    forward! {
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
        deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
        deserialize_option(), deserialize_unit(), deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str), deserialize_seq(),
        deserialize_tuple(len: usize), deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(), deserialize_ignored_any(),
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! pass {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method(value)
        }
    )*};
}

impl<'a, 'de, V: Visitor<'de>> Visitor<'a> for OwnedVisitor<'a, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass! {
        visit_bool: bool, visit_i8: i8, visit_i16: i16, visit_i32: i32, visit_i64: i64,
        visit_i128: i128, visit_u8: u8, visit_u16: u16, visit_u32: u32, visit_u64: u64,
        visit_u128: u128, visit_f32: f32, visit_f64: f64, visit_char: char,
        visit_str: &str, visit_string: String, visit_bytes: &[u8], visit_byte_buf: Vec<u8>,
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'a str) -> Result<V::Value, E> {
        self.0.visit_str(value)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'a [u8]) -> Result<V::Value, E> {
        self.0.visit_bytes(value)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'a>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Owned::new(inner))
    }

    fn visit_newtype_struct<D: Deserializer<'a>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Owned::new(inner))
    }

    fn visit_seq<A: SeqAccess<'a>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(OwnedSeq(seq, PhantomData))
    }

    fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(OwnedMap(map, PhantomData))
    }

    fn visit_enum<A: EnumAccess<'a>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(OwnedEnum(data, PhantomData))
    }
}

impl<'a, 'de, S: DeserializeSeed<'de>> DeserializeSeed<'a> for OwnedSeed<'a, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'a>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Owned::new(inner))
    }
}

impl<'a, 'de, A: SeqAccess<'a>> SeqAccess<'de> for OwnedSeq<'a, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        element: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(seed(element))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'a, 'de, A: MapAccess<'a>> MapAccess<'de> for OwnedMap<'a, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        key: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed(key))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, value: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(seed(value))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'a, 'de, A: EnumAccess<'a>> EnumAccess<'de> for OwnedEnum<'a, A> {
    type Error = A::Error;
    type Variant = OwnedVariant<'a, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        name: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(seed(name))?;
        Ok((value, OwnedVariant(variant, PhantomData)))
    }
}

impl<'a, 'de, A: de::VariantAccess<'a>> de::VariantAccess<'de> for OwnedVariant<'a, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, value: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(seed(value))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, visitor(v))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, visitor(v))
    }
}
