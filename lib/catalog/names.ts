/**
 * Name and number rules that policy validation, constructs and the rule pack share: each returns
 * why a value breaks the rule (or nothing), and each caller wraps that in its own kind of error.
 */

/**
 * Why `name` cannot be an S3 general purpose bucket name (empty when it can), by the S3 naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html; docs/facts/security-rules.md
 * §5.1). Stricter than S3 on one point: dots are refused (virtual-hosted HTTPS certificates do not
 * match dotted names; trivy AWS-0320).
 */
export function s3BucketNameProblems(name: string): string[] {
  return [
    (name.length < 3 || name.length > 63) && `it has ${name.length} characters (3-63)`,
    !/^[a-z0-9.-]+$/.test(name) && 'only lower-case letters, digits, "." and "-" are allowed',
    !/^[a-z0-9].*[a-z0-9]$/.test(name) && 'it must begin and end with a letter or digit',
    name.includes('..') && 'it has two adjacent periods',
    /^\d{1,3}(\.\d{1,3}){3}$/.test(name) && 'it is formatted as an IP address',
    /^(xn--|sthree-|amzn-s3-demo-)/.test(name) && 'it starts with a reserved prefix (xn--, sthree-, amzn-s3-demo-)',
    /(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(name) && 'it ends with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3)',
    name.includes('.') && 'it has a "." (virtual-hosted HTTPS certificates do not match dotted names; trivy AWS-0320): use "-"',
  ].filter((p): p is string => typeof p === 'string');
}

/** Why `value` is not an integer from `min` to `max` (`objectLockDays must be an integer from 1 to 36500, got 0`), or undefined. */
export function integerRangeProblem(what: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `${what} must be an integer from ${min} to ${max}, got ${value}`;
}
