//! Tests of the formatter: hand-written inputs against exact outputs, and for
//! every input (and every `.neg` file in `examples/` and `stdlib/`) the three
//! guarantees: idempotence, the same tree, the same comments.
//!
//! Inputs are written as raw strings that start with a line break (dropped by
//! [`t`]), so they read as they would in a file.

use super::format_source;
use crate::diagnostics::Code;
use crate::diagnostics::SourceId;
use crate::syntax::comments::{self, CommentKind};
use crate::syntax::parse::opaque_ranges;
use crate::syntax::{parse_file, Expr, ExprKind, Item, ItemKind};

/// A test text: a raw string without its first line break.
fn t(s: &str) -> String {
    s.strip_prefix('\n').unwrap_or(s).to_string()
}

/// Formats a text that must parse.
fn fmt(text: &str) -> String {
    match format_source(text) {
        Ok(out) => out,
        Err(diags) => panic!("does not parse: {diags:?}\n{text}"),
    }
}

/// The tree of a text, up to layout.
fn tree(text: &str) -> serde_json::Value {
    let (file, diags) = parse_file(text, SourceId(0));
    assert!(diags.is_empty(), "does not parse: {diags:?}\n{text}");
    serde_json::to_value(&file.items).expect("trees serialise")
}

/// Every comment of a text, as the formatter prints it, sorted.
fn comment_texts(text: &str) -> Vec<String> {
    let (file, _) = parse_file(text, SourceId(0));
    let mut all: Vec<String> = comments::scan(text, &opaque_ranges(&file.items))
        .iter()
        .map(|c| {
            let raw = &text[c.span.start..c.span.end];
            match c.kind {
                CommentKind::Block => raw.to_string(),
                _ => raw.trim_end().to_string(),
            }
        })
        .collect();
    all.sort();
    all
}

/// The inline Rhai bodies of a text.
fn rhai_bodies(text: &str) -> Vec<String> {
    let (file, _) = parse_file(text, SourceId(0));
    opaque_ranges(&file.items)
        .iter()
        .map(|s| text[s.start..s.end].to_string())
        .collect()
}

/// The three guarantees for one input that parses.
fn guarantees(input: &str) {
    let once = fmt(input);
    let twice = fmt(&once);
    assert_eq!(
        twice, once,
        "not idempotent; input:\n{input}\nonce:\n{once}"
    );
    assert_eq!(
        tree(&once),
        tree(input),
        "tree changed; input:\n{input}\nout:\n{once}"
    );
    let (before, after) = (comment_texts(input), comment_texts(&once));
    assert_eq!(
        after, before,
        "comments changed; input:\n{input}\nout:\n{once}"
    );
    for c in &before {
        let n = |s: &str| s.matches(c.as_str()).count();
        assert_eq!(n(&once), n(input), "`{c}` count changed; out:\n{once}");
    }
    assert_eq!(
        rhai_bodies(&once),
        rhai_bodies(input),
        "rhai changed:\n{once}"
    );
    assert!(once.is_empty() || once.ends_with('\n') && !once.ends_with("\n\n"));
    assert!(!once.starts_with('\n'), "blank line at the start:\n{once}");
    if !once.contains("/*") && !once.contains("rhai") {
        let trailing = once.lines().find(|l| l.ends_with([' ', '\t']));
        assert!(
            trailing.is_none(),
            "trailing blanks in {trailing:?}:\n{once}"
        );
    }
}

/// Formats `input`, compares with `expected`, and checks the guarantees.
fn check(input: &str, expected: &str) {
    let (input, expected) = (t(input), t(expected));
    let out = fmt(&input);
    assert_eq!(out, expected, "\n--- got:\n{out}--- expected:\n{expected}");
    guarantees(&input);
    guarantees(&expected);
}

// ================================================================ cases

