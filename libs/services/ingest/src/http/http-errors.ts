import { HttpException } from '@nestjs/common';

/** Every refusal answers the same JSON shape: `{ statusCode, error, message }`. */
export function refuse(status: number, error: string, message: string): HttpException {
  return new HttpException({ statusCode: status, error, message }, status);
}
