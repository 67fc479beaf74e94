/**
 * `cdktn synth --hcl` repairs. CDK Terrain 0.24's HCL renderer (node_modules/cdktn/lib/hcl/render.js)
 * writes HCL that Terraform refuses at init for two things every stack here has (seen with
 * terraform 1.11.4, `terraform init -backend=false` on the written cdk.tf):
 * 1. `renderTerraform` passes the *names* of the terraform block's other attributes to
 *    `renderSimpleAttributes`, so `required_version` (and OpenTofu's `encryption`) come out as
 *    `0 = "required_version"` ("Argument or block definition required").
 * 2. `escapeQuotes` does not escape a string that holds `${`, so a JSON policy document with a
 *    reference (`"Resource":"${aws_s3_bucket.x.arn}"`) comes out as `policy = "{"Version":...}"`
 *    ("Invalid character").
 * 3. a string with a backslash (`selection_pattern = "5\\d{2}"`) is written unescaped ("Invalid escape
 *    sequence"); 4. `lifecycle.precondition` is written as a list argument, not blocks ("Unsupported
 *    argument ... Did you mean to define a block of type precondition?").
 * Until the renderer is fixed upstream, a stack's `toHclTerraform` is wrapped: the numbered lines are
 * replaced by the real attributes, invalid strings become `chomp(<<EOT ... EOT)` heredocs, which
 * take quotes and backslashes literally, keep `${...}` as references and evaluate to exactly the
 * JSON-mode value, and conditions become blocks.
 * JSON output (the default) is untouched.
 */
import type { TerraformStack } from 'cdktn';

const REPAIRED = Symbol.for('cdktf-sovereign-ai/hcl-repaired');

function quote(value: unknown): string {
  return JSON.stringify(value); // HCL quoted strings accept JSON's escapes (\" \\ \n \uXXXX)
}

