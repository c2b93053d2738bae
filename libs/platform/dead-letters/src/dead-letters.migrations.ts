import type { MigrationSet } from '@quell/platform-clickhouse';
import { DEAD_LETTERS_0001 } from './migrations/0001-dead-letters.migration';

/** The dead letters kept for operators (list, replay once). */
export const DEAD_LETTER_MIGRATIONS: MigrationSet = {
  // WARNING: recorded with each applied migration; never rename.
  id: 'dead-letters',
  migrations: [DEAD_LETTERS_0001],
};

/** WARNING: the tables of DEAD_LETTERS_0001; renaming one loses the letters or their replays. */
export const DEAD_LETTERS_TABLE = 'quell_dead_letters';
export const DEAD_LETTER_REPLAYS_TABLE = 'quell_dead_letter_replays';