#[test]
fn design_doc_term_sheet() {
    check(
        r#"
/// Bazerman's VC example: a $2M investment in a startup.
scenario "Series A term sheet"

party vc "Granite Ventures" { batna 45 }
party founders "The founders" { batna 30  care 0.1 }

issue equity "Equity stake"      : 15% .. 30% step 1%
issue consulting "Consulting"    : none | paid | free
issue board_seat                 : yes | no
issue start "Start date"         : june | july

event milestones "Co-manufacturing, 2,000 stores and next round within 30 months"

prefs vc {
    weight equity 40%, consulting 25%, board_seat 20%, start 15%
    equity     = linear(15% -> 0, 30% -> 100)
    consulting = { none: 0, paid: 100, free: 20 }
    board_seat = { yes: 100, no: 0 }
    start      = { june: 0, july: 0 }          // indifferent: free to give away
    believe milestones 25%
}

prefs founders {
    weight equity 60%, consulting 15%, board_seat 5%, start 20%
    equity     = linear(15% -> 100, 30% -> 0)
    consulting = { none: 100, paid: 0, free: 80 }
    board_seat = { yes: 0, no: 100 }
    start      = { june: 100, july: 0 }
    believe milestones 80%
}

rule "free consulting comes with a board seat": consulting == free => board_seat == yes

offer opening by vc { equity: 27%, consulting: none, board_seat: yes, start: july }

nash
frontier
meso vc count 3
improve opening
"#,
        r#"
/// Bazerman's VC example: a $2M investment in a startup.
scenario "Series A term sheet"

party vc "Granite Ventures" { batna 45 }
party founders "The founders" { batna 30 care 0.1 }

issue equity "Equity stake" : 15% .. 30% step 1%
issue consulting "Consulting" : none | paid | free
issue board_seat : yes | no
issue start "Start date" : june | july

event milestones "Co-manufacturing, 2,000 stores and next round within 30 months"

prefs vc {
    weight equity 40%, consulting 25%, board_seat 20%, start 15%
    equity     = linear(15% -> 0, 30% -> 100)
    consulting = { none: 0, paid: 100, free: 20 }
    board_seat = { yes: 100, no: 0 }
    start      = { june: 0, july: 0 }  // indifferent: free to give away
    believe milestones 25%
}

prefs founders {
    weight equity 60%, consulting 15%, board_seat 5%, start 20%
    equity     = linear(15% -> 100, 30% -> 0)
    consulting = { none: 100, paid: 0, free: 80 }
    board_seat = { yes: 0, no: 100 }
    start      = { june: 100, july: 0 }
    believe milestones 80%
}

rule "free consulting comes with a board seat": consulting == free => board_seat == yes

offer opening by vc { equity: 27%, consulting: none, board_seat: yes, start: july }

nash
frontier
meso vc count 3
improve opening
"#,
    );
}

#[test]
fn declarations_get_single_spaces() {
    check(
        r#"
scenario   "A \"quoted\" \\ title"
import"std/negotiation"
party  a{batna -5 care 10% for b}
party b   "B"
party c { }
issue   price:$1k..$2.5k   step $500
issue   mode "Mode":x|y  |  z
event   rain
event storm "Storm":   mild|bad
contingent   price   on   storm
rule:price>$1k
rule"cheap"  :  price<=$2k
agreement   package
agreement sequential price,mode
hook"f.rhai"
strategy   s=hook   f
"#,
        r#"
scenario "A \"quoted\" \\ title"
import "std/negotiation"
party a { batna -5 care 10% for b }
party b "B"
party c { }
issue price : $1k .. $2.5k step $500
issue mode "Mode" : x | y | z
event rain
event storm "Storm" : mild | bad
contingent price on storm
rule: price > $1k
rule "cheap": price <= $2k
agreement package
agreement sequential price, mode
hook "f.rhai"
strategy s = hook f
"#,
    );
}

#[test]
fn commands() {
    check(
        r#"
evaluate   o
frontier
nash kalai welfare zopa classify power status agree
tradeoffs a b
tradeoffs a   b   from o
meso vc count 3   at 70
improve o
simulate a:boulware,b : conceder   rounds 50 agreement   sequential
simulate a: x, b: y agreement package
simulate  deal=a as h1:meso( k=4,e=0.5 ),b: linear repeat 9 seed 2
tournament boulware,meso(k=2)  repeat 3 chart"t.svg"   rounds 20
assert welfare_share( deal )>=90%
tentative equity=20%
tentative price={yes:$1,no:$2}
reopen   equity
plot "f.svg"
plot"g.svg"x a y b
assert utility(vc,opening)>=60
"#,
        r#"
evaluate o
frontier
nash
kalai
welfare
zopa
classify
power
status
agree
tradeoffs a b
tradeoffs a b from o
meso vc count 3 at 70
improve o
simulate a: boulware, b: conceder rounds 50 agreement sequential
simulate a: x, b: y agreement package
simulate deal = a as h1: meso(k=4, e=0.5), b: linear seed 2 repeat 9
tournament boulware, meso(k=2) rounds 20 repeat 3 chart "t.svg"
assert welfare_share(deal) >= 90%
tentative equity = 20%
tentative price = { yes: $1, no: $2 }
reopen equity
plot "f.svg"
plot "g.svg" x a y b
assert utility(vc, opening) >= 60
"#,
    );
}

