//! From the document to the resolved items: one table of declarations, names chosen,
//! references and bases checked, members inlined derived-first.

use std::collections::{BTreeMap, BTreeSet};

use super::builtins;
use super::error::{Error, ErrorKind};
use super::ir::{
    EnumDefault, Field, IntConst, IntEnumItem, Item, ItemKind, Key, RType, RequestInfo,
    StringEnumItem, StructItem, Variant,
};
use super::model::{MetadataOperationType, MetadataPropertyType, MetadataType, MetadataTypes};
use super::names::{self, RustIdent};
use super::options::{MemberCase, Options};
use super::typeref::TypeRef;

/// The resolved module: items in name order, and what the generator noticed.
pub(crate) struct Module {
    pub items: Vec<Item>,
    pub warnings: Vec<String>,
}

const SEQUENCES: &[&str] = &[
    "List`1",
    "IList`1",
    "IEnumerable`1",
    "ICollection`1",
    "IReadOnlyList`1",
    "IReadOnlyCollection`1",
    "HashSet`1",
    "ISet`1",
    "SortedSet`1",
    "Queue`1",
    "Stack`1",
    "LinkedList`1",
    "Collection`1",
    "ReadOnlyCollection`1",
    "ObservableCollection`1",
];
const DICTIONARIES: &[&str] = &[
    "Dictionary`2",
    "IDictionary`2",
    "IReadOnlyDictionary`2",
    "SortedDictionary`2",
    "ConcurrentDictionary`2",
    "SortedList`2",
];
const UNTYPED: &[&str] = &[
    "Object",
    "object",
    "dynamic",
    "IEnumerable",
    "ICollection",
    "IList",
    "ArrayList",
    "IDictionary",
    "Hashtable",
    "JsonObject",
    "JsonNode",
    "JsonElement",
];

/// A .NET system scalar.
fn scalar(name: &str, dotnet: bool) -> Option<(RType, bool)> {
    let dotnet_or_string = |rust: &'static str| {
        if dotnet {
            RType::DotNet(rust)
        } else {
            RType::String
        }
    };
    let prim = |rust: &'static str| (RType::Prim(rust), true);
    Some(match name {
        "String" | "string" | "Uri" | "Type" | "DateOnly" | "TimeOnly" => (RType::String, false),
        "Boolean" | "bool" => prim("bool"),
        "Char" | "char" => (
            if dotnet {
                RType::Prim("char")
            } else {
                RType::String
            },
            true,
        ),
        "Byte" | "byte" => prim("u8"),
        "SByte" | "sbyte" => prim("i8"),
        "Int16" | "short" => prim("i16"),
        "UInt16" | "ushort" => prim("u16"),
        "Int32" | "int" => prim("i32"),
        "UInt32" | "uint" => prim("u32"),
        "Int64" | "long" | "IntPtr" => prim("i64"),
        "UInt64" | "ulong" | "UIntPtr" => prim("u64"),
        "Int128" => prim("i128"),
        "UInt128" => prim("u128"),
        "Single" | "float" => prim("f32"),
        "Double" | "double" => prim("f64"),
        "Decimal" | "decimal" => (dotnet_or_string("Decimal"), true),
        "DateTime" => (dotnet_or_string("DateTime"), true),
        "DateTimeOffset" => (dotnet_or_string("DateTimeOffset"), true),
        "TimeSpan" => (dotnet_or_string("TimeSpan"), true),
        "Guid" => (dotnet_or_string("Guid"), true),
        _ => return None,
    })
}

/// One declaration, and where it was found (for errors).
struct Decl<'a> {
    ty: &'a MetadataType,
    place: String,
}

/// The context a member's type is resolved in.
struct Ctx<'c> {
    namespace: Option<&'c str>,
    subst: &'c BTreeMap<String, RType>,
    place: &'c str,
}

/// A resolved member type: the type, and whether .NET writes it always (a non-nullable value
/// type) or may omit it.
struct Resolved {
    ty: RType,
    value_type: bool,
}

struct Resolver<'a> {
    options: &'a Options,
    decls: BTreeMap<Key, Decl<'a>>,
    by_name: BTreeMap<String, Vec<Key>>,
    rust_names: BTreeMap<Key, RustIdent>,
    ops: BTreeMap<Key, &'a MetadataOperationType>,
    builtin_bases: BTreeMap<String, MetadataType>,
    warnings: Vec<String>,
}

fn key_of(ty: &MetadataType) -> Key {
    (ty.namespace.clone().unwrap_or_default(), ty.name.clone())
}

fn place_of(key: &Key) -> String {
    format!("type {}", names::strip_arity(&key.1))
}

/// Resolves the document.
pub(crate) fn resolve(doc: &MetadataTypes, options: &Options) -> Result<Module, Error> {
    let mut resolver = Resolver {
        options,
        decls: BTreeMap::new(),
        by_name: BTreeMap::new(),
        rust_names: BTreeMap::new(),
        ops: BTreeMap::new(),
        builtin_bases: BTreeMap::new(),
        warnings: Vec::new(),
    };
    resolver.collect(doc)?;
    resolver.name_types()?;
    resolver.build()
}

