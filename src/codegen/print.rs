//! The printer: resolved items to tokens with `quote`, then text with `prettyplease`.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::error::{Error, ErrorKind};
use super::ir::{
    EnumDefault, Field, IntEnumItem, Item, ItemKind, Key, RType, StringEnumItem, StructItem,
};
use super::names::{self, RustIdent};
use super::resolve::Module;
use std::collections::BTreeMap;

/// Prints the module (without the header).
pub(crate) fn print(module: &Module, crate_path: &str) -> Result<String, Error> {
    let krate: syn::Path = syn::parse_str(crate_path).map_err(|_| {
        Error::new(
            ErrorKind::Unsupported,
            "option crate-path",
            format!("`{crate_path}` is not a Rust path"),
        )
    })?;
    let names: BTreeMap<&Key, &RustIdent> = module
        .items
        .iter()
        .map(|item| (&item.key, &item.name))
        .collect();
    let printer = Printer {
        krate: quote!(#krate),
        names,
    };
    let mut tokens = TokenStream::new();
    for item in &module.items {
        tokens.extend(printer.item(item));
    }
    let file: syn::File = syn::parse2(tokens).map_err(|err| {
        Error::new(
            ErrorKind::Unsupported,
            "generated module",
            format!("the printer produced invalid Rust: {err}"),
        )
    })?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// prettyplease puts items right after each other: one blank line between top-level items
/// reads better.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    let mut previous_closed = false;
    for line in code.lines() {
        if previous_closed && !line.is_empty() && !line.starts_with([' ', '}', ')']) {
            out.push('\n');
        }
        previous_closed = line == "}" || (line.ends_with(';') && !line.starts_with(' '));
        out.push_str(line);
        out.push('\n');
    }
    out
}

struct Printer<'m> {
    krate: TokenStream,
    names: BTreeMap<&'m Key, &'m RustIdent>,
}

fn ident(name: &RustIdent) -> Ident {
    if name.raw {
        Ident::new_raw(&name.text, Span::call_site())
    } else {
        Ident::new(&name.text, Span::call_site())
    }
}

