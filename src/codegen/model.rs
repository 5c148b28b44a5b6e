//! The serde model of ServiceStack's `MetadataTypes` document (`/types/metadata`), as a host
//! serves it in JSON or JSV: camelCase keys, absent means default.
//!
//! Only what the generator reads is modelled; every other key is skipped. Keys of older hosts
//! (before v5.9 and v6.1) are accepted beside the current ones.

use serde::{Deserialize, Serialize};

/// A whole `/types/metadata` document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataTypes {
    /// The host's codegen options; only `baseUrl` is used.
    pub config: MetadataConfig,
    /// The .NET namespaces of the declared types (informational).
    pub namespaces: Vec<String>,
    /// The types reached from the operations: members, bases, generic arguments.
    pub types: Vec<MetadataType>,
    /// One entry per request DTO.
    pub operations: Vec<MetadataOperationType>,
}

/// The host's echo of its codegen options.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataConfig {
    /// The default base URL of the host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

/// A reference to a type: `inherits`, `implements[]`, `returnType`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataTypeName {
    /// CLR name, with the backtick arity of generics (``QueryDb`1``).
    pub name: String,
    /// .NET namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Closed generic arguments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub generic_args: Vec<String>,
}

/// `[DataContract]` on a class.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataDataContract {
    /// Contract name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `[DataMember]` on a member.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataDataMember {
    /// The wire key, verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Position in the wire order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<i32>,
    /// `[DataMember(IsRequired = true)]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_required: Option<bool>,
    /// `false`: the member is left out when it has its default value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emit_default_value: Option<bool>,
}

/// An exported attribute; only its name is used (`Flags`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataAttribute {
    /// The attribute's name without `Attribute`.
    pub name: String,
}

/// One member of a type.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataPropertyType {
    /// C# member name.
    pub name: String,
    /// Type name (``List`1``, `Int32[]`, `T`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// Namespace of the member's type (`typeNamespace` before v6.1).
    #[serde(alias = "typeNamespace", skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// A .NET struct (after unwrapping `Nullable`).
    pub is_value_type: bool,
    /// An enum (after unwrapping `Nullable`).
    pub is_enum: bool,
    /// Closed generic arguments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub generic_args: Vec<String>,
    /// Description, for docs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `[DataMember]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_member: Option<MetadataDataMember>,
    /// Required by the host.
    pub is_required: bool,
    /// `[ApiMember(ParameterType)]`: a hint only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param_type: Option<String>,
}

/// A type: an entry of `types`, or an operation's request or response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataType {
    /// CLR simple name, with the backtick arity of generics.
    pub name: String,
    /// .NET namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The definition's parameter names (`["T"]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub generic_args: Vec<String>,
    /// Base class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherits: Option<MetadataTypeName>,
    /// Direct interfaces (`IGet`, `IPost`, … markers included).
    pub implements: Vec<MetadataTypeName>,
    /// `[Description]`/`[Api]` text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `[Notes]` text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// An enum.
    pub is_enum: bool,
    /// An enum written as an integer.
    pub is_enum_int: bool,
    /// An interface.
    pub is_interface: bool,
    /// An abstract class.
    pub is_abstract: bool,
    /// An open generic definition.
    pub is_generic_type_def: bool,
    /// `[DataContract]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_contract: Option<MetadataDataContract>,
    /// Members declared on this class only.
    pub properties: Vec<MetadataPropertyType>,
    /// Exported attributes.
    pub attributes: Vec<MetadataAttribute>,
    /// Enum member names.
    pub enum_names: Vec<String>,
    /// Enum member values (as text).
    pub enum_values: Vec<String>,
    /// `[EnumMember(Value)]` of each member.
    pub enum_member_values: Vec<String>,
    /// Description of each member.
    pub enum_descriptions: Vec<String>,
    /// Routes (hosts before v5.9 kept them here).
    pub routes: Vec<MetadataRoute>,
    /// `IReturnVoid` (hosts before v5.9).
    pub return_void_marker: bool,
    /// `T` of `IReturn<T>` (hosts before v5.9).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_marker_type_name: Option<MetadataTypeName>,
}

/// One `[Route]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataRoute {
    /// Path template.
    pub path: String,
    /// Raw verbs string (`"PUT,PATCH"`); absent means any verb.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verbs: Option<String>,
    /// Notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// One operation: a request DTO and what the host says about it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataOperationType {
    /// The request DTO.
    pub request: MetadataType,
    /// The response DTO (a closed copy); absent for void.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<MetadataType>,
    /// `T` of `IReturn<T>`, closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_type: Option<MetadataTypeName>,
    /// `IReturnVoid`.
    pub returns_void: bool,
    /// Preferred verb.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Upper-cased service method names.
    pub actions: Vec<String>,
    /// Routes.
    pub routes: Vec<MetadataRoute>,
    /// Needs an authenticated session.
    pub requires_auth: bool,
    /// Needs an API key.
    pub requires_api_key: bool,
    /// Roles all required.
    pub required_roles: Vec<String>,
    /// Roles of which one is required.
    pub requires_any_role: Vec<String>,
    /// Permissions all required.
    pub required_permissions: Vec<String>,
    /// Permissions of which one is required.
    pub requires_any_permission: Vec<String>,
    /// `[Tag]` groups.
    pub tags: Vec<String>,
}
