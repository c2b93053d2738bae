import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { z } from 'zod';
import { boolFromString, type BaseServiceConfig } from '@quell/platform-config';
import { consoleConfigOf, ConsoleFiles } from '@quell/platform-http';
import { LOGGER, type Logger } from '@quell/platform-observability';

/** The web console's settings in the distributed mode, where the incident-manager serves it (the all-in-one serves it on its one port). */
export const consoleSettings = {
  CONSOLE_ENABLED: boolFromString()
    .default(true)
    .describe('Serve the web console at `/` of this port (static files; every API it calls still asks for its key). With no build in CONSOLE_DIR, `/` answers 503 saying how to build it.'),
  CONSOLE_DIR: z
    .string()
    .min(1)
    .default('apps/console/dist')
    .describe('The console\'s build (`npm run build:console`), relative to the working directory; the image has it at /app/apps/console/dist.'),
};

export interface ConsoleSettings {
  CONSOLE_ENABLED: boolean;
  CONSOLE_DIR: string;
}

/** The console's files (and its config.json: the OIDC sign-in to offer) under these settings, or none when it is turned off. */
export function consoleFilesOf(config: ConsoleSettings & BaseServiceConfig): ConsoleFiles | undefined {
  return config.CONSOLE_ENABLED ? new ConsoleFiles(resolve(config.CONSOLE_DIR), consoleConfigOf(config)) : undefined;
}

/** Mounts the console before the API routes (a path of its own, so no API route is shadowed); warns when it is not built. */
export function serveConsole(app: INestApplication, config: ConsoleSettings & BaseServiceConfig): void {
  const files = consoleFilesOf(config);
  if (!files) return;
  if (!files.built()) {
    app.get<symbol, Logger>(LOGGER).warn({ dir: resolve(config.CONSOLE_DIR) }, 'the web console is not built there: / answers 503 (npm run build:console, or CONSOLE_ENABLED=false)');
  }
  app.use(files.middleware());
}
