//! `neg lsp` driven as an editor drives it: initialize, didOpen, didChange,
//! hover, completion, definition, references, rename, outline, formatting,
//! shutdown and exit, over stdio with the protocol's framing.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications received while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_neg"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("neg lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = channel();
        std::thread::spawn(move || loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            stdout.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        Client {
            child,
            stdin,
            messages,
            pending: vec![],
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(60))
            .expect("an answer from neg lsp within a minute")
    }

    /// Sends a request and waits for its answer (the whole response).
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.receive();
            if m["id"] == json!(id) {
                return m;
            }
            self.pending.push(m);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.call(method, params);
        assert!(m.get("error").is_none(), "{method}: {m}");
        m["result"].clone()
    }

    fn request_error(&mut self, method: &str, params: Value) -> Value {
        self.call(method, params)["error"].clone()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Replaces a buffer's text, as an editor does on a keystroke, and
    /// returns the diagnostics published for it.
    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let m = match self
                .pending
                .iter()
                .position(|m| m["params"]["uri"] == json!(uri))
            {
                Some(i) => self.pending.remove(i),
                None => self.receive(),
            };
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
            {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("neg-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn at(text: &str, needle: &str) -> Value {
    let offset = text.find(needle).expect(needle);
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..offset].encode_utf16().count()})
}

const PARTIES: &str = "party seller \"Crème brûlée 𝄞\" { batna 10 }\nparty buyer { batna 10 }\n";

/// The accented display name comes before the error on its line: the
/// range must count UTF-16 units (é and û are one each, 𝄞 two), not bytes
/// or characters.
const BROKEN: &str = "import \"parties.neg\"\nissue price : $100 .. $200 step $50\nparty agent \"Zoë Ängström 𝄞\" { batna 5 care 0.1 for nobody }\n";

const PLAN: &str = r#"import "parties.neg"
issue price : $100 .. $200 step $50
issue delivery : fast | slow
prefs buyer {
    weight price 60%, delivery 40%
    price = linear($100 -> 100, $200 -> 0)
    delivery = { fast: 100, slow: 0 }
}
prefs seller {
    weight price 70%, delivery 30%
    price = linear($100 -> 0, $200 -> 100)
    delivery = { fast: 0, slow: 100 }
}
offer mid by seller { price: $150, delivery: fast }
evaluate mid
"#;

