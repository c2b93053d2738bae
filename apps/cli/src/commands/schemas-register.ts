import { isDeepStrictEqual } from 'node:util';
import { loadSchemaCatalog, type SchemaCatalog, type SchemaVersion } from '@quell/contracts';
import { SchemaRegistryClient } from './schema-registry.client';

export interface SchemasIo {
  out(line: string): void;
  err(line: string): void;
}

type VersionOutcome = 'registered' | 'already registered' | 'would be registered' | 'conflict';

/**
 * Registers every released Quell schema version in a Confluent Schema Registry under the subject
 * and fixed id of schemas/schema-ids.json (Quell writes those ids without asking a registry), by
 * IMPORT mode per subject, restored afterwards. Versions already there with the same schema are
 * left alone, so it can run again after each release; an id holding another schema is a conflict.
 * Returns the exit code: 0 done, 2 a conflict (nothing more registered for that subject).
 */
export async function schemasRegister(registryUrl: string, options: { dryRun: boolean; json?: boolean }, io: SchemasIo, catalog: SchemaCatalog = loadSchemaCatalog()): Promise<number> {
  const registry = new SchemaRegistryClient(registryUrl);
  // With --json the outcome of each version goes into one document at the end instead of a line now.
  const outcomes: { subject: string; version: number; id: number; outcome: VersionOutcome }[] = [];
  const tell = (version: SchemaVersion, outcome: VersionOutcome, line: string) => {
    if (options.json) outcomes.push({ subject: version.subject, version: version.version, id: version.id, outcome });
    else io.out(line);
  };
  const bySubject = new Map<string, SchemaVersion[]>();
  for (const version of catalog.versions) bySubject.set(version.subject, [...(bySubject.get(version.subject) ?? []), version]);
  let registered = 0;
  let present = 0;
  let conflicts = 0;
  for (const [subject, versions] of bySubject) {
    const missing: SchemaVersion[] = [];
    let clash = false;
    for (const version of versions.sort((a, b) => a.version - b.version)) {
      const there = await registry.schemaById(version.id);
      if (there === undefined) missing.push(version);
      else if (isDeepStrictEqual(JSON.parse(there), version.schema)) {
        present += 1;
        tell(version, 'already registered', `${subject} v${version.version} id ${version.id}: already registered`);
      } else {
        conflicts += 1;
        clash = true;
        io.err(`${subject} v${version.version}: id ${version.id} holds another schema in the registry; nothing registered for ${subject}`);
        if (options.json) outcomes.push({ subject, version: version.version, id: version.id, outcome: 'conflict' });
      }
    }
    if (missing.length === 0 || clash) continue;
    if (options.dryRun) {
      for (const version of missing) tell(version, 'would be registered', `${subject} v${version.version} id ${version.id}: would be registered (${version.file})`);
      registered += missing.length;
      continue;
    }
    const mode = await registry.subjectMode(subject);
    await registry.setSubjectMode(subject, 'IMPORT');
    try {
      for (const version of missing) {
        await registry.importVersion(subject, JSON.stringify(version.schema), version.id, version.version);
        registered += 1;
        tell(version, 'registered', `${subject} v${version.version} id ${version.id}: registered`);
      }
    } finally {
      // Back to what the subject had, so producers that register their own schemas keep working.
      if (mode === undefined) await registry.clearSubjectMode(subject);
      else await registry.setSubjectMode(subject, mode);
    }
  }
  if (options.json) io.out(JSON.stringify({ dryRun: options.dryRun, registered, alreadyRegistered: present, conflicts, versions: outcomes }));
  else io.out(`${options.dryRun ? 'would register' : 'registered'} ${registered}, already registered ${present}, conflicts ${conflicts}`);
  return conflicts > 0 ? 2 : 0;
}
