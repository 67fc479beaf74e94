/**
 * The machine-readable findings report written next to each stack's `cdk.tf.json`
 * (`cdktf.out/stacks/<stack>/sovereignty-findings.json`), and the annotation text of a finding.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Jurisdiction } from '../catalog';
import { activeFindings, type SovereigntyFinding } from './evaluate';

/** File name of the report in a stack's output folder (not `*.tf.json`: Terraform ignores it). */
export const FINDINGS_REPORT_FILE = 'sovereignty-findings.json';

export interface FindingsReport {
  readonly version: 1;
  readonly stack: string;
  /** The jurisdiction the residency rules checked against; null when the stack has none (they did not run). */
  readonly jurisdiction: { readonly id: string; readonly countries: readonly string[] } | null;
  /** Ids of the rules that ran. */
  readonly rules: readonly string[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly suppressed: number };
  /** Every non-compliant result, suppressed ones included (with their reason). */
  readonly findings: readonly SovereigntyFinding[];
}

export function buildReport(stack: string, jurisdiction: Jurisdiction | undefined, rules: readonly string[], findings: readonly SovereigntyFinding[]): FindingsReport {
  return {
    version: 1,
    stack,
    jurisdiction: jurisdiction ? { id: jurisdiction.id, countries: [...jurisdiction.countries] } : null,
    rules: [...rules],
    summary: {
      errors: activeFindings(findings, 'error').length,
      warnings: activeFindings(findings, 'warning').length,
      suppressed: findings.filter((f) => f.suppressed).length,
    },
    findings: [...findings],
  };
}

export function writeReport(file: string, report: FindingsReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** `[Sovereign-S3Tls] aws_s3_bucket.x: <message>` */
export function annotationText(finding: SovereigntyFinding): string {
  return `[${finding.ruleId}] ${finding.resource}: ${finding.message}`;
}