impl<'a> Resolver<'a> {
    /// One table from `types`, every request and every response, the repeats checked.
    fn collect(&mut self, doc: &'a MetadataTypes) -> Result<(), Error> {
        let mut found: Vec<(&'a MetadataType, String)> = Vec::new();
        for ty in &doc.types {
            found.push((ty, "types".into()));
        }
        for op in &doc.operations {
            let name = names::strip_arity(&op.request.name).to_owned();
            found.push((&op.request, format!("operation {name} (request)")));
            if let Some(response) = &op.response {
                found.push((response, format!("operation {name} (response)")));
            }
            self.ops.insert(key_of(&op.request), op);
        }
        for (ty, origin) in found {
            if ty.name.is_empty() {
                return Err(Error::new(ErrorKind::Parse, origin, "a type has no name"));
            }
            let key = key_of(ty);
            // ServiceStack's own DTOs come from `serde_jsv::builtin`, not from the copies.
            if builtins::is_servicestack_namespace(Some(&key.0))
                && (builtins::is_referenced(&key.1) || builtins::base_class(&key.1).is_some())
            {
                continue;
            }
            let is_copy = !ty.generic_args.is_empty() && !ty.is_generic_type_def;
            match self.decls.get(&key) {
                None => {
                    self.decls.insert(key, Decl { ty, place: origin });
                }
                Some(existing) if existing.ty == ty => {}
                Some(existing) => {
                    let existing_copy =
                        !existing.ty.generic_args.is_empty() && !existing.ty.is_generic_type_def;
                    if existing_copy && ty.is_generic_type_def {
                        self.decls.insert(key, Decl { ty, place: origin });
                    } else if !(is_copy || existing_copy) {
                        return Err(Error::new(
                            ErrorKind::Conflict,
                            place_of(&key),
                            format!(
                                "the declarations in {} and in {origin} differ (namespace {})",
                                existing.place, key.0
                            ),
                        ));
                    }
                }
            }
        }
        for key in self.decls.keys() {
            self.by_name
                .entry(key.1.clone())
                .or_default()
                .push(key.clone());
        }
        Ok(())
    }

    /// Rust names: the C# name without arity; a second type of the same name gets its arity
    /// (`Foo1`) or its namespace's last segment (`TypesFoo`) appended or prepended.
    fn name_types(&mut self) -> Result<(), Error> {
        let mut groups: BTreeMap<String, Vec<Key>> = BTreeMap::new();
        for (key, decl) in &self.decls {
            if decl.ty.is_interface {
                continue;
            }
            groups
                .entry(names::strip_arity(&key.1).to_owned())
                .or_default()
                .push(key.clone());
        }
        let mut taken = BTreeSet::new();
        for (bare, mut keys) in groups {
            keys.sort_by_key(|key| (key.1.len(), key.0.clone()));
            for (index, key) in keys.iter().enumerate() {
                let mut name = bare.clone();
                if index > 0 {
                    name = if key.1 != keys[0].1 {
                        format!("{bare}{}", key.1.rsplit('`').next().unwrap_or_default())
                    } else {
                        let segment = key.0.rsplit('.').next().unwrap_or_default();
                        format!("{segment}{bare}")
                    };
                    self.warnings.push(format!(
                        "{}: named `{name}` in Rust, as `{bare}` is taken by {}.{}",
                        place_of(key),
                        keys[0].0,
                        keys[0].1
                    ));
                }
                let ident = names::rust_ident(&name).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidName,
                        place_of(key),
                        format!("`{}` cannot become a Rust identifier", key.1),
                    )
                })?;
                if !taken.insert(ident.text.clone()) {
                    return Err(Error::new(
                        ErrorKind::Conflict,
                        place_of(key),
                        format!("the Rust name `{name}` is already taken by another type"),
                    ));
                }
                self.rust_names.insert(key.clone(), ident);
            }
        }
        Ok(())
    }

    /// The declaration a reference names: by namespace, then in the referring namespace, then
    /// a unique match anywhere.
    fn lookup(
        &self,
        name: &str,
        hint: Option<&str>,
        context: Option<&str>,
    ) -> Result<Option<Key>, String> {
        if let Some(ns) = hint {
            let key = (ns.to_owned(), name.to_owned());
            if self.decls.contains_key(&key) {
                return Ok(Some(key));
            }
        }
        let Some(candidates) = self.by_name.get(name) else {
            return Ok(None);
        };
        if let Some(ctx) = context
            && let Some(key) = candidates.iter().find(|key| key.0 == ctx)
        {
            return Ok(Some(key.clone()));
        }
        match candidates.as_slice() {
            [one] => Ok(Some(one.clone())),
            _ => Err(format!(
                "`{name}` is declared in several namespaces ({}); the reference does not say which",
                candidates
                    .iter()
                    .map(|key| key.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Resolves a type reference; `hint` is the member's namespace key, `value_hint` its
    /// `isValueType` flag (for custom structs, written as text).
    fn resolve_ref(
        &mut self,
        tr: &TypeRef,
        hint: Option<&str>,
        value_hint: bool,
        ctx: &Ctx<'_>,
    ) -> Result<Resolved, String> {
        if tr.rank > 0 {
            let element = self.resolve_ref(&tr.element(), hint, value_hint, ctx)?;
            if element.ty == RType::Prim("u8") && tr.rank == 1 {
                let ty = if self.options.dotnet_types {
                    RType::Bytes
                } else {
                    RType::String
                };
                return Ok(Resolved {
                    ty,
                    value_type: false,
                });
            }
            return Ok(Resolved {
                ty: RType::Vec(Box::new(nested(element.ty))),
                value_type: false,
            });
        }
        let name = tr.name.as_str();
        let arg = |this: &mut Self, index: usize| -> Result<RType, String> {
            let arg = tr
                .args
                .get(index)
                .ok_or_else(|| format!("`{name}` lacks its type arguments"))?;
            Ok(nested(this.resolve_ref(arg, None, false, ctx)?.ty))
        };
        if name == "Nullable`1" {
            let inner = match tr.args.first() {
                Some(inner) => nested(self.resolve_ref(inner, None, value_hint, ctx)?.ty),
                None => return Err(format!("`{name}` lacks its type arguments")),
            };
            return Ok(Resolved {
                ty: RType::Option(Box::new(inner)),
                value_type: false,
            });
        }
        if SEQUENCES.contains(&name) {
            return Ok(Resolved {
                ty: RType::Vec(Box::new(arg(self, 0)?)),
                value_type: false,
            });
        }
        if DICTIONARIES.contains(&name) {
            let key = arg(self, 0)?;
            let value = arg(self, 1)?;
            return Ok(Resolved {
                ty: RType::Map(Box::new(key), Box::new(value)),
                value_type: false,
            });
        }
        if UNTYPED.contains(&name) {
            return Ok(Resolved {
                ty: RType::Value,
                value_type: false,
            });
        }
        if tr.args.is_empty()
            && let Some(param) = ctx.subst.get(name)
        {
            return Ok(Resolved {
                ty: param.clone(),
                value_type: false,
            });
        }
        let system = hint == Some("System");
        if system && let Some((ty, value_type)) = scalar(name, self.options.dotnet_types) {
            return Ok(Resolved { ty, value_type });
        }
        let local = self.lookup(name, hint.filter(|_| !system), ctx.namespace)?;
        let in_context = local
            .as_ref()
            .is_some_and(|key| Some(key.0.as_str()) == ctx.namespace);
        if !in_context && let Some((ty, value_type)) = scalar(name, self.options.dotnet_types) {
            return Ok(Resolved { ty, value_type });
        }
        if let Some(key) = local {
            let decl = &self.decls[&key];
            if decl.ty.is_interface {
                self.warnings.push(format!(
                    "{}: `{}` is an interface; its members are untyped (serde_jsv::Value)",
                    ctx.place,
                    tr.bare_name()
                ));
                return Ok(Resolved {
                    ty: RType::Value,
                    value_type: false,
                });
            }
            if decl.ty.is_enum {
                return Ok(Resolved {
                    ty: RType::Local {
                        key,
                        args: Vec::new(),
                    },
                    value_type: true,
                });
            }
            if value_hint && decl.ty.properties.is_empty() && decl.ty.inherits.is_none() {
                // A custom struct: ServiceStack writes its ToString() text.
                return Ok(Resolved {
                    ty: RType::String,
                    value_type: true,
                });
            }
            let params = decl.ty.generic_args.len();
            if params != tr.args.len() {
                return Err(format!(
                    "`{}` takes {params} type arguments, the reference gives {}",
                    tr.bare_name(),
                    tr.args.len()
                ));
            }
            let args = (0..params)
                .map(|i| arg(self, i))
                .collect::<Result<_, _>>()?;
            return Ok(Resolved {
                ty: RType::Local { key, args },
                value_type: false,
            });
        }
        if builtins::is_referenced(name) {
            let args = (0..tr.args.len())
                .map(|i| arg(self, i))
                .collect::<Result<_, _>>()?;
            return Ok(Resolved {
                ty: RType::Builtin {
                    name: tr.bare_name().to_owned(),
                    args,
                },
                value_type: false,
            });
        }
        let namespace = hint
            .map(|ns| format!(" (namespace {ns})"))
            .unwrap_or_default();
        if value_hint && tr.args.is_empty() {
            // An undeclared custom struct: ServiceStack writes its ToString() text.
            self.warnings.push(format!(
                "{}: `{}`{namespace} is an undeclared struct; read as its text (String)",
                ctx.place, tr.name
            ));
            return Ok(Resolved {
                ty: RType::String,
                value_type: true,
            });
        }
        if self.options.unknown_types_as_value {
            self.warnings.push(format!(
                "{}: unknown type `{}`{namespace} read as serde_jsv::Value",
                ctx.place, tr.name
            ));
            return Ok(Resolved {
                ty: RType::Value,
                value_type: false,
            });
        }
        Err(format!(
            "unknown type `{}`{namespace}: neither declared in the document nor one of \
             ServiceStack's built-in DTOs",
            tr.name
        ))
    }

    /// The items to generate: the included types (all by default) and what they need.
    fn build(mut self) -> Result<Module, Error> {
        let excluded = |key: &Key, options: &Options| {
            options
                .exclude
                .iter()
                .any(|name| name == names::strip_arity(&key.1) || *name == key.1)
        };
        let included = |key: &Key, options: &Options| {
            options.include.is_empty()
                || options
                    .include
                    .iter()
                    .any(|name| name == names::strip_arity(&key.1) || *name == key.1)
        };
        for name in self.options.include.iter().chain(&self.options.exclude) {
            if !self
                .decls
                .keys()
                .any(|key| names::strip_arity(&key.1) == name || key.1 == *name)
            {
                return Err(Error::new(
                    ErrorKind::UnknownType,
                    format!("option include/exclude `{name}`"),
                    "no type of that name is declared in the document",
                ));
            }
        }
        let mut queue: Vec<(Key, Option<Key>)> = self
            .decls
            .iter()
            .filter(|(key, decl)| {
                !decl.ty.is_interface && included(key, self.options) && !excluded(key, self.options)
            })
            .map(|(key, _)| (key.clone(), None))
            .collect();
        let mut done: BTreeMap<Key, Item> = BTreeMap::new();
        while let Some((key, needed_by)) = queue.pop() {
            if done.contains_key(&key) {
                continue;
            }
            if let Some(by) = needed_by
                && excluded(&key, self.options)
            {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    place_of(&by),
                    format!("needs `{}`, which is excluded", names::strip_arity(&key.1)),
                ));
            }
            let item = self.item(&key)?;
            let mut deps = Vec::new();
            item_locals(&item, &mut deps);
            for dep in deps {
                if !done.contains_key(dep) {
                    queue.push((dep.clone(), Some(key.clone())));
                }
            }
            done.insert(key, item);
        }
        let mut items: Vec<Item> = done.into_values().collect();
        break_cycles(&mut items);
        mark_eq(&mut items);
        items.sort_by(|a, b| a.name.text.cmp(&b.name.text));
        Ok(Module {
            items,
            warnings: self.warnings,
        })
    }

    fn item(&mut self, key: &Key) -> Result<Item, Error> {
        let ty = self.decls[key].ty;
        let name = self.rust_names[key].clone();
        let mut docs = type_docs(ty);
        if docs.is_empty() {
            let namespace = ty
                .namespace
                .as_deref()
                .map(|ns| format!("{ns}."))
                .unwrap_or_default();
            docs.push(format!(
                "The C# type {namespace}{}.",
                names::strip_arity(&ty.name)
            ));
        }
        let kind = if ty.is_enum {
            if ty.is_enum_int || ty.attributes.iter().any(|a| a.name == "Flags") {
                ItemKind::IntEnum(int_enum(key, ty)?)
            } else {
                ItemKind::StringEnum(string_enum(key, ty)?)
            }
        } else {
            ItemKind::Struct(Box::new(self.structure(key, ty)?))
        };
        Ok(Item {
            key: key.clone(),
            name,
            docs,
            kind,
        })
    }

    /// A class: its own members, then each base's, generics substituted.
    fn structure(&mut self, key: &Key, ty: &'a MetadataType) -> Result<StructItem, Error> {
        let place = place_of(key);
        let mut params = Vec::new();
        let mut own_subst = BTreeMap::new();
        for param in &ty.generic_args {
            let ident = names::rust_ident(param)
                .filter(|ident| !ident.raw)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidName,
                        &place,
                        format!("type parameter `{param}` cannot become a Rust identifier"),
                    )
                })?;
            own_subst.insert(param.clone(), RType::Param(ident.text.clone()));
            params.push(ident.text);
        }
        // The chain of classes, most derived first, each with its substitution.
        let mut chain: Vec<(MetadataType, BTreeMap<String, RType>)> = vec![(ty.clone(), own_subst)];
        let mut seen = vec![key.clone()];
        let mut list_of = None;
        let mut autoquery_response = None;
        while let Some(base_ref) = chain.last().and_then(|(ty, _)| ty.inherits.clone()) {
            let (level_ty, level_subst) = chain.last().cloned().unwrap_or_default();
            let level_place = format!("{place}, base class {}", names::strip_arity(&base_ref.name));
            let tr = TypeRef::from_parts(&base_ref.name, &base_ref.generic_args)
                .map_err(|message| Error::new(ErrorKind::Parse, &level_place, message))?;
            let ctx = Ctx {
                namespace: level_ty.namespace.as_deref(),
                subst: &level_subst,
                place: &level_place,
            };
            let mut args = Vec::new();
            for arg in &tr.args {
                let resolved = self
                    .resolve_ref(arg, None, false, &ctx)
                    .map_err(|message| Error::new(ErrorKind::UnknownType, &level_place, message))?;
                args.push(nested(resolved.ty));
            }
            if SEQUENCES.contains(&tr.name.as_str()) {
                if chain.iter().any(|(ty, _)| !ty.properties.is_empty()) {
                    self.warnings.push(format!(
                        "{place}: derives from a collection, so it is a list on the wire; its own members are not sent"
                    ));
                }
                list_of = args.into_iter().next();
                break;
            }
            let declared = self
                .lookup(
                    &tr.name,
                    base_ref.namespace.as_deref(),
                    level_ty.namespace.as_deref(),
                )
                .map_err(|message| Error::new(ErrorKind::Conflict, &level_place, message))?;
            let (base_key, base_ty) = match declared {
                Some(base_key) => (base_key.clone(), self.decls[&base_key].ty.clone()),
                None => match builtins::base_class(&tr.name) {
                    Some(base) => {
                        if builtins::autoquery_response(&tr.name).is_some() {
                            autoquery_response = builtins::autoquery_response(&tr.name)
                                .and_then(|index| args.get(index).cloned());
                        }
                        let base = self
                            .builtin_bases
                            .entry(tr.name.clone())
                            .or_insert(base)
                            .clone();
                        ((builtins::NAMESPACE.to_owned(), tr.name.clone()), base)
                    }
                    None => {
                        return Err(Error::new(
                            ErrorKind::UnknownType,
                            &place,
                            format!(
                                "base class `{}` is neither declared in the document nor a ServiceStack base class",
                                tr.name
                            ),
                        ));
                    }
                },
            };
            if seen.contains(&base_key) {
                let mut cycle: Vec<&str> =
                    seen.iter().map(|key| names::strip_arity(&key.1)).collect();
                cycle.push(names::strip_arity(&base_key.1));
                return Err(Error::new(
                    ErrorKind::CyclicInheritance,
                    &place,
                    format!("cyclic inheritance: {}", cycle.join(" -> ")),
                ));
            }
            seen.push(base_key);
            if base_ty.generic_args.len() != args.len() {
                return Err(Error::new(
                    ErrorKind::UnknownType,
                    &level_place,
                    format!(
                        "`{}` takes {} type arguments, the reference gives {}",
                        tr.bare_name(),
                        base_ty.generic_args.len(),
                        args.len()
                    ),
                ));
            }
            let subst = base_ty.generic_args.iter().cloned().zip(args).collect();
            chain.push((base_ty, subst));
        }

        // Members, derived first, then a [DataContract] class's stable sort by Order.
        let mut members: Vec<(MetadataPropertyType, usize)> = Vec::new();
        for (level, (level_ty, _)) in chain.iter().enumerate() {
            for prop in &level_ty.properties {
                members.push((prop.clone(), level));
            }
        }
        if ty.data_contract.is_some() {
            members.sort_by_key(|(prop, _)| {
                prop.data_member
                    .as_ref()
                    .and_then(|dm| dm.order)
                    .unwrap_or(-1)
            });
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut wires = BTreeSet::new();
        let mut idents = BTreeSet::new();
        for (prop, level) in members {
            let (level_ty, subst) = &chain[level];
            let member_place = format!("{place}, member {}", prop.name);
            let field = self.field(&prop, level_ty, subst, &member_place)?;
            if !wires.insert(field.wire.to_ascii_lowercase()) {
                self.warnings.push(format!(
                    "{member_place}: its wire name `{}` is already taken (a derived class hides it, or \
                     two names differ only in case); left out",
                    field.wire
                ));
                continue;
            }
            let mut field = field;
            let mut suffix = 2;
            while !idents.insert(field.ident.text.clone()) {
                let text = format!("{}_{suffix}", names::snake_case(&prop.name));
                field.ident = RustIdent { text, raw: false };
                suffix += 1;
            }
            fields.push(field);
        }

        let request = match self.ops.get(key).copied() {
            Some(op) => self.request(key, ty, op, &chain, autoquery_response)?,
            None => None,
        };
        let phantom: Vec<String> = params
            .iter()
            .filter(|param| {
                !fields.iter().any(|f| f.ty.uses_param(param))
                    && !list_of.as_ref().is_some_and(|ty| ty.uses_param(param))
            })
            .cloned()
            .collect();
        if !phantom.is_empty() {
            self.warnings.push(format!(
                "{place}: type parameter(s) {} used by no member (a closed copy of a generic type \
                 whose definition the document lacks?); kept in a PhantomData",
                phantom.join(", ")
            ));
        }
        Ok(StructItem {
            params,
            fields,
            list_of,
            request,
            eq: false,
            phantom,
        })
    }

    fn field(
        &mut self,
        prop: &MetadataPropertyType,
        owner: &MetadataType,
        subst: &BTreeMap<String, RType>,
        place: &str,
    ) -> Result<Field, Error> {
        let tr = TypeRef::from_parts(&prop.type_name, &prop.generic_args)
            .map_err(|message| Error::new(ErrorKind::Parse, place, message))?;
        let ctx = Ctx {
            namespace: owner.namespace.as_deref(),
            subst,
            place,
        };
        let resolved = self
            .resolve_ref(&tr, prop.namespace.as_deref(), prop.is_value_type, &ctx)
            .map_err(|message| Error::new(ErrorKind::UnknownType, place, message))?;
        let (ty, optional) = match resolved.ty {
            RType::Option(inner) => (*inner, true),
            ty => (ty, !resolved.value_type),
        };
        let ident = names::rust_ident(&names::snake_case(&prop.name)).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidName,
                place,
                format!("`{}` cannot become a Rust identifier", prop.name),
            )
        })?;
        let data_member = prop.data_member.as_ref();
        let wire = match data_member.and_then(|dm| dm.name.clone()) {
            Some(name) => name,
            None => match self.options.member_case {
                MemberCase::Camel => names::camel_case(&prop.name),
                MemberCase::Pascal => prop.name.clone(),
            },
        };
        if wire.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidName,
                place,
                "the member has no name",
            ));
        }
        let mut docs = doc_lines(prop.description.as_deref());
        if docs.is_empty() {
            docs.push(format!("The C# member {}.", prop.name));
        }
        if prop.is_required || data_member.and_then(|dm| dm.is_required) == Some(true) {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push("Required by the service.".into());
        }
        Ok(Field {
            ident,
            wire,
            ty,
            optional,
            docs,
            skip_default: data_member.and_then(|dm| dm.emit_default_value) == Some(false),
            boxed: false,
        })
    }

    /// What makes `ty` a request DTO: verb, routes, response.
    fn request(
        &mut self,
        key: &Key,
        ty: &MetadataType,
        op: &MetadataOperationType,
        chain: &[(MetadataType, BTreeMap<String, RType>)],
        autoquery_response: Option<RType>,
    ) -> Result<Option<RequestInfo>, Error> {
        let place = format!("operation {}", names::strip_arity(&key.1));
        if !ty.generic_args.is_empty() {
            self.warnings.push(format!(
                "{place}: a generic request DTO; ServiceStackRequest is not implemented"
            ));
            return Ok(None);
        }
        let members: Vec<&str> = chain
            .iter()
            .flat_map(|(ty, _)| ty.properties.iter().map(|p| p.name.as_str()))
            .collect();
        let raw_routes = if op.routes.is_empty() {
            &ty.routes
        } else {
            &op.routes
        };
        let mut routes = Vec::new();
        let mut route_docs = Vec::new();
        let mut hook = false;
        for route in raw_routes {
            let verbs_text = route.verbs.clone().unwrap_or_default();
            let named: Vec<String> = verbs_text
                .split([',', ' ', ';'])
                .map(|verb| verb.trim().to_ascii_uppercase())
                .filter(|verb| !verb.is_empty())
                .collect();
            let mut verbs: Vec<&'static str> = named
                .iter()
                .filter_map(|verb| method_variant(verb))
                .collect();
            verbs.dedup();
            if named.iter().any(|verb| verb == "ANY") {
                verbs.clear();
            } else if !named.is_empty() && verbs.is_empty() {
                self.warnings.push(format!(
                    "{place}: route `{}` serves only {verbs_text}, which the client does not send; left out",
                    route.path
                ));
                continue;
            }
            for variable in route_variables(&route.path) {
                if !members.iter().any(|m| m.eq_ignore_ascii_case(variable)) {
                    if self
                        .options
                        .path_variables_by_hand
                        .iter()
                        .any(|n| n == names::strip_arity(&key.1))
                    {
                        hook = true;
                    } else {
                        self.warnings.push(format!(
                            "{place}: route `{}` names `{{{variable}}}`, which no member carries; \
                             the client cannot fill it (see the path-variables-by-hand option)",
                            route.path
                        ));
                    }
                }
            }
            let shown = if verbs.is_empty() {
                "any verb".to_owned()
            } else {
                verbs
                    .iter()
                    .map(|v| v.to_ascii_uppercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut line = format!("Route {} ({shown})", route.path);
            for text in [&route.summary, &route.notes].into_iter().flatten() {
                line.push_str(&format!(": {}", text.trim()));
            }
            route_docs.push(line);
            routes.push((route.path.clone(), verbs));
        }

        let method = self.method(ty, op, &routes, chain);
        let response = if op.returns_void || ty.return_void_marker {
            None
        } else if let Some(returns) = op
            .return_type
            .as_ref()
            .or(ty.return_marker_type_name.as_ref())
        {
            let tr = TypeRef::from_parts(&returns.name, &returns.generic_args)
                .map_err(|message| Error::new(ErrorKind::Parse, &place, message))?;
            let empty = BTreeMap::new();
            let ctx = Ctx {
                namespace: ty.namespace.as_deref(),
                subst: &empty,
                place: &place,
            };
            let resolved = self
                .resolve_ref(&tr, returns.namespace.as_deref(), false, &ctx)
                .map_err(|message| {
                    Error::new(
                        ErrorKind::UnknownType,
                        format!("{place}, response"),
                        message,
                    )
                })?;
            Some(resolved.ty)
        } else if let Some(arg) = autoquery_response {
            Some(RType::Builtin {
                name: "QueryResponse".into(),
                args: vec![arg],
            })
        } else if let Some(response) = &op.response {
            if response.generic_args.is_empty() {
                let response_key = key_of(response);
                if builtins::is_servicestack_namespace(Some(&response_key.0))
                    && builtins::is_referenced(&response.name)
                {
                    Some(RType::Builtin {
                        name: response.name.clone(),
                        args: Vec::new(),
                    })
                } else {
                    Some(RType::Local {
                        key: response_key,
                        args: Vec::new(),
                    })
                }
            } else {
                self.warnings.push(format!(
                    "{place}: the response `{}` is generic but no returnType gives its arguments; \
                     read as serde_jsv::Value",
                    response.name
                ));
                Some(RType::Value)
            }
        } else {
            self.warnings.push(format!(
                "{place}: no response type is known; treated as void"
            ));
            None
        };
        let mut docs = route_docs;
        let list = |items: &[String]| items.join(", ");
        if op.requires_auth {
            docs.push("Requires authentication.".into());
        }
        if op.requires_api_key {
            docs.push("Requires an API key.".into());
        }
        for (items, what) in [
            (&op.required_roles, "Required roles"),
            (&op.requires_any_role, "Requires one of the roles"),
            (&op.required_permissions, "Required permissions"),
            (
                &op.requires_any_permission,
                "Requires one of the permissions",
            ),
        ] {
            if !items.is_empty() {
                docs.push(format!("{what}: {}.", list(items)));
            }
        }
        if docs.len() > 1 {
            // One paragraph per line.
            docs = docs
                .into_iter()
                .flat_map(|line| [line, String::new()])
                .collect();
            docs.pop();
        }
        Ok(Some(RequestInfo {
            type_name: names::strip_arity(&ty.name).to_owned(),
            method,
            routes,
            response,
            path_variable_hook: hook,
            docs,
        }))
    }

    /// ServiceStack's choice of verb: `method`, an IVerb marker, a single route verb, the
    /// AutoQuery kind, the first non-ANY action, else POST.
    fn method(
        &mut self,
        ty: &MetadataType,
        op: &MetadataOperationType,
        routes: &[(String, Vec<&'static str>)],
        chain: &[(MetadataType, BTreeMap<String, RType>)],
    ) -> &'static str {
        if let Some(method) = op.method.as_deref()
            && let Some(variant) = method_variant(&method.to_ascii_uppercase())
        {
            return variant;
        }
        for marker in &ty.implements {
            let variant = match marker.name.as_str() {
                "IGet" => "Get",
                "IPost" => "Post",
                "IPut" => "Put",
                "IPatch" => "Patch",
                "IDelete" => "Delete",
                _ => continue,
            };
            return variant;
        }
        let single: BTreeSet<&&str> = routes.iter().flat_map(|(_, verbs)| verbs).collect();
        if single.len() == 1 && routes.iter().all(|(_, verbs)| verbs.len() <= 1) {
            return single.into_iter().next().copied().unwrap_or("Post");
        }
        if chain
            .iter()
            .any(|(ty, _)| builtins::autoquery_response(&ty.name).is_some())
        {
            return "Get";
        }
        op.actions
            .iter()
            .find_map(|action| method_variant(&action.to_ascii_uppercase()))
            .unwrap_or("Post")
    }
}

/// A verb the client sends, as a `Method` variant.
fn method_variant(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "GET" => "Get",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        _ => return None,
    })
}