#[test]
fn a_discount_is_a_party_field() {
    check("party a{batna 1   discount 0.9}\n", "party a { batna 1 discount 0.9 }\n");
}

#[test]
fn blank_lines_between_items_collapse_to_one() {
    check(
        "\n\n\n  nash   \n\n\n\n   frontier\t\n  zopa\n\n\n",
        "nash\n\nfrontier\nzopa\n",
    );
    check("\n", "");
    check("\n   \n\t\n", "");
}

#[test]
fn crlf_line_ends_become_lf() {
    check(
        "\nnash\r\n\r\n// note\r\nfrontier // why\r\n",
        "nash\n\n// note\nfrontier  // why\n",
    );
}

#[test]
fn comments_between_items_keep_their_place() {
    check(
        r#"
// heading


// about nash
nash   // trailing
/* block before */ frontier
zopa /* trailing block */ /* and another */
/* multi
   line   
     block */
classify
     // indented own-line comment

// at the end
"#,
        r#"
// heading

// about nash
nash  // trailing
/* block before */
frontier
zopa  /* trailing block */  /* and another */
/* multi
   line   
     block */
classify
// indented own-line comment

// at the end
"#,
    );
}

#[test]
fn two_items_on_a_line_with_a_comment_between() {
    check(
        "nash /* a */ frontier /* b\n  c */ zopa\n",
        "nash  /* a */\nfrontier  /* b\n  c */\nzopa\n",
    );
}

#[test]
fn doc_comments_stay_above_their_items() {
    check(
        r#"
///   The scenario.   
///Second line.
scenario "s"
/// Not attached: a blank line follows.

party a
nash /// attached to frontier
frontier
"#,
        r#"
///   The scenario.
///Second line.
scenario "s"
/// Not attached: a blank line follows.

party a
nash  /// attached to frontier
frontier
"#,
    );
}

#[test]
fn prefs_alignment_runs() {
    check(
        r#"
prefs a {
  weight x 1, long_name 2
  x = 1
  long_name = { p: 1, q: 2 }   // trailing comments keep the run
  yy = hook f

  z = linear(1 -> 0, 2 -> 100)
  zzzz = 3
  // an own-line comment breaks the run
  w = when rain { yes: 100, no: -20 }
  believe rain 25%
  vvvvvvv = 1
  extra = hook g
  u = 2
  utility = hook h
  believe storm {mild:20%,bad:80%}
}
"#,
        r#"
prefs a {
    weight x 1, long_name 2
    x         = 1
    long_name = { p: 1, q: 2 }  // trailing comments keep the run
    yy        = hook f

    z    = linear(1 -> 0, 2 -> 100)
    zzzz = 3
    // an own-line comment breaks the run
    w = when rain { yes: 100, no: -20 }
    believe rain 25%
    vvvvvvv = 1
    extra = hook g
    u = 2
    utility = hook h
    believe storm { mild: 20%, bad: 80% }
}
"#,
    );
}

#[test]
fn prefs_comments_at_the_edges() {
    check(
        r#"
prefs a { // on the brace line

    x = 1 /* after x */ y = 2


    // after the last line, before the brace

}   // after the block
prefs b {}
prefs c {
}
prefs d { /* only a comment */ }
"#,
        r#"
prefs a {  // on the brace line
    x = 1  /* after x */
    y = 2

    // after the last line, before the brace
}  // after the block
prefs b { }
prefs c { }
prefs d {  /* only a comment */
}
"#,
    );
}

