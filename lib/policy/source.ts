/**
 * From bytes to policy text: a regular file of at most `POLICY_LIMITS.maxBytes`, valid UTF-8 (a
 * malformed byte is refused with its offset, never replaced by U+FFFD), and no control or
 * bidirectional-override character outside comments' line ends (they would reach resource
 * attributes or hide text from a reviewer). Each refusal is a located problem.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { POLICY_LIMITS, describeBytes } from './limits';
import type { PolicyProblem } from './problems';

export type SourceResult = { readonly text: string; readonly problem?: undefined } | { readonly text?: undefined; readonly problem: PolicyProblem };

function refuse(file: string, message: string, at?: { line: number; column: number }, path = '(file)'): { problem: PolicyProblem } {
  return { problem: { severity: 'error', file, line: at?.line, column: at?.column, path, message } };
}

/** Line and column (1-based; the column counts bytes) of a byte offset. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) (line++, (start = i + 1));
  return { line, column: offset - start + 1 };
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode 15, table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Characters refused anywhere in a policy: C0 controls but tab, line feed and carriage return; DEL; C1; bidi controls. */
const REFUSED_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Checks decoded text: size in UTF-8 bytes and refused characters. `file` names it in problems. */
export function checkPolicyText(text: string, file: string): PolicyProblem | undefined {
  if (Buffer.byteLength(text, 'utf8') > POLICY_LIMITS.maxBytes) return decodePolicy(Buffer.from(text, 'utf8'), file).problem;
  const m = REFUSED_CHAR.exec(text);
  if (m) {
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    const column = m.index - before.lastIndexOf('\n');
    const code = `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    const what = /[\u202a-\u202e\u2066-\u2069]/.test(m[0]) ? 'a bidirectional override' : 'a control character';
    return refuse(file, `${what} (${code}) is not allowed in a policy file: it would reach resource names and tags, or hide text from a reviewer; allowed: printable text, tab and line breaks`, { line, column }, '(text)').problem;
  }
  return undefined;
}

/** Decodes policy bytes: refuses invalid UTF-8 with its byte offset; drops a UTF-8 byte order mark. */
export function decodePolicy(bytes: Uint8Array, file: string): SourceResult {
  if (bytes.length > POLICY_LIMITS.maxBytes) {
    // Located at the first byte over the limit: only that much is ever read.
    return refuse(file, `the policy file is larger than the limit of ${describeBytes(POLICY_LIMITS.maxBytes)} (this is its first byte over it); a policy is plain data of a few kilobytes`, bytePosition(bytes, POLICY_LIMITS.maxBytes), '(size)');
  }
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    return refuse(file, 'the policy file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8', { line: 1, column: 1 });
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const at = bytePosition(bytes, bad);
    return refuse(file, `invalid UTF-8: byte 0x${bytes[bad].toString(16).padStart(2, '0')} at byte offset ${bad} is not part of a valid UTF-8 sequence; save the file as UTF-8`, at, '(text)');
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
  const problem = checkPolicyText(text, file);
  return problem ? { problem } : { text };
}

/** Reads a policy file: a regular file, at most `maxBytes` read (one more to tell it is over). */
export function readPolicySource(path: string, file = path): SourceResult {
  let fd: number;
  try {
    // Non-blocking: opening a named pipe for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return refuse(file, `cannot read the policy file: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return refuse(file, `not a regular file (${stat.isDirectory() ? 'a directory' : 'a device, pipe or socket'}); give the path of a .yaml or .json policy file`);
    const buffer = Buffer.alloc(POLICY_LIMITS.maxBytes + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    return decodePolicy(buffer.subarray(0, length), file);
  } catch (e) {
    return refuse(file, `cannot read the policy file: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    closeSync(fd);
  }
}
