//! The resolved form the printer writes: Rust names chosen, references checked, bases
//! inlined, generics substituted.

use super::names::RustIdent;

/// (namespace, CLR name with arity): the identity of a declared type.
pub(crate) type Key = (String, String);

/// A Rust type, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RType {
    /// `bool`, `i32`, `f64`, `char`, …
    Prim(&'static str),
    /// `String`.
    String,
    /// A type of `serde_jsv::dotnet` (`DateTime`, `TimeSpan`, `Guid`, `Decimal`, `DateTimeOffset`).
    DotNet(&'static str),
    /// `byte[]`: Base64 on the wire.
    Bytes,
    /// Untyped: `serde_jsv::Value`.
    Value,
    Vec(Box<RType>),
    Map(Box<RType>, Box<RType>),
    Option(Box<RType>),
    /// A parameter of the enclosing generic definition.
    Param(String),
    /// A type this module declares.
    Local {
        key: Key,
        args: Vec<RType>,
    },
    /// A type of `serde_jsv::builtin`.
    Builtin {
        name: String,
        args: Vec<RType>,
    },
}

impl RType {
    /// Whether the type parameter `name` appears in this type.
    pub fn uses_param(&self, name: &str) -> bool {
        match self {
            RType::Param(param) => param == name,
            RType::Vec(inner) | RType::Option(inner) => inner.uses_param(name),
            RType::Map(key, value) => key.uses_param(name) || value.uses_param(name),
            RType::Local { args, .. } | RType::Builtin { args, .. } => {
                args.iter().any(|a| a.uses_param(name))
            }
            _ => false,
        }
    }

    /// Every local type this type mentions.
    pub fn locals<'a>(&'a self, out: &mut Vec<&'a Key>) {
        match self {
            RType::Vec(inner) | RType::Option(inner) => inner.locals(out),
            RType::Map(key, value) => {
                key.locals(out);
                value.locals(out);
            }
            RType::Local { key, args } => {
                out.push(key);
                args.iter().for_each(|arg| arg.locals(out));
            }
            RType::Builtin { args, .. } => args.iter().for_each(|arg| arg.locals(out)),
            _ => {}
        }
    }

    /// The local type held without indirection (`T` or `Option<T>`), which would make a
    /// recursive struct infinitely large.
    pub fn direct_local(&self) -> Option<&Key> {
        match self {
            RType::Local { key, .. } => Some(key),
            RType::Option(inner) => inner.direct_local(),
            _ => None,
        }
    }
}

/// One struct member.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub ident: RustIdent,
    /// The wire key.
    pub wire: String,
    /// The type, without the `Option` that `optional` adds.
    pub ty: RType,
    pub optional: bool,
    pub docs: Vec<String>,
    /// `[DataMember(EmitDefaultValue = false)]`.
    pub skip_default: bool,
    /// Held in a `Box` to break a cycle.
    pub boxed: bool,
}

/// What makes a struct a request DTO.
#[derive(Debug, Clone)]
pub(crate) struct RequestInfo {
    pub type_name: String,
    /// A variant of `serde_jsv::request::Method`.
    pub method: &'static str,
    pub routes: Vec<(String, Vec<&'static str>)>,
    /// `None`: `IReturnVoid`.
    pub response: Option<RType>,
    /// Route variables that no member carries are filled by a hand-written method.
    pub path_variable_hook: bool,
    /// Doc lines: routes, authentication, roles.
    pub docs: Vec<String>,
}

/// A struct (or a newtype over a list, for classes deriving from a collection).
#[derive(Debug, Clone)]
pub(crate) struct StructItem {
    pub params: Vec<String>,
    pub fields: Vec<Field>,
    /// `Some`: `struct X(pub Vec<T>)`.
    pub list_of: Option<RType>,
    pub request: Option<RequestInfo>,
    pub eq: bool,
    /// Type parameters no member uses (a closed copy without its definition): held in a
    /// `PhantomData` so that the struct still compiles.
    pub phantom: Vec<String>,
}

/// One member of a string enum.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub ident: RustIdent,
    pub wire: String,
    pub docs: Vec<String>,
}

/// The default of a string enum.
#[derive(Debug, Clone)]
pub(crate) enum EnumDefault {
    Variant(usize),
    /// .NET's nameless default (`0`), kept as text in the catch-all variant.
    Unknown(String),
}

/// A .NET enum written as a name.
#[derive(Debug, Clone)]
pub(crate) struct StringEnumItem {
    pub variants: Vec<Variant>,
    pub unknown: RustIdent,
    pub default: EnumDefault,
}

/// One named value of an integer enum.
#[derive(Debug, Clone)]
pub(crate) struct IntConst {
    pub ident: RustIdent,
    pub name: String,
    pub value: i64,
    pub docs: Vec<String>,
}

/// A .NET enum written as an integer.
#[derive(Debug, Clone)]
pub(crate) struct IntEnumItem {
    pub repr: &'static str,
    pub consts: Vec<IntConst>,
    pub flags: bool,
}

/// The shape of one item.
#[derive(Debug, Clone)]
pub(crate) enum ItemKind {
    Struct(Box<StructItem>),
    StringEnum(StringEnumItem),
    IntEnum(IntEnumItem),
}

/// One generated item.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub key: Key,
    pub name: RustIdent,
    pub docs: Vec<String>,
    pub kind: ItemKind,
}