/// The variables of a route template, without braces or a trailing `*`.
fn route_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|part| {
            part.split_once('}')
                .map(|(name, _)| name.trim_end_matches('*'))
        })
        .collect()
}

/// Inside a container, `byte[]` is written as its Base64 text: `Vec<u8>` would be a list of
/// numbers, and the helper module only applies to a whole member.
fn nested(ty: RType) -> RType {
    match ty {
        RType::Bytes => RType::String,
        other => other,
    }
}

fn item_locals<'i>(item: &'i Item, out: &mut Vec<&'i Key>) {
    if let ItemKind::Struct(st) = &item.kind {
        for field in &st.fields {
            field.ty.locals(out);
        }
        if let Some(list) = &st.list_of {
            list.locals(out);
        }
        if let Some(RequestInfo {
            response: Some(response),
            ..
        }) = &st.request
        {
            response.locals(out);
        }
    }
}

/// Boxes members that hold their own type, directly or through other structs, without a
/// list or map in between: such a struct would be infinitely large.
fn break_cycles(items: &mut [Item]) {
    let direct: BTreeMap<Key, Vec<Key>> = items
        .iter()
        .map(|item| {
            let targets = match &item.kind {
                ItemKind::Struct(st) => st
                    .fields
                    .iter()
                    .filter_map(|f| f.ty.direct_local().cloned())
                    .collect(),
                _ => Vec::new(),
            };
            (item.key.clone(), targets)
        })
        .collect();
    let reaches = |from: &Key, to: &Key| {
        let mut stack = vec![from.clone()];
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if &next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(direct.get(&next).into_iter().flatten().cloned());
            }
        }
        false
    };
    for item in items.iter_mut() {
        let key = item.key.clone();
        if let ItemKind::Struct(st) = &mut item.kind {
            for field in &mut st.fields {
                if let Some(target) = field.ty.direct_local()
                    && reaches(target, &key)
                {
                    field.boxed = true;
                }
            }
        }
    }
}

