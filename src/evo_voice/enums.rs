//! The Evo Voice enums, each with an [`Unknown`](SessionCallState::Unknown) variant so that a
//! newer server adding a member never breaks an older client.
//!
//! ```
//! use serde_jsv::evo_voice::SessionCallState;
//!
//! // Known names match exactly, then ASCII-case-insensitively.
//! assert_eq!("hold".parse(), Ok(SessionCallState::Hold));
//! // A name this crate does not know is kept, and written back unchanged.
//! let parked: SessionCallState = "Parked".parse().unwrap();
//! assert_eq!(parked, SessionCallState::Unknown("Parked".into()));
//! assert_eq!(parked.as_str(), "Parked");
//! ```

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// Declares a string-valued .NET enum: the known variants (the first is the default, as in
/// .NET where the first member is `0`) plus `Unknown(String)`, with `FromStr`, `Display`
/// and hand-written serde impls.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(#[$first_meta:meta])* $first:ident
            $(, $(#[$variant_meta:meta])* $variant:ident)* $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        /// A name this crate does not know reads into `Unknown` instead of failing (see
        /// [forward compatibility](crate::evo_voice#forward-compatibility)).
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum $name {
            $(#[$first_meta])*
            #[default]
            $first,
            $($(#[$variant_meta])* $variant,)*
            /// A name this version of the crate does not know, as the server sent it.
            ///
            /// Build values with [`str::parse`] rather than by hand: `Unknown("Hold")` would
            /// be written as `Hold` and read back as the known variant.
            Unknown(String),
        }

        impl $name {
            /// The known names, in declaration order (the .NET numeric order).
            pub const VARIANTS: &'static [&'static str] = &[stringify!($first) $(, stringify!($variant))*];

            /// The name written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $name::$first => stringify!($first),
                    $($name::$variant => stringify!($variant),)*
                    $name::Unknown(name) => name,
                }
            }

            /// Whether this is a name this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            /// The known variant named `name` (exactly, then ASCII-case-insensitively).
            fn known(name: &str) -> Option<$name> {
                let index = lookup(Self::VARIANTS, name)?;
                let mut variants = [$name::$first $(, $name::$variant)*].into_iter();
                variants.nth(index)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            /// Never fails: a name that is not known becomes `Unknown`.
            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Ok($name::known(name).unwrap_or_else(|| $name::Unknown(name.to_owned())))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $name::Unknown(name) => {
                        check_writable::<S::Error>(stringify!($name), name)?;
                        serializer.serialize_str(name)
                    }
                    known => {
                        let index = Self::VARIANTS.iter().position(|v| *v == known.as_str()).unwrap_or(0);
                        // VARIANTS is short (< 10 entries), so the index always fits.
                        serializer.serialize_unit_variant(stringify!($name), index as u32, Self::VARIANTS[index])
                    }
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct NameVisitor;

                impl<'de> Visitor<'de> for NameVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " name"))
                    }

                    fn visit_str<E: de::Error>(self, name: &str) -> Result<$name, E> {
                        check_name(name, &self)?;
                        Ok($name::known(name).unwrap_or_else(|| $name::Unknown(name.to_owned())))
                    }

                    fn visit_string<E: de::Error>(self, name: String) -> Result<$name, E> {
                        check_name(&name, &self)?;
                        Ok($name::known(&name).unwrap_or($name::Unknown(name)))
                    }
                }

                deserializer.deserialize_str(NameVisitor)
            }
        }
    };
}

/// The index of `name` in `variants`: an exact match first, then an ASCII-case-insensitive
/// one (decision D6).
fn lookup(variants: &[&str], name: &str) -> Option<usize> {
    variants
        .iter()
        .position(|v| *v == name)
        .or_else(|| variants.iter().position(|v| v.eq_ignore_ascii_case(name)))
}

/// Rejects text that cannot be an enum name, rather than keeping it as `Unknown` (decision
/// D5): the empty token (a null where the C# member is not nullable), and an object or list
/// (a JSV string target receives those as raw text, R27; no .NET enum name starts with `{`
/// or `[`).
fn check_name<E: de::Error>(name: &str, expected: &dyn de::Expected) -> Result<(), E> {
    if name.is_empty() {
        Err(E::invalid_value(de::Unexpected::Str(name), expected))
    } else if name.starts_with(['{', '[']) {
        Err(E::invalid_type(
            de::Unexpected::Other("an object or a list"),
            expected,
        ))
    } else {
        Ok(())
    }
}

/// Refuses to write an `Unknown` name that no reader would take back as a name (the
/// mirror of [`check_name`]): writing it would lose the value silently on the next read.
fn check_writable<E: serde::ser::Error>(enum_name: &str, name: &str) -> Result<(), E> {
    if name.is_empty() || name.starts_with(['{', '[']) {
        return Err(E::custom(format_args!(
            "{enum_name}::Unknown({name:?}) cannot be written: an enum name must be non-empty \
             and must not start with `{{` or `[`"
        )));
    }
    Ok(())
}

wire_enum! {
    /// Whether a session is dialling.
    SessionDialState {
        /// Not dialling.
        None,
        /// Dialling.
        Active,
    }
}

wire_enum! {
    /// The call state of a session.
    SessionCallState {
        /// The call is not connected.
        Disconnected,
        /// The call is ringing.
        Ringing,
        /// The call is connected.
        Connected,
        /// The call is on hold.
        Hold,
        /// The session is passive.
        Passive,
    }
}

wire_enum! {
    /// The queue state of a session.
    SessionQueueStates {
        /// Not in a queue.
        None,
        /// Waiting in a queue.
        Queued,
        /// Ringing a queue member.
        Ringing,
        /// Connected to a queue member.
        Connected,
        /// On hold in a queue.
        Hold,
        /// Left the queue.
        Disconnected,
    }
}

wire_enum! {
    /// The channel a flow runs on.
    FlowChannels {
        /// A voice call.
        Voice,
        /// A chat.
        Chat,
        /// A fax.
        Fax,
    }
}

wire_enum! {
    /// Why a session is on hold.
    SessionHoldReasons {
        /// No particular reason.
        None,
        /// The call is being transferred.
        Transferring,
    }
}

wire_enum! {
    /// The call state of one member of a session.
    SessionMemberCallState {
        /// No call.
        None,
        /// The member's call is ringing.
        Ringing,
        /// The member's call is connected.
        Connected,
        /// The member's call is on hold.
        Hold,
    }
}

wire_enum! {
    /// The role of a member in a session.
    SessionMemberRoles {
        /// No role.
        None,
        /// The caller.
        Caller,
        /// An agent.
        Agent,
        /// A transfer target.
        Transfer,
    }
}

wire_enum! {
    /// The direction of a session.
    SessionDirections {
        /// The session came in.
        Incoming,
        /// The session went out.
        Outgoing,
    }
}
