export { DEAD_LETTER_STORE, type DeadLetterFilter, type DeadLetterPage, type DeadLetterStore, type DeadLetterView, type StoredDeadLetter } from './dead-letters.port';
export { ClickHouseDeadLetters, InvalidCursorError, type ClickHouseDeadLettersOptions } from './clickhouse-dead-letters';
export { DEAD_LETTER_MIGRATIONS, DEAD_LETTERS_TABLE, DEAD_LETTER_REPLAYS_TABLE } from './dead-letters.migrations';
export { deadLetterIdOf } from './dead-letter-row';
export { replayRecordOf, whyNotReplayable } from './dead-letter-replay';