/** A value of the terraform block's own attributes: strings, numbers, booleans, lists, maps. */
function renderValue(value: unknown, indent: string): string {
  if (Array.isArray(value)) return `[${value.map((v) => renderValue(v, indent)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => `${indent}  ${k} = ${renderValue(v, `${indent}  `)}`);
    return `{\n${inner.join('\n')}\n${indent}}`;
  }
  return quote(value);
}

/** `method = "method.aes_gcm.x"` (JSON form) as the bare reference HCL needs; `keys = "${...}"` likewise. */
function reference(value: unknown): string {
  const s = String(value);
  const m = /^\$\{([^}]+)\}$/.exec(s);
  return m ? m[1] : s;
}

function renderTarget(name: string, target: Record<string, any>, indent: string): string[] {
  const lines = [`${indent}${name} {`];
  if (target.method !== undefined) lines.push(`${indent}  method = ${reference(target.method)}`);
  if (target.enforced !== undefined) lines.push(`${indent}  enforced = ${target.enforced === true}`);
  if (target.fallback) lines.push(...renderTarget('fallback', target.fallback, `${indent}  `));
  lines.push(`${indent}}`);
  return lines;
}

/** OpenTofu's `encryption` block (the shape stateEncryptionBlock writes) in HCL. */
export function renderEncryptionHcl(encryption: Record<string, any>, indent = '  '): string {
  const lines = [`${indent}encryption {`];
  const labelled = (kind: string, byType: Record<string, Record<string, Record<string, any>>> | undefined) => {
    for (const [type, byName] of Object.entries(byType ?? {})) {
      for (const [name, attrs] of Object.entries(byName)) {
        lines.push(`${indent}  ${kind} ${quote(type)} ${quote(name)} {`);
        for (const [k, v] of Object.entries(attrs ?? {})) lines.push(`${indent}    ${k} = ${k === 'keys' ? reference(v) : renderValue(v, `${indent}    `)}`);
        lines.push(`${indent}  }`);
      }
    }
  };
  labelled('key_provider', encryption.key_provider);
  labelled('method', encryption.method);
  for (const target of ['state', 'plan'] as const) if (encryption[target]) lines.push(...renderTarget(target, encryption[target], `${indent}  `));
  const remote = encryption.remote_state_data_sources;
  if (remote) {
    lines.push(`${indent}  remote_state_data_sources {`);
    if (remote.default) lines.push(...renderTarget('default', remote.default, `${indent}    `));
    lines.push(`${indent}  }`);
  }
  lines.push(`${indent}}`);
  return lines.join('\n');
}

/** Replaces the renderer's `<n> = "<attribute>"` lines in the terraform block with the attributes themselves. */
export function repairTerraformBlock(hcl: string, terraform: Record<string, any>): string {
  // Only that bug writes an unquoted numeric name: the renderer quotes keys that start with a digit.
  return hcl.replace(/^\s*\d+ = "([A-Za-z_]+)"$/gm, (line, name: string) => {
    if (!(name in terraform)) return line;
    return name === 'encryption' ? renderEncryptionHcl(terraform.encryption) : `  ${name} = ${renderValue(terraform[name], '  ')}`;
  });
}

/**
 * True when `content` is a valid HCL quoted-string body: outside `${...}` / `%{...}` no bare `"`, and
 * a backslash only in the escapes HCL knows (\n \r \t \" \\ \uXXXX \UXXXXXXXX).
 */
export function isValidQuotedHcl(content: string): boolean {
  let depth = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (depth > 0) {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      continue;
    }
    if ((c === '$' || c === '%') && content[i + 1] === '{') {
      depth = 1;
      i++;
    } else if (c === '"') return false;
    else if (c === '\\') {
      const next = content[i + 1];
      if (next === 'u' || next === 'U') i += next === 'u' ? 5 : 9;
      else if (next !== undefined && 'nrt"\\'.includes(next)) i++;
      else return false;
    }
  }
  return depth === 0;
}

/**
 * `name = "<content>"` lines whose content is not valid HCL (quotes left unescaped next to `${`,
 * backslashes never escaped) become `chomp(<<EOT ... EOT)` heredocs of the raw value: a heredoc
 * takes quotes and backslashes literally and still evaluates `${...}` (checked with terraform 1.11.4
 * `terraform console`), and chomp drops the heredoc's final newline, so the value is the JSON-mode one.
 */
export function repairInterpolatedStrings(hcl: string): string {
  return hcl.replace(/^(\s*[A-Za-z0-9_-]+) = "(.*)"$/gm, (line, lhs: string, content: string) => {
    if (isValidQuotedHcl(content)) return line;
    // The renderer escaped quotes (not after a backslash) only in strings without `${`.
    const raw = content.includes('${') ? content : content.replace(/\\"/g, '"');
    if (/^\s*EOT\s*$/m.test(raw)) return line;
    return `${lhs} = chomp(<<EOT\n${raw}\nEOT\n)`;
  });
}

/**
 * `precondition = [ {...}, ]` (and postcondition) inside `lifecycle`, which the renderer writes as a
 * list argument, become one `precondition { ... }` block per element, as Terraform requires.
 */
export function repairConditionBlocks(hcl: string): string {
  const lines = hcl.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(precondition|postcondition) = \[$/.exec(lines[i]);
    if (!m) {
      out.push(lines[i]);
      continue;
    }
    let j = i + 1;
    for (; j < lines.length && lines[j].trim() !== ']'; j++) {
      const t = lines[j].trim();
      if (t === '{') out.push(`${m[1]}${m[2]} {`);
      else if (t === '},' || t === '}') out.push(`${m[1]}}`);
      else out.push(`${m[1]}  ${t}`);
    }
    i = j; // skip the closing `]`
  }
  return out.join('\n');
}

/**
 * Wraps the stack's HCL rendering with the two repairs (once per stack). Call it after the terraform
 * block's overrides are known or before: the repair reads them at synth time.
 */
export function repairHclOutput(stack: TerraformStack): void {
  const s = stack as TerraformStack & { [REPAIRED]?: true };
  if (s[REPAIRED]) return;
  s[REPAIRED] = true;
  const original = stack.toHclTerraform.bind(stack);
  stack.toHclTerraform = () => {
    const out = original();
    const terraform = (stack.toTerraform() as { terraform?: Record<string, any> }).terraform ?? {};
    return { ...out, hcl: repairConditionBlocks(repairInterpolatedStrings(repairTerraformBlock(out.hcl, terraform))) };
  };
}
