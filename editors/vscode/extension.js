// The VS Code client of the neg language server: starts `<neg.path> lsp` and
// talks to it over stdin and stdout. Plain JavaScript, no build step.
'use strict';

const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The `neg` program from the `neg.path` setting, with a leading `~` expanded. */
function negProgram() {
    const setting = vscode.workspace.getConfiguration('neg').get('path') || 'neg';
    if (setting === '~' || setting.startsWith('~/')) {
        return path.join(os.homedir(), setting.slice(1));
    }
    return setting;
}

async function start() {
    const command = negProgram();
    // No `transport`: the client then speaks over the process's stdio and
    // adds no `--stdio` argument.
    const serverOptions = { command, args: ['lsp'] };
    const clientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'neg' },
            { scheme: 'untitled', language: 'neg' },
        ],
    };
    // The id `neg` makes the client read the `neg.trace.server` setting.
    client = new LanguageClient('neg', 'neg', serverOptions, clientOptions);
    try {
        await client.start();
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        vscode.window.showErrorMessage(
            `Could not start the neg language server (\`${command} lsp\`): ${message}. ` +
                'Install neg, or set "neg.path" to the neg program.'
        );
    }
}

async function stop() {
    const running = client;
    client = undefined;
    if (running) {
        try {
            await running.dispose();
        } catch {
            // A server that never started, or has died, has nothing to stop.
        }
    }
}

async function restart() {
    await stop();
    await start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
    context.subscriptions.push(
        vscode.commands.registerCommand('neg.restartServer', restart),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration('neg.path')) {
                restart();
            }
        })
    );
    await start();
}

function deactivate() {
    return stop();
}

module.exports = { activate, deactivate };