#[test]
fn party_bodies_with_comments_go_multiline() {
    check(
        r#"
party a {batna 45   care 0.1}
party b { batna 45 // walk-away
  care 0.1 for a  /* relationship */ }
party c { // nothing yet
}
"#,
        r#"
party a { batna 45 care 0.1 }
party b {
    batna 45  // walk-away
    care 0.1 for a  /* relationship */
}
party c {  // nothing yet
}
"#,
    );
}

#[test]
fn offers_wrap_when_long_or_commented() {
    check(
        r#"
offer short by vc {
   equity: 27%,
   consulting: none,
}
offer long_one_that_does_not_fit by founders { equity: { yes: 18%, no: 30% }, consulting: free, board_seat: yes }
offer commented { equity: 20%, // the key point

  consulting: paid /* before the comma */ , start: june }
offer empty {}
"#,
        r#"
offer short by vc { equity: 27%, consulting: none }
offer long_one_that_does_not_fit by founders {
    equity: { yes: 18%, no: 30% },
    consulting: free,
    board_seat: yes,
}
offer commented {
    equity: 20%,  // the key point

    consulting: paid,  /* before the comma */
    start: june,
}
offer empty { }
"#,
    );
}

#[test]
fn an_offer_of_exactly_the_width_stays_on_one_line() {
    let head = "offer o { a: ";
    let fill = "x".repeat(super::MAX_WIDTH - head.len() - 2);
    let line = format!("{head}{fill} }}\n");
    assert_eq!(line.len(), super::MAX_WIDTH + 1);
    check(&line, &line);
    let longer = format!("{head}{fill}y }}\n");
    check(&longer, &format!("offer o {{\n    a: {fill}y,\n}}\n"));
}

#[test]
fn expressions_keep_the_parentheses_written() {
    check(
        r#"
assert (a+b)*c==((d))
assert not(a and b)or-(x)>=- 1
assert a - -b * --c
assert if x>20% then 0 else 100+1
assert (if x then 1 else 2) + 3
assert a=>b=>c
assert (a=>b)=>c
assert not a == b and not c
assert a == not b
rule: when e {yes:100,no:-20} + f( ) + g(1,h(2))
"#,
        r#"
assert (a + b) * c == ((d))
assert not (a and b) or -(x) >= -1
assert a - -b * --c
assert if x > 20% then 0 else 100 + 1
assert (if x then 1 else 2) + 3
assert a => b => c
assert (a => b) => c
assert not a == b and not c
assert a == not b
rule: when e { yes: 100, no: -20 } + f() + g(1, h(2))
"#,
    );
}

#[test]
fn verbatim_fallback_for_comments_inside_items() {
    check(
        r#"
rule "x":   a == b /* inside */ and    c
   assert a == 1 and // why
          b == 2   
party /* between keyword and name */ vc
issue price : /* inside */ 1 .. 2 step 1
prefs /* in the head */ vc { x = 1 }
offer o { a: { yes: 1, /* inside a value */ no: 2 } }
party p { care /* inside a field */ 1 }
"#,
        r#"
rule "x":   a == b /* inside */ and    c
assert a == 1 and // why
       b == 2
party /* between keyword and name */ vc
issue price : /* inside */ 1 .. 2 step 1
prefs /* in the head */ vc { x = 1 }
offer o { a: { yes: 1, /* inside a value */ no: 2 } }
party p { care /* inside a field */ 1 }
"#,
    );
}

#[test]
fn verbatim_fallback_for_one_prefs_line() {
    check(
        r#"
prefs a {
        x = linear(1 -> 0, // low
                   2 -> 100)
    yy = 1
    zzz = 2
  w = { p: 1, /* q */ q: 2 }
}
"#,
        r#"
prefs a {
    x = linear(1 -> 0, // low
               2 -> 100)
    yy  = 1
    zzz = 2
    w = { p: 1, /* q */ q: 2 }
}
"#,
    );
}

#[test]
fn verbatim_keeps_multiline_block_comments_untouched() {
    check(
        "  assert a /* one\n      two   \n  three */ == b\n",
        "assert a /* one\n      two   \n  three */ == b\n",
    );
}

#[test]
fn inline_rhai_bodies_are_untouched() {
    check(
        "hook   rhai {\n  fn f(x) { x * 2 }   \n\t// \"rhai\" comment { }\n}  // after\nhook rhai{}\nhook /* c */ rhai {\n   let s = \"}\";   \n}\n",
        "hook rhai {\n  fn f(x) { x * 2 }   \n\t// \"rhai\" comment { }\n}  // after\nhook rhai {}\nhook /* c */ rhai {\n   let s = \"}\";   \n}\n",
    );
}

