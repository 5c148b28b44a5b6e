//! Reading a `dto::StringEnum`: known names in any ASCII case, unknown names kept, and
//! errors that name the enum, whichever deserializer hands the name over (a borrowed `&str`
//! from text, an owned `String` from a `serde_json::Value`).

use serde::{Deserialize, Deserializer};
use serde_jsv::dto::{self, StringEnum};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Color {
    Red,
    DarkBlue,
    Unknown(String),
}

impl StringEnum for Color {
    const TYPE_NAME: &'static str = "Color";
    const NAMES: &'static [&'static str] = &["Red", "dark-blue"];
    fn known(index: usize) -> Option<Self> {
        [Color::Red, Color::DarkBlue].into_iter().nth(index)
    }
    fn unknown(name: String) -> Self {
        Color::Unknown(name)
    }
    fn name(&self) -> &str {
        match self {
            Color::Red => "Red",
            Color::DarkBlue => "dark-blue",
            Color::Unknown(name) => name,
        }
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        dto::deserialize_string_enum(deserializer)
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Paint {
    color: Color,
}

#[test]
fn known_names_match_in_any_ascii_case_and_unknown_names_are_kept() {
    for (text, expected) in [
        ("{color:Red}", Color::Red),
        ("{color:RED}", Color::Red),
        ("{color:dark-blue}", Color::DarkBlue),
        ("{color:Dark-Blue}", Color::DarkBlue),
        ("{color:Teal}", Color::Unknown("Teal".into())),
        (
            r#"{color:"Red, or so"}"#,
            Color::Unknown("Red, or so".into()),
        ),
    ] {
        let paint: Paint = serde_jsv::from_str(text).unwrap();
        assert_eq!(paint.color, expected, "{text}");
    }
}

#[test]
fn owned_names_read_the_same_as_borrowed_ones() {
    // A `serde_json::Value` hands its strings over as owned `String`s (`visit_string`).
    for (name, expected) in [
        ("dark-BLUE", Color::DarkBlue),
        ("red", Color::Red),
        ("Mauve", Color::Unknown("Mauve".into())),
    ] {
        let value = serde_json::json!({ "color": name });
        let paint: Paint = serde_json::from_value(value).unwrap();
        assert_eq!(paint.color, expected, "{name}");
    }
}

#[test]
fn an_empty_name_an_object_or_a_list_is_an_error_naming_the_enum() {
    let empty = serde_jsv::from_str::<Paint>(r#"{color:""}"#).unwrap_err();
    assert!(
        empty
            .to_string()
            .contains(r#"invalid value: string "", expected a Color name"#),
        "{empty}"
    );
    for text in ["{color:{a:1}}", "{color:[Red]}"] {
        let error = serde_jsv::from_str::<Paint>(text).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("invalid type: an object or a list, expected a Color name"),
            "{text}: {error}"
        );
    }
    let owned = serde_json::from_value::<Paint>(serde_json::json!({ "color": "" })).unwrap_err();
    assert!(
        owned
            .to_string()
            .contains(r#"invalid value: string "", expected a Color name"#),
        "{owned}"
    );
}
