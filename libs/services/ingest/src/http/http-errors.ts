import { HttpException } from '@nestjs/common';

/**
 * Every refusal answers the same JSON shape: `{ statusCode, error, message }`, plus a machine-readable
 * `reason` where clients must tell two refusals of one status apart (a saturated pipeline from an outage).
 */
export function refuse(status: number, error: string, message: string, reason?: string): HttpException {
  return new HttpException(reason === undefined ? { statusCode: status, error, message } : { statusCode: status, error, reason, message }, status);
}
