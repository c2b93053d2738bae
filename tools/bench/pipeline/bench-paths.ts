import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Third-party corpora, read in place (never copied into the repository). */
export const CORPORA_DIR = join(REPO_ROOT, '..', 'shared', 'corpora');
export const SIGMA_DIR = join(CORPORA_DIR, 'sigma');