/// Derives `Eq` where every member type has it (no floats, no built-ins of unknown traits).
fn mark_eq(items: &mut [Item]) {
    let mut eq: BTreeMap<Key, bool> = items.iter().map(|item| (item.key.clone(), true)).collect();
    fn type_eq(ty: &RType, eq: &BTreeMap<Key, bool>) -> bool {
        match ty {
            RType::Prim(name) => !name.starts_with('f'),
            RType::Builtin { .. } => false,
            RType::Vec(inner) | RType::Option(inner) => type_eq(inner, eq),
            RType::Map(key, value) => type_eq(key, eq) && type_eq(value, eq),
            RType::Local { key, args } => {
                eq.get(key).copied().unwrap_or(false) && args.iter().all(|a| type_eq(a, eq))
            }
            _ => true,
        }
    }
    loop {
        let mut changed = false;
        for item in items.iter() {
            if let ItemKind::Struct(st) = &item.kind
                && eq[&item.key]
            {
                let all = st.fields.iter().all(|f| type_eq(&f.ty, &eq))
                    && st.list_of.as_ref().is_none_or(|ty| type_eq(ty, &eq));
                if !all {
                    eq.insert(item.key.clone(), false);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    for item in items.iter_mut() {
        if let ItemKind::Struct(st) = &mut item.kind {
            st.eq = eq[&item.key];
        }
    }
}

/// Doc lines for a description: one line per source line, trimmed.
pub(crate) fn doc_lines(text: Option<&str>) -> Vec<String> {
    text.map(|text| {
        text.lines()
            .map(|line| line.trim().to_owned())
            .collect::<Vec<_>>()
    })
    .unwrap_or_default()
    .into_iter()
    .skip_while(String::is_empty)
    .collect()
}

fn type_docs(ty: &MetadataType) -> Vec<String> {
    let mut docs = doc_lines(ty.description.as_deref());
    let notes = doc_lines(ty.notes.as_deref());
    if !notes.is_empty() {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(notes);
    }
    docs
}

fn string_enum(key: &Key, ty: &MetadataType) -> Result<StringEnumItem, Error> {
    let place = place_of(key);
    let values = enum_values(key, ty)?;
    let mut variants = Vec::new();
    let mut idents = BTreeSet::new();
    for (index, name) in ty.enum_names.iter().enumerate() {
        let ident = names::rust_ident(name).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidName,
                format!("{place}, member {name}"),
                format!("`{name}` cannot become a Rust identifier"),
            )
        })?;
        if !idents.insert(ident.text.clone()) {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("{place}, member {name}"),
                "the name appears twice",
            ));
        }
        let wire = ty
            .enum_member_values
            .get(index)
            .filter(|value| !value.is_empty())
            .cloned()
            .unwrap_or_else(|| name.clone());
        let mut docs = doc_lines(ty.enum_descriptions.get(index).map(String::as_str));
        if docs.is_empty() {
            docs.push(format!("The .NET member {name}."));
        }
        if let Some(value) = values.get(index) {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(format!("Value {value} in .NET."));
        }
        variants.push(Variant { ident, wire, docs });
    }
    let unknown = ["Unknown", "UnknownName", "UnknownValue"]
        .into_iter()
        .find(|name| !idents.contains(*name))
        .map(|name| RustIdent {
            text: name.into(),
            raw: false,
        })
        .unwrap_or(RustIdent {
            text: "UnknownVariant".into(),
            raw: false,
        });
    let default = if values.is_empty() {
        if variants.is_empty() {
            EnumDefault::Unknown("0".into())
        } else {
            EnumDefault::Variant(0)
        }
    } else {
        match values.iter().position(|value| *value == 0) {
            Some(index) => EnumDefault::Variant(index),
            None => EnumDefault::Unknown("0".into()),
        }
    };
    Ok(StringEnumItem {
        variants,
        unknown,
        default,
    })
}

