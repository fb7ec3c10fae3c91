/** Error classes of the AWS SDK, shared by the commands that call AWS (EKS, ECR). */

// Error codes of AWS's request authentication, shared by every service.
export const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
export const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch',
  'IncompleteSignature', 'MissingAuthenticationToken', 'MissingAuthenticationTokenException', 'InvalidAccessKeyId', 'AuthFailure',
]);
export const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'NotAuthorized']);
// The SDK's own list of throttling codes (retried by its standard strategy before we see them).
export const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled',
  'RequestThrottledException', 'ProvisionedThroughputExceededException', 'SlowDown', 'BandwidthLimitExceeded',
  'TransactionInProgressException', 'EC2ThrottledException', 'PriorRequestNotComplete',
]);
export const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROTO']);
export const TLS = /^(CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_TLS_|ERR_SSL_)/;

/** First line of a message from the service, short enough for a one-line error. */
export function oneLine(message: unknown): string {
  const s = String(message ?? '').split('\n')[0].trim();
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}