/// Escapes what rustdoc would read as markup: links (`[x]`), HTML (`<x>`), code fences.
fn escape_doc(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// `#[doc = " line"]` attributes; `verbatim` lines are the generator's own markdown.
fn docs(lines: &[String], verbatim: &[String]) -> TokenStream {
    let mut all: Vec<String> = lines.iter().map(|line| escape_doc(line)).collect();
    if !verbatim.is_empty() {
        if !all.is_empty() {
            all.push(String::new());
        }
        all.extend(verbatim.iter().cloned());
    }
    let attrs = all.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

impl Printer<'_> {
    fn item(&self, item: &Item) -> TokenStream {
        match &item.kind {
            ItemKind::Struct(st) => self.structure(item, st),
            ItemKind::StringEnum(en) => self.string_enum(item, en),
            ItemKind::IntEnum(en) => self.int_enum(item, en),
        }
    }

    fn ty(&self, ty: &RType) -> TokenStream {
        let krate = &self.krate;
        match ty {
            RType::Prim(name) => {
                let name = format_ident!("{}", name);
                quote!(#name)
            }
            RType::String => quote!(::std::string::String),
            RType::DotNet(name) => {
                let name = format_ident!("{}", name);
                quote!(#krate::dotnet::#name)
            }
            RType::Bytes => quote!(::std::vec::Vec<u8>),
            RType::Value => quote!(#krate::Value),
            RType::Vec(inner) => {
                let inner = self.ty(inner);
                quote!(::std::vec::Vec<#inner>)
            }
            RType::Option(inner) => {
                let inner = self.ty(inner);
                quote!(::std::option::Option<#inner>)
            }
            RType::Map(key, value) => {
                let key = self.ty(key);
                let value = self.ty(value);
                quote!(#krate::dto::IndexMap<#key, #value>)
            }
            RType::Param(name) => {
                let name = format_ident!("{}", name);
                quote!(#name)
            }
            RType::Local { key, args } => {
                let name = ident(self.names[key]);
                self.with_args(quote!(#name), args)
            }
            RType::Builtin { name, args } => {
                let name = format_ident!("{}", name);
                self.with_args(quote!(#krate::builtin::#name), args)
            }
        }
    }

    fn with_args(&self, path: TokenStream, args: &[RType]) -> TokenStream {
        if args.is_empty() {
            path
        } else {
            let args = args.iter().map(|arg| self.ty(arg));
            quote!(#path<#(#args),*>)
        }
    }

    fn field(&self, field: &Field) -> TokenStream {
        let name = ident(&field.ident);
        let mut ty = self.ty(&field.ty);
        if field.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let wire = &field.wire;
        let mut serde = vec![quote!(rename = #wire)];
        let krate = self.krate.to_string().replace(' ', "");
        if field.optional {
            serde.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        } else if field.skip_default {
            let path = format!("{krate}::dto::is_default");
            serde.push(quote!(skip_serializing_if = #path));
        }
        let with = match (&field.ty, field.boxed) {
            (RType::Bytes, false) => Some("bytes"),
            (RType::Prim("char"), false) => Some("char"),
            _ => None,
        };
        if let Some(module) = with {
            let suffix = if field.optional { "::option" } else { "" };
            let path = format!("{krate}::dotnet::{module}{suffix}");
            serde.push(quote!(with = #path));
        } else if field.optional && matches!(field.ty, RType::Map(_, ref value) if !is_value(value))
        {
            let path = format!("{krate}::dto::without_null_values");
            serde.push(quote!(deserialize_with = #path));
        }
        if field.optional {
            ty = quote!(::std::option::Option<#ty>);
        }
        let doc = docs(&field.docs, &[]);
        quote! {
            #doc
            #[serde(#(#serde),*)]
            pub #name: #ty,
        }
    }

    fn structure(&self, item: &Item, st: &StructItem) -> TokenStream {
        let name = ident(&item.name);
        let params: Vec<Ident> = st.params.iter().map(|p| format_ident!("{}", p)).collect();
        let generics = if params.is_empty() {
            quote!()
        } else {
            quote!(<#(#params),*>)
        };
        let mut lines = item.docs.clone();
        if let Some(request) = &st.request {
            if !lines.is_empty() && !request.docs.is_empty() {
                lines.push(String::new());
            }
            lines.extend(request.docs.iter().cloned());
        }
        let eq = if st.eq { quote!(Eq,) } else { quote!() };
        let allow = camel_allow(&item.name);
        let derive = quote! {
            #[derive(Debug, Clone, PartialEq, #eq Default, ::serde::Serialize, ::serde::Deserialize)]
        };
        let mut out = if let Some(list) = &st.list_of {
            let list = self.ty(list);
            let doc = docs(
                &item.docs,
                &["A list on the wire: the C# class derives from a collection.".to_owned()],
            );
            quote! {
                #doc
                #derive
                #allow
                pub struct #name #generics(pub ::std::vec::Vec<#list>);
            }
        } else {
            let fields = st.fields.iter().map(|f| self.field(f));
            let phantom = if st.phantom.is_empty() {
                quote!()
            } else {
                let params = st.phantom.iter().map(|p| format_ident!("{}", p));
                quote! {
                    /// Holds type parameters no member uses; not on the wire.
                    #[serde(skip)]
                    pub _phantom: ::std::marker::PhantomData<(#(#params,)*)>,
                }
            };
            let doc = docs(&lines, &[]);
            quote! {
                #doc
                #derive
                #[serde(default)]
                #allow
                pub struct #name #generics {
                    #(#fields)*
                    #phantom
                }
            }
        };
        if let Some(request) = &st.request {
            let krate = &self.krate;
            let type_name = &request.type_name;
            let method = format_ident!("{}", request.method);
            let response = match &request.response {
                Some(ty) => self.ty(ty),
                None => quote!(()),
            };
            let routes = request.routes.iter().map(|(path, verbs)| {
                let verbs = verbs.iter().map(|v| format_ident!("{}", v));
                quote!(#krate::request::Route::new(#path, &[#(#krate::request::Method::#verbs),*]))
            });
            let hook = if request.path_variable_hook {
                quote! {
                    fn path_variable(&self, name: &str) -> ::std::option::Option<::std::string::String> {
                        self.path_variable_by_hand(name)
                    }
                }
            } else {
                quote!()
            };
            out.extend(quote! {
                impl #krate::request::ServiceStackRequest for #name {
                    type Response = #response;
                    const TYPE_NAME: &'static str = #type_name;
                    const METHOD: #krate::request::Method = #krate::request::Method::#method;
                    const ROUTES: &'static [#krate::request::Route] = &[#(#routes),*];
                    #hook
                }
            });
        }
        out
    }

    fn string_enum(&self, item: &Item, en: &StringEnumItem) -> TokenStream {
        let krate = &self.krate;
        let name = ident(&item.name);
        let type_name = &item.name.text;
        let unknown = ident(&en.unknown);
        let doc = docs(
            &item.docs,
            &[format!(
                "Written as a name; a name this version does not know reads into `{}` and is written back unchanged.",
                en.unknown.text
            )],
        );
        let wires: Vec<&str> = en.variants.iter().map(|v| v.wire.as_str()).collect();
        let idents: Vec<Ident> = en.variants.iter().map(|v| ident(&v.ident)).collect();
        let indexes = (0..en.variants.len()).map(Literal::usize_unsuffixed);
        // A known default is derived (`#[default]`); .NET's nameless 0 needs an impl.
        let default_index = match &en.default {
            EnumDefault::Variant(index) => Some(*index),
            EnumDefault::Unknown(_) => None,
        };
        let variants = en.variants.iter().enumerate().map(|(index, v)| {
            let doc = docs(&v.docs, &[]);
            let ident = ident(&v.ident);
            let default = if default_index == Some(index) {
                quote!(#[default])
            } else {
                quote!()
            };
            quote!(#doc #default #ident,)
        });
        let (derive_default, default_impl) = match &en.default {
            EnumDefault::Variant(_) => (quote!(Default,), quote!()),
            EnumDefault::Unknown(text) => (
                quote!(),
                quote! {
                    impl ::std::default::Default for #name {
                        fn default() -> Self {
                            #name::#unknown(::std::string::String::from(#text))
                        }
                    }
                },
            ),
        };
        let all_camel = en.variants.iter().all(|v| names::is_camel(&v.ident.text))
            && names::is_camel(&en.unknown.text);
        let allow = if all_camel {
            camel_allow(&item.name)
        } else {
            quote!(#[allow(non_camel_case_types)])
        };
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
            #[non_exhaustive]
            #allow
            pub enum #name {
                #(#variants)*
                /// A name this version does not know, as the server sent it.
                #unknown(::std::string::String),
            }

            impl #name {
                /// The wire names of the known members, in .NET order.
                pub const VARIANTS: &'static [&'static str] = &[#(#wires),*];

                /// The name written on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#name::#idents => #wires,)*
                        #name::#unknown(name) => name,
                    }
                }

                /// Whether this is a name this version does not know.
                pub fn is_unknown(&self) -> bool {
                    matches!(self, #name::#unknown(_))
                }
            }

            impl #krate::dto::StringEnum for #name {
                const TYPE_NAME: &'static str = #type_name;
                const NAMES: &'static [&'static str] = #name::VARIANTS;

                fn known(index: usize) -> ::std::option::Option<Self> {
                    match index {
                        #(#indexes => ::std::option::Option::Some(#name::#idents),)*
                        _ => ::std::option::Option::None,
                    }
                }

                fn unknown(name: ::std::string::String) -> Self {
                    #name::#unknown(name)
                }

                fn name(&self) -> &str {
                    self.as_str()
                }
            }

            #default_impl

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;

                fn from_str(name: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(#krate::dto::parse_string_enum(name))
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    #krate::dto::serialize_string_enum(self, serializer)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #krate::dto::deserialize_string_enum(deserializer)
                }
            }
        }
    }

    fn int_enum(&self, item: &Item, en: &IntEnumItem) -> TokenStream {
        let krate = &self.krate;
        let name = ident(&item.name);
        let type_name = &item.name.text;
        let repr = format_ident!("{}", en.repr);
        let literal = |value: i64| {
            if en.repr == "i32" {
                Literal::i32_unsuffixed(value as i32)
            } else {
                Literal::i64_unsuffixed(value)
            }
        };
        let what = if en.flags {
            "A `[Flags]` enum written"
        } else {
            "Written"
        };
        let doc = docs(
            &item.docs,
            &[format!(
                "{what} as its integer; values without a name are kept."
            )],
        );
        let consts = en.consts.iter().map(|c| {
            let doc = docs(&c.docs, &[format!("`{}` = {}.", c.name, c.value)]);
            let ident = ident(&c.ident);
            let value = literal(c.value);
            quote!(#doc pub const #ident: #name = #name(#value);)
        });
        let names = en.consts.iter().map(|c| {
            let text = &c.name;
            let value = Literal::i64_unsuffixed(c.value);
            quote!((#text, #value))
        });
        let flags = en.flags;
        let flag_methods = if en.flags {
            quote! {
                /// Whether every bit of `other` is set in `self`.
                pub const fn contains(self, other: #name) -> bool {
                    self.0 & other.0 == other.0
                }
            }
        } else {
            quote!()
        };
        let bit_ops = if en.flags {
            quote! {
                impl ::std::ops::BitOr for #name {
                    type Output = #name;
                    fn bitor(self, other: #name) -> #name {
                        #name(self.0 | other.0)
                    }
                }
            }
        } else {
            quote!()
        };
        let allow = camel_allow(&item.name);
        quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
            #allow
            pub struct #name(pub #repr);

            impl #name {
                #(#consts)*
                #flag_methods
            }

            #bit_ops

            impl #krate::dto::IntEnum for #name {
                const TYPE_NAME: &'static str = #type_name;
                const NAMES: &'static [(&'static str, i64)] = &[#(#names),*];
                const FLAGS: bool = #flags;

                fn to_i64(&self) -> i64 {
                    i64::from(self.0)
                }

                fn from_i64(value: i64) -> ::std::option::Option<Self> {
                    #repr::try_from(value).ok().map(#name)
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    #krate::dto::serialize_int_enum(self, serializer)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #krate::dto::deserialize_int_enum(deserializer)
                }
            }
        }
    }
}

/// Whether a map value is a .NET value type (never null, so nothing to drop).
fn is_value(ty: &RType) -> bool {
    matches!(ty, RType::Prim(_) | RType::DotNet(_))
}

fn camel_allow(name: &RustIdent) -> TokenStream {
    if names::is_camel(&name.text) {
        quote!()
    } else {
        quote!(#[allow(non_camel_case_types)])
    }
}