#[test]
fn strings_are_re_escaped() {
    check(
        "scenario \"tab\\there \\q \\\\ \\\"\"\n",
        "scenario \"tab\\there q \\\\ \\\"\"\n",
    );
}

#[test]
fn comments_inside_strings_are_text() {
    check(
        "scenario   \"http://x /* y */\"   // real\n",
        "scenario \"http://x /* y */\"  // real\n",
    );
}

// ================================================================ trees not from source

/// Removes every parenthesis node of an expression.
fn strip(e: &mut Expr) {
    while let ExprKind::Paren(x) = &e.kind {
        let inner = (**x).clone();
        *e = inner;
    }
    match &mut e.kind {
        ExprKind::Call { args, .. } => args.iter_mut().for_each(strip),
        ExprKind::Unary(_, x) => strip(x),
        ExprKind::Binary(_, l, r) => {
            strip(l);
            strip(r);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            strip(cond);
            strip(then);
            strip(otherwise);
        }
        ExprKind::When { arms, .. } => arms.iter_mut().for_each(|(_, x)| strip(x)),
        _ => {}
    }
}

/// The asserted expressions of a text, without parentheses.
fn stripped_asserts(text: &str) -> Vec<serde_json::Value> {
    let (file, diags) = parse_file(text, SourceId(0));
    assert!(diags.is_empty(), "{diags:?}\n{text}");
    file.items
        .into_iter()
        .map(|item: Item| match item.kind {
            ItemKind::Command(c) => match c.kind {
                crate::syntax::CommandKind::Assert(mut e) => {
                    strip(&mut e);
                    serde_json::to_value(&e).expect("serialises")
                }
                _ => panic!("only asserts here"),
            },
            _ => panic!("only asserts here"),
        })
        .collect()
}

#[test]
fn trees_without_their_parentheses_still_print_correctly() {
    // Each tree loses its parentheses; the printer must add back enough of
    // them for the parser to rebuild the same (parenthesis-free) tree.
    let text = t(r#"
assert (a + b) * c
assert a - (b - c)
assert (a => b) => c
assert -(a + b)
assert not (a or b)
assert (not a) == b
assert (a == not b) == c
assert a * (not b) + c
assert (if a then b else c) + d
assert x + (if a then b else c) - d
assert -(if a then b else c) * d
assert (a + (not b)) * c
assert f((a + b) * c, (d))
assert (not (not a)) and (b => c)
"#);
    let before = stripped_asserts(&text);
    let (mut file, _) = parse_file(&text, SourceId(0));
    for item in &mut file.items {
        if let ItemKind::Command(c) = &mut item.kind {
            if let crate::syntax::CommandKind::Assert(e) = &mut c.kind {
                strip(e);
            }
        }
    }
    let printed = super::format_items(&text, &file.items);
    assert_eq!(stripped_asserts(&printed), before, "printed:\n{printed}");
    assert_eq!(
        printed.lines().collect::<Vec<_>>(),
        [
            "assert (a + b) * c",
            "assert a - (b - c)",
            "assert (a => b) => c",
            "assert -(a + b)",
            "assert not (a or b)",
            "assert (not a) == b",
            "assert (a == not b) == c",
            "assert (a * not b) + c",
            "assert (if a then b else c) + d",
            "assert (x + if a then b else c) - d",
            "assert (-if a then b else c) * d",
            "assert (a + not b) * c",
            "assert f((a + b) * c, d)",
            "assert not not a and (b => c)",
        ]
    );
}

// ================================================================ whole files

/// Every `.neg` file under a folder of the crate (none if it does not exist).
fn neg_files(folder: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "neg"))
        .collect();
    files.sort();
    files
}

#[test]
fn example_and_stdlib_files_keep_everything() {
    for path in neg_files("examples").into_iter().chain(neg_files("stdlib")) {
        let text = std::fs::read_to_string(&path).expect("readable");
        if format_source(&text).is_ok() {
            guarantees(&text);
        }
    }
}

