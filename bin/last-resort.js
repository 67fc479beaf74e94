/**
 * The last-resort handler of every entry point (bin/cdktf-sovereign-ai.js, scripts/app.js): anything
 * thrown and not handled becomes one `error:` line on stderr and exit code 2, never a stack trace
 * (the stack is printed only when DEBUG is set). Control characters are escaped and the message is
 * cut, so the line stays one line whatever a policy value put into it.
 */
'use strict';

const MAX_CHARS = 2000;

function oneLine(text) {
  const escaped = String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u{${c.codePointAt(0).toString(16).padStart(4, '0')}}`,
  );
  return escaped.length > MAX_CHARS ? `${escaped.slice(0, MAX_CHARS)}… (${escaped.length} characters, cut)` : escaped;
}

/** Prints `e` as one line (and its stack under DEBUG) and exits 2. */
function fail(e) {
  const message = e instanceof Error ? `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}` : String(e);
  const hint = process.env.DEBUG ? '' : ' (unexpected; set DEBUG=1 for the stack trace)';
  try {
    process.stderr.write(`error: ${oneLine(message)}${hint}\n`);
    if (process.env.DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  } finally {
    process.exit(2);
  }
}

/** Installs the handler for uncaught exceptions and unhandled rejections; returns it for try/catch use. */
function installLastResort() {
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  return fail;
}

module.exports = { installLastResort, fail, oneLine };
