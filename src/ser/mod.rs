//! STUB: replaced by the real serializer.
#![allow(missing_docs, unused)]
use crate::error::Result;
use serde::Serialize;
use std::io;
pub struct Serializer<W> { w: W }
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> { todo!() }
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> Result<String> { todo!() }
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> { todo!() }
pub fn to_vec_pretty<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> { todo!() }
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> { todo!() }
pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> { todo!() }
