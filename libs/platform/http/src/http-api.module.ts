import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemDetailsFilter } from './problem/problem-details.filter';

/**
 * Import into a module with an HTTP API: every HTTP error of the app is answered as problem+json.
 * The module's own API_KEY_STORE provider gives its @RequireScope routes their keys.
 */
@Module({ providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }] })
export class HttpApiModule {}
