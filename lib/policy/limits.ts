/**
 * Limits every policy file meets before it is parsed into objects. A policy is a few kilobytes of
 * plain data (the shipped ones: 1-3 KB, 46-206 values, nesting 7 levels, one alias); each limit is
 * far above that and far below what hurts. Each limit has its own located error that names it.
 * Measured here (2 shared cores): the worst hostile files we tried (1 MiB of one-character list
 * items, 1 MiB of secret-looking environment values, 25 lists of 900 items) are refused by
 * `validate` in at most 0.8 s with at most 105 MB peak RSS, and by the app under `cdktn synth` in at
 * most 1.4 s with 143 MB, no more than an accepted synth of the India policy (1.4 s, 138 MB).
 */
export const POLICY_LIMITS = Object.freeze({
  /** Bytes read from a policy file (no more are read). 1 MiB is 300 times the largest shipped policy. */
  maxBytes: 1024 * 1024,
  /**
   * Nesting of collections (maps, sequences, flow brackets). The schema's deepest value is 7 levels
   * down; the YAML composer and `toJS` recurse once per level (they overflowed the stack at about
   * 1,800 levels here), so the check runs on the parser's flat token tree before either.
   */
  maxDepth: 32,
  /**
   * Values (scalars and collections, before aliases are expanded), counted on the token tree before
   * the YAML document is composed. The default policy has 206 for three jurisdictions; 20,000 leaves
   * room for a jurisdiction per country of the world. Composing is quadratic in a map's size (the
   * unique-key check): 100,000 keys in 1 MiB took 300 s here before this limit.
   */
  maxNodes: 20_000,
  /**
   * Lexical tokens (scalars, indicators, spaces, line breaks), counted while the parser reads them,
   * so that no token tree larger than this is ever built: the default policy has 790; a 1 MiB list
   * of one-character items has 1.5 million, and its token tree alone took 500 MB here.
   */
  maxTokens: 100_000,
  /** Entries of one map or sequence: the longest list a policy needs is every country (249). */
  maxItems: 1_000,
  /** Alias nodes (`*name`). The default policy uses one; a template might use a few dozen. */
  maxAliases: 64,
  /**
   * Nodes of the document once every alias is expanded: what `toJS` would build. An alias bomb of
   * nine nested aliases, nine times each, is 10^9 nodes from 300 bytes; a real policy is under 5,000.
   */
  maxExpandedNodes: 50_000,
});

/** `1 MiB (1048576 bytes)` */
export function describeBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB (${n} bytes)` : `${n} bytes`;
}
