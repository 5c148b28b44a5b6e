//! Type references as the metadata spells them: a member's `type` plus `genericArgs`, or a
//! generic argument string `Name<Arg,Arg>[]`.

/// A parsed type reference: name (with backtick arity when it is generic), arguments, and
/// array rank (`Int32[][]` has rank 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeRef {
    pub name: String,
    pub args: Vec<TypeRef>,
    pub rank: usize,
}

impl TypeRef {
    /// The reference of a member or a TypeName: its `type`/`name` string (which may carry
    /// array brackets) and its `genericArgs` strings.
    pub fn from_parts(name: &str, generic_args: &[String]) -> Result<TypeRef, String> {
        let mut base = parse(name)?;
        if !generic_args.is_empty() {
            if !base.args.is_empty() {
                return Err(format!(
                    "`{name}` has arguments in its name and in genericArgs"
                ));
            }
            base.args = generic_args
                .iter()
                .map(|arg| parse(arg))
                .collect::<Result<_, _>>()?;
        }
        base.name = with_arity(&base.name, base.args.len());
        Ok(base)
    }

    /// The same reference with one array rank less.
    pub fn element(&self) -> TypeRef {
        TypeRef {
            rank: self.rank - 1,
            ..self.clone()
        }
    }

    /// The name without its arity.
    pub fn bare_name(&self) -> &str {
        super::names::strip_arity(&self.name)
    }
}

/// `List` with 1 argument → ``List`1``; a name that already has its arity stays.
fn with_arity(name: &str, args: usize) -> String {
    if args == 0 || name.contains('`') {
        name.to_owned()
    } else {
        format!("{name}`{args}")
    }
}

/// Parses `arg := ident ('<' arg (',' arg)* '>')? ('[]')*`.
pub(crate) fn parse(text: &str) -> Result<TypeRef, String> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let parsed = parser.arg()?;
    parser.skip_space();
    if parser.pos != parser.bytes.len() {
        return Err(format!(
            "unexpected `{}` in type `{text}`",
            &text[parser.pos..]
        ));
    }
    Ok(parsed)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.pos += 1;
        }
    }

    fn arg(&mut self) -> Result<TypeRef, String> {
        self.depth += 1;
        if self.depth > 32 {
            return Err(format!("type `{}` is nested too deeply", self.text));
        }
        self.skip_space();
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(|b| {
            !matches!(b, b'<' | b'>' | b',' | b'[' | b']') && !b.is_ascii_whitespace()
        }) {
            self.pos += 1;
        }
        let name = &self.text[start..self.pos];
        if name.is_empty() {
            return Err(format!("missing type name in `{}`", self.text));
        }
        self.skip_space();
        let mut args = Vec::new();
        if self.bytes.get(self.pos) == Some(&b'<') {
            self.pos += 1;
            loop {
                args.push(self.arg()?);
                self.skip_space();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b'>') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(format!("unclosed `<` in type `{}`", self.text)),
                }
            }
        }
        let mut rank = 0;
        while self.bytes[self.pos..].starts_with(b"[]") {
            rank += 1;
            self.pos += 2;
        }
        self.depth -= 1;
        Ok(TypeRef {
            name: with_arity(name, args.len()),
            args,
            rank,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_generics_and_arrays() {
        let parsed = parse("Dictionary<String,List<Revision<Int32>>>[]").unwrap();
        assert_eq!(parsed.name, "Dictionary`2");
        assert_eq!(parsed.rank, 1);
        assert_eq!(parsed.args[1].name, "List`1");
        assert_eq!(parsed.args[1].args[0].args[0].name, "Int32");
        let member = TypeRef::from_parts("Nullable`1[]", &["Int32".into()]).unwrap();
        assert_eq!((member.name.as_str(), member.rank), ("Nullable`1", 1));
        assert_eq!(parse("Int32[][]").unwrap().rank, 2);
    }

    #[test]
    fn rejects_broken_names() {
        for bad in ["", "List<", "List<Int32", "A>B", "List<,>", "A B"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
