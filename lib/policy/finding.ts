/**
 * One problem of a policy, before it is located in the file: what the validators (validate*.ts)
 * return. Its own module, so the validators import it without importing each other (no cycle).
 */
import type { PolicyPath } from './problems';

export interface Finding {
  readonly severity: 'error' | 'warning';
  readonly path: PolicyPath;
  readonly message: string;
  /** Point at the key rather than the value (for "should not be here" findings). */
  readonly atKey?: boolean;
  /** The path as printed, where `path` itself must not be shown (a secret used as a key). */
  readonly shownPath?: PolicyPath;
}
