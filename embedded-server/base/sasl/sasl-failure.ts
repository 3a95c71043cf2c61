// RFC 6120 §6.5 SASL failure conditions: what a mechanism reports when an exchange fails.
export const SASL_FAILURE_CONDITIONS = [
  'aborted',
  'account-disabled',
  'credentials-expired',
  'encryption-required',
  'incorrect-encoding',
  'invalid-authzid',
  'invalid-mechanism',
  'malformed-request',
  'mechanism-too-weak',
  'not-authorized',
  'temporary-auth-failure',
] as const;

export type SaslFailureCondition = (typeof SASL_FAILURE_CONDITIONS)[number];

export interface SaslFailure {
  failure: SaslFailureCondition;
  /** For logs and the optional <text/> of <failure/>; never reveals whether the account exists. */
  text?: string;
}

export function isSaslFailure(value: unknown): value is SaslFailure {
  return typeof value === 'object' && value !== null && 'failure' in value;
}
