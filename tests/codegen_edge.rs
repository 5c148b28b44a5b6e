//! A synthetic document of unusual shapes (`tests/data/codegen/edge.metadata.json`): recursive
//! types, names Rust cannot use as they are, colliding names, interfaces, undeclared structs,
//! collection bases, hosts before v5.9. Its module is generated, compiled (included below) and
//! exercised.

#[allow(dead_code)] // the test uses only part of the API
mod edge {
    include!("generated/edge.rs");
}

use edge::*;
use serde_jsv::request::{Method, ServiceStackRequest};

#[test]
fn the_module_is_the_generators_output_and_its_warnings_are_the_expected_ones() {
    #[cfg(feature = "codegen")]
    {
        use serde_jsv::codegen::{self, Options};
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/edge.rs");
        let metadata = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/codegen/edge.metadata.json"
        ))
        .unwrap();
        let doc = codegen::parse_metadata(&metadata).unwrap();
        let generated =
            codegen::generate_from(&doc, &Options::default(), "edge.metadata.json").unwrap();
        if std::env::var_os("SERDE_JSV_BLESS").is_some() {
            std::fs::write(path, &generated.code).unwrap();
        } else {
            let committed = std::fs::read_to_string(path).unwrap();
            assert!(
                committed == generated.code,
                "tests/generated/edge.rs is stale"
            );
        }
        let warnings = generated.warnings.join("\n");
        for expected in [
            "type Item: named `OtherItem` in Rust",
            "type Box: named `Box1` in Rust",
            "`IShape` is an interface",
            "`GeoPoint` (namespace Edge.Api) is an undeclared struct",
            "route `/head/{Name}` serves only HEAD",
            "route `/audit/{Missing}` names `{Missing}`",
            "type Page: type parameter(s) T used by no member",
            "member URL: its wire name `url` is already taken",
        ] {
            assert!(
                warnings.contains(expected),
                "missing warning {expected:?} in\n{warnings}"
            );
        }
    }
}

#[test]
fn recursive_and_renamed_members_round_trip() {
    let child = Node {
        name: Some("leaf".into()),
        ..Default::default()
    };
    let node = Node {
        name: Some("root".into()),
        parent: Some(std::boxed::Box::new(Node {
            name: Some("up".into()),
            ..Default::default()
        })),
        children: Some(vec![child]),
        url: Some("a".into()),
        _internal: 3,
        self_: Some("me".into()),
        r#async: true,
        location: "1,2".into(),
        shape: Some(serde_jsv::from_str("{area:2}").unwrap()),
        extra: Some(
            [("k".to_owned(), serde_jsv::from_str("[1]").unwrap())]
                .into_iter()
                .collect(),
        ),
        blobs: Some(vec!["AQID".into()]),
        scores: Some(vec![Some(1.5), None]),
        grid: Some(vec![vec![1, 2], vec![]]),
        when: serde_jsv::from_str("2024-03-01T10:11:12.0000000+02:00").unwrap(),
        level: Level::HIGH,
        state: State::Unknown,
    };
    let jsv = serde_jsv::to_string(&node).unwrap();
    assert_eq!(
        jsv,
        "{name:root,parent:{name:up,_Internal:0,async:False,location:\"\",\
         when:0001-01-01T00:00:00.0000000+00:00,level:0,state:Known},children:[{name:leaf,\
         _Internal:0,async:False,location:\"\",when:0001-01-01T00:00:00.0000000+00:00,level:0,\
         state:Known}],url:a,_Internal:3,self:me,async:True,\
         location:\"1,2\",shape:{area:2},extra:{k:[1]},blobs:[AQID],scores:[1.5,],grid:[[1,2],[]],\
         when:2024-03-01T10:11:12.0000000+02:00,level:5,state:Unknown}"
    );
    let back: Node = serde_jsv::from_str(&jsv).unwrap();
    assert_eq!(back, node);
    // A member named like the catch-all: the catch-all takes another name.
    assert_eq!(serde_jsv::from_str::<State>("type").unwrap(), State::r#type);
    assert_eq!(
        serde_jsv::from_str::<State>("Gone").unwrap(),
        State::UnknownName("Gone".into())
    );
    assert_eq!(serde_jsv::to_string(&Level(-1)).unwrap(), "-1");
    assert_eq!(
        serde_jsv::from_str::<Level>("Negative").unwrap(),
        Level::NEGATIVE
    );
}

#[test]
fn collection_bases_generic_names_and_old_hosts() {
    let nodes = Nodes(vec![Node::default()]);
    assert!(serde_jsv::to_string(&nodes).unwrap().starts_with("[{"));
    let boxed: Box1<Box> = Box1 {
        value: Some(Box {
            label: Some("x".into()),
        }),
    };
    assert_eq!(serde_jsv::to_string(&boxed).unwrap(), "{value:{label:x}}");
    let _: OtherItem = OtherItem {
        code: Some("c".into()),
    };
    let page: Page<Item> = Page {
        items: None,
        _phantom: Default::default(),
    };
    assert_eq!(serde_jsv::to_string(&page).unwrap(), "{}");
    // AuditBase members come from the generator's table of ServiceStack bases.
    let audited = Audited {
        note: Some("n".into()),
        created_by: Some("a".into()),
        ..Default::default()
    };
    assert!(
        serde_jsv::to_string(&audited)
            .unwrap()
            .starts_with("{note:n,createdDate:")
    );

    // Requests from a host before v5.9: routes, void and return markers on the request type.
    assert_eq!(GetNode::METHOD, Method::Get);
    assert_eq!(GetNode::ROUTES.len(), 1);
    let _: Option<Node> = None::<<GetNode as ServiceStackRequest>::Response>;
    assert_eq!(Touch::METHOD, Method::Post);
    assert_eq!(Touch::ROUTES[0].verbs, &[Method::Post, Method::Put]);
    let _: Option<()> = None::<<Touch as ServiceStackRequest>::Response>;
    let _: Option<Page<Node>> = None;
    let _: Option<serde_jsv::builtin::EmptyResponse> =
        None::<<Audit as ServiceStackRequest>::Response>;
}
