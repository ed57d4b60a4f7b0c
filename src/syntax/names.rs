//! Names of absurd length, refused when a file is parsed: a name is shown
//! in every table and message that mentions it.

use super::parse::{Builder, Rule};
use super::Span;
use crate::diagnostics::Code;
use crate::diagnostics::Diag;
use pest::iterators::Pair;

/// The longest name (a party, issue, option, event, offer…) or display name
/// a plan may use, in characters: longer is surely not a name, and every
/// table and error message would carry it.
pub const MAX_NAME_CHARS: usize = 256;

/// Reports each name in `item` longer than [`MAX_NAME_CHARS`]: its
/// identifiers, and the display names of declarations (not paths or
/// titles). A loop, not recursion: expressions nest deeply.
pub(super) fn refuse_long_names(b: &mut Builder, item: &Pair<'_, Rule>) {
    let mut stack = vec![(item.clone(), false)];
    while let Some((pair, in_declaration)) = stack.pop() {
        let rule = pair.as_rule();
        if rule == Rule::ident || (in_declaration && rule == Rule::string) {
            let name = match rule {
                Rule::string => pair.as_str().trim_matches('"'),
                _ => pair.as_str(),
            };
            let chars = name.chars().count();
            if chars > MAX_NAME_CHARS {
                let start = b.span(&pair).start;
                let first = pair.as_str().chars().next().map_or(0, char::len_utf8);
                b.diags.push(
                    Diag::error(
                        Code::SyntaxLongName,
                        format!(
                            "a name of {chars} characters; at most {MAX_NAME_CHARS} are allowed"
                        ),
                        b.source,
                        Span::new(start, start + first),
                        "this name is too long",
                    )
                    .with_help(
                        "give it a short name; a longer description fits in a `///` doc comment",
                    ),
                );
            }
            continue;
        }
        let declares = matches!(
            rule,
            Rule::party_decl | Rule::issue_decl | Rule::option_item | Rule::event_decl
        );
        stack.extend(pair.into_inner().map(|child| (child, declares)));
    }
}
