import 'reflect-metadata';
import { runService } from '@quell/platform-service-kit';
import { normalizerService } from '@quell/service-normalizer';

void runService(normalizerService);
