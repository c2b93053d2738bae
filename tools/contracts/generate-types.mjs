#!/usr/bin/env node
// Derives libs/contracts/src/generated/types.ts from the current .avsc files, which stay the
// single source of truth. Run `npm run contracts:generate` after editing a schema; with
// `--stdout` the output is printed instead of written (the drift test compares it with the
// committed file, so types can never silently disagree with the schemas).
//
// Mapping: long/int/float/double -> number (timestamp-millis stays a plain number: no logical
// types are registered), bytes/fixed -> Buffer, map -> Record<string, T>, nullable -> T | null,
// enum -> union of string literals, named records -> exported interfaces (shared names such as
// Entity must be identical in every schema that declares them).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const schemasDir = path.join(repoRoot, 'libs/contracts/schemas');
const outFile = path.join(repoRoot, 'libs/contracts/src/generated/types.ts');

const HEADER = [
  '// GENERATED FILE, do not edit: derived from libs/contracts/schemas/*.avsc by',
  '// tools/contracts/generate-types.mjs. Run `npm run contracts:generate` after changing a schema.',
  '',
].join('\n');

function shortName(fullName) {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function docComment(doc, indent) {
  if (!doc) return '';
  return `${indent}/** ${doc.replace(/\*\//g, '*\\/')} */\n`;
}

class Emitter {
  constructor() {
    this.blocks = new Map(); // interface or alias name -> emitted text
  }

  /** Returns the TypeScript type expression for an avsc Type, emitting named types on the way. */
  typeExpr(type) {
    switch (type.typeName) {
      case 'null':
        return 'null';
      case 'boolean':
        return 'boolean';
      case 'int':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'string':
        return 'string';
      case 'bytes':
      case 'fixed':
        return 'Buffer';
      case 'array': {
        const item = this.typeExpr(type.itemsType);
        return /[|&\s]/.test(item) ? `Array<${item}>` : `${item}[]`;
      }
      case 'map':
        return `Record<string, ${this.typeExpr(type.valuesType)}>`;
      case 'enum':
        return this.named(type, `export type ${shortName(type.name)} = ${type.symbols.map((s) => `'${s}'`).join(' | ')};\n`);
      case 'record':
      case 'error':
        return this.record(type);
      case 'union:unwrapped':
      case 'union:wrapped':
        // `T | null` reads better than the Avro order `null | T`.
        return type.types
          .map((t) => this.typeExpr(t))
          .sort((a, b) => Number(a === 'null') - Number(b === 'null'))
          .join(' | ');
      default:
        if (type.underlyingType) return this.typeExpr(type.underlyingType);
        throw new Error(`generate-types: unsupported Avro type ${type.typeName}`);
    }
  }

  record(type) {
    const name = shortName(type.name);
    const existing = this.blocks.get(name);
    if (existing === null) return name; // recursive reference to a record being emitted
    if (existing === undefined) this.blocks.set(name, null); // reserve the slot: parents before nested types
    const text = this.renderRecord(type);
    if (existing !== undefined && existing !== text) {
      throw new Error(`generate-types: record ${name} is declared differently in two schemas; rename one`);
    }
    this.blocks.set(name, text);
    return name;
  }

  renderRecord(type) {
    const fields = type.fields
      .map((f) => `${docComment(f.doc, '  ')}  ${f.name}: ${this.typeExpr(f.type)};\n`)
      .join('');
    return `${docComment(type.doc, '')}export interface ${shortName(type.name)} {\n${fields}}\n`;
  }

  named(type, text) {
    const name = shortName(type.name);
    const existing = this.blocks.get(name);
    if (existing === undefined) this.blocks.set(name, text);
    else if (existing !== null && existing !== text) {
      throw new Error(`generate-types: type ${name} is declared differently in two schemas; rename one`);
    }
    return name;
  }

  render() {
    return HEADER + [...this.blocks.values()].map((b) => `\n${b}`).join('');
  }
}

export function generateTypes(dir = schemasDir) {
  const ids = JSON.parse(readFileSync(path.join(dir, 'schema-ids.json'), 'utf8'));
  const emitter = new Emitter();
  for (const entry of Object.values(ids.schemas)) {
    const schema = JSON.parse(readFileSync(path.join(dir, `${entry.file}.avsc`), 'utf8'));
    emitter.typeExpr(avro.Type.forSchema(schema));
  }
  return emitter.render();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const output = generateTypes();
  if (process.argv.includes('--stdout')) process.stdout.write(output);
  else {
    writeFileSync(outFile, output);
    console.log(`wrote ${path.relative(repoRoot, outFile)}`);
  }
}
