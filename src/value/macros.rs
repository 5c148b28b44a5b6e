//! The `jsv!` macro: a [`Value`](crate::Value) written as JSON-like Rust tokens.

/// Builds a [`Value`](crate::Value) from JSON-like tokens, as serde_json's `json!`.
///
/// Maps are `{ "key": value, … }` (a key is any expression that converts into a `String`;
/// parenthesise one that is more than a literal or a variable), lists are `[ … ]`, `null`
/// is [`Value::Null`](crate::Value::Null), trailing commas are allowed. Any other value is a
/// Rust expression, converted with [`to_value`](crate::to_value): numbers and bools become
/// their JSV text (`5`, `True`), strings stay strings, a `Value` is taken as it is, `None`
/// is `Null`.
///
/// ```
/// use serde_jsv::{Value, jsv};
///
/// let id = "s1";
/// let tags = vec!["a", "b,c"];
/// let session = jsv!({
///     "id": id,
///     "ended": false,
///     "members": [
///         { "identity": "agent:7", "muted": true, "volume": 0.5 },
///         { "identity": format!("agent:{}", 8), "muted": null },
///     ],
///     "tags": tags,
///     "meta": {},
/// });
/// assert_eq!(
///     session.to_string(),
///     r#"{id:s1,ended:False,members:[{identity:"agent:7",muted:True,volume:0.5},{identity:"agent:8",muted:}],tags:[a,"b,c"],meta:{}}"#
/// );
/// assert_eq!(session.pointer("/members/1/identity"), Some(&Value::from("agent:8")));
/// assert_eq!(jsv!([1, [], null, "x",]), "[1,[],,x]".parse::<Value>().unwrap());
/// ```
///
/// # Panics
///
/// When an interpolated expression has no JSV form: a map whose keys are not scalars, or a
/// list whose only item is `None` (the same values [`to_value`](crate::to_value) refuses).
#[macro_export]
macro_rules! jsv {
    ($($jsv:tt)+) => {
        $crate::__jsv_internal!($($jsv)+)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __jsv_internal {
    // ----- list items: `@list [done items] remaining tokens` -----

    // The end, with or without a trailing comma.
    (@list [$($items:expr,)*]) => {
        $crate::__private::vec![$($items,)*]
    };
    (@list [$($items:expr),*]) => {
        $crate::__private::vec![$($items),*]
    };
    // `null`, a nested list or a nested map as the next item.
    (@list [$($items:expr,)*] null $($rest:tt)*) => {
        $crate::__jsv_internal!(@list [$($items,)* $crate::__jsv_internal!(null)] $($rest)*)
    };
    (@list [$($items:expr,)*] [$($list:tt)*] $($rest:tt)*) => {
        $crate::__jsv_internal!(@list [$($items,)* $crate::__jsv_internal!([$($list)*])] $($rest)*)
    };
    (@list [$($items:expr,)*] {$($map:tt)*} $($rest:tt)*) => {
        $crate::__jsv_internal!(@list [$($items,)* $crate::__jsv_internal!({$($map)*})] $($rest)*)
    };
    // An expression followed by a comma, or the last one.
    (@list [$($items:expr,)*] $next:expr, $($rest:tt)*) => {
        $crate::__jsv_internal!(@list [$($items,)* $crate::__jsv_internal!($next),] $($rest)*)
    };
    (@list [$($items:expr,)*] $last:expr) => {
        $crate::__jsv_internal!(@list [$($items,)* $crate::__jsv_internal!($last)])
    };
    // The comma after a `null`, list or map item.
    (@list [$($items:expr),*] , $($rest:tt)*) => {
        $crate::__jsv_internal!(@list [$($items,)*] $($rest)*)
    };
    (@list [$($items:expr),*] $unexpected:tt $($rest:tt)*) => {
        $crate::__jsv_unexpected!($unexpected)
    };

    // ----- map members: `@map map (key tokens so far) (remaining tokens)` -----
    // and `@map map [key] (value) remaining tokens` to insert one.

    // All members inserted.
    (@map $map:ident () ()) => {};
    // Insert a member, then go on after its comma, or end.
    (@map $map:ident [$($key:tt)+] ($value:expr) , $($rest:tt)*) => {
        let _ = $map.insert(($($key)+).into(), $value);
        $crate::__jsv_internal!(@map $map () ($($rest)*));
    };
    (@map $map:ident [$($key:tt)+] ($value:expr) $unexpected:tt $($rest:tt)*) => {
        $crate::__jsv_unexpected!($unexpected);
    };
    (@map $map:ident [$($key:tt)+] ($value:expr)) => {
        let _ = $map.insert(($($key)+).into(), $value);
    };
    // The value after `key:`.
    (@map $map:ident ($($key:tt)+) (: null $($rest:tt)*)) => {
        $crate::__jsv_internal!(@map $map [$($key)+] ($crate::__jsv_internal!(null)) $($rest)*);
    };
    (@map $map:ident ($($key:tt)+) (: [$($list:tt)*] $($rest:tt)*)) => {
        $crate::__jsv_internal!(@map $map [$($key)+] ($crate::__jsv_internal!([$($list)*])) $($rest)*);
    };
    (@map $map:ident ($($key:tt)+) (: {$($inner:tt)*} $($rest:tt)*)) => {
        $crate::__jsv_internal!(@map $map [$($key)+] ($crate::__jsv_internal!({$($inner)*})) $($rest)*);
    };
    (@map $map:ident ($($key:tt)+) (: $value:expr , $($rest:tt)*)) => {
        $crate::__jsv_internal!(@map $map [$($key)+] ($crate::__jsv_internal!($value)) , $($rest)*);
    };
    (@map $map:ident ($($key:tt)+) (: $value:expr)) => {
        $crate::__jsv_internal!(@map $map [$($key)+] ($crate::__jsv_internal!($value)));
    };
    // A key with nothing after its colon, or with no colon at all.
    (@map $map:ident ($($key:tt)+) (:)) => {
        $crate::__jsv_internal!()
    };
    (@map $map:ident ($($key:tt)+) ()) => {
        $crate::__jsv_internal!()
    };
    (@map $map:ident () (: $($rest:tt)*)) => {
        $crate::__jsv_unexpected!(:)
    };
    // A comma where a key should be.
    (@map $map:ident ($($key:tt)*) (, $($rest:tt)*)) => {
        $crate::__jsv_unexpected!(,)
    };
    // A parenthesised key, then any other key one token at a time.
    (@map $map:ident () (($key:expr) : $($rest:tt)*)) => {
        $crate::__jsv_internal!(@map $map ($key) (: $($rest)*));
    };
    (@map $map:ident ($($key:tt)*) ($next:tt $($rest:tt)*)) => {
        $crate::__jsv_internal!(@map $map ($($key)* $next) ($($rest)*));
    };

    // ----- a whole value -----

    (null) => {
        $crate::Value::Null
    };
    ([]) => {
        $crate::Value::List($crate::__private::vec![])
    };
    ([ $($tt:tt)+ ]) => {
        $crate::Value::List($crate::__jsv_internal!(@list [] $($tt)+))
    };
    ({}) => {
        $crate::Value::Map($crate::Map::new())
    };
    ({ $($tt:tt)+ }) => {
        $crate::Value::Map({
            let mut map = $crate::Map::new();
            $crate::__jsv_internal!(@map map () ($($tt)+));
            map
        })
    };
    ($other:expr) => {
        $crate::__private::to_value(&$other)
    };
}

/// Reports a token the `jsv!` grammar does not expect, pointing at it.
#[macro_export]
#[doc(hidden)]
macro_rules! __jsv_unexpected {
    () => {};
}

/// What the macros need at run time, not part of the API.
#[doc(hidden)]
pub mod private {
    pub use std::vec;

    /// `to_value` for an interpolated expression; the macro has no `Result` to return.
    pub fn to_value<T: ?Sized + serde::Serialize>(value: &T) -> crate::Value {
        match crate::to_value(value) {
            Ok(value) => value,
            Err(err) => panic!("jsv!: the value has no JSV form: {err}"),
        }
    }
}
