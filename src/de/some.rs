//! The deserializer handed to `visit_some`: the same reader under another type.

use serde::de::{self, Visitor};

use super::Deserializer;
use crate::error::{Error, Result};

/// `&mut Deserializer` under its own type, for the value of a present `Option`.
///
/// Why a type of its own: serde's `Option<T>` reads its value with `T::deserialize`, one
/// function shared by every caller of `T::deserialize` with the same deserializer. For
/// `String` that function has many callers and stays out of line; it returns the string
/// through memory with three 8-byte stores, and `Option`'s code copies it at once with a
/// 16-byte load, which the processor cannot forward from those stores and must wait for
/// (the load's wait drew 6 % of the samples of reading the session list). Under this type,
/// `T::deserialize` is a function of its own with `Option<T>`'s code as its one caller, and
/// the compiler inlines it there: the string stays in registers until `Option` stores it.
/// Measured: 2.8 % fewer samples reading the session list, and its speed against
/// serde_json 1.213 → 1.227 (`benches/layout_ab.sh`, six layouts each).
///
/// Every request is passed on unchanged (`tests/option_values.rs` holds each against the
/// same text read directly).
pub(crate) struct SomeValue<'a, 'de>(pub(crate) &'a mut Deserializer<'de>);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for SomeValue<'_, 'de> {
    type Error = Error;

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.read_str(visitor)
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.read_str(visitor)
    }
}
