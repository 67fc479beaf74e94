import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { describeJurisdiction, describeRegionCode, regionInJurisdiction } from '../support';

const REGION = '[a-z]{2,4}(?:-[a-z]+){1,2}-\\d+';
/** `arn:aws:kms:eu-west-2:...`, `kms.eu-west-2.amazonaws.com`, `s3.eu-west-2.${dns_suffix}`, `com.amazonaws.eu-west-2.s3`. */
const PATTERNS = [
  new RegExp(`\\barn:aws[a-z-]*:[a-z0-9-]+:(${REGION}):`, 'g'),
  new RegExp(`\\.(${REGION})\\.(?:amazonaws\\.com|api\\.aws|\\$\\{)`, 'g'),
  new RegExp(`\\bcom\\.amazonaws\\.(${REGION})\\.`, 'g'),
];

/** Region codes named by ARNs and AWS service endpoints anywhere in a value. */
export function regionsNamedIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) found.add(m[1]);
  return found;
}

/** Sovereign-ResidencyArnRegion: ARNs and AWS endpoints a resource refers to name regions of the jurisdiction. */
export const ResidencyArnRegion = defineRule(
  {
    id: 'Sovereign-ResidencyArnRegion',
    level: 'error',
    family: 'residency',
    description:
      'Every literal ARN (`arn:aws:<service>:<region>:`) and AWS service endpoint (`<service>.<region>.amazonaws.com`, `com.amazonaws.<region>.<service>`) in a resource\'s arguments names a region of the jurisdiction: no key, log group, image registry or endpoint abroad.',
    appliesTo: ['*'],
  },
  function ResidencyArnRegion(resource, ctx) {
    const j = ctx.jurisdiction!;
    const outside: string[] = [];
    for (const [attribute, value] of Object.entries(resource.attrs)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
      if (!text.includes('arn:') && !text.includes('amazonaws')) continue;
      for (const region of regionsNamedIn(text)) {
        if (!regionInJurisdiction('aws', region, j)) outside.push(`${attribute} names ${describeRegionCode('aws', region)}`);
      }
    }
    return outside.length === 0 ? COMPLIANT : nonCompliant(`${outside.join('; ')}: outside jurisdiction ${describeJurisdiction(j)}`);
  },
);