fn enum_values(key: &Key, ty: &MetadataType) -> Result<Vec<i64>, Error> {
    let place = place_of(key);
    if !ty.enum_values.is_empty() && ty.enum_values.len() != ty.enum_names.len() {
        return Err(Error::new(
            ErrorKind::Parse,
            place,
            format!(
                "{} enumNames but {} enumValues",
                ty.enum_names.len(),
                ty.enum_values.len()
            ),
        ));
    }
    ty.enum_values
        .iter()
        .zip(&ty.enum_names)
        .map(|(value, name)| {
            let value = value.trim();
            value
                .parse::<i64>()
                .or_else(|_| value.parse::<u64>().map(|v| v as i64))
                .map_err(|_| {
                    Error::new(
                        ErrorKind::Parse,
                        format!("{place}, member {name}"),
                        format!("value `{value}` is not an integer"),
                    )
                })
        })
        .collect()
}

fn int_enum(key: &Key, ty: &MetadataType) -> Result<IntEnumItem, Error> {
    let place = place_of(key);
    let values = if ty.enum_values.is_empty() {
        (0..ty.enum_names.len() as i64).collect()
    } else {
        enum_values(key, ty)?
    };
    let mut consts = Vec::new();
    let mut idents = BTreeSet::new();
    for (index, (name, value)) in ty.enum_names.iter().zip(values).enumerate() {
        let ident = names::rust_ident(&names::screaming_case(name))
            .filter(|ident| !ident.raw)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidName,
                    format!("{place}, member {name}"),
                    format!("`{name}` cannot become a Rust identifier"),
                )
            })?;
        if !idents.insert(ident.text.clone()) {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("{place}, member {name}"),
                "two members have the same constant name",
            ));
        }
        let docs = doc_lines(ty.enum_descriptions.get(index).map(String::as_str));
        consts.push(IntConst {
            ident,
            name: name.clone(),
            value,
            docs,
        });
    }
    let repr = if consts.iter().all(|c| i32::try_from(c.value).is_ok()) {
        "i32"
    } else {
        "i64"
    };
    let flags = ty.attributes.iter().any(|a| a.name == "Flags");
    Ok(IntEnumItem {
        repr,
        consts,
        flags,
    })
}