#[test]
fn an_editor_session() {
    let dir = scratch("session");
    std::fs::write(dir.join("parties.neg"), PARTIES).unwrap();
    let plan_path = dir.join("deal.neg");
    std::fs::write(&plan_path, BROKEN).unwrap();
    let plan = uri(&plan_path);
    let parties = uri(&dir.join("parties.neg"));
    let mut c = Client::start();

    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentFormattingProvider",
    ] {
        assert_eq!(caps[cap], true, "{cap}");
    }
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    c.notify("initialized", json!({}));

    // Open the broken buffer: an error at `nobody`, in UTF-16 columns.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": plan, "languageId": "neg", "version": 1, "text": BROKEN}}),
    );
    let diags = c.diagnostics(&plan);
    // (`agent` has no score sheet either: a second error, on its name.)
    assert_eq!(diags.len(), 2, "{diags:?}");
    let d = diags
        .iter()
        .find(|d| d["code"] == "neg::check::unknown-name")
        .expect("unknown name");
    let line = BROKEN.lines().nth(2).unwrap();
    let before = &line[..line.find("nobody").unwrap()];
    let (units, chars, bytes) = (
        before.encode_utf16().count(),
        before.chars().count(),
        before.len(),
    );
    assert!(
        units != chars && units != bytes,
        "the test line must tell them apart"
    );
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": units}));
    assert_eq!(
        d["range"]["end"],
        json!({"line": 2, "character": units + "nobody".len()})
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "neg");
    assert!(d["code"].as_str().unwrap().starts_with("neg::"), "{d}");
    assert!(d["message"].as_str().unwrap().contains("nobody"), "{d}");

    // Fix it (an unsaved change): the diagnostics clear.
    assert_eq!(c.change(&plan, 2, PLAN), Vec::<Value>::new());

    // Hover on the offer: evaluate's figures. buyer: 60% × 50 + 40% × 100
    // = 70; seller: 70% × 50 + 30% × 0 = 35.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": plan}, "position": at(PLAN, "mid by")}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("70") && text.contains("35"), "{text}");
    assert_eq!(hover["range"]["start"], at(PLAN, "mid by"));
    // Hover on an issue: each party's points for its options (buyer: fast
    // adds 40% × 100 = 40, slow 0; seller: 0 and 30).
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": plan}, "position": at(PLAN, "delivery :")}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("| `buyer` | 40% | 40 | 0 |") && text.contains("| `seller` | 30% | 0 | 30 |"),
        "{text}"
    );

    // Completion after `delivery: ` in an offer: that issue's options.
    let typed = format!("{PLAN}offer o {{ delivery: ");
    let _ = c.change(&plan, 3, &typed);
    let end = typed.lines().count() - 1;
    let pos = json!({"line": end, "character": typed.lines().last().unwrap().len()});
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": plan}, "position": pos}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["fast", "slow"]);
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": pos, "end": pos})
    );
    // A space typed in an expression pops nothing up; asked for, the
    // expression's names come.
    let typed = format!("{PLAN}assert ");
    let _ = c.change(&plan, 3, &typed);
    let pos = json!({"line": typed.lines().count() - 1, "character": "assert ".len()});
    let by_space = c.request("textDocument/completion", json!({"textDocument": {"uri": plan}, "position": pos, "context": {"triggerKind": 2, "triggerCharacter": " "}}));
    assert_eq!(by_space, json!([]));
    let asked = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": plan}, "position": pos, "context": {"triggerKind": 1}}),
    );
    let labels: Vec<&str> = asked
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"price") && labels.contains(&"utility") && labels.contains(&"mid"),
        "{labels:?}"
    );
    let _ = c.change(&plan, 4, PLAN);

    // Go to definition of `seller` (in the imported file).
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": plan}, "position": at(PLAN, "seller {")}),
    );
    assert_eq!(def["uri"], json!(parties));
    assert_eq!(def["range"]["start"], json!({"line": 0, "character": 6}));
    assert_eq!(def["range"]["end"], json!({"line": 0, "character": 12}));

    // References of `seller`: the declaration, `prefs seller`, `by seller`.
    let refs = c.request("textDocument/references", json!({"textDocument": {"uri": plan}, "position": at(PLAN, "seller {"), "context": {"includeDeclaration": true}}));
    assert_eq!(refs.as_array().unwrap().len(), 3, "{refs}");

    // Rename `seller` to `vendor` across both files.
    let prepared = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": plan}, "position": at(PLAN, "seller {")}),
    );
    assert_eq!(prepared["placeholder"], "seller");
    let edit = c.request("textDocument/rename", json!({"textDocument": {"uri": plan}, "position": at(PLAN, "seller {"), "newName": "vendor"}));
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes[&plan].as_array().unwrap().len(), 2);
    assert_eq!(changes[&parties].as_array().unwrap().len(), 1);
    for e in changes.values().flat_map(|v| v.as_array().unwrap()) {
        assert_eq!(e["newText"], "vendor");
    }
    // Renaming onto another name, or a keyword, is refused.
    let err = c.request_error("textDocument/rename", json!({"textDocument": {"uri": plan}, "position": at(PLAN, "seller {"), "newName": "buyer"}));
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("already names a party"),
        "{err}"
    );
    let err = c.request_error("textDocument/rename", json!({"textDocument": {"uri": plan}, "position": at(PLAN, "seller {"), "newName": "offer"}));
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("word of the language"),
        "{err}"
    );
    // Names clash across kinds: an option's name is read in expressions.
    let err = c.request_error(
        "textDocument/rename",
        json!({"textDocument": {"uri": plan}, "position": at(PLAN, "seller {"), "newName": "fast"}),
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("an option of `delivery`"),
        "{err}"
    );

    // An unsaved change to the open import breaks the plan that imports it.
    let renamed = PARTIES.replace("party seller", "party vendor");
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": parties, "languageId": "neg", "version": 1, "text": renamed}}));
    let diags = c.diagnostics(&plan);
    assert!(
        diags.iter().any(|d| d["message"]
            .as_str()
            .unwrap()
            .contains("unknown party `seller`")),
        "{diags:?}"
    );
    assert_eq!(c.diagnostics(&parties), Vec::<Value>::new());
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": parties}}),
    );
    assert_eq!(c.diagnostics(&plan), Vec::<Value>::new());

    // The outline: issues (with their options), sheets and the offer.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": plan}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["price", "delivery", "prefs buyer", "prefs seller", "mid"]
    );
    assert_eq!(symbols[1]["children"].as_array().unwrap().len(), 2);

    // Formatting gives `neg fmt`'s layout.
    let messy = PLAN.replace(
        "offer mid by seller { price: $150, delivery: fast }",
        "offer   mid  by seller {price: $150,delivery: fast}",
    );
    let _ = c.change(&plan, 5, &messy);
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": plan}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0]["newText"].as_str().unwrap(),
        neg::fmt::format_source(&messy).unwrap()
    );
    assert!(edits[0]["newText"]
        .as_str()
        .unwrap()
        .contains("offer mid by seller { price: $150, delivery: fast }"));

    // An unknown request is an error, not a crash.
    let err = c.request_error(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": plan}}),
    );
    assert_eq!(err["code"], -32601);

    let shutdown = c.request("shutdown", json!(null));
    assert_eq!(shutdown, Value::Null);
    // After `shutdown`, a request is refused, and `exit` still ends well.
    let err = c.request_error(
        "textDocument/hover",
        json!({"textDocument": {"uri": plan}, "position": at(PLAN, "mid by")}),
    );
    assert_eq!(err["code"], -32600);
    c.notify("exit", json!(null));
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// Input that is no message stops the server with a message that says so
/// (exit 1), and `exit` before `shutdown` is exit 1 too.
#[test]
fn unreadable_input_and_an_early_exit() {
    let mut c = Client::start();
    c.stdin
        .write_all(b"Content-Length: 5\r\n\r\n{bad}")
        .unwrap();
    c.stdin.flush().unwrap();
    let out = c.child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));

    let mut c = Client::start();
    let err = c.request_error("textDocument/hover", json!({}));
    assert_eq!(err["code"], -32002, "{err}");
    let _ = c.request("initialize", json!({"capabilities": {}}));
    c.notify("exit", json!(null));
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}