/// Inserts `comment` at every character boundary of `text`; every variant
/// that still parses must keep the guarantees.
fn comment_everywhere(text: &str, comment: &str) {
    for (at, _) in text.char_indices() {
        let variant = format!("{}{comment}{}", &text[..at], &text[at..]);
        if format_source(&variant).is_ok() {
            guarantees(&variant);
        }
    }
}

/// A small file with every kind of construct.
const EVERYTHING: &str = r#"/// doc
scenario "s" import "std/x"
party a "A" { batna 1 care 2% for b }
party b
issue p "P" : $1 .. $3 step $1
issue m : x | y
event e : u | v
contingent p on e
prefs a {
    weight p 1, m 2
    p = linear($1 -> 0, $3 -> 100)
    m = { x: 1, y: 2 }
    zz = if p > $2 then not m == x else -(1 + 2) * 3
    believe e { u: 50%, v: 50% }
    extra = hook f
}
rule "r": p == $1 => m == x
agreement sequential p, m
offer o by a { p: { u: $1, v: $2 }, m: x }
hook rhai { fn f(x) { 1 } }
strategy s = hook f
tradeoffs a b from o
meso a count 2 at 5
simulate a: s, b: s rounds 3 agreement package
tentative m = x
plot "f.svg" x a y b
assert when e { u: 1, v: 2 } >= f(1, 2)
"#;

#[test]
fn a_block_comment_anywhere() {
    comment_everywhere(EVERYTHING, "/* c */");
}

#[test]
fn a_line_comment_anywhere() {
    comment_everywhere(EVERYTHING, "// c\n");
}

#[test]
fn a_doc_comment_anywhere() {
    comment_everywhere(EVERYTHING, "\n/// d\n");
}

#[test]
fn the_everything_file_formats() {
    guarantees(EVERYTHING);
}

/// A small deterministic generator (no seed files, same cases every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Snippets of layout and comments to drop into texts.
const SNIPPETS: &[&str] = &[
    "/* c */",
    "// c\n",
    "\n/// d\n",
    "\n\n",
    " ",
    "\n",
    "\t",
    "\r\n",
    "/* a\n   b  \n */",
    "/// e\n",
    "/* x */ /* y */",
];

/// `text` with one to four snippets dropped at random character boundaries.
fn mangle(text: &str, rng: &mut Lcg) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let bounds: Vec<usize> = out
            .char_indices()
            .map(|(i, _)| i)
            .chain([out.len()])
            .collect();
        let at = bounds[rng.below(bounds.len())];
        out.insert_str(at, SNIPPETS[rng.below(SNIPPETS.len())]);
    }
    out
}

#[test]
fn random_comments_and_layout_keep_the_guarantees() {
    let mut texts: Vec<String> = vec![EVERYTHING.to_string()];
    for path in neg_files("examples").into_iter().chain(neg_files("stdlib")) {
        texts.extend(std::fs::read_to_string(path).ok());
    }
    let rounds: usize = std::env::var("NEG_FMT_FUZZ")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let mut rng = Lcg(7);
    for text in &texts {
        for _ in 0..rounds {
            let variant = mangle(text, &mut rng);
            if format_source(&variant).is_ok() {
                guarantees(&variant);
            }
        }
    }
}

#[test]
fn long_operator_chains_print_unchanged_and_huge_ones_are_refused() {
    // 99 + 99 operators: within the parser's limit of 200 per expression.
    let text = format!(
        "assert {}1 == 1 and {}true\n",
        "i + ".repeat(99),
        "x and ".repeat(98)
    );
    let (file, diags) = parse_file(&text, SourceId(0));
    assert!(diags.is_empty());
    assert!(
        super::format_items(&text, &file.items) == text,
        "a canonical chain comes back unchanged"
    );
    // Far beyond it, the parser refuses the expression (evaluating it would
    // exhaust the stack), so the formatter reports instead of formatting.
    let huge = format!("assert {}1 == 1\n", "i + ".repeat(20_000));
    let err = format_source(&huge).expect_err("refused");
    assert!(err.iter().any(|d| d.code == Code::SyntaxTooDeep));
}

#[test]
fn option_display_names() {
    check(
        r#"
issue laptop "Laptop":dell "Dell"|hp   "HP Pavilion" | mac
"#,
        r#"
issue laptop "Laptop" : dell "Dell" | hp "HP Pavilion" | mac
"#,
    );
}
